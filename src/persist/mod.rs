//! Workspace files: RON format, versions and migrations, atomic saves, locks.
//! Depends on the model only; knows nothing of terminals.

// `LoadError` is large on purpose (file, place, quoted line, what was expected) and only
// travels on the cold path, once per failed load.
#![allow(clippy::result_large_err)]

pub mod error;
pub mod file;
pub mod format;
mod reader;
mod writer;

pub use error::{LoadError, LoadErrorKind, SaveError};
pub use file::{Access, Lock, LockError, LockHeld, OpenError, Stamp, WorkspaceFile};
pub use format::{from_ron, to_ron};
