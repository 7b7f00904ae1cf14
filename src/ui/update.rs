//! `handle(session, doc, event)`: the only place input changes state. Keys become actions
//! through the keymap; actions become edits on the document or changes to the session.
//! Never touches a terminal, so flow tests drive it directly.

use std::time::Instant;

use crate::doc::Doc;
use crate::exchange::ExportFormat;
use crate::input::{Action, Context, Event, Key, KeyCode, Keymap, Mouse};
use crate::model::{Edit, Item, ItemKey, Moment, MomentId, Stage, facilitation};

use super::editors;
use super::form::FormOutcome;
use super::handoffs;
use super::layout;
use super::lists;
use super::owners_view;
use super::session::{
    Confirmed, Effect, FormTarget, ListKind, Overlay, OwnersDraft, PromptPurpose, Session, View,
};
use super::text::sanitize;
use super::views;

/// What an update needs besides the session and the document.
pub struct Ctx<'a> {
    pub keymap: &'a Keymap,
    pub now: Instant,
    /// Who is typing, in a shared session; recorded with each edit.
    pub author: Option<&'a str>,
}

/// The keymap context of the current view.
pub fn context(session: &Session) -> Context {
    match session.view {
        View::Board => Context::Board,
        View::Owners => Context::Owners,
        View::Experience => Context::Experience,
        View::Parking => Context::Parking,
        View::Agenda => Context::Agenda,
        View::Outline => Context::List,
        View::Seams
        | View::Priorities
        | View::Segments
        | View::Language
        | View::Plan
        | View::Checks => Context::List,
    }
}

/// Handles one input event.
pub fn handle(session: &mut Session, doc: &mut Doc, event: &Event, ctx: &Ctx) {
    clamp_focus(session, doc);
    match event {
        Event::Resize(w, h) => session.size = (*w, *h),
        Event::Paste(text) => paste(session, text),
        Event::Mouse(mouse) => {
            if session.overlays.is_empty() {
                click(session, doc, *mouse);
            }
        }
        Event::Key(key) => {
            if !session.overlays.is_empty() {
                overlay_key(session, doc, *key, ctx);
            } else if let Some(action) = ctx.keymap.action(context(session), *key) {
                act(session, doc, action, ctx);
            } else if key.code != KeyCode::Esc {
                session.say(
                    format!("{key} does nothing here. Press ? for help"),
                    ctx.now,
                );
            }
        }
    }
    clamp_focus(session, doc);
}

fn paste(session: &mut Session, text: &str) {
    let view_only = session
        .overlays
        .last()
        .filter(|o| session.reads_only(o))
        .and_then(|_| session.view_only());
    match session.overlays.last_mut() {
        Some(Overlay::Form { form, .. }) if view_only.is_some() => form.error = view_only,
        Some(Overlay::Prompt { input, .. }) | Some(Overlay::Palette { query: input, .. }) => {
            input.paste(&text.replace('\n', " "))
        }
        Some(Overlay::Form { form, .. }) => form.paste(text),
        Some(Overlay::Owners(OwnersDraft {
            naming: Some(form), ..
        })) => form.paste(text),
        _ => {}
    }
}

/// Gets a session ready to draw a frame of `area`: its size, the focus on things that
/// exist, and the scroll positions that keep the focus in view. The terminal loop, the
/// tests and the benchmarks all call this before `render`.
pub fn settle(session: &mut Session, doc: &Doc, area: ratatui::layout::Rect) {
    session.size = (area.width, area.height);
    clamp_focus(session, doc);
    match session.view {
        View::Board => layout::sync_scroll(session, doc, area),
        View::Owners => {
            owners_view::sync_scroll(session, doc, layout::screen_for(area, session).body)
        }
        _ => {}
    }
}

/// Keeps the focus on things that exist: after a delete (by anyone) it moves to the
/// neighbour, never panics.
pub fn clamp_focus(session: &mut Session, doc: &Doc) {
    session.parking_selected = session
        .parking_selected
        .min(doc.ws.parking_lot.len().saturating_sub(1));
    let stages = &doc.ws.stages;
    if stages.is_empty() {
        session.focus_stage = None;
        session.focus_moment = None;
        return;
    }
    if session.focus_stage.is_none() && session.focus_moment.is_none() {
        // A fresh session starts on the first card, ready to type.
        if let Some(first) = stages.iter().find_map(|s| doc.moment_at(&s.id, 0)) {
            session.focus_moment = Some(first.id.clone());
        }
    }
    let stage_index = session
        .focus_stage
        .as_ref()
        .and_then(|id| stages.iter().position(|s| &s.id == id))
        .unwrap_or_else(|| session.focus_stage_index.min(stages.len() - 1));
    let stage = stages[stage_index].id.clone();
    session.focus_stage_index = stage_index;
    if let Some(id) = &session.focus_moment {
        match doc.moment(id) {
            Some(m) if m.stage == stage => {
                session.focus_position = doc.position_in_stage(id).unwrap_or(0);
            }
            Some(m) => {
                // The moment moved to another stage (someone pressed L): follow it.
                let stage = m.stage.clone();
                session.focus_stage_index = stages.iter().position(|s| s.id == stage).unwrap_or(0);
                session.focus_position = doc.position_in_stage(id).unwrap_or(0);
                session.focus_stage = Some(stage);
                return;
            }
            None => {
                let len = doc.stage_len(&stage);
                session.focus_moment = if len == 0 {
                    None
                } else {
                    doc.moment_at(&stage, session.focus_position.min(len - 1))
                        .map(|m| m.id.clone())
                };
            }
        }
    }
    session.focus_stage = Some(stage);
}

fn focused_moment<'d>(session: &Session, doc: &'d Doc) -> Option<&'d Moment> {
    session.focus_moment.as_ref().and_then(|id| doc.moment(id))
}

fn focused_stage<'d>(session: &Session, doc: &'d Doc) -> Option<&'d Stage> {
    session.focus_stage.as_ref().and_then(|id| doc.ws.stage(id))
}

/// Applies an edit as one undo step, saying what happened (or why not) in the status line.
fn edit(session: &mut Session, doc: &mut Doc, edit: Edit, ctx: &Ctx) -> bool {
    if let Some(why) = &session.read_only {
        session.warn(format!("Not changed: {why}"), ctx.now);
        return false;
    }
    let edit = match allowed(session, doc, edit, ctx) {
        Ok(edit) => edit,
        Err(why) => {
            session.warn(why, ctx.now);
            return false;
        }
    };
    match doc.apply(edit, ctx.author.map(str::to_owned)) {
        Ok(description) => {
            session.say(capitalise(&description), ctx.now);
            session.request(Effect::Save);
            true
        }
        Err(e) => {
            session.warn(format!("Not changed: {e}"), ctx.now);
            false
        }
    }
}

const PARTICIPANT_LIMIT: &str = "Not changed: participants propose moments (n), vote (+ -) and park items (P); the facilitator does the rest";

/// What a session may apply: everything with full rights; for a participant, new moments
/// (made proposed, noting who proposed them), votes and parking-lot items only.
fn allowed(session: &mut Session, doc: &Doc, edit: Edit, ctx: &Ctx) -> Result<Edit, String> {
    if session.rights == super::session::Rights::Full {
        return Ok(edit);
    }
    match edit {
        Edit::Insert {
            item: Item::Moment(mut m),
            at,
        } => {
            m.status = crate::model::Status::Proposed;
            if let Some(author) = ctx.author {
                let note = format!("Proposed by {author}");
                m.notes = if m.notes.is_empty() {
                    note
                } else {
                    format!("{note}\n{}", m.notes)
                };
            }
            Ok(Edit::Insert {
                item: Item::Moment(m),
                at,
            })
        }
        e @ Edit::Insert {
            item: Item::Parking(_),
            ..
        } => Ok(e),
        Edit::SetVoting(Some(new)) => {
            // Only this participant's own dots may change.
            let own = doc.ws.voting.as_ref().is_some_and(|old| {
                let mut theirs = new.clone();
                match old.dots.get(&session.voter) {
                    Some(d) => theirs.dots.insert(session.voter.clone(), d.clone()),
                    None => theirs.dots.remove(&session.voter),
                };
                &theirs == old
            });
            if own {
                Ok(Edit::SetVoting(Some(new)))
            } else {
                Err(PARTICIPANT_LIMIT.into())
            }
        }
        Edit::Batch { label, edits } => Ok(Edit::Batch {
            label,
            edits: edits
                .into_iter()
                .map(|e| allowed(&mut *session, doc, e, ctx))
                .collect::<Result<_, _>>()?,
        }),
        _ => Err(PARTICIPANT_LIMIT.into()),
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Runs an action: from a key, the palette, or a test.
pub fn act(session: &mut Session, doc: &mut Doc, action: Action, ctx: &Ctx) {
    let now = ctx.now;
    // Refused before a prompt or question opens, so nobody types into a prompt only to
    // be told at the end that it changes nothing. Undo and redo say why in their own words.
    if session.refusal(action).is_some() && !matches!(action, Action::Undo | Action::Redo) {
        let why = match (&session.read_only, action) {
            (Some(why), _) => format!("Not changed: {why}"),
            (None, Action::VoteStart | Action::VoteReveal | Action::VoteEnd) => {
                "Only the facilitator starts, reveals and ends a vote round".to_owned()
            }
            (None, Action::AgendaNext | Action::AgendaRestart) => {
                "Only the facilitator moves the agenda on".to_owned()
            }
            (None, _) => PARTICIPANT_LIMIT.to_owned(),
        };
        session.warn(why, now);
        return;
    }
    match action {
        Action::Up
        | Action::Down
        | Action::First
        | Action::Last
        | Action::PageUp
        | Action::PageDown => match session.view {
            View::Board => move_vertical(session, doc, action),
            View::Owners => {
                let page = (session.size.1.saturating_sub(8) as isize).max(1);
                let delta = match action {
                    Action::Up => -1,
                    Action::Down => 1,
                    Action::PageUp => -page,
                    Action::PageDown => page,
                    Action::First => isize::MIN / 2,
                    _ => isize::MAX / 2,
                };
                owners_view::move_focus(session, doc, delta);
            }
            View::Experience => experience_move(session, doc, action),
            View::Seams => {
                let len = doc.analysis().seams.len();
                move_in_list(&mut session.seams_selected, session.size.1, len, action)
            }
            View::Priorities => {
                let len = views::priority_rows(doc, session).len();
                move_in_list(
                    &mut session.priorities_selected,
                    session.size.1,
                    len,
                    action,
                )
            }
            View::Checks => {
                let len = doc.analysis().findings.len();
                move_in_list(&mut session.checks_selected, session.size.1, len, action)
            }
            View::Segments => {
                let len = doc.ws.segments.len();
                move_in_list(&mut session.segments_selected, session.size.1, len, action)
            }
            View::Language => {
                let len = lists::language_rows(doc, session).len();
                move_in_list(&mut session.language_selected, session.size.1, len, action)
            }
            View::Plan => {
                let len = lists::plan_rows(doc, session).len();
                move_in_list(&mut session.plan_selected, session.size.1, len, action)
            }
            View::Parking => {
                let len = doc.ws.parking_lot.len();
                move_in_list(&mut session.parking_selected, session.size.1, len, action)
            }
            View::Agenda => {
                let len = doc.ws.agenda.len();
                move_in_list(&mut session.agenda_selected, session.size.1, len, action)
            }
            View::Outline => {
                let len = super::outline::lines(doc).len();
                move_in_list(&mut session.outline_scroll, session.size.1, len, action)
            }
        },
        Action::ViewOutline => session.view = View::Outline,
        Action::ViewAgenda => session.view = View::Agenda,
        Action::AgendaNext => agenda_next(session, doc, ctx),
        Action::AgendaGo => {
            if session.view == View::Agenda && session.agenda_selected < doc.ws.agenda.len() {
                go_to_agenda_item(session, doc, session.agenda_selected);
            } else {
                session.say("Select an agenda item first (A shows the agenda)", now);
            }
        }
        Action::AgendaRestart => match facilitation::restart(&doc.ws) {
            Some(e) => {
                edit(session, doc, e, ctx);
            }
            None => session.say("The agenda has not started: ] starts it", now),
        },
        Action::VoteStart => {
            let form = editors::vote_round_form(&doc.ws, session.vote_budget);
            session.overlays.push(Overlay::Form {
                target: FormTarget::VoteRound,
                form,
            });
        }
        Action::VoteReveal => match facilitation::reveal(&doc.ws) {
            Ok(e) => {
                edit(session, doc, e, ctx);
            }
            Err(why) => session.say(why, now),
        },
        Action::VoteEnd => match &doc.ws.voting {
            Some(r) => {
                let label = if r.revealed {
                    format!(
                        "vote round {} ended; its votes stay on the moments",
                        r.round
                    )
                } else {
                    format!(
                        "vote round {} ended unrevealed: its {} dots were dropped",
                        r.round,
                        r.total()
                    )
                };
                edit(
                    session,
                    doc,
                    Edit::Batch {
                        label,
                        edits: vec![Edit::SetVoting(None)],
                    },
                    ctx,
                );
            }
            None => session.say("No vote round is open", now),
        },
        Action::Park => session.overlays.push(Overlay::prompt(
            PromptPurpose::Park,
            "Park it: what should the room come back to?",
            "",
        )),
        Action::ViewParking => session.view = View::Parking,
        Action::ParkingToMoment | Action::ParkingToAction | Action::ParkingToTerm => {
            match parking_conversion(session, doc, action) {
                Ok(e) => {
                    edit(session, doc, e, ctx);
                }
                Err(message) => session.say(message, now),
            }
        }
        Action::ViewSegments => session.view = View::Segments,
        Action::ViewLanguage => session.view = View::Language,
        Action::ViewPlan => session.view = View::Plan,
        Action::NewItem => new_item(session, doc),
        Action::ShowOnBoard => {
            let moment = match session.view {
                View::Seams => views::seam_moment(doc, session.seams_selected),
                View::Priorities => views::priority_rows(doc, session)
                    .get(session.priorities_selected)
                    .map(|p| p.moment.clone()),
                View::Plan => lists::plan_rows(doc, session)
                    .get(session.plan_selected)
                    .map(|a| a.moment.clone()),
                _ => None,
            };
            match moment {
                Some(id) if doc.moment(&id).is_some() => show_on_board(session, doc, &id),
                _ => session.say("No moment to show on the board here", now),
            }
        }
        Action::EditProposition => match doc.ws.segments.get(session.segments_selected) {
            Some(g) if session.view == View::Segments => {
                let form = editors::proposition_form(&doc.ws, g);
                session.overlays.push(Overlay::Form {
                    target: FormTarget::Proposition(g.id.clone()),
                    form,
                });
            }
            _ => session.say("Select a segment in the Segments view first", now),
        },
        Action::Search => {
            let query = session.language_query.clone();
            session.view = View::Language;
            session.overlays.push(Overlay::prompt(
                PromptPurpose::Search,
                "Search the vocabulary",
                &query,
            ));
        }
        Action::Left | Action::Right if session.view == View::Experience => {
            experience_move(session, doc, action)
        }
        Action::RateBad
        | Action::RateNeutral
        | Action::RateGood
        | Action::RateUnknown
        | Action::ClearRating => {
            let rating = match action {
                Action::RateBad => Some(crate::model::Experience::Bad),
                Action::RateNeutral => Some(crate::model::Experience::Neutral),
                Action::RateGood => Some(crate::model::Experience::Good),
                Action::RateUnknown => Some(crate::model::Experience::Unknown),
                _ => None,
            };
            match views::rate(doc, session, rating) {
                Ok(e) => {
                    if edit(session, doc, e, ctx) {
                        // On to the next moment, so a room can rate a stage in one go.
                        let len = views::cell_moments(doc, session).len();
                        if let Some(i) = session.experience_drill.as_mut() {
                            *i = (*i + 1).min(len.saturating_sub(1));
                        }
                    }
                }
                Err(message) => session.say(message, now),
            }
        }
        Action::Back => {
            session.experience_drill = None;
            if session.view == View::Language && !session.language_query.is_empty() {
                session.language_query.clear();
                session.language_selected = 0;
            }
        }
        Action::ViewSeams => session.view = View::Seams,
        Action::ViewExperience => session.view = View::Experience,
        Action::ViewPriorities => session.view = View::Priorities,
        Action::Left | Action::Right if session.view == View::Owners => {
            owners_view::move_column(session, doc, if action == Action::Left { -1 } else { 1 });
        }
        Action::SetAccountable
        | Action::SetResponsible
        | Action::SetConsulted
        | Action::SetInformed
        | Action::ClearRole => {
            let role = match action {
                Action::SetAccountable => Some(crate::model::Role::Accountable),
                Action::SetResponsible => Some(crate::model::Role::Responsible),
                Action::SetConsulted => Some(crate::model::Role::Consulted),
                Action::SetInformed => Some(crate::model::Role::Informed),
                _ => None,
            };
            match owners_view::set_role(session, doc, role) {
                Ok(e) => {
                    edit(session, doc, e, ctx);
                }
                Err(message) => session.say(message, now),
            }
        }
        Action::Filter if session.view == View::Plan => {
            // Cycle: all → each silo → all.
            let silos = &doc.ws.silos;
            let next = match &session.plan_filter {
                None => silos.first(),
                Some(id) => silos
                    .iter()
                    .position(|s| &s.id == id)
                    .and_then(|i| silos.get(i + 1)),
            };
            session.plan_filter = next.map(|s| s.id.clone());
            session.plan_selected = 0;
        }
        Action::Filter if session.view == View::Priorities => {
            let form = super::priorities::form(&doc.ws, &session.priorities_filter);
            session.overlays.push(Overlay::Form {
                target: FormTarget::PriorityFilter,
                form,
            });
        }
        Action::Filter => {
            session.owners_filter = match (
                &session.owners_filter,
                doc.ws.silos.get(session.owners_silo),
            ) {
                (Some(_), _) | (None, None) => None,
                (None, Some(s)) => Some(s.id.clone()),
            };
            session.owners_offset = 0;
            owners_view::focus_visible(session, doc);
            match &session.owners_filter {
                Some(id) => session.say(format!("Showing only what {id} has a part in"), now),
                None => session.say("Showing every moment", now),
            }
        }
        Action::ViewOwners => session.view = View::Owners,
        Action::Left | Action::Right => {
            if session.view == View::Board && !doc.ws.stages.is_empty() {
                let n = doc.ws.stages.len();
                let i = session.focus_stage_index;
                let j = if action == Action::Left {
                    i.saturating_sub(1)
                } else {
                    (i + 1).min(n - 1)
                };
                let stage = doc.ws.stages[j].id.clone();
                let len = doc.stage_len(&stage);
                session.focus_moment = if session.focus_moment.is_none() || len == 0 {
                    None
                } else {
                    doc.moment_at(&stage, session.focus_position.min(len - 1))
                        .map(|m| m.id.clone())
                };
                session.focus_stage = Some(stage);
                session.focus_stage_index = j;
            }
        }
        Action::NewMoment => match focused_stage(session, doc) {
            Some(stage) => {
                let title = format!("New moment in {}", stage.name);
                session.overlays.push(Overlay::prompt(
                    PromptPurpose::NewMoment {
                        stage: stage.id.clone(),
                    },
                    &title,
                    "",
                ));
            }
            None => session.say("Add a stage first: press N", now),
        },
        Action::NewStage => {
            let after = session.focus_stage.clone();
            session.overlays.push(Overlay::prompt(
                PromptPurpose::NewStage { after },
                "New stage",
                "",
            ));
        }
        Action::RenameWorkspace => {
            let title = doc.ws.title.clone();
            session.overlays.push(Overlay::prompt(
                PromptPurpose::RenameWorkspace,
                "Workshop title",
                &title,
            ));
        }
        Action::Edit => match session.view {
            View::Checks => jump_to_finding(session, doc),
            View::Agenda => {
                let i = session.agenda_selected;
                if let Some(item) = doc.ws.agenda.get(i) {
                    let form = editors::agenda_form(&doc.ws, Some(item));
                    session.overlays.push(Overlay::Form {
                        target: FormTarget::Agenda(Some(i)),
                        form,
                    });
                } else {
                    new_item(session, doc);
                }
            }
            View::Owners | View::Outline => session.view = View::Board,
            View::Parking => {
                if let Some(text) = doc.ws.parking_lot.get(session.parking_selected) {
                    let i = session.parking_selected;
                    session.overlays.push(Overlay::prompt(
                        PromptPurpose::EditParking(i),
                        "Parking-lot item",
                        text,
                    ));
                }
            }
            View::Plan => {
                if let Some(a) = lists::plan_rows(doc, session).get(session.plan_selected) {
                    let form = editors::action_form(&doc.ws, Some(a), None);
                    session.overlays.push(Overlay::Form {
                        target: FormTarget::Action(Some(a.id.clone())),
                        form,
                    });
                }
            }
            View::Segments => {
                if let Some(g) = doc.ws.segments.get(session.segments_selected) {
                    let form = editors::segment_form(Some(g));
                    session.overlays.push(Overlay::Form {
                        target: FormTarget::Segment(Some(g.id.clone())),
                        form,
                    });
                }
            }
            View::Language => {
                match lists::language_rows(doc, session).get(session.language_selected) {
                    Some(lists::Word::Term(i)) => {
                        let t = &doc.ws.glossary[*i];
                        let form = editors::term_form(&doc.ws, Some(t));
                        session.overlays.push(Overlay::Form {
                            target: FormTarget::Term(Some(t.term.clone())),
                            form,
                        });
                    }
                    Some(lists::Word::Stage(i)) => {
                        let s = &doc.ws.stages[*i];
                        let form = editors::stage_form(s);
                        session.overlays.push(Overlay::Form {
                            target: FormTarget::Stage(s.id.clone()),
                            form,
                        });
                    }
                    Some(lists::Word::Moment(i)) => {
                        let id = doc.ws.moments[*i].id.clone();
                        show_on_board(session, doc, &id);
                    }
                    None => {}
                }
            }
            View::Seams => match handoffs::open_edit(doc, session) {
                Ok(form) => session.overlays.push(form),
                Err(message) => session.say(message, now),
            },
            View::Priorities => {
                if let Some(p) = views::priority_rows(doc, session).get(session.priorities_selected)
                {
                    let id = p.moment.clone();
                    show_on_board(session, doc, &id);
                }
            }
            View::Experience => {
                if session.experience_drill.is_none()
                    && !views::cell_moments(doc, session).is_empty()
                {
                    session.experience_drill = Some(0);
                }
            }
            View::Board => {
                if let Some(m) = focused_moment(session, doc) {
                    let form = editors::moment_form(&doc.ws, m);
                    session.overlays.push(Overlay::Form {
                        target: FormTarget::Moment(m.id.clone()),
                        form,
                    });
                } else if let Some(s) = focused_stage(session, doc) {
                    let form = editors::stage_form(s);
                    session.overlays.push(Overlay::Form {
                        target: FormTarget::Stage(s.id.clone()),
                        form,
                    });
                } else {
                    session.say("Nothing to edit yet: press N to add a stage", now);
                }
            }
        },
        Action::Delete => {
            let key = if let Some(m) = focused_moment(session, doc) {
                Some((
                    ItemKey::Moment(m.id.clone()),
                    format!("{} “{}”", m.id, m.title),
                ))
            } else {
                focused_stage(session, doc).map(|s| {
                    (
                        ItemKey::Stage(s.id.clone()),
                        format!("stage {} {}", s.id, s.name),
                    )
                })
            };
            let key = match session.view {
                View::Seams => match handoffs::to_delete(doc, session) {
                    Ok(key) => Some(key),
                    Err(why) => {
                        session.say(why, now);
                        return;
                    }
                },
                View::Board => key.map(|(k, n)| (k, n.to_string())),
                View::Agenda => doc.ws.agenda.get(session.agenda_selected).map(|a| {
                    (
                        ItemKey::Agenda(session.agenda_selected),
                        format!("agenda item “{}”", a.title),
                    )
                }),
                View::Parking => doc.ws.parking_lot.get(session.parking_selected).map(|t| {
                    (
                        ItemKey::Parking(session.parking_selected),
                        format!("“{t}” from the parking lot"),
                    )
                }),
                View::Plan => lists::plan_rows(doc, session)
                    .get(session.plan_selected)
                    .map(|a| {
                        (
                            ItemKey::Action(a.id.clone()),
                            format!("action {} “{}”", a.id, a.what),
                        )
                    }),
                View::Segments => doc.ws.segments.get(session.segments_selected).map(|g| {
                    (
                        ItemKey::Segment(g.id.clone()),
                        format!("segment {} {}", g.id, g.name),
                    )
                }),
                View::Language => {
                    match lists::language_rows(doc, session).get(session.language_selected) {
                        Some(lists::Word::Term(i)) => {
                            let t = &doc.ws.glossary[*i];
                            Some((ItemKey::Term(t.term.clone()), format!("term “{}”", t.term)))
                        }
                        _ => None,
                    }
                }
                _ => None,
            };
            match key {
                Some((key, name)) => ask_delete(session, doc, key, &name),
                None => session.say("Nothing to delete here", now),
            }
        }
        Action::Owners => match focused_moment(session, doc) {
            Some(m) => {
                session.overlays.push(Overlay::Owners(OwnersDraft {
                    moment: m.id.clone(),
                    owners: m.owners.clone(),
                    cursor: 0,
                    naming: None,
                }));
            }
            None => session.say("Focus a moment to set its owners", now),
        },
        Action::MoveToPrevStage | Action::MoveToNextStage => {
            let Some(m) = focused_moment(session, doc).cloned() else {
                session.say("Focus a moment to move it", now);
                return;
            };
            let i = session.focus_stage_index;
            let j = if action == Action::MoveToPrevStage {
                i.checked_sub(1)
            } else {
                (i + 1 < doc.ws.stages.len()).then_some(i + 1)
            };
            let Some(j) = j else {
                session.say("No stage further that way", now);
                return;
            };
            let target = doc.ws.stages[j].clone();
            let position = session.focus_position.min(doc.stage_len(&target.id));
            let to = doc.global_index_for(&target.id, position, Some(&m.id));
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
            if edit(session, doc, batch, ctx) {
                session.focus_stage = Some(target.id);
                session.focus_stage_index = j;
            }
        }
        Action::MoveUp | Action::MoveDown if session.view == View::Agenda => {
            let i = session.agenda_selected;
            let to = if action == Action::MoveUp {
                i.checked_sub(1)
            } else {
                Some(i + 1).filter(|j| *j < doc.ws.agenda.len())
            };
            match to {
                Some(to) if i < doc.ws.agenda.len() => {
                    let moved = edit(
                        session,
                        doc,
                        Edit::Move {
                            key: ItemKey::Agenda(i),
                            to,
                        },
                        ctx,
                    );
                    if moved {
                        session.agenda_selected = to;
                    }
                }
                _ => session.say("It cannot move further", now),
            }
        }
        Action::MoveUp | Action::MoveDown => {
            let Some(m) = focused_moment(session, doc).cloned() else {
                return;
            };
            let pos = session.focus_position;
            let len = doc.stage_len(&m.stage);
            let new_pos = if action == Action::MoveUp {
                pos.checked_sub(1)
            } else {
                (pos + 1 < len).then_some(pos + 1)
            };
            if let Some(new_pos) = new_pos {
                let to = doc.global_index_for(&m.stage, new_pos, Some(&m.id));
                edit(
                    session,
                    doc,
                    Edit::Batch {
                        label: format!(
                            "moved {} {}",
                            m.id,
                            if new_pos < pos { "up" } else { "down" }
                        ),
                        edits: vec![Edit::Move {
                            key: ItemKey::Moment(m.id.clone()),
                            to,
                        }],
                    },
                    ctx,
                );
            }
        }
        Action::MoveStageLeft | Action::MoveStageRight => {
            let Some(s) = focused_stage(session, doc).cloned() else {
                return;
            };
            let i = session.focus_stage_index;
            let j = if action == Action::MoveStageLeft {
                i.checked_sub(1)
            } else {
                (i + 1 < doc.ws.stages.len()).then_some(i + 1)
            };
            if let Some(j) = j {
                edit(
                    session,
                    doc,
                    Edit::Batch {
                        label: format!(
                            "moved stage {} {}",
                            s.name,
                            if j < i { "left" } else { "right" }
                        ),
                        edits: vec![Edit::Move {
                            key: ItemKey::Stage(s.id.clone()),
                            to: j,
                        }],
                    },
                    ctx,
                );
                session.focus_stage_index = j;
            }
        }
        Action::VoteAdd | Action::VoteRemove
            if doc.ws.voting.is_some() || session.rights != super::session::Rights::Full =>
        {
            let Some(id) = focused_moment(session, doc).map(|m| m.id.clone()) else {
                session.say("Focus a moment first", now);
                return;
            };
            cast_dot(
                session,
                doc,
                &id,
                if action == Action::VoteAdd { 1 } else { -1 },
                ctx,
            );
        }
        Action::VoteAdd | Action::VoteRemove | Action::ToggleAgreed => {
            let Some(m) = focused_moment(session, doc).cloned() else {
                session.say("Focus a moment first", now);
                return;
            };
            let mut changed = m.clone();
            let label = match action {
                Action::VoteAdd => {
                    changed.votes += 1;
                    format!(
                        "{} has {} vote{}",
                        m.id,
                        changed.votes,
                        if changed.votes == 1 { "" } else { "s" }
                    )
                }
                Action::VoteRemove => {
                    if m.votes == 0 {
                        session.say(format!("{} has no votes to remove", m.id), now);
                        return;
                    }
                    changed.votes -= 1;
                    format!(
                        "{} has {} vote{}",
                        m.id,
                        changed.votes,
                        if changed.votes == 1 { "" } else { "s" }
                    )
                }
                _ => {
                    changed.status = match m.status {
                        crate::model::Status::Proposed => crate::model::Status::Agreed,
                        crate::model::Status::Agreed => crate::model::Status::Proposed,
                    };
                    format!(
                        "{} is {}",
                        m.id,
                        if changed.status == crate::model::Status::Agreed {
                            "agreed"
                        } else {
                            "proposed again"
                        }
                    )
                }
            };
            edit(
                session,
                doc,
                Edit::Batch {
                    label,
                    edits: vec![Edit::Replace {
                        key: ItemKey::Moment(m.id.clone()),
                        item: Item::Moment(changed),
                    }],
                },
                ctx,
            );
        }
        Action::CycleSegment => {
            let segments = &doc.ws.segments;
            if segments.is_empty() {
                session.say("No segments yet: press G to add one", now);
                return;
            }
            let next = match &session.segment {
                None => Some(0),
                Some(id) => segments
                    .iter()
                    .position(|g| &g.id == id)
                    .and_then(|i| (i + 1 < segments.len()).then_some(i + 1)),
            };
            session.segment = next.map(|i| segments[i].id.clone());
            match next {
                Some(i) => session.say(format!("Experience shown for {}", segments[i].name), now),
                None => session.say("Experience shown: the worst across segments", now),
            }
        }
        Action::Silos => session.overlays.push(Overlay::List {
            kind: ListKind::Silos,
            selected: 0,
        }),
        Action::Segments => session.overlays.push(Overlay::List {
            kind: ListKind::Segments,
            selected: 0,
        }),
        // The history is shared: an observer's or a read-only session's undo would change
        // the document as surely as an edit.
        Action::Undo | Action::Redo if session.read_only.is_some() => {
            let why = session.read_only.as_deref().unwrap_or_default();
            session.warn(format!("Not changed: {why}"), now);
        }
        Action::Undo | Action::Redo if session.rights != super::session::Rights::Full => {
            session.warn(
                "Undo and redo are the facilitator's: the history is shared",
                now,
            );
        }
        Action::Undo => match doc.undo() {
            None => session.say("Nothing to undo", now),
            Some(Ok(step)) => {
                let by = step
                    .author
                    .map(|a| format!(" (by {a})"))
                    .unwrap_or_default();
                session.say(format!("Undid: {}{by}", step.description), now);
                session.request(Effect::Save);
            }
            Some(Err(e)) => session.warn(format!("Could not undo: {e}"), now),
        },
        Action::Redo => match doc.redo() {
            None => session.say("Nothing to redo", now),
            Some(Ok(step)) => {
                let by = step
                    .author
                    .map(|a| format!(" (by {a})"))
                    .unwrap_or_default();
                session.say(format!("Redid: {}{by}", step.description), now);
                session.request(Effect::Save);
            }
            Some(Err(e)) => session.warn(format!("Could not redo: {e}"), now),
        },
        Action::NextView => session.view = session.view.next(),
        Action::PrevView => session.view = session.view.prev(),
        Action::ViewBoard => session.view = View::Board,
        Action::ViewChecks => session.view = View::Checks,
        Action::Palette => session.overlays.push(Overlay::Palette {
            query: super::form::Form::new("palette", vec![super::form::Field::line("", "", "")]),
            selected: 0,
        }),
        Action::Help => session.overlays.push(Overlay::Help { scroll: 0 }),
        Action::Save => session.request(Effect::SaveNow),
        Action::Present => {
            session.present = !session.present;
            session.spotlight = session.present;
            session.view = View::Board;
            if session.present {
                session.say(
                    "Presentation mode: F5 leaves, * toggles the spotlight, every key still works",
                    now,
                );
            } else {
                session.say("Presentation mode off", now);
            }
        }
        Action::Follow => match session.follow {
            Some(_) => session.request(Effect::ToggleFollow),
            None => session.say(
                "Following the facilitator only applies in remote sessions (moments serve)",
                now,
            ),
        },
        Action::Spotlight => {
            session.spotlight = !session.spotlight;
            session.say(
                if session.spotlight {
                    "Spotlight on the focused item"
                } else {
                    "Spotlight off"
                },
                now,
            );
        }
        Action::Timebox => {
            let title = match &session.timer {
                Some(t) => format!(
                    "Timebox ({} now): how long from now? 0 stops it",
                    t.display(now)
                ),
                None => "Timebox: how long? (10m, 90s, 1h30m)".to_owned(),
            };
            session
                .overlays
                .push(Overlay::prompt(PromptPurpose::Timer, &title, ""));
        }
        Action::PauseTimer => match session.timer.as_mut() {
            None => session.say("No timer running: press t to start one", now),
            Some(t) if t.is_running() => {
                t.pause(now);
                session.say("Timer paused: T resumes", now);
            }
            Some(t) => {
                t.resume(now);
                session.say("Timer running", now);
            }
        },
        Action::ExportMarkdown => session.request(Effect::Export(ExportFormat::Md)),
        Action::ExportHtml => session.request(Effect::Export(ExportFormat::Html)),
        Action::ExportCsv => session.request(Effect::Export(ExportFormat::Csv)),
        Action::ExportMermaid => session.request(Effect::Export(ExportFormat::Mermaid)),
        Action::ExportJson => session.request(Effect::Export(ExportFormat::Json)),
        Action::Quit => session.request(Effect::Quit),
    }
}

/// Places or takes back one of this session's dots in the vote round.
fn cast_dot(session: &mut Session, doc: &mut Doc, id: &MomentId, delta: i32, ctx: &Ctx) {
    let voter = session.voter.clone();
    match facilitation::vote(&doc.ws, &voter, id, delta) {
        Ok(e) => {
            if edit(session, doc, e, ctx)
                && let Some(round) = &doc.ws.voting
            {
                let whose = if voter == facilitation::ROOM {
                    "the room's"
                } else {
                    "your"
                };
                session.say(
                    format!(
                        "{id}: {} of {whose} dots · {} of {} left · tallies hidden until revealed",
                        round.mine(&voter, id),
                        round.left(&voter),
                        round.allowance(&voter)
                    ),
                    ctx.now,
                );
            }
        }
        Err(why) => session.warn(why, ctx.now),
    }
}

/// Finishes the current agenda item and starts the next, going where it is worked.
fn agenda_next(session: &mut Session, doc: &mut Doc, ctx: &Ctx) {
    if doc.ws.agenda.is_empty() {
        session.say(
            "No agenda yet: A shows it, n adds an item with its minutes",
            ctx.now,
        );
        return;
    }
    let now = session.clock.at(ctx.now);
    match facilitation::advance(&doc.ws, now) {
        Some((e, next)) => {
            if edit(session, doc, e, ctx)
                && let Some(i) = next
            {
                session.agenda_selected = i;
                go_to_agenda_item(session, doc, i);
            }
        }
        None => session.say(
            "The agenda is complete (agenda_restart in the palette runs it again)",
            ctx.now,
        ),
    }
}

/// Shows the view and stage an agenda item is worked in.
fn go_to_agenda_item(session: &mut Session, doc: &Doc, i: usize) {
    let Some(item) = doc.ws.agenda.get(i) else {
        return;
    };
    if let Some(screen) = item.view {
        session.view = screen;
    }
    if let Some(stage) = &item.stage
        && let Some(at) = doc.ws.stages.iter().position(|s| &s.id == stage)
    {
        session.focus_stage = Some(stage.clone());
        session.focus_stage_index = at;
        session.focus_moment = doc.moment_at(stage, 0).map(|m| m.id.clone());
        session.focus_position = 0;
        if item.view.is_none() {
            session.view = View::Board;
        }
    }
}

fn ask_delete(session: &mut Session, doc: &Doc, key: ItemKey, name: &str) {
    match Edit::remove_cascade(&doc.ws, &key) {
        Ok(edit) => {
            let also = match &edit {
                Edit::Batch { edits, label } if edits.len() > 1 => label
                    .split_once(" with ")
                    .map(|(_, d)| format!(" with {d}"))
                    .unwrap_or_default(),
                _ => String::new(),
            };
            session.overlays.push(Overlay::Confirm {
                question: format!("Delete {name}{also}? (u undoes)"),
                on_yes: Confirmed::Apply(Box::new(edit)),
            });
        }
        Err(e) => session.warn(e.to_string(), Instant::now()),
    }
}

fn move_vertical(session: &mut Session, doc: &Doc, action: Action) {
    let Some(stage) = session.focus_stage.clone() else {
        return;
    };
    let len = doc.stage_len(&stage);
    if len == 0 {
        session.focus_moment = None;
        return;
    }
    let page = usize::from(session.size.1.saturating_sub(8) / 3).max(1);
    // Position −1 is the stage header: Up from the first card focuses the stage itself.
    let here: isize = match &session.focus_moment {
        None => -1,
        Some(_) => session.focus_position as isize,
    };
    let last = len as isize - 1;
    let to = match action {
        Action::Up => here - 1,
        Action::Down => here + 1,
        Action::First => 0,
        Action::Last => last,
        Action::PageUp => here - page as isize,
        Action::PageDown => here + page as isize,
        _ => here,
    }
    .clamp(-1, last);
    if to < 0 {
        session.focus_moment = None;
    } else {
        session.focus_position = to as usize;
        session.focus_moment = doc.moment_at(&stage, to as usize).map(|m| m.id.clone());
    }
}

fn move_in_list(selected: &mut usize, height: u16, len: usize, action: Action) {
    if len == 0 {
        return;
    }
    let page = usize::from(height.saturating_sub(6)).max(1);
    let i = (*selected).min(len - 1);
    *selected = match action {
        Action::Up => i.saturating_sub(1),
        Action::Down => (i + 1).min(len - 1),
        Action::First => 0,
        Action::Last => len - 1,
        Action::PageUp => i.saturating_sub(page),
        Action::PageDown => (i + page).min(len - 1),
        _ => i,
    };
}

/// Moves in the heatmap, or in the list of moments behind a cell when drilling in.
fn experience_move(session: &mut Session, doc: &Doc, action: Action) {
    if let Some(selected) = session.experience_drill {
        let len = views::cell_moments(doc, session).len();
        let mut s = selected;
        move_in_list(&mut s, session.size.1, len, action);
        session.experience_drill = Some(s);
        return;
    }
    let rows = doc.ws.segments.len();
    let cols = doc.ws.stages.len();
    if rows == 0 || cols == 0 {
        return;
    }
    match action {
        Action::Up => session.experience_segment = session.experience_segment.saturating_sub(1),
        Action::Down => session.experience_segment = (session.experience_segment + 1).min(rows - 1),
        Action::Left => session.experience_stage = session.experience_stage.saturating_sub(1),
        Action::Right => session.experience_stage = (session.experience_stage + 1).min(cols - 1),
        Action::First => session.experience_stage = 0,
        Action::Last => session.experience_stage = cols - 1,
        _ => {}
    }
}

/// The one edit that turns the selected parking-lot item into a moment (in the focused
/// stage), an action (for the focused moment) or a glossary term.
fn parking_conversion(session: &Session, doc: &Doc, action: Action) -> Result<Edit, String> {
    let i = session.parking_selected;
    let text = doc
        .ws
        .parking_lot
        .get(i)
        .ok_or("The parking lot is empty")?
        .clone();
    let remove = Edit::Remove(ItemKey::Parking(i));
    let (label, add) = match action {
        Action::ParkingToMoment => {
            let stage = session
                .focus_stage
                .clone()
                .or_else(|| doc.ws.stages.first().map(|s| s.id.clone()))
                .ok_or("Add a stage first: the moment needs one")?;
            let id = doc.ws.next_moment_id();
            let at = doc.global_index_for(&stage, doc.stage_len(&stage), None);
            let name = doc
                .ws
                .stage(&stage)
                .map_or(String::new(), |s| s.name.clone());
            (
                format!("“{text}” is now moment {id} in {name}"),
                Edit::Insert {
                    item: Item::Moment(Moment {
                        id,
                        stage,
                        title: text.clone(),
                        ..Moment::default()
                    }),
                    at,
                },
            )
        }
        Action::ParkingToAction => {
            let moment = session
                .focus_moment
                .clone()
                .ok_or("Focus a moment on the board first: the action improves it")?;
            let id = doc.ws.next_action_id();
            (
                format!("“{text}” is now action {id} for {moment}"),
                Edit::Insert {
                    item: Item::Action(crate::model::Action {
                        id,
                        moment,
                        what: text.clone(),
                        owner: None,
                        due: String::new(),
                        status: crate::model::ActionStatus::Open,
                    }),
                    at: doc.ws.actions.len(),
                },
            )
        }
        _ => (
            format!("“{text}” is now a glossary term"),
            Edit::Insert {
                item: Item::Term(crate::model::Term {
                    term: text.clone(),
                    ..Default::default()
                }),
                at: doc.ws.glossary.len(),
            },
        ),
    };
    Ok(Edit::Batch {
        label,
        edits: vec![add, remove],
    })
}

/// Adds an item to the list in view.
fn new_item(session: &mut Session, doc: &Doc) {
    let (target, form) = match session.view {
        View::Plan => (
            FormTarget::Action(None),
            editors::action_form(&doc.ws, None, session.focus_moment.as_ref()),
        ),
        View::Language => (FormTarget::Term(None), editors::term_form(&doc.ws, None)),
        View::Segments => (FormTarget::Segment(None), editors::segment_form(None)),
        View::Agenda => (
            FormTarget::Agenda(None),
            editors::agenda_form(&doc.ws, None),
        ),
        View::Seams => {
            match handoffs::open_new(doc, session) {
                Ok(form) => session.overlays.push(form),
                Err(message) => session.say(message, Instant::now()),
            }
            return;
        }
        _ => {
            session.say("Nothing to add here", Instant::now());
            return;
        }
    };
    session.overlays.push(Overlay::Form { target, form });
}

/// Focuses a moment on the board.
fn show_on_board(session: &mut Session, doc: &Doc, id: &MomentId) {
    if let Some(m) = doc.moment(id) {
        session.focus_stage = Some(m.stage.clone());
        session.focus_moment = Some(m.id.clone());
        session.focus_position = doc.position_in_stage(id).unwrap_or(0);
        session.view = View::Board;
    }
}

/// Focuses the item a finding is about, on the board.
fn jump_to_finding(session: &mut Session, doc: &Doc) {
    let Some(finding) = doc.analysis().findings.get(session.checks_selected) else {
        return;
    };
    let moment: Option<MomentId> = match &finding.item {
        ItemKey::Moment(id) => Some(id.clone()),
        ItemKey::Handoff(id) => doc
            .ws
            .handoffs
            .iter()
            .find(|h| &h.id == id)
            .map(|h| h.moment.clone()),
        ItemKey::Action(id) => doc
            .ws
            .actions
            .iter()
            .find(|a| &a.id == id)
            .map(|a| a.moment.clone()),
        _ => None,
    };
    let now = Instant::now();
    if let Some(m) = moment.as_ref().and_then(|id| doc.moment(id)) {
        session.focus_stage = Some(m.stage.clone());
        session.focus_moment = Some(m.id.clone());
        session.view = View::Board;
        return;
    }
    match &finding.item {
        ItemKey::Stage(id) => {
            session.focus_stage = Some(id.clone());
            session.focus_moment = None;
            session.view = View::Board;
        }
        ItemKey::Silo(_) => {
            let selected = doc
                .ws
                .silos
                .iter()
                .position(|s| ItemKey::Silo(s.id.clone()) == finding.item)
                .unwrap_or(0);
            session.overlays.push(Overlay::List {
                kind: ListKind::Silos,
                selected,
            });
        }
        ItemKey::Segment(_) | ItemKey::Proposition(_) => session.overlays.push(Overlay::List {
            kind: ListKind::Segments,
            selected: 0,
        }),
        other => session.say(format!("{other} has no place on the board yet"), now),
    }
}

fn click(session: &mut Session, doc: &Doc, mouse: Mouse) {
    if session.view != View::Board {
        return;
    }
    let (w, h) = session.size;
    let board = layout::board(doc, session, ratatui::layout::Rect::new(0, 0, w, h));
    match mouse {
        Mouse::Click { column, row } => {
            if let Some(hit) = board.hit(column, row) {
                session.focus_stage = Some(hit.stage.clone());
                session.focus_stage_index = doc
                    .ws
                    .stages
                    .iter()
                    .position(|s| s.id == hit.stage)
                    .unwrap_or(0);
                session.focus_moment = hit.moment.clone();
                if let Some(id) = &hit.moment {
                    session.focus_position = doc.position_in_stage(id).unwrap_or(0);
                }
            }
        }
        Mouse::ScrollUp { column, row } | Mouse::ScrollDown { column, row } => {
            let down = matches!(mouse, Mouse::ScrollDown { .. });
            if let Some(stage) = board.column_at(column, row) {
                let first = session.first_card.entry(stage.clone()).or_insert(0);
                let len = doc.stage_len(&stage);
                *first = if down {
                    (*first + 1).min(len.saturating_sub(1))
                } else {
                    first.saturating_sub(1)
                };
            }
        }
    }
}

fn overlay_key(session: &mut Session, doc: &mut Doc, key: Key, ctx: &Ctx) {
    let now = ctx.now;
    let Some(overlay) = session.overlays.pop() else {
        return;
    };
    match overlay {
        Overlay::Prompt {
            purpose,
            title,
            mut input,
        } => match input.key(key) {
            FormOutcome::Editing => session.overlays.push(Overlay::Prompt {
                purpose,
                title,
                input,
            }),
            FormOutcome::Cancel => {}
            FormOutcome::Submit => {
                let text = sanitize(&input.fields[0].value(), false).trim().to_owned();
                if text.is_empty()
                    && !matches!(
                        purpose,
                        PromptPurpose::RenameWorkspace | PromptPurpose::Search
                    )
                {
                    session.say("Nothing typed: nothing added", now);
                    return;
                }
                submit_prompt(session, doc, purpose, text, ctx);
            }
        },
        Overlay::Confirm { question, on_yes } => match key.code {
            KeyCode::Char('y') | KeyCode::Char('Y') | KeyCode::Enter => match on_yes {
                Confirmed::Apply(e) => {
                    edit(session, doc, *e, ctx);
                }
                Confirmed::DiscardDraft => {
                    // The editor below the question is the draft being dropped.
                    session.overlays.pop();
                }
                Confirmed::QuitWithoutSaving => session.request(Effect::QuitWithoutSaving),
            },
            KeyCode::Char('n') | KeyCode::Char('N') | KeyCode::Esc => {}
            _ => session.overlays.push(Overlay::Confirm { question, on_yes }),
        },
        Overlay::Form {
            target: FormTarget::PriorityFilter,
            mut form,
        } => match form.key(key) {
            FormOutcome::Editing => session.overlays.push(Overlay::Form {
                target: FormTarget::PriorityFilter,
                form,
            }),
            // Nothing to lose: the filter stays as it was.
            FormOutcome::Cancel => {}
            FormOutcome::Submit => {
                let filter = super::priorities::from_form(&doc.ws, &form);
                let parts = filter.describe(&doc.ws);
                session.priorities_filter = filter;
                session.priorities_selected = 0;
                if parts.is_empty() {
                    session.say("Priorities: every moment, by score", now);
                } else {
                    session.say(format!("Priorities: {}", parts.join(" · ")), now);
                }
            }
        },
        Overlay::Form { target, mut form } if session.is_view_only() => {
            if form.view_key(key, session.view_only()) == FormOutcome::Editing {
                session.overlays.push(Overlay::Form { target, form });
            }
        }
        Overlay::Form { target, mut form } => match form.key(key) {
            FormOutcome::Editing => session.overlays.push(Overlay::Form { target, form }),
            FormOutcome::Cancel => {
                let touched = form.touched;
                session.overlays.push(Overlay::Form { target, form });
                if touched {
                    session.overlays.push(Overlay::Confirm {
                        question: "Discard your changes? (y discards, n keeps editing)".into(),
                        on_yes: Confirmed::DiscardDraft,
                    });
                } else {
                    session.overlays.pop();
                }
            }
            FormOutcome::Submit => match editors::form_edit(&doc.ws, &target, &form) {
                Ok(Some(e)) => {
                    if let Some(why) = &session.read_only {
                        form.error = Some(format!("Not saved: {why}"));
                        session.overlays.push(Overlay::Form { target, form });
                        return;
                    }
                    let e = match allowed(session, doc, e, ctx) {
                        Ok(e) => e,
                        Err(why) => {
                            form.error = Some(why);
                            session.overlays.push(Overlay::Form { target, form });
                            return;
                        }
                    };
                    let handoff = handoffs::edited(&e).cloned();
                    match doc.apply(e, ctx.author.map(str::to_owned)) {
                        Ok(description) => {
                            session.say(capitalise(&description), now);
                            session.request(Effect::Save);
                            // The added or changed handoff may sort elsewhere: follow it.
                            if let Some(row) = handoff.and_then(|id| handoffs::row_of(doc, &id)) {
                                session.seams_selected = row;
                            }
                        }
                        Err(e) => {
                            form.error = Some(e.to_string());
                            session.overlays.push(Overlay::Form { target, form });
                        }
                    }
                }
                Ok(None) => session.say("No changes", now),
                Err(message) => {
                    form.error = Some(message);
                    session.overlays.push(Overlay::Form { target, form });
                }
            },
        },
        Overlay::Owners(draft) => owners_key(session, doc, draft, key, ctx),
        Overlay::List { kind, selected } => list_key(session, doc, kind, selected, key, now),
        Overlay::Help { scroll } => match key.code {
            KeyCode::Esc | KeyCode::Char('q') | KeyCode::Char('?') | KeyCode::Enter => {}
            KeyCode::Down | KeyCode::Char('j') => {
                session.overlays.push(Overlay::Help { scroll: scroll + 1 })
            }
            KeyCode::Up | KeyCode::Char('k') => session.overlays.push(Overlay::Help {
                scroll: scroll.saturating_sub(1),
            }),
            KeyCode::PageDown | KeyCode::Char(' ') => session.overlays.push(Overlay::Help {
                scroll: scroll + 10,
            }),
            KeyCode::PageUp => session.overlays.push(Overlay::Help {
                scroll: scroll.saturating_sub(10),
            }),
            KeyCode::Home => session.overlays.push(Overlay::Help { scroll: 0 }),
            _ => session.overlays.push(Overlay::Help { scroll }),
        },
        Overlay::Palette {
            mut query,
            selected,
        } => {
            let matches =
                super::palette::matches(&query.fields[0].value(), ctx.keymap, context(session));
            match key.code {
                KeyCode::Esc => {}
                KeyCode::Enter => {
                    if let Some(action) = matches.get(selected).map(|m| m.action) {
                        act(session, doc, action, ctx);
                    }
                }
                KeyCode::Down | KeyCode::Tab => session.overlays.push(Overlay::Palette {
                    query,
                    selected: (selected + 1).min(matches.len().saturating_sub(1)),
                }),
                KeyCode::Up | KeyCode::BackTab => session.overlays.push(Overlay::Palette {
                    query,
                    selected: selected.saturating_sub(1),
                }),
                _ => {
                    query.key(key);
                    session
                        .overlays
                        .push(Overlay::Palette { query, selected: 0 });
                }
            }
        }
        // Any key dismisses the summary; it has done its job.
        Overlay::Summary(_) => {}
        Overlay::DiskConflict => match key.code {
            KeyCode::Char('r') => session.request(Effect::Reload),
            KeyCode::Char('k') => session.request(Effect::KeepMineAsCopy),
            KeyCode::Char('o') => session.request(Effect::Overwrite),
            _ => session.overlays.push(Overlay::DiskConflict),
        },
    }
}

fn submit_prompt(
    session: &mut Session,
    doc: &mut Doc,
    purpose: PromptPurpose,
    text: String,
    ctx: &Ctx,
) {
    match purpose {
        PromptPurpose::NewMoment { stage } => {
            let id = doc.ws.next_moment_id();
            let position = doc.stage_len(&stage);
            // New cards go under the focused one, or at the end of the stage.
            let position = match &session.focus_moment {
                Some(_) if session.focus_stage.as_ref() == Some(&stage) => {
                    session.focus_position + 1
                }
                _ => position,
            };
            let at = doc.global_index_for(&stage, position, None);
            let moment = Moment {
                id: id.clone(),
                stage: stage.clone(),
                title: text,
                ..Moment::default()
            };
            if edit(
                session,
                doc,
                Edit::Insert {
                    item: Item::Moment(moment),
                    at,
                },
                ctx,
            ) {
                session.focus_stage = Some(stage);
                session.focus_moment = Some(id);
            }
        }
        PromptPurpose::NewStage { after } => {
            let id = doc.ws.next_stage_id();
            let at = after
                .and_then(|a| doc.ws.stages.iter().position(|s| s.id == a))
                .map_or(doc.ws.stages.len(), |i| i + 1);
            let stage = Stage {
                id: id.clone(),
                name: text,
                ..Stage::default()
            };
            if edit(
                session,
                doc,
                Edit::Insert {
                    item: Item::Stage(stage),
                    at,
                },
                ctx,
            ) {
                session.focus_stage = Some(id);
                session.focus_stage_index = at;
                session.focus_moment = None;
            }
        }
        PromptPurpose::Timer => {
            let now = ctx.now;
            if matches!(text.as_str(), "0" | "off" | "stop") {
                session.timer = None;
                session.say("Timer stopped", now);
            } else {
                match super::timer::parse_duration(&text) {
                    Some(length) => {
                        session.timer = Some(super::timer::Timer::start(length, now));
                        session.say(
                            format!(
                                "Timebox of {} started",
                                super::timer::Timer::start(length, now).display(now)
                            ),
                            now,
                        );
                    }
                    None => session.warn(
                        format!("“{text}” is not a duration: try 10m, 90s or 1h30m"),
                        now,
                    ),
                }
            }
        }
        PromptPurpose::Park => {
            let at = doc.ws.parking_lot.len();
            edit(
                session,
                doc,
                Edit::Batch {
                    label: format!("parked “{text}” (0 lists the parking lot)"),
                    edits: vec![Edit::Insert {
                        item: Item::Parking(text),
                        at,
                    }],
                },
                ctx,
            );
        }
        PromptPurpose::EditParking(i) => {
            edit(
                session,
                doc,
                Edit::Replace {
                    key: ItemKey::Parking(i),
                    item: Item::Parking(text),
                },
                ctx,
            );
        }
        PromptPurpose::Search => {
            session.language_query = text;
            session.language_selected = 0;
        }
        PromptPurpose::RenameWorkspace => {
            edit(session, doc, Edit::SetTitle(text), ctx);
        }
    }
}

fn owners_key(session: &mut Session, doc: &mut Doc, mut draft: OwnersDraft, key: Key, ctx: &Ctx) {
    use crate::model::{Owner, Role};
    let silos = &doc.ws.silos;
    if let Some(why) = session.view_only() {
        // Only looking: move between silos, close; anything else says why not.
        match key.code {
            KeyCode::Esc | KeyCode::Enter | KeyCode::Char('q') => return,
            KeyCode::Up | KeyCode::Char('k') => draft.cursor = draft.cursor.saturating_sub(1),
            KeyCode::Down | KeyCode::Char('j') => {
                draft.cursor = (draft.cursor + 1).min(silos.len().saturating_sub(1))
            }
            _ => session.warn(why, ctx.now),
        }
        session.overlays.push(Overlay::Owners(draft));
        return;
    }
    if let Some(mut form) = draft.naming.take() {
        match form.key(key) {
            FormOutcome::Editing => draft.naming = Some(form),
            FormOutcome::Cancel => {}
            FormOutcome::Submit => {
                if let Some(silo) = silos.get(draft.cursor) {
                    let person = sanitize(&form.fields[0].value(), false);
                    match draft.owners.iter_mut().find(|o| o.silo == silo.id) {
                        Some(o) => o.person = person,
                        None => draft.owners.push(Owner {
                            silo: silo.id.clone(),
                            role: Role::Responsible,
                            person,
                        }),
                    }
                }
            }
        }
        session.overlays.push(Overlay::Owners(draft));
        return;
    }
    let n = silos.len();
    let role = match key.code {
        KeyCode::Char('a') | KeyCode::Char('A') => Some(Some(Role::Accountable)),
        KeyCode::Char('r') | KeyCode::Char('R') => Some(Some(Role::Responsible)),
        KeyCode::Char('c') | KeyCode::Char('C') => Some(Some(Role::Consulted)),
        KeyCode::Char('i') | KeyCode::Char('I') => Some(Some(Role::Informed)),
        KeyCode::Char('x') | KeyCode::Char(' ') | KeyCode::Backspace | KeyCode::Delete => {
            Some(None)
        }
        _ => None,
    };
    if let Some(role) = role {
        if let Some(silo) = silos.get(draft.cursor) {
            let existing = draft.owners.iter().position(|o| o.silo == silo.id);
            match (role, existing) {
                (Some(role), Some(i)) => draft.owners[i].role = role,
                (Some(role), None) => draft.owners.push(Owner {
                    silo: silo.id.clone(),
                    role,
                    person: String::new(),
                }),
                (None, Some(i)) => {
                    draft.owners.remove(i);
                }
                (None, None) => {}
            }
        }
        session.overlays.push(Overlay::Owners(draft));
        return;
    }
    match key.code {
        KeyCode::Up | KeyCode::Char('k') => draft.cursor = draft.cursor.saturating_sub(1),
        KeyCode::Down | KeyCode::Char('j') => {
            draft.cursor = (draft.cursor + 1).min(n.saturating_sub(1))
        }
        KeyCode::Char('p') if n > 0 => {
            let current = silos
                .get(draft.cursor)
                .and_then(|s| draft.owners.iter().find(|o| o.silo == s.id))
                .map(|o| o.person.clone())
                .unwrap_or_default();
            draft.naming = Some(super::form::Form::new(
                "Person",
                vec![super::form::Field::line("", &current, "")],
            ));
        }
        KeyCode::Char('S') => {
            // Add silos without losing the draft: the list opens over the owners editor.
            session.overlays.push(Overlay::Owners(draft));
            session.overlays.push(Overlay::List {
                kind: ListKind::Silos,
                selected: 0,
            });
            return;
        }
        KeyCode::Enter => {
            let Some(m) = doc.moment(&draft.moment).cloned() else {
                session.warn("That moment was deleted meanwhile", ctx.now);
                return;
            };
            if m.owners == draft.owners {
                session.say("Owners unchanged", ctx.now);
                return;
            }
            // Keep the order silos are listed in, so the file reads the same way every time.
            let mut owners = draft.owners.clone();
            owners.sort_by_key(|o| {
                silos
                    .iter()
                    .position(|s| s.id == o.silo)
                    .unwrap_or(usize::MAX)
            });
            let mut changed = m.clone();
            changed.owners = owners;
            edit(
                session,
                doc,
                Edit::Batch {
                    label: format!("owners of {} set", m.id),
                    edits: vec![Edit::Replace {
                        key: ItemKey::Moment(m.id.clone()),
                        item: Item::Moment(changed),
                    }],
                },
                ctx,
            );
            return;
        }
        KeyCode::Esc => {
            let unchanged = doc
                .moment(&draft.moment)
                .is_none_or(|m| m.owners == draft.owners);
            if !unchanged {
                session.overlays.push(Overlay::Owners(draft));
                session.overlays.push(Overlay::Confirm {
                    question: "Discard the owner changes? (y discards, n keeps editing)".into(),
                    on_yes: Confirmed::DiscardDraft,
                });
            }
            return;
        }
        _ => {}
    }
    session.overlays.push(Overlay::Owners(draft));
}

fn list_key(
    session: &mut Session,
    doc: &mut Doc,
    kind: ListKind,
    selected: usize,
    key: Key,
    now: Instant,
) {
    let len = match kind {
        ListKind::Silos => doc.ws.silos.len(),
        ListKind::Segments => doc.ws.segments.len(),
    };
    let keep = |session: &mut Session, selected: usize| {
        session.overlays.push(Overlay::List { kind, selected })
    };
    // Someone else may have deleted rows since this list was drawn: stay on one that exists.
    let selected = selected.min(len.saturating_sub(1));
    let view_only = session.view_only();
    match key.code {
        KeyCode::Esc | KeyCode::Char('q') => {}
        KeyCode::Char('n') | KeyCode::Char('a') | KeyCode::Char('d') | KeyCode::Delete
            if view_only.is_some() =>
        {
            keep(session, selected);
            session.warn(view_only.unwrap_or_default(), now);
        }
        KeyCode::Up | KeyCode::Char('k') => keep(session, selected.saturating_sub(1)),
        KeyCode::Down | KeyCode::Char('j') => {
            keep(session, (selected + 1).min(len.saturating_sub(1)))
        }
        KeyCode::Char('n') | KeyCode::Char('a') => {
            keep(session, selected);
            let (target, form) = match kind {
                ListKind::Silos => (FormTarget::Silo(None), editors::silo_form(&doc.ws, None)),
                ListKind::Segments => (FormTarget::Segment(None), editors::segment_form(None)),
            };
            session.overlays.push(Overlay::Form { target, form });
        }
        KeyCode::Enter | KeyCode::Char('e') if len > 0 => {
            keep(session, selected);
            let (target, form) = match kind {
                ListKind::Silos => {
                    let s = &doc.ws.silos[selected];
                    (
                        FormTarget::Silo(Some(s.id.clone())),
                        editors::silo_form(&doc.ws, Some(s)),
                    )
                }
                ListKind::Segments => {
                    let g = &doc.ws.segments[selected];
                    (
                        FormTarget::Segment(Some(g.id.clone())),
                        editors::segment_form(Some(g)),
                    )
                }
            };
            session.overlays.push(Overlay::Form { target, form });
        }
        KeyCode::Char('d') | KeyCode::Delete if len > 0 => {
            keep(session, selected);
            let (key, name) = match kind {
                ListKind::Silos => {
                    let s = &doc.ws.silos[selected];
                    (
                        ItemKey::Silo(s.id.clone()),
                        format!("silo {} {}", s.id, s.name),
                    )
                }
                ListKind::Segments => {
                    let g = &doc.ws.segments[selected];
                    (
                        ItemKey::Segment(g.id.clone()),
                        format!("segment {} {}", g.id, g.name),
                    )
                }
            };
            ask_delete(session, doc, key, &name);
        }
        _ => keep(session, selected),
    }
}
