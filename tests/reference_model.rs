//! A deliberately simple, slow reference for band selection and case judgement, written apart
//! from the fast path — it shares nothing with it but the model types — and the differential
//! property that the two agree on generated tables and cases. Then metamorphic properties:
//! relations between answers that must hold whatever the table says.
#![cfg(feature = "proptest")]

use discretion::check::{Case, CaseCheck, Party};
use discretion::proptest::{BandSpec, ConditionSpec, SchemeSpec, StatuteSpec, TableSpec, cases};
use discretion::table::{Condition, FactValue, Facts, FineRule, OverlapPolicy, Range, Scheme};
use discretion::{Benchmark, Decimal};
use proptest::prelude::*;

// ---- the reference ----

/// Whether a condition holds; `None` when a fact it reads is not given.
fn holds(c: &Condition, facts: &Facts) -> Option<bool> {
    match c {
        Condition::All(cs) => {
            let mut all = Some(true);
            for c in cs {
                match holds(c, facts) {
                    Some(false) => return Some(false),
                    None => all = None,
                    Some(true) => {}
                }
            }
            all
        }
        Condition::Any(cs) => {
            let mut any = Some(false);
            for c in cs {
                match holds(c, facts) {
                    Some(true) => return Some(true),
                    None => any = None,
                    Some(false) => {}
                }
            }
            any
        }
        Condition::Flag { fact, value } => match facts.get(fact)? {
            FactValue::Flag(b) => Some(b == value),
            _ => None,
        },
        Condition::OneOf { fact, values } => match facts.get(fact)? {
            FactValue::Word(w) => Some(values.contains(w)),
            _ => None,
        },
        Condition::Within { fact, interval } => {
            let x = match facts.get(fact)? {
                FactValue::Number(n) => *n,
                FactValue::Date(d) => Decimal::from(d.day_number()),
                _ => return None,
            };
            let low_ok = interval.lower.is_none_or(|b| x > b.value || (x == b.value && b.inclusive));
            let high_ok = interval.upper.is_none_or(|b| x < b.value || (x == b.value && b.inclusive));
            Some(low_ok && high_ok)
        }
    }
}

fn pick(matching: &[usize], policy: OverlapPolicy, rank: impl Fn(usize) -> u32) -> Option<usize> {
    match policy {
        OverlapPolicy::FirstMatch => matching.first().copied(),
        OverlapPolicy::HeavierWins => matching.iter().copied().max_by_key(|i| (rank(*i), *i)),
        _ => match matching {
            [one] => Some(*one),
            _ => None,
        },
    }
}

/// The level the facts select, by reading every condition in turn.
fn level(scheme: &Scheme, facts: &Facts) -> Option<usize> {
    match scheme {
        Scheme::Tiers { overlap, tiers } => {
            let matching: Vec<usize> =
                (0..tiers.len()).filter(|i| holds(&tiers[*i].when, facts) == Some(true)).collect();
            pick(&matching, *overlap, |i| tiers[i].rank)
        }
        Scheme::Matrix { axes, cells } => {
            // Each axis's grade, if it has one; a cell spanning an axis (`None` in its `at`)
            // applies whatever the axis says, even nothing.
            let at: Vec<Option<usize>> = axes
                .iter()
                .map(|axis| {
                    let matching: Vec<usize> =
                        (0..axis.grades.len()).filter(|g| holds(&axis.grades[*g].when, facts) == Some(true)).collect();
                    pick(&matching, axis.overlap, |_| 0)
                })
                .collect();
            cells.iter().position(|c| c.at.iter().zip(&at).all(|(cell, case)| cell.is_none() || cell == case))
        }
        Scheme::Weights(_) => Some(0),
    }
}

/// The band brought inside the statute: the overlap of the two; a band wholly outside becomes
/// the statute's nearest end.
fn inside(band: Range, statute: Range) -> Range {
    let (mut min, mut excl_min) = (band.min, band.excludes_min);
    if let Some(s) = statute.min
        && (min.is_none_or(|m| s > m) || (min == Some(s) && statute.excludes_min))
    {
        (min, excl_min) = (Some(s), statute.excludes_min);
    }
    let (mut max, mut excl_max) = (band.max, band.excludes_max);
    if let Some(s) = statute.max
        && (max.is_none_or(|m| s < m) || (max == Some(s) && statute.excludes_max))
    {
        (max, excl_max) = (Some(s), statute.excludes_max);
    }
    if let (Some(lo), Some(hi)) = (min, max)
        && (lo > hi || (lo == hi && (excl_min || excl_max)))
    {
        let below = band.max.zip(statute.min).is_some_and(|(b, s)| b < s || (b == s && band.excludes_max));
        let end = if below { statute.min } else { statute.max };
        return Range { min: end, max: end, excludes_min: false, excludes_max: false };
    }
    Range { min, max, excludes_min: excl_min, excludes_max: excl_max }
}

/// What the reference decides: the level's name and the band, or nothing.
fn reference(rules: &Benchmark, case: &Case) -> Option<(String, Option<Range>)> {
    let act = case.act_ended?;
    let table = rules.tables().iter().find(|t| t.effective.contains(act))?;
    let v = table.violations.iter().find(|v| v.id == case.violation)?;
    let statute = rules.statute(&v.statute)?;
    let version = statute.versions.iter().find(|s| s.effective.contains(act))?;
    let Some(FineRule::Amount(statutory)) = version.branches.iter().find(|b| b.when.is_none())?.fine.clone() else {
        return None;
    };
    let i = level(&v.scheme, &case.facts)?;
    let name = v.scheme.level_name(i)?.into_owned();
    let band = match &v.scheme.level(i)?.band.fine {
        None => None,
        Some(FineRule::Amount(r)) => Some(inside(*r, statutory)),
        Some(_) => return None,
    };
    Some((name, band))
}

// ---- generated tables the reference covers: amount bands, tiers and matrices ----

fn band() -> impl Strategy<Value = BandSpec> {
    prop_oneof![
        (0u32..3000, 0u32..3000, any::<bool>()).prop_map(|(lo, width, open_top)| BandSpec::Amount {
            lo,
            width,
            open_top
        }),
        (0u32..3000, 0u32..3000).prop_map(|(lo, width)| BandSpec::Convention { lo, width }),
        (1u32..3000).prop_map(BandSpec::AtMost),
        Just(BandSpec::NoFine),
    ]
}

fn condition() -> impl Strategy<Value = ConditionSpec> {
    prop_oneof![
        (0u16..12, 0u16..8).prop_map(|(lo, span)| ConditionSpec::Count { lo, span }),
        (0u16..12, 0u16..8).prop_map(|(lo, span)| ConditionSpec::CountByConvention { lo, span }),
        (1u8..8).prop_map(ConditionSpec::Word),
        any::<bool>().prop_map(ConditionSpec::Flag),
        (0u16..12, any::<bool>()).prop_map(|(lo, flag)| ConditionSpec::CountAndFlag { lo, flag }),
        Just(ConditionSpec::Always),
    ]
}

fn table() -> impl Strategy<Value = TableSpec> {
    let scheme = prop_oneof![
        3 => (0u8..3, prop::collection::vec((condition(), band()), 1..6))
            .prop_map(|(overlap, tiers)| SchemeSpec::Tiers { overlap, tiers }),
        1 => [prop::option::weighted(0.9, band()), prop::option::weighted(0.9, band()),
              prop::option::weighted(0.9, band()), prop::option::weighted(0.9, band())]
            .prop_map(SchemeSpec::Matrix),
        1 => [prop::option::weighted(0.9, band()), prop::option::weighted(0.9, band()),
              prop::option::weighted(0.9, band())]
            .prop_map(SchemeSpec::SpanningMatrix),
    ];
    (0u32..2000, 0u32..4000, any::<bool>(), any::<bool>(), scheme).prop_map(|(min, width, above, below, scheme)| {
        TableSpec {
            statute: vec![StatuteSpec { min, width, gains: false }],
            above_inclusive: above,
            below_inclusive: below,
            adjustments: vec![],
            violations: vec![scheme],
            exemption: None,
        }
    })
}

fn case() -> impl Strategy<Value = Case> {
    (0u32..25, 0usize..3, any::<bool>(), 0u32..8000, prop::option::of(0u32..4000)).prop_map(|(n, k, f, x, fine)| {
        let mut c = Case::new("P", "v0");
        c.party = Some(Party::Organisation);
        c.act_ended = "2022-06-01".parse().ok();
        c.facts = Facts::new().number("n", n).word("k", ["a", "b", "c"][k]).flag("f", f).number("x", x);
        c.factors = Some(Vec::new());
        c.decision.fine = fine.map(Decimal::from);
        c
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    /// The fast path and the reference choose the same level and the same band, and judge the
    /// fine the same way.
    #[test]
    fn fast_path_agrees_with_the_reference(spec in table(), case in case()) {
        let rules = spec.load().map_err(|e| TestCaseError::fail(e.to_string()))?;
        let expected = reference(&rules, &case);
        let allowed = rules.allowed(&case);
        match (&expected, &allowed) {
            (Some((level, band)), Ok(a)) => {
                prop_assert_eq!(level, &a.level, "{}", spec.yaml());
                prop_assert_eq!(band, &a.band, "{}", spec.yaml());
            }
            (None, Err(_)) => {}
            _ => prop_assert!(false, "reference {:?}, fast path {:?}\n{}", expected, allowed.map(|a| (a.level, a.band)), spec.yaml()),
        }
        let assessed = rules.check(&case);
        // A fine of 0 with nothing else imposed is no penalty at all: judged by the no-penalty
        // rules (C025 without a ground), never as a fine below the band.
        if case.penalised() == Some(false) {
            prop_assert!(!assessed.has(CaseCheck::BelowBand) && !assessed.has(CaseCheck::AboveBand));
            return Ok(());
        }
        if let (Some((_, Some(band))), Some(fine)) = (&expected, case.decision.fine) {
            let below = band.min.is_some_and(|m| fine < m || (fine == m && band.excludes_min));
            let above = band.max.is_some_and(|m| fine > m || (fine == m && band.excludes_max));
            prop_assert_eq!(assessed.has(CaseCheck::BelowBand), below, "{:?} {}", band, fine);
            prop_assert_eq!(assessed.has(CaseCheck::AboveBand), above, "{:?} {}", band, fine);
        }
    }
}

// ---- metamorphic properties ----

fn guangdong() -> &'static Benchmark {
    static RULES: std::sync::LazyLock<Benchmark> = std::sync::LazyLock::new(|| Benchmark::from_path("rules").unwrap());
    &RULES
}

fn gd_violation() -> impl Strategy<Value = Case> {
    let ids: Vec<String> = guangdong()
        .tables()
        .iter()
        .filter(|t| t.id == "gd-env-fines")
        .flat_map(|t| &t.violations)
        .map(|v| v.id.clone())
        .collect();
    prop::sample::select(ids).prop_flat_map(|id| cases(guangdong(), &id).unwrap())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Moving a fine anywhere within the band never creates an out-of-band finding.
    #[test]
    fn a_fine_moved_within_the_band_stays_inside(case in gd_violation(), share in 0u32..=1000) {
        let rules = guangdong();
        let Some(band) = rules.allowed(&case).ok().and_then(|a| a.band) else { return Ok(()) };
        let (Some(lo), Some(hi)) = (band.min, band.max) else { return Ok(()) };
        let fine = (lo + (hi - lo) * Decimal::from(share) / Decimal::from(1000)).round_dp(2);
        prop_assume!(band.contains(fine));
        let mut moved = case.clone();
        moved.decision.fine = Some(fine);
        let judged = rules.check(&moved);
        prop_assert!(!judged.has(CaseCheck::BelowBand) && !judged.has(CaseCheck::AboveBand), "{fine} in {band:?}");
    }

    /// Every band and statutory range applied is in payable amounts — to the fen — and no band
    /// is empty, whatever fractions of a fen the facts (amounts in fen, shares, multiples) give.
    #[test]
    fn bands_are_in_payable_amounts(case in gd_violation()) {
        let Ok(a) = guangdong().allowed(&case) else { return Ok(()) };
        for r in [a.band, a.statutory].into_iter().flatten() {
            for end in [r.min, r.max].into_iter().flatten() {
                prop_assert_eq!(end.round_dp(2), end, "{:?}", r);
            }
            prop_assert!(!r.is_empty(), "{:?}", r);
        }
    }

    /// An aggravating factor (从重) never lowers the allowed maximum; a mitigating one (从轻)
    /// never raises the minimum.
    #[test]
    fn factors_move_the_band_the_right_way(case in gd_violation()) {
        let rules = guangdong();
        let band = |factors: Vec<&str>| {
            let mut c = case.clone();
            c.act_ended = "2022-06-01".parse().ok();
            c.decided = None;
            c.factors = Some(factors.into_iter().map(String::from).collect());
            rules.allowed(&c).ok().and_then(|a| a.band)
        };
        let plain = band(vec![]);
        if let (Some(p), Some(h)) = (&plain, band(vec!["apl.emergency"])) {
            prop_assert!(h.max.is_none() || p.max.is_some_and(|pm| h.max.unwrap() >= pm), "{p:?} → {h:?}");
        }
        if let (Some(p), Some(l)) = (&plain, band(vec!["apl.removed-harm"])) {
            prop_assert!(match (l.min, p.min) { (Some(lm), Some(pm)) => lm <= pm, (None, _) => true, (Some(_), None) => false }, "{p:?} → {l:?}");
        }
    }
}

// The audit's independence of input order is a property in tests/audit.rs
// (`shuffling_the_input_changes_nothing`).
