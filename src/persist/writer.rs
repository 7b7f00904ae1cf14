//! A direct writer for format 1: the exact text `ron`'s pretty serializer produces with
//! our settings (struct names, depth limit 3, defaults left out), several times faster,
//! so saving a large workspace spends its time on the disk, not on formatting.
//!
//! Every struct is taken apart without `..`: a new field does not compile until it is
//! written here. `tests/format.rs` checks byte equality with `ron` on arbitrary workspaces.

use std::collections::BTreeMap;
use std::fmt::Write;

use crate::model::{
    Action, ActionStatus, AgendaItem, Channel, CriticalFor, Direction, Experience, Handoff, Kpi,
    Level, Moment, Owner, Proposition, Role, Segment, Silo, Stage, Status, Term, View, VoteRound,
    Workspace,
};

/// Appends the RON text of `ws` (without the final newline) to `out`.
pub(crate) fn write_workspace(out: &mut String, ws: &Workspace, format: u32) {
    let Workspace {
        format: _,
        title,
        silos,
        segments,
        stages,
        moments,
        handoffs,
        propositions,
        glossary,
        actions,
        parking_lot,
        agenda,
        voting,
        retired_ids,
    } = ws;
    out.push_str("Workspace(\n");
    let _ = writeln!(out, "    format: {format},");
    if !title.is_empty() {
        out.push_str("    title: ");
        string(out, title);
        out.push_str(",\n");
    }
    list(out, "silos", silos, silo);
    list(out, "segments", segments, segment);
    list(out, "stages", stages, stage);
    list(out, "moments", moments, moment);
    list(out, "handoffs", handoffs, handoff);
    list(out, "propositions", propositions, proposition);
    list(out, "glossary", glossary, term);
    list(out, "actions", actions, action);
    if !parking_lot.is_empty() {
        out.push_str("    parking_lot: [\n");
        for entry in parking_lot {
            out.push_str("        ");
            string(out, entry);
            out.push_str(",\n");
        }
        out.push_str("    ],\n");
    }
    list(out, "agenda", agenda, agenda_item);
    if let Some(round) = voting {
        vote_round(out, round);
    }
    if !retired_ids.is_empty() {
        out.push_str("    retired_ids: {\n");
        for (prefix, n) in retired_ids {
            out.push_str("        ");
            string(out, prefix);
            let _ = writeln!(out, ": {n},");
        }
        out.push_str("    },\n");
    }
    out.push(')');
}

/// A list at depth 2 whose items are structs at depth 3, one field per line.
fn list<T>(out: &mut String, name: &str, items: &[T], item: fn(&mut Item, &T)) {
    if items.is_empty() {
        return;
    }
    let _ = writeln!(out, "    {name}: [");
    for x in items {
        let mut it = Item { out };
        item(&mut it, x);
        out.push_str("        ),\n");
    }
    out.push_str("    ],\n");
}

/// The fields of one item, at depth 3.
struct Item<'a> {
    out: &'a mut String,
}

impl Item<'_> {
    fn open(&mut self, name: &str) {
        let _ = writeln!(self.out, "        {name}(");
    }
    fn key(&mut self, name: &str) {
        self.out.push_str("            ");
        self.out.push_str(name);
        self.out.push_str(": ");
    }
    fn end(&mut self) {
        self.out.push_str(",\n");
    }
    /// A required text field: written even when empty.
    fn required(&mut self, name: &str, value: &str) {
        self.key(name);
        string(self.out, value);
        self.end();
    }
    /// An optional text field: left out when empty.
    fn text(&mut self, name: &str, value: &str) {
        if !value.is_empty() {
            self.key(name);
            string(self.out, value);
            self.end();
        }
    }
    fn word(&mut self, name: &str, value: Option<&str>) {
        if let Some(value) = value {
            self.key(name);
            self.out.push_str(value);
            self.end();
        }
    }
    fn number(&mut self, name: &str, value: Option<u64>) {
        if let Some(value) = value {
            self.key(name);
            let _ = write!(self.out, "{value}");
            self.end();
        }
    }
}

fn silo(it: &mut Item, x: &Silo) {
    let Silo { id, name, lead } = x;
    it.open("Silo");
    it.required("id", id.as_str());
    it.required("name", name);
    it.text("lead", lead);
}

fn segment(it: &mut Item, x: &Segment) {
    let Segment {
        id,
        name,
        value,
        behaviours,
        attitudes,
        needs,
    } = x;
    it.open("Segment");
    it.required("id", id.as_str());
    it.required("name", name);
    it.word("value", value.map(level));
    it.text("behaviours", behaviours);
    it.text("attitudes", attitudes);
    it.text("needs", needs);
}

fn stage(it: &mut Item, x: &Stage) {
    let Stage {
        id,
        name,
        goal,
        entry_signals,
        duration,
        complexity,
        repeats,
        notes,
    } = x;
    it.open("Stage");
    it.required("id", id.as_str());
    it.required("name", name);
    it.text("goal", goal);
    if !entry_signals.is_empty() {
        it.key("entry_signals");
        compact_list(it.out, entry_signals, |out, s| string(out, s));
        it.end();
    }
    it.text("duration", duration);
    it.word("complexity", complexity.map(level));
    it.word("repeats", repeats.then_some("true"));
    it.text("notes", notes);
}

fn moment(it: &mut Item, x: &Moment) {
    let Moment {
        id,
        stage,
        title,
        description,
        channel,
        direction,
        critical_for,
        importance,
        experience,
        target,
        need,
        owners,
        kpis,
        votes,
        status,
        notes,
    } = x;
    it.open("Moment");
    it.required("id", id.as_str());
    it.required("stage", stage.as_str());
    it.required("title", title);
    it.text("description", description);
    it.word("channel", channel.map(channel_name));
    it.word("direction", direction.map(direction_name));
    if !critical_for.is_empty() {
        it.key("critical_for");
        compact_list(it.out, critical_for, |out, c| {
            out.push_str(critical_name(*c))
        });
        it.end();
    }
    it.number("importance", importance.map(u64::from));
    if !experience.is_empty() {
        it.key("experience");
        compact_map(it.out, experience, |out, e| {
            out.push_str(experience_name(*e))
        });
        it.end();
    }
    it.word("target", target.map(experience_name));
    it.text("need", need);
    if !owners.is_empty() {
        it.key("owners");
        compact_list(it.out, owners, owner);
        it.end();
    }
    if !kpis.is_empty() {
        it.key("kpis");
        compact_list(it.out, kpis, kpi);
        it.end();
    }
    it.number("votes", (*votes != 0).then_some(u64::from(*votes)));
    it.word(
        "status",
        (*status != Status::Proposed).then_some(status_name(*status)),
    );
    it.text("notes", notes);
}

fn handoff(it: &mut Item, x: &Handoff) {
    let Handoff {
        id,
        moment,
        from,
        to,
        what,
        risk,
    } = x;
    it.open("Handoff");
    it.text("id", id.as_str());
    it.required("moment", moment.as_str());
    it.required("from", from.as_str());
    it.required("to", to.as_str());
    it.text("what", what);
    it.word("risk", risk.map(level));
}

fn proposition(it: &mut Item, x: &Proposition) {
    let Proposition {
        segment,
        price,
        brand,
        service,
        operations,
        relationship,
        product,
        standards,
    } = x;
    it.open("Proposition");
    it.required("segment", segment.as_str());
    it.text("price", price);
    it.text("brand", brand);
    it.text("service", service);
    it.text("operations", operations);
    it.text("relationship", relationship);
    it.text("product", product);
    it.text("standards", standards);
}

fn term(it: &mut Item, x: &Term) {
    let Term {
        term,
        definition,
        also_called,
    } = x;
    it.open("Term");
    it.required("term", term);
    it.text("definition", definition);
    if !also_called.is_empty() {
        it.key("also_called");
        compact_map(it.out, also_called, |out, s| string(out, s));
        it.end();
    }
}

fn action(it: &mut Item, x: &Action) {
    let Action {
        id,
        moment,
        what,
        owner,
        due,
        status,
    } = x;
    it.open("Action");
    it.text("id", id.as_str());
    it.required("moment", moment.as_str());
    it.required("what", what);
    if let Some(owner) = owner {
        it.required("owner", owner.as_str());
    }
    it.text("due", due);
    it.word(
        "status",
        (*status != ActionStatus::Open).then_some(action_status_name(*status)),
    );
}

fn agenda_item(it: &mut Item, x: &AgendaItem) {
    let AgendaItem {
        title,
        minutes,
        view,
        stage,
        started,
        finished,
    } = x;
    it.open("AgendaItem");
    it.required("title", title);
    it.number("minutes", (*minutes != 0).then_some(u64::from(*minutes)));
    it.word("view", view.map(screen_name));
    if let Some(stage) = stage {
        it.required("stage", stage.as_str());
    }
    it.number("started", *started);
    it.number("finished", *finished);
}

/// The round is a struct at depth 2: its fields at depth 3, each voter's dots compact.
fn vote_round(out: &mut String, x: &VoteRound) {
    let VoteRound {
        round,
        budget,
        room,
        revealed,
        dots,
    } = x;
    out.push_str("    voting: VoteRound(\n");
    let _ = writeln!(out, "        round: {round},");
    let _ = writeln!(out, "        budget: {budget},");
    if *room != 0 {
        let _ = writeln!(out, "        room: {room},");
    }
    if *revealed {
        out.push_str("        revealed: true,\n");
    }
    if !dots.is_empty() {
        out.push_str("        dots: {\n");
        for (voter, dots) in dots {
            out.push_str("            ");
            string(out, voter);
            out.push_str(": ");
            compact_map(out, dots, |out, n| {
                let _ = write!(out, "{n}");
            });
            out.push_str(",\n");
        }
        out.push_str("        },\n");
    }
    out.push_str("    ),\n");
}

pub(crate) fn screen_name(s: View) -> &'static str {
    match s {
        View::Board => "Board",
        View::Owners => "Owners",
        View::Seams => "Seams",
        View::Experience => "Experience",
        View::Priorities => "Priorities",
        View::Segments => "Segments",
        View::Language => "Language",
        View::Plan => "Plan",
        View::Checks => "Checks",
        View::Parking => "Parking",
        View::Outline => "Outline",
        View::Agenda => "Agenda",
    }
}

fn owner(out: &mut String, x: &Owner) {
    let Owner { silo, role, person } = x;
    out.push_str("Owner(silo: ");
    string(out, silo.as_str());
    out.push_str(", role: ");
    out.push_str(role_name(*role));
    if !person.is_empty() {
        out.push_str(", person: ");
        string(out, person);
    }
    out.push(')');
}

fn kpi(out: &mut String, x: &Kpi) {
    let Kpi {
        name,
        target,
        current,
    } = x;
    out.push_str("Kpi(name: ");
    string(out, name);
    if !target.is_empty() {
        out.push_str(", target: ");
        string(out, target);
    }
    if !current.is_empty() {
        out.push_str(", current: ");
        string(out, current);
    }
    out.push(')');
}

fn compact_list<T>(out: &mut String, items: &[T], mut item: impl FnMut(&mut String, &T)) {
    out.push('[');
    for (i, x) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        item(out, x);
    }
    out.push(']');
}

fn compact_map<K: std::borrow::Borrow<str>, V>(
    out: &mut String,
    map: &BTreeMap<K, V>,
    mut value: impl FnMut(&mut String, &V),
) {
    out.push('{');
    for (i, (k, v)) in map.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        string(out, k.borrow());
        out.push_str(": ");
        value(out, v);
    }
    out.push('}');
}

/// A string as `ron` writes it without escapes: quoted, or raw (`r#"…"#`, with enough
/// `#`) when it holds a quote or a backslash.
fn string(out: &mut String, s: &str) {
    if s.contains(['"', '\\']) {
        let mut run = 0;
        let mut longest = 0;
        for c in s.chars() {
            if c == '#' {
                run += 1;
                longest = longest.max(run);
            } else {
                run = 0;
            }
        }
        out.push('r');
        for _ in 0..=longest {
            out.push('#');
        }
        out.push('"');
        out.push_str(s);
        out.push('"');
        for _ in 0..=longest {
            out.push('#');
        }
    } else {
        out.push('"');
        out.push_str(s);
        out.push('"');
    }
}

// The names of enum variants as `ron` writes (and reads) them; the reader uses the same.

pub(super) fn level(l: Level) -> &'static str {
    l.label()
}

pub(super) fn channel_name(c: Channel) -> &'static str {
    match c {
        Channel::FaceToFace => "FaceToFace",
        Channel::Phone => "Phone",
        Channel::Email => "Email",
        Channel::Letter => "Letter",
        Channel::Web => "Web",
        Channel::App => "App",
        Channel::Chat => "Chat",
        Channel::Social => "Social",
        Channel::Store => "Store",
        Channel::Event => "Event",
        Channel::Marketing => "Marketing",
        Channel::Other => "Other",
    }
}

pub(super) fn direction_name(d: Direction) -> &'static str {
    d.label()
}

pub(super) fn critical_name(c: CriticalFor) -> &'static str {
    match c {
        CriticalFor::Revenue => "Revenue",
        CriticalFor::Relationship => "Relationship",
        CriticalFor::Rescue => "Rescue",
        CriticalFor::Retention => "Retention",
    }
}

pub(super) fn experience_name(e: Experience) -> &'static str {
    e.label()
}

pub(super) fn role_name(r: Role) -> &'static str {
    match r {
        Role::Responsible => "Responsible",
        Role::Accountable => "Accountable",
        Role::Consulted => "Consulted",
        Role::Informed => "Informed",
    }
}

pub(super) fn status_name(s: Status) -> &'static str {
    match s {
        Status::Proposed => "Proposed",
        Status::Agreed => "Agreed",
    }
}

pub(super) fn action_status_name(s: ActionStatus) -> &'static str {
    match s {
        ActionStatus::Open => "Open",
        ActionStatus::InProgress => "InProgress",
        ActionStatus::Done => "Done",
        ActionStatus::Dropped => "Dropped",
    }
}
