//! The silo, segment and competitor lists: add, edit and delete the functions of the
//! organisation, the customer groups and the competitors from anywhere. Another participant may delete rows under an open
//! list: the selection is clamped to a row that exists, never trusted.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Clear, Paragraph, Wrap};

use crate::input::Action;
use crate::model::{ItemKey, Role, Standing};

use super::super::editors::{self, FormTarget};
use super::super::text::fit;
use super::super::{Cx, policy};
use super::{DrawCx, ListKind, Outcome, Overlay, centered, panel};

/// `action`: what the key means in the lists' key table.
pub fn key(cx: &mut Cx, kind: ListKind, selected: usize, action: Option<Action>) -> Outcome {
    let len = match kind {
        ListKind::Silos => cx.doc.ws.silos.len(),
        ListKind::Segments => cx.doc.ws.segments.len(),
        ListKind::Competitors => cx.doc.ws.competitors.len(),
    };
    // Someone else may have deleted rows since this list was drawn: stay on one that exists.
    let selected = selected.min(len.saturating_sub(1));
    let keep = |cx: &mut Cx, selected: usize| cx.open(Overlay::List { kind, selected });
    let view_only = policy::view_only(cx.session);
    match action {
        Some(Action::No) => {}
        Some(Action::NewItem | Action::Delete) if view_only.is_some() => {
            keep(cx, selected);
            cx.warn(view_only.unwrap_or_default());
        }
        Some(Action::Up) => keep(cx, selected.saturating_sub(1)),
        Some(Action::Down) => keep(cx, (selected + 1).min(len.saturating_sub(1))),
        Some(Action::NewItem) => {
            keep(cx, selected);
            let (target, form) = match kind {
                ListKind::Silos => (FormTarget::Silo(None), editors::silo_form(&cx.doc.ws, None)),
                ListKind::Segments => (FormTarget::Segment(None), editors::segment_form(None)),
                ListKind::Competitors => {
                    (FormTarget::Competitor(None), editors::competitor_form(None))
                }
            };
            cx.open(Overlay::Form { target, form });
        }
        Some(Action::Edit) if len > 0 => {
            keep(cx, selected);
            let (target, form) = match kind {
                ListKind::Silos => {
                    let s = &cx.doc.ws.silos[selected];
                    (
                        FormTarget::Silo(Some(s.id.clone())),
                        editors::silo_form(&cx.doc.ws, Some(s)),
                    )
                }
                ListKind::Segments => {
                    let g = &cx.doc.ws.segments[selected];
                    (
                        FormTarget::Segment(Some(g.id.clone())),
                        editors::segment_form(Some(g)),
                    )
                }
                ListKind::Competitors => {
                    let c = &cx.doc.ws.competitors[selected];
                    (
                        FormTarget::Competitor(Some(c.id.clone())),
                        editors::competitor_form(Some(c)),
                    )
                }
            };
            cx.open(Overlay::Form { target, form });
        }
        Some(Action::Delete) if len > 0 => {
            keep(cx, selected);
            let (key, name) = match kind {
                ListKind::Silos => {
                    let s = &cx.doc.ws.silos[selected];
                    (
                        ItemKey::Silo(s.id.clone()),
                        format!("silo {} {}", s.id, s.name),
                    )
                }
                ListKind::Segments => {
                    let g = &cx.doc.ws.segments[selected];
                    (
                        ItemKey::Segment(g.id.clone()),
                        format!("segment {} {}", g.id, g.name),
                    )
                }
                ListKind::Competitors => {
                    let c = &cx.doc.ws.competitors[selected];
                    (
                        ItemKey::Competitor(c.id.clone()),
                        format!("competitor {} {}", c.id, c.name),
                    )
                }
            };
            cx.ask_delete(key, &name);
        }
        _ => keep(cx, selected),
    }
    Outcome::Done
}

pub fn render(frame: &mut Frame, body: Rect, kind: ListKind, selected: usize, cx: &DrawCx) {
    let (doc, theme) = (cx.doc, cx.theme);
    let (title, rows, empty): (&str, Vec<String>, &str) = match kind {
        ListKind::Silos => (
            "Silos",
            doc.ws
                .silos
                .iter()
                .map(|s| {
                    let owned = doc
                        .ws
                        .moments
                        .iter()
                        .filter(|m| {
                            m.owners
                                .iter()
                                .any(|o| o.silo == s.id && o.role == Role::Accountable)
                        })
                        .count();
                    let lead = if s.lead.is_empty() {
                        String::new()
                    } else {
                        format!(" · lead {}", s.lead)
                    };
                    format!(
                        "{:<6} {}{lead} · accountable for {owned}",
                        s.id.as_str(),
                        s.name
                    )
                })
                .collect(),
            "No silos yet: press n to add Sales, Service, Billing…",
        ),
        ListKind::Segments => (
            "Segments",
            doc.ws
                .segments
                .iter()
                .map(|g| {
                    let value = g
                        .value
                        .map(|v| format!(" · value {}", v.label()))
                        .unwrap_or_default();
                    format!("{:<4} {}{value}", g.id.as_str(), g.name)
                })
                .collect(),
            "No segments yet: press n to add a customer group",
        ),
        ListKind::Competitors => (
            "Competitors",
            doc.ws
                .competitors
                .iter()
                .map(|c| {
                    let ahead = doc
                        .ws
                        .moments
                        .iter()
                        .filter(|m| m.versus.get(&c.id) == Some(&Standing::Ahead))
                        .count();
                    format!("{:<4} {} · ahead of us at {ahead}", c.id.as_str(), c.name)
                })
                .collect(),
            "No competitors yet: press n to add one the room compares itself with",
        ),
    };
    let rect = centered(body, 70, rows.len().max(1) as u16 + 4);
    frame.render_widget(Clear, rect);
    let block = panel(title, theme);
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    if rows.is_empty() {
        frame.render_widget(
            Paragraph::new(empty)
                .style(theme.muted)
                .wrap(Wrap { trim: true }),
            inner,
        );
        return;
    }
    let room = usize::from(inner.height.saturating_sub(1)).max(1);
    // Rows may have gone since the selection was made.
    let selected = selected.min(rows.len() - 1);
    let offset = selected.saturating_sub(room - 1);
    let mut lines: Vec<Line> = rows
        .iter()
        .enumerate()
        .skip(offset)
        .take(room)
        .map(|(i, r)| {
            let style = theme.row(i == selected);
            Line::styled(fit(&format!(" {r}"), usize::from(inner.width)), style)
        })
        .collect();
    lines.push(Line::styled(
        format!(" {} of {}", selected + 1, rows.len()),
        theme.muted,
    ));
    frame.render_widget(Paragraph::new(lines), inner);
}
