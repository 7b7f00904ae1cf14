//! How each editor's form is built from the item it edits (or blank, for a new one).

use crate::model::{
    Channel, CriticalFor, Direction, Experience, Level, Moment, Segment, Silo, Stage, Status,
    Workspace,
};

use super::super::form::{Field, Form};
use super::{IMPORTANCE, experience_label, index_of, labels, m};

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
    ]);
    fields.extend(super::strategy::moment_fields(ws, moment));
    fields.extend([
        Field::text(
            m::KPIS,
            &super::strategy::kpis_text(&moment.kpis),
            super::strategy::KPIS_HINT,
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

pub fn stage_form(ws: &Workspace, stage: &Stage) -> Form {
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
        ]
        .into_iter()
        .chain(super::strategy::stage_fields(ws, stage))
        .collect(),
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
    let _ = ws;
    // The code is editable: set once from the name it can come out as `XX` (`営業部`), and
    // renaming it carries every reference along.
    fields.push(Field::line(
        "Code",
        silo.map_or(String::new(), |s| s.id.to_string()).as_str(),
        match silo {
            Some(_) => {
                "2–6 capitals; a new code is carried to every owner, handoff, term and action"
            }
            None => "2–6 capitals, e.g. SAL; left empty, one is made from the name",
        },
    ));
    let title = match silo {
        Some(s) => format!("Silo {}", s.id),
        None => "New silo".to_owned(),
    };
    Form::new(title, fields)
}

pub fn competitor_form(competitor: Option<&crate::model::Competitor>) -> Form {
    Form::new(
        match competitor {
            Some(c) => format!("Competitor {}", c.id),
            None => "New competitor".to_owned(),
        },
        vec![
            Field::line(
                "Name",
                competitor.map_or("", |c| &c.name),
                "Who the room compares itself with",
            ),
            Field::text(
                "Notes",
                competitor.map_or("", |c| &c.notes),
                "What they do differently; Enter starts a new line",
            ),
        ],
    )
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
        ]
        .into_iter()
        .chain(super::strategy::segment_fields(&g))
        .collect(),
    )
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
            super::strategy::effort_field(action.and_then(|a| a.effort)),
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
    use crate::model::View;
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
                labels(View::ALL, View::label),
                index_of(View::ALL, item.and_then(|a| a.view)),
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

/// The form that starts a vote round. `remote`: participants are connected over SSH, who
/// vote under their own names, so a first round records no one else here by default.
pub fn vote_round_form(ws: &Workspace, budget: Option<u32>, remote: bool) -> Form {
    use crate::model::facilitation::default_budget;
    let budget = budget.unwrap_or_else(|| default_budget(ws.moments.len()));
    let room = ws.voting.as_ref().map_or(u32::from(!remote), |r| r.room);
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
