//! The HTML workshop report: one self-contained file with inline CSS, no scripts and no
//! external resources, readable on screen and printable in landscape. Drawn from the one
//! [`Report`], plus its board; every piece of text goes through [`escape`]. Depends on the
//! report form only, never on the Markdown renderer.

use std::fmt::Write;

use super::chart;
use super::markup::escape;
use super::report::{self, Block, Board, FirstPage, Inline, Line, Meaning, Report, Section, Table};
use crate::model::{Experience, Workspace};

/// Escaped multi-line text with its line breaks kept.
fn lines(text: &str) -> String {
    text.lines().map(escape).collect::<Vec<_>>().join("<br>")
}

const STYLE: &str = "\
@page { size: landscape; margin: 12mm; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; color: #1b1b1b; background: #fff; margin: 0 auto; max-width: 1400px; padding: 1.5rem; }
h1 { font-size: 1.8rem; margin: 0 0 .25rem; }
h2 { font-size: 1.3rem; border-bottom: 2px solid #1b1b1b; padding-bottom: .2rem; margin-top: 2rem; }
h3 { font-size: 1.05rem; margin: 1.2rem 0 .4rem; }
h4 { font-size: .95rem; margin: 1rem 0 .3rem; }
p.lead { color: #444; margin-top: 0; }
table { border-collapse: collapse; width: 100%; margin: .4rem 0 1rem; }
th, td { border: 1px solid #999; padding: .3rem .45rem; text-align: left; vertical-align: top; }
th { background: #eee; }
td.raci { text-align: center; font-weight: bold; }
.board { display: grid; gap: .4rem; }
.stage { border: 1px solid #999; border-radius: 4px; padding: .35rem; background: #fafafa; break-inside: avoid; min-width: 0; overflow-wrap: anywhere; }
.stage h3 { margin: 0 0 .2rem; font-size: 1rem; }
.stage .goal { font-size: .85rem; color: #444; margin: 0 0 .4rem; }
.card { border: 1px solid #bbb; border-left: 5px solid #888; background: #fff; padding: .3rem .4rem; margin-bottom: .4rem; font-size: .85rem; break-inside: avoid; }
.card.bad { border-left-color: #b00020; }
.card.neutral { border-left-color: #b58900; }
.card.good { border-left-color: #2e7d32; }
.card .mark { font-weight: bold; }
.first-page { break-after: page; }
.glance { display: grid; grid-template-columns: repeat(auto-fit, minmax(22rem, 1fr)); gap: 0 1.5rem; }
.glance > div { min-width: 0; }
.glance h3 { margin-top: .8rem; }
.glance td, .glance th { overflow-wrap: anywhere; }
figure { margin: .6rem 0 1rem; }
figcaption { font-weight: bold; margin-bottom: .3rem; }
svg.chart { max-width: 100%; height: auto; }
.id { font-family: ui-monospace, Menlo, Consolas, monospace; color: #555; }
.exp-bad { color: #b00020; font-weight: bold; }
.exp-neutral { color: #7a5c00; }
.exp-good { color: #2e7d32; font-weight: bold; }
.sev-error { color: #b00020; font-weight: bold; }
.sev-warning { color: #7a5c00; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .1rem .8rem; margin: .3rem 0; }
dt { font-weight: bold; }
dd { margin: 0; }
.empty { color: #555; font-style: italic; }
@media print { body { padding: 0; max-width: none; font-size: 10px; } h2, h3, h4 { break-after: avoid; } .board { gap: .2rem; } .card { font-size: .8rem; } figure, table { break-inside: avoid; } }
";

fn exp_class(e: Experience) -> &'static str {
    match e {
        Experience::Bad => "bad",
        Experience::Neutral => "neutral",
        Experience::Good => "good",
        Experience::Unknown => "unknown",
    }
}

/// The report as one HTML document.
pub fn to_html(ws: &Workspace) -> String {
    render(&report::build(ws))
}

/// Draws a report: the board first, then the sections.
pub fn render(report: &Report) -> String {
    let title = escape(&report.title);
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n<h1>{title}</h1>\n"
    );
    let _ = writeln!(out, "<p class=\"lead\">{}</p>", spans(&report.lead));
    first_page(&mut out, &report.first_page, &report.board);
    for s in &report.sections {
        section(&mut out, s, 2);
    }
    out.push_str("</body>\n</html>\n");
    out
}

/// The first page: the board, the short lists side by side, then the heatmap and the
/// curves; it ends with a page break in print.
fn first_page(out: &mut String, page: &FirstPage, board_: &Board) {
    out.push_str("<div class=\"first-page\">\n");
    board(out, board_);
    let _ = writeln!(
        out,
        "<h2>{}</h2>\n<div class=\"glance\">",
        FirstPage::HEADING
    );
    for s in &page.sections {
        out.push_str("<div>\n");
        section(out, s, 3);
        out.push_str("</div>\n");
    }
    out.push_str("</div>\n");
    if page.heatmap.rows.is_empty() || page.heatmap.stages.is_empty() {
        let _ = writeln!(out, "<h3>{}</h3>", FirstPage::HEATMAP);
        block(out, &Block::Empty(FirstPage::NO_SEGMENTS));
    } else {
        for (caption, svg) in [
            (FirstPage::HEATMAP, chart::heatmap(&page.heatmap)),
            (FirstPage::CURVES, chart::curves(&page.curves)),
        ] {
            let _ = write!(
                out,
                "<figure>\n<figcaption>{caption}</figcaption>\n{svg}</figure>\n"
            );
        }
    }
    out.push_str("</div>\n");
}

/// Stages as columns (as many as there are stages, sharing the width, so the board never
/// scrolls sideways), moments as cards, each card edged in the colour of its worst
/// experience and marked with its symbol, which reads in print without colour.
fn board(out: &mut String, board: &Board) {
    let _ = writeln!(out, "<h2>{}</h2>", Board::HEADING);
    if board.columns.is_empty() {
        block(out, &Block::Empty(Board::NO_STAGES));
        return;
    }
    let _ = writeln!(
        out,
        "<div class=\"board\" style=\"grid-template-columns: repeat({}, minmax(0, 1fr))\">",
        board.columns.len()
    );
    for column in &board.columns {
        let _ = writeln!(
            out,
            "<section class=\"stage\"><h3>{}</h3>",
            spans(&column.name)
        );
        if !column.goal.is_empty() {
            let _ = writeln!(out, "<p class=\"goal\">{}</p>", spans(&column.goal));
        }
        if column.cards.is_empty() {
            block(out, &Block::Empty(Board::NO_MOMENTS));
        }
        for card in &column.cards {
            let worst = card.worst.unwrap_or(Experience::Unknown);
            let _ = writeln!(
                out,
                "<div class=\"card {}\"><span class=\"mark\" title=\"{}\">{}</span> {}<br><small>{}</small></div>",
                exp_class(worst),
                worst.label(),
                worst.symbol(),
                spans(&card.name),
                spans(&card.detail)
            );
        }
        out.push_str("</section>\n");
    }
    out.push_str("</div>\n");
}

fn section(out: &mut String, s: &Section, level: usize) {
    let _ = writeln!(out, "<h{level}>{}</h{level}>", spans(&s.heading));
    for b in &s.blocks {
        block(out, b);
    }
    for sub in &s.sections {
        section(out, sub, level + 1);
    }
}

fn block(out: &mut String, b: &Block) {
    match b {
        Block::Paragraph(line) => {
            let _ = writeln!(out, "<p>{}</p>", spans(line));
        }
        Block::Empty(text) => {
            let _ = writeln!(out, "<p class=\"empty\">{}</p>", escape(text));
        }
        Block::Table(t) => table(out, t),
        Block::List(items) => {
            out.push_str("<ul>\n");
            for item in items {
                let _ = writeln!(out, "<li>{}</li>", spans(item));
            }
            out.push_str("</ul>\n");
        }
        Block::Facts(facts) => {
            out.push_str("<dl>\n");
            for (label, value) in facts {
                let _ = writeln!(out, "<dt>{}</dt><dd>{}</dd>", escape(label), spans(value));
            }
            out.push_str("</dl>\n");
        }
    }
}

/// A table; in a matrix the cells after the first are codes, centred.
fn table(out: &mut String, t: &Table) {
    out.push_str("<table>\n<thead><tr>");
    for h in &t.header {
        let _ = write!(out, "<th>{}</th>", spans(h));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for row in &t.rows {
        out.push_str("<tr>");
        for (i, cell) in row.iter().enumerate() {
            let class = if t.matrix && i > 0 {
                " class=\"raci\""
            } else {
                ""
            };
            let _ = write!(out, "<td{class}>{}</td>", spans(cell));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
}

fn spans(line: &Line) -> String {
    line.iter()
        .map(|span| match span {
            Inline::Words(t) | Inline::Text(t) => escape(t),
            Inline::Lines(t) => lines(t),
            Inline::Id(t) => format!("<span class=\"id\">{}</span>", escape(t)),
            Inline::Emphasis(inner) => format!("<em>{}</em>", spans(inner)),
            Inline::Strong(inner) => format!("<strong>{}</strong>", spans(inner)),
            Inline::Mark(meaning, t) => {
                let class = match meaning {
                    Meaning::Experience(e) => format!("exp-{}", exp_class(*e)),
                    Meaning::Severity(s) => format!("sev-{}", s.label()),
                };
                format!("<span class=\"{class}\">{}</span>", escape(t))
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tiny_report_draws_the_board_tables_lists_and_escapes() {
        let page = render(&report::tiny());
        assert!(page.starts_with("<!DOCTYPE html>\n"));
        assert!(page.ends_with("</body>\n</html>\n"));
        let body = &page[page.find("<body>").unwrap()..];
        let expected = "<body>
<h1>Q&amp;A &lt;1&gt;</h1>
<p class=\"lead\">Lead <em>here</em></p>
<div class=\"first-page\">
<h2>Journey</h2>
<div class=\"board\" style=\"grid-template-columns: repeat(1, minmax(0, 1fr))\">
<section class=\"stage\"><h3><span class=\"id\">S1</span> Decide</h3>
<div class=\"card bad\"><span class=\"mark\" title=\"Bad\">✗</span> <span class=\"id\">M1</span> Call<br><small>A: SAL</small></div>
</section>
</div>
<h2>At a glance</h2>
<div class=\"glance\">
</div>
<h3>Experience by segment and stage</h3>
<p class=\"empty\">No segments or stages yet.</p>
</div>
<h2>Things</h2>
<table>
<thead><tr><th>Name</th><th>Feel</th></tr></thead>
<tbody>
<tr><td><span class=\"id\">M1</span> *x* | y</td><td><span class=\"exp-bad\">✗ Bad</span></td></tr>
<tr><td></td><td></td></tr>
</tbody>
</table>
<ul>
<li>a<br>b</li>
<li>1. &lt;not&gt; ordered</li>
</ul>
<p><strong>Note:</strong> one<br>two</p>
<h3>Sub</h3>
<p class=\"empty\">Nothing.</p>
<dl>
<dt>Channel</dt><dd>Web &amp; &#39;mail&#39;</dd>
</dl>
</body>
</html>
";
        assert_eq!(body, expected);
    }

    #[test]
    fn a_matrix_centres_its_codes_and_an_empty_board_says_so() {
        let mut tiny = report::tiny();
        tiny.board.columns.clear();
        let Block::Table(t) = &mut tiny.sections[0].blocks[0] else {
            panic!("the tiny report starts with a table");
        };
        t.matrix = true;
        let page = render(&tiny);
        assert!(page.contains("<h2>Journey</h2>\n<p class=\"empty\">No stages yet.</p>\n<h2>"));
        assert!(
            page.contains(
                "<tr><td><span class=\"id\">M1</span> *x* | y</td><td class=\"raci\"><span"
            )
        );
    }

    #[test]
    fn lines_keep_their_breaks_escaped() {
        assert_eq!(lines("a\n<b>"), "a<br>&lt;b&gt;");
    }
}
