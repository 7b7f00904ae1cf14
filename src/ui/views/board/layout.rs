//! Where the board's columns and cards go, computed once and shared by drawing and mouse
//! hits. Every stage gets a column when each can be [`BOARD_COLUMN_MIN`] wide (the
//! details pane gives way first); narrower journeys scroll sideways. Inside a column the
//! cards take the height they need: full titles with a blank line between cards when the
//! stage fits, tighter when it does not, one line each in the compact density. Only
//! visible columns and cards are measured, so a 10,000-moment board costs what a
//! screenful costs.

use ratatui::layout::Rect;

use crate::doc::Doc;
use crate::model::{Moment, MomentId, StageId};

use super::super::super::Session;
use super::super::super::layout::{
    BOARD_COLUMN_MIN, board_columns, details_wanted, screen_for, split_board,
};
use super::super::super::text::wrap;

/// Widest a column gets, so cards stay readable on a wide projector.
const MAX_COLUMN: u16 = 72;
/// Lines of title a card shows before cutting with `…` when its stage fits the column.
pub const TITLE_LINES: usize = 4;
/// Lines of title when the stage does not fit even without blank lines between cards.
const TIGHT_TITLE_LINES: usize = 2;
/// Lines of the stage's name above its cards.
const NAME_LINES: usize = 2;

/// How many lines a card's marks take at a width (the drawing knows the marks; the
/// layout only needs their height).
pub type Measure<'a> = &'a dyn Fn(&Moment, usize) -> usize;

/// A card placed on screen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CardBox {
    pub moment: MomentId,
    pub rect: Rect,
    /// Lines of marks (id, owner, votes, experience…) above the title; 0 when compact.
    pub meta_lines: u16,
    /// The title, wrapped to the card's width (one line, uncut, when compact).
    pub title: Vec<String>,
}

/// A column placed on screen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ColumnBox {
    pub stage: StageId,
    pub stage_index: usize,
    pub rect: Rect,
    /// The stage's name wrapped above the cards; empty when compact (it is on the border).
    pub name: Vec<String>,
    pub cards: Vec<CardBox>,
    /// First card shown, and how many there are: for "3–9/24".
    pub first_card: usize,
    pub total: usize,
}

/// The board as laid out for one frame.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Board {
    pub columns: Vec<ColumnBox>,
    pub first_column: usize,
    pub stage_count: usize,
    /// Where the columns go (between the scroll gutters when they scroll).
    pub body: Rect,
    /// The details pane, when it shows.
    pub pane: Option<Rect>,
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

    /// The column of a stage, if it is on screen.
    pub fn column(&self, stage: &StageId) -> Option<&ColumnBox> {
        self.columns.iter().find(|c| &c.stage == stage)
    }
}

fn contains(r: Rect, x: u16, y: u16) -> bool {
    x >= r.x && x < r.x + r.width && y >= r.y && y < r.y + r.height
}

/// How a column's cards are packed.
#[derive(Clone, Copy, Debug)]
struct Packing {
    compact: bool,
    /// Columns for the title (and for the marks, one more).
    text_width: usize,
    title_lines: usize,
    /// Blank lines after each card.
    gap: u16,
}

impl Packing {
    /// A card's lines: its marks and title, and the lines it needs with the gap after it.
    fn card(&self, m: &Moment, measure: Measure) -> (u16, Vec<String>, u16) {
        if self.compact {
            return (0, vec![m.title.clone()], 1);
        }
        let meta = measure(m, self.text_width + 1).max(1) as u16;
        let title = wrap(&m.title, self.text_width, self.title_lines);
        let h = meta + title.len().max(1) as u16 + self.gap;
        (meta, title, h)
    }

    /// Whether every card of the stage from `first` on fits in `height` lines.
    fn fits(&self, doc: &Doc, stage: &StageId, first: usize, height: u16, measure: Measure) -> bool {
        let mut used = 0u16;
        for m in doc.moments_in(stage).skip(first) {
            let (_, _, h) = self.card(m, measure);
            // The last card's gap may fall off the bottom.
            used = used.saturating_add(h);
            if used > height.saturating_add(self.gap) {
                return false;
            }
        }
        true
    }
}

/// The packing for a stage's cards: the roomiest one that shows the whole stage, or the
/// tightest when none does (the column then scrolls).
fn packing(doc: &Doc, session: &Session, stage: &StageId, inner: Rect, measure: Measure) -> Packing {
    let text_width = usize::from(inner.width.saturating_sub(2));
    if session.compact {
        return Packing {
            compact: true,
            text_width,
            title_lines: 1,
            gap: 0,
        };
    }
    let choices = [
        (TITLE_LINES, 1),
        (TITLE_LINES, 0),
        (TIGHT_TITLE_LINES, 0),
    ];
    let mut packing = Packing {
        compact: false,
        text_width,
        title_lines: TITLE_LINES,
        gap: 1,
    };
    for (title_lines, gap) in choices {
        packing.title_lines = title_lines;
        packing.gap = gap;
        if packing.fits(doc, stage, 0, inner.height, measure) {
            break;
        }
    }
    packing
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
    height: u16,
    packing: Packing,
    measure: Measure,
) -> usize {
    let len = doc.stage_len(stage);
    let mut first = session
        .first_card
        .get(stage)
        .copied()
        .unwrap_or(0)
        .min(len.saturating_sub(1));
    // A stage that fits whole shows whole.
    if first > 0 && packing.fits(doc, stage, 0, height, measure) {
        first = 0;
    }
    let focused =
        session.focus_stage.as_ref() == Some(stage) && session.focus_moment.is_some();
    if !focused {
        return first;
    }
    let focus = session.focus_position;
    if focus < first {
        return focus;
    }
    // Walk up from the focused card: the first card is the highest one that still lets
    // the focused card fit entirely.
    let mut used = 0u16;
    let mut top = focus;
    while let Some(m) = doc.moment_at(stage, top) {
        let (_, _, h) = packing.card(m, measure);
        let h = h - if top == focus { packing.gap } else { 0 };
        if used + h > height && top != focus {
            top += 1;
            break;
        }
        used += h;
        if top == 0 || top <= first {
            break;
        }
        top -= 1;
    }
    first.max(top)
}

/// Lays out the board in the screen `area`, asking `measure` how tall a card's marks are.
pub fn board(doc: &Doc, session: &Session, area: Rect, measure: Measure) -> Board {
    let stages = &doc.ws.stages;
    let (mut body, pane) = split_board(
        screen_for(area, session).body,
        stages.len(),
        details_wanted(session),
    );
    let fit = board_columns(body.width, stages.len());
    if fit < stages.len() {
        // Columns scroll sideways: keep a gutter on each side for the ◀ ▶ marks.
        body.x += 1;
        body.width = body.width.saturating_sub(2);
    }
    let width = (body.width / fit.max(1) as u16).clamp(BOARD_COLUMN_MIN.min(body.width), MAX_COLUMN);
    // What is left over widens the first columns by one, so the board fills its width.
    let spare = if width < MAX_COLUMN {
        usize::from(body.width.saturating_sub(width * fit as u16))
    } else {
        0
    };
    let first = first_column(session, fit, stages.len());
    let mut columns = Vec::with_capacity(fit);
    let mut x = body.x;
    for (offset, stage) in stages.iter().enumerate().skip(first).take(fit) {
        let w = width + u16::from(offset - first < spare);
        let rect = Rect::new(x, body.y, w, body.height);
        x += w;
        columns.push(column(doc, session, stage, offset, rect, measure));
    }
    Board {
        columns,
        first_column: first,
        stage_count: stages.len(),
        body,
        pane,
    }
}

/// One stage's column: its name, and the cards that fit from its first visible one.
fn column(
    doc: &Doc,
    session: &Session,
    stage: &crate::model::Stage,
    stage_index: usize,
    rect: Rect,
    measure: Measure,
) -> ColumnBox {
    // Inside the border.
    let mut inner = Rect::new(
        rect.x + 1,
        rect.y + 1,
        rect.width.saturating_sub(2),
        rect.height.saturating_sub(2),
    );
    let name = if session.compact {
        Vec::new()
    } else {
        wrap(&stage.name, usize::from(inner.width.saturating_sub(1)), NAME_LINES)
    };
    // Below the name and a blank line.
    let above = if name.is_empty() { 0 } else { name.len() as u16 + 1 };
    inner.y += above.min(inner.height);
    inner.height = inner.height.saturating_sub(above);
    let packing = packing(doc, session, &stage.id, inner, measure);
    let first_card = first_card(doc, session, &stage.id, inner.height, packing, measure);
    let mut cards = Vec::new();
    let mut y = inner.y;
    let bottom = inner.bottom();
    for m in doc.moments_in(&stage.id).skip(first_card) {
        let (meta_lines, title, h) = packing.card(m, measure);
        let lines = h - packing.gap;
        if y + lines > bottom {
            break;
        }
        cards.push(CardBox {
            moment: m.id.clone(),
            rect: Rect::new(inner.x, y, inner.width, lines),
            meta_lines,
            title,
        });
        y += h;
    }
    ColumnBox {
        stage: stage.id.clone(),
        stage_index,
        rect,
        name,
        cards,
        first_card,
        total: doc.stage_len(&stage.id),
    }
}

/// Stores the scroll positions a layout settled on, so the next frame starts there.
pub fn keep_scroll(session: &mut Session, board: &Board) {
    session.first_column = board.first_column;
    for column in &board.columns {
        session
            .first_card
            .insert(column.stage.clone(), column.first_card);
    }
}
