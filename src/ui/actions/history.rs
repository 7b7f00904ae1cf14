//! Undo and redo: the history is the document's, shared by everyone in the room.

use super::super::{Cx, Effect, policy};

pub fn undo(cx: &mut Cx) {
    step(cx, true);
}

pub fn redo(cx: &mut Cx) {
    step(cx, false);
}

fn step(cx: &mut Cx, back: bool) {
    if let Err(why) = policy::may_step_history(cx.session) {
        cx.warn(why);
        return;
    }
    let (done, verb) = if back {
        (cx.doc.undo(), "Undid")
    } else {
        (cx.doc.redo(), "Redid")
    };
    match done {
        None => cx.say(if back {
            "Nothing to undo"
        } else {
            "Nothing to redo"
        }),
        Some(Ok(step)) => {
            let by = step
                .author
                .map(|a| format!(" (by {a})"))
                .unwrap_or_default();
            cx.say(format!("{verb}: {}{by}", step.description));
            cx.session.request(Effect::Save);
        }
        Some(Err(e)) => {
            let what = if back { "undo" } else { "redo" };
            cx.warn(format!("Could not {what}: {e}"));
        }
    }
}
