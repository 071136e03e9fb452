//! Reading case files for `check` and `audit`: files or stdin, encodings, formats, column
//! renames, unread columns (an error under `--strict`), on a reader thread. Every record
//! reaches the caller exactly once: read, or unreadable with its reason.

use std::io::{BufReader, IsTerminal, Write};

use discretion::Benchmark;
use discretion::check::PreparedCase;
use discretion::table::Lang;

use super::input::{self, Encoding, Input, InputFormat, Records};
use super::pipeline::{self, Message};
use super::report::printable;

/// How the case files are read.
pub(crate) struct Reading<'o> {
    /// `None`: detect.
    pub encoding: Option<Encoding>,
    pub input: Option<InputFormat>,
    pub mapping: &'o [(String, String)],
    pub strict: bool,
    pub lang: Lang,
}

/// A record as the caller sees it: read, or `(its id if any, why not)`.
pub(crate) type Outcome<'a, 'r> = Result<&'a PreparedCase<'r>, (Option<&'a str>, &'a str)>;

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

/// Reads every record of `files` and hands each to `each` with its file and line. Returns the
/// encoding of each file, or the error that stops the run (exit status 2).
pub(crate) fn read_all<'r>(
    rules: &'r Benchmark,
    files: &[String],
    opts: &Reading<'_>,
    mut each: impl FnMut(&str, u64, Outcome<'_, 'r>),
) -> Result<Vec<(String, &'static str)>, String> {
    let lang = opts.lang;
    let mut encodings = Vec::new();
    for path in files {
        let file = if path == "-" { "<stdin>".to_string() } else { path.clone() };
        let file = &file;
        let format = opts.input.or_else(|| InputFormat::from_name(file)).unwrap_or(InputFormat::Csv);
        let raw = open(path)?;
        let (raw, bar) = progress(path, raw);
        let mut buffered = BufReader::with_capacity(64 * 1024, raw);
        let encoding = opts.encoding.unwrap_or_else(|| input::detect(&mut buffered));
        encodings.push((file.clone(), encoding.name()));
        let decoded = input::decoded(buffered, encoding);
        let mapping = opts.mapping;
        // Records are parsed on a second thread while this one checks, counts and writes.
        std::thread::scope(|scope| {
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
                    match &item.result {
                        Err(reason) => {
                            let id = Some(prepared.case().id.as_str()).filter(|s| !s.is_empty());
                            each(file, item.line, Err((id, reason)));
                        }
                        Ok(()) => each(file, item.line, Ok(prepared)),
                    }
                }
                // The reader may have stopped (end of input); the batch is then not needed.
                let _ = back.send(batch);
            }
            Ok(())
        })?;
        if let Some(bar) = bar {
            bar.finish_and_clear();
        }
    }
    Ok(encodings)
}
