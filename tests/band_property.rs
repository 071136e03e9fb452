//! One band everywhere, as a property: over generated tables (tiers on a count and an enum,
//! bands inside, across and outside two statute versions, adjustments of every kind) and
//! generated cases, the band `allowed` reports is exactly the band `check` judges the fine
//! against, and `allowed` fails exactly when `check` cannot decide a band.

use discretion::Benchmark;
use discretion::check::{Case, Verdict};
use discretion::table::Facts;
use proptest::prelude::*;

/// A generated band: an amount range or a multiple of the base, each end possibly excluded.
#[derive(Debug, Clone)]
enum GenBand {
    Amount { lo: u32, width: u32, open_top: bool },
    Multiple { lo: u32, width: u32 },
    AtMost(u32),
}

impl GenBand {
    fn yaml(&self) -> String {
        match self {
            GenBand::Amount { lo, width, open_top: false } => format!("{{min: {lo}, max: {}}}", lo + width),
            GenBand::Amount { lo, width, open_top: true } => format!("{{min: {lo}, less_than: {}}}", lo + width + 1),
            GenBand::Multiple { lo, width } => format!("{{basis: multiple, of: x, min: {lo}, max: {}}}", lo + width),
            GenBand::AtMost(hi) => format!("{{max: {hi}}}"),
        }
    }
}

fn band() -> impl Strategy<Value = GenBand> {
    prop_oneof![
        (0u32..3000, 0u32..2000, any::<bool>()).prop_map(|(lo, width, open_top)| GenBand::Amount {
            lo,
            width,
            open_top
        }),
        (1u32..4, 0u32..3).prop_map(|(lo, width)| GenBand::Multiple { lo, width }),
        (1u32..3000).prop_map(GenBand::AtMost),
    ]
}

#[derive(Debug, Clone)]
struct Tier {
    lo: u32,
    hi: u32,
    band: GenBand,
}

#[derive(Debug, Clone)]
struct Table {
    overlap: &'static str,
    tiers: Vec<Tier>,
    statute: [(u32, u32); 2],
    adjustments: Vec<String>,
}

fn table() -> impl Strategy<Value = Table> {
    let tier = (0u32..15, 0u32..10, band()).prop_map(|(lo, span, band)| Tier { lo, hi: lo + span, band });
    let adjustment = prop_oneof![
        Just("{id: a1, when: {fact: k, is: b}, place: {min: 0, max: 0.5}}".to_string()),
        Just("{id: a2, when: {fact: k, is: c}, place: {min: 1, max: 1}}".to_string()),
        Just("{id: a3, when: {fact: k, is: c}, reduce: {min: 30, max: 50}}".to_string()),
        Just("{id: a4, when: {fact: n, at_least: 10}, tier_up: 1}".to_string()),
        Just("{id: a5, when: {fact: circumstances, is: lighter}, place: {min: 0, less_than: 0.5}}".to_string()),
    ];
    (
        prop_oneof![Just("forbidden"), Just("heavier_wins"), Just("first_match")],
        prop::collection::vec(tier, 1..5),
        [(0u32..1500, 0u32..3000), (0u32..1500, 0u32..3000)],
        prop::collection::btree_set(adjustment, 0..4),
    )
        .prop_map(|(overlap, tiers, statute, adjustments)| Table {
            overlap,
            tiers,
            statute,
            adjustments: adjustments.into_iter().collect(),
        })
}

impl Table {
    fn yaml(&self) -> String {
        let mut s = String::from(
            "discretion: 1\nfacts:\n  - {id: n, type: count}\n  - {id: k, type: enum, values: [a, b, c]}\n  - {id: x, type: amount}\n",
        );
        s.push_str("statutes:\n  - id: s\n    citation: {instrument: 法, article: 1}\n    versions:\n");
        let [(lo1, w1), (lo2, w2)] = self.statute;
        s.push_str(&format!(
            "      - effective: {{from: 2020-01-01, until: 2022-12-31}}\n        branches: [{{id: general, fine: {{min: {lo1}, max: {}}}}}]\n",
            lo1 + w1
        ));
        s.push_str(&format!(
            "      - effective: {{from: 2023-01-01}}\n        branches: [{{id: general, fine: {{min: {lo2}, max: {}}}}}]\n",
            lo2 + w2
        ));
        s.push_str("table:\n  id: t\n  title: {zh: 表}\n  authority: {zh: 局}\n  jurisdiction: CN\n  currency: CNY\n");
        s.push_str("  effective: {from: 2020-01-01}\n  source: {name: 表}\n  boundaries: {above: inclusive, below: exclusive}\n");
        if !self.adjustments.is_empty() {
            s.push_str("  adjustments:\n");
            for a in &self.adjustments {
                s.push_str(&format!("    - {a}\n"));
            }
        }
        s.push_str("violations:\n  - id: v\n    legal_basis: {violated: [{instrument: 法, article: 1}], penalty: [{instrument: 法, article: 1}]}\n");
        s.push_str(&format!("    statute: s\n    overlap: {}\n    tiers:\n", self.overlap));
        for (i, t) in self.tiers.iter().enumerate() {
            s.push_str(&format!(
                "      - {{id: t{i}, when: {{fact: n, at_least: {}, at_most: {}}}, fine: {}}}\n",
                t.lo,
                t.hi,
                t.band.yaml()
            ));
        }
        s
    }
}

fn case() -> impl Strategy<Value = Case> {
    (
        0u32..25,
        prop_oneof![Just("a"), Just("b"), Just("c")],
        0u32..5000,
        prop_oneof![Just("2021-06-01"), Just("2022-12-31"), Just("2023-01-01"), Just("2024-03-01")],
        prop_oneof![Just(None), Just(Some("2023-06-01")), Just(Some("2021-01-01"))],
        0u32..8000,
        prop_oneof![Just(None), Just(Some("lighter")), Just(Some("heavier"))],
    )
        .prop_map(|(n, k, x, act, decided, fine, disposition)| {
            let mut c = Case::new("P", "v");
            c.facts = Facts::new().number("n", n).word("k", k).number("x", x);
            c.act_ended = act.parse().ok();
            c.decided = decided.and_then(|d| d.parse().ok());
            c.decision.fine = Some(fine.into());
            c.factors = Some(Vec::new());
            c.claimed_disposition = disposition.and_then(discretion::table::Disposition::from_name_str);
            c
        })
}

/// `from_name` through the trait, for the generator above.
trait FromNameStr: Sized {
    fn from_name_str(s: &str) -> Option<Self>;
}

impl FromNameStr for discretion::table::Disposition {
    fn from_name_str(s: &str) -> Option<Self> {
        <Self as discretion::table::Named>::from_name(s)
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn allowed_reports_exactly_the_band_check_applies(t in table(), c in case()) {
        let rules = Benchmark::from_str("t.yaml", &t.yaml()).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let assessed = rules.check(&c);
        match rules.allowed(&c) {
            Ok(a) => {
                prop_assert_eq!(a.band, assessed.band, "{}", t.yaml());
                prop_assert_eq!(a.statutory, assessed.statutory);
                prop_assert_eq!(Some(a.level.clone()), assessed.level_name().map(|l| l.into_owned()));
            }
            Err(_) => {
                prop_assert!(assessed.band.is_none() && assessed.level.is_none(), "{:?}", assessed.findings);
                prop_assert!(assessed.verdict != Verdict::Compliant);
            }
        }
        // A fine inside the band `allowed` reports is never judged outside it.
        if let Ok(a) = rules.allowed(&c) && let Some(b) = a.band && let Some(x) = b.min.filter(|m| b.contains(*m)) {
            let mut inside = c.clone();
            inside.decision.fine = Some(x);
            let judged = rules.check(&inside);
            prop_assert!(!judged.has(discretion::check::CaseCheck::BelowBand) && !judged.has(discretion::check::CaseCheck::AboveBand));
        }
    }
}
