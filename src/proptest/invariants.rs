//! Invariant helpers to call inside a property: each returns `Ok(())` when the invariant holds
//! for the case, a failure that explains itself when it does not, and a rejection when the case
//! cannot say (facts missing), so `?` inside `proptest!` does the right thing.

use ::proptest::test_runner::TestCaseError;
use rust_decimal::Decimal;

use crate::Benchmark;
use crate::check::{Allowed, AllowedError, Case, CaseCheck};
use crate::table::{FactType, FactValue, Lang, Range, did_you_mean, format_range};

fn fail(case: &Case, what: String) -> TestCaseError {
    let facts: Vec<String> = case.facts.iter().map(|(id, v)| format!("{id} = {}", value(v))).collect();
    let act = case.act_ended.map(|d| format!(", act ended {d}")).unwrap_or_default();
    TestCaseError::fail(format!("{what}\n  case: {}{act}; facts {}", case.violation, facts.join(", ")))
}

/// A fact's value as a table writes it.
fn value(v: &FactValue) -> String {
    match v {
        FactValue::Number(n) => n.to_string(),
        FactValue::Flag(b) => b.to_string(),
        FactValue::Word(w) => w.clone(),
        FactValue::Date(d) => d.to_string(),
    }
}

/// A band as `lint` writes it: `10,000 to under 30,000`.
fn band(r: &Range) -> String {
    format_range(r, Lang::En)
}

/// What `allowed` gives the case; a case leaving out facts the violation reads is rejected,
/// and one it cannot place otherwise — a table not in force on the act's date, a gap, an
/// unknown violation — fails, saying why: a property never passes a case it could not judge
/// (a test whose dates fell out of force passed everything).
/// `why` says the failure from `allowed`'s error.
fn placed<'r>(
    rules: &'r Benchmark,
    case: &Case,
    why: impl FnOnce(&AllowedError) -> String,
) -> Result<Allowed<'r>, TestCaseError> {
    match rules.allowed(case) {
        Ok(a) => Ok(a),
        Err(AllowedError::Undetermined { missing, .. }) if !missing.is_empty() => {
            Err(TestCaseError::reject(format!("facts not given: {}", missing.join(", "))))
        }
        Err(e) => Err(fail(case, why(&e))),
    }
}

/// [`placed`]'s failure for a case that should have a band.
fn no_band(e: &AllowedError) -> String {
    format!("the case has no band: {e}")
}

/// The facts decide exactly one level, or the table's declared resolution picks one
/// (`overlap: heavier_wins` / `first_match`): a gap or a forbidden overlap fails. A case that
/// leaves out facts the violation reads is rejected, not failed.
///
/// ```
/// use discretion::{Benchmark, check::Case, proptest::{exactly_one_level, facts}};
/// use proptest::prelude::*;
///
/// let rules = Benchmark::from_path(concat!(env!("CARGO_MANIFEST_DIR"), "/rules")).unwrap();
/// proptest!(ProptestConfig::with_cases(64), |(f in facts(&rules, "gd-tax.60.1").unwrap())| {
///     let mut case = Case::new("P", "gd-tax.60.1");
///     case.act_ended = "2016-03-01".parse().ok();
///     case.facts = f;
///     exactly_one_level(&rules, &case)?;
/// });
/// ```
pub fn exactly_one_level(rules: &Benchmark, case: &Case) -> Result<(), TestCaseError> {
    placed(rules, case, |e| format!("no single level: {e}")).map(|_| ())
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
/// is never allowed a lower maximum: the case with `fact` one step heavier — a count or days
/// +1, an amount or quantity +0.01, the next enum value, `false` → `true` — may pay at least as
/// much as the case, compared to the fen (`max: 100000` then `less_than: 100000` is a fen
/// lower), and a heavier level with no fine where the lighter one has a band fails. A case
/// already at the top of `fact`'s scale (or a date fact, not stepped) passes once it is placed.
///
/// A `fact` the rules do not declare fails (a misspelt name would otherwise test nothing); a
/// case that does not give it, or leaves out other facts the violation reads, is rejected; a
/// case either side that `allowed` cannot place (no table in force on its date, a gap) fails.
///
/// ```
/// use discretion::{Benchmark, check::Case, proptest::{boundary_facts, never_lower_max}};
/// use proptest::prelude::*;
///
/// let rules = Benchmark::from_path(concat!(env!("CARGO_MANIFEST_DIR"), "/rules")).unwrap();
/// proptest!(ProptestConfig::with_cases(64), |(f in boundary_facts(&rules, "gd-tax.60.1").unwrap())| {
///     let mut case = Case::new("P", "gd-tax.60.1");
///     case.act_ended = "2016-03-01".parse().ok();
///     case.facts = f;
///     never_lower_max(&rules, &case, "days_late")?;
/// });
/// ```
pub fn never_lower_max(rules: &Benchmark, case: &Case, fact: &str) -> Result<(), TestCaseError> {
    if rules.fact(fact).is_none() {
        let near = did_you_mean(fact, rules.facts().iter().map(|f| f.id.as_str()));
        let hint = near.map(|n| format!("; did you mean `{n}`?")).unwrap_or_default();
        return Err(fail(case, format!("`{fact}` is not a fact of the rules{hint}")));
    }
    let Some(given) = case.facts.get(fact) else {
        return Err(TestCaseError::reject(format!("the case does not give `{fact}`")));
    };
    // Placed first: a case at the top of the scale passes only if it could be judged at all.
    let light = placed(rules, case, no_band)?;
    let Some(up) = heavier(rules, fact, given) else { return Ok(()) };
    let mut more = case.clone();
    more.facts.set(fact, up.clone());
    let heavy = placed(rules, &more, |e| {
        format!("the case with `{fact}` = {} (one step heavier) has no band: {e}", value(&up))
    })?;
    let moved = format!(
        "`{fact}` one step heavier ({} → {}) moves the case from level `{}`",
        value(given),
        value(&up),
        light.level
    );
    match (&light.band, &heavy.band) {
        // A heavier case without a fine where the lighter one has a band may pay less.
        (Some(l), None) => Err(fail(case, format!("{moved} ({}) to `{}`, which has no fine", band(l), heavy.level))),
        (Some(l), Some(h)) => {
            let moved = format!("{moved} ({}) to `{}` ({})", band(l), heavy.level, band(h));
            match (l.payable_ends().1, h.payable_ends().1) {
                // An unbounded band is never "lower".
                (Some(lo), Some(hi)) if hi < lo => {
                    Err(fail(case, format!("{moved}, which lowers the most it may pay from {lo} to {hi}")))
                }
                (None, Some(_)) => Err(fail(case, format!("{moved}, which caps an unbounded band"))),
                _ => Ok(()),
            }
        }
        _ => Ok(()),
    }
}

/// `allowed` and `check` give one answer: the band `allowed` reports is the band `check` judges
/// the fine against, and a fine at the band's ends (where included) or its middle is never
/// judged out of band. A case `allowed` cannot place fails, saying why (as
/// [`exactly_one_level`] does); one leaving out facts is rejected.
///
/// ```
/// use discretion::{Benchmark, proptest::{allowed_agrees_with_check, cases}};
/// use proptest::prelude::*;
///
/// let rules = Benchmark::from_path(concat!(env!("CARGO_MANIFEST_DIR"), "/rules")).unwrap();
/// proptest!(ProptestConfig::with_cases(64), |(case in cases(&rules, "gd-env.2.7.1").unwrap())| {
///     allowed_agrees_with_check(&rules, &case)?;
/// });
/// ```
pub fn allowed_agrees_with_check(rules: &Benchmark, case: &Case) -> Result<(), TestCaseError> {
    let allowed = placed(rules, case, no_band)?;
    let assessed = rules.check(case);
    if assessed.band != allowed.band {
        let show = |b: &Option<Range>| b.as_ref().map_or("no band".to_string(), band);
        return Err(fail(
            case,
            format!("allowed gives {}, check applies {}", show(&allowed.band), show(&assessed.band)),
        ));
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
                format!("a fine of {fine}, inside the allowed band {}, is judged out of band", self::band(&band)),
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
/// A case `allowed` cannot place fails, saying why; one leaving out facts is rejected.
///
/// ```
/// use discretion::{Benchmark, proptest::{band_inside_statute, cases}};
/// use proptest::prelude::*;
///
/// let rules = Benchmark::from_path(concat!(env!("CARGO_MANIFEST_DIR"), "/rules")).unwrap();
/// proptest!(ProptestConfig::with_cases(64), |(case in cases(&rules, "gd-tax.60.1").unwrap())| {
///     band_inside_statute(&rules, &case)?;
/// });
/// ```
pub fn band_inside_statute(rules: &Benchmark, case: &Case) -> Result<(), TestCaseError> {
    let allowed = placed(rules, case, no_band)?;
    match (allowed.table_band, allowed.statutory) {
        (Some(table), Some(statute)) if !within(&table, &statute) => Err(fail(
            case,
            format!(
                "level `{}`: the table's band {} is not inside the statute's {} (lint D001)",
                allowed.level,
                band(&table),
                band(&statute)
            ),
        )),
        _ => Ok(()),
    }
}
