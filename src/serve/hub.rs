//! The one task that owns the shared document: it applies every client's input in order,
//! autosaves, and redraws each client whose screen changed from the document and that
//! client's own session. Frames go to a one-slot outbox per client: a newer frame replaces
//! an unsent one (drawn in full), and a client that stops reading is dropped.
//! A client's effects go through `runtime::effects::apply` (its role as a
//! [`Remote`]) and its frames through `runtime::frame::draw`, as the local app's do.
//! Must not depend on `cli`.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use ratatui::layout::Rect;
use tokio::sync::{Notify, mpsc};

use crate::config::Config;
use crate::doc::Doc;
use crate::input::{Event, Keymap};
use crate::model::{MomentId, StageId};
use crate::persist::WorkspaceFile;
use crate::runtime::effects::{self, Host, Quit, Remote, Save};
use crate::runtime::frame::{self, Surround};
use crate::ui::View;
use crate::ui::session::Rights;
use crate::ui::timer::Timer;
use crate::ui::{Ctx, Session, Theme, handle};

use super::screen::{Term, new_terminal, restart_screen};

use super::auth::Role;

/// Sent on start: alternate screen, cursor hidden, bracketed paste on, mouse reports on
/// (presses and the wheel, SGR coordinates; no motion, which would flood the link),
/// screen cleared.
pub const START: &[u8] = b"\x1b[?1049h\x1b[?25l\x1b[?2004h\x1b[?1000h\x1b[?1006h\x1b[2J";
/// Sent on close: the modes above undone.
pub const END: &[u8] = b"\x1b[?1006l\x1b[?1000l\x1b[?2004l\x1b[?25h\x1b[?1049l";
/// A client whose frame has waited this long to be taken is dropped (by default).
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
        /// Who this is, whatever name they typed: a key's fingerprint, or one of a kind
        /// for a join code (see [`Names`]).
        identity: String,
        role: Role,
        size: (u16, u16),
        outbox: Arc<Outbox>,
        /// Said to this client on arrival (the local facilitator: address and host key).
        notice: Option<String>,
        /// The client's terminal has no colours (TERM=dumb, or it sent `NO_COLOR`).
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
    theme: Theme,
    /// The client's terminal has no colours.
    mono: bool,
}

impl Client {
    /// Starts the client's screen afresh: a clear screen, then a terminal that has drawn
    /// nothing, so the next frame is whole. `Terminal::clear` cannot do this here: it asks
    /// the backend where the cursor is, a client's backend has no terminal to ask, and on
    /// that error it leaves the last frame as the one to diff against.
    fn restart_screen(&mut self) {
        restart_screen(
            &mut self.terminal,
            &self.buffer,
            self.session.size,
            self.mono,
        );
    }
}

/// Where someone is looking: what followers copy.
type Place = (View, Option<StageId>, Option<MomentId>);

fn place(s: &Session) -> Place {
    (s.view, s.focus_stage.clone(), s.focus_moment.clone())
}

/// The facilitator the others follow: the first one connected.
fn lead(clients: &BTreeMap<u64, Client>) -> Option<u64> {
    clients
        .iter()
        .find(|(_, c)| c.role == Role::Facilitator)
        .map(|(&id, _)| id)
}

/// How soon a failed save is tried again.
pub const SAVE_RETRY: Duration = Duration::from_secs(2);

/// What facilitators are told while saving fails.
fn failure_text(why: &str) -> String {
    format!(
        "{why}. Nothing is lost: the workshop is kept in memory and saved again every {} s",
        SAVE_RETRY.as_secs()
    )
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
    /// Dots per voter offered when a facilitator starts a round; `None`: a quarter of the cards.
    pub vote_budget: Option<u32>,
    /// A client whose frame waits this long is dropped ([`SLOW_CLIENT`] by default).
    pub slow_client: Duration,
}

/// Names in the room belong to identities. Dots, presence and undo authorship go by
/// name, so a name, once given, stays with its identity for as long as the server runs:
/// someone who joins with a code as `alice` after alice left is `alice 2`, not alice
/// with her dots; alice's key gets her name back. Names that differ only in case or
/// spaces count as the same.
#[derive(Default)]
pub struct Names {
    /// Who owns each name (by its [`fold`]ed form).
    owners: std::collections::HashMap<String, String>,
    /// The name each identity was given.
    given: std::collections::HashMap<String, String>,
}

/// A name as compared with others: no case, no spaces.
fn fold(name: &str) -> String {
    name.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

impl Names {
    /// The name for `identity`, who typed `wanted`, with the names of those `present`:
    /// their own again, else `wanted`, `wanted 2`… — the first nobody else owns or
    /// looks like, and never the room's voter name.
    pub fn assign<'a>(
        &mut self,
        wanted: &str,
        identity: &str,
        present: impl Iterator<Item = &'a str> + Clone,
    ) -> String {
        let taken = |candidate: &str| {
            let folded = fold(candidate);
            folded == fold(crate::model::facilitation::ROOM)
                || present.clone().any(|p| fold(p) == folded)
                || self.owners.get(&folded).is_some_and(|o| o != identity)
        };
        if let Some(name) = self.given.get(identity)
            && !present.clone().any(|p| p == name)
        {
            return name.clone();
        }
        let name = std::iter::once(wanted.to_owned())
            .chain((2..).map(|n| format!("{wanted} {n}")))
            .find(|c| !taken(c))
            .expect("some number is free");
        self.owners.insert(fold(&name), identity.to_owned());
        // The first name given stays the one a returning identity gets back.
        self.given
            .entry(identity.to_owned())
            .or_insert_with(|| name.clone());
        name
    }
}

impl Hub {
    /// Runs until every sender is gone or a stop arrives; saves before returning. An error
    /// says the last save failed (and where a rescue copy went, if one could be written).
    pub async fn run(mut self, mut rx: mpsc::Receiver<Msg>) -> Result<(), String> {
        let mut clients: BTreeMap<u64, Client> = BTreeMap::new();
        let mut names = Names::default();
        let mut presence_rev = 0u64;
        let mut save_at: Option<Instant> = None;
        // Why the last save failed, until one succeeds; facilitators are told.
        let mut save_failure: Option<String> = None;
        // Facilitators who pressed ctrl-s: told how the save went.
        let mut asked_to_save: Vec<u64> = Vec::new();
        let mut last_lead: Option<Place> = None;
        let mut last_places = 0u64;
        let mut last_round = self.doc.ws.voting.as_ref().map(|r| (r.round, r.revealed));
        // The room's timebox: the last one a facilitator set, which every session shows.
        let mut room_clock: Option<Timer> = None;
        loop {
            let now = Instant::now();
            let mut deadline = now + Duration::from_secs(1);
            for c in clients.values() {
                if let Some(d) = c.session.next_deadline(&self.doc, now) {
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
            // Clients that asked to follow again: they go to the facilitator at once.
            let mut start_following: Vec<u64> = Vec::new();
            // Clients that quit: they go once this round is done.
            let mut leaving: Vec<u64> = Vec::new();
            // Everything queued is applied, in order, before anything is drawn.
            while let Some(msg) = next {
                match msg {
                    Msg::Join {
                        id,
                        name,
                        identity,
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
                        // Names tell people apart in presence, undo and votes: a second
                        // "ana" online becomes "ana 2", nobody takes the name (and dots)
                        // of one who left, and nobody votes as the room.
                        let name = names.assign(
                            &name,
                            &identity,
                            clients.values().map(|c| c.name.as_str()),
                        );
                        let mut session = Session::new();
                        session.size = size;
                        session.vote_budget = self.vote_budget;
                        session.follow = Some(role != Role::Facilitator);
                        match role {
                            Role::Facilitator => {}
                            Role::Participant => {
                                session.rights = Rights::Participant;
                                session.voter = name.clone();
                            }
                            Role::Observer => {
                                session.read_only =
                                    Some("observers watch, they do not edit".into());
                            }
                        }
                        let welcome = match (role, notice) {
                            (_, Some(notice)) => notice,
                            (Role::Facilitator, None) => {
                                format!("Welcome, {name}: you are a facilitator. Press ? for help")
                            }
                            (_, None) => format!(
                                "Welcome, {name}: you are {} {}; you follow the facilitator ({} stops)",
                                if role == Role::Observer { "an" } else { "a" },
                                role.name(),
                                self.keymap
                                    .key_label(
                                        crate::input::Context::Global,
                                        crate::input::Action::Follow
                                    )
                                    .unwrap_or_else(|| "follow in the palette".into())
                            ),
                        };
                        session.say(welcome, Instant::now());
                        // The room's clock as it stands; a time already up is not
                        // announced again to someone who has just arrived.
                        session.timer = room_clock.clone().map(|mut t| {
                            t.announced = t.is_over(Instant::now());
                            t
                        });
                        if let (Some(why), Role::Facilitator) = (&save_failure, role) {
                            session.warn(failure_text(why), Instant::now());
                        }
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
                                theme: if mono {
                                    Theme::new(crate::ui::ThemeName::Mono)
                                } else {
                                    self.theme.clone()
                                },
                                mono,
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
                        let lead_id = lead(&clients);
                        if let Some(c) = clients.get_mut(&id) {
                            let clock_before = c.session.timer.clone();
                            for ev in events {
                                if let Event::Resize(w, h) = ev {
                                    let (w, h) = clamp_size(u32::from(w), u32::from(h));
                                    c.session.size = (w, h);
                                    // The client's terminal reflowed its screen: start
                                    // it afresh rather than diff against what it was.
                                    c.restart_screen();
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
                                // Carried out at once: one who starts following goes
                                // to the facilitator in this very round.
                                let host = Host {
                                    file: self.file.as_mut(),
                                    autosave: effects::autosave(&self.config),
                                    remote: Some(Remote {
                                        facilitator: c.role == Role::Facilitator,
                                        leads: lead_id == Some(id),
                                        keymap: &self.keymap,
                                    }),
                                };
                                let now = Instant::now();
                                let todo = effects::apply(&mut c.session, &mut self.doc, host, now);
                                match todo.save {
                                    Some(Save::Now) => {
                                        save_at = Some(now);
                                        asked_to_save.push(id);
                                    }
                                    Some(Save::By(at)) => {
                                        save_at = Some(save_at.map_or(at, |t| t.min(at)));
                                    }
                                    None => {}
                                }
                                if todo.follow_now {
                                    start_following.push(id);
                                }
                                if todo.quit.is_some_and(|q| q == Quit::Now) {
                                    leaving.push(id);
                                }
                            }
                            // A facilitator who started, paused, resumed or stopped the
                            // timebox (or moved the agenda on) set the room's clock.
                            if c.role == Role::Facilitator
                                && !same_clock(clock_before.as_ref(), c.session.timer.as_ref())
                            {
                                room_clock.clone_from(&c.session.timer);
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
            // A round that starts or is revealed is announced to everyone.
            let round = self.doc.ws.voting.as_ref().map(|r| (r.round, r.revealed));
            if round != last_round {
                if let Some(r) = self.doc.ws.voting.as_ref().filter(|_| round.is_some()) {
                    let now = Instant::now();
                    let text = if r.revealed {
                        format!(
                            "Round {} revealed: {} dots; see the cards and Priorities",
                            r.round,
                            r.total()
                        )
                    } else {
                        format!(
                            "Vote round {}: {} dots each; + places one on the focused card, - takes one back",
                            r.round, r.budget
                        )
                    };
                    for c in clients.values_mut() {
                        c.session.say(text.clone(), now);
                        c.drawn = None;
                    }
                }
                last_round = round;
            }
            // Everyone reads the room's clock: whoever's differs gets it (anything else
            // put there, by a participant or an observer, is undone the same way).
            for c in clients.values_mut() {
                if !same_clock(c.session.timer.as_ref(), room_clock.as_ref()) {
                    c.session.timer = room_clock.clone().map(|mut t| {
                        // Each session announces each countdown's end once: a pause or
                        // a resume of one already announced here is not a new end.
                        t.announced = c
                            .session
                            .timer
                            .as_ref()
                            .is_some_and(|old| old.same_run(&t) && old.announced);
                        t
                    });
                    c.drawn = None;
                }
            }
            // Followers go where the facilitator (the first one connected) moves.
            let lead = lead(&clients)
                .and_then(|id| clients.get(&id))
                .map(|c| place(&c.session));
            if let Some((view, stage, moment)) = lead.clone() {
                let moved = lead != last_lead;
                for (id, c) in &mut clients {
                    if c.session.follow == Some(true) && (moved || start_following.contains(id)) {
                        c.session.view = view;
                        c.session.focus_stage = stage.clone();
                        c.session.focus_moment = moment.clone();
                        c.drawn = None;
                    }
                }
                if moved {
                    presence_rev += 1;
                }
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
            for c in clients.values_mut() {
                if c.session.expire(now) {
                    c.drawn = None;
                }
                if c.session.timer.as_ref().is_some_and(Timer::is_running) {
                    c.drawn = None;
                }
                if c.session.tick(now) {
                    c.drawn = None;
                    if self.config.bell
                        && let Ok(mut b) = c.buffer.lock()
                    {
                        // Goes out with the frame that says TIME UP.
                        b.push(0x07);
                    }
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
                let outcome = self.save();
                let now = Instant::now();
                let asked = std::mem::take(&mut asked_to_save);
                let facilitators = clients
                    .iter_mut()
                    .filter(|(_, c)| c.role == Role::Facilitator);
                match outcome {
                    Ok(note) => {
                        let recovered = save_failure.take().is_some();
                        if recovered {
                            super::log("saving works again");
                            presence_rev += 1;
                        }
                        for (id, c) in facilitators {
                            if let Some(note) = &note {
                                c.session.warn(note.clone(), now);
                            } else if recovered {
                                c.session
                                    .say(format!("Saved again: {}", self.file_label), now);
                            } else if asked.contains(id) {
                                c.session.say("Saved", now);
                            } else {
                                continue;
                            }
                            c.drawn = None;
                        }
                    }
                    Err(why) => {
                        // Told once per kind of failure (and to whoever pressed ctrl-s);
                        // the title bar says NOT SAVED until a save succeeds.
                        let fresh = save_failure.as_deref() != Some(why.as_str());
                        if fresh {
                            super::log(&format!("could not save: {why}"));
                            presence_rev += 1;
                        }
                        for (id, c) in facilitators {
                            if fresh || asked.contains(id) {
                                c.session.warn(failure_text(&why), now);
                                c.drawn = None;
                            }
                        }
                        save_failure = Some(why);
                        save_at = Some(now + SAVE_RETRY);
                    }
                }
            }
            self.draw(&mut clients, presence_rev, save_failure.is_some());
            // Slow readers never hold up the others: they are dropped.
            let slow: Vec<u64> = clients
                .iter()
                .filter(|(_, c)| {
                    c.outbox
                        .is_waiting()
                        .is_some_and(|t| t.elapsed() > self.slow_client)
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
        let saved = self.save().map(|_| ());
        for c in clients.values() {
            c.outbox.close();
        }
        saved.map_err(|why| match self.rescue() {
            Ok(copy) => format!(
                "could not save: {why}; the workshop was written to {} instead",
                copy.display()
            ),
            Err(e) => format!("could not save: {why}; nor write a copy in the data folder: {e}"),
        })
    }

    /// Saves when there are unsaved edits. A file changed on disk by something else is
    /// saved over, its version kept as the backup: the room's work is never dropped, and
    /// the note says so.
    fn save(&mut self) -> Result<Option<String>, String> {
        let Some(file) = self.file.as_mut() else {
            return Ok(None);
        };
        match effects::write(file, &mut self.doc) {
            Ok(()) => Ok(None),
            Err(crate::persist::SaveError::ChangedOnDisk(path)) => {
                file.overwrite(&self.doc.ws).map_err(|e| e.to_string())?;
                self.doc.mark_saved();
                let backup = crate::persist::file::backup_path(&path);
                super::log(&format!(
                    "{} was changed outside the workshop: saved over it, the other version is {}",
                    path.display(),
                    backup.display()
                ));
                Ok(Some(format!(
                    "{} was changed outside the workshop: the room's version is saved, the other one is in {}",
                    self.file_label,
                    backup.file_name().unwrap_or_default().to_string_lossy()
                )))
            }
            Err(e) => Err(e.to_string()),
        }
    }

    /// The last resort when the final save fails: the workshop written to the data folder.
    fn rescue(&self) -> std::io::Result<std::path::PathBuf> {
        let dir = crate::paths::data_dir().join("rescued");
        std::fs::create_dir_all(&dir)?;
        let stem = std::path::Path::new(&self.file_label)
            .file_stem()
            .map_or_else(|| "workshop".into(), |s| s.to_string_lossy().into_owned());
        let path = dir.join(format!("{stem}-{}.ron", crate::clock::now_secs()));
        crate::persist::file::replace_atomic(&path, &crate::persist::to_ron(&self.doc.ws))?;
        Ok(path)
    }

    fn draw(&self, clients: &mut BTreeMap<u64, Client>, presence_rev: u64, save_failed: bool) {
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
        let now = Instant::now();
        let state = (self.doc.revision, presence_rev);
        // Who may vote, for the vote badge: participants, in the order they connected;
        // listed only when someone is to be drawn.
        let voters: Arc<[String]> = if clients.values().any(|c| c.drawn != Some(state)) {
            clients
                .values()
                .filter(|c| c.role == Role::Participant)
                .map(|c| c.name.clone())
                .collect()
        } else {
            Arc::from([])
        };
        for c in clients.values_mut() {
            if c.drawn == Some(state) {
                continue;
            }
            c.drawn = Some(state);
            c.session.room_voters = Some(Arc::clone(&voters));
            let behind = c.outbox.is_waiting().is_some();
            if behind {
                // The unsent frame is replaced: this one must be whole.
                c.restart_screen();
            }
            let surround = Surround {
                label: &label,
                keymap: &self.keymap,
                theme: &c.theme,
                has_file: self.file.is_some(),
                save_failed: save_failed && c.role == Role::Facilitator,
            };
            let (w, h) = c.session.size;
            let area = Rect::new(0, 0, w, h);
            let drawn = frame::draw(
                &mut c.terminal,
                &self.doc,
                &mut c.session,
                area,
                &surround,
                now,
            );
            if drawn.is_err() {
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

/// Whether two sessions' timeboxes show the same time (or neither has one).
fn same_clock(a: Option<&Timer>, b: Option<&Timer>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a.same_clock(b),
        (a, b) => a.is_none() && b.is_none(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_made_unique() {
        let mut names = Names::default();
        assert_eq!(names.assign("ana", "k1", ["bob"].into_iter()), "ana");
        assert_eq!(
            names.assign("ana", "k2", ["ana", "ana 2"].into_iter()),
            "ana 3"
        );
        assert_eq!(names.assign("room", "k3", std::iter::empty()), "room 2");
        assert_eq!(names.assign("Ana", "k4", ["ana"].into_iter()), "Ana 2");
    }

    #[test]
    fn a_name_stays_with_its_identity_after_it_leaves() {
        let mut names = Names::default();
        assert_eq!(
            names.assign("alice", "SHA256:alice", std::iter::empty()),
            "alice"
        );
        // Alice left; someone with the code types her name: not hers to take.
        assert_eq!(
            names.assign("alice", "code:7", std::iter::empty()),
            "alice 2"
        );
        assert_eq!(
            names.assign(" ALICE", "code:8", std::iter::empty()),
            " ALICE 3"
        );
        // Her key gets her name back, whatever she types this time.
        assert_eq!(
            names.assign("al", "SHA256:alice", std::iter::empty()),
            "alice"
        );
        // Online twice with one key: the second is told apart.
        assert_eq!(
            names.assign("alice", "SHA256:alice", ["alice"].into_iter()),
            "alice 4"
        );
    }
}
