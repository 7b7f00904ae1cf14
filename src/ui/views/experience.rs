//! The Experience view: segments × stages, each cell counting the moments rated bad,
//! neutral, good and unknown; Enter lists the moments behind a cell to rate them in turn.
//! `m` switches to the competitors mode: moments × competitors, where we are behind at
//! moments critical for revenue or the relationship first; b, n, g set a standing.
//!
//! ```text
//! Experience:  segment × stage cells “✗2 ~1 ✓0 ?3”, Enter lists the moments to rate
//! ```

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::doc::Doc;
use crate::input::{Action, Context};
use crate::model::{Edit, Experience as Rating, Item, ItemKey};

use super::super::text::{fit, width as text_width, wrap};
use super::super::theme::Theme;
use super::super::{Cx, Session, View};
use super::{Offer, RenderCx, ViewPart, empty, frame_block, move_in_list, offset};

#[derive(Clone, Debug, Default)]
pub struct State {
    /// The focused cell: segment row and stage column.
    pub segment: usize,
    pub stage: usize,
    /// Rating the moments behind the focused cell: the selected one.
    pub drill: Option<usize>,
    /// Showing moments × competitors instead of segments × stages.
    pub competitors: bool,
    /// In the competitors mode: the selected moment row and competitor column.
    pub rival_row: usize,
    pub rival: usize,
}

pub struct Experience;

const OFFERS: &[Offer] = &[
    Offer::plain(Action::Up),
    Offer::plain(Action::Down),
    Offer::named(Action::Left, "left", "Focus the previous stage's cell"),
    Offer::named(Action::Right, "right", "Focus the next stage's cell"),
    Offer::plain(Action::First),
    Offer::plain(Action::Last),
    Offer::plain(Action::PageUp),
    Offer::plain(Action::PageDown),
    Offer::named(Action::Edit, "rate", "List the moments behind the focused cell, to rate them"),
    Offer::named(Action::Back, "back", "Step back out of the list of moments"),
    Offer::plain(Action::RateBad),
    Offer::plain(Action::RateNeutral),
    Offer::plain(Action::RateGood),
    Offer::plain(Action::RateUnknown),
    Offer::plain(Action::ClearRating),
    Offer::named(
        Action::Mode,
        "competitors",
        "Show moments × competitors (where we are behind at critical moments first), or segments × stages",
    ),
];

impl ViewPart for Experience {
    fn view(&self) -> View {
        View::Experience
    }

    fn context(&self) -> Context {
        Context::Experience
    }

    fn offers(&self) -> &'static [Offer] {
        OFFERS
    }

    fn footer(&self, _doc: &Doc, session: &Session) -> Vec<Action> {
        if session.views.experience.competitors {
            return vec![
                Action::RateBad,
                Action::RateNeutral,
                Action::RateGood,
                Action::ClearRating,
                Action::Mode,
                Action::Edit,
                Action::Help,
                Action::Quit,
            ];
        }
        if session.views.experience.drill.is_some() {
            vec![
                Action::RateBad,
                Action::RateNeutral,
                Action::RateGood,
                Action::RateUnknown,
                Action::ClearRating,
                Action::Back,
                Action::Undo,
                Action::Help,
                Action::Quit,
            ]
        } else {
            vec![
                Action::Edit,
                Action::Mode,
                Action::NextView,
                Action::Palette,
                Action::Help,
                Action::Quit,
            ]
        }
    }

    fn word(&self, _doc: &Doc, session: &Session, offer: &Offer) -> &'static str {
        match offer.action {
            Action::Mode if session.views.experience.competitors => "segments",
            Action::Edit if session.views.experience.competitors => "board",
            Action::RateBad if session.views.experience.competitors => "they lead",
            Action::RateNeutral if session.views.experience.competitors => "level",
            Action::RateGood if session.views.experience.competitors => "we lead",
            _ => offer.word(),
        }
    }

    fn act(&self, cx: &mut Cx, action: Action) -> bool {
        if action == Action::Mode {
            let state = &mut cx.session.views.experience;
            state.competitors = !state.competitors;
            state.drill = None;
            return true;
        }
        if cx.session.views.experience.competitors {
            competitors_act(cx, action);
            return true;
        }
        match action {
            Action::Edit => {
                if cx.session.views.experience.drill.is_none()
                    && !cell_moments(cx.doc, cx.session).is_empty()
                {
                    cx.session.views.experience.drill = Some(0);
                }
            }
            Action::Back => cx.session.views.experience.drill = None,
            Action::RateBad
            | Action::RateNeutral
            | Action::RateGood
            | Action::RateUnknown
            | Action::ClearRating => {
                let rating = match action {
                    Action::RateBad => Some(Rating::Bad),
                    Action::RateNeutral => Some(Rating::Neutral),
                    Action::RateGood => Some(Rating::Good),
                    Action::RateUnknown => Some(Rating::Unknown),
                    _ => None,
                };
                match rate(cx.doc, cx.session, rating) {
                    Ok(e) => {
                        if cx.edit(e) {
                            // On to the next moment, so a room can rate a stage in one go.
                            let len = cell_moments(cx.doc, cx.session).len();
                            if let Some(i) = cx.session.views.experience.drill.as_mut() {
                                *i = (*i + 1).min(len.saturating_sub(1));
                            }
                        }
                    }
                    Err(message) => cx.say(message),
                }
            }
            _ => move_focus(cx.session, cx.doc, action),
        }
        true
    }

    fn render(&self, frame: &mut Frame, body: Rect, doc: &Doc, session: &Session, cx: &RenderCx) {
        if session.views.experience.competitors {
            render_competitors(frame, body, doc, session, cx.theme);
        } else {
            render_heatmap(frame, body, doc, session, cx.theme);
        }
    }
}

/// The moments in the competitors mode, in order: where a competitor is ahead of us at a
/// moment critical for revenue or the relationship first, then where one is ahead
/// anywhere, then the rest; board order within each.
pub fn rival_rows(doc: &Doc) -> Vec<&crate::model::Moment> {
    use crate::model::{CriticalFor, Standing};
    let rank = |m: &crate::model::Moment| {
        let behind = m.versus.values().any(|s| *s == Standing::Ahead);
        let key = m
            .critical_for
            .iter()
            .any(|c| matches!(c, CriticalFor::Revenue | CriticalFor::Relationship));
        match (behind, key) {
            (true, true) => 0,
            (true, false) => 1,
            _ => 2,
        }
    };
    let mut rows: Vec<&crate::model::Moment> = doc
        .ws
        .stages
        .iter()
        .flat_map(|s| doc.moments_in(&s.id))
        .collect();
    rows.sort_by_key(|m| rank(m));
    rows
}

/// Keys in the competitors mode: move over the grid; b, n, g set where the focused
/// competitor stands (they lead, level, we lead); x or . clears; Enter shows the moment.
fn competitors_act(cx: &mut Cx, action: Action) {
    use crate::model::Standing;
    let rows = rival_rows(cx.doc);
    let rivals = cx.doc.ws.competitors.len();
    let state = &mut cx.session.views.experience;
    let standing = match action {
        Action::RateBad => Some(Some(Standing::Ahead)),
        Action::RateNeutral => Some(Some(Standing::Level)),
        Action::RateGood => Some(Some(Standing::Behind)),
        Action::RateUnknown | Action::ClearRating => Some(None),
        _ => None,
    };
    let Some(standing) = standing else {
        match action {
            Action::Left => state.rival = state.rival.saturating_sub(1),
            Action::Right => state.rival = (state.rival + 1).min(rivals.saturating_sub(1)),
            Action::Edit => {
                if let Some(id) = rows.get(state.rival_row).map(|m| m.id.clone()) {
                    cx.session.show_on_board(cx.doc, &id);
                }
            }
            Action::Back => state.competitors = false,
            _ => move_in_list(&mut state.rival_row, cx.session.size.1, rows.len(), action),
        }
        return;
    };
    let (Some(m), Some(c)) = (
        rows.get(state.rival_row).copied(),
        cx.doc.ws.competitors.get(state.rival),
    ) else {
        cx.say("No competitors yet: C adds them");
        return;
    };
    let mut changed = m.clone();
    match standing {
        Some(s) => {
            changed.versus.insert(c.id.clone(), s);
        }
        None => {
            changed.versus.remove(&c.id);
        }
    }
    if changed == *m {
        cx.say("Already so");
        return;
    }
    let label = match standing {
        Some(s) => format!("{} at {}: {}", c.name, m.id, s.label().to_lowercase()),
        None => format!("{} at {}: not compared", c.name, m.id),
    };
    let id = m.id.clone();
    if cx.edit(Edit::Batch {
        label,
        edits: vec![Edit::Replace {
            key: ItemKey::Moment(id.clone()),
            item: Item::Moment(changed),
        }],
    }) {
        // The order may have changed: stay on the moment just rated.
        let at = rival_rows(cx.doc).iter().position(|m| m.id == id);
        if let Some(at) = at {
            cx.session.views.experience.rival_row = at;
        }
    }
}

const RIVAL_WIDTH: usize = 16;

fn render_competitors(frame: &mut Frame, body: Rect, doc: &Doc, session: &Session, theme: &Theme) {
    use crate::model::Standing;
    let block = frame_block(
        " Competitors: where we are behind at critical moments first (m: segments) ".to_owned(),
        theme,
    );
    let inner = block.inner(body);
    frame.render_widget(block, body);
    let ws = &doc.ws;
    if ws.competitors.is_empty() || ws.moments.is_empty() {
        empty(
            frame,
            inner,
            "The competitors mode needs competitors and moments. Press C to add the competitors the room compares itself with.",
            theme,
        );
        return;
    }
    let state = &session.views.experience;
    let width = usize::from(inner.width);
    let moment_w = (width / 3).clamp(24, 44);
    let fit_rivals = (width.saturating_sub(moment_w) / RIVAL_WIDTH).max(1);
    // When every competitor fits, the columns share the width, so more of each name shows.
    let rival_w = if ws.competitors.len() <= fit_rivals {
        (width.saturating_sub(moment_w) / ws.competitors.len()).clamp(RIVAL_WIDTH, 32)
    } else {
        RIVAL_WIDTH
    };
    let focus_rival = state.rival.min(ws.competitors.len() - 1);
    let first_rival = focus_rival.saturating_sub(fit_rivals - 1);
    let mut lines = vec![Line::styled(
        fit(
            " ▲ they are ahead of us   = level with us   ▼ behind us   · not compared",
            width,
        ),
        theme.muted,
    )];
    let mut heading = vec![Span::styled(fit(" moment", moment_w), theme.muted)];
    for (i, c) in ws
        .competitors
        .iter()
        .enumerate()
        .skip(first_rival)
        .take(fit_rivals)
    {
        let style = if i == focus_rival {
            theme.heading.add_modifier(Modifier::UNDERLINED)
        } else {
            theme.heading
        };
        heading.push(Span::styled(fit(&format!(" {}", c.name), rival_w), style));
    }
    lines.push(Line::from(heading));
    let rows = rival_rows(doc);
    let room = usize::from(inner.height).saturating_sub(lines.len() + 1).max(1);
    let selected = state.rival_row.min(rows.len().saturating_sub(1));
    for (r, m) in rows.iter().enumerate().skip(offset(selected, room)).take(room) {
        let critical: String = m.critical_for.iter().map(|c| c.symbol()).collect();
        let label = format!(" {} {} {}", m.id, m.title, critical);
        let mut row = vec![Span::styled(fit(&label, moment_w), theme.row(r == selected))];
        for (i, c) in ws
            .competitors
            .iter()
            .enumerate()
            .skip(first_rival)
            .take(fit_rivals)
        {
            let (text, mut style) = match m.versus.get(&c.id) {
                Some(Standing::Ahead) => (" ▲ ahead", theme.bad),
                Some(Standing::Level) => (" = level", theme.neutral),
                Some(Standing::Behind) => (" ▼ behind", theme.good),
                None => (" ·", theme.muted),
            };
            if r == selected && i == focus_rival {
                style = theme
                    .selection
                    .patch(style)
                    .add_modifier(Modifier::REVERSED);
            }
            row.push(Span::styled(fit(text, rival_w), style));
        }
        lines.push(Line::from(row));
    }
    let behind = rows
        .iter()
        .filter(|m| m.versus.values().any(|s| *s == Standing::Ahead))
        .count();
    lines.push(Line::styled(
        format!(
            " {} of {} · a competitor is ahead of us at {behind} · Enter shows it on the board",
            selected + 1,
            rows.len()
        ),
        theme.muted,
    ));
    frame.render_widget(Paragraph::new(lines), inner);
}

/// Moves in the heatmap, or in the list of moments behind a cell when drilling in.
fn move_focus(session: &mut Session, doc: &Doc, action: Action) {
    if let Some(selected) = session.views.experience.drill {
        let len = cell_moments(doc, session).len();
        let mut s = selected;
        move_in_list(&mut s, session.size.1, len, action);
        session.views.experience.drill = Some(s);
        return;
    }
    let rows = doc.ws.segments.len();
    let cols = doc.ws.stages.len();
    if rows == 0 || cols == 0 {
        return;
    }
    let state = &mut session.views.experience;
    match action {
        Action::Up => state.segment = state.segment.saturating_sub(1),
        Action::Down => state.segment = (state.segment + 1).min(rows - 1),
        Action::Left => state.stage = state.stage.saturating_sub(1),
        Action::Right => state.stage = (state.stage + 1).min(cols - 1),
        Action::First => state.stage = 0,
        Action::Last => state.stage = cols - 1,
        _ => {}
    }
}

const CELL_WIDTH: usize = 16;

const MAX_CELL_WIDTH: usize = 24;

const SEGMENT_WIDTH: usize = 20;


/// The moments behind the focused heatmap cell.
pub fn cell_moments<'d>(doc: &'d Doc, session: &Session) -> Vec<&'d crate::model::Moment> {
    match doc.ws.stages.get(session.views.experience.stage) {
        Some(stage) => doc.moments_in(&stage.id).collect(),
        None => Vec::new(),
    }
}

/// The edit that rates the selected moment of the drilled-into cell for its segment.
pub fn rate(doc: &Doc, session: &Session, rating: Option<Rating>) -> Result<Edit, String> {
    let segment = doc
        .ws
        .segments
        .get(session.views.experience.segment)
        .ok_or("No segments yet: press G to add one")?;
    let moments = cell_moments(doc, session);
    let selected = session
        .views
        .experience
        .drill
        .ok_or("Press Enter on a cell first")?;
    let m = moments.get(selected).ok_or("No moment here")?;
    let mut changed = (*m).clone();
    match rating {
        Some(e) => {
            changed.experience.insert(segment.id.clone(), e);
        }
        None => {
            changed.experience.remove(&segment.id);
        }
    }
    if changed == **m {
        return Err("Already rated so".into());
    }
    let label = match rating {
        Some(e) => format!(
            "{} is {} for {}",
            m.id,
            e.label().to_lowercase(),
            segment.name
        ),
        None => format!("{} is not rated for {}", m.id, segment.name),
    };
    Ok(Edit::Batch {
        label,
        edits: vec![Edit::Replace {
            key: ItemKey::Moment(m.id.clone()),
            item: Item::Moment(changed),
        }],
    })
}

/// A stage's details on one line: goal, entry signals, duration, complexity, repeats.
fn stage_summary(s: &crate::model::Stage) -> String {
    let mut parts = vec![format!("{} {}", s.id, s.name)];
    if !s.goal.is_empty() {
        parts.push(format!("goal: {}", s.goal));
    }
    if !s.entry_signals.is_empty() {
        parts.push(format!("entry signals: {}", s.entry_signals.join("; ")));
    }
    if !s.duration.is_empty() {
        parts.push(format!("duration: {}", s.duration));
    }
    if let Some(c) = s.complexity {
        parts.push(format!("complexity: {}", c.label().to_lowercase()));
    }
    if s.repeats {
        parts.push("repeats".into());
    }
    if parts.len() == 1 {
        return String::new();
    }
    parts.join(" · ")
}

/// The segment column: wide enough for the longest name when every stage still gets a
/// readable cell beside it, else [`SEGMENT_WIDTH`] (names cut with `…`).
fn segment_width(ws: &crate::model::Workspace, width: usize) -> usize {
    let longest = ws.segments.iter().map(|g| text_width(&g.name) + 2).max().unwrap_or(0);
    let spare = width.saturating_sub(SEGMENT_WIDTH + ws.stages.len() * CELL_WIDTH);
    longest.clamp(SEGMENT_WIDTH, SEGMENT_WIDTH + spare)
}

fn render_heatmap(frame: &mut Frame, body: Rect, doc: &Doc, session: &Session, theme: &Theme) {
    let ws = &doc.ws;
    let width = usize::from(body.width.saturating_sub(2));
    let segment_w = segment_width(ws, width);
    let fit_stages = (width.saturating_sub(segment_w) / CELL_WIDTH).max(1);
    // When every stage fits, the cells share the width (up to a point), so more of each
    // stage's name shows.
    let cell_w = if ws.stages.len() <= fit_stages && !ws.stages.is_empty() {
        (width.saturating_sub(segment_w) / ws.stages.len()).clamp(CELL_WIDTH, MAX_CELL_WIDTH)
    } else {
        CELL_WIDTH
    };
    let first_stage = session.views.experience.stage.saturating_sub(fit_stages - 1);
    // Say so when stages are off screen, and where: the heading alone would not.
    let shown = ws.stages.len().min(first_stage + fit_stages);
    let title = if ws.stages.len() > fit_stages {
        format!(
            " Experience today: segments × stages {}–{shown} of {} (←/→ for more) ",
            first_stage + 1,
            ws.stages.len()
        )
    } else {
        " Experience today: segments × stages ".to_owned()
    };
    let block = frame_block(title, theme);
    let inner = block.inner(body);
    frame.render_widget(block, body);
    if ws.segments.is_empty() || ws.stages.is_empty() {
        empty(
            frame,
            inner,
            "The heatmap needs segments and stages. Press G to add a customer segment, and rate moments in the moment editor (Enter on a card).",
            theme,
        );
        return;
    }
    let mut lines = Vec::new();
    // Stage names wrap onto a second heading line rather than being cut early.
    let names: Vec<(usize, Vec<String>)> = ws
        .stages
        .iter()
        .enumerate()
        .skip(first_stage)
        .take(fit_stages)
        .map(|(si, stage)| (si, wrap(&stage.name, cell_w - 1, 2)))
        .collect();
    let heading_lines = names.iter().map(|(_, l)| l.len()).max().unwrap_or(1).max(1);
    for row in 0..heading_lines {
        let label = if row == 0 { " segment" } else { "" };
        let mut heading = vec![Span::styled(fit(label, segment_w), theme.muted)];
        for (si, name) in &names {
            let style = if *si == session.views.experience.stage {
                theme.heading.add_modifier(Modifier::UNDERLINED)
            } else {
                theme.heading
            };
            let part = name.get(row).map_or("", String::as_str);
            heading.push(Span::styled(fit(&format!(" {part}"), cell_w), style));
        }
        lines.push(Line::from(heading));
    }
    for (gi, segment) in ws.segments.iter().enumerate() {
        let mut row = vec![Span::styled(
            fit(&format!(" {}", segment.name), segment_w),
            theme.title,
        )];
        for (si, _) in ws
            .stages
            .iter()
            .enumerate()
            .skip(first_stage)
            .take(fit_stages)
        {
            let cell = doc
                .analysis()
                .heatmap
                .get(gi)
                .and_then(|r| r.get(si))
                .copied()
                .unwrap_or_default();
            let worst = cell.worst();
            let text = if cell.total() == 0 {
                " ·".to_owned()
            } else {
                format!(
                    " {} ✗{} ~{} ✓{} ?{}",
                    worst.symbol(),
                    cell.bad,
                    cell.neutral,
                    cell.good,
                    cell.unknown
                )
            };
            let mut style = theme.heat(worst);
            if gi == session.views.experience.segment && si == session.views.experience.stage {
                style = theme
                    .selection
                    .patch(style)
                    .add_modifier(Modifier::REVERSED);
            }
            row.push(Span::styled(fit(&text, cell_w), style));
        }
        lines.push(Line::from(row));
    }
    lines.push(Line::from(""));
    // The moments behind the focused cell, rated for its segment.
    let segment = &ws.segments[session.views.experience.segment.min(ws.segments.len() - 1)];
    let stage = &ws.stages[session.views.experience.stage.min(ws.stages.len() - 1)];
    // The focused stage's details, where there is room for them.
    if inner.height >= 20 {
        let about = stage_summary(stage);
        if !about.is_empty() {
            let width = usize::from(inner.width).saturating_sub(2);
            for part in wrap(&about, width, 2) {
                lines.push(Line::styled(format!(" {part}"), theme.muted));
            }
            lines.push(Line::from(""));
        }
    }
    let moments = cell_moments(doc, session);
    let drilling = session.views.experience.drill.is_some();
    lines.push(Line::styled(
        format!(
            " {} in {}{}",
            segment.name,
            stage.name,
            if drilling {
                ": b bad, n neutral, g good, . unknown, x clear, Esc back"
            } else {
                ": Enter to rate these moments"
            }
        ),
        theme.heading,
    ));
    let room = usize::from(inner.height)
        .saturating_sub(lines.len() + 1)
        .max(1);
    let selected = session.views.experience.drill.unwrap_or(0);
    if moments.is_empty() {
        lines.push(Line::styled(
            format!(" No moments in {} yet", stage.name),
            theme.muted,
        ));
    }
    for (i, m) in moments
        .iter()
        .enumerate()
        .skip(offset(selected, room))
        .take(room)
    {
        let e = m.experience.get(&segment.id).copied();
        let mark = e.map_or("·".to_owned(), |e| e.symbol().to_owned());
        let label = e.map_or("not rated", |e| e.label());
        let style = theme.row(drilling && i == selected);
        lines.push(Line::from(vec![
            Span::styled(
                format!(" {mark} "),
                e.map_or(theme.muted, |e| theme.experience(e)).patch(style),
            ),
            Span::styled(
                fit(&format!("{} {}", m.id, m.title), width.saturating_sub(16)),
                style,
            ),
            Span::styled(fit(label, 12), theme.muted.patch(style)),
        ]));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

