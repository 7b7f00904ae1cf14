//! The accountability linter: each rule fires on a small fixture, and none on a clean one.

use moments::model::{
    CriticalFor, Evidence, Experience, Finding, Handoff, ItemKey, Kpi, Level, Moment, Objective,
    Owner, Role, Rule, Segment, Severity, Silo, Stage, Workspace, check,
};

fn owner(silo: &str, role: Role) -> Owner {
    Owner {
        silo: silo.into(),
        role,
        person: String::new(),
    }
}

fn moment(id: &str, accountable: &str, responsible: &str) -> Moment {
    Moment {
        id: id.into(),
        stage: "S1".into(),
        title: format!("Moment {id}"),
        critical_for: vec![CriticalFor::Revenue],
        experience: [("G1".into(), Experience::Good)].into(),
        owners: vec![
            owner(accountable, Role::Accountable),
            owner(responsible, Role::Responsible),
        ],
        kpis: vec![Kpi::from_text("Conversion".into(), "10%", "12%")],
        ..Moment::default()
    }
}

/// Two silos sharing two moments in one stage, a handoff at a good moment: no findings.
fn clean() -> Workspace {
    Workspace {
        title: "Clean".into(),
        silos: vec![
            Silo {
                id: "SAL".into(),
                name: "Sales".into(),
                lead: String::new(),
            },
            Silo {
                id: "SVC".into(),
                name: "Service".into(),
                lead: String::new(),
            },
        ],
        segments: vec![Segment {
            id: "G1".into(),
            name: "Families".into(),
            objective: Some(Objective::Retention),
            ..Segment::default()
        }],
        stages: vec![Stage {
            id: "S1".into(),
            name: "Awareness".into(),
            ..Stage::default()
        }],
        moments: vec![moment("M1", "SAL", "SVC"), moment("M2", "SVC", "SAL")],
        handoffs: vec![Handoff {
            id: "H1".into(),
            moment: "M1".into(),
            from: "SAL".into(),
            to: "SVC".into(),
            what: "Order".into(),
            risk: None,
        }],
        ..Workspace::default()
    }
}

fn findings_of(ws: &Workspace, rule: Rule) -> Vec<Finding> {
    check(ws).into_iter().filter(|f| f.rule == rule).collect()
}

/// Asserts `rule` fires exactly once, on `item`, with the rule's severity, and returns
/// the message.
fn fires(ws: &Workspace, rule: Rule, item: ItemKey) -> String {
    let found = findings_of(ws, rule);
    assert_eq!(found.len(), 1, "{rule} fires once: {found:?}");
    assert_eq!(found[0].item, item, "{rule} names the item");
    assert_eq!(found[0].severity, rule.severity());
    found[0].message.clone()
}

#[test]
fn a_clean_workspace_has_no_findings() {
    assert_eq!(check(&clean()), vec![]);
}

#[test]
fn every_rule_fires_on_its_fixture() {
    let mut covered = Vec::new();
    let mut case = |rule: Rule, change: &dyn Fn(&mut Workspace), item: ItemKey, words: &[&str]| {
        let mut ws = clean();
        change(&mut ws);
        let message = fires(&ws, rule, item);
        for w in words {
            assert!(message.contains(w), "{rule}: “{message}” mentions {w}");
        }
        covered.push(rule);
    };

    case(
        Rule::DuplicateId,
        &|ws| ws.moments.push(moment("M1", "SAL", "SVC")),
        ItemKey::Moment("M1".into()),
        &["M1", "twice"],
    );
    case(
        Rule::DanglingReference,
        &|ws| ws.moments[1].stage = "S9".into(),
        ItemKey::Moment("M2".into()),
        &["M2", "S9"],
    );
    case(
        Rule::InvalidValue,
        &|ws| ws.moments[0].importance = Some(9),
        ItemKey::Moment("M1".into()),
        &["importance", "9"],
    );
    case(
        Rule::NoAccountable,
        &|ws| ws.moments[0].owners.retain(|o| o.role != Role::Accountable),
        ItemKey::Moment("M1".into()),
        &["M1", "no Accountable"],
    );
    case(
        Rule::SeveralAccountable,
        &|ws| ws.moments[0].owners[1].role = Role::Accountable,
        ItemKey::Moment("M1".into()),
        &["SAL", "SVC"],
    );
    case(
        Rule::NoResponsible,
        &|ws| ws.moments[0].owners.retain(|o| o.role != Role::Responsible),
        ItemKey::Moment("M1".into()),
        &["M1", "Responsible"],
    );
    case(
        Rule::SiloOwnsNothing,
        &|ws| {
            ws.silos.push(Silo {
                id: "BIL".into(),
                name: "Billing".into(),
                lead: String::new(),
            });
        },
        ItemKey::Silo("BIL".into()),
        &["BIL"],
    );
    case(
        Rule::SiloOwnsMost,
        &|ws| {
            ws.moments.push(moment("M3", "SAL", "SVC"));
            ws.moments.push(moment("M4", "SAL", "SVC"));
        },
        ItemKey::Silo("SAL".into()),
        &["SAL", "3 of 4"],
    );
    case(
        Rule::EmptyStage,
        &|ws| {
            ws.stages.push(Stage {
                id: "S2".into(),
                name: "Renewal".into(),
                ..Stage::default()
            });
        },
        ItemKey::Stage("S2".into()),
        &["S2", "Renewal"],
    );
    case(
        Rule::CriticalWithoutKpi,
        &|ws| ws.moments[0].kpis.clear(),
        ItemKey::Moment("M1".into()),
        &["M1", "driving revenue"],
    );
    case(
        Rule::PainfulHandoff,
        &|ws| {
            ws.moments[0]
                .experience
                .insert("G1".into(), Experience::Bad);
        },
        ItemKey::Handoff("H1".into()),
        &["H1", "SAL", "SVC", "G1"],
    );
    case(
        Rule::HandoffToItself,
        &|ws| ws.handoffs[0].to = "SAL".into(),
        ItemKey::Handoff("H1".into()),
        &["H1", "SAL", "itself"],
    );
    case(
        Rule::MergeConflict,
        &|ws| {
            ws.moments[0].notes =
                "<<<<<<< moments merge: title\ntheirs: Coverage checker\n>>>>>>> kept ours".into();
        },
        ItemKey::Moment("M1".into()),
        &["M1", "merge conflict", "title"],
    );
    case(
        Rule::AssumedFailing,
        &|ws| {
            ws.moments[1].evidence = Some(Evidence::Assumed);
            ws.moments[1]
                .experience
                .insert("G1".into(), Experience::Bad);
        },
        ItemKey::Moment("M2".into()),
        &["M2", "assumption", "validate"],
    );
    case(
        Rule::KpiWithoutReading,
        &|ws| ws.moments[0].kpis[0].readings.clear(),
        ItemKey::Moment("M1".into()),
        &["M1", "Conversion", "no reading"],
    );
    case(
        Rule::KpiOffPlan,
        &|ws| {
            let kpi = &mut ws.moments[0].kpis[0];
            kpi.readings[0].value = 9.0;
            kpi.readings.push(moments::model::Reading {
                date: Some(moments::model::Date::parse("2026-09-30").unwrap()),
                value: 8.0,
            });
        },
        ItemKey::Moment("M1".into()),
        &["M1", "Conversion", "8%", "10%"],
    );
    case(
        Rule::SegmentWithoutObjective,
        &|ws| ws.segments[0].objective = None,
        ItemKey::Segment("G1".into()),
        &["G1", "Families", "objective"],
    );
    case(
        Rule::StageUnderResourced,
        &|ws| {
            ws.stages[0].resources = Some(Level::Low);
            ws.moments[1]
                .experience
                .insert("G1".into(), Experience::Bad);
        },
        ItemKey::Stage("S1".into()),
        &["S1", "low resources", "M2"],
    );
    assert_eq!(covered, Rule::ALL.to_vec(), "every rule has a fixture");
}

#[test]
fn errors_come_first_and_severities_are_as_documented() {
    let mut ws = clean();
    ws.stages.push(Stage {
        id: "S2".into(),
        name: "Renewal".into(),
        ..Stage::default()
    });
    ws.moments[1].stage = "S9".into();
    let found = check(&ws);
    assert_eq!(found[0].severity, Severity::Error);
    assert!(found.windows(2).all(|w| w[0].severity <= w[1].severity));
    assert!(moments::model::check::has_errors(&found));
    assert_eq!(Rule::NoResponsible.severity(), Severity::Info);
    assert_eq!(Rule::PainfulHandoff.severity(), Severity::Warning);
    // A file with a handoff from a silo to itself still opens.
    assert_eq!(Rule::HandoffToItself.severity(), Severity::Warning);
}

#[test]
fn owns_most_needs_enough_moments_to_mean_something() {
    let mut ws = clean();
    ws.moments[1].owners = vec![
        owner("SAL", Role::Accountable),
        owner("SVC", Role::Responsible),
    ];
    // Two moments, both Accountable to SAL: too few to say ownership is not shared.
    assert!(findings_of(&ws, Rule::SiloOwnsMost).is_empty());
}

#[test]
fn format_2_references_and_numbers_are_integrity_errors() {
    let mut ws = clean();
    ws.moments[0]
        .versus
        .insert("C9".into(), moments::model::Standing::Ahead);
    ws.stages[0].needs.insert("G7".into(), "Speed".into());
    ws.moments[1].kpis[0].target = Some(f64::NAN);
    let found = moments::model::check::integrity(&ws);
    let messages: Vec<&str> = found.iter().map(|f| f.message.as_str()).collect();
    assert_eq!(found.len(), 3, "{messages:?}");
    assert!(found.iter().all(|f| f.severity == Severity::Error));
    assert!(messages[0].contains("competitor C9"), "{messages:?}");
    assert!(messages[1].contains("NaN"), "{messages:?}");
    assert!(messages[2].contains("segment G7"), "{messages:?}");
}
