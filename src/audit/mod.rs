//! The consistency audit: similar cases handled inconsistently (类案不同罚, 同案不同罚),
//! following `consistency.md`.
//!
//! `check` judges one decision against its band; the audit compares decisions **with each
//! other**. Cases are compared only within a legal comparison group — one violation, one
//! version of its table, one text of its statute, one level, one addressee, one window of
//! decision years — on their position in the band `check` applied ([`normalise`]). Then:
//!
//! - **outliers**: robust z from the group median (median/MAD with a scale floor), review above
//!   3.5 and strong above 5, Tukey's far-out fences as a cross-check;
//! - **near-identical pairs**: nearly the same facts, positions more than half a band apart;
//! - **peers**: every flag names its nearest cases; a case outside its peers' P10–P90 and far
//!   from their median is flagged too;
//! - **order**: heavier levels punished clearly less than lighter ones (cells), and a ranking
//!   of cases by inversions against heavier-circumstance cases;
//! - **unit disparity**: sign tests per unit and group, Benjamini–Hochberg across the run, and
//!   a practical-effect floor in several groups;
//! - **characterisation and divergence**: the same facts filed under different violations of
//!   one statute; one statute's tables giving non-overlapping bands for the same facts.
//!
//! Every threshold is a *heuristic default* in [`AuditConfig`], never law. The report does not
//! depend on the order of the input. Records that cannot be compared are counted and listed
//! with the reason, never silently left out: `rows_read = comparable + Σ not_comparable`.
//!
//! ```
//! use discretion::audit::{AuditConfig, Auditor};
//! use discretion::generate::{CaseGenerator, Shapes, SyntheticRules};
//!
//! let spec = SyntheticRules { violations: 4, levels: 2, shapes: Shapes::Tiers };
//! let rules = spec.load().unwrap();
//! let mut auditor = Auditor::new(&rules, AuditConfig::default()).unwrap();
//! for c in CaseGenerator::new(&spec, 5).take(2_000) {
//!     auditor.add_case(&c.to_case(&spec));
//! }
//! let report = auditor.finish();
//! assert_eq!(report.summary.rows_read, 2_000);
//! let s = &report.summary;
//! let excluded: u64 = s.not_comparable.iter().map(|e| e.count).sum();
//! assert_eq!(s.rows_read, s.comparable + excluded);
//! // Every flag explains itself: its group, centre, scale and the peers it was compared with.
//! assert!(report.flags.iter().all(|f| f.n >= 10 && !f.peers.is_empty()));
//! ```

mod characterisation;
mod collect;
mod config;
mod facts;
mod fixed;
mod groups;
pub mod inversions;
pub mod isotonic;
pub mod neighbours;
pub mod normalise;
mod order;
pub mod pairs;
mod peers;
mod radix;
mod report;
mod similar;
pub mod stats;
mod store;
mod units;
mod within;

use std::collections::BTreeMap;

use rust_decimal::Decimal;

pub use collect::{MAX_CASE_ID_BYTES, MAX_CASES, NotComparable};
pub use config::{AuditConfig, InvalidConfig, MAX_LISTED_PEERS, MAX_PEERS};
pub use report::*;

use crate::check::{Assessment, Case, PreparedCase};
use crate::table::{Addressee, Benchmark, Lang, Range, format_range};
use collect::Collected;
use stats::UNIT;
use within::Raw;

/// Collects assessed cases and audits them when [`finish`](Auditor::finish)ed.
///
/// Feed it every record of the batch — assessed ones with [`add`](Auditor::add), unreadable
/// ones with [`add_unreadable`](Auditor::add_unreadable) — so that the counts reconcile.
///
/// On a machine of several cores, the cases are stored on a thread the auditor starts once 8,192
/// cases are stored (a smaller audit starts none); it ends when the auditor is finished, or once
/// it has stored the cases it was sent when the auditor is dropped (see [`storing_on_calling_thread`](Auditor::storing_on_calling_thread)).
pub struct Auditor<'r> {
    collected: Collected<'r>,
}

impl<'r> Auditor<'r> {
    /// An auditor against `rules` with `config`, or why the configuration is refused (a
    /// threshold outside its meaningful range: see [`AuditConfig::validated`]).
    pub fn new(rules: &'r Benchmark, config: AuditConfig) -> Result<Auditor<'r>, InvalidConfig> {
        Ok(Auditor { collected: Collected::new(rules, config.validated()?) })
    }

    /// Runs storing (see [`storing_on_calling_thread`](Auditor::storing_on_calling_thread)),
    /// sealing and the analysis on at most `threads` threads (1: on the calling thread
    /// alone; never more than the cores) rather than one per core — for a service that audits beside other work, or runs
    /// several auditors at once. The report is the same whatever the number.
    ///
    /// ```
    /// use std::num::NonZeroUsize;
    /// use discretion::audit::{AuditConfig, Auditor};
    /// use discretion::Benchmark;
    /// let rules = Benchmark::from_path("rules").unwrap();
    /// let auditor = Auditor::new(&rules, AuditConfig::default()).unwrap().with_threads(NonZeroUsize::MIN);
    /// assert_eq!(auditor.finish().summary.rows_read, 0);
    /// ```
    pub fn with_threads(mut self, threads: std::num::NonZeroUsize) -> Auditor<'r> {
        // Never more than the cores: the work is all computing, and each thread is an OS thread
        // (asking for thousands could fail to spawn them).
        let threads = threads.get().min(within::threads());
        self.collected.limit(threads, false);
        self
    }

    /// Stores the cases on the calling thread, as [`add`](Auditor::add) is called, rather than
    /// on a thread of its own.
    ///
    /// Unless the audit runs on one thread ([`with_threads`](Auditor::with_threads)), `add`
    /// hands about half of its work — storing the case: numbering its unit and officer,
    /// laying out its facts and id — to a thread started after the first 8,192 cases, fed batches of
    /// cases, so that a caller adding cases one by one on one thread keeps a second core busy.
    /// The report is the same either way. A caller that already keeps every core busy while
    /// adding — reading its input on threads of its own, as `discretion audit` does — gains
    /// nothing from that thread, and loses the switching between more threads than cores.
    /// Called after cases were added (as is `with_threads(1)`), it waits for the thread to
    /// store what it was sent and stores the rest here.
    ///
    /// ```
    /// use discretion::audit::{AuditConfig, Auditor};
    /// use discretion::Benchmark;
    /// let rules = Benchmark::from_path("rules").unwrap();
    /// let auditor = Auditor::new(&rules, AuditConfig::default()).unwrap().storing_on_calling_thread();
    /// assert_eq!(auditor.finish().summary.rows_read, 0);
    /// ```
    pub fn storing_on_calling_thread(mut self) -> Auditor<'r> {
        let threads = self.collected.threads;
        self.collected.limit(threads, true);
        self
    }

    /// Adds a case already prepared and checked (the fast path of batch readers), with the
    /// same [`Benchmark`] as the auditor's: a case prepared with other rules — even the same
    /// files loaded again — is not compared (its violation is not one of these rules'; reason
    /// `no_band`).
    ///
    /// With a storing thread ([`storing_on_calling_thread`](Auditor::storing_on_calling_thread)),
    /// `add` waits when four batches of cases already wait for it: memory stays bounded when
    /// cases come faster than they can be stored.
    pub fn add(&mut self, prepared: &PreparedCase<'r>, assessment: &Assessment<'r>) {
        self.collected.add(prepared, assessment);
    }

    /// Checks a case and adds it.
    pub fn add_case(&mut self, case: &Case) {
        let rules = self.collected.rules;
        let prepared = rules.prepare(case);
        let assessment = prepared.check();
        self.collected.add(&prepared, &assessment);
    }

    /// Counts a record that could not be read (its id, if it has one). A compared record of
    /// any violation sharing the id is then a conflicting id ([`NotComparable::ConflictingId`]):
    /// which of the two is the decision cannot be told. Where the violation could be read,
    /// [`add_unreadable_case`](Auditor::add_unreadable_case) limits that to its violation.
    pub fn add_unreadable(&mut self, case_id: &str) {
        self.collected.exclude_unreadable(case_id, None);
    }

    /// Counts a record that could not be read, with what of it was read: its id, and the
    /// violation it names — a compared record of that violation sharing the id is a conflicting
    /// id (one id under two violations, 一案多违法, is no repetition; a violation the rules do not
    /// know is taken as any).
    ///
    /// ```
    /// use discretion::audit::{AuditConfig, Auditor, NotComparable};
    /// use discretion::check::Case;
    /// use discretion::Benchmark;
    /// let rules = Benchmark::from_path("rules").unwrap();
    /// let mut auditor = Auditor::new(&rules, AuditConfig::default()).unwrap();
    /// let mut case = Case::new("粤环罚〔2023〕1号", "gd-env.1.3");
    /// case.decided = discretion::Date::new(2023, 5, 1).ok();
    /// case.decision.fine = Some(4_000.into());
    /// case.facts = discretion::table::Facts::new()
    ///     .word("eia_location", "general")
    ///     .flag("corrected_within_deadline", true);
    /// auditor.add_case(&case);
    /// // The same id again, its fine unreadable: which record is the decision?
    /// auditor.add_unreadable_case(&Case::new("粤环罚〔2023〕1号", "gd-env.1.3"));
    /// let report = auditor.finish();
    /// let reasons: Vec<_> = report.summary.not_comparable.iter().map(|e| (e.reason, e.count)).collect();
    /// assert_eq!(reasons, [(NotComparable::Unreadable, 1), (NotComparable::ConflictingId, 1)]);
    /// ```
    pub fn add_unreadable_case(&mut self, case: &Case) {
        self.collected.exclude_unreadable(&case.id, Some(&case.violation));
    }

    /// Runs every analysis and returns the report. The groups are analysed on scoped threads,
    /// one per core (`std::thread::available_parallelism`) unless
    /// [`with_threads`](Auditor::with_threads) says fewer, which end before it returns.
    pub fn finish(mut self) -> AuditReport {
        self.collected.seal();
        analyse(&self.collected)
    }
}

impl Benchmark {
    /// Audits a batch of cases (checking each) with `config`, or says why the configuration is
    /// refused ([`AuditConfig::validated`]).
    ///
    /// ```
    /// use discretion::audit::AuditConfig;
    /// use discretion::check::Case;
    /// use discretion::Benchmark;
    /// let rules = Benchmark::from_path("rules").unwrap();
    /// let mut case = Case::new("粤环罚〔2023〕1号", "gd-env.1.3");
    /// case.decided = "2023-05-01".parse().ok();
    /// let report = rules.audit([&case], AuditConfig::default()).unwrap();
    /// // Without a fine there is no position to compare: counted, with the reason.
    /// assert_eq!((report.summary.rows_read, report.summary.comparable), (1, 0));
    /// assert!(rules.audit([&case], AuditConfig { peers: 0, ..AuditConfig::default() }).is_err());
    /// ```
    pub fn audit<'c>(
        &self,
        cases: impl IntoIterator<Item = &'c Case>,
        config: AuditConfig,
    ) -> Result<AuditReport, InvalidConfig> {
        let mut auditor = Auditor::new(self, config)?;
        for c in cases {
            auditor.add_case(c);
        }
        Ok(auditor.finish())
    }
}

/// `x` rounded to `places` (2 or 4) — or to more, up to none, where that would put it on the
/// other side of one of `bounds`, or on it: a strength of 3.502 beside a threshold of 3.5 is
/// not shown as 3.5 (a program filtering `strength > review_z` would drop it), nor a z of 4.998
/// as 5.0 beside a strong tier at 5.002.
fn beside(x: f64, places: i32, bounds: &[f64]) -> f64 {
    for p in [places, places + 2, places + 4, places + 8] {
        let f = 10f64.powi(p);
        let r = (x * f).round() / f;
        if bounds.iter().all(|b| r.partial_cmp(b) == x.partial_cmp(b)) {
            return r;
        }
    }
    x
}

/// Micro-units to band widths, rounded to 4 places.
fn widths(p: f64) -> f64 {
    (p / UNIT as f64 * 10_000.0).round() / 10_000.0
}

/// Fen to an exact amount string.
fn amount(fen: i64) -> String {
    Decimal::new(fen, 2).normalize().to_string()
}

fn median_fine(fines: impl Iterator<Item = i64>) -> String {
    let mut fines: Vec<i64> = fines.collect();
    stats::median(&mut fines).map_or_else(String::new, |m| amount(m.round() as i64))
}

/// What a group's level is compared in along its chain ([`Measured`]).
fn measured_in(c: &Collected<'_>, group: usize) -> Measured {
    let Some(per) = order::per(c, group) else { return Measured::Fine };
    let fact = c.rules.fact_by_id(per.fact);
    let of = fact.map_or_else(String::new, |f| f.id.clone());
    let name = fact.and_then(|f| f.label.en.clone()).unwrap_or_else(|| of.clone());
    let name_zh = fact.and_then(|f| f.label.zh.clone()).unwrap_or_else(|| of.clone());
    if per.percent { Measured::Percent { of, name, name_zh } } else { Measured::Multiple { of, name, name_zh } }
}

fn label(c: &Collected<'_>, group: usize) -> GroupLabel {
    let Some(g) = c.groups.get(group) else {
        return GroupLabel {
            violation: String::new(),
            violation_name: String::new(),
            violation_name_zh: String::new(),
            table: String::new(),
            table_version: String::new(),
            addressee: "party",
            level: String::new(),
            level_zh: String::new(),
            window: String::new(),
            law_in_force_from: None,
            adjusted_by: Vec::new(),
            adjustment_unknown: Vec::new(),
            adjusted_by_zh: Vec::new(),
            adjustment_unknown_zh: Vec::new(),
        };
    };
    let table = c.rules.tables().get(g.table);
    let violation = table.and_then(|t| t.violations.get(g.violation_index));
    let addressee = if g.key.addressee == 0 { Addressee::Party } else { Addressee::ResponsiblePersons };
    let scheme = violation.and_then(|v| v.scheme_for(addressee));
    let named = |lang| {
        scheme.and_then(|s| s.level_label(g.key.level as usize, lang)).map(|l| l.into_owned()).unwrap_or_default()
    };
    let (level, level_zh) = (named(Lang::En), named(Lang::Zh));
    let years = i32::from(c.config.window_years.max(1));
    GroupLabel {
        violation: violation.map(|v| v.id.clone()).unwrap_or_default(),
        violation_name: violation.map(|v| v.label.get(Lang::En).to_string()).unwrap_or_default(),
        violation_name_zh: violation.map(|v| v.label.get(Lang::Zh).to_string()).unwrap_or_default(),
        table: table.map(|t| t.id.clone()).unwrap_or_default(),
        table_version: table.and_then(|t| t.version.clone()).unwrap_or_default(),
        addressee: if addressee == Addressee::Party { "party" } else { "responsible_persons" },
        level,
        level_zh,
        window: if years == 1 {
            g.key.window.to_string()
        } else {
            format!("{}–{}", g.key.window, g.key.window + years - 1)
        },
        law_in_force_from: law_in_force_from(c, g),
        adjusted_by: adjustment_names(table, g.key.adjusted, None),
        adjustment_unknown: adjustment_names(table, g.key.unknown, None),
        adjusted_by_zh: adjustment_names(table, g.key.adjusted, Some(Lang::Zh)),
        adjustment_unknown_zh: adjustment_names(table, g.key.unknown, Some(Lang::Zh)),
    }
}

/// [`GroupLabel::law_in_force_from`] of group `g`: its statute text's first day, where the
/// statute has several texts.
fn law_in_force_from(c: &Collected<'_>, g: &collect::Group) -> Option<String> {
    let index = usize::try_from(g.key.law.checked_sub(1)?).ok()?;
    let statute = c.rules.compiled().tables.get(g.table)?.violations.get(g.violation_index)?.statute?;
    let versions = &c.rules.statutes().get(statute)?.versions;
    (versions.len() > 1).then(|| versions.get(index).map(|v| v.effective.from.to_string())).flatten()
}

/// The ids (`lang` `None`) or names in `lang` (the id where the table gives none) of a
/// table's adjustments whose bits are set in `mask` (bit i: adjustment i).
fn adjustment_names(table: Option<&crate::table::Table>, mask: u64, lang: Option<Lang>) -> Vec<String> {
    let Some(t) = table else { return Vec::new() };
    t.adjustments
        .iter()
        .enumerate()
        .filter(|(i, _)| 1u64.checked_shl(*i as u32).is_some_and(|bit| mask & bit != 0))
        .map(|(_, a)| lang.map_or(a.id.as_str(), |lang| a.label.get_or(lang, &a.id)).to_string())
        .collect()
}

fn analyse(c: &Collected<'_>) -> AuditReport {
    let config = &c.config;
    let mut raws: Vec<Raw> = Vec::new();
    let mut tests = Vec::new();
    // Per unit or officer, the groups where it decided too few cases to be tested.
    let mut untested: rustc_hash::FxHashMap<(Dimension, u32), u64> = rustc_hash::FxHashMap::default();
    let mut flagged_in = 0u64;
    let (mut pairs_found, mut pair_searches_stopped) = (0u64, 0u64);
    let mut peers_of = within::PeerLists::default();
    let mut stats_of: Vec<Option<groups::Stats>> = Vec::with_capacity(c.groups.len());
    // Groups are in key order (sealed), so the report reads the same whatever the input order.
    for outcome in within::analyse_groups(c) {
        if outcome.stats.is_some_and(|s| s.n >= config.min_flag) {
            flagged_in += 1;
        }
        stats_of.push(outcome.stats);
        tests.extend(outcome.tests);
        for who in outcome.untested {
            *untested.entry(who).or_insert(0u64) += 1;
        }
        raws.extend(outcome.raws);
        // Groups come in key order and their cases are numbered in it: the lists stay ascending.
        peers_of.append(outcome.peers);
        pairs_found = pairs_found.saturating_add(outcome.pairs.found);
        pair_searches_stopped = pair_searches_stopped.saturating_add(outcome.pairs.stopped);
    }
    // The other parallel work next, while the memory the group analysis freed on its threads
    // is there to be reused (the allocator keeps it per thread): the peak stays lower.
    let characterised = characterisations(c);
    let (by_inversions, inversion_cases) = order::ranked_cases(c);
    let mut groups_out = Vec::new();
    let total_flags = raws.len() as u64;
    let limit = config.max_flags;
    let mut flagged_per_group: BTreeMap<usize, u64> = BTreeMap::new();
    for r in &raws {
        *flagged_per_group.entry(r.group).or_default() += 1;
    }
    // Flags: the strongest first; ties by case id then rule. Only the listed ones are ordered,
    // each case's id looked up once.
    let mut ranked: Vec<(f64, &str, Rule, &Raw)> =
        raws.iter().map(|r| (r.strength, c.id(r.record), r.rule, r)).collect();
    let strongest_first = |a: &(f64, &str, Rule, &Raw), b: &(f64, &str, Rule, &Raw)| {
        // Cases sharing an id (compared as separate cases) by their place: a total order.
        b.0.total_cmp(&a.0).then(a.1.cmp(b.1)).then(a.2.cmp(&b.2)).then(a.3.record.cmp(&b.3.record))
    };
    if limit < ranked.len() {
        ranked.select_nth_unstable_by(limit, strongest_first);
        ranked.truncate(limit);
    }
    ranked.sort_unstable_by(strongest_first);
    // Each flag's strings (its peers' ids and fines: ten a flag) made on every core, in chunks
    // kept in rank order: on one thread this was the longest part of the audit's serial end.
    const FLAGS_PER_JOB: usize = 4_096;
    let chunks: Vec<&[(f64, &str, Rule, &Raw)]> = ranked.chunks(FLAGS_PER_JOB).collect();
    // A group's percent a position is looks at each case's band where they vary: once a group,
    // not once a flag.
    let percents: Vec<Option<f64>> = (0..c.groups.len()).map(|g| percent_per_position(c, g, None)).collect();
    let made = within::parallel_map(
        chunks.len(),
        |j| chunks.get(j).map_or(0, |chunk| chunk.len()),
        |j| chunks.get(j).map_or_else(Vec::new, |chunk| made_flags(c, chunk, &peers_of, &stats_of, &percents)),
        c.threads,
    );
    let flags: Vec<Flag> = made.into_iter().flatten().collect();
    drop(ranked);

    let found_disparities = units::disparities(c, &tests);
    // A group a flag or a disparity names is shown whatever its size: it is what they are
    // measured against (a library caller may set `min_display` above `min_flag`).
    let named: std::collections::BTreeSet<usize> = found_disparities
        .iter()
        .flat_map(|f| f.tests.iter().chain(&f.contrary).map(|t| t.group))
        .chain(flagged_per_group.keys().copied())
        .collect();
    for g in 0..c.groups.len() {
        let Some(s) = stats_of.get(g).copied().flatten() else { continue };
        if s.n < config.min_display && !named.contains(&g) {
            continue;
        }
        let info = c.groups.get(g);
        let positions = sampled_positions(c.members(g));
        groups_out.push(GroupReport {
            index: g,
            label: label(c, g),
            n: s.n,
            band: info.and_then(|i| i.band).map(|b| band_text(&b)),
            band_range: info.and_then(|i| i.band),
            position_scale: info.map_or(normalise::PositionScale::Linear, |i| i.scale),
            percent_per_position: percents.get(g).copied().flatten(),
            median: widths(s.median),
            mad: widths(s.mad),
            robust_scale: widths(s.scale),
            quartiles: (widths(s.q1), widths(s.q3)),
            inside_band: (s.inside * 10_000.0).round() / 10_000.0,
            flagged: flagged_per_group.get(&g).copied().unwrap_or(0),
            positions,
        });
    }
    // Flags and disparities name groups by their index in `groups`; renumber to report order.
    let renumber: BTreeMap<usize, usize> = groups_out.iter().enumerate().map(|(i, gr)| (gr.index, i)).collect();
    for gr in &mut groups_out {
        gr.index = renumber.get(&gr.index).copied().unwrap_or(usize::MAX);
    }
    let flags: Vec<Flag> = flags
        .into_iter()
        .map(|mut f| {
            f.group = renumber.get(&f.group).copied().unwrap_or(usize::MAX);
            f
        })
        .collect();
    let named_facts = fact_names(c, &flags);

    let mut disparities: Vec<Disparity> = found_disparities
        .into_iter()
        .map(|units::Found { dimension, who, direction, tests: ts, contrary }| {
            let names = match dimension {
                Dimension::Unit => &c.units.names,
                Dimension::Officer => &c.officers.names,
            };
            // Band widths and tenths of an amount do not average: the effect is the mean over the
            // groups in band widths, or over all of them when every band is one amount.
            let unit_of = |g: usize| GapUnit::of(c.groups.get(g).map_or(normalise::PositionScale::Linear, |x| x.scale));
            let effect_unit = if ts.iter().any(|t| unit_of(t.group) == GapUnit::BandWidth) {
                GapUnit::BandWidth
            } else {
                GapUnit::TenthOfAmount
            };
            let counted: Vec<f64> = ts.iter().filter(|t| unit_of(t.group) == effect_unit).map(|t| t.shrunk).collect();
            let group_of = |t: &units::Test| DisparityGroup {
                group: renumber.get(&t.group).copied().unwrap_or(usize::MAX),
                label: label(c, t.group),
                n: t.n,
                above: t.above,
                below: t.below,
                p_value: t.p_value,
                q_value: t.q_value,
                delta: widths(t.delta),
                shrunk: widths(t.shrunk),
                unit: unit_of(t.group),
            };
            let effect = counted.iter().sum::<f64>() / counted.len().max(1) as f64;
            let unit = match dimension {
                Dimension::Unit => None,
                Dimension::Officer => c.officers.scopes.get(who as usize).and_then(|&u| c.units.names.get(u as usize)),
            };
            Disparity {
                dimension,
                name: names.get(who as usize).cloned().unwrap_or_default(),
                unit: unit.cloned(),
                direction: if direction > 0 { "heavier" } else { "lighter" },
                untested_groups: untested.get(&(dimension, who)).copied().unwrap_or(0),
                effect: widths(effect),
                effect_unit,
                groups: ts.iter().map(group_of).collect(),
                contrary_groups: contrary.iter().map(group_of).collect(),
            }
        })
        .collect();
    // Units and officers are numbered as the input first names them: the list takes an order
    // of its own (units, then officers; the largest effect first; then by name).
    disparities.sort_by(|a, b| {
        (a.dimension.cmp(&b.dimension))
            .then(b.effect.abs().total_cmp(&a.effect.abs()))
            .then_with(|| a.name.cmp(&b.name))
            .then_with(|| a.unit.cmp(&b.unit))
            .then_with(|| a.direction.cmp(b.direction))
    });

    let order_out = order::cell_inversions(c)
        .into_iter()
        .map(|(a, b, gap)| OrderInversion {
            lighter: label(c, a),
            heavier: label(c, b),
            lighter_median: order::shown_measured(c, a),
            heavier_median: order::shown_measured(c, b),
            measured_in: measured_in(c, a),
            n: (order::measured_count(c, a), order::measured_count(c, b)),
            gap: beside(gap, 4, &[c.config.order_margin]),
            gap_unit: order::unit(c, a).map_or(GapUnit::BandWidth, |(_, u)| u),
        })
        .collect();
    let case = |i: u32| {
        c.record(i).map(|r| CaseRef {
            case_id: c.id(i).to_string(),
            label: label(c, c.group_of(i)),
            fine: amount(r.fine),
            in_multiple: order::shown_case_measure(c, i),
        })
    };
    let inversions = by_inversions
        .into_iter()
        .filter_map(|ranked| {
            let CaseRef { case_id, label, fine, in_multiple } = case(ranked.record)?;
            Some(RankedCase {
                case_id,
                label,
                fine,
                in_multiple,
                measured_in: measured_in(c, c.group_of(ranked.record)),
                inversions: ranked.inversions,
                lightest_heavier: ranked.lightest_heavier.and_then(case),
            })
        })
        .collect();

    let summary = Summary {
        rows_read: c.read,
        comparable: c.comparable(),
        not_comparable: c
            .excluded
            .iter()
            .map(|(reason, e)| Excluded {
                reason: *reason,
                count: e.count,
                case_ids: e.ids.iter().cloned().collect(),
                causes: causes(e),
            })
            .collect(),
        groups: c.groups.len() as u64,
        groups_shown: 0,
        groups_flagged_in: flagged_in,
        groups_with_flags: flagged_per_group.len() as u64,
        flags: total_flags,
        flags_not_listed: total_flags.saturating_sub(limit as u64),
        near_identical_pairs: pairs_found,
        pair_searches_stopped,
        divergences_not_compared: c.divergence.undecided,
        divergences_not_compared_ids: c.divergence.undecided_ids.iter().cloned().collect(),
        divergences_not_compared_cases: c.divergence.undecided_cases,
        divergences_not_compared_causes: not_compared_causes(c),
        inversion_cases,
    };
    let mut report = AuditReport {
        schema_version: AUDIT_SCHEMA_VERSION,
        provenance: c.rules.provenance(),
        config: c.config.clone(),
        summary,
        groups: groups_out,
        flags,
        disparities,
        order: order_out,
        inversions,
        characterisations: characterised,
        divergences: divergences(c),
        fact_names: named_facts,
    };
    report.summary.groups_shown = report.groups.len() as u64;
    report
}

/// The names of the facts `flags` and their peers record.
fn fact_names(c: &Collected<'_>, flags: &[Flag]) -> BTreeMap<String, FactNames> {
    // Inserted one by one: a table has a few dozen facts, the flags and their peers name them
    // millions of times (collecting would sort every mention first).
    let mut ids: std::collections::BTreeSet<&String> = std::collections::BTreeSet::new();
    for id in flags.iter().flat_map(|f| f.facts.keys().chain(f.peers.iter().flat_map(|p| p.facts.keys()))) {
        ids.insert(id);
    }
    ids.into_iter()
        .filter_map(|id| {
            let fact = c.rules.fact(id)?;
            let values_zh = match &fact.fact_type {
                crate::table::FactType::Enum(values) => values
                    .iter()
                    .zip(&fact.value_labels)
                    .filter_map(|(v, label)| label.zh.clone().map(|zh| (v.clone(), zh)))
                    .collect(),
                _ => BTreeMap::new(),
            };
            let names = FactNames {
                name: fact.label.en.clone().unwrap_or_else(|| id.clone()),
                name_zh: fact.label.zh.clone().unwrap_or_else(|| id.clone()),
                values_zh,
                yuan: matches!(fact.fact_type, crate::table::FactType::Amount)
                    && fact.unit.as_deref().is_none_or(|u| u == "yuan"),
            };
            Some((id.clone(), names))
        })
        .collect()
}

/// A reason's causes, the commonest first (ties by code and text), those counted together last.
fn causes(e: &collect::Excluded) -> Vec<Cause> {
    let mut out: Vec<Cause> = e
        .causes
        .iter()
        .map(|((code, text), (text_zh, count))| Cause {
            code: (*code).to_string(),
            text: text.clone(),
            text_zh: text_zh.clone(),
            count: *count,
        })
        .collect();
    out.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| (&a.code, &a.text).cmp(&(&b.code, &b.text))));
    if e.other_causes > 0 {
        out.push(Cause {
            code: String::new(),
            text: "causes not counted apart (past the first 1,000, or none given)".to_string(),
            text_zh: "未单独计数的原因（超出前 1,000 种，或未给出）".to_string(),
            count: e.other_causes,
        });
    }
    out
}

/// The positions (in band widths) of at most 2,000 of a group's cases, evenly spaced by rank
/// (its cases are sorted by position): chosen before they are converted — converting all ten
/// million took a tenth of a second of the audit's serial end.
fn sampled_positions(sorted: &[collect::Record]) -> Vec<f64> {
    const MAX: usize = 2_000;
    let position = |r: &collect::Record| widths(r.position as f64);
    if sorted.len() <= MAX {
        return sorted.iter().map(position).collect();
    }
    let step = (sorted.len() - 1) as f64 / (MAX - 1) as f64;
    (0..MAX).filter_map(|k| sorted.get((k as f64 * step).round() as usize)).map(position).collect()
}

/// A band's ends as exact strings; a missing minimum is 0, a missing maximum empty.
fn band_text(b: &Range) -> (String, String) {
    let lo = b.min.unwrap_or_default().normalize().to_string();
    (lo, b.max.map(|d| d.normalize().to_string()).unwrap_or_default())
}

/// The flags of `ranked`, in its order.
fn made_flags(
    c: &Collected<'_>,
    ranked: &[(f64, &str, Rule, &Raw)],
    peers_of: &within::PeerLists,
    stats_of: &[Option<groups::Stats>],
    percents: &[Option<f64>],
) -> Vec<Flag> {
    ranked.iter().filter_map(|x| flag(c, x.3, peers_of, stats_of, percents)).collect()
}

fn flag(
    c: &Collected<'_>,
    raw: &Raw,
    peers_of: &within::PeerLists,
    stats_of: &[Option<groups::Stats>],
    percents: &[Option<f64>],
) -> Option<Flag> {
    let r = c.record(raw.record)?;
    let partner = raw.partner.and_then(|p| c.record(p));
    let s = stats_of.get(raw.group).copied().flatten()?;
    let name = |names: &Vec<String>, i: u32| names.get(i as usize).cloned();
    let peers = peers_of
        .get(raw.record)
        .map(|list| {
            list.filter_map(|(m, distance)| {
                let p = c.record(m)?;
                Some(Peer {
                    case_id: c.id(m).to_string(),
                    fine: amount(p.fine),
                    position: widths(p.position as f64),
                    distance: (distance * 10_000.0).round() / 10_000.0,
                    facts: c.recorded_facts(m),
                })
            })
            .collect()
        })
        .unwrap_or_default();
    // The threshold shown on the side of the strength it is; the strength on the side of both.
    let threshold = beside(raw.threshold, 2, &[raw.strength]);
    // The case's robust z in its group, whatever the rule: a pair's or a peer's strength is a
    // gap, not this.
    let z = groups::z(r, &s, raw.scale);
    Some(Flag {
        rule: raw.rule,
        also: raw.also.clone(),
        verdict: r.verdict(),
        case_id: c.id(raw.record).to_string(),
        group: raw.group,
        label: label(c, raw.group),
        n: s.n,
        centre: widths(raw.centre),
        scale: widths(raw.scale),
        threshold,
        fine: amount(r.fine),
        position: widths(r.position as f64),
        strength: beside(raw.strength, 2, &[raw.threshold, threshold, c.config.review_z, c.config.strong_z]),
        z: beside(z, 2, &[-c.config.strong_z, -c.config.review_z, c.config.review_z, c.config.strong_z]),
        tier: if raw.strength > c.config.strong_z { Tier::Strong } else { Tier::Review },
        beyond_tukey: groups::beyond_tukey(r.position, &s),
        outside_band: r.outside_band(),
        partner: raw.partner.map(|p| c.id(p).to_string()),
        partner_fine: partner.map(|p| amount(p.fine)),
        partner_position: partner.map(|p| widths(p.position as f64)),
        facts: c.recorded_facts(raw.record),
        peers,
        unit: name(&c.units.names, r.unit),
        officer: name(&c.officers.names, r.officer),
        position_scale: c.groups.get(raw.group).map_or(normalise::PositionScale::Linear, |g| g.scale),
        percent_per_position: percent_per_position(c, raw.group, Some((raw.record, r))),
        band_range: c.groups.get(raw.group).and_then(|g| g.band),
        group_percent_per_position: percents.get(raw.group).copied().flatten(),
    })
}

/// On a one-amount band, how many percent of the amount one unit of position is: 10 — or, for
/// an amount under 10 yuan, whose unit is 1 yuan rather than a tenth of it, 100 divided by the
/// amount. Of `case` (its number and record: its own band where the group's varies), or of
/// the whole group (`None` where its cases' amounts give different answers). `None` off the
/// point scale, and for an amount of 0.
fn percent_per_position(c: &Collected<'_>, g: usize, case: Option<(u32, &collect::Record)>) -> Option<f64> {
    use rust_decimal::prelude::ToPrimitive;
    let group = c.groups.get(g).filter(|x| x.scale == normalise::PositionScale::Point)?;
    // The one rule of what a unit is (`check`'s); 100 × unit ÷ amount.
    let of_amount = |amount: Decimal| {
        let unit = crate::check::point_unit(amount);
        unit.checked_mul(Decimal::ONE_HUNDRED)?.checked_div(amount)?.to_f64().filter(|_| amount > Decimal::ZERO)
    };
    if let Some(band) = group.band {
        return of_amount(band.min.unwrap_or_default());
    }
    // Each case's unit, in fen: above one yuan it is a tenth of the amount.
    let yuan = 100;
    match case {
        Some((record, r)) => {
            let unit = *group.widths.get(record.checked_sub(group.members.start)? as usize)?;
            // One yuan: the amount is the fine less the position, in yuan.
            let amount = || Decimal::new(r.fine, 2).checked_sub(Decimal::new(r.position, UNIT.ilog10()));
            if unit > yuan { Some(10.0) } else { of_amount(amount()?) }
        }
        None => group.widths.iter().all(|&unit| unit > yuan).then_some(10.0),
    }
}

/// Records sharing a signature (facts and party) under one statute, filed under more than one
/// (violation, level).
fn characterisations(c: &Collected<'_>) -> Vec<Characterisation> {
    let statute_of = |g: usize| -> Option<usize> {
        let info = c.groups.get(g)?;
        c.rules.compiled().tables.get(info.table)?.violations.get(info.violation_index)?.statute
    };
    // Cases are characterised differently only under one version of one table (across tables
    // violation ids always differ — that is the cross-table divergence — and a new version may
    // renumber or re-tier its violations), in one time window and under one text of the law,
    // as groups are.
    let mut by_statute: BTreeMap<(usize, usize, i32, u32), Vec<usize>> = BTreeMap::new();
    for (g, info) in c.groups.iter().enumerate() {
        if let Some(s) = statute_of(g) {
            by_statute.entry((s, info.table, info.key.window, info.key.law)).or_default().push(g);
        }
    }
    // Statutes are independent: shared out among the cores.
    let statutes: Vec<(usize, Vec<usize>)> = by_statute.into_iter().map(|((s, ..), gs)| (s, gs)).collect();
    let size = |k: usize| statutes.get(k).map_or(0, |(_, gs)| gs.iter().map(|&g| c.members(g).len()).sum());
    let mut out: Vec<Characterisation> = within::parallel_map(
        statutes.len(),
        size,
        |k| statutes.get(k).map(|(s, gs)| of_statute(c, *s, gs)).unwrap_or_default(),
        c.threads,
    )
    .into_iter()
    .flatten()
    .collect();
    out.sort_by(|a, b| {
        (&a.statute, a.variants.first().map(|v| &v.case_ids))
            .cmp(&(&b.statute, b.variants.first().map(|v| &v.case_ids)))
    });
    out
}

/// The characterisations under one statute of its groups (see [`characterisations`]).
fn of_statute(c: &Collected<'_>, statute: usize, groups: &[usize]) -> Vec<Characterisation> {
    let mut out = Vec::new();
    let variant = |g: usize| c.groups.get(g).map(|x| (x.key.violation, x.key.level));
    let first = groups.first().and_then(|&g| variant(g));
    if groups.iter().all(|&g| variant(g) == first) {
        return Vec::new();
    }
    // Only signatures found under more than one (violation, level) can be characterised
    // differently: found first from each group's distinct signatures, so that only their
    // cases are keyed (a whole run's keys would cost 32 bytes a case).
    let mut seen: Vec<(u64, (u32, u32))> = Vec::new();
    for &g in groups {
        let Some(v) = variant(g) else { continue };
        let mut signatures: Vec<u64> = c.members(g).iter().map(|r| r.signature()).collect();
        // By their top half first (four scatters, not eight); the rare runs alike there are
        // then sorted in full.
        radix::sort_by_prefix(&mut signatures, |&s| s >> 32);
        signatures.dedup();
        seen.extend(signatures.into_iter().map(|s| (s, v)));
    }
    // One sorted run per group: the stable sort finds the runs and merges them (N log G, where
    // sorting afresh is N log N).
    seen.sort();
    seen.dedup();
    let shared: Vec<u64> = seen
        .chunk_by(|a, b| a.0 == b.0)
        .filter(|run| run.len() >= 2)
        .filter_map(|run| run.first())
        .map(|x| x.0)
        .collect();
    drop(seen);
    if shared.is_empty() {
        return Vec::new();
    }
    // (signature, violation, level, record): one sort puts each set of equal facts
    // together, its characterisations in order.
    let mut keyed: Vec<(u64, u32, u32, u32)> = Vec::new();
    for &g in groups {
        let (Some((violation, level)), Some(info)) = (variant(g), c.groups.get(g)) else { continue };
        for (i, r) in info.members.clone().zip(c.members(g)) {
            if shared.binary_search(&r.signature()).is_ok() {
                keyed.push((r.signature(), violation, level, i));
            }
        }
    }
    keyed.sort_unstable();
    let statute_id = c.rules.statutes().get(statute).map(|s| s.id.clone()).unwrap_or_default();
    let statute_title = StatuteTitle::of(c.rules, &statute_id);
    for run in keyed.chunk_by(|a, b| a.0 == b.0) {
        let variants: Vec<&[(u64, u32, u32, u32)]> = run.chunk_by(|a, b| (a.1, a.2) == (b.1, b.2)).collect();
        if variants.len() < 2 {
            continue;
        }
        out.push(Characterisation {
            statute: statute_id.clone(),
            statute_title: statute_title.clone(),
            variants: variants
                .into_iter()
                .map(|v| {
                    let mut recs: Vec<u32> = v.iter().map(|k| k.3).collect();
                    recs.sort_unstable_by(|a, b| c.ids_cmp(*a, *b));
                    let first = recs.first().map_or(0, |&i| c.group_of(i));
                    Variant {
                        label: label(c, first),
                        n: recs.len() as u64,
                        median_fine: median_fine(recs.iter().filter_map(|&i| c.record(i)).map(|r| r.fine)),
                        case_ids: recs.iter().take(20).map(|&i| c.id(i).to_string()).collect(),
                    }
                })
                .collect(),
        });
    }
    out
}

/// The causes of the cross-table comparisons not made, in words (see
/// [`Summary::divergences_not_compared_causes`]).
fn not_compared_causes(c: &Collected<'_>) -> Vec<NotComparedCause> {
    use characterisation::Lacking;
    c.divergence
        .undecided_causes
        .iter()
        .map(|&(why, cases)| {
            let version = c.rules.group_refs(why.other).first().copied();
            let table = version.and_then(|(t, _)| c.rules.tables().get(t));
            let violation = version.and_then(|(t, v)| c.rules.tables().get(t)?.violations.get(v));
            let (other, other_table) =
                (violation.map(|v| v.id.clone()).unwrap_or_default(), table.map(|t| t.id.clone()).unwrap_or_default());
            let fact = match why.lacking {
                Lacking::Fact(f) => c.rules.fact_by_id(f),
                Lacking::Level | Lacking::Other => None,
            };
            let (text, text_zh) = match (violation, fact, why.lacking) {
                (None, _, _) => (
                    "causes not counted apart (past the first 65,535)".to_string(),
                    "未单独计数的原因（超出前 65,535 种）".to_string(),
                ),
                (Some(_), Some(f), _) => (
                    format!("{other} (table {other_table}) reads `{}`, which the cases do not record", f.id),
                    format!("{other}（基准 {other_table}）所需的事实“{}”案件未记录", f.label.get_or(Lang::Zh, &f.id)),
                ),
                (Some(_), None, Lacking::Level) => (
                    format!("no level of {other} (table {other_table}) matches the cases' facts"),
                    format!("{other}（基准 {other_table}）没有与案件事实相符的阶次"),
                ),
                (Some(_), None, _) => (
                    format!("{other} (table {other_table}) cannot tell its band for the cases' facts"),
                    format!("{other}（基准 {other_table}）无法就案件事实确定幅度"),
                ),
            };
            NotComparedCause { other, other_table, missing_fact: fact.map(|f| f.id.clone()), text, text_zh, cases }
        })
        .collect()
}

fn divergences(c: &Collected<'_>) -> Vec<Divergence> {
    let name = |g: usize, ti: usize, level: usize, lang: Lang| -> String {
        let Some(t) = c.rules.tables().get(ti) else { return String::new() };
        let v = c.rules.group_refs(g).iter().find(|(x, _)| *x == ti).and_then(|(_, vi)| t.violations.get(*vi));
        let level = v.and_then(|v| v.scheme.level_label(level, lang)).map(|l| l.into_owned()).unwrap_or_default();
        let version = t.version.as_deref().unwrap_or("");
        format!("{} {} ({} {version})", v.map(|v| v.id.as_str()).unwrap_or(""), level, t.id)
    };
    c.divergence
        .found
        .iter()
        .map(|(&(g, ti, level, og, oti, olevel), seen)| {
            let statute = c
                .rules
                .group_refs(g)
                .iter()
                .find(|(x, _)| *x == ti)
                .and_then(|(t, v)| c.rules.tables().get(*t)?.violations.get(*v))
                .map(|v| v.statute.clone())
                .unwrap_or_default();
            Divergence {
                statute_title: StatuteTitle::of(c.rules, &statute),
                statute,
                applied: name(g, ti, level, Lang::En),
                applied_zh: name(g, ti, level, Lang::Zh),
                applied_band: format_range(&seen.band, crate::table::Lang::En),
                other: name(og, oti, olevel, Lang::En),
                other_zh: name(og, oti, olevel, Lang::Zh),
                other_band: format_range(&seen.other_band, crate::table::Lang::En),
                applied_range: seen.band,
                other_range: seen.other_band,
                cases: seen.cases,
                example: seen.example.clone(),
            }
        })
        .collect()
}
#[cfg(test)]
pub(crate) mod testing {
    /// Deterministic xorshift64* generator for randomised brute-force comparisons.
    pub(crate) struct Rng(pub(crate) u64);

    impl Rng {
        pub(crate) fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
        }

        /// Uniform-ish in 0..n (n > 0).
        pub(crate) fn below(&mut self, n: u64) -> u64 {
            self.next() % n
        }

        /// Uniform-ish in lo..=hi.
        pub(crate) fn range(&mut self, lo: i64, hi: i64) -> i64 {
            let span = (i128::from(hi) - i128::from(lo) + 1) as u128;
            (i128::from(lo) + (u128::from(self.next()) % span) as i128) as i64
        }
    }
}

#[cfg(test)]
mod tests {
    use super::beside;

    /// Rounded to the places asked, unless that puts the number on or across a bound: then to
    /// more, so that what is shown keeps the side of each bound the number is on.
    #[test]
    fn shown_numbers_keep_their_side_of_each_bound() {
        assert_eq!(beside(3.567, 2, &[3.5]), 3.57);
        assert_eq!(beside(3.502, 2, &[3.5]), 3.502);
        assert_eq!(beside(4.998, 2, &[3.5, 5.0]), 4.998);
        assert_eq!(beside(5.002, 2, &[5.0]), 5.002);
        assert_eq!(beside(5.0, 2, &[5.0]), 5.0);
        assert_eq!(beside(3.5049, 2, &[3.5041]), 3.5049);
        assert_eq!(beside(0.500001, 4, &[0.5]), 0.500001);
        assert_eq!(beside(-3.5001, 2, &[-3.5]), -3.5001);
        // Closer than any rounding: the number itself.
        assert_eq!(beside(3.5 + 1e-12, 2, &[3.5]), 3.5 + 1e-12);
        assert!(beside(f64::NAN, 2, &[3.5]).is_nan());
    }
}
