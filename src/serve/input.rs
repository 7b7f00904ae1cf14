//! A remote client's raw input bytes turned into our own events with termwiz's parser:
//! keys, bracketed paste and mouse. A lone Esc is held until the next bytes or a short
//! timeout says it was not the start of a sequence.

use termwiz::input::{InputEvent, InputParser, KeyCode as T, Modifiers, MouseButtons};

use crate::input::{Event, Key, KeyCode, Mouse};

/// How long a lone Esc waits for the rest of a sequence.
pub const ESC_TIMEOUT: std::time::Duration = std::time::Duration::from_millis(40);
/// A client idle this long drops its parser (rebuilt on the next key).
pub const PARSER_IDLE: std::time::Duration = std::time::Duration::from_secs(2);
/// The longest paste kept; the rest is dropped (a title, a note, not a book).
pub const PASTE_CAP: usize = 16 * 1024;

/// Bracketed paste markers: the paste is collected here, not by termwiz, so it is
/// bounded while it arrives.
const PASTE_START: &[u8] = b"\x1b[200~";
const PASTE_END: &[u8] = b"\x1b[201~";
/// Bytes termwiz may hold without giving an event (an endless unfinished sequence) before
/// they are dropped.
pub const MAX_HELD: usize = 4096;

/// Parses one client's input stream. What it holds is bounded: a paste at most
/// [`PASTE_CAP`] bytes (the rest is dropped as it arrives), the start of a marker a few
/// bytes, an unfinished sequence [`MAX_HELD`].
pub struct Parser {
    inner: InputParser,
    /// Whether bytes are held (an Esc that may start a sequence).
    pending: bool,
    /// Inside a bracketed paste: what arrived of it, up to the cap.
    paste: Option<Vec<u8>>,
    /// The last bytes, when they may begin a paste marker.
    carry: Vec<u8>,
    /// Bytes given to termwiz since it last made an event.
    unparsed: usize,
}

impl Default for Parser {
    fn default() -> Self {
        Self::new()
    }
}

/// How many bytes at the end of `bytes` are a proper beginning of `marker`.
fn partial_marker(bytes: &[u8], marker: &[u8]) -> usize {
    (1..marker.len().min(bytes.len() + 1))
        .rev()
        .find(|&n| bytes.ends_with(&marker[..n]))
        .unwrap_or(0)
}

fn find(bytes: &[u8], marker: &[u8]) -> Option<usize> {
    bytes.windows(marker.len()).position(|w| w == marker)
}

impl Parser {
    pub fn new() -> Self {
        Self {
            inner: InputParser::new(),
            pending: false,
            paste: None,
            carry: Vec::new(),
            unparsed: 0,
        }
    }

    /// Parses bytes as they arrive; a trailing lone Esc is held (see [`Parser::flush`]).
    pub fn feed(&mut self, bytes: &[u8]) -> Vec<Event> {
        let mut out = Vec::new();
        // Keystrokes are not copied: only bytes held from the last read are joined.
        let joined;
        let mut rest = if self.carry.is_empty() {
            bytes
        } else {
            joined = [std::mem::take(&mut self.carry).as_slice(), bytes].concat();
            &joined[..]
        };
        loop {
            match &mut self.paste {
                None => {
                    if let Some(at) = find(rest, PASTE_START) {
                        self.parse(&rest[..at], true, &mut out);
                        self.paste = Some(Vec::new());
                        rest = &rest[at + PASTE_START.len()..];
                        continue;
                    }
                    let keep = partial_marker(rest, PASTE_START);
                    self.parse(&rest[..rest.len() - keep], true, &mut out);
                    self.carry = rest[rest.len() - keep..].to_vec();
                    break;
                }
                Some(paste) => {
                    let (text, end) = if let Some(at) = find(rest, PASTE_END) {
                        (&rest[..at], Some(at + PASTE_END.len()))
                    } else {
                        let keep = partial_marker(rest, PASTE_END);
                        self.carry = rest[rest.len() - keep..].to_vec();
                        (&rest[..rest.len() - keep], None)
                    };
                    // Past the cap the rest is dropped now, not kept until the end.
                    let room = (PASTE_CAP + 4).saturating_sub(paste.len());
                    paste.extend_from_slice(&text[..text.len().min(room)]);
                    let Some(end) = end else { break };
                    let text = String::from_utf8_lossy(paste).into_owned();
                    self.paste = None;
                    out.extend(convert(InputEvent::Paste(text)));
                    rest = &rest[end..];
                }
            }
        }
        // Held: an Esc that may start a sequence (or a marker); not a paste in progress.
        self.pending = self.paste.is_none() && !self.carry.is_empty();
        out
    }

    /// Gives bytes to termwiz, and starts it afresh when it holds too many without
    /// making anything of them.
    fn parse(&mut self, bytes: &[u8], more: bool, out: &mut Vec<Event>) {
        if bytes.is_empty() && more {
            return;
        }
        let before = out.len();
        self.inner.parse(bytes, |ev| out.extend(convert(ev)), more);
        if out.len() > before {
            self.unparsed = 0;
        } else {
            self.unparsed += bytes.len();
            if self.unparsed > MAX_HELD {
                self.inner = InputParser::new();
                self.unparsed = 0;
            }
        }
    }

    /// Whether a lone Esc (or a partial sequence) waits for [`Parser::flush`].
    pub fn pending(&self) -> bool {
        self.pending
    }

    /// Bytes held for a paste or the start of a marker: never much more than the cap.
    pub fn held(&self) -> usize {
        self.paste.as_ref().map_or(0, Vec::len) + self.carry.len()
    }

    /// Gives up waiting: what is held is taken as typed (a lone Esc is Esc).
    pub fn flush(&mut self) -> Vec<Event> {
        let mut out = Vec::new();
        if self.paste.is_none() {
            let held = std::mem::take(&mut self.carry);
            self.parse(&held, false, &mut out);
        }
        self.pending = false;
        out
    }
}

/// One termwiz event as ours; `None` for what we do not use.
pub fn convert(event: InputEvent) -> Option<Event> {
    match event {
        InputEvent::Key(k) => {
            let ctrl = k.modifiers.contains(Modifiers::CTRL);
            let alt = k.modifiers.contains(Modifiers::ALT);
            let shift = k.modifiers.contains(Modifiers::SHIFT);
            let code = match k.key {
                T::Char('\r' | '\n') | T::Enter => KeyCode::Enter,
                T::Char('\u{1b}') | T::Escape => KeyCode::Esc,
                T::Char('\t') | T::Tab if shift => KeyCode::BackTab,
                T::Char('\t') | T::Tab => KeyCode::Tab,
                T::Char('\u{7f}' | '\u{8}') | T::Backspace => KeyCode::Backspace,
                T::Char(c) if c.is_control() => return None,
                T::Char(c) if ctrl => KeyCode::Char(c.to_ascii_lowercase()),
                T::Char(c) => KeyCode::Char(c),
                T::Delete => KeyCode::Delete,
                T::Insert => KeyCode::Insert,
                T::UpArrow | T::ApplicationUpArrow => KeyCode::Up,
                T::DownArrow | T::ApplicationDownArrow => KeyCode::Down,
                T::LeftArrow | T::ApplicationLeftArrow => KeyCode::Left,
                T::RightArrow | T::ApplicationRightArrow => KeyCode::Right,
                T::Home => KeyCode::Home,
                T::End => KeyCode::End,
                T::PageUp => KeyCode::PageUp,
                T::PageDown => KeyCode::PageDown,
                T::Function(n) => KeyCode::F(n),
                _ => return None,
            };
            Some(Event::Key(Key { code, ctrl, alt }))
        }
        InputEvent::Paste(mut text) => {
            if text.len() > PASTE_CAP {
                let mut end = PASTE_CAP;
                while !text.is_char_boundary(end) {
                    end -= 1;
                }
                text.truncate(end);
                // A character cut at the cap is not kept as a replacement mark.
                if text.ends_with('\u{fffd}') {
                    text.pop();
                }
            }
            Some(Event::Paste(crate::ui::text::sanitize(&text, true)))
        }
        InputEvent::Mouse(m) => {
            // termwiz reports 1-based cells.
            let (column, row) = (m.x.saturating_sub(1), m.y.saturating_sub(1));
            let b = m.mouse_buttons;
            if b.contains(MouseButtons::VERT_WHEEL) {
                Some(Event::Mouse(if b.contains(MouseButtons::WHEEL_POSITIVE) {
                    Mouse::ScrollUp { column, row }
                } else {
                    Mouse::ScrollDown { column, row }
                }))
            } else if b.contains(MouseButtons::LEFT) {
                Some(Event::Mouse(Mouse::Click { column, row }))
            } else {
                None
            }
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(bytes: &[u8]) -> Vec<Event> {
        let mut p = Parser::new();
        let mut out = p.feed(bytes);
        out.extend(p.flush());
        out
    }

    #[test]
    fn parses_keys_paste_and_a_lone_esc() {
        assert_eq!(
            keys(b"n\r"),
            vec![
                Event::Key(Key::char('n')),
                Event::Key(Key::plain(KeyCode::Enter))
            ]
        );
        assert_eq!(keys(b"\x1b[A"), vec![Event::Key(Key::plain(KeyCode::Up))]);
        assert_eq!(keys(b"\x13"), vec![Event::Key(Key::ctrl('s'))]);
        assert_eq!(
            keys(b"\t\x1b[Z"),
            vec![
                Event::Key(Key::plain(KeyCode::Tab)),
                Event::Key(Key::plain(KeyCode::BackTab))
            ]
        );
        assert_eq!(
            keys(b"\x1b[200~a\x1b[31mb\x1b[201~"),
            vec![Event::Paste("a[31mb".into())]
        );
        let mut p = Parser::new();
        assert!(p.feed(b"\x1b").is_empty());
        assert!(p.pending());
        assert_eq!(p.flush(), vec![Event::Key(Key::plain(KeyCode::Esc))]);
        assert_eq!(
            keys(b"\x7f"),
            vec![Event::Key(Key::plain(KeyCode::Backspace))]
        );
    }

    #[test]
    fn parses_sgr_mouse_reports() {
        // A press and its release: one click, at 0-based cells.
        assert_eq!(
            keys(b"\x1b[<0;11;6M\x1b[<0;11;6m"),
            vec![Event::Mouse(Mouse::Click { column: 10, row: 5 })]
        );
        assert_eq!(
            keys(b"\x1b[<64;3;4M\x1b[<65;3;4M"),
            vec![
                Event::Mouse(Mouse::ScrollUp { column: 2, row: 3 }),
                Event::Mouse(Mouse::ScrollDown { column: 2, row: 3 })
            ]
        );
        // Right and middle buttons do nothing; keys around a report still arrive.
        assert_eq!(
            keys(b"j\x1b[<2;5;5M\x1b[<1;5;5Mk"),
            vec![Event::Key(Key::char('j')), Event::Key(Key::char('k'))]
        );
    }

    #[test]
    fn a_paste_that_never_ends_holds_no_more_than_the_cap() {
        let mut p = Parser::new();
        assert!(p.feed(b"a\x1b[200~").len() == 1);
        let chunk = vec![b'x'; 32 * 1024];
        for _ in 0..64 {
            assert!(p.feed(&chunk).is_empty());
            assert!(p.held() <= PASTE_CAP + 8, "{} bytes held", p.held());
        }
        assert!(
            !p.pending(),
            "a paste in progress is not cut short by the Esc timeout"
        );
        assert!(p.flush().is_empty());
        // When it ends, the paste is the first PASTE_CAP bytes.
        match p.feed(b"\x1b[201~b").as_slice() {
            [Event::Paste(text), Event::Key(k)] => {
                assert_eq!(text.len(), PASTE_CAP);
                assert_eq!(*k, Key::char('b'));
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(p.held(), 0);
    }

    #[test]
    fn paste_markers_split_across_reads_are_found() {
        let all = b"q\x1b[200~he\x1b[31mllo\x1b[201~z\x1b";
        for cut in 1..all.len() {
            let mut p = Parser::new();
            let mut events = p.feed(&all[..cut]);
            events.extend(p.feed(&all[cut..]));
            events.extend(p.flush());
            assert_eq!(
                events,
                vec![
                    Event::Key(Key::char('q')),
                    Event::Paste("he[31mllo".into()),
                    Event::Key(Key::char('z')),
                    Event::Key(Key::plain(KeyCode::Esc)),
                ],
                "cut at {cut}"
            );
        }
    }

    #[test]
    fn an_endless_unfinished_sequence_is_dropped() {
        let mut p = Parser::new();
        let mut long = b"\x1b[".to_vec();
        long.extend(std::iter::repeat_n(b'1', 64 * 1024));
        p.feed(&long);
        assert!(p.unparsed <= MAX_HELD);
        assert_eq!(p.feed(b"k"), vec![Event::Key(Key::char('k'))]);
    }
}
