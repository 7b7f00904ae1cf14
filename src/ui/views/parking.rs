//! The parking lot: things raised in the room that are not for now. `P` parks from any
//! view; here an item becomes a moment, an action or a glossary term in one undoable edit.
//!
//! ```text
//! ┌ Parking lot: raised in the room, not for now ─────────────┐
//! │   1. Loyalty discount policy                              │
//! │ 1 of 1                                                    │
//! └───────────────────────────────────────────────────────────┘
//! ```

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use crate::doc::Doc;
use crate::input::Action;
use crate::model::{Edit, Item, ItemKey, Moment};

use super::super::editors::Listed;
use super::super::overlays::{Confirmed, ListedEntry, Overlay, PromptPurpose};
use super::super::text::fit;
use super::super::{Cx, Session, View};
use super::{Offer, RenderCx, ViewPart, frame_block as block, move_in_list, offset};

#[derive(Clone, Debug, Default)]
pub struct State {
    /// The selected item, by position.
    pub selected: usize,
    /// What the selected item says, so the selection follows it when someone else adds
    /// or removes items above it.
    holding: Option<Listed<crate::model::Parked>>,
}

pub struct Parking;

const OFFERS: &[Offer] = &list_offers![
    Offer::named(Action::Edit, "edit", "Change the selected item's text"),
    Offer::named(Action::Delete, "delete", "Delete the selected item (asks first)"),
    Offer::plain(Action::ParkingToMoment),
    Offer::plain(Action::ParkingToAction),
    Offer::plain(Action::ParkingToTerm),
];

impl ViewPart for Parking {
    fn view(&self) -> View {
        View::Parking
    }

    fn context(&self) -> crate::input::Context {
        crate::input::Context::Parking
    }

    fn offers(&self) -> &'static [Offer] {
        OFFERS
    }

    fn footer(&self, _doc: &Doc, _session: &Session) -> Vec<Action> {
        vec![
            Action::ParkingToMoment,
            Action::ParkingToAction,
            Action::ParkingToTerm,
            Action::Edit,
            Action::Delete,
            Action::Undo,
            Action::NextView,
            Action::Help,
            Action::Quit,
        ]
    }

    fn act(&self, cx: &mut Cx, action: Action) -> bool {
        let i = cx.session.views.parking.selected;
        match action {
            Action::Edit => {
                if let Some(parked) = cx.doc.ws.parking_lot.get(i) {
                    let purpose = PromptPurpose::EditParking(Listed::new(i, parked.clone()));
                    let overlay = Overlay::prompt(purpose, "Parking-lot item", &parked.text);
                    cx.open(overlay);
                }
            }
            Action::Delete => match cx.doc.ws.parking_lot.get(i) {
                Some(t) => {
                    let question =
                        format!("Delete “{}” from the parking lot? (u undoes)", t.text);
                    let entry = ListedEntry::Parking(Listed::new(i, t.clone()));
                    cx.open(Overlay::Confirm {
                        question,
                        on_yes: Confirmed::RemoveListed(entry),
                    });
                }
                None => cx.say("Nothing to delete here"),
            },
            Action::ParkingToMoment | Action::ParkingToAction | Action::ParkingToTerm => {
                match conversion(cx.session, cx.doc, action) {
                    Ok(e) => {
                        cx.edit(e);
                    }
                    Err(message) => cx.say(message),
                }
            }
            _ => {
                let len = cx.doc.ws.parking_lot.len();
                let height = cx.session.size.1;
                move_in_list(&mut cx.session.views.parking.selected, height, len, action);
            }
        }
        true
    }

    fn clamp(&self, session: &mut Session, doc: &Doc) {
        let list = &doc.ws.parking_lot;
        let state = &mut session.views.parking;
        Listed::follow(&mut state.selected, &mut state.holding, list);
    }

    fn render(&self, frame: &mut Frame, body: Rect, doc: &Doc, session: &Session, cx: &RenderCx) {
        let theme = cx.theme;
        let b = block(
            " Parking lot: raised in the room, not for now ".into(),
            theme,
        );
        let inner = b.inner(body);
        frame.render_widget(b, body);
        let items = &doc.ws.parking_lot;
        let mut lines = vec![Line::styled(
            " P parks an item from any screen · m makes it a moment in the focused stage, a an action for the focused moment, g a glossary term",
            theme.muted,
        )];
        if items.is_empty() {
            lines.push(Line::styled(" Nothing parked yet.", theme.muted));
            frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), inner);
            return;
        }
        let room = usize::from(inner.height).saturating_sub(2).max(1);
        let selected = session.views.parking.selected.min(items.len() - 1);
        for (i, parked) in items
            .iter()
            .enumerate()
            .skip(offset(selected, room))
            .take(room)
        {
            let style = theme.row(i == selected);
            lines.push(Line::styled(
                fit(
                    &format!(" {:>3}. {}", i + 1, parked.text),
                    usize::from(inner.width),
                ),
                style,
            ));
        }
        lines.push(Line::styled(
            format!(" {} of {}", selected + 1, items.len()),
            theme.muted,
        ));
        frame.render_widget(Paragraph::new(lines), inner);
    }
}

/// The one edit that turns the selected parking-lot item into a moment (in the focused
/// stage), an action (for the focused moment) or a glossary term.
fn conversion(session: &Session, doc: &Doc, action: Action) -> Result<Edit, String> {
    let i = session.views.parking.selected;
    let text = doc
        .ws
        .parking_lot
        .get(i)
        .ok_or("The parking lot is empty")?
        .text
        .clone();
    let remove = Edit::Remove(ItemKey::Parking(i));
    let (label, add) = match action {
        Action::ParkingToMoment => {
            let stage = session
                .focus_stage
                .clone()
                .or_else(|| doc.ws.stages.first().map(|s| s.id.clone()))
                .ok_or("Add a stage first: the moment needs one")?;
            let id = doc.ws.next_moment_id();
            let at = doc.global_index_for(&stage, doc.stage_len(&stage), None);
            let name = doc
                .ws
                .stage(&stage)
                .map_or(String::new(), |s| s.name.clone());
            (
                format!("“{text}” is now moment {id} in {name}"),
                Edit::Insert {
                    item: Item::Moment(Moment {
                        id,
                        stage,
                        title: text.clone(),
                        ..Moment::default()
                    }),
                    at,
                },
            )
        }
        Action::ParkingToAction => {
            let moment = session
                .focus_moment
                .clone()
                .ok_or("Focus a moment on the board first: the action improves it")?;
            let id = doc.ws.next_action_id();
            (
                format!("“{text}” is now action {id} for {moment}"),
                Edit::Insert {
                    item: Item::Action(crate::model::Action {
                        id,
                        moment,
                        what: text.clone(),
                        owner: None,
                        due: String::new(),
                        status: crate::model::ActionStatus::Open,
                        effort: None,
                    }),
                    at: doc.ws.actions.len(),
                },
            )
        }
        _ => (
            format!("“{text}” is now a glossary term"),
            Edit::Insert {
                item: Item::Term(crate::model::Term {
                    term: text.clone(),
                    ..Default::default()
                }),
                at: doc.ws.glossary.len(),
            },
        ),
    };
    Ok(Edit::Batch {
        label,
        edits: vec![add, remove],
    })
}

