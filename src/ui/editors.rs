//! The forms for moments, stages, silos and segments, and the one edit each commits.

use crate::model::ids::{is_valid_silo_code, suggest_silo_code};
use crate::model::{
    Channel, CriticalFor, Direction, Edit, Experience, Item, ItemKey, Kpi, Level, Moment, Segment,
    Silo, SiloId, Stage, Status, Workspace,
};

use super::form::{Field, Form};
use super::session::FormTarget;
use super::text::sanitize;

fn labels<T: Copy>(all: &[T], label: impl Fn(T) -> &'static str) -> Vec<String> {
    all.iter().map(|x| label(*x).to_owned()).collect()
}

fn index_of<T: PartialEq + Copy>(all: &[T], value: Option<T>) -> Option<usize> {
    value.and_then(|v| all.iter().position(|x| *x == v))
}

const IMPORTANCE: [&str; 5] = ["1", "2", "3", "4", "5"];

/// Field labels of the moment form, also used to read it back.
mod m {
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
fn experience_label(segment: &Segment) -> String {
    format!("Today: {}", segment.name)
}

pub fn moment_form(ws: &Workspace, moment: &Moment) -> Form {
    let stage_names: Vec<String> = ws.stages.iter().map(|s| s.name.clone()).collect();
    let stage_index = ws.stages.iter().position(|s| s.id == moment.stage);
    let mut fields = vec![
        Field::line(m::TITLE, &moment.title, "What the room calls this moment"),
        Field::choice(
            m::STAGE,
            stage_names,
            stage_index,
            false,
            "←/→ choose the stage",
        ),
        Field::text(
            m::DESCRIPTION,
            &moment.description,
            "What happens; Enter starts a new line",
        ),
        Field::choice(
            m::CHANNEL,
            labels(&Channel::ALL, Channel::label),
            index_of(&Channel::ALL, moment.channel),
            true,
            "←/→ choose, Backspace clears",
        ),
        Field::choice(
            m::DIRECTION,
            labels(&Direction::ALL, Direction::label),
            index_of(&Direction::ALL, moment.direction),
            true,
            "Inbound: the customer reaches out; outbound: we do",
        ),
        Field::multi(
            m::CRITICAL,
            CriticalFor::ALL
                .iter()
                .map(|c| format!("{} {}", c.symbol(), c.short_label()))
                .collect(),
            CriticalFor::ALL
                .iter()
                .map(|c| moment.critical_for.contains(c))
                .collect(),
            "←/→ move, Space ticks: revenue, relationship, rescuing customers at risk, retention and share of wallet",
        ),
        Field::choice(
            m::IMPORTANCE,
            IMPORTANCE.map(String::from).to_vec(),
            moment.importance.map(|i| usize::from(i.clamp(1, 5)) - 1),
            true,
            "Importance to the customer: 1 (low) to 5 (high)",
        ),
    ];
    for segment in &ws.segments {
        fields.push(Field::choice(
            &experience_label(segment),
            labels(&Experience::ALL, Experience::label),
            index_of(
                &Experience::ALL,
                moment.experience.get(&segment.id).copied(),
            ),
            true,
            format!("The experience today for {}", segment.name),
        ));
    }
    fields.extend([
        Field::choice(
            m::TARGET,
            labels(&Experience::ALL[..3], Experience::label),
            index_of(&Experience::ALL[..3], moment.target),
            true,
            "The experience we aim for",
        ),
        Field::line(
            m::NEED,
            &moment.need,
            "The customer need or emotion behind it",
        ),
        Field::text(
            m::KPIS,
            &moment
                .kpis
                .iter()
                .map(|k| format!("{} | {} | {}", k.name, k.target, k.current))
                .collect::<Vec<_>>()
                .join("\n"),
            "One per line: name | target | current",
        ),
        Field::choice(
            m::STATUS,
            vec!["Proposed".into(), "Agreed".into()],
            Some(usize::from(moment.status == Status::Agreed)),
            false,
            "Agreed: the room's consensus",
        ),
        Field::text(m::NOTES, &moment.notes, "Anything else the room said"),
    ]);
    Form::new(format!("Moment {}", moment.id), fields)
}

pub fn stage_form(stage: &Stage) -> Form {
    Form::new(
        format!("Stage {}", stage.id),
        vec![
            Field::line(
                "Name",
                &stage.name,
                "The stage in the organisation's own words",
            ),
            Field::line(
                "Goal",
                &stage.goal,
                "What the customer is trying to achieve",
            ),
            Field::text(
                "Entry signals",
                &stage.entry_signals.join("\n"),
                "How we know a customer has entered; one per line",
            ),
            Field::line(
                "Duration",
                &stage.duration,
                "Typical duration, e.g. 2 weeks",
            ),
            Field::choice(
                "Complexity",
                labels(&Level::ALL, Level::label),
                index_of(&Level::ALL, stage.complexity),
                true,
                "←/→ choose",
            ),
            Field::choice(
                "Repeats",
                vec!["No".into(), "Yes".into()],
                Some(usize::from(stage.repeats)),
                false,
                "Do customers go through it more than once?",
            ),
            Field::text("Notes", &stage.notes, ""),
        ],
    )
}

pub fn silo_form(ws: &Workspace, silo: Option<&Silo>) -> Form {
    let mut fields = vec![
        Field::line(
            "Name",
            silo.map_or("", |s| &s.name),
            "The function or department",
        ),
        Field::line(
            "Lead",
            silo.map_or("", |s| &s.lead),
            "Who leads it (optional)",
        ),
    ];
    if silo.is_none() {
        let _ = ws;
        fields.push(Field::line(
            "Code",
            "",
            "2–6 capitals, e.g. SAL; left empty, one is made from the name",
        ));
    }
    let title = match silo {
        Some(s) => format!("Silo {}", s.id),
        None => "New silo".to_owned(),
    };
    Form::new(title, fields)
}

pub fn segment_form(segment: Option<&Segment>) -> Form {
    let g = segment.cloned().unwrap_or_default();
    Form::new(
        match segment {
            Some(g) => format!("Segment {}", g.id),
            None => "New segment".to_owned(),
        },
        vec![
            Field::line("Name", &g.name, "The customer group"),
            Field::choice(
                "Value",
                labels(&Level::ALL, Level::label),
                index_of(&Level::ALL, g.value),
                true,
                "Value to the organisation",
            ),
            Field::text("Behaviours", &g.behaviours, ""),
            Field::text("Attitudes", &g.attitudes, ""),
            Field::text("Needs", &g.needs, ""),
        ],
    )
}

fn line(form: &Form, label: &str) -> String {
    sanitize(&form.field(label).value(), false)
}

fn text(form: &Form, label: &str) -> String {
    sanitize(&form.field(label).value(), true)
}

pub fn action_form(
    ws: &Workspace,
    action: Option<&crate::model::Action>,
    moment: Option<&crate::model::MomentId>,
) -> Form {
    use crate::model::ActionStatus;
    let silos: Vec<String> = ws
        .silos
        .iter()
        .map(|s| format!("{} {}", s.id, s.name))
        .collect();
    let owner = action
        .and_then(|a| a.owner.as_ref())
        .and_then(|o| ws.silos.iter().position(|s| &s.id == o));
    let moment = action
        .map(|a| a.moment.to_string())
        .or_else(|| moment.map(ToString::to_string))
        .unwrap_or_default();
    Form::new(
        match action {
            Some(a) => format!("Action {}", a.id),
            None => "New action".to_owned(),
        },
        vec![
            Field::line(
                "What",
                action.map_or("", |a| &a.what),
                "The improvement, in a sentence",
            ),
            Field::line("Moment", &moment, "The moment it improves, by id (e.g. M7)"),
            Field::choice("Owner", silos, owner, true, "The silo that owns the action"),
            Field::line(
                "Due",
                action.map_or("", |a| &a.due),
                "Due date as YYYY-MM-DD",
            ),
            Field::choice(
                "Status",
                labels(&ActionStatus::ALL, ActionStatus::label),
                Some(action.map_or(0, |a| {
                    ActionStatus::ALL
                        .iter()
                        .position(|s| *s == a.status)
                        .unwrap_or(0)
                })),
                false,
                "←/→ choose",
            ),
        ],
    )
}

pub fn term_form(ws: &Workspace, term: Option<&crate::model::Term>) -> Form {
    let mut fields = vec![
        Field::line(
            "Term",
            term.map_or("", |t| &t.term),
            "The word the room agrees to use",
        ),
        Field::text(
            "Definition",
            term.map_or("", |t| &t.definition),
            "What it means, agreed by the room",
        ),
    ];
    for silo in &ws.silos {
        let called = term
            .and_then(|t| t.also_called.get(&silo.id))
            .map_or("", String::as_str);
        fields.push(Field::line(
            &format!("{} calls it", silo.id),
            called,
            format!("What {} calls it today (empty: the same)", silo.name),
        ));
    }
    Form::new(
        match term {
            Some(t) => format!("Term “{}”", t.term),
            None => "New term".to_owned(),
        },
        fields,
    )
}

pub fn proposition_form(ws: &Workspace, segment: &Segment) -> Form {
    let p = ws
        .propositions
        .iter()
        .find(|p| p.segment == segment.id)
        .cloned()
        .unwrap_or_default();
    Form::new(
        format!("Proposition for {}", segment.name),
        vec![
            Field::text("Price", &p.price, "What they pay, and how"),
            Field::text("Brand", &p.brand, "What the brand promises them"),
            Field::text("Service", &p.service, "The service they get"),
            Field::text(
                "Operations",
                &p.operations,
                "Transaction operations: how buying and paying work",
            ),
            Field::text("Relationship", &p.relationship, "How we keep in touch"),
            Field::text("Product", &p.product, "What they get"),
            Field::text(
                "Standards",
                &p.standards,
                "Service standards: right product, customer, time, channel, price",
            ),
        ],
    )
}

pub fn agenda_form(ws: &Workspace, item: Option<&crate::model::AgendaItem>) -> Form {
    use crate::model::Screen;
    let stages: Vec<String> = ws
        .stages
        .iter()
        .map(|s| format!("{} {}", s.id, s.name))
        .collect();
    let stage = item
        .and_then(|a| a.stage.as_ref())
        .and_then(|id| ws.stages.iter().position(|s| &s.id == id));
    let minutes = item.map_or("10".to_owned(), |a| a.minutes.to_string());
    Form::new(
        match item {
            Some(a) => format!("Agenda item “{}”", a.title),
            None => "New agenda item".to_owned(),
        },
        vec![
            Field::line(
                "Title",
                item.map_or("", |a| &a.title),
                "What the room does, e.g. Agree the owners",
            ),
            Field::line("Minutes", &minutes, "Planned length in minutes"),
            Field::choice(
                "View",
                labels(&Screen::ALL, Screen::label),
                index_of(&Screen::ALL, item.and_then(|a| a.view)),
                true,
                "Where it is worked; ] goes there when the item starts",
            ),
            Field::choice(
                "Stage",
                stages,
                stage,
                true,
                "The stage it is about, if one",
            ),
        ],
    )
}

pub fn vote_round_form(ws: &Workspace, budget: Option<u32>) -> Form {
    use crate::model::facilitation::default_budget;
    let budget = budget.unwrap_or_else(|| default_budget(ws.moments.len()));
    let room = ws.voting.as_ref().map_or(1, |r| r.room);
    let title = match &ws.voting {
        Some(r) if !r.revealed && r.total() > 0 => format!(
            "Vote round {}: round {} is not revealed, its {} dots will be dropped (Esc keeps it)",
            r.round + 1,
            r.round,
            r.total()
        ),
        Some(r) => format!("Vote round {}", r.round + 1),
        None => "Vote round 1".to_owned(),
    };
    Form::new(
        title,
        vec![
            Field::line(
                "Dots each",
                &budget.to_string(),
                format!(
                    "A quarter of the {} cards, rounded up, unless config.ron says otherwise",
                    ws.moments.len()
                ),
            ),
            Field::line(
                "People here",
                &room.to_string(),
                "Whose dots you record here with + and -; 0 when only remote participants vote",
            ),
        ],
    )
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
            use crate::model::{AgendaItem, Screen};
            let title = line(form, "Title");
            if title.is_empty() {
                return Err("An agenda item needs a title".into());
            }
            let minutes = number(form, "Minutes", 24 * 60)?;
            let view = form.field("View").selected().map(|i| Screen::ALL[i]);
            let stage = form
                .field("Stage")
                .selected()
                .map(|i| ws.stages[i].id.clone());
            match existing {
                Some(i) => {
                    let old = ws.agenda.get(*i).ok_or("this item was deleted meanwhile")?;
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
                        key: ItemKey::Agenda(*i),
                        item: Item::Agenda(new),
                    }))
                }
                None => Ok(Some(Edit::Insert {
                    item: Item::Agenda(AgendaItem {
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
        FormTarget::Handoff(existing) => super::handoffs::form_edit(ws, existing.as_ref(), form),
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
            new.kpis = parse_kpis(&text(form, m::KPIS))?;
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
            };
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
            match existing {
                Some(id) => {
                    let old = ws.silo(id).ok_or("this silo was deleted meanwhile")?;
                    let new = Silo {
                        id: id.clone(),
                        name,
                        lead,
                    };
                    if &new == old {
                        return Ok(None);
                    }
                    Ok(Some(Edit::Replace {
                        key: ItemKey::Silo(id.clone()),
                        item: Item::Silo(new),
                    }))
                }
                None => {
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
            };
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

/// Reads KPI rows written as `name | target | current`.
fn parse_kpis(text: &str) -> Result<Vec<Kpi>, String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| {
            let mut parts = l.split('|').map(str::trim);
            let name = parts.next().unwrap_or_default().to_owned();
            if name.is_empty() {
                return Err(format!("KPI “{l}” needs a name before the first |"));
            }
            Ok(Kpi {
                name,
                target: parts.next().unwrap_or_default().to_owned(),
                current: parts.next().unwrap_or_default().to_owned(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kpi_rows() {
        let kpis = parse_kpis("Completion | 70% | 52%\n\nNPS|40").unwrap();
        assert_eq!(kpis.len(), 2);
        assert_eq!(kpis[1].target, "40");
        assert_eq!(kpis[1].current, "");
        assert!(parse_kpis(" | 70%").is_err());
    }
}
