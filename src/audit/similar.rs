//! Near-identical pairs inside a group ("same case, different penalty"): the same categorical
//! facts, every numeric fact within the tolerance, positions far apart. The search is
//! [`near_identical_pairs`](super::pairs::near_identical_pairs), which covers the whole
//! tolerance however large the group.

use super::collect::{Collected, GroupFacts, Record};
use super::pairs::{PairItem, PairParams, search};
use super::stats::UNIT;

/// A pair found: rows of the group and the position gap in micro-units.
pub(crate) struct Found {
    pub a: u32,
    pub b: u32,
    pub gap: u64,
}

/// How much a group's pair search found.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct PairCounts {
    /// Distinct qualifying pairs found, listed or not (each case lists its most divergent).
    pub found: u64,
    /// Walks stopped at their bound: more pairs may exist.
    pub stopped: u64,
}

/// The pairs of one group (`members`: its cases, `facts`: their facts), and how many were
/// found in all (each case lists its most divergent pairs) and how many walks were stopped.
pub(crate) fn pairs(c: &Collected<'_>, members: &[Record], facts: &GroupFacts) -> (Vec<Found>, PairCounts) {
    // Blocks: equal categorical facts (a fact missing on both sides counts as equal) — the
    // same combination — in the order of their first case.
    let mut by_combination: Vec<(u32, usize)> = (0..members.len()).map(|row| (facts.combination(row), row)).collect();
    by_combination.sort_unstable();
    let mut blocks: Vec<Vec<usize>> = by_combination
        .chunk_by(|a, b| a.0 == b.0)
        .filter(|run| run.len() >= 2)
        .map(|run| run.iter().map(|x| x.1).collect())
        .collect();
    blocks.sort_unstable_by_key(|b: &Vec<usize>| b.first().copied());
    let params = PairParams {
        tol_ppm: (c.config.pair_tolerance * 1e6).round().clamp(0.0, u64::MAX as f64) as u64,
        gap: (c.config.pair_gap * UNIT as f64).round().clamp(0.0, u64::MAX as f64) as u64,
        max_pairs_per_item: super::pairs::MAX_PAIRS_PER_ITEM,
    };
    let mut found = Vec::new();
    let mut counts = PairCounts::default();
    for block in blocks {
        let items: Vec<PairItem<'_>> = block
            .iter()
            .enumerate()
            .filter_map(|(i, &row)| {
                let r = members.get(row)?;
                // A group without numeric facts pairs on its categorical facts alone.
                let (main, rest) = facts.numeric_row(row).split_first().map_or((0, &[][..]), |(m, rest)| (*m, rest));
                Some(PairItem { id: i as u32, main, others: rest, position: r.position })
            })
            .collect();
        let found_here = search(&items, &params);
        counts.found = counts.found.saturating_add(found_here.pairs.len() as u64).saturating_add(found_here.not_listed);
        counts.stopped = counts.stopped.saturating_add(found_here.stopped);
        for p in found_here.pairs {
            let record = |i: u32| block.get(i as usize).map(|&row| row as u32);
            if let (Some(a), Some(b)) = (record(p.first), record(p.second)) {
                found.push(Found { a, b, gap: p.position_gap });
            }
        }
    }
    (found, counts)
}
