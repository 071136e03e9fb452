//! Weights written as fractions (Guangdong §4.7: start 1/3, weights 1/8, 1/4, 1/12, 1/24 of
//! "罚款金额 = 裁量百分值总和 × 所需处置费用 × 3 倍"): no decimal holds 1/3, so a model's numbers
//! are counted in parts of one common denominator and every sum is exact — 1/3 × 3 × 100,000 is
//! 100,000, not 99,999.99….

use discretion::Benchmark;
use discretion::check::{Case, CaseCheck, Verdict};
use discretion::table::{Facts, Lang, Range, Scheme};
use rust_decimal::Decimal;

/// §4.7's model on its statute (1–3 × the disposal cost, a cost under 100,000 counted as
/// 100,000), its four factors as printed (lines 5730–5752).
fn table(start: &str, extra: &str) -> String {
    format!(
        "\
discretion: 1
facts:
  - {{id: disposal_cost, type: amount, unit: yuan}}
  - {{id: tonnes, type: quantity, unit: t}}
  - {{id: days, type: quantity, unit: days}}
  - {{id: sensitive_area, type: boolean}}
  - {{id: rectification, type: enum, values: [removed, partly, none]}}
statutes:
  - id: sw-102.7
    citation: {{instrument: 固体废物污染环境防治法, article: 102, paragraph: 2}}
    versions:
      - effective: {{from: 2020-09-01}}
        branches:
          - {{id: general, fine: {{basis: multiple, of: disposal_cost, min: 1, max: 3, base_floor: 100000}}}}
table:
  id: t
  title: {{zh: 表}}
  authority: {{zh: 机关}}
  jurisdiction: CN-GD
  currency: CNY
  effective: {{from: 2022-01-01}}
  source: {{name: doc}}
  boundaries: {{above: inclusive, below: exclusive}}
violations:
  - id: v
    legal_basis:
      violated: [{{instrument: 固体废物污染环境防治法, article: 20, paragraph: 1}}]
      penalty: [{{instrument: 固体废物污染环境防治法, article: 102, paragraph: 2}}]
    statute: sw-102.7
    weights:
      start: {start}
{extra}      factors:
        - id: amount
          fact: tonnes
          grades:
            - {{when: {{below: 3}}, weight: 0}}
            - {{when: {{above: 3, below: 10}}, weight: 1/8}}
            - {{when: {{above: 10}}, weight: 1/4}}
        - id: duration
          fact: days
          grades:
            - {{when: {{below: 3}}, weight: 0}}
            - {{when: {{above: 3, below: 5}}, weight: 1/8}}
            - {{when: {{above: 5}}, weight: 1/4}}
        - id: area
          fact: sensitive_area
          grades:
            - {{when: {{is: false}}, weight: 0}}
            - {{when: {{is: true}}, weight: 1/12}}
        - id: rectification
          fact: rectification
          grades:
            - {{when: {{is: removed}}, weight: 0}}
            - {{when: {{is: partly}}, weight: 1/24}}
            - {{when: {{is: none}}, weight: 1/12}}
"
    )
}

fn case(cost: i64, tonnes: i64, days: i64, sensitive: bool, rectification: &str, fine: &str) -> Case {
    let mut c = Case::new("c", "v");
    c.facts = Facts::new()
        .number("disposal_cost", cost)
        .number("tonnes", tonnes)
        .number("days", days)
        .flag("sensitive_area", sensitive)
        .word("rectification", rectification);
    c.act_ended = "2023-03-01".parse().ok();
    c.decided = "2023-04-01".parse().ok();
    c.decision.fine = Some(fine.parse().unwrap());
    c.factors = Some(Vec::new());
    c
}

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

#[test]
fn fractions_are_exact_in_every_sum() {
    let rules = Benchmark::from_str("t.yaml", &table("1/3", "")).unwrap();
    let Scheme::Weights(w) = &rules.tables()[0].violations[0].scheme else { panic!("weights") };
    // 100, 3, 8, 4, 12, 24: counted in 600ths.
    assert_eq!(w.denominator, 600);
    assert_eq!((w.start, w.cap), (d("200"), d("600")));
    // The least: 1/3 × 3 × the cost — the statutory minimum, the cost itself, exactly.
    let least = rules.check(&case(150_000, 1, 1, false, "removed", "150000"));
    assert_eq!(least.band, Some(Range::exactly(d("150000"))), "{:?}", least.findings);
    assert_eq!(least.verdict, Verdict::Compliant, "{:?}", least.findings);
    // 1/3 + 1/8 + 1/8 + 1/12 + 1/24 = 17/24; × 3 × 100,000 = 212,500.
    let middle = rules.check(&case(100_000, 5, 4, true, "partly", "212500"));
    assert_eq!(middle.band, Some(Range::exactly(d("212500"))));
    assert!(!middle.has(CaseCheck::BelowBand) && !middle.has(CaseCheck::AboveBand));
    // The most: 1/3 + 1/4 + 1/4 + 1/12 + 1/12 = 1 → 3 × the cost, the statutory maximum; a cost
    // under 100,000 counts as 100,000.
    let most = rules.check(&case(40_000, 12, 9, true, "none", "300000"));
    assert_eq!(most.band, Some(Range::exactly(d("300000"))));
    // Between two fen, the nearest (half away from zero): 1/3 + 1/8 + 1/12 = 13/24; × 3 ×
    // 100,003 = 162,504.875 → 162,504.88.
    let odd = rules.check(&case(100_003, 5, 1, true, "removed", "162504.88"));
    assert_eq!(odd.band, Some(Range::exactly(d("162504.88"))), "{:?}", odd.band);
    assert_eq!(odd.verdict, Verdict::Compliant, "{:?}", odd.findings);
}

#[test]
fn the_explanation_shows_the_fractions_as_written() {
    let rules = Benchmark::from_str("t.yaml", &table("1/3", "")).unwrap();
    let allowed = rules.allowed(&case(100_000, 5, 4, true, "partly", "212500")).unwrap();
    let text: Vec<String> = allowed.explanation.iter().map(|t| t.get(Lang::En).to_string()).collect();
    let line = text.iter().find(|l| l.starts_with("weights:")).unwrap();
    assert_eq!(
        line,
        "weights: start 1/3 + amount 1/8 + duration 1/8 + area 1/12 + rectification 1/24 = 17/24; 17/24 × 300,000"
    );
}

#[test]
fn percentages_and_fractions_mix() {
    // A percentage among fractions keeps its value: 25 (%) is 1/4.
    let rules = Benchmark::from_str("t.yaml", &table("25", "      floor: 1/3\n      cap: 90\n")).unwrap();
    let Scheme::Weights(w) = &rules.tables()[0].violations[0].scheme else { panic!("weights") };
    assert_eq!(
        (w.written(w.start), w.written(w.floor.unwrap()), w.written(w.cap)),
        ("1/4".into(), "1/3".into(), "9/10".into())
    );
    // Σ = 1/4 < the floor 1/3: 1/3 × 300,000.
    let floored = rules.check(&case(100_000, 1, 1, false, "removed", "100000"));
    assert_eq!(floored.band, Some(Range::exactly(d("100000"))));
    // Σ = 1/4 + 1/4 + 1/4 + 1/12 + 1/12 = 11/12, capped at 9/10: 270,000.
    let capped = rules.check(&case(100_000, 12, 9, true, "none", "270000"));
    assert_eq!(capped.band, Some(Range::exactly(d("270000"))));
}

#[test]
fn fractions_the_model_cannot_hold_are_refused_with_their_place() {
    for (start, message) in [
        ("1/0", "`1/0` is not a fraction with a whole denominator from 1 to 1000"),
        ("1/1001", "`1/1001` is not a fraction with a whole denominator from 1 to 1000"),
        ("1/three", "not a fraction with a whole denominator"),
        ("-1/3", "is negative"),
        ("1/-3", "not a fraction with a whole denominator"),
    ] {
        let err = Benchmark::from_str("t.yaml", &table(start, "")).unwrap_err();
        let p = &err.problems[0];
        assert!(p.message.contains(message), "{start}: {}", p.message);
        assert_eq!(p.path, "violations[0].weights.start", "{start}");
    }
    // 997, 991 and 983 are primes: their common denominator with 100 is about 10^11.
    let err = Benchmark::from_str("t.yaml", &table("1/997", "      floor: 1/991\n      cap: 982/983\n")).unwrap_err();
    assert!(err.problems[0].message.contains("no common denominator up to 1000000"), "{}", err.problems[0].message);
}

#[test]
fn a_model_of_fractions_is_written_back_as_fractions() {
    let rules = Benchmark::from_str("t.yaml", &table("1/3", "")).unwrap();
    let written = rules.write_all();
    let text = &written[0].1;
    assert!(text.contains("start: 1/3") && text.contains("weight: 1/24") && text.contains("cap: 100\n"), "{text}");
    let again = Benchmark::from_str("t.yaml", text).unwrap();
    assert_eq!(again.tables(), rules.tables());
}

#[test]
fn lint_compares_a_model_of_fractions_with_its_statute() {
    use discretion::verify::Check;
    // Starting at 1/4: the least fine is 1/4 × 3 = 0.75 × the cost, below the statute's 1 ×.
    let report = Benchmark::from_str("t.yaml", &table("1/4", "")).unwrap().verify();
    let d = report.diagnostics.iter().find(|d| d.check == Check::WeightModelOutsideStatute).expect("D004");
    assert!(d.message.get(Lang::En).contains("0.75"), "{}", d.message.get(Lang::En));
    // At 1/3 it starts at the minimum exactly: nothing to report.
    let clean = Benchmark::from_str("t.yaml", &table("1/3", "")).unwrap().verify();
    assert!(clean.diagnostics.iter().all(|d| d.check != Check::WeightModelOutsideStatute), "{:#?}", clean.diagnostics);
}

/// Absurd negative weights saturate toward their sign: the lightest case is never given the
/// heaviest fine, and a sum below zero counts as zero (then the statutory minimum applies).
#[test]
fn a_hugely_negative_sum_is_no_heavy_fine() {
    let huge = "79228162514264337593543950335";
    // Two of them, each picked: their sum overflows below the least decimal.
    let yaml = table("0", "")
        .replace("weight: 1/24}}", &format!("weight: -{huge}/7}}}}"))
        .replace("{when: {is: false}, weight: 0}", &format!("{{when: {{is: false}}, weight: -{huge}}}"));
    let rules = Benchmark::from_str("t.yaml", &yaml).unwrap();
    let judged = rules.check(&case(100_000, 1, 1, false, "partly", "100000"));
    assert_eq!(judged.band, Some(Range::exactly(d("100000"))), "{:?}", judged.findings);
}
