//! k-nearest peers: the explanation a reviewer wants ("these 10 cases"), `consistency.md`.
//!
//! Inside one block (same violation and cell), peers are ranked by a Gower-like distance over
//! the recorded facts. A case is flagged when its position lies outside its neighbours'
//! [P10, P90] ([`percentile`]) **and** |p − their median| > 0.5 band width; k = [`K`]
//! (at least [`MIN_K`]). All three numbers are heuristic defaults.
//!
//! # Algorithm
//!
//! Exact search, no approximation: a k-d tree over the block, every fact an axis (numeric facts
//! by their share of the block's range, categorical ones equal or not), split at the median of
//! the axis along which a node's cases spread most; leaves of at most 16 cases unless all alike,
//! each leaf's cases in key order. O(n log n) to build. A query descends to its own leaf first,
//! then visits the other side of each split only while the distance it must at least have there
//! (the sum, over the axes, of the largest per-fact distance across a split on the way down — a
//! lower bound of the Gower distance) does not exceed the current k-th best. For well-spread
//! facts a query evaluates about a hundred cases (115 on the generated audit data); many cases
//! at one distance — identical facts, or groups with only categorical facts — make it evaluate
//! more, since every tie must be seen to break it by key, and so do groups with very many facts
//! (each split prunes along one of them).

use std::cmp::Ordering;
use std::collections::BinaryHeap;

pub use super::stats::percentile;

/// Neighbours per case: 10. Heuristic default from `consistency.md`.
pub const K: usize = 10;

/// Fewest neighbours worth showing: 5. Heuristic default from `consistency.md`.
pub const MIN_K: usize = 5;

/// One case of a block.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Point<'a> {
    /// The main numeric fact (fixed point): the search order.
    pub main: i64,
    /// Other numeric facts, one per [`Shape::numeric_ranges`] entry.
    pub numeric: &'a [i64],
    /// Categorical facts as codes, [`Shape::categorical`] of them.
    pub categorical: &'a [u32],
    /// Caller's stable tie-breaking key (for example the case id); should be unique, so that
    /// equal distances are ordered independently of the input order.
    pub key: u64,
}

/// The facts of a block and the ranges that normalise the numeric ones.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shape<'a> {
    /// Range of the main fact in the block (max − min); 0 makes it uninformative.
    pub main_range: u64,
    /// Range of each other numeric fact; 0 makes that fact uninformative.
    pub numeric_ranges: &'a [u64],
    /// Number of categorical facts.
    pub categorical: usize,
}

impl Shape<'_> {
    /// The number of facts the distance averages over.
    pub fn facts(&self) -> usize {
        self.numeric_ranges.len().saturating_add(self.categorical).saturating_add(1)
    }
}

/// A neighbour of a query case.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Neighbour {
    /// Index of the neighbour in the block.
    pub index: usize,
    /// Its Gower distance from the query, in [0, 1].
    pub distance: f64,
}

/// Per-fact distance of a numeric fact: min(1, |a − b|/range); 0 when range is 0.
/// The difference is taken in `f64` (one conversion per value): a share of the range needs no
/// more than its 53 bits, and no input can overflow it.
#[inline]
fn numeric_distance(a: i64, b: i64, range: u64) -> f64 {
    if range == 0 { 0.0 } else { ((a as f64 - b as f64).abs() / range as f64).min(1.0) }
}

/// Gower-like distance: the mean over the facts of `shape` of the per-fact distance —
/// numeric facts min(1, |Δ|/range) (0 when the range is 0), categorical facts 0 when equal
/// and 1 otherwise. A fact missing on either side (a slice shorter than `shape` says)
/// counts as 1, maximally different. Always in [0, 1].
///
/// ```
/// use discretion::audit::neighbours::{gower, Point, Shape};
/// let shape = Shape { main_range: 100, numeric_ranges: &[10], categorical: 1 };
/// let a = Point { main: 0, numeric: &[0], categorical: &[1], key: 1 };
/// let b = Point { main: 50, numeric: &[20], categorical: &[1], key: 2 };
/// assert_eq!(gower(&a, &b, &shape), 0.5); // (0.5 + 1 + 0) / 3
/// ```
pub fn gower(a: &Point<'_>, b: &Point<'_>, shape: &Shape<'_>) -> f64 {
    let mut sum = numeric_distance(a.main, b.main, shape.main_range);
    for (i, &range) in shape.numeric_ranges.iter().enumerate() {
        sum += match (a.numeric.get(i), b.numeric.get(i)) {
            (Some(&x), Some(&y)) => numeric_distance(x, y, range),
            _ => 1.0,
        };
    }
    for i in 0..shape.categorical {
        sum += match (a.categorical.get(i), b.categorical.get(i)) {
            (Some(x), Some(y)) if x == y => 0.0,
            _ => 1.0,
        };
    }
    sum / shape.facts() as f64
}

/// A candidate in the top-k heap: ordered by (distance, key, index), largest on top.
#[derive(Clone, Copy, Debug)]
struct Candidate {
    distance: f64,
    key: u64,
    index: usize,
}

impl Ord for Candidate {
    fn cmp(&self, other: &Candidate) -> Ordering {
        self.distance.total_cmp(&other.distance).then(self.key.cmp(&other.key)).then(self.index.cmp(&other.index))
    }
}

impl PartialOrd for Candidate {
    fn partial_cmp(&self, other: &Candidate) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Candidate {
    fn eq(&self, other: &Candidate) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Candidate {}

/// The `k` nearest neighbours of each query (an index into `block`), excluding the query
/// itself, nearest first, ties broken by [`Point::key`] (then by index).
///
/// Exact: the same answer as ranking the whole block by [`gower`]. A query index outside the
/// block gets an empty list, as does every query when `k` is 0. O(n log n) to build the tree,
/// then per query about O(log n + k) distance evaluations for well-spread facts (see the
/// module doc).
///
/// ```
/// use discretion::audit::neighbours::{k_nearest, Point, Shape};
/// let shape = Shape { main_range: 100, numeric_ranges: &[], categorical: 0 };
/// let block: Vec<Point> = [0, 100, 10, 30]
///     .iter()
///     .enumerate()
///     .map(|(i, &main)| Point { main, numeric: &[], categorical: &[], key: i as u64 })
///     .collect();
/// let found = k_nearest(&block, &[0], 2, &shape);
/// let indexes: Vec<usize> = found[0].iter().map(|n| n.index).collect();
/// assert_eq!(indexes, [2, 3]);
/// ```
pub fn k_nearest(block: &[Point<'_>], queries: &[usize], k: usize, shape: &Shape<'_>) -> Vec<Vec<Neighbour>> {
    k_nearest_within(block, queries, k, shape, usize::MAX)
}

/// [`k_nearest`] evaluating at most `max_visits` cases per query, in the order the exact
/// search takes them (the most promising regions of the tree first). Exact whenever the search
/// ends before the limit (it stops as soon as no unvisited case can be nearer); otherwise the
/// nearest among those evaluated (ties met in key order). Many cases at the same distance —
/// identical facts, only categorical facts — make the exact search evaluate a large part of a
/// block (each tie must be seen to break it by key); the limit keeps that O(n·max_visits).
pub fn k_nearest_within(
    block: &[Point<'_>],
    queries: &[usize],
    k: usize,
    shape: &Shape<'_>,
    max_visits: usize,
) -> Vec<Vec<Neighbour>> {
    if k == 0 || queries.is_empty() {
        return vec![Vec::new(); queries.len()];
    }
    let tree = Tree::new(block, shape);
    let mut offsets = vec![0.0; tree.axes];
    queries
        .iter()
        .map(|&q| match block.get(q) {
            Some(query) => {
                let mut search = Search {
                    query,
                    index: q,
                    k,
                    heap: BinaryHeap::with_capacity(k.saturating_add(1).min(block.len())),
                    visits: 0,
                    max_visits,
                };
                offsets.iter_mut().for_each(|o| *o = 0.0);
                tree.search(0, 0.0, &mut offsets, &mut search);
                search
                    .heap
                    .into_sorted_vec()
                    .into_iter()
                    .map(|c| Neighbour { index: c.index, distance: c.distance })
                    .collect()
            }
            None => Vec::new(),
        })
        .collect()
}

/// Most cases in a leaf of the tree.
const LEAF: usize = 16;

/// Slack on the pruning bound: the bound and the distance add the same terms in different
/// orders, so they may differ in the last bits; pruning only clearly farther regions keeps the
/// search exact.
const SLACK: f64 = 1e-9;

/// A node of the tree: its cases are `order[lo..hi]`; an inner node splits them on `axis`,
/// every key on the left below every key on the right.
#[derive(Clone, Copy, Debug)]
struct Node {
    lo: usize,
    hi: usize,
    inner: Option<Inner>,
}

#[derive(Clone, Copy, Debug)]
struct Inner {
    axis: usize,
    /// The largest key on the left and the smallest on the right.
    left_max: Option<i64>,
    right_min: Option<i64>,
    left: usize,
    right: usize,
}

/// A k-d tree over a block: every fact is an axis (the main one, the other numeric ones, the
/// categorical ones); a case's key on an axis is its value, `None` where it does not give it.
struct Tree<'b, 'p> {
    block: &'b [Point<'p>],
    shape: &'b Shape<'b>,
    axes: usize,
    /// `keys[axis][case]`, worked out once.
    keys: Vec<Vec<Option<i64>>>,
    order: Vec<usize>,
    nodes: Vec<Node>,
}

/// One query's search state.
struct Search<'q, 'p> {
    query: &'q Point<'p>,
    index: usize,
    k: usize,
    heap: BinaryHeap<Candidate>,
    visits: usize,
    max_visits: usize,
}

impl<'b, 'p> Tree<'b, 'p> {
    fn new(block: &'b [Point<'p>], shape: &'b Shape<'b>) -> Tree<'b, 'p> {
        let axes = shape.facts();
        let keys = (0..axes).map(|axis| block.iter().map(|p| key(Some(p), axis, shape)).collect()).collect();
        let mut tree = Tree { block, shape, axes, keys, order: (0..block.len()).collect(), nodes: Vec::new() };
        tree.nodes.push(Node { lo: 0, hi: block.len(), inner: None });
        let mut stack = vec![0usize];
        while let Some(at) = stack.pop() {
            let Some(node) = tree.nodes.get(at).copied() else { continue };
            if node.hi - node.lo <= LEAF {
                continue;
            }
            let Some(axis) = tree.widest(node.lo, node.hi) else { continue };
            let (Some(cases), Some(column)) = (tree.order.get_mut(node.lo..node.hi), tree.keys.get(axis)) else {
                continue;
            };
            let Some((at_key, left_max, right_min)) = split(cases, |i| column.get(i).copied().flatten()) else {
                continue;
            };
            let mid = node.lo + at_key;
            let left = tree.nodes.len();
            tree.nodes.push(Node { lo: node.lo, hi: mid, inner: None });
            tree.nodes.push(Node { lo: mid, hi: node.hi, inner: None });
            if let Some(n) = tree.nodes.get_mut(at) {
                n.inner = Some(Inner { axis, left_max, right_min, left, right: left + 1 });
            }
            stack.extend([left, left + 1]);
        }
        // Each leaf's cases by key: cases at one distance are then met in tie-break order, so
        // a search stopped by its limit in a leaf of identical cases still has the right ones
        // (not the cases that happen to come first — in a group, the lowest fines).
        for node in tree.nodes.iter().filter(|n| n.inner.is_none()) {
            if let Some(cases) = tree.order.get_mut(node.lo..node.hi) {
                cases.sort_unstable_by_key(|&i| (block.get(i).map_or(0, |p| p.key), i));
            }
        }
        tree
    }

    /// The axis along which the cases `order[lo..hi]` spread most (as a share of the fact's
    /// range; a categorical fact with two values spreads fully); `None` if they are all alike.
    fn widest(&self, lo: usize, hi: usize) -> Option<usize> {
        let cases = self.order.get(lo..hi)?;
        // A sample of 64 spaced cases picks the axis; all of them only if the sample is alike.
        let step = (cases.len() / 64).max(1);
        self.widest_among(cases.iter().step_by(step)).or_else(|| self.widest_among(cases.iter()))
    }

    fn widest_among<'c>(&self, cases: impl Iterator<Item = &'c usize> + Clone) -> Option<usize> {
        let mut best: Option<(f64, usize)> = None;
        for axis in 0..self.axes {
            let Some(column) = self.keys.get(axis) else { continue };
            let mut keys = cases.clone().map(|&i| column.get(i).copied().flatten());
            let first = keys.next().flatten();
            let (mut min, mut max, mut mixed) = (first, first, false);
            for k in keys {
                mixed |= k != first;
                min = min.min(k);
                max = max.max(k);
            }
            if !mixed {
                continue;
            }
            let spread = match (axis_range(axis, self.shape), min, max) {
                (Some(range), Some(a), Some(b)) => numeric_distance(a, b, range).max(f64::MIN_POSITIVE),
                // Categorical facts (or missing values) first: a difference there costs a whole
                // fact, more than any spread of a numeric one within a node.
                _ => 2.0,
            };
            if best.is_none_or(|(s, _)| spread > s) {
                best = Some((spread, axis));
            }
        }
        best.map(|(_, axis)| axis)
    }

    /// Visits node `at`, whose cases are at least `bound` (the sum of `offsets`) from the query.
    fn search(&self, at: usize, bound: f64, offsets: &mut [f64], s: &mut Search<'_, '_>) {
        let Some(node) = self.nodes.get(at) else { return };
        let facts = self.axes as f64;
        let full = s.heap.len() >= s.k;
        if s.visits >= s.max_visits || (full && s.heap.peek().is_some_and(|w| bound / facts > w.distance + SLACK)) {
            return;
        }
        let Some(inner) = node.inner else {
            for &i in self.order.get(node.lo..node.hi).unwrap_or_default() {
                if i == s.index {
                    continue;
                }
                if s.visits >= s.max_visits {
                    return;
                }
                s.visits += 1;
                let Some(point) = self.block.get(i) else { continue };
                let candidate = Candidate { distance: gower(s.query, point, self.shape), key: point.key, index: i };
                if s.heap.len() < s.k {
                    s.heap.push(candidate);
                } else if s.heap.peek().is_some_and(|worst| candidate < *worst) {
                    s.heap.pop();
                    s.heap.push(candidate);
                }
            }
            return;
        };
        let q = key(Some(s.query), inner.axis, self.shape);
        let go_left = q <= inner.left_max || (q < inner.right_min && inner.left_max.is_some());
        let (near, far, edge) = if go_left {
            (inner.left, inner.right, inner.right_min)
        } else {
            (inner.right, inner.left, inner.left_max)
        };
        self.search(near, bound, offsets, s);
        // Every case across the split is at least this far on the axis: the query lies outside
        // the far side's range of keys (a missing key proves nothing).
        let outside = if go_left { q < edge } else { q > edge };
        let across = match (q, edge, axis_range(inner.axis, self.shape)) {
            (Some(a), Some(b), Some(range)) if outside => numeric_distance(a, b, range),
            (Some(_), Some(_), None) if outside => 1.0,
            _ => 0.0,
        };
        let Some(slot) = offsets.get_mut(inner.axis) else { return };
        let old = *slot;
        let new = old.max(across);
        *slot = new;
        self.search(far, bound - old + new, offsets, s);
        if let Some(slot) = offsets.get_mut(inner.axis) {
            *slot = old;
        }
    }
}

/// Splits `cases` in two by their keys, every key on the left below every key on the right, as
/// near the middle as the ties allow: `(cases on the left, largest key there, smallest key on
/// the right)`, or `None` when all keys are equal.
fn split(cases: &mut [usize], key: impl Fn(usize) -> Option<i64>) -> Option<(usize, Option<i64>, Option<i64>)> {
    let mid = cases.len() / 2;
    cases.select_nth_unstable_by_key(mid, |&i| key(i));
    let s = key(*cases.get(mid)?);
    // Three ways in one pass: [< s | = s | > s].
    let (mut lt, mut i, mut gt) = (0, 0, cases.len());
    while i < gt {
        let k = cases.get(i).map(|&c| key(c));
        if k < Some(s) {
            cases.swap(lt, i);
            lt += 1;
            i += 1;
        } else if k > Some(s) {
            gt -= 1;
            cases.swap(i, gt);
        } else {
            i += 1;
        }
    }
    // Keys equal to the median go wholly to one side: the side that leaves the halves closer.
    let at = if lt > 0 && (gt == cases.len() || mid - lt <= gt - mid) { lt } else { gt };
    if at == 0 || at == cases.len() {
        return None;
    }
    let (left, right) = cases.split_at(at);
    let (left_max, right_min) = if at == lt {
        (left.iter().map(|&i| key(i)).max().flatten(), s)
    } else {
        (s, right.iter().map(|&i| key(i)).min().flatten())
    };
    Some((at, left_max, right_min))
}

/// The range of a numeric axis (axis 0 is the main fact), `None` for a categorical one.
fn axis_range(axis: usize, shape: &Shape<'_>) -> Option<u64> {
    match axis {
        0 => Some(shape.main_range),
        a => shape.numeric_ranges.get(a - 1).copied(),
    }
}

/// A case's key on an axis: its value, `None` where it does not give it.
fn key(point: Option<&Point<'_>>, axis: usize, shape: &Shape<'_>) -> Option<i64> {
    let p = point?;
    let numeric = shape.numeric_ranges.len();
    match axis {
        0 => Some(p.main),
        a if a <= numeric => p.numeric.get(a - 1).copied(),
        a => p.categorical.get(a - 1 - numeric).map(|&c| i64::from(c)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::testing::Rng;

    struct Case {
        main: i64,
        numeric: Vec<i64>,
        categorical: Vec<u32>,
        key: u64,
    }

    fn view(cases: &[Case]) -> Vec<Point<'_>> {
        cases
            .iter()
            .map(|c| Point { main: c.main, numeric: &c.numeric, categorical: &c.categorical, key: c.key })
            .collect()
    }

    fn brute_force(block: &[Point<'_>], q: usize, k: usize, shape: &Shape<'_>) -> Vec<Neighbour> {
        let mut all: Vec<Candidate> = block
            .iter()
            .enumerate()
            .filter(|&(i, _)| i != q)
            .map(|(i, p)| Candidate { distance: gower(&block[q], p, shape), key: p.key, index: i })
            .collect();
        all.sort();
        all.into_iter().take(k).map(|c| Neighbour { index: c.index, distance: c.distance }).collect()
    }

    #[test]
    fn edges() {
        let shape = Shape { main_range: 10, numeric_ranges: &[], categorical: 0 };
        assert!(k_nearest(&[], &[], 3, &shape).is_empty());
        assert_eq!(k_nearest(&[], &[0], 3, &shape), [vec![]]);
        let one = [Point { main: 1, numeric: &[], categorical: &[], key: 0 }];
        assert_eq!(k_nearest(&one, &[0, 1], 3, &shape), [vec![], vec![]]);
        let two = [one[0], Point { main: 100, numeric: &[], categorical: &[], key: 1 }];
        assert_eq!(k_nearest(&two, &[0], 0, &shape), [vec![]]);
        assert_eq!(k_nearest(&two, &[0], 5, &shape), [vec![Neighbour { index: 1, distance: 1.0 }]]);
    }

    #[test]
    fn distance_rules() {
        let shape = Shape { main_range: 0, numeric_ranges: &[0, 4], categorical: 2 };
        let a = Point { main: i64::MIN, numeric: &[i64::MIN, 0], categorical: &[1, 2], key: 0 };
        let b = Point { main: i64::MAX, numeric: &[i64::MAX, 2], categorical: &[1, 3], key: 1 };
        // main and the first numeric fact have range 0; 2/4; equal; different.
        assert_eq!(gower(&a, &b, &shape), (0.0 + 0.0 + 0.5 + 0.0 + 1.0) / 5.0);
        let wide = Shape { main_range: 1, numeric_ranges: &[u64::MAX], categorical: 0 };
        assert_eq!(gower(&a, &b, &wide), (1.0 + 1.0) / 2.0);
        // Missing facts count as maximally different.
        let short = Point { main: i64::MIN, numeric: &[], categorical: &[], key: 2 };
        assert_eq!(gower(&a, &short, &shape), 4.0 / 5.0);
        assert_eq!(gower(&a, &a, &shape), 0.0);
    }

    #[test]
    fn matches_brute_force_on_random_data() {
        let mut rng = Rng(0xfeed);
        for round in 0..300 {
            let n = 1 + rng.below(if round % 10 == 0 { 400 } else { 50 }) as usize;
            let numeric = rng.below(3) as usize;
            let categorical = rng.below(3) as usize;
            let spread = [5, 1_000, i64::MAX][round % 3];
            let cases: Vec<Case> = (0..n)
                .map(|i| Case {
                    main: rng.range(0, spread),
                    numeric: (0..numeric).map(|_| rng.range(-spread, spread)).collect(),
                    categorical: (0..categorical).map(|_| rng.below(3) as u32).collect(),
                    key: ((i as u64) * 7919) % 10_007,
                })
                .collect();
            let block = view(&cases);
            let ranges: Vec<u64> = (0..numeric).map(|_| [0, 3, u64::MAX][rng.below(3) as usize]).collect();
            let main_range = [0, spread as u64 / 2, spread as u64][rng.below(3) as usize];
            let shape = Shape { main_range, numeric_ranges: &ranges, categorical };
            let k = [1, 3, K, n + 5][rng.below(4) as usize];
            let queries: Vec<usize> = (0..n).step_by(1 + n / 20).collect();
            let found = k_nearest(&block, &queries, k, &shape);
            for (&q, got) in queries.iter().zip(&found) {
                assert_eq!(*got, brute_force(&block, q, k, &shape), "round {round} query {q}");
                assert!(got.iter().all(|nb| nb.index != q && (0.0..=1.0).contains(&nb.distance)));
            }
            // The same cases in reverse order give the same neighbours (by key).
            let reversed: Vec<Point<'_>> = block.iter().rev().copied().collect();
            let back: Vec<usize> = queries.iter().map(|&q| n - 1 - q).collect();
            let again = k_nearest(&reversed, &back, k, &shape);
            for (a, b) in found.iter().zip(&again) {
                let keys = |v: &Vec<Neighbour>, pts: &[Point<'_>]| -> Vec<(u64, u64)> {
                    v.iter().map(|nb| (pts[nb.index].key, nb.distance.to_bits())).collect()
                };
                assert_eq!(keys(a, &block), keys(b, &reversed));
            }
        }
    }

    #[test]
    fn p10_p90_rule_inputs() {
        let mut positions =
            [100_000, 200_000, 300_000, 400_000, 500_000, 600_000, 700_000, 800_000, 900_000, 1_000_000];
        let p10 = percentile(&mut positions, 0.1).unwrap();
        let p90 = percentile(&mut positions, 0.9).unwrap();
        assert!((p10 - 190_000.0).abs() < 1e-6 && (p90 - 910_000.0).abs() < 1e-6, "{p10} {p90}");
    }

    /// Discrete facts (a few amounts, integral days, two-valued categories) tie at every split;
    /// ties kept on one side let the search prune: a query evaluates a few dozen of 12,000
    /// cases, where a tree splitting ties across both sides evaluated about 400.
    #[test]
    fn prunes_on_discrete_facts() {
        let mut rng = Rng(7);
        let n = 12_000;
        let nums: Vec<Vec<i64>> = (0..n).map(|_| vec![rng.range(1, 365), rng.range(0, 1_000_000_000)]).collect();
        let cats: Vec<Vec<u32>> = (0..n).map(|_| vec![rng.below(2) as u32, rng.below(2) as u32, 0]).collect();
        let block: Vec<Point<'_>> = (0..n)
            .map(|i| Point { main: rng.range(0, 4), numeric: &nums[i], categorical: &cats[i], key: i as u64 })
            .collect();
        let shape = Shape { main_range: 4, numeric_ranges: &[364, 1_000_000_000], categorical: 3 };
        let tree = Tree::new(&block, &shape);
        let queries: Vec<usize> = (0..n).step_by(100).collect();
        let mut visits = 0;
        for &q in &queries {
            let mut offsets = vec![0.0; tree.axes];
            let mut s =
                Search { query: &block[q], index: q, k: K, heap: BinaryHeap::new(), visits: 0, max_visits: usize::MAX };
            tree.search(0, 0.0, &mut offsets, &mut s);
            visits += s.visits;
            let got: Vec<Neighbour> = s
                .heap
                .into_sorted_vec()
                .into_iter()
                .map(|c| Neighbour { index: c.index, distance: c.distance })
                .collect();
            assert_eq!(got, brute_force(&block, q, K, &shape));
        }
        let mean = visits as f64 / queries.len() as f64;
        assert!(mean < 100.0, "{mean} cases evaluated per query");
    }

    /// A block of identical cases searched with a limit: every case is at distance 0, so the
    /// neighbours are those with the smallest keys — exactly, not the first cases of the block.
    #[test]
    fn a_limited_search_among_identical_cases_breaks_ties_by_key() {
        let n = 5_000;
        let block: Vec<Point<'_>> = (0..n)
            .map(|i| Point { main: 7, numeric: &[], categorical: &[], key: ((i as u64) * 7_919) % 10_007 })
            .collect();
        let shape = Shape { main_range: 0, numeric_ranges: &[], categorical: 0 };
        let queries: Vec<usize> = (0..n).step_by(500).collect();
        let found = k_nearest_within(&block, &queries, K, &shape, 512);
        for (&q, got) in queries.iter().zip(&found) {
            assert_eq!(*got, brute_force(&block, q, K, &shape), "query {q}");
        }
    }
}
