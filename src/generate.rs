//! Realistic workspaces of any size, for benchmarks and load tests: deterministic for a
//! seed, every reference valid, text in the room's words. Pure: no I/O, no randomness
//! from the environment.

use std::collections::BTreeMap;

use crate::model::{
    Action, ActionId, ActionStatus, Channel, CriticalFor, Direction, Experience, Handoff,
    HandoffId, Kpi, Level, Moment, MomentId, Owner, Proposition, Role, Segment, SegmentId, Silo,
    SiloId, Stage, StageId, Status, Term, Workspace,
};

/// A small, fast, deterministic generator (`SplitMix64`); good enough for test data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// True with probability `percent` / 100.
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn pick<'a, T>(&mut self, list: &'a [T]) -> &'a T {
        &list[self.below(list.len())]
    }
}

const SILOS: [(&str, &str, &str); 8] = [
    ("SAL", "Sales", "Ana Ruiz"),
    ("SVC", "Customer Service", "Tomás Berg"),
    ("BIL", "Billing", "Priya Natarajan"),
    ("MKT", "Marketing", "Jonas Weber"),
    ("OPS", "Field Operations", "Grace Okafor"),
    ("NET", "Network", "Lars Nilsson"),
    ("DIG", "Digital", "Mei Chen"),
    ("LEG", "Legal and Compliance", "Olu Adeyemi"),
];

const STAGE_NAMES: [&str; 10] = [
    "Awareness",
    "Choosing a plan",
    "Ordering",
    "Installation",
    "First 90 days",
    "Everyday use",
    "Support",
    "Moving home",
    "Renewal",
    "Win-back",
];

const VERBS: [&str; 16] = [
    "Confirming",
    "Explaining",
    "Rebooking",
    "Announcing",
    "Checking",
    "Offering",
    "Resolving",
    "Chasing",
    "Welcoming",
    "Reminding about",
    "Changing",
    "Cancelling",
    "Upgrading",
    "Reporting",
    "Paying",
    "Returning",
];

const OBJECTS: [&str; 16] = [
    "the install date",
    "the first bill",
    "a missed appointment",
    "a planned outage",
    "the line speed",
    "a better plan",
    "a fault",
    "an unpaid invoice",
    "a new customer",
    "the end of the term",
    "the payment date",
    "the contract",
    "the router",
    "a complaint",
    "by direct debit",
    "the equipment",
];

const NEEDS: [&str; 8] = [
    "Know what happens next",
    "Not have to chase anyone",
    "Be treated as a person, not a ticket",
    "Recognise the price I was sold",
    "Get it fixed the same day",
    "Feel someone is in charge",
    "Decide in my own time",
    "Hear it before I notice it",
];

const KPI_NAMES: [&str; 8] = [
    "Resolved in first contact",
    "Done within 48 hours",
    "Customers told in advance",
    "Complaints per 1,000 customers",
    "Conversion",
    "Repeat contacts within 7 days",
    "Satisfaction after the contact",
    "Customers kept",
];

const TERMS: [&str; 12] = [
    "Activation",
    "Install date",
    "Customer at risk",
    "Term end",
    "Fault",
    "Outage",
    "First bill",
    "Household",
    "Mover",
    "Upgrade",
    "Complaint",
    "Win-back",
];

const ALIASES: [&str; 8] = [
    "Go-live", "Ticket", "Job", "Case", "Lead", "Account", "Incident", "Order",
];

/// A workspace with `moments` moments, the same for the same `seed`: about one stage per
/// 150 moments (at least 4, at most 40), 8 silos, 3 segments, owners with one Accountable
/// (a few gaps, as real workshops have), KPIs on most critical moments, ratings per
/// segment, a handoff every 5 moments, an action every 8, propositions and a glossary.
pub fn workspace(moments: usize, seed: u64) -> Workspace {
    let mut rng = Rng(seed ^ 0x6D6F_6D65_6E74_7321);
    let mut ws = Workspace {
        title: format!("Generated workshop: {moments} moments (seed {seed})"),
        ..Workspace::default()
    };

    ws.silos = SILOS
        .iter()
        .map(|(id, name, lead)| Silo {
            id: SiloId::from(*id),
            name: (*name).to_owned(),
            lead: (*lead).to_owned(),
        })
        .collect();
    let silo_ids: Vec<SiloId> = ws.silos.iter().map(|s| s.id.clone()).collect();
    ws.competitors = ["Brightwave Broadband", "CityFibre Direct"]
        .iter()
        .enumerate()
        .map(|(i, name)| crate::model::Competitor {
            id: crate::model::CompetitorId::numbered(i as u32 + 1),
            name: (*name).to_owned(),
            notes: String::new(),
        })
        .collect();

    ws.segments = [
        (
            "Young families",
            Level::High,
            "Reliable evenings; one clear bill",
        ),
        (
            "Home workers",
            Level::High,
            "Guaranteed speed in working hours",
        ),
        (
            "Students and movers",
            Level::Low,
            "No tie-in; connected on moving day",
        ),
    ]
    .iter()
    .enumerate()
    .map(|(i, (name, value, needs))| Segment {
        id: SegmentId::numbered(i as u32 + 1),
        name: (*name).to_owned(),
        value: Some(*value),
        behaviours: "Compares offers online; calls when something goes wrong".to_owned(),
        attitudes: "Wants it to just work".to_owned(),
        needs: (*needs).to_owned(),
        objective: Some(crate::model::Objective::ALL[i % 4]),
        cycle: format!("{}-month contract", 12 + 6 * i),
    })
    .collect();
    let segment_ids: Vec<SegmentId> = ws.segments.iter().map(|s| s.id.clone()).collect();

    let stage_count = (moments / 150).clamp(4, 40);
    ws.stages = (0..stage_count)
        .map(|i| {
            let base = STAGE_NAMES[i % STAGE_NAMES.len()];
            let round = i / STAGE_NAMES.len();
            Stage {
                id: StageId::numbered(i as u32 + 1),
                name: if round == 0 {
                    base.to_owned()
                } else {
                    format!("{base} ({})", round + 1)
                },
                goal: format!("Get through {} without surprises", base.to_lowercase()),
                entry_signals: vec![
                    format!("Starts {}", base.to_lowercase()),
                    "Calls or writes to us".to_owned(),
                ],
                duration: format!("{} weeks", 1 + rng.below(8)),
                complexity: Some(*rng.pick(&Level::ALL)),
                repeats: rng.chance(30),
                resources: Some(*rng.pick(&Level::ALL)),
                ..Stage::default()
            }
        })
        .collect();

    ws.moments = (0..moments)
        .map(|i| {
            let stage = &ws.stages[i * stage_count / moments.max(1)];
            generate_moment(&mut rng, i as u32 + 1, stage, &silo_ids, &segment_ids)
        })
        .collect();

    ws.handoffs = (0..moments / 5)
        .map(|i| {
            let from = rng.below(silo_ids.len());
            let to = (from + 1 + rng.below(silo_ids.len() - 1)) % silo_ids.len();
            Handoff {
                id: HandoffId::numbered(i as u32 + 1),
                moment: MomentId::numbered(rng.below(moments) as u32 + 1),
                from: silo_ids[from].clone(),
                to: silo_ids[to].clone(),
                what: format!("{} details and what was promised", rng.pick(&OBJECTS)),
                risk: Some(*rng.pick(&Level::ALL)),
            }
        })
        .collect();

    ws.propositions = segment_ids
        .iter()
        .map(|g| Proposition {
            segment: g.clone(),
            price: "One monthly price, fixed for 24 months".to_owned(),
            brand: "The local network you can rely on".to_owned(),
            service: "A person on the phone when you need one".to_owned(),
            operations: "Order and pay online or by phone".to_owned(),
            relationship: "A welcome call and a yearly review".to_owned(),
            product: "Fibre with whole-home Wi-Fi".to_owned(),
            standards: "Install within 7 days\nBill explained before it arrives".to_owned(),
        })
        .collect();

    ws.glossary = TERMS
        .iter()
        .map(|term| Term {
            term: (*term).to_owned(),
            definition: format!("What we all mean by “{}”.", term.to_lowercase()),
            also_called: (0..1 + rng.below(3))
                .map(|_| (rng.pick(&silo_ids).clone(), rng.pick(&ALIASES).to_string()))
                .collect(),
        })
        .collect();

    if moments > 0 {
        ws.actions = (0..moments / 8)
            .map(|i| Action {
                id: ActionId::numbered(i as u32 + 1),
                moment: MomentId::numbered(rng.below(moments) as u32 + 1),
                what: format!("Fix {} for every segment", rng.pick(&OBJECTS)),
                owner: Some(rng.pick(&silo_ids).clone()),
                due: format!(
                    "{}-{:02}-{:02}",
                    2026 + rng.below(2),
                    1 + rng.below(12),
                    1 + rng.below(28)
                ),
                status: *rng.pick(&ActionStatus::ALL),
                effort: Some(*rng.pick(&Level::ALL)),
            })
            .collect();
    }
    ws.parking_lot = [
        "Loyalty discount policy",
        "Business customers: a separate workshop",
    ]
    .iter()
    .enumerate()
    .map(|(i, text)| crate::model::Parked {
        id: crate::model::ParkedId::numbered(i as u32 + 1),
        text: (*text).to_owned(),
    })
    .collect();
    // A half-day's agenda, one item per view the room works in.
    use crate::model::{AgendaItem, View};
    ws.agenda = [
        (View::Board, 30),
        (View::Owners, 20),
        (View::Seams, 20),
        (View::Experience, 20),
        (View::Priorities, 15),
        (View::Plan, 15),
    ]
    .into_iter()
    .enumerate()
    .map(|(i, (view, minutes))| AgendaItem {
        id: crate::model::AgendaId::numbered(i as u32 + 1),
        title: format!("Work through the {}", view.label()),
        minutes,
        view: Some(view),
        stage: None,
        started: None,
        finished: None,
    })
    .collect();
    ws
}

fn generate_moment(
    rng: &mut Rng,
    n: u32,
    stage: &Stage,
    silos: &[SiloId],
    segments: &[SegmentId],
) -> Moment {
    let critical_for: Vec<CriticalFor> = CriticalFor::ALL
        .iter()
        .copied()
        .filter(|_| rng.chance(25))
        .collect();
    let accountable = rng.below(silos.len());
    let mut owners = Vec::with_capacity(4);
    // About 1 in 25 moments has no Accountable, 1 in 40 two of them: real gaps to find.
    let gap = rng.below(1000);
    if gap >= 40 {
        owners.push(Owner {
            silo: silos[accountable].clone(),
            role: Role::Accountable,
            person: if rng.chance(20) {
                SILOS[accountable].2.to_owned()
            } else {
                String::new()
            },
        });
    }
    if gap < 65 {
        owners.push(Owner {
            silo: silos[(accountable + 3) % silos.len()].clone(),
            role: Role::Accountable,
            person: String::new(),
        });
    }
    for _ in 0..1 + rng.below(2) {
        owners.push(Owner {
            silo: rng.pick(silos).clone(),
            role: Role::Responsible,
            person: String::new(),
        });
    }
    if rng.chance(50) {
        owners.push(Owner {
            silo: rng.pick(silos).clone(),
            role: *rng.pick(&[Role::Consulted, Role::Informed]),
            person: String::new(),
        });
    }
    let kpis = if !critical_for.is_empty() && rng.chance(85) {
        (0..1 + rng.below(2))
            .map(|_| {
                // Three quarters of readings, drifting by up to 4 points a quarter.
                let mut value = (20 + rng.below(60)) as f64;
                let readings = ["2026-03-31", "2026-06-30", "2026-09-30"]
                    .iter()
                    .map(|date| {
                        value = (value + rng.below(9) as f64 - 4.0).max(0.0);
                        crate::model::Reading {
                            date: crate::model::Date::parse(date).ok(),
                            value,
                        }
                    })
                    .collect();
                Kpi {
                    name: rng.pick(&KPI_NAMES).to_string(),
                    unit: "%".to_owned(),
                    target: Some((60 + rng.below(40)) as f64),
                    readings,
                    ..Kpi::default()
                }
            })
            .collect()
    } else {
        Vec::new()
    };
    let experience: BTreeMap<SegmentId, Experience> = segments
        .iter()
        .map(|g| (g.clone(), *rng.pick(&Experience::ALL)))
        .collect();
    Moment {
        id: MomentId::numbered(n),
        stage: stage.id.clone(),
        title: format!("{} {}", rng.pick(&VERBS), rng.pick(&OBJECTS)),
        description: if rng.chance(40) {
            format!(
                "During {}, the customer and {} silos meet here; what happens next decides \
                 whether they stay.",
                stage.name.to_lowercase(),
                1 + rng.below(3)
            )
        } else {
            String::new()
        },
        channel: Some(*rng.pick(&Channel::ALL)),
        direction: Some(*rng.pick(&Direction::ALL)),
        critical_for,
        importance: Some(1 + rng.below(5) as u8),
        experience,
        target: Some(Experience::Good),
        need: rng.pick(&NEEDS).to_string(),
        owners,
        kpis,
        votes: if rng.chance(30) {
            rng.below(9) as u32
        } else {
            0
        },
        status: if rng.chance(80) {
            Status::Agreed
        } else {
            Status::Proposed
        },
        notes: if rng.chance(10) {
            "The room disagreed about who owns this.\nRevisit at the next session.".to_owned()
        } else {
            String::new()
        },
        supported: !rng.chance(5),
        evidence: Some(*rng.pick(&crate::model::Evidence::ALL)),
        versus: if rng.chance(40) {
            [(
                crate::model::CompetitorId::numbered(1 + rng.below(2) as u32),
                *rng.pick(&crate::model::Standing::ALL),
            )]
            .into()
        } else {
            BTreeMap::new()
        },
        ..Moment::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Severity, check};

    #[test]
    fn deterministic_and_sound() {
        for n in [0, 1, 100, 1000] {
            let a = workspace(n, 7);
            assert_eq!(a, workspace(n, 7));
            assert_eq!(a.moments.len(), n);
            assert!(
                check(&a).iter().all(|f| f.severity != Severity::Error),
                "{n} moments: {:?}",
                check(&a)
                    .into_iter()
                    .find(|f| f.severity == Severity::Error)
            );
        }
        assert_ne!(workspace(100, 1), workspace(100, 2));
        assert_eq!(workspace(10_000, 1).stages.len(), 40);
        assert_eq!(workspace(1_000, 1).stages.len(), 6);
    }
}
