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

use super::super::text::{cut_words, sanitize, width, word_lines};
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
    for levels in ladder(session) {
        badges = self::badges(doc, session, theme, chrome.now, levels);
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

/// The levels the badges are tried at, widest first, as (segment, agenda, vote). A
/// facilitator over SSH keeps who has not voted longest: the segment and the agenda item
/// shorten first (`◆ Young families`, `▶ 2/6 · 4 min left` still say which and how long).
fn ladder(session: &Session) -> Vec<[Level; 3]> {
    use Level::{Full, Short, Tight, Wide};
    let mut ladder = vec![[Full; 3], [Wide; 3]];
    if session.room_voters.is_some()
        && session.rights == Rights::Full
        && session.read_only.is_none()
    {
        ladder.extend([[Short, Short, Full], [Short, Short, Wide]]);
    }
    ladder.extend([[Short; 3], [Tight; 3]]);
    ladder
}

/// The badges for the right of the status line, with their styles: the segment the cards
/// show, the agenda item with its time, the vote round, each at its level.
fn badges(
    doc: &Doc,
    session: &Session,
    theme: &Theme,
    now: Instant,
    [segment, agenda, vote]: [Level; 3],
) -> Vec<Span<'static>> {
    let mut spans = Vec::new();
    let push = |spans: &mut Vec<Span<'static>>, span: Span<'static>| {
        if !spans.is_empty() {
            spans.push(Span::raw(" "));
        }
        spans.push(span);
    };
    if let Some(g) = session.segment.as_ref().and_then(|g| doc.ws.segment(g)) {
        let text = match segment {
            Level::Full | Level::Wide => format!(" ◆ showing {} ", cut_words(&g.name, 28)),
            Level::Short => format!(" ◆ {} ", cut_words(&g.name, 16)),
            Level::Tight => format!(" ◆ {} ", g.id),
        };
        push(&mut spans, Span::styled(text, theme.key));
    }
    if let Some(span) = agenda_badge(doc, session, theme, now, agenda) {
        push(&mut spans, span);
    }
    if let Some(round) = &doc.ws.voting {
        push(
            &mut spans,
            Span::styled(vote_badge(round, session, vote), theme.key),
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
        Level::Full | Level::Wide => cut_words(
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

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::sync::Arc;

    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    use super::*;
    use crate::input::Keymap;
    use crate::model::MomentId;
    use crate::ui::{SaveState, ThemeName};

    const LEVELS: [Level; 4] = [Level::Full, Level::Wide, Level::Short, Level::Tight];

    /// An open round of 2 dots each, `room` people here, with `dots` (voter, dots on M1).
    fn round(room: u32, dots: &[(&str, u32)]) -> VoteRound {
        VoteRound {
            round: 2,
            budget: 2,
            room,
            revealed: false,
            dots: dots
                .iter()
                .map(|(v, n)| {
                    (
                        (*v).to_owned(),
                        BTreeMap::from([(MomentId::from("M1"), *n)]),
                    )
                })
                .collect(),
        }
    }

    /// A session under `moments serve` with `present` the room's voters.
    fn served(rights: Rights, voter: &str, present: &[&str]) -> Session {
        let mut s = Session::new();
        s.rights = rights;
        s.voter = voter.to_owned();
        s.follow = Some(false);
        s.room_voters = Some(
            present
                .iter()
                .map(|p| (*p).to_owned())
                .collect::<Arc<[_]>>(),
        );
        s
    }

    fn at_each_level(round: &VoteRound, session: &Session) -> [String; 4] {
        LEVELS.map(|level| vote_badge(round, session, level))
    }

    #[test]
    fn the_facilitator_reads_whom_the_round_waits_for_at_each_level() {
        let r = round(0, &[("bo", 1)]);
        let ana = served(Rights::Full, facilitation::ROOM, &["bo", "cy", "dee"]);
        assert_eq!(
            at_each_level(&r, &ana),
            [
                " ● round 2: 1 of 3 voted: bo 1 left · waiting: cy, dee · hidden ",
                " ● round 2: 1 of 3 voted · waiting: cy, dee · hidden ",
                " ● vote 2: 1/3 voted ",
                " ● 1/3 voted ",
            ]
        );
    }

    #[test]
    fn a_long_wait_names_the_first_three_and_counts_the_rest_when_narrower() {
        let r = round(0, &[("bo", 2)]);
        let ana = served(
            Rights::Full,
            facilitation::ROOM,
            &["bo", "cy", "dee", "eli", "fay"],
        );
        assert_eq!(
            vote_badge(&r, &ana, Level::Full),
            " ● round 2: 1 of 5 voted: bo ✓ · waiting: cy, dee, eli, fay · hidden "
        );
        assert_eq!(
            vote_badge(&r, &ana, Level::Wide),
            " ● round 2: 1 of 5 voted · waiting: cy, dee, eli and 1 more · hidden "
        );
    }

    #[test]
    fn participants_and_observers_read_how_many_never_who() {
        let r = round(0, &[("bo", 1)]);
        let cy = served(Rights::Participant, "cy", &["bo", "cy"]);
        assert_eq!(
            at_each_level(&r, &cy),
            [
                " ● round 2: 2/2 dots left · hidden · 1 of 2 voted ",
                " ● round 2: 2/2 dots left · hidden · 1 of 2 voted ",
                " ● vote 2: 2/2 left · 1/2 voted ",
                " ● 2/2 ",
            ]
        );
        let mut olga = served(Rights::Full, facilitation::ROOM, &["bo", "cy"]);
        olga.read_only = Some("observers watch, they do not edit".into());
        let r = round(3, &[("bo", 1)]);
        assert_eq!(
            at_each_level(&r, &olga),
            [
                " ● round 2: 1 of 3 voted · hidden ",
                " ● round 2: 1 of 3 voted · hidden ",
                " ● vote 2: 1/3 voted ",
                " ● 1/3 voted ",
            ],
            "no dots of the room's for an observer, and no names"
        );
    }

    #[test]
    fn one_who_voted_and_left_still_counts_and_the_room_is_one_voter() {
        // bo voted and left; three people here, recorded by the facilitator as the room.
        let r = round(3, &[("bo", 2), (facilitation::ROOM, 1)]);
        let ana = served(Rights::Full, facilitation::ROOM, &["cy"]);
        assert_eq!(
            vote_badge(&r, &ana, Level::Full),
            " ● round 2: 5/6 dots left · hidden · 2 of 3 voted: bo ✓, room 5 left · waiting: cy "
        );
        let r = round(3, &[]);
        assert_eq!(
            vote_badge(&r, &ana, Level::Wide),
            " ● round 2: 6/6 dots left · hidden · 0 of 2 voted · waiting: room, cy "
        );
    }

    #[test]
    fn the_local_app_counts_who_voted_as_before() {
        let r = round(3, &[("bob", 1), (facilitation::ROOM, 1)]);
        let local = Session::new();
        assert_eq!(
            at_each_level(&r, &local),
            [
                " ● round 2: 5/6 dots left · hidden · 2 voted: bob 1 left, room 5 left ",
                " ● round 2: 5/6 dots left · hidden · 2 voted ",
                " ● vote 2: 5/6 left · 2 voted ",
                " ● 5/6 ",
            ]
        );
    }

    #[test]
    fn names_from_the_file_are_shown_clean() {
        let r = round(0, &[("b\u{1b}[2Jo", 1)]);
        let ana = served(Rights::Full, facilitation::ROOM, &["cy"]);
        let badge = vote_badge(&r, &ana, Level::Full);
        assert!(!badge.contains('\u{1b}'), "{badge}");
        assert!(badge.contains("b[2Jo 1 left"), "{badge}");
    }

    /// The status line's row at `width`, with nothing but the badges to show.
    fn status_row(doc: &Doc, session: &Session, width: u16) -> String {
        let keymap = Keymap::default();
        let theme = Theme::new(ThemeName::Dark);
        let chrome = Chrome {
            file: "w.ron",
            now: Instant::now(),
            save: SaveState::Saved,
            keymap: &keymap,
            theme: &theme,
        };
        let mut terminal = Terminal::new(TestBackend::new(width, 2)).unwrap();
        terminal
            .draw(|frame| {
                let area = Rect::new(0, 0, width, 1);
                let footer = Rect::new(0, 1, width, 1);
                render(frame, area, footer, doc, session, &chrome);
            })
            .unwrap();
        let buffer = terminal.backend().buffer();
        (0..width)
            .map(|x| buffer[(x, 0)].symbol().to_owned())
            .collect::<String>()
    }

    #[test]
    fn at_every_width_the_badges_fit_whole_or_shorten_never_cutting_a_word() {
        let mut ws = crate::templates::demo();
        ws.voting = Some(round(2, &[("bo", 1), (facilitation::ROOM, 3)]));
        // The agenda under way too, so that at the narrowest all three badges are cut.
        ws.agenda[0].started = Some(crate::clock::now_secs());
        let doc = Doc::new(ws);
        let mut ana = served(Rights::Full, facilitation::ROOM, &["bo", "cy", "dee"]);
        ana.segment = doc.ws.segments.first().map(|g| g.id.clone());
        // Every word any level may say.
        let words: Vec<String> = LEVELS
            .iter()
            .flat_map(|&level| {
                badges(
                    &doc,
                    &ana,
                    &Theme::new(ThemeName::Dark),
                    Instant::now(),
                    [level; 3],
                )
            })
            .flat_map(|span| {
                span.content
                    .split_whitespace()
                    .map(|w| w.trim_end_matches('…').to_owned())
                    .collect::<Vec<_>>()
            })
            .collect();
        let mut seen = Vec::new();
        for width in 20..=260 {
            let row = status_row(&doc, &ana, width);
            for word in row.split_whitespace() {
                let whole = word.strip_suffix('…').unwrap_or(word);
                assert!(
                    whole.is_empty() || words.iter().any(|w| w == whole),
                    "at {width} columns, “{word}” is not a whole word: {row}"
                );
            }
            let level = LEVELS.iter().position(|&l| {
                row.contains(vote_badge(doc.ws.voting.as_ref().unwrap(), &ana, l).trim())
            });
            seen.push(level);
        }
        // Wide enough, the facilitator reads who; narrower, shorter forms, down to the bare
        // figures.
        assert_eq!(seen.last(), Some(&Some(0)), "260 columns show everything");
        for level in 0..4 {
            assert!(
                seen.contains(&Some(level)),
                "level {level} never shown: {seen:?}"
            );
        }
    }
}
