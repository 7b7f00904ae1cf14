//! Edits, their inverses, refusals, cascades, ids that are never reused, and history.

mod common;

use moments::model::{
    Action, ActionId, ActionStatus, Competitor, Edit, EditError, Handoff, HandoffId, History, Item,
    ItemKey, Level, Moment, MomentId, Owner, Parked, Proposition, Role, Segment, SegmentId, Silo,
    Stage, StageId, Term, Workspace,
};
use moments::persist::{from_ron, to_ron};

/// Applies `edit`, checks it changed something, then applies the inverse and checks the
/// workspace is exactly as before; then redoes and checks it matches the first result.
fn assert_inverse_restores(ws: &mut Workspace, edit: Edit) {
    let before = ws.clone();
    let inverse = edit.apply(ws).expect("the edit applies");
    assert_ne!(*ws, before, "the edit changed the workspace");
    let after = ws.clone();
    let redo = inverse.apply(ws).expect("the inverse applies");
    assert_eq!(*ws, before, "undo restores the exact workspace");
    redo.apply(ws).expect("redo applies");
    assert_eq!(*ws, after, "redo gives the same result again");
    *ws = before;
}

fn moment(id: &str, stage: &str) -> Moment {
    Moment {
        id: id.into(),
        stage: stage.into(),
        title: format!("Moment {id}"),
        owners: vec![Owner {
            silo: "SAL".into(),
            role: Role::Accountable,
            person: String::new(),
        }],
        ..Moment::default()
    }
}

#[test]
fn every_edit_kind_is_undone_exactly() {
    let mut ws = common::demo();
    let m3 = ws.moment(&"M3".into()).unwrap().clone();

    assert_inverse_restores(&mut ws, Edit::SetTitle("Another workshop".into()));

    // Insert, one of each kind of item, at the front, the middle and past the end.
    let items = [
        Item::Silo(Silo {
            id: "LEG".into(),
            name: "Legal".into(),
            lead: String::new(),
        }),
        Item::Segment(Segment {
            id: ws.next_segment_id(),
            name: "Small businesses".into(),
            value: Some(Level::Medium),
            ..Segment::default()
        }),
        Item::Stage(Stage {
            id: ws.next_stage_id(),
            name: "Advocacy".into(),
            ..Stage::default()
        }),
        Item::Moment(moment(ws.next_moment_id().as_str(), "S2")),
        Item::Handoff(Handoff {
            id: ws.next_handoff_id(),
            moment: "M3".into(),
            from: "NET".into(),
            to: "MKT".into(),
            what: "Works schedule".into(),
            risk: Some(Level::Low),
        }),
        Item::Term(Term {
            term: "Cabinet".into(),
            definition: "The green box in the street.".into(),
            ..Term::default()
        }),
        Item::Action(Action {
            id: ws.next_action_id(),
            moment: "M3".into(),
            what: "Rewrite the letter".into(),
            owner: Some("NET".into()),
            due: "2027-05-01".into(),
            status: ActionStatus::Open,
            effort: Some(Level::Low),
        }),
        Item::Parking(Parked {
            id: ws.next_parked_id(),
            text: "Rename the stages".into(),
        }),
        Item::Competitor(Competitor {
            id: ws.next_competitor_id(),
            name: "Brightwave Energy".into(),
            notes: String::new(),
        }),
    ];
    for item in items {
        for at in [0, 2, usize::MAX] {
            assert_inverse_restores(
                &mut ws,
                Edit::Insert {
                    item: item.clone(),
                    at,
                },
            );
        }
    }
    // A proposition for a segment that has none yet.
    let mut with_segment = ws.clone();
    Edit::Insert {
        item: Item::Segment(Segment {
            id: "G4".into(),
            name: "Landlords".into(),
            ..Segment::default()
        }),
        at: 3,
    }
    .apply(&mut with_segment)
    .unwrap();
    assert_inverse_restores(
        &mut with_segment,
        Edit::Insert {
            item: Item::Proposition(Proposition {
                segment: "G4".into(),
                price: "Per property".into(),
                ..Proposition::default()
            }),
            at: 3,
        },
    );

    // Remove items nothing refers to, including the last moment (its id is retired).
    let keys = [
        ItemKey::Moment("M3".into()),
        ItemKey::Moment("M26".into()),
        ItemKey::Handoff("H6".into()),
        ItemKey::Action("A7".into()),
        ItemKey::Term("Mover".into()),
        ItemKey::Proposition("G2".into()),
        ItemKey::Parking(1),
    ];
    for key in keys {
        assert_inverse_restores(&mut ws, Edit::Remove(key));
    }

    // Replace, one of each kind.
    let mut changed = m3.clone();
    changed.title = "Street-works letter, rewritten".into();
    changed.notes = "Two lines\nof notes".into();
    let replacements = [
        (ItemKey::Moment("M3".into()), Item::Moment(changed)),
        (
            ItemKey::Silo("SAL".into()),
            Item::Silo(Silo {
                id: "SAL".into(),
                name: "Sales and Retention".into(),
                lead: "Ana Ruiz".into(),
            }),
        ),
        (ItemKey::Stage("S1".into()), {
            let mut s = ws.stages[0].clone();
            s.repeats = true;
            Item::Stage(s)
        }),
        (ItemKey::Segment("G3".into()), {
            let mut s = ws.segments[2].clone();
            s.value = None;
            Item::Segment(s)
        }),
        (ItemKey::Handoff("H1".into()), {
            let mut h = ws.handoffs[0].clone();
            h.risk = Some(Level::Low);
            Item::Handoff(h)
        }),
        (ItemKey::Proposition("G1".into()), {
            let mut p = ws.propositions[0].clone();
            p.brand = "Northwind".into();
            Item::Proposition(p)
        }),
        (ItemKey::Term("Fault".into()), {
            let mut t = ws.glossary[4].clone();
            t.term = "Fault report".into();
            Item::Term(t)
        }),
        (ItemKey::Action("A1".into()), {
            let mut a = ws.actions[0].clone();
            a.status = ActionStatus::Done;
            Item::Action(a)
        }),
        (
            ItemKey::Parking(0),
            Item::Parking(Parked {
                id: ws.parking_lot[0].id.clone(),
                text: "Loyalty policy".into(),
            }),
        ),
    ];
    for (key, item) in replacements {
        assert_inverse_restores(&mut ws, Edit::Replace { key, item });
    }

    // Move, one of each kind.
    for key in [
        ItemKey::Silo("SAL".into()),
        ItemKey::Segment("G1".into()),
        ItemKey::Stage("S1".into()),
        ItemKey::Moment("M1".into()),
        ItemKey::Handoff("H1".into()),
        ItemKey::Proposition("G1".into()),
        ItemKey::Term("Activation".into()),
        ItemKey::Action("A1".into()),
        ItemKey::Parking(0),
    ] {
        assert_inverse_restores(&mut ws, Edit::Move { key, to: 2 });
    }

    // A batch is undone as one.
    assert_inverse_restores(
        &mut ws,
        Edit::Batch {
            label: "tidy".into(),
            edits: vec![
                Edit::SetTitle("Tidied".into()),
                Edit::Remove(ItemKey::Moment("M3".into())),
                Edit::Move {
                    key: ItemKey::Stage("S7".into()),
                    to: 0,
                },
            ],
        },
    );
}

fn assert_refused(ws: &mut Workspace, edit: Edit) -> EditError {
    let before = ws.clone();
    let err = edit.apply(ws).expect_err("the edit is refused");
    assert_eq!(*ws, before, "a refused edit changes nothing");
    err
}

#[test]
fn edits_that_would_break_the_document_are_refused() {
    let mut ws = common::demo();

    let err = assert_refused(
        &mut ws,
        Edit::Insert {
            item: Item::Moment(moment("M99", "S9")),
            at: 0,
        },
    );
    assert_eq!(
        err,
        EditError::DanglingReference {
            what: "moment M99 “Moment M99”".into(),
            missing: ItemKey::Stage("S9".into()),
        }
    );
    assert!(err.to_string().contains("S9"), "{err}");

    let mut owned_by_ghost = moment("M99", "S1");
    owned_by_ghost.owners[0].silo = "HR".into();
    let err = assert_refused(
        &mut ws,
        Edit::Insert {
            item: Item::Moment(owned_by_ghost),
            at: 0,
        },
    );
    assert!(
        matches!(err, EditError::DanglingReference { missing: ItemKey::Silo(ref s), .. } if s.as_str() == "HR")
    );

    let err = assert_refused(
        &mut ws,
        Edit::Insert {
            item: Item::Moment(moment("M1", "S1")),
            at: 0,
        },
    );
    assert_eq!(err, EditError::Duplicate(ItemKey::Moment("M1".into())));

    let err = assert_refused(&mut ws, Edit::Remove(ItemKey::Stage("S1".into())));
    assert!(
        matches!(&err, EditError::InUse { key: ItemKey::Stage(s), users } if s.as_str() == "S1" && users.contains("M1")),
        "{err}"
    );
    let err = assert_refused(&mut ws, Edit::Remove(ItemKey::Silo("NET".into())));
    assert!(matches!(err, EditError::InUse { .. }), "{err}");

    let mut renamed = ws.moment(&"M1".into()).unwrap().clone();
    renamed.id = "M2".into();
    let err = assert_refused(
        &mut ws,
        Edit::Replace {
            key: ItemKey::Moment("M1".into()),
            item: Item::Moment(renamed),
        },
    );
    assert!(
        matches!(err, EditError::Invalid(ref m) if m.contains("cannot change")),
        "{err}"
    );

    // A handoff passes work between two silos, at a moment that exists.
    let to_itself = Handoff {
        id: "H99".into(),
        moment: "M1".into(),
        from: "SAL".into(),
        to: "SAL".into(),
        what: String::new(),
        risk: None,
    };
    let err = assert_refused(
        &mut ws,
        Edit::Insert {
            item: Item::Handoff(to_itself.clone()),
            at: 0,
        },
    );
    assert!(
        matches!(&err, EditError::Invalid(m) if m.contains("SAL cannot hand off to itself")),
        "{err}"
    );
    let mut first = ws.handoffs[0].clone();
    first.to = first.from.clone();
    let err = assert_refused(
        &mut ws,
        Edit::Replace {
            key: ItemKey::Handoff(first.id.clone()),
            item: Item::Handoff(first),
        },
    );
    assert!(matches!(err, EditError::Invalid(_)), "{err}");
    let err = assert_refused(
        &mut ws,
        Edit::Insert {
            item: Item::Handoff(Handoff {
                moment: "M404".into(),
                to: "SVC".into(),
                ..to_itself
            }),
            at: 0,
        },
    );
    assert_eq!(
        err,
        EditError::DanglingReference {
            what: "handoff H99 SAL→SVC at M404".into(),
            missing: ItemKey::Moment("M404".into()),
        }
    );

    let err = assert_refused(&mut ws, Edit::Remove(ItemKey::Moment("M404".into())));
    assert_eq!(err, EditError::Missing(ItemKey::Moment("M404".into())));

    // A batch that fails halfway leaves everything as it was.
    assert_refused(
        &mut ws,
        Edit::Batch {
            label: "half".into(),
            edits: vec![
                Edit::SetTitle("Changed".into()),
                Edit::Remove(ItemKey::Moment("M3".into())),
                Edit::Remove(ItemKey::Stage("S1".into())),
            ],
        },
    );
}

#[test]
fn cascading_removal_undoes_as_one_step() {
    let mut ws = common::demo();
    let before = ws.clone();
    let mut history = History::default();
    let cascade = Edit::remove_cascade(&ws, &ItemKey::Stage("S7".into())).unwrap();
    assert!(
        cascade.describe().contains("5 moments"),
        "{}",
        cascade.describe()
    );
    history.apply(&mut ws, cascade, None).unwrap();
    assert!(ws.stage(&"S7".into()).is_none());
    assert!(ws.moments.iter().all(|m| m.stage.as_str() != "S7"));
    assert!(ws.handoffs.iter().all(|h| h.moment.as_str() != "M23"));
    assert!(moments::persist::file::integrity(&ws).is_ok());
    assert_eq!(history.undo_depth(), 1);

    history.undo(&mut ws).unwrap().unwrap();
    assert_eq!(ws, before);

    // A silo: its ownerships, handoffs, glossary names and actions go with it.
    let cascade = Edit::remove_cascade(&ws, &ItemKey::Silo("OPS".into())).unwrap();
    history.apply(&mut ws, cascade, None).unwrap();
    assert!(ws.silo(&"OPS".into()).is_none());
    assert!(moments::persist::file::integrity(&ws).is_ok());
    history.undo(&mut ws).unwrap().unwrap();
    assert_eq!(ws, before);

    // A segment: its ratings and proposition.
    let cascade = Edit::remove_cascade(&ws, &ItemKey::Segment("G2".into())).unwrap();
    history.apply(&mut ws, cascade, None).unwrap();
    assert!(ws.moments.iter().all(|m| !m.experience.contains_key("G2")));
    assert!(moments::persist::file::integrity(&ws).is_ok());
    history.undo(&mut ws).unwrap().unwrap();
    assert_eq!(ws, before);
}

#[test]
fn ids_are_never_reused_even_across_save_and_load() {
    let mut ws = common::demo();
    assert_eq!(ws.next_moment_id(), MomentId::from("M27"));
    Edit::Remove(ItemKey::Moment("M26".into()))
        .apply(&mut ws)
        .unwrap();
    assert_eq!(ws.next_moment_id(), MomentId::from("M27"), "M26 is retired");

    let reloaded = from_ron(&to_ron(&ws)).unwrap();
    assert_eq!(reloaded.retired_ids.get("M"), Some(&26));
    assert_eq!(reloaded.next_moment_id(), MomentId::from("M27"));

    // The same for every numbered kind.
    let mut ws = common::demo();
    for edit in [
        Edit::Remove(ItemKey::Handoff("H6".into())),
        Edit::Remove(ItemKey::Action("A7".into())),
    ] {
        edit.apply(&mut ws).unwrap();
    }
    let cascade = Edit::remove_cascade(&ws, &ItemKey::Stage("S7".into())).unwrap();
    cascade.apply(&mut ws).unwrap();
    let cascade = Edit::remove_cascade(&ws, &ItemKey::Segment("G3".into())).unwrap();
    cascade.apply(&mut ws).unwrap();
    let ws = from_ron(&to_ron(&ws)).unwrap();
    assert_eq!(ws.next_handoff_id(), HandoffId::from("H7"));
    assert_eq!(ws.next_action_id(), ActionId::from("A8"));
    assert_eq!(ws.next_stage_id(), StageId::from("S8"));
    assert_eq!(ws.next_segment_id(), SegmentId::from("G4"));
    assert_eq!(ws.next_moment_id(), MomentId::from("M27"));

    // Using the next id clears the mark: nothing retired stays above a live id.
    let mut ws = ws;
    Edit::Insert {
        item: Item::Moment(moment("M27", "S1")),
        at: 0,
    }
    .apply(&mut ws)
    .unwrap();
    assert!(!ws.retired_ids.contains_key("M"));
    assert_eq!(ws.next_moment_id(), MomentId::from("M28"));
}

#[test]
fn history_undoes_and_redoes_everything() {
    let mut ws = common::demo();
    let start = ws.clone();
    let mut history = History::default();
    assert!(history.undo(&mut ws).is_none());
    assert!(history.redo(&mut ws).is_none());

    let edits = [
        Edit::SetTitle("Day two".into()),
        Edit::Insert {
            item: Item::Moment(moment("M27", "S2")),
            at: 5,
        },
        Edit::Move {
            key: ItemKey::Stage("S7".into()),
            to: 0,
        },
    ];
    for edit in edits {
        history.apply(&mut ws, edit, Some("ana".into())).unwrap();
    }
    let end = ws.clone();
    assert_eq!(history.undo_depth(), 3);

    // A refused edit leaves document and history alone.
    assert!(
        history
            .apply(&mut ws, Edit::Remove(ItemKey::Stage("S1".into())), None)
            .is_err()
    );
    assert_eq!(ws, end);
    assert_eq!(history.undo_depth(), 3);

    let step = history.undo(&mut ws).unwrap().unwrap();
    assert!(
        step.description.contains("moved stage S7"),
        "{}",
        step.description
    );
    assert_eq!(step.author.as_deref(), Some("ana"));
    history.undo(&mut ws).unwrap().unwrap();
    history.undo(&mut ws).unwrap().unwrap();
    assert_eq!(ws, start);
    assert!(!history.can_undo());
    assert_eq!(history.redo_depth(), 3);

    for _ in 0..3 {
        history.redo(&mut ws).unwrap().unwrap();
    }
    assert_eq!(ws, end);

    // A new edit after an undo drops the redo stack.
    history.undo(&mut ws).unwrap().unwrap();
    history
        .apply(&mut ws, Edit::SetTitle("Branch".into()), None)
        .unwrap();
    assert!(!history.can_redo());
}
