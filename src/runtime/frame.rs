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
    crate::ui::settle(session, doc, area);
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

/// Draws `view` of `doc` as a new session sees it, `width`×`height` cells, in `theme`,
/// into a buffer: the same settle and render as a terminal frame, with the wall clock
/// reading `secs` (seconds since the epoch, UTC). `moments export --to svg` and README's
/// picture of the board are drawn with it.
pub fn picture(
    doc: &Doc,
    view: crate::ui::View,
    (width, height): (u16, u16),
    theme: &Theme,
    label: &str,
    secs: u64,
) -> ratatui::buffer::Buffer {
    let now = Instant::now();
    let mut session = Session::new();
    session.view = view;
    session.clock = crate::clock::WallClock::fixed(now, secs, 0);
    let keymap = Keymap::default();
    let surround = Surround {
        label,
        keymap: &keymap,
        theme,
        has_file: true,
        save_failed: false,
    };
    let backend = ratatui::backend::TestBackend::new(width, height);
    let Ok(mut terminal) = Terminal::new(backend);
    let Ok(()) = draw(
        &mut terminal,
        doc,
        &mut session,
        Rect::new(0, 0, width, height),
        &surround,
        now,
    );
    terminal.backend().buffer().clone()
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

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::backend::TestBackend;

    #[test]
    fn the_title_bar_says_read_only_then_failed_then_scratch_then_unsaved() {
        let keymap = Keymap::default();
        let theme = Theme::new(ThemeName::Dark);
        let mut doc = Doc::new(crate::templates::demo());
        let mut session = Session::new();
        let surround = |has_file, save_failed| Surround {
            label: "w.ron",
            keymap: &keymap,
            theme: &theme,
            has_file,
            save_failed,
        };
        let state = |doc: &Doc, session: &Session, s| save_state(doc, session, &s);
        assert_eq!(
            state(&doc, &session, surround(true, false)),
            SaveState::Saved
        );
        assert_eq!(
            state(&doc, &session, surround(false, false)),
            SaveState::Scratch
        );
        assert_eq!(
            state(&doc, &session, surround(false, true)),
            SaveState::Failed
        );
        doc.apply(crate::model::Edit::SetTitle("Changed".into()), None)
            .unwrap();
        assert_eq!(
            state(&doc, &session, surround(true, false)),
            SaveState::Unsaved
        );
        session.read_only = Some("observers watch, they do not edit".into());
        assert_eq!(
            state(&doc, &session, surround(true, true)),
            SaveState::ReadOnly
        );
    }

    #[test]
    fn a_frame_is_settled_to_its_area_and_drawn_whole() {
        let keymap = Keymap::default();
        let theme = Theme::new(ThemeName::Dark);
        let doc = Doc::new(crate::templates::demo());
        let mut session = Session::new();
        let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
        let surround = Surround {
            label: "w.ron",
            keymap: &keymap,
            theme: &theme,
            has_file: true,
            save_failed: false,
        };
        let area = Rect::new(0, 0, 100, 30);
        draw(
            &mut terminal,
            &doc,
            &mut session,
            area,
            &surround,
            Instant::now(),
        )
        .unwrap();
        assert_eq!(session.size, (100, 30));
        assert!(
            session.focus_moment.is_some(),
            "a fresh session lands on a card"
        );
        let top: String = (0..100)
            .map(|x| terminal.backend().buffer()[(x, 0)].symbol().to_owned())
            .collect();
        assert!(top.contains("w.ron"), "{top}");
    }
}
