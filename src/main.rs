//! The `moments` binary: parses the command line and hands over to the library.

use std::process::ExitCode;

use clap::Parser;
use moments::cli::Cli;

fn main() -> ExitCode {
    moments::cli::run(&Cli::parse())
}
