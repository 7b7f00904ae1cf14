//! The Plan view: the operating plan, actions by moment, owner and status, overdue ones
//! marked; `f` narrows it to what one silo owns; `m` shows it as a value–effort grid,
//! quick wins first (value: the moment's priority score; effort: the action's).
//!
//! ```text
//! ┌ Plan ──────────────────────────────────────────────┐
//! │ A3  M7 Online checkout   SAL  2027-01-31  Open  ! overdue
//! └────────────────────────────────────────────────────┘
//! ```

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::doc::Doc;
use crate::input::Action;
use crate::model::{Action as PlanAction, ItemKey, Level, SiloId};

use super::super::editors::{self, FormTarget};
use super::super::overlays::Overlay;
use super::super::text::fit;
use super::super::{Cx, Session, View};
use super::{Offer, RenderCx, ViewPart, frame_block as block, move_in_list, offset};

#[derive(Clone, Debug, Default)]
pub struct State {
    pub selected: usize,
    /// Show only actions this silo owns.
    pub filter: Option<SiloId>,
    /// Show the actions on the value–effort grid rather than as a list.
    pub grid: bool,
}

pub struct Plan;

const OFFERS: &[Offer] = &list_offers![
    Offer::named(Action::NewItem, "new", "Add an action for the focused moment"),
    Offer::named(Action::Edit, "edit", "Edit the selected action"),
    Offer::named(Action::Delete, "delete", "Delete the selected action (asks first)"),
    Offer::named(
        Action::Filter,
        "filter",
        "Show only the actions one silo owns; again for the next silo, then all",
    ),
    Offer::plain(Action::ShowOnBoard),
    Offer::named(
        Action::Mode,
        "value–effort",
        "Show the actions on a value–effort grid, quick wins first, or as a list",
    ),
];

impl ViewPart for Plan {
    fn view(&self) -> View {
        View::Plan
    }

    fn offers(&self) -> &'static [Offer] {
        OFFERS
    }

    fn footer(&self, _doc: &Doc, _session: &Session) -> Vec<Action> {
        vec![
            Action::NewItem,
            Action::Edit,
            Action::Filter,
            Action::Mode,
            Action::Delete,
            Action::Undo,
            Action::NextView,
            Action::Help,
            Action::Quit,
        ]
    }

    fn act(&self, cx: &mut Cx, action: Action) -> bool {
        let selected = rows(cx.doc, cx.session)
            .get(cx.session.views.plan.selected)
            .map(|a| (*a).clone());
        match action {
            Action::NewItem => {
                let form = editors::action_form(&cx.doc.ws, None, cx.session.focus_moment.as_ref());
                cx.open(Overlay::form(FormTarget::Action(None), form));
            }
            Action::Edit => {
                if let Some(a) = selected {
                    let form = editors::action_form(&cx.doc.ws, Some(&a), None);
                    cx.open(Overlay::form(FormTarget::Action(Some(a.id.clone())), form));
                }
            }
            Action::Delete => match selected {
                Some(a) => cx.ask_delete(
                    ItemKey::Action(a.id.clone()),
                    &format!("action {} “{}”", a.id, a.what),
                ),
                None => cx.say("Nothing to delete here"),
            },
            Action::ShowOnBoard => match selected {
                Some(a) if cx.doc.moment(&a.moment).is_some() => {
                    cx.session.show_on_board(cx.doc, &a.moment);
                }
                _ => cx.say("No moment to show on the board here"),
            },
            Action::Filter => {
                // Cycle: all → each silo → all.
                let silos = &cx.doc.ws.silos;
                let next = match &cx.session.views.plan.filter {
                    None => silos.first(),
                    Some(id) => silos
                        .iter()
                        .position(|s| &s.id == id)
                        .and_then(|i| silos.get(i + 1)),
                };
                cx.session.views.plan.filter = next.map(|s| s.id.clone());
                cx.session.views.plan.selected = 0;
            }
            Action::Mode => {
                let state = &mut cx.session.views.plan;
                state.grid = !state.grid;
                state.selected = 0;
                let text = if state.grid {
                    "Plan: value against effort, quick wins first (m: the list)"
                } else {
                    "Plan: actions by moment (m: value against effort)"
                };
                cx.say(text);
            }
            _ => {
                let len = rows(cx.doc, cx.session).len();
                let height = cx.session.size.1;
                move_in_list(&mut cx.session.views.plan.selected, height, len, action);
            }
        }
        true
    }

    fn render(&self, frame: &mut Frame, body: Rect, doc: &Doc, session: &Session, cx: &RenderCx) {
        let theme = cx.theme;
        let title = match &session.views.plan.filter {
            Some(s) => format!(" Plan: actions owned by {s} (f: next silo) "),
            None => " Plan: actions by moment, owner, due date and status ".to_owned(),
        };
        let b = block(title, theme);
        let inner = b.inner(body);
        frame.render_widget(b, body);
        let rows = rows(doc, session);
        // The frame's time, not the clock: drawing stays a function of its inputs.
        let today = crate::clock::date_of(session.clock.at(cx.now));
        let overdue_count = doc.ws.actions.iter().filter(|a| crate::analysis::overdue(a, &today)).count();
        let mut lines = vec![Line::styled(
            format!(
                " {} actions, {} open, {} overdue · n adds one for the focused moment",
                doc.ws.actions.len(),
                doc.ws.actions.iter().filter(|a| a.status.is_open()).count(),
                overdue_count
            ),
            if overdue_count > 0 {
                theme.warning
            } else {
                theme.muted
            },
        )];
        if rows.is_empty() {
            lines.push(Line::styled(
                " No actions yet. Press n to plan an improvement to the focused moment.",
                theme.muted,
            ));
            frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), inner);
            return;
        }
        let selected = session.views.plan.selected.min(rows.len() - 1);
        if session.views.plan.grid {
            let top = Rect::new(inner.x, inner.y + 1, inner.width, inner.height.saturating_sub(1));
            frame.render_widget(Paragraph::new(lines), inner);
            draw_grid(frame, top, doc, &rows, selected, theme);
            return;
        }
        let room = usize::from(inner.height).saturating_sub(2).max(1);
        let w = usize::from(inner.width);
        for (i, a) in rows
            .iter()
            .enumerate()
            .skip(offset(selected, room))
            .take(room)
        {
            let style = theme.row(i == selected);
            let late = crate::analysis::overdue(a, &today);
            let owner = a.owner.as_ref().map_or("—".to_owned(), std::string::ToString::to_string);
            let due = if a.due.is_empty() {
                "no date".to_owned()
            } else {
                a.due.clone()
            };
            lines.push(Line::from(vec![
                Span::styled(format!(" {:<4}", a.id.as_str()), theme.id.patch(style)),
                Span::styled(
                    format!("{:<5}", a.moment.as_str()),
                    theme.muted.patch(style),
                ),
                Span::styled(fit(&owner, 6), theme.title.patch(style)),
                Span::styled(
                    fit(&due, 11),
                    if late { theme.bad.patch(style) } else { style },
                ),
                Span::styled(fit(a.status.label(), 12), style),
                // A column of its own while anything is overdue, so the texts line up.
                Span::styled(
                    match (late, overdue_count > 0) {
                        (true, _) => "! overdue ",
                        (false, true) => "          ",
                        (false, false) => "",
                    },
                    theme.bad.patch(style),
                ),
                Span::styled(
                    fit(
                        &a.what,
                        w.saturating_sub(if overdue_count > 0 { 49 } else { 39 }),
                    ),
                    style,
                ),
            ]));
        }
        lines.push(Line::styled(
            format!(" {} of {}", selected + 1, rows.len()),
            theme.muted,
        ));
        frame.render_widget(Paragraph::new(lines), inner);
    }
}

/// The actions shown: in moment (board) order, filtered to one silo when asked; on the
/// grid, quadrant by quadrant (quick wins first), in moment order within each.
pub fn rows<'d>(doc: &'d Doc, session: &Session) -> Vec<&'d PlanAction> {
    // The order is computed once per change; only the filter is per frame.
    let mut rows: Vec<&PlanAction> = doc
        .analysis()
        .plan_order
        .iter()
        .map(|&i| &doc.ws.actions[i])
        .filter(|a| session.views.plan.filter.is_none() || a.owner == session.views.plan.filter)
        .collect();
    if session.views.plan.grid {
        let high = high_value(doc);
        rows.sort_by_key(|a| Quadrant::of(doc, a, high));
    }
    rows
}

/// Where an action sits on the value–effort grid.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Quadrant {
    /// High value, low effort: do these first.
    QuickWin,
    /// High value, medium or high effort.
    BigBet,
    /// Low value, low effort.
    FillIn,
    /// Low value, medium or high effort: question these.
    Thankless,
    /// No effort said yet: not placed.
    Unplaced,
}

impl Quadrant {
    const PLACED: [Quadrant; 4] = [
        Quadrant::QuickWin,
        Quadrant::BigBet,
        Quadrant::FillIn,
        Quadrant::Thankless,
    ];

    fn label(self) -> &'static str {
        match self {
            Quadrant::QuickWin => "Quick wins: high value, low effort",
            Quadrant::BigBet => "Big bets: high value, more effort",
            Quadrant::FillIn => "Fill-ins: lower value, low effort",
            Quadrant::Thankless => "Question these: lower value, more effort",
            Quadrant::Unplaced => "Not placed: no effort said yet (e edits)",
        }
    }

    /// An action's place: value is its moment's priority score against `high` (half the
    /// highest score), effort its own (low, or medium and high).
    pub fn of(doc: &Doc, a: &PlanAction, high: u32) -> Quadrant {
        let score = doc
            .analysis()
            .priorities
            .iter()
            .find(|p| p.moment == a.moment)
            .map_or(0, crate::analysis::Priority::total);
        let valuable = high > 0 && score >= high;
        match (a.effort, valuable) {
            (None, _) => Quadrant::Unplaced,
            (Some(Level::Low), true) => Quadrant::QuickWin,
            (Some(_), true) => Quadrant::BigBet,
            (Some(Level::Low), false) => Quadrant::FillIn,
            (Some(_), false) => Quadrant::Thankless,
        }
    }
}

/// The score from which a moment counts as high value: half the highest score, rounded up.
pub fn high_value(doc: &Doc) -> u32 {
    let top = doc
        .analysis()
        .priorities
        .iter()
        .map(crate::analysis::Priority::total)
        .max()
        .unwrap_or(0);
    top.div_ceil(2)
}

/// The grid: four boxes, quick wins top left, and the actions not yet placed below.
fn draw_grid(
    frame: &mut Frame,
    area: Rect,
    doc: &Doc,
    rows: &[&PlanAction],
    selected: usize,
    theme: &super::super::theme::Theme,
) {
    use ratatui::widgets::{Block, Borders};
    let high = high_value(doc);
    let unplaced: Vec<(usize, &&PlanAction)> = rows
        .iter()
        .enumerate()
        .filter(|(_, a)| Quadrant::of(doc, a, high) == Quadrant::Unplaced)
        .collect();
    let below = if unplaced.is_empty() { 0 } else { 2 };
    let grid_h = area.height.saturating_sub(below);
    let (half_w, half_h) = (area.width / 2, grid_h / 2);
    for (n, quadrant) in Quadrant::PLACED.into_iter().enumerate() {
        let (col, row) = (n as u16 % 2, n as u16 / 2);
        let rect = Rect::new(
            area.x + col * half_w,
            area.y + row * half_h,
            if col == 0 { half_w } else { area.width - half_w },
            if row == 0 { half_h } else { grid_h - half_h },
        );
        let style = if quadrant == Quadrant::QuickWin {
            theme.good
        } else {
            theme.heading
        };
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(theme.border)
            .title(Span::styled(format!(" {} ", quadrant.label()), style));
        let inner = block.inner(rect);
        frame.render_widget(block, rect);
        let mine: Vec<(usize, &&PlanAction)> = rows
            .iter()
            .enumerate()
            .filter(|(_, a)| Quadrant::of(doc, a, high) == quadrant)
            .collect();
        let room = usize::from(inner.height).max(1);
        let at = mine.iter().position(|(i, _)| *i == selected).unwrap_or(0);
        let w = usize::from(inner.width);
        let lines: Vec<Line> = if mine.is_empty() {
            vec![Line::styled(" none", theme.muted)]
        } else {
            mine.iter()
                .skip(offset(at, room))
                .take(room)
                .map(|(i, a)| {
                    let style = theme.row(*i == selected);
                    Line::styled(
                        fit(&format!(" {} {} {}", a.id, a.moment, a.what), w),
                        style,
                    )
                })
                .collect()
        };
        frame.render_widget(Paragraph::new(lines), inner);
    }
    if !unplaced.is_empty() {
        let mut spans = vec![Span::styled(
            format!(" {}: ", Quadrant::Unplaced.label()),
            theme.muted,
        )];
        for (i, a) in unplaced {
            spans.push(Span::styled(a.id.to_string(), theme.row(i == selected)));
            spans.push(Span::raw(" "));
        }
        frame.render_widget(
            Paragraph::new(Line::from(spans)).wrap(Wrap { trim: true }),
            Rect::new(area.x, area.y + grid_h, area.width, below),
        );
    }
}

