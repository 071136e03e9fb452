//! Unit disparity (`consistency.md`): in each group, an exact sign test of a unit's cases
//! above versus below the group median; Benjamini–Hochberg across every test of the run; and a
//! practical floor — the difference must be at least `unit_effect` band widths, in the same
//! direction, in at least `unit_groups` groups. Large numbers make tiny differences
//! significant; the floor is what keeps the output reviewable.

use rustc_hash::FxHashMap;

use super::collect::{Collected, NONE, Record};
use super::groups::Stats;
use super::report::Dimension;
use super::stats::{UNIT, benjamini_hochberg, benjamini_hochberg_adjusted, median, shrunk_effect, sign_test};

/// One test: a unit in a group.
#[derive(Debug, Clone)]
pub(crate) struct Test {
    pub dimension: Dimension,
    pub who: u32,
    pub group: usize,
    pub n: u64,
    pub above: u64,
    pub below: u64,
    pub p_value: f64,
    /// Benjamini–Hochberg adjusted across the run (set by [`disparities`]; NaN before).
    pub q_value: f64,
    /// The unit's median position minus the group's (the group's own median, the unit's cases
    /// among them), in micro-units.
    pub delta: f64,
    pub shrunk: f64,
}

/// The tests of one group (members with their statistics), and in `untested` the units and
/// officers that decided cases in it, but fewer than `unit_min_n`: not tested there.
pub(crate) fn tests(
    c: &Collected<'_>,
    group: usize,
    members: &[Record],
    s: &Stats,
    out: &mut Vec<Test>,
    untested: &mut Vec<(Dimension, u32)>,
) {
    for dimension in [Dimension::Unit, Dimension::Officer] {
        let who = |r: &Record| match dimension {
            Dimension::Unit => r.unit,
            Dimension::Officer => r.officer,
        };
        let mut by: FxHashMap<u32, Vec<i64>> = FxHashMap::default();
        for r in members {
            if who(r) != NONE {
                by.entry(who(r)).or_default().push(r.position);
            }
        }
        // Only counted, per unit: their order does not matter.
        untested
            .extend(by.iter().filter(|(_, v)| (v.len() as u64) < c.config.unit_min_n).map(|(&w, _)| (dimension, w)));
        let mut found: Vec<Test> = by
            .into_iter()
            .filter(|(_, v)| v.len() as u64 >= c.config.unit_min_n)
            .filter_map(|(w, mut v)| {
                let above = v.iter().filter(|&&p| p as f64 > s.median).count() as u64;
                let below = v.iter().filter(|&&p| (p as f64) < s.median).count() as u64;
                let n = v.len() as u64;
                let delta = median(&mut v)? - s.median;
                Some(Test {
                    dimension,
                    who: w,
                    group,
                    n,
                    above,
                    below,
                    p_value: sign_test(above, below),
                    q_value: f64::NAN,
                    delta,
                    shrunk: shrunk_effect(delta, n, c.config.unit_prior_n),
                })
            })
            .collect();
        found.sort_unstable_by_key(|t| t.who);
        out.extend(found);
    }
}

/// A unit or officer out of line in one direction.
#[derive(Debug)]
pub(crate) struct Found {
    pub dimension: Dimension,
    pub who: u32,
    /// +1 heavier, −1 lighter.
    pub direction: i8,
    /// The groups where it differs significantly and by enough in that direction, in group
    /// order.
    pub tests: Vec<Test>,
    /// Those where it differs so the other way (too few, or none, to be a disparity of their
    /// own): a unit heavier in two groups and lighter in a third is not simply heavier.
    pub contrary: Vec<Test>,
}

/// The units whose tests survive BH and the practical floor in enough groups, each test with
/// its adjusted p-value.
pub(crate) fn disparities(c: &Collected<'_>, tests: &[Test]) -> Vec<Found> {
    let p: Vec<f64> = tests.iter().map(|t| t.p_value).collect();
    let (adjusted, rejected) = (benjamini_hochberg_adjusted(&p), benjamini_hochberg(&p, c.config.fdr_q));
    let floor = c.config.unit_effect * UNIT as f64;
    let mut by: FxHashMap<(Dimension, u32, i8), Vec<Test>> = FxHashMap::default();
    let significant = tests.iter().zip(adjusted).zip(rejected).filter(|((t, _), r)| *r && t.delta.abs() >= floor);
    for ((t, q_value), _) in significant {
        let direction = if t.delta > 0.0 { 1 } else { -1 };
        by.entry((t.dimension, t.who, direction)).or_default().push(Test { q_value, ..t.clone() });
    }
    for ts in by.values_mut() {
        ts.sort_unstable_by_key(|t| t.group);
    }
    let mut out: Vec<Found> = by
        .iter()
        .filter(|(_, ts)| ts.len() >= c.config.unit_groups)
        .map(|(&(dimension, who, direction), ts)| Found {
            dimension,
            who,
            direction,
            tests: ts.clone(),
            contrary: by.get(&(dimension, who, -direction)).cloned().unwrap_or_default(),
        })
        .collect();
    out.sort_unstable_by_key(|f| (f.dimension, f.who, f.direction));
    out
}
