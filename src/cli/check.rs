//! `discretion check`: assess case files against the rules, streaming, with a summary whose
//! counts reconcile (rows read = assessed + unreadable) and every record in every output.

use std::io::{BufReader, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use discretion::check::{CaseCheck, Detail};
use discretion::table::Lang;

use super::input::{self, Encoding, Input, InputFormat, Records};
use super::pipeline::{self, Message};
use super::report::{CheckFormat, Writer, printable};
use super::summary::Tally;
use super::{Language, rules};

/// The arguments of `check`.
pub(crate) struct Options {
    pub rules: Vec<PathBuf>,
    pub format: CheckFormat,
    pub lang: Language,
    /// `None`: detect.
    pub encoding: Option<Encoding>,
    pub output_gbk: bool,
    pub input: Option<InputFormat>,
    pub mapping: Vec<(String, String)>,
    pub strict: bool,
    pub all: bool,
}

fn open(path: &str) -> Result<Input, String> {
    if path == "-" {
        return Ok(Box::new(std::io::stdin()));
    }
    let meta = std::fs::metadata(path).map_err(|e| format!("{path}: {e}"))?;
    if !meta.is_file() {
        return Err(format!("{path}: not a regular file"));
    }
    std::fs::File::open(path).map(|f| Box::new(f) as Input).map_err(|e| format!("{path}: {e}"))
}

fn progress(path: &str, input: Input) -> (Input, Option<indicatif::ProgressBar>) {
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    if !(std::io::stderr().is_terminal() && size > 8 * 1024 * 1024) {
        return (input, None);
    }
    let bar = indicatif::ProgressBar::new(size);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:40} {bytes}/{total_bytes} {msg}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    (Box::new(bar.wrap_read(input)), Some(bar))
}

/// Reports columns read by nothing; `Err` under `--strict`.
fn unread_columns(file: &str, unread: &[(String, Option<String>)], strict: bool, lang: Lang) -> Result<(), ()> {
    for (name, hint) in unread {
        let name = printable(name);
        let hint = hint.as_deref().map(|h| format!(" ({h})")).unwrap_or_default();
        let level = if strict { "error" } else { "warning" };
        let _ = match lang {
            Lang::En => writeln!(
                std::io::stderr(),
                "{level}: {file}: column `{name}` is not read: neither a case field nor a fact of the rules{hint}"
            ),
            Lang::Zh => {
                writeln!(std::io::stderr(), "{level}: {file}：列“{name}”未被读取：既非案件字段，也非规则中的事实{hint}")
            }
        };
    }
    if strict && !unread.is_empty() { Err(()) } else { Ok(()) }
}

pub(crate) fn run(files: &[String], opts: &Options) -> ExitCode {
    let lang = opts.lang.into();
    let fail = |msg: String| {
        let _ = writeln!(std::io::stderr(), "error: {msg}");
        ExitCode::from(2)
    };
    let rules = match rules::load(&opts.rules) {
        Ok(b) => b,
        Err(e) => return fail(format!("the rules do not load:\n{e}")),
    };
    let stdout = std::io::stdout();
    let live = stdout.is_terminal();
    let out: Box<dyn Write> = Box::new(std::io::BufWriter::with_capacity(64 * 1024, stdout.lock()));
    let mut writer = Writer::new(out, opts.format, lang, opts.all, opts.output_gbk, live);
    let mut tally = Tally::default();
    let mut open_out = writer.begin().is_ok();
    for path in files {
        let file = if path == "-" { "<stdin>".to_string() } else { path.clone() };
        let file = &file;
        let format = opts.input.or_else(|| InputFormat::from_name(file)).unwrap_or(InputFormat::Csv);
        let raw = match open(path) {
            Ok(i) => i,
            Err(e) => return fail(e),
        };
        let (raw, bar) = progress(path, raw);
        let mut buffered = BufReader::with_capacity(64 * 1024, raw);
        let encoding = opts.encoding.unwrap_or_else(|| input::detect(&mut buffered));
        tally.encodings.push((file.clone(), encoding.name()));
        let decoded = input::decoded(buffered, encoding);
        let rules = &rules;
        let mapping = &opts.mapping;
        // Records are parsed on a second thread while this one checks, counts and writes.
        let outcome = std::thread::scope(|scope| {
            let (rx, back) =
                pipeline::spawn_reader(scope, rules, move || -> Result<Box<dyn Records<'_> + '_>, String> {
                    Ok(match format {
                        InputFormat::Csv => Box::new(input::CsvRecords::new(rules, decoded, mapping)),
                        InputFormat::Jsonl => input::jsonl(rules, decoded, mapping),
                        InputFormat::Yaml => input::yaml(rules, file, decoded, mapping)?,
                    })
                });
            for message in rx {
                let batch = match message {
                    Message::Failed(e) => return Err(e),
                    Message::Start { unread, has_case_id } => {
                        if unread_columns(file, &unread, opts.strict, lang).is_err() {
                            return Err(format!(
                                "{file}: columns not read (--strict); rename them with --map COLUMN=FIELD"
                            ));
                        }
                        if has_case_id == Some(false) {
                            return Err(format!(
                                "{file}: no `case_id` column (案号); name the column that holds it with --map COLUMN=case_id"
                            ));
                        }
                        continue;
                    }
                    Message::Batch(b) => b,
                };
                for (item, prepared) in batch.items.iter().zip(&batch.cases) {
                    if unread_columns(file, &item.unread, opts.strict, lang).is_err() {
                        return Err(format!("{file}: keys not read (--strict)"));
                    }
                    let line = item.line;
                    match &item.result {
                        Err(reason) => {
                            tally.add_unreadable(file, line, reason);
                            if open_out {
                                let id = Some(prepared.case().id.as_str()).filter(|s| !s.is_empty());
                                open_out = writer.unreadable(file, line, id, reason).is_ok();
                            }
                        }
                        Ok(()) => {
                            let mut a = prepared.check();
                            if tally.duplicate(&prepared.case().id, file, line) {
                                a.push(CaseCheck::DuplicateCaseId, Detail::Plain);
                            }
                            tally.add(prepared.case(), &a);
                            if open_out {
                                open_out = writer.assessed(file, line, prepared.case(), &a).is_ok();
                            }
                        }
                    }
                }
                // The reader may have stopped (end of input); the batch is then not needed.
                let _ = back.send(batch);
            }
            Ok(())
        });
        if let Err(e) = outcome {
            return fail(e);
        }
        if let Some(bar) = bar {
            bar.finish_and_clear();
        }
    }
    if open_out {
        let _ = writer.finish(&tally);
    }
    if opts.format != CheckFormat::Text {
        // Stdout stays parseable; people read the summary on stderr.
        let _ = write!(std::io::stderr(), "{}", tally.text(lang));
    }
    if tally.violations() > 0 || tally.unreadable > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS }
}
