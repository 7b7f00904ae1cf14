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

// ---------------------------------------------------------------- state that never hides

/// The status line and the footer row: the bottom two rows of the screen.
fn bottom(screen: &str) -> String {
    let lines: Vec<&str> = screen.lines().collect();
    lines[lines.len().saturating_sub(2)..].join("\n")
}

#[test]
fn the_segment_shown_stays_on_screen_under_any_message() {
    let mut app = demo();
    app.keys("s");
    let segment = app.doc.ws.segments[0].name.clone();
    for (w, h) in SIZES {
        let screen = app.screen(w, h);
        let tight = app.doc.ws.segments[0].id.to_string();
        let rows = bottom(&screen);
        assert!(
            rows.contains(&segment) || rows.contains(&format!("◆ {tight}")),
            "{w}×{h}:\n{screen}"
        );
    }
    // A long message does not push it off.
    app.session.say(
        "Saved a copy of the workshop beside the original file because another editor changed it meanwhile, and nothing was lost",
        app.now,
    );
    let screen = app.screen(120, 40);
    assert!(
        bottom(&screen).contains(&format!("◆ showing {segment}")),
        "{screen}"
    );
    snap_sizes(&mut app, "segment_with_a_long_message");
}

#[test]
fn a_long_message_wraps_at_words_onto_the_footer_row_and_never_ends_mid_word() {
    let mut app = demo();
    let text = "Exported the workshop report to northwind-onboarding-report.html beside the workspace file; open it in a browser to print it for the room";
    app.session.say(text, app.now);
    let screen = app.screen(80, 24);
    let rows = bottom(&screen);
    let words: Vec<&str> = text.split_whitespace().collect();
    // Every word on screen is whole: the rows are the message's words in order.
    let shown: Vec<&str> = rows.split_whitespace().collect();
    let shown_text = shown.join(" ");
    let whole = shown_text.trim_end_matches('…');
    assert!(
        text.starts_with(whole.trim_end_matches(|c: char| !c.is_alphanumeric())),
        "{rows}"
    );
    assert!(shown.len() > 8 && shown.len() <= words.len(), "{rows}");
    // Once it goes, the keys come back.
    app.wait(10);
    app.event(moments::input::Event::Resize(80, 24));
    app.session.expire(app.now);
    let screen = app.screen(80, 24);
    assert!(bottom(&screen).contains("? help"), "{screen}");
    let mut app = demo();
    app.session.say(text, app.now);
    snap_sizes(&mut app, "long_message");
}

#[test]
fn bracket_starts_the_items_timebox_and_the_two_agree() {
    let mut app = demo();
    app.keys("]");
    let minutes = app.doc.ws.agenda[0].minutes;
    let timer = app.session.timer.clone().expect("] starts a timebox");
    assert_eq!(timer.length.as_secs(), u64::from(minutes) * 60);
    let screen = app.screen(120, 40);
    assert!(screen.contains(&format!("{minutes}:00 left")), "{screen}");
    assert!(screen.contains(&format!("{minutes} min left")), "{screen}");
    // Paused: the agenda item's time stops with the timebox, and both say so.
    app.wait(60).keys("T").wait(120);
    let screen = app.screen(120, 40);
    assert!(
        screen.contains(&format!("paused {}:00", minutes - 1)),
        "{screen}"
    );
    assert!(
        screen.contains(&format!("paused · {} min left", minutes - 1)),
        "{screen}"
    );
    app.keys("T");
    // Time up: the timebox and the agenda say it at the same moment.
    app.wait(u64::from(minutes - 1) * 60 - 1);
    let screen = app.screen(120, 40);
    assert!(screen.contains("0:01 left"), "{screen}");
    assert!(screen.contains("1 min left"), "{screen}");
    app.wait(1);
    let screen = app.screen(120, 40);
    assert!(screen.contains("TIME UP"), "{screen}");
    assert!(screen.contains("time up"), "{screen}");
    // Pausing after TIME UP says paused.
    app.wait(30).keys("T");
    app.session.status = None;
    let screen = app.screen(120, 40);
    assert!(screen.contains("paused · TIME UP +0:30"), "{screen}");
    snap_sizes(&mut app, "paused_after_time_up");
    // The next item: a fresh timebox of its minutes.
    app.keys("T]");
    let next = app.doc.ws.agenda[1].minutes;
    let timer = app.session.timer.clone().expect("the next item's timebox");
    assert_eq!(timer.length.as_secs(), u64::from(next) * 60);
    assert!(timer.is_running());
}

#[test]
fn a_timebox_of_ones_own_survives_the_agenda_moving_on() {
    let mut app = demo();
    app.keys("]t3<enter>");
    assert!(app.session.timer.as_ref().unwrap().agenda.is_none());
    // The agenda's badge goes back to the wall clock; the own timebox stays.
    app.keys("]");
    let timer = app.session.timer.clone().unwrap();
    assert!(timer.agenda.is_some(), "] starts the next item's timebox");
}

#[test]
fn the_vote_round_shows_how_many_voted_and_the_facilitator_sees_who_never_what() {
    let mut app = demo();
    app.keys("V<enter>++");
    let mut bob = moments::ui::Session::new();
    bob.voter = "bob".into();
    bob.rights = moments::ui::Rights::Participant;
    bob.focus_moment = Some(MomentId::from("M4"));
    common::keys_as(&mut app.doc, &mut bob, "bob", "+");
    app.session.status = None;
    let screen = app.screen(160, 45);
    let rows = bottom(&screen);
    assert!(rows.contains("2 voted"), "{rows}");
    assert!(rows.contains("bob"), "the facilitator sees who: {rows}");
    assert!(!rows.contains("M4"), "never what: {rows}");
    snap_sizes(&mut app, "vote_round_who_voted");
    // A participant sees how many, not who.
    app.session = bob;
    app.session.status = None;
    let rows = bottom(&app.screen(160, 45));
    assert!(rows.contains("2 voted"), "{rows}");
    assert!(!rows.contains("room"), "{rows}");
}

// ---------------------------------------------------------------- names, not codes

/// How often the workshop names silo `code`: owners, handoffs, terms, actions.
fn mentions(app: &App, code: &str) -> usize {
    let ws = &app.doc.ws;
    let id = SiloId::from(code);
    ws.moments
        .iter()
        .filter(|m| m.owners.iter().any(|o| o.silo == id))
        .count()
        + ws.handoffs
            .iter()
            .filter(|h| h.from == id || h.to == id)
            .count()
        + ws.glossary
            .iter()
            .filter(|t| t.also_called.contains_key(&id))
            .count()
        + ws.actions
            .iter()
            .filter(|a| a.owner.as_ref() == Some(&id))
            .count()
}

#[test]
fn a_silo_code_is_edited_in_its_form_and_every_reference_follows_as_one_undo() {
    let mut app = demo();
    let named = mentions(&app, "SAL");
    app.keys("S<enter>");
    let form = app.screen(80, 24);
    assert!(form.contains("Code"), "{form}");
    app.keys("<tab><tab><backspace><backspace><backspace>vtr<enter>");
    assert!(app.status().contains("SAL is now VTR"), "{}", app.status());
    assert!(app.doc.ws.silo(&SiloId::from("SAL")).is_none());
    assert_eq!(app.doc.ws.silos[0].id, SiloId::from("VTR"));
    assert_eq!(app.doc.ws.silos[0].name, "Sales");
    assert_eq!(mentions(&app, "VTR"), named);
    assert_eq!(mentions(&app, "SAL"), 0);
    app.keys("<esc>u");
    assert_eq!(mentions(&app, "SAL"), named);
    assert!(app.doc.ws.silo(&SiloId::from("VTR")).is_none());
}

#[test]
fn a_code_made_from_a_cjk_name_can_be_given_a_real_one() {
    let mut app = demo();
    app.keys("Sn営業部<enter>");
    let made = app.doc.ws.silos.last().unwrap().id.clone();
    assert_eq!(made.as_str(), "XX", "no letters to make a code from");
    app.keys("jjjjjj<enter>");
    // A code another silo has is refused in place, with the reason.
    app.keys("<tab><tab><backspace><backspace>BIL<enter>");
    assert!(
        matches!(app.session.overlays.last(), Some(Overlay::Form { .. })),
        "the form stays open"
    );
    assert!(app.screen(120, 40).contains("BIL is already a silo"));
    app.keys("<backspace><backspace><backspace>EIG<enter>");
    assert_eq!(app.doc.ws.silos.last().unwrap().id.as_str(), "EIG");
    assert_eq!(app.doc.ws.silos.last().unwrap().name, "営業部");
}

#[test]
fn seams_and_the_owners_filter_name_segments_and_silos_where_they_fit() {
    let mut app = demo();
    app.keys("3");
    let wide = app.screen(160, 45);
    let g2 = app.doc.ws.segments[1].name.clone();
    assert!(wide.contains(&format!("✗ {g2}")), "{wide}");
    assert!(wide.contains("SAL Sales → OPS Field Operations"), "{wide}");
    snap_sizes(&mut app, "seams_named");
    app.keys("2");
    app.keys("lf");
    let screen = app.screen(120, 40);
    assert!(
        screen.contains("what SVC Customer Service has a part in"),
        "{screen}"
    );
    snap_sizes(&mut app, "owners_filter_named");
}

#[test]
fn long_titles_use_the_width_they_have_and_cuts_end_in_an_ellipsis() {
    let mut ws = moments::templates::demo();
    ws.moments[0].title =
        "Checks on the website whether fibre reaches the street and what it costs per month".into();
    ws.segments[0].name = "Young families with children under five".into();
    let mut app = App::new(ws);
    app.keys("2");
    let wide = app.screen(160, 45);
    assert!(
        wide.contains("Checks on the website whether fibre reaches the street"),
        "Owners gives titles the room: {wide}"
    );
    let narrow = app.screen(80, 24);
    assert!(narrow.contains("Checks on the website"), "{narrow}");
    assert!(narrow.contains('…'), "{narrow}");
    app.keys("4");
    let wide = app.screen(160, 45);
    assert!(
        wide.contains("Young families with children under five"),
        "Experience gives segment names the room: {wide}"
    );
    snap_sizes(&mut app, "experience_long_segment_name");
}

#[test]
fn the_presentation_heading_cuts_at_a_word_and_keeps_cjk() {
    let mut ws = moments::templates::demo();
    ws.moments[0].title = "Coverage check on the website before anything else happens".into();
    let mut app = App::new(ws);
    app.keys("<f5>");
    app.session.status = None;
    let screen = app.screen(120, 40);
    let heading: String = screen.lines().take(4).collect::<Vec<_>>().join("\n");
    assert!(heading.contains('…'), "a cut is marked: {screen}");
    snap_sizes(&mut app, "present_long_title");
    let mut ws = moments::templates::demo();
    ws.moments[0].title = "ウェブで提供エリアを確認".into();
    let mut app = App::new(ws);
    app.keys("<f5>");
    app.session.status = None;
    let screen = app.screen(120, 40);
    assert!(screen.contains("ウェブで提供エリアを確認"), "{screen}");
    snap_sizes(&mut app, "present_cjk_title");
}

// ---------------------------------------------------------------- side by side

#[test]
fn segments_side_by_side_compares_every_proposition_across_the_dimensions() {
    let mut app = demo();
    app.keys("6c");
    assert!(app.session.views.segments.compare);
    let screen = app.screen(160, 45);
    for g in &app.doc.ws.segments {
        assert!(
            screen.contains(&g.name),
            "{} has a column: {screen}",
            g.name
        );
    }
    for label in [
        "Value",
        "Behaviours",
        "Attitudes",
        "Needs",
        "Price",
        "Brand",
        "Service",
        "Transaction operations",
        "Relationship",
        "Product",
        "Service standards",
    ] {
        assert!(
            screen.contains(&format!(" {label} ")),
            "row {label}: {screen}"
        );
    }
    // Every segment's price, each in its own column on the Price row.
    let price_row = screen.lines().find(|l| l.starts_with("│ Price ")).unwrap();
    let columns = app
        .doc
        .ws
        .propositions
        .iter()
        .filter(|p| !p.price.is_empty())
        .count();
    assert!(columns >= 2, "the demo has propositions to compare");
    let first_words: Vec<String> = app
        .doc
        .ws
        .propositions
        .iter()
        .map(|p| p.price.split_whitespace().next().unwrap_or("—").to_owned())
        .collect();
    for w in &first_words {
        assert!(price_row.contains(w.as_str()), "{w} in {price_row}");
    }
    snap_sizes(&mut app, "segments_side_by_side");
    // Enter still edits the selected segment; c goes back to one in detail.
    app.keys("j<enter>");
    assert!(matches!(
        app.session.overlays.last(),
        Some(Overlay::Form { .. })
    ));
    app.keys("<esc>c");
    assert!(!app.session.views.segments.compare);
    app.keys("c<esc>");
    assert!(!app.session.views.segments.compare, "Esc also goes back");
}

#[test]
fn the_silo_form_shows_the_code_to_edit() {
    let mut app = demo();
    app.keys("S<enter>");
    let screen = app.screen(120, 40);
    assert!(screen.contains("Code"), "{screen}");
    assert!(screen.contains("SAL"), "{screen}");
    snap_sizes(&mut app, "silo_form_with_code");
}

/// The find list is kept with the overlay between frames, and follows what others change
/// while it is open: a moment someone adds is found without typing again.
#[test]
fn find_follows_edits_made_by_others_while_open() {
    let mut app = demo();
    app.keys("/zebra");
    let screen = app.screen(120, 40);
    assert!(screen.contains("Nothing matches “zebra”"), "{screen}");
    // Another session adds a moment with that word in its title.
    let mut other = moments::ui::Session::new();
    common::keys_as(
        &mut app.doc,
        &mut other,
        "bo",
        "nZebra crossing outside the shop\n",
    );
    assert!(
        app.doc
            .ws
            .moments
            .iter()
            .any(|m| m.title.starts_with("Zebra")),
        "the other session added it"
    );
    let screen = app.screen(120, 40);
    assert!(
        screen.contains("Zebra crossing outside the shop"),
        "{screen}"
    );
    assert!(screen.contains("1 of 1"), "{screen}");
    // Enter goes to it.
    app.keys("<enter>");
    let id = app.focused().expect("a moment has focus");
    assert_eq!(
        app.doc.moment(&id.as_str().into()).unwrap().title,
        "Zebra crossing outside the shop"
    );
}
