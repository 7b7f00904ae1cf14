//! What a prompt's text or a submitted form does: the dispatcher hands them here when the
//! overlay closes. Forms keep their draft and show the reason in place when the edit is
//! refused.

use crate::model::{Edit, Item, ItemKey, Moment, Stage};

use super::super::editors::{self, FormTarget};
use super::super::form::Form;
use super::super::overlays::{Overlay, PromptPurpose};
use super::super::timer::{self, Timer};
use super::super::views::{priorities, seams};
use super::super::{Cx, Refused, capitalise};

/// A prompt was answered with `text` (already cleaned and trimmed).
pub fn prompt(cx: &mut Cx, purpose: PromptPurpose, text: String) {
    match purpose {
        PromptPurpose::NewMoment { stage } => {
            let id = cx.doc.ws.next_moment_id();
            // New cards go under the focused one, or at the end of the stage.
            let position = match &cx.session.focus_moment {
                Some(_) if cx.session.focus_stage.as_ref() == Some(&stage) => {
                    cx.session.focus_position + 1
                }
                _ => cx.doc.stage_len(&stage),
            };
            let at = cx.doc.global_index_for(&stage, position, None);
            let moment = Moment {
                id: id.clone(),
                stage: stage.clone(),
                title: text,
                ..Moment::default()
            };
            if cx.edit(Edit::Insert {
                item: Item::Moment(moment),
                at,
            }) {
                cx.session.focus_stage = Some(stage);
                cx.session.focus_moment = Some(id);
            }
        }
        PromptPurpose::NewStage { after } => {
            let id = cx.doc.ws.next_stage_id();
            let at = after
                .and_then(|a| cx.doc.ws.stages.iter().position(|s| s.id == a))
                .map_or(cx.doc.ws.stages.len(), |i| i + 1);
            let stage = Stage {
                id: id.clone(),
                name: text,
                ..Stage::default()
            };
            if cx.edit(Edit::Insert {
                item: Item::Stage(stage),
                at,
            }) {
                cx.session.focus_stage = Some(id);
                cx.session.focus_stage_index = at;
                cx.session.focus_moment = None;
            }
        }
        PromptPurpose::Timer => {
            let now = cx.now;
            if matches!(text.as_str(), "0" | "off" | "stop") {
                cx.session.timer = None;
                cx.say("Timer stopped");
            } else {
                match timer::parse_duration(&text) {
                    Some(length) => {
                        let started = Timer::start(length, now);
                        let shown = started.display(now);
                        cx.session.timer = Some(started);
                        cx.say(format!("Timebox of {shown} started"));
                    }
                    None => cx.warn(format!("“{text}” is not a duration: try 10m, 90s or 1h30m")),
                }
            }
        }
        PromptPurpose::Park => {
            let at = cx.doc.ws.parking_lot.len();
            cx.edit(Edit::Batch {
                label: format!("parked “{text}” (0 lists the parking lot)"),
                edits: vec![Edit::Insert {
                    item: Item::Parking(crate::model::Parked {
                        id: cx.doc.ws.next_parked_id(),
                        text,
                    }),
                    at,
                }],
            });
        }
        PromptPurpose::EditParking(listed) => match listed.locate(&cx.doc.ws.parking_lot) {
            Some(i) => {
                let id = cx.doc.ws.parking_lot[i].id.clone();
                cx.edit(Edit::Replace {
                    key: ItemKey::Parking(i),
                    item: Item::Parking(crate::model::Parked { id, text }),
                });
            }
            None => cx.warn("That item was changed or removed meanwhile: nothing changed"),
        },
        PromptPurpose::Search => {
            let language = &mut cx.session.views.language;
            language.query = text;
            language.selected = 0;
        }
        PromptPurpose::RenameWorkspace => {
            cx.edit(Edit::SetTitle(text));
        }
    }
}

/// A form was submitted: its edit is made, or the form goes back with the reason.
pub fn form(cx: &mut Cx, target: FormTarget, mut form: Form) {
    if target == FormTarget::PriorityFilter {
        priorities::apply_form(cx.session, cx.doc, &form, cx.now);
        return;
    }
    match editors::form_edit(&cx.doc.ws, &target, &form) {
        Ok(Some(e)) => {
            if let Some(why) = &cx.session.read_only {
                form.error = Some(format!("Not saved: {why}"));
                cx.open(Overlay::Form { target, form });
                return;
            }
            let handoff = seams::edited(&e).cloned();
            match cx.try_edit(e) {
                Ok(description) => {
                    cx.say(capitalise(&description));
                    // The added or changed handoff may sort elsewhere: follow it.
                    if let Some(row) = handoff.and_then(|id| seams::row_of(cx.doc, &id)) {
                        cx.session.views.seams.selected = row;
                    }
                }
                Err(Refused::Policy(why) | Refused::Invalid(why)) => {
                    form.error = Some(why);
                    cx.open(Overlay::Form { target, form });
                }
            }
        }
        Ok(None) => cx.say("No changes"),
        Err(message) => {
            form.error = Some(message);
            cx.open(Overlay::Form { target, form });
        }
    }
}
