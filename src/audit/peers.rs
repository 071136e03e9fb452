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
            key: tie_key(i),
        })
        .collect();
    let limit = if c.config.peer_search == 0 { usize::MAX } else { c.config.peer_search };
    k_nearest_within(&block, queries, c.config.peers, &shape, limit)
}

/// The key that orders peers at one distance: a scrambling of the case's place in its sealed
/// group. The place does not depend on the input order (the group is sorted by position, then
/// the id's hash), and scrambled it favours no part of the band — the place itself would give
/// cases with identical facts the group's lowest fines as everyone's peers. Computed, not looked
/// up: reading each case's id costs a cache miss per case. (SplitMix64's finaliser: one to one,
/// so the keys are distinct.)
fn tie_key(place: usize) -> u64 {
    let mut z = (place as u64).wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
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
