//! The command palette: every command that works here, found by typing part of its name
//! or description. What this session may not do stays findable, dimmed and saying why.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Paragraph};

use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};

use crate::input::{Action, Key, KeyCode};

use super::super::form::Form;
use super::super::text::fit;
use super::super::{Cx, policy};
use super::{DrawCx, Outcome, Overlay, centered};

pub fn key(
    cx: &mut Cx,
    mut query: Form,
    selected: usize,
    key: Key,
    commands: &[Action],
) -> Outcome {
    let found = matches(&query.fields[0].value(), commands);
    match key.code {
        KeyCode::Esc => {}
        KeyCode::Enter => {
            if let Some(m) = found.get(selected) {
                return Outcome::Run(m.action);
            }
        }
        KeyCode::Down | KeyCode::Tab => cx.open(Overlay::Palette {
            query,
            selected: (selected + 1).min(found.len().saturating_sub(1)),
        }),
        KeyCode::Up | KeyCode::BackTab => cx.open(Overlay::Palette {
            query,
            selected: selected.saturating_sub(1),
        }),
        // `/` from the palette finds items rather than commands, as it does from a view.
        KeyCode::Char('/') if query.fields[0].value().is_empty() && !key.ctrl && !key.alt => {
            return Outcome::Run(Action::Find);
        }
        _ => {
            query.key(key);
            cx.open(Overlay::Palette { query, selected: 0 });
        }
    }
    Outcome::Done
}

/// An action that matches the query, with its score (higher first).
pub struct Match {
    pub action: Action,
    pub score: u32,
}

/// Actions among `commands` matching the query, best first: fuzzy, by name or by
/// description (the name weighs a little more), as helix's and others' pickers match.
pub fn matches(query: &str, commands: &[Action]) -> Vec<Match> {
    let pattern = Pattern::parse(query, CaseMatching::Ignore, Normalization::Smart);
    let mut matcher = Matcher::new(Config::DEFAULT);
    let mut buf = Vec::new();
    let mut score = |text: &str| pattern.score(Utf32Str::new(text, &mut buf), &mut matcher);
    let mut out: Vec<Match> = commands
        .iter()
        .filter(|a| !matches!(a, Action::Palette))
        .filter_map(|a| {
            let by_name = score(&a.name().replace('_', " ")).map(|s| s.saturating_mul(2));
            let by_description = score(a.description());
            let score = by_name.max(by_description)?;
            Some(Match { action: *a, score })
        })
        .collect();
    // Stable: equal scores keep the order commands come in.
    out.sort_by_key(|m| std::cmp::Reverse(m.score));
    out
}

/// `commands`: what works here, each with its first key ("" for none).
pub fn render(
    frame: &mut Frame,
    body: Rect,
    query: &Form,
    selected: usize,
    commands: &[(Action, String)],
    cx: &DrawCx,
) {
    let theme = cx.theme;
    let actions: Vec<Action> = commands.iter().map(|(a, _)| *a).collect();
    let found = matches(&query.fields[0].value(), &actions);
    let rect = centered(body, 72, 16);
    frame.render_widget(Clear, rect);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Double)
        .border_style(theme.border_focus)
        .title(Span::styled(" Commands ", theme.heading));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    if let Some(ta) = query.fields[0].textarea() {
        frame.render_widget(
            Paragraph::new(Span::styled(": ", theme.key)),
            Rect::new(inner.x, inner.y, 2, 1),
        );
        frame.render_widget(
            ta,
            Rect::new(inner.x + 2, inner.y, inner.width.saturating_sub(2), 1),
        );
    }
    let room = usize::from(inner.height.saturating_sub(2));
    let offset = selected.saturating_sub(room.saturating_sub(1));
    let mut lines = Vec::new();
    if found.is_empty() {
        lines.push(Line::styled(" No command matches", theme.muted));
    }
    for (i, m) in found.iter().enumerate().skip(offset).take(room) {
        let key = commands
            .iter()
            .find(|(a, _)| *a == m.action)
            .map_or("", |(_, k)| k.as_str());
        let w = usize::from(inner.width).saturating_sub(12);
        let (what, style) = match policy::refusal(cx.session, m.action) {
            None => (m.action.description().to_owned(), theme.row(i == selected)),
            Some(why) => (
                format!("{} — {why}", m.action.description()),
                theme.muted.patch(theme.row(i == selected)),
            ),
        };
        lines.push(Line::from(vec![
            Span::styled(format!(" {}", fit(&what, w)), style),
            Span::styled(format!(" {}", fit(key, 10)), theme.key.patch(style)),
        ]));
    }
    frame.render_widget(
        Paragraph::new(lines),
        Rect::new(
            inner.x,
            inner.y + 1,
            inner.width,
            inner.height.saturating_sub(1),
        ),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_actions_by_fuzzy_name() {
        let found = matches("own", Action::ALL);
        assert_eq!(found[0].action, Action::Owners);
        let found = matches("nwmom", Action::ALL);
        assert_eq!(found[0].action, Action::NewMoment);
        assert!(matches("zzzz", Action::ALL).is_empty());
    }

    #[test]
    fn only_the_given_commands_are_found() {
        let found = matches("own", &[Action::ViewOwners, Action::Undo]);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].action, Action::ViewOwners);
    }
}
