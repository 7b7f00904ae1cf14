//! Capturing the journey: new moments and stages, moving and reordering them, agreeing
//! a moment, naming the workshop. Each asks through a prompt, or is one undoable edit.

use crate::model::{Edit, Item, ItemKey, Status};

use super::super::Cx;
use super::super::overlays::{Overlay, PromptPurpose};

/// `n`: a title prompt for a new moment in the focused stage.
pub fn new_moment(cx: &mut Cx) {
    match cx
        .session
        .focus_stage
        .as_ref()
        .and_then(|id| cx.doc.ws.stage(id))
    {
        Some(stage) => {
            let title = format!("New moment in {}", stage.name);
            let purpose = PromptPurpose::NewMoment {
                stage: stage.id.clone(),
            };
            cx.open(Overlay::prompt(purpose, &title, ""));
        }
        None => cx.say("Add a stage first: press N"),
    }
}

/// `N`: a name prompt for a new stage after the focused one.
pub fn new_stage(cx: &mut Cx) {
    let after = cx.session.focus_stage.clone();
    cx.open(Overlay::prompt(
        PromptPurpose::NewStage { after },
        "New stage",
        "",
    ));
}

pub fn rename_workspace(cx: &mut Cx) {
    let title = cx.doc.ws.title.clone();
    cx.open(Overlay::prompt(
        PromptPurpose::RenameWorkspace,
        "Workshop title",
        &title,
    ));
}

pub fn move_to_previous_stage(cx: &mut Cx) {
    move_to_stage(cx, false);
}

pub fn move_to_next_stage(cx: &mut Cx) {
    move_to_stage(cx, true);
}

/// Moves the focused moment to the neighbouring stage, at the same height.
fn move_to_stage(cx: &mut Cx, next: bool) {
    let Some(m) = focused(cx) else {
        cx.say("Focus a moment to move it");
        return;
    };
    let i = cx.session.focus_stage_index;
    let j = if next {
        (i + 1 < cx.doc.ws.stages.len()).then_some(i + 1)
    } else {
        i.checked_sub(1)
    };
    let Some(j) = j else {
        cx.say("No stage further that way");
        return;
    };
    let target = cx.doc.ws.stages[j].clone();
    let position = cx.session.focus_position.min(cx.doc.stage_len(&target.id));
    let to = cx.doc.global_index_for(&target.id, position, Some(&m.id));
    let mut moved = m.clone();
    moved.stage = target.id.clone();
    let batch = Edit::Batch {
        label: format!("moved {} to {}", m.id, target.name),
        edits: vec![
            Edit::Replace {
                key: ItemKey::Moment(m.id.clone()),
                item: Item::Moment(moved),
            },
            Edit::Move {
                key: ItemKey::Moment(m.id.clone()),
                to,
            },
        ],
    };
    if cx.edit(batch) {
        cx.session.focus_stage = Some(target.id);
        cx.session.focus_stage_index = j;
    }
}

pub fn move_up(cx: &mut Cx) {
    reorder(cx, true);
}

pub fn move_down(cx: &mut Cx) {
    reorder(cx, false);
}

/// Moves the focused moment up or down within its stage.
fn reorder(cx: &mut Cx, up: bool) {
    let Some(m) = focused(cx) else {
        return;
    };
    let pos = cx.session.focus_position;
    let len = cx.doc.stage_len(&m.stage);
    let new_pos = if up {
        pos.checked_sub(1)
    } else {
        (pos + 1 < len).then_some(pos + 1)
    };
    if let Some(new_pos) = new_pos {
        let to = cx.doc.global_index_for(&m.stage, new_pos, Some(&m.id));
        cx.edit(Edit::Batch {
            label: format!(
                "moved {} {}",
                m.id,
                if new_pos < pos { "up" } else { "down" }
            ),
            edits: vec![Edit::Move {
                key: ItemKey::Moment(m.id.clone()),
                to,
            }],
        });
    }
}

pub fn move_stage_left(cx: &mut Cx) {
    move_stage(cx, true);
}

pub fn move_stage_right(cx: &mut Cx) {
    move_stage(cx, false);
}

fn move_stage(cx: &mut Cx, left: bool) {
    let Some(s) = cx
        .session
        .focus_stage
        .as_ref()
        .and_then(|id| cx.doc.ws.stage(id))
        .cloned()
    else {
        return;
    };
    let i = cx.session.focus_stage_index;
    let j = if left {
        i.checked_sub(1)
    } else {
        (i + 1 < cx.doc.ws.stages.len()).then_some(i + 1)
    };
    if let Some(j) = j {
        cx.edit(Edit::Batch {
            label: format!(
                "moved stage {} {}",
                s.name,
                if j < i { "left" } else { "right" }
            ),
            edits: vec![Edit::Move {
                key: ItemKey::Stage(s.id.clone()),
                to: j,
            }],
        });
        cx.session.focus_stage_index = j;
    }
}

/// Marks the focused moment agreed by the room, or proposed again.
pub fn toggle_agreed(cx: &mut Cx) {
    let Some(m) = focused(cx) else {
        cx.say("Focus a moment first");
        return;
    };
    let mut changed = m.clone();
    changed.status = match m.status {
        Status::Proposed => Status::Agreed,
        Status::Agreed => Status::Proposed,
    };
    let label = format!(
        "{} is {}",
        m.id,
        if changed.status == Status::Agreed {
            "agreed"
        } else {
            "proposed again"
        }
    );
    cx.edit(Edit::Batch {
        label,
        edits: vec![Edit::Replace {
            key: ItemKey::Moment(m.id.clone()),
            item: Item::Moment(changed),
        }],
    });
}

fn focused(cx: &Cx) -> Option<crate::model::Moment> {
    cx.session
        .focus_moment
        .as_ref()
        .and_then(|id| cx.doc.moment(id))
        .cloned()
}
