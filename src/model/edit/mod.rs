//! Every change to a workspace is an [`Edit`] value. Applying one checks it against the
//! document, refuses it with a reason if it would break the document, and returns its
//! inverse, so undo and redo are just more edits and validation cannot be bypassed.

use std::fmt;

mod apply;
mod rename;

use apply::*;

use super::ids::{ActionId, CompetitorId, HandoffId, MomentId, SegmentId, SiloId, StageId};
use super::strategy::{Competitor, VoteResult};
use super::workspace::{
    Action, AgendaItem, Handoff, Moment, Parked, Proposition, Segment, Silo, Stage, Term,
    VoteRound, Workspace,
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
    Parking(Parked),
    Agenda(AgendaItem),
    Competitor(Competitor),
}

/// Names one item of a workspace. Parking-lot entries and agenda items go by position:
/// their ids (`P1`, `AG1`) are for people and exchanges, their place in the list is how
/// the interface points at them.
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
    Competitor(CompetitorId),
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
            ItemKey::Competitor(id) => write!(f, "competitor {id}"),
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
            ItemKey::Competitor(id) => id.to_string(),
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
            Item::Competitor(x) => ItemKey::Competitor(x.id.clone()),
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
            Item::Competitor(_) => "competitor",
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
            Item::Parking(x) => format!("“{}”", x.text),
            Item::Agenda(x) => format!("“{}”", x.title),
            Item::Competitor(x) => format!("{} {}", x.id, x.name),
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
    /// Appends a revealed round to the history of rounds (`vote_rounds`).
    RecordRound(VoteResult),
    /// Takes the last recorded round off the history: only the inverse of
    /// [`Edit::RecordRound`] uses it, so undoing a reveal leaves no trace.
    UnrecordRound,
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
            Edit::RecordRound(result) => {
                ws.vote_rounds.push(result);
                Ok(Edit::UnrecordRound)
            }
            Edit::UnrecordRound => ws
                .vote_rounds
                .pop()
                .map(Edit::RecordRound)
                .ok_or_else(|| EditError::Invalid("no vote round is recorded".into())),
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
            Edit::RecordRound(r) => format!("vote round {} recorded", r.round),
            Edit::UnrecordRound => "last recorded vote round taken back".into(),
        }
    }

    /// Removes an item together with everything that refers to it, as one undoable step:
    /// a stage with its moments, a moment with its handoffs and actions, a silo with its
    /// ownerships, handoffs and names in the glossary, a segment with its ratings, needs
    /// and proposition, a competitor with its standings.
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
                for s in ws.stages.iter().filter(|s| s.needs.contains_key(id)) {
                    let mut changed = s.clone();
                    changed.needs.remove(id);
                    edits.push(Edit::Replace {
                        key: ItemKey::Stage(s.id.clone()),
                        item: Item::Stage(changed),
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
            ItemKey::Competitor(id) => {
                find_competitor(ws, id).ok_or_else(|| EditError::Missing(key.clone()))?;
                let mut compared = 0;
                for m in ws.moments.iter().filter(|m| m.versus.contains_key(id)) {
                    let mut changed = m.clone();
                    changed.versus.remove(id);
                    compared += 1;
                    edits.push(Edit::Replace {
                        key: ItemKey::Moment(m.id.clone()),
                        item: Item::Moment(changed),
                    });
                }
                if compared > 0 {
                    detail.push(format!("its standing on {}", plural(compared, "moment")));
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
