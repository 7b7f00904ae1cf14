//! The status line: what just happened (a message that goes away on its own), else what
//! has focus; and, on the right, the agenda item with its minutes and the vote round.

use std::time::Instant;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::doc::Doc;
use crate::model::facilitation;

use super::super::text::{truncate, width};
use super::super::theme::Theme;
use super::super::views::agenda::minutes_up;
use super::super::{Chrome, Session, policy, views};

/// The status line: the message of the moment, else what has focus; the agenda and the
/// vote round on the right. In presentation mode it shows only when it has something.
pub fn render(frame: &mut Frame, area: Rect, doc: &Doc, session: &Session, chrome: &Chrome) {
    let theme = chrome.theme;
    // The long badges when they fit in two thirds of the line, else the short ones.
    let mut badges = badges(doc, session, theme, chrome.now, true);
    let room = usize::from(area.width) * 2 / 3;
    if badges.iter().map(|s| width(&s.content)).sum::<usize>() > room {
        badges = self::badges(doc, session, theme, chrome.now, false);
    }
    if session.present && session.status.is_none() && badges.is_empty() {
        return;
    }
    // The agenda and the vote round stay in sight on the right; the rest gives way.
    let badge_width: usize = badges.iter().map(|s| width(&s.content)).sum();
    let badge_width = if badge_width * 3 > usize::from(area.width) * 2 {
        0
    } else {
        badge_width
    };
    let area_left = Rect {
        width: area.width - badge_width as u16,
        ..area
    };
    if badge_width > 0 {
        frame.render_widget(
            Paragraph::new(Line::from(badges)),
            Rect {
                x: area.x + area_left.width,
                width: badge_width as u16,
                ..area
            },
        );
    }
    let area = area_left;
    let line = if let Some(msg) = &session.status {
        let style = if msg.error {
            theme.status_error
        } else {
            theme.status_ok
        };
        Line::styled(
            truncate(&format!(" {}", msg.text), usize::from(area.width)),
            style,
        )
    } else if let Some(why) = &session.read_only {
        Line::styled(
            truncate(&format!(" Read-only: {why}"), usize::from(area.width)),
            theme.warning,
        )
    } else {
        Line::styled(
            truncate(&focus_summary(doc, session), usize::from(area.width)),
            theme.muted,
        )
    };
    frame.render_widget(Paragraph::new(line), area);
}

/// One line about the focused item, in the room's words.
fn focus_summary(doc: &Doc, session: &Session) -> String {
    if let Some(hint) = views::part(session.view).hint() {
        return hint.to_owned();
    }
    if let Some(m) = session.focus_moment.as_ref().and_then(|id| doc.moment(id)) {
        let mut parts = vec![format!(" {} {}", m.id, m.title)];
        if let Some(c) = m.channel {
            parts.push(c.label().to_owned());
        }
        if let Some(i) = m.importance {
            parts.push(format!("importance {i}"));
        }
        let owners: Vec<String> = m
            .owners
            .iter()
            .map(|o| format!("{}:{}", o.silo, o.role.letter()))
            .collect();
        parts.push(if owners.is_empty() {
            "no owners: press o".into()
        } else {
            format!("owners {}", owners.join(" "))
        });
        if let Some(g) = &session.segment
            && let Some(seg) = doc.ws.segment(g)
        {
            parts.push(format!("showing {}", seg.name));
        }
        return parts.join(" · ");
    }
    if let Some(s) = session.focus_stage.as_ref().and_then(|id| doc.ws.stage(id)) {
        let mut parts = vec![format!(" Stage {} {}", s.id, s.name)];
        if !s.goal.is_empty() {
            parts.push(format!("goal: {}", s.goal));
        }
        parts.push(if policy::is_view_only(session) {
            "Enter shows the stage".into()
        } else {
            "Enter edits the stage".into()
        });
        return parts.join(" · ");
    }
    String::new()
}

/// The agenda and vote badges for the right of the status line, with their styles.
/// Below `wide` columns the agenda badge leaves out the item's title.
fn badges(
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
