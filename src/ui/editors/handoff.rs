//! The handoff form: a moment, the silo the work comes from and the one it goes to, what
//! passes and the risk; and the one edit it commits.

use crate::doc::Doc;
use crate::model::{
    Edit, Handoff, HandoffId, Item, ItemKey, Level, Moment, MomentId, SiloId, Workspace,
};

use super::super::form::{Field, Form};
use super::super::text::{sanitize, truncate, width};

/// Field labels of the handoff form, also used to read it back.
pub const MOMENT: &str = "Moment";

const FROM: &str = "From";

const TO: &str = "To";

pub const WHAT: &str = "What passes";

const RISK: &str = "Risk";

/// Moment titles in the picker are cut to this many columns, so neighbours show too.
const MOMENT_WIDTH: usize = 32;

/// The handoff form: moment and silos picked from lists (each option starts with its id),
/// what passes as text, the risk as a level; `focus` names the field to start in.
pub fn form(doc: &Doc, h: &Handoff, title: String, focus: &str) -> Form {
    let ws = &doc.ws;
    // In board order. Every moment is an option: at 10,000 moments building them is most
    // of the cost of opening the form, so one allocation each.
    let moments: Vec<&Moment> = ws
        .stages
        .iter()
        .flat_map(|s| doc.moments_in(&s.id))
        .collect();
    let moment_options: Vec<String> = moments
        .iter()
        .map(|m| {
            let mut label = String::with_capacity(m.id.as_str().len() + 1 + m.title.len());
            label.push_str(m.id.as_str());
            label.push(' ');
            if width(&m.title) <= MOMENT_WIDTH {
                label.push_str(&m.title);
            } else {
                label.push_str(&truncate(&m.title, MOMENT_WIDTH));
            }
            label
        })
        .collect();
    let moment = moments.iter().position(|m| m.id == h.moment);
    let silo_options: Vec<String> = ws
        .silos
        .iter()
        .map(|s| format!("{} {}", s.id, s.name))
        .collect();
    let silo = |id: &SiloId| ws.silos.iter().position(|s| &s.id == id);
    let mut form = Form::new(
        title,
        vec![
            Field::choice(
                MOMENT,
                moment_options,
                moment,
                false,
                "←/→ the moment where the work passes",
            ),
            Field::choice(
                FROM,
                silo_options.clone(),
                silo(&h.from),
                false,
                "←/→ the silo that hands the work over",
            ),
            Field::choice(
                TO,
                silo_options,
                silo(&h.to),
                false,
                "←/→ the silo that takes it on",
            ),
            Field::line(
                WHAT,
                &h.what,
                "What passes between them: an order, a fault report, a promise…",
            ),
            Field::choice(
                RISK,
                Level::ALL.iter().map(|l| l.label().to_owned()).collect(),
                h.risk.and_then(|r| Level::ALL.iter().position(|l| *l == r)),
                true,
                "How likely the customer falls through here: ←/→ or 1 low, 2 medium, 3 high",
            ),
        ],
    );
    form.focus = form
        .fields
        .iter()
        .position(|f| f.label == focus)
        .unwrap_or(0);
    form
}

/// The edit a submitted handoff form makes; `Ok(None)` when nothing changed. Whether the
/// handoff is sound (two different silos, a moment that exists) is the model's to say.
pub fn form_edit(
    ws: &Workspace,
    existing: Option<&HandoffId>,
    form: &Form,
) -> Result<Option<Edit>, String> {
    let old = match existing {
        Some(id) => Some(
            ws.handoffs
                .iter()
                .find(|h| &h.id == id)
                .ok_or("this handoff was deleted meanwhile")?,
        ),
        None => None,
    };
    // The id at the start of the chosen option; a value the file had that is not in the
    // lists (a dangling reference) stays, for the model to name.
    let picked = |label: &str| {
        form.field(label)
            .value()
            .split_whitespace()
            .next()
            .map(str::to_owned)
    };
    let moment = picked(MOMENT)
        .map(MomentId)
        .or_else(|| old.map(|h| h.moment.clone()))
        .unwrap_or_default();
    let silo = |label: &str, was: Option<&SiloId>| {
        picked(label)
            .map(SiloId)
            .or_else(|| was.cloned())
            .unwrap_or_default()
    };
    let new = Handoff {
        id: existing.cloned().unwrap_or_else(|| ws.next_handoff_id()),
        moment,
        from: silo(FROM, old.map(|h| &h.from)),
        to: silo(TO, old.map(|h| &h.to)),
        what: sanitize(&form.field(WHAT).value(), false),
        risk: form.field(RISK).selected().map(|i| Level::ALL[i]),
    };
    Ok(match old {
        Some(old) if *old == new => None,
        Some(_) => Some(Edit::Replace {
            key: ItemKey::Handoff(new.id.clone()),
            item: Item::Handoff(new),
        }),
        None => Some(Edit::Insert {
            at: ws.handoffs.len(),
            item: Item::Handoff(new),
        }),
    })
}
