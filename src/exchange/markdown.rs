//! The Markdown workshop report for stakeholders: CommonMark with GitHub tables, every
//! piece of user text escaped so it stays text (no stray emphasis, links, HTML or table
//! cells).

use std::fmt::Write;

use super::{journey, owners_by_role, seams, silo_label, title};
use crate::model::{self, Experience, Moment, Workspace};

/// Escapes text for one line of Markdown: table cells, headings, list items. Newlines
/// become spaces; every character with a Markdown meaning is backslash-escaped.
pub fn inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut at_start = true;
    for c in text
        .split(['\n', '\r'])
        .collect::<Vec<_>>()
        .join(" ")
        .trim()
        .chars()
    {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~' | '&' | '!' | '{'
            | '}' | '$' => {
                out.push('\\');
                out.push(c);
            }
            '-' | '+' | '=' if at_start => {
                out.push('\\');
                out.push(c);
            }
            '\t' => out.push(' '),
            c => out.push(c),
        }
        at_start = false;
    }
    // "1. text" at the start of a line would be an ordered list.
    let digits = out.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 && matches!(out.as_bytes().get(digits), Some(b'.' | b')')) {
        out.insert(digits, '\\');
    }
    out
}

/// Escapes multi-line text as one paragraph, keeping its line breaks as hard breaks.
pub fn paragraph(text: &str) -> String {
    text.lines()
        .map(inline)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\\\n")
}

fn table(out: &mut String, header: &[&str], rows: &[Vec<String>]) {
    let _ = writeln!(out, "| {} |", header.join(" | "));
    let _ = writeln!(
        out,
        "|{}",
        header.iter().map(|_| " --- |").collect::<String>()
    );
    for row in rows {
        let cells: Vec<&str> = row
            .iter()
            .map(|c| if c.is_empty() { " " } else { c.as_str() })
            .collect();
        let _ = writeln!(out, "| {} |", cells.join(" | "));
    }
    out.push('\n');
}

fn moment_name(m: &Moment) -> String {
    format!("{} {}", m.id, inline(&m.title))
}

fn experience_label(e: Option<Experience>) -> String {
    e.map_or(String::new(), |e| format!("{} {}", e.symbol(), e.label()))
}

/// The report. Sections with nothing in them say so, so a reader knows nothing is missing.
pub fn to_markdown(ws: &Workspace) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", inline(title(ws)));
    let _ = writeln!(
        out,
        "Workshop report from *moments*: {} stages, {} moments of truth, {} silos, {} segments.\n",
        ws.stages.len(),
        ws.moments.len(),
        ws.silos.len(),
        ws.segments.len()
    );

    // Stages.
    out.push_str("## Stages\n\n");
    if ws.stages.is_empty() {
        out.push_str("No stages yet.\n\n");
    } else {
        let rows: Vec<Vec<String>> = journey(ws)
            .iter()
            .map(|(s, ms)| {
                vec![
                    format!("{} {}", s.id, inline(&s.name)),
                    inline(&s.goal),
                    s.entry_signals
                        .iter()
                        .map(|e| inline(e))
                        .collect::<Vec<_>>()
                        .join("; "),
                    inline(&s.duration),
                    s.complexity.map_or("", |c| c.label()).to_owned(),
                    if s.repeats { "yes" } else { "" }.to_owned(),
                    ms.len().to_string(),
                ]
            })
            .collect();
        table(
            &mut out,
            &[
                "Stage",
                "Customer goal",
                "Entry signals",
                "Duration",
                "Complexity",
                "Repeats",
                "Moments",
            ],
            &rows,
        );
    }

    // Moments, stage by stage.
    out.push_str("## Moments of truth\n\n");
    if ws.moments.is_empty() {
        out.push_str("No moments of truth yet.\n\n");
    }
    for (stage, moments) in journey(ws) {
        if moments.is_empty() {
            continue;
        }
        let _ = writeln!(out, "### {} {}\n", stage.id, inline(&stage.name));
        if !stage.goal.trim().is_empty() {
            let _ = writeln!(out, "*Customer goal:* {}\n", inline(&stage.goal));
        }
        for m in moments {
            moment_section(&mut out, ws, m);
        }
    }

    // Ownership matrix.
    out.push_str("## Ownership (RACI)\n\n");
    if ws.silos.is_empty() || ws.moments.is_empty() {
        out.push_str("No silos or moments yet.\n\n");
    } else {
        let mut header: Vec<String> = vec!["Moment".to_owned()];
        header.extend(ws.silos.iter().map(|s| inline(s.id.as_str())));
        let header: Vec<&str> = header.iter().map(String::as_str).collect();
        let rows: Vec<Vec<String>> = journey(ws)
            .iter()
            .flat_map(|(_, ms)| ms.iter())
            .map(|m| {
                let mut row = vec![moment_name(m)];
                row.extend(ws.silos.iter().map(|s| {
                    m.owners
                        .iter()
                        .filter(|o| o.silo == s.id)
                        .map(|o| o.role.letter().to_string())
                        .collect::<Vec<_>>()
                        .join(",")
                }));
                row
            })
            .collect();
        table(&mut out, &header, &rows);
        let legend: Vec<String> = ws
            .silos
            .iter()
            .map(|s| {
                let lead = if s.lead.is_empty() {
                    String::new()
                } else {
                    format!(" (lead: {})", inline(&s.lead))
                };
                format!("{} = {}{lead}", inline(s.id.as_str()), inline(&s.name))
            })
            .collect();
        let _ = writeln!(
            out,
            "A = Accountable, R = Responsible, C = Consulted, I = Informed. Silos: {}.\n",
            legend.join("; ")
        );
    }

    // Handoffs and seams.
    out.push_str("## Handoffs and silo seams\n\n");
    out.push_str("### Handoffs\n\n");
    if ws.handoffs.is_empty() {
        out.push_str("No handoffs recorded.\n\n");
    } else {
        let rows: Vec<Vec<String>> = ws
            .handoffs
            .iter()
            .map(|h| {
                vec![
                    inline(h.id.as_str()),
                    ws.moment(&h.moment)
                        .map_or_else(|| inline(h.moment.as_str()), moment_name),
                    inline(&silo_label(ws, &h.from)),
                    inline(&silo_label(ws, &h.to)),
                    inline(&h.what),
                    h.risk.map_or("", |r| r.label()).to_owned(),
                ]
            })
            .collect();
        table(
            &mut out,
            &["Handoff", "Moment", "From", "To", "What passes", "Risk"],
            &rows,
        );
    }
    out.push_str("### Seams\n\n");
    let seams = seams(ws);
    if seams.is_empty() {
        out.push_str("Accountability does not change hands between consecutive moments.\n\n");
    } else {
        out.push_str(
            "Where the Accountable silo changes between consecutive moments of the journey.\n\n",
        );
        let rows: Vec<Vec<String>> = seams
            .iter()
            .map(|s| {
                vec![
                    moment_name(s.before),
                    moment_name(s.after),
                    format!("{} → {}", inline(s.from.as_str()), inline(s.to.as_str())),
                    s.handoff
                        .map_or("none recorded".to_owned(), |h| inline(h.id.as_str())),
                ]
            })
            .collect();
        table(
            &mut out,
            &["From moment", "To moment", "Accountable", "Handoff"],
            &rows,
        );
    }

    // Segments and propositions.
    out.push_str("## Segments and propositions\n\n");
    if ws.segments.is_empty() {
        out.push_str("No segments yet.\n\n");
    } else {
        let rows: Vec<Vec<String>> = ws
            .segments
            .iter()
            .map(|g| {
                vec![
                    format!("{} {}", inline(g.id.as_str()), inline(&g.name)),
                    g.value.map_or("", |v| v.label()).to_owned(),
                    inline(&g.behaviours),
                    inline(&g.attitudes),
                    inline(&g.needs),
                ]
            })
            .collect();
        table(
            &mut out,
            &["Segment", "Value", "Behaviours", "Attitudes", "Needs"],
            &rows,
        );
    }
    for p in &ws.propositions {
        let name = ws
            .segment(&p.segment)
            .map_or(String::new(), |g| format!(" {}", inline(&g.name)));
        let _ = writeln!(
            out,
            "### Proposition for {}{name}\n",
            inline(p.segment.as_str())
        );
        let rows: Vec<Vec<String>> = p
            .dimensions()
            .iter()
            .filter(|(_, text)| !text.trim().is_empty())
            .map(|(label, text)| vec![(*label).to_owned(), inline(text)])
            .collect();
        if rows.is_empty() {
            out.push_str("Not drafted yet.\n\n");
        } else {
            table(&mut out, &["Dimension", "What we promise"], &rows);
        }
    }

    // Glossary.
    out.push_str("## Glossary\n\n");
    if ws.glossary.is_empty() {
        out.push_str("No terms yet.\n\n");
    } else {
        let rows: Vec<Vec<String>> = ws
            .glossary
            .iter()
            .map(|t| {
                vec![
                    format!("**{}**", inline(&t.term)),
                    inline(&t.definition),
                    t.also_called
                        .iter()
                        .map(|(silo, name)| format!("{}: {}", inline(silo.as_str()), inline(name)))
                        .collect::<Vec<_>>()
                        .join("; "),
                ]
            })
            .collect();
        table(&mut out, &["Term", "Definition", "Also called"], &rows);
    }

    // Actions.
    out.push_str("## Actions\n\n");
    if ws.actions.is_empty() {
        out.push_str("No actions yet.\n\n");
    } else {
        let rows: Vec<Vec<String>> = ws
            .actions
            .iter()
            .map(|a| {
                vec![
                    inline(a.id.as_str()),
                    ws.moment(&a.moment)
                        .map_or_else(|| inline(a.moment.as_str()), moment_name),
                    inline(&a.what),
                    a.owner
                        .as_ref()
                        .map_or(String::new(), |o| inline(o.as_str())),
                    inline(&a.due),
                    a.status.label().to_owned(),
                ]
            })
            .collect();
        table(
            &mut out,
            &["Action", "Moment", "What", "Owner", "Due", "Status"],
            &rows,
        );
    }

    // Parking lot.
    out.push_str("## Parking lot\n\n");
    if ws.parking_lot.is_empty() {
        out.push_str("Nothing parked.\n\n");
    } else {
        for item in &ws.parking_lot {
            let _ = writeln!(out, "- {}", inline(item));
        }
        out.push('\n');
    }

    // Findings.
    out.push_str("## Findings\n\n");
    let findings = model::check(ws);
    if findings.is_empty() {
        out.push_str("No findings: every moment has one Accountable owner.\n");
    } else {
        let rows: Vec<Vec<String>> = findings
            .iter()
            .map(|f| {
                vec![
                    f.severity.label().to_owned(),
                    f.rule.code().to_owned(),
                    inline(&f.item.id_text()),
                    inline(&f.message),
                ]
            })
            .collect();
        table(&mut out, &["Severity", "Rule", "Item", "Finding"], &rows);
        out.truncate(out.trim_end().len());
        out.push('\n');
    }
    out
}

fn moment_section(out: &mut String, ws: &Workspace, m: &Moment) {
    let _ = writeln!(out, "#### {}\n", moment_name(m));
    if !m.description.trim().is_empty() {
        let _ = writeln!(out, "{}\n", paragraph(&m.description));
    }
    let mut facts: Vec<(&str, String)> = Vec::new();
    let channel = match (m.channel, m.direction) {
        (Some(c), Some(d)) => format!("{} ({})", c.label(), d.label().to_lowercase()),
        (Some(c), None) => c.label().to_owned(),
        (None, Some(d)) => d.label().to_owned(),
        (None, None) => String::new(),
    };
    facts.push(("Channel", channel));
    facts.push((
        "Critical for",
        m.critical_for
            .iter()
            .map(|c| c.label())
            .collect::<Vec<_>>()
            .join(", "),
    ));
    facts.push((
        "Importance",
        m.importance.map_or(String::new(), |i| format!("{i} of 5")),
    ));
    let votes = match m.votes {
        0 => String::new(),
        1 => ", 1 vote".to_owned(),
        n => format!(", {n} votes"),
    };
    facts.push((
        "Status",
        format!(
            "{}{votes}",
            match m.status {
                model::Status::Proposed => "Proposed",
                model::Status::Agreed => "Agreed",
            }
        ),
    ));
    let owners: Vec<String> = owners_by_role(m)
        .iter()
        .map(|o| {
            let person = if o.person.is_empty() {
                String::new()
            } else {
                format!(", {}", inline(&o.person))
            };
            format!(
                "{} ({}{person})",
                inline(&silo_label(ws, &o.silo)),
                o.role.label()
            )
        })
        .collect();
    facts.push((
        "Owners",
        if owners.is_empty() {
            "none yet".to_owned()
        } else {
            owners.join("; ")
        },
    ));
    facts.push(("Customer need", inline(&m.need)));
    for (label, value) in facts.iter().filter(|(_, v)| !v.is_empty()) {
        let _ = writeln!(out, "- **{label}:** {value}");
    }
    out.push('\n');

    if !m.experience.is_empty() || m.target.is_some() {
        let mut rows: Vec<Vec<String>> = m
            .experience
            .iter()
            .map(|(g, e)| {
                let name = ws
                    .segment(g)
                    .map_or(String::new(), |s| format!(" {}", inline(&s.name)));
                vec![
                    format!("{}{name}", inline(g.as_str())),
                    experience_label(Some(*e)),
                ]
            })
            .collect();
        if let Some(target) = m.target {
            rows.push(vec![
                "**Target**".to_owned(),
                experience_label(Some(target)),
            ]);
        }
        table(out, &["Segment", "Experience today"], &rows);
    }
    if !m.kpis.is_empty() {
        let rows: Vec<Vec<String>> = m
            .kpis
            .iter()
            .map(|k| vec![inline(&k.name), inline(&k.target), inline(&k.current)])
            .collect();
        table(out, &["KPI", "Target", "Current"], &rows);
    }
    if !m.notes.trim().is_empty() {
        let _ = writeln!(out, "*Notes:* {}\n", paragraph(&m.notes));
    }
}
