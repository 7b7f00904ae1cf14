//! The room (issue 12, points 1 and 7): the whole journey on one screen at 120×40 and
//! 160×45 for a six-stage and an eight-stage workshop, the details pane that gives way or
//! is toggled, the compact density, presentation mode's fitting; and what the back of
//! the room must be able to read: heatmap backgrounds on the projector, the Outline
//! wrapped, Owners' rows below, help uncut, the workshop's name in the title bar.
//! Snapshots are whole screens; flow tests feed keys and assert the document and screen.

mod common;

use common::App;
use moments::model::Workspace;
use moments::ui::{Theme, ThemeName};
use ratatui::style::Color;

/// A clinic's patient journey: six stages, nineteen moments, six silos, three segments,
/// as a new facilitator would build it in an hour.
const CLINIC: &str = r#"Workspace(
    format: 1,
    title: "Riverside Clinic: the patient journey",
    silos: [
        Silo(id: "REC", name: "Reception"),
        Silo(id: "NUR", name: "Nursing"),
        Silo(id: "DOC", name: "Doctors"),
        Silo(id: "LAB", name: "Laboratory"),
        Silo(id: "BIL", name: "Billing"),
        Silo(id: "ITS", name: "IT services"),
    ],
    segments: [
        Segment(id: "G1", name: "Families with children"),
        Segment(id: "G2", name: "Older patients"),
        Segment(id: "G3", name: "Busy commuters"),
    ],
    stages: [
        Stage(id: "S1", name: "Noticing a symptom"),
        Stage(id: "S2", name: "Booking"),
        Stage(id: "S3", name: "Arrival and waiting"),
        Stage(id: "S4", name: "Consultation"),
        Stage(id: "S5", name: "Tests and results"),
        Stage(id: "S6", name: "Follow-up and billing"),
    ],
    moments: [
        Moment(id: "M1", stage: "S1", title: "Searches symptoms online at night",
            owners: [Owner(silo: "ITS", role: Accountable)], experience: {"G1": Bad}),
        Moment(id: "M2", stage: "S1", title: "Asks the pharmacist",
            experience: {"G2": Neutral}),
        Moment(id: "M3", stage: "S1", title: "Calls the out-of-hours line",
            owners: [Owner(silo: "REC", role: Accountable)], critical_for: [Relationship]),
        Moment(id: "M4", stage: "S2", title: "Online booking finds no slot this week",
            owners: [Owner(silo: "ITS", role: Accountable), Owner(silo: "REC", role: Responsible)],
            experience: {"G1": Bad, "G3": Bad}, status: Agreed),
        Moment(id: "M5", stage: "S2", title: "Phone queue at 8 am",
            owners: [Owner(silo: "REC", role: Accountable)], experience: {"G2": Bad}),
        Moment(id: "M6", stage: "S2", title: "Confirmation text with the wrong address",
            owners: [Owner(silo: "ITS", role: Accountable)]),
        Moment(id: "M7", stage: "S3", title: "Finding a parking space",
            experience: {"G2": Bad, "G3": Neutral}),
        Moment(id: "M8", stage: "S3", title: "Check-in kiosk asks for a number nobody has",
            owners: [Owner(silo: "REC", role: Accountable), Owner(silo: "ITS", role: Responsible)]),
        Moment(id: "M9", stage: "S3", title: "Waiting room without an estimate",
            owners: [Owner(silo: "NUR", role: Accountable)], experience: {"G1": Bad, "G2": Neutral}),
        Moment(id: "M10", stage: "S4", title: "Doctor has read the notes",
            owners: [Owner(silo: "DOC", role: Accountable)], experience: {"G2": Good}, status: Agreed),
        Moment(id: "M11", stage: "S4", title: "Explaining the diagnosis in plain words",
            owners: [Owner(silo: "DOC", role: Accountable)], critical_for: [Relationship, Retention]),
        Moment(id: "M12", stage: "S4", title: "Prescription sent to the pharmacy",
            owners: [Owner(silo: "DOC", role: Accountable), Owner(silo: "ITS", role: Responsible)]),
        Moment(id: "M13", stage: "S5", title: "Blood test the same day",
            owners: [Owner(silo: "LAB", role: Accountable)], experience: {"G3": Good}),
        Moment(id: "M14", stage: "S5", title: "Results arrive by letter two weeks later",
            owners: [Owner(silo: "LAB", role: Accountable), Owner(silo: "DOC", role: Accountable)],
            experience: {"G1": Bad, "G2": Bad, "G3": Bad}),
        Moment(id: "M15", stage: "S5", title: "Nobody calls when the result is normal",
            experience: {"G1": Neutral}),
        Moment(id: "M16", stage: "S6", title: "Follow-up booked before leaving",
            owners: [Owner(silo: "REC", role: Accountable)], status: Agreed),
        Moment(id: "M17", stage: "S6", title: "Invoice in a language the patient reads",
            owners: [Owner(silo: "BIL", role: Accountable)], critical_for: [Revenue]),
        Moment(id: "M18", stage: "S6", title: "Insurance claim rejected without a reason",
            owners: [Owner(silo: "BIL", role: Accountable)], experience: {"G2": Bad}),
        Moment(id: "M19", stage: "S6", title: "Satisfaction survey",
            owners: [Owner(silo: "NUR", role: Informed)]),
    ],
)"#;

/// The six-stage clinic.
fn six() -> Workspace {
    moments::persist::from_ron(CLINIC).expect("the clinic loads")
}

/// The clinic with two more stages: eight.
fn eight() -> Workspace {
    let mut ws = six();
    for (id, name, title) in [
        ("S7", "Recovery at home", "Nurse calls on day three"),
        ("S8", "Coming back", "Annual check-up reminder"),
    ] {
        ws.stages.push(moments::model::Stage {
            id: id.into(),
            name: name.into(),
            ..Default::default()
        });
        let n = ws.moments.len() + 1;
        ws.moments.push(moments::model::Moment {
            id: format!("M{n}").as_str().into(),
            stage: id.into(),
            title: title.into(),
            ..Default::default()
        });
    }
    ws
}

/// The clinic with 44 more moments in its first stage: the "whole journey" wall.
fn crowded() -> Workspace {
    let mut ws = six();
    for i in 0..44 {
        let n = ws.moments.len() + 1;
        ws.moments.push(moments::model::Moment {
            id: format!("M{n}").as_str().into(),
            stage: "S1".into(),
            title: format!("Sticky note {} from the wall", i + 1),
            ..Default::default()
        });
    }
    ws
}

fn app(ws: Workspace) -> App {
    let mut app = App::new(ws);
    app.file = "clinic.ron".into();
    app.screen(120, 40);
    app.session.status = None;
    app
}

/// The stage names shown on a screen, of those in the workshop.
fn stages_on(screen: &str, ws: &Workspace) -> usize {
    ws.stages
        .iter()
        .filter(|s| {
            let first_word = s.name.split_whitespace().next().unwrap();
            screen.contains(first_word)
        })
        .count()
}

#[test]
fn six_stages_fit_from_100_columns_and_eight_from_130() {
    for (ws, w, h) in [
        (six(), 100, 30),
        (six(), 120, 40),
        (six(), 160, 45),
        (eight(), 130, 40),
        (eight(), 160, 45),
    ] {
        let n = ws.stages.len();
        let mut app = app(ws.clone());
        let screen = app.screen(w, h);
        assert_eq!(stages_on(&screen, &ws), n, "{w}×{h}:\n{screen}");
        assert!(
            !screen.contains('▶'),
            "nothing scrolls at {w}×{h}:\n{screen}"
        );
    }
    // Where they do not fit, the columns scroll and say how many lie beyond.
    let mut app = app(six());
    let screen = app.screen(80, 24);
    assert!(screen.contains('▶'), "{screen}");
    app.keys("lllll");
    let screen = app.screen(80, 24);
    assert!(screen.contains("Follow-up"), "{screen}");
    assert!(screen.contains('◀'), "{screen}");
}

#[test]
fn narrow_columns_wrap_titles_instead_of_cutting_them() {
    let mut app = app(six());
    let screen = app.screen(120, 40);
    // 120 columns for six stages: about 20 each, so long titles wrap at words.
    for part in ["Online booking", "finds no slot", "Results arrive"] {
        assert!(screen.contains(part), "{part}:\n{screen}");
    }
    assert!(!screen.contains("Online booking finds no slot this week"));
}

#[test]
fn the_details_pane_gives_way_and_toggles() {
    // Six stages at 160: the pane fits beside them, 20 columns each.
    let mut clinic = app(six());
    assert!(clinic.screen(160, 45).contains("M1 details"));
    // The demo's seven would be 17 wide beside it: it gives way.
    let mut demo = App::new(moments::templates::demo());
    assert!(!demo.screen(160, 45).contains("M1 details"));
    // 8 stages at 160: it gives way, every stage shows.
    let ws = eight();
    let mut app = app(ws.clone());
    let screen = app.screen(160, 45);
    assert!(!screen.contains("M1 details"), "{screen}");
    assert_eq!(stages_on(&screen, &ws), 8);
    // Asked for, it shows, and the journey scrolls beside it.
    app.keys("i");
    assert!(app.status().contains("Details shown"), "{}", app.status());
    let screen = app.screen(160, 45);
    assert!(screen.contains("M1 details"), "{screen}");
    assert!(screen.contains('▶'), "{screen}");
    // And hidden again; the document did not change.
    app.keys("i");
    assert!(app.status().contains("Details hidden"), "{}", app.status());
    assert!(!app.screen(160, 45).contains("M1 details"));
    assert_eq!(app.doc.ws, ws);
    // On the clinic at 160, `i` hides it and the stages take the room.
    clinic.keys("i");
    let screen = clinic.screen(160, 45);
    assert!(!screen.contains("M1 details"), "{screen}");
}

#[test]
fn compact_density_shows_forty_moments_a_column() {
    let mut app = app(crowded());
    // 47 moments in the first stage.
    let screen = app.screen(160, 45);
    assert!(screen.contains("▼"), "full cards do not all fit:\n{screen}");
    app.keys("c");
    assert!(app.session.compact);
    assert!(app.status().contains("Compact"), "{}", app.status());
    let screen = app.screen(160, 45);
    // One line per card: id, marks, title; the stage's first three and its sticky notes.
    assert!(screen.contains("M1 ✗ Searches"), "{screen}");
    assert!(screen.contains("M3 ♥ Calls the"), "{screen}");
    let cards = 3 + screen.matches("Sticky note").count();
    assert!(cards >= 40, "{cards}:\n{screen}");
    // Moving down past the end of the column scrolls it.
    for _ in 0..46 {
        app.keys("j");
    }
    let screen = app.screen(160, 45);
    assert!(screen.contains("Sticky note 44 from"), "{screen}");
    assert!(screen.contains("▲"), "{screen}");
    // The density is the session's: it stays after switching views.
    app.keys("2").keys("1");
    assert!(app.session.compact);
    app.keys("c");
    assert!(!app.session.compact);
}

#[test]
fn presentation_fits_the_same_way() {
    let ws = six();
    let mut app = app(ws.clone());
    app.keys("<f5>");
    let screen = app.screen(120, 40);
    assert_eq!(stages_on(&screen, &ws), 6, "{screen}");
    app.keys("c");
    let screen = app.screen(120, 40);
    assert!(screen.contains("Noticing a"), "{screen}");
    assert_eq!(stages_on(&screen, &ws), 6, "{screen}");
}

/// The screens a reviewer reads: both workshops at three sizes, full and compact, with
/// and without details, and presenting.
#[test]
fn snapshots() {
    for (name, ws) in [("six", six()), ("eight", eight())] {
        for (w, h) in [(80, 24), (120, 40), (160, 45)] {
            for (mode, keys) in [
                ("board", ""),
                ("compact", "c"),
                ("details", "i"),
                ("present", "<f5>jj"),
            ] {
                let mut app = app(ws.clone());
                app.keys(keys);
                app.session.status = None;
                insta::assert_snapshot!(format!("{name}_{mode}_{w}x{h}"), app.screen(w, h));
            }
        }
    }
    let mut app = app(crowded());
    app.keys("c");
    app.session.status = None;
    insta::assert_snapshot!("crowded_compact_160x45", app.screen(160, 45));
}

#[test]
fn projector_heatmap_cells_carry_their_meaning_in_the_background() {
    let mut app = app(six());
    app.theme = Theme::new(ThemeName::Projector);
    app.keys("4");
    let buffer = app.draw(120, 40);
    let screen = common::text(&buffer);
    let mut backgrounds = Vec::new();
    for y in 0..buffer.area.height {
        for x in 0..buffer.area.width {
            let cell = &buffer[(x, y)];
            // The worst mark opens each rated cell: " ✗ ✗1 ~0 ✓0 ?0".
            let next = (x + 2 < buffer.area.width).then(|| buffer[(x + 2, y)].symbol());
            if ["✗", "~", "✓"].contains(&cell.symbol()) && next == Some(cell.symbol()) {
                backgrounds.push((cell.symbol().to_owned(), cell.bg));
            }
        }
    }
    assert!(!backgrounds.is_empty(), "{screen}");
    for (symbol, bg) in &backgrounds {
        let want = match symbol.as_str() {
            "✗" => Color::Red,
            "~" => Color::Yellow,
            _ => Color::Cyan,
        };
        // The focused cell is reversed: its colour moves to the glyph.
        assert!(
            *bg == want || *bg == Color::White || *bg == Color::Reset,
            "{symbol} on {bg:?}"
        );
    }
    assert!(
        backgrounds
            .iter()
            .any(|(s, bg)| s == "✗" && *bg == Color::Red)
    );
    // The dark theme keeps colour in the glyph only.
    app.theme = Theme::new(ThemeName::Dark);
    let buffer = app.draw(120, 40);
    let reds = (0..buffer.area.height)
        .flat_map(|y| (0..buffer.area.width).map(move |x| (x, y)))
        .filter(|&(x, y)| buffer[(x, y)].bg == Color::Red)
        .count();
    assert_eq!(reds, 0);
}

#[test]
fn the_outline_wraps_instead_of_cutting() {
    let mut app = app(six());
    app.keys("O");
    let screen = app.screen(80, 24);
    // "Stage 1 of 6" and its moments fit; a long line continues on the next, indented.
    assert!(
        screen.contains("Moment M1: Searches symptoms online at night."),
        "{screen}"
    );
    let mut app = App::new(moments::templates::demo());
    app.keys("O");
    let screen = app.screen(40, 24);
    for line in screen.lines() {
        assert!(moments::ui::text::width(line) <= 40, "{line}");
    }
    assert!(
        screen.contains("Workshop: Northwind Broadband:"),
        "{screen}"
    );
    assert!(screen.contains("  onboarding and retention"), "{screen}");
}

#[test]
fn owners_at_80x24_says_more_rows_are_below() {
    let mut app = app(six());
    app.keys("2");
    let screen = app.screen(80, 24);
    assert!(screen.contains("more below"), "{screen}");
    app.keys("<end>");
    let screen = app.screen(80, 24);
    assert!(screen.contains("above"), "{screen}");
    assert!(!screen.contains("more below"), "{screen}");
}

#[test]
fn help_never_cuts_its_text_at_120_columns() {
    let mut app = App::new(moments::templates::demo());
    app.keys("?");
    // Page through the whole of help, reading the panel between its borders: every
    // line of help shows whole, wrapped if need be.
    let mut seen = String::new();
    for _ in 0..12 {
        let screen = app.screen(120, 40);
        for row in screen.lines() {
            if let (Some(a), Some(b)) = (row.find('║'), row.rfind('║'))
                && a < b
            {
                seen.push_str(&row[a + '║'.len_utf8()..b]);
                seen.push(' ');
            }
        }
        app.keys("<pagedown>");
    }
    let seen = seen.split_whitespace().collect::<Vec<_>>().join(" ");
    for needle in [
        "critical for revenue, relationship, rescuing customers at risk, retention",
        "Every edit is saved automatically and can be undone. Keys can be changed in keys.ron in the config folder.",
    ] {
        assert!(seen.contains(needle), "{needle} in {seen}");
    }
}

#[test]
fn the_80_column_title_bar_keeps_the_name_before_the_path() {
    let mut app = app(six());
    app.file = "/home/facilitator/workshops/2026/riverside-clinic/patient-journey.ron".into();
    let screen = app.screen(80, 24);
    let title = screen.lines().next().unwrap();
    // The name whole, then the path as far as it goes, then whether it is saved.
    assert!(
        title.starts_with("Riverside Clinic: the patient journey  /home/"),
        "{title}"
    );
    assert!(title.contains("…  ✓ saved"), "{title}");
}
