//! The built binary: `check`, `new`, `templates`, with config and data in temp folders.

mod common;

use std::fs;

use common::{fixture_file, moments, stderr, stdout};

#[test]
fn check_exits_0_when_clean_and_1_with_findings() {
    let home = tempfile::tempdir().unwrap();
    // The DESIGN.md example has only an info finding: clean.
    let out = moments(home.path())
        .args(["check"])
        .arg(fixture_file("design-example.ron"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("info[no-responsible]: M1:"),
        "{}",
        stdout(&out)
    );

    let demo = home.path().join("demo.ron");
    fs::write(&demo, moments::templates::DEMO).unwrap();
    let out = moments(home.path())
        .arg("check")
        .arg(&demo)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    // One line per finding, FILE:LINE:COL: severity[rule]: ID: message, then a summary.
    let first = format!("{}:333:13: warning[no-accountable]: M11: ", demo.display());
    assert!(lines[0].starts_with(&first), "{}", lines[0]);
    assert!(
        lines
            .iter()
            .any(|l| l.contains("warning[several-accountable]: M14: "))
    );
    assert!(
        lines
            .iter()
            .any(|l| l.contains("warning[critical-without-kpi]: M20: "))
    );
    assert!(
        lines
            .iter()
            .any(|l| l.contains("warning[painful-handoff]: H1: "))
    );
    // And the format-2 rules: assumed evidence, KPIs off plan, a stage short of resources.
    for rule in [
        "warning[assumed-failing]: M8: ",
        "warning[kpi-off-plan]: M11: ",
        "warning[kpi-off-plan]: M21: ",
        "warning[stage-under-resourced]: S4: ",
    ] {
        assert!(lines.iter().any(|l| l.contains(rule)), "{rule}\n{text}");
    }
    assert_eq!(lines.len(), 9);
    assert_eq!(
        lines[8],
        format!("{}: 0 errors, 8 warnings, 0 info", demo.display())
    );
}

#[test]
fn check_exits_2_with_the_place_and_the_line_when_a_file_cannot_be_parsed() {
    let home = tempfile::tempdir().unwrap();
    let bad = fixture_file("bad/unknown-variant.ron");
    let out = moments(home.path())
        .arg("check")
        .arg(&bad)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.starts_with(&format!(
            "{}:21:22: error: unknown value `Fax`",
            bad.display()
        )),
        "{err}"
    );
    assert!(err.contains("21 |             channel: Fax,"), "{err}");
    assert!(err.contains("^"), "{err}");

    // Several files: the worst outcome decides; the good file is still reported.
    let out = moments(home.path())
        .arg("check")
        .arg(fixture_file("design-example.ron"))
        .arg(&bad)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let text = stdout(&out);
    assert!(
        text.contains("design-example.ron: 0 errors, 0 warnings, 2 info"),
        "{text}"
    );
    // A format-1 file says it will be migrated, and is not written.
    assert!(
        text.contains("design-example.ron: note: format 1; it will be migrated to format 2"),
        "{text}"
    );

    let out = moments(home.path())
        .args(["check", "/no/such/file.ron"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("/no/such/file.ron: error: no such file"));
}

#[test]
fn check_reports_integrity_errors_as_findings() {
    let home = tempfile::tempdir().unwrap();
    let file = fixture_file("bad/dangling-reference.ron");
    let out = moments(home.path())
        .arg("check")
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains(&format!(
            "{}:18:13: error[dangling-reference]: M1: moment M1 is in stage S9",
            file.display()
        )),
        "{}",
        stdout(&out)
    );
}

#[test]
fn check_json_is_for_machines() {
    let home = tempfile::tempdir().unwrap();
    let demo = home.path().join("demo.ron");
    fs::write(&demo, moments::templates::DEMO).unwrap();
    let out = moments(home.path())
        .args(["check", "--format", "json"])
        .arg(&demo)
        .arg(fixture_file("bad/truncated.ron"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    let files = doc["files"].as_array().unwrap();
    assert_eq!(files.len(), 2);
    assert_eq!(files[0]["ok"], false);
    assert_eq!(files[0]["format"], 2);
    assert_eq!(files[0]["migrates_to"], serde_json::Value::Null);
    let findings = files[0]["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 8);
    assert!(findings.iter().any(|f| f["rule"] == "kpi-off-plan"));
    assert_eq!(findings[0]["rule"], "no-accountable");
    assert_eq!(findings[0]["severity"], "warning");
    assert_eq!(findings[0]["item"]["kind"], "moment");
    assert_eq!(findings[0]["item"]["id"], "M11");
    assert_eq!(findings[0]["line"], 333);
    assert_eq!(files[1]["error"]["line"], 18);
    assert!(
        files[1]["error"]["message"]
            .as_str()
            .unwrap()
            .contains("truncated")
    );
}

#[test]
fn new_creates_from_a_template_and_never_overwrites() {
    let home = tempfile::tempdir().unwrap();
    let path = home.path().join("sub/workshop.ron");
    let out = moments(home.path())
        .args(["new", "--template", "subscription"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("subscription"));
    let text = fs::read_to_string(&path).unwrap();
    let ws = moments::persist::from_ron(&text).unwrap();
    assert!(ws.stages.iter().any(|s| s.name == "Win-back"));
    assert!(
        !path.with_extension("ron.lock").exists(),
        "no lock left behind"
    );

    fs::write(&path, "hand edited").unwrap();
    let out = moments(home.path()).arg("new").arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("already exists"), "{}", stderr(&out));
    assert_eq!(fs::read_to_string(&path).unwrap(), "hand edited");

    let out = moments(home.path())
        .args(["new", "--template", "nope"])
        .arg(home.path().join("x.ron"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("blank, purchase-cycle, subscription, demo"));

    // The default template is the purchase cycle; every template passes its own check.
    let plain = home.path().join("plain.ron");
    let out = moments(home.path())
        .arg("new")
        .arg(&plain)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(
        fs::read_to_string(&plain)
            .unwrap()
            .contains("Purchase cycle")
    );
}

#[test]
fn templates_are_listed() {
    let home = tempfile::tempdir().unwrap();
    let out = moments(home.path()).arg("templates").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let names: Vec<String> = stdout(&out)
        .lines()
        .map(|l| l.split_whitespace().next().unwrap().to_owned())
        .collect();
    assert_eq!(names, ["blank", "purchase-cycle", "subscription", "demo"]);
}

#[test]
fn every_command_has_help() {
    let home = tempfile::tempdir().unwrap();
    for args in [&["--help"][..], &["check", "--help"], &["new", "--help"]] {
        let out = moments(home.path()).args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        assert!(stdout(&out).contains("Usage:"), "{args:?}");
    }
    let out = moments(home.path()).arg("check").output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(2),
        "a missing FILE is a usage error"
    );
}
