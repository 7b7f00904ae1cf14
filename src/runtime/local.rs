//! The local terminal loop: one user, one document, autosave and a watch on the file
//! (another program may change it), until quit or a signal. What sessions ask of the
//! outside is carried out by [`effects::apply`], frames drawn by [`frame::draw`].
//! Must not depend on `cli` or `serve`.

use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::RecvTimeoutError;
use std::time::{Duration, Instant};

use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};

use super::effects::{self, Host, Quit, Save};
use super::frame::{self, Surround};
use super::open::{Opened, Request, open};
use super::{exit, terminal};
use crate::config::{self, Config};
use crate::doc::Doc;
use crate::input::Keymap;
use crate::paths;
use crate::persist::{SaveError, WorkspaceFile};
use crate::ui::overlays::Overlay;
use crate::ui::{Ctx, Session, Theme, ThemeName, handle};

/// Runs the app on the workspace `request` names, with the user's config.
pub fn run(request: &Request) -> ExitCode {
    let (config, mut problems) = config::load(&config::path());
    let request = Request {
        template: request.template.clone().or_else(|| config.template.clone()),
        ..request.clone()
    };
    let theme_name = request.theme.or_else(|| {
        let name = config.theme.as_deref()?;
        let parsed = ThemeName::parse(name);
        if parsed.is_none() {
            problems.push(format!(
                "unknown theme `{name}` in config.ron; expected one of: {}",
                ThemeName::NAMES
            ));
        }
        parsed
    });
    let opened = match open(&request) {
        Ok(opened) => opened,
        Err(message) => {
            // The message may quote the file: nothing in it may act on the terminal.
            eprintln!("moments: {}", crate::model::text::sanitize(&message, true));
            return ExitCode::from(exit::UNREADABLE);
        }
    };
    let (keymap, key_problems) = config::keymap(&config);
    problems.extend(key_problems);
    let theme = Theme::from_env(theme_name);
    match run_loop(opened, keymap, theme, config, problems, request.present) {
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
            let size = guard.terminal.size()?;
            let surround = Surround {
                label: &file_label,
                keymap: &keymap,
                theme: &theme,
                has_file: rt.file.is_some(),
                save_failed: rt.save_failed,
            };
            let area = ratatui::layout::Rect::new(0, 0, size.width, size.height);
            frame::draw(
                &mut guard.terminal,
                &doc,
                &mut session,
                area,
                &surround,
                Instant::now(),
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
        if session
            .timer
            .as_ref()
            .is_some_and(super::super::ui::timer::Timer::is_running)
        {
            // The countdown is on screen: each second shows.
            needs_draw = true;
        }
        if session.tick(now) && rt.config.bell {
            use std::io::Write;
            let mut out = std::io::stdout();
            let _ = out.write_all(b"\x07").and_then(|()| out.flush());
        }
        let host = Host {
            file: rt.file.as_mut(),
            autosave: effects::autosave(&rt.config),
            remote: None,
        };
        let todo = effects::apply(&mut session, &mut doc, host, now);
        needs_draw |= todo.draw;
        match todo.save {
            Some(Save::Now) => {
                rt.save_at = None;
                if save(&mut rt, &mut doc, &mut session) {
                    session.say("Saved", now);
                }
            }
            Some(Save::By(at)) => rt.save_at = Some(at),
            None => {}
        }
        if rt.save_at.is_some_and(|t| t <= now) {
            rt.save_at = None;
            save(&mut rt, &mut doc, &mut session);
            needs_draw = true;
        }
        if rt.file.is_some() && now >= rt.next_disk_check {
            rt.next_disk_check = now + DISK_CHECK;
            if check_disk(&mut rt, &mut doc, &mut session) {
                needs_draw = true;
            }
        }
        match todo.quit {
            Some(Quit::Now) => return Ok(()),
            Some(Quit::AfterSaving) => {
                if save(&mut rt, &mut doc, &mut session) {
                    return Ok(());
                }
                effects::ask_to_quit_anyway(&mut session);
            }
            None => {}
        }
    }
}

/// Saves if there is anything to save; says so when it fails.
fn save(rt: &mut Runtime, doc: &mut Doc, session: &mut Session) -> bool {
    let Some(file) = rt.file.as_mut() else {
        return !doc.is_dirty();
    };
    if session.read_only.is_some() || !doc.is_dirty() {
        return true;
    }
    match effects::write(file, doc) {
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
