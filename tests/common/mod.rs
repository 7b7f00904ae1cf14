//! Helpers shared by the integration tests: the demo and the fixture files, the built binary
//! in a home of its own, and an app without a terminal, fed key strings and drawn into a
//! `TestBackend` the way `runtime::frame::draw` does it; several sessions on one document.
//! Depends on the library's public API only.

// Each test crate uses only some of these.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Instant;

use moments::doc::Doc;
use moments::input::{Event, Key, KeyCode, Keymap};
use moments::model::Workspace;
use moments::ui::{Chrome, Ctx, SaveState, Session, Theme, ThemeName, handle, render};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

/// The wall clock of every test app at its start: 2026-11-23 10:00 UTC.
pub const CLOCK_START: u64 = 1_795_428_000;

/// A small workshop of our own, so flow tests do not depend on the demo's contents.
pub const FIXTURE: &str = r#"Workspace(
    format: 1,
    title: "Flow test workshop",
    silos: [
        Silo(id: "SAL", name: "Sales"),
        Silo(id: "SVC", name: "Customer Service"),
        Silo(id: "BIL", name: "Billing"),
    ],
    segments: [Segment(id: "G1", name: "Young families")],
    stages: [
        Stage(id: "S1", name: "Awareness"),
        Stage(id: "S2", name: "Purchase"),
        Stage(id: "S3", name: "Renewal"),
    ],
    moments: [
        Moment(id: "M1", stage: "S1", title: "Coverage check on the website"),
        Moment(id: "M2", stage: "S1", title: "Sees a campaign"),
        Moment(id: "M3", stage: "S2", title: "Signs the contract",
            owners: [Owner(silo: "SAL", role: Accountable), Owner(silo: "SVC", role: Responsible)]),
    ],
)"#;

pub fn fixture() -> Workspace {
    moments::persist::from_ron(FIXTURE).expect("the fixture loads")
}

/// The demo workshop as shipped in `assets/demo.ron`.
pub fn demo() -> Workspace {
    moments::templates::demo()
}

/// A file under `tests/fixtures/`.
pub fn fixture_file(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// The built binary, with config and data folders inside `home`, so a test never touches
/// the real home folder.
/// Every saved workspace under `tests/fixtures/saved`, format by format (the folders
/// hold each format's frozen saves), sorted by path.
pub fn saved_fixtures() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("the fixtures folder") {
            let path = entry.expect("a fixture").path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "ron") {
                out.push(path);
            }
        }
    }
    let mut out = Vec::new();
    walk(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/saved"),
        &mut out,
    );
    out.sort();
    out
}

pub fn moments(home: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_moments"));
    cmd.env("MOMENTS_CONFIG_DIR", home.join("config"))
        .env("MOMENTS_DATA_DIR", home.join("data"))
        .env("NO_COLOR", "1");
    cmd
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Parses a key string: every character is a key, `<name>` is a named key as in
/// keys.ron (`<enter>`, `<esc>`, `<ctrl-s>`, `<down>`), `<lt>` is a literal `<`.
pub fn parse_keys(s: &str) -> Vec<Key> {
    let mut keys = Vec::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '<' {
            let name: String = chars.by_ref().take_while(|&c| c != '>').collect();
            if name == "lt" {
                keys.push(Key::char('<'));
            } else {
                keys.push(
                    name.parse()
                        .unwrap_or_else(|e| panic!("bad key <{name}>: {e}")),
                );
            }
        } else {
            keys.push(Key::char(c));
        }
    }
    keys
}

/// One client's session on a document, with the default keys and theme.
pub struct App {
    pub doc: Doc,
    pub session: Session,
    pub keymap: Keymap,
    pub theme: Theme,
    pub now: Instant,
    pub save: SaveState,
    pub file: String,
}

impl App {
    pub fn new(ws: Workspace) -> Self {
        let now = Instant::now();
        let mut session = Session::new();
        // 2026-11-23 10:00 UTC, shown as UTC: snapshots do not depend on the machine.
        session.clock = moments::clock::WallClock::fixed(now, CLOCK_START, 0);
        Self {
            doc: Doc::new(ws),
            session,
            keymap: Keymap::default(),
            theme: Theme::new(ThemeName::Dark),
            now,
            save: SaveState::Saved,
            file: "workshop.ron".into(),
        }
    }

    pub fn event(&mut self, event: Event) -> &mut Self {
        let ctx = Ctx {
            keymap: &self.keymap,
            now: self.now,
            author: None,
        };
        handle(&mut self.session, &mut self.doc, &event, &ctx);
        self
    }

    /// Lets `secs` seconds pass.
    pub fn wait(&mut self, secs: u64) -> &mut Self {
        self.now += std::time::Duration::from_secs(secs);
        self
    }

    /// Feeds a key string (see [`parse_keys`]).
    pub fn keys(&mut self, s: &str) -> &mut Self {
        for key in parse_keys(s) {
            self.event(Event::Key(key));
        }
        self
    }

    /// The status line's message, if any.
    pub fn status(&self) -> String {
        self.session
            .status
            .as_ref()
            .map(|s| s.text.clone())
            .unwrap_or_default()
    }

    pub fn focused(&self) -> Option<String> {
        self.session
            .focus_moment
            .as_ref()
            .map(std::string::ToString::to_string)
    }

    /// Draws one frame at `w`×`h` and returns the buffer.
    pub fn draw(&mut self, w: u16, h: u16) -> Buffer {
        moments::ui::settle(&mut self.session, &self.doc, Rect::new(0, 0, w, h));
        let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
        let chrome = Chrome {
            file: &self.file,
            now: self.now,
            save: self.save.clone(),
            keymap: &self.keymap,
            theme: &self.theme,
        };
        terminal
            .draw(|frame| render(frame, &self.doc, &self.session, &chrome))
            .unwrap();
        terminal.backend().buffer().clone()
    }

    /// The screen at `w`×`h` as text, one line per row.
    pub fn screen(&mut self, w: u16, h: u16) -> String {
        text(&self.draw(w, h))
    }
}

/// A buffer as plain text: one line per row, wide characters once, trailing spaces cut.
pub fn text(buffer: &Buffer) -> String {
    let area = buffer.area;
    let mut out = String::new();
    for y in area.top()..area.bottom() {
        let mut line = String::new();
        let mut skip = 0;
        for x in area.left()..area.right() {
            let symbol = buffer[(x, y)].symbol();
            if skip > 0 {
                skip -= 1;
                continue;
            }
            line.push_str(symbol);
            skip = unicode_width::UnicodeWidthStr::width(symbol).saturating_sub(1);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// Feeds `typed` to one of several sessions on a shared document, as `author` types it:
/// `\n` is Enter, `\x1b` Esc, `\x7f` Backspace, anything else the character.
pub fn keys_as(doc: &mut Doc, session: &mut Session, author: &str, typed: &str) {
    let keymap = Keymap::default();
    for c in typed.chars() {
        let key = match c {
            '\n' => Key::plain(KeyCode::Enter),
            '\x1b' => Key::plain(KeyCode::Esc),
            '\x7f' => Key::plain(KeyCode::Backspace),
            c => Key::char(c),
        };
        let ctx = Ctx {
            keymap: &keymap,
            now: Instant::now(),
            author: Some(author),
        };
        handle(session, doc, &Event::Key(key), &ctx);
    }
}

/// The status line's text of a session, or nothing.
pub fn status_of(session: &Session) -> String {
    session
        .status
        .as_ref()
        .map(|s| s.text.clone())
        .unwrap_or_default()
}
