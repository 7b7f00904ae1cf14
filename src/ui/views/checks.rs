//! The Checks view: every finding of the accountability linter, each a jump to its item.
//!
//! ```text
//! ┌ Checks: the accountability linter ─────────────────────────┐
//! │ ✗ error   no-accountable M2 “Sees an ad” has no Accountable │
//! │ ! warning painful-handoff H1 SAL → SVC is high risk          │
//! │ 1 of 2                                                       │
//! └──────────────────────────────────────────────────────────────┘
//! ```

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::doc::Doc;
use crate::input::Action;
use crate::model::{ItemKey, MomentId, Severity};

use super::super::overlays::{ListKind, Overlay};
use super::super::text::{fit, width};
use super::super::{Cx, Session, View};
use super::{Offer, RenderCx, ViewPart, frame_block, move_in_list};

#[derive(Clone, Debug, Default)]
pub struct State {
    /// The selected finding, by position in the document's findings.
    pub selected: usize,
}

pub struct Checks;

const OFFERS: &[Offer] = &list_offers![
    Offer::named(
        Action::Edit,
        "jump",
        "Go to the item the finding is about",
    ),
];

impl ViewPart for Checks {
    fn view(&self) -> View {
        View::Checks
    }

    fn offers(&self) -> &'static [Offer] {
        OFFERS
    }

    fn footer(&self, _doc: &Doc, _session: &Session) -> Vec<Action> {
        vec![
            Action::Edit,
            Action::NextView,
            Action::Palette,
            Action::Help,
            Action::Quit,
        ]
    }

    fn tab(&self, doc: &Doc) -> String {
        // The count waits for the analysis rather than delaying the frame.
        match doc.analysis_ready() {
            Some(a) => format!("{} {}", View::Checks.label(), a.problems),
            None => View::Checks.label().to_owned(),
        }
    }

    fn hint(&self) -> Option<&'static str> {
        Some(" Enter jumps to the item a finding is about")
    }

    fn act(&self, cx: &mut Cx, action: Action) -> bool {
        if action == Action::Edit { jump_to_finding(cx) } else {
            let len = cx.doc.analysis().findings.len();
            let height = cx.session.size.1;
            move_in_list(&mut cx.session.views.checks.selected, height, len, action);
        }
        true
    }

    fn render(&self, frame: &mut Frame, area: Rect, doc: &Doc, session: &Session, cx: &RenderCx) {
        let theme = cx.theme;
        let block = frame_block(" Checks: the accountability linter ".to_owned(), theme);
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let findings = &doc.analysis().findings;
        if findings.is_empty() {
            frame.render_widget(
                Paragraph::new(
                    "No findings: every moment has exactly one Accountable silo, and nothing dangles.",
                )
                .style(theme.good)
                .wrap(Wrap { trim: true }),
                inner,
            );
            return;
        }
        let rows = usize::from(inner.height.saturating_sub(1));
        let selected = session.views.checks.selected.min(findings.len() - 1);
        let offset = if selected >= rows {
            selected + 1 - rows
        } else {
            0
        };
        let mut lines = Vec::new();
        for (i, f) in findings.iter().enumerate().skip(offset).take(rows) {
            let (mark, style) = match f.severity {
                Severity::Error => ("✗ error  ", theme.error),
                Severity::Warning => ("! warning", theme.warning),
                Severity::Info => ("i info   ", theme.info),
            };
            let text = format!(" {} {}", f.rule.code(), f.message);
            let row_style = theme.row(i == selected);
            let room = usize::from(inner.width).saturating_sub(width(mark) + 1);
            lines.push(Line::from(vec![
                Span::styled(format!(" {mark}"), style.patch(row_style)),
                Span::styled(fit(&text, room), row_style),
            ]));
        }
        let position = format!(" {} of {} ", selected + 1, findings.len());
        lines.push(Line::styled(position, theme.muted));
        frame.render_widget(Paragraph::new(lines), inner);
    }
}

/// Focuses the item a finding is about: on the board, or in its list.
fn jump_to_finding(cx: &mut Cx) {
    let doc = &*cx.doc;
    let Some(finding) = doc.analysis().findings.get(cx.session.views.checks.selected) else {
        return;
    };
    let moment: Option<MomentId> = match &finding.item {
        ItemKey::Moment(id) => Some(id.clone()),
        ItemKey::Handoff(id) => doc
            .ws
            .handoffs
            .iter()
            .find(|h| &h.id == id)
            .map(|h| h.moment.clone()),
        ItemKey::Action(id) => doc
            .ws
            .actions
            .iter()
            .find(|a| &a.id == id)
            .map(|a| a.moment.clone()),
        _ => None,
    };
    if let Some(m) = moment.as_ref().and_then(|id| doc.moment(id)) {
        cx.session.focus_stage = Some(m.stage.clone());
        cx.session.focus_moment = Some(m.id.clone());
        cx.session.view = View::Board;
        return;
    }
    let item = finding.item.clone();
    match &item {
        ItemKey::Stage(id) => {
            cx.session.focus_stage = Some(id.clone());
            cx.session.focus_moment = None;
            cx.session.view = View::Board;
        }
        ItemKey::Silo(_) => {
            let selected = doc
                .ws
                .silos
                .iter()
                .position(|s| ItemKey::Silo(s.id.clone()) == item)
                .unwrap_or(0);
            cx.open(Overlay::List {
                kind: ListKind::Silos,
                selected,
            });
        }
        ItemKey::Segment(_) | ItemKey::Proposition(_) => cx.open(Overlay::List {
            kind: ListKind::Segments,
            selected: 0,
        }),
        other => cx.say(format!("{other} has no place on the board yet")),
    }
}
