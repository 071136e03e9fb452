//! `discretion check`: assess case files against the rules, streaming, with a summary whose
//! counts reconcile (rows read = assessed + unreadable).

use std::io::{IsTerminal, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use discretion::check::{Assessment, Case, Verdict};
use discretion::table::{Lang, Range, format_amount, format_range};
use serde_json::{Value, json};

use super::cases::{self, InputFormat, Mapping, Record};
use super::{Language, output, rules};

/// How assessments are printed.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum CheckFormat {
    /// Cases with findings, then the summary.
    Text,
    /// One JSON array of case objects.
    Json,
    /// One JSON object per line.
    Jsonl,
    /// One CSV row per case.
    Csv,
}

/// The arguments of `check`.
pub(crate) struct Options {
    pub rules: Vec<PathBuf>,
    pub format: CheckFormat,
    pub lang: Language,
    pub gbk: bool,
    pub input: Option<InputFormat>,
    pub mapping: Vec<(String, String)>,
    pub all: bool,
}

#[derive(Default)]
struct Tally {
    read: u64,
    assessed: u64,
    unreadable: Vec<(String, u64, String)>,
    compliant: u64,
    review: u64,
    violation: u64,
}

fn money(d: Option<rust_decimal::Decimal>) -> Value {
    d.map_or(Value::Null, |d| Value::String(d.normalize().to_string()))
}

fn range(r: &Option<Range>) -> Value {
    r.as_ref().map_or(Value::Null, |r| json!({"min": money(r.min), "max": money(r.max)}))
}

fn object(case: &Case, file: &str, line: u64, a: &Assessment<'_>, lang: Lang) -> Value {
    json!({
        "case_id": case.id,
        "file": file,
        "line": line,
        "verdict": a.verdict.code(),
        "violation": case.violation,
        "table": a.table.map(|t| t.id.as_str()),
        "table_version": a.table.and_then(|t| t.version.as_deref()),
        "level": a.level,
        "band": range(&a.band),
        "statutory": range(&a.statutory),
        "fine": money(case.decision.fine),
        "position": money(a.position),
        "distance": money(a.distance),
        "findings": a.findings.iter().map(|f| json!({
            "code": f.check.code(),
            "severity": f.check.verdict().map_or("note", Verdict::code),
            "message": f.message.get(lang),
            "expected": range(&f.expected),
            "actual": money(f.actual),
            "citation": f.citation,
        })).collect::<Vec<_>>(),
    })
}

fn band_text(r: &Option<Range>) -> String {
    r.as_ref().map_or_else(|| "-".into(), |r| format_range(r, Lang::En))
}

fn csv_row(case: &Case, line: u64, a: &Assessment<'_>) -> String {
    let quote =
        |s: &str| if s.contains([',', '"', '\n']) { format!("\"{}\"", s.replace('"', "\"\"")) } else { s.to_string() };
    let d = |x: Option<rust_decimal::Decimal>| x.map(|x| x.normalize().to_string()).unwrap_or_default();
    let codes: Vec<&str> = a.findings.iter().map(|f| f.check.code()).collect();
    [
        quote(&case.id),
        line.to_string(),
        a.verdict.code().to_string(),
        quote(&case.violation),
        a.level.as_deref().map(quote).unwrap_or_default(),
        d(a.band.and_then(|b| b.min)),
        d(a.band.and_then(|b| b.max)),
        d(case.decision.fine),
        d(a.position),
        codes.join(";"),
    ]
    .join(",")
}

fn text_block(case: &Case, file: &str, line: u64, a: &Assessment<'_>, lang: Lang) -> String {
    let verdict = if lang == Lang::Zh { a.verdict.zh() } else { a.verdict.code() };
    let mut out = format!(
        "{} ({file}:{line}) {verdict}: {} level {} band {} fine {}\n",
        case.id,
        case.violation,
        a.level.as_deref().unwrap_or("-"),
        band_text(&a.band),
        case.decision.fine.map_or_else(|| "-".into(), format_amount),
    );
    for f in &a.findings {
        out.push_str(&format!(
            "  {} {}: {}\n",
            f.check.code(),
            f.check.verdict().map_or("note", Verdict::code),
            f.message.get(lang)
        ));
    }
    out
}

fn open(path: &str) -> Result<Box<dyn Read>, String> {
    if path == "-" {
        return Ok(Box::new(std::io::stdin()));
    }
    std::fs::File::open(path).map(|f| Box::new(f) as Box<dyn Read>).map_err(|e| format!("{path}: {e}"))
}

pub(crate) fn run(files: &[String], opts: &Options) -> ExitCode {
    let lang = match opts.lang {
        Language::En => Lang::En,
        Language::Zh => Lang::Zh,
    };
    let rules = match rules::load(&opts.rules) {
        Ok(b) => b,
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "error: the rules do not load:\n{e}");
            return ExitCode::from(2);
        }
    };
    let mapping = Mapping(opts.mapping.clone());
    let mut tally = Tally::default();
    let mut first = true;
    let mut open_out = true;
    match opts.format {
        CheckFormat::Json => open_out = output::line("["),
        CheckFormat::Csv => {
            open_out = output::line("case_id,line,verdict,violation,level,band_min,band_max,fine,position,codes")
        }
        _ => {}
    }
    for file in files {
        let format = opts.input.or_else(|| InputFormat::from_name(file)).unwrap_or(InputFormat::Csv);
        let input = match open(file) {
            Ok(i) => i,
            Err(e) => {
                let _ = writeln!(std::io::stderr(), "error: {e}");
                return ExitCode::from(2);
            }
        };
        let size = std::fs::metadata(file).map(|m| m.len()).unwrap_or(0);
        let progress = (std::io::stderr().is_terminal() && size > 8 * 1024 * 1024).then(|| {
            let bar = indicatif::ProgressBar::new(size);
            bar.set_style(
                indicatif::ProgressStyle::with_template("{bar:40} {bytes}/{total_bytes} {msg}")
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
            bar
        });
        let input: Box<dyn Read> = match &progress {
            Some(bar) => Box::new(bar.wrap_read(input)),
            None => input,
        };
        let input = cases::decoded(input, opts.gbk);
        let records: Box<dyn Iterator<Item = Record>> = match format {
            InputFormat::Csv => cases::csv_records(input, &mapping),
            InputFormat::Jsonl => cases::jsonl_records(input, &mapping),
            InputFormat::Yaml => match cases::yaml_file_records(file, input, &mapping) {
                Ok(r) => Box::new(r.into_iter()),
                Err(e) => {
                    let _ = writeln!(std::io::stderr(), "error: {e}");
                    return ExitCode::from(2);
                }
            },
        };
        for record in records {
            tally.read += 1;
            let case = record.fields.and_then(|f| {
                rules.case_from_record(f.iter().map(|(k, v)| (k.as_str(), v.as_str()))).map_err(|e| e.to_string())
            });
            let case = match case {
                Ok(c) => c,
                Err(reason) => {
                    tally.unreadable.push((file.clone(), record.line, reason));
                    continue;
                }
            };
            tally.assessed += 1;
            let a = rules.check(&case);
            match a.verdict {
                Verdict::Compliant => tally.compliant += 1,
                Verdict::NeedsReview => tally.review += 1,
                Verdict::Violation => tally.violation += 1,
            }
            if !open_out {
                continue;
            }
            open_out = match opts.format {
                CheckFormat::Text if a.findings.is_empty() && !opts.all => true,
                CheckFormat::Text => output::line(&text_block(&case, file, record.line, &a, lang)),
                CheckFormat::Jsonl => output::line(&object(&case, file, record.line, &a, lang).to_string()),
                CheckFormat::Json => {
                    let sep = if first { "" } else { "," };
                    first = false;
                    output::line(&format!("{sep}{}", object(&case, file, record.line, &a, lang)))
                }
                CheckFormat::Csv => output::line(&csv_row(&case, record.line, &a)),
            };
        }
        if let Some(bar) = progress {
            bar.finish_and_clear();
        }
    }
    if opts.format == CheckFormat::Json && open_out {
        output::line("]");
    }
    summary(&tally, lang, opts.format == CheckFormat::Text && open_out);
    if tally.violation > 0 || !tally.unreadable.is_empty() { ExitCode::from(1) } else { ExitCode::SUCCESS }
}

/// The closing summary: on stdout for text output, on stderr otherwise (stdout stays parseable).
fn summary(t: &Tally, lang: Lang, to_stdout: bool) {
    let mut s = match lang {
        Lang::En => format!(
            "{} rows read = {} assessed + {} unreadable; {} compliant, {} need review, {} violations\n",
            t.read,
            t.assessed,
            t.unreadable.len(),
            t.compliant,
            t.review,
            t.violation
        ),
        Lang::Zh => format!(
            "读取 {} 行 = 评查 {} + 无法读取 {}；合规 {}，需复核 {}，违法 {}\n",
            t.read,
            t.assessed,
            t.unreadable.len(),
            t.compliant,
            t.review,
            t.violation
        ),
    };
    for (file, line, reason) in t.unreadable.iter().take(50) {
        s.push_str(&format!("  unreadable {file}:{line}: {reason}\n"));
    }
    if t.unreadable.len() > 50 {
        s.push_str(&format!("  … and {} more unreadable rows\n", t.unreadable.len() - 50));
    }
    if to_stdout {
        output::line(s.trim_end());
    } else {
        let _ = write!(std::io::stderr(), "{s}");
    }
}
