//! Who owns what: the owners editor of a moment, the silo, segment and competitor lists.

use super::super::Cx;
use super::super::overlays::{ListKind, Overlay, OwnersDraft};

/// `o`: the owners editor on the focused moment.
pub fn owners(cx: &mut Cx) {
    match cx
        .session
        .focus_moment
        .as_ref()
        .and_then(|id| cx.doc.moment(id))
    {
        Some(m) => {
            let draft = OwnersDraft {
                moment: m.id.clone(),
                owners: m.owners.clone(),
                cursor: 0,
                naming: None,
            };
            cx.open(Overlay::Owners(draft));
        }
        None => cx.say("Focus a moment to set its owners"),
    }
}

pub fn silos(cx: &mut Cx) {
    cx.open(Overlay::List {
        kind: ListKind::Silos,
        selected: 0,
    });
}

pub fn competitors(cx: &mut Cx) {
    cx.open(Overlay::List {
        kind: ListKind::Competitors,
        selected: 0,
    });
}

pub fn segments(cx: &mut Cx) {
    cx.open(Overlay::List {
        kind: ListKind::Segments,
        selected: 0,
    });
}
