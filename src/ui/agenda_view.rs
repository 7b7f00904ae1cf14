//! The Agenda view, and the facilitation badges of the status line: the current agenda
//! item with its minutes, and the dot-vote round.
//!
//! ```text
//! ┌ Agenda: 5 items, 60 min planned · started 10:02 · ends 11:08, 6 min late ┐
//! │ ✓ 1 Welcome and goals          5 min  Board        10:02–10:07           │
//! │ ▶ 2 Agree the stages          10 min  Board · S1   10:07–10:20  ! 3 over │
//! │ · 3 Owners of each moment     15 min  Owners       10:20–10:35           │
//! └──────────────────────────────────────────────────────────────────────────┘
//! ```

use std::time::Instant;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::doc::Doc;
use crate::model::facilitation::{self, Progress, Schedule};

use super::session::Session;
use super::text::{fit, truncate};
use super::theme::Theme;
use super::views::{frame_block as block, offset};

/// Whole minutes, rounded up: what the room reads as "3 min".
fn minutes_up(secs: u64) -> u64 {
    secs.div_ceil(60)
}

/// When the workshop now ends, against the plan, in words.
fn ending(schedule: &Schedule, session: &Session) -> Option<String> {
    let clock = &session.clock;
    let expected = schedule.expected_end?;
    let late = schedule.late();
    Some(if late >= 60 {
        format!(
            "ends {} ({} min late; planned {})",
            clock.time_of_day(expected),
            late / 60,
            clock.time_of_day(schedule.planned_end.unwrap_or(expected))
        )
    } else {
        format!("ends {} as planned", clock.time_of_day(expected))
    })
}

pub fn render(
    frame: &mut Frame,
    body: Rect,
    doc: &Doc,
    session: &Session,
    theme: &Theme,
    now: Instant,
) {
    let agenda = &doc.ws.agenda;
    let wall = session.clock.at(now);
    let schedule = facilitation::schedule(agenda, wall);
    let mut title = format!(
        " Agenda: {} item{}, {} min planned",
        agenda.len(),
        if agenda.len() == 1 { "" } else { "s" },
        schedule.planned_minutes
    );
    if let Some(began) = schedule.began {
        title.push_str(&format!(" · started {}", session.clock.time_of_day(began)));
    }
    title.push(' ');
    let b = block(title, theme);
    let inner = b.inner(body);
    frame.render_widget(b, body);
    let w = usize::from(inner.width);
    let mut lines: Vec<Line> = Vec::new();
    let summary = match (schedule.began, schedule.current, ending(&schedule, session)) {
        (None, ..) if agenda.is_empty() => None,
        (None, ..) => Some((
            " Not started: ] starts the first item and goes where it is worked".to_owned(),
            theme.muted,
        )),
        (Some(_), None, end) if agenda.iter().all(|a| a.finished.is_some()) => {
            Some((format!(" Done · {}", end.unwrap_or_default()), theme.good))
        }
        (Some(_), _, Some(end)) if schedule.late() >= 60 => Some((
            format!(" ! Running late: {end}. Cut an item or move on"),
            theme.warning,
        )),
        (Some(_), _, end) => Some((
            format!(
                " On time: {} · ] moves to the next item",
                end.unwrap_or_default()
            ),
            theme.muted,
        )),
    };
    if let Some((text, style)) = summary {
        lines.push(Line::styled(truncate(&text, w), style));
    }
    if agenda.is_empty() {
        lines.push(Line::styled(
            " No agenda yet. Press n to add an item: a title, its minutes, and the view or stage it is worked in. Then ] starts it.",
            theme.muted,
        ));
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), inner);
        return;
    }
    let room = usize::from(inner.height).saturating_sub(2).max(1);
    let selected = session.agenda_selected.min(agenda.len() - 1);
    let title_width = w.saturating_sub(53).max(8);
    for (i, (item, slot)) in agenda
        .iter()
        .zip(&schedule.slots)
        .enumerate()
        .skip(offset(selected, room))
        .take(room)
    {
        let style = theme.row(i == selected);
        let (mark, mark_style) = match slot.progress {
            Progress::Done => ("✓", theme.good),
            Progress::Current => ("▶", theme.key),
            Progress::Upcoming => ("·", theme.muted),
        };
        let place = match (item.view, &item.stage) {
            (Some(v), Some(s)) => format!("{} · {s}", v.label()),
            (Some(v), None) => v.label().to_owned(),
            (None, Some(s)) => format!("Board · {s}"),
            (None, None) => String::new(),
        };
        let times = match (slot.start, slot.end) {
            (Some(a), Some(b)) => format!(
                "{}–{}",
                session.clock.time_of_day(a),
                session.clock.time_of_day(b)
            ),
            _ => String::new(),
        };
        let over = if slot.over > 0 {
            format!(" ! +{} min", minutes_up(slot.over))
        } else {
            String::new()
        };
        let row_style = |s: Style| s.patch(style);
        lines.push(Line::from(vec![
            Span::styled(format!(" {mark} "), row_style(mark_style)),
            Span::styled(format!("{:>2} ", i + 1), row_style(theme.id)),
            Span::styled(fit(&item.title, title_width), row_style(theme.title)),
            Span::styled(format!("{:>4} min  ", item.minutes), style),
            Span::styled(fit(&place, 16), row_style(theme.muted)),
            Span::styled(fit(&times, 12), style),
            Span::styled(over, row_style(theme.warning)),
        ]));
    }
    lines.push(Line::styled(
        format!(
            " {} of {} · n adds · e edits · K/J reorder · space goes there",
            selected + 1,
            agenda.len()
        ),
        theme.muted,
    ));
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The agenda and vote badges for the right of the status line, with their styles.
/// Below `wide` columns the agenda badge leaves out the item's title.
pub fn badges(
    doc: &Doc,
    session: &Session,
    theme: &Theme,
    now: Instant,
    wide: bool,
) -> Vec<Span<'static>> {
    let mut spans = Vec::new();
    let agenda = &doc.ws.agenda;
    if !agenda.is_empty() {
        let wall = session.clock.at(now);
        let schedule = facilitation::schedule(agenda, wall);
        if let (Some(i), Some(left)) = (schedule.current, schedule.remaining(agenda, wall)) {
            let head = if wide {
                truncate(
                    &format!("{}/{} {}", i + 1, agenda.len(), agenda[i].title),
                    28,
                )
            } else {
                format!("{}/{}", i + 1, agenda.len())
            };
            if left >= 0 {
                let mut text = format!(" ▶ {head} · {} min left", minutes_up(left as u64));
                if schedule.late() >= 60 {
                    text.push_str(&format!(" · {} min late", schedule.late() / 60));
                }
                spans.push(Span::styled(format!("{text} "), theme.key));
            } else {
                let end = schedule
                    .expected_end
                    .map(|e| session.clock.time_of_day(e))
                    .unwrap_or_default();
                spans.push(Span::styled(
                    format!(
                        " ! {head} · {} min over · ends {end} ",
                        minutes_up(left.unsigned_abs())
                    ),
                    theme.status_error,
                ));
            }
        }
    }
    if let Some(round) = &doc.ws.voting {
        let voter = &session.voter;
        let text = match (round.revealed, round.allowance(voter) > 0, wide) {
            (true, _, true) => {
                format!(" ● round {} revealed: {} dots ", round.round, round.total())
            }
            (true, _, false) => format!(" ● vote {} revealed ", round.round),
            (false, true, true) => format!(
                " ● round {}: {}/{} dots left · hidden ",
                round.round,
                round.left(voter),
                round.allowance(voter)
            ),
            (false, true, false) => format!(
                " ● vote {}: {}/{} left ",
                round.round,
                round.left(voter),
                round.allowance(voter)
            ),
            (false, false, _) => format!(
                " ● vote {}: {} voters · hidden ",
                round.round,
                round.voters()
            ),
        };
        if !spans.is_empty() {
            spans.push(Span::raw(" "));
        }
        spans.push(Span::styled(text, theme.key));
    }
    spans
}
