//! Fact values a case supplies, by fact id: the string-keyed form users build. The rules turn
//! them into index-addressed [`FactSlots`](super::FactSlots) before evaluating anything.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

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
