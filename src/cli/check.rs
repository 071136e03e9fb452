//! `discretion check`: assess case files against the rules, streaming, with a summary whose
//! counts reconcile (rows read = assessed + unreadable) and every record in every output.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use discretion::check::{CaseCheck, Detail, PreparedCase};
use discretion::table::Lang;

use super::cases::{self, Consumer, InputOptions, Outcome};
use super::report::{CheckFormat, Writer};
use super::summary::Tally;
use super::{Language, rules};

/// A run's records checked, counted and written as they come.
struct Run {
    tally: Tally,
    writer: Writer,
    /// Whether the output still takes records (it stops at the first write error).
    open_out: bool,
}

impl<'r> Consumer<'r> for &mut Run {
    /// The batch's ids fetched into the duplicate index at once: the waits on memory overlap,
    /// instead of one a record (4 % of `check`'s time on ten million rows, BENCHMARKS.md).
    fn ahead(&mut self, cases: &[PreparedCase<'r>]) {
        self.tally.expect(cases.iter().map(|p| (p.case().id.as_str(), violation_key(p))));
    }

    fn record(&mut self, file: &str, line: u64, outcome: Outcome<'_, 'r>) {
        let (tally, writer) = (&mut self.tally, &mut self.writer);
        match outcome {
            Err((case, reason)) => {
                tally.add_unreadable(file, line, case, reason);
                if self.open_out {
                    self.open_out = super::output::written(writer.unreadable(file, line, case, reason));
                }
            }
            Ok(prepared) => {
                let mut a = prepared.check();
                if let Some(first) = tally.duplicate(&prepared.case().id, violation_key(prepared), file, line) {
                    let detail = first.map_or(Detail::Plain, |(file, line)| Detail::FirstRecord { file, line });
                    a.push(CaseCheck::DuplicateCaseId, detail);
                }
                tally.add(prepared.case(), &a);
                if self.open_out {
                    self.open_out = super::output::written(writer.assessed(file, line, prepared.case(), &a));
                }
            }
        }
    }
}

/// What a repeated id is looked for under: the violation as the rules know it (named by id or
/// by name, one violation), else as written; and the addressee.
fn violation_key<'p>(prepared: &'p PreparedCase<'_>) -> super::ids::Decides<'p> {
    (prepared.violation_id().unwrap_or(&prepared.case().violation), prepared.case().addressee)
}

/// The arguments of `check`.
pub(crate) struct Options {
    pub rules: Vec<PathBuf>,
    pub format: CheckFormat,
    pub lang: Language,
    /// How the case files are read.
    pub reading: InputOptions,
    pub output_gbk: bool,
    pub all: bool,
}

pub(crate) fn run(files: &[String], opts: &Options) -> ExitCode {
    let lang: Lang = opts.lang.into();
    let fail = |msg: String| super::fail_in(lang, &msg);
    let rules = match rules::load(&opts.rules) {
        Ok(b) => b,
        Err(e) => return fail(rules::not_loaded(lang, &e)),
    };
    let stdout = std::io::stdout();
    let live = stdout.is_terminal();
    let out: Box<dyn Write> = Box::new(std::io::BufWriter::with_capacity(64 * 1024, stdout.lock()));
    let writer = Writer::new(out, opts.format, lang, opts.all, opts.output_gbk, live);
    let mut run = Run { tally: Tally::default(), writer, open_out: true };
    run.tally.provenance = Some(rules.provenance());
    run.open_out = super::output::written(run.writer.begin());
    let reading = opts.reading.reading(lang);
    let read = cases::read_all(&rules, files, &reading, &mut run);
    let Run { mut tally, mut writer, open_out } = run;
    match read {
        Ok(encodings) => tally.encodings = encodings,
        Err(e) => return fail(e),
    }
    if open_out {
        super::output::written(writer.finish(&tally));
    }
    if opts.format != CheckFormat::Text {
        // Stdout stays parseable; people read the summary on stderr.
        let _ = write!(std::io::stderr(), "{}", tally.text(lang));
    }
    if tally.violations() > 0 || tally.unreadable() > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS }
}
