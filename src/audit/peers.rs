//! Nearest peers inside a group: the explanation every flag carries ("these 10 cases"), and
//! the rule that flags a case outside its peers' P10–P90 and far from their median
//! (`consistency.md`, "k-nearest peers").

use super::collect::{Collected, GroupFacts, MISSING, Record};
use super::neighbours::{Neighbour, Rows, nearest_rows, percentile};
use super::stats::UNIT;

/// For each query (an index into `members`), its nearest peers (indexes into `members`),
/// nearest first, by the Gower distance over every fact the group's cases record. A numeric
/// fact a case does not give is unknown — maximally different from any value, as in
/// [`gower`](super::neighbours::gower) — never read as 0; a missing categorical fact is its own
/// category (two cases both without it agree on it).
pub(crate) fn nearest(
    c: &Collected<'_>,
    members: &[Record],
    facts: &GroupFacts,
    queries: &[usize],
) -> Vec<Vec<Neighbour>> {
    // The numeric axes (the main fact first); a group without numeric facts still has a main
    // axis, the same for every case.
    let numeric: Vec<Option<usize>> =
        if facts.numeric.is_empty() { vec![None] } else { facts.numeric.iter().copied().map(Some).collect() };
    let mut values: Vec<f64> = Vec::with_capacity(members.len().saturating_mul(numeric.len()));
    // Each numeric fact's smallest and largest value among the cases that give it, in the same
    // pass: the range is their exact difference.
    let mut extremes: Vec<(i64, i64)> = vec![(i64::MAX, i64::MIN); numeric.len()];
    for row in 0..members.len() {
        let numbers = facts.numeric_row(row);
        for (k, (col, (lo, hi))) in numeric.iter().zip(&mut extremes).enumerate() {
            values.push(match col.and(numbers.get(k).copied().filter(|v| *v != MISSING)) {
                Some(v) => {
                    (*lo, *hi) = ((*lo).min(v), (*hi).max(v));
                    v as f64
                }
                None if col.is_some() => f64::NAN,
                None => 0.0,
            });
        }
    }
    let ranges: Vec<f64> = extremes
        .iter()
        .map(|&(lo, hi)| {
            if hi >= lo { (i128::from(hi) - i128::from(lo)).clamp(0, i128::from(u64::MAX)) as u64 as f64 } else { 0.0 }
        })
        .collect();
    let (combination, combinations) = combinations(facts, members.len());
    let rows = Rows {
        numeric: values,
        ranges,
        combination,
        combinations,
        categorical: facts.categorical.len(),
        keys: (0..members.len()).map(tie_key).collect(),
    };
    let limit = if c.config.peer_search == 0 { usize::MAX } else { c.config.peer_search };
    nearest_rows(rows, queries, c.config.peers, limit)
}

/// Each of the first `rows` members' combination of categorical facts, numbered as met, and
/// the values of each combination (`categorical` of them; a missing fact is a category of its
/// own, `u32::MAX`: two cases without it agree on it). The group's own numbers may have gaps
/// and exceed its rows (records taken out when sealed keep their combinations), so they are
/// renumbered through a table as long as the group's list of combinations.
fn combinations(facts: &GroupFacts, rows: usize) -> (Vec<u32>, Vec<f64>) {
    let mut number_of = vec![u32::MAX; facts.combination_count()];
    let (mut combination, mut values) = (Vec::with_capacity(rows), Vec::new());
    let width = facts.categorical.len();
    for row in 0..rows {
        let Some(number) = number_of.get_mut(facts.combination(row) as usize) else {
            // No combination (cannot happen once sealed): a category of its own, not another's.
            combination.push(u32::try_from(values.len() / width.max(1)).unwrap_or(u32::MAX));
            values.extend(std::iter::repeat_n(f64::from(u32::MAX), width));
            continue;
        };
        if *number == u32::MAX {
            *number = u32::try_from(values.len() / width.max(1)).unwrap_or(u32::MAX);
            values.extend(facts.categorical.iter().map(|&col| match facts.get(row, col) {
                MISSING => f64::from(u32::MAX),
                v => f64::from(v.clamp(0, i64::from(u32::MAX - 1)) as u32),
            }));
        }
        combination.push(*number);
    }
    (combination, values)
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
/// outside the peers' P10–P90 and further than `peer_gap` from their median; `positions`: the
/// group's, by member.
pub(crate) fn deviation(
    c: &Collected<'_>,
    position: i64,
    peers: &[Neighbour],
    positions: &[i64],
    scale: f64,
) -> Option<(f64, f64)> {
    if peers.len() < c.config.min_peers {
        return None;
    }
    // From the group's positions, not its records: a peer is anywhere in the group, and a
    // position is a quarter of a record's bytes to fetch.
    let mut positions: Vec<i64> = peers.iter().filter_map(|n| positions.get(n.index)).copied().collect();
    let p10 = percentile(&mut positions, 0.1)?;
    let p90 = percentile(&mut positions, 0.9)?;
    let median = percentile(&mut positions, 0.5)?;
    let p = position as f64;
    let outside = p < p10 || p > p90;
    let gap = (p - median).abs();
    (outside && gap > c.config.peer_gap * UNIT as f64).then(|| (median, gap / scale.max(1.0)))
}

#[cfg(test)]
mod tests {
    use super::combinations;
    use crate::audit::facts::{FactValue, GroupFacts};
    use crate::table::FactId;

    /// Records taken out when a group is sealed (a case id repeated) keep their combinations in
    /// the group's list: the members left can have combination numbers above their count. Each
    /// member still gets its own combination's values (two once shared the values of another).
    #[test]
    fn combinations_follow_their_members_after_records_are_taken_out() {
        let mut facts = GroupFacts::default();
        for r in 0..6u32 {
            facts.push(&[(FactId(1), FactValue::Number(i64::from(r))), (FactId(2), FactValue::Category(10 + r))]);
        }
        // The first four taken out: rows 4 and 5 stay, with combinations 4 and 5.
        facts.permute(&[4, 5]);
        facts.classify(&[FactId(1)]);
        assert_eq!((facts.combination(0), facts.combination(1), facts.combination_count()), (4, 5, 6));
        let (numbers, values) = combinations(&facts, 2);
        assert_eq!(numbers, [0, 1]);
        assert_eq!(values, [14.0, 15.0]);
        // A missing categorical fact is a category of its own.
        let mut facts = GroupFacts::default();
        facts.push(&[(FactId(2), FactValue::Category(3))]);
        facts.push(&[(FactId(1), FactValue::Number(1))]);
        facts.push(&[(FactId(1), FactValue::Number(2))]);
        facts.classify(&[]);
        let (numbers, values) = combinations(&facts, 3);
        assert_eq!(numbers, [0, 1, 1]);
        assert_eq!(values, [3.0, f64::from(u32::MAX)]);
    }
}
