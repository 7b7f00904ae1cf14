//! Finding: `/` opens the find overlay; what it finds is shown where it lives (the right
//! view, focused on the item).

use super::super::form::{Field, Form};
use super::super::overlays::Overlay;
use super::super::overlays::find::{Found, Hits};
use super::super::views::plan;
use super::super::{Cx, View};

/// `/`: the find overlay, empty, listing everything.
pub fn open(cx: &mut Cx) {
    let query = Form::new("Find", vec![Field::line("", "", "")]);
    let hits = Box::new(Hits::new(cx.doc, ""));
    cx.open(Overlay::Find {
        query,
        selected: 0,
        hits,
    });
}

/// Goes to what was found: a moment or a stage on the board, a silo's column in Owners,
/// a segment, a term, an action, a parked or agenda item selected in its view. Someone
/// may have removed it while the list was open: then it says so and stays.
pub fn jump(cx: &mut Cx, found: &Found) {
    let ws = &cx.doc.ws;
    let gone = |cx: &mut Cx, what: String| cx.warn(format!("{what} is no longer there"));
    match found {
        Found::Moment(id) => {
            if cx.doc.moment(id).is_none() {
                return gone(cx, format!("Moment {id}"));
            }
            cx.session.show_on_board(cx.doc, id);
        }
        Found::Stage(id) => {
            let Some(at) = ws.stages.iter().position(|s| &s.id == id) else {
                return gone(cx, format!("Stage {id}"));
            };
            let session = &mut *cx.session;
            session.view = View::Board;
            session.focus_stage = Some(id.clone());
            session.focus_stage_index = at;
            session.focus_moment = cx.doc.moment_at(id, 0).map(|m| m.id.clone());
            session.focus_position = 0;
        }
        Found::Silo(id) => {
            let Some(at) = ws.silos.iter().position(|s| &s.id == id) else {
                return gone(cx, format!("Silo {id}"));
            };
            let state = &mut cx.session.views.owners;
            state.silo = at;
            // A filter on another silo would hide the column's moments.
            if state.filter.as_ref().is_some_and(|f| f != id) {
                state.filter = None;
            }
            cx.session.view = View::Owners;
        }
        Found::Segment(id) => {
            let Some(at) = ws.segments.iter().position(|g| &g.id == id) else {
                return gone(cx, format!("Segment {id}"));
            };
            cx.session.views.segments.selected = at;
            cx.session.view = View::Segments;
        }
        Found::Term(term) => {
            let Some(at) = ws.glossary.iter().position(|t| &t.term == term) else {
                return gone(cx, format!("The term “{term}”"));
            };
            // With no search, the Language view lists the glossary first, in its order.
            let state = &mut cx.session.views.language;
            state.query.clear();
            state.selected = at;
            cx.session.view = View::Language;
        }
        Found::Action(id) => {
            if !ws.actions.iter().any(|a| &a.id == id) {
                return gone(cx, format!("Action {id}"));
            }
            cx.session.views.plan.filter = None;
            let at = plan::rows(cx.doc, cx.session)
                .iter()
                .position(|a| &a.id == id)
                .unwrap_or(0);
            cx.session.views.plan.selected = at;
            cx.session.view = View::Plan;
        }
        Found::Parked(id) => {
            let Some(at) = ws.parking_lot.iter().position(|p| &p.id == id) else {
                return gone(cx, format!("The parked item {id}"));
            };
            cx.session.views.parking.selected = at;
            cx.session.view = View::Parking;
        }
        Found::Agenda(id) => {
            let Some(at) = ws.agenda.iter().position(|a| &a.id == id) else {
                return gone(cx, format!("The agenda item {id}"));
            };
            cx.session.views.agenda.selected = at;
            cx.session.view = View::Agenda;
        }
    }
}
