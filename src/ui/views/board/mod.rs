//! The Board, home of the workshop: stages as columns, moments as cards. A card shows its
//! id, title, Accountable silo, what it is critical for, votes and experience; the
//! focused one's details show beside the board on wide screens.

use ratatui::Frame;
use ratatui::layout::Rect;

use crate::doc::Doc;
use crate::input::{Action, Context, Mouse};
use crate::model::{ItemKey, Moment, Stage};

use super::super::editors::{self, FormTarget};
use super::super::overlays::Overlay;
use super::super::theme::{Theme, ThemeName};
use super::super::{Cx, Session, View};
use super::{Offer, RenderCx, ViewPart};

pub mod draw;
pub mod layout;
pub mod marks;

/// The dots a card shows, with the mark that says which: `●` this round's (or the last
/// revealed), `Σ` the total over every revealed round kept in the file.
pub fn dots(doc: &Doc, session: &Session, m: &Moment) -> (&'static str, u32) {
    if session.all_rounds {
        let total = doc
            .ws
            .vote_rounds
            .iter()
            .filter_map(|r| r.tallies.get(&m.id))
            .sum();
        ("Σ", total)
    } else {
        ("●", crate::model::facilitation::shown_votes(&doc.ws, m))
    }
}

/// The board's state is the session's focus (shared by every view) and its scroll
/// positions, which live on the session; of its own only the layout the frame settled
/// on, kept for the draw that follows (laying the board out is the dearest part of a
/// frame, and settling needs it too).
#[derive(Clone, Debug, Default)]
pub struct State {
    settled: Option<Settled>,
    /// Cards measured by earlier layouts, kept while the document and marks stay.
    memo: layout::Memo,
}

/// A layout, and what it was made for.
#[derive(Clone, Debug)]
struct Settled {
    revision: u64,
    area: Rect,
    board: layout::Board,
}

impl State {
    /// Drops the settled layout: the session is about to change.
    pub fn forget(&mut self) {
        self.settled = None;
    }
}

pub struct Board;

const OFFERS: &[Offer] = &[
    Offer::plain(Action::Up),
    Offer::plain(Action::Down),
    Offer::plain(Action::Left),
    Offer::plain(Action::Right),
    Offer::named(Action::First, "first", "Focus the first card of the stage"),
    Offer::named(Action::Last, "last", "Focus the last card of the stage"),
    Offer::plain(Action::PageUp),
    Offer::plain(Action::PageDown),
    Offer::plain(Action::NewMoment),
    Offer::plain(Action::NewStage),
    Offer::named(Action::Edit, "edit", "Edit the focused moment, or the focused stage"),
    Offer::named(Action::Delete, "delete", "Delete the focused moment or stage (asks first)"),
    Offer::plain(Action::Owners),
    Offer::plain(Action::MoveToPrevStage),
    Offer::plain(Action::MoveToNextStage),
    Offer::plain(Action::MoveUp),
    Offer::plain(Action::MoveDown),
    Offer::plain(Action::MoveStageLeft),
    Offer::plain(Action::MoveStageRight),
    Offer::plain(Action::VoteAdd),
    Offer::plain(Action::VoteRemove),
    Offer::plain(Action::ToggleAgreed),
    Offer::plain(Action::CycleSegment),
    Offer::named(
        Action::Mode,
        "dots",
        "Cards show this round's dots (●) or the total over every revealed round (Σ)",
    ),
    Offer::plain(Action::ToggleDetails),
    Offer::plain(Action::ToggleCompact),
];

impl ViewPart for Board {
    fn view(&self) -> View {
        View::Board
    }

    fn context(&self) -> Context {
        Context::Board
    }

    fn offers(&self) -> &'static [Offer] {
        OFFERS
    }

    fn footer(&self, doc: &Doc, session: &Session) -> Vec<Action> {
        let mut actions = if session.focus_moment.is_some() {
            vec![
                Action::NewMoment,
                Action::Edit,
                Action::Owners,
                Action::MoveToNextStage,
                Action::VoteAdd,
                Action::Delete,
                Action::Undo,
                Action::NextView,
                Action::Palette,
                Action::ToggleDetails,
                Action::ToggleCompact,
                Action::Help,
                Action::Quit,
            ]
        } else {
            vec![
                Action::NewMoment,
                Action::NewStage,
                Action::Edit,
                Action::Delete,
                Action::Undo,
                Action::NextView,
                Action::Palette,
                Action::ToggleDetails,
                Action::ToggleCompact,
                Action::Help,
                Action::Quit,
            ]
        };
        // A vote round or a running agenda puts its keys among the board's (the footer
        // leaves them out for whoever policy refuses them).
        let at = actions
            .iter()
            .position(|a| *a == Action::VoteAdd)
            .map_or(actions.len().saturating_sub(3), |i| i + 1);
        if !doc.ws.agenda.is_empty() {
            actions.insert(at, Action::AgendaNext);
        }
        if doc.ws.voting.as_ref().is_some_and(|r| !r.revealed) {
            actions.insert(at, Action::VoteReveal);
        }
        actions
    }

    fn act(&self, cx: &mut Cx, action: Action) -> bool {
        match action {
            Action::Up
            | Action::Down
            | Action::First
            | Action::Last
            | Action::PageUp
            | Action::PageDown => move_vertical(cx.session, cx.doc, action),
            Action::Left | Action::Right => move_sideways(cx.session, cx.doc, action),
            Action::Edit => edit(cx),
            Action::Delete => delete(cx),
            Action::Mode => {
                cx.session.all_rounds = !cx.session.all_rounds;
                let text = if cx.session.all_rounds {
                    format!(
                        "Cards show Σ the total dots over {} revealed round{} (m: this round's)",
                        cx.doc.ws.vote_rounds.len(),
                        if cx.doc.ws.vote_rounds.len() == 1 { "" } else { "s" }
                    )
                } else {
                    "Cards show ● this round's dots (m: the total over every round)".to_owned()
                };
                cx.say(text);
            }
            _ => return false,
        }
        true
    }

    fn click(&self, session: &mut Session, doc: &Doc, mouse: Mouse) {
        click(session, doc, mouse);
    }

    fn settle(&self, session: &mut Session, doc: &Doc, _body: Rect) {
        session.views.board.forget();
        let mut memo = std::mem::take(&mut session.views.board.memo);
        let (w, h) = session.size;
        let theme = Theme::new(ThemeName::Mono);
        let board = draw::laid_out_with(doc, session, &theme, Rect::new(0, 0, w, h), &mut memo);
        session.views.board.memo = memo;
        layout::keep_scroll(session, &board);
        // The scroll it keeps is the scroll it was laid out with, so the draw that
        // follows would lay out the same board: keep it (debug builds check it).
        session.views.board.settled = Some(Settled {
            revision: doc.revision,
            area: Rect::new(0, 0, w, h),
            board,
        });
    }

    fn render(&self, frame: &mut Frame, _body: Rect, doc: &Doc, session: &Session, cx: &RenderCx) {
        draw::board(frame, doc, session, cx.theme);
        if session.spotlight {
            draw::spotlight(frame, doc, session, cx.theme);
        }
    }
}

/// The board as the session's last frame laid it out. The marks are measured in the
/// monochrome theme: styles never change how wide they are.
fn laid_out(session: &Session, doc: &Doc) -> layout::Board {
    let (w, h) = session.size;
    let theme = Theme::new(ThemeName::Mono);
    draw::laid_out(doc, session, &theme, Rect::new(0, 0, w, h))
}

fn focused_moment<'d>(session: &Session, doc: &'d Doc) -> Option<&'d Moment> {
    session.focus_moment.as_ref().and_then(|id| doc.moment(id))
}

fn focused_stage<'d>(session: &Session, doc: &'d Doc) -> Option<&'d Stage> {
    session.focus_stage.as_ref().and_then(|id| doc.ws.stage(id))
}

fn edit(cx: &mut Cx) {
    if let Some(m) = focused_moment(cx.session, cx.doc) {
        let form = editors::moment_form(&cx.doc.ws, m);
        cx.open(Overlay::form(FormTarget::Moment(m.id.clone()), form));
    } else if let Some(s) = focused_stage(cx.session, cx.doc) {
        let form = editors::stage_form(&cx.doc.ws, s);
        cx.open(Overlay::form(FormTarget::Stage(s.id.clone()), form));
    } else {
        cx.say("Nothing to edit yet: press N to add a stage");
    }
}

fn delete(cx: &mut Cx) {
    let key = if let Some(m) = focused_moment(cx.session, cx.doc) {
        Some((
            ItemKey::Moment(m.id.clone()),
            format!("{} “{}”", m.id, m.title),
        ))
    } else {
        focused_stage(cx.session, cx.doc).map(|s| {
            (
                ItemKey::Stage(s.id.clone()),
                format!("stage {} {}", s.id, s.name),
            )
        })
    };
    match key {
        Some((key, name)) => cx.ask_delete(key, &name),
        None => cx.say("Nothing to delete here"),
    }
}

/// Left and right: the neighbouring stage, at the same height when it has a card there.
fn move_sideways(session: &mut Session, doc: &Doc, action: Action) {
    if doc.ws.stages.is_empty() {
        return;
    }
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

fn move_vertical(session: &mut Session, doc: &Doc, action: Action) {
    let Some(stage) = session.focus_stage.clone() else {
        return;
    };
    let len = doc.stage_len(&stage);
    if len == 0 {
        session.focus_moment = None;
        return;
    }
    // A page is as many cards as the column shows (laid out only for paging keys).
    let page = || {
        laid_out(session, doc)
            .column(&stage)
            .map_or(1, |c| c.cards.len().saturating_sub(1))
            .max(1) as isize
    };
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
        Action::PageUp => here - page(),
        Action::PageDown => here + page(),
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

pub fn click(session: &mut Session, doc: &Doc, mouse: Mouse) {
    let board = laid_out(session, doc);
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

