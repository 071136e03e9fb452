//! Batch checking for programs that embed the library: records in, assessments out, at the
//! command-line tool's speed and without copying it.
//!
//! [`RecordChecker`] resolves a header once and then reads each record into one reused case
//! (no allocation per record beyond what a finding needs); [`Benchmark::check_all`] checks a
//! slice of cases on several threads, results in input order.

use super::record::{CaseError, Columns};
use crate::check::{Assessment, Case, PreparedCase};
use crate::table::Benchmark;

/// Reads and checks records with one header, reusing its buffers from record to record.
///
/// Bring your own reader — the `csv` crate's `ByteRecord`, a database cursor, a spreadsheet —
/// and pass each record's fields as `&str`:
///
/// ```
/// use discretion::{Benchmark, check::Verdict, read::RecordChecker};
/// let rules = Benchmark::from_path("rules").unwrap();
/// let header = ["案号", "违法行为", "当事人类型", "act_ended", "days_late", "corrected_before_discovery", "serious", "罚款金额"];
/// let mut checker = RecordChecker::new(&rules, header, &[]);
/// let rows = [
///     ["T-1", "gd-tax.60.1", "单位", "2016-03-01", "17", "否", "否", "340元"],
///     ["T-2", "gd-tax.60.1", "单位", "2016-03-01", "17", "否", "否", "一些钱"],
/// ];
/// let mut outcomes = Vec::new();
/// for row in rows {
///     let outcome = checker.check(row).map(|a| a.verdict).map_err(|e| e.to_string());
///     outcomes.push((checker.case().id.clone(), outcome));
/// }
/// assert_eq!(outcomes[0], ("T-1".to_string(), Ok(Verdict::Compliant)));
/// assert_eq!(outcomes[1].0, "T-2");
/// assert!(outcomes[1].1.as_ref().unwrap_err().starts_with("field `罚款金额`"));
/// ```
#[derive(Debug, Clone)]
pub struct RecordChecker<'r> {
    columns: Columns,
    case: PreparedCase<'r>,
}

impl<'r> RecordChecker<'r> {
    /// A checker for records with this header. `renames` maps column names to case fields or
    /// fact ids (as `--map` does), applied first; Chinese headers and the rules' fact names are
    /// recognised without it.
    pub fn new<'h>(
        rules: &'r Benchmark,
        header: impl IntoIterator<Item = &'h str>,
        renames: &[(String, String)],
    ) -> RecordChecker<'r> {
        RecordChecker { columns: rules.columns(header, renames), case: PreparedCase::empty(rules) }
    }

    /// How the header was resolved, with the columns read by nothing ([`Columns::unread`]).
    pub fn columns(&self) -> &Columns {
        &self.columns
    }

    /// Reads one record (its fields in header order) and checks it. On `Err` the record is
    /// unreadable; [`RecordChecker::case`] still holds what was read of it (its id, if any).
    pub fn check<'v>(&mut self, values: impl IntoIterator<Item = &'v str>) -> Result<Assessment<'r>, CaseError> {
        let rules = self.case.rules();
        rules.read_record(&self.columns, values, &mut self.case)?;
        Ok(self.case.check())
    }

    /// The case last read.
    pub fn case(&self) -> &Case {
        self.case.case()
    }

    /// The case last read, prepared (typed facts, violation resolved).
    pub fn prepared(&self) -> &PreparedCase<'r> {
        &self.case
    }
}

impl Benchmark {
    /// Checks `cases` on up to `threads` threads (at least one, at most the machine's cores),
    /// the assessments in the order of the cases. Each thread takes one contiguous share of the
    /// slice; a share whose thread the system cannot start is checked on the calling thread.
    ///
    /// ```
    /// use discretion::generate::{CaseGenerator, Shapes, SyntheticRules};
    /// let spec = SyntheticRules { violations: 10, levels: 4, shapes: Shapes::Mixed };
    /// let rules = spec.load().unwrap();
    /// let cases: Vec<_> = CaseGenerator::new(&spec, 1).take(1000).map(|c| c.to_case(&spec)).collect();
    /// let one = rules.check_all(&cases, 1);
    /// assert_eq!(rules.check_all(&cases, 2), one);
    /// assert_eq!(rules.check_all(&cases, 10_000), one);
    /// assert_eq!(one[17], rules.check(&cases[17]));
    /// ```
    pub fn check_all<'a>(&'a self, cases: &[Case], threads: usize) -> Vec<Assessment<'a>> {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let threads = threads.min(cores).clamp(1, cases.len().max(1));
        if threads == 1 {
            return cases.iter().map(|c| self.check(c)).collect();
        }
        let share = cases.len().div_ceil(threads);
        let check = |chunk: &[Case]| chunk.iter().map(|c| self.check(c)).collect::<Vec<_>>();
        std::thread::scope(|scope| {
            // Started where the system allows; a share it refuses a thread is done here.
            let started: Vec<_> = cases
                .chunks(share)
                .map(|chunk| (chunk, std::thread::Builder::new().spawn_scoped(scope, move || check(chunk)).ok()))
                .collect();
            let mut out = Vec::with_capacity(cases.len());
            for (chunk, handle) in started {
                match handle.map(|h| h.join()) {
                    Some(Ok(part)) => out.extend(part),
                    // A panic in a worker is a bug of the library; re-raise it where it belongs.
                    Some(Err(payload)) => std::panic::resume_unwind(payload),
                    None => out.extend(check(chunk)),
                }
            }
            out
        })
    }
}
