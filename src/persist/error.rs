//! Typed load and save errors that say what happened, where, and what to do.
//! Depends on the model's findings only: the other persist modules use it, never the
//! other way round.
//!
//! Shown as `FILE:LINE:COL: error: message` with the offending line underneath, the way
//! compilers report, so editors and terminals can jump to the spot.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::model::Finding;

/// What went wrong while reading a workspace.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LoadErrorKind {
    /// The file could not be read at all.
    Io(String),
    TooLarge {
        bytes: u64,
        limit: u64,
    },
    Empty,
    Binary,
    InvalidUtf8,
    /// The text stops before the workspace is complete.
    Truncated,
    Syntax(String),
    /// A value of the right type that a field cannot hold (a date that is not a calendar
    /// date, a number that is not finite), in the model's own words.
    BadValue(String),
    WrongType {
        expected: String,
        found: String,
    },
    UnknownVariant {
        found: String,
        expected: Vec<String>,
        within: Option<String>,
    },
    UnknownField {
        found: String,
        expected: Vec<String>,
        within: Option<String>,
    },
    MissingField {
        field: String,
        within: Option<String>,
    },
    DuplicateField {
        field: String,
        within: Option<String>,
    },
    WrongStructName {
        expected: String,
        found: String,
    },
    TooDeep,
    MissingFormat,
    NewerFormat {
        found: u32,
        supported: u32,
    },
    UnknownFormat {
        found: u32,
    },
    Migration {
        from: u32,
        message: String,
    },
    /// The file parses, but items refer to ids that do not exist or share ids.
    Integrity {
        first: Box<Finding>,
        others: usize,
    },
}

/// A workspace that could not be loaded: what, in which file, and where in it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadError {
    pub path: Option<PathBuf>,
    pub kind: LoadErrorKind,
    /// 1-based line and column, where the problem has a place.
    pub position: Option<(usize, usize)>,
    /// The offending line of the file, shown under the message.
    pub line_text: Option<String>,
}

impl std::error::Error for LoadError {}

impl LoadError {
    pub fn new(kind: LoadErrorKind) -> Self {
        Self {
            path: None,
            kind,
            position: None,
            line_text: None,
        }
    }

    pub fn at(mut self, line: usize, col: usize) -> Self {
        self.position = Some((line, col));
        self
    }

    pub fn in_file(mut self, path: &Path) -> Self {
        self.path = Some(path.to_path_buf());
        self
    }

    /// Quotes the offending line from `text`, when the error has a position.
    pub fn with_source(mut self, text: &str) -> Self {
        if let Some((line, _)) = self.position {
            self.line_text = text
                .lines()
                .nth(line.saturating_sub(1))
                .map(|l| l.chars().take(200).collect());
        }
        self
    }

    pub(crate) fn from_ron(err: &ron::error::SpannedError, text: &str) -> Self {
        use ron::Error as E;
        let names = |list: &[&str]| list.iter().map(|s| (*s).to_owned()).collect();
        let kind = match &err.code {
            E::Eof => LoadErrorKind::Truncated,
            E::ExceededRecursionLimit => LoadErrorKind::TooDeep,
            E::InvalidValueForType { expected, found } => LoadErrorKind::WrongType {
                expected: expected.clone(),
                found: found.clone(),
            },
            E::NoSuchEnumVariant {
                expected,
                found,
                outer,
            } => LoadErrorKind::UnknownVariant {
                found: found.clone(),
                expected: names(expected),
                within: outer.clone(),
            },
            E::NoSuchStructField {
                expected,
                found,
                outer,
            } => LoadErrorKind::UnknownField {
                found: found.clone(),
                expected: names(expected),
                within: outer.clone(),
            },
            E::MissingStructField { field, outer } => LoadErrorKind::MissingField {
                field: (*field).to_owned(),
                within: outer.clone(),
            },
            E::DuplicateStructField { field, outer } => LoadErrorKind::DuplicateField {
                field: (*field).to_owned(),
                within: outer.clone(),
            },
            E::ExpectedDifferentStructName { expected, found } => LoadErrorKind::WrongStructName {
                expected: (*expected).to_owned(),
                found: found.clone(),
            },
            E::IntegerOutOfBounds => LoadErrorKind::WrongType {
                expected: "a smaller number".into(),
                found: "a number out of range".into(),
            },
            E::ExpectedArray => wrong_type("a list `[…]`", err, text),
            E::ExpectedBoolean => wrong_type("`true` or `false`", err, text),
            E::ExpectedFloat => wrong_type("a number", err, text),
            E::ExpectedInteger => wrong_type("a whole number", err, text),
            E::ExpectedMap => wrong_type("a map `{…}`", err, text),
            E::ExpectedString => wrong_type("a text in double quotes", err, text),
            E::ExpectedStructLike => wrong_type("a structure `(…)`", err, text),
            E::ExpectedNamedStructLike(name) => wrong_type(&format!("`{name}(…)`"), err, text),
            E::ExpectedUnit => wrong_type("`()`", err, text),
            // An enum value written as text (`channel: "Web"`) is a wrong type, not syntax.
            E::ExpectedIdentifier => match wrong_type("a name without quotes", err, text) {
                LoadErrorKind::WrongType { found, .. } if found.starts_with('`') => {
                    LoadErrorKind::Syntax(err.code.to_string())
                }
                kind => kind,
            },
            // Only the model's own checks (dates, finite numbers) raise custom messages.
            E::Message(message) => LoadErrorKind::BadValue(message.clone()),
            other => LoadErrorKind::Syntax(other.to_string()),
        };
        let ron::error::Position { line, col } = err.span.start;
        // ron reports missing fields at the closing parenthesis; that is where to add them.
        LoadError::new(kind)
            .at(line.max(1), col.max(1))
            .with_source(text)
    }

    /// The message alone, without file and position.
    pub fn message(&self) -> String {
        use LoadErrorKind as K;
        let within = |w: &Option<String>| match w {
            Some(w) => format!(" in {w}"),
            None => String::new(),
        };
        match &self.kind {
            K::Io(message) => message.clone(),
            K::TooLarge { bytes, limit } => format!(
                "the file is {:.1} MiB; workspaces over {} MiB are refused",
                *bytes as f64 / 1048576.0,
                limit / 1048576
            ),
            K::Empty => "the file is empty; a workspace starts with `Workspace(format: 1, …)` \
                         (`moments new FILE` makes one)"
                .into(),
            K::Binary => "this is a binary file, not a workspace (RON text)".into(),
            K::InvalidUtf8 => "the text is not valid UTF-8; save the file as UTF-8".into(),
            K::Truncated => "the file ends before the workspace is complete; it looks \
                             truncated (the previous version may be in the .bak file)"
                .into(),
            K::Syntax(message) => format!("syntax error: {}", lowercase_first(message)),
            K::BadValue(message) => message.clone(),
            K::WrongType { expected, found } => format!("expected {expected}, found {found}"),
            K::UnknownVariant {
                found,
                expected,
                within: w,
            } => format!(
                "unknown value `{found}`{}; expected one of: {}",
                within(w),
                expected.join(", ")
            ),
            K::UnknownField {
                found,
                expected,
                within: w,
            } => format!(
                "unknown field `{found}`{}; expected one of: {}",
                within(w),
                expected.join(", ")
            ),
            K::MissingField { field, within: w } => {
                format!("missing field `{field}`{}", within(w))
            }
            K::DuplicateField { field, within: w } => {
                format!("field `{field}` appears twice{}", within(w))
            }
            K::WrongStructName { expected, found } => {
                format!("expected `{expected}(…)`, found `{found}(…)`")
            }
            K::TooDeep => "the file is nested too deeply to be a workspace".into(),
            K::MissingFormat => "no `format` field: a workspace starts with \
                                 `Workspace(format: 1, …)`"
                .into(),
            K::NewerFormat { found, supported } => format!(
                "this workspace is format {found}, written by a newer moments; this version \
                 reads format {supported} and older. Upgrade moments to open it; the file was \
                 not changed"
            ),
            K::UnknownFormat { found } => format!(
                "format {found} is not a moments workspace format (this version reads 1 to {})",
                crate::model::CURRENT_FORMAT
            ),
            K::Migration { from, message } => {
                format!("could not upgrade the workspace from format {from}: {message}")
            }
            K::Integrity { first, others } => {
                let more = match others {
                    0 => String::new(),
                    1 => " (and 1 more problem: run `moments check` for all)".into(),
                    n => format!(" (and {n} more problems: run `moments check` for all)"),
                };
                format!("{}{more}", first.message)
            }
        }
    }
}

/// A value of the wrong kind: what was expected, and what the file has at that spot.
fn wrong_type(expected: &str, err: &ron::error::SpannedError, text: &str) -> LoadErrorKind {
    let ron::error::Position { line, col } = err.span.start;
    let rest = text
        .lines()
        .nth(line.saturating_sub(1))
        .map(|l| l.chars().skip(col.saturating_sub(1)).collect::<String>())
        .unwrap_or_default();
    let rest = rest.trim_start();
    let found = match rest.chars().next() {
        None => "the end of the line".to_owned(),
        Some('"') => "a text".to_owned(),
        Some('r') if rest[1..].starts_with(['"', '#']) => "a text".to_owned(),
        Some(c) if c.is_ascii_digit() || c == '-' || c == '+' || c == '.' => "a number".to_owned(),
        Some('[') => "a list".to_owned(),
        Some('{') => "a map".to_owned(),
        Some('(') => "a structure".to_owned(),
        Some(c) if c.is_alphabetic() || c == '_' => {
            let word: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            format!("`{word}`")
        }
        Some(c) => format!("`{c}`"),
    };
    LoadErrorKind::WrongType {
        expected: expected.to_owned(),
        found,
    }
}

/// Line and column (1-based, columns in characters) of byte `at` of `text`.
pub(crate) fn line_col(text: &str, at: usize) -> (usize, usize) {
    let before = &text[..at];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (
        before.matches('\n').count() + 1,
        before[line_start..].chars().count() + 1,
    )
}

fn lowercase_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(path) = &self.path {
            write!(f, "{}:", path.display())?;
        }
        if let Some((line, col)) = self.position {
            write!(f, "{line}:{col}:")?;
        }
        if self.path.is_some() || self.position.is_some() {
            f.write_str(" ")?;
        }
        write!(f, "error: {}", self.message())?;
        if let (Some(text), Some((line, col))) = (&self.line_text, self.position) {
            let gutter = line.to_string().len();
            let caret_pad: String = text
                .chars()
                .take(col.saturating_sub(1))
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            write!(
                f,
                "\n{:gutter$} |\n{line} | {text}\n{:gutter$} | {caret_pad}^",
                "", ""
            )?;
        }
        Ok(())
    }
}

/// What went wrong while saving. The file on disk is unchanged in every case.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    #[error("{path}: changed on disk since it was opened; not overwritten", path = .0.display())]
    ChangedOnDisk(PathBuf),
    #[error("{path}: opened read-only; not saved", path = .0.display())]
    ReadOnly(PathBuf),
    #[error("{path}: could not save: {source}", path = .path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}
