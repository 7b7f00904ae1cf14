//! Drawing the board: columns of cards, scroll marks, the detail pane, the spotlight.
//!
//! ```text
//! ┌──────────── 1–3/4 ┐┌─────────────── 3 ┐┌──────────────── 2 ┐┌ M1 details ──────┐
//! │ Awareness         ││ Decision         ││ Installation and │ │ Coverage check   │
//! │                   ││                  ││ activation       │ │ Web · inbound    │
//! │▌M1 SAL $ ●3 ✗ ✔   ││ M4 SAL ♥ ●2 ~    ││                  │ │ ...              │
//! │▌Coverage check on ││ Compares offers  ││ M9 OPS ~         │ │                  │
//! │▌the website       │└──────────────────┘└──────────────────┘ └──────────────────┘
//! └────────── ▼ 1 more┘
//! ```
//!
//! Compact, one line per card, the stage's name on the border:
//!
//! ```text
//! ┌ Awareness ─── 4 ┐┌ Decision ──── 3 ┐
//! │▌M1 ~ ✔ Coverage…││ M4 ~ Compares o…│
//! │ M2 ✗ A neighbou…││ M5 ✓ Sales call…│
//! ```

use std::borrow::Cow;

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Paragraph, Wrap};

use crate::doc::Doc;
use crate::model::Moment;

use super::super::super::layout::screen_for;
use super::super::super::text::{fit, truncate, width};
use super::super::super::theme::Theme;
use super::super::super::Session;
use super::layout::{self, Board, ColumnBox};
use super::marks;

/// The board laid out for this frame's `area`, measured with `theme`'s marks.
pub fn laid_out(doc: &Doc, session: &Session, theme: &Theme, area: Rect) -> Board {
    laid_out_with(doc, session, theme, area, &mut layout::Memo::default())
}

/// The same, measuring only the cards `memo` does not know yet.
pub fn laid_out_with(
    doc: &Doc,
    session: &Session,
    theme: &Theme,
    area: Rect,
    memo: &mut layout::Memo,
) -> Board {
    let meta = |m: &Moment, w: usize| marks::pack(marks::meta(doc, session, m), w);
    let compact_lead = |m: &Moment, w: usize| compact_lead(doc, session, theme, m, w, false).1;
    let marks = |m: &Moment| marks::shown(doc, session, m);
    let measure = layout::Measure {
        meta: &meta,
        compact_lead: &compact_lead,
        marks: &marks,
    };
    layout::board(doc, session, area, &measure, memo)
}

/// The layout this frame settled on when it was made for this document and area, else a
/// fresh one. Debug builds (the tests) lay it out afresh too and check the two agree.
fn settled_or_laid_out<'s>(
    doc: &Doc,
    session: &'s Session,
    theme: &Theme,
    area: Rect,
) -> Cow<'s, Board> {
    match &session.views.board.settled {
        Some(s) if s.revision == doc.revision && s.area == area => {
            debug_assert_eq!(
                s.board,
                laid_out(doc, session, theme, area),
                "the settled layout is the one the draw would make"
            );
            Cow::Borrowed(&s.board)
        }
        _ => Cow::Owned(laid_out(doc, session, theme, area)),
    }
}

/// Dims everything on the board but the focused card (or column when the stage itself
/// has focus): the light follows the focus.
pub fn spotlight(frame: &mut Frame, doc: &Doc, session: &Session, theme: &Theme) {
    let area = frame.area();
    let board = laid_out(doc, session, theme, area);
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
            screen_for(area, session).body,
        );
        return;
    }
    let board = settled_or_laid_out(doc, session, theme, area);
    let board = board.as_ref();
    for column in &board.columns {
        draw_column(frame, doc, session, theme, column);
    }
    scroll_marks(frame, board, theme);
    if let Some(pane) = board.pane {
        super::super::super::detail::render(frame, pane, doc, session, theme);
    }
}

fn scroll_marks(frame: &mut Frame, board: &Board, theme: &Theme) {
    let shown = board.columns.len();
    // In the gutters: an arrow and how many stages lie that way, read top to bottom.
    let mark = |count: usize, arrow: &str| -> Vec<Line<'static>> {
        let mut lines = vec![Line::from(arrow.to_owned())];
        lines.extend(count.to_string().chars().map(|c| Line::from(c.to_string())));
        lines
    };
    let body = board.body;
    let y = body.y + body.height / 2;
    let h = 4.min(body.height);
    if board.first_column > 0 {
        frame.render_widget(
            Paragraph::new(mark(board.first_column, "◀")).style(theme.key),
            Rect::new(body.x.saturating_sub(1), y.saturating_sub(1), 1, h),
        );
    }
    if board.first_column + shown < board.stage_count {
        let more = board.stage_count - board.first_column - shown;
        let right = board.columns.last().map_or(body.right(), |c| c.rect.right());
        frame.render_widget(
            Paragraph::new(mark(more, "▶")).style(theme.key),
            Rect::new(right, y.saturating_sub(1), 1, h),
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
    if inner.height == 0 || inner.width < 4 {
        return;
    }
    let header_style = if header_focused {
        theme.card_focus.add_modifier(Modifier::BOLD)
    } else {
        theme.heading
    };
    // On the top border: the count, which says where you are when the column scrolls,
    // and, when compact, the stage's name before it.
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
    let count = if column.first_card > 0 {
        format!(" ▲ {count} ")
    } else {
        format!(" {count} ")
    };
    let room = usize::from(inner.width);
    let mut top = Vec::new();
    if column.name.is_empty() {
        let name = truncate(&stage.name, room.saturating_sub(width(&count) + 2));
        top.push(Span::styled(format!(" {name} "), header_style));
    }
    let used: usize = top.iter().map(|s| width(&s.content)).sum();
    if used + width(&count) <= room {
        let pad = room - used - width(&count);
        let line = if focused_stage { "━" } else { "─" };
        top.push(Span::styled(line.repeat(pad), border_style));
        top.push(Span::styled(
            count,
            if header_focused { header_style } else { theme.muted },
        ));
    }
    frame
        .buffer_mut()
        .set_line(inner.x, column.rect.y, &Line::from(top), inner.width);
    for (i, name) in column.name.iter().enumerate() {
        frame.buffer_mut().set_line(
            inner.x,
            inner.y + i as u16,
            &Line::styled(fit(&format!(" {name}"), room), header_style),
            inner.width,
        );
    }
    let cards_top = inner.y + column.name.len() as u16 + u16::from(!column.name.is_empty());
    if column.total == 0 {
        let text = format!("No moments in {} yet — press n", stage.name);
        frame.render_widget(
            Paragraph::new(text)
                .style(theme.muted)
                .wrap(Wrap { trim: true }),
            Rect::new(
                inner.x + 1,
                cards_top.min(inner.bottom()),
                inner.width.saturating_sub(2),
                3.min(inner.bottom().saturating_sub(cards_top)),
            ),
        );
        return;
    }
    for card in &column.cards {
        let Some(m) = doc.moment(&card.moment) else {
            continue;
        };
        let focused = session.focus_moment.as_ref() == Some(&m.id);
        if session.compact {
            draw_compact_card(frame, doc, session, theme, m, card, focused);
        } else {
            draw_card(frame, theme, m, card, focused);
        }
    }
    let shown_to = column.first_card + column.cards.len();
    if shown_to < column.total {
        let y = column.rect.bottom().saturating_sub(1);
        let text = format!(" ▼ {} more ", column.total - shown_to);
        let w = (width(&text) as u16).min(inner.width);
        frame.render_widget(
            Paragraph::new(text).style(theme.key),
            Rect::new(column.rect.right().saturating_sub(w + 1), y, w, 1),
        );
    }
}

/// A card's background: the highlighted one stands out.
fn card_style(theme: &Theme, focused: bool) -> ratatui::style::Style {
    if focused { theme.card_focus } else { theme.card }
}

/// A full card: its marks as the layout packed them, then its wrapped title.
fn draw_card(
    frame: &mut Frame,
    theme: &Theme,
    m: &Moment,
    card: &layout::CardBox,
    focused: bool,
) {
    let base = card_style(theme, focused);
    let w = usize::from(card.rect.width);
    let bar = if focused { "▌" } else { " " };
    let buf = frame.buffer_mut();
    // Each line's background goes on as a style over the whole line and only the text is
    // written: padding with spaces cost as much as the text, cell by cell. The lines are
    // already wrapped and fitted, so they are set directly, without a Paragraph's reflow.
    let mut rows = card.rect.y..card.rect.bottom();
    for (line, y) in card.meta.iter().zip(rows.by_ref()) {
        let mut meta = vec![Span::styled(bar, base)];
        // On the highlighted card the marks keep their symbols but take the card's style:
        // fewer style changes to send, and the symbols carry the meaning anyway.
        meta.extend(marks::spans(line, theme, focused.then_some(base)));
        buf.set_style(Rect::new(card.rect.x, y, card.rect.width, 1), base);
        buf.set_line(card.rect.x, y, &Line::from(meta), card.rect.width);
    }
    let style = if focused {
        base.add_modifier(Modifier::BOLD)
    } else if !m.supported {
        // Hollow: not supported today, so the title is not filled in bold.
        theme.card.add_modifier(Modifier::ITALIC | Modifier::DIM)
    } else {
        theme.card.add_modifier(Modifier::BOLD)
    };
    for (t, y) in card.title.iter().zip(rows) {
        // One style for the bar and the title, so each line is one run for the terminal.
        buf.set_style(Rect::new(card.rect.x, y, card.rect.width, 1), style);
        let line = Line::from(vec![
            Span::styled(bar, style),
            Span::styled(truncate(t, w.saturating_sub(1)), style),
        ]);
        buf.set_line(card.rect.x, y, &line, card.rect.width);
    }
}

/// Fewest columns of title the compact density keeps before marks give way.
const COMPACT_TITLE_MIN: usize = 8;

/// What a compact card shows before its title on a card `w` wide: the bar, the id and
/// the marks that leave the title room, and how many columns they take.
fn compact_lead(
    doc: &Doc,
    session: &Session,
    theme: &Theme,
    m: &Moment,
    w: usize,
    focused: bool,
) -> (Vec<Span<'static>>, usize) {
    let base = card_style(theme, focused);
    let mut spans = vec![
        Span::styled(if focused { "▌" } else { " " }, base),
        Span::styled(m.id.to_string(), if focused { base } else { theme.id }),
    ];
    let mut marks = marks::spans(&marks::after_id(doc, session, m), theme, None);
    let used: usize = spans.iter().map(|s| width(&s.content)).sum();
    // Where the column is narrow the first marks give way (each is a space and a mark),
    // so experience and agreement, the last, stay beside the title.
    let mut marks_width: usize = marks.iter().map(|s| width(&s.content)).sum();
    while !marks.is_empty() && used + marks_width + 1 + COMPACT_TITLE_MIN > w {
        let gone: Vec<Span> = marks.drain(..2.min(marks.len())).collect();
        marks_width -= gone.iter().map(|s| width(&s.content)).sum::<usize>();
    }
    spans.extend(marks.into_iter().map(|s| {
        if focused {
            Span::styled(s.content, base)
        } else {
            s
        }
    }));
    (spans, used + marks_width)
}

/// A card in the compact density: id, marks and title on one line, and the rest of the
/// title under it when the layout gave the card more lines.
fn draw_compact_card(
    frame: &mut Frame,
    doc: &Doc,
    session: &Session,
    theme: &Theme,
    m: &Moment,
    card: &layout::CardBox,
    focused: bool,
) {
    let base = card_style(theme, focused);
    let w = usize::from(card.rect.width);
    let (mut spans, used) = compact_lead(doc, session, theme, m, w, focused);
    let title_style = if focused {
        base.add_modifier(Modifier::BOLD)
    } else {
        theme.card.add_modifier(Modifier::BOLD)
    };
    let first = card.title.first().map_or("", String::as_str);
    spans.push(Span::styled(" ", base));
    spans.push(Span::styled(truncate(first, w.saturating_sub(used + 1)), title_style));
    // The title's style runs to the card's edge as a style, not as written spaces.
    let buf = frame.buffer_mut();
    let title_x = card.rect.x + (used as u16 + 1).min(card.rect.width);
    buf.set_style(
        Rect::new(title_x, card.rect.y, card.rect.right() - title_x, 1),
        title_style,
    );
    buf.set_line(card.rect.x, card.rect.y, &Line::from(spans), card.rect.width);
    let bar = if focused { "▌" } else { " " };
    let indent = " ".repeat(layout::COMPACT_INDENT - 1);
    for (t, y) in card.title.iter().skip(1).zip(card.rect.y + 1..card.rect.bottom()) {
        buf.set_style(Rect::new(card.rect.x, y, card.rect.width, 1), title_style);
        let line = Line::from(vec![
            Span::styled(bar, base),
            Span::styled(indent.clone(), base),
            Span::styled(
                truncate(t, w.saturating_sub(layout::COMPACT_INDENT)),
                title_style,
            ),
        ]);
        buf.set_line(card.rect.x, y, &line, card.rect.width);
    }
}
