//! The room's flows (issue 12): `/` finds anything and goes there; what the room must
//! read (segment, timer, vote round, agenda item) stays on screen whatever the status
//! line says; names rather than codes where there is room; propositions side by side.
//! Each with snapshots at 80×24, 120×40 and 160×45.

mod common;

use common::App;
use moments::model::{MomentId, SiloId};
use moments::ui::View;
use moments::ui::overlays::Overlay;

const SIZES: [(u16, u16); 3] = [(80, 24), (120, 40), (160, 45)];

/// The demo as a fresh session sees it, with no status message.
fn demo() -> App {
    let mut app = App::new(moments::templates::demo());
    app.file = "demo".into();
    app.save = moments::ui::SaveState::Scratch;
    app.screen(80, 24);
    app.session.status = None;
    app
}

/// The screen at every size, as snapshots named `name_WxH`.
fn snap_sizes(app: &mut App, name: &str) {
    for (w, h) in SIZES {
        let screen = app.screen(w, h);
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), screen);
    }
}

// ---------------------------------------------------------------- find

#[test]
fn slash_then_an_id_goes_to_the_moment_in_two_keys_and_a_few_letters() {
    let mut app = demo();
    app.keys("/m12<enter>");
    assert!(app.session.overlays.is_empty());
    assert_eq!(app.session.view, View::Board);
    assert_eq!(app.focused().as_deref(), Some("M12"));
    let screen = app.screen(120, 40);
    assert!(screen.contains("Service goes live"), "{screen}");
}

#[test]
fn slash_works_from_every_view_and_from_the_palette() {
    for view in ["1", "2", "3", "4", "5", "6", "7", "8", "9", "0", "A", "O"] {
        let mut app = demo();
        app.keys(view);
        app.keys("/");
        assert!(
            matches!(app.session.overlays.last(), Some(Overlay::Find { .. })),
            "/ opens find after {view}"
        );
        app.keys("<esc>");
        assert!(app.session.overlays.is_empty());
    }
    let mut app = demo();
    app.keys(":/");
    assert!(matches!(
        app.session.overlays.last(),
        Some(Overlay::Find { .. })
    ));
    // Typed after other letters, `/` is part of the palette's query.
    let mut app = demo();
    app.keys(":a/");
    assert!(matches!(
        app.session.overlays.last(),
        Some(Overlay::Palette { .. })
    ));
}

#[test]
fn slash_is_bound_to_find_only() {
    let keys = include_str!("../assets/keys.ron");
    let bindings: Vec<&str> = keys
        .lines()
        .filter(|l| l.trim_start().starts_with("\"/\""))
        .collect();
    assert_eq!(bindings, ["        \"/\": \"find\","], "{bindings:?}");
}

#[test]
fn find_goes_to_each_kind_where_it_lives() {
    let mut app = demo();
    // A stage: the board, on its first card.
    app.keys("/S3<enter>");
    assert_eq!(app.session.view, View::Board);
    assert_eq!(app.session.focus_stage.as_ref().unwrap().to_string(), "S3");
    // A silo: its column in Owners.
    app.keys("/billing<enter>");
    assert_eq!(app.session.view, View::Owners);
    let bil = app
        .doc
        .ws
        .silos
        .iter()
        .position(|s| s.id == SiloId::from("BIL"));
    assert_eq!(Some(app.session.views.owners.silo), bil);
    // A segment.
    app.keys("/young families<enter>");
    assert_eq!(app.session.view, View::Segments);
    assert_eq!(app.session.views.segments.selected, 0);
    // A term by what a silo calls it.
    app.keys("/go-live<enter>");
    assert_eq!(app.session.view, View::Language);
    assert_eq!(app.session.views.language.selected, 0);
    // An action by its id.
    app.keys("/a2<enter>");
    assert_eq!(app.session.view, View::Plan);
    let screen = app.screen(160, 45);
    let selected = moments::ui::views::plan::rows(&app.doc, &app.session)
        [app.session.views.plan.selected]
        .id
        .to_string();
    assert_eq!(selected, "A2", "{screen}");
    // A parked item by its words.
    app.keys("/broadband separate<enter>");
    assert_eq!(app.session.view, View::Parking);
    assert_eq!(app.session.views.parking.selected, 2);
    // An agenda item by its words.
    app.keys("/journey today<enter>");
    assert_eq!(app.session.view, View::Agenda);
    assert_eq!(app.session.views.agenda.selected, 0);
}

#[test]
fn find_filters_live_and_chooses_with_the_arrows() {
    let mut app = demo();
    app.keys("/");
    let all = app.screen(120, 40);
    assert!(all.contains("Find"), "{all}");
    app.keys("activ");
    let narrowed = app.screen(120, 40);
    assert!(narrowed.contains("Activation"), "{narrowed}");
    assert!(!narrowed.contains("Young families"), "{narrowed}");
    app.keys("zzzq");
    let none = app.screen(120, 40);
    assert!(none.contains("Nothing matches “activzzzq”"), "{none}");
    // Enter on nothing keeps the window open to mend the query.
    app.keys("<enter>");
    assert!(matches!(
        app.session.overlays.last(),
        Some(Overlay::Find { .. })
    ));
    app.keys("<backspace><backspace><backspace><backspace><down><up><down>");
    let Some(Overlay::Find { selected, .. }) = app.session.overlays.last() else {
        panic!("find is open");
    };
    assert_eq!(*selected, 1);
}

#[test]
fn find_lists_what_is_there_when_someone_else_deletes_meanwhile() {
    let mut app = demo();
    app.keys("/m12");
    // Someone else deletes M12 while the list is open.
    let edit = moments::model::Edit::remove_cascade(
        &app.doc.ws,
        &moments::model::ItemKey::Moment(MomentId::from("M12")),
    )
    .unwrap();
    app.doc.apply(edit, None).unwrap();
    let screen = app.screen(80, 24);
    assert!(!screen.contains("Service goes live"), "{screen}");
    app.keys("<enter>");
    // Whatever Enter picks exists: never a panic, never a focus on nothing.
    assert_ne!(app.focused().as_deref(), Some("M12"));
    if let Some(id) = app.focused() {
        assert!(app.doc.moment(&MomentId::from(id.as_str())).is_some());
    }
}

#[test]
fn find_snapshots() {
    let mut app = demo();
    app.keys("/");
    snap_sizes(&mut app, "find_everything");
    app.keys("m1");
    snap_sizes(&mut app, "find_m1");
}
