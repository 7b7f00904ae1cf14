//! A synthetic workshop of any size for benchmarks and measurements: 8 stages, 6 silos,
//! 3 segments, moments spread evenly over the stages with titles of varied length,
//! owners (some with no or two Accountable), votes and experience. Deterministic per seed.
//! (A fuller generator lives in `moments::generate` on another branch; this one is local
//! so the bench does not depend on it.)

use moments::model::{
    Channel, CriticalFor, Experience, Moment, MomentId, Owner, Role, Segment, SegmentId, Silo,
    SiloId, Stage, StageId, Workspace,
};

const STAGES: [&str; 8] = [
    "Awareness",
    "Consideration",
    "Decision making",
    "Purchase",
    "Onboarding",
    "Consumption",
    "Renewal",
    "Win-back",
];
const SILOS: [(&str, &str); 6] = [
    ("SAL", "Sales"),
    ("SVC", "Customer Service"),
    ("BIL", "Billing"),
    ("MKT", "Marketing"),
    ("OPS", "Operations"),
    ("TEC", "Field Technicians"),
];
const WORDS: [&str; 24] = [
    "coverage",
    "check",
    "on",
    "the",
    "website",
    "installer",
    "visit",
    "first",
    "bill",
    "arrives",
    "router",
    "setup",
    "call",
    "centre",
    "queue",
    "price",
    "rise",
    "letter",
    "renewal",
    "reminder",
    "café",
    "crème",
    "日本語",
    "loyalty",
];

/// A small deterministic random number generator (xorshift), so runs compare.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// A workspace with `n` moments.
pub fn workspace(n: usize, seed: u64) -> Workspace {
    let mut rng = Rng(seed.max(1).wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let mut ws = Workspace {
        title: format!("Generated workshop: {n} moments"),
        ..Workspace::default()
    };
    ws.silos = SILOS
        .iter()
        .map(|(id, name)| Silo {
            id: SiloId::from(*id),
            name: (*name).into(),
            ..Silo::default()
        })
        .collect();
    ws.segments = ["Young families", "Home workers", "Small businesses"]
        .iter()
        .enumerate()
        .map(|(i, name)| Segment {
            id: SegmentId::numbered(i as u32 + 1),
            name: (*name).into(),
            ..Segment::default()
        })
        .collect();
    ws.stages = STAGES
        .iter()
        .enumerate()
        .map(|(i, name)| Stage {
            id: StageId::numbered(i as u32 + 1),
            name: (*name).into(),
            ..Stage::default()
        })
        .collect();
    // Moments in board order: stage by stage.
    let per_stage = n.div_ceil(STAGES.len()).max(1);
    for i in 0..n {
        let stage = (i / per_stage).min(STAGES.len() - 1);
        let words = 2 + rng.below(9);
        let mut title: Vec<&str> = (0..words).map(|_| WORDS[rng.below(WORDS.len())]).collect();
        title[0] = [
            "Coverage",
            "Installer",
            "First",
            "Router",
            "Price",
            "Renewal",
        ][rng.below(6)];
        let mut owners = Vec::new();
        let accountable = match rng.below(10) {
            0 => 0,
            1 => 2,
            _ => 1,
        };
        let mut silos: Vec<usize> = (0..SILOS.len()).collect();
        for k in 0..accountable + rng.below(3) {
            let s = silos.remove(rng.below(silos.len()));
            owners.push(Owner {
                silo: SiloId::from(SILOS[s].0),
                role: if k < accountable {
                    Role::Accountable
                } else {
                    Role::Responsible
                },
                person: String::new(),
            });
        }
        let mut experience = std::collections::BTreeMap::new();
        for g in &ws.segments {
            if rng.below(2) == 0 {
                experience.insert(g.id.clone(), Experience::ALL[rng.below(4)]);
            }
        }
        ws.moments.push(Moment {
            id: MomentId::numbered(i as u32 + 1),
            stage: ws.stages[stage].id.clone(),
            title: title.join(" "),
            channel: Some(Channel::ALL[rng.below(Channel::ALL.len())]),
            critical_for: CriticalFor::ALL
                .iter()
                .copied()
                .filter(|_| rng.below(3) == 0)
                .collect(),
            importance: Some(1 + rng.below(5) as u8),
            experience,
            owners,
            votes: rng.below(6) as u32,
            ..Moment::default()
        });
    }
    ws
}
