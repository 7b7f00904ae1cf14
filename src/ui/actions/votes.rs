//! Dot votes: outside a round, `+` and `-` change a moment's votes directly; in a round,
//! each voter places their own dots, hidden until the facilitator reveals the tallies.

use crate::model::{Edit, Item, ItemKey, MomentId, facilitation};

use super::super::overlays::{Confirmed, Overlay};
use super::super::{Cx, policy};

pub fn add(cx: &mut Cx) {
    vote(cx, 1);
}

pub fn remove(cx: &mut Cx) {
    vote(cx, -1);
}

fn vote(cx: &mut Cx, delta: i32) {
    let Some(m) = cx
        .session
        .focus_moment
        .as_ref()
        .and_then(|id| cx.doc.moment(id))
        .cloned()
    else {
        cx.say("Focus a moment first");
        return;
    };
    if cx.doc.ws.voting.is_some() || policy::places_own_dots_only(cx.session) {
        cast_dot(cx, &m.id, delta);
        return;
    }
    let mut changed = m.clone();
    if delta > 0 {
        changed.votes += 1;
    } else if m.votes == 0 {
        cx.say(format!("{} has no votes to remove", m.id));
        return;
    } else {
        changed.votes -= 1;
    }
    let label = format!(
        "{} has {} vote{}",
        m.id,
        changed.votes,
        if changed.votes == 1 { "" } else { "s" }
    );
    cx.edit(Edit::Batch {
        label,
        edits: vec![Edit::Replace {
            key: ItemKey::Moment(m.id.clone()),
            item: Item::Moment(changed),
        }],
    });
}

/// Places or takes back one of this session's dots in the vote round.
fn cast_dot(cx: &mut Cx, id: &MomentId, delta: i32) {
    let voter = cx.session.voter.clone();
    match facilitation::vote(&cx.doc.ws, &voter, id, delta) {
        Ok(e) => {
            if cx.edit(e)
                && let Some(round) = &cx.doc.ws.voting
            {
                let whose = if voter == facilitation::ROOM {
                    "the room's"
                } else {
                    "your"
                };
                let text = format!(
                    "{id}: {} of {whose} dots · {} of {} left · tallies hidden until revealed",
                    round.mine(&voter, id),
                    round.left(&voter),
                    round.allowance(&voter)
                );
                cx.say(text);
            }
        }
        Err(why) => cx.warn(why),
    }
}

/// `V`: the form that starts a round (dots per voter). While a round is open with dots
/// not yet revealed, first asks what to do with it: its dots are never dropped unasked.
pub fn start(cx: &mut Cx) {
    // A round with no dots yet has nothing to lose: the new one simply replaces it.
    if let Some(r) = cx
        .doc
        .ws
        .voting
        .as_ref()
        .filter(|r| !r.revealed && r.total() > 0)
    {
        let question = format!(
            "Round {} is open and not revealed ({} dot{} from {} voter{}). Reveal it and keep its results, or discard it, before round {} starts?",
            r.round,
            r.total(),
            if r.total() == 1 { "" } else { "s" },
            r.voters(),
            if r.voters() == 1 { "" } else { "s" },
            r.round + 1
        );
        cx.open(Overlay::Confirm {
            question,
            on_yes: Confirmed::OpenRound,
        });
        return;
    }
    super::super::overlays::question::open_round_form(cx);
}

/// `R`: reveals the round's tallies.
pub fn reveal(cx: &mut Cx) {
    let today = crate::model::Date::of_secs(cx.session.clock.at(cx.now));
    match facilitation::reveal(&cx.doc.ws, today) {
        Ok(e) => {
            cx.edit(e);
        }
        Err(why) => cx.say(why),
    }
}

/// Ends the round: revealed votes stay on the moments, unrevealed dots are dropped.
pub fn end(cx: &mut Cx) {
    let Some(r) = &cx.doc.ws.voting else {
        cx.say("No vote round is open");
        return;
    };
    let label = if r.revealed {
        format!(
            "vote round {} ended; its votes stay on the moments",
            r.round
        )
    } else {
        format!(
            "vote round {} ended unrevealed: its {} dots were dropped",
            r.round,
            r.total()
        )
    };
    cx.edit(Edit::Batch {
        label,
        edits: vec![Edit::SetVoting(None)],
    });
}
