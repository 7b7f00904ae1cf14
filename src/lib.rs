//! `moments`: a terminal workbench for facilitated customer-experience workshops.
//!
//! Layers only look down: `model` (pure data and edits) ← `persist` (files) ← the rest.

pub mod analysis;
pub mod cli;
pub mod clock;
pub mod config;
pub mod doc;
pub mod exchange;
pub mod generate;
pub mod input;
pub mod model;
pub mod paths;
pub mod persist;
pub mod runtime;
pub mod serve;
pub mod templates;
pub mod ui;
