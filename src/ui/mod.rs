//! The terminal user interface as pure parts: a session per client, `update` for input,
//! `render` for output. Nothing here owns a terminal; `app` does.

pub mod agenda_view;
pub mod detail;
pub mod editors;
pub mod form;
pub mod forms_view;
pub mod handoffs;
pub mod help;
pub mod layout;
pub mod lists;
pub mod outline;
pub mod owners_view;
pub mod palette;
pub mod priorities;
pub mod render;
pub mod session;
pub mod text;
pub mod theme;
pub mod timer;
pub mod update;
pub mod views;

pub use render::{Chrome, SaveState, render};
pub use session::{Session, View};
pub use theme::{Theme, ThemeName};
pub use update::{Ctx, handle};
