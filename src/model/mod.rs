//! The document model: pure data and rules. Knows nothing of terminals or files.

pub mod check;
pub mod edit;
pub mod facilitation;
pub mod history;
pub mod ids;
pub mod measure;
pub mod strategy;
pub mod text;
pub mod workspace;

pub use check::{Finding, Rule, Severity, check};
pub use edit::{Edit, EditError, Item, ItemKey};
pub use history::{History, Step};
pub use ids::{
    ActionId, AgendaId, CompetitorId, HandoffId, MomentId, ParkedId, SegmentId, SiloId, StageId,
};
pub use measure::{Better, Date, Kpi, PlanStatus, Reading};
pub use strategy::{Competitor, Evidence, Objective, Parked, Standing, Trigger, VoteResult};
pub use workspace::*;
