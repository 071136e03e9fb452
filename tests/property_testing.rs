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
    // As docs/PROPERTY-TESTING.md shows it.
    let guide = std::fs::read_to_string("docs/PROPERTY-TESTING.md").unwrap();
    let shown = guide.split("shows the defect:\n\n```\n").nth(1).unwrap().split("\n```").next().unwrap();
    assert_eq!(reason.message(), shown, "the guide shows the real failure");
    // Shrunk to the gap itself: an organisation exactly 31 days late, not corrected before discovery.
    assert_eq!(minimal.get("days_late"), Some(&FactValue::Number(31.into())), "{minimal:?}");
    assert_eq!(minimal.get("party"), Some(&FactValue::Word("organisation".into())), "{minimal:?}");
    assert_eq!(minimal.get("corrected_before_discovery"), Some(&FactValue::Flag(false)), "{minimal:?}");
    // And `lint` agrees: the same table has a gap.
    assert!(rules.verify().diagnostics.iter().any(|d| d.check.code() == "D006"), "{:?}", rules.verify().diagnostics);
}

/// The tax table with `old` replaced by `new` in its text.
fn edited(old: &str, new: &str) -> Benchmark {
    let sources: Vec<(&str, String)> = Benchmark::shipped_files()
        .iter()
        .map(|(name, text)| {
            let text = if name.ends_with(TAX_TABLE) {
                assert_eq!(text.matches(old).count(), 1, "{old}");
                text.replace(old, new)
            } else {
                text.to_string()
            };
            (*name, text)
        })
        .collect();
    Benchmark::from_sources(sources.iter().map(|(n, t)| (*n, t.as_str()))).unwrap()
}

/// Runs `property` over the boundary facts of the tax violation: the failure's message, if any.
fn failure(rules: &Benchmark, property: impl Fn(&Case) -> Result<(), TestCaseError>) -> Option<String> {
    let mut runner = TestRunner::new(Config { cases: 500, failure_persistence: None, ..Config::default() });
    match runner.run(&boundary_facts(rules, VIOLATION).unwrap(), |f| property(&case_with(f))) {
        Ok(()) => None,
        Err(TestError::Fail(reason, _)) => Some(reason.message().to_string()),
        Err(e) => Some(format!("{e}")),
    }
}

/// A property never passes a case it could not judge: a misspelt fact fails, with the name it
/// meant; a case dated before the table came into force fails, saying so (every property
/// passed such cases, so a test whose date fell out of force tested nothing).
#[test]
fn a_property_that_cannot_judge_says_so() {
    let rules = rules();
    let typo = failure(rules, |c| never_lower_max(rules, c, "days_lat")).expect("a misspelt fact fails");
    assert!(typo.contains("`days_lat` is not a fact of the rules; did you mean `days_late`?"), "{typo}");
    let early = |f: Facts| {
        let mut case = case_with(f);
        case.act_ended = "2001-01-01".parse().ok();
        case
    };
    let mut runner = TestRunner::new(Config { cases: 50, failure_persistence: None, ..Config::default() });
    for property in [band_inside_statute, allowed_agrees_with_check] {
        let result = runner.run(&facts(rules, VIOLATION).unwrap(), |f| property(rules, &early(f)));
        let Err(TestError::Fail(reason, _)) = result else { panic!("passed a case out of force: {result:?}") };
        assert!(reason.message().contains("has no band") && reason.message().contains("2001-01-01"), "{reason}");
    }
    let result = runner.run(&facts(rules, VIOLATION).unwrap(), |f| never_lower_max(rules, &early(f), "days_late"));
    let Err(TestError::Fail(reason, _)) = result else { panic!("passed a case out of force: {result:?}") };
    assert!(reason.message().contains("the case has no band") && reason.message().contains("2001-01-01"), "{reason}");
}

/// `never_lower_max` compares what may be paid, to the fen: a heavier tier written `less_than` the
/// lighter one's included maximum pays a fen less (caught, with both levels and bands); a
/// lighter tier `less_than: X` and a heavier one up to X − 0.01 pay the same (not flagged).
#[test]
fn never_lower_max_compares_to_the_fen() {
    let rules = rules();
    assert_eq!(failure(rules, |c| never_lower_max(rules, c, "days_late")), None);
    let ordinary =
        "fine: {basis: per_unit, of: days_late, rate: 20}\n        disposition: ordinary\n        branch: general";
    let serious = "fine: {min: 2000, max: 10000}";
    let twin = |light: &str, heavy: &str| {
        let once = edited(ordinary, &format!("fine: {light}\n        disposition: ordinary\n        branch: serious"));
        let sources: Vec<(String, String)> = once
            .source_files()
            .iter()
            .map(|f| {
                let text = if f.name.ends_with(TAX_TABLE) {
                    f.text.replace(serious, &format!("fine: {heavy}"))
                } else {
                    f.text.to_string()
                };
                (f.name.to_string(), text)
            })
            .collect();
        Benchmark::from_sources(sources.iter().map(|(n, t)| (n.as_str(), t.as_str()))).unwrap()
    };
    // 30 days late pays up to 5,000; 31 days, under 5,000: a fen less.
    let lower = twin("{min: 2000, max: 5000}", "{min: 2000, less_than: 5000}");
    let caught = failure(&lower, |c| never_lower_max(&lower, c, "days_late"));
    let caught = caught.expect("a heavier tier that pays a fen less is caught");
    assert!(caught.contains("moves the case from level `ordinary-organisation`"), "{caught}");
    assert!(caught.contains("lowers the most it may pay from 5000 to 4999.99"), "{caught}");
    assert!(!caught.contains("Range {"), "bands as lint writes them: {caught}");
    // Under 5,000, then up to 4,999.99: the same to the fen, not a lower maximum.
    let same = twin("{min: 2000, less_than: 5000}", "{min: 2000, max: 4999.99}");
    assert_eq!(failure(&same, |c| never_lower_max(&same, c, "days_late")), None);
    // `lint` judges both as the property does (D005).
    let d005 = |b: &Benchmark| b.verify().diagnostics.iter().filter(|d| d.check.code() == "D005").count();
    assert!(d005(&lower) > 0 && d005(&same) == 0, "D005: {} and {}", d005(&lower), d005(&same));
}

/// Asked for a level on a date no version of the table covers, `level_facts` blames the date,
/// not the level (it said the level was unreachable).
#[test]
fn level_facts_on_a_date_out_of_force_blames_the_date() {
    let rules = rules();
    assert!(level_facts(rules, VIOLATION, "serious-organisation", "2016-03-01".parse().unwrap()).is_ok());
    let err = level_facts(rules, VIOLATION, "serious-organisation", "2001-01-01".parse().unwrap()).unwrap_err();
    assert!(matches!(err, discretion::proptest::KitError::NotOnDate { .. }), "{err}");
    assert!(err.to_string().contains("cannot be judged on 2001-01-01"), "{err}");
}

/// A mistyped violation id is named with the id meant, as `check` names it; an id near none
/// gets no guess.
#[test]
fn an_unknown_violation_suggests_the_nearest_id() {
    let rules = rules();
    let Err(err) = cases(rules, "gd-tax.60.l") else { panic!("a misspelled id gave a strategy") };
    match &err {
        discretion::proptest::KitError::UnknownViolation { violation, near } => {
            assert_eq!((violation.as_str(), near.as_slice()), ("gd-tax.60.l", &[VIOLATION.to_string()][..]));
        }
        other => panic!("{other}"),
    }
    assert_eq!(err.to_string(), "violation `gd-tax.60.l` is not in the rules; did you mean `gd-tax.60.1`?");
    let Err(err) = facts(rules, "no-such-thing-at-all") else { panic!("an unknown id gave a strategy") };
    assert_eq!(err.to_string(), "violation `no-such-thing-at-all` is not in the rules");
}
