//! The runtime: opens a workspace from a plain [`Request`], carries out what sessions ask of
//! the outside ([`effects`]) and draws their frames ([`frame`]) for the local terminal loop
//! ([`local`]) and the SSH hub alike; owns the local terminal ([`terminal`], [`backend`]).
//! It must not depend on `cli` or `serve`, which are built on it.
//!
//! ```text
//!  cli ──► serve ──► runtime ──► ui, doc, persist, config
//!   └──────────────────┘
//! ```

pub mod backend;
pub mod effects;
pub mod frame;
pub mod local;
pub mod open;
pub mod terminal;

pub use local::run;
pub use open::{Opened, Request, Target, open};

/// Process exit codes, shared by the app, `moments serve` and the subcommands.
pub mod exit {
    pub const OK: u8 = 0;
    pub const PROBLEMS: u8 = 1;
    pub const UNREADABLE: u8 = 2;
}
