//! A yes-or-no question before something that cannot be taken back by accident: a
//! delete (undo still works), dropping a draft, quitting without saving.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use crate::input::{Action, Context};
use crate::model::{Edit, ItemKey};

use super::super::text::wrap;
use super::super::{Cx, Effect};
use super::{Confirmed, DrawCx, ListedEntry, Outcome, Overlay, centered, panel};

/// `action`: what the key means in the question's key table (`yes`, `no`).
pub fn key(cx: &mut Cx, question: String, on_yes: Confirmed, action: Option<Action>) -> Outcome {
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

pub fn render(frame: &mut Frame, body: Rect, question: &str, cx: &DrawCx) {
    let theme = cx.theme;
    let lines = wrap(question, 56, 4);
    let rect = centered(body, 60, lines.len() as u16 + 4);
    frame.render_widget(Clear, rect);
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
