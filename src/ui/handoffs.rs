//! Recording and editing handoffs from the Seams view: the draft a new handoff starts from
//! (the selected derived seam, or the focused moment's context), the form, and the one
//! edit it commits. The model's validation has the last word (a silo handing off to
//! itself, a moment deleted meanwhile); nothing here touches a terminal.

use crate::analysis::Seam;
use crate::doc::Doc;
use crate::model::{
    Edit, Handoff, HandoffId, Item, ItemKey, Level, Moment, MomentId, SiloId, Workspace,
};

use super::form::{Field, Form};
use super::session::{FormTarget, Overlay, Session};
use super::text::{sanitize, truncate, width};

/// Field labels of the handoff form, also used to read it back.
const MOMENT: &str = "Moment";
const FROM: &str = "From";
const TO: &str = "To";
const WHAT: &str = "What passes";
const RISK: &str = "Risk";
/// Moment titles in the picker are cut to this many columns, so neighbours show too.
const MOMENT_WIDTH: usize = 32;

/// The seam on the selected row of the Seams view.
pub fn selected<'d>(doc: &'d Doc, session: &Session) -> Option<&'d Seam> {
    let seams = &doc.analysis().seams;
    seams.get(session.seams_selected.min(seams.len().saturating_sub(1)))
}

/// `n`: a new handoff, from the selected seam when it is derived (so the room can write
/// down what passes and the risk), otherwise from the focused moment's context.
pub fn open_new(doc: &Doc, session: &Session) -> Result<Overlay, String> {
    match selected(doc, session) {
        Some(seam) if seam.handoff.is_none() => Ok(record_derived(doc, seam)),
        _ => from_focus(doc, session),
    }
}

/// Enter / `e`: edit the selected handoff; on a derived seam, offer to record it.
pub fn open_edit(doc: &Doc, session: &Session) -> Result<Overlay, String> {
    let seam = selected(doc, session).ok_or("No seams yet: n records a handoff")?;
    let Some(id) = &seam.handoff else {
        return Ok(record_derived(doc, seam));
    };
    let h = doc
        .ws
        .handoffs
        .iter()
        .find(|h| &h.id == id)
        .ok_or_else(|| format!("Handoff {id} was deleted meanwhile"))?;
    Ok(Overlay::Form {
        target: FormTarget::Handoff(Some(h.id.clone())),
        form: form(doc, h, format!("Handoff {}", h.id), MOMENT),
    })
}

/// `d`: the handoff to delete and its name for the question, or why the seam cannot go.
pub fn to_delete(doc: &Doc, session: &Session) -> Result<(ItemKey, String), String> {
    let seam = selected(doc, session).ok_or("Nothing to delete here")?;
    match &seam.handoff {
        Some(id) => {
            let what = if seam.what.is_empty() {
                String::new()
            } else {
                format!(" “{}”", truncate(&seam.what, 40))
            };
            Ok((
                ItemKey::Handoff(id.clone()),
                format!(
                    "handoff {id} {} → {} at {}{what}",
                    seam.from, seam.to, seam.moment
                ),
            ))
        }
        None => Err(format!(
            "A derived seam cannot be deleted: it follows from the owners ({}). Change the owners to move it",
            seam.derivation()
        )),
    }
}

/// The handoff a submitted form made or changed, so the view can focus it.
pub fn edited(edit: &Edit) -> Option<&HandoffId> {
    match edit {
        Edit::Insert {
            item: Item::Handoff(h),
            ..
        } => Some(&h.id),
        Edit::Replace {
            key: ItemKey::Handoff(id),
            ..
        } => Some(id),
        _ => None,
    }
}

/// The row of a handoff in the Seams view.
pub fn row_of(doc: &Doc, id: &HandoffId) -> Option<usize> {
    doc.analysis()
        .seams
        .iter()
        .position(|s| s.handoff.as_ref() == Some(id))
}

fn record_derived(doc: &Doc, seam: &Seam) -> Overlay {
    let draft = Handoff {
        id: doc.ws.next_handoff_id(),
        moment: seam.moment.clone(),
        from: seam.from.clone(),
        to: seam.to.clone(),
        what: String::new(),
        risk: None,
    };
    let title = format!(
        "Record the seam {} → {} at {} as a handoff",
        seam.from, seam.to, seam.moment
    );
    Overlay::Form {
        target: FormTarget::Handoff(None),
        // Moment and silos are known: the room is here to say what passes.
        form: form(doc, &draft, title, WHAT),
    }
}

/// A new handoff at the focused moment: to its Accountable silo, from the silo that was
/// Accountable for the moment before it (where the work comes from), else another owner,
/// else another silo.
fn from_focus(doc: &Doc, session: &Session) -> Result<Overlay, String> {
    let ws = &doc.ws;
    if ws.silos.len() < 2 {
        return Err("A handoff passes between two silos: add them first (S on the board)".into());
    }
    let m = session
        .focus_moment
        .as_ref()
        .and_then(|id| doc.moment(id))
        .or_else(|| {
            let stage = session.focus_stage.as_ref()?;
            doc.moment_at(stage, 0)
        })
        .or_else(|| ws.stages.iter().find_map(|s| doc.moment_at(&s.id, 0)))
        .ok_or("Add a moment first: a handoff happens at a moment")?;
    let to = m
        .accountable()
        .or_else(|| m.owners.first().map(|o| &o.silo))
        .unwrap_or(&ws.silos[0].id)
        .clone();
    let from = previous(doc, m)
        .and_then(Moment::accountable)
        .filter(|s| **s != to)
        .or_else(|| m.owners.iter().map(|o| &o.silo).find(|s| **s != to))
        .or_else(|| ws.silos.iter().map(|s| &s.id).find(|s| **s != to))
        .expect("two silos, so one differs")
        .clone();
    let draft = Handoff {
        id: ws.next_handoff_id(),
        moment: m.id.clone(),
        from,
        to,
        what: String::new(),
        risk: None,
    };
    Ok(Overlay::Form {
        target: FormTarget::Handoff(None),
        form: form(doc, &draft, "New handoff".into(), MOMENT),
    })
}

/// The moment before `m` in the journey: earlier in its stage, or the last of an earlier
/// stage.
fn previous<'d>(doc: &'d Doc, m: &Moment) -> Option<&'d Moment> {
    let position = doc.position_in_stage(&m.id)?;
    if position > 0 {
        return doc.moment_at(&m.stage, position - 1);
    }
    let stage = doc.ws.stages.iter().position(|s| s.id == m.stage)?;
    doc.ws.stages[..stage].iter().rev().find_map(|s| {
        let len = doc.stage_len(&s.id);
        len.checked_sub(1)
            .and_then(|last| doc.moment_at(&s.id, last))
    })
}

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
