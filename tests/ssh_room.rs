//! The room over SSH, at the hub: one clock everyone reads (the timebox a facilitator
//! sets, started, paused or stopped, reaches every screen, and only a facilitator sets it)
//! and who has voted (the facilitator sees whom the round waits for, never what anyone
//! chose). Clients are driven as connections drive them: `Msg`s in, frames out of each
//! one's outbox, read through a terminal emulator.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use moments::input::{Event, Key, KeyCode};
use moments::serve::auth::Role;
use moments::serve::hub::{Hub, Msg, Outbox};
use tokio::sync::mpsc;

mod common;

const WAIT: Duration = Duration::from_secs(10);
const SIZE: (u16, u16) = (160, 45);

/// One person's screen: the bytes the hub sent them, taken as soon as they are ready (as
/// a connection takes them), through a terminal emulator.
struct Screen {
    id: u64,
    seen: Arc<Mutex<Seen>>,
}

struct Seen {
    parser: vt100::Parser,
    /// Terminal bells received so far.
    bells: usize,
}

impl Screen {
    fn new(id: u64, outbox: Arc<Outbox>) -> Screen {
        let seen = Arc::new(Mutex::new(Seen {
            parser: vt100::Parser::new(nonzero(SIZE.1), nonzero(SIZE.0), 0),
            bells: 0,
        }));
        let sink = Arc::clone(&seen);
        tokio::spawn(async move {
            loop {
                while let Some(bytes) = outbox.take() {
                    let mut seen = sink.lock().unwrap();
                    seen.bells += memchr::memchr_iter(0x07, &bytes).count();
                    seen.parser.process(&bytes);
                }
                if outbox.closed.load(Ordering::Acquire) {
                    return;
                }
                outbox.ready.notified().await;
            }
        });
        Screen { id, seen }
    }

    fn read(&self) -> String {
        self.seen.lock().unwrap().parser.screen().contents()
    }

    fn bells(&self) -> usize {
        self.seen.lock().unwrap().bells
    }

    /// The last two rows: the status line and the footer.
    fn bottom(&self) -> String {
        let screen = self.read();
        let rows: Vec<&str> = screen.lines().collect();
        rows[rows.len().saturating_sub(2)..].join("\n")
    }

    /// The title bar's row.
    fn top(&self) -> String {
        self.read().lines().next().unwrap_or_default().to_owned()
    }

    async fn wait_until(&self, what: &str, ok: impl Fn(&str) -> bool) {
        let deadline = Instant::now() + WAIT;
        loop {
            let screen = self.read();
            if ok(&screen) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "{what}: not on screen {}:\n{screen}",
                self.id
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    async fn wait_for(&self, text: &str) {
        self.wait_until(text, |s| s.contains(text)).await;
    }
}

struct Room {
    tx: mpsc::Sender<Msg>,
    hub: tokio::task::JoinHandle<Result<(), String>>,
}

impl Room {
    /// The demo workshop served without a file, dots per voter `budget`.
    fn start(budget: u32) -> Room {
        let (tx, rx) = mpsc::channel(64);
        let hub = Hub {
            doc: moments::doc::Doc::new(moments::templates::demo()),
            file: None,
            file_label: "workshop.ron".into(),
            keymap: moments::input::Keymap::default(),
            theme: moments::ui::Theme::new(moments::ui::ThemeName::Dark),
            config: moments::config::Config::default(),
            banner: "join: ssh -p 2222 NAME@host".into(),
            vote_budget: Some(budget),
            slow_client: Duration::from_secs(60),
        };
        Room {
            tx,
            hub: tokio::spawn(hub.run(rx)),
        }
    }

    async fn join(&self, id: u64, name: &str, role: Role) -> Screen {
        let outbox = Arc::new(Outbox::default());
        self.tx
            .send(Msg::Join {
                id,
                name: name.into(),
                identity: format!("key:{name}"),
                role,
                size: SIZE,
                outbox: Arc::clone(&outbox),
                notice: None,
                mono: true,
            })
            .await
            .unwrap();
        let screen = Screen::new(id, outbox);
        screen.wait_for(&format!("Welcome, {name}")).await;
        screen
    }

    /// Types `keys` as `who`: every character a key, `\r` Enter, `\t` Tab, `\x08`
    /// Backspace, `\x1b` Esc.
    async fn keys(&self, who: &Screen, keys: &str) {
        let events = keys
            .chars()
            .map(|c| {
                Event::Key(match c {
                    '\r' => Key::plain(KeyCode::Enter),
                    '\t' => Key::plain(KeyCode::Tab),
                    '\x08' => Key::plain(KeyCode::Backspace),
                    '\x1b' => Key::plain(KeyCode::Esc),
                    c => Key::char(c),
                })
            })
            .collect();
        self.tx
            .send(Msg::Input { id: who.id, events })
            .await
            .unwrap();
    }

    async fn leave(&self, who: &Screen) {
        self.tx.send(Msg::Leave { id: who.id }).await.unwrap();
    }

    async fn stop(self) {
        self.tx.send(Msg::Stop).await.unwrap();
        self.hub.await.unwrap().unwrap();
    }
}

fn nonzero(n: u16) -> std::num::NonZeroU16 {
    std::num::NonZeroU16::new(n).expect("a screen has rows and columns")
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .unwrap()
}

#[test]
fn the_facilitators_timebox_is_the_rooms_clock() {
    runtime().block_on(async {
        let room = Room::start(2);
        let ana = room.join(1, "ana", Role::Facilitator).await;
        let bo = room.join(2, "bo", Role::Participant).await;
        let olga = room.join(3, "olga", Role::Observer).await;

        room.keys(&ana, "t10m\r").await;
        ana.wait_for("Timebox of 10:00 started").await;
        for screen in [&bo, &olga] {
            screen
                .wait_until("the room's timebox", |s| {
                    s.lines().next().is_some_and(|top| top.contains(" left"))
                })
                .await;
        }

        // Participants and observers read the clock; they do not set it.
        room.keys(&bo, "T").await;
        bo.wait_for("The timebox is the room's clock").await;
        room.keys(&olga, "t").await;
        olga.wait_for("The timebox is the room's clock").await;
        assert!(!olga.read().contains("how long"), "no prompt opened");
        assert!(!ana.top().contains("paused"), "{}", ana.top());

        // A pause is everyone's.
        room.keys(&ana, "T").await;
        for screen in [&ana, &bo, &olga] {
            screen
                .wait_until("paused everywhere", |s| {
                    s.lines().next().is_some_and(|top| top.contains("paused "))
                })
                .await;
        }
        // Someone who joins later gets the room's clock as it stands.
        let cy = room.join(4, "cy", Role::Participant).await;
        assert!(cy.top().contains("paused "), "{}", cy.top());

        // Resumed, then stopped: everyone's goes with it.
        room.keys(&ana, "T").await;
        cy.wait_until("running again", |s| {
            s.lines()
                .next()
                .is_some_and(|top| top.contains(" left") && !top.contains("paused"))
        })
        .await;
        room.keys(&ana, "t0\r").await;
        for screen in [&bo, &cy] {
            screen
                .wait_until("the timebox stopped", |s| {
                    s.lines().next().is_some_and(|top| !top.contains(" left"))
                })
                .await;
        }

        // `]` starts the agenda item's timebox: the room reads the item's time from it.
        room.keys(&ana, "]").await;
        bo.wait_until("the item's timebox and the agenda agree", |s| {
            s.lines().next().is_some_and(|top| top.contains(" left"))
                && s.contains("▶ 1/")
                && s.contains("min left")
        })
        .await;
        room.keys(&ana, "T").await;
        bo.wait_for("‖ 1/").await;
        bo.wait_until("the pause in the title bar", |s| {
            s.lines().next().is_some_and(|top| top.contains("paused"))
        })
        .await;
        room.stop().await;
    });
}

#[test]
fn time_up_is_announced_once_on_every_screen_and_a_pause_after_it_says_paused() {
    runtime().block_on(async {
        let room = Room::start(2);
        let ana = room.join(1, "ana", Role::Facilitator).await;
        let bo = room.join(2, "bo", Role::Participant).await;
        room.keys(&ana, "t0:01\r").await;
        ana.wait_for("Time is up: wrap up, or press t for more time")
            .await;
        bo.wait_for("Time is up: time to wrap up").await;
        for screen in [&ana, &bo] {
            screen.wait_for("TIME UP").await;
        }
        // A pause after the time is up says so everywhere, and rings nothing new.
        room.keys(&ana, "T").await;
        for screen in [&ana, &bo] {
            screen.wait_for("paused · TIME UP").await;
        }
        room.keys(&ana, "T").await;
        bo.wait_until("running again", |s| {
            s.lines()
                .next()
                .is_some_and(|top| top.contains("TIME UP") && !top.contains("paused"))
        })
        .await;
        tokio::time::sleep(Duration::from_millis(1500)).await;
        // Someone who arrives after the end sees it, without a bell of their own.
        let cy = room.join(3, "cy", Role::Participant).await;
        assert!(cy.top().contains("TIME UP"), "{}", cy.top());
        tokio::time::sleep(Duration::from_millis(1200)).await;
        assert_eq!(ana.bells(), 1, "the facilitator's bell rings once");
        assert_eq!(bo.bells(), 1, "the participant's bell rings once");
        assert_eq!(cy.bells(), 0, "a late arrival is not rung at");
        assert!(!cy.read().contains("Time is up"));
        // More time is a new countdown: its end is announced again, once.
        room.keys(&ana, "t0:01\r").await;
        bo.wait_until("the new end", |s| s.contains("Time is up"))
            .await;
        tokio::time::sleep(Duration::from_millis(1200)).await;
        assert_eq!(bo.read().matches("TIME UP").count(), 1);
        assert_eq!(bo.bells(), 2);
        assert_eq!(cy.bells(), 1);
        room.stop().await;
    });
}

#[test]
fn the_facilitator_sees_who_the_round_waits_for_and_participants_only_how_many() {
    runtime().block_on(async {
        let room = Room::start(2);
        let ana = room.join(1, "ana", Role::Facilitator).await;
        let bo = room.join(2, "bo", Role::Participant).await;
        let cy = room.join(3, "cy", Role::Participant).await;
        let olga = room.join(4, "olga", Role::Observer).await;

        // A round for remote voters only: nobody here in the room.
        room.keys(&ana, "V").await;
        ana.wait_for("People here").await;
        // With participants connected, the first round records nobody else here.
        assert!(ana.read().contains("People here   0"), "{}", ana.read());
        room.keys(&ana, "\r").await;
        bo.wait_for("Vote round 1: 2 dots each").await;
        ana.wait_until("waiting for both", |s| {
            s.contains("0 of 2 voted · waiting: bo, cy")
        })
        .await;

        room.keys(&bo, "+").await;
        ana.wait_until("bo voted", |s| {
            s.contains("1 of 2 voted: bo 1 left · waiting: cy")
        })
        .await;
        assert!(!ana.bottom().contains("waiting: bo"), "{}", ana.bottom());
        // Participants see how many, never who.
        cy.wait_for("1 of 2 voted").await;
        let rows = cy.bottom();
        assert!(rows.contains("2/2 dots left"), "{rows}");
        assert!(!rows.contains("bo") && !rows.contains("waiting"), "{rows}");
        // An observer sees how many and has no dots.
        olga.wait_for("1 of 2 voted").await;
        assert!(!olga.bottom().contains("dots left"), "{}", olga.bottom());
        // Never what: no card shows bo's dot to others.
        assert!(!ana.read().contains('◦'), "{}", ana.read());

        // bo leaves: his dot still counts, and he is no longer awaited.
        room.leave(&bo).await;
        ana.wait_until("bo gone", |s| s.contains("3 online")).await;
        ana.wait_for("1 of 2 voted: bo 1 left · waiting: cy").await;
        room.keys(&cy, "++").await;
        ana.wait_for("2 of 2 voted: bo 1 left, cy ✓").await;
        assert!(!ana.bottom().contains("waiting"), "{}", ana.bottom());
        room.stop().await;
    });
}

#[test]
fn the_local_app_keeps_its_own_timebox_even_read_only() {
    let mut doc = moments::doc::Doc::new(moments::templates::demo());
    let keymap = moments::input::Keymap::default();
    let press = |session: &mut moments::ui::Session, doc: &mut moments::doc::Doc, keys: &str| {
        for c in keys.chars() {
            let key = if c == '\r' {
                Key::plain(KeyCode::Enter)
            } else {
                Key::char(c)
            };
            let ctx = moments::ui::Ctx {
                keymap: &keymap,
                now: Instant::now(),
                author: None,
            };
            moments::ui::handle(session, doc, &Event::Key(key), &ctx);
        }
    };
    // `--read-only` in the local app: the timebox is one's own, as before.
    let mut local = moments::ui::Session::new();
    local.read_only = Some("opened with --read-only".into());
    press(&mut local, &mut doc, "t5m\r");
    assert!(
        local
            .timer
            .as_ref()
            .is_some_and(moments::ui::timer::Timer::is_running)
    );
    press(&mut local, &mut doc, "T");
    assert!(local.timer.as_ref().is_some_and(|t| !t.is_running()));
    // The same keys from an observer over SSH: refused, with the reason.
    let mut olga = moments::ui::Session::new();
    olga.read_only = Some("observers watch, they do not edit".into());
    olga.follow = Some(true);
    press(&mut olga, &mut doc, "t");
    assert!(olga.overlays.is_empty(), "no prompt opens");
    assert!(olga.timer.is_none());
    let said = olga
        .status
        .as_ref()
        .map(|s| s.text.clone())
        .unwrap_or_default();
    assert!(said.contains("only the facilitator"), "{said}");
}

/// The status line's row of `app` at each size the room uses, one snapshot each.
fn snap_status_rows(app: &mut common::App, name: &str) {
    for (w, h) in [(80, 24), (120, 40), (160, 45)] {
        let screen = app.screen(w, h);
        let rows: Vec<&str> = screen.lines().collect();
        let status = rows[rows.len() - 2];
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), status);
    }
}

#[test]
fn the_status_line_of_a_served_vote_round_at_each_size() {
    let mut app = common::App::new(moments::templates::demo());
    // Under serve: the hub lists the participants connected.
    app.session.follow = Some(false);
    app.session.room_voters = Some(Arc::from(["bo".to_owned(), "cy".into(), "dee".into()]));
    // The agenda under way and a round for remote voters only, with bo's dot.
    app.keys("]V<tab><backspace>0<enter>");
    let mut bo = moments::ui::Session::new();
    bo.rights = moments::ui::Rights::Participant;
    bo.voter = "bo".into();
    bo.follow = Some(true);
    bo.room_voters = app.session.room_voters.clone();
    bo.focus_moment = app.session.focus_moment.clone();
    common::keys_as(&mut app.doc, &mut bo, "bo", "+");
    app.session.status = None;
    let row = app.screen(160, 45);
    assert!(row.contains("1 of 3 voted · waiting: cy, dee"), "{row}");
    snap_status_rows(&mut app, "served_vote_facilitator");
    // The participant: how many, never who.
    app.session = bo;
    app.session.status = None;
    app.session.clock = moments::clock::WallClock::fixed(app.now, common::CLOCK_START, 0);
    snap_status_rows(&mut app, "served_vote_participant");
}

/// CPU time this process has used (Linux's `/proc`, at its usual 100 ticks a second).
fn cpu() -> Duration {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap();
    let rest = &stat[stat.rfind(')').unwrap() + 2..];
    let f: Vec<&str> = rest.split(' ').collect();
    let ticks: u64 = f[11].parse::<u64>().unwrap() + f[12].parse::<u64>().unwrap();
    Duration::from_millis(ticks * 10)
}

/// What the room's ticking clock costs the hub: CPU and bytes per client with no timebox,
/// a running one and a paused one (`N` participants, 100 by default). A measurement, so
/// not run by default:
/// `N=500 cargo test --test ssh_room -- --ignored --nocapture`.
#[test]
#[ignore = "a measurement of about 50 s; run it with --ignored"]
fn what_the_rooms_clock_costs() {
    let n: u64 = std::env::var("N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100);
    runtime().block_on(async {
        let (tx, rx) = tokio::sync::mpsc::channel(1024);
        let hub = Hub {
            doc: moments::doc::Doc::new(moments::templates::demo()),
            file: None,
            file_label: "w.ron".into(),
            keymap: moments::input::Keymap::default(),
            theme: moments::ui::Theme::new(moments::ui::ThemeName::Dark),
            config: moments::config::Config::default(),
            banner: "join".into(),
            vote_budget: Some(2),
            slow_client: Duration::from_secs(600),
        };
        tokio::spawn(hub.run(rx));
        let bytes = Arc::new(AtomicUsize::new(0));
        for id in 1..=n + 1 {
            let outbox = Arc::new(Outbox::default());
            let sink = Arc::clone(&bytes);
            let out = Arc::clone(&outbox);
            tokio::spawn(async move {
                loop {
                    while let Some(b) = out.take() {
                        sink.fetch_add(b.len(), Ordering::Relaxed);
                    }
                    out.ready.notified().await;
                }
            });
            tx.send(Msg::Join {
                id,
                name: format!("p{id}"),
                identity: format!("k{id}"),
                role: if id == 1 { Role::Facilitator } else { Role::Participant },
                size: (80, 24),
                outbox,
                notice: None,
                mono: false,
            })
            .await
            .unwrap();
        }
        tokio::time::sleep(Duration::from_secs(6)).await; // welcome messages expire
        let measure = |label: &'static str| {
            let bytes = Arc::clone(&bytes);
            async move {
                let (c0, b0, t0) = (cpu(), bytes.load(Ordering::Relaxed), Instant::now());
                tokio::time::sleep(Duration::from_secs(10)).await;
                let secs = t0.elapsed().as_secs_f64();
                let c = (cpu() - c0).as_secs_f64();
                let b = bytes.load(Ordering::Relaxed) - b0;
                let per_client = b as f64 / secs / (n + 1) as f64;
                eprintln!(
                    "{label}: {n} participants, CPU {:.1} % of one core, {per_client:.0} bytes per client per second",
                    100.0 * c / secs,
                );
                per_client
            }
        };
        assert!(measure("idle, no timebox").await < 1.0);
        let keys: Vec<Event> = "t30m".chars().map(|c| Event::Key(Key::char(c))).chain([Event::Key(Key::plain(KeyCode::Enter))]).collect();
        tx.send(Msg::Input { id: 1, events: keys }).await.unwrap();
        tokio::time::sleep(Duration::from_secs(6)).await;
        let running = measure("the room's timebox running").await;
        assert!(
            (5.0..100.0).contains(&running),
            "only the seconds change: {running}"
        );
        tx.send(Msg::Input { id: 1, events: vec![Event::Key(Key::char('T'))] }).await.unwrap();
        tokio::time::sleep(Duration::from_secs(6)).await;
        assert!(measure("the room's timebox paused").await < 1.0);
        tx.send(Msg::Stop).await.unwrap();
    });
}
