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
