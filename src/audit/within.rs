//! The analysis inside one comparison group — statistics, unit tests, outliers, near-identical
//! pairs and peers — and the groups analysed in parallel.
//!
//! Groups are independent, so they are shared out among the machine's cores (scoped threads,
//! no shared mutable state); the outcomes are put back in group order, so the report is the
//! same whatever the number of threads.

use std::sync::atomic::{AtomicUsize, Ordering};

use super::collect::Collected;
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
    /// Units and officers with cases in the group, too few to test (see [`units::tests`]).
    pub untested: Vec<(super::report::Dimension, u32)>,
    /// One flag per flagged case (see [`merge`]).
    pub raws: Vec<Raw>,
    /// Flagged cases and their nearest peers.
    pub peers: PeerLists,
    /// What the near-identical pair search found, listed or not.
    pub pairs: similar::PairCounts,
}

/// Cases and their nearest peers, flat: four arrays instead of a vector per case (a flagged
/// case costs 8 bytes and each of its peers 12, with no allocation of its own).
pub(crate) struct PeerLists {
    /// The cases, ascending.
    of: Vec<u32>,
    /// Where each case's peers start in `peers`, and where the last one's end: one more entry
    /// than `of`.
    starts: Vec<u32>,
    peers: Vec<u32>,
    distances: Vec<f64>,
}

impl Default for PeerLists {
    fn default() -> PeerLists {
        PeerLists { of: Vec::new(), starts: vec![0], peers: Vec::new(), distances: Vec::new() }
    }
}

impl PeerLists {
    /// Adds the peers (record, distance) of `record`, which comes after every case added so far.
    pub fn push(&mut self, record: u32, peers: impl IntoIterator<Item = (u32, f64)>) {
        self.of.push(record);
        for (p, d) in peers {
            self.peers.push(p);
            self.distances.push(d);
        }
        self.starts.push(u32::try_from(self.peers.len()).unwrap_or(u32::MAX));
    }

    /// Appends another list whose cases all come after this one's.
    pub fn append(&mut self, other: PeerLists) {
        let base = u32::try_from(self.peers.len()).unwrap_or(u32::MAX);
        self.of.extend(other.of);
        self.starts.extend(other.starts.iter().skip(1).map(|s| s.saturating_add(base)));
        self.peers.extend(other.peers);
        self.distances.extend(other.distances);
    }

    /// The peers (record, distance) of `record`, nearest first; `None` if it has none listed.
    pub fn get(&self, record: u32) -> Option<impl Iterator<Item = (u32, f64)> + '_> {
        let k = self.of.binary_search(&record).ok()?;
        let (from, to) = (*self.starts.get(k)? as usize, *self.starts.get(k + 1)? as usize);
        Some(self.peers.get(from..to)?.iter().copied().zip(self.distances.get(from..to)?.iter().copied()))
    }
}

/// One flag per case: of a rule's raw flags on one case (a case in several near-identical
/// pairs) the strongest is kept, ties to the partner with the smaller id; then the case's
/// strongest rule leads and its other rules are listed with it (a near-identical pair keeps
/// naming its partner). Every raw flag of a case is in the case's group, so groups merge alone.
pub(crate) fn merge(c: &Collected<'_>, mut raws: Vec<Raw>) -> Vec<Raw> {
    raws.sort_by(|a, b| {
        (a.record, a.rule).cmp(&(b.record, b.rule)).then_with(|| b.strength.total_cmp(&a.strength)).then_with(|| {
            let id = |r: Option<u32>| r.map_or("", |i| c.id(i));
            id(a.partner).cmp(id(b.partner))
        })
    });
    raws.dedup_by(|later, first| later.record == first.record && later.rule == first.rule);
    raws.sort_by(|a, b| {
        a.record.cmp(&b.record).then_with(|| b.strength.total_cmp(&a.strength)).then(a.rule.cmp(&b.rule))
    });
    let mut merged: Vec<Raw> = Vec::with_capacity(raws.len());
    for raw in raws {
        match merged.last_mut() {
            Some(lead) if lead.record == raw.record => {
                lead.also.push(raw.rule);
                lead.partner = lead.partner.or(raw.partner);
            }
            _ => merged.push(raw),
        }
    }
    merged
}

/// Every group's outcome, in group order.
pub(crate) fn analyse_groups(c: &Collected<'_>) -> Vec<Outcome> {
    parallel_map(c.groups.len(), |g| c.members(g).len(), |g| analyse(c, g), c.threads)
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
    let Some(s) = groups::stats(c, g, &positions, m, config) else { return Outcome::default() };
    let mut out = Outcome { stats: Some(s), ..Outcome::default() };
    units::tests(c, g, m, &s, &mut out.tests, &mut out.untested);
    if s.n < config.min_flag {
        return out;
    }
    // Each rule's threshold and strength in the robust units of the flagged case's scale.
    let scale = groups::case_scales(c, g, &s);
    let raw = |rule: Rule, row: usize, centre: f64, threshold: f64, strength: f64, partner: Option<u32>| Raw {
        rule,
        record: start + row as u32,
        group: g,
        centre,
        scale: scale(row),
        threshold,
        strength,
        partner,
        also: Vec::new(),
    };
    // Outliers.
    for (row, r) in m.iter().enumerate() {
        let z = groups::z(r, &s, scale(row));
        if z.abs() > config.review_z {
            out.raws.push(raw(Rule::Outlier, row, s.median, config.review_z, z.abs(), None));
        }
    }
    let Some(facts) = c.groups.get(g).map(|x| &x.facts) else { return out };
    // Near-identical pairs: the case further from the median of its kind is flagged (see
    // `similar::pairs`), with
    // its most divergent partner among those no further from it (one entry a case).
    let yuan = groups::case_yuan(c, g);
    // Within a yuan of the case's own band (where bands vary) is no difference in money: such
    // a pair is neither flagged nor counted.
    let (pairs, counts) = similar::pairs(c, g, m, facts);
    out.pairs = counts;
    for p in pairs {
        let scale = scale(p.case as usize);
        out.raws.push(raw(
            Rule::NearIdentical,
            p.case as usize,
            p.centre,
            (config.pair_gap * UNIT as f64).max(yuan(p.case as usize)) / scale,
            p.gap as f64 / scale,
            Some(start + p.partner),
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
            (r.position as f64 - s.median).abs() >= screen || flagged.binary_search(&(*row as u32)).is_ok()
        })
        .map(|(row, _)| row)
        .collect();
    let nearest = peers::nearest(c, m, facts, &queries);
    for (&q, found) in queries.iter().zip(&nearest) {
        let Some(r) = m.get(q) else { continue };
        let record = start + q as u32;
        let scale = scale(q);
        let deviation = peers::deviation(c, r.position, found, &positions, scale)
            .filter(|&(centre, _)| groups::beyond_a_yuan((r.position as f64 - centre).abs(), yuan(q)));
        if let Some((centre, strength)) = deviation {
            let threshold = (config.peer_gap * UNIT as f64).max(yuan(q)) / scale;
            out.raws.push(raw(Rule::PeerDeviation, q, centre, threshold, strength, None));
        }
        // Peers are kept only as the explanation of a flag.
        if deviation.is_some() || flagged.binary_search(&(q as u32)).is_ok() {
            out.peers.push(record, found.iter().map(|n| (start + n.index as u32, n.distance)));
        }
    }
    out.raws = merge(c, std::mem::take(&mut out.raws));
    out
}

#[cfg(test)]
mod tests {
    use super::{PeerLists, parallel_map};

    /// Lists appended one after another answer as one list: each case its own peers.
    #[test]
    fn peer_lists_append_and_find() {
        let mut first = PeerLists::default();
        first.push(3, [(4, 0.5), (5, 0.25)]);
        first.push(7, []);
        let mut second = PeerLists::default();
        second.push(10, [(11, 0.125)]);
        second.push(12, [(13, 1.0), (14, 2.0), (15, 3.0)]);
        let mut all = PeerLists::default();
        all.append(PeerLists::default());
        all.append(first);
        all.append(second);
        let got = |r: u32| all.get(r).map(|l| l.collect::<Vec<_>>());
        assert_eq!(got(3), Some(vec![(4, 0.5), (5, 0.25)]));
        assert_eq!(got(7), Some(vec![]));
        assert_eq!(got(10), Some(vec![(11, 0.125)]));
        assert_eq!(got(12), Some(vec![(13, 1.0), (14, 2.0), (15, 3.0)]));
        assert_eq!(got(4), None);
    }

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
