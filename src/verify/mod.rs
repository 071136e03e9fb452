//! Verifying benchmark tables before anyone relies on them: [`Benchmark::verify`].
//!
//! Loading already guarantees a table is well-formed (types, references, ranges written in
//! order). Verification asks whether it is *lawful and coherent*: bands inside the statute, in
//! force when the table is, monotone along ordered levels, covering every combination of facts
//! exactly once, following the table's own placement policy, with provenance and translations.
//! Every finding has a stable code (`D001`…, listed in `docs/DIAGNOSTICS.md`), a severity, the
//! YAML location, a message in English and Chinese, and a witness where one exists.

mod bands;
mod boxes;
mod constructs;
mod coverage;
mod diagnostic;
mod fen;
mod money;
mod optional;
mod order;
mod policy;
mod provenance;
pub(crate) mod space;

pub use diagnostic::{Check, Diagnostic, Related, Report, Severity};

use crate::table::{Benchmark, Origin, Text};

/// Findings of one check listed in full; beyond, they are counted and summarised in one more
/// finding ("… and N more"), so that a table with a million overlaps reports in bounded memory.
pub const MAX_FINDINGS_PER_CHECK: usize = 200;

/// Collects diagnostics, resolving YAML paths to positions.
pub(crate) struct Sink<'a> {
    benchmark: &'a Benchmark,
    out: Vec<Diagnostic>,
    /// Per check (by code): findings listed, and findings counted beyond the cap.
    counts: std::collections::BTreeMap<&'static str, (usize, usize)>,
    /// Where a finding beyond the cap is written, then discarded.
    overflow: Diagnostic,
}

impl<'a> Sink<'a> {
    fn new(benchmark: &'a Benchmark) -> Sink<'a> {
        let overflow = Diagnostic {
            check: Check::AnalysisSkipped,
            severity: Severity::Info,
            file: std::sync::Arc::from(""),
            position: Default::default(),
            path: String::new(),
            message: Text::default(),
            help: None,
            witness: Vec::new(),
            related: None,
        };
        Sink { benchmark, out: Vec::new(), counts: Default::default(), overflow }
    }

    /// Records a finding at `path` in the file of `at`.
    pub(crate) fn emit(&mut self, check: Check, at: &Origin, path: &str, message: Text) -> &mut Diagnostic {
        let count = self.counts.entry(check.code()).or_default();
        if count.0 >= MAX_FINDINGS_PER_CHECK {
            count.1 += 1;
            return &mut self.overflow;
        }
        count.0 += 1;
        let position = self.benchmark.source_file(&at.file).map(|f| f.position(path)).unwrap_or_default();
        self.out.push(Diagnostic {
            check,
            severity: check.severity(),
            file: at.file.clone(),
            position,
            path: path.to_string(),
            message,
            help: None,
            witness: Vec::new(),
            related: None,
        });
        let last = self.out.len() - 1;
        // PANIC SAFETY: an element was pushed on the line above, so `last` indexes it.
        #[allow(clippy::indexing_slicing)]
        &mut self.out[last]
    }

    /// The findings, with one summary per check whose findings were not all listed.
    fn finish(mut self) -> Vec<Diagnostic> {
        for (code, (listed, more)) in std::mem::take(&mut self.counts) {
            if more == 0 {
                continue;
            }
            let Some(last) = self.out.iter().rev().find(|d| d.check.code() == code).cloned() else { continue };
            self.out.push(Diagnostic {
                message: bilingual(
                    format!("… and {more} more findings of {code} (the first {listed} are listed)"),
                    format!("…… 另有 {more} 处 {code} 未列出（已列出前 {listed} 处）"),
                ),
                help: Some(bilingual(
                    "fix the ones listed and run again: they often share a cause",
                    "先修正已列出的问题再运行：它们往往同源",
                )),
                witness: Vec::new(),
                related: None,
                ..last
            });
        }
        self.out
    }

    /// A related location (the other level of a pair).
    pub(crate) fn related(&self, at: &Origin, path: &str, label: Text) -> Related {
        let position = self.benchmark.source_file(&at.file).map(|f| f.position(path)).unwrap_or_default();
        Related { file: at.file.clone(), position, path: path.to_string(), label }
    }
}

/// `Text` from its English and Chinese versions.
pub(crate) fn bilingual(en: impl Into<String>, zh: impl Into<String>) -> Text {
    Text::new(zh, en)
}

impl Benchmark {
    /// Verifies every loaded table; the report is sorted by file and position.
    ///
    /// ```
    /// use discretion::{Benchmark, verify::Check};
    /// let report = Benchmark::from_path("rules").unwrap().verify();
    /// // The published Guangdong §2.7.1 weight model can go below the statutory minimum.
    /// let d = report.diagnostics.iter().find(|d| d.check == Check::WeightModelOutsideStatute).unwrap();
    /// assert!(d.message.en.as_deref().unwrap().contains("70,000"));
    /// assert!(d.message.zh.as_deref().unwrap().contains("100,000"));
    /// ```
    pub fn verify(&self) -> Report {
        let mut sink = Sink::new(self);
        provenance::check(self, &mut sink);
        bands::check(self, &mut sink);
        order::check(self, &mut sink);
        coverage::check(self, &mut sink);
        policy::check(self, &mut sink);
        constructs::check(self, &mut sink);
        optional::check(self, &mut sink);
        fen::check(self, &mut sink);
        Report::new(sink.finish())
    }
}
