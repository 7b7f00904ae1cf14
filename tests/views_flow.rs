//! Flow tests for editing in each view of issue 4: a key string in, the document, the
//! session and the screen asserted. Built on the same `tests/common` app as the board's.

mod common;

use common::App;
use moments::model::{
    ActionStatus, Edit, Experience, Handoff, Item, Level, MomentId, Role, SegmentId, SiloId,
};
use moments::ui::View;
use moments::ui::overlays::Overlay;

/// Three silos, two segments, three stages and four moments: enough for a seam within a
/// stage and one across stages, a critical-and-failing moment, an overdue action and a
/// moment with no Accountable.
const VIEWS: &str = r#"Workspace(
    format: 1,
    title: "Views flow workshop",
    silos: [
        Silo(id: "SAL", name: "Sales"),
        Silo(id: "SVC", name: "Customer Service"),
        Silo(id: "BIL", name: "Billing"),
    ],
    segments: [
        Segment(id: "G1", name: "Young families"),
        Segment(id: "G2", name: "Small business"),
    ],
    stages: [
        Stage(id: "S1", name: "Awareness", goal: "Find out who can connect my home",
            entry_signals: ["Uses the coverage checker"], duration: "1 to 4 weeks",
            complexity: Low, repeats: true),
        Stage(id: "S2", name: "Purchase"),
        Stage(id: "S3", name: "Renewal"),
    ],
    moments: [
        Moment(id: "M1", stage: "S1", title: "Coverage check on the website",
            critical_for: [Revenue], importance: 4,
            experience: {"G1": Bad, "G2": Good}, target: Good,
            need: "Know quickly whether we can have it",
            owners: [Owner(silo: "SAL", role: Accountable)],
            kpis: [Kpi(name: "Checker completion", target: "70%", current: "52%")],
            votes: 2),
        Moment(id: "M2", stage: "S1", title: "Sees a campaign",
            experience: {"G1": Neutral},
            owners: [Owner(silo: "SVC", role: Accountable)]),
        Moment(id: "M3", stage: "S2", title: "Signs the contract", importance: 2,
            experience: {"G1": Good},
            owners: [Owner(silo: "BIL", role: Accountable), Owner(silo: "SVC", role: Responsible)]),
        Moment(id: "M4", stage: "S3", title: "Renews online"),
    ],
    actions: [
        Action(id: "A1", moment: "M1", what: "Fix the coverage checker", owner: "SAL",
            due: "2000-01-01"),
        Action(id: "A2", moment: "M3", what: "One-page contract", owner: "BIL",
            due: "2999-01-01"),
    ],
)"#;

fn app() -> App {
    let mut app = App::new(moments::persist::from_ron(VIEWS).expect("the fixture loads"));
    app.screen(80, 24);
    assert_eq!(app.focused().as_deref(), Some("M1"));
    app
}

/// The screen without the status message, which repeats what was just done.
fn body(app: &mut App, w: u16, h: u16) -> String {
    app.session.status = None;
    app.screen(w, h)
}

fn role(app: &App, moment: &str, silo: &str) -> Option<Role> {
    app.doc
        .moment(&MomentId::from(moment))
        .expect("moment exists")
        .owners
        .iter()
        .find(|o| o.silo.as_str() == silo)
        .map(|o| o.role)
}

fn totals(app: &App, silo: &str) -> (usize, usize) {
    app.doc
        .analysis()
        .silo_totals
        .get(&SiloId::from(silo))
        .copied()
        .unwrap_or_default()
}

fn rating(app: &App, moment: &str, segment: &str) -> Option<Experience> {
    app.doc
        .moment(&MomentId::from(moment))
        .expect("moment exists")
        .experience
        .get(&SegmentId::from(segment))
        .copied()
}

/// The screen above the status line and footer.
fn view(screen: &str) -> String {
    let lines: Vec<&str> = screen.lines().collect();
    lines[..lines.len() - 2].join("\n")
}

/// The line of the screen that contains `needle`.
fn line_with(screen: &str, needle: &str) -> String {
    screen
        .lines()
        .find(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("no line with {needle:?} in\n{screen}"))
        .to_owned()
}

// ---------------------------------------------------------------- Owners

#[test]
fn owners_set_a_role_in_place_clear_it_and_undo_one_step_each() {
    let mut app = app();
    app.keys("2");
    assert_eq!(app.session.view, View::Owners);
    assert_eq!(totals(&app, "SVC"), (1, 2));
    // M1, SVC column: Responsible, then Consulted in place, then cleared.
    app.keys("lr");
    assert_eq!(role(&app, "M1", "SVC"), Some(Role::Responsible));
    assert_eq!(totals(&app, "SVC"), (1, 3), "the silo's totals follow");
    let screen = body(&mut app, 80, 24);
    let row = line_with(&screen, "M1");
    assert!(row.contains(" A    R "), "{screen}");
    assert!(
        line_with(&screen, "Any part in").contains("  3"),
        "the totals row shows it: {screen}"
    );
    app.keys("c");
    assert_eq!(role(&app, "M1", "SVC"), Some(Role::Consulted));
    app.keys("x");
    assert_eq!(role(&app, "M1", "SVC"), None);
    assert_eq!(totals(&app, "SVC"), (1, 2));
    // Accountable on a second silo is flagged inline.
    app.keys("a");
    let screen = body(&mut app, 80, 24);
    assert!(line_with(&screen, "M1").contains("! 2 A"), "{screen}");
    // One undo step per change: a, x, c, r.
    app.keys("u");
    assert_eq!(role(&app, "M1", "SVC"), None);
    app.keys("u");
    assert_eq!(role(&app, "M1", "SVC"), Some(Role::Consulted));
    app.keys("u");
    assert_eq!(role(&app, "M1", "SVC"), Some(Role::Responsible));
    app.keys("u");
    assert_eq!(role(&app, "M1", "SVC"), None);
    assert!(!app.doc.can_undo());
    assert_eq!(app.session.view, View::Owners, "undo stays in the view");
}

#[test]
fn owners_filter_to_one_silo_and_back() {
    let mut app = app();
    // Billing's column: what does Billing own?
    app.keys("2llf");
    assert_eq!(app.session.views.owners.filter, Some(SiloId::from("BIL")));
    let screen = body(&mut app, 80, 24);
    assert!(
        screen.contains("what BIL Billing has a part in"),
        "{screen}"
    );
    assert!(screen.contains("Signs the contract"), "{screen}");
    assert!(!view(&screen).contains("Coverage check"), "{screen}");
    assert!(
        !screen.contains("Awareness"),
        "stages without BIL go: {screen}"
    );
    // The focus follows to the first moment shown, so a letter never changes a hidden row.
    assert_eq!(app.focused().as_deref(), Some("M3"));
    app.keys("hx");
    assert_eq!(role(&app, "M3", "SVC"), None);
    assert_eq!(totals(&app, "SVC"), (1, 1), "the totals follow");
    let screen = body(&mut app, 80, 24);
    assert!(
        line_with(&screen, "Any part in").contains("1    1    1"),
        "{screen}"
    );
    app.keys("u");
    assert_eq!(role(&app, "M3", "SVC"), Some(Role::Responsible));
    app.keys("f");
    assert_eq!(app.session.views.owners.filter, None);
    let screen = body(&mut app, 80, 24);
    assert!(screen.contains("Coverage check"), "{screen}");
}

// ---------------------------------------------------------------- Seams

#[test]
fn seams_worst_first_an_added_handoff_shows_and_b_jumps() {
    let mut app = app();
    app.keys("3");
    let seams: Vec<(String, String, String)> = app
        .doc
        .analysis()
        .seams
        .iter()
        .map(|s| (s.moment.to_string(), s.from.to_string(), s.to.to_string()))
        .collect();
    assert_eq!(seams.len(), 2, "{seams:?}");
    assert!(seams.contains(&("M2".into(), "SAL".into(), "SVC".into())));
    assert!(seams.contains(&("M3".into(), "SVC".into(), "BIL".into())));
    let screen = body(&mut app, 120, 24);
    assert!(
        line_with(&screen, "SVC → BIL").contains("D SVC → BIL"),
        "{screen}"
    );
    assert!(
        screen.contains("derived from the owners, across stages"),
        "{screen}"
    );
    // Rating the contract bad for a segment puts its seam first.
    let mut m3 = app.doc.moment(&MomentId::from("M3")).unwrap().clone();
    m3.experience.insert("G1".into(), Experience::Bad);
    app.doc
        .apply(
            Edit::Replace {
                key: moments::model::ItemKey::Moment(m3.id.clone()),
                item: Item::Moment(m3),
            },
            None,
        )
        .unwrap();
    assert_eq!(app.doc.analysis().seams[0].moment.as_str(), "M3");
    // An explicit, high-risk handoff where the customer is hurt leads the list.
    let handoff = Handoff {
        id: "H1".into(),
        moment: "M1".into(),
        from: "BIL".into(),
        to: "SAL".into(),
        what: "Coverage data".into(),
        risk: Some(Level::High),
    };
    app.doc
        .apply(
            Edit::Insert {
                item: Item::Handoff(handoff),
                at: 0,
            },
            None,
        )
        .unwrap();
    app.keys("3");
    let first = &app.doc.analysis().seams[0];
    assert_eq!(
        first
            .handoff
            .as_ref()
            .map(moments::model::HandoffId::as_str),
        Some("H1")
    );
    let screen = body(&mut app, 120, 24);
    let row = line_with(&screen, "BIL → SAL");
    assert!(row.contains("M1 Coverage check"), "{screen}");
    assert!(row.contains("✗ G1"), "{screen}");
    assert!(row.contains("High"), "{screen}");
    assert!(row.contains("H BIL → SAL"), "{screen}");
    assert!(row.contains("H1: Coverage data"), "{screen}");
    // Worst first on screen too: the handoff row comes before the derived ones.
    let at = |needle: &str| screen.find(needle).unwrap();
    assert!(at("BIL → SAL") < at("SVC → BIL"), "{screen}");
    assert!(at("SVC → BIL") < at("SAL → SVC"), "{screen}");
    // b on the second row shows its moment on the board.
    app.keys("jb");
    assert_eq!(app.session.view, View::Board);
    assert_eq!(app.focused().as_deref(), Some("M3"));
}

/// The app with handoff H1 recorded at M1, Billing to Sales, high risk: M1 is bad for
/// G1, so H1 leads the Seams view, above the two derived seams.
fn app_with_handoff() -> App {
    let mut app = app();
    app.doc
        .apply(
            Edit::Insert {
                item: Item::Handoff(h1()),
                at: 0,
            },
            None,
        )
        .unwrap();
    app.keys("3");
    assert_eq!(selected_seam(&app), (Some("H1".into()), "M1".into()));
    app
}

fn h1() -> Handoff {
    Handoff {
        id: "H1".into(),
        moment: "M1".into(),
        from: "BIL".into(),
        to: "SAL".into(),
        what: "Coverage data".into(),
        risk: Some(Level::High),
    }
}

/// The selected row of the Seams view: its handoff, if recorded, and its moment.
fn selected_seam(app: &App) -> (Option<String>, String) {
    let seam = &app.doc.analysis().seams[app.session.views.seams.selected];
    (
        seam.handoff.as_ref().map(std::string::ToString::to_string),
        seam.moment.to_string(),
    )
}

/// The open form: its title, the label of the focused field, and the field values.
fn open_form(app: &App) -> (String, String, Vec<(String, String)>) {
    match app.session.overlays.last() {
        Some(Overlay::Form { form, .. }) => (
            form.title.clone(),
            form.fields[form.focus].label.clone(),
            form.fields
                .iter()
                .map(|f| (f.label.clone(), f.value()))
                .collect(),
        ),
        other => panic!("no form open: {other:?}"),
    }
}

fn form_error(app: &App) -> Option<String> {
    match app.session.overlays.last() {
        Some(Overlay::Form { form, .. }) => form.error.clone(),
        other => panic!("no form open: {other:?}"),
    }
}

fn fields(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(l, v)| ((*l).to_owned(), (*v).to_owned()))
        .collect()
}

#[test]
fn seams_n_on_a_derived_seam_records_it_and_the_focus_follows_it() {
    let mut app = app();
    app.keys("3");
    let footer = body(&mut app, 120, 24).lines().last().unwrap().to_owned();
    for words in ["n new handoff", "e record", "d delete", "b board", "u undo"] {
        assert!(footer.contains(words), "{footer}");
    }
    // Narrower, deleting gives way before getting around does.
    let footer = body(&mut app, 80, 24).lines().last().unwrap().to_owned();
    assert!(
        footer.contains("e record") && footer.contains("tab view"),
        "{footer}"
    );
    assert!(!footer.contains("d delete"), "{footer}");
    // The second row: the seam from Customer Service to Billing, across stages.
    app.keys("j");
    assert_eq!(selected_seam(&app), (None, "M3".into()));
    app.keys("n");
    let (title, focus, values) = open_form(&app);
    assert_eq!(title, "Record the seam SVC → BIL at M3 as a handoff");
    assert_eq!(focus, "What passes", "moment and silos are known");
    assert_eq!(
        values,
        fields(&[
            ("Moment", "M3 Signs the contract"),
            ("From", "SVC Customer Service"),
            ("To", "BIL Billing"),
            ("What passes", ""),
            ("Risk", ""),
        ])
    );
    app.keys("Signed contract<tab>1<enter>");
    assert!(app.session.overlays.is_empty());
    assert_eq!(
        app.doc.ws.handoffs,
        vec![Handoff {
            id: "H1".into(),
            moment: "M3".into(),
            from: "SVC".into(),
            to: "BIL".into(),
            what: "Signed contract".into(),
            risk: Some(Level::Low),
        }]
    );
    assert_eq!(app.status(), "Added handoff H1 SVC→BIL at M3");
    // Recorded, the seam is no longer derived, and with a risk it now leads: the focus
    // moved to its row.
    let seams = &app.doc.analysis().seams;
    assert_eq!(seams.len(), 2);
    assert!(
        !seams
            .iter()
            .any(|s| s.handoff.is_none() && s.moment.as_str() == "M3")
    );
    assert_eq!(app.session.views.seams.selected, 0);
    assert_eq!(selected_seam(&app), (Some("H1".into()), "M3".into()));
    let screen = body(&mut app, 80, 24);
    assert!(
        line_with(&screen, "SVC → BIL").starts_with("│ H SVC → BIL"),
        "{screen}"
    );
    assert!(
        screen.contains("1 of 2 · handoff H1: Signed contract"),
        "{screen}"
    );
    // One step to undo, one to redo.
    app.keys("u");
    assert!(app.doc.ws.handoffs.is_empty());
    assert_eq!(app.status(), "Undid: added handoff H1 SVC→BIL at M3");
    assert_eq!(app.doc.analysis().seams.len(), 2);
    app.keys("<ctrl-r>");
    assert_eq!(app.doc.ws.handoffs.len(), 1);
    assert_eq!(app.doc.ws.handoffs[0].what, "Signed contract");
}

#[test]
fn seams_enter_on_a_derived_seam_offers_to_record_it_and_esc_leaves_nothing() {
    let mut app = app();
    app.keys("3<enter>");
    let (title, focus, _) = open_form(&app);
    assert_eq!(title, "Record the seam SAL → SVC at M2 as a handoff");
    assert_eq!(focus, "What passes");
    // Untouched, Esc closes without asking and records nothing.
    app.keys("<esc>");
    assert!(app.session.overlays.is_empty());
    assert!(app.doc.ws.handoffs.is_empty());
    // Saved as it is, the seam becomes a handoff with nothing written yet.
    app.keys("e<ctrl-s>");
    assert_eq!(app.doc.ws.handoffs.len(), 1);
    let h = &app.doc.ws.handoffs[0];
    assert_eq!(
        (h.moment.as_str(), h.from.as_str(), h.to.as_str()),
        ("M2", "SAL", "SVC")
    );
    let screen = body(&mut app, 80, 24);
    assert!(
        screen.contains("handoff H1: what passes is not written yet"),
        "{screen}"
    );
}

#[test]
fn seams_n_on_a_recorded_handoff_starts_from_the_focused_moment() {
    let mut app = app();
    // Focus the contract on the board: Billing is Accountable for it, Customer Service
    // for the moment before.
    app.keys("1l");
    assert_eq!(app.focused().as_deref(), Some("M3"));
    app.doc
        .apply(
            Edit::Insert {
                item: Item::Handoff(h1()),
                at: 0,
            },
            None,
        )
        .unwrap();
    app.keys("3");
    assert_eq!(selected_seam(&app).0.as_deref(), Some("H1"));
    app.keys("n");
    let (title, focus, values) = open_form(&app);
    assert_eq!(title, "New handoff");
    assert_eq!(focus, "Moment");
    assert_eq!(
        values,
        fields(&[
            ("Moment", "M3 Signs the contract"),
            ("From", "SVC Customer Service"),
            ("To", "BIL Billing"),
            ("What passes", ""),
            ("Risk", ""),
        ])
    );
    // Billing passes the signed contract on to Sales instead.
    app.keys("<tab><tab><right><tab>Signed contract<enter>");
    let h2 = app
        .doc
        .ws
        .handoffs
        .iter()
        .find(|h| h.id.as_str() == "H2")
        .expect("H2 was added")
        .clone();
    assert_eq!(
        h2,
        Handoff {
            id: "H2".into(),
            moment: "M3".into(),
            from: "SVC".into(),
            to: "SAL".into(),
            what: "Signed contract".into(),
            risk: None,
        }
    );
    assert_eq!(app.status(), "Added handoff H2 SVC→SAL at M3");
    assert_eq!(selected_seam(&app), (Some("H2".into()), "M3".into()));
    // The derived seam into Billing is still there: nobody recorded that one.
    assert!(
        app.doc
            .analysis()
            .seams
            .iter()
            .any(|s| s.handoff.is_none() && s.to.as_str() == "BIL")
    );
}

#[test]
fn seams_edit_every_field_of_a_handoff_as_one_undo_step() {
    let mut app = app_with_handoff();
    app.keys("e");
    let (title, focus, values) = open_form(&app);
    assert_eq!(title, "Handoff H1");
    assert_eq!(focus, "Moment");
    assert_eq!(
        values,
        fields(&[
            ("Moment", "M1 Coverage check on the website"),
            ("From", "BIL Billing"),
            ("To", "SAL Sales"),
            ("What passes", "Coverage data"),
            ("Risk", "High"),
        ])
    );
    // The next moment; Customer Service hands over to Billing; what passes rewritten
    // with a bracketed paste of two lines; low risk.
    app.keys("<right><tab><left><tab><right><right><tab>");
    app.keys("<backspace><backspace><backspace><backspace>");
    app.event(moments::input::Event::Paste(
        "details
and checks"
            .into(),
    ));
    app.keys("<tab>1");
    let (_, _, values) = open_form(&app);
    assert_eq!(
        values,
        fields(&[
            ("Moment", "M2 Sees a campaign"),
            ("From", "SVC Customer Service"),
            ("To", "BIL Billing"),
            ("What passes", "Coverage details and checks"),
            ("Risk", "Low"),
        ])
    );
    let revision = app.doc.revision;
    app.keys("<enter>");
    assert!(app.session.overlays.is_empty());
    let changed = Handoff {
        id: "H1".into(),
        moment: "M2".into(),
        from: "SVC".into(),
        to: "BIL".into(),
        what: "Coverage details and checks".into(),
        risk: Some(Level::Low),
    };
    assert_eq!(app.doc.ws.handoffs, vec![changed.clone()]);
    assert_eq!(app.doc.revision, revision + 1, "one edit");
    assert_eq!(app.status(), "Changed handoff H1 SVC→BIL at M2");
    assert_eq!(selected_seam(&app), (Some("H1".into()), "M2".into()));
    let screen = body(&mut app, 160, 45);
    assert!(
        line_with(&screen, "H SVC → BIL").contains("H1: Coverage details and checks"),
        "{screen}"
    );
    app.keys("u");
    assert_eq!(app.doc.ws.handoffs, vec![h1()]);
    assert_eq!(app.status(), "Undid: changed handoff H1 SVC→BIL at M2");
    app.keys("<ctrl-r>");
    assert_eq!(app.doc.ws.handoffs, vec![changed]);
    // Opened and saved unchanged: no edit.
    let revision = app.doc.revision;
    app.keys("e<enter>");
    assert_eq!(app.doc.revision, revision);
    assert_eq!(app.status(), "No changes");
}

#[test]
fn seams_delete_a_handoff_after_asking_and_never_a_derived_seam() {
    let mut app = app_with_handoff();
    app.keys("d");
    match app.session.overlays.last() {
        Some(Overlay::Confirm { question, .. }) => assert_eq!(
            question,
            "Delete handoff H1 BIL → SAL at M1 “Coverage data”? (u undoes)"
        ),
        other => panic!("no question: {other:?}"),
    }
    // No keeps it.
    app.keys("n");
    assert_eq!(app.doc.ws.handoffs, vec![h1()]);
    app.keys("dy");
    assert!(app.doc.ws.handoffs.is_empty());
    assert_eq!(app.status(), "Deleted handoff H1");
    app.keys("u");
    assert_eq!(app.doc.ws.handoffs, vec![h1()]);
    // A derived seam follows from the owners: it cannot be deleted, and the room is told
    // why.
    app.keys("j");
    assert_eq!(selected_seam(&app), (None, "M2".into()));
    let revision = app.doc.revision;
    app.keys("d");
    assert!(app.session.overlays.is_empty(), "nothing to confirm");
    assert_eq!(app.doc.revision, revision);
    assert!(
        app.status().starts_with(
            "A derived seam cannot be deleted: it follows from the owners (SAL is Accountable for M1, SVC for M2)"
        ),
        "{}",
        app.status()
    );
}

#[test]
fn seams_refusals_come_from_the_model_and_keep_the_form_open() {
    let mut app = app();
    app.keys("3n");
    // From Sales to Sales.
    app.keys("<shift-tab><left>");
    let revision = app.doc.revision;
    app.keys("<ctrl-s>");
    assert_eq!(app.doc.revision, revision);
    assert!(app.doc.ws.handoffs.is_empty());
    assert_eq!(
        form_error(&app).as_deref(),
        Some("a handoff passes work between two silos: SAL cannot hand off to itself")
    );
    let screen = app.screen(80, 24);
    assert!(screen.contains("SAL cannot hand off to itself"), "{screen}");
    // To Customer Service again, at the moment that renews online, which another
    // participant deletes while the form is open.
    app.keys("<right><shift-tab><shift-tab><right><right>");
    assert_eq!(open_form(&app).2[0].1, "M4 Renews online");
    app.doc
        .apply(
            Edit::Remove(moments::model::ItemKey::Moment("M4".into())),
            None,
        )
        .unwrap();
    let revision = app.doc.revision;
    app.keys("<ctrl-s>");
    assert_eq!(app.doc.revision, revision);
    assert_eq!(
        form_error(&app).as_deref(),
        Some("handoff H1 SAL→SVC at M4 refers to moment M4, which does not exist")
    );
    // Esc asks before dropping the draft.
    app.keys("<esc>");
    assert!(matches!(
        app.session.overlays.last(),
        Some(Overlay::Confirm { .. })
    ));
    app.keys("y");
    assert!(app.session.overlays.is_empty());
    assert!(app.doc.ws.handoffs.is_empty());
}

#[test]
fn seams_need_two_silos_and_a_moment_for_a_handoff() {
    let mut app = App::new(moments::model::Workspace::default());
    app.keys("3n");
    assert!(app.session.overlays.is_empty());
    assert_eq!(
        app.status(),
        "A handoff passes between two silos: add them first (S on the board)"
    );
    app.keys("e");
    assert_eq!(app.status(), "No seams yet: n records a handoff");
    app.keys("d");
    assert_eq!(app.status(), "Nothing to delete here");
}

// ---------------------------------------------------------------- Experience

#[test]
fn experience_drill_into_a_cell_rate_clear_and_back() {
    let mut app = app();
    app.keys("4");
    let cell = |app: &App, g: usize, s: usize| {
        let c = app.doc.analysis().heatmap[g][s];
        (c.bad, c.neutral, c.good, c.unknown)
    };
    assert_eq!(cell(&app, 0, 0), (1, 1, 0, 0));
    let screen = body(&mut app, 80, 24);
    assert!(screen.contains("✗ ✗1 ~1 ✓0 ?0"), "{screen}");
    assert!(screen.contains("Enter to rate these moments"), "{screen}");
    // In: the moments of Awareness, rated for Young families.
    app.keys("<enter>");
    assert_eq!(app.session.views.experience.drill, Some(0));
    let screen = body(&mut app, 80, 24);
    assert!(screen.contains("b bad, n neutral, g good"), "{screen}");
    assert!(line_with(&screen, "M1 Coverage").contains("✗"), "{screen}");
    // Good for M1, and on to M2: bad.
    app.keys("g");
    assert_eq!(rating(&app, "M1", "G1"), Some(Experience::Good));
    assert_eq!(
        app.session.views.experience.drill,
        Some(1),
        "on to the next moment"
    );
    app.keys("b");
    assert_eq!(rating(&app, "M2", "G1"), Some(Experience::Bad));
    assert_eq!(cell(&app, 0, 0), (1, 0, 1, 0));
    // Back up to M1: neutral, unknown, then cleared.
    app.keys("kn");
    assert_eq!(rating(&app, "M1", "G1"), Some(Experience::Neutral));
    app.keys("k.");
    assert_eq!(rating(&app, "M1", "G1"), Some(Experience::Unknown));
    app.keys("kx");
    assert_eq!(rating(&app, "M1", "G1"), None);
    assert_eq!(cell(&app, 0, 0), (1, 0, 0, 1));
    let screen = body(&mut app, 80, 24);
    assert!(
        line_with(&screen, "M1 Coverage").contains("not rated"),
        "{screen}"
    );
    // Out again; G2 for Purchase is the cell below and to the right.
    app.keys("<esc>");
    assert_eq!(app.session.views.experience.drill, None);
    app.keys("jl");
    assert_eq!(
        (
            app.session.views.experience.segment,
            app.session.views.experience.stage
        ),
        (1, 1)
    );
    assert_eq!(cell(&app, 1, 1), (0, 0, 0, 1));
    // Every rating was one undo step.
    app.keys("uuuuu");
    assert_eq!(rating(&app, "M1", "G1"), Some(Experience::Bad));
    assert_eq!(rating(&app, "M2", "G1"), Some(Experience::Neutral));
}

// ---------------------------------------------------------------- Priorities

/// Reads a priority row: (total, [critical, importance, gap, votes, rival, plan, proof],
/// moment id).
fn priority_row(line: &str) -> Option<(u32, Vec<u32>, String)> {
    let words: Vec<&str> = line.split_whitespace().collect();
    let total: u32 = words.first()?.trim_end_matches('!').parse().ok()?;
    let parts: Vec<u32> = words
        .get(1..8)?
        .iter()
        .map(|w| w.parse().ok())
        .collect::<Option<_>>()?;
    // words[8] is today's experience, a symbol.
    let id = words.get(9)?;
    id.starts_with('M')
        .then(|| (total, parts, (*id).to_owned()))
}

#[test]
fn priorities_parts_add_up_failing_filter_and_enter_jumps() {
    let mut app = app();
    app.keys("l5");
    let screen = body(&mut app, 100, 24);
    let rows: Vec<(u32, Vec<u32>, String)> = screen
        .lines()
        .filter_map(|l| priority_row(l.trim_start_matches('│')))
        .collect();
    assert_eq!(rows.len(), 4, "{screen}");
    for (total, parts, id) in &rows {
        assert_eq!(parts.iter().sum::<u32>(), *total, "{id}: {screen}");
    }
    // M1: critical 2 + importance 8 + gap (good − bad) 8 + votes 2, and its KPI (52
    // against 70, higher is better) is behind plan: 4 (format 2, issue 13).
    assert_eq!(rows[0], (24, vec![2, 8, 8, 2, 0, 4, 0], "M1".into()));
    assert!(
        line_with(&screen, "24!").contains("Coverage check"),
        "{screen}"
    );
    // The short list on top names it.
    assert!(
        line_with(&screen, "critical and failing:").contains("M1 Coverage check"),
        "{screen}"
    );
    // Highest first.
    assert!(rows.windows(2).all(|w| w[0].0 >= w[1].0), "{screen}");
    // f: only the critical-and-failing short list (the first choice of the filter form).
    app.keys("f<right><enter>");
    let screen = body(&mut app, 100, 24);
    assert!(
        screen.contains("Priorities: critical and failing (f changes)"),
        "{screen}"
    );
    assert!(screen.contains("Coverage check"), "{screen}");
    assert!(!view(&screen).contains("Signs the contract"), "{screen}");
    assert!(screen.contains("1 of 1"), "{screen}");
    app.keys("f<left><enter>");
    assert!(body(&mut app, 100, 24).contains("Signs the contract"));
    // Enter shows the selected moment on the board.
    app.keys("j<enter>");
    assert_eq!(app.session.view, View::Board);
    let second = &rows[1].2;
    assert_eq!(app.focused().as_ref(), Some(second));
}

// ---------------------------------------------------------------- Segments

#[test]
fn segments_new_via_form_proposition_multiline_and_delete_with_confirmation() {
    let mut app = app();
    app.keys("6nStudents<enter>");
    assert!(app.session.overlays.is_empty(), "{:?}", app.status());
    let names: Vec<&str> = app
        .doc
        .ws
        .segments
        .iter()
        .map(|g| g.name.as_str())
        .collect();
    assert_eq!(names, ["Young families", "Small business", "Students"]);
    // The proposition for the first segment: price over two lines, product too.
    app.keys("p");
    assert!(matches!(
        app.session.overlays.last(),
        Some(Overlay::Form { .. })
    ));
    let screen = body(&mut app, 100, 30);
    assert!(
        screen.contains("Proposition for Young families"),
        "{screen}"
    );
    app.keys(
        "Low monthly fee<enter>No contract<tab><tab><tab><tab><tab>Fibre and a router<ctrl-s>",
    );
    assert!(app.session.overlays.is_empty());
    let p = app
        .doc
        .ws
        .propositions
        .iter()
        .find(|p| p.segment.as_str() == "G1")
        .expect("a proposition for G1");
    assert_eq!(p.price, "Low monthly fee\nNo contract");
    assert_eq!(p.product, "Fibre and a router");
    let screen = body(&mut app, 100, 30);
    assert!(
        screen.contains("Low monthly fee ⏎ No contract"),
        "the detail shows both lines: {screen}"
    );
    assert!(screen.contains("proposition ✓"), "{screen}");
    // Delete the new segment: asked first; n keeps it, y deletes it.
    app.keys("<end>d");
    let screen = body(&mut app, 80, 24);
    assert!(screen.contains("Delete segment G3 Students"), "{screen}");
    app.keys("n");
    assert_eq!(app.doc.ws.segments.len(), 3);
    app.keys("dy");
    assert_eq!(app.doc.ws.segments.len(), 2);
    app.keys("u");
    assert_eq!(app.doc.ws.segments.len(), 3, "one undo brings it back");
}

// ---------------------------------------------------------------- Language

#[test]
fn language_new_term_with_silo_names_search_and_clear() {
    let mut app = app();
    app.keys("7n");
    let screen = body(&mut app, 100, 30);
    assert!(screen.contains("New term"), "{screen}");
    assert!(screen.contains("SAL calls it"), "{screen}");
    app.keys("Activation<tab>The line carries traffic<tab>Go-live<tab><tab>Billing start<ctrl-s>");
    assert!(app.session.overlays.is_empty(), "{}", app.status());
    let t = &app.doc.ws.glossary[0];
    assert_eq!(t.term, "Activation");
    assert_eq!(t.definition, "The line carries traffic");
    let called: Vec<(&str, &str)> = t
        .also_called
        .iter()
        .map(|(s, n)| (s.as_str(), n.as_str()))
        .collect();
    assert_eq!(called, [("BIL", "Billing start"), ("SAL", "Go-live")]);
    // Wide enough for the detail pane: what each silo calls it.
    let screen = body(&mut app, 160, 45);
    assert!(screen.contains("SAL (Sales): Go-live"), "{screen}");
    assert!(screen.contains("BIL (Billing): Billing start"), "{screen}");
    // Search finds a moment by its title; Enter shows it on the board.
    app.keys("<ctrl-f>contract<enter>");
    assert_eq!(app.session.views.language.query, "contract");
    let screen = body(&mut app, 100, 30);
    assert!(screen.contains("“contract”"), "{screen}");
    assert!(screen.contains("Signs the contract"), "{screen}");
    assert!(!screen.contains("Activation"), "{screen}");
    assert!(screen.contains("1 of 1"), "{screen}");
    app.keys("<esc>");
    assert_eq!(app.session.views.language.query, "");
    let screen = body(&mut app, 100, 30);
    assert!(screen.contains("Activation"), "{screen}");
    assert!(!screen.contains("Signs the contract"), "{screen}");
    app.keys("<ctrl-f>contract<enter><enter>");
    assert_eq!(app.session.view, View::Board);
    assert_eq!(app.focused().as_deref(), Some("M3"));
}

// ---------------------------------------------------------------- Plan

#[test]
fn plan_new_action_for_the_focused_moment_overdue_and_owner_filter() {
    let mut app = app();
    // Focus M3 (Purchase) on the board, then plan for it.
    app.keys("l8");
    assert_eq!(app.focused().as_deref(), Some("M3"));
    let screen = body(&mut app, 100, 24);
    assert!(line_with(&screen, "A1").contains("! overdue"), "{screen}");
    assert!(!line_with(&screen, "A2").contains("overdue"), "{screen}");
    assert!(screen.contains("1 overdue"), "{screen}");
    app.keys("n");
    let screen = body(&mut app, 100, 30);
    assert!(screen.contains("New action"), "{screen}");
    app.keys("Explain the first bill<enter>");
    assert!(app.session.overlays.is_empty(), "{}", app.status());
    let a = app.doc.ws.actions.last().unwrap();
    assert_eq!(
        (a.id.as_str(), a.moment.as_str(), a.what.as_str()),
        ("A3", "M3", "Explain the first bill")
    );
    assert_eq!(a.status, ActionStatus::Open);
    // f cycles the owner filter: SAL, SVC, BIL, all.
    let shown = |app: &mut App| {
        let screen = body(app, 100, 24);
        ["A1", "A2", "A3"]
            .into_iter()
            .filter(|id| screen.contains(&format!(" {id} ")))
            .collect::<Vec<_>>()
    };
    assert_eq!(shown(&mut app), ["A1", "A2", "A3"]);
    app.keys("f");
    assert_eq!(app.session.views.plan.filter, Some(SiloId::from("SAL")));
    assert_eq!(shown(&mut app), ["A1"]);
    assert!(body(&mut app, 100, 24).contains("actions owned by SAL"));
    app.keys("f");
    assert_eq!(shown(&mut app), Vec::<&str>::new());
    app.keys("f");
    assert_eq!(shown(&mut app), ["A2"]);
    app.keys("f");
    assert_eq!(app.session.views.plan.filter, None);
    assert_eq!(shown(&mut app), ["A1", "A2", "A3"]);
}

// ---------------------------------------------------------------- Checks

#[test]
fn checks_enter_jumps_to_the_item() {
    let mut app = app();
    app.keys("9");
    let findings = &app.doc.analysis().findings;
    let at = findings
        .iter()
        .position(|f| f.item == moments::model::ItemKey::Moment("M4".into()))
        .expect("M4 has no Accountable: a finding");
    let screen = body(&mut app, 160, 45);
    assert!(screen.contains("Enter jumps"), "{screen}");
    app.keys(&"j".repeat(at));
    app.keys("<enter>");
    assert_eq!(app.session.view, View::Board);
    assert_eq!(app.focused().as_deref(), Some("M4"));
    assert_eq!(
        app.session
            .focus_stage
            .as_ref()
            .map(moments::model::StageId::as_str),
        Some("S3")
    );
    let screen = body(&mut app, 100, 30);
    assert!(screen.contains("▌M4"), "focused on the board: {screen}");
}

// ---------------------------------------------------------------- Across views

#[test]
fn the_focused_moment_stays_focused_across_views() {
    let mut app = app();
    app.keys("l");
    assert_eq!(app.focused().as_deref(), Some("M3"));
    for _ in 0..View::ALL.len() {
        app.keys("<tab>");
        body(&mut app, 100, 30);
        assert_eq!(
            app.focused().as_deref(),
            Some("M3"),
            "{:?}",
            app.session.view
        );
    }
    assert_eq!(app.session.view, View::Board);
    for _ in 0..View::ALL.len() {
        app.keys("<shift-tab>");
        body(&mut app, 80, 24);
        assert_eq!(
            app.focused().as_deref(),
            Some("M3"),
            "{:?}",
            app.session.view
        );
    }
    assert_eq!(app.session.view, View::Board);
    // The Owners view opens on the focused moment's row, and moving there moves the
    // board's focus.
    app.keys("2");
    assert_eq!(app.focused().as_deref(), Some("M3"));
    app.keys("j");
    assert_eq!(app.focused(), None, "the Renewal stage row");
    app.keys("j");
    assert_eq!(app.focused().as_deref(), Some("M4"));
    app.keys("1");
    assert_eq!(app.focused().as_deref(), Some("M4"));
    let screen = body(&mut app, 100, 30);
    assert!(screen.contains("▌M4"), "{screen}");
}

// ---------------------------------------------------------------- Detail pane

#[test]
fn a_detail_pane_beside_the_board_and_owners_when_wide() {
    use moments::input::{Event, Mouse};
    use moments::ui::layout;
    use ratatui::layout::Rect;
    let mut app = app();
    // Narrow: no pane.
    let screen = body(&mut app, 149, 40);
    assert!(!screen.contains("M1 details"), "{screen}");
    // Wide: the focused moment's need, owners and KPIs, then its stage's details.
    let screen = body(&mut app, 160, 45);
    assert!(screen.contains("M1 details"), "{screen}");
    assert!(
        screen.contains("Need Know quickly whether we can"),
        "{screen}"
    );
    assert!(screen.contains("SAL Accountable"), "{screen}");
    // KPIs under the first of the three questions: its trend, latest → target, plan.
    assert!(screen.contains("How well are we doing?"), "{screen}");
    assert!(screen.contains("Checker completion"), "{screen}");
    assert!(screen.contains("52% → 70% ▼ behind"), "{screen}");
    assert!(
        screen.contains("── S1 Awareness (2 moments) ──"),
        "{screen}"
    );
    assert!(screen.contains("Entry signals:"), "{screen}");
    assert!(screen.contains("Duration: 1 to 4 weeks"), "{screen}");
    assert!(screen.contains("Complexity: Low"), "{screen}");
    assert!(screen.contains("Repeats"), "{screen}");
    // The stage itself focused: its details only.
    app.keys("k");
    let screen = body(&mut app, 160, 45);
    assert!(screen.contains("Stage S1"), "{screen}");
    assert!(!screen.contains("M1 details"), "{screen}");
    assert!(
        screen.contains("Goal: Find out who can connect"),
        "{screen}"
    );
    // A stage with no details says how to add them.
    app.keys("l");
    let screen = body(&mut app, 160, 45);
    assert!(screen.contains("No goal, entry signals or"), "{screen}");
    // The board leaves the pane alone, and clicks follow the same geometry.
    let area = Rect::new(0, 0, 160, 45);
    let (_, pane) = layout::split_detail(layout::screen(area).body);
    let pane = pane.expect("a pane at 160 columns");
    let board = moments::ui::views::board::draw::laid_out(&app.doc, &app.session, &app.theme, area);
    assert!(board.columns.iter().all(|c| c.rect.right() <= pane.x));
    app.keys("j");
    let card = board.columns[0].cards[1].rect;
    app.event(Event::Mouse(Mouse::Click {
        column: card.x + 2,
        row: card.y,
    }));
    assert_eq!(app.focused().as_deref(), Some("M2"));
    app.event(Event::Mouse(Mouse::Click {
        column: pane.x + 2,
        row: pane.y + 2,
    }));
    assert_eq!(app.focused().as_deref(), Some("M2"), "a click in the pane");
    // The Owners view shows the pane too, for the focused row.
    app.keys("2jj");
    let screen = body(&mut app, 160, 45);
    assert!(screen.contains("M3 details"), "{screen}");
    assert!(screen.contains("BIL Accountable"), "{screen}");
    assert!(screen.contains("SVC Responsible"), "{screen}");
}

#[test]
fn every_view_says_how_to_get_around_at_80_columns() {
    let mut app = app();
    for _ in 0..13 {
        let screen = body(&mut app, 80, 24);
        let footer = screen.lines().last().unwrap();
        for words in ["tab view", "? help", "q quit"] {
            assert!(footer.contains(words), "{:?}: {footer}", app.session.view);
        }
        app.keys("<tab>");
    }
    assert_eq!(
        app.session.view,
        moments::ui::View::Board,
        "thirteen views, round"
    );
}

#[test]
fn segments_say_which_moments_are_rated_for_the_segment_and_how() {
    let mut app = App::new(moments::templates::demo());
    app.keys("6");
    let screen = body(&mut app, 160, 45);
    assert!(
        screen.contains("How Young families experience the moments today"),
        "{screen}"
    );
    let bad = screen
        .lines()
        .find(|l| l.contains("✗ bad 2:"))
        .unwrap_or_else(|| panic!("a line for the bad ones:\n{screen}"));
    assert!(bad.contains("M11 Missed appointment rebooked · M14 First bill explained"));
    // Rated bad in the Experience view: the list follows the document.
    let m1 = app.doc.ws.moments[0].id.clone();
    app.keys("4<enter>b<esc>6");
    assert_eq!(
        app.doc.moment(&m1).unwrap().experience[&moments::model::SegmentId::from("G1")],
        moments::model::Experience::Bad
    );
    let screen = body(&mut app, 160, 45);
    assert!(screen.contains("✗ bad 3:"), "{screen}");
    assert!(
        screen.contains("M1 Coverage check on the website · M11"),
        "{screen}"
    );

    // Long lists name the first ones in board order and count the rest.
    let mut ws = moments::templates::demo();
    let template = ws.moments[0].clone();
    for n in 0..60 {
        let mut m = template.clone();
        m.id = moments::model::MomentId::from(format!("M{}", 100 + n).as_str());
        m.title = format!("Extra {n}");
        ws.moments.push(m);
    }
    let mut app = App::new(ws);
    app.keys("6");
    let screen = body(&mut app, 200, 60);
    assert!(screen.contains("~ neutral 74:"), "{screen}");
    assert!(screen.contains("· and 34 more"), "{screen}");
}

#[test]
fn priorities_filter_by_stage_silo_segment_and_critical_for_and_sort() {
    let mut app = App::new(moments::templates::demo());
    app.keys("5f");
    let form = body(&mut app, 120, 30);
    for field in [
        "Show",
        "Stage",
        "Silo",
        "Segment",
        "Critical for",
        "Sort by",
    ] {
        assert!(form.contains(field), "{form}");
    }
    assert!(
        form.lines().last().unwrap().contains("enter apply"),
        "{form}"
    );
    // The third stage, the second silo, sorted by votes.
    app.keys("<down><right><right><right><down><right><right><down><down><down>");
    app.keys("<right><enter>");
    let ws = &app.doc.ws;
    let (stage, silo) = (ws.stages[2].clone(), ws.silos[1].id.clone());
    let screen = body(&mut app, 120, 30);
    let title = format!(
        "Priorities: stage {} {} · {silo} has a part · by votes (f changes)",
        stage.id, stage.name
    );
    assert!(screen.contains(&title), "{screen}");
    let shown: Vec<&moments::model::Moment> = app
        .doc
        .ws
        .moments
        .iter()
        .filter(|m| {
            screen.lines().any(|l| {
                priority_row(l.trim_start_matches('│'))
                    .is_some_and(|(_, _, id)| id == m.id.as_str())
            })
        })
        .collect();
    let expected: Vec<_> = app
        .doc
        .ws
        .moments
        .iter()
        .filter(|m| m.stage == stage.id && m.owners.iter().any(|o| o.silo == silo))
        .collect();
    assert_eq!(shown.len(), expected.len(), "{screen}");
    assert!(!shown.is_empty());

    // A segment: only moments rated for it, its rating in the today column.
    app.session.views.priorities.filter = Default::default();
    app.keys("f<down><down><down><right><enter>");
    let g = app.doc.ws.segments[0].clone();
    let screen = body(&mut app, 120, 30);
    assert!(
        screen.contains(&format!("rated for {}", g.name)),
        "{screen}"
    );
    let bad = app
        .doc
        .ws
        .moments
        .iter()
        .find(|m| m.experience.get(&g.id) == Some(&moments::model::Experience::Bad))
        .unwrap();
    // Its row in the ranking (the short list on top may name it too).
    let row = screen
        .lines()
        .find(|l| l.contains(&bad.title) && priority_row(l.trim_start_matches('│')).is_some())
        .unwrap_or_else(|| panic!("no ranking row for {}:\n{screen}", bad.title));
    assert!(row.contains("✗"), "{row}");
    // `!` marks what fails for this segment: M17 fails for another, not for it.
    let rows: Vec<String> = screen
        .lines()
        .map(|l| l.trim_start_matches('│').to_owned())
        .filter(|l| priority_row(l).is_some())
        .collect();
    for row in &rows {
        let (_, _, id) = priority_row(row).unwrap();
        let m = app.doc.moment(&MomentId::from(id.as_str())).unwrap();
        let fails_here = !m.critical_for.is_empty()
            && m.experience.get(&g.id) == Some(&moments::model::Experience::Bad);
        assert_eq!(
            row.split_whitespace().next().unwrap().ends_with('!'),
            fails_here,
            "{row}"
        );
    }

    // Critical for one thing, and nothing matching says so.
    app.session.views.priorities.filter = Default::default();
    app.keys("f<down><down><down><down><right><enter>");
    let screen = body(&mut app, 120, 30);
    assert!(screen.contains("critical for driving revenue"), "{screen}");
    assert!(!view(&screen).contains("Street-works letter"), "{screen}");
    let mut ws = moments::templates::demo();
    ws.segments.push(moments::model::Segment {
        id: "G9".into(),
        name: "Nobody rated yet".into(),
        ..Default::default()
    });
    let mut app = App::new(ws);
    app.keys("5f<down><down><down><up><down><left><enter>");
    assert_eq!(
        app.session
            .views
            .priorities
            .filter
            .segment
            .as_ref()
            .map(moments::model::SegmentId::as_str),
        Some("G9")
    );
    assert!(body(&mut app, 120, 30).contains("No moment matches: f changes the filter"));

    // Observers filter too: it is their own view, not the document.
    let mut watcher = App::new(moments::templates::demo());
    watcher.session.read_only = Some("observers watch".into());
    watcher.keys("5f<right><enter>");
    assert!(watcher.session.views.priorities.filter.failing_only);
    let screen = body(&mut watcher, 120, 30);
    assert!(!screen.contains("view only"), "{screen}");
    assert_eq!(watcher.doc.revision, 0);
}
