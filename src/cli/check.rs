//! `moments check FILE...`: parse errors as `FILE:LINE:COL: error: …` with the line shown,
//! findings one per line with the item id and the rule, or JSON for machines.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde_json::json;

use super::exit;
use crate::model::{self, Finding, Severity, check::has_problems};
use crate::persist::LoadError;
use crate::persist::file::{find_items, read_with_text};

#[derive(Clone, Debug, clap::Args)]
pub struct Args {
    /// Workspace files to check.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
}

/// The outcome for one file.
enum Outcome {
    Unreadable(LoadError),
    Checked {
        /// The format the file is written in; older ones are migrated when saved.
        format: u32,
        findings: Vec<Finding>,
        positions: Vec<Option<(usize, usize)>>,
    },
}

fn check_file(path: &Path) -> Outcome {
    match read_with_text(path) {
        Err(e) => Outcome::Unreadable(e),
        Ok((ws, text)) => {
            // The text loaded, so its version reads.
            let format = crate::persist::version_of(&text).unwrap_or(model::CURRENT_FORMAT);
            let findings = model::check(&ws);
            drop(ws);
            let keys: Vec<&model::ItemKey> = findings.iter().map(|f| &f.item).collect();
            let positions = find_items(&text, &keys);
            Outcome::Checked {
                format,
                findings,
                positions,
            }
        }
    }
}

pub fn run(args: &Args) -> u8 {
    let mut code = exit::OK;
    let mut json_files = Vec::new();
    let mut out = io::BufWriter::new(io::stdout().lock());
    for path in &args.files {
        let outcome = check_file(path);
        match &outcome {
            Outcome::Unreadable(_) => code = exit::UNREADABLE,
            Outcome::Checked { findings, .. } => {
                if has_problems(findings) && code == exit::OK {
                    code = exit::PROBLEMS;
                }
            }
        }
        match args.format {
            // A closed pipe (`moments check … | head`) is not an error of the check.
            Format::Text => {
                let _ = print_text(&mut out, path, &outcome);
            }
            Format::Json => json_files.push(to_json(path, &outcome)),
        }
    }
    if args.format == Format::Json {
        let doc = json!({ "files": json_files });
        let _ = writeln!(
            out,
            "{}",
            super::out::json(&serde_json::to_string_pretty(&doc).expect("JSON values serialise"))
        );
    }
    let _ = out.flush();
    code
}

fn print_text(out: &mut impl Write, path: &Path, outcome: &Outcome) -> io::Result<()> {
    match outcome {
        Outcome::Unreadable(e) => {
            let _ = out.flush();
            eprintln!("{}", super::out::safe(&e.to_string()));
        }
        Outcome::Checked {
            format,
            findings,
            positions,
        } => {
            if *format < model::CURRENT_FORMAT {
                writeln!(
                    out,
                    "{}: note: format {format}; it will be migrated to format {} when saved \
                     (`moments migrate {}` does it now, keeping a backup)",
                    path.display(),
                    model::CURRENT_FORMAT,
                    path.display()
                )?;
            }
            for (f, pos) in findings.iter().zip(positions) {
                let place = match pos {
                    Some((line, col)) => format!("{}:{line}:{col}", path.display()),
                    None => path.display().to_string(),
                };
                let line = format!(
                    "{place}: {}[{}]: {}: {}",
                    f.severity.label(),
                    f.rule.code(),
                    f.item.id_text(),
                    f.message
                );
                writeln!(out, "{}", super::out::safe(&line))?;
            }
            let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
            let (e, w, i) = (
                count(Severity::Error),
                count(Severity::Warning),
                count(Severity::Info),
            );
            if findings.is_empty() {
                writeln!(out, "{}: ok", super::out::path(path))?;
            } else {
                writeln!(
                    out,
                    "{}: {}, {}, {}",
                    super::out::path(path),
                    plural(e, "error"),
                    plural(w, "warning"),
                    plural(i, "info")
                )?;
            }
        }
    }
    Ok(())
}

fn plural(n: usize, word: &str) -> String {
    match (n, word) {
        (1, _) | (_, "info") => format!("{n} {word}"),
        _ => format!("{n} {word}s"),
    }
}

fn item_json(key: &model::ItemKey) -> serde_json::Value {
    let kind = match key {
        model::ItemKey::Silo(_) => "silo",
        model::ItemKey::Segment(_) => "segment",
        model::ItemKey::Stage(_) => "stage",
        model::ItemKey::Moment(_) => "moment",
        model::ItemKey::Handoff(_) => "handoff",
        model::ItemKey::Proposition(_) => "proposition",
        model::ItemKey::Term(_) => "term",
        model::ItemKey::Action(_) => "action",
        model::ItemKey::Parking(_) => "parking",
        model::ItemKey::Agenda(_) => "agenda",
        model::ItemKey::Competitor(_) => "competitor",
    };
    json!({ "kind": kind, "id": key.id_text() })
}

fn to_json(path: &Path, outcome: &Outcome) -> serde_json::Value {
    match outcome {
        Outcome::Unreadable(e) => json!({
            "file": path.display().to_string(),
            "ok": false,
            "error": {
                "line": e.position.map(|p| p.0),
                "column": e.position.map(|p| p.1),
                "message": e.message(),
            },
        }),
        Outcome::Checked {
            format,
            findings,
            positions,
        } => json!({
            "file": path.display().to_string(),
            "ok": !has_problems(findings),
            "format": format,
            "migrates_to": (*format < model::CURRENT_FORMAT).then_some(model::CURRENT_FORMAT),
            "findings": findings.iter().zip(positions).map(|(f, pos)| json!({
                "severity": f.severity,
                "rule": f.rule,
                "item": item_json(&f.item),
                "message": f.message,
                "line": pos.map(|p| p.0),
                "column": pos.map(|p| p.1),
            })).collect::<Vec<_>>(),
        }),
    }
}
