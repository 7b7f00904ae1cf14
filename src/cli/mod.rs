//! The command line: `moments [FILE]`, `check`, `new`, `templates`, `export`, `import`,
//! `diff`, `merge`, `serve`. Parsing with clap; each subcommand is a function that returns the
//! process exit code.

pub mod check;
pub mod exchange;
pub mod migrate;
pub mod new;
pub mod out;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

pub use crate::runtime::exit;
use crate::runtime::{Request, Target};
use crate::ui::ThemeName;

/// A terminal workbench for customer-experience workshops: stages, moments of truth,
/// and which silo owns each moment.
#[derive(Clone, Debug, Parser)]
#[command(name = "moments", version, args_conflicts_with_subcommands = true)]
pub struct Cli {
    /// Workspace to open (created from a template if missing). Without one, the default
    /// workspace in the data folder.
    pub file: Option<PathBuf>,

    /// Template for a workspace that does not exist yet (see `moments templates`).
    #[arg(long, value_name = "NAME")]
    pub template: Option<String>,

    /// Open a scratch copy of the demo workshop.
    #[arg(long, conflicts_with_all = ["file", "template"])]
    pub demo: bool,

    /// Open without saving anything.
    #[arg(long)]
    pub read_only: bool,

    /// Start in presentation mode (big heading, chrome hidden, projector theme, spotlight).
    #[arg(long)]
    pub present: bool,

    /// Colour theme.
    #[arg(long, value_name = "THEME", value_enum)]
    pub theme: Option<ThemeName>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Clone, Debug, Subcommand)]
pub enum Command {
    /// Validate workspaces: parse errors and accountability findings.
    ///
    /// Exit status: 0 when clean (information only), 1 when problems were found,
    /// 2 when a file cannot be read or parsed.
    Check(check::Args),
    /// Create a new workspace from a template.
    New(new::Args),
    /// List the built-in templates.
    Templates,
    /// Export a workspace as a report (md, html), a spreadsheet (csv), a journey
    /// diagram (mermaid), data (json) or a picture of a view (svg).
    Export(exchange::ExportArgs),
    /// Import a touchpoint inventory (CSV) into a new or existing workspace.
    ///
    /// Exit status: 0 when imported (or a dry run is valid), 1 when rows have problems
    /// (nothing is written), 2 when a file cannot be read or written.
    Import(exchange::ImportArgs),
    /// Show what changed between two workspaces, by id: items added, removed, renamed,
    /// moved; owners, experience, votes, status and other fields.
    Diff(exchange::DiffArgs),
    /// Merge two versions of a workspace with their common ancestor, by id; usable as
    /// git's merge driver.
    Merge(exchange::MergeArgs),
    /// Rewrite an older workspace file in the current format, keeping the old one as
    /// FILE.bak. Opening a file in the app migrates it only in memory: it is written in
    /// the new format the first time something changes.
    ///
    /// Exit status: 0 when migrated (or already current), 2 when the file cannot be
    /// read, is locked by a running session, or cannot be written.
    Migrate(migrate::Args),
    /// Host a live workshop over SSH: everyone joins with their own ssh client.
    Serve(crate::serve::Args),
}

impl Cli {
    /// What the app is asked to open, and how.
    pub fn request(&self) -> Request {
        let target = match (&self.file, self.demo) {
            (_, true) => Target::Demo,
            (Some(path), false) => Target::File(path.clone()),
            (None, false) => Target::Default,
        };
        Request {
            target,
            template: self.template.clone(),
            read_only: self.read_only,
            present: self.present,
            theme: self.theme,
        }
    }
}

/// Runs the command line: a subcommand, or the app on the workspace it names.
pub fn run(cli: &Cli) -> ExitCode {
    match &cli.command {
        Some(command) => run_command(command),
        None => crate::runtime::run(&cli.request()),
    }
}

/// Runs a subcommand.
pub fn run_command(command: &Command) -> ExitCode {
    let code = match command {
        Command::Check(args) => check::run(args),
        Command::New(args) => new::run(args),
        Command::Migrate(args) => migrate::run(args),
        Command::Templates => {
            for t in crate::templates::TEMPLATES {
                println!("{:<16} {}", t.name, t.description);
            }
            exit::OK
        }
        Command::Export(args) => exchange::run_export(args),
        Command::Import(args) => exchange::run_import(args),
        Command::Diff(args) => exchange::run_diff(args),
        Command::Merge(args) => exchange::run_merge(args),
        Command::Serve(args) => return crate::serve::run(args),
    };
    ExitCode::from(code)
}
