//! Absurd numbers — at the edge of what a Decimal holds, negative where nothing should be —
//! give answers or errors, never a panic, in loading, verifying and checking. The hand-picked
//! values of the first two tests are kept as regressions; the properties after them range over
//! the whole `Decimal` domain (every mantissa, every scale, both signs).

use discretion::Benchmark;
use discretion::check::{Case, parse_amount};
use discretion::table::Facts;
use rust_decimal::Decimal;

const MAX: &str = "79228162514264337593543950335";

fn table(fine: &str, weight: &str, share: &str) -> String {
    table_with(fine, fine, weight, share, MAX)
}

/// The template: tiers `low` (below `edge`, `fine`) and `high` (from `edge`, `high`), and a
/// weight model whose weights are `weight`.
fn table_with(fine: &str, high: &str, weight: &str, share: &str, edge: &str) -> String {
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
      - {{id: low, when: {{fact: n, below: {edge}}}, fine: {fine}, disposition: ordinary}}
      - {{id: high, when: {{fact: n, above: {edge}}}, fine: {high}}}
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

mod properties {
    use discretion::Benchmark;
    use discretion::check::{Case, parse_amount};
    use discretion::table::{Facts, format_amount};
    use proptest::prelude::*;
    use rust_decimal::Decimal;

    /// Any Decimal: every 96-bit mantissa, every scale 0–28, both signs.
    fn decimal() -> impl Strategy<Value = Decimal> {
        (any::<u32>(), any::<u32>(), any::<u32>(), any::<bool>(), 0u32..=28)
            .prop_map(|(lo, mid, hi, negative, scale)| Decimal::from_parts(lo, mid, hi, negative, scale))
    }

    /// Amounts as they occur: most with few digits, some at the edge.
    fn amount() -> impl Strategy<Value = Decimal> {
        prop_oneof![
            (0u64..10_000_000_000, 0u32..=2).prop_map(|(m, s)| Decimal::new(m as i64, s)),
            decimal().prop_map(|d| d.abs()),
        ]
    }

    const DIGITS: [char; 10] = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];

    /// Up to 9999 in capital numerals (a 零 for each run of zeros inside).
    fn capital_group(n: u64) -> String {
        let mut out = String::new();
        let mut zero = false;
        for (d, unit) in [(n / 1000, "仟"), (n / 100 % 10, "佰"), (n / 10 % 10, "拾"), (n % 10, "")] {
            if d == 0 {
                zero = !out.is_empty();
                continue;
            }
            if zero {
                out.push('零');
                zero = false;
            }
            out.push(DIGITS[d as usize]);
            out.push_str(unit);
        }
        out
    }

    /// An amount below a trillion yuan as a cheque writes it: 人民币伍仟元整, …角…分.
    fn capital(yuan: u64, cents: u64) -> String {
        let (yi, wan, rest) = (yuan / 100_000_000, yuan / 10_000 % 10_000, yuan % 10_000);
        let mut s = String::from("人民币");
        if yi > 0 {
            s += &capital_group(yi);
            s.push('亿');
        }
        if wan > 0 {
            if yi > 0 && wan < 1000 {
                s.push('零');
            }
            s += &capital_group(wan);
            s.push('万');
        }
        if rest > 0 {
            // A skipped section (no 万 between 亿 and the rest) or a leading zero digit needs 零.
            if (yi > 0 && wan == 0) || ((yi > 0 || wan > 0) && rest < 1000) {
                s.push('零');
            }
            s += &capital_group(rest);
        }
        if yuan == 0 {
            s.push('零');
        }
        s.push('元');
        match (cents / 10, cents % 10) {
            (0, 0) => s.push('整'),
            (j, 0) => {
                s.push(DIGITS[j as usize]);
                s.push('角');
            }
            (j, f) => {
                if j > 0 {
                    s.push(DIGITS[j as usize]);
                    s.push('角');
                } else {
                    s.push('零');
                }
                s.push(DIGITS[f as usize]);
                s.push('分');
            }
        }
        s
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// What `format_amount` writes (`5,000.00` style), `parse_amount` reads back exactly;
        /// the plain digits too.
        #[test]
        fn formatted_amounts_read_back(d in amount()) {
            prop_assert_eq!(parse_amount(&format_amount(d)).unwrap(), d);
            prop_assert_eq!(parse_amount(&d.to_string()).unwrap(), d);
            prop_assert_eq!(parse_amount(&format!("{}元", format_amount(d))).unwrap(), d);
        }

        /// `0.5万元`: an amount in ten-thousands reads back as the same yuan, or is refused
        /// (too many digits) — never a different number.
        #[test]
        fn wan_yuan_reads_back_or_is_refused(d in amount()) {
            let wan = d / Decimal::from(10_000);
            prop_assume!(wan * Decimal::from(10_000) == d);
            if let Ok(read) = parse_amount(&format!("{}万元", wan.normalize())) {
                prop_assert_eq!(read, d);
            }
        }

        /// Capital numerals as cheques and decisions write them (人民币伍仟元整).
        #[test]
        fn capital_numerals_read_back(yuan in 0u64..1_000_000_000_000, cents in 0u64..100) {
            let d = Decimal::from(yuan) + Decimal::new(cents as i64, 2);
            let text = capital(yuan, cents);
            prop_assert_eq!(parse_amount(&text).map_err(|e| e.to_string()), Ok(d), "{}", text);
        }

        /// Negative amounts are refused, never read as something else.
        #[test]
        fn negative_amounts_are_refused(d in decimal()) {
            prop_assume!(!d.is_zero());
            let d = -d.abs();
            prop_assert!(parse_amount(&d.to_string()).is_err());
            prop_assert!(parse_amount(&format_amount(d)).is_err());
        }

        /// Any text of digits, separators and units is read or refused without a panic, and
        /// what is read is never negative.
        #[test]
        fn any_amount_text_is_read_or_refused(text in "[-0-9,.万元亿角分整零壹贰叁肆伍陆柒捌玖拾佰仟人民币¥ ]{0,40}") {
            if let Ok(d) = parse_amount(&text) {
                prop_assert!(!d.is_sign_negative() || d.is_zero(), "{} → {}", text, d);
            }
        }
    }

    fn table(min: Decimal, max: Decimal, edge: Decimal, weight: Decimal) -> String {
        super::table_with(
            &format!("{{min: {min}, max: {max}}}"),
            &format!("{{basis: per_unit, of: n, rate: {weight}, cap: {max}}}"),
            &weight.to_string(),
            "2",
            &edge.to_string(),
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        /// Tables and cases with any Decimal anywhere load or are refused, and what loads
        /// verifies and checks without a panic.
        #[test]
        fn any_decimal_in_a_table_or_a_case_never_panics(
            min in decimal(), max in decimal(), edge in decimal(), weight in decimal(),
            n in decimal(), fine in decimal(),
        ) {
            let Ok(rules) = Benchmark::from_str("t.yaml", &table(min, max, edge, weight)) else { return Ok(()) };
            let _ = rules.verify();
            for violation in ["tiers", "weights"] {
                let mut case = Case::new("c", violation);
                case.act_ended = "2022-01-01".parse().ok();
                case.facts = Facts::new().number("n", n).word("k", "b");
                case.decision.fine = Some(fine);
                let _ = rules.check(&case);
                let _ = rules.allowed(&case);
            }
        }
    }
}

/// A case built in a program may carry any fine, here with a factor that requires mitigation
/// cited and no disposition: where the fine sits against the band's middle is computed with
/// checked arithmetic (an embedder's review saw an unchecked `(x − lo) × 2` there), and the
/// fine far above the band still calls for the mitigation it ignores.
#[test]
fn a_fine_at_the_edge_of_decimal_with_a_mitigating_factor_does_not_panic() {
    use discretion::Date;
    use discretion::check::{CaseCheck, Party};
    let rules = Benchmark::from_path("rules").unwrap();
    for fine in [Decimal::MAX, Decimal::MIN, Decimal::MAX / Decimal::TWO] {
        let mut case = Case::new("A-1", "gd-tax.60.1");
        case.party = Some(Party::Individual);
        case.act_ended = Date::new(2016, 3, 1).ok();
        case.facts =
            Facts::new().number("days_late", 17).flag("serious", false).flag("corrected_before_discovery", false);
        case.factors = Some(vec!["apl.age-14-to-18".into()]);
        case.decision.fine = Some(fine);
        let a = rules.check(&case);
        let _ = a.messages(discretion::table::Lang::Zh).count();
        if fine.is_sign_positive() {
            assert!(a.has(CaseCheck::MandatoryMitigationIgnored), "{:?}", a.findings);
        }
    }
}
