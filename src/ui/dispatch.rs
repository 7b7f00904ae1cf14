//! The dispatcher: the only place input changes a session. A key goes to the overlay on
//! top if there is one; otherwise the keymap of the focused view names an action, which
//! the view carries out if it offers it, or its one handler if it applies everywhere.
//! What this session may not do is refused first, with the reason. Never touches a
//! terminal, so flow tests drive it directly.

use ratatui::layout::Rect;

use crate::doc::Doc;
use crate::input::{Action, Event, Key, KeyCode};

use super::actions::{self, Scope};
use super::overlays::{self, Outcome};
use super::{Ctx, Cx, Session, commands, layout, policy, views};

/// Handles one input event.
pub fn handle(session: &mut Session, doc: &mut Doc, event: &Event, ctx: &Ctx) {
    session.views.board.forget();
    clamp(session, doc);
    match event {
        Event::Resize(w, h) => session.size = (*w, *h),
        Event::Paste(text) => overlays::paste(session, text),
        Event::Mouse(mouse) => {
            if session.overlays.is_empty() {
                views::part(session.view).click(session, doc, *mouse);
            }
        }
        Event::Key(key) => {
            let mut cx = Cx {
                doc,
                session,
                keymap: ctx.keymap,
                now: ctx.now,
                author: ctx.author,
            };
            key_pressed(&mut cx, *key);
        }
    }
    clamp(session, doc);
}

fn key_pressed(cx: &mut Cx, key: Key) {
    if !cx.session.overlays.is_empty() {
        // Only the palette runs commands; the others need no list.
        let commands = match cx.session.overlays.last() {
            Some(overlays::Overlay::Palette { .. }) => commands::available(cx.session),
            _ => Vec::new(),
        };
        match overlays::key(cx, key, &commands) {
            Outcome::Done => {}
            Outcome::Prompt(purpose, text) => actions::forms::prompt(cx, purpose, text),
            Outcome::Form(target, form) => actions::forms::form(cx, target, form),
            Outcome::Run(action) => run(cx, action, None),
            Outcome::Find(found) => actions::find::jump(cx, &found),
        }
        return;
    }
    let context = views::part(cx.session.view).context();
    match cx.keymap.action(context, key) {
        Some(action) => run(cx, action, Some(key)),
        None if key.code == KeyCode::Esc => {}
        None => cx.say(format!("{key} does nothing here. Press ? for help")),
    }
}

/// Runs an action, from a key (`key`), the palette or a test: the focused view's meaning
/// if it offers it, else its one handler if it applies everywhere, else nothing, said.
pub fn run(cx: &mut Cx, action: Action, key: Option<Key>) {
    let part = views::part(cx.session.view);
    let offered = views::offers(cx.session.view, action).is_some();
    if !offered && actions::handler(action).0 != Scope::Everywhere {
        let what = key.map_or_else(|| action.name().to_owned(), |k| k.to_string());
        cx.say(format!("{what} does nothing here. Press ? for help"));
        return;
    }
    // Refused before a prompt or question opens, so nobody types into a prompt only to
    // be told at the end that it changes nothing. Undo and redo say why in their own words.
    if policy::refusal(cx.session, action).is_some()
        && !matches!(action, Action::Undo | Action::Redo)
    {
        let why = policy::refused(cx.session, action);
        cx.warn(why);
        return;
    }
    if offered && part.act(cx, action) {
        return;
    }
    actions::run(cx, action);
}

/// Gets a session ready to draw a frame of `area`: its size, the focus on things that
/// exist, and the scroll positions (and anything else the view computes once per
/// change) that keep the focus in view. The runtimes, the tests and the benchmarks all
/// call this before `render`, which only reads.
pub fn settle(session: &mut Session, doc: &Doc, area: Rect) {
    session.size = (area.width, area.height);
    clamp(session, doc);
    super::overlays::settle(session, doc);
    let body = layout::screen_for(area, session).body;
    views::part(session.view).settle(session, doc, body);
}

/// Keeps every selection on things that exist: after a delete (by anyone) the focus moves
/// to the neighbour and lists clamp, never a panic.
pub fn clamp(session: &mut Session, doc: &Doc) {
    clamp_focus(session, doc);
    for part in views::REGISTRY {
        part.clamp(session, doc);
    }
}

/// Keeps the focus on things that exist: after a delete (by anyone) it moves to the
/// neighbour, never panics.
pub fn clamp_focus(session: &mut Session, doc: &Doc) {
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
