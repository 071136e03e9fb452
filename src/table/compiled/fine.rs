//! Fine rules compiled: the money a rule gives for a case's facts, exactly.

use rust_decimal::{Decimal, RoundingStrategy};

use super::{Compiler, FactId, FactSource, Value};
use crate::table::model::{FineRule, Range, Rounding};

/// A compiled formula term: `add` per `per` units of `fact` above `from`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CTerm {
    pub fact: FactId,
    pub from: Decimal,
    pub per: Decimal,
    pub add: Decimal,
    pub rounding: Rounding,
}

/// A compiled fine rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum CFine {
    Amount(Range),
    Multiple { of: FactId, range: Range, floor: Option<Decimal> },
    Percent { of: FactId, range: Range, floor: Option<Decimal> },
    PerUnit { of: FactId, rate: Decimal, cap: Option<Decimal> },
    Formula { start: Decimal, terms: Vec<CTerm>, range: Range },
}

/// Why a rule gives no money for a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FineError {
    /// The fact is needed and not given (or not a number).
    Missing(FactId),
    /// The amount is too large to compute exactly.
    Overflow,
}

/// The money a rule gives, and the base floor if one raised the base.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Money {
    pub range: Range,
    /// `(fact, base as given, floor used)` when a base floor applied.
    pub floored: Option<(FactId, Decimal, Decimal)>,
}

fn number(facts: &impl FactSource, fact: FactId) -> Result<Decimal, FineError> {
    match facts.value(fact) {
        Some(Value::Number(n)) => Ok(n),
        _ => Err(FineError::Missing(fact)),
    }
}

fn scale(r: &Range, k: Decimal) -> Result<Range, FineError> {
    let m =
        |x: Option<Decimal>| x.map(|x| x.checked_mul(k).map(|v| v.normalize()).ok_or(FineError::Overflow)).transpose();
    Ok(Range { min: m(r.min)?, max: m(r.max)?, ..*r })
}

impl CTerm {
    /// The number of steps a case's value counts for.
    pub(crate) fn steps(&self, value: Decimal) -> Result<Decimal, FineError> {
        let above = value.checked_sub(self.from).ok_or(FineError::Overflow)?;
        if above <= Decimal::ZERO {
            return Ok(Decimal::ZERO);
        }
        let raw = above.checked_div(self.per).ok_or(FineError::Overflow)?;
        Ok(match self.rounding {
            Rounding::Down => raw.floor(),
            Rounding::Up => raw.ceil(),
            Rounding::HalfUp => raw.round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero),
        })
    }
}

impl CFine {
    /// Adds the facts the rule reads to `out`.
    pub(crate) fn facts_into(&self, out: &mut Vec<FactId>) {
        match self {
            CFine::Amount(_) => {}
            CFine::Multiple { of, .. } | CFine::Percent { of, .. } | CFine::PerUnit { of, .. } => out.push(*of),
            CFine::Formula { terms, .. } => out.extend(terms.iter().map(|t| t.fact)),
        }
    }

    /// Whether the rule raises a low base to a floor (so its money says whether it did).
    pub(crate) fn has_floor(&self) -> bool {
        matches!(self, CFine::Multiple { floor: Some(_), .. } | CFine::Percent { floor: Some(_), .. })
    }

    /// The money for a case's facts: a multiple's range times the (floored) base, a per-unit
    /// amount capped, a formula's amount kept inside its range, or the amount range itself.
    pub(crate) fn money(&self, facts: &impl FactSource) -> Result<Money, FineError> {
        let plain = |range| Ok(Money { range, floored: None });
        match self {
            CFine::Amount(r) => plain(*r),
            CFine::Multiple { of, range, floor } | CFine::Percent { of, range, floor } => {
                let given = number(facts, *of)?;
                let base = floor.map_or(given, |f| given.max(f));
                let floored = floor.filter(|f| given < *f).map(|f| (*of, given, f));
                let k = if matches!(self, CFine::Percent { .. }) {
                    base.checked_div(Decimal::ONE_HUNDRED).ok_or(FineError::Overflow)?
                } else {
                    base
                };
                Ok(Money { range: scale(range, k)?, floored })
            }
            CFine::PerUnit { of, rate, cap } => {
                let units = number(facts, *of)?;
                let total = units.checked_mul(*rate).ok_or(FineError::Overflow)?;
                plain(Range::exactly(cap.map_or(total, |c| total.min(c)).normalize()))
            }
            CFine::Formula { start, terms, range } => {
                let mut amount = *start;
                for t in terms {
                    let steps = t.steps(number(facts, t.fact)?)?;
                    let add = steps.checked_mul(t.add).ok_or(FineError::Overflow)?;
                    amount = amount.checked_add(add).ok_or(FineError::Overflow)?;
                }
                if let Some(lo) = range.min {
                    amount = amount.max(lo);
                }
                if let Some(hi) = range.max {
                    amount = amount.min(hi);
                }
                plain(Range::exactly(amount.normalize()))
            }
        }
    }
}

impl Compiler<'_> {
    pub(super) fn fine(&self, f: &FineRule) -> CFine {
        let norm = super::normalised;
        match f {
            FineRule::Amount(r) => CFine::Amount(norm(r)),
            FineRule::Multiple { of, range, base_floor } => {
                CFine::Multiple { of: self.fact(of), range: norm(range), floor: *base_floor }
            }
            FineRule::Percent { of, range, base_floor } => {
                CFine::Percent { of: self.fact(of), range: norm(range), floor: *base_floor }
            }
            FineRule::PerUnit { of, rate, cap } => CFine::PerUnit { of: self.fact(of), rate: *rate, cap: *cap },
            FineRule::Formula(formula) => CFine::Formula {
                start: formula.start,
                terms: formula
                    .terms
                    .iter()
                    .map(|t| CTerm {
                        fact: self.fact(&t.fact),
                        from: t.from,
                        per: t.per,
                        add: t.add,
                        rounding: t.rounding,
                    })
                    .collect(),
                range: norm(&formula.range),
            },
        }
    }
}
