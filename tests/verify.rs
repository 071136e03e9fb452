//! Every verification check: a table that triggers it and one that does not; and on the
//! shipped rules/, exactly the real published defects.

use discretion::Benchmark;
use discretion::table::Lang;
use discretion::verify::{Check, Diagnostic, Severity};

/// A small lawful table; every test below changes one thing.
const BASE: &str = "\
discretion: 1
facts:
  - {id: kind, type: enum, values: [report_form, report]}
  - {id: size, type: quantity}
statutes:
  - id: s1
    citation: {instrument: Some Law, article: 10}
    versions:
      - effective: {from: 2020-01-01}
        branches:
          - id: general
            fine: {min: 1000, max: 5000}
table:
  id: t1
  version: \"1\"
  title: {zh: 表, en: table}
  authority: {zh: 机关, en: authority}
  jurisdiction: CN
  currency: CNY
  effective: {from: 2021-01-01}
  source: {name: doc}
  boundaries: {above: inclusive, below: exclusive}
violations:
  - id: v1
    name: {zh: 违法, en: violation}
    legal_basis:
      violated: [{instrument: Some Law, article: 5}]
      penalty: [{instrument: Some Law, article: 10}]
    statute: s1
    tiers:
      - id: light
        when: {fact: kind, is: report_form}
        fine: {min: 1000, below: 2000}
      - id: heavy
        when: {fact: kind, is: report}
        fine: {min: 2000, max: 5000}
";

fn diagnostics_of(sources: &[(&str, &str)]) -> Vec<Diagnostic> {
    match Benchmark::from_sources(sources.iter().copied()) {
        Ok(b) => b.verify().diagnostics,
        Err(e) => panic!("fixture must load:\n{e}"),
    }
}

fn diagnostics(yaml: &str) -> Vec<Diagnostic> {
    diagnostics_of(&[("t.yaml", yaml)])
}

fn edit(from: &str, to: &str) -> String {
    assert!(BASE.contains(from), "fixture lacks {from:?}");
    BASE.replacen(from, to, 1)
}

/// The one finding of `check` in `ds`, which must have no other error or warning.
fn only(ds: &[Diagnostic], check: Check) -> Diagnostic {
    let found: Vec<&Diagnostic> = ds.iter().filter(|d| d.check == check).collect();
    assert_eq!(found.len(), 1, "expected one {check:?}, got {ds:#?}");
    let others: Vec<&Diagnostic> = ds.iter().filter(|d| d.check != check && d.severity != Severity::Info).collect();
    assert!(others.is_empty(), "unexpected findings: {others:#?}");
    let d = found[0].clone();
    assert!(d.position.line > 0, "{d:?}");
    assert!(d.message.has(Lang::En) && d.message.has(Lang::Zh), "{d:?}");
    d
}

fn clean(ds: &[Diagnostic]) {
    assert!(ds.is_empty(), "expected no findings, got {ds:#?}");
}

fn d_zh(d: &Diagnostic) -> &str {
    d.message.get(Lang::Zh)
}

fn en(d: &Diagnostic) -> &str {
    d.message.get(Lang::En)
}

#[test]
fn the_base_table_is_clean() {
    clean(&diagnostics(BASE));
}

#[test]
fn d001_band_outside_the_statute() {
    let d = only(&diagnostics(&edit("{min: 2000, max: 5000}", "{min: 2000, max: 6000}")), Check::BandOutsideStatute);
    assert!(en(&d).contains("maximum 6,000 exceeds the statutory maximum 5,000"), "{}", en(&d));
    assert_eq!(d.path, "violations[0].tiers[1].fine.max");
    assert_eq!(d.position.line, 36);
    let d = only(&diagnostics(&edit("{min: 1000, below: 2000}", "{min: 500, below: 2000}")), Check::BandOutsideStatute);
    assert!(en(&d).contains("minimum 500 is below the statutory minimum 1,000"), "{}", en(&d));
    // The end is named as written: `exactly`, not a `max` the band does not have.
    let ds = diagnostics(&edit("{min: 2000, max: 5000}", "{exactly: 6000}"));
    let d = ds.iter().find(|d| d.check == Check::BandOutsideStatute).unwrap();
    assert_eq!(d.path, "violations[0].tiers[1].fine.exactly");
}

/// Bands are compared with the statute as fines are paid, to the fen: an excluded end a fen
/// beyond the statute's lets no decision out of it (`less_than: 5000.01` was "maximum 5,000.01
/// exceeds the statutory maximum 5,000"), while an end the statute excludes is outside it.
#[test]
fn d001_compares_what_a_decision_can_pay() {
    clean(&diagnostics(&edit("{min: 2000, max: 5000}", "{min: 2000, less_than: 5000.01}")));
    clean(&diagnostics(&edit("{min: 1000, below: 2000}", "{more_than: 999.99, below: 2000}")));
    // A band starting at the statute's minimum, which the statute excludes.
    let excluded = edit("fine: {min: 1000, max: 5000}", "fine: {more_than: 1000, max: 5000}");
    let d = only(&diagnostics(&excluded), Check::BandOutsideStatute);
    assert!(
        en(&d).contains("minimum 1,000 is an amount the statute excludes (it must be more than 1,000)"),
        "{}",
        en(&d)
    );
    let d = only(
        &diagnostics(&edit("{min: 2000, max: 5000}", "{min: 2000, less_than: 5000.02}")),
        Check::BandOutsideStatute,
    );
    assert!(en(&d).contains("maximum 5,000.02 exceeds the statutory maximum 5,000"), "{}", en(&d));
}

#[test]
fn d002_mitigated_band_needs_a_ground_and_must_go_below_the_minimum() {
    let no_ground =
        edit("fine: {min: 1000, below: 2000}", "fine: {min: 200, max: 800}\n        disposition: mitigated");
    let d = only(&diagnostics(&no_ground), Check::MitigatedBand);
    assert!(en(&d).contains("cites no legal ground"));
    let grounded = edit(
        "fine: {min: 1000, below: 2000}",
        "fine: {min: 200, max: 800}\n        disposition: mitigated\n        legal_ground: {instrument: 中华人民共和国行政处罚法, article: 32}",
    );
    clean(&diagnostics(&grounded));
    let not_below = grounded.replace("{min: 200, max: 800}", "{min: 1000, max: 1500}");
    let d = only(&diagnostics(&not_below), Check::MitigatedBand);
    assert_eq!(d.severity, Severity::Warning);
    assert!(en(&d).contains("does not go below the statutory minimum 1,000"));
}

#[test]
fn d003_no_penalty_band_with_a_fine() {
    let with_fine =
        edit("fine: {min: 1000, below: 2000}", "fine: {min: 1000, below: 2000}\n        disposition: no_penalty");
    only(&diagnostics(&with_fine), Check::NoPenaltyWithFine);
    clean(&diagnostics(&edit("fine: {min: 1000, below: 2000}", "disposition: no_penalty")));
}

const WEIGHTS: &str = "    weights:
      start: 7
      factors:
        - id: kind
          fact: kind
          grades:
            - {when: {is: report_form}, weight: 0}
            - {when: {is: report}, weight: 93}
";

fn weights_table(start: &str, extra: &str) -> String {
    let tiers_start = BASE.find("    tiers:").unwrap();
    let base = BASE[..tiers_start].replace("{min: 1000, max: 5000}", "{min: 100000, max: 1000000}");
    format!("{base}{}{extra}", WEIGHTS.replace("start: 7", start))
}

#[test]
fn d004_weight_model_below_the_statutory_minimum() {
    let d = only(&diagnostics(&weights_table("start: 7", "")), Check::WeightModelOutsideStatute);
    assert!(en(&d).contains("70,000"), "{}", en(&d));
    assert!(en(&d).contains("100,000"), "{}", en(&d));
    assert!(d.help.is_some());
    // Fines a model computes are paid to the fen, and said so (66,666.666… was printed whole).
    let d = only(&diagnostics(&weights_table("start: 1/15", "")), Check::WeightModelOutsideStatute);
    assert!(en(&d).contains("minimum 66,666.67 is below the statutory minimum 100,000"), "{}", en(&d));
    clean(&diagnostics(&weights_table("start: 7\n      floor: 10", "")));
    clean(&diagnostics(&weights_table("start: 10", "").replace("weight: 93", "weight: 90")));
}

/// Grades of a weight factor that overlap are a defect unless the table says which applies, as
/// for tiers and matrix axes: the first grade silently gave its weight (`{above: 1, below: 5}`
/// next to `{above: 3, below: 10}` weighed 4 tonnes at the first).
#[test]
fn d007_overlapping_weight_grades_unless_the_table_says_which_applies() {
    let overlapping =
        weights_table("start: 10", "").replace("{is: report}, weight: 93", "{in: [report_form, report]}, weight: 90");
    let d = only(&diagnostics(&overlapping), Check::CoverageOverlap);
    assert!(en(&d).contains("both `grades[0]` and `grades[1]` among the grades of factor `kind`"), "{}", en(&d));
    assert_eq!(d.path, "violations[0].weights.factors[0].grades[1].when");
    assert_eq!(d.witness, vec![("kind".to_string(), "report_form".to_string())]);
    for policy in ["first_match", "heavier_wins"] {
        let declared =
            overlapping.replace("          grades:", &format!("          overlap: {policy}\n          grades:"));
        assert!(
            !diagnostics(&declared).iter().any(|d| d.check == Check::CoverageOverlap),
            "{policy}: {:?}",
            diagnostics(&declared)
        );
    }
    clean(&diagnostics(&weights_table("start: 10", "").replace("weight: 93", "weight: 90")));
}

/// A weight factor's grades are listed light to heavy (as tiers and axes): a heavier grade that
/// weighs less than a lighter one — two weights swapped — is D005, with both grades.
#[test]
fn d005_along_a_weight_factor() {
    let swapped =
        weights_table("start: 10", "").replace("weight: 0}", "weight: 90}").replace("weight: 93}", "weight: 0}");
    let d = only(&diagnostics(&swapped), Check::NotMonotone);
    assert_eq!(
        en(&d),
        "in `v1`, factor `kind`: heavier grade `grades[1]` weighs 0%, less than lighter grade `grades[0]` (90%); grades are listed light to heavy"
    );
    assert_eq!(d.path, "violations[0].weights.factors[0].grades[1].weight");
    assert_eq!(d.related.as_ref().map(|r| r.path.as_str()), Some("violations[0].weights.factors[0].grades[0]"));
    // Under first_match the list is the order of testing, not of weight; a yes/no factor has
    // no light end: neither is compared.
    let first_match = swapped.replace("          grades:", "          overlap: first_match\n          grades:");
    assert!(!diagnostics(&first_match).iter().any(|d| d.check == Check::NotMonotone));
    let yes_no = weights_table("start: 10", "")
        .replace("  - {id: size, type: quantity}", "  - {id: size, type: quantity}\n  - {id: flagged, type: boolean}")
        .replace("fact: kind\n          grades:", "fact: flagged\n          grades:")
        .replace("{is: report_form}, weight: 0}", "{is: false}, weight: 90}")
        .replace("{is: report}, weight: 93}", "{is: true}, weight: 0}");
    assert!(!diagnostics(&yes_no).iter().any(|d| d.check == Check::NotMonotone), "{:?}", diagnostics(&yes_no));
    // Equal weights are no inversion.
    clean(&diagnostics(
        &weights_table("start: 10", "").replace("weight: 0}", "weight: 45}").replace("weight: 93}", "weight: 45}"),
    ));
}

/// Two weight factors of one id would read as one in every explanation: refused (L006), as
/// tiers and grades defined twice are.
#[test]
fn a_weight_factor_defined_twice_is_refused() {
    let second = "        - id: kind\n          fact: kind\n          grades:\n            - {when: {is: report_form}, weight: 0}\n            - {when: {is: report}, weight: 5}\n";
    let e = Benchmark::from_str("t.yaml", &weights_table("start: 10", second).replace("weight: 93", "weight: 85"))
        .unwrap_err();
    let p = e.problems.iter().find(|p| p.message.contains("defined twice")).expect("a duplicate is said");
    assert_eq!(p.message, "weight factor `kind` is defined twice");
    assert_eq!(p.path, "violations[0].weights.factors[1].id");
    assert!(
        Benchmark::from_str(
            "t.yaml",
            &weights_table("start: 10", &second.replace("id: kind", "id: kind_again"))
                .replace("weight: 93", "weight: 85")
        )
        .is_ok()
    );
}

#[test]
fn d005_heavier_level_with_a_lower_band() {
    let yaml = edit("{min: 2000, max: 5000}", "{min: 1000, max: 1500}");
    let d = only(&diagnostics(&yaml), Check::NotMonotone);
    assert!(
        en(&d).contains(
            "heavier level `heavy` (1,000–1,500) has a lower band than lighter level `light` (1,000 to under 2,000)"
        ),
        "{}",
        en(&d)
    );
    let related = d.related.as_ref().unwrap();
    assert_eq!(related.path, "violations[0].tiers[0]");
    // The other location is named in both languages.
    assert_eq!(related.label.get(Lang::En), "lighter level `light`: 1,000 to under 2,000");
    assert_eq!(related.label.get(Lang::Zh), "较轻阶次 `light`：1,000以上不满2,000");
}

#[test]
fn d005_along_a_matrix_axis() {
    let matrix = "    matrix:
      axes:
        - id: k
          fact: kind
          grades:
            - {id: form, when: {is: report_form}}
            - {id: rep, when: {is: report}}
      cells:
        - {at: [form], fine: {min: 3000, max: 4000}}
        - {at: [rep], fine: {min: 1000, below: 2000}}
";
    let tiers_start = BASE.find("    tiers:").unwrap();
    let yaml = format!("{}{matrix}", &BASE[..tiers_start]);
    only(&diagnostics(&yaml), Check::NotMonotone);
    clean(&diagnostics(&yaml.replace("{min: 3000, max: 4000}", "{min: 1000, max: 1000}")));
}

#[test]
fn d006_facts_matching_no_tier_with_witness() {
    let yaml =
        edit("when: {fact: kind, is: report}", "when: {all: [{fact: kind, is: report}, {fact: size, below: 10}]}");
    let d = only(&diagnostics(&yaml), Check::CoverageGap);
    assert!(d.witness.contains(&("kind".to_string(), "report".to_string())), "{:?}", d.witness);
    assert!(d.witness.contains(&("size".to_string(), "10".to_string())), "{:?}", d.witness);
}

#[test]
fn d007_overlapping_tiers_unless_the_heavier_wins() {
    let yaml = edit("when: {fact: kind, is: report}", "when: {fact: kind, in: [report_form, report]}");
    let d = only(&diagnostics(&yaml), Check::CoverageOverlap);
    assert!(en(&d).contains("both `light` and `heavy`"));
    assert_eq!(d.witness, vec![("kind".to_string(), "report_form".to_string())]);
    // At the condition of the tier that also matches, not at the first tier of the list.
    assert_eq!(d.path, "violations[0].tiers[1].when");
    // In Chinese, the options are named in Chinese ("tiers" was left in English).
    assert_eq!(d.message.get(Lang::Zh), "同一情形同时符合阶次中的 `light` 与 `heavy`");
    // With the heavier winning the overlap is no defect; here `heavy` covers every case of
    // `light`, which then never applies (D024).
    let d = only(
        &diagnostics(&yaml.replace("    tiers:\n", "    overlap: heavier_wins\n    tiers:\n")),
        Check::Unreachable,
    );
    assert!(en(&d).starts_with("`light` is never applied"), "{}", en(&d));
    assert_eq!(d.path, "violations[0].tiers[0].when");
    let partly = edit("when: {fact: kind, is: report}", "when: {fact: kind, in: [report]}");
    clean(&diagnostics(&partly.replace("    tiers:\n", "    overlap: heavier_wins\n    tiers:\n")));
}

/// Levels that fall under different statute branches, though they do not say `branch:`, leave
/// the statute's own gap between them, not the table's (Art. 94: 20 % for 一般或者较大, 30 % for
/// 重大或者特大, a rule author's trial); levels under one branch are still compared.
#[test]
fn d008_no_gap_between_levels_under_different_statute_branches() {
    let two_branches = edit(
        "          - id: general\n            fine: {min: 1000, max: 5000}\n",
        "          - id: minor\n            when: {fact: kind, is: report_form}\n            fine: {exactly: 1000}\n          - id: major\n            when: {fact: kind, is: report}\n            fine: {exactly: 3000}\n",
    )
    .replace("{min: 1000, below: 2000}", "{exactly: 1000}")
    .replace("{min: 2000, max: 5000}", "{exactly: 3000}");
    let ds = diagnostics(&two_branches);
    assert!(!ds.iter().any(|d| d.check == Check::AdjacentBands), "{ds:#?}");
    // One branch for both: the same gap is the table's.
    let one = edit("{min: 1000, below: 2000}", "{exactly: 1000}").replace("{min: 2000, max: 5000}", "{exactly: 3000}");
    assert!(diagnostics(&one).iter().any(|d| d.check == Check::AdjacentBands));
}

#[test]
fn d008_gap_and_shared_endpoint_between_neighbouring_bands() {
    let gap = edit("{min: 2000, max: 5000}", "{min: 3000, max: 5000}");
    let d = only(&diagnostics(&gap), Check::AdjacentBands);
    assert!(en(&d).contains("between 2,000 and 3,000"), "{}", en(&d));
    // 2,000 ends one band and starts the next: fine when 以下 excludes the number …
    clean(&diagnostics(BASE));
    // … but under "以下 includes" with no heavier-wins rule it belongs to both.
    let inclusive = BASE.replace("below: exclusive", "below: inclusive");
    let d = only(&diagnostics(&inclusive), Check::AdjacentBands);
    assert!(en(&d).contains("belongs to both"), "{}", en(&d));
}

#[test]
fn d009_a_later_statute_version_narrows_the_range() {
    let narrowed = BASE.replace(
        "            fine: {min: 1000, max: 5000}\n",
        "            fine: {min: 1000, max: 5000}\n      - effective: {from: 2023-01-01}\n        branches:\n          - id: general\n            fine: {min: 1000, max: 3000}\n",
    );
    let narrowed = narrowed.replace(
        "      - effective: {from: 2020-01-01}\n",
        "      - effective: {from: 2020-01-01, until: 2022-12-31}\n",
    );
    let d = only(&diagnostics(&narrowed), Check::StatuteChanged);
    assert!(en(&d).contains("as in force from 2023-01-01"), "{}", en(&d));
    assert!(en(&d).contains("maximum 5,000 exceeds the statutory maximum 3,000"), "{}", en(&d));
    // A table that expires before the change is not affected.
    clean(&diagnostics(
        &narrowed.replace("effective: {from: 2021-01-01}", "effective: {from: 2021-01-01, until: 2022-12-31}"),
    ));
}

#[test]
fn d010_refinement_outside_its_parent() {
    let parent = BASE.replace("{min: 2000, max: 5000}", "{min: 2000, max: 4000}");
    let child = |band: &str| {
        BASE.replace("id: t1", "id: t2")
            .replace("id: v1", "id: v2")
            .replace("  source: {name: doc}\n", "  source: {name: doc}\n  parent: t1\n")
            .replace("{min: 2000, max: 5000}", band)
            .replace(
                "facts:\n  - {id: kind, type: enum, values: [report_form, report]}\n  - {id: size, type: quantity}\n",
                "",
            )
            .replace(
                "statutes:\n  - id: s1\n    citation: {instrument: Some Law, article: 10}\n    versions:\n      - effective: {from: 2020-01-01}\n        branches:\n          - id: general\n            fine: {min: 1000, max: 5000}\n",
                "",
            )
    };
    let ds = diagnostics_of(&[("p.yaml", &parent), ("c.yaml", &child("{min: 2000, max: 4500}"))]);
    let d = only(&ds, Check::OutsideParent);
    assert_eq!(&*d.file, "c.yaml");
    assert!(en(&d).contains("parent table `t1`"), "{}", en(&d));
    clean(&diagnostics_of(&[("p.yaml", &parent), ("c.yaml", &child("{min: 2000, max: 3500}"))]));
}

#[test]
fn d011_departure_from_the_placement_policy() {
    let yaml = BASE
        .replace("{min: 1000, max: 5000}", "{max: 50000}")
        .replace("  source: {name: doc}\n", "  source: {name: doc}\n  placement:\n    - {applies_to: max_only, disposition: lighter, share_of_max: 0.2}\n")
        .replace("fine: {min: 1000, below: 2000}", "fine: {below: 10000}\n        disposition: lighter")
        .replace("{min: 2000, max: 5000}", "{min: 10000, max: 50000}");
    let d = only(&diagnostics(&yaml), Check::PlacementDeparture);
    assert!(en(&d).contains("belongs near 10,000"), "{}", en(&d));
    clean(&diagnostics(
        &yaml
            .replace("fine: {below: 10000}", "fine: {min: 8000, below: 12000}")
            .replace("{min: 10000, max: 50000}", "{min: 12000, max: 50000}"),
    ));
}

#[test]
fn d012_missing_legal_basis() {
    let d = only(
        &diagnostics(&edit("violated: [{instrument: Some Law, article: 5}]", "violated: []")),
        Check::MissingProvenance,
    );
    assert_eq!(d.severity, Severity::Error);
    let d = only(
        &diagnostics(&edit("violated: [{instrument: Some Law, article: 5}]", "violated: [{instrument: Some Law}]")),
        Check::MissingProvenance,
    );
    assert_eq!(d.severity, Severity::Warning);
}

/// The penalty provisions should include the article of the statute the table benchmarks:
/// citing another article is a slip in one of the two (a warning, with both named).
#[test]
fn d012_penalty_citation_other_than_the_statute() {
    let other =
        edit("penalty: [{instrument: Some Law, article: 10}]", "penalty: [{instrument: Some Law, article: 12}]");
    let d = only(&diagnostics(&other), Check::MissingProvenance);
    assert_eq!(d.severity, Severity::Warning);
    assert_eq!(d.path, "violations[0].legal_basis.penalty");
    assert_eq!(
        en(&d),
        "violation `v1` cites as its penalty Some Law Art. 12, but benchmarks statute `s1` (Some Law Art. 10)"
    );
    // Among others, and with the national prefix written on one side only, it is found.
    clean(&diagnostics(&edit(
        "penalty: [{instrument: Some Law, article: 10}]",
        "penalty: [{instrument: Other Rule, article: 3}, {instrument: 中华人民共和国Some Law, article: 10, paragraph: 2}]",
    )));
    clean(&diagnostics(&edit(
        "penalty: [{instrument: Some Law, article: 10}]",
        "penalty: [{instrument: 《Some Law》, article: 10}]",
    )));
    // A citation without an article cannot be compared: only D012's own warning for it.
    let d = only(
        &diagnostics(&edit("penalty: [{instrument: Some Law, article: 10}]", "penalty: [{instrument: Some Law}]")),
        Check::MissingProvenance,
    );
    assert!(en(&d).contains("names no article"), "{}", en(&d));
    // In Chinese the articles are written as the project writes them.
    assert_eq!(
        d_zh(&only(&diagnostics(&other), Check::MissingProvenance)),
        "违法行为 `v1` 引用的处罚依据为Some Law第十二条，而其裁量所依据的法条 `s1` 为Some Law第十条"
    );
}

fn two_versions(first: &str, second: &str) -> Vec<Diagnostic> {
    let a = BASE.replace("effective: {from: 2021-01-01}", first);
    let b = BASE
        .replace("version: \"1\"", "version: \"2\"")
        .replace("effective: {from: 2021-01-01}", second)
        .replace("facts:\n  - {id: kind, type: enum, values: [report_form, report]}\n  - {id: size, type: quantity}\n", "")
        .replace(
            "statutes:\n  - id: s1\n    citation: {instrument: Some Law, article: 10}\n    versions:\n      - effective: {from: 2020-01-01}\n        branches:\n          - id: general\n            fine: {min: 1000, max: 5000}\n",
            "",
        );
    diagnostics_of(&[("a.yaml", &a), ("b.yaml", &b)])
}

#[test]
fn d013_d014_table_versions_in_time() {
    only(&two_versions("effective: {from: 2021-01-01}", "effective: {from: 2022-01-01}"), Check::VersionsOverlap);
    only(
        &two_versions("effective: {from: 2021-01-01, until: 2021-06-30}", "effective: {from: 2022-01-01}"),
        Check::VersionsGap,
    );
    clean(&two_versions("effective: {from: 2021-01-01, until: 2021-12-31}", "effective: {from: 2022-01-01}"));
}

#[test]
fn d015_no_statute_version_in_force_when_the_table_starts() {
    let d = only(
        &diagnostics(&edit("effective: {from: 2021-01-01}", "effective: {from: 2019-01-01}")),
        Check::NoStatuteInForce,
    );
    assert!(en(&d).contains("2019-01-01"));
}

#[test]
fn d016_exclusion_declared_one_way() {
    let factors = |back: &str| {
        edit(
            "  source: {name: doc}\n",
            &format!(
                "  source: {{name: doc}}\n  factors:\n    - {{id: f1, name: {{zh: 甲, en: a}}, effect: heavier, citation: {{instrument: L, article: 1}}, excludes: [f2]}}\n    - {{id: f2, name: {{zh: 乙, en: b}}, effect: heavier, citation: {{instrument: L, article: 2}}, excludes: [{back}]}}\n"
            ),
        )
    };
    only(&diagnostics(&factors("")), Check::ExclusionNotMutual);
    clean(&diagnostics(&factors("f1")));
}

#[test]
fn d017_one_fact_weighted_twice() {
    let twice = "        - id: kind_again
          fact: kind
          grades:
            - {when: {is: report_form}, weight: 0}
            - {when: {is: report}, weight: 0}
";
    let yaml = weights_table("start: 10", twice).replace("weight: 93", "weight: 90");
    let d = only(&diagnostics(&yaml), Check::FactCountedTwice);
    assert!(en(&d).contains("fact `kind` feeds both factor `kind` and factor `kind_again`"), "{}", en(&d));
}

#[test]
fn d018_statutory_range_wider_than_ten_times() {
    let ds = diagnostics(&edit("{min: 1000, max: 5000}", "{min: 100, max: 5000}"));
    let d = ds.iter().find(|d| d.check == Check::WideStatute).unwrap();
    assert_eq!(d.severity, Severity::Info);
    assert!(ds.iter().all(|d| d.severity == Severity::Info));
}

#[test]
fn d019_missing_translation() {
    let yaml = edit("  source: {name: doc}\n", "  source: {name: doc}\n  languages: [zh, en]\n");
    clean(&diagnostics(&yaml));
    let d = only(
        &diagnostics(&yaml.replace("name: {zh: 违法, en: violation}", "name: {zh: 违法}")),
        Check::MissingTranslation,
    );
    assert_eq!(d.path, "violations[0].name");
    assert!(en(&d).contains("no English text"));
}

#[test]
fn d020_band_names_a_branch_the_version_in_force_lacks() {
    let yaml = BASE
        .replace(
            "            fine: {min: 1000, max: 5000}\n",
            "            fine: {min: 1000, max: 5000}\n      - effective: {from: 2030-01-01}\n        branches:\n          - id: later\n            fine: {min: 1000, max: 5000}\n",
        )
        .replace("      - effective: {from: 2020-01-01}\n", "      - effective: {from: 2020-01-01, until: 2029-12-31}\n")
        .replace("fine: {min: 1000, below: 2000}", "fine: {min: 1000, below: 2000}\n        branch: later");
    let ds = diagnostics(&yaml);
    assert!(ds.iter().any(|d| d.check == Check::BranchUndetermined), "{ds:#?}");
    assert!(ds.iter().all(|d| d.severity == Severity::Info), "{ds:#?}");
}

#[test]
fn d021_huge_fact_spaces_are_skipped_not_ground_through() {
    // Six numeric facts with eight breakpoints each: 17^6 combinations.
    let mut facts = String::new();
    let mut conds = Vec::new();
    for f in 0..6 {
        facts.push_str(&format!("  - {{id: n{f}, type: quantity}}\n"));
        for k in 1..=8 {
            conds.push(format!("{{fact: n{f}, is: {k}}}"));
        }
    }
    let yaml = BASE
        .replace("  - {id: size, type: quantity}\n", &format!("  - {{id: size, type: quantity}}\n{facts}"))
        .replace("when: {fact: kind, is: report_form}", &format!("when: {{any: [{}]}}", conds.join(", ")));
    let ds = diagnostics(&yaml);
    assert!(ds.iter().any(|d| d.check == Check::AnalysisSkipped), "{ds:#?}");
}

#[test]
fn shipped_rules_report_exactly_the_real_defects() {
    let b = Benchmark::from_path("rules").unwrap();
    let report = b.verify();
    let mut found: Vec<(&str, String)> =
        report.diagnostics.iter().map(|d| (d.check.code(), format!("{}#{}", d.file, d.path))).collect();
    found.sort();
    // Where a Guangdong section is in its file (the table grows as sections are transcribed).
    let gd = |id: &str| {
        let table = b.tables().iter().find(|t| t.id == "gd-env-fines").unwrap();
        let i = table.violations.iter().position(|v| v.id == id).unwrap();
        format!("rules/guangdong/environment-fines-2021.yaml#violations[{i}]")
    };
    let mut expected = vec![
        // Guangdong §2.7.1: Σ 7% → 70,000 < 100,000.
        ("D004", format!("{}.weights.start", gd("gd-env.2.7.1"))),
        // Jiangxi freight bands against the 2023 statute (freight 3,000–10,000; serious 10,000–50,000; gains 1–5×).
        ("D009", "rules/transport/road-transport-63.yaml#violations[0].tiers[1].fine.exactly".to_string()),
        ("D009", "rules/transport/road-transport-63.yaml#violations[0].tiers[3].fine.max".to_string()),
        ("D009", "rules/transport/road-transport-63.yaml#violations[0].tiers[5].fine.max".to_string()),
        ("D009", "rules/transport/road-transport-63.yaml#violations[0].tiers[6].fine.max".to_string()),
        ("D009", "rules/transport/road-transport-63.yaml#violations[0].tiers[7].fine.max".to_string()),
        // Guangdong A.2 against the province's own max-only placement rule.
        ("D011", format!("{}.matrix.cells[0].fine", gd("gd-env.1.3"))),
        ("D011", format!("{}.matrix.cells[1].fine", gd("gd-env.1.3"))),
        // Guangdong §2.10, §2.11: the major-impact row (100万 / 50万) printed across the column of
        // removal within the deadline, where the statute caps the fine at 50万 / 10万.
        ("D001", format!("{}.matrix.cells[12].fine.exactly", gd("gd-env.2.10"))),
        ("D001", format!("{}.matrix.cells[8].fine.exactly", gd("gd-env.2.11"))),
        // §6.11: the persons' band from 0.5万 under Art. 90 ¶2's 1万–5万; and, as in §6.17, §6.18
        // and §6.21, rows corrected in time that stop at 20,000 m² (no band at or above it).
        ("D001", format!("{}.responsible_persons.matrix.cells[0].fine.above", gd("gd-env.6.11"))),
        ("D006", format!("{}.matrix.cells", gd("gd-env.6.11"))),
        // §6.17, §6.18, §6.21: that gap, and the major-impact row (100万) across the column of
        // correction in time, where Art. 94 caps the fine at 20万.
        ("D006", format!("{}.matrix.cells", gd("gd-env.6.17"))),
        ("D001", format!("{}.matrix.cells[11].fine.exactly", gd("gd-env.6.17"))),
        ("D006", format!("{}.matrix.cells", gd("gd-env.6.18"))),
        ("D001", format!("{}.matrix.cells[11].fine.exactly", gd("gd-env.6.18"))),
        ("D006", format!("{}.matrix.cells", gd("gd-env.6.21"))),
        ("D001", format!("{}.matrix.cells[11].fine.exactly", gd("gd-env.6.21"))),
    ];
    expected.sort();
    assert_eq!(found, expected, "{report:#?}");
    let d = report.diagnostics.iter().find(|d| d.check == Check::WeightModelOutsideStatute).unwrap();
    assert!(en(d).contains("minimum 70,000 is below the statutory minimum 100,000"), "{}", en(d));
    let first = report.diagnostics.iter().find(|d| d.path.ends_with("tiers[1].fine.exactly")).unwrap();
    assert!(en(first).contains("exceeds the statutory maximum 10,000"), "{}", en(first));
    let serious = report.diagnostics.iter().find(|d| d.path.ends_with("tiers[7].fine.max")).unwrap();
    assert!(en(serious).contains("exceeds the statutory maximum 50,000"), "{}", en(serious));
    assert_eq!(report.count(Severity::Error), 12);
    assert_eq!(report.count(Severity::Warning), 6);
}

#[test]
fn d022_a_band_requires_a_sanction_the_statute_lacks() {
    let ds = diagnostics(&edit(
        "        fine: {min: 2000, max: 5000}\n",
        "        fine: {min: 2000, max: 5000}\n        sanctions: {required: [licence_revocation]}\n",
    ));
    assert!(
        en(&only(&ds, Check::SanctionNotInStatute)).contains("`licence_revocation` is not a sanction of statute `s1`")
    );
    let ok = edit(
        "            fine: {min: 1000, max: 5000}\n",
        "            fine: {min: 1000, max: 5000}\n            sanctions: [licence_revocation]\n",
    )
    .replace(
        "        fine: {min: 2000, max: 5000}\n",
        "        fine: {min: 2000, max: 5000}\n        sanctions: {required: [licence_revocation]}\n",
    );
    clean(&diagnostics(&ok));
}

#[test]
fn d023_adjustments_without_effect() {
    let with = |adjustments: &str| {
        edit(
            "  boundaries: {above: inclusive, below: exclusive}\n",
            &format!("  boundaries: {{above: inclusive, below: exclusive}}\n  adjustments:\n{adjustments}"),
        )
    };
    let late_place = with(
        "    - {id: r, when: {fact: kind, is: report}, reduce: {min: 10, max: 20}}\n    - {id: p, when: {fact: kind, is: report}, place: {min: 0, max: 0.5}}\n",
    );
    assert!(en(&only(&diagnostics(&late_place), Check::IneffectiveAdjustment)).contains("after a reduction"));
    let ordered = with(
        "    - {id: p, when: {fact: kind, is: report}, place: {min: 0, max: 0.5}}\n    - {id: r, when: {fact: kind, is: report}, reduce: {min: 10, max: 20}}\n",
    );
    clean(&diagnostics(&ordered));
    // A tier up over parallel tiers (two of rank 2) that keeps no fact: warned; keeping one, not.
    let parallel = |keep: &str| {
        with(&format!("    - {{id: up, when: {{fact: size, at_least: 10}}, tier_up: 1{keep}}}\n")).replace(
            "      - id: heavy\n        when: {fact: kind, is: report}\n        fine: {min: 2000, max: 5000}\n",
            "      - id: heavy\n        rank: 2\n        when: {all: [{fact: kind, is: report}, {fact: size, below: 5}]}\n        fine: {min: 2000, max: 5000}\n      - id: heavy-large\n        rank: 2\n        when: {all: [{fact: kind, is: report}, {fact: size, at_least: 5}]}\n        fine: {min: 3000, max: 5000}\n",
        )
    };
    let ds = diagnostics(&parallel(""));
    let said: Vec<&str> = ds.iter().filter(|d| d.check == Check::IneffectiveAdjustment).map(en).collect();
    assert!(
        matches!(said.as_slice(), [s] if s.contains("`v1`, whose rank 2 has 2 parallel tiers, and keeps no fact")),
        "{said:?}"
    );
    assert!(!diagnostics(&parallel(", keep: [kind]")).iter().any(|d| d.check == Check::IneffectiveAdjustment));
}

#[test]
fn d024_first_match_tiers_never_reached() {
    let yaml = edit(
        "    tiers:\n",
        "    overlap: first_match\n    tiers:\n      - id: any\n        when: {fact: kind, in: [report_form, report]}\n        fine: {min: 1000, below: 2000}\n",
    );
    let ds = diagnostics(&yaml);
    let found: Vec<&Diagnostic> = ds.iter().filter(|d| d.check == Check::Unreachable).collect();
    assert_eq!(found.len(), 2, "{ds:#?}");
    assert!(en(found[0]).contains("`light` is never reached"));
    clean(&diagnostics(&edit("    tiers:\n", "    overlap: first_match\n    tiers:\n")));
}

/// Under `heavier_wins`, a tier whose every case also matches a heavier one never applies: a
/// tier that lost its `when:` (always true) after the others, found by a rule author, made
/// both lighter tiers dead, and lint said nothing.
#[test]
fn d024_heavier_wins_tiers_never_applied() {
    let yaml = edit("      - id: heavy\n        when: {fact: kind, is: report}\n", "      - id: heavy\n")
        .replace("    tiers:\n", "    overlap: heavier_wins\n    tiers:\n");
    let ds = diagnostics(&yaml);
    let found: Vec<&str> = ds.iter().filter(|d| d.check == Check::Unreachable).map(en).collect();
    assert_eq!(found.len(), 1, "{ds:#?}");
    assert!(found[0].contains("`light` is never applied: every case it covers matches a heavier one"), "{found:?}");
    // Exclusive tiers are all reached; an always-true tier listed first (the lightest) is the
    // one never applied, as the heavier tiers cover every case.
    clean(&diagnostics(&edit("    tiers:\n", "    overlap: heavier_wins\n    tiers:\n")));
    let first = edit(
        "    tiers:\n",
        "    overlap: heavier_wins\n    tiers:\n      - id: any\n        fine: {min: 1000, below: 2000}\n",
    );
    let ds = diagnostics(&first);
    let found: Vec<&str> = ds.iter().filter(|d| d.check == Check::Unreachable).map(en).collect();
    assert!(found.len() == 1 && found[0].starts_with("`any` is never applied"), "{found:?}");
}

#[test]
fn d025_quantity_bands_inside_the_statute() {
    let with = |statute: &str, band: &str| {
        edit("            fine: {min: 1000, max: 5000}\n", &format!("            fine: {{min: 1000, max: 5000}}\n            sanctions: [{{kind: detention, duration: {statute}}}]\n"))
            .replace("        fine: {min: 2000, max: 5000}\n", &format!("        fine: {{min: 2000, max: 5000}}\n        sanctions: {{allowed: [{{kind: detention, duration: {band}}}]}}\n"))
    };
    let ds = diagnostics(&with("{min: 5, max: 15, unit: days}", "{min: 10, max: 20, unit: days}"));
    assert!(en(&only(&ds, Check::QuantityOutsideStatute)).contains("10–20 days lies outside the statute's 5–15 days"));
    assert_eq!(
        diagnostics(&with("{min: 5, max: 15, unit: days}", "{min: 1, max: 2, unit: months}"))
            .iter()
            .filter(|d| d.check == Check::QuantityOutsideStatute)
            .count(),
        1
    );
    clean(&diagnostics(&with("{min: 5, max: 15, unit: days}", "{min: 10, max: 15, unit: days}")));
}

#[test]
fn d026_factor_sets_in_force_while_the_table_is() {
    let sets = |from: &str| {
        format!(
            "discretion: 1\nfactor_sets:\n  - id: f\n    version: \"1\"\n    effective: {{from: {from}}}\n    factors: [{{id: f.x, effect: heavier, citation: {{instrument: L, article: 1}}}}]\n"
        )
    };
    let table = edit(
        "  boundaries: {above: inclusive, below: exclusive}\n",
        "  boundaries: {above: inclusive, below: exclusive}\n  factor_sets: [f]\n",
    );
    let ds = diagnostics_of(&[("t.yaml", &table), ("f.yaml", &sets("2021-07-15"))]);
    let d = only(&ds, Check::FactorSetNotInForce);
    // The table starts before the only version: its first day is the first day not covered.
    assert!(en(&d).contains("factor set `f`") && en(&d).contains("in force on 2021-01-01"), "{}", en(&d));
    clean(&diagnostics_of(&[("t.yaml", &table), ("f.yaml", &sets("2020-01-01"))]));
}

#[test]
fn d027_responsible_persons_need_a_statutory_branch() {
    let persons = "    responsible_persons:\n      tiers:\n        - {id: p, fine: {min: 100, max: 200}}\n";
    let yaml = format!("{BASE}{persons}");
    assert!(en(&only(&diagnostics(&yaml), Check::AddresseeWithoutStatute)).contains("no branch for them"));
    let with_branch = yaml.replace(
        "          - id: general\n            fine: {min: 1000, max: 5000}\n",
        "          - id: general\n            fine: {min: 1000, max: 5000}\n          - {id: persons, addressee: responsible_persons, fine: {min: 100, max: 500}}\n",
    );
    clean(&diagnostics(&with_branch));
    // The persons' band is compared with their branch (D001).
    let too_high = with_branch.replace("{id: p, fine: {min: 100, max: 200}}", "{id: p, fine: {min: 100, max: 900}}");
    assert!(
        en(&only(&diagnostics(&too_high), Check::BandOutsideStatute))
            .contains("maximum 900 exceeds the statutory maximum 500")
    );
}

#[test]
fn formula_bands_are_compared_with_the_statute() {
    let formula = "        fine: {basis: formula, start: 2000, terms: [{fact: size, per: 1, add: 100, rounding: up}], max: 6000}\n";
    let yaml = edit("        fine: {min: 2000, max: 5000}\n", formula);
    assert!(
        en(&only(&diagnostics(&yaml), Check::BandOutsideStatute))
            .contains("maximum 6,000 exceeds the statutory maximum 5,000")
    );
    clean(&diagnostics(&yaml.replace("max: 6000}", "max: 5000}")));
}

#[test]
fn d028_two_facts_with_one_name() {
    let yaml = edit(
        "  - {id: size, type: quantity}",
        "  - {id: size, type: quantity, name: {zh: 区域}}\n  - {id: area, type: quantity, name: {zh: 区域}}",
    );
    let d = only(&diagnostics(&yaml), Check::SharedFactName);
    assert!(en(&d).contains("`size` and `area` are both named `区域`"), "{}", en(&d));
    // A column so named designates neither fact: it is reported, with the ids to map it to.
    let rules = Benchmark::from_str("t.yaml", &yaml).unwrap();
    let columns = rules.columns(["case_id", "区域"], &[]);
    let unread: Vec<_> = columns.unread().collect();
    assert_eq!(unread.len(), 1);
    assert!(unread[0].2.unwrap().contains("size, area"), "{unread:?}");
    clean(&diagnostics(
        &BASE.replace("  - {id: size, type: quantity}", "  - {id: size, type: quantity, name: {zh: 规模}}"),
    ));
}

/// A weight model whose start differs by statute branch, written as a factor on the fact the
/// branch reads (Guangdong §1.6: 25% of 200,000 corrected in time, 20% of 1,000,000 overdue):
/// each branch is measured with the grades its cases can be in, so a sound table is clean and
/// one whose in-time start is too low is still caught, with its witness.
#[test]
fn d004_a_factor_on_the_branch_fact_weighs_only_that_branchs_grades() {
    let table = |in_time_weight: u32| {
        format!(
            "discretion: 1
facts:
  - {{id: corrected, type: boolean}}
statutes:
  - id: s
    citation: {{instrument: 建设项目环境保护管理条例, article: 22}}
    versions:
      - effective: {{from: 2017-10-01}}
        branches:
          - {{id: in_time, when: {{fact: corrected, is: true}}, fine: {{min: 50000, max: 200000}}}}
          - {{id: overdue, fine: {{min: 200000, max: 1000000}}}}
table:
  id: t
  version: \"1\"
  title: {{zh: 试, en: trial}}
  authority: {{zh: 试}}
  jurisdiction: CN-GD
  currency: CNY
  effective: {{from: 2022-01-01}}
  source: {{name: 试}}
  boundaries: {{above: inclusive, below: exclusive}}
violations:
  - id: v
    name: {{zh: 试, en: trial}}
    legal_basis:
      violated: [{{instrument: 建设项目环境保护管理条例, article: 15}}]
      penalty: [{{instrument: 建设项目环境保护管理条例, article: 22}}]
    statute: s
    weights:
      start: 20
      factors:
        - id: start_by_correction
          fact: corrected
          grades:
            - {{when: {{is: true}}, weight: {in_time_weight}}}
            - {{when: {{is: false}}, weight: 0}}
"
        )
    };
    let weight_model = |ds: &[Diagnostic]| ds.iter().filter(|d| d.check == Check::WeightModelOutsideStatute).count();
    assert_eq!(weight_model(&diagnostics(&table(5))), 0, "{:#?}", diagnostics(&table(5)));
    let ds = diagnostics(&table(0));
    let d = ds.iter().find(|d| d.check == Check::WeightModelOutsideStatute).unwrap_or_else(|| panic!("{ds:#?}"));
    assert!(en(d).contains("minimum 40,000 is below the statutory minimum 50,000"), "{}", en(d));
    // A factor whose thresholds differ from the branch's: every grade a case of the branch can
    // reach is measured (amount 60,000 is serious and weighs 30: 120% of 100,000).
    let thresholds = table(5)
        .replace("{id: corrected, type: boolean}", "{id: amount, type: amount}")
        .replace(
            "{fact: corrected, is: true}, fine: {min: 50000, max: 200000}",
            "{fact: amount, at_least: 10000}, fine: {min: 10000, max: 100000}",
        )
        .replace("{id: overdue, fine: {min: 200000, max: 1000000}}", "{id: general, fine: {max: 10000}}")
        .replace("start: 20", "start: 90\n      cap: 150")
        .replace("fact: corrected", "fact: amount")
        .replace("{when: {is: true}, weight: 5}", "{when: {at_least: 50000}, weight: 30}")
        .replace("{when: {is: false}, weight: 0}", "{when: {less_than: 50000}, weight: 0}");
    let ds = diagnostics(&thresholds);
    let d = ds.iter().find(|d| d.check == Check::WeightModelOutsideStatute).unwrap_or_else(|| panic!("{ds:#?}"));
    assert!(en(d).contains("maximum 120,000 exceeds the statutory maximum 100,000"), "{}", en(d));
    assert!(d.help.as_ref().is_some_and(|h| h.get(Lang::En).contains("cap")), "{d:?}");
}

#[test]
fn d029_a_band_lets_a_compulsory_statutory_fine_be_left_out() {
    let optional = "        fine: {min: 2000, max: 5000}\n        fine_optional: true\n";
    let ds = diagnostics(&edit("        fine: {min: 2000, max: 5000}\n", optional));
    let d = only(&ds, Check::OptionalFineAgainstStatute);
    assert_eq!(d.severity, Severity::Error);
    assert!(d.path.ends_with("tiers[1].fine_optional"), "{}", d.path);
    assert!(
        en(&d).contains("level `heavy` of `v1` lets the fine be left out, but statute `s1` requires one for all its cases (branch `general`)"),
        "{}",
        en(&d)
    );
    assert!(d.message.get(Lang::Zh).contains("应当处以罚款"), "{}", d.message.get(Lang::Zh));
    // "处五千元以下罚款" sets no least amount and still requires the fine: the same error.
    let no_minimum = edit("        fine: {min: 2000, max: 5000}\n", optional)
        .replace("            fine: {min: 1000, max: 5000}\n", "            fine: {max: 5000}\n");
    assert_eq!(only(&diagnostics(&no_minimum), Check::OptionalFineAgainstStatute).severity, Severity::Error);
    // The statute lets the fine be left out ("可以处…罚款"): nothing to report.
    clean(&diagnostics(&no_minimum.replace(
        "            fine: {max: 5000}\n",
        "            fine: {max: 5000}\n            fine_optional: true\n",
    )));
    let statute_optional = "            fine: {min: 1000, max: 5000}\n            fine_optional: true\n";
    let both = edit("        fine: {min: 2000, max: 5000}\n", optional)
        .replace("            fine: {min: 1000, max: 5000}\n", statute_optional);
    clean(&diagnostics(&both));
    // A second, conditional branch whose fine is optional: cases whose facts select it may go
    // without a fine, the others may not — a warning; none once the band names that branch.
    let second = "            fine: {min: 1000, max: 5000}\n          - id: minor\n            when: {fact: size, below: 10}\n            fine: {min: 1000, max: 5000}\n            fine_optional: true\n";
    let mixed = edit("        fine: {min: 2000, max: 5000}\n", optional)
        .replace("            fine: {min: 1000, max: 5000}\n", second);
    let d = only(&diagnostics(&mixed), Check::OptionalFineAgainstStatute);
    assert_eq!(d.severity, Severity::Warning);
    assert!(en(&d).contains("(branch `general`)"), "{}", en(&d));
    let pinned = mixed.replace(
        optional,
        "        fine: {min: 2000, max: 5000}\n        fine_optional: true\n        branch: minor\n",
    );
    let ds = diagnostics(&pinned);
    assert!(ds.iter().all(|d| d.check != Check::OptionalFineAgainstStatute), "{ds:#?}");
    // The level's own condition decides which branches its cases take: a band only for cases
    // of the optional branch is lawful; one only for the compulsory branch's is an error.
    let statute = edit(
        "          - id: general\n            fine: {min: 1000, max: 5000}\n",
        "          - id: report\n            when: {fact: kind, is: report}\n            fine: {min: 1000, max: 5000}\n          - id: general\n            fine: {min: 1000, max: 5000}\n            fine_optional: true\n",
    );
    let light_optional = "        fine: {min: 1000, below: 2000}\n        fine_optional: true\n";
    clean(&diagnostics(&statute.replace("        fine: {min: 1000, below: 2000}\n", light_optional)));
    let d = only(
        &diagnostics(&statute.replace("        fine: {min: 2000, max: 5000}\n", optional)),
        Check::OptionalFineAgainstStatute,
    );
    assert_eq!(d.severity, Severity::Error);
    assert!(en(&d).contains("(branch `report`)"), "{}", en(&d));
    // A band going below the statute on a legal ground may leave the fine out.
    let mitigated = edit(
        "        fine: {min: 2000, max: 5000}\n",
        "        fine: {min: 200, max: 800}\n        fine_optional: true\n        disposition: mitigated\n        legal_ground: {instrument: 中华人民共和国行政处罚法, article: 32}\n",
    );
    let ds = diagnostics(&mitigated);
    assert!(ds.iter().all(|d| d.check != Check::OptionalFineAgainstStatute), "{ds:#?}");
    // Versions: where only a later version requires the fine, the finding says from when.
    let later = edit(
        "      - effective: {from: 2020-01-01}\n        branches:\n          - id: general\n            fine: {min: 1000, max: 5000}\n",
        "      - effective: {from: 2020-01-01, until: 2021-12-31}\n        branches:\n          - id: general\n            fine: {min: 1000, max: 5000}\n            fine_optional: true\n      - effective: {from: 2022-01-01}\n        branches:\n          - id: general\n            fine: {min: 1000, max: 5000}\n",
    );
    let d = only(
        &diagnostics(&later.replace("        fine: {min: 2000, max: 5000}\n", optional)),
        Check::OptionalFineAgainstStatute,
    );
    assert_eq!(d.severity, Severity::Warning);
    assert!(en(&d).contains("some of its cases (branch `general` as in force from 2022-01-01)"), "{}", en(&d));
}

#[test]
fn d030_money_written_below_the_fen() {
    let band = edit("        fine: {min: 2000, max: 5000}\n", "        fine: {min: 2000, max: 4999.995}\n");
    let d = only(&diagnostics(&band), Check::BelowTheFen);
    assert_eq!(d.severity, Severity::Warning);
    assert!(d.path.ends_with("tiers[1].fine.max"), "{}", d.path);
    assert!(en(&d).contains("amount 4,999.995 is written below the fen"), "{}", en(&d));
    assert!(d.message.get(Lang::Zh).contains("精确到分以下"), "{}", d.message.get(Lang::Zh));
    let statute = edit("            fine: {min: 1000, max: 5000}\n", "            fine: {min: 999.999, max: 5000}\n");
    let d = only(&diagnostics(&statute), Check::BelowTheFen);
    assert!(d.path.ends_with("versions[0].branches[0].fine.min"), "{}", d.path);
    // Two decimals are money; trailing zeros are no digit below the fen; multiples are no money.
    clean(&diagnostics(&edit(
        "        fine: {min: 2000, max: 5000}\n",
        "        fine: {min: 2000.00, max: 4999.990}\n",
    )));
    let multiple = edit(
        "        fine: {min: 2000, max: 5000}\n",
        "        fine: {basis: multiple, of: size, min: 0.001, max: 0.0025}\n",
    );
    assert!(diagnostics(&multiple).iter().all(|d| d.check != Check::BelowTheFen));
    // One amount is said once, at the fine; a hearing threshold is money too.
    let one = edit("        fine: {min: 2000, max: 5000}\n", "        fine: {exactly: 2000.005}\n");
    let found: Vec<Diagnostic> = diagnostics(&one).into_iter().filter(|d| d.check == Check::BelowTheFen).collect();
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(found[0].path.ends_with("tiers[1].fine"), "{}", found[0].path);
    let hearing =
        edit("  currency: CNY\n", "  currency: CNY\n  hearing: {individual: 2000.005, organisation: 50000}\n");
    assert_eq!(only(&diagnostics(&hearing), Check::BelowTheFen).path, "table.hearing.individual");
}

/// D031: a suspension whose own period shares no day with its table's never applies (a case is
/// judged under the table, and the suspension only reaches acts within both); one that shares a
/// day, or has no period of its own, is fine.
#[test]
fn d031_a_suspension_never_in_force() {
    let with = |effective: &str| {
        edit(
            "  boundaries: {above: inclusive, below: exclusive}\n",
            &format!(
                "  boundaries: {{above: inclusive, below: exclusive}}\n  suspensions:\n    - {{id: t1.sensitive, suspends: [may_no_penalty], when: {{fact: kind, is: report}}{effective}}}\n"
            ),
        )
    };
    let d =
        only(&diagnostics(&with(", effective: {from: 2010-01-01, until: 2020-12-31}")), Check::SuspensionNeverInForce);
    assert_eq!(d.path, "table.suspensions[0].effective");
    assert_eq!(
        d.message.get(Lang::En),
        "suspension `t1.sensitive` is in force from 2010-01-01 to 2020-12-31 and its table `t1` from 2021-01-01 to no end: they share no day, so it never applies"
    );
    assert!(d.message.get(Lang::Zh).contains("（2010-01-01至2020-12-31）"), "{}", d.message.get(Lang::Zh));
    for fine in ["", ", effective: {from: 2010-01-01, until: 2021-01-01}", ", effective: {from: 2030-01-01}"] {
        assert!(diagnostics(&with(fine)).iter().all(|d| d.check != Check::SuspensionNeverInForce), "{fine}");
    }
}
