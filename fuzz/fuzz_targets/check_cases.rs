//! `check` and `allowed` on the shipped tables with arbitrary cases: any violation id, any facts
//! (declared or not, of any type), any dates and any fine, including absurd amounts. Nothing may
//! panic, and the two must agree on the band.
#![no_main]

use std::sync::OnceLock;

use arbitrary::Arbitrary;
use discretion::check::{Case, Party};
use discretion::table::{FactValue, Facts};
use discretion::{Benchmark, Date, Decimal};
use libfuzzer_sys::fuzz_target;

fn rules() -> &'static (Benchmark, Vec<String>, Vec<String>) {
    static RULES: OnceLock<(Benchmark, Vec<String>, Vec<String>)> = OnceLock::new();
    RULES.get_or_init(|| {
        let rules = Benchmark::shipped().unwrap_or_else(|e| panic!("the shipped rules load: {e}"));
        let violations = rules.tables().iter().flat_map(|t| &t.violations).map(|v| v.id.clone()).collect();
        let facts = rules.facts().iter().map(|f| f.id.clone()).collect();
        (rules, violations, facts)
    })
}

#[derive(Debug, Arbitrary)]
enum Fact {
    Number(i64, u8),
    Word(String),
    Pick(u8),
    Flag(bool),
    Day(i32),
}

#[derive(Debug, Arbitrary)]
struct Input {
    violation: u16,
    odd_violation: Option<String>,
    facts: Vec<(u16, Fact)>,
    act: Option<i32>,
    decided: Option<i32>,
    discovered: Option<i32>,
    fine: Option<(i64, u8)>,
    organisation: Option<bool>,
    factors: Option<Vec<String>>,
    claimed_level: Option<String>,
}

fn day(d: i32) -> Option<Date> {
    Date::from_day_number(i64::from(d))
}

fuzz_target!(|input: Input| {
    let (rules, violations, facts) = rules();
    let id = input
        .odd_violation
        .unwrap_or_else(|| violations.get(usize::from(input.violation) % violations.len().max(1)).cloned().unwrap_or_default());
    let mut case = Case::new("F", &id);
    let mut f = Facts::new();
    for (which, value) in input.facts.into_iter().take(32) {
        let Some(name) = facts.get(usize::from(which) % facts.len().max(1)) else { continue };
        let value = match value {
            Fact::Number(m, s) => FactValue::Number(Decimal::try_from_i128_with_scale(i128::from(m), u32::from(s % 29)).unwrap_or_default()),
            Fact::Word(w) => FactValue::Word(w),
            Fact::Pick(i) => match rules.fact(name).map(|f| &f.fact_type) {
                Some(discretion::table::FactType::Enum(vs)) => FactValue::Word(vs.get(usize::from(i) % vs.len().max(1)).cloned().unwrap_or_default()),
                _ => FactValue::Number(i.into()),
            },
            Fact::Flag(b) => FactValue::Flag(b),
            Fact::Day(d) => match day(d) {
                Some(d) => FactValue::Date(d),
                None => continue,
            },
        };
        f.set(name.clone(), value);
    }
    case.facts = f;
    case.act_ended = input.act.and_then(day);
    case.decided = input.decided.and_then(day);
    case.discovered = input.discovered.and_then(day);
    case.party = input.organisation.map(|o| if o { Party::Organisation } else { Party::Individual });
    case.factors = input.factors;
    case.claimed_level = input.claimed_level;
    case.decision.fine = input.fine.map(|(m, s)| Decimal::try_from_i128_with_scale(i128::from(m), u32::from(s % 29)).unwrap_or_default());
    let assessed = rules.check(&case);
    let _ = assessed.messages(discretion::table::Lang::Zh).count();
    if let Ok(allowed) = rules.allowed(&case) {
        assert_eq!(allowed.band, assessed.band);
    }
});
