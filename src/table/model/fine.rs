use rust_decimal::Decimal;

/// A closed range with optional ends: `{min: 10000, max: 30000}`, `{max: 50000}` (at most),
/// `{min: 2000}` (at least). Fine ranges include both ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Range {
    /// The smallest value, if any.
    pub min: Option<Decimal>,
    /// The largest value, if any.
    pub max: Option<Decimal>,
}

impl Range {
    /// `[min, max]`.
    pub fn between(min: Decimal, max: Decimal) -> Range {
        Range { min: Some(min), max: Some(max) }
    }
    /// Exactly one value.
    pub fn exactly(v: Decimal) -> Range {
        Range { min: Some(v), max: Some(v) }
    }
    /// At most `max`.
    pub fn at_most(max: Decimal) -> Range {
        Range { min: None, max: Some(max) }
    }
    /// At least `min`.
    pub fn at_least(min: Decimal) -> Range {
        Range { min: Some(min), max: None }
    }
    /// Whether `x` lies inside (a missing end is unbounded).
    pub fn contains(&self, x: Decimal) -> bool {
        self.min.is_none_or(|m| x >= m) && self.max.is_none_or(|m| x <= m)
    }
}

/// How a fine is set — used both for a statute's range and for a benchmark band.
///
/// ```
/// use discretion::table::{FineRule, Range};
/// use rust_decimal::Decimal;
/// // "3 to 5 times the disposal cost; a cost below 200,000 counts as 200,000"
/// let rule = FineRule::Multiple {
///     of: "disposal_cost".into(),
///     range: Range::between(Decimal::from(3), Decimal::from(5)),
///     base_floor: Some(Decimal::from(200_000)),
/// };
/// assert_eq!(rule.base_fact(), Some("disposal_cost"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum FineRule {
    /// An amount in the table's currency: fixed range, max-only or min-only.
    Amount(Range),
    /// A multiple of a base fact (illegal gains, value of goods, unpaid tax, disposal cost).
    Multiple {
        /// The base fact id.
        of: String,
        /// The multiple, e.g. 2–10.
        range: Range,
        /// A base below this counts as this (the 200,000 disposal-cost floor).
        base_floor: Option<Decimal>,
    },
    /// A percentage of a base fact (e.g. 1%–5% of total investment). `range` is in percent.
    Percent {
        /// The base fact id.
        of: String,
        /// The percentage, e.g. 1–5.
        range: Range,
        /// A base below this counts as this.
        base_floor: Option<Decimal>,
    },
    /// A per-unit amount with an optional cap (20 yuan per day late, at most 2,000).
    PerUnit {
        /// The fact counting units (days, tonnes, vehicles).
        of: String,
        /// The amount per unit.
        rate: Decimal,
        /// The total never exceeds this.
        cap: Option<Decimal>,
    },
}

impl FineRule {
    /// The fact the amount is computed from, if any.
    pub fn base_fact(&self) -> Option<&str> {
        match self {
            FineRule::Amount(_) => None,
            FineRule::Multiple { of, .. } | FineRule::Percent { of, .. } | FineRule::PerUnit { of, .. } => Some(of),
        }
    }
}
