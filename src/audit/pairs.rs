//! Near-identical pairs: "same case, different penalty" (`consistency.md`).
//!
//! Inside one block (callers block by the categorical facts: same violation, cell, booleans
//! and enums), two cases form a pair when every numeric fact is within a relative tolerance
//! (default ±10%) and their positions differ by more than a gap (default half a band width).
//! Both defaults are heuristics, not law.
//!
//! # Algorithm
//!
//! Two observations make the search proportional to the cases that can be in a pair, not to
//! the block:
//!
//! - positions more than `gap` apart cannot both lie within `gap/2` of the block's median, so
//!   every pair has a case farther than that from it — only those cases search;
//! - values within a relative tolerance have the same sign and logarithms at most
//!   ln(1 + tol) apart, so on a logarithmic grid of cells a little wider than that they fall in
//!   the same or adjacent cells. The cases are sorted once by their cells (the main fact and the
//!   first two others) and position; a searching case visits the runs of the (at most 27)
//!   cells next to its own, from the far ends of the position range inwards, and checks every
//!   fact exactly. Cells are numbered by packing their three cell numbers, so that neighbouring
//!   cells sort near each other, and the searching cases walk in that order: consecutive walks
//!   find their runs still in the cache (in the order of the block, each walk was a series of
//!   cache misses). Keys that do not pack (exact values, at tolerance 0) are hashed: a rare
//!   collision adds candidates, each checked exactly — at worst a walk reaches its bound
//!   sooner, and what it did not see is counted as omitted, as always.
//!
//! O(n log n) to sort, then O(1) per neighbouring cell and per candidate for each
//! searching case, with at most 2 · SCAN_FACTOR · K qualifying candidates per case for cap K.
//! The audit's flags walk instead (and only): each case farther than half the gap from the
//! centre (the median of its block, or of its group: see [`Purpose::Flag`]) walks towards it,
//! takes its first qualifying candidate as its partner and counts its pairs — at most
//! SCAN_FACTOR · K of them, within [`MAX_WALK`] candidates.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// Parts per million: 1,000,000 ppm = 100%.
const PPM: u64 = 1_000_000;

/// Relative tolerance on every numeric fact: 100,000 ppm = 10%. Heuristic default.
pub const TOL_PPM: u64 = 100_000;

/// Positions must differ by more than this: 500,000 micro-units = half a band width.
/// Heuristic default.
pub const GAP: u64 = 500_000;

/// Most pairs listed per case before the rest are only counted: 10 (as many as the kNN peers
/// a reviewer reads). Heuristic default.
pub const MAX_PAIRS_PER_ITEM: usize = 10;

/// How many candidates each searching case examines on each side, in multiples of
/// `max_pairs_per_item` (40 by default) qualifying ones: candidates are walked from the largest
/// gap inwards, so the pairs a case lists are among the first it finds. Bounds the work to
/// O(n · 40) walked candidates for any block (docs/LIMITS.md).
pub const SCAN_FACTOR: usize = 4;

/// The most candidates one side of one case's walk visits, qualifying or not (candidates whose
/// facts beyond the first three are out of tolerance are skipped but still cost a visit): 4,096.
/// Past it the walk stops and is counted in `omitted`; in a block where thousands of cases share
/// the cells of the main fact and the first two others but differ in further facts, a listed
/// pair can then be missed. docs/LIMITS.md.
pub const MAX_WALK: usize = 4096;

/// One case of a block.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PairItem<'a> {
    /// The caller's case id (ids should be unique within the block).
    pub id: u32,
    /// The main numeric fact (fixed point, normally ≥ 0).
    pub main: i64,
    /// The other numeric facts, in the same order for every case of the block. Cases whose
    /// lists have different lengths are never paired.
    pub others: &'a [i64],
    /// The penalty's position in micro-units ([`UNIT`](super::stats::UNIT) = top of band).
    pub position: i64,
}

/// Knobs of [`near_identical_pairs`]; [`Default`] gives the heuristic defaults.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PairParams {
    /// Relative tolerance in parts per million (see [`within_tolerance`]).
    pub tol_ppm: u64,
    /// Positions must differ by strictly more than this (micro-units).
    pub gap: u64,
    /// Listed pairs per case at most; `usize::MAX` lists everything.
    pub max_pairs_per_item: usize,
}

impl Default for PairParams {
    fn default() -> PairParams {
        PairParams { tol_ppm: TOL_PPM, gap: GAP, max_pairs_per_item: MAX_PAIRS_PER_ITEM }
    }
}

/// A pair of near-identical cases with divergent penalties.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Pair {
    /// The smaller id.
    pub first: u32,
    /// The larger id.
    pub second: u32,
    /// |position difference| in micro-units.
    pub position_gap: u64,
}

/// Whether two values are within `tol_ppm` of each other: |a − b| ≤ tol·min(|a|, |b|).
///
/// Each is within the tolerance of the other, measured from either: for 0 ≤ a ≤ b, b is at most
/// 10 % above a — "numeric facts within ±10%" of `consistency.md`, read so that 11,000,000 is
/// not within 10 % of 10,000,000 whichever is measured from (10 % of the larger let values
/// 11.1 % apart pass). Taking magnitudes makes it symmetric and meaningful for negative values
/// too; values of opposite signs or a 0 beside anything else never match (below a tolerance of
/// 100 %), equal values always do. Exact integer arithmetic (u128), no overflow for any inputs.
///
/// ```
/// use discretion::audit::pairs::within_tolerance;
/// assert!(within_tolerance(100, 110, 100_000));
/// assert!(within_tolerance(110, 100, 100_000));
/// assert!(!within_tolerance(100, 111, 100_000));
/// assert!(!within_tolerance(10_000_000, 11_100_000, 100_000));
/// ```
pub fn within_tolerance(a: i64, b: i64, tol_ppm: u64) -> bool {
    let difference = (i128::from(a) - i128::from(b)).unsigned_abs();
    let magnitude = u128::from(a.unsigned_abs().min(b.unsigned_abs()));
    difference.saturating_mul(u128::from(PPM)) <= magnitude.saturating_mul(u128::from(tol_ppm))
}

fn others_within(a: &[i64], b: &[i64], tol_ppm: u64) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(&x, &y)| within_tolerance(x, y, tol_ppm))
}

/// A candidate pair as seen from one case: larger gaps first, then smaller partner ids
/// (the heap keeps the worst on top).
type Entry = (Reverse<u64>, u32, usize);

/// All pairs of `items` whose main fact and other facts are within tolerance and whose
/// positions differ by more than `params.gap`, with the number of such pairs not listed.
///
/// Each case appears in at most `params.max_pairs_per_item` listed pairs: a pair is listed
/// when it is among the most divergent pairs (largest position gap, then smallest partner id)
/// of **both** its cases. Every qualifying pair is either listed or counted in the returned
/// `omitted` number — never silently dropped; walks that stop at the scan bound
/// ([`SCAN_FACTOR`]) are counted there too, one per stopped walk. Pairs are sorted and carry
/// the smaller id first, so the result does not depend on the input order (given unique ids).
/// Where a walk stopped at the bound, a case it did not reach does not learn of that pair, and
/// may list a less divergent pair of its own in its place (every listed pair qualifies; the
/// audit's flags name partners by a walk of their own, [`MAX_WALK`]).
///
/// A tolerance of 100% or more (`tol_ppm ≥ 1_000_000`) puts every case in one cell (each
/// candidate is still checked exactly).
///
/// ```
/// use discretion::audit::pairs::{near_identical_pairs, Pair, PairItem, PairParams};
/// let items = [
///     PairItem { id: 3, main: 100_000, others: &[], position: 900_000 },
///     PairItem { id: 1, main: 95_000, others: &[], position: 200_000 },
///     PairItem { id: 2, main: 50_000, others: &[], position: 0 }, // facts too different
/// ];
/// let (pairs, omitted) = near_identical_pairs(&items, &PairParams::default());
/// assert_eq!(pairs, [Pair { first: 1, second: 3, position_gap: 700_000 }]);
/// assert_eq!(omitted, 0);
/// ```
pub fn near_identical_pairs(items: &[PairItem<'_>], params: &PairParams) -> (Vec<Pair>, u64) {
    let s = search(items, params, Purpose::List);
    let not_listed = s.found.saturating_sub(s.pairs.len() as u64);
    (s.pairs, not_listed.saturating_add(s.stopped))
}

/// What a search is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Purpose<'a> {
    /// List each case's most divergent pairs ([`near_identical_pairs`]).
    List,
    /// Find the cases a pair flags ([`PairSearch::flagged`]): of each pair, the case farther
    /// from the centre — given as twice a median position (the audit's: its block's or its
    /// group's), so that a median between two positions is still an integer. Pairs are
    /// counted, not listed: each by its farther case (of two equally far, by the lower, flagged
    /// or not), at most `SCAN_FACTOR · max_pairs_per_item` a case; a case with more, or whose
    /// walk met [`MAX_WALK`] candidates, is a stopped walk.
    ///
    /// Two cases equally far from the centre are told apart by `twice_tie_centre` (twice
    /// another median: the audit's centre is the median of a block, this the group's): the
    /// one farther from it is flagged, both if they are equally far from it too.
    ///
    /// `least_gaps` gives, by place, each case's own least gap where it is more than the
    /// search's (micro-units; empty: none): where bands vary from case to case, a yuan of the
    /// flagged case's own band. A pair counts and flags only beyond the gap of its walking
    /// (farther) case, so that what is counted is what is flagged.
    Flag { twice_centre: i128, twice_tie_centre: i128, least_gaps: &'a [u64] },
}

/// A case that a near-identical pair flags: it is at least as far from the centre as its
/// partner, whose position is farthest from its own among such partners — of several at that
/// position, the first the walk meets (the highest id walking down, the lowest walking up; in
/// the audit ids follow a hash of the case id, never the input order).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Flagged {
    /// The case, by its place in the block.
    pub case: usize,
    /// The partner, by its place in the block.
    pub partner: usize,
    /// |position difference| in micro-units.
    pub gap: u64,
}

/// What a search for near-identical pairs found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct PairSearch {
    /// The listed pairs (see [`near_identical_pairs`]); none for [`Purpose::Flag`].
    pub pairs: Vec<Pair>,
    /// Distinct qualifying pairs found, listed or not (for [`Purpose::Flag`], as it says).
    pub found: u64,
    /// Walks stopped at their bound: pairs beyond them were not looked for.
    pub stopped: u64,
    /// For [`Purpose::Flag`], the flagged cases in the order of their places, one entry each.
    pub flagged: Vec<Flagged>,
}

/// [`near_identical_pairs`], with its counts apart; or, for [`Purpose::Flag`], the cases pairs
/// flag.
///
/// A flagged case's own walk finds its partner: the flag does not depend on which pairs are
/// listed. (It did once: a case whose partners each had ten wider pairs listed none, and was
/// not flagged although it was the farther case of 25 pairs.) For a case below the centre c
/// at position p, the partners no farther from the centre than itself lie in (p + gap, 2c − p]
/// (above it: [2c − p, p − gap)), and the most divergent of them is the first met walking
/// that interval from its far end, so the walk stops at the first candidate that qualifies.
pub(crate) fn search(items: &[PairItem<'_>], params: &PairParams, purpose: Purpose<'_>) -> PairSearch {
    let tol = params.tol_ppm;
    let gap = i128::from(params.gap);
    let n = items.len();
    if n == 0 {
        return PairSearch::default();
    }
    let (twice_centre, twice_tie_centre) = match purpose {
        Purpose::Flag { twice_centre, twice_tie_centre, .. } => (Some(twice_centre), twice_tie_centre),
        Purpose::List => (None, 0),
    };
    // Any pair has a case more than half the gap from any fixed point (twice its distance is at
    // least the pair's gap): only those search. For a flag, the centre — the farther case of a
    // pair is one of them; for a list, the block's median position.
    let twice_middle = twice_centre.unwrap_or_else(|| {
        let mut positions: Vec<i64> = items.iter().map(|it| it.position).collect();
        let middle = positions.select_nth_unstable(n / 2).1;
        2 * i128::from(*middle)
    });
    let searching = |p: i64| (2 * i128::from(p) - twice_middle).unsigned_abs() > gap.unsigned_abs();
    // The cases by cell (of the main fact and the first two others), then position and id: the
    // walks below go in this order, which does not depend on the order of `items`.
    // Cells are found by their number ([`cell_code`]); cells whose hashed numbers collide share
    // a run: extra candidates, each checked exactly; they count towards a walk's bound like any
    // other, so at worst a pair is counted in `omitted` instead of listed.
    let grid = Grid::new(tol);
    let mut cells: Vec<Candidate> = items
        .iter()
        .enumerate()
        .map(|(i, it)| {
            let place = u32::try_from(i).unwrap_or(u32::MAX);
            (cell_code(&grid.key(it.main, it.others)), it.position, it.id, place, it.main)
        })
        .collect();
    sort_cells(&mut cells);
    // Where each cell's run lies, by cell number: found by bisection, whose steps consecutive
    // searching cases (in cell order) mostly share, still in the cache.
    let mut runs: Vec<(u64, usize, usize)> = Vec::new();
    let mut start = 0;
    for run in cells.chunk_by(|a, b| a.0 == b.0) {
        if let Some(first) = run.first() {
            runs.push((first.0, start, start + run.len()));
        }
        start += run.len();
    }
    let run_of = |code: u64| runs.binary_search_by_key(&code, |r| r.0).ok().and_then(|i| runs.get(i));

    // Each case's best partners, for the cases in any pair only (most cases are in none);
    // listing only, as are the walks' reaches below.
    let listing = purpose == Purpose::List;
    let mut best = Best { of: vec![u32::MAX; if listing { n } else { 0 }], heaps: Vec::new() };
    let id = |i: usize| items.get(i).map_or(0, |it| it.id);
    let mut offer_pair = |a: usize, b: usize, position_gap: u64| {
        offer(best.heap(a), (Reverse(position_gap), id(b), b), params.max_pairs_per_item);
        offer(best.heap(b), (Reverse(position_gap), id(a), a), params.max_pairs_per_item);
    };
    let mut flagged: Vec<Flagged> = Vec::new();
    // A pair of two searching cases may be found from both sides: it is counted and offered
    // by the first walk that meets it. Each walk's reach is kept (where it stopped on each
    // side), so that the later walk can tell whether the earlier one met the pair — without
    // listing the pairs themselves (up to 80 a case: gigabytes for a group whose cases nearly
    // all search).
    // Kept for the searching cases only, in the order they walk (`walk_of`: a case's place
    // there; `u32::MAX`: not walked yet).
    let mut reach: Vec<[Reach; 2]> = Vec::new();
    let mut walk_of = vec![u32::MAX; if listing { n } else { 0 }];
    let mut found = 0u64;
    let mut cut = 0u64;
    let scan_per_side = params.max_pairs_per_item.saturating_mul(SCAN_FACTOR).max(SCAN_FACTOR);
    // Reused from one searching case to the next.
    let (mut spans, mut below, mut above, mut toward) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    // The searching cases in the order of their cells: consecutive walks visit the same and
    // neighbouring cells, whose runs are then still in the cache.
    let searchers: Vec<usize> = cells.iter().filter(|x| searching(x.1)).map(|x| x.3 as usize).collect();
    for k in searchers {
        let Some(item) = items.get(k) else { continue };
        let p = i128::from(item.position);
        // The runs of the cells next to this case's: each sorted by position.
        spans.clear();
        let [a, b, c] = grid.key(item.main, item.others);
        for (x, y) in Grid::around(a).flat_map(|x| Grid::around(b).map(move |y| (x, y))) {
            // The (one or three) cells along the third fact: packed, their numbers are
            // consecutive, and their runs found by one bisection and a short scan.
            let (mut first, mut last, mut count) = (u64::MAX, 0u64, 0u64);
            for z in Grid::around(c) {
                let code = cell_code(&[x, y, z]);
                (first, last, count) = (first.min(code), last.max(code), count + 1);
            }
            if last >> 63 == 0 && last - first + 1 == count {
                let from = runs.partition_point(|r| r.0 < first);
                let near = runs.get(from..).unwrap_or_default().iter().take_while(|r| r.0 <= last);
                spans.extend(near.map(|r| (r.1, r.2)));
            } else {
                spans.extend(Grid::around(c).filter_map(|z| run_of(cell_code(&[x, y, z])).map(|r| (r.1, r.2))));
            }
        }
        // Two neighbouring cells sharing a run (a collision) give it once.
        spans.sort_unstable();
        spans.dedup();
        if let Some(c) = twice_centre {
            // Flagging counts each pair from its flagged case's walk alone.
            let own = match purpose {
                Purpose::Flag { least_gaps, .. } => least_gaps.get(k).map_or(0, |&g| i128::from(g)),
                Purpose::List => 0,
            };
            let bounds =
                Bounds { twice_centre: c, twice_tie_centre, gap: gap.max(own), tol, count_up_to: scan_per_side };
            let walk = flag_partners(&cells, &spans, items, k, bounds, &mut toward, &mut flagged);
            found = found.saturating_add(walk.counted);
            cut = cut.saturating_add(u64::from(walk.stopped));
            continue;
        }
        // Each side is walked from the farthest position inwards — largest gaps first — and
        // only so far: a case's most divergent partners come first, so walking past
        // `scan_per_side` candidates cannot add a pair this case would list. Without the bound, a
        // block whose cases share every fact (no numeric facts at all) costs n² / 4.
        // Each run's part on a side is found by bisection (runs are sorted by position).
        below.clear();
        above.clear();
        for run in spans.iter().filter_map(|&(lo, hi)| cells.get(lo..hi)) {
            let (low, rest) =
                run.split_at_checked(run.partition_point(|x| i128::from(x.1) < p - gap)).unwrap_or((run, &[]));
            let high = rest.get(rest.partition_point(|x| i128::from(x.1) <= p + gap)..).unwrap_or_default();
            if !low.is_empty() {
                below.push(low);
            }
            if !high.is_empty() {
                above.push(high);
            }
        }
        let sides: [&mut dyn Iterator<Item = &Candidate>; 2] =
            [&mut Merged { runs: &mut below, upwards: true }, &mut Merged { runs: &mut above, upwards: false }];
        let mut reached_on = [Reach::Nothing; 2];
        for (side, walk) in sides.into_iter().enumerate() {
            let (mut qualifying, mut walked) = (0usize, 0usize);
            let mut reached = Reach::All;
            let mut last = Reach::Nothing;
            for &(_, position, other_id, j, main) in walk {
                if qualifying >= scan_per_side || walked >= MAX_WALK {
                    cut = cut.saturating_add(1);
                    reached = last;
                    break;
                }
                walked += 1;
                last = Reach::UpTo(position, other_id);
                // The main fact first, from the run itself: the other facts (a jump into `items`,
                // a cache miss) only for a candidate within tolerance on it.
                if !within_tolerance(main, item.main, tol) {
                    continue;
                }
                let j = j as usize;
                let Some(other) = items.get(j) else { continue };
                if !others_within(other.others, item.others, tol) {
                    continue;
                }
                qualifying += 1;
                let position_gap = u64::try_from((p - i128::from(position)).unsigned_abs()).unwrap_or(u64::MAX);
                // A searching partner that walked before met this pair if its walk on this
                // case's side reached this case: counted then.
                let met = searching(position)
                    && walk_of.get(j).and_then(|&w| reach.get(w as usize)).is_some_and(|r| {
                        // This case lies above the partner if the partner lies below it.
                        let partner_side = if side == 0 { 1 } else { 0 };
                        r.get(partner_side).is_some_and(|r| r.covers(partner_side, item.position, item.id))
                    });
                if !met {
                    found = found.saturating_add(1);
                    offer_pair(k, j, position_gap);
                }
            }
            if let Some(slot) = reached_on.get_mut(side) {
                *slot = reached;
            }
        }
        if let Some(w) = walk_of.get_mut(k) {
            *w = u32::try_from(reach.len()).unwrap_or(u32::MAX);
        }
        reach.push(reached_on);
    }

    // A pair kept by both of its cases appears twice.
    let mut kept: Vec<(usize, usize, u64)> = best
        .heaps
        .iter()
        .flat_map(|(k, heap)| heap.iter().map(move |&(Reverse(gap), _, j)| (j.min(*k), j.max(*k), gap)))
        .collect();
    kept.sort_unstable();
    let mut pairs: Vec<Pair> = kept
        .chunk_by(|x, y| x == y)
        .filter(|run| run.len() == 2)
        .filter_map(|run| run.first())
        .filter_map(|&(x, y, position_gap)| {
            let (a, b) = (items.get(x)?.id, items.get(y)?.id);
            Some(Pair { first: a.min(b), second: a.max(b), position_gap })
        })
        .collect();
    pairs.sort_unstable();
    flagged.sort_unstable();
    PairSearch { pairs, found, stopped: cut, flagged }
}

/// What decides a flagging partner: the centre (twice the median position), the gap and the
/// tolerance; and how many of a case's pairs its walk counts.
#[derive(Clone, Copy)]
struct Bounds {
    twice_centre: i128,
    twice_tie_centre: i128,
    gap: i128,
    tol: u64,
    count_up_to: usize,
}

/// What one flag walk found beyond its flag.
struct FlagWalk {
    /// The pairs it counted: its case's pairs with partners no farther from the centre.
    counted: u64,
    /// Whether it stopped with pairs left uncounted (more than `count_up_to`), or at
    /// [`MAX_WALK`] candidates (more may exist).
    stopped: bool,
}

/// Adds to `out` the partner that makes case `k` (at position p, more than half the gap from
/// the centre c) the flagged case of a pair: of the cases in the runs `spans` no farther from
/// the centre than it and more than the gap from it, one at the largest gap — the first that
/// qualifies walking (p + gap, 2c − p] downwards (above c: [2c − p, p − gap) upwards). One
/// entry however many partners share that position: thousands of cases fined alike would
/// otherwise give thousands each.
///
/// The walk goes on past its flag to count the case's pairs in that interval: every pair is
/// counted once, by the walk of its case farther from the centre — of two equally far, by the
/// lower one's (the interval holds the mirror position on both sides), whichever of the two the
/// tie centre flags. Counting stops at the first pair past `count_up_to` (more exist: a
/// stopped walk) — the walk then goes on only while it has no partner — and the walk at
/// [`MAX_WALK`] candidates (more may exist).
fn flag_partners<'c>(
    cells: &'c [Candidate],
    spans: &[(usize, usize)],
    items: &[PairItem<'_>],
    k: usize,
    b: Bounds,
    toward: &mut Vec<&'c [Candidate]>,
    out: &mut Vec<Flagged>,
) -> FlagWalk {
    let mut walk = FlagWalk { counted: 0, stopped: false };
    let Some(item) = items.get(k) else { return walk };
    let p = i128::from(item.position);
    let mirror = b.twice_centre - p;
    let upwards = 2 * p > b.twice_centre;
    // A partner as far from the centre (at the mirror) makes this case the flagged one only if
    // it is no nearer the tie centre than the partner.
    let wins_ties = (2 * p - b.twice_tie_centre).unsigned_abs() >= (2 * mirror - b.twice_tie_centre).unsigned_abs();
    toward.clear();
    for run in spans.iter().filter_map(|&(lo, hi)| cells.get(lo..hi)) {
        let below = |bound: i128| run.partition_point(|x| i128::from(x.1) < bound);
        let up_to = |bound: i128| run.partition_point(|x| i128::from(x.1) <= bound);
        let (from, to) = if upwards { (below(mirror), below(p - b.gap)) } else { (up_to(p + b.gap), up_to(mirror)) };
        if let Some(part) = run.get(from..to).filter(|part| !part.is_empty()) {
            toward.push(part);
        }
    }
    let mut partnered = false;
    for (walked, &(_, position, _, j, main)) in (Merged { runs: toward, upwards }).enumerate() {
        if walked >= MAX_WALK {
            walk.stopped = true;
            break;
        }
        let j = j as usize;
        if !(within_tolerance(main, item.main, b.tol)
            && items.get(j).is_some_and(|other| others_within(other.others, item.others, b.tol)))
        {
            continue;
        }
        let tie = i128::from(position) == mirror;
        if !partnered && (wins_ties || !tie) {
            let gap = u64::try_from((p - i128::from(position)).unsigned_abs()).unwrap_or(u64::MAX);
            out.push(Flagged { case: k, partner: j, gap });
            partnered = true;
        }
        // A partner as far from the centre below it counts this pair in its own walk.
        if upwards && tie {
            continue;
        }
        // Past the count's bound the walk goes on (up to MAX_WALK) only for a partner: a case
        // whose first pairs are ties it does not win is still flagged by a pair further in.
        if walk.counted >= b.count_up_to as u64 {
            walk.stopped = true;
            if partnered {
                break;
            }
            continue;
        }
        walk.counted += 1;
    }
    walk
}

/// Runs sorted by (position, id) walked as one: upwards from the lowest (position, id) of all,
/// or downwards from the highest. Each step compares the runs' next entries; a run is dropped
/// when exhausted (most runs on a side hold a case or two).
struct Merged<'r, 'a, T> {
    runs: &'r mut Vec<&'a [T]>,
    upwards: bool,
}

impl<'a> Iterator for Merged<'_, 'a, Candidate> {
    type Item = &'a Candidate;

    fn next(&mut self) -> Option<Self::Item> {
        let head = |run: &&'a [Candidate]| if self.upwards { run.first() } else { run.last() };
        let mut pick: Option<(usize, (i64, u32))> = None;
        for (r, run) in self.runs.iter().enumerate() {
            let Some(x) = head(run) else { continue };
            let before = |best: (i64, u32)| if self.upwards { (x.1, x.2) < best } else { (x.1, x.2) > best };
            if pick.is_none_or(|(_, best)| before(best)) {
                pick = Some((r, (x.1, x.2)));
            }
        }
        let (r, _) = pick?;
        let run = self.runs.get_mut(r)?;
        let (x, rest) = if self.upwards { run.split_first()? } else { run.split_last()? };
        *run = rest;
        if rest.is_empty() {
            self.runs.swap_remove(r);
        }
        Some(x)
    }
}

/// A case in its cell's run: the cell's number, its position, id, place in the block and main
/// fact (read without a jump into the block, for the first test of tolerance).
type Candidate = (u64, i64, u32, u32, i64);

/// A case's cells: its main fact and the first two of its other facts.
type CellKey = [Cell; 3];

/// Where a value falls on a logarithmic grid whose cells are a little wider than the tolerance:
/// two values within the tolerance have the same sign and lie in the same or adjacent cells.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Cell {
    /// The case does not give the fact.
    Missing,
    /// Any value: no grid (a tolerance of 100 % or more pairs values of any size).
    Any,
    /// Zero, within tolerance only of zero.
    Zero,
    /// A value itself (tolerance 0: only equal values pair).
    Exact(i64),
    /// A positive or negative value's cell.
    Positive(i64),
    Negative(i64),
}

/// The grid for one tolerance.
struct Grid {
    /// Cell width in natural-log units; `None`: no grid; `Some(0.0)`: exact values.
    width: Option<f64>,
}

impl Grid {
    fn new(tol_ppm: u64) -> Grid {
        let tol = tol_ppm as f64 / PPM as f64;
        // |a − b| ≤ tol·min(|a|, |b|) ⇔ |ln|a| − ln|b|| ≤ ln(1 + tol) for one sign; the cells
        // are 0.1 % wider so that rounding in `ln` cannot put such values two cells apart.
        let width = match tol_ppm {
            0 => Some(0.0),
            t if t >= PPM => None,
            _ => Some(tol.ln_1p() * 1.001),
        };
        Grid { width }
    }

    fn cell(&self, x: Option<i64>) -> Cell {
        let Some(x) = x else { return Cell::Missing };
        match self.width {
            None => Cell::Any,
            Some(_) if x == 0 => Cell::Zero,
            Some(w) if w <= 0.0 => Cell::Exact(x),
            Some(w) => {
                // |x| ≥ 1 (a nonzero integer), so the quotient is ≥ 0 and truncating it is
                // its floor: no call to `floor`, which is not inlined on baseline x86-64.
                let k = ((x.unsigned_abs() as f64).ln() / w) as i64;
                if x > 0 { Cell::Positive(k) } else { Cell::Negative(k) }
            }
        }
    }

    fn key(&self, main: i64, others: &[i64]) -> CellKey {
        [self.cell(Some(main)), self.cell(others.first().copied()), self.cell(others.get(1).copied())]
    }

    /// The cells that can hold values within tolerance of one in `c`.
    fn around(c: Cell) -> impl Iterator<Item = Cell> {
        let (list, n): ([Cell; 3], usize) = match c {
            Cell::Positive(k) => ([Cell::Positive(k - 1), c, Cell::Positive(k + 1)], 3),
            Cell::Negative(k) => ([Cell::Negative(k - 1), c, Cell::Negative(k + 1)], 3),
            other => ([other; 3], 1),
        };
        list.into_iter().take(n)
    }

    /// Every cell key whose cases may be within tolerance of a case in `key` (the search
    /// visits them by their numbers; the tests list them).
    #[cfg(test)]
    fn neighbours(&self, key: &CellKey) -> impl Iterator<Item = CellKey> {
        let [a, b, c] = *key;
        Grid::around(a).flat_map(move |x| Grid::around(b).flat_map(move |y| Grid::around(c).map(move |z| [x, y, z])))
    }
}

/// The number a cell's run is found by. The grid's cells (the three facts' cell numbers, each
/// within ±2¹⁷, or missing, zero or any) are packed into it, 21 bits each, so that neighbouring
/// cells — the runs one walk visits, and those of the next searching case — lie near each other
/// in the sorted cases. Other keys (exact values, at tolerance 0) are hashed, with the top bit
/// set: a rare collision of hashes shares a run, whose extra candidates are checked exactly.
fn cell_code(key: &CellKey) -> u64 {
    const OFFSET: i64 = 1 << 17;
    let packed = |c: Cell| -> Option<u64> {
        let (tag, k) = match c {
            Cell::Missing => (0, 0),
            Cell::Any => (1, 0),
            Cell::Zero => (2, 0),
            Cell::Positive(k) => (3, k),
            Cell::Negative(k) => (4, k),
            Cell::Exact(_) => return None,
        };
        let k = u64::try_from(k.checked_add(OFFSET)?).ok().filter(|&k| k < 2 * OFFSET as u64)?;
        Some(tag << 18 | k)
    };
    if let [Some(a), Some(b), Some(c)] = key.map(packed) {
        return a << 42 | b << 21 | c;
    }
    use std::hash::{Hash, Hasher};
    let mut h = rustc_hash::FxHasher::default();
    key.hash(&mut h);
    h.finish() | 1 << 63
}

/// Sorts the cases as `sort_unstable` would — by cell number, then position and id — with a
/// radix sort on the cell numbers ([`radix`](super::radix)) when every one packs: its three
/// 21-bit fields re-packed with only the bits the block's cells span (27 bits or so, where the
/// code spans 50: fewer scatters). Hashed numbers are sorted by comparison.
fn sort_cells(cells: &mut Vec<Candidate>) {
    const MASK: u64 = (1 << 21) - 1;
    let fields = |code: u64| [code >> 42, (code >> 21) & MASK, code & MASK];
    if cells.iter().any(|c| c.0 >> 63 == 1) {
        cells.sort_unstable();
        return;
    }
    let (mut lo, mut hi) = ([u64::MAX; 3], [0u64; 3]);
    for c in cells.iter() {
        for ((l, h), f) in lo.iter_mut().zip(&mut hi).zip(fields(c.0)) {
            (*l, *h) = ((*l).min(f), (*h).max(f));
        }
    }
    // Each field's span is at most 2²¹, their product at most 2⁶³: no overflow. (Saturating:
    // with no cells, `lo` is above `hi` and the key is never asked for.)
    let ([a0, b0, c0], [_, b1, c1]) = (lo, hi);
    let (middle, last) = (b1.saturating_sub(b0) + 1, c1.saturating_sub(c0) + 1);
    super::radix::sort_by_prefix(cells, |c| {
        let [a, b, c] = fields(c.0);
        ((a - a0) * middle + (b - b0)) * last + (c - c0)
    });
}

/// How far one side of a case's walk went: nothing, every candidate, or up to and including
/// the candidate (position, id) where it stopped at its bound.
#[derive(Debug, Clone, Copy)]
enum Reach {
    Nothing,
    UpTo(i64, u32),
    All,
}

impl Reach {
    /// Whether a walk on `side` (0: below, walked upwards from the lowest position; 1: above,
    /// walked downwards from the highest) reached the candidate (`position`, `id`).
    fn covers(self, side: usize, position: i64, id: u32) -> bool {
        match self {
            Reach::Nothing => false,
            Reach::All => true,
            Reach::UpTo(p, i) if side == 0 => (position, id) <= (p, i),
            Reach::UpTo(p, i) => (position, id) >= (p, i),
        }
    }
}

/// The best partners of the cases that have any: case → its heap, made when first needed.
struct Best {
    /// Case → index in `heaps` (`u32::MAX`: none yet).
    of: Vec<u32>,
    heaps: Vec<(usize, BinaryHeap<Entry>)>,
}

impl Best {
    fn heap(&mut self, case: usize) -> Option<&mut BinaryHeap<Entry>> {
        let slot = self.of.get_mut(case)?;
        if *slot == u32::MAX {
            *slot = u32::try_from(self.heaps.len()).ok()?;
            self.heaps.push((case, BinaryHeap::new()));
        }
        self.heaps.get_mut(*slot as usize).map(|h| &mut h.1)
    }
}

/// Keeps `entry` if it is among the `cap` best of `heap`.
fn offer(heap: Option<&mut BinaryHeap<Entry>>, entry: Entry, cap: usize) {
    let Some(heap) = heap else { return };
    if heap.len() < cap {
        heap.push(entry);
    } else if heap.peek().is_some_and(|worst| entry < *worst) {
        heap.pop();
        heap.push(entry);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::stats::UNIT;
    use crate::audit::testing::Rng;

    struct Case {
        id: u32,
        main: i64,
        others: Vec<i64>,
        position: i64,
    }

    fn view(cases: &[Case]) -> Vec<PairItem<'_>> {
        cases.iter().map(|c| PairItem { id: c.id, main: c.main, others: &c.others, position: c.position }).collect()
    }

    /// Every qualifying pair, by definition.
    fn all_pairs(items: &[PairItem<'_>], params: &PairParams) -> Vec<Pair> {
        let mut out = Vec::new();
        for (i, x) in items.iter().enumerate() {
            for y in &items[i + 1..] {
                let gap = (i128::from(x.position) - i128::from(y.position)).unsigned_abs();
                if within_tolerance(x.main, y.main, params.tol_ppm)
                    && others_within(x.others, y.others, params.tol_ppm)
                    && gap > u128::from(params.gap)
                {
                    out.push(Pair { first: x.id.min(y.id), second: x.id.max(y.id), position_gap: gap as u64 });
                }
            }
        }
        out.sort_unstable();
        out
    }

    /// The cap by definition: keep a pair if both cases rank it among their best `cap`.
    /// Each case's most divergent `cap` pairs (largest gap, then smaller partner id).
    fn capped_tops(all: &[Pair], cap: usize) -> std::collections::HashMap<u32, Vec<Pair>> {
        let mut top: std::collections::HashMap<u32, Vec<Pair>> = std::collections::HashMap::new();
        for p in all {
            top.entry(p.first).or_default().push(*p);
            top.entry(p.second).or_default().push(*p);
        }
        for (id, mine) in top.iter_mut() {
            mine.sort_by_key(|p| (Reverse(p.position_gap), if p.first == *id { p.second } else { p.first }));
            mine.truncate(cap);
        }
        top
    }

    fn capped(all: &[Pair], cap: usize) -> (Vec<Pair>, u64) {
        let top = capped_tops(all, cap);
        let kept: Vec<Pair> =
            all.iter().filter(|p| top[&p.first].contains(p) && top[&p.second].contains(p)).copied().collect();
        let omitted = (all.len() - kept.len()) as u64;
        (kept, omitted)
    }

    #[test]
    fn edges() {
        let params = PairParams::default();
        assert_eq!(near_identical_pairs(&[], &params), (vec![], 0));
        let one = [PairItem { id: 1, main: 5, others: &[], position: 0 }];
        assert_eq!(near_identical_pairs(&one, &params), (vec![], 0));
        // Identical facts, positions exactly `gap` apart: not a pair; one more: a pair.
        let two = |position| {
            [
                PairItem { id: 1, main: 5, others: &[1], position: 0 },
                PairItem { id: 2, main: 5, others: &[1], position },
            ]
        };
        assert_eq!(near_identical_pairs(&two(500_000), &params), (vec![], 0));
        let want = vec![Pair { first: 1, second: 2, position_gap: 500_001 }];
        assert_eq!(near_identical_pairs(&two(500_001), &params), (want, 0));
        assert_eq!(near_identical_pairs(&two(-500_001), &params).0.len(), 1);
        // Different numbers of other facts never pair.
        let mismatched = [
            PairItem { id: 1, main: 5, others: &[1], position: 0 },
            PairItem { id: 2, main: 5, others: &[], position: UNIT },
        ];
        assert_eq!(near_identical_pairs(&mismatched, &params), (vec![], 0));
        // A cap of zero lists nothing but counts everything.
        let none = PairParams { max_pairs_per_item: 0, ..params };
        assert_eq!(near_identical_pairs(&two(UNIT), &none), (vec![], 1));
    }

    #[test]
    fn tolerance_rule() {
        assert!(within_tolerance(0, 0, 0));
        assert!(within_tolerance(7, 7, 0));
        assert!(!within_tolerance(0, 1, 999_999));
        // 0 is within no relative tolerance of anything else.
        assert!(!within_tolerance(0, 1, 1_000_000));
        assert!(!within_tolerance(0, 1, u64::MAX));
        assert!(within_tolerance(100, 200, 1_000_000));
        assert!(!within_tolerance(100, 201, 1_000_000));
        assert!(within_tolerance(-91, -100, 100_000));
        assert!(!within_tolerance(-90, -100, 100_000));
        assert!(!within_tolerance(-1, 1, 1_000_000));
        assert!(within_tolerance(-1, 1, 2_000_000));
        assert!(within_tolerance(i64::MIN, i64::MAX, u64::MAX));
        assert!(!within_tolerance(i64::MIN, i64::MAX, 1_999_999));
        assert!(within_tolerance(i64::MAX, i64::MAX - 1, 1));
    }

    #[test]
    fn extremes_do_not_overflow() {
        let items = [
            PairItem { id: 1, main: i64::MAX, others: &[i64::MIN], position: i64::MIN },
            PairItem { id: 2, main: i64::MAX, others: &[i64::MIN], position: i64::MAX },
            PairItem { id: 3, main: i64::MAX - 1, others: &[i64::MIN], position: 0 },
        ];
        let params = PairParams { gap: u64::MAX - 1, ..PairParams::default() };
        assert_eq!(
            near_identical_pairs(&items, &params),
            (vec![Pair { first: 1, second: 2, position_gap: u64::MAX }], 0)
        );
        let params = PairParams { gap: u64::MAX, ..params };
        assert_eq!(near_identical_pairs(&items, &params), (vec![], 0));
        let params = PairParams { gap: 0, tol_ppm: u64::MAX, ..params };
        assert_eq!(near_identical_pairs(&items, &params).0.len(), 3);
    }

    fn random_cases(rng: &mut Rng, n: usize, round: usize) -> Vec<Case> {
        let facts = rng.below(3) as usize;
        let (lo, hi) = match round % 4 {
            0 => (0, 1_000),
            1 => (0, 20),         // large windows: almost everything within tolerance
            2 => (-1_000, 1_000), // the symmetric rule for negative values
            _ => (1_000, 1_003),  // many duplicates
        };
        (0..n)
            .map(|i| Case {
                id: (n - i) as u32 * 3,
                main: rng.range(lo, hi),
                others: (0..facts).map(|_| rng.range(lo, hi)).collect(),
                position: rng.range(-UNIT, 2 * UNIT),
            })
            .collect()
    }

    /// A random block and the parameters to search it with: mostly small blocks, some of 250
    /// cases, every tolerance from exact to all-pairing, gaps and caps from none to everything.
    fn random_round(rng: &mut Rng, round: usize) -> (Vec<Case>, PairParams) {
        let n = rng.below(if round.is_multiple_of(20) { 250 } else { 40 }) as usize;
        let cases = random_cases(rng, n, round);
        let tol_ppm = [0, 10_000, 100_000, 500_000, 999_999, 1_000_000, 1_500_000, 3_000_000][round % 8];
        let gap = [0, 250_000, 500_000, 3 * UNIT as u64][rng.below(4) as usize];
        let cap = [0, 1, 3, usize::MAX][rng.below(4) as usize];
        (cases, PairParams { tol_ppm, gap, max_pairs_per_item: cap })
    }

    #[test]
    fn matches_brute_force_on_random_data() {
        let mut rng = Rng(2024);
        for round in 0..400 {
            let (cases, params) = random_round(&mut rng, round);
            let (items, n, cap) = (view(&cases), cases.len(), params.max_pairs_per_item);
            let all = all_pairs(&items, &params);
            let (pairs, omitted) = near_identical_pairs(&items, &params);
            let (expected, expected_omitted) = capped(&all, cap);
            // Below the scan bound nothing is cut: the pairs and the count are exact. Above it a
            // walk stopped at the bound may not reach a case's most divergent partner, which
            // then lists a less divergent pair in its place (still a qualifying pair).
            if n <= cap.saturating_mul(SCAN_FACTOR).max(SCAN_FACTOR) {
                assert_eq!(pairs, expected, "round {round}");
                assert_eq!(omitted, expected_omitted, "round {round}");
            } else {
                // … among the most divergent pairs of at least one of its cases (the one whose
                // walk found it, from the largest gaps inwards), and the difference is never
                // silent: a stopped walk counts in `omitted`.
                let top = capped_tops(&all, cap);
                for p in &pairs {
                    assert!(all.binary_search(p).is_ok(), "round {round}: {p:?}");
                    assert!(top[&p.first].contains(p) || top[&p.second].contains(p), "round {round}: {p:?}");
                }
                assert!(pairs == expected || omitted > 0, "round {round}");
            }
            for id in items.iter().map(|it| it.id) {
                assert!(pairs.iter().filter(|p| p.first == id || p.second == id).count() <= cap);
            }
            let mut reversed = items.clone();
            reversed.reverse();
            assert_eq!(near_identical_pairs(&reversed, &params), (pairs, omitted));
        }
    }

    /// The distinct qualifying pairs the bounded walks meet, found independently: each
    /// searching case's candidates (the cases of its neighbouring cells beyond the gap) in walk
    /// order, walked with the same bounds, the pairs gathered in a set.
    fn met_by_walks(items: &[PairItem<'_>], params: &PairParams) -> usize {
        let gap = i128::from(params.gap);
        let mut positions: Vec<i64> = items.iter().map(|it| it.position).collect();
        if items.is_empty() {
            return 0;
        }
        let middle = *positions.select_nth_unstable(items.len() / 2).1;
        let extreme = |p: i64| (i128::from(p) - i128::from(middle)).unsigned_abs() * 2 > gap.unsigned_abs();
        let grid = Grid::new(params.tol_ppm);
        let hash = |it: &PairItem<'_>| cell_code(&grid.key(it.main, it.others));
        let scan = params.max_pairs_per_item.saturating_mul(SCAN_FACTOR).max(SCAN_FACTOR);
        let mut met = std::collections::BTreeSet::new();
        for (k, item) in items.iter().enumerate().filter(|(_, it)| extreme(it.position)) {
            let near: std::collections::BTreeSet<u64> =
                grid.neighbours(&grid.key(item.main, item.others)).map(|c| cell_code(&c)).collect();
            let p = i128::from(item.position);
            let mut below: Vec<(i64, u32, usize)> = Vec::new();
            let mut above: Vec<(i64, u32, usize)> = Vec::new();
            for (j, other) in items.iter().enumerate().filter(|(_, o)| near.contains(&hash(o))) {
                if i128::from(other.position) < p - gap {
                    below.push((other.position, other.id, j));
                } else if i128::from(other.position) > p + gap {
                    above.push((other.position, other.id, j));
                }
            }
            below.sort_unstable();
            above.sort_unstable_by(|a, b| b.cmp(a));
            for side in [below, above] {
                let (mut qualifying, mut walked) = (0, 0);
                for (_, _, j) in side {
                    if qualifying >= scan || walked >= MAX_WALK {
                        break;
                    }
                    walked += 1;
                    let other = &items[j];
                    if within_tolerance(other.main, item.main, params.tol_ppm)
                        && others_within(other.others, item.others, params.tol_ppm)
                    {
                        qualifying += 1;
                        met.insert((k.min(j), k.max(j)));
                    }
                }
            }
        }
        met.len()
    }

    /// Walks cut at their bound still count every pair they meet once: a pair two searching
    /// cases may both meet is counted by whichever met it, never twice, never by neither.
    /// The cases pairs flag, by definition: of each qualifying pair, the case at least as far
    /// from the centre (`twice_centre` is twice it) as its partner, with one of its partners at
    /// the largest such gap — the first the walk meets at that position: the highest id walking
    /// down, the lowest walking up.
    fn flagged_by_definition(
        items: &[PairItem<'_>],
        params: &PairParams,
        twice_centre: i128,
        twice_tie_centre: i128,
    ) -> Vec<Flagged> {
        let far = |it: &PairItem<'_>| (2 * i128::from(it.position) - twice_centre).unsigned_abs();
        let far_from_tie = |it: &PairItem<'_>| (2 * i128::from(it.position) - twice_tie_centre).unsigned_abs();
        let mut out = Vec::new();
        for (k, x) in items.iter().enumerate() {
            let partners: Vec<(usize, u64)> = items
                .iter()
                .enumerate()
                .filter(|(j, y)| {
                    *j != k
                        && (far(y) < far(x) || (far(y) == far(x) && far_from_tie(y) <= far_from_tie(x)))
                        && within_tolerance(x.main, y.main, params.tol_ppm)
                        && others_within(x.others, y.others, params.tol_ppm)
                        && (i128::from(x.position) - i128::from(y.position)).unsigned_abs() > u128::from(params.gap)
                })
                .map(|(j, y)| (j, (i128::from(x.position) - i128::from(y.position)).unsigned_abs() as u64))
                .collect();
            let widest = partners.iter().map(|p| p.1).max();
            let at_widest = partners.iter().filter(|p| Some(p.1) == widest);
            let id = |&&(j, _): &&(usize, u64)| items[j].id;
            let walking_down = 2 * i128::from(x.position) < twice_centre;
            let first_met = if walking_down { at_widest.max_by_key(id) } else { at_widest.min_by_key(id) };
            out.extend(first_met.map(|&(partner, gap)| Flagged { case: k, partner, gap }));
        }
        out.sort_unstable();
        out
    }

    /// Every case that is the farther of a qualifying pair is flagged, with its most divergent
    /// such partners, whatever the cap on listed pairs — and the same from any input order.
    #[test]
    fn flagged_cases_match_the_definition() {
        let mut rng = Rng(31);
        let (mut flagged_rounds, mut counted_rounds, mut ties_told_apart) = (0, 0, 0);
        for round in 0..400 {
            let (cases, params) = random_round(&mut rng, round);
            let (items, n) = (view(&cases), cases.len());
            let mut positions: Vec<i64> = items.iter().map(|it| it.position).collect();
            positions.sort_unstable();
            // The block's median, or (as where the block is part of a group) another centre.
            let twice_centre = match (positions.get(n.saturating_sub(1) / 2), positions.get(n / 2)) {
                (Some(&a), Some(&b)) if round % 3 != 0 => i128::from(a) + i128::from(b),
                _ => i128::from(rng.range(-UNIT, 2 * UNIT)) * 2,
            };
            // Ties told apart by another median (the group's), or by none (the same centre).
            let twice_tie_centre =
                if round % 2 == 0 { twice_centre } else { i128::from(rng.range(-UNIT, 2 * UNIT)) * 2 };
            let purpose = Purpose::Flag { twice_centre, twice_tie_centre, least_gaps: &[] };
            let s = search(&items, &params, purpose);
            assert!(s.pairs.is_empty(), "round {round}: flagging lists no pairs");
            let want = flagged_by_definition(&items, &params, twice_centre, twice_tie_centre);
            assert_eq!(s.flagged, want, "round {round}");
            ties_told_apart += usize::from(want != flagged_by_definition(&items, &params, twice_centre, twice_centre));
            flagged_rounds += usize::from(!s.flagged.is_empty());
            assert_eq!((s.found, s.stopped), counted_by_definition(&items, &params, twice_centre), "round {round}");
            counted_rounds += usize::from(s.stopped > 0);
            let mut reversed = items.clone();
            reversed.reverse();
            let back = |f: Flagged| Flagged { case: n - 1 - f.case, partner: n - 1 - f.partner, gap: f.gap };
            let mut again: Vec<Flagged> = search(&reversed, &params, purpose).flagged.into_iter().map(back).collect();
            again.sort_unstable();
            assert_eq!(again, s.flagged, "round {round}");
        }
        assert!(flagged_rounds > 100, "cases were flagged in {flagged_rounds} rounds only");
        assert!(counted_rounds > 20, "counts were cut in {counted_rounds} rounds only");
        assert!(ties_told_apart > 10, "the tie centre decided in {ties_told_apart} rounds only");
    }

    /// What a flagging search counts, by definition: every qualifying pair once, by its case
    /// farther from the centre (of two equally far, the lower), at most `4 · max_pairs_per_item`
    /// (at least 4) a case; and the cases with more pairs than that (stopped walks).
    fn counted_by_definition(items: &[PairItem<'_>], params: &PairParams, twice_centre: i128) -> (u64, u64) {
        let far = |it: &PairItem<'_>| (2 * i128::from(it.position) - twice_centre).unsigned_abs();
        let scan = params.max_pairs_per_item.saturating_mul(SCAN_FACTOR).max(SCAN_FACTOR);
        let (mut found, mut stopped) = (0u64, 0u64);
        for (k, x) in items.iter().enumerate() {
            let pairs = items
                .iter()
                .enumerate()
                .filter(|(j, y)| {
                    *j != k
                        && (far(y) < far(x) || (far(y) == far(x) && y.position > x.position))
                        && within_tolerance(x.main, y.main, params.tol_ppm)
                        && others_within(x.others, y.others, params.tol_ppm)
                        && (i128::from(x.position) - i128::from(y.position)).unsigned_abs() > u128::from(params.gap)
                })
                .count();
            found += pairs.min(scan) as u64;
            stopped += u64::from(pairs > scan);
        }
        (found, stopped)
    }

    /// 25 cases fined at the bottom and 25 at 0.9 of the band beside 50 at the median (0.5),
    /// all with the same facts: each of the 25 farther ones is in 25 pairs, ten of which at
    /// most are listed for each partner. Every one of them is flagged (10 were, when flags came
    /// from the listed pairs).
    #[test]
    fn a_case_is_flagged_however_many_pairs_its_partners_have() {
        let cases: Vec<Case> = (0..100)
            .map(|i| Case {
                id: i,
                main: 1_000,
                others: vec![],
                position: match i {
                    0..50 => 500_000,
                    50..75 => 0,
                    _ => 900_000,
                },
            })
            .collect();
        let items = view(&cases);
        let params = PairParams::default();
        let s = search(
            &items,
            &params,
            Purpose::Flag { twice_centre: 1_000_000, twice_tie_centre: 1_000_000, least_gaps: &[] },
        );
        assert_eq!((s.found, s.stopped), (625, 0));
        let mut flagged: Vec<usize> = s.flagged.iter().map(|f| f.case).collect();
        flagged.dedup();
        assert_eq!(flagged, (50..75).collect::<Vec<_>>());
        // Each names one partner at the widest gap, the first met walking down: the highest id.
        assert!(s.flagged.iter().all(|f| (f.gap, f.partner) == (900_000, 99)), "{:?}", s.flagged);
        assert_eq!(s.flagged.len(), 25);
    }

    /// A case below the centre with more than the count's bound of partners exactly as far above
    /// it, which the tie centre says are not out of line with it, is still flagged by a pair
    /// further in: the walk stopped at the count's bound before reaching it (a review).
    #[test]
    fn a_walk_past_its_count_bound_still_finds_its_partner() {
        let params = PairParams::default();
        let scan = params.max_pairs_per_item * SCAN_FACTOR;
        // The case at 0.1, 41 cases at its mirror 0.9 about the centre 0.5, one at 0.7.
        let mut cases = vec![Case { id: 0, main: 1_000, others: vec![], position: 100_000 }];
        cases.extend((1..=scan as u32 + 1).map(|id| Case { id, main: 1_000, others: vec![], position: 900_000 }));
        cases.push(Case { id: 999, main: 1_000, others: vec![], position: 700_000 });
        let items = view(&cases);
        // Ties go to the case farther from 0.05: those at 0.9, not the case at 0.1.
        let s = search(
            &items,
            &params,
            Purpose::Flag { twice_centre: 1_000_000, twice_tie_centre: 100_000, least_gaps: &[] },
        );
        let ours: Vec<&Flagged> = s.flagged.iter().filter(|f| f.case == 0).collect();
        assert_eq!(ours, [&Flagged { case: 0, partner: items.len() - 1, gap: 600_000 }], "{:?}", s.flagged);
        assert_eq!(s.stopped, 1);
        assert_eq!(s.flagged, flagged_by_definition(&items, &params, 1_000_000, 100_000));
    }

    /// A flag's walk that meets 4,096 candidates failing on a fact beyond the three its cells
    /// are made of stops, and is counted: the qualifying partner past them is not found.
    #[test]
    fn a_flag_walk_stops_at_its_bound_and_is_counted() {
        let mut cases: Vec<Case> =
            (0..5_000).map(|i| Case { id: i, main: 1_000, others: vec![0, 0, 999], position: 900_000 }).collect();
        cases.push(Case { id: 5_000, main: 1_000, others: vec![0, 0, 1], position: 0 });
        cases.push(Case { id: 5_001, main: 1_000, others: vec![0, 0, 1], position: 600_000 });
        let items = view(&cases);
        let params = PairParams::default();
        let flag = search(
            &items,
            &params,
            Purpose::Flag { twice_centre: 1_000_000, twice_tie_centre: 1_000_000, least_gaps: &[] },
        );
        assert!(flag.flagged.is_empty(), "{:?}", flag.flagged);
        assert_eq!((flag.found, flag.stopped), (0, 1));
        // Without the crowd in the way the pair is found and flags the case at 0.
        let few = view(cases.get(4_990..).unwrap());
        let flag = search(
            &few,
            &params,
            Purpose::Flag { twice_centre: 1_000_000, twice_tie_centre: 1_000_000, least_gaps: &[] },
        );
        assert_eq!(flag.flagged, [Flagged { case: 10, partner: 11, gap: 600_000 }]);
        assert_eq!((flag.found, flag.stopped), (1, 0));
    }

    #[test]
    fn pairs_met_by_cut_walks_are_counted_once() {
        let mut rng = Rng(77);
        let mut cut_rounds = 0;
        for round in 0..300 {
            let n = 20 + rng.below(200) as usize;
            let cases = random_cases(&mut rng, n, round);
            let items = view(&cases);
            let tol_ppm = [100_000, 1_000_000, 3_000_000][round % 3];
            let gap = [0, 250_000, 500_000][rng.below(3) as usize];
            let cap = [0, 1, 2, 3][rng.below(4) as usize];
            let params = PairParams { tol_ppm, gap, max_pairs_per_item: cap };
            let s = search(&items, &params, Purpose::List);
            assert_eq!(s.found, met_by_walks(&items, &params) as u64, "round {round}");
            cut_rounds += usize::from(s.stopped > 0);
        }
        assert!(cut_rounds > 100, "walks were cut in {cut_rounds} rounds only");
    }

    #[test]
    fn whole_block_within_tolerance() {
        // 200 identical facts, positions alternating low and high: every low-high pair counts.
        let items: Vec<PairItem<'_>> = (0..200)
            .map(|i| PairItem { id: i, main: 1_000, others: &[], position: if i % 2 == 0 { 0 } else { UNIT } })
            .collect();
        let (pairs, omitted) =
            near_identical_pairs(&items, &PairParams { max_pairs_per_item: usize::MAX, ..PairParams::default() });
        assert_eq!((pairs.len(), omitted), (100 * 100, 0));
        let (pairs, omitted) = near_identical_pairs(&items, &PairParams::default());
        assert!(!pairs.is_empty() && omitted > 0);
        for id in 0..200 {
            assert!(pairs.iter().filter(|p| p.first == id || p.second == id).count() <= MAX_PAIRS_PER_ITEM);
        }
    }

    #[test]
    fn a_block_of_identical_cases_costs_linear_work() {
        // 100,000 cases sharing every fact, positions alternating: 2.5 billion qualifying
        // pairs. Each case examines at most 2 · SCAN_FACTOR · MAX_PAIRS_PER_ITEM of them.
        let n = 100_000u32;
        let items: Vec<PairItem<'_>> = (0..n)
            .map(|i| PairItem { id: i, main: 0, others: &[], position: if i % 2 == 0 { 0 } else { UNIT } })
            .collect();
        let (pairs, omitted) = near_identical_pairs(&items, &PairParams::default());
        let per_case = (2 * SCAN_FACTOR * MAX_PAIRS_PER_ITEM) as u64;
        assert!(!pairs.is_empty());
        assert!(pairs.len() as u64 + omitted <= u64::from(n) * (per_case + 2), "{omitted}");
    }
}
