//! Where configuration and workspaces live: the platform's folders (via `directories`),
//! overridable with `MOMENTS_CONFIG_DIR` and `MOMENTS_DATA_DIR` so tests never touch a home.

use std::path::PathBuf;

fn project_dirs() -> Option<directories::ProjectDirs> {
    directories::ProjectDirs::from("", "", "moments")
}

/// The configuration folder (`config.ron`, `keys.ron`).
pub fn config_dir() -> PathBuf {
    std::env::var_os("MOMENTS_CONFIG_DIR")
        .map(PathBuf::from)
        .or_else(|| project_dirs().map(|d| d.config_dir().to_path_buf()))
        .unwrap_or_else(|| PathBuf::from(".moments/config"))
}

/// The data folder (the default workspace, the SSH host key).
pub fn data_dir() -> PathBuf {
    std::env::var_os("MOMENTS_DATA_DIR")
        .map(PathBuf::from)
        .or_else(|| project_dirs().map(|d| d.data_dir().to_path_buf()))
        .unwrap_or_else(|| PathBuf::from(".moments/data"))
}

/// The workspace opened when no file is named.
pub fn default_workspace() -> PathBuf {
    data_dir().join("workspace.ron")
}
