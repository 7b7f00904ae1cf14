//! Help: every key that works where the session is, described as it works there (in the
//! Owners view `h`/`l` move between silos); what this session may not do is dimmed and
//! says why. Then the card legend and the keys of forms.

use ratatui::text::{Line, Span};

use crate::input::Keymap;

use super::super::commands::help_rows;
use super::super::text::{fit, width, wrap};
use super::super::theme::Theme;
use super::super::{Session, policy};

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
    for (action, keys, what) in help_rows(keymap, session.view, session.follow.is_some()) {
        match policy::refusal(session, action) {
            // Opens, but only to be read.
            None if policy::is_view_only(session) && policy::opens_for_reading(action) => lines
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

/// Help's lines wrapped at words to `max` columns, so nothing is cut at the panel's edge:
/// a description continues under itself, a sentence under its first word.
pub fn wrap_to(lines: Vec<Line<'static>>, max: usize) -> Vec<Line<'static>> {
    let mut out = Vec::with_capacity(lines.len());
    for line in lines {
        if line.width() <= max || line.spans.is_empty() {
            out.push(line);
            continue;
        }
        let mut spans = line.spans;
        let last = spans.pop().expect("a span");
        let text = last.content.trim_start();
        let indent = spans.iter().map(|s| width(&s.content)).sum::<usize>()
            + (width(&last.content) - width(text));
        let lead = &last.content[..last.content.len() - text.len()];
        let pieces = wrap(text, max.saturating_sub(indent).max(1), usize::MAX);
        for (i, piece) in pieces.into_iter().enumerate() {
            if i == 0 {
                let mut first = spans.clone();
                first.push(Span::styled(format!("{lead}{piece}"), last.style));
                out.push(Line::from(first).style(line.style));
            } else {
                out.push(
                    Line::from(Span::styled(
                        format!("{}{piece}", " ".repeat(indent)),
                        last.style,
                    ))
                    .style(line.style),
                );
            }
        }
    }
    out
}

/// The symbols a card's meta line uses, with their meaning, for help.
pub const LEGEND: &[(&str, &str)] = &[
    ("SAL", "the Accountable silo"),
    ("no A", "nobody is Accountable"),
    ("2 A", "several silos are Accountable"),
    (
        "$ ♥ ! ↻",
        "critical for revenue, relationship, rescuing customers at risk, retention",
    ),
    ("●3", "dot votes: this round's (or the last revealed)"),
    (
        "Σ7",
        "dot votes: the total over every revealed round (m on the board switches)",
    ),
    ("○M4", "hollow card: an interaction we do not support today"),
    ("»", "a competitor does this moment better than we do"),
    ("✗ ~ ✓ ?", "experience today: bad, neutral, good, unknown"),
    ("✔", "agreed by the room (otherwise proposed)"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_wrap_under_themselves() {
        let lines = vec![
            Line::from(vec![
                Span::raw(format!("  {}", fit("s", 22))),
                Span::raw("Show the experience of the next segment (or the worst across them)"),
            ]),
            Line::raw(" Every edit is saved automatically and can be undone."),
            Line::raw("short"),
        ];
        let out: Vec<String> = wrap_to(lines, 50).iter().map(ToString::to_string).collect();
        assert_eq!(
            out,
            vec![
                "  s                     Show the experience of the",
                "                        next segment (or the worst",
                "                        across them)",
                " Every edit is saved automatically and can be",
                " undone.",
                "short",
            ]
        );
    }
}
