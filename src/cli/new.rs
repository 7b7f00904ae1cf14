//! `moments new FILE [--template NAME]`.

use std::path::PathBuf;

use super::exit;
use crate::persist::WorkspaceFile;
use crate::templates;

#[derive(Clone, Debug, clap::Args)]
pub struct Args {
    /// Where to create the workspace; refused if it exists.
    pub file: PathBuf,
    /// Template to start from (see `moments templates`).
    #[arg(long, short, value_name = "NAME", default_value = templates::DEFAULT_TEMPLATE)]
    pub template: String,
}

pub fn run(args: &Args) -> u8 {
    let Some(template) = templates::find(&args.template) else {
        eprintln!(
            "moments: unknown template `{}`; expected one of: {}",
            super::out::safe(&args.template),
            templates::names().join(", ")
        );
        return exit::UNREADABLE;
    };
    if args.file.exists() {
        eprintln!(
            "moments: {} already exists; not overwritten",
            super::out::path(&args.file)
        );
        return exit::UNREADABLE;
    }
    let ws = template.workspace().expect("embedded templates load");
    match WorkspaceFile::create(&args.file, &ws) {
        Ok(_) => {
            println!(
                "Created {} from the {} template.",
                super::out::path(&args.file),
                template.name
            );
            exit::OK
        }
        Err(e) => {
            eprintln!("moments: {}", super::out::safe(&e.to_string()));
            exit::UNREADABLE
        }
    }
}
