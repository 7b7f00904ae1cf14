//! What sessions ask of the outside (each [`Effect`]: save, save now, export, quit, follow,
//! settle a disk conflict), decided in one function, [`apply`], for the local terminal loop
//! and the SSH hub. What differs between them is a fact in a [`Host`]; what only a loop can
//! do (write the file at a time, let a client go) comes back as a [`Todo`].
//! Must not depend on `cli` or `serve`.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::config::Config;
use crate::doc::Doc;
use crate::exchange::ExportFormat;
use crate::input::{Action, Context, Keymap};
use crate::persist::{SaveError, WorkspaceFile};
use crate::ui::Session;
use crate::ui::session::{Confirmed, Effect, Overlay};

/// The facts of the runtime a session runs in, which decide what its effects do.
pub struct Host<'a> {
    /// The workspace file; `None` for the demo's scratch copy.
    pub file: Option<&'a mut WorkspaceFile>,
    /// How long after an edit autosave writes; `None` when autosave is off.
    pub autosave: Option<Duration>,
    /// `Some` in a workshop shared over SSH, where one task saves for everyone (over a
    /// file changed on disk, so there is no conflict to settle) and quitting leaves.
    pub shared: Option<Shared<'a>>,
}

/// Who a session is in a shared workshop.
pub struct Shared<'a> {
    /// A facilitator: saving on demand and exports are theirs.
    pub facilitator: bool,
    /// The facilitator the others follow.
    pub leads: bool,
    /// Names the follow key in what is said.
    pub keymap: &'a Keymap,
}

/// What the loop must do after a session's effects.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Todo {
    pub save: Option<Save>,
    pub quit: Option<Quit>,
    /// The session started following: take it to the facilitator now.
    pub follow_now: bool,
    /// Something was said or asked: draw the session again.
    pub draw: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Save {
    /// Asked for: save at once, and say "Saved" to this session when it worked.
    Now,
    /// An edit was made: save by then (autosave).
    By(Instant),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Quit {
    /// Nothing is lost: go (or the user said to lose it).
    Now,
    /// Save first; go when that worked, otherwise [`ask_to_quit_anyway`].
    AfterSaving,
}

/// How a disk conflict is settled; when several were asked at once the later in this
/// order wins.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Resolution {
    Reload,
    KeepMineAsCopy,
    Overwrite,
}

/// The autosave delay the config asks for, if autosave is on.
pub fn autosave(config: &Config) -> Option<Duration> {
    config
        .autosave
        .then(|| Duration::from_millis(config.autosave_delay_ms))
}

/// Carries out the effects `session` asked for since the last call (and forgets them):
/// exports, conflicts and follow here; saving and quitting handed back to the loop.
pub fn apply(session: &mut Session, doc: &mut Doc, host: Host<'_>, now: Instant) -> Todo {
    let mut todo = Todo::default();
    let (mut quit, mut discard) = (false, false);
    let mut resolution = None;
    let mut exports = Vec::new();
    for effect in std::mem::take(&mut session.effects) {
        todo.draw |= effect != Effect::Save;
        match effect {
            Effect::Save => {
                if todo.save.is_none() && host.file.is_some() {
                    todo.save = host.autosave.map(|delay| Save::By(now + delay));
                }
            }
            Effect::SaveNow => {
                if may_save_now(session, &host, now) {
                    todo.save = Some(Save::Now);
                }
            }
            Effect::Quit => quit = true,
            Effect::QuitWithoutSaving => discard = true,
            Effect::Reload => resolution = resolution.max(Some(Resolution::Reload)),
            Effect::KeepMineAsCopy => {
                resolution = resolution.max(Some(Resolution::KeepMineAsCopy));
            }
            Effect::Overwrite => resolution = resolution.max(Some(Resolution::Overwrite)),
            Effect::Export(format) => exports.push(format),
            Effect::ToggleFollow => {
                if let Some(shared) = &host.shared {
                    todo.follow_now = toggle_follow(session, shared, now);
                }
            }
        }
    }
    let may_export = host.shared.as_ref().is_none_or(|s| s.facilitator);
    let Host {
        mut file, shared, ..
    } = host;
    let local = shared.is_none();
    if let (Some(resolution), Some(file), true) = (resolution, file.as_deref_mut(), local) {
        resolve(file, doc, session, resolution, now);
    }
    for format in exports {
        if !may_export {
            session.warn("Exports are the facilitator's: ask them for a copy", now);
            continue;
        }
        match write_export(file.as_deref().map(WorkspaceFile::path), doc, format) {
            Ok(path) => session.say(format!("Exported to {}", path.display()), now),
            Err(e) => session.warn(e, now),
        }
    }
    todo.quit = if discard || (quit && !local) {
        Some(Quit::Now)
    } else if quit {
        quit_locally(session, doc, file.is_some())
    } else {
        None
    };
    todo
}

/// Whether a save-now goes ahead; says why not when it does not.
fn may_save_now(session: &mut Session, host: &Host<'_>, now: Instant) -> bool {
    if host.shared.as_ref().is_some_and(|s| !s.facilitator) {
        session.say("The workshop is saved for everyone as it changes", now);
        false
    } else if host.file.is_none() {
        session.say(
            "This is a scratch copy of the demo: nothing is saved (moments new FILE --template demo makes a real one)",
            now,
        );
        false
    } else if session.read_only.is_some() {
        session.warn("Read-only: nothing is saved", now);
        false
    } else {
        true
    }
}

/// The follow key: the lead facilitator is told they lead; anyone else starts or stops
/// following. Returns whether the session started following.
fn toggle_follow(session: &mut Session, shared: &Shared<'_>, now: Instant) -> bool {
    let key = shared
        .keymap
        .key_label(Context::Global, Action::Follow)
        .unwrap_or_else(|| "follow".into());
    if shared.leads {
        session.say("You lead: the others follow where you go", now);
        return false;
    }
    let following = session.follow != Some(true);
    session.follow = Some(following);
    if following {
        session.say(format!("Following the facilitator ({key} stops)"), now);
    } else {
        session.say(
            format!("You move on your own now ({key} follows the facilitator again)"),
            now,
        );
    }
    following
}

/// Quitting alone: a file is saved first; the demo's scratch copy asks before its changes
/// are lost.
fn quit_locally(session: &mut Session, doc: &Doc, has_file: bool) -> Option<Quit> {
    if has_file {
        return Some(Quit::AfterSaving);
    }
    if !doc.is_dirty() {
        return Some(Quit::Now);
    }
    session.overlays.push(Overlay::Confirm {
        question: "Quit the demo? It is a scratch copy: your changes are not kept.".into(),
        on_yes: Confirmed::QuitWithoutSaving,
    });
    None
}

/// After [`Quit::AfterSaving`] whose save failed: asks whether to lose the edits, unless
/// the disk conflict is already asking.
pub fn ask_to_quit_anyway(session: &mut Session) {
    if !matches!(session.overlays.last(), Some(Overlay::DiskConflict)) {
        session.overlays.push(Overlay::Confirm {
            question: "Saving failed. Quit anyway and lose the unsaved edits?".into(),
            on_yes: Confirmed::QuitWithoutSaving,
        });
    }
}

/// Settles a disk conflict the way the user chose.
fn resolve(
    file: &mut WorkspaceFile,
    doc: &mut Doc,
    session: &mut Session,
    resolution: Resolution,
    now: Instant,
) {
    if matches!(session.overlays.last(), Some(Overlay::DiskConflict)) {
        session.overlays.pop();
    }
    match resolution {
        Resolution::Overwrite => {
            match file.overwrite(&doc.ws) {
                Ok(()) => {
                    doc.mark_saved();
                    session.say(
                        "Saved: your version replaced theirs (theirs is in the .bak file)",
                        now,
                    );
                }
                Err(e) => session.warn(e.to_string(), now),
            }
            return;
        }
        Resolution::KeepMineAsCopy => match crate::persist::file::save_copy(file.path(), &doc.ws) {
            Ok(copy) => session.say(
                format!("Your version is in {}; showing theirs", copy.display()),
                now,
            ),
            Err(e) => {
                session.warn(format!("Could not keep a copy: {e}"), now);
                return;
            }
        },
        Resolution::Reload => {}
    }
    match file.reload() {
        Ok(ws) => {
            doc.replace(ws);
            if resolution == Resolution::Reload {
                session.say("Reloaded their version", now);
            }
        }
        Err(e) => session.warn(format!("Cannot read their version: {e}"), now),
    }
}

/// Writes the document to its file when it has unsaved edits (the local app and
/// `moments serve` both save this way).
pub fn write(file: &mut WorkspaceFile, doc: &mut Doc) -> Result<(), SaveError> {
    if !doc.is_dirty() {
        return Ok(());
    }
    file.save(&doc.ws)?;
    doc.mark_saved();
    Ok(())
}

/// Writes an export of `doc` next to `workspace` (`NAME.md`…), or into the current folder
/// when there is no file (the demo); returns where.
pub fn write_export(
    workspace: Option<&Path>,
    doc: &Doc,
    format: ExportFormat,
) -> Result<PathBuf, String> {
    use ExportFormat as F;
    let extension = match format {
        F::Md => "md",
        F::Html => "html",
        F::Csv => "csv",
        F::Mermaid => "mermaid.md",
        F::Json => "json",
    };
    let path = match workspace {
        Some(file) => file.with_extension(extension),
        None => PathBuf::from(format!("moments-demo.{extension}")),
    };
    let text = crate::exchange::export(&doc.ws, format);
    crate::persist::file::replace_atomic(&path, &text)
        .map(|()| path.clone())
        .map_err(|e| format!("Could not export to {}: {e}", path.display()))
}
