//! The top levels of a large k-d tree, built from a sample and filled in one pass.
//!
//! Splitting at the exact median moves every case once per level; a tree of 70,000 cases has
//! about 11 levels, each a sweep over data larger than the cache (~90 ns a case in all). The
//! top levels only need to halve their cases roughly: their splits are chosen on an evenly
//! spaced sample (4,096 cases), every case is then routed down them (a comparison a level,
//! the splits in the cache) and moved once, into its bucket: one of at most 256, so a few
//! hundred cases up to trees of ~65,000 (larger trees have larger buckets). Below, the exact
//! median splits go on inside each bucket — in the cache, for the sizes the audit meets.
//!
//! The tree is as valid as before: each split still puts every coordinate on the left below
//! every one on the right, and its `left_max` / `right_min` are the cases' own extremes, not
//! the sample's; searches are exact unless stopped by their limit (see the parent module). Only the balance of the top levels is approximate. Where the sample cannot
//! give every split two non-empty sides — many equal coordinates — the tree is built by
//! exact splits from the root, as before.

use super::{Inner, Moved, Node, split_keys, unsortable, widest};

/// Trees of fewer cases are built by exact splits alone.
const MIN_CASES: usize = 16_384;
/// Cases the top levels' splits are chosen from.
const SAMPLE: usize = 4_096;
/// Fewest sampled cases a bucket's last split is chosen from.
const MIN_SAMPLED: usize = 16;
/// Cases a bucket should hold (about): small enough to split in the cache.
const BUCKET: usize = 256;

/// The top levels of a tree over `data` (rows of `stride` sortable coordinates, each case's
/// number in `order`): reorders both into bucket order and returns the nodes (a complete
/// binary tree in level order, root first: inner node `i`'s children are `2i + 1` and
/// `2i + 2`) and the buckets — the last level — to split further. `None`, with `data` and
/// `order` untouched, when the tree is too small or the sample cannot split it evenly.
pub(super) fn top_levels(
    data: &mut Vec<u64>,
    order: &mut Vec<usize>,
    stride: usize,
    ranges: &[f64],
) -> Option<(Vec<Node>, Vec<usize>)> {
    let n = order.len();
    if n < MIN_CASES || stride == 0 {
        return None;
    }
    let mut depth = 0u32;
    while n >> (depth + 1) >= BUCKET && SAMPLE >> (depth + 1) >= MIN_SAMPLED {
        depth += 1;
    }
    let inner_count = (1usize << depth) - 1;
    let splits = choose_splits(data, n, stride, ranges, depth)?;

    // Each case's bucket, counted.
    let buckets = 1usize << depth;
    let mut bucket_of: Vec<u32> = Vec::with_capacity(n);
    let mut counts = vec![0usize; buckets];
    for row in data.chunks_exact(stride) {
        let mut node = 0;
        for _ in 0..depth {
            let (axis, threshold) = splits.get(node).copied().unwrap_or((0, 0));
            let right = row.get(axis).is_some_and(|&x| x >= threshold);
            node = 2 * node + 1 + usize::from(right);
        }
        let bucket = node - inner_count;
        if let Some(c) = counts.get_mut(bucket) {
            *c += 1;
        }
        bucket_of.push(bucket as u32);
    }
    // An empty bucket leaves a split with an empty side: built exactly instead.
    if counts.contains(&0) {
        return None;
    }
    let mut starts = Vec::with_capacity(buckets + 1);
    let mut sum = 0;
    for &c in &counts {
        starts.push(sum);
        sum += c;
    }
    starts.push(sum);

    // Every case moved once, into its bucket (in its order there).
    let mut next = starts.clone();
    let mut moved_data = vec![0u64; data.len()];
    let mut moved_order = vec![0usize; n];
    for ((row, &case), &bucket) in data.chunks_exact(stride).zip(order.iter()).zip(&bucket_of) {
        let Some(at) = next.get_mut(bucket as usize) else { continue };
        if let (Some(to), Some(slot)) = (moved_data.get_mut(*at * stride..(*at + 1) * stride), moved_order.get_mut(*at))
        {
            to.copy_from_slice(row);
            *slot = case;
        }
        *at += 1;
    }
    *data = moved_data;
    *order = moved_order;

    // Each bucket's extremes on every axis, then each node's: a split's sides' own extremes.
    let mut lowest = vec![u64::MAX; (2 * buckets - 1) * stride];
    let mut highest = vec![0u64; (2 * buckets - 1) * stride];
    for b in 0..buckets {
        let node = inner_count + b;
        let (lo, hi) = (starts.get(b).copied().unwrap_or(0), starts.get(b + 1).copied().unwrap_or(0));
        for row in data.get(lo * stride..hi * stride).unwrap_or_default().chunks_exact(stride) {
            for (axis, &x) in row.iter().enumerate() {
                if let Some(l) = lowest.get_mut(node * stride + axis) {
                    *l = (*l).min(x);
                }
                if let Some(h) = highest.get_mut(node * stride + axis) {
                    *h = (*h).max(x);
                }
            }
        }
    }
    for node in (0..inner_count).rev() {
        for axis in 0..stride {
            let at = |child: usize| child * stride + axis;
            let (l, r) = (2 * node + 1, 2 * node + 2);
            let low =
                lowest.get(at(l)).copied().unwrap_or(u64::MAX).min(lowest.get(at(r)).copied().unwrap_or(u64::MAX));
            let high = highest.get(at(l)).copied().unwrap_or(0).max(highest.get(at(r)).copied().unwrap_or(0));
            if let (Some(x), Some(y)) = (lowest.get_mut(at(node)), highest.get_mut(at(node))) {
                (*x, *y) = (low, high);
            }
        }
    }

    // The nodes, level by level; a node's cases are its buckets' (consecutive in level order).
    let mut nodes = Vec::with_capacity(2 * buckets - 1);
    for node in 0..2 * buckets - 1 {
        let level = usize::BITS - 1 - (node + 1).leading_zeros();
        let first = ((node + 1) << (depth - level)) - 1 - inner_count;
        let width = 1usize << (depth - level);
        let (lo, hi) = (starts.get(first).copied().unwrap_or(0), starts.get(first + width).copied().unwrap_or(0));
        let inner = (node < inner_count).then(|| {
            let axis = splits.get(node).map_or(0, |s| s.0);
            let (left, right) = (2 * node + 1, 2 * node + 2);
            Inner {
                axis,
                left_max: unsortable(highest.get(left * stride + axis).copied().unwrap_or(0)),
                right_min: unsortable(lowest.get(right * stride + axis).copied().unwrap_or(0)),
                left,
                right,
            }
        });
        nodes.push(Node { lo, hi, inner });
    }
    Some((nodes, (inner_count..2 * buckets - 1).collect()))
}

/// The splits of the top `depth` levels, in level order: (axis, threshold) — a case goes right
/// when its coordinate is at least the threshold — chosen by exact median splits of an evenly
/// spaced sample; `None` if some sampled node cannot be split.
fn choose_splits(data: &[u64], n: usize, stride: usize, ranges: &[f64], depth: u32) -> Option<Vec<(usize, u64)>> {
    let mut sample: Vec<u64> = Vec::with_capacity(SAMPLE * stride);
    for k in 0..SAMPLE {
        sample.extend_from_slice(data.get((k * n / SAMPLE) * stride..(k * n / SAMPLE + 1) * stride)?);
    }
    let mut places: Vec<usize> = (0..SAMPLE).collect();
    let inner_count = (1usize << depth) - 1;
    let mut spans = vec![(0, SAMPLE); 1];
    let mut splits = Vec::with_capacity(inner_count);
    let mut column: Vec<(u64, usize)> = Vec::new();
    let mut moved = Moved::default();
    for node in 0..inner_count {
        let (lo, hi) = spans.get(node).copied()?;
        let rows = sample.get_mut(lo * stride..hi * stride)?;
        let axis = widest(rows, stride, ranges)?;
        column.clear();
        column.extend(rows.iter().skip(axis).step_by(stride).copied().zip(0..));
        let (split_at, _, right_min) = split_keys(&mut column)?;
        moved.apply(rows, places.get_mut(lo..hi)?, stride, column.iter().map(|c| c.1));
        splits.push((axis, right_min));
        spans.push((lo, lo + split_at));
        spans.push((lo + split_at, hi));
    }
    Some(splits)
}

#[cfg(test)]
mod tests {
    use super::top_levels;
    use crate::audit::neighbours::{sortable, unsortable};
    use crate::audit::testing::Rng;

    /// The top levels are a valid tree: each node's cases one run inside its parent's, each
    /// split's sides non-empty with every coordinate on the left below every one on the right,
    /// and `left_max` / `right_min` the cases' own extremes; the cases a permutation.
    #[test]
    fn top_levels_split_the_cases_themselves() {
        let mut rng = Rng(7);
        let (n, stride) = (40_000usize, 3usize);
        // Clustered main fact, spread second, a third with missing values (`NaN`, lowest).
        let mut data: Vec<u64> = Vec::new();
        for _ in 0..n {
            data.push(sortable((rng.below(50) * 1_000) as f64));
            data.push(sortable(rng.range(-1_000_000, 1_000_000) as f64));
            data.push(if rng.below(10) == 0 { sortable(f64::NAN) } else { sortable(rng.below(400) as f64) });
        }
        let rows_before: Vec<Vec<u64>> = data.chunks(stride).map(<[u64]>::to_vec).collect();
        let mut order: Vec<usize> = (0..n).collect();
        let ranges = [50_000.0, 2_000_000.0, 400.0];
        let (nodes, buckets) = top_levels(&mut data, &mut order, stride, &ranges).expect("spread data splits");
        assert!(buckets.len() >= 64);
        let mut seen = order.clone();
        seen.sort_unstable();
        assert_eq!(seen, (0..n).collect::<Vec<_>>());
        for (place, &case) in order.iter().enumerate() {
            assert_eq!(&data[place * stride..(place + 1) * stride], rows_before[case].as_slice());
        }
        assert_eq!((nodes[0].lo, nodes[0].hi), (0, n));
        for node in &nodes {
            let Some(inner) = node.inner else { continue };
            let (l, r) = (nodes[inner.left], nodes[inner.right]);
            assert!(l.lo == node.lo && l.hi == r.lo && r.hi == node.hi && l.lo < l.hi && r.lo < r.hi);
            let axis_of = |lo: usize, hi: usize| (lo..hi).map(|p| data[p * stride + inner.axis]).collect::<Vec<_>>();
            let (left, right) = (axis_of(l.lo, l.hi), axis_of(r.lo, r.hi));
            let (left_max, right_min) = (*left.iter().max().unwrap(), *right.iter().min().unwrap());
            assert!(left_max < right_min);
            assert_eq!(sortable(inner.left_max), left_max);
            assert_eq!(sortable(inner.right_min), right_min);
        }
        for &b in &buckets {
            assert!(nodes[b].inner.is_none() && nodes[b].hi > nodes[b].lo);
        }
        assert!(unsortable(0).is_nan());
    }

    /// Too few cases, or too many alike for the sample to split: nothing touched.
    #[test]
    fn small_or_alike_trees_are_left_to_exact_splits() {
        let mut order: Vec<usize> = (0..1_000).collect();
        let mut data: Vec<u64> = (0..1_000u64).collect();
        assert!(top_levels(&mut data, &mut order, 1, &[1_000.0]).is_none());
        let mut order: Vec<usize> = (0..20_000).collect();
        let mut data: Vec<u64> = (0..20_000u64).map(|i| if i % 1_000 == 0 { 9 } else { 5 }).collect();
        let before = data.clone();
        assert!(top_levels(&mut data, &mut order, 1, &[10.0]).is_none());
        assert_eq!((data, order), (before, (0..20_000).collect::<Vec<_>>()));
    }
}
