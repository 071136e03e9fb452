//! k-nearest peers: the explanation a reviewer wants ("these 10 cases"), `consistency.md`.
//!
//! Inside one block (same violation and cell), peers are ranked by a Gower-like distance over
//! the recorded facts. A case is flagged when its position lies outside its neighbours'
//! [P10, P90] ([`percentile`]) **and** |p − their median| > 0.5 band width; k = [`K`]
//! (at least [`MIN_K`]). All three numbers are heuristic defaults.
//!
//! # Algorithm
//!
//! Exact search, no approximation: the block is sorted by the main fact once (O(n log n)).
//! For a query, candidates are visited outwards from its place in that order, always taking
//! the side whose main fact is closer. The main fact's share of the distance,
//! min(1, |Δmain|/range)/facts, is a lower bound of the whole distance and grows along the
//! visit, so the search stops as soon as it exceeds the current k-th best distance. Each
//! visit costs O(facts + log k); in the worst case (the main fact does not separate the
//! block) a query visits the whole block.

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
/// block gets an empty list, as does every query when `k` is 0. O(n log n) to sort the block,
/// then per query O(v·(facts + log k)) for the v cases visited (see the module doc).
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

/// [`k_nearest`] visiting at most `max_visits` cases per query — those closest in the main
/// fact, in the same order as the exact search. Exact whenever the search ends before the
/// limit (it stops as soon as no unvisited case can be nearer); otherwise the nearest among
/// the visited. Many recorded facts that the main fact does not separate make the exact
/// search visit most of a block; the limit keeps it O(n·max_visits).
pub fn k_nearest_within(
    block: &[Point<'_>],
    queries: &[usize],
    k: usize,
    shape: &Shape<'_>,
    max_visits: usize,
) -> Vec<Vec<Neighbour>> {
    let mut order: Vec<usize> = (0..block.len()).collect();
    order.sort_by_key(|&i| block.get(i).map(|p| (p.main, p.key)));
    let mut place = vec![0usize; block.len()];
    for (rank, &i) in order.iter().enumerate() {
        if let Some(slot) = place.get_mut(i) {
            *slot = rank;
        }
    }
    queries
        .iter()
        .map(|&q| match (block.get(q), place.get(q)) {
            (Some(query), Some(&at)) => nearest(block, &order, query, at, k, shape, max_visits),
            _ => Vec::new(),
        })
        .collect()
}

/// The search for one query sitting at `order[at]`.
fn nearest(
    block: &[Point<'_>],
    order: &[usize],
    query: &Point<'_>,
    at: usize,
    k: usize,
    shape: &Shape<'_>,
    max_visits: usize,
) -> Vec<Neighbour> {
    if k == 0 {
        return Vec::new();
    }
    let mut visits = 0usize;
    let facts = shape.facts() as f64;
    let bound = |i: usize| block.get(i).map(|p| (i, numeric_distance(query.main, p.main, shape.main_range) / facts));
    let mut left = order.get(..at).unwrap_or_default().iter().rev().peekable();
    let mut right = order.get(at.saturating_add(1)..).unwrap_or_default().iter().peekable();
    let mut heap: BinaryHeap<Candidate> = BinaryHeap::with_capacity(k.saturating_add(1).min(block.len()));
    loop {
        let l = left.peek().and_then(|&&i| bound(i));
        let r = right.peek().and_then(|&&i| bound(i));
        let (index, lower) = match (l, r) {
            (Some(x), Some(y)) if x.1 <= y.1 => {
                left.next();
                x
            }
            (Some(_), Some(y)) | (None, Some(y)) => {
                right.next();
                y
            }
            (Some(x), None) => {
                left.next();
                x
            }
            (None, None) => break,
        };
        let full = heap.len() >= k;
        if (full && heap.peek().is_some_and(|worst| lower > worst.distance)) || visits >= max_visits {
            break;
        }
        visits += 1;
        let Some(point) = block.get(index) else { continue };
        let candidate = Candidate { distance: gower(query, point, shape), key: point.key, index };
        if !full {
            heap.push(candidate);
        } else if heap.peek().is_some_and(|worst| candidate < *worst) {
            heap.pop();
            heap.push(candidate);
        }
    }
    heap.into_sorted_vec().into_iter().map(|c| Neighbour { index: c.index, distance: c.distance }).collect()
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
}
