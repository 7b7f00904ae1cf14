//! The views: one module each, behind [`ViewPart`]. A view owns its state, says which
//! actions it gives a meaning to ([`ViewPart::offers`]: footer, help and palette are
//! generated from that, so they cannot drift from what the keys do), carries them out
//! ([`ViewPart::act`]) and draws itself ([`ViewPart::render`], which only borrows).
//!
//! Adding a view: write its module, and add one line to [`registry!`] below (its place in
//! the Tab order). Views know the document, the session and the overlays they open; they
//! never import an action handler, the chrome or another view.

use std::time::Instant;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Span;
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use crate::doc::Doc;
use crate::input::{Action, Context, Mouse};

use super::theme::Theme;
use super::{Cx, Session, View};

/// An action a view gives a meaning to: the word the footer shows for it, and what it
/// does here when that differs from the action's own description.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Offer {
    pub action: Action,
    pub word: &'static str,
    pub help: Option<&'static str>,
}

impl Offer {
    /// The action with its own footer word and description.
    pub const fn plain(action: Action) -> Offer {
        Offer {
            action,
            word: "",
            help: None,
        }
    }

    /// The action as this view names it in the footer and in help.
    pub const fn named(action: Action, word: &'static str, help: &'static str) -> Offer {
        Offer {
            action,
            word,
            help: Some(help),
        }
    }

    /// The footer word: this view's, or the action's.
    pub fn word(&self) -> &'static str {
        if self.word.is_empty() {
            self.action.short()
        } else {
            self.word
        }
    }

    /// What it does here: this view's words, or the action's description.
    pub fn help(&self) -> &'static str {
        self.help.unwrap_or_else(|| self.action.description())
    }
}

/// What every view is.
pub trait ViewPart: Sync {
    /// Which view this is.
    fn view(&self) -> View;

    /// The key-table context its keys are read from.
    fn context(&self) -> Context {
        Context::List
    }

    /// Every action this view gives a meaning to. Actions with one meaning everywhere
    /// (switching views, undo, help…) are not listed here; anything else does nothing in
    /// this view, and the key says so.
    fn offers(&self) -> &'static [Offer];

    /// The offers the footer shows now, most useful first (the rest stay in help).
    fn footer(&self, doc: &Doc, session: &Session) -> Vec<Action>;

    /// The footer word for `action` now, when it depends on what is selected.
    fn word(&self, _doc: &Doc, _session: &Session, offer: &Offer) -> &'static str {
        offer.word()
    }

    /// Carries out an offered action. Returns `false` to leave it to its one handler in
    /// `actions` (the view offers it, but it means the same everywhere it is offered).
    fn act(&self, cx: &mut Cx, action: Action) -> bool;

    /// The view's name in the title bar's list of views.
    fn tab(&self, _doc: &Doc) -> String {
        self.view().label().to_owned()
    }

    /// What the status line says when nothing else is to be said, instead of the focus.
    fn hint(&self) -> Option<&'static str> {
        None
    }

    /// A mouse click or scroll over the view.
    fn click(&self, _session: &mut Session, _doc: &Doc, _mouse: Mouse) {}

    /// Keeps this view's selection on things that exist, after anyone's edit.
    fn clamp(&self, _session: &mut Session, _doc: &Doc) {}

    /// Before a frame: scroll positions that keep the selection in view, and anything
    /// the frame reads that is worth computing once per change rather than per frame.
    fn settle(&self, _session: &mut Session, _doc: &Doc, _body: Rect) {}

    /// Draws the view into the body of the screen.
    fn render(&self, frame: &mut Frame, body: Rect, doc: &Doc, session: &Session, cx: &RenderCx);
}

/// What drawing a view borrows besides the document and the session.
pub struct RenderCx<'a> {
    pub theme: &'a Theme,
    /// The time the frame shows: passed in so drawing stays a function of its inputs.
    pub now: Instant,
}

/// A list view's offers: moving up and down, to the ends and by pages, then `$offer`s.
macro_rules! list_offers {
    ($($offer:expr),* $(,)?) => {
        [
            Offer::plain(Action::Up),
            Offer::plain(Action::Down),
            Offer::plain(Action::First),
            Offer::plain(Action::Last),
            Offer::plain(Action::PageUp),
            Offer::plain(Action::PageDown),
            $($offer),*
        ]
    };
}

macro_rules! registry {
    ($($field:ident: $view:ident => $module:ident::$part:ident,)+) => {
        $(pub mod $module;)+

        /// Every view's own state, one field per view.
        #[derive(Clone, Debug, Default)]
        pub struct Views {
            $(pub $field: $module::State,)+
        }

        /// The views in Tab order.
        pub const REGISTRY: &[&dyn ViewPart] = &[$(&$module::$part,)+];

        /// The part that shows `view`.
        pub fn part(view: View) -> &'static dyn ViewPart {
            match view {
                $(View::$view => &$module::$part,)+
            }
        }
    };
}

registry! {
    board: Board => board::Board,
    owners: Owners => owners::Owners,
    seams: Seams => seams::Seams,
    experience: Experience => experience::Experience,
    priorities: Priorities => priorities::Priorities,
    segments: Segments => segments::Segments,
    language: Language => language::Language,
    plan: Plan => plan::Plan,
    measures: Measures => measures::Measures,
    checks: Checks => checks::Checks,
    parking: Parking => parking::Parking,
    agenda: Agenda => agenda::Agenda,
    outline: Outline => outline::Outline,
}

/// The view after `view` in Tab order.
pub fn next(view: View) -> View {
    let i = REGISTRY.iter().position(|p| p.view() == view).unwrap_or(0);
    REGISTRY[(i + 1) % REGISTRY.len()].view()
}

/// The view before `view` in Tab order.
pub fn previous(view: View) -> View {
    let i = REGISTRY.iter().position(|p| p.view() == view).unwrap_or(0);
    REGISTRY[(i + REGISTRY.len() - 1) % REGISTRY.len()].view()
}

/// Whether `view` offers `action`.
pub fn offers(view: View, action: Action) -> Option<&'static Offer> {
    part(view).offers().iter().find(|o| o.action == action)
}

// Helpers the list views share.

/// The border and title every view panel has.
pub fn frame_block<'a>(title: String, theme: &Theme) -> Block<'a> {
    Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border_focus)
        .title(Span::styled(title, theme.heading))
}

/// First row to show so `selected` is visible in `room` rows.
pub fn offset(selected: usize, room: usize) -> usize {
    selected.saturating_sub(room.saturating_sub(1))
}

/// A muted line saying what to do when there is nothing to show.
pub fn empty(frame: &mut Frame, area: Rect, text: &str, theme: &Theme) {
    frame.render_widget(
        Paragraph::new(text.to_owned())
            .style(theme.muted)
            .wrap(Wrap { trim: true }),
        area,
    );
}

/// Moves a list selection by an action (up, down, first, last, a page).
pub fn move_in_list(selected: &mut usize, height: u16, len: usize, action: Action) {
    if len == 0 {
        return;
    }
    let page = usize::from(height.saturating_sub(6)).max(1);
    let i = (*selected).min(len - 1);
    *selected = match action {
        Action::Up => i.saturating_sub(1),
        Action::Down => (i + 1).min(len - 1),
        Action::First => 0,
        Action::Last => len - 1,
        Action::PageUp => i.saturating_sub(page),
        Action::PageDown => (i + page).min(len - 1),
        _ => i,
    };
}

/// Splits a body into a list (left) and a detail pane (right) when there is room.
pub fn split(inner: Rect) -> (Rect, Option<Rect>) {
    if inner.width >= 100 {
        let left = inner.width * 3 / 5;
        (
            Rect::new(inner.x, inner.y, left, inner.height),
            Some(Rect::new(
                inner.x + left + 1,
                inner.y,
                inner.width - left - 1,
                inner.height,
            )),
        )
    } else {
        (inner, None)
    }
}
