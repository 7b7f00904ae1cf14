//! The format-2 fields of the editors: a moment's support, trigger, evidence, sources,
//! people, systems, standing against each competitor and KPIs with their readings; a
//! segment's objective and cycle; a stage's resources and needs per segment; an action's
//! effort. Each is built into a form here and read back here, with a located message
//! when the draft cannot be read.

use crate::model::measure::read_quantity;
use crate::model::{
    Better, Date, Evidence, Kpi, Level, Moment, Objective, Reading, Segment, Stage, Standing,
    Trigger, Workspace,
};

use super::super::form::{Field, Form};
use super::{index_of, labels, line, text};

/// Field labels, also used to read the forms back.
pub mod f {
    pub const SUPPORTED: &str = "Supported";
    pub const TRIGGER: &str = "Starts with";
    pub const EVIDENCE: &str = "Evidence";
    pub const SOURCES: &str = "Sources";
    pub const PEOPLE: &str = "People";
    pub const SYSTEMS: &str = "Systems";
    pub const OBJECTIVE: &str = "Objective";
    pub const CYCLE: &str = "Cycle";
    pub const RESOURCES: &str = "Resources";
    pub const EFFORT: &str = "Effort";
    pub const READING: &str = "Reading";
}

/// The label of the standing field for a competitor.
pub fn versus_label(name: &str) -> String {
    format!("vs {name}")
}

/// The label of a stage's needs field for a segment.
pub fn needs_label(segment: &Segment) -> String {
    format!("Needs: {}", segment.name)
}

/// A moment's format-2 fields, after its experience and target.
pub fn moment_fields(ws: &Workspace, m: &Moment) -> Vec<Field> {
    let mut fields = vec![
        Field::choice(
            f::SUPPORTED,
            vec!["Yes".into(), "No".into()],
            Some(usize::from(!m.supported)),
            false,
            "No: an interaction customers have that we do not support today",
        ),
        Field::choice(
            f::TRIGGER,
            labels(&Trigger::ALL, Trigger::label),
            index_of(&Trigger::ALL, m.trigger),
            true,
            "What starts it: a situation the customer is in, or a need they feel",
        ),
        Field::choice(
            f::EVIDENCE,
            labels(&Evidence::ALL, Evidence::label),
            index_of(&Evidence::ALL, m.evidence),
            true,
            "How we know the ratings: assumed by the room, reported, or measured",
        ),
        Field::text(
            f::SOURCES,
            &m.sources.join("\n"),
            "Where the evidence comes from, one per line (Q3 NPS verbatims, call logs)",
        ),
        Field::text(
            f::PEOPLE,
            &m.people,
            "What the people delivering it need: skills, training, information",
        ),
        Field::text(f::SYSTEMS, &m.systems, "The technology it runs on"),
    ];
    for c in &ws.competitors {
        fields.push(Field::choice(
            &versus_label(&c.name),
            labels(&Standing::ALL, Standing::label),
            index_of(&Standing::ALL, m.versus.get(&c.id).copied()),
            true,
            format!("Where {} stands against us at this moment", c.name),
        ));
    }
    fields
}

/// Reads a moment's format-2 fields into `m`.
pub fn read_moment(ws: &Workspace, form: &Form, m: &mut Moment) {
    m.supported = form.field(f::SUPPORTED).selected() != Some(1);
    m.trigger = form.field(f::TRIGGER).selected().map(|i| Trigger::ALL[i]);
    m.evidence = form.field(f::EVIDENCE).selected().map(|i| Evidence::ALL[i]);
    m.sources = text(form, f::SOURCES)
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect();
    m.people = text(form, f::PEOPLE);
    m.systems = text(form, f::SYSTEMS);
    for c in &ws.competitors {
        match form.field(&versus_label(&c.name)).selected() {
            Some(i) => {
                m.versus.insert(c.id.clone(), Standing::ALL[i]);
            }
            None => {
                m.versus.remove(&c.id);
            }
        }
    }
}

/// The hint of the KPIs field: how to write a KPI and its readings.
pub const KPIS_HINT: &str = "A KPI per line: name | target | higher or lower; below it a reading per line: date value (2026-09-30 52%)";

/// KPIs as the form shows them: a line per KPI (`name | target | lower`), then its
/// readings oldest first (`2026-09-30 52%`, `undated 48%`), then its notes (`note: …`).
pub fn kpis_text(kpis: &[Kpi]) -> String {
    let mut out = Vec::new();
    for k in kpis {
        let mut head = k.name.clone();
        if k.target.is_some() || k.better != Better::default() {
            head.push_str(&format!(" | {}", k.target_text()));
        }
        if k.better != Better::default() {
            head.push_str(" | lower");
        }
        out.push(head);
        for r in k.history() {
            let date = r.date.as_ref().map_or("undated", Date::as_str);
            out.push(format!("  {date} {}", k.show(r.value)));
        }
        for note in k.notes.lines() {
            out.push(format!("  note: {note}"));
        }
    }
    out.join("\n")
}

/// Whether a line's first word is meant as a date: four digits and a dash.
fn looks_like_date(word: &str) -> bool {
    let b = word.as_bytes();
    b.len() >= 5 && b[..4].iter().all(u8::is_ascii_digit) && b[4] == b'-'
}

/// Reads a reading written `date value` (`2026-09-30 52%`), or `undated value`, with the
/// unit it was written in; a bad date or a value that is not a number says so.
pub fn parse_reading(text: &str) -> Result<(Reading, String), String> {
    let text = text.trim();
    let first = text.split_whitespace().next().unwrap_or_default();
    let date = if first == "undated" {
        None
    } else {
        Some(Date::parse(first)?)
    };
    let rest = text[first.len()..].trim();
    let q = read_quantity(rest)
        .filter(|q| q.better.is_none())
        .ok_or_else(|| {
            format!("“{rest}” is not a number: write the reading as date value, e.g. {first} 52")
        })?;
    Ok((
        Reading {
            date,
            value: q.value,
        },
        q.unit,
    ))
}

/// Takes a reading's unit: none or the KPI's is fine; a KPI with no unit yet (and none
/// from a target) takes it; any other unit is refused, naming both.
fn adopt_unit(kpi: &mut Kpi, unit: &str, unit_from_target: bool) -> Result<(), String> {
    if unit.is_empty() || unit == kpi.unit {
        Ok(())
    } else if kpi.unit.is_empty() && !unit_from_target {
        unit.clone_into(&mut kpi.unit);
        Ok(())
    } else {
        Err(format!(
            "the reading is in {unit}, but {} is in {}",
            kpi.name,
            if kpi.unit.is_empty() {
                "plain numbers"
            } else {
                &kpi.unit
            }
        ))
    }
}

/// The form that adds one reading to a KPI, the date filled in with today.
pub fn reading_form(moment: &Moment, kpi: &Kpi, today: &Date) -> Form {
    Form::new(
        format!("New reading: {} {}", moment.id, kpi.name),
        vec![Field::line(
            f::READING,
            &format!("{today} "),
            "date value, e.g. 2026-11-30 55%; undated 55 for one whose date nobody knows",
        )],
    )
}

/// The edit a submitted reading form makes: the reading added to the KPI, found again by
/// its moment and name.
pub fn reading_edit(
    ws: &Workspace,
    moment: &crate::model::MomentId,
    name: &str,
    form: &Form,
) -> Result<Option<crate::model::Edit>, String> {
    use crate::model::{Edit, Item, ItemKey};
    let old = ws
        .moment(moment)
        .ok_or("this moment was deleted meanwhile")?;
    let mut new = old.clone();
    let kpi = new
        .kpis
        .iter_mut()
        .find(|k| k.name == name)
        .ok_or("this KPI was renamed or deleted meanwhile")?;
    let written = line(form, f::READING);
    let (reading, unit) = parse_reading(&written).map_err(|e| format!("{}: {e}", f::READING))?;
    let from_target = kpi.target.is_some();
    adopt_unit(kpi, &unit, from_target).map_err(|e| format!("{}: {e}", f::READING))?;
    let label = format!(
        "{} {}: {} on {}",
        moment,
        kpi.name,
        kpi.show(reading.value),
        reading
            .date
            .as_ref()
            .map_or("no date", crate::model::Date::as_str)
    );
    kpi.readings.push(reading);
    Ok(Some(Edit::Batch {
        label,
        edits: vec![Edit::Replace {
            key: ItemKey::Moment(moment.clone()),
            item: Item::Moment(new),
        }],
    }))
}

/// Reads the KPIs field back; a problem names the line it is on.
pub fn parse_kpis(text: &str) -> Result<Vec<Kpi>, String> {
    let mut kpis: Vec<Kpi> = Vec::new();
    // Whether the KPI being read took its unit from its target (readings must agree).
    let mut unit_from_target = false;
    for (n, raw) in text.lines().enumerate() {
        let at = |what: String| format!("KPIs line {}: {what}", n + 1);
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            continue;
        }
        let first = trimmed.split_whitespace().next().unwrap_or_default();
        if looks_like_date(first) || first == "undated" {
            let Some(kpi) = kpis.last_mut() else {
                return Err(at(format!(
                    "the reading “{trimmed}” needs a KPI line above it (name | target)"
                )));
            };
            let (reading, unit) = parse_reading(trimmed).map_err(at)?;
            adopt_unit(kpi, &unit, unit_from_target).map_err(at)?;
            kpi.readings.push(reading);
            continue;
        }
        let indented = raw.starts_with([' ', '\t']);
        if indented && !trimmed.contains('|') {
            let Some(kpi) = kpis.last_mut() else {
                return Err(at(format!(
                    "“{trimmed}” needs a KPI line above it (name | target)"
                )));
            };
            let note = trimmed.strip_prefix("note:").map_or(trimmed, str::trim);
            if !kpi.notes.is_empty() {
                kpi.notes.push('\n');
            }
            kpi.notes.push_str(note);
            continue;
        }
        let mut parts = trimmed.split('|').map(str::trim);
        let name = parts.next().unwrap_or_default().to_owned();
        if name.is_empty() {
            return Err(at(format!(
                "the KPI “{trimmed}” needs a name before the first |"
            )));
        }
        let mut kpi = Kpi {
            name,
            ..Kpi::default()
        };
        unit_from_target = false;
        let target = parts.next().unwrap_or_default();
        if !target.is_empty() {
            let Some(q) = read_quantity(target) else {
                return Err(at(format!(
                    "the target “{target}” is not a number: write 70%, 4.2 or ≤ 2 days"
                )));
            };
            kpi.target = Some(q.value);
            unit_from_target = true;
            kpi.unit = q.unit;
            if let Some(better) = q.better {
                kpi.better = better;
            }
        }
        match parts.next().map(str::to_lowercase).as_deref() {
            None | Some("") => {}
            Some(w) if w.starts_with("higher") => kpi.better = Better::Higher,
            Some(w) if w.starts_with("lower") => kpi.better = Better::Lower,
            Some(w) => {
                return Err(at(format!("“{w}”: say whether higher or lower is better")));
            }
        }
        if let Some(extra) = parts.next() {
            return Err(at(format!(
                "“{extra}” is one part too many: name | target | higher or lower"
            )));
        }
        kpis.push(kpi);
    }
    Ok(kpis)
}

/// A segment's format-2 fields: what its plan is about and its purchase cycle.
pub fn segment_fields(g: &Segment) -> Vec<Field> {
    vec![
        Field::choice(
            f::OBJECTIVE,
            labels(&Objective::ALL, Objective::label),
            index_of(&Objective::ALL, g.objective),
            true,
            "What the plan for this segment is about",
        ),
        Field::line(
            f::CYCLE,
            &g.cycle,
            "Its purchase cycle, in words (2-year contract, every spring)",
        ),
    ]
}

pub fn read_segment(form: &Form, g: &mut Segment) {
    g.objective = form
        .field(f::OBJECTIVE)
        .selected()
        .map(|i| Objective::ALL[i]);
    g.cycle = line(form, f::CYCLE);
}

/// A stage's format-2 fields: the resources directed at it and each segment's needs.
pub fn stage_fields(ws: &Workspace, s: &Stage) -> Vec<Field> {
    let mut fields = vec![Field::choice(
        f::RESOURCES,
        labels(&Level::ALL, Level::label),
        index_of(&Level::ALL, s.resources),
        true,
        "The resources the organisation directs at this stage",
    )];
    for g in &ws.segments {
        fields.push(Field::line(
            &needs_label(g),
            s.needs.get(&g.id).map_or("", String::as_str),
            format!("What {} need in this stage", g.name),
        ));
    }
    fields
}

pub fn read_stage(ws: &Workspace, form: &Form, s: &mut Stage) {
    s.resources = form.field(f::RESOURCES).selected().map(|i| Level::ALL[i]);
    for g in &ws.segments {
        let need = line(form, &needs_label(g));
        if need.is_empty() {
            s.needs.remove(&g.id);
        } else {
            s.needs.insert(g.id.clone(), need);
        }
    }
}

/// An action's effort field.
pub fn effort_field(effort: Option<Level>) -> Field {
    Field::choice(
        f::EFFORT,
        labels(&Level::ALL, Level::label),
        index_of(&Level::ALL, effort),
        true,
        "The effort it takes: with the moment's score, it places the action on the value–effort grid",
    )
}

pub fn read_effort(form: &Form) -> Option<Level> {
    form.field(f::EFFORT).selected().map(|i| Level::ALL[i])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kpis_and_readings_read_back_as_written() {
        let kpis = parse_kpis(
            "Checker completion | 70% | higher\n  2026-09-30 48%\n2026-11-15 52\n  note: from the web team\nWait | ≤ 2 days\n  undated 3 days",
        )
        .unwrap();
        assert_eq!(kpis.len(), 2);
        assert_eq!(kpis[0].target, Some(70.0));
        assert_eq!(kpis[0].unit, "%");
        assert_eq!(kpis[0].readings.len(), 2);
        assert_eq!(kpis[0].notes, "from the web team");
        assert_eq!(kpis[1].better, Better::Lower);
        assert_eq!(kpis[1].readings[0].date, None);
        // What the form shows reads back to the same KPIs.
        assert_eq!(parse_kpis(&kpis_text(&kpis)).unwrap(), kpis);
    }

    #[test]
    fn bad_readings_name_their_line() {
        let e = parse_kpis("NPS | 40\n  2026-13-01 38").unwrap_err();
        assert!(e.starts_with("KPIs line 2:"), "{e}");
        assert!(e.contains("2026-13-01"), "{e}");
        let e = parse_kpis("NPS | 40\n  2026-10-01 forty").unwrap_err();
        assert!(
            e.contains("line 2") && e.contains("“forty” is not a number"),
            "{e}"
        );
        let e = parse_kpis("NPS | about 40").unwrap_err();
        assert!(e.contains("line 1") && e.contains("target"), "{e}");
        let e = parse_kpis("2026-10-01 38").unwrap_err();
        assert!(e.contains("needs a KPI line above"), "{e}");
        let e = parse_kpis("Wait | 2 days\n 2026-10-01 3 hours").unwrap_err();
        assert!(e.contains("line 2") && e.contains("hours"), "{e}");
        assert!(
            parse_reading("2026-02-30 4")
                .unwrap_err()
                .contains("28 days")
        );
        let (r, unit) = parse_reading("undated 1,200 calls").unwrap();
        assert_eq!((r.date, r.value, unit.as_str()), (None, 1200.0, "calls"));
    }
}
