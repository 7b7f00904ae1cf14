//! The semantic diff: what changed between two versions of a workspace, by id. Items
//! added, removed, renamed, moved to another stage or reordered; every other field change
//! (owners per silo, experience per segment, votes, status…), as text or JSON.

use std::fmt::Write;

use serde::Serialize;
use serde_json::{Map, Value};

use super::items::{Doc, Entry, KINDS, field_order, reordered, split};
use crate::model::Workspace;

/// One change.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Change {
    /// `workspace`, `silo`, `segment`, `stage`, `moment`, `handoff`, `proposition`,
    /// `term`, `action`, `competitor`, `parking_lot`, `agenda`, `voting` or `vote_round`.
    pub kind: &'static str,
    /// The item's id (a term's text; empty for the workspace and the parking lot).
    pub id: String,
    /// The item's name in the new version (the old one when removed).
    pub label: String,
    #[serde(flatten)]
    pub what: What,
}

/// What happened to the item.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum What {
    Added,
    Removed,
    /// The title or name changed.
    Renamed {
        from: String,
        to: String,
    },
    /// A moment went to another stage (ids and names of the stages).
    Moved {
        from: String,
        to: String,
    },
    /// The item's place in its list changed (in its stage, for moments); 1-based.
    Reordered {
        from: usize,
        to: usize,
    },
    /// Any other field; `field` is e.g. `votes`, `owners.SVC`, `experience.G1`.
    Changed {
        field: String,
        from: Value,
        to: Value,
    },
}

/// Every change from `old` to `new`, in document order: title, then silos, segments,
/// stages, moments, handoffs, propositions, glossary, actions, parking lot.
pub fn diff(old: &Workspace, new: &Workspace) -> Vec<Change> {
    let (a, b) = (split(old), split(new));
    let mut out = Vec::new();
    if a.title != b.title {
        out.push(Change {
            kind: "workspace",
            id: String::new(),
            label: b.title.clone(),
            what: What::Renamed {
                from: a.title.clone(),
                to: b.title.clone(),
            },
        });
    }
    for (i, (kind, _, _, _)) in KINDS.iter().enumerate() {
        diff_list(kind, &a, &b, &a.lists[i], &b.lists[i], &mut out);
    }
    for item in &a.parking_lot {
        if !b.parking_lot.iter().any(|p| p.text == item.text) {
            out.push(parking(&item.text, What::Removed));
        }
    }
    for item in &b.parking_lot {
        if !a.parking_lot.iter().any(|p| p.text == item.text) {
            out.push(parking(&item.text, What::Added));
        }
    }
    facilitation(old, new, &mut out);
    out
}

/// The agenda by position and the vote round as a whole: the facilitation state.
fn facilitation(old: &Workspace, new: &Workspace, out: &mut Vec<Change>) {
    // Recorded rounds are a history: one is added or removed, never edited.
    let round = |r: &crate::model::VoteResult, what| Change {
        kind: "vote_round",
        id: r.round.to_string(),
        label: format!(
            "round {} of {}: {} dots on {} moments",
            r.round,
            r.date,
            r.tallies.values().sum::<u32>(),
            r.tallies.len()
        ),
        what,
    };
    for r in &old.vote_rounds {
        if !new.vote_rounds.contains(r) {
            out.push(round(r, What::Removed));
        }
    }
    for r in &new.vote_rounds {
        if !old.vote_rounds.contains(r) {
            out.push(round(r, What::Added));
        }
    }
    for i in 0..old.agenda.len().max(new.agenda.len()) {
        let (a, b) = (old.agenda.get(i), new.agenda.get(i));
        if a == b {
            continue;
        }
        let label = b.or(a).map(|x| x.title.clone()).unwrap_or_default();
        let what = match (a, b) {
            (None, Some(_)) => What::Added,
            (Some(_), None) => What::Removed,
            (Some(a), Some(b)) if a.title != b.title => What::Renamed {
                from: a.title.clone(),
                to: b.title.clone(),
            },
            _ => What::Changed {
                field: "plan".into(),
                from: json(&a),
                to: json(&b),
            },
        };
        out.push(Change {
            kind: "agenda",
            id: (i + 1).to_string(),
            label,
            what,
        });
    }
    if old.voting != new.voting {
        let round = new.voting.as_ref().or(old.voting.as_ref());
        out.push(Change {
            kind: "voting",
            id: round.map(|r| r.round.to_string()).unwrap_or_default(),
            label: "vote round".into(),
            what: match (&old.voting, &new.voting) {
                (None, Some(_)) => What::Added,
                (Some(_), None) => What::Removed,
                (a, b) => What::Changed {
                    field: "round".into(),
                    from: json(a),
                    to: json(b),
                },
            },
        });
    }
}

fn json<T: Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

fn parking(item: &str, what: What) -> Change {
    Change {
        kind: "parking_lot",
        id: String::new(),
        label: item.to_owned(),
        what,
    }
}

fn stage_name(doc: &Doc, id: &str) -> String {
    doc.lists[2]
        .iter()
        .find(|e| e.id == id)
        .map_or(id.to_owned(), |e| format!("{id} {}", e.label("stage")))
}

fn diff_list(
    kind: &'static str,
    a_doc: &Doc,
    b_doc: &Doc,
    a: &[Entry],
    b: &[Entry],
    out: &mut Vec<Change>,
) {
    let find = |list: &'_ [Entry], id: &str| list.iter().position(|e| e.id == id);
    // Reordering: moments within their stage (in the new version), others in their list.
    let mut moved: Vec<String> = Vec::new();
    let position_in = |list: &[Entry], id: &str| -> usize {
        let group = |e: &Entry| {
            if kind == "moment" {
                e.fields.get("stage").cloned()
            } else {
                None
            }
        };
        let Some(me) = list.iter().find(|e| e.id == id) else {
            return 0;
        };
        list.iter()
            .filter(|e| group(e) == group(me))
            .position(|e| e.id == id)
            .map_or(0, |p| p + 1)
    };
    if kind == "moment" {
        let stages: Vec<Value> = b
            .iter()
            .filter_map(|e| e.fields.get("stage").cloned())
            .collect();
        for stage in stages {
            let ids = |list: &'_ [Entry]| -> Vec<String> {
                list.iter()
                    .filter(|e| e.fields.get("stage") == Some(&stage))
                    .map(|e| e.id.clone())
                    .collect()
            };
            let (old_ids, new_ids) = (ids(a), ids(b));
            let old_ids: Vec<&str> = old_ids.iter().map(String::as_str).collect();
            let new_ids: Vec<&str> = new_ids.iter().map(String::as_str).collect();
            for id in reordered(&old_ids, &new_ids) {
                if !moved.contains(&id) {
                    moved.push(id);
                }
            }
        }
    } else {
        let old_ids: Vec<&str> = a.iter().map(|e| e.id.as_str()).collect();
        let new_ids: Vec<&str> = b.iter().map(|e| e.id.as_str()).collect();
        moved = reordered(&old_ids, &new_ids);
    }

    for old in a {
        if find(b, &old.id).is_none() {
            out.push(Change {
                kind,
                id: old.id.clone(),
                label: old.label(kind),
                what: What::Removed,
            });
        }
    }
    for new in b {
        let change = |what| Change {
            kind,
            id: new.id.clone(),
            label: new.label(kind),
            what,
        };
        let Some(i) = find(a, &new.id) else {
            out.push(change(What::Added));
            continue;
        };
        let old = &a[i];
        let mut names: Vec<&str> = field_order(kind).to_vec();
        for key in old.fields.keys().chain(new.fields.keys()) {
            if !names.contains(&key.as_str()) && !key.starts_with('#') {
                names.push(key);
            }
        }
        for field in names {
            let (x, y) = (old.fields.get(field), new.fields.get(field));
            if x == y {
                continue;
            }
            let label_field = KINDS.iter().find(|k| k.0 == kind).map_or("", |k| k.3);
            if field == label_field && matches!(kind, "silo" | "segment" | "stage" | "moment") {
                out.push(change(What::Renamed {
                    from: old.label(kind),
                    to: new.label(kind),
                }));
            } else if kind == "moment" && field == "stage" {
                let id = |v: Option<&Value>| v.and_then(Value::as_str).unwrap_or("").to_owned();
                out.push(change(What::Moved {
                    from: stage_name(a_doc, &id(x)),
                    to: stage_name(b_doc, &id(y)),
                }));
            } else if let (Some(Value::Object(x)), Some(Value::Object(y))) = (x, y) {
                sub_changes(field, x, y, &mut |f, from, to| {
                    out.push(change(What::Changed { field: f, from, to }));
                });
            } else if x.is_none_or(Value::is_object) && y.is_none_or(Value::is_object) {
                let empty = Map::new();
                let as_map = |v: Option<&Value>| match v {
                    Some(Value::Object(m)) => m.clone(),
                    _ => empty.clone(),
                };
                sub_changes(field, &as_map(x), &as_map(y), &mut |f, from, to| {
                    out.push(change(What::Changed { field: f, from, to }));
                });
            } else {
                let (from, to) = (
                    x.cloned().unwrap_or_else(|| default_like(kind, field, y)),
                    y.cloned().unwrap_or_else(|| default_like(kind, field, x)),
                );
                out.push(change(What::Changed {
                    field: field.to_owned(),
                    from,
                    to,
                }));
            }
        }
        if moved.contains(&new.id) {
            let (from, to) = (position_in(a, &new.id), position_in(b, &new.id));
            out.push(change(What::Reordered { from, to }));
        }
    }
}

/// The value a file leaves out because it is the default: `false`, `0`, a moment's
/// `Proposed`, an action's `Open`; `null` (shown as “(none)”) for the rest.
fn default_like(kind: &str, field: &str, other: Option<&Value>) -> Value {
    match (kind, field, other) {
        ("moment", "status", _) => Value::String("Proposed".into()),
        ("action", "status", _) => Value::String("Open".into()),
        (_, _, Some(Value::Bool(_))) => Value::Bool(false),
        (_, _, Some(Value::Number(_))) => Value::from(0),
        _ => Value::Null,
    }
}

/// Changes inside a map-like field (owners per silo, experience per segment, also-called).
fn sub_changes(
    field: &str,
    x: &Map<String, Value>,
    y: &Map<String, Value>,
    emit: &mut dyn FnMut(String, Value, Value),
) {
    let mut keys: Vec<&String> = x.keys().chain(y.keys()).collect();
    keys.sort();
    keys.dedup();
    for key in keys {
        let (a, b) = (x.get(key), y.get(key));
        if a != b {
            emit(
                format!("{field}.{key}"),
                a.cloned().unwrap_or(Value::Null),
                b.cloned().unwrap_or(Value::Null),
            );
        }
    }
}

/// A field value in words: `“text”`, `3`, `Agreed`, lists joined, `(none)`.
pub fn value_text(field: &str, value: &Value) -> String {
    match value {
        Value::Null => "(none)".to_owned(),
        Value::Bool(b) => if *b { "yes" } else { "no" }.to_owned(),
        Value::Number(n) => n.to_string(),
        Value::String(s) if is_enum_field(field) => s.clone(),
        Value::String(s) => format!("“{}”", s.replace('\n', "⏎")),
        Value::Array(items) if items.is_empty() => "(none)".to_owned(),
        Value::Array(items) if field.starts_with("owners.") => items
            .iter()
            .map(|o| {
                let role = o.get("role").and_then(Value::as_str).unwrap_or("?");
                match o.get("person").and_then(Value::as_str) {
                    Some(p) if !p.is_empty() => format!("{role} ({p})"),
                    _ => role.to_owned(),
                }
            })
            .collect::<Vec<_>>()
            .join(" + "),
        Value::Array(items) if field == "kpis" => items
            .iter()
            .map(|k| {
                let kpi: crate::model::Kpi = serde_json::from_value(k.clone()).unwrap_or_default();
                let parts: Vec<String> = [
                    ("target", kpi.target_text()),
                    ("current", kpi.latest_text()),
                ]
                .iter()
                .filter(|(_, v)| !v.is_empty())
                .map(|(f, v)| format!("{f} {v}"))
                .collect();
                if parts.is_empty() {
                    kpi.name
                } else {
                    format!("{} ({})", kpi.name, parts.join(", "))
                }
            })
            .collect::<Vec<_>>()
            .join(", "),
        Value::Array(items) if field == "agenda" => items
            .iter()
            .map(|a| {
                let title = a.get("title").and_then(Value::as_str).unwrap_or_default();
                match a.get("minutes").and_then(Value::as_u64) {
                    Some(m) => format!("{title} ({m} min)"),
                    None => title.to_owned(),
                }
            })
            .collect::<Vec<_>>()
            .join(", "),
        Value::Array(items) => items
            .iter()
            .map(|v| match v {
                Value::String(s) => s.clone(),
                Value::Object(m) => m
                    .values()
                    .filter_map(|v| v.as_str())
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
                    .join(" "),
                v => v.to_string(),
            })
            .collect::<Vec<_>>()
            .join(", "),
        Value::Object(m) => m
            .iter()
            .map(|(k, v)| format!("{k}: {}", value_text(k, v)))
            .collect::<Vec<_>>()
            .join(", "),
    }
}

fn is_enum_field(field: &str) -> bool {
    field.starts_with("experience.")
        || matches!(
            field,
            "channel"
                | "direction"
                | "importance"
                | "target"
                | "status"
                | "value"
                | "complexity"
                | "risk"
                | "from"
                | "to"
                | "owner"
                | "moment"
                | "segment"
                | "objective"
                | "resources"
                | "trigger"
                | "evidence"
                | "effort"
        )
        || field.starts_with("versus.")
}

fn kind_label(kind: &str) -> &str {
    match kind {
        "parking_lot" => "parking lot",
        "agenda" => "agenda item",
        "vote_round" => "vote round",
        k => k,
    }
}

/// The changes as text for people, grouped by item:
///
/// ```text
/// ~ moment M3 “Installation visit”
///     renamed: “Install day” → “Installation visit”
///     owners.SVC: Consulted → Accountable
/// + moment M7 “Welcome call”
/// - stage S5 “Win-back”
/// ```
pub fn to_text(changes: &[Change]) -> String {
    let mut out = String::new();
    let mut current: Option<(&str, &str)> = None;
    for c in changes {
        let head = |sign: &str| {
            let id = if c.id.is_empty() {
                String::new()
            } else {
                format!(" {}", c.id)
            };
            let label = if c.label.is_empty() || c.label == c.id {
                String::new()
            } else {
                format!(" “{}”", c.label.replace('\n', "⏎"))
            };
            format!("{sign} {}{id}{label}", kind_label(c.kind))
        };
        match &c.what {
            What::Added => {
                let _ = writeln!(out, "{}", head("+"));
                current = None;
            }
            What::Removed => {
                let _ = writeln!(out, "{}", head("-"));
                current = None;
            }
            what => {
                if current != Some((c.kind, c.id.as_str())) {
                    let _ = writeln!(out, "{}", head("~"));
                    current = Some((c.kind, c.id.as_str()));
                }
                let line = match what {
                    What::Renamed { from, to } => format!("renamed: “{from}” → “{to}”"),
                    What::Moved { from, to } => format!("moved: {from} → {to}"),
                    What::Reordered { from, to } => {
                        format!("reordered: position {from} → {to}")
                    }
                    What::Changed { field, from, to } => format!(
                        "{field}: {} → {}",
                        value_text(field, from),
                        value_text(field, to)
                    ),
                    What::Added | What::Removed => unreachable!("handled above"),
                };
                let _ = writeln!(out, "    {line}");
            }
        }
    }
    out
}

/// The changes as a JSON document: `{ "equal": bool, "changes": [...] }`.
pub fn to_json(changes: &[Change]) -> String {
    let doc = serde_json::json!({ "equal": changes.is_empty(), "changes": changes });
    let mut text = serde_json::to_string_pretty(&doc).expect("changes serialise");
    text.push('\n');
    text
}
