//! The detail pane beside the board and the Owners view on wide terminals: the focused
//! stage's details (goal, entry signals, duration, complexity, repeats), and when a card is
//! focused, the moment's need, owners, KPIs and experience first. Where it goes is
//! `layout::split_detail`'s business; this only fills it.
//!
//! ```text
//! ┌ M7 ────────────────────────────┐
//! │ Order confirmed               │
//! │ Need: know when it happens    │
//! │ Owners  SAL A  OPS R (Ana)    │
//! │ KPIs    Confirmed in 1 h 80%… │
//! │ ── S3 Ordering ──             │
//! │ Goal: …                       │
//! └───────────────────────────────┘
//! ```

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Padding, Paragraph, Wrap};

use crate::doc::Doc;
use crate::model::{Moment, Stage};

use super::Session;
use super::theme::Theme;

/// Draws the pane for the session's focus.
pub fn render(frame: &mut Frame, area: Rect, doc: &Doc, session: &Session, theme: &Theme) {
    let moment = session.focus_moment.as_ref().and_then(|id| doc.moment(id));
    let stage = match moment {
        Some(m) => doc.ws.stage(&m.stage),
        None => session.focus_stage.as_ref().and_then(|id| doc.ws.stage(id)),
    };
    let title = match (moment, stage) {
        (Some(m), _) => format!(" {} details ", m.id),
        (None, Some(s)) => format!(" Stage {} ", s.id),
        (None, None) => " Details ".to_owned(),
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border)
        .padding(Padding::horizontal(1))
        .title(Span::styled(title, theme.heading));
    let mut lines: Vec<Line> = Vec::new();
    if let Some(m) = moment {
        moment_lines(&mut lines, m, doc, theme);
        lines.push(Line::from(""));
    }
    match stage {
        Some(s) => stage_lines(&mut lines, s, doc, theme),
        None => lines.push(Line::styled(
            "Focus a stage or a card to see its details.",
            theme.muted,
        )),
    }
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false }),
        area,
    );
}

fn label<'a>(text: &'a str, theme: &Theme) -> Span<'a> {
    Span::styled(text, theme.muted)
}

fn moment_lines<'a>(lines: &mut Vec<Line<'a>>, m: &'a Moment, doc: &'a Doc, theme: &Theme) {
    lines.push(Line::styled(m.title.as_str(), theme.title));
    let mut facts: Vec<String> = Vec::new();
    if let Some(c) = m.channel {
        facts.push(c.label().to_owned());
    }
    if let Some(d) = m.direction {
        facts.push(d.label().to_lowercase());
    }
    if let Some(i) = m.importance {
        facts.push(format!("importance {i}"));
    }
    let votes = crate::model::facilitation::shown_votes(&doc.ws, m);
    if votes > 0 {
        facts.push(format!("●{votes}"));
    }
    facts.push(
        match m.status {
            crate::model::Status::Agreed => "✔ agreed",
            crate::model::Status::Proposed => "proposed",
        }
        .to_owned(),
    );
    lines.push(Line::styled(facts.join(" · "), theme.muted));
    if !m.critical_for.is_empty() {
        let what: Vec<String> = m
            .critical_for
            .iter()
            .map(|c| format!("{} {}", c.symbol(), c.label()))
            .collect();
        lines.push(Line::from(vec![
            label("Critical for ", theme),
            Span::styled(what.join(", "), theme.heading),
        ]));
    }
    lines.push(Line::from(vec![
        label("Need ", theme),
        if m.need.is_empty() {
            Span::styled("not written yet", theme.muted)
        } else {
            Span::raw(m.need.as_str())
        },
    ]));
    lines.push(Line::styled("Owners", theme.muted));
    if m.owners.is_empty() {
        lines.push(Line::styled("  ! none yet: press o", theme.warning));
    }
    for o in &m.owners {
        let position = doc
            .ws
            .silos
            .iter()
            .position(|s| s.id == o.silo)
            .unwrap_or(0);
        let mut spans = vec![
            Span::raw("  "),
            Span::styled(o.silo.to_string(), theme.silo(position)),
            Span::raw(format!(" {}", o.role.label())),
        ];
        if !o.person.is_empty() {
            spans.push(Span::styled(format!(" ({})", o.person), theme.muted));
        }
        lines.push(Line::from(spans));
    }
    if m.accountable_count() > 1 {
        lines.push(Line::styled(
            format!("  ! {} Accountable: one is needed", m.accountable_count()),
            theme.warning,
        ));
    }
    if !m.kpis.is_empty() {
        lines.push(Line::styled("KPIs", theme.muted));
        for k in &m.kpis {
            let mut text = format!("  {}", k.name);
            let (now, target) = (k.latest_text(), k.target_text());
            if !now.is_empty() || !target.is_empty() {
                let or_unknown = |s: &str| {
                    if s.is_empty() {
                        "?".to_owned()
                    } else {
                        s.to_owned()
                    }
                };
                text.push_str(&format!(": {} → {}", or_unknown(&now), or_unknown(&target)));
            }
            lines.push(Line::raw(text));
        }
    }
    if !m.experience.is_empty() || m.target.is_some() {
        lines.push(Line::styled("Experience today", theme.muted));
        for (g, e) in &m.experience {
            let name = doc.ws.segment(g).map_or(g.as_str(), |s| s.name.as_str());
            lines.push(Line::from(vec![
                Span::styled(format!("  {} ", e.symbol()), theme.experience(*e)),
                Span::raw(format!("{name}: {}", e.label().to_lowercase())),
            ]));
        }
        if let Some(t) = m.target {
            lines.push(Line::from(vec![
                label("  target ", theme),
                Span::styled(format!("{} {}", t.symbol(), t.label()), theme.experience(t)),
            ]));
        }
    }
}

fn stage_lines<'a>(lines: &mut Vec<Line<'a>>, s: &'a Stage, doc: &Doc, theme: &Theme) {
    let count = doc.stage_len(&s.id);
    lines.push(Line::styled(
        format!(
            "── {} {} ({count} moment{}) ──",
            s.id,
            s.name,
            if count == 1 { "" } else { "s" }
        ),
        theme.heading,
    ));
    let details = stage_detail(s);
    // `stage_detail` starts with the name and a blank line, already in the heading.
    let rest: Vec<String> = details.into_iter().skip(2).collect();
    if rest.is_empty() {
        lines.push(Line::styled(
            "No goal, entry signals or duration yet: Enter on the stage edits them.",
            theme.muted,
        ));
    }
    lines.extend(rest.into_iter().map(Line::raw));
}

/// A stage's details, for detail panes.
pub fn stage_detail(s: &crate::model::Stage) -> Vec<String> {
    let mut out = vec![format!("{} {}", s.id, s.name), String::new()];
    if !s.goal.is_empty() {
        out.push(format!("Goal: {}", s.goal));
    }
    if !s.entry_signals.is_empty() {
        out.push("Entry signals:".into());
        out.extend(s.entry_signals.iter().map(|e| format!("  • {e}")));
    }
    if !s.duration.is_empty() {
        out.push(format!("Duration: {}", s.duration));
    }
    if let Some(c) = s.complexity {
        out.push(format!("Complexity: {}", c.label()));
    }
    if s.repeats {
        out.push("Repeats: customers go through it more than once".into());
    }
    if !s.notes.is_empty() {
        out.push(String::new());
        out.push(s.notes.clone());
    }
    out
}
