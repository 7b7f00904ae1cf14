//! The Measures view: every KPI of every moment, by stage and moment, with its target,
//! its readings as a sparkline, the latest reading and whether it is on plan, ahead or
//! behind. `f` narrows to KPIs behind plan, to critical moments, or both; `n` adds a
//! reading (`date value`, today filled in); Enter goes to the moment on the board. On a
//! wide screen the selected moment's three questions show below, side by side.
//!
//! ```text
//! ┌ Measures: every KPI against its plan ─────────────────────────────────────┐
//! │ S1 Awareness                                                             │
//! │  M1   Checker completion   70%        ▁▅█          52%       ▼ behind     │
//! └──────────────────────────────────────────────────────────────────────────┘
//! ```

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Sparkline};

use crate::analysis::kpi_plan;
use crate::doc::Doc;
use crate::input::Action;
use crate::model::{Kpi, Moment};

use super::super::detail::{self, plan_mark, reading_date, trend};
use super::super::editors::{self, FormTarget};
use super::super::overlays::Overlay;
use super::super::text::{fit, width};
use super::super::theme::Theme;
use super::super::{Cx, Session, View};
use super::{Offer, RenderCx, ViewPart, empty, frame_block, move_in_list};

/// Which KPIs the view lists: this session's choice.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Narrow {
    #[default]
    All,
    /// KPIs behind plan or without a reading.
    OffPlan,
    /// KPIs of moments critical for something.
    Critical,
    /// Both: off plan at critical moments.
    OffPlanCritical,
}

impl Narrow {
    fn next(self) -> Narrow {
        match self {
            Narrow::All => Narrow::OffPlan,
            Narrow::OffPlan => Narrow::Critical,
            Narrow::Critical => Narrow::OffPlanCritical,
            Narrow::OffPlanCritical => Narrow::All,
        }
    }

    fn describe(self) -> &'static str {
        match self {
            Narrow::All => "every KPI against its plan",
            Narrow::OffPlan => "KPIs behind plan",
            Narrow::Critical => "KPIs of critical moments",
            Narrow::OffPlanCritical => "KPIs behind plan at critical moments",
        }
    }

    fn keeps(self, m: &Moment, k: &Kpi) -> bool {
        let off = kpi_plan(k).is_off_plan();
        let critical = !m.critical_for.is_empty();
        match self {
            Narrow::All => true,
            Narrow::OffPlan => off,
            Narrow::Critical => critical,
            Narrow::OffPlanCritical => off && critical,
        }
    }
}

#[derive(Clone, Debug, Default)]
pub struct State {
    /// The selected KPI, by position among the rows shown.
    pub selected: usize,
    pub narrow: Narrow,
}

pub struct Measures;

const OFFERS: &[Offer] = &list_offers![
    Offer::named(Action::Edit, "go to moment", "Go to the selected KPI's moment on the board"),
    Offer::named(
        Action::Filter,
        "filter",
        "Show every KPI, those off plan, those of critical moments, or off plan at critical moments",
    ),
    Offer::plain(Action::ShowOnBoard),
    Offer::named(
        Action::NewItem,
        "reading",
        "Add a reading to the selected KPI: date value, today's date filled in",
    ),
];

impl ViewPart for Measures {
    fn view(&self) -> View {
        View::Measures
    }

    fn offers(&self) -> &'static [Offer] {
        OFFERS
    }

    fn footer(&self, _doc: &Doc, _session: &Session) -> Vec<Action> {
        vec![
            Action::Edit,
            Action::NewItem,
            Action::Filter,
            Action::NextView,
            Action::Palette,
            Action::Help,
            Action::Quit,
        ]
    }

    fn hint(&self) -> Option<&'static str> {
        Some(" Enter goes to the moment; f shows what is off plan or critical")
    }

    fn act(&self, cx: &mut Cx, action: Action) -> bool {
        match action {
            Action::Edit | Action::ShowOnBoard => {
                let state = &cx.session.views.measures;
                match rows(cx.doc, state.narrow).get(state.selected) {
                    Some(row) => {
                        let id = row.moment.id.clone();
                        cx.session.show_on_board(cx.doc, &id);
                    }
                    None => cx.say("No KPI selected: add KPIs in the moment editor (Enter on a card)"),
                }
            }
            Action::NewItem => {
                let state = &cx.session.views.measures;
                let today = crate::model::Date::of_secs(cx.session.clock.at(cx.now));
                match rows(cx.doc, state.narrow).get(state.selected) {
                    Some(row) => {
                        let form = editors::strategy::reading_form(row.moment, row.kpi, &today);
                        let target = FormTarget::Reading {
                            moment: row.moment.id.clone(),
                            kpi: row.kpi.name.clone(),
                        };
                        cx.open(Overlay::form(target, form));
                    }
                    None => cx.say("No KPI selected: add KPIs in the moment editor (Enter on a card)"),
                }
            }
            Action::Filter => {
                let state = &mut cx.session.views.measures;
                state.narrow = state.narrow.next();
                state.selected = 0;
                let text = format!("Measures: {}", state.narrow.describe());
                cx.say(text);
            }
            _ => {
                let len = rows(cx.doc, cx.session.views.measures.narrow).len();
                let height = cx.session.size.1;
                move_in_list(&mut cx.session.views.measures.selected, height, len, action);
            }
        }
        true
    }

    fn clamp(&self, session: &mut Session, doc: &Doc) {
        // The rows walk every KPI: only worth it while they are on screen (a frame
        // clamps before it draws, so the selection is right when the view opens).
        if session.view != View::Measures {
            return;
        }
        let len = rows(doc, session.views.measures.narrow).len();
        let state = &mut session.views.measures;
        state.selected = state.selected.min(len.saturating_sub(1));
    }

    fn render(&self, frame: &mut Frame, body: Rect, doc: &Doc, session: &Session, cx: &RenderCx) {
        render(frame, body, doc, session, cx.theme);
    }
}

/// One KPI of one moment, in board order.
pub struct Row<'d> {
    pub moment: &'d Moment,
    pub kpi: &'d Kpi,
}

/// The rows shown: every KPI in board order (stage, then the moments in it), narrowed.
pub fn rows(doc: &Doc, narrow: Narrow) -> Vec<Row<'_>> {
    doc.ws
        .stages
        .iter()
        .flat_map(|s| doc.moments_in(&s.id))
        .flat_map(|m| m.kpis.iter().map(move |kpi| Row { moment: m, kpi }))
        .filter(|r| narrow.keeps(r.moment, r.kpi))
        .collect()
}

const NAME_WIDTH: usize = 26;
const TREND_WIDTH: u16 = 12;

fn render(frame: &mut Frame, body: Rect, doc: &Doc, session: &Session, theme: &Theme) {
    let state = &session.views.measures;
    let title = if state.narrow == Narrow::All {
        " Measures: every KPI against its plan (f narrows) ".to_owned()
    } else {
        format!(" Measures: {} (f changes) ", state.narrow.describe())
    };
    let block = frame_block(title, theme);
    let inner = block.inner(body);
    frame.render_widget(block, body);
    let rows = rows(doc, state.narrow);
    if rows.is_empty() {
        let text = if state.narrow == Narrow::All {
            "No KPIs yet. Add them in the moment editor (Enter on a card): a line `name | target | higher or lower`, then its readings as `date value` lines."
        } else {
            "Nothing here: f shows the other KPIs."
        };
        empty(frame, inner, text, theme);
        return;
    }
    // Side by side below the list on a wide, tall screen: the selected moment's questions.
    let questions_height = if inner.width >= 120 && inner.height >= 30 {
        12
    } else {
        0
    };
    let list = Rect::new(
        inner.x,
        inner.y,
        inner.width,
        inner.height.saturating_sub(questions_height),
    );
    let selected = state.selected.min(rows.len() - 1);
    draw_list(frame, list, doc, &rows, selected, theme);
    if questions_height > 0 {
        let area = Rect::new(
            inner.x,
            list.bottom(),
            inner.width,
            questions_height,
        );
        detail::three_questions_side_by_side(frame, area, rows[selected].moment, doc, theme);
    }
}

/// The list: a heading per stage, a row per KPI, the selection kept in view.
fn draw_list(frame: &mut Frame, area: Rect, doc: &Doc, rows: &[Row], selected: usize, theme: &Theme) {
    // Every line of the list, with the row it shows (headings have none).
    let mut lines: Vec<(Option<usize>, Line)> = Vec::new();
    let mut stage = None;
    for (i, row) in rows.iter().enumerate() {
        if stage != Some(&row.moment.stage) {
            stage = Some(&row.moment.stage);
            let name = doc
                .ws
                .stage(&row.moment.stage)
                .map_or(String::new(), |s| format!(" {} {}", s.id, s.name));
            lines.push((None, Line::styled(name, theme.heading)));
        }
        lines.push((Some(i), Line::default()));
    }
    let room = usize::from(area.height.saturating_sub(1)).max(1);
    let at = lines
        .iter()
        .position(|(r, _)| *r == Some(selected))
        .unwrap_or(0);
    let first = at.saturating_sub(room - 1);
    let w = usize::from(area.width);
    for (n, (row, heading)) in lines.into_iter().skip(first).take(room).enumerate() {
        let y = area.y + n as u16;
        match row {
            None => frame.render_widget(Paragraph::new(heading), Rect::new(area.x, y, area.width, 1)),
            Some(i) => draw_row(frame, Rect::new(area.x, y, area.width, 1), &rows[i], i == selected, w, theme),
        }
    }
    let position = format!(" {} of {} KPIs", selected + 1, rows.len());
    frame.render_widget(
        Paragraph::new(Line::styled(position, theme.muted)),
        Rect::new(area.x, area.bottom().saturating_sub(1), area.width, 1),
    );
}

fn draw_row(frame: &mut Frame, area: Rect, row: &Row, selected: bool, w: usize, theme: &Theme) {
    let style = theme.row(selected);
    let kpi = row.kpi;
    let target = kpi.target.map_or("no target".to_owned(), |t| kpi.show(t));
    let latest = kpi.latest().map_or("—".to_owned(), |r| kpi.show(r.value));
    let (mark, mark_style) = plan_mark(kpi_plan(kpi), theme);
    // Id 7, target 11, a space, the trend 12 and a space, latest 10, the mark 13.
    let name_w = if w >= 100 {
        NAME_WIDTH + 10
    } else {
        w.saturating_sub(55).max(8)
    };
    let left = vec![
        Span::styled(format!("  {:<5}", row.moment.id.as_str()), theme.id.patch(style)),
        Span::styled(fit(&kpi.name, name_w), style),
        Span::styled(fit(&format!(" {target}"), 11), theme.muted.patch(style)),
        Span::styled(" ", style),
    ];
    let left_w: usize = left.iter().map(|s| width(&s.content)).sum();
    frame.render_widget(Paragraph::new(Line::from(left)), area);
    let spark_x = area.x + left_w as u16;
    let spark = Rect::new(spark_x, area.y, TREND_WIDTH.min(area.right().saturating_sub(spark_x)), 1);
    let data = trend(kpi);
    // The last readings, as many as fit.
    let shown = &data[data.len().saturating_sub(usize::from(spark.width))..];
    frame.render_widget(
        Sparkline::default()
            .data(shown)
            .max(8)
            .style(mark_style.patch(style)),
        spark,
    );
    let right_x = spark_x + TREND_WIDTH + 1;
    if right_x < area.right() {
        let mut right = vec![
            Span::styled(fit(&latest, 10), style),
            Span::styled(fit(mark, 13), mark_style.patch(style)),
        ];
        if w >= 100 {
            let when = kpi.latest().map(reading_date).unwrap_or_default();
            right.push(Span::styled(fit(&when, 12), theme.muted.patch(style)));
            right.push(Span::styled(
                fit(&row.moment.title, w.saturating_sub(left_w + usize::from(TREND_WIDTH) + 36)),
                theme.muted.patch(style),
            ));
        }
        frame.render_widget(
            Paragraph::new(Line::from(right)),
            Rect::new(right_x, area.y, area.right() - right_x, 1),
        );
    }
}

