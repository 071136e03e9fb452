//! A table author's property tests, as `docs/PROPERTY-TESTING.md` teaches them: the Guangdong
//! tax table (`rules/tax/guangdong-state-tax-2014.yaml`) proven sound over generated facts and
//! cases — and a broken copy of it, where the same property finds the defect and shrinks it to
//! the one fact vector that shows it.
#![cfg(feature = "proptest")]

use discretion::Benchmark;
use discretion::check::Case;
use discretion::proptest::{
    allowed_agrees_with_check, band_inside_statute, boundary_facts, cases, exactly_one_level, facts, level_facts,
    never_lower_max,
};
use discretion::table::{FactValue, Facts};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestError, TestRunner};

const VIOLATION: &str = "gd-tax.60.1";
const TAX_TABLE: &str = "guangdong-state-tax-2014.yaml";

/// Loaded once: a property runs hundreds of cases.
fn rules() -> &'static Benchmark {
    static RULES: std::sync::LazyLock<Benchmark> = std::sync::LazyLock::new(|| Benchmark::from_path("rules").unwrap());
    &RULES
}

fn case_with(facts: Facts) -> Case {
    let mut case = Case::new("P", VIOLATION);
    case.act_ended = "2016-03-01".parse().ok();
    case.facts = facts;
    case
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Every fact vector gets exactly one tier (the table says `first_match`).
    #[test]
    fn every_fact_vector_gets_one_tier(f in facts(rules(), VIOLATION).unwrap()) {
        exactly_one_level(rules(), &case_with(f))?;
    }

    /// More days late never lowers the maximum.
    #[test]
    fn more_days_late_never_lowers_the_maximum(f in boundary_facts(rules(), VIOLATION).unwrap()) {
        never_lower_max(rules(), &case_with(f), "days_late")?;
    }

    /// `allowed` and `check` agree, and every band lies inside the statute.
    #[test]
    fn one_band_inside_the_statute(case in cases(rules(), VIOLATION).unwrap()) {
        allowed_agrees_with_check(rules(), &case)?;
        band_inside_statute(rules(), &case)?;
    }
}

#[test]
fn every_tier_is_reachable() {
    let rules = rules();
    let date = "2016-03-01".parse().unwrap();
    let (_, v) = rules.violation(VIOLATION).unwrap();
    for level in v.scheme.levels() {
        let name = v.scheme.level_name(level.index).unwrap();
        let strategy = level_facts(rules, VIOLATION, &name, date).unwrap_or_else(|e| panic!("{e}"));
        let mut runner = TestRunner::new(Config { cases: 20, failure_persistence: None, ..Config::default() });
        runner
            .run(&strategy, |f| {
                prop_assert_eq!(rules.allowed(&case_with(f)).unwrap().level, name.as_ref());
                Ok(())
            })
            .unwrap();
    }
}

/// The tax table with one edit: the serious tier for organisations starts at "more than 31
/// days" instead of 30 — an organisation exactly 31 days late falls between two tiers.
fn broken() -> Benchmark {
    let sources: Vec<(&str, String)> = Benchmark::shipped_files()
        .iter()
        .map(|(name, text)| {
            let text = if name.ends_with(TAX_TABLE) {
                let serious = "{all: [{fact: days_late, more_than: 30}, {fact: party, is: organisation}]}";
                assert_eq!(text.matches(serious).count(), 1);
                text.replace(serious, "{all: [{fact: days_late, more_than: 31}, {fact: party, is: organisation}]}")
            } else {
                text.to_string()
            };
            (*name, text)
        })
        .collect();
    Benchmark::from_sources(sources.iter().map(|(n, t)| (*n, t.as_str()))).unwrap()
}

#[test]
fn the_broken_twin_fails_and_shrinks_to_the_gap() {
    let rules = broken();
    let mut runner = TestRunner::new(Config { cases: 2000, failure_persistence: None, ..Config::default() });
    let result = runner.run(&facts(&rules, VIOLATION).unwrap(), |f| exactly_one_level(&rules, &case_with(f)));
    let Err(TestError::Fail(reason, minimal)) = result else { panic!("the gap went unnoticed: {result:?}") };
    assert!(reason.message().contains("no single level"), "{reason}");
    // Shrunk to the gap itself: an organisation exactly 31 days late, not corrected before discovery.
    assert_eq!(minimal.get("days_late"), Some(&FactValue::Number(31.into())), "{minimal:?}");
    assert_eq!(minimal.get("party"), Some(&FactValue::Word("organisation".into())), "{minimal:?}");
    assert_eq!(minimal.get("corrected_before_discovery"), Some(&FactValue::Flag(false)), "{minimal:?}");
    // And `lint` agrees: the same table has a gap.
    assert!(rules.verify().diagnostics.iter().any(|d| d.check.code() == "D006"), "{:?}", rules.verify().diagnostics);
}
