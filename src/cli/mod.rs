//! The command-line tool: parses arguments, calls the library, renders results.
//! Exit status: 0 clean, 1 problems found in the input, 2 usage or I/O error.

mod cases;
mod check;
mod lint;
mod output;
mod range;
mod render;
mod rules;

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
    /// Check cases (CSV, JSON Lines or YAML; `-` for stdin) against the rules.
    Check {
        /// Rules: files or directories; default: the tables embedded in this binary.
        #[arg(long)]
        rules: Vec<std::path::PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = check::CheckFormat::Text)]
        format: check::CheckFormat,
        /// Language of the messages.
        #[arg(long, value_enum, default_value_t = Language::En)]
        lang: Language,
        /// Character encoding of the case files.
        #[arg(long, value_enum, default_value_t = Encoding::Utf8)]
        encoding: Encoding,
        /// Input format (default: from the file name; CSV otherwise).
        #[arg(long, value_enum)]
        input: Option<cases::InputFormat>,
        /// Rename a column of a foreign export: `--map 案号=case_id` (repeatable).
        #[arg(long = "map", value_name = "COLUMN=FIELD", value_parser = parse_mapping)]
        mapping: Vec<(String, String)>,
        /// In text output, list compliant cases too.
        #[arg(long)]
        all: bool,
        /// Case files.
        #[arg(required = true)]
        cases: Vec<String>,
    },
    /// Show the band the rules allow for some facts, with the explanation.
    Range {
        /// Rules: files or directories; default: the tables embedded in this binary.
        #[arg(long)]
        rules: Vec<std::path::PathBuf>,
        /// The violation id.
        #[arg(long)]
        violation: String,
        /// The date (default: when the newest table version took effect).
        #[arg(long)]
        date: Option<String>,
        /// Language of the explanation.
        #[arg(long, value_enum, default_value_t = Language::En)]
        lang: Language,
        /// Facts as FACT=VALUE (also party=individual|organisation).
        facts: Vec<String>,
    },
}

/// Character encodings of case files.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Encoding {
    /// UTF-8, with or without BOM.
    #[value(name = "utf-8", alias = "utf8")]
    Utf8,
    /// GBK (exports of Chinese office software).
    Gbk,
}

fn parse_mapping(s: &str) -> Result<(String, String), String> {
    s.split_once('=')
        .map(|(a, b)| (a.trim().to_string(), b.trim().to_string()))
        .ok_or_else(|| format!("`{s}` is not COLUMN=FIELD"))
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
        Command::Check { rules, format, lang, encoding, input, mapping, all, cases } => {
            let opts = check::Options { rules, format, lang, gbk: encoding == Encoding::Gbk, input, mapping, all };
            check::run(&cases, &opts)
        }
        Command::Range { rules, violation, date, lang, facts } => {
            range::run(&rules, &violation, date.as_deref(), &facts, lang)
        }
    }
}
