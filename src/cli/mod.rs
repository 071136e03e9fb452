//! The command-line tool: parses arguments, calls the library, renders results.
//! Exit status: 0 clean, 1 problems found in the input, 2 usage or I/O error.

mod lint;
mod output;
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
    /// Load and verify benchmark tables; report every problem found in them.
    Lint {
        /// Files or directories (searched recursively for *.yaml / *.yml).
        #[arg(required = true)]
        paths: Vec<std::path::PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Language of the messages.
        #[arg(long, value_enum, default_value_t = Language::En)]
        lang: Language,
    },
}

/// How results are printed.
#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum Format {
    /// Human-readable, like rustc.
    Text,
    /// One JSON document.
    Json,
    /// SARIF 2.1.0, for code-scanning annotations on tables kept in git.
    Sarif,
}

/// The language of messages.
#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum Language {
    /// English.
    En,
    /// 中文.
    Zh,
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
        Command::Lint { paths, format, lang } => lint::run(&paths, format, lang),
    }
}
