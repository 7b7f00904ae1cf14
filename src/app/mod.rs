//! The runtime: resolves which workspace to open, then runs the terminal loop.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::cli::{Cli, exit};
use crate::model::Workspace;
use crate::paths;
use crate::persist::{Access, OpenError, WorkspaceFile};
use crate::templates;

/// What the app works on: the document and, unless it is a scratch copy, its file.
pub struct Opened {
    pub workspace: Workspace,
    pub file: Option<WorkspaceFile>,
    /// Why the workspace is read-only, when it is: shown in the status line.
    pub read_only_reason: Option<String>,
    /// Shown once the app starts (e.g. "Created workshop.ron from purchase-cycle").
    pub notice: Option<String>,
}

/// Opens the workspace the command line names, creating it from a template if missing.
pub fn open(cli: &Cli) -> Result<Opened, String> {
    if cli.demo {
        return Ok(Opened {
            workspace: templates::demo(),
            file: None,
            read_only_reason: None,
            notice: Some("Demo workshop: a scratch copy, nothing is saved".into()),
        });
    }
    let (path, named) = match &cli.file {
        Some(path) => (path.clone(), true),
        None => (paths::default_workspace(), false),
    };
    if !path.exists() {
        if cli.read_only {
            return Err(format!("{}: no such file", path.display()));
        }
        let name = cli
            .template
            .as_deref()
            .unwrap_or(templates::DEFAULT_TEMPLATE);
        let template = templates::find(name).ok_or_else(|| {
            format!(
                "unknown template `{name}`; expected one of: {}",
                templates::names().join(", ")
            )
        })?;
        let workspace = template.workspace().expect("embedded templates load");
        let file = WorkspaceFile::create(&path, &workspace).map_err(|e| e.to_string())?;
        return Ok(Opened {
            workspace,
            file: Some(file),
            read_only_reason: None,
            notice: Some(if named {
                format!("Created {} from the {name} template", display(&path))
            } else {
                format!("Your workspace is {}", display(&path))
            }),
        });
    }
    let access = if cli.read_only {
        Access::ReadOnly
    } else {
        Access::ReadWrite
    };
    match WorkspaceFile::open(&path, access) {
        Ok((file, workspace)) => Ok(Opened {
            workspace,
            file: Some(file),
            read_only_reason: cli.read_only.then(|| "opened read-only".to_owned()),
            notice: None,
        }),
        Err(OpenError::Lock(crate::persist::LockError::Held(held))) => {
            let (file, workspace) =
                WorkspaceFile::open(&path, Access::ReadOnly).map_err(|e| e.to_string())?;
            Ok(Opened {
                workspace,
                file: Some(file),
                read_only_reason: Some(format!("read-only: in use by {}", held.holder)),
                notice: None,
            })
        }
        Err(e) => Err(e.to_string()),
    }
}

fn display(path: &std::path::Path) -> String {
    path.display().to_string()
}

/// Runs the app on the workspace the command line names.
pub fn run(cli: &Cli) -> ExitCode {
    let opened = match open(cli) {
        Ok(opened) => opened,
        Err(message) => {
            eprintln!("moments: {message}");
            return ExitCode::from(exit::UNREADABLE);
        }
    };
    let _ = (opened.workspace, opened.file, PathBuf::new());
    eprintln!("moments: the board is not built yet; use `moments check` and `moments new`");
    ExitCode::from(exit::UNREADABLE)
}
