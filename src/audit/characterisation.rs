//! Same facts, different treatment across violations and tables (`consistency.md`):
//!
//! - **characterisation** (同种案情异种定性): cases with the same recorded facts and party, under
//!   one statute, filed under different violations or decided at different levels;
//! - **cross-table divergence**: one statute benchmarked by different tables (jurisdictions
//!   or versions) whose bands for the same facts do not overlap — found by computing, for each
//!   case, the band every other table citing its statute would give, with the same one band
//!   function `check` uses. Two violations of one table citing one statute are not compared
//!   here: a table that benchmarks one statute twice distinguishes two kinds of conduct
//!   (未批先建 of a report and of a form), and the same facts filed under both is the
//!   characterisation above. Versions of one table are one violation group; only the version
//!   in force on the case's dates applies to it, so versions are never compared with each
//!   other either.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use rustc_hash::FxHashMap;

use crate::check::Undetermined;
use crate::check::applicable::{NotApplicable, Query};
use crate::check::{Assessment, PreparedCase};
use crate::table::{Benchmark, Range};

/// One kind of divergence: the case's (group, table, level) and the other's.
type DivergenceKey = (usize, usize, usize, usize, usize, usize);

/// Cross-table divergences counted while cases are added.
#[derive(Debug, Default)]
pub(crate) struct Divergences {
    /// Statute index → the violation groups citing it, each with its table (see [`siblings`]).
    siblings: Option<FxHashMap<usize, Vec<(usize, usize)>>>,
    pub found: BTreeMap<DivergenceKey, DivergenceSeen>,
    /// Comparisons that could not be made: the other table applies to the case but cannot tell
    /// its band for the case's facts (a fact it or one of its adjustments reads is missing, no
    /// level matches).
    pub undecided: u64,
}

/// What was seen of one divergence.
#[derive(Debug, Clone)]
pub(crate) struct DivergenceSeen {
    pub cases: u64,
    pub example: String,
    pub band: Range,
    pub other_band: Range,
}

/// Whether two bands share any amount.
fn overlap(a: &Range, b: &Range) -> bool {
    let below = |x: &Range, y: &Range| match (x.max, y.min) {
        (Some(hi), Some(lo)) => hi < lo || (hi == lo && (x.excludes_max || y.excludes_min)),
        _ => false,
    };
    !below(a, b) && !below(b, a)
}

/// Statute index → the violation groups citing it, each with a number for its table (versions
/// of one table share it), for statutes cited by more than one table.
fn siblings(rules: &Benchmark) -> FxHashMap<usize, Vec<(usize, usize)>> {
    let tables = &rules.compiled().tables;
    // A table's number: the first table with its id.
    let table_of = |ti: usize| {
        let id = rules.tables().get(ti).map(|t| t.id.as_str());
        rules.tables().iter().position(|t| Some(t.id.as_str()) == id).unwrap_or(ti)
    };
    let mut by: FxHashMap<usize, Vec<(usize, usize)>> = FxHashMap::default();
    for g in 0..rules.group_count() {
        for (ti, vi) in rules.group_refs(g) {
            let statute = tables.get(*ti).and_then(|t| t.violations.get(*vi)).and_then(|v| v.statute);
            if let Some(s) = statute {
                let list = by.entry(s).or_default();
                if !list.iter().any(|(x, _)| *x == g) {
                    list.push((g, table_of(*ti)));
                }
            }
        }
    }
    by.retain(|_, gs| gs.iter().any(|(_, t)| gs.first().is_some_and(|(_, t0)| t0 != t)));
    by
}

impl Divergences {
    /// Compares one assessed case with every other table citing its statute.
    /// `at`: the case's violation group, table index and statute index.
    pub(crate) fn add(
        &mut self,
        rules: &Benchmark,
        prepared: &PreparedCase<'_>,
        a: &Assessment<'_>,
        (group, ti, si): (usize, usize, usize),
    ) {
        let (Some(band), Some(level)) = (a.band, a.level) else { return };
        let siblings = self.siblings.get_or_insert_with(|| siblings(rules));
        let Some(others) = siblings.get(&si) else { return };
        let Some(&(_, own)) = others.iter().find(|(g, _)| *g == group) else { return };
        let case = prepared.case();
        for &(other, _) in others.iter().filter(|(_, t)| *t != own) {
            let q = Query {
                group: other,
                table: None,
                addressee: a.addressee,
                act: case.act_date(),
                decided: case.decided,
                facts: prepared.facts(),
            };
            let app = match rules.applicable(&q) {
                Ok(app) => app,
                // The other table does not apply to this case at all (not in force on its
                // dates, no benchmark for its addressee): there is nothing to compare.
                Err(
                    NotApplicable::NotInForce(_)
                    | NotApplicable::UnknownTable
                    | NotApplicable::Undetermined(
                        Undetermined::NoSchemeForAddressee
                        | Undetermined::TableNotInForce(_)
                        | Undetermined::StatuteNotInForce { .. },
                    ),
                ) => continue,
                // It would apply, but its band for these facts cannot be told (a fact it reads
                // is missing, no level matches): counted, never taken as agreement.
                Err(_) => {
                    self.undecided += 1;
                    continue;
                }
            };
            // An adjustment the other table could not decide leaves its band unknown.
            if app.adjustments().any(|adj| adj.applied.is_err()) {
                self.undecided += 1;
                continue;
            }
            // A level without a fine sets none: the band [0, 0] (every compared case was fined).
            let other_band = app.band.unwrap_or_else(|| Range::exactly(Decimal::ZERO));
            if overlap(&band, &other_band) {
                continue;
            }
            let oti = rules.tables().iter().position(|t| std::ptr::eq(t, app.table)).unwrap_or(usize::MAX);
            let key = (group, ti, level, other, oti, app.level);
            let seen = self.found.entry(key).or_insert_with(|| DivergenceSeen {
                cases: 0,
                example: case.id.clone(),
                band,
                other_band,
            });
            seen.cases += 1;
            if case.id < seen.example {
                seen.example = case.id.clone();
                seen.band = band;
                seen.other_band = other_band;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bands_overlap_unless_apart_or_touching_at_an_excluded_end() {
        let r = |a: i64, b: i64| Range::between(Decimal::from(a), Decimal::from(b));
        assert!(overlap(&r(1, 5), &r(5, 9)));
        assert!(!overlap(&r(1, 5).excluding_max(), &r(5, 9)));
        assert!(!overlap(&r(1, 4), &r(5, 9)));
        assert!(!overlap(&r(6, 9), &r(1, 5)));
        assert!(overlap(&r(1, 9), &r(3, 4)));
    }
}
