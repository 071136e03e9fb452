//! Synthetic rules: a table of any size in realistic shapes, as YAML and as plain data.

use std::fmt::Write as _;

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use super::cases::SyntheticCase;
use crate::table::{Benchmark, LoadError};

/// The shape of one synthetic violation's benchmark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// Tiers on `amount_involved`, each a fixed band (the most common published shape).
    Tiers,
    /// A matrix: `area` (general / sensitive) × grades of `amount_involved`.
    Matrix,
    /// Tiers on `days_late`, each a rate per day with a cap (tax-style per-day fines).
    PerUnit,
    /// Tiers on `illegal_gains`, each a range of multiples of the gains.
    Multiple,
}

/// Which shapes a [`SyntheticRules`] table uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shapes {
    /// Every violation is [`Shape::Tiers`].
    Tiers,
    /// Tiers, in twins: violations `2k` and `2k + 1` cite one statute and have the same tiers —
    /// one act benchmarked under two names, as when jurisdictions' tables overlap (for the
    /// audit's characterisation checks).
    TwinTiers,
    /// Violation `i` has shape `i mod 4` in the order tiers, matrix, per-unit, multiple.
    Mixed,
}

/// A synthetic rules document: `violations` violation types of `levels` levels each, each with
/// its own statute, in one table in force from 2015-01-01. Loads and lints clean.
///
/// ```
/// use discretion::generate::{Shapes, SyntheticRules};
/// let spec = SyntheticRules { violations: 100, levels: 4, shapes: Shapes::Tiers };
/// let rules = spec.load().unwrap();
/// assert_eq!(rules.tables()[0].violations.len(), 100);
/// assert!(rules.verify().diagnostics.is_empty());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SyntheticRules {
    /// Number of violation types (at least 1 is used).
    pub violations: usize,
    /// Levels per violation (at least 1 is used).
    pub levels: usize,
    /// Which shapes.
    pub shapes: Shapes,
}

/// A band of the plain reference: from `lo` (included) to `hi`, which adjacent tiers exclude
/// (以下 excludes its number in the synthetic table, as in Guangdong's).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlainBand {
    /// The lowest lawful fine.
    pub lo: Decimal,
    /// The upper end.
    pub hi: Decimal,
    /// Whether `hi` itself is lawful.
    pub hi_included: bool,
}

impl PlainBand {
    /// Whether `fine` is inside the band.
    pub fn contains(&self, fine: Decimal) -> bool {
        self.lo <= fine && (fine < self.hi || (self.hi_included && fine == self.hi))
    }
}

/// The day the synthetic statutes come into force.
const FIRST_YEAR: &str = "2015-01-01";

impl SyntheticRules {
    /// The id of violation `i`: `syn.{i}`.
    pub fn violation_id(i: usize) -> String {
        format!("syn.{i}")
    }

    pub(crate) fn count(&self) -> usize {
        self.violations.max(1)
    }

    pub(crate) fn level_count(&self) -> usize {
        self.levels.max(1)
    }

    /// The statute violation `i` cites: `syn.{i}`, or its twin's for [`Shapes::TwinTiers`].
    pub fn statute_of(&self, i: usize) -> usize {
        if self.shapes == Shapes::TwinTiers { i - i % 2 } else { i }
    }

    /// The shape of violation `i`.
    pub fn shape(&self, i: usize) -> Shape {
        match (self.shapes, i % 4) {
            (Shapes::Tiers | Shapes::TwinTiers, _) | (Shapes::Mixed, 0) => Shape::Tiers,
            (Shapes::Mixed, 1) => Shape::Matrix,
            (Shapes::Mixed, 2) => Shape::PerUnit,
            _ => Shape::Multiple,
        }
    }

    /// The money scale of violation `i`: 1,000 to 7,000 yuan per band step.
    pub(crate) fn scale(&self, i: usize) -> Decimal {
        let i = self.statute_of(i);
        Decimal::from(1000 * (1 + (i % 7) as i64))
    }

    /// The width of one level of the fact the levels are decided by.
    pub(crate) fn step(&self, i: usize) -> Decimal {
        match self.shape(i) {
            Shape::PerUnit => Decimal::from(30),
            _ => self.scale(i) * Decimal::TEN,
        }
    }

    /// The statutory maximum of violation `i` (per-unit and fixed-band shapes).
    fn statutory_max(&self, i: usize) -> Decimal {
        self.scale(i) * Decimal::from(2 * self.level_count() as i64 + 2)
    }

    /// The per-day rate of a per-unit violation: one rate for all its levels, so the levels'
    /// amounts meet end to end (the levels differ in the days they cover).
    fn rate(&self, i: usize) -> Decimal {
        self.scale(i) / Decimal::ONE_HUNDRED
    }

    /// The multiples of level `k` of a multiple violation: 1–5× split end to end, each
    /// excluding its upper end but the last.
    fn multiples(&self, k: usize) -> PlainBand {
        let l = Decimal::from(self.level_count() as i64);
        let step = (Decimal::from(4) / l).trunc_with_scale(2);
        let lo = Decimal::ONE + step * Decimal::from(k as i64);
        PlainBand { lo, hi: lo + step, hi_included: k + 1 == self.level_count() }
    }

    /// The fixed band of level `k` (tiers) or cell `(area, k)` (matrix). Tiers meet end to end,
    /// each excluding its upper end but the last; matrix cells are closed and rise along both
    /// axes.
    fn fixed_band(&self, i: usize, k: usize, area: Option<usize>) -> PlainBand {
        let s = self.scale(i);
        let lo = s * Decimal::from(1 + 2 * k as i64 + area.unwrap_or(0) as i64);
        let hi_included = area.is_some() || k + 1 == self.level_count();
        PlainBand { lo, hi: lo + s * Decimal::TWO, hi_included }
    }

    /// The band of a generated case, computed by hand from the plain description of the table —
    /// the reference the library's [`Benchmark::check`] is compared with.
    pub fn band(&self, c: &SyntheticCase) -> PlainBand {
        let i = c.violation as usize;
        let last = self.level_count() - 1;
        let level = |x: Decimal, from: Decimal| ((x - from) / self.step(i)).floor().to_usize().unwrap_or(0).min(last);
        match self.shape(i) {
            Shape::Tiers => self.fixed_band(i, level(c.amount_involved, Decimal::ZERO), None),
            Shape::Matrix => {
                self.fixed_band(i, level(c.amount_involved, Decimal::ZERO), Some(usize::from(c.sensitive_area)))
            }
            Shape::PerUnit => {
                // Every level has the same rate; the level does not change the amount.
                let x = (self.rate(i) * Decimal::from(c.days_late)).min(self.statutory_max(i));
                PlainBand { lo: x, hi: x, hi_included: true }
            }
            Shape::Multiple => {
                let m = self.multiples(level(c.illegal_gains, Decimal::ZERO));
                PlainBand { lo: m.lo * c.illegal_gains, hi: m.hi * c.illegal_gains, ..m }
            }
        }
    }

    /// The levels of a [`Shape::Tiers`] violation, light to heavy: the lowest `amount_involved`
    /// of each and its band (empty for other shapes) — what a hand-written checker would
    /// hard-code, for comparing the library with one.
    pub fn tiers_of(&self, i: usize) -> Vec<(Decimal, PlainBand)> {
        if self.shape(i) != Shape::Tiers {
            return Vec::new();
        }
        (0..self.level_count()).map(|k| (self.step(i) * Decimal::from(k as i64), self.fixed_band(i, k, None))).collect()
    }

    /// Loads the rules.
    pub fn load(&self) -> Result<Benchmark, LoadError> {
        Benchmark::from_str("synthetic.yaml", &self.yaml())
    }

    /// The rules as one YAML document of format v1.
    pub fn yaml(&self) -> String {
        let mut y = String::with_capacity(600 * self.count() * self.level_count());
        y.push_str(
            "discretion: 1\n\
             facts:\n\
             \x20 - {id: amount_involved, type: amount, name: {zh: 涉案金额, en: amount involved}}\n\
             \x20 - {id: area, type: enum, values: [general, sensitive], name: {zh: 区域, en: area}}\n\
             \x20 - {id: days_late, type: days, min: 1, name: {zh: 逾期天数, en: days late}}\n\
             \x20 - {id: illegal_gains, type: amount, name: {zh: 违法所得, en: illegal gains}}\n\
             statutes:\n",
        );
        for i in (0..self.count()).filter(|i| self.statute_of(*i) == *i) {
            let fine = match self.shape(i) {
                Shape::Multiple => "{basis: multiple, of: illegal_gains, min: 1, max: 5}".to_string(),
                Shape::PerUnit => format!("{{max: {}}}", self.statutory_max(i)),
                _ => format!("{{min: {}, max: {}}}", self.scale(i), self.statutory_max(i)),
            };
            let _ = write!(
                y,
                "  - id: syn.{i}\n    citation: {{instrument: 合成法, article: {a}}}\n    versions:\n      - effective: {{from: {FIRST_YEAR}}}\n        branches:\n          - {{id: general, fine: {fine}, sanctions: [fine, confiscate_gains, order_to_correct]}}\n",
                a = i + 1
            );
        }
        y.push_str(
            "table:\n\
             \x20 id: syn\n\
             \x20 version: \"1\"\n\
             \x20 title: {zh: 合成裁量基准, en: synthetic benchmark}\n\
             \x20 authority: {zh: 合成机关, en: synthetic authority}\n\
             \x20 jurisdiction: CN\n\
             \x20 currency: CNY\n\
             \x20 effective: {from: 2015-01-01}\n\
             \x20 source: {name: discretion::generate}\n\
             \x20 boundaries: {above: inclusive, below: inclusive}\n\
             \x20 hearing: {individual: 2000, organisation: 10000}\n\
             \x20 languages: [zh, en]\n\
             violations:\n",
        );
        for i in 0..self.count() {
            self.violation_yaml(i, &mut y);
        }
        y
    }

    fn violation_yaml(&self, i: usize, y: &mut String) {
        let _ = write!(
            y,
            "  - id: syn.{i}\n    name: {{zh: 合成违法行为{i}, en: synthetic violation {i}}}\n    legal_basis:\n      violated: [{{instrument: 合成法, article: {a}}}]\n      penalty: [{{instrument: 合成法, article: {a}}}]\n    statute: syn.{s}\n",
            a = self.statute_of(i) + 1,
            s = self.statute_of(i)
        );
        let last = self.level_count() - 1;
        let step = self.step(i);
        // The condition putting a number into level k: [from + k·step, from + (k+1)·step).
        // `fact` is `fact: id, ` or empty (matrix grades take the axis's fact).
        let range = |fact: &str, from: Decimal, k: usize| {
            let lo = from + step * Decimal::from(k as i64);
            if k == last {
                format!("{{{fact}at_least: {lo}}}")
            } else {
                format!("{{{fact}at_least: {lo}, less_than: {}}}", lo + step)
            }
        };
        let band = |b: PlainBand| {
            let end = if b.hi_included { "max" } else { "less_than" };
            format!("{{min: {}, {end}: {}}}", b.lo, b.hi)
        };
        const ORDER: &str = "sanctions: {required: [order_to_correct]}";
        match self.shape(i) {
            Shape::Matrix => {
                y.push_str(
                    "    matrix:\n      axes:\n        - id: area\n          fact: area\n          grades:\n            - {id: general, when: {is: general}}\n            - {id: sensitive, when: {is: sensitive}}\n        - id: size\n          fact: amount_involved\n          grades:\n",
                );
                for k in 0..=last {
                    let _ = writeln!(y, "            - {{id: g{k}, when: {}}}", range("", Decimal::ZERO, k));
                }
                y.push_str("      cells:\n");
                for (area, name) in ["general", "sensitive"].iter().enumerate() {
                    for k in 0..=last {
                        let _ = writeln!(
                            y,
                            "        - {{at: [{name}, g{k}], fine: {}, {ORDER}}}",
                            band(self.fixed_band(i, k, Some(area)))
                        );
                    }
                }
            }
            shape => {
                y.push_str("    tiers:\n");
                for k in 0..=last {
                    let (when, fine) = match shape {
                        Shape::PerUnit => (
                            range("fact: days_late, ", Decimal::ONE, k),
                            format!(
                                "{{basis: per_unit, of: days_late, rate: {}, cap: {}}}",
                                self.rate(i),
                                self.statutory_max(i)
                            ),
                        ),
                        Shape::Multiple => (
                            range("fact: illegal_gains, ", Decimal::ZERO, k),
                            format!(
                                "{{basis: multiple, of: illegal_gains, {}}}",
                                band(self.multiples(k)).trim_start_matches('{').trim_end_matches('}')
                            ),
                        ),
                        _ => (range("fact: amount_involved, ", Decimal::ZERO, k), band(self.fixed_band(i, k, None))),
                    };
                    let _ = writeln!(y, "      - {{id: level-{k}, when: {when}, fine: {fine}, {ORDER}}}");
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verify::Severity;

    #[test]
    fn every_shape_loads_and_lints_clean() {
        for levels in [1, 2, 3, 4, 7] {
            let spec = SyntheticRules { violations: 12, levels, shapes: Shapes::Mixed };
            let rules = match spec.load() {
                Ok(r) => r,
                Err(e) => panic!("{e}\n{}", spec.yaml()),
            };
            // Notes (a statutory range wider than 10× for many levels) are not defects.
            let ds: Vec<_> = rules.verify().diagnostics.into_iter().filter(|d| d.severity != Severity::Info).collect();
            assert!(ds.is_empty(), "levels {levels}: {ds:#?}");
        }
    }
}
