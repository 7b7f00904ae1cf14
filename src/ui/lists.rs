//! The Segments & propositions, Language and Plan views: lists of items with a detail
//! pane, edited through the same forms and undoable edits as the board.
//!
//! ```text
//! ┌ Plan ──────────────────────────────────────────────┐
//! │ A3  M7 Online checkout   SAL  2027-01-31  Open  ! overdue
//! └────────────────────────────────────────────────────┘
//! ```

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use crate::doc::Doc;
use crate::model::{Action as PlanAction, Experience, Term};

use super::session::Session;
use super::text::{fit, truncate, width, wrap};
use super::theme::Theme;

use super::views::{frame_block as block, offset};

/// Splits a body into a list (left) and a detail pane (right) when there is room.
fn split(inner: Rect) -> (Rect, Option<Rect>) {
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

// ---------------------------------------------------------------- Plan

/// Whether an open action is past its due date.
pub fn overdue(a: &PlanAction, today: &str) -> bool {
    a.status.is_open() && !a.due.is_empty() && a.due.as_str() < today
}

/// The actions shown: in moment (board) order, filtered to one silo when asked.
pub fn plan_rows<'d>(doc: &'d Doc, session: &Session) -> Vec<&'d PlanAction> {
    // The order is computed once per change; only the filter is per frame.
    doc.analysis()
        .plan_order
        .iter()
        .map(|&i| &doc.ws.actions[i])
        .filter(|a| session.plan_filter.is_none() || a.owner == session.plan_filter)
        .collect()
}

pub fn render_plan(frame: &mut Frame, body: Rect, doc: &Doc, session: &Session, theme: &Theme) {
    let title = match &session.plan_filter {
        Some(s) => format!(" Plan: actions owned by {s} (f: next silo) "),
        None => " Plan: actions by moment, owner, due date and status ".to_owned(),
    };
    let b = block(title, theme);
    let inner = b.inner(body);
    frame.render_widget(b, body);
    let rows = plan_rows(doc, session);
    let today = crate::clock::today();
    let overdue_count = doc.ws.actions.iter().filter(|a| overdue(a, &today)).count();
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
    let room = usize::from(inner.height).saturating_sub(2).max(1);
    let selected = session.plan_selected.min(rows.len() - 1);
    let w = usize::from(inner.width);
    for (i, a) in rows
        .iter()
        .enumerate()
        .skip(offset(selected, room))
        .take(room)
    {
        let style = theme.row(i == selected);
        let late = overdue(a, &today);
        let owner = a.owner.as_ref().map_or("—".to_owned(), |o| o.to_string());
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

// ---------------------------------------------------------------- Language

/// One entry of the shared vocabulary.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Word {
    /// A glossary term, by position in `ws.glossary`.
    Term(usize),
    /// A stage, by position in `ws.stages`.
    Stage(usize),
    /// A moment, by position in `ws.moments`.
    Moment(usize),
}

/// The vocabulary shown: glossary terms first, then stages and moments, matching the search.
pub fn language_rows(doc: &Doc, session: &Session) -> Vec<Word> {
    let q = session.language_query.to_lowercase();
    let hit = |texts: &[&str]| q.is_empty() || texts.iter().any(|t| t.to_lowercase().contains(&q));
    let ws = &doc.ws;
    let mut rows = Vec::new();
    for (i, t) in ws.glossary.iter().enumerate() {
        let mut texts: Vec<&str> = vec![&t.term, &t.definition];
        texts.extend(t.also_called.values().map(String::as_str));
        if hit(&texts) {
            rows.push(Word::Term(i));
        }
    }
    for (i, s) in ws.stages.iter().enumerate() {
        if hit(&[&s.name, &s.goal]) {
            rows.push(Word::Stage(i));
        }
    }
    // Moments are many; they join the vocabulary when searched for.
    if !q.is_empty() {
        for (i, m) in ws.moments.iter().enumerate() {
            if hit(&[&m.title, &m.description]) {
                rows.push(Word::Moment(i));
            }
        }
    }
    rows
}

fn term_detail(t: &Term, doc: &Doc) -> Vec<String> {
    let mut out = vec![t.term.clone(), String::new()];
    out.push(if t.definition.is_empty() {
        "No agreed definition yet.".into()
    } else {
        t.definition.clone()
    });
    if !t.also_called.is_empty() {
        out.push(String::new());
        out.push("What each silo calls it today:".into());
        for (silo, name) in &t.also_called {
            let silo_name = doc
                .ws
                .silo(silo)
                .map_or(String::new(), |s| format!(" ({})", s.name));
            out.push(format!("  {silo}{silo_name}: {name}"));
        }
    }
    out
}

pub fn render_language(frame: &mut Frame, body: Rect, doc: &Doc, session: &Session, theme: &Theme) {
    let title = if session.language_query.is_empty() {
        " Language: the shared vocabulary (/ searches) ".to_owned()
    } else {
        format!(
            " Language: “{}” (/ to change, Esc clears) ",
            session.language_query
        )
    };
    let b = block(title, theme);
    let inner = b.inner(body);
    frame.render_widget(b, body);
    let (list, detail) = split(inner);
    let rows = language_rows(doc, session);
    let ws = &doc.ws;
    let mut lines = Vec::new();
    if rows.is_empty() {
        let text = if session.language_query.is_empty() {
            " No terms yet. Press n to add a term the room agrees on, e.g. “Activation”."
        } else {
            " Nothing matches. Esc clears the search."
        };
        lines.push(Line::styled(text, theme.muted));
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), list);
        return;
    }
    let room = usize::from(list.height).saturating_sub(1).max(1);
    let selected = session.language_selected.min(rows.len() - 1);
    let w = usize::from(list.width);
    for (i, word) in rows
        .iter()
        .enumerate()
        .skip(offset(selected, room))
        .take(room)
    {
        let style = theme.row(i == selected);
        let (kind, name, text) = match word {
            Word::Term(t) => (
                "term ",
                ws.glossary[*t].term.clone(),
                ws.glossary[*t].definition.clone(),
            ),
            Word::Stage(s) => (
                "stage",
                ws.stages[*s].name.clone(),
                ws.stages[*s].goal.clone(),
            ),
            Word::Moment(m) => (
                "mom. ",
                ws.moments[*m].title.clone(),
                ws.moments[*m].description.clone(),
            ),
        };
        lines.push(Line::from(vec![
            Span::styled(format!(" {kind} "), theme.muted.patch(style)),
            Span::styled(fit(&name, 26), theme.title.patch(style)),
            Span::styled(
                fit(
                    &format!(" {}", text.replace('\n', " ")),
                    w.saturating_sub(33),
                ),
                style,
            ),
        ]));
    }
    lines.push(Line::styled(
        format!(" {} of {}", selected + 1, rows.len()),
        theme.muted,
    ));
    frame.render_widget(Paragraph::new(lines), list);
    if let Some(detail) = detail {
        let text: Vec<String> = match &rows[selected] {
            Word::Term(t) => term_detail(&ws.glossary[*t], doc),
            Word::Stage(s) => stage_detail(&ws.stages[*s]),
            Word::Moment(m) => {
                let m = &ws.moments[*m];
                vec![
                    format!("{} {}", m.id, m.title),
                    String::new(),
                    m.description.clone(),
                ]
            }
        };
        let lines: Vec<Line> = text.into_iter().map(Line::from).collect();
        frame.render_widget(
            Paragraph::new(lines).wrap(Wrap { trim: false }).block(
                Block::default()
                    .borders(Borders::LEFT)
                    .border_style(theme.border),
            ),
            detail,
        );
    }
}

/// A stage's details, for detail panes.
pub fn stage_detail(s: &crate::model::Stage) -> Vec<String> {
    let mut out = vec![format!("{} {}", s.id, s.name), String::new()];
    if !s.goal.is_empty() {
        out.push(format!("Goal: {}", s.goal));
    }
    if !s.entry_signals.is_empty() {
        out.push("Entry signals:".into());
        out.extend(s.entry_signals.iter().map(|e| format!("  • {e}")));
    }
    if !s.duration.is_empty() {
        out.push(format!("Duration: {}", s.duration));
    }
    if let Some(c) = s.complexity {
        out.push(format!("Complexity: {}", c.label()));
    }
    if s.repeats {
        out.push("Repeats: customers go through it more than once".into());
    }
    if !s.notes.is_empty() {
        out.push(String::new());
        out.push(s.notes.clone());
    }
    out
}

// ---------------------------------------------------------------- Segments & propositions

pub fn render_segments(frame: &mut Frame, body: Rect, doc: &Doc, session: &Session, theme: &Theme) {
    let b = block(
        " Segments & propositions: what we promise each segment ".into(),
        theme,
    );
    let inner = b.inner(body);
    frame.render_widget(b, body);
    let ws = &doc.ws;
    if ws.segments.is_empty() {
        frame.render_widget(
            Paragraph::new(
                " No segments yet. Press n to add a customer group; then p drafts its proposition.",
            )
            .style(theme.muted)
            .wrap(Wrap { trim: true }),
            inner,
        );
        return;
    }
    let selected = session.segments_selected.min(ws.segments.len() - 1);
    let list_height = (ws.segments.len() as u16 + 1).min(inner.height / 3).max(2);
    let mut lines = Vec::new();
    let room = usize::from(list_height).saturating_sub(1).max(1);
    for (i, g) in ws
        .segments
        .iter()
        .enumerate()
        .skip(offset(selected, room))
        .take(room)
    {
        let style = theme.row(i == selected);
        // Counted once per change, not per frame: a workshop can have 10,000 moments.
        let ratings = doc
            .analysis()
            .segment_ratings
            .get(i)
            .copied()
            .unwrap_or_default();
        let rated: usize = ratings.iter().sum();
        let count = |e: Experience| ratings[crate::doc::rating_slot(e)];
        let has_prop = ws.propositions.iter().any(|p| p.segment == g.id);
        lines.push(Line::from(vec![
            Span::styled(format!(" {:<4}", g.id.as_str()), theme.id.patch(style)),
            Span::styled(fit(&g.name, 24), theme.title.patch(style)),
            Span::styled(
                fit(
                    &format!(" value {}", g.value.map_or("—", |v| v.label())),
                    14,
                ),
                style,
            ),
            Span::styled(
                fit(
                    &format!(
                        " rated {}: ✗{} ~{} ✓{} ?{}",
                        rated,
                        count(Experience::Bad),
                        count(Experience::Neutral),
                        count(Experience::Good),
                        count(Experience::Unknown)
                    ),
                    26,
                ),
                style,
            ),
            Span::styled(
                match (has_prop, inner.width >= 90) {
                    (true, true) => " proposition ✓",
                    (true, false) => " prop. ✓",
                    (false, true) => " no proposition: p",
                    (false, false) => " no prop.: p",
                },
                if has_prop {
                    theme.good.patch(style)
                } else {
                    theme.warning.patch(style)
                },
            ),
        ]));
    }
    lines.push(Line::styled(
        format!(
            " {} of {} · Enter edits the segment, p its proposition",
            selected + 1,
            ws.segments.len()
        ),
        theme.muted,
    ));
    frame.render_widget(
        Paragraph::new(lines),
        Rect::new(inner.x, inner.y, inner.width, list_height),
    );
    let g = &ws.segments[selected];
    let detail = Rect::new(
        inner.x,
        inner.y + list_height,
        inner.width,
        inner.height.saturating_sub(list_height),
    );
    let mut text: Vec<Line> = vec![Line::styled(
        format!(
            " {} — {}",
            g.name,
            if g.needs.is_empty() {
                "needs not written yet"
            } else {
                &g.needs
            }
        ),
        theme.heading,
    )];
    for (label, value) in [("Behaviours", &g.behaviours), ("Attitudes", &g.attitudes)] {
        if !value.is_empty() {
            text.push(Line::from(vec![
                Span::styled(format!(" {label}: "), theme.muted),
                Span::raw(truncate(
                    &value.replace('\n', " "),
                    usize::from(inner.width).saturating_sub(14),
                )),
            ]));
        }
    }
    text.push(Line::from(""));
    match ws.propositions.iter().find(|p| p.segment == g.id) {
        None => text.push(Line::styled(
            " No proposition yet: press p to draft one in seven dimensions.",
            theme.muted,
        )),
        Some(p) => {
            for (label, value) in p.dimensions() {
                let value = if value.is_empty() {
                    "—".to_owned()
                } else {
                    value.replace('\n', " ⏎ ")
                };
                labelled(
                    &mut text,
                    Span::styled(fit(&format!(" {label}"), 25), theme.key),
                    &value,
                    detail.width,
                );
            }
        }
    }
    // Which moments are rated for the segment, and how: the bad ones first.
    text.push(Line::from(""));
    text.push(Line::styled(
        format!(" How {} experience the moments today", g.name),
        theme.heading,
    ));
    let analysis = doc.analysis();
    let counts = analysis
        .segment_ratings
        .get(selected)
        .copied()
        .unwrap_or_default();
    let listed = analysis.segment_moments.get(selected);
    if counts.iter().sum::<usize>() == 0 {
        text.push(Line::styled(
            " No moment is rated for this segment yet: rate them in the moment editor or the Experience view (4).",
            theme.muted,
        ));
    }
    // The labels share a width so the lists line up.
    let label_w = Experience::ALL
        .iter()
        .map(|e| width(&rating_label(*e, counts[crate::doc::rating_slot(*e)])))
        .max()
        .unwrap_or(0);
    for e in Experience::ALL {
        let slot = crate::doc::rating_slot(e);
        let Some(ids) = listed.map(|l| &l[slot]).filter(|l| !l.is_empty()) else {
            continue;
        };
        let names: Vec<String> = ids
            .iter()
            .filter_map(|&i| ws.moments.get(i))
            .map(|m| format!("{} {}", m.id, m.title))
            .collect();
        let more = counts[slot].saturating_sub(names.len());
        let more = if more > 0 {
            format!(" · and {more} more")
        } else {
            String::new()
        };
        labelled(
            &mut text,
            Span::styled(
                fit(&rating_label(e, counts[slot]), label_w),
                theme.experience(e),
            ),
            &format!("{}{more}", names.join(" · ")),
            detail.width,
        );
    }
    frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: false }), detail);
}

fn rating_label(e: Experience, count: usize) -> String {
    format!(" {} {} {count}: ", e.symbol(), e.label().to_lowercase())
}

/// A label and its text, the text wrapped at words beside the label (a hanging indent)
/// rather than under it.
fn labelled(lines: &mut Vec<Line<'static>>, label: Span<'static>, body: &str, area_w: u16) {
    let label_w = width(&label.content);
    let body_w = usize::from(area_w).saturating_sub(label_w + 1).max(10);
    let parts = wrap(body, body_w, usize::MAX);
    if parts.is_empty() {
        lines.push(Line::from(label));
        return;
    }
    for (i, part) in parts.into_iter().enumerate() {
        let head = if i == 0 {
            label.clone()
        } else {
            Span::raw(" ".repeat(label_w))
        };
        lines.push(Line::from(vec![head, Span::raw(part)]));
    }
}

// ---------------------------------------------------------------- Parking lot

pub fn render_parking(frame: &mut Frame, body: Rect, doc: &Doc, session: &Session, theme: &Theme) {
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
    let selected = session.parking_selected.min(items.len() - 1);
    for (i, text) in items
        .iter()
        .enumerate()
        .skip(offset(selected, room))
        .take(room)
    {
        let style = theme.row(i == selected);
        lines.push(Line::styled(
            fit(&format!(" {:>3}. {text}", i + 1), usize::from(inner.width)),
            style,
        ));
    }
    lines.push(Line::styled(
        format!(" {} of {}", selected + 1, items.len()),
        theme.muted,
    ));
    frame.render_widget(Paragraph::new(lines), inner);
}

/// What is still open from earlier sessions: open and overdue actions, parked items,
/// ownership gaps. Empty when there is nothing to carry over.
pub fn since_last_session(doc: &Doc, today: &str) -> Vec<String> {
    let ws = &doc.ws;
    let open: Vec<&PlanAction> = ws.actions.iter().filter(|a| a.status.is_open()).collect();
    if open.is_empty() && ws.parking_lot.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    if !open.is_empty() {
        let late = open.iter().filter(|a| overdue(a, today)).count();
        out.push(format!(
            "{} open action{}{} (8 shows the plan)",
            open.len(),
            if open.len() == 1 { "" } else { "s" },
            if late > 0 {
                format!(", {late} overdue")
            } else {
                String::new()
            }
        ));
        for a in open.iter().filter(|a| overdue(a, today)).take(3) {
            out.push(format!(
                "  ! {} due {}: {}",
                a.id,
                a.due,
                truncate(&a.what, 40)
            ));
        }
    }
    if !ws.parking_lot.is_empty() {
        out.push(format!(
            "{} item{} in the parking lot (0 shows them)",
            ws.parking_lot.len(),
            if ws.parking_lot.len() == 1 { "" } else { "s" }
        ));
    }
    let gaps = ws
        .moments
        .iter()
        .filter(|m| m.accountable_count() != 1)
        .count();
    if gaps > 0 {
        out.push(format!(
            "{gaps} moment{} without exactly one Accountable silo (2 shows owners)",
            if gaps == 1 { "" } else { "s" }
        ));
    }
    out
}
