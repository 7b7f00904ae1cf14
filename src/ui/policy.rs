//! One policy: what a facilitator, a participant, an observer and a read-only session may
//! do. The footer, help, the palette, the dispatcher and every edit ask here, so they
//! cannot disagree.
//!
//! A read-only session (`--read-only`, a lock held elsewhere, an SSH observer) changes and
//! saves nothing; a participant proposes moments, votes and parks items, and the rest is
//! the facilitator's. Editors still open for them, to be read.

use crate::doc::Doc;
use crate::input::Action;
use crate::model::{Edit, Item};

use super::{Rights, Session, View};

/// Why this session refuses what `action` is for in the current view, if it does, in a
/// word or two. The footer leaves refused actions out; help and the palette mark them.
pub fn refusal(session: &Session, action: Action) -> Option<&'static str> {
    if opens_for_reading(action) {
        return None;
    }
    if keeps_time(action) && !keeps_room_clock(session) {
        return Some("the facilitator's");
    }
    let changes = changes_document(action, session.view);
    if session.read_only.is_some() {
        return (changes || action == Action::Save).then_some("read-only");
    }
    match session.rights {
        Rights::Full => None,
        Rights::Participant => (changes
            && !matches!(
                action,
                Action::NewMoment | Action::VoteAdd | Action::VoteRemove | Action::Park
            ))
        .then_some("the facilitator's"),
    }
}

/// The sentence a refused key gives, in the room's words.
pub fn refused(session: &Session, action: Action) -> String {
    match (&session.read_only, action) {
        (_, Action::Timebox | Action::PauseTimer) if !keeps_room_clock(session) => {
            "The timebox is the room's clock: only the facilitator starts, pauses or stops it"
                .to_owned()
        }
        (Some(why), _) => format!("Not changed: {why}"),
        (None, Action::VoteStart | Action::VoteReveal | Action::VoteEnd) => {
            "Only the facilitator starts, reveals and ends a vote round".to_owned()
        }
        (None, Action::AgendaNext | Action::AgendaRestart) => {
            "Only the facilitator moves the agenda on".to_owned()
        }
        (None, _) => PARTICIPANT_LIMIT.to_owned(),
    }
}

/// Actions that start, pause, resume or stop the timebox.
fn keeps_time(action: Action) -> bool {
    matches!(action, Action::Timebox | Action::PauseTimer)
}

/// Whether this session may set the timebox. In the local app it is one's own; over SSH
/// it is the room's clock, which everyone reads and only a facilitator sets (`]` moves
/// the agenda, which is the facilitator's anyway).
pub fn keeps_room_clock(session: &Session) -> bool {
    session.follow.is_none() || (session.rights == Rights::Full && session.read_only.is_none())
}

/// Whether `+` and `-` place this session's own dots (counted for it, within its
/// allowance) rather than change a moment's votes: always for a participant, and for
/// everyone while a round is open.
pub fn places_own_dots_only(session: &Session) -> bool {
    session.rights != Rights::Full
}

/// Whether this session may undo or redo. The history is shared: an observer's or a
/// read-only session's undo would change the document as surely as an edit, and a
/// participant's would take back someone else's work.
pub fn may_step_history(session: &Session) -> Result<(), String> {
    if let Some(why) = &session.read_only {
        return Err(format!("Not changed: {why}"));
    }
    if session.rights != Rights::Full {
        return Err("Undo and redo are the facilitator's: the history is shared".to_owned());
    }
    Ok(())
}

/// Why editors open here only to be read, if they do: the sentence the status line and a
/// refused key give. A read-only session and a participant may look at a moment's editor,
/// its owners and the silo and segment lists, and change nothing.
pub fn view_only(session: &Session) -> Option<String> {
    if !is_view_only(session) {
        return None;
    }
    Some(match &session.read_only {
        Some(why) => format!("Read-only: {why}"),
        None => "View only: editing is the facilitator's".to_owned(),
    })
}

/// [`view_only`] without its sentence, for the render path.
pub fn is_view_only(session: &Session) -> bool {
    session.read_only.is_some() || session.rights != Rights::Full
}

/// Actions that open an editor or a list which a session that may not change the
/// document can still read (see [`view_only`]).
pub fn opens_for_reading(action: Action) -> bool {
    matches!(
        action,
        Action::Edit
            | Action::Owners
            | Action::Silos
            | Action::Segments
            | Action::Competitors
            | Action::EditProposition
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
        | A::Competitors
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
        | A::ViewMeasures
        | A::Mode
        | A::Search
        | A::CompareSegments
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
        | A::ToggleDetails
        | A::ToggleCompact
        | A::Palette
        | A::Find
        | A::Help
        | A::Save
        | A::Quit
        | A::ShowOnBoard
        | A::ViewAgenda
        | A::AgendaGo
        | A::Follow
        | A::Yes
        | A::No
        | A::NamePerson
        | A::Reload
        | A::KeepMineAsCopy
        | A::Overwrite => false,
    }
}

const PARTICIPANT_LIMIT: &str = "Not changed: participants propose moments (n), vote (+ -) and park items (P); the facilitator does the rest";

/// What a session may apply: everything with full rights; for a participant, new moments
/// (made proposed, noting who proposed them), votes and parking-lot items only.
pub fn allowed(
    session: &Session,
    doc: &Doc,
    edit: Edit,
    author: Option<&str>,
) -> Result<Edit, String> {
    if session.rights == Rights::Full {
        return Ok(edit);
    }
    match edit {
        Edit::Insert {
            item: Item::Moment(mut m),
            at,
        } => {
            m.status = crate::model::Status::Proposed;
            if let Some(author) = author {
                let note = format!("Proposed by {author}");
                m.notes = if m.notes.is_empty() {
                    note
                } else {
                    format!("{note}\n{}", m.notes)
                };
            }
            Ok(Edit::Insert {
                item: Item::Moment(m),
                at,
            })
        }
        e @ Edit::Insert {
            item: Item::Parking(_),
            ..
        } => Ok(e),
        Edit::SetVoting(Some(new)) => {
            // Only this participant's own dots may change.
            let own = doc.ws.voting.as_ref().is_some_and(|old| {
                let mut theirs = new.clone();
                match old.dots.get(&session.voter) {
                    Some(d) => theirs.dots.insert(session.voter.clone(), d.clone()),
                    None => theirs.dots.remove(&session.voter),
                };
                &theirs == old
            });
            if own {
                Ok(Edit::SetVoting(Some(new)))
            } else {
                Err(PARTICIPANT_LIMIT.into())
            }
        }
        Edit::Batch { label, edits } => Ok(Edit::Batch {
            label,
            edits: edits
                .into_iter()
                .map(|e| allowed(session, doc, e, author))
                .collect::<Result<_, _>>()?,
        }),
        _ => Err(PARTICIPANT_LIMIT.into()),
    }
}
