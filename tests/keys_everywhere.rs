//! Keys in every view, driven as a user drives them, so that splitting the views apart
//! cannot change what a key does unnoticed: `f` filters only where there is something to
//! filter (Owners, Plan, Priorities) and elsewhere changes nothing and claims nothing; and
//! every action has a key or is found in the command palette.

mod common;

use common::App;
use moments::input::{Action, Keymap};
use moments::ui::View;
use moments::ui::overlays::palette;

/// The key that opens each view.
const VIEW_KEYS: [(View, &str); 13] = [
    (View::Board, "1"),
    (View::Owners, "2"),
    (View::Seams, "3"),
    (View::Experience, "4"),
    (View::Priorities, "5"),
    (View::Segments, "6"),
    (View::Language, "7"),
    (View::Plan, "8"),
    (View::Checks, "9"),
    (View::Parking, "0"),
    (View::Agenda, "A"),
    (View::Outline, "O"),
    (View::Measures, "M"),
];

const W: u16 = 160;
const H: u16 = 45;

fn key_of(view: View) -> &'static str {
    VIEW_KEYS
        .iter()
        .find(|(v, _)| *v == view)
        .map(|(_, k)| *k)
        .unwrap()
}

/// The demo in `view`, as a fresh session sees it, with no status message.
fn open(view: View) -> App {
    let mut app = App::new(moments::templates::demo());
    app.file = "demo".into();
    app.save = moments::ui::SaveState::Scratch;
    app.screen(W, H);
    app.keys(key_of(view));
    assert_eq!(app.session.view, view);
    app.session.status = None;
    app
}

/// The screen without the status message, which comes and goes.
fn steady(app: &mut App) -> String {
    app.session.status = None;
    app.screen(W, H)
}

/// What `view` looks like in a fresh session that never pressed `f`.
fn untouched(view: View) -> String {
    steady(&mut open(view))
}

#[test]
fn the_table_names_every_view() {
    let mut views: Vec<View> = VIEW_KEYS.iter().map(|(v, _)| *v).collect();
    let mut all = View::ALL.to_vec();
    let order = |v: &View| format!("{v:?}");
    views.sort_by_key(order);
    all.sort_by_key(order);
    assert_eq!(views, all);
}

/// `f` in a view with nothing to filter: the screen stays as it was, the status does not
/// claim a filter, and the views that do filter still show everything.
fn f_changes_nothing_in(view: View) {
    let mut app = open(view);
    let before = steady(&mut app);
    app.keys("f");
    let status = app.status();
    assert!(
        !status.contains("Showing"),
        "f in {view:?} claims to filter: {status:?}"
    );
    assert_eq!(app.session.view, view, "f in {view:?} leaves the view");
    assert_eq!(
        steady(&mut app),
        before,
        "f in {view:?} changed the screen (status: {status:?})"
    );
    for filtered in [View::Owners, View::Plan, View::Priorities] {
        app.keys(key_of(filtered));
        assert_eq!(
            steady(&mut app),
            untouched(filtered),
            "f in {view:?} changed what {filtered:?} shows (status: {status:?})"
        );
    }
}

#[test]
fn f_in_board_changes_nothing() {
    f_changes_nothing_in(View::Board);
}

#[test]

fn f_in_seams_changes_nothing() {
    f_changes_nothing_in(View::Seams);
}

#[test]
fn f_in_experience_changes_nothing() {
    f_changes_nothing_in(View::Experience);
}

#[test]

fn f_in_segments_changes_nothing() {
    f_changes_nothing_in(View::Segments);
}

#[test]

fn f_in_language_changes_nothing() {
    f_changes_nothing_in(View::Language);
}

#[test]

fn f_in_checks_changes_nothing() {
    f_changes_nothing_in(View::Checks);
}

#[test]
fn f_in_parking_changes_nothing() {
    f_changes_nothing_in(View::Parking);
}

#[test]
fn f_in_agenda_changes_nothing() {
    f_changes_nothing_in(View::Agenda);
}

#[test]

fn f_in_outline_changes_nothing() {
    f_changes_nothing_in(View::Outline);
}

/// The Owners view's row of a moment: `│ M1  Coverage…`.
fn owners_row(screen: &str, id: &str) -> bool {
    screen.lines().any(|l| l.starts_with(&format!("│ {id} ")))
}

/// In Owners, `f` shows only the moments the focused silo has a part in; again, all.
#[test]
fn f_in_owners_filters_to_the_focused_silo_and_back() {
    let mut app = open(View::Owners);
    let before = steady(&mut app);
    let moments = app.doc.ws.moments.clone();
    assert!(moments.iter().all(|m| owners_row(&before, m.id.as_str())));

    app.keys("f");
    assert_eq!(app.status(), "Showing only what SAL Sales has a part in");
    let filtered = steady(&mut app);
    for m in &moments {
        let sal = m.owners.iter().any(|o| o.silo.as_str() == "SAL");
        assert_eq!(
            owners_row(&filtered, m.id.as_str()),
            sal,
            "{} with SAL's part {sal}:\n{filtered}",
            m.id
        );
    }

    app.keys("f");
    assert_eq!(app.status(), "Showing every moment");
    assert_eq!(steady(&mut app), before);
}

/// The Plan view's row of an action: `│ A3  M9   SAL …`.
fn plan_row(screen: &str, id: &str) -> bool {
    screen.lines().any(|l| l.starts_with(&format!("│ {id} ")))
}

/// In Plan, `f` steps through the silos, one at a time, then back to every action.
#[test]
fn f_in_plan_cycles_the_owner_filter() {
    let mut app = open(View::Plan);
    let before = steady(&mut app);
    assert!(before.contains("Plan: actions by moment"), "{before}");
    let silos: Vec<String> = app.doc.ws.silos.iter().map(|s| s.id.to_string()).collect();
    let actions = app.doc.ws.actions.clone();
    for silo in &silos {
        app.keys("f");
        let screen = steady(&mut app);
        assert!(
            screen.contains(&format!("Plan: actions owned by {silo}")),
            "{screen}"
        );
        for a in &actions {
            let owned = a.owner.as_ref().is_some_and(|o| o.as_str() == silo);
            assert_eq!(
                plan_row(&screen, a.id.as_str()),
                owned,
                "{}:\n{screen}",
                a.id
            );
        }
    }
    app.keys("f");
    assert_eq!(
        steady(&mut app),
        before,
        "after the last silo, every action"
    );
}

/// In Priorities, `f` opens the filter form; leaving it changes nothing.
#[test]
fn f_in_priorities_opens_the_filter_form() {
    let mut app = open(View::Priorities);
    let before = steady(&mut app);
    app.keys("f");
    let screen = steady(&mut app);
    assert!(
        screen.contains("Filter and sort the priorities"),
        "{screen}"
    );
    app.keys("<esc>");
    assert_eq!(steady(&mut app), before);
}

/// Nothing the app can do is out of reach: every action has a key in some context of the
/// default key table, or the command palette finds it by its name or its description.
#[test]
fn every_action_is_bound_or_in_the_palette() {
    let keymap = Keymap::default();
    let bound = |a: Action| keymap.bindings().any(|(_, _, b)| *b == a);
    let in_palette = |a: Action, query: &str| {
        View::ALL.iter().any(|&v| {
            let here = moments::ui::commands::available_in(v, true);
            palette::matches(query, &here).iter().any(|m| m.action == a)
        })
    };
    let unreachable: Vec<&str> = Action::ALL
        .iter()
        .filter(|&&a| {
            !bound(a)
                && !in_palette(a, &a.name().replace('_', " "))
                && !in_palette(a, a.description())
        })
        .map(|a| a.name())
        .collect();
    assert!(
        unreachable.is_empty(),
        "no key and not in the palette: {unreachable:?}"
    );
    // The palette itself must have a key: it cannot be found from inside itself.
    assert!(bound(Action::Palette));
}
