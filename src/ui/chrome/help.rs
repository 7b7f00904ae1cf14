//! Help: every key that works where the session is, described as it works there (in the
//! Owners view `h`/`l` move between silos); what this session may not do is dimmed and
//! says why. Then the card legend and the keys of forms.

use ratatui::text::{Line, Span};

use crate::input::Keymap;

use super::super::commands::help_rows;
use super::super::text::fit;
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
