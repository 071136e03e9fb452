//! The YAML writer round-trips: loading what `write_all` writes gives back the same model —
//! every table, statute, fact, unit and factor set, element for element, origins included — and
//! writing that again gives the same text. On the shipped rules (every construct they use) and
//! on generated tables of every shape.

use discretion::Benchmark;

fn same_model(a: &Benchmark, b: &Benchmark) -> Result<(), String> {
    let check = |what: &str, same: bool| if same { Ok(()) } else { Err(format!("{what} differ")) };
    check("tables", a.tables() == b.tables())?;
    check("statutes", a.statutes() == b.statutes())?;
    check("facts", a.facts() == b.facts())?;
    check("units", a.units() == b.units())?;
    check("factor sets", a.factor_sets() == b.factor_sets())
}

fn reload(rules: &Benchmark) -> (Vec<(String, String)>, Benchmark) {
    let written = rules.write_all();
    let again = Benchmark::from_sources(written.iter().map(|(n, t)| (n.as_str(), t.as_str())))
        .unwrap_or_else(|e| panic!("{e}\n{}", written.iter().map(|(n, t)| format!("# {n}\n{t}")).collect::<String>()));
    (written, again)
}

#[test]
fn the_shipped_rules_round_trip() {
    let rules = Benchmark::from_path("rules").unwrap();
    let (written, again) = reload(&rules);
    assert_eq!(written.len(), rules.source_files().len());
    if let Err(e) = same_model(&rules, &again) {
        for (a, b) in rules.tables().iter().zip(again.tables()) {
            for (x, y) in a.violations.iter().zip(&b.violations) {
                assert_eq!(x, y);
            }
            assert_eq!(a, b);
        }
        panic!("{e}");
    }
    assert_eq!(again.write_all(), written, "writing is idempotent");
    // Chinese is kept as written, not escaped.
    assert!(written.iter().any(|(_, t)| t.contains("未批先建")));
}

#[cfg(feature = "proptest")]
mod generated {
    use discretion::proptest::tables;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]
        #[test]
        fn generated_tables_round_trip(spec in tables()) {
            let rules = spec.load().map_err(|e| TestCaseError::fail(e.to_string()))?;
            let (written, again) = super::reload(&rules);
            prop_assert_eq!(super::same_model(&rules, &again), Ok(()), "{}\n----\n{}", spec.yaml(), written[0].1);
            prop_assert_eq!(again.write_all(), written);
        }
    }
}

#[test]
fn dates_quantities_and_every_band_field_round_trip() {
    let yaml = r#"discretion: 1
facts:
  - {id: d, type: date, name: {zh: 日期}}
  - {id: t, type: quantity, unit: t, min: 0.5, max: 1000}
  - {id: k, type: enum, values: [{id: a, name: {zh: 甲, en: "A: first"}}, b]}
units:
  - {id: points, name: {zh: 分}, aliases: [分]}
statutes:
  - id: s
    name: {zh: "法 \"第一条\""}
    citation: {instrument: 法, article: 1, paragraph: 2, item: 3}
    versions:
      - effective: {from: 2000-01-01, until: 2022-12-31}
        source: {name: 旧法, number: 1号}
        note: old
        branches:
          - {id: gains, when: {fact: t, more_than: 0.5}, fine: {basis: percent, of: t, min: 1, max: 5, base_floor: 2}}
          - id: general
            fine: {min: 100, less_than: 1000}
            sanctions: [warning, {kind: suspension, quantity: {min: 1, max: 3, unit: months}, note: {zh: 停业}, approval: true}]
      - effective: {from: 2023-01-01}
        branches: [{id: general, addressee: responsible_persons, fine: {max: 500}}]
table:
  id: tt
  version: "2"
  title: {zh: 表, en: "Table: one"}
  authority: {zh: 局}
  jurisdiction: CN
  currency: CNY
  effective: {from: 2020-01-01, until: 2030-12-31}
  source: {name: 来源, publication: 网站}
  boundaries: {above: inclusive, below: exclusive}
  hearing: {individual: 2000, organisation: 100000}
  languages: [zh, en]
  adjustments:
    - {id: up, when: {fact: d, at_least: 2024-01-01}, tier_up: 1, violations: [v]}
violations:
  - id: v
    name: {zh: 违法}
    aliases: [违法行为甲]
    legal_basis: {violated: [{instrument: 法, article: 1}], penalty: [{instrument: 法, article: 2}]}
    statute: s
    note: a note
    overlap: first_match
    tiers:
      - id: low
        name: {zh: 轻}
        when: {all: [{fact: d, below: 2021-06-01}, {fact: k, in: [a, b]}]}
        fine: {basis: formula, start: 100, terms: [{fact: t, from: 1, per: 0.5, add: 10, rounding: half_up}], min: 100, max: 900}
        disposition: lighter
        sanctions: {required: [{kind: confiscate_gains, when: {fact: t, at_least: 1}}], one_of: [[order_to_correct, order_to_stop]]}
        deliberation_outside: true
      - {id: high, when: {fact: t, is: 7.5}, fine: {basis: per_unit, of: t, rate: 2.5, cap: 999}, legal_ground: {instrument: 法, article: 9}}
"#;
    let rules = Benchmark::from_str("t.yaml", yaml).unwrap();
    let (written, again) = reload(&rules);
    assert_eq!(same_model(&rules, &again), Ok(()), "{}", written[0].1);
    assert!(written[0].1.contains("2021-06-01") && written[0].1.contains("2024-01-01"), "dates stay dates");
    assert_eq!(again.write_all(), written);
}
