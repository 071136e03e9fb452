//! Invariant helpers to call inside a property: each returns `Ok(())` when the invariant holds
//! for the case, a failure that explains itself when it does not, and a rejection when the case
//! cannot say (facts missing), so `?` inside `proptest!` does the right thing.

use ::proptest::test_runner::TestCaseError;
use rust_decimal::Decimal;

use crate::Benchmark;
use crate::check::{AllowedError, Case, CaseCheck};
use crate::table::{FactType, FactValue, Range};

fn fail(case: &Case, what: String) -> TestCaseError {
    TestCaseError::fail(format!("{what}\n  case: {} {} facts {:?}", case.id, case.violation, case.facts))
}

/// The facts decide exactly one level, or the table's declared resolution picks one
/// (`overlap: heavier_wins` / `first_match`): a gap or a forbidden overlap fails. A case that
/// leaves out facts the violation reads is rejected, not failed.
///
/// ```
/// use discretion::{Benchmark, check::Case, proptest::{exactly_one_level, facts}};
/// use proptest::prelude::*;
///
/// let rules = Benchmark::from_path("rules").unwrap();
/// proptest!(ProptestConfig::with_cases(64), |(f in facts(&rules, "gd-tax.60.1").unwrap())| {
///     let mut case = Case::new("P", "gd-tax.60.1");
///     case.act_ended = "2016-03-01".parse().ok();
///     case.facts = f;
///     exactly_one_level(&rules, &case)?;
/// });
/// ```
pub fn exactly_one_level(rules: &Benchmark, case: &Case) -> Result<(), TestCaseError> {
    match rules.allowed(case) {
        Ok(_) => Ok(()),
        Err(AllowedError::Undetermined { missing, .. }) if !missing.is_empty() => {
            Err(TestCaseError::reject(format!("facts not given: {}", missing.join(", "))))
        }
        Err(e) => Err(fail(case, format!("no single level: {e}"))),
    }
}

/// The fact one step heavier: a number +1 (counts, days) or +0.01, the next enum value, `false`
/// → `true`. `None` at the top of its scale or for a fact the case does not give.
fn heavier(rules: &Benchmark, fact: &str, value: &FactValue) -> Option<FactValue> {
    let declared = rules.fact(fact)?;
    match (value, &declared.fact_type) {
        (FactValue::Number(n), t) => {
            let step = if t.is_integral() { Decimal::ONE } else { Decimal::new(1, 2) };
            let up = n.checked_add(step)?;
            declared.domain.contains(up).then_some(FactValue::Number(up))
        }
        (FactValue::Word(w), FactType::Enum(values)) => {
            let i = values.iter().position(|v| v == w)?;
            values.get(i + 1).map(|v| FactValue::Word(v.clone()))
        }
        (FactValue::Flag(false), _) => Some(FactValue::Flag(true)),
        _ => None,
    }
}

/// Along an ordered fact (a number, an enum listed light → heavy, a flag), a more serious case
/// is never allowed a lower maximum: the case with `fact` one step heavier (see the source for
/// the steps) has a band whose maximum is at least the case's. Cases whose band cannot be
/// computed on either side, or whose `fact` is not given or already at its top, pass.
///
/// ```
/// use discretion::{Benchmark, check::Case, proptest::{boundary_facts, never_lower_max}};
/// use proptest::prelude::*;
///
/// let rules = Benchmark::from_path("rules").unwrap();
/// proptest!(ProptestConfig::with_cases(64), |(f in boundary_facts(&rules, "gd-tax.60.1").unwrap())| {
///     let mut case = Case::new("P", "gd-tax.60.1");
///     case.act_ended = "2016-03-01".parse().ok();
///     case.facts = f;
///     never_lower_max(&rules, &case, "days_late")?;
/// });
/// ```
pub fn never_lower_max(rules: &Benchmark, case: &Case, fact: &str) -> Result<(), TestCaseError> {
    let Some(up) = case.facts.get(fact).and_then(|v| heavier(rules, fact, v)) else { return Ok(()) };
    let mut more = case.clone();
    more.facts.set(fact, up.clone());
    let max = |c: &Case| rules.allowed(c).ok().and_then(|a| a.band).map(|b| b.max);
    match (max(case), max(&more)) {
        // An unbounded band is never "lower".
        (Some(Some(light)), Some(Some(heavy))) if heavy < light => Err(fail(
            case,
            format!("`{fact}` one step heavier ({up:?}) lowers the allowed maximum from {light} to {heavy}"),
        )),
        (Some(None), Some(Some(heavy))) => {
            Err(fail(case, format!("`{fact}` one step heavier ({up:?}) caps an unbounded band at {heavy}")))
        }
        _ => Ok(()),
    }
}

/// `allowed` and `check` give one answer: the band `allowed` reports is the band `check` judges
/// the fine against, and a fine at the band's ends (where included) or its middle is never
/// judged out of band. A case `allowed` cannot place passes (see [`exactly_one_level`]).
///
/// ```
/// use discretion::{Benchmark, proptest::{allowed_agrees_with_check, cases}};
/// use proptest::prelude::*;
///
/// let rules = Benchmark::from_path("rules").unwrap();
/// proptest!(ProptestConfig::with_cases(64), |(case in cases(&rules, "gd-env.2.7.1").unwrap())| {
///     allowed_agrees_with_check(&rules, &case)?;
/// });
/// ```
pub fn allowed_agrees_with_check(rules: &Benchmark, case: &Case) -> Result<(), TestCaseError> {
    let Ok(allowed) = rules.allowed(case) else { return Ok(()) };
    let assessed = rules.check(case);
    if assessed.band != allowed.band {
        return Err(fail(case, format!("allowed gives {:?}, check applies {:?}", allowed.band, assessed.band)));
    }
    let Some(band) = allowed.band else { return Ok(()) };
    let middle = band.min.zip(band.max).map(|(lo, hi)| ((lo + hi) / Decimal::TWO).round_dp(2));
    for fine in [band.min, band.max, middle].into_iter().flatten().filter(|x| band.contains(*x)) {
        let mut inside = case.clone();
        inside.decision.fine = Some(fine);
        let judged = rules.check(&inside);
        if judged.has(CaseCheck::BelowBand) || judged.has(CaseCheck::AboveBand) {
            return Err(fail(
                case,
                format!("a fine of {fine}, inside the allowed band {band:?}, is judged out of band"),
            ));
        }
    }
    Ok(())
}

/// Whether `inner` lies inside `outer`, ends and their inclusion considered.
fn within(inner: &Range, outer: &Range) -> bool {
    let low = match (outer.min, inner.min) {
        (None, _) => true,
        (Some(_), None) => false,
        (Some(o), Some(i)) => i > o || (i == o && (!outer.excludes_min || inner.excludes_min)),
    };
    let high = match (outer.max, inner.max) {
        (None, _) => true,
        (Some(_), None) => false,
        (Some(o), Some(i)) => i < o || (i == o && (!outer.excludes_max || inner.excludes_max)),
    };
    low && high
}

/// The table's own band for the case's facts lies inside the statutory range in force (before
/// `check` brings it inside — which it does, and says so, but a table that needs it is wrong).
///
/// ```
/// use discretion::{Benchmark, proptest::{band_inside_statute, cases}};
/// use proptest::prelude::*;
///
/// let rules = Benchmark::from_path("rules").unwrap();
/// proptest!(ProptestConfig::with_cases(64), |(case in cases(&rules, "gd-tax.60.1").unwrap())| {
///     band_inside_statute(&rules, &case)?;
/// });
/// ```
pub fn band_inside_statute(rules: &Benchmark, case: &Case) -> Result<(), TestCaseError> {
    let Ok(allowed) = rules.allowed(case) else { return Ok(()) };
    match (allowed.table_band, allowed.statutory) {
        (Some(table), Some(statute)) if !within(&table, &statute) => Err(fail(
            case,
            format!("level `{}`: the table's band {table:?} is not inside the statute's {statute:?}", allowed.level),
        )),
        _ => Ok(()),
    }
}
