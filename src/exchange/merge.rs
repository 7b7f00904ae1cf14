//! The three-way semantic merge, by id: changes to different items, or to different
//! fields of one item (down to one owner or one segment's rating), merge cleanly. The same
//! field changed differently on both sides is a conflict: ours is kept, and theirs is
//! written next to it inside a marker (see [`MARKER`]) that `moments check` reports as an
//! error, so nothing is silently lost.
//!
//! New items that both sides numbered alike (both added an `M7`) are not a conflict:
//! theirs is renumbered to the next free id, with its references.

use std::collections::{BTreeMap, HashSet};

use serde::Serialize;
use serde_json::{Map, Value};

use super::diff::value_text;
use super::items::{Doc, Entry, KINDS, join, split};
use crate::model::{CompetitorId, MomentId, SegmentId, StageId, Workspace};

/// How every conflict marker starts. In a moment's or stage's notes, the block is
/// `<<<<<<< moments merge: FIELD`, a line `ours: …`, a line `theirs: …` and a closing
/// `>>>>>>>` line; elsewhere it is a parking-lot entry on one line.
pub const MARKER: &str = crate::model::check::MERGE_MARKER;

/// The same field changed differently on both sides.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Conflict {
    /// `workspace`, `silo`, `stage`, `moment`… as in the diff.
    pub kind: &'static str,
    pub id: String,
    /// The field, e.g. `title` or `owners.SVC`; `(item)` when one side deleted the item
    /// and the other changed it.
    pub field: String,
    pub ours: Value,
    pub theirs: Value,
    /// What the merged file holds: `ours`, `theirs`.
    pub kept: &'static str,
}

impl Conflict {
    /// One line for the terminal.
    pub fn describe(&self) -> String {
        let item = if self.id.is_empty() {
            self.kind.to_owned()
        } else {
            format!("{} {}", self.kind, self.id)
        };
        let kept = if self.kept == "ours" {
            "our version"
        } else {
            "their version"
        };
        if self.field == "(item)" {
            let who = if self.ours.is_null() {
                "we deleted it, they changed it"
            } else {
                "they deleted it, we changed it"
            };
            format!("{item}: {who}; kept {kept}")
        } else {
            format!(
                "{item} {}: ours {}, theirs {}; kept {kept}",
                self.field,
                value_text(&self.field, &self.ours),
                value_text(&self.field, &self.theirs),
            )
        }
    }
}

/// The outcome of a merge.
#[derive(Clone, Debug, PartialEq)]
pub struct Merged {
    pub workspace: Workspace,
    pub conflicts: Vec<Conflict>,
    /// Things done that are not conflicts, such as renumbered ids.
    pub notes: Vec<String>,
}

/// Merges `ours` and `theirs`, both descended from `base`.
pub fn merge(base: &Workspace, ours: &Workspace, theirs: &Workspace) -> Merged {
    let (theirs, notes) = renumber_collisions(base, ours, theirs);
    let (b, o, t) = (split(base), split(ours), split(&theirs));
    let mut conflicts = Vec::new();

    let title = if let Ok(v) = three_way(Some(&b.title), Some(&o.title), Some(&t.title)) {
        v.cloned().unwrap_or_default()
    } else {
        conflicts.push(Conflict {
            kind: "workspace",
            id: String::new(),
            field: "title".into(),
            ours: Value::String(o.title.clone()),
            theirs: Value::String(t.title.clone()),
            kept: "ours",
        });
        o.title.clone()
    };
    let lists = KINDS
        .iter()
        .enumerate()
        .map(|(i, (kind, ..))| {
            merge_list(kind, &b.lists[i], &o.lists[i], &t.lists[i], &mut conflicts)
        })
        .collect();
    let parking_lot = {
        // Parked ideas go by their text: both sides parking ideas at once is ordinary in
        // a workshop, so an idea is kept unless one side took it out.
        let has = |list: &[crate::model::Parked], p: &crate::model::Parked| {
            list.iter().any(|x| x.text == p.text)
        };
        let mut items: Vec<crate::model::Parked> = o
            .parking_lot
            .iter()
            .filter(|p| !has(&b.parking_lot, p) || has(&t.parking_lot, p))
            .cloned()
            .collect();
        for p in &t.parking_lot {
            if !has(&b.parking_lot, p) && !has(&items, p) {
                items.push(p.clone());
            }
        }
        // The same new number on both sides: the later one is numbered afresh below.
        let mut seen = HashSet::new();
        for p in &mut items {
            if !seen.insert(p.id.clone()) {
                p.id = Default::default();
            }
        }
        items
    };
    let rest = merge_rest(&b.rest, &o.rest, &t.rest, &mut conflicts);
    let doc = Doc {
        lists,
        title,
        parking_lot,
        rest,
    };
    let mut workspace = join(&doc).expect("merged items keep the shape of their kind");
    for (prefix, n) in &theirs.retired_ids {
        let slot = workspace.retired_ids.entry(prefix.clone()).or_default();
        *slot = (*slot).max(*n);
    }
    workspace.assign_missing_ids();
    mark_conflicts(&mut workspace, &conflicts);
    Merged {
        workspace,
        conflicts,
        notes,
    }
}

/// The workspace's other fields (the agenda, the vote round), each as one value: a side
/// that changed it wins, both changing it alike agree, both changing it differently is a
/// conflict and ours is kept. The format and the retired ids are settled elsewhere.
fn merge_rest(
    base: &Map<String, Value>,
    ours: &Map<String, Value>,
    theirs: &Map<String, Value>,
    conflicts: &mut Vec<Conflict>,
) -> Map<String, Value> {
    let mut merged = ours.clone();
    // Keys only ours has are in `merged` already.
    let keys: std::collections::BTreeSet<&String> = theirs.keys().chain(base.keys()).collect();
    for key in keys {
        if matches!(key.as_str(), "format" | "retired_ids") {
            continue;
        }
        if key == "vote_rounds" {
            merged.insert(
                key.clone(),
                merge_rounds(base.get(key), ours.get(key), theirs.get(key)),
            );
            continue;
        }
        let (b, o, t) = (base.get(key), ours.get(key), theirs.get(key));
        match three_way(b, o, t) {
            Ok(Some(v)) => {
                merged.insert(key.clone(), v.clone());
            }
            Ok(None) => {
                merged.remove(key);
            }
            Err(()) => conflicts.push(Conflict {
                kind: "workspace",
                id: String::new(),
                field: key.clone(),
                ours: o.cloned().unwrap_or(Value::Null),
                theirs: t.cloned().unwrap_or(Value::Null),
                kept: "ours",
            }),
        }
    }
    merged
}

/// The history of revealed rounds: what either side recorded stays (a round one side took
/// back, as the base had it, goes), in round order. A round both sides recorded differently
/// keeps both: each is a true record of a reveal.
fn merge_rounds(base: Option<&Value>, ours: Option<&Value>, theirs: Option<&Value>) -> Value {
    let list = |v: Option<&Value>| match v {
        Some(Value::Array(items)) => items.clone(),
        _ => Vec::new(),
    };
    let (b, o, t) = (list(base), list(ours), list(theirs));
    let mut merged: Vec<Value> = o
        .iter()
        .filter(|r| !b.contains(r) || t.contains(r))
        .cloned()
        .collect();
    for r in &t {
        if !b.contains(r) && !merged.contains(r) {
            merged.push(r.clone());
        }
    }
    let round = |v: &Value| v.get("round").and_then(Value::as_u64).unwrap_or(0);
    merged.sort_by_key(round);
    Value::Array(merged)
}

/// The usual three-way rule for one value: equal sides agree; a side equal to the base
/// takes the other; otherwise it is a conflict.
fn three_way<'a, T: PartialEq>(
    base: Option<&'a T>,
    ours: Option<&'a T>,
    theirs: Option<&'a T>,
) -> Result<Option<&'a T>, ()> {
    if ours == theirs || base == theirs {
        Ok(ours)
    } else if base == ours {
        Ok(theirs)
    } else {
        Err(())
    }
}

/// Fields whose values are maps merged key by key: one owner, one segment's rating, one
/// silo's name for a term.
const MAP_FIELDS: [&str; 4] = ["owners", "experience", "also_called", "versus"];

/// Whether `key` of an item of `kind` is merged key by key: the map fields, and a stage's
/// needs per segment (a segment's `needs` is text).
fn is_map_field(kind: &str, key: &str) -> bool {
    MAP_FIELDS.contains(&key) || (kind == "stage" && key == "needs")
}

fn merge_list(
    kind: &'static str,
    base: &[Entry],
    ours: &[Entry],
    theirs: &[Entry],
    conflicts: &mut Vec<Conflict>,
) -> Vec<Entry> {
    let mut ids: Vec<&str> = Vec::new();
    for e in base.iter().chain(ours).chain(theirs) {
        if !ids.contains(&e.id.as_str()) {
            ids.push(&e.id);
        }
    }
    let mut merged: BTreeMap<String, Map<String, Value>> = BTreeMap::new();
    for id in ids {
        let (b, o, t) = (get(base, id), get(ours, id), get(theirs, id));
        let fields = match three_way(b, o, t) {
            Ok(v) => v.cloned(),
            Err(()) => match (o, t) {
                (Some(o), Some(t)) => {
                    let empty = Map::new();
                    Some(merge_fields(
                        kind,
                        id,
                        "",
                        b.unwrap_or(&empty),
                        o,
                        t,
                        conflicts,
                    ))
                }
                (o, t) => {
                    conflicts.push(Conflict {
                        kind,
                        id: id.to_owned(),
                        field: "(item)".into(),
                        ours: o.map_or(Value::Null, |m| Value::Object(m.clone())),
                        theirs: t.map_or(Value::Null, |m| Value::Object(m.clone())),
                        kept: if o.is_some() { "ours" } else { "theirs" },
                    });
                    o.or(t).cloned()
                }
            },
        };
        if let Some(fields) = fields {
            merged.insert(id.to_owned(), fields);
        }
    }
    let keep: HashSet<&str> = merged.keys().map(String::as_str).collect();
    merged_order(base, ours, theirs, &keep)
        .into_iter()
        .map(|id| Entry {
            fields: merged[&id].clone(),
            id,
        })
        .collect()
}

fn get<'a>(list: &'a [Entry], id: &str) -> Option<&'a Map<String, Value>> {
    list.iter().find(|e| e.id == id).map(|e| &e.fields)
}

fn merge_fields(
    kind: &'static str,
    id: &str,
    prefix: &str,
    base: &Map<String, Value>,
    ours: &Map<String, Value>,
    theirs: &Map<String, Value>,
    conflicts: &mut Vec<Conflict>,
) -> Map<String, Value> {
    let mut keys: Vec<&String> = ours.keys().chain(theirs.keys()).collect();
    keys.sort();
    keys.dedup();
    let mut out = Map::new();
    for key in keys {
        let (b, o, t) = (base.get(key), ours.get(key), theirs.get(key));
        let value = match three_way(b, o, t) {
            Ok(v) => v.cloned(),
            Err(()) if key.starts_with('#') => o.cloned(),
            Err(()) if prefix.is_empty() && is_map_field(kind, key) => {
                let empty = Map::new();
                let map = |v: Option<&Value>| match v {
                    Some(Value::Object(m)) => m.clone(),
                    _ => empty.clone(),
                };
                let inner = merge_fields(
                    kind,
                    id,
                    &format!("{key}."),
                    &map(b),
                    &map(o),
                    &map(t),
                    conflicts,
                );
                (!inner.is_empty()).then_some(Value::Object(inner))
            }
            Err(()) => {
                conflicts.push(Conflict {
                    kind,
                    id: id.to_owned(),
                    field: format!("{prefix}{key}"),
                    ours: o.cloned().unwrap_or(Value::Null),
                    theirs: t.cloned().unwrap_or(Value::Null),
                    kept: "ours",
                });
                o.cloned()
            }
        };
        if let Some(v) = value {
            out.insert(key.clone(), v);
        }
    }
    out
}

/// The order of the merged list: ours, unless only theirs reordered what both kept;
/// items only the other side has go after their predecessor there.
fn merged_order(
    base: &[Entry],
    ours: &[Entry],
    theirs: &[Entry],
    keep: &HashSet<&str>,
) -> Vec<String> {
    let ids = |l: &[Entry]| -> Vec<String> { l.iter().map(|e| e.id.clone()).collect() };
    let (b, o, t) = (ids(base), ids(ours), ids(theirs));
    let reordered = |side: &[String]| {
        let side_common: Vec<&String> = side.iter().filter(|id| b.contains(id)).collect();
        let base_common: Vec<&String> = b.iter().filter(|id| side.contains(id)).collect();
        side_common != base_common
    };
    let (skeleton, other) = if !reordered(&o) && reordered(&t) {
        (t, o)
    } else {
        (o, t)
    };
    let mut order = skeleton;
    for (i, id) in other.iter().enumerate() {
        if order.contains(id) {
            continue;
        }
        let at = other[..i]
            .iter()
            .rev()
            .find_map(|p| order.iter().position(|r| r == p))
            .map_or(0, |p| p + 1);
        order.insert(at, id.clone());
    }
    order.retain(|id| keep.contains(id.as_str()));
    order
}

/// Writes each conflict into the document: into the notes of a moment or stage, else as
/// a parking-lot entry.
fn mark_conflicts(ws: &mut Workspace, conflicts: &[Conflict]) {
    for c in conflicts {
        let text = |v: &Value| value_text(&c.field, v);
        let notes = match c.kind {
            "moment" => ws
                .moments
                .iter_mut()
                .find(|m| m.id.as_str() == c.id)
                .map(|m| &mut m.notes),
            "stage" => ws
                .stages
                .iter_mut()
                .find(|s| s.id.as_str() == c.id)
                .map(|s| &mut s.notes),
            _ => None,
        };
        match notes {
            Some(notes) => {
                let (ours, theirs) = if c.field == "(item)" {
                    (
                        if c.ours.is_null() {
                            "deleted"
                        } else {
                            "changed"
                        }
                        .to_owned(),
                        if c.theirs.is_null() {
                            "deleted"
                        } else {
                            "changed"
                        }
                        .to_owned(),
                    )
                } else {
                    (text(&c.ours), text(&c.theirs))
                };
                if !notes.is_empty() && !notes.ends_with('\n') {
                    notes.push('\n');
                }
                notes.push_str(&format!(
                    "{MARKER}: {}\nours: {ours}\ntheirs: {theirs}\n>>>>>>> kept {}; resolve, then delete this block",
                    c.field, c.kept
                ));
            }
            None => ws.park(format!(
                "{MARKER}: {} >>>>>>> resolve, then delete this entry",
                c.describe()
            )),
        }
    }
}

/// Gives theirs' new items a fresh id where ours added a different item under the same id.
fn renumber_collisions(
    base: &Workspace,
    ours: &Workspace,
    theirs: &Workspace,
) -> (Workspace, Vec<String>) {
    let mut out = theirs.clone();
    let mut notes = Vec::new();

    fn fresh(numbers: impl Iterator<Item = Option<u32>>, retired: u32, taken: &mut u32) -> u32 {
        let highest = numbers
            .flatten()
            .max()
            .unwrap_or(0)
            .max(retired)
            .max(*taken);
        *taken = highest + 1;
        highest + 1
    }
    let retired = |prefix: &str| {
        [base, ours, theirs]
            .iter()
            .filter_map(|w| w.retired_ids.get(prefix).copied())
            .max()
            .unwrap_or(0)
    };

    // Stages.
    let mut taken = 0;
    for i in 0..out.stages.len() {
        let s = &out.stages[i];
        if base.stage(&s.id).is_none()
            && let Some(other) = ours.stage(&s.id)
            && other != s
        {
            let n = fresh(
                [base, ours, theirs]
                    .iter()
                    .flat_map(|w| w.stages.iter().map(|x| x.id.number())),
                retired(StageId::PREFIX),
                &mut taken,
            );
            let (old, new) = (s.id.clone(), StageId::numbered(n));
            notes.push(format!(
                "their new stage {old} “{}” is now {new}: ours also added a {old}",
                s.name
            ));
            out.stages[i].id = new.clone();
            for m in out.moments.iter_mut().filter(|m| m.stage == old) {
                m.stage = new.clone();
            }
        }
    }
    // Segments.
    let mut taken = 0;
    for i in 0..out.segments.len() {
        let g = &out.segments[i];
        if base.segment(&g.id).is_none()
            && let Some(other) = ours.segment(&g.id)
            && other != g
        {
            let n = fresh(
                [base, ours, theirs]
                    .iter()
                    .flat_map(|w| w.segments.iter().map(|x| x.id.number())),
                retired(SegmentId::PREFIX),
                &mut taken,
            );
            let (old, new) = (g.id.clone(), SegmentId::numbered(n));
            notes.push(format!(
                "their new segment {old} “{}” is now {new}: ours also added a {old}",
                g.name
            ));
            out.segments[i].id = new.clone();
            for m in &mut out.moments {
                if let Some(e) = m.experience.remove(&old) {
                    m.experience.insert(new.clone(), e);
                }
            }
            for p in out.propositions.iter_mut().filter(|p| p.segment == old) {
                p.segment = new.clone();
            }
        }
    }
    // Moments.
    let mut taken = 0;
    for i in 0..out.moments.len() {
        let m = &out.moments[i];
        if base.moment(&m.id).is_none()
            && let Some(other) = ours.moment(&m.id)
            && other != m
        {
            let n = fresh(
                [base, ours, theirs]
                    .iter()
                    .flat_map(|w| w.moments.iter().map(|x| x.id.number())),
                retired(MomentId::PREFIX),
                &mut taken,
            );
            let (old, new) = (m.id.clone(), MomentId::numbered(n));
            notes.push(format!(
                "their new moment {old} “{}” is now {new}: ours also added a {old}",
                m.title
            ));
            out.moments[i].id = new.clone();
            for h in out.handoffs.iter_mut().filter(|h| h.moment == old) {
                h.moment = new.clone();
            }
            for a in out.actions.iter_mut().filter(|a| a.moment == old) {
                a.moment = new.clone();
            }
        }
    }
    // Handoffs and actions: nothing refers to them.
    let mut taken = 0;
    for i in 0..out.handoffs.len() {
        let h = &out.handoffs[i];
        if !base.handoffs.iter().any(|x| x.id == h.id)
            && ours.handoffs.iter().any(|x| x.id == h.id && x != h)
        {
            let n = fresh(
                [base, ours, theirs]
                    .iter()
                    .flat_map(|w| w.handoffs.iter().map(|x| x.id.number())),
                retired("H"),
                &mut taken,
            );
            let new = crate::model::HandoffId::numbered(n);
            notes.push(format!("their new handoff {} is now {new}", h.id));
            out.handoffs[i].id = new;
        }
    }
    let mut taken = 0;
    for i in 0..out.actions.len() {
        let a = &out.actions[i];
        if !base.actions.iter().any(|x| x.id == a.id)
            && ours.actions.iter().any(|x| x.id == a.id && x != a)
        {
            let n = fresh(
                [base, ours, theirs]
                    .iter()
                    .flat_map(|w| w.actions.iter().map(|x| x.id.number())),
                retired("A"),
                &mut taken,
            );
            let new = crate::model::ActionId::numbered(n);
            notes.push(format!("their new action {} is now {new}", a.id));
            out.actions[i].id = new;
        }
    }
    // Competitors: moments name them in `versus`.
    let mut taken = 0;
    for i in 0..out.competitors.len() {
        let c = &out.competitors[i];
        if base.competitor(&c.id).is_none()
            && let Some(other) = ours.competitor(&c.id)
            && other != c
        {
            let n = fresh(
                [base, ours, theirs]
                    .iter()
                    .flat_map(|w| w.competitors.iter().map(|x| x.id.number())),
                retired(CompetitorId::PREFIX),
                &mut taken,
            );
            let (old, new) = (c.id.clone(), CompetitorId::numbered(n));
            notes.push(format!(
                "their new competitor {old} “{}” is now {new}: ours also added a {old}",
                c.name
            ));
            out.competitors[i].id = new.clone();
            for m in &mut out.moments {
                if let Some(standing) = m.versus.remove(&old) {
                    m.versus.insert(new.clone(), standing);
                }
            }
        }
    }
    (out, notes)
}
