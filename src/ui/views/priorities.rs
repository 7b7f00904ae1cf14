//! The Priorities view: moments ranked by what they are critical for, importance, the gap
//! between today and target, and votes, with the score's parts shown. `f` narrows and
//! sorts the ranking for this session only: by stage, silo, segment, critical-for.
//!
//! The scores are the document's, computed once per change in `Doc::analysis()`; a
//! session's narrowed and sorted rows are made again only when the document or the
//! filter changes (in `settle`, before a frame), never while drawing.

use std::collections::HashMap;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::analysis::Priority;
use crate::doc::Doc;
use crate::input::Action;
use crate::model::{CriticalFor, Experience, Moment, SegmentId, SiloId, StageId, Workspace};

use super::super::editors::FormTarget;
use super::super::form::{Field, Form};
use super::super::overlays::Overlay;
use super::super::text::{fit, truncate};
use super::super::theme::Theme;
use super::super::{Cx, Session, View};
use super::{Offer, RenderCx, ViewPart, frame_block, move_in_list, offset};

#[derive(Clone, Debug, Default)]
pub struct State {
    pub selected: usize,
    /// Which moments are ranked, and in what order: this session's choice.
    pub filter: PriorityFilter,
    /// The narrowed and sorted rows, as indexes into the document's ranking, with the
    /// document revision and filter they were made for.
    made: Option<(u64, PriorityFilter, Vec<usize>)>,
}

pub struct Priorities;

const OFFERS: &[Offer] = &list_offers![
    Offer::named(Action::Edit, "board", "Show the selected moment on the board"),
    Offer::named(
        Action::Filter,
        "filter",
        "Filter by stage, silo, segment or critical-for, and sort the ranking",
    ),
    Offer::plain(Action::ShowOnBoard),
];

impl ViewPart for Priorities {
    fn view(&self) -> View {
        View::Priorities
    }

    fn offers(&self) -> &'static [Offer] {
        OFFERS
    }

    fn footer(&self, _doc: &Doc, _session: &Session) -> Vec<Action> {
        vec![
            Action::Edit,
            Action::Filter,
            Action::NextView,
            Action::Palette,
            Action::Help,
            Action::Quit,
        ]
    }

    fn act(&self, cx: &mut Cx, action: Action) -> bool {
        refresh(&mut cx.session.views.priorities, cx.doc);
        match action {
            Action::Edit | Action::ShowOnBoard => {
                let state = &cx.session.views.priorities;
                match rows(cx.doc, state).get(state.selected).map(|p| p.moment.clone()) {
                    Some(id) if cx.doc.moment(&id).is_some() => cx.session.show_on_board(cx.doc, &id),
                    _ if action == Action::ShowOnBoard => {
                        cx.say("No moment to show on the board here");
                    }
                    _ => {}
                }
            }
            Action::Filter => {
                let form = form(&cx.doc.ws, &cx.session.views.priorities.filter);
                cx.open(Overlay::form(FormTarget::PriorityFilter, form));
            }
            _ => {
                let len = rows(cx.doc, &cx.session.views.priorities).len();
                let height = cx.session.size.1;
                move_in_list(&mut cx.session.views.priorities.selected, height, len, action);
            }
        }
        true
    }

    fn settle(&self, session: &mut Session, doc: &Doc, _body: Rect) {
        refresh(&mut session.views.priorities, doc);
    }

    fn render(&self, frame: &mut Frame, body: Rect, doc: &Doc, session: &Session, cx: &RenderCx) {
        render_ranking(frame, body, doc, session, cx.theme);
    }
}

/// Applies a submitted filter form: the session's new filter, said in the status line.
pub fn apply_form(session: &mut Session, doc: &Doc, form: &Form, now: std::time::Instant) {
    let filter = from_form(&doc.ws, form);
    let parts = filter.describe(&doc.ws);
    session.views.priorities.filter = filter;
    session.views.priorities.selected = 0;
    refresh(&mut session.views.priorities, doc);
    if parts.is_empty() {
        session.say("Priorities: every moment, by score", now);
    } else {
        session.say(format!("Priorities: {}", parts.join(" · ")), now);
    }
}

/// Makes the session's rows again if the document or the filter changed since.
pub fn refresh(state: &mut State, doc: &Doc) {
    if !state.filter.is_active() {
        state.made = None;
        return;
    }
    let fresh = matches!(&state.made, Some((revision, made_for, _))
        if *revision == doc.revision && *made_for == state.filter);
    if !fresh {
        state.made = Some((doc.revision, state.filter.clone(), select(doc, &state.filter)));
    }
}

/// The rows the view shows, in order. Without a filter this is the document's ranking as
/// it is; with one, the rows made for it (made here, if they are not yet).
pub fn rows<'d>(doc: &'d Doc, state: &State) -> Vec<&'d Priority> {
    let all = &doc.analysis().priorities;
    if !state.filter.is_active() {
        return all.iter().collect();
    }
    match &state.made {
        Some((revision, made_for, indexes))
            if *revision == doc.revision && *made_for == state.filter =>
        {
            indexes.iter().filter_map(|&i| all.get(i)).collect()
        }
        _ => select(doc, &state.filter)
            .into_iter()
            .filter_map(|i| all.get(i))
            .collect(),
    }
}

/// The priority rows a session shows, in order.
pub fn priority_rows<'d>(doc: &'d Doc, session: &Session) -> Vec<&'d Priority> {
    rows(doc, &session.views.priorities)
}

/// The critical-and-failing short list on top: as many as fit, highest score first.
fn failing_short_list(doc: &Doc, failing: usize, width: usize, theme: &Theme) -> Line<'static> {
    if failing == 0 {
        return Line::styled(" Nothing critical is failing today", theme.good);
    }
    let mut text = format!(" {failing} critical and failing: ");
    let mut listed = 0;
    // Titles while they fit, then ids alone, then a count.
    let mut with_titles = true;
    for p in doc.analysis().priorities.iter().filter(|p| p.failing) {
        let Some(m) = doc.moment(&p.moment) else {
            continue;
        };
        let sep = if listed > 0 { " · " } else { "" };
        let tail = if failing - listed > 1 { 12 } else { 0 };
        let room = width.saturating_sub(super::super::text::width(&text) + tail);
        let titled = format!("{sep}{} {}", m.id, m.title);
        let bare = format!("{sep}{}", m.id);
        if with_titles && super::super::text::width(&titled) <= room {
            text.push_str(&titled);
        } else if super::super::text::width(&bare) <= room {
            with_titles = false;
            text.push_str(&bare);
        } else {
            break;
        }
        listed += 1;
    }
    if listed < failing {
        text.push_str(&format!(" · +{} more", failing - listed));
    }
    Line::styled(truncate(&text, width), theme.bad)
}

fn render_ranking(frame: &mut Frame, body: Rect, doc: &Doc, session: &Session, theme: &Theme) {
    let filter = &session.views.priorities.filter;
    let chosen = filter.describe(&doc.ws);
    let title = if chosen.is_empty() {
        " Priorities: what do we fix first? (f filters and sorts) ".to_owned()
    } else {
        format!(" Priorities: {} (f changes) ", chosen.join(" · "))
    };
    let block = frame_block(title, theme);
    let inner = block.inner(body);
    frame.render_widget(block, body);
    let rows = priority_rows(doc, session);
    let failing = doc
        .analysis()
        .priorities
        .iter()
        .filter(|p| p.failing)
        .count();
    let mut lines = vec![
        Line::from(vec![Span::styled(
            " score = critical 2 each + importance ×2 + gap ×4 + votes + rival ahead 4 + KPI behind plan 4 + proof of gap (measured 4, reported 2)",
            theme.muted,
        )]),
        failing_short_list(doc, failing, usize::from(inner.width), theme),
        Line::styled(
            fit(
                " score  crit  imp  gap  votes rival plan proof  today  moment",
                usize::from(inner.width),
            ),
            theme.muted,
        ),
    ];
    if rows.is_empty() {
        let empty = if chosen.is_empty() {
            " Nothing here yet: the moments you capture on the board are ranked here"
        } else {
            " No moment matches: f changes the filter"
        };
        lines.push(Line::styled(empty, theme.muted));
        frame.render_widget(Paragraph::new(lines), inner);
        return;
    }
    let room = usize::from(inner.height)
        .saturating_sub(lines.len() + 1)
        .max(1);
    let selected = session.views.priorities.selected.min(rows.len() - 1);
    for (i, p) in rows
        .iter()
        .enumerate()
        .skip(offset(selected, room))
        .take(room)
    {
        let Some(m) = doc.moment(&p.moment) else {
            continue;
        };
        let style = theme.row(i == selected);
        let today = today(m, filter);
        // With a segment chosen, failing means failing for it, as in the filter.
        let failing = p.failing && (filter.segment.is_none() || today == Some(Experience::Bad));
        let flag = if failing { "!" } else { " " };
        lines.push(Line::from(vec![
            Span::styled(
                format!(" {:>4}{flag} ", p.total()),
                theme.title.patch(style),
            ),
            Span::styled(
                format!(
                    "{:>4} {:>4} {:>4} {:>6} {:>5} {:>4} {:>5}  ",
                    p.critical, p.importance, p.gap, p.votes, p.rival, p.plan, p.proof
                ),
                style,
            ),
            match today {
                Some(e) => Span::styled(
                    format!("  {}    ", e.symbol()),
                    theme.experience(e).patch(style),
                ),
                None => Span::styled("  ·    ", theme.muted.patch(style)),
            },
            Span::styled(format!("{} ", m.id), theme.id.patch(style)),
            Span::styled(
                fit(&m.title, usize::from(inner.width).saturating_sub(60)),
                style,
            ),
        ]));
    }
    lines.push(Line::styled(
        format!(
            " {} of {} · Enter shows the moment on the board",
            selected + 1,
            rows.len()
        ),
        theme.muted,
    ));
    frame.render_widget(Paragraph::new(lines), inner);
}

/// What the list is ordered by; ties keep the score order.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum PrioritySort {
    #[default]
    Score,
    Votes,
    Gap,
    Importance,
    /// Stage by stage in journey order, the highest score first within each.
    Stage,
}

impl PrioritySort {
    pub const ALL: [PrioritySort; 5] = [
        PrioritySort::Score,
        PrioritySort::Votes,
        PrioritySort::Gap,
        PrioritySort::Importance,
        PrioritySort::Stage,
    ];

    pub fn label(self) -> &'static str {
        match self {
            PrioritySort::Score => "score",
            PrioritySort::Votes => "votes",
            PrioritySort::Gap => "gap to target",
            PrioritySort::Importance => "importance",
            PrioritySort::Stage => "stage, then score",
        }
    }
}

/// Which moments the Priorities view ranks, and how.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PriorityFilter {
    /// Only moments critical for something and bad today (for the segment, if one is
    /// chosen).
    pub failing_only: bool,
    pub stage: Option<StageId>,
    /// Moments this silo has any part in.
    pub silo: Option<SiloId>,
    /// Moments rated for this segment; the "today" column then shows its rating.
    pub segment: Option<SegmentId>,
    pub critical: Option<CriticalFor>,
    pub sort: PrioritySort,
}

impl PriorityFilter {
    /// Whether anything is left out or reordered.
    pub fn is_active(&self) -> bool {
        *self != Self::default()
    }

    fn narrows(&self) -> bool {
        self.failing_only
            || self.stage.is_some()
            || self.silo.is_some()
            || self.segment.is_some()
            || self.critical.is_some()
    }

    fn keeps(&self, m: &Moment, p: &Priority) -> bool {
        if self.stage.as_ref().is_some_and(|s| *s != m.stage)
            || self
                .silo
                .as_ref()
                .is_some_and(|s| !m.owners.iter().any(|o| o.silo == *s))
            || self.critical.is_some_and(|c| !m.critical_for.contains(&c))
        {
            return false;
        }
        match &self.segment {
            Some(g) => match m.experience.get(g) {
                None => false,
                Some(e) => !self.failing_only || (p.failing && *e == Experience::Bad),
            },
            None => !self.failing_only || p.failing,
        }
    }

    /// The choices in the room's words, for the view's title: empty when none is made.
    pub fn describe(&self, ws: &Workspace) -> Vec<String> {
        let mut parts = Vec::new();
        if self.failing_only {
            parts.push("critical and failing".to_owned());
        }
        if let Some(id) = &self.stage {
            let name = ws.stage(id).map_or("", |s| s.name.as_str());
            parts.push(format!("stage {id} {name}").trim_end().to_owned());
        }
        if let Some(id) = &self.silo {
            parts.push(format!("{id} has a part"));
        }
        if let Some(id) = &self.segment {
            let name = ws
                .segments
                .iter()
                .find(|g| g.id == *id)
                .map_or("", |g| g.name.as_str());
            parts.push(format!("rated for {name}").trim_end().to_owned());
        }
        if let Some(c) = self.critical {
            parts.push(format!("critical for {}", c.label().to_lowercase()));
        }
        if self.sort != PrioritySort::Score {
            parts.push(format!("by {}", self.sort.label()));
        }
        parts
    }
}

/// Narrows and sorts the document's ranking: a lookup per moment and a stable sort.
fn select(doc: &Doc, filter: &PriorityFilter) -> Vec<usize> {
    let all = &doc.analysis().priorities;
    let mut rows: Vec<(usize, &Priority, &Moment)> = all
        .iter()
        .enumerate()
        .filter_map(|(i, p)| doc.moment(&p.moment).map(|m| (i, p, m)))
        .filter(|(_, p, m)| !filter.narrows() || filter.keeps(m, p))
        .collect();
    match filter.sort {
        PrioritySort::Score => {}
        PrioritySort::Votes => rows.sort_by_key(|(_, p, _)| std::cmp::Reverse(p.votes)),
        PrioritySort::Gap => rows.sort_by_key(|(_, p, _)| std::cmp::Reverse(p.gap)),
        PrioritySort::Importance => rows.sort_by_key(|(_, p, _)| std::cmp::Reverse(p.importance)),
        PrioritySort::Stage => {
            let order: HashMap<&StageId, usize> = doc
                .ws
                .stages
                .iter()
                .enumerate()
                .map(|(i, s)| (&s.id, i))
                .collect();
            rows.sort_by_cached_key(|(_, _, m)| order.get(&m.stage).copied().unwrap_or(usize::MAX));
        }
    }
    rows.into_iter().map(|(i, _, _)| i).collect()
}

/// The experience shown beside a row: the chosen segment's rating, else the worst.
pub fn today(m: &Moment, filter: &PriorityFilter) -> Option<Experience> {
    match &filter.segment {
        Some(g) => m.experience.get(g).copied(),
        None => m.worst_experience(),
    }
}

const SHOW: [&str; 2] = ["every moment", "critical and failing only"];

/// A choice's options: "all" first, then each item; and where `chosen` is among them
/// (option 0 when nothing is chosen).
fn choices<K: PartialEq>(
    all: &str,
    items: impl Iterator<Item = (K, String)>,
    chosen: Option<K>,
) -> (Vec<String>, Option<usize>) {
    let mut options = vec![all.to_owned()];
    let mut at = 0;
    for (i, (key, label)) in items.enumerate() {
        if chosen.as_ref() == Some(&key) {
            at = i + 1;
        }
        options.push(label);
    }
    (options, Some(at))
}

/// The form that sets the filter, starting from the current one.
pub fn form(ws: &Workspace, filter: &PriorityFilter) -> Form {
    let (stages, stage) = choices(
        "all stages",
        ws.stages
            .iter()
            .map(|s| (&s.id, format!("{} {}", s.id, s.name))),
        filter.stage.as_ref(),
    );
    let (silos, silo) = choices(
        "all silos",
        ws.silos.iter().map(|s| (&s.id, s.id.to_string())),
        filter.silo.as_ref(),
    );
    let (segments, segment) = choices(
        "all segments",
        ws.segments.iter().map(|g| (&g.id, g.name.clone())),
        filter.segment.as_ref(),
    );
    let (critical, critical_at) = choices(
        "anything",
        CriticalFor::ALL
            .iter()
            .map(|c| (*c, format!("{} {}", c.symbol(), c.label().to_lowercase()))),
        filter.critical,
    );
    let sorts = PrioritySort::ALL
        .iter()
        .map(|s| s.label().to_owned())
        .collect();
    let sort = PrioritySort::ALL.iter().position(|s| *s == filter.sort);
    Form::new(
        "Filter and sort the priorities",
        vec![
            Field::choice(
                "Show",
                SHOW.map(str::to_owned).to_vec(),
                Some(usize::from(filter.failing_only)),
                false,
                "critical for something and bad today (for the chosen segment, if any)",
            ),
            Field::choice("Stage", stages, stage, false, ""),
            Field::choice(
                "Silo",
                silos,
                silo,
                false,
                "moments the silo has any part in",
            ),
            Field::choice(
                "Segment",
                segments,
                segment,
                false,
                "moments rated for it; the today column shows its rating",
            ),
            Field::choice("Critical for", critical, critical_at, false, ""),
            Field::choice("Sort by", sorts, sort, false, "ties keep the score order"),
        ],
    )
}

/// The filter a submitted [`form`] asks for.
pub fn from_form(ws: &Workspace, form: &Form) -> PriorityFilter {
    // Option 0 is "all"; option i + 1 is the i-th item.
    let nth = |label: &str| form.field(label).selected().and_then(|i| i.checked_sub(1));
    PriorityFilter {
        failing_only: form.field("Show").selected() == Some(1),
        stage: nth("Stage")
            .and_then(|i| ws.stages.get(i))
            .map(|s| s.id.clone()),
        silo: nth("Silo")
            .and_then(|i| ws.silos.get(i))
            .map(|s| s.id.clone()),
        segment: nth("Segment")
            .and_then(|i| ws.segments.get(i))
            .map(|g| g.id.clone()),
        critical: nth("Critical for").and_then(|i| CriticalFor::ALL.get(i).copied()),
        sort: form
            .field("Sort by")
            .selected()
            .and_then(|i| PrioritySort::ALL.get(i).copied())
            .unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_form_round_trips_every_choice() {
        let ws = crate::templates::demo();
        let filter = PriorityFilter {
            failing_only: true,
            stage: Some(ws.stages[2].id.clone()),
            silo: Some(ws.silos[1].id.clone()),
            segment: Some(ws.segments[0].id.clone()),
            critical: Some(CriticalFor::Rescue),
            sort: PrioritySort::Stage,
        };
        assert_eq!(from_form(&ws, &form(&ws, &filter)), filter);
        let none = PriorityFilter::default();
        assert_eq!(from_form(&ws, &form(&ws, &none)), none);
        assert!(none.describe(&ws).is_empty());
        assert_eq!(
            filter.describe(&ws),
            [
                "critical and failing",
                "stage S3 Ordering",
                "SVC has a part",
                "rated for Young families",
                "critical for rescuing customers at risk",
                "by stage, then score",
            ]
        );
    }

    #[test]
    fn filters_narrow_and_sorts_reorder_the_documents_ranking() {
        let doc = Doc::new(crate::templates::demo());
        let all = rows(&doc, &State { filter: PriorityFilter::default().clone(), ..State::default() });
        assert_eq!(all.len(), doc.ws.moments.len());
        let moment = |p: &Priority| doc.moment(&p.moment).unwrap().clone();

        let silo = doc.ws.silos[2].id.clone();
        let by_silo = PriorityFilter {
            silo: Some(silo.clone()),
            ..Default::default()
        };
        let kept = rows(&doc, &State { filter: by_silo.clone(), ..State::default() });
        assert!(!kept.is_empty() && kept.len() < all.len());
        assert!(
            kept.iter()
                .all(|p| moment(p).owners.iter().any(|o| o.silo == silo))
        );
        assert!(kept.windows(2).all(|w| w[0].total() >= w[1].total()));

        let g = doc.ws.segments[0].id.clone();
        let failing_for = PriorityFilter {
            segment: Some(g.clone()),
            failing_only: true,
            ..Default::default()
        };
        for p in rows(&doc, &State { filter: failing_for.clone(), ..State::default() }) {
            let m = moment(p);
            assert_eq!(m.experience.get(&g), Some(&Experience::Bad), "{}", m.id);
            assert!(!m.critical_for.is_empty());
        }

        let by_votes = rows(
            &doc,
            &State {
                filter: PriorityFilter {
                sort: PrioritySort::Votes,
                ..Default::default()
            },
                ..State::default()
            },
        );
        assert!(by_votes.windows(2).all(|w| w[0].votes >= w[1].votes));
        let by_stage = rows(
            &doc,
            &State {
                filter: PriorityFilter {
                sort: PrioritySort::Stage,
                ..Default::default()
            },
                ..State::default()
            },
        );
        let stage_of = |p: &Priority| {
            let s = moment(p).stage;
            doc.ws.stages.iter().position(|x| x.id == s).unwrap()
        };
        assert!(by_stage.windows(2).all(|w| {
            stage_of(w[0]) < stage_of(w[1])
                || (stage_of(w[0]) == stage_of(w[1]) && w[0].total() >= w[1].total())
        }));
    }

    #[test]
    fn a_sessions_rows_follow_the_document_and_the_filter() {
        use crate::model::{Edit, Item, ItemKey};
        let mut doc = Doc::new(crate::templates::demo());
        let stage = doc.ws.stages[0].id.clone();
        let mut filter = PriorityFilter {
            stage: Some(stage.clone()),
            ..Default::default()
        };
        let ids = |doc: &Doc, filter: &PriorityFilter| -> Vec<String> {
            let mut state = State {
                filter: filter.clone(),
                ..State::default()
            };
            refresh(&mut state, doc);
            rows(doc, &state)
                .iter()
                .map(|p| p.moment.to_string())
                .collect()
        };
        let before = ids(&doc, &filter);
        assert!(!before.is_empty());
        // A moment moved into the stage shows at once: the revision changed.
        let mut moved = doc.ws.moments.last().unwrap().clone();
        assert_ne!(moved.stage, stage);
        moved.stage = stage.clone();
        doc.apply(
            Edit::Replace {
                key: ItemKey::Moment(moved.id.clone()),
                item: Item::Moment(moved.clone()),
            },
            None,
        )
        .unwrap();
        let after = ids(&doc, &filter);
        assert_eq!(after.len(), before.len() + 1);
        assert!(after.contains(&moved.id.to_string()));
        // So does another filter on the same revision.
        filter.stage = Some(doc.ws.stages[1].id.clone());
        assert!(!ids(&doc, &filter).contains(&moved.id.to_string()));
    }
}
