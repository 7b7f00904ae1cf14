//! Every change to a workspace is an [`Edit`] value. Applying one checks it against the
//! document, refuses it with a reason if it would break the document, and returns its
//! inverse, so undo and redo are just more edits and validation cannot be bypassed.

use std::fmt;

use super::ids::{ActionId, HandoffId, MomentId, SegmentId, SiloId, StageId};
use super::workspace::{
    Action, AgendaItem, Handoff, Moment, Proposition, Segment, Silo, Stage, Term, VoteRound,
    Workspace,
};

/// One item of any kind, as inserted or replaced by an edit.
#[derive(Clone, Debug, PartialEq)]
pub enum Item {
    Silo(Silo),
    Segment(Segment),
    Stage(Stage),
    Moment(Moment),
    Handoff(Handoff),
    Proposition(Proposition),
    Term(Term),
    Action(Action),
    Parking(String),
    Agenda(AgendaItem),
}

/// Names one item of a workspace. Parking-lot entries have no id, so they go by position.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum ItemKey {
    Silo(SiloId),
    Segment(SegmentId),
    Stage(StageId),
    Moment(MomentId),
    Handoff(HandoffId),
    /// A proposition, by the segment it is for.
    Proposition(SegmentId),
    /// A glossary term, by its text.
    Term(String),
    Action(ActionId),
    Parking(usize),
    /// An agenda item, by position.
    Agenda(usize),
}

impl fmt::Display for ItemKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ItemKey::Silo(id) => write!(f, "silo {id}"),
            ItemKey::Segment(id) => write!(f, "segment {id}"),
            ItemKey::Stage(id) => write!(f, "stage {id}"),
            ItemKey::Moment(id) => write!(f, "moment {id}"),
            ItemKey::Handoff(id) => write!(f, "handoff {id}"),
            ItemKey::Proposition(id) => write!(f, "proposition for {id}"),
            ItemKey::Term(term) => write!(f, "term “{term}”"),
            ItemKey::Action(id) => write!(f, "action {id}"),
            ItemKey::Parking(i) => write!(f, "parking-lot item {}", i + 1),
            ItemKey::Agenda(i) => write!(f, "agenda item {}", i + 1),
        }
    }
}

impl ItemKey {
    /// The id as said in the room (`M3`, `SAL`), or the term itself.
    pub fn id_text(&self) -> String {
        match self {
            ItemKey::Silo(id) => id.to_string(),
            ItemKey::Segment(id) | ItemKey::Proposition(id) => id.to_string(),
            ItemKey::Stage(id) => id.to_string(),
            ItemKey::Moment(id) => id.to_string(),
            ItemKey::Handoff(id) => id.to_string(),
            ItemKey::Term(term) => term.clone(),
            ItemKey::Action(id) => id.to_string(),
            ItemKey::Parking(i) => format!("P{}", i + 1),
            ItemKey::Agenda(i) => format!("agenda {}", i + 1),
        }
    }
}

impl Item {
    /// The key this item is found by once it is in a workspace at position `at`.
    pub fn key(&self, at: usize) -> ItemKey {
        match self {
            Item::Silo(x) => ItemKey::Silo(x.id.clone()),
            Item::Segment(x) => ItemKey::Segment(x.id.clone()),
            Item::Stage(x) => ItemKey::Stage(x.id.clone()),
            Item::Moment(x) => ItemKey::Moment(x.id.clone()),
            Item::Handoff(x) => ItemKey::Handoff(x.id.clone()),
            Item::Proposition(x) => ItemKey::Proposition(x.segment.clone()),
            Item::Term(x) => ItemKey::Term(x.term.clone()),
            Item::Action(x) => ItemKey::Action(x.id.clone()),
            Item::Parking(_) => ItemKey::Parking(at),
            Item::Agenda(_) => ItemKey::Agenda(at),
        }
    }

    fn kind(&self) -> &'static str {
        match self {
            Item::Silo(_) => "silo",
            Item::Segment(_) => "segment",
            Item::Stage(_) => "stage",
            Item::Moment(_) => "moment",
            Item::Handoff(_) => "handoff",
            Item::Proposition(_) => "proposition",
            Item::Term(_) => "term",
            Item::Action(_) => "action",
            Item::Parking(_) => "parking-lot item",
            Item::Agenda(_) => "agenda item",
        }
    }

    fn name(&self) -> String {
        match self {
            Item::Silo(x) => format!("{} {}", x.id, x.name),
            Item::Segment(x) => format!("{} {}", x.id, x.name),
            Item::Stage(x) => format!("{} {}", x.id, x.name),
            Item::Moment(x) => format!("{} “{}”", x.id, x.title),
            Item::Handoff(x) => format!("{} {}→{} at {}", x.id, x.from, x.to, x.moment),
            Item::Proposition(x) => format!("for {}", x.segment),
            Item::Term(x) => format!("“{}”", x.term),
            Item::Action(x) => format!("{} “{}”", x.id, x.what),
            Item::Parking(x) => format!("“{x}”"),
            Item::Agenda(x) => format!("“{}”", x.title),
        }
    }
}

/// A change to a workspace. [`Edit::apply`] returns the edit that undoes it.
#[derive(Clone, Debug, PartialEq)]
pub enum Edit {
    /// Rename the workshop.
    SetTitle(String),
    /// Add an item at a position in its list (clamped to the end).
    Insert { item: Item, at: usize },
    /// Remove an item; refused while other items refer to it (see [`Edit::remove_cascade`]).
    Remove(ItemKey),
    /// Replace an item with a new version of itself. Ids cannot change, except a term's
    /// text and a parking-lot entry, which are their own keys.
    Replace { key: ItemKey, item: Item },
    /// Move an item to another position in its list.
    Move { key: ItemKey, to: usize },
    /// Several edits applied, and undone, as one step.
    Batch { label: String, edits: Vec<Edit> },
    /// Sets the highest retired number of one kind of id (`"M"`, `"S"`…), or clears it.
    /// Only inverses use it: undoing an insertion puts the numbering back exactly as it
    /// was, so the undone id is not counted as deleted.
    SetRetired { prefix: String, number: Option<u32> },
    /// Starts, changes or ends the dot-vote round (see `model::facilitation`).
    SetVoting(Option<VoteRound>),
}

/// Why an edit was refused. The document is unchanged.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    #[error("{0} does not exist")]
    Missing(ItemKey),
    #[error("{0} already exists")]
    Duplicate(ItemKey),
    #[error("{what} refers to {missing}, which does not exist")]
    DanglingReference { what: String, missing: ItemKey },
    #[error("{key} is still used by {users}")]
    InUse { key: ItemKey, users: String },
    #[error("{0}")]
    Invalid(String),
}

impl Edit {
    /// Applies the edit and returns its inverse, or refuses it and changes nothing.
    pub fn apply(self, ws: &mut Workspace) -> Result<Edit, EditError> {
        match self {
            Edit::SetTitle(title) => Ok(Edit::SetTitle(std::mem::replace(&mut ws.title, title))),
            Edit::Insert { item, at } => insert(ws, item, at),
            Edit::Remove(key) => remove(ws, key),
            Edit::Replace { key, item } => replace(ws, key, item),
            Edit::Move { key, to } => move_item(ws, key, to),
            Edit::SetRetired { prefix, number } => {
                let old = match number {
                    Some(n) => ws.retired_ids.insert(prefix.clone(), n),
                    None => ws.retired_ids.remove(&prefix),
                };
                Ok(Edit::SetRetired {
                    prefix,
                    number: old,
                })
            }
            Edit::SetVoting(round) => {
                if let Some(round) = &round {
                    validate_round(ws, round)?;
                }
                Ok(Edit::SetVoting(std::mem::replace(&mut ws.voting, round)))
            }
            Edit::Batch { label, edits } => {
                let mut inverses = Vec::with_capacity(edits.len());
                for edit in edits {
                    match edit.apply(ws) {
                        Ok(inverse) => inverses.push(inverse),
                        Err(err) => {
                            for inverse in inverses.into_iter().rev() {
                                inverse
                                    .apply(ws)
                                    .expect("the inverse of an applied edit applies");
                            }
                            return Err(err);
                        }
                    }
                }
                inverses.reverse();
                Ok(Edit::Batch {
                    label,
                    edits: inverses,
                })
            }
        }
    }

    /// A short description in the room's words, for the status line.
    pub fn describe(&self) -> String {
        match self {
            Edit::SetTitle(title) => format!("title set to “{title}”"),
            Edit::Insert { item, .. } => format!("added {} {}", item.kind(), item.name()),
            Edit::Remove(key) => format!("deleted {key}"),
            Edit::Replace { item, .. } => format!("changed {} {}", item.kind(), item.name()),
            Edit::Move { key, to } => format!("moved {key} to position {}", to + 1),
            Edit::Batch { label, .. } => label.clone(),
            Edit::SetRetired { prefix, .. } => format!("numbering of {prefix} ids restored"),
            Edit::SetVoting(None) => "vote round ended".into(),
            Edit::SetVoting(Some(r)) if r.dots.is_empty() && !r.revealed => {
                format!("vote round {} started: {} dots each", r.round, r.budget)
            }
            Edit::SetVoting(Some(r)) => format!("vote round {} changed", r.round),
        }
    }

    /// Removes an item together with everything that refers to it, as one undoable step:
    /// a stage with its moments, a moment with its handoffs and actions, a silo with its
    /// ownerships, handoffs and names in the glossary, a segment with its ratings and
    /// proposition.
    pub fn remove_cascade(ws: &Workspace, key: &ItemKey) -> Result<Edit, EditError> {
        let mut edits = Vec::new();
        let mut detail = Vec::new();
        match key {
            ItemKey::Stage(id) => {
                find_stage(ws, id).ok_or_else(|| EditError::Missing(key.clone()))?;
                let moments: Vec<&Moment> = ws.moments.iter().filter(|m| &m.stage == id).collect();
                for m in &moments {
                    push_moment_dependents(ws, &m.id, &mut edits);
                    edits.push(Edit::Remove(ItemKey::Moment(m.id.clone())));
                }
                if !moments.is_empty() {
                    detail.push(plural(moments.len(), "moment"));
                }
                let gone: Vec<&MomentId> = moments.iter().map(|m| &m.id).collect();
                push_votes_without(ws, &gone, &mut edits);
                for (i, a) in ws.agenda.iter().enumerate() {
                    if a.stage.as_ref() == Some(id) {
                        edits.push(Edit::Replace {
                            key: ItemKey::Agenda(i),
                            item: Item::Agenda(AgendaItem {
                                stage: None,
                                ..a.clone()
                            }),
                        });
                    }
                }
            }
            ItemKey::Moment(id) => {
                find_moment(ws, id).ok_or_else(|| EditError::Missing(key.clone()))?;
                let before = edits.len();
                push_moment_dependents(ws, id, &mut edits);
                if edits.len() > before {
                    detail.push(plural(edits.len() - before, "linked item"));
                }
                push_votes_without(ws, &[id], &mut edits);
            }
            ItemKey::Silo(id) => {
                find_silo(ws, id).ok_or_else(|| EditError::Missing(key.clone()))?;
                let mut owned = 0;
                for m in ws
                    .moments
                    .iter()
                    .filter(|m| m.owners.iter().any(|o| &o.silo == id))
                {
                    let mut changed = m.clone();
                    changed.owners.retain(|o| &o.silo != id);
                    owned += 1;
                    edits.push(Edit::Replace {
                        key: ItemKey::Moment(m.id.clone()),
                        item: Item::Moment(changed),
                    });
                }
                for h in ws.handoffs.iter().filter(|h| &h.from == id || &h.to == id) {
                    edits.push(Edit::Remove(ItemKey::Handoff(h.id.clone())));
                }
                for t in ws
                    .glossary
                    .iter()
                    .filter(|t| t.also_called.contains_key(id))
                {
                    let mut changed = t.clone();
                    changed.also_called.remove(id);
                    edits.push(Edit::Replace {
                        key: ItemKey::Term(t.term.clone()),
                        item: Item::Term(changed),
                    });
                }
                for a in ws.actions.iter().filter(|a| a.owner.as_ref() == Some(id)) {
                    let mut changed = a.clone();
                    changed.owner = None;
                    edits.push(Edit::Replace {
                        key: ItemKey::Action(a.id.clone()),
                        item: Item::Action(changed),
                    });
                }
                if owned > 0 {
                    detail.push(format!("its part in {}", plural(owned, "moment")));
                }
            }
            ItemKey::Segment(id) => {
                find_segment(ws, id).ok_or_else(|| EditError::Missing(key.clone()))?;
                let mut rated = 0;
                for m in ws.moments.iter().filter(|m| m.experience.contains_key(id)) {
                    let mut changed = m.clone();
                    changed.experience.remove(id);
                    rated += 1;
                    edits.push(Edit::Replace {
                        key: ItemKey::Moment(m.id.clone()),
                        item: Item::Moment(changed),
                    });
                }
                if ws.propositions.iter().any(|p| &p.segment == id) {
                    edits.push(Edit::Remove(ItemKey::Proposition(id.clone())));
                    detail.push("its proposition".to_owned());
                }
                if rated > 0 {
                    detail.push(format!("its ratings on {}", plural(rated, "moment")));
                }
            }
            _ => {}
        }
        edits.push(Edit::Remove(key.clone()));
        let label = if detail.is_empty() {
            format!("deleted {key}")
        } else {
            format!("deleted {key} with {}", detail.join(" and "))
        };
        Ok(Edit::Batch { label, edits })
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// Takes the round's dots off moments about to go.
fn push_votes_without(ws: &Workspace, gone: &[&MomentId], edits: &mut Vec<Edit>) {
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
fn validate_round(ws: &Workspace, round: &VoteRound) -> Result<(), EditError> {
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

fn push_moment_dependents(ws: &Workspace, id: &MomentId, edits: &mut Vec<Edit>) {
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
    }
}

fn dangling(what: &Item, missing: ItemKey) -> EditError {
    EditError::DanglingReference {
        what: format!("{} {}", what.kind(), what.name()),
        missing,
    }
}

/// Checks that an item's own fields are sound and everything it refers to exists.
fn validate(ws: &Workspace, item: &Item) -> Result<(), EditError> {
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
        Item::Stage(s) => empty_id(s.id.as_str())?,
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
        Item::Parking(_) => {}
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
        }
    };
}

fn insert(ws: &mut Workspace, item: Item, at: usize) -> Result<Edit, EditError> {
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
    let retired_before =
        numbered(&key).map(|(prefix, _)| (prefix.to_owned(), ws.retired_ids.get(prefix).copied()));
    note_id_in_use(ws, &key);
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

fn remove(ws: &mut Workspace, key: ItemKey) -> Result<Edit, EditError> {
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
    };
    retire_id(ws, &key);
    Ok(Edit::Insert { item, at })
}

fn replace(ws: &mut Workspace, key: ItemKey, item: Item) -> Result<Edit, EditError> {
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
        (ItemKey::Term(_), _) | (ItemKey::Parking(_), _) | (ItemKey::Agenda(_), _) => {}
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
    };
    Ok(Edit::Replace {
        key: new_key,
        item: old,
    })
}

fn move_item(ws: &mut Workspace, key: ItemKey, to: usize) -> Result<Edit, EditError> {
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
    };
    let key = match key {
        ItemKey::Parking(_) => ItemKey::Parking(to),
        ItemKey::Agenda(_) => ItemKey::Agenda(to),
        key => key,
    };
    Ok(Edit::Move { key, to: from })
}

/// What still refers to `key`, in words, or `None` when it can go.
fn users_of(ws: &Workspace, key: &ItemKey) -> Option<String> {
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
                "the proposition",
                ws.propositions
                    .iter()
                    .filter(|p| &p.segment == id)
                    .map(|p| p.segment.to_string())
                    .collect(),
            );
        }
        _ => {}
    }
    (!users.is_empty()).then(|| users.join("; "))
}

fn numbered(key: &ItemKey) -> Option<(&'static str, u32)> {
    match key {
        ItemKey::Stage(id) => Some((StageId::PREFIX, id.number()?)),
        ItemKey::Moment(id) => Some((MomentId::PREFIX, id.number()?)),
        ItemKey::Segment(id) => Some((SegmentId::PREFIX, id.number()?)),
        ItemKey::Handoff(id) => Some((HandoffId::PREFIX, id.number()?)),
        ItemKey::Action(id) => Some((ActionId::PREFIX, id.number()?)),
        _ => None,
    }
}

/// After a removal: remember the number when it was the highest, so it is never reused.
/// A higher number retired before stays: deleting M25 after M26 must not free M26.
fn retire_id(ws: &mut Workspace, key: &ItemKey) {
    if let Some((prefix, n)) = numbered(key)
        && n >= ws.highest_number(prefix)
        && ws.retired_ids.get(prefix).is_none_or(|&r| r < n)
    {
        ws.retired_ids.insert(prefix.to_owned(), n);
    }
}

/// After an insertion: a retired mark at or below a present id says nothing more.
fn note_id_in_use(ws: &mut Workspace, key: &ItemKey) {
    if let Some((prefix, n)) = numbered(key)
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

    /// Gives ids to handoffs and actions that a hand-written file left without one.
    pub fn assign_missing_ids(&mut self) {
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
