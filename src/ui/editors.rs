//! The forms for moments, stages, silos and segments, and the one edit each commits.

use crate::model::ids::{is_valid_silo_code, suggest_silo_code};
use crate::model::{
    Channel, CriticalFor, Direction, Edit, Experience, Item, Key, Kpi, Level, Moment, Segment,
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

/// The edit a submitted form makes; `Ok(None)` when nothing changed, `Err` with a message
/// for the form when the draft is not acceptable.
pub fn form_edit(ws: &Workspace, target: &FormTarget, form: &Form) -> Result<Option<Edit>, String> {
    match target {
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
                key: Key::Moment(id.clone()),
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
                key: Key::Stage(id.clone()),
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
                        key: Key::Silo(id.clone()),
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
                        key: Key::Segment(id),
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
