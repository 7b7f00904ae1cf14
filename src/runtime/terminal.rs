//! The local terminal: raw mode, alternate screen, bracketed paste and mouse, undone on
//! every exit path (a guard's `Drop`, and a panic hook), and crossterm events turned into
//! our own.

use std::io::{self, Write};
use std::os::fd::AsFd;

use ratatui::Terminal;
use ratatui::crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
    KeyEventKind, KeyModifiers, MouseEventKind,
};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{
    Clear, ClearType, EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};

use super::backend::CompactBackend;
use crate::input::{Event, Key, KeyCode, Mouse};

pub type Term = Terminal<CompactBackend<io::BufWriter<std::fs::File>>>;

/// Owns the terminal's special modes while the app runs.
pub struct Guard {
    pub terminal: Term,
}

fn restore() {
    let _ = disable_raw_mode();
    let mut out = io::stdout();
    let _ = execute!(
        out,
        DisableMouseCapture,
        DisableBracketedPaste,
        LeaveAlternateScreen,
        ratatui::crossterm::cursor::Show
    );
    let _ = out.flush();
}

impl Guard {
    pub fn enter() -> io::Result<Guard> {
        let hook = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore();
            hook(info);
        }));
        enable_raw_mode()?;
        let mut out = io::stdout();
        // Cleared here rather than with `Terminal::clear`, which asks the terminal where
        // its cursor is and fails the start when no answer comes (a terminal that does not
        // answer, a slow SSH link); a fresh `Terminal` already assumes a blank screen.
        if let Err(e) = execute!(
            out,
            EnterAlternateScreen,
            Clear(ClearType::All),
            EnableBracketedPaste,
            EnableMouseCapture
        ) {
            restore();
            return Err(e);
        }
        // Buffered so a frame leaves in one write, not one per cell run; on the terminal's
        // file itself, since `Stdout` writes up to each line feed at once (and frames move
        // the cursor with CR LF).
        let out = match io::stdout().as_fd().try_clone_to_owned() {
            Ok(fd) => std::fs::File::from(fd),
            Err(e) => {
                restore();
                return Err(e);
            }
        };
        let mut backend = CompactBackend::new(io::BufWriter::with_capacity(64 * 1024, out));
        // NO_COLOR holds for everything drawn, widgets' own colours included.
        if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) {
            backend = backend.without_colors();
        }
        let mut terminal = Terminal::new(backend)?;
        terminal.hide_cursor()?;
        Ok(Guard { terminal })
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        restore();
    }
}

/// Reads terminal events on a thread of its own and hands them over a channel, so the
/// main loop can always wake for signals and timers. (crossterm's reader can spin forever
/// on a terminal that hung up; the main loop notices with [`alive`] and exits.)
pub fn spawn_reader() -> std::sync::mpsc::Receiver<io::Result<Event>> {
    // Set up crossterm's reader (and its SIGWINCH handler) now, on this thread, so a
    // resize right after start is not lost while the thread starts.
    let _ = event::poll(std::time::Duration::ZERO);
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::Builder::new()
        .name("terminal-input".into())
        .spawn(move || {
            loop {
                match event::read() {
                    Ok(ev) => {
                        if let Some(ev) = convert(ev)
                            && tx.send(Ok(ev)).is_err()
                        {
                            return;
                        }
                    }
                    Err(e) => {
                        let _ = tx.send(Err(e));
                        return;
                    }
                }
            }
        })
        .expect("a thread can be started");
    rx
}

/// Whether the terminal is still there: a hung-up terminal (window closed, link dropped
/// without SIGHUP reaching us) refuses terminal attribute requests.
pub fn alive() -> bool {
    rustix::termios::tcgetattr(io::stdin()).is_ok()
}

/// Converts a crossterm event; `None` for events we do not use (key releases, focus).
pub fn convert(event: event::Event) -> Option<Event> {
    use event::KeyCode as C;
    match event {
        event::Event::Key(k) if k.kind != KeyEventKind::Release => {
            let code = match k.code {
                C::Char(c) => KeyCode::Char(c),
                C::Enter => KeyCode::Enter,
                C::Esc => KeyCode::Esc,
                C::Tab => KeyCode::Tab,
                C::BackTab => KeyCode::BackTab,
                C::Backspace => KeyCode::Backspace,
                C::Delete => KeyCode::Delete,
                C::Insert => KeyCode::Insert,
                C::Up => KeyCode::Up,
                C::Down => KeyCode::Down,
                C::Left => KeyCode::Left,
                C::Right => KeyCode::Right,
                C::Home => KeyCode::Home,
                C::End => KeyCode::End,
                C::PageUp => KeyCode::PageUp,
                C::PageDown => KeyCode::PageDown,
                C::F(n) => KeyCode::F(n),
                _ => return None,
            };
            let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
            let alt = k.modifiers.contains(KeyModifiers::ALT);
            // Terminals send ctrl-letters in either case; bind them lower-case.
            let code = match code {
                KeyCode::Char(c) if ctrl => KeyCode::Char(c.to_ascii_lowercase()),
                other => other,
            };
            Some(Event::Key(Key { code, ctrl, alt }))
        }
        event::Event::Paste(text) => Some(Event::Paste(text)),
        event::Event::Resize(w, h) => Some(Event::Resize(w, h)),
        event::Event::Mouse(m) => {
            let (column, row) = (m.column, m.row);
            match m.kind {
                MouseEventKind::Down(_) => Some(Event::Mouse(Mouse::Click { column, row })),
                MouseEventKind::ScrollUp => Some(Event::Mouse(Mouse::ScrollUp { column, row })),
                MouseEventKind::ScrollDown => Some(Event::Mouse(Mouse::ScrollDown { column, row })),
                _ => None,
            }
        }
        _ => None,
    }
}
