//! The workspace as plain data: the shape of a format-2 file.
//!
//! Serde names are pinned with `rename`, so renaming a Rust type never breaks a file.
//! Fields equal to their default are left out of the file. No terminal, no I/O here.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::ids::{
    ActionId, AgendaId, CompetitorId, HandoffId, MomentId, SegmentId, SiloId, StageId,
};
use super::measure::Kpi;
use super::strategy::{Competitor, Evidence, Objective, Standing, Trigger, VoteResult};
// Parked ideas are defined with the other format-2 types; the workspace holds them.
pub use super::strategy::Parked;

/// The format version this build writes.
pub const CURRENT_FORMAT: u32 = 2;

fn is_default<T: Default + PartialEq>(value: &T) -> bool {
    *value == T::default()
}

/// One workshop's shared language: stages, moments of truth, who owns them, and the plan.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename = "Workspace", deny_unknown_fields)]
#[derive(schemars::JsonSchema)]
pub struct Workspace {
    pub format: u32,
    #[serde(default, skip_serializing_if = "is_default")]
    pub title: String,
    #[serde(default, skip_serializing_if = "is_default")]
    pub silos: Vec<Silo>,
    /// The organisations customers could choose instead, `C1`, `C2`…
    #[serde(default, skip_serializing_if = "is_default")]
    pub competitors: Vec<Competitor>,
    #[serde(default, skip_serializing_if = "is_default")]
    pub segments: Vec<Segment>,
    #[serde(default, skip_serializing_if = "is_default")]
    pub stages: Vec<Stage>,
    #[serde(default, skip_serializing_if = "is_default")]
    pub moments: Vec<Moment>,
    #[serde(default, skip_serializing_if = "is_default")]
    pub handoffs: Vec<Handoff>,
    #[serde(default, skip_serializing_if = "is_default")]
    pub propositions: Vec<Proposition>,
    #[serde(default, skip_serializing_if = "is_default")]
    pub glossary: Vec<Term>,
    #[serde(default, skip_serializing_if = "is_default")]
    pub actions: Vec<Action>,
    #[serde(default, skip_serializing_if = "is_default")]
    pub parking_lot: Vec<Parked>,
    /// The workshop's plan: items with planned minutes, run one after another.
    #[serde(default, skip_serializing_if = "is_default")]
    pub agenda: Vec<AgendaItem>,
    /// The dot-vote round in progress (or just revealed), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub voting: Option<VoteRound>,
    /// Every revealed round, oldest first: a new round never loses an old one's results.
    #[serde(default, skip_serializing_if = "is_default")]
    pub vote_rounds: Vec<VoteResult>,
    /// The highest number ever given to each kind of numbered id, kept only where it is
    /// above the highest id still present, so a deleted `M24` is never handed out again.
    #[serde(default, skip_serializing_if = "is_default")]
    pub retired_ids: BTreeMap<String, u32>,
}

impl Default for Workspace {
    fn default() -> Self {
        Self {
            format: CURRENT_FORMAT,
            title: String::new(),
            silos: Vec::new(),
            competitors: Vec::new(),
            segments: Vec::new(),
            stages: Vec::new(),
            moments: Vec::new(),
            handoffs: Vec::new(),
            propositions: Vec::new(),
            glossary: Vec::new(),
            actions: Vec::new(),
            parking_lot: Vec::new(),
            agenda: Vec::new(),
            voting: None,
            vote_rounds: Vec::new(),
            retired_ids: BTreeMap::new(),
        }
    }
}

/// A function or department, e.g. Sales (`SAL`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename = "Silo", deny_unknown_fields)]
#[derive(schemars::JsonSchema)]
pub struct Silo {
    pub id: SiloId,
    pub name: String,
    #[serde(default, skip_serializing_if = "is_default")]
    pub lead: String,
}

/// Low / medium / high, for value, complexity and risk.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename = "Level")]
#[derive(schemars::JsonSchema)]
pub enum Level {
    Low,
    Medium,
    High,
}

impl Level {
    pub const ALL: [Level; 3] = [Level::Low, Level::Medium, Level::High];

    pub fn label(self) -> &'static str {
        match self {
            Level::Low => "Low",
            Level::Medium => "Medium",
            Level::High => "High",
        }
    }
}

/// A customer group and what it is worth to the organisation.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename = "Segment", deny_unknown_fields)]
#[derive(schemars::JsonSchema)]
pub struct Segment {
    pub id: SegmentId,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Level>,
    #[serde(default, skip_serializing_if = "is_default")]
    pub behaviours: String,
    #[serde(default, skip_serializing_if = "is_default")]
    pub attitudes: String,
    #[serde(default, skip_serializing_if = "is_default")]
    pub needs: String,
    /// What the segment's plan is about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub objective: Option<Objective>,
    /// Its purchase cycle in words ("2-year contract"): cycle length varies by segment.
    #[serde(default, skip_serializing_if = "is_default")]
    pub cycle: String,
}

/// One step of the customer lifecycle, in the organisation's own words.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename = "Stage", deny_unknown_fields)]
#[derive(schemars::JsonSchema)]
pub struct Stage {
    pub id: StageId,
    pub name: String,
    /// What the customer is trying to achieve in this stage.
    #[serde(default, skip_serializing_if = "is_default")]
    pub goal: String,
    /// How we know a customer has entered the stage.
    #[serde(default, skip_serializing_if = "is_default")]
    pub entry_signals: Vec<String>,
    /// Typical duration, in words ("2 weeks").
    #[serde(default, skip_serializing_if = "is_default")]
    pub duration: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub complexity: Option<Level>,
    /// Whether customers go through this stage more than once.
    #[serde(default, skip_serializing_if = "is_default")]
    pub repeats: bool,
    /// The resources directed at this stage.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resources: Option<Level>,
    /// What each segment needs in this stage.
    #[serde(default, skip_serializing_if = "is_default")]
    pub needs: BTreeMap<SegmentId, String>,
    #[serde(default, skip_serializing_if = "is_default")]
    pub notes: String,
}

/// Where a moment happens.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename = "Channel")]
#[derive(schemars::JsonSchema)]
pub enum Channel {
    FaceToFace,
    Phone,
    Email,
    Letter,
    Web,
    App,
    Chat,
    Social,
    Store,
    Event,
    Marketing,
    Other,
}

impl Channel {
    pub const ALL: [Channel; 12] = [
        Channel::FaceToFace,
        Channel::Phone,
        Channel::Email,
        Channel::Letter,
        Channel::Web,
        Channel::App,
        Channel::Chat,
        Channel::Social,
        Channel::Store,
        Channel::Event,
        Channel::Marketing,
        Channel::Other,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Channel::FaceToFace => "Face to face",
            Channel::Phone => "Phone",
            Channel::Email => "Email",
            Channel::Letter => "Letter",
            Channel::Web => "Web",
            Channel::App => "App",
            Channel::Chat => "Chat",
            Channel::Social => "Social",
            Channel::Store => "Store",
            Channel::Event => "Event",
            Channel::Marketing => "Marketing material",
            Channel::Other => "Other",
        }
    }
}

/// Who starts the contact.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename = "Direction")]
#[derive(schemars::JsonSchema)]
pub enum Direction {
    Inbound,
    Outbound,
}

impl Direction {
    pub const ALL: [Direction; 2] = [Direction::Inbound, Direction::Outbound];

    pub fn label(self) -> &'static str {
        match self {
            Direction::Inbound => "Inbound",
            Direction::Outbound => "Outbound",
        }
    }
}

/// What a moment is critical for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename = "CriticalFor")]
#[derive(schemars::JsonSchema)]
pub enum CriticalFor {
    /// Driving revenue.
    Revenue,
    /// Forming the relationship.
    Relationship,
    /// Rescuing customers at risk.
    Rescue,
    /// Retaining and growing share of wallet.
    Retention,
}

impl CriticalFor {
    pub const ALL: [CriticalFor; 4] = [
        CriticalFor::Revenue,
        CriticalFor::Relationship,
        CriticalFor::Rescue,
        CriticalFor::Retention,
    ];

    pub fn label(self) -> &'static str {
        match self {
            CriticalFor::Revenue => "Driving revenue",
            CriticalFor::Relationship => "Forming the relationship",
            CriticalFor::Rescue => "Rescuing customers at risk",
            CriticalFor::Retention => "Retaining and growing share of wallet",
        }
    }

    /// One word, for narrow places.
    pub fn short_label(self) -> &'static str {
        match self {
            CriticalFor::Revenue => "Revenue",
            CriticalFor::Relationship => "Relationship",
            CriticalFor::Rescue => "Rescue",
            CriticalFor::Retention => "Retention",
        }
    }

    /// A one-character mark that reads without colour: `$` revenue, `♥` relationship,
    /// `!` rescue, `↻` retention.
    pub fn symbol(self) -> &'static str {
        match self {
            CriticalFor::Revenue => "$",
            CriticalFor::Relationship => "♥",
            CriticalFor::Rescue => "!",
            CriticalFor::Retention => "↻",
        }
    }
}

/// How a moment feels to a segment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename = "Experience")]
#[derive(schemars::JsonSchema)]
pub enum Experience {
    Bad,
    Neutral,
    Good,
    Unknown,
}

impl Experience {
    pub const ALL: [Experience; 4] = [
        Experience::Bad,
        Experience::Neutral,
        Experience::Good,
        Experience::Unknown,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Experience::Bad => "Bad",
            Experience::Neutral => "Neutral",
            Experience::Good => "Good",
            Experience::Unknown => "Unknown",
        }
    }

    /// A mark that reads without colour: `✗` bad, `~` neutral, `✓` good, `?` unknown.
    pub fn symbol(self) -> &'static str {
        match self {
            Experience::Bad => "✗",
            Experience::Neutral => "~",
            Experience::Good => "✓",
            Experience::Unknown => "?",
        }
    }

    /// Score on a 1–3 scale (bad 1, neutral 2, good 3); unknown has none.
    pub fn score(self) -> Option<u8> {
        match self {
            Experience::Bad => Some(1),
            Experience::Neutral => Some(2),
            Experience::Good => Some(3),
            Experience::Unknown => None,
        }
    }

    /// Orders experiences from worst to best, unknown last.
    pub fn severity_rank(self) -> u8 {
        match self {
            Experience::Bad => 0,
            Experience::Neutral => 1,
            Experience::Good => 2,
            Experience::Unknown => 3,
        }
    }
}

/// A RACI role.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename = "Role")]
#[derive(schemars::JsonSchema)]
pub enum Role {
    Responsible,
    Accountable,
    Consulted,
    Informed,
}

impl Role {
    pub const ALL: [Role; 4] = [
        Role::Accountable,
        Role::Responsible,
        Role::Consulted,
        Role::Informed,
    ];

    pub fn letter(self) -> char {
        match self {
            Role::Responsible => 'R',
            Role::Accountable => 'A',
            Role::Consulted => 'C',
            Role::Informed => 'I',
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Role::Responsible => "Responsible",
            Role::Accountable => "Accountable",
            Role::Consulted => "Consulted",
            Role::Informed => "Informed",
        }
    }
}

/// A silo's part in a moment.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename = "Owner", deny_unknown_fields)]
#[derive(schemars::JsonSchema)]
pub struct Owner {
    pub silo: SiloId,
    pub role: Role,
    /// A named person in the silo, when the room knows one.
    #[serde(default, skip_serializing_if = "is_default")]
    pub person: String,
}

/// Whether the room has agreed a moment.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename = "Status")]
#[derive(schemars::JsonSchema)]
pub enum Status {
    #[default]
    Proposed,
    Agreed,
}

fn is_true(value: &bool) -> bool {
    *value
}

fn yes() -> bool {
    true
}

/// A moment of truth: a touchpoint where the experience can delight or disappoint.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename = "Moment", deny_unknown_fields)]
#[derive(schemars::JsonSchema)]
pub struct Moment {
    pub id: MomentId,
    pub stage: StageId,
    pub title: String,
    #[serde(default, skip_serializing_if = "is_default")]
    pub description: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<Channel>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub direction: Option<Direction>,
    #[serde(default, skip_serializing_if = "is_default")]
    pub critical_for: Vec<CriticalFor>,
    /// Importance to the customer, 1 to 5.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub importance: Option<u8>,
    /// The experience today, per segment.
    #[serde(default, skip_serializing_if = "is_default")]
    pub experience: BTreeMap<SegmentId, Experience>,
    /// The experience we aim for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<Experience>,
    /// The customer need or emotion behind the moment.
    #[serde(default, skip_serializing_if = "is_default")]
    pub need: String,
    /// Whether we support this interaction today; one we do not is on the map too.
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub supported: bool,
    /// What starts it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trigger: Option<Trigger>,
    /// Where each competitor stands against us here.
    #[serde(default, skip_serializing_if = "is_default")]
    pub versus: BTreeMap<CompetitorId, Standing>,
    /// How we know the ratings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<Evidence>,
    /// Where the ratings come from ("Q3 NPS verbatims").
    #[serde(default, skip_serializing_if = "is_default")]
    pub sources: Vec<String>,
    #[serde(default, skip_serializing_if = "is_default")]
    pub owners: Vec<Owner>,
    /// What the people delivering it need: skills, training, information.
    #[serde(default, skip_serializing_if = "is_default")]
    pub people: String,
    /// The technology it runs on.
    #[serde(default, skip_serializing_if = "is_default")]
    pub systems: String,
    #[serde(default, skip_serializing_if = "is_default")]
    pub kpis: Vec<Kpi>,
    #[serde(default, skip_serializing_if = "is_default")]
    pub votes: u32,
    #[serde(default, skip_serializing_if = "is_default")]
    pub status: Status,
    #[serde(default, skip_serializing_if = "is_default")]
    pub notes: String,
}

impl Default for Moment {
    fn default() -> Self {
        Self {
            id: MomentId::default(),
            stage: StageId::default(),
            title: String::new(),
            description: String::new(),
            channel: None,
            direction: None,
            critical_for: Vec::new(),
            importance: None,
            experience: BTreeMap::new(),
            target: None,
            need: String::new(),
            supported: true,
            trigger: None,
            versus: BTreeMap::new(),
            evidence: None,
            sources: Vec::new(),
            owners: Vec::new(),
            people: String::new(),
            systems: String::new(),
            kpis: Vec::new(),
            votes: 0,
            status: Status::default(),
            notes: String::new(),
        }
    }
}

impl Moment {
    /// The silo accountable for the moment, when there is exactly one.
    pub fn accountable(&self) -> Option<&SiloId> {
        let mut accountable = self.owners.iter().filter(|o| o.role == Role::Accountable);
        let first = accountable.next()?;
        match accountable.next() {
            None => Some(&first.silo),
            Some(_) => None,
        }
    }

    pub fn accountable_count(&self) -> usize {
        self.owners
            .iter()
            .filter(|o| o.role == Role::Accountable)
            .count()
    }

    /// The worst experience across segments; `None` when nothing is rated.
    pub fn worst_experience(&self) -> Option<Experience> {
        self.experience
            .values()
            .copied()
            .min_by_key(|e| e.severity_rank())
    }
}

/// Work passing from one silo to another at a moment: where customers fall through.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename = "Handoff", deny_unknown_fields)]
#[derive(schemars::JsonSchema)]
pub struct Handoff {
    /// Given on load when a hand-written file leaves it out.
    #[serde(default, skip_serializing_if = "is_unset_handoff")]
    pub id: HandoffId,
    pub moment: MomentId,
    pub from: SiloId,
    pub to: SiloId,
    #[serde(default, skip_serializing_if = "is_default")]
    pub what: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub risk: Option<Level>,
}

fn is_unset_handoff(id: &HandoffId) -> bool {
    id.0.is_empty()
}

fn is_unset_action(id: &ActionId) -> bool {
    id.0.is_empty()
}

/// What we promise a segment, in the seven dimensions of a proposition.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename = "Proposition", deny_unknown_fields)]
#[derive(schemars::JsonSchema)]
pub struct Proposition {
    pub segment: SegmentId,
    #[serde(default, skip_serializing_if = "is_default")]
    pub price: String,
    #[serde(default, skip_serializing_if = "is_default")]
    pub brand: String,
    #[serde(default, skip_serializing_if = "is_default")]
    pub service: String,
    /// Transaction operations: how buying and paying work.
    #[serde(default, skip_serializing_if = "is_default")]
    pub operations: String,
    #[serde(default, skip_serializing_if = "is_default")]
    pub relationship: String,
    #[serde(default, skip_serializing_if = "is_default")]
    pub product: String,
    /// Service standards: right product, customer, time, channel, price.
    #[serde(default, skip_serializing_if = "is_default")]
    pub standards: String,
}

impl Proposition {
    /// The seven dimensions, as (label, text) in display order.
    pub fn dimensions(&self) -> [(&'static str, &str); 7] {
        [
            ("Price", &self.price),
            ("Brand", &self.brand),
            ("Service", &self.service),
            ("Transaction operations", &self.operations),
            ("Relationship", &self.relationship),
            ("Product", &self.product),
            ("Service standards", &self.standards),
        ]
    }
}

/// A glossary entry of the shared language.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename = "Term", deny_unknown_fields)]
#[derive(schemars::JsonSchema)]
pub struct Term {
    pub term: String,
    #[serde(default, skip_serializing_if = "is_default")]
    pub definition: String,
    /// What each silo calls it today.
    #[serde(default, skip_serializing_if = "is_default")]
    pub also_called: BTreeMap<SiloId, String>,
}

/// Where an action stands.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename = "ActionStatus")]
#[derive(schemars::JsonSchema)]
pub enum ActionStatus {
    #[default]
    Open,
    InProgress,
    Done,
    Dropped,
}

impl ActionStatus {
    pub const ALL: [ActionStatus; 4] = [
        ActionStatus::Open,
        ActionStatus::InProgress,
        ActionStatus::Done,
        ActionStatus::Dropped,
    ];

    pub fn label(self) -> &'static str {
        match self {
            ActionStatus::Open => "Open",
            ActionStatus::InProgress => "In progress",
            ActionStatus::Done => "Done",
            ActionStatus::Dropped => "Dropped",
        }
    }

    pub fn is_open(self) -> bool {
        matches!(self, ActionStatus::Open | ActionStatus::InProgress)
    }
}

/// An improvement to a moment in the operating plan.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename = "Action", deny_unknown_fields)]
#[derive(schemars::JsonSchema)]
pub struct Action {
    /// Given on load when a hand-written file leaves it out.
    #[serde(default, skip_serializing_if = "is_unset_action")]
    pub id: ActionId,
    pub moment: MomentId,
    pub what: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<SiloId>,
    /// Due date as `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "is_default")]
    pub due: String,
    #[serde(default, skip_serializing_if = "is_default")]
    pub status: ActionStatus,
    /// The work it takes, for the value–effort quadrant.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effort: Option<Level>,
}

fn is_unset_agenda(id: &AgendaId) -> bool {
    id.0.is_empty()
}

/// Declares the views the file can name, each once, with its label: the enum, `ALL` in
/// Tab order, and `label`. The interface's registry (`ui::views`) has one line per view
/// in the same order.
macro_rules! views {
    ($($view:ident => $label:literal,)+) => {
        /// A view of the app, in Tab order; an agenda item names one so the facilitator
        /// knows where to go.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(rename = "Screen")]
        #[derive(schemars::JsonSchema)]
        pub enum View {
            $($view,)+
        }

        impl View {
            pub const ALL: &'static [View] = &[$(View::$view,)+];

            pub fn label(self) -> &'static str {
                match self {
                    $(View::$view => $label,)+
                }
            }
        }
    };
}

views! {
    Board => "Board",
    Owners => "Owners",
    Seams => "Seams",
    Experience => "Experience",
    Priorities => "Priorities",
    Segments => "Segments",
    Language => "Language",
    Plan => "Plan",
    Measures => "Measures",
    Checks => "Checks",
    Parking => "Parking lot",
    Agenda => "Agenda",
    Outline => "Outline",
}

/// One item of the workshop's agenda. `started` and `finished` are seconds since the Unix
/// epoch, written when the facilitator moves through the agenda, so a restarted app or a
/// remote participant sees the same clock.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename = "AgendaItem", deny_unknown_fields)]
#[derive(schemars::JsonSchema)]
pub struct AgendaItem {
    /// Given on load when a hand-written file leaves it out.
    #[serde(default, skip_serializing_if = "is_unset_agenda")]
    pub id: AgendaId,
    pub title: String,
    /// Planned length in minutes.
    #[serde(default, skip_serializing_if = "is_default")]
    pub minutes: u32,
    /// The view the item is worked in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub view: Option<View>,
    /// The stage the item is about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stage: Option<StageId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub started: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finished: Option<u64>,
}

/// A round of dot voting: each voter has `budget` dots to place on moments; the tallies
/// stay hidden until the facilitator reveals them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename = "VoteRound", deny_unknown_fields)]
#[derive(schemars::JsonSchema)]
pub struct VoteRound {
    /// 1 for the first round of the workspace, then counting up.
    pub round: u32,
    /// Dots per voter.
    pub budget: u32,
    /// People in the room whose dots the facilitator records as the voter `room`.
    #[serde(default, skip_serializing_if = "is_default")]
    pub room: u32,
    #[serde(default, skip_serializing_if = "is_default")]
    pub revealed: bool,
    /// Dots placed, per voter and moment.
    #[serde(default, skip_serializing_if = "is_default")]
    pub dots: BTreeMap<String, BTreeMap<MomentId, u32>>,
}
