//! The status line: what just happened (a message that goes away on its own), else what
//! has focus; and, on the right, what the room must always read: the segment the cards
//! show, the agenda item with its time (from the timebox when `]` started it: one clock)
//! and the vote round with how many have voted.

use std::time::Instant;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::doc::Doc;
use crate::model::{VoteRound, facilitation};

use super::super::text::{cut_words, sanitize, truncate, width, word_lines};
use super::super::theme::Theme;
use super::super::views::agenda::minutes_up;
use super::super::{Chrome, Rights, Session, policy, views};

/// The status line: the message of the moment, else what has focus; on the right the
/// state the room must always be able to read (the segment the cards show, the agenda
/// item and its time, the vote round), which never gives way to a message: the badges
/// shorten, and a message that does not fit wraps at words onto the footer's row.
/// Returns whether it took the footer's row. In presentation mode it shows only when it
/// has something to say.
pub fn render(
    frame: &mut Frame,
    area: Rect,
    footer: Rect,
    doc: &Doc,
    session: &Session,
    chrome: &Chrome,
) -> bool {
    let theme = chrome.theme;
    let total = usize::from(area.width);
    // The widest badges that leave the message a third of the line; at worst the
    // tightest, cut after a whole word to the line (never dropped).
    let mut badges = Vec::new();
    for level in [Level::Full, Level::Wide, Level::Short, Level::Tight] {
        badges = self::badges(doc, session, theme, chrome.now, level);
        if spans_width(&badges) * 3 <= total * 2 {
            break;
        }
    }
    if session.present && session.status.is_none() && badges.is_empty() {
        return false;
    }
    let badge_width = spans_width(&badges).min(total);
    if badge_width > 0 {
        let badges = if spans_width(&badges) > total {
            let text: String = badges.iter().map(|s| s.content.as_ref()).collect();
            vec![Span::styled(cut_words(&text, total), theme.key)]
        } else {
            badges
        };
        frame.render_widget(
            Paragraph::new(Line::from(badges)),
            Rect {
                x: area.x + (total - badge_width) as u16,
                width: badge_width as u16,
                ..area
            },
        );
    }
    let room = total - badge_width;
    let (text, style) = if let Some(msg) = &session.status {
        let style = if msg.error {
            theme.status_error
        } else {
            theme.status_ok
        };
        (msg.text.clone(), style)
    } else if let Some(why) = &session.read_only {
        (format!("Read-only: {why}"), theme.warning)
    } else {
        (focus_summary(doc, session), theme.muted)
    };
    // A message is read once: when it does not fit, it takes the footer's row too (the
    // keys come back when it goes), unless an overlay's keys are there.
    let second_row = session.status.is_some()
        && session.overlays.is_empty()
        && footer.height > 0
        && width(&text) + 1 > room;
    // Both rows as wide as the first, so the message reads as one block.
    let lines = word_lines(
        &text,
        room.saturating_sub(1),
        if second_row { 2 } else { 1 },
    );
    let mut rows = lines.into_iter();
    if let Some(first) = rows.next() {
        frame.render_widget(
            Paragraph::new(Line::styled(format!(" {first}"), style)),
            Rect {
                width: room as u16,
                ..area
            },
        );
    }
    match rows.next() {
        Some(second) if second_row => {
            frame.render_widget(
                Paragraph::new(Line::styled(format!(" {second}"), style)),
                footer,
            );
            true
        }
        _ => false,
    }
}

fn spans_width(spans: &[Span]) -> usize {
    spans.iter().map(|s| width(&s.content)).sum()
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

/// How much the badges say: everything (with who has voted, for the facilitator), the
/// long words, short words, or the bare figures.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Level {
    Full,
    Wide,
    Short,
    Tight,
}

/// The badges for the right of the status line, with their styles: the segment the cards
/// show, the agenda item with its time, the vote round.
fn badges(
    doc: &Doc,
    session: &Session,
    theme: &Theme,
    now: Instant,
    level: Level,
) -> Vec<Span<'static>> {
    let mut spans = Vec::new();
    let push = |spans: &mut Vec<Span<'static>>, span: Span<'static>| {
        if !spans.is_empty() {
            spans.push(Span::raw(" "));
        }
        spans.push(span);
    };
    if let Some(g) = session.segment.as_ref().and_then(|g| doc.ws.segment(g)) {
        let text = match level {
            Level::Full | Level::Wide => format!(" ◆ showing {} ", truncate(&g.name, 28)),
            Level::Short => format!(" ◆ {} ", truncate(&g.name, 16)),
            Level::Tight => format!(" ◆ {} ", g.id),
        };
        push(&mut spans, Span::styled(text, theme.key));
    }
    if let Some(span) = agenda_badge(doc, session, theme, now, level) {
        push(&mut spans, span);
    }
    if let Some(round) = &doc.ws.voting {
        push(
            &mut spans,
            Span::styled(vote_badge(round, session, level), theme.key),
        );
    }
    spans
}

/// The agenda item under way with its time. When the timebox was started for this item
/// (`]`), its time is the item's time, paused or not, so the two never disagree; else
/// the wall clock against the item's start.
fn agenda_badge(
    doc: &Doc,
    session: &Session,
    theme: &Theme,
    now: Instant,
    level: Level,
) -> Option<Span<'static>> {
    let agenda = &doc.ws.agenda;
    if agenda.is_empty() {
        return None;
    }
    let wall = session.clock.at(now);
    let schedule = facilitation::schedule(agenda, wall);
    let i = schedule.current?;
    let timer = session.timer.as_ref().filter(|t| {
        t.agenda
            .is_some_and(|link| link.item == i && Some(link.started) == agenda[i].started)
    });
    let left = match timer {
        Some(t) => t.remaining_secs(now),
        None => schedule.remaining(agenda, wall)?,
    };
    let paused = timer.is_some_and(|t| !t.is_running());
    let head = match level {
        Level::Full | Level::Wide => truncate(
            &format!("{}/{} {}", i + 1, agenda.len(), agenda[i].title),
            28,
        ),
        Level::Short | Level::Tight => format!("{}/{}", i + 1, agenda.len()),
    };
    let pause = if paused { "paused · " } else { "" };
    if left > 0 {
        let minutes = minutes_up(left as u64);
        let mark = if paused { "‖" } else { "▶" };
        let text = if level == Level::Tight {
            format!(" {mark} {head} {minutes}m ")
        } else {
            let mut text = format!(" {mark} {head} · {pause}{minutes} min left");
            if schedule.late() >= 60 && level <= Level::Wide {
                text.push_str(&format!(" · {} min late", schedule.late() / 60));
            }
            text.push(' ');
            text
        };
        return Some(Span::styled(text, theme.key));
    }
    // Time is up: the same moment the timebox says TIME UP.
    let over = minutes_up(left.unsigned_abs());
    let text = match level {
        Level::Full | Level::Wide => {
            let end = schedule
                .expected_end
                .map(|e| session.clock.time_of_day(e))
                .unwrap_or_default();
            if over == 0 {
                format!(" ! {head} · {pause}time up · ends {end} ")
            } else {
                format!(" ! {head} · {pause}{over} min over · ends {end} ")
            }
        }
        Level::Short => format!(" ! {head} · {pause}{over} min over "),
        Level::Tight => format!(" ! {head} +{over}m "),
    };
    Some(Span::styled(text, theme.status_error))
}

/// The vote round: hidden or revealed, this session's dots, how many have voted. Who has
/// voted and who has dots left is the facilitator's to see, never what anyone chose.
/// Under `moments serve` the count is out of the room's voters ([`room_of`]), and the
/// facilitator also reads whom the round still waits for (`3 of 5 voted · waiting: bo,
/// cy`); the local app, where the room votes as one, counts those who voted.
fn vote_badge(round: &VoteRound, session: &Session, level: Level) -> String {
    let voter = &session.voter;
    let n = round.round;
    let voted = round.voters();
    if round.revealed {
        return match level {
            Level::Full | Level::Wide => format!(" ● round {n} revealed: {} dots ", round.total()),
            Level::Short => format!(" ● vote {n} revealed "),
            Level::Tight => format!(" ● {n} shown "),
        };
    }
    let facilitator = session.rights == Rights::Full && session.read_only.is_none();
    let room = session
        .room_voters
        .as_deref()
        .map(|present| room_of(round, present));
    let (count, short_count) = match &room {
        Some(all) => (
            format!("{voted} of {} voted", all.len()),
            format!("{voted}/{} voted", all.len()),
        ),
        None => (format!("{voted} voted"), format!("{voted} voted")),
    };
    let mut who = String::new();
    if facilitator && level == Level::Full {
        let names: Vec<String> = round
            .dots
            .keys()
            .filter(|v| round.spent(v) > 0)
            .map(|v| match round.left(v) {
                0 => format!("{} ✓", sanitize(v, false)),
                left => format!("{} {left} left", sanitize(v, false)),
            })
            .collect();
        if !names.is_empty() {
            who = format!(": {}", names.join(", "));
        }
    }
    if let Some(all) = room
        .as_ref()
        .filter(|_| facilitator && level <= Level::Wide)
    {
        let waiting: Vec<String> = all
            .iter()
            .filter(|v| round.spent(v) == 0)
            .map(|v| sanitize(v, false))
            .collect();
        // All of them when there is room for everything; else the first few, counted.
        let shown = if level == Level::Full {
            waiting.len()
        } else {
            3
        };
        if !waiting.is_empty() {
            who.push_str(" · waiting: ");
            who.push_str(&waiting[..shown.min(waiting.len())].join(", "));
            if waiting.len() > shown {
                who.push_str(&format!(" and {} more", waiting.len() - shown));
            }
        }
    }
    // An observer over SSH has no dots, whatever voter its session names.
    let votes = round.allowance(voter) > 0 && !(room.is_some() && session.read_only.is_some());
    match (votes, level) {
        (true, Level::Full | Level::Wide) => format!(
            " ● round {n}: {}/{} dots left · hidden · {count}{who} ",
            round.left(voter),
            round.allowance(voter)
        ),
        (true, Level::Short) => format!(
            " ● vote {n}: {}/{} left · {short_count} ",
            round.left(voter),
            round.allowance(voter)
        ),
        (true, Level::Tight) => format!(" ● {}/{} ", round.left(voter), round.allowance(voter)),
        (false, Level::Full | Level::Wide) => {
            format!(" ● round {n}: {count}{who} · hidden ")
        }
        (false, Level::Short) => format!(" ● vote {n}: {short_count} "),
        (false, Level::Tight) => format!(" ● {short_count} "),
    }
}

/// Who may vote in `round` under `moments serve`: the people connected who may (`present`,
/// from the hub: participants), the room's own dots when the facilitator records for
/// people here, and anyone who voted and then left (their dots still count).
/// Facilitators are not voters of their own: their `+` places the room's dots.
fn room_of(round: &VoteRound, present: &[String]) -> Vec<String> {
    let mut all: Vec<String> = Vec::with_capacity(present.len() + 1);
    if round.room > 0 || round.spent(facilitation::ROOM) > 0 {
        all.push(facilitation::ROOM.to_owned());
    }
    let voted = round.dots.keys().filter(|v| round.spent(v) > 0);
    for name in present.iter().chain(voted) {
        if !all.contains(name) {
            all.push(name.clone());
        }
    }
    all
}
