//! Conditions compiled to comparisons on typed values, evaluated in three values: a condition
//! holds, does not, or cannot be decided because a fact it reads is not given.

use super::{Compiler, FactId, FactSource, Value};
use crate::table::model::{Condition, Interval};

/// The outcome of a condition: it holds, it does not, or `fact` is needed and not given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tri {
    True,
    False,
    Unknown(FactId),
}

/// A compiled condition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum CCond {
    All(Vec<CCond>),
    Any(Vec<CCond>),
    Flag {
        fact: FactId,
        value: bool,
    },
    /// An enum fact takes a value whose bit is set.
    OneOf {
        fact: FactId,
        mask: Vec<u64>,
    },
    /// A number (or date's day number) in an interval, ends normalised.
    Within {
        fact: FactId,
        interval: Interval,
    },
    /// A number in any of these intervals — sorted, disjoint, none touching — found by
    /// bisection: an `any:` of many intervals of one fact ("1、3、5…次") costs O(log n), not n.
    Spans {
        fact: FactId,
        spans: Vec<Interval>,
    },
}

/// An `any:` of at least this many intervals of one fact is compiled to [`CCond::Spans`].
const SPANS_FROM: usize = 8;

/// Whether the union of `a` and `b` (with `a` starting first) is one interval.
fn joins(a: &Interval, b: &Interval) -> bool {
    match (a.upper, b.lower) {
        (None, _) | (_, None) => true,
        (Some(u), Some(l)) => u.value > l.value || (u.value == l.value && (u.inclusive || l.inclusive)),
    }
}

/// The higher of two upper ends (`None` is unbounded).
fn higher(a: Option<crate::table::Bound>, b: Option<crate::table::Bound>) -> Option<crate::table::Bound> {
    match (a, b) {
        (Some(x), Some(y)) if x.value == y.value => {
            Some(crate::table::Bound { inclusive: x.inclusive || y.inclusive, ..x })
        }
        (Some(x), Some(y)) => Some(if x.value > y.value { x } else { y }),
        _ => None,
    }
}

/// `cs` as one [`CCond::Spans`], when they are enough intervals of one fact.
fn spans(cs: &[CCond]) -> Option<CCond> {
    if cs.len() < SPANS_FROM {
        return None;
    }
    let mut fact = None;
    let mut all = Vec::with_capacity(cs.len());
    for c in cs {
        let CCond::Within { fact: f, interval } = c else { return None };
        if fact.is_some_and(|x| x != *f) {
            return None;
        }
        fact = Some(*f);
        if !interval.is_empty() {
            all.push(*interval);
        }
    }
    all.sort_by(|a, b| super::intervals::lower_order(a.lower, b.lower));
    let mut merged: Vec<Interval> = Vec::with_capacity(all.len());
    for next in all {
        match merged.last_mut() {
            Some(last) if joins(last, &next) => last.upper = higher(last.upper, next.upper),
            _ => merged.push(next),
        }
    }
    Some(CCond::Spans { fact: fact?, spans: merged })
}

fn tri(b: bool) -> Tri {
    if b { Tri::True } else { Tri::False }
}

impl CCond {
    /// Tests the condition against a case's facts.
    pub(crate) fn eval(&self, facts: &impl FactSource) -> Tri {
        match self {
            CCond::All(cs) => {
                let mut unknown = None;
                for c in cs {
                    match c.eval(facts) {
                        Tri::False => return Tri::False,
                        Tri::Unknown(f) => unknown = unknown.or(Some(f)),
                        Tri::True => {}
                    }
                }
                unknown.map_or(Tri::True, Tri::Unknown)
            }
            CCond::Any(cs) => {
                let mut unknown = None;
                for c in cs {
                    match c.eval(facts) {
                        Tri::True => return Tri::True,
                        Tri::Unknown(f) => unknown = unknown.or(Some(f)),
                        Tri::False => {}
                    }
                }
                unknown.map_or(Tri::False, Tri::Unknown)
            }
            CCond::Flag { fact, value } => match facts.value(*fact) {
                Some(Value::Flag(b)) => tri(b == *value),
                _ => Tri::Unknown(*fact),
            },
            CCond::OneOf { fact, mask } => match facts.value(*fact) {
                Some(Value::Word(w)) => {
                    let (word, bit) = (usize::from(w) / 64, u32::from(w) % 64);
                    tri(mask.get(word).is_some_and(|m| m & (1u64 << bit) != 0))
                }
                _ => Tri::Unknown(*fact),
            },
            CCond::Within { fact, interval } => match facts.value(*fact) {
                Some(Value::Number(n)) => tri(interval.contains(n)),
                _ => Tri::Unknown(*fact),
            },
            CCond::Spans { fact, spans } => match facts.value(*fact) {
                Some(Value::Number(n)) => {
                    // The last span whose lower end admits `n` is the only one that can hold it.
                    let after = spans.partition_point(|s| Interval::new(s.lower, None).contains(n));
                    tri(after.checked_sub(1).and_then(|i| spans.get(i)).is_some_and(|s| s.contains(n)))
                }
                _ => Tri::Unknown(*fact),
            },
        }
    }
}

impl Compiler<'_> {
    pub(super) fn cond(&self, c: &Condition) -> CCond {
        match c {
            Condition::All(cs) => CCond::All(cs.iter().map(|c| self.cond(c)).collect()),
            Condition::Any(cs) => {
                let parts: Vec<CCond> = cs.iter().map(|c| self.cond(c)).collect();
                spans(&parts).unwrap_or(CCond::Any(parts))
            }
            Condition::Flag { fact, value } => CCond::Flag { fact: self.fact(fact), value: *value },
            Condition::OneOf { fact, values } => {
                let id = self.fact(fact);
                let words = self.facts.get(id.index()).map(|f| &f.words);
                let mut mask: Vec<u64> = Vec::new();
                for v in values {
                    if let Some(w) = words.and_then(|w| w.get(v)) {
                        let (word, bit) = (usize::from(*w) / 64, u32::from(*w) % 64);
                        if mask.len() <= word {
                            mask.resize(word + 1, 0);
                        }
                        if let Some(m) = mask.get_mut(word) {
                            *m |= 1u64 << bit;
                        }
                    }
                }
                CCond::OneOf { fact: id, mask }
            }
            Condition::Within { fact, interval } => {
                let id = self.fact(fact);
                // Normalised ends compare without rescaling on every case.
                let norm = |b: Option<crate::table::Bound>| {
                    b.map(|b| crate::table::Bound { value: b.value.normalize(), inclusive: b.inclusive })
                };
                CCond::Within { fact: id, interval: Interval::new(norm(interval.lower), norm(interval.upper)) }
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod spans_tests {
    use proptest::prelude::*;
    use rust_decimal::Decimal;

    use super::*;
    use crate::table::{Bound, FactSlots};

    fn interval() -> impl Strategy<Value = Interval> {
        let bound = (0i64..40, any::<bool>()).prop_map(|(v, inclusive)| Bound { value: Decimal::from(v), inclusive });
        (proptest::option::weighted(0.9, bound.clone()), proptest::option::weighted(0.9, bound))
            .prop_map(|(lower, upper)| Interval::new(lower, upper))
    }

    proptest! {
        /// The bisected union answers exactly as testing every interval in turn.
        #[test]
        fn spans_agree_with_any(intervals in prop::collection::vec(interval(), SPANS_FROM..30), x in -2i64..45, half in any::<bool>()) {
            let parts: Vec<CCond> = intervals.iter().map(|i| CCond::Within { fact: FactId(0), interval: *i }).collect();
            let fast = spans(&parts).unwrap();
            let slow = CCond::Any(parts);
            let mut facts = FactSlots::new();
            let x = Decimal::from(x) + if half { Decimal::new(5, 1) } else { Decimal::ZERO };
            facts.set(FactId(0), Value::Number(x));
            prop_assert_eq!(fast.eval(&facts), slow.eval(&facts), "{:?} at {}", fast, x);
        }
    }
}
