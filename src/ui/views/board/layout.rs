//! Where the board's columns and cards go, computed once and shared by drawing and mouse
//! hits. Every stage gets a column when each can be [`BOARD_COLUMN_MIN`] wide (the
//! details pane gives way first); narrower journeys scroll sideways. Inside a column the
//! cards take the height they need: full titles with a blank line between cards when the
//! stage fits, tighter when it does not. The compact density puts id, marks and title on
//! one line, and lets the title go on under it while the stage has the room. Only
//! visible columns and cards are measured, so a 10,000-moment board costs what a
//! screenful costs.

use std::collections::HashMap;
use std::sync::Arc;

use ratatui::layout::Rect;

use crate::doc::Doc;
use crate::model::{Moment, MomentId, SegmentId, StageId};

use super::super::super::Session;
use super::super::super::layout::{
    BOARD_COLUMN_MIN, board_columns, details_wanted, screen_for, split_board,
};
use super::super::super::text::{wrap, wrap_hanging};
use super::marks::Mark;

/// Widest a column gets, so cards stay readable on a wide projector.
const MAX_COLUMN: u16 = 72;
/// Lines of title a card shows before cutting with `…` when its stage fits the column.
pub const TITLE_LINES: usize = 4;
/// Lines of title when the stage does not fit even without blank lines between cards.
const TIGHT_TITLE_LINES: usize = 2;
/// Lines of the stage's name above its cards.
const NAME_LINES: usize = 2;

/// What the layout asks of the drawing, which knows the marks: a card's marks packed into
/// lines of a width, and how many columns the compact density's bar, id and marks take
/// before the title on a card of a width.
pub struct Measure<'a> {
    pub meta: &'a dyn Fn(&Moment, usize) -> Vec<Vec<Mark>>,
    pub compact_lead: &'a dyn Fn(&Moment, usize) -> usize,
    /// What a card's marks show, as one number: measurements made for the same number
    /// and title still hold after an edit elsewhere.
    pub marks: &'a dyn Fn(&Moment) -> u64,
}

/// Lines of title a compact card may take when its stage has the room.
const COMPACT_TITLE_LINES: usize = 3;
/// Columns the compact density indents a title's further lines by (the bar and two).
pub const COMPACT_INDENT: usize = 3;

/// Cards already measured: the lines of marks and the wrapped title of each card at a
/// width. A frame tries up to three packings a column and the next keystroke lays out
/// the same cards again, while measuring (building the marks, wrapping the title) is
/// the dear part. A measurement holds for the document revision it was made in, and
/// after an edit for as long as the card's title and marks are what they were.
#[derive(Clone, Debug, Default)]
pub struct Memo {
    revision: u64,
    made_for: Option<MemoKey>,
    /// By (stage index, position in the stage, text width, title lines, compact).
    cards: HashMap<(usize, usize, u16, u8, bool), Measured>,
}

/// What the session shows on cards, which the marks depend on besides the document.
#[derive(Clone, Debug, PartialEq, Eq)]
struct MemoKey {
    segment: Option<SegmentId>,
    all_rounds: bool,
    voter: String,
}

/// Most measurements kept: a screenful is a few hundred; scrolling a long journey
/// through at several widths should not grow this without end.
const MEMO_CARDS: usize = 20_000;

#[derive(Clone, Debug)]
struct Measured {
    /// The revision it was last found to hold in.
    revision: u64,
    marks: u64,
    title_of: String,
    meta: Arc<[Vec<Mark>]>,
    title: Arc<[String]>,
}

impl Memo {
    /// Forgets what was measured for other marks, and all of it when it grew too big.
    fn made_for(&mut self, doc: &Doc, session: &Session) {
        let key = MemoKey {
            segment: session.segment.clone(),
            all_rounds: session.all_rounds,
            voter: session.voter.clone(),
        };
        if self.made_for.as_ref() != Some(&key) || self.cards.len() > MEMO_CARDS {
            self.cards.clear();
            self.made_for = Some(key);
        }
        self.revision = doc.revision;
    }
}

/// What lays a column's cards out: the marks' measure and the measurements so far.
struct Measurer<'a, 'm> {
    measure: &'a Measure<'a>,
    memo: &'m mut Memo,
}

impl Measurer<'_, '_> {
    /// The card at `position` in stage `stage` (by index), measured for `packing`.
    fn card(&mut self, stage: usize, position: usize, m: &Moment, packing: &Packing) -> &Measured {
        let key = (
            stage,
            position,
            packing.text_width as u16,
            packing.title_lines as u8,
            packing.compact,
        );
        let measure = self.measure;
        let revision = self.memo.revision;
        match self.memo.cards.entry(key) {
            std::collections::hash_map::Entry::Occupied(found) => {
                let found = found.into_mut();
                if found.revision != revision {
                    // Made before an edit: still right if the card shows the same.
                    if found.title_of == m.title && found.marks == (measure.marks)(m) {
                        found.revision = revision;
                    } else {
                        *found = measured(m, packing, measure, revision);
                    }
                }
                found
            }
            std::collections::hash_map::Entry::Vacant(room) => {
                room.insert(measured(m, packing, measure, revision))
            }
        }
    }
}

impl Measured {
    /// Lines of marks: at least one on a full card (its id), none when compact.
    fn meta_lines(&self) -> u16 {
        self.meta.len() as u16
    }
}

/// Measures a card for `packing`.
fn measured(m: &Moment, packing: &Packing, measure: &Measure, revision: u64) -> Measured {
    let (meta, title): (Vec<Vec<Mark>>, Vec<String>) = if packing.compact {
        // The card's width: the title's and the two columns around it.
        let w = packing.text_width + 2;
        let lead = (measure.compact_lead)(m, w);
        let title = wrap_hanging(
            &m.title,
            w.saturating_sub(lead + 1),
            w.saturating_sub(COMPACT_INDENT),
            packing.title_lines,
        );
        (Vec::new(), title)
    } else {
        (
            (measure.meta)(m, packing.text_width + 1),
            wrap(&m.title, packing.text_width, packing.title_lines),
        )
    };
    Measured {
        revision,
        marks: (measure.marks)(m),
        title_of: m.title.clone(),
        meta: meta.into(),
        title: title.into(),
    }
}

/// A card placed on screen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CardBox {
    pub moment: MomentId,
    pub rect: Rect,
    /// Lines of marks (id, owner, votes, experience…) above the title; 0 when compact.
    pub meta_lines: u16,
    /// Those lines' marks, packed to the card's width (none when compact).
    pub meta: Arc<[Vec<Mark>]>,
    /// The title, wrapped to the card's width (one line, uncut, when compact).
    pub title: Arc<[String]>,
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
    /// A card placed at `rect` (its height is its lines, without the gap after it).
    fn card(
        &self,
        (stage, position): (usize, usize),
        m: &Moment,
        rect: Rect,
        cards: &mut Measurer,
    ) -> CardBox {
        if self.compact && self.title_lines == 1 {
            // Cut where it is drawn, after the marks.
            return CardBox {
                moment: m.id.clone(),
                rect,
                meta_lines: 0,
                meta: Arc::from([]),
                title: Arc::from([m.title.clone()]),
            };
        }
        let card = cards.card(stage, position, m, self);
        CardBox {
            moment: m.id.clone(),
            rect,
            meta_lines: card.meta_lines(),
            meta: Arc::clone(&card.meta),
            title: Arc::clone(&card.title),
        }
    }

    /// The lines a card needs with the gap after it.
    fn height(&self, stage: usize, position: usize, m: &Moment, cards: &mut Measurer) -> u16 {
        if self.compact && self.title_lines == 1 {
            return 1;
        }
        let card = cards.card(stage, position, m, self);
        card.meta_lines() + card.title.len().max(1) as u16 + self.gap
    }

    /// Whether every card of the stage from `first` on fits in `height` lines.
    fn fits(
        &self,
        doc: &Doc,
        stage: (usize, &StageId),
        first: usize,
        height: u16,
        cards: &mut Measurer,
    ) -> bool {
        let mut used = 0u16;
        for (position, m) in doc.moments_from(stage.1, first) {
            // The last card's gap may fall off the bottom.
            used = used.saturating_add(self.height(stage.0, position, m, cards));
            if used > height.saturating_add(self.gap) {
                return false;
            }
        }
        true
    }
}

/// The packing for a stage's cards: the roomiest one that shows the whole stage, or the
/// tightest when none does (the column then scrolls).
fn packing(
    doc: &Doc,
    session: &Session,
    stage: (usize, &StageId),
    inner: Rect,
    cards: &mut Measurer,
) -> Packing {
    let text_width = usize::from(inner.width.saturating_sub(2));
    let choices: &[(usize, u16)] = if session.compact {
        &[(COMPACT_TITLE_LINES, 0), (2, 0), (1, 0)]
    } else {
        &[(TITLE_LINES, 1), (TITLE_LINES, 0), (TIGHT_TITLE_LINES, 0)]
    };
    let mut packing = Packing {
        compact: session.compact,
        text_width,
        title_lines: TITLE_LINES,
        gap: 1,
    };
    for &(title_lines, gap) in choices {
        packing.title_lines = title_lines;
        packing.gap = gap;
        if packing.fits(doc, stage, 0, inner.height, cards) {
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
    (index, stage): (usize, &StageId),
    height: u16,
    packing: Packing,
    cards: &mut Measurer,
) -> usize {
    let len = doc.stage_len(stage);
    let mut first = session
        .first_card
        .get(stage)
        .copied()
        .unwrap_or(0)
        .min(len.saturating_sub(1));
    // A stage that fits whole shows whole.
    if first > 0 && packing.fits(doc, (index, stage), 0, height, cards) {
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
        let h = packing.height(index, top, m, cards) - if top == focus { packing.gap } else { 0 };
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

/// Lays out the board in the screen `area`, asking `measure` how tall a card's marks are
/// unless `memo` already knows.
pub fn board(
    doc: &Doc,
    session: &Session,
    area: Rect,
    measure: &Measure,
    memo: &mut Memo,
) -> Board {
    memo.made_for(doc, session);
    let mut cards = Measurer { measure, memo };
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
        columns.push(column(doc, session, stage, offset, rect, &mut cards));
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
    cards: &mut Measurer,
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
    let at = (stage_index, &stage.id);
    let packing = packing(doc, session, at, inner, cards);
    let first_card = first_card(doc, session, at, inner.height, packing, cards);
    let mut placed = Vec::new();
    let mut y = inner.y;
    let bottom = inner.bottom();
    for (position, m) in doc.moments_from(&stage.id, first_card) {
        let lines = packing.height(stage_index, position, m, cards) - packing.gap;
        if y + lines > bottom {
            break;
        }
        let rect = Rect::new(inner.x, y, inner.width, lines);
        placed.push(packing.card((stage_index, position), m, rect, cards));
        y += lines + packing.gap;
    }
    ColumnBox {
        stage: stage.id.clone(),
        stage_index,
        rect,
        name,
        cards: placed,
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
