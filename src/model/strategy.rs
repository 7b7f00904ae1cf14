//! What format 2 adds to the strategy around the moments: competitors and where they
//! stand against us, how we know a rating, what starts a moment, what a segment's plan is
//! about, and the record of revealed vote rounds.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::ids::{CompetitorId, MomentId, ParkedId};
use super::measure::Date;

fn is_default<T: Default + PartialEq>(value: &T) -> bool {
    *value == T::default()
}

/// Another organisation the customers could choose instead.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename = "Competitor", deny_unknown_fields)]
#[derive(schemars::JsonSchema)]
pub struct Competitor {
    pub id: CompetitorId,
    pub name: String,
    #[serde(default, skip_serializing_if = "is_default")]
    pub notes: String,
}

/// Where a competitor stands against us at a moment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename = "Standing")]
#[derive(schemars::JsonSchema)]
pub enum Standing {
    /// The competitor does this worse than we do.
    Behind,
    /// About as well as we do.
    Level,
    /// Better than we do: what competitors do better.
    Ahead,
}

impl Standing {
    pub const ALL: [Standing; 3] = [Standing::Behind, Standing::Level, Standing::Ahead];

    pub fn label(self) -> &'static str {
        match self {
            Standing::Behind => "Behind us",
            Standing::Level => "Level with us",
            Standing::Ahead => "Ahead of us",
        }
    }

    /// A mark that reads without colour: `▼` behind us, `=` level, `▲` ahead of us.
    pub fn symbol(self) -> &'static str {
        match self {
            Standing::Behind => "▼",
            Standing::Level => "=",
            Standing::Ahead => "▲",
        }
    }
}

/// How the room knows a moment's ratings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename = "Evidence")]
#[derive(schemars::JsonSchema)]
pub enum Evidence {
    /// The room's belief: validate before investing.
    Assumed,
    /// Customers or staff said so (verbatims, complaints, call notes).
    Reported,
    /// A measurement shows it.
    Measured,
}

impl Evidence {
    pub const ALL: [Evidence; 3] = [Evidence::Assumed, Evidence::Reported, Evidence::Measured];

    pub fn label(self) -> &'static str {
        match self {
            Evidence::Assumed => "Assumed",
            Evidence::Reported => "Reported",
            Evidence::Measured => "Measured",
        }
    }
}

/// What starts a moment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename = "Trigger")]
#[derive(schemars::JsonSchema)]
pub enum Trigger {
    /// Something happens to the customer (a move, a bill, a fault).
    Situation,
    /// The customer wants something.
    Need,
}

impl Trigger {
    pub const ALL: [Trigger; 2] = [Trigger::Situation, Trigger::Need];

    pub fn label(self) -> &'static str {
        match self {
            Trigger::Situation => "Situation",
            Trigger::Need => "Need",
        }
    }
}

/// What a segment's plan is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename = "Objective")]
#[derive(schemars::JsonSchema)]
pub enum Objective {
    /// Winning new customers.
    Acquisition,
    /// Keeping the customers we have.
    Retention,
    /// Selling more to the customers we have.
    Penetration,
    /// Serving them at lower cost.
    Efficiency,
}

impl Objective {
    pub const ALL: [Objective; 4] = [
        Objective::Acquisition,
        Objective::Retention,
        Objective::Penetration,
        Objective::Efficiency,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Objective::Acquisition => "Acquisition",
            Objective::Retention => "Retention",
            Objective::Penetration => "Penetration",
            Objective::Efficiency => "Efficiency",
        }
    }
}

/// A revealed dot-vote round as the file keeps it: when, how many dots each, how many
/// people voted, and the dots per moment. Tallies may name a moment deleted since: ids
/// are never reused, so the record stays true.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename = "VoteResult", deny_unknown_fields)]
#[derive(schemars::JsonSchema)]
pub struct VoteResult {
    pub round: u32,
    pub date: Date,
    /// Dots per voter.
    pub budget: u32,
    /// People who placed at least one dot (the room's head count for the room).
    #[serde(default, skip_serializing_if = "is_default")]
    pub voters: u32,
    /// Dots per moment, all voters together; moments with none are left out.
    #[serde(default, skip_serializing_if = "is_default")]
    pub tallies: BTreeMap<MomentId, u32>,
}

/// An idea parked for later, so the room can move on.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename = "Parked", deny_unknown_fields)]
#[derive(schemars::JsonSchema)]
pub struct Parked {
    /// Given on load when a hand-written file leaves it out.
    #[serde(default, skip_serializing_if = "is_unset_parked")]
    pub id: ParkedId,
    pub text: String,
}

/// A parked idea is, for comparing, the text it says: lists of them compare with lists of
/// texts.
impl PartialEq<&str> for Parked {
    fn eq(&self, other: &&str) -> bool {
        self.text == *other
    }
}

impl PartialEq<String> for Parked {
    fn eq(&self, other: &String) -> bool {
        self.text == *other
    }
}

fn is_unset_parked(id: &ParkedId) -> bool {
    id.0.is_empty()
}
