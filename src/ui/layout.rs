//! The regions of the screen: title bar (or the big heading when presenting), body,
//! status line, footer; and the detail pane beside the board and the Owners view, which
//! on the board gives way to the stages when room is short.

use ratatui::layout::Rect;

use super::Session;

/// Below this the app asks for a bigger terminal.
pub const MIN_WIDTH: u16 = 40;

pub const MIN_HEIGHT: u16 = 10;

/// The regions of the screen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Screen {
    pub title: Rect,
    pub body: Rect,
    pub status: Rect,
    pub footer: Rect,
}

pub fn screen(area: Rect) -> Screen {
    let h = area.height;
    Screen {
        title: Rect::new(area.x, area.y, area.width, 1.min(h)),
        body: Rect::new(area.x, area.y + 1, area.width, h.saturating_sub(3)),
        status: Rect::new(area.x, area.y + h.saturating_sub(2), area.width, 1.min(h)),
        footer: Rect::new(area.x, area.y + h.saturating_sub(1), area.width, 1.min(h)),
    }
}

/// Rows the big heading takes in presentation mode.
pub const HEADING_ROWS: u16 = 6;

/// The regions of the screen for a session: in presentation mode the title bar gives way
/// to a big heading, and the footer goes (the keys still work).
pub fn screen_for(area: Rect, session: &Session) -> Screen {
    if !session.present || area.height < MIN_HEIGHT + HEADING_ROWS {
        return screen(area);
    }
    let h = area.height;
    Screen {
        title: Rect::new(area.x, area.y, area.width, HEADING_ROWS),
        body: Rect::new(
            area.x,
            area.y + HEADING_ROWS,
            area.width,
            h - HEADING_ROWS - 1,
        ),
        status: Rect::new(area.x, area.y + h - 1, area.width, 1),
        footer: Rect::new(area.x, area.y + h, area.width, 0),
    }
}

/// From this width on, a detail pane shows beside the board and the Owners view.
pub const DETAIL_MIN_WIDTH: u16 = 150;

/// How wide the detail pane is.
pub const DETAIL_WIDTH: u16 = 36;

/// Splits a view's body into the main region and, on a wide terminal, the detail pane on
/// its right.
pub fn split_detail(body: Rect) -> (Rect, Option<Rect>) {
    if body.width < DETAIL_MIN_WIDTH {
        return (body, None);
    }
    let main = Rect::new(body.x, body.y, body.width - DETAIL_WIDTH, body.height);
    let pane = Rect::new(main.right(), body.y, DETAIL_WIDTH, body.height);
    (main, Some(pane))
}

/// Narrowest a board column gets before columns scroll sideways: a card keeps about a
/// dozen columns of title, so 6 stages fit at 100 columns and 8 at 130.
pub const BOARD_COLUMN_MIN: u16 = 16;

/// Width a board column keeps beside the details pane: the pane shows on its own only
/// where every stage still gets this much, so cards keep their marks on one line.
pub const BOARD_COLUMN_BESIDE_DETAILS: u16 = 20;

/// How many board columns show side by side in `width` columns: every stage when each
/// gets [`BOARD_COLUMN_MIN`], else as many as fit between the two scroll gutters.
pub fn board_columns(width: u16, stages: usize) -> usize {
    let stages = stages.max(1);
    if usize::from(width / BOARD_COLUMN_MIN) >= stages {
        return stages;
    }
    usize::from((width.saturating_sub(2) / BOARD_COLUMN_MIN).max(1)).min(stages)
}

/// Whether this session wants the board's details pane: its own choice (`i`), or where
/// there is room (`None`) except in the compact density, whose titles need the width.
pub fn details_wanted(session: &Session) -> Option<bool> {
    session.details.or(session.compact.then_some(false))
}

/// Splits the board's body into the columns and the detail pane. `wanted` is the
/// session's choice: `Some(false)` hides the pane, `Some(true)` shows it wherever a
/// column still fits beside it, and `None` shows it only on a wide screen where it costs
/// no stage and leaves each column [`BOARD_COLUMN_BESIDE_DETAILS`] wide, so the whole
/// journey comes first.
pub fn split_board(body: Rect, stages: usize, wanted: Option<bool>) -> (Rect, Option<Rect>) {
    let room = body.width.saturating_sub(DETAIL_WIDTH);
    let show = match wanted {
        Some(false) => false,
        Some(true) => room >= 2 * BOARD_COLUMN_MIN,
        None => {
            body.width >= DETAIL_MIN_WIDTH
                && usize::from(room / BOARD_COLUMN_BESIDE_DETAILS) >= stages.max(1)
        }
    };
    if !show {
        return (body, None);
    }
    let main = Rect::new(body.x, body.y, room, body.height);
    let pane = Rect::new(main.right(), body.y, DETAIL_WIDTH, body.height);
    (main, Some(pane))
}

pub fn too_small(area: Rect) -> bool {
    area.width < MIN_WIDTH || area.height < MIN_HEIGHT
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn six_stages_fit_at_100_and_eight_at_130() {
        assert_eq!(board_columns(100, 6), 6);
        assert_eq!(board_columns(130, 8), 8);
        assert_eq!(board_columns(80, 6), 4);
        assert_eq!(board_columns(127, 8), 7);
    }

    #[test]
    fn the_detail_pane_gives_way_to_the_stages() {
        let body = |w| Rect::new(0, 1, w, 40);
        // 6 stages beside the pane at 160: 20 columns each.
        assert!(split_board(body(160), 6, None).1.is_some());
        // 7 would be 17 wide beside it, 8 only fit without it: it gives way.
        assert!(split_board(body(160), 7, None).1.is_none());
        assert!(split_board(body(160), 8, None).1.is_none());
        assert!(split_board(body(176), 7, None).1.is_some());
        assert!(split_board(body(120), 6, None).1.is_none());
        // Asked for, it shows wherever a column fits beside it; hidden, it never shows.
        assert!(split_board(body(80), 6, Some(true)).1.is_some());
        assert!(split_board(body(60), 6, Some(true)).1.is_none());
        assert!(split_board(body(200), 3, Some(false)).1.is_none());
    }
}
