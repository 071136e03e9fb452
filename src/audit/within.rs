//! The analysis inside one comparison group — statistics, unit tests, outliers, near-identical
//! pairs and peers — and the groups analysed in parallel.
//!
//! Groups are independent, so they are shared out among the machine's cores (scoped threads,
//! no shared mutable state); the outcomes are put back in group order, so the report is the
//! same whatever the number of threads.

use std::sync::atomic::{AtomicUsize, Ordering};

use super::collect::{Collected, Record};
use super::groups::{self, Stats};
use super::report::Rule;
use super::stats::UNIT;
use super::units::{self, Test};
use super::{peers, similar};

/// A flag before its peers and texts are filled in. `record` and `partner` are case numbers
/// (see [`Collected::record`]).
pub(crate) struct Raw {
    pub rule: Rule,
    pub record: u32,
    pub group: usize,
    pub centre: f64,
    pub scale: f64,
    pub threshold: f64,
    pub strength: f64,
    pub partner: Option<u32>,
    /// Other rules that flag the same case.
    pub also: Vec<Rule>,
}

/// What one group's analysis found.
#[derive(Default)]
pub(crate) struct Outcome {
    pub stats: Option<Stats>,
    pub tests: Vec<Test>,
    pub raws: Vec<Raw>,
    /// Flagged cases and their nearest peers (record, distance).
    pub peers: Vec<(u32, Vec<(u32, f64)>)>,
    /// Near-identical pairs found but not listed, or not examined (a walk stopped at its bound).
    pub pairs_not_listed: u64,
}

/// Every group's outcome, in group order.
pub(crate) fn analyse_groups(c: &Collected<'_>) -> Vec<Outcome> {
    parallel_map(c.groups.len(), |g| c.members(g).len(), |g| analyse(c, g), threads())
}

/// The threads the analysis uses: the machine's cores.
pub(crate) fn threads() -> usize {
    std::thread::available_parallelism().map_or(1, |t| t.get())
}

/// `work(0..jobs)` on up to `threads` scoped threads, the costliest jobs (by `cost`) first so
/// that the threads finish together; the results in job order, whatever the threads.
pub(crate) fn parallel_map<T: Send>(
    jobs: usize,
    cost: impl Fn(usize) -> usize,
    work: impl Fn(usize) -> T + Sync,
    threads: usize,
) -> Vec<T> {
    let threads = threads.min(jobs);
    if threads <= 1 {
        return (0..jobs).map(&work).collect();
    }
    let mut queue: Vec<usize> = (0..jobs).collect();
    queue.sort_by_key(|&j| std::cmp::Reverse(cost(j)));
    let next = AtomicUsize::new(0);
    let mut done: Vec<(usize, T)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut mine = Vec::new();
                    while let Some(&j) = queue.get(next.fetch_add(1, Ordering::Relaxed)) {
                        mine.push((j, work(j)));
                    }
                    mine
                })
            })
            .collect();
        // A worker can only fail by panicking, which the analysis never does; were it to, its
        // jobs are done again below rather than lost.
        workers.into_iter().filter_map(|w| w.join().ok()).flatten().collect()
    });
    done.sort_unstable_by_key(|(j, _)| *j);
    let mut out: Vec<T> = Vec::with_capacity(jobs);
    let mut done = done.into_iter().peekable();
    for j in 0..jobs {
        match done.next_if(|(x, _)| *x == j) {
            Some((_, t)) => out.push(t),
            None => out.push(work(j)),
        }
    }
    out
}

/// The analysis of group `g`.
fn analyse(c: &Collected<'_>, g: usize) -> Outcome {
    let config = &c.config;
    let m = c.members(g);
    let start = c.groups.get(g).map_or(0, |x| x.members.start);
    let positions: Vec<i64> = m.iter().map(|r| r.position).collect();
    let Some(s) = groups::stats(c, g, &positions, config) else { return Outcome::default() };
    let mut out = Outcome { stats: Some(s), ..Outcome::default() };
    units::tests(c, g, m, &s, &mut out.tests);
    if s.n < config.min_flag {
        return out;
    }
    let raw = |rule: Rule, record: u32, centre: f64, threshold: f64, strength: f64, partner: Option<u32>| Raw {
        rule,
        record,
        group: g,
        centre,
        scale: s.scale,
        threshold,
        strength,
        partner,
        also: Vec::new(),
    };
    // Outliers.
    for (row, r) in m.iter().enumerate() {
        let z = groups::z(r, &s);
        if z.abs() > config.review_z {
            out.raws.push(raw(Rule::Outlier, start + row as u32, s.median, config.review_z, z.abs(), None));
        }
    }
    let Some(facts) = c.groups.get(g).map(|x| &x.facts) else { return out };
    // Near-identical pairs: the case further from the median is flagged, with its partner.
    let (pairs, omitted) = similar::pairs(c, m, facts);
    out.pairs_not_listed = omitted;
    for p in pairs {
        let (Some(ra), Some(rb)) = (m.get(p.a as usize), m.get(p.b as usize)) else { continue };
        let far = |r: &Record| (r.position as f64 - s.median).abs();
        let (case, partner) = if far(ra) >= far(rb) { (p.a, p.b) } else { (p.b, p.a) };
        out.raws.push(raw(
            Rule::NearIdentical,
            start + case,
            s.median,
            config.pair_gap * UNIT as f64 / s.scale,
            p.gap as f64 / s.scale,
            Some(start + partner),
        ));
    }
    // Peers: the explanation of every flag, and the peer rule for cases away from the group's
    // centre (a case within half the peer gap of it is tried only if flagged).
    let mut flagged: Vec<u32> = out.raws.iter().map(|r| r.record - start).collect();
    flagged.sort_unstable();
    let screen = config.peer_gap * UNIT as f64 / 2.0;
    let queries: Vec<usize> = m
        .iter()
        .enumerate()
        .filter(|(row, r)| {
            flagged.binary_search(&(*row as u32)).is_ok() || (r.position as f64 - s.median).abs() >= screen
        })
        .map(|(row, _)| row)
        .collect();
    let nearest = peers::nearest(c, m, facts, &queries);
    for (&q, found) in queries.iter().zip(&nearest) {
        let Some(r) = m.get(q) else { continue };
        let record = start + q as u32;
        let deviation = peers::deviation(c, r.position, found, m, s.scale);
        if let Some((centre, strength)) = deviation {
            out.raws.push(raw(
                Rule::PeerDeviation,
                record,
                centre,
                config.peer_gap * UNIT as f64 / s.scale,
                strength,
                None,
            ));
        }
        // Peers are kept only as the explanation of a flag.
        if deviation.is_some() || flagged.binary_search(&(q as u32)).is_ok() {
            out.peers.push((record, found.iter().map(|n| (start + n.index as u32, n.distance)).collect()));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::parallel_map;

    /// The results come back in job order, each job done once, whatever the threads.
    #[test]
    fn parallel_map_keeps_job_order() {
        let calls = std::sync::atomic::AtomicUsize::new(0);
        let work = |j: usize| {
            calls.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            j * j
        };
        let want: Vec<usize> = (0..97).map(|j| j * j).collect();
        for threads in [1, 2, 3, 8, 200] {
            calls.store(0, std::sync::atomic::Ordering::Relaxed);
            assert_eq!(parallel_map(97, |j| j % 7, work, threads), want, "{threads} threads");
            assert_eq!(calls.load(std::sync::atomic::Ordering::Relaxed), 97);
        }
        assert!(parallel_map(0, |_| 0, work, 4).is_empty());
    }
}
