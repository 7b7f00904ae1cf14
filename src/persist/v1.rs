//! Format 1 as it was released, frozen: the serde shape of every type that format 2
//! changed, and the one step that brings a format-1 workspace to format 2.
//! Types format 2 left alone (silos, owners, handoffs, propositions, terms, the vote
//! round) are read as the model's own; freeze them here the day a format changes them.
//! Never edit these types: files written by format-1 builds must keep loading.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::model::{
    self, ActionId, ActionStatus, Channel, CriticalFor, Direction, Experience, Handoff, Level,
    MomentId, Owner, Proposition, SegmentId, Silo, StageId, Status, Term, View, VoteRound,
};

/// The format-1 workspace.
#[derive(Deserialize)]
#[serde(rename = "Workspace", deny_unknown_fields)]
pub(super) struct Workspace {
    #[allow(dead_code)]
    format: u32,
    #[serde(default)]
    title: String,
    #[serde(default)]
    silos: Vec<Silo>,
    #[serde(default)]
    segments: Vec<Segment>,
    #[serde(default)]
    stages: Vec<Stage>,
    #[serde(default)]
    moments: Vec<Moment>,
    #[serde(default)]
    handoffs: Vec<Handoff>,
    #[serde(default)]
    propositions: Vec<Proposition>,
    #[serde(default)]
    glossary: Vec<Term>,
    #[serde(default)]
    actions: Vec<Action>,
    #[serde(default)]
    parking_lot: Vec<String>,
    #[serde(default)]
    agenda: Vec<AgendaItem>,
    #[serde(default)]
    voting: Option<VoteRound>,
    #[serde(default)]
    retired_ids: BTreeMap<String, u32>,
}

#[derive(Deserialize)]
#[serde(rename = "Segment", deny_unknown_fields)]
struct Segment {
    id: SegmentId,
    name: String,
    #[serde(default)]
    value: Option<Level>,
    #[serde(default)]
    behaviours: String,
    #[serde(default)]
    attitudes: String,
    #[serde(default)]
    needs: String,
}

#[derive(Deserialize)]
#[serde(rename = "Stage", deny_unknown_fields)]
struct Stage {
    id: StageId,
    name: String,
    #[serde(default)]
    goal: String,
    #[serde(default)]
    entry_signals: Vec<String>,
    #[serde(default)]
    duration: String,
    #[serde(default)]
    complexity: Option<Level>,
    #[serde(default)]
    repeats: bool,
    #[serde(default)]
    notes: String,
}

/// Format 1 kept a KPI's target and current value as free text.
#[derive(Deserialize)]
#[serde(rename = "Kpi", deny_unknown_fields)]
struct Kpi {
    name: String,
    #[serde(default)]
    target: String,
    #[serde(default)]
    current: String,
}

#[derive(Deserialize)]
#[serde(rename = "Moment", deny_unknown_fields)]
struct Moment {
    id: MomentId,
    stage: StageId,
    title: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    channel: Option<Channel>,
    #[serde(default)]
    direction: Option<Direction>,
    #[serde(default)]
    critical_for: Vec<CriticalFor>,
    #[serde(default)]
    importance: Option<u8>,
    #[serde(default)]
    experience: BTreeMap<SegmentId, Experience>,
    #[serde(default)]
    target: Option<Experience>,
    #[serde(default)]
    need: String,
    #[serde(default)]
    owners: Vec<Owner>,
    #[serde(default)]
    kpis: Vec<Kpi>,
    #[serde(default)]
    votes: u32,
    #[serde(default)]
    status: Status,
    #[serde(default)]
    notes: String,
}

#[derive(Deserialize)]
#[serde(rename = "Action", deny_unknown_fields)]
struct Action {
    #[serde(default)]
    id: ActionId,
    moment: MomentId,
    what: String,
    #[serde(default)]
    owner: Option<model::SiloId>,
    #[serde(default)]
    due: String,
    #[serde(default)]
    status: ActionStatus,
}

#[derive(Deserialize)]
#[serde(rename = "AgendaItem", deny_unknown_fields)]
struct AgendaItem {
    title: String,
    #[serde(default)]
    minutes: u32,
    #[serde(default)]
    view: Option<View>,
    #[serde(default)]
    stage: Option<StageId>,
    #[serde(default)]
    started: Option<u64>,
    #[serde(default)]
    finished: Option<u64>,
}

/// Format 1 → format 2. Nothing is dropped: KPI text that does not read as a number goes
/// to the KPI's notes. Parked ideas and agenda items are left without ids here; loading
/// numbers them (`P1`, `AG1`…) in file order, as for any file that leaves them out.
pub(super) fn to_2(ws: Workspace) -> model::Workspace {
    model::Workspace {
        format: 2,
        title: ws.title,
        silos: ws.silos,
        competitors: Vec::new(),
        segments: ws.segments.into_iter().map(segment).collect(),
        stages: ws.stages.into_iter().map(stage).collect(),
        moments: ws.moments.into_iter().map(moment).collect(),
        handoffs: ws.handoffs,
        propositions: ws.propositions,
        glossary: ws.glossary,
        actions: ws.actions.into_iter().map(action).collect(),
        parking_lot: ws
            .parking_lot
            .into_iter()
            .map(|text| model::Parked {
                id: model::ParkedId::default(),
                text,
            })
            .collect(),
        agenda: ws.agenda.into_iter().map(agenda_item).collect(),
        voting: ws.voting,
        vote_rounds: Vec::new(),
        retired_ids: ws.retired_ids,
    }
}

fn segment(s: Segment) -> model::Segment {
    model::Segment {
        id: s.id,
        name: s.name,
        value: s.value,
        behaviours: s.behaviours,
        attitudes: s.attitudes,
        needs: s.needs,
        objective: None,
        cycle: String::new(),
    }
}

fn stage(s: Stage) -> model::Stage {
    model::Stage {
        id: s.id,
        name: s.name,
        goal: s.goal,
        entry_signals: s.entry_signals,
        duration: s.duration,
        complexity: s.complexity,
        repeats: s.repeats,
        resources: None,
        needs: BTreeMap::new(),
        notes: s.notes,
    }
}

fn moment(m: Moment) -> model::Moment {
    model::Moment {
        id: m.id,
        stage: m.stage,
        title: m.title,
        description: m.description,
        channel: m.channel,
        direction: m.direction,
        critical_for: m.critical_for,
        importance: m.importance,
        experience: m.experience,
        target: m.target,
        need: m.need,
        supported: true,
        trigger: None,
        versus: BTreeMap::new(),
        evidence: None,
        sources: Vec::new(),
        owners: m.owners,
        people: String::new(),
        systems: String::new(),
        kpis: m.kpis.into_iter().map(kpi).collect(),
        votes: m.votes,
        status: m.status,
        notes: m.notes,
    }
}

fn action(a: Action) -> model::Action {
    model::Action {
        id: a.id,
        moment: a.moment,
        what: a.what,
        owner: a.owner,
        due: a.due,
        status: a.status,
        effort: None,
    }
}

fn agenda_item(a: AgendaItem) -> model::AgendaItem {
    model::AgendaItem {
        id: model::AgendaId::default(),
        title: a.title,
        minutes: a.minutes,
        view: a.view,
        stage: a.stage,
        started: a.started,
        finished: a.finished,
    }
}

/// A format-1 KPI's free text as numbers (see [`model::Kpi::from_text`]).
fn kpi(k: Kpi) -> model::Kpi {
    model::Kpi::from_text(k.name, &k.target, &k.current)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kpi_text_is_kept_in_the_notes() {
        let k = kpi(Kpi {
            name: "NPS".into(),
            target: "+40 by spring".into(),
            current: "31".into(),
        });
        assert_eq!(k.target, None);
        assert_eq!(k.readings.len(), 1);
        assert_eq!(k.readings[0].value, 31.0);
        assert_eq!(k.notes, "target: +40 by spring");

        let k = kpi(Kpi {
            name: "Resolution".into(),
            target: "2 days".into(),
            current: "36 hours".into(),
        });
        assert_eq!((k.target, k.unit.as_str()), (Some(2.0), "days"));
        assert!(k.readings.is_empty());
        assert_eq!(k.notes, "current: 36 hours");
    }
}
