//! What the room's questions need computed from a workspace: silo seams, the experience
//! heatmap and priority scores. Pure functions, run when the document changes (never per
//! frame) and unit-tested on small fixtures.

use std::collections::{HashMap, HashSet};

use crate::model::{
    Experience, HandoffId, Level, Moment, MomentId, SegmentId, SiloId, StageId, Workspace,
};

/// Where work passes between silos: an explicit handoff, or a change of Accountable silo
/// between consecutive moments (within a stage or across a stage boundary).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Seam {
    /// The moment where the work arrives (the handoff's moment, or the later of the two).
    pub moment: MomentId,
    /// The moment before it, for derived seams.
    pub previous: Option<MomentId>,
    pub from: SiloId,
    pub to: SiloId,
    /// The recorded handoff, when there is one.
    pub handoff: Option<HandoffId>,
    /// What passes, as the recorded handoff says (empty for derived seams).
    pub what: String,
    /// Whether the seam crosses from one stage into the next.
    pub crosses_stage: bool,
    /// Segments that experience the seam's moment as bad.
    pub bad_for: Vec<SegmentId>,
    /// The worst experience at the seam's moment, over all segments.
    pub worst: Option<Experience>,
    pub risk: Option<Level>,
}

impl Seam {
    /// Why a derived seam is there, in the room's words: `SAL is Accountable for M1, SVC
    /// for M2`.
    pub fn derivation(&self) -> String {
        format!(
            "{} is Accountable for {}, {} for {}",
            self.from,
            self.previous
                .as_ref()
                .map_or("the moment before", |p| p.as_str()),
            self.to,
            self.moment
        )
    }

    /// Worst first: more segments hurt, then higher risk, then derived-and-unrecorded
    /// (nobody has even named the handoff).
    pub fn severity(&self) -> (usize, u8, bool) {
        let risk = match self.risk {
            Some(Level::High) => 3,
            Some(Level::Medium) => 2,
            Some(Level::Low) => 1,
            None => 0,
        };
        (self.bad_for.len(), risk, self.handoff.is_none())
    }
}

fn bad_for(m: &Moment) -> Vec<SegmentId> {
    m.experience
        .iter()
        .filter(|(_, e)| **e == Experience::Bad)
        .map(|(g, _)| g.clone())
        .collect()
}

/// Every seam, worst first.
pub fn seams(ws: &Workspace, by_stage: &HashMap<StageId, Vec<usize>>) -> Vec<Seam> {
    let mut out = Vec::new();
    let order: Vec<&Moment> = ws
        .stages
        .iter()
        .flat_map(|s| {
            by_stage
                .get(&s.id)
                .into_iter()
                .flatten()
                .map(|&i| &ws.moments[i])
        })
        .collect();
    let index: HashMap<&MomentId, &Moment> = ws.moments.iter().map(|m| (&m.id, m)).collect();
    let mut covered: HashSet<(&MomentId, &SiloId, &SiloId)> = HashSet::new();
    for h in &ws.handoffs {
        let Some(m) = index.get(&h.moment) else {
            continue;
        };
        covered.insert((&h.moment, &h.from, &h.to));
        out.push(Seam {
            moment: h.moment.clone(),
            previous: None,
            from: h.from.clone(),
            to: h.to.clone(),
            handoff: Some(h.id.clone()),
            what: h.what.clone(),
            crosses_stage: false,
            bad_for: bad_for(m),
            worst: m.worst_experience(),
            risk: h.risk,
        });
    }
    for pair in order.windows(2) {
        let (before, after) = (pair[0], pair[1]);
        let (Some(from), Some(to)) = (before.accountable(), after.accountable()) else {
            continue;
        };
        if from == to {
            continue;
        }
        let recorded =
            covered.contains(&(&after.id, from, to)) || covered.contains(&(&before.id, from, to));
        if recorded {
            continue;
        }
        out.push(Seam {
            moment: after.id.clone(),
            previous: Some(before.id.clone()),
            from: from.clone(),
            to: to.clone(),
            handoff: None,
            what: String::new(),
            crosses_stage: before.stage != after.stage,
            bad_for: bad_for(after),
            worst: after.worst_experience(),
            risk: None,
        });
    }
    out.sort_by_key(|s| std::cmp::Reverse(s.severity()));
    out
}

/// One cell of the experience heatmap: a segment's experience across a stage's moments.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Cell {
    pub bad: usize,
    pub neutral: usize,
    pub good: usize,
    /// Unknown or not rated for the segment.
    pub unknown: usize,
}

impl Cell {
    /// The worst rated experience, or unknown when nothing is rated.
    pub fn worst(&self) -> Experience {
        if self.bad > 0 {
            Experience::Bad
        } else if self.neutral > 0 {
            Experience::Neutral
        } else if self.good > 0 {
            Experience::Good
        } else {
            Experience::Unknown
        }
    }

    pub fn total(&self) -> usize {
        self.bad + self.neutral + self.good + self.unknown
    }
}

/// Segments × stages: `heatmap[segment][stage]`, in document order.
pub fn heatmap(ws: &Workspace, by_stage: &HashMap<StageId, Vec<usize>>) -> Vec<Vec<Cell>> {
    ws.segments
        .iter()
        .map(|g| {
            ws.stages
                .iter()
                .map(|s| {
                    let mut cell = Cell::default();
                    for &i in by_stage.get(&s.id).into_iter().flatten() {
                        match ws.moments[i].experience.get(&g.id) {
                            Some(Experience::Bad) => cell.bad += 1,
                            Some(Experience::Neutral) => cell.neutral += 1,
                            Some(Experience::Good) => cell.good += 1,
                            Some(Experience::Unknown) | None => cell.unknown += 1,
                        }
                    }
                    cell
                })
                .collect()
        })
        .collect()
}

/// A moment's priority, with its parts shown so the room can argue with it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Priority {
    pub moment: MomentId,
    /// 2 points per thing the moment is critical for.
    pub critical: u32,
    /// Importance to the customer × 2 (0 when not set).
    pub importance: u32,
    /// (target − worst experience today) × 4, on bad 1 / neutral 2 / good 3.
    pub gap: u32,
    /// One point per dot vote.
    pub votes: u32,
    /// 4 points when a competitor is ahead of us here.
    pub rival: u32,
    /// 4 points when a KPI of the moment is behind its plan.
    pub plan: u32,
    /// When short of target: 4 points on measured evidence, 2 on reported, none on
    /// assumption, so a gap we have measured ranks above one we suppose.
    pub proof: u32,
    /// Critical for something and bad for some segment today.
    pub failing: bool,
}

impl Priority {
    /// Each part of the score by name, in the order the docs explain them.
    pub fn parts(&self) -> [(&'static str, u32); 7] {
        [
            ("critical", self.critical),
            ("importance", self.importance),
            ("gap", self.gap),
            ("votes", self.votes),
            ("rival", self.rival),
            ("plan", self.plan),
            ("proof", self.proof),
        ]
    }

    pub fn total(&self) -> u32 {
        self.critical
            + self.importance
            + self.gap
            + self.votes
            + self.rival
            + self.plan
            + self.proof
    }
}

/// Points for a competitor ahead, a KPI behind plan, and measured or reported evidence.
pub const RIVAL_POINTS: u32 = 4;
pub const PLAN_POINTS: u32 = 4;

/// The score of one moment.
pub fn priority(m: &Moment) -> Priority {
    use crate::model::{Evidence, Standing};
    let worst = m.experience.values().filter_map(|e| e.score()).min();
    let target = m.target.and_then(Experience::score);
    let gap = match (target, worst) {
        (Some(t), Some(w)) => u32::from(t.saturating_sub(w)) * 4,
        _ => 0,
    };
    let rival = if m.versus.values().any(|s| *s == Standing::Ahead) {
        RIVAL_POINTS
    } else {
        0
    };
    let plan = if m.kpis.iter().any(|k| kpi_plan(k) == KpiPlan::Behind) {
        PLAN_POINTS
    } else {
        0
    };
    let proof = match (gap > 0, m.evidence) {
        (true, Some(Evidence::Measured)) => 4,
        (true, Some(Evidence::Reported)) => 2,
        _ => 0,
    };
    Priority {
        moment: m.id.clone(),
        critical: m.critical_for.len() as u32 * 2,
        importance: m.importance.map_or(0, |i| u32::from(i.min(5)) * 2),
        gap,
        votes: m.votes,
        rival,
        plan,
        proof,
        failing: !m.critical_for.is_empty() && worst == Some(1),
    }
}

/// Every moment's priority, highest first (ties keep board order).
pub fn priorities(ws: &Workspace) -> Vec<Priority> {
    let mut out: Vec<Priority> = ws.moments.iter().map(priority).collect();
    out.sort_by_key(|p| std::cmp::Reverse(p.total()));
    out
}

/// Where a KPI stands: the model's plan status of its latest reading against its
/// target (`Kpi::status`), or why there is none.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum KpiPlan {
    /// Worse than the target: off plan.
    Behind,
    /// At the target.
    OnPlan,
    /// Better than the target.
    Ahead,
    /// Nothing measured yet.
    NoReading,
    /// Measured, but no target to hold it against.
    NoTarget,
}

impl KpiPlan {
    /// Behind its plan: what the off-plan filter and the priorities look for.
    pub fn is_off_plan(self) -> bool {
        self == KpiPlan::Behind
    }
}

/// Where `k` stands against its plan.
pub fn kpi_plan(k: &crate::model::Kpi) -> KpiPlan {
    use crate::model::PlanStatus;
    if k.readings.is_empty() {
        return KpiPlan::NoReading;
    }
    match k.status() {
        Some(PlanStatus::Behind) => KpiPlan::Behind,
        Some(PlanStatus::OnPlan) => KpiPlan::OnPlan,
        Some(PlanStatus::Ahead) => KpiPlan::Ahead,
        None => KpiPlan::NoTarget,
    }
}

/// Whether an open action is past its due date (`today` as `YYYY-MM-DD`).
pub fn overdue(a: &crate::model::Action, today: &str) -> bool {
    a.status.is_open() && !a.due.is_empty() && a.due.as_str() < today
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CriticalFor, Handoff, Owner, Role, Stage};
    use std::collections::BTreeMap;

    fn moment(id: &str, stage: &str, accountable: &str) -> Moment {
        Moment {
            id: id.into(),
            stage: stage.into(),
            title: id.into(),
            owners: vec![Owner {
                silo: accountable.into(),
                role: Role::Accountable,
                person: String::new(),
            }],
            ..Moment::default()
        }
    }

    fn index(ws: &Workspace) -> HashMap<StageId, Vec<usize>> {
        let mut map: HashMap<StageId, Vec<usize>> = HashMap::new();
        for (i, m) in ws.moments.iter().enumerate() {
            map.entry(m.stage.clone()).or_default().push(i);
        }
        map
    }

    fn fixture() -> Workspace {
        let mut ws = Workspace::default();
        for id in ["S1", "S2"] {
            ws.stages.push(Stage {
                id: id.into(),
                name: id.into(),
                ..Stage::default()
            });
        }
        ws.moments = vec![
            moment("M1", "S1", "SAL"),
            moment("M2", "S1", "SAL"),
            moment("M3", "S1", "SVC"),
            moment("M4", "S2", "BIL"),
        ];
        ws
    }

    #[test]
    fn derived_seams_within_and_across_stages() {
        let ws = fixture();
        let seams = seams(&ws, &index(&ws));
        let pairs: Vec<(&str, &str, bool)> = seams
            .iter()
            .map(|s| (s.from.as_str(), s.to.as_str(), s.crosses_stage))
            .collect();
        assert_eq!(pairs.len(), 2);
        assert!(pairs.contains(&("SAL", "SVC", false)));
        assert!(pairs.contains(&("SVC", "BIL", true)));
    }

    #[test]
    fn an_explicit_handoff_replaces_the_derived_seam_and_bad_seams_come_first() {
        let mut ws = fixture();
        ws.handoffs.push(Handoff {
            id: "H1".into(),
            moment: "M3".into(),
            from: "SAL".into(),
            to: "SVC".into(),
            what: "Order".into(),
            risk: Some(Level::High),
        });
        ws.moments[3].experience = BTreeMap::from([("G1".into(), Experience::Bad)]);
        let seams = seams(&ws, &index(&ws));
        assert_eq!(seams.len(), 2);
        assert_eq!(
            seams[0].moment.as_str(),
            "M4",
            "the seam that hurts a segment leads"
        );
        assert_eq!(
            seams[1]
                .handoff
                .as_ref()
                .map(super::super::model::ids::HandoffId::as_str),
            Some("H1")
        );
    }

    #[test]
    fn heatmap_counts_and_worst() {
        let mut ws = fixture();
        ws.segments.push(crate::model::Segment {
            id: "G1".into(),
            name: "Families".into(),
            ..Default::default()
        });
        ws.moments[0]
            .experience
            .insert("G1".into(), Experience::Good);
        ws.moments[1]
            .experience
            .insert("G1".into(), Experience::Bad);
        let map = heatmap(&ws, &index(&ws));
        let cell = map[0][0];
        assert_eq!(
            (cell.bad, cell.neutral, cell.good, cell.unknown),
            (1, 0, 1, 1)
        );
        assert_eq!(cell.worst(), Experience::Bad);
        assert_eq!(map[0][1].worst(), Experience::Unknown);
    }

    #[test]
    fn priority_parts_add_up() {
        let mut m = moment("M1", "S1", "SAL");
        m.critical_for = vec![CriticalFor::Revenue, CriticalFor::Rescue];
        m.importance = Some(4);
        m.experience.insert("G1".into(), Experience::Bad);
        m.experience.insert("G2".into(), Experience::Good);
        m.target = Some(Experience::Good);
        m.votes = 3;
        let p = priority(&m);
        assert_eq!((p.critical, p.importance, p.gap, p.votes), (4, 8, 8, 3));
        let parts: u32 = p.parts().iter().map(|(_, points)| points).sum();
        assert_eq!(parts, p.total(), "the parts shown add up to the score");
        assert_eq!(p.total(), 23);
        assert!(p.failing);
        let plain = priority(&moment("M2", "S1", "SAL"));
        assert_eq!(plain.total(), 0);
        assert!(!plain.failing);
    }
}
