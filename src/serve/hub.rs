//! The one task that owns the shared document: it applies every client's input in order,
//! autosaves, and redraws each client whose screen changed from the document and that
//! client's own session. Frames go to a one-slot outbox per client: a newer frame replaces
//! an unsent one (drawn in full), and a client that stops reading is dropped.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};
use tokio::sync::{Notify, mpsc};

use crate::app::backend::CompactBackend;
use crate::config::Config;
use crate::doc::Doc;
use crate::input::Key;
use crate::input::{Event, Keymap};
use crate::model::{MomentId, StageId};
use crate::persist::WorkspaceFile;
use crate::ui::View;
use crate::ui::session::{Rights, VoteBudget};
use crate::ui::{Chrome, Ctx, SaveState, Session, Theme, handle, layout, render};

use super::auth::Role;

/// Sent on start: alternate screen, cursor hidden, bracketed paste on, screen cleared.
pub const START: &[u8] = b"\x1b[?1049h\x1b[?25l\x1b[?2004h\x1b[2J";
/// Sent on close: the modes above undone.
pub const END: &[u8] = b"\x1b[?2004l\x1b[?25h\x1b[?1049l";
/// A client whose frame has waited this long to be taken is dropped.
pub const SLOW_CLIENT: Duration = Duration::from_secs(10);
/// Smallest and largest terminal sizes drawn.
pub const MIN_SIZE: (u16, u16) = (20, 6);
pub const MAX_SIZE: (u16, u16) = (400, 200);

pub fn clamp_size(w: u32, h: u32) -> (u16, u16) {
    (
        w.clamp(u32::from(MIN_SIZE.0), u32::from(MAX_SIZE.0)) as u16,
        h.clamp(u32::from(MIN_SIZE.1), u32::from(MAX_SIZE.1)) as u16,
    )
}

/// One client's outgoing bytes: at most one frame waits.
#[derive(Default)]
pub struct Outbox {
    slot: Mutex<Option<(Vec<u8>, Instant)>>,
    pub ready: Notify,
    /// The hub is done with this client: send [`END`] and close.
    pub closed: AtomicBool,
}

impl Outbox {
    /// Takes the waiting frame, if any.
    pub fn take(&self) -> Option<Vec<u8>> {
        self.slot.lock().ok()?.take().map(|(bytes, _)| bytes)
    }

    fn is_waiting(&self) -> Option<Instant> {
        self.slot.lock().ok()?.as_ref().map(|(_, since)| *since)
    }

    /// Puts a frame in the slot, replacing one not yet taken.
    fn put(&self, bytes: Vec<u8>) {
        if let Ok(mut slot) = self.slot.lock() {
            let since = slot.as_ref().map_or_else(Instant::now, |(_, s)| *s);
            *slot = Some((bytes, since));
        }
        self.ready.notify_one();
    }

    pub fn close(&self) {
        self.closed.store(true, Ordering::Release);
        self.ready.notify_one();
    }
}

/// What connections tell the hub.
pub enum Msg {
    Join {
        id: u64,
        name: String,
        role: Role,
        size: (u16, u16),
        outbox: Arc<Outbox>,
        /// Said to this client on arrival (the local facilitator: address and host key).
        notice: Option<String>,
        /// The client's terminal has no colours (TERM=dumb, or it sent NO_COLOR).
        mono: bool,
    },
    Input {
        id: u64,
        events: Vec<Event>,
    },
    Leave {
        id: u64,
    },
    /// SIGTERM, SIGINT, SIGHUP: save and stop.
    Stop,
}

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

type Term = Terminal<CompactBackend<Capture>>;

struct Client {
    name: String,
    role: Role,
    session: Session,
    terminal: Term,
    /// What the terminal wrote since the last frame was taken.
    buffer: Arc<Mutex<Vec<u8>>>,
    outbox: Arc<Outbox>,
    /// The document revision and presence last drawn; `None` forces a draw.
    drawn: Option<(u64, u64)>,
    /// Goes where the facilitator goes (F toggles).
    follow: bool,
    theme: Theme,
}

/// Where someone is looking: what followers copy.
type Place = (View, Option<StageId>, Option<MomentId>);

fn place(s: &Session) -> Place {
    (s.view, s.focus_stage.clone(), s.focus_moment.clone())
}

/// Input events a client may send per second; more are dropped.
pub const MAX_EVENTS_PER_SECOND: usize = 200;

/// What the hub starts with.
pub struct Hub {
    pub doc: Doc,
    pub file: Option<WorkspaceFile>,
    pub file_label: String,
    pub keymap: Keymap,
    pub theme: Theme,
    pub config: Config,
    /// Shown in every title bar: how to join.
    pub banner: String,
    /// Dot votes each participant has per round (the facilitator's V starts a round).
    pub votes_per_round: u32,
}

/// A client's terminal: the same compact encoding as the local one, without colours for a
/// terminal that has none.
fn new_terminal(
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

impl Hub {
    /// Runs until every sender is gone or a stop arrives; saves before returning.
    pub async fn run(mut self, mut rx: mpsc::Receiver<Msg>) {
        let mut clients: BTreeMap<u64, Client> = BTreeMap::new();
        let mut presence_rev = 0u64;
        let mut save_at: Option<Instant> = None;
        let mut last_lead: Option<Place> = None;
        let mut last_places = 0u64;
        loop {
            let now = Instant::now();
            let mut deadline = now + Duration::from_secs(1);
            for c in clients.values() {
                if let Some(d) = c.session.next_deadline(now) {
                    deadline = deadline.min(d);
                }
            }
            if let Some(t) = save_at {
                deadline = deadline.min(t);
            }
            let first = tokio::select! {
                msg = rx.recv() => match msg {
                    Some(m) => Some(m),
                    None => break,
                },
                () = tokio::time::sleep_until(deadline.into()) => None,
            };
            let mut next = first;
            let mut stop = false;
            let mut new_round = false;
            // Everything queued is applied, in order, before anything is drawn.
            while let Some(msg) = next {
                match msg {
                    Msg::Join {
                        id,
                        name,
                        role,
                        size,
                        outbox,
                        notice,
                        mono,
                    } => {
                        let buffer = Arc::new(Mutex::new(Vec::new()));
                        let Ok(terminal) = new_terminal(size, Arc::clone(&buffer), mono) else {
                            outbox.close();
                            next = rx.try_recv().ok();
                            continue;
                        };
                        let mut session = Session::new();
                        session.size = size;
                        match role {
                            Role::Facilitator => {}
                            Role::Participant => {
                                session.rights = Rights::Participant;
                                session.votes = Some(VoteBudget::new(self.votes_per_round));
                            }
                            Role::Observer => {
                                session.read_only = Some("observers watch, they do not edit".into())
                            }
                        }
                        let welcome = match (role, notice) {
                            (_, Some(notice)) => notice,
                            (Role::Facilitator, None) => {
                                format!("Welcome, {name}: you are a facilitator. Press ? for help")
                            }
                            (_, None) => format!(
                                "Welcome, {name}: you are {} {}; you follow the facilitator (F stops)",
                                if role == Role::Observer { "an" } else { "a" },
                                role.name()
                            ),
                        };
                        session.say(welcome, Instant::now());
                        outbox.put(START.to_vec());
                        clients.insert(
                            id,
                            Client {
                                name,
                                role,
                                session,
                                terminal,
                                buffer,
                                outbox,
                                drawn: None,
                                follow: role != Role::Facilitator,
                                theme: if mono {
                                    Theme::new(crate::ui::ThemeName::Mono)
                                } else {
                                    self.theme.clone()
                                },
                            },
                        );
                        presence_rev += 1;
                    }
                    Msg::Leave { id } => {
                        if let Some(c) = clients.remove(&id) {
                            c.outbox.close();
                            presence_rev += 1;
                        }
                    }
                    Msg::Input { id, events } => {
                        if let Some(c) = clients.get_mut(&id) {
                            for ev in events {
                                if ev == Event::Key(Key::char('F'))
                                    && c.role != Role::Facilitator
                                    && c.session.overlays.is_empty()
                                {
                                    c.follow = !c.follow;
                                    c.session.say(
                                        if c.follow {
                                            "Following the facilitator (F stops)"
                                        } else {
                                            "You move on your own now (F follows the facilitator again)"
                                        },
                                        Instant::now(),
                                    );
                                    c.drawn = None;
                                    continue;
                                }
                                if ev == Event::Key(Key::char('V'))
                                    && c.role == Role::Facilitator
                                    && c.session.overlays.is_empty()
                                {
                                    new_round = true;
                                    continue;
                                }
                                if let Event::Resize(w, h) = ev {
                                    let (w, h) = clamp_size(u32::from(w), u32::from(h));
                                    let _ = c.terminal.resize(Rect::new(0, 0, w, h));
                                    c.session.size = (w, h);
                                    c.drawn = None;
                                    continue;
                                }
                                let ctx = Ctx {
                                    keymap: &self.keymap,
                                    now: Instant::now(),
                                    author: Some(&c.name),
                                };
                                handle(&mut c.session, &mut self.doc, &ev, &ctx);
                                c.drawn = None;
                            }
                        }
                    }
                    Msg::Stop => stop = true,
                }
                next = rx.try_recv().ok();
            }
            if stop {
                break;
            }
            if new_round {
                let now = Instant::now();
                let text = format!(
                    "New voting round: {} votes each (+ votes, - takes one back)",
                    self.votes_per_round
                );
                for c in clients.values_mut() {
                    if let Some(budget) = c.session.votes.as_mut() {
                        *budget = VoteBudget::new(self.votes_per_round);
                    }
                    c.session.say(text.clone(), now);
                    c.drawn = None;
                }
            }
            // Followers go where the facilitator (the first one connected) moves.
            let lead = clients
                .values()
                .find(|c| c.role == Role::Facilitator)
                .map(|c| place(&c.session));
            if lead.is_some() && lead != last_lead {
                if let Some((view, stage, moment)) = lead.clone() {
                    for c in clients.values_mut().filter(|c| c.follow) {
                        c.session.view = view;
                        c.session.focus_stage = stage.clone();
                        c.session.focus_moment = moment.clone();
                        c.drawn = None;
                    }
                }
                presence_rev += 1;
            }
            last_lead = lead;
            // Presence shows where everyone is: redraw when anyone moved.
            let places: u64 = clients
                .values()
                .map(|c| {
                    use std::hash::{Hash, Hasher};
                    let mut h = std::collections::hash_map::DefaultHasher::new();
                    place(&c.session).2.hash(&mut h);
                    h.finish()
                })
                .fold(0, |a, b| a.rotate_left(5) ^ b);
            if places != last_places {
                last_places = places;
                presence_rev += 1;
            }
            let now = Instant::now();
            let mut leaving = Vec::new();
            for (&id, c) in clients.iter_mut() {
                if c.session.expire(now) {
                    c.drawn = None;
                }
                if c.session.timer.as_ref().is_some_and(|t| t.is_running()) {
                    c.drawn = None;
                }
                c.session.tick(now);
                let requests = std::mem::take(&mut c.session.requests);
                if requests.quit || requests.force_quit {
                    leaving.push(id);
                }
                if requests.save_now {
                    if c.role == Role::Facilitator {
                        save_at = Some(now);
                        c.session.say("Saved", now);
                    } else {
                        c.session
                            .say("The workshop is saved for everyone as it changes", now);
                    }
                    c.drawn = None;
                } else if requests.save && self.config.autosave && self.file.is_some() {
                    let at = now + Duration::from_millis(self.config.autosave_delay_ms);
                    save_at = Some(save_at.map_or(at, |t| t.min(at)));
                }
                if requests.export.is_some() {
                    c.session
                        .warn("Exports are made on the host with moments export", now);
                    c.drawn = None;
                }
            }
            for id in leaving {
                if let Some(c) = clients.remove(&id) {
                    c.outbox.close();
                    presence_rev += 1;
                }
            }
            if save_at.is_some_and(|t| t <= now) {
                save_at = None;
                self.save();
            }
            self.draw(&mut clients, presence_rev);
            // Slow readers never hold up the others: they are dropped.
            let slow: Vec<u64> = clients
                .iter()
                .filter(|(_, c)| {
                    c.outbox
                        .is_waiting()
                        .is_some_and(|t| t.elapsed() > SLOW_CLIENT)
                })
                .map(|(&id, _)| id)
                .collect();
            for id in slow {
                if let Some(c) = clients.remove(&id) {
                    super::log(&format!("dropped {} (not reading its screen)", c.name));
                    c.outbox.close();
                    presence_rev += 1;
                }
            }
        }
        self.save();
        for c in clients.values() {
            c.outbox.close();
        }
    }

    fn save(&mut self) {
        if let Some(file) = self.file.as_mut()
            && let Err(e) = crate::app::write(file, &mut self.doc)
        {
            super::log(&format!("could not save: {e}"));
        }
    }

    fn draw(&self, clients: &mut BTreeMap<u64, Client>, presence_rev: u64) {
        let mut names: Vec<String> = clients
            .values()
            .map(|c| {
                let star = if c.role == Role::Facilitator { "*" } else { "" };
                match &c.session.focus_moment {
                    Some(m) => format!("{}{star}@{m}", c.name),
                    None => format!("{}{star}", c.name),
                }
            })
            .collect();
        names.dedup();
        let label = format!(
            "{}  · {} online: {}  · {}",
            self.file_label,
            clients.len(),
            names.join(", "),
            self.banner
        );
        let save = || {
            if self.file.is_none() {
                SaveState::Scratch
            } else if self.doc.is_dirty() {
                SaveState::Unsaved
            } else {
                SaveState::Saved
            }
        };
        let now = Instant::now();
        let state = (self.doc.revision, presence_rev);
        for c in clients.values_mut() {
            if c.drawn == Some(state) {
                continue;
            }
            c.drawn = Some(state);
            let behind = c.outbox.is_waiting().is_some();
            if behind {
                // The unsent frame is replaced: this one must be whole.
                let _ = c.terminal.clear();
            }
            let session = &mut c.session;
            let size = session.size;
            crate::ui::update::clamp_focus(session, &self.doc);
            let area = Rect::new(0, 0, size.0, size.1);
            layout::sync_scroll(session, &self.doc, area);
            crate::ui::owners_view::sync_scroll(session, &self.doc, layout::screen(area).body);
            let chrome = Chrome {
                file: &label,
                now,
                save: if session.read_only.is_some() {
                    SaveState::ReadOnly
                } else {
                    save()
                },
                keymap: &self.keymap,
                theme: &c.theme,
            };
            let session = &c.session;
            if c.terminal
                .draw(|frame| render(frame, &self.doc, session, &chrome))
                .is_err()
            {
                continue;
            }
            let bytes = c
                .buffer
                .lock()
                .map(|mut b| std::mem::take(&mut *b))
                .unwrap_or_default();
            if bytes.is_empty() {
                continue;
            }
            if behind {
                let mut whole = c
                    .outbox
                    .take()
                    .filter(|b| b.starts_with(START))
                    .map_or_else(Vec::new, |_| START.to_vec());
                whole.extend_from_slice(&bytes);
                c.outbox.put(whole);
            } else {
                c.outbox.put(bytes);
            }
        }
        // Views read the findings right after drawing, as the local app does.
        let _ = self.doc.analysis();
    }
}
