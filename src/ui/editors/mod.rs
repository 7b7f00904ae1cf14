//! The editors' forms: what each form edits ([`FormTarget`]), how each is built
//! (`forms`, `handoff`) and the one edit a submitted form commits ([`form_edit`]). Pure:
//! no terminal, no session; the model's validation has the last word.

use crate::model::ids::{is_valid_silo_code, suggest_silo_code};
use crate::model::{
    Channel, CriticalFor, Direction, Edit, Experience, Item, ItemKey, Level, Segment, Silo, SiloId,
    Stage, Status, Workspace,
};

use super::form::Form;
use super::text::sanitize;

mod forms;
pub mod handoff;
pub mod strategy;

pub use forms::{
    action_form, agenda_form, competitor_form, moment_form, proposition_form, segment_form,
    silo_form, stage_form, term_form, vote_round_form,
};

/// An entry of a list that has no id of its own (the parking lot, the agenda), held by
/// where it was and what it was, so an edit finds it again after someone else added or
/// removed entries above it, and never lands on another entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Listed<T> {
    pub at: usize,
    pub was: T,
}

impl<T: PartialEq> Listed<T> {
    pub fn new(at: usize, was: T) -> Self {
        Listed { at, was }
    }

    /// Where the entry is now: where it was if it is still there, else where it went;
    /// `None` when it was changed or removed meanwhile.
    pub fn locate(&self, list: &[T]) -> Option<usize> {
        if list.get(self.at) == Some(&self.was) {
            return Some(self.at);
        }
        list.iter().position(|x| *x == self.was)
    }
}

impl<T: PartialEq + Clone> Listed<T> {
    /// Keeps a list's selection on its entry when others add or remove entries above it,
    /// then remembers what is selected now. Only when the selection is where this session
    /// left it: a move of its own wins.
    pub fn follow(selected: &mut usize, holding: &mut Option<Listed<T>>, list: &[T]) {
        if let Some(held) = holding.as_ref()
            && held.at == *selected
            && let Some(i) = held.locate(list)
        {
            *selected = i;
        }
        *selected = (*selected).min(list.len().saturating_sub(1));
        *holding = list
            .get(*selected)
            .map(|x| Listed::new(*selected, x.clone()));
    }
}

/// What a form edits, so submitting it knows which edit to make.
#[derive(Clone, Debug, PartialEq)]
pub enum FormTarget {
    Moment(crate::model::MomentId),
    Stage(crate::model::StageId),
    Silo(Option<SiloId>),
    Segment(Option<crate::model::SegmentId>),
    /// A competitor; `None` adds one.
    Competitor(Option<crate::model::CompetitorId>),
    /// A new reading of a moment's KPI, the KPI by its name.
    Reading {
        moment: crate::model::MomentId,
        kpi: String,
    },
    /// An action of the plan; `None` adds one.
    Action(Option<crate::model::ActionId>),
    /// A glossary term by its text; `None` adds one.
    Term(Option<String>),
    /// The proposition for a segment (added if it has none).
    Proposition(crate::model::SegmentId),
    /// An agenda item, found again by what it was; `None` adds one.
    Agenda(Option<Listed<crate::model::AgendaItem>>),
    /// A new dot-vote round.
    VoteRound,
    /// A handoff between silos; `None` records a new one.
    Handoff(Option<crate::model::HandoffId>),
    /// The Priorities view's filter and sort: this session's, not the document's.
    PriorityFilter,
}

pub(crate) fn labels<T: Copy>(all: &[T], label: impl Fn(T) -> &'static str) -> Vec<String> {
    all.iter().map(|x| label(*x).to_owned()).collect()
}

pub(crate) fn index_of<T: PartialEq + Copy>(all: &[T], value: Option<T>) -> Option<usize> {
    value.and_then(|v| all.iter().position(|x| *x == v))
}

pub(crate) const IMPORTANCE: [&str; 5] = ["1", "2", "3", "4", "5"];

/// Field labels of the moment form, also used to read it back.
pub(crate) mod m {
    pub const TITLE: &str = "Title";
    pub const STAGE: &str = "Stage";
    pub const DESCRIPTION: &str = "Description";
    pub const CHANNEL: &str = "Channel";
    pub const DIRECTION: &str = "Direction";
    pub const CRITICAL: &str = "Critical for";
    pub const IMPORTANCE: &str = "Importance";
    pub const TARGET: &str = "Target";
    pub const NEED: &str = "Need";
    pub const KPIS: &str = "KPIs";
    pub const STATUS: &str = "Status";
    pub const NOTES: &str = "Notes";
}

/// The label of the experience field for a segment.
pub(crate) fn experience_label(segment: &Segment) -> String {
    format!("Today: {}", segment.name)
}

fn line(form: &Form, label: &str) -> String {
    sanitize(&form.field(label).value(), false)
}

fn text(form: &Form, label: &str) -> String {
    sanitize(&form.field(label).value(), true)
}

fn number(form: &Form, label: &str, max: u32) -> Result<u32, String> {
    let text = line(form, label);
    match text.parse::<u32>() {
        Ok(n) if n <= max => Ok(n),
        _ => Err(format!(
            "{label}: “{text}” is not a whole number from 0 to {max}"
        )),
    }
}

/// The edit a submitted form makes; `Ok(None)` when nothing changed, `Err` with a message
/// for the form when the draft is not acceptable.
pub fn form_edit(ws: &Workspace, target: &FormTarget, form: &Form) -> Result<Option<Edit>, String> {
    match target {
        // The session's own setting: handled where the form closes, never an edit.
        FormTarget::PriorityFilter => Ok(None),
        FormTarget::VoteRound => {
            let budget = number(form, "Dots each", 1000)?;
            if budget == 0 {
                return Err("Each voter needs at least one dot".into());
            }
            let room = number(form, "People here", 10_000)?;
            Ok(Some(crate::model::facilitation::start_round(
                ws, budget, room,
            )))
        }
        FormTarget::Agenda(existing) => {
            use crate::model::{AgendaItem, View};
            let title = line(form, "Title");
            if title.is_empty() {
                return Err("An agenda item needs a title".into());
            }
            let minutes = number(form, "Minutes", 24 * 60)?;
            let view = form.field("View").selected().map(|i| View::ALL[i]);
            let stage = form
                .field("Stage")
                .selected()
                .map(|i| ws.stages[i].id.clone());
            match existing {
                Some(listed) => {
                    let i = listed
                        .locate(&ws.agenda)
                        .ok_or("this item was changed or deleted meanwhile")?;
                    let old = &ws.agenda[i];
                    let new = AgendaItem {
                        title,
                        minutes,
                        view,
                        stage,
                        ..old.clone()
                    };
                    if &new == old {
                        return Ok(None);
                    }
                    Ok(Some(Edit::Replace {
                        key: ItemKey::Agenda(i),
                        item: Item::Agenda(new),
                    }))
                }
                None => Ok(Some(Edit::Insert {
                    item: Item::Agenda(AgendaItem {
                        id: ws.next_agenda_id(),
                        title,
                        minutes,
                        view,
                        stage,
                        started: None,
                        finished: None,
                    }),
                    at: ws.agenda.len(),
                })),
            }
        }
        FormTarget::Handoff(existing) => handoff::form_edit(ws, existing.as_ref(), form),
        FormTarget::Competitor(existing) => competitor_edit(ws, existing.as_ref(), form),
        FormTarget::Reading { moment, kpi } => strategy::reading_edit(ws, moment, kpi, form),
        FormTarget::Action(existing) => {
            use crate::model::{Action, ActionStatus, MomentId};
            let what = line(form, "What");
            if what.is_empty() {
                return Err("An action needs a description".into());
            }
            let moment = MomentId(line(form, "Moment").to_uppercase());
            if ws.moment(&moment).is_none() {
                return Err(format!(
                    "There is no moment {moment}: type an id such as M7"
                ));
            }
            let due = line(form, "Due");
            if !due.is_empty() && !is_date(&due) {
                return Err(format!("“{due}” is not a date: use YYYY-MM-DD"));
            }
            let new = Action {
                id: existing.clone().unwrap_or_else(|| ws.next_action_id()),
                moment,
                what,
                owner: form
                    .field("Owner")
                    .selected()
                    .map(|i| ws.silos[i].id.clone()),
                due,
                status: form
                    .field("Status")
                    .selected()
                    .map_or(ActionStatus::Open, |i| ActionStatus::ALL[i]),
                effort: strategy::read_effort(form),
            };
            match existing {
                Some(id) => {
                    let old = ws
                        .actions
                        .iter()
                        .find(|a| &a.id == id)
                        .ok_or("this action was deleted meanwhile")?;
                    if &new == old {
                        return Ok(None);
                    }
                    Ok(Some(Edit::Replace {
                        key: ItemKey::Action(id.clone()),
                        item: Item::Action(new),
                    }))
                }
                None => Ok(Some(Edit::Insert {
                    item: Item::Action(new),
                    at: ws.actions.len(),
                })),
            }
        }
        FormTarget::Term(existing) => {
            let term = line(form, "Term");
            if term.is_empty() {
                return Err("A term cannot be empty".into());
            }
            let mut also_called = std::collections::BTreeMap::new();
            for silo in &ws.silos {
                let called = line(form, &format!("{} calls it", silo.id));
                if !called.is_empty() {
                    also_called.insert(silo.id.clone(), called);
                }
            }
            let new = crate::model::Term {
                term,
                definition: text(form, "Definition"),
                also_called,
            };
            match existing {
                Some(old_term) => {
                    let old = ws
                        .glossary
                        .iter()
                        .find(|t| &t.term == old_term)
                        .ok_or("this term was deleted meanwhile")?;
                    if &new == old {
                        return Ok(None);
                    }
                    Ok(Some(Edit::Replace {
                        key: ItemKey::Term(old_term.clone()),
                        item: Item::Term(new),
                    }))
                }
                None => Ok(Some(Edit::Insert {
                    item: Item::Term(new),
                    at: ws.glossary.len(),
                })),
            }
        }
        FormTarget::Proposition(segment) => {
            let new = crate::model::Proposition {
                segment: segment.clone(),
                price: text(form, "Price"),
                brand: text(form, "Brand"),
                service: text(form, "Service"),
                operations: text(form, "Operations"),
                relationship: text(form, "Relationship"),
                product: text(form, "Product"),
                standards: text(form, "Standards"),
            };
            match ws.propositions.iter().find(|p| &p.segment == segment) {
                Some(old) if old == &new => Ok(None),
                Some(_) => Ok(Some(Edit::Replace {
                    key: ItemKey::Proposition(segment.clone()),
                    item: Item::Proposition(new),
                })),
                None => Ok(Some(Edit::Insert {
                    item: Item::Proposition(new),
                    at: ws.propositions.len(),
                })),
            }
        }
        FormTarget::Moment(id) => {
            let old = ws.moment(id).ok_or("this moment was deleted meanwhile")?;
            let title = line(form, m::TITLE);
            if title.is_empty() {
                return Err("A moment needs a title".into());
            }
            let mut new = old.clone();
            new.title = title;
            if let Some(i) = form.field(m::STAGE).selected() {
                new.stage = ws.stages[i].id.clone();
            }
            new.description = text(form, m::DESCRIPTION);
            new.channel = form.field(m::CHANNEL).selected().map(|i| Channel::ALL[i]);
            new.direction = form
                .field(m::DIRECTION)
                .selected()
                .map(|i| Direction::ALL[i]);
            new.critical_for = CriticalFor::ALL
                .iter()
                .zip(form.field(m::CRITICAL).chosen())
                .filter(|(_, on)| *on)
                .map(|(c, _)| *c)
                .collect();
            new.importance = form.field(m::IMPORTANCE).selected().map(|i| i as u8 + 1);
            for segment in &ws.segments {
                match form.field(&experience_label(segment)).selected() {
                    Some(i) => {
                        new.experience
                            .insert(segment.id.clone(), Experience::ALL[i]);
                    }
                    None => {
                        new.experience.remove(&segment.id);
                    }
                }
            }
            new.target = form.field(m::TARGET).selected().map(|i| Experience::ALL[i]);
            new.need = line(form, m::NEED);
            strategy::read_moment(ws, form, &mut new);
            new.kpis = strategy::parse_kpis(&text(form, m::KPIS))?;
            new.status = if form.field(m::STATUS).selected() == Some(1) {
                Status::Agreed
            } else {
                Status::Proposed
            };
            new.notes = text(form, m::NOTES);
            if &new == old {
                return Ok(None);
            }
            Ok(Some(Edit::Replace {
                key: ItemKey::Moment(id.clone()),
                item: Item::Moment(new),
            }))
        }
        FormTarget::Stage(id) => {
            let old = ws.stage(id).ok_or("this stage was deleted meanwhile")?;
            let name = line(form, "Name");
            if name.is_empty() {
                return Err("A stage needs a name".into());
            }
            let new = Stage {
                id: id.clone(),
                name,
                goal: line(form, "Goal"),
                entry_signals: text(form, "Entry signals")
                    .lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .map(str::to_owned)
                    .collect(),
                duration: line(form, "Duration"),
                complexity: form.field("Complexity").selected().map(|i| Level::ALL[i]),
                repeats: form.field("Repeats").selected() == Some(1),
                notes: text(form, "Notes"),
                ..old.clone()
            };
            let mut new = new;
            strategy::read_stage(ws, form, &mut new);
            if &new == old {
                return Ok(None);
            }
            Ok(Some(Edit::Replace {
                key: ItemKey::Stage(id.clone()),
                item: Item::Stage(new),
            }))
        }
        FormTarget::Silo(existing) => {
            let name = line(form, "Name");
            if name.is_empty() {
                return Err("A silo needs a name".into());
            }
            let lead = line(form, "Lead");
            if let Some(id) = existing {
                let old = ws.silo(id).ok_or("this silo was deleted meanwhile")?;
                let typed = line(form, "Code").to_uppercase();
                let code = if typed.is_empty() {
                    id.clone()
                } else {
                    SiloId(typed)
                };
                let new = Silo {
                    id: code.clone(),
                    name,
                    lead,
                };
                let details =
                    (new.name != old.name || new.lead != old.lead).then(|| Edit::Replace {
                        key: ItemKey::Silo(code.clone()),
                        item: Item::Silo(new),
                    });
                if &code == id {
                    return Ok(details);
                }
                let rename = Edit::rename_silo(ws, id, &code).map_err(|e| match e {
                    crate::model::EditError::Duplicate(_) => format!("{code} is already a silo"),
                    e => e.to_string(),
                })?;
                let label = match &rename {
                    Edit::Batch { label, .. } => label.clone(),
                    _ => format!("silo {id} is now {code}"),
                };
                Ok(Some(Edit::Batch {
                    label,
                    edits: std::iter::once(rename).chain(details).collect(),
                }))
            } else {
                let typed = line(form, "Code").to_uppercase();
                let taken = |c: &str| ws.silos.iter().any(|s| s.id.as_str() == c);
                let code = if typed.is_empty() {
                    suggest_silo_code(&name, taken)
                } else if !is_valid_silo_code(&typed) {
                    return Err(format!(
                        "`{typed}` is not a silo code: use 2–6 capitals or digits, starting with a letter"
                    ));
                } else if taken(&typed) {
                    return Err(format!("{typed} is already a silo"));
                } else {
                    typed
                };
                Ok(Some(Edit::Insert {
                    item: Item::Silo(Silo {
                        id: SiloId(code),
                        name,
                        lead,
                    }),
                    at: ws.silos.len(),
                }))
            }
        }
        FormTarget::Segment(existing) => {
            let name = line(form, "Name");
            if name.is_empty() {
                return Err("A segment needs a name".into());
            }
            let id = existing.clone().unwrap_or_else(|| ws.next_segment_id());
            let new = Segment {
                id: id.clone(),
                name,
                value: form.field("Value").selected().map(|i| Level::ALL[i]),
                behaviours: text(form, "Behaviours"),
                attitudes: text(form, "Attitudes"),
                needs: text(form, "Needs"),
                ..Segment::default()
            };
            let mut new = new;
            strategy::read_segment(form, &mut new);
            match existing {
                Some(_) => {
                    let old = ws
                        .segment(&id)
                        .ok_or("this segment was deleted meanwhile")?;
                    if &new == old {
                        return Ok(None);
                    }
                    Ok(Some(Edit::Replace {
                        key: ItemKey::Segment(id),
                        item: Item::Segment(new),
                    }))
                }
                None => Ok(Some(Edit::Insert {
                    item: Item::Segment(new),
                    at: ws.segments.len(),
                })),
            }
        }
    }
}

/// The edit a submitted competitor form makes.
fn competitor_edit(
    ws: &Workspace,
    existing: Option<&crate::model::CompetitorId>,
    form: &Form,
) -> Result<Option<Edit>, String> {
    use crate::model::Competitor;
    let name = line(form, "Name");
    if name.is_empty() {
        return Err("Name: a competitor needs a name".into());
    }
    let notes = text(form, "Notes");
    match existing {
        Some(id) => {
            let old = ws
                .competitors
                .iter()
                .find(|c| &c.id == id)
                .ok_or("this competitor was deleted meanwhile")?;
            let new = Competitor {
                name,
                notes,
                ..old.clone()
            };
            if &new == old {
                return Ok(None);
            }
            Ok(Some(Edit::Replace {
                key: ItemKey::Competitor(id.clone()),
                item: Item::Competitor(new),
            }))
        }
        None => Ok(Some(Edit::Insert {
            item: Item::Competitor(Competitor {
                id: ws.next_competitor_id(),
                name,
                notes,
            }),
            at: ws.competitors.len(),
        })),
    }
}

/// Whether `s` is a calendar date written `YYYY-MM-DD`.
pub fn is_date(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    let [y, m, d] = parts.as_slice() else {
        return false;
    };
    let num = |p: &str, len: usize| {
        (p.len() == len && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse::<u32>().ok())
            .flatten()
    };
    match (num(y, 4), num(m, 2), num(d, 2)) {
        (Some(_), Some(m), Some(d)) => (1..=12).contains(&m) && (1..=31).contains(&d),
        _ => false,
    }
}
