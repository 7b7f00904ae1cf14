//! The Markdown workshop report for stakeholders: `CommonMark` with GitHub tables, drawn
//! from the one [`Report`]. Every piece of user text is escaped so it stays text (no stray
//! emphasis, links, HTML or table cells). Depends on the report form only, never on the
//! HTML renderer.

use std::fmt::Write;

use super::report::{self, Block, Inline, Line, Report, Section, Table};
use crate::model::Workspace;

/// Escapes text for one line of Markdown: table cells, headings, list items. Newlines
/// become spaces; every character with a Markdown meaning is backslash-escaped.
pub fn inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut at_start = true;
    for c in text
        .split(['\n', '\r'])
        .collect::<Vec<_>>()
        .join(" ")
        .trim()
        .chars()
    {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~' | '&' | '!' | '{'
            | '}' | '$' => {
                out.push('\\');
                out.push(c);
            }
            '-' | '+' | '=' if at_start => {
                out.push('\\');
                out.push(c);
            }
            '\t' => out.push(' '),
            c => out.push(c),
        }
        at_start = false;
    }
    // "1. text" at the start of a line would be an ordered list.
    let digits = out.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 && matches!(out.as_bytes().get(digits), Some(b'.' | b')')) {
        out.insert(digits, '\\');
    }
    out
}

/// Escapes multi-line text as one paragraph, keeping its line breaks as hard breaks.
pub fn paragraph(text: &str) -> String {
    text.lines()
        .map(inline)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\\\n")
}

/// The report. Sections with nothing in them say so, so a reader knows nothing is missing.
pub fn to_markdown(ws: &Workspace) -> String {
    render(&report::build(ws))
}

/// Draws a report; the board is left out, the Stages table and moment sections say the same.
pub fn render(report: &Report) -> String {
    let mut out = format!("# {}\n\n", inline(&report.title));
    let _ = writeln!(out, "{}\n", spans(&report.lead, true));
    for s in &report.sections {
        section(&mut out, s, 2);
    }
    // Every block ends with a blank line; the file ends with one newline.
    out.pop();
    out
}

fn section(out: &mut String, s: &Section, level: usize) {
    let _ = writeln!(out, "{} {}\n", "#".repeat(level), spans(&s.heading, false));
    for b in &s.blocks {
        block(out, b);
    }
    for sub in &s.sections {
        section(out, sub, level + 1);
    }
}

/// One block, then the blank line that ends it.
fn block(out: &mut String, b: &Block) {
    match b {
        Block::Paragraph(line) => {
            let _ = writeln!(out, "{}", spans(line, true));
        }
        Block::Empty(text) => {
            let _ = writeln!(out, "{text}");
        }
        Block::Table(t) => table(out, t),
        Block::List(items) => {
            for item in items {
                let _ = writeln!(out, "- {}", spans(item, false));
            }
        }
        Block::Facts(facts) => {
            for (label, value) in facts {
                let _ = writeln!(out, "- **{label}:** {}", spans(value, false));
            }
        }
    }
    out.push('\n');
}

/// A GitHub table; an empty cell is a space so every row keeps its cells.
fn table(out: &mut String, t: &Table) {
    let row = |out: &mut String, cells: &[Line]| {
        let cells: Vec<String> = cells
            .iter()
            .map(|c| match spans(c, false) {
                s if s.is_empty() => " ".to_owned(),
                s => s,
            })
            .collect();
        let _ = writeln!(out, "| {} |", cells.join(" | "));
    };
    row(out, &t.header);
    let _ = writeln!(out, "|{}", " --- |".repeat(t.header.len()));
    for r in &t.rows {
        row(out, r);
    }
}

/// The spans of one line. Each piece of user text is escaped on its own, as if it began a
/// line; in a paragraph, [`Inline::Lines`] keep their breaks as hard breaks.
fn spans(line: &Line, paragraph_breaks: bool) -> String {
    line.iter()
        .map(|span| match span {
            Inline::Words(w) | Inline::Mark(_, w) => w.clone(),
            Inline::Text(t) | Inline::Id(t) => inline(t),
            Inline::Lines(t) if paragraph_breaks => paragraph(t),
            Inline::Lines(t) => inline(t),
            Inline::Emphasis(inner) => format!("*{}*", spans(inner, paragraph_breaks)),
            Inline::Strong(inner) => format!("**{}**", spans(inner, paragraph_breaks)),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tiny_report_draws_tables_lists_and_escapes() {
        let md = render(&report::tiny());
        let expected = "\
# Q\\&A \\<1\\>

Lead *here*

## Things

| Name | Feel |
| --- | --- |
| M1 \\*x\\* \\| y | ✗ Bad |
|   |   |

- a b
- 1\\. \\<not\\> ordered

**Note:** one\\
two

### Sub

Nothing.

- **Channel:** Web \\& 'mail'
";
        assert_eq!(md, expected);
    }

    #[test]
    fn inline_text_cannot_start_a_list_or_a_heading() {
        assert_eq!(inline("- a"), "\\- a");
        assert_eq!(inline("12) b"), "12\\) b");
        assert_eq!(inline("# c\nd"), "\\# c d");
        assert_eq!(paragraph("one\n\n  two  "), "one\\\ntwo");
    }
}
