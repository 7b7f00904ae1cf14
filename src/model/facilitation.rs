//! The arithmetic of facilitation: dot-vote budgets and the agenda's schedule. Pure
//! functions of the workspace and a time in seconds since the Unix epoch.

use std::collections::BTreeMap;

use super::edit::{Edit, Item, ItemKey};
use super::ids::MomentId;
use super::measure::Date;
use super::strategy::VoteResult;
use super::workspace::{AgendaItem, VoteRound, Workspace};

/// The voter whose dots the facilitator records for the people in the room.
pub const ROOM: &str = "room";

/// Dots per voter when nobody says otherwise: a quarter of the cards in play, rounded up.
pub fn default_budget(cards: usize) -> u32 {
    u32::try_from(cards.div_ceil(4)).unwrap_or(u32::MAX).max(1)
}

impl VoteRound {
    /// Dots `voter` may place in this round: the budget, times the head count for the room.
    pub fn allowance(&self, voter: &str) -> u32 {
        if voter == ROOM {
            self.budget.saturating_mul(self.room)
        } else {
            self.budget
        }
    }

    pub fn spent(&self, voter: &str) -> u32 {
        self.dots.get(voter).map_or(0, |d| d.values().sum())
    }

    pub fn left(&self, voter: &str) -> u32 {
        self.allowance(voter).saturating_sub(self.spent(voter))
    }

    /// Dots `voter` placed on `moment`.
    pub fn mine(&self, voter: &str, moment: &MomentId) -> u32 {
        self.dots
            .get(voter)
            .and_then(|d| d.get(moment))
            .copied()
            .unwrap_or(0)
    }

    /// Dots per moment, all voters together.
    pub fn tally(&self) -> BTreeMap<MomentId, u32> {
        let mut out: BTreeMap<MomentId, u32> = BTreeMap::new();
        for dots in self.dots.values() {
            for (moment, n) in dots {
                *out.entry(moment.clone()).or_default() += n;
            }
        }
        out.retain(|_, n| *n > 0);
        out
    }

    pub fn total(&self) -> u32 {
        self.dots.values().flat_map(|d| d.values()).sum()
    }

    /// People who placed at least one dot (the room counts once).
    pub fn voters(&self) -> usize {
        self.dots
            .values()
            .filter(|d| d.values().any(|n| *n > 0))
            .count()
    }

    /// A copy with `voter`'s dots on `moment` set to `dots`.
    fn with_dots(&self, voter: &str, moment: &MomentId, dots: u32) -> VoteRound {
        let mut round = self.clone();
        let mine = round.dots.entry(voter.to_owned()).or_default();
        if dots == 0 {
            mine.remove(moment);
        } else {
            mine.insert(moment.clone(), dots);
        }
        if mine.is_empty() {
            round.dots.remove(voter);
        }
        round
    }
}

/// The votes a moment shows: none while a round's tallies are hidden, so nobody anchors on
/// the last result.
pub fn shown_votes(ws: &Workspace, moment: &super::workspace::Moment) -> u32 {
    match &ws.voting {
        Some(round) if !round.revealed => 0,
        _ => moment.votes,
    }
}

/// The edit that starts a new round, replacing the one before (its dots are dropped).
pub fn start_round(ws: &Workspace, budget: u32, room: u32) -> Edit {
    let round = ws.voting.as_ref().map_or(1, |r| r.round + 1);
    Edit::SetVoting(Some(VoteRound {
        round,
        budget: budget.max(1),
        room,
        revealed: false,
        dots: BTreeMap::new(),
    }))
}

/// The edit that places (`delta` > 0) or takes back dots of `voter` on `moment`, or why not.
pub fn vote(ws: &Workspace, voter: &str, moment: &MomentId, delta: i32) -> Result<Edit, String> {
    let Some(round) = &ws.voting else {
        return Err("No vote round is open: the facilitator starts one with V".into());
    };
    if round.revealed {
        return Err(format!(
            "Round {} is revealed; a new round (V) opens voting again",
            round.round
        ));
    }
    if ws.moment(moment).is_none() {
        return Err(format!("There is no moment {moment}"));
    }
    let mine = round.mine(voter, moment);
    let wanted = i64::from(mine) + i64::from(delta);
    if wanted < 0 {
        return Err(if round.spent(voter) == 0 {
            "You have no dots to take back".to_owned()
        } else {
            format!("No dot of yours on {moment} to take back")
        });
    }
    let wanted = u32::try_from(wanted).unwrap_or(u32::MAX);
    if wanted > mine && wanted - mine > round.left(voter) {
        return Err(if voter == ROOM && round.room == 0 {
            "Nobody votes in this room: start the round (V) with the number of people here"
                .to_owned()
        } else if voter == ROOM {
            format!(
                "The room has no dots left ({} each × {} {} = {})",
                round.budget,
                round.room,
                if round.room == 1 { "person" } else { "people" },
                round.allowance(voter)
            )
        } else {
            format!(
                "No dots left in round {} ({} each); - takes one back",
                round.round, round.budget
            )
        });
    }
    Ok(Edit::SetVoting(Some(
        round.with_dots(voter, moment, wanted),
    )))
}

/// The edit that reveals the round on `date`: the tallies show, become the moments' votes
/// (so the Priorities view ranks by them), and are kept in the workspace's history of
/// rounds (`vote_rounds`), so a later round never loses this one's results. Undo takes
/// all of it back.
pub fn reveal(ws: &Workspace, date: Date) -> Result<Edit, String> {
    let Some(round) = &ws.voting else {
        return Err("No vote round to reveal: V starts one".into());
    };
    if round.revealed {
        return Err(format!("Round {} is already revealed", round.round));
    }
    let tally = round.tally();
    let mut edits = vec![
        Edit::SetVoting(Some(VoteRound {
            revealed: true,
            ..round.clone()
        })),
        Edit::RecordRound(VoteResult {
            round: round.round,
            date,
            budget: round.budget,
            voters: u32::try_from(round.voters()).unwrap_or(u32::MAX),
            tallies: tally.clone(),
        }),
    ];
    for m in &ws.moments {
        let votes = tally.get(&m.id).copied().unwrap_or(0);
        if m.votes != votes {
            let mut changed = m.clone();
            changed.votes = votes;
            edits.push(Edit::Replace {
                key: ItemKey::Moment(m.id.clone()),
                item: Item::Moment(changed),
            });
        }
    }
    Ok(Edit::Batch {
        label: format!(
            "revealed round {}: {} dots on {} moments; Priorities ranks by them",
            round.round,
            round.total(),
            tally.len()
        ),
        edits,
    })
}

/// Where an agenda item stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Progress {
    Done,
    Current,
    Upcoming,
}

/// One item of the agenda placed on the clock.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Slot {
    pub progress: Progress,
    /// When it started or, for items to come, will start (none before the agenda starts).
    pub start: Option<u64>,
    /// When it ended or is now expected to end.
    pub end: Option<u64>,
    /// Seconds past its planned length (done or current items), else 0.
    pub over: u64,
}

/// The agenda on the clock: what was planned and what is now expected.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Schedule {
    pub slots: Vec<Slot>,
    /// The item under way.
    pub current: Option<usize>,
    /// When the agenda started: the first item's start.
    pub began: Option<u64>,
    /// The end as planned: the start plus every item's minutes.
    pub planned_end: Option<u64>,
    /// The end as now expected, overruns included.
    pub expected_end: Option<u64>,
    pub planned_minutes: u32,
}

impl Schedule {
    /// Seconds the agenda now runs past its plan (0 when on time or ahead).
    pub fn late(&self) -> u64 {
        match (self.planned_end, self.expected_end) {
            (Some(p), Some(e)) => e.saturating_sub(p),
            _ => 0,
        }
    }

    /// Seconds left of the current item; negative once it overruns.
    pub fn remaining(&self, agenda: &[AgendaItem], now: u64) -> Option<i64> {
        let i = self.current?;
        let start = self.slots[i].start?;
        let planned = start + u64::from(agenda[i].minutes) * 60;
        Some(planned as i64 - now as i64)
    }
}

/// Places the agenda on the clock at `now`. Items run in order; a finished item ends when
/// it was finished, the current one no earlier than planned, and the rest follow on.
pub fn schedule(agenda: &[AgendaItem], now: u64) -> Schedule {
    let planned_minutes = agenda.iter().map(|a| a.minutes).sum();
    let began = agenda.iter().find_map(|a| a.started);
    let current = agenda
        .iter()
        .position(|a| a.started.is_some() && a.finished.is_none());
    let mut cursor = began;
    let mut slots = Vec::with_capacity(agenda.len());
    for (i, item) in agenda.iter().enumerate() {
        let length = u64::from(item.minutes) * 60;
        let slot = if let Some(finished) = item.finished {
            let start = item.started.or(cursor).unwrap_or(finished);
            Slot {
                progress: Progress::Done,
                start: Some(start),
                end: Some(finished),
                over: finished.saturating_sub(start).saturating_sub(length),
            }
        } else if Some(i) == current {
            let start = item.started.unwrap_or(now);
            let end = (start + length).max(now);
            Slot {
                progress: Progress::Current,
                start: Some(start),
                end: Some(end),
                over: now.saturating_sub(start + length),
            }
        } else {
            // Between items nothing runs, so the next one cannot start before now.
            let start = cursor.map(|c| if current.is_some() { c } else { c.max(now) });
            Slot {
                progress: Progress::Upcoming,
                start,
                end: start.map(|s| s + length),
                over: 0,
            }
        };
        cursor = slot.end.or(cursor);
        slots.push(slot);
    }
    Schedule {
        planned_end: began.map(|b| b + u64::from(planned_minutes) * 60),
        expected_end: began.and(cursor),
        slots,
        current,
        began,
        planned_minutes,
    }
}

/// The edit that moves the agenda on at `now`: the current item finishes and the next one
/// starts (the first one when nothing has started). `None` when every item is done.
pub fn advance(ws: &Workspace, now: u64) -> Option<(Edit, Option<usize>)> {
    let agenda = &ws.agenda;
    let current = agenda
        .iter()
        .position(|a| a.started.is_some() && a.finished.is_none());
    let next = agenda
        .iter()
        .enumerate()
        .skip(current.map_or(0, |c| c + 1))
        .find(|(_, a)| a.started.is_none() && a.finished.is_none())
        .map(|(i, _)| i);
    if current.is_none() && next.is_none() {
        return None;
    }
    let mut edits = Vec::new();
    let mut replace = |i: usize, change: &dyn Fn(&mut AgendaItem)| {
        let mut item = agenda[i].clone();
        change(&mut item);
        edits.push(Edit::Replace {
            key: ItemKey::Agenda(i),
            item: Item::Agenda(item),
        });
    };
    if let Some(c) = current {
        replace(c, &|a| a.finished = Some(now));
    }
    if let Some(n) = next {
        replace(n, &|a| a.started = Some(now));
    }
    let label = match (current, next) {
        (Some(c), Some(n)) => format!(
            "agenda: “{}” done, now “{}”",
            agenda[c].title, agenda[n].title
        ),
        (Some(c), None) => format!("agenda: “{}” done, the agenda is complete", agenda[c].title),
        (None, Some(n)) => format!("agenda started: “{}”", agenda[n].title),
        (None, None) => unreachable!("returned above"),
    };
    Some((Edit::Batch { label, edits }, next))
}

/// The edit that clears every start and finish, to run the agenda again.
pub fn restart(ws: &Workspace) -> Option<Edit> {
    let edits: Vec<Edit> = ws
        .agenda
        .iter()
        .enumerate()
        .filter(|(_, a)| a.started.is_some() || a.finished.is_some())
        .map(|(i, a)| Edit::Replace {
            key: ItemKey::Agenda(i),
            item: Item::Agenda(AgendaItem {
                started: None,
                finished: None,
                ..a.clone()
            }),
        })
        .collect();
    (!edits.is_empty()).then(|| Edit::Batch {
        label: "agenda cleared: every item is to come".into(),
        edits,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(title: &str, minutes: u32) -> AgendaItem {
        AgendaItem {
            title: title.into(),
            minutes,
            ..AgendaItem::default()
        }
    }

    #[test]
    fn every_revealed_round_is_kept_and_undo_takes_it_back() {
        use crate::model::{Moment, Stage, StageId};
        let mut ws = Workspace::default();
        ws.stages.push(Stage {
            id: StageId::numbered(1),
            ..Stage::default()
        });
        for n in 1..=2 {
            ws.moments.push(Moment {
                id: MomentId::numbered(n),
                stage: StageId::numbered(1),
                ..Moment::default()
            });
        }
        let day = |d: &str| Date::parse(d).unwrap();
        let (m1, m2) = (MomentId::numbered(1), MomentId::numbered(2));
        start_round(&ws, 3, 0).apply(&mut ws).unwrap();
        vote(&ws, "ana", &m1, 2).unwrap().apply(&mut ws).unwrap();
        vote(&ws, "bo", &m2, 1).unwrap().apply(&mut ws).unwrap();
        let undo = reveal(&ws, day("2026-11-23"))
            .unwrap()
            .apply(&mut ws)
            .unwrap();
        assert_eq!(ws.vote_rounds.len(), 1);
        let first = ws.vote_rounds[0].clone();
        assert_eq!((first.round, first.budget, first.voters), (1, 3, 2));
        assert_eq!(first.date.as_str(), "2026-11-23");
        assert_eq!(first.tallies, [(m1.clone(), 2), (m2.clone(), 1)].into());
        let redo = undo.apply(&mut ws).unwrap();
        assert!(
            ws.vote_rounds.is_empty(),
            "undoing the reveal takes the record back"
        );
        redo.apply(&mut ws).unwrap();
        assert_eq!(ws.vote_rounds, std::slice::from_ref(&first));

        // A second round never drops the first one's results.
        start_round(&ws, 2, 0).apply(&mut ws).unwrap();
        vote(&ws, "ana", &m2, 2).unwrap().apply(&mut ws).unwrap();
        reveal(&ws, day("2026-11-24"))
            .unwrap()
            .apply(&mut ws)
            .unwrap();
        assert_eq!(ws.vote_rounds.len(), 2);
        assert_eq!(ws.vote_rounds[0], first);
        assert_eq!(ws.vote_rounds[1].round, 2);
        assert_eq!(ws.vote_rounds[1].tallies, [(m2, 2)].into());
    }

    #[test]
    fn budget_is_a_quarter_rounded_up() {
        assert_eq!(default_budget(0), 1);
        assert_eq!(default_budget(1), 1);
        assert_eq!(default_budget(4), 1);
        assert_eq!(default_budget(5), 2);
        assert_eq!(default_budget(26), 7);
    }

    #[test]
    fn schedule_before_the_start_has_no_times() {
        let s = schedule(&[item("a", 10), item("b", 20)], 1000);
        assert_eq!(s.planned_minutes, 30);
        assert_eq!(s.began, None);
        assert!(s.slots.iter().all(|x| x.start.is_none()));
        assert_eq!(s.late(), 0);
    }

    #[test]
    fn an_overrun_moves_the_rest_of_the_plan() {
        let t0 = 10_000;
        let mut agenda = vec![item("a", 10), item("b", 20), item("c", 5)];
        agenda[0].started = Some(t0);
        // 13 minutes into a 10-minute item: 3 minutes over, everything after moves by 3.
        let now = t0 + 13 * 60;
        let s = schedule(&agenda, now);
        assert_eq!(s.current, Some(0));
        assert_eq!(s.slots[0].over, 180);
        assert_eq!(s.slots[1].start, Some(now));
        assert_eq!(s.slots[2].end, Some(now + 25 * 60));
        assert_eq!(s.planned_end, Some(t0 + 35 * 60));
        assert_eq!(s.expected_end, Some(t0 + 38 * 60));
        assert_eq!(s.late(), 180);
        assert_eq!(s.remaining(&agenda, now), Some(-180));
    }

    #[test]
    fn finishing_early_brings_the_end_forward() {
        let t0 = 10_000;
        let mut agenda = vec![item("a", 10), item("b", 20)];
        agenda[0].started = Some(t0);
        agenda[0].finished = Some(t0 + 6 * 60);
        agenda[1].started = Some(t0 + 6 * 60);
        let now = t0 + 7 * 60;
        let s = schedule(&agenda, now);
        assert_eq!(s.current, Some(1));
        assert_eq!(s.slots[0].over, 0);
        assert_eq!(s.expected_end, Some(t0 + 26 * 60));
        assert_eq!(s.late(), 0);
        assert_eq!(s.remaining(&agenda, now), Some(19 * 60));
    }

    #[test]
    fn a_pause_between_items_pushes_the_rest() {
        let t0 = 10_000;
        let mut agenda = vec![item("a", 10), item("b", 20)];
        agenda[0].started = Some(t0);
        agenda[0].finished = Some(t0 + 10 * 60);
        let now = t0 + 15 * 60;
        let s = schedule(&agenda, now);
        assert_eq!(s.current, None);
        assert_eq!(s.slots[1].start, Some(now));
        assert_eq!(s.late(), 300);
    }

    #[test]
    fn advance_walks_the_agenda_and_undo_walks_back() {
        let mut ws = Workspace {
            agenda: vec![item("a", 10), item("b", 20)],
            ..Workspace::default()
        };
        let (edit, next) = advance(&ws, 100).unwrap();
        assert_eq!(next, Some(0));
        edit.apply(&mut ws).unwrap();
        assert_eq!(ws.agenda[0].started, Some(100));
        let (edit, next) = advance(&ws, 700).unwrap();
        assert_eq!(next, Some(1));
        let undo = edit.apply(&mut ws).unwrap();
        assert_eq!(ws.agenda[0].finished, Some(700));
        assert_eq!(ws.agenda[1].started, Some(700));
        undo.apply(&mut ws).unwrap();
        assert_eq!(ws.agenda[1].started, None);
        assert_eq!(ws.agenda[0].finished, None);
        advance(&ws, 700).unwrap().0.apply(&mut ws).unwrap();
        let (edit, next) = advance(&ws, 2000).unwrap();
        assert_eq!(next, None);
        edit.apply(&mut ws).unwrap();
        assert!(advance(&ws, 2100).is_none());
        restart(&ws).unwrap().apply(&mut ws).unwrap();
        assert!(ws.agenda.iter().all(|a| a.started.is_none()));
    }
}
