//! Fact values a case supplies, and evaluating conditions against them.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::model::{Condition, Interval};
use crate::Date;

/// The value of one fact in a case.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum FactValue {
    /// Amounts, counts, days, quantities.
    Number(Decimal),
    /// Yes / no.
    Flag(bool),
    /// An enum value by id.
    Word(String),
    /// A date.
    Date(Date),
}

/// The facts of a case, by fact id.
///
/// ```
/// use discretion::table::{Facts, FactValue};
/// use rust_decimal::Decimal;
/// let f = Facts::new().number("days_late", 17).word("party", "organisation");
/// assert_eq!(f.get("days_late"), Some(&FactValue::Number(Decimal::from(17))));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Facts {
    values: BTreeMap<String, FactValue>,
}

impl Facts {
    /// No facts.
    pub fn new() -> Facts {
        Facts::default()
    }
    /// Sets a fact.
    pub fn set(&mut self, fact: impl Into<String>, value: FactValue) {
        self.values.insert(fact.into(), value);
    }
    /// With a number.
    pub fn number(mut self, fact: &str, value: impl Into<Decimal>) -> Facts {
        self.set(fact, FactValue::Number(value.into()));
        self
    }
    /// With a flag.
    pub fn flag(mut self, fact: &str, value: bool) -> Facts {
        self.set(fact, FactValue::Flag(value));
        self
    }
    /// With an enum value.
    pub fn word(mut self, fact: &str, value: &str) -> Facts {
        self.set(fact, FactValue::Word(value.to_string()));
        self
    }
    /// With a date.
    pub fn date(mut self, fact: &str, value: Date) -> Facts {
        self.set(fact, FactValue::Date(value));
        self
    }
    /// A fact's value.
    pub fn get(&self, fact: &str) -> Option<&FactValue> {
        self.values.get(fact)
    }
    /// A numeric fact's value.
    pub fn get_number(&self, fact: &str) -> Option<Decimal> {
        match self.values.get(fact) {
            Some(FactValue::Number(n)) => Some(*n),
            _ => None,
        }
    }
    /// All facts, by id.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &FactValue)> {
        self.values.iter().map(|(k, v)| (k.as_str(), v))
    }
}

/// The outcome of testing a condition: it holds, it does not, or a fact it needs is missing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Truth<'a> {
    /// The condition holds.
    True,
    /// It does not.
    False,
    /// This fact is needed and the case does not give it (or gives the wrong type).
    Unknown(&'a str),
}

impl Condition {
    /// Tests the condition against `facts`.
    ///
    /// ```
    /// use discretion::table::{Condition, Facts, Truth};
    /// let c = Condition::Flag { fact: "corrected".into(), value: true };
    /// assert_eq!(c.eval(&Facts::new().flag("corrected", true)), Truth::True);
    /// assert_eq!(c.eval(&Facts::new()), Truth::Unknown("corrected"));
    /// ```
    pub fn eval<'a>(&'a self, facts: &Facts) -> Truth<'a> {
        match self {
            Condition::All(cs) => {
                let mut unknown = None;
                for c in cs {
                    match c.eval(facts) {
                        Truth::False => return Truth::False,
                        Truth::Unknown(f) => unknown = unknown.or(Some(f)),
                        Truth::True => {}
                    }
                }
                unknown.map_or(Truth::True, Truth::Unknown)
            }
            Condition::Any(cs) => {
                let mut unknown = None;
                for c in cs {
                    match c.eval(facts) {
                        Truth::True => return Truth::True,
                        Truth::Unknown(f) => unknown = unknown.or(Some(f)),
                        Truth::False => {}
                    }
                }
                unknown.map_or(Truth::False, Truth::Unknown)
            }
            Condition::Flag { fact, value } => match facts.get(fact) {
                Some(FactValue::Flag(b)) => truth(b == value),
                _ => Truth::Unknown(fact),
            },
            Condition::OneOf { fact, values } => match facts.get(fact) {
                Some(FactValue::Word(w)) => truth(values.contains(w)),
                _ => Truth::Unknown(fact),
            },
            Condition::Within { fact, interval } => match facts.get(fact) {
                Some(FactValue::Number(n)) => truth(interval.contains(*n)),
                Some(FactValue::Date(d)) => truth(interval_contains_date(interval, *d)),
                _ => Truth::Unknown(fact),
            },
        }
    }
}

fn interval_contains_date(i: &Interval, d: Date) -> bool {
    i.contains(Decimal::from(d.day_number()))
}

fn truth(b: bool) -> Truth<'static> {
    if b { Truth::True } else { Truth::False }
}
