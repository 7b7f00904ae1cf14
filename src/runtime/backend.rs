//! A ratatui backend that sends fewer bytes for the same screen: crossterm's for
//! everything but drawing, and a `draw` that writes each style change as one combined SGR
//! sequence (`ESC[0;1;97;44m`), moves the cursor only where the next cell is not where
//! printing left it, and picks the shortest move (`\r`, CUF, CHA, `\r\n`, CUD/CUU, CUP).
//!
//! Used by the local terminal and by every SSH client's terminal. It depends on nothing
//! of the app; its tests feed what it writes to a terminal emulator (`vt100`) and compare
//! the screen with what ratatui's `CrosstermBackend` produces.

use std::io::{self, Write};

use ratatui::backend::{Backend, ClearType, CrosstermBackend, WindowSize};
use ratatui::buffer::{Cell, CellWidth};
use ratatui::layout::{Position, Size};
use ratatui::style::{Color, Modifier};

/// Wraps [`CrosstermBackend`]: the same terminal, a shorter encoding of each frame.
pub struct CompactBackend<W: Write> {
    inner: CrosstermBackend<W>,
    /// Leave every colour out (`NO_COLOR`); bold, reverse and the rest still show.
    no_color: bool,
    /// Whether the cursor is shown, as far as we told the terminal; `None` until we have.
    cursor_shown: Option<bool>,
    /// Where the cursor is after the last write, when we know for sure.
    cursor: Option<(u16, u16)>,
    /// One frame's bytes, so a frame leaves in one write.
    out: Vec<u8>,
}

/// The drawing state of the terminal: what the next printed character will look like.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Pen {
    fg: Color,
    bg: Color,
    underline: Color,
    modifier: Modifier,
}

impl Pen {
    /// What SGR 0 leaves.
    const RESET: Pen = Pen {
        fg: Color::Reset,
        bg: Color::Reset,
        underline: Color::Reset,
        modifier: Modifier::empty(),
    };
}

impl<W: Write> CompactBackend<W> {
    pub fn new(writer: W) -> Self {
        Self {
            inner: CrosstermBackend::new(writer),
            no_color: false,
            cursor_shown: None,
            cursor: None,
            out: Vec::with_capacity(16 * 1024),
        }
    }

    /// Writes no colours at all, only attributes (for `NO_COLOR` and colourless terminals).
    pub fn without_colors(mut self) -> Self {
        self.no_color = true;
        self
    }

    fn pen(&self, cell: &Cell) -> Pen {
        if self.no_color {
            return Pen {
                modifier: cell.modifier,
                ..Pen::RESET
            };
        }
        Pen {
            fg: cell.fg,
            bg: cell.bg,
            underline: cell.underline_color,
            modifier: cell.modifier,
        }
    }

    /// Sends what is queued in `out`.
    fn send(&mut self) -> io::Result<()> {
        if !self.out.is_empty() {
            self.inner.write_all(&self.out)?;
            self.out.clear();
        }
        Ok(())
    }
}

impl<W: Write> Backend for CompactBackend<W> {
    type Error = io::Error;

    fn draw<'a, I>(&mut self, content: I) -> io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        // Each frame starts from what the last one left: the default style (it ends with a
        // reset, as crossterm's does) and a cursor we do not trust across frames (a resize
        // may have reflowed the screen in between).
        let mut pen = Pen::RESET;
        let mut cursor = None;
        let mut last: Option<(u16, u16)> = None;
        for (x, y, cell) in content {
            // ratatui's rule: the cell right after the last one written needs no move. (After
            // an emoji with VS16 the diff also sends the cell it covers, on purpose without
            // a move, for terminals that draw such emoji one cell wide.)
            let adjacent = last.is_some_and(|(lx, ly)| ly == y && lx.checked_add(1) == Some(x));
            if !adjacent {
                move_to(&mut self.out, cursor, (x, y));
                cursor = Some((x, y));
            }
            last = Some((x, y));
            let want = self.pen(cell);
            if want != pen {
                sgr(&mut self.out, pen, want);
                pen = want;
            }
            let symbol = cell.symbol();
            self.out.extend_from_slice(symbol.as_bytes());
            cursor = cursor.and_then(|(cx, cy)| advance(symbol).map(|w| (cx + w, cy)));
        }
        if pen != Pen::RESET {
            self.out.extend_from_slice(b"\x1b[m");
        }
        self.cursor = cursor;
        self.send()
    }

    fn append_lines(&mut self, n: u16) -> io::Result<()> {
        self.cursor = None;
        self.inner.append_lines(n)
    }

    // The cursor's state and place are written like a frame, and reach the terminal with
    // it when `Terminal::draw` flushes (crossterm's backend flushes each on its own).
    fn hide_cursor(&mut self) -> io::Result<()> {
        if self.cursor_shown != Some(false) {
            self.out.extend_from_slice(b"\x1b[?25l");
            self.cursor_shown = Some(false);
            self.send()?;
        }
        Ok(())
    }

    fn show_cursor(&mut self) -> io::Result<()> {
        if self.cursor_shown != Some(true) {
            self.out.extend_from_slice(b"\x1b[?25h");
            self.cursor_shown = Some(true);
            self.send()?;
        }
        Ok(())
    }

    fn get_cursor_position(&mut self) -> io::Result<Position> {
        self.inner.get_cursor_position()
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> io::Result<()> {
        let Position { x, y } = position.into();
        move_to(&mut self.out, self.cursor, (x, y));
        self.cursor = Some((x, y));
        self.send()
    }

    fn clear(&mut self) -> io::Result<()> {
        self.clear_region(ClearType::All)
    }

    fn clear_region(&mut self, clear_type: ClearType) -> io::Result<()> {
        self.cursor = None;
        self.inner.clear_region(clear_type)
    }

    fn size(&self) -> io::Result<Size> {
        self.inner.size()
    }

    fn window_size(&mut self) -> io::Result<WindowSize> {
        self.inner.window_size()
    }

    fn flush(&mut self) -> io::Result<()> {
        Backend::flush(&mut self.inner)
    }
}

/// How far printing `symbol` moves the cursor, when every terminal agrees: one column for
/// a one-column symbol, two for a single wide character (CJK, most emoji). A cluster of
/// several characters that is wide (an emoji with VS16, a flag, a ZWJ sequence) is drawn
/// one or two columns wide depending on the terminal, so after it the column is unknown.
fn advance(symbol: &str) -> Option<u16> {
    match symbol.cell_width() {
        w @ (0 | 1) => Some(w),
        w if symbol.chars().nth(1).is_none() => Some(w),
        _ => None,
    }
}

/// Appends the shortest sequence that takes the cursor from `from` (if known) to `to`.
///
/// A known cursor can be one column past the right edge (after printing in the last
/// column the terminal holds it at the edge, waiting to wrap), so relative moves to the
/// left are never used: going left is CR or an absolute column. Going right is relative
/// only when the target is right of the cursor, which then cannot be past the edge.
fn move_to(out: &mut Vec<u8>, from: Option<(u16, u16)>, to: (u16, u16)) {
    let (x, y) = to;
    let mut best = Vec::new();
    cup(&mut best, x, y);
    if let Some((cx, cy)) = from {
        if (cx, cy) == to {
            return;
        }
        let mut try_move = |candidate: Vec<u8>| {
            if candidate.len() < best.len() {
                best = candidate;
            }
        };
        let horizontal = |buf: &mut Vec<u8>, from_x: u16| {
            if x == from_x {
            } else if x == 0 {
                buf.push(b'\r');
            } else if x > from_x {
                csi(buf, x - from_x, b'C', 1);
            } else {
                csi(buf, x + 1, b'G', 1);
            }
        };
        if cy == y {
            let mut c = Vec::new();
            horizontal(&mut c, cx);
            try_move(c);
        } else {
            // Up or down by rows (the column stays), then across.
            let mut c = Vec::new();
            if y > cy {
                csi(&mut c, y - cy, b'B', 1);
            } else {
                csi(&mut c, cy - y, b'A', 1);
            }
            horizontal(&mut c, cx);
            try_move(c);
            if y == cy + 1 {
                // To the start of the next line, then across. (Never a bare LF: with the
                // terminal's new-line mode on it would also return the carriage.)
                let mut c = b"\r\n".to_vec();
                horizontal(&mut c, 0);
                try_move(c);
            }
        }
    }
    out.extend_from_slice(&best);
}

/// CUP, leaving out what defaults to 1.
fn cup(out: &mut Vec<u8>, x: u16, y: u16) {
    out.extend_from_slice(b"\x1b[");
    if y > 0 || x > 0 {
        number(out, u32::from(y) + 1);
    }
    if x > 0 {
        out.push(b';');
        number(out, u32::from(x) + 1);
    }
    out.push(b'H');
}

/// `ESC [ n final`, leaving out `n` when it is the default.
fn csi(out: &mut Vec<u8>, n: u16, last: u8, default: u16) {
    out.extend_from_slice(b"\x1b[");
    if n != default {
        number(out, u32::from(n));
    }
    out.push(last);
}

fn number(out: &mut Vec<u8>, n: u32) {
    let mut digits = [0u8; 10];
    let mut i = digits.len();
    let mut n = n;
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[i..]);
}

/// Appends one SGR sequence taking the terminal from `from` to `to`: the changes alone, or
/// a reset and everything `to` has, whichever is shorter.
fn sgr(out: &mut Vec<u8>, from: Pen, to: Pen) {
    if to == Pen::RESET {
        out.extend_from_slice(b"\x1b[m");
        return;
    }
    let mut changes = Params::default();
    let removed = from.modifier - to.modifier;
    let added = to.modifier - from.modifier;
    // 22 ends both bold and dim, 25 both blinks: put back the one that stays.
    let intensity = Modifier::BOLD | Modifier::DIM;
    let blink = Modifier::SLOW_BLINK | Modifier::RAPID_BLINK;
    let mut add = added;
    if removed.intersects(intensity) {
        changes.push(22);
        add |= to.modifier & intensity;
    }
    if removed.intersects(blink) {
        changes.push(25);
        add |= to.modifier & blink;
    }
    for (m, off) in [
        (Modifier::ITALIC, 23),
        (Modifier::UNDERLINED, 24),
        (Modifier::REVERSED, 27),
        (Modifier::HIDDEN, 28),
        (Modifier::CROSSED_OUT, 29),
    ] {
        if removed.contains(m) {
            changes.push(off);
        }
    }
    modifiers(&mut changes, add);
    if to.fg != from.fg {
        color(&mut changes, to.fg, Layer::Fg);
    }
    if to.bg != from.bg {
        color(&mut changes, to.bg, Layer::Bg);
    }
    if to.underline != from.underline {
        color(&mut changes, to.underline, Layer::Underline);
    }

    let mut fresh = Params::default();
    fresh.push(0);
    modifiers(&mut fresh, to.modifier);
    for (c, layer) in [
        (to.fg, Layer::Fg),
        (to.bg, Layer::Bg),
        (to.underline, Layer::Underline),
    ] {
        if c != Color::Reset {
            color(&mut fresh, c, layer);
        }
    }

    let params = if fresh.0.len() < changes.0.len() {
        fresh
    } else {
        changes
    };
    out.extend_from_slice(b"\x1b[");
    out.extend_from_slice(&params.0);
    out.push(b'm');
}

/// SGR parameters separated by `;`.
#[derive(Default)]
struct Params(Vec<u8>);

impl Params {
    fn push(&mut self, n: u32) {
        if !self.0.is_empty() {
            self.0.push(b';');
        }
        number(&mut self.0, n);
    }

    fn extend<const N: usize>(&mut self, ns: [u32; N]) {
        for n in ns {
            self.push(n);
        }
    }
}

fn modifiers(p: &mut Params, m: Modifier) {
    for (flag, on) in [
        (Modifier::BOLD, 1),
        (Modifier::DIM, 2),
        (Modifier::ITALIC, 3),
        (Modifier::UNDERLINED, 4),
        (Modifier::SLOW_BLINK, 5),
        (Modifier::RAPID_BLINK, 6),
        (Modifier::REVERSED, 7),
        (Modifier::HIDDEN, 8),
        (Modifier::CROSSED_OUT, 9),
    ] {
        if m.contains(flag) {
            p.push(on);
        }
    }
}

#[derive(Clone, Copy)]
enum Layer {
    Fg,
    Bg,
    Underline,
}

/// The 16 named colours in their own short codes (30–37, 90–97; +10 for the background),
/// which every colour terminal reads; indexed and RGB colours in the extended forms.
fn color(p: &mut Params, c: Color, layer: Layer) {
    let (base, extended, reset) = match layer {
        Layer::Fg => (30, 38, 39),
        Layer::Bg => (40, 48, 49),
        Layer::Underline => (0, 58, 59),
    };
    let named = match c {
        Color::Reset => return p.push(reset),
        Color::Indexed(i) => return p.extend([extended, 5, u32::from(i)]),
        Color::Rgb(r, g, b) => {
            return p.extend([extended, 2, u32::from(r), u32::from(g), u32::from(b)]);
        }
        Color::Black => 0,
        Color::Red => 1,
        Color::Green => 2,
        Color::Yellow => 3,
        Color::Blue => 4,
        Color::Magenta => 5,
        Color::Cyan => 6,
        Color::Gray => 7,
        Color::DarkGray => 8,
        Color::LightRed => 9,
        Color::LightGreen => 10,
        Color::LightYellow => 11,
        Color::LightBlue => 12,
        Color::LightMagenta => 13,
        Color::LightCyan => 14,
        Color::White => 15,
    };
    match layer {
        // Underline colours have no short codes.
        Layer::Underline => p.extend([extended, 5, named]),
        _ if named < 8 => p.push(base + named),
        _ => p.push(base + 60 + named - 8),
    }
}

#[cfg(test)]
mod tests {
    use std::cell::RefCell;
    use std::rc::Rc;

    use proptest::prelude::*;
    use ratatui::backend::CrosstermBackend;
    use ratatui::buffer::Buffer;
    use ratatui::layout::Rect;
    use ratatui::style::Style;
    use ratatui::{Terminal, TerminalOptions, Viewport};

    use super::*;

    /// A writer whose bytes the test can read while the backend owns it.
    #[derive(Clone, Default)]
    struct Shared(Rc<RefCell<Vec<u8>>>);

    impl Write for Shared {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.0.borrow_mut().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    impl Shared {
        fn take(&self) -> Vec<u8> {
            std::mem::take(&mut self.0.borrow_mut())
        }
    }

    /// Plain, accented, box-drawing and combining characters, one column each.
    const NARROW: &[&str] = &["a", "b", "Z", " ", "é", "│", "e\u{301}"];
    /// The same and CJK, an emoji, and an emoji with VS16.
    const ANY: &[&str] = &[
        "a",
        "b",
        "Z",
        " ",
        "é",
        "│",
        "e\u{301}",
        "漢",
        "字",
        "🎉",
        "❤\u{fe0f}",
    ];

    const MODIFIERS: [Modifier; 9] = [
        Modifier::BOLD,
        Modifier::DIM,
        Modifier::ITALIC,
        Modifier::UNDERLINED,
        Modifier::SLOW_BLINK,
        Modifier::RAPID_BLINK,
        Modifier::REVERSED,
        Modifier::HIDDEN,
        Modifier::CROSSED_OUT,
    ];

    fn any_color() -> impl Strategy<Value = Color> {
        prop_oneof![
            3 => Just(Color::Reset),
            4 => (0u8..16).prop_map(named),
            2 => any::<u8>().prop_map(Color::Indexed),
            2 => any::<(u8, u8, u8)>().prop_map(|(r, g, b)| Color::Rgb(r, g, b)),
        ]
    }

    fn named(i: u8) -> Color {
        [
            Color::Black,
            Color::Red,
            Color::Green,
            Color::Yellow,
            Color::Blue,
            Color::Magenta,
            Color::Cyan,
            Color::Gray,
            Color::DarkGray,
            Color::LightRed,
            Color::LightGreen,
            Color::LightYellow,
            Color::LightBlue,
            Color::LightMagenta,
            Color::LightCyan,
            Color::White,
        ][usize::from(i)]
    }

    /// A style; `underline` says whether underline colours are drawn too (`vt100` does not
    /// read them, and reads `58;2;…` as other attributes).
    fn any_style(underline: bool) -> impl Strategy<Value = Style> {
        (
            any_color(),
            any_color(),
            any_color(),
            proptest::collection::vec(any::<bool>(), 9),
        )
            .prop_map(move |(fg, bg, ul, bits)| {
                let mut m = Modifier::empty();
                for (on, flag) in bits.iter().zip(MODIFIERS) {
                    if *on {
                        m |= flag;
                    }
                }
                let mut s = Style::default().fg(fg).bg(bg).add_modifier(m);
                if underline {
                    s = s.underline_color(ul);
                }
                s
            })
    }

    /// One frame: strings written at places, and maybe a visible cursor.
    #[derive(Clone, Debug)]
    struct Frame {
        writes: Vec<(u16, u16, String, Style)>,
        cursor: Option<(u16, u16)>,
    }

    /// A few frames on a small screen.
    fn frames(
        graphemes: &'static [&'static str],
        underline: bool,
    ) -> impl Strategy<Value = (u16, u16, Vec<Frame>)> {
        (4u16..24, 1u16..6).prop_flat_map(move |(w, h)| {
            let text = proptest::collection::vec(proptest::sample::select(graphemes), 1..12)
                .prop_map(|g| g.concat());
            let write = (0..w, 0..h, text, any_style(underline));
            let frame = (
                proptest::collection::vec(write, 0..10),
                proptest::option::weighted(0.3, (0..w, 0..h)),
            )
                .prop_map(|(writes, cursor)| Frame { writes, cursor });
            (Just(w), Just(h), proptest::collection::vec(frame, 1..5))
        })
    }

    fn paint(buf: &mut Buffer, frame: &Frame) {
        for (x, y, text, style) in &frame.writes {
            buf.set_string(*x, *y, text, *style);
        }
    }

    fn terminal<B: Backend>(backend: B, w: u16, h: u16) -> Terminal<B> {
        Terminal::with_options(
            backend,
            TerminalOptions {
                viewport: Viewport::Fixed(Rect::new(0, 0, w, h)),
            },
        )
        .unwrap()
    }

    fn draw<B: Backend>(t: &mut Terminal<B>, frame: &Frame) -> Buffer {
        t.draw(|f| {
            paint(f.buffer_mut(), frame);
            if let Some(c) = frame.cursor {
                f.set_cursor_position(c);
            }
        })
        .map(|done| done.buffer.clone())
        .unwrap_or_else(|_| panic!("drawing into memory cannot fail"))
    }

    fn vt_color(c: Color) -> vt100::Color {
        match c {
            Color::Reset => vt100::Color::Default,
            Color::Indexed(i) => vt100::Color::Idx(i),
            Color::Rgb(r, g, b) => vt100::Color::Rgb(r, g, b),
            c => vt100::Color::Idx((0..16).find(|&i| named(i) == c).unwrap()),
        }
    }

    /// Everything `vt100` knows about a cell.
    type Seen = (String, vt100::Color, vt100::Color, [bool; 6]);

    fn seen(screen: &vt100::Screen, x: u16, y: u16) -> Seen {
        let c = screen.cell(y, x).unwrap();
        let text = match c.contents() {
            "" => " ".to_owned(),
            s => s.to_owned(),
        };
        (
            text,
            c.fgcolor(),
            c.bgcolor(),
            [
                c.bold(),
                c.dim(),
                c.italic(),
                c.underline(),
                c.inverse(),
                c.is_wide(),
            ],
        )
    }

    /// Draws the frames with both backends into two `vt100` terminals; after each frame
    /// the screens must agree (text, colours, attributes, wide cells, the cursor), and
    /// ours must not have taken more bytes. With `exact`, the screen must also show
    /// exactly what the buffer holds (for frames without wide characters: with them,
    /// ratatui's diff leaves some cells to the terminal, the half of a wide character
    /// overwritten, the column an emoji with VS16 covers, so only crossterm's screen is
    /// the reference).
    fn same_screens(w: u16, h: u16, frames: &[Frame], exact: bool) -> Result<(), TestCaseError> {
        let (ours_out, theirs_out) = (Shared::default(), Shared::default());
        let mut ours = terminal(CompactBackend::new(ours_out.clone()), w, h);
        let mut theirs = terminal(CrosstermBackend::new(theirs_out.clone()), w, h);
        let size = |n| std::num::NonZeroU16::new(n).unwrap();
        let mut ours_vt = vt100::Parser::new(size(h), size(w), 0);
        let mut theirs_vt = vt100::Parser::new(size(h), size(w), 0);
        // vt100 keeps one intensity, so with bold and dim both on, the one sent last wins
        // there (real terminals keep them apart, and the two backends send them in
        // different orders): against crossterm's screen bold or dim counts as one. The
        // exact check tells them apart where only one is on, and the SGR model of
        // `every_cell_is_printed_in_its_own_style` in every case.
        let intensity = |mut seen: Seen| {
            let either = seen.3[0] || seen.3[1];
            (seen.3[0], seen.3[1]) = (either, either);
            seen
        };
        for frame in frames {
            let buffer = draw(&mut ours, frame);
            draw(&mut theirs, frame);
            let (a, b) = (ours_out.take(), theirs_out.take());
            prop_assert!(
                a.len() <= b.len(),
                "{} bytes, crossterm {}",
                a.len(),
                b.len()
            );
            // See `a_case_vt100_cannot_follow_is_set_aside`.
            let followed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                theirs_vt.process(&b);
            }))
            .is_ok();
            prop_assume!(followed, "vt100 cannot follow crossterm's own bytes here");
            ours_vt.process(&a);
            let (o, t) = (ours_vt.screen(), theirs_vt.screen());
            for y in 0..h {
                for x in 0..w {
                    let mine = seen(o, x, y);
                    prop_assert_eq!(
                        intensity(mine.clone()),
                        intensity(seen(t, x, y)),
                        "at {},{}",
                        x,
                        y
                    );
                    if exact {
                        let cell = &buffer[(x, y)];
                        let m = cell.modifier;
                        prop_assert_eq!(&mine.0, cell.symbol(), "at {},{}", x, y);
                        prop_assert_eq!(mine.1, vt_color(cell.fg));
                        prop_assert_eq!(mine.2, vt_color(cell.bg));
                        if !m.contains(Modifier::BOLD | Modifier::DIM) {
                            prop_assert_eq!(mine.3[0], m.contains(Modifier::BOLD));
                            prop_assert_eq!(mine.3[1], m.contains(Modifier::DIM));
                        }
                        prop_assert_eq!(mine.3[2], m.contains(Modifier::ITALIC));
                        prop_assert_eq!(mine.3[3], m.contains(Modifier::UNDERLINED));
                        prop_assert_eq!(mine.3[4], m.contains(Modifier::REVERSED));
                    }
                }
            }
            prop_assert_eq!(o.hide_cursor(), t.hide_cursor());
            prop_assert_eq!(o.hide_cursor(), frame.cursor.is_none());
            if let Some((x, y)) = frame.cursor {
                prop_assert_eq!(o.cursor_position(), (y, x));
            }
        }
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        /// Fed to a terminal emulator, the frames look exactly as the buffers say, and as
        /// they do from ratatui's own backend; and they never take more bytes.
        #[test]
        fn the_screen_is_the_buffer((w, h, frames) in frames(NARROW, false)) {
            same_screens(w, h, &frames, true)?;
        }

        /// With wide characters (CJK, emoji, emoji with VS16), the screen is the one
        /// ratatui's own backend draws.
        #[test]
        fn the_screen_is_the_one_crossterm_draws((w, h, frames) in frames(ANY, false)) {
            same_screens(w, h, &frames, false)?;
        }

        /// Every character is printed with exactly its cell's style, all nine modifiers and
        /// the underline colour included (which `vt100` does not model), and nothing else.
        #[test]
        fn every_cell_is_printed_in_its_own_style((w, h, frames) in frames(ANY, true)) {
            let mut previous = Buffer::empty(Rect::new(0, 0, w, h));
            let out = Shared::default();
            let mut backend = CompactBackend::new(out.clone());
            for frame in &frames {
                let mut next = Buffer::empty(previous.area);
                paint(&mut next, frame);
                let cells: Vec<(u16, u16, Cell)> = previous
                    .diff(&next)
                    .into_iter()
                    .map(|(x, y, c)| (x, y, c.clone()))
                    .collect();
                backend.draw(cells.iter().map(|(x, y, c)| (*x, *y, c))).unwrap();
                let printed = printed(&out.take());
                prop_assert_eq!(printed.len(), cells.len());
                for ((text, pen), (_, _, cell)) in printed.iter().zip(&cells) {
                    prop_assert_eq!(text.as_str(), cell.symbol());
                    prop_assert_eq!(same_colors(*pen), same_colors(backend.pen(cell)));
                }
                previous = next;
            }
        }
    }

    /// vt100 itself panics on some wide characters overwritten near the right edge (an
    /// `unwrap` in its grid), on crossterm's bytes as on ours: such a case is set aside,
    /// not failed.
    #[test]
    fn a_case_vt100_cannot_follow_is_set_aside() {
        let plain = Style::new().fg(Color::Reset).bg(Color::Reset);
        let frames = vec![
            Frame {
                writes: vec![(0, 1, "漢aaaaa漢a".into(), plain)],
                cursor: None,
            },
            Frame {
                writes: vec![
                    (3, 0, "aa漢漢aaaaa漢".into(), plain.slow_blink()),
                    (3, 1, "a漢漢❤\u{fe0f}aaaa❤\u{fe0f}".into(), plain),
                ],
                cursor: None,
            },
        ];
        if let Err(TestCaseError::Fail(why)) = same_screens(16, 2, &frames, false) {
            panic!("{why}");
        }
    }

    /// The text printed between escape sequences, one entry per cell written (a run of
    /// text is split wherever a cursor move or SGR comes, and otherwise by the cells of
    /// the diff, so the caller compares in order), with the pen in force for it. The
    /// model reads SGR the way a terminal does, every attribute and colour form included,
    /// and checks that each frame ends in the default style.
    fn printed(bytes: &[u8]) -> Vec<(String, Pen)> {
        let text = std::str::from_utf8(bytes).unwrap();
        let mut pen = Pen::RESET;
        let mut out = Vec::new();
        let mut rest = text;
        while !rest.is_empty() {
            if let Some(seq) = rest.strip_prefix("\x1b[") {
                let end = seq.find(|c: char| c.is_ascii_alphabetic()).unwrap();
                let (params, kind) = (&seq[..end], &seq[end..=end]);
                if kind == "m" {
                    apply(&mut pen, params);
                }
                rest = &seq[end + 1..];
            } else if let Some(r) = rest.strip_prefix('\r') {
                rest = r.strip_prefix('\n').unwrap_or(r);
            } else {
                let end = rest.find(['\x1b', '\r']).unwrap_or(rest.len());
                for g in unicode_segmentation::UnicodeSegmentation::graphemes(&rest[..end], true) {
                    out.push((g.to_owned(), pen));
                }
                rest = &rest[end..];
            }
        }
        assert_eq!(pen, Pen::RESET, "a frame ends in the default style");
        out
    }

    /// Named colours as the indexes they are (underline colours are sent that way).
    fn same_colors(pen: Pen) -> Pen {
        let index = |c: Color| match c {
            Color::Reset | Color::Indexed(_) | Color::Rgb(..) => c,
            c => Color::Indexed((0..16).find(|&i| named(i) == c).unwrap()),
        };
        Pen {
            fg: index(pen.fg),
            bg: index(pen.bg),
            underline: index(pen.underline),
            modifier: pen.modifier,
        }
    }

    fn apply(pen: &mut Pen, params: &str) {
        let p: Vec<u8> = if params.is_empty() {
            vec![0]
        } else {
            params.split(';').map(|n| n.parse().unwrap()).collect()
        };
        let mut i = 0;
        let ext = |p: &[u8], i: &mut usize| -> Color {
            let c = if p[*i + 1] == 5 {
                Color::Indexed(p[*i + 2])
            } else {
                assert_eq!(p[*i + 1], 2);
                Color::Rgb(p[*i + 2], p[*i + 3], p[*i + 4])
            };
            *i += if p[*i + 1] == 5 { 3 } else { 5 };
            c
        };
        while i < p.len() {
            let n = p[i];
            let flag = |k: u8| MODIFIERS[usize::from(k) - 1];
            match n {
                0 => {
                    *pen = Pen::RESET;
                    i += 1;
                }
                1..=9 => {
                    pen.modifier |= flag(n);
                    i += 1;
                }
                22 => {
                    pen.modifier -= Modifier::BOLD | Modifier::DIM;
                    i += 1;
                }
                25 => {
                    pen.modifier -= Modifier::SLOW_BLINK | Modifier::RAPID_BLINK;
                    i += 1;
                }
                23 | 24 | 27 | 28 | 29 => {
                    pen.modifier -= flag(n - 20);
                    i += 1;
                }
                30..=37 | 90..=97 => {
                    pen.fg = named(if n < 90 { n - 30 } else { n - 82 });
                    i += 1;
                }
                40..=47 | 100..=107 => {
                    pen.bg = named(if n < 100 { n - 40 } else { n - 92 });
                    i += 1;
                }
                38 => pen.fg = ext(&p, &mut i),
                48 => pen.bg = ext(&p, &mut i),
                58 => pen.underline = ext(&p, &mut i),
                39 => {
                    pen.fg = Color::Reset;
                    i += 1;
                }
                49 => {
                    pen.bg = Color::Reset;
                    i += 1;
                }
                59 => {
                    pen.underline = Color::Reset;
                    i += 1;
                }
                other => panic!("unexpected SGR {other}"),
            }
        }
    }

    fn draw_cells(
        backend: &mut CompactBackend<Shared>,
        out: &Shared,
        cells: &[(u16, u16, Cell)],
    ) -> String {
        backend
            .draw(cells.iter().map(|(x, y, c)| (*x, *y, c)))
            .unwrap();
        String::from_utf8(out.take()).unwrap()
    }

    fn cell(symbol: &str, style: Style) -> Cell {
        let mut c = Cell::default();
        c.set_symbol(symbol).set_style(style);
        c
    }

    #[test]
    fn moves_are_the_shortest_that_are_safe() {
        let out = Shared::default();
        let mut b = CompactBackend::new(out.clone());
        let at = |x, y| (x, y, cell("x", Style::default()));
        let s = draw_cells(
            &mut b,
            &out,
            &[
                at(0, 0),
                at(1, 0),
                at(5, 0),
                at(2, 0),
                at(0, 1),
                at(30, 9),
                at(32, 10),
                at(5, 11),
                at(6, 7),
                at(0, 7),
                at(40, 30),
            ],
        );
        // Home; adjacent; 3 right; back to an absolute column (never a relative move
        // left: the cursor may be held at the right edge); the start of the next line;
        // far: CUP; down one and right one; the start of the next line and across; up
        // four in the same column; back to the start of the line; far.
        assert_eq!(
            s,
            "\x1b[Hxx\x1b[3Cx\x1b[3Gx\r\nx\x1b[10;31Hx\x1b[B\x1b[Cx\r\n\x1b[5Cx\x1b[4Ax\rx\x1b[31;41Hx"
        );
    }

    #[test]
    fn after_a_wide_cluster_of_several_characters_the_cursor_is_placed_again() {
        let out = Shared::default();
        let mut b = CompactBackend::new(out.clone());
        let plain = Style::default();
        let s = draw_cells(
            &mut b,
            &out,
            &[
                (0, 0, cell("漢", plain)),
                (2, 0, cell("a", plain)),
                (4, 0, cell("❤\u{fe0f}", plain)),
                (6, 0, cell("b", plain)),
            ],
        );
        assert_eq!(s, "\x1b[H漢a\x1b[C❤\u{fe0f}\x1b[1;7Hb");
    }

    #[test]
    fn one_sgr_per_style_change_and_a_reset_at_the_end() {
        let out = Shared::default();
        let mut b = CompactBackend::new(out.clone());
        let focus = Style::default()
            .fg(Color::White)
            .bg(Color::Blue)
            .add_modifier(Modifier::BOLD);
        let s = draw_cells(
            &mut b,
            &out,
            &[
                (0, 0, cell("a", focus)),
                (1, 0, cell("b", focus.remove_modifier(Modifier::BOLD))),
                (2, 0, cell("c", Style::default().fg(Color::Indexed(200)))),
                (
                    3,
                    0,
                    cell(
                        "d",
                        Style::default()
                            .fg(Color::Rgb(1, 2, 3))
                            .add_modifier(Modifier::CROSSED_OUT),
                    ),
                ),
                (4, 0, cell("e", Style::default())),
            ],
        );
        assert_eq!(
            s,
            "\x1b[H\x1b[1;97;44ma\x1b[22mb\x1b[0;38;5;200mc\x1b[9;38;2;1;2;3md\x1b[me"
        );
        // Nothing drawn, nothing sent (crossterm's backend sends 19 bytes of resets).
        assert_eq!(draw_cells(&mut b, &out, &[]), "");
    }

    #[test]
    fn without_colours_only_attributes_are_sent() {
        let out = Shared::default();
        let mut b = CompactBackend::new(out.clone()).without_colors();
        let s = draw_cells(
            &mut b,
            &out,
            &[(
                0,
                0,
                cell(
                    "a",
                    Style::default()
                        .fg(Color::Red)
                        .bg(Color::Blue)
                        .add_modifier(Modifier::REVERSED),
                ),
            )],
        );
        assert_eq!(s, "\x1b[H\x1b[7ma\x1b[m");
    }

    #[test]
    fn the_cursor_is_hidden_or_shown_once() {
        let out = Shared::default();
        let mut b = CompactBackend::new(out.clone());
        b.hide_cursor().unwrap();
        b.hide_cursor().unwrap();
        b.show_cursor().unwrap();
        b.show_cursor().unwrap();
        b.hide_cursor().unwrap();
        assert_eq!(
            String::from_utf8(out.take()).unwrap(),
            "\x1b[?25l\x1b[?25h\x1b[?25l"
        );
    }
}
