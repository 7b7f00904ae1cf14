//! Getting work out of and into `moments`: reports (Markdown and HTML, both drawn from one
//! [`report::Report`]), spreadsheets (CSV), diagrams (Mermaid), JSON, CSV import, and the
//! semantic diff and merge that make git understand workspaces. Pure functions over the
//! model; no terminal, and no files except what the CLI hands in. The app's command palette
//! calls the same functions.

pub mod chart;
pub mod columns2;
pub mod csv;
pub mod diff;
pub mod document;
pub mod glance;
pub mod html;
pub mod import;
pub mod items;
pub mod json;
pub mod markdown;
pub mod markup;
pub mod merge;
pub mod mermaid;
pub mod questions;
pub mod report;
pub mod svg;

use crate::model::text::sanitize;
use crate::model::{Handoff, Moment, Role, SiloId, Stage, Workspace};

/// The export formats, as named on the command line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// A stakeholder report in `CommonMark` (renders on GitHub).
    Md,
    /// A self-contained, printable HTML report.
    Html,
    /// One row per moment, RFC 4180.
    Csv,
    /// A Mermaid `journey` diagram in a fenced block.
    Mermaid,
    /// The whole document as JSON.
    Json,
}

/// Renders the workspace in the given format, from a [`clean`] copy, so no export carries a
/// control character or a bidirectional override even when the file holds them.
pub fn export(ws: &Workspace, format: ExportFormat) -> String {
    let ws = &clean(ws);
    match format {
        ExportFormat::Md => markdown::to_markdown(ws),
        ExportFormat::Html => html::to_html(ws),
        ExportFormat::Csv => csv::to_csv(ws),
        ExportFormat::Mermaid => mermaid::to_mermaid(ws),
        ExportFormat::Json => json::to_json(ws),
    }
}

/// The workspace with every text, and every map key, made safe as typing makes it
/// ([`sanitize`]: line breaks kept, other controls and bidirectional overrides removed).
/// Goes through serde's data model, so fields added later are cleaned without a line
/// here; a file written by an older build or edited by hand may hold what typing strips.
pub fn clean(ws: &Workspace) -> Workspace {
    fn walk(value: &mut serde_json::Value) {
        match value {
            serde_json::Value::String(s) => *s = sanitize(s, true),
            serde_json::Value::Array(items) => items.iter_mut().for_each(walk),
            serde_json::Value::Object(map) => {
                let entries = std::mem::take(map);
                for (key, mut v) in entries {
                    walk(&mut v);
                    map.insert(sanitize(&key, false), v);
                }
            }
            _ => {}
        }
    }
    // Most files hold nothing to clean: one pass over their JSON text says so, which costs
    // far less than taking the workspace apart and building it again.
    if serde_json::to_string(ws).is_ok_and(|text| !may_need_cleaning(&text)) {
        return ws.clone();
    }
    let Ok(mut value) = serde_json::to_value(ws) else {
        return ws.clone();
    };
    walk(&mut value);
    // Cleaning only removes characters, so the value still has the workspace's shape; if
    // it ever did not, exporting the text as it is beats failing the export.
    serde_json::from_value(value).unwrap_or_else(|_| ws.clone())
}

/// Whether JSON text may hold what [`sanitize`] removes: a control character (JSON escapes
/// those below U+0020; `\n` is kept, so only the other escapes count), DEL or C1 as
/// they are, or a bidirectional mark. A `\\t` written for a backslash and a `t` is a false
/// alarm that only costs the full clean.
fn may_need_cleaning(json: &str) -> bool {
    json.contains("\\u00")
        || json.contains("\\t")
        || json.contains("\\r")
        || json.contains("\\b")
        || json.contains("\\f")
        || json.chars().any(|c| {
            (c.is_control() && c != '\n')
                || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}')
        })
}

/// The stages in order, each with its moments in board order. Moments whose stage does
/// not exist are left out (the findings report them).
pub fn journey(ws: &Workspace) -> Vec<(&Stage, Vec<&Moment>)> {
    ws.stages
        .iter()
        .map(|s| (s, ws.moments.iter().filter(|m| m.stage == s.id).collect()))
        .collect()
}

/// A silo seam: consecutive moments of the journey whose Accountable silo changes.
#[derive(Clone, Debug, PartialEq)]
pub struct Seam<'a> {
    pub before: &'a Moment,
    pub after: &'a Moment,
    pub from: &'a SiloId,
    pub to: &'a SiloId,
    /// An explicit handoff at either moment between the same two silos, if recorded.
    pub handoff: Option<&'a Handoff>,
}

/// Where accountability passes from one silo to another along the journey: derived from
/// consecutive moments (in stage order, then board order) with a single Accountable owner.
pub fn seams(ws: &Workspace) -> Vec<Seam<'_>> {
    let order: Vec<&Moment> = journey(ws).into_iter().flat_map(|(_, ms)| ms).collect();
    order
        .windows(2)
        .filter_map(|pair| {
            let (before, after) = (pair[0], pair[1]);
            let (from, to) = (before.accountable()?, after.accountable()?);
            (from != to).then(|| Seam {
                before,
                after,
                from,
                to,
                handoff: ws.handoffs.iter().find(|h| {
                    (h.moment == after.id || h.moment == before.id)
                        && &h.from == from
                        && &h.to == to
                }),
            })
        })
        .collect()
}

/// The owners of a moment, Accountable first, then R, C, I, each in document order.
pub fn owners_by_role(m: &Moment) -> Vec<&crate::model::Owner> {
    let mut owners: Vec<_> = m.owners.iter().collect();
    owners.sort_by_key(|o| Role::ALL.iter().position(|r| *r == o.role));
    owners
}

/// A silo's display name: `SAL Sales`, or just the code when it is unknown.
pub fn silo_label(ws: &Workspace, id: &SiloId) -> String {
    match ws.silo(id) {
        Some(s) if !s.name.is_empty() => format!("{} {}", s.id, s.name),
        _ => id.to_string(),
    }
}

/// The report's title: the workshop title, or a stand-in.
pub fn title(ws: &Workspace) -> &str {
    if ws.title.trim().is_empty() {
        "Untitled workshop"
    } else {
        &ws.title
    }
}

/// Joins list entries into one cell, each entry's parts separated by `:` and entries by
/// `;`; a `\`, `:` or `;` inside a part is escaped with `\`. The inverse of [`split_list`].
pub fn join_list<S: AsRef<str>>(entries: &[Vec<S>]) -> String {
    entries
        .iter()
        .map(|parts| {
            parts
                .iter()
                .map(|p| escape_part(p.as_ref()))
                .collect::<Vec<_>>()
                .join(":")
        })
        .collect::<Vec<_>>()
        .join(";")
}

fn escape_part(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '\\' | ':' | ';') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Splits a cell written by [`join_list`] into entries and their parts. Blank cells give
/// no entries; surrounding spaces of each part are trimmed.
pub fn split_list(cell: &str) -> Vec<Vec<String>> {
    let mut entries = Vec::new();
    let mut parts = Vec::new();
    let mut part = String::new();
    let mut chars = cell.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(next) = chars.next() {
                    part.push(next);
                }
            }
            ':' => parts.push(std::mem::take(&mut part).trim().to_owned()),
            ';' => {
                parts.push(std::mem::take(&mut part).trim().to_owned());
                entries.push(std::mem::take(&mut parts));
            }
            c => part.push(c),
        }
    }
    parts.push(part.trim().to_owned());
    entries.push(parts);
    entries.retain(|e: &Vec<String>| !(e.len() == 1 && e[0].is_empty()));
    entries
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_strips_controls_and_leaves_clean_text_alone() {
        let mut ws = crate::templates::demo();
        assert_eq!(clean(&ws), ws);
        ws.title = "a\u{1b}]0;x\u{7}b\u{202E}\tc\nd".into();
        ws.park("\u{9b}2J");
        let cleaned = clean(&ws);
        assert_eq!(cleaned.title, "a]0;xb c\nd");
        assert_eq!(
            cleaned.parking_lot.last().map(|p| p.text.as_str()),
            Some("2J")
        );
        assert!(may_need_cleaning("\"\\t\"") && !may_need_cleaning("\"a\\nb\""));
    }

    #[test]
    fn lists_round_trip_with_escapes() {
        let entries = vec![
            vec![
                "SAL".to_owned(),
                "A".to_owned(),
                "Ana; the boss: yes\\".to_owned(),
            ],
            vec!["SVC".to_owned(), "C".to_owned()],
        ];
        let cell = join_list(&entries);
        assert_eq!(cell, "SAL:A:Ana\\; the boss\\: yes\\\\;SVC:C");
        assert_eq!(split_list(&cell), entries);
        assert!(split_list("").is_empty());
        assert!(split_list(" ; ").is_empty());
    }
}
