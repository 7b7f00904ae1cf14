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

/// Parses one client's input stream.
pub struct Parser {
    inner: InputParser,
    /// Whether bytes are held (an Esc that may start a sequence).
    pending: bool,
}

impl Default for Parser {
    fn default() -> Self {
        Self::new()
    }
}

impl Parser {
    pub fn new() -> Self {
        Self {
            inner: InputParser::new(),
            pending: false,
        }
    }

    /// Parses bytes as they arrive; a trailing lone Esc is held (see [`Parser::flush`]).
    pub fn feed(&mut self, bytes: &[u8]) -> Vec<Event> {
        let mut out = Vec::new();
        self.inner.parse(bytes, |ev| out.extend(convert(ev)), true);
        self.pending = bytes.last() == Some(&0x1b) || (self.pending && bytes.is_empty());
        out
    }

    /// Whether a lone Esc (or a partial sequence) waits for [`Parser::flush`].
    pub fn pending(&self) -> bool {
        self.pending
    }

    /// Gives up waiting: what is held is taken as typed (a lone Esc is Esc).
    pub fn flush(&mut self) -> Vec<Event> {
        let mut out = Vec::new();
        self.inner.parse(&[], |ev| out.extend(convert(ev)), false);
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
}
