//! Capturing something for later, from any view.

use super::super::Cx;
use super::super::overlays::{Overlay, PromptPurpose};

pub fn park(cx: &mut Cx) {
    cx.open(Overlay::prompt(
        PromptPurpose::Park,
        "Park it: what should the room come back to?",
        "",
    ));
}
