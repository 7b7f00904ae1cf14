//! `moments export`, `import`, `diff` and `merge`: thin wrappers that read files, call
//! the pure functions of [`crate::exchange`], print, write atomically, and pick the exit
//! code.

use std::path::{Path, PathBuf};

use super::exit;
use super::out::{json, path as shown, safe};
use crate::exchange::{self, ExportFormat, diff, import, merge};
use crate::model::{Workspace, check::has_errors};
use crate::persist::file::{read, read_checked, write_atomic};
use crate::persist::{Lock, WorkspaceFile, to_ron};

#[derive(Clone, Debug, clap::Args)]
pub struct ExportArgs {
    /// Workspace to export.
    pub file: PathBuf,
    /// Format: md (stakeholder report), html (printable report), csv (one row per
    /// moment), mermaid (journey diagram), json (the whole document).
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub to: ExportFormat,
    /// Write here (atomically) instead of to standard output.
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ImportFormat {
    /// Comma-separated values with a header row (the columns of `export --to csv`).
    Csv,
}

#[derive(Clone, Debug, clap::Args)]
#[command(after_help = "\
Columns are those of `moments export --to csv`; only title and stage (or stage_name) are \
required. Stages, silos and segments a row names that do not exist yet are created. \
Nothing is written unless every row is valid.

Example: moments import board.ron --from csv inventory.csv --map \"Touchpoint=title\" \
--map \"Phase=stage_name\" --map \"Comments=-\" --dry-run")]
pub struct ImportArgs {
    /// Workspace to import into; created when it does not exist.
    pub file: PathBuf,
    /// Format of the file to import.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub from: ImportFormat,
    /// The file to import.
    pub input: PathBuf,
    /// Say what would be imported, and write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Feed a column of the file into a field: COLUMN=FIELD, or COLUMN=- to ignore it.
    #[arg(long = "map", value_name = "COLUMN=FIELD")]
    pub maps: Vec<String>,
}

#[derive(Clone, Debug, clap::Args)]
#[command(after_help = "\
Exit status: 0 when the workspaces are equal, 1 when they differ, 2 when one cannot be read.

As git's diff driver: add `*.ron diff=moments` to .gitattributes and run
  git config diff.moments.command \"moments diff --git-external\"")]
pub struct DiffArgs {
    /// The older workspace.
    #[arg(required_unless_present = "git_external")]
    pub old: Option<PathBuf>,
    /// The newer workspace.
    #[arg(required_unless_present = "git_external")]
    pub new: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
    pub format: DiffFormat,
    /// Run as git's external diff command: PATH OLD-FILE OLD-HEX OLD-MODE NEW-FILE
    /// NEW-HEX NEW-MODE. Always exits 0 on success, as git expects.
    #[arg(long, num_args = 7, value_name = "ARG", hide = true, conflicts_with_all = ["old", "new"])]
    pub git_external: Option<Vec<PathBuf>>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum DiffFormat {
    Text,
    Json,
}

#[derive(Clone, Debug, clap::Args)]
#[command(after_help = "\
Exit status: 0 when merged cleanly, 1 with conflicts (OUT is still written; `moments check` \
reports each conflict as merge-conflict), 2 when an input cannot be read.

As git's merge driver: add `*.ron merge=moments` to .gitattributes and run
  git config merge.moments.driver \"moments merge %O %A %B -o %A\"")]
pub struct MergeArgs {
    /// The common ancestor.
    pub base: PathBuf,
    /// Our version.
    pub ours: PathBuf,
    /// Their version.
    pub theirs: PathBuf,
    /// Where to write the merged workspace (may be OURS).
    #[arg(short, long, value_name = "OUT")]
    pub output: PathBuf,
}

fn load(path: &Path) -> Result<Workspace, u8> {
    read(path).map(|(ws, _)| ws).map_err(|e| {
        eprintln!("{}", safe(&e.to_string()));
        exit::UNREADABLE
    })
}

pub fn run_export(args: &ExportArgs) -> u8 {
    let ws = match load(&args.file) {
        Ok(ws) => ws,
        Err(code) => return code,
    };
    let text = exchange::export(&ws, args.to);
    match &args.output {
        None => {
            print!("{text}");
            exit::OK
        }
        Some(out) => match write_atomic(out, &text) {
            Ok(()) => exit::OK,
            Err(e) => {
                eprintln!("moments: {}: could not write: {e}", shown(out));
                exit::UNREADABLE
            }
        },
    }
}

pub fn run_import(args: &ImportArgs) -> u8 {
    let mut mappings = Vec::new();
    for spec in &args.maps {
        match import::parse_mapping(spec) {
            Ok(m) => mappings.push(m),
            Err(e) => {
                eprintln!("moments: --map {}", safe(&e));
                return exit::UNREADABLE;
            }
        }
    }
    let exists = args.file.exists();
    let ws = if exists {
        match read_checked(&args.file) {
            Ok((ws, _)) => ws,
            Err(e) => {
                eprintln!("{}", safe(&e.to_string()));
                return exit::UNREADABLE;
            }
        }
    } else {
        Workspace {
            title: args
                .input
                .file_stem()
                .map_or(String::new(), |s| s.to_string_lossy().into_owned()),
            ..Workspace::default()
        }
    };
    let bytes = match std::fs::read(&args.input) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("moments: {}: {e}", shown(&args.input));
            return exit::UNREADABLE;
        }
    };
    let imported = match import::import_csv(&ws, &bytes, &mappings) {
        Ok(i) => i,
        Err(errors) => {
            for e in &errors {
                eprintln!("{}: {}", shown(&args.input), safe(&e.to_string()));
            }
            eprintln!(
                "moments: nothing imported: {} row{} to fix in {}",
                errors.len(),
                if errors.len() == 1 { "" } else { "s" },
                shown(&args.input)
            );
            return exit::PROBLEMS;
        }
    };
    if args.dry_run {
        println!(
            "Would import into {}: {} (dry run: nothing written).",
            shown(&args.file),
            safe(&imported.summary())
        );
        return exit::OK;
    }
    let written = if exists {
        // Refuse while the app (or another import) holds the workspace.
        match Lock::acquire(&args.file) {
            Ok(_lock) => write_atomic(&args.file, &to_ron(&imported.workspace))
                .map_err(|e| format!("{}: could not write: {e}", args.file.display())),
            Err(e) => Err(e.to_string()),
        }
    } else {
        WorkspaceFile::create(&args.file, &imported.workspace)
            .map(|_| ())
            .map_err(|e| e.to_string())
    };
    match written {
        Ok(()) => {
            println!(
                "Imported into {}: {}.",
                shown(&args.file),
                safe(&imported.summary())
            );
            exit::OK
        }
        Err(e) => {
            eprintln!("moments: {}", safe(&e));
            exit::UNREADABLE
        }
    }
}

/// Reads a workspace for the diff; git's `/dev/null` (a file added or deleted) is empty.
fn load_for_diff(path: &Path) -> Result<Workspace, u8> {
    if path == Path::new("/dev/null") {
        return Ok(Workspace::default());
    }
    load(path)
}

pub fn run_diff(args: &DiffArgs) -> u8 {
    let (old, new, git_path) = match &args.git_external {
        Some(a) => (&a[1], &a[4], Some(&a[0])),
        None => match (&args.old, &args.new) {
            (Some(old), Some(new)) => (old, new, None),
            _ => return exit::UNREADABLE,
        },
    };
    let (old_ws, new_ws) = match (load_for_diff(old), load_for_diff(new)) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(code), _) | (_, Err(code)) => return code,
    };
    let changes = diff::diff(&old_ws, &new_ws);
    match args.format {
        DiffFormat::Json => print!("{}", json(&diff::to_json(&changes))),
        DiffFormat::Text => {
            if let Some(path) = git_path {
                println!("moments diff {}", shown(path));
            }
            if changes.is_empty() {
                if git_path.is_some() {
                    println!("(no changes to the workshop: only formatting)");
                }
            } else {
                print!("{}", safe(&diff::to_text(&changes)));
            }
        }
    }
    match (git_path, changes.is_empty()) {
        // git stops at an external diff that exits non-zero.
        (Some(_), _) | (None, true) => exit::OK,
        (None, false) => exit::PROBLEMS,
    }
}

/// Writes atomically but keeps no `.bak`: git hands the merge driver temporary files,
/// and a backup next to one would be left behind in the working tree.
fn write_without_backup(path: &Path, text: &str) -> std::io::Result<()> {
    crate::persist::file::replace_atomic(path, text)
}

pub fn run_merge(args: &MergeArgs) -> u8 {
    let mut sides = Vec::new();
    for path in [&args.base, &args.ours, &args.theirs] {
        match load(path) {
            Ok(ws) => sides.push(ws),
            Err(code) => return code,
        }
    }
    let merged = merge::merge(&sides[0], &sides[1], &sides[2]);
    for note in &merged.notes {
        eprintln!("moments merge: {}", safe(note));
    }
    for c in &merged.conflicts {
        eprintln!("CONFLICT {}", safe(&c.describe()));
    }
    if let Err(e) = write_without_backup(&args.output, &to_ron(&merged.workspace)) {
        eprintln!(
            "moments: {}: could not write the merge: {e}",
            shown(&args.output)
        );
        return exit::UNREADABLE;
    }
    let findings = crate::model::check(&merged.workspace);
    let broken: Vec<_> = findings
        .iter()
        .filter(|f| f.rule != crate::model::Rule::MergeConflict)
        .filter(|f| f.severity == crate::model::Severity::Error)
        .collect();
    for f in &broken {
        eprintln!("moments merge: {}: {}", f.rule.code(), safe(&f.message));
    }
    if merged.conflicts.is_empty() && !has_errors(&findings) {
        exit::OK
    } else {
        eprintln!(
            "moments merge: {} conflict{}{}; written to {} — `moments check` lists them",
            merged.conflicts.len(),
            if merged.conflicts.len() == 1 { "" } else { "s" },
            if broken.is_empty() {
                String::new()
            } else {
                format!(" and {} broken reference(s)", broken.len())
            },
            shown(&args.output)
        );
        exit::PROBLEMS
    }
}
