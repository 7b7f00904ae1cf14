//! The format versions this build reads, each with the types its files are read as and,
//! for an older format, the one step function that brings it to the next.
//! Depends on the model, `ron` and [`super::error`] only: [`super::format`] finds the
//! version and hands the text here; this module never calls back.
//!
//! Format 1 is the first released format and the current one, so the chain has one link.
//! To bring in format 2 (issue 13): keep the format-1 shape of what changes as frozen serde
//! types in a `v1` module here, write `fn from_1(ws: v1::Workspace) -> Workspace`, add the
//! arm `1 => parse::<v1::Workspace>(text, ron).map(from_1)` beside the current one, and
//! raise `CURRENT_FORMAT`. The format-1 files under `tests/fixtures/saved/` must keep
//! loading. Steps are typed: `ron`'s untyped value loses enum variant names (`Web` reads
//! as `()`) and `Some` left out, so it cannot carry a file from one format to the next.

use serde::de::DeserializeOwned;

use super::error::{LoadError, LoadErrorKind};
use crate::model::{CURRENT_FORMAT, Workspace};

/// Reads `text`, a file of format `version` (at most `CURRENT_FORMAT`), as the current
/// workspace: parsed as that format's types, then stepped up to the current one.
pub(super) fn read(text: &str, version: u32, ron: &ron::Options) -> Result<Workspace, LoadError> {
    match version {
        CURRENT_FORMAT => parse::<Workspace>(text, ron),
        _ => Err(LoadError::new(LoadErrorKind::UnknownFormat {
            found: version,
        })),
    }
}

fn parse<T: DeserializeOwned>(text: &str, ron: &ron::Options) -> Result<T, LoadError> {
    ron.from_str(text)
        .map_err(|e| LoadError::from_ron(&e, text))
}
