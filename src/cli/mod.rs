//! The command-line tool: parses arguments, calls the library, renders results.
//! Exit status: 0 clean, 1 problems found in the input, 2 usage or I/O error.

mod lint;
mod render;

use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

/// Administrative penalty discretion benchmarks (行政处罚裁量权基准).
#[derive(Parser)]
#[command(name = "discretion", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Load benchmark tables and report every problem found in them.
    Lint {
        /// Files or directories (searched recursively for *.yaml / *.yml).
        #[arg(required = true)]
        paths: Vec<std::path::PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
}

/// How results are printed.
#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum Format {
    /// Human-readable, like rustc.
    Text,
    /// One JSON document.
    Json,
}

/// Runs the tool.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    match cli.command {
        Command::Lint { paths, format } => lint::run(&paths, format),
    }
}
