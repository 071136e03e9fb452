//! Same facts, different treatment across violations and tables (`consistency.md`):
//!
//! - **characterisation** (同种案情异种定性): cases with the same recorded facts and party, under
//!   one statute, filed under different violations or decided at different levels;
//! - **cross-table divergence**: one statute benchmarked by different tables (jurisdictions
//!   or versions) whose bands for the same facts do not overlap — found by computing, for each
//!   case, the band every other table citing its statute would give, with the same one band
//!   function `check` uses, for violations that breach the same provision (two tables may
//!   penalise different breaches under one article: see [`siblings`]). Two violations of one
//!   table citing one statute are not compared here: a table that benchmarks one statute twice distinguishes two kinds of conduct
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
use crate::table::{Benchmark, Citation, FactId, Range};

/// One kind of divergence: the case's (group, table, level) and the other's.
type DivergenceKey = (usize, usize, usize, usize, usize, usize);

/// Cross-table divergences: found while cases are added, counted once the collection is sealed
/// (see [`Divergences::tally`]), so that a record later taken out of its group (a repeated or
/// conflicting case id) is not counted. What is held until then is per record, compactly: a
/// byte for the comparisons not made and four for the first divergence, in the collection
/// groups that have any; a case diverging from a second table adds 12 bytes.
#[derive(Debug, Default)]
pub(crate) struct Divergences {
    /// (Statute, violation group) → the groups of other tables to compare with ([`siblings`]).
    siblings: Option<FxHashMap<(usize, usize), Vec<usize>>>,
    /// The comparisons that could not be made, per record, and why.
    not_made: NotMadeRows,
    /// Per collection group, per row: 1 + the number of the row's first divergence (0: none).
    first: Vec<Vec<u32>>,
    /// A row's further divergences (a case diverging from two or more other tables).
    further: Vec<Seen>,
    /// The divergences met, by number.
    keys: Vec<DivergenceKey>,
    key_index: FxHashMap<DivergenceKey, u32>,
    /// Per divergence: the [`EXAMPLES`] smallest case ids met (with their rows and bands), of
    /// which the smallest that stays is the example.
    examples: Vec<Vec<Example>>,
    /// Once tallied: each divergence, its cases and example.
    pub found: BTreeMap<DivergenceKey, DivergenceSeen>,
    /// Once tallied: comparisons that could not be made — the other table applies to the case
    /// but cannot tell its band for the case's facts (a fact it or one of its adjustments reads
    /// is missing, no level matches).
    pub undecided: u64,
    /// Once tallied: the smallest ids (at most [`UNDECIDED_IDS`]) of the cases those
    /// comparisons are of, so that a reviewer can look at them.
    pub undecided_ids: std::collections::BTreeSet<String>,
    /// Once tallied: how many cases those comparisons are of.
    pub undecided_cases: u64,
    /// Once tallied: the comparisons not made by their cause — one a case, so the cases for each
    /// — most first (ties in cause order); the counts add up to `undecided`.
    pub undecided_causes: Vec<(NotMade, u64)>,
}

/// Why a cross-table comparison could not be made: the other violation group (its band unknown
/// for the case's facts) and what it lacked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct NotMade {
    /// The other violation group.
    pub other: usize,
    /// What it lacked.
    pub lacking: Lacking,
}

/// What another table lacked to tell its band for a case's facts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Lacking {
    /// A fact it reads (for its level, its statute's branch, the amount a fine is reckoned
    /// from, or one of its adjustments) is not recorded.
    Fact(FactId),
    /// None of its levels matches the facts (or two do where it forbids overlaps).
    Level,
    /// Anything else (an amount too large to compute exactly).
    Other,
}

/// Causes counted apart per run: past this, a comparison's cause is counted as unknown.
const CAUSES: usize = u16::MAX as usize;

/// Ids kept of the cases whose cross-table comparison could not be made.
pub(crate) const UNDECIDED_IDS: usize = 50;

/// A further divergence of a collected record (its collection group and row there).
#[derive(Debug, Clone, Copy)]
struct Seen {
    group: u32,
    row: u32,
    key: u32,
}

/// A candidate example of a divergence: case id, collection group, row, the two bands.
type Example = (String, u32, u32, Range, Range);

/// Candidate examples kept per divergence: the smallest case ids. The example is the smallest
/// of them whose record stays; only if all of these were taken out (conflicting ids) is it the
/// smallest id that stays, shown with the bands of the smallest candidate (docs/LIMITS.md).
const EXAMPLES: usize = 64;

/// The comparisons of each record that could not be made, and why: three bytes a record (the
/// count and the first's cause), in the groups that have any; a record missing a second table's band adds 12 bytes.
#[derive(Debug, Default)]
struct NotMadeRows {
    /// Per collection group, per row: how many (at most 255 counted; the causes count them
    /// all), to tell copies of a record apart. Empty for a group without any.
    counts: Vec<Vec<u8>>,
    /// Per collection group, per row: 1 + the number of the cause of the row's first (0: none,
    /// or past the 65,535th cause), in the groups `counts` has rows for.
    first_cause: Vec<Vec<u16>>,
    /// The causes of rows' further comparisons not made: (group, row, 1 + cause number).
    further_causes: Vec<(u32, u32, u16)>,
    /// The causes met, by number, and their numbers.
    causes: Vec<NotMade>,
    cause_index: FxHashMap<NotMade, u16>,
}

impl NotMadeRows {
    /// Counts one more comparison of a record that could not be made, and why.
    fn add(&mut self, group: u32, row: u32, why: NotMade) {
        let Some(n) = row_slot(&mut self.counts, group, row) else { return };
        let first = *n == 0;
        *n = n.saturating_add(1);
        let next = self.causes.len();
        let number = match self.cause_index.get(&why) {
            Some(&k) => Some(k),
            None if next < CAUSES => {
                let k = next as u16;
                self.causes.push(why);
                self.cause_index.insert(why, k);
                Some(k)
            }
            None => None,
        };
        let cause = number.map_or(0, |k| k.saturating_add(1));
        if !first {
            self.further_causes.push((group, row, cause));
        } else if let Some(slot) = row_slot(&mut self.first_cause, group, row) {
            *slot = cause;
        }
    }
}

/// What the other table lacked, from why it could not tell its band.
fn lacking(rules: &Benchmark, why: &NotApplicable<'_>) -> Lacking {
    match why {
        NotApplicable::Undetermined(
            Undetermined::MissingFact { fact: f, .. }
            | Undetermined::MissingBranchFact(f)
            | Undetermined::MissingBaseFact(f),
        ) => rules.fact_id(&f.id).map_or(Lacking::Other, Lacking::Fact),
        NotApplicable::NoLevel(_) => Lacking::Level,
        _ => Lacking::Other,
    }
}

/// The slot of (`group`, `row`) in `rows`, the lists grown to hold it.
fn row_slot<T: Default + Clone>(rows: &mut Vec<Vec<T>>, group: u32, row: u32) -> Option<&mut T> {
    let (g, r) = (group as usize, row as usize);
    if rows.len() <= g {
        rows.resize_with(g + 1, Vec::new);
    }
    let list = rows.get_mut(g)?;
    if list.len() <= r {
        list.resize(r + 1, T::default());
    }
    list.get_mut(r)
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

/// A violation group citing a statute: the group, its table's number, and the provisions its
/// versions say are violated beside those that penalise it (`None`: some version names none).
type Citing<'r> = (usize, usize, Option<Vec<&'r Citation>>);

/// (Statute index, violation group) → the groups of other tables to compare its cases with:
/// citing the same statute for the same conduct. Tables that name one penalty provision for
/// different breaches (Guangdong §1.2, EIA Law Art. 24, and Jiangmen 1-1, Art. 25, both
/// penalised under Art. 31 ¶1) benchmark different acts, and their bands are not one
/// benchmark set twice: violations are compared only where a provision each says is violated
/// may be the same ([`Citation::may_cite_the_same`]). A violation that names none but its
/// penalty provisions (Jiangmen 1-4 lists Art. 32 ¶2 as both) leaves its conduct unknown: the
/// statute is all there is to go by, and it is compared. A group's provisions are those of
/// all its versions.
fn siblings(rules: &Benchmark) -> FxHashMap<(usize, usize), Vec<usize>> {
    let tables = &rules.compiled().tables;
    // A table's number: the first table with its id.
    let table_of = |ti: usize| {
        let id = rules.tables().get(ti).map(|t| t.id.as_str());
        rules.tables().iter().position(|t| Some(t.id.as_str()) == id).unwrap_or(ti)
    };
    let mut by: FxHashMap<usize, Vec<Citing<'_>>> = FxHashMap::default();
    for g in 0..rules.group_count() {
        for (ti, vi) in rules.group_refs(g) {
            let statute = tables.get(*ti).and_then(|t| t.violations.get(*vi)).and_then(|v| v.statute);
            let basis = rules.tables().get(*ti).and_then(|t| t.violations.get(*vi)).map(|v| &v.legal_basis);
            let (Some(s), Some(basis)) = (statute, basis) else { continue };
            let breach: Vec<&Citation> =
                (basis.violated.iter()).filter(|c| !basis.penalty.iter().any(|p| c.may_cite_the_same(p))).collect();
            let breach = (!breach.is_empty()).then_some(breach);
            let list = by.entry(s).or_default();
            match list.iter_mut().find(|(x, _, _)| *x == g) {
                Some((_, _, cited)) => match (cited.as_mut(), breach) {
                    (Some(cited), Some(more)) => cited.extend(more),
                    _ => *cited = None,
                },
                None => list.push((g, table_of(*ti), breach)),
            }
        }
    }
    let same_conduct = |a: &Option<Vec<&Citation>>, b: &Option<Vec<&Citation>>| match (a, b) {
        (Some(a), Some(b)) => a.iter().any(|x| b.iter().any(|y| x.may_cite_the_same(y))),
        _ => true,
    };
    let mut out = FxHashMap::default();
    for (&s, list) in &by {
        for (g, t, cited) in list {
            let others: Vec<usize> = list
                .iter()
                .filter(|(_, ot, other)| ot != t && same_conduct(cited, other))
                .map(|(og, _, _)| *og)
                .collect();
            if !others.is_empty() {
                out.insert((s, *g), others);
            }
        }
    }
    out
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
        let siblings = self.siblings.get_or_insert_with(|| siblings(rules));
        let Some(others) = siblings.get(&(si, group)) else { return };
        let case = prepared.case();
        for &other in others {
            let q = Query {
                group: other,
                table: None,
                addressee: a.addressee,
                act: case.act_date(),
                decided: case.decided,
                discovered: case.discovered,
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
                Err(why) => {
                    self.not_made.add(collected, row, NotMade { other, lacking: lacking(rules, &why) });
                    continue;
                }
            };
            // An adjustment the other table could not decide leaves its band unknown.
            let undecided = app.adjustments().find_map(|adj| match adj.applied {
                crate::check::AdjustOutcome::Undecided(fact) => Some(fact),
                _ => None,
            });
            if let Some(fact) = undecided {
                self.not_made.add(collected, row, NotMade { other, lacking: Lacking::Fact(fact) });
                continue;
            }
            // A level without a fine sets none: the band [0, 0] (every compared case was fined).
            let other_band = app.band.unwrap_or_else(|| Range::exactly(Decimal::ZERO));
            if overlap(&band, &other_band) {
                continue;
            }
            let oti = rules.tables().iter().position(|t| std::ptr::eq(t, app.table)).unwrap_or(usize::MAX);
            let key = (group, ti, level, other, oti, app.level);
            let next = u32::try_from(self.keys.len()).unwrap_or(u32::MAX);
            let k = *self.key_index.entry(key).or_insert_with(|| {
                self.keys.push(key);
                self.examples.push(Vec::new());
                next
            });
            match row_slot(&mut self.first, collected, row) {
                Some(slot) if *slot == 0 => *slot = k.saturating_add(1),
                _ => self.further.push(Seen { group: collected, row, key: k }),
            }
            if let Some(list) = self.examples.get_mut(k as usize) {
                let at = list.partition_point(|x| (x.0.as_str(), x.1, x.2) < (case.id.as_str(), collected, row));
                if at < EXAMPLES {
                    list.insert(at, (case.id.clone(), collected, row, band, other_band));
                    list.truncate(EXAMPLES);
                }
            }
        }
    }

    /// Puts the further divergences in (group, row, divergence) order, so that
    /// [`Divergences::same_outcome`] finds a record's by bisection. Nothing else depends on
    /// their order.
    pub(crate) fn settle(&mut self) {
        self.further.sort_unstable_by_key(|s| (s.group, s.row, s.key));
    }

    /// Whether two records (collection group, row) met the same cross-table comparisons: the
    /// same divergences and as many comparisons not made. Copies of one record whose dates
    /// differ may not (a table in force on one's date and not on the other's), and which copy
    /// is the decision cannot be told. Needs [`Divergences::settle`] first.
    pub(crate) fn same_outcome(&self, a: (u32, u32), b: (u32, u32)) -> bool {
        let at = |list: &[Vec<u8>], (g, r): (u32, u32)| list.get(g as usize).and_then(|x| x.get(r as usize)).copied();
        let first = |(g, r): (u32, u32)| self.first.get(g as usize).and_then(|x| x.get(r as usize)).copied();
        let further = |(g, r): (u32, u32)| {
            let from = self.further.partition_point(|s| (s.group, s.row) < (g, r));
            let to = self.further.partition_point(|s| (s.group, s.row) <= (g, r));
            self.further.get(from..to).unwrap_or_default().iter().map(|s| s.key)
        };
        at(&self.not_made.counts, a).unwrap_or(0) == at(&self.not_made.counts, b).unwrap_or(0)
            && first(a).unwrap_or(0) == first(b).unwrap_or(0)
            && further(a).eq(further(b))
    }

    /// Counts the comparisons found, leaving out those of the records `taken_out` says
    /// (collection group, row) — taken out of their group when sealed; `id` gives a record's
    /// case id. Each divergence's example is its smallest case id that stays, with that case's
    /// bands (see [`EXAMPLES`] for the one exception).
    pub(crate) fn tally<'i>(&mut self, taken_out: impl Fn(u32, u32) -> bool, id: impl Fn(u32, u32) -> &'i str) {
        // Every divergence of a record that stays.
        let first = self.first.iter().enumerate().flat_map(|(g, list)| {
            list.iter().enumerate().filter(|(_, k)| **k > 0).map(move |(r, &k)| Seen {
                group: g as u32,
                row: r as u32,
                key: k - 1,
            })
        });
        let stays = |s: &Seen| !taken_out(s.group, s.row);
        let mut cases = vec![0u64; self.keys.len()];
        for s in first.clone().chain(self.further.iter().copied()).filter(stays) {
            if let Some(n) = cases.get_mut(s.key as usize) {
                *n += 1;
            }
        }
        for (k, (&key, &n)) in self.keys.iter().zip(&cases).enumerate().filter(|(_, (_, n))| **n > 0) {
            let Some(candidates) = self.examples.get(k) else { continue };
            let kept = candidates.iter().find(|x| !taken_out(x.1, x.2));
            let (example, band, other_band) = match (kept, candidates.first()) {
                (Some(x), _) => (x.0.clone(), x.3, x.4),
                // Every candidate was taken out: the smallest id that stays, with the bands of
                // the smallest candidate (documented).
                (None, Some(first_candidate)) => {
                    let smallest = first
                        .clone()
                        .chain(self.further.iter().copied())
                        .filter(|s| s.key as usize == k && stays(s))
                        .map(|s| id(s.group, s.row))
                        .min();
                    (smallest.unwrap_or("").to_string(), first_candidate.3, first_candidate.4)
                }
                (None, None) => continue,
            };
            self.found.insert(key, DivergenceSeen { cases: n, example, band, other_band });
        }
        // Comparisons by their cause; the last slot: a cause past the ones counted apart.
        let rows = std::mem::take(&mut self.not_made);
        let mut by_cause = vec![0u64; rows.causes.len() + 1];
        let mut count = |cause: u16| {
            let slot = usize::from(cause).checked_sub(1).unwrap_or(rows.causes.len());
            if let Some(n) = by_cause.get_mut(slot) {
                *n += 1;
            }
        };
        for &(g, r, cause) in &rows.further_causes {
            if !taken_out(g, r) {
                count(cause);
            }
        }
        for (g, list) in rows.counts.iter().enumerate() {
            let causes = rows.first_cause.get(g);
            for (r, &n) in list.iter().enumerate() {
                if n > 0 && !taken_out(g as u32, r as u32) {
                    self.undecided_cases += 1;
                    count(causes.and_then(|c| c.get(r)).copied().unwrap_or(0));
                    let case = id(g as u32, r as u32);
                    let smaller = self.undecided_ids.len() < UNDECIDED_IDS
                        || self.undecided_ids.last().is_some_and(|largest| case < largest.as_str());
                    if smaller
                        && self.undecided_ids.insert(case.to_string())
                        && self.undecided_ids.len() > UNDECIDED_IDS
                    {
                        self.undecided_ids.pop_last();
                    }
                }
            }
        }
        // Each comparison not made is counted once by its cause (the row's count stops at 255).
        self.undecided = by_cause.iter().sum();
        let unknown = NotMade { other: usize::MAX, lacking: Lacking::Other };
        let mut causes: Vec<(NotMade, u64)> =
            (rows.causes.iter().copied().chain([unknown])).zip(by_cause).filter(|(_, n)| *n > 0).collect();
        causes.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        self.undecided_causes = causes;
        // Held until now only to count.
        (self.first, self.further, self.examples) = (Vec::new(), Vec::new(), Vec::new());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// On the shipped rules: Guangdong §1.2 (Art. 24) is not compared with Jiangmen 1-1
    /// (Art. 25), §1.1 (Art. 25) is; Jiangmen 1-4, which lists only its penalty provision as
    /// violated, is compared with §1.5 (Art. 20 ¶1) under the same Art. 32 ¶2.
    #[test]
    fn violations_are_compared_for_the_same_breach_or_an_unknown_one() {
        let rules = Benchmark::from_path("rules").unwrap();
        let group = |id: &str| rules.violation_group(id).unwrap();
        let compared =
            |a: &str, b: &str| siblings(&rules).iter().any(|((_, g), o)| *g == group(a) && o.contains(&group(b)));
        assert!(compared("gd-env.1.1", "jm-env.1-1") && compared("jm-env.1-1", "gd-env.1.1"));
        assert!(!compared("gd-env.1.2", "jm-env.1-1") && !compared("jm-env.1-1", "gd-env.1.2"));
        assert!(compared("gd-env.1.5", "jm-env.1-4") && compared("jm-env.1-4", "gd-env.1.5"));
    }

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
