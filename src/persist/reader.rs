//! A direct reader for format 1 as `moments` writes it, several times faster than `ron`'s
//! deserializer, so a large workspace opens in a fraction of the time.
//!
//! It reads only what it can read exactly as `ron` does: the layout of `writer.rs`, and
//! text that differs from it only in white space, the order of fields and trailing
//! commas. For anything else (comments, escapes in strings, `Some(…)`, a missing,
//! unknown or repeated field, unsorted map keys, a number out of range, any error) it
//! answers `None`, and `format::from_ron` gives the whole text to `ron`: files written by
//! hand are read, and every error is found and reported, exactly as before. Property
//! tests compare the two on arbitrary workspaces and on their text mutated.

use std::collections::BTreeMap;

use super::writer::{
    action_status_name, channel_name, critical_name, direction_name, experience_name, level,
    role_name, screen_name, status_name,
};
use crate::model::{
    Action, ActionStatus, AgendaItem, Channel, CriticalFor, Direction, Experience, Handoff, Kpi,
    Level, Moment, Owner, Proposition, Role, Segment, Silo, Stage, Status, Term, View, VoteRound,
    Workspace,
};

/// The workspace in `text`, if the text is one this reader reads exactly as `ron` would.
pub(crate) fn read(text: &str) -> Option<Workspace> {
    let mut r = Reader {
        text,
        b: text.as_bytes(),
        at: 0,
    };
    let ws = r.workspace()?;
    r.ws();
    (r.at == r.b.len()).then_some(ws)
}

struct Reader<'a> {
    text: &'a str,
    b: &'a [u8],
    at: usize,
}

/// Marks a field seen; `None` the second time (serde refuses a repeated field).
fn once(seen: &mut u32, bit: u32) -> Option<()> {
    if *seen & bit != 0 {
        return None;
    }
    *seen |= bit;
    Some(())
}

impl<'a> Reader<'a> {
    /// Skips white space: only the ASCII kinds (`ron` also skips comments and a few more
    /// characters; those send the text to `ron`).
    fn ws(&mut self) {
        while let Some(b' ' | b'\n' | b'\r' | b'\t') = self.b.get(self.at) {
            self.at += 1;
        }
    }

    fn peek(&mut self) -> Option<u8> {
        self.ws();
        self.b.get(self.at).copied()
    }

    fn eat(&mut self, c: u8) -> Option<()> {
        (self.peek()? == c).then(|| self.at += 1)
    }

    /// An identifier: ASCII letters, digits and `_` (anything else goes to `ron`).
    fn ident(&mut self) -> Option<&'a str> {
        self.ws();
        let start = self.at;
        while self
            .b
            .get(self.at)
            .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_')
        {
            self.at += 1;
        }
        (self.at > start).then(|| &self.text[start..self.at])
    }

    /// A string without escapes, `"…"`, or a raw string, `r#"…"#`: both as `ron` reads
    /// them, up to the first closing quote (and hashes).
    fn str(&mut self) -> Option<&'a str> {
        match self.peek()? {
            b'"' => {
                let start = self.at + 1;
                let len = memchr::memchr2(b'"', b'\\', &self.b[start..])?;
                if self.b[start + len] != b'"' {
                    return None;
                }
                self.at = start + len + 1;
                Some(&self.text[start..start + len])
            }
            b'r' => {
                let hashes = self.b[self.at + 1..]
                    .iter()
                    .take_while(|&&c| c == b'#')
                    .count();
                let open = self.at + 1 + hashes;
                if self.b.get(open) != Some(&b'"') {
                    return None;
                }
                let start = open + 1;
                let mut from = start;
                loop {
                    let quote = from + memchr::memchr(b'"', &self.b[from..])?;
                    let after = &self.b[quote + 1..];
                    if after.len() >= hashes && after[..hashes].iter().all(|&c| c == b'#') {
                        self.at = quote + 1 + hashes;
                        return Some(&self.text[start..quote]);
                    }
                    from = quote + 1;
                }
            }
            _ => None,
        }
    }

    fn string(&mut self) -> Option<String> {
        self.str().map(str::to_owned)
    }

    /// A decimal number no greater than `max`, written plainly (no sign, no leading zero,
    /// no `_`, no other base).
    fn number(&mut self, max: u64) -> Option<u64> {
        self.ws();
        let start = self.at;
        while self.b.get(self.at).is_some_and(u8::is_ascii_digit) {
            self.at += 1;
        }
        let digits = &self.b[start..self.at];
        if digits.is_empty() || digits.len() > 10 || (digits.len() > 1 && digits[0] == b'0') {
            return None;
        }
        let n = digits
            .iter()
            .fold(0u64, |n, d| n * 10 + u64::from(d - b'0'));
        (n <= max).then_some(n)
    }

    fn u32(&mut self) -> Option<u32> {
        self.number(u64::from(u32::MAX)).map(|n| n as u32)
    }

    fn boolean(&mut self) -> Option<bool> {
        match self.ident()? {
            "true" => Some(true),
            "false" => Some(false),
            _ => None,
        }
    }

    /// A unit variant of an enum, by the name the writer gives it.
    fn variant<T: Copy>(&mut self, all: &[T], name: fn(T) -> &'static str) -> Option<T> {
        let word = self.ident()?;
        all.iter().copied().find(|v| name(*v) == word)
    }

    /// `Name(key: value, …)`, calling `field` for each key to read its value.
    fn fields(
        &mut self,
        name: &str,
        mut field: impl FnMut(&mut Self, &'a str) -> Option<()>,
    ) -> Option<()> {
        // The name is required, and the parenthesis follows it directly.
        if self.ident()? != name || self.b.get(self.at) != Some(&b'(') {
            return None;
        }
        self.at += 1;
        loop {
            if self.peek()? == b')' {
                self.at += 1;
                return Some(());
            }
            let key = self.ident()?;
            self.eat(b':')?;
            field(self, key)?;
            match self.peek()? {
                b',' => self.at += 1,
                b')' => {
                    self.at += 1;
                    return Some(());
                }
                _ => return None,
            }
        }
    }

    /// `[item, …]`.
    fn list<T>(&mut self, mut item: impl FnMut(&mut Self) -> Option<T>) -> Option<Vec<T>> {
        self.eat(b'[')?;
        let mut items = Vec::new();
        loop {
            if self.peek()? == b']' {
                self.at += 1;
                return Some(items);
            }
            items.push(item(self)?);
            match self.peek()? {
                b',' => self.at += 1,
                b']' => {
                    self.at += 1;
                    return Some(items);
                }
                _ => return None,
            }
        }
    }

    /// `{"key": value, …}` with keys in strictly increasing order, as the writer sorts
    /// them (a repeated key, which `ron` would let the last one win, goes to `ron`).
    fn map<K: Ord + for<'k> From<&'k str>, V>(
        &mut self,
        mut value: impl FnMut(&mut Self) -> Option<V>,
    ) -> Option<BTreeMap<K, V>> {
        self.eat(b'{')?;
        let mut map = BTreeMap::new();
        let mut last: Option<&str> = None;
        loop {
            if self.peek()? == b'}' {
                self.at += 1;
                return Some(map);
            }
            let key = self.str()?;
            if last.is_some_and(|l| l >= key) {
                return None;
            }
            last = Some(key);
            self.eat(b':')?;
            map.insert(K::from(key), value(self)?);
            match self.peek()? {
                b',' => self.at += 1,
                b'}' => {
                    self.at += 1;
                    return Some(map);
                }
                _ => return None,
            }
        }
    }

    fn workspace(&mut self) -> Option<Workspace> {
        let mut ws = Workspace::default();
        let mut seen = 0;
        self.fields("Workspace", |r, key| {
            match key {
                "format" => {
                    once(&mut seen, 1 << 0)?;
                    ws.format = r.u32()?;
                }
                "title" => {
                    once(&mut seen, 1 << 1)?;
                    ws.title = r.string()?;
                }
                "silos" => {
                    once(&mut seen, 1 << 2)?;
                    ws.silos = r.list(Self::silo)?;
                }
                "segments" => {
                    once(&mut seen, 1 << 3)?;
                    ws.segments = r.list(Self::segment)?;
                }
                "stages" => {
                    once(&mut seen, 1 << 4)?;
                    ws.stages = r.list(Self::stage)?;
                }
                "moments" => {
                    once(&mut seen, 1 << 5)?;
                    ws.moments = r.list(Self::moment)?;
                }
                "handoffs" => {
                    once(&mut seen, 1 << 6)?;
                    ws.handoffs = r.list(Self::handoff)?;
                }
                "propositions" => {
                    once(&mut seen, 1 << 7)?;
                    ws.propositions = r.list(Self::proposition)?;
                }
                "glossary" => {
                    once(&mut seen, 1 << 8)?;
                    ws.glossary = r.list(Self::term)?;
                }
                "actions" => {
                    once(&mut seen, 1 << 9)?;
                    ws.actions = r.list(Self::action)?;
                }
                "parking_lot" => {
                    once(&mut seen, 1 << 10)?;
                    ws.parking_lot = r.list(Self::string)?;
                }
                "retired_ids" => {
                    once(&mut seen, 1 << 11)?;
                    ws.retired_ids = r.map(Self::u32)?;
                }
                "agenda" => {
                    once(&mut seen, 1 << 12)?;
                    ws.agenda = r.list(Self::agenda_item)?;
                }
                "voting" => {
                    once(&mut seen, 1 << 13)?;
                    ws.voting = Some(r.vote_round()?);
                }
                _ => return None,
            }
            Some(())
        })?;
        // `format` is the one field without a default.
        (seen & 1 != 0).then_some(ws)
    }

    fn silo(&mut self) -> Option<Silo> {
        let mut x = Silo::default();
        let mut seen = 0;
        self.fields("Silo", |r, key| {
            match key {
                "id" => {
                    once(&mut seen, 1 << 0)?;
                    x.id = r.str()?.into();
                }
                "name" => {
                    once(&mut seen, 1 << 1)?;
                    x.name = r.string()?;
                }
                "lead" => {
                    once(&mut seen, 1 << 2)?;
                    x.lead = r.string()?;
                }
                _ => return None,
            }
            Some(())
        })?;
        (seen & 0b11 == 0b11).then_some(x)
    }

    fn segment(&mut self) -> Option<Segment> {
        let mut x = Segment::default();
        let mut seen = 0;
        self.fields("Segment", |r, key| {
            match key {
                "id" => {
                    once(&mut seen, 1 << 0)?;
                    x.id = r.str()?.into();
                }
                "name" => {
                    once(&mut seen, 1 << 1)?;
                    x.name = r.string()?;
                }
                "value" => {
                    once(&mut seen, 1 << 2)?;
                    x.value = Some(r.variant(&Level::ALL, level)?);
                }
                "behaviours" => {
                    once(&mut seen, 1 << 3)?;
                    x.behaviours = r.string()?;
                }
                "attitudes" => {
                    once(&mut seen, 1 << 4)?;
                    x.attitudes = r.string()?;
                }
                "needs" => {
                    once(&mut seen, 1 << 5)?;
                    x.needs = r.string()?;
                }
                _ => return None,
            }
            Some(())
        })?;
        (seen & 0b11 == 0b11).then_some(x)
    }

    fn stage(&mut self) -> Option<Stage> {
        let mut x = Stage::default();
        let mut seen = 0;
        self.fields("Stage", |r, key| {
            match key {
                "id" => {
                    once(&mut seen, 1 << 0)?;
                    x.id = r.str()?.into();
                }
                "name" => {
                    once(&mut seen, 1 << 1)?;
                    x.name = r.string()?;
                }
                "goal" => {
                    once(&mut seen, 1 << 2)?;
                    x.goal = r.string()?;
                }
                "entry_signals" => {
                    once(&mut seen, 1 << 3)?;
                    x.entry_signals = r.list(Self::string)?;
                }
                "duration" => {
                    once(&mut seen, 1 << 4)?;
                    x.duration = r.string()?;
                }
                "complexity" => {
                    once(&mut seen, 1 << 5)?;
                    x.complexity = Some(r.variant(&Level::ALL, level)?);
                }
                "repeats" => {
                    once(&mut seen, 1 << 6)?;
                    x.repeats = r.boolean()?;
                }
                "notes" => {
                    once(&mut seen, 1 << 7)?;
                    x.notes = r.string()?;
                }
                _ => return None,
            }
            Some(())
        })?;
        (seen & 0b11 == 0b11).then_some(x)
    }

    fn moment(&mut self) -> Option<Moment> {
        let mut x = Moment::default();
        let mut seen = 0;
        self.fields("Moment", |r, key| {
            match key {
                "id" => {
                    once(&mut seen, 1 << 0)?;
                    x.id = r.str()?.into();
                }
                "stage" => {
                    once(&mut seen, 1 << 1)?;
                    x.stage = r.str()?.into();
                }
                "title" => {
                    once(&mut seen, 1 << 2)?;
                    x.title = r.string()?;
                }
                "description" => {
                    once(&mut seen, 1 << 3)?;
                    x.description = r.string()?;
                }
                "channel" => {
                    once(&mut seen, 1 << 4)?;
                    x.channel = Some(r.variant(&Channel::ALL, channel_name)?);
                }
                "direction" => {
                    once(&mut seen, 1 << 5)?;
                    x.direction = Some(r.variant(&Direction::ALL, direction_name)?);
                }
                "critical_for" => {
                    once(&mut seen, 1 << 6)?;
                    x.critical_for = r.list(|r| r.variant(&CriticalFor::ALL, critical_name))?;
                }
                "importance" => {
                    once(&mut seen, 1 << 7)?;
                    x.importance = Some(r.number(u64::from(u8::MAX))? as u8);
                }
                "experience" => {
                    once(&mut seen, 1 << 8)?;
                    x.experience = r.map(|r| r.variant(&Experience::ALL, experience_name))?;
                }
                "target" => {
                    once(&mut seen, 1 << 9)?;
                    x.target = Some(r.variant(&Experience::ALL, experience_name)?);
                }
                "need" => {
                    once(&mut seen, 1 << 10)?;
                    x.need = r.string()?;
                }
                "owners" => {
                    once(&mut seen, 1 << 11)?;
                    x.owners = r.list(Self::owner)?;
                }
                "kpis" => {
                    once(&mut seen, 1 << 12)?;
                    x.kpis = r.list(Self::kpi)?;
                }
                "votes" => {
                    once(&mut seen, 1 << 13)?;
                    x.votes = r.u32()?;
                }
                "status" => {
                    once(&mut seen, 1 << 14)?;
                    x.status = r.variant(&[Status::Proposed, Status::Agreed], status_name)?;
                }
                "notes" => {
                    once(&mut seen, 1 << 15)?;
                    x.notes = r.string()?;
                }
                _ => return None,
            }
            Some(())
        })?;
        (seen & 0b111 == 0b111).then_some(x)
    }

    fn owner(&mut self) -> Option<Owner> {
        let (mut silo, mut role, mut person) = (None, None, String::new());
        let mut seen = 0;
        self.fields("Owner", |r, key| {
            match key {
                "silo" => {
                    once(&mut seen, 1 << 0)?;
                    silo = Some(r.str()?.into());
                }
                "role" => {
                    once(&mut seen, 1 << 1)?;
                    role = Some(r.variant(&Role::ALL, role_name)?);
                }
                "person" => {
                    once(&mut seen, 1 << 2)?;
                    person = r.string()?;
                }
                _ => return None,
            }
            Some(())
        })?;
        Some(Owner {
            silo: silo?,
            role: role?,
            person,
        })
    }

    fn kpi(&mut self) -> Option<Kpi> {
        let mut x = Kpi::default();
        let mut seen = 0;
        self.fields("Kpi", |r, key| {
            match key {
                "name" => {
                    once(&mut seen, 1 << 0)?;
                    x.name = r.string()?;
                }
                "target" => {
                    once(&mut seen, 1 << 1)?;
                    x.target = r.string()?;
                }
                "current" => {
                    once(&mut seen, 1 << 2)?;
                    x.current = r.string()?;
                }
                _ => return None,
            }
            Some(())
        })?;
        (seen & 1 != 0).then_some(x)
    }

    fn handoff(&mut self) -> Option<Handoff> {
        let (mut id, mut moment, mut from, mut to) = (Default::default(), None, None, None);
        let (mut what, mut risk) = (String::new(), None);
        let mut seen = 0;
        self.fields("Handoff", |r, key| {
            match key {
                "id" => {
                    once(&mut seen, 1 << 0)?;
                    id = r.str()?.into();
                }
                "moment" => {
                    once(&mut seen, 1 << 1)?;
                    moment = Some(r.str()?.into());
                }
                "from" => {
                    once(&mut seen, 1 << 2)?;
                    from = Some(r.str()?.into());
                }
                "to" => {
                    once(&mut seen, 1 << 3)?;
                    to = Some(r.str()?.into());
                }
                "what" => {
                    once(&mut seen, 1 << 4)?;
                    what = r.string()?;
                }
                "risk" => {
                    once(&mut seen, 1 << 5)?;
                    risk = Some(r.variant(&Level::ALL, level)?);
                }
                _ => return None,
            }
            Some(())
        })?;
        Some(Handoff {
            id,
            moment: moment?,
            from: from?,
            to: to?,
            what,
            risk,
        })
    }

    fn proposition(&mut self) -> Option<Proposition> {
        let mut x = Proposition::default();
        let mut seen = 0;
        self.fields("Proposition", |r, key| {
            let (bit, slot) = match key {
                "segment" => {
                    once(&mut seen, 1 << 0)?;
                    x.segment = r.str()?.into();
                    return Some(());
                }
                "price" => (1, &mut x.price),
                "brand" => (2, &mut x.brand),
                "service" => (3, &mut x.service),
                "operations" => (4, &mut x.operations),
                "relationship" => (5, &mut x.relationship),
                "product" => (6, &mut x.product),
                "standards" => (7, &mut x.standards),
                _ => return None,
            };
            once(&mut seen, 1 << bit)?;
            *slot = r.string()?;
            Some(())
        })?;
        (seen & 1 != 0).then_some(x)
    }

    fn term(&mut self) -> Option<Term> {
        let mut x = Term::default();
        let mut seen = 0;
        self.fields("Term", |r, key| {
            match key {
                "term" => {
                    once(&mut seen, 1 << 0)?;
                    x.term = r.string()?;
                }
                "definition" => {
                    once(&mut seen, 1 << 1)?;
                    x.definition = r.string()?;
                }
                "also_called" => {
                    once(&mut seen, 1 << 2)?;
                    x.also_called = r.map(Self::string)?;
                }
                _ => return None,
            }
            Some(())
        })?;
        (seen & 1 != 0).then_some(x)
    }

    fn agenda_item(&mut self) -> Option<AgendaItem> {
        let mut x = AgendaItem::default();
        let mut seen = 0;
        self.fields("AgendaItem", |r, key| {
            match key {
                "title" => {
                    once(&mut seen, 1 << 0)?;
                    x.title = r.string()?;
                }
                "minutes" => {
                    once(&mut seen, 1 << 1)?;
                    x.minutes = r.u32()?;
                }
                "view" => {
                    once(&mut seen, 1 << 2)?;
                    x.view = Some(r.variant(View::ALL, screen_name)?);
                }
                "stage" => {
                    once(&mut seen, 1 << 3)?;
                    x.stage = Some(r.str()?.into());
                }
                "started" => {
                    once(&mut seen, 1 << 4)?;
                    x.started = Some(r.number(u64::MAX)?);
                }
                "finished" => {
                    once(&mut seen, 1 << 5)?;
                    x.finished = Some(r.number(u64::MAX)?);
                }
                _ => return None,
            }
            Some(())
        })?;
        (seen & 1 != 0).then_some(x)
    }

    fn vote_round(&mut self) -> Option<VoteRound> {
        let mut x = VoteRound::default();
        let mut seen = 0;
        self.fields("VoteRound", |r, key| {
            match key {
                "round" => {
                    once(&mut seen, 1 << 0)?;
                    x.round = r.u32()?;
                }
                "budget" => {
                    once(&mut seen, 1 << 1)?;
                    x.budget = r.u32()?;
                }
                "room" => {
                    once(&mut seen, 1 << 2)?;
                    x.room = r.u32()?;
                }
                "revealed" => {
                    once(&mut seen, 1 << 3)?;
                    x.revealed = r.boolean()?;
                }
                "dots" => {
                    once(&mut seen, 1 << 4)?;
                    x.dots = r.map(|r| r.map(Self::u32))?;
                }
                _ => return None,
            }
            Some(())
        })?;
        // `round` and `budget` have no defaults.
        (seen & 0b11 == 0b11).then_some(x)
    }

    fn action(&mut self) -> Option<Action> {
        let (mut id, mut moment, mut what) = (Default::default(), None, None);
        let (mut owner, mut due, mut status) = (None, String::new(), ActionStatus::default());
        let mut seen = 0;
        self.fields("Action", |r, key| {
            match key {
                "id" => {
                    once(&mut seen, 1 << 0)?;
                    id = r.str()?.into();
                }
                "moment" => {
                    once(&mut seen, 1 << 1)?;
                    moment = Some(r.str()?.into());
                }
                "what" => {
                    once(&mut seen, 1 << 2)?;
                    what = Some(r.string()?);
                }
                "owner" => {
                    once(&mut seen, 1 << 3)?;
                    owner = Some(r.str()?.into());
                }
                "due" => {
                    once(&mut seen, 1 << 4)?;
                    due = r.string()?;
                }
                "status" => {
                    once(&mut seen, 1 << 5)?;
                    status = r.variant(&ActionStatus::ALL, action_status_name)?;
                }
                _ => return None,
            }
            Some(())
        })?;
        Some(Action {
            id,
            moment: moment?,
            what: what?,
            owner,
            due,
            status,
        })
    }
}
