//! RON text ⇄ [`Workspace`]: the format version, migrations, and clear load errors.
//!
//! The writer is deterministic (struct names, stable field order, sorted maps, defaults
//! left out, `\n` newlines, a final newline), so a file `moments` wrote loads and saves
//! back byte for byte and git diffs show only real changes.

use ron::extensions::Extensions;
use ron::ser::PrettyConfig;

use super::error::{LoadError, LoadErrorKind};
use crate::model::{CURRENT_FORMAT, Workspace};

/// Files larger than this are refused before they are read.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Nesting deeper than any real workspace; stops hostile input from exhausting the stack.
const RECURSION_LIMIT: usize = 64;

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

/// Writes a workspace as format-`CURRENT_FORMAT` RON text.
pub fn to_ron(ws: &Workspace) -> String {
    let mut text = String::with_capacity(ws.moments.len() * 800 + 4096);
    super::writer::write_workspace(&mut text, ws, CURRENT_FORMAT);
    text.push('\n');
    text
}

/// The same text as [`to_ron`], made by `ron`'s own serializer: the reference the direct
/// writer is tested against.
#[doc(hidden)]
pub fn to_ron_with_serde(ws: &Workspace) -> String {
    let mut current;
    let ws = if ws.format == CURRENT_FORMAT {
        ws
    } else {
        current = ws.clone();
        current.format = CURRENT_FORMAT;
        &current
    };
    let mut text = options()
        .to_string_pretty(ws, pretty())
        .expect("a workspace always serialises");
    text.push('\n');
    text
}

/// Reads a workspace from RON text: checks the format version, migrates older formats,
/// and gives ids to handoffs and actions written without one. References are not checked
/// here; see [`crate::model::check`].
pub fn from_ron(text: &str) -> Result<Workspace, LoadError> {
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
    let mut ws = if version == CURRENT_FORMAT {
        // The direct reader takes the text `moments` writes; anything else, errors
        // included, is `ron`'s to read and report.
        match super::reader::read(text) {
            Some(ws) => ws,
            None => from_ron_with_serde(text)?,
        }
    } else {
        migrate(text, version)?
    };
    ws.assign_missing_ids();
    Ok(ws)
}

/// The current format read by `ron` alone: what [`from_ron`] falls back to when the direct
/// reader declines, and the reference the reader is tested against. No migration, no ids
/// assigned.
#[doc(hidden)]
pub fn from_ron_with_serde(text: &str) -> Result<Workspace, LoadError> {
    options()
        .from_str::<Workspace>(text)
        .map_err(|e| LoadError::from_ron(&e, text))
}

/// The current format read by the direct reader alone (`None` where it declines and
/// [`from_ron`] would ask `ron`). No migration, no ids assigned.
#[doc(hidden)]
pub fn from_ron_direct(text: &str) -> Option<Workspace> {
    super::reader::read(text)
}

/// Older formats, each a step to the next. Format 1 is the first released format, so the
/// chain is empty; format 2 will add `(1, step_1_to_2)` here and a frozen fixture.
type Step = fn(ron::Value) -> Result<ron::Value, String>;
const MIGRATIONS: &[(u32, Step)] = &[];

fn migrate(text: &str, version: u32) -> Result<Workspace, LoadError> {
    let first = MIGRATIONS.first().map(|(v, _)| *v);
    if first.is_none_or(|first| version < first) {
        return Err(LoadError::new(LoadErrorKind::UnknownFormat {
            found: version,
        }));
    }
    let mut value: ron::Value = options()
        .from_str(text)
        .map_err(|e| LoadError::from_ron(&e, text))?;
    for (from, step) in MIGRATIONS.iter().filter(|(from, _)| *from >= version) {
        value = step(value).map_err(|message| {
            LoadError::new(LoadErrorKind::Migration {
                from: *from,
                message,
            })
        })?;
    }
    value.into_rust::<Workspace>().map_err(|e| {
        LoadError::new(LoadErrorKind::Migration {
            from: version,
            message: e.to_string(),
        })
    })
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
    let line = text[..at].matches('\n').count() + 1;
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    Some((line, text[line_start..at].chars().count() + 1))
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
        let valid = &bytes[..e.valid_up_to()];
        let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = valid.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        let col = String::from_utf8_lossy(&valid[line_start..])
            .chars()
            .count()
            + 1;
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
}
