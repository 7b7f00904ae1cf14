//! A one-line prompt: a new moment's title, a stage's name, a timebox, a parked item.
//! Enter keeps, Esc cancels; what the text is for is the dispatcher's business.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::Clear;

use crate::input::Key;

use super::super::Cx;
use super::super::form::{Form, FormOutcome};
use super::super::text::sanitize;
use super::super::theme::Theme;
use super::{Outcome, Overlay, PromptPurpose, centered, panel};

pub fn key(
    cx: &mut Cx,
    purpose: PromptPurpose,
    title: String,
    mut input: Form,
    key: Key,
) -> Outcome {
    match input.key(key) {
        FormOutcome::Editing => {
            cx.open(Overlay::Prompt {
                purpose,
                title,
                input,
            });
            Outcome::Done
        }
        FormOutcome::Cancel => Outcome::Done,
        FormOutcome::Submit => {
            let text = sanitize(&input.fields[0].value(), false).trim().to_owned();
            if text.is_empty()
                && !matches!(
                    purpose,
                    PromptPurpose::RenameWorkspace | PromptPurpose::Search
                )
            {
                cx.say("Nothing typed: nothing added");
                return Outcome::Done;
            }
            Outcome::Prompt(purpose, text)
        }
    }
}

pub fn render(frame: &mut Frame, body: Rect, title: &str, input: &Form, theme: &Theme) {
    let rect = centered(body, 60, 3);
    frame.render_widget(Clear, rect);
    let block = panel(title, theme);
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    if let Some(ta) = input.fields[0].textarea() {
        frame.render_widget(ta, inner);
    }
}
