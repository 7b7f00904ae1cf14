//! Keeping time: the agenda (`]` moves it on) and the timebox.

use crate::model::facilitation;

use super::super::Cx;
use super::super::overlays::{Overlay, PromptPurpose};
use super::super::views::agenda::go_to_item;

/// Finishes the current agenda item and starts the next, going where it is worked.
pub fn next(cx: &mut Cx) {
    if cx.doc.ws.agenda.is_empty() {
        cx.say("No agenda yet: A shows it, n adds an item with its minutes");
        return;
    }
    let now = cx.session.clock.at(cx.now);
    match facilitation::advance(&cx.doc.ws, now) {
        Some((e, next)) => {
            if cx.edit(e)
                && let Some(i) = next
            {
                cx.session.views.agenda.selected = i;
                go_to_item(cx.session, cx.doc, i);
            }
        }
        None => cx.say("The agenda is complete (agenda_restart in the palette runs it again)"),
    }
}

/// Clears the agenda's start and finish times, to run it again.
pub fn restart(cx: &mut Cx) {
    match facilitation::restart(&cx.doc.ws) {
        Some(e) => {
            cx.edit(e);
        }
        None => cx.say("The agenda has not started: ] starts it"),
    }
}

/// `t`: asks how long the timebox is (again: changes or stops it).
pub fn timebox(cx: &mut Cx) {
    let title = match &cx.session.timer {
        Some(t) => format!(
            "Timebox ({} now): how long from now? 0 stops it",
            t.display(cx.now)
        ),
        None => "Timebox: how long? (10m, 90s, 1h30m)".to_owned(),
    };
    cx.open(Overlay::prompt(PromptPurpose::Timer, &title, ""));
}

/// `T`: pauses or resumes the timebox.
pub fn pause_timer(cx: &mut Cx) {
    let now = cx.now;
    match cx.session.timer.as_mut() {
        None => cx.say("No timer running: press t to start one"),
        Some(t) if t.is_running() => {
            t.pause(now);
            cx.say("Timer paused: T resumes");
        }
        Some(t) => {
            t.resume(now);
            cx.say("Timer running");
        }
    }
}
