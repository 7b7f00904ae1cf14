//! A workspace file on disk: safe, atomic saves with a backup; a sidecar lock so two
//! writers never share a file; and a stamp of what was loaded, so a file changed by
//! someone else is never silently overwritten.
//! Depends on the model and the other persist modules; never on terminals or the UI.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use super::error::{LoadError, LoadErrorKind, SaveError};
use super::format::{decode, from_ron, sniff, to_ron};
use crate::model::{self, ItemKey, Severity, Workspace};

/// Files larger than this are refused before they are read.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Reads and parses a workspace file without locking it or checking references.
pub fn read(path: &Path) -> Result<(Workspace, Stamp), LoadError> {
    let (ws, text, modified) = load(path)?;
    Ok((ws, Stamp::of_text(&text, modified)))
}

/// Like [`read`], but hands back the text instead of a stamp, for callers that point
/// into the file (`moments check`) without reading it a second time.
pub fn read_with_text(path: &Path) -> Result<(Workspace, String), LoadError> {
    load(path).map(|(ws, text, _)| (ws, text))
}

/// Reads, decodes and parses a file; also gives the modification time seen *before* the
/// bytes were read, so a change made while reading still shows as a change later.
fn load(path: &Path) -> Result<(Workspace, String, Option<SystemTime>), LoadError> {
    let (bytes, modified) = read_bytes(path)?;
    // Validate the UTF-8 once, keeping the bytes; `decode` explains what is wrong.
    let text = String::from_utf8(bytes).map_err(|e| {
        let bytes = e.into_bytes();
        let err = decode(&bytes).expect_err("decode refuses what is not UTF-8");
        err.in_file(path)
            .with_source(&String::from_utf8_lossy(&bytes))
    })?;
    sniff(text.as_bytes()).map_err(|e| e.in_file(path).with_source(&text))?;
    let ws = from_ron(&text).map_err(|e| e.in_file(path))?;
    Ok((ws, text, modified))
}

/// Reads a workspace and refuses it if references dangle or ids repeat: the app never
/// works on (and so never saves over) a document it cannot trust.
pub fn read_checked(path: &Path) -> Result<(Workspace, Stamp), LoadError> {
    let (ws, text, modified) = load(path)?;
    integrity(&ws).map_err(|e| locate(e, &text).in_file(path))?;
    Ok((ws, Stamp::of_text(&text, modified)))
}

/// The integrity part of the checks: errors only.
pub fn integrity(ws: &Workspace) -> Result<(), LoadError> {
    let mut errors = model::check::integrity(ws)
        .into_iter()
        .filter(|f| f.severity == Severity::Error);
    match errors.next() {
        None => Ok(()),
        Some(first) => Err(LoadError::new(LoadErrorKind::Integrity {
            first: Box::new(first),
            others: errors.count(),
        })),
    }
}

fn locate(err: LoadError, text: &str) -> LoadError {
    if let LoadErrorKind::Integrity { first, .. } = &err.kind
        && let Some((line, col)) = find_item(text, &first.item)
    {
        return err.at(line, col).with_source(text);
    }
    err
}

/// What an item's key looks like where the item is written (`id: "M1"`).
fn needle(key: &ItemKey) -> Option<String> {
    Some(match key {
        ItemKey::Term(term) => format!("term: {}", ron_string(term)),
        ItemKey::Proposition(segment) => format!("segment: \"{segment}\""),
        ItemKey::Parking(_) | ItemKey::Agenda(_) => return None,
        other => format!("id: \"{}\"", other.id_text()),
    })
}

/// Whether a match at `at` starts an item, so `id: "M1"` does not find `M1` in some text.
fn starts_item(text: &str, at: usize) -> bool {
    let before = text[..at].trim_end_matches([' ', '\t', '\n', '\r']);
    before.ends_with('(') || before.ends_with(',')
}

/// Finds the line and column where an item is written, for messages about it.
pub fn find_item(text: &str, key: &ItemKey) -> Option<(usize, usize)> {
    if let Some(at) = find_by_position(text, key) {
        return Some(line_col(text, 0, (1, 1), at));
    }
    let needle = needle(key)?;
    let at = text
        .match_indices(&needle)
        .map(|(i, _)| i)
        .find(|&i| starts_item(text, i))?;
    Some(line_col(text, 0, (1, 1), at))
}

/// Where the n-th agenda item or parking-lot entry starts: they are keyed by position, so
/// they are counted in their list (`moments` writes one entry per line there).
fn find_by_position(text: &str, key: &ItemKey) -> Option<usize> {
    let (list, n) = match key {
        ItemKey::Agenda(n) => ("\n    agenda: [\n", *n),
        ItemKey::Parking(n) => ("\n    parking_lot: [\n", *n),
        _ => return None,
    };
    let start = memchr::memmem::find(text.as_bytes(), list.as_bytes())? + list.len();
    let mut at = start;
    let mut seen = 0;
    for line in text[start..].split_inclusive('\n') {
        if line.starts_with("    ]") {
            return None;
        }
        let entry = match key {
            ItemKey::Agenda(_) => line.starts_with("        AgendaItem("),
            _ => line.starts_with("        Parked("),
        };
        if entry {
            if seen == n {
                return Some(at + 8);
            }
            seen += 1;
        }
        at += line.len();
    }
    None
}

/// [`find_item`] for many keys in one pass over the text, so `moments check` stays
/// linear in the size of the file however many findings it prints.
pub fn find_items(text: &str, keys: &[&ItemKey]) -> Vec<Option<(usize, usize)>> {
    use std::collections::HashMap;
    let mut wanted: HashMap<String, Option<usize>> = HashMap::new();
    for key in keys {
        if let Some(n) = needle(key) {
            wanted.insert(n, None);
        }
    }
    let mut missing = wanted.len();
    // One SIMD substring search per kind of key that is asked for (usually only ids).
    for prefix in ["id: \"", "term: \"", "segment: \""] {
        if missing == 0 || !wanted.keys().any(|n| n.starts_with(prefix)) {
            continue;
        }
        for at in memchr::memmem::find_iter(text.as_bytes(), prefix) {
            let value = at + prefix.len();
            let Some(end) = closing_quote(&text[value..]) else {
                continue;
            };
            if let Some(slot) = wanted.get_mut(&text[at..value + end + 1])
                && slot.is_none()
                && starts_item(text, at)
            {
                *slot = Some(at);
                missing -= 1;
                if missing == 0 {
                    break;
                }
            }
        }
    }
    let mut offsets: Vec<(usize, usize)> = keys
        .iter()
        .enumerate()
        .filter_map(|(i, key)| match find_by_position(text, key) {
            Some(at) => Some((at, i)),
            None => Some((wanted.get(&needle(key)?).copied()??, i)),
        })
        .collect();
    offsets.sort_unstable();
    let mut out = vec![None; keys.len()];
    let (mut from, mut pos) = (0, (1, 1));
    for (at, i) in offsets {
        pos = line_col(text, from, pos, at);
        from = at;
        out[i] = Some(pos);
    }
    out
}

/// The byte offset of the closing quote of a string whose opening quote came just before.
fn closing_quote(s: &str) -> Option<usize> {
    let mut escaped = false;
    for (i, b) in s.bytes().enumerate() {
        match b {
            b'\\' if !escaped => escaped = true,
            b'"' if !escaped => return Some(i),
            b'\n' => return None,
            _ => escaped = false,
        }
    }
    None
}

/// Counts `\n` bytes in runs of 255 with a byte-wide counter, which the compiler turns
/// into wide vector compares: together the calls cover the whole file once.
fn count_newlines(bytes: &[u8]) -> usize {
    bytes
        .chunks(255)
        .map(|run| {
            run.iter()
                .fold(0u8, |n, &b| n.wrapping_add(u8::from(b == b'\n'))) as usize
        })
        .sum()
}

/// Line and column (1-based, columns in characters) of byte `to`, counting on from byte
/// `from`, which is at `pos`.
fn line_col(text: &str, from: usize, pos: (usize, usize), to: usize) -> (usize, usize) {
    let between = &text.as_bytes()[from..to];
    let newlines = count_newlines(between);
    if newlines == 0 {
        return (pos.0, pos.1 + text[from..to].chars().count());
    }
    let last = between.iter().rposition(|&b| b == b'\n').unwrap_or(0);
    (
        pos.0 + newlines,
        text[from + last + 1..to].chars().count() + 1,
    )
}

fn ron_string(s: &str) -> String {
    ron::to_string(s).unwrap_or_default()
}

fn read_bytes(path: &Path) -> Result<(Vec<u8>, Option<SystemTime>), LoadError> {
    let io_error = |e: io::Error| {
        let message = match e.kind() {
            io::ErrorKind::NotFound => "no such file".to_owned(),
            io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
            _ if path.is_dir() => "this is a folder, not a workspace file".to_owned(),
            _ => e.to_string(),
        };
        LoadError::new(LoadErrorKind::Io(message)).in_file(path)
    };
    let meta = fs::metadata(path).map_err(io_error)?;
    if meta.is_dir() {
        return Err(LoadError::new(LoadErrorKind::Io(
            "this is a folder, not a workspace file".into(),
        ))
        .in_file(path));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(LoadError::new(LoadErrorKind::TooLarge {
            bytes: meta.len(),
            limit: MAX_FILE_BYTES,
        })
        .in_file(path));
    }
    let bytes = fs::read(path).map_err(io_error)?;
    Ok((bytes, meta.modified().ok()))
}

/// What a file looked like when it was loaded or last saved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stamp {
    len: u64,
    modified: Option<SystemTime>,
    hash: u64,
}

impl Stamp {
    fn of_text(text: &str, modified: Option<SystemTime>) -> Self {
        Self {
            len: text.len() as u64,
            modified,
            hash: content_hash(text.as_bytes()),
        }
    }

    fn of(path: &Path, bytes: &[u8]) -> Self {
        let meta = fs::metadata(path).ok();
        Self {
            len: bytes.len() as u64,
            modified: meta.and_then(|m| m.modified().ok()),
            hash: content_hash(bytes),
        }
    }

    /// Whether the file on disk differs from this stamp. Size and time are looked at
    /// first; the content is read only when they changed, so a `touch` is no conflict.
    pub fn differs_from_disk(&self, path: &Path) -> bool {
        let Ok(meta) = fs::metadata(path) else {
            return true;
        };
        if meta.len() == self.len && meta.modified().ok() == self.modified {
            return false;
        }
        match fs::read(path) {
            Ok(bytes) => content_hash(&bytes) != self.hash,
            Err(_) => true,
        }
    }
}

fn content_hash(bytes: &[u8]) -> u64 {
    let mut hash = ContentHash::default();
    hash.update(bytes);
    hash.finish()
}

/// The content hash, fed piece by piece as a save writes them; the same value whatever
/// the pieces. Only consulted when size or time changed, so it needs to notice edits, not
/// resist attackers: a multiply-rotate over 8-byte words runs at memory speed, several
/// times faster than `SipHash` on a 10 MB workspace.
#[derive(Default)]
struct ContentHash {
    h: u64,
    len: u64,
    pending: [u8; 8],
    pending_len: usize,
}

impl ContentHash {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;

    fn mix(&mut self, word: u64) {
        self.h = (self.h ^ word).wrapping_mul(Self::K).rotate_left(29);
    }

    fn update(&mut self, mut bytes: &[u8]) {
        self.len += bytes.len() as u64;
        if self.pending_len > 0 {
            let take = (8 - self.pending_len).min(bytes.len());
            self.pending[self.pending_len..self.pending_len + take].copy_from_slice(&bytes[..take]);
            self.pending_len += take;
            bytes = &bytes[take..];
            if self.pending_len < 8 {
                return;
            }
            self.mix(u64::from_le_bytes(self.pending));
            self.pending_len = 0;
        }
        let mut words = bytes.chunks_exact(8);
        for w in &mut words {
            self.mix(u64::from_le_bytes(w.try_into().expect("chunks of 8")));
        }
        let rest = words.remainder();
        self.pending[..rest.len()].copy_from_slice(rest);
        self.pending_len = rest.len();
    }

    fn finish(mut self) -> u64 {
        for i in 0..self.pending_len {
            self.mix(u64::from(self.pending[i]));
        }
        self.mix(self.len);
        self.h ^ (self.h >> 32)
    }
}

/// The sidecar lock, `NAME.ron.lock`: who holds the workspace, so a second writer is
/// told and can open it read-only. Removed on drop; a stale lock left by a process that
/// died on this host is taken over.
#[derive(Debug)]
pub struct Lock {
    path: PathBuf,
}

/// Another process is writing the workspace.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{path} is open in another moments ({holder}); open it read-only with --read-only")]
pub struct LockHeld {
    pub path: PathBuf,
    /// Who holds it, e.g. "ana@laptop, process 4242, since 2026-11-23 14:05 UTC".
    pub holder: String,
}

impl Lock {
    /// The lock file for a workspace.
    pub fn path_for(workspace: &Path) -> PathBuf {
        sidecar(workspace, "lock")
    }

    pub fn acquire(workspace: &Path) -> Result<Lock, LockError> {
        let path = Self::path_for(workspace);
        for _ in 0..2 {
            match fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&path)
            {
                Ok(mut file) => {
                    // Not synced: after a crash the lock names a dead process and is taken
                    // over, so durability buys nothing and would cost a disk flush at start.
                    let who = LockInfo::mine().to_text();
                    if let Err(e) = write_bytes(&mut file, who.as_bytes()) {
                        // A lock that names nobody (a full disk) would say "unknown holder"
                        // until removed by hand: none is left.
                        drop(file);
                        let _ = fs::remove_file(&path);
                        return Err(LockError::Io(path, e));
                    }
                    return Ok(Lock { path });
                }
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                    let text = fs::read_to_string(&path).unwrap_or_default();
                    let info = LockInfo::parse(&text);
                    if info.as_ref().is_some_and(LockInfo::is_stale) || abandoned(&path, &text) {
                        let _ = fs::remove_file(&path);
                        continue;
                    }
                    return Err(LockError::Held(LockHeld {
                        path: workspace.to_path_buf(),
                        holder: info.map_or_else(|| "unknown holder".to_owned(), |i| i.describe()),
                    }));
                }
                Err(e) => return Err(LockError::Io(path, e)),
            }
        }
        Err(LockError::Io(
            path,
            io::Error::other("the lock file keeps reappearing"),
        ))
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.path);
    }
}

/// Why a lock could not be taken.
#[derive(Debug, thiserror::Error)]
pub enum LockError {
    #[error(transparent)]
    Held(LockHeld),
    #[error("{path}: could not create the lock file: {source}", path = .0.display(), source = .1)]
    Io(PathBuf, io::Error),
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct LockInfo {
    user: String,
    host: String,
    pid: u32,
    since: u64,
}

impl LockInfo {
    fn mine() -> Self {
        Self {
            user: std::env::var("USER")
                .or_else(|_| std::env::var("USERNAME"))
                .unwrap_or_else(|_| "someone".into()),
            host: hostname(),
            pid: std::process::id(),
            since: SystemTime::now()
                .duration_since(SystemTime::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs()),
        }
    }

    fn to_text(&self) -> String {
        format!(
            "user={}\nhost={}\npid={}\nsince={}\n",
            self.user, self.host, self.pid, self.since
        )
    }

    fn parse(text: &str) -> Option<Self> {
        let field = |name: &str| {
            text.lines()
                .find_map(|l| l.strip_prefix(name)?.strip_prefix('='))
                .map(str::to_owned)
        };
        Some(Self {
            user: field("user")?,
            host: field("host")?,
            pid: field("pid")?.parse().ok()?,
            since: field("since")?.parse().ok()?,
        })
    }

    /// A lock is stale when its process, on this very host, is gone.
    fn is_stale(&self) -> bool {
        self.host == hostname() && !process_alive(self.pid)
    }

    fn describe(&self) -> String {
        format!(
            "{}@{}, process {}, since {}",
            self.user,
            self.host,
            self.pid,
            crate::clock::format_utc(self.since)
        )
    }
}

/// An empty lock left long enough ago that its writer must have failed to fill it (a
/// version before this check, or a crash between creating and writing it).
fn abandoned(path: &Path, text: &str) -> bool {
    text.is_empty()
        && fs::metadata(path)
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > std::time::Duration::from_secs(10))
}

fn hostname() -> String {
    fs::read_to_string("/proc/sys/kernel/hostname")
        .or_else(|_| fs::read_to_string("/etc/hostname"))
        .map(|s| s.trim().to_owned())
        .ok()
        .filter(|s| !s.is_empty())
        .or_else(|| std::env::var("HOSTNAME").ok())
        .unwrap_or_else(|| "localhost".into())
}

fn process_alive(pid: u32) -> bool {
    if cfg!(target_os = "linux") {
        Path::new(&format!("/proc/{pid}")).exists()
    } else {
        // Without /proc we cannot tell; never take over a lock we are unsure of.
        true
    }
}

fn sidecar(path: &Path, extension: &str) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".");
    name.push(extension);
    path.with_file_name(name)
}

/// The backup of a workspace: the version before the last save.
pub fn backup_path(path: &Path) -> PathBuf {
    sidecar(path, "bak")
}

/// Writes all of `bytes`. Tests make it fail as a full disk would (see `fault`).
fn write_bytes(file: &mut fs::File, bytes: &[u8]) -> io::Result<()> {
    #[cfg(test)]
    if fault::disk_full() {
        // Part of the bytes, then no room: what a full disk does.
        file.write_all(&bytes[..bytes.len() / 2])?;
        return Err(io::Error::from(io::ErrorKind::StorageFull));
    }
    file.write_all(bytes)
}

/// Stops a step short, as a `kill -9` would, where tests ask (see `fault`).
fn crash_point(_name: &str) -> io::Result<()> {
    #[cfg(test)]
    if fault::crash_at(_name) {
        return Err(io::Error::other(format!("killed at {_name}")));
    }
    Ok(())
}

/// The faults tests inject in this thread: a full disk, or a death at a named step.
#[cfg(test)]
pub(crate) mod fault {
    use std::cell::{Cell, RefCell};

    thread_local! {
        static FULL: Cell<bool> = const { Cell::new(false) };
        static CRASH: RefCell<Option<&'static str>> = const { RefCell::new(None) };
    }

    pub fn set_disk_full(full: bool) {
        FULL.with(|f| f.set(full));
    }

    pub fn disk_full() -> bool {
        FULL.with(Cell::get)
    }

    pub fn set_crash_at(step: Option<&'static str>) {
        CRASH.with(|c| *c.borrow_mut() = step);
    }

    pub fn crash_at(step: &str) -> bool {
        CRASH.with(|c| *c.borrow() == Some(step))
    }
}

/// Writes `text` to `path` atomically: a temporary file in the same folder, synced, then
/// renamed over the old one, and the folder synced. The old version becomes `NAME.bak`.
pub fn write_atomic(path: &Path, text: &str) -> io::Result<()> {
    keep_backup(path)?;
    replace_atomic(path, text)
}

/// Writes `text` to `path` atomically, keeping no backup: for generated files (exports)
/// and the temporary files git hands a merge driver.
pub fn replace_atomic(path: &Path, text: &str) -> io::Result<()> {
    let (tmp, mut file) = create_temporary(path)?;
    let written = write_bytes(&mut file, text.as_bytes()).and_then(|()| file.sync_all());
    drop(file);
    commit(&tmp, path, written)
}

/// Keeps the current version of `path`, if any, as `NAME.bak`. The new backup is made
/// under a temporary name and renamed over the old one, so there is always a backup, even
/// for a writer killed half-way.
fn keep_backup(path: &Path) -> io::Result<()> {
    if !path.exists() {
        return Ok(());
    }
    let backup = backup_path(path);
    // A hard link keeps the old version for free; the rename then replaces the name,
    // not the old contents.
    let tmp = if let Ok(tmp) = link_temporary(path, &backup) {
        tmp
    } else {
        let (tmp, file) = create_temporary(&backup)?;
        drop(file);
        if let Err(e) = fs::copy(path, &tmp) {
            let _ = fs::remove_file(&tmp);
            return Err(e);
        }
        tmp
    };
    let renamed = crash_point("backup linked").and_then(|()| fs::rename(&tmp, &backup));
    if renamed.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    renamed
}

/// A hard link to `path` under a free temporary name next to `like`.
fn link_temporary(path: &Path, like: &Path) -> io::Result<PathBuf> {
    for n in 0..100 {
        let tmp = temporary_name(like, n);
        match fs::hard_link(path, &tmp) {
            Ok(()) => return Ok(tmp),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::other("no free name for a temporary file"))
}

/// `.NAME.tmp-PID-N` next to `path`: whose it is, so a dead writer's is recognised.
fn temporary_name(path: &Path, n: usize) -> PathBuf {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    path.with_file_name(format!(".{name}.tmp-{}-{n}", std::process::id()))
}

/// Removes the temporary files of writers that died (a `kill -9` during a save): those
/// of `path` and of its backup whose process is gone. Only called with the lock held, so
/// no live writer of this host can own them; a process of another host would hold the lock.
fn clean_temporaries(path: &Path) {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let backup = backup_path(path);
    let backup_name = backup.file_name().unwrap_or_default().to_string_lossy();
    let prefixes = [format!(".{name}.tmp-"), format!(".{backup_name}.tmp-")];
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(file_name) = file_name.to_str() else {
            continue;
        };
        let Some(rest) = prefixes
            .iter()
            .find_map(|p| file_name.strip_prefix(p.as_str()))
        else {
            continue;
        };
        let pid = rest.split('-').next().and_then(|p| p.parse::<u32>().ok());
        if let Some(pid) = pid
            && pid != std::process::id()
            && !process_alive(pid)
        {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Renames the synced temporary file over `path` and syncs the folder, or removes the
/// temporary file when writing it failed.
fn commit(tmp: &Path, path: &Path, written: io::Result<()>) -> io::Result<()> {
    // The temporary file sits next to the workspace (same file system, so the rename is
    // atomic) rather than in a subfolder: one folder to sync, not two, and no folder to
    // create and remove on every save.
    if let Err(e) = written.and_then(|()| fs::rename(tmp, path)) {
        let _ = fs::remove_file(tmp);
        return Err(e);
    }
    sync_folder(path)
}

/// A new, empty temporary file next to `path`: `.NAME.tmp-PID-N`.
fn create_temporary(path: &Path) -> io::Result<(PathBuf, fs::File)> {
    for n in 0..100 {
        let tmp = temporary_name(path, n);
        match fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
        {
            Ok(file) => return Ok((tmp, file)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::other("no free name for a temporary file"))
}

/// Makes the rename durable: sync the folder that holds `path`.
fn sync_folder(path: &Path) -> io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    if cfg!(unix) {
        fs::File::open(dir)?.sync_all()
    } else {
        // Other systems cannot open a folder as a file; their rename is already durable.
        Ok(())
    }
}

/// Whether the workspace may be written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    ReadWrite,
    ReadOnly,
}

/// An open workspace file: where it is, its lock, and what it held when loaded or saved.
#[derive(Debug)]
pub struct WorkspaceFile {
    path: PathBuf,
    lock: Option<Lock>,
    stamp: Option<Stamp>,
}

/// Why a workspace could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("{0}")]
    Load(#[from] LoadError),
    #[error(transparent)]
    Lock(#[from] LockError),
}

impl WorkspaceFile {
    /// Opens an existing workspace: locks it (unless read-only), reads and checks it.
    pub fn open(path: &Path, access: Access) -> Result<(WorkspaceFile, Workspace), OpenError> {
        // Read first: a file that does not load is never locked, let alone written.
        let (ws, stamp) = read_checked(path)?;
        let lock = match access {
            Access::ReadWrite => Some(Lock::acquire(path)?),
            Access::ReadOnly => None,
        };
        if lock.is_some() {
            clean_temporaries(path);
        }
        Ok((
            WorkspaceFile {
                path: path.to_path_buf(),
                lock,
                stamp: Some(stamp),
            },
            ws,
        ))
    }

    /// Opens an existing workspace to write if its lock can be had, and read-only, saying
    /// who holds the lock, if another process has it. The file is read once either way.
    pub fn open_or_read_only(
        path: &Path,
    ) -> Result<(WorkspaceFile, Workspace, Option<LockHeld>), OpenError> {
        let (ws, stamp) = read_checked(path)?;
        let (lock, held) = match Lock::acquire(path) {
            Ok(lock) => {
                clean_temporaries(path);
                (Some(lock), None)
            }
            Err(LockError::Held(held)) => (None, Some(held)),
            Err(e) => return Err(e.into()),
        };
        let file = WorkspaceFile {
            path: path.to_path_buf(),
            lock,
            stamp: Some(stamp),
        };
        Ok((file, ws, held))
    }

    /// Creates a new workspace file; refuses to replace one that exists.
    pub fn create(path: &Path, ws: &Workspace) -> Result<WorkspaceFile, SaveError> {
        let io_err = |source| SaveError::Io {
            path: path.to_path_buf(),
            source,
        };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            fs::create_dir_all(dir).map_err(io_err)?;
        }
        let text = to_ron(ws);
        let mut file = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(path)
            .map_err(io_err)?;
        file.write_all(text.as_bytes())
            .and_then(|()| file.sync_all())
            .map_err(io_err)?;
        drop(file);
        let lock = Lock::acquire(path).map_err(|e| io_err(io::Error::other(e.to_string())))?;
        Ok(WorkspaceFile {
            path: path.to_path_buf(),
            lock: Some(lock),
            stamp: Some(Stamp::of(path, text.as_bytes())),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn is_read_only(&self) -> bool {
        self.lock.is_none()
    }

    /// Whether someone else changed the file since it was loaded or last saved.
    pub fn changed_on_disk(&self) -> bool {
        self.stamp
            .as_ref()
            .is_none_or(|s| s.differs_from_disk(&self.path))
    }

    /// Saves atomically, unless the file changed on disk since it was loaded or saved.
    pub fn save(&mut self, ws: &Workspace) -> Result<(), SaveError> {
        if self.lock.is_none() {
            return Err(SaveError::ReadOnly(self.path.clone()));
        }
        if self.path.exists() && self.changed_on_disk() {
            return Err(SaveError::ChangedOnDisk(self.path.clone()));
        }
        self.write(ws)
    }

    /// Saves even though the file changed on disk: the user chose to keep their version.
    pub fn overwrite(&mut self, ws: &Workspace) -> Result<(), SaveError> {
        if self.lock.is_none() {
            return Err(SaveError::ReadOnly(self.path.clone()));
        }
        self.write(ws)
    }

    fn write(&mut self, ws: &Workspace) -> Result<(), SaveError> {
        let text = to_ron(ws);
        let (len, hash) = (text.len() as u64, content_hash(text.as_bytes()));
        write_atomic(&self.path, &text).map_err(|source| SaveError::Io {
            path: self.path.clone(),
            source,
        })?;
        self.stamp = Some(Stamp {
            len,
            modified: fs::metadata(&self.path).and_then(|m| m.modified()).ok(),
            hash,
        });
        Ok(())
    }

    /// Reads the file again, e.g. after someone else changed it, and takes it as the new
    /// base for conflict detection.
    pub fn reload(&mut self) -> Result<Workspace, LoadError> {
        let (ws, stamp) = read_checked(&self.path)?;
        self.stamp = Some(stamp);
        Ok(ws)
    }
}

/// Writes `ws` next to `path` as a copy that does not exist yet (`NAME.mine.ron`,
/// `NAME.mine-2.ron`…), for keeping one's own version when the file changed on disk.
pub fn save_copy(path: &Path, ws: &Workspace) -> Result<PathBuf, SaveError> {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "workspace".into());
    for n in 1..1000 {
        let name = if n == 1 {
            format!("{stem}.mine.ron")
        } else {
            format!("{stem}.mine-{n}.ron")
        };
        let candidate = path.with_file_name(name);
        if !candidate.exists() {
            WorkspaceFile::create(&candidate, ws)?;
            return Ok(candidate);
        }
    }
    Err(SaveError::Io {
        path: path.to_path_buf(),
        source: io::Error::other("no free name for a copy"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_content_hash_does_not_depend_on_the_pieces() {
        let bytes: Vec<u8> = (0..1000u32).map(|i| (i * 7 % 251) as u8).collect();
        let whole = content_hash(&bytes);
        for cuts in [[1, 2], [7, 8], [9, 500], [0, 999], [333, 334]] {
            let mut hash = ContentHash::default();
            hash.update(&bytes[..cuts[0]]);
            hash.update(&bytes[cuts[0]..cuts[1]]);
            hash.update(&bytes[cuts[1]..]);
            assert_eq!(hash.finish(), whole, "{cuts:?}");
        }
        assert_ne!(content_hash(b"ab"), content_hash(b"ba"));
        assert_ne!(content_hash(b""), content_hash(b"\0"));
    }

    #[test]
    fn finding_many_items_agrees_with_finding_each() {
        let text = crate::templates::DEMO;
        let ws = crate::templates::demo();
        let mut keys: Vec<ItemKey> = ws
            .moments
            .iter()
            .map(|m| ItemKey::Moment(m.id.clone()))
            .collect();
        keys.extend(ws.glossary.iter().map(|t| ItemKey::Term(t.term.clone())));
        keys.extend(
            ws.propositions
                .iter()
                .map(|p| ItemKey::Proposition(p.segment.clone())),
        );
        keys.extend(ws.silos.iter().map(|s| ItemKey::Silo(s.id.clone())));
        keys.push(ItemKey::Moment("M404".into()));
        keys.extend((0..=ws.parking_lot.len()).map(ItemKey::Parking));
        keys.extend((0..=ws.agenda.len()).map(ItemKey::Agenda));
        let refs: Vec<&ItemKey> = keys.iter().collect();
        let each: Vec<_> = keys.iter().map(|k| find_item(text, k)).collect();
        assert_eq!(find_items(text, &refs), each);
        assert_eq!(each[0], Some((152, 13)));
        // Entries without ids are found by their place in their list, and one past the
        // end is nowhere.
        let line = |key: ItemKey| {
            let (line, col) = find_item(text, &key).unwrap_or((0, 0));
            (
                text.lines().nth(line.wrapping_sub(1)).unwrap_or("").trim(),
                col,
            )
        };
        let last = ws.parking_lot.len() - 1;
        assert_eq!(line(ItemKey::Parking(last)), ("Parked(", 9));
        assert_eq!(line(ItemKey::Agenda(1)), ("AgendaItem(", 9));
        assert_eq!(find_item(text, &ItemKey::Agenda(ws.agenda.len())), None);
        assert_eq!(
            find_item(text, &ItemKey::Parking(ws.parking_lot.len())),
            None
        );
        assert_eq!(
            find_item(
                "Workspace(silos: [Silo(id: \"SAL\")])",
                &ItemKey::Silo("SAL".into())
            ),
            Some((1, 24))
        );
    }

    fn workshop(dir: &Path) -> PathBuf {
        let path = dir.join("w.ron");
        let ws = Workspace {
            title: "t".into(),
            ..Workspace::default()
        };
        drop(WorkspaceFile::create(&path, &ws).unwrap());
        path
    }

    #[test]
    fn a_lock_that_could_not_be_written_is_not_left_behind() {
        let dir = tempfile::tempdir().unwrap();
        let path = workshop(dir.path());
        fault::set_disk_full(true);
        let failed = WorkspaceFile::open(&path, Access::ReadWrite);
        fault::set_disk_full(false);
        assert!(matches!(failed, Err(OpenError::Lock(LockError::Io(..)))));
        assert!(!Lock::path_for(&path).exists(), "an empty lock was left");
        // The next start is not told "in use by unknown holder".
        let (_, _, held) = WorkspaceFile::open_or_read_only(&path).unwrap();
        assert_eq!(held, None);
    }

    #[test]
    fn an_empty_lock_from_long_ago_is_taken_over() {
        let dir = tempfile::tempdir().unwrap();
        let path = workshop(dir.path());
        let lock = Lock::path_for(&path);
        let file = fs::File::create(&lock).unwrap();
        // Just made: perhaps a writer between creating and filling it.
        let (_, _, held) = WorkspaceFile::open_or_read_only(&path).unwrap();
        assert!(held.is_some_and(|h| h.holder == "unknown holder"));
        let old = SystemTime::now() - std::time::Duration::from_secs(60);
        file.set_modified(old).unwrap();
        let (_, _, held) = WorkspaceFile::open_or_read_only(&path).unwrap();
        assert_eq!(held, None);
    }

    #[test]
    fn a_full_disk_during_a_save_leaves_the_file_its_backup_and_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = workshop(dir.path());
        let before = fs::read(&path).unwrap();
        let (mut file, mut ws) = WorkspaceFile::open(&path, Access::ReadWrite).unwrap();
        ws.title = "second".into();
        fault::set_disk_full(true);
        let saved = file.save(&ws);
        fault::set_disk_full(false);
        assert!(saved.is_err());
        assert_eq!(fs::read(&path).unwrap(), before);
        let names: Vec<String> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert!(names.iter().all(|n| !n.contains(".tmp-")), "{names:?}");
        file.save(&ws).unwrap();
        assert_eq!(fs::read(backup_path(&path)).unwrap(), before);
    }

    #[test]
    fn temporary_files_of_dead_writers_are_cleaned_on_the_next_open() {
        let dir = tempfile::tempdir().unwrap();
        let path = workshop(dir.path());
        // No process has this id (above any pid_max); ours and other files stay.
        let dead = [".w.ron.tmp-99999999-0", ".w.ron.bak.tmp-99999999-3"];
        let kept = [
            format!(".w.ron.tmp-{}-0", std::process::id()),
            ".other.ron.tmp-99999999-0".to_owned(),
            "w.ron.tmp-99999999-0".to_owned(),
        ];
        for name in dead.iter().copied().chain(kept.iter().map(String::as_str)) {
            fs::write(dir.path().join(name), "half a workshop").unwrap();
        }
        // Read-only does not touch them: another writer may hold the lock.
        drop(WorkspaceFile::open(&path, Access::ReadOnly).unwrap());
        assert!(dead.iter().all(|n| dir.path().join(n).exists()));
        let opened = WorkspaceFile::open(&path, Access::ReadWrite).unwrap();
        assert!(dead.iter().all(|n| !dir.path().join(n).exists()));
        assert!(kept.iter().all(|n| dir.path().join(n).exists()));
        drop(opened);
    }

    #[test]
    fn a_writer_killed_while_replacing_the_backup_leaves_one() {
        let dir = tempfile::tempdir().unwrap();
        let path = workshop(dir.path());
        let first = fs::read(&path).unwrap();
        let (mut file, mut ws) = WorkspaceFile::open(&path, Access::ReadWrite).unwrap();
        ws.title = "second".into();
        file.save(&ws).unwrap();
        assert_eq!(fs::read(backup_path(&path)).unwrap(), first);
        let second = fs::read(&path).unwrap();
        ws.title = "third".into();
        fault::set_crash_at(Some("backup linked"));
        let saved = file.save(&ws);
        fault::set_crash_at(None);
        assert!(saved.is_err());
        // Killed with the new backup made but not yet in place: the old one is whole.
        assert_eq!(fs::read(backup_path(&path)).unwrap(), first);
        assert_eq!(fs::read(&path).unwrap(), second);
        file.save(&ws).unwrap();
        assert_eq!(fs::read(backup_path(&path)).unwrap(), second);
    }
}
