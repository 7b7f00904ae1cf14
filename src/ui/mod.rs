//! The terminal user interface as pure parts. Nothing here owns a terminal (`runtime`
//! does) and nothing here is known to the model.
//!
//! ```text
//! Event ─► dispatch ─► overlay on top?  ─► overlays::*   (prompt, question, form, lists…)
//!                  └─► keymap(view) ─► views::*        (what the action means in this view)
//!                                   └─► actions::*      (one meaning everywhere)
//! Frame ◄─ chrome (title, status, footer, help: generated from what the view offers)
//!          └─ views::* render, overlays drawn last
//! ```
//!
//! This module holds what the parts share: one client's [`Session`], the [`Cx`] an
//! action runs in, and the [`Chrome`] facts a frame shows. The parts below import these;
//! they never import each other in a circle (views do not know actions or chrome;
//! overlays do not know views or actions).

use std::collections::HashMap;
use std::time::Instant;

use crate::doc::Doc;
use crate::input::Keymap;
use crate::model::{Edit, ItemKey, MomentId, SegmentId, StageId};

pub mod actions;
pub mod chrome;
pub mod commands;
pub mod detail;
pub mod dispatch;
pub mod editors;
pub mod form;
pub mod layout;
pub mod overlays;
pub mod policy;
pub mod session;
pub mod text;
pub mod theme;
pub mod timer;
pub mod views;

pub use chrome::render;
pub use dispatch::{handle, settle};
pub use session::{Effect, Rights, STATUS_TIME, StatusMessage};
pub use theme::{Theme, ThemeName};

/// The views, by the names an agenda item uses in the file.
pub use crate::model::View;

use overlays::{Confirmed, Overlay};

/// One client's state: which view, what has focus (by id, never by index), each view's
/// own state, the overlays in front, the status message, what this client may do.
#[derive(Clone, Debug)]
pub struct Session {
    pub view: View,
    pub focus_stage: Option<StageId>,
    pub focus_moment: Option<MomentId>,
    /// Position of the focus within its stage, kept so a deleted card's neighbour takes focus.
    pub focus_position: usize,
    /// The stage index the focus was on, kept for the same reason when a stage goes.
    pub focus_stage_index: usize,
    /// First visible column of the board.
    pub first_column: usize,
    /// First visible card per stage.
    pub first_card: HashMap<StageId, usize>,
    /// The segment whose experience cards show; `None` shows the worst across segments.
    pub segment: Option<SegmentId>,
    /// Each view's own state (selection, filters, scroll).
    pub views: views::Views,
    /// Windows in front of the view; the last one gets the keys.
    pub overlays: Vec<Overlay>,
    pub status: Option<StatusMessage>,
    /// Presentation mode: big heading, no chrome, the projector theme.
    pub present: bool,
    /// Spotlight: everything but the focused card or column is dimmed.
    pub spotlight: bool,
    /// The board's details pane: `None` shows it where it costs no stage, `Some` is
    /// this session's choice (`i`).
    pub details: Option<bool>,
    /// The board's compact density: one line per card (`c`).
    pub compact: bool,
    /// The timebox on screen, if one was started.
    pub timer: Option<timer::Timer>,
    /// Why edits are refused, when the workspace is read-only.
    pub read_only: Option<String>,
    /// What this session may change (see [`Rights`]).
    pub rights: Rights,
    /// Who this session's dots count for in a vote round: the room, or a participant.
    pub voter: String,
    /// Dots per voter offered when a round starts; `None`: a quarter of the cards.
    pub vote_budget: Option<u32>,
    /// Under `moments serve`, the people connected who may vote (participants), by name,
    /// in the order they connected; filled by the hub, so the facilitator's status line
    /// can say who has not voted yet. `None` in the local app, where the room votes as one.
    pub room_voters: Option<std::sync::Arc<[String]>>,
    /// The board's cards show the total dots over every revealed round, not this round's.
    pub all_rounds: bool,
    /// Wall-clock time for the agenda, fixed in tests.
    pub clock: crate::clock::WallClock,
    /// In a remote session, whether this person goes where the facilitator goes; `None`
    /// in the local app, where there is nobody to follow.
    pub follow: Option<bool>,
    /// What this session's actions asked of the runtime since it last looked.
    pub effects: Vec<Effect>,
    /// The screen's size on the last frame, for paging and mouse hits.
    pub size: (u16, u16),
}

impl Default for Session {
    fn default() -> Self {
        Self::new()
    }
}

impl Session {
    pub fn new() -> Self {
        Self {
            view: View::Board,
            focus_stage: None,
            focus_moment: None,
            focus_position: 0,
            focus_stage_index: 0,
            first_column: 0,
            first_card: HashMap::new(),
            segment: None,
            views: views::Views::default(),
            overlays: Vec::new(),
            status: None,
            timer: None,
            present: false,
            spotlight: false,
            details: None,
            compact: false,
            read_only: None,
            rights: Rights::Full,
            voter: crate::model::facilitation::ROOM.to_owned(),
            vote_budget: None,
            room_voters: None,
            all_rounds: false,
            clock: crate::clock::WallClock::system(),
            follow: None,
            effects: Vec::new(),
            size: (80, 24),
        }
    }

    /// Asks the runtime for `effect` (see [`Effect`]).
    pub fn request(&mut self, effect: Effect) {
        if !self.effects.contains(&effect) {
            self.effects.push(effect);
        }
    }

    pub fn say(&mut self, text: impl Into<String>, now: Instant) {
        self.status = Some(StatusMessage {
            text: text.into(),
            error: false,
            until: now + STATUS_TIME,
        });
    }

    pub fn warn(&mut self, text: impl Into<String>, now: Instant) {
        self.status = Some(StatusMessage {
            text: text.into(),
            error: true,
            until: now + STATUS_TIME * 2,
        });
    }

    /// Drops an expired status message; returns whether the screen changed.
    pub fn expire(&mut self, now: Instant) -> bool {
        if self.status.as_ref().is_some_and(|s| s.until <= now) {
            self.status = None;
            return true;
        }
        false
    }

    /// When the screen will next change by itself: a message expires, the timer ticks.
    pub fn next_deadline(&self, doc: &Doc, now: Instant) -> Option<Instant> {
        let tick = self.timer.as_ref().and_then(|t| t.next_tick(now));
        // The agenda's status counts whole minutes from the current item's start.
        let agenda = doc
            .ws
            .agenda
            .iter()
            .find(|a| a.finished.is_none())
            .and_then(|a| a.started)
            .map(|start| {
                let wall = self.clock.at(now);
                let into = wall.saturating_sub(start);
                self.clock.instant(start + (into / 60 + 1) * 60)
            });
        [self.status.as_ref().map(|s| s.until), tick, agenda]
            .into_iter()
            .flatten()
            .min()
    }

    /// Advances time: announces the end of the timebox once. Returns whether to ring the
    /// bell.
    pub fn tick(&mut self, now: Instant) -> bool {
        // Over SSH only a facilitator has the keys that move on or give more time.
        let sets_clock = policy::keeps_room_clock(self);
        let Some(timer) = self.timer.as_mut() else {
            return false;
        };
        if timer.announced || !timer.is_over(now) {
            return false;
        }
        timer.announced = true;
        let text = match (timer.agenda.is_some(), sets_clock) {
            (true, true) => "Time is up for this agenda item: ] moves on, t gives more time",
            (false, true) => "Time is up: wrap up, or press t for more time",
            (true, false) => "Time is up for this agenda item: the facilitator moves on",
            (false, false) => "Time is up: time to wrap up",
        };
        self.warn(text, now);
        true
    }

    /// Focuses a moment on the board.
    pub fn show_on_board(&mut self, doc: &Doc, id: &MomentId) {
        if let Some(m) = doc.moment(id) {
            self.focus_stage = Some(m.stage.clone());
            self.focus_moment = Some(m.id.clone());
            self.focus_position = doc.position_in_stage(id).unwrap_or(0);
            self.view = View::Board;
        }
    }
}

/// What an update needs besides the session and the document.
pub struct Ctx<'a> {
    pub keymap: &'a Keymap,
    pub now: Instant,
    /// Who is typing, in a shared session; recorded with each edit.
    pub author: Option<&'a str>,
}

/// What an action runs in: the document, this client's session, the time and who typed.
/// Handlers are plain functions of one `Cx`; what they ask of the outside goes into
/// `session.effects`.
pub struct Cx<'a> {
    pub doc: &'a mut Doc,
    pub session: &'a mut Session,
    pub keymap: &'a Keymap,
    pub now: Instant,
    pub author: Option<&'a str>,
}

impl Cx<'_> {
    pub fn say(&mut self, text: impl Into<String>) {
        self.session.say(text, self.now);
    }

    pub fn warn(&mut self, text: impl Into<String>) {
        self.session.warn(text, self.now);
    }

    pub fn open(&mut self, overlay: Overlay) {
        self.session.overlays.push(overlay);
    }

    /// Applies an edit as one undo step, if [`policy`] lets this session make it, saying
    /// what happened (or why not) in the status line. Returns whether it was applied.
    pub fn edit(&mut self, edit: Edit) -> bool {
        match self.try_edit(edit) {
            Ok(description) => {
                self.say(capitalise(&description));
                true
            }
            Err(Refused::Policy(why)) => {
                self.warn(why);
                false
            }
            Err(Refused::Invalid(why)) => {
                self.warn(format!("Not changed: {why}"));
                false
            }
        }
    }

    /// [`Cx::edit`] that hands the reason back instead of showing it (a form shows it in
    /// place); on success the description, and an autosave is asked for.
    pub fn try_edit(&mut self, edit: Edit) -> Result<String, Refused> {
        if let Some(why) = &self.session.read_only {
            return Err(Refused::Policy(format!("Not changed: {why}")));
        }
        let edit =
            policy::allowed(self.session, self.doc, edit, self.author).map_err(Refused::Policy)?;
        match self.doc.apply(edit, self.author.map(str::to_owned)) {
            Ok(description) => {
                self.session.request(Effect::Save);
                Ok(description)
            }
            Err(e) => Err(Refused::Invalid(e.to_string())),
        }
    }

    /// Asks before removing an item and everything that goes with it.
    pub fn ask_delete(&mut self, key: ItemKey, name: &str) {
        match Edit::remove_cascade(&self.doc.ws, &key) {
            Ok(edit) => {
                let also = match &edit {
                    Edit::Batch { edits, label } if edits.len() > 1 => label
                        .split_once(" with ")
                        .map(|(_, d)| format!(" with {d}"))
                        .unwrap_or_default(),
                    _ => String::new(),
                };
                self.open(Overlay::Confirm {
                    question: format!("Delete {name}{also}? (u undoes)"),
                    on_yes: Confirmed::Apply(Box::new(edit)),
                });
            }
            Err(e) => self.warn(e.to_string()),
        }
    }
}

/// Why an edit was not made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refused {
    /// This session may not make it (read-only, a participant's limits): the sentence says why.
    Policy(String),
    /// The model refused it (a dangling reference, a silo handing off to itself).
    Invalid(String),
}

/// `s` with its first letter in upper case, for a status line made from a description.
pub fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Whether the document is safely on disk.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SaveState {
    Saved,
    Unsaved,
    /// The demo or another copy that is never saved.
    Scratch,
    ReadOnly,
    Failed,
}

/// Facts about the runtime the screen shows.
pub struct Chrome<'a> {
    pub file: &'a str,
    /// The time the frame shows (the timer); passed in so drawing stays pure.
    pub now: Instant,
    pub save: SaveState,
    pub keymap: &'a Keymap,
    pub theme: &'a Theme,
}
