//! Drawing the board: columns of cards, scroll marks, the detail pane, the spotlight.
//!
//! ```text
//! ┌ S1 Awareness 1–3 of 4 ┐┌ S2 Decision ──────────┐┌ details ──────────┐
//! │ M1 Coverage check on  ││ M4 Compares offers    ││ M1 Coverage check │
//! │ the website           ││ SAL ♥ ●2 ~            ││ Web · inbound     │
//! │ SAL $ ●3 ✗ ✔          │└───────────────────────┘│ ...               │
//! └───────────────────────┘                         └───────────────────┘
//! ```

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Paragraph, Wrap};

use crate::doc::Doc;
use crate::model::Moment;

use super::super::super::layout::{screen_for, split_detail};
use super::super::super::text::{fit, truncate, width};
use super::super::super::theme::Theme;
use super::super::super::Session;
use super::layout::{self, Board, ColumnBox};

/// Dims everything on the board but the focused card (or column when the stage itself
/// has focus): the light follows the focus.
pub fn spotlight(frame: &mut Frame, doc: &Doc, session: &Session, theme: &Theme) {
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
    let body = screen_for(area, session).body;
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

pub fn board(frame: &mut Frame, doc: &Doc, session: &Session, theme: &Theme) {
    let area = frame.area();
    let (body, pane) = split_detail(screen_for(area, session).body);
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
        super::super::super::detail::render(frame, pane, doc, session, theme);
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
    // A hollow mark before the id: an interaction we do not support today.
    let mut spans = if m.supported {
        vec![Span::styled(m.id.to_string(), theme.id), Span::raw(" ")]
    } else {
        vec![
            Span::styled(format!("○{}", m.id), theme.muted),
            Span::raw(" "),
        ]
    };
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
    let (mark, votes) = super::dots(doc, session, m);
    if votes > 0 {
        spans.push(Span::raw(" "));
        spans.push(Span::styled(format!("{mark}{votes}"), theme.key));
    }
    // A competitor does this moment better than we do.
    if m.versus.values().any(|s| *s == crate::model::Standing::Ahead) {
        spans.push(Span::raw(" "));
        spans.push(Span::styled("»", theme.bad));
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
        } else if !m.supported {
            // Hollow: not supported today, so the title is not filled in bold.
            theme.card.add_modifier(Modifier::ITALIC | Modifier::DIM)
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

