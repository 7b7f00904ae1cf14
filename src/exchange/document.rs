//! What a report is made of: sections of paragraphs, tables and lists made of inline spans
//! that say what they are (our words, text from the workspace, an id, a mark with a
//! meaning), and the helpers that make them. The report and its first page build with
//! these; the renderers walk them. Depends on the model only.

use crate::model::{self, Experience, Moment, Severity, Workspace};

/// A heading, what is under it, then its subsections one level down.
#[derive(Clone, Debug, PartialEq)]
pub struct Section {
    pub heading: Line,
    pub blocks: Vec<Block>,
    pub sections: Vec<Section>,
}

/// One block of a section.
#[derive(Clone, Debug, PartialEq)]
pub enum Block {
    /// A paragraph; [`Inline::Lines`] in it keep their line breaks.
    Paragraph(Line),
    /// Says that a section has nothing in it, so a reader knows nothing is missing.
    Empty(&'static str),
    Table(Table),
    /// A bulleted list.
    List(Vec<Line>),
    /// Labelled facts about one item, in order; only facts with a value.
    Facts(Vec<(&'static str, Line)>),
}

/// A table. Every row has as many cells as the header.
#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    pub header: Vec<Line>,
    pub rows: Vec<Vec<Line>>,
    /// The first column names each row and the other cells hold short codes (the RACI
    /// matrix), which a format may set apart.
    pub matrix: bool,
}

/// A run of inline spans; an empty line is an empty cell.
pub type Line = Vec<Inline>;

/// A span of text that says what it is; each renderer escapes and styles it its own way.
#[derive(Clone, Debug, PartialEq)]
pub enum Inline {
    /// Our own words (labels, counts, punctuation). They use no character with a meaning
    /// in Markdown, which writes them as they are; HTML escapes them all the same.
    Words(String),
    /// Text from the workspace, on one line: a line break in it reads as a space.
    Text(String),
    /// Text from the workspace whose line breaks are kept where the format allows it.
    Lines(String),
    /// An id from the workspace (`M1`, `S2`), which a format may set apart.
    Id(String),
    Emphasis(Line),
    Strong(Line),
    /// Our words with a meaning a format may show, such as "a bad experience".
    Mark(Meaning, String),
}

/// What a [`Inline::Mark`] means.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Meaning {
    Experience(Experience),
    Severity(Severity),
}

/// The journey as stages side by side, each with its moments as cards.
#[derive(Clone, Debug, PartialEq)]
pub struct Board {
    pub columns: Vec<Column>,
}

impl Board {
    pub const HEADING: &'static str = "Journey";
    pub const NO_STAGES: &'static str = "No stages yet.";
    pub const NO_MOMENTS: &'static str = "No moments yet.";
}

/// A stage on the board.
#[derive(Clone, Debug, PartialEq)]
pub struct Column {
    pub name: Line,
    /// The customer goal; empty when there is none.
    pub goal: Line,
    pub cards: Vec<Card>,
}

/// A moment on the board.
#[derive(Clone, Debug, PartialEq)]
pub struct Card {
    /// The worst experience of any segment, which a format may show as a colour.
    pub worst: Option<Experience>,
    pub name: Line,
    /// Who is Accountable, what it is critical for, and its votes.
    pub detail: Line,
}

pub(super) fn words(s: impl Into<String>) -> Inline {
    Inline::Words(s.into())
}

pub(super) fn text(s: &str) -> Inline {
    Inline::Text(s.to_owned())
}

pub(super) fn id(s: &str) -> Inline {
    Inline::Id(s.to_owned())
}

pub(super) fn strong(s: &str) -> Inline {
    Inline::Strong(vec![words(s)])
}

/// `SAL Sales`-style names: the id, then the name from the workspace.
pub(super) fn named(item: &str, name: &str) -> Line {
    vec![id(item), words(" "), text(name)]
}

pub(super) fn moment_name(m: &Moment) -> Line {
    named(m.id.as_str(), &m.title)
}

/// The moment's name when it exists, else the id as written.
pub(super) fn moment_ref(ws: &Workspace, moment: &model::MomentId) -> Line {
    ws.moment(moment)
        .map_or_else(|| vec![text(moment.as_str())], moment_name)
}

/// A line of the given parts, `sep` between each two.
pub(super) fn joined(parts: impl IntoIterator<Item = Line>, sep: &str) -> Line {
    let mut out = Line::new();
    for (i, part) in parts.into_iter().enumerate() {
        if i > 0 {
            out.push(words(sep));
        }
        out.extend(part);
    }
    out
}

pub(super) fn experience(e: Experience) -> Inline {
    Inline::Mark(
        Meaning::Experience(e),
        format!("{} {}", e.symbol(), e.label()),
    )
}

pub(super) fn table(header: &[&str], rows: Vec<Vec<Line>>) -> Block {
    Block::Table(Table {
        header: header.iter().map(|h| vec![words(*h)]).collect(),
        rows,
        matrix: false,
    })
}

pub(super) fn section(heading: &str, blocks: Vec<Block>) -> Section {
    Section {
        heading: vec![words(heading)],
        blocks,
        sections: Vec::new(),
    }
}
