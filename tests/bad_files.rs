//! One fixture per kind of broken file (`tests/fixtures/bad/`), each with its own clear
//! message naming the file, and the line and column where there is one. A file that
//! failed to load is never written, locked or backed up.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use moments::persist::file::read_checked;
use moments::persist::{Access, LoadError, LoadErrorKind, OpenError, WorkspaceFile};

fn bad(name: &str) -> PathBuf {
    common::fixture_file(&format!("bad/{name}"))
}

fn load_error(path: &Path) -> LoadError {
    read_checked(path).expect_err("the file is refused")
}

/// Loads a fixture, checks the message starts with `FILE:LINE:COL: error:` (or
/// `FILE: error:` when there is no place) and contains each of `words`.
fn refused(name: &str, position: Option<(usize, usize)>, words: &[&str]) -> LoadError {
    let path = bad(name);
    let err = load_error(&path);
    let shown = err.to_string();
    let place = match position {
        Some((line, col)) => format!("{}:{line}:{col}: error: ", path.display()),
        None => format!("{}: error: ", path.display()),
    };
    assert!(
        shown.starts_with(&place),
        "{name}: “{shown}” starts with “{place}”"
    );
    assert_eq!(err.position, position, "{name}: {shown}");
    for w in words {
        assert!(shown.contains(w), "{name}: “{shown}” mentions “{w}”");
    }
    if let Some((line, _)) = position {
        let quoted = format!("\n{line} | ");
        assert!(
            shown.contains(&quoted),
            "{name}: the offending line is shown: {shown}"
        );
    }
    err
}

#[test]
fn truncated() {
    let err = refused("truncated.ron", Some((18, 21)), &["truncated", ".bak"]);
    assert_eq!(err.kind, LoadErrorKind::Truncated);
}

#[test]
fn wrong_type() {
    let err = refused(
        "wrong-type.ron",
        Some((22, 24)),
        &[
            "expected a whole number, found a text",
            "importance: \"very\"",
        ],
    );
    assert!(matches!(err.kind, LoadErrorKind::WrongType { .. }));
}

#[test]
fn unknown_enum_variant_lists_the_valid_ones() {
    let err = refused(
        "unknown-variant.ron",
        Some((21, 22)),
        &[
            "`Fax`",
            "Channel",
            "FaceToFace, Phone, Email, Letter, Web, App, Chat",
        ],
    );
    assert!(matches!(err.kind, LoadErrorKind::UnknownVariant { .. }));
}

#[test]
fn unknown_field() {
    let err = refused(
        "unknown-field.ron",
        Some((22, 13)),
        &[
            "unknown field `colour` in Moment",
            "expected one of: id, stage, title",
        ],
    );
    assert!(matches!(err.kind, LoadErrorKind::UnknownField { .. }));
}

#[test]
fn missing_field() {
    let err = refused(
        "missing-field.ron",
        Some((23, 9)),
        &["missing field `title` in Moment"],
    );
    assert!(matches!(err.kind, LoadErrorKind::MissingField { .. }));
}

#[test]
fn dangling_reference_names_the_item_and_the_missing_id() {
    let err = refused(
        "dangling-reference.ron",
        Some((18, 13)),
        &["moment M1", "stage S9"],
    );
    assert!(matches!(err.kind, LoadErrorKind::Integrity { .. }));
}

#[test]
fn an_agenda_item_without_an_id_is_found_by_its_place_in_the_agenda() {
    let err = refused(
        "dangling-agenda-stage.ron",
        Some((15, 9)),
        &["agenda item 2", "stage S9"],
    );
    assert!(matches!(err.kind, LoadErrorKind::Integrity { .. }));
}

#[test]
fn duplicate_id() {
    let err = refused("duplicate-id.ron", Some((18, 13)), &["M1", "used twice"]);
    assert!(matches!(err.kind, LoadErrorKind::Integrity { .. }));
}

#[test]
fn newer_format() {
    let err = refused(
        "newer-format.ron",
        Some((2, 5)),
        &["format 3", "format 2", "Upgrade"],
    );
    assert_eq!(
        err.kind,
        LoadErrorKind::NewerFormat {
            found: 3,
            supported: 2
        }
    );
}

#[test]
fn empty_file() {
    let err = refused("empty.ron", None, &["empty", "moments new"]);
    assert_eq!(err.kind, LoadErrorKind::Empty);
}

#[test]
fn binary_garbage() {
    let err = refused("binary.ron", None, &["binary file"]);
    assert_eq!(err.kind, LoadErrorKind::Binary);
}

#[test]
fn invalid_utf8() {
    let err = refused("invalid-utf8.ron", Some((20, 24)), &["not valid UTF-8"]);
    assert_eq!(err.kind, LoadErrorKind::InvalidUtf8);
}

#[test]
fn a_file_over_64_mib_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.ron");
    let file = fs::File::create(&path).unwrap();
    file.set_len(64 * 1024 * 1024 + 1).unwrap(); // sparse: no disk space used
    drop(file);
    let err = load_error(&path);
    assert!(matches!(err.kind, LoadErrorKind::TooLarge { .. }));
    let shown = err.to_string();
    assert!(
        shown.starts_with(&format!("{}: error: ", path.display())),
        "{shown}"
    );
    assert!(
        shown.contains("64.0 MiB") && shown.contains("over 64 MiB"),
        "{shown}"
    );
}

#[test]
fn a_missing_file_and_a_folder_say_so() {
    let dir = tempfile::tempdir().unwrap();
    let err = load_error(&dir.path().join("nope.ron"));
    assert!(err.to_string().contains("no such file"), "{err}");
    let err = load_error(dir.path());
    assert!(err.to_string().contains("folder"), "{err}");
}

#[test]
fn a_file_that_failed_to_load_is_never_written() {
    let dir = tempfile::tempdir().unwrap();
    for entry in fs::read_dir(common::fixture_file("bad")).unwrap() {
        let source = entry.unwrap().path();
        let path = dir.path().join(source.file_name().unwrap());
        fs::copy(&source, &path).unwrap();
        let before = fs::read(&path).unwrap();
        let modified = fs::metadata(&path).unwrap().modified().unwrap();

        let err = WorkspaceFile::open(&path, Access::ReadWrite).expect_err("refused");
        assert!(
            matches!(err, OpenError::Load(_)),
            "{}: {err}",
            path.display()
        );

        assert_eq!(
            fs::read(&path).unwrap(),
            before,
            "{} unchanged",
            path.display()
        );
        assert_eq!(fs::metadata(&path).unwrap().modified().unwrap(), modified);
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        assert!(
            !dir.path().join(format!("{name}.lock")).exists(),
            "no lock left"
        );
        assert!(
            !dir.path().join(format!("{name}.bak")).exists(),
            "no backup made"
        );
    }
}
