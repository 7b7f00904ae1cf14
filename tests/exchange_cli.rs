//! `moments export`, `import`, `diff` and `merge` from the built binary, and the merge
//! and diff drivers inside a real git repository.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use moments::model::{Status, Workspace};
use moments::persist::{from_ron, to_ron};

const BIN: &str = env!("CARGO_BIN_EXE_moments");

struct Sandbox {
    dir: tempfile::TempDir,
}

impl Sandbox {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("config")).unwrap();
        std::fs::create_dir_all(dir.path().join("data")).unwrap();
        Self { dir }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn moments(&self, args: &[&str]) -> Output {
        Command::new(BIN)
            .args(args)
            .current_dir(self.dir.path())
            .env("MOMENTS_CONFIG_DIR", self.path("config"))
            .env("MOMENTS_DATA_DIR", self.path("data"))
            .output()
            .unwrap()
    }

    fn write(&self, name: &str, ws: &Workspace) -> PathBuf {
        let path = self.path(name);
        std::fs::write(&path, to_ron(ws)).unwrap();
        path
    }

    fn read(&self, name: &str) -> Workspace {
        from_ron(&std::fs::read_to_string(self.path(name)).unwrap()).unwrap()
    }
}

fn small() -> Workspace {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/export/small.ron");
    from_ron(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn export_prints_or_writes_every_format() {
    let sb = Sandbox::new();
    sb.write("w.ron", &small());
    for format in ["md", "html", "csv", "mermaid", "json"] {
        let out = sb.moments(&["export", "w.ron", "--to", format]);
        assert!(out.status.success(), "{format}: {}", stderr(&out));
        assert_eq!(
            stdout(&out),
            moments::exchange::export(&small(), clap::ValueEnum::from_str(format, false).unwrap())
        );
        let file = format!("out.{format}");
        let out = sb.moments(&["export", "w.ron", "--to", format, "-o", &file]);
        assert!(out.status.success() && out.stdout.is_empty());
        assert!(std::fs::metadata(sb.path(&file)).unwrap().len() > 0);
    }
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(sb.path("out.json")).unwrap()).unwrap();
    assert_eq!(json["moments"][0]["id"], "M1");
    let missing = sb.moments(&["export", "nope.ron", "--to", "md"]);
    assert_eq!(missing.status.code(), Some(2));
}

#[test]
fn import_dry_run_writes_nothing_and_bad_rows_write_nothing() {
    let sb = Sandbox::new();
    std::fs::write(
        sb.path("inv.csv"),
        "title,stage_name,owners\nWelcome call,Onboarding,SVC:A\n",
    )
    .unwrap();
    let out = sb.moments(&["import", "new.ron", "--from", "csv", "inv.csv", "--dry-run"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("Would import"));
    assert!(!sb.path("new.ron").exists());

    let out = sb.moments(&["import", "new.ron", "--from", "csv", "inv.csv"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let ws = sb.read("new.ron");
    assert_eq!(ws.moments[0].title, "Welcome call");
    assert_eq!(ws.stages[0].name, "Onboarding");

    let before = std::fs::read_to_string(sb.path("new.ron")).unwrap();
    std::fs::write(
        sb.path("bad.csv"),
        "title,stage_name,channel\nFine,Onboarding,Web\nBad,Onboarding,Pigeon\n",
    )
    .unwrap();
    let out = sb.moments(&["import", "new.ron", "--from", "csv", "bad.csv"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("bad.csv: row 3: channel “Pigeon” is not one of"));
    assert_eq!(std::fs::read_to_string(sb.path("new.ron")).unwrap(), before);

    let out = sb.moments(&[
        "import",
        "new.ron",
        "--from",
        "csv",
        "bad.csv",
        "--map",
        "channel=colour",
    ]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn diff_exit_codes_follow_diff() {
    let sb = Sandbox::new();
    let old = small();
    let mut new = old.clone();
    new.moments[0].status = Status::Proposed;
    sb.write("old.ron", &old);
    sb.write("same.ron", &old);
    sb.write("new.ron", &new);
    let same = sb.moments(&["diff", "old.ron", "same.ron"]);
    assert_eq!(same.status.code(), Some(0));
    assert!(same.stdout.is_empty());
    let differ = sb.moments(&["diff", "old.ron", "new.ron"]);
    assert_eq!(differ.status.code(), Some(1));
    assert!(stdout(&differ).contains("    status: Agreed → Proposed"));
    let json = sb.moments(&["diff", "old.ron", "new.ron", "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&stdout(&json)).unwrap();
    assert_eq!(doc["changes"][0]["field"], "status");
    assert_eq!(
        sb.moments(&["diff", "old.ron", "missing.ron"])
            .status
            .code(),
        Some(2)
    );
    let git = sb.moments(&[
        "diff",
        "--git-external",
        "board.ron",
        "old.ron",
        "abc",
        "100644",
        "new.ron",
        "def",
        "100644",
    ]);
    assert_eq!(
        git.status.code(),
        Some(0),
        "git stops on a non-zero external diff"
    );
    assert!(stdout(&git).starts_with("moments diff board.ron\n~ moment M1"));
}

#[test]
fn merge_exit_codes_and_check_flags_conflicts() {
    let sb = Sandbox::new();
    let base = small();
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    ours.moments[0].votes = 10;
    theirs.moments[1].votes = 4;
    sb.write("base.ron", &base);
    sb.write("ours.ron", &ours);
    sb.write("theirs.ron", &theirs);
    let out = sb.moments(&[
        "merge",
        "base.ron",
        "ours.ron",
        "theirs.ron",
        "-o",
        "out.ron",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let merged = sb.read("out.ron");
    assert_eq!((merged.moments[0].votes, merged.moments[1].votes), (10, 4));

    theirs.moments[0].votes = 1;
    sb.write("theirs.ron", &theirs);
    let out = sb.moments(&[
        "merge",
        "base.ron",
        "ours.ron",
        "theirs.ron",
        "-o",
        "ours.ron",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains(
        "CONFLICT (moments) in ours.ron: moment M1 votes: ours 10, theirs 1; kept our version"
    ));
    assert!(
        !sb.path("ours.ron.bak").exists(),
        "no backup litter next to git's files"
    );
    let check = sb.moments(&["check", "ours.ron"]);
    assert_eq!(check.status.code(), Some(1));
    assert!(
        stdout(&check).contains("error[merge-conflict]: M1"),
        "{}",
        stdout(&check)
    );

    std::fs::write(sb.path("broken.ron"), "Workspace(").unwrap();
    let out = sb.moments(&[
        "merge",
        "broken.ron",
        "ours.ron",
        "theirs.ron",
        "-o",
        "x.ron",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(!sb.path("x.ron").exists());
}

// ---- git ----------------------------------------------------------------------------

fn git_available() -> bool {
    let found = Command::new("git")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        assert!(
            std::env::var_os("CI").is_none(),
            "git is required on CI for the merge-driver test"
        );
        eprintln!("skipped: git is not installed");
    }
    found
}

fn git(sb: &Sandbox, args: &[&str]) -> Output {
    Command::new("git")
        .args(args)
        .current_dir(sb.path("repo"))
        .env("HOME", sb.path("home"))
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", sb.path("home/.gitconfig"))
        .env("GIT_AUTHOR_NAME", "Test")
        .env("GIT_AUTHOR_EMAIL", "test@example.com")
        .env("GIT_COMMITTER_NAME", "Test")
        .env("GIT_COMMITTER_EMAIL", "test@example.com")
        .env("MOMENTS_CONFIG_DIR", sb.path("config"))
        .env("MOMENTS_DATA_DIR", sb.path("data"))
        .output()
        .unwrap()
}

fn git_ok(sb: &Sandbox, args: &[&str]) -> String {
    let out = git(sb, args);
    assert!(
        out.status.success(),
        "git {args:?}: {}{}",
        stdout(&out),
        stderr(&out)
    );
    stdout(&out)
}

fn commit(sb: &Sandbox, ws: &Workspace, message: &str) {
    sb.write("repo/board.ron", ws);
    git_ok(sb, &["add", "board.ron"]);
    git_ok(sb, &["commit", "-q", "-m", message]);
}

#[test]
fn git_merges_workspaces_with_the_moments_driver() {
    if !git_available() {
        return;
    }
    let sb = Sandbox::new();
    std::fs::create_dir_all(sb.path("repo")).unwrap();
    std::fs::create_dir_all(sb.path("home")).unwrap();
    git_ok(&sb, &["init", "-q", "-b", "main"]);
    git_ok(&sb, &["config", "commit.gpgsign", "false"]);
    git_ok(
        &sb,
        &[
            "config",
            "merge.moments.driver",
            &format!("'{BIN}' merge %O %A %B -o %A --name %P"),
        ],
    );
    git_ok(
        &sb,
        &["config", "merge.moments.name", "moments semantic merge"],
    );
    git_ok(
        &sb,
        &[
            "config",
            "diff.moments.command",
            &format!("'{BIN}' diff --git-external"),
        ],
    );
    std::fs::write(
        sb.path("repo/.gitattributes"),
        "*.ron merge=moments diff=moments\n",
    )
    .unwrap();
    git_ok(&sb, &["add", ".gitattributes"]);
    let base = small();
    commit(&sb, &base, "base");

    // Two branches change different moments: a clean merge.
    git_ok(&sb, &["checkout", "-q", "-b", "ours"]);
    let mut ours = base.clone();
    ours.moments[0].votes = 11;
    ours.moments[0].title = "Price check on the web".into();
    commit(&sb, &ours, "ours: M1");
    git_ok(&sb, &["checkout", "-q", "-b", "theirs", "main"]);
    let mut theirs = base.clone();
    theirs.moments[1].status = Status::Agreed;
    theirs.moments[1].votes = 2;
    commit(&sb, &theirs, "theirs: M2");
    let diff = git_ok(&sb, &["diff", "main", "theirs", "--", "board.ron"]);
    assert!(diff.contains("~ moment M2 “Quote by email”"), "{diff}");
    assert!(diff.contains("    status: Proposed → Agreed"), "{diff}");

    git_ok(&sb, &["checkout", "-q", "ours"]);
    git_ok(&sb, &["merge", "-q", "--no-edit", "theirs"]);
    let merged = sb.read("repo/board.ron");
    assert_eq!(merged.moments[0].votes, 11);
    assert_eq!(merged.moments[0].title, "Price check on the web");
    assert_eq!(merged.moments[1].status, Status::Agreed);
    assert_eq!(merged.moments[1].votes, 2);
    let check = sb.moments(&["check", "repo/board.ron"]);
    assert!(stdout(&check).contains(": 0 errors"), "{}", stdout(&check));

    // A real conflict: both branches retitle M3.
    git_ok(&sb, &["checkout", "-q", "-b", "left", "main"]);
    let mut left = base.clone();
    left.moments[2].title = "First bill, explained".into();
    commit(&sb, &left, "left: M3");
    git_ok(&sb, &["checkout", "-q", "-b", "right", "main"]);
    let mut right = base.clone();
    right.moments[2].title = "First invoice".into();
    commit(&sb, &right, "right: M3");
    // A text merge would leave `<<<<<<<` lines that do not parse; the driver's result loads.
    let out = git(&sb, &["merge", "--no-edit", "left"]);
    assert!(!out.status.success(), "the conflict must stop the merge");
    // The driver's messages name the workspace, not git's temporary copy of it.
    let said = format!("{}{}", stdout(&out), stderr(&out));
    assert!(
        said.contains("CONFLICT (moments) in board.ron: moment M3 title")
            && said.contains("kept our version"),
        "{said}"
    );
    assert!(!said.contains(".merge_file"), "{said}");
    let conflicted = sb.read("repo/board.ron");
    assert_eq!(conflicted.moments[2].title, "First invoice", "ours is kept");
    assert!(
        conflicted.moments[2]
            .notes
            .contains("theirs: “First bill, explained”")
    );
    let check = sb.moments(&["check", "repo/board.ron"]);
    assert_eq!(check.status.code(), Some(1));
    assert!(
        stdout(&check).contains("error[merge-conflict]: M3"),
        "{}",
        stdout(&check)
    );
    let untracked = git_ok(&sb, &["status", "--porcelain", "--untracked-files=all"]);
    assert!(!untracked.contains(".bak"), "{untracked}");
}

#[test]
fn export_to_svg_draws_a_view_and_refuses_bad_flags() {
    let sb = Sandbox::new();
    sb.write("w.ron", &small());
    let out = sb.moments(&[
        "export",
        "w.ron",
        "--to",
        "svg",
        "--view",
        "experience",
        "--size",
        "100x30",
        "--theme",
        "light",
        "-o",
        "w.svg",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let svg = std::fs::read_to_string(sb.path("w.svg")).unwrap();
    assert!(svg.starts_with("<svg ") && svg.ends_with("</svg>\n"));
    assert!(
        svg.contains("width=\"900\" height=\"540\""),
        "100×30 cells of 9×18 px"
    );
    assert!(
        svg.contains("fill=\"#ffffff\""),
        "the light theme's background"
    );
    assert!(svg.contains("Experience"), "the view asked for");
    for (flag, value, said) in [
        ("--view", "kanban", "no such view"),
        ("--size", "10x5", "expected COLSxROWS"),
        ("--size", "wide", "expected COLSxROWS"),
    ] {
        let out = sb.moments(&["export", "w.ron", "--to", "svg", flag, value]);
        assert_eq!(out.status.code(), Some(2), "{flag} {value}");
        assert!(
            stderr(&out).contains(said),
            "{flag} {value}: {}",
            stderr(&out)
        );
    }
}

#[test]
fn import_takes_a_delimiter_and_an_owner_role() {
    let sb = Sandbox::new();
    std::fs::write(
        sb.path("in.csv"),
        "title|stage_name|owners\nCheckout|Ordering|Sales, Billing\n",
    )
    .unwrap();
    let out = sb.moments(&[
        "import",
        "new.ron",
        "--from",
        "csv",
        "in.csv",
        "--delimiter",
        "|",
        "--owner-role",
        "R",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let ws = sb.read("new.ron");
    assert_eq!(ws.moments[0].owners.len(), 2);
    assert!(
        ws.moments[0]
            .owners
            .iter()
            .all(|o| o.role == moments::model::Role::Responsible)
    );
    let out = sb.moments(&[
        "import",
        "x.ron",
        "--from",
        "csv",
        "in.csv",
        "--delimiter",
        "::",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("--delimiter `::` is not a delimiter"),
        "{}",
        stderr(&out)
    );
}
