//! Unlimited undo and redo: each entry keeps only the edit that reverses it; undoing
//! applies that edit, which hands back the edit that redoes it.

use super::edit::{Edit, EditError};
use super::workspace::Workspace;

/// One step of the history: the edit that reverses it, what it did, and who did it.
#[derive(Clone, Debug)]
struct Entry {
    reverse: Edit,
    description: String,
    author: Option<String>,
}

/// What an undo or redo did, for the status line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    pub description: String,
    /// Who made the edit being undone or redone, in a shared session.
    pub author: Option<String>,
}

/// The undo and redo stacks of one document.
#[derive(Clone, Debug, Default)]
pub struct History {
    undo: Vec<Entry>,
    redo: Vec<Entry>,
}

impl History {
    /// Applies `edit` and records it; a refused edit leaves document and history alone.
    pub fn apply(
        &mut self,
        ws: &mut Workspace,
        edit: Edit,
        author: Option<String>,
    ) -> Result<String, EditError> {
        let description = edit.describe();
        let reverse = edit.apply(ws)?;
        self.undo.push(Entry {
            reverse,
            description: description.clone(),
            author,
        });
        self.redo.clear();
        Ok(description)
    }

    /// Undoes the latest edit; `None` when there is nothing to undo.
    pub fn undo(&mut self, ws: &mut Workspace) -> Option<Result<Step, EditError>> {
        let entry = self.undo.pop()?;
        Some(self.step(ws, entry, true))
    }

    /// Redoes the latest undone edit; `None` when there is nothing to redo.
    pub fn redo(&mut self, ws: &mut Workspace) -> Option<Result<Step, EditError>> {
        let entry = self.redo.pop()?;
        Some(self.step(ws, entry, false))
    }

    fn step(&mut self, ws: &mut Workspace, entry: Entry, undoing: bool) -> Result<Step, EditError> {
        let Entry {
            reverse,
            description,
            author,
        } = entry;
        // A reverse edit can only fail if the document changed underneath the history,
        // which a shared session prevents by applying every edit through one history.
        match reverse.clone().apply(ws) {
            Ok(forward) => {
                let step = Step {
                    description: description.clone(),
                    author: author.clone(),
                };
                let entry = Entry {
                    reverse: forward,
                    description,
                    author,
                };
                if undoing {
                    self.redo.push(entry);
                } else {
                    self.undo.push(entry);
                }
                Ok(step)
            }
            Err(err) => {
                let entry = Entry {
                    reverse,
                    description,
                    author,
                };
                if undoing {
                    self.undo.push(entry);
                } else {
                    self.redo.push(entry);
                }
                Err(err)
            }
        }
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// How many edits can be undone.
    pub fn undo_depth(&self) -> usize {
        self.undo.len()
    }

    /// How many edits can be redone.
    pub fn redo_depth(&self) -> usize {
        self.redo.len()
    }
}
