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
    /// moment), mermaid (journey diagram), json (the whole document), svg (a view as the
    /// terminal draws it, as a picture).
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub to: ExportTo,
    /// Write here (atomically) instead of to standard output.
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,
    /// svg: the view to draw (board, owners, seams, experience, priorities, segments,
    /// language, plan, checks, parking, agenda, outline).
    #[arg(long, value_name = "NAME", default_value = "board")]
    pub view: String,
    /// svg: the terminal size to draw at, as columns x rows.
    #[arg(long, value_name = "COLSxROWS", default_value = "120x30")]
    pub size: String,
    /// svg: the theme to draw in.
    #[arg(long, value_enum, value_name = "NAME", default_value = "dark")]
    pub theme: crate::ui::ThemeName,
}

/// What `export --to` writes: a document format, or a picture of a view.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportTo {
    Md,
    Html,
    Csv,
    Mermaid,
    Json,
    Svg,
}

/// The view `--view` names: its label or its first word, ignoring case (`parking`).
pub fn parse_view(name: &str) -> Result<crate::ui::View, String> {
    let wanted = name.trim().to_lowercase();
    crate::ui::View::ALL
        .iter()
        .copied()
        .find(|v| {
            let label = v.label().to_lowercase();
            label == wanted || label.split(' ').next() == Some(wanted.as_str())
        })
        .ok_or_else(|| {
            let names: Vec<String> = crate::ui::View::ALL
                .iter()
                .map(|v| v.label().split(' ').next().unwrap_or("").to_lowercase())
                .collect();
            format!(
                "--view {name}: no such view; expected one of {}",
                names.join(", ")
            )
        })
}

/// `--size COLSxROWS`, each from 20 to 1000.
pub fn parse_size(text: &str) -> Result<(u16, u16), String> {
    let bad = || format!("--size {text}: expected COLSxROWS, e.g. 120x30, each from 20 to 1000");
    let (cols, rows) = text.trim().split_once(['x', 'X']).ok_or_else(bad)?;
    let parse = |s: &str| {
        s.trim()
            .parse::<u16>()
            .ok()
            .filter(|n| (20..=1000).contains(n))
    };
    Ok((parse(cols).ok_or_else(bad)?, parse(rows).ok_or_else(bad)?))
}

/// The picture of a view for `export --to svg`.
pub fn board_svg(ws: Workspace, args: &ExportArgs, label: &str) -> Result<String, String> {
    use crate::exchange::svg::{Palette, to_svg};
    use crate::ui::ThemeName;
    let view = parse_view(&args.view)?;
    let size = parse_size(&args.size)?;
    let theme = crate::ui::Theme::new(args.theme);
    let palette = match args.theme {
        ThemeName::Dark | ThemeName::Projector => Palette::DARK,
        ThemeName::Light | ThemeName::Mono => Palette::LIGHT,
    };
    let doc = crate::doc::Doc::new(exchange::clean(&ws));
    let buffer =
        crate::runtime::frame::picture(&doc, view, size, &theme, label, crate::clock::now_secs());
    let title = format!("{}: {}", exchange::title(&doc.ws), view.label());
    Ok(to_svg(&buffer, &palette, &title))
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

Cells may be separated by commas, semicolons or tabs (detected from the header row, or \
given with --delimiter). An owners cell may hold plain silo names or codes (`Marketing, \
SAL`), which get the role of --owner-role.

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
    /// The cell separator: , ; tab or |. Detected from the header row when not given.
    #[arg(long, value_name = "SEP")]
    pub delimiter: Option<String>,
    /// The role of an owner given by silo alone (`Marketing`, `SAL`): A, R, C or I.
    #[arg(long, value_name = "ROLE", default_value = "A")]
    pub owner_role: String,
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
  git config merge.moments.driver \"moments merge %O %A %B -o %A --name %P\"")]
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
    /// The workspace's own path, for messages: as git's merge driver the three files are
    /// git's temporary copies, and `%P` names the real one.
    #[arg(long, value_name = "PATH")]
    pub name: Option<PathBuf>,
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
    let format = match args.to {
        ExportTo::Md => ExportFormat::Md,
        ExportTo::Html => ExportFormat::Html,
        ExportTo::Csv => ExportFormat::Csv,
        ExportTo::Mermaid => ExportFormat::Mermaid,
        ExportTo::Json => ExportFormat::Json,
        ExportTo::Svg => {
            let label = args
                .file
                .file_name()
                .map_or(String::new(), |n| n.to_string_lossy().into_owned());
            return match board_svg(ws, args, &label) {
                Ok(text) => write_out(args.output.as_deref(), &text),
                Err(e) => {
                    eprintln!("moments: {}", safe(&e));
                    exit::UNREADABLE
                }
            };
        }
    };
    let text = exchange::export(&ws, format);
    write_out(args.output.as_deref(), &text)
}

/// Prints `text`, or writes it atomically to `output`.
fn write_out(output: Option<&Path>, text: &str) -> u8 {
    match output {
        None => {
            print!("{text}");
            exit::OK
        }
        Some(out) => match write_atomic(out, text) {
            Ok(()) => exit::OK,
            Err(e) => {
                eprintln!("moments: {}: could not write: {e}", shown(out));
                exit::UNREADABLE
            }
        },
    }
}

pub fn run_import(args: &ImportArgs) -> u8 {
    let mut options = import::Options::default();
    if let Some(d) = &args.delimiter {
        match import::parse_delimiter(d) {
            Ok(d) => options.delimiter = Some(d),
            Err(e) => {
                eprintln!("moments: --delimiter {}", safe(&e));
                return exit::UNREADABLE;
            }
        }
    }
    match import::parse_role(&args.owner_role) {
        Ok(role) => options.owner_role = role,
        Err(e) => {
            eprintln!("moments: --owner-role {}", safe(&e));
            return exit::UNREADABLE;
        }
    }
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
    options.mappings = mappings;
    let imported = match import::import_csv_with(&ws, &bytes, &options) {
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
    // The file people know: git's `%P`, else where the merge is written.
    let name = shown(args.name.as_ref().unwrap_or(&args.output));
    let merged = merge::merge(&sides[0], &sides[1], &sides[2]);
    for note in &merged.notes {
        eprintln!("moments merge {name}: {}", safe(note));
    }
    for c in &merged.conflicts {
        eprintln!("CONFLICT (moments) in {name}: {}", safe(&c.describe()));
    }
    if let Err(e) = write_without_backup(&args.output, &to_ron(&merged.workspace)) {
        eprintln!("moments: {name}: could not write the merge: {e}");
        return exit::UNREADABLE;
    }
    let findings = crate::model::check(&merged.workspace);
    let broken: Vec<_> = findings
        .iter()
        .filter(|f| f.rule != crate::model::Rule::MergeConflict)
        .filter(|f| f.severity == crate::model::Severity::Error)
        .collect();
    for f in &broken {
        eprintln!(
            "moments merge {name}: {}: {}",
            f.rule.code(),
            safe(&f.message)
        );
    }
    if merged.conflicts.is_empty() && !has_errors(&findings) {
        exit::OK
    } else {
        eprintln!(
            "moments merge {name}: {} conflict{}{}; the other version is written beside the \
             kept one — `moments check {name}` lists them",
            merged.conflicts.len(),
            if merged.conflicts.len() == 1 { "" } else { "s" },
            if broken.is_empty() {
                String::new()
            } else {
                format!(" and {} broken reference(s)", broken.len())
            },
        );
        exit::PROBLEMS
    }
}
