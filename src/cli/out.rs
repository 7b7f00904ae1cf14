//! What the command line prints, made safe in one place: text that came from a file or a
//! CSV (titles, quoted lines, paths) never carries a terminal control, an escape sequence
//! or a direction override to the user's terminal (`check`, `diff` also as git's diff
//! driver, `import`, `merge`, `new`).

use std::fmt::Write as _;
use std::path::Path;

use crate::model::text::sanitize;

/// Text for a terminal: controls (C0, DEL, C1, so `ESC ] 0`, `ESC [ 2 J`, OSC 52) and
/// bidirectional overrides are dropped; newlines stay.
pub fn safe(text: &str) -> String {
    sanitize(text, true)
}

/// A path for a terminal (file names may hold controls too).
pub fn path(p: &Path) -> String {
    sanitize(&p.display().to_string(), false)
}

/// JSON for a terminal: still the same JSON (nothing is lost), but the characters a
/// terminal would act on are written as `\uXXXX` escapes. `serde_json` escapes C0 only.
pub fn json(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if sanitize(c.encode_utf8(&mut [0; 4]), true).is_empty() && c != '\r' && c != '\t' {
            let _ = write!(out, "\\u{:04x}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_a_terminal_acts_on_is_printed() {
        let hostile =
            "a\u{1b}]0;title\u{7}b\u{1b}[2Jc\u{1b}]52;c;ZXZpbA==\u{7}\u{9b}31m\u{202e}d\ne";
        assert_eq!(safe(hostile), "a]0;titleb[2Jc]52;c;ZXZpbA==31md\ne");
        let json = json(&serde_json::to_string(&hostile).unwrap());
        assert!(json.chars().all(|c| !c.is_control() && c != '\u{202e}'));
        let back: String = serde_json::from_str(&json).unwrap();
        assert_eq!(back, hostile);
    }
}
