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
