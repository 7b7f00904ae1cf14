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
use crate::model::{Moment, Stage, Standing};

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
        // Inside the border and the padding.
        let room = usize::from(area.width.saturating_sub(4));
        moment_lines(&mut lines, m, doc, theme, room);
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

/// The moment's lines for a pane `room` columns wide (they wrap; a few choose a shorter
/// form where the longer would).
fn moment_lines<'a>(
    lines: &mut Vec<Line<'a>>,
    m: &'a Moment,
    doc: &'a Doc,
    theme: &Theme,
    room: usize,
) {
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
    let rounds = &doc.ws.vote_rounds;
    let total: u32 = rounds.iter().filter_map(|r| r.tallies.get(&m.id)).sum();
    if total > 0 {
        facts.push(format!(
            "Σ{total} over {} round{}",
            rounds.len(),
            if rounds.len() == 1 { "" } else { "s" }
        ));
    }
    if !m.supported {
        facts.push("○ not supported today".to_owned());
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
    if let Some(t) = m.trigger {
        lines.push(Line::from(vec![
            label("Starts with ", theme),
            Span::raw(t.label().to_lowercase()),
        ]));
    }
    for (what, text) in [("People ", &m.people), ("Systems ", &m.systems)] {
        if !text.is_empty() {
            lines.push(Line::from(vec![
                label(what, theme),
                Span::raw(text.as_str()),
            ]));
        }
    }
    lines.push(Line::styled("Owners", theme.muted));
    if m.owners.is_empty() {
        lines.push(Line::styled("  ! none yet: press o", theme.warning));
    }
    for o in &m.owners {
        let position = doc.ws.silos.iter().position(|s| s.id == o.silo);
        let mut spans = vec![
            Span::raw("  "),
            Span::styled(o.silo.to_string(), theme.silo(position.unwrap_or(0))),
            Span::raw(format!(" {}", o.role.label())),
        ];
        if !o.person.is_empty() {
            spans.push(Span::styled(format!(" ({})", o.person), theme.muted));
        }
        // The silo's name after its code where the line has room for it: the room knows
        // “Billing”, not always “BIL”.
        if let Some(silo) = position.map(|i| &doc.ws.silos[i]) {
            let name = format!(" · {}", silo.name);
            let used: usize = spans.iter().map(|s| super::text::width(&s.content)).sum();
            if used + super::text::width(&name) <= room {
                spans.insert(3, Span::styled(name, theme.muted));
            }
        }
        lines.push(Line::from(spans));
    }
    if m.accountable_count() > 1 {
        lines.push(Line::styled(
            format!("  ! {} Accountable: one is needed", m.accountable_count()),
            theme.warning,
        ));
    }
    for (question, answer) in three_questions(m, doc, theme) {
        lines.push(Line::styled(question, theme.heading));
        lines.extend(answer);
    }
}

/// A moment's answers to the practice's three questions: how well are we doing (the
/// experience per segment, how we know, the KPIs against plan), what can we improve (the
/// gap to target, the actions and their effort), what do competitors do better (the
/// standing against each competitor). Each is a heading and its lines.
pub fn three_questions<'a>(
    m: &'a Moment,
    doc: &'a Doc,
    theme: &Theme,
) -> [(&'static str, Vec<Line<'a>>); 3] {
    [
        ("How well are we doing?", how_well(m, doc, theme)),
        ("What can we improve?", to_improve(m, doc, theme)),
        ("What do competitors do better?", competitors(m, doc, theme)),
    ]
}

/// The three questions in three columns, for a wide area below a list.
pub fn three_questions_side_by_side(
    frame: &mut Frame,
    area: Rect,
    m: &Moment,
    doc: &Doc,
    theme: &Theme,
) {
    let third = area.width / 3;
    for (i, (question, answer)) in three_questions(m, doc, theme).into_iter().enumerate() {
        let x = area.x + third * i as u16;
        let w = if i == 2 { area.right() - x } else { third };
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(theme.border)
            .padding(Padding::horizontal(1))
            .title(Span::styled(
                format!(" {} {question} ", m.id),
                theme.heading,
            ));
        frame.render_widget(
            Paragraph::new(answer)
                .block(block)
                .wrap(Wrap { trim: false }),
            Rect::new(x, area.y, w, area.height),
        );
    }
}

fn how_well<'a>(m: &'a Moment, doc: &'a Doc, theme: &Theme) -> Vec<Line<'a>> {
    let mut lines = Vec::new();
    if m.experience.is_empty() {
        lines.push(Line::styled("  not rated for any segment yet", theme.muted));
    }
    for (g, e) in &m.experience {
        let name = doc.ws.segment(g).map_or(g.as_str(), |s| s.name.as_str());
        lines.push(Line::from(vec![
            Span::styled(format!("  {} ", e.symbol()), theme.experience(*e)),
            Span::raw(format!("{name}: {}", e.label().to_lowercase())),
        ]));
    }
    let evidence = match m.evidence {
        Some(e) => format!("  {} evidence", e.label()),
        None => "  evidence not said (assumed)".to_owned(),
    };
    let mut known = vec![Span::styled(evidence, theme.muted)];
    if !m.sources.is_empty() {
        known.push(Span::raw(format!(": {}", m.sources.join("; "))));
    }
    lines.push(Line::from(known));
    if m.kpis.is_empty() {
        lines.push(Line::styled("  no KPI yet", theme.muted));
    }
    for k in &m.kpis {
        let plan = crate::analysis::kpi_plan(k);
        let (mark, style) = plan_mark(plan, theme);
        let latest = k.latest().map_or("—".to_owned(), |r| k.show(r.value));
        let target = k.target.map_or("no target".to_owned(), |t| k.show(t));
        lines.push(Line::raw(format!("  {}", k.name)));
        lines.push(Line::from(vec![
            Span::styled(format!("    {} ", bars(k)), style),
            Span::raw(format!("{latest} → {target} ")),
            Span::styled(mark, style),
        ]));
    }
    lines
}

/// A KPI's readings as a line of bars, for places too small for a sparkline widget.
pub fn bars(k: &crate::model::Kpi) -> String {
    const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    let trend = trend(k);
    let shown = &trend[trend.len().saturating_sub(8)..];
    shown
        .iter()
        .map(|v| BARS[(*v as usize).clamp(1, 8) - 1])
        .collect()
}

fn to_improve<'a>(m: &'a Moment, doc: &'a Doc, theme: &Theme) -> Vec<Line<'a>> {
    let mut lines = Vec::new();
    let worst = m.experience.values().filter_map(|e| e.score()).min();
    match (m.target, worst) {
        (Some(t), Some(w)) => {
            let gap = t.score().unwrap_or(w).saturating_sub(w);
            let text = if gap == 0 {
                format!("  at target ({})", t.label().to_lowercase())
            } else {
                format!(
                    "  gap {gap}: worst today {}, target {}",
                    ["bad", "neutral", "good"][usize::from(w.clamp(1, 3)) - 1],
                    t.label().to_lowercase()
                )
            };
            lines.push(Line::styled(
                text,
                if gap > 0 { theme.bad } else { theme.good },
            ));
        }
        (Some(t), None) => lines.push(Line::styled(
            format!("  target {}; not rated yet", t.label().to_lowercase()),
            theme.muted,
        )),
        (None, _) => lines.push(Line::styled("  no target experience yet", theme.muted)),
    }
    if !m.supported {
        lines.push(Line::styled("  ○ not supported today", theme.warning));
    }
    let actions: Vec<_> = doc.ws.actions.iter().filter(|a| a.moment == m.id).collect();
    if actions.is_empty() {
        lines.push(Line::styled("  no action planned", theme.muted));
    }
    for a in actions {
        let effort = a.effort.map_or(String::new(), |e| {
            format!(" · {} effort", e.label().to_lowercase())
        });
        lines.push(Line::raw(format!(
            "  {} {} ({}{effort})",
            a.id,
            a.what,
            a.status.label().to_lowercase()
        )));
    }
    lines
}

fn competitors<'a>(m: &'a Moment, doc: &'a Doc, theme: &Theme) -> Vec<Line<'a>> {
    let mut lines = Vec::new();
    if doc.ws.competitors.is_empty() {
        lines.push(Line::styled(
            "  no competitors yet: C adds them",
            theme.muted,
        ));
        return lines;
    }
    for c in &doc.ws.competitors {
        let (text, style) = match m.versus.get(&c.id) {
            Some(Standing::Ahead) => ("ahead of us", theme.bad),
            Some(Standing::Level) => ("level with us", theme.neutral),
            Some(Standing::Behind) => ("behind us", theme.good),
            None => ("not compared", theme.muted),
        };
        lines.push(Line::from(vec![
            Span::raw(format!("  {}: ", c.name)),
            Span::styled(text, style),
        ]));
    }
    lines
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
    if rest.is_empty() && s.resources.is_none() && s.needs.is_empty() {
        lines.push(Line::styled(
            "No goal, entry signals or duration yet: Enter on the stage edits them.",
            theme.muted,
        ));
    }
    lines.extend(rest.into_iter().map(Line::raw));
    // What the purchase cycle directs at the stage, and what each segment needs in it.
    if let Some(r) = s.resources {
        lines.push(Line::raw(format!("Resources: {}", r.label())));
    }
    for (g, need) in &s.needs {
        let name = doc.ws.segment(g).map_or(g.as_str(), |x| x.name.as_str());
        lines.push(Line::from(vec![
            label("Needs of ", theme),
            Span::raw(format!("{name}: {need}")),
        ]));
    }
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

/// `▼ behind`, `● on plan`, `▲ ahead`, `? no reading`, `· no target`, with its style.
pub fn plan_mark(
    plan: crate::analysis::KpiPlan,
    theme: &Theme,
) -> (&'static str, ratatui::style::Style) {
    match plan {
        crate::analysis::KpiPlan::Behind => ("▼ behind", theme.bad),
        crate::analysis::KpiPlan::OnPlan => ("● on plan", theme.good),
        crate::analysis::KpiPlan::Ahead => ("▲ ahead", theme.good),
        crate::analysis::KpiPlan::NoReading => ("? no reading", theme.warning),
        crate::analysis::KpiPlan::NoTarget => ("· no target", theme.muted),
    }
}

/// The readings scaled for a sparkline: the lowest reading one bar high, the highest
/// eight, so a trend shows even when the values move little.
pub fn trend(kpi: &crate::model::Kpi) -> Vec<u64> {
    let values: Vec<f64> = kpi.history().iter().map(|r| r.value).collect();
    let lo = values.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    values
        .iter()
        .map(|v| {
            if hi <= lo {
                4
            } else {
                1 + ((v - lo) / (hi - lo) * 7.0).round() as u64
            }
        })
        .collect()
}

/// When a reading was taken, or `undated` for one carried over from a format-1 `current`.
pub fn reading_date(r: &crate::model::Reading) -> String {
    r.date
        .as_ref()
        .map_or_else(|| "undated".to_owned(), ToString::to_string)
}
