//! The CSV export: one row per moment in journey order, with the stable columns in
//! [`COLUMNS`] (documented in docs/exchange.md), RFC 4180 (CRLF, quotes only where needed), UTF-8,
//! and a guard against spreadsheet formula injection.

use super::{join_list, journey};
use crate::model::{Moment, Role, Stage, Status, Workspace};

/// The columns, in order. Their names and meaning are a contract: spreadsheets and the
/// importer rely on them. Add new columns at the end only.
pub const COLUMNS: [&str; 25] = [
    "id",
    "stage",
    "stage_name",
    "title",
    "description",
    "channel",
    "direction",
    "critical_for",
    "importance",
    "experience",
    "target",
    "need",
    "owners",
    "kpis",
    "votes",
    "status",
    "notes",
    // Format 2 (see `columns2`).
    "supported",
    "trigger",
    "versus",
    "evidence",
    "sources",
    "people",
    "systems",
    "readings",
];

/// Characters that make a spreadsheet read a cell as a formula.
const FORMULA_TRIGGERS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

fn needs_guard(cell: &str) -> bool {
    match cell.chars().next() {
        Some(c) if FORMULA_TRIGGERS.contains(&c) => true,
        // A cell that already starts with the guard is guarded again, so the importer's
        // removal of one `'` gives back exactly what was written.
        Some('\'') => needs_guard(&cell[1..]),
        _ => false,
    }
}

/// Prefixes `'` to a cell a spreadsheet would run as a formula.
pub fn guard(cell: &str) -> String {
    if needs_guard(cell) {
        format!("'{cell}")
    } else {
        cell.to_owned()
    }
}

/// Removes the `'` that [`guard`] added.
pub fn unguard(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if needs_guard(rest) => rest,
        _ => cell,
    }
}

/// The name of an enum value as written in files and CSV (`FaceToFace`, `Agreed`).
pub fn variant<T: std::fmt::Debug>(value: T) -> String {
    format!("{value:?}")
}

/// A RACI role as its letter.
pub fn role_letter(role: Role) -> String {
    role.letter().to_string()
}

/// The cells of one moment, in [`COLUMNS`] order, before the formula guard.
pub fn moment_cells(stage: Option<&Stage>, m: &Moment) -> Vec<String> {
    let owners: Vec<Vec<String>> = m
        .owners
        .iter()
        .map(|o| {
            let mut parts = vec![o.silo.to_string(), role_letter(o.role)];
            if !o.person.is_empty() {
                parts.push(o.person.clone());
            }
            parts
        })
        .collect();
    let kpis: Vec<Vec<String>> = m
        .kpis
        .iter()
        .map(|k| {
            let mut parts = vec![k.name.clone(), k.target_text(), k.latest_text()];
            while parts.len() > 1 && parts.last().is_some_and(String::is_empty) {
                parts.pop();
            }
            parts
        })
        .collect();
    let experience: Vec<Vec<String>> = m
        .experience
        .iter()
        .map(|(g, e)| vec![g.to_string(), variant(e)])
        .collect();
    let critical: Vec<Vec<String>> = m.critical_for.iter().map(|c| vec![variant(c)]).collect();
    let mut cells = vec![
        m.id.to_string(),
        m.stage.to_string(),
        stage.map_or(String::new(), |s| s.name.clone()),
        m.title.clone(),
        m.description.clone(),
        m.channel.map_or(String::new(), variant),
        m.direction.map_or(String::new(), variant),
        join_list(&critical),
        m.importance.map_or(String::new(), |i| i.to_string()),
        join_list(&experience),
        m.target.map_or(String::new(), variant),
        m.need.clone(),
        join_list(&owners),
        join_list(&kpis),
        if m.votes == 0 {
            String::new()
        } else {
            m.votes.to_string()
        },
        match m.status {
            Status::Proposed => String::new(),
            Status::Agreed => variant(Status::Agreed),
        },
        m.notes.clone(),
    ];
    cells.extend(super::columns2::cells(m));
    cells
}

/// All moments as CSV: a header row, then one row per moment (stage order, then board
/// order; moments in a stage that does not exist come last).
pub fn to_csv(ws: &Workspace) -> String {
    let mut writer = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .from_writer(Vec::new());
    writer
        .write_record(COLUMNS)
        .expect("writing to memory succeeds");
    let mut rows: Vec<(Option<&Stage>, &Moment)> = journey(ws)
        .into_iter()
        .flat_map(|(s, ms)| ms.into_iter().map(move |m| (Some(s), m)))
        .collect();
    rows.extend(
        ws.moments
            .iter()
            .filter(|m| ws.stage(&m.stage).is_none())
            .map(|m| (None, m)),
    );
    for (stage, m) in rows {
        let cells: Vec<String> = moment_cells(stage, m).iter().map(|c| guard(c)).collect();
        writer
            .write_record(&cells)
            .expect("writing to memory succeeds");
    }
    let bytes = writer.into_inner().expect("flushing to memory succeeds");
    String::from_utf8(bytes).expect("the cells are UTF-8")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_format_2_columns_come_last_in_their_order() {
        assert_eq!(COLUMNS[17..], super::super::columns2::COLUMNS);
    }

    #[test]
    fn guard_round_trips() {
        for s in [
            "=1+1", "+x", "-5%", "@SUM", "\tx", "'=x", "''=x", "'x", "x", "",
        ] {
            assert_eq!(unguard(&guard(s)), s, "{s:?}");
        }
        assert_eq!(guard("=HYPERLINK()"), "'=HYPERLINK()");
        assert_eq!(guard("'=x"), "''=x");
        assert_eq!(guard("'plain"), "'plain");
    }
}
