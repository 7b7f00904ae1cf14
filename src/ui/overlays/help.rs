//! The help overlay: scrolls through lines the chrome generates from what the focused
//! view offers, so it lists only what works here.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Paragraph};

use crate::input::Action;

use super::super::Cx;
use super::super::theme::Theme;
use super::{Outcome, Overlay, centered};

pub fn key(cx: &mut Cx, scroll: u16, action: Option<Action>) -> Outcome {
    let scroll = match action {
        Some(Action::No | Action::Help) => return Outcome::Done,
        Some(Action::Down) => scroll + 1,
        Some(Action::Up) => scroll.saturating_sub(1),
        Some(Action::PageDown) => scroll + 10,
        Some(Action::PageUp) => scroll.saturating_sub(10),
        Some(Action::First) => 0,
        _ => scroll,
    };
    cx.open(Overlay::Help { scroll });
    Outcome::Done
}

/// How wide the help panel is, borders included (narrower on a narrow screen): at 120
/// columns every line of help fits whole; below, lines wrap.
pub const WIDTH: u16 = 116;

pub fn render(frame: &mut Frame, body: Rect, scroll: u16, lines: &[Line<'static>], theme: &Theme) {
    let rect = centered(body, WIDTH, lines.len() as u16 + 2);
    frame.render_widget(Clear, rect);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Double)
        .border_style(theme.border_focus)
        .title(Span::styled(" Help ", theme.heading));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let max_scroll = (lines.len() as u16).saturating_sub(inner.height);
    frame.render_widget(
        Paragraph::new(lines.to_vec()).scroll((scroll.min(max_scroll), 0)),
        inner,
    );
}
