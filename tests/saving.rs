//! Safe saving: atomic with a backup, one writer at a time, never over someone else's
//! changes, and stale locks taken over.

mod common;

use std::fs;
use std::path::Path;

use moments::model::Edit;
use moments::persist::file::backup_path;
use moments::persist::{
    Access, Lock, LockError, OpenError, SaveError, WorkspaceFile, from_ron, to_ron,
};

fn new_workspace(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("workshop.ron");
    let file = WorkspaceFile::create(&path, &common::demo()).unwrap();
    drop(file);
    path
}

#[test]
fn saving_is_atomic_and_keeps_the_previous_version() {
    let dir = tempfile::tempdir().unwrap();
    let path = new_workspace(dir.path());
    let original = fs::read_to_string(&path).unwrap();

    let (mut file, mut ws) = WorkspaceFile::open(&path, Access::ReadWrite).unwrap();
    Edit::SetTitle("Day two".into()).apply(&mut ws).unwrap();
    file.save(&ws).unwrap();

    assert_eq!(fs::read_to_string(&path).unwrap(), to_ron(&ws));
    let backup = backup_path(&path);
    assert_eq!(backup.file_name().unwrap(), "workshop.ron.bak");
    assert_eq!(fs::read_to_string(&backup).unwrap(), original);
    // No temporary files are left in the folder.
    let mut names: Vec<String> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["workshop.ron", "workshop.ron.bak", "workshop.ron.lock"]
    );

    // Saving again moves the backup on by one version.
    Edit::SetTitle("Day three".into()).apply(&mut ws).unwrap();
    file.save(&ws).unwrap();
    assert!(fs::read_to_string(&backup).unwrap().contains("Day two"));
    drop(file);
    assert!(
        !Lock::path_for(&path).exists(),
        "the lock goes with the file"
    );
}

#[test]
fn a_second_writer_is_told_who_holds_the_file_and_can_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = new_workspace(dir.path());
    let (_first, ws) = WorkspaceFile::open(&path, Access::ReadWrite).unwrap();

    match WorkspaceFile::open(&path, Access::ReadWrite) {
        Err(OpenError::Lock(LockError::Held(held))) => {
            assert_eq!(held.path, path);
            let pid = std::process::id().to_string();
            assert!(held.holder.contains(&pid), "{}", held.holder);
            let message = held.to_string();
            assert!(message.contains("read-only"), "{message}");
        }
        other => panic!("expected LockHeld, got {other:?}"),
    }

    let (mut reader, read) = WorkspaceFile::open(&path, Access::ReadOnly).unwrap();
    assert_eq!(read, ws);
    assert!(reader.is_read_only());
    assert!(matches!(reader.save(&read), Err(SaveError::ReadOnly(_))));

    // What the app does: one read, read-only when the lock is held, saying by whom.
    let (mut shared, read, held) = WorkspaceFile::open_or_read_only(&path).unwrap();
    assert_eq!(read, ws);
    let pid = std::process::id().to_string();
    assert!(held.is_some_and(|h| h.holder.contains(&pid)));
    assert!(shared.is_read_only());
    assert!(matches!(shared.save(&read), Err(SaveError::ReadOnly(_))));
    drop(_first);
    let (writer, _, held) = WorkspaceFile::open_or_read_only(&path).unwrap();
    assert!(held.is_none());
    assert!(!writer.is_read_only());
    assert!(Lock::path_for(&path).exists());
}

#[test]
fn a_file_changed_on_disk_is_not_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let path = new_workspace(dir.path());
    let (mut file, mut ws) = WorkspaceFile::open(&path, Access::ReadWrite).unwrap();
    assert!(!file.changed_on_disk());

    // Someone else saves a different version (e.g. from a text editor or git pull).
    let theirs = fs::read_to_string(&path)
        .unwrap()
        .replace("onboarding and retention", "theirs");
    fs::write(&path, &theirs).unwrap();
    assert!(file.changed_on_disk());

    Edit::SetTitle("Mine".into()).apply(&mut ws).unwrap();
    let err = file.save(&ws).unwrap_err();
    assert!(matches!(err, SaveError::ChangedOnDisk(_)), "{err}");
    assert!(err.to_string().contains("changed on disk"), "{err}");
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        theirs,
        "their version stays"
    );

    // Reloading takes their version as the new base; saving then works.
    let reloaded = file.reload().unwrap();
    assert!(reloaded.title.contains("theirs"));
    file.save(&ws).unwrap();
    assert_eq!(from_ron(&fs::read_to_string(&path).unwrap()).unwrap(), ws);
}

#[test]
fn touching_a_file_is_not_a_change() {
    let dir = tempfile::tempdir().unwrap();
    let path = new_workspace(dir.path());
    let (mut file, ws) = WorkspaceFile::open(&path, Access::ReadWrite).unwrap();
    let text = fs::read(&path).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    fs::write(&path, text).unwrap(); // same bytes, new time
    assert!(!file.changed_on_disk());
    file.save(&ws).unwrap();
}

fn hostname() -> String {
    fs::read_to_string("/proc/sys/kernel/hostname")
        .map(|s| s.trim().to_owned())
        .unwrap_or_default()
}

#[test]
#[cfg(target_os = "linux")]
fn a_stale_lock_of_a_dead_process_on_this_host_is_taken_over() {
    let dir = tempfile::tempdir().unwrap();
    let path = new_workspace(dir.path());
    let mut child = std::process::Command::new("true").spawn().unwrap();
    let dead = child.id();
    child.wait().unwrap();
    let lock = Lock::path_for(&path);
    fs::write(
        &lock,
        format!(
            "user=ghost\nhost={}\npid={dead}\nsince=1700000000\n",
            hostname()
        ),
    )
    .unwrap();

    let (_file, _) = WorkspaceFile::open(&path, Access::ReadWrite).expect("stale lock taken over");
    let text = fs::read_to_string(&lock).unwrap();
    assert!(
        text.contains(&format!("pid={}", std::process::id())),
        "{text}"
    );
}

#[test]
fn a_lock_held_on_another_host_is_respected() {
    let dir = tempfile::tempdir().unwrap();
    let path = new_workspace(dir.path());
    fs::write(
        Lock::path_for(&path),
        "user=ana\nhost=projector-laptop\npid=1\nsince=1700000000\n",
    )
    .unwrap();
    match WorkspaceFile::open(&path, Access::ReadWrite) {
        Err(OpenError::Lock(LockError::Held(held))) => {
            assert!(
                held.holder.contains("ana@projector-laptop"),
                "{}",
                held.holder
            );
        }
        other => panic!("expected LockHeld, got {other:?}"),
    }
}

#[test]
fn creating_never_replaces_an_existing_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = new_workspace(dir.path());
    let before = fs::read(&path).unwrap();
    assert!(WorkspaceFile::create(&path, &Default::default()).is_err());
    assert_eq!(fs::read(&path).unwrap(), before);
}
