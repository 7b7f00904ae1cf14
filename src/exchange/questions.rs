//! The three questions a report asks of every moment, side by side: how well are we
//! doing (experience per segment, how we know, KPIs against plan with their trend), what
//! can we improve (the gaps to the targets, the actions and their effort) and what do
//! competitors do better (their standings).

use super::document::{
    Block, Inline, Line, Section, experience, id, named, strong, table, text, words,
};
use crate::model::{Kpi, Moment, PlanStatus, Standing, Workspace, measure::format_number};

fn heading(s: &str) -> Line {
    vec![words(s)]
}

/// `44 → 48 → 52%`: the readings oldest first, the unit once at the end.
fn trend(k: &Kpi) -> String {
    let values: Vec<String> = k.history().iter().map(|r| format_number(r.value)).collect();
    if values.is_empty() {
        return String::new();
    }
    let mut text = values.join(" → ");
    match k.unit.as_str() {
        "" => {}
        "%" => text.push('%'),
        unit => {
            text.push(' ');
            text.push_str(unit);
        }
    }
    text
}

fn plan(k: &Kpi) -> String {
    let status = match k.status() {
        Some(s) => s.label().to_owned(),
        None if k.readings.is_empty() => "no reading".to_owned(),
        None => "no target".to_owned(),
    };
    match (k.status(), k.trend()) {
        (Some(PlanStatus::Behind), Some(change)) if change > 0.0 => {
            format!("{status}, improving")
        }
        (Some(PlanStatus::Behind), Some(_)) => format!("{status}, not recovering"),
        _ => status,
    }
}

/// How well are we doing: experience per segment, evidence, KPIs against plan.
fn how_well(ws: &Workspace, m: &Moment) -> Section {
    let mut blocks = Vec::new();
    if !m.experience.is_empty() || m.target.is_some() {
        let mut rows: Vec<Vec<Line>> = m
            .experience
            .iter()
            .map(|(g, e)| {
                let segment = ws
                    .segment(g)
                    .map_or_else(|| vec![id(g.as_str())], |s| named(g.as_str(), &s.name));
                vec![segment, vec![experience(*e)]]
            })
            .collect();
        if let Some(target) = m.target {
            rows.push(vec![vec![strong("Target")], vec![experience(target)]]);
        }
        blocks.push(table(&["Segment", "Experience today"], rows));
    }
    let mut evidence = vec![
        Inline::Emphasis(vec![words("Evidence:")]),
        words(" "),
        words(m.evidence.map_or("not recorded", |e| e.label())),
    ];
    if !m.sources.is_empty() {
        evidence.push(words(" ("));
        evidence.push(text(&m.sources.join("; ")));
        evidence.push(words(")"));
    }
    blocks.push(Block::Paragraph(evidence));
    if !m.kpis.is_empty() {
        let rows = m
            .kpis
            .iter()
            .map(|k| {
                vec![
                    vec![text(&k.name)],
                    vec![text(&k.target_text())],
                    vec![text(&trend(k))],
                    vec![words(plan(k))],
                ]
            })
            .collect();
        blocks.push(table(&["KPI", "Target", "Readings", "Against plan"], rows));
    }
    Section {
        heading: heading("How well are we doing?"),
        blocks,
        sections: Vec::new(),
    }
}

/// What can we improve: the gaps to the targets, then the actions and their effort.
fn improve(ws: &Workspace, m: &Moment) -> Section {
    let mut gaps: Vec<Line> = Vec::new();
    if !m.supported {
        gaps.push(vec![words("We do not support this interaction today.")]);
    }
    if let (Some(target), Some(worst)) = (m.target, m.worst_experience())
        && worst.severity_rank() < target.severity_rank()
    {
        let short: Vec<&str> = m
            .experience
            .iter()
            .filter(|(_, e)| e.severity_rank() < target.severity_rank())
            .map(|(g, _)| g.as_str())
            .collect();
        gaps.push(vec![words(format!(
            "Experience below the target ({}) for {}",
            target.label(),
            short.join(", ")
        ))]);
    }
    for k in &m.kpis {
        if let (Some(target), Some(latest)) = (k.target, k.latest())
            && k.gain(latest.value, target) > 0.0
        {
            gaps.push(vec![
                text(&k.name),
                words(format!(
                    ": {} to go to {}",
                    k.show(k.gain(latest.value, target)),
                    k.target_text()
                )),
            ]);
        }
    }
    let mut blocks = Vec::new();
    if gaps.is_empty() {
        blocks.push(Block::Empty("No gap to a target recorded."));
    } else {
        blocks.push(Block::List(gaps));
    }
    let actions: Vec<Vec<Line>> = ws
        .actions
        .iter()
        .filter(|a| a.moment == m.id)
        .map(|a| {
            vec![
                vec![id(a.id.as_str())],
                vec![text(&a.what)],
                vec![words(a.effort.map_or("", |e| e.label()))],
                vec![words(a.status.label())],
            ]
        })
        .collect();
    if !actions.is_empty() {
        blocks.push(table(&["Action", "What", "Effort", "Status"], actions));
    }
    Section {
        heading: heading("What can we improve?"),
        blocks,
        sections: Vec::new(),
    }
}

/// What do competitors do better: each standing, those ahead of us first.
fn competitors(ws: &Workspace, m: &Moment) -> Section {
    let mut standings: Vec<_> = m.versus.iter().collect();
    standings.sort_by_key(|(_, s)| std::cmp::Reverse(**s));
    let lines: Vec<Line> = standings
        .into_iter()
        .map(|(c, s)| {
            let mut line = ws
                .competitor(c)
                .map_or_else(|| vec![id(c.as_str())], |x| named(c.as_str(), &x.name));
            line.push(words(format!(": {}", s.label().to_lowercase())));
            if *s == Standing::Ahead {
                line.push(words(" — they do this better"));
            }
            line
        })
        .collect();
    let block = if lines.is_empty() {
        Block::Empty("No competitor compared here.")
    } else {
        Block::List(lines)
    };
    Section {
        heading: heading("What do competitors do better?"),
        blocks: vec![block],
        sections: Vec::new(),
    }
}

/// The three questions for `m`, in the order the practice asks them. The competitors'
/// question is left out of a workspace that names no competitor.
pub fn sections(ws: &Workspace, m: &Moment) -> Vec<Section> {
    let mut out = vec![how_well(ws, m), improve(ws, m)];
    if !ws.competitors.is_empty() {
        out.push(competitors(ws, m));
    }
    out
}

/// The competitors and, for each, the moments where they do better than we do.
pub fn competitors_section(ws: &Workspace) -> Section {
    let blocks = if ws.competitors.is_empty() {
        vec![Block::Empty("No competitors named yet.")]
    } else {
        let rows = ws
            .competitors
            .iter()
            .map(|c| {
                let ahead: Vec<Line> = ws
                    .moments
                    .iter()
                    .filter(|m| m.versus.get(&c.id) == Some(&Standing::Ahead))
                    .map(|m| vec![id(m.id.as_str())])
                    .collect();
                vec![
                    named(c.id.as_str(), &c.name),
                    vec![Inline::Lines(c.notes.clone())],
                    super::document::joined(ahead, ", "),
                ]
            })
            .collect();
        vec![table(&["Competitor", "Notes", "Ahead of us at"], rows)]
    };
    Section {
        heading: heading("Competitors"),
        blocks,
        sections: Vec::new(),
    }
}

/// Every revealed vote round, oldest first, with its tallies.
pub fn vote_rounds_section(ws: &Workspace) -> Section {
    let blocks = if ws.vote_rounds.is_empty() {
        vec![Block::Empty("No vote round revealed yet.")]
    } else {
        let rows = ws
            .vote_rounds
            .iter()
            .map(|r| {
                let mut tallies: Vec<_> = r.tallies.iter().collect();
                tallies.sort_by_key(|(m, n)| (std::cmp::Reverse(**n), (*m).clone()));
                vec![
                    vec![words(r.round.to_string())],
                    vec![words(r.date.to_string())],
                    vec![words(format!("{} each, {} voters", r.budget, r.voters))],
                    super::document::joined(
                        tallies
                            .into_iter()
                            .map(|(m, n)| vec![id(m.as_str()), words(format!(" {n}"))]),
                        ", ",
                    ),
                ]
            })
            .collect();
        vec![table(&["Round", "Revealed", "Dots", "Tallies"], rows)]
    };
    Section {
        heading: heading("Vote rounds"),
        blocks,
        sections: Vec::new(),
    }
}
