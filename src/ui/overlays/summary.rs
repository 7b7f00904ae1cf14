//! What is still open from earlier sessions, shown once on opening; any key starts.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Clear, Paragraph, Wrap};

use crate::doc::Doc;

use super::super::text::truncate;
use super::{DrawCx, centered, panel};

pub fn render(frame: &mut Frame, body: Rect, lines: &[String], cx: &DrawCx) {
    let rect = centered(body, 72, lines.len() as u16 + 4);
    frame.render_widget(Clear, rect);
    let block = panel("Since the last session", cx.theme);
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let mut text: Vec<Line> = lines.iter().map(|l| Line::from(format!(" {l}"))).collect();
    text.push(Line::from(""));
    text.push(Line::styled(" Any key to start", cx.theme.muted));
    frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: false }), inner);
}

/// What is still open from earlier sessions: open and overdue actions, parked items,
/// ownership gaps. Empty when there is nothing to carry over.
pub fn since_last_session(doc: &Doc, today: &str) -> Vec<String> {
    let ws = &doc.ws;
    let open: Vec<&crate::model::Action> =
        ws.actions.iter().filter(|a| a.status.is_open()).collect();
    if open.is_empty() && ws.parking_lot.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    if !open.is_empty() {
        let late = open
            .iter()
            .filter(|a| crate::analysis::overdue(a, today))
            .count();
        out.push(format!(
            "{} open action{}{} (8 shows the plan)",
            open.len(),
            if open.len() == 1 { "" } else { "s" },
            if late > 0 {
                format!(", {late} overdue")
            } else {
                String::new()
            }
        ));
        for a in open
            .iter()
            .filter(|a| crate::analysis::overdue(a, today))
            .take(3)
        {
            out.push(format!(
                "  ! {} due {}: {}",
                a.id,
                a.due,
                truncate(&a.what, 40)
            ));
        }
    }
    if !ws.parking_lot.is_empty() {
        out.push(format!(
            "{} item{} in the parking lot (0 shows them)",
            ws.parking_lot.len(),
            if ws.parking_lot.len() == 1 { "" } else { "s" }
        ));
    }
    let gaps = ws
        .moments
        .iter()
        .filter(|m| m.accountable_count() != 1)
        .count();
    if gaps > 0 {
        out.push(format!(
            "{gaps} moment{} without exactly one Accountable silo (2 shows owners)",
            if gaps == 1 { "" } else { "s" }
        ));
    }
    out
}
