//! Benchmark::check end to end: every finding kind triggered and not, and every worked example
//! of tables.md at its band edge and one yuan outside.

use discretion::check::{Case, CaseCheck, Imposed, LawChoice, Party, Verdict};
use discretion::table::{Disposition, Facts, Lang, SanctionKind};
use discretion::{Benchmark, Date};
use rust_decimal::Decimal;
use std::sync::OnceLock;

fn rules() -> &'static Benchmark {
    static RULES: OnceLock<Benchmark> = OnceLock::new();
    RULES.get_or_init(|| Benchmark::from_path("rules").unwrap())
}

fn date(s: &str) -> Date {
    s.parse().unwrap()
}

fn case(violation: &str, facts: Facts, fine: i64, on: &str) -> Case {
    let mut c = Case::new(format!("{violation}-{fine}"), violation);
    c.facts = facts;
    c.act_ended = Some(date(on));
    c.discovered = Some(date(on));
    c.decided = Some(date(on));
    c.decision.fine = Some(Decimal::from(fine));
    // The case file records everything: no factors cited, no other sanction, hearing offered.
    c.factors = Some(Vec::new());
    c.decision.sanctions = Some(Vec::new());
    c.procedure.hearing_notified = Some(true);
    c.procedure.summary = Some(false);
    c.procedure.collective_deliberation = Some(false);
    c.grave_harm = Some(false);
    c
}

/// The findings, without notes about checks the case's data did not allow.
fn checks(c: &Case) -> Vec<CaseCheck> {
    rules().check(c).findings.iter().map(|f| f.check).filter(|c| *c != CaseCheck::CheckNotMade).collect()
}

fn sanctions(c: &mut Case) -> &mut Vec<Imposed> {
    c.decision.sanctions.get_or_insert_with(Vec::new)
}

/// `fine` passes, `fine − 1` and `fine + 1` (or the band edges given) are flagged.
fn edges(violation: &str, facts: Facts, lo: i64, hi: i64, on: &str) {
    for fine in [lo, hi] {
        let c = case(violation, facts.clone(), fine, on);
        let a = rules().check(&c);
        assert_eq!(a.verdict, Verdict::Compliant, "{violation} at {fine}: {:?}", a.findings);
    }
    let below = rules()
        .check(&case(violation, facts.clone(), lo - 1, on))
        .findings
        .iter()
        .any(|f| f.check == CaseCheck::BelowBand);
    let above =
        rules().check(&case(violation, facts, hi + 1, on)).findings.iter().any(|f| f.check == CaseCheck::AboveBand);
    assert!(below && above, "{violation}: one yuan outside [{lo}, {hi}] must be flagged");
}

fn a1() -> Facts {
    Facts::new()
        .number("total_investment", 10_000_000)
        .word("eia_document", "report")
        .word("eia_location", "general")
        .word("construction_stage", "equipment_installation")
        .number("construction_months", 4)
        .number("same_kind_in_two_years", 2)
        .flag("cooperates", true)
}

fn a4() -> Facts {
    Facts::new()
        .number("pollutants_over_limit", 2)
        .word("water_pollutant_class", "a_class")
        .word("outfall_area", "restricted_or_residential")
        .number("daily_discharge_tonnes", 100)
        .word("water_exceedance", "x3_to_x8")
        .number("same_kind_in_two_years", 1)
}

fn a6(cost: i64) -> Facts {
    Facts::new()
        .number("disposal_cost", cost)
        .number("waste_tonnes", 2)
        .word("waste_area", "general")
        .flag("corrected_in_time", true)
        .number("same_kind_in_two_years", 1)
        .number("illegal_gains", 0)
}

fn tax(days: i64) -> Facts {
    Facts::new().number("days_late", days).word("party", "organisation")
}

#[test]
fn worked_examples_at_the_edge_and_one_yuan_outside() {
    edges("gd-env.1.1", a1(), 180_000, 180_000, "2023-01-01");
    edges("gd-env.2.7.1", a4(), 330_000, 330_000, "2023-01-01");
    let a5 = Facts::new()
        .word("air_permit_class", "key")
        .word("air_pollutant_class", "b_class")
        .word("air_area", "general")
        .word("air_period", "heavy_pollution_alert")
        .word("air_treatment", "untreated")
        .number("same_kind_in_two_years", 2);
    edges("gd-env.3.2.1", a5, 520_000, 520_000, "2023-01-01");
    edges("gd-tax.60.1", tax(17), 340, 340, "2016-01-01");
    let jm = a1().flag("main_works_finished", false).flag("in_prohibited_zone", false).flag("major_emergency", false);
    edges("jm-env.1-1", jm, 200_000, 300_000, "2021-01-01");
}

#[test]
fn a6_worked_example_notes_the_base_floor() {
    let mut c = case("gd-env.4.14", a6(50_000), 620_000, "2023-01-01");
    sanctions(&mut c).push(Imposed::of(SanctionKind::ConfiscateGains));
    let a = rules().check(&c);
    assert_eq!(a.verdict, Verdict::Compliant, "{:?}", a.findings);
    assert!(a.has(CaseCheck::BaseFloorApplied));
    assert_eq!(a.band.unwrap().max, Some(Decimal::from(620_000)));
    assert!(!rules().check(&case("gd-env.4.14", a6(300_000), 930_000, "2023-01-01")).has(CaseCheck::BaseFloorApplied));
    assert!(checks(&case("gd-env.4.14", a6(50_000), 620_001, "2023-01-01")).contains(&CaseCheck::AboveBand));
    assert!(checks(&case("gd-env.4.14", a6(50_000), 619_999, "2023-01-01")).contains(&CaseCheck::BelowBand));
}

#[test]
fn c001_unknown_violation() {
    let a = rules().check(&case("no-such-violation", Facts::new(), 1, "2023-01-01"));
    assert_eq!(a.verdict, Verdict::NeedsReview);
    assert!(a.has(CaseCheck::UnknownViolation));
}

#[test]
fn c002_missing_fact() {
    let a =
        rules().check(&case("gd-env.2.7.1", Facts::new().number("pollutants_over_limit", 1), 100_000, "2023-01-01"));
    assert!(a.has(CaseCheck::LevelUndetermined));
    assert!(a.findings.iter().any(|f| f.message(Lang::En).contains("is not given")));
}

fn transport(gains: i64) -> Facts {
    Facts::new()
        .number("offence_count", 1)
        .number("illegal_gains", gains)
        .flag("organised_vehicles", false)
        .word("transport_kind", "freight")
        .flag("serious", false)
}

#[test]
fn c003_the_lighter_later_law_applies() {
    let mut c = case("jx-transport.63.freight", transport(0), 8_000, "2023-06-01");
    c.decided = Some(date("2023-09-01"));
    let a = rules().check(&c);
    assert!(a.has(CaseCheck::LawApplied));
    assert_eq!(a.statute.unwrap().1, LawChoice::LighterLater);
    assert_eq!(a.statutory.unwrap().max, Some(Decimal::from(10_000)));
    // Decided before the change: the old law, no note.
    let a = rules().check(&case("jx-transport.63.freight", transport(0), 30_000, "2023-06-01"));
    assert!(!a.has(CaseCheck::LawApplied));
    assert_eq!(a.statute.unwrap().1, LawChoice::Unchanged);
}

fn registration(corrected: bool) -> Facts {
    Facts::new()
        .word("eia_location", "general")
        .flag("corrected_within_deadline", corrected)
        .flag("first_offence", true)
        .flag("harm_minor", true)
}

#[test]
fn c004_penalised_despite_the_no_penalty_list() {
    let a = rules().check(&case("gd-env.1.3", registration(true), 5_000, "2023-01-01"));
    assert_eq!(a.verdict, Verdict::Violation);
    assert!(a.has(CaseCheck::PenalisedDespiteExemption));
    let mut none = case("gd-env.1.3", registration(true), 0, "2023-01-01");
    none.decision.fine = None;
    assert!(!rules().check(&none).has(CaseCheck::PenalisedDespiteExemption));
    assert!(
        !rules()
            .check(&case("gd-env.1.3", registration(false), 20_000, "2023-01-01"))
            .has(CaseCheck::PenalisedDespiteExemption)
    );
}

#[test]
fn c004_c005_exempting_factors() {
    let mut c = case("gd-tax.60.1", tax(17), 340, "2016-01-01");
    c.factors = Some(vec!["apl.art33.first-offence".into()]);
    let a = rules().check(&c);
    assert!(a.has(CaseCheck::DiscretionaryExemption));
    assert_eq!(a.verdict, Verdict::NeedsReview);
    c.factors = Some(vec!["apl.art33.no-fault".into()]);
    assert!(rules().check(&c).has(CaseCheck::PenalisedDespiteExemption));
    c.factors = Some(Vec::new());
    assert!(rules().check(&c).findings.is_empty());
}

#[test]
fn c006_claimed_level_differs() {
    let mut c = case("gd-tax.60.1", tax(17), 340, "2016-01-01");
    c.claimed_level = Some("serious-organisation".into());
    assert!(checks(&c).contains(&CaseCheck::LevelMismatch));
    c.claimed_level = Some("ordinary-organisation".into());
    assert!(checks(&c).is_empty());
}

#[test]
fn c007_c008_position_and_distance() {
    let jm = Facts::new()
        .flag("production_discharge", true)
        .flag("above_standard_found", false)
        .flag("major_emergency", false);
    let a = rules().check(&case("jm-env.1-2", jm.clone(), 15_000, "2021-01-01"));
    assert_eq!(a.position(), Some(Decimal::new(5, 1)));
    assert_eq!(a.distance(), Some(Decimal::ZERO));
    let a = rules().check(&case("jm-env.1-2", jm.clone(), 25_000, "2021-01-01"));
    assert!(a.has(CaseCheck::AboveBand));
    assert_eq!(a.distance(), Some(Decimal::new(5, 1)));
    let a = rules().check(&case("jm-env.1-2", jm, 5_000, "2021-01-01"));
    assert!(a.has(CaseCheck::BelowBand));
    assert_eq!(a.distance(), Some(Decimal::new(-5, 1)));
    assert_eq!(a.verdict, Verdict::NeedsReview);
}

#[test]
fn c009_outside_the_statute() {
    let jm = Facts::new()
        .flag("production_discharge", true)
        .flag("above_standard_found", true)
        .flag("major_emergency", true);
    let a = rules().check(&case("jm-env.1-2", jm.clone(), 60_000, "2021-01-01"));
    assert!(a.has(CaseCheck::OutsideStatute));
    assert_eq!(a.verdict, Verdict::Violation);
    let a = rules().check(&case("gd-env.2.7.1", a4(), 90_000, "2023-01-01"));
    assert!(a.has(CaseCheck::OutsideStatute), "{:?}", a.findings);
    assert!(!rules().check(&case("jm-env.1-2", jm, 50_000, "2021-01-01")).has(CaseCheck::OutsideStatute));
}

#[test]
fn c010_mitigated_needs_a_ground() {
    let mut c = case("gd-env.2.7.1", a4(), 90_000, "2023-01-01");
    c.claimed_disposition = Some(Disposition::Mitigated);
    let a = rules().check(&c);
    assert!(a.has(CaseCheck::MitigatedWithoutGround));
    assert!(!a.has(CaseCheck::OutsideStatute));
    c.factors = Some(vec!["apl.art32.removed-harm".into()]);
    let a = rules().check(&c);
    assert!(!a.has(CaseCheck::MitigatedWithoutGround), "{:?}", a.findings);
}

#[test]
fn c011_heavier_without_an_aggravating_factor() {
    let mut c = case("gd-tax.60.1", tax(17), 340, "2016-01-01");
    c.claimed_disposition = Some(Disposition::Heavier);
    assert!(checks(&c).contains(&CaseCheck::HeavierWithoutFactor));
    c.factors = Some(vec!["apl.art49.emergency".into()]);
    assert!(!checks(&c).contains(&CaseCheck::HeavierWithoutFactor));
}

#[test]
fn c012_mandatory_mitigation_ignored() {
    let mut c = case("gd-tax.60.1", tax(17), 340, "2016-01-01");
    c.factors = Some(vec!["apl.art30.age-14-to-18".into()]);
    c.claimed_disposition = Some(Disposition::Ordinary);
    assert!(checks(&c).contains(&CaseCheck::MandatoryMitigationIgnored));
    assert_eq!(rules().check(&c).verdict, Verdict::Violation);
    c.claimed_disposition = Some(Disposition::Lighter);
    assert!(!checks(&c).contains(&CaseCheck::MandatoryMitigationIgnored));
}

#[test]
fn c013_statutory_maximum_without_a_factor() {
    let jm = Facts::new()
        .flag("production_discharge", true)
        .flag("above_standard_found", true)
        .flag("major_emergency", true);
    let c = case("jm-env.1-2", jm, 50_000, "2021-01-01");
    assert!(checks(&c).contains(&CaseCheck::MaximumWithoutFactor));
    let mut c = c;
    c.factors = Some(vec!["jm.art5.repeat".into()]);
    assert!(!checks(&c).contains(&CaseCheck::MaximumWithoutFactor));
}

#[test]
fn c015_required_sanctions() {
    // Jiangmen 1-4 tier 4: exactly 5 × fees and the ban on EIA work.
    let f = Facts::new()
        .word("eia_document", "report")
        .flag("false_base_data", false)
        .flag("major_emergency", true)
        .number("eia_fees", 80_000);
    let mut c = case("jm-env.1-4", f, 400_000, "2021-01-01");
    sanctions(&mut c).push(Imposed::of(SanctionKind::ConfiscateGains));
    assert!(checks(&c).contains(&CaseCheck::RequiredSanctionMissing));
    sanctions(&mut c).push(Imposed::of(SanctionKind::EmploymentBan));
    assert!(!checks(&c).contains(&CaseCheck::RequiredSanctionMissing));
    // Art. 28: established illegal gains must be confiscated.
    let mut c = case("jx-transport.63.freight", transport(30_000), 60_000, "2022-01-01");
    assert!(checks(&c).contains(&CaseCheck::RequiredSanctionMissing));
    c.decision.confiscated_gains = Some(Decimal::from(30_000));
    assert!(checks(&c).is_empty(), "{:?}", checks(&c));
}

#[test]
fn c016_sanction_not_allowed() {
    let mut c = case("gd-tax.60.1", tax(17), 340, "2016-01-01");
    sanctions(&mut c).push(Imposed::of(SanctionKind::LicenceRevocation));
    assert!(checks(&c).contains(&CaseCheck::SanctionNotAllowed));
    c.decision.sanctions = Some(vec![Imposed::of(SanctionKind::Warning)]);
    assert!(!checks(&c).contains(&CaseCheck::SanctionNotAllowed));
}

#[test]
fn c017_limitation_period() {
    let mut c = case("gd-tax.60.1", tax(17), 340, "2016-01-01");
    c.discovered = Some(date("2018-01-02"));
    assert!(checks(&c).contains(&CaseCheck::LimitationExpired));
    c.discovered = Some(date("2018-01-01"));
    assert!(!checks(&c).contains(&CaseCheck::LimitationExpired));
    c.discovered = Some(date("2020-06-01"));
    c.grave_harm = Some(true);
    assert!(!checks(&c).contains(&CaseCheck::LimitationExpired));
}

#[test]
fn c018_hearing_threshold() {
    let mut c = case("gd-tax.60.1", tax(40), 10_000, "2016-01-01");
    c.facts = c.facts.clone().flag("serious", true);
    c.procedure.hearing_notified = Some(false);
    assert!(checks(&c).contains(&CaseCheck::HearingNotNotified));
    c.procedure.hearing_notified = Some(true);
    assert!(!checks(&c).contains(&CaseCheck::HearingNotNotified));
    c.decision.fine = Some(Decimal::from(9_999));
    c.procedure.hearing_notified = Some(false);
    assert!(!checks(&c).contains(&CaseCheck::HearingNotNotified));
}

#[test]
fn c019_summary_procedure_limits() {
    let mut c = case("gd-tax.60.1", tax(17).word("party", "individual"), 85, "2016-01-01");
    c.party = Some(Party::Individual);
    c.procedure.summary = Some(true);
    assert!(!checks(&c).contains(&CaseCheck::SummaryProcedureExceeded));
    let mut c = case("gd-tax.60.1", tax(30).word("party", "individual"), 150, "2016-01-01");
    c.party = Some(Party::Individual);
    c.procedure.summary = Some(true);
    c.decision.fine = Some(Decimal::from(250));
    assert!(checks(&c).contains(&CaseCheck::SummaryProcedureExceeded));
}

#[test]
fn c020_outside_the_band_without_deliberation() {
    let yaml = std::fs::read_to_string("rules/tax/late-filing-62-sample.yaml").unwrap().replace(
        "        fine: {min: 2000, max: 10000}\n        branch: serious\n",
        "        fine: {min: 2000, max: 10000}\n        branch: serious\n        deliberation_outside: true\n",
    );
    let law = std::fs::read_to_string("rules/tax/tax-collection-law.yaml").unwrap();
    let facts = std::fs::read_to_string("rules/law/common-facts.yaml").unwrap();
    let b = Benchmark::from_sources([
        ("62.yaml", yaml.as_str()),
        ("law.yaml", law.as_str()),
        ("facts.yaml", facts.as_str()),
    ])
    .unwrap();
    let mut c = case(
        "tax-62.late-filing",
        Facts::new().flag("corrected_within_deadline", false).flag("serious", true),
        1_500,
        "2020-01-01",
    );
    let a = b.check(&c);
    assert!(a.has(CaseCheck::DeliberationMissing), "{:?}", a.findings);
    c.procedure.collective_deliberation = Some(true);
    assert!(!b.check(&c).has(CaseCheck::DeliberationMissing));
}

#[test]
fn c021_c022_factor_problems() {
    let mut c = case("gd-tax.60.1", tax(17), 340, "2016-01-01");
    c.factors = Some(vec!["apl.art30.under-14".into(), "apl.art30.age-14-to-18".into()]);
    assert!(checks(&c).contains(&CaseCheck::ExclusiveFactors));
    c.factors = Some(vec!["apl.art99.nonsense".into()]);
    assert!(checks(&c).contains(&CaseCheck::UnknownFactor));
    c.factors = Some(vec!["apl.art30.under-14".into(), "apl.art32.removed-harm".into()]);
    let found = checks(&c);
    assert!(!found.contains(&CaseCheck::ExclusiveFactors) && !found.contains(&CaseCheck::UnknownFactor), "{found:?}");
}

#[test]
fn allowed_gives_the_band_with_its_explanation() {
    let query = |violation: &str, on: &str| {
        let mut c = case(violation, a4(), 0, on);
        c.decision.fine = None;
        c
    };
    let a = rules().allowed(&query("gd-env.2.7.1", "2023-01-01")).unwrap();
    assert_eq!(a.band.unwrap().min, Some(Decimal::from(330_000)));
    let lines: Vec<&str> = a.explanation.iter().map(|l| l.en.as_deref().unwrap()).collect();
    assert!(
        lines.iter().any(|l| l.contains("weights: start 7 + pollutant_count 2 + pollutant_class 10")),
        "{lines:#?}"
    );
    assert!(rules().allowed(&query("gd-env.2.7.1", "2019-01-01")).is_err());
    assert!(rules().allowed(&query("nope", "2023-01-01")).is_err());
}

#[test]
fn c023_band_clipped_to_the_statute() {
    // Guangdong §2.7.1's lowest weight sum gives 70,000, below the statutory 100,000: the
    // effective band is the statute's minimum, so 100,000 is compliant and 70,000 is not.
    let lowest = Facts::new()
        .number("pollutants_over_limit", 1)
        .word("water_pollutant_class", "b_class")
        .word("outfall_area", "general")
        .number("daily_discharge_tonnes", 10)
        .word("water_exceedance", "ph_mild")
        .number("same_kind_in_two_years", 1);
    let a = rules().check(&case("gd-env.2.7.1", lowest.clone(), 100_000, "2023-01-01"));
    assert!(a.has(CaseCheck::BandClipped));
    assert_eq!(a.verdict, Verdict::Compliant, "{:?}", a.findings);
    let a = rules().check(&case("gd-env.2.7.1", lowest, 70_000, "2023-01-01"));
    assert_eq!(a.verdict, Verdict::Violation);
    // A band inside the statute is not clipped.
    assert!(!rules().check(&case("gd-env.2.7.1", a4(), 330_000, "2023-01-01")).has(CaseCheck::BandClipped));
}

#[test]
fn c013_not_raised_when_the_band_itself_is_the_maximum() {
    // A.2: restricted area, overdue → exactly 50,000, the statutory maximum.
    let f = Facts::new()
        .word("eia_location", "restricted_or_sensitive")
        .flag("corrected_within_deadline", false)
        .flag("first_offence", false)
        .flag("harm_minor", false);
    let a = rules().check(&case("gd-env.1.3", f, 50_000, "2023-01-01"));
    assert_eq!(a.verdict, Verdict::Compliant, "{:?}", a.findings);
}
