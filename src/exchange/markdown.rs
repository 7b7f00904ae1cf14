//! The Markdown workshop report for stakeholders: `CommonMark` with GitHub tables, drawn
//! from the one [`Report`]. Every piece of user text is escaped so it stays text (no stray
//! emphasis, links, HTML or table cells). Depends on the report form only, never on the
//! HTML renderer.

use std::fmt::Write;

use super::chart::cell_text;
use super::report::{self, Block, FirstPage, Inline, Line, Report, Section, Table};
use crate::model::Workspace;

/// Escapes text for one line of Markdown: table cells, headings, list items. Newlines
/// become spaces. A character is escaped only where `CommonMark` (with GitHub's tables,
/// strikethrough and math) would read it as markup in that position, so `4.7` and
/// `Billing & insurance` stay as they are; the text is escaped as if it began a line.
pub fn inline(text: &str) -> String {
    let line = text.split(['\n', '\r']).collect::<Vec<_>>().join(" ");
    let chars: Vec<char> = line
        .trim()
        .chars()
        .map(|c| if c == '\t' { ' ' } else { c })
        .collect();
    let mut out = String::with_capacity(chars.len() + 8);
    for (i, &c) in chars.iter().enumerate() {
        let prev = i.checked_sub(1).map(|p| chars[p]);
        let next = chars.get(i + 1).copied();
        if escapes(c, i, prev, next, &chars) {
            out.push('\\');
        }
        out.push(c);
    }
    // "1. text" at the start of a line would be an ordered list.
    let digits = chars.iter().take_while(|c| c.is_ascii_digit()).count();
    if (1..=9).contains(&digits)
        && matches!(chars.get(digits), Some('.' | ')'))
        && chars.get(digits + 1).is_none_or(|c| c.is_whitespace())
    {
        out.insert(digits, '\\');
    }
    out
}

/// Whether `c` at `i` would start or end markup. The text may sit next to other spans, so
/// its ends count as the edge of a word.
fn escapes(c: char, i: usize, prev: Option<char>, next: Option<char>, all: &[char]) -> bool {
    let space_or_end = next.is_none_or(char::is_whitespace);
    match c {
        // Code spans, emphasis, links, table cells, strikethrough and GitHub math.
        '`' | '*' | '[' | '|' | '~' | '$' => true,
        // Intraword `_` never makes emphasis (`snake_case`).
        '_' => {
            !(prev.is_some_and(char::is_alphanumeric) && next.is_some_and(char::is_alphanumeric))
        }
        // A backslash escapes the punctuation after it; at the end it may meet a span's.
        '\\' => next.is_none_or(|n| n.is_ascii_punctuation()),
        // Raw HTML and autolinks start with `<` then a letter, `/`, `!` or `?`.
        '<' => next.is_none_or(|n| n.is_ascii_alphabetic() || matches!(n, '/' | '!' | '?')),
        // An entity or a numeric character reference: `&amp;`, `&#35;`.
        '&' => {
            let rest: String = all[i + 1..]
                .iter()
                .take_while(|c| c.is_ascii_alphanumeric() || **c == '#')
                .collect();
            !rest.is_empty() && all.get(i + 1 + rest.len()) == Some(&';')
        }
        // Block quotes and ATX headings.
        '>' | '#' => i == 0,
        // Bullets, and setext underlines or thematic breaks.
        '-' | '+' | '=' => {
            i == 0 && (space_or_end || all.iter().all(|d| *d == c || d.is_whitespace()))
        }
        _ => false,
    }
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
    first_page(&mut out, &report.first_page);
    for s in &report.sections {
        section(&mut out, s, 2);
    }
    // Every block ends with a blank line; the file ends with one newline.
    out.pop();
    out
}

/// The first page in Markdown's way: its lists, then the heatmap and the curves as tables
/// whose cells carry the symbols (a Markdown file cannot hold a drawn picture everywhere).
fn first_page(out: &mut String, page: &FirstPage) {
    let _ = writeln!(out, "## {}\n", FirstPage::HEADING);
    for s in &page.sections {
        section(out, s, 3);
    }
    let _ = writeln!(out, "### {}\n", FirstPage::HEATMAP);
    let map = &page.heatmap;
    if map.rows.is_empty() || map.stages.is_empty() {
        let _ = writeln!(out, "{}\n", FirstPage::NO_SEGMENTS);
        return;
    }
    let header = |first: &str, stages: &[String]| {
        let mut cells = vec![first.to_owned()];
        cells.extend(stages.iter().map(|s| inline(s)));
        format!(
            "| {} |\n|{}\n",
            cells.join(" | "),
            " --- |".repeat(cells.len())
        )
    };
    out.push_str(&header("Segment", &map.stages));
    for row in &map.rows {
        let cells: Vec<String> = row.cells.iter().map(cell_text).collect();
        let _ = writeln!(out, "| {} | {} |", inline(&row.segment), cells.join(" | "));
    }
    out.push_str("\n✗ bad, ~ neutral, ✓ good, ? not rated: how many of the stage's moments each segment rates so.\n\n");
    let _ = writeln!(out, "### {}\n", FirstPage::CURVES);
    out.push_str(&header("Segment", &page.curves.stages));
    for (segment, points) in &page.curves.lines {
        let cells: Vec<String> = points
            .iter()
            .map(|p| p.map_or_else(|| "–".to_owned(), curve_point))
            .collect();
        let _ = writeln!(out, "| {} | {} |", inline(segment), cells.join(" | "));
    }
    out.push_str("\nThe mean experience of the segment's rated moments in each stage, from 1 (bad) to 3 (good).\n\n");
}

/// A point of a curve: its nearest symbol and the mean, `✗ 1.3`.
fn curve_point(score: f32) -> String {
    let symbol = match score {
        s if s < 1.5 => "✗",
        s if s < 2.5 => "~",
        _ => "✓",
    };
    format!("{symbol} {score:.1}")
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
# Q&A <1>

Lead *here*

## At a glance

### Experience by segment and stage

No segments or stages yet.

## Things

| Name | Feel |
| --- | --- |
| M1 \\*x\\* \\| y | ✗ Bad |
|   |   |

- a b
- 1\\. \\<not> ordered

**Note:** one\\
two

### Sub

Nothing.

- **Channel:** Web & 'mail'
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
