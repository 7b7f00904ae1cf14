//! One frame for one session: settle it on the document (focus on what exists, scroll
//! where the focus is), then draw it with the title, status and footer around it. The
//! local loop and the SSH hub, for each client, draw this way. Must not depend on `cli`
//! or `serve`.

use std::time::Instant;

use ratatui::Terminal;
use ratatui::backend::Backend;
use ratatui::layout::Rect;

use crate::doc::Doc;
use crate::input::Keymap;
use crate::ui::{Chrome, SaveState, Session, Theme, ThemeName, render};

/// What a frame shows around the document besides the session.
pub struct Surround<'a> {
    /// What the title bar names: the file, and in a shared workshop who is online.
    pub label: &'a str,
    pub keymap: &'a Keymap,
    pub theme: &'a Theme,
    /// The workspace has a file (it is not the demo's scratch copy).
    pub has_file: bool,
    /// The last save failed and this session is to be told so.
    pub save_failed: bool,
}

/// Settles `session` on `doc` for `area` and draws it into `terminal`, showing `now`.
pub fn draw<B: Backend>(
    terminal: &mut Terminal<B>,
    doc: &Doc,
    session: &mut Session,
    area: Rect,
    surround: &Surround<'_>,
    now: Instant,
) -> Result<(), B::Error> {
    crate::ui::update::settle(session, doc, area);
    // Presenting switches to the projector theme, unless NO_COLOR asked for none.
    let projector;
    let theme = if session.present && !surround.theme.monochrome {
        projector = Theme::new(ThemeName::Projector);
        &projector
    } else {
        surround.theme
    };
    let chrome = Chrome {
        file: surround.label,
        now,
        save: save_state(doc, session, surround),
        keymap: surround.keymap,
        theme,
    };
    let session = &*session;
    terminal.draw(|frame| render(frame, doc, session, &chrome))?;
    Ok(())
}

/// What the title bar says about saving.
fn save_state(doc: &Doc, session: &Session, surround: &Surround<'_>) -> SaveState {
    if session.read_only.is_some() {
        SaveState::ReadOnly
    } else if surround.save_failed {
        SaveState::Failed
    } else if !surround.has_file {
        SaveState::Scratch
    } else if doc.is_dirty() {
        SaveState::Unsaved
    } else {
        SaveState::Saved
    }
}
