//! The report's executive first page, built once with the rest of the report: what the
//! room decided and where it hurts, as short sections, plus the data of two pictures (the
//! experience heatmap and a curve per segment) that each format draws its own way.

use super::document::{
    Block, Inline, Line, Meaning, Section, id, joined, moment_name, moment_ref, named, section,
    table, text, words,
};
use super::journey;
use crate::model::{self, Experience, Moment, Severity, Workspace};

/// The executive first page: what the room decided and where it hurts. Short sections
/// every format draws as it draws any section, and two pictures each format draws its own
/// way (HTML as inline SVG, Markdown as tables).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FirstPage {
    /// Critical and failing, accountability gaps, top priorities, votes, open actions.
    pub sections: Vec<Section>,
    pub heatmap: Heatmap,
    pub curves: Curves,
}

impl FirstPage {
    pub const HEADING: &'static str = "At a glance";
    pub const HEATMAP: &'static str = "Experience by segment and stage";
    pub const CURVES: &'static str = "Experience curve per segment";
    pub const NO_SEGMENTS: &'static str = "No segments or stages yet.";
}

/// Segments × stages, each cell counting the stage's moments by the segment's experience.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Heatmap {
    /// Stage names (`S1 Awareness`), in journey order.
    pub stages: Vec<String>,
    pub rows: Vec<HeatRow>,
}

/// One segment's row of the heatmap.
#[derive(Clone, Debug, PartialEq)]
pub struct HeatRow {
    /// `G1 Families`.
    pub segment: String,
    /// One per stage.
    pub cells: Vec<crate::analysis::Cell>,
}

/// For each segment, the mean experience of its rated moments in each stage, on bad 1,
/// neutral 2, good 3; `None` where the segment rated nothing in the stage.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Curves {
    pub stages: Vec<String>,
    pub lines: Vec<(String, Vec<Option<f32>>)>,
}

/// How many entries a first-page list shows; the full lists follow in the report.
const TOP: usize = 5;

fn stage_names(ws: &Workspace) -> Vec<String> {
    ws.stages
        .iter()
        .map(|s| format!("{} {}", s.id, s.name))
        .collect()
}

fn by_stage(ws: &Workspace) -> std::collections::HashMap<model::StageId, Vec<usize>> {
    let mut map: std::collections::HashMap<model::StageId, Vec<usize>> = Default::default();
    for (i, m) in ws.moments.iter().enumerate() {
        map.entry(m.stage.clone()).or_default().push(i);
    }
    map
}

pub(super) fn heatmap(ws: &Workspace) -> Heatmap {
    let cells = crate::analysis::heatmap(ws, &by_stage(ws));
    Heatmap {
        stages: stage_names(ws),
        rows: ws
            .segments
            .iter()
            .zip(cells)
            .map(|(g, cells)| HeatRow {
                segment: format!("{} {}", g.id, g.name),
                cells,
            })
            .collect(),
    }
}

pub(super) fn curves(ws: &Workspace) -> Curves {
    let by_stage = by_stage(ws);
    let lines = ws
        .segments
        .iter()
        .map(|g| {
            let points = ws
                .stages
                .iter()
                .map(|s| {
                    let scores: Vec<u8> = by_stage
                        .get(&s.id)
                        .into_iter()
                        .flatten()
                        .filter_map(|&i| ws.moments[i].experience.get(&g.id)?.score())
                        .collect();
                    (!scores.is_empty()).then(|| {
                        scores.iter().map(|&v| f32::from(v)).sum::<f32>() / scores.len() as f32
                    })
                })
                .collect();
            (format!("{} {}", g.id, g.name), points)
        })
        .collect();
    Curves {
        stages: stage_names(ws),
        lines,
    }
}

/// Moments critical for something and bad for a segment today: where it hurts most.
pub(super) fn critical_and_failing(ws: &Workspace) -> Section {
    let heading = "Critical and failing";
    let rows: Vec<Vec<Line>> = journey(ws)
        .into_iter()
        .flat_map(|(_, ms)| ms)
        .filter(|m| crate::analysis::priority(m).failing)
        .map(|m| {
            let bad_for = joined(
                m.experience
                    .iter()
                    .filter(|(_, e)| **e == Experience::Bad)
                    .map(|(g, _)| {
                        ws.segment(g)
                            .map_or_else(|| vec![id(g.as_str())], |s| named(g.as_str(), &s.name))
                    }),
                ", ",
            );
            let critical = m
                .critical_for
                .iter()
                .map(|c| c.label())
                .collect::<Vec<_>>()
                .join(", ");
            vec![
                moment_name(m),
                vec![words(critical)],
                bad_for,
                m.accountable()
                    .map_or_else(|| vec![words("nobody")], |a| vec![text(a.as_str())]),
            ]
        })
        .collect();
    if rows.is_empty() {
        return section(
            heading,
            vec![Block::Empty(
                "No moment critical for the business is bad for a segment today.",
            )],
        );
    }
    section(
        heading,
        vec![table(
            &["Moment", "Critical for", "Bad for", "Accountable"],
            rows,
        )],
    )
}

/// Moments without exactly one Accountable silo.
pub(super) fn accountability_gaps(ws: &Workspace) -> Section {
    let heading = "Accountability gaps";
    let items: Vec<Line> = journey(ws)
        .into_iter()
        .flat_map(|(_, ms)| ms)
        .filter(|m| m.accountable().is_none())
        .map(|m| {
            let mut line = moment_name(m);
            let accountable: Vec<&str> = m
                .owners
                .iter()
                .filter(|o| o.role == model::Role::Accountable)
                .map(|o| o.silo.as_str())
                .collect();
            if accountable.is_empty() {
                line.push(words(": nobody is Accountable"));
            } else {
                line.push(words(format!(
                    ": {} silos are Accountable (",
                    accountable.len()
                )));
                line.extend(joined(accountable.iter().map(|a| vec![text(a)]), ", "));
                line.push(words(")"));
            }
            line
        })
        .collect();
    if items.is_empty() {
        return section(
            heading,
            vec![Block::Empty("Every moment has one Accountable silo.")],
        );
    }
    section(heading, vec![Block::List(items)])
}

/// The highest priority scores, with their parts.
pub(super) fn top_priorities(ws: &Workspace) -> Section {
    let heading = "Top priorities";
    let rows: Vec<Vec<Line>> = crate::analysis::priorities(ws)
        .into_iter()
        .filter(|p| p.total() > 0)
        .take(TOP)
        .filter_map(|p| {
            let m = ws.moment(&p.moment)?;
            let mut score = vec![Inline::Strong(vec![words(p.total().to_string())])];
            // The parts that count, so the sum can be checked by eye.
            let parts: Vec<String> = p
                .parts()
                .iter()
                .filter(|(_, points)| *points > 0)
                .map(|(name, points)| format!("{name} {points}"))
                .collect();
            score.push(words(format!(" ({})", parts.join(" + "))));
            Some(vec![
                moment_name(m),
                score,
                if p.failing {
                    vec![Inline::Mark(
                        Meaning::Experience(Experience::Bad),
                        "✗ failing".to_owned(),
                    )]
                } else {
                    Line::new()
                },
            ])
        })
        .collect();
    if rows.is_empty() {
        return section(heading, vec![Block::Empty("No moment scores yet.")]);
    }
    section(heading, vec![table(&["Moment", "Score", "Today"], rows)])
}

/// The dot-vote results: the moments with the most votes.
pub(super) fn votes(ws: &Workspace) -> Section {
    let heading = "Vote results";
    let mut voted: Vec<&Moment> = journey(ws)
        .into_iter()
        .flat_map(|(_, ms)| ms)
        .filter(|m| m.votes > 0)
        .collect();
    voted.sort_by_key(|m| std::cmp::Reverse(m.votes));
    let mut blocks = Vec::new();
    if let Some(round) = &ws.voting {
        blocks.push(Block::Paragraph(vec![words(if round.revealed {
            format!("Round {} is revealed.", round.round)
        } else {
            format!(
                "Round {} is still open: its dots are not counted below until it is revealed.",
                round.round
            )
        })]));
    }
    if voted.is_empty() {
        blocks.push(Block::Empty("No votes yet."));
    } else {
        blocks.push(Block::List(
            voted
                .into_iter()
                .take(TOP)
                .map(|m| {
                    let mut line = moment_name(m);
                    line.push(words(format!(
                        ": {} vote{}",
                        m.votes,
                        if m.votes == 1 { "" } else { "s" }
                    )));
                    line
                })
                .collect(),
        ));
    }
    section(heading, blocks)
}

/// Open actions, overdue ones first and said to be overdue.
pub(super) fn open_actions(ws: &Workspace, today: &str) -> Section {
    let heading = "Open actions";
    let mut open: Vec<&model::Action> = ws.actions.iter().filter(|a| a.status.is_open()).collect();
    // Overdue first, then by due date (undated last), then as written.
    open.sort_by_key(|a| {
        (
            !crate::analysis::overdue(a, today),
            a.due.is_empty(),
            a.due.clone(),
        )
    });
    if open.is_empty() {
        return section(heading, vec![Block::Empty("No open actions.")]);
    }
    let overdue = open
        .iter()
        .filter(|a| crate::analysis::overdue(a, today))
        .count();
    let rows = open
        .into_iter()
        .map(|a| {
            let mut due = vec![text(&a.due)];
            if crate::analysis::overdue(a, today) {
                due.push(words(" "));
                due.push(Inline::Mark(
                    Meaning::Severity(Severity::Error),
                    "overdue".to_owned(),
                ));
            }
            vec![
                vec![text(a.id.as_str())],
                moment_ref(ws, &a.moment),
                vec![Inline::Lines(a.what.clone())],
                a.owner
                    .as_ref()
                    .map_or_else(|| vec![words("nobody")], |o| vec![text(o.as_str())]),
                due,
            ]
        })
        .collect();
    let mut blocks = Vec::new();
    if overdue > 0 {
        blocks.push(Block::Paragraph(vec![Inline::Strong(vec![words(
            format!("{overdue} overdue as of {today}."),
        )])]));
    }
    blocks.push(table(&["Action", "Moment", "What", "Owner", "Due"], rows));
    section(heading, blocks)
}
