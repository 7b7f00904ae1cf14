//! The chrome around a view: the title bar (or the big heading when presenting), the
//! status line, the footer and help, all generated from what the focused view offers;
//! and [`render`], which draws a whole frame. Drawing only borrows.
//!
//! ```text
//! Northwind onboarding · demo.ron        ✓ saved   Board  Owners  Seams …
//! ┌ the focused view ─────────────────────────────────────────────────────┐
//! └───────────────────────────────────────────────────────────────────────┘
//! M1 Coverage check · Web · owners SAL:A           ▶ 2/5 Stages · 3 min left
//!  n new  enter edit  o owners  L move  + vote  u undo  tab view  ? help  q quit
//! ```

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::doc::Doc;

use super::overlays::{self, DrawCx, Listing};
use super::text::{truncate, width};
use super::views::{self, RenderCx};
use super::{Chrome, SaveState, Session, layout};

pub mod footer;
pub mod help;
pub mod status;

/// Draws one frame.
pub fn render(frame: &mut Frame, doc: &Doc, session: &Session, chrome: &Chrome) {
    let area = frame.area();
    let theme = chrome.theme;
    if layout::too_small(area) {
        let text = format!(
            "moments needs at least {}×{}; this terminal is {}×{}. Make it bigger.",
            layout::MIN_WIDTH,
            layout::MIN_HEIGHT,
            area.width,
            area.height
        );
        frame.render_widget(
            Paragraph::new(text)
                .wrap(Wrap { trim: true })
                .style(theme.warning),
            area,
        );
        return;
    }
    let screen = layout::screen_for(area, session);
    if session.present && screen.title.height > 1 {
        heading(frame, screen.title, doc, session, chrome);
    } else {
        title_bar(frame, screen.title, doc, session, chrome);
    }
    let cx = RenderCx {
        theme,
        now: chrome.now,
    };
    views::part(session.view).render(frame, screen.body, doc, session, &cx);
    status::render(frame, screen.status, doc, session, chrome);
    let draw = DrawCx {
        doc,
        session,
        chrome,
        theme,
    };
    footer::render(frame, screen.footer, doc, session, &draw);
    if let Some(overlay) = session.overlays.last() {
        // Only the overlay on top needs its lists; help and the palette make theirs here.
        let (help, commands) = match overlay {
            overlays::Overlay::Help { .. } => {
                // Wrapped to the panel, so no description is cut at its edge.
                let inner = overlays::help::WIDTH
                    .min(screen.body.width)
                    .saturating_sub(2);
                let lines = help::lines(chrome.keymap, session, theme);
                (help::wrap_to(lines, usize::from(inner)), Vec::new())
            }
            overlays::Overlay::Palette { .. } => {
                (Vec::new(), super::commands::palette(chrome.keymap, session))
            }
            _ => (Vec::new(), Vec::new()),
        };
        let listing = Listing {
            help: &help,
            commands: &commands,
        };
        overlays::draw(frame, screen.body, overlay, &draw, &listing);
    }
}

fn title_bar(frame: &mut Frame, area: Rect, doc: &Doc, session: &Session, chrome: &Chrome) {
    let theme = chrome.theme;
    let (save_text, save_style) = match chrome.save {
        SaveState::Saved => ("✓ saved", theme.status_ok),
        SaveState::Unsaved => ("● unsaved", theme.warning),
        SaveState::Scratch => ("scratch copy: not saved", theme.warning),
        SaveState::ReadOnly => ("read-only", theme.warning),
        SaveState::Failed => ("✗ NOT SAVED", theme.status_error),
    };
    let mut views: Vec<Span> = Vec::new();
    for (i, part) in views::REGISTRY.iter().enumerate() {
        if i > 0 {
            views.push(Span::styled(" ", theme.muted));
        }
        let label = part.tab(doc);
        let style = if part.view() == session.view {
            theme.selection.add_modifier(Modifier::BOLD)
        } else {
            theme.muted
        };
        views.push(Span::styled(format!(" {label} "), style));
    }
    let mut right_width: usize = views.iter().map(|s| width(&s.content)).sum::<usize>() + 1;
    if right_width * 2 > usize::from(area.width) {
        // Narrow terminal: name only the current view, and where it is among them.
        let position = views::REGISTRY
            .iter()
            .position(|p| p.view() == session.view)
            .unwrap_or(0)
            + 1;
        let label = format!(
            " {} {position}/{} ",
            session.view.label(),
            views::REGISTRY.len()
        );
        views = vec![Span::styled(
            label,
            theme.selection.add_modifier(Modifier::BOLD),
        )];
        right_width = views.iter().map(|s| width(&s.content)).sum::<usize>() + 1;
    }
    if let Some(timer) = &session.timer {
        let now = chrome.now;
        let over = timer.is_over(now);
        let text = match (over, timer.is_running()) {
            (true, _) => format!(" TIME UP {} ", timer.display(now)),
            (false, true) => format!(" {} left ", timer.display(now)),
            (false, false) => format!(" paused {} ", timer.display(now)),
        };
        let style = if over {
            theme.status_error
        } else {
            theme.key.add_modifier(Modifier::REVERSED)
        };
        views.insert(0, Span::styled(text, style));
        views.insert(1, Span::raw(" "));
        right_width = views.iter().map(|s| width(&s.content)).sum::<usize>() + 1;
    }
    let title = if doc.ws.title.is_empty() {
        "Untitled workshop"
    } else {
        &doc.ws.title
    };
    let left_budget = usize::from(area.width).saturating_sub(right_width + 1);
    // Over SSH the file's label goes on with who is online and how to join: facts the
    // room needs, kept before the workshop's name. The name comes before the path, which
    // takes what is left (a little is kept for it when nothing follows it).
    let (path, facts) = match chrome.file.split_once("  · ") {
        Some((path, facts)) => (path, format!("  · {facts}")),
        None => (chrome.file, String::new()),
    };
    let save_width = width(save_text) + 2;
    let path_keep = if facts.is_empty() {
        width(path).min(FILE_KEEP) + 2
    } else {
        0
    };
    let room = left_budget.saturating_sub(save_width);
    let title_room = room.saturating_sub(width(&facts) + path_keep);
    let mut spans = vec![Span::styled(
        truncate(title, title_room.max(8)),
        theme.title,
    )];
    let used = width(&spans[0].content);
    let path_room = room.saturating_sub(used + width(&facts) + 2);
    if path_room >= FILE_KEEP.min(width(path)) {
        spans.push(Span::styled(
            format!("  {}", truncate(path, path_room)),
            theme.muted,
        ));
    }
    let used: usize = spans.iter().map(|s| width(&s.content)).sum();
    if !facts.is_empty() {
        spans.push(Span::styled(
            truncate(&facts, room.saturating_sub(used)),
            theme.muted,
        ));
    }
    let used: usize = spans.iter().map(|s| width(&s.content)).sum();
    if used + save_width <= left_budget {
        spans.push(Span::raw("  "));
        spans.push(Span::styled(save_text, save_style));
    }
    let used: usize = spans.iter().map(|s| width(&s.content)).sum();
    let pad = usize::from(area.width).saturating_sub(used + right_width);
    spans.push(Span::raw(" ".repeat(pad)));
    spans.extend(views);
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// Columns of the file's label the title bar keeps beside a long workshop name.
const FILE_KEEP: usize = 16;

/// The presentation heading: the focused moment's title (or the stage's name) in big
/// letters, what it is under it, and the timer in the corner.
fn heading(frame: &mut Frame, area: Rect, doc: &Doc, session: &Session, chrome: &Chrome) {
    let theme = chrome.theme;
    let moment = session.focus_moment.as_ref().and_then(|id| doc.moment(id));
    let stage = session.focus_stage.as_ref().and_then(|id| doc.ws.stage(id));
    let (big, small) = match (moment, stage) {
        (Some(m), Some(s)) => (
            m.title.clone(),
            format!(
                "{} · {} · {}",
                m.id,
                s.name,
                match m.accountable() {
                    Some(a) => format!(
                        "Accountable: {}",
                        doc.ws.silo(a).map_or(a.to_string(), |s| s.name.clone())
                    ),
                    None => "nobody Accountable yet".to_owned(),
                }
            ),
        ),
        (None, Some(s)) => (
            s.name.clone(),
            if s.goal.is_empty() {
                format!("Stage {}", s.id)
            } else {
                format!("Customer's goal: {}", s.goal)
            },
        ),
        _ => (doc.ws.title.clone(), String::new()),
    };
    let timer = session.timer.as_ref().map(|t| {
        let now = chrome.now;
        if t.is_over(now) {
            (format!(" TIME UP {} ", t.display(now)), theme.status_error)
        } else {
            (
                format!(" {} left ", t.display(now)),
                theme.key.add_modifier(Modifier::REVERSED),
            )
        }
    });
    let timer_width = timer.as_ref().map_or(0, |(t, _)| width(t) as u16 + 1);
    let text_area = Rect::new(
        area.x + 1,
        area.y,
        area.width.saturating_sub(timer_width + 1),
        4,
    );
    // Quadrant glyphs are 4 columns wide: cut the heading to what fits, marked with …
    let letters = usize::from(text_area.width / 4);
    let big = truncate(&big, letters.max(1));
    let big_text = tui_big_text::BigText::builder()
        .pixel_size(tui_big_text::PixelSize::Quadrant)
        .style(theme.title)
        .lines(vec![Line::from(big)])
        .build();
    frame.render_widget(big_text, text_area);
    frame.render_widget(
        Paragraph::new(Line::styled(
            format!(
                " {}",
                truncate(&small, usize::from(area.width).saturating_sub(2))
            ),
            theme.heading,
        )),
        Rect::new(area.x, area.y + 4, area.width, 1),
    );
    if let Some((t, style)) = timer {
        let w = width(&t) as u16;
        frame.render_widget(
            Paragraph::new(Span::styled(t, style)),
            Rect::new(area.x + area.width.saturating_sub(w), area.y, w, 1),
        );
    }
}
