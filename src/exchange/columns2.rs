//! The CSV columns format 2 added, after the format-1 ones: whether a moment is supported
//! today, its trigger, the competitors' standings, the evidence and its sources, the
//! people and systems delivering it, and each KPI's readings. Written by the export and
//! read back by the importer, so a CSV round trip keeps them.

use super::{join_list, split_list};
use crate::model::{
    Competitor, CompetitorId, Date, Edit, Evidence, Item, Moment, Reading, Standing, Trigger,
    Workspace, measure::format_number,
};

/// The column names, appended to the format-1 columns in this order.
pub const COLUMNS: [&str; 8] = [
    "supported",
    "trigger",
    "versus",
    "evidence",
    "sources",
    "people",
    "systems",
    "readings",
];

fn variant<T: std::fmt::Debug>(value: T) -> String {
    format!("{value:?}")
}

/// The cells of a moment for [`COLUMNS`], before the formula guard. `readings` lists,
/// per KPI, its name and each reading as `DATE VALUE` (or `VALUE` without a date).
pub fn cells(m: &Moment) -> Vec<String> {
    let versus: Vec<Vec<String>> = m
        .versus
        .iter()
        .map(|(c, s)| vec![c.to_string(), variant(s)])
        .collect();
    let sources: Vec<Vec<&str>> = m.sources.iter().map(|s| vec![s.as_str()]).collect();
    let readings: Vec<Vec<String>> = m
        .kpis
        .iter()
        .filter(|k| !k.readings.is_empty())
        .map(|k| {
            let mut parts = vec![k.name.clone()];
            parts.extend(k.readings.iter().map(|r| match &r.date {
                Some(d) => format!("{d} {}", format_number(r.value)),
                None => format_number(r.value),
            }));
            parts
        })
        .collect();
    vec![
        if m.supported {
            String::new()
        } else {
            "no".into()
        },
        m.trigger.map_or(String::new(), variant),
        join_list(&versus),
        m.evidence.map_or(String::new(), variant),
        join_list(&sources),
        m.people.clone(),
        m.systems.clone(),
        join_list(&readings),
    ]
}

fn pick<T: Copy + std::fmt::Debug>(all: &[T], text: &str, what: &str) -> Result<T, String> {
    let key = |s: &str| s.trim().to_lowercase();
    all.iter()
        .copied()
        .find(|v| key(&variant(v)) == key(text))
        .ok_or_else(|| {
            let names: Vec<String> = all.iter().map(variant).collect();
            format!("{what} “{text}” is not one of {}", names.join(", "))
        })
}

/// Reads the format-2 cells of a row into `m`. A standing for a competitor the workspace
/// does not have creates it (named by its id), as an owner does a silo; `scratch` sees it.
pub fn read(
    get: &dyn Fn(&str) -> String,
    m: &mut Moment,
    scratch: &mut Workspace,
    edits: &mut Vec<Edit>,
) -> Result<(), String> {
    match get("supported").trim().to_lowercase().as_str() {
        "" | "yes" | "true" => m.supported = true,
        "no" | "false" => m.supported = false,
        other => return Err(format!("supported “{other}” is not yes or no")),
    }
    let trigger = get("trigger");
    if !trigger.trim().is_empty() {
        m.trigger = Some(pick(&Trigger::ALL, &trigger, "trigger")?);
    }
    let evidence = get("evidence");
    if !evidence.trim().is_empty() {
        m.evidence = Some(pick(&Evidence::ALL, &evidence, "evidence")?);
    }
    for entry in split_list(&get("versus")) {
        let [id, standing] = entry.as_slice() else {
            return Err(format!(
                "versus entry “{}” is not COMPETITOR:STANDING (e.g. C1:Ahead)",
                entry.join(":")
            ));
        };
        if id.is_empty() || id.chars().any(char::is_whitespace) {
            return Err(format!("competitor id “{id}” is empty or has spaces"));
        }
        let id = CompetitorId::from(id.as_str());
        if scratch.competitor(&id).is_none() {
            let competitor = Competitor {
                id: id.clone(),
                name: id.to_string(),
                notes: String::new(),
            };
            scratch.competitors.push(competitor.clone());
            edits.push(Edit::Insert {
                item: Item::Competitor(competitor),
                at: usize::MAX,
            });
        }
        m.versus
            .insert(id, pick(&Standing::ALL, standing, "standing")?);
    }
    m.sources = split_list(&get("sources"))
        .into_iter()
        .map(|parts| parts.join(":"))
        .collect();
    m.people = get("people");
    m.systems = get("systems");
    for entry in split_list(&get("readings")) {
        let Some((name, readings)) = entry.split_first() else {
            continue;
        };
        let kpi = m.kpis.iter_mut().find(|k| &k.name == name).ok_or_else(|| {
            format!("readings for KPI “{name}”, which the kpis column does not name")
        })?;
        kpi.readings = readings
            .iter()
            .map(|r| read_reading(name, r))
            .collect::<Result<_, _>>()?;
    }
    Ok(())
}

/// `2026-09-30 48.5` or `48.5`.
fn read_reading(kpi: &str, text: &str) -> Result<Reading, String> {
    let (date, value) = match text.trim().split_once(' ') {
        Some((date, value)) => (Some(Date::parse(date)?), value.trim()),
        None => (None, text.trim()),
    };
    let value: f64 = value
        .parse()
        .ok()
        .filter(|v: &f64| v.is_finite())
        .ok_or_else(|| format!("KPI “{kpi}”: reading “{text}” is not a number"))?;
    Ok(Reading { date, value })
}
