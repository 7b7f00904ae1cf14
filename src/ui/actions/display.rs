//! How the board shows the journey: the details pane beside it and the density of its
//! cards. Each session chooses for itself; nothing here changes the document.

use super::super::Cx;
use super::super::layout::{details_wanted, screen_for, split_board};
use ratatui::layout::Rect;

/// `i`: hides the details pane, or shows it where it did not fit the stages before.
pub fn toggle_details(cx: &mut Cx) {
    let (w, h) = cx.session.size;
    let body = screen_for(Rect::new(0, 0, w, h), cx.session).body;
    let stages = cx.doc.ws.stages.len();
    let shown = split_board(body, stages, details_wanted(cx.session))
        .1
        .is_some();
    cx.session.details = Some(!shown);
    if shown {
        cx.say("Details hidden: i shows them again");
    } else if split_board(body, stages, Some(true)).1.is_some() {
        cx.say("Details shown beside the board: i hides them");
    } else {
        cx.say("No room for the details at this width: they show when the terminal is wider");
    }
}

/// `c`: one line per card (id, marks, title), so a long stage shows whole; again for full
/// cards.
pub fn toggle_compact(cx: &mut Cx) {
    cx.session.compact = !cx.session.compact;
    cx.say(if cx.session.compact {
        "Compact cards: id, marks and title on a line; c for full cards"
    } else {
        "Full cards: c for compact ones"
    });
}
