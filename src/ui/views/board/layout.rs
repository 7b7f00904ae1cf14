//! Where the board's columns and cards go, computed once and shared by drawing and mouse
//! hits. Only visible columns and cards are measured, so a 10,000-moment board costs what
//! a screenful costs.

use ratatui::layout::Rect;

use crate::doc::Doc;
use crate::model::{MomentId, StageId};

use super::super::super::Session;
use super::super::super::layout::{screen_for, split_detail};
use super::super::super::text::wrap;

/// Narrowest a column gets before columns scroll sideways.
const MIN_COLUMN: u16 = 24;
/// Widest a column gets, so cards stay readable on a wide projector.
const MAX_COLUMN: u16 = 72;
/// Lines of title a card shows before cutting with `…`.
pub const TITLE_LINES: usize = 3;

/// A card placed on screen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CardBox {
    pub moment: MomentId,
    pub rect: Rect,
    /// The title, wrapped to the card's width.
    pub title: Vec<String>,
}

/// A column placed on screen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ColumnBox {
    pub stage: StageId,
    pub stage_index: usize,
    pub rect: Rect,
    pub cards: Vec<CardBox>,
    /// First card shown, and how many there are: for "3–9 of 24".
    pub first_card: usize,
    pub total: usize,
}

/// The board as laid out for one frame.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Board {
    pub columns: Vec<ColumnBox>,
    pub first_column: usize,
    pub stage_count: usize,
}

/// What a click landed on.
pub struct Hit {
    pub stage: StageId,
    pub moment: Option<MomentId>,
}

impl Board {
    pub fn hit(&self, x: u16, y: u16) -> Option<Hit> {
        let column = self.columns.iter().find(|c| contains(c.rect, x, y))?;
        let moment = column
            .cards
            .iter()
            .find(|card| contains(card.rect, x, y))
            .map(|card| card.moment.clone());
        Some(Hit {
            stage: column.stage.clone(),
            moment,
        })
    }

    pub fn column_at(&self, x: u16, y: u16) -> Option<StageId> {
        self.columns
            .iter()
            .find(|c| contains(c.rect, x, y))
            .map(|c| c.stage.clone())
    }
}

fn contains(r: Rect, x: u16, y: u16) -> bool {
    x >= r.x && x < r.x + r.width && y >= r.y && y < r.y + r.height
}

/// How many columns fit, and how wide each is.
fn columns_fit(width: u16, stages: usize) -> (usize, u16) {
    let stages = stages.max(1);
    let fit = usize::from((width / MIN_COLUMN).max(1)).min(stages);
    let w = (width / fit as u16).min(MAX_COLUMN);
    (fit, w)
}

/// Height of a card with this many title lines: a meta line, the title, a gap.
pub fn card_height(title_lines: usize) -> u16 {
    1 + title_lines.max(1) as u16 + 1
}

/// The first visible column, given the focus (kept in view) and the last first column.
fn first_column(session: &Session, fit: usize, stages: usize) -> usize {
    let focus = session.focus_stage_index.min(stages.saturating_sub(1));
    let mut first = session.first_column.min(stages.saturating_sub(fit));
    if focus < first {
        first = focus;
    }
    if focus >= first + fit {
        first = focus + 1 - fit;
    }
    first
}

/// The first visible card of a stage, so the focused card is always in view.
fn first_card(
    doc: &Doc,
    session: &Session,
    stage: &StageId,
    inner: Rect,
    focused: Option<usize>,
) -> usize {
    let len = doc.stage_len(stage);
    let mut first = session
        .first_card
        .get(stage)
        .copied()
        .unwrap_or(0)
        .min(len.saturating_sub(1));
    let Some(focus) = focused else {
        return first;
    };
    if focus < first {
        return focus;
    }
    // Walk up from the focused card: the first card is the highest one that still lets
    // the focused card fit entirely.
    let width = usize::from(inner.width.saturating_sub(2));
    let mut used = 0u16;
    let mut top = focus;
    while let Some(m) = doc.moment_at(stage, top) {
        let h = card_height(wrap(&m.title, width, TITLE_LINES).len());
        if used + h > inner.height && top != focus {
            top += 1;
            break;
        }
        used += h;
        if top == 0 || top <= first {
            break;
        }
        top -= 1;
    }
    if top > first {
        first = top;
    }
    first
}

/// Lays out the board in `body`.
pub fn board(doc: &Doc, session: &Session, area: Rect) -> Board {
    let (mut body, _) = split_detail(screen_for(area, session).body);
    let stages = &doc.ws.stages;
    let (mut fit, mut width) = columns_fit(body.width, stages.len());
    if fit < stages.len() {
        // Columns scroll sideways: keep a gutter on each side for the ◀ ▶ marks.
        body.x += 1;
        body.width = body.width.saturating_sub(2);
        (fit, width) = columns_fit(body.width, stages.len());
    }
    let first = first_column(session, fit, stages.len());
    let mut columns = Vec::with_capacity(fit);
    for (offset, stage) in stages.iter().enumerate().skip(first).take(fit) {
        let rect = Rect::new(
            body.x + (offset - first) as u16 * width,
            body.y,
            width,
            body.height,
        );
        // Inside the border, below the header line.
        let inner = Rect::new(
            rect.x + 1,
            rect.y + 2,
            rect.width.saturating_sub(2),
            rect.height.saturating_sub(3),
        );
        let focused =
            if session.focus_stage.as_ref() == Some(&stage.id) && session.focus_moment.is_some() {
                Some(session.focus_position)
            } else {
                None
            };
        let first_card = first_card(doc, session, &stage.id, inner, focused);
        let text_width = usize::from(inner.width.saturating_sub(2));
        let mut cards = Vec::new();
        let mut y = inner.y;
        let bottom = inner.y + inner.height;
        let total = doc.stage_len(&stage.id);
        for m in doc.moments_in(&stage.id).skip(first_card) {
            let title = wrap(&m.title, text_width, TITLE_LINES);
            let h = card_height(title.len());
            if y + h - 1 > bottom {
                break;
            }
            cards.push(CardBox {
                moment: m.id.clone(),
                rect: Rect::new(inner.x, y, inner.width, h - 1),
                title,
            });
            y += h;
        }
        columns.push(ColumnBox {
            stage: stage.id.clone(),
            stage_index: offset,
            rect,
            cards,
            first_card,
            total,
        });
    }
    Board {
        columns,
        first_column: first,
        stage_count: stages.len(),
    }
}

/// Stores the scroll positions the layout settled on, so the next frame starts there.
pub fn sync_scroll(session: &mut Session, doc: &Doc, area: Rect) {
    let board = board(doc, session, area);
    session.first_column = board.first_column;
    for column in &board.columns {
        session
            .first_card
            .insert(column.stage.clone(), column.first_card);
    }
}
