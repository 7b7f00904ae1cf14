//! What each action does when it means the same wherever it is offered: one handler per
//! action, declared once in [`handler`], each a plain function of one [`Cx`] in a small
//! file grouped by verb. What an action means in one view only (moving in a list, Enter
//! on a row) is that view's (`views`); an action's name and description are its variant's
//! (`input::action`).

use crate::input::Action;

use super::Cx;

mod agenda;
mod capture;
mod display;
mod files;
pub mod find;
pub mod forms;
mod history;
mod navigation;
mod ownership;
mod parking;
mod votes;

/// A handler: what an action does.
pub type Handler = fn(&mut Cx);

/// Where an action applies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// In every view (switching views, undo, help, the timebox…).
    Everywhere,
    /// Only in views that offer it; the handler runs when the view leaves it to us.
    Offered,
    /// Inside an overlay's key table only (answering a question, the owners editor…).
    Overlay,
}

/// Every action's scope and handler. Naming each action once here is what makes a new
/// action fail to compile until someone says where it applies and what it does.
pub fn handler(action: Action) -> (Scope, Option<Handler>) {
    use Action as A;
    use Scope::{Everywhere, Offered, Overlay};
    match action {
        // What the views give their own meaning to.
        A::Up
        | A::Down
        | A::Left
        | A::Right
        | A::First
        | A::Last
        | A::PageUp
        | A::PageDown
        | A::Edit
        | A::Delete
        | A::Filter
        | A::NewItem
        | A::ShowOnBoard
        | A::EditProposition
        | A::CompareSegments
        | A::RateBad
        | A::RateNeutral
        | A::RateGood
        | A::RateUnknown
        | A::ClearRating
        | A::Back
        | A::ParkingToMoment
        | A::ParkingToAction
        | A::ParkingToTerm
        | A::AgendaGo
        | A::SetAccountable
        | A::SetResponsible
        | A::SetConsulted
        | A::SetInformed
        | A::ClearRole
        | A::Mode => (Offered, None),
        // Offered by some views, meaning the same in each.
        A::NewMoment => (Offered, Some(capture::new_moment)),
        A::NewStage => (Offered, Some(capture::new_stage)),
        A::MoveToPrevStage => (Offered, Some(capture::move_to_previous_stage)),
        A::MoveToNextStage => (Offered, Some(capture::move_to_next_stage)),
        A::MoveUp => (Offered, Some(capture::move_up)),
        A::MoveDown => (Offered, Some(capture::move_down)),
        A::MoveStageLeft => (Offered, Some(capture::move_stage_left)),
        A::MoveStageRight => (Offered, Some(capture::move_stage_right)),
        A::ToggleAgreed => (Offered, Some(capture::toggle_agreed)),
        A::Owners => (Offered, Some(ownership::owners)),
        A::VoteAdd => (Offered, Some(votes::add)),
        A::VoteRemove => (Offered, Some(votes::remove)),
        A::CycleSegment => (Offered, Some(navigation::cycle_segment)),
        A::ToggleDetails => (Offered, Some(display::toggle_details)),
        A::ToggleCompact => (Offered, Some(display::toggle_compact)),
        // The same everywhere.
        A::Silos => (Everywhere, Some(ownership::silos)),
        A::Segments => (Everywhere, Some(ownership::segments)),
        A::Competitors => (Everywhere, Some(ownership::competitors)),
        A::RenameWorkspace => (Everywhere, Some(capture::rename_workspace)),
        A::Undo => (Everywhere, Some(history::undo)),
        A::Redo => (Everywhere, Some(history::redo)),
        A::NextView => (Everywhere, Some(navigation::next_view)),
        A::PrevView => (Everywhere, Some(navigation::previous_view)),
        A::ViewBoard => (Everywhere, Some(navigation::board)),
        A::ViewOwners => (Everywhere, Some(navigation::owners)),
        A::ViewSeams => (Everywhere, Some(navigation::seams)),
        A::ViewExperience => (Everywhere, Some(navigation::experience)),
        A::ViewPriorities => (Everywhere, Some(navigation::priorities)),
        A::ViewSegments => (Everywhere, Some(navigation::segments)),
        A::ViewLanguage => (Everywhere, Some(navigation::language)),
        A::ViewPlan => (Everywhere, Some(navigation::plan)),
        A::ViewMeasures => (Everywhere, Some(navigation::measures)),
        A::ViewChecks => (Everywhere, Some(navigation::checks)),
        A::ViewParking => (Everywhere, Some(navigation::parking)),
        A::ViewAgenda => (Everywhere, Some(navigation::agenda)),
        A::ViewOutline => (Everywhere, Some(navigation::outline)),
        A::Search => (Everywhere, Some(navigation::search)),
        A::Present => (Everywhere, Some(navigation::present)),
        A::Spotlight => (Everywhere, Some(navigation::spotlight)),
        A::Follow => (Everywhere, Some(navigation::follow)),
        A::Find => (Everywhere, Some(find::open)),
        A::Palette => (Everywhere, Some(navigation::palette)),
        A::Help => (Everywhere, Some(navigation::help)),
        A::Park => (Everywhere, Some(parking::park)),
        A::AgendaNext => (Everywhere, Some(agenda::next)),
        A::AgendaRestart => (Everywhere, Some(agenda::restart)),
        A::Timebox => (Everywhere, Some(agenda::timebox)),
        A::PauseTimer => (Everywhere, Some(agenda::pause_timer)),
        A::VoteStart => (Everywhere, Some(votes::start)),
        A::VoteReveal => (Everywhere, Some(votes::reveal)),
        A::VoteEnd => (Everywhere, Some(votes::end)),
        A::Save => (Everywhere, Some(files::save)),
        A::Quit => (Everywhere, Some(files::quit)),
        A::ExportMarkdown => (Everywhere, Some(files::export_markdown)),
        A::ExportHtml => (Everywhere, Some(files::export_html)),
        A::ExportCsv => (Everywhere, Some(files::export_csv)),
        A::ExportMermaid => (Everywhere, Some(files::export_mermaid)),
        A::ExportJson => (Everywhere, Some(files::export_json)),
        // Keys of an overlay's own table.
        A::Yes | A::No | A::NamePerson | A::Reload | A::KeepMineAsCopy | A::Overwrite => {
            (Overlay, None)
        }
    }
}

/// Whether `action` applies in every view.
pub fn everywhere(action: Action) -> bool {
    handler(action).0 == Scope::Everywhere
}

/// Runs an action's handler, if it has one.
pub fn run(cx: &mut Cx, action: Action) {
    if let (_, Some(handler)) = handler(action) {
        handler(cx);
    }
}
