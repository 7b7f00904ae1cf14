//! A program on a pseudo-terminal, its screen read back through vt100: shared by the
//! end-to-end tests of the app and of the SSH server.

#![allow(dead_code)]

use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

pub struct Pty {
    parser: Arc<Mutex<vt100::Parser>>,
    master: Box<dyn MasterPty + Send>,
    writer: Box<dyn Write + Send>,
    pub child: Box<dyn Child + Send + Sync>,
    /// How long `wait_*` waits, and how often it looks.
    wait: Duration,
    poll: Duration,
}

fn size(cols: u16, rows: u16) -> PtySize {
    PtySize {
        rows,
        cols,
        pixel_width: 0,
        pixel_height: 0,
    }
}

fn nz(n: u16) -> std::num::NonZeroU16 {
    std::num::NonZeroU16::new(n).expect("a terminal is at least 1×1")
}

impl Pty {
    /// Starts `cmd` on a `cols`×`rows` terminal (TERM=xterm-256color).
    pub fn spawn(
        mut cmd: CommandBuilder,
        cols: u16,
        rows: u16,
        wait: Duration,
        poll: Duration,
    ) -> Pty {
        let pair = native_pty_system().openpty(size(cols, rows)).unwrap();
        cmd.env("TERM", "xterm-256color");
        let child = pair.slave.spawn_command(cmd).unwrap();
        drop(pair.slave);
        let parser = Arc::new(Mutex::new(vt100::Parser::new(nz(rows), nz(cols), 0)));
        let mut reader = pair.master.try_clone_reader().unwrap();
        let feed = Arc::clone(&parser);
        thread::spawn(move || {
            let mut buf = [0u8; 8192];
            loop {
                match reader.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => feed.lock().unwrap().process(&buf[..n]),
                }
            }
        });
        let writer = pair.master.take_writer().unwrap();
        Pty {
            parser,
            master: pair.master,
            writer,
            child,
            wait,
            poll,
        }
    }

    pub fn screen(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    /// The mouse reporting the program asked the terminal for.
    pub fn mouse(&self) -> (vt100::MouseProtocolMode, vt100::MouseProtocolEncoding) {
        let parser = self.parser.lock().unwrap();
        let screen = parser.screen();
        (
            screen.mouse_protocol_mode(),
            screen.mouse_protocol_encoding(),
        )
    }

    /// Where `text` first starts on screen, as 0-based (column, row).
    pub fn find(&self, text: &str) -> Option<(u16, u16)> {
        let parser = self.parser.lock().unwrap();
        let screen = parser.screen();
        let (rows, cols) = screen.size();
        let (rows, cols) = (rows.get(), cols.get());
        (0..rows).find_map(|row| {
            let line: Vec<String> = (0..cols)
                .map(|col| {
                    screen
                        .cell(row, col)
                        .map_or(String::new(), |c| c.contents().to_owned())
                })
                .collect();
            (0..cols as usize).find_map(|start| {
                for (at, ch) in (start..).zip(text.chars()) {
                    if !line.get(at)?.starts_with(ch) {
                        return None;
                    }
                }
                Some((start as u16, row))
            })
        })
    }

    /// Waits until `text` is on screen; returns the screen. Fails if `who` exits first.
    #[track_caller]
    pub fn wait_for(&mut self, who: &str, text: &str) -> String {
        let deadline = Instant::now() + self.wait;
        loop {
            let screen = self.screen();
            if screen.contains(text) {
                return screen;
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("{who} exited ({status:?}) before showing {text:?}:\n{screen}");
            }
            assert!(
                Instant::now() < deadline,
                "{text:?} did not appear within {:?}:\n{screen}",
                self.wait
            );
            thread::sleep(self.poll);
        }
    }

    /// Waits until the screen passes `test`.
    #[track_caller]
    pub fn wait_until(&mut self, what: &str, test: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + self.wait;
        loop {
            let screen = self.screen();
            if test(&screen) {
                return screen;
            }
            assert!(Instant::now() < deadline, "{what}:\n{screen}");
            thread::sleep(self.poll);
        }
    }

    pub fn send(&mut self, text: &str) {
        self.writer.write_all(text.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    pub fn resize(&mut self, cols: u16, rows: u16) {
        self.parser
            .lock()
            .unwrap()
            .screen_mut()
            .set_size(nz(rows), nz(cols));
        self.master.resize(size(cols, rows)).unwrap();
    }

    /// Waits for the process to end; returns whether it succeeded.
    #[track_caller]
    pub fn wait_exit(&mut self, who: &str) -> bool {
        let deadline = Instant::now() + self.wait;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.success();
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!(
                    "{who} did not exit within {:?}:\n{}",
                    self.wait,
                    self.screen()
                );
            }
            thread::sleep(self.poll);
        }
    }
}

impl Drop for Pty {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}
