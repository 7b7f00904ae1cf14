//! Renaming a silo's code: one edit that gives the silo its new code and carries every
//! reference to it along (owners, handoffs, what the silo calls a glossary term, actions'
//! owners), so it undoes as one step and nothing is left pointing at the old code.

use super::super::ids::{SiloId, is_valid_silo_code};
use super::super::workspace::{Silo, Workspace};
use super::{Edit, EditError, Item, ItemKey};

impl Edit {
    /// The edit that renames silo `old` to `new`, with every reference. Refused when
    /// `old` does not exist, `new` is not a silo code or is another silo's.
    pub fn rename_silo(ws: &Workspace, old: &SiloId, new: &SiloId) -> Result<Edit, EditError> {
        let at = ws
            .silos
            .iter()
            .position(|s| &s.id == old)
            .ok_or_else(|| EditError::Missing(ItemKey::Silo(old.clone())))?;
        if !is_valid_silo_code(new.as_str()) {
            return Err(EditError::Invalid(format!(
                "`{new}` is not a silo code: use 2–6 capitals or digits, starting with a letter"
            )));
        }
        if ws.silos.iter().any(|s| &s.id == new) {
            return Err(EditError::Duplicate(ItemKey::Silo(new.clone())));
        }
        let swap = |id: &SiloId| if id == old { new.clone() } else { id.clone() };
        // The new code first, so every changed reference has something to point at; the
        // old code last, once nothing refers to it.
        let mut edits = vec![Edit::Insert {
            item: Item::Silo(Silo {
                id: new.clone(),
                ..ws.silos[at].clone()
            }),
            at,
        }];
        let mut carried = 0;
        for m in ws
            .moments
            .iter()
            .filter(|m| m.owners.iter().any(|o| &o.silo == old))
        {
            let mut m = m.clone();
            for o in &mut m.owners {
                o.silo = swap(&o.silo);
            }
            carried += 1;
            edits.push(Edit::Replace {
                key: ItemKey::Moment(m.id.clone()),
                item: Item::Moment(m),
            });
        }
        for h in ws
            .handoffs
            .iter()
            .filter(|h| &h.from == old || &h.to == old)
        {
            let mut h = h.clone();
            h.from = swap(&h.from);
            h.to = swap(&h.to);
            carried += 1;
            edits.push(Edit::Replace {
                key: ItemKey::Handoff(h.id.clone()),
                item: Item::Handoff(h),
            });
        }
        for t in ws
            .glossary
            .iter()
            .filter(|t| t.also_called.contains_key(old))
        {
            let mut t = t.clone();
            if let Some(name) = t.also_called.remove(old) {
                t.also_called.insert(new.clone(), name);
            }
            carried += 1;
            edits.push(Edit::Replace {
                key: ItemKey::Term(t.term.clone()),
                item: Item::Term(t),
            });
        }
        for a in ws.actions.iter().filter(|a| a.owner.as_ref() == Some(old)) {
            let mut a = a.clone();
            a.owner = Some(new.clone());
            carried += 1;
            edits.push(Edit::Replace {
                key: ItemKey::Action(a.id.clone()),
                item: Item::Action(a),
            });
        }
        edits.push(Edit::Remove(ItemKey::Silo(old.clone())));
        let label = match carried {
            0 => format!("silo {old} is now {new}"),
            1 => format!("silo {old} is now {new}, with the 1 item that names it"),
            n => format!("silo {old} is now {new}, with the {n} items that name it"),
        };
        Ok(Edit::Batch { label, edits })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mentions(ws: &Workspace, code: &str) -> usize {
        let id = SiloId::from(code);
        ws.moments
            .iter()
            .filter(|m| m.owners.iter().any(|o| o.silo == id))
            .count()
            + ws.handoffs
                .iter()
                .filter(|h| h.from == id || h.to == id)
                .count()
            + ws.glossary
                .iter()
                .filter(|t| t.also_called.contains_key(&id))
                .count()
            + ws.actions
                .iter()
                .filter(|a| a.owner.as_ref() == Some(&id))
                .count()
    }

    #[test]
    fn renaming_a_code_keeps_every_reference_and_undoes_as_one() {
        let mut ws = crate::templates::demo();
        let before = ws.clone();
        let named = mentions(&ws, "SAL");
        assert!(named > 3, "the demo names SAL often");
        let position = ws.silos.iter().position(|s| s.id.as_str() == "SAL");
        let edit = Edit::rename_silo(&ws, &"SAL".into(), &"VTR".into()).unwrap();
        let inverse = edit.apply(&mut ws).unwrap();
        assert_eq!(mentions(&ws, "SAL"), 0);
        assert_eq!(mentions(&ws, "VTR"), named);
        assert!(ws.silo(&"SAL".into()).is_none());
        assert_eq!(
            ws.silos.iter().position(|s| s.id.as_str() == "VTR"),
            position
        );
        assert_eq!(ws.silo(&"VTR".into()).unwrap().name, "Sales");
        inverse.apply(&mut ws).unwrap();
        assert_eq!(ws, before);
    }

    #[test]
    fn a_taken_or_malformed_code_is_refused() {
        let ws = crate::templates::demo();
        assert!(matches!(
            Edit::rename_silo(&ws, &"SAL".into(), &"BIL".into()),
            Err(EditError::Duplicate(_))
        ));
        assert!(matches!(
            Edit::rename_silo(&ws, &"SAL".into(), &"x".into()),
            Err(EditError::Invalid(_))
        ));
        assert!(matches!(
            Edit::rename_silo(&ws, &"NOPE".into(), &"NEW".into()),
            Err(EditError::Missing(_))
        ));
    }
}
