//! The JSON export: the whole document, field for field as in the RON file, for other tools.

use crate::model::Workspace;

/// The workspace as pretty JSON with a final newline.
pub fn to_json(ws: &Workspace) -> String {
    let mut text = serde_json::to_string_pretty(ws).expect("a workspace always serialises");
    text.push('\n');
    text
}
