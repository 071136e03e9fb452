//! Computing what a table allows for given facts: the statutory branch, the benchmark's
//! level or cell, the weight model's amount, and fines in money. Pure and exact.

use rust_decimal::Decimal;

use super::facts::{Facts, Truth};
use super::model::*;

/// Why an amount or band could not be computed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum EvalError {
    /// A fact needed to decide is missing from the case.
    #[error("fact `{0}` is needed and not given")]
    MissingFact(String),
    /// The amount overflows exact decimal arithmetic.
    #[error("the amount is too large to compute exactly")]
    Overflow,
    /// No tier, cell or branch matches the facts.
    #[error("no {0} matches the facts")]
    NoMatch(&'static str),
    /// No statute version is in force on the date.
    #[error("no version of the statute is in force on {0}")]
    NoStatuteVersion(crate::Date),
}

/// A fine range in money for one case: both ends known, or open above/below.
pub type MoneyRange = Range;

fn pct(d: Decimal) -> Option<Decimal> {
    d.checked_div(Decimal::ONE_HUNDRED)
}

impl FineRule {
    /// The fine in money for `facts`: a multiple's range times the (floored) base, a per-unit
    /// amount capped, or the amount range itself.
    ///
    /// ```
    /// use discretion::table::{FineRule, Facts, Range};
    /// use rust_decimal::Decimal;
    /// let per_day = FineRule::PerUnit { of: "days_late".into(), rate: Decimal::from(20), cap: Some(Decimal::from(2000)) };
    /// let r = per_day.money(&Facts::new().number("days_late", 17)).unwrap();
    /// assert_eq!(r, Range::exactly(Decimal::from(340)));
    /// ```
    pub fn money(&self, facts: &Facts) -> Result<MoneyRange, EvalError> {
        let base_of = |of: &str, floor: Option<Decimal>| -> Result<Decimal, EvalError> {
            let b = facts.get_number(of).ok_or_else(|| EvalError::MissingFact(of.to_string()))?;
            Ok(floor.map_or(b, |f| b.max(f)))
        };
        let scale = |r: &Range, k: Decimal| -> Result<Range, EvalError> {
            let m = |x: Option<Decimal>| x.map(|x| x.checked_mul(k).ok_or(EvalError::Overflow)).transpose();
            Ok(Range { min: m(r.min)?, max: m(r.max)? })
        };
        match self {
            FineRule::Amount(r) => Ok(*r),
            FineRule::Multiple { of, range, base_floor } => scale(range, base_of(of, *base_floor)?),
            FineRule::Percent { of, range, base_floor } => {
                let base = base_of(of, *base_floor)?;
                scale(range, pct(base).ok_or(EvalError::Overflow)?)
            }
            FineRule::PerUnit { of, rate, cap } => {
                let units = base_of(of, None)?;
                let total = units.checked_mul(*rate).ok_or(EvalError::Overflow)?;
                Ok(Range::exactly(cap.map_or(total, |c| total.min(c))))
            }
        }
    }
}

impl StatuteVersion {
    /// The branch that applies to `facts`: the first conditional branch whose condition holds,
    /// else the unconditional one.
    pub fn branch_for(&self, facts: &Facts) -> Result<&StatuteBranch, EvalError> {
        for b in &self.branches {
            if let Some(c) = &b.when {
                match c.eval(facts) {
                    Truth::True => return Ok(b),
                    Truth::Unknown(f) => return Err(EvalError::MissingFact(f.to_string())),
                    Truth::False => {}
                }
            }
        }
        self.branches.iter().find(|b| b.when.is_none()).ok_or(EvalError::NoMatch("statute branch"))
    }

    /// The branch by id.
    pub fn branch(&self, id: &str) -> Option<&StatuteBranch> {
        self.branches.iter().find(|b| b.id == id)
    }
}

/// How a weight model arrived at its amount.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WeightOutcome {
    /// Starting point plus the weights, in percent, before floor and cap.
    pub sum: Decimal,
    /// After floor and cap.
    pub applied: Decimal,
    /// The factor ids and the weight each contributed.
    pub contributions: Vec<(String, Decimal)>,
    /// The statutory maximum the percentage was applied to.
    pub statutory_max: Decimal,
    /// The fine.
    pub amount: Decimal,
}

impl WeightModel {
    /// Computes the fine: clamp(start + Σ weights, floor, cap) % × `statutory_max`.
    pub fn evaluate(&self, facts: &Facts, statutory_max: Decimal) -> Result<WeightOutcome, EvalError> {
        let mut sum = self.start;
        let mut contributions = Vec::new();
        for f in &self.factors {
            let mut found = None;
            for g in &f.grades {
                match g.when.eval(facts) {
                    Truth::True => {
                        found = Some(g.weight);
                        break;
                    }
                    Truth::Unknown(fact) => return Err(EvalError::MissingFact(fact.to_string())),
                    Truth::False => {}
                }
            }
            let w = found.ok_or(EvalError::NoMatch("weight grade"))?;
            sum = sum.checked_add(w).ok_or(EvalError::Overflow)?;
            contributions.push((f.id.clone(), w));
        }
        let mut applied = sum.min(self.cap);
        if let Some(floor) = self.floor {
            applied = applied.max(floor);
        }
        let amount = pct(applied).and_then(|p| p.checked_mul(statutory_max)).ok_or(EvalError::Overflow)?;
        Ok(WeightOutcome { sum, applied, contributions, statutory_max, amount: amount.normalize() })
    }
}

/// The band a benchmark gives for some facts, and how it was chosen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selected<'a> {
    /// The band (for a weight model: its sanctions and disposition).
    pub band: &'a Band,
    /// The fine in money for these facts.
    pub fine: Option<MoneyRange>,
    /// Which tier or cell (`tiers[2]`, `cell [report, general]`, `weights`).
    pub level: String,
    /// The weight computation, for weight models.
    pub weights: Option<WeightOutcome>,
}

impl Violation {
    /// Selects the band for `facts`, given the statute version that applies. Tiers: the
    /// heaviest matching tier (the first if overlaps are forbidden); matrix: the cell of the
    /// grades the facts fall in; weights: the computed amount.
    ///
    /// ```
    /// use discretion::{Benchmark, Date, table::Facts};
    /// let b = Benchmark::from_rules_dir("rules").unwrap();
    /// let (_, v) = b.violation("gd-env.3.2.1").unwrap();
    /// let version = b.statute(&v.statute).unwrap().version_at(Date::new(2023, 1, 1).unwrap()).unwrap();
    /// let facts = Facts::new()
    ///     .word("air_permit_class", "key").word("air_pollutant_class", "b_class")
    ///     .word("air_area", "general").word("air_period", "heavy_pollution_alert")
    ///     .word("air_treatment", "untreated").number("same_kind_in_two_years", 2);
    /// let s = v.select(&facts, version).unwrap();
    /// assert_eq!(s.weights.unwrap().amount, 520_000.into());
    /// ```
    pub fn select<'a>(&'a self, facts: &Facts, statute: &StatuteVersion) -> Result<Selected<'a>, EvalError> {
        let money = |band: &Band| band.fine.as_ref().map(|f| f.money(facts)).transpose();
        match &self.scheme {
            Scheme::Tiers { overlap, tiers } => {
                let mut chosen = None;
                for (i, t) in tiers.iter().enumerate() {
                    match t.when.eval(facts) {
                        Truth::True => {
                            let heavier = chosen.is_none_or(|(_, c): (usize, &Tier)| t.rank >= c.rank);
                            if chosen.is_none() || (*overlap == OverlapPolicy::HeavierWins && heavier) {
                                chosen = Some((i, t));
                            }
                        }
                        Truth::Unknown(f) => return Err(EvalError::MissingFact(f.to_string())),
                        Truth::False => {}
                    }
                }
                let (_, t) = chosen.ok_or(EvalError::NoMatch("tier"))?;
                Ok(Selected { band: &t.band, fine: money(&t.band)?, level: t.id.clone(), weights: None })
            }
            Scheme::Matrix { axes, cells } => {
                let mut at = Vec::with_capacity(axes.len());
                for a in axes {
                    let mut found = None;
                    for (i, g) in a.grades.iter().enumerate() {
                        match g.when.eval(facts) {
                            Truth::True => {
                                found = Some(i);
                                break;
                            }
                            Truth::Unknown(f) => return Err(EvalError::MissingFact(f.to_string())),
                            Truth::False => {}
                        }
                    }
                    at.push(found.ok_or(EvalError::NoMatch("matrix grade"))?);
                }
                let cell = cells.iter().find(|c| c.at == at).ok_or(EvalError::NoMatch("matrix cell"))?;
                let names: Vec<&str> =
                    at.iter().zip(axes).filter_map(|(i, a)| a.grades.get(*i).map(|g| g.id.as_str())).collect();
                Ok(Selected {
                    band: &cell.band,
                    fine: money(&cell.band)?,
                    level: format!("cell [{}]", names.join(", ")),
                    weights: None,
                })
            }
            Scheme::Weights(w) => {
                let branch = match &w.band.branch {
                    Some(id) => statute.branch(id).ok_or(EvalError::NoMatch("statute branch"))?,
                    None => statute.branch_for(facts)?,
                };
                let max = branch
                    .fine
                    .as_ref()
                    .map(|f| f.money(facts))
                    .transpose()?
                    .and_then(|r| r.max)
                    .ok_or(EvalError::NoMatch("statutory maximum"))?;
                let outcome = w.evaluate(facts, max)?;
                let fine = Some(Range::exactly(outcome.amount));
                Ok(Selected { band: &w.band, fine, level: "weights".into(), weights: Some(outcome) })
            }
        }
    }
}
