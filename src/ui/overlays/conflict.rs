//! The file changed on disk while this session had unsaved edits: reload theirs, keep
//! mine as a copy, or overwrite theirs. The runtime carries out the choice.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};

use crate::input::{Action, Context};

use super::super::{Cx, Effect};
use super::{DrawCx, Outcome, Overlay, centered, panel};

pub fn key(cx: &mut Cx, action: Option<Action>) -> Outcome {
    match action {
        Some(Action::Reload) => cx.session.request(Effect::Reload),
        Some(Action::KeepMineAsCopy) => cx.session.request(Effect::KeepMineAsCopy),
        Some(Action::Overwrite) => cx.session.request(Effect::Overwrite),
        _ => cx.open(Overlay::DiskConflict),
    }
    Outcome::Done
}

pub fn render(frame: &mut Frame, body: Rect, cx: &DrawCx) {
    let theme = cx.theme;
    let rect = centered(body, 64, 8);
    frame.render_widget(Clear, rect);
    let block = panel("The file changed on disk", theme);
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let choice = |action: Action, what: &'static str| {
        Line::from(vec![
            Span::styled(
                format!(" {} ", cx.key(Context::Conflict, action)),
                theme.key,
            ),
            Span::raw(what),
        ])
    };
    let text = vec![
        Line::from("Someone else saved this workspace while you had unsaved edits."),
        Line::from(""),
        choice(
            Action::Reload,
            "reload theirs (your unsaved edits are dropped)",
        ),
        choice(
            Action::KeepMineAsCopy,
            "keep mine as a copy next to it, then reload",
        ),
        choice(Action::Overwrite, "overwrite theirs with mine"),
    ];
    frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: false }), inner);
}
