//! Verifying benchmark tables before anyone relies on them: [`Benchmark::verify`].
//!
//! Loading already guarantees a table is well-formed (types, references, ranges written in
//! order). Verification asks whether it is *lawful and coherent*: bands inside the statute, in
//! force when the table is, monotone along ordered levels, covering every combination of facts
//! exactly once, following the table's own placement policy, with provenance and translations.
//! Every finding has a stable code (`D001`…, listed in `docs/DIAGNOSTICS.md`), a severity, the
//! YAML location, a message in English and Chinese, and a witness where one exists.

mod bands;
mod constructs;
mod coverage;
mod diagnostic;
mod money;
mod order;
mod policy;
mod provenance;
mod space;

pub use diagnostic::{Check, Diagnostic, Related, Report, Severity};

use crate::table::{Benchmark, Origin, Text};

/// Collects diagnostics, resolving YAML paths to positions.
pub(crate) struct Sink<'a> {
    benchmark: &'a Benchmark,
    out: Vec<Diagnostic>,
}

impl<'a> Sink<'a> {
    fn new(benchmark: &'a Benchmark) -> Sink<'a> {
        Sink { benchmark, out: Vec::new() }
    }

    /// Records a finding at `path` in the file of `at`.
    pub(crate) fn emit(&mut self, check: Check, at: &Origin, path: &str, message: Text) -> &mut Diagnostic {
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

    /// A related location (the other level of a pair).
    pub(crate) fn related(&self, at: &Origin, path: &str, label: String) -> Related {
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
        Report::new(sink.out)
    }
}
