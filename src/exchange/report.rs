//! The workshop report as one document, built once from a workspace: sections of
//! paragraphs, tables and lists made of inline spans that say what they are (our words,
//! text from the workspace, an id, a mark with a meaning). [`super::markdown`] and
//! [`super::html`] only walk it, so a section is written once, here. Knows no output format:
//! nothing here escapes, and nothing here depends on the renderers.

pub use super::document::{Block, Board, Card, Column, Inline, Line, Meaning, Section, Table};
use super::document::{id, joined, moment_name, moment_ref, named, section, table, text, words};
pub use super::glance::{Curves, FirstPage, HeatRow, Heatmap};
use super::{glance, journey, owners_by_role, seams, silo_label, title};
use crate::model::{self, Moment, Status, Workspace};

/// The whole report: a title, one line saying what it covers, the first page, the board
/// and the sections.
#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    pub title: String,
    pub lead: Line,
    /// What a director reads in two minutes; formats draw it first.
    pub first_page: FirstPage,
    /// The journey as a picture. Only formats with a layout for it draw it (HTML); the
    /// Stages table and the moment sections carry the same facts in words.
    pub board: Board,
    pub sections: Vec<Section>,
}

fn label<T: Copy>(value: Option<T>, label: impl Fn(T) -> &'static str) -> Line {
    value.map_or_else(Line::new, |v| vec![words(label(v))])
}

/// The report as of today; see [`build_on`].
pub fn build(ws: &Workspace) -> Report {
    build_on(ws, &crate::clock::today())
}

/// The report, section by section, with actions due before `today` (`YYYY-MM-DD`) said to
/// be overdue; a new section is one more function in these lists.
pub fn build_on(ws: &Workspace, today: &str) -> Report {
    Report {
        title: title(ws).to_owned(),
        lead: vec![
            words("Workshop report from "),
            Inline::Emphasis(vec![words("moments")]),
            words(format!(
                ": {} stages, {} moments of truth, {} silos, {} segments.",
                ws.stages.len(),
                ws.moments.len(),
                ws.silos.len(),
                ws.segments.len()
            )),
        ],
        first_page: FirstPage {
            sections: vec![
                glance::critical_and_failing(ws),
                glance::accountability_gaps(ws),
                glance::top_priorities(ws),
                glance::votes(ws),
                glance::open_actions(ws, today),
            ],
            heatmap: glance::heatmap(ws),
            curves: glance::curves(ws),
        },
        board: board(ws),
        sections: vec![
            stages(ws),
            moments(ws),
            ownership(ws),
            handoffs(ws),
            segments(ws),
            super::questions::competitors_section(ws),
            glossary(ws),
            actions(ws),
            parking_lot(ws),
            super::questions::vote_rounds_section(ws),
            findings(ws),
        ],
    }
}

fn board(ws: &Workspace) -> Board {
    let columns = journey(ws)
        .into_iter()
        .map(|(stage, moments)| Column {
            name: named(stage.id.as_str(), &stage.name),
            goal: if stage.goal.is_empty() {
                Line::new()
            } else {
                vec![text(&stage.goal)]
            },
            cards: moments.into_iter().map(card).collect(),
        })
        .collect();
    Board { columns }
}

fn card(m: &Moment) -> Card {
    let mut detail = match m.accountable() {
        Some(silo) => vec![words("A: "), text(silo.as_str())],
        None => vec![words("no single Accountable")],
    };
    let critical: String = m.critical_for.iter().map(|c| c.symbol()).collect();
    detail.push(words(format!(" {critical}")));
    if m.votes > 0 {
        detail.push(words(format!(" · {} ●", m.votes)));
    }
    Card {
        worst: m.worst_experience(),
        name: moment_name(m),
        detail,
    }
}

fn stages(ws: &Workspace) -> Section {
    if ws.stages.is_empty() {
        return section("Stages", vec![Block::Empty("No stages yet.")]);
    }
    let rows = journey(ws)
        .iter()
        .map(|(s, ms)| {
            vec![
                named(s.id.as_str(), &s.name),
                vec![text(&s.goal)],
                joined(s.entry_signals.iter().map(|e| vec![text(e)]), "; "),
                vec![text(&s.duration)],
                label(s.complexity, super::super::model::workspace::Level::label),
                if s.repeats {
                    vec![words("yes")]
                } else {
                    Line::new()
                },
                label(s.resources, super::super::model::workspace::Level::label),
                vec![words(ms.len().to_string())],
            ]
        })
        .collect();
    section(
        "Stages",
        vec![table(
            &[
                "Stage",
                "Customer goal",
                "Entry signals",
                "Duration",
                "Complexity",
                "Repeats",
                "Resources",
                "Moments",
            ],
            rows,
        )],
    )
}

/// Moments stage by stage, each with its facts, its experience and its KPIs.
fn moments(ws: &Workspace) -> Section {
    let mut out = section("Moments of truth", Vec::new());
    if ws.moments.is_empty() {
        out.blocks.push(Block::Empty("No moments of truth yet."));
    }
    for (stage, moments) in journey(ws) {
        if moments.is_empty() {
            continue;
        }
        let mut blocks = Vec::new();
        if !stage.goal.trim().is_empty() {
            blocks.push(Block::Paragraph(vec![
                Inline::Emphasis(vec![words("Customer goal:")]),
                words(" "),
                text(&stage.goal),
            ]));
        }
        out.sections.push(Section {
            heading: named(stage.id.as_str(), &stage.name),
            blocks,
            sections: moments.into_iter().map(|m| moment(ws, m)).collect(),
        });
    }
    out
}

fn moment(ws: &Workspace, m: &Moment) -> Section {
    let mut blocks = Vec::new();
    if !m.description.trim().is_empty() {
        blocks.push(Block::Paragraph(vec![Inline::Lines(m.description.clone())]));
    }
    blocks.push(Block::Facts(facts(ws, m)));
    if !m.notes.trim().is_empty() {
        blocks.push(Block::Paragraph(vec![
            Inline::Emphasis(vec![words("Notes:")]),
            words(" "),
            Inline::Lines(m.notes.clone()),
        ]));
    }
    Section {
        heading: moment_name(m),
        blocks,
        // How well, what to improve, what competitors do better: side by side.
        sections: super::questions::sections(ws, m),
    }
}

/// The facts list of a moment; facts without a value are left out.
fn facts(ws: &Workspace, m: &Moment) -> Vec<(&'static str, Line)> {
    let channel = match (m.channel, m.direction) {
        (Some(c), Some(d)) => format!("{} ({})", c.label(), d.label().to_lowercase()),
        (Some(c), None) => c.label().to_owned(),
        (None, Some(d)) => d.label().to_owned(),
        (None, None) => String::new(),
    };
    let critical = m
        .critical_for
        .iter()
        .map(|c| c.label())
        .collect::<Vec<_>>()
        .join(", ");
    let votes = match m.votes {
        0 => String::new(),
        1 => ", 1 vote".to_owned(),
        n => format!(", {n} votes"),
    };
    let status = match m.status {
        Status::Proposed => "Proposed",
        Status::Agreed => "Agreed",
    };
    let owners = owners_by_role(m);
    let owners = if owners.is_empty() {
        vec![words("none yet")]
    } else {
        joined(
            owners.iter().map(|o| {
                let mut owner = vec![
                    text(&silo_label(ws, &o.silo)),
                    words(format!(" ({}", o.role.label())),
                ];
                if !o.person.is_empty() {
                    owner.extend([words(", "), text(&o.person)]);
                }
                owner.push(words(")"));
                owner
            }),
            "; ",
        )
    };
    let mut facts = Vec::new();
    let mut fact = |name, line: Line| facts.push((name, line));
    if !channel.is_empty() {
        fact("Channel", vec![words(channel)]);
    }
    if !critical.is_empty() {
        fact("Critical for", vec![words(critical)]);
    }
    if let Some(i) = m.importance {
        fact("Importance", vec![words(format!("{i} of 5"))]);
    }
    fact("Status", vec![words(format!("{status}{votes}"))]);
    fact("Owners", owners);
    if !m.need.trim().is_empty() {
        fact("Customer need", vec![text(&m.need)]);
    }
    if !m.supported {
        fact("Supported today", vec![words("no")]);
    }
    if let Some(t) = m.trigger {
        fact("Started by", vec![words(t.label())]);
    }
    if !m.people.trim().is_empty() {
        fact("People", vec![text(&m.people)]);
    }
    if !m.systems.trim().is_empty() {
        fact("Systems", vec![text(&m.systems)]);
    }
    facts
}

fn ownership(ws: &Workspace) -> Section {
    let heading = "Ownership (RACI)";
    if ws.silos.is_empty() || ws.moments.is_empty() {
        return section(heading, vec![Block::Empty("No silos or moments yet.")]);
    }
    let mut header = vec![vec![words("Moment")]];
    header.extend(ws.silos.iter().map(|s| vec![id(s.id.as_str())]));
    let rows = journey(ws)
        .iter()
        .flat_map(|(_, ms)| ms.iter())
        .map(|m| {
            let mut row = vec![moment_name(m)];
            row.extend(ws.silos.iter().map(|s| {
                let letters: Vec<String> = m
                    .owners
                    .iter()
                    .filter(|o| o.silo == s.id)
                    .map(|o| o.role.letter().to_string())
                    .collect();
                if letters.is_empty() {
                    Line::new()
                } else {
                    vec![words(letters.join(","))]
                }
            }));
            row
        })
        .collect();
    let legend = joined(
        ws.silos.iter().map(|s| {
            let mut entry = vec![text(s.id.as_str()), words(" = "), text(&s.name)];
            if !s.lead.is_empty() {
                entry.extend([words(" (lead: "), text(&s.lead), words(")")]);
            }
            entry
        }),
        "; ",
    );
    let mut key = vec![words(
        "A = Accountable, R = Responsible, C = Consulted, I = Informed. Silos: ",
    )];
    key.extend(legend);
    key.push(words("."));
    section(
        heading,
        vec![
            Block::Table(Table {
                header,
                rows,
                matrix: true,
            }),
            Block::Paragraph(key),
        ],
    )
}

fn handoffs(ws: &Workspace) -> Section {
    let recorded = if ws.handoffs.is_empty() {
        Block::Empty("No handoffs recorded.")
    } else {
        let rows = ws
            .handoffs
            .iter()
            .map(|h| {
                vec![
                    vec![text(h.id.as_str())],
                    moment_ref(ws, &h.moment),
                    vec![text(&silo_label(ws, &h.from))],
                    vec![text(&silo_label(ws, &h.to))],
                    vec![text(&h.what)],
                    label(h.risk, super::super::model::workspace::Level::label),
                ]
            })
            .collect();
        table(
            &["Handoff", "Moment", "From", "To", "What passes", "Risk"],
            rows,
        )
    };
    let seams = seams(ws);
    let derived = if seams.is_empty() {
        vec![Block::Empty(
            "Accountability does not change hands between consecutive moments.",
        )]
    } else {
        let rows = seams
            .iter()
            .map(|s| {
                vec![
                    moment_name(s.before),
                    moment_name(s.after),
                    vec![text(s.from.as_str()), words(" → "), text(s.to.as_str())],
                    s.handoff.map_or_else(
                        || vec![words("none recorded")],
                        |h| vec![text(h.id.as_str())],
                    ),
                ]
            })
            .collect();
        vec![
            Block::Paragraph(vec![words(
                "Where the Accountable silo changes between consecutive moments of the journey.",
            )]),
            table(
                &["From moment", "To moment", "Accountable", "Handoff"],
                rows,
            ),
        ]
    };
    Section {
        heading: vec![words("Handoffs and silo seams")],
        blocks: Vec::new(),
        sections: vec![
            section("Handoffs", vec![recorded]),
            section("Seams", derived),
        ],
    }
}

fn segments(ws: &Workspace) -> Section {
    let heading = "Segments and propositions";
    let mut out = if ws.segments.is_empty() {
        section(heading, vec![Block::Empty("No segments yet.")])
    } else {
        let rows = ws
            .segments
            .iter()
            .map(|g| {
                vec![
                    named(g.id.as_str(), &g.name),
                    label(g.value, super::super::model::workspace::Level::label),
                    vec![Inline::Lines(g.behaviours.clone())],
                    vec![Inline::Lines(g.attitudes.clone())],
                    vec![Inline::Lines(g.needs.clone())],
                    label(g.objective, model::Objective::label),
                    vec![text(&g.cycle)],
                ]
            })
            .collect();
        section(
            heading,
            vec![table(
                &[
                    "Segment",
                    "Value",
                    "Behaviours",
                    "Attitudes",
                    "Needs",
                    "Objective",
                    "Purchase cycle",
                ],
                rows,
            )],
        )
    };
    for p in &ws.propositions {
        let mut title = vec![words("Proposition for "), text(p.segment.as_str())];
        if let Some(g) = ws.segment(&p.segment) {
            title.extend([words(" "), text(&g.name)]);
        }
        let rows: Vec<Vec<Line>> = p
            .dimensions()
            .iter()
            .filter(|(_, t)| !t.trim().is_empty())
            .map(|(dimension, t)| {
                vec![
                    vec![words(*dimension)],
                    vec![Inline::Lines((*t).to_owned())],
                ]
            })
            .collect();
        out.sections.push(Section {
            heading: title,
            blocks: vec![if rows.is_empty() {
                Block::Empty("Not drafted yet.")
            } else {
                table(&["Dimension", "What we promise"], rows)
            }],
            sections: Vec::new(),
        });
    }
    out
}

fn glossary(ws: &Workspace) -> Section {
    if ws.glossary.is_empty() {
        return section("Glossary", vec![Block::Empty("No terms yet.")]);
    }
    let rows = ws
        .glossary
        .iter()
        .map(|t| {
            vec![
                vec![Inline::Strong(vec![text(&t.term)])],
                vec![Inline::Lines(t.definition.clone())],
                joined(
                    t.also_called
                        .iter()
                        .map(|(silo, name)| vec![text(silo.as_str()), words(": "), text(name)]),
                    "; ",
                ),
            ]
        })
        .collect();
    section(
        "Glossary",
        vec![table(&["Term", "Definition", "Also called"], rows)],
    )
}

fn actions(ws: &Workspace) -> Section {
    if ws.actions.is_empty() {
        return section("Actions", vec![Block::Empty("No actions yet.")]);
    }
    let rows = ws
        .actions
        .iter()
        .map(|a| {
            vec![
                vec![text(a.id.as_str())],
                moment_ref(ws, &a.moment),
                vec![Inline::Lines(a.what.clone())],
                a.owner
                    .as_ref()
                    .map_or_else(Line::new, |o| vec![text(o.as_str())]),
                vec![text(&a.due)],
                vec![words(a.status.label())],
            ]
        })
        .collect();
    section(
        "Actions",
        vec![table(
            &["Action", "Moment", "What", "Owner", "Due", "Status"],
            rows,
        )],
    )
}

fn parking_lot(ws: &Workspace) -> Section {
    let block = if ws.parking_lot.is_empty() {
        Block::Empty("Nothing parked.")
    } else {
        Block::List(
            ws.parking_lot
                .iter()
                .map(|item| vec![Inline::Lines(item.text.clone())])
                .collect(),
        )
    };
    section("Parking lot", vec![block])
}

fn findings(ws: &Workspace) -> Section {
    let findings = model::check(ws);
    if findings.is_empty() {
        return section(
            "Findings",
            vec![Block::Empty(
                "No findings: every moment has one Accountable owner.",
            )],
        );
    }
    let rows = findings
        .iter()
        .map(|f| {
            vec![
                vec![Inline::Mark(
                    Meaning::Severity(f.severity),
                    f.severity.label().to_owned(),
                )],
                vec![words(f.rule.code())],
                vec![text(&f.item.id_text())],
                vec![text(&f.message)],
            ]
        })
        .collect();
    section(
        "Findings",
        vec![table(&["Severity", "Rule", "Item", "Finding"], rows)],
    )
}

/// A report small enough to read whole: a table with an empty cell, a list, facts, an
/// empty note, and text that tries to break out of either format.
#[cfg(test)]
pub(super) fn tiny() -> Report {
    use super::document::{experience, strong};
    use crate::model::Experience;
    Report {
        title: "Q&A <1>".into(),
        lead: vec![words("Lead "), Inline::Emphasis(vec![words("here")])],
        first_page: FirstPage::default(),
        board: Board {
            columns: vec![Column {
                name: named("S1", "Decide"),
                goal: Line::new(),
                cards: vec![Card {
                    worst: Some(Experience::Bad),
                    name: named("M1", "Call"),
                    detail: vec![words("A: "), text("SAL")],
                }],
            }],
        },
        sections: vec![Section {
            heading: vec![words("Things")],
            blocks: vec![
                Block::Table(Table {
                    header: vec![vec![words("Name")], vec![words("Feel")]],
                    rows: vec![
                        vec![named("M1", "*x* | y"), vec![experience(Experience::Bad)]],
                        vec![Line::new(), Line::new()],
                    ],
                    matrix: false,
                }),
                Block::List(vec![
                    vec![Inline::Lines("a\nb".into())],
                    vec![text("1. <not> ordered")],
                ]),
                Block::Paragraph(vec![
                    strong("Note:"),
                    words(" "),
                    Inline::Lines("one\ntwo".into()),
                ]),
            ],
            sections: vec![section(
                "Sub",
                vec![
                    Block::Empty("Nothing."),
                    Block::Facts(vec![("Channel", vec![text("Web & 'mail'")])]),
                ],
            )],
        }],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tables(sections: &[Section]) -> Vec<&Table> {
        sections
            .iter()
            .flat_map(|s| {
                let own = s.blocks.iter().filter_map(|b| match b {
                    Block::Table(t) => Some(t),
                    _ => None,
                });
                own.chain(tables(&s.sections))
            })
            .collect()
    }

    #[test]
    fn every_table_row_has_a_cell_per_column() {
        let demo = build(&crate::templates::demo());
        let tables = tables(&demo.sections);
        assert!(tables.len() > 5, "the demo fills most tables");
        for t in tables {
            for row in &t.rows {
                assert_eq!(row.len(), t.header.len(), "{:?}", t.header);
            }
        }
    }

    #[test]
    fn an_empty_workspace_says_so_in_every_section() {
        let empty = build(&Workspace::default());
        assert!(empty.board.columns.is_empty());
        let mut leaves = Vec::new();
        let mut todo: Vec<&Section> = empty.sections.iter().collect();
        while let Some(s) = todo.pop() {
            todo.extend(&s.sections);
            if s.sections.is_empty() {
                leaves.push(s);
            }
        }
        for s in leaves {
            assert!(
                matches!(s.blocks.as_slice(), [Block::Empty(_)]),
                "{:?} should say it is empty: {:?}",
                s.heading,
                s.blocks
            );
        }
    }
}
