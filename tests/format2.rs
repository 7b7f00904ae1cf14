//! Format 2 beyond loading and saving: every new field through the semantic diff and the
//! three-way merge, a CSV round trip, each kind of bad format-2 input with its own located
//! error, and `moments migrate`.

mod common;

use std::fs;

use moments::exchange::diff::{diff, to_text};
use moments::exchange::merge::merge;
use moments::model::{
    Competitor, Date, Evidence, Level, Objective, Reading, Standing, Trigger, VoteResult, Workspace,
};
use moments::persist::{LoadErrorKind, file::read_checked, from_ron, to_ron};

fn demo() -> Workspace {
    common::demo()
}

/// One change to every field format 2 added, each on a different item.
fn changed(ws: &Workspace) -> Workspace {
    let mut ws = ws.clone();
    ws.competitors[0].name = "Brightwave".into();
    ws.competitors.push(Competitor {
        id: "C3".into(),
        name: "Nordlink".into(),
        notes: String::new(),
    });
    ws.segments[0].objective = Some(Objective::Efficiency);
    ws.segments[1].cycle = "monthly".into();
    ws.stages[0].resources = Some(Level::High);
    ws.stages[1]
        .needs
        .insert("G2".into(), "A fair price".into());
    let m = &mut ws.moments[2];
    m.supported = false;
    m.trigger = Some(Trigger::Need);
    m.versus.insert("C2".into(), Standing::Behind);
    m.evidence = Some(Evidence::Reported);
    m.sources.push("Store visits".into());
    m.people = "Coaching on the new plans".into();
    m.systems = "CRM".into();
    let k = &mut ws.moments[0].kpis[0];
    k.target = Some(75.0);
    k.readings.push(Reading {
        date: Some(Date::parse("2026-12-31").unwrap()),
        value: 57.0,
    });
    ws.actions[0].effort = Some(Level::High);
    ws.vote_rounds.push(VoteResult {
        round: 1,
        date: Date::parse("2026-11-23").unwrap(),
        budget: 3,
        voters: 4,
        tallies: [("M3".into(), 5)].into(),
    });
    ws
}

#[test]
fn diff_names_every_new_field() {
    let old = demo();
    let new = changed(&old);
    let text = to_text(&diff(&old, &new));
    for line in [
        "~ competitor C1 “Brightwave”",
        "+ competitor C3 “Nordlink”",
        "    objective: Retention → Efficiency",
        "    cycle:",
        "    resources: Medium → High",
        "    needs.G2: (none) → “A fair price”",
        "    supported: yes → no",
        "    trigger: (none) → Need",
        "    versus.C2: (none) → Behind",
        "    evidence: (none) → Reported",
        "    sources:",
        "    people: (none) → “Coaching on the new plans”",
        "    systems: (none) → “CRM”",
        "    kpis: Checker completion (target 70%, current 52%) → Checker completion (target 75%, current 57%)",
        "    effort: Low → High",
        "+ vote round 1",
    ] {
        assert!(text.contains(line), "missing {line:?} in\n{text}");
    }
}

#[test]
fn merge_takes_new_fields_from_both_sides() {
    let base = demo();
    let theirs = changed(&base);
    // Ours changes other new fields of the same items, and reveals a round of its own.
    let mut ours = base.clone();
    ours.moments[2].versus.insert("C1".into(), Standing::Ahead);
    ours.moments[2].notes = "ours".into();
    ours.stages[1]
        .needs
        .insert("G1".into(), "Clear speeds".into());
    ours.vote_rounds.push(VoteResult {
        round: 2,
        date: Date::parse("2026-11-24").unwrap(),
        budget: 2,
        voters: 3,
        tallies: [("M1".into(), 4)].into(),
    });
    let merged = merge(&base, &ours, &theirs);
    assert!(merged.conflicts.is_empty(), "{:?}", merged.conflicts);
    let ws = &merged.workspace;
    assert_eq!(ws.competitors.len(), 3);
    assert_eq!(ws.segments[0].objective, Some(Objective::Efficiency));
    assert_eq!(ws.stages[1].needs.len(), 2, "needs merge per segment");
    let m = &ws.moments[2];
    assert_eq!(m.versus.len(), 2, "standings merge per competitor");
    assert!(!m.supported);
    assert_eq!(m.evidence, Some(Evidence::Reported));
    assert_eq!(m.notes, "ours");
    assert_eq!(ws.moments[0].kpis[0].readings.len(), 4);
    assert_eq!(ws.actions[0].effort, Some(Level::High));
    let rounds: Vec<u32> = ws.vote_rounds.iter().map(|r| r.round).collect();
    assert_eq!(rounds, [1, 2], "both sides' revealed rounds are kept");
    assert!(moments::persist::file::integrity(ws).is_ok());
}

#[test]
fn merge_conflicts_on_a_new_field_changed_both_ways() {
    let base = demo();
    let mut ours = base.clone();
    let mut theirs = base.clone();
    ours.moments[2].versus.insert("C1".into(), Standing::Ahead);
    theirs.moments[2]
        .versus
        .insert("C1".into(), Standing::Behind);
    let merged = merge(&base, &ours, &theirs);
    assert_eq!(merged.conflicts.len(), 1, "{:?}", merged.conflicts);
    assert_eq!(merged.conflicts[0].field, "versus.C1");
    assert_eq!(
        merged.workspace.moments[2].versus["C1"],
        Standing::Ahead,
        "ours is kept"
    );
}

#[test]
fn both_sides_adding_a_competitor_keep_both() {
    let base = demo();
    let mut ours = base.clone();
    let mut theirs = base.clone();
    for (ws, name) in [(&mut ours, "Ours Telecom"), (&mut theirs, "Theirs Net")] {
        ws.competitors.push(Competitor {
            id: "C3".into(),
            name: name.into(),
            notes: String::new(),
        });
        ws.moments[1].versus.insert("C3".into(), Standing::Ahead);
    }
    let merged = merge(&base, &ours, &theirs);
    let names: Vec<&str> = merged
        .workspace
        .competitors
        .iter()
        .map(|c| c.name.as_str())
        .collect();
    assert!(
        names.contains(&"Ours Telecom") && names.contains(&"Theirs Net"),
        "{names:?}"
    );
    assert!(
        merged.notes.iter().any(|n| n.contains("C3")),
        "{:?}",
        merged.notes
    );
}

#[test]
fn a_csv_round_trip_keeps_the_format_2_fields_and_creates_competitors() {
    let ws = changed(&demo());
    let text = moments::exchange::csv::to_csv(&ws);
    let imported =
        moments::exchange::import::import_csv(&Workspace::default(), text.as_bytes(), &[])
            .unwrap_or_else(|e| panic!("{e:?}"));
    let m = |w: &Workspace| {
        w.moments
            .iter()
            .find(|m| m.id.as_str() == "M3")
            .cloned()
            .unwrap()
    };
    assert_eq!(m(&imported.workspace), m(&ws));
    let k = |w: &Workspace| w.moments[0].kpis[0].clone();
    assert_eq!(k(&imported.workspace), k(&ws), "readings with their dates");
    // The competitors a standing names exist after the import.
    assert!(imported.workspace.competitor(&"C2".into()).is_some());
}

/// Loads a bad fixture and returns its error.
fn refused(name: &str) -> moments::persist::LoadError {
    read_checked(&common::fixture_file(&format!("bad/{name}"))).expect_err("refused")
}

#[test]
fn bad_format_2_input_gets_its_own_located_error() {
    let e = refused("bad-reading-date.ron");
    let text = e.to_string();
    assert!(
        text.contains("2026-02-30") && text.contains("28 days"),
        "{text}"
    );
    assert_eq!(e.position.map(|p| p.0), Some(28), "{text}");
    assert!(matches!(e.kind, LoadErrorKind::BadValue(_)), "{text}");

    let e = refused("bad-reading-value.ron");
    let text = e.to_string();
    assert!(matches!(e.kind, LoadErrorKind::WrongType { .. }), "{text}");
    assert_eq!(e.position.map(|p| p.0), Some(28), "{text}");

    let e = refused("unknown-competitor.ron");
    let text = e.to_string();
    assert!(text.contains("competitor C9"), "{text}");
    assert_eq!(e.position.map(|p| p.0), Some(24), "{text}");

    let e = refused("newer-format.ron");
    assert!(matches!(
        e.kind,
        LoadErrorKind::NewerFormat { found: 3, .. }
    ));
    assert_eq!(e.position, Some((2, 5)));
}

#[test]
fn migrate_rewrites_a_format_1_file_with_a_backup_and_only_then() {
    let home = tempfile::tempdir().unwrap();
    let path = home.path().join("workshop.ron");
    let old = fs::read_to_string(common::fixture_file("saved/demo.ron")).unwrap();
    fs::write(&path, &old).unwrap();

    // Checking and opening leave the file as it is.
    let out = common::moments(home.path())
        .arg("check")
        .arg(&path)
        .output()
        .unwrap();
    assert!(common::stdout(&out).contains("will be migrated to format 2"));
    let (file, _) =
        moments::persist::WorkspaceFile::open(&path, moments::persist::Access::ReadWrite).unwrap();
    drop(file);
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        old,
        "opening never rewrites"
    );

    let out = common::moments(home.path())
        .arg("migrate")
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", common::stderr(&out));
    assert!(common::stdout(&out).contains("from format 1 to format 2"));
    let new = fs::read_to_string(&path).unwrap();
    assert!(new.starts_with("Workspace(\n    format: 2,\n"));
    assert_eq!(to_ron(&from_ron(&new).unwrap()), new);
    let backup = moments::persist::file::backup_path(&path);
    assert_eq!(fs::read_to_string(backup).unwrap(), old);

    // Again: nothing to do, nothing written.
    let out = common::moments(home.path())
        .arg("migrate")
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(common::stdout(&out).contains("already format 2"));

    // A file that does not load is left alone.
    let bad = home.path().join("bad.ron");
    let text = fs::read_to_string(common::fixture_file("bad/bad-reading-date.ron")).unwrap();
    fs::write(&bad, &text).unwrap();
    let out = common::moments(home.path())
        .arg("migrate")
        .arg(&bad)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(common::stderr(&out).contains("2026-02-30"));
    assert_eq!(fs::read_to_string(&bad).unwrap(), text);
    assert!(!moments::persist::file::backup_path(&bad).exists());
}
