//! One client's view of the document: which view, what has focus (by id, never by index),
//! scroll positions, the overlay in front, the status message. No terminal here.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use crate::input::Action;
use crate::model::{Edit, MomentId, Owner, SegmentId, SiloId, StageId};

use super::form::Field;
use super::form::Form;

/// The views, in Tab order: the same names an agenda item uses in the file.
pub use crate::model::Screen as View;

impl View {
    pub fn title(self) -> &'static str {
        self.label()
    }

    pub fn next(self) -> View {
        let i = View::ALL.iter().position(|v| *v == self).unwrap_or(0);
        View::ALL[(i + 1) % View::ALL.len()]
    }

    pub fn prev(self) -> View {
        let i = View::ALL.iter().position(|v| *v == self).unwrap_or(0);
        View::ALL[(i + View::ALL.len() - 1) % View::ALL.len()]
    }
}

/// What a one-line prompt is for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PromptPurpose {
    NewMoment {
        stage: StageId,
    },
    NewStage {
        after: Option<StageId>,
    },
    RenameWorkspace,
    /// Search the Language view.
    Search,
    /// Start the timebox.
    Timer,
    /// Capture an item to the parking lot.
    Park,
    /// Change a parking-lot entry.
    EditParking(usize),
}

/// What answering "yes" to a question does.
#[derive(Clone, Debug, PartialEq)]
#[allow(clippy::large_enum_variant)] // one per open question; boxing buys nothing
pub enum Confirmed {
    Apply(Box<Edit>),
    /// Leave an editor, dropping its draft.
    DiscardDraft,
    /// Quit without saving (only offered for scratch copies and failed saves).
    QuitWithoutSaving,
}

/// What a form edits, so submitting it knows which edit to make.
#[derive(Clone, Debug, PartialEq)]
pub enum FormTarget {
    Moment(MomentId),
    Stage(StageId),
    Silo(Option<SiloId>),
    Segment(Option<SegmentId>),
    /// An action of the plan; `None` adds one.
    Action(Option<crate::model::ActionId>),
    /// A glossary term by its text; `None` adds one.
    Term(Option<String>),
    /// The proposition for a segment (added if it has none).
    Proposition(SegmentId),
    /// An agenda item by position; `None` adds one.
    Agenda(Option<usize>),
    /// A new dot-vote round.
    VoteRound,
    /// A handoff between silos; `None` records a new one.
    Handoff(Option<crate::model::HandoffId>),
    /// The Priorities view's filter and sort: this session's, not the document's.
    PriorityFilter,
}

/// Which list a list overlay shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ListKind {
    Silos,
    Segments,
}

/// A window in front of the view that takes the keys until it closes.
#[derive(Clone, Debug)]
pub enum Overlay {
    Prompt {
        purpose: PromptPurpose,
        title: String,
        input: Form,
    },
    Confirm {
        question: String,
        on_yes: Confirmed,
    },
    Form {
        target: FormTarget,
        form: Form,
    },
    Owners(OwnersDraft),
    List {
        kind: ListKind,
        selected: usize,
    },
    Help {
        scroll: u16,
    },
    Palette {
        query: Form,
        selected: usize,
    },
    /// The file changed on disk while we had unsaved edits.
    DiskConflict,
    /// What is still open from earlier sessions, shown once on opening.
    Summary(Vec<String>),
}

impl Overlay {
    pub fn prompt(purpose: PromptPurpose, title: &str, value: &str) -> Overlay {
        Overlay::Prompt {
            purpose,
            title: title.to_owned(),
            input: Form::new(title, vec![Field::line("", value, "")]),
        }
    }
}

/// The owners of a moment being edited: one row per silo.
#[derive(Clone, Debug)]
pub struct OwnersDraft {
    pub moment: MomentId,
    pub owners: Vec<Owner>,
    /// The silo row with focus.
    pub cursor: usize,
    /// Typing a person's name for the focused silo.
    pub naming: Option<Form>,
}

/// A message in the status line that goes away on its own.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatusMessage {
    pub text: String,
    pub error: bool,
    pub until: Instant,
}

/// What an action asks of the outside world: the runtime (the local terminal loop or the
/// SSH hub) takes these after each update and carries them out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Effect {
    /// An edit was made: autosave when it is on.
    Save,
    /// The user asked to save now.
    SaveNow,
    /// Quit, saving first; refused while an edit would be lost.
    Quit,
    /// Quit even though edits would be lost: the user said so.
    QuitWithoutSaving,
    /// The file changed on disk: take theirs.
    Reload,
    /// The file changed on disk: write ours beside it.
    KeepMineAsCopy,
    /// The file changed on disk: write ours over theirs.
    Overwrite,
    /// Write an export next to the workspace.
    Export(crate::exchange::ExportFormat),
    /// Start or stop following the facilitator (remote sessions only).
    ToggleFollow,
}

/// What a session may change. Observers are `Session::read_only` instead.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Rights {
    /// Everything: the local user, the facilitator of a remote session.
    #[default]
    Full,
    /// A remote participant: proposes moments (added as proposed, noting who), votes and
    /// parks items; the facilitator agrees or rejects.
    Participant,
}

/// One client's state.
#[derive(Clone, Debug)]
pub struct Session {
    pub view: View,
    pub focus_stage: Option<StageId>,
    pub focus_moment: Option<MomentId>,
    /// Position of the focus within its stage, kept so a deleted card's neighbour takes focus.
    pub focus_position: usize,
    /// The stage index the focus was on, kept for the same reason when a stage goes.
    pub focus_stage_index: usize,
    /// First visible column.
    pub first_column: usize,
    /// First visible card per stage.
    pub first_card: HashMap<StageId, usize>,
    /// The segment whose experience cards show; `None` shows the worst across segments.
    pub segment: Option<SegmentId>,
    pub overlays: Vec<Overlay>,
    pub status: Option<StatusMessage>,
    /// Selected row of the checks list.
    pub checks_selected: usize,
    pub checks_offset: usize,
    /// The silo column with focus in the Owners view.
    pub owners_silo: usize,
    /// Show only moments this silo has a part in.
    pub owners_filter: Option<SiloId>,
    pub owners_offset: usize,
    pub seams_selected: usize,
    /// The focused heatmap cell: segment row and stage column.
    pub experience_segment: usize,
    pub experience_stage: usize,
    /// Rating the moments behind the focused cell: the selected one.
    pub experience_drill: Option<usize>,
    pub priorities_selected: usize,
    /// Show only moments critical for something and bad for a segment today.
    /// Which moments the Priorities view ranks, and in what order.
    pub priorities_filter: super::priorities::PriorityFilter,
    pub priorities_rows: super::priorities::RowCache,
    pub segments_selected: usize,
    pub language_selected: usize,
    /// Text the Language view is searched for.
    pub language_query: String,
    pub plan_selected: usize,
    /// Show only actions this silo owns.
    pub plan_filter: Option<SiloId>,
    pub parking_selected: usize,
    /// First line of the outline on screen.
    pub outline_scroll: usize,
    /// Presentation mode: big heading, no chrome, the projector theme.
    pub present: bool,
    /// Spotlight: everything but the focused card or column is dimmed.
    pub spotlight: bool,
    /// The timebox on screen, if one was started.
    pub timer: Option<super::timer::Timer>,
    /// Why edits are refused, when the workspace is read-only.
    pub read_only: Option<String>,
    /// What this session may change (see [`Rights`]).
    pub rights: Rights,
    /// Who this session's dots count for in a vote round: the room, or a participant.
    pub voter: String,
    /// Dots per voter offered when a round starts; `None`: a quarter of the cards.
    pub vote_budget: Option<u32>,
    pub agenda_selected: usize,
    /// Wall-clock time for the agenda, fixed in tests.
    pub clock: crate::clock::WallClock,
    /// In a remote session, whether this person goes where the facilitator goes; `None`
    /// in the local app, where there is nobody to follow.
    pub follow: Option<bool>,
    /// What this session's actions asked of the runtime since it last looked.
    pub effects: Vec<Effect>,
    /// The board's size on the last frame, for paging and mouse hits.
    pub size: (u16, u16),
}

/// How long a status message stays.
pub const STATUS_TIME: Duration = Duration::from_secs(4);

impl Session {
    /// Why this session refuses what `action` is for in the current view, if it does, in a
    /// word or two: a read-only session (`--read-only`, a lock held elsewhere, an SSH
    /// observer) changes and saves nothing; a participant proposes moments, votes and
    /// parks items, and the rest is the facilitator's. The footer leaves refused actions
    /// out; help marks them.
    pub fn refusal(&self, action: Action) -> Option<&'static str> {
        if opens_for_reading(action) {
            return None;
        }
        let changes = changes_document(action, self.view);
        if self.read_only.is_some() {
            return (changes || action == Action::Save).then_some("read-only");
        }
        match self.rights {
            Rights::Full => None,
            Rights::Participant => (changes
                && !matches!(
                    action,
                    Action::NewMoment | Action::VoteAdd | Action::VoteRemove | Action::Park
                ))
            .then_some("the facilitator's"),
        }
    }

    /// Why editors open here only to be read, if they do: the sentence the status line
    /// and a refused key give. A read-only session and a participant may look at a
    /// moment's editor, its owners and the silo and segment lists, and change nothing.
    pub fn view_only(&self) -> Option<String> {
        if !self.is_view_only() {
            return None;
        }
        Some(match &self.read_only {
            Some(why) => format!("Read-only: {why}"),
            None => "View only: editing is the facilitator's".to_owned(),
        })
    }

    /// [`Session::view_only`] without its sentence, for the render path.
    pub fn is_view_only(&self) -> bool {
        self.read_only.is_some() || self.rights != Rights::Full
    }

    /// Whether `overlay` opens here only to be read: an editor of the document in a
    /// session that may not change it. The Priorities filter is the session's own.
    pub fn reads_only(&self, overlay: &Overlay) -> bool {
        self.is_view_only()
            && !matches!(
                overlay,
                Overlay::Form {
                    target: FormTarget::PriorityFilter,
                    ..
                }
            )
    }

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
            overlays: Vec::new(),
            status: None,
            checks_selected: 0,
            checks_offset: 0,
            owners_silo: 0,
            owners_filter: None,
            owners_offset: 0,
            seams_selected: 0,
            experience_segment: 0,
            experience_stage: 0,
            experience_drill: None,
            priorities_selected: 0,
            priorities_filter: Default::default(),
            priorities_rows: Default::default(),
            segments_selected: 0,
            language_selected: 0,
            language_query: String::new(),
            plan_selected: 0,
            plan_filter: None,
            parking_selected: 0,
            outline_scroll: 0,
            timer: None,
            present: false,
            spotlight: false,
            read_only: None,
            rights: Rights::Full,
            voter: crate::model::facilitation::ROOM.to_owned(),
            vote_budget: None,
            agenda_selected: 0,
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
    pub fn next_deadline(&self, doc: &crate::doc::Doc, now: Instant) -> Option<Instant> {
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
        let Some(timer) = self.timer.as_mut() else {
            return false;
        };
        if timer.announced || !timer.is_over(now) {
            return false;
        }
        timer.announced = true;
        self.warn("Time is up: wrap up, or press t for more time", now);
        true
    }
}

impl Default for Session {
    fn default() -> Self {
        Self::new()
    }
}

/// Actions that open an editor or a list which a session that may not change the
/// document can still read (see [`Session::view_only`]).
pub fn opens_for_reading(action: Action) -> bool {
    matches!(
        action,
        Action::Edit | Action::Owners | Action::Silos | Action::Segments | Action::EditProposition
    )
}

/// Whether `action` in `view` is there to change the document. Every action is named, so
/// a new one does not compile until it is placed here.
pub fn changes_document(action: Action, view: View) -> bool {
    use Action as A;
    match action {
        A::NewMoment
        | A::NewStage
        | A::Delete
        | A::Owners
        | A::MoveToPrevStage
        | A::MoveToNextStage
        | A::MoveUp
        | A::MoveDown
        | A::MoveStageLeft
        | A::MoveStageRight
        | A::VoteAdd
        | A::VoteRemove
        | A::ToggleAgreed
        | A::Silos
        | A::Segments
        | A::RenameWorkspace
        | A::Undo
        | A::Redo
        | A::SetAccountable
        | A::SetResponsible
        | A::SetConsulted
        | A::SetInformed
        | A::ClearRole
        | A::NewItem
        | A::EditProposition
        | A::RateBad
        | A::RateNeutral
        | A::RateGood
        | A::RateUnknown
        | A::ClearRating
        | A::Park
        | A::ParkingToMoment
        | A::ParkingToAction
        | A::ParkingToTerm
        | A::AgendaNext
        | A::AgendaRestart
        | A::VoteStart
        | A::VoteReveal
        | A::VoteEnd => true,
        // An editor in these views; elsewhere it jumps to the item or drills down.
        A::Edit => matches!(
            view,
            View::Board
                | View::Plan
                | View::Segments
                | View::Language
                | View::Parking
                | View::Seams
                | View::Agenda
        ),
        A::Up
        | A::Down
        | A::Left
        | A::Right
        | A::First
        | A::Last
        | A::PageUp
        | A::PageDown
        | A::CycleSegment
        | A::NextView
        | A::PrevView
        | A::ViewBoard
        | A::ViewOwners
        | A::ViewChecks
        | A::Filter
        | A::ViewSeams
        | A::ViewExperience
        | A::ViewPriorities
        | A::ViewSegments
        | A::ViewLanguage
        | A::ViewPlan
        | A::Search
        | A::Back
        | A::ExportMarkdown
        | A::ExportHtml
        | A::ExportCsv
        | A::ExportMermaid
        | A::ExportJson
        | A::Timebox
        | A::PauseTimer
        | A::ViewOutline
        | A::ViewParking
        | A::Present
        | A::Spotlight
        | A::Palette
        | A::Help
        | A::Save
        | A::Quit
        | A::ShowOnBoard
        | A::ViewAgenda
        | A::AgendaGo
        | A::Follow => false,
    }
}
