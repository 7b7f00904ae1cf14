//! The shape of an imported sheet: which delimiter it uses, which column is which (the
//! header row, or `--map`), and where a quote was left open. The rows themselves are read
//! in the parent module.

use std::collections::HashMap;

use super::super::csv::COLUMNS;
use super::RowError;

/// Parses a `--map COLUMN=FIELD` argument. FIELD is a column name of the export, or `-`
/// to ignore the column.
pub fn parse_mapping(spec: &str) -> Result<(String, Option<&'static str>), String> {
    let (column, field) = spec
        .rsplit_once('=')
        .ok_or_else(|| format!("`{spec}` is not COLUMN=FIELD"))?;
    let field = field.trim();
    if field == "-" || field.eq_ignore_ascii_case("ignore") {
        return Ok((column.trim().to_owned(), None));
    }
    COLUMNS
        .iter()
        .find(|c| c.eq_ignore_ascii_case(field))
        .map(|c| (column.trim().to_owned(), Some(*c)))
        .ok_or_else(|| {
            format!(
                "`{field}` is not a field; expected one of: {}, or - to ignore the column",
                COLUMNS.join(", ")
            )
        })
}

/// Parses `--delimiter`: one of `,` `;` `tab` (or a tab character) `|`.
pub fn parse_delimiter(text: &str) -> Result<u8, String> {
    match text {
        "," | "comma" => Ok(b','),
        ";" | "semicolon" => Ok(b';'),
        "\t" | "\\t" | "tab" => Ok(b'\t'),
        "|" | "pipe" => Ok(b'|'),
        _ => Err(format!(
            "`{text}` is not a delimiter; expected , ; tab or |"
        )),
    }
}

/// The separator of the header row: whichever of `,` `;` and tab it has most of outside
/// quotes (a comma when there is none, or a tie), as spreadsheets in every locale write.
pub fn detect_delimiter(bytes: &[u8]) -> u8 {
    let mut counts = [(b',', 0usize), (b';', 0), (b'\t', 0)];
    let mut in_quotes = false;
    for &b in bytes {
        match b {
            b'"' => in_quotes = !in_quotes,
            b'\n' | b'\r' if !in_quotes => break,
            _ if !in_quotes => {
                if let Some(c) = counts.iter_mut().find(|(d, _)| *d == b) {
                    c.1 += 1;
                }
            }
            _ => {}
        }
    }
    // The first of the most frequent: comma wins a tie.
    let best = counts.iter().map(|c| c.1).max().unwrap_or(0);
    counts
        .iter()
        .find(|c| c.1 == best && best > 0)
        .map_or(b',', |c| c.0)
}

/// The field each column feeds (`None`: ignored), or the header's problems.
pub(super) fn header_fields(
    header: &::csv::ByteRecord,
    mappings: &[(String, Option<&'static str>)],
    delimiter: u8,
) -> Result<Vec<Option<&'static str>>, Vec<RowError>> {
    let mut errors = Vec::new();
    let mut fields = Vec::new();
    let mut used: HashMap<&'static str, String> = HashMap::new();
    for cell in header {
        let Ok(name) = std::str::from_utf8(cell) else {
            errors.push(RowError {
                row: 1,
                reason: "the header is not valid UTF-8; save the file as “CSV UTF-8”".into(),
            });
            fields.push(None);
            continue;
        };
        let name = name.trim();
        let field = match mappings.iter().find(|(c, _)| c.eq_ignore_ascii_case(name)) {
            Some((_, field)) => *field,
            None => {
                if let Some(c) = COLUMNS.iter().find(|c| c.eq_ignore_ascii_case(name)) {
                    Some(*c)
                } else {
                    errors.push(RowError {
                        row: 1,
                        reason: unknown_column(name, delimiter),
                    });
                    None
                }
            }
        };
        if let Some(f) = field
            && let Some(other) = used.insert(f, name.to_owned())
        {
            errors.push(RowError {
                row: 1,
                reason: format!("columns “{other}” and “{name}” both give {f}"),
            });
        }
        fields.push(field);
    }
    if !used.contains_key("title") {
        errors.push(RowError {
            row: 1,
            reason: "missing column title (or map one with --map \"COLUMN=title\")".into(),
        });
    }
    if !used.contains_key("stage") && !used.contains_key("stage_name") {
        errors.push(RowError {
            row: 1,
            reason: "missing column stage or stage_name".into(),
        });
    }
    if errors.is_empty() {
        Ok(fields)
    } else {
        Err(errors)
    }
}

/// Why a header cell is not a column: a cell holding another separator means the file
/// was read with the wrong one, which `--map` cannot fix.
fn unknown_column(name: &str, delimiter: u8) -> String {
    let shown = |d: u8| {
        if d == b'\t' {
            "tab".to_owned()
        } else {
            char::from(d).to_string()
        }
    };
    if let Some(other) = [b',', b';', b'\t', b'|']
        .into_iter()
        .find(|d| *d != delimiter && name.as_bytes().contains(d))
    {
        return format!(
            "the header “{name}” looks separated by {} but was read as separated by {}; import with --delimiter '{}'",
            shown(other),
            shown(delimiter),
            shown(other)
        );
    }
    format!(
        "unknown column “{name}”; known columns are {}; map it with --map \"{name}=FIELD\" or ignore it with --map \"{name}=-\"",
        COLUMNS.join(", ")
    )
}

/// The row (1-based record) where a quoted cell opens and never closes, if any.
pub(super) fn unclosed_quote(bytes: &[u8], delimiter: u8) -> Option<usize> {
    let mut row = 1;
    let mut in_quotes = false;
    let mut opened_at = 0;
    let mut at_cell_start = true;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if in_quotes {
            if b == b'"' {
                if bytes.get(i + 1) == Some(&b'"') {
                    i += 1;
                } else {
                    in_quotes = false;
                }
            }
        } else {
            match b {
                b'"' if at_cell_start => {
                    in_quotes = true;
                    opened_at = row;
                }
                b'\n' => row += 1,
                _ => {}
            }
            at_cell_start = b == delimiter || matches!(b, b'\n' | b'\r');
        }
        i += 1;
    }
    in_quotes.then_some(opened_at)
}
