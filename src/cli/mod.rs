//! The command-line tool: parses arguments, calls the library, renders results.
//! Exit status: 0 clean, 1 problems found in the input, 2 usage or I/O error.

mod audit;
mod cases;
mod check;
mod gbk;
mod html;
mod ids;
mod input;
mod lint;
mod list;
mod number_format;
mod output;
mod pipeline;
mod range;
mod render;
mod report;
mod rules;
mod summary;
mod xlsx;

use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

/// Administrative penalty discretion benchmarks (行政处罚裁量权基准).
#[derive(Parser)]
#[command(name = "discretion", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// How case files are read: the options `check` and `audit` share.
#[derive(clap::Args)]
struct CaseInput {
    /// Character encoding of the case files (default: detected, UTF-8 or GBK).
    #[arg(long, value_enum)]
    encoding: Option<Encoding>,
    /// Input format (default: from the file name; CSV otherwise).
    #[arg(long, value_enum)]
    input: Option<input::InputFormat>,
    /// The sheet of a spreadsheet to read (default: the first).
    #[arg(long)]
    sheet: Option<String>,
    /// Look violations up only in this table (repeatable): an office's own benchmark, when
    /// tables share violation names. A record's `table` column still decides for it.
    #[arg(long = "table", value_name = "TABLE_ID")]
    tables: Vec<String>,
    /// Rename a column of a foreign export: `--map 案号=case_id` (repeatable).
    #[arg(long = "map", value_name = "COLUMN=FIELD", value_parser = parse_mapping)]
    mapping: Vec<(String, String)>,
    /// A YAML file of column renames (`{案件编号: case_id, 罚没金额: fine}`), kept by an office.
    #[arg(long)]
    map_file: Option<std::path::PathBuf>,
    /// Columns that nothing reads are an error, not a warning.
    #[arg(long)]
    strict: bool,
    /// The longest value a read column may hold, in bytes (records with longer values are
    /// unreadable; docs/LIMITS.md).
    #[arg(long, value_name = "BYTES", default_value_t = discretion::read::record::MAX_FIELD_BYTES)]
    max_field_bytes: usize,
}

impl CaseInput {
    /// The reading options, with the renames of `--map-file` added to those of `--map`.
    fn options(self, lang: discretion::table::Lang) -> Result<cases::InputOptions, String> {
        let mut renames = self.mapping;
        if let Some(path) = self.map_file {
            renames.extend(map_file(&path, lang)?);
        }
        // One column renamed twice, to different fields (`--map 罚没金额=fine --map
        // 罚没金额=confiscated_gains`, or `--map` against `--map-file`): which was meant cannot be
        // told — the first was read, the other silently ignored.
        let mut seen: Vec<(&str, &str)> = Vec::new();
        for (from, to) in &renames {
            match seen.iter().find(|(f, _)| f == from) {
                Some((_, first)) if first != to => {
                    return Err(match lang {
                        discretion::table::Lang::En => format!(
                            "column `{from}` is renamed twice, to `{first}` and to `{to}` (--map, --map-file): keep one"
                        ),
                        discretion::table::Lang::Zh => {
                            format!("列“{from}”被改名两次：“{first}”和“{to}”（--map、--map-file）；请只保留一个")
                        }
                    });
                }
                Some(_) => {}
                None => seen.push((from, to)),
            }
        }
        Ok(cases::InputOptions {
            encoding: self.encoding.map(Into::into),
            input: self.input,
            sheet: self.sheet,
            mapping: input::Mapping { renames, tables: self.tables, max_field_bytes: self.max_field_bytes },
            strict: self.strict,
        })
    }
}

#[derive(Subcommand)]
enum Command {
    /// Load and verify benchmark tables; report every problem found in them (a YAML syntax or
    /// shape error stops the reading of its own file: fix it and run again for the rest).
    Lint {
        /// Files or directories (searched recursively for *.yaml / *.yml); with no path and no
        /// `--rules`, the tables embedded in this binary.
        paths: Vec<std::path::PathBuf>,
        /// More rules, as the other commands name them (`lint --rules rules` = `lint rules`).
        #[arg(long)]
        rules: Vec<std::path::PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Language of the messages.
        #[arg(long, value_enum, default_value_t = Language::En)]
        lang: Language,
        /// Exit 1 on warnings too (a gap, D006; a heavier level with a lower band, D005), not
        /// only on errors: for a check on every edit of the tables.
        #[arg(long)]
        deny_warnings: bool,
    },
    /// Check cases (CSV, JSON Lines or YAML; `-` for stdin) against the rules.
    Check {
        /// Rules: files or directories; default: the tables embedded in this binary.
        #[arg(long)]
        rules: Vec<std::path::PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = report::CheckFormat::Text)]
        format: report::CheckFormat,
        /// Language of the messages.
        #[arg(long, value_enum, default_value_t = Language::En)]
        lang: Language,
        #[command(flatten)]
        reading: CaseInput,
        /// Character encoding of CSV output (default UTF-8 with BOM).
        #[arg(long, value_enum)]
        output_encoding: Option<Encoding>,
        /// In text output, list every case, not only those with findings.
        #[arg(long)]
        all: bool,
        /// Case files.
        #[arg(required = true)]
        cases: Vec<String>,
    },
    /// List what the rules define: violations (id, name, statute, table) and facts.
    List {
        /// Rules: files or directories; default: the tables embedded in this binary.
        #[arg(long)]
        rules: Vec<std::path::PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = list::ListFormat::Text)]
        format: list::ListFormat,
        /// Language of the names.
        #[arg(long, value_enum, default_value_t = Language::En)]
        lang: Language,
    },
    /// Flag similar cases handled inconsistently (类案不同罚) across a batch of decisions.
    Audit {
        /// Rules: files or directories; default: the tables embedded in this binary.
        #[arg(long)]
        rules: Vec<std::path::PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = audit::AuditFormat::Text)]
        format: audit::AuditFormat,
        /// Language of the report.
        #[arg(long, value_enum, default_value_t = Language::En)]
        lang: Language,
        /// The audit's thresholds as YAML (every key optional; see `AuditConfig`).
        #[arg(long)]
        config: Option<std::path::PathBuf>,
        /// Comparison window in years, 1 to 100 (default 5; Chinese courts prefer 3).
        #[arg(long, value_parser = clap::value_parser!(u16).range(1..=100))]
        window_years: Option<u16>,
        /// Fewest cases in a group for its cases to be flagged (default 10).
        #[arg(long)]
        min_flag: Option<u64>,
        /// Also write a self-contained HTML report to this file.
        #[arg(long)]
        html: Option<std::path::PathBuf>,
        /// Most threads for the analysis (default and most: one per core; reading the files
        /// takes one more, beside the one that checks). The report is the same on any number.
        #[arg(long, value_parser = parse_threads)]
        threads: Option<std::num::NonZeroUsize>,
        #[command(flatten)]
        reading: CaseInput,
        /// Character encoding of CSV output (default UTF-8 with BOM).
        #[arg(long, value_enum)]
        output_encoding: Option<Encoding>,
        /// Case files.
        #[arg(required = true)]
        cases: Vec<String>,
    },
    /// Show the band the rules allow for some facts, with the explanation.
    Range {
        /// Rules: files or directories; default: the tables embedded in this binary.
        #[arg(long)]
        rules: Vec<std::path::PathBuf>,
        /// The violation: id, name or alias.
        #[arg(long)]
        violation: String,
        /// The date of the act (default: when the newest table version took effect).
        #[arg(long, alias = "date")]
        act: Option<String>,
        /// The date of the decision (Art. 37: a lighter later law applies).
        #[arg(long)]
        decided: Option<String>,
        /// The date of discovery: without --decided, the decision came no earlier (as `check`
        /// reads a case's `discovered`).
        #[arg(long)]
        discovered: Option<String>,
        /// Whose penalty: `party` or `responsible_persons`.
        #[arg(long)]
        addressee: Option<String>,
        /// The table, when tables share the violation's name (`gd-env-fines`).
        #[arg(long, value_name = "TABLE_ID")]
        table: Option<String>,
        /// Language of the explanation.
        #[arg(long, value_enum, default_value_t = Language::En)]
        lang: Language,
        /// Facts as FACT=VALUE (also party=individual|organisation, circumstances=lighter|ordinary|heavier).
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

/// `--threads`: a whole number from 1 (clap's own message for 0 was "number would be zero for
/// non-zero type").
fn parse_threads(s: &str) -> Result<std::num::NonZeroUsize, String> {
    s.trim()
        .parse::<usize>()
        .ok()
        .and_then(std::num::NonZeroUsize::new)
        .ok_or_else(|| format!("`{s}` is not a number of threads: give a whole number from 1"))
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

impl From<Language> for discretion::table::Lang {
    fn from(l: Language) -> Self {
        match l {
            Language::En => discretion::table::Lang::En,
            Language::Zh => discretion::table::Lang::Zh,
        }
    }
}

impl From<Encoding> for input::Encoding {
    fn from(e: Encoding) -> Self {
        match e {
            Encoding::Utf8 => input::Encoding::Utf8,
            Encoding::Gbk => input::Encoding::Gbk,
        }
    }
}

/// The largest mapping or configuration file read (they are a few lines).
const MAX_SMALL_FILE: u64 = 1024 * 1024;

/// A small text file (a mapping, an audit configuration): a regular file of at most 1 MiB;
/// why not, in `lang`.
fn small_file(path: &std::path::Path, lang: discretion::table::Lang) -> Result<String, String> {
    let zh = lang == discretion::table::Lang::Zh;
    let meta = std::fs::metadata(path).map_err(|e| unreadable(&path.display().to_string(), &e, lang))?;
    if !meta.is_file() {
        return Err(not_a_file(&path.display().to_string(), lang));
    }
    if meta.len() > MAX_SMALL_FILE {
        return Err(if zh {
            format!("{}：{} 字节，超过映射或配置文件的上限 {MAX_SMALL_FILE} 字节", path.display(), meta.len())
        } else {
            format!(
                "{}: {} bytes, more than the {MAX_SMALL_FILE} a mapping or configuration file may have",
                path.display(),
                meta.len()
            )
        });
    }
    std::fs::read_to_string(path).map_err(|e| unreadable(&path.display().to_string(), &e, lang))
}

/// "PATH: why it cannot be read", in `lang`: in Chinese, a missing file, a denied permission
/// and text that is not UTF-8 are said in Chinese; another system error keeps the system's words
/// after a Chinese headline.
pub(crate) fn unreadable(path: &str, e: &std::io::Error, lang: discretion::table::Lang) -> String {
    use std::io::ErrorKind;
    match lang {
        // A map or configuration saved by Notepad as "ANSI" is GBK: what to do is said.
        discretion::table::Lang::En if e.kind() == ErrorKind::InvalidData => {
            format!("{path}: {e}; save the file as UTF-8 (a GBK or \"ANSI\" file is not read here)")
        }
        discretion::table::Lang::En => format!("{path}: {e}"),
        discretion::table::Lang::Zh => match e.kind() {
            ErrorKind::NotFound => format!("{path}：文件不存在"),
            ErrorKind::PermissionDenied => format!("{path}：没有读取权限"),
            ErrorKind::InvalidData => {
                format!("{path}：不是 UTF-8 编码的文本；请另存为 UTF-8 编码（此处不读取 GBK 或记事本“ANSI”编码的文件）")
            }
            _ => format!("{path}：无法读取（{e}）"),
        },
    }
}

/// "PATH: why it cannot be written", in `lang`.
pub(crate) fn unwritable(path: &str, e: &std::io::Error, lang: discretion::table::Lang) -> String {
    use std::io::ErrorKind;
    match lang {
        discretion::table::Lang::En => format!("{path}: cannot write: {e}"),
        discretion::table::Lang::Zh => match e.kind() {
            ErrorKind::NotFound => format!("{path}：无法写入：所在目录不存在"),
            ErrorKind::PermissionDenied => format!("{path}：无法写入：没有写入权限"),
            ErrorKind::IsADirectory => format!("{path}：无法写入：这是一个目录"),
            _ => format!("{path}：无法写入（{e}）"),
        },
    }
}

/// "PATH: not a regular file" (a directory, a FIFO, a device), in `lang`.
pub(crate) fn not_a_file(path: &str, lang: discretion::table::Lang) -> String {
    match lang {
        discretion::table::Lang::En => format!("{path}: not a regular file"),
        discretion::table::Lang::Zh => format!("{path}：不是普通文件（目录、管道或设备文件不读取）"),
    }
}

/// Reads a mapping file: a YAML mapping of column → field.
fn map_file(path: &std::path::Path, lang: discretion::table::Lang) -> Result<Vec<(String, String)>, String> {
    let text = small_file(path, lang)?;
    discretion::read::structured::yaml_mapping(&path.display().to_string(), &text).map_err(|e| e.to_string())
}

/// `n` and its English noun, singular for one: "1 group", "2 groups".
pub(crate) fn english(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
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
    let lang = cli.command.lang();
    let code = run(cli.command);
    // A report cut short (a full disk, a file size limit) is no report: said, exit 2.
    match output::failed() {
        Some(e) => fail_in(lang, &output::failure_message(&e, lang)),
        None => code,
    }
}

impl Command {
    /// The language the command reports in.
    fn lang(&self) -> discretion::table::Lang {
        match self {
            Command::Lint { lang, .. }
            | Command::List { lang, .. }
            | Command::Check { lang, .. }
            | Command::Audit { lang, .. }
            | Command::Range { lang, .. } => (*lang).into(),
        }
    }
}

fn run(command: Command) -> ExitCode {
    match command {
        Command::Lint { mut paths, rules, format, lang, deny_warnings } => {
            paths.extend(rules);
            lint::run(&paths, format, lang, deny_warnings)
        }
        Command::List { rules, format, lang } => list::run(&rules, format, lang.into()),
        Command::Check { rules, format, lang, reading, output_encoding, all, cases } => {
            let reading = match reading.options(lang.into()) {
                Ok(r) => r,
                Err(e) => return fail_in(lang.into(), &e),
            };
            let opts = check::Options {
                rules,
                format,
                lang,
                output_gbk: output_encoding == Some(Encoding::Gbk),
                reading,
                all,
            };
            check::run(&cases, &opts)
        }
        Command::Audit {
            rules,
            format,
            lang,
            config,
            window_years,
            min_flag,
            html,
            threads,
            reading,
            output_encoding,
            cases,
        } => {
            let fail = |e: String| fail_in(lang.into(), &e);
            let reading = match reading.options(lang.into()) {
                Ok(r) => r,
                Err(e) => return fail(e),
            };
            let mut settings = match config {
                Some(path) => match small_file(&path, lang.into()).and_then(|t| {
                    discretion::audit::AuditConfig::from_yaml_in(&t, lang.into()).map_err(|e| match lang.into() {
                        discretion::table::Lang::En => format!("{}: {e}", path.display()),
                        discretion::table::Lang::Zh => format!("{}：{e}", path.display()),
                    })
                }) {
                    Ok(c) => c,
                    Err(e) => return fail(e),
                },
                None => discretion::audit::AuditConfig::default(),
            };
            if let Some(w) = window_years {
                settings.window_years = w;
            }
            if let Some(n) = min_flag {
                settings.min_flag = n;
            }
            // Validated by the auditor (`Auditor::new`) too. The file's configuration was valid
            // (`from_yaml_in` validates it) and `--window-years` is range-checked by its parser,
            // so a configuration refused here is refused for `--min-flag`: named as given.
            if let (Err(e), Some(n)) = (settings.clone().validated(), min_flag) {
                let message = e.in_lang(lang.into());
                return match lang.into() {
                    discretion::table::Lang::Zh => fail(format!("--min-flag {n}：{message}")),
                    discretion::table::Lang::En => fail(format!("--min-flag {n}: {message}")),
                };
            }
            let output_gbk = output_encoding == Some(Encoding::Gbk);
            let opts = audit::Options { rules, format, lang, reading, config: settings, html, threads, output_gbk };
            audit::run(&cases, &opts)
        }
        Command::Range { rules, violation, act, decided, discovered, addressee, table, lang, facts } => {
            range::run(&range::Options {
                rules,
                violation,
                act,
                decided,
                discovered,
                addressee,
                table,
                lang: lang.into(),
                facts,
            })
        }
    }
}

/// An error that stops the run, prefixed in the language asked (the message is the caller's).
pub(crate) fn fail_in(lang: discretion::table::Lang, message: &str) -> ExitCode {
    use std::io::Write;
    let _ = match lang {
        discretion::table::Lang::En => writeln!(std::io::stderr(), "error: {message}"),
        discretion::table::Lang::Zh => writeln!(std::io::stderr(), "错误：{message}"),
    };
    ExitCode::from(2)
}
