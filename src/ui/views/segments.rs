//! The Segments view, the strategist's desk: each customer segment with its value,
//! behaviours, attitudes and needs, its proposition, and how its moments are rated; or
//! (`c`) every segment side by side, one column each, to compare at a glance.
//!
//! ```text
//! segment side by side   G1 Young families     G2 Home workers      G3 Students…
//! Value                  High                  High                 Low
//! Needs                  A fair price, no      A line that holds    Short contracts
//!                        surprises             all day
//! Price                  …                     …                    …
//! ```

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::doc::Doc;
use crate::input::Action;
use crate::model::{Experience, ItemKey, Proposition};

use super::super::editors::{self, FormTarget};
use super::super::overlays::Overlay;
use ratatui::style::Style;

use super::super::text::{cut_words, fit, truncate, width, word_lines, wrap};
use super::super::theme::Theme;
use super::super::{Cx, Session, View};
use super::{Offer, RenderCx, ViewPart, frame_block as block, move_in_list, offset};

#[derive(Clone, Debug, Default)]
pub struct State {
    pub selected: usize,
    /// Every segment side by side, rather than the selected one in detail.
    pub compare: bool,
}

pub struct Segments;

const OFFERS: &[Offer] = &list_offers![
    Offer::named(Action::NewItem, "new", "Add a customer segment"),
    Offer::named(Action::Edit, "edit", "Edit the selected segment"),
    Offer::plain(Action::EditProposition),
    Offer::named(Action::Delete, "delete", "Delete the selected segment (asks first)"),
    Offer::plain(Action::CompareSegments),
    Offer::named(Action::Back, "one by one", "Back from side by side to one segment in detail"),
];

impl ViewPart for Segments {
    fn view(&self) -> View {
        View::Segments
    }

    fn offers(&self) -> &'static [Offer] {
        OFFERS
    }

    fn footer(&self, _doc: &Doc, _session: &Session) -> Vec<Action> {
        vec![
            Action::NewItem,
            Action::Edit,
            Action::EditProposition,
            Action::CompareSegments,
            Action::Delete,
            Action::Undo,
            Action::NextView,
            Action::Help,
            Action::Quit,
        ]
    }

    fn act(&self, cx: &mut Cx, action: Action) -> bool {
        let selected = cx.doc.ws.segments.get(cx.session.views.segments.selected).cloned();
        match action {
            Action::NewItem => {
                cx.open(Overlay::form(FormTarget::Segment(None), editors::segment_form(None)));
            }
            Action::Edit => {
                if let Some(g) = selected {
                    let form = editors::segment_form(Some(&g));
                    cx.open(Overlay::form(FormTarget::Segment(Some(g.id.clone())), form));
                }
            }
            Action::EditProposition => match selected {
                Some(g) => {
                    let form = editors::proposition_form(&cx.doc.ws, &g);
                    cx.open(Overlay::form(FormTarget::Proposition(g.id.clone()), form));
                }
                None => cx.say("Select a segment in the Segments view first"),
            },
            Action::CompareSegments => {
                let compare = !cx.session.views.segments.compare;
                cx.session.views.segments.compare = compare;
                cx.say(if compare {
                    "Every segment side by side: c again (or Esc) shows one in detail"
                } else {
                    "One segment in detail"
                });
            }
            Action::Back => cx.session.views.segments.compare = false,
            Action::Delete => match selected {
                Some(g) => cx.ask_delete(
                    ItemKey::Segment(g.id.clone()),
                    &format!("segment {} {}", g.id, g.name),
                ),
                None => cx.say("Nothing to delete here"),
            },
            _ => {
                let len = cx.doc.ws.segments.len();
                let height = cx.session.size.1;
                move_in_list(&mut cx.session.views.segments.selected, height, len, action);
            }
        }
        true
    }

    fn word(&self, _doc: &Doc, session: &Session, offer: &Offer) -> &'static str {
        match offer.action {
            Action::CompareSegments if session.views.segments.compare => "one by one",
            _ => offer.word(),
        }
    }

    fn render(&self, frame: &mut Frame, body: Rect, doc: &Doc, session: &Session, cx: &RenderCx) {
        let theme = cx.theme;
        if session.views.segments.compare && !doc.ws.segments.is_empty() {
            side_by_side(frame, body, doc, session, theme);
            return;
        }
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
        let selected = session.views.segments.selected.min(ws.segments.len() - 1);
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
}

/// Every segment as a column: its value, behaviours, attitudes and needs, then its
/// proposition's seven dimensions, each cell wrapped at words. Rows share the height:
/// when everything does not fit, the longest cells give up lines first (cut with `…`).
/// Columns that do not fit scroll with the selection.
fn side_by_side(frame: &mut Frame, body: Rect, doc: &Doc, session: &Session, theme: &Theme) {
    let ws = &doc.ws;
    let b = block(
        " Segments side by side: what each is, what we promise it (c: one by one) ".into(),
        theme,
    );
    let inner = b.inner(body);
    frame.render_widget(b, body);
    let empty = Proposition::default();
    let mut rows: Vec<(&str, Vec<String>)> = vec![
        (
            "Value",
            ws.segments
                .iter()
                .map(|g| g.value.map_or(String::new(), |v| v.label().to_owned()))
                .collect(),
        ),
        ("Behaviours", ws.segments.iter().map(|g| g.behaviours.clone()).collect()),
        ("Attitudes", ws.segments.iter().map(|g| g.attitudes.clone()).collect()),
        ("Needs", ws.segments.iter().map(|g| g.needs.clone()).collect()),
    ];
    for (d, (label, _)) in empty.dimensions().iter().enumerate() {
        rows.push((
            label,
            ws.segments
                .iter()
                .map(|g| {
                    let p = ws.propositions.iter().find(|p| p.segment == g.id);
                    p.unwrap_or(&empty).dimensions()[d].1.to_owned()
                })
                .collect(),
        ));
    }
    let label_w = rows.iter().map(|(l, _)| width(l)).max().unwrap_or(0) + 2;
    let total = usize::from(inner.width);
    let n = ws.segments.len();
    // Columns of at least 18: as many as fit, starting so the selected one shows.
    let fit_n = (total.saturating_sub(label_w) / 18).clamp(1, n);
    let selected = session.views.segments.selected.min(n - 1);
    let first = selected.saturating_sub(fit_n - 1);
    let col_w = total.saturating_sub(label_w) / fit_n;
    let cell_w = col_w.saturating_sub(2).max(1);
    let shown = first..(first + fit_n).min(n);
    // Heights: what each row needs, then the tallest give way until the table fits.
    let room = usize::from(inner.height).saturating_sub(2);
    let needed: Vec<usize> = rows
        .iter()
        .map(|(_, cells)| {
            cells[shown.clone()]
                .iter()
                .map(|c| wrap(&one_line(c), cell_w, usize::MAX).len().max(1))
                .max()
                .unwrap_or(1)
        })
        .collect();
    let mut heights = needed.clone();
    while heights.iter().sum::<usize>() > room {
        let Some((i, _)) = heights.iter().enumerate().filter(|(_, h)| **h > 1).max_by_key(|(_, h)| **h) else {
            break;
        };
        heights[i] -= 1;
    }
    let mut lines = Vec::new();
    let mut head = vec![Span::styled(fit(" segment", label_w), theme.muted)];
    for i in shown.clone() {
        let g = &ws.segments[i];
        let style = theme.title.patch(theme.row(i == selected));
        head.push(Span::styled(
            fit(&format!(" {} {}", g.id, g.name), col_w),
            style,
        ));
    }
    lines.push(Line::from(head));
    for ((label, cells), height) in rows.iter().zip(&heights) {
        let parts: Vec<Vec<String>> = cells[shown.clone()]
            .iter()
            .map(|c| {
                let text = one_line(c);
                if text.trim().is_empty() {
                    vec!["—".to_owned()]
                } else {
                    word_lines(&text, cell_w, *height)
                }
            })
            .collect();
        for row in 0..*height {
            let label = if row == 0 {
                format!(" {label}")
            } else {
                String::new()
            };
            let mut spans = vec![Span::styled(fit(&label, label_w), theme.key)];
            for cell in &parts {
                let text = cell.get(row).map_or("", String::as_str);
                let style = if text == "—" {
                    theme.muted
                } else {
                    Style::default()
                };
                spans.push(Span::styled(fit(&format!(" {text}"), col_w), style));
            }
            lines.push(Line::from(spans));
        }
    }
    frame.render_widget(Paragraph::new(lines), inner);
    let footer = if fit_n < n {
        format!(
            " segments {}–{} of {n} · ↑/↓ for more · Enter edits the selected one, p its proposition",
            first + 1,
            first + fit_n
        )
    } else {
        " Enter edits the selected segment, p its proposition · ↑/↓ selects".to_owned()
    };
    frame.render_widget(
        Paragraph::new(Line::styled(
            format!(" {}", cut_words(footer.trim_start(), total.saturating_sub(1))),
            theme.muted,
        )),
        Rect::new(inner.x, inner.y + inner.height.saturating_sub(1), inner.width, 1.min(inner.height)),
    );
}

/// A cell's text on one line: its own lines (standards are often a list) joined by ` · `.
fn one_line(text: &str) -> String {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" · ")
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

