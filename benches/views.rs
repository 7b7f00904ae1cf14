//! Switching to each view and moving within it at 10,000 moments and 200×60: per
//! keystroke, `ui::handle` + `ui::update::settle` + `ui::render` into a
//! `Terminal<TestBackend>`, whose `draw` diffs the frame against the last one. The
//! aggregates are computed once per change (`Doc::analysis`), as the runtime does right
//! after the first frame; no key here edits, so every key should cost a screenful.
//! Criterion has no percentiles: a fixed pass prints p50 / p99 / max per view, and for
//! the Seams view's handoff form (open, moment picker, typing).
//!
//! `cargo bench --bench views -- --warm-up-time 1 --measurement-time 3`

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use moments::doc::Doc;
use moments::input::{Event, Key, KeyCode, Keymap};
use moments::ui::overlays::Overlay;
use moments::ui::{Chrome, Ctx, SaveState, Session, Theme, ThemeName, View, handle, render};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;

const W: u16 = 200;
const H: u16 = 60;
const MOMENTS: usize = 10_000;
/// The target from issue 4.
const TARGET: Duration = Duration::from_millis(2);

/// One client: the document, its session, the keys and a terminal.
struct Client {
    doc: Doc,
    session: Session,
    keymap: Keymap,
    theme: Theme,
    terminal: Terminal<TestBackend>,
}

impl Client {
    fn new(doc: Doc) -> Client {
        let mut client = Client {
            doc,
            session: Session::new(),
            keymap: Keymap::default(),
            theme: Theme::new(ThemeName::Dark),
            terminal: Terminal::new(TestBackend::new(W, H)).unwrap(),
        };
        client.frame();
        // What the runtime does after the first frame: the aggregates for this revision.
        black_box(client.doc.analysis());
        client.frame();
        client
    }

    /// What `runtime::frame::draw` does: settle the session, render, diff.
    fn frame(&mut self) {
        moments::ui::settle(&mut self.session, &self.doc, Rect::new(0, 0, W, H));
        let chrome = Chrome {
            file: "big.ron",
            now: Instant::now(),
            save: SaveState::Saved,
            keymap: &self.keymap,
            theme: &self.theme,
        };
        let (doc, session) = (&self.doc, &self.session);
        self.terminal
            .draw(|frame| render(frame, doc, session, &chrome))
            .unwrap();
    }

    fn key(&mut self, key: Key) {
        let ctx = Ctx {
            keymap: &self.keymap,
            now: Instant::now(),
            author: None,
        };
        handle(&mut self.session, &mut self.doc, &Event::Key(key), &ctx);
        self.frame();
    }
}

/// The views, with the key that switches to each.
const VIEWS: [(char, View); 11] = [
    ('1', View::Board),
    ('2', View::Owners),
    ('3', View::Seams),
    ('4', View::Experience),
    ('5', View::Priorities),
    ('6', View::Segments),
    ('7', View::Language),
    ('8', View::Plan),
    ('9', View::Checks),
    ('0', View::Parking),
    ('A', View::Agenda),
];

/// The keys that move within a view: down (and right in the heatmap) for a stretch, then
/// back.
fn walk(view: View, step: usize) -> Key {
    let forward = step % 80 < 40;
    let code = match (view, forward, step % 3) {
        (View::Experience | View::Board, true, 0) => KeyCode::Right,
        (View::Experience | View::Board, false, 0) => KeyCode::Left,
        (_, true, _) => KeyCode::Down,
        (_, false, _) => KeyCode::Up,
    };
    Key::plain(code)
}

fn client() -> Client {
    Client::new(Doc::new(moments::generate::workspace(MOMENTS, 7)))
}

/// p50 / p99 / max of `keys` presses.
fn percentiles(label: &str, times: &mut [Duration]) -> Duration {
    times.sort();
    let p = |q: f64| times[((times.len() - 1) as f64 * q) as usize];
    let p99 = p(0.99);
    println!(
        "{label:>24}: p50 {:>8.1?}  p99 {:>8.1?}  max {:>8.1?}  {}",
        p(0.5),
        p99,
        times[times.len() - 1],
        if p99 < TARGET { "ok" } else { "MISSES 2 ms" }
    );
    p99
}

fn views(c: &mut Criterion) {
    println!("\nper key at {W}×{H}, {MOMENTS} moments (handle + settle + render + diff):");
    let mut b = client();
    let mut misses = Vec::new();
    for (digit, view) in VIEWS {
        // Switching: from the board to the view, 200 times.
        let mut times = Vec::new();
        for _ in 0..200 {
            b.key(Key::char('1'));
            let t = Instant::now();
            b.key(Key::char(digit));
            times.push(t.elapsed());
        }
        assert_eq!(b.session.view, view);
        if percentiles(&format!("switch to {}", view.label()), &mut times) >= TARGET {
            misses.push(view);
        }
        // Moving within it.
        let mut times = Vec::new();
        for step in 0..400 {
            let k = walk(view, step);
            let t = Instant::now();
            b.key(k);
            times.push(t.elapsed());
        }
        if percentiles(&format!("move in {}", view.label()), &mut times) >= TARGET {
            misses.push(view);
        }
    }
    if !misses.is_empty() {
        println!("views over the target: {misses:?}");
    }
    filtered_priorities();
    handoff_form(&mut b);

    let mut group = c.benchmark_group("views");
    for (digit, view) in VIEWS {
        let mut b = client();
        b.key(Key::char(digit));
        let mut step = 0;
        group.bench_function(BenchmarkId::new("move", view.label()), |bench| {
            bench.iter(|| {
                b.key(black_box(walk(view, step)));
                step += 1;
            });
        });
    }
    group.finish();
}

/// The Priorities view with a filter and a sort: the ranking is the document's, but
/// narrowing and reordering it happen per frame, so they are measured on their own.
fn filtered_priorities() {
    use moments::ui::views::priorities::{PriorityFilter, PrioritySort};
    let mut b = client();
    b.key(Key::char('5'));
    let silo = b.doc.ws.silos[0].id.clone();
    let segment = b.doc.ws.segments.first().map(|g| g.id.clone());
    for (label, filter) in [
        (
            "priorities by stage",
            PriorityFilter {
                sort: PrioritySort::Stage,
                ..Default::default()
            },
        ),
        (
            "priorities, one silo",
            PriorityFilter {
                silo: Some(silo.clone()),
                sort: PrioritySort::Votes,
                ..Default::default()
            },
        ),
        (
            "priorities, a segment",
            PriorityFilter {
                segment: segment.clone(),
                failing_only: true,
                ..Default::default()
            },
        ),
    ] {
        b.session.views.priorities.filter = filter;
        let mut times = Vec::new();
        for step in 0..400 {
            let k = walk(View::Priorities, step);
            let t = Instant::now();
            b.key(k);
            times.push(t.elapsed());
        }
        percentiles(label, &mut times);
    }
}

/// The Seams view's handoff form over 10,000 moments: opening it, stepping the moment
/// picker (every moment is an option) and typing what passes. Nothing is saved: the form
/// is left with Esc.
fn handoff_form(b: &mut Client) {
    let focus = |b: &mut Client, field: usize| match b.session.overlays.last_mut() {
        Some(Overlay::Form { form, .. }) => form.focus = field,
        other => panic!("the handoff form is not open: {other:?}"),
    };
    b.key(Key::char('3'));
    let mut times = Vec::new();
    for _ in 0..100 {
        let t = Instant::now();
        b.key(Key::char('n'));
        times.push(t.elapsed());
        // Untouched, Esc closes it without asking.
        b.key(Key::plain(KeyCode::Esc));
    }
    percentiles("open handoff form", &mut times);
    b.key(Key::char('n'));
    focus(b, 0);
    let mut times = Vec::new();
    for step in 0..400 {
        let code = if step % 80 < 40 {
            KeyCode::Right
        } else {
            KeyCode::Left
        };
        let t = Instant::now();
        b.key(Key::plain(code));
        times.push(t.elapsed());
    }
    percentiles("moment picker", &mut times);
    focus(b, 3);
    let mut times = Vec::new();
    for c in "Order details and the date promised "
        .chars()
        .cycle()
        .take(400)
    {
        let t = Instant::now();
        b.key(Key::char(c));
        times.push(t.elapsed());
    }
    percentiles("type what passes", &mut times);
    b.key(Key::plain(KeyCode::Esc));
    b.key(Key::char('y'));
    assert!(b.session.overlays.is_empty());
    assert_eq!(b.doc.revision, 0, "nothing was saved");
}

criterion_group! {
    name = benches;
    config = Criterion::default().warm_up_time(Duration::from_secs(1));
    targets = views
}
criterion_main!(benches);
