//! Whole-screen snapshots on `TestBackend`: the board, the moment editor, the owners editor,
//! help and every view at 80×24 and 160×45 on the demo and on an empty workspace, and a
//! too-small terminal. Where colour carries meaning (experience, findings), the styles are
//! asserted cell by cell, and the monochrome theme is checked to keep the meaning in
//! symbols, bold and reverse.
//! Review changes with `cargo insta review` (or `INSTA_UPDATE=always cargo test --test
//! snapshots` and `git diff`).

mod common;

use common::App;
use moments::model::Workspace;
use moments::ui::{Theme, ThemeName, View};
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};

const SIZES: [(u16, u16); 2] = [(80, 24), (160, 45)];

/// The demo, as a fresh session sees it: the first card focused.
fn demo() -> App {
    let mut app = App::new(moments::templates::demo());
    app.file = "demo".into();
    app.save = moments::ui::SaveState::Scratch;
    app.screen(80, 24);
    assert_eq!(app.focused().as_deref(), Some("M1"));
    // Status messages come and go; snapshots show the steady screen.
    app.session.status = None;
    app
}

fn snap(name: &str, keys: &str) {
    for (w, h) in SIZES {
        let mut app = demo();
        app.keys(keys);
        app.session.status = None;
        let screen = app.screen(w, h);
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), screen);
    }
}

#[test]
fn board() {
    snap("board", "");
}

#[test]
fn moment_editor() {
    snap("moment_editor", "<enter>");
}

#[test]
fn owners_editor() {
    snap("owners_editor", "o");
}

/// The handoff form in the Seams view: editing the recorded handoff that leads the list,
/// and recording the derived seam below it.
#[test]
fn handoff_form() {
    snap("handoff_form", "3<enter>");
    snap("record_seam_form", "3jn");
}

#[test]
fn help() {
    snap("help", "?");
}

/// The key that opens each view, in Tab order, with the name its snapshots carry.
const VIEW_KEYS: [(&str, &str); 13] = [
    ("1", "board"),
    ("2", "owners"),
    ("3", "seams"),
    ("4", "experience"),
    ("5", "priorities"),
    ("6", "segments"),
    ("7", "language"),
    ("8", "plan"),
    ("M", "measures"),
    ("9", "checks"),
    ("0", "parking"),
    ("A", "agenda"),
    ("O", "outline"),
];

/// Help in every view, so splitting the views apart cannot change what help tells a user
/// unnoticed: the overlay as it opens at 120×40, and every line of it, including those
/// past the first screen.
#[test]
fn help_in_every_view() {
    let names: Vec<String> = View::ALL
        .iter()
        .map(|v| format!("{v:?}").to_lowercase())
        .collect();
    assert_eq!(
        names,
        VIEW_KEYS.map(|(_, name)| name.to_owned()),
        "one help snapshot per view"
    );
    for (key, name) in VIEW_KEYS {
        let mut app = demo();
        app.keys(key);
        assert_eq!(format!("{:?}", app.session.view).to_lowercase(), name);
        app.keys("?");
        app.session.status = None;
        insta::assert_snapshot!(format!("help_{name}_120x40"), app.screen(120, 40));
        let all: Vec<String> =
            moments::ui::chrome::help::lines(&app.keymap, &app.session, &app.theme)
                .iter()
                .map(|line| line.to_string().trim_end().to_owned())
                .collect();
        insta::assert_snapshot!(format!("help_{name}_all_lines"), all.join("\n"));
    }
}

#[test]
fn empty_workspace() {
    let mut app = App::new(Workspace::default());
    insta::assert_snapshot!("empty_80x24", app.screen(80, 24));
    insta::assert_snapshot!("empty_160x45", app.screen(160, 45));
}

/// Every view at both sizes, so a change to any of them shows up in review.
#[test]
fn views() {
    for (key, name) in [
        ("2", "owners"),
        ("3", "seams"),
        ("4", "experience"),
        ("5", "priorities"),
        ("6", "segments"),
        ("7", "language"),
        ("8", "plan"),
        ("M", "measures"),
        ("9", "checks"),
        ("0", "parking"),
        ("A", "agenda"),
    ] {
        snap(&format!("view_{name}"), key);
    }
}

#[test]
fn empty_views() {
    for key in ["2", "3", "4", "5", "6", "7", "8", "M", "9", "0", "A"] {
        let mut app = App::new(Workspace::default());
        app.keys(key);
        let view = app.session.view.label().to_lowercase().replace(' ', "_");
        for (w, h) in SIZES {
            insta::assert_snapshot!(format!("empty_{view}_{w}x{h}"), app.screen(w, h));
        }
    }
}

#[test]
fn too_small() {
    let mut app = demo();
    insta::assert_snapshot!("too_small_20x6", app.screen(20, 6));
}

/// Presentation mode, the spotlight and the timer, at a laptop size and a projector size.
#[test]
fn facilitation() {
    for (w, h) in [(80, 24), (120, 30)] {
        let mut app = demo();
        app.keys("<f5>jj");
        app.session.status = None;
        insta::assert_snapshot!(format!("present_{w}x{h}"), app.screen(w, h));

        let mut app = demo();
        app.keys("t10m<enter>");
        app.session.status = None;
        insta::assert_snapshot!(format!("timer_{w}x{h}"), app.screen(w, h));

        // A vote round: the room's own dots show, the tallies stay hidden…
        let mut app = demo();
        app.keys("V<enter>+++j+");
        app.session.status = None;
        insta::assert_snapshot!(format!("vote_hidden_{w}x{h}"), app.screen(w, h));
        // …until revealed.
        app.keys("R");
        app.session.status = None;
        insta::assert_snapshot!(format!("vote_revealed_{w}x{h}"), app.screen(w, h));

        // The agenda, three minutes over on its first item.
        let mut app = demo();
        app.keys("]");
        app.wait(8 * 60).keys("A");
        app.session.status = None;
        insta::assert_snapshot!(format!("agenda_overrun_{w}x{h}"), app.screen(w, h));
    }
}

/// The spotlight dims everything on the board but the focused card: the light is in the
/// cell styles, so assert on them rather than on text.
#[test]
fn spotlight_dims_all_but_the_focused_card() {
    let mut app = demo();
    app.keys("*");
    let buffer = app.draw(120, 30);
    // M1's title is on the first card of the first column; M4 ("Plan comparison page",
    // wrapped in the narrow columns that show every stage) is in the second column.
    let find = |needle: &str| {
        let area = buffer.area;
        (area.top()..area.bottom())
            .find_map(|y| {
                let row: String = (area.left()..area.right())
                    .map(|x| buffer[(x, y)].symbol())
                    .collect();
                row.find(needle)
                    .map(|col| (row[..col].chars().count() as u16, y))
            })
            .unwrap_or_else(|| panic!("{needle} on screen"))
    };
    let (x, y) = find("Coverage");
    let lit = buffer[(x, y)].style();
    let (x, y) = find("comparison");
    let dimmed = buffer[(x, y)].style();
    assert_eq!(
        dimmed.fg,
        Some(ratatui::style::Color::DarkGray),
        "{dimmed:?}"
    );
    assert_ne!(lit.fg, Some(ratatui::style::Color::DarkGray), "{lit:?}");
}
/// The cells of a buffer showing `symbol`, as (x, y).
fn cells_with(buffer: &Buffer, symbol: &str) -> Vec<(u16, u16)> {
    let area = buffer.area;
    (area.top()..area.bottom())
        .flat_map(|y| (area.left()..area.right()).map(move |x| (x, y)))
        .filter(|&(x, y)| buffer[(x, y)].symbol() == symbol)
        .collect()
}

/// The text of row `y` from column `x` on.
fn row_from(buffer: &Buffer, x: u16, y: u16) -> String {
    (x..buffer.area.right())
        .map(|x| buffer[(x, y)].symbol())
        .collect()
}

/// Experience heatmap: a cell whose worst experience is bad is drawn in the theme's `bad`
/// style, good in `good`; and the symbols say the same without colour.
#[test]
fn experience_heatmap_styles() {
    let mut app = demo();
    app.keys("4");
    let theme = Theme::new(ThemeName::Dark);
    let buffer = app.draw(160, 45);
    let screen = common::text(&buffer);
    for symbol in ["✗", "~", "✓", "?"] {
        assert!(screen.contains(symbol), "{symbol} missing:\n{screen}");
    }
    // Heatmap cells read " <worst> ✗b ~n ✓g ?u"; the worst mark sets the cell's style.
    let mut seen = (0, 0);
    for (x, y) in cells_with(&buffer, "✗") {
        let rest = row_from(&buffer, x, y);
        let cell = &buffer[(x, y)];
        if !rest.starts_with("✗ ✗") || cell.modifier.contains(Modifier::REVERSED) {
            continue;
        }
        assert_eq!(cell.fg, theme.bad.fg.unwrap(), "bad cell at {x},{y}");
        assert!(cell.modifier.contains(Modifier::BOLD), "bad is bold too");
        seen.0 += 1;
    }
    for (x, y) in cells_with(&buffer, "✓") {
        let rest = row_from(&buffer, x, y);
        if !rest.starts_with("✓ ✗0 ~0") || buffer[(x, y)].modifier.contains(Modifier::REVERSED)
        {
            continue;
        }
        assert_eq!(
            buffer[(x, y)].fg,
            theme.good.fg.unwrap(),
            "good cell at {x},{y}"
        );
        seen.1 += 1;
    }
    assert!(seen.0 > 0, "the demo has bad cells:\n{screen}");
    assert!(seen.1 > 0 || !screen.contains("✓ ✗0 ~0"), "{screen}");
    // The focused cell is reversed, so it shows without colour too.
    assert!(
        cells_with(&buffer, "✗")
            .iter()
            .chain(cells_with(&buffer, "~").iter())
            .chain(cells_with(&buffer, "✓").iter())
            .chain(cells_with(&buffer, "·").iter())
            .any(|&(x, y)| buffer[(x, y)].modifier.contains(Modifier::REVERSED)),
        "{screen}"
    );
}

/// Checks: errors in the `error` style, warnings in `warning`, each with its word and mark.
#[test]
fn checks_styles() {
    let mut app = demo();
    app.keys("9");
    let theme = Theme::new(ThemeName::Dark);
    let buffer = app.draw(160, 45);
    let screen = common::text(&buffer);
    let mut marks = 0;
    for (mark, word, style) in [
        ("✗", "✗ error", theme.error),
        ("!", "! warning", theme.warning),
        ("i", "i info", theme.info),
    ] {
        for (x, y) in cells_with(&buffer, mark) {
            if x != 2 || !row_from(&buffer, x, y).starts_with(word) {
                continue;
            }
            let cell = &buffer[(x, y)];
            if y == 2 {
                // The first row is selected: reversed colours.
                continue;
            }
            assert_eq!(cell.fg, style.fg.unwrap(), "{word} at {x},{y}:\n{screen}");
            marks += 1;
        }
    }
    assert!(marks > 0, "the demo has findings:\n{screen}");
}

/// `NO_COLOR`: the mono theme draws no colour at all; the focused card is reversed and the
/// experience, votes and critical-for marks are still on the cards.
#[test]
fn mono_board_keeps_meaning_without_colour() {
    let mut app = demo();
    app.theme = Theme::new(ThemeName::Mono);
    for (w, h) in SIZES {
        let buffer = app.draw(w, h);
        let screen = common::text(&buffer);
        for y in 0..h {
            for x in 0..w {
                let cell = &buffer[(x, y)];
                assert_eq!(
                    (cell.fg, cell.bg),
                    (Color::Reset, Color::Reset),
                    "colour at {x},{y}:\n{screen}"
                );
            }
        }
        for symbol in ["✗", "~", "$", "●", "▌"] {
            assert!(
                screen.contains(symbol),
                "{symbol} missing at {w}×{h}:\n{screen}"
            );
        }
        let (x, y) = cells_with(&buffer, "▌")[0];
        assert!(
            buffer[(x, y)].modifier.contains(Modifier::REVERSED),
            "the focused card is reversed"
        );
        // A bad experience is bold, so it stands out from neutral and good.
        let bad = cells_with(&buffer, "✗");
        assert!(
            bad.iter()
                .all(|&(x, y)| buffer[(x, y)].modifier.contains(Modifier::BOLD)),
            "{screen}"
        );
        // Same text as the coloured theme: meaning is in the symbols.
        let mut dark = demo();
        assert_eq!(screen, dark.screen(w, h));
    }
}
