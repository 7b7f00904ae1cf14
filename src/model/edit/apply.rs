//! How an edit is checked and carried out on the lists of a workspace: what refers to
//! what (so a removal takes its dependents along, and nothing is left dangling), inserting,
//! removing, replacing and moving items, and retiring ids so they are never reused.

use super::super::ids::{
    ActionId, AgendaId, CompetitorId, HandoffId, MomentId, ParkedId, SegmentId, SiloId, StageId,
};
use super::super::measure::Kpi;
use super::super::strategy::Competitor;
use super::super::workspace::{Moment, Segment, Silo, Stage, VoteRound, Workspace};
use super::{Edit, EditError, Item, ItemKey};

/// Takes the round's dots off moments about to go.
pub(super) fn push_votes_without(ws: &Workspace, gone: &[&MomentId], edits: &mut Vec<Edit>) {
    let Some(round) = &ws.voting else { return };
    let mut kept = round.clone();
    for dots in kept.dots.values_mut() {
        dots.retain(|m, _| !gone.contains(&m));
    }
    kept.dots.retain(|_, d| !d.is_empty());
    if kept != *round {
        edits.push(Edit::SetVoting(Some(kept)));
    }
}

/// A round only counts dots on moments that exist.
pub(super) fn validate_round(ws: &Workspace, round: &VoteRound) -> Result<(), EditError> {
    for (voter, dots) in &round.dots {
        for moment in dots.keys() {
            if find_moment(ws, moment).is_none() {
                return Err(EditError::DanglingReference {
                    what: format!("the dots of {voter} in vote round {}", round.round),
                    missing: ItemKey::Moment(moment.clone()),
                });
            }
        }
    }
    Ok(())
}

pub(super) fn push_moment_dependents(ws: &Workspace, id: &MomentId, edits: &mut Vec<Edit>) {
    for h in ws.handoffs.iter().filter(|h| &h.moment == id) {
        edits.push(Edit::Remove(ItemKey::Handoff(h.id.clone())));
    }
    for a in ws.actions.iter().filter(|a| &a.moment == id) {
        edits.push(Edit::Remove(ItemKey::Action(a.id.clone())));
    }
}

pub(crate) fn find_stage(ws: &Workspace, id: &StageId) -> Option<usize> {
    ws.stages.iter().position(|x| &x.id == id)
}
pub(crate) fn find_moment(ws: &Workspace, id: &MomentId) -> Option<usize> {
    ws.moments.iter().position(|x| &x.id == id)
}
pub(crate) fn find_silo(ws: &Workspace, id: &SiloId) -> Option<usize> {
    ws.silos.iter().position(|x| &x.id == id)
}
pub(crate) fn find_segment(ws: &Workspace, id: &SegmentId) -> Option<usize> {
    ws.segments.iter().position(|x| &x.id == id)
}
pub(crate) fn find_competitor(ws: &Workspace, id: &CompetitorId) -> Option<usize> {
    ws.competitors.iter().position(|x| &x.id == id)
}

/// The position of `key` in its list.
pub fn position(ws: &Workspace, key: &ItemKey) -> Option<usize> {
    match key {
        ItemKey::Silo(id) => find_silo(ws, id),
        ItemKey::Segment(id) => find_segment(ws, id),
        ItemKey::Stage(id) => find_stage(ws, id),
        ItemKey::Moment(id) => find_moment(ws, id),
        ItemKey::Handoff(id) => ws.handoffs.iter().position(|x| &x.id == id),
        ItemKey::Proposition(id) => ws.propositions.iter().position(|x| &x.segment == id),
        ItemKey::Term(term) => ws.glossary.iter().position(|x| &x.term == term),
        ItemKey::Action(id) => ws.actions.iter().position(|x| &x.id == id),
        ItemKey::Parking(i) => (*i < ws.parking_lot.len()).then_some(*i),
        ItemKey::Agenda(i) => (*i < ws.agenda.len()).then_some(*i),
        ItemKey::Competitor(id) => find_competitor(ws, id),
    }
}

pub(super) fn dangling(what: &Item, missing: ItemKey) -> EditError {
    EditError::DanglingReference {
        what: format!("{} {}", what.kind(), what.name()),
        missing,
    }
}

/// Checks that an item's own fields are sound and everything it refers to exists.
pub(super) fn validate(ws: &Workspace, item: &Item) -> Result<(), EditError> {
    let need_silo = |id: &SiloId| {
        find_silo(ws, id)
            .map(|_| ())
            .ok_or_else(|| dangling(item, ItemKey::Silo(id.clone())))
    };
    let need_moment = |id: &MomentId| {
        find_moment(ws, id)
            .map(|_| ())
            .ok_or_else(|| dangling(item, ItemKey::Moment(id.clone())))
    };
    let need_segment = |id: &SegmentId| {
        find_segment(ws, id)
            .map(|_| ())
            .ok_or_else(|| dangling(item, ItemKey::Segment(id.clone())))
    };
    let empty_id = |id: &str| {
        if id.trim().is_empty() {
            Err(EditError::Invalid(format!("a {} needs an id", item.kind())))
        } else {
            Ok(())
        }
    };
    match item {
        Item::Silo(s) => empty_id(s.id.as_str())?,
        Item::Segment(s) => empty_id(s.id.as_str())?,
        Item::Stage(s) => {
            empty_id(s.id.as_str())?;
            for segment in s.needs.keys() {
                need_segment(segment)?;
            }
        }
        Item::Moment(m) => {
            empty_id(m.id.as_str())?;
            find_stage(ws, &m.stage)
                .ok_or_else(|| dangling(item, ItemKey::Stage(m.stage.clone())))?;
            if let Some(i) = m.importance
                && !(1..=5).contains(&i)
            {
                return Err(EditError::Invalid(format!(
                    "importance of {} must be 1 to 5, not {i}",
                    m.id
                )));
            }
            for owner in &m.owners {
                need_silo(&owner.silo)?;
            }
            for segment in m.experience.keys() {
                need_segment(segment)?;
            }
            for competitor in m.versus.keys() {
                find_competitor(ws, competitor)
                    .ok_or_else(|| dangling(item, ItemKey::Competitor(competitor.clone())))?;
            }
            for kpi in &m.kpis {
                check_kpi(&m.id, kpi)?;
            }
        }
        Item::Handoff(h) => {
            empty_id(h.id.as_str())?;
            need_moment(&h.moment)?;
            need_silo(&h.from)?;
            need_silo(&h.to)?;
            if h.from == h.to {
                return Err(EditError::Invalid(format!(
                    "a handoff passes work between two silos: {} cannot hand off to itself",
                    h.from
                )));
            }
        }
        Item::Proposition(p) => need_segment(&p.segment)?,
        Item::Term(t) => {
            if t.term.trim().is_empty() {
                return Err(EditError::Invalid("a glossary term cannot be empty".into()));
            }
            for silo in t.also_called.keys() {
                need_silo(silo)?;
            }
        }
        Item::Action(a) => {
            empty_id(a.id.as_str())?;
            need_moment(&a.moment)?;
            if let Some(owner) = &a.owner {
                need_silo(owner)?;
            }
        }
        // Parked ideas and agenda items are found by position; an id left empty (a
        // workspace built in code) is given on the next load.
        Item::Parking(_) => {}
        Item::Competitor(c) => empty_id(c.id.as_str())?,
        Item::Agenda(a) => {
            if a.title.trim().is_empty() {
                return Err(EditError::Invalid("an agenda item needs a title".into()));
            }
            if let Some(stage) = &a.stage {
                find_stage(ws, stage)
                    .ok_or_else(|| dangling(item, ItemKey::Stage(stage.clone())))?;
            }
        }
    }
    Ok(())
}

/// A KPI holds numbers that compare: NaN or infinity (which `f64` parsing accepts) never.
fn check_kpi(moment: &MomentId, kpi: &Kpi) -> Result<(), EditError> {
    let numbers = kpi
        .target
        .iter()
        .chain(kpi.readings.iter().map(|r| &r.value));
    if let Some(bad) = numbers.into_iter().find(|v| !v.is_finite()) {
        return Err(EditError::Invalid(format!(
            "KPI “{}” of {moment}: {bad} is not a number",
            kpi.name
        )));
    }
    Ok(())
}

macro_rules! with_list {
    ($ws:expr, $item:expr, |$list:ident, $value:ident| $body:expr) => {
        match $item {
            Item::Silo($value) => {
                let $list = &mut $ws.silos;
                $body
            }
            Item::Segment($value) => {
                let $list = &mut $ws.segments;
                $body
            }
            Item::Stage($value) => {
                let $list = &mut $ws.stages;
                $body
            }
            Item::Moment($value) => {
                let $list = &mut $ws.moments;
                $body
            }
            Item::Handoff($value) => {
                let $list = &mut $ws.handoffs;
                $body
            }
            Item::Proposition($value) => {
                let $list = &mut $ws.propositions;
                $body
            }
            Item::Term($value) => {
                let $list = &mut $ws.glossary;
                $body
            }
            Item::Action($value) => {
                let $list = &mut $ws.actions;
                $body
            }
            Item::Parking($value) => {
                let $list = &mut $ws.parking_lot;
                $body
            }
            Item::Agenda($value) => {
                let $list = &mut $ws.agenda;
                $body
            }
            Item::Competitor($value) => {
                let $list = &mut $ws.competitors;
                $body
            }
        }
    };
}

pub(super) fn insert(ws: &mut Workspace, item: Item, at: usize) -> Result<Edit, EditError> {
    validate(ws, &item)?;
    let key = item.key(at);
    if !matches!(item, Item::Parking(_) | Item::Agenda(_)) && position(ws, &key).is_some() {
        return Err(EditError::Duplicate(key));
    }
    if let Item::Term(t) = &item
        && ws
            .glossary
            .iter()
            .any(|x| x.term.eq_ignore_ascii_case(&t.term))
    {
        return Err(EditError::Duplicate(key));
    }
    if let Item::Proposition(p) = &item
        && ws.propositions.iter().any(|x| x.segment == p.segment)
    {
        return Err(EditError::Duplicate(key));
    }
    let retired_before = numbered_item(&item)
        .map(|(prefix, _)| (prefix.to_owned(), ws.retired_ids.get(prefix).copied()));
    note_id_in_use(ws, &item);
    let at = with_list!(ws, item, |list, value| {
        let at = at.min(list.len());
        list.insert(at, value);
        at
    });
    let remove = Edit::Remove(match key {
        ItemKey::Parking(_) => ItemKey::Parking(at),
        ItemKey::Agenda(_) => ItemKey::Agenda(at),
        key => key,
    });
    Ok(match retired_before {
        // Removing the item again would retire its id; undoing is not deleting.
        Some((prefix, number)) => Edit::Batch {
            label: remove.describe(),
            edits: vec![remove, Edit::SetRetired { prefix, number }],
        },
        None => remove,
    })
}

pub(super) fn remove(ws: &mut Workspace, key: ItemKey) -> Result<Edit, EditError> {
    let at = position(ws, &key).ok_or_else(|| EditError::Missing(key.clone()))?;
    if let Some(users) = users_of(ws, &key) {
        return Err(EditError::InUse { key, users });
    }
    let item = match &key {
        ItemKey::Silo(_) => Item::Silo(ws.silos.remove(at)),
        ItemKey::Segment(_) => Item::Segment(ws.segments.remove(at)),
        ItemKey::Stage(_) => Item::Stage(ws.stages.remove(at)),
        ItemKey::Moment(_) => Item::Moment(ws.moments.remove(at)),
        ItemKey::Handoff(_) => Item::Handoff(ws.handoffs.remove(at)),
        ItemKey::Proposition(_) => Item::Proposition(ws.propositions.remove(at)),
        ItemKey::Term(_) => Item::Term(ws.glossary.remove(at)),
        ItemKey::Action(_) => Item::Action(ws.actions.remove(at)),
        ItemKey::Parking(_) => Item::Parking(ws.parking_lot.remove(at)),
        ItemKey::Agenda(_) => Item::Agenda(ws.agenda.remove(at)),
        ItemKey::Competitor(_) => Item::Competitor(ws.competitors.remove(at)),
    };
    retire_id(ws, &item);
    Ok(Edit::Insert { item, at })
}

pub(super) fn replace(ws: &mut Workspace, key: ItemKey, item: Item) -> Result<Edit, EditError> {
    let at = position(ws, &key).ok_or_else(|| EditError::Missing(key.clone()))?;
    let new_key = item.key(at);
    if std::mem::discriminant(&new_key) != std::mem::discriminant(&key) {
        return Err(EditError::Invalid(format!(
            "{key} cannot be replaced by a {}",
            item.kind()
        )));
    }
    match (&key, &new_key) {
        (ItemKey::Term(old), ItemKey::Term(new)) if old != new => {
            // Not a match guard: a free new term must not fall through to the arm below.
            let taken = ws
                .glossary
                .iter()
                .enumerate()
                .any(|(i, t)| i != at && t.term.eq_ignore_ascii_case(new));
            if taken {
                return Err(EditError::Duplicate(new_key));
            }
        }
        // A term's text and a parking-lot entry are their own keys: they may change.
        (ItemKey::Term(_) | ItemKey::Parking(_) | ItemKey::Agenda(_), _) => {}
        _ if new_key != key => {
            return Err(EditError::Invalid(format!(
                "the id of {key} cannot change (to {})",
                new_key.id_text()
            )));
        }
        _ => {}
    }
    validate(ws, &item)?;
    let old = match item {
        Item::Silo(v) => Item::Silo(std::mem::replace(&mut ws.silos[at], v)),
        Item::Segment(v) => Item::Segment(std::mem::replace(&mut ws.segments[at], v)),
        Item::Stage(v) => Item::Stage(std::mem::replace(&mut ws.stages[at], v)),
        Item::Moment(v) => Item::Moment(std::mem::replace(&mut ws.moments[at], v)),
        Item::Handoff(v) => Item::Handoff(std::mem::replace(&mut ws.handoffs[at], v)),
        Item::Proposition(v) => Item::Proposition(std::mem::replace(&mut ws.propositions[at], v)),
        Item::Term(v) => Item::Term(std::mem::replace(&mut ws.glossary[at], v)),
        Item::Action(v) => Item::Action(std::mem::replace(&mut ws.actions[at], v)),
        Item::Parking(v) => Item::Parking(std::mem::replace(&mut ws.parking_lot[at], v)),
        Item::Agenda(v) => Item::Agenda(std::mem::replace(&mut ws.agenda[at], v)),
        Item::Competitor(v) => Item::Competitor(std::mem::replace(&mut ws.competitors[at], v)),
    };
    Ok(Edit::Replace {
        key: new_key,
        item: old,
    })
}

pub(super) fn move_item(ws: &mut Workspace, key: ItemKey, to: usize) -> Result<Edit, EditError> {
    let from = position(ws, &key).ok_or_else(|| EditError::Missing(key.clone()))?;
    fn shift<T>(list: &mut Vec<T>, from: usize, to: usize) -> usize {
        let to = to.min(list.len() - 1);
        let value = list.remove(from);
        list.insert(to, value);
        to
    }
    let to = match &key {
        ItemKey::Silo(_) => shift(&mut ws.silos, from, to),
        ItemKey::Segment(_) => shift(&mut ws.segments, from, to),
        ItemKey::Stage(_) => shift(&mut ws.stages, from, to),
        ItemKey::Moment(_) => shift(&mut ws.moments, from, to),
        ItemKey::Handoff(_) => shift(&mut ws.handoffs, from, to),
        ItemKey::Proposition(_) => shift(&mut ws.propositions, from, to),
        ItemKey::Term(_) => shift(&mut ws.glossary, from, to),
        ItemKey::Action(_) => shift(&mut ws.actions, from, to),
        ItemKey::Parking(_) => shift(&mut ws.parking_lot, from, to),
        ItemKey::Agenda(_) => shift(&mut ws.agenda, from, to),
        ItemKey::Competitor(_) => shift(&mut ws.competitors, from, to),
    };
    let key = match key {
        ItemKey::Parking(_) => ItemKey::Parking(to),
        ItemKey::Agenda(_) => ItemKey::Agenda(to),
        key => key,
    };
    Ok(Edit::Move { key, to: from })
}

/// What still refers to `key`, in words, or `None` when it can go.
pub(super) fn users_of(ws: &Workspace, key: &ItemKey) -> Option<String> {
    let mut users: Vec<String> = Vec::new();
    let mut add = |what: &str, ids: Vec<String>| {
        if !ids.is_empty() {
            let shown: Vec<&str> = ids.iter().take(5).map(String::as_str).collect();
            let more = if ids.len() > 5 {
                format!(" and {} more", ids.len() - 5)
            } else {
                String::new()
            };
            users.push(format!("{what} {}{more}", shown.join(", ")));
        }
    };
    match key {
        ItemKey::Stage(id) => {
            add(
                "moments",
                ws.moments
                    .iter()
                    .filter(|m| &m.stage == id)
                    .map(|m| m.id.to_string())
                    .collect(),
            );
            add(
                "agenda items",
                ws.agenda
                    .iter()
                    .enumerate()
                    .filter(|(_, a)| a.stage.as_ref() == Some(id))
                    .map(|(i, _)| (i + 1).to_string())
                    .collect(),
            );
        }
        ItemKey::Moment(id) => {
            add(
                "handoffs",
                ws.handoffs
                    .iter()
                    .filter(|h| &h.moment == id)
                    .map(|h| h.id.to_string())
                    .collect(),
            );
            add(
                "actions",
                ws.actions
                    .iter()
                    .filter(|a| &a.moment == id)
                    .map(|a| a.id.to_string())
                    .collect(),
            );
            if let Some(round) = &ws.voting {
                add(
                    "the dots of",
                    round
                        .dots
                        .iter()
                        .filter(|(_, d)| d.contains_key(id))
                        .map(|(voter, _)| voter.clone())
                        .collect(),
                );
            }
        }
        ItemKey::Silo(id) => {
            add(
                "moments",
                ws.moments
                    .iter()
                    .filter(|m| m.owners.iter().any(|o| &o.silo == id))
                    .map(|m| m.id.to_string())
                    .collect(),
            );
            add(
                "handoffs",
                ws.handoffs
                    .iter()
                    .filter(|h| &h.from == id || &h.to == id)
                    .map(|h| h.id.to_string())
                    .collect(),
            );
            add(
                "terms",
                ws.glossary
                    .iter()
                    .filter(|t| t.also_called.contains_key(id))
                    .map(|t| t.term.clone())
                    .collect(),
            );
            add(
                "actions",
                ws.actions
                    .iter()
                    .filter(|a| a.owner.as_ref() == Some(id))
                    .map(|a| a.id.to_string())
                    .collect(),
            );
        }
        ItemKey::Segment(id) => {
            add(
                "moments",
                ws.moments
                    .iter()
                    .filter(|m| m.experience.contains_key(id))
                    .map(|m| m.id.to_string())
                    .collect(),
            );
            add(
                "the needs of stages",
                ws.stages
                    .iter()
                    .filter(|s| s.needs.contains_key(id))
                    .map(|s| s.id.to_string())
                    .collect(),
            );
            add(
                "the proposition",
                ws.propositions
                    .iter()
                    .filter(|p| &p.segment == id)
                    .map(|p| p.segment.to_string())
                    .collect(),
            );
        }
        ItemKey::Competitor(id) => {
            add(
                "the standings of moments",
                ws.moments
                    .iter()
                    .filter(|m| m.versus.contains_key(id))
                    .map(|m| m.id.to_string())
                    .collect(),
            );
        }
        _ => {}
    }
    (!users.is_empty()).then(|| users.join("; "))
}

/// The kind and number of an item's numbered id (`M12` → `("M", 12)`).
pub(super) fn numbered_item(item: &Item) -> Option<(&'static str, u32)> {
    match item {
        Item::Stage(x) => Some((StageId::PREFIX, x.id.number()?)),
        Item::Moment(x) => Some((MomentId::PREFIX, x.id.number()?)),
        Item::Segment(x) => Some((SegmentId::PREFIX, x.id.number()?)),
        Item::Handoff(x) => Some((HandoffId::PREFIX, x.id.number()?)),
        Item::Action(x) => Some((ActionId::PREFIX, x.id.number()?)),
        Item::Competitor(x) => Some((CompetitorId::PREFIX, x.id.number()?)),
        Item::Parking(x) => Some((ParkedId::PREFIX, x.id.number()?)),
        Item::Agenda(x) => Some((AgendaId::PREFIX, x.id.number()?)),
        Item::Silo(_) | Item::Proposition(_) | Item::Term(_) => None,
    }
}

/// After a removal: remember the number when it was the highest, so it is never reused.
/// A higher number retired before stays: deleting M25 after M26 must not free M26.
pub(super) fn retire_id(ws: &mut Workspace, item: &Item) {
    if let Some((prefix, n)) = numbered_item(item)
        && n >= ws.highest_number(prefix)
        && ws.retired_ids.get(prefix).is_none_or(|&r| r < n)
    {
        ws.retired_ids.insert(prefix.to_owned(), n);
    }
}

/// After an insertion: a retired mark at or below a present id says nothing more.
pub(super) fn note_id_in_use(ws: &mut Workspace, item: &Item) {
    if let Some((prefix, n)) = numbered_item(item)
        && ws.retired_ids.get(prefix).is_some_and(|&r| r <= n)
    {
        ws.retired_ids.remove(prefix);
    }
}

impl Workspace {
    /// The highest number among present ids with this prefix.
    fn highest_number(&self, prefix: &str) -> u32 {
        let max = |it: &mut dyn Iterator<Item = Option<u32>>| it.flatten().max().unwrap_or(0);
        match prefix {
            "S" => max(&mut self.stages.iter().map(|x| x.id.number())),
            "M" => max(&mut self.moments.iter().map(|x| x.id.number())),
            "G" => max(&mut self.segments.iter().map(|x| x.id.number())),
            "H" => max(&mut self.handoffs.iter().map(|x| x.id.number())),
            "A" => max(&mut self.actions.iter().map(|x| x.id.number())),
            "C" => max(&mut self.competitors.iter().map(|x| x.id.number())),
            "P" => max(&mut self.parking_lot.iter().map(|x| x.id.number())),
            "AG" => max(&mut self.agenda.iter().map(|x| x.id.number())),
            _ => 0,
        }
    }

    fn next_number(&self, prefix: &str) -> u32 {
        let retired = self.retired_ids.get(prefix).copied().unwrap_or(0);
        self.highest_number(prefix).max(retired) + 1
    }

    /// The next unused stage id.
    pub fn next_stage_id(&self) -> StageId {
        StageId::numbered(self.next_number(StageId::PREFIX))
    }
    /// The next unused moment id.
    pub fn next_moment_id(&self) -> MomentId {
        MomentId::numbered(self.next_number(MomentId::PREFIX))
    }
    /// The next unused segment id.
    pub fn next_segment_id(&self) -> SegmentId {
        SegmentId::numbered(self.next_number(SegmentId::PREFIX))
    }
    /// The next unused handoff id.
    pub fn next_handoff_id(&self) -> HandoffId {
        HandoffId::numbered(self.next_number(HandoffId::PREFIX))
    }
    /// The next unused action id.
    pub fn next_action_id(&self) -> ActionId {
        ActionId::numbered(self.next_number(ActionId::PREFIX))
    }
    /// The next unused competitor id.
    pub fn next_competitor_id(&self) -> CompetitorId {
        CompetitorId::numbered(self.next_number(CompetitorId::PREFIX))
    }
    /// The next unused parking-lot id.
    pub fn next_parked_id(&self) -> ParkedId {
        ParkedId::numbered(self.next_number(ParkedId::PREFIX))
    }
    /// Parks an idea with the next unused id, outside the edit history (building a
    /// workspace, a merge's conflict notes).
    pub fn park(&mut self, text: impl Into<String>) {
        let id = self.next_parked_id();
        self.parking_lot.push(super::super::workspace::Parked {
            id,
            text: text.into(),
        });
    }
    /// The next unused agenda id.
    pub fn next_agenda_id(&self) -> AgendaId {
        AgendaId::numbered(self.next_number(AgendaId::PREFIX))
    }

    pub fn stage(&self, id: &StageId) -> Option<&Stage> {
        find_stage(self, id).map(|i| &self.stages[i])
    }
    pub fn moment(&self, id: &MomentId) -> Option<&Moment> {
        find_moment(self, id).map(|i| &self.moments[i])
    }
    pub fn silo(&self, id: &SiloId) -> Option<&Silo> {
        find_silo(self, id).map(|i| &self.silos[i])
    }
    pub fn segment(&self, id: &SegmentId) -> Option<&Segment> {
        find_segment(self, id).map(|i| &self.segments[i])
    }
    pub fn competitor(&self, id: &CompetitorId) -> Option<&Competitor> {
        find_competitor(self, id).map(|i| &self.competitors[i])
    }

    /// Gives ids to handoffs, actions, parked ideas and agenda items that a hand-written
    /// file (or a format-1 one) left without one.
    pub fn assign_missing_ids(&mut self) {
        for i in 0..self.parking_lot.len() {
            if self.parking_lot[i].id.as_str().is_empty() {
                self.parking_lot[i].id = self.next_parked_id();
            }
        }
        for i in 0..self.agenda.len() {
            if self.agenda[i].id.as_str().is_empty() {
                self.agenda[i].id = self.next_agenda_id();
            }
        }
        for i in 0..self.handoffs.len() {
            if self.handoffs[i].id.as_str().is_empty() {
                self.handoffs[i].id = self.next_handoff_id();
            }
        }
        for i in 0..self.actions.len() {
            if self.actions[i].id.as_str().is_empty() {
                self.actions[i].id = self.next_action_id();
            }
        }
    }
}
