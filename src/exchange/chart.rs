//! The first page's pictures as inline SVG drawn by `moments` itself: the experience
//! heatmap (segments × stages) and an experience curve per segment. No script, nothing
//! loaded from elsewhere; every cell carries its symbol and counts and every curve its
//! own marker and dash, so both read in black and white.

use std::fmt::Write;

use super::markup::escape;
use super::report::{Curves, Heatmap};
use crate::model::Experience;

const LABEL_WIDTH: u32 = 170;
const CELL_WIDTH: u32 = 112;
const ROW_HEIGHT: u32 = 30;
const HEADER_HEIGHT: u32 = 34;

/// Fill colours light enough for black text, one per experience.
fn fill(e: Experience) -> &'static str {
    match e {
        Experience::Bad => "#f6c1bd",
        Experience::Neutral => "#fbe6a2",
        Experience::Good => "#c5e6c7",
        Experience::Unknown => "#eeeeee",
    }
}

/// Cuts a label to `max` characters with an ellipsis; the full text is the tooltip.
fn cut(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        let mut out: String = text.chars().take(max - 1).collect();
        out.push('…');
        out
    }
}

/// Opens an SVG that scales down to its container but never up. Inline in HTML it needs
/// no namespace, so the page names no address at all.
fn open(out: &mut String, width: u32, height: u32, label: &str) {
    let _ = writeln!(
        out,
        "<svg class=\"chart\" viewBox=\"0 0 {width} {height}\" \
         width=\"{width}\" height=\"{height}\" role=\"img\" aria-label=\"{}\" \
         font-family=\"system-ui, sans-serif\" font-size=\"12\">",
        escape(label)
    );
}

/// What a heatmap cell says in words: the worst experience's symbol, then how many
/// moments are bad, neutral, good and unrated (`✗2 ~1 ✓3`).
pub fn cell_text(cell: &crate::analysis::Cell) -> String {
    if cell.total() == 0 {
        return "–".to_owned();
    }
    let parts: Vec<String> = [
        (Experience::Bad, cell.bad),
        (Experience::Neutral, cell.neutral),
        (Experience::Good, cell.good),
        (Experience::Unknown, cell.unknown),
    ]
    .into_iter()
    .filter(|(_, n)| *n > 0)
    .map(|(e, n)| format!("{}{n}", e.symbol()))
    .collect();
    parts.join(" ")
}

/// The heatmap: a row per segment, a column per stage.
pub fn heatmap(map: &Heatmap) -> String {
    let width = LABEL_WIDTH + CELL_WIDTH * map.stages.len() as u32;
    let height = HEADER_HEIGHT + ROW_HEIGHT * map.rows.len() as u32;
    let mut out = String::new();
    open(
        &mut out,
        width,
        height,
        "Experience heatmap: segments by stages; ✗ bad, ~ neutral, ✓ good, ? not rated",
    );
    for (i, stage) in map.stages.iter().enumerate() {
        let x = LABEL_WIDTH + CELL_WIDTH * i as u32 + 4;
        let _ = writeln!(
            out,
            "<text x=\"{x}\" y=\"{}\" font-weight=\"bold\"><title>{}</title>{}</text>",
            HEADER_HEIGHT - 10,
            escape(stage),
            escape(&cut(stage, 16))
        );
    }
    for (r, row) in map.rows.iter().enumerate() {
        let y = HEADER_HEIGHT + ROW_HEIGHT * r as u32;
        let _ = writeln!(
            out,
            "<text x=\"4\" y=\"{}\" font-weight=\"bold\"><title>{}</title>{}</text>",
            y + 19,
            escape(&row.segment),
            escape(&cut(&row.segment, 22))
        );
        for (c, cell) in row.cells.iter().enumerate() {
            let x = LABEL_WIDTH + CELL_WIDTH * c as u32;
            let worst = if cell.total() == 0 {
                Experience::Unknown
            } else {
                cell.worst()
            };
            let _ = writeln!(
                out,
                "<rect x=\"{x}\" y=\"{y}\" width=\"{}\" height=\"{}\" fill=\"{}\" stroke=\"#555\"/>\
                 <text x=\"{}\" y=\"{}\">{}</text>",
                CELL_WIDTH - 2,
                ROW_HEIGHT - 2,
                fill(worst),
                x + 6,
                y + 19,
                escape(&cell_text(cell))
            );
        }
    }
    out.push_str("</svg>\n");
    out
}

/// Markers, dashes and colours (Okabe–Ito, safe for colour-blind readers) of the curves,
/// taken in turn; marker and dash tell the lines apart without colour.
const MARKERS: [&str; 4] = ["circle", "square", "triangle", "diamond"];
const DASHES: [&str; 3] = ["", "6 4", "2 3"];
const COLOURS: [&str; 6] = [
    "#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#000000",
];

fn marker(out: &mut String, kind: &str, x: f32, y: f32, colour: &str) {
    let _ = match kind {
        "circle" => write!(
            out,
            "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"4.5\" fill=\"{colour}\"/>"
        ),
        "square" => write!(
            out,
            "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"8\" height=\"8\" fill=\"{colour}\"/>",
            x - 4.0,
            y - 4.0
        ),
        "triangle" => write!(
            out,
            "<path d=\"M{x:.1} {:.1}L{:.1} {:.1}L{:.1} {:.1}Z\" fill=\"{colour}\"/>",
            y - 5.0,
            x + 5.0,
            y + 4.0,
            x - 5.0,
            y + 4.0
        ),
        _ => write!(
            out,
            "<path d=\"M{x:.1} {:.1}L{:.1} {y:.1}L{x:.1} {:.1}L{:.1} {y:.1}Z\" fill=\"none\" \
             stroke=\"{colour}\" stroke-width=\"2\"/>",
            y - 5.5,
            x + 5.5,
            y + 5.5,
            x - 5.5
        ),
    };
}

/// One curve per segment across the stages: bad at the bottom, good at the top, broken
/// where a segment rated nothing in a stage.
pub fn curves(curves: &Curves) -> String {
    const LEFT: f32 = 70.0;
    const TOP: f32 = 16.0;
    const PLOT_HEIGHT: f32 = 120.0;
    let step = CELL_WIDTH as f32;
    let width = LEFT as u32 + CELL_WIDTH * curves.stages.len().max(1) as u32;
    let legend_rows = curves.lines.len().div_ceil(3) as u32;
    let height = (TOP + PLOT_HEIGHT) as u32 + 34 + 20 * legend_rows;
    let y_of = |score: f32| TOP + PLOT_HEIGHT * (3.0 - score) / 2.0;
    let x_of = |i: usize| LEFT + step * i as f32 + step / 2.0;
    let mut out = String::new();
    open(
        &mut out,
        width,
        height,
        "Experience curve per segment across the stages, from bad (bottom) to good (top)",
    );
    for (score, name) in [(3.0, "✓ Good"), (2.0, "~ Neutral"), (1.0, "✗ Bad")] {
        let y = y_of(score);
        let _ = writeln!(
            out,
            "<line x1=\"{LEFT}\" y1=\"{y:.1}\" x2=\"{width}\" y2=\"{y:.1}\" stroke=\"#bbb\"/>\
             <text x=\"4\" y=\"{:.1}\">{name}</text>",
            y + 4.0
        );
    }
    for (i, stage) in curves.stages.iter().enumerate() {
        let _ = writeln!(
            out,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\"><title>{}</title>{}</text>",
            x_of(i),
            TOP + PLOT_HEIGHT + 20.0,
            escape(stage),
            escape(&cut(stage, 16))
        );
    }
    for (n, (segment, points)) in curves.lines.iter().enumerate() {
        let (kind, dash, colour) = (
            MARKERS[n % MARKERS.len()],
            DASHES[n % DASHES.len()],
            COLOURS[n % COLOURS.len()],
        );
        let dash = if dash.is_empty() {
            String::new()
        } else {
            format!(" stroke-dasharray=\"{dash}\"")
        };
        // Consecutive rated stages form one polyline; an unrated stage breaks the line.
        let mut runs: Vec<Vec<(f32, f32)>> = vec![Vec::new()];
        for (i, p) in points.iter().enumerate() {
            match (p, runs.last_mut()) {
                (Some(score), Some(run)) => run.push((x_of(i), y_of(*score))),
                _ => runs.push(Vec::new()),
            }
        }
        let _ = writeln!(out, "<g><title>{}</title>", escape(segment));
        for run in runs.iter().filter(|r| r.len() > 1) {
            let pts: Vec<String> = run.iter().map(|(x, y)| format!("{x:.1},{y:.1}")).collect();
            let _ = writeln!(
                out,
                "<polyline points=\"{}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\"{dash}/>",
                pts.join(" ")
            );
        }
        for &(x, y) in runs.iter().flatten() {
            marker(&mut out, kind, x, y, colour);
        }
        out.push_str("\n</g>\n");
        let lx = 8.0 + 220.0 * (n % 3) as f32;
        let ly = TOP + PLOT_HEIGHT + 44.0 + 20.0 * (n / 3) as f32;
        let _ = write!(
            out,
            "<line x1=\"{lx:.1}\" y1=\"{ly:.1}\" x2=\"{:.1}\" y2=\"{ly:.1}\" stroke=\"{colour}\" \
             stroke-width=\"2\"{dash}/>",
            lx + 30.0
        );
        marker(&mut out, kind, lx + 15.0, ly, colour);
        let _ = writeln!(
            out,
            "<text x=\"{:.1}\" y=\"{:.1}\">{}</text>",
            lx + 38.0,
            ly + 4.0,
            escape(&cut(segment, 26))
        );
    }
    out.push_str("</svg>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::Cell;
    use crate::exchange::report::HeatRow;

    #[test]
    fn cells_say_their_counts_and_charts_escape_names() {
        let cell = Cell {
            bad: 2,
            neutral: 0,
            good: 1,
            unknown: 1,
        };
        assert_eq!(cell_text(&cell), "✗2 ✓1 ?1");
        assert_eq!(cell_text(&Cell::default()), "–");
        let map = Heatmap {
            stages: vec!["S1 <b>".into()],
            rows: vec![HeatRow {
                segment: "G1 A&B".into(),
                cells: vec![cell],
            }],
        };
        let svg = heatmap(&map);
        assert!(
            svg.contains("S1 &lt;b&gt;") && svg.contains("G1 A&amp;B"),
            "{svg}"
        );
        assert!(svg.contains(fill(Experience::Bad)));
        let lines = curves(&Curves {
            stages: vec!["S1".into(), "S2".into(), "S3".into()],
            lines: vec![("G1".into(), vec![Some(1.0), Some(3.0), None])],
        });
        assert_eq!(lines.matches("<polyline").count(), 1, "{lines}");
    }
}
