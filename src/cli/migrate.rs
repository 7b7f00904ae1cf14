//! `moments migrate FILE`: rewrites an older workspace file in the current format, with
//! the old text kept as `FILE.bak`. Nothing is written over a file that does not load.

use std::path::PathBuf;

use super::exit;
use crate::model::CURRENT_FORMAT;
use crate::persist::{Access, WorkspaceFile, version_of};

#[derive(Clone, Debug, clap::Args)]
pub struct Args {
    /// The workspace file to rewrite.
    pub file: PathBuf,
}

pub fn run(args: &Args) -> u8 {
    let path = &args.file;
    // Opening checks the whole file (syntax, every value, references) and takes the lock,
    // so a file that does not load, or one a session has open, is left as it is.
    let (mut file, ws) = match WorkspaceFile::open(path, Access::ReadWrite) {
        Ok(opened) => opened,
        Err(e) => {
            eprintln!("moments: {e}");
            return exit::UNREADABLE;
        }
    };
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("moments: {}: {e}", path.display());
            return exit::UNREADABLE;
        }
    };
    let from = version_of(&text).unwrap_or(CURRENT_FORMAT);
    if from >= CURRENT_FORMAT {
        println!(
            "{} is already format {CURRENT_FORMAT}; nothing to do",
            path.display()
        );
        return exit::OK;
    }
    match file.save(&ws) {
        Ok(()) => {
            println!(
                "{}: migrated from format {from} to format {CURRENT_FORMAT}; the old file is {}",
                path.display(),
                crate::persist::file::backup_path(path).display()
            );
            exit::OK
        }
        Err(e) => {
            eprintln!("moments: {e}");
            exit::UNREADABLE
        }
    }
}
