//! The accountability linter: findings about the workspace, each with a severity, the
//! rule that found it and the item it concerns. Pure: the CLI and the Checks view show them.

use std::collections::{HashMap, HashSet};
use std::fmt;

use serde::Serialize;

mod strategy;

use super::edit::ItemKey;
use super::ids::SiloId;
use super::workspace::{Experience, Role, Workspace};

/// How much a finding matters. Errors break the document; warnings are gaps in ownership
/// the room should close; infos are worth a look.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// The rules of the linter. docs/checks.md explains each one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Rule {
    /// Two items of one kind share an id.
    DuplicateId,
    /// An item refers to an id that does not exist.
    DanglingReference,
    /// A field holds a value outside its range.
    InvalidValue,
    /// A moment with no Accountable owner: nobody answers for it.
    NoAccountable,
    /// A moment with more than one Accountable owner: everybody and nobody answers for it.
    SeveralAccountable,
    /// A moment with no Responsible owner: nobody is named to do the work.
    NoResponsible,
    /// A silo that owns no moment in any role.
    SiloOwnsNothing,
    /// A silo Accountable for more than half of the moments.
    SiloOwnsMost,
    /// A stage with no moments of truth yet.
    EmptyStage,
    /// A moment critical for something, with no KPI to tell whether it is going well.
    CriticalWithoutKpi,
    /// A handoff at a moment that some segment experiences as bad: a silo seam that hurts.
    PainfulHandoff,
    /// A handoff from a silo to itself, as only a hand-written file can have it (edits
    /// refuse one): a typo, or the silo it really passes to is missing.
    HandoffToItself,
    /// A conflict left by `moments merge`: both sides changed the same field.
    MergeConflict,
    /// A critical moment rated bad on assumed evidence only: validate before investing.
    AssumedFailing,
    /// A KPI with no reading: nobody knows how it is doing.
    KpiWithoutReading,
    /// A KPI whose latest reading is worse than its target and no better than the one
    /// before.
    KpiOffPlan,
    /// A segment whose plan does not say what it is about.
    SegmentWithoutObjective,
    /// A stage with low resources where critical moments fail.
    StageUnderResourced,
}

impl Rule {
    pub const ALL: [Rule; 18] = [
        Rule::DuplicateId,
        Rule::DanglingReference,
        Rule::InvalidValue,
        Rule::NoAccountable,
        Rule::SeveralAccountable,
        Rule::NoResponsible,
        Rule::SiloOwnsNothing,
        Rule::SiloOwnsMost,
        Rule::EmptyStage,
        Rule::CriticalWithoutKpi,
        Rule::PainfulHandoff,
        Rule::HandoffToItself,
        Rule::MergeConflict,
        Rule::AssumedFailing,
        Rule::KpiWithoutReading,
        Rule::KpiOffPlan,
        Rule::SegmentWithoutObjective,
        Rule::StageUnderResourced,
    ];

    /// The rule's name as printed and accepted on the command line.
    pub fn code(self) -> &'static str {
        match self {
            Rule::DuplicateId => "duplicate-id",
            Rule::DanglingReference => "dangling-reference",
            Rule::InvalidValue => "invalid-value",
            Rule::NoAccountable => "no-accountable",
            Rule::SeveralAccountable => "several-accountable",
            Rule::NoResponsible => "no-responsible",
            Rule::SiloOwnsNothing => "silo-owns-nothing",
            Rule::SiloOwnsMost => "silo-owns-most",
            Rule::EmptyStage => "empty-stage",
            Rule::CriticalWithoutKpi => "critical-without-kpi",
            Rule::PainfulHandoff => "painful-handoff",
            Rule::HandoffToItself => "handoff-to-itself",
            Rule::MergeConflict => "merge-conflict",
            Rule::AssumedFailing => "assumed-failing",
            Rule::KpiWithoutReading => "kpi-without-reading",
            Rule::KpiOffPlan => "kpi-off-plan",
            Rule::SegmentWithoutObjective => "segment-without-objective",
            Rule::StageUnderResourced => "stage-under-resourced",
        }
    }

    pub fn severity(self) -> Severity {
        match self {
            Rule::DuplicateId
            | Rule::DanglingReference
            | Rule::InvalidValue
            | Rule::MergeConflict => Severity::Error,
            Rule::NoResponsible | Rule::KpiWithoutReading | Rule::SegmentWithoutObjective => {
                Severity::Info
            }
            _ => Severity::Warning,
        }
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// One thing the linter found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub rule: Rule,
    pub severity: Severity,
    /// The item the finding is about: where a jump from the Checks view lands.
    pub item: ItemKey,
    pub message: String,
}

/// A moment's silo must own at least this many moments before "owns most" means anything.
const OWNS_MOST_MINIMUM_MOMENTS: usize = 4;

/// Runs every rule over the workspace. Findings come in document order, errors first.
pub fn check(ws: &Workspace) -> Vec<Finding> {
    run(ws, true)
}

/// Only the integrity rules (duplicate ids, dangling references, invalid values): what
/// loading a file needs, without the cost of the accountability messages.
pub fn integrity(ws: &Workspace) -> Vec<Finding> {
    run(ws, false)
}

fn run(ws: &Workspace, accountability: bool) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut add = |rule: Rule, item: ItemKey, message: String| {
        out.push(Finding {
            rule,
            severity: rule.severity(),
            item,
            message,
        });
    };

    // Integrity: ids unique within their kind, references resolve.
    fn dupes<'a>(ids: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
        let mut seen = HashSet::new();
        let mut dup = Vec::new();
        for id in ids {
            if !seen.insert(id) {
                dup.push(id);
            }
        }
        dup
    }
    for id in dupes(ws.silos.iter().map(|x| x.id.as_str())) {
        add(
            Rule::DuplicateId,
            ItemKey::Silo(id.into()),
            format!("silo id {id} is used twice"),
        );
    }
    for id in dupes(ws.segments.iter().map(|x| x.id.as_str())) {
        add(
            Rule::DuplicateId,
            ItemKey::Segment(id.into()),
            format!("segment id {id} is used twice"),
        );
    }
    for id in dupes(ws.stages.iter().map(|x| x.id.as_str())) {
        add(
            Rule::DuplicateId,
            ItemKey::Stage(id.into()),
            format!("stage id {id} is used twice"),
        );
    }
    for id in dupes(ws.moments.iter().map(|x| x.id.as_str())) {
        add(
            Rule::DuplicateId,
            ItemKey::Moment(id.into()),
            format!("moment id {id} is used twice"),
        );
    }
    for id in dupes(ws.handoffs.iter().map(|x| x.id.as_str())) {
        add(
            Rule::DuplicateId,
            ItemKey::Handoff(id.into()),
            format!("handoff id {id} is used twice"),
        );
    }
    for id in dupes(ws.actions.iter().map(|x| x.id.as_str())) {
        add(
            Rule::DuplicateId,
            ItemKey::Action(id.into()),
            format!("action id {id} is used twice"),
        );
    }
    for id in dupes(ws.propositions.iter().map(|x| x.segment.as_str())) {
        add(
            Rule::DuplicateId,
            ItemKey::Proposition(id.into()),
            format!("segment {id} has two propositions"),
        );
    }
    for term in dupes(ws.glossary.iter().map(|x| x.term.as_str())) {
        add(
            Rule::DuplicateId,
            ItemKey::Term(term.into()),
            format!("term “{term}” is defined twice"),
        );
    }

    let silos: HashSet<&str> = ws.silos.iter().map(|x| x.id.as_str()).collect();
    let segments: HashSet<&str> = ws.segments.iter().map(|x| x.id.as_str()).collect();
    let stages: HashSet<&str> = ws.stages.iter().map(|x| x.id.as_str()).collect();
    let moments: HashMap<&str, usize> = ws
        .moments
        .iter()
        .enumerate()
        .map(|(i, m)| (m.id.as_str(), i))
        .collect();

    for m in &ws.moments {
        let key = || ItemKey::Moment(m.id.clone());
        if !stages.contains(m.stage.as_str()) {
            add(
                Rule::DanglingReference,
                key(),
                format!(
                    "moment {} is in stage {}, which does not exist",
                    m.id, m.stage
                ),
            );
        }
        for o in &m.owners {
            if !silos.contains(o.silo.as_str()) {
                add(
                    Rule::DanglingReference,
                    key(),
                    format!(
                        "moment {} is owned by silo {}, which does not exist",
                        m.id, o.silo
                    ),
                );
            }
        }
        for g in m.experience.keys() {
            if !segments.contains(g.as_str()) {
                add(
                    Rule::DanglingReference,
                    key(),
                    format!("moment {} rates segment {g}, which does not exist", m.id),
                );
            }
        }
        if let Some(i) = m.importance
            && !(1..=5).contains(&i)
        {
            add(
                Rule::InvalidValue,
                key(),
                format!("moment {} has importance {i}; importance is 1 to 5", m.id),
            );
        }
    }
    for h in &ws.handoffs {
        let key = || ItemKey::Handoff(h.id.clone());
        if !moments.contains_key(h.moment.as_str()) {
            add(
                Rule::DanglingReference,
                key(),
                format!(
                    "handoff {} is at moment {}, which does not exist",
                    h.id, h.moment
                ),
            );
        }
        for silo in [&h.from, &h.to] {
            if !silos.contains(silo.as_str()) {
                add(
                    Rule::DanglingReference,
                    key(),
                    format!("handoff {} names silo {silo}, which does not exist", h.id),
                );
            }
        }
    }
    for p in &ws.propositions {
        if !segments.contains(p.segment.as_str()) {
            add(
                Rule::DanglingReference,
                ItemKey::Proposition(p.segment.clone()),
                format!(
                    "a proposition is for segment {}, which does not exist",
                    p.segment
                ),
            );
        }
    }
    for t in &ws.glossary {
        for silo in t.also_called.keys() {
            if !silos.contains(silo.as_str()) {
                add(
                    Rule::DanglingReference,
                    ItemKey::Term(t.term.clone()),
                    format!("term “{}” names silo {silo}, which does not exist", t.term),
                );
            }
        }
    }
    for a in &ws.actions {
        let key = || ItemKey::Action(a.id.clone());
        if !moments.contains_key(a.moment.as_str()) {
            add(
                Rule::DanglingReference,
                key(),
                format!(
                    "action {} is for moment {}, which does not exist",
                    a.id, a.moment
                ),
            );
        }
        if let Some(owner) = &a.owner
            && !silos.contains(owner.as_str())
        {
            add(
                Rule::DanglingReference,
                key(),
                format!(
                    "action {} is owned by silo {owner}, which does not exist",
                    a.id
                ),
            );
        }
    }

    for (i, a) in ws.agenda.iter().enumerate() {
        if let Some(stage) = &a.stage
            && !stages.contains(stage.as_str())
        {
            add(
                Rule::DanglingReference,
                ItemKey::Agenda(i),
                format!(
                    "agenda item {} “{}” is about stage {stage}, which does not exist",
                    i + 1,
                    a.title
                ),
            );
        }
    }
    if let Some(round) = &ws.voting {
        for (voter, dots) in &round.dots {
            for moment in dots.keys() {
                if !moments.contains_key(moment.as_str()) {
                    add(
                        Rule::DanglingReference,
                        ItemKey::Moment(moment.clone()),
                        format!(
                            "vote round {}: {voter} has dots on moment {moment}, which does not exist",
                            round.round
                        ),
                    );
                }
            }
        }
    }

    strategy::integrity(ws, &mut add);

    if !accountability {
        return out;
    }

    // Accountability.
    let mut accountable_for: HashMap<&SiloId, usize> = HashMap::new();
    let mut owns_any: HashSet<&SiloId> = HashSet::new();
    for m in &ws.moments {
        let key = || ItemKey::Moment(m.id.clone());
        let accountable: Vec<&SiloId> = m
            .owners
            .iter()
            .filter(|o| o.role == Role::Accountable)
            .map(|o| &o.silo)
            .collect();
        for o in &m.owners {
            owns_any.insert(&o.silo);
        }
        match accountable.len() {
            0 => add(
                Rule::NoAccountable,
                key(),
                format!("moment {} “{}” has no Accountable owner", m.id, m.title),
            ),
            1 => *accountable_for.entry(accountable[0]).or_default() += 1,
            _ => {
                let names: Vec<&str> = accountable.iter().map(|s| s.as_str()).collect();
                add(
                    Rule::SeveralAccountable,
                    key(),
                    format!(
                        "moment {} “{}” has {} Accountable owners ({}); it needs exactly one",
                        m.id,
                        m.title,
                        accountable.len(),
                        names.join(", ")
                    ),
                );
            }
        }
        if !m.owners.is_empty() && !m.owners.iter().any(|o| o.role == Role::Responsible) {
            add(
                Rule::NoResponsible,
                key(),
                format!("moment {} “{}” has no Responsible owner", m.id, m.title),
            );
        }
        if !m.critical_for.is_empty() && m.kpis.is_empty() {
            add(
                Rule::CriticalWithoutKpi,
                key(),
                format!(
                    "moment {} “{}” is critical for {} but has no KPI",
                    m.id,
                    m.title,
                    m.critical_for
                        .iter()
                        .map(|c| c.label().to_lowercase())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            );
        }
    }
    for s in &ws.silos {
        if !owns_any.contains(&s.id) {
            add(
                Rule::SiloOwnsNothing,
                ItemKey::Silo(s.id.clone()),
                format!("silo {} ({}) owns no moment", s.id, s.name),
            );
        }
    }
    let total = ws.moments.len();
    if total >= OWNS_MOST_MINIMUM_MOMENTS {
        for s in &ws.silos {
            let n = accountable_for.get(&s.id).copied().unwrap_or(0);
            if n * 2 > total {
                add(
                    Rule::SiloOwnsMost,
                    ItemKey::Silo(s.id.clone()),
                    format!(
                        "silo {} ({}) is Accountable for {n} of {total} moments; ownership is not shared",
                        s.id, s.name
                    ),
                );
            }
        }
    }
    let mut stage_has_moments: HashSet<&str> = HashSet::new();
    for m in &ws.moments {
        stage_has_moments.insert(m.stage.as_str());
    }
    for s in &ws.stages {
        if !stage_has_moments.contains(s.id.as_str()) {
            add(
                Rule::EmptyStage,
                ItemKey::Stage(s.id.clone()),
                format!("stage {} {} has no moments of truth yet", s.id, s.name),
            );
        }
    }
    for h in &ws.handoffs {
        if h.from == h.to {
            add(
                Rule::HandoffToItself,
                ItemKey::Handoff(h.id.clone()),
                format!(
                    "handoff {} passes from {} to itself; a handoff is between two silos",
                    h.id, h.from
                ),
            );
        }
        let Some(&i) = moments.get(h.moment.as_str()) else {
            continue;
        };
        let m = &ws.moments[i];
        let hurting: Vec<&str> = m
            .experience
            .iter()
            .filter(|(_, e)| **e == Experience::Bad)
            .map(|(g, _)| g.as_str())
            .collect();
        if !hurting.is_empty() {
            add(
                Rule::PainfulHandoff,
                ItemKey::Handoff(h.id.clone()),
                format!(
                    "handoff {} from {} to {} at {} “{}”, which is bad for {}",
                    h.id,
                    h.from,
                    h.to,
                    m.id,
                    m.title,
                    hurting.join(", ")
                ),
            );
        }
    }

    // Conflicts a merge could not settle, written as markers (see `exchange::merge`).
    let conflict = |notes: &str| {
        notes
            .lines()
            .filter_map(|l| l.strip_prefix(MERGE_MARKER))
            .map(|rest| rest.trim_start_matches(':').trim().to_owned())
            .collect::<Vec<_>>()
    };
    for s in &ws.stages {
        for field in conflict(&s.notes) {
            add(
                Rule::MergeConflict,
                ItemKey::Stage(s.id.clone()),
                format!(
                    "stage {} {}: merge conflict on {field}; resolve it and delete the marker in its notes",
                    s.id, s.name
                ),
            );
        }
    }
    for m in &ws.moments {
        for field in conflict(&m.notes) {
            add(
                Rule::MergeConflict,
                ItemKey::Moment(m.id.clone()),
                format!(
                    "moment {} “{}”: merge conflict on {field}; resolve it and delete the marker in its notes",
                    m.id, m.title
                ),
            );
        }
    }
    strategy::rules(ws, &mut add);
    for (i, item) in ws.parking_lot.iter().enumerate() {
        for what in conflict(&item.text) {
            let what = what.split(" >>>>>>>").next().unwrap_or_default();
            add(
                Rule::MergeConflict,
                ItemKey::Parking(i),
                format!(
                    "merge conflict: {what}; resolve it and delete parking-lot entry {}",
                    i + 1
                ),
            );
        }
    }

    out.sort_by_key(|f| f.severity);
    out
}

/// How a conflict marker written by `moments merge` starts.
pub const MERGE_MARKER: &str = "<<<<<<< moments merge";

/// Whether the findings include anything worse than information.
pub fn has_problems(findings: &[Finding]) -> bool {
    findings.iter().any(|f| f.severity != Severity::Info)
}

/// Whether the findings include integrity errors (the document cannot be trusted as is).
pub fn has_errors(findings: &[Finding]) -> bool {
    findings.iter().any(|f| f.severity == Severity::Error)
}
