//! `moments`: a terminal workbench for facilitated customer-experience workshops.
//!
//! Layers only look down: `model` (pure data and edits) ← `persist` (files) ← the rest.

pub mod app;
pub mod cli;
pub mod clock;
pub mod generate;
pub mod model;
pub mod paths;
pub mod persist;
pub mod templates;
