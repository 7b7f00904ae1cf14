//! The Seams view: where the customer passes between silos. Recorded handoffs and the
//! changes of Accountable silo between consecutive moments, worst first; Enter records a
//! derived seam as a handoff (what passes, the risk).
//!
//! ```text
//! Seams:       H SAL → SVC  at M7 “Order confirmed”   ✗ G1 G2   High   H3: the order
//! ```

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::analysis::Seam;
use crate::doc::Doc;
use crate::input::Action;
use crate::model::{Edit, Handoff, HandoffId, Item, ItemKey, Moment, MomentId};

use super::super::editors::{FormTarget, handoff};
use super::super::overlays::Overlay;
use super::super::text::{cut_words, fit, truncate, width as text_width};
use super::super::{Cx, Session, View};
use super::{Offer, RenderCx, ViewPart, empty, frame_block, move_in_list, offset};

#[derive(Clone, Debug, Default)]
pub struct State {
    /// The selected row, by position in the document's seams (worst first).
    pub selected: usize,
}

pub struct Seams;

const OFFERS: &[Offer] = &list_offers![
    Offer::named(
        Action::NewItem,
        "new handoff",
        "Record a handoff: from the selected seam, or at the focused moment",
    ),
    Offer::named(
        Action::Edit,
        "edit",
        "Edit the selected handoff; on a derived seam, record it",
    ),
    Offer::named(Action::Delete, "delete", "Delete the selected handoff (asks first)"),
    Offer::plain(Action::ShowOnBoard),
];

impl ViewPart for Seams {
    fn view(&self) -> View {
        View::Seams
    }

    fn offers(&self) -> &'static [Offer] {
        OFFERS
    }

    fn footer(&self, _doc: &Doc, _session: &Session) -> Vec<Action> {
        vec![
            Action::NewItem,
            Action::Edit,
            Action::Delete,
            Action::ShowOnBoard,
            Action::Undo,
            Action::NextView,
            Action::Palette,
            Action::Help,
            Action::Quit,
        ]
    }

    fn word(&self, doc: &Doc, session: &Session, offer: &Offer) -> &'static str {
        // Enter on a derived seam records it as a handoff.
        match (offer.action, selected(doc, session)) {
            (Action::Edit, Some(seam)) if seam.handoff.is_none() => "record",
            _ => offer.word(),
        }
    }

    fn act(&self, cx: &mut Cx, action: Action) -> bool {
        let opened = match action {
            Action::NewItem => open_new(cx.doc, cx.session),
            Action::Edit => open_edit(cx.doc, cx.session),
            Action::Delete => {
                match to_delete(cx.doc, cx.session) {
                    Ok((key, name)) => cx.ask_delete(key, &name),
                    Err(why) => cx.say(why),
                }
                return true;
            }
            Action::ShowOnBoard => {
                match seam_moment(cx.doc, cx.session.views.seams.selected) {
                    Some(id) if cx.doc.moment(&id).is_some() => cx.session.show_on_board(cx.doc, &id),
                    _ => cx.say("No moment to show on the board here"),
                }
                return true;
            }
            _ => {
                let len = cx.doc.analysis().seams.len();
                let height = cx.session.size.1;
                move_in_list(&mut cx.session.views.seams.selected, height, len, action);
                return true;
            }
        };
        match opened {
            Ok(overlay) => cx.open(overlay),
            Err(message) => cx.say(message),
        }
        true
    }

    fn render(&self, frame: &mut Frame, body: Rect, doc: &Doc, session: &Session, cx: &RenderCx) {
        let theme = cx.theme;
        let legend = "H recorded handoff · D derived from the owners";
        let title = if body.width >= 120 {
            format!(" Silo seams: where the customer passes between silos, worst first · {legend} ")
        } else {
            format!(" Silo seams, worst first · {legend} ")
        };
        let block = frame_block(title, theme);
        let inner = block.inner(body);
        frame.render_widget(block, body);
        let seams = &doc.analysis().seams;
        if seams.is_empty() {
            empty(
                frame,
                inner,
                "No seams yet. A seam appears where the Accountable silo changes between consecutive moments, or where a handoff is recorded: n records one. Give moments their owners (o on the board).",
                theme,
            );
            return;
        }
        let width = usize::from(inner.width);
        let [kind_w, moment_w, hurts_w, risk_w] = SEAM_COLUMNS;
        // On a wide screen the moment's title gets some of the room first: it is what the
        // room reads, and "what passes" rarely needs more than sixty columns.
        let spare = width
            .saturating_sub(SEAM_COLUMNS.iter().sum::<usize>() + 60)
            .min(2 * 24);
        let moment_w = moment_w + spare / 2;
        // The rest of it lets the segments it hurts be named rather than coded.
        let hurts_w = hurts_w + spare / 2;
        let rest = width.saturating_sub(kind_w + moment_w + hurts_w + risk_w);
        let room = usize::from(inner.height.saturating_sub(2)).max(1);
        let selected = session.views.seams.selected.min(seams.len() - 1);
        let heading = format!(
            "{}{}{}{}{}",
            fit("   from → to", kind_w),
            fit("at moment", moment_w),
            fit(" hurts", hurts_w),
            fit("risk", risk_w),
            fit("what passes", rest)
        );
        let mut lines = vec![Line::styled(fit(&heading, width), theme.muted)];
        for (i, seam) in seams
            .iter()
            .enumerate()
            .skip(offset(selected, room))
            .take(room)
        {
            let m = doc.moment(&seam.moment);
            let title = m.map_or(String::new(), |m| m.title.clone());
            let row_style = theme.row(i == selected);
            let hurts = if seam.bad_for.is_empty() {
                match seam.worst {
                    Some(e) => format!("{} {}", e.symbol(), e.label().to_lowercase()),
                    None => "? not rated".into(),
                }
            } else {
                let names = segment_names(doc, &seam.bad_for);
                let codes: Vec<&str> = seam.bad_for.iter().map(crate::model::SegmentId::as_str).collect();
                // Names when they all fit, else codes: a cut name is not a name.
                let named = format!("✗ {}", names.join(", "));
                if text_width(&named) < hurts_w {
                    named
                } else {
                    format!("✗ {}", codes.join(" "))
                }
            };
            let hurts_style = if seam.bad_for.is_empty() {
                theme.muted
            } else {
                theme.bad
            };
            // The letter tells recorded from derived without colour.
            let (mark, mark_style, kind) = match &seam.handoff {
                Some(h) if seam.what.is_empty() => ("H", theme.title, format!("{h}: not written yet")),
                Some(h) => ("H", theme.title, format!("{h}: {}", seam.what)),
                None if seam.crosses_stage => (
                    "D",
                    theme.muted,
                    "derived from the owners, across stages".into(),
                ),
                None => ("D", theme.muted, "derived from the owners".into()),
            };
            let risk = seam.risk.map_or("—", |r| r.label());
            lines.push(Line::from(vec![
                Span::styled(format!(" {mark} "), mark_style.patch(row_style)),
                Span::styled(
                    fit(&format!("{} → {}", seam.from, seam.to), kind_w - 3),
                    theme.title.patch(row_style),
                ),
                Span::styled(
                    fit(&format!("{} {}", seam.moment, title), moment_w),
                    row_style,
                ),
                Span::styled(
                    fit(&format!(" {hurts}"), hurts_w),
                    hurts_style.patch(row_style),
                ),
                Span::styled(fit(risk, risk_w), row_style),
                Span::styled(truncate(&kind, rest), theme.muted.patch(row_style)),
            ]));
        }
        let seam = &seams[selected];
        let detail = match &seam.handoff {
            Some(h) if seam.what.is_empty() => {
                format!("handoff {h}: what passes is not written yet (Enter edits)")
            }
            Some(h) => format!("handoff {h}: {}", seam.what),
            None => format!("derived: {} (Enter records it)", seam.derivation()),
        };
        let silo = |id: &crate::model::SiloId| {
            doc.ws
                .silo(id)
                .map_or_else(|| id.to_string(), |s| format!("{id} {}", s.name))
        };
        // What passes first (at 80 columns it has no column of its own); then, where
        // they fit whole, the silos and the segments it hurts by name.
        let mut summary = format!("{} of {} · {detail}", selected + 1, seams.len());
        let mut extras = vec![format!("{} → {}", silo(&seam.from), silo(&seam.to))];
        if !seam.bad_for.is_empty() {
            extras.push(format!(
                "hurts {}",
                segment_names(doc, &seam.bad_for).join(", ")
            ));
        }
        for extra in extras {
            if text_width(&summary) + text_width(&extra) + 3 < width {
                summary.push_str(&format!(" · {extra}"));
            }
        }
        lines.push(Line::styled(
            format!(" {}", cut_words(&summary, width.saturating_sub(1))),
            theme.muted,
        ));
        frame.render_widget(Paragraph::new(lines), inner);
    }
}

/// The names of segments, by their codes (the code where a segment has gone).
fn segment_names(doc: &Doc, ids: &[crate::model::SegmentId]) -> Vec<String> {
    ids.iter()
        .map(|g| doc.ws.segment(g).map_or_else(|| g.to_string(), |g| g.name.clone()))
        .collect()
}

/// The moment a seam row is about, for Enter.
pub fn seam_moment(doc: &Doc, selected: usize) -> Option<MomentId> {
    doc.analysis().seams.get(selected).map(|s| s.moment.clone())
}

/// Column widths of the Seams view: kind and silos, moment, hurts, risk; what passes
/// takes the rest (nothing at 80 columns, where the bottom line says it).
const SEAM_COLUMNS: [usize; 4] = [15, 39, 16, 8];

/// The seam on the selected row of the Seams view.
pub fn selected<'d>(doc: &'d Doc, session: &Session) -> Option<&'d Seam> {
    let seams = &doc.analysis().seams;
    seams.get(session.views.seams.selected.min(seams.len().saturating_sub(1)))
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
        form: handoff::form(doc, h, format!("Handoff {}", h.id), handoff::MOMENT),
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
        form: handoff::form(doc, &draft, title, handoff::WHAT),
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
        form: handoff::form(doc, &draft, "New handoff".into(), handoff::MOMENT),
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

