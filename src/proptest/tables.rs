//! Whole tables of every shape, as plain data ([`TableSpec`]) that writes itself as a
//! format-v1 document ([`TableSpec::yaml`]) and a strategy that draws them ([`tables`]).

use std::fmt::Write as _;

use ::proptest::prelude::*;

use crate::{Benchmark, LoadError};

/// A fine band of a level, in every form the format has (§5.1 of `docs/FORMAT.md`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub enum BandSpec {
    /// `{min: lo, max: lo + width}`, or `{min: lo, less_than: lo + width + 1}` when `open_top`.
    Amount {
        /// The lower end.
        lo: u32,
        /// How far the upper end is above it.
        width: u32,
        /// The upper end is excluded (不满).
        open_top: bool,
    },
    /// `{above: lo, below: lo + width + 1}`: ends by the table's `boundaries` (以上 / 以下).
    Convention {
        /// The lower end.
        lo: u32,
        /// How far the upper end is above it.
        width: u32,
    },
    /// `{max: hi}`.
    AtMost(u32),
    /// `{basis: multiple, of: x, min: lo, max: lo + width}`: a multiple of the amount fact `x`.
    Multiple {
        /// The smallest multiple.
        lo: u8,
        /// How far the largest is above it.
        width: u8,
    },
    /// `{basis: per_unit, of: n, rate, cap}`: so much per unit of the count fact `n`.
    PerUnit {
        /// The amount per unit.
        rate: u16,
        /// The most it comes to, if capped.
        cap: Option<u32>,
    },
    /// `{basis: formula, start, terms: [{fact: n, from: 1, per: 1, add}], min: start, max: start + room}`.
    Formula {
        /// The amount at the start.
        start: u32,
        /// The amount added per unit of `n` above 1.
        add: u16,
        /// How far above `start` the amount may go.
        room: u32,
    },
    /// No fine: the level sets none.
    NoFine,
}

/// The cases a tier applies to, on the table's facts `n` (a count), `k` (`a`, `b`, `c`) and `f` (yes/no).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub enum ConditionSpec {
    /// `{fact: n, at_least: lo, at_most: lo + span}`.
    Count {
        /// The lower end.
        lo: u16,
        /// How far the upper end is above it.
        span: u16,
    },
    /// `{fact: n, above: lo, below: lo + span + 1}`: by the table's `boundaries`.
    CountByConvention {
        /// The lower end.
        lo: u16,
        /// How far the upper end is above it.
        span: u16,
    },
    /// `{fact: k, in: [...]}`: the values whose bit is set in the mask (`a` = 1, `b` = 2, `c` = 4).
    Word(u8),
    /// `{fact: f, is: ...}`.
    Flag(bool),
    /// Both: `{all: [{fact: n, at_least: lo}, {fact: f, is: flag}]}`.
    CountAndFlag {
        /// The least count.
        lo: u16,
        /// The flag.
        flag: bool,
    },
    /// No `when`: every case.
    Always,
}

/// How a violation's levels are laid out.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub enum SchemeSpec {
    /// Tiers (档次), light to heavy.
    Tiers {
        /// `0` forbidden, `1` heavier_wins, otherwise first_match.
        overlap: u8,
        /// The tiers.
        tiers: Vec<(ConditionSpec, BandSpec)>,
    },
    /// A matrix on `k` (grades `light` = `a`, `heavy` = `b` or `c`) × `f` (grades `no`, `yes`),
    /// cells in the order `[light, no]`, `[light, yes]`, `[heavy, no]`, `[heavy, yes]`; a cell
    /// whose band is `None` is left out (a gap `lint` reports).
    Matrix([Option<BandSpec>; 4]),
    /// The same matrix with its heavy row one cell spanning the `flag` axis (`at: [heavy, "*"]`,
    /// a source row across every column): cells `[light, no]`, `[light, yes]`, `[heavy, *]`
    /// (`None`: left out).
    SpanningMatrix([Option<BandSpec>; 3]),
    /// A weight model (权重累加) on the statute's `general` branch: weights for `n` (0 / 1 or
    /// more) and for `k` (`a`, `b`, `c`), in percent.
    Weights {
        /// 裁量起点, percent.
        start: u8,
        /// Σ below this counts as this.
        floor: Option<u8>,
        /// The most, percent (at least `start`).
        cap: u8,
        /// Weights of `n = 0`, `n ≥ 1`.
        count: [u8; 2],
        /// Weights of `k = a`, `b`, `c`.
        word: [u8; 3],
    },
}

/// One statute version: a fixed range `[min, min + width]`, and, if `gains`, a first branch
/// for cases with `x > 0`: 1 to 5 times `x`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct StatuteSpec {
    /// The statutory minimum.
    pub min: u32,
    /// How far the maximum is above it.
    pub width: u32,
    /// A `with_gains` branch comes first.
    pub gains: bool,
}

/// A whole table as plain data: facts `n` (count), `x` (amount), `k` (enum `a`/`b`/`c`), `f`
/// (boolean); one statute `s` with one or two versions (the second from 2023-01-01); one table
/// `t` in force from 2020-01-01 with its `boundaries`, adjustments and violations `v0`, `v1`, …;
/// optionally a no-penalty list (不予处罚) for `v0`.
///
/// ```
/// use discretion::proptest::{BandSpec, ConditionSpec, SchemeSpec, StatuteSpec, TableSpec};
///
/// let spec = TableSpec {
///     statute: vec![StatuteSpec { min: 1000, width: 9000, gains: false }],
///     above_inclusive: true,
///     below_inclusive: false,
///     adjustments: vec![],
///     violations: vec![SchemeSpec::Tiers {
///         overlap: 0,
///         tiers: vec![
///             (ConditionSpec::Count { lo: 0, span: 2 }, BandSpec::Amount { lo: 1000, width: 4000, open_top: false }),
///             (ConditionSpec::Count { lo: 3, span: 100 }, BandSpec::Amount { lo: 5000, width: 5000, open_top: false }),
///         ],
///     }],
///     exemption: None,
/// };
/// let rules = spec.load().unwrap();
/// assert_eq!(rules.tables()[0].violations.len(), 1);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct TableSpec {
    /// The statute's versions (the first two are used; none means one version `[0, 0]`).
    pub statute: Vec<StatuteSpec>,
    /// `boundaries.above`: 以上 includes its number.
    pub above_inclusive: bool,
    /// `boundaries.below`: 以下 includes its number.
    pub below_inclusive: bool,
    /// Adjustments, by number into a fixed list: `0` placement at the bottom half when `k = b`,
    /// `1` the top when `k = c`, `2` a 30–50 % reduction when `f`, `3` a tier up when `n ≥ 10`.
    pub adjustments: Vec<u8>,
    /// The violations' schemes (at least one is written; an empty list gives one tier-less level).
    pub violations: Vec<SchemeSpec>,
    /// A no-penalty list entry for `v0` when `f` holds and `n = 0`: `Some(true)` mandatory,
    /// `Some(false)` discretionary (首违不罚).
    pub exemption: Option<bool>,
}

const ADJUSTMENTS: [&str; 4] = [
    "{id: a0, when: {fact: k, is: b}, place: {min: 0, max: 0.5}}",
    "{id: a1, when: {fact: k, is: c}, place: {min: 1, max: 1}}",
    "{id: a2, when: {fact: f, is: true}, reduce: {min: 30, max: 50}}",
    "{id: a3, when: {fact: n, at_least: 10}, tier_up: 1}",
];

impl BandSpec {
    fn yaml(&self) -> Option<String> {
        let plus = |a: u32, b: u32| u64::from(a) + u64::from(b);
        Some(match self {
            BandSpec::Amount { lo, width, open_top: false } => format!("{{min: {lo}, max: {}}}", plus(*lo, *width)),
            BandSpec::Amount { lo, width, open_top: true } => {
                format!("{{min: {lo}, less_than: {}}}", plus(*lo, *width) + 1)
            }
            BandSpec::Convention { lo, width } => format!("{{above: {lo}, below: {}}}", plus(*lo, *width) + 1),
            BandSpec::AtMost(hi) => format!("{{max: {hi}}}"),
            BandSpec::Multiple { lo, width } => {
                format!(
                    "{{basis: multiple, of: x, min: {}, max: {}}}",
                    lo.max(&1),
                    u16::from(*lo.max(&1)) + u16::from(*width)
                )
            }
            BandSpec::PerUnit { rate, cap: None } => format!("{{basis: per_unit, of: n, rate: {rate}}}"),
            BandSpec::PerUnit { rate, cap: Some(cap) } => {
                format!("{{basis: per_unit, of: n, rate: {rate}, cap: {cap}}}")
            }
            BandSpec::Formula { start, add, room } => format!(
                "{{basis: formula, start: {start}, terms: [{{fact: n, from: 1, per: 1, add: {add}, rounding: down}}], min: {start}, max: {}}}",
                plus(*start, *room)
            ),
            BandSpec::NoFine => return None,
        })
    }
}

impl ConditionSpec {
    fn yaml(&self) -> Option<String> {
        let top = |lo: u16, span: u16| u32::from(lo) + u32::from(span);
        Some(match self {
            ConditionSpec::Count { lo, span } => format!("{{fact: n, at_least: {lo}, at_most: {}}}", top(*lo, *span)),
            ConditionSpec::CountByConvention { lo, span } => {
                format!("{{fact: n, above: {lo}, below: {}}}", top(*lo, *span) + 1)
            }
            ConditionSpec::Word(mask) => {
                let values: Vec<&str> =
                    ["a", "b", "c"].iter().enumerate().filter(|(i, _)| mask & (1 << i) != 0).map(|(_, v)| *v).collect();
                // An empty set is not a condition the format allows: read it as every value.
                let values = if values.is_empty() { vec!["a", "b", "c"] } else { values };
                format!("{{fact: k, in: [{}]}}", values.join(", "))
            }
            ConditionSpec::Flag(b) => format!("{{fact: f, is: {b}}}"),
            ConditionSpec::CountAndFlag { lo, flag } => {
                format!("{{all: [{{fact: n, at_least: {lo}}}, {{fact: f, is: {flag}}}]}}")
            }
            ConditionSpec::Always => return None,
        })
    }
}

fn level(s: &mut String, indent: &str, head: &str, band: Option<String>) {
    let _ = write!(s, "{indent}- {{{head}");
    if let Some(b) = band {
        let _ = write!(s, ", fine: {b}");
    }
    s.push_str("}\n");
}

impl SchemeSpec {
    fn yaml(&self, s: &mut String) {
        match self {
            SchemeSpec::Tiers { overlap, tiers } => {
                let overlap = match overlap {
                    0 => "forbidden",
                    1 => "heavier_wins",
                    _ => "first_match",
                };
                let _ = writeln!(s, "    overlap: {overlap}\n    tiers:");
                if tiers.is_empty() {
                    s.push_str("      - {id: t0}\n");
                }
                for (i, (when, band)) in tiers.iter().enumerate() {
                    let head = match when.yaml() {
                        Some(w) => format!("id: t{i}, when: {w}"),
                        None => format!("id: t{i}"),
                    };
                    level(s, "      ", &head, band.yaml());
                }
            }
            SchemeSpec::Matrix(cells) => {
                matrix(s, &["[light, no]", "[light, yes]", "[heavy, no]", "[heavy, yes]"], cells);
            }
            SchemeSpec::SpanningMatrix(cells) => matrix(s, &["[light, no]", "[light, yes]", "[heavy, \"*\"]"], cells),
            SchemeSpec::Weights { start, floor, cap, count, word } => {
                let cap = (*cap).max(*start).clamp(1, 100);
                let start = (*start).min(cap);
                let _ = writeln!(s, "    weights:\n      start: {start}\n      cap: {cap}\n      branch: general");
                if let Some(floor) = floor {
                    let _ = writeln!(s, "      floor: {}", (*floor).min(cap));
                }
                let [c0, c1] = count;
                let [wa, wb, wc] = word;
                let _ = writeln!(
                    s,
                    "      factors:\n        - {{id: count, fact: n, grades: [{{when: {{is: 0}}, weight: {c0}}}, {{when: {{at_least: 1}}, weight: {c1}}}]}}"
                );
                let _ = writeln!(
                    s,
                    "        - {{id: kind, fact: k, grades: [{{when: {{is: a}}, weight: {wa}}}, {{when: {{is: b}}, weight: {wb}}}, {{when: {{is: c}}, weight: {wc}}}]}}"
                );
            }
        }
    }
}

impl TableSpec {
    /// The table as a format-v1 document.
    pub fn yaml(&self) -> String {
        let mut s = String::from(concat!(
            "discretion: 1\nfacts:\n  - {id: n, type: count}\n  - {id: x, type: amount}\n",
            "  - {id: k, type: enum, values: [a, b, c]}\n  - {id: f, type: boolean}\n",
            "statutes:\n  - id: s\n    citation: {instrument: 法, article: 1}\n    versions:\n",
        ));
        let default = [StatuteSpec { min: 0, width: 0, gains: false }];
        let versions =
            if self.statute.is_empty() { &default[..] } else { self.statute.get(..2).unwrap_or(&self.statute) };
        for (i, v) in versions.iter().enumerate() {
            let period = match (i, versions.len()) {
                (0, 1) => "{from: 2000-01-01}",
                (0, _) => "{from: 2000-01-01, until: 2022-12-31}",
                _ => "{from: 2023-01-01}",
            };
            let _ = writeln!(s, "      - effective: {period}\n        branches:");
            if v.gains {
                s.push_str(
                    "          - {id: with_gains, when: {fact: x, more_than: 0}, fine: {basis: multiple, of: x, min: 1, max: 5}}\n",
                );
            }
            let _ = writeln!(
                s,
                "          - {{id: general, fine: {{min: {}, max: {}}}}}",
                v.min,
                u64::from(v.min) + u64::from(v.width)
            );
        }
        let _ = write!(
            s,
            concat!(
                "table:\n  id: t\n  title: {{zh: 表}}\n  authority: {{zh: 局}}\n  jurisdiction: CN\n  currency: CNY\n",
                "  effective: {{from: 2020-01-01}}\n  source: {{name: 表}}\n  boundaries: {{above: {}, below: {}}}\n"
            ),
            if self.above_inclusive { "inclusive" } else { "exclusive" },
            if self.below_inclusive { "inclusive" } else { "exclusive" },
        );
        let mut adjustments: Vec<usize> =
            self.adjustments.iter().map(|a| usize::from(*a) % ADJUSTMENTS.len()).collect();
        // Placements before reductions (D023), each once.
        adjustments.sort_unstable();
        adjustments.dedup();
        if !adjustments.is_empty() {
            s.push_str("  adjustments:\n");
            for a in adjustments.iter().filter_map(|a| ADJUSTMENTS.get(*a)) {
                let _ = writeln!(s, "    - {a}");
            }
        }
        s.push_str("violations:\n");
        let one = [SchemeSpec::Tiers { overlap: 0, tiers: Vec::new() }];
        let schemes = if self.violations.is_empty() { &one[..] } else { &self.violations[..] };
        for (i, scheme) in schemes.iter().enumerate() {
            let _ = writeln!(
                s,
                "  - id: v{i}\n    legal_basis: {{violated: [{{instrument: 法, article: 1}}], penalty: [{{instrument: 法, article: 1}}]}}\n    statute: s"
            );
            scheme.yaml(&mut s);
        }
        if let Some(mandatory) = self.exemption {
            let _ = writeln!(
                s,
                "exemptions:\n  - id: np\n    violations: [v0]\n    kind: {}\n    basis: {{instrument: 中华人民共和国行政处罚法, article: 33}}\n    when: {{all: [{{fact: f, is: true}}, {{fact: n, is: 0}}]}}",
                if mandatory { "mandatory" } else { "discretionary" }
            );
        }
        s
    }

    /// Loads the table ([`TableSpec::yaml`]) as `generated.yaml`.
    pub fn load(&self) -> Result<Benchmark, LoadError> {
        Benchmark::from_str("generated.yaml", &self.yaml())
    }
}

fn band() -> impl Strategy<Value = BandSpec> {
    prop_oneof![
        3 => (0u32..3000, 0u32..3000, any::<bool>()).prop_map(|(lo, width, open_top)| BandSpec::Amount { lo, width, open_top }),
        1 => (0u32..3000, 0u32..3000).prop_map(|(lo, width)| BandSpec::Convention { lo, width }),
        1 => (1u32..3000).prop_map(BandSpec::AtMost),
        1 => (1u8..4, 0u8..4).prop_map(|(lo, width)| BandSpec::Multiple { lo, width }),
        1 => (1u16..200, proptest::option::of(100u32..3000)).prop_map(|(rate, cap)| BandSpec::PerUnit { rate, cap }),
        1 => (0u32..2000, 0u16..300, 0u32..3000).prop_map(|(start, add, room)| BandSpec::Formula { start, add, room }),
        1 => Just(BandSpec::NoFine),
    ]
}

fn condition() -> impl Strategy<Value = ConditionSpec> {
    prop_oneof![
        4 => (0u16..15, 0u16..10).prop_map(|(lo, span)| ConditionSpec::Count { lo, span }),
        2 => (0u16..15, 0u16..10).prop_map(|(lo, span)| ConditionSpec::CountByConvention { lo, span }),
        1 => (1u8..8).prop_map(ConditionSpec::Word),
        1 => any::<bool>().prop_map(ConditionSpec::Flag),
        1 => (0u16..15, any::<bool>()).prop_map(|(lo, flag)| ConditionSpec::CountAndFlag { lo, flag }),
        1 => Just(ConditionSpec::Always),
    ]
}

/// A matrix on `k` × `f` with `cells` at `at` (a `None` band: left out).
fn matrix(s: &mut String, at: &[&str], cells: &[Option<BandSpec>]) {
    s.push_str(concat!(
        "    matrix:\n      axes:\n",
        "        - {id: kind, fact: k, grades: [{id: light, when: {is: a}}, {id: heavy, when: {in: [b, c]}}]}\n",
        "        - {id: flag, fact: f, grades: [{id: no, when: {is: false}}, {id: yes, when: {is: true}}]}\n",
    ));
    // No cell at all is a matrix that covers nothing (a gap lint reports), written as an empty
    // list.
    s.push_str(if cells.iter().all(Option::is_none) { "      cells: []\n" } else { "      cells:\n" });
    for (at, band) in at.iter().zip(cells) {
        if let Some(band) = band {
            level(s, "        ", &format!("at: {at}"), band.yaml());
        }
    }
}

/// Schemes of every kind: tiers on conditions of every form, matrices (some with a missing
/// cell, some with a cell spanning an axis), weight models.
pub fn schemes() -> impl Strategy<Value = SchemeSpec> {
    prop_oneof![
        3 => (0u8..3, prop::collection::vec((condition(), band()), 1..6))
            .prop_map(|(overlap, tiers)| SchemeSpec::Tiers { overlap, tiers }),
        1 => [
            prop::option::weighted(0.9, band()),
            prop::option::weighted(0.9, band()),
            prop::option::weighted(0.9, band()),
            prop::option::weighted(0.9, band()),
        ]
        .prop_map(SchemeSpec::Matrix),
        1 => [
            prop::option::weighted(0.9, band()),
            prop::option::weighted(0.9, band()),
            prop::option::weighted(0.9, band()),
        ]
        .prop_map(SchemeSpec::SpanningMatrix),
        1 => (0u8..60, prop::option::of(0u8..40), 0u8..=100, [0u8..20, 0u8..20], [0u8..20, 0u8..20, 0u8..20])
            .prop_map(|(start, floor, cap, count, word)| SchemeSpec::Weights { start, floor, cap, count, word }),
    ]
}

/// Whole tables of every shape the format has — tiers, matrices, weight models, per-unit,
/// multiple and formula bands, statute versions and branches, adjustments, no-penalty lists —
/// for tools built on the library. Every drawn table loads; many have defects `lint` reports
/// (gaps, overlaps, bands outside the statute), which is the point.
///
/// ```
/// use discretion::proptest::tables;
/// use proptest::prelude::*;
///
/// proptest!(ProptestConfig::with_cases(32), |(spec in tables())| {
///     let rules = spec.load().map_err(|e| TestCaseError::fail(e.to_string()))?;
///     let _ = rules.verify();
/// });
/// ```
pub fn tables() -> impl Strategy<Value = TableSpec> {
    (
        prop::collection::vec(
            (0u32..2000, 0u32..5000, prop::bool::weighted(0.2)).prop_map(|(min, width, gains)| StatuteSpec {
                min,
                width,
                gains,
            }),
            1..3,
        ),
        any::<bool>(),
        any::<bool>(),
        prop::collection::vec(0u8..4, 0..3),
        prop::collection::vec(schemes(), 1..3),
        prop::option::weighted(0.2, any::<bool>()),
    )
        .prop_map(|(statute, above_inclusive, below_inclusive, adjustments, violations, exemption)| TableSpec {
            statute,
            above_inclusive,
            below_inclusive,
            adjustments,
            violations,
            exemption,
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]
        /// The writer is right for every shape: whatever the strategy draws loads.
        #[test]
        fn every_drawn_table_loads(spec in tables()) {
            // (A matrix with no cell once wrote `cells:` with nothing under it.)
            let loaded = spec.load();
            prop_assert!(loaded.is_ok(), "{}\n{}", spec.yaml(), loaded.err().map(|e| e.to_string()).unwrap_or_default());
        }
    }
}

#[cfg(test)]
mod regressions {
    use super::*;

    /// A matrix whose four cells are all left out loads (found by the reference-model property).
    #[test]
    fn a_matrix_without_cells_loads() {
        let spec = TableSpec {
            statute: vec![StatuteSpec { min: 0, width: 0, gains: false }],
            above_inclusive: false,
            below_inclusive: false,
            adjustments: vec![],
            violations: vec![SchemeSpec::Matrix([None, None, None, None])],
            exemption: None,
        };
        assert!(spec.load().is_ok(), "{}", spec.yaml());
    }
}
