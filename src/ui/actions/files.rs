//! Saving, quitting and exporting: asked of the runtime as effects, carried out there.

use crate::exchange::ExportFormat;

use super::super::{Cx, Effect};

pub fn save(cx: &mut Cx) {
    cx.session.request(Effect::SaveNow);
}

pub fn quit(cx: &mut Cx) {
    cx.session.request(Effect::Quit);
}

pub fn export_markdown(cx: &mut Cx) {
    cx.session.request(Effect::Export(ExportFormat::Md));
}

pub fn export_html(cx: &mut Cx) {
    cx.session.request(Effect::Export(ExportFormat::Html));
}

pub fn export_csv(cx: &mut Cx) {
    cx.session.request(Effect::Export(ExportFormat::Csv));
}

pub fn export_mermaid(cx: &mut Cx) {
    cx.session.request(Effect::Export(ExportFormat::Mermaid));
}

pub fn export_json(cx: &mut Cx) {
    cx.session.request(Effect::Export(ExportFormat::Json));
}
