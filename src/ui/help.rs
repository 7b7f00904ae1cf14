//! The help overlay, generated from the keymap and the actions' descriptions.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Paragraph};

use crate::input::Keymap;

use super::render::{LEGEND, centered, help_rows};
use super::session::Session;
use super::text::fit;
use super::theme::Theme;

/// All help lines for where the session is: its keys, the global keys, the card legend.
/// Every key is listed; what this session would refuse is dimmed and says why.
pub fn lines(keymap: &Keymap, session: &Session, theme: &Theme) -> Vec<Line<'static>> {
    let mut lines = vec![Line::styled(" Keys here", theme.heading)];
    if let Some(why) = &session.read_only {
        lines.push(Line::styled(
            format!(" Read-only ({why}): the keys marked “read-only” change nothing here."),
            theme.warning,
        ));
    }
    for (action, keys, what) in help_rows(
        keymap,
        super::update::context(session),
        session.follow.is_some(),
    ) {
        match session.refusal(action) {
            // Opens, but only to be read.
            None if session.is_view_only() && super::session::opens_for_reading(action) => lines
                .push(Line::from(vec![
                    Span::styled(format!("  {}", fit(&keys, 22)), theme.key),
                    Span::raw(format!("{what} — view only")),
                ])),
            None => lines.push(Line::from(vec![
                Span::styled(format!("  {}", fit(&keys, 22)), theme.key),
                Span::raw(what.to_owned()),
            ])),
            Some(why) => lines.push(Line::from(vec![
                Span::styled(format!("  {}", fit(&keys, 22)), theme.muted),
                Span::styled(format!("{what} — {why}"), theme.muted),
            ])),
        }
    }
    lines.push(Line::from(""));
    lines.push(Line::styled(" On a card", theme.heading));
    for (symbol, meaning) in LEGEND {
        lines.push(Line::from(vec![
            Span::styled(format!("  {}", fit(symbol, 22)), theme.key),
            Span::raw((*meaning).to_owned()),
        ]));
    }
    lines.push(Line::from(""));
    lines.push(Line::styled(" In forms", theme.heading));
    for (keys, what) in [
        ("tab shift-tab ↑ ↓", "move between fields"),
        ("← →  space  1-5", "choose an option; space ticks"),
        ("enter", "save (a new line in multi-line text)"),
        ("ctrl-s", "save from anywhere in the form"),
        ("esc", "cancel (asks if you changed something)"),
    ] {
        lines.push(Line::from(vec![
            Span::styled(format!("  {}", fit(keys, 22)), theme.key),
            Span::raw(what.to_owned()),
        ]));
    }
    lines.push(Line::from(""));
    lines.push(Line::styled(
        " Every edit is saved automatically and can be undone. Keys can be changed in keys.ron in the config folder.",
        theme.muted,
    ));
    lines
}

pub fn render(
    frame: &mut Frame,
    body: Rect,
    scroll: u16,
    keymap: &Keymap,
    session: &Session,
    theme: &Theme,
) {
    let lines = lines(keymap, session, theme);
    let rect = centered(body, 96, lines.len() as u16 + 2);
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
        Paragraph::new(lines).scroll((scroll.min(max_scroll), 0)),
        inner,
    );
}
