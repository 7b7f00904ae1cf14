//! The format versions this build reads, each with the types its files are read as and,
//! for an older format, the one step function that brings it to the next.
//! Depends on the model, `ron` and [`super::error`] only: [`super::format`] finds the
//! version and hands the text here; this module never calls back.
//!
//! Format 2 is current; format 1 is read as its frozen types ([`super::v1`]) and stepped
//! up by `v1::to_2`. To bring in format 3: freeze the format-2 shape of what changes in a
//! `v2` module, write its `to_3`, make the format-1 arm `.map(v1::to_2).map(v2::to_3)`,
//! add the arm for 2, and raise `CURRENT_FORMAT`. The files of every format under
//! `tests/fixtures/saved/` must keep loading. Steps are typed: `ron`'s untyped value loses enum variant names (`Web` reads
//! as `()`) and `Some` left out, so it cannot carry a file from one format to the next.

use serde::de::DeserializeOwned;

use super::error::{LoadError, LoadErrorKind};
use super::v1;
use crate::model::{CURRENT_FORMAT, Workspace};

/// Reads `text`, a file of format `version` (at most `CURRENT_FORMAT`), as the current
/// workspace: parsed as that format's types, then stepped up to the current one.
pub(super) fn read(text: &str, version: u32, ron: &ron::Options) -> Result<Workspace, LoadError> {
    match version {
        CURRENT_FORMAT => parse::<Workspace>(text, ron),
        1 => parse::<v1::Workspace>(text, ron).map(v1::to_2),
        _ => Err(LoadError::new(LoadErrorKind::UnknownFormat {
            found: version,
        })),
    }
}

fn parse<T: DeserializeOwned>(text: &str, ron: &ron::Options) -> Result<T, LoadError> {
    ron.from_str(text)
        .map_err(|e| LoadError::from_ron(&e, text))
}
