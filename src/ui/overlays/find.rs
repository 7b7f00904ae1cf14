//! The find overlay (`/`): anything in the workshop (moments, stages, silos, segments,
//! terms, actions, parked items, agenda items) found by its id or its words, narrowing
//! as one types; Enter hands the chosen item back to the dispatcher, which goes there.
//! Knows the document only; where an item is shown is the actions' business.
//!
//! ```text
//! ╔ Find: type an id or words ════════════════════════════════╗
//! ║ / m12                                                      ║
//! ║  M12   moment   Books the first appointment · Booking      ║
//! ║  M1    moment   Finds the clinic online · Discover         ║
//! ║                                               2 of 61      ║
//! ╚════════════════════════════════════════════════════════════╝
//! ```

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};

use crate::doc::Doc;
use crate::input::{Key, KeyCode};
use crate::model::{ActionId, AgendaId, MomentId, ParkedId, SegmentId, SiloId, StageId, Workspace};

use super::super::form::Form;
use super::super::text::{fit, truncate, width};
use super::super::{Cx, theme::Theme};
use super::{DrawCx, Outcome, Overlay, centered, panel};

/// Something that can be found, by what stays true of it while the overlay is open: its
/// id, or a term's own words (terms have no id), so it is found again if someone else
/// changed the list meanwhile.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Found {
    Moment(MomentId),
    Stage(StageId),
    Silo(SiloId),
    Segment(SegmentId),
    Term(String),
    Action(ActionId),
    Parked(ParkedId),
    Agenda(AgendaId),
}

/// One line of the list: what it is, its id (empty when it has none) and its words.
#[derive(Clone, Debug)]
pub struct Entry {
    pub found: Found,
    pub kind: &'static str,
    pub id: String,
    pub text: String,
    /// Where it is, shown muted after the text (a moment's stage, an action's moment).
    pub place: String,
    /// Whether `place` is words to find it by too (what the silos call a term), rather
    /// than only where it is (which would make “m1” find every moment of “10 min”).
    pub place_is_words: bool,
}

/// What a query found, kept with the overlay so a frame draws it without gathering and
/// matching everything again; made anew when the query or the document changes (the
/// dispatcher's settle step sees to edits by others and to pasted text).
#[derive(Clone, Debug)]
pub struct Hits {
    revision: u64,
    query: String,
    entries: Vec<Entry>,
    /// Indexes into `entries`, best first.
    found: Vec<usize>,
}

impl Hits {
    pub fn new(doc: &Doc, query: &str) -> Hits {
        let entries = entries(&doc.ws);
        let found = matches(query, &entries);
        Hits {
            revision: doc.revision,
            query: query.to_owned(),
            entries,
            found,
        }
    }

    /// Whether these are still what `query` finds in `doc`.
    pub fn holds(&self, doc: &Doc, query: &str) -> bool {
        self.revision == doc.revision && self.query == query
    }

    /// Makes them anew unless they still hold.
    pub fn refresh(&mut self, doc: &Doc, query: &str) {
        if !self.holds(doc, query) {
            *self = Hits::new(doc, query);
        }
    }

    /// The matches, best first.
    pub fn found(&self) -> impl Iterator<Item = &Entry> {
        self.found.iter().map(|&i| &self.entries[i])
    }

    pub fn len(&self) -> usize {
        self.found.len()
    }

    pub fn is_empty(&self) -> bool {
        self.found.is_empty()
    }
}

/// Everything findable, in the order an empty query lists it: the journey first.
pub fn entries(ws: &Workspace) -> Vec<Entry> {
    let mut out = Vec::new();
    let stage_name = |id: &StageId| ws.stage(id).map(|s| s.name.clone()).unwrap_or_default();
    for m in &ws.moments {
        out.push(Entry {
            found: Found::Moment(m.id.clone()),
            kind: "moment",
            id: m.id.to_string(),
            text: m.title.clone(),
            place: stage_name(&m.stage),
            place_is_words: false,
        });
    }
    for s in &ws.stages {
        out.push(Entry {
            found: Found::Stage(s.id.clone()),
            kind: "stage",
            id: s.id.to_string(),
            text: s.name.clone(),
            place: s.goal.clone(),
            place_is_words: false,
        });
    }
    for s in &ws.silos {
        out.push(Entry {
            found: Found::Silo(s.id.clone()),
            kind: "silo",
            id: s.id.to_string(),
            text: s.name.clone(),
            place: s.lead.clone(),
            place_is_words: false,
        });
    }
    for g in &ws.segments {
        out.push(Entry {
            found: Found::Segment(g.id.clone()),
            kind: "segment",
            id: g.id.to_string(),
            text: g.name.clone(),
            place: String::new(),
            place_is_words: false,
        });
    }
    for t in &ws.glossary {
        // What the silos call it is found too: someone says “go-live”, not “Activation”.
        let called: Vec<&str> = t.also_called.values().map(String::as_str).collect();
        out.push(Entry {
            found: Found::Term(t.term.clone()),
            kind: "term",
            id: String::new(),
            text: t.term.clone(),
            place: called.join(", "),
            place_is_words: true,
        });
    }
    for a in &ws.actions {
        out.push(Entry {
            found: Found::Action(a.id.clone()),
            kind: "action",
            id: a.id.to_string(),
            text: a.what.clone(),
            place: a.moment.to_string(),
            place_is_words: false,
        });
    }
    for parked in &ws.parking_lot {
        out.push(Entry {
            found: Found::Parked(parked.id.clone()),
            kind: "parked",
            id: parked.id.to_string(),
            text: parked.text.clone(),
            place: String::new(),
            place_is_words: false,
        });
    }
    for item in &ws.agenda {
        out.push(Entry {
            found: Found::Agenda(item.id.clone()),
            kind: "agenda",
            id: item.id.to_string(),
            text: item.title.clone(),
            place: format!("{} min", item.minutes),
            place_is_words: false,
        });
    }
    out
}

/// The entries matching `query`, best first, as indexes into `entries`. An empty query
/// keeps them all in order. An id typed whole comes first (“M12” before “M1 … 2”), then
/// ids that begin with it (“m1”: M1, then M10…M19), then fuzzy matches on the id and the
/// words, as the palette matches commands.
pub fn matches(query: &str, entries: &[Entry]) -> Vec<usize> {
    let query = query.trim();
    if query.is_empty() {
        return (0..entries.len()).collect();
    }
    let pattern = Pattern::parse(query, CaseMatching::Ignore, Normalization::Smart);
    let mut matcher = Matcher::new(Config::DEFAULT);
    let mut buf = Vec::new();
    let mut scored: Vec<(usize, u32)> = entries
        .iter()
        .enumerate()
        .filter_map(|(i, e)| {
            let haystack = if e.place_is_words {
                format!("{} {} {}", e.id, e.text, e.place)
            } else {
                format!("{} {}", e.id, e.text)
            };
            let score = pattern.score(Utf32Str::new(&haystack, &mut buf), &mut matcher)?;
            let id = e.id.to_lowercase();
            let query = query.to_lowercase();
            let score = if id.is_empty() {
                score
            } else if id == query {
                u32::MAX
            } else if id.starts_with(&query) {
                u32::MAX / 2 + score
            } else {
                score
            };
            Some((i, score))
        })
        .collect();
    // Stable: equal scores keep the journey's order.
    scored.sort_by_key(|&(_, s)| std::cmp::Reverse(s));
    scored.into_iter().map(|(i, _)| i).collect()
}

/// A key in the find overlay: typing narrows, arrows choose, Enter goes there.
pub fn key(
    cx: &mut Cx,
    mut query: Form,
    selected: usize,
    mut hits: Box<Hits>,
    key: Key,
) -> Outcome {
    hits.refresh(cx.doc, &query.fields[0].value());
    match key.code {
        KeyCode::Esc => Outcome::Done,
        KeyCode::Enter => {
            if let Some(e) = hits.found().nth(selected) {
                Outcome::Find(e.found.clone())
            } else {
                // Nothing to go to: stay open, so the query can be mended.
                cx.open(Overlay::Find {
                    query,
                    selected,
                    hits,
                });
                Outcome::Done
            }
        }
        KeyCode::Down | KeyCode::Tab | KeyCode::PageDown => {
            let step = if key.code == KeyCode::PageDown { 10 } else { 1 };
            let selected = (selected + step).min(hits.len().saturating_sub(1));
            cx.open(Overlay::Find {
                query,
                selected,
                hits,
            });
            Outcome::Done
        }
        KeyCode::Up | KeyCode::BackTab | KeyCode::PageUp => {
            let step = if key.code == KeyCode::PageUp { 10 } else { 1 };
            let selected = selected.saturating_sub(step);
            cx.open(Overlay::Find {
                query,
                selected,
                hits,
            });
            Outcome::Done
        }
        _ => {
            query.key(key);
            hits.refresh(cx.doc, &query.fields[0].value());
            cx.open(Overlay::Find {
                query,
                selected: 0,
                hits,
            });
            Outcome::Done
        }
    }
}

/// The query line, then the matches with the chosen one highlighted, then how many.
pub fn render(
    frame: &mut Frame,
    body: Rect,
    (query, selected, hits): (&Form, usize, &Hits),
    cx: &DrawCx,
) {
    let theme = cx.theme;
    let text = query.fields[0].value();
    // Settling keeps them fresh; a frame drawn without it still shows the truth.
    let fresh;
    let hits = if hits.holds(cx.doc, &text) {
        hits
    } else {
        fresh = Hits::new(cx.doc, &text);
        &fresh
    };
    let found: Vec<&Entry> = hits.found().collect();
    let rect = centered(body, body.width.saturating_sub(8).clamp(40, 100), 20);
    frame.render_widget(Clear, rect);
    let block = panel("Find: type an id or words", theme);
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    if let Some(ta) = query.fields[0].textarea() {
        frame.render_widget(
            Paragraph::new(Span::styled("/ ", theme.key)),
            Rect::new(inner.x, inner.y, 2, 1),
        );
        frame.render_widget(
            ta,
            Rect::new(inner.x + 2, inner.y, inner.width.saturating_sub(2), 1),
        );
    }
    let room = usize::from(inner.height.saturating_sub(2));
    let selected = selected.min(found.len().saturating_sub(1));
    let first = selected.saturating_sub(room.saturating_sub(1));
    let id_w = found.iter().map(|e| width(&e.id)).max().unwrap_or(0).min(8);
    let mut lines = Vec::new();
    if found.is_empty() {
        lines.push(Line::styled(
            truncate(
                &format!(" Nothing matches “{}”", text.trim()),
                usize::from(inner.width),
            ),
            theme.muted,
        ));
    }
    for (row, e) in found.iter().enumerate().skip(first).take(room) {
        lines.push(entry_line(e, row == selected, id_w, inner.width, theme));
    }
    frame.render_widget(
        Paragraph::new(lines),
        Rect::new(inner.x, inner.y + 1, inner.width, room as u16),
    );
    if !found.is_empty() {
        let count = format!("{} of {} ", selected + 1, found.len());
        let w = width(&count) as u16;
        frame.render_widget(
            Paragraph::new(Span::styled(count, theme.muted)),
            Rect::new(
                inner.x + inner.width.saturating_sub(w),
                inner.y + inner.height.saturating_sub(1),
                w.min(inner.width),
                1,
            ),
        );
    }
}

/// ` M12   moment   Books the first appointment · Booking`, cut to `width` columns.
fn entry_line(e: &Entry, chosen: bool, id_w: usize, width: u16, theme: &Theme) -> Line<'static> {
    let style = theme.row(chosen);
    let head = format!(" {} {} ", fit(&e.id, id_w), fit(e.kind, 7));
    let room = usize::from(width).saturating_sub(super::super::text::width(&head));
    let text_w = super::super::text::width(&e.text);
    let mut spans = vec![
        Span::styled(head, theme.muted.patch(style)),
        Span::styled(truncate(&e.text, room), style),
    ];
    let left = room.saturating_sub(text_w);
    if !e.place.is_empty() && left > 4 {
        spans.push(Span::styled(
            truncate(&format!(" · {}", e.place), left),
            theme.muted.patch(style),
        ));
    }
    Line::from(spans)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(query: &str, ws: &Workspace) -> Vec<(String, String)> {
        let all = entries(ws);
        matches(query, &all)
            .into_iter()
            .map(|i| (all[i].kind.to_owned(), all[i].id.clone()))
            .collect()
    }

    #[test]
    fn an_id_typed_whole_comes_first() {
        let ws = crate::templates::demo();
        let hits = found("m12", &ws);
        assert_eq!(hits[0], ("moment".to_owned(), "M12".to_owned()));
        let hits = found("S2", &ws);
        assert_eq!(hits[0], ("stage".to_owned(), "S2".to_owned()));
    }

    #[test]
    fn words_find_every_kind() {
        let ws = crate::templates::demo();
        let all = entries(&ws);
        let kinds: std::collections::BTreeSet<&str> = all.iter().map(|e| e.kind).collect();
        for kind in ["moment", "stage", "silo", "segment", "term", "action"] {
            assert!(kinds.contains(kind), "{kind} missing from {kinds:?}");
        }
        let term = &ws.glossary[0].term;
        let hits = found(term, &ws);
        assert!(
            hits.iter().any(|(k, _)| k == "term"),
            "{term} finds its term: {hits:?}"
        );
        assert!(found("zzzzqqq", &ws).is_empty());
        assert_eq!(found("", &ws).len(), all.len());
    }
}
