//! End to end in a real pseudo-terminal: the built binary on a temporary copy of the demo,
//! keys written as a terminal sends them, the screen read back through vt100. Waits poll
//! the parsed screen with a deadline; nothing sleeps for a fixed time.

use std::path::{Path, PathBuf};
use std::thread;
use std::time::Duration;

use moments::model::{Role, Silo, SiloId, Workspace};
use portable_pty::CommandBuilder;

mod pty;
use pty::Pty;

// How long a screen may take to show what is awaited; generous because a loaded CI machine
// can stall the binary for seconds, and a passing wait returns as soon as it sees it.
const WAIT: Duration = Duration::from_secs(20);
const POLL: Duration = Duration::from_millis(10);

/// A running `moments` on a pseudo-terminal.
struct Term {
    pty: Pty,
}

/// Temporary folders for one run: the workspace, the config folder, the data folder.
struct Dirs {
    _root: tempfile::TempDir,
    file: PathBuf,
    config: PathBuf,
    data: PathBuf,
}

impl Dirs {
    /// A copy of the demo. The owners test needs silos: if the demo has none, two are
    /// added, so the test keeps working whatever the demo holds.
    fn demo() -> Dirs {
        let root = tempfile::tempdir().unwrap();
        let file = root.path().join("demo.ron");
        let config = root.path().join("config");
        let data = root.path().join("data");
        std::fs::create_dir_all(&config).unwrap();
        std::fs::create_dir_all(&data).unwrap();
        let demo = moments::templates::demo();
        if demo.silos.is_empty() {
            let mut ws = demo;
            for (id, name) in [("SAL", "Sales"), ("SVC", "Customer Service")] {
                ws.silos.push(Silo {
                    id: SiloId::from(id),
                    name: name.into(),
                    ..Silo::default()
                });
            }
            std::fs::write(&file, moments::persist::to_ron(&ws)).unwrap();
        } else {
            std::fs::write(&file, moments::templates::DEMO).unwrap();
        }
        Dirs {
            _root: root,
            file,
            config,
            data,
        }
    }

    fn load(&self) -> Workspace {
        let text = std::fs::read_to_string(&self.file).unwrap();
        moments::persist::from_ron(&text).expect("the saved file loads")
    }
}

impl Term {
    fn start(dirs: &Dirs, cols: u16, rows: u16) -> Term {
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_moments"));
        cmd.arg(&dirs.file);
        cmd.env("MOMENTS_CONFIG_DIR", &dirs.config);
        cmd.env("MOMENTS_DATA_DIR", &dirs.data);
        cmd.env_remove("NO_COLOR");
        cmd.cwd(dirs.file.parent().unwrap());
        Term {
            pty: Pty::spawn(cmd, cols, rows, WAIT, POLL),
        }
    }

    fn screen(&self) -> String {
        self.pty.screen()
    }

    /// Waits until `text` is on screen; returns the screen.
    #[track_caller]
    fn wait_for(&mut self, text: &str) -> String {
        self.pty.wait_for("moments", text)
    }

    /// Waits for the board, and dismisses the "since the last session" summary the demo
    /// shows on first opening (it has open actions and parked items).
    fn open_board(&mut self, stage: &str) {
        self.wait_for(stage);
        // The first frame can reach the terminal in pieces: the board before the summary
        // drawn over it. Give the summary a moment to show, so it never takes a test's key.
        thread::sleep(Duration::from_millis(300));
        if self.screen().contains("Since the last session") {
            self.send(" ");
            self.pty.wait_until("the summary goes away on a key", |s| {
                !s.contains("Since the last session")
            });
        }
    }

    fn send(&mut self, bytes: &str) {
        self.pty.send(bytes);
    }

    fn resize(&mut self, cols: u16, rows: u16) {
        self.pty.resize(cols, rows);
    }

    /// Waits for the process to end; returns whether it succeeded.
    #[track_caller]
    fn wait_exit(&mut self) -> bool {
        self.pty.wait_exit("moments")
    }
}

fn first_stage(path: &Path) -> String {
    let ws = moments::persist::from_ron(&std::fs::read_to_string(path).unwrap()).unwrap();
    ws.stages[0].name.clone()
}

#[test]
fn capture_two_moments_assign_an_owner_undo_redo_quit() {
    let dirs = Dirs::demo();
    let before = dirs.load();
    let stage = first_stage(&dirs.file);
    let mut t = Term::start(&dirs, 100, 30);
    let first = t.wait_for("Since the last session");
    assert!(first.contains("open action"), "{first}");
    t.open_board(&stage);

    t.send("n");
    t.wait_for("New moment in");
    t.send("Coverage check\r");
    t.wait_for("Coverage check");
    t.send("n");
    t.wait_for("New moment in");
    t.send("Installer visit\r");
    t.wait_for("Installer visit");

    t.send("o");
    t.wait_for("Owners of");
    t.send("a\r");
    t.wait_for(" set");
    t.send("u");
    t.wait_for("Undid: owners of");
    t.send("\x12"); // ctrl-r
    t.wait_for("Redid: owners of");

    t.send("q");
    assert!(t.wait_exit(), "q exits cleanly");

    let after = dirs.load();
    assert_eq!(after.moments.len(), before.moments.len() + 2);
    let find = |title: &str| {
        after
            .moments
            .iter()
            .find(|m| m.title == title)
            .unwrap_or_else(|| panic!("{title} was saved"))
    };
    let first = find("Coverage check");
    let second = find("Installer visit");
    assert_eq!(first.stage, after.stages[0].id);
    assert_eq!(second.stage, after.stages[0].id);
    assert!(first.owners.is_empty());
    assert_eq!(second.owners.len(), 1);
    assert_eq!(second.owners[0].silo, after.silos[0].id);
    assert_eq!(second.owners[0].role, Role::Accountable);
}

#[test]
fn starts_too_small_then_grows_and_shows_the_board() {
    let dirs = Dirs::demo();
    let stage = first_stage(&dirs.file);
    let mut t = Term::start(&dirs, 20, 6);
    t.wait_for("needs at");
    t.resize(100, 30);
    t.open_board(&stage);
    let screen = t.wait_for(&stage);
    assert!(!screen.contains("needs at"), "{screen}");
    t.send("q");
    assert!(t.wait_exit());
}

#[test]
fn sigterm_saves_the_last_edit() {
    let dirs = Dirs::demo();
    // Autosave off, so only the signal path can save the edit.
    std::fs::write(dirs.config.join("config.ron"), "Config(autosave: false)").unwrap();
    let stage = first_stage(&dirs.file);
    let mut t = Term::start(&dirs, 120, 30);
    t.open_board(&stage);
    t.send("nSaved by SIGTERM\r");
    t.wait_for("● unsaved");
    let pid = t.pty.child.process_id().expect("a pid");
    let status = std::process::Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    t.wait_exit();
    let after = dirs.load();
    assert!(
        after.moments.iter().any(|m| m.title == "Saved by SIGTERM"),
        "the edit was saved on SIGTERM"
    );
}

#[test]
fn the_since_last_session_summary_shows_once() {
    let dirs = Dirs::demo();
    let stage = first_stage(&dirs.file);
    let mut t = Term::start(&dirs, 100, 30);
    let screen = t.wait_for("Since the last session");
    assert!(screen.contains("in the parking lot"), "{screen}");
    t.open_board(&stage);
    t.send("q");
    assert!(t.wait_exit());
    // Nothing changed since: the second opening goes straight to the board.
    let mut t = Term::start(&dirs, 100, 30);
    let screen = t.wait_for(&stage);
    thread::sleep(Duration::from_millis(200));
    assert!(!t.screen().contains("Since the last session"), "{screen}");
    t.send("q");
    assert!(t.wait_exit());
}

/// A workshop on the demo at projector size, from the keyboard alone: the agenda, a
/// timebox, a vote round revealed, a parked item, the next agenda item; then quit and
/// read the file.
#[test]
fn a_workshop_runs_from_the_keyboard_and_its_state_is_saved() {
    let dirs = Dirs::demo();
    let stage = first_stage(&dirs.file);
    let mut t = Term::start(&dirs, 160, 45);
    t.open_board(&stage);

    t.send("]");
    t.wait_for("1/6 Welcome");
    t.send("t5m\r");
    t.wait_for("left");
    // One dot for each of three people in the room, on the focused card.
    t.send("V");
    t.wait_for("Dots each");
    t.send("\x7f1\t\x7f3\r");
    t.wait_for("dots left");
    t.send("+++");
    t.wait_for("0 of 3 left");
    t.send("R");
    t.wait_for("revealed");
    t.send("PLoyalty pricing\r");
    t.wait_for("Parked");
    t.send("]");
    t.wait_for("2/6 Agree the stages");
    t.send("q");
    assert!(t.wait_exit());

    let ws = dirs.load();
    assert!(ws.agenda[0].finished.is_some(), "{:?}", ws.agenda[0]);
    assert!(ws.agenda[1].started.is_some() && ws.agenda[1].finished.is_none());
    let round = ws.voting.expect("the round is saved");
    assert!(round.revealed);
    assert_eq!((round.budget, round.room, round.total()), (1, 3, 3));
    assert_eq!(ws.moments[0].votes, 3, "the revealed dots are the votes");
    assert!(ws.parking_lot.iter().any(|p| p.text == "Loyalty pricing"));
}

/// The whole journey on one screen: at 120×40 the demo's seven stages all show, `c`
/// packs the cards one line each and `i` brings the details pane back beside them.
#[test]
fn the_whole_journey_shows_at_120_columns() {
    let dirs = Dirs::demo();
    let stage = first_stage(&dirs.file);
    let mut t = Term::start(&dirs, 120, 40);
    t.open_board(&stage);
    let screen = t.wait_for("Renewal and");
    assert!(!screen.contains('▶'), "every stage shows:\n{screen}");
    t.send("c");
    t.wait_for("Compact cards");
    t.wait_for("M1 ~ ✔ Coverag");
    t.send("i");
    t.wait_for("M1 details");
    t.send("ci");
    t.wait_for("Details hidden");
    t.send("q");
    assert!(t.wait_exit());
}

/// Issue 12 in a real terminal: `/` finds a moment by its id and Enter goes there; `s`
/// shows one segment's experience, and the status line keeps saying which under a message.
#[test]
fn slash_finds_a_moment_and_s_keeps_its_segment_on_screen() {
    let dirs = Dirs::demo();
    let stage = first_stage(&dirs.file);
    let ws = dirs.load();
    let m12 = ws
        .moments
        .iter()
        .find(|m| m.id.as_str() == "M12")
        .expect("the demo has M12")
        .title
        .clone();
    let segment = ws.segments[0].name.clone();
    let mut t = Term::start(&dirs, 120, 40);
    // The demo opens with its summary, which takes the first key: wait for it and
    // dismiss it, so `/` cannot be the key that dismisses it.
    t.wait_for("Since the last session");
    t.send(" ");
    t.pty.wait_until("the summary goes away on a key", |s| {
        !s.contains("Since the last session")
    });
    t.wait_for(&stage);

    t.send("/");
    t.wait_for("Find: type an id or words");
    t.send("m12");
    t.wait_for("1 of");
    t.send("\r");
    let screen = t.wait_for(&format!("M12 {m12}"));
    assert!(!screen.contains("Find: type"), "{screen}");

    t.send("s");
    t.wait_for(&format!("◆ showing {segment}"));
    // A message comes and goes; the segment stays.
    t.send("+");
    let screen = t.wait_for("vote");
    assert!(screen.contains(&format!("◆ showing {segment}")), "{screen}");
    t.send("q");
    assert!(t.wait_exit());
}
