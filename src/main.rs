//! The `moments` binary: parses the command line and hands over to the library.

use std::process::ExitCode;

use clap::Parser;
use moments::cli::{Cli, run_command};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match &cli.command {
        Some(command) => run_command(command),
        None => moments::app::run(&cli),
    }
}
