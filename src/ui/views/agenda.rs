//! The Agenda view: the workshop's items with their planned minutes, when each ran, and
//! when the workshop now ends. `]` (anywhere) finishes the current item and starts the
//! next; Space goes where the selected item is worked.
//!
//! ```text
//! ┌ Agenda: 5 items, 60 min planned · started 10:02 · ends 11:08, 6 min late ┐
//! │ ✓ 1 Welcome and goals          5 min  Board        10:02–10:07           │
//! │ ▶ 2 Agree the stages          10 min  Board · S1   10:07–10:20  ! 3 over │
//! │ · 3 Owners of each moment     15 min  Owners       10:20–10:35           │
//! └──────────────────────────────────────────────────────────────────────────┘
//! ```

use std::time::Instant;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::doc::Doc;
use crate::model::facilitation::{self, Progress, Schedule};

use crate::input::Action;
use crate::model::{AgendaItem, ItemKey};

use super::super::editors::{self, FormTarget, Listed};
use super::super::overlays::{Confirmed, ListedEntry, Overlay};
use super::super::text::{fit, truncate};
use super::super::{Cx, Session, View};
use super::{Offer, RenderCx, ViewPart, frame_block as block, move_in_list, offset};

#[derive(Clone, Debug, Default)]
pub struct State {
    /// The selected item, by position.
    pub selected: usize,
    /// The selected item as it was, so the selection follows it when someone else adds
    /// or removes items above it.
    holding: Option<Listed<AgendaItem>>,
}

pub struct Agenda;

const OFFERS: &[Offer] = &list_offers![
    Offer::named(Action::NewItem, "new", "Add an agenda item"),
    Offer::named(Action::Edit, "edit", "Edit the selected agenda item"),
    Offer::named(Action::Delete, "delete", "Delete the selected agenda item (asks first)"),
    Offer::named(Action::MoveUp, "reorder", "Move the selected item earlier"),
    Offer::named(Action::MoveDown, "reorder", "Move the selected item later"),
    Offer::plain(Action::AgendaGo),
];

impl ViewPart for Agenda {
    fn view(&self) -> View {
        View::Agenda
    }

    fn context(&self) -> crate::input::Context {
        crate::input::Context::Agenda
    }

    fn offers(&self) -> &'static [Offer] {
        OFFERS
    }

    fn footer(&self, _doc: &Doc, _session: &Session) -> Vec<Action> {
        vec![
            Action::NewItem,
            Action::Edit,
            Action::AgendaNext,
            Action::AgendaGo,
            Action::MoveUp,
            Action::Delete,
            Action::Undo,
            Action::NextView,
            Action::Help,
            Action::Quit,
        ]
    }

    fn act(&self, cx: &mut Cx, action: Action) -> bool {
        let i = cx.session.views.agenda.selected;
        let len = cx.doc.ws.agenda.len();
        match action {
            Action::NewItem => new_item(cx),
            Action::Edit => match cx.doc.ws.agenda.get(i) {
                Some(item) => {
                    let form = editors::agenda_form(&cx.doc.ws, Some(item));
                    let target = FormTarget::Agenda(Some(Listed::new(i, item.clone())));
                    cx.open(Overlay::form(target, form));
                }
                None => new_item(cx),
            },
            Action::Delete => match cx.doc.ws.agenda.get(i) {
                Some(a) => {
                    let question = format!("Delete agenda item “{}”? (u undoes)", a.title);
                    let entry = ListedEntry::Agenda(Listed::new(i, a.clone()));
                    cx.open(Overlay::Confirm {
                        question,
                        on_yes: Confirmed::RemoveListed(entry),
                    });
                }
                None => cx.say("Nothing to delete here"),
            },
            Action::MoveUp | Action::MoveDown => {
                let to = if action == Action::MoveUp {
                    i.checked_sub(1)
                } else {
                    Some(i + 1).filter(|j| *j < len)
                };
                match to {
                    Some(to) if i < len => {
                        let moved = cx.edit(crate::model::Edit::Move {
                            key: ItemKey::Agenda(i),
                            to,
                        });
                        if moved {
                            cx.session.views.agenda.selected = to;
                        }
                    }
                    _ => cx.say("It cannot move further"),
                }
            }
            Action::AgendaGo => {
                if i < len {
                    go_to_item(cx.session, cx.doc, i);
                } else {
                    cx.say("Select an agenda item first (A shows the agenda)");
                }
            }
            _ => {
                let height = cx.session.size.1;
                move_in_list(&mut cx.session.views.agenda.selected, height, len, action);
            }
        }
        true
    }

    fn clamp(&self, session: &mut Session, doc: &Doc) {
        let list = &doc.ws.agenda;
        let state = &mut session.views.agenda;
        Listed::follow(&mut state.selected, &mut state.holding, list);
    }

    fn render(&self, frame: &mut Frame, body: Rect, doc: &Doc, session: &Session, cx: &RenderCx) {
        render(frame, body, doc, session, cx.theme, cx.now);
    }
}

fn new_item(cx: &mut Cx) {
    let form = editors::agenda_form(&cx.doc.ws, None);
    cx.open(Overlay::form(FormTarget::Agenda(None), form));
}

/// Shows the view and stage an agenda item is worked in.
pub fn go_to_item(session: &mut Session, doc: &Doc, i: usize) {
    let Some(item) = doc.ws.agenda.get(i) else {
        return;
    };
    if let Some(screen) = item.view {
        session.view = screen;
    }
    if let Some(stage) = &item.stage
        && let Some(at) = doc.ws.stages.iter().position(|s| &s.id == stage)
    {
        session.focus_stage = Some(stage.clone());
        session.focus_stage_index = at;
        session.focus_moment = doc.moment_at(stage, 0).map(|m| m.id.clone());
        session.focus_position = 0;
        if item.view.is_none() {
            session.view = View::Board;
        }
    }
}

/// Whole minutes, rounded up: what the room reads as "3 min".
pub fn minutes_up(secs: u64) -> u64 {
    secs.div_ceil(60)
}

/// When the workshop now ends, against the plan, in words.
fn ending(schedule: &Schedule, session: &Session) -> Option<String> {
    let clock = &session.clock;
    let expected = schedule.expected_end?;
    let late = schedule.late();
    Some(if late >= 60 {
        format!(
            "ends {} ({} min late; planned {})",
            clock.time_of_day(expected),
            late / 60,
            clock.time_of_day(schedule.planned_end.unwrap_or(expected))
        )
    } else {
        format!("ends {} as planned", clock.time_of_day(expected))
    })
}

fn render(
    frame: &mut Frame,
    body: Rect,
    doc: &Doc,
    session: &Session,
    theme: &crate::ui::theme::Theme,
    now: Instant,
) {
    let agenda = &doc.ws.agenda;
    let wall = session.clock.at(now);
    let schedule = facilitation::schedule(agenda, wall);
    let mut title = format!(
        " Agenda: {} item{}, {} min planned",
        agenda.len(),
        if agenda.len() == 1 { "" } else { "s" },
        schedule.planned_minutes
    );
    if let Some(began) = schedule.began {
        title.push_str(&format!(" · started {}", session.clock.time_of_day(began)));
    }
    title.push(' ');
    let b = block(title, theme);
    let inner = b.inner(body);
    frame.render_widget(b, body);
    let w = usize::from(inner.width);
    let mut lines: Vec<Line> = Vec::new();
    let summary = match (schedule.began, schedule.current, ending(&schedule, session)) {
        (None, ..) if agenda.is_empty() => None,
        (None, ..) => Some((
            " Not started: ] starts the first item and goes where it is worked".to_owned(),
            theme.muted,
        )),
        (Some(_), None, end) if agenda.iter().all(|a| a.finished.is_some()) => {
            Some((format!(" Done · {}", end.unwrap_or_default()), theme.good))
        }
        (Some(_), _, Some(end)) if schedule.late() >= 60 => Some((
            format!(" ! Running late: {end}. Cut an item or move on"),
            theme.warning,
        )),
        (Some(_), _, end) => Some((
            format!(
                " On time: {} · ] moves to the next item",
                end.unwrap_or_default()
            ),
            theme.muted,
        )),
    };
    if let Some((text, style)) = summary {
        lines.push(Line::styled(truncate(&text, w), style));
    }
    if agenda.is_empty() {
        lines.push(Line::styled(
            " No agenda yet. Press n to add an item: a title, its minutes, and the view or stage it is worked in. Then ] starts it.",
            theme.muted,
        ));
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), inner);
        return;
    }
    let room = usize::from(inner.height).saturating_sub(2).max(1);
    let selected = session.views.agenda.selected.min(agenda.len() - 1);
    let title_width = w.saturating_sub(53).max(8);
    for (i, (item, slot)) in agenda
        .iter()
        .zip(&schedule.slots)
        .enumerate()
        .skip(offset(selected, room))
        .take(room)
    {
        let style = theme.row(i == selected);
        let (mark, mark_style) = match slot.progress {
            Progress::Done => ("✓", theme.good),
            Progress::Current => ("▶", theme.key),
            Progress::Upcoming => ("·", theme.muted),
        };
        let place = match (item.view, &item.stage) {
            (Some(v), Some(s)) => format!("{} · {s}", v.label()),
            (Some(v), None) => v.label().to_owned(),
            (None, Some(s)) => format!("Board · {s}"),
            (None, None) => String::new(),
        };
        let times = match (slot.start, slot.end) {
            (Some(a), Some(b)) => format!(
                "{}–{}",
                session.clock.time_of_day(a),
                session.clock.time_of_day(b)
            ),
            _ => String::new(),
        };
        let over = if slot.over > 0 {
            format!(" ! +{} min", minutes_up(slot.over))
        } else {
            String::new()
        };
        let row_style = |s: Style| s.patch(style);
        lines.push(Line::from(vec![
            Span::styled(format!(" {mark} "), row_style(mark_style)),
            Span::styled(format!("{:>2} ", i + 1), row_style(theme.id)),
            Span::styled(fit(&item.title, title_width), row_style(theme.title)),
            Span::styled(format!("{:>4} min  ", item.minutes), style),
            Span::styled(fit(&place, 16), row_style(theme.muted)),
            Span::styled(fit(&times, 12), style),
            Span::styled(over, row_style(theme.warning)),
        ]));
    }
    lines.push(Line::styled(
        format!(
            " {} of {} · n adds · e edits · K/J reorder · space goes there",
            selected + 1,
            agenda.len()
        ),
        theme.muted,
    ));
    frame.render_widget(Paragraph::new(lines), inner);
}
