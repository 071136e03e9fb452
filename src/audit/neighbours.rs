//! k-nearest peers: the explanation a reviewer wants ("these 10 cases"), `consistency.md`.
//!
//! Inside one block (same violation and cell), peers are ranked by a Gower-like distance over
//! the recorded facts. A case is flagged when its position lies outside its neighbours'
//! [P10, P90] ([`percentile`]) **and** |p − their median| > 0.5 band width; k = [`K`]
//! (at least [`MIN_K`]). All three numbers are heuristic defaults.
//!
//! # Algorithm
//!
//! Exact search, no approximation. Cases differing in a categorical fact are a whole fact apart,
//! farther than nearly any numeric neighbour, so the block is first split by combination of
//! categorical facts, and each combination gets a k-d tree over the numeric facts alone (by
//! their share of the block's range), split at the median of the axis along which a node's
//! cases spread most — in a tree of more than 16,384 cases, the top levels at the median of a
//! sample, then exactly (`skeleton`) — leaves of at most 32 cases unless all alike, each
//! leaf's cases in key order. O(n log n) to build. The shape of the tree decides only the
//! order cases are visited in: exact whenever a search is not stopped by `max_visits` (a
//! stopped search — many cases at one distance — keeps the nearest of those it met, which a
//! differently built tree can make other cases). A query searches its own combination's tree, then the others in
//! the order of the facts they differ in, each only while that difference can still beat the
//! current k-th best. In a tree it descends to its own leaf first, then visits the other side of
//! each split only while the distance it must at least have there (the facts its combination
//! differs in plus the sum, over the axes, of the largest per-fact distance across a split on
//! the way down — a lower bound of the Gower distance) does not exceed the k-th best. A block
//! of more than 64 combinations is one tree over every fact, categorical ones as axes (a query
//! would otherwise weigh every combination). Queries are answered in the order of the trees'
//! cases, so that consecutive ones search leaves still in the cache.
//!
//! For well-spread facts a query evaluates one to two hundred cases (173 on the generated audit
//! data, read leaf by leaf in sequence: leaves of 32 rather than 16 cases cost more evaluations
//! and save more in building); many cases at one distance — identical facts, or groups with
//! only categorical facts — make it evaluate more, since every tie must be seen to break it by
//! key, and so do groups with very many facts (each split prunes along one of them).

use std::cmp::Ordering;
use std::collections::BinaryHeap;

mod skeleton;

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

/// A case's facts as coordinates, in axis order: the main fact, the other numeric ones, the
/// categorical ones; `NaN` where the case does not give a fact. The tree and [`gower`] read
/// facts only through this, so they compute bit for bit the same distances.
fn coordinates(p: &Point<'_>, shape: &Shape<'_>, out: &mut Vec<f64>) {
    out.push(p.main as f64);
    out.extend((0..shape.numeric_ranges.len()).map(|i| p.numeric.get(i).map_or(f64::NAN, |&x| x as f64)));
    out.extend((0..shape.categorical).map(|i| p.categorical.get(i).map_or(f64::NAN, |&x| f64::from(x))));
}

/// The ranges of the numeric axes (the main fact first) as `f64`.
fn numeric_ranges(shape: &Shape<'_>) -> Vec<f64> {
    std::iter::once(shape.main_range).chain(shape.numeric_ranges.iter().copied()).map(|r| r as f64).collect()
}

/// Per-fact distance of a numeric fact: min(1, |a − b|/range); 0 when the range is 0; 1 when
/// either value is missing (`NaN`). The difference is taken in `f64` (one conversion per
/// value): a share of the range needs no more than its 53 bits, and no input can overflow it.
#[inline]
fn numeric_distance(a: f64, b: f64, range: f64) -> f64 {
    let d = (a - b).abs();
    if d.is_nan() {
        1.0
    } else if range == 0.0 {
        0.0
    } else {
        (d / range).min(1.0)
    }
}

/// The Gower distance of two cases' coordinates; `ranges`: the numeric axes' ranges (the
/// other axes are categorical: 0 when equal, 1 otherwise or when missing).
fn distance(a: &[f64], b: &[f64], ranges: &[f64]) -> f64 {
    distance_sum(a, b, ranges) / a.len().max(1) as f64
}

/// The sum of the per-fact distances of [`distance`]. A categorical fact adds 0 or 1 after
/// every numeric fact, and adding 0 changes nothing: the sum of the numeric facts and then one
/// 1 per categorical fact that differs is the same number, bit for bit, however the facts are
/// split among trees (see [`Forest`]).
#[inline]
fn distance_sum(a: &[f64], b: &[f64], ranges: &[f64]) -> f64 {
    let n = ranges.len();
    let mut sum = 0.0;
    for ((&x, &y), &r) in a.iter().zip(b).zip(ranges) {
        sum += numeric_distance(x, y, r);
    }
    for (x, y) in a.iter().zip(b).skip(n) {
        // Missing (`NaN`) is never equal, not even to missing.
        sum += if x == y { 0.0 } else { 1.0 };
    }
    sum
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
    let (mut x, mut y) = (Vec::with_capacity(shape.facts()), Vec::with_capacity(shape.facts()));
    coordinates(a, shape, &mut x);
    coordinates(b, shape, &mut y);
    distance(&x, &y, &numeric_ranges(shape))
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
/// block gets an empty list, as does every query when `k` is 0. O(n log n) to build the trees,
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
    nearest_rows(Rows::of(block, shape), queries, k, max_visits)
}

/// A block as rows of coordinates — what the search reads (see [`coordinates`]): the numeric
/// axes of each case (`ranges`, one each) and its combination of categorical facts; `NaN`
/// where a case does not give a fact. The audit builds these directly, so that a missing
/// numeric fact is missing, not a value, and its cases' combinations are those it interned.
pub(crate) struct Rows {
    /// Case `i`'s numeric coordinates are `numeric[i * ranges.len()..][..ranges.len()]`.
    pub numeric: Vec<f64>,
    /// The ranges of the numeric axes (0: uninformative).
    pub ranges: Vec<f64>,
    /// Each case's combination of categorical facts: an index into `combinations`.
    pub combination: Vec<u32>,
    /// Combination `j`'s categorical coordinates are `combinations[j * categorical..][..categorical]`.
    /// A missing fact is `NaN`, equal to nothing, not even to missing ([`k_nearest`]'s points),
    /// or a value of its own, equal to itself (the audit's cases: two cases without a
    /// categorical fact agree on it).
    pub combinations: Vec<f64>,
    /// The number of categorical facts.
    pub categorical: usize,
    /// The tie-breaking key of each case.
    pub keys: Vec<u64>,
}

impl Rows {
    fn of(block: &[Point<'_>], shape: &Shape<'_>) -> Rows {
        let axes = shape.facts();
        let numeric_axes = shape.numeric_ranges.len() + 1;
        let mut numeric = Vec::with_capacity(block.len().saturating_mul(numeric_axes));
        let mut combination = Vec::with_capacity(block.len());
        let mut combinations = Vec::new();
        let mut known: rustc_hash::FxHashMap<Vec<u64>, u32> = rustc_hash::FxHashMap::default();
        let mut row = Vec::with_capacity(axes);
        for p in block {
            row.clear();
            coordinates(p, shape, &mut row);
            let (numbers, categories) = row.split_at(numeric_axes.min(row.len()));
            numeric.extend_from_slice(numbers);
            // By their bits: one NaN is one combination (its cases still differ on that fact).
            let bits: Vec<u64> = categories.iter().map(|x| if x.is_nan() { u64::MAX } else { x.to_bits() }).collect();
            let next = u32::try_from(known.len()).unwrap_or(u32::MAX);
            let code = *known.entry(bits).or_insert_with(|| {
                combinations.extend_from_slice(categories);
                next
            });
            combination.push(code);
        }
        Rows {
            numeric,
            ranges: numeric_ranges(shape),
            combination,
            combinations,
            categorical: shape.categorical,
            keys: block.iter().map(|p| p.key).collect(),
        }
    }
}

/// Most combinations of categorical facts searched as separate trees; a block with more is
/// searched as one tree over every fact (see [`Forest`]).
const MAX_TREES: usize = 64;

/// The trees a block is searched with. Cases differing in a categorical fact are at least one
/// fact apart, more than nearly any numeric neighbour, so each combination of categorical facts
/// gets a tree of its own over the numeric facts alone: a query searches its own combination
/// first and another only while that other's distance (the facts they differ in) can still
/// beat the k-th best. A tree then holds and moves only numeric coordinates. A block of very
/// many combinations (past [`MAX_TREES`]) is one tree over every fact instead: a query would
/// otherwise weigh every combination.
struct Forest {
    trees: Vec<Tree>,
    /// Each case's tree and its place there.
    place: Vec<(u32, u32)>,
    /// For each tree, the trees in the order a query of it searches them: (categorical facts
    /// apart, tree), fewest first. A tree's own cases can differ from each other (in a missing
    /// categorical fact, equal to nothing).
    visit: Vec<Vec<(u32, u32)>>,
    /// The number of facts the distance averages over.
    facts: f64,
}

impl Forest {
    fn new(rows: Rows) -> Forest {
        let Rows { numeric, ranges, combination, combinations, categorical, keys } = rows;
        let n = keys.len();
        let width = ranges.len();
        let count = combinations.len().checked_div(categorical).unwrap_or(usize::from(n > 0));
        let facts = (width + categorical) as f64;
        let coords_of = |code: u32| {
            let at = code as usize * categorical;
            combinations.get(at..at + categorical).unwrap_or_default()
        };
        let row_of = |i: usize| numeric.get(i * width..(i + 1) * width).unwrap_or_default();
        // One tree over every fact, or a tree per combination over the numeric facts.
        let whole = count > MAX_TREES || width == 0;
        let axes = if whole { width + categorical } else { width };
        let mut members: Vec<Vec<usize>> = vec![Vec::new(); if whole { usize::from(n > 0) } else { count }];
        for (i, &code) in combination.iter().enumerate() {
            if let Some(list) = members.get_mut(if whole { 0 } else { code as usize }) {
                list.push(i);
            }
        }
        let mut trees = Vec::with_capacity(members.len());
        let mut place = vec![(0, 0); n];
        for (t, cases) in members.into_iter().enumerate() {
            let mut values = Vec::with_capacity(cases.len().saturating_mul(axes));
            for &i in &cases {
                values.extend_from_slice(row_of(i));
                if whole {
                    values.extend_from_slice(coords_of(combination.get(i).copied().unwrap_or(0)));
                }
            }
            let tree_keys = cases.iter().map(|&i| keys.get(i).copied().unwrap_or(0)).collect();
            let tree = Tree::new(Coordinates { values, axes, ranges: ranges.clone(), keys: tree_keys, cases });
            for (p, &i) in tree.order.iter().enumerate() {
                if let Some(slot) = place.get_mut(i) {
                    *slot = (t as u32, p as u32);
                }
            }
            trees.push(tree);
        }
        if whole {
            return Forest { trees, place, visit: vec![vec![(0, 0)]], facts };
        }
        // Facts two combinations differ in (`NaN` equals nothing).
        let apart = |a: u32, b: u32| coords_of(a).iter().zip(coords_of(b)).filter(|(x, y)| x != y).count() as u32;
        let visit = (0..count as u32)
            .map(|a| {
                let mut order: Vec<(u32, u32)> = (0..count as u32).map(|b| (apart(a, b), b)).collect();
                order.sort_unstable();
                order
            })
            .collect();
        Forest { trees, place, visit, facts }
    }

    /// The `k` nearest neighbours of case `q`, nearest first, and how many cases were evaluated.
    fn nearest(&self, q: usize, k: usize, max_visits: usize, offsets: &mut Vec<f64>) -> (Vec<Neighbour>, usize) {
        let Some(&(own, p)) = self.place.get(q) else { return (Vec::new(), 0) };
        let Some(tree) = self.trees.get(own as usize) else { return (Vec::new(), 0) };
        let (p, axes) = (p as usize, tree.axes);
        let Some(query) = tree.coords.get(p * axes..(p + 1) * axes) else { return (Vec::new(), 0) };
        let n = self.place.len();
        let mut s = Search {
            query,
            index: q,
            k,
            heap: BinaryHeap::with_capacity(k.saturating_add(1).min(n)),
            visits: 0,
            max_visits,
            apart: 0,
            facts: self.facts,
        };
        for &(apart, t) in self.visit.get(own as usize).map_or(&[][..], Vec::as_slice) {
            let Some(tree) = self.trees.get(t as usize) else { continue };
            // Every case of that tree is at least `apart` facts away.
            let bound = (0..apart).fold(0.0, |b, _| b + 1.0);
            if s.heap.len() >= s.k && s.heap.peek().is_some_and(|w| bound / s.facts > w.distance + SLACK) {
                break;
            }
            s.apart = apart;
            offsets.clear();
            offsets.resize(tree.axes, 0.0);
            tree.search(0, bound, offsets, &mut s);
        }
        let visits = s.visits;
        (
            s.heap.into_sorted_vec().into_iter().map(|c| Neighbour { index: c.index, distance: c.distance }).collect(),
            visits,
        )
    }
}

/// [`k_nearest_within`] over rows of coordinates.
pub(crate) fn nearest_rows(rows: Rows, queries: &[usize], k: usize, max_visits: usize) -> Vec<Vec<Neighbour>> {
    if k == 0 || queries.is_empty() || rows.ranges.len() + rows.categorical == 0 {
        return vec![Vec::new(); queries.len()];
    }
    let forest = Forest::new(rows);
    // Queries in tree order: consecutive ones then search the same leaves, still in the cache
    // (in the caller's order — in a group, by position — each search is a walk of cache misses).
    let mut by_place: Vec<((u32, u32), usize)> = queries
        .iter()
        .enumerate()
        .map(|(j, &q)| (forest.place.get(q).copied().unwrap_or((u32::MAX, u32::MAX)), j))
        .collect();
    by_place.sort_unstable();
    let mut found: Vec<Vec<Neighbour>> = vec![Vec::new(); queries.len()];
    let mut offsets = Vec::new();
    for (_, j) in by_place {
        let (Some(&q), Some(slot)) = (queries.get(j), found.get_mut(j)) else { continue };
        *slot = forest.nearest(q, k, max_visits, &mut offsets).0;
    }
    found
}

/// Most cases in a leaf of the tree: 32 (16 made the tree a quarter dearer to build, the
/// searches no faster).
const LEAF: usize = 32;

/// Slack on the pruning bound: the bound and the distance add the same terms in different
/// orders, so they may differ in the last bits; pruning only clearly farther regions keeps the
/// search exact.
const SLACK: f64 = 1e-9;

/// A node of the tree: its cases are at places `lo..hi`; an inner node splits them on `axis`,
/// every coordinate on the left below every one on the right (missing ones lowest).
#[derive(Clone, Copy, Debug)]
struct Node {
    lo: usize,
    hi: usize,
    inner: Option<Inner>,
}

#[derive(Clone, Copy, Debug)]
struct Inner {
    axis: usize,
    /// The largest coordinate on the left and the smallest on the right (`NaN`: missing).
    left_max: f64,
    right_min: f64,
    left: usize,
    right: usize,
}

/// `a` before `b`, a missing coordinate (`NaN`) before any other.
#[inline]
fn below(a: f64, b: f64) -> bool {
    if a.is_nan() { !b.is_nan() } else { a < b }
}

/// A k-d tree over some of a block's cases (see [`Forest`]): one combination of categorical
/// facts, its numeric facts the axes — or the whole block, every fact an axis (the main one,
/// the other numeric ones, the categorical ones). The cases are kept in tree order — each node's cases one run, each
/// leaf's in key order — with their coordinates (row by row) and keys alongside, so that a
/// leaf is read in one sweep.
struct Tree {
    axes: usize,
    /// Ranges of the numeric axes; the axes after them are categorical.
    ranges: Vec<f64>,
    /// The coordinates of the case at place `p` are `coords[p * axes..][..axes]`.
    coords: Vec<f64>,
    keys: Vec<u64>,
    /// The block index of the case at each place.
    order: Vec<usize>,
    nodes: Vec<Node>,
}

/// One query's search state.
struct Search<'q> {
    query: &'q [f64],
    index: usize,
    k: usize,
    heap: BinaryHeap<Candidate>,
    visits: usize,
    max_visits: usize,
    /// Categorical facts every case of the tree searched differs in from the query (see
    /// [`Forest`]).
    apart: u32,
    /// The number of facts the distance averages over.
    facts: f64,
}

/// What a tree is built from: its cases' coordinates (`axes` each), the ranges of the numeric
/// axes (the axes after them are categorical), their keys, and the caller's number of each.
struct Coordinates {
    values: Vec<f64>,
    axes: usize,
    ranges: Vec<f64>,
    keys: Vec<u64>,
    cases: Vec<usize>,
}

impl Tree {
    fn new(rows: Coordinates) -> Tree {
        let Coordinates { values, axes, ranges, keys: case_keys, cases: numbers } = rows;
        let n = case_keys.len();
        let stride = axes.max(1);
        // While building, the rows are integers in the coordinates' order ([`sortable`]: a split
        // compares integers) and kept in tree order: each node's rows are one run, so choosing
        // and making a split reads them in one sweep. (Gathering a node's values from whole
        // columns, a cache miss a case at every level, was most of the build.)
        let mut data: Vec<u64> = values.iter().map(|&x| sortable(x)).collect();
        drop(values);
        let mut order: Vec<usize> = (0..n).collect();
        // A large tree's top levels from a sample (see [`skeleton`]); below them, or from the
        // root, exact median splits.
        let (mut nodes, mut stack) = skeleton::top_levels(&mut data, &mut order, stride, &ranges)
            .unwrap_or_else(|| (vec![Node { lo: 0, hi: n, inner: None }], vec![0usize]));
        let mut column: Vec<(u64, usize)> = Vec::new();
        let mut moved = Moved::default();
        while let Some(at) = stack.pop() {
            let Some(node) = nodes.get(at).copied() else { continue };
            if node.hi - node.lo <= LEAF {
                continue;
            }
            let Some(rows) = data.get_mut(node.lo * stride..node.hi * stride) else { continue };
            let Some(axis) = widest(rows, stride, &ranges) else { continue };
            column.clear();
            column.extend(rows.iter().skip(axis).step_by(stride).copied().zip(0..));
            let Some((split_at, left_max, right_min)) = split(&mut column) else { continue };
            let Some(cases) = order.get_mut(node.lo..node.hi) else { continue };
            moved.apply(rows, cases, stride, column.iter().map(|c| c.1));
            let mid = node.lo + split_at;
            let left = nodes.len();
            nodes.push(Node { lo: node.lo, hi: mid, inner: None });
            nodes.push(Node { lo: mid, hi: node.hi, inner: None });
            if let Some(n) = nodes.get_mut(at) {
                n.inner = Some(Inner { axis, left_max, right_min, left, right: left + 1 });
            }
            stack.extend([left, left + 1]);
        }
        // Each leaf's cases by key: cases at one distance are then met in tie-break order, so
        // a search stopped by its limit in a leaf of identical cases still has the right ones
        // (not the cases that happen to come first — in a group, the lowest fines).
        let mut by_key: Vec<(u64, usize, usize)> = Vec::new();
        for node in nodes.iter().filter(|n| n.inner.is_none()) {
            let (Some(rows), Some(cases)) =
                (data.get_mut(node.lo * stride..node.hi * stride), order.get_mut(node.lo..node.hi))
            else {
                continue;
            };
            by_key.clear();
            by_key.extend(cases.iter().enumerate().map(|(j, &i)| (case_keys.get(i).copied().unwrap_or(0), i, j)));
            if by_key.is_sorted() {
                continue;
            }
            by_key.sort_unstable();
            moved.apply(rows, cases, stride, by_key.iter().map(|c| c.2));
        }
        let coords = if axes == 0 { Vec::new() } else { data.iter().map(|&k| unsortable(k)).collect() };
        drop(data);
        let keys = order.iter().map(|&i| case_keys.get(i).copied().unwrap_or(0)).collect();
        let order = order.iter().map(|&i| numbers.get(i).copied().unwrap_or(usize::MAX)).collect();
        Tree { axes, ranges, coords, keys, order, nodes }
    }

    /// Visits node `at`, whose cases are at least `bound` from the query: the categorical facts
    /// the tree's combination differs in ([`Search::apart`]) plus the sum of `offsets`.
    fn search(&self, at: usize, bound: f64, offsets: &mut [f64], s: &mut Search<'_>) {
        let Some(node) = self.nodes.get(at) else { return };
        let facts = s.facts;
        let full = s.heap.len() >= s.k;
        if s.visits >= s.max_visits || (full && s.heap.peek().is_some_and(|w| bound / facts > w.distance + SLACK)) {
            return;
        }
        let Some(inner) = node.inner else {
            let places = node.lo..node.hi;
            let rows = self.coords.get(node.lo * self.axes..node.hi * self.axes).unwrap_or_default();
            let (order, keys) = (self.order.get(places.clone()).unwrap_or_default(), self.keys.get(places));
            for ((&i, &key), row) in order.iter().zip(keys.unwrap_or_default()).zip(rows.chunks_exact(self.axes)) {
                if i == s.index {
                    continue;
                }
                if s.visits >= s.max_visits {
                    return;
                }
                s.visits += 1;
                let sum = (0..s.apart).fold(distance_sum(s.query, row, &self.ranges), |d, _| d + 1.0);
                let candidate = Candidate { distance: sum / facts, key, index: i };
                if s.heap.len() < s.k {
                    s.heap.push(candidate);
                } else if s.heap.peek().is_some_and(|worst| candidate < *worst) {
                    s.heap.pop();
                    s.heap.push(candidate);
                }
            }
            return;
        };
        let q = s.query.get(inner.axis).copied().unwrap_or(f64::NAN);
        let go_left = !below(inner.left_max, q) || (below(q, inner.right_min) && !inner.left_max.is_nan());
        let (near, far, edge) = if go_left {
            (inner.left, inner.right, inner.right_min)
        } else {
            (inner.right, inner.left, inner.left_max)
        };
        self.search(near, bound, offsets, s);
        // Every case across the split is at least this far on the axis: the query lies outside
        // the far side's range of coordinates (a missing one proves nothing).
        let outside = if go_left { below(q, edge) } else { below(edge, q) };
        let across = if !outside || q.is_nan() || edge.is_nan() {
            0.0
        } else {
            match self.ranges.get(inner.axis) {
                Some(&range) => numeric_distance(q, edge, range),
                None => 1.0,
            }
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

/// A node's rows (`stride` values each) reordered: a copy of them to read from while writing.
#[derive(Default)]
struct Moved {
    rows: Vec<u64>,
    cases: Vec<usize>,
}

impl Moved {
    /// Puts row `from[j]` (and its case) at place `j`.
    fn apply(&mut self, rows: &mut [u64], cases: &mut [usize], stride: usize, from: impl Iterator<Item = usize>) {
        self.rows.clear();
        self.rows.extend_from_slice(rows);
        self.cases.clear();
        self.cases.extend_from_slice(cases);
        for ((row, case), j) in rows.chunks_exact_mut(stride).zip(cases.iter_mut()).zip(from) {
            if let (Some(src), Some(&c)) = (self.rows.get(j * stride..(j + 1) * stride), self.cases.get(j)) {
                row.copy_from_slice(src);
                *case = c;
            }
        }
    }
}

/// The axis along which a node's cases (`rows`, `stride` values each) spread most (as a share
/// of the fact's range; a categorical fact with two values spreads fully); `None` if they are
/// all alike.
fn widest(rows: &[u64], stride: usize, ranges: &[f64]) -> Option<usize> {
    // A sample of 64 spaced cases picks the axis; all of them only if the sample is alike.
    let len = rows.len() / stride.max(1);
    let step = (len / 64).max(1);
    widest_among(rows, stride, (0..len).step_by(step), ranges).or_else(|| widest_among(rows, stride, 0..len, ranges))
}

fn widest_among(
    rows: &[u64],
    stride: usize,
    places: impl Iterator<Item = usize> + Clone,
    ranges: &[f64],
) -> Option<usize> {
    let mut best: Option<(f64, usize)> = None;
    for axis in 0..stride {
        let mut values = places.clone().map(|p| rows.get(p * stride + axis).copied().unwrap_or(0));
        let Some(first) = values.next() else { continue };
        let (mut min, mut max, mut mixed) = (first, first, false);
        for x in values {
            mixed |= x != first;
            min = min.min(x);
            max = max.max(x);
        }
        if !mixed {
            continue;
        }
        let spread = match ranges.get(axis) {
            Some(&range) if min != 0 => {
                numeric_distance(unsortable(min), unsortable(max), range).max(f64::MIN_POSITIVE)
            }
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

/// A coordinate as an integer in the order of [`below`] (missing lowest): compared as integers,
/// a split is several times cheaper than through `f64` comparisons that must mind `NaN`.
fn sortable(x: f64) -> u64 {
    if x.is_nan() {
        0
    } else {
        // -0.0 and 0.0 are one value, as they compare.
        let bits = (x + 0.0).to_bits();
        if bits >> 63 == 1 { !bits } else { bits | 1 << 63 }
    }
}

/// The coordinate back from [`sortable`].
fn unsortable(k: u64) -> f64 {
    match k {
        0 => f64::NAN,
        k if k >> 63 == 1 => f64::from_bits(k & !(1 << 63)),
        k => f64::from_bits(!k),
    }
}

/// Splits `cases` (coordinate as [`sortable`], case) in two, every coordinate on the left below
/// every one on the right, as near the middle as the ties allow: `(cases on the left, largest
/// coordinate there, smallest on the right)`, or `None` when all are equal.
fn split(cases: &mut [(u64, usize)]) -> Option<(usize, f64, f64)> {
    split_keys(cases).map(|(at, left_max, right_min)| (at, unsortable(left_max), unsortable(right_min)))
}

/// [`split`], its extremes as [`sortable`] keys.
fn split_keys(cases: &mut [(u64, usize)]) -> Option<(usize, u64, u64)> {
    let mid = cases.len() / 2;
    cases.select_nth_unstable_by_key(mid, |c| c.0);
    let s = cases.get(mid)?.0;
    // Three ways in one pass: [< s | = s | > s].
    let (mut lt, mut i, mut gt) = (0, 0, cases.len());
    while i < gt {
        let x = cases.get(i).map_or(0, |c| c.0);
        if x < s {
            cases.swap(lt, i);
            lt += 1;
            i += 1;
        } else if x > s {
            gt -= 1;
            cases.swap(i, gt);
        } else {
            i += 1;
        }
    }
    // Coordinates equal to the median go wholly to one side: the side that leaves the halves
    // closer.
    let split_at = if lt > 0 && (gt == cases.len() || mid - lt <= gt - mid) { lt } else { gt };
    if split_at == 0 || split_at == cases.len() {
        return None;
    }
    let (left, right) = cases.split_at(split_at);
    let (left_max, right_min) = if split_at == lt {
        (left.iter().map(|c| c.0).max().unwrap_or(0), s)
    } else {
        (s, right.iter().map(|c| c.0).min().unwrap_or(0))
    };
    Some((split_at, left_max, right_min))
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
            let n = 1 + rng.below(if round % 10 == 0 || round % 4 == 3 { 400 } else { 50 }) as usize;
            let numeric = rng.below(3) as usize;
            let categorical = if round % 4 == 3 { 2 } else { rng.below(3) as usize };
            let spread = [5, 1_000, i64::MAX][round % 3];
            // Few combinations of categorical facts (a tree each), or many (one tree over every
            // fact); some cases without their last categorical fact (never equal to anything).
            let values = if round % 4 == 3 { 40 } else { 3 };
            let cases: Vec<Case> = (0..n)
                .map(|i| Case {
                    main: rng.range(0, spread),
                    numeric: (0..numeric).map(|_| rng.range(-spread, spread)).collect(),
                    categorical: (0..categorical - usize::from(categorical > 0 && rng.below(8) == 0))
                        .map(|_| rng.below(values) as u32)
                        .collect(),
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

    /// Trees large enough for their top levels to come from a sample ([`skeleton`]) answer as
    /// the brute force does: spread facts, clustered ones, and ties enough to refuse the sample.
    #[test]
    fn large_trees_match_brute_force() {
        let mut rng = Rng(0xbead);
        for (round, n) in [20_000usize, 33_000, 20_000].into_iter().enumerate() {
            let cases: Vec<Case> = (0..n)
                .map(|i| Case {
                    main: match round {
                        0 => rng.range(0, 1_000_000),
                        1 => (rng.below(40) * 25_000) as i64,
                        _ => (rng.below(3)) as i64,
                    },
                    // The last round: one numeric value for all, so that the sample runs out of
                    // splits on `main`'s three values and the tree is built exactly instead.
                    numeric: vec![if round == 2 { 7 } else { rng.range(-5_000, 5_000) }],
                    categorical: vec![u32::from(rng.below(50) == 0)],
                    key: ((i as u64) * 7919) % 1_000_003,
                })
                .collect();
            let block = view(&cases);
            let shape = Shape { main_range: 1_000_000, numeric_ranges: &[10_000], categorical: 1 };
            let queries: Vec<usize> = (0..n).step_by(n / 25).collect();
            let found = k_nearest(&block, &queries, K, &shape);
            for (&q, got) in queries.iter().zip(&found) {
                assert_eq!(*got, brute_force(&block, q, K, &shape), "round {round} query {q}");
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
        let forest = Forest::new(Rows::of(&block, &shape));
        let queries: Vec<usize> = (0..n).step_by(100).collect();
        let mut visits = 0;
        let mut offsets = Vec::new();
        for &q in &queries {
            let (got, evaluated) = forest.nearest(q, K, usize::MAX, &mut offsets);
            visits += evaluated;
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

    /// The same with a categorical fact: cases of the query's own combination are searched
    /// first, so a limited search among identical facts still finds the nearest, by key.
    #[test]
    fn a_limited_search_searches_its_own_combination_first() {
        let n = 6_000;
        let categories: Vec<[u32; 1]> = (0..n).map(|i| [(i % 3) as u32]).collect();
        let block: Vec<Point<'_>> = (0..n)
            .map(|i| Point { main: 7, numeric: &[], categorical: &categories[i], key: ((i as u64) * 7_919) % 10_007 })
            .collect();
        let shape = Shape { main_range: 0, numeric_ranges: &[], categorical: 1 };
        let queries: Vec<usize> = (0..n).step_by(499).collect();
        let found = k_nearest_within(&block, &queries, K, &shape, 512);
        for (&q, got) in queries.iter().zip(&found) {
            assert_eq!(*got, brute_force(&block, q, K, &shape), "query {q}");
            assert!(got.iter().all(|nb| nb.distance == 0.0 && nb.index % 3 == q % 3));
        }
    }
}
