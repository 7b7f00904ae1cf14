//! A client's screen as the hub keeps it: a ratatui terminal on the app's compact
//! backend whose bytes are captured for the client's outbox, and how it starts afresh.

use std::sync::{Arc, Mutex};

use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};

use crate::runtime::backend::CompactBackend;

/// Bytes a ratatui backend writes, captured for a client.
pub struct Capture(pub Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if let Ok(mut b) = self.0.lock() {
            b.extend_from_slice(buf);
        }
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

pub type Term = Terminal<CompactBackend<Capture>>;

/// A client's terminal: the same compact encoding as the local one, without colours for a
/// terminal that has none.
pub fn new_terminal(
    size: (u16, u16),
    buffer: Arc<Mutex<Vec<u8>>>,
    mono: bool,
) -> std::io::Result<Term> {
    let backend = CompactBackend::new(Capture(buffer));
    Terminal::with_options(
        if mono {
            backend.without_colors()
        } else {
            backend
        },
        TerminalOptions {
            viewport: Viewport::Fixed(Rect::new(0, 0, size.0, size.1)),
        },
    )
}

/// What clears a client's screen: the cursor home, then everything erased.
const CLEAR: &[u8] = b"\x1b[H\x1b[2J";

/// See `Client::restart_screen` in the hub.
pub fn restart_screen(
    terminal: &mut Term,
    buffer: &Arc<Mutex<Vec<u8>>>,
    size: (u16, u16),
    mono: bool,
) {
    if let Ok(mut bytes) = buffer.lock() {
        bytes.extend_from_slice(CLEAR);
    }
    if let Ok(fresh) = new_terminal(size, Arc::clone(buffer), mono) {
        *terminal = fresh;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A client that fell behind (or resized) gets a whole frame on a cleared screen: what
    /// it shows is that frame alone, never the old one showing through its blanks. With
    /// `Terminal::clear` the next frame was a diff against the replaced one, and a title
    /// bar read `Northwind Br…  · 3 o onboard…` in a test with the real ssh client.
    #[test]
    fn a_restarted_screen_shows_the_new_frame_alone() {
        let (w, h) = (40u16, 3u16);
        let buffer = Arc::new(Mutex::new(Vec::new()));
        let mut terminal = new_terminal((w, h), Arc::clone(&buffer), false).unwrap();
        let size = |n| std::num::NonZeroU16::new(n).unwrap();
        let mut client = vt100::Parser::new(size(h), size(w), 0);
        let draw = |terminal: &mut Term, text: &str| {
            terminal
                .draw(|f| {
                    f.buffer_mut()
                        .set_string(0, 0, text, ratatui::style::Style::default());
                })
                .unwrap();
        };
        draw(&mut terminal, "Northwind Broadband · 3 online: ana*");
        client.process(&std::mem::take(&mut *buffer.lock().unwrap()));
        // This frame is drawn but never reaches the client (a newer one replaces it).
        draw(&mut terminal, "Northwind Broadband · 2 online: bo*");
        buffer.lock().unwrap().clear();
        restart_screen(&mut terminal, &buffer, (w, h), false);
        draw(&mut terminal, "Northwind · 1 online");
        client.process(&std::mem::take(&mut *buffer.lock().unwrap()));
        let screen = client.screen().contents();
        assert_eq!(screen.trim_end(), "Northwind · 1 online", "{screen:?}");
    }
}
