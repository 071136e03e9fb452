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

/// Cross-table divergences: found while cases are added, counted once the collection is sealed
/// (see [`Divergences::tally`]), so that a record later taken out of its group (a repeated or
/// conflicting case id) is not counted.
#[derive(Debug, Default)]
pub(crate) struct Divergences {
    /// Statute index → the violation groups citing it, each with its table (see [`siblings`]).
    siblings: Option<FxHashMap<usize, Vec<(usize, usize)>>>,
    /// Every comparison found apart or not made, as added: 12 bytes each.
    seen: Vec<Seen>,
    /// The kinds of divergence met (key and both bands), by number.
    kinds: Vec<(DivergenceKey, Range, Range)>,
    kind_index: FxHashMap<(DivergenceKey, Range, Range), u32>,
    /// Once tallied: each divergence, its cases and example.
    pub found: BTreeMap<DivergenceKey, DivergenceSeen>,
    /// Once tallied: comparisons that could not be made — the other table applies to the case
    /// but cannot tell its band for the case's facts (a fact it or one of its adjustments reads
    /// is missing, no level matches).
    pub undecided: u64,
}

/// One comparison of a collected record (its collection group and row there) with another
/// table: a kind of divergence (see [`Divergences::kinds`]) or [`NOT_MADE`].
#[derive(Debug, Clone, Copy)]
struct Seen {
    group: u32,
    row: u32,
    kind: u32,
}

/// [`Seen::kind`] of a comparison that could not be made.
const NOT_MADE: u32 = u32::MAX;

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
    /// `at`: the case's violation group, table index and statute index; `record`: its
    /// collection group and row there, by which it is counted (see [`Divergences::tally`]).
    pub(crate) fn add(
        &mut self,
        rules: &Benchmark,
        prepared: &PreparedCase<'_>,
        a: &Assessment<'_>,
        (group, ti, si): (usize, usize, usize),
        (collected, row): (u32, u32),
    ) {
        let (Some(band), Some(level)) = (a.band, a.level) else { return };
        let Divergences { siblings: found_siblings, seen, kinds, kind_index, .. } = self;
        let siblings = found_siblings.get_or_insert_with(|| siblings(rules));
        let mut note = |kind: u32| seen.push(Seen { group: collected, row, kind });
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
                    note(NOT_MADE);
                    continue;
                }
            };
            // An adjustment the other table could not decide leaves its band unknown.
            if app.adjustments().any(|adj| adj.applied.is_err()) {
                note(NOT_MADE);
                continue;
            }
            // A level without a fine sets none: the band [0, 0] (every compared case was fined).
            let other_band = app.band.unwrap_or_else(|| Range::exactly(Decimal::ZERO));
            if overlap(&band, &other_band) {
                continue;
            }
            let oti = rules.tables().iter().position(|t| std::ptr::eq(t, app.table)).unwrap_or(usize::MAX);
            let kind = (group, ti, level, other, oti, app.level);
            let kind = (kind, band, other_band);
            let next = u32::try_from(kinds.len()).unwrap_or(NOT_MADE);
            let k = *kind_index.entry(kind).or_insert_with(|| {
                kinds.push(kind);
                next
            });
            note(k);
        }
    }

    /// Counts the comparisons found, leaving out those of the records `taken_out` says
    /// (collection group, row) — taken out of their group when sealed; `id` gives a record's
    /// case id. Each divergence's example is its smallest case id, with that case's bands.
    pub(crate) fn tally<'i>(&mut self, taken_out: impl Fn(u32, u32) -> bool, id: impl Fn(u32, u32) -> &'i str) {
        for s in std::mem::take(&mut self.seen) {
            if taken_out(s.group, s.row) {
                continue;
            }
            let Some(&(key, band, other_band)) = self.kinds.get(s.kind as usize) else {
                self.undecided += 1;
                continue;
            };
            let case = id(s.group, s.row);
            let seen = self.found.entry(key).or_insert_with(|| DivergenceSeen {
                cases: 0,
                example: case.to_string(),
                band,
                other_band,
            });
            seen.cases += 1;
            if case < seen.example.as_str() {
                seen.example = case.to_string();
                seen.band = band;
                seen.other_band = other_band;
            }
        }
        self.kinds = Vec::new();
        self.kind_index = FxHashMap::default();
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
