//! Workspace files: RON format, versions and migrations, atomic saves, locks.
//! Depends on the model only; knows nothing of terminals.
//!
//! Inside, each module uses only those listed before it: `error` (what went wrong and
//! where), `migrate` (the versions read, and the steps between them), `format` (text ⇄
//! workspace; the model's serde attributes are the whole schema), `file` (the file on
//! disk: saves, locks, stamps).

// `LoadError` is large on purpose (file, place, quoted line, what was expected) and only
// travels on the cold path, once per failed load.
#![allow(clippy::result_large_err)]

pub mod error;
pub mod file;
pub mod format;
mod migrate;
mod v1;

pub use error::{LoadError, LoadErrorKind, SaveError};
pub use file::{Access, Lock, LockError, LockHeld, OpenError, Stamp, WorkspaceFile};
pub use format::{from_ron, to_ron, version_of};
