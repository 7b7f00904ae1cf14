//! The CSV import: a touchpoint inventory from a spreadsheet becomes moments of a new or
//! existing workspace. Every row is checked first and each problem reported with its row
//! number; the changes are then applied as [`Edit`]s, so the model's validation applies;
//! nothing is kept unless every row is valid.
//!
//! How rows find what they refer to (docs/exchange.md documents this):
//! - stage: by id in the `stage` column when it exists; otherwise by name in `stage_name`
//!   (ignoring case); otherwise a new stage is created, with the `stage` id when given.
//! - silos in `owners`: by code, then by name (ignoring case); otherwise a new silo is
//!   created: a valid code (2–6 capitals or digits) becomes a silo named after its code,
//!   any other text becomes the name of a silo with a suggested code.
//! - segments in `experience`: by id, then by name; otherwise a new segment: a `G<n>` id
//!   names itself, other text is the name of a segment with the next free id.
//! - moments: an empty `id` gets the next free id; an id that exists is refused.

use std::collections::{BTreeMap, HashMap};

mod columns;
pub use columns::{detect_delimiter, parse_delimiter, parse_mapping};
use columns::{header_fields, unclosed_quote};

use super::csv::unguard;
use super::split_list;
use crate::model::ids::{is_valid_silo_code, suggest_silo_code};
use crate::model::text::sanitize;
use crate::model::{
    Channel, CriticalFor, Direction, Edit, Experience, Item, Kpi, Moment, MomentId, Owner, Role,
    Segment, SegmentId, Silo, SiloId, Stage, StageId, Status, Workspace,
};

/// A row the import cannot take, and why. Row 1 is the header, as in a spreadsheet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowError {
    pub row: usize,
    pub reason: String,
}

impl std::fmt::Display for RowError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "row {}: {}", self.row, self.reason)
    }
}

/// What a valid import does: the resulting workspace and what it added.
#[derive(Clone, Debug, PartialEq)]
pub struct Imported {
    pub workspace: Workspace,
    pub stages: Vec<StageId>,
    pub silos: Vec<SiloId>,
    pub segments: Vec<SegmentId>,
    pub moments: Vec<MomentId>,
}

impl Imported {
    /// One paragraph saying what was (or would be) added.
    pub fn summary(&self) -> String {
        let ws = &self.workspace;
        let mut parts = vec![format!(
            "{} moment{}{}",
            self.moments.len(),
            if self.moments.len() == 1 { "" } else { "s" },
            match (self.moments.first(), self.moments.last()) {
                (Some(a), Some(b)) if a != b => format!(" ({a} to {b})"),
                (Some(a), _) => format!(" ({a})"),
                _ => String::new(),
            }
        )];
        let list = |kind: &str, names: Vec<String>| {
            (!names.is_empty()).then(|| format!("new {kind} {}", names.join(", ")))
        };
        parts.extend(list(
            "stages",
            self.stages
                .iter()
                .map(|id| named(id.as_str(), ws.stage(id).map(|s| s.name.as_str())))
                .collect(),
        ));
        parts.extend(list(
            "silos",
            self.silos
                .iter()
                .map(|id| named(id.as_str(), ws.silo(id).map(|s| s.name.as_str())))
                .collect(),
        ));
        parts.extend(list(
            "segments",
            self.segments
                .iter()
                .map(|id| named(id.as_str(), ws.segment(id).map(|s| s.name.as_str())))
                .collect(),
        ));
        parts.join("; ")
    }
}

fn named(id: &str, name: Option<&str>) -> String {
    match name {
        Some(name) if name != id && !name.is_empty() => format!("{id} {name}"),
        _ => id.to_owned(),
    }
}

/// How to read a CSV file beyond its columns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    /// Parsed `--map` arguments.
    pub mappings: Vec<(String, Option<&'static str>)>,
    /// The cell separator; `None` detects `,`, `;` or tab from the header row.
    pub delimiter: Option<u8>,
    /// The role of an owner given by silo alone (`Marketing`, `SAL`).
    pub owner_role: Role,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            mappings: Vec::new(),
            delimiter: None,
            owner_role: Role::Accountable,
        }
    }
}

/// Imports CSV bytes into a copy of `ws`. `mappings` are parsed `--map` arguments; the
/// delimiter is detected and a silo given alone is Accountable.
pub fn import_csv(
    ws: &Workspace,
    bytes: &[u8],
    mappings: &[(String, Option<&'static str>)],
) -> Result<Imported, Vec<RowError>> {
    import_csv_with(
        ws,
        bytes,
        &Options {
            mappings: mappings.to_vec(),
            ..Options::default()
        },
    )
}

/// Imports CSV bytes into a copy of `ws`, read as `options` say.
pub fn import_csv_with(
    ws: &Workspace,
    bytes: &[u8],
    options: &Options,
) -> Result<Imported, Vec<RowError>> {
    let mappings = options.mappings.as_slice();
    let err = |row: usize, reason: String| vec![RowError { row, reason }];
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(err(
            1,
            "the file is UTF-16; save it as “CSV UTF-8” and import again".into(),
        ));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(err(1, "the file is empty; expected a header row".into()));
    }
    let delimiter = options.delimiter.unwrap_or_else(|| detect_delimiter(bytes));
    if let Some(row) = unclosed_quote(bytes, delimiter) {
        return Err(err(
            row,
            "a quoted cell starts here and is never closed (a `\"` is missing)".into(),
        ));
    }
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(bytes);
    let mut records = Vec::new();
    for record in reader.byte_records() {
        match record {
            Ok(r) => {
                let row = r
                    .position()
                    .map_or(records.len() + 1, |p| p.record() as usize + 1);
                records.push((row, r));
            }
            Err(e) => {
                let row = e
                    .position()
                    .map_or(records.len() + 1, |p| p.record() as usize + 1);
                return Err(err(row, format!("cannot be read as CSV: {e}")));
            }
        }
    }
    let Some((_, header)) = records.first() else {
        return Err(err(1, "the file is empty; expected a header row".into()));
    };
    let fields = header_fields(header, mappings, delimiter)?;

    let mut state = State::new(ws, options.owner_role);
    let mut errors = Vec::new();
    let mut seen_ids: HashMap<String, usize> = HashMap::new();
    for (row, record) in records.iter().skip(1) {
        let row = *row;
        if record.iter().all(|c| c.iter().all(u8::is_ascii_whitespace)) {
            continue;
        }
        if record.len() != fields.len() {
            let detail = if record.len() > fields.len() {
                "extra cells"
            } else {
                "missing cells"
            };
            errors.push(RowError {
                row,
                reason: format!(
                    "has {} cells but the header has {} ({detail})",
                    record.len(),
                    fields.len()
                ),
            });
            continue;
        }
        let mut cells: BTreeMap<&'static str, String> = BTreeMap::new();
        let mut bad_encoding = None;
        for (i, cell) in record.iter().enumerate() {
            let Some(field) = fields[i] else { continue };
            if let Ok(text) = std::str::from_utf8(cell) {
                // What typing would strip (terminal controls, bidi overrides) is stripped
                // here too; only the long texts keep their line breaks, as in the forms.
                let multiline = matches!(field, "description" | "notes");
                cells.insert(field, sanitize(unguard(text), multiline));
            } else {
                bad_encoding = Some(field);
                break;
            }
        }
        if let Some(field) = bad_encoding {
            errors.push(RowError {
                row,
                reason: format!(
                    "column {field} is not valid UTF-8; save the file as “CSV UTF-8” and import again"
                ),
            });
            continue;
        }
        if let Some(id) = cells.get("id").map(|s| s.trim()).filter(|s| !s.is_empty())
            && let Some(first) = seen_ids.insert(id.to_owned(), row)
        {
            errors.push(RowError {
                row,
                reason: format!("moment id {id} is also used on row {first}"),
            });
            continue;
        }
        if let Err(reason) = state.take_row(&cells) {
            errors.push(RowError { row, reason });
        }
    }
    if errors.is_empty() {
        Ok(state.finish())
    } else {
        Err(errors)
    }
}

/// The entries of an owners cell. A cell of plain silo names may separate them with
/// commas, as people type lists (`Marketing, Sales`); with any `:` or `;` the cell is
/// read as the export writes it.
fn owner_entries(cell: &str) -> Vec<Vec<String>> {
    if cell.contains([':', ';', '\\']) {
        return split_list(cell);
    }
    cell.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| vec![s.to_owned()])
        .collect()
}

/// The workspace being built, and what has been created so far.
struct State {
    ws: Workspace,
    created: Imported,
    /// The role of an owner given by silo alone.
    owner_role: Role,
}

fn normalise(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Parses an enum value by its name (`FaceToFace`) or label (`Face to face`), ignoring
/// case, spaces and punctuation.
fn parse_enum<T: Copy + std::fmt::Debug>(
    what: &str,
    text: &str,
    all: &[T],
    label: impl Fn(T) -> &'static str,
) -> Result<T, String> {
    let wanted = normalise(text);
    all.iter()
        .copied()
        .find(|v| normalise(&format!("{v:?}")) == wanted || normalise(label(*v)) == wanted)
        .ok_or_else(|| {
            format!(
                "{what} “{}” is not one of {}",
                text.trim(),
                all.iter()
                    .map(|v| format!("{v:?}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        })
}

pub fn parse_role(text: &str) -> Result<Role, String> {
    let t = text.trim();
    Role::ALL
        .iter()
        .copied()
        .find(|r| {
            t.eq_ignore_ascii_case(&r.letter().to_string()) || t.eq_ignore_ascii_case(r.label())
        })
        .ok_or_else(|| format!("role “{t}” is not one of A, R, C, I"))
}

impl State {
    fn new(ws: &Workspace, owner_role: Role) -> Self {
        Self {
            ws: ws.clone(),
            owner_role,
            created: Imported {
                workspace: Workspace::default(),
                stages: Vec::new(),
                silos: Vec::new(),
                segments: Vec::new(),
                moments: Vec::new(),
            },
        }
    }

    fn finish(mut self) -> Imported {
        self.created.workspace = self.ws;
        self.created
    }

    /// Takes one row: resolves or plans what it refers to, then applies it as one batch
    /// of edits, so a refused row leaves nothing behind.
    fn take_row(&mut self, cells: &BTreeMap<&'static str, String>) -> Result<(), String> {
        let get = |f: &str| cells.get(f).map_or("", String::as_str);
        let title = get("title");
        if title.trim().is_empty() {
            return Err("title is empty".into());
        }
        let mut edits = Vec::new();
        let mut new_stages = Vec::new();
        let mut new_silos: Vec<SiloId> = Vec::new();
        let mut new_segments: Vec<SegmentId> = Vec::new();
        // A scratch copy sees the items this row creates, so next ids stay unique.
        let mut scratch = self.ws.clone();

        let stage = self.resolve_stage(
            &mut scratch,
            get("stage"),
            get("stage_name"),
            &mut edits,
            &mut new_stages,
        )?;

        let mut m = Moment {
            stage,
            title: title.to_owned(),
            description: get("description").to_owned(),
            need: get("need").to_owned(),
            notes: get("notes").to_owned(),
            ..Moment::default()
        };
        let id = get("id").trim();
        m.id = if id.is_empty() {
            scratch.next_moment_id()
        } else {
            if scratch.moment(&MomentId::from(id)).is_some() {
                return Err(format!(
                    "moment {id} already exists in the workspace; leave id empty to give the next free id"
                ));
            }
            if id.chars().any(char::is_whitespace) {
                return Err(format!("moment id “{id}” contains spaces"));
            }
            MomentId::from(id)
        };
        if !get("channel").trim().is_empty() {
            m.channel = Some(parse_enum(
                "channel",
                get("channel"),
                &Channel::ALL,
                Channel::label,
            )?);
        }
        if !get("direction").trim().is_empty() {
            m.direction = Some(parse_enum(
                "direction",
                get("direction"),
                &Direction::ALL,
                Direction::label,
            )?);
        }
        for entry in split_list(get("critical_for")) {
            let [value] = entry.as_slice() else {
                return Err(format!(
                    "critical_for entry “{}” has a `:`",
                    entry.join(":")
                ));
            };
            let c = parse_enum("critical_for", value, &CriticalFor::ALL, CriticalFor::label)?;
            if !m.critical_for.contains(&c) {
                m.critical_for.push(c);
            }
        }
        let importance = get("importance").trim();
        if !importance.is_empty() {
            match importance.parse::<u8>() {
                Ok(i) if (1..=5).contains(&i) => m.importance = Some(i),
                _ => {
                    return Err(format!(
                        "importance “{importance}” is not a whole number from 1 to 5"
                    ));
                }
            }
        }
        for entry in split_list(get("experience")) {
            let [segment, rating] = entry.as_slice() else {
                return Err(format!(
                    "experience entry “{}” is not SEGMENT:RATING (e.g. G1:Good)",
                    entry.join(":")
                ));
            };
            let rating = parse_enum("experience", rating, &Experience::ALL, Experience::label)?;
            let segment =
                Self::resolve_segment(&mut scratch, segment, &mut edits, &mut new_segments)?;
            // A cell that rates one segment twice is a mistake to show, not to resolve.
            if let Some(first) = m.experience.insert(segment.clone(), rating) {
                return Err(format!(
                    "segment {segment} is rated twice in experience ({} and {}); keep one rating",
                    first.label(),
                    rating.label()
                ));
            }
        }
        if !get("target").trim().is_empty() {
            m.target = Some(parse_enum(
                "target",
                get("target"),
                &Experience::ALL,
                Experience::label,
            )?);
        }
        for entry in owner_entries(get("owners")) {
            let (silo, role, person) = match entry.as_slice() {
                [silo] => (silo, None, String::new()),
                [silo, role] => (silo, Some(role), String::new()),
                [silo, role, person] => (silo, Some(role), person.clone()),
                _ => {
                    return Err(format!(
                        "owners entry “{}” is not SILO, SILO:ROLE or SILO:ROLE:PERSON (e.g. SAL:A)",
                        entry.join(":")
                    ));
                }
            };
            let role = role.map_or(Ok(self.owner_role), |r| parse_role(r))?;
            let silo = Self::resolve_silo(&mut scratch, silo, &mut edits, &mut new_silos)?;
            m.owners.push(Owner { silo, role, person });
        }
        for entry in split_list(get("kpis")) {
            let mut parts = entry.into_iter();
            let name = parts.next().unwrap_or_default();
            let target = parts.next().unwrap_or_default();
            let current = parts.next().unwrap_or_default();
            let kpi = Kpi::from_text(name, &target, &current);
            if parts.next().is_some() {
                return Err(format!("KPI “{}” is not NAME:TARGET:CURRENT", kpi.name));
            }
            if kpi.name.is_empty() {
                return Err("a KPI has no name".into());
            }
            m.kpis.push(kpi);
        }
        super::columns2::read(&|f| get(f).to_owned(), &mut m, &mut scratch, &mut edits)?;
        let votes = get("votes").trim();
        if !votes.is_empty() {
            m.votes = votes
                .parse()
                .map_err(|_| format!("votes “{votes}” is not a whole number"))?;
        }
        let status = get("status").trim();
        if !status.is_empty() {
            m.status = match normalise(status).as_str() {
                "proposed" => Status::Proposed,
                "agreed" => Status::Agreed,
                _ => return Err(format!("status “{status}” is not one of Proposed, Agreed")),
            };
        }
        let id = m.id.clone();
        edits.push(Edit::Insert {
            item: Item::Moment(m),
            at: usize::MAX,
        });
        Edit::Batch {
            label: format!("imported {id}"),
            edits,
        }
        .apply(&mut self.ws)
        .map_err(|e| e.to_string())?;
        self.created.stages.extend(new_stages);
        self.created.silos.extend(new_silos);
        self.created.segments.extend(new_segments);
        self.created.moments.push(id);
        Ok(())
    }

    fn resolve_stage(
        &self,
        scratch: &mut Workspace,
        id: &str,
        name: &str,
        edits: &mut Vec<Edit>,
        created: &mut Vec<StageId>,
    ) -> Result<StageId, String> {
        let (id, name) = (id.trim(), name.trim());
        if !id.is_empty() && scratch.stage(&StageId::from(id)).is_some() {
            return Ok(StageId::from(id));
        }
        if !name.is_empty()
            && let Some(s) = scratch
                .stages
                .iter()
                .find(|s| s.name.trim().eq_ignore_ascii_case(name))
        {
            return Ok(s.id.clone());
        }
        if id.is_empty() && name.is_empty() {
            return Err("no stage: both stage and stage_name are empty".into());
        }
        if id.chars().any(char::is_whitespace) {
            return Err(format!("stage id “{id}” contains spaces"));
        }
        let stage_id = if id.is_empty() {
            scratch.next_stage_id()
        } else {
            StageId::from(id)
        };
        let stage = Stage {
            id: stage_id.clone(),
            name: if name.is_empty() {
                id.to_owned()
            } else {
                name.to_owned()
            },
            ..Stage::default()
        };
        Self::create(scratch, edits, Item::Stage(stage))?;
        created.push(stage_id.clone());
        Ok(stage_id)
    }

    fn resolve_silo(
        scratch: &mut Workspace,
        text: &str,
        edits: &mut Vec<Edit>,
        created: &mut Vec<SiloId>,
    ) -> Result<SiloId, String> {
        let text = text.trim();
        if text.is_empty() {
            return Err("an owner has no silo".into());
        }
        if let Some(s) = scratch
            .silos
            .iter()
            .find(|s| s.id.as_str() == text || s.name.trim().eq_ignore_ascii_case(text))
        {
            return Ok(s.id.clone());
        }
        let silo = if is_valid_silo_code(text) {
            Silo {
                id: SiloId::from(text),
                name: text.to_owned(),
                lead: String::new(),
            }
        } else {
            let code = suggest_silo_code(text, |c| scratch.silo(&SiloId::from(c)).is_some());
            Silo {
                id: SiloId(code),
                name: text.to_owned(),
                lead: String::new(),
            }
        };
        let id = silo.id.clone();
        Self::create(scratch, edits, Item::Silo(silo))?;
        created.push(id.clone());
        Ok(id)
    }

    fn resolve_segment(
        scratch: &mut Workspace,
        text: &str,
        edits: &mut Vec<Edit>,
        created: &mut Vec<SegmentId>,
    ) -> Result<SegmentId, String> {
        let text = text.trim();
        if text.is_empty() {
            return Err("an experience rating has no segment".into());
        }
        if let Some(g) = scratch
            .segments
            .iter()
            .find(|g| g.id.as_str() == text || g.name.trim().eq_ignore_ascii_case(text))
        {
            return Ok(g.id.clone());
        }
        let id = if SegmentId::from(text).number().is_some() {
            SegmentId::from(text)
        } else {
            scratch.next_segment_id()
        };
        let segment = Segment {
            id: id.clone(),
            name: text.to_owned(),
            ..Segment::default()
        };
        Self::create(scratch, edits, Item::Segment(segment))?;
        created.push(id.clone());
        Ok(id)
    }

    /// Adds an item to the scratch copy (so later lookups in the row find it) and to the
    /// row's edits.
    fn create(scratch: &mut Workspace, edits: &mut Vec<Edit>, item: Item) -> Result<(), String> {
        let edit = Edit::Insert {
            item,
            at: usize::MAX,
        };
        edit.clone().apply(scratch).map_err(|e| e.to_string())?;
        edits.push(edit);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_unclosed_quotes() {
        assert_eq!(unclosed_quote(b"a,b\n1,\"x\"\n", b','), None);
        assert_eq!(unclosed_quote(b"a,b\n1,\"x\"\"y\"\n", b','), None);
        assert_eq!(unclosed_quote(b"a,b\n1,2\n3,\"open\n4,5\n", b','), Some(3));
        assert_eq!(unclosed_quote(b"a,b\n1,x\"y\n", b','), None);
        assert_eq!(unclosed_quote(b"a;b\n1;\"open\n", b';'), Some(2));
    }

    #[test]
    fn detects_the_delimiter_of_the_header() {
        assert_eq!(detect_delimiter(b"title;stage_name;notes\n"), b';');
        assert_eq!(detect_delimiter(b"title\tstage\r\n"), b'\t');
        assert_eq!(detect_delimiter(b"\"a;b\",stage\n"), b',');
        assert_eq!(detect_delimiter(b"title\n"), b',');
        assert_eq!(detect_delimiter(b"a,b;c\n"), b',');
    }
}
