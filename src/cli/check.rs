//! `discretion check`: assess case files against the rules, streaming, with a summary whose
//! counts reconcile (rows read = assessed + unreadable) and every record in every output.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use discretion::check::{CaseCheck, Detail};
use discretion::table::Lang;

use super::cases::{self, InputOptions};
use super::report::{CheckFormat, Writer};
use super::summary::Tally;
use super::{Language, rules};

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
    let mut writer = Writer::new(out, opts.format, lang, opts.all, opts.output_gbk, live);
    let mut tally = Tally::default();
    let mut open_out = writer.begin().is_ok();
    let reading = opts.reading.reading(lang);
    let read = cases::read_all(&rules, files, &reading, |file, line, outcome| match outcome {
        Err((case, reason)) => {
            tally.add_unreadable(file, line, case, reason);
            if open_out {
                open_out = writer.unreadable(file, line, case, reason).is_ok();
            }
        }
        Ok(prepared) => {
            let mut a = prepared.check();
            if tally.duplicate(&prepared.case().id, file, line) {
                a.push(CaseCheck::DuplicateCaseId, Detail::Plain);
            }
            tally.add(prepared.case(), &a);
            if open_out {
                open_out = writer.assessed(file, line, prepared.case(), &a).is_ok();
            }
        }
    });
    match read {
        Ok(encodings) => tally.encodings = encodings,
        Err(e) => return fail(e),
    }
    if open_out {
        let _ = writer.finish(&tally);
    }
    if opts.format != CheckFormat::Text {
        // Stdout stays parseable; people read the summary on stderr.
        let _ = write!(std::io::stderr(), "{}", tally.text(lang));
    }
    if tally.violations() > 0 || tally.unreadable() > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS }
}
