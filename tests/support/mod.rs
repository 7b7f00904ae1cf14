//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use moments::model::Workspace;

/// The demo workshop as shipped in `assets/demo.ron`.
pub fn demo() -> Workspace {
    moments::templates::demo()
}

/// A fixture under `tests/fixtures/`.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// The built binary, with config and data folders inside `home`, so a test never touches
/// the real home folder.
pub fn moments(home: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_moments"));
    cmd.env("MOMENTS_CONFIG_DIR", home.join("config"))
        .env("MOMENTS_DATA_DIR", home.join("data"))
        .env("NO_COLOR", "1");
    cmd
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}
