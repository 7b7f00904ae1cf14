//! What text a document may hold: no terminal controls, no bidirectional overrides.
//! Shared by typing, pasting, importing and every export; knows nothing of terminals.

/// Keeps text safe to store and to show: no control characters (except newlines
/// where `multiline`), no bidirectional overrides that could disguise text.
pub fn sanitize(s: &str, multiline: bool) -> String {
    s.chars()
        .filter_map(|c| match c {
            '\n' if multiline => Some('\n'),
            '\t' => Some(' '),
            '\r' => None,
            c if c.is_control() => None,
            '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' => None,
            c => Some(c),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sanitizes_controls_and_bidi() {
        assert_eq!(sanitize("a\u{1b}[31mb\u{202E}c\td", false), "a[31mbc d");
        assert_eq!(sanitize("a\nb", true), "a\nb");
        assert_eq!(sanitize("a\nb", false), "ab");
    }
}
