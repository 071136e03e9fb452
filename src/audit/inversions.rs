//! Case-level order consistency for two ordered factors (`consistency.md` (b)).
//!
//! Case j *dominates* case i when j's circumstances are at least as serious on both ordered
//! factors and strictly more serious on one (`a_j ≥ a_i`, `b_j ≥ b_i`, not both equal). An
//! *inversion* is a dominating case punished clearly less: `x_j < x_i − margin_i`, with
//! [`default_margin`] = max(band width of i, 25% of x_i) as the heuristic default. Without a
//! margin 18–41% of cross-cell pairs invert on real data, so these counts **rank** cases for
//! review; they are not flags.
//!
//! # Algorithm
//!
//! Because the threshold `x_i − margin_i` depends on i, counting is a three-dimensional
//! dominance count (a, b and the penalty), which a single Fenwick tree cannot answer. We use
//! offline CDQ divide and conquer: sort the cases by (a descending, b descending), so every
//! dominator of i comes before i; split the sequence in halves, solve each half, then count
//! the pairs (j in the left half, i in the right half) with a Fenwick tree over the compressed
//! penalties, sweeping both halves in decreasing (b, a) order. Comparing the pair (b, a)
//! strictly makes ties exact: for j before i (so a_j ≥ a_i), (b_j, a_j) > (b_i, a_i) holds
//! exactly when j dominates i, and cases equal on both factors never count. The halves are
//! merged by (b, a) as the recursion unwinds (merge sort), so each level costs O(n log n) for
//! the Fenwick operations: **O(n log² n) time, O(n) extra memory**, against the O(n log² n)
//! time and O(n log n) memory of a Fenwick tree of sorted vectors. An O(n log n) total is
//! possible only for a margin-free 2-D count; with per-case thresholds this bound is the
//! standard one.
//!
//! Most tables have few levels (tiers, small matrices): with at most 16 distinct (a, b) pairs,
//! each case's dominators are whole levels, and a binary search in each dominating level's
//! sorted penalties counts them — O(n log n) per level, several times faster in practice.

use std::cmp::Reverse;

/// One case: two ordered circumstance levels (higher = more serious) and the penalty on a
/// comparable scale (for example a position in micro-units, or an amount).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Item {
    /// Level of the first ordered factor.
    pub a: i64,
    /// Level of the second ordered factor.
    pub b: i64,
    /// The penalty.
    pub x: i64,
}

/// The heuristic default margin of `consistency.md`: max(band width of i, 25% of |x_i|).
/// It removes noise-level inversions. Never overflows.
///
/// ```
/// use discretion::audit::inversions::default_margin;
/// assert_eq!(default_margin(1_000, 10_000), 2_500);
/// assert_eq!(default_margin(5_000, 10_000), 5_000);
/// ```
pub fn default_margin(band_width: i64, x: i64) -> i64 {
    let quarter = i64::try_from(x.unsigned_abs() / 4).unwrap_or(i64::MAX);
    quarter.max(band_width)
}

/// The total number of inversions: pairs (i, j) where j dominates i and
/// `x_j < x_i − margin(i)`. The sum of [`per_item_inversions`]; O(n log² n).
///
/// ```
/// use discretion::audit::inversions::{count_inversions, Item};
/// let items = [
///     Item { a: 0, b: 0, x: 500 },
///     Item { a: 1, b: 0, x: 100 }, // more serious, punished far less: inverts against the first
///     Item { a: 0, b: 0, x: 50 },  // same circumstances as the first: never compared
/// ];
/// assert_eq!(count_inversions(&items, |_| 100), 1);
/// ```
pub fn count_inversions(items: &[Item], margin: impl Fn(&Item) -> i64) -> u64 {
    per_item_inversions(items, margin).iter().fold(0u64, |sum, &c| sum.saturating_add(c))
}

/// For each case i (in input order), how many dominating cases j are punished less than
/// `x_i − margin(i)`: the ranking of `consistency.md` (b) — cases with many inversions against
/// them were punished unusually hard for their circumstances, or their dominators unusually
/// lightly. O(n log² n) time, O(n) memory; exact for all `i64` inputs (thresholds in `i128`).
///
/// ```
/// use discretion::audit::inversions::{per_item_inversions, Item};
/// let items = [Item { a: 0, b: 0, x: 900 }, Item { a: 1, b: 1, x: 100 }, Item { a: 0, b: 2, x: 0 }];
/// assert_eq!(per_item_inversions(&items, |_| 0), [2, 0, 0]);
/// ```
pub fn per_item_inversions(items: &[Item], margin: impl Fn(&Item) -> i64) -> Vec<u64> {
    per_item_inversions_at(items, |_, it| margin(it))
}

/// [`per_item_inversions`] with each case's margin told by its place in `items` too (a margin
/// of the case's own band, where its group's bands differ).
pub(crate) fn per_item_inversions_at(items: &[Item], margin: impl Fn(usize, &Item) -> i64) -> Vec<u64> {
    let mut keys: Vec<(i64, i64)> = items.iter().map(|it| (it.b, it.a)).collect();
    keys.sort_unstable();
    keys.dedup();
    if keys.len() <= FEW_LEVELS {
        return by_level(items, &margin, &keys);
    }
    let mut penalties: Vec<i64> = items.iter().map(|it| it.x).collect();
    penalties.sort_unstable();
    penalties.dedup();

    let mut nodes: Vec<Node> = items
        .iter()
        .enumerate()
        .map(|(index, it)| {
            let threshold = i128::from(it.x) - i128::from(margin(index, it));
            Node {
                index,
                a: it.a,
                b: it.b,
                key: keys.partition_point(|&k| k < (it.b, it.a)),
                slot: penalties.partition_point(|&p| p < it.x).saturating_add(1),
                below: penalties.partition_point(|&p| i128::from(p) < threshold),
            }
        })
        .collect();
    nodes.sort_unstable_by_key(|node| (Reverse(node.a), Reverse(node.b)));

    let mut counts = vec![0u64; items.len()];
    let mut solver = Solver { fenwick: vec![0; penalties.len().saturating_add(1)], scratch: Vec::new() };
    solver.solve(&mut nodes, &mut counts);
    counts
}

/// Most distinct (a, b) pairs for which [`by_level`] is used: tiers and small matrices, the
/// usual tables.
const FEW_LEVELS: usize = 16;

/// [`per_item_inversions`] for few distinct (a, b) pairs (`keys`, sorted as (b, a)): each
/// case's dominators are whole levels, so its count is, for each dominating level, a binary
/// search among that level's sorted penalties — O(n log n · levels), without the divide and
/// conquer's log² n and its Fenwick tree.
fn by_level(items: &[Item], margin: &impl Fn(usize, &Item) -> i64, keys: &[(i64, i64)]) -> Vec<u64> {
    let level = |it: &Item| keys.partition_point(|&k| k < (it.b, it.a));
    let mut penalties: Vec<Vec<i64>> = vec![Vec::new(); keys.len()];
    for it in items {
        if let Some(list) = penalties.get_mut(level(it)) {
            list.push(it.x);
        }
    }
    penalties.iter_mut().for_each(|list| list.sort_unstable());
    let dominators: Vec<Vec<usize>> = keys
        .iter()
        .map(|&(b, a)| {
            let above = |&(bj, aj): &(i64, i64)| aj >= a && bj >= b && (aj, bj) != (a, b);
            keys.iter().enumerate().filter(|(_, k)| above(k)).map(|(j, _)| j).collect()
        })
        .collect();
    items
        .iter()
        .enumerate()
        .map(|(index, it)| {
            let threshold = i128::from(it.x) - i128::from(margin(index, it));
            let levels = dominators.get(level(it)).map_or(&[][..], Vec::as_slice);
            levels
                .iter()
                .filter_map(|&j| penalties.get(j))
                .map(|list| list.partition_point(|&x| i128::from(x) < threshold) as u64)
                .fold(0u64, u64::saturating_add)
        })
        .collect()
}

/// A case prepared for the divide and conquer.
#[derive(Clone, Copy, Debug)]
struct Node {
    /// Position in the input.
    index: usize,
    a: i64,
    b: i64,
    /// Dense rank of (b, a).
    key: usize,
    /// 1-based Fenwick slot of the penalty.
    slot: usize,
    /// Number of distinct penalties below the threshold x − margin: query slots 1..=below.
    below: usize,
}

struct Solver {
    /// Fenwick tree over penalty slots, counts modulo 2⁶⁴ (removals add `u64::MAX`).
    fenwick: Vec<u64>,
    scratch: Vec<Node>,
}

impl Solver {
    /// Adds every cross-half pair of `nodes` (ordered by (a, b) descending) to `counts`, and
    /// leaves `nodes` sorted by key descending.
    fn solve(&mut self, nodes: &mut [Node], counts: &mut [u64]) {
        if nodes.len() < 2 {
            return;
        }
        let mid = nodes.len() / 2;
        let (left, right) = nodes.split_at_mut(mid);
        self.solve(left, counts);
        self.solve(right, counts);
        // Both halves are now sorted by key descending; every j on the left has a_j ≥ a_i.
        let mut inserted = 0;
        for node in right.iter() {
            while let Some(j) = left.get(inserted)
                && j.key > node.key
            {
                self.add(j.slot, 1);
                inserted += 1;
            }
            if let Some(count) = counts.get_mut(node.index) {
                *count = count.saturating_add(self.prefix(node.below));
            }
        }
        for j in left.iter().take(inserted) {
            self.add(j.slot, u64::MAX);
        }
        self.merge(nodes, mid);
    }

    /// Merges the two key-descending runs `nodes[..mid]` and `nodes[mid..]`.
    fn merge(&mut self, nodes: &mut [Node], mid: usize) {
        self.scratch.clear();
        let (left, right) = nodes.split_at(mid);
        let (mut l, mut r) = (left.iter().peekable(), right.iter().peekable());
        loop {
            let next = match (l.peek(), r.peek()) {
                (Some(x), Some(y)) if x.key >= y.key => l.next(),
                (Some(_), Some(_)) | (None, _) => r.next(),
                (Some(_), None) => l.next(),
            };
            match next {
                Some(&node) => self.scratch.push(node),
                None => break,
            }
        }
        for (slot, node) in nodes.iter_mut().zip(&self.scratch) {
            *slot = *node;
        }
    }

    fn add(&mut self, mut slot: usize, delta: u64) {
        while slot > 0
            && let Some(cell) = self.fenwick.get_mut(slot)
        {
            *cell = cell.wrapping_add(delta);
            slot = slot.saturating_add(slot & slot.wrapping_neg());
        }
    }

    fn prefix(&self, mut slot: usize) -> u64 {
        let mut sum = 0u64;
        while slot > 0 {
            sum = sum.wrapping_add(self.fenwick.get(slot).copied().unwrap_or(0));
            slot &= slot - 1;
        }
        sum
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::testing::Rng;

    fn brute_force(items: &[Item], margin: impl Fn(usize, &Item) -> i64) -> Vec<u64> {
        items
            .iter()
            .enumerate()
            .map(|(k, i)| {
                let threshold = i128::from(i.x) - i128::from(margin(k, i));
                items
                    .iter()
                    .filter(|j| j.a >= i.a && j.b >= i.b && (j.a, j.b) != (i.a, i.b))
                    .filter(|j| i128::from(j.x) < threshold)
                    .count() as u64
            })
            .collect()
    }

    #[test]
    fn edges() {
        assert!(per_item_inversions(&[], |_| 0).is_empty());
        assert_eq!(count_inversions(&[], |_| 0), 0);
        let one = [Item { a: 1, b: 1, x: 5 }];
        assert_eq!(per_item_inversions(&one, |_| i64::MIN), [0]);
        // Identical circumstances never dominate, even with a margin that accepts any penalty.
        let same = [Item { a: 3, b: 3, x: 9 }; 50];
        assert_eq!(count_inversions(&same, |_| i64::MIN), 0);
        // Equal on one factor, strictly higher on the other, is dominance.
        let items = [Item { a: 1, b: 1, x: 10 }, Item { a: 1, b: 2, x: 0 }, Item { a: 2, b: 1, x: 0 }];
        assert_eq!(per_item_inversions(&items, |_| 0), [2, 0, 0]);
        // x_j < x_i − margin is strict.
        assert_eq!(per_item_inversions(&items, |_| 10), [0, 0, 0]);
        assert_eq!(per_item_inversions(&items, |_| 9), [2, 0, 0]);
    }

    #[test]
    fn extremes_do_not_overflow() {
        let items = [
            Item { a: i64::MIN, b: i64::MIN, x: i64::MAX },
            Item { a: i64::MAX, b: i64::MAX, x: i64::MIN },
            Item { a: i64::MAX, b: i64::MIN, x: 0 },
        ];
        assert_eq!(per_item_inversions(&items, |_| i64::MAX), [1, 0, 1]);
        assert_eq!(per_item_inversions(&items, |_| i64::MIN), [2, 0, 1]);
        assert_eq!(per_item_inversions(&items, |it| default_margin(i64::MAX, it.x)), [1, 0, 1]);
        assert_eq!(default_margin(0, i64::MIN), 1 << 61);
        assert_eq!(default_margin(i64::MIN, 0), 0);
    }

    #[test]
    fn matches_brute_force_on_random_data() {
        let mut rng = Rng(0x1234_5678);
        for round in 0..500 {
            let n = rng.below(if round % 10 == 0 { 300 } else { 40 }) as usize;
            let levels = 1 + rng.below(6) as i64;
            let spread = [3, 1_000, i64::MAX][round % 3];
            let items: Vec<Item> = (0..n)
                .map(|_| Item { a: rng.range(0, levels), b: rng.range(0, levels), x: rng.range(-spread, spread) })
                .collect();
            let width = rng.range(0, spread);
            let margins: [&dyn Fn(&Item) -> i64; 4] =
                [&|_| 0, &|it| default_margin(width, it.x), &|it| it.a.wrapping_mul(7) - 3, &|it| {
                    if it.b % 2 == 0 { i64::MIN } else { i64::MAX }
                }];
            for margin in margins {
                let want = brute_force(&items, |_, it| margin(it));
                assert_eq!(per_item_inversions(&items, margin), want, "{items:?}");
                assert_eq!(count_inversions(&items, margin), want.iter().sum::<u64>());
            }
        }
    }

    /// The two ways of counting agree, whatever the number of levels (the random test above
    /// reaches the divide and conquer only when a round happens to have more than 16).
    #[test]
    fn level_counting_agrees_with_divide_and_conquer() {
        let mut rng = Rng(0x5eed);
        for round in 0..200 {
            let n = 1 + rng.below(400) as usize;
            let levels = 1 + rng.below(if round % 2 == 0 { 3 } else { 12 }) as i64;
            let items: Vec<Item> = (0..n)
                .map(|_| Item { a: rng.range(0, levels), b: rng.range(0, levels), x: rng.range(-500, 500) })
                .collect();
            // A margin of each case's own (by its place), as where its group's band varies.
            let widths: Vec<i64> = (0..n).map(|_| rng.range(0, 300)).collect();
            let margin = |i: usize, it: &Item| default_margin(widths.get(i).copied().unwrap_or(50), it.x);
            let mut keys: Vec<(i64, i64)> = items.iter().map(|it| (it.b, it.a)).collect();
            keys.sort_unstable();
            keys.dedup();
            let expected = brute_force(&items, margin);
            assert_eq!(by_level(&items, &margin, &keys), expected, "round {round}");
            // Padded past the threshold with cases that dominate nothing and invert nowhere, the
            // same items go through the divide and conquer.
            let mut padded = items.clone();
            padded.extend((0..FEW_LEVELS as i64 + 1).map(|k| Item { a: -1 - k, b: -100 + k, x: i64::MAX }));
            let counts = per_item_inversions_at(&padded, margin);
            assert_eq!(counts[..n], expected[..], "round {round}");
        }
    }

    #[test]
    fn independent_of_input_order() {
        let mut rng = Rng(99);
        let items: Vec<Item> =
            (0..500).map(|_| Item { a: rng.range(0, 4), b: rng.range(0, 4), x: rng.range(0, 100) }).collect();
        let counts = per_item_inversions(&items, |_| 10);
        let mut reversed = items.clone();
        reversed.reverse();
        let mut back = per_item_inversions(&reversed, |_| 10);
        back.reverse();
        assert_eq!(back, counts);
    }
}
