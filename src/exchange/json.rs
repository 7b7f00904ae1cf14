//! The JSON export: the whole document, field for field as in the RON file, for other tools,
//! and its JSON Schema, generated from the same serde types (shipped as
//! docs/workspace.schema.json, which a test keeps equal to [`schema`]).

use crate::model::Workspace;

/// The workspace as pretty JSON with a final newline.
pub fn to_json(ws: &Workspace) -> String {
    let mut text = serde_json::to_string_pretty(ws).expect("a workspace always serialises");
    text.push('\n');
    text
}

/// The JSON Schema (draft 2020-12) of what [`to_json`] writes, pretty, with a final newline.
pub fn schema() -> String {
    let schema = schemars::schema_for!(Workspace);
    let mut text =
        serde_json::to_string_pretty(&schema).expect("a generated schema always serialises");
    text.push('\n');
    text
}
