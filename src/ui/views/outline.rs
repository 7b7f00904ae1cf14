//! The outline: the whole journey as plain, linear text (stage, moment, owners,
//! experience) that a screen reader can follow line by line. No box drawing, no meaning
//! carried by colour or symbols alone: every mark is spelled out.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use crate::doc::Doc;
use crate::model::Role;

use crate::input::Action;

use super::super::text;
use super::super::{Cx, Session, View};
use super::{Offer, RenderCx, ViewPart, move_in_list};

#[derive(Clone, Debug, Default)]
pub struct State {
    /// First line of the outline on screen.
    pub scroll: usize,
}

pub struct Outline;

const OFFERS: &[Offer] = &list_offers![
    Offer::named(Action::Edit, "board", "Go to the board"),
];

impl ViewPart for Outline {
    fn view(&self) -> View {
        View::Outline
    }

    fn offers(&self) -> &'static [Offer] {
        OFFERS
    }

    fn footer(&self, _doc: &Doc, _session: &Session) -> Vec<Action> {
        vec![
            Action::Down,
            Action::Up,
            Action::NextView,
            Action::Help,
            Action::Quit,
        ]
    }

    fn act(&self, cx: &mut Cx, action: Action) -> bool {
        if action == Action::Edit { cx.session.view = View::Board } else {
            let (width, height) = cx.session.size;
            let len = screen_lines(cx.doc, usize::from(width)).len();
            move_in_list(&mut cx.session.views.outline.scroll, height, len, action);
        }
        true
    }

    fn render(&self, frame: &mut Frame, body: Rect, doc: &Doc, session: &Session, cx: &RenderCx) {
        let all = screen_lines(doc, usize::from(body.width));
        let room = usize::from(body.height).max(1);
        let first = session.views.outline.scroll.min(all.len().saturating_sub(room));
        let shown: Vec<Line> = all
            .into_iter()
            .skip(first)
            .take(room)
            .map(|l| Line::styled(l, cx.theme.base))
            .collect();
        frame.render_widget(Paragraph::new(shown), body);
    }
}

/// The outline's lines, in journey order.
pub fn lines(doc: &Doc) -> Vec<String> {
    let ws = &doc.ws;
    let mut out = vec![format!(
        "Workshop: {}. {} stages, {} moments of truth.",
        if ws.title.is_empty() {
            "untitled"
        } else {
            &ws.title
        },
        ws.stages.len(),
        ws.moments.len()
    )];
    let silo_name =
        |id: &crate::model::SiloId| ws.silo(id).map_or(id.to_string(), |s| s.name.clone());
    for (i, stage) in ws.stages.iter().enumerate() {
        out.push(String::new());
        out.push(format!(
            "Stage {} of {}: {}.",
            i + 1,
            ws.stages.len(),
            stage.name
        ));
        if !stage.goal.is_empty() {
            out.push(format!("  Customer's goal: {}.", stage.goal));
        }
        let moments: Vec<_> = doc.moments_in(&stage.id).collect();
        if moments.is_empty() {
            out.push("  No moments of truth yet.".into());
        }
        for m in moments {
            out.push(format!("  Moment {}: {}.", m.id, m.title));
            let by_role = |role: Role| -> Vec<String> {
                m.owners
                    .iter()
                    .filter(|o| o.role == role)
                    .map(|o| silo_name(&o.silo))
                    .collect()
            };
            let accountable = by_role(Role::Accountable);
            out.push(match accountable.len() {
                0 => "    Accountable: nobody yet.".into(),
                1 => format!("    Accountable: {}.", accountable[0]),
                _ => format!(
                    "    Accountable: {} (more than one).",
                    accountable.join(" and ")
                ),
            });
            for role in [Role::Responsible, Role::Consulted, Role::Informed] {
                let who = by_role(role);
                if !who.is_empty() {
                    out.push(format!("    {}: {}.", role.label(), who.join(", ")));
                }
            }
            if !m.critical_for.is_empty() {
                let what: Vec<String> = m
                    .critical_for
                    .iter()
                    .map(|c| c.label().to_lowercase())
                    .collect();
                out.push(format!("    Critical for: {}.", what.join(", ")));
            }
            if !m.experience.is_empty() {
                let rated: Vec<String> = m
                    .experience
                    .iter()
                    .map(|(g, e)| {
                        let name = ws.segment(g).map_or(g.to_string(), |s| s.name.clone());
                        format!("{name} {}", e.label().to_lowercase())
                    })
                    .collect();
                out.push(format!("    Experience today: {}.", rated.join("; ")));
            }
            let votes = crate::model::facilitation::shown_votes(&doc.ws, m);
            if votes > 0 {
                out.push(format!("    Votes: {votes}."));
            }
        }
    }
    out
}

/// The outline's lines wrapped to `width` columns at words, each continuation indented
/// two columns under its line, so nothing is cut at the edge of the screen.
pub fn screen_lines(doc: &Doc, width: usize) -> Vec<String> {
    let mut out = Vec::new();
    for line in lines(doc) {
        if text::width(&line) <= width || width == 0 {
            out.push(line);
            continue;
        }
        let indent = line.len() - line.trim_start().len();
        let first = &line[..indent];
        let rest = " ".repeat(indent + 2);
        // The continuation lines are narrower than the first by their indent.
        let wrapped = text::wrap(&line, width.saturating_sub(indent + 2).max(1), usize::MAX);
        let mut pieces = wrapped.into_iter();
        if let Some(head) = pieces.next() {
            out.push(format!("{first}{head}"));
        }
        out.extend(pieces.map(|p| format!("{rest}{p}")));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spells_out_what_symbols_show() {
        let doc = Doc::new(crate::templates::demo());
        let text = lines(&doc).join("\n");
        assert!(text.contains("Stage 1 of 7: Awareness."), "{text}");
        assert!(text.contains("Moment M1: Coverage check on the website."));
        assert!(
            text.contains("Accountable: nobody yet."),
            "M11 has no Accountable"
        );
        assert!(text.contains("(more than one)"), "M14 has two");
        assert!(text.contains("Critical for: driving revenue"));
        assert!(
            !text.contains('✗') && !text.contains('●'),
            "no symbol stands alone"
        );
    }

    #[test]
    fn wraps_at_words_within_the_screen() {
        let doc = Doc::new(crate::templates::demo());
        let all = lines(&doc).join(" ");
        let wrapped = screen_lines(&doc, 40);
        for line in &wrapped {
            assert!(super::text::width(line) <= 40, "{line}");
        }
        // Every word is still there, in order.
        let words: Vec<&str> = all.split_whitespace().collect();
        let joined = wrapped.join(" ");
        let again: Vec<&str> = joined.split_whitespace().collect();
        assert_eq!(words, again);
        assert!(wrapped.len() > lines(&doc).len());
    }
}
