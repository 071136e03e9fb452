//! The loader, verification and `check` on tables of every shape, drawn structure-aware: the
//! fuzzer mutates a `TableSpec` (tiers, matrices, weight models, per-unit, multiple and formula
//! bands, statute versions and branches, adjustments, no-penalty lists) rather than bytes, so
//! it explores tables that load. On each: `verify` must finish, and `allowed` and `check` must
//! give one band.
#![no_main]

use arbitrary::Arbitrary;
use discretion::check::{Case, Party};
use discretion::proptest::TableSpec;
use discretion::table::Facts;
use discretion::Date;
use libfuzzer_sys::fuzz_target;

#[derive(Debug, Arbitrary)]
struct Input {
    table: TableSpec,
    cases: Vec<(u8, u16, u32, u8, bool, u32, u16)>,
}

fuzz_target!(|input: Input| {
    let Ok(rules) = input.table.load() else { return };
    let _ = rules.verify();
    for (v, n, x, k, f, fine, day) in input.cases.into_iter().take(16) {
        let id = format!("v{}", usize::from(v) % input.table.violations.len().max(1));
        let mut case = Case::new("F", &id);
        case.party = Some(Party::Organisation);
        case.act_ended = Date::new(2020, 1, 1).ok().and_then(|d| d.add_days(u32::from(day) % 5000));
        case.facts = Facts::new().number("n", n).number("x", x).word("k", ["a", "b", "c", "d"][usize::from(k % 4)]).flag("f", f);
        case.factors = Some(Vec::new());
        case.decision.fine = Some(fine.into());
        let assessed = rules.check(&case);
        if let Ok(allowed) = rules.allowed(&case) {
            assert_eq!(allowed.band, assessed.band, "{}", input.table.yaml());
        }
    }
});
