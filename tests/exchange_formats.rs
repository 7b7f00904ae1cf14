//! What every export promises beyond its own format: no control characters whatever the
//! file holds, JSON that validates against the shipped schema, Markdown without needless
//! escapes, the first page of the reports (golden files), and the board as an SVG that is
//! exactly the buffer it was drawn from (README's picture among them).
//!
//! Regenerate golden files and the shipped schema and picture after an intended change
//! with `UPDATE_GOLDEN=1 cargo test --test exchange_formats`.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use moments::exchange::report::{self, Report};
use moments::exchange::svg::{self, Palette};
use moments::exchange::{ExportFormat, export, html, json, markdown};
use moments::model::{Experience, SegmentId, Workspace};
use moments::persist::from_ron;
use moments::templates;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Compares with a file in the repository, or rewrites it when `UPDATE_GOLDEN` is set.
fn golden(path: &Path, actual: &str) {
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(path).unwrap_or_else(|_| {
        panic!(
            "{} is missing; create it with UPDATE_GOLDEN=1 cargo test --test exchange_formats",
            path.display()
        )
    });
    assert!(
        actual == expected,
        "{} is out of date; if the change is intended, regenerate with UPDATE_GOLDEN=1 cargo \
         test --test exchange_formats\n--- actual ---\n{actual}",
        path.display()
    );
}

fn saved() -> Vec<(String, Workspace)> {
    let mut out = vec![("demo".to_owned(), templates::demo())];
    for path in common::saved_fixtures() {
        let ws = from_ron(&std::fs::read_to_string(&path).unwrap()).unwrap();
        out.push((path.display().to_string(), ws));
    }
    out
}

/// Every text of the demo laced with ESC sequences, C1 controls, bidi overrides and other
/// controls: each string the model accepts that way (ids and names of variants do not
/// parse laced, and stay), found through serde so no field is missed.
fn laced() -> Workspace {
    fn pointers(value: &serde_json::Value, at: String, out: &mut Vec<String>) {
        match value {
            serde_json::Value::String(_) => out.push(at),
            serde_json::Value::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    pointers(v, format!("{at}/{i}"), out);
                }
            }
            serde_json::Value::Object(map) => {
                for (k, v) in map {
                    pointers(
                        v,
                        format!("{at}/{}", k.replace('~', "~0").replace('/', "~1")),
                        out,
                    );
                }
            }
            _ => {}
        }
    }
    let mut value = serde_json::to_value(templates::demo()).unwrap();
    let mut all = Vec::new();
    pointers(&value, String::new(), &mut all);
    let mut laced = 0;
    for pointer in all {
        let slot = value.pointer_mut(&pointer).unwrap();
        let before = slot.clone();
        let text = before.as_str().unwrap();
        *slot = format!("\u{1b}]0;t\u{7}{text}\u{9b}2J\u{202E}x\u{2066}\u{0}\u{7f}\r\t").into();
        if serde_json::from_value::<Workspace>(value.clone()).is_ok() {
            laced += 1;
        } else {
            *value.pointer_mut(&pointer).unwrap() = before;
        }
    }
    assert!(laced > 50, "only {laced} texts laced");
    let mut ws: Workspace = serde_json::from_value(value).unwrap();
    ws.park("\u{1b}[2J\u{1b}]52;c;Zm9v\u{7}");
    ws
}

fn unsafe_char(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\r')
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}')
}

const FORMATS: [ExportFormat; 5] = [
    ExportFormat::Md,
    ExportFormat::Html,
    ExportFormat::Csv,
    ExportFormat::Mermaid,
    ExportFormat::Json,
];

#[test]
fn exports_carry_no_control_characters() {
    let ws = laced();
    for format in FORMATS {
        let out = export(&ws, format);
        if let Some(c) = out.chars().find(|c| unsafe_char(*c)) {
            panic!("{format:?} carries U+{:04X}", u32::from(c));
        }
        // JSON would carry a control as an escape, which a reader turns back into one.
        assert!(
            !out.contains("\\u00"),
            "{format:?} carries an escaped control"
        );
        if format != ExportFormat::Csv {
            assert!(!out.contains('\r'), "{format:?} carries a carriage return");
        }
    }
}

fn schema_validator() -> (boon::Schemas, boon::SchemaIndex) {
    let schema: serde_json::Value = serde_json::from_str(&json::schema()).unwrap();
    let mut schemas = boon::Schemas::new();
    let mut compiler = boon::Compiler::new();
    compiler
        .add_resource("urn:moments:workspace", schema)
        .unwrap();
    let index = compiler
        .compile("urn:moments:workspace", &mut schemas)
        .unwrap();
    (schemas, index)
}

#[test]
fn the_shipped_schema_is_the_generated_one() {
    golden(&root().join("docs/workspace.schema.json"), &json::schema());
}

#[test]
fn every_json_export_validates_against_the_schema() {
    let (schemas, index) = schema_validator();
    let mut spaces = saved();
    spaces.push(("laced".into(), laced()));
    spaces.push(("empty".into(), Workspace::default()));
    for (name, ws) in spaces {
        let out = export(&ws, ExportFormat::Json);
        let value: serde_json::Value = serde_json::from_str(&out).unwrap();
        if let Err(e) = schemas.validate(&value, index) {
            panic!("{name}: the JSON export does not fit the schema: {e}");
        }
    }
    // The schema is not a blank cheque: a wrong type and an unknown field are refused.
    for bad in [
        r#"{"format": "one"}"#,
        r#"{"format": 1, "colour": "red"}"#,
        r#"{"format": 1, "moments": [{"id": "M1", "stage": "S1", "title": "t", "votes": -1}]}"#,
    ] {
        let value: serde_json::Value = serde_json::from_str(bad).unwrap();
        assert!(schemas.validate(&value, index).is_err(), "accepted: {bad}");
    }
}

#[test]
fn markdown_escapes_only_what_would_be_markup() {
    let mut ws = Workspace {
        title: "Billing & insurance: 4.7 of 5, 50% off (snake_case) a < b".into(),
        ..Workspace::default()
    };
    let md = markdown::to_markdown(&ws);
    assert!(
        md.starts_with("# Billing & insurance: 4.7 of 5, 50% off (snake_case) a < b\n"),
        "{md}"
    );
    ws.title = "1. *Bold* _it_ <b> &amp; [x](y) | `c` ~s~ $x$ # - +".into();
    let md = markdown::to_markdown(&ws);
    assert!(
        md.starts_with(
            "# 1\\. \\*Bold\\* \\_it\\_ \\<b> \\&amp; \\[x](y) \\| \\`c\\` \\~s\\~ \\$x\\$ # - +\n"
        ),
        "{md}"
    );
}

/// The demo with dates and ratings that fill every part of the first page.
fn busy() -> Workspace {
    let mut ws = templates::demo();
    if let Some(a) = ws.actions.first_mut() {
        a.due = "2026-10-01".into();
    }
    ws.moments[0]
        .experience
        .insert(SegmentId::from("G1"), Experience::Bad);
    ws
}

fn first_page_md(report: &Report) -> String {
    let md = markdown::render(report);
    let start = md.find("## At a glance").unwrap();
    let end = md[start..]
        .find("\n## ")
        .map_or(md.len(), |e| start + e + 1);
    md[start..end].to_owned()
}

fn first_page_html(report: &Report) -> String {
    let page = html::render(report);
    let start = page.find("<div class=\"first-page\">").unwrap();
    // The first page ends where the report's first section begins.
    let end = start + page[start..].find("<h2>Stages</h2>").unwrap();
    page[start..end].to_owned()
}

/// The first page of a small workshop and of a busy one, pinned byte for byte.
#[test]
fn first_page_goldens_at_two_sizes() {
    let dir = root().join("tests/fixtures/export/golden");
    let small: Workspace =
        from_ron(&std::fs::read_to_string(root().join("tests/fixtures/export/small.ron")).unwrap())
            .unwrap();
    for (name, ws) in [("small", small), ("busy", busy())] {
        let report = report::build_on(&ws, "2026-11-23");
        golden(
            &dir.join(format!("first-page.{name}.md")),
            &first_page_md(&report),
        );
        golden(
            &dir.join(format!("first-page.{name}.html")),
            &first_page_html(&report),
        );
    }
}

#[test]
fn the_first_page_says_what_hurts_and_what_is_overdue() {
    let report = report::build_on(&busy(), "2026-11-23");
    let md = first_page_md(&report);
    for heading in [
        "### Critical and failing",
        "### Accountability gaps",
        "### Top priorities",
        "### Vote results",
        "### Open actions",
        "### Experience by segment and stage",
        "### Experience curve per segment",
    ] {
        assert!(md.contains(heading), "{heading} missing:\n{md}");
    }
    assert!(md.contains("overdue as of 2026-11-23"), "{md}");
    assert!(md.contains("2026-10-01 overdue"), "{md}");
    let page = first_page_html(&report);
    assert!(page.contains("<span class=\"sev-error\">overdue</span>"));
    assert_eq!(page.matches("<svg").count(), 2, "a heatmap and the curves");
    for outside in ["<script", "http://", "https://", "href=", "url("] {
        let without_namespace = page.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
        assert!(!without_namespace.contains(outside), "{outside}");
    }
    // The board shares the width among its stages: it never needs a horizontal scroll bar.
    let stages = busy().stages.len();
    assert!(page.contains(&format!(
        "grid-template-columns: repeat({stages}, minmax(0, 1fr))"
    )));
    // Every card says its experience in a symbol, which prints without colour.
    let cards = page.matches("<div class=\"card ").count();
    assert_eq!(cards, busy().moments.len());
    assert_eq!(page.matches("<span class=\"mark\"").count(), cards);
}

/// Reads back what [`svg::to_svg`] wrote: each `<text>`'s cell, fill and content.
fn texts(svg_text: &str) -> Vec<(u32, u32, String, String)> {
    let attr = |tag: &str, name: &str| -> String {
        let key = format!(" {name}=\"");
        let start = tag.find(&key).unwrap() + key.len();
        tag[start..start + tag[start..].find('"').unwrap()].to_owned()
    };
    svg_text
        .lines()
        .filter(|l| l.starts_with("<text "))
        .map(|l| {
            let open_end = l.find('>').unwrap();
            let tag = &l[..open_end];
            let content = &l[open_end + 1..l.rfind("</text>").unwrap()];
            let content = content
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&amp;", "&");
            let x: u32 = attr(tag, "x").parse().unwrap();
            let y: u32 = attr(tag, "y").parse().unwrap();
            (
                x / svg::CELL_WIDTH,
                (y + 5) / svg::CELL_HEIGHT - 1,
                attr(tag, "fill"),
                content,
            )
        })
        .collect()
}

#[test]
fn the_svg_board_is_the_buffer_it_was_drawn_from() {
    let doc = moments::doc::Doc::new(templates::demo());
    for (size, theme, palette) in [
        ((120, 40), moments::ui::ThemeName::Dark, Palette::DARK),
        ((80, 24), moments::ui::ThemeName::Light, Palette::LIGHT),
        ((160, 45), moments::ui::ThemeName::Projector, Palette::DARK),
    ] {
        let theme = moments::ui::Theme::new(theme);
        let buffer = moments::runtime::frame::picture(
            &doc,
            moments::ui::View::Board,
            size,
            &theme,
            "board.ron",
            1_795_435_200,
        );
        let picture = svg::to_svg(&buffer, &palette, "demo");
        let mut drawn: BTreeMap<(u32, u32), (String, String)> = BTreeMap::new();
        for (x, y, fill, content) in texts(&picture) {
            let mut col = x;
            for g in unicode_segmentation::UnicodeSegmentation::graphemes(content.as_str(), true) {
                drawn.insert((col, y), (g.to_owned(), fill.clone()));
                col += (unicode_width::UnicodeWidthStr::width(g) as u32).max(1);
            }
        }
        let area = buffer.area;
        for y in 0..area.height {
            let mut x = 0;
            while x < area.width {
                let cell = &buffer[(x, y)];
                let want = svg::look(cell, &palette);
                let symbol = cell.symbol();
                let got = drawn.get(&(u32::from(x), u32::from(y)));
                if symbol.trim().is_empty() {
                    assert!(
                        got.is_none_or(|(g, _)| g.trim().is_empty()),
                        "{size:?} ({x},{y}) is blank in the buffer"
                    );
                } else {
                    let (g, fill) =
                        got.unwrap_or_else(|| panic!("{size:?} ({x},{y}) `{symbol}` not drawn"));
                    assert_eq!(g, symbol, "{size:?} ({x},{y})");
                    assert_eq!(fill, &want.fill, "{size:?} ({x},{y}) `{symbol}`");
                }
                x += (unicode_width::UnicodeWidthStr::width(symbol) as u16).clamp(1, 2);
            }
        }
    }
}

/// README shows the demo's board as drawn by `moments export --to svg`.
#[test]
fn readme_picture_is_current() {
    let doc = moments::doc::Doc::new(templates::demo());
    let buffer = moments::runtime::frame::picture(
        &doc,
        moments::ui::View::Board,
        (100, 24),
        &moments::ui::Theme::new(moments::ui::ThemeName::Dark),
        "demo.ron",
        1_795_435_200,
    );
    let picture = svg::to_svg(
        &buffer,
        &Palette::DARK,
        "The demo workshop on the board, as moments draws it",
    );
    golden(&root().join("docs/images/board.svg"), &picture);
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    assert!(
        readme.contains("](docs/images/board.svg)"),
        "README shows the picture"
    );
}
