//! CSV import of what spreadsheets really write: a byte-order mark and CRLF, quoted line
//! breaks, semicolons (Excel in much of Europe), tabs, owners as plain silo names, a
//! segment rated twice, Windows-1252, and terminal controls in cells. Fixtures live in
//! `tests/fixtures/import/`.

use std::path::Path;

use moments::exchange::import::{Options, import_csv, import_csv_with};
use moments::model::{Experience, Role, SegmentId, Workspace};

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/import")
            .join(name),
    )
    .unwrap()
}

fn import(name: &str) -> Workspace {
    import_csv(&Workspace::default(), &fixture(name), &[])
        .unwrap_or_else(|e| panic!("{name}: {e:?}"))
        .workspace
}

fn owners(ws: &Workspace, moment: usize) -> Vec<(String, Role)> {
    ws.moments[moment]
        .owners
        .iter()
        .map(|o| {
            let name = ws.silo(&o.silo).map_or(String::new(), |s| s.name.clone());
            (name, o.role)
        })
        .collect()
}

#[test]
fn a_bom_crlf_and_quoted_line_breaks_import() {
    let ws = import("bom-crlf.csv");
    assert_eq!(ws.moments.len(), 2);
    assert_eq!(
        ws.moments[0].title, "Coverage check",
        "the BOM is not in the title"
    );
    assert_eq!(
        ws.moments[0].description, "First line\nsecond line, with a comma",
        "a quoted line break is kept as a line break, without its carriage return"
    );
    assert_eq!(ws.moments[1].title, "Plan \"Pro\" page");
    assert_eq!(ws.stages.len(), 2);
}

#[test]
fn semicolons_are_detected_and_plain_owner_names_understood() {
    let ws = import("semicolon.csv");
    assert_eq!(ws.moments.len(), 2);
    assert_eq!(ws.moments[0].title, "Online checkout");
    assert_eq!(
        ws.moments[0].notes, "Rated 4,7 of 5",
        "a decimal comma stays in its cell"
    );
    assert_eq!(
        owners(&ws, 0),
        vec![("Sales".to_owned(), Role::Accountable)]
    );
    assert_eq!(
        owners(&ws, 1),
        vec![
            ("Billing and insurance".to_owned(), Role::Accountable),
            ("Sales".to_owned(), Role::Accountable)
        ],
        "the second row finds the Sales silo the first created"
    );
    assert_eq!(ws.silos.len(), 2);
    assert_eq!(ws.moments[1].notes, "a; b");
    assert_eq!(
        ws.moments[0].experience.get(&SegmentId::from("G1")),
        Some(&Experience::Bad)
    );
}

#[test]
fn tabs_are_detected_and_codes_with_roles_still_work() {
    let ws = import("tabs.tsv");
    assert_eq!(ws.moments.len(), 2);
    assert_eq!(owners(&ws, 0), vec![("OPS".to_owned(), Role::Accountable)]);
    assert_eq!(ws.moments[1].owners[0].person, "Kim Lee");
    assert_eq!(ws.moments[1].owners[0].silo.as_str(), "NET");
}

#[test]
fn plain_owner_names_take_the_default_role_or_the_one_asked_for() {
    let ws = import("plain-owners.csv");
    assert_eq!(
        owners(&ws, 0),
        vec![
            ("Marketing".to_owned(), Role::Accountable),
            ("SAL".to_owned(), Role::Accountable)
        ]
    );
    // `sales` is not a code (codes are capitals); it names a new silo.
    assert_eq!(owners(&ws, 1)[0].0, "sales");
    let responsible = import_csv_with(
        &Workspace::default(),
        &fixture("plain-owners.csv"),
        &Options {
            owner_role: Role::Responsible,
            ..Options::default()
        },
    )
    .unwrap()
    .workspace;
    assert!(
        responsible
            .moments
            .iter()
            .flat_map(|m| &m.owners)
            .all(|o| o.role == Role::Responsible)
    );
}

#[test]
fn a_forced_delimiter_wins_and_a_wrong_one_says_which_to_use() {
    let forced = import_csv_with(
        &Workspace::default(),
        &fixture("semicolon.csv"),
        &Options {
            delimiter: Some(b','),
            ..Options::default()
        },
    )
    .unwrap_err();
    assert_eq!(forced[0].row, 1);
    assert!(
        forced[0].reason.contains("looks separated by ;")
            && forced[0].reason.contains("--delimiter ';'")
            && !forced[0].reason.contains("--map"),
        "{forced:?}"
    );
}

#[test]
fn a_segment_rated_twice_in_one_cell_is_reported() {
    let errors = import_csv(&Workspace::default(), &fixture("rated-twice.csv"), &[]).unwrap_err();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].row, 2);
    assert!(
        errors[0].reason.contains("segment G1 is rated twice")
            && errors[0].reason.contains("Bad and Good"),
        "{errors:?}"
    );
}

#[test]
fn windows_1252_keeps_its_message() {
    let errors = import_csv(&Workspace::default(), &fixture("windows-1252.csv"), &[]).unwrap_err();
    assert_eq!(errors[0].row, 2);
    assert!(errors[0].reason.contains("CSV UTF-8"), "{errors:?}");
}

#[test]
fn import_strips_what_typing_strips() {
    let ws = import("controls.csv");
    let m = &ws.moments[0];
    assert_eq!(m.title, "Bill ]0;ownedarrives");
    assert_eq!(ws.stages[0].name, "Billing[2J");
    assert_eq!(
        m.notes, "line one31m\nline two]52;c;Zm9v",
        "notes keep their line break"
    );
    for text in [&m.title, &m.notes, &ws.stages[0].name] {
        assert!(
            !text
                .chars()
                .any(|c| (c.is_control() && c != '\n') || ('\u{202A}'..='\u{202E}').contains(&c)),
            "{text:?}"
        );
    }
}
