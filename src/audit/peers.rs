//! Nearest peers inside a group: the explanation every flag carries ("these 10 cases"), and
//! the rule that flags a case outside its peers' P10–P90 and far from their median
//! (`consistency.md`, "k-nearest peers").

use super::collect::{Collected, GroupFacts, MISSING, Record};
use super::neighbours::{Neighbour, Point, Shape, k_nearest_within, percentile};
use super::stats::UNIT;

/// For each query (an index into `members`), its nearest peers (indexes into `members`),
/// nearest first, by the Gower distance over every fact the group's cases record.
pub(crate) fn nearest(
    c: &Collected<'_>,
    members: &[Record],
    facts: &GroupFacts,
    queries: &[usize],
) -> Vec<Vec<Neighbour>> {
    let value = |row: usize, col: usize| Some(facts.get(row, col)).filter(|v| *v != MISSING);
    // Flat tables (one allocation each), rows sliced out for the search.
    let (wn, wc) = (facts.numeric.len().saturating_sub(1), facts.categorical.len());
    let mut nums: Vec<i64> = Vec::with_capacity(members.len() * wn);
    let mut cats: Vec<u32> = Vec::with_capacity(members.len() * wc);
    let mut mains: Vec<i64> = Vec::with_capacity(members.len());
    for row in 0..members.len() {
        mains.push(facts.numeric.first().and_then(|&col| value(row, col)).unwrap_or(0));
        nums.extend(facts.numeric.iter().skip(1).map(|&col| value(row, col).unwrap_or(0)));
        // A missing categorical fact is its own category.
        cats.extend(
            facts
                .categorical
                .iter()
                .map(|&col| value(row, col).map_or(u32::MAX, |v| v.clamp(0, i64::from(u32::MAX - 1)) as u32)),
        );
    }
    let range = |xs: &mut dyn Iterator<Item = i64>| {
        let (lo, hi) = xs.fold((i64::MAX, i64::MIN), |(lo, hi), x| (lo.min(x), hi.max(x)));
        if hi >= lo { (i128::from(hi) - i128::from(lo)).clamp(0, i128::from(u64::MAX)) as u64 } else { 0 }
    };
    let main_range = range(&mut mains.iter().copied());
    let numeric_ranges: Vec<u64> =
        (0..wn).map(|k| range(&mut nums.iter().skip(k).step_by(wn.max(1)).copied())).collect();
    let shape = Shape { main_range, numeric_ranges: &numeric_ranges, categorical: wc };
    let block: Vec<Point<'_>> = (0..members.len())
        .map(|i| Point {
            main: mains.get(i).copied().unwrap_or(0),
            numeric: nums.get(i * wn..(i + 1) * wn).unwrap_or(&[]),
            categorical: cats.get(i * wc..(i + 1) * wc).unwrap_or(&[]),
            // The group's order (position, then the id's hash) breaks ties: it does not
            // depend on the input order, and costs no lookup of the id.
            key: i as u64,
        })
        .collect();
    let limit = if c.config.peer_search == 0 { usize::MAX } else { c.config.peer_search };
    k_nearest_within(&block, queries, c.config.peers, &shape, limit)
}

/// The peer rule for one case: `Some((peers' median, strength))` when its position lies
/// outside the peers' P10–P90 and further than `peer_gap` from their median.
pub(crate) fn deviation(
    c: &Collected<'_>,
    position: i64,
    peers: &[Neighbour],
    members: &[Record],
    scale: f64,
) -> Option<(f64, f64)> {
    if peers.len() < c.config.min_peers {
        return None;
    }
    let mut positions: Vec<i64> = peers.iter().filter_map(|n| members.get(n.index)).map(|r| r.position).collect();
    let p10 = percentile(&mut positions, 0.1)?;
    let p90 = percentile(&mut positions, 0.9)?;
    let median = percentile(&mut positions, 0.5)?;
    let p = position as f64;
    let outside = p < p10 || p > p90;
    let gap = (p - median).abs();
    (outside && gap > c.config.peer_gap * UNIT as f64).then(|| (median, gap / scale.max(1.0)))
}
