//! A drawn screen as an SVG picture: each cell of a ratatui [`Buffer`] at its place on a
//! fixed grid, in the colours of a [`Palette`], so the picture shows exactly what the
//! terminal shows. Knows nothing of views: the caller draws the buffer (see
//! `runtime::frame::picture`), this only writes it down.

use std::fmt::Write;

use ratatui::buffer::{Buffer, Cell};
use ratatui::style::{Color, Modifier};
use unicode_width::UnicodeWidthStr;

use super::markup::escape;

/// Width and height of one cell in the picture, in pixels, and the font size in them.
pub const CELL_WIDTH: u32 = 9;
pub const CELL_HEIGHT: u32 = 18;
const FONT_SIZE: u32 = 15;

/// The colours a terminal would give the 16 ANSI colours and its default foreground and
/// background.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Palette {
    pub foreground: &'static str,
    pub background: &'static str,
    /// Black, red, green, yellow, blue, magenta, cyan, grey, then their bright forms.
    pub ansi: [&'static str; 16],
}

impl Palette {
    /// Light text on a dark background, as the dark and projector themes expect.
    pub const DARK: Palette = Palette {
        foreground: "#d4d4d4",
        background: "#1e1e1e",
        ansi: [
            "#000000", "#cd3131", "#0dbc79", "#e5e510", "#2472c8", "#bc3fbc", "#11a8cd", "#e5e5e5",
            "#767676", "#f14c4c", "#23d18b", "#f5f543", "#3b8eea", "#d670d6", "#29b8db", "#ffffff",
        ],
    };

    /// Dark text on white, as the light and monochrome themes expect; colours deep enough
    /// to read on white.
    pub const LIGHT: Palette = Palette {
        foreground: "#1b1b1b",
        background: "#ffffff",
        ansi: [
            "#000000", "#b00020", "#1a7f37", "#8a6d00", "#0550ae", "#8e3a9d", "#0b7285", "#8c8c8c",
            "#5c5c5c", "#cf222e", "#1f883d", "#9a6700", "#0969da", "#a0449e", "#1b7c83", "#1b1b1b",
        ],
    };

    /// The colour `color` stands for; `None` is the terminal's default.
    pub fn rgb(&self, color: Color) -> Option<String> {
        let ansi = |i: usize| Some(self.ansi[i].to_owned());
        match color {
            Color::Reset => None,
            Color::Black => ansi(0),
            Color::Red => ansi(1),
            Color::Green => ansi(2),
            Color::Yellow => ansi(3),
            Color::Blue => ansi(4),
            Color::Magenta => ansi(5),
            Color::Cyan => ansi(6),
            Color::Gray => ansi(7),
            Color::DarkGray => ansi(8),
            Color::LightRed => ansi(9),
            Color::LightGreen => ansi(10),
            Color::LightYellow => ansi(11),
            Color::LightBlue => ansi(12),
            Color::LightMagenta => ansi(13),
            Color::LightCyan => ansi(14),
            Color::White => ansi(15),
            Color::Rgb(r, g, b) => Some(format!("#{r:02x}{g:02x}{b:02x}")),
            Color::Indexed(i) => Some(indexed(self, i)),
        }
    }
}

/// xterm's 256 colours: the 16 of the palette, a 6×6×6 cube, then 24 greys.
fn indexed(palette: &Palette, i: u8) -> String {
    match i {
        0..=15 => palette.ansi[usize::from(i)].to_owned(),
        16..=231 => {
            let n = i - 16;
            let level = |v: u8| if v == 0 { 0 } else { 55 + 40 * v };
            format!(
                "#{:02x}{:02x}{:02x}",
                level(n / 36),
                level(n / 6 % 6),
                level(n % 6)
            )
        }
        _ => {
            let v = 8 + 10 * (i - 232);
            format!("#{v:02x}{v:02x}{v:02x}")
        }
    }
}

/// How one cell is drawn: its text colour, its background (`None`: the picture's), and
/// its weight, slant and line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Look {
    pub fill: String,
    pub background: Option<String>,
    pub bold: bool,
    pub italic: bool,
    pub underline: bool,
    pub dim: bool,
}

/// The look of `cell` in `palette`; reversed cells swap their colours as a terminal does.
pub fn look(cell: &Cell, palette: &Palette) -> Look {
    let mut fg = palette.rgb(cell.fg);
    let mut bg = palette.rgb(cell.bg);
    if cell.modifier.contains(Modifier::REVERSED) {
        let fg_or_default = fg.unwrap_or_else(|| palette.foreground.to_owned());
        let bg_or_default = bg.unwrap_or_else(|| palette.background.to_owned());
        fg = Some(bg_or_default);
        bg = Some(fg_or_default);
    }
    Look {
        fill: fg.unwrap_or_else(|| palette.foreground.to_owned()),
        background: bg.filter(|b| b != palette.background),
        bold: cell.modifier.contains(Modifier::BOLD),
        italic: cell.modifier.contains(Modifier::ITALIC),
        underline: cell.modifier.contains(Modifier::UNDERLINED),
        dim: cell.modifier.contains(Modifier::DIM),
    }
}

/// The symbols of one row, each with its column, width in cells and look; the cells a
/// wide character covers are left out, as a terminal leaves them.
fn row_cells(buffer: &Buffer, y: u16, palette: &Palette) -> Vec<(u16, u16, String, Look)> {
    let area = buffer.area;
    let mut cells = Vec::new();
    let mut x = area.x;
    while x < area.x + area.width {
        let cell = &buffer[(x, y)];
        // An empty symbol still takes its cell, as a terminal shows it.
        let symbol = match cell.symbol() {
            "" => " ",
            s => s,
        };
        let width = (symbol.width() as u16).clamp(1, 2);
        cells.push((x, width, symbol.to_owned(), look(cell, palette)));
        x += width;
    }
    cells
}

/// The buffer as a standalone SVG document: a background, a rectangle for each run of
/// cells with their own background, and a `<text>` for each run of cells with one look,
/// stretched to exactly its cells (`textLength`) so columns line up in any monospace font.
/// `title` is the picture's accessible name.
pub fn to_svg(buffer: &Buffer, palette: &Palette, title: &str) -> String {
    let area = buffer.area;
    let (w, h) = (
        u32::from(area.width) * CELL_WIDTH,
        u32::from(area.height) * CELL_HEIGHT,
    );
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" \
         viewBox=\"0 0 {w} {h}\" role=\"img\" font-family=\"'DejaVu Sans Mono', Menlo, \
         Consolas, 'Liberation Mono', monospace\" font-size=\"{FONT_SIZE}\">\n\
         <title>{}</title>\n<rect width=\"100%\" height=\"100%\" fill=\"{}\"/>\n",
        escape(title),
        palette.background
    );
    for y in area.y..area.y + area.height {
        let cells = row_cells(buffer, y, palette);
        let top = u32::from(y - area.y) * CELL_HEIGHT;
        // Backgrounds first, so text is drawn over them.
        for run in runs(&cells, |c| c.3.background.clone()) {
            let Some(fill) = &run.key else { continue };
            let _ = writeln!(
                out,
                "<rect x=\"{}\" y=\"{top}\" width=\"{}\" height=\"{CELL_HEIGHT}\" fill=\"{fill}\"/>",
                u32::from(run.x - area.x) * CELL_WIDTH,
                u32::from(run.width) * CELL_WIDTH
            );
        }
        let baseline = top + CELL_HEIGHT - 5;
        for run in runs(&cells, |c| c.3.clone()) {
            if run.text.trim().is_empty() && !run.key.underline {
                continue;
            }
            let look = &run.key;
            let mut attributes = format!("fill=\"{}\"", look.fill);
            if look.bold {
                attributes.push_str(" font-weight=\"bold\"");
            }
            if look.italic {
                attributes.push_str(" font-style=\"italic\"");
            }
            if look.underline {
                attributes.push_str(" text-decoration=\"underline\"");
            }
            if look.dim {
                attributes.push_str(" opacity=\"0.6\"");
            }
            let _ = writeln!(
                out,
                "<text x=\"{}\" y=\"{baseline}\" textLength=\"{}\" lengthAdjust=\"spacingAndGlyphs\" \
                 xml:space=\"preserve\" {attributes}>{}</text>",
                u32::from(run.x - area.x) * CELL_WIDTH,
                u32::from(run.width) * CELL_WIDTH,
                escape(&run.text)
            );
        }
    }
    out.push_str("</svg>\n");
    out
}

/// Consecutive cells with the same key: where they start, how many cells they cover and
/// their text.
struct Run<K> {
    key: K,
    x: u16,
    width: u16,
    text: String,
}

fn runs<K: PartialEq>(
    cells: &[(u16, u16, String, Look)],
    key: impl Fn(&(u16, u16, String, Look)) -> K,
) -> Vec<Run<K>> {
    let mut out: Vec<Run<K>> = Vec::new();
    for cell in cells {
        let k = key(cell);
        match out.last_mut() {
            Some(run) if run.key == k => {
                run.width += cell.1;
                run.text.push_str(&cell.2);
            }
            _ => out.push(Run {
                key: k,
                x: cell.0,
                width: cell.1,
                text: cell.2.clone(),
            }),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::layout::Rect;
    use ratatui::style::Style;

    #[test]
    fn runs_of_one_look_become_one_text_and_backgrounds_rectangles() {
        let mut buffer = Buffer::empty(Rect::new(0, 0, 6, 1));
        buffer.set_string(0, 0, "ab", Style::default().fg(Color::Red));
        buffer.set_string(2, 0, "<日", Style::default().bg(Color::Blue));
        let svg = to_svg(&buffer, &Palette::DARK, "t & u");
        assert!(svg.contains("<title>t &amp; u</title>"));
        assert!(svg.contains(
            "<text x=\"0\" y=\"13\" textLength=\"18\" lengthAdjust=\"spacingAndGlyphs\" \
             xml:space=\"preserve\" fill=\"#cd3131\">ab</text>"
        ));
        // The wide character covers two cells; its hidden cell is not drawn.
        assert!(
            svg.contains("<rect x=\"18\" y=\"0\" width=\"27\" height=\"18\" fill=\"#2472c8\"/>")
        );
        assert!(svg.contains("textLength=\"27\""));
        assert!(svg.contains(">&lt;日</text>"));
    }

    #[test]
    fn reversed_cells_swap_colours_and_indexed_colours_resolve() {
        let mut cell = Cell::default();
        cell.set_style(Style::default().add_modifier(Modifier::REVERSED));
        let look = look(&cell, &Palette::LIGHT);
        assert_eq!(look.fill, "#ffffff");
        assert_eq!(look.background.as_deref(), Some("#1b1b1b"));
        assert_eq!(indexed(&Palette::DARK, 196), "#ff0000");
        assert_eq!(indexed(&Palette::DARK, 232), "#080808");
    }
}
