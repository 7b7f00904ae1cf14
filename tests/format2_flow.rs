//! Flow tests for format 2 on screen (issue 13, and issue 12's vote rounds): the editors
//! of every new field, the Measures view, the Experience view's competitors mode, the
//! priorities' new parts, the Plan view's value–effort grid, the board's marks, and a
//! second vote round that keeps the first. Keys in, the document and the screen out.

mod common;

use common::App;
use moments::model::{
    Better, CompetitorId, Evidence, Level, MomentId, Objective, SegmentId, Standing, Trigger, View,
};
use moments::ui::overlays::Overlay;

/// Two competitors, two segments, three stages, five moments with KPIs on and off plan.
const FORMAT2: &str = r#"Workspace(
    format: 2,
    title: "Fibre for families",
    silos: [Silo(id: "SAL", name: "Sales"), Silo(id: "SVC", name: "Service")],
    competitors: [
        Competitor(id: "C1", name: "Brightwave Energy"),
        Competitor(id: "C2", name: "Openreach Direct"),
    ],
    segments: [
        Segment(id: "G1", name: "Young families", value: High, objective: Retention,
            cycle: "2-year contract"),
        Segment(id: "G2", name: "Small business"),
    ],
    stages: [
        Stage(id: "S1", name: "Awareness", resources: Low,
            needs: {"G1": "Know quickly whether fibre reaches my street"}),
        Stage(id: "S2", name: "Purchase"),
        Stage(id: "S3", name: "Renewal"),
    ],
    moments: [
        Moment(id: "M1", stage: "S1", title: "Coverage check on the website",
            critical_for: [Revenue], importance: 4,
            experience: {"G1": Bad}, target: Good, evidence: Measured,
            sources: ["call logs"],
            owners: [Owner(silo: "SAL", role: Accountable)],
            versus: {"C1": Ahead},
            kpis: [Kpi(name: "Checker completion", unit: "%", target: 70.0,
                readings: [Reading(date: "2026-06-30", value: 44.0),
                           Reading(date: "2026-09-30", value: 48.0),
                           Reading(date: "2026-11-15", value: 52.0)])]),
        Moment(id: "M2", stage: "S1", title: "Sees a campaign", supported: false,
            trigger: Situation,
            owners: [Owner(silo: "SVC", role: Accountable)]),
        Moment(id: "M3", stage: "S2", title: "Signs the contract",
            critical_for: [Relationship], experience: {"G1": Good},
            versus: {"C2": Behind},
            kpis: [Kpi(name: "Days to sign", unit: "days", better: Lower, target: 5.0,
                readings: [Reading(date: "2026-09-30", value: 4.0)])]),
        Moment(id: "M4", stage: "S3", title: "Renews online",
            versus: {"C2": Ahead},
            kpis: [Kpi(name: "Renewal rate", unit: "%", target: 80.0)]),
        Moment(id: "M5", stage: "S3", title: "Calls to cancel", critical_for: [Rescue]),
    ],
    actions: [
        Action(id: "A1", moment: "M1", what: "Fix the coverage checker", effort: Low),
        Action(id: "A2", moment: "M4", what: "Rebuild renewals", effort: High),
        Action(id: "A3", moment: "M5", what: "Script for cancellations"),
    ],
)"#;

fn app() -> App {
    let ws = moments::persist::from_ron(FORMAT2).expect("the format-2 fixture loads");
    let mut app = App::new(ws);
    app.screen(80, 24);
    assert_eq!(app.focused().as_deref(), Some("M1"));
    app
}

/// The screen without the status message.
fn body(app: &mut App, w: u16, h: u16) -> String {
    app.session.status = None;
    app.screen(w, h)
}

fn moment(app: &App, id: &str) -> moments::model::Moment {
    app.doc
        .moment(&MomentId::from(id))
        .expect("moment exists")
        .clone()
}

/// Moves the open form's focus to the field labelled `label`.
fn focus(app: &mut App, label: &str) {
    let Some(Overlay::Form { form, .. }) = app.session.overlays.last_mut() else {
        panic!("no form open: {}", app.status());
    };
    form.focus = form
        .fields
        .iter()
        .position(|f| f.label == label)
        .unwrap_or_else(|| panic!("the form has no field {label}"));
}

fn form_error(app: &App) -> Option<String> {
    match app.session.overlays.last() {
        Some(Overlay::Form { form, .. }) => form.error.clone(),
        _ => None,
    }
}

// ---------------------------------------------------------------- Editors

#[test]
fn the_moment_editor_edits_every_new_field() {
    let mut app = app();
    app.keys("j<enter>");
    assert!(matches!(
        app.session.overlays.last(),
        Some(Overlay::Form { .. })
    ));
    focus(&mut app, "Supported");
    app.keys("<left>");
    focus(&mut app, "Starts with");
    app.keys("<right>");
    focus(&mut app, "Evidence");
    app.keys("<right><right>");
    focus(&mut app, "Sources");
    app.keys("Q3 NPS verbatims<enter>call logs");
    focus(&mut app, "People");
    app.keys("Trained in fibre checks");
    focus(&mut app, "Systems");
    app.keys("Campaign manager");
    focus(&mut app, "vs Brightwave Energy");
    app.keys("<right><right><right>");
    focus(&mut app, "KPIs");
    app.keys("Recall | >= 30% <enter>2026-09-30 22<enter>  2026-11-15 31%");
    app.keys("<ctrl-s>");
    assert!(app.session.overlays.is_empty(), "{:?}", form_error(&app));
    let m = moment(&app, "M2");
    assert!(m.supported, "No → Yes");
    assert_eq!(m.trigger, Some(Trigger::Need));
    assert_eq!(m.evidence, Some(Evidence::Reported));
    assert_eq!(m.sources, vec!["Q3 NPS verbatims", "call logs"]);
    assert_eq!(m.people, "Trained in fibre checks");
    assert_eq!(m.systems, "Campaign manager");
    assert_eq!(
        m.versus.get(&CompetitorId::from("C1")).copied(),
        Some(Standing::Ahead)
    );
    assert_eq!(m.kpis.len(), 1);
    let k = &m.kpis[0];
    assert_eq!(
        (k.target, k.unit.as_str(), k.better),
        (Some(30.0), "%", Better::Higher)
    );
    assert_eq!(k.readings.len(), 2);
    assert_eq!(k.latest().map(|r| r.value), Some(31.0));
    // The whole form was one undo step.
    app.keys("u");
    assert_eq!(moment(&app, "M2").kpis.len(), 0);
    assert!(!moment(&app, "M2").supported);
}

#[test]
fn a_bad_reading_is_refused_with_its_line_and_the_draft_stays() {
    let mut app = app();
    app.keys("<enter>");
    focus(&mut app, "KPIs");
    app.keys("<enter>2026-13-01 55");
    app.keys("<ctrl-s>");
    let error = form_error(&app).expect("the form says what is wrong");
    assert!(error.contains("KPIs line 5"), "{error}");
    assert!(error.contains("2026-13-01"), "{error}");
    let screen = app.screen(120, 40);
    assert!(screen.contains("KPIs line 5"), "{screen}");
    // Fixed in place, it saves.
    app.keys("<backspace><backspace><backspace><backspace><backspace><backspace><backspace><backspace><backspace><backspace><backspace><backspace><backspace>");
    app.keys("2026-12-01 x");
    app.keys("<ctrl-s>");
    let error = form_error(&app).expect("a value that is not a number is refused");
    assert!(error.contains("“x” is not a number"), "{error}");
    app.keys("<backspace>55");
    app.keys("<ctrl-s>");
    assert!(app.session.overlays.is_empty(), "{:?}", form_error(&app));
    let readings = &moment(&app, "M1").kpis[0].readings;
    assert_eq!(readings.len(), 4);
    assert_eq!(
        moment(&app, "M1").kpis[0].latest().map(|r| r.value),
        Some(55.0)
    );
}

#[test]
fn competitors_have_their_own_list_like_silos_and_segments() {
    let mut app = app();
    app.keys("C");
    let screen = body(&mut app, 100, 30);
    assert!(screen.contains("Brightwave Energy"), "{screen}");
    assert!(screen.contains("ahead of us at 1"), "{screen}");
    app.keys("nFibreNow<enter>");
    assert_eq!(app.doc.ws.competitors.len(), 3);
    let added = app.doc.ws.competitors[2].clone();
    assert_eq!((added.id.as_str(), added.name.as_str()), ("C3", "FibreNow"));
    // An empty name is refused in the form.
    app.keys("n<enter>");
    assert!(form_error(&app).is_some_and(|e| e.contains("needs a name")));
    app.keys("<esc>");
    // Deleting asks, and takes the standings with it.
    app.keys("<esc>C");
    app.keys("d");
    assert!(matches!(
        app.session.overlays.last(),
        Some(Overlay::Confirm { .. })
    ));
    app.keys("y");
    assert_eq!(app.doc.ws.competitors.len(), 2);
    assert!(
        moment(&app, "M1").versus.is_empty(),
        "{:?}",
        moment(&app, "M1").versus
    );
    app.keys("<esc>u");
    assert_eq!(app.doc.ws.competitors.len(), 3);
}

#[test]
fn segments_stages_and_actions_edit_their_new_fields() {
    let mut app = app();
    // Segment G2: objective and cycle.
    app.keys("Gj<enter>");
    focus(&mut app, "Objective");
    app.keys("<right><right><right>");
    focus(&mut app, "Cycle");
    app.keys("Monthly");
    app.keys("<ctrl-s><esc>");
    let g = app.doc.ws.segments[1].clone();
    assert_eq!(g.objective, Some(Objective::Penetration));
    assert_eq!(g.cycle, "Monthly");
    // Stage S2: resources and a segment's needs.
    app.keys("lk<enter>");
    focus(&mut app, "Resources");
    app.keys("<right><right><right>");
    focus(&mut app, "Needs: Small business");
    app.keys("An invoice they can expense");
    app.keys("<ctrl-s>");
    assert!(app.session.overlays.is_empty(), "{:?}", form_error(&app));
    let s = app.doc.ws.stages[1].clone();
    assert_eq!(s.resources, Some(Level::High));
    assert_eq!(
        s.needs.get(&SegmentId::from("G2")).map(String::as_str),
        Some("An invoice they can expense")
    );
    // Action A3: effort.
    app.keys("8GG");
    app.session.views.plan.selected = 2;
    app.keys("<enter>");
    focus(&mut app, "Effort");
    app.keys("<right>");
    app.keys("<ctrl-s>");
    let a = app
        .doc
        .ws
        .actions
        .iter()
        .find(|a| a.id.as_str() == "A3")
        .unwrap();
    assert_eq!(a.effort, Some(Level::Low));
}

// ---------------------------------------------------------------- Measures

#[test]
fn measures_list_every_kpi_with_trend_latest_and_plan_and_enter_goes_to_the_moment() {
    let mut app = app();
    app.keys("M");
    assert_eq!(app.session.view, View::Measures);
    let screen = body(&mut app, 80, 24);
    assert!(screen.contains("Checker completion"), "{screen}");
    assert!(screen.contains("52%"), "{screen}");
    assert!(screen.contains("▼ behind"), "{screen}");
    // 4 days against ≤ 5: lower is better, so ahead.
    assert!(screen.contains("▲ ahead"), "{screen}");
    assert!(screen.contains("? no reading"), "{screen}");
    assert!(screen.contains("S3 Renewal"), "{screen}");
    // The sparkline rises over the three readings.
    assert!(screen.contains('█'), "{screen}");
    // f: only what is behind plan.
    app.keys("f");
    let screen = body(&mut app, 80, 24);
    assert!(screen.contains("KPIs behind plan"), "{screen}");
    assert!(screen.contains("Checker completion"), "{screen}");
    assert!(!screen.contains("Days to sign"), "{screen}");
    // f again: only critical moments (M1 revenue, M3 relationship).
    app.keys("f");
    let screen = body(&mut app, 80, 24);
    assert!(screen.contains("Days to sign"), "{screen}");
    assert!(!screen.contains("Renewal rate"), "{screen}");
    // n adds a reading to the selected KPI, today's date filled in; a bad one says why in
    // the form and nothing changes.
    app.keys("f<home>n");
    match app.session.overlays.last() {
        Some(Overlay::Form { form, .. }) => {
            assert!(
                form.title.contains("M1 Checker completion"),
                "{}",
                form.title
            );
            assert_eq!(form.fields[0].value(), "2026-11-23");
        }
        _ => panic!("no reading form: {}", app.status()),
    }
    app.keys("lots<enter>");
    let error = form_error(&app).expect("a value that is not a number is refused");
    assert!(
        error.starts_with("Reading:") && error.contains("“lots”"),
        "{error}"
    );
    app.keys("<backspace><backspace><backspace><backspace>61%<enter>");
    assert!(app.session.overlays.is_empty(), "{:?}", form_error(&app));
    let k = &moment(&app, "M1").kpis[0];
    assert_eq!(k.readings.len(), 4);
    assert_eq!(k.latest().map(|r| r.value), Some(61.0));
    assert!(
        app.status().contains("61% on 2026-11-23"),
        "{}",
        app.status()
    );
    app.keys("u");
    assert_eq!(moment(&app, "M1").kpis[0].readings.len(), 3);
    // Back round to the critical moments.
    app.keys("fff");
    // Enter on the second row goes to M3 on the board.
    app.keys("j<enter>");
    assert_eq!(app.session.view, View::Board);
    assert_eq!(app.focused().as_deref(), Some("M3"));
}

#[test]
fn the_three_questions_show_side_by_side_below_measures_and_in_the_details_pane() {
    let mut app = app();
    app.keys("M");
    let screen = body(&mut app, 160, 45);
    for question in [
        "How well are we doing?",
        "What can we improve?",
        "What do competitors do better?",
    ] {
        let line = screen
            .lines()
            .find(|l| l.contains(question))
            .unwrap_or_else(|| panic!("{question} missing:\n{screen}"));
        // Side by side: the three headings share one line.
        assert!(
            line.contains("How well") && line.contains("competitors do better"),
            "{line}"
        );
    }
    assert!(
        screen.contains("Brightwave Energy: ahead of us"),
        "{screen}"
    );
    assert!(screen.contains("Measured evidence"), "{screen}");
    assert!(screen.contains("A1 Fix the coverage checker"), "{screen}");
    // On the board the details pane asks them too, and shows the stage's resources and
    // each segment's needs.
    app.keys("1");
    let screen = body(&mut app, 160, 45);
    assert!(screen.contains("How well are we doing?"), "{screen}");
    assert!(screen.contains("What do competitors do"), "{screen}");
    assert!(screen.contains("Resources: Low"), "{screen}");
    assert!(screen.contains("Needs of Young families"), "{screen}");
}

// ---------------------------------------------------------------- Competitors mode

#[test]
fn the_competitors_mode_puts_behind_at_critical_moments_first_and_rates_in_place() {
    let mut app = app();
    app.keys("4m");
    let rows: Vec<String> = moments::ui::views::experience::rival_rows(&app.doc)
        .iter()
        .map(|m| m.id.to_string())
        .collect();
    // M1: behind C1 and critical for revenue; M4: behind C2, not critical; then the rest.
    assert_eq!(rows, vec!["M1", "M4", "M2", "M3", "M5"]);
    let screen = body(&mut app, 80, 24);
    assert!(
        screen.contains("Competitors: where we are behind"),
        "{screen}"
    );
    assert!(screen.contains("Brightwave"), "{screen}");
    assert!(screen.contains("▲ ahead"), "{screen}");
    // On M2 (third row), rate C2: they lead.
    app.keys("jjlb");
    assert_eq!(
        moment(&app, "M2")
            .versus
            .get(&CompetitorId::from("C2"))
            .copied(),
        Some(Standing::Ahead)
    );
    // The selection followed M2 to its new place.
    let state = &app.session.views.experience;
    let now: Vec<String> = moments::ui::views::experience::rival_rows(&app.doc)
        .iter()
        .map(|m| m.id.to_string())
        .collect();
    assert_eq!(now[state.rival_row], "M2");
    // g: we lead; x clears; each one undo step.
    app.keys("g");
    assert_eq!(
        moment(&app, "M2")
            .versus
            .get(&CompetitorId::from("C2"))
            .copied(),
        Some(Standing::Behind)
    );
    app.keys("x");
    assert!(moment(&app, "M2").versus.is_empty());
    app.keys("uu");
    assert_eq!(
        moment(&app, "M2")
            .versus
            .get(&CompetitorId::from("C2"))
            .copied(),
        Some(Standing::Ahead)
    );
    // m goes back to segments × stages.
    app.keys("m");
    assert!(body(&mut app, 80, 24).contains("segments × stages"));
}

// ---------------------------------------------------------------- Priorities and Plan

#[test]
fn priorities_rank_behind_off_plan_and_measured_above_assumed_and_show_the_parts() {
    let app = app();
    let p = |id: &str| {
        app.doc
            .analysis()
            .priorities
            .iter()
            .find(|p| p.moment.as_str() == id)
            .cloned()
            .unwrap()
    };
    let m1 = p("M1");
    // Behind Brightwave, its KPI behind plan, failing on measured evidence.
    assert_eq!((m1.rival, m1.plan, m1.proof), (4, 4, 4));
    assert_eq!(
        m1.total(),
        m1.critical + m1.importance + m1.gap + m1.votes + 12
    );
    let m4 = p("M4");
    // Behind C2; its KPI has no reading, which is not behind plan.
    assert_eq!((m4.rival, m4.plan, m4.proof), (4, 0, 0));
    let m3 = p("M3");
    assert_eq!((m3.rival, m3.plan), (0, 0), "ahead of C2, ahead of plan");
}

#[test]
fn the_plan_shows_a_value_effort_grid_with_quick_wins_first() {
    let mut app = app();
    app.keys("8m");
    let screen = body(&mut app, 80, 24);
    assert!(screen.contains("Quick wins"), "{screen}");
    assert!(screen.contains("Not placed"), "{screen}");
    let quick = screen
        .lines()
        .position(|l| l.contains("A1 M1"))
        .expect("A1 is on the grid");
    let big = screen
        .lines()
        .position(|l| l.contains("Quick wins"))
        .unwrap();
    assert!(quick > big, "{screen}");
    // The selection starts on the first quick win, and Enter edits it.
    app.keys("<enter>");
    match app.session.overlays.last() {
        Some(Overlay::Form { form, .. }) => assert!(form.title.contains("A1"), "{}", form.title),
        _ => panic!("no form"),
    }
}

// ---------------------------------------------------------------- Board marks

#[test]
fn the_board_marks_unsupported_moments_and_competitors_ahead() {
    let mut app = app();
    let screen = body(&mut app, 120, 40);
    assert!(screen.contains("○M2"), "{screen}");
    let m1 = screen
        .lines()
        .find(|l| l.contains("M1 SAL"))
        .expect("M1's card");
    assert!(m1.contains('»'), "{m1}");
    // The legend in help explains both.
    app.keys("?");
    let help = (0..6)
        .map(|_| {
            let s = body(&mut app, 120, 40);
            app.keys("<pagedown>");
            s
        })
        .collect::<String>();
    assert!(help.contains("hollow card"), "{help}");
    assert!(
        help.contains("competitor does this moment better"),
        "{help}"
    );
}

// ---------------------------------------------------------------- Vote rounds

#[test]
fn a_second_vote_round_keeps_the_first_and_the_board_shows_round_or_total() {
    let mut app = app();
    // Round 1: two dots on M1, revealed.
    app.keys("V<enter>++R");
    assert_eq!(app.doc.ws.vote_rounds.len(), 1);
    // Round 2: one dot on M1 and one on M2, then a new round asks, and r keeps it.
    app.keys("V<enter>+j+");
    app.keys("V");
    assert!(matches!(
        app.session.overlays.last(),
        Some(Overlay::Confirm { .. })
    ));
    app.keys("r<esc>");
    let rounds = &app.doc.ws.vote_rounds;
    assert_eq!(rounds.len(), 2, "both rounds are kept");
    assert_eq!(rounds[0].tallies.get(&MomentId::from("M1")), Some(&2));
    assert_eq!(rounds[1].tallies.get(&MomentId::from("M1")), Some(&1));
    assert_eq!(rounds[1].tallies.get(&MomentId::from("M2")), Some(&1));
    // Saved in the file.
    let text = moments::persist::to_ron(&app.doc.ws);
    assert!(text.contains("vote_rounds: ["), "{text}");
    let again = moments::persist::from_ron(&text).unwrap();
    assert_eq!(again.vote_rounds, app.doc.ws.vote_rounds);
    // The board shows this round's dots, or with m the total over both, and says which.
    app.keys("k");
    let screen = body(&mut app, 120, 40);
    assert!(line_of(&screen, "M1 SAL").contains("●1"), "{screen}");
    app.keys("m");
    assert!(app.status().contains("total"), "{}", app.status());
    let screen = body(&mut app, 120, 40);
    assert!(line_of(&screen, "M1 SAL").contains("Σ3"), "{screen}");
}

fn line_of(screen: &str, needle: &str) -> String {
    screen
        .lines()
        .find(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("no line with {needle:?} in\n{screen}"))
        .to_owned()
}

// ---------------------------------------------------------------- Snapshots

/// The Measures view and the competitors mode at 80×24 and 160×45.
#[test]
fn snapshots_of_measures_and_the_competitors_mode() {
    for (name, keys) in [("measures", "M"), ("competitors_mode", "4m")] {
        for (w, h) in [(80, 24), (160, 45)] {
            let mut app = app();
            app.file = "fibre".into();
            app.save = moments::ui::SaveState::Scratch;
            app.keys(keys);
            let screen = body(&mut app, w, h);
            insta::assert_snapshot!(format!("{name}_{w}x{h}"), screen);
        }
    }
}
