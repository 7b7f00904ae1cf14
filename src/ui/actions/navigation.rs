//! Getting around: switching views, presenting, the spotlight, following the
//! facilitator, help and the palette, searching the vocabulary, which segment the cards
//! show.

use super::super::form::{Field, Form};
use super::super::overlays::{Overlay, PromptPurpose};
use super::super::{Cx, Effect, View, views};

fn go(cx: &mut Cx, view: View) {
    cx.session.view = view;
}

pub fn next_view(cx: &mut Cx) {
    go(cx, views::next(cx.session.view));
}

pub fn previous_view(cx: &mut Cx) {
    go(cx, views::previous(cx.session.view));
}

pub fn board(cx: &mut Cx) {
    go(cx, View::Board);
}

pub fn owners(cx: &mut Cx) {
    go(cx, View::Owners);
}

pub fn seams(cx: &mut Cx) {
    go(cx, View::Seams);
}

pub fn experience(cx: &mut Cx) {
    go(cx, View::Experience);
}

pub fn priorities(cx: &mut Cx) {
    go(cx, View::Priorities);
}

pub fn segments(cx: &mut Cx) {
    go(cx, View::Segments);
}

pub fn language(cx: &mut Cx) {
    go(cx, View::Language);
}

pub fn plan(cx: &mut Cx) {
    go(cx, View::Plan);
}

pub fn measures(cx: &mut Cx) {
    go(cx, View::Measures);
}

pub fn checks(cx: &mut Cx) {
    go(cx, View::Checks);
}

pub fn parking(cx: &mut Cx) {
    go(cx, View::Parking);
}

pub fn agenda(cx: &mut Cx) {
    go(cx, View::Agenda);
}

pub fn outline(cx: &mut Cx) {
    go(cx, View::Outline);
}

/// `/`: searches the shared vocabulary, in the Language view.
pub fn search(cx: &mut Cx) {
    let query = cx.session.views.language.query.clone();
    go(cx, View::Language);
    cx.open(Overlay::prompt(
        PromptPurpose::Search,
        "Search the vocabulary",
        &query,
    ));
}

/// F5: presentation mode for the projector.
pub fn present(cx: &mut Cx) {
    let session = &mut *cx.session;
    session.present = !session.present;
    session.spotlight = session.present;
    session.view = View::Board;
    if session.present {
        cx.say("Presentation mode: F5 leaves, * toggles the spotlight, every key still works");
    } else {
        cx.say("Presentation mode off");
    }
}

pub fn spotlight(cx: &mut Cx) {
    cx.session.spotlight = !cx.session.spotlight;
    cx.say(if cx.session.spotlight {
        "Spotlight on the focused item"
    } else {
        "Spotlight off"
    });
}

/// In a remote session: follow the facilitator, or stop.
pub fn follow(cx: &mut Cx) {
    match cx.session.follow {
        Some(_) => cx.session.request(Effect::ToggleFollow),
        None => cx.say("Following the facilitator only applies in remote sessions (moments serve)"),
    }
}

pub fn palette(cx: &mut Cx) {
    cx.open(Overlay::Palette {
        query: Form::new("palette", vec![Field::line("", "", "")]),
        selected: 0,
    });
}

pub fn help(cx: &mut Cx) {
    cx.open(Overlay::Help { scroll: 0 });
}

/// `s`: the experience the cards show: each segment in turn, then the worst across them.
pub fn cycle_segment(cx: &mut Cx) {
    let segments = &cx.doc.ws.segments;
    if segments.is_empty() {
        cx.say("No segments yet: press G to add one");
        return;
    }
    let next = match &cx.session.segment {
        None => Some(0),
        Some(id) => segments
            .iter()
            .position(|g| &g.id == id)
            .and_then(|i| (i + 1 < segments.len()).then_some(i + 1)),
    };
    let name = next.map(|i| segments[i].name.clone());
    cx.session.segment = next.map(|i| segments[i].id.clone());
    match name {
        Some(name) => cx.say(format!("Experience shown for {name}")),
        None => cx.say("Experience shown: the worst across segments"),
    }
}
