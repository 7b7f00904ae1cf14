//! The format-2 rules of the linter: whether the room measures and validates what it
//! plans on (evidence, KPIs against plan, objectives, resources), and the integrity of
//! the references format 2 added (competitors, stage needs, KPI numbers).

use std::collections::HashSet;

use super::super::edit::ItemKey;
use super::super::measure::{Kpi, PlanStatus};
use super::super::strategy::Evidence;
use super::super::workspace::{Experience, Level, Moment, Workspace};
use super::Rule;

/// Duplicate competitors, standings for competitors that do not exist, stage needs for
/// segments that do not exist, KPI numbers that are not numbers.
pub(super) fn integrity(ws: &Workspace, add: &mut dyn FnMut(Rule, ItemKey, String)) {
    let mut seen = HashSet::new();
    for c in &ws.competitors {
        if !seen.insert(c.id.as_str()) {
            add(
                Rule::DuplicateId,
                ItemKey::Competitor(c.id.clone()),
                format!("competitor id {} is used twice", c.id),
            );
        }
    }
    let segments: HashSet<&str> = ws.segments.iter().map(|g| g.id.as_str()).collect();
    for m in &ws.moments {
        for c in m.versus.keys() {
            if !seen.contains(c.as_str()) {
                add(
                    Rule::DanglingReference,
                    ItemKey::Moment(m.id.clone()),
                    format!(
                        "moment {} compares us with competitor {c}, which does not exist",
                        m.id
                    ),
                );
            }
        }
        for k in &m.kpis {
            let numbers = k.target.iter().chain(k.readings.iter().map(|r| &r.value));
            if let Some(bad) = numbers.into_iter().find(|v| !v.is_finite()) {
                add(
                    Rule::InvalidValue,
                    ItemKey::Moment(m.id.clone()),
                    format!(
                        "moment {}: KPI “{}” holds {bad}, not a number",
                        m.id, k.name
                    ),
                );
            }
        }
    }
    for s in &ws.stages {
        for g in s.needs.keys() {
            if !segments.contains(g.as_str()) {
                add(
                    Rule::DanglingReference,
                    ItemKey::Stage(s.id.clone()),
                    format!(
                        "stage {} names the needs of segment {g}, which does not exist",
                        s.id
                    ),
                );
            }
        }
    }
}

/// Off plan: behind the target and no better than the reading before. Behind a target is
/// where most plans start; behind and not recovering is what the room must hear.
fn off_plan(k: &Kpi) -> bool {
    k.status() == Some(PlanStatus::Behind) && k.trend().is_some_and(|change| change <= 0.0)
}

/// Whether a moment is failing: some segment rates it bad, or a KPI is off plan.
fn failing(m: &Moment) -> bool {
    m.worst_experience() == Some(Experience::Bad) || m.kpis.iter().any(off_plan)
}

/// Evidence, KPIs against plan, objectives and resources.
pub(super) fn rules(ws: &Workspace, add: &mut dyn FnMut(Rule, ItemKey, String)) {
    for m in &ws.moments {
        let key = || ItemKey::Moment(m.id.clone());
        let critical = !m.critical_for.is_empty();
        if critical
            && m.evidence == Some(Evidence::Assumed)
            && m.worst_experience() == Some(Experience::Bad)
        {
            add(
                Rule::AssumedFailing,
                key(),
                format!(
                    "moment {} “{}” is critical and rated bad on assumption only: validate it before investing",
                    m.id, m.title
                ),
            );
        }
        for k in &m.kpis {
            if k.readings.is_empty() {
                add(
                    Rule::KpiWithoutReading,
                    key(),
                    format!(
                        "moment {}: KPI “{}” has no reading yet, so nobody knows how it is doing",
                        m.id, k.name
                    ),
                );
            } else if off_plan(k) {
                add(
                    Rule::KpiOffPlan,
                    key(),
                    format!(
                        "moment {}: KPI “{}” is off plan and not recovering: {} against a target of {}",
                        m.id,
                        k.name,
                        k.latest_text(),
                        k.target_text()
                    ),
                );
            }
        }
    }
    for g in &ws.segments {
        if g.objective.is_none() {
            add(
                Rule::SegmentWithoutObjective,
                ItemKey::Segment(g.id.clone()),
                format!(
                    "segment {} ({}) has no objective: acquisition, retention, penetration or efficiency?",
                    g.id, g.name
                ),
            );
        }
    }
    for s in &ws.stages {
        if s.resources != Some(Level::Low) {
            continue;
        }
        let failing: Vec<&str> = ws
            .moments
            .iter()
            .filter(|m| m.stage == s.id && !m.critical_for.is_empty() && failing(m))
            .map(|m| m.id.as_str())
            .collect();
        if !failing.is_empty() {
            add(
                Rule::StageUnderResourced,
                ItemKey::Stage(s.id.clone()),
                format!(
                    "stage {} ({}) has low resources but critical moments failing: {}",
                    s.id,
                    s.name,
                    failing.join(", ")
                ),
            );
        }
    }
}
