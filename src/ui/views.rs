//! The Seams, Experience and Priorities views: each answers one of the room's questions
//! from aggregates computed when the document changes (`Doc::derived`).
//!
//! ```text
//! Seams:       H SAL → SVC  at M7 “Order confirmed”   ✗ G1 G2   High   H3: the order
//! Experience:  segment × stage cells “✗2 ~1 ✓0 ?3”, Enter lists the moments to rate
//! Priorities:  score = critical + importance + gap + votes, parts shown
//! ```

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use crate::doc::Doc;
use crate::model::{Edit, Experience, Item, ItemKey, MomentId};

use super::session::Session;
use super::text::{fit, truncate, wrap};
use super::theme::Theme;

/// The border and title every view panel has.
pub(super) fn frame_block<'a>(title: String, theme: &Theme) -> Block<'a> {
    Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border_focus)
        .title(Span::styled(title, theme.heading))
}

/// First row to show so `selected` is visible in `room` rows.
pub(super) fn offset(selected: usize, room: usize) -> usize {
    selected.saturating_sub(room.saturating_sub(1))
}

fn empty(frame: &mut Frame, area: Rect, text: &str, theme: &Theme) {
    frame.render_widget(
        Paragraph::new(text.to_owned())
            .style(theme.muted)
            .wrap(Wrap { trim: true }),
        area,
    );
}

// ---------------------------------------------------------------- Seams

/// The moment a seam row is about, for Enter.
pub fn seam_moment(doc: &Doc, selected: usize) -> Option<MomentId> {
    doc.analysis().seams.get(selected).map(|s| s.moment.clone())
}

/// Column widths of the Seams view: kind and silos, moment, hurts, risk; what passes
/// takes the rest (nothing at 80 columns, where the bottom line says it).
const SEAM_COLUMNS: [usize; 4] = [15, 39, 16, 8];

pub fn render_seams(frame: &mut Frame, body: Rect, doc: &Doc, session: &Session, theme: &Theme) {
    let legend = "H recorded handoff · D derived from the owners";
    let title = if body.width >= 120 {
        format!(" Silo seams: where the customer passes between silos, worst first · {legend} ")
    } else {
        format!(" Silo seams, worst first · {legend} ")
    };
    let block = frame_block(title, theme);
    let inner = block.inner(body);
    frame.render_widget(block, body);
    let seams = &doc.analysis().seams;
    if seams.is_empty() {
        empty(
            frame,
            inner,
            "No seams yet. A seam appears where the Accountable silo changes between consecutive moments, or where a handoff is recorded: n records one. Give moments their owners (o on the board).",
            theme,
        );
        return;
    }
    let width = usize::from(inner.width);
    let [kind_w, moment_w, hurts_w, risk_w] = SEAM_COLUMNS;
    // On a wide screen the moment's title gets some of the room first: it is what the
    // room reads, and "what passes" rarely needs more than sixty columns.
    let spare = width
        .saturating_sub(SEAM_COLUMNS.iter().sum::<usize>() + 60)
        .min(2 * 24);
    let moment_w = moment_w + spare / 2;
    let rest = width.saturating_sub(kind_w + moment_w + hurts_w + risk_w);
    let room = usize::from(inner.height.saturating_sub(2)).max(1);
    let selected = session.seams_selected.min(seams.len() - 1);
    let heading = format!(
        "{}{}{}{}{}",
        fit("   from → to", kind_w),
        fit("at moment", moment_w),
        fit(" hurts", hurts_w),
        fit("risk", risk_w),
        fit("what passes", rest)
    );
    let mut lines = vec![Line::styled(fit(&heading, width), theme.muted)];
    for (i, seam) in seams
        .iter()
        .enumerate()
        .skip(offset(selected, room))
        .take(room)
    {
        let m = doc.moment(&seam.moment);
        let title = m.map_or(String::new(), |m| m.title.clone());
        let row_style = theme.row(i == selected);
        let hurts = if seam.bad_for.is_empty() {
            match seam.worst {
                Some(e) => format!("{} {}", e.symbol(), e.label().to_lowercase()),
                None => "? not rated".into(),
            }
        } else {
            format!(
                "✗ {}",
                seam.bad_for
                    .iter()
                    .map(|g| g.as_str())
                    .collect::<Vec<_>>()
                    .join(" ")
            )
        };
        let hurts_style = if seam.bad_for.is_empty() {
            theme.muted
        } else {
            theme.bad
        };
        // The letter tells recorded from derived without colour.
        let (mark, mark_style, kind) = match &seam.handoff {
            Some(h) if seam.what.is_empty() => ("H", theme.title, format!("{h}: not written yet")),
            Some(h) => ("H", theme.title, format!("{h}: {}", seam.what)),
            None if seam.crosses_stage => (
                "D",
                theme.muted,
                "derived from the owners, across stages".into(),
            ),
            None => ("D", theme.muted, "derived from the owners".into()),
        };
        let risk = seam.risk.map_or("—", |r| r.label());
        lines.push(Line::from(vec![
            Span::styled(format!(" {mark} "), mark_style.patch(row_style)),
            Span::styled(
                fit(&format!("{} → {}", seam.from, seam.to), kind_w - 3),
                theme.title.patch(row_style),
            ),
            Span::styled(
                fit(&format!("{} {}", seam.moment, title), moment_w),
                row_style,
            ),
            Span::styled(
                fit(&format!(" {hurts}"), hurts_w),
                hurts_style.patch(row_style),
            ),
            Span::styled(fit(risk, risk_w), row_style),
            Span::styled(truncate(&kind, rest), theme.muted.patch(row_style)),
        ]));
    }
    let seam = &seams[selected];
    let detail = match &seam.handoff {
        Some(h) if seam.what.is_empty() => {
            format!("handoff {h}: what passes is not written yet (Enter edits)")
        }
        Some(h) => format!("handoff {h}: {}", seam.what),
        None => format!("derived: {} (Enter records it)", seam.derivation()),
    };
    lines.push(Line::styled(
        truncate(
            &format!(" {} of {} · {detail}", selected + 1, seams.len()),
            width,
        ),
        theme.muted,
    ));
    frame.render_widget(Paragraph::new(lines), inner);
}

// ---------------------------------------------------------------- Experience

const CELL_WIDTH: usize = 16;
const MAX_CELL_WIDTH: usize = 24;
const SEGMENT_WIDTH: usize = 20;

/// The moments behind the focused heatmap cell.
pub fn cell_moments<'d>(doc: &'d Doc, session: &Session) -> Vec<&'d crate::model::Moment> {
    match doc.ws.stages.get(session.experience_stage) {
        Some(stage) => doc.moments_in(&stage.id).collect(),
        None => Vec::new(),
    }
}

/// The edit that rates the selected moment of the drilled-into cell for its segment.
pub fn rate(doc: &Doc, session: &Session, rating: Option<Experience>) -> Result<Edit, String> {
    let segment = doc
        .ws
        .segments
        .get(session.experience_segment)
        .ok_or("No segments yet: press G to add one")?;
    let moments = cell_moments(doc, session);
    let selected = session
        .experience_drill
        .ok_or("Press Enter on a cell first")?;
    let m = moments.get(selected).ok_or("No moment here")?;
    let mut changed = (*m).clone();
    match rating {
        Some(e) => {
            changed.experience.insert(segment.id.clone(), e);
        }
        None => {
            changed.experience.remove(&segment.id);
        }
    }
    if changed == **m {
        return Err("Already rated so".into());
    }
    let label = match rating {
        Some(e) => format!(
            "{} is {} for {}",
            m.id,
            e.label().to_lowercase(),
            segment.name
        ),
        None => format!("{} is not rated for {}", m.id, segment.name),
    };
    Ok(Edit::Batch {
        label,
        edits: vec![Edit::Replace {
            key: ItemKey::Moment(m.id.clone()),
            item: Item::Moment(changed),
        }],
    })
}

/// A stage's details on one line: goal, entry signals, duration, complexity, repeats.
fn stage_summary(s: &crate::model::Stage) -> String {
    let mut parts = vec![format!("{} {}", s.id, s.name)];
    if !s.goal.is_empty() {
        parts.push(format!("goal: {}", s.goal));
    }
    if !s.entry_signals.is_empty() {
        parts.push(format!("entry signals: {}", s.entry_signals.join("; ")));
    }
    if !s.duration.is_empty() {
        parts.push(format!("duration: {}", s.duration));
    }
    if let Some(c) = s.complexity {
        parts.push(format!("complexity: {}", c.label().to_lowercase()));
    }
    if s.repeats {
        parts.push("repeats".into());
    }
    if parts.len() == 1 {
        return String::new();
    }
    parts.join(" · ")
}

pub fn render_experience(
    frame: &mut Frame,
    body: Rect,
    doc: &Doc,
    session: &Session,
    theme: &Theme,
) {
    let ws = &doc.ws;
    let width = usize::from(body.width.saturating_sub(2));
    let fit_stages = (width.saturating_sub(SEGMENT_WIDTH) / CELL_WIDTH).max(1);
    // When every stage fits, the cells share the width (up to a point), so more of each
    // stage's name shows.
    let cell_w = if ws.stages.len() <= fit_stages && !ws.stages.is_empty() {
        (width.saturating_sub(SEGMENT_WIDTH) / ws.stages.len()).clamp(CELL_WIDTH, MAX_CELL_WIDTH)
    } else {
        CELL_WIDTH
    };
    let first_stage = session.experience_stage.saturating_sub(fit_stages - 1);
    // Say so when stages are off screen, and where: the heading alone would not.
    let shown = ws.stages.len().min(first_stage + fit_stages);
    let title = if ws.stages.len() > fit_stages {
        format!(
            " Experience today: segments × stages {}–{shown} of {} (←/→ for more) ",
            first_stage + 1,
            ws.stages.len()
        )
    } else {
        " Experience today: segments × stages ".to_owned()
    };
    let block = frame_block(title, theme);
    let inner = block.inner(body);
    frame.render_widget(block, body);
    if ws.segments.is_empty() || ws.stages.is_empty() {
        empty(
            frame,
            inner,
            "The heatmap needs segments and stages. Press G to add a customer segment, and rate moments in the moment editor (Enter on a card).",
            theme,
        );
        return;
    }
    let mut lines = Vec::new();
    // Stage names wrap onto a second heading line rather than being cut early.
    let names: Vec<(usize, Vec<String>)> = ws
        .stages
        .iter()
        .enumerate()
        .skip(first_stage)
        .take(fit_stages)
        .map(|(si, stage)| (si, wrap(&stage.name, cell_w - 1, 2)))
        .collect();
    let heading_lines = names.iter().map(|(_, l)| l.len()).max().unwrap_or(1).max(1);
    for row in 0..heading_lines {
        let label = if row == 0 { " segment" } else { "" };
        let mut heading = vec![Span::styled(fit(label, SEGMENT_WIDTH), theme.muted)];
        for (si, name) in &names {
            let style = if *si == session.experience_stage {
                theme.heading.add_modifier(Modifier::UNDERLINED)
            } else {
                theme.heading
            };
            let part = name.get(row).map_or("", String::as_str);
            heading.push(Span::styled(fit(&format!(" {part}"), cell_w), style));
        }
        lines.push(Line::from(heading));
    }
    for (gi, segment) in ws.segments.iter().enumerate() {
        let mut row = vec![Span::styled(
            fit(&format!(" {}", segment.name), SEGMENT_WIDTH),
            theme.title,
        )];
        for (si, _) in ws
            .stages
            .iter()
            .enumerate()
            .skip(first_stage)
            .take(fit_stages)
        {
            let cell = doc
                .analysis()
                .heatmap
                .get(gi)
                .and_then(|r| r.get(si))
                .copied()
                .unwrap_or_default();
            let worst = cell.worst();
            let text = if cell.total() == 0 {
                " ·".to_owned()
            } else {
                format!(
                    " {} ✗{} ~{} ✓{} ?{}",
                    worst.symbol(),
                    cell.bad,
                    cell.neutral,
                    cell.good,
                    cell.unknown
                )
            };
            let mut style = theme.experience(worst);
            if gi == session.experience_segment && si == session.experience_stage {
                style = theme
                    .selection
                    .patch(style)
                    .add_modifier(Modifier::REVERSED);
            }
            row.push(Span::styled(fit(&text, cell_w), style));
        }
        lines.push(Line::from(row));
    }
    lines.push(Line::from(""));
    // The moments behind the focused cell, rated for its segment.
    let segment = &ws.segments[session.experience_segment.min(ws.segments.len() - 1)];
    let stage = &ws.stages[session.experience_stage.min(ws.stages.len() - 1)];
    // The focused stage's details, where there is room for them.
    if inner.height >= 20 {
        let about = stage_summary(stage);
        if !about.is_empty() {
            let width = usize::from(inner.width).saturating_sub(2);
            for part in wrap(&about, width, 2) {
                lines.push(Line::styled(format!(" {part}"), theme.muted));
            }
            lines.push(Line::from(""));
        }
    }
    let moments = cell_moments(doc, session);
    let drilling = session.experience_drill.is_some();
    lines.push(Line::styled(
        format!(
            " {} in {}{}",
            segment.name,
            stage.name,
            if drilling {
                ": b bad, n neutral, g good, . unknown, x clear, Esc back"
            } else {
                ": Enter to rate these moments"
            }
        ),
        theme.heading,
    ));
    let room = usize::from(inner.height)
        .saturating_sub(lines.len() + 1)
        .max(1);
    let selected = session.experience_drill.unwrap_or(0);
    if moments.is_empty() {
        lines.push(Line::styled(
            format!(" No moments in {} yet", stage.name),
            theme.muted,
        ));
    }
    for (i, m) in moments
        .iter()
        .enumerate()
        .skip(offset(selected, room))
        .take(room)
    {
        let e = m.experience.get(&segment.id).copied();
        let mark = e.map_or("·".to_owned(), |e| e.symbol().to_owned());
        let label = e.map_or("not rated", |e| e.label());
        let style = theme.row(drilling && i == selected);
        lines.push(Line::from(vec![
            Span::styled(
                format!(" {mark} "),
                e.map_or(theme.muted, |e| theme.experience(e)).patch(style),
            ),
            Span::styled(
                fit(&format!("{} {}", m.id, m.title), width.saturating_sub(16)),
                style,
            ),
            Span::styled(fit(label, 12), theme.muted.patch(style)),
        ]));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

// ---------------------------------------------------------------- Priorities

/// The priority rows shown: all, or only the critical-and-failing short list.
pub fn priority_rows<'d>(doc: &'d Doc, session: &Session) -> Vec<&'d crate::analysis::Priority> {
    super::priorities::rows(doc, &session.priorities_filter, &session.priorities_rows)
}

/// The critical-and-failing short list on top: as many as fit, highest score first.
fn failing_short_list(doc: &Doc, failing: usize, width: usize, theme: &Theme) -> Line<'static> {
    if failing == 0 {
        return Line::styled(" Nothing critical is failing today", theme.good);
    }
    let mut text = format!(" {failing} critical and failing: ");
    let mut listed = 0;
    // Titles while they fit, then ids alone, then a count.
    let mut with_titles = true;
    for p in doc.analysis().priorities.iter().filter(|p| p.failing) {
        let Some(m) = doc.moment(&p.moment) else {
            continue;
        };
        let sep = if listed > 0 { " · " } else { "" };
        let tail = if failing - listed > 1 { 12 } else { 0 };
        let room = width.saturating_sub(super::text::width(&text) + tail);
        let titled = format!("{sep}{} {}", m.id, m.title);
        let bare = format!("{sep}{}", m.id);
        if with_titles && super::text::width(&titled) <= room {
            text.push_str(&titled);
        } else if super::text::width(&bare) <= room {
            with_titles = false;
            text.push_str(&bare);
        } else {
            break;
        }
        listed += 1;
    }
    if listed < failing {
        text.push_str(&format!(" · +{} more", failing - listed));
    }
    Line::styled(truncate(&text, width), theme.bad)
}

pub fn render_priorities(
    frame: &mut Frame,
    body: Rect,
    doc: &Doc,
    session: &Session,
    theme: &Theme,
) {
    let filter = &session.priorities_filter;
    let chosen = filter.describe(&doc.ws);
    let title = if chosen.is_empty() {
        " Priorities: what do we fix first? (f filters and sorts) ".to_owned()
    } else {
        format!(" Priorities: {} (f changes) ", chosen.join(" · "))
    };
    let block = frame_block(title, theme);
    let inner = block.inner(body);
    frame.render_widget(block, body);
    let rows = priority_rows(doc, session);
    let failing = doc
        .analysis()
        .priorities
        .iter()
        .filter(|p| p.failing)
        .count();
    let mut lines = vec![
        Line::from(vec![Span::styled(
            " score = critical (2 each) + importance (×2) + gap to target (×4) + votes",
            theme.muted,
        )]),
        failing_short_list(doc, failing, usize::from(inner.width), theme),
        Line::styled(
            fit(
                " score  crit  imp  gap  votes  today  moment",
                usize::from(inner.width),
            ),
            theme.muted,
        ),
    ];
    if rows.is_empty() {
        let empty = if chosen.is_empty() {
            " Nothing here yet: the moments you capture on the board are ranked here"
        } else {
            " No moment matches: f changes the filter"
        };
        lines.push(Line::styled(empty, theme.muted));
        frame.render_widget(Paragraph::new(lines), inner);
        return;
    }
    let room = usize::from(inner.height)
        .saturating_sub(lines.len() + 1)
        .max(1);
    let selected = session.priorities_selected.min(rows.len() - 1);
    for (i, p) in rows
        .iter()
        .enumerate()
        .skip(offset(selected, room))
        .take(room)
    {
        let Some(m) = doc.moment(&p.moment) else {
            continue;
        };
        let style = theme.row(i == selected);
        let today = super::priorities::today(m, filter);
        // With a segment chosen, failing means failing for it, as in the filter.
        let failing = p.failing && (filter.segment.is_none() || today == Some(Experience::Bad));
        let flag = if failing { "!" } else { " " };
        lines.push(Line::from(vec![
            Span::styled(
                format!(" {:>4}{flag} ", p.total()),
                theme.title.patch(style),
            ),
            Span::styled(
                format!(
                    "{:>4} {:>4} {:>4} {:>6}  ",
                    p.critical, p.importance, p.gap, p.votes
                ),
                style,
            ),
            match today {
                Some(e) => Span::styled(
                    format!("  {}    ", e.symbol()),
                    theme.experience(e).patch(style),
                ),
                None => Span::styled("  ·    ", theme.muted.patch(style)),
            },
            Span::styled(format!("{} ", m.id), theme.id.patch(style)),
            Span::styled(
                fit(&m.title, usize::from(inner.width).saturating_sub(43)),
                style,
            ),
        ]));
    }
    lines.push(Line::styled(
        format!(
            " {} of {} · Enter shows the moment on the board",
            selected + 1,
            rows.len()
        ),
        theme.muted,
    ));
    frame.render_widget(Paragraph::new(lines), inner);
}
