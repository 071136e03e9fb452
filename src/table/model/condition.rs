use rust_decimal::Decimal;

/// One end of an [`Interval`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Bound {
    /// The number at the boundary (for date facts: [`crate::Date::day_number`]).
    pub value: Decimal,
    /// Whether the number itself is inside the interval.
    pub inclusive: bool,
}

/// A numeric interval with explicit bound inclusion; `None` is unbounded.
///
/// Tables write `above`/`below` (以上/以下, inclusion by the table's convention) or
/// `at_least`/`at_most`/`more_than`/`less_than` (explicit); the loader turns both into this.
///
/// ```
/// use discretion::table::{Bound, Interval};
/// use rust_decimal::Decimal;
/// let i = Interval::new(
///     Some(Bound { value: Decimal::from(3), inclusive: true }),
///     Some(Bound { value: Decimal::from(10), inclusive: false }),
/// );
/// assert!(i.contains(Decimal::from(3)));
/// assert!(!i.contains(Decimal::from(10)));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Interval {
    /// The lower end.
    pub lower: Option<Bound>,
    /// The upper end.
    pub upper: Option<Bound>,
}

impl Interval {
    /// An interval from its two ends.
    pub fn new(lower: Option<Bound>, upper: Option<Bound>) -> Interval {
        Interval { lower, upper }
    }

    /// Whether `x` lies inside.
    pub fn contains(&self, x: Decimal) -> bool {
        use std::cmp::Ordering::{Equal, Greater, Less};
        let above = match self.lower {
            None => true,
            Some(b) => match super::fine::order(x, b.value) {
                Greater => true,
                Equal => b.inclusive,
                Less => false,
            },
        };
        above
            && match self.upper {
                None => true,
                Some(b) => match super::fine::order(x, b.value) {
                    Less => true,
                    Equal => b.inclusive,
                    Greater => false,
                },
            }
    }

    /// Whether no number at all lies inside (e.g. `[5, 3]` or `(3, 3]`).
    pub fn is_empty(&self) -> bool {
        match (self.lower, self.upper) {
            (Some(l), Some(u)) => l.value > u.value || (l.value == u.value && !(l.inclusive && u.inclusive)),
            _ => false,
        }
    }
}

/// A structured condition over declared facts — data, not an expression language, so that
/// tables can be analysed exactly for gaps, overlaps and monotonicity.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Condition {
    /// Every condition holds (`all: [...]`; an empty list always holds).
    All(Vec<Condition>),
    /// At least one condition holds (`any: [...]`).
    Any(Vec<Condition>),
    /// A boolean fact has this value (`{fact: corrected_within_deadline, is: true}`).
    Flag {
        /// The fact id.
        fact: String,
        /// The required value.
        value: bool,
    },
    /// An enum fact takes one of these values (`{fact: area, in: [restricted, sensitive]}`).
    OneOf {
        /// The fact id.
        fact: String,
        /// The accepted values, in the fact's declared order.
        values: Vec<String>,
    },
    /// A numeric or date fact lies in an interval (`{fact: days_late, above: 15, below: 30}`).
    Within {
        /// The fact id.
        fact: String,
        /// The interval.
        interval: Interval,
    },
}

impl Condition {
    /// The condition that always holds.
    pub fn always() -> Condition {
        Condition::All(Vec::new())
    }

    /// Calls `f` with every fact id the condition reads.
    pub fn for_each_fact<'a>(&'a self, f: &mut impl FnMut(&'a str)) {
        match self {
            Condition::All(cs) | Condition::Any(cs) => cs.iter().for_each(|c| c.for_each_fact(f)),
            Condition::Flag { fact, .. } | Condition::OneOf { fact, .. } | Condition::Within { fact, .. } => f(fact),
        }
    }
}
