//! The owners editor: every silo with its RACI role for one moment, edited as a draft
//! and saved as one edit. The accountability finding for the draft updates as roles
//! change; `S` opens the silo list over it without losing the draft.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Paragraph};

use crate::input::{Action, Key, KeyCode};
use crate::model::{self, Edit, Item, ItemKey, Owner, Role, Rule};

use super::super::form::{Field, Form, FormOutcome};
use super::super::text::{fit, sanitize, truncate};
use super::super::{Cx, policy};
use super::form::view_only_mark;
use super::{Confirmed, DrawCx, ListKind, Outcome, Overlay, OwnersDraft, centered};

/// `action`: what the key means in the owners editor's key table.
pub fn key(cx: &mut Cx, mut draft: OwnersDraft, key: Key, action: Option<Action>) -> Outcome {
    let silos = &cx.doc.ws.silos;
    let n = silos.len();
    if let Some(why) = policy::view_only(cx.session) {
        // Only looking: move between silos, close; anything else says why not.
        match action {
            Some(Action::No | Action::Yes) => return Outcome::Done,
            Some(Action::Up) => draft.cursor = draft.cursor.saturating_sub(1),
            Some(Action::Down) => draft.cursor = (draft.cursor + 1).min(n.saturating_sub(1)),
            _ if key.code == KeyCode::Char('q') => return Outcome::Done,
            _ => cx.warn(why),
        }
        cx.open(Overlay::Owners(draft));
        return Outcome::Done;
    }
    if let Some(mut form) = draft.naming.take() {
        match form.key(key) {
            FormOutcome::Editing => draft.naming = Some(form),
            FormOutcome::Cancel => {}
            FormOutcome::Submit => {
                if let Some(silo) = silos.get(draft.cursor) {
                    let person = sanitize(&form.fields[0].value(), false);
                    match draft.owners.iter_mut().find(|o| o.silo == silo.id) {
                        Some(o) => o.person = person,
                        None => draft.owners.push(Owner {
                            silo: silo.id.clone(),
                            role: Role::Responsible,
                            person,
                        }),
                    }
                }
            }
        }
        cx.open(Overlay::Owners(draft));
        return Outcome::Done;
    }
    let role = match action {
        Some(Action::SetAccountable) => Some(Some(Role::Accountable)),
        Some(Action::SetResponsible) => Some(Some(Role::Responsible)),
        Some(Action::SetConsulted) => Some(Some(Role::Consulted)),
        Some(Action::SetInformed) => Some(Some(Role::Informed)),
        Some(Action::ClearRole) => Some(None),
        _ => None,
    };
    if let Some(role) = role {
        if let Some(silo) = silos.get(draft.cursor) {
            let existing = draft.owners.iter().position(|o| o.silo == silo.id);
            match (role, existing) {
                (Some(role), Some(i)) => draft.owners[i].role = role,
                (Some(role), None) => draft.owners.push(Owner {
                    silo: silo.id.clone(),
                    role,
                    person: String::new(),
                }),
                (None, Some(i)) => {
                    draft.owners.remove(i);
                }
                (None, None) => {}
            }
        }
        cx.open(Overlay::Owners(draft));
        return Outcome::Done;
    }
    match action {
        Some(Action::Up) => draft.cursor = draft.cursor.saturating_sub(1),
        Some(Action::Down) => draft.cursor = (draft.cursor + 1).min(n.saturating_sub(1)),
        Some(Action::NamePerson) if n > 0 => {
            let current = silos
                .get(draft.cursor)
                .and_then(|s| draft.owners.iter().find(|o| o.silo == s.id))
                .map(|o| o.person.clone())
                .unwrap_or_default();
            draft.naming = Some(Form::new("Person", vec![Field::line("", &current, "")]));
        }
        Some(Action::Silos) => {
            // Add silos without losing the draft: the list opens over the owners editor.
            cx.open(Overlay::Owners(draft));
            cx.open(Overlay::List {
                kind: ListKind::Silos,
                selected: 0,
            });
            return Outcome::Done;
        }
        Some(Action::Yes) => {
            save(cx, &draft);
            return Outcome::Done;
        }
        Some(Action::No) => {
            let unchanged = cx
                .doc
                .moment(&draft.moment)
                .is_none_or(|m| m.owners == draft.owners);
            if !unchanged {
                cx.open(Overlay::Owners(draft));
                cx.open(Overlay::Confirm {
                    question: "Discard the owner changes? (y discards, n keeps editing)".into(),
                    on_yes: Confirmed::DiscardDraft,
                });
            }
            return Outcome::Done;
        }
        _ => {}
    }
    cx.open(Overlay::Owners(draft));
    Outcome::Done
}

/// Saves the draft as one edit of the moment, if it still exists and anything changed.
fn save(cx: &mut Cx, draft: &OwnersDraft) {
    let Some(m) = cx.doc.moment(&draft.moment).cloned() else {
        cx.warn("That moment was deleted meanwhile");
        return;
    };
    if m.owners == draft.owners {
        cx.say("Owners unchanged");
        return;
    }
    // Keep the order silos are listed in, so the file reads the same way every time.
    let silos = &cx.doc.ws.silos;
    let mut owners = draft.owners.clone();
    owners.sort_by_key(|o| {
        silos
            .iter()
            .position(|s| s.id == o.silo)
            .unwrap_or(usize::MAX)
    });
    let mut changed = m.clone();
    changed.owners = owners;
    cx.edit(Edit::Batch {
        label: format!("owners of {} set", m.id),
        edits: vec![Edit::Replace {
            key: ItemKey::Moment(m.id.clone()),
            item: Item::Moment(changed),
        }],
    });
}

/// The owners editor: every silo with its RACI role, and the accountability finding for
/// the draft, updated as roles change.
pub fn render(frame: &mut Frame, body: Rect, draft: &OwnersDraft, cx: &DrawCx) {
    let (doc, theme) = (cx.doc, cx.theme);
    let view_only = policy::is_view_only(cx.session);
    let silos = &doc.ws.silos;
    let rect = centered(body, 72, silos.len().max(1) as u16 + 5);
    frame.render_widget(Clear, rect);
    let title = match doc.moment(&draft.moment) {
        Some(m) => format!("Owners of {} “{}”", m.id, truncate(&m.title, 40)),
        None => format!("Owners of {}", draft.moment),
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Double)
        .border_style(theme.border_focus)
        .title(Span::styled(
            format!(" {title}{} ", view_only_mark(view_only)),
            theme.heading,
        ));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let mut lines = Vec::new();
    if silos.is_empty() {
        lines.push(Line::styled(
            " No silos yet: press S to add Sales, Service, Billing…",
            theme.muted,
        ));
    }
    let room = usize::from(inner.height.saturating_sub(3)).max(1);
    let offset = draft.cursor.saturating_sub(room - 1);
    for (i, silo) in silos.iter().enumerate().skip(offset).take(room) {
        let owner = draft.owners.iter().find(|o| o.silo == silo.id);
        let letter = owner.map_or("·".to_owned(), |o| o.role.letter().to_string());
        let role = owner.map_or("", |o| o.role.label());
        let person = owner
            .filter(|o| !o.person.is_empty())
            .map(|o| format!(" · {}", o.person))
            .unwrap_or_default();
        let row = format!(
            " {letter}  {:<6} {:<22} {role}{person}",
            silo.id.as_str(),
            truncate(&silo.name, 22)
        );
        let mut style = if owner.is_some_and(|o| o.role == Role::Accountable) {
            theme.title
        } else {
            Style::default()
        };
        if i == draft.cursor {
            style = theme.selection;
        }
        lines.push(Line::styled(fit(&row, usize::from(inner.width)), style));
    }
    // The finding the room is trying to close, live.
    let mut probe = doc.moment(&draft.moment).cloned().unwrap_or_default();
    probe.owners = draft.owners.clone();
    let accountable = probe.accountable_count();
    lines.push(Line::from(""));
    let verdict = match accountable {
        0 => Line::styled(
            format!(
                " ! {}: nobody is Accountable yet (press a)",
                Rule::NoAccountable
            ),
            theme.warning,
        ),
        1 if !probe.owners.iter().any(|o| o.role == Role::Responsible) => Line::styled(
            format!(
                " i {}: one Accountable; nobody Responsible yet (press r)",
                Rule::NoResponsible
            ),
            theme.info,
        ),
        1 => Line::styled(" ✓ exactly one Accountable", theme.good),
        n => Line::styled(
            format!(
                " ! {}: {n} silos are Accountable; keep one",
                model::Rule::SeveralAccountable
            ),
            theme.warning,
        ),
    };
    lines.push(verdict);
    frame.render_widget(Paragraph::new(lines), inner);
    if let Some(naming) = &draft.naming {
        let r = centered(rect, 50, 3);
        frame.render_widget(Clear, r);
        let b = Block::default()
            .borders(Borders::ALL)
            .border_style(theme.border_focus)
            .title(" Person ");
        let i = b.inner(r);
        frame.render_widget(b, r);
        if let Some(ta) = naming.fields[0].textarea() {
            frame.render_widget(ta, i);
        }
    }
}
