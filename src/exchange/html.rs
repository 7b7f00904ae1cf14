//! The HTML workshop report: one self-contained file with inline CSS, no scripts and no
//! external resources, readable on screen and printable in landscape. Every piece of user
//! text goes through [`escape`].

use std::fmt::Write;

use super::{journey, owners_by_role, seams, silo_label, title};
use crate::model::{self, Experience, Moment, Status, Workspace};

/// Escapes text for HTML element content and double- or single-quoted attributes.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Escaped multi-line text with its line breaks kept.
fn lines(text: &str) -> String {
    text.lines().map(escape).collect::<Vec<_>>().join("<br>")
}

const STYLE: &str = "\
@page { size: landscape; margin: 12mm; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; color: #1b1b1b; background: #fff; margin: 0 auto; max-width: 1400px; padding: 1.5rem; }
h1 { font-size: 1.8rem; margin: 0 0 .25rem; }
h2 { font-size: 1.3rem; border-bottom: 2px solid #1b1b1b; padding-bottom: .2rem; margin-top: 2rem; }
h3 { font-size: 1.05rem; margin: 1.2rem 0 .4rem; }
p.lead { color: #444; margin-top: 0; }
table { border-collapse: collapse; width: 100%; margin: .4rem 0 1rem; }
th, td { border: 1px solid #999; padding: .3rem .45rem; text-align: left; vertical-align: top; }
th { background: #eee; }
td.raci { text-align: center; font-weight: bold; }
.board { display: grid; grid-auto-flow: column; grid-auto-columns: minmax(11rem, 1fr); gap: .6rem; }
.stage { border: 1px solid #999; border-radius: 4px; padding: .4rem; background: #fafafa; break-inside: avoid; }
.stage h3 { margin: 0 0 .2rem; font-size: 1rem; }
.stage .goal { font-size: .85rem; color: #444; margin: 0 0 .4rem; }
.card { border: 1px solid #bbb; border-left: 5px solid #888; background: #fff; padding: .3rem .4rem; margin-bottom: .4rem; font-size: .85rem; break-inside: avoid; }
.card.bad { border-left-color: #b00020; }
.card.neutral { border-left-color: #b58900; }
.card.good { border-left-color: #2e7d32; }
.id { font-family: ui-monospace, Menlo, Consolas, monospace; color: #555; }
.exp-bad { color: #b00020; font-weight: bold; }
.exp-neutral { color: #7a5c00; }
.exp-good { color: #2e7d32; font-weight: bold; }
.sev-error { color: #b00020; font-weight: bold; }
.sev-warning { color: #7a5c00; }
.moment { break-inside: avoid; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .1rem .8rem; margin: .3rem 0; }
dt { font-weight: bold; }
dd { margin: 0; }
.empty { color: #555; font-style: italic; }
@media print { body { padding: 0; max-width: none; font-size: 11px; } h2 { break-after: avoid; } }
";

fn exp_class(e: Experience) -> &'static str {
    match e {
        Experience::Bad => "bad",
        Experience::Neutral => "neutral",
        Experience::Good => "good",
        Experience::Unknown => "unknown",
    }
}

fn exp_span(e: Experience) -> String {
    format!(
        "<span class=\"exp-{}\">{} {}</span>",
        exp_class(e),
        e.symbol(),
        e.label()
    )
}

fn table(out: &mut String, header: &[&str], rows: &[Vec<String>]) {
    out.push_str("<table>\n<thead><tr>");
    for h in header {
        let _ = write!(out, "<th>{h}</th>");
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for row in rows {
        out.push_str("<tr>");
        for cell in row {
            let _ = write!(out, "<td>{cell}</td>");
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
}

fn empty(out: &mut String, text: &str) {
    let _ = writeln!(out, "<p class=\"empty\">{text}</p>");
}

fn moment_name(m: &Moment) -> String {
    format!(
        "<span class=\"id\">{}</span> {}",
        escape(m.id.as_str()),
        escape(&m.title)
    )
}

/// The report as one HTML document.
pub fn to_html(ws: &Workspace) -> String {
    let mut out = String::new();
    let title = escape(title(ws));
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n"
    );
    let _ = writeln!(out, "<h1>{title}</h1>");
    let _ = writeln!(
        out,
        "<p class=\"lead\">Workshop report from moments: {} stages, {} moments of truth, {} silos, {} segments.</p>",
        ws.stages.len(),
        ws.moments.len(),
        ws.silos.len(),
        ws.segments.len()
    );

    // The board: stages as columns, moments as cards.
    out.push_str("<h2>Journey</h2>\n");
    if ws.stages.is_empty() {
        empty(&mut out, "No stages yet.");
    } else {
        out.push_str("<div class=\"board\">\n");
        for (stage, moments) in journey(ws) {
            let _ = writeln!(
                out,
                "<section class=\"stage\"><h3><span class=\"id\">{}</span> {}</h3>",
                escape(stage.id.as_str()),
                escape(&stage.name)
            );
            if !stage.goal.is_empty() {
                let _ = writeln!(out, "<p class=\"goal\">{}</p>", escape(&stage.goal));
            }
            if moments.is_empty() {
                empty(&mut out, "No moments yet.");
            }
            for m in moments {
                let class = m.worst_experience().map_or("unknown", exp_class);
                let accountable = m
                    .accountable()
                    .map_or("no single Accountable".to_owned(), |s| {
                        format!("A: {}", escape(s.as_str()))
                    });
                let critical: String = m.critical_for.iter().map(|c| c.symbol()).collect();
                let votes = if m.votes > 0 {
                    format!(" · {} ●", m.votes)
                } else {
                    String::new()
                };
                let _ = writeln!(
                    out,
                    "<div class=\"card {class}\">{}<br><small>{accountable} {}{votes}</small></div>",
                    moment_name(m),
                    escape(&critical)
                );
            }
            out.push_str("</section>\n");
        }
        out.push_str("</div>\n");
    }

    // Moment details.
    out.push_str("<h2>Moments of truth</h2>\n");
    if ws.moments.is_empty() {
        empty(&mut out, "No moments of truth yet.");
    }
    for (stage, moments) in journey(ws) {
        if moments.is_empty() {
            continue;
        }
        let _ = writeln!(
            out,
            "<h3><span class=\"id\">{}</span> {}</h3>",
            escape(stage.id.as_str()),
            escape(&stage.name)
        );
        let rows: Vec<Vec<String>> = moments.iter().map(|m| moment_row(ws, m)).collect();
        table(
            &mut out,
            &[
                "Moment",
                "Channel",
                "Critical for",
                "Importance",
                "Owners",
                "Experience today",
                "Target",
                "KPIs",
                "Status",
                "Notes",
            ],
            &rows,
        );
    }

    // RACI matrix.
    out.push_str("<h2>Ownership (RACI)</h2>\n");
    if ws.silos.is_empty() || ws.moments.is_empty() {
        empty(&mut out, "No silos or moments yet.");
    } else {
        let mut header = vec!["Moment".to_owned()];
        header.extend(ws.silos.iter().map(|s| {
            format!(
                "<span title=\"{}\">{}</span>",
                escape(&s.name),
                escape(s.id.as_str())
            )
        }));
        let header: Vec<&str> = header.iter().map(String::as_str).collect();
        out.push_str("<table>\n<thead><tr>");
        for h in &header {
            let _ = write!(out, "<th>{h}</th>");
        }
        out.push_str("</tr></thead>\n<tbody>\n");
        for (_, ms) in journey(ws) {
            for m in ms {
                let _ = write!(out, "<tr><td>{}</td>", moment_name(m));
                for s in &ws.silos {
                    let letters: String = m
                        .owners
                        .iter()
                        .filter(|o| o.silo == s.id)
                        .map(|o| o.role.letter())
                        .collect();
                    let _ = write!(out, "<td class=\"raci\">{letters}</td>");
                }
                out.push_str("</tr>\n");
            }
        }
        out.push_str("</tbody>\n</table>\n");
        out.push_str("<p>A = Accountable, R = Responsible, C = Consulted, I = Informed.</p>\n");
    }

    // Handoffs and seams.
    out.push_str("<h2>Handoffs and silo seams</h2>\n<h3>Handoffs</h3>\n");
    if ws.handoffs.is_empty() {
        empty(&mut out, "No handoffs recorded.");
    } else {
        let rows: Vec<Vec<String>> = ws
            .handoffs
            .iter()
            .map(|h| {
                vec![
                    escape(h.id.as_str()),
                    ws.moment(&h.moment)
                        .map_or_else(|| escape(h.moment.as_str()), moment_name),
                    escape(&silo_label(ws, &h.from)),
                    escape(&silo_label(ws, &h.to)),
                    escape(&h.what),
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
    out.push_str("<h3>Seams</h3>\n");
    let seams = seams(ws);
    if seams.is_empty() {
        empty(
            &mut out,
            "Accountability does not change hands between consecutive moments.",
        );
    } else {
        let rows: Vec<Vec<String>> = seams
            .iter()
            .map(|s| {
                vec![
                    moment_name(s.before),
                    moment_name(s.after),
                    format!("{} → {}", escape(s.from.as_str()), escape(s.to.as_str())),
                    s.handoff
                        .map_or("none recorded".to_owned(), |h| escape(h.id.as_str())),
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
    out.push_str("<h2>Segments and propositions</h2>\n");
    if ws.segments.is_empty() {
        empty(&mut out, "No segments yet.");
    } else {
        let rows: Vec<Vec<String>> = ws
            .segments
            .iter()
            .map(|g| {
                vec![
                    format!(
                        "<span class=\"id\">{}</span> {}",
                        escape(g.id.as_str()),
                        escape(&g.name)
                    ),
                    g.value.map_or("", |v| v.label()).to_owned(),
                    lines(&g.behaviours),
                    lines(&g.attitudes),
                    lines(&g.needs),
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
            .map_or(String::new(), |g| format!(" {}", escape(&g.name)));
        let _ = writeln!(
            out,
            "<h3>Proposition for {}{name}</h3>",
            escape(p.segment.as_str())
        );
        let rows: Vec<Vec<String>> = p
            .dimensions()
            .iter()
            .filter(|(_, t)| !t.trim().is_empty())
            .map(|(label, text)| vec![(*label).to_owned(), lines(text)])
            .collect();
        if rows.is_empty() {
            empty(&mut out, "Not drafted yet.");
        } else {
            table(&mut out, &["Dimension", "What we promise"], &rows);
        }
    }

    // Glossary.
    out.push_str("<h2>Glossary</h2>\n");
    if ws.glossary.is_empty() {
        empty(&mut out, "No terms yet.");
    } else {
        let rows: Vec<Vec<String>> = ws
            .glossary
            .iter()
            .map(|t| {
                vec![
                    format!("<strong>{}</strong>", escape(&t.term)),
                    lines(&t.definition),
                    t.also_called
                        .iter()
                        .map(|(s, n)| format!("{}: {}", escape(s.as_str()), escape(n)))
                        .collect::<Vec<_>>()
                        .join("<br>"),
                ]
            })
            .collect();
        table(&mut out, &["Term", "Definition", "Also called"], &rows);
    }

    // Actions.
    out.push_str("<h2>Actions</h2>\n");
    if ws.actions.is_empty() {
        empty(&mut out, "No actions yet.");
    } else {
        let rows: Vec<Vec<String>> = ws
            .actions
            .iter()
            .map(|a| {
                vec![
                    escape(a.id.as_str()),
                    ws.moment(&a.moment)
                        .map_or_else(|| escape(a.moment.as_str()), moment_name),
                    lines(&a.what),
                    a.owner
                        .as_ref()
                        .map_or(String::new(), |o| escape(o.as_str())),
                    escape(&a.due),
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
    out.push_str("<h2>Parking lot</h2>\n");
    if ws.parking_lot.is_empty() {
        empty(&mut out, "Nothing parked.");
    } else {
        out.push_str("<ul>\n");
        for item in &ws.parking_lot {
            let _ = writeln!(out, "<li>{}</li>", lines(item));
        }
        out.push_str("</ul>\n");
    }

    // Findings.
    out.push_str("<h2>Findings</h2>\n");
    let findings = model::check(ws);
    if findings.is_empty() {
        empty(
            &mut out,
            "No findings: every moment has one Accountable owner.",
        );
    } else {
        let rows: Vec<Vec<String>> = findings
            .iter()
            .map(|f| {
                vec![
                    format!("<span class=\"sev-{0}\">{0}</span>", f.severity.label()),
                    f.rule.code().to_owned(),
                    escape(&f.item.id_text()),
                    escape(&f.message),
                ]
            })
            .collect();
        table(&mut out, &["Severity", "Rule", "Item", "Finding"], &rows);
    }
    out.push_str("</body>\n</html>\n");
    out
}

fn moment_row(ws: &Workspace, m: &Moment) -> Vec<String> {
    let mut name = moment_name(m);
    if !m.description.is_empty() {
        let _ = write!(name, "<br><small>{}</small>", lines(&m.description));
    }
    if !m.need.is_empty() {
        let _ = write!(name, "<br><small>Need: {}</small>", escape(&m.need));
    }
    let channel = [m.channel.map(|c| c.label()), m.direction.map(|d| d.label())]
        .iter()
        .flatten()
        .copied()
        .collect::<Vec<_>>()
        .join(", ");
    let owners = owners_by_role(m)
        .iter()
        .map(|o| {
            let person = if o.person.is_empty() {
                String::new()
            } else {
                format!(" ({})", escape(&o.person))
            };
            format!(
                "<span title=\"{}\">{}</span>: {}{person}",
                escape(&silo_label(ws, &o.silo)),
                escape(o.silo.as_str()),
                o.role.letter()
            )
        })
        .collect::<Vec<_>>()
        .join("<br>");
    let experience = m
        .experience
        .iter()
        .map(|(g, e)| {
            let name = ws.segment(g).map_or(g.as_str(), |s| s.name.as_str());
            format!("{}: {}", escape(name), exp_span(*e))
        })
        .collect::<Vec<_>>()
        .join("<br>");
    let kpis = m
        .kpis
        .iter()
        .map(|k| {
            format!(
                "{}: {} (target {})",
                escape(&k.name),
                if k.current.is_empty() {
                    "–".to_owned()
                } else {
                    escape(&k.current)
                },
                if k.target.is_empty() {
                    "–".to_owned()
                } else {
                    escape(&k.target)
                }
            )
        })
        .collect::<Vec<_>>()
        .join("<br>");
    let status = match m.status {
        Status::Proposed => "Proposed",
        Status::Agreed => "Agreed",
    };
    let votes = match m.votes {
        0 => String::new(),
        1 => ", 1 vote".to_owned(),
        n => format!(", {n} votes"),
    };
    vec![
        name,
        channel,
        m.critical_for
            .iter()
            .map(|c| c.label())
            .collect::<Vec<_>>()
            .join("<br>"),
        m.importance.map_or(String::new(), |i| format!("{i} of 5")),
        owners,
        experience,
        m.target.map_or(String::new(), exp_span),
        kpis,
        format!("{status}{votes}"),
        lines(&m.notes),
    ]
}
