//! RON format 1: the DESIGN.md example loads, save→load gives the same document, and
//! load→save reproduces a file byte for byte, whatever the text holds.

mod common;

use std::collections::BTreeMap;

use moments::model::{
    Action, ActionStatus, AgendaItem, Channel, CriticalFor, Direction, Experience, Handoff, Kpi,
    Level, Moment, MomentId, Owner, Parked, ParkedId, Proposition, Role, Segment, SegmentId, Silo,
    SiloId, Stage, StageId, Status, Term, View, VoteRound, Workspace,
};
use moments::persist::{LoadError, LoadErrorKind, file, from_ron, to_ron};
use proptest::prelude::*;

#[test]
fn the_design_example_loads() {
    let path = common::fixture_file("design-example.ron");
    let (ws, _) = file::read_checked(&path).expect("the DESIGN.md example loads");
    assert_eq!(ws.title, "Northwind Broadband: onboarding workshop");
    assert_eq!(ws.silos[0].lead, "Ana Ruiz");
    assert_eq!(
        ws.moments[0].experience[&SegmentId::from("G1")],
        Experience::Neutral
    );
    assert_eq!(ws.moments[0].owners[1].role, Role::Consulted);
    assert_eq!(ws.handoffs[0].id.as_str(), "H1", "ids are given on load");
    assert_eq!(ws.actions[0].id.as_str(), "A1");
    assert_eq!(ws.actions[0].due, "2027-01-31");
    assert_eq!(ws.parking_lot, ["Loyalty discount policy"]);
    // And once saved, it stays as saved.
    let text = to_ron(&ws);
    assert_eq!(to_ron(&from_ron(&text).unwrap()), text);
}

#[test]
fn a_hand_written_format_2_file_in_the_issue_shape_loads() {
    use moments::model::{Better, Evidence, Level, Objective, PlanStatus, Standing, Trigger};
    let path = common::fixture_file("format-2-example.ron");
    let (ws, _) = file::read_checked(&path).expect("the format-2 example loads");
    assert_eq!(ws.competitors[0].name, "Brightwave Energy");
    assert_eq!(ws.segments[0].objective, Some(Objective::Retention));
    assert_eq!(ws.segments[0].cycle, "2-year contract");
    assert_eq!(ws.stages[0].resources, Some(Level::Low));
    assert_eq!(ws.stages[0].needs.len(), 1);
    let m = &ws.moments[0];
    assert!(!m.supported);
    assert_eq!(m.trigger, Some(Trigger::Situation));
    assert_eq!(m.versus["C1"], Standing::Ahead);
    assert_eq!(m.evidence, Some(Evidence::Reported));
    assert_eq!(m.sources, ["Q3 NPS verbatims", "call logs"]);
    let kpi = &m.kpis[0];
    assert_eq!((kpi.better, kpi.target), (Better::Higher, Some(70.0)));
    assert_eq!(kpi.latest().unwrap().value, 52.0);
    assert_eq!(kpi.status(), Some(PlanStatus::Behind));
    assert_eq!(ws.actions[0].effort, Some(Level::Medium));
    assert_eq!(ws.parking_lot[0].id.as_str(), "P1");
    assert_eq!(ws.agenda[0].id.as_str(), "AG1");
    assert_eq!(ws.vote_rounds[0].tallies["M1"], 9);
    // Saved, it keeps everything, and stays as saved.
    let text = to_ron(&ws);
    let again = from_ron(&text).unwrap();
    assert_eq!(again, ws);
    assert_eq!(to_ron(&again), text);
}

#[test]
fn the_written_shape_matches_the_design() {
    let text = to_ron(&common::demo());
    assert!(text.starts_with("Workspace(\n    format: 2,\n"));
    assert!(text.ends_with(")\n") && !text.ends_with("\n\n"));
    assert!(!text.contains('\r'));
    assert!(
        text.contains(
            "owners: [Owner(silo: \"MKT\", role: Accountable, person: \"Jonas Weber\"), "
        )
    );
    assert!(text.contains("experience: {\"G1\": Neutral, \"G2\": Good, \"G3\": Neutral},"));
    // Defaults are left out: no empty lists, no zero votes, no `Proposed`, no `None`.
    for absent in [
        "[]",
        "votes: 0",
        "Proposed",
        "None",
        "Some(",
        "repeats: false",
    ] {
        assert!(!text.contains(absent), "{absent} is left out");
    }
}

/// The demo, the templates, a generated workshop, and one with every field empty.
fn real_workspaces() -> Vec<Workspace> {
    let mut samples = vec![common::demo(), Workspace::default()];
    samples.extend(
        moments::templates::TEMPLATES
            .iter()
            .map(|t| t.workspace().unwrap()),
    );
    samples.push(moments::generate::workspace(300, 9));
    let mut old = common::demo();
    old.format = 0;
    samples.push(old);
    samples.push(every_field_empty());
    samples.push(tricky_text());
    samples
}

/// One of everything, each with every field left at its default.
fn every_field_empty() -> Workspace {
    let mut empty_fields = Workspace::default();
    empty_fields.silos.push(Silo::default());
    empty_fields.segments.push(Segment::default());
    empty_fields.stages.push(Stage::default());
    empty_fields.moments.push(Moment::default());
    empty_fields.propositions.push(Proposition::default());
    empty_fields.glossary.push(Term::default());
    empty_fields.parking_lot.push(Parked::default());
    empty_fields
        .agenda
        .push(moments::model::AgendaItem::default());
    empty_fields.voting = Some(moments::model::VoteRound::default());
    empty_fields.retired_ids.insert("M".into(), 0);
    empty_fields.handoffs.push(Handoff {
        id: Default::default(),
        moment: Default::default(),
        from: Default::default(),
        to: Default::default(),
        what: String::new(),
        risk: None,
    });
    empty_fields.actions.push(Action {
        id: Default::default(),
        moment: Default::default(),
        what: String::new(),
        owner: Some(Default::default()),
        due: String::new(),
        status: ActionStatus::Done,
        effort: None,
    });
    empty_fields.moments[0].owners.push(Owner {
        silo: Default::default(),
        role: Role::Informed,
        person: String::new(),
    });
    empty_fields.moments[0].kpis.push(Kpi::default());
    empty_fields.moments[0].votes = 1;
    empty_fields
}

/// Everything that has tripped serialisers (the pieces of [`text`]) in every kind of text
/// field, one piece at a time and all together.
fn tricky_text() -> Workspace {
    let all = PIECES.concat();
    let mut texts: Vec<String> = PIECES.iter().map(|p| (*p).to_owned()).collect();
    texts.push(all.clone());
    let silo: SiloId = "SAL".into();
    let segment = SegmentId::numbered(1);
    let stage = StageId::numbered(1);
    let mut ws = Workspace {
        title: all.clone(),
        silos: vec![Silo {
            id: silo.clone(),
            name: all.clone(),
            lead: "Zoë \"Z\" O'Neil".into(),
        }],
        segments: vec![Segment {
            id: segment.clone(),
            name: "中文 😀".into(),
            value: Some(Level::Medium),
            behaviours: all.clone(),
            attitudes: "r#\"raw\"#".into(),
            needs: "line\nbreak\r\n\ttab".into(),
            ..Segment::default()
        }],
        stages: vec![Stage {
            id: stage.clone(),
            name: "👩‍👩‍👧".into(),
            entry_signals: texts.clone(),
            repeats: true,
            ..Stage::default()
        }],
        parking_lot: texts
            .iter()
            .enumerate()
            .map(|(i, t)| Parked {
                id: ParkedId::numbered(i as u32 + 1),
                text: t.clone(),
            })
            .collect(),
        ..Workspace::default()
    };
    ws.moments = texts
        .iter()
        .enumerate()
        .map(|(i, t)| Moment {
            id: MomentId::numbered(i as u32 + 1),
            stage: stage.clone(),
            title: t.clone(),
            notes: format!("{t}{t}"),
            channel: Some(Channel::ALL[i % Channel::ALL.len()]),
            experience: [(segment.clone(), Experience::ALL[i % 4])].into(),
            kpis: vec![Kpi {
                name: t.clone(),
                notes: all.clone(),
                ..Kpi::default()
            }],
            ..Moment::default()
        })
        .collect();
    ws.glossary = texts
        .iter()
        .enumerate()
        .map(|(i, t)| Term {
            term: format!("{t}{i}"),
            definition: t.clone(),
            also_called: [(silo.clone(), t.clone())].into(),
        })
        .collect();
    ws.agenda = View::ALL
        .iter()
        .map(|&view| AgendaItem {
            title: all.clone(),
            minutes: 5,
            view: Some(view),
            ..AgendaItem::default()
        })
        .collect();
    ws.voting = Some(VoteRound {
        round: 1,
        budget: 3,
        dots: texts
            .iter()
            .map(|t| (t.clone(), [(MomentId::numbered(1), 1)].into()))
            .collect(),
        ..VoteRound::default()
    });
    ws
}

/// Format-1 files, frozen here: `moments` wrote them before `ron` did all the writing (by
/// the hand-written format-1 writer of commit 0e6225a). They must keep loading, and each
/// saves, migrated, exactly as `saved/format-2/from-1/NAME` (the migration's golden
/// files). (`every-field-empty.ron` is only a save: its handoff and action have no id,
/// which loading gives them.)
const SAVED: &[&str] = &[
    "demo.ron",
    "blank.ron",
    "purchase-cycle.ron",
    "subscription.ron",
    "generated-40.ron",
    "tricky-text.ron",
];

fn saved(name: &str) -> String {
    let path = common::fixture_file(&format!("saved/{name}"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Compares `text` with a golden file under `tests/fixtures/saved/`; a missing golden file
/// is written and the test fails, so a new one is always read by a person before it counts.
fn assert_golden(name: &str, text: &str) {
    let path = common::fixture_file(&format!("saved/{name}"));
    if let Ok(golden) = std::fs::read_to_string(&path) {
        assert_eq!(text, golden, "{name}");
    } else {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        panic!(
            "{} was missing: written; read it, then run again",
            path.display()
        );
    }
}

#[test]
fn format_1_files_load_and_save_as_format_2() {
    for name in SAVED {
        let text = saved(name);
        assert!(text.contains("format: 1,"), "{name} is a format-1 file");
        let ws = from_ron(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        let migrated = to_ron(&ws);
        assert_golden(&format!("format-2/from-1/{name}"), &migrated);
        // Once migrated, the file loads and saves byte for byte.
        let again = from_ron(&migrated).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(again, ws, "{name}");
        assert_eq!(to_ron(&again), migrated, "{name}");
    }
}

#[test]
fn save_writes_what_it_wrote_before() {
    assert_golden(
        "format-2/every-field-empty.ron",
        &to_ron(&every_field_empty()),
    );
    assert_golden("format-2/tricky-text.ron", &to_ron(&tricky_text()));
    // Whatever number a workspace carries, it is saved as the current format.
    let mut old = common::demo();
    old.format = 0;
    assert_eq!(to_ron(&old), to_ron(&common::demo()));
}

#[test]
fn real_workspaces_save_load_and_save_again_unchanged() {
    for mut ws in real_workspaces() {
        // Loading gives ids to handoffs and actions without one; give them first.
        ws.assign_missing_ids();
        let text = to_ron(&ws);
        let loaded = from_ron(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
        assert_eq!(to_ron(&loaded), text, "{}", ws.title);
        ws.format = loaded.format;
        assert_eq!(loaded, ws);
    }
    // The files in assets/, as shipped, are what `moments` writes.
    for (name, text) in [("demo", moments::templates::DEMO)].into_iter().chain(
        moments::templates::TEMPLATES
            .iter()
            .map(|t| (t.name, t.text)),
    ) {
        assert_eq!(to_ron(&from_ron(text).unwrap()), text, "assets: {name}");
    }
}

#[test]
fn enum_names_in_files_are_the_variant_names_not_display_labels() {
    let ws = tricky_text();
    let text = to_ron(&ws);
    // Display labels that differ from the variant: "Face to face", "Marketing material",
    // "Parking lot", "In progress", "Driving revenue".
    assert!(text.contains("channel: FaceToFace,"));
    assert!(text.contains("channel: Marketing,"));
    assert!(text.contains("view: Parking,"));
    assert!(!text.contains("view: Parking lot"));
    for view in View::ALL {
        assert!(text.contains(&format!("view: {view:?},")), "{view:?}");
    }
    let mut ws = Workspace::default();
    ws.moments.push(Moment {
        critical_for: CriticalFor::ALL.to_vec(),
        ..Moment::default()
    });
    ws.actions.push(Action {
        id: "A1".into(),
        moment: "M1".into(),
        what: String::new(),
        owner: None,
        due: String::new(),
        status: ActionStatus::InProgress,
        effort: None,
    });
    let text = to_ron(&ws);
    assert!(text.contains("critical_for: [Revenue, Relationship, Rescue, Retention],"));
    assert!(text.contains("status: InProgress,"));
}

#[test]
fn hand_written_layouts_load_as_ron_reads_them() {
    let canonical = to_ron(&common::demo());
    let demo = from_ron(&canonical).unwrap();
    let after_format = canonical.find("format: 2,").unwrap() + "format: 2,".len();
    let with = |insert: &str| {
        let mut t = canonical.clone();
        t.insert_str(after_format, insert);
        t
    };
    // Another layout of the same workspace: it loads as the same, and saves as `moments`
    // writes it.
    for text in [
        format!("// a comment\n{canonical}"),
        format!("#![enable(implicit_some)]\n{canonical}"),
        canonical.replacen("Workspace(", "(", 1),
        canonical.replacen("Workspace(", "Workspace (", 1),
        canonical.replacen("Silo(", "Silo(/* c */", 1),
        canonical.replace("\n    ", "\n\t").replace("    ", "  "),
        canonical.replace(",\n        )", "\n        )"),
        canonical.replacen("    format: 2,\n", "", 1).replacen(
            "Workspace(",
            "Workspace(format: 2, ",
            1,
        ),
        canonical.replacen("channel: Web,", "channel: Some(Web),", 1),
    ] {
        let ws = from_ron(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
        assert_eq!(ws, demo, "{text}");
        assert_eq!(to_ron(&ws), canonical);
    }
    // Other values, written another way.
    let ws = from_ron("Workspace(format: 1, parking_lot: [r##\"a \"# b\"##, r\"c\"])").unwrap();
    assert_eq!(ws.parking_lot, ["a \"# b", "c"]);
    let ws = from_ron("Workspace(format: 1, title: \"a\\tb\")").unwrap();
    assert_eq!(ws.title, "a\tb");
    let ws = from_ron("Workspace(format: 1, retired_ids: {\"M\": 1_0, \"A\": 2})").unwrap();
    assert_eq!(ws.retired_ids, [("A".into(), 2), ("M".into(), 10)].into());
    // What ron refuses, with the reason.
    let kind = |text: &str| from_ron(text).map(|_| ()).unwrap_err().kind;
    assert!(matches!(
        kind(&with("\n    title: \"x\", title: \"y\",")),
        LoadErrorKind::DuplicateField { .. }
    ));
    assert!(matches!(
        kind(&with("\n    colour: \"x\",")),
        LoadErrorKind::UnknownField { .. }
    ));
    assert!(matches!(
        kind(&with("\n    retired_ids: {\"M\": 4294967296},")),
        LoadErrorKind::WrongType { .. }
    ));
    assert_eq!(
        kind(&canonical.replacen("    format: 2,", "", 1)),
        LoadErrorKind::MissingFormat
    );
    assert!(matches!(
        kind(&format!("{canonical} x")),
        LoadErrorKind::Syntax(_)
    ));
}

#[test]
fn a_newer_format_is_refused_naming_both_versions() {
    let text = moments::templates::DEMO.replacen("format: 2", "format: 3", 1);
    let err = from_ron(&text).unwrap_err();
    assert_eq!(
        err.kind,
        LoadErrorKind::NewerFormat {
            found: 3,
            supported: 2
        }
    );
    let message = err.to_string();
    assert!(
        message.contains("format 3") && message.contains("format 2"),
        "{message}"
    );
    assert_eq!(err.position, Some((2, 5)));
}

#[test]
fn the_format_field_may_come_anywhere_and_comments_are_fine() {
    let ws =
        from_ron("// a hand-written file\nWorkspace(title: \"x\", /* v */ format: 1)\n").unwrap();
    assert_eq!(ws.title, "x");
}

/// Text with everything that has tripped serialisers: quotes, `#`, backslashes, new
/// lines, accents, CJK, emoji, RON syntax.
const PIECES: &[&str] = &[
    "a",
    "Zoë",
    "é",
    "ü",
    "ß",
    " ",
    "  ",
    "\"",
    "'",
    "#",
    "r#\"",
    "\"#",
    "\\",
    "\\n",
    "\n",
    "\r\n",
    "\t",
    "\u{7f}",
    "中文",
    "日本語",
    "😀",
    "👩‍👩‍👧",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ",",
    ":",
    "//",
    "/*",
    "*/",
    "Some(",
    "None",
    "$",
    "♥",
    "\u{0301}",
    "0",
    "-1",
];

fn text() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(PIECES);
    prop::collection::vec(pieces, 0..12).prop_map(|v| v.concat())
}

fn pick<T: Clone>(list: &[T], n: usize) -> T {
    list[n % list.len()].clone()
}

/// A workspace with valid references, built from a pool of texts and a list of choices.
fn workspace() -> impl Strategy<Value = Workspace> {
    (
        prop::collection::vec(text(), 1..40),
        prop::collection::vec(any::<usize>(), 1..200),
        (1usize..4, 0usize..3, 1usize..4, 0usize..12),
    )
        .prop_map(|(texts, choices, (silos, segments, stages, moments))| {
            let at = std::cell::Cell::new(0);
            let next = || {
                at.set(at.get() + 1);
                choices[at.get() % choices.len()]
            };
            let t = |n: usize| pick(&texts, n);
            let codes = ["SAL", "SVC", "BIL", "OPS"];
            let silo_ids: Vec<SiloId> = codes[..silos].iter().map(|c| (*c).into()).collect();
            let segment_ids: Vec<SegmentId> = (1..=segments)
                .map(|i| SegmentId::numbered(i as u32))
                .collect();
            let mut ws = Workspace {
                title: t(next()),
                ..Workspace::default()
            };
            ws.silos = silo_ids
                .iter()
                .map(|id| Silo {
                    id: id.clone(),
                    name: t(next()),
                    lead: t(next()),
                })
                .collect();
            ws.segments = segment_ids
                .iter()
                .map(|id| Segment {
                    id: id.clone(),
                    name: t(next()),
                    value: pick(&[None, Some(Level::Low), Some(Level::High)], next()),
                    behaviours: t(next()),
                    attitudes: t(next()),
                    needs: t(next()),
                    objective: pick(
                        &[None, Some(moments::model::Objective::Penetration)],
                        next(),
                    ),
                    cycle: t(next()),
                })
                .collect();
            ws.competitors = (1..=next() % 3)
                .map(|i| moments::model::Competitor {
                    id: moments::model::CompetitorId::numbered(i as u32),
                    name: t(next()),
                    notes: t(next()),
                })
                .collect();
            let competitor_ids: Vec<moments::model::CompetitorId> =
                ws.competitors.iter().map(|c| c.id.clone()).collect();
            ws.stages = (1..=stages)
                .map(|i| Stage {
                    id: moments::model::StageId::numbered(i as u32),
                    name: t(next()),
                    goal: t(next()),
                    entry_signals: (0..next() % 3).map(|_| t(next())).collect(),
                    duration: t(next()),
                    complexity: pick(&[None, Some(Level::Medium)], next()),
                    repeats: next() % 2 == 0,
                    notes: t(next()),
                    resources: pick(&[None, Some(Level::Low)], next()),
                    needs: segment_ids
                        .iter()
                        .filter(|_| next() % 2 == 0)
                        .map(|g| (g.clone(), t(next())))
                        .collect(),
                })
                .collect();
            ws.moments = (1..=moments)
                .map(|i| Moment {
                    id: moments::model::MomentId::numbered(i as u32),
                    stage: ws.stages[next() % stages].id.clone(),
                    title: t(next()),
                    description: t(next()),
                    channel: pick(
                        &[None, Some(Channel::FaceToFace), Some(Channel::Other)],
                        next(),
                    ),
                    direction: pick(&[None, Some(Direction::Outbound)], next()),
                    critical_for: CriticalFor::ALL
                        .iter()
                        .copied()
                        .filter(|_| next() % 3 == 0)
                        .collect(),
                    importance: pick(&[None, Some(1), Some(5)], next()),
                    experience: segment_ids
                        .iter()
                        .filter(|_| next() % 2 == 0)
                        .map(|g| (g.clone(), pick(&Experience::ALL, next())))
                        .collect(),
                    target: pick(&[None, Some(Experience::Good)], next()),
                    need: t(next()),
                    owners: (0..next() % 4)
                        .map(|_| Owner {
                            silo: pick(&silo_ids, next()),
                            role: pick(&Role::ALL, next()),
                            person: t(next()),
                        })
                        .collect(),
                    kpis: (0..next() % 3)
                        .map(|_| Kpi {
                            name: t(next()),
                            unit: pick(&["", "%", "days"], next()).to_owned(),
                            better: pick(&moments::model::Better::ALL, next()),
                            target: pick(&[None, Some(70.0), Some(-1.5), Some(1200.0)], next()),
                            readings: (0..next() % 4)
                                .map(|_| moments::model::Reading {
                                    date: pick(
                                        &[None, moments::model::Date::parse("2026-09-30").ok()],
                                        next(),
                                    ),
                                    value: pick(&[0.0, 48.25, -3.0, 1e6], next()),
                                })
                                .collect(),
                            notes: t(next()),
                        })
                        .collect(),
                    supported: next() % 4 != 0,
                    trigger: pick(&[None, Some(moments::model::Trigger::Need)], next()),
                    versus: competitor_ids
                        .iter()
                        .filter(|_| next() % 2 == 0)
                        .map(|c| (c.clone(), pick(&moments::model::Standing::ALL, next())))
                        .collect(),
                    evidence: pick(&[None, Some(moments::model::Evidence::Measured)], next()),
                    sources: (0..next() % 3).map(|_| t(next())).collect(),
                    people: t(next()),
                    systems: t(next()),
                    votes: (next() % 4) as u32,
                    status: pick(&[Status::Proposed, Status::Agreed], next()),
                    notes: t(next()),
                })
                .collect();
            if moments > 0 {
                ws.handoffs = (1..=next() % 3)
                    .map(|i| Handoff {
                        id: moments::model::HandoffId::numbered(i as u32),
                        moment: ws.moments[next() % moments].id.clone(),
                        from: pick(&silo_ids, next()),
                        to: pick(&silo_ids, next()),
                        what: t(next()),
                        risk: pick(&[None, Some(Level::High)], next()),
                    })
                    .collect();
                ws.actions = (1..=next() % 3)
                    .map(|i| Action {
                        id: moments::model::ActionId::numbered(i as u32),
                        moment: ws.moments[next() % moments].id.clone(),
                        what: t(next()),
                        owner: pick(&[None, Some(silo_ids[0].clone())], next()),
                        due: t(next()),
                        status: pick(&ActionStatus::ALL, next()),
                        effort: pick(&[None, Some(Level::High)], next()),
                    })
                    .collect();
            }
            ws.propositions = segment_ids
                .iter()
                .filter(|_| next() % 2 == 0)
                .map(|g| Proposition {
                    segment: g.clone(),
                    price: t(next()),
                    brand: t(next()),
                    service: t(next()),
                    operations: t(next()),
                    relationship: t(next()),
                    product: t(next()),
                    standards: t(next()),
                })
                .collect();
            ws.glossary = (0..next() % 3)
                .map(|i| Term {
                    term: format!("{}{i}", t(next())),
                    definition: t(next()),
                    also_called: silo_ids
                        .iter()
                        .filter(|_| next() % 2 == 0)
                        .map(|s| (s.clone(), t(next())))
                        .collect::<BTreeMap<_, _>>(),
                })
                .collect();
            for _ in 0..next() % 3 {
                ws.park(t(next()));
            }
            ws.agenda = (1..=next() % 3)
                .map(|i| moments::model::AgendaItem {
                    id: moments::model::AgendaId::numbered(i as u32),
                    title: t(next()),
                    minutes: (next() % 3 * 10) as u32,
                    view: pick(
                        &[
                            None,
                            Some(moments::model::View::Owners),
                            Some(moments::model::View::Agenda),
                        ],
                        next(),
                    ),
                    stage: pick(&[None, Some(ws.stages[0].id.clone())], next()),
                    started: pick(&[None, Some(1_795_444_260)], next()),
                    finished: pick(&[None, Some(1_795_445_000)], next()),
                })
                .collect();
            if next() % 2 == 0 {
                let voters = [t(next()), "room".to_owned(), t(next())];
                ws.voting = Some(moments::model::VoteRound {
                    round: 1 + (next() % 3) as u32,
                    budget: 1 + (next() % 7) as u32,
                    room: (next() % 2 * 12) as u32,
                    revealed: next() % 2 == 0,
                    dots: if moments == 0 {
                        BTreeMap::new()
                    } else {
                        voters
                            .iter()
                            .filter(|_| next() % 2 == 0)
                            .map(|v| {
                                let dots = (0..1 + next() % 3)
                                    .map(|_| {
                                        (
                                            ws.moments[next() % moments].id.clone(),
                                            1 + (next() % 3) as u32,
                                        )
                                    })
                                    .collect::<BTreeMap<_, _>>();
                                (v.clone(), dots)
                            })
                            .collect()
                    },
                });
            }
            if next() % 4 == 0 {
                ws.retired_ids.insert("M".into(), moments as u32 + 3);
            }
            ws.vote_rounds = (1..=next() % 3)
                .map(|round| moments::model::VoteResult {
                    round: round as u32,
                    date: moments::model::Date::parse("2026-11-23").unwrap(),
                    budget: 1 + (next() % 5) as u32,
                    voters: (next() % 9) as u32,
                    tallies: ws
                        .moments
                        .iter()
                        .filter(|_| next() % 2 == 0)
                        .map(|m| (m.id.clone(), 1 + (next() % 6) as u32))
                        .collect(),
                })
                .collect();
            ws
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn save_then_load_gives_the_same_workspace(ws in workspace()) {
        let text = to_ron(&ws);
        let loaded = from_ron(&text).map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        prop_assert_eq!(&loaded, &ws);
        prop_assert!(moments::persist::file::integrity(&loaded).is_ok());
    }
}

/// A workspace written as format 1 writes it: the shape of the frozen format-1 types,
/// serialised here from the fields format 1 has, with each KPI's target and current value
/// as text.
mod format_1 {
    use std::collections::BTreeMap;

    use moments::model::{self as m, Workspace};
    use serde::Serialize;

    #[derive(Serialize)]
    #[serde(rename = "Workspace")]
    struct V1<'a> {
        format: u32,
        title: &'a str,
        silos: &'a [m::Silo],
        segments: Vec<Segment<'a>>,
        stages: Vec<Stage<'a>>,
        moments: Vec<Moment<'a>>,
        handoffs: &'a [m::Handoff],
        propositions: &'a [m::Proposition],
        glossary: &'a [m::Term],
        actions: Vec<Action<'a>>,
        parking_lot: Vec<&'a str>,
        agenda: Vec<Agenda<'a>>,
        voting: &'a Option<m::VoteRound>,
        retired_ids: &'a BTreeMap<String, u32>,
    }
    #[derive(Serialize)]
    #[serde(rename = "Segment")]
    struct Segment<'a> {
        id: &'a m::SegmentId,
        name: &'a str,
        value: Option<m::Level>,
        behaviours: &'a str,
        attitudes: &'a str,
        needs: &'a str,
    }
    #[derive(Serialize)]
    #[serde(rename = "Stage")]
    struct Stage<'a> {
        id: &'a m::StageId,
        name: &'a str,
        goal: &'a str,
        entry_signals: &'a [String],
        duration: &'a str,
        complexity: Option<m::Level>,
        repeats: bool,
        notes: &'a str,
    }
    #[derive(Serialize)]
    #[serde(rename = "Kpi")]
    pub struct Kpi {
        pub name: String,
        pub target: String,
        pub current: String,
    }
    #[derive(Serialize)]
    #[serde(rename = "Moment")]
    struct Moment<'a> {
        id: &'a m::MomentId,
        stage: &'a m::StageId,
        title: &'a str,
        description: &'a str,
        channel: Option<m::Channel>,
        direction: Option<m::Direction>,
        critical_for: &'a [m::CriticalFor],
        importance: Option<u8>,
        experience: &'a BTreeMap<m::SegmentId, m::Experience>,
        target: Option<m::Experience>,
        need: &'a str,
        owners: &'a [m::Owner],
        kpis: Vec<Kpi>,
        votes: u32,
        status: m::Status,
        notes: &'a str,
    }
    #[derive(Serialize)]
    #[serde(rename = "Action")]
    struct Action<'a> {
        id: &'a m::ActionId,
        moment: &'a m::MomentId,
        what: &'a str,
        owner: &'a Option<m::SiloId>,
        due: &'a str,
        status: m::ActionStatus,
    }
    #[derive(Serialize)]
    #[serde(rename = "AgendaItem")]
    struct Agenda<'a> {
        title: &'a str,
        minutes: u32,
        view: Option<m::View>,
        stage: &'a Option<m::StageId>,
        started: Option<u64>,
        finished: Option<u64>,
    }

    /// The format-1 text of `ws`, with `kpi(k)` giving each KPI's format-1 text.
    pub fn text(ws: &Workspace, kpi: &dyn Fn(&m::Kpi) -> Kpi) -> String {
        let v1 = V1 {
            format: 1,
            title: &ws.title,
            silos: &ws.silos,
            segments: ws
                .segments
                .iter()
                .map(|g| Segment {
                    id: &g.id,
                    name: &g.name,
                    value: g.value,
                    behaviours: &g.behaviours,
                    attitudes: &g.attitudes,
                    needs: &g.needs,
                })
                .collect(),
            stages: ws
                .stages
                .iter()
                .map(|s| Stage {
                    id: &s.id,
                    name: &s.name,
                    goal: &s.goal,
                    entry_signals: &s.entry_signals,
                    duration: &s.duration,
                    complexity: s.complexity,
                    repeats: s.repeats,
                    notes: &s.notes,
                })
                .collect(),
            moments: ws
                .moments
                .iter()
                .map(|x| Moment {
                    id: &x.id,
                    stage: &x.stage,
                    title: &x.title,
                    description: &x.description,
                    channel: x.channel,
                    direction: x.direction,
                    critical_for: &x.critical_for,
                    importance: x.importance,
                    experience: &x.experience,
                    target: x.target,
                    need: &x.need,
                    owners: &x.owners,
                    kpis: x.kpis.iter().map(kpi).collect(),
                    votes: x.votes,
                    status: x.status,
                    notes: &x.notes,
                })
                .collect(),
            handoffs: &ws.handoffs,
            propositions: &ws.propositions,
            glossary: &ws.glossary,
            actions: ws
                .actions
                .iter()
                .map(|a| Action {
                    id: &a.id,
                    moment: &a.moment,
                    what: &a.what,
                    owner: &a.owner,
                    due: &a.due,
                    status: a.status,
                })
                .collect(),
            parking_lot: ws.parking_lot.iter().map(|p| p.text.as_str()).collect(),
            agenda: ws
                .agenda
                .iter()
                .map(|a| Agenda {
                    title: &a.title,
                    minutes: a.minutes,
                    view: a.view,
                    stage: &a.stage,
                    started: a.started,
                    finished: a.finished,
                })
                .collect(),
            voting: &ws.voting,
            retired_ids: &ws.retired_ids,
        };
        ron::ser::to_string_pretty(&v1, ron::ser::PrettyConfig::new().struct_names(true))
            .expect("a format-1 workspace serialises")
    }
}

/// What the migration makes of `ws` written as format 1: the format-2 fields at their
/// defaults, each KPI read from its format-1 text.
fn migrated(ws: &Workspace, kpi: &dyn Fn(&Kpi) -> format_1::Kpi) -> Workspace {
    let mut out = ws.clone();
    out.competitors.clear();
    out.vote_rounds.clear();
    for g in &mut out.segments {
        g.objective = None;
        g.cycle.clear();
    }
    for s in &mut out.stages {
        s.resources = None;
        s.needs.clear();
    }
    for m in &mut out.moments {
        m.supported = true;
        m.trigger = None;
        m.versus.clear();
        m.evidence = None;
        m.sources.clear();
        m.people.clear();
        m.systems.clear();
        for k in &mut m.kpis {
            let text = kpi(k);
            *k = Kpi::from_text(text.name, &text.target, &text.current);
        }
    }
    for a in &mut out.actions {
        a.effort = None;
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    /// Any format-1 file migrates to the format-2 workspace it means, which saves, loads
    /// back the same, and saves again byte for byte. KPI text is either written by a
    /// format-2 KPI (numbers, as format 1 read them) or free text (kept in the notes).
    #[test]
    fn migrate_format_1_then_save_then_load(ws in workspace(), numeric in any::<bool>()) {
        let kpi = |k: &Kpi| if numeric {
            format_1::Kpi { name: k.name.clone(), target: k.target_text(), current: k.latest_text() }
        } else {
            format_1::Kpi { name: k.name.clone(), target: k.notes.clone(), current: k.unit.clone() }
        };
        let text = format_1::text(&ws, &kpi);
        let loaded = from_ron(&text).map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        prop_assert_eq!(loaded.format, 2);
        prop_assert_eq!(&loaded, &migrated(&ws, &kpi));
        let saved = to_ron(&loaded);
        let again = from_ron(&saved).map_err(|e| TestCaseError::fail(format!("{e}\n{saved}")))?;
        prop_assert_eq!(&again, &loaded);
        prop_assert_eq!(to_ron(&again), saved);
    }
}

proptest! {
    // Writing is cheap: give it many more cases than the round trips.
    #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]

    /// The text does not depend on how a file was laid out: whatever layout `ron` writes
    /// (one line, explicit `Some(…)`, no struct names, other indentation) loads as the
    /// same workspace and saves as the one canonical text.
    #[test]
    fn any_layout_saves_as_the_one_text(ws in workspace()) {
        let canonical = to_ron(&ws);
        let plain = ron::ser::PrettyConfig::new().indentor("\t").struct_names(false);
        for text in [
            ron::to_string(&ws).unwrap(),
            ron::ser::to_string_pretty(&ws, plain).unwrap(),
        ] {
            let loaded = from_ron(&text).map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
            prop_assert_eq!(&loaded, &ws);
            prop_assert_eq!(to_ron(&loaded), canonical.clone());
        }
    }

    #[test]
    fn load_then_save_reproduces_the_file(ws in workspace()) {
        let text = to_ron(&ws);
        let again = to_ron(&from_ron(&text).unwrap());
        prop_assert_eq!(again, text);
    }
}

/// A change to a file's text: white space, punctuation, RON syntax, lines moved, copied
/// or dropped.
#[derive(Clone, Debug)]
enum Mutation {
    Insert(usize, &'static str),
    Delete(usize, usize),
    SwapLines(usize, usize),
    CopyLine(usize),
    DropLine(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let token = prop::sample::select(vec![
        " ",
        "\n",
        "\t",
        "\r\n",
        "\u{b}",
        ",",
        "(",
        ")",
        "[",
        "]",
        "{",
        "}",
        ":",
        "\"",
        "r#\"",
        "\"#",
        "#",
        "r",
        "//c\n",
        "/*c*/",
        "Some(",
        "None",
        "0",
        "01",
        "7",
        "256",
        "-1",
        "1_0",
        "0x1",
        "1.0",
        "x",
        "é",
        "\\",
        "\\n",
        "Web",
        "Silo",
        "title",
        "true",
        "format: 1,",
        "id: \"M1\",",
        "votes: 2,",
        "notes: \"n\",",
    ]);
    prop_oneof![
        4 => (any::<usize>(), token).prop_map(|(at, t)| Mutation::Insert(at, t)),
        2 => (any::<usize>(), 1usize..4).prop_map(|(at, n)| Mutation::Delete(at, n)),
        2 => (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
        1 => any::<usize>().prop_map(Mutation::CopyLine),
        1 => any::<usize>().prop_map(Mutation::DropLine),
    ]
}

fn mutate(text: &str, m: &Mutation) -> String {
    let boundary = |at: usize| {
        let mut at = at % (text.len() + 1);
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        at
    };
    let mut lines: Vec<&str> = text.split_inclusive('\n').collect();
    let n = lines.len();
    match *m {
        Mutation::Insert(at, t) => {
            let at = boundary(at);
            format!("{}{t}{}", &text[..at], &text[at..])
        }
        Mutation::Delete(at, count) => {
            let start = boundary(at);
            let end = text[start..]
                .char_indices()
                .nth(count)
                .map_or(text.len(), |(i, _)| start + i);
            format!("{}{}", &text[..start], &text[end..])
        }
        Mutation::SwapLines(a, b) => {
            lines.swap(a % n, b % n);
            lines.concat()
        }
        Mutation::CopyLine(a) => {
            lines.insert(a % n, lines[a % n]);
            lines.concat()
        }
        Mutation::DropLine(a) => {
            lines.remove(a % n);
            lines.concat()
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// Text changed in small ways either loads, and then saves as text that loads back
    /// to the same workspace, or is refused saying where: every error `ron` finds has a
    /// line and column inside the file, and the line is quoted.
    #[test]
    fn a_changed_file_loads_as_one_workspace_or_says_where(
        ws in workspace(),
        mutations in prop::collection::vec(mutation(), 1..4),
    ) {
        let mut text = to_ron(&ws);
        for m in &mutations {
            text = mutate(&text, m);
        }
        match from_ron(&text) {
            Ok(loaded) => {
                let saved = to_ron(&loaded);
                let again = from_ron(&saved).map_err(|e| TestCaseError::fail(format!("{e}\n{saved}")))?;
                prop_assert_eq!(&again, &loaded);
                prop_assert_eq!(to_ron(&again), saved);
            }
            Err(e) => prop_assert!(is_located(&e, &text), "{:?}\n{}", e, text),
        }
    }
}

/// Whether an error that has a place in the text gives one inside it, with the line.
fn is_located(err: &LoadError, text: &str) -> bool {
    use LoadErrorKind as K;
    let placeless = matches!(
        err.kind,
        K::Empty | K::MissingFormat | K::UnknownFormat { .. } | K::Migration { .. }
    );
    match err.position {
        None => placeless || matches!(err.kind, K::NewerFormat { .. }),
        Some((line, col)) => {
            let lines = text.split('\n').count();
            line >= 1
                && col >= 1
                && line <= lines
                && err.line_text.is_some() == text.lines().nth(line - 1).is_some()
        }
    }
}
