//! The small facts of a client's session that every part reads: what it may change,
//! its status message, what it asks of the runtime. Depends on nothing else in `ui`.

use std::time::{Duration, Instant};

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

/// A message in the status line that goes away on its own.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatusMessage {
    pub text: String,
    pub error: bool,
    pub until: Instant,
}

/// How long a status message stays.
pub const STATUS_TIME: Duration = Duration::from_secs(4);
