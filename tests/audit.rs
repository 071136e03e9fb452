//! The consistency audit: each rule with a case that triggers it and one that must not;
//! counts that reconcile; planted inconsistencies found (recall ≥ 0.95, precision ≥ 0.9 at
//! 100,000 rows); a report independent of the input order.

use std::collections::BTreeSet;

use discretion::audit::{
    AuditConfig, AuditReport, Auditor, Dimension, GapUnit, Measured, NotComparable, RecordedValue, Rule, shown_amount,
};
use discretion::check::{Case, Party, Procedure};
use discretion::generate::{AuditScenario, Shapes, SyntheticRules};
use discretion::table::{Facts, Lang};
use discretion::{Benchmark, Date, Decimal};
use proptest::prelude::*;

/// Two tiers on `amount_involved` per violation: level-0 [1,000, 3,000) for violation 0.
fn spec() -> SyntheticRules {
    SyntheticRules { violations: 2, levels: 2, shapes: Shapes::TwinTiers }
}

struct Batch {
    rules: Benchmark,
    cases: Vec<Case>,
}

impl Batch {
    fn new() -> Batch {
        Batch { rules: spec().load().unwrap(), cases: Vec::new() }
    }

    /// A case of violation `v`, level 0 (amount 5,000), at `position` in [1,000, 3,000).
    fn add(&mut self, id: &str, v: usize, position: f64, unit: &str) -> &mut Case {
        self.add_with(id, v, position, unit, 5_000, 1_000)
    }

    fn add_with(&mut self, id: &str, v: usize, position: f64, unit: &str, amount: i64, gains: i64) -> &mut Case {
        let fine = 1_000.0 + position * 2_000.0;
        let mut c = Case::new(id, format!("syn.{v}"));
        c.party = Some(Party::Organisation);
        c.decided = Date::new(2021, 6, 1).ok();
        c.act_ended = Date::new(2021, 3, 1).ok();
        c.discovered = c.act_ended;
        c.facts = Facts::new().number("amount_involved", amount).number("illegal_gains", gains);
        c.factors = Some(Vec::new());
        c.grave_harm = Some(false);
        c.decision.fine = Some(Decimal::from(fine.round() as i64));
        c.decision.confiscated_gains = Some(Decimal::from(gains));
        c.procedure = Procedure { summary: Some(false), hearing_notified: Some(true), ..Procedure::default() };
        c.unit = Some(unit.to_string());
        self.cases.push(c);
        self.cases.last_mut().unwrap()
    }

    /// `n` ordinary cases of violation `v` around position 0.4, facts spread out.
    fn crowd(&mut self, prefix: &str, v: usize, n: usize, unit: &str) {
        for i in 0..n {
            let p = 0.4 + 0.02 * ((i % 7) as f64 - 3.0);
            self.add_with(&format!("{prefix}{i:03}"), v, p, unit, 4_000 + 17 * i as i64, 1_000 + 9_973 * i as i64);
        }
    }

    fn audit(&self) -> AuditReport {
        self.rules.audit(&self.cases, AuditConfig { max_flags: 27_000, ..AuditConfig::default() }).unwrap()
    }
}

fn flagged(r: &AuditReport, rule: Rule) -> BTreeSet<String> {
    r.flags.iter().filter(|f| f.rule == rule || f.also.contains(&rule)).map(|f| f.case_id.clone()).collect()
}

/// A negative fine given through the API (the readers refuse one) is a data error: counted
/// with its reason, never placed in its group as the strongest outlier.
#[test]
fn a_negative_fine_is_not_compared() {
    let mut b = Batch::new();
    b.crowd("A", 0, 30, "u");
    b.add("NEG", 0, 0.4, "u").decision.fine = Some(Decimal::from(-1_800));
    b.add("NEG-GAINS", 0, 0.4, "u").decision.confiscated_gains = Some(Decimal::from(-1));
    let r = b.audit();
    assert_eq!(reason_count(&r, NotComparable::NegativeAmount), 2, "{:?}", r.summary);
    assert_eq!((r.summary.rows_read, r.summary.comparable), (32, 30));
    assert!(r.flags.is_empty(), "{:?}", r.flags);
}

#[test]
fn outliers_only_in_groups_large_enough() {
    let mut b = Batch::new();
    b.crowd("A", 0, 30, "u");
    b.add("FAR", 0, 1.4, "u");
    let r = b.audit();
    assert_eq!(flagged(&r, Rule::Outlier), BTreeSet::from(["FAR".to_string()]));
    // One flag for the case, whatever rules agree on it; with what `check` says of it alone.
    assert_eq!(r.flags.len(), 1, "{:?}", r.flags);
    let f = &r.flags[0];
    assert!(f.rule == Rule::Outlier || f.also.contains(&Rule::Outlier));
    assert_eq!(f.verdict, discretion::check::Verdict::NeedsReview);
    assert_eq!((f.n, f.label.level.as_str()), (31, "level-0"));
    assert!(f.strength > f.threshold && f.peers.len() == 10, "{f:?}");
    assert!(f.message(discretion::table::Lang::Zh).contains("中位数"));
    // Under ten cases: statistics shown, nobody flagged.
    let mut small = Batch::new();
    small.crowd("A", 0, 5, "u");
    small.add("FAR", 0, 1.4, "u");
    let r = small.audit();
    assert!(r.flags.is_empty(), "{:?}", r.flags);
    assert_eq!(r.groups.len(), 1);
    assert_eq!(r.groups[0].n, 6);
}

/// A flagged case's group is shown even when it is smaller than `min_display` (a library
/// caller's configuration is not validated): every flag names a group of the report.
#[test]
fn a_flag_always_names_a_group_of_the_report() {
    let mut b = Batch::new();
    b.crowd("A", 0, 30, "u");
    b.add("FAR", 0, 1.4, "u");
    let r = b.rules.audit(&b.cases, AuditConfig { min_display: 50, ..AuditConfig::default() }).unwrap();
    assert_eq!(r.flags.len(), 1, "{:?}", r.flags);
    assert_eq!(r.groups.len(), 1);
    assert_eq!((r.flags[0].group, r.groups[0].n), (0, 31));
    // Without flags the small group is not shown.
    let mut quiet = Batch::new();
    quiet.crowd("A", 0, 30, "u");
    let r = quiet.rules.audit(&quiet.cases, AuditConfig { min_display: 50, ..AuditConfig::default() }).unwrap();
    assert!(r.flags.is_empty() && r.groups.is_empty(), "{:?}", r.groups);
}

/// Cases with identical facts are all at distance 0 from each other: the peers a flag names are
/// then a tie-break's choice, which must favour no part of the band (taking the group's order
/// as the tie-break made every case's peers the lowest fines of the group).
#[test]
fn peers_among_identical_cases_are_not_the_lowest_fines() {
    let mut b = Batch::new();
    for i in 0..200 {
        b.add(&format!("S{i:03}"), 0, 0.3 + 0.2 * f64::from(i) / 200.0, "u");
    }
    b.add("FAR", 0, 1.4, "u");
    let r = b.audit();
    let far = r.flags.iter().find(|f| f.case_id == "FAR").expect("FAR is flagged");
    assert_eq!(far.peers.len(), 10);
    assert!(far.peers.iter().all(|p| p.distance == 0.0), "{:?}", far.peers);
    let mut positions: Vec<f64> = far.peers.iter().map(|p| p.position).collect();
    positions.sort_by(f64::total_cmp);
    // The ten lowest of the group sit below 0.31 band widths; ten taken evenly, around 0.4.
    assert!(positions[5] > 0.32, "peers bunched at the bottom of the group: {positions:?}");
}

/// A numeric fact a case does not give is unknown, not 0: the nearest peers of a case with no
/// illegal gains are the cases with no gains, not those that do not say.
#[test]
fn a_missing_fact_is_unknown_to_the_peer_search() {
    let mut b = Batch::new();
    for i in 0..20 {
        b.add_with(&format!("ZERO{i:02}"), 0, 0.40 + 0.001 * f64::from(i), "u", 5_000, 0);
        let c = b.add_with(&format!("NONE{i:02}"), 0, 0.41 + 0.001 * f64::from(i), "u", 5_000, 0);
        c.facts = Facts::new().number("amount_involved", 5_000);
        c.decision.confiscated_gains = None;
    }
    b.add_with("FAR", 0, 1.4, "u", 5_000, 0);
    let r = b.audit();
    let far = r.flags.iter().find(|f| f.case_id == "FAR").expect("FAR is flagged");
    assert_eq!(far.peers.len(), 10);
    assert!(far.peers.iter().all(|p| p.case_id.starts_with("ZERO") && p.distance == 0.0), "{:?}", far.peers);
}

#[test]
fn near_identical_pairs_name_their_partner() {
    let mut b = Batch::new();
    b.crowd("A", 0, 30, "u");
    b.add_with("LOW", 0, 0.05, "u", 9_000, 777_777);
    b.add_with("HIGH", 0, 0.85, "u", 9_100, 777_800);
    // The same gap between cases whose facts differ is no pair.
    b.add_with("OTHER", 0, 0.9, "u", 9_000, 5);
    let r = b.audit();
    let pairs: Vec<_> =
        r.flags.iter().filter(|f| f.rule == Rule::NearIdentical || f.also.contains(&Rule::NearIdentical)).collect();
    assert_eq!(pairs.len(), 1, "{pairs:?}");
    assert_eq!(pairs[0].partner.as_deref(), Some(if pairs[0].case_id == "LOW" { "HIGH" } else { "LOW" }));
    assert_eq!((r.summary.near_identical_pairs, r.summary.pair_searches_stopped), (1, 0));
    // The partner's fine and position are given, and which way it lies: a reviewer sees both
    // fines without looking the partner up (it need not be among the peers).
    let partner = r.flags.iter().flat_map(|f| &f.peers).find(|p| Some(&p.case_id) == pairs[0].partner.as_ref());
    let (fine, position) = (pairs[0].partner_fine.clone().unwrap(), pairs[0].partner_position.unwrap());
    if let Some(p) = partner {
        assert_eq!((&p.fine, p.position), (&fine, position));
    }
    let higher = position > pairs[0].position;
    let message = pairs[0].message(Lang::En);
    let said = format!("(fine {}, at {position:.2}), with near-identical facts, sits ", shown_amount(&fine));
    assert!(message.contains(&said), "{message}");
    assert!(
        message.contains(if higher {
            "band widths higher (threshold 0.50"
        } else {
            "band widths lower (threshold 0.50"
        }),
        "{message}"
    );
    assert!(pairs[0].message(Lang::Zh).contains(if higher { "位置比本案高" } else { "位置比本案低" }));
}

/// A flag names its case's most divergent partner; every pair found is counted in the summary,
/// not dropped without a word.
#[test]
fn every_near_identical_pair_found_is_counted() {
    let mut b = Batch::new();
    b.crowd("A", 0, 30, "u");
    for i in 0..15 {
        b.add_with(&format!("LOW{i:02}"), 0, 0.05 + 0.001 * f64::from(i), "u", 9_000, 777_777);
    }
    b.add_with("HIGH", 0, 0.95, "u", 9_000, 777_777);
    let r = b.audit();
    let high = r.flags.iter().find(|f| f.case_id == "HIGH").expect("HIGH is flagged");
    assert!(high.rule == Rule::NearIdentical || high.also.contains(&Rule::NearIdentical), "{high:?}");
    // Fifteen qualifying pairs, all with HIGH (the lows are within half a band of each other).
    assert_eq!((r.summary.near_identical_pairs, r.summary.pair_searches_stopped), (15, 0), "{:?}", r.summary);
    assert!(high.partner.as_deref().is_some_and(|p| p.starts_with("LOW")), "{high:?}");
}

/// Of each near-identical pair the case farther from the group's median is flagged, however
/// many pairs its partners have: 25 cases fined at the bottom of the band and 25 at 0.9 of it,
/// with the same facts as one another, beside the group's crowd (median 0.4). Each high case
/// is in 25 pairs; when flags came from the pairs listed (ten a case), only ten of the 25 were
/// flagged, and nothing said so (found by an independent re-computation).
#[test]
fn every_case_farther_in_a_near_identical_pair_is_flagged() {
    let mut b = Batch::new();
    b.crowd("A", 0, 50, "u");
    for i in 0..25 {
        b.add_with(&format!("LOW{i:02}"), 0, 0.0, "u", 9_000, 777_777);
        b.add_with(&format!("HIGH{i:02}"), 0, 0.9, "u", 9_000, 777_777);
    }
    let r = b.audit();
    let highs: BTreeSet<String> = (0..25).map(|i| format!("HIGH{i:02}")).collect();
    assert_eq!(flagged(&r, Rule::NearIdentical), highs, "{:?}", r.summary);
    assert_eq!((r.summary.near_identical_pairs, r.summary.pair_searches_stopped), (625, 0), "{:?}", r.summary);
    // Each names one of its partners at the widest gap, the same one (the group's order picks
    // among cases fined alike).
    let partners: BTreeSet<Option<&str>> =
        r.flags.iter().filter(|f| f.case_id.starts_with("HIGH")).map(|f| f.partner.as_deref()).collect();
    assert_eq!(partners.len(), 1, "{partners:?}");
    assert!(partners.iter().all(|p| p.is_some_and(|p| p.starts_with("LOW"))), "{partners:?}");
}

/// Of a near-identical pair, the case farther from the median of the cases sharing its yes/no
/// and enum facts is flagged, not the one farther from the group's median, which cases with
/// other facts set. Twenty-one cases in a sensitive area fined alike near the top, one fined
/// low: the one is flagged, not the twenty-one consistent decisions (all of which were, above
/// it in the list, when the group's median 0.4 decided). Where a block splits evenly, the
/// group's median decides.
#[test]
fn a_near_identical_pair_flags_the_case_out_of_line_with_its_own_kind() {
    let sensitive = |c: &mut Case| c.facts = std::mem::take(&mut c.facts).word("area", "sensitive");
    let mut b = Batch::new();
    b.crowd("A", 0, 30, "u");
    for i in 0..21 {
        sensitive(b.add_with(&format!("SAME{i:02}"), 0, 0.95, "u", 9_000, 777_777));
    }
    sensitive(b.add_with("TEST", 0, 0.3, "u", 9_000, 777_777));
    let r = b.audit();
    assert_eq!(flagged(&r, Rule::NearIdentical), BTreeSet::from(["TEST".to_string()]), "{:?}", r.summary);
    let test = r.flags.iter().find(|f| f.case_id == "TEST").unwrap();
    assert_eq!(test.rule, Rule::NearIdentical, "{test:?}");
    assert_eq!(test.centre, 0.95, "the centre it is farther from: its own kind's median");
    // An even split of ten and ten: the block's median is halfway, and the group's (0.4)
    // says which side is out of line.
    let mut b = Batch::new();
    b.crowd("A", 0, 30, "u");
    for i in 0..10 {
        sensitive(b.add_with(&format!("LOW{i:02}"), 0, 0.0, "u", 9_000, 777_777));
        sensitive(b.add_with(&format!("HIGH{i:02}"), 0, 0.9, "u", 9_000, 777_777));
    }
    let r = b.audit();
    let highs: BTreeSet<String> = (0..10).map(|i| format!("HIGH{i:02}")).collect();
    assert_eq!(flagged(&r, Rule::NearIdentical), highs, "{:?}", r.summary);
    assert_eq!(r.summary.near_identical_pairs, 100);
}

#[test]
fn units_heavier_in_several_groups_are_reported() {
    let mut b = Batch::new();
    for v in 0..2 {
        b.crowd(&format!("V{v}-"), v, 60, "ordinary");
        for i in 0..40 {
            b.add_with(&format!("H{v}-{i}"), v, 0.75 + 0.01 * (i % 5) as f64, "harsh", 6_000 + i, 10 + i);
        }
        for i in 0..40 {
            b.add_with(&format!("M{v}-{i}"), v, 0.42, "mild", 7_000 + i, 90 + i);
        }
    }
    // A third group (the next five-year window) where `harsh` decided too few cases to be
    // tested (under `unit_min_n`, 20).
    let before = b.cases.len();
    b.crowd("W-", 0, 60, "ordinary");
    for i in 0..5 {
        b.add_with(&format!("HW-{i}"), 0, 0.8, "harsh", 6_000 + i, 10 + i);
    }
    for c in &mut b.cases[before..] {
        (c.act_ended, c.discovered, c.decided) =
            (Date::new(2025, 3, 1).ok(), Date::new(2025, 3, 1).ok(), Date::new(2025, 6, 1).ok());
    }
    let r = b.audit();
    let units: Vec<_> = r.disparities.iter().filter(|d| d.dimension == Dimension::Unit).collect();
    assert_eq!(units.len(), 1, "{units:?}");
    assert_eq!((units[0].name.as_str(), units[0].direction, units[0].groups.len()), ("harsh", "heavier", 2));
    // Said, so that "2 groups" is not read as "2 of all its groups".
    assert_eq!(units[0].untested_groups, 1);
    assert!(units[0].groups.iter().all(|g| g.p_value < 1e-6 && g.delta > 0.15));
    // In one group only, the same difference is not a disparity (the floor of two groups).
    let mut one = Batch::new();
    one.crowd("V", 0, 60, "ordinary");
    for i in 0..40 {
        one.add_with(&format!("H{i}"), 0, 0.75, "harsh", 6_000 + i, 10 + i);
    }
    assert!(one.audit().disparities.is_empty());
}

/// A unit heavier in two groups and as clearly lighter in a third is not simply heavier: the
/// third is listed as contrary, and not averaged into its effect (a statistician's trial saw
/// only "heavier: 2 groups"). Every test carries its Benjamini–Hochberg adjusted p-value, at
/// most `fdr_q` where significant.
#[test]
fn a_unit_lighter_where_it_is_otherwise_heavier_is_said() {
    let mut b = Batch::new();
    for v in 0..2 {
        b.crowd(&format!("V{v}-"), v, 60, "ordinary");
        for i in 0..40 {
            b.add_with(&format!("H{v}-{i}"), v, 0.75 + 0.01 * (i % 5) as f64, "harsh", 6_000 + i, 10 + i);
        }
    }
    let before = b.cases.len();
    b.crowd("W-", 0, 60, "ordinary");
    for i in 0..40 {
        b.add_with(&format!("HW-{i}"), 0, 0.05, "harsh", 6_000 + i, 10 + i);
    }
    for c in &mut b.cases[before..] {
        (c.act_ended, c.discovered, c.decided) =
            (Date::new(2025, 3, 1).ok(), Date::new(2025, 3, 1).ok(), Date::new(2025, 6, 1).ok());
    }
    let r = b.audit();
    let harsh: Vec<_> = r.disparities.iter().filter(|d| d.name == "harsh").collect();
    assert_eq!(harsh.len(), 1, "{:?}", r.disparities);
    let d = harsh[0];
    assert_eq!((d.direction, d.groups.len(), d.contrary_groups.len()), ("heavier", 2, 1), "{d:?}");
    assert!(d.contrary_groups[0].delta < -0.15 && d.contrary_groups[0].label.window.starts_with("2025"), "{d:?}");
    // The effect is the heavier groups' alone.
    assert!(d.effect > 0.15, "{d:?}");
    for g in d.groups.iter().chain(&d.contrary_groups) {
        assert!(g.q_value <= r.config.fdr_q && g.q_value >= g.p_value, "{g:?}");
    }
    // Where it is heavier everywhere, nothing is contrary.
    let mut plain = Batch::new();
    for v in 0..2 {
        plain.crowd(&format!("V{v}-"), v, 60, "ordinary");
        for i in 0..40 {
            plain.add_with(&format!("H{v}-{i}"), v, 0.75, "harsh", 6_000 + i, 10 + i);
        }
    }
    let r = plain.audit();
    assert!(r.disparities.iter().all(|d| d.contrary_groups.is_empty()), "{:?}", r.disparities);
}

/// A flag's robust z is the case's place in its group whatever the rule: a near-identical pair
/// at the foot of a wide group is a strong pair and no outlier (a statistician's trial read the
/// pair's strength as its z).
#[test]
fn every_flag_gives_the_case_robust_z() {
    let mut b = Batch::new();
    // Fines spread over the whole band: a wide group.
    for i in 0..30 {
        b.add_with(&format!("A{i:02}"), 0, i as f64 / 30.0, "u", 4_000 + 17 * i, 1_000 + 9_973 * i);
    }
    b.add_with("LOW", 0, 0.1, "u", 9_000, 777_777);
    b.add_with("HIGH", 0, 0.9, "u", 9_100, 777_800);
    let r = b.audit();
    let pair = r.flags.iter().find(|f| f.rule == Rule::NearIdentical).expect("a pair flag");
    let group = &r.groups[pair.group];
    let z = (pair.position - group.median) / pair.scale;
    assert!((pair.z - z).abs() < 0.01, "{} {z}", pair.z);
    // Its strength is the pair's gap; the case itself is no outlier.
    assert!(pair.z.abs() < r.config.review_z && !pair.also.contains(&Rule::Outlier), "{pair:?}");
    assert!((pair.strength * pair.scale - (pair.position - pair.partner_position.unwrap()).abs()).abs() < 0.01);
    // Far out of a tight group: an outlier by its z, though the peer rule, measured from the
    // peers' median, flags it more strongly.
    let mut tight = Batch::new();
    tight.crowd("A", 0, 30, "u");
    tight.add("FAR", 0, 0.95, "u");
    let r = tight.audit();
    let far = r.flags.iter().find(|f| f.case_id == "FAR").expect("an outlier");
    assert_eq!((far.rule, far.also.as_slice()), (Rule::PeerDeviation, &[Rule::Outlier][..]), "{far:?}");
    assert!(far.z > r.config.strong_z && far.z != far.strength, "{far:?}");
    let group = &r.groups[far.group];
    assert!((far.z - (far.position - group.median) / far.scale).abs() < 0.01, "{far:?}");
}

/// Several units out of line are listed in an order of their own — units before officers,
/// the largest effect first — whatever order the input names them in (they were listed in the
/// order each first appeared, a user found by shuffling 200,000 rows).
#[test]
fn disparities_are_listed_whatever_the_input_order() {
    let mut b = Batch::new();
    for v in 0..2 {
        b.crowd(&format!("V{v}-"), v, 80, "ordinary");
        for (unit, p) in [("a-slightly-harsh", 0.62), ("b-harsh", 0.8), ("c-lenient", 0.2)] {
            for i in 0..30 {
                b.add_with(&format!("{unit}{v}-{i}"), v, p + 0.01 * (i % 5) as f64, unit, 6_000 + i, 10 + i);
            }
        }
    }
    let forward = b.audit();
    let names: Vec<(&str, &str)> = forward.disparities.iter().map(|d| (d.name.as_str(), d.direction)).collect();
    assert_eq!(names.len(), 3, "{names:?}");
    assert_eq!(names[0], ("b-harsh", "heavier"));
    let effects: Vec<f64> = forward.disparities.iter().map(|d| d.effect.abs()).collect();
    assert!(effects.windows(2).all(|w| w[0] >= w[1]), "{effects:?}");
    b.cases.reverse();
    let backward = b.audit();
    assert_eq!(serde_json::to_string(&forward).unwrap(), serde_json::to_string(&backward).unwrap());
}

#[test]
fn heavier_levels_punished_less_are_reported() {
    let mut b = Batch::new();
    // Level 0: fines near the top of [1,000, 3,000); level 1 (amount ≥ 10,000): band
    // [3,000, 5,000], fined at 500 — 1,300 below the lighter level's median of 1,800, more
    // than the margin of half a band width (1,000).
    b.crowd("L0-", 0, 25, "u");
    for i in 0..25 {
        b.add_with(&format!("L1-{i}"), 0, -0.25, "u", 12_000 + i, 50 + i);
    }
    let r = b.audit();
    assert_eq!(r.order.len(), 1, "{:?}", r.order);
    assert_eq!((r.order[0].lighter.level.as_str(), r.order[0].heavier.level.as_str()), ("level-0", "level-1"));
    // 1,300 below, in level 0's band widths of 2,000.
    assert_eq!((r.order[0].gap, r.order[0].gap_unit), (0.65, discretion::audit::GapUnit::BandWidth));
    // Heavier punished more: nothing to report.
    let mut ok = Batch::new();
    ok.crowd("L0-", 0, 25, "u");
    for i in 0..25 {
        ok.add_with(&format!("L1-{i}"), 0, 1.5, "u", 12_000 + i, 50 + i);
    }
    assert!(ok.audit().order.is_empty());
}

/// Levels with one amount each (a table placing every case at its tier's middle, a clamped
/// band) have no width: their order is measured as their positions are, in units of 10 % of the
/// amount — with a width of 0 no inversion could ever be reported.
#[test]
fn heavier_one_amount_levels_punished_less_are_reported() {
    let tiers = table("ta", 5000, 5000).replace(
        "      - {id: only, when: {fact: size, at_least: 0}, fine: {min: 5000, max: 5000}}",
        "      - {id: light, when: {fact: size, below: 100}, fine: {min: 5000, max: 5000}}\n      \
         - {id: heavy, when: {fact: size, at_least: 100}, fine: {min: 10000, max: 10000}}",
    );
    assert!(tiers.contains("id: heavy"), "{tiers}");
    let rules = Benchmark::from_sources([("f.yaml", TWO_TABLES), ("a.yaml", tiers.as_str())]).unwrap();
    let cases = |heavy_fine: i64| -> Vec<Case> {
        (0..50)
            .map(|i| {
                let mut c = three_cases_of_ta().remove(0);
                c.id = format!("C{i:02}");
                let heavy = i % 2 == 1;
                c.facts = Facts::new().number("size", if heavy { 150 + i } else { 10 + i });
                c.decision.fine = Some(Decimal::from(if heavy { heavy_fine } else { 5000 }));
                c
            })
            .collect()
    };
    let r = rules.audit(&cases(3000), AuditConfig::default()).unwrap();
    assert_eq!(r.order.len(), 1, "{:?}", r.order);
    assert_eq!((r.order[0].lighter.level.as_str(), r.order[0].heavier.level.as_str()), ("light", "heavy"));
    // 2,000 below, in units of 500 (10 % of the lighter level's 5,000).
    assert_eq!(r.order[0].gap, 4.0);
    assert!(rules.audit(&cases(10000), AuditConfig::default()).unwrap().order.is_empty());
}

#[test]
fn the_same_facts_under_twin_violations_are_reported() {
    let mut b = Batch::new();
    b.crowd("A", 0, 12, "u");
    b.add_with("AS-0", 0, 0.4, "u", 8_888, 123_456);
    b.add_with("AS-1", 1, 0.4, "u", 8_888, 123_456);
    // Same violation and facts twice: one characterisation, not two.
    b.add_with("SAME-A", 0, 0.4, "u", 7_777, 42);
    b.add_with("SAME-B", 0, 0.5, "u", 7_777, 42);
    let r = b.audit();
    assert_eq!(r.characterisations.len(), 1, "{:?}", r.characterisations);
    let ids: Vec<&str> =
        r.characterisations[0].variants.iter().flat_map(|v| v.case_ids.iter().map(String::as_str)).collect();
    assert_eq!(ids, ["AS-0", "AS-1"]);
    // Decided in another time window, the twin is no characterisation.
    let twin = b.cases.iter_mut().find(|c| c.id == "AS-1").unwrap();
    twin.decided = Date::new(2031, 6, 1).ok();
    twin.act_ended = Date::new(2031, 3, 1).ok();
    twin.discovered = twin.act_ended;
    let r = b.audit();
    assert!(r.characterisations.is_empty(), "{:?}", r.characterisations);
    assert_eq!(r.summary.comparable, b.cases.len() as u64);
}

/// Across tables violation ids always differ: the same facts under Guangdong's and Jiangmen's
/// violation of one statute (each filed under its own jurisdiction's table) are the cross-table
/// divergence, not a characterisation.
#[test]
fn the_same_facts_under_two_tables_are_no_characterisation() {
    let rules = Benchmark::from_sources([
        ("f.yaml", TWO_TABLES),
        ("a.yaml", table("ta", 1000, 5000).as_str()),
        ("b.yaml", table("tb", 1000, 5000).as_str()),
    ])
    .unwrap();
    let mut cases = three_cases_of_ta();
    let mut other = cases[0].clone();
    other.id = "B0".into();
    other.violation = "tb.v".into();
    cases.push(other);
    let r = rules.audit(&cases, AuditConfig::default()).unwrap();
    assert!(r.characterisations.is_empty(), "{:?}", r.characterisations);
    assert_eq!(r.summary.comparable, 4);
}

const TWO_TABLES: &str = "
discretion: 1
facts:
  - {id: size, type: amount}
statutes:
  - id: s1
    citation: {instrument: 某法, article: 1}
    versions:
      - effective: {from: 2015-01-01}
        branches:
          - {id: general, fine: {min: 1000, max: 100000}}
";

fn table(id: &str, min: i64, max: i64) -> String {
    format!(
        "discretion: 1
table:
  id: {id}
  version: \"1\"
  title: {{zh: 表, en: table}}
  authority: {{zh: 机关}}
  jurisdiction: CN
  currency: CNY
  effective: {{from: 2015-01-01}}
  source: {{name: doc}}
  boundaries: {{above: inclusive, below: inclusive}}
violations:
  - id: {id}.v
    name: {{zh: 违法, en: violation}}
    legal_basis:
      violated: [{{instrument: 某法, article: 1}}]
      penalty: [{{instrument: 某法, article: 1}}]
    statute: s1
    tiers:
      - {{id: only, when: {{fact: size, at_least: 0}}, fine: {{min: {min}, max: {max}}}}}
"
    )
}

/// A table whose bands are a percentage of the amount involved: 10–30 % below 100,000, 30–50 %
/// from it. Each case has its own band.
const PERCENT_TABLE: &str = "
discretion: 1
table:
  id: tp
  version: \"1\"
  title: {zh: 表, en: table}
  authority: {zh: 机关}
  jurisdiction: CN
  currency: CNY
  effective: {from: 2015-01-01}
  source: {name: doc}
  boundaries: {above: inclusive, below: inclusive}
violations:
  - id: tp.v
    name: {zh: 违法, en: violation}
    legal_basis:
      violated: [{instrument: 某法, article: 1}]
      penalty: [{instrument: 某法, article: 1}]
    statute: s1
    tiers:
      - {id: lighter, when: {fact: size, at_least: 0, less_than: 100000}, fine: {basis: percent, of: size, min: 10, max: 30}}
      - {id: heavier, when: {fact: size, at_least: 100000}, fine: {basis: percent, of: size, min: 30, max: 50}}
";

/// Where each case has its own band (a percentage of a fact), the order check and the
/// inversion margin measure in the percentage, with the cases' own band widths in it. Before,
/// such a level had no one band (the order check skipped it without a word); then fines were
/// compared in money, where a case fined 7 % of a small base looked lighter than one fined 2 %
/// of a large one.
#[test]
fn levels_whose_bands_vary_are_ordered_in_their_cases_band_widths() {
    let rules = Benchmark::from_sources([("s.yaml", TWO_TABLES), ("t.yaml", PERCENT_TABLE)]).unwrap();
    let case = |id: String, size: i64, fine: i64| {
        let mut c = Case::new(id, "tp.v");
        c.decided = Date::new(2020, 1, 1).ok();
        c.facts = Facts::new().number("size", size);
        c.decision.fine = Some(Decimal::from(fine));
        c
    };
    // Lighter cases: 24 sizes from 20,000 to 77,500 fined 25 % of it (band 10–30 %, 20 points
    // wide); heavier cases fined 2,000, 2 % to 1.02 % of their sizes, far below their own bands.
    let mut cases: Vec<Case> = (0..24).map(|i| case(format!("L{i:02}"), 20_000 + 2_500 * i, 5_000 + 625 * i)).collect();
    cases.extend((0..25).map(|i| case(format!("H{i:02}"), 100_000 + 4_000 * i, 2_000)));
    let r = rules.audit(&cases, AuditConfig { max_flags: 27_000, ..AuditConfig::default() }).unwrap();
    // Lighter median 25 %, heavier median 2,000 / 148,000 = 1.3514 %: 23.6486 points below, in
    // band widths of 20 points.
    assert_eq!(r.order.len(), 1, "{:?}", r.order);
    let o = &r.order[0];
    assert_eq!((o.lighter.level.as_str(), o.heavier.level.as_str()), ("lighter", "heavier"));
    assert_eq!((o.lighter_median.as_str(), o.heavier_median.as_str()), ("25", "1.3514"));
    assert!(matches!(&o.measured_in, Measured::Percent { of, .. } if of == "size"), "{o:?}");
    // (The report gives gaps to four places.)
    assert!((o.gap - (25.0 - 2_000.0 / 1_480.0) / 20.0).abs() < 1e-4, "{o:?}");
    assert_eq!(o.gap_unit, GapUnit::BandWidth);
    // Every lighter case (25 %, margin max(20 points, 25 % of 25 %) = 20 points) counts every
    // heavier one: each is fined under 5 %.
    assert_eq!(r.summary.inversion_cases, 24, "{:?}", r.summary);
    let ranked: BTreeSet<&str> = r.inversions.iter().map(|x| x.case_id.as_str()).collect();
    assert_eq!(
        ranked,
        (0..24).map(|i| format!("L{i:02}")).collect::<BTreeSet<_>>().iter().map(String::as_str).collect()
    );
    assert!(r.inversions.iter().all(|x| x.inversions == 25), "{:?}", r.inversions);
}

/// [`PERCENT_TABLE`]'s violation fined in multiples of `size` — 2–3 times where `repeat` is
/// under 2, 4–10 times from 2 — under a statute of 1 to `statute_max` yuan.
fn rules_in_multiples(statute_max: &str) -> Benchmark {
    let statute = TWO_TABLES
        .replace("  - {id: size, type: amount}", "  - {id: size, type: amount}\n  - {id: repeat, type: count}")
        .replace("fine: {min: 1000, max: 100000}", &format!("fine: {{min: 1, max: {statute_max}}}"));
    let table = PERCENT_TABLE
        .replace(
            "{id: lighter, when: {fact: size, at_least: 0, less_than: 100000}, fine: {basis: percent, of: size, min: 10, max: 30}}",
            "{id: lighter, when: {fact: repeat, less_than: 2}, fine: {basis: multiple, of: size, min: 2, max: 3}}",
        )
        .replace(
            "{id: heavier, when: {fact: size, at_least: 100000}, fine: {basis: percent, of: size, min: 30, max: 50}}",
            "{id: heavier, when: {fact: repeat, at_least: 2}, fine: {basis: multiple, of: size, min: 4, max: 10}}",
        );
    assert!(table != PERCENT_TABLE && statute != TWO_TABLES);
    Benchmark::from_sources([("s.yaml", statute.as_str()), ("t.yaml", table.as_str())]).unwrap()
}

/// A case of [`rules_in_multiples`] decided in 2020.
fn multiple_case(id: String, repeat: i64, size: i64, fine: Decimal) -> Case {
    let mut c = Case::new(id, "tp.v");
    c.decided = Date::new(2020, 1, 1).ok();
    c.facts = Facts::new().number("size", size).number("repeat", repeat);
    c.decision.fine = Some(fine);
    c
}

/// Fines set as multiples of each case's own gains compare in the multiple, not in money:
/// heavier cases fined 7 times gains of 30,000 (210,000) are not "below" lighter ones fined 2.5
/// times gains of 1,000,000, and a heavier level fined at a lower multiple than a lighter one is
/// found whatever the money.
#[test]
fn levels_fined_in_multiples_are_ordered_in_the_multiple() {
    let rules = rules_in_multiples("100000000");
    let case = |id: String, repeat: i64, size: i64, times: Decimal| {
        multiple_case(id, repeat, size, Decimal::from(size) * times)
    };
    let lighter = |i: i64, times: Decimal| case(format!("L{i:02}"), 1, 1_000_000 + 10_000 * i, times);
    let heavier = |i: i64, times: Decimal| case(format!("H{i:02}"), 3, 30_000 + 1_000 * i, times);
    let (mid_light, mid_heavy) = (Decimal::new(25, 1), Decimal::from(7));
    let mut cases: Vec<Case> = (0..20).map(|i| lighter(i, mid_light)).collect();
    cases.extend((0..20).map(|i| heavier(i, mid_heavy)));
    let r = rules.audit(&cases, AuditConfig { max_flags: 27_000, ..AuditConfig::default() }).unwrap();
    assert!(r.order.is_empty(), "{:?}", r.order);
    assert_eq!(r.summary.inversion_cases, 0, "{:?}", r.summary);
    assert!(r.inversions.is_empty(), "{:?}", r.inversions);

    // The heavier level fined at the bottom of the lighter band (2 times): 0.5 of the lighter
    // band's width (1 time) below it — not more than half, so not reported …
    let mut low: Vec<Case> = (0..20).map(|i| lighter(i, mid_light)).collect();
    low.extend((0..20).map(|i| heavier(i, Decimal::from(2))));
    let r = rules.audit(&low, AuditConfig { max_flags: 27_000, ..AuditConfig::default() }).unwrap();
    assert!(r.order.is_empty(), "{:?}", r.order);
    // … and at 1.5 times, one width below: reported, in the multiple.
    let mut lower: Vec<Case> = (0..20).map(|i| lighter(i, mid_light)).collect();
    lower.extend((0..20).map(|i| heavier(i, Decimal::new(15, 1))));
    let r = rules.audit(&lower, AuditConfig { max_flags: 27_000, ..AuditConfig::default() }).unwrap();
    assert_eq!(r.order.len(), 1, "{:?}", r.order);
    let o = &r.order[0];
    assert_eq!((o.lighter_median.as_str(), o.heavier_median.as_str()), ("2.5", "1.5"));
    assert!((o.gap - 1.0).abs() < 1e-9, "{o:?}");
    assert!(matches!(&o.measured_in, Measured::Multiple { of, .. } if of == "size"), "{o:?}");
    assert_eq!(o.measured_in.shown(&o.heavier_median, Lang::En), "1.5 × size");
    // Case level: each lighter case (2.5 times, margin max(1 time, 25 % of 2.5)) counts the 20
    // heavier cases fined 1.5 times: none, as 1.5 is not below 2.5 − 1.
    assert_eq!(r.summary.inversion_cases, 0, "{:?}", r.summary);
}

/// A multiple level's case whose band the statute cut (its amount cap below the multiples) is
/// not measured in the multiple: its fine is no multiple the band set. A review found heavier
/// cases fined at the statute's 2,000,000 cap — 1.8 times their large gains — reported as
/// punished less than lighter cases fined 2.5 times small ones.
#[test]
fn a_multiple_level_cut_by_the_statute_is_not_measured_in_the_multiple() {
    let rules = rules_in_multiples("2000000");
    let case = multiple_case;
    // Lighter: gains 40,000 and up, 2.5 times (inside the cap); heavier: gains of 1,000,000
    // and up, whose 4–10 times the cap cuts to 2,000,000, fined that.
    let mut cases: Vec<Case> = (0..20)
        .map(|i| case(format!("L{i:02}"), 1, 40_000 + 100 * i, Decimal::from(40_000 + 100 * i) * Decimal::new(25, 1)))
        .collect();
    cases.extend((0..20).map(|i| case(format!("H{i:02}"), 3, 1_000_000 + 10_000 * i, Decimal::from(2_000_000))));
    for c in &cases {
        let a = rules.check(c);
        assert!(a.verdict == discretion::check::Verdict::Compliant, "{}: {:?}", c.id, a.findings);
    }
    let r = rules.audit(&cases, AuditConfig { max_flags: 27_000, ..AuditConfig::default() }).unwrap();
    assert!(r.order.is_empty(), "{:?}", r.order);
    assert_eq!(r.summary.inversion_cases, 0, "{:?}", r.summary);
}

/// Two copies of one record alike in fine and position whose bands differ — the statute's cap
/// changed between their dates, so one band is 5,000–15,000 and the other 5,000 alone — are
/// conflicting ids: which band (and width) the case had cannot be told, and keeping the first
/// made the order check and the inversion margins depend on the input order.
#[test]
fn copies_of_a_record_with_different_bands_conflict() {
    let statute = TWO_TABLES.replace(
        "      - effective: {from: 2015-01-01}\n        branches:\n          - {id: general, fine: {min: 1000, max: 100000}}",
        "      - effective: {from: 2015-01-01, until: 2021-05-31}\n        branches:\n          - {id: general, fine: {min: 1000, max: 100000}}\n      - effective: {from: 2021-06-01}\n        branches:\n          - {id: general, fine: {min: 1000, max: 5000}}",
    );
    assert_ne!(statute, TWO_TABLES);
    let rules = Benchmark::from_sources([("s.yaml", statute.as_str()), ("t.yaml", PERCENT_TABLE)]).unwrap();
    let dated = |id: &str, month: u8| {
        let mut c = Case::new(id, "tp.v");
        c.act_ended = Date::new(2021, month, 1).ok();
        c.decided = Date::new(2021, month, 15).ok();
        c.facts = Facts::new().number("size", 50_000);
        c.decision.fine = Some(Decimal::from(5_000));
        c
    };
    let mut cases = vec![dated("D", 1), dated("D", 9), dated("E", 2), dated("E", 2)];
    let r = rules.audit(&cases, AuditConfig::default()).unwrap();
    assert_eq!(reason_count(&r, NotComparable::ConflictingId), 2, "{:?}", r.summary);
    assert_eq!(reason_count(&r, NotComparable::Repeated), 1, "{:?}", r.summary);
    cases.swap(0, 1);
    let again = rules.audit(&cases, AuditConfig::default()).unwrap();
    assert_eq!(serde_json::to_string(&again).unwrap(), serde_json::to_string(&r).unwrap());
}

/// Three cases of table `ta`'s violation, size 10, fined 3,000 in 2020.
fn three_cases_of_ta() -> Vec<Case> {
    (0..3)
        .map(|i| {
            let mut c = Case::new(format!("C{i}"), "ta.v");
            c.decided = Date::new(2020, 1, 1).ok();
            c.facts = Facts::new().number("size", 10);
            c.decision.fine = Some(Decimal::from(3000));
            c
        })
        .collect()
}

/// A record decided before its act ended (`check`'s C034) is not compared: its dates cannot
/// say which window it belongs to — a slip in one year would move it to another group — and
/// the audit says so rather than place it by whichever date it read. Its id still blocks a
/// compared copy, as any copy left out does.
#[test]
fn records_whose_dates_contradict_each_other_are_not_compared() {
    let rules =
        Benchmark::from_sources([("s.yaml", TWO_TABLES), ("t.yaml", table("ta", 1000, 5000).as_str())]).unwrap();
    let mut cases = three_cases_of_ta();
    let mut odd = cases[0].clone();
    odd.id = "ODD".into();
    odd.act_ended = Date::new(2023, 6, 1).ok();
    cases.push(odd.clone());
    let r = rules.audit(&cases, AuditConfig::default()).unwrap();
    assert_eq!(reason_count(&r, NotComparable::DatesOutOfOrder), 1, "{:?}", r.summary);
    assert_eq!((r.summary.rows_read, r.summary.comparable), (4, 3), "{:?}", r.summary);
    // Dates in order: compared.
    odd.act_ended = Date::new(2019, 6, 1).ok();
    *cases.last_mut().unwrap() = odd.clone();
    let r = rules.audit(&cases, AuditConfig::default()).unwrap();
    assert_eq!(reason_count(&r, NotComparable::DatesOutOfOrder), 0, "{:?}", r.summary);
    assert_eq!(r.summary.comparable, 4, "{:?}", r.summary);
    // A copy of C1 with contradicting dates: C1 is a conflicting id.
    let mut copy = cases[1].clone();
    copy.act_ended = Date::new(2023, 6, 1).ok();
    cases.push(copy);
    let r = rules.audit(&cases, AuditConfig::default()).unwrap();
    assert_eq!(reason_count(&r, NotComparable::ConflictingId), 1, "{:?}", r.summary);
    // A discovery after the decision (C034 too) chooses no window: compared.
    let mut late = three_cases_of_ta()[2].clone();
    late.id = "LATE".into();
    late.discovered = Date::new(2021, 3, 1).ok();
    let r = rules.audit(&[late.clone()], AuditConfig::default()).unwrap();
    assert_eq!((r.summary.comparable, reason_count(&r, NotComparable::DatesOutOfOrder)), (1, 0), "{:?}", r.summary);
    // The act ending before it began: not compared.
    late.act_started = Date::new(2019, 9, 1).ok();
    late.act_ended = Date::new(2019, 8, 1).ok();
    late.discovered = None;
    let r = rules.audit(&[late], AuditConfig::default()).unwrap();
    assert_eq!(reason_count(&r, NotComparable::DatesOutOfOrder), 1, "{:?}", r.summary);
}

/// An unreadable record is a copy of its id too: a compared record sharing it, under the
/// violation the unreadable one names (or any, where it names none known), is a conflicting
/// id — which of the two is the decision cannot be told. A trial found the readable copy
/// compared where a copy left out for any other reason blocks it. Under another violation the
/// id is no repetition (一案多违法).
#[test]
fn an_unreadable_copy_of_an_id_blocks_the_readable_one() {
    let (ta, tb) = (table("ta", 1000, 5000), table("tb", 2000, 6000));
    let rules =
        Benchmark::from_sources([("s.yaml", TWO_TABLES), ("a.yaml", ta.as_str()), ("b.yaml", tb.as_str())]).unwrap();
    let audit = |unreadable: &[(&str, &str)], by_id_only: bool| {
        let mut auditor = Auditor::new(&rules, AuditConfig::default()).unwrap();
        for c in three_cases_of_ta() {
            auditor.add_case(&c);
        }
        for &(id, violation) in unreadable {
            if by_id_only {
                auditor.add_unreadable(id);
            } else {
                auditor.add_unreadable_case(&Case::new(id, violation));
            }
        }
        auditor.finish()
    };
    for (unreadable, conflicting) in [
        (vec![("C1", "ta.v")], 1),
        (vec![("C1", "no-such-violation")], 1),
        (vec![("C1", "")], 1),
        (vec![("C1", "tb.v")], 0),
        (vec![("C9", "ta.v")], 0),
        (vec![("", "ta.v")], 0),
    ] {
        let r = audit(&unreadable, false);
        assert_eq!(reason_count(&r, NotComparable::ConflictingId), conflicting, "{unreadable:?} {:?}", r.summary);
        assert_eq!(reason_count(&r, NotComparable::Unreadable), 1, "{unreadable:?}");
        assert_eq!(r.summary.rows_read, 4);
    }
    // By id alone, any violation.
    let r = audit(&[("C1", "tb.v")], true);
    assert_eq!(reason_count(&r, NotComparable::ConflictingId), 1, "{:?}", r.summary);
}

#[test]
fn tables_of_one_statute_that_disagree_are_reported() {
    let (a, b, c) = (table("ta", 1000, 5000), table("tb", 20000, 40000), table("tc", 4000, 9000));
    let rules = Benchmark::from_sources([
        ("f.yaml", TWO_TABLES),
        ("a.yaml", a.as_str()),
        ("b.yaml", b.as_str()),
        ("c.yaml", c.as_str()),
    ])
    .unwrap();
    let cases = three_cases_of_ta();
    let r = rules.audit(&cases, AuditConfig::default()).unwrap();
    // ta [1,000, 5,000] and tb [20,000, 40,000] do not overlap; tc [4,000, 9,000] does.
    assert_eq!(r.divergences.len(), 1, "{:?}", r.divergences);
    let d = &r.divergences[0];
    assert_eq!((d.statute.as_str(), d.cases, d.example.as_str()), ("s1", 3, "C0"));
    assert!(d.other.starts_with("tb.v"), "{d:?}");
}

/// Tables whose violations breach different provisions are not compared though they cite one
/// statute; a violation that names no provision violated, or only its penalty provision, is
/// (its conduct unknown, the statute is all there is to go by), and so is one citing the
/// article where the other cites its paragraph.
#[test]
fn tables_compare_only_violations_of_the_same_provision() {
    // Both tables penalise under 某法 Art. 1; ta's breach is of Art. 3.
    let violated = "violated: [{instrument: 某法, article: 1}]";
    let breach = |article: &str| format!("violated: [{article}]");
    let a = table("ta", 1000, 5000).replace(violated, &breach("{instrument: 某法, article: 3}"));
    let divergences = |b: String| {
        let rules =
            Benchmark::from_sources([("f.yaml", TWO_TABLES), ("a.yaml", a.as_str()), ("b.yaml", b.as_str())]).unwrap();
        rules.audit(&three_cases_of_ta(), AuditConfig::default()).unwrap().divergences.len()
    };
    let b = table("tb", 20000, 40000);
    assert_eq!(divergences(b.replace(violated, &breach("{instrument: 某法, article: 3}"))), 1);
    assert_eq!(divergences(b.replace(violated, &breach("{instrument: 某法, article: 2}"))), 0);
    assert_eq!(divergences(b.replace(violated, &breach("{instrument: 另一法, article: 3}"))), 0);
    assert_eq!(
        divergences(b.replace(violated, &breach("{instrument: 《中华人民共和国某法》, article: 3, paragraph: 2}"))),
        1
    );
    // Unknown conduct: no provision, or only the penalty provision.
    assert_eq!(divergences(b.replace(violated, "violated: []")), 1);
    assert_eq!(divergences(b.clone()), 1);
}

/// Two violations of one table citing one statute distinguish two kinds of conduct: their
/// bands for the same facts may lie apart without any divergence (the same facts filed under
/// both is a characterisation). Another table citing the statute is still compared.
#[test]
fn violations_of_one_table_are_not_compared_as_tables() {
    let second = table("ta", 20000, 40000);
    let second = second.split_once("violations:\n").map(|(_, v)| v.replace("ta.v", "ta.w")).unwrap();
    let one_table = format!("{}{second}", table("ta", 1000, 5000));
    let rules = Benchmark::from_sources([("f.yaml", TWO_TABLES), ("a.yaml", one_table.as_str())]).unwrap();
    let r = rules.audit(&three_cases_of_ta(), AuditConfig::default()).unwrap();
    assert!(r.divergences.is_empty(), "{:?}", r.divergences);
    assert_eq!(r.summary.divergences_not_compared, 0);
    let other = table("tb", 20000, 40000);
    let rules =
        Benchmark::from_sources([("f.yaml", TWO_TABLES), ("a.yaml", one_table.as_str()), ("b.yaml", other.as_str())])
            .unwrap();
    let r = rules.audit(&three_cases_of_ta(), AuditConfig::default()).unwrap();
    let others: Vec<&str> = r.divergences.iter().map(|d| d.other.as_str()).collect();
    assert!(others.len() == 1 && others[0].starts_with("tb.v"), "{others:?}");
}

/// Cross-table comparisons are counted for the records compared: a record read twice counts
/// once, records of a conflicting id not at all — divergences and comparisons not made alike —
/// and the example is a case that stays.
#[test]
fn cross_table_counts_leave_out_repeated_records() {
    let facts = TWO_TABLES
        .replace("  - {id: size, type: amount}", "  - {id: size, type: amount}\n  - {id: weight, type: amount}");
    let needs_weight = table("td", 1000, 5000).replace("fact: size", "fact: weight");
    let rules = Benchmark::from_sources([
        ("f.yaml", facts.as_str()),
        ("a.yaml", table("ta", 1000, 5000).as_str()),
        ("b.yaml", table("tb", 20000, 40000).as_str()),
        ("d.yaml", needs_weight.as_str()),
    ])
    .unwrap();
    let mut cases = three_cases_of_ta();
    cases.extend(three_cases_of_ta());
    // C0 again with another fine: a conflicting id, none of its records compared.
    let mut conflicting = three_cases_of_ta().remove(0);
    conflicting.decision.fine = Some(Decimal::from(4000));
    cases.push(conflicting);
    let r = rules.audit(&cases, AuditConfig::default()).unwrap();
    assert_eq!(r.summary.comparable, 2, "{:?}", r.summary);
    assert_eq!(r.divergences.len(), 1, "{:?}", r.divergences);
    assert_eq!((r.divergences[0].cases, r.divergences[0].example.as_str()), (2, "C1"));
    // td cannot tell its band without `weight`: once for each case compared.
    assert_eq!(r.summary.divergences_not_compared, 2);
    // More conflicting ids below the one case that stays than examples are kept: the example
    // is still a case compared.
    let mut cases = Vec::new();
    for i in 0..70 {
        for fine in [3000, 4000] {
            let mut c = three_cases_of_ta().remove(0);
            c.id = format!("A{i:02}");
            c.decision.fine = Some(Decimal::from(fine));
            cases.push(c);
        }
    }
    let mut stays = three_cases_of_ta().remove(0);
    stays.id = "Z".into();
    cases.push(stays);
    let r = rules.audit(&cases, AuditConfig::default()).unwrap();
    assert_eq!(r.summary.comparable, 1, "{:?}", r.summary);
    assert_eq!(r.divergences.len(), 1, "{:?}", r.divergences);
    assert_eq!((r.divergences[0].cases, r.divergences[0].example.as_str()), (1, "Z"));
    assert_eq!(r.divergences[0].other_band, "20,000–40,000");
    assert_eq!(r.summary.divergences_not_compared, 1);
    // The case the comparison is of, not the 140 records taken out.
    assert_eq!(r.summary.divergences_not_compared_ids, ["Z"]);
    assert_eq!(r.summary.divergences_not_compared_cases, 1);
}

/// Two records of one case id alike in everything the group compares but their dates, one
/// decided before another table of the statute came into force and one after: only one of them
/// meets a divergence. Which is the decision cannot be told, so neither is compared — before,
/// the first in the file was kept and the divergences counted depended on the input order
/// (found by an independent re-computation).
#[test]
fn copies_of_a_record_judged_differently_by_another_table_conflict() {
    let later = table("tb", 20000, 40000).replace("effective: {from: 2015-01-01}", "effective: {from: 2021-06-01}");
    let rules = Benchmark::from_sources([
        ("f.yaml", TWO_TABLES),
        ("a.yaml", table("ta", 1000, 5000).as_str()),
        ("b.yaml", later.as_str()),
    ])
    .unwrap();
    let dated = |id: &str, month: u8| {
        let mut c = three_cases_of_ta().remove(0);
        c.id = id.into();
        c.act_ended = Date::new(2021, month, 1).ok();
        c.decided = Date::new(2021, month, 15).ok();
        c
    };
    // D: before tb and after it; E: twice after it (the same record again); F once, after it.
    let mut cases = vec![dated("D", 1), dated("D", 12), dated("E", 9), dated("E", 9), dated("F", 10)];
    let report = |cases: &[Case]| rules.audit(cases, AuditConfig::default()).unwrap();
    let r = report(&cases);
    assert_eq!(reason_count(&r, NotComparable::ConflictingId), 2, "{:?}", r.summary);
    assert_eq!(reason_count(&r, NotComparable::Repeated), 1, "{:?}", r.summary);
    assert_eq!(r.summary.comparable, 2, "{:?}", r.summary);
    assert_eq!(r.divergences.len(), 1, "{:?}", r.divergences);
    assert_eq!((r.divergences[0].cases, r.divergences[0].example.as_str()), (2, "E"));
    cases.swap(0, 1);
    assert_eq!(serde_json::to_string(&report(&cases)).unwrap(), serde_json::to_string(&r).unwrap());
}

/// A table that applies to the case but cannot tell its band for the case's facts (a fact it
/// reads is missing, no level matches) cannot be compared: counted, never taken as agreement; a
/// table not in force on the case's dates has nothing to compare; a level without a fine is the
/// band [0, 0].
#[test]
fn cross_table_comparisons_not_made_are_counted() {
    let facts = TWO_TABLES
        .replace("  - {id: size, type: amount}", "  - {id: size, type: amount}\n  - {id: weight, type: amount}");
    let needs_weight = table("td", 20000, 40000).replace("fact: size", "fact: weight");
    let later = table("te", 20000, 40000).replace("from: 2015-01-01", "from: 2030-01-01");
    let no_fine = table("tf", 0, 0).replace("fine: {min: 0, max: 0}", "sanctions: {required: [warning]}");
    let no_level = table("tg", 1000, 5000).replace("at_least: 0", "at_least: 100");
    let rules = Benchmark::from_sources([
        ("f.yaml", facts.as_str()),
        ("a.yaml", table("ta", 1000, 5000).as_str()),
        ("d.yaml", needs_weight.as_str()),
        ("e.yaml", later.as_str()),
        ("f2.yaml", no_fine.as_str()),
        ("g.yaml", no_level.as_str()),
    ])
    .unwrap();
    let mut cases = three_cases_of_ta();
    let r = rules.audit(&cases, AuditConfig::default()).unwrap();
    // td lacks `weight`, tg has no level for size 10: three cases each — named, so that they
    // can be found (a user trial: "30 comparisons not made" named none).
    assert_eq!(r.summary.divergences_not_compared, 6);
    assert_eq!(r.summary.divergences_not_compared_ids, ["C0", "C1", "C2"]);
    // Six comparisons, three cases: all named.
    assert_eq!(r.summary.divergences_not_compared_cases, 3);
    // And why, each comparison by its cause: td lacks the fact to record, tg has no level for
    // the facts. The counts add up to the comparisons.
    let why: Vec<(&str, Option<&str>, u64)> = (r.summary.divergences_not_compared_causes.iter())
        .map(|c| (c.other.as_str(), c.missing_fact.as_deref(), c.cases))
        .collect();
    assert_eq!(
        why,
        [("td.v", Some("weight"), 3), ("tg.v", None, 3)],
        "{:?}",
        r.summary.divergences_not_compared_causes
    );
    let text = &r.summary.divergences_not_compared_causes[0].text;
    assert_eq!(text, "td.v (table td) reads `weight`, which the cases do not record");
    let no_level = &r.summary.divergences_not_compared_causes[1];
    assert_eq!(no_level.text, "no level of tg.v (table tg) matches the cases' facts");
    assert_eq!(no_level.text_zh, "tg.v（基准 tg）没有与案件事实相符的阶次");
    assert_eq!(r.divergences.len(), 1, "{:?}", r.divergences);
    assert!(r.divergences[0].other.starts_with("tf.v"), "{:?}", r.divergences);
    assert_eq!(r.divergences[0].cases, 3);
    // Given the fact, td's band [20,000, 40,000] is seen not to overlap.
    for c in &mut cases {
        c.facts = Facts::new().number("size", 10).number("weight", 1);
    }
    let r = rules.audit(&cases, AuditConfig::default()).unwrap();
    assert_eq!(r.summary.divergences_not_compared, 3);
    let others: Vec<&str> = r.divergences.iter().map(|d| d.other.as_str()).collect();
    assert!(others.len() == 2 && others.iter().any(|o| o.starts_with("td.v")), "{others:?}");
}

#[test]
fn every_record_is_counted_and_the_counts_reconcile() {
    let mut b = Batch::new();
    b.crowd("A", 0, 12, "u");
    // No decision recorded at all (with a confiscation recorded, a decision without a fine
    // imposes 0, as `check` judges it, and is compared).
    let nofine = b.add("NOFINE", 0, 0.5, "u");
    (nofine.decision.fine, nofine.decision.confiscated_gains) = (None, None);
    b.add("NODATE", 0, 0.5, "u");
    if let Some(c) = b.cases.last_mut() {
        c.decided = None;
        c.act_ended = None;
        c.act_started = None;
    }
    b.add("UNKNOWN", 0, 0.5, "u").violation = "nope".into();
    // Before any version of its table (a user trial saw these counted with the unknown ones).
    let early = b.add("EARLY", 0, 0.5, "u");
    (early.decided, early.act_ended, early.discovered) = (Date::new(1900, 6, 1).ok(), Date::new(1900, 3, 1).ok(), None);
    // Without the fact its level reads.
    b.add("NOLEVEL", 0, 0.5, "u").facts = Facts::new().number("illegal_gains", 1_000);
    let mut auditor = Auditor::new(&b.rules, AuditConfig::default()).unwrap();
    for c in &b.cases {
        auditor.add_case(c);
    }
    auditor.add_unreadable("BROKEN");
    let r = auditor.finish();
    let s = &r.summary;
    let excluded: u64 = s.not_comparable.iter().map(|e| e.count).sum();
    assert_eq!((s.rows_read, s.comparable, excluded), (18, 12, 6));
    let reason = |why: NotComparable| s.not_comparable.iter().find(|e| e.reason == why).map(|e| e.case_ids.clone());
    assert_eq!(reason(NotComparable::NoFine), Some(vec!["NOFINE".to_string()]));
    assert_eq!(reason(NotComparable::NoDate), Some(vec!["NODATE".to_string()]));
    assert_eq!(reason(NotComparable::UnknownViolation), Some(vec!["UNKNOWN".to_string()]));
    assert_eq!(reason(NotComparable::NoTableInForce), Some(vec!["EARLY".to_string()]));
    assert_eq!(reason(NotComparable::NoBand), Some(vec!["NOLEVEL".to_string()]));
    assert_eq!(reason(NotComparable::Unreadable), Some(vec!["BROKEN".to_string()]));
    // A record without a band says which fact its level wanted; the other reasons have none.
    for e in &s.not_comparable {
        let causes: Vec<(&str, &str, u64)> =
            e.causes.iter().map(|c| (c.code.as_str(), c.text.as_str(), c.count)).collect();
        match e.reason {
            NotComparable::NoBand => {
                assert_eq!(causes, [("C002", "the level cannot be determined: fact `amount_involved` is not given", 1)])
            }
            _ => assert!(causes.is_empty(), "{e:?}"),
        }
    }
}

/// Records without a band are counted by cause, the commonest first; the causes add up to the
/// reason's count and do not depend on the input order.
#[test]
fn records_without_a_band_are_counted_by_cause() {
    let rules = Benchmark::from_path("rules").unwrap();
    // Guangdong §1.3's level reads where the project is and whether it was corrected in time.
    let case = |id: &str, facts: Facts| {
        let mut c = Case::new(id, "gd-env.1.3");
        (c.decided, c.act_ended) = (Date::new(2023, 5, 1).ok(), Date::new(2023, 1, 10).ok());
        c.facts = facts;
        c.decision.fine = Some(Decimal::from(4_000));
        c
    };
    let mut cases: Vec<Case> =
        (0..3).map(|i| case(&format!("G{i}"), Facts::new().word("eia_location", "general"))).collect();
    cases.push(case("W", Facts::new().flag("corrected_within_deadline", true)));
    let said = |cases: &[Case]| {
        let r = rules.audit(cases, AuditConfig::default()).unwrap();
        let e = r.summary.not_comparable.iter().find(|e| e.reason == NotComparable::NoBand).cloned().unwrap();
        assert_eq!((e.count, e.causes.iter().map(|c| c.count).sum::<u64>()), (4, 4));
        e.causes.iter().map(|c| (c.text.clone(), c.count)).collect::<Vec<_>>()
    };
    let causes = said(&cases);
    let missing = |fact: &str| format!("the level cannot be determined: fact `{fact}` is not given");
    assert_eq!(causes, [(missing("corrected_within_deadline"), 3), (missing("eia_location"), 1)]);
    cases.reverse();
    assert_eq!(said(&cases), causes);
}

/// Every case a report names — flagged, peer, partner, ranked — carries its own fine: ids and
/// amounts stay together through the collection and the per-group sorting.
#[test]
fn every_named_case_carries_its_own_fine() {
    let s = AuditScenario::new(20_000, 7);
    let rules = s.spec.load().unwrap();
    let cases: Vec<Case> = s.cases.iter().map(|c| c.to_case(&s.spec)).collect();
    let fine_of: std::collections::HashMap<&str, String> =
        cases.iter().map(|c| (c.id.as_str(), c.decision.fine.unwrap().normalize().to_string())).collect();
    assert_eq!(fine_of.len(), cases.len(), "ids are unique");
    let r = rules.audit(&cases, AuditConfig { max_flags: 27_000, ..AuditConfig::default() }).unwrap();
    assert!(r.flags.len() > 100, "{}", r.flags.len());
    let mut named = 0;
    for f in &r.flags {
        assert_eq!(Some(&f.fine), fine_of.get(f.case_id.as_str()), "{f:?}");
        for p in &f.peers {
            assert_eq!(Some(&p.fine), fine_of.get(p.case_id.as_str()), "{p:?}");
            assert_ne!(p.case_id, f.case_id);
            named += 1;
        }
        if let Some(partner) = &f.partner {
            assert!(fine_of.contains_key(partner.as_str()) && partner != &f.case_id, "{f:?}");
        }
    }
    for i in &r.inversions {
        assert_eq!(Some(&i.fine), fine_of.get(i.case_id.as_str()), "{i:?}");
        // The heavier case named is fined less than the ranked one.
        let least = i.lightest_heavier.as_ref().unwrap();
        assert_eq!(Some(&least.fine), fine_of.get(least.case_id.as_str()), "{i:?}");
        let yuan = |s: &str| s.parse::<rust_decimal::Decimal>().unwrap();
        assert!(yuan(&least.fine) < yuan(&i.fine), "{i:?}");
    }
    assert!(named > 1_000, "{named}");
}

#[test]
fn planted_inconsistencies_are_found_at_100k_rows() {
    let s = AuditScenario::new(100_000, 2024);
    let rules = s.spec.load().unwrap();
    let mut auditor = Auditor::new(&rules, AuditConfig { max_flags: 27_000, ..AuditConfig::default() }).unwrap();
    for c in &s.cases {
        auditor.add_case(&c.to_case(&s.spec));
    }
    let r = auditor.finish();
    let id = |n: u64| format!("SYN-{n:08}");
    let flagged: BTreeSet<String> = r.flags.iter().map(|f| f.case_id.clone()).collect();
    let outliers_found = s.planted.outliers.iter().filter(|n| flagged.contains(&id(**n))).count();
    let pairs_found = s
        .planted
        .pairs
        .iter()
        .filter(|(a, b)| {
            r.flags.iter().any(|f| {
                (f.rule == Rule::NearIdentical || f.also.contains(&Rule::NearIdentical))
                    && ((f.case_id == id(*a) && f.partner == Some(id(*b)))
                        || (f.case_id == id(*b) && f.partner == Some(id(*a))))
            })
        })
        .count();
    let mischaracterised_found = s
        .planted
        .mischaracterised
        .iter()
        .filter(|(a, b)| {
            r.characterisations.iter().any(|c| {
                let ids: Vec<&String> = c.variants.iter().flat_map(|v| &v.case_ids).collect();
                ids.contains(&&id(*a)) && ids.contains(&&id(*b))
            })
        })
        .count();
    let harsh = format!("unit-{}", s.planted.harsh_unit);
    let harsh_found =
        r.disparities.iter().any(|d| d.dimension == Dimension::Unit && d.name == harsh && d.direction == "heavier");
    let planted = s.planted.outliers.len() + s.planted.pairs.len() + s.planted.mischaracterised.len() + 1;
    let found = outliers_found + pairs_found + mischaracterised_found + usize::from(harsh_found);
    let recall = found as f64 / planted as f64;
    // Precision: a flagged case is right when it was planted or belongs to the harsh unit.
    let planted_cases: BTreeSet<String> = s.planted.cases().iter().map(|n| id(*n)).collect();
    let harsh_cases: BTreeSet<String> =
        s.cases.iter().filter(|c| c.unit == s.planted.harsh_unit).map(|c| id(c.number)).collect();
    let right = flagged.iter().filter(|f| planted_cases.contains(*f) || harsh_cases.contains(*f)).count();
    let precision = right as f64 / flagged.len().max(1) as f64;
    // Units: only the harsh unit (and its own officers) are reported.
    let harsh_officers: BTreeSet<String> =
        s.cases.iter().filter(|c| c.unit == s.planted.harsh_unit).map(|c| format!("officer-{}", c.officer)).collect();
    for d in &r.disparities {
        let ok = match d.dimension {
            Dimension::Unit => d.name == harsh,
            Dimension::Officer => harsh_officers.contains(&d.name),
        };
        assert!(ok, "unexpected disparity {d:?}");
    }
    // Characterisations: every one reported is a planted pair.
    let mis_ids: BTreeSet<String> = s.planted.mischaracterised.iter().flat_map(|(a, b)| [id(*a), id(*b)]).collect();
    let spurious = r
        .characterisations
        .iter()
        .filter(|c| c.variants.iter().flat_map(|v| &v.case_ids).any(|i| !mis_ids.contains(i)))
        .count();
    assert!(
        recall >= 0.95 && precision >= 0.9 && spurious as f64 <= 0.1 * r.characterisations.len() as f64,
        "recall {recall:.3} ({outliers_found}/{} outliers, {pairs_found}/{} pairs, {mischaracterised_found}/{} \
         mischaracterisations, harsh unit {harsh_found}); precision {precision:.3} ({right}/{}); spurious \
         characterisations {spurious}",
        s.planted.outliers.len(),
        s.planted.pairs.len(),
        s.planted.mischaracterised.len(),
        flagged.len()
    );
    assert_eq!(r.summary.rows_read, s.cases.len() as u64);
}

/// The number of threads an embedder allows changes nothing in the report (the scenario has
/// dozens of groups, so several threads share them out).
#[test]
fn the_report_is_the_same_on_any_number_of_threads() {
    let s = AuditScenario::new(3_000, 5);
    let rules = s.spec.load().unwrap();
    let json = |threads: Option<usize>| {
        let mut auditor = Auditor::new(&rules, AuditConfig::default()).unwrap();
        if let Some(t) = threads {
            auditor = auditor.with_threads(std::num::NonZeroUsize::new(t).unwrap());
        }
        for c in &s.cases {
            auditor.add_case(&c.to_case(&s.spec));
        }
        let r = auditor.finish();
        assert!(r.summary.groups > 10 && r.summary.flags > 0, "{:?}", r.summary);
        serde_json::to_string(&r).unwrap()
    };
    let all = json(None);
    for t in [1, 2, 7] {
        assert_eq!(json(Some(t)), all, "{t} threads");
    }
}

/// Cases stored on a thread of their own (the default) or on the caller's give the same report:
/// enough cases for several batches to cross to the storing thread, with units, officers and
/// facts of every kind; and a case repeated, an id too long, a case without a date among them.
/// (On a one-core machine both store on the caller's thread; the store's own tests start the
/// thread whatever the cores.)
#[test]
fn storing_away_from_the_caller_changes_nothing() {
    let generator = discretion::generate::AuditCases::new(7);
    let spec = generator.spec();
    let rules = spec.load().unwrap();
    let mut cases: Vec<Case> = generator.take(40_000).map(|c| c.to_case(&spec)).collect();
    let again = cases[123].clone();
    cases.push(again);
    cases[5].id = "号".repeat(400);
    cases[6].decided = None;
    cases[6].act_ended = None;
    cases[6].act_started = None;
    assert!(cases.iter().any(|c| c.unit.is_some()) && cases.iter().any(|c| c.officer.is_some()));
    let json = |here: bool| {
        let mut auditor = Auditor::new(&rules, AuditConfig::default()).unwrap();
        if here {
            auditor = auditor.storing_on_calling_thread();
        }
        for c in &cases {
            auditor.add_case(c);
        }
        let r = auditor.finish();
        assert_eq!(r.summary.rows_read, cases.len() as u64);
        assert!(r.summary.comparable > 30_000 && r.summary.flags > 0, "{:?}", r.summary);
        serde_json::to_string(&r).unwrap()
    };
    let here = json(true);
    assert!(here.contains("repeated") && here.contains("id_too_long") && here.contains("no_date"), "{here:.2000}");
    assert_eq!(json(false), here);
    // Limited to one thread half-way (the cases stored so far taken back), the same again.
    let mut auditor = Auditor::new(&rules, AuditConfig::default()).unwrap();
    let (first, rest) = cases.split_at(cases.len() / 2);
    first.iter().for_each(|c| auditor.add_case(c));
    let mut auditor = auditor.with_threads(std::num::NonZeroUsize::MIN);
    rest.iter().for_each(|c| auditor.add_case(c));
    assert_eq!(serde_json::to_string(&auditor.finish()).unwrap(), here);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 6, ..ProptestConfig::default() })]

    /// The report does not depend on the order of the input.
    #[test]
    fn shuffling_the_input_changes_nothing(seed in any::<u64>()) {
        let s = AuditScenario::new(3_000, 99);
        let rules = s.spec.load().unwrap();
        let cases: Vec<Case> = s.cases.iter().map(|c| c.to_case(&s.spec)).collect();
        let mut shuffled = cases.clone();
        let mut r = discretion::generate::Rng::new(seed);
        for i in (1..shuffled.len()).rev() {
            shuffled.swap(i, r.below(i as u64 + 1) as usize);
        }
        let a = serde_json::to_string(&rules.audit(&cases, AuditConfig::default()).unwrap()).unwrap();
        let b = serde_json::to_string(&rules.audit(&shuffled, AuditConfig::default()).unwrap()).unwrap();
        prop_assert_eq!(a, b);
    }
}

/// The sample's 1,200 decisions read in reverse give the same report — including a unit
/// disparity that spans ten groups, whose groups are listed in report order (they were once
/// listed in the order the groups first appeared in the input; the generated shuffle above is
/// too small for a disparity).
#[test]
fn the_sample_reversed_gives_the_same_report() {
    let text = std::fs::read_to_string("examples/audit-sample.csv").unwrap();
    let (header, rows) = text.split_once('\n').unwrap();
    let mut lines: Vec<&str> = rows.lines().collect();
    lines.reverse();
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("audit-reversed");
    std::fs::create_dir_all(&dir).unwrap();
    let reversed = dir.join("audit-sample-reversed.csv");
    std::fs::write(&reversed, format!("{header}\n{}\n", lines.join("\n"))).unwrap();
    let run = |path: &std::path::Path| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_discretion"))
            .args(["audit", "--format", "json"])
            .arg(path)
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    let forward = run(std::path::Path::new("examples/audit-sample.csv"));
    let report: serde_json::Value = serde_json::from_str(&forward).unwrap();
    let groups = report["disparities"][0]["groups"].as_array().unwrap();
    assert!(groups.len() >= 5, "the sample's harsh unit spans several groups");
    let indexes: Vec<u64> = groups.iter().map(|g| g["group"].as_u64().unwrap()).collect();
    assert!(indexes.windows(2).all(|w| w[0] < w[1]), "{indexes:?}");
    assert_eq!(forward, run(&reversed));
}

/// A case id names one decision: the same record again (an export read twice) is compared
/// once; records of one group that share an id but differ are none of them compared; one id
/// under two violations (one decision, two violations) is no repetition.
#[test]
fn repeated_case_ids_are_compared_once_or_not_at_all() {
    let mut b = Batch::new();
    b.crowd("A", 0, 12, "u");
    b.add("TWICE", 0, 0.45, "u");
    b.add("TWICE", 0, 0.45, "u");
    b.add("TWICE", 0, 0.45, "u");
    b.add("CLASH", 0, 0.3, "u");
    b.add("CLASH", 0, 0.9, "u");
    b.add("MULTI", 0, 0.5, "u");
    b.add("MULTI", 1, 0.5, "u");
    // One violation, two levels (amount 5,000 and 20,000): two groups, one decision in doubt.
    b.add_with("SPLIT", 0, 0.5, "u", 5_000, 1_000);
    b.add_with("SPLIT", 0, 0.5, "u", 20_000, 1_000);
    let r = b.audit();
    let s = &r.summary;
    let reason =
        |why: NotComparable| s.not_comparable.iter().find(|e| e.reason == why).map(|e| (e.count, e.case_ids.clone()));
    assert_eq!(reason(NotComparable::Repeated), Some((2, vec!["TWICE".to_string()])));
    assert_eq!(reason(NotComparable::ConflictingId), Some((4, vec!["CLASH".to_string(), "SPLIT".to_string()])));
    let excluded: u64 = s.not_comparable.iter().map(|e| e.count).sum();
    assert_eq!((s.rows_read, s.comparable, excluded), (21, 15, 6));
    // A group all of whose records were taken out (SPLIT's level-1) is no group.
    assert_eq!(s.groups, 2, "{s:?}");
    // Whichever copy arrives first, the report is the same.
    let mut reversed = Batch::new();
    reversed.cases = b.cases.iter().rev().cloned().collect();
    assert_eq!(serde_json::to_string(&reversed.audit()).unwrap(), serde_json::to_string(&r).unwrap());
    // The export read twice: every record is a repetition, and the flags are those of one reading.
    let mut once = Batch::new();
    once.crowd("A", 0, 12, "u");
    once.add("FAR", 0, 0.98, "u");
    let single = once.audit();
    once.cases.extend(once.cases.clone());
    let double = once.audit();
    assert_eq!(double.summary.comparable, 13);
    assert_eq!(reason_count(&double, NotComparable::Repeated), 13);
    assert!(!single.flags.is_empty());
    assert_eq!(serde_json::to_string(&double.flags).unwrap(), serde_json::to_string(&single.flags).unwrap());
}

/// A first-time unlicensed road-freight case of transport §63 (no gains), fined `fine`.
fn freight_case(id: &str, acted: &str, discovered: &str, decided: Option<&str>, fine: i64) -> Case {
    let mut c = Case::new(id, "jx-transport.63.freight");
    c.party = Some(Party::Organisation);
    c.act_ended = Some(acted.parse::<Date>().unwrap());
    c.discovered = Some(discovered.parse::<Date>().unwrap());
    c.decided = decided.map(|d| d.parse::<Date>().unwrap());
    c.facts = Facts::new()
        .number("offence_count", 1)
        .number("illegal_gains", 0)
        .flag("organised_vehicles", false)
        .word("transport_kind", "freight")
        .flag("serious", false);
    c.decision.fine = Some(Decimal::from(fine));
    c
}

fn reason_count(r: &AuditReport, why: NotComparable) -> u64 {
    r.summary.not_comparable.iter().find(|e| e.reason == why).map_or(0, |e| e.count)
}

/// A group tells a table's adjustments apart by the bits of a 64-bit word: a case moved by the
/// 65th is not compared (over capacity) rather than grouped with cases it was not moved like;
/// one moved by the first is compared as usual.
#[test]
fn a_case_moved_by_a_65th_adjustment_is_not_compared() {
    let facts: String = (0..65).map(|i| format!("  - {{id: a{i}, type: boolean}}\n")).collect();
    let adjustments: String = (0..65)
        .map(|i| format!("    - {{id: adj{i}, when: {{fact: a{i}, is: true}}, reduce: {{min: 10, max: 20}}}}\n"))
        .collect();
    let facts_yaml = TWO_TABLES.replace("facts:\n", &format!("facts:\n{facts}"));
    let table =
        table("ta", 1000, 5000).replace("  boundaries:", &format!("  adjustments:\n{adjustments}  boundaries:"));
    let rules = Benchmark::from_sources([("f.yaml", facts_yaml.as_str()), ("a.yaml", table.as_str())]).unwrap();
    let case = |id: &str, moved_by: usize| {
        let mut c = Case::new(id, "ta.v");
        c.decided = Date::new(2020, 1, 1).ok();
        let mut f = Facts::new().number("size", 10);
        for i in 0..65 {
            f = f.flag(&format!("a{i}"), i == moved_by);
        }
        c.facts = f;
        c.decision.fine = Some(Decimal::from(2000));
        c
    };
    let r = rules.audit(&[case("FIRST", 0), case("LAST", 64)], AuditConfig::default()).unwrap();
    assert_eq!(reason_count(&r, NotComparable::OverCapacity), 1, "{:?}", r.summary);
    assert_eq!(r.summary.comparable, 1);
    let over = r.summary.not_comparable.iter().find(|e| e.reason == NotComparable::OverCapacity).unwrap();
    assert_eq!(over.case_ids, ["LAST"]);
}

/// Among thousands of distinct ids (where the sieve that finds repeated ids also meets hashes
/// that merely share its bits) exactly the repeated ones are found.
#[test]
fn repeated_ids_are_found_among_thousands() {
    let mut b = Batch::new();
    b.crowd("A", 0, 5_000, "u");
    b.crowd("B", 1, 5_000, "u");
    let copy = b.cases[1234].clone();
    b.cases.push(copy);
    let mut clash = b.cases[6789].clone();
    clash.decision.fine = clash.decision.fine.map(|f| f + Decimal::ONE);
    b.cases.push(clash);
    let r = b.audit();
    assert_eq!(reason_count(&r, NotComparable::Repeated), 1);
    assert_eq!(reason_count(&r, NotComparable::ConflictingId), 2);
    assert_eq!(r.summary.comparable, 10_000 - 1);
}

/// The domain brief's cross-jurisdiction fixture, on the shipped tables: the A.1 case (report,
/// main works unfinished, investment 10,000,000) gets 180,000 in Guangdong (§1.1, 1.8 %) but
/// 2 %–3 % in Jiangmen (1-1 tier 2; its middle, 250,000, for a case without lighter or heavier
/// circumstances) while both tables are in force (2022-01-01 to 2023-02-28). After Jiangmen's
/// table expires there is nothing to compare; a fact Jiangmen reads not recorded is a
/// comparison not made.
#[test]
fn guangdong_and_jiangmen_disagree_on_the_a1_case() {
    let rules = Benchmark::from_path("rules").unwrap();
    let facts = Facts::new()
        .number("total_investment", 10_000_000)
        .word("eia_document", "report")
        .word("eia_location", "general")
        .word("construction_stage", "equipment_installation")
        .number("construction_months", 4)
        .number("same_kind_in_two_years", 2)
        .flag("cooperates", true)
        .flag("apology_and_pledge", false)
        .word("circumstances", "ordinary")
        .number("same_kind_punished_in_two_years", 1)
        .flag("main_works_finished", false)
        .flag("in_prohibited_zone", false);
    let case = |id: &str, decided: &str, major_emergency: Option<bool>| {
        let mut c = Case::new(id, "gd-env.1.1");
        c.party = Some(Party::Organisation);
        c.decided = decided.parse().ok();
        c.act_ended = c.decided;
        c.facts = match major_emergency {
            Some(m) => facts.clone().flag("major_emergency", m),
            None => facts.clone(),
        };
        c.decision.fine = Some(Decimal::from(180_000));
        c
    };
    let cases = vec![
        case("A1-1", "2022-06-01", Some(false)),
        case("A1-2", "2022-09-01", Some(false)),
        case("A1-3", "2023-02-01", Some(false)),
        // Jiangmen's table had expired by the act: no comparison.
        case("A1-4", "2023-06-01", Some(false)),
        // Whether Jiangmen's tier 4 applies cannot be told.
        case("A1-5", "2022-06-01", None),
    ];
    let r = rules.audit(&cases, AuditConfig::default()).unwrap();
    assert_eq!(r.summary.comparable, 5, "{:?}", r.summary);
    assert_eq!(r.divergences.len(), 1, "{:?}", r.divergences);
    let d = &r.divergences[0];
    assert_eq!((d.statute.as_str(), d.cases, d.example.as_str()), ("eia-law.31.1", 3, "A1-1"), "{d:?}");
    assert!(d.applied.starts_with("gd-env.1.1") && d.other.starts_with("jm-env.1-1 tier-2"), "{d:?}");
    assert_eq!((d.applied_band.as_str(), d.other_band.as_str()), ("180,000", "250,000"), "{d:?}");
    assert_eq!(r.summary.divergences_not_compared, 1);
    // The same facts under §1.2 — building without the report re-approved, EIA Law Art. 24 —
    // are penalised under the same Art. 31 ¶1 as Jiangmen's 1-1 (未批先建, Art. 25), but are
    // another breach: not compared (a user trial saw 4 of 15 divergences of this kind, and
    // the comparisons not made doubled by them).
    let under_1_2: Vec<Case> = cases
        .iter()
        .map(|c| {
            let mut c = c.clone();
            c.violation = "gd-env.1.2".into();
            c
        })
        .collect();
    let r = rules.audit(&under_1_2, AuditConfig::default()).unwrap();
    assert_eq!(r.summary.comparable, 5, "{:?}", r.summary);
    assert!(r.divergences.is_empty(), "{:?}", r.divergences);
    assert_eq!(r.summary.divergences_not_compared, 0);
}

/// A matrix cell spanning axes (Guangdong §1.4's major-impact row, `[major_impact, *, *]`)
/// takes its place in the order along the axis it does not span, next to every cell it covers:
/// major-impact cases fined below in-production ones are a heavier level punished less.
#[test]
fn a_spanning_cell_is_ordered_along_the_axes_it_does_not_span() {
    let rules = Benchmark::from_path("rules").unwrap();
    let case = |id: String, stage: &str, major: bool, fine: i64| {
        let mut c = Case::new(id, "gd-env.1.4");
        c.party = Some(Party::Organisation);
        c.decided = "2023-06-01".parse().ok();
        c.act_ended = "2023-03-01".parse().ok();
        c.facts = Facts::new()
            .word("eia_project_stage", stage)
            .word("eia_document_project_type", "report_production")
            .word("eia_location", "general")
            .flag("major_eco_impact", major)
            .flag("apology_and_pledge", false)
            .flag("in_protected_area", false)
            .word("circumstances", "ordinary");
        c.decision.fine = Some(Decimal::from(fine));
        c
    };
    let mut cases: Vec<Case> =
        (0..25).map(|i| case(format!("IP-{i}"), "in_production", false, 1_700_000 + i)).collect();
    cases.extend((0..25).map(|i| case(format!("MI-{i}"), "in_production", true, 1_000_000 + i)));
    let r = rules.audit(&cases, AuditConfig::default()).unwrap();
    assert_eq!(r.summary.comparable, 50, "{:?}", r.summary);
    assert_eq!(r.order.len(), 1, "{:?}", r.order);
    let o = &r.order[0];
    assert_eq!(
        (o.lighter.level.as_str(), o.heavier.level.as_str()),
        ("[in_production, report_production, general]", "[major_impact, *, *]")
    );
    // Fined as the table says, nothing to report.
    let fair: Vec<Case> = cases
        .iter()
        .cloned()
        .map(|mut c| {
            if c.id.starts_with("MI") {
                c.decision.fine = Some(Decimal::from(2_000_000));
            }
            c
        })
        .collect();
    assert!(rules.audit(&fair, AuditConfig::default()).unwrap().order.is_empty());
}

/// A hand-built configuration (its fields are public) is validated by both entry points: a
/// negative z would flag every case, no peers leave every flag unexplained, a window of 0
/// years would be run as 1 while the report said 0.
#[test]
fn a_hand_built_configuration_outside_its_ranges_is_refused() {
    let b = Batch::new();
    let bad = [
        AuditConfig { review_z: -1.0, ..AuditConfig::default() },
        AuditConfig { strong_z: f64::NAN, ..AuditConfig::default() },
        AuditConfig { pair_gap: -1.0, ..AuditConfig::default() },
        AuditConfig { peers: 0, min_peers: 0, ..AuditConfig::default() },
        AuditConfig { window_years: 0, ..AuditConfig::default() },
        AuditConfig { min_flag: 0, ..AuditConfig::default() },
    ];
    for config in bad {
        let said = format!("{config:?}");
        assert!(Auditor::new(&b.rules, config.clone()).is_err(), "{said}");
        assert!(b.rules.audit(&b.cases, config).is_err(), "{said}");
    }
    assert!(Auditor::new(&b.rules, AuditConfig::default()).is_ok());
}

/// Guangdong §4.45 with the order to correct: "给予警告，可以并处2500元以上5000元以下罚款". A
/// warning without a fine is lawful (`fine_optional`) and has no place in the band: not
/// compared (`optional_fine_not_imposed`), never the group's strongest outlier at "fine 0".
#[test]
fn an_optional_fine_left_out_is_not_compared() {
    let rules = Benchmark::from_path("rules").unwrap();
    let cases: Vec<Case> = (0..14)
        .map(|i| {
            let mut c = Case::new(format!("M-{i:02}"), "gd-env.4.45");
            c.facts = Facts::new()
                .flag("overdue_not_corrected", false)
                .number("same_kind_in_two_years", 2)
                .flag("major_eco_impact", false);
            c.party = Some(Party::Organisation);
            c.decided = Some(Date::new(2023, 3, 1).unwrap());
            c.decision.fine = Some(Decimal::from(if i < 3 { 0 } else { 3_000 + 100 * i }));
            c.decision.sanctions = Some(vec![discretion::check::Imposed::of(discretion::table::SanctionKind::Warning)]);
            c
        })
        .collect();
    let r = rules.audit(&cases, AuditConfig::default()).unwrap();
    // A reason of its own, not a fine unrecorded: lawful, so no gap in the audit.
    assert_eq!(reason_count(&r, NotComparable::OptionalFineNotImposed), 3, "{:?}", r.summary.not_comparable);
    assert_eq!(reason_count(&r, NotComparable::NoFine), 0);
    assert!(!NotComparable::OptionalFineNotImposed.is_gap() && NotComparable::NoFine.is_gap());
    assert_eq!(r.summary.comparable, 11);
    assert!(r.flags.iter().all(|f| !f.case_id.starts_with("M-0") || f.case_id.as_str() >= "M-03"), "{:?}", r.flags);
}

/// A case id is repeated in every flag and peer list that names the case: one longer than
/// `MAX_CASE_ID_BYTES` is not compared (counted, listed shortened) rather than let a single
/// record grow the report by gigabytes; one at the limit is compared.
#[test]
fn a_case_id_too_long_to_repeat_is_not_compared() {
    use discretion::audit::MAX_CASE_ID_BYTES;
    let rules =
        Benchmark::from_sources([("f.yaml", TWO_TABLES), ("a.yaml", table("ta", 1000, 5000).as_str())]).unwrap();
    let mut cases = three_cases_of_ta();
    cases[0].id = "号".repeat(100_000);
    cases[1].id = "x".repeat(MAX_CASE_ID_BYTES);
    let r = rules.audit(&cases, AuditConfig::default()).unwrap();
    assert_eq!((r.summary.rows_read, r.summary.comparable), (3, 2), "{:?}", r.summary);
    assert_eq!(reason_count(&r, NotComparable::IdTooLong), 1);
    let listed = &r.summary.not_comparable.iter().find(|e| e.reason == NotComparable::IdTooLong).unwrap().case_ids;
    assert_eq!(listed.len(), 1);
    assert!(listed[0].starts_with(&"号".repeat(64)) && listed[0].ends_with("… (300000 bytes)"), "{}", listed[0].len());
    let json = serde_json::to_string(&r).unwrap();
    assert!(json.len() < 20_000, "{} bytes", json.len());
}

/// A unit heavier in groups of ranged bands and of one-amount bands: band widths and tenths of
/// an amount do not average, so the disparity's effect is the mean over its groups in band
/// widths, and each group says its unit; with one-amount bands only, the effect is in tenths
/// (a user trial saw +0.30 band widths and +2.2 tenths averaged into "+0.74").
#[test]
fn a_disparity_does_not_average_band_widths_with_tenths_of_an_amount() {
    let (point, ranged) = (table("ta", 5000, 5000), table("tb", 10000, 20000));
    let rules =
        Benchmark::from_sources([("f.yaml", TWO_TABLES), ("a.yaml", point.as_str()), ("b.yaml", ranged.as_str())])
            .unwrap();
    let cases = |violations: &[&str]| -> Vec<Case> {
        let mut out = Vec::new();
        for v in violations {
            for year in [2016, 2021] {
                for i in 0..65 {
                    let harsh = i >= 40;
                    let mut c = Case::new(format!("{v}-{year}-{i}"), *v);
                    c.decided = Date::new(year, 3, 1).ok();
                    c.facts = Facts::new().number("size", 10 + i);
                    c.unit = Some(if harsh { "harsh".into() } else { format!("u{}", i % 4) });
                    let fine = match (*v, harsh) {
                        ("ta.v", false) => 5000,
                        ("ta.v", true) => 5600,
                        (_, false) => 14000 + 100 * (i % 10),
                        (_, true) => 17000,
                    };
                    c.decision.fine = Some(Decimal::from(fine));
                    out.push(c);
                }
            }
        }
        out
    };
    let r = rules.audit(&cases(&["ta.v", "tb.v"]), AuditConfig::default()).unwrap();
    let harsh: Vec<_> = r.disparities.iter().filter(|d| d.name == "harsh").collect();
    assert_eq!(harsh.len(), 1, "{:?}", r.disparities);
    let d = harsh[0];
    assert_eq!((d.direction, d.groups.len(), d.effect_unit), ("heavier", 4, discretion::audit::GapUnit::BandWidth));
    let in_widths: Vec<f64> =
        d.groups.iter().filter(|g| g.unit == discretion::audit::GapUnit::BandWidth).map(|g| g.shrunk).collect();
    assert_eq!(in_widths.len(), 2, "{d:?}");
    let mean = in_widths.iter().sum::<f64>() / 2.0;
    assert!((d.effect - mean).abs() < 1e-3 && d.effect < 0.5, "{} against {mean}", d.effect);
    assert!(d.groups.iter().any(|g| g.unit == discretion::audit::GapUnit::TenthOfAmount && g.delta > 1.0), "{d:?}");
    // One-amount bands only: the effect in tenths of the amount.
    let r = rules.audit(&cases(&["ta.v"]), AuditConfig::default()).unwrap();
    let d = r.disparities.iter().find(|d| d.name == "harsh").unwrap();
    assert_eq!(d.effect_unit, discretion::audit::GapUnit::TenthOfAmount);
    assert!(d.effect > 0.5, "{d:?}");
}

/// An auditor can be sent to another thread, shared, and held across a caught panic, as before
/// its cases were stored on a thread of its own.
#[test]
fn an_auditor_is_send_sync_and_unwind_safe() {
    fn check<T: Send + Sync + std::panic::UnwindSafe + std::panic::RefUnwindSafe>() {}
    check::<Auditor<'static>>();
}

/// [`TWO_TABLES`]'s statute from 1 yuan, for bands of a few yuan.
fn from_one_yuan() -> String {
    TWO_TABLES.replace("fine: {min: 1000, max: 100000}", "fine: {min: 1, max: 100000}")
}

/// `n` cases of violation `v`, fined `fines` in turn (ids `{prefix}00`, …), all of 2020 and
/// of one size.
fn fined(prefix: &str, v: &str, fines: &[&str]) -> Vec<Case> {
    fines
        .iter()
        .enumerate()
        .map(|(i, fine)| {
            let mut c = Case::new(format!("{prefix}{i:02}"), v);
            c.decided = Date::new(2020, 1, 1).ok();
            c.facts = Facts::new().number("size", 100);
            c.decision.fine = Some(fine.parse().unwrap());
            c
        })
        .collect()
}

/// On a one-amount band the robust scale is at least one yuan, as on a ranged band: 51 yuan
/// where the band is 50 is 0.2 tenths of the amount from it, which against a floor of 0.05
/// tenths was a robust z of 4 (a user trial saw a 1-yuan difference flagged). A fine of 60 is
/// still an outlier, and its message gives the percentage.
#[test]
fn one_yuan_from_a_small_one_amount_band_is_no_outlier() {
    let ta = table("ta", 50, 50);
    let rules = Benchmark::from_sources([("f.yaml", from_one_yuan().as_str()), ("a.yaml", ta.as_str())]).unwrap();
    let mut fines = vec!["50"; 12];
    fines.extend(["51", "60"]);
    let r = rules.audit(&fined("A", "ta.v", &fines), AuditConfig::default()).unwrap();
    let ids: Vec<&str> = r.flags.iter().map(|f| f.case_id.as_str()).collect();
    assert_eq!(ids, ["A13"], "{:?}", r.flags);
    let f = &r.flags[0];
    assert_eq!((f.rule, f.percent_per_position), (Rule::Outlier, Some(10.0)));
    assert!((f.scale - 0.2).abs() < 1e-9 && (f.strength - 10.0).abs() < 1e-9, "{f:?}");
    assert!(f.message(Lang::En).starts_with("fine 60 (band 50) 20% above the amount;"), "{}", f.message(Lang::En));
    assert!(f.message(Lang::Zh).starts_with("罚款60元（裁量幅度50元）高于基准金额20%"), "{}", f.message(Lang::Zh));
    assert_eq!(r.groups.iter().map(|g| g.percent_per_position).collect::<Vec<_>>(), [Some(10.0)]);
}

/// On a one-amount band every place a flag gives is a percentage of the amount — the case's,
/// its partner's, its peers', the group's median and spread — never a bare number of tenths
/// beside percentages (a user trial read "45.8% below the amount; case X (fine 31,000, at
/// -3.80)").
#[test]
fn a_one_amount_bands_places_are_all_percentages() {
    let ta = table("ta", 50, 50);
    let rules = Benchmark::from_sources([("f.yaml", from_one_yuan().as_str()), ("a.yaml", ta.as_str())]).unwrap();
    let mut fines = vec!["50"; 12];
    fines.push("56");
    // Outliers out of the way: the pair's own message.
    let config = AuditConfig { review_z: 50.0, strong_z: 60.0, ..AuditConfig::default() };
    let r = rules.audit(&fined("A", "ta.v", &fines), config).unwrap();
    let f = r.flags.iter().find(|f| f.rule == Rule::NearIdentical).unwrap_or_else(|| panic!("{:?}", r.flags));
    let (en, zh) = (f.message(Lang::En), f.message(Lang::Zh));
    assert!(en.starts_with("fine 56 (band 50) 12% above the amount; case A"), "{en}");
    assert!(en.contains(" (fine 50, at the amount), with near-identical facts, sits 12.0% of the amount lower (threshold 5.0%; group of 13)"), "{en}");
    // The median it was flagged by is named: the partner is not the norm by being named.
    assert!(en.ends_with("; this case is the farther of the two from the median, at the amount"), "{en}");
    assert!(zh.ends_with("；两案中本案距中位数（等于基准金额）较远"), "{zh}");
    assert!(
        zh.contains("（罚款50元，等于基准金额）案情几乎相同，位置比本案低基准金额的12.0%（阈值5.0%；同组13件）"),
        "{zh}"
    );
    assert_eq!(
        (f.shown_position(f.position, Lang::En), f.shown_position(-3.8, Lang::Zh)),
        ("+12.0%".into(), "-38.0%".into())
    );
    let g = &r.groups[0];
    assert_eq!((g.shown_position(g.median, Lang::En), g.shown_spread(Lang::En)), ("+0.0%".into(), "2.0%".into()));
}

/// Under 10 yuan a one-amount band's unit is 1 yuan, not a tenth of the amount: 10 yuan where
/// the band is 5 is 5 units and 100 % above it (not the 50 % that ten percent a unit would
/// say); 8 yuan, 3 units against a floor of 1 yuan, is no outlier (it is 3 yuan from cases of
/// the same facts: a near-identical pair).
#[test]
fn a_one_amount_band_under_ten_yuan_is_measured_in_yuan() {
    let tc = table("tc", 5, 5);
    let rules = Benchmark::from_sources([("f.yaml", from_one_yuan().as_str()), ("c.yaml", tc.as_str())]).unwrap();
    let mut fines = vec!["5"; 12];
    fines.extend(["8", "10"]);
    let r = rules.audit(&fined("C", "tc.v", &fines), AuditConfig::default()).unwrap();
    assert_eq!(flagged(&r, Rule::Outlier), BTreeSet::from(["C13".to_string()]), "{:?}", r.flags);
    assert_eq!(flagged(&r, Rule::NearIdentical), BTreeSet::from(["C12".to_string(), "C13".to_string()]));
    let f = &r.flags[0];
    assert_eq!((f.position, f.percent_per_position), (5.0, Some(20.0)));
    assert!(f.message(Lang::En).starts_with("fine 10 (band 5) 100% above the amount;"), "{}", f.message(Lang::En));
    assert!(f.message(Lang::Zh).starts_with("罚款10元（裁量幅度5元）高于基准金额100%"), "{}", f.message(Lang::Zh));
    // A pair's gap there is a percentage of the amount too (3 yuan, not "3 tenths"), and its
    // threshold more than a yuan (20 %), not half a unit (10 %: 50 fen).
    let pair = r.flags.iter().find(|f| f.case_id == "C12").unwrap();
    let (en, zh) = (pair.message(Lang::En), pair.message(Lang::Zh));
    assert!(en.contains("sits 60.0% of the amount lower (threshold 20.0%; group of 14)"), "{en}");
    assert!(zh.contains("位置比本案低基准金额的60.0%（阈值20.0%；同组14件）"), "{zh}");
    // Off the point scale there is no percentage.
    let tb = table("tb", 10000, 20000);
    let rules = Benchmark::from_sources([("f.yaml", TWO_TABLES), ("b.yaml", tb.as_str())]).unwrap();
    let mut fines = vec!["15000"; 12];
    fines.push("19000");
    let r = rules.audit(&fined("B", "tb.v", &fines), AuditConfig::default()).unwrap();
    assert_eq!(r.flags.len(), 1, "{:?}", r.flags);
    assert_eq!((r.flags[0].percent_per_position, r.groups[0].percent_per_position), (None, None));
}

/// A case of `tp.v` (a band a percentage of `size`), decided in 2020 and fined `fine`.
fn sized(id: impl Into<String>, size: i64, fine: &str) -> Case {
    let mut c = Case::new(id.into(), "tp.v");
    c.decided = Date::new(2020, 1, 1).ok();
    c.facts = Facts::new().number("size", size);
    c.decision.fine = Some(fine.parse().unwrap());
    c
}

/// Twelve cases of `tp.v` fined 20 % of their sizes (50,000 to 61,000): the middle of their bands.
fn sized_crowd() -> Vec<Case> {
    (0..12).map(|i| sized(format!("W{i:02}"), 50_000 + 1_000 * i, &(10_000 + 200 * i).to_string())).collect()
}

/// Where each case has its own band, one yuan is measured in the flagged case's band: in a
/// band of 2 to 6 yuan (10–30 % of 20), a fine of 5 is a quarter of the band above the group's
/// median of 0.5 — five times a floor of 5 %, a strong outlier when the group's scale was used
/// for every case, though a single yuan. A case of a wide band as far from the median is still
/// flagged.
#[test]
fn one_yuan_is_measured_in_the_flagged_cases_own_band() {
    let rules = Benchmark::from_sources([("s.yaml", from_one_yuan().as_str()), ("t.yaml", PERCENT_TABLE)]).unwrap();
    let mut cases = sized_crowd();
    cases.push(sized("SMALL", 20, "5"));
    // 80,000 fined 24,000: 30 %, the top of its band, 0.5 above the median.
    cases.push(sized("WIDE", 80_000, "24000"));
    let r = rules.audit(&cases, AuditConfig::default()).unwrap();
    let ids: BTreeSet<&str> = r.flags.iter().map(|f| f.case_id.as_str()).collect();
    assert_eq!(ids, BTreeSet::from(["WIDE"]), "{:?}", r.flags);
    // Its band is not the small one's: a yuan there is nothing, and the floor is 5 %.
    assert!((r.flags[0].scale - 0.05).abs() < 1e-9, "{:?}", r.flags[0]);
    assert_eq!(r.flags[0].percent_per_position, None);
}

/// On a band a yuan wide, half a band is half a yuan: two cases fined 2,000 and 2,001 are not
/// "the same case, different penalty" (a user trial saw 34 of 42 such cases flagged). A pair
/// must differ by more than a yuan of the band as well as by `pair_gap`; 3 yuan still pairs.
#[test]
fn a_pair_within_a_yuan_is_no_pair() {
    let ta = table("ta", 2000, 2001);
    let rules = Benchmark::from_sources([("f.yaml", from_one_yuan().as_str()), ("a.yaml", ta.as_str())]).unwrap();
    let mut fines = vec!["2000", "2000.5", "2001", "2000.99", "2000.01"];
    fines.extend(["2000.4", "2000.6"].repeat(4));
    let r = rules.audit(&fined("Y", "ta.v", &fines), AuditConfig::default()).unwrap();
    assert!(r.flags.is_empty(), "{:?}", r.flags);
    assert_eq!(r.summary.near_identical_pairs, 0);
    fines.push("2003");
    let r = rules.audit(&fined("Y", "ta.v", &fines), AuditConfig::default()).unwrap();
    assert_eq!(flagged(&r, Rule::NearIdentical), BTreeSet::from(["Y13".to_string()]), "{:?}", r.flags);
    // Exactly a yuan, where a yuan is no whole number of micro-units (a third of 2 units of a
    // one-amount band of 15): no pair, though the rounded positions differ by a hair more.
    let tq = table("tq", 15, 15);
    let rules = Benchmark::from_sources([("f.yaml", from_one_yuan().as_str()), ("q.yaml", tq.as_str())]).unwrap();
    let mut fines = vec!["15"; 12];
    fines.push("16");
    let r = rules.audit(&fined("Q", "tq.v", &fines), AuditConfig::default()).unwrap();
    assert!(r.flags.is_empty() && r.summary.near_identical_pairs == 0, "{:?}", r.flags);
    // A fen more is more than a yuan.
    *fines.last_mut().unwrap() = "16.01";
    let r = rules.audit(&fined("Q", "tq.v", &fines), AuditConfig::default()).unwrap();
    assert_eq!(flagged(&r, Rule::NearIdentical), BTreeSet::from(["Q12".to_string()]), "{:?}", r.flags);
}

/// Where each case has its own band, a pair within a yuan of the case's band is dropped too:
/// two cases of size 5 (a band of 1 to 1.5 yuan after the statute's minimum) fined 1 and 1.5
/// are a whole band apart, half a yuan.
#[test]
fn a_pair_within_a_yuan_of_its_own_band_is_no_pair() {
    let rules = Benchmark::from_sources([("s.yaml", from_one_yuan().as_str()), ("t.yaml", PERCENT_TABLE)]).unwrap();
    let mut cases = sized_crowd();
    cases.push(sized("LOW", 5, "1"));
    cases.push(sized("HIGH", 5, "1.5"));
    let r = rules.audit(&cases, AuditConfig::default()).unwrap();
    assert!(r.flags.iter().all(|f| f.rule != Rule::NearIdentical), "{:?}", r.flags);
    // Nor counted: the summary counted the pair it did not flag.
    assert_eq!(r.summary.near_identical_pairs, 0);
    // Five yuan apart, in bands of 10 to 30 yuan (size 100): a pair.
    cases.push(sized("LOW2", 100, "10"));
    cases.push(sized("HIGH2", 100, "25"));
    let r = rules.audit(&cases, AuditConfig::default()).unwrap();
    let pairs = flagged(&r, Rule::NearIdentical);
    assert!(
        (pairs.contains("LOW2") || pairs.contains("HIGH2")) && !pairs.contains("LOW") && !pairs.contains("HIGH"),
        "{:?}",
        r.flags
    );
    assert_eq!(r.summary.near_identical_pairs, 1);
}

/// Where a group's one-amount bands differ and some are under 10 yuan (a unit of 1 yuan there,
/// a tenth of the amount above), the places a flag names besides the case's own — its partner,
/// its peers, the centre — are in units, not percentages of the flagged case's unit: a peer
/// fined 12 against an amount of 9 was shown "+30.0%" (a review).
#[test]
fn mixed_one_amount_units_are_not_shown_as_one_percentage() {
    let point = PERCENT_TABLE.replace("min: 10, max: 30}", "min: 10, max: 10}");
    let rules = Benchmark::from_sources([("s.yaml", from_one_yuan().as_str()), ("t.yaml", point.as_str())]).unwrap();
    let mut cases: Vec<Case> = (0..10).map(|i| sized(format!("A{i:02}"), 90, "9")).collect();
    cases.extend((0..4).map(|i| sized(format!("B{i:02}"), 90, "12")));
    cases.push(sized("Z", 1_000, "130"));
    let r = rules.audit(&cases, AuditConfig::default()).unwrap();
    assert_eq!(r.groups[0].percent_per_position, None, "{:?}", r.groups);
    let f = r.flags.iter().find(|f| f.case_id.starts_with('B')).unwrap_or_else(|| panic!("{:?}", r.flags));
    // Its own place is a percentage of its own amount; a peer's is in units.
    assert_eq!(f.percent_per_position.map(|p| (p * 100.0).round()), Some(1111.0));
    assert_eq!(f.shown_position(3.0, Lang::En), "+3.00 units");
    assert!(f.message(Lang::En).starts_with("fine 12 33.3% above the amount;"), "{}", f.message(Lang::En));
}

/// Every flag and each of its peers carry the facts they record — the explanation a reviewer
/// reads ("these 10 cases, with these facts") — each kind as data: yes/no a boolean, an amount
/// an exact decimal, a date a date, an enum value its id; a fact not given is absent, not "no".
#[test]
fn a_flag_and_its_peers_carry_their_facts() {
    let facts = "facts:\n  - {id: size, type: amount}\n  - {id: found_on, type: date}\n  - {id: first, type: boolean}\n  - {id: place, type: enum, values: [general, sensitive]}\n";
    let statute = TWO_TABLES.replace("facts:\n  - {id: size, type: amount}\n", facts);
    let rules =
        Benchmark::from_sources([("s.yaml", statute.as_str()), ("t.yaml", table("ta", 10_000, 100_000).as_str())])
            .unwrap();
    let case = |i: usize, fine: i64| {
        let mut c = Case::new(format!("C{i:02}"), "ta.v");
        c.decided = Date::new(2020, 6, 1).ok();
        c.facts = Facts::new()
            .number("size", Decimal::new(50_000 + 25 * i as i64, 1))
            .date("found_on", Date::new(2020, 3, 1).unwrap())
            .flag("first", i.is_multiple_of(2))
            .word("place", "general");
        c.decision.fine = Some(Decimal::from(fine));
        c
    };
    let mut cases: Vec<Case> = (0..14).map(|i| case(i, 50_000 + 500 * i as i64)).collect();
    let mut out = case(14, 99_000);
    out.facts = Facts::new().number("size", 5_000).word("place", "sensitive");
    cases.push(out);
    let r = rules.audit(&cases, AuditConfig::default()).unwrap();
    let f = r.flags.iter().find(|f| f.case_id == "C14").unwrap_or_else(|| panic!("{:?}", r.summary));
    let text = |s: &str| RecordedValue::Text(s.to_string());
    // The date and the yes/no fact it does not give are absent.
    assert_eq!(
        f.facts,
        [("place".to_string(), text("sensitive")), ("size".to_string(), text("5000"))].into_iter().collect()
    );
    assert_eq!(f.peers.len(), 10);
    for p in &f.peers {
        let n: usize = p.case_id[1..].parse().unwrap();
        assert_eq!(p.facts.get("size"), Some(&text(&Decimal::new(50_000 + 25 * n as i64, 1).normalize().to_string())));
        assert_eq!(p.facts.get("found_on"), Some(&text("2020-03-01")));
        assert_eq!(p.facts.get("first"), Some(&RecordedValue::Flag(n.is_multiple_of(2))));
        assert_eq!(p.facts.get("place"), Some(&text("general")));
    }
    // In the JSON: a boolean, strings for the rest.
    let v = serde_json::to_value(&f.peers[0]).unwrap();
    assert!(v["facts"]["first"].is_boolean() && v["facts"]["size"].is_string(), "{v}");
}

/// Without a decision date, a case whose statute changed after the act to a lighter text
/// (transport §63, 2023-07-20) has no band the audit can place its fine in: the earlier law's
/// if decided before the change, the later's after. It is not compared, said as its own
/// reason (it was placed in the earlier band, where a fine the later law set looked an
/// outlier). A discovery after the change settles it, as in `check`.
#[test]
fn a_case_whose_law_at_the_decision_is_unknown_is_not_compared() {
    let rules = Benchmark::from_path("rules").unwrap();
    let transport = |id: &str, discovered: &str, decided: Option<&str>, fine: i64| {
        freight_case(id, "2023-06-01", discovered, decided, fine)
    };
    let cases = [
        transport("DATED", "2023-06-10", Some("2023-09-01"), 8_000),
        transport("UNDATED", "2023-06-10", None, 8_000),
        transport("FOUND-LATER", "2023-08-01", None, 8_000),
        // Decided before its discovery (C034): as undated.
        transport("MISDATED", "2023-08-01", Some("2023-07-10"), 8_000),
    ];
    let r = rules.audit(&cases, AuditConfig::default()).unwrap();
    assert_eq!(reason_count(&r, NotComparable::LawAtDecisionUnknown), 2, "{:?}", r.summary);
    let listed = &r.summary.not_comparable.iter().find(|e| e.reason == NotComparable::LawAtDecisionUnknown).unwrap();
    let mut ids = listed.case_ids.clone();
    ids.sort();
    assert_eq!(ids, ["MISDATED", "UNDATED"]);
    assert_eq!((r.summary.rows_read, r.summary.comparable), (4, 2), "{:?}", r.summary);
    assert!(NotComparable::LawAtDecisionUnknown.is_gap());
    assert!(NotComparable::LawAtDecisionUnknown.describe(Lang::Zh).contains("未记载决定日期"));
}

/// Cases decided under different texts of the statute (Art. 37) are not similar cases: the
/// transport §63 fine of 2019 (30,000–100,000) and of 2023 (3,000–10,000 for freight) make two
/// groups in one window of one table version, each naming its text.
#[test]
fn cases_under_different_texts_of_the_law_are_in_different_groups() {
    let rules = Benchmark::from_path("rules").unwrap();
    let transport =
        |id: String, acted: &str, decided: &str, fine: i64| freight_case(&id, acted, acted, Some(decided), fine);
    let mut cases: Vec<Case> =
        (0..4).map(|i| transport(format!("OLD-{i}"), "2023-05-01", "2023-06-01", 30_000)).collect();
    cases.extend((0..4).map(|i| transport(format!("NEW-{i}"), "2023-08-01", "2023-09-01", 8_000 + i)));
    let r = rules.audit(&cases, AuditConfig::default()).unwrap();
    assert_eq!(r.summary.comparable, 8, "{:?}", r.summary);
    let laws: Vec<(Option<&str>, u64)> = r.groups.iter().map(|g| (g.label.law_in_force_from.as_deref(), g.n)).collect();
    assert_eq!(laws, [(Some("2019-03-02"), 4), (Some("2023-07-20"), 4)], "{:?}", r.groups);
    let newer =
        r.groups.iter().find(|g| g.n == 4 && g.label.law_in_force_from.as_deref() == Some("2023-07-20")).unwrap();
    assert!(newer.label.text(Lang::En).ends_with(", law of 2023-07-20]"), "{}", newer.label.text(Lang::En));
    assert!(newer.label.text(Lang::Zh).ends_with("，2023-07-20起施行的规定]"), "{}", newer.label.text(Lang::Zh));
    // A statute of one text says none.
    let scenario = AuditScenario::new(2_000, 1);
    let generated = scenario.spec.load().unwrap();
    let cases: Vec<Case> = scenario.cases.iter().map(|c| c.to_case(&scenario.spec)).collect();
    let r = generated.audit(&cases, AuditConfig::default()).unwrap();
    assert!(!r.groups.is_empty());
    assert!(r.groups.iter().all(|g| g.label.law_in_force_from.is_none() && !g.label.text(Lang::En).contains("law of")));
}
