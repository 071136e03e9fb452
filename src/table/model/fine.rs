use std::cmp::Ordering;

use rust_decimal::Decimal;

use super::coded;

/// A range with optional ends, each included or excluded: `{min: 10000, max: 30000}`,
/// `{max: 50000}` (at most), `{above: 500000, below: 570000}` (以上 … 以下 by the table's
/// convention — Guangdong: `[500000, 570000)`).
///
/// ```
/// use discretion::table::Range;
/// let r = Range::between(500_000.into(), 570_000.into()).excluding_max();
/// assert!(r.contains(500_000.into()));
/// assert!(!r.contains(570_000.into()));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Range {
    /// The smallest value, if any.
    pub min: Option<Decimal>,
    /// The largest value, if any.
    pub max: Option<Decimal>,
    /// `min` itself is outside the range (超过 / "more than").
    pub excludes_min: bool,
    /// `max` itself is outside the range (不满 / "less than"; Guangdong's 以下).
    pub excludes_max: bool,
}

impl Range {
    /// `[min, max]`.
    pub fn between(min: Decimal, max: Decimal) -> Range {
        Range { min: Some(min), max: Some(max), ..Range::default() }
    }
    /// Exactly one value.
    pub fn exactly(v: Decimal) -> Range {
        Range::between(v, v)
    }
    /// At most `max`.
    pub fn at_most(max: Decimal) -> Range {
        Range { max: Some(max), ..Range::default() }
    }
    /// At least `min`.
    pub fn at_least(min: Decimal) -> Range {
        Range { min: Some(min), ..Range::default() }
    }
    /// The same range without its maximum itself.
    pub fn excluding_max(mut self) -> Range {
        self.excludes_max = true;
        self
    }
    /// The same range without its minimum itself.
    pub fn excluding_min(mut self) -> Range {
        self.excludes_min = true;
        self
    }
    /// Whether `x` lies inside (a missing end is unbounded).
    pub fn contains(&self, x: Decimal) -> bool {
        !self.below(x) && !self.above(x)
    }
    /// Whether `x` lies below the range (under its minimum, or at an excluded minimum).
    pub fn below(&self, x: Decimal) -> bool {
        self.min.is_some_and(|m| match order(x, m) {
            Ordering::Less => true,
            Ordering::Equal => self.excludes_min,
            Ordering::Greater => false,
        })
    }
    /// Whether `x` lies above the range (over its maximum, or at an excluded maximum).
    pub fn above(&self, x: Decimal) -> bool {
        self.max.is_some_and(|m| match order(x, m) {
            Ordering::Greater => true,
            Ordering::Equal => self.excludes_max,
            Ordering::Less => false,
        })
    }
    /// Whether no value at all lies inside.
    pub fn is_empty(&self) -> bool {
        match (self.min, self.max) {
            (Some(a), Some(b)) => a > b || (a == b && (self.excludes_min || self.excludes_max)),
            _ => false,
        }
    }
    /// This band brought inside `statute` (`band ∩ statute`); a band wholly outside the statute
    /// is clamped to the nearest lawful edge. Says how, when it changed anything.
    ///
    /// ```
    /// use discretion::table::{Clip, Range};
    /// let statute = Range::between(100_000.into(), 1_000_000.into());
    /// let band = Range::exactly(70_000.into());
    /// assert_eq!(band.inside(&statute), (Range::exactly(100_000.into()), Some(Clip::RaisedToMinimum)));
    /// ```
    pub fn inside(&self, statute: &Range) -> (Range, Option<Clip>) {
        let band = self;
        if statute.max.is_some_and(|hi| band.min.is_some_and(|lo| lo > hi || (lo == hi && band.excludes_min))) {
            let hi = statute.max.unwrap_or_default();
            return (Range::exactly(hi), Some(Clip::LoweredToMaximum));
        }
        if statute.min.is_some_and(|lo| band.max.is_some_and(|hi| hi < lo || (hi == lo && band.excludes_max))) {
            let lo = statute.min.unwrap_or_default();
            return (Range::exactly(lo), Some(Clip::RaisedToMinimum));
        }
        let mut r = *band;
        if let Some(lo) = statute.min
            && r.min.is_none_or(|m| m < lo)
        {
            r.min = Some(lo);
            r.excludes_min = statute.excludes_min;
        }
        if let Some(hi) = statute.max
            && r.max.is_none_or(|m| m > hi)
        {
            r.max = Some(hi);
            r.excludes_max = statute.excludes_max;
        }
        let clip = (r != *band).then_some(Clip::Narrowed);
        (r, clip)
    }

    /// The smallest and largest amounts a decision inside the band can pay, to the fen: the
    /// ends of [`payable`](Range::payable), an excluded end a fen inward (`less_than: 100000`
    /// pays at most 99,999.99). `None` for an end the band does not have (a missing bottom is
    /// 0 only to [`contains`](Range::contains)).
    ///
    /// ```
    /// use discretion::Decimal;
    /// use discretion::table::Range;
    /// let below = Range { min: Some(Decimal::from(10_000)), max: Some(Decimal::from(100_000)), excludes_min: false, excludes_max: true };
    /// assert_eq!(below.payable_ends(), (Some(Decimal::from(10_000)), Some(Decimal::new(9_999_999, 2))));
    /// ```
    pub fn payable_ends(&self) -> (Option<Decimal>, Option<Decimal>) {
        let fen = Decimal::new(1, 2);
        let r = self.payable();
        (
            r.min.map(|l| if r.excludes_min { l.checked_add(fen).unwrap_or(l) } else { l }),
            r.max.map(|h| if r.excludes_max { h.checked_sub(fen).unwrap_or(h) } else { h }),
        )
    }

    /// This range in amounts that can be paid: money is counted to the fen (分, 0.01), and an
    /// end computed between two fen — 1% of an investment of 1,234,567.89 is 12,345.6789 — is
    /// brought to the fen as such amounts are computed, to the nearest (四舍五入: half a fen away
    /// from zero). An excluded end between two fen (`below: 12,345.6789`) becomes the nearest
    /// fen inside the range, included. A range left holding no amount (one computed amount
    /// between two fen, with an excluded end) becomes the fen nearest its middle. Ends already
    /// at the fen are left as they are.
    ///
    /// ```
    /// use discretion::table::Range;
    /// use rust_decimal::Decimal;
    /// let d = |s: &str| s.parse::<Decimal>().unwrap();
    /// let statute = Range::between(d("12345.6789"), d("61728.395"));
    /// assert_eq!(statute.payable(), Range::between(d("12345.68"), d("61728.40")));
    /// assert_eq!(Range::exactly(d("61728.395")).payable(), Range::exactly(d("61728.40")));
    /// let under = Range::between(d("0"), d("12345.6789")).excluding_max();
    /// assert_eq!(under.payable(), Range::between(d("0"), d("12345.67")));
    /// let table = Range::between(d("100000"), d("570000")).excluding_max();
    /// assert_eq!(table.payable(), table);
    /// ```
    pub fn payable(&self) -> Range {
        use rust_decimal::RoundingStrategy as R;
        let off = |x: &Decimal| x.scale() > 2 && x.round_dp(2) != *x;
        let (min_off, max_off) = (self.min.as_ref().is_some_and(off), self.max.as_ref().is_some_and(off));
        if !min_off && !max_off {
            return *self;
        }
        let to = |x: Decimal, how: R| x.round_dp_with_strategy(2, how).normalize();
        let mut r = *self;
        if min_off {
            let how = if self.excludes_min { R::ToPositiveInfinity } else { R::MidpointAwayFromZero };
            r.min = self.min.map(|m| to(m, how));
            r.excludes_min = false;
        }
        if max_off {
            let how = if self.excludes_max { R::ToNegativeInfinity } else { R::MidpointAwayFromZero };
            r.max = self.max.map(|m| to(m, how));
            r.excludes_max = false;
        }
        if r.is_empty() {
            let (lo, hi) = (self.min.unwrap_or_default(), self.max.unwrap_or_default());
            // The middle without overflow: lo + (hi − lo)/2 (hi − lo is under a fen here).
            let middle = hi.checked_sub(lo).and_then(|w| lo.checked_add(w / Decimal::TWO)).unwrap_or(lo);
            return Range::exactly(to(middle, R::MidpointAwayFromZero));
        }
        r
    }

    /// Whether the range is one value.
    pub fn is_exact(&self) -> bool {
        matches!((self.min, self.max), (Some(a), Some(b)) if a == b)
    }
}

/// How a band was brought inside the statute ([`Range::inside`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clip {
    /// The band reached beyond the statute; only the part inside applies.
    Narrowed,
    /// The band lies wholly below the statutory minimum; the minimum applies.
    RaisedToMinimum,
    /// The band lies wholly above the statutory maximum; the maximum applies.
    LoweredToMaximum,
}

/// How a formula rounds the number of steps of a term.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Rounding {
    /// Whole steps only: a part step counts for nothing.
    Down,
    /// A part step counts as a whole one (向高取整).
    Up,
    /// Half a step or more counts as a whole one (四舍五入).
    HalfUp,
}

coded!(Rounding, "rounding", { Down => "down", Up => "up", HalfUp => "half_up" });

/// One term of a [`Formula`]: `add` for every `per` units of `fact` above `from`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FormulaTerm {
    /// The fact counted (extra pollutants, multiples of exceedance, pH units).
    pub fact: String,
    /// Units up to this value count for nothing ("per extra pollutant": `from: 1`).
    pub from: Decimal,
    /// The size of one step.
    pub per: Decimal,
    /// The amount added per step (never negative: formulas only grow with their facts).
    pub add: Decimal,
    /// How a part step is counted.
    pub rounding: Rounding,
}

/// A formula band (Jiangmen 2-6 tier 3): `start` plus, for each term, its steps × `add`,
/// kept inside `range`. Every increment is non-negative, so the amount never falls when a fact
/// grows, and `range` bounds it — which keeps the formula analysable by verification.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Formula {
    /// The amount with no step counted.
    pub start: Decimal,
    /// The terms.
    pub terms: Vec<FormulaTerm>,
    /// The amount is kept inside this range.
    pub range: Range,
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
    /// A formula: a start plus increments per step of some facts, kept inside a range.
    Formula(Box<Formula>),
}

impl FineRule {
    /// The fact the amount is computed from, if it has a single one.
    pub fn base_fact(&self) -> Option<&str> {
        match self {
            FineRule::Amount(_) | FineRule::Formula(_) => None,
            FineRule::Multiple { of, .. } | FineRule::Percent { of, .. } | FineRule::PerUnit { of, .. } => Some(of),
        }
    }

    /// Calls `f` with every fact the rule reads.
    pub fn for_each_fact<'a>(&'a self, f: &mut impl FnMut(&'a str)) {
        match self {
            FineRule::Amount(_) => {}
            FineRule::Multiple { of, .. } | FineRule::Percent { of, .. } | FineRule::PerUnit { of, .. } => f(of),
            FineRule::Formula(formula) => formula.terms.iter().for_each(|t| f(&t.fact)),
        }
    }
}

/// Compares two amounts; amounts of one scale (the loader and readers normalise every amount)
/// by their integer mantissas, without `Decimal`'s general rescaling comparison.
#[inline]
pub(crate) fn order(a: Decimal, b: Decimal) -> Ordering {
    if a.scale() == b.scale() { a.mantissa().cmp(&b.mantissa()) } else { a.cmp(&b) }
}
