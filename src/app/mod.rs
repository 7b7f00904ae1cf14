//! The runtime: resolves which workspace to open, then runs the terminal loop.

pub mod backend;
pub mod terminal;

use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::RecvTimeoutError;
use std::time::{Duration, Instant};

use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};

use crate::config::{self, Config};
use crate::doc::Doc;
use crate::input::Keymap;
use crate::persist::SaveError;
use crate::ui::overlays::{Confirmed, Overlay};
use crate::ui::{Chrome, Ctx, SaveState, Session, Theme, ThemeName, handle, render};

use crate::cli::{Cli, exit};
use crate::model::Workspace;
use crate::paths;
use crate::persist::{Access, WorkspaceFile};
use crate::templates;

/// What the app works on: the document and, unless it is a scratch copy, its file.
pub struct Opened {
    pub workspace: Workspace,
    pub file: Option<WorkspaceFile>,
    /// Why the workspace is read-only, when it is: shown in the status line.
    pub read_only_reason: Option<String>,
    /// Shown once the app starts (e.g. "Created workshop.ron from purchase-cycle").
    pub notice: Option<String>,
}

/// Opens the workspace the command line names, creating it from a template if missing.
pub fn open(cli: &Cli) -> Result<Opened, String> {
    if cli.demo {
        return Ok(Opened {
            workspace: templates::demo(),
            file: None,
            read_only_reason: None,
            notice: Some("Demo workshop: a scratch copy, nothing is saved".into()),
        });
    }
    let (path, named) = match &cli.file {
        Some(path) => (path.clone(), true),
        None => (paths::default_workspace(), false),
    };
    if !path.exists() {
        if cli.read_only {
            return Err(format!("{}: no such file", path.display()));
        }
        let name = cli
            .template
            .as_deref()
            .unwrap_or(templates::DEFAULT_TEMPLATE);
        let template = templates::find(name).ok_or_else(|| {
            format!(
                "unknown template `{name}`; expected one of: {}",
                templates::names().join(", ")
            )
        })?;
        let workspace = template.workspace().expect("embedded templates load");
        let file = WorkspaceFile::create(&path, &workspace).map_err(|e| e.to_string())?;
        return Ok(Opened {
            workspace,
            file: Some(file),
            read_only_reason: None,
            notice: Some(if named {
                format!("Created {} from the {name} template", display(&path))
            } else {
                format!("Your workspace is {}", display(&path))
            }),
        });
    }
    if cli.read_only {
        let (file, workspace) =
            WorkspaceFile::open(&path, Access::ReadOnly).map_err(|e| e.to_string())?;
        return Ok(Opened {
            workspace,
            file: Some(file),
            read_only_reason: Some("opened read-only".to_owned()),
            notice: None,
        });
    }
    // A lock held by another process opens the workspace read-only, from the same read.
    let (file, workspace, held) =
        WorkspaceFile::open_or_read_only(&path).map_err(|e| e.to_string())?;
    Ok(Opened {
        workspace,
        file: Some(file),
        read_only_reason: held.map(|held| format!("in use by {}", held.holder)),
        notice: None,
    })
}

fn display(path: &std::path::Path) -> String {
    path.display().to_string()
}

/// Runs the app on the workspace the command line names.
pub fn run(cli: &Cli) -> ExitCode {
    let (config, mut problems) = config::load(&config::path());
    let mut cli_template = cli.template.clone();
    if cli_template.is_none() {
        cli_template = config.template.clone();
    }
    let theme_name = match cli.theme.as_deref().or(config.theme.as_deref()) {
        None => None,
        Some(name) => match ThemeName::parse(name) {
            Some(t) => Some(t),
            None if cli.theme.is_some() => {
                eprintln!(
                    "moments: unknown theme `{name}`; expected one of: {}",
                    ThemeName::NAMES
                );
                return ExitCode::from(exit::UNREADABLE);
            }
            None => {
                problems.push(format!(
                    "unknown theme `{name}` in config.ron; expected one of: {}",
                    ThemeName::NAMES
                ));
                None
            }
        },
    };
    let cli = Cli {
        template: cli_template,
        ..cli.clone()
    };
    let opened = match open(&cli) {
        Ok(opened) => opened,
        Err(message) => {
            eprintln!("moments: {message}");
            return ExitCode::from(exit::UNREADABLE);
        }
    };
    let (keymap, key_problems) = config::keymap(&config);
    problems.extend(key_problems);
    let theme = Theme::from_env(theme_name);
    match run_loop(opened, keymap, theme, config, problems, cli.present) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("moments: {e}");
            ExitCode::from(exit::UNREADABLE)
        }
    }
}

/// The runtime state around the pure parts: the file, autosave timing, signals.
struct Runtime {
    file: Option<WorkspaceFile>,
    config: Config,
    /// When autosave should write, if an edit is waiting.
    save_at: Option<Instant>,
    /// The last save failed: the title bar says so until a save succeeds.
    save_failed: bool,
    next_disk_check: Instant,
    stop: Arc<AtomicBool>,
}

const DISK_CHECK: Duration = Duration::from_secs(2);
/// How often the loop wakes to notice a signal; nothing is drawn or written then.
const SIGNAL_POLL: Duration = Duration::from_millis(250);
/// How often the loop checks that the terminal is still there.
const ALIVE_CHECK: Duration = Duration::from_secs(1);

fn run_loop(
    opened: Opened,
    keymap: Keymap,
    theme: Theme,
    config: Config,
    problems: Vec<String>,
    present: bool,
) -> std::io::Result<()> {
    let stop = Arc::new(AtomicBool::new(false));
    for signal in [SIGHUP, SIGTERM, SIGINT] {
        signal_hook::flag::register(signal, Arc::clone(&stop))?;
    }
    let mut doc = Doc::new(opened.workspace);
    let mut session = Session::new();
    session.read_only = opened.read_only_reason.clone();
    session.present = present;
    session.spotlight = present;
    session.vote_budget = config.vote_budget;
    let now = Instant::now();
    if let Some(problem) = problems.first() {
        session.warn(problem.clone(), now);
    } else if let Some(notice) = &opened.notice {
        session.say(notice.clone(), now);
    }
    if let Some(file) = &opened.file {
        let summary =
            crate::ui::overlays::summary::since_last_session(&doc, &crate::clock::today());
        if !summary.is_empty() && !seen_before(file.path(), &summary) {
            session.overlays.push(Overlay::Summary(summary));
        }
    }
    let file_label = match &opened.file {
        Some(f) => f.path().display().to_string(),
        None => "demo".to_owned(),
    };
    let mut rt = Runtime {
        file: opened.file,
        config,
        save_at: None,
        save_failed: false,
        next_disk_check: now + DISK_CHECK,
        stop,
    };
    let mut guard = terminal::Guard::enter()?;
    let size = guard.terminal.size()?;
    session.size = (size.width, size.height);
    let input = terminal::spawn_reader();
    let mut next_alive_check = Instant::now() + ALIVE_CHECK;
    let mut needs_draw = true;
    loop {
        if needs_draw {
            draw(
                &mut guard.terminal,
                &doc,
                &mut session,
                &rt,
                &keymap,
                &theme,
                &file_label,
            )?;
            needs_draw = false;
        }
        if rt.stop.load(Ordering::Relaxed) {
            // SIGHUP (a dropped SSH link), SIGTERM: save first, then go.
            save(&mut rt, &mut doc, &mut session);
            return Ok(());
        }
        let now = Instant::now();
        let mut deadline = now + SIGNAL_POLL;
        for d in [
            session.next_deadline(&doc, now),
            rt.save_at,
            rt.file.as_ref().map(|_| rt.next_disk_check),
        ]
        .into_iter()
        .flatten()
        {
            deadline = deadline.min(d);
        }
        match input.recv_timeout(deadline.saturating_duration_since(now)) {
            Ok(first) => {
                // Drain everything queued, then draw once.
                let mut next = Some(first);
                while let Some(ev) = next {
                    let ev = ev?;
                    let ctx = Ctx {
                        keymap: &keymap,
                        now: Instant::now(),
                        author: None,
                    };
                    handle(&mut session, &mut doc, &ev, &ctx);
                    needs_draw = true;
                    next = input.try_recv().ok();
                }
            }
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => {
                save(&mut rt, &mut doc, &mut session);
                return Ok(());
            }
        }
        // A resize whose signal went missing still shows: the size is cheap to ask.
        if let Ok(size) = guard.terminal.size()
            && (size.width, size.height) != session.size
        {
            needs_draw = true;
        }
        if Instant::now() >= next_alive_check {
            next_alive_check = Instant::now() + ALIVE_CHECK;
            if !terminal::alive() {
                // The terminal is gone: keep the room's work and leave quietly.
                save(&mut rt, &mut doc, &mut session);
                return Ok(());
            }
        }
        let now = Instant::now();
        if session.expire(now) {
            needs_draw = true;
        }
        if session.timer.as_ref().is_some_and(|t| t.is_running()) {
            // The countdown is on screen: each second shows.
            needs_draw = true;
        }
        if session.tick(now) && rt.config.bell {
            use std::io::Write;
            let mut out = std::io::stdout();
            let _ = out.write_all(b"\x07").and_then(|()| out.flush());
        }
        let requests = Requests::from_effects(std::mem::take(&mut session.effects));
        if requests.save_now {
            rt.save_at = None;
            match &rt.file {
                None => session.say("This is a scratch copy of the demo: nothing is saved (moments new FILE --template demo makes a real one)", now),
                Some(_) if session.read_only.is_some() => session.warn("Read-only: nothing is saved", now),
                Some(_) => {
                    if save(&mut rt, &mut doc, &mut session) {
                        session.say("Saved", now);
                    }
                }
            }
            needs_draw = true;
        } else if requests.save && rt.config.autosave && rt.file.is_some() {
            rt.save_at = Some(now + Duration::from_millis(rt.config.autosave_delay_ms));
        }
        if rt.save_at.is_some_and(|t| t <= now) {
            rt.save_at = None;
            save(&mut rt, &mut doc, &mut session);
            needs_draw = true;
        }
        if requests.reload || requests.keep_mine_as_copy || requests.overwrite {
            resolve_conflict(&mut rt, &mut doc, &mut session, requests);
            needs_draw = true;
        }
        if rt.file.is_some() && now >= rt.next_disk_check {
            rt.next_disk_check = now + DISK_CHECK;
            if check_disk(&mut rt, &mut doc, &mut session) {
                needs_draw = true;
            }
        }
        if let Some(format) = requests.export {
            export(&rt, &doc, &mut session, format);
            needs_draw = true;
        }
        if requests.force_quit {
            return Ok(());
        }
        if requests.quit {
            if quit(&mut rt, &mut doc, &mut session) {
                return Ok(());
            }
            needs_draw = true;
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn draw(
    terminal: &mut terminal::Term,
    doc: &Doc,
    session: &mut Session,
    rt: &Runtime,
    keymap: &Keymap,
    theme: &Theme,
    file_label: &str,
) -> std::io::Result<()> {
    let size = terminal.size()?;
    let area = ratatui::layout::Rect::new(0, 0, size.width, size.height);
    crate::ui::settle(session, doc, area);
    let save = if rt.save_failed {
        SaveState::Failed
    } else if rt.file.is_none() {
        SaveState::Scratch
    } else if session.read_only.is_some() {
        SaveState::ReadOnly
    } else if doc.is_dirty() {
        SaveState::Unsaved
    } else {
        SaveState::Saved
    };
    // Presenting switches to the projector theme, unless NO_COLOR asked for none.
    let projector;
    let theme = if session.present && !theme.monochrome {
        projector = Theme::new(ThemeName::Projector);
        &projector
    } else {
        theme
    };
    let chrome = Chrome {
        file: file_label,
        now: Instant::now(),
        save,
        keymap,
        theme,
    };
    terminal.draw(|frame| render(frame, doc, session, &chrome))?;
    Ok(())
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

/// Saves if there is anything to save; says so when it fails.
fn save(rt: &mut Runtime, doc: &mut Doc, session: &mut Session) -> bool {
    let Some(file) = rt.file.as_mut() else {
        return !doc.is_dirty();
    };
    if session.read_only.is_some() || !doc.is_dirty() {
        return true;
    }
    match write(file, doc) {
        Ok(()) => {
            rt.save_failed = false;
            true
        }
        Err(SaveError::ChangedOnDisk(_)) => {
            if !matches!(session.overlays.last(), Some(Overlay::DiskConflict)) {
                session.overlays.push(Overlay::DiskConflict);
            }
            false
        }
        Err(e) => {
            rt.save_failed = true;
            session.warn(
                format!("{e}. Your edits are kept in memory; fix the problem and press ctrl-s"),
                Instant::now(),
            );
            false
        }
    }
}

/// Notices a file changed by someone else: reloads it when we have nothing unsaved,
/// otherwise asks.
fn check_disk(rt: &mut Runtime, doc: &mut Doc, session: &mut Session) -> bool {
    let Some(file) = rt.file.as_mut() else {
        return false;
    };
    if !file.path().exists() || !file.changed_on_disk() {
        return false;
    }
    if doc.is_dirty() {
        if !matches!(session.overlays.last(), Some(Overlay::DiskConflict)) {
            session.overlays.push(Overlay::DiskConflict);
        }
        return true;
    }
    match file.reload() {
        Ok(ws) => {
            doc.replace(ws);
            session.say(
                "Reloaded: the file was changed by someone else",
                Instant::now(),
            );
        }
        Err(e) => session.warn(
            format!("The file changed on disk and cannot be read: {e}"),
            Instant::now(),
        ),
    }
    true
}

fn resolve_conflict(rt: &mut Runtime, doc: &mut Doc, session: &mut Session, requests: Requests) {
    let Some(file) = rt.file.as_mut() else {
        return;
    };
    let now = Instant::now();
    if matches!(session.overlays.last(), Some(Overlay::DiskConflict)) {
        session.overlays.pop();
    }
    if requests.overwrite {
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
    if requests.keep_mine_as_copy {
        match crate::persist::file::save_copy(file.path(), &doc.ws) {
            Ok(copy) => session.say(
                format!("Your version is in {}; showing theirs", copy.display()),
                now,
            ),
            Err(e) => {
                session.warn(format!("Could not keep a copy: {e}"), now);
                return;
            }
        }
    }
    match file.reload() {
        Ok(ws) => {
            doc.replace(ws);
            if requests.reload {
                session.say("Reloaded their version", now);
            }
        }
        Err(e) => session.warn(format!("Cannot read their version: {e}"), now),
    }
}

/// Quits when nothing would be lost; otherwise explains and asks.
fn quit(rt: &mut Runtime, doc: &mut Doc, session: &mut Session) -> bool {
    if rt.file.is_none() {
        if !doc.is_dirty() {
            return true;
        }
        session.overlays.push(Overlay::Confirm {
            question: "Quit the demo? It is a scratch copy: your changes are not kept.".into(),
            on_yes: Confirmed::QuitWithoutSaving,
        });
        return false;
    }
    if save(rt, doc, session) {
        return true;
    }
    if !matches!(session.overlays.last(), Some(Overlay::DiskConflict)) {
        session.overlays.push(Overlay::Confirm {
            question: "Saving failed. Quit anyway and lose the unsaved edits?".into(),
            on_yes: Confirmed::QuitWithoutSaving,
        });
    }
    false
}

/// Writes an export next to the workspace file (`NAME.md`…), or into the current folder
/// for the demo, and says where.
fn export(rt: &Runtime, doc: &Doc, session: &mut Session, format: crate::exchange::ExportFormat) {
    let now = Instant::now();
    match write_export(rt.file.as_ref().map(WorkspaceFile::path), doc, format) {
        Ok(path) => session.say(format!("Exported to {}", path.display()), now),
        Err(e) => session.warn(e, now),
    }
}

/// Writes an export of `doc` next to `workspace` (`NAME.md`…), or into the current folder
/// when there is no file (the demo); returns where (the local app and `moments serve`).
pub fn write_export(
    workspace: Option<&std::path::Path>,
    doc: &Doc,
    format: crate::exchange::ExportFormat,
) -> Result<std::path::PathBuf, String> {
    use crate::exchange::ExportFormat as F;
    let extension = match format {
        F::Md => "md",
        F::Html => "html",
        F::Csv => "csv",
        F::Mermaid => "mermaid.md",
        F::Json => "json",
    };
    let path = match workspace {
        Some(file) => file.with_extension(extension),
        None => std::path::PathBuf::from(format!("moments-demo.{extension}")),
    };
    let text = crate::exchange::export(&doc.ws, format);
    crate::persist::file::replace_atomic(&path, &text)
        .map(|()| path.clone())
        .map_err(|e| format!("Could not export to {}: {e}", path.display()))
}

/// Whether this exact summary was already shown for this workspace; remembers it if not.
/// Kept in the data folder, one small file per workspace, so the workspace file itself
/// does not change just because it was opened.
fn seen_before(path: &std::path::Path, summary: &[String]) -> bool {
    use std::hash::{Hash, Hasher};
    let canonical = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    let mut key = std::collections::hash_map::DefaultHasher::new();
    canonical.hash(&mut key);
    let mut content = std::collections::hash_map::DefaultHasher::new();
    summary.hash(&mut content);
    let dir = paths::data_dir().join("seen");
    let marker = dir.join(format!("{:016x}", key.finish()));
    let digest = format!("{:016x}\n", content.finish());
    if std::fs::read_to_string(&marker).is_ok_and(|d| d == digest) {
        return true;
    }
    let _ = std::fs::create_dir_all(&dir).and_then(|()| std::fs::write(&marker, digest));
    false
}

/// The effects of one update, folded: several edits ask for one autosave.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Requests {
    pub save: bool,
    pub save_now: bool,
    pub quit: bool,
    pub force_quit: bool,
    pub reload: bool,
    pub keep_mine_as_copy: bool,
    pub overwrite: bool,
    pub export: Option<crate::exchange::ExportFormat>,
    pub follow: bool,
}

impl Requests {
    pub(crate) fn from_effects(effects: Vec<crate::ui::session::Effect>) -> Requests {
        use crate::ui::session::Effect;
        let mut r = Requests::default();
        for effect in effects {
            match effect {
                Effect::Save => r.save = true,
                Effect::SaveNow => r.save_now = true,
                Effect::Quit => r.quit = true,
                Effect::QuitWithoutSaving => r.force_quit = true,
                Effect::Reload => r.reload = true,
                Effect::KeepMineAsCopy => r.keep_mine_as_copy = true,
                Effect::Overwrite => r.overwrite = true,
                Effect::Export(format) => r.export = Some(format),
                Effect::ToggleFollow => r.follow = true,
            }
        }
        r
    }
}
