//! The regions of the screen: title bar (or the big heading when presenting), body,
//! status line, footer; and the detail pane beside the board on wide screens.

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

pub fn too_small(area: Rect) -> bool {
    area.width < MIN_WIDTH || area.height < MIN_HEIGHT
}
