//! Keystroke to frame at 120×40: `ui::handle` + focus clamp + scroll sync + `ui::render`
//! into a `Terminal` whose backend (the app's own, `runtime::backend::CompactBackend`) encodes
//! the diff as escape sequences into a counting writer (what a real terminal would be
//! sent), for 1,000 and 10,000 moments; and
//! `from_ron` of a whole file to its first frame. Besides criterion's estimates, a
//! fixed pass prints p50/p99 per key and bytes per key.
//!
//! `cargo bench --bench board -- --warm-up-time 1 --measurement-time 3`

use moments::generate;

use std::cell::Cell;
use std::hint::black_box;
use std::io::{self, Write};
use std::rc::Rc;
use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use moments::doc::Doc;
use moments::input::{Event, Key, KeyCode, Keymap};
use moments::runtime::backend::CompactBackend;
use moments::ui::{Chrome, Ctx, SaveState, Session, Theme, ThemeName, handle, render};
use ratatui::backend::{Backend, CrosstermBackend};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};

const W: u16 = 120;
const H: u16 = 40;
const SIZES: [usize; 2] = [1_000, 10_000];

/// Counts the bytes a frame would send, and drops them.
#[derive(Clone, Default)]
struct Count(Rc<Cell<usize>>);

impl Write for Count {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.set(self.0.get() + buf.len());
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

type Term = Terminal<CompactBackend<Count>>;

fn terminal(count: Count) -> Term {
    Terminal::with_options(
        CompactBackend::new(count),
        TerminalOptions {
            viewport: Viewport::Fixed(Rect::new(0, 0, W, H)),
        },
    )
    .unwrap()
}

/// Everything one client has: the document, its session, the keys, a terminal.
struct Board {
    doc: Doc,
    session: Session,
    keymap: Keymap,
    theme: Theme,
    terminal: Term,
    written: Count,
    /// A copy of the last frame, kept only while measuring the diff's lower bound.
    last: Option<Buffer>,
}

impl Board {
    fn new(doc: Doc) -> Board {
        let written = Count::default();
        let mut board = Board {
            doc,
            session: Session::new(),
            keymap: Keymap::default(),
            theme: Theme::new(ThemeName::Dark),
            terminal: terminal(written.clone()),
            written,
            last: None,
        };
        board.session.size = (W, H);
        board.frame();
        board
    }

    /// What `runtime::frame::draw` does: settle, render, diff, write.
    fn frame(&mut self) {
        moments::ui::settle(&mut self.session, &self.doc, Rect::new(0, 0, W, H));
        let chrome = Chrome {
            file: "big.ron",
            now: std::time::Instant::now(),
            save: SaveState::Saved,
            keymap: &self.keymap,
            theme: &self.theme,
        };
        let (doc, session) = (&self.doc, &self.session);
        let completed = self
            .terminal
            .draw(|frame| render(frame, doc, session, &chrome))
            .unwrap();
        if self.last.is_some() {
            self.last = Some(completed.buffer.clone());
        }
    }

    fn key(&mut self, code: KeyCode) {
        let ctx = Ctx {
            keymap: &self.keymap,
            now: Instant::now(),
            author: None,
        };
        handle(
            &mut self.session,
            &mut self.doc,
            &Event::Key(Key::plain(code)),
            &ctx,
        );
        self.frame();
    }

    fn bytes(&self) -> usize {
        self.written.0.get()
    }

    /// The frame as last drawn (from the first call on, frames are copied).
    fn screen(&mut self) -> Buffer {
        if self.last.is_none() {
            self.last = Some(Buffer::empty(Rect::new(0, 0, W, H)));
            self.frame();
        }
        self.last.clone().expect("kept")
    }
}

/// A lower bound on the bytes any terminal writer needs to turn `before` into `after`:
/// every changed cell's text, one cursor move per run of changed cells, and one style
/// sequence wherever the style differs from the cell written just before it.
fn lower_bound(before: &Buffer, after: &Buffer) -> usize {
    let mut bytes = 0;
    let mut last: Option<(u16, u16)> = None;
    let mut style = None;
    for (x, y, cell) in before.diff(after) {
        if last != Some((x.wrapping_sub(1), y)) {
            bytes += format!("\x1b[{};{}H", y + 1, x + 1).len();
        }
        if style != Some(cell.style()) {
            // The shortest SGR sequence that changes anything: ESC [ n m.
            bytes += 4;
            style = Some(cell.style());
        }
        bytes += cell.symbol().len();
        last = Some((x, y));
    }
    bytes
}

/// What ratatui's own crossterm backend sends for the same change: the diff, then the
/// cursor hidden, as `Terminal::draw` does each frame.
fn crossterm_bytes(before: &Buffer, after: &Buffer) -> usize {
    let count = Count::default();
    let mut backend = CrosstermBackend::new(count.clone());
    backend.draw(before.diff_iter(after)).unwrap();
    backend.hide_cursor().unwrap();
    count.0.get()
}

/// How the focus walks.
#[derive(Clone, Copy, PartialEq)]
enum Kind {
    /// Down and back up between the first four cards: no scrolling.
    InView,
    /// Down through the whole column (it scrolls), back to the top at its end.
    Down,
    /// Right across the columns, back with Left from the last one.
    Right,
    /// `+` on the focused card: an edit, so the derived data is recomputed.
    Vote,
}

struct Walk {
    kind: Kind,
    leftward: bool,
}

impl Walk {
    fn new(kind: Kind) -> Walk {
        Walk {
            kind,
            leftward: false,
        }
    }

    fn next(&mut self, b: &Board) -> KeyCode {
        if self.kind == Kind::Vote {
            return KeyCode::Char('+');
        }
        if self.kind == Kind::InView {
            let p = b.session.focus_position;
            if p >= 3 {
                self.leftward = true;
            } else if p == 0 {
                self.leftward = false;
            }
            return if self.leftward {
                KeyCode::Up
            } else {
                KeyCode::Down
            };
        }
        if self.kind == Kind::Down {
            let stage = b.session.focus_stage.clone().unwrap();
            if b.session.focus_moment.is_some()
                && b.session.focus_position + 1 >= b.doc.stage_len(&stage)
            {
                return KeyCode::Home;
            }
            KeyCode::Down
        } else {
            let i = b.session.focus_stage_index;
            let last = b.doc.ws.stages.len() - 1;
            if i == last {
                self.leftward = true;
            } else if i == 0 {
                self.leftward = false;
            }
            if self.leftward {
                KeyCode::Left
            } else {
                KeyCode::Right
            }
        }
    }
}

fn board(n: usize) -> Board {
    let mut b = Board::new(Doc::new(generate::workspace(n, 7)));
    b.key(KeyCode::Down); // focus the first card
    b
}

fn percentiles(name: &str, n: usize, kind: Kind) {
    percentiles_in(name, n, kind, false);
}

/// `compact`: one line per card (the board's `c`), so a column holds 40 cards at 160×45.
fn percentiles_in(name: &str, n: usize, kind: Kind, compact: bool) {
    let mut b = board(n);
    b.session.compact = compact;
    b.frame();
    let mut walk = Walk::new(kind);
    for _ in 0..200 {
        let k = walk.next(&b);
        b.key(k);
    }
    let keys = 3_000;
    let mut times = Vec::with_capacity(keys);
    let bytes_before = b.bytes();
    for _ in 0..keys {
        let k = walk.next(&b);
        let t = Instant::now();
        b.key(k);
        times.push(t.elapsed());
    }
    let bytes = (b.bytes() - bytes_before) as f64 / keys as f64;
    // Against the least any writer could send for the same screen changes (a separate,
    // untimed pass, since it copies screens).
    let (mut sent, mut bound, mut crossterm) = (0, 0, 0);
    for _ in 0..200 {
        let k = walk.next(&b);
        let before = b.screen();
        let start = b.bytes();
        b.key(k);
        sent += b.bytes() - start;
        let after = b.screen();
        bound += lower_bound(&before, &after);
        crossterm += crossterm_bytes(&before, &after);
    }
    times.sort();
    let p = |q: f64| times[((times.len() - 1) as f64 * q) as usize];
    println!(
        "{name:>14} {n:>6} moments: p50 {:>8.1?}  p99 {:>8.1?}  max {:>8.1?}  {bytes:.0} bytes/key, {:.2}× the diff's lower bound of {} bytes (ratatui's crossterm backend: {} bytes, {:.2}×)",
        p(0.5),
        p(0.99),
        times[times.len() - 1],
        sent as f64 / bound.max(1) as f64,
        bound / 200,
        crossterm / 200,
        crossterm as f64 / bound.max(1) as f64,
    );
}

fn keys(c: &mut Criterion) {
    println!("\nper key at {W}×{H} (handle + clamp + sync_scroll + render + diff + encode):");
    for n in SIZES {
        percentiles("down in view", n, Kind::InView);
        percentiles("down scrolling", n, Kind::Down);
        percentiles("right", n, Kind::Right);
        percentiles("vote (edit)", n, Kind::Vote);
    }
    println!("compact density (one line per card), at a workshop's size and beyond:");
    for n in [200, 1_000, 10_000] {
        percentiles_in("down in view", n, Kind::InView, true);
        percentiles_in("down scrolling", n, Kind::Down, true);
        percentiles_in("right", n, Kind::Right, true);
    }
    let mut group = c.benchmark_group("key");
    for n in SIZES {
        for (label, kind) in [
            ("down_in_view", Kind::InView),
            ("down_scrolling", Kind::Down),
            ("right", Kind::Right),
        ] {
            let mut b = board(n);
            let mut walk = Walk::new(kind);
            group.bench_function(BenchmarkId::new(label, n), |bench| {
                bench.iter(|| {
                    let k = walk.next(&b);
                    b.key(black_box(k));
                });
            });
        }
    }
    group.finish();
}

fn first_frame(c: &mut Criterion) {
    let mut group = c.benchmark_group("first_frame");
    group.sample_size(10);
    for n in SIZES {
        let ws = generate::workspace(n, 7);
        let text = moments::persist::to_ron(&ws);
        // Where an edit's time goes: every edit recomputes the derived data.
        let t = Instant::now();
        let findings = moments::model::check(&ws).len();
        let check = t.elapsed();
        let t = Instant::now();
        black_box(Doc::new(ws));
        println!(
            "{n} moments: model::check {check:?} ({findings} findings); Doc::new (Derived::compute) {:?}",
            t.elapsed()
        );
        let once = || {
            let ws = moments::persist::from_ron(black_box(&text)).unwrap();
            let b = Board::new(Doc::new(ws));
            black_box(b.bytes())
        };
        let t = Instant::now();
        let bytes = once();
        println!(
            "first frame from_ron → frame, {n} moments ({} KB file): {:?}, {bytes} bytes",
            text.len() / 1024,
            t.elapsed()
        );
        group.bench_function(BenchmarkId::new("from_ron_to_frame", n), |bench| {
            bench.iter(once);
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().warm_up_time(Duration::from_secs(1));
    targets = keys, first_frame
}
criterion_main!(benches);
