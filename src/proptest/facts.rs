//! Strategies for a loaded table: fact vectors, fact vectors per level, boundary vectors, cases.

use std::collections::BTreeMap;

use ::proptest::prelude::*;
use ::proptest::sample::select;
use rust_decimal::Decimal;

use crate::check::{Case, Party};
use crate::table::{FactType, Facts, Range, Value, Violation};
use crate::verify::space::{collect, numeric_points};
use crate::{Benchmark, Date};

/// Why a strategy cannot be made for a violation.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum KitError {
    /// The violation is not in the rules; `near`: the ids nearest to it (a mistyped id's
    /// nearest, or up to three whose names share most of what was written), as `check` names
    /// them.
    #[error("violation `{violation}` is not in the rules{}", did_you_mean(.near))]
    UnknownViolation {
        /// The id asked for.
        violation: String,
        /// The nearest ids in the rules, if any are near.
        near: Vec<String>,
    },
    /// The violation has no level of this name (see `Scheme::level_name`).
    #[error("violation `{violation}` has no level `{level}`")]
    UnknownLevel {
        /// The violation.
        violation: String,
        /// The name asked for.
        level: String,
    },
    /// No representative fact vector lands in the level: the level is unreachable (or the
    /// table's representatives are more than [`MAX_REPRESENTATIVES`]).
    #[error("no fact vector of violation `{violation}` lands in level `{level}`")]
    Unreachable {
        /// The violation.
        violation: String,
        /// The level.
        level: String,
    },
    /// No case of the violation can be placed on the date asked: no version of its table is
    /// in force then (the date, not the level, is wrong).
    #[error("violation `{violation}` cannot be judged on {date}: {reason}")]
    NotOnDate {
        /// The violation.
        violation: String,
        /// The date asked for.
        date: Date,
        /// Why, as `allowed` says it.
        reason: String,
    },
}

/// The error for a violation the rules do not have, with the ids nearest to it.
fn unknown(rules: &Benchmark, violation: &str) -> KitError {
    let near = rules.violations_near(violation, &[]).into_iter().map(|(id, _)| id).collect();
    KitError::UnknownViolation { violation: violation.into(), near }
}

/// "; did you mean `a`?" (or "`a`, `b` or `c`?"), or nothing.
fn did_you_mean(near: &[String]) -> String {
    let quoted: Vec<String> = near.iter().map(|id| format!("`{id}`")).collect();
    match quoted.split_last() {
        None => String::new(),
        Some((last, [])) => format!("; did you mean {last}?"),
        Some((last, rest)) => format!("; did you mean {} or {last}?", rest.join(", ")),
    }
}

/// The most representative fact vectors [`level_facts`] classifies before drawing (the
/// combinations of every fact's boundary values; beyond it, the first this many).
pub const MAX_REPRESENTATIVES: usize = 100_000;

/// One fact a violation reads and the values worth drawing for it.
#[derive(Debug, Clone)]
enum Axis {
    /// A number (or a date, as a day number): its boundary values — every edge its conditions
    /// name, ± the smallest step (1 for counts, days and dates; 0.01 otherwise) — and a range
    /// for random values.
    Number {
        id: String,
        date: bool,
        boundary: Vec<Decimal>,
        low: i64,
        high: i64,
        integral: bool,
    },
    Word {
        id: String,
        values: Vec<String>,
    },
    Flag {
        id: String,
    },
}

impl Axis {
    /// Every value worth trying: boundaries for numbers, all values for words and flags.
    fn boundary(&self) -> BoxedStrategy<Option<Decimal>> {
        match self {
            Axis::Number { boundary, .. } if !boundary.is_empty() => select(boundary.clone()).prop_map(Some).boxed(),
            Axis::Number { low, .. } => Just(Some(Decimal::from(*low))).boxed(),
            Axis::Word { values, .. } => (0..values.len().max(1)).prop_map(|i| Some(Decimal::from(i))).boxed(),
            Axis::Flag { .. } => (0u8..2).prop_map(|i| Some(Decimal::from(i))).boxed(),
        }
    }

    /// Values anywhere in the domain (numbers: half boundaries, half uniform).
    fn any(&self) -> BoxedStrategy<Option<Decimal>> {
        match self {
            Axis::Number { low, high, integral, .. } => {
                let (low, high) = (*low, (*high).max(*low));
                let uniform = if *integral {
                    (low..=high).prop_map(|n| Some(Decimal::from(n))).boxed()
                } else {
                    (low.saturating_mul(100)..=high.saturating_mul(100)).prop_map(|c| Some(Decimal::new(c, 2))).boxed()
                };
                prop_oneof![self.boundary(), uniform].boxed()
            }
            _ => self.boundary(),
        }
    }

    fn apply(&self, facts: Facts, v: Option<Decimal>) -> Facts {
        let Some(v) = v else { return facts };
        match self {
            Axis::Word { id, values } => match usize::try_from(v).ok().and_then(|i| values.get(i)) {
                Some(w) => facts.word(id, w),
                None => facts,
            },
            Axis::Flag { id } => facts.flag(id, !v.is_zero()),
            // Dates are drawn as day numbers.
            Axis::Number { id, date: true, .. } => match i64::try_from(v).ok().and_then(Date::from_day_number) {
                Some(d) => facts.date(id, d),
                None => facts,
            },
            Axis::Number { id, .. } => facts.number(id, v),
        }
    }
}

/// The facts a violation reads, as the kit draws them.
#[derive(Debug, Clone)]
struct FactAxes {
    axes: Vec<Axis>,
}

fn step(integral: bool) -> Decimal {
    if integral { Decimal::ONE } else { Decimal::new(1, 2) }
}

impl FactAxes {
    fn of(rules: &Benchmark, violation: &str) -> Result<(FactAxes, Violation), KitError> {
        let (_, v) = rules.violation(violation).ok_or_else(|| unknown(rules, violation))?;
        let mut edges: BTreeMap<&str, Vec<Decimal>> = BTreeMap::new();
        let mut conditions = Vec::new();
        let mut facts = std::collections::BTreeSet::new();
        for (addressee, _) in v.schemes() {
            let (cs, ids) = crate::check::allowed::rules_read(rules, v, addressee);
            conditions.extend(cs);
            facts.extend(ids);
        }
        // The tables' own rules read facts too: the adjustments of the tables defining the
        // violation, and no-penalty lists (in any table) naming it.
        for table in rules.tables() {
            if table.violations.iter().any(|x| x.id == v.id) {
                conditions.extend(table.adjustments.iter().filter(|a| a.covers(&v.id)).map(|a| &a.when));
            }
            conditions.extend(table.exemptions.iter().filter(|e| e.violations.contains(&v.id)).map(|e| &e.when));
        }
        for c in &conditions {
            collect(c, &mut edges);
            c.for_each_fact(&mut |f| {
                facts.insert(f);
            });
        }
        let axes = facts
            .into_iter()
            .filter_map(|id| {
                let fact = rules.fact(id)?;
                let found = edges.remove(id).unwrap_or_default();
                Some(match &fact.fact_type {
                    FactType::Boolean => Axis::Flag { id: id.into() },
                    FactType::Enum(values) => Axis::Word { id: id.into(), values: values.clone() },
                    t => {
                        let date = *t == FactType::Date;
                        let integral = date || t.is_integral();
                        let domain = if date { Range::default() } else { fact.domain };
                        number_axis(id, date, integral, domain, found)
                    }
                })
            })
            .collect();
        Ok((FactAxes { axes }, v.clone()))
    }

    fn vectors(&self, each: impl Fn(&Axis) -> BoxedStrategy<Option<Decimal>>) -> BoxedStrategy<Facts> {
        let axes = self.axes.clone();
        let parts: Vec<BoxedStrategy<Option<Decimal>>> = self.axes.iter().map(each).collect();
        parts
            .prop_map(move |values| axes.iter().zip(values).fold(Facts::new(), |facts, (axis, v)| axis.apply(facts, v)))
            .boxed()
    }

    /// Every combination of boundary values, up to `limit`.
    fn representatives(&self, limit: usize) -> Vec<Facts> {
        let choices: Vec<Vec<Option<Decimal>>> = self
            .axes
            .iter()
            .map(|a| match a {
                Axis::Number { boundary, low, .. } if boundary.is_empty() => vec![Some(Decimal::from(*low))],
                Axis::Number { boundary, .. } => boundary.iter().copied().map(Some).collect(),
                Axis::Word { values, .. } => (0..values.len()).map(|i| Some(Decimal::from(i))).collect(),
                Axis::Flag { .. } => vec![Some(Decimal::ZERO), Some(Decimal::ONE)],
            })
            .collect();
        let mut out = Vec::new();
        let mut index = vec![0usize; choices.len()];
        'all: while out.len() < limit {
            let facts = self
                .axes
                .iter()
                .zip(&choices)
                .zip(&index)
                .fold(Facts::new(), |facts, ((axis, c), i)| axis.apply(facts, c.get(*i).copied().flatten()));
            out.push(facts);
            for (slot, c) in index.iter_mut().zip(&choices) {
                *slot += 1;
                if *slot < c.len() {
                    continue 'all;
                }
                *slot = 0;
            }
            break;
        }
        out
    }
}

fn number_axis(id: &str, date: bool, integral: bool, domain: Range, edges: Vec<Decimal>) -> Axis {
    let s = step(integral);
    let mut boundary: Vec<Decimal> = edges
        .iter()
        .flat_map(|e| [e.checked_sub(s), Some(*e), e.checked_add(s)])
        .flatten()
        .chain(numeric_points(edges.clone(), integral, domain).into_iter().filter_map(|v| match v {
            Value::Number(n) => Some(n),
            _ => None,
        }))
        .chain(domain.min)
        .filter(|x| date || domain.contains(*x))
        .filter(|x| !integral || x.fract().is_zero())
        .map(|x| x.normalize())
        .collect();
    boundary.sort();
    boundary.dedup();
    let to_i64 = |d: Decimal| i64::try_from(d.trunc()).ok();
    let low = if date {
        Date::new(2000, 1, 1).map(Date::day_number).unwrap_or(0)
    } else {
        domain.min.and_then(to_i64).unwrap_or(0)
    };
    // Random values reach past the highest edge by as much again, so every segment is drawn.
    let top = edges.iter().copied().max().and_then(to_i64).unwrap_or(low.saturating_add(100));
    let high = if date {
        Date::new(2030, 12, 31).map(Date::day_number).unwrap_or(top)
    } else {
        let high = top.saturating_add(top.saturating_sub(low).max(10));
        domain.max.and_then(to_i64).map_or(high, |m| high.min(m))
    };
    Axis::Number { id: id.into(), date, boundary, low, high, integral }
}

/// Fact vectors for a violation: every fact its rules read (levels, statute branches, fine
/// bases, adjustments, no-penalty lists), drawn from the fact's declared domain — half from
/// boundary values, half uniformly.
///
/// ```
/// use discretion::{Benchmark, check::Case, proptest::facts};
/// use proptest::prelude::*;
///
/// let rules = Benchmark::from_path(concat!(env!("CARGO_MANIFEST_DIR"), "/rules")).unwrap();
/// let strategy = facts(&rules, "gd-env.2.7.1").unwrap();
/// proptest!(ProptestConfig::with_cases(64), |(f in strategy)| {
///     let mut case = Case::new("P", "gd-env.2.7.1");
///     case.act_ended = "2022-06-01".parse().ok();
///     case.facts = f;
///     // Every fact the violation reads is given, so a level is always decided.
///     prop_assert!(rules.allowed(&case).is_ok());
/// });
/// ```
pub fn facts(rules: &Benchmark, violation: &str) -> Result<BoxedStrategy<Facts>, KitError> {
    let (axes, _) = FactAxes::of(rules, violation)?;
    Ok(axes.vectors(Axis::any))
}

/// Boundary vectors: every fact at one of its boundary values — each edge a condition names, one
/// smallest step below and above it (1 for counts, days and dates; 0.01 for amounts and
/// quantities), one value inside each segment between edges, and the domain's minimum. Whether
/// an edge itself belongs to a level follows the table's `boundaries` convention, which is what
/// these vectors probe.
///
/// ```
/// use discretion::{Benchmark, check::Case, proptest::boundary_facts};
/// use proptest::prelude::*;
///
/// let rules = Benchmark::from_path(concat!(env!("CARGO_MANIFEST_DIR"), "/rules")).unwrap();
/// proptest!(ProptestConfig::with_cases(64), |(f in boundary_facts(&rules, "gd-tax.60.1").unwrap())| {
///     let days = f.get("days_late").cloned();
///     // The tax table's edges are at 1, 30, … days: these vectors sit on and next to them.
///     prop_assert!(days.is_some());
/// });
/// ```
pub fn boundary_facts(rules: &Benchmark, violation: &str) -> Result<BoxedStrategy<Facts>, KitError> {
    let (axes, _) = FactAxes::of(rules, violation)?;
    Ok(axes.vectors(Axis::boundary))
}

/// Fact vectors that land in one level (named as [`Scheme::level_name`](crate::table::Scheme::level_name)
/// names it: a tier id, a cell `[a, b]`, `weights`), for a case acted on `date`: the boundary
/// combinations ([`boundary_facts`]) that `allowed` places in the level, at most
/// [`MAX_REPRESENTATIVES`] of them classified.
///
/// ```
/// use discretion::{Benchmark, check::Case, proptest::level_facts};
/// use proptest::prelude::*;
///
/// let rules = Benchmark::from_path(concat!(env!("CARGO_MANIFEST_DIR"), "/rules")).unwrap();
/// let date = "2022-06-01".parse().unwrap();
/// let lightest = level_facts(&rules, "gd-env.1.3", "[general, within_deadline]", date).unwrap();
/// proptest!(ProptestConfig::with_cases(16), |(f in lightest)| {
///     let mut case = Case::new("P", "gd-env.1.3");
///     case.act_ended = Some(date);
///     case.facts = f;
///     prop_assert_eq!(rules.allowed(&case).unwrap().level, "[general, within_deadline]");
/// });
/// ```
pub fn level_facts(
    rules: &Benchmark,
    violation: &str,
    level: &str,
    date: Date,
) -> Result<BoxedStrategy<Facts>, KitError> {
    let (axes, v) = FactAxes::of(rules, violation)?;
    let canonical = v
        .scheme
        .find_level(level)
        .and_then(|i| v.scheme.level_name(i))
        .ok_or_else(|| KitError::UnknownLevel { violation: violation.into(), level: level.into() })?
        .into_owned();
    // Whether any vector is placed at all on `date`: if none is, the date is what is wrong.
    let mut placed_any = false;
    let mut why = None;
    let landing: Vec<Facts> = axes
        .representatives(MAX_REPRESENTATIVES)
        .into_iter()
        .filter(|f| {
            let mut case = Case::new("P", violation);
            case.act_ended = Some(date);
            case.facts = f.clone();
            match rules.allowed(&case) {
                Ok(a) => {
                    placed_any = true;
                    a.level == canonical
                }
                Err(e) => {
                    // One reason for every vector (the date), or several (the table).
                    let reason = e.to_string();
                    match &why {
                        None => why = Some(Some(reason)),
                        Some(Some(r)) if *r != reason => why = Some(None),
                        _ => {}
                    }
                    false
                }
            }
        })
        .collect();
    if landing.is_empty() {
        if let (false, Some(Some(reason))) = (placed_any, why) {
            return Err(KitError::NotOnDate { violation: violation.into(), date, reason });
        }
        return Err(KitError::Unreachable { violation: violation.into(), level: canonical });
    }
    Ok(select(landing).boxed())
}

/// Where a case's fine falls relative to the band `allowed` gives for its facts.
#[derive(Debug, Clone, Copy)]
enum FineAt {
    /// Inside, at this thousandth of the way up.
    Inside(u16),
    Min,
    Max,
    BelowMin,
    AboveMax,
    /// Any amount up to this many yuan.
    Anywhere(u32),
}

fn fine_at(rules: &Benchmark, case: &Case, at: FineAt) -> Option<Decimal> {
    let band = rules.allowed(case).ok().and_then(|a| a.band);
    let cent = Decimal::new(1, 2);
    let (min, max) = match band {
        Some(b) => (b.min.unwrap_or(Decimal::ZERO), b.max),
        None => (Decimal::ZERO, None),
    };
    let max_or = max.unwrap_or_else(|| min.saturating_mul(Decimal::TWO).saturating_add(Decimal::ONE_HUNDRED));
    Some(match at {
        FineAt::Inside(k) => {
            let share = Decimal::from(k.min(1000)) / Decimal::from(1000);
            (min + (max_or - min).checked_mul(share)?).round_dp(2).clamp(min, max_or)
        }
        FineAt::Min => min,
        FineAt::Max => max_or,
        FineAt::BelowMin => (min - cent).max(Decimal::ZERO),
        FineAt::AboveMax => max_or.checked_add(cent)?,
        FineAt::Anywhere(y) => Decimal::from(y),
    })
}

/// Cases valid for a violation: the act inside the table's period (and so inside a statute
/// version where the statute has one), the decision within a year after, a party (the `party`
/// fact's where the facts give one), the facts from [`facts`], factors and grave harm stated,
/// and a fine inside the band `allowed` gives, at its ends, one cent outside them, or anywhere.
///
/// ```
/// use discretion::{Benchmark, check::Verdict, proptest::cases};
/// use proptest::prelude::*;
///
/// let rules = Benchmark::from_path(concat!(env!("CARGO_MANIFEST_DIR"), "/rules")).unwrap();
/// proptest!(ProptestConfig::with_cases(64), |(case in cases(&rules, "gd-tax.60.1").unwrap())| {
///     let assessed = rules.check(&case);
///     // Every finding explains itself.
///     prop_assert!(assessed.findings.iter().all(|f| !f.message(discretion::table::Lang::En).is_empty()));
/// });
/// ```
pub fn cases(rules: &Benchmark, violation: &str) -> Result<BoxedStrategy<Case>, KitError> {
    let (axes, v) = FactAxes::of(rules, violation)?;
    let (table, _) = rules.violation(violation).ok_or_else(|| unknown(rules, violation))?;
    let from = table.effective.from.day_number();
    let until = table.effective.until.map_or(from.saturating_add(3650), Date::day_number);
    let rules = rules.clone();
    let id = v.id.clone();
    let fine = prop_oneof![
        4 => (0u16..=1000).prop_map(FineAt::Inside),
        1 => Just(FineAt::Min),
        1 => Just(FineAt::Max),
        1 => Just(FineAt::BelowMin),
        1 => Just(FineAt::AboveMax),
        1 => (0u32..2_000_000).prop_map(FineAt::Anywhere),
    ];
    Ok((axes.vectors(Axis::any), from..=until.max(from), 0u32..365, any::<bool>(), any::<bool>(), fine)
        .prop_map(move |(facts, act, wait, organisation, harm, at)| {
            let mut case = Case::new(format!("P-{act}-{wait}"), &id);
            // The party the facts give, where the violation reads it (a `party` fact the case's
            // own party contradicts is a data error, C026), else either.
            let drawn = if organisation { Party::Organisation } else { Party::Individual };
            case.party = Some(match facts.get("party") {
                Some(crate::table::FactValue::Word(w)) => {
                    [Party::Individual, Party::Organisation].into_iter().find(|p| p.code() == w).unwrap_or(drawn)
                }
                _ => drawn,
            });
            case.act_ended = Date::from_day_number(act);
            case.decided = case.act_ended.and_then(|d| d.add_days(wait));
            case.facts = facts;
            case.factors = Some(Vec::new());
            case.grave_harm = Some(harm);
            case.decision.fine = fine_at(&rules, &case, at);
            case
        })
        .boxed())
}

#[cfg(test)]
mod tests {
    use super::did_you_mean;

    #[test]
    fn suggestions_read_as_a_question() {
        let ids = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(did_you_mean(&[]), "");
        assert_eq!(did_you_mean(&ids(&["a"])), "; did you mean `a`?");
        assert_eq!(did_you_mean(&ids(&["a", "b"])), "; did you mean `a` or `b`?");
        assert_eq!(did_you_mean(&ids(&["a", "b", "c"])), "; did you mean `a`, `b` or `c`?");
    }
}
