//! A yes-or-no question before something that cannot be taken back by accident: a
//! delete (undo still works), dropping a draft, quitting without saving; and the one
//! question with three answers, a new vote round while one is open.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use crate::input::{Action, Context};
use crate::model::{Edit, ItemKey, facilitation};

use super::super::editors::{self, FormTarget};
use super::super::text::wrap;
use super::super::{Cx, Effect};
use super::{Confirmed, DrawCx, ListedEntry, Outcome, Overlay, centered, panel};

/// `action`: what the key means in the question's key table (`yes`, `no`).
pub fn key(cx: &mut Cx, question: String, on_yes: Confirmed, action: Option<Action>) -> Outcome {
    if on_yes == Confirmed::OpenRound {
        return open_round(cx, question, action);
    }
    match action {
        Some(Action::Yes) => match on_yes {
            Confirmed::Apply(e) => {
                cx.edit(*e);
            }
            Confirmed::DiscardDraft => {
                // The editor below the question is the draft being dropped.
                cx.session.overlays.pop();
            }
            Confirmed::QuitWithoutSaving => cx.session.request(Effect::QuitWithoutSaving),
            Confirmed::OpenRound => unreachable!("answered by open_round"),
            Confirmed::RemoveListed(entry) => {
                let key = match &entry {
                    ListedEntry::Parking(l) => {
                        l.locate(&cx.doc.ws.parking_lot).map(ItemKey::Parking)
                    }
                    ListedEntry::Agenda(l) => l.locate(&cx.doc.ws.agenda).map(ItemKey::Agenda),
                };
                match key.map(|key| Edit::remove_cascade(&cx.doc.ws, &key)) {
                    Some(Ok(edit)) => {
                        cx.edit(edit);
                    }
                    Some(Err(e)) => cx.warn(e.to_string()),
                    None => cx.warn("It was changed or removed meanwhile: nothing deleted"),
                }
            }
        },
        Some(Action::No) => {}
        _ => cx.open(Overlay::Confirm { question, on_yes }),
    }
    Outcome::Done
}

/// A new round while one is open: `r` (or yes) reveals the open round, so its tallies
/// join the kept results, `d` discards its dots; either then asks for the new round.
/// Anything else cancels, and the open round stays as it was.
fn open_round(cx: &mut Cx, question: String, action: Option<Action>) -> Outcome {
    let Some(round) = cx.doc.ws.voting.as_ref().filter(|r| !r.revealed) else {
        // Someone else revealed or ended it meanwhile: nothing is left to decide.
        if matches!(
            action,
            Some(Action::Yes | Action::VoteReveal | Action::Delete)
        ) {
            open_round_form(cx);
        }
        return Outcome::Done;
    };
    let (number, dots) = (round.round, round.total());
    let emptied = crate::model::VoteRound {
        dots: std::collections::BTreeMap::new(),
        ..round.clone()
    };
    match action {
        Some(Action::Yes | Action::VoteReveal) => match facilitation::reveal(
            &cx.doc.ws,
            crate::model::Date::of_secs(cx.session.clock.at(cx.now)),
        ) {
            Ok(edit) => {
                if cx.edit(edit) {
                    open_round_form(cx);
                }
            }
            Err(why) => cx.warn(why),
        },
        Some(Action::Delete) => {
            let edit = Edit::Batch {
                label: format!(
                    "vote round {number} discarded unrevealed: its {dots} dot{} dropped",
                    if dots == 1 { " was" } else { "s were" }
                ),
                // Kept open with no dots, so the next round still counts on from it.
                edits: vec![Edit::SetVoting(Some(emptied))],
            };
            if cx.edit(edit) {
                open_round_form(cx);
            }
        }
        Some(Action::No) => cx.say(format!("Round {number} stays open")),
        _ => cx.open(Overlay::Confirm {
            question,
            on_yes: Confirmed::OpenRound,
        }),
    }
    Outcome::Done
}

/// The form that starts a vote round, opened from `V` or after a question about the open
/// round.
pub fn open_round_form(cx: &mut Cx) {
    let form = editors::vote_round_form(
        &cx.doc.ws,
        cx.session.vote_budget,
        cx.session
            .room_voters
            .as_ref()
            .is_some_and(|v| !v.is_empty()),
    );
    cx.open(Overlay::form(FormTarget::VoteRound, form));
}

pub fn render(frame: &mut Frame, body: Rect, question: &str, on_yes: &Confirmed, cx: &DrawCx) {
    let theme = cx.theme;
    let lines = wrap(question, 56, 4);
    let rect = centered(body, 60, lines.len() as u16 + 4);
    frame.render_widget(Clear, rect);
    if *on_yes == Confirmed::OpenRound {
        let block = panel("A vote round is open", theme);
        let inner = block.inner(rect);
        frame.render_widget(block, rect);
        let mut text: Vec<Line> = lines
            .into_iter()
            .map(|l| Line::styled(l, theme.title))
            .collect();
        text.push(Line::from(""));
        text.push(Line::from(vec![
            Span::styled(cx.key(Context::Question, Action::VoteReveal), theme.key),
            Span::raw(" reveal and keep it   "),
            Span::styled(cx.key(Context::Question, Action::Delete), theme.key),
            Span::raw(" discard it   "),
            Span::styled(cx.key(Context::Question, Action::No), theme.key),
            Span::raw(" cancel"),
        ]));
        frame.render_widget(Paragraph::new(text), inner);
        return;
    }
    let block = panel("Are you sure?", theme);
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let mut text: Vec<Line> = lines
        .into_iter()
        .map(|l| Line::styled(l, theme.title))
        .collect();
    text.push(Line::from(""));
    text.push(Line::from(vec![
        Span::styled(cx.key(Context::Question, Action::Yes), theme.key),
        Span::raw(" yes   "),
        Span::styled(cx.key(Context::Question, Action::No), theme.key),
        Span::raw(" no"),
    ]));
    frame.render_widget(Paragraph::new(text), inner);
}
