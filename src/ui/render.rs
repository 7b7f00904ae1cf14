//! Drawing: a pure function of the document, one session and the chrome facts (file,
//! saved state). Borrows only; overlays are drawn last.

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Paragraph, Wrap};

use crate::doc::Doc;
use crate::input::{Action, Context, Keymap};
use crate::model::{Experience, Moment, Role, Severity};

use super::layout::{self, Board, ColumnBox};
use super::session::{FormTarget, ListKind, Overlay, Session, View};
use super::text::{fit, truncate, width, wrap};
use super::theme::Theme;
use super::update::context;

/// Whether the document is safely on disk.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SaveState {
    Saved,
    Unsaved,
    /// The demo or another copy that is never saved.
    Scratch,
    ReadOnly,
    Failed,
}

/// Facts about the runtime the screen shows.
pub struct Chrome<'a> {
    pub file: &'a str,
    /// The time the frame shows (the timer); passed in so drawing stays pure.
    pub now: std::time::Instant,
    pub save: SaveState,
    pub keymap: &'a Keymap,
    pub theme: &'a Theme,
}

/// Draws one frame.
pub fn render(frame: &mut Frame, doc: &Doc, session: &Session, chrome: &Chrome) {
    let area = frame.area();
    let theme = chrome.theme;
    if layout::too_small(area) {
        let text = format!(
            "moments needs at least {}×{}; this terminal is {}×{}. Make it bigger.",
            layout::MIN_WIDTH,
            layout::MIN_HEIGHT,
            area.width,
            area.height
        );
        frame.render_widget(
            Paragraph::new(text)
                .wrap(Wrap { trim: true })
                .style(theme.warning),
            area,
        );
        return;
    }
    let screen = layout::screen_for(area, session);
    if session.present && screen.title.height > 1 {
        heading(frame, screen.title, doc, session, chrome);
    } else {
        title_bar(frame, screen.title, doc, session, chrome);
    }
    match session.view {
        View::Board => board(frame, doc, session, theme),
        View::Owners => super::owners_view::render(frame, screen.body, doc, session, theme),
        View::Seams => super::views::render_seams(frame, screen.body, doc, session, theme),
        View::Experience => {
            super::views::render_experience(frame, screen.body, doc, session, theme)
        }
        View::Priorities => {
            super::views::render_priorities(frame, screen.body, doc, session, theme)
        }
        View::Segments => super::lists::render_segments(frame, screen.body, doc, session, theme),
        View::Language => super::lists::render_language(frame, screen.body, doc, session, theme),
        View::Plan => super::lists::render_plan(frame, screen.body, doc, session, theme),
        View::Parking => super::lists::render_parking(frame, screen.body, doc, session, theme),
        View::Outline => super::outline::render(frame, screen.body, doc, session, theme),
        View::Checks => checks(frame, screen.body, doc, session, theme),
        View::Agenda => {
            super::agenda_view::render(frame, screen.body, doc, session, theme, chrome.now)
        }
    }
    if session.spotlight && session.view == View::Board {
        spotlight(frame, doc, session, theme);
    }
    // The long badges when they fit in two thirds of the line, else the short ones.
    let mut badges = super::agenda_view::badges(doc, session, theme, chrome.now, true);
    let room = usize::from(screen.status.width) * 2 / 3;
    if badges.iter().map(|s| width(&s.content)).sum::<usize>() > room {
        badges = super::agenda_view::badges(doc, session, theme, chrome.now, false);
    }
    if !session.present || session.status.is_some() || !badges.is_empty() {
        status_line(frame, screen.status, doc, session, theme, badges);
    }
    footer(frame, screen.footer, doc, session, chrome);
    if let Some(overlay) = session.overlays.last() {
        draw_overlay(frame, area, overlay, doc, session, chrome);
    }
}

fn title_bar(frame: &mut Frame, area: Rect, doc: &Doc, session: &Session, chrome: &Chrome) {
    let theme = chrome.theme;
    let (save_text, save_style) = match chrome.save {
        SaveState::Saved => ("✓ saved", theme.status_ok),
        SaveState::Unsaved => ("● unsaved", theme.warning),
        SaveState::Scratch => ("scratch copy: not saved", theme.warning),
        SaveState::ReadOnly => ("read-only", theme.warning),
        SaveState::Failed => ("✗ NOT SAVED", theme.status_error),
    };
    let mut views: Vec<Span> = Vec::new();
    for (i, v) in View::ALL.iter().enumerate() {
        if i > 0 {
            views.push(Span::styled(" ", theme.muted));
        }
        let label = match v {
            // The count waits for the analysis rather than delaying the frame.
            View::Checks => match doc.analysis_ready() {
                Some(a) => format!("{} {}", v.title(), a.problems),
                None => v.title().to_owned(),
            },
            _ => v.title().to_owned(),
        };
        let style = if *v == session.view {
            theme.selection.add_modifier(Modifier::BOLD)
        } else {
            theme.muted
        };
        views.push(Span::styled(format!(" {label} "), style));
    }
    let mut right_width: usize = views.iter().map(|s| width(&s.content)).sum::<usize>() + 1;
    if right_width * 2 > usize::from(area.width) {
        // Narrow terminal: name only the current view, and where it is among them.
        let position = View::ALL
            .iter()
            .position(|v| *v == session.view)
            .unwrap_or(0)
            + 1;
        let label = format!(" {} {position}/{} ", session.view.title(), View::ALL.len());
        views = vec![Span::styled(
            label,
            theme.selection.add_modifier(Modifier::BOLD),
        )];
        right_width = views.iter().map(|s| width(&s.content)).sum::<usize>() + 1;
    }
    if let Some(timer) = &session.timer {
        let now = chrome.now;
        let over = timer.is_over(now);
        let text = match (over, timer.is_running()) {
            (true, _) => format!(" TIME UP {} ", timer.display(now)),
            (false, true) => format!(" {} left ", timer.display(now)),
            (false, false) => format!(" paused {} ", timer.display(now)),
        };
        let style = if over {
            theme.status_error
        } else {
            theme.key.add_modifier(Modifier::REVERSED)
        };
        views.insert(0, Span::styled(text, style));
        views.insert(1, Span::raw(" "));
        right_width = views.iter().map(|s| width(&s.content)).sum::<usize>() + 1;
    }
    let title = if doc.ws.title.is_empty() {
        "Untitled workshop"
    } else {
        &doc.ws.title
    };
    let left_budget = usize::from(area.width).saturating_sub(right_width + 1);
    let file_part = format!("  {}  {save_text}", chrome.file);
    let title_room = left_budget.saturating_sub(width(&file_part));
    let mut spans = vec![Span::styled(
        truncate(title, title_room.max(8)),
        theme.title,
    )];
    let used = width(&spans[0].content);
    let file_room = left_budget.saturating_sub(used);
    let file_text = truncate(
        &format!("  {}", chrome.file),
        file_room.saturating_sub(width(save_text) + 2),
    );
    spans.push(Span::styled(file_text.clone(), theme.muted));
    if used + width(&file_text) + width(save_text) + 2 <= left_budget {
        spans.push(Span::raw("  "));
        spans.push(Span::styled(save_text, save_style));
    }
    let used: usize = spans.iter().map(|s| width(&s.content)).sum();
    let pad = usize::from(area.width).saturating_sub(used + right_width);
    spans.push(Span::raw(" ".repeat(pad)));
    spans.extend(views);
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// The symbols a card's meta line uses, with their meaning, for help.
pub const LEGEND: &[(&str, &str)] = &[
    ("SAL", "the Accountable silo"),
    ("no A", "nobody is Accountable"),
    ("2 A", "several silos are Accountable"),
    (
        "$ ♥ ! ↻",
        "critical for revenue, relationship, rescuing customers at risk, retention",
    ),
    ("●3", "dot votes"),
    ("✗ ~ ✓ ?", "experience today: bad, neutral, good, unknown"),
    ("✔", "agreed by the room (otherwise proposed)"),
];

/// The presentation heading: the focused moment's title (or the stage's name) in big
/// letters, what it is under it, and the timer in the corner.
fn heading(frame: &mut Frame, area: Rect, doc: &Doc, session: &Session, chrome: &Chrome) {
    let theme = chrome.theme;
    let moment = session.focus_moment.as_ref().and_then(|id| doc.moment(id));
    let stage = session.focus_stage.as_ref().and_then(|id| doc.ws.stage(id));
    let (big, small) = match (moment, stage) {
        (Some(m), Some(s)) => (
            m.title.clone(),
            format!(
                "{} · {} · {}",
                m.id,
                s.name,
                match m.accountable() {
                    Some(a) => format!(
                        "Accountable: {}",
                        doc.ws.silo(a).map_or(a.to_string(), |s| s.name.clone())
                    ),
                    None => "nobody Accountable yet".to_owned(),
                }
            ),
        ),
        (None, Some(s)) => (
            s.name.clone(),
            if s.goal.is_empty() {
                format!("Stage {}", s.id)
            } else {
                format!("Customer's goal: {}", s.goal)
            },
        ),
        _ => (doc.ws.title.clone(), String::new()),
    };
    let timer = session.timer.as_ref().map(|t| {
        let now = chrome.now;
        if t.is_over(now) {
            (format!(" TIME UP {} ", t.display(now)), theme.status_error)
        } else {
            (
                format!(" {} left ", t.display(now)),
                theme.key.add_modifier(Modifier::REVERSED),
            )
        }
    });
    let timer_width = timer.as_ref().map_or(0, |(t, _)| width(t) as u16 + 1);
    let text_area = Rect::new(
        area.x + 1,
        area.y,
        area.width.saturating_sub(timer_width + 1),
        4,
    );
    // Quadrant glyphs are 4 columns wide: cut the heading to what fits, marked with …
    let letters = usize::from(text_area.width / 4);
    let big = truncate(&big, letters.max(1));
    let big_text = tui_big_text::BigText::builder()
        .pixel_size(tui_big_text::PixelSize::Quadrant)
        .style(theme.title)
        .lines(vec![Line::from(big)])
        .build();
    frame.render_widget(big_text, text_area);
    frame.render_widget(
        Paragraph::new(Line::styled(
            format!(
                " {}",
                truncate(&small, usize::from(area.width).saturating_sub(2))
            ),
            theme.heading,
        )),
        Rect::new(area.x, area.y + 4, area.width, 1),
    );
    if let Some((t, style)) = timer {
        let w = width(&t) as u16;
        frame.render_widget(
            Paragraph::new(Span::styled(t, style)),
            Rect::new(area.x + area.width.saturating_sub(w), area.y, w, 1),
        );
    }
}

/// Dims everything on the board but the focused card (or column when the stage itself
/// has focus): the light follows the focus.
fn spotlight(frame: &mut Frame, doc: &Doc, session: &Session, theme: &Theme) {
    let area = frame.area();
    let board = layout::board(doc, session, area);
    let lit = board.columns.iter().find_map(|c| {
        if session.focus_stage.as_ref() != Some(&c.stage) {
            return None;
        }
        match &session.focus_moment {
            Some(id) => c
                .cards
                .iter()
                .find(|card| &card.moment == id)
                .map(|card| card.rect),
            None => Some(c.rect),
        }
    });
    let body = layout::screen_for(area, session).body;
    let dim = if theme.monochrome {
        Style::default().add_modifier(Modifier::DIM)
    } else {
        Style::default()
            .fg(ratatui::style::Color::DarkGray)
            .remove_modifier(Modifier::BOLD)
    };
    let buffer = frame.buffer_mut();
    for y in body.top()..body.bottom() {
        for x in body.left()..body.right() {
            if lit.is_some_and(|r| x >= r.x && x < r.right() && y >= r.y && y < r.bottom()) {
                continue;
            }
            let cell = &mut buffer[(x, y)];
            let style = cell.style().patch(dim).bg(ratatui::style::Color::Reset);
            cell.set_style(style);
        }
    }
}

fn board(frame: &mut Frame, doc: &Doc, session: &Session, theme: &Theme) {
    let area = frame.area();
    let (body, pane) = layout::split_detail(layout::screen_for(area, session).body);
    if doc.ws.stages.is_empty() {
        let text = vec![
            Line::from(""),
            Line::styled("No stages yet.", theme.heading),
            Line::from(""),
            Line::from("Press N to add the first stage of the customer's journey,"),
            Line::from("for example Awareness, Decision, Purchase, Consumption, Renewal."),
        ];
        frame.render_widget(
            Paragraph::new(text)
                .alignment(Alignment::Center)
                .wrap(Wrap { trim: true }),
            body,
        );
        return;
    }
    let board = layout::board(doc, session, area);
    for column in &board.columns {
        draw_column(frame, doc, session, theme, column);
    }
    scroll_marks(frame, body, &board, theme);
    if let Some(pane) = pane {
        super::detail::render(frame, pane, doc, session, theme);
    }
}

fn scroll_marks(frame: &mut Frame, body: Rect, board: &Board, theme: &Theme) {
    let shown = board.columns.len();
    // In the gutters: an arrow and how many stages lie that way, read top to bottom.
    let mark = |count: usize, arrow: &str| -> Vec<Line<'static>> {
        let mut lines = vec![Line::from(arrow.to_owned())];
        lines.extend(count.to_string().chars().map(|c| Line::from(c.to_string())));
        lines
    };
    let y = body.y + body.height / 2;
    let h = 4.min(body.height);
    if board.first_column > 0 {
        frame.render_widget(
            Paragraph::new(mark(board.first_column, "◀")).style(theme.key),
            Rect::new(body.x, y.saturating_sub(1), 1, h),
        );
    }
    if board.first_column + shown < board.stage_count {
        let more = board.stage_count - board.first_column - shown;
        frame.render_widget(
            Paragraph::new(mark(more, "▶")).style(theme.key),
            Rect::new(
                body.x + body.width.saturating_sub(1),
                y.saturating_sub(1),
                1,
                h,
            ),
        );
    }
}

fn draw_column(frame: &mut Frame, doc: &Doc, session: &Session, theme: &Theme, column: &ColumnBox) {
    let Some(stage) = doc.ws.stages.get(column.stage_index) else {
        return;
    };
    let focused_stage = session.focus_stage.as_ref() == Some(&stage.id);
    let header_focused = focused_stage && session.focus_moment.is_none();
    let border_style = if focused_stage {
        theme.border_focus
    } else {
        theme.border
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_type(if focused_stage {
            BorderType::Thick
        } else {
            BorderType::Plain
        })
        .border_style(border_style);
    let inner = block.inner(column.rect);
    frame.render_widget(block, column.rect);
    if inner.height == 0 || inner.width == 0 {
        return;
    }
    // Header: name and count; the count says where you are when the column scrolls.
    let count = if column.total > column.cards.len() && !column.cards.is_empty() {
        format!(
            "{}–{}/{}",
            column.first_card + 1,
            column.first_card + column.cards.len(),
            column.total
        )
    } else {
        column.total.to_string()
    };
    let name_room = usize::from(inner.width).saturating_sub(width(&count) + 2);
    let name = truncate(&stage.name, name_room);
    let pad = usize::from(inner.width).saturating_sub(width(&name) + width(&count) + 1);
    let header_style = if header_focused {
        theme.card_focus.add_modifier(Modifier::BOLD)
    } else {
        theme.heading
    };
    let header = Line::from(vec![
        Span::styled(format!(" {name}"), header_style),
        Span::styled(" ".repeat(pad), header_style),
        Span::styled(
            count,
            if header_focused {
                header_style
            } else {
                theme.muted
            },
        ),
    ]);
    frame.render_widget(
        Paragraph::new(header),
        Rect::new(inner.x, inner.y, inner.width, 1),
    );
    let cards_area = Rect::new(
        inner.x,
        inner.y + 1,
        inner.width,
        inner.height.saturating_sub(1),
    );
    if column.total == 0 {
        let text = format!("No moments in {} yet — press n", stage.name);
        frame.render_widget(
            Paragraph::new(text)
                .style(theme.muted)
                .wrap(Wrap { trim: true }),
            Rect::new(
                cards_area.x + 1,
                cards_area.y + 1,
                cards_area.width.saturating_sub(2),
                3.min(cards_area.height.saturating_sub(1)),
            ),
        );
        return;
    }
    for card in &column.cards {
        let Some(m) = doc.moment(&card.moment) else {
            continue;
        };
        let focused = session.focus_moment.as_ref() == Some(&m.id);
        draw_card(frame, doc, session, theme, m, card, focused);
    }
    if column.first_card > 0 {
        frame.render_widget(
            Paragraph::new("▲ more")
                .style(theme.muted)
                .alignment(Alignment::Right),
            Rect::new(inner.x, inner.y, inner.width, 1).intersection(Rect::new(
                inner.x + inner.width.saturating_sub(7),
                inner.y + 1,
                7,
                1,
            )),
        );
    }
    let shown_to = column.first_card + column.cards.len();
    if shown_to < column.total {
        let y = column.rect.y + column.rect.height - 1;
        let text = format!(" ▼ {} more ", column.total - shown_to);
        let w = width(&text) as u16;
        frame.render_widget(
            Paragraph::new(text).style(theme.key),
            Rect::new(
                column.rect.x + column.rect.width.saturating_sub(w + 1),
                y,
                w,
                1,
            ),
        );
    }
}

/// The meta line of a card: id, accountable silo, critical-for, votes, experience, status.
fn card_meta(doc: &Doc, session: &Session, theme: &Theme, m: &Moment) -> Vec<Span<'static>> {
    let mut spans = vec![Span::styled(m.id.to_string(), theme.id), Span::raw(" ")];
    match m.accountable_count() {
        0 => spans.push(Span::styled("no A", theme.warning)),
        1 => {
            let silo = m.accountable().expect("one accountable");
            let position = doc.ws.silos.iter().position(|s| &s.id == silo).unwrap_or(0);
            spans.push(Span::styled(silo.to_string(), theme.silo(position)));
        }
        n => spans.push(Span::styled(format!("{n} A"), theme.warning)),
    }
    if !m.critical_for.is_empty() {
        let symbols: String = m.critical_for.iter().map(|c| c.symbol()).collect();
        spans.push(Span::raw(" "));
        spans.push(Span::styled(symbols, theme.heading));
    }
    let votes = crate::model::facilitation::shown_votes(&doc.ws, m);
    if votes > 0 {
        spans.push(Span::raw(" "));
        spans.push(Span::styled(format!("●{votes}"), theme.key));
    }
    // In a hidden round a card shows only this voter's own dots.
    if let Some(round) = doc.ws.voting.as_ref().filter(|r| !r.revealed) {
        let mine = round.mine(&session.voter, &m.id);
        if mine > 0 {
            spans.push(Span::raw(" "));
            spans.push(Span::styled(format!("◦{mine}"), theme.key));
        }
    }
    let experience = match &session.segment {
        Some(g) => m.experience.get(g).copied(),
        None => m.worst_experience(),
    };
    if let Some(e) = experience {
        spans.push(Span::raw(" "));
        spans.push(Span::styled(e.symbol(), theme.experience(e)));
    }
    if m.status == crate::model::Status::Agreed {
        spans.push(Span::raw(" "));
        spans.push(Span::styled("✔", theme.good));
    }
    spans
}

fn draw_card(
    frame: &mut Frame,
    doc: &Doc,
    session: &Session,
    theme: &Theme,
    m: &Moment,
    card: &layout::CardBox,
    focused: bool,
) {
    let base = if focused {
        theme.card_focus
    } else {
        theme.card
    };
    let w = usize::from(card.rect.width);
    let mut lines = Vec::with_capacity(card.title.len() + 1);
    let mut meta = vec![Span::styled(if focused { "▌" } else { " " }, base)];
    // On the highlighted card the marks keep their symbols but take the card's style:
    // fewer style changes to send, and the symbols carry the meaning anyway.
    meta.extend(card_meta(doc, session, theme, m).into_iter().map(|s| {
        if focused {
            Span::styled(s.content, base)
        } else {
            s
        }
    }));
    let used: usize = meta.iter().map(|s| width(&s.content)).sum();
    if used < w {
        meta.push(Span::styled(" ".repeat(w - used), base));
    }
    lines.push(Line::from(meta));
    for t in &card.title {
        let style = if focused {
            base.add_modifier(Modifier::BOLD)
        } else {
            theme.card.add_modifier(Modifier::BOLD)
        };
        // One style for the bar and the title, so each line is one run for the terminal.
        lines.push(Line::from(vec![
            Span::styled(if focused { "▌" } else { " " }, style),
            Span::styled(fit(t, w.saturating_sub(1)), style),
        ]));
    }
    // The lines are already wrapped and fitted: set them directly, without a
    // Paragraph's reflow, which cost most of a frame with a screenful of cards.
    let buf = frame.buffer_mut();
    for (line, y) in lines.iter().zip(card.rect.y..card.rect.bottom()) {
        buf.set_line(card.rect.x, y, line, card.rect.width);
    }
}

fn checks(frame: &mut Frame, area: Rect, doc: &Doc, session: &Session, theme: &Theme) {
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border_focus)
        .title(Span::styled(
            " Checks: the accountability linter ",
            theme.heading,
        ));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let findings = &doc.analysis().findings;
    if findings.is_empty() {
        frame.render_widget(
            Paragraph::new(
                "No findings: every moment has exactly one Accountable silo, and nothing dangles.",
            )
            .style(theme.good)
            .wrap(Wrap { trim: true }),
            inner,
        );
        return;
    }
    let rows = usize::from(inner.height.saturating_sub(1));
    let selected = session.checks_selected.min(findings.len() - 1);
    let offset = if selected >= rows {
        selected + 1 - rows
    } else {
        0
    };
    let mut lines = Vec::new();
    for (i, f) in findings.iter().enumerate().skip(offset).take(rows) {
        let (mark, style) = match f.severity {
            Severity::Error => ("✗ error  ", theme.error),
            Severity::Warning => ("! warning", theme.warning),
            Severity::Info => ("i info   ", theme.info),
        };
        let text = format!(" {} {}", f.rule.code(), f.message);
        let row_style = theme.row(i == selected);
        let room = usize::from(inner.width).saturating_sub(width(mark) + 1);
        lines.push(Line::from(vec![
            Span::styled(format!(" {mark}"), style.patch(row_style)),
            Span::styled(fit(&text, room), row_style),
        ]));
    }
    let position = format!(" {} of {} ", selected + 1, findings.len());
    lines.push(Line::styled(position, theme.muted));
    frame.render_widget(Paragraph::new(lines), inner);
}

fn status_line(
    frame: &mut Frame,
    area: Rect,
    doc: &Doc,
    session: &Session,
    theme: &Theme,
    badges: Vec<Span<'static>>,
) {
    // The agenda and the vote round stay in sight on the right; the rest gives way.
    let badge_width: usize = badges.iter().map(|s| width(&s.content)).sum();
    let badge_width = if badge_width * 3 > usize::from(area.width) * 2 {
        0
    } else {
        badge_width
    };
    let area_left = Rect {
        width: area.width - badge_width as u16,
        ..area
    };
    if badge_width > 0 {
        frame.render_widget(
            Paragraph::new(Line::from(badges)),
            Rect {
                x: area.x + area_left.width,
                width: badge_width as u16,
                ..area
            },
        );
    }
    let area = area_left;
    let line = if let Some(msg) = &session.status {
        let style = if msg.error {
            theme.status_error
        } else {
            theme.status_ok
        };
        Line::styled(
            truncate(&format!(" {}", msg.text), usize::from(area.width)),
            style,
        )
    } else if let Some(why) = &session.read_only {
        Line::styled(
            truncate(&format!(" Read-only: {why}"), usize::from(area.width)),
            theme.warning,
        )
    } else {
        Line::styled(
            truncate(&focus_summary(doc, session), usize::from(area.width)),
            theme.muted,
        )
    };
    frame.render_widget(Paragraph::new(line), area);
}

/// One line about the focused item, in the room's words.
fn focus_summary(doc: &Doc, session: &Session) -> String {
    if session.view == View::Checks {
        return " Enter jumps to the item a finding is about".into();
    }
    if let Some(m) = session.focus_moment.as_ref().and_then(|id| doc.moment(id)) {
        let mut parts = vec![format!(" {} {}", m.id, m.title)];
        if let Some(c) = m.channel {
            parts.push(c.label().to_owned());
        }
        if let Some(i) = m.importance {
            parts.push(format!("importance {i}"));
        }
        let owners: Vec<String> = m
            .owners
            .iter()
            .map(|o| format!("{}:{}", o.silo, o.role.letter()))
            .collect();
        parts.push(if owners.is_empty() {
            "no owners: press o".into()
        } else {
            format!("owners {}", owners.join(" "))
        });
        if let Some(g) = &session.segment
            && let Some(seg) = doc.ws.segment(g)
        {
            parts.push(format!("showing {}", seg.name));
        }
        return parts.join(" · ");
    }
    if let Some(s) = session.focus_stage.as_ref().and_then(|id| doc.ws.stage(id)) {
        let mut parts = vec![format!(" Stage {} {}", s.id, s.name)];
        if !s.goal.is_empty() {
            parts.push(format!("goal: {}", s.goal));
        }
        parts.push(if session.is_view_only() {
            "Enter shows the stage".into()
        } else {
            "Enter edits the stage".into()
        });
        return parts.join(" · ");
    }
    String::new()
}

/// The keys that matter now, generated from the keymap so it never lies.
fn footer(frame: &mut Frame, area: Rect, doc: &Doc, session: &Session, chrome: &Chrome) {
    let theme = chrome.theme;
    let doc_has_open_round = doc.ws.voting.as_ref().is_some_and(|r| !r.revealed)
        && session.rights == super::session::Rights::Full;
    let doc_has_agenda =
        !doc.ws.agenda.is_empty() && session.rights == super::session::Rights::Full;
    // Each pair with its rank: when the line is too narrow, the highest ranks give way
    // first and the rest keep their order.
    let pairs: Vec<(String, &str, u8)> = match session.overlays.last() {
        Some(overlay) => overlay_keys(overlay, session.reads_only(overlay))
            .into_iter()
            .map(|(key, what)| (key, what, 0))
            .collect(),
        None => {
            let ctx = context(session);
            let actions: &[Action] = match session.view {
                View::Board if session.focus_moment.is_some() => &[
                    Action::NewMoment,
                    Action::Edit,
                    Action::Owners,
                    Action::MoveToNextStage,
                    Action::VoteAdd,
                    Action::Delete,
                    Action::Undo,
                    Action::NextView,
                    Action::Palette,
                    Action::Help,
                    Action::Quit,
                ],
                View::Board => &[
                    Action::NewMoment,
                    Action::NewStage,
                    Action::Edit,
                    Action::Delete,
                    Action::Undo,
                    Action::NextView,
                    Action::Palette,
                    Action::Help,
                    Action::Quit,
                ],
                View::Owners => &[
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
                ],
                View::Seams => &[
                    Action::NewItem,
                    Action::Edit,
                    Action::Delete,
                    Action::ShowOnBoard,
                    Action::Undo,
                    Action::NextView,
                    Action::Palette,
                    Action::Help,
                    Action::Quit,
                ],
                View::Priorities => &[
                    Action::Edit,
                    Action::Filter,
                    Action::NextView,
                    Action::Palette,
                    Action::Help,
                    Action::Quit,
                ],
                View::Experience if session.experience_drill.is_some() => &[
                    Action::RateBad,
                    Action::RateNeutral,
                    Action::RateGood,
                    Action::RateUnknown,
                    Action::ClearRating,
                    Action::Back,
                    Action::Undo,
                    Action::Help,
                    Action::Quit,
                ],
                View::Experience => &[
                    Action::Edit,
                    Action::NextView,
                    Action::Palette,
                    Action::Help,
                    Action::Quit,
                ],
                View::Segments => &[
                    Action::NewItem,
                    Action::Edit,
                    Action::EditProposition,
                    Action::Delete,
                    Action::Undo,
                    Action::NextView,
                    Action::Help,
                    Action::Quit,
                ],
                View::Language => &[
                    Action::NewItem,
                    Action::Edit,
                    Action::Search,
                    Action::Delete,
                    Action::Undo,
                    Action::NextView,
                    Action::Help,
                    Action::Quit,
                ],
                View::Plan => &[
                    Action::NewItem,
                    Action::Edit,
                    Action::Filter,
                    Action::Delete,
                    Action::Undo,
                    Action::NextView,
                    Action::Help,
                    Action::Quit,
                ],
                View::Parking => &[
                    Action::ParkingToMoment,
                    Action::ParkingToAction,
                    Action::ParkingToTerm,
                    Action::Edit,
                    Action::Delete,
                    Action::Undo,
                    Action::NextView,
                    Action::Help,
                    Action::Quit,
                ],
                View::Outline => &[
                    Action::Down,
                    Action::Up,
                    Action::NextView,
                    Action::Help,
                    Action::Quit,
                ],
                View::Checks => &[
                    Action::Edit,
                    Action::NextView,
                    Action::Palette,
                    Action::Help,
                    Action::Quit,
                ],
                View::Agenda => &[
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
                ],
            };
            // A vote round or a running agenda puts its keys among the board's.
            let mut actions = actions.to_vec();
            if session.view == View::Board {
                let at = actions
                    .iter()
                    .position(|a| *a == Action::VoteAdd)
                    .map_or(actions.len().saturating_sub(3), |i| i + 1);
                if doc_has_agenda {
                    actions.insert(at, Action::AgendaNext);
                }
                if doc_has_open_round {
                    actions.insert(at, Action::VoteReveal);
                }
            }
            let mut pairs: Vec<(String, &str, u8)> = actions
                .iter()
                // What this session would refuse is not offered (help lists it, marked).
                .filter(|a| session.refusal(**a).is_none())
                .filter_map(|a| {
                    let key = chrome.keymap.key_label(ctx, *a)?;
                    let short = if *a == Action::Edit
                        && session.is_view_only()
                        && super::session::changes_document(Action::Edit, session.view)
                    {
                        "view"
                    } else if *a == Action::Edit && session.view == View::Experience {
                        "rate"
                    } else if *a == Action::Edit && session.view == View::Seams {
                        // Enter on a derived seam records it as a handoff.
                        match super::handoffs::selected(doc, session) {
                            Some(seam) if seam.handoff.is_none() => "record",
                            _ => "edit",
                        }
                    } else if *a == Action::NewItem && session.view == View::Seams {
                        "new handoff"
                    } else if *a == Action::Edit
                        && matches!(session.view, View::Owners | View::Priorities)
                    {
                        "board"
                    } else if *a == Action::Edit && session.view == View::Checks {
                        "jump"
                    } else {
                        a.short()
                    };
                    Some((key, short, footer_rank(*a, doc.ws.voting.is_some())))
                })
                .collect();
            if let Some(following) = follow_in_footer(session)
                && let Some(key) = chrome.keymap.key_label(ctx, Action::Follow)
            {
                let what = if following { "unfollow" } else { "follow" };
                pairs.insert(0, (key, what, 1));
            }
            pairs
        }
    };
    // The last two always show (help and quit on the board; save or close and cancel in
    // overlays); the middle gives way, highest rank first, then from the right.
    let cost = |(key, what, _): &(String, &str, u8)| width(key) + width(what) + 3;
    let tail = pairs.len().min(2);
    let (head, last) = pairs.split_at(pairs.len() - tail);
    let mut budget = usize::from(area.width).saturating_sub(last.iter().map(cost).sum());
    let mut by_rank: Vec<usize> = (0..head.len()).collect();
    by_rank.sort_by_key(|&i| (head[i].2, i));
    let mut keep = vec![false; head.len()];
    for i in by_rank {
        if cost(&head[i]) <= budget {
            budget -= cost(&head[i]);
            keep[i] = true;
        }
    }
    let shown = head
        .iter()
        .zip(keep)
        .filter_map(|(pair, keep)| keep.then_some(pair))
        .chain(last);
    let mut spans = Vec::new();
    for (key, what, _) in shown {
        spans.push(Span::styled(format!(" {key}"), theme.key));
        spans.push(Span::styled(format!(" {what} "), theme.muted));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// How readily a key gives way in a narrow footer (0 stays longest): getting around and
/// the first edits a newcomer makes come first, deleting last.
/// While there is a vote round its keys are what the room is doing.
fn footer_rank(action: Action, in_round: bool) -> u8 {
    match action {
        Action::NextView => 0,
        Action::NewMoment | Action::Edit | Action::NewItem => 1,
        Action::VoteAdd | Action::VoteReveal if in_round => 1,
        Action::Owners | Action::Undo | Action::AgendaNext => 2,
        Action::Delete => 4,
        _ => 3,
    }
}

/// Whether the footer offers to follow the facilitator, and whether this person follows
/// now: for remote participants and observers, and for a facilitator who follows another.
fn follow_in_footer(session: &Session) -> Option<bool> {
    session.follow.filter(|&following| {
        following || session.rights != super::session::Rights::Full || session.read_only.is_some()
    })
}

/// The keys of an overlay; in a read-only session, editors offer only moving and closing.
fn overlay_keys(overlay: &Overlay, view_only: bool) -> Vec<(String, &'static str)> {
    let v =
        |pairs: &[(&str, &'static str)]| pairs.iter().map(|(k, w)| ((*k).to_owned(), *w)).collect();
    match overlay {
        Overlay::Form { .. } if view_only => {
            v(&[("tab/↓", "next field"), ("↑", "previous"), ("esc", "close")])
        }
        Overlay::Owners(_) if view_only => v(&[("↑/↓", "silo"), ("esc", "close")]),
        Overlay::List { .. } if view_only => {
            v(&[("↑/↓", "choose"), ("enter", "view"), ("esc", "close")])
        }
        Overlay::Form {
            target: FormTarget::PriorityFilter,
            ..
        } => v(&[
            ("enter", "apply"),
            ("tab/↓", "next field"),
            ("↑", "previous"),
            ("←/→", "choose"),
            ("esc", "cancel"),
        ]),
        Overlay::Prompt { .. } => v(&[("enter", "keep"), ("esc", "cancel")]),
        Overlay::Confirm { .. } => v(&[("y", "yes"), ("n", "no")]),
        Overlay::Form { form, .. } => {
            if form.fields[form.focus].is_multiline() {
                v(&[
                    ("ctrl-s", "save"),
                    ("tab", "next field"),
                    ("shift-tab", "previous"),
                    ("enter", "new line"),
                    ("esc", "cancel"),
                ])
            } else {
                v(&[
                    ("enter", "save"),
                    ("tab/↓", "next field"),
                    ("↑", "previous"),
                    ("←/→", "choose"),
                    ("esc", "cancel"),
                ])
            }
        }
        Overlay::Owners(d) if d.naming.is_some() => v(&[("enter", "keep"), ("esc", "cancel")]),
        Overlay::Owners(_) => v(&[
            ("a", "accountable"),
            ("r", "responsible"),
            ("c", "consulted"),
            ("i", "informed"),
            ("x", "remove"),
            ("p", "person"),
            ("S", "silos"),
            ("enter", "save"),
            ("esc", "cancel"),
        ]),
        Overlay::List { .. } => v(&[
            ("n", "new"),
            ("enter", "edit"),
            ("d", "delete"),
            ("esc", "close"),
        ]),
        Overlay::Help { .. } => v(&[("↑/↓", "scroll"), ("esc", "close")]),
        Overlay::Palette { .. } => v(&[
            ("type", "to find"),
            ("↑/↓", "choose"),
            ("enter", "run"),
            ("esc", "close"),
        ]),
        Overlay::Summary(_) => v(&[("any key", "start")]),
        Overlay::DiskConflict => v(&[
            ("r", "reload theirs"),
            ("k", "keep mine as a copy"),
            ("o", "overwrite theirs"),
        ]),
    }
}

/// A centred rectangle of at most `w`×`h`.
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height.saturating_sub(2)).max(3.min(area.height));
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height.saturating_sub(h)) / 2,
        w,
        h,
    )
}

fn panel<'a>(title: &str, theme: &Theme) -> Block<'a> {
    Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Double)
        .border_style(theme.border_focus)
        .title(Span::styled(format!(" {title} "), theme.heading))
}

fn draw_overlay(
    frame: &mut Frame,
    area: Rect,
    overlay: &Overlay,
    doc: &Doc,
    session: &Session,
    chrome: &Chrome,
) {
    let theme = chrome.theme;
    let body = layout::screen_for(area, session).body;
    match overlay {
        Overlay::Prompt { title, input, .. } => {
            let rect = centered(body, 60, 3);
            frame.render_widget(Clear, rect);
            let block = panel(title, theme);
            let inner = block.inner(rect);
            frame.render_widget(block, rect);
            if let Some(ta) = input.fields[0].textarea() {
                frame.render_widget(ta, inner);
            }
        }
        Overlay::Confirm { question, .. } => {
            let lines = wrap(question, 56, 4);
            let rect = centered(body, 60, lines.len() as u16 + 4);
            frame.render_widget(Clear, rect);
            let block = panel("Are you sure?", theme);
            let inner = block.inner(rect);
            frame.render_widget(block, rect);
            let mut text: Vec<Line> = lines
                .into_iter()
                .map(|l| Line::styled(l, theme.title))
                .collect();
            text.push(Line::from(""));
            text.push(Line::from(vec![
                Span::styled("y", theme.key),
                Span::raw(" yes   "),
                Span::styled("n", theme.key),
                Span::raw(" no"),
            ]));
            frame.render_widget(Paragraph::new(text), inner);
        }
        Overlay::Form { form, .. } => {
            let view_only = session.reads_only(overlay);
            super::forms_view::form(frame, body, form, view_only, theme)
        }
        Overlay::Owners(draft) => {
            let view_only = session.is_view_only();
            super::forms_view::owners(frame, body, draft, doc, view_only, theme)
        }
        Overlay::List { kind, selected } => list(frame, body, *kind, *selected, doc, theme),
        Overlay::Help { scroll } => {
            super::help::render(frame, body, *scroll, chrome.keymap, session, theme)
        }
        Overlay::Palette { query, selected } => {
            super::palette::render(frame, body, query, *selected, chrome.keymap, session, theme)
        }
        Overlay::Summary(lines) => {
            let rect = centered(body, 72, lines.len() as u16 + 4);
            frame.render_widget(Clear, rect);
            let block = panel("Since the last session", theme);
            let inner = block.inner(rect);
            frame.render_widget(block, rect);
            let mut text: Vec<Line> = lines.iter().map(|l| Line::from(format!(" {l}"))).collect();
            text.push(Line::from(""));
            text.push(Line::styled(" Any key to start", theme.muted));
            frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: false }), inner);
        }
        Overlay::DiskConflict => {
            let rect = centered(body, 64, 8);
            frame.render_widget(Clear, rect);
            let block = panel("The file changed on disk", theme);
            let inner = block.inner(rect);
            frame.render_widget(block, rect);
            let text = vec![
                Line::from("Someone else saved this workspace while you had unsaved edits."),
                Line::from(""),
                Line::from(vec![
                    Span::styled(" r ", theme.key),
                    Span::raw("reload theirs (your unsaved edits are dropped)"),
                ]),
                Line::from(vec![
                    Span::styled(" k ", theme.key),
                    Span::raw("keep mine as a copy next to it, then reload"),
                ]),
                Line::from(vec![
                    Span::styled(" o ", theme.key),
                    Span::raw("overwrite theirs with mine"),
                ]),
            ];
            frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: false }), inner);
        }
    }
}

fn list(frame: &mut Frame, body: Rect, kind: ListKind, selected: usize, doc: &Doc, theme: &Theme) {
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

/// A short label for an experience, for forms and summaries.
pub fn experience_text(e: Option<Experience>) -> String {
    match e {
        Some(e) => format!("{} {}", e.symbol(), e.label()),
        None => "—".into(),
    }
}

/// Keys shown in help for a context, as (action, keys, description).
/// `remote`: in a remote session, where following the facilitator applies.
pub fn help_rows(
    keymap: &Keymap,
    context: Context,
    remote: bool,
) -> Vec<(Action, String, &'static str)> {
    Action::ALL
        .iter()
        .filter(|a| remote || **a != Action::Follow)
        .filter_map(|a| {
            let keys = keymap.keys_for(context, *a);
            if keys.is_empty() {
                return None;
            }
            let names: Vec<String> = keys.iter().map(ToString::to_string).collect();
            Some((*a, names.join(" "), a.description()))
        })
        .collect()
}
