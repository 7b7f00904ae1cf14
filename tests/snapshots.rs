//! Whole-screen snapshots on `TestBackend`: the board, the moment editor, the owners editor
//! and help at 80×24 and 160×45 on the demo, an empty workspace and a too-small terminal.
//! Review changes with `cargo insta review` (or `INSTA_UPDATE=always cargo test --test
//! snapshots` and `git diff`).

mod common;

use common::App;
use moments::model::Workspace;

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

#[test]
fn help() {
    snap("help", "?");
}

#[test]
fn empty_workspace() {
    let mut app = App::new(Workspace::default());
    insta::assert_snapshot!("empty_80x24", app.screen(80, 24));
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
        ("9", "checks"),
        ("0", "parking"),
    ] {
        snap(&format!("view_{name}"), key);
    }
}

#[test]
fn empty_views() {
    for key in ["2", "3", "4", "5", "6", "7", "8", "9", "0"] {
        let mut app = App::new(Workspace::default());
        app.keys(key);
        let view = app.session.view.title().to_lowercase().replace(' ', "_");
        insta::assert_snapshot!(format!("empty_{view}_80x24"), app.screen(80, 24));
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
    }
}

/// The spotlight dims everything on the board but the focused card: the light is in the
/// cell styles, so assert on them rather than on text.
#[test]
fn spotlight_dims_all_but_the_focused_card() {
    let mut app = demo();
    app.keys("*");
    let buffer = app.draw(120, 30);
    // M1's title is on the first card of the first column; M4 is in the second column.
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
    let (x, y) = find("Plan comparison");
    let dimmed = buffer[(x, y)].style();
    assert_eq!(
        dimmed.fg,
        Some(ratatui::style::Color::DarkGray),
        "{dimmed:?}"
    );
    assert_ne!(lit.fg, Some(ratatui::style::Color::DarkGray), "{lit:?}");
}
