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
        }
    }
}

impl Compiler<'_> {
    pub(super) fn cond(&self, c: &Condition) -> CCond {
        match c {
            Condition::All(cs) => CCond::All(cs.iter().map(|c| self.cond(c)).collect()),
            Condition::Any(cs) => CCond::Any(cs.iter().map(|c| self.cond(c)).collect()),
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
