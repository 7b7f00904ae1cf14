//! Flow tests: a key string in, the document and the screen asserted. They drive the pure
//! parts (`ui::handle`, `ui::render`) the way the terminal loop does, without a terminal.

mod common;

use common::{App, fixture, parse_keys};
use moments::input::{Action, Context, Event, Key, KeyCode, Keymap};
use moments::model::{Channel, CriticalFor, MomentId, Role, StageId};
use moments::ui::View;
use moments::ui::overlays::Overlay;

fn app() -> App {
    App::new(fixture())
}

fn moment<'a>(app: &'a App, id: &str) -> &'a moments::model::Moment {
    app.doc
        .moment(&MomentId::from(id))
        .unwrap_or_else(|| panic!("{id} exists"))
}

fn titles_in(app: &App, stage: &str) -> Vec<String> {
    app.doc
        .moments_in(&StageId::from(stage))
        .map(|m| m.title.clone())
        .collect()
}

#[test]
fn key_strings_parse() {
    assert_eq!(
        parse_keys("n a<enter><ctrl-s><lt>"),
        vec![
            Key::char('n'),
            Key::char(' '),
            Key::char('a'),
            Key::plain(KeyCode::Enter),
            Key::ctrl('s'),
            Key::char('<'),
        ]
    );
}

#[test]
fn first_frame_focuses_the_first_card() {
    let mut app = app();
    let screen = app.screen(100, 30);
    // A fresh session starts on the first card, ready to type.
    assert_eq!(app.focused().as_deref(), Some("M1"));
    assert!(screen.contains("Awareness"), "{screen}");
    assert!(screen.contains("Coverage check on the"), "{screen}");
    // Up focuses the stage itself; down comes back to the card.
    app.keys("k");
    assert_eq!(app.focused().as_deref(), None);
    app.keys("j");
    assert_eq!(app.focused().as_deref(), Some("M1"));
    let screen = app.screen(100, 30);
    assert!(
        screen.contains("M1 Coverage check on the website"),
        "{screen}"
    );
}

#[test]
fn new_moment_prompt_keeps_on_enter_and_cancels_on_esc() {
    let mut app = app();
    app.keys("nCoverage check");
    assert!(matches!(
        app.session.overlays.last(),
        Some(Overlay::Prompt { .. })
    ));
    let screen = app.screen(80, 24);
    assert!(screen.contains("New moment in Awareness"), "{screen}");
    assert!(screen.contains("Coverage check"), "{screen}");
    assert!(
        screen.contains("enter keep"),
        "the footer says how: {screen}"
    );
    app.keys("<esc>");
    assert!(app.session.overlays.is_empty());
    assert_eq!(app.doc.ws.moments.len(), 3, "Esc adds nothing");

    app.keys("nPhones the hotline<enter>");
    assert_eq!(app.doc.ws.moments.len(), 4);
    let m = moment(&app, "M4");
    assert_eq!(m.title, "Phones the hotline");
    assert_eq!(m.stage.as_str(), "S1");
    assert_eq!(app.focused().as_deref(), Some("M4"));
    assert!(app.status().contains("M4"), "{}", app.status());
    let screen = app.screen(80, 24);
    assert!(screen.contains("Phones the hotline"), "{screen}");

    // An empty title adds nothing and says so.
    app.keys("n<enter>");
    assert_eq!(app.doc.ws.moments.len(), 4);
    assert_eq!(app.status(), "Nothing typed: nothing added");
}

#[test]
fn new_moment_goes_under_the_focused_card() {
    let mut app = app();
    app.keys("nBetween<enter>");
    assert_eq!(
        titles_in(&app, "S1"),
        [
            "Coverage check on the website",
            "Between",
            "Sees a campaign"
        ]
    );
}

#[test]
fn new_stage_goes_after_the_focused_one() {
    let mut app = app();
    app.keys("NDecision making<enter>");
    let names: Vec<&str> = app.doc.ws.stages.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(
        names,
        ["Awareness", "Decision making", "Purchase", "Renewal"]
    );
    assert_eq!(
        app.session
            .focus_stage
            .as_ref()
            .map(moments::model::StageId::as_str),
        Some("S4")
    );
    let screen = app.screen(120, 30);
    assert!(screen.contains("Decision making"), "{screen}");
    assert!(screen.contains("No moments in Decision"), "{screen}");
    app.keys("u");
    assert_eq!(app.doc.ws.stages.len(), 3);
}

#[test]
fn moment_editor_changes_title_channel_and_critical_for() {
    let mut app = app();
    app.keys("<enter>");
    let screen = app.screen(100, 30);
    assert!(screen.contains("Moment M1"), "{screen}");
    assert!(screen.contains("Critical for"), "{screen}");
    // Clear the title and type a new one.
    let clear = "<backspace>".repeat("Coverage check on the website".len());
    app.keys(&clear).keys("Postcode checker");
    // Title → Stage → Description → Channel: the first channel.
    app.keys("<tab><tab><tab><right>");
    // → Direction → Critical for: tick the second (relationship).
    app.keys("<tab><tab><right> ");
    let screen = app.screen(100, 30);
    assert!(screen.contains("[x] ♥"), "ticked on screen: {screen}");
    app.keys("<ctrl-s>");
    assert!(app.session.overlays.is_empty(), "the form closed");
    let m = moment(&app, "M1");
    assert_eq!(m.title, "Postcode checker");
    assert_eq!(m.channel, Some(Channel::ALL[0]));
    assert_eq!(m.critical_for, vec![CriticalFor::Relationship]);
    let screen = app.screen(100, 30);
    assert!(screen.contains("Postcode checker"), "{screen}");
    assert!(
        screen.contains("♥"),
        "the card shows what it is critical for"
    );
    // One undo step for the whole form.
    app.keys("u");
    let m = moment(&app, "M1");
    assert_eq!(m.title, "Coverage check on the website");
    assert_eq!(m.channel, None);
    assert!(m.critical_for.is_empty());
}

#[test]
fn moment_editor_esc_asks_before_dropping_a_draft() {
    let mut app = app();
    app.keys("<enter>x<esc>");
    assert!(matches!(
        app.session.overlays.last(),
        Some(Overlay::Confirm { .. })
    ));
    app.keys("n");
    assert!(matches!(
        app.session.overlays.last(),
        Some(Overlay::Form { .. })
    ));
    app.keys("<esc>y");
    assert!(app.session.overlays.is_empty());
    assert_eq!(moment(&app, "M1").title, "Coverage check on the website");
    // Untouched: Esc leaves at once.
    app.keys("<enter><esc>");
    assert!(app.session.overlays.is_empty());
}

#[test]
fn owners_editor_shows_the_finding_live_and_commits_one_step() {
    let mut app = app();
    app.keys("o");
    let screen = app.screen(100, 30);
    assert!(screen.contains("Owners of M1"), "{screen}");
    assert!(screen.contains("nobody is Accountable yet"), "{screen}");
    app.keys("a");
    let screen = app.screen(100, 30);
    assert!(screen.contains("nobody Responsible yet"), "{screen}");
    app.keys("jr");
    let screen = app.screen(100, 30);
    assert!(screen.contains("✓ exactly one Accountable"), "{screen}");
    assert!(
        moment(&app, "M1").owners.is_empty(),
        "nothing is committed before Enter"
    );
    app.keys("<enter>");
    assert!(app.session.overlays.is_empty());
    let owners: Vec<(&str, Role)> = moment(&app, "M1")
        .owners
        .iter()
        .map(|o| (o.silo.as_str(), o.role))
        .collect();
    assert_eq!(
        owners,
        [("SAL", Role::Accountable), ("SVC", Role::Responsible)]
    );
    assert_eq!(app.status(), "Owners of M1 set");
    let screen = app.screen(100, 30);
    assert!(
        screen.contains("M1 SAL"),
        "the card shows the Accountable silo: {screen}"
    );
    app.keys("u");
    assert!(moment(&app, "M1").owners.is_empty(), "one undo step");
    assert_eq!(app.status(), "Undid: owners of M1 set");
}

#[test]
fn delete_asks_then_undo_restores() {
    let mut app = app();
    app.keys("d");
    let screen = app.screen(80, 24);
    assert!(screen.contains("Delete M1"), "{screen}");
    assert_eq!(app.doc.ws.moments.len(), 3, "nothing deleted before y");
    app.keys("n");
    assert_eq!(app.doc.ws.moments.len(), 3);
    app.keys("dy");
    assert_eq!(app.doc.ws.moments.len(), 2);
    assert!(app.doc.moment(&MomentId::from("M1")).is_none());
    assert_eq!(
        app.focused().as_deref(),
        Some("M2"),
        "the neighbour takes focus"
    );
    app.keys("u");
    assert_eq!(app.doc.ws.moments.len(), 3);
    assert_eq!(titles_in(&app, "S1")[0], "Coverage check on the website");
    assert!(app.status().starts_with("Undid: "), "{}", app.status());
}

#[test]
fn shift_h_and_l_move_between_stages() {
    let mut app = app();
    app.keys("L");
    assert_eq!(moment(&app, "M1").stage.as_str(), "S2");
    assert_eq!(
        app.focused().as_deref(),
        Some("M1"),
        "the focus follows the card"
    );
    assert_eq!(app.status(), "Moved M1 to Purchase");
    app.keys("L");
    assert_eq!(moment(&app, "M1").stage.as_str(), "S3");
    app.keys("L");
    assert_eq!(app.status(), "No stage further that way");
    app.keys("HH");
    assert_eq!(moment(&app, "M1").stage.as_str(), "S1");
    app.keys("H");
    assert_eq!(app.status(), "No stage further that way");
}

#[test]
fn shift_k_and_j_reorder() {
    let mut app = app();
    app.keys("J");
    assert_eq!(
        titles_in(&app, "S1"),
        ["Sees a campaign", "Coverage check on the website"]
    );
    assert_eq!(app.session.focus_position, 1);
    app.keys("J");
    assert_eq!(titles_in(&app, "S1")[1], "Coverage check on the website");
    app.keys("K");
    assert_eq!(titles_in(&app, "S1")[0], "Coverage check on the website");
}

#[test]
fn votes_and_undo_redo_messages() {
    let mut app = app();
    app.keys("u");
    assert_eq!(app.status(), "Nothing to undo");
    app.keys("++");
    assert_eq!(moment(&app, "M1").votes, 2);
    assert_eq!(app.status(), "M1 has 2 votes");
    assert!(app.screen(80, 24).contains("●2"));
    app.keys("-");
    assert_eq!(moment(&app, "M1").votes, 1);
    assert_eq!(app.status(), "M1 has 1 vote");
    app.keys("--");
    assert_eq!(moment(&app, "M1").votes, 0);
    assert_eq!(app.status(), "M1 has no votes to remove");
    app.keys("u");
    assert_eq!(moment(&app, "M1").votes, 1);
    assert_eq!(app.status(), "Undid: M1 has 0 votes");
    app.keys("<ctrl-r>");
    assert_eq!(moment(&app, "M1").votes, 0);
    assert_eq!(app.status(), "Redid: M1 has 0 votes");
    app.keys("<ctrl-r>");
    assert_eq!(app.status(), "Nothing to redo");
    let screen = app.screen(80, 24);
    assert!(screen.contains("Nothing to redo"), "{screen}");
}

#[test]
fn checks_view_jumps_to_the_item() {
    let mut app = app();
    app.keys("9");
    assert_eq!(app.session.view, View::Checks);
    let screen = app.screen(100, 30);
    assert!(screen.contains("Checks"), "{screen}");
    let target = app
        .doc
        .analysis()
        .findings
        .iter()
        .position(|f| f.item == moments::model::ItemKey::Moment(MomentId::from("M2")))
        .expect("M2 has no Accountable owner");
    app.keys(&"j".repeat(target));
    app.keys("<enter>");
    assert_eq!(app.session.view, View::Board);
    assert_eq!(app.focused().as_deref(), Some("M2"));
    app.keys(&"<tab>".repeat(View::ALL.len()));
    assert_eq!(app.session.view, View::Board, "Tab cycles back");
    app.keys("<shift-tab>");
    assert_eq!(
        Some(&app.session.view),
        View::ALL.last(),
        "Shift-Tab goes back"
    );
}

#[test]
fn help_lists_the_keys_from_the_keymap() {
    let mut app = app();
    app.keys("?");
    // Tall enough for every line of the board's help (format 2 added C, M and m).
    let screen = app.screen(160, 70);
    for action in [
        Action::NewMoment,
        Action::Owners,
        Action::Undo,
        Action::Palette,
    ] {
        assert!(
            screen.contains(action.description()),
            "{action:?} in help: {screen}"
        );
    }
    // Rebinding a key changes what help shows.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("keys.ron");
    std::fs::write(&path, r#"Keymap(board: {"w": "owners", "o": "none"})"#).unwrap();
    let (keymap, problems) = Keymap::load(&path);
    assert!(problems.is_empty(), "{problems:?}");
    app.keymap = keymap;
    let screen = app.screen(160, 60);
    let owners_row = screen
        .lines()
        .find(|l| l.contains(Action::Owners.description()))
        .expect("owners row");
    assert!(owners_row.contains(" w "), "{owners_row}");
    assert!(!owners_row.contains(" o "), "{owners_row}");
    assert_eq!(app.keymap.action(Context::Board, Key::char('o')), None);
    app.keys("<esc>");
    assert!(app.session.overlays.is_empty());
}

#[test]
fn palette_finds_owners_and_runs_it() {
    let mut app = app();
    app.keys(":owners");
    let screen = app.screen(100, 30);
    assert!(screen.contains(Action::Owners.description()), "{screen}");
    app.keys("<enter>");
    match app.session.overlays.last() {
        Some(Overlay::Owners(draft)) => assert_eq!(draft.moment.as_str(), "M1"),
        other => panic!("expected the owners editor, got {other:?}"),
    }
}

#[test]
fn paste_into_the_prompt_strips_control_characters() {
    let mut app = app();
    app.keys("n");
    app.event(Event::Paste(
        "Coverage\u{1b}[31m check\non the\u{202E} web".into(),
    ));
    app.keys("<enter>");
    assert_eq!(moment(&app, "M4").title, "Coverage[31m check on the web");
    // Outside a text field a paste does nothing.
    app.event(Event::Paste("dd".into()));
    assert_eq!(app.doc.ws.moments.len(), 4);
}

#[test]
fn read_only_refuses_edits_with_a_message() {
    let mut app = app();
    app.session.read_only = Some("opened read-only".into());
    let before = app.doc.ws.clone();
    app.keys("+");
    assert_eq!(app.status(), "Not changed: opened read-only");
    app.keys("L").keys("J").keys("dy");
    // Refused at the key: no prompt opens to be typed into for nothing.
    app.keys("n");
    assert_eq!(app.status(), "Not changed: opened read-only");
    assert!(app.session.overlays.is_empty());
    // The editor opens to be read; typing and pasting leave the draft as it was.
    app.keys("<enter>");
    let title = app.doc.ws.moments[0].title.clone();
    app.keys("x");
    let screen = app.screen(100, 30);
    assert!(screen.contains("— view only"), "{screen}");
    assert!(screen.contains("Read-only: opened read-only"), "{screen}");
    assert!(screen.contains(&title) && !screen.contains(&format!("{title}x")));
    assert!(screen.contains("tab/↓ next field"), "{screen}");
    app.event(Event::Paste("pasted".into()));
    assert!(!app.screen(100, 30).contains("pasted"));
    app.keys("<tab><tab><ctrl-s>");
    assert!(app.session.overlays.is_empty(), "ctrl-s closes it");
    // So do the owners editor and the silo list, with their own keys refused.
    app.keys("oa");
    assert!(app.screen(100, 30).contains("Owners of M1"));
    assert_eq!(app.status(), "Read-only: opened read-only");
    app.keys("<esc>");
    assert!(app.session.overlays.is_empty());
    assert_eq!(app.doc.ws, before, "nothing changed");
    assert!(!app.doc.is_dirty());
}

#[test]
fn unbound_key_says_so() {
    let mut app = app();
    app.keys("z");
    assert_eq!(app.status(), "z does nothing here. Press ? for help");
}

#[test]
fn too_small_then_bigger() {
    let mut app = app();
    let screen = app.screen(20, 6);
    assert!(screen.contains("needs at"), "{screen}");
    assert!(screen.contains("40×10"), "{screen}");
    let screen = app.screen(80, 24);
    assert!(screen.contains("Awareness"), "{screen}");
}

#[test]
fn every_critical_for_option_can_be_seen_while_ticking_it() {
    let mut app = app();
    // Title → Stage → Description → Channel → Direction → Critical for, then the last one.
    app.keys("<enter><tab><tab><tab><tab><tab><left>");
    for (w, h) in [(80, 24), (160, 45)] {
        let screen = app.screen(w, h);
        let row = screen
            .lines()
            .find(|l| l.contains("Critical for"))
            .expect("critical-for row");
        assert!(
            row.contains("[ ] ↻"),
            "the cursor is in view at {w}×{h}: {row}"
        );
    }
    app.keys(" ");
    for (w, h) in [(80, 24), (160, 45)] {
        let screen = app.screen(w, h);
        let row = screen
            .lines()
            .find(|l| l.contains("Critical for"))
            .expect("critical-for row");
        assert!(row.contains("[x] ↻"), "{w}×{h}: {row}");
        if w == 80 {
            assert!(row.contains('…'), "the cut is marked: {row}");
        }
    }
    app.keys("<ctrl-s>");
    assert_eq!(
        moment(&app, "M1").critical_for,
        vec![CriticalFor::Retention]
    );
}

#[test]
fn overlay_footers_keep_save_and_cancel_at_80_columns() {
    let mut app = app();
    app.keys("o");
    let screen = app.screen(80, 24);
    let footer = screen.lines().nth(23).unwrap();
    assert!(footer.contains("enter save"), "{footer}");
    assert!(footer.contains("esc cancel"), "{footer}");
}

#[test]
fn parking_lot_captures_from_anywhere_and_converts_in_one_step() {
    let mut app = app();
    app.keys("2PLoyalty discount policy<enter>");
    assert_eq!(
        app.session.view,
        View::Owners,
        "parking does not leave the screen"
    );
    assert_eq!(
        app.doc.ws.parking_lot,
        vec!["Loyalty discount policy".to_owned()]
    );
    app.keys("1PActivation<enter>0");
    assert_eq!(app.session.view, View::Parking);
    let screen = app.screen(100, 30);
    assert!(screen.contains("Loyalty discount policy"), "{screen}");
    // The first item becomes a moment in the focused stage, in one undoable step.
    app.keys("m");
    assert_eq!(app.doc.ws.parking_lot, vec!["Activation".to_owned()]);
    let m = app
        .doc
        .ws
        .moments
        .iter()
        .find(|m| m.title == "Loyalty discount policy")
        .expect("a new moment");
    assert_eq!(m.stage.as_str(), "S1");
    app.keys("u");
    assert_eq!(app.doc.ws.parking_lot.len(), 2);
    assert!(
        app.doc
            .ws
            .moments
            .iter()
            .all(|m| m.title != "Loyalty discount policy")
    );
    // The second becomes a glossary term, the first an action for the focused moment.
    app.keys("jg");
    assert_eq!(
        app.doc.ws.glossary.last().map(|t| t.term.as_str()),
        Some("Activation")
    );
    app.keys("a");
    let action = app.doc.ws.actions.last().expect("a new action");
    assert_eq!(action.what, "Loyalty discount policy");
    assert_eq!(action.moment.as_str(), "M1");
    assert!(app.doc.ws.parking_lot.is_empty());
}

#[test]
fn timebox_starts_pauses_and_says_when_time_is_up() {
    use std::time::Duration;
    let mut app = app();
    app.keys("t2m<enter>");
    let start = app.now;
    assert!(app.screen(100, 30).contains("2:00 left"));
    app.now = start + Duration::from_secs(30);
    assert!(app.screen(100, 30).contains("1:30 left"));
    app.keys("T");
    app.now = start + Duration::from_secs(300);
    assert!(app.screen(100, 30).contains("paused 1:30"));
    app.keys("T");
    app.now = start + Duration::from_secs(391);
    assert!(app.session.tick(app.now), "the bell rings once");
    assert!(!app.session.tick(app.now));
    let screen = app.screen(100, 30);
    assert!(screen.contains("TIME UP +0:01"), "{screen}");
    assert!(screen.contains("Time is up"), "{screen}");
    app.keys("t0<enter>");
    assert!(app.session.timer.is_none());
}

#[test]
fn since_last_session_lists_what_is_still_open() {
    let demo = moments::doc::Doc::new(moments::templates::demo());
    let lines = moments::ui::overlays::summary::since_last_session(&demo, "2026-11-23");
    let text = lines.join("\n");
    assert!(text.contains("5 open actions, 2 overdue"), "{text}");
    assert!(text.contains("3 items in the parking lot"), "{text}");
    assert!(
        text.contains("2 moments without exactly one Accountable"),
        "{text}"
    );
    let empty = moments::doc::Doc::new(moments::model::Workspace::default());
    assert!(moments::ui::overlays::summary::since_last_session(&empty, "2026-11-23").is_empty());
}

/// The last line of the screen.
fn footer(app: &mut App, w: u16, h: u16) -> String {
    app.screen(w, h)
        .lines()
        .last()
        .unwrap_or_default()
        .to_owned()
}

#[test]
fn a_read_only_footer_offers_no_edits_and_help_marks_them() {
    let mut app = app();
    app.session.read_only = Some("opened read-only".into());
    app.save = moments::ui::SaveState::ReadOnly;
    // A card has focus, so a full-rights footer would offer n e o L + d u (see below).
    assert_eq!(
        footer(&mut app, 120, 40),
        " e view  o owners  tab view  : commands  i details  c compact  ? help  q quit"
    );
    assert_eq!(app.focused().as_deref(), Some("M1"));
    // The editors' keys go too, wherever an edit could start.
    for (view, refused) in [
        ("8", " n new"),
        ("7", " e edit"),
        ("6", " d delete"),
        ("0", " e edit"),
    ] {
        let mut full = self::app();
        full.keys(view);
        assert!(footer(&mut full, 120, 40).contains(refused));
        app.keys(view);
        let line = footer(&mut app, 120, 40);
        assert!(line.contains("tab view"), "{line}");
        assert!(!line.contains(refused), "{line}");
        assert!(!line.contains("undo"), "{line}");
    }
    app.keys("1?");
    let help = app.screen(120, 60);
    assert!(help.contains("Read-only (opened read-only)"), "{help}");
    assert!(
        help.contains("New moment in the focused stage — read-only"),
        "help keeps every key, marked: {help}"
    );
    assert!(help.contains("Undo the last edit — read-only"), "{help}");
    assert!(
        help.contains("Owners of the focused moment — view only"),
        "{help}"
    );
    assert!(help.contains("Move focus up"), "{help}");
    assert!(!help.contains("Move focus up —"), "{help}");
    // The palette finds them too, marked the same way.
    app.keys("<esc>:new moment");
    let palette = app.screen(120, 40);
    assert!(
        palette.contains("New moment in the focused stage — read-only"),
        "{palette}"
    );
    app.keys("<esc>:help");
    assert!(!app.screen(120, 40).contains("— read-only"));
}

#[test]
fn footers_offer_participants_what_they_may_do() {
    let mut app = app();
    assert_eq!(
        footer(&mut app, 120, 40),
        " n new  e edit  o owners  L move  + vote  d delete  u undo  tab view  : commands  i details  c compact  ? help  q quit"
    );
    app.session.rights = moments::ui::session::Rights::Participant;
    assert_eq!(
        footer(&mut app, 120, 40),
        " n new  e view  o owners  + vote  tab view  : commands  i details  c compact  ? help  q quit"
    );
}

/// Cards measured before an edit are kept only while they show the same: a vote changes
/// one card's marks, a title edit one card's lines, and each frame's layout must be the
/// one a fresh measurement makes (debug builds assert it on every frame).
#[test]
fn measured_cards_follow_edits() {
    let mut ws = fixture();
    // Marks enough that a vote's `●1` tips them onto a second line at some width.
    ws.moments[0].critical_for = vec![
        CriticalFor::Revenue,
        CriticalFor::Relationship,
        CriticalFor::Rescue,
        CriticalFor::Retention,
    ];
    let mut app = App::new(ws);
    for w in 30..=70 {
        app.screen(w, 20);
    }
    app.keys("+");
    for w in 30..=70 {
        app.screen(w, 20);
    }
    for (w, h) in [(80, 24), (120, 40)] {
        app.screen(w, h);
        app.keys("+");
        let screen = app.screen(w, h);
        let dots = moments::model::facilitation::shown_votes(&app.doc.ws, moment(&app, "M1"));
        assert!(dots > 0);
        assert!(screen.contains(&format!("●{dots}")), "{screen}");
    }
    // A longer title takes more lines at once, and the cards below move down.
    let before = app.screen(80, 24);
    app.keys("e");
    app.keys(" and then a much longer title<enter>");
    let after = app.screen(80, 24);
    assert_ne!(before, after);
    assert_eq!(
        moment(&app, "M1").title,
        "Coverage check on the website and then a much longer title"
    );
    assert!(after.contains("website and then a"), "{after}");
}
