//! Everything a user can ask for, as values. Each action has a `snake_case` name (for key
//! overrides and the command palette) and a description that feeds help and the footer.

macro_rules! actions {
    ($($(#[doc = $doc:literal])+ $variant:ident = $name:literal, $short:literal;)+) => {
        /// A user intent, independent of the key that triggers it.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Action {
            $($(#[doc = $doc])+ $variant,)+
        }

        impl Action {
            /// Every action, in help order.
            pub const ALL: &'static [Action] = &[$(Action::$variant,)+];

            /// The name used in keymap files and the palette.
            pub fn name(self) -> &'static str {
                match self { $(Action::$variant => $name,)+ }
            }

            /// One line for help and the palette.
            pub fn description(self) -> &'static str {
                match self { $(Action::$variant => concat!($($doc),+).trim_ascii(),)+ }
            }

            /// A word or two for the footer.
            pub fn short(self) -> &'static str {
                match self { $(Action::$variant => $short,)+ }
            }

            pub fn from_name(name: &str) -> Option<Action> {
                match name { $($name => Some(Action::$variant),)+ _ => None }
            }
        }
    };
}

actions! {
    /// Move focus up
    Up = "up", "up";
    /// Move focus down
    Down = "down", "down";
    /// Move focus to the previous stage
    Left = "left", "left";
    /// Move focus to the next stage
    Right = "right", "right";
    /// Go to the first row
    First = "first", "first";
    /// Go to the last row
    Last = "last", "last";
    /// Scroll a page up
    PageUp = "page_up", "page up";
    /// Scroll a page down
    PageDown = "page_down", "page down";
    /// New moment in the focused stage
    NewMoment = "new_moment", "new";
    /// New stage after the focused one
    NewStage = "new_stage", "stage";
    /// Edit the focused item
    Edit = "edit", "edit";
    /// Delete the focused item (asks first)
    Delete = "delete", "delete";
    /// Owners of the focused moment
    Owners = "owners", "owners";
    /// Move the focused moment to the previous stage
    MoveToPrevStage = "move_to_previous_stage", "move";
    /// Move the focused moment to the next stage
    MoveToNextStage = "move_to_next_stage", "move";
    /// Move the focused moment up within its stage
    MoveUp = "move_up", "reorder";
    /// Move the focused moment down within its stage
    MoveDown = "move_down", "reorder";
    /// Move the focused stage left
    MoveStageLeft = "move_stage_left", "stage left";
    /// Move the focused stage right
    MoveStageRight = "move_stage_right", "stage right";
    /// Add a dot vote to the focused moment
    VoteAdd = "vote_add", "vote";
    /// Remove a dot vote from the focused moment
    VoteRemove = "vote_remove", "unvote";
    /// Mark the focused moment agreed, or proposed again
    ToggleAgreed = "toggle_agreed", "agree";
    /// Show the experience of the next segment (or the worst across segments)
    CycleSegment = "cycle_segment", "segment";
    /// Edit the silos (functions, departments)
    Silos = "silos", "silos";
    /// Edit the customer segments
    Segments = "segments", "segments";
    /// Edit the competitors the room compares each moment with
    Competitors = "competitors", "competitors";
    /// Rename the workshop
    RenameWorkspace = "rename_workspace", "rename";
    /// Undo the last edit
    Undo = "undo", "undo";
    /// Redo the last undone edit
    Redo = "redo", "redo";
    /// Next view
    NextView = "next_view", "view";
    /// Previous view
    PrevView = "previous_view", "view";
    /// Go to the board
    ViewBoard = "view_board", "board";
    /// Go to the owners: moments × silos with RACI letters
    ViewOwners = "view_owners", "owners";
    /// Go to the checks: every finding, each a jump to its item
    ViewChecks = "view_checks", "checks";
    /// Make the focused silo Accountable for the focused moment
    SetAccountable = "set_accountable", "A";
    /// Make the focused silo Responsible for the focused moment
    SetResponsible = "set_responsible", "R";
    /// Make the focused silo Consulted on the focused moment
    SetConsulted = "set_consulted", "C";
    /// Make the focused silo Informed of the focused moment
    SetInformed = "set_informed", "I";
    /// Take the focused silo's part in the focused moment away
    ClearRole = "clear_role", "clear";
    /// Filter the view: one silo's moments (Owners, Plan); filter and sort (Priorities)
    Filter = "filter", "filter";
    /// Go to the silo seams: where the customer passes between silos
    ViewSeams = "view_seams", "seams";
    /// Go to the experience heatmap: segments × stages
    ViewExperience = "view_experience", "experience";
    /// Go to the priorities: what to fix first
    ViewPriorities = "view_priorities", "priorities";
    /// Go to the segments and their propositions
    ViewSegments = "view_segments", "segments";
    /// Go to the language: glossary, stages and moments as one vocabulary
    ViewLanguage = "view_language", "language";
    /// Go to the plan: actions by moment, owner and status
    ViewPlan = "view_plan", "plan";
    /// Go to the measures: every KPI against its plan, as a trend
    ViewMeasures = "view_measures", "measures";
    /// Show the view another way: moments × competitors (Experience), value against effort (Plan), this round's dots or all rounds' (Board)
    Mode = "mode", "mode";
    /// Add an item to the list in view (a handoff, an action, a term, a segment)
    NewItem = "new_item", "new";
    /// Show the moment of the selected row on the board
    ShowOnBoard = "show_on_board", "board";
    /// Edit the proposition of the selected segment
    EditProposition = "edit_proposition", "proposition";
    /// Every segment side by side, one column each, its proposition included
    CompareSegments = "compare_segments", "side by side";
    /// Search the vocabulary
    Search = "search", "search";
    /// Rate the selected moment bad for the segment
    RateBad = "rate_bad", "bad";
    /// Rate the selected moment neutral for the segment
    RateNeutral = "rate_neutral", "neutral";
    /// Rate the selected moment good for the segment
    RateGood = "rate_good", "good";
    /// Rate the selected moment unknown for the segment
    RateUnknown = "rate_unknown", "unknown";
    /// Remove the segment's rating of the selected moment
    ClearRating = "clear_rating", "clear";
    /// Step back out (of a drill-down)
    Back = "back", "back";
    /// Export a Markdown report next to the workspace
    ExportMarkdown = "export_markdown", "export md";
    /// Export a printable HTML report next to the workspace
    ExportHtml = "export_html", "export html";
    /// Export the moments as CSV next to the workspace
    ExportCsv = "export_csv", "export csv";
    /// Export a Mermaid journey diagram next to the workspace
    ExportMermaid = "export_mermaid", "export mermaid";
    /// Export the whole workspace as JSON next to the workspace
    ExportJson = "export_json", "export json";
    /// Start a timebox (type 10m, 90s, 1h30m…); again to change it
    Timebox = "timebox", "timer";
    /// Pause or resume the timebox
    PauseTimer = "pause_timer", "pause";
    /// Capture something for later in the parking lot, from anywhere
    Park = "park", "park";
    /// Go to the outline: the whole journey as plain text, for screen readers
    ViewOutline = "view_outline", "outline";
    /// Go to the parking lot
    ViewParking = "view_parking", "parking";
    /// Turn the parking-lot item into a moment in the focused stage
    ParkingToMoment = "parking_to_moment", "to moment";
    /// Turn the parking-lot item into an action for the focused moment
    ParkingToAction = "parking_to_action", "to action";
    /// Turn the parking-lot item into a glossary term
    ParkingToTerm = "parking_to_term", "to term";
    /// Go to the agenda: items, planned minutes, and when the workshop now ends
    ViewAgenda = "view_agenda", "agenda";
    /// Next agenda item: finish the current one, start the next (the first: start the agenda)
    AgendaNext = "agenda_next", "next item";
    /// Go where the selected agenda item is worked: its view and stage
    AgendaGo = "agenda_go", "go there";
    /// Clear the agenda's start and finish times, to run it again
    AgendaRestart = "agenda_restart", "restart agenda";
    /// Start a dot-vote round: dots per voter, tallies hidden until revealed
    VoteStart = "vote_start", "vote round";
    /// Reveal the round's tallies; they become the votes the Priorities view ranks by
    VoteReveal = "vote_reveal", "reveal";
    /// End the vote round (the revealed votes stay on the moments)
    VoteEnd = "vote_end", "end round";
    /// Presentation mode for the projector: big heading, chrome hidden, spotlight on
    Present = "present", "present";
    /// Spotlight: dim everything but the focused card or column
    Spotlight = "spotlight", "spotlight";
    /// In a remote session: follow the facilitator's view and card, or move on your own
    Follow = "follow", "follow";
    /// Find anything by id or words: moments, stages, silos, segments, terms, actions, parked and agenda items
    Find = "find", "find";
    /// Open the command palette
    Palette = "palette", "commands";
    /// Show help: every key and command
    Help = "help", "help";
    /// Save now
    Save = "save", "save";
    /// Quit (saves first; never loses an edit)
    Quit = "quit", "quit";
    /// Show or hide the details pane beside the board
    ToggleDetails = "toggle_details", "details";
    /// Compact cards (id, marks and title on a line), or full cards again
    ToggleCompact = "toggle_compact", "compact";
    /// Yes: answer a question, or keep what an editor holds
    Yes = "yes", "yes";
    /// No: answer a question, or close an editor or list
    No = "no", "no";
    /// Name the person who owns the focused silo's part (owners editor)
    NamePerson = "name_person", "person";
    /// The file changed on disk: take their version, dropping unsaved edits
    Reload = "reload", "reload theirs";
    /// The file changed on disk: write mine as a copy beside it, then take theirs
    KeepMineAsCopy = "keep_mine_as_copy", "keep mine as a copy";
    /// The file changed on disk: write mine over theirs
    Overwrite = "overwrite", "overwrite theirs";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_round_trip() {
        let mut names = std::collections::HashSet::new();
        for a in Action::ALL {
            assert!(names.insert(a.name()), "duplicate name {}", a.name());
            assert_eq!(Action::from_name(a.name()), Some(*a));
            assert!(!a.description().is_empty());
        }
    }
}
