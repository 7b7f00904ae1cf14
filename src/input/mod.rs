//! Input: our own key events, the actions they trigger, and the keymap between them.

pub mod action;
pub mod key;
pub mod keymap;

pub use action::Action;
pub use key::{Event, Key, KeyCode, Mouse};
pub use keymap::{Context, KeyOverrides, Keymap};
