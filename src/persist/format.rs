//! RON text ⇄ [`Workspace`]: the format version, the layout, and where a version is written.
//! Depends on the model, `ron`, [`super::error`] and [`super::migrate`]; never on files.
//!
//! The model's serde attributes are the whole schema: `ron` reads and writes every file.
//! The text is deterministic (struct names, the model's field order, sorted maps, defaults
//! left out, `\n` newlines, a final newline), so a file `moments` wrote loads and saves
//! back byte for byte and git diffs show only real changes.

use ron::extensions::Extensions;
use ron::ser::PrettyConfig;

use super::error::{LoadError, LoadErrorKind, line_col};
use super::migrate;
use crate::model::{CURRENT_FORMAT, Workspace};

/// Nesting deeper than any real workspace; stops hostile input from exhausting the stack.
const RECURSION_LIMIT: usize = 64;

/// How `ron` reads and writes files: `Some(…)` left out, nesting bounded.
fn options() -> ron::Options {
    ron::Options::default()
        .with_default_extension(Extensions::IMPLICIT_SOME)
        .with_recursion_limit(RECURSION_LIMIT)
}

fn pretty() -> PrettyConfig {
    // Depth 3 keeps the workspace, its lists and each item one field per line, and writes
    // the small things inside an item (owners, KPIs, ratings) on one line, as in DESIGN.md.
    PrettyConfig::new()
        .depth_limit(3)
        .struct_names(true)
        .new_line("\n")
        .indentor("    ")
        .escape_strings(false)
}

/// Writes a workspace as format-`CURRENT_FORMAT` RON text, whatever version it was read as.
pub fn to_ron(ws: &Workspace) -> String {
    let current;
    let ws = if ws.format == CURRENT_FORMAT {
        ws
    } else {
        // Only a workspace built by hand carries another number; loading migrates.
        current = Workspace {
            format: CURRENT_FORMAT,
            ..ws.clone()
        };
        &current
    };
    // About 780 bytes per moment in generated workshops: one allocation for most files.
    let mut text = String::with_capacity(ws.moments.len() * 800 + 4096);
    options()
        .to_writer_pretty(&mut text, ws, pretty())
        .expect("a workspace always serialises");
    text.push('\n');
    text
}

/// Reads a workspace from RON text: checks the format version, migrates older formats,
/// and gives ids to handoffs and actions written without one. References are not checked
/// here; see [`crate::model::check`].
pub fn from_ron(text: &str) -> Result<Workspace, LoadError> {
    // Editors on Windows start UTF-8 files with a byte-order mark.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(LoadError::new(LoadErrorKind::Empty));
    }
    let version = match probe_format(text) {
        Some(v) => v,
        None => probe_format_slowly(text)?,
    };
    if version > CURRENT_FORMAT {
        let err = LoadError::new(LoadErrorKind::NewerFormat {
            found: version,
            supported: CURRENT_FORMAT,
        });
        return Err(match format_field_position(text) {
            Some((line, col)) => err.at(line, col).with_source(text),
            None => err,
        });
    }
    let mut ws = migrate::read(text, version, &options())?;
    if let Some((key, at)) = duplicate_key(text) {
        let (line, col) = line_col(text, at);
        return Err(LoadError::new(LoadErrorKind::Syntax(format!(
            "the key {key} appears twice in this map; keep one"
        )))
        .at(line, col)
        .with_source(text));
    }
    ws.assign_missing_ids();
    Ok(ws)
}

/// The format version a workspace text says it is written in, read the way loading
/// reads it; for `moments check` and `moments migrate` to say what loading will do.
pub fn version_of(text: &str) -> Result<u32, LoadError> {
    match probe_format(text) {
        Some(v) => Ok(v),
        None => probe_format_slowly(text),
    }
}

/// Finds `format: N` as the first field of the top-level struct without parsing the file,
/// which is how `moments` writes it. `None` when the file is laid out some other way.
fn probe_format(text: &str) -> Option<u32> {
    let rest = skip_trivia(text);
    let rest = rest.strip_prefix("Workspace").unwrap_or(rest);
    let rest = skip_trivia(rest).strip_prefix('(')?;
    let rest = skip_trivia(rest).strip_prefix("format")?;
    let rest = skip_trivia(rest).strip_prefix(':')?;
    let rest = skip_trivia(rest);
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 9 {
        return None;
    }
    let after = rest[digits..].chars().next();
    if after.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.') {
        return None;
    }
    rest[..digits].parse().ok()
}

/// The format field wherever it is: parse just enough to find it.
fn probe_format_slowly(text: &str) -> Result<u32, LoadError> {
    #[derive(serde::Deserialize)]
    #[serde(rename = "Workspace")]
    struct Probe {
        format: Option<i64>,
    }
    let probe: Probe = options()
        .from_str(text)
        .map_err(|e| LoadError::from_ron(&e, text))?;
    match probe.format {
        None => Err(LoadError::new(LoadErrorKind::MissingFormat)),
        Some(v) if v < 0 || v > i64::from(u32::MAX) => {
            Err(LoadError::new(LoadErrorKind::UnknownFormat { found: 0 }))
        }
        Some(v) => Ok(v as u32),
    }
}

/// Where the `format` field is written, for messages about the version.
fn format_field_position(text: &str) -> Option<(usize, usize)> {
    let at = text.match_indices("format").map(|(i, _)| i).find(|&i| {
        let before = text[..i].trim_end();
        (before.ends_with('(') || before.ends_with(','))
            && text[i + "format".len()..].trim_start().starts_with(':')
    })?;
    Some(line_col(text, at))
}

/// Skips white space and comments.
fn skip_trivia(mut s: &str) -> &str {
    loop {
        s = s.trim_start();
        if let Some(rest) = s.strip_prefix("//") {
            s = rest.find('\n').map_or("", |i| &rest[i..]);
        } else if let Some(rest) = s.strip_prefix("/*") {
            match rest.find("*/") {
                Some(i) => s = &rest[i + 2..],
                None => return s,
            }
        } else if s.starts_with("#![") {
            match s.find(']') {
                Some(i) => s = &s[i + 1..],
                None => return s,
            }
        } else {
            return s;
        }
    }
}

/// One open bracket while looking for repeated keys: a map (its keys so far, where the
/// key being read starts, whether a key comes next) or a struct, tuple or list.
enum Open {
    Map {
        keys: std::collections::HashSet<String>,
        key_from: Option<usize>,
        expect_key: bool,
    },
    Other,
}

impl Open {
    /// A token at `at`: the start of a key when this map waits for one.
    fn token(&mut self, at: usize) {
        if let Open::Map {
            key_from: key_from @ None,
            expect_key: true,
            ..
        } = self
        {
            *key_from = Some(at);
        }
    }
}

/// Finds a key written twice in one map (`{"G1": Bad, "G1": Good}`), which `ron` would
/// read as the last one silently: the key as written and the byte offset of its second
/// writing. Strings, characters and comments are skipped, so only real keys count.
fn duplicate_key(text: &str) -> Option<(String, usize)> {
    let bytes = text.as_bytes();
    let mut stack: Vec<Open> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let start = i;
        match bytes[i] {
            b' ' | b'\t' | b'\n' | b'\r' => i += 1,
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                i = text[i..].find('\n').map_or(bytes.len(), |n| i + n);
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => i = skip_block_comment(bytes, i),
            b @ (b'{' | b'(' | b'[') => {
                // A bracket that opens a key (a tuple as a key) is part of that key.
                if let Some(top) = stack.last_mut() {
                    top.token(start);
                }
                stack.push(if b == b'{' {
                    Open::Map {
                        keys: std::collections::HashSet::new(),
                        key_from: None,
                        expect_key: true,
                    }
                } else {
                    Open::Other
                });
                i += 1;
            }
            b'}' | b')' | b']' => {
                stack.pop();
                i += 1;
            }
            b',' => {
                if let Some(Open::Map {
                    expect_key,
                    key_from,
                    ..
                }) = stack.last_mut()
                {
                    *expect_key = true;
                    *key_from = None;
                }
                i += 1;
            }
            b':' => {
                if let Some(Open::Map {
                    keys,
                    key_from,
                    expect_key,
                }) = stack.last_mut()
                    && *expect_key
                    && let Some(from) = key_from.take()
                {
                    *expect_key = false;
                    let key = text[from..i].trim();
                    if !keys.insert(key.to_owned()) {
                        return Some((key.to_owned(), from));
                    }
                }
                i += 1;
            }
            b => {
                i = match b {
                    b'"' => skip_quoted(bytes, i),
                    b'\'' => skip_quoted(bytes, i),
                    c if c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80 => {
                        let mut end = i;
                        while end < bytes.len()
                            && (bytes[end].is_ascii_alphanumeric()
                                || matches!(bytes[end], b'_' | b'.' | b'+' | b'-')
                                || bytes[end] >= 0x80)
                        {
                            end += 1;
                        }
                        match (&bytes[i..end], bytes.get(end)) {
                            (b"b", Some(b'"')) => skip_quoted(bytes, end),
                            (b"r" | b"br", Some(b'"' | b'#')) => skip_raw(bytes, end),
                            _ => end,
                        }
                    }
                    _ => i + 1,
                };
                if let Some(top) = stack.last_mut() {
                    top.token(start);
                }
            }
        }
    }
    None
}

/// The end of a string or character starting with the quote at `at`.
fn skip_quoted(bytes: &[u8], at: usize) -> usize {
    let quote = bytes[at];
    let mut i = at + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b if b == quote => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

/// The end of a raw string `r#"…"#` whose hashes (or quote) start at `at`.
fn skip_raw(bytes: &[u8], at: usize) -> usize {
    let hashes = bytes[at..].iter().take_while(|&&b| b == b'#').count();
    let open = at + hashes;
    if bytes.get(open) != Some(&b'"') {
        return open;
    }
    let mut i = open + 1;
    while i < bytes.len() {
        if bytes[i] == b'"'
            && bytes.len() > i + hashes
            && bytes[i + 1..=i + hashes].iter().all(|&b| b == b'#')
        {
            return i + 1 + hashes;
        }
        i += 1;
    }
    bytes.len()
}

/// The end of a block comment starting at `at` (they nest, as in Rust).
fn skip_block_comment(bytes: &[u8], at: usize) -> usize {
    let mut depth = 0usize;
    let mut i = at;
    while i + 1 < bytes.len() {
        match (bytes[i], bytes[i + 1]) {
            (b'/', b'*') => {
                depth += 1;
                i += 2;
            }
            (b'*', b'/') => {
                depth -= 1;
                i += 2;
                if depth == 0 {
                    return i;
                }
            }
            _ => i += 1,
        }
    }
    bytes.len()
}

/// Checks the raw bytes of a file before parsing: empty, binary, not UTF-8.
pub fn decode(bytes: &[u8]) -> Result<&str, LoadError> {
    sniff(bytes)?;
    utf8(bytes)
}

/// The empty and binary checks of [`decode`], without the UTF-8 one.
pub(crate) fn sniff(bytes: &[u8]) -> Result<(), LoadError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(LoadError::new(LoadErrorKind::Empty));
    }
    let head = &bytes[..bytes.len().min(8192)];
    let controls = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t'))
        .count();
    if head.contains(&0) || controls * 20 > head.len() {
        return Err(LoadError::new(LoadErrorKind::Binary));
    }
    Ok(())
}

fn utf8(bytes: &[u8]) -> Result<&str, LoadError> {
    std::str::from_utf8(bytes).map_err(|e| {
        let valid = String::from_utf8_lossy(&bytes[..e.valid_up_to()]);
        let (line, col) = line_col(&valid, valid.len());
        LoadError::new(LoadErrorKind::InvalidUtf8).at(line, col)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn probes_the_format_field() {
        assert_eq!(probe_format("Workspace(format: 1, title: \"x\")"), Some(1));
        assert_eq!(
            probe_format("// c\n#![enable(implicit_some)]\n(\n  format : 12,"),
            Some(12)
        );
        assert_eq!(probe_format("Workspace(title: \"x\", format: 1)"), None);
        assert_eq!(probe_format("Workspace(format: 1.5)"), None);
    }

    #[test]
    fn format_elsewhere_is_found_by_parsing() {
        let ws = from_ron("Workspace(title: \"x\", format: 1)").unwrap();
        assert_eq!(ws.title, "x");
    }

    #[test]
    fn the_format_field_is_found_for_messages() {
        assert_eq!(
            format_field_position("Workspace(\n    title: \"format\",\n    format: 2,\n)"),
            Some((3, 5))
        );
    }

    #[test]
    fn a_key_written_twice_in_a_map_is_an_error_with_its_line() {
        let text = "{\n  \"G1\": Bad,\n  \"G1\": Good,\n}";
        assert_eq!(duplicate_key(text), Some(("\"G1\"".into(), 17)));
        // Maps in maps, keys in strings and comments, tuples as keys, raw strings.
        assert_eq!(
            duplicate_key("{\"a\": {\"a\": 1}, \"b\": {\"a\": 2}}"),
            None
        );
        assert_eq!(
            duplicate_key("{\"a\": \"x, \\\"a\\\": y\", /* \"a\": */ \"b\": 1}"),
            None
        );
        assert_eq!(duplicate_key("{(1, 2): a, (1, 3): b}"), None);
        assert!(duplicate_key("{(1, 2): a, (1, 2): b}").is_some());
        assert_eq!(duplicate_key("{r#\"a\":\"#: 1, \"a\": 2}"), None);
        assert!(duplicate_key("// {\n[{'a': 1, 'a': 2}]").is_some());
        assert_eq!(duplicate_key("S(a: 1, b: [1, 2], c: {})"), None);
    }

    #[test]
    fn a_byte_order_mark_is_skipped() {
        let ws = from_ron("\u{feff}Workspace(format: 1, title: \"x\")").unwrap();
        assert_eq!(ws.title, "x");
    }
}
