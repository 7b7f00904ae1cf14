//! The demo workshop: written exactly as `moments` writes, and realistic findings only.

mod common;

use moments::model::{ItemKey, Rule, check};
use moments::persist::{from_ron, to_ron};

#[test]
fn demo_is_written_exactly_as_moments_writes() {
    let text = moments::templates::DEMO;
    let ws = from_ron(text).expect("the demo loads");
    assert_eq!(
        to_ron(&ws),
        text,
        "load + save must reproduce assets/demo.ron"
    );
}

#[test]
fn demo_is_a_complete_workshop() {
    let ws = common::demo();
    assert!(ws.stages.len() >= 7);
    assert!(ws.silos.len() >= 6);
    assert_eq!(ws.segments.len(), 3);
    assert!(ws.moments.len() >= 24);
    assert!(ws.handoffs.len() >= 5);
    assert_eq!(ws.propositions.len(), 3);
    assert!(ws.glossary.len() >= 8);
    assert!(ws.actions.len() >= 6);
    assert_eq!(ws.parking_lot.len(), 3);
    // Format 2: two competitors, objectives, evidence, and readings over three quarters.
    assert_eq!(ws.competitors.len(), 2);
    assert!(ws.segments.iter().all(|g| g.objective.is_some()));
    assert!(ws.moments.iter().any(|m| !m.supported));
    assert!(ws.moments.iter().filter(|m| !m.versus.is_empty()).count() >= 5);
    for m in ws.moments.iter().filter(|m| !m.kpis.is_empty()) {
        assert!(m.evidence.is_some(), "{} says how we know", m.id);
        for k in &m.kpis {
            let dates: Vec<_> = k.readings.iter().filter_map(|r| r.date.clone()).collect();
            assert_eq!(dates.len(), 3, "{}: three quarters of readings", k.name);
        }
    }
    for stage in &ws.stages {
        assert!(
            ws.moments.iter().any(|m| m.stage == stage.id),
            "stage {} has moments",
            stage.id
        );
    }
    for p in &ws.propositions {
        assert!(p.dimensions().iter().all(|(_, text)| !text.is_empty()));
    }
}

#[test]
fn demo_has_exactly_the_deliberate_findings() {
    let found: Vec<(Rule, ItemKey)> = check(&common::demo())
        .into_iter()
        .map(|f| (f.rule, f.item))
        .collect();
    assert_eq!(
        found,
        vec![
            (Rule::NoAccountable, ItemKey::Moment("M11".into())),
            (Rule::SeveralAccountable, ItemKey::Moment("M14".into())),
            (Rule::CriticalWithoutKpi, ItemKey::Moment("M20".into())),
            (Rule::PainfulHandoff, ItemKey::Handoff("H1".into())),
            (Rule::AssumedFailing, ItemKey::Moment("M8".into())),
            (Rule::KpiOffPlan, ItemKey::Moment("M11".into())),
            (Rule::KpiOffPlan, ItemKey::Moment("M21".into())),
            (Rule::StageUnderResourced, ItemKey::Stage("S4".into())),
        ]
    );
}
