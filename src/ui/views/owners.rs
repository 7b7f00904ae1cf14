//! The Owners view: moments × silos with R / A / C / I letters, grouped by stage; the
//! accountability findings inline; totals per silo; a cell changes in place; filter to
//! one silo ("what does Billing own?").
//!
//! ```text
//! Moment                          SAL  SVC  BIL  MKT   findings
//! Awareness (4)
//!  M1  Coverage check on the web…  A    C    ·    I
//!  M2  Sees an ad for fibre        ·    ·    ·    ·    no A
//! Accountable for                  3    1    0    2
//! ```

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::doc::Doc;
use crate::model::{Edit, Item, ItemKey, Moment, Owner, Role, SiloId};

use crate::input::{Action, Context};

use super::super::text::fit;
use super::super::theme::Theme;
use super::super::{Cx, Session, View};
use super::{Offer, RenderCx, ViewPart};

#[derive(Clone, Debug, Default)]
pub struct State {
    /// The silo column with focus.
    pub silo: usize,
    /// Show only moments this silo has a part in.
    pub filter: Option<SiloId>,
    /// First row on screen.
    pub offset: usize,
}

pub struct Owners;

const OFFERS: &[Offer] = &[
    Offer::plain(Action::Up),
    Offer::plain(Action::Down),
    Offer::named(Action::Left, "left", "Focus the previous silo"),
    Offer::named(Action::Right, "right", "Focus the next silo"),
    Offer::plain(Action::First),
    Offer::plain(Action::Last),
    Offer::plain(Action::PageUp),
    Offer::plain(Action::PageDown),
    Offer::plain(Action::SetAccountable),
    Offer::plain(Action::SetResponsible),
    Offer::plain(Action::SetConsulted),
    Offer::plain(Action::SetInformed),
    Offer::plain(Action::ClearRole),
    Offer::named(
        Action::Filter,
        "filter",
        "Show only what the focused silo has a part in; again shows every moment",
    ),
    Offer::named(Action::Edit, "board", "Show the focused moment on the board"),
    Offer::plain(Action::Owners),
];

impl ViewPart for Owners {
    fn view(&self) -> View {
        View::Owners
    }

    fn context(&self) -> Context {
        Context::Owners
    }

    fn offers(&self) -> &'static [Offer] {
        OFFERS
    }

    fn footer(&self, _doc: &Doc, _session: &Session) -> Vec<Action> {
        vec![
            Action::SetAccountable,
            Action::SetResponsible,
            Action::SetConsulted,
            Action::SetInformed,
            Action::ClearRole,
            Action::Filter,
            Action::Edit,
            Action::Undo,
            Action::NextView,
            Action::Help,
            Action::Quit,
        ]
    }

    fn act(&self, cx: &mut Cx, action: Action) -> bool {
        match action {
            Action::Up | Action::Down | Action::PageUp | Action::PageDown | Action::First | Action::Last => {
                let page = (cx.session.size.1.saturating_sub(8) as isize).max(1);
                let delta = match action {
                    Action::Up => -1,
                    Action::Down => 1,
                    Action::PageUp => -page,
                    Action::PageDown => page,
                    Action::First => isize::MIN / 2,
                    _ => isize::MAX / 2,
                };
                move_focus(cx.session, cx.doc, delta);
            }
            Action::Left | Action::Right => {
                move_column(cx.session, cx.doc, if action == Action::Left { -1 } else { 1 });
            }
            Action::SetAccountable
            | Action::SetResponsible
            | Action::SetConsulted
            | Action::SetInformed
            | Action::ClearRole => {
                let role = match action {
                    Action::SetAccountable => Some(Role::Accountable),
                    Action::SetResponsible => Some(Role::Responsible),
                    Action::SetConsulted => Some(Role::Consulted),
                    Action::SetInformed => Some(Role::Informed),
                    _ => None,
                };
                match set_role(cx.session, cx.doc, role) {
                    Ok(e) => {
                        cx.edit(e);
                    }
                    Err(message) => cx.say(message),
                }
            }
            Action::Filter => {
                let state = &cx.session.views.owners;
                cx.session.views.owners.filter = match (&state.filter, cx.doc.ws.silos.get(state.silo)) {
                    (Some(_), _) | (None, None) => None,
                    (None, Some(s)) => Some(s.id.clone()),
                };
                cx.session.views.owners.offset = 0;
                focus_visible(cx.session, cx.doc);
                match cx.session.views.owners.filter.clone() {
                    Some(id) => cx.say(format!("Showing only what {id} has a part in")),
                    None => cx.say("Showing every moment"),
                }
            }
            Action::Edit => cx.session.view = View::Board,
            _ => return false,
        }
        true
    }

    fn settle(&self, session: &mut Session, doc: &Doc, body: Rect) {
        sync_scroll(session, doc, body);
    }

    fn render(&self, frame: &mut Frame, body: Rect, doc: &Doc, session: &Session, cx: &RenderCx) {
        render(frame, body, doc, session, cx.theme);
    }
}

/// One line of the matrix.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Row {
    /// A stage heading, by position in `ws.stages`.
    Stage(usize),
    /// A moment, by position in `ws.moments`.
    Moment(usize),
}

fn owns(m: &Moment, silo: &SiloId) -> bool {
    m.owners.iter().any(|o| &o.silo == silo)
}

/// The rows shown, in board order, keeping only moments the filtered silo has a part in.
pub fn rows(doc: &Doc, filter: Option<&SiloId>) -> Vec<Row> {
    let mut rows = Vec::new();
    for (si, stage) in doc.ws.stages.iter().enumerate() {
        let start = rows.len();
        rows.push(Row::Stage(si));
        if let Some(list) = doc.derived.by_stage.get(&stage.id) {
            for &mi in list {
                if filter.is_none_or(|f| owns(&doc.ws.moments[mi], f)) {
                    rows.push(Row::Moment(mi));
                }
            }
        }
        // A filtered view leaves out stages where the silo has no part.
        if filter.is_some() && rows.len() == start + 1 {
            rows.pop();
        }
    }
    rows
}

/// The row of the focused moment, or of its stage.
fn focus_row(rows: &[Row], doc: &Doc, session: &Session) -> usize {
    let moment = session
        .focus_moment
        .as_ref()
        .and_then(|id| doc.derived.moment_index.get(id).copied());
    let stage = session.focus_stage_index;
    rows.iter()
        .position(|r| match (r, moment) {
            (Row::Moment(i), Some(m)) => *i == m,
            (Row::Stage(s), None) => *s == stage,
            _ => false,
        })
        .or_else(|| rows.iter().position(|r| *r == Row::Stage(stage)))
        .unwrap_or(0)
}

/// Moves the focus `delta` rows (a stage row focuses the stage, as on the board).
pub fn move_focus(session: &mut Session, doc: &Doc, delta: isize) {
    let rows = rows(doc, session.views.owners.filter.as_ref());
    if rows.is_empty() {
        return;
    }
    let here = focus_row(&rows, doc, session) as isize;
    let to = (here + delta).clamp(0, rows.len() as isize - 1) as usize;
    focus(session, doc, rows[to]);
}

/// After the filter changes: a focused moment the filter hides gives the focus to the
/// first moment shown, so a letter key never changes a row nobody can see.
pub fn focus_visible(session: &mut Session, doc: &Doc) {
    let rows = rows(doc, session.views.owners.filter.as_ref());
    let shown = |i: usize| rows.contains(&Row::Moment(i));
    let focused = session
        .focus_moment
        .as_ref()
        .and_then(|id| doc.derived.moment_index.get(id).copied());
    if focused.is_some_and(shown) {
        return;
    }
    if let Some(row) = rows
        .iter()
        .find(|r| matches!(r, Row::Moment(_)))
        .or(rows.first())
    {
        focus(session, doc, *row);
    }
}

fn focus(session: &mut Session, doc: &Doc, row: Row) {
    match row {
        Row::Stage(s) => {
            session.focus_stage = Some(doc.ws.stages[s].id.clone());
            session.focus_stage_index = s;
            session.focus_moment = None;
        }
        Row::Moment(i) => {
            let m = &doc.ws.moments[i];
            session.focus_stage = Some(m.stage.clone());
            session.focus_stage_index = doc
                .ws
                .stages
                .iter()
                .position(|s| s.id == m.stage)
                .unwrap_or(0);
            session.focus_moment = Some(m.id.clone());
            session.focus_position = doc.position_in_stage(&m.id).unwrap_or(0);
        }
    }
}

/// Moves the silo column.
pub fn move_column(session: &mut Session, doc: &Doc, delta: isize) {
    let n = doc.ws.silos.len();
    if n == 0 {
        return;
    }
    session.views.owners.silo = (session.views.owners.silo as isize + delta).clamp(0, n as isize - 1) as usize;
}

/// The edit that gives the focused silo `role` (or no role) in the focused moment.
pub fn set_role(session: &Session, doc: &Doc, role: Option<Role>) -> Result<Edit, String> {
    let m = session
        .focus_moment
        .as_ref()
        .and_then(|id| doc.moment(id))
        .ok_or("Focus a moment row first")?;
    if let Some(f) = &session.views.owners.filter
        && !owns(m, f)
    {
        return Err(format!("{} is hidden by the filter: f shows all", m.id));
    }
    let silo = doc
        .ws
        .silos
        .get(session.views.owners.silo)
        .ok_or("No silos yet: press S to add one")?;
    let mut changed = m.clone();
    let existing = changed.owners.iter().position(|o| o.silo == silo.id);
    let label = match (role, existing) {
        (Some(role), Some(i)) => {
            changed.owners[i].role = role;
            format!("{} is {} for {}", silo.id, role.label(), m.id)
        }
        (Some(role), None) => {
            changed.owners.push(Owner {
                silo: silo.id.clone(),
                role,
                person: String::new(),
            });
            changed.owners.sort_by_key(|o| {
                doc.ws
                    .silos
                    .iter()
                    .position(|s| s.id == o.silo)
                    .unwrap_or(usize::MAX)
            });
            format!("{} is {} for {}", silo.id, role.label(), m.id)
        }
        (None, Some(i)) => {
            changed.owners.remove(i);
            format!("{} has no part in {} any more", silo.id, m.id)
        }
        (None, None) => return Err(format!("{} has no part in {}", silo.id, m.id)),
    };
    if changed == *m {
        return Err(format!("{} already has that role", silo.id));
    }
    Ok(Edit::Batch {
        label,
        edits: vec![Edit::Replace {
            key: ItemKey::Moment(m.id.clone()),
            item: Item::Moment(changed),
        }],
    })
}

const TITLE_WIDTH: usize = 34;
const CELL: usize = 5;

/// Keeps the focused row in view between frames.
fn sync_scroll(session: &mut Session, doc: &Doc, body: Rect) {
    let rows = rows(doc, session.views.owners.filter.as_ref());
    let room = visible_rows(body);
    let focus = focus_row(&rows, doc, session);
    if focus < session.views.owners.offset {
        session.views.owners.offset = focus;
    } else if focus >= session.views.owners.offset + room {
        session.views.owners.offset = focus + 1 - room;
    }
    session.views.owners.offset = session.views.owners.offset.min(rows.len().saturating_sub(room));
}

fn visible_rows(body: Rect) -> usize {
    // Border (2), column heading (1), totals (2).
    usize::from(body.height.saturating_sub(5)).max(1)
}

fn render(frame: &mut Frame, body: Rect, doc: &Doc, session: &Session, theme: &Theme) {
    let (body, pane) = super::super::layout::split_detail(body);
    if let Some(pane) = pane
        && !doc.ws.stages.is_empty()
    {
        super::super::detail::render(frame, pane, doc, session, theme);
    }
    let title = match &session.views.owners.filter {
        Some(f) => format!(" Owners: what {f} has a part in (f shows all) "),
        None => " Owners: who answers for each moment ".to_owned(),
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border_focus)
        .title(Span::styled(title, theme.heading));
    let inner = block.inner(body);
    frame.render_widget(block, body);
    let silos = &doc.ws.silos;
    if silos.is_empty() || doc.ws.moments.is_empty() {
        let text = if silos.is_empty() {
            "No silos yet. Press S to add Sales, Service, Billing…, then give each moment its owners."
        } else {
            "No moments yet. Add them on the board (1, then n)."
        };
        frame.render_widget(
            Paragraph::new(text)
                .style(theme.muted)
                .wrap(ratatui::widgets::Wrap { trim: true }),
            inner,
        );
        return;
    }
    let total_width = usize::from(inner.width);
    let flags_width = 12;
    let title_width = TITLE_WIDTH.min(total_width.saturating_sub(flags_width + CELL * 2));
    let cells_room = total_width.saturating_sub(title_width + flags_width) / CELL;
    let cells_room = cells_room.max(1);
    let first_silo = session
        .views
        .owners
        .silo
        .saturating_sub(cells_room - 1)
        .min(silos.len().saturating_sub(1));
    let shown: Vec<(usize, &crate::model::Silo)> = silos
        .iter()
        .enumerate()
        .skip(first_silo)
        .take(cells_room)
        .collect();

    let mut lines = Vec::new();
    let mut heading = vec![Span::styled(fit(" Moment", title_width), theme.muted)];
    for (i, s) in &shown {
        let style = if *i == session.views.owners.silo {
            theme.selection.patch(theme.silo(*i))
        } else {
            theme.silo(*i)
        };
        heading.push(Span::styled(fit(&format!(" {}", s.id), CELL), style));
    }
    heading.push(Span::styled(" findings", theme.muted));
    lines.push(Line::from(heading));

    let rows = rows(doc, session.views.owners.filter.as_ref());
    let focus = focus_row(&rows, doc, session);
    let room = visible_rows(body);
    for (r, row) in rows
        .iter()
        .enumerate()
        .skip(session.views.owners.offset)
        .take(room)
    {
        let focused = r == focus;
        match row {
            Row::Stage(s) => {
                let stage = &doc.ws.stages[*s];
                let style = if focused {
                    theme.selection
                } else {
                    theme.heading
                };
                let text = format!(" {} ({})", stage.name, doc.stage_len(&stage.id));
                lines.push(Line::styled(fit(&text, total_width), style));
            }
            Row::Moment(i) => {
                let m = &doc.ws.moments[*i];
                let row_style = if focused {
                    theme.card_focus
                } else {
                    Style::default()
                };
                let mut spans = vec![
                    Span::styled(format!(" {:<4}", m.id.as_str()), theme.id.patch(row_style)),
                    Span::styled(fit(&m.title, title_width.saturating_sub(5)), row_style),
                ];
                for (si, s) in &shown {
                    let role = m.owners.iter().find(|o| o.silo == s.id).map(|o| o.role);
                    let letter = role.map_or("·".to_owned(), |r| r.letter().to_string());
                    let mut style = match role {
                        Some(Role::Accountable) => theme.title,
                        Some(_) => Style::default(),
                        None => theme.muted,
                    };
                    if focused && *si == session.views.owners.silo {
                        style = theme.selection.add_modifier(ratatui::style::Modifier::BOLD);
                    } else if focused {
                        style = style.patch(row_style);
                    }
                    spans.push(Span::styled(fit(&format!("  {letter}"), CELL), style));
                }
                let flag = match m.accountable_count() {
                    0 => Span::styled(" ! no A", theme.warning),
                    1 if !m.owners.iter().any(|o| o.role == Role::Responsible) => {
                        Span::styled(" i no R", theme.info)
                    }
                    1 => Span::raw(""),
                    n => Span::styled(format!(" ! {n} A"), theme.warning),
                };
                spans.push(flag);
                lines.push(Line::from(spans));
            }
        }
    }
    // Totals: how many moments each silo answers for, and has any part in.
    while lines.len() < room + 1 {
        lines.push(Line::from(""));
    }
    let total = doc.ws.moments.len();
    let mut accountable = vec![Span::styled(
        fit(" Accountable for", title_width),
        theme.muted,
    )];
    let mut any = vec![Span::styled(fit(" Any part in", title_width), theme.muted)];
    for (_, s) in &shown {
        let (a, p) = doc
            .analysis()
            .silo_totals
            .get(&s.id)
            .copied()
            .unwrap_or((0, 0));
        let a_style = if a * 2 > total && total >= 4 {
            theme.warning
        } else {
            theme.title
        };
        let p_style = if p == 0 {
            theme.warning
        } else {
            Style::default()
        };
        accountable.push(Span::styled(fit(&format!(" {a:>3}"), CELL), a_style));
        any.push(Span::styled(fit(&format!(" {p:>3}"), CELL), p_style));
    }
    if silos.len() > shown.len() {
        let more = format!(" {} of {} silos (←/→)", shown.len(), silos.len());
        accountable.push(Span::styled(more, theme.muted));
    }
    lines.push(Line::from(accountable));
    lines.push(Line::from(any));
    frame.render_widget(Paragraph::new(lines), inner);
    // On the border: that rows lie above or below, and how many.
    let offset = session.views.owners.offset;
    let below = rows.len().saturating_sub(offset + room);
    for (count, text, y) in [
        (offset, "above", body.y),
        (below, "more below", body.bottom().saturating_sub(1)),
    ] {
        if count == 0 {
            continue;
        }
        let arrow = if y == body.y { "▲" } else { "▼" };
        let mark = format!(" {arrow} {count} {text} ");
        let w = (crate::ui::text::width(&mark) as u16).min(inner.width);
        frame.render_widget(
            Paragraph::new(mark).style(theme.key),
            Rect::new(body.right().saturating_sub(w + 1), y, w, 1),
        );
    }
}
