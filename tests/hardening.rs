//! What an adversary tried through files and the command line: escape sequences in a
//! file or a CSV reaching the terminal through `check`, `diff` (also as git's diff
//! driver) and `import`; a lock left behind by a write that failed; a repeated map key;
//! a byte-order mark. The SSH side is in `tests/ssh.rs`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_moments");

/// What a terminal acts on: ESC, BEL, the other C0 controls but newline, DEL, C1 (8-bit
/// CSI, OSC…) and bidirectional overrides.
const HOSTILE: &str = "T\u{1b}]0;pwned\u{7}\u{1b}[2J\u{1b}]52;c;ZXZpbA==\u{7}\u{9b}31m\u{9d}0;x\u{9c}\u{202e}gnp.exe\u{8}";

fn acts_on_a_terminal(c: char) -> bool {
    (c.is_control() && c != '\n')
        || ('\u{202a}'..='\u{202e}').contains(&c)
        || ('\u{2066}'..='\u{2069}').contains(&c)
}

#[track_caller]
fn assert_clean(what: &str, out: &Output) {
    for (stream, bytes) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
        let text = String::from_utf8_lossy(bytes);
        let bad: Vec<char> = text.chars().filter(|&c| acts_on_a_terminal(c)).collect();
        assert!(
            bad.is_empty(),
            "{what} printed {bad:?} on {stream}:\n{text:?}"
        );
    }
}

struct Sandbox(tempfile::TempDir);

impl Sandbox {
    fn new() -> Sandbox {
        Sandbox(tempfile::tempdir().unwrap())
    }

    fn path(&self, name: &str) -> PathBuf {
        self.0.path().join(name)
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(BIN);
        cmd.args(args)
            .current_dir(self.0.path())
            .env("MOMENTS_CONFIG_DIR", self.path("config"))
            .env("MOMENTS_DATA_DIR", self.path("data"));
        cmd
    }

    fn moments(&self, args: &[&str]) -> Output {
        self.command(args).output().unwrap()
    }
}

/// The demo with its first moment's title replaced.
fn demo_titled(title: &str) -> String {
    let mut ws = moments::persist::from_ron(moments::templates::DEMO).unwrap();
    ws.moments[0].title = title.to_owned();
    moments::persist::to_ron(&ws)
}

#[test]
fn check_prints_no_escape_sequence_from_a_file() {
    let sb = Sandbox::new();
    // A syntax error on a line full of sequences: the line is quoted under the message.
    std::fs::write(
        sb.path("bad.ron"),
        format!(
            "// {}\nWorkspace(\n    format: 1,\n    title: \"{HOSTILE}\" oops,\n)\n",
            "A workshop file with a title full of escape sequences. ".repeat(8)
        ),
    )
    .unwrap();
    let out = sb.moments(&["check", "bad.ron"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("bad.ron:4:"), "{err}");
    assert_clean("check of a broken file", &out);
    // Findings quote titles; JSON escapes rather than drops.
    std::fs::write(sb.path("w.ron"), demo_titled(HOSTILE)).unwrap();
    for format in ["text", "json"] {
        let out = sb.moments(&["check", "w.ron", "--format", format]);
        assert_clean("check", &out);
    }
    // A file name is text from outside too.
    let named = format!("x{}.ron", "\u{1b}[2J");
    std::fs::write(sb.path(&named), "not ron").unwrap();
    assert_clean("check of a strange name", &sb.moments(&["check", &named]));
}

#[test]
fn diff_prints_no_escape_sequence_also_as_git_driver() {
    let sb = Sandbox::new();
    std::fs::write(sb.path("old.ron"), demo_titled("Plain")).unwrap();
    std::fs::write(sb.path("new.ron"), demo_titled(HOSTILE)).unwrap();
    for format in ["text", "json"] {
        let out = sb.moments(&["diff", "old.ron", "new.ron", "--format", format]);
        assert_eq!(out.status.code(), Some(1), "{out:?}");
        assert!(!out.stdout.is_empty());
        assert_clean("diff", &out);
    }
    // git runs the driver as: path old-file old-hex old-mode new-file new-hex new-mode.
    let out = sb.moments(&[
        "diff",
        "--git-external",
        "w\u{1b}[2J.ron",
        "old.ron",
        "1111111",
        "100644",
        "new.ron",
        "2222222",
        "100644",
    ]);
    assert!(out.status.success(), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("moments diff"));
    assert_clean("git's diff driver", &out);
}

#[test]
fn import_errors_print_no_escape_sequence_from_the_csv() {
    let sb = Sandbox::new();
    std::fs::write(
        sb.path("bad.csv"),
        format!("title,stage_name,channel\nA,Onboarding,{HOSTILE}\n"),
    )
    .unwrap();
    let out = sb.moments(&["import", "new.ron", "--from", "csv", "bad.csv"]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("row 2"));
    assert_clean("import", &out);
}

#[test]
fn a_map_key_written_twice_is_an_error_with_its_line() {
    let sb = Sandbox::new();
    let text = moments::templates::DEMO;
    let once = r#"also_called: {"BIL": "Billing start", "#;
    assert!(text.contains(once), "the demo's glossary changed");
    let twice = text.replacen(once, &format!("{once}\"BIL\": \"Bad\", "), 1);
    std::fs::write(sb.path("w.ron"), &twice).unwrap();
    let out = sb.moments(&["check", "w.ron"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    let line = twice
        .lines()
        .position(|l| l.contains("also_called"))
        .unwrap()
        + 1;
    assert!(err.contains(&format!("w.ron:{line}:")), "{err}");
    assert!(err.contains("appears twice"), "{err}");
}

#[test]
fn a_file_starting_with_a_byte_order_mark_loads() {
    let sb = Sandbox::new();
    std::fs::write(
        sb.path("w.ron"),
        format!("\u{feff}{}", moments::templates::DEMO),
    )
    .unwrap();
    let out = sb.moments(&["check", "w.ron"]);
    assert_ne!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Runs `moments` with a file-size limit of `blocks` (of 512 or 1024 bytes, by shell):
/// writes past it fail as on a full disk (EFBIG; SIGXFSZ ignored so the write returns an
/// error instead of killing the process). `None` where no shell can set the limit.
fn with_room(sb: &Sandbox, blocks: u32, args: &[&str]) -> Option<Output> {
    let sh = Path::new("/bin/sh");
    if !sh.exists() {
        eprintln!("skipped: no /bin/sh to limit file sizes with");
        return None;
    }
    let mut script = format!("trap '' XFSZ; ulimit -f {blocks} || exit 99; exec \"$0\"");
    for i in 1..=args.len() {
        script.push_str(&format!(" \"${i}\""));
    }
    let out = Command::new(sh)
        .arg("-c")
        .arg(script)
        .arg(BIN)
        .args(args)
        .current_dir(sb.0.path())
        .env("MOMENTS_CONFIG_DIR", sb.path("config"))
        .env("MOMENTS_DATA_DIR", sb.path("data"))
        .output()
        .unwrap();
    if out.status.code() == Some(99) {
        eprintln!("skipped: this shell cannot limit file sizes");
        return None;
    }
    Some(out)
}

#[test]
fn a_lock_that_could_not_be_written_is_not_left_behind() {
    let sb = Sandbox::new();
    std::fs::write(sb.path("w.ron"), moments::templates::DEMO).unwrap();
    std::fs::write(
        sb.path("in.csv"),
        "title,stage_name\nWelcome call,Onboarding\n",
    )
    .unwrap();
    // Importing into an existing workspace takes its lock first.
    let Some(out) = with_room(&sb, 0, &["import", "w.ron", "--from", "csv", "in.csv"]) else {
        return;
    };
    assert!(!out.status.success(), "{out:?}");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("lock"),
        "{out:?}"
    );
    assert!(
        !sb.path("w.ron.lock").exists(),
        "an empty lock was left behind"
    );
    // With room again, the workspace is not "in use by unknown holder".
    let out = sb.moments(&["import", "w.ron", "--from", "csv", "in.csv"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_save_that_runs_out_of_room_leaves_the_file_whole_and_no_temporary() {
    let sb = Sandbox::new();
    std::fs::write(sb.path("w.ron"), moments::templates::DEMO).unwrap();
    std::fs::write(
        sb.path("in.csv"),
        "title,stage_name\nWelcome call,Onboarding\n",
    )
    .unwrap();
    // Room for the lock (a hundred bytes), not for the workspace (tens of KiB).
    let Some(out) = with_room(&sb, 1, &["import", "w.ron", "--from", "csv", "in.csv"]) else {
        return;
    };
    assert!(!out.status.success(), "{out:?}");
    assert_eq!(
        std::fs::read_to_string(sb.path("w.ron")).unwrap(),
        moments::templates::DEMO
    );
    let left: Vec<String> = std::fs::read_dir(sb.0.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".tmp-") || n.ends_with(".lock"))
        .collect();
    assert!(left.is_empty(), "left behind: {left:?}");
    // The backup is the version before, whole.
    assert_eq!(
        std::fs::read_to_string(sb.path("w.ron.bak")).unwrap(),
        moments::templates::DEMO
    );
}
