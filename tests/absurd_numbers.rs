//! Absurd numbers — at the edge of what a Decimal holds, negative where nothing should be —
//! give answers or errors, never a panic, in loading, verifying and checking.

use discretion::Benchmark;
use discretion::check::{Case, parse_amount};
use discretion::table::Facts;
use rust_decimal::Decimal;

const MAX: &str = "79228162514264337593543950335";

fn table(fine: &str, weight: &str, share: &str) -> String {
    format!(
        "discretion: 1
facts:
  - {{id: n, type: quantity}}
  - {{id: k, type: enum, values: [a, b]}}
statutes:
  - id: s
    citation: {{instrument: L, article: 1}}
    versions:
      - effective: {{from: 2020-01-01}}
        branches:
          - {{id: general, fine: {fine}}}
table:
  id: t
  title: {{zh: 表}}
  authority: {{zh: 机关}}
  jurisdiction: CN
  currency: CNY
  effective: {{from: 2021-01-01}}
  source: {{name: doc}}
  boundaries: {{above: inclusive, below: exclusive}}
  placement:
    - {{applies_to: range, disposition: ordinary, share_of_max: {share}}}
violations:
  - id: tiers
    legal_basis: {{violated: [{{instrument: L, article: 1}}], penalty: [{{instrument: L, article: 1}}]}}
    statute: s
    tiers:
      - {{id: low, when: {{fact: n, below: {MAX}}}, fine: {fine}, disposition: ordinary}}
      - {{id: high, when: {{fact: n, above: {MAX}}}, fine: {fine}}}
  - id: weights
    legal_basis: {{violated: [{{instrument: L, article: 1}}], penalty: [{{instrument: L, article: 1}}]}}
    statute: s
    weights:
      start: {MAX}
      branch: general
      factors:
        - {{id: f1, fact: k, grades: [{{when: {{is: a}}, weight: {weight}}}, {{when: {{is: b}}, weight: {weight}}}]}}
        - {{id: f2, fact: k, grades: [{{when: {{is: a}}, weight: {weight}}}, {{when: {{is: b}}, weight: -{weight}}}]}}
"
    )
}

#[test]
fn verifying_and_checking_absurd_tables_does_not_panic() {
    let fines = [
        format!("{{min: 1, max: {MAX}}}"),
        format!("{{min: {MAX}, max: {MAX}}}"),
        "{min: 0.0000000000000000000000000001, max: 1}".to_string(),
    ];
    for fine in &fines {
        for weight in [MAX, "0.0000000000000000000000000001"] {
            for share in [MAX, "2"] {
                let yaml = table(fine, weight, share);
                let b = match Benchmark::from_str("t.yaml", &yaml) {
                    Ok(b) => b,
                    Err(e) => panic!("{e}"),
                };
                let _ = b.verify();
                for x in ["0", MAX, "0.0000000000000000000000000001"] {
                    for violation in ["tiers", "weights"] {
                        let mut c = Case::new("c", violation);
                        c.facts = Facts::new().number("n", x.parse::<Decimal>().unwrap()).word("k", "b");
                        c.decision.fine = Some(x.parse().unwrap());
                        let _ = b.check(&c);
                        c.decision.fine = Some(-x.parse::<Decimal>().unwrap());
                        let _ = b.check(&c);
                    }
                }
            }
        }
    }
}

#[test]
fn absurd_amount_texts_are_errors_not_panics() {
    for text in [
        &format!("{MAX}万元"),
        &format!("{MAX}9"),
        "玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖亿",
        "亿亿亿亿亿亿亿亿亿亿亿亿",
        "玖玖玖玖玖玖玖",
        "",
    ] {
        let _ = parse_amount(text);
    }
    assert!(parse_amount(&format!("{MAX}万元")).is_err());
}
