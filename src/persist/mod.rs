//! Workspace files: RON format, versions and migrations, atomic saves, locks.
//! Depends on the model only; knows nothing of terminals.

pub mod error;
pub mod file;
pub mod format;

pub use error::{LoadError, LoadErrorKind, SaveError};
pub use file::{Access, Lock, LockError, LockHeld, OpenError, Stamp, WorkspaceFile};
pub use format::{from_ron, to_ron};
