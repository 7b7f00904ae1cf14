//! Starter templates and the demo workshop, embedded in the binary from `assets/`.

use crate::model::Workspace;
use crate::persist::{LoadError, from_ron};

/// A starting point for a new workspace.
#[derive(Clone, Copy, Debug)]
pub struct Template {
    pub name: &'static str,
    pub description: &'static str,
    pub text: &'static str,
}

/// Every template, in the order `moments templates` lists them.
pub const TEMPLATES: &[Template] = &[
    Template {
        name: "blank",
        description: "an empty workspace: name your own stages",
        text: include_str!("../assets/templates/blank.ron"),
    },
    Template {
        name: "purchase-cycle",
        description: "awareness, decision making, purchase, consumption",
        text: include_str!("../assets/templates/purchase-cycle.ron"),
    },
    Template {
        name: "subscription",
        description: "adds onboarding, renewal (with a reminder before the term ends) and win-back",
        text: include_str!("../assets/templates/subscription.ron"),
    },
    Template {
        name: "demo",
        description: "a complete workshop of a fictional broadband company, to explore",
        text: DEMO,
    },
];

/// The demo workshop: Northwind Broadband's onboarding and retention workshop.
pub const DEMO: &str = include_str!("../assets/demo.ron");

/// The template used when none is named.
pub const DEFAULT_TEMPLATE: &str = "purchase-cycle";

/// Finds a template by name.
pub fn find(name: &str) -> Option<&'static Template> {
    TEMPLATES.iter().find(|t| t.name == name)
}

impl Template {
    /// The template as a fresh workspace.
    #[allow(clippy::result_large_err)] // see `persist`: a cold path
    pub fn workspace(&self) -> Result<Workspace, LoadError> {
        from_ron(self.text)
    }
}

/// The demo as a workspace.
pub fn demo() -> Workspace {
    from_ron(DEMO).expect("the embedded demo loads")
}

/// Names of all templates, for messages ("expected one of …").
pub fn names() -> Vec<&'static str> {
    TEMPLATES.iter().map(|t| t.name).collect()
}
