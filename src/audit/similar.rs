//! Near-identical pairs inside a group ("same case, different penalty"): the same categorical
//! facts, every numeric fact within the tolerance, positions far apart. The search is
//! [`pairs::search`](super::pairs) for the cases pairs flag ([`Purpose::Flag`]), which covers
//! the whole tolerance however large the group.

use super::collect::{Collected, GroupFacts, Record};
use super::pairs::{PairItem, PairParams, Purpose, search};
use super::stats::UNIT;

/// A case a near-identical pair flags: its row in the group, its partner's (one at the largest
/// gap: see [`Flagged`](super::pairs::Flagged)), the position gap in micro-units, and the
/// centre it is farther from (micro-units; see [`pairs`]).
pub(crate) struct Found {
    pub case: u32,
    pub partner: u32,
    pub gap: u64,
    pub centre: f64,
}

/// How much a group's pair search found.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct PairCounts {
    /// Distinct qualifying pairs found (the bounded walks of docs/LIMITS.md).
    pub found: u64,
    /// Walks stopped at their bound: more pairs may exist.
    pub stopped: u64,
}

/// Blocks: the rows (ascending) of each combination of categorical facts held by two or more
/// of the first `rows` members (a fact missing on both sides counts as equal), in the order of
/// their first row. Counted out by combination number (each below
/// [`GroupFacts::combination_count`], or after it if not), not sorted: one pass over the rows.
fn blocks(facts: &GroupFacts, rows: usize) -> Vec<Vec<usize>> {
    // A number past the list (which sealing rules out) is numbered after it, as met.
    let listed = facts.combination_count();
    let mut past: rustc_hash::FxHashMap<u32, usize> = rustc_hash::FxHashMap::default();
    let codes: Vec<usize> = (0..rows)
        .map(|row| match facts.combination(row) {
            c if (c as usize) < listed => c as usize,
            c => {
                let next = listed + past.len();
                *past.entry(c).or_insert(next)
            }
        })
        .collect();
    let count = listed + past.len();
    let mut sizes = vec![0usize; count];
    for &c in &codes {
        if let Some(size) = sizes.get_mut(c) {
            *size += 1;
        }
    }
    let mut block_of = vec![usize::MAX; count];
    let mut blocks: Vec<Vec<usize>> = Vec::new();
    for (row, &c) in codes.iter().enumerate() {
        let (Some(&size), Some(slot)) = (sizes.get(c), block_of.get_mut(c)) else { continue };
        if size < 2 {
            continue;
        }
        if *slot == usize::MAX {
            *slot = blocks.len();
            blocks.push(Vec::with_capacity(size));
        }
        if let Some(block) = blocks.get_mut(*slot) {
            block.push(row);
        }
    }
    blocks
}

/// The cases near-identical pairs flag in one group (`members`: its cases, sorted by position;
/// `facts`: their facts) — of each pair, the case farther from the centre, both on a tie — with
/// their partners; and how many pairs were found and walks stopped.
///
/// The centre is the median position of the cases sharing the pair's categorical facts (its
/// block) where they are at least `min_flag`, as many as the audit flags single cases from;
/// of a smaller block, the group's. Twenty cases with the same facts fined alike and one of
/// them fined far higher: the one is flagged, even where the group's median — set by cases
/// with other facts — lies nearer to it than to the twenty. Of two cases equally far from the
/// block's median, the one farther from the group's is flagged (both, if equally far from it).
///
/// Positions must differ by more than `pair_gap` and by more than one yuan of the flagged
/// case's band (the group's, [`group_yuan`]; where bands vary, [`yuan_varies`], the case's own,
/// [`case_yuan`], which then bounds its own walk): on a band a few yuan wide half a width is
/// small change, and a pair within it is neither flagged nor counted.
///
/// [`group_yuan`]: super::groups::group_yuan
/// [`yuan_varies`]: super::groups::yuan_varies
/// [`case_yuan`]: super::groups::case_yuan
pub(crate) fn pairs(
    c: &Collected<'_>,
    group: usize,
    members: &[Record],
    facts: &GroupFacts,
) -> (Vec<Found>, PairCounts) {
    use super::groups::{case_yuan, group_yuan, least_beyond_a_yuan, yuan_varies};
    let Some(group_centre) = twice_median(members.len(), |i| members.get(i).map(|r| r.position)) else {
        return (Vec::new(), PairCounts::default());
    };
    let blocks = blocks(facts, members.len());
    let params = PairParams {
        tol_ppm: (c.config.pair_tolerance * 1e6).round().clamp(0.0, u64::MAX as f64) as u64,
        gap: (c.config.pair_gap * UNIT as f64)
            .round()
            .max(least_beyond_a_yuan(group_yuan(c, group)))
            .clamp(0.0, u64::MAX as f64) as u64,
        max_pairs_per_item: super::pairs::MAX_PAIRS_PER_ITEM,
    };
    let (varies, yuan) = (yuan_varies(c, group), case_yuan(c, group));
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
        // Members are sorted by position, and a block's rows ascend: its items too.
        let own = (items.len() as u64 >= c.config.min_flag)
            .then(|| twice_median(items.len(), |i| items.get(i).map(|it| it.position)))
            .flatten();
        let twice_centre = own.unwrap_or(group_centre);
        let least_gaps: Vec<u64> = if varies {
            let least = |row: usize| least_beyond_a_yuan(yuan(row)).clamp(0.0, u64::MAX as f64) as u64;
            block.iter().map(|&row| least(row)).collect()
        } else {
            Vec::new()
        };
        let purpose = Purpose::Flag { twice_centre, twice_tie_centre: group_centre, least_gaps: &least_gaps };
        let found_here = search(&items, &params, purpose);
        counts.found = counts.found.saturating_add(found_here.found);
        counts.stopped = counts.stopped.saturating_add(found_here.stopped);
        for f in found_here.flagged {
            let record = |i: usize| block.get(i).map(|&row| row as u32);
            if let (Some(case), Some(partner)) = (record(f.case), record(f.partner)) {
                found.push(Found { case, partner, gap: f.gap, centre: twice_centre as f64 / 2.0 });
            }
        }
    }
    (found, counts)
}

/// Twice the median of `len` ascending positions (`at(i)`: the i-th): a median between two
/// positions is still an integer. `None` when there are none.
fn twice_median(len: usize, at: impl Fn(usize) -> Option<i64>) -> Option<i128> {
    let low = at(len.checked_sub(1)? / 2)?;
    let high = at(len / 2)?;
    Some(i128::from(low) + i128::from(high))
}

#[cfg(test)]
mod tests {
    use super::blocks;
    use crate::audit::facts::{FactValue, GroupFacts};
    use crate::table::FactId;

    /// Rows of one combination together, ascending; a combination of one row is no block;
    /// blocks in the order of their first row, not of their combination's number.
    #[test]
    fn blocks_gather_rows_of_one_combination_in_order_of_their_first_row() {
        let mut facts = GroupFacts::default();
        for category in [5, 7, 5, 9, 7, 5] {
            facts.push(&[(FactId(2), FactValue::Category(category))]);
        }
        assert_eq!(blocks(&facts, 6), [vec![0, 2, 5], vec![1, 4]]);
        // Sealed in another order: row 0 now holds the second combination met.
        facts.permute(&[1, 0, 2, 3, 4, 5]);
        facts.classify(&[]);
        assert_eq!((facts.combination(0), facts.combination(1)), (1, 0));
        assert_eq!(blocks(&facts, 6), [vec![0, 4], vec![1, 2, 5]]);
        // Only the first rows asked for.
        assert_eq!(blocks(&facts, 3), [vec![1, 2]]);
        assert!(blocks(&facts, 0).is_empty());
    }
}
