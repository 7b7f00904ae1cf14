//! Keeping time: the agenda (`]` moves it on, starting the item's timebox) and the
//! timebox.

use std::time::Duration;

use crate::model::facilitation;

use super::super::Cx;
use super::super::overlays::{Overlay, PromptPurpose};
use super::super::timer::Timer;
use super::super::views::agenda::go_to_item;

/// Finishes the current agenda item and starts the next, going where it is worked, with
/// its minutes as the timebox: the timebox and the agenda are one clock.
pub fn next(cx: &mut Cx) {
    if cx.doc.ws.agenda.is_empty() {
        cx.say("No agenda yet: A shows it, n adds an item with its minutes");
        return;
    }
    let now = cx.session.clock.at(cx.now);
    match facilitation::advance(&cx.doc.ws, now) {
        Some((e, next)) => {
            if !cx.edit(e) {
                return;
            }
            // The finished item's timebox goes with it; a timebox of one's own stays.
            if cx
                .session
                .timer
                .as_ref()
                .is_some_and(|t| t.agenda.is_some())
            {
                cx.session.timer = None;
            }
            if let Some(i) = next {
                cx.session.views.agenda.selected = i;
                go_to_item(cx.session, cx.doc, i);
                let minutes = cx.doc.ws.agenda[i].minutes;
                if minutes > 0 {
                    let length = Duration::from_secs(u64::from(minutes) * 60);
                    cx.session.timer = Some(Timer::for_agenda(length, cx.now, i, now));
                }
            }
        }
        None => cx.say("The agenda is complete (agenda_restart in the palette runs it again)"),
    }
}

/// Clears the agenda's start and finish times, to run it again.
pub fn restart(cx: &mut Cx) {
    match facilitation::restart(&cx.doc.ws) {
        Some(e) => {
            if cx.edit(e)
                && cx
                    .session
                    .timer
                    .as_ref()
                    .is_some_and(|t| t.agenda.is_some())
            {
                cx.session.timer = None;
            }
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
