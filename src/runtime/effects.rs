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
use crate::ui::overlays::{Confirmed, Overlay};
use crate::ui::session::Effect;

/// The facts of the runtime a session runs in, which decide what its effects do.
pub struct Host<'a> {
    /// The workspace file; `None` for the demo's scratch copy.
    pub file: Option<&'a mut WorkspaceFile>,
    /// How long after an edit autosave writes; `None` when autosave is off.
    pub autosave: Option<Duration>,
    /// `Some` in a workshop shared over SSH, where one task saves for everyone (over a
    /// file changed on disk, so there is no conflict to settle) and quitting leaves.
    pub remote: Option<Remote<'a>>,
}

/// Who a session is in a workshop shared over SSH.
pub struct Remote<'a> {
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
                if let Some(remote) = &host.remote {
                    todo.follow_now = toggle_follow(session, remote, now);
                }
            }
        }
    }
    let may_export = host.remote.as_ref().is_none_or(|s| s.facilitator);
    let Host {
        mut file, remote, ..
    } = host;
    let local = remote.is_none();
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
    if host.remote.as_ref().is_some_and(|s| !s.facilitator) {
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
fn toggle_follow(session: &mut Session, remote: &Remote<'_>, now: Instant) -> bool {
    let key = remote
        .keymap
        .key_label(Context::Global, Action::Follow)
        .unwrap_or_else(|| "follow".into());
    if remote.leads {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Edit;

    fn dirty(doc: &mut Doc) {
        doc.apply(Edit::SetTitle("Changed".into()), None).unwrap();
    }

    fn remote(facilitator: bool, leads: bool, keymap: &Keymap) -> Option<Remote<'_>> {
        Some(Remote {
            facilitator,
            leads,
            keymap,
        })
    }

    fn said(session: &Session) -> String {
        session
            .status
            .as_ref()
            .map(|s| s.text.clone())
            .unwrap_or_default()
    }

    /// A workspace file in a fresh folder (kept alive by the returned guard).
    fn file() -> (tempfile::TempDir, WorkspaceFile) {
        let dir = tempfile::tempdir().unwrap();
        let file =
            WorkspaceFile::create(&dir.path().join("w.ron"), &crate::templates::demo()).unwrap();
        (dir, file)
    }

    #[test]
    fn an_edit_asks_for_autosave_only_with_a_file_and_autosave_on() {
        let (_dir, mut f) = file();
        let mut doc = Doc::new(crate::templates::demo());
        let now = Instant::now();
        let delay = Duration::from_millis(500);
        let mut session = Session::new();
        let mut ask = |file: Option<&mut WorkspaceFile>, autosave| {
            session.request(Effect::Save);
            let host = Host {
                file,
                autosave,
                remote: None,
            };
            apply(&mut session, &mut doc, host, now)
        };
        assert_eq!(
            ask(Some(&mut f), Some(delay)).save,
            Some(Save::By(now + delay))
        );
        assert_eq!(ask(Some(&mut f), None).save, None);
        let todo = ask(None, Some(delay));
        assert_eq!(todo.save, None);
        assert!(
            !todo.draw,
            "an autosave request alone changes nothing on screen"
        );
    }

    #[test]
    fn save_now_is_the_facilitators_in_a_shared_workshop() {
        let (_dir, mut f) = file();
        let keymap = Keymap::default();
        let mut doc = Doc::new(crate::templates::demo());
        let now = Instant::now();
        for (facilitator, expected) in [(true, Some(Save::Now)), (false, None)] {
            let mut session = Session::new();
            session.request(Effect::Save);
            session.request(Effect::SaveNow);
            let host = Host {
                file: Some(&mut f),
                autosave: None,
                remote: remote(facilitator, false, &keymap),
            };
            let todo = apply(&mut session, &mut doc, host, now);
            assert_eq!(todo.save, expected);
            assert!(todo.draw && session.effects.is_empty());
            if !facilitator {
                assert_eq!(
                    said(&session),
                    "The workshop is saved for everyone as it changes"
                );
            }
        }
    }

    #[test]
    fn save_now_says_why_nothing_is_saved_alone() {
        let (_dir, mut f) = file();
        let mut doc = Doc::new(crate::templates::demo());
        let now = Instant::now();
        let mut session = Session::new();
        session.request(Effect::SaveNow);
        let host = Host {
            file: None,
            autosave: None,
            remote: None,
        };
        assert_eq!(apply(&mut session, &mut doc, host, now).save, None);
        assert!(said(&session).starts_with("This is a scratch copy of the demo"));
        session.read_only = Some("opened read-only".into());
        session.request(Effect::SaveNow);
        let host = Host {
            file: Some(&mut f),
            autosave: None,
            remote: None,
        };
        assert_eq!(apply(&mut session, &mut doc, host, now).save, None);
        assert_eq!(said(&session), "Read-only: nothing is saved");
    }

    #[test]
    fn exports_are_written_next_to_the_file_by_whoever_may() {
        let (dir, mut f) = file();
        let keymap = Keymap::default();
        let mut doc = Doc::new(crate::templates::demo());
        let now = Instant::now();
        let mut session = Session::new();
        session.request(Effect::Export(ExportFormat::Md));
        let host = Host {
            file: Some(&mut f),
            autosave: None,
            remote: remote(false, false, &keymap),
        };
        apply(&mut session, &mut doc, host, now);
        assert_eq!(
            said(&session),
            "Exports are the facilitator's: ask them for a copy"
        );
        let md = dir.path().join("w.md");
        assert!(!md.exists());
        for remote in [None, remote(true, false, &keymap)] {
            session.request(Effect::Export(ExportFormat::Md));
            let host = Host {
                file: Some(&mut f),
                autosave: None,
                remote,
            };
            apply(&mut session, &mut doc, host, now);
            assert_eq!(said(&session), format!("Exported to {}", md.display()));
            assert!(std::fs::remove_file(&md).is_ok());
        }
    }

    #[test]
    fn quitting_alone_saves_first_or_asks_about_the_demo() {
        let (_dir, mut f) = file();
        let keymap = Keymap::default();
        let mut doc = Doc::new(crate::templates::demo());
        let now = Instant::now();
        let mut session = Session::new();
        let quit = |session: &mut Session, doc: &mut Doc, file, remote| {
            session.request(Effect::Quit);
            let host = Host {
                file,
                autosave: None,
                remote,
            };
            apply(session, doc, host, now).quit
        };
        assert_eq!(quit(&mut session, &mut doc, None, None), Some(Quit::Now));
        dirty(&mut doc);
        assert_eq!(quit(&mut session, &mut doc, None, None), None);
        assert!(matches!(
            session.overlays.last(),
            Some(Overlay::Confirm {
                on_yes: Confirmed::QuitWithoutSaving,
                ..
            })
        ));
        let with_file = quit(&mut session, &mut doc, Some(&mut f), None);
        assert_eq!(with_file, Some(Quit::AfterSaving));
        // In a shared workshop the hub saves for everyone: a client just leaves.
        let shared = quit(&mut session, &mut doc, None, remote(false, false, &keymap));
        assert_eq!(shared, Some(Quit::Now));
        session.request(Effect::QuitWithoutSaving);
        let host = Host {
            file: None,
            autosave: None,
            remote: None,
        };
        assert_eq!(
            apply(&mut session, &mut doc, host, now).quit,
            Some(Quit::Now)
        );
    }

    #[test]
    fn follow_toggles_for_others_and_the_lead_is_told_they_lead() {
        let keymap = Keymap::default();
        let mut doc = Doc::new(crate::templates::demo());
        let now = Instant::now();
        let mut session = Session::new();
        session.follow = Some(true);
        let mut toggle = |session: &mut Session, leads| {
            session.request(Effect::ToggleFollow);
            let host = Host {
                file: None,
                autosave: None,
                remote: remote(true, leads, &keymap),
            };
            apply(session, &mut doc, host, now).follow_now
        };
        assert!(!toggle(&mut session, false));
        assert_eq!(session.follow, Some(false));
        assert!(said(&session).starts_with("You move on your own now"));
        assert!(toggle(&mut session, false));
        assert_eq!(session.follow, Some(true));
        assert!(!toggle(&mut session, true));
        assert_eq!(session.follow, Some(true));
        assert_eq!(said(&session), "You lead: the others follow where you go");
    }

    #[test]
    fn a_disk_conflict_is_settled_alone_never_in_a_shared_workshop() {
        let (_dir, mut f) = file();
        let keymap = Keymap::default();
        let mut doc = Doc::new(crate::templates::demo());
        dirty(&mut doc);
        let now = Instant::now();
        let mut session = Session::new();
        session.overlays.push(Overlay::DiskConflict);
        session.request(Effect::Reload);
        let host = Host {
            file: Some(&mut f),
            autosave: None,
            remote: remote(true, true, &keymap),
        };
        apply(&mut session, &mut doc, host, now);
        assert!(doc.is_dirty(), "the hub keeps the room's version");
        session.request(Effect::Reload);
        let host = Host {
            file: Some(&mut f),
            autosave: None,
            remote: None,
        };
        assert!(apply(&mut session, &mut doc, host, now).draw);
        assert!(!doc.is_dirty());
        assert!(session.overlays.is_empty());
        assert_eq!(said(&session), "Reloaded their version");
    }
}
