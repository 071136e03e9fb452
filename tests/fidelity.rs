//! Legal fidelity: one band everywhere (check, allowed and range agree), the format
//! constructs real tables need, and the shipped tables as the sources write them.

use discretion::check::{Allowed, Case, CaseCheck, Imposed, Verdict};
use discretion::table::{Addressee, Disposition, Facts, Lang, Range, SanctionKind, Scheme};
use discretion::{Benchmark, Date};
use rust_decimal::Decimal;
use std::sync::OnceLock;

fn rules() -> &'static Benchmark {
    static RULES: OnceLock<Benchmark> = OnceLock::new();
    RULES.get_or_init(|| Benchmark::from_path("rules").unwrap())
}

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn date(s: &str) -> Date {
    s.parse().unwrap()
}

/// A fully recorded case (see tests/check.rs).
fn case(violation: &str, facts: Facts, fine: &str, on: &str) -> Case {
    let mut c = Case::new("F-1", violation);
    c.facts = facts;
    c.act_ended = Some(date(on));
    c.discovered = Some(date(on));
    c.decided = Some(date(on));
    c.decision.fine = Some(d(fine));
    c.factors = Some(Vec::new());
    c.decision.sanctions = Some(Vec::new());
    c.procedure.hearing_notified = Some(true);
    c.procedure.summary = Some(false);
    c.procedure.collective_deliberation = Some(false);
    c.procedure.approval = Some(false);
    c.grave_harm = Some(false);
    c
}

fn allowed(c: &Case) -> Allowed<'static> {
    match rules().allowed(c) {
        Ok(a) => a,
        Err(e) => panic!("{e}"),
    }
}

fn explained(a: &Allowed<'_>) -> String {
    a.explanation.iter().map(|t| t.get(Lang::En)).collect::<Vec<_>>().join("\n")
}

fn gd() -> Facts {
    Facts::new().flag("apology_and_pledge", false).flag("in_protected_area", false)
}

fn lightest_water() -> Facts {
    gd().number("pollutants_over_limit", 1)
        .word("water_pollutant_class", "b_class")
        .word("outfall_area", "general")
        .number("daily_discharge_tonnes", 10)
        .word("water_exceedance", "ph_mild")
        .number("same_kind_in_two_years", 1)
        .flag("first_offence_within_year", false)
        .flag("serious", false)
}

fn freight(gains: i64) -> Facts {
    Facts::new()
        .number("offence_count", 1)
        .number("illegal_gains", gains)
        .flag("organised_vehicles", false)
        .word("transport_kind", "freight")
        .flag("serious", false)
}

// ---------------------------------------------------------------- one band everywhere

#[test]
fn range_and_check_agree_on_a_band_below_the_statute() {
    // Guangdong §2.7.1, lightest facts: the table computes 70,000, the statute's minimum is
    // 100,000. allowed, range and check all apply 100,000 and say why.
    let c = case("gd-env.2.7.1", lightest_water(), "1000000", "2023-01-01");
    let a = allowed(&c);
    assert_eq!(a.band, Some(Range::exactly(d("100000"))));
    assert_eq!(a.table_band, Some(Range::exactly(d("70000"))));
    assert!(explained(&a).contains("the table's band 70,000 lies below the statutory minimum"), "{}", explained(&a));
    let checked = rules().check(&c);
    assert_eq!(checked.band, a.band);
    assert!(checked.has(CaseCheck::AboveBand), "1,000,000 for the lightest facts: {:?}", checked.findings);
}

#[test]
fn range_and_check_agree_on_a_band_above_a_later_statute() {
    // Jiangxi freight, first time, no gains: 30,000 in the table; after 2023-07-20 the statute
    // allows 3,000–10,000, so the band is its maximum, 10,000.
    let c = case("jx-transport.63.freight", freight(0), "30000", "2023-08-01");
    let a = allowed(&c);
    assert_eq!(a.statutory, Some(Range::between(d("3000"), d("10000"))));
    assert_eq!(a.band, Some(Range::exactly(d("10000"))));
    assert!(explained(&a).contains("the table's band 30,000 lies above the statutory maximum"));
    let checked = rules().check(&c);
    assert_eq!(checked.band, a.band);
    assert!(checked.has(CaseCheck::OutsideStatute));
}

#[test]
fn the_cli_range_prints_the_band_check_applies() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_discretion"))
        .args([
            "range",
            "--violation",
            "jx-transport.63.freight",
            "--act",
            "2023-08-01",
            "offence_count=1",
            "illegal_gains=0",
            "organised_vehicles=false",
            "transport_kind=freight",
            "serious=false",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.ends_with("=> 10,000\n"), "{text}");
    assert!(text.contains("3,000–10,000"), "{text}");
}

#[test]
fn range_takes_act_and_decision_dates() {
    // The act before the 2023 revision, the decision after: the lighter later law applies.
    let mut c = case("jx-transport.63.freight", freight(0), "10000", "2023-06-01");
    c.decided = Some(date("2023-09-01"));
    let a = allowed(&c);
    assert_eq!(a.choice, discretion::check::LawChoice::LighterLater);
    assert_eq!(a.band, rules().check(&c).band);
    assert!(explained(&a).contains("the later text is lighter and applies"));
}

#[test]
fn one_name_for_levels_tiers_and_cells() {
    let (_, v) = rules().violation("gd-env.1.4").unwrap();
    let names: Vec<String> = v.scheme.levels().map(|l| v.scheme.level_name(l.index).unwrap().into_owned()).collect();
    assert_eq!(names[0], "[not_in_production, report_form_non_production, general]");
    for (i, n) in names.iter().enumerate() {
        assert_eq!(v.scheme.find_level(n), Some(i));
    }
    let (_, t) = rules().violation("jm-env.1-2").unwrap();
    assert_eq!(t.scheme.level_name(1).as_deref(), Some("tier-2"));
    let (_, w) = rules().violation("gd-env.1.1").unwrap();
    assert_eq!(w.scheme.level_name(0).as_deref(), Some("weights"));
    // check and allowed report the same name.
    let c = case("jm-env.1-2", jm12(), "15000", "2021-01-01");
    assert_eq!(rules().check(&c).level_name().as_deref(), Some(allowed(&c).level.as_str()));
}

// ---------------------------------------------------------------- half-open bands

fn gd14(stage: &str, kind: &str, area: &str) -> Facts {
    gd().word("eia_project_stage", stage)
        .word("eia_document_project_type", kind)
        .word("eia_location", area)
        .flag("major_eco_impact", false)
}

#[test]
fn guangdong_bands_exclude_their_upper_end() {
    // "50万元以上57万元以下" under Art. 23 (以下 excludes): 570,000 belongs to the next cell only.
    let f = gd14("not_in_production", "report_form_non_production", "general");
    let c = |fine: &str| case("gd-env.1.4", f.clone(), fine, "2023-01-01");
    assert_eq!(rules().check(&c("569999.99")).verdict, Verdict::Compliant);
    assert!(rules().check(&c("570000")).has(CaseCheck::AboveBand));
    let next = case(
        "gd-env.1.4",
        gd14("not_in_production", "report_form_non_production", "restricted_or_sensitive"),
        "570000",
        "2023-01-01",
    );
    assert_eq!(rules().check(&next).verdict, Verdict::Compliant);
    let a = allowed(&c("0"));
    assert_eq!(a.band, Some(Range::between(d("500000"), d("570000")).excluding_max()));
    let zh = a.explanation.last().unwrap().get(Lang::Zh).to_string();
    assert_eq!(zh, "裁量幅度：500,000元以上不满570,000元");
}

#[test]
fn verify_uses_band_inclusion_for_gaps_and_overlaps() {
    let table = |lower: &str, upper: &str, overlap: &str| {
        format!(
            r#"discretion: 1
facts: [{{id: n, type: count}}]
statutes:
  - id: s
    citation: {{instrument: 法, article: 1}}
    versions:
      - effective: {{from: 2020-01-01}}
        branches: [{{id: general, fine: {{min: 0, max: 1000}}}}]
table:
  id: t
  title: {{zh: 表}}
  authority: {{zh: 局}}
  jurisdiction: CN
  currency: CNY
  effective: {{from: 2020-01-01}}
  source: {{name: 表}}
  boundaries: {{above: inclusive, below: exclusive}}
violations:
  - id: v
    legal_basis: {{violated: [{{instrument: 法, article: 1}}], penalty: [{{instrument: 法, article: 1}}]}}
    statute: s
    overlap: {overlap}
    tiers:
      - {{id: a, when: {{fact: n, at_most: 1}}, fine: {{min: 0, {lower}: 500}}}}
      - {{id: b, when: {{fact: n, at_least: 2}}, fine: {{{upper}: 500, max: 1000}}}}
"#
        )
    };
    let codes = |yaml: String| -> Vec<&'static str> {
        Benchmark::from_str("t.yaml", &yaml).unwrap().verify().diagnostics.iter().map(|d| d.check.code()).collect()
    };
    // [0, 500) and [500, 1000]: adjacent, no finding.
    assert!(!codes(table("below", "above", "forbidden")).contains(&"D008"));
    // [0, 500) and (500, 1000]: 500 falls in neither.
    assert!(codes(table("below", "more_than", "forbidden")).contains(&"D008"));
    // [0, 500] and [500, 1000] with overlaps forbidden: 500 in both.
    assert!(codes(table("max", "min", "forbidden")).contains(&"D008"));
    assert!(!codes(table("max", "min", "heavier_wins")).contains(&"D008"));
}

// ---------------------------------------------------------------- sanctions

#[test]
fn conditional_sanctions_apply_only_when_their_condition_holds() {
    // Jiangmen 1-4: "有违法所得的，没收违法所得".
    let f = |gains: i64| {
        Facts::new()
            .word("eia_document", "report_form")
            .flag("false_base_data", false)
            .flag("major_emergency", false)
            .flag("serious", false)
            .number("eia_fees", 100_000)
            .number("illegal_gains", gains)
            .number("same_kind_punished_in_two_years", 0)
    };
    let none = case("jm-env.1-4", f(0), "300000", "2021-01-01");
    assert_eq!(rules().check(&none).verdict, Verdict::Compliant, "{:?}", rules().check(&none).findings);
    let gains = case("jm-env.1-4", f(5_000), "300000", "2021-01-01");
    assert!(rules().check(&gains).has(CaseCheck::RequiredSanctionMissing));
    // range shows the condition's outcome: required only with gains.
    assert!(allowed(&none).required.is_empty());
    assert_eq!(allowed(&gains).required.iter().map(|s| s.kind).collect::<Vec<_>>(), [SanctionKind::ConfiscateGains]);
    // Transport no-gains tiers confiscate gains under 20,000 too, as their statute does.
    let mut c = case("jx-transport.63.freight", freight(5_000), "30000", "2022-01-01");
    assert!(rules().check(&c).has(CaseCheck::RequiredSanctionMissing));
    c.decision.confiscated_gains = Some(d("5000"));
    assert_eq!(rules().check(&c).verdict, Verdict::Compliant, "{:?}", rules().check(&c).findings);
}

#[test]
fn one_of_groups_and_optional_sanctions() {
    let yaml = r#"discretion: 1
facts: [{id: n, type: count}]
statutes:
  - id: s
    citation: {instrument: 法, article: 1}
    versions:
      - effective: {from: 2020-01-01}
        branches: [{id: general, fine: {max: 1000}, sanctions: [warning, licence_suspension, other]}]
table:
  id: t
  title: {zh: 表}
  authority: {zh: 局}
  jurisdiction: CN
  currency: CNY
  effective: {from: 2020-01-01}
  source: {name: 表}
  boundaries: {above: inclusive, below: inclusive}
violations:
  - id: v
    legal_basis: {violated: [{instrument: 法, article: 1}], penalty: [{instrument: 法, article: 1}]}
    statute: s
    tiers:
      - id: a
        fine: {max: 1000}
        sanctions:
          one_of: [[warning, licence_suspension]]
          allowed: [{kind: other, note: {zh: 可以责令恢复原状}}]
"#;
    let b = Benchmark::from_str("t.yaml", yaml).unwrap();
    let mut c = case("v", Facts::new(), "500", "2021-01-01");
    let a = b.check(&c);
    assert!(a.has(CaseCheck::RequiredSanctionMissing));
    assert!(a.findings.iter().any(|f| f.message(Lang::En).contains("one of `warning`, `licence_suspension`")));
    c.decision.sanctions = Some(vec![Imposed::of(SanctionKind::Warning), Imposed::of(SanctionKind::Other)]);
    assert_eq!(b.check(&c).verdict, Verdict::Compliant, "{:?}", b.check(&c).findings);
    let al = b.allowed(&c).unwrap();
    assert_eq!(al.one_of.len(), 1);
    assert_eq!(al.allowed.len(), 1);
}

// ---------------------------------------------------------------- moves within and across tiers

fn jm12() -> Facts {
    Facts::new()
        .flag("production_discharge", true)
        .flag("above_standard_found", false)
        .flag("major_emergency", false)
        .number("same_kind_punished_in_two_years", 0)
}

#[test]
fn jiangmen_placement_inside_the_tier() {
    // Tier 2 of 1-2 is 10,000–20,000: lighter → 10,000, none → 15,000, heavier → 20,000.
    let band = |disposition: Option<Disposition>| {
        let mut c = case("jm-env.1-2", jm12(), "0", "2021-01-01");
        c.claimed_disposition = disposition;
        allowed(&c).band
    };
    assert_eq!(band(Some(Disposition::Lighter)), Some(Range::exactly(d("10000"))));
    assert_eq!(band(None), Some(Range::exactly(d("15000"))));
    assert_eq!(band(Some(Disposition::Heavier)), Some(Range::exactly(d("20000"))));
    // Circumstances unknown (factors not recorded, nothing claimed): the whole tier, and a note.
    let mut c = case("jm-env.1-2", jm12(), "12000", "2021-01-01");
    c.factors = None;
    let a = rules().check(&c);
    assert_eq!(a.band, Some(Range::between(d("10000"), d("20000"))));
    assert!(a.has(CaseCheck::CheckNotMade));
}

#[test]
fn a_placement_in_a_tier_without_a_lower_end() {
    // Tier 1 of 1-2 is "处一万元以下": its top is 10,000 (heavier, Art. 5), its middle 5,000
    // (Art. 8). Its lower end (lighter, Art. 6) is no fine at all: the placement is not made,
    // and the case says so. All three were skipped without a word, and 1,000 passed as heavier.
    let band = |disposition: Option<Disposition>| {
        let mut c = case("jm-env.1-2", jm12().flag("production_discharge", false), "1000", "2021-01-01");
        c.claimed_disposition = disposition;
        (allowed(&c).band, rules().check(&c))
    };
    let (heavier, checked) = band(Some(Disposition::Heavier));
    assert_eq!(heavier, Some(Range::exactly(d("10000"))));
    assert!(checked.has(CaseCheck::BelowBand), "{:?}", checked.findings);
    assert_eq!(band(None).0, Some(Range::exactly(d("5000"))));
    let (lighter, checked) = band(Some(Disposition::Lighter));
    assert_eq!(lighter, Some(Range { min: None, max: Some(d("10000")), excludes_min: false, excludes_max: false }));
    assert_eq!(checked.verdict, Verdict::Compliant, "{:?}", checked.findings);
    let said: Vec<String> = checked.findings.iter().map(|f| f.message(Lang::En)).collect();
    assert!(said.iter().any(|m| m.contains("not made — the band (at most 10,000) has no lower end")), "{said:?}");
    let mut c = case("jm-env.1-2", jm12().flag("production_discharge", false), "1000", "2021-01-01");
    c.claimed_disposition = Some(Disposition::Lighter);
    assert!(
        explained(&allowed(&c)).contains("not made — the band (at most 10,000) has no lower end"),
        "{}",
        explained(&allowed(&c))
    );
}

#[test]
fn jiangmen_repeat_violations_move_the_case() {
    // Punished twice in two years: the top of the tier.
    let twice = case("jm-env.1-2", jm12().number("same_kind_punished_in_two_years", 2), "20000", "2021-01-01");
    assert_eq!(allowed(&twice).band, Some(Range::exactly(d("20000"))));
    // Three times: one tier up (tier 3, 20,000–40,000, middle 30,000), explained.
    let thrice = case("jm-env.1-2", jm12().number("same_kind_punished_in_two_years", 3), "30000", "2021-01-01");
    let a = allowed(&thrice);
    assert_eq!(a.level, "tier-3");
    assert_eq!(a.band, Some(Range::exactly(d("30000"))));
    assert!(explained(&a).contains("level moved: tier-2 → tier-3"), "{}", explained(&a));
    let checked = rules().check(&thrice);
    assert_eq!(checked.verdict, Verdict::Compliant, "{:?}", checked.findings);
    assert!(checked.has(CaseCheck::AdjustmentApplied));
    // Never past the heaviest tier, never above the statutory maximum.
    let top = jm12().flag("major_emergency", true).number("same_kind_punished_in_two_years", 5);
    let a = allowed(&case("jm-env.1-2", top, "0", "2021-01-01"));
    assert_eq!(a.level, "tier-4");
}

#[test]
fn a_tier_up_among_parallel_tiers_keeps_the_category() {
    // Jiangmen 2-6: tier 2 is one special pollutant under 0.5× by concentration (150,000–200,000).
    // Art. 5's move one tier up reaches rank 3, which has four parallel tiers (ordinary or
    // special pollutant, by concentration or load); the rule keeps the pollutant kind and the
    // basis, so the move goes to the tier of special pollutants by concentration. It used to be
    // skipped without a word. (With consistent counts a case punished three times is in tier 4
    // already, "两年内3次以上": these facts are a record's, not necessarily a consistent one.)
    let facts = |kind: &str, basis: &str| {
        Facts::new()
            .number("pollutants_over_limit", 1)
            .word("water_pollutant_kind", kind)
            .word("exceedance_basis", basis)
            .number("exceedance_multiple", d("0.1"))
            .number("ph_units_over", 0)
            .flag("production_discharge", true)
            .number("same_kind_in_two_years", 1)
            .number("same_kind_punished_in_two_years", 3)
            .flag("major_emergency", false)
            .flag("serious", false)
    };
    let c = case("jm-env.2-6", facts("special", "concentration"), "175000", "2021-01-01");
    let a = allowed(&c);
    assert_eq!(a.level, "tier-3-special-concentration", "{}", explained(&a));
    assert!(explained(&a).contains("level moved: tier-2 → tier-3-special-concentration"), "{}", explained(&a));
    assert!(rules().check(&c).has(CaseCheck::BelowBand), "{:?}", rules().check(&c).findings);
    let a = allowed(&case("jm-env.2-6", facts("special", "load"), "0", "2021-01-01"));
    assert_eq!(a.level, "tier-3-special-load");
    // One tier of the next rank is taken whatever its category (tier 1, ordinary, → tier 2).
    let a = allowed(&case("jm-env.2-6", facts("ordinary", "load"), "0", "2021-01-01"));
    assert_eq!(a.level, "tier-2");
}

/// A table whose rank 2 has parallel tiers: kind a (organised or not, by count) and kind b
/// (any of two conditions). `KEEP` is the tier-up rule's `keep:` line.
fn parallel_tiers(keep: &str, overlap: &str) -> Benchmark {
    let yaml = format!(
        "\
discretion: 1
facts:
  - {{id: n, type: count}}
  - {{id: kind, type: enum, values: [a, b]}}
  - {{id: organised, type: boolean}}
  - {{id: repeated, type: boolean}}
statutes:
  - id: s1
    citation: {{instrument: Some Law, article: 10}}
    versions:
      - effective: {{from: 2020-01-01}}
        branches:
          - {{id: general, fine: {{min: 1000, max: 100000}}}}
table:
  id: t1
  version: \"1\"
  title: {{zh: 表, en: table}}
  authority: {{zh: 机关, en: authority}}
  jurisdiction: CN
  currency: CNY
  effective: {{from: 2021-01-01}}
  source: {{name: doc}}
  boundaries: {{above: inclusive, below: exclusive}}
  adjustments:
    - {{id: up, when: {{fact: repeated, is: true}}, tier_up: 1{keep}}}
violations:
  - id: v1
    name: {{zh: 违法, en: violation}}
    legal_basis:
      violated: [{{instrument: Some Law, article: 5}}]
      penalty: [{{instrument: Some Law, article: 10}}]
    statute: s1
    overlap: {overlap}
    tiers:
      - {{id: low, when: {{fact: n, below: 10}}, fine: {{min: 1000, max: 5000}}}}
      - {{id: high-a-organised, rank: 2, when: {{all: [{{fact: kind, is: a}}, {{fact: organised, is: true}}]}}, fine: {{min: 5000, max: 10000}}}}
      - {{id: high-a-large, rank: 2, when: {{all: [{{fact: kind, is: a}}, {{fact: n, at_least: 20}}]}}, fine: {{min: 10000, max: 20000}}}}
      - {{id: high-b, rank: 2, when: {{any: [{{all: [{{fact: kind, is: b}}, {{fact: n, at_least: 10}}]}}, {{fact: organised, is: true}}]}}, fine: {{min: 50000, max: 90000}}}}
"
    );
    Benchmark::from_str("t.yaml", &yaml).unwrap()
}

#[test]
fn a_tier_up_the_table_leaves_open_is_not_guessed() {
    let facts =
        |kind: &str| Facts::new().number("n", 5).word("kind", kind).flag("organised", false).flag("repeated", true);
    // A rule that keeps no fact: rank 2's parallel tiers are not chosen between.
    let rules = parallel_tiers("", "forbidden");
    let c = case("v1", facts("a"), "3000", "2022-06-01");
    let e = rules.allowed(&c).unwrap_err().to_string();
    assert!(
        e.contains("`up` moves the case up to rank 2, which has 3 parallel tiers, and does not say which facts"),
        "{e}"
    );
    let a = rules.check(&c);
    assert_eq!(a.verdict, Verdict::NeedsReview, "{:?}", a.findings);
    assert!(a.has(CaseCheck::NoLevel), "{:?}", a.findings);
    // Keeping the kind alone: a case of kind a can still meet both tiers of kind a (its
    // organisation and count are what the move overrides) and kind b's too, whose `any:` an
    // organised case meets — three fit, and the level is not guessed.
    let rules = parallel_tiers(", keep: [kind]", "forbidden");
    let e = rules.allowed(&c).unwrap_err().to_string();
    assert!(e.contains("and 3 of its parallel tiers fit the facts the move keeps"), "{e}");
    // Under `first_match` the first that fits is taken, as the table's order decides.
    let rules = parallel_tiers(", keep: [kind]", "first_match");
    assert_eq!(rules.allowed(&c).unwrap().level, "high-a-organised");
    // Keeping kind and organisation, a case of kind a not organised fits one tier.
    let rules = parallel_tiers(", keep: [kind, organised]", "forbidden");
    assert_eq!(rules.allowed(&c).unwrap().level, "high-a-large");
    // Of kind b, the tier of kind b.
    let mut b = c.clone();
    b.facts = facts("b");
    assert_eq!(rules.allowed(&b).unwrap().level, "high-b");
    // `keep` names facts: a typo is refused, as is `keep` on a rule that moves no tier.
    let e = std::panic::catch_unwind(|| parallel_tiers(", keep: [knd]", "forbidden")).is_err();
    assert!(e, "an unknown fact in `keep` loads");
}

#[test]
fn the_band_explained_says_art_28_confiscates_established_gains() {
    // Guangdong §3.13's cells list no confiscation, but Art. 28 takes established illegal gains
    // (check: C015 without it): the explanation says so, and says nothing without gains.
    let facts = |gains: i64| {
        Facts::new()
            .number("illegal_gains", gains)
            .number("same_kind_in_two_years", 1)
            .flag("outlet_in_sensitive_or_restricted_area", false)
    };
    let said = explained(&allowed(&case("gd-env.3.13", facts(5000), "20000", "2023-01-10")));
    assert!(said.contains("Art. 28: illegal gains of 5,000 are established and are to be confiscated"), "{said}");
    let said = explained(&allowed(&case("gd-env.3.13", facts(0), "20000", "2023-01-10")));
    assert!(!said.contains("Art. 28"), "{said}");
}

#[test]
fn guangdong_placement_and_apology_reduction() {
    // §1.3 general, overdue: 10,000–30,000. Art. 12: lighter below the midpoint.
    let f = gd()
        .word("eia_location", "general")
        .flag("corrected_within_deadline", false)
        .flag("first_offence", false)
        .flag("harm_minor", false);
    let mut c = case("gd-env.1.3", f.clone(), "19999", "2023-01-01");
    c.claimed_disposition = Some(Disposition::Lighter);
    assert_eq!(allowed(&c).band, Some(Range::between(d("10000"), d("20000")).excluding_max()));
    assert_eq!(rules().check(&c).verdict, Verdict::Compliant);
    c.decision.fine = Some(d("20000"));
    assert!(rules().check(&c).has(CaseCheck::AboveBand));
    // Art. 14: an apology and a pledge reduce the band by 30–50%, never below the statute's
    // minimum: §2.7.1's 330,000 becomes 165,000–231,000.
    let a4 = gd()
        .flag("apology_and_pledge", true)
        .number("pollutants_over_limit", 2)
        .word("water_pollutant_class", "a_class")
        .word("outfall_area", "restricted_or_residential")
        .number("daily_discharge_tonnes", 100)
        .word("water_exceedance", "x3_to_x8")
        .number("same_kind_in_two_years", 1)
        .flag("first_offence_within_year", false)
        .flag("serious", false);
    let a = allowed(&case("gd-env.2.7.1", a4, "0", "2023-01-01"));
    assert_eq!(a.band, Some(Range::between(d("165000"), d("231000"))));
    let low = allowed(&case("gd-env.2.7.1", lightest_water().flag("apology_and_pledge", true), "0", "2023-01-01"));
    assert_eq!(low.band, Some(Range::exactly(d("100000"))), "never below the statutory minimum");
}

// ---------------------------------------------------------------- formula bands

fn jm26(pollutants: i64, kind: &str, basis: &str, multiple: &str, ph: &str) -> Facts {
    Facts::new()
        .number("pollutants_over_limit", pollutants)
        .word("water_pollutant_kind", kind)
        .word("exceedance_basis", basis)
        .number("exceedance_multiple", d(multiple))
        .number("ph_units_over", d(ph))
        .number("same_kind_in_two_years", 1)
        .number("same_kind_punished_in_two_years", 0)
        .flag("major_emergency", false)
        .flag("serious", false)
}

#[test]
fn jiangmen_tier_3_formula() {
    let at = |f: Facts| {
        let a = allowed(&case("jm-env.2-6", f, "0", "2021-01-01"));
        (a.level.clone(), a.band)
    };
    // Ordinary, concentration, 3 pollutants, 2.4× (half up → 2): 200,000 + 2×10,000 + 2×10,000.
    assert_eq!(
        at(jm26(3, "ordinary", "concentration", "2.4", "0")),
        ("tier-3-ordinary-concentration".into(), Some(Range::exactly(d("240000"))))
    );
    // 2.5× rounds half up to 3.
    assert_eq!(at(jm26(1, "ordinary", "concentration", "2.5", "0")).1, Some(Range::exactly(d("230000"))));
    // pH 1.2 units over: per 0.5 unit, a part step counts (up) → 3 steps.
    assert_eq!(at(jm26(1, "ordinary", "concentration", "0", "1.2")).1, Some(Range::exactly(d("230000"))));
    // Special, load, one pollutant at 0.5×: per 0.2× up → 3 steps × 20,000.
    assert_eq!(at(jm26(1, "special", "load", "0.5", "0")).1, Some(Range::exactly(d("260000"))));
    // Kept inside 700,000.
    assert_eq!(at(jm26(9, "special", "concentration", "40", "0")).1, Some(Range::exactly(d("700000"))));
    // "不足1倍" excludes 1×: exactly 1× is tier 3, 0.99× tier 1.
    assert_eq!(at(jm26(1, "ordinary", "concentration", "1", "0")).0, "tier-3-ordinary-concentration");
    assert_eq!(at(jm26(1, "ordinary", "concentration", "0.99", "0")).0, "tier-1");
    let a = allowed(&case("jm-env.2-6", jm26(3, "ordinary", "concentration", "2.4", "0"), "0", "2021-01-01"));
    assert!(explained(&a).contains("formula: 200,000 + 2 × 10,000 (pollutants_over_limit = 3)"), "{}", explained(&a));
}

// ---------------------------------------------------------------- first match, units, addressee

#[test]
fn first_match_tiers_put_the_no_penalty_level_first() {
    // Guangdong tax: corrected before discovery → no penalty, even 17 days late.
    let f = Facts::new()
        .number("days_late", 17)
        .word("party", "organisation")
        .flag("serious", false)
        .flag("corrected_before_discovery", true);
    let c = case("gd-tax.60.1", f.clone(), "340", "2016-01-01");
    let a = rules().check(&c);
    assert_eq!(a.level_name().as_deref(), Some("minor"));
    assert!(a.has(CaseCheck::PenalisedDespiteExemption), "{:?}", a.findings);
    let none = case("gd-tax.60.1", f, "0", "2016-01-01");
    assert_eq!(rules().check(&none).verdict, Verdict::Compliant, "{:?}", rules().check(&none).findings);
}

#[test]
fn quantities_in_declared_units() {
    let yaml = r#"discretion: 1
units: [{id: points, name: {zh: 分, en: points}, aliases: [分]}]
facts: [{id: n, type: count}]
statutes:
  - id: s
    citation: {instrument: 治安管理处罚法, article: 1}
    versions:
      - effective: {from: 2020-01-01}
        branches:
          - id: general
            sanctions: [{kind: detention, duration: {min: 5, max: 15, unit: days}}, {kind: other, quantity: {max: 12, unit: points}}]
table:
  id: t
  title: {zh: 表, en: table}
  authority: {zh: 局}
  jurisdiction: CN
  currency: CNY
  effective: {from: 2020-01-01}
  source: {name: 表}
  boundaries: {above: inclusive, below: inclusive}
violations:
  - id: v
    legal_basis: {violated: [{instrument: 法, article: 1}], penalty: [{instrument: 法, article: 1}]}
    statute: s
    tiers:
      - id: a
        sanctions: {required: [{kind: detention, duration: {min: 5, max: 10, unit: days}}], allowed: [{kind: other, quantity: {max: 6, unit: points}}]}
"#;
    let b = Benchmark::from_str("t.yaml", yaml).unwrap();
    let with = |sanctions: &str| {
        let c = b
            .case_from_record([
                ("case_id", "Q"),
                ("violation", "v"),
                ("act_ended", "2021-01-01"),
                ("sanctions", sanctions),
            ])
            .unwrap();
        b.check(&c)
    };
    assert!(!with("行政拘留:7日").has(CaseCheck::QuantityOutsideBand));
    let a = with("detention:12 days");
    assert!(a.has(CaseCheck::QuantityOutsideBand), "{:?}", a.findings);
    assert!(a.findings.iter().any(|f| f.message(Lang::En).contains("12 days lies outside the band 5–10 days")));
    assert!(with("detention:20 days").has(CaseCheck::OutsideStatute));
    assert!(with("detention:7 days; other:8 分").has(CaseCheck::QuantityOutsideBand));
    assert!(b.case_from_record([("case_id", "Q"), ("violation", "v"), ("sanctions", "detention:3 weeks")]).is_err());
}

#[test]
fn a_second_addressee_has_its_own_bands() {
    // §1.4: the responsible persons are fined 5万–12万 before production, 12万–20万 after.
    let mut c =
        case("gd-env.1.4", gd14("not_in_production", "report_form_non_production", "general"), "130000", "2023-01-01");
    c.addressee = Addressee::ResponsiblePersons;
    let a = rules().check(&c);
    assert_eq!(a.band, Some(Range::between(d("50000"), d("120000")).excluding_max()));
    assert_eq!(a.statutory, Some(Range::between(d("50000"), d("200000"))));
    assert!(a.has(CaseCheck::AboveBand));
    c.facts = c.facts.clone().word("eia_project_stage", "in_production");
    assert_eq!(rules().check(&c).verdict, Verdict::Compliant);
    // A violation without a second scheme says so.
    let mut other = case("gd-env.1.3", gd(), "1000", "2023-01-01");
    other.addressee = Addressee::ResponsiblePersons;
    assert!(rules().check(&other).findings.iter().any(|f| f.message(Lang::En).contains("no band for this addressee")));
}

// ---------------------------------------------------------------- the shipped tables

/// The sections transcribed with a spanning major-impact row (§1.5, §2.2, §2.4, §2.9, §2.16,
/// §2.17): cells at both corners of each matrix, the 以上/以下 boundary of §2.9's discharge axis,
/// and the major-impact row with the other axis unrecorded — each as the source prints it.
#[test]
fn guangdong_matrices_with_a_spanning_major_impact_row() {
    let band = |violation: &str, facts: Facts| allowed(&case(violation, facts, "0", "2023-01-01")).band;
    let range = |lo: &str, hi: &str| Some(Range::between(d(lo), d(hi)).excluding_max());
    let exactly = |x: &str| Some(Range::exactly(d(x)));
    let no_impact = || gd().flag("major_eco_impact", false);
    let impact = || gd().flag("major_eco_impact", true);
    // §1.5, lines 841–863: multiples of the fees received.
    let fees = |f: Facts| f.number("eia_fees", 100_000);
    let f = fees(no_impact().word("eia_document", "report_form").word("eia_location", "general"));
    assert_eq!(band("gd-env.1.5", f), range("300000", "350000"));
    let f =
        fees(no_impact().word("eia_document", "report_key_permit").word("eia_location", "drinking_water_or_red_line"));
    assert_eq!(band("gd-env.1.5", f), range("450000", "500000"));
    assert_eq!(band("gd-env.1.5", fees(impact())), exactly("500000"));
    // §2.2, lines 1335–1345.
    let f =
        no_impact().word("self_monitoring_failure", "records_not_kept").word("pollutant_permit_class", "registration");
    assert_eq!(band("gd-env.2.2", f), range("20000", "40000"));
    let f = no_impact().word("self_monitoring_failure", "not_monitored").word("pollutant_permit_class", "key");
    assert_eq!(band("gd-env.2.2", f), range("160000", "200000"));
    assert_eq!(band("gd-env.2.2", impact()), exactly("200000"));
    // §2.4, lines 1431–1441.
    let f = no_impact().word("toxic_water_failure", "info_not_disclosed").flag("cooperates", true);
    assert_eq!(band("gd-env.2.4", f), range("20000", "60000"));
    let f = no_impact().word("toxic_water_failure", "not_monitored").flag("cooperates", false);
    assert_eq!(band("gd-env.2.4", f), range("150000", "200000"));
    assert_eq!(band("gd-env.2.4", impact()), exactly("200000"));
    // §2.9, lines 1868–1887: 100 吨以下 excludes 100 (Art. 23), 100 吨以上 includes it.
    let f = |tonnes: &str| {
        no_impact().word("pretreatment_exceedance", "under_x1").number("daily_discharge_tonnes", d(tonnes))
    };
    assert_eq!(band("gd-env.2.9", f("99.99")), range("100000", "150000"));
    assert_eq!(band("gd-env.2.9", f("100")), range("150000", "200000"));
    let f = no_impact().word("pretreatment_exceedance", "x10_or_more").number("daily_discharge_tonnes", 150);
    assert_eq!(band("gd-env.2.9", f), range("850000", "1000000"));
    assert_eq!(band("gd-env.2.9", impact()), exactly("1000000"));
    // §2.16 and §2.17, lines 2295–2312 and 2348–2362: the same grid on two ranges.
    let f = |water: &str, taken: bool| no_impact().word("receiving_water", water).flag("harm_measures_taken", taken);
    assert_eq!(band("gd-env.2.16", f("ordinary_water", true)), range("100000", "200000"));
    assert_eq!(band("gd-env.2.16", f("drinking_water_source", false)), range("800000", "1000000"));
    assert_eq!(band("gd-env.2.16", impact()), exactly("1000000"));
    assert_eq!(band("gd-env.2.17", f("ordinary_water", true)), range("20000", "50000"));
    assert_eq!(band("gd-env.2.17", f("drinking_water_source", false)), range("170000", "200000"));
    assert_eq!(band("gd-env.2.17", impact()), exactly("200000"));
}

/// Chapter 3 and §7.29 as the source prints them: §3.2.2's weights at both ends (the 20 % floor,
/// the 100 % cap), §3.6 and §3.23's grids with their spanning row, §3.20's multiples of the goods'
/// value at the 1,000,000 boundary, §7.29's tiers by source class.
#[test]
fn guangdong_chapter_3_and_7_29_as_printed() {
    let band = |violation: &str, facts: Facts| allowed(&case(violation, facts, "0", "2023-01-01")).band;
    let range = |lo: &str, hi: &str| Some(Range::between(d(lo), d(hi)).excluding_max());
    let exactly = |x: &str| Some(Range::exactly(d(x)));
    let air = |class: &str, pollutant: &str, area: &str, period: &str, treatment: &str, times: i64| {
        gd().word("air_permit_class", class)
            .word("air_pollutant_class", pollutant)
            .word("air_area", area)
            .word("air_period", period)
            .word("air_treatment", treatment)
            .number("same_kind_in_two_years", times)
    };
    // §3.2.2, lines 3273–3343: 10 + 0 + 3 + … = 13 % → the 20 % floor; 103 % → the 100 % cap.
    assert_eq!(band("gd-env.3.2.2", air("simplified", "voc", "general", "normal", "treated", 1)), exactly("200000"));
    let heaviest = air("key", "a_class", "ecologically_sensitive", "heavy_pollution_alert", "untreated", 7);
    assert_eq!(band("gd-env.3.2.2", heaviest), exactly("1000000"));
    // §3.6, lines 3619–3649.
    let f = gd().flag("major_eco_impact", false).word("monitoring_equipment_interference", "moved_or_altered");
    assert_eq!(band("gd-env.3.6", f.flag("outlet_in_sensitive_or_restricted_area", false)), range("20000", "50000"));
    let f = gd().flag("major_eco_impact", false).word("monitoring_equipment_interference", "occupied_or_damaged");
    assert_eq!(band("gd-env.3.6", f.flag("outlet_in_sensitive_or_restricted_area", true)), range("150000", "200000"));
    assert_eq!(band("gd-env.3.6", gd().flag("major_eco_impact", true)), exactly("200000"));
    // §3.20, lines 4216–4243: 100万元以上 includes 1,000,000 (Art. 23).
    let goods = |v: i64| gd().flag("major_eco_impact", false).number("goods_value", v);
    assert_eq!(band("gd-env.3.20", goods(999_999)), range("999999", "1999998"));
    assert_eq!(band("gd-env.3.20", goods(1_000_000)), range("2000000", "2500000"));
    assert_eq!(band("gd-env.3.20", goods(5_000_000)), exactly("15000000"));
    // §3.23, lines 4319–4354: 3项以上 includes 3; a first offence (this act counted) is 无.
    let tests = |n: i64, times: i64| {
        gd().flag("major_eco_impact", false)
            .number("falsified_emission_tests", n)
            .number("same_kind_in_two_years", times)
    };
    assert_eq!(band("gd-env.3.23", tests(2, 1)), range("100000", "150000"));
    assert_eq!(band("gd-env.3.23", tests(3, 1)), range("250000", "300000"));
    assert_eq!(band("gd-env.3.23", tests(9, 2)), exactly("500000"));
    assert_eq!(band("gd-env.3.23", gd().flag("major_eco_impact", true)), exactly("500000"));
    // §7.29, lines 10763–10796.
    let source = |class: &str| gd().flag("major_eco_impact", false).word("radioactive_source_class", class);
    assert_eq!(band("gd-env.7.29", source("class_v")), range("10000", "20000"));
    assert_eq!(band("gd-env.7.29", source("class_i")), range("80000", "100000"));
    assert_eq!(band("gd-env.7.29", gd().flag("major_eco_impact", true)), exactly("100000"));
}

/// §8.36–8.39 fine per occurrence (每次, 排污许可管理条例 Art. 37): three occurrences triple the
/// printed bands and the statute; §8.40 and §8.42 are grids with a row spanning the count axis.
#[test]
fn guangdong_fines_per_occurrence_and_chapter_8_grids() {
    let band = |violation: &str, facts: Facts| allowed(&case(violation, facts, "0", "2023-01-01"));
    let range = |lo: &str, hi: &str| Some(Range::between(d(lo), d(hi)).excluding_max());
    let exactly = |x: &str| Some(Range::exactly(d(x)));
    let per = |occurrences: i64, earlier: i64, major: bool| {
        gd().number("occurrences", occurrences).number("same_kind_in_one_year", earlier).flag("major_eco_impact", major)
    };
    for v in ["gd-env.8.36", "gd-env.8.37", "gd-env.8.38", "gd-env.8.39"] {
        let a = band(v, per(3, 1, false));
        assert_eq!(
            (a.band, a.statutory),
            (range("15000", "30000"), Some(Range::between(d("15000"), d("60000")))),
            "{v}"
        );
        assert_eq!(band(v, per(3, 2, false)).band, range("30000", "60000"), "{v}");
        assert_eq!(band(v, per(3, 2, true)).band, exactly("60000"), "{v}");
        assert_eq!(band(v, per(1, 1, false)).band, range("5000", "10000"), "{v}");
    }
    // Three occurrences at the statutory maximum each are lawful, above the band only.
    let a = rules().check(&case("gd-env.8.36", per(3, 1, false), "60000", "2023-01-01"));
    assert!(a.has(CaseCheck::AboveBand) && !a.has(CaseCheck::OutsideStatute));
    // §8.40, lines 13019–13062, and §8.42, lines 13086–13105.
    let f = gd().word("inspection_obstruction", "delaying").number("same_kind_in_one_year", 1);
    assert_eq!(band("gd-env.8.40", f).band, range("20000", "40000"));
    let f = gd().word("inspection_obstruction", "active_violence_or_retaliation");
    assert_eq!(band("gd-env.8.40", f).band, exactly("200000"));
    let f = gd()
        .flag("major_eco_impact", false)
        .word("permit_misuse", "forged_or_altered")
        .number("same_kind_in_five_years", 2);
    assert_eq!(band("gd-env.8.42", f).band, range("250000", "300000"));
    assert_eq!(band("gd-env.8.42", gd().flag("major_eco_impact", true)).band, exactly("300000"));
}

#[test]
fn guangdong_1_4_has_both_stages_and_the_override() {
    let (_, v) = rules().violation("gd-env.1.4").unwrap();
    let Scheme::Matrix { axes, cells } = &v.scheme else { panic!("a matrix") };
    // 2 stages × 5 document types × 2 areas, and the override's one cell spanning the others.
    assert_eq!((axes.len(), cells.len()), (3, 21));
    // An in-production report-form production project: 1,360,000–1,440,000 (tables.md had 640k).
    let f = gd14("in_production", "report_form_production", "general");
    let a = allowed(&case("gd-env.1.4", f.clone(), "0", "2023-01-01"));
    assert_eq!(a.band, Some(Range::between(d("1360000"), d("1440000")).excluding_max()));
    // A major ecological impact overrides the grid: 2,000,000.
    let a = allowed(&case("gd-env.1.4", f.flag("major_eco_impact", true), "0", "2023-01-01"));
    assert_eq!(a.band, Some(Range::exactly(d("2000000"))));
    assert_eq!(a.level, "[major_impact, *, *]");
    // Whatever the document type and the area — even when the record does not say them: the
    // row spans every column of the source.
    let bare = gd().word("eia_project_stage", "in_production").flag("major_eco_impact", true);
    let a = allowed(&case("gd-env.1.4", bare.clone(), "0", "2023-01-01"));
    assert_eq!((a.level.as_str(), a.band), ("[major_impact, *, *]", Some(Range::exactly(d("2000000")))));
    let explained: Vec<String> = a.explanation.iter().map(|t| t.get(Lang::En).to_string()).collect();
    assert!(explained.iter().any(|e| e.contains("document any (the cell spans it)")), "{explained:?}");
    let c = case("gd-env.1.4", bare.clone(), "2000000", "2023-01-01");
    assert_eq!(rules().check(&c).verdict, Verdict::Compliant);
    // Without the impact, the document type decides: unrecorded, no level.
    let c = case("gd-env.1.4", bare.flag("major_eco_impact", false), "2000000", "2023-01-01");
    assert!(rules().check(&c).has(CaseCheck::LevelUndetermined));
    let cite = |v: &discretion::table::Violation| {
        (
            v.legal_basis.violated.iter().map(|c| c.to_string()).collect::<Vec<_>>(),
            v.legal_basis.penalty.iter().map(|c| c.to_string()).collect::<Vec<_>>(),
        )
    };
    assert_eq!(cite(v).0, ["中华人民共和国环境影响评价法 Art. 20 ¶1"]);
    let (_, w) = rules().violation("gd-env.4.14").unwrap();
    assert_eq!(
        cite(w),
        (
            vec!["中华人民共和国固体废物污染环境防治法 Art. 79".to_string()],
            vec![
                "中华人民共和国固体废物污染环境防治法 Art. 112 ¶1 (3)".to_string(),
                "中华人民共和国固体废物污染环境防治法 Art. 112 ¶2".to_string()
            ]
        )
    );
    let (_, j) = rules().violation("jm-env.1-1").unwrap();
    assert_eq!(cite(j).1, ["中华人民共和国环境影响评价法 Art. 31 ¶1", "中华人民共和国环境影响评价法 Art. 31 ¶2"]);
}

#[test]
fn no_penalty_list_row_4_and_the_protected_area_exclusion() {
    // Row 4: report form built without approval, first violation, remedied on discovery, minor harm.
    let f = gd()
        .number("total_investment", 2_000_000)
        .word("eia_document", "report_form")
        .word("eia_location", "general")
        .word("construction_stage", "foundation")
        .number("construction_months", 2)
        .number("same_kind_in_two_years", 1)
        .flag("cooperates", true)
        .flag("first_offence", true)
        .flag("remedied_after_discovery", true)
        .flag("harm_minor", true);
    let a = rules().check(&case("gd-env.1.1", f.clone(), "20000", "2023-01-01"));
    assert!(a.has(CaseCheck::PenalisedDespiteExemption), "{:?}", a.findings);
    // 备注 二: not in a nature reserve, scenic area or drinking-water protection area.
    let a = rules().check(&case("gd-env.1.1", f.flag("in_protected_area", true), "20000", "2023-01-01"));
    assert!(!a.has(CaseCheck::PenalisedDespiteExemption));
    // Row 6 likewise: a grade-1 drinking-water area is excluded.
    let row6 = gd()
        .flag("first_offence_within_year", true)
        .flag("corrected_within_deadline", true)
        .number("pollutants_over_limit", 1)
        .word("water_pollutant_class", "b_class")
        .number("exceedance_multiple", d("0.05"))
        .flag("water_ph_or_colour_only_minor", false)
        .word("outfall_area", "drinking_water_grade1")
        .number("daily_discharge_tonnes", 10)
        .word("water_exceedance", "under_x3")
        .number("same_kind_in_two_years", 1)
        .flag("serious", false);
    assert!(
        rules()
            .check(&case("gd-env.2.7.1", row6.clone(), "200000", "2023-01-01"))
            .has(CaseCheck::PenalisedDespiteExemption)
    );
    let excluded = case("gd-env.2.7.1", row6.flag("in_protected_area", true), "200000", "2023-01-01");
    assert!(!rules().check(&excluded).has(CaseCheck::PenalisedDespiteExemption));
}

#[test]
fn tax_tables_as_their_sources_say() {
    // §62 sample: corrected but serious → the 2,000–10,000 tier applies (heavier wins).
    let f = Facts::new()
        .number("days_late", 12)
        .word("party", "organisation")
        .flag("corrected_within_deadline", true)
        .flag("serious", true);
    let a = allowed(&case("tax-62.late-filing", f, "0", "2020-01-01"));
    assert_eq!(a.level, "not-corrected-or-serious");
    assert_eq!(a.band, Some(Range::between(d("2000"), d("10000"))));
    // The Guangdong state tax benchmark ends when its bureau merged (2018): a 2019 act has no table.
    let late = Facts::new()
        .number("days_late", 17)
        .word("party", "organisation")
        .flag("serious", false)
        .flag("corrected_before_discovery", false);
    let a = rules().check(&case("gd-tax.60.1", late, "340", "2019-03-01"));
    assert!(a.has(CaseCheck::UnknownViolation), "{:?}", a.findings);
    let (t, _) = rules().violation("gd-tax.60.1").unwrap();
    assert!(t.note.as_deref().unwrap_or("").contains("merged"));
}

#[test]
fn every_unsourced_date_says_so() {
    for t in rules().tables() {
        let sourced = t.note.is_some() || t.source.publication.is_some() || t.source.number.is_some();
        assert!(sourced, "table {} says where its dates come from", t.id);
    }
    for s in rules().statutes() {
        for v in &s.versions {
            assert!(v.note.is_some(), "statute {} from {} says where its date comes from", s.id, v.effective.from);
        }
    }
    for set in rules().factor_sets() {
        assert!(set.effective.is_some(), "factor set {} has a period", set.id);
    }
}

#[test]
fn the_shipped_tables_keep_exactly_their_real_defects() {
    let report = rules().verify();
    let codes: Vec<&str> = report.diagnostics.iter().map(|d| d.check.code()).collect();
    assert_eq!(codes.iter().filter(|c| **c == "D001").count(), 6);
    assert_eq!(codes.iter().filter(|c| **c == "D004").count(), 1);
    assert_eq!(codes.iter().filter(|c| **c == "D006").count(), 4);
    assert_eq!(codes.iter().filter(|c| **c == "D009").count(), 5);
    assert_eq!(codes.iter().filter(|c| **c == "D011").count(), 2);
    assert_eq!(codes.len(), 18, "{codes:?}");
}

/// Guangdong §4.45 (医疗废物管理条例 Art. 46): with the order to correct, "给予警告，可以并处2500元以上
/// 5000元以下罚款" — the fine may be left out (`fine_optional`), a fine added keeps to its band;
/// not corrected by the deadline, the fine is compulsory.
#[test]
fn guangdong_an_optional_fine_may_be_left_out() {
    let facts = |overdue: bool| {
        gd().flag("overdue_not_corrected", overdue).number("same_kind_in_two_years", 2).flag("major_eco_impact", false)
    };
    let judged = |overdue: bool, fine: &str, warned: bool| {
        let mut c = case("gd-env.4.45", facts(overdue), fine, "2023-01-01");
        c.decision.sanctions = Some(if warned { vec![Imposed::of(SanctionKind::Warning)] } else { Vec::new() });
        rules().check(&c)
    };
    let warning_only = judged(false, "0", true);
    assert_eq!(warning_only.verdict, Verdict::Compliant, "{:?}", warning_only.findings);
    assert_eq!(judged(false, "3000", true).verdict, Verdict::Compliant);
    assert!(judged(false, "1000", true).has(CaseCheck::BelowBand));
    assert!(judged(false, "5000", true).has(CaseCheck::AboveBand));
    // A fine without the warning: the warning stays required. Neither: no penalty at all, which
    // needs a ground. Past the deadline the fine is not optional.
    assert!(judged(false, "3000", false).has(CaseCheck::RequiredSanctionMissing));
    assert!(judged(false, "0", false).has(CaseCheck::NoPenaltyWithoutGround));
    assert!(judged(true, "0", true).has(CaseCheck::BelowBand));
    let a = allowed(&case("gd-env.4.45", facts(false), "0", "2023-01-01"));
    assert_eq!(a.band, Some(Range::between(d("2500"), d("5000")).excluding_max()));
    // §3.47, "并可以处每车次五百元以上一千元以下的罚款" and nothing else required: not fining at all
    // is lawful (no C025, and 0 is not "below the statutory minimum"); a fine keeps to its cell.
    let vehicles = || gd().word("vehicle_size", "medium").number("vehicle_occasions", 2);
    let none = rules().check(&case("gd-env.3.47", vehicles(), "0", "2023-01-01"));
    assert_eq!(none.verdict, Verdict::Compliant, "{:?}", none.findings);
    assert_eq!(rules().check(&case("gd-env.3.47", vehicles(), "1600", "2023-01-01")).verdict, Verdict::Compliant);
    assert!(rules().check(&case("gd-env.3.47", vehicles(), "1000", "2023-01-01")).has(CaseCheck::BelowBand));
    // §3.46 ("责令改正，并可以处一万元以上五万元以下的罚款"): the order to correct alone is lawful.
    let exhaust = gd()
        .number("same_kind_in_two_years", 1)
        .flag("corrected_within_deadline", true)
        .flag("major_eco_impact", false);
    let ordered = rules().check(&case("gd-env.3.46", exhaust, "0", "2023-01-01"));
    assert!(
        !ordered.has(CaseCheck::NoPenaltyWithoutGround) && !ordered.has(CaseCheck::BelowBand),
        "{:?}",
        ordered.findings
    );
}

/// Guangdong §2.34: both statutes quoted fine only 情节严重 cases ("责令改正；情节严重的，处…罚款"),
/// and every band is filed under the serious branch. A case recorded as not serious is selected
/// by no branch: fining it is for a reviewer (C035), never compliant by the table's band alone.
#[test]
fn guangdong_a_fine_only_serious_cases_get_is_reviewed_for_others() {
    let plan = |serious: Option<bool>| {
        let f = gd().word("water_emergency_plan_failure", "none").flag("major_eco_impact", false);
        match serious {
            Some(s) => f.flag("serious", s),
            None => f,
        }
    };
    let serious = rules().check(&case("gd-env.2.34", plan(Some(true)), "80000", "2023-01-01"));
    assert_eq!(serious.verdict, Verdict::Compliant, "{:?}", serious.findings);
    let not = rules().check(&case("gd-env.2.34", plan(Some(false)), "80000", "2023-01-01"));
    let c035 = not.findings.iter().find(|f| f.check == CaseCheck::BranchConflict).expect("C035");
    assert!(c035.message(Lang::En).contains("select no branch"), "{}", c035.message(Lang::En));
    assert!(c035.message(Lang::Zh).contains("不对应该规定的任何法定情形"));
    // Not recorded: the band as the table files it, with its reading.
    assert!(!rules().check(&case("gd-env.2.34", plan(None), "80000", "2023-01-01")).has(CaseCheck::BranchConflict));
}

/// Guangdong §5.2 under "给予警告或者处300元以上3000元以下罚款" (`fine_optional` on the statute): the
/// table's lightest cell is a warning without a fine, which keeps to the statute; the same
/// warning-only decision under a statute whose fine is compulsory is below its minimum (C009),
/// whatever the table's band says (tests/check.rs).
#[test]
fn a_statute_whose_fine_is_optional_allows_a_warning_alone() {
    let noise = gd()
        .flag("in_environmentally_sensitive_area", false)
        .flag("corrected_within_deadline", true)
        .flag("major_eco_impact", false);
    let mut c = case("gd-env.5.2", noise, "0", "2023-01-01");
    c.decision.sanctions = Some(vec![Imposed::of(SanctionKind::Warning)]);
    let judged = rules().check(&c);
    assert!(!judged.has(CaseCheck::OutsideStatute), "{:?}", judged.findings);
    assert_eq!(judged.verdict, Verdict::Compliant, "{:?}", judged.findings);
}
