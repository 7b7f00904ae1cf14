//! Which workspace to open, from a plain [`Request`]: a file (created from a template when
//! missing), the default workspace in the data folder, or a scratch copy of the demo.
//! Knows nothing of the command line or of terminals.

use std::path::{Path, PathBuf};

use crate::model::Workspace;
use crate::paths;
use crate::persist::{Access, WorkspaceFile};
use crate::templates;
use crate::ui::ThemeName;

/// Which workspace a [`Request`] names.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Target {
    /// The default workspace in the data folder.
    #[default]
    Default,
    /// This file.
    File(PathBuf),
    /// A scratch copy of the demo workshop: nothing is saved.
    Demo,
}

/// What to open and how.
#[derive(Clone, Debug, Default)]
pub struct Request {
    pub target: Target,
    /// Template for a workspace that does not exist yet; `None`: the config's, else the
    /// starter.
    pub template: Option<String>,
    /// Open without saving anything.
    pub read_only: bool,
    /// Start in presentation mode.
    pub present: bool,
    /// Colour theme; `None`: the config's, else dark.
    pub theme: Option<ThemeName>,
}

/// What the app works on: the document and, unless it is a scratch copy, its file.
pub struct Opened {
    pub workspace: Workspace,
    pub file: Option<WorkspaceFile>,
    /// Why the workspace is read-only, when it is: shown in the status line.
    pub read_only_reason: Option<String>,
    /// Shown once the app starts (e.g. "Created workshop.ron from purchase-cycle").
    pub notice: Option<String>,
}

/// Opens the workspace the request names, creating it from a template if missing.
pub fn open(request: &Request) -> Result<Opened, String> {
    let (path, named) = match &request.target {
        Target::Demo => {
            return Ok(Opened {
                workspace: templates::demo(),
                file: None,
                read_only_reason: None,
                notice: Some("Demo workshop: a scratch copy, nothing is saved".into()),
            });
        }
        Target::File(path) => (path.clone(), true),
        Target::Default => (paths::default_workspace(), false),
    };
    if !path.exists() {
        if request.read_only {
            return Err(format!("{}: no such file", path.display()));
        }
        let name = request
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
    if request.read_only {
        let (file, workspace) =
            WorkspaceFile::open(&path, Access::ReadOnly).map_err(|e| e.to_string())?;
        return Ok(Opened {
            workspace,
            file: Some(file),
            read_only_reason: Some("opened read-only".to_owned()),
            notice: None,
        });
    }
    // A lock held by another process opens the workspace read-only, from the same read.
    let (file, workspace, held) =
        WorkspaceFile::open_or_read_only(&path).map_err(|e| e.to_string())?;
    Ok(Opened {
        workspace,
        file: Some(file),
        read_only_reason: held.map(|held| format!("in use by {}", held.holder)),
        notice: None,
    })
}

fn display(path: &Path) -> String {
    path.display().to_string()
}
