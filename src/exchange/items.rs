//! The workspace seen as lists of items keyed by id, each item a JSON object of its
//! fields: the common ground of the semantic diff and merge. Owners and KPIs become
//! an object keyed by silo, so a change to one owner is a change to one field.

use serde_json::{Map, Value};

use crate::model::{Parked, Workspace};

/// The kinds of listed items, in document order: (kind as said, field in the workspace,
/// the field that is its key, the field that names it).
pub const KINDS: [(&str, &str, &str, &str); 9] = [
    ("silo", "silos", "id", "name"),
    ("segment", "segments", "id", "name"),
    ("stage", "stages", "id", "name"),
    ("moment", "moments", "id", "title"),
    ("handoff", "handoffs", "id", "what"),
    ("proposition", "propositions", "segment", ""),
    ("term", "glossary", "term", ""),
    ("action", "actions", "id", "what"),
    // Last, so the positions of the kinds before it stay as they were.
    ("competitor", "competitors", "id", "name"),
];

/// The fields of each kind in the order the file writes them, for readable diffs.
pub fn field_order(kind: &str) -> &'static [&'static str] {
    match kind {
        "silo" => &["id", "name", "lead"],
        "segment" => &[
            "id",
            "name",
            "value",
            "behaviours",
            "attitudes",
            "needs",
            "objective",
            "cycle",
        ],
        "stage" => &[
            "id",
            "name",
            "goal",
            "entry_signals",
            "duration",
            "complexity",
            "repeats",
            "resources",
            "needs",
            "notes",
        ],
        "moment" => &[
            "id",
            "stage",
            "title",
            "description",
            "channel",
            "direction",
            "critical_for",
            "importance",
            "experience",
            "target",
            "need",
            "supported",
            "trigger",
            "versus",
            "evidence",
            "sources",
            "owners",
            "people",
            "systems",
            "kpis",
            "votes",
            "status",
            "notes",
        ],
        "handoff" => &["id", "moment", "from", "to", "what", "risk"],
        "proposition" => &[
            "segment",
            "price",
            "brand",
            "service",
            "operations",
            "relationship",
            "product",
            "standards",
        ],
        "term" => &["term", "definition", "also_called"],
        "action" => &["id", "moment", "what", "owner", "due", "status", "effort"],
        "competitor" => &["id", "name", "notes"],
        _ => &[],
    }
}

/// One item: its id, its name for people, and its fields.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub id: String,
    pub fields: Map<String, Value>,
}

impl Entry {
    /// The item's name (title, name, what), or empty.
    pub fn label(&self, kind: &str) -> String {
        let field = KINDS.iter().find(|k| k.0 == kind).map_or("", |k| k.3);
        self.fields
            .get(field)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned()
    }
}

/// The workspace as JSON, split into its parts.
#[derive(Clone, Debug, PartialEq)]
pub struct Doc {
    /// The listed items per kind, in `KINDS` order.
    pub lists: Vec<Vec<Entry>>,
    pub title: String,
    /// Parked ideas, which merge and diff compare by their text.
    pub parking_lot: Vec<Parked>,
    /// Everything else (format, retired ids), kept as is.
    pub rest: Map<String, Value>,
}

fn to_object(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

/// Splits a workspace into items.
pub fn split(ws: &Workspace) -> Doc {
    let mut root = to_object(serde_json::to_value(ws).expect("a workspace serialises"));
    let lists = KINDS
        .iter()
        .map(|(kind, list, key, _)| {
            let items = match root.remove(*list) {
                Some(Value::Array(items)) => items,
                _ => Vec::new(),
            };
            items
                .into_iter()
                .map(|v| {
                    let mut fields = to_object(v);
                    normalise(kind, &mut fields);
                    let id = fields
                        .get(*key)
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                        .to_owned();
                    Entry { id, fields }
                })
                .collect()
        })
        .collect();
    let title = match root.remove("title") {
        Some(Value::String(s)) => s,
        _ => String::new(),
    };
    root.remove("parking_lot");
    let parking_lot = ws.parking_lot.clone();
    Doc {
        lists,
        title,
        parking_lot,
        rest: root,
    }
}

/// Puts a workspace back together from its items.
pub fn join(doc: &Doc) -> Result<Workspace, serde_json::Error> {
    let mut root = doc.rest.clone();
    root.insert("title".into(), Value::String(doc.title.clone()));
    root.insert(
        "parking_lot".into(),
        serde_json::to_value(&doc.parking_lot)?,
    );
    for ((kind, list, _, _), entries) in KINDS.iter().zip(&doc.lists) {
        let items = entries
            .iter()
            .map(|e| {
                let mut fields = e.fields.clone();
                denormalise(kind, &mut fields);
                Value::Object(fields)
            })
            .collect();
        root.insert((*list).into(), Value::Array(items));
    }
    serde_json::from_value(Value::Object(root))
}

/// The key under which the order of a moment's owners is kept: fields starting with `#`
/// are bookkeeping, never shown as changes or conflicts.
pub const OWNER_ORDER: &str = "#owners";

/// Owners become an object keyed by silo (each silo's entries, without the silo), with
/// their written order kept under [`OWNER_ORDER`].
fn normalise(kind: &str, fields: &mut Map<String, Value>) {
    if kind != "moment" {
        return;
    }
    // Left out of the file when true: say so, so a change reads `yes → no`.
    fields.entry("supported").or_insert(Value::Bool(true));
    if let Some(Value::Array(owners)) = fields.remove("owners") {
        let mut by_silo = Map::new();
        let mut order = Vec::new();
        for owner in owners {
            let mut owner = to_object(owner);
            let silo = match owner.remove("silo") {
                Some(Value::String(s)) => s,
                _ => String::new(),
            };
            // One entry per owner, so a silo named twice apart keeps both places.
            order.push(Value::String(silo.clone()));
            let slot = by_silo
                .entry(silo)
                .or_insert_with(|| Value::Array(Vec::new()));
            if let Value::Array(list) = slot {
                list.push(Value::Object(owner));
            }
        }
        fields.insert("owners".into(), Value::Object(by_silo));
        fields.insert(OWNER_ORDER.into(), Value::Array(order));
    }
}

fn denormalise(kind: &str, fields: &mut Map<String, Value>) {
    if kind != "moment" {
        return;
    }
    let order: Vec<String> = match fields.remove(OWNER_ORDER) {
        Some(Value::Array(order)) => order
            .into_iter()
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect(),
        _ => Vec::new(),
    };
    if let Some(Value::Object(by_silo)) = fields.remove("owners") {
        let mut remaining: Vec<(String, std::collections::VecDeque<Value>)> = by_silo
            .into_iter()
            .map(|(silo, entries)| match entries {
                Value::Array(list) => (silo, list.into()),
                _ => (silo, Default::default()),
            })
            .collect();
        let mut owners = Vec::new();
        let mut take = |silo: &str, entry: Value| {
            let mut entry = to_object(entry);
            entry.insert("silo".into(), Value::String(silo.to_owned()));
            owners.push(Value::Object(entry));
        };
        for silo in &order {
            if let Some((_, list)) = remaining.iter_mut().find(|(s, _)| s == silo)
                && let Some(entry) = list.pop_front()
            {
                take(silo, entry);
            }
        }
        for (silo, list) in remaining {
            for entry in list {
                take(&silo, entry);
            }
        }
        fields.insert("owners".into(), Value::Array(owners));
    }
}

/// Positions of the items whose relative order changed between two id sequences: the
/// ids outside a longest common subsequence of the ids both sides share.
pub fn reordered(old: &[&str], new: &[&str]) -> Vec<String> {
    let common_old: Vec<&str> = old.iter().copied().filter(|id| new.contains(id)).collect();
    let common_new: Vec<&str> = new.iter().copied().filter(|id| old.contains(id)).collect();
    let (n, m) = (common_old.len(), common_new.len());
    let mut lcs = vec![vec![0usize; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i][j] = if common_old[i] == common_new[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut kept = Vec::new();
    while i < n && j < m {
        if common_old[i] == common_new[j] {
            kept.push(common_old[i]);
            i += 1;
            j += 1;
        } else if lcs[i + 1][j] >= lcs[i][j + 1] {
            i += 1;
        } else {
            j += 1;
        }
    }
    common_new
        .iter()
        .filter(|id| !kept.contains(id))
        .map(|id| (*id).to_owned())
        .collect()
}
