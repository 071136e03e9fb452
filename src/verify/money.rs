//! Bands and statutes as comparable spans: an amount range, or a range of multiples,
//! percentages or per-unit rates of one base fact. Spans of different bases are not compared.

use rust_decimal::Decimal;

use crate::table::{Condition, Fact, FineRule, Range, WeightModel, format_amount};

/// What a span's numbers measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Basis<'a> {
    /// Money.
    Amount,
    /// Times a base fact.
    Multiple(&'a str),
    /// Percent of a base fact.
    Percent(&'a str),
    /// Money per unit of a fact.
    PerUnit(&'a str),
}

/// `[lo, hi]` in some basis; `hi = None` is unbounded; either end may be excluded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Span<'a> {
    pub basis: Basis<'a>,
    pub lo: Decimal,
    pub hi: Option<Decimal>,
    /// `lo` itself is outside.
    pub lo_open: bool,
    /// `hi` itself is outside.
    pub hi_open: bool,
}

impl<'a> Span<'a> {
    fn of(basis: Basis<'a>, r: &Range) -> Span<'a> {
        Span {
            basis,
            lo: r.min.unwrap_or(Decimal::ZERO),
            hi: r.max,
            lo_open: r.min.is_some() && r.excludes_min,
            hi_open: r.excludes_max,
        }
    }

    /// The smallest and largest amounts a decision within the span can pay — to the fen, an
    /// excluded end a fen inward (`less_than: 100000.01` lets it pay at most 100,000.00) — for
    /// money; the written ends for multiples, percentages and rates, which are not paid as such.
    pub fn payable_ends(&self) -> (Decimal, Option<Decimal>) {
        if !matches!(self.basis, Basis::Amount) {
            return (self.lo, self.hi);
        }
        let range = Range { min: Some(self.lo), max: self.hi, excludes_min: self.lo_open, excludes_max: self.hi_open };
        let (lo, hi) = range.payable_ends();
        (lo.unwrap_or(self.lo), hi)
    }

    /// A closed span.
    pub fn closed(basis: Basis<'a>, lo: Decimal, hi: Option<Decimal>) -> Span<'a> {
        Span { basis, lo, hi, lo_open: false, hi_open: false }
    }

    /// The span a fine rule states, in its own basis (per-unit: the rate).
    pub fn of_rule(rule: &'a FineRule) -> Span<'a> {
        match rule {
            FineRule::Amount(r) => Span::of(Basis::Amount, r),
            FineRule::Multiple { of, range, .. } => Span::of(Basis::Multiple(of), range),
            FineRule::Percent { of, range, .. } => Span::of(Basis::Percent(of), range),
            FineRule::PerUnit { of, rate, .. } => Span::closed(Basis::PerUnit(of), *rate, Some(*rate)),
            // A formula only grows with its facts, from its start, and is kept inside its range.
            FineRule::Formula(f) => {
                let lo = f.range.min.map_or(f.start, |m| m.max(f.start));
                let hi = f.range.max.map(|h| h.max(lo));
                Span::closed(Basis::Amount, lo, hi)
            }
        }
    }

    /// The span of a band's fine, with per-unit fines turned into money using the bounds the
    /// band's condition (and the fact's domain) put on the units.
    pub fn of_band(rule: &'a FineRule, when: &Condition, facts: &[Fact]) -> Span<'a> {
        match rule {
            FineRule::PerUnit { of, rate, cap } => {
                let domain = facts.iter().find(|f| f.id == *of).map(|f| f.domain).unwrap_or_default();
                let ((lo_units, lo_open), (hi_units, hi_open)) = unit_bounds(when, of, domain);
                let lo = lo_units.and_then(|u| u.checked_mul(*rate)).unwrap_or(Decimal::ZERO);
                let hi = hi_units.and_then(|u| u.checked_mul(*rate));
                // An excluded bound on the units excludes the amount it gives, unless the cap
                // decides that end.
                let (hi, hi_open) = match (hi, cap) {
                    (Some(h), Some(c)) if *c <= h => (Some(*c), false),
                    (Some(h), _) => (Some(h), hi_open),
                    (None, c) => (*c, false),
                };
                let (lo, lo_open) = match cap {
                    Some(c) if *c <= lo => (*c, false),
                    _ => (lo, lo_open && lo_units.is_some()),
                };
                Span { basis: Basis::Amount, lo, hi, lo_open, hi_open }
            }
            _ => Span::of_rule(rule),
        }
    }

    /// The span of fines a weight model can produce, in the basis of the statutory `branch`
    /// whose maximum it scales.
    pub fn of_weights(model: &WeightModel, branch: &'a FineRule) -> Option<Span<'a>> {
        Span::of_weights_where(model, branch, |_| true)
    }

    /// [`Span::of_weights`] over the grades `possible` allows (a grade whose condition cannot
    /// hold for the cases in question does not count); `None` when a factor has none.
    pub fn of_weights_where(
        model: &WeightModel,
        branch: &'a FineRule,
        possible: impl Fn(&Condition) -> bool,
    ) -> Option<Span<'a>> {
        let statute = Span::of_rule(branch);
        let max = statute.hi?;
        let (lo, hi) = weight_sums_where(model, possible)?;
        let whole = Decimal::from(model.denominator);
        // Money as it is paid: a computed fine to the nearest fen (873,333.33, not 873,333.333…).
        let money = matches!(statute.basis, Basis::Amount);
        let pct = |s: Decimal| {
            let x = s.checked_mul(max)?.checked_div(whole)?;
            Some(if money {
                x.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
            } else {
                x
            })
        };
        Some(Span::closed(statute.basis, pct(lo)?, Some(pct(hi)?)))
    }

    /// Whether `self` is the same kind of measure as `other`.
    pub fn comparable(&self, other: &Span<'_>) -> bool {
        self.basis == other.basis
    }

    /// The midpoint, if bounded.
    pub fn mid(&self) -> Option<Decimal> {
        self.hi.and_then(|h| h.checked_add(self.lo)).and_then(|s| s.checked_div(Decimal::TWO))
    }
}

/// The smallest and largest clamped sum (percent) a weight model can reach over the grades
/// `possible` allows; `None` when it allows none of a factor that has grades (no case of those
/// facts gets a weight there).
fn weight_sums_where(model: &WeightModel, possible: impl Fn(&Condition) -> bool) -> Option<(Decimal, Decimal)> {
    // Saturating: a hostile table's absurd weights must not panic the linter.
    let add = |a: Decimal, b: Decimal| {
        a.checked_add(b).unwrap_or(if b.is_sign_negative() { Decimal::MIN } else { Decimal::MAX })
    };
    let mut lo = model.start;
    let mut hi = model.start;
    for f in &model.factors {
        let weights = f.grades.iter().filter(|g| possible(&g.when)).map(|g| g.weight);
        if !f.grades.is_empty() && weights.clone().next().is_none() {
            return None;
        }
        lo = add(lo, weights.clone().min().unwrap_or(Decimal::ZERO));
        hi = add(hi, weights.max().unwrap_or(Decimal::ZERO));
    }
    let clamp = |s: Decimal| {
        let s = s.min(model.cap);
        model.floor.map_or(s, |f| s.max(f))
    };
    Some((clamp(lo), clamp(hi)))
}

/// A bound on a number and whether it is excluded.
type UnitBound = (Option<Decimal>, bool);

/// Bounds a condition puts on a numeric fact (only conjunctions are looked into), within its
/// domain, each with whether it is excluded.
fn unit_bounds(when: &Condition, fact: &str, domain: Range) -> (UnitBound, UnitBound) {
    let mut lo = (domain.min, domain.min.is_some() && domain.excludes_min);
    let mut hi = (domain.max, domain.excludes_max);
    let mut visit = |c: &Condition| {
        if let Condition::Within { fact: f, interval } = c
            && f == fact
        {
            if let Some(b) = interval.lower {
                // The tighter bound wins; at a tie, an excluded bound is the tighter.
                match lo.0 {
                    Some(l) if l > b.value || (l == b.value && lo.1) => {}
                    _ => lo = (Some(b.value), !b.inclusive),
                }
            }
            if let Some(b) = interval.upper {
                match hi.0 {
                    Some(h) if h < b.value || (h == b.value && hi.1) => {}
                    _ => hi = (Some(b.value), !b.inclusive),
                }
            }
        }
    };
    match when {
        Condition::All(items) => items.iter().for_each(&mut visit),
        other => visit(other),
    }
    (lo, hi)
}

/// One bound in its basis: `70,000`, `5×`, `2%`, `20/unit`.
pub(crate) fn show(basis: Basis<'_>, d: Decimal) -> String {
    match basis {
        Basis::Amount => format_amount(d),
        Basis::Multiple(_) => format!("{}×", d.normalize()),
        Basis::Percent(_) => format!("{}%", d.normalize()),
        Basis::PerUnit(of) => format!("{} per {of}", format_amount(d)),
    }
}

/// A whole span in Chinese, as [`describe`]: `100,000至1,000,000`, `5,000以上不满12,000`, `4倍至10倍（illegal_gains 的）`.
pub(crate) fn describe_zh(s: &Span<'_>) -> String {
    let show = |d: Decimal| match s.basis {
        Basis::Amount => format_amount(d),
        Basis::Multiple(_) => format!("{}倍", d.normalize()),
        Basis::Percent(_) => format!("{}%", d.normalize()),
        Basis::PerUnit(of) => format!("每 {of} {}", format_amount(d)),
    };
    let base = match s.basis {
        Basis::Multiple(of) | Basis::Percent(of) => format!("（{of} 的）"),
        _ => String::new(),
    };
    // An unbounded lower end is 0: "不满10,000", not "0以上不满10,000".
    match (s.hi, s.lo.is_zero() && !s.lo_open) {
        (Some(h), _) if h == s.lo => format!("{}{base}", show(h)),
        (Some(h), true) if s.hi_open => format!("不满{}{base}", show(h)),
        (Some(h), true) => format!("不超过{}{base}", show(h)),
        (Some(h), false) => {
            let lo = if s.lo_open { format!("超过{}", show(s.lo)) } else { format!("{}以上", show(s.lo)) };
            if s.hi_open {
                format!("{lo}不满{}{base}", show(h))
            } else if s.lo_open {
                format!("{lo}至{}{base}", show(h))
            } else {
                format!("{}至{}{base}", show(s.lo), show(h))
            }
        }
        (None, _) if s.lo_open => format!("超过{}{base}", show(s.lo)),
        (None, _) => format!("不少于{}{base}", show(s.lo)),
    }
}

/// A whole span: `100,000–1,000,000`, `at most 50,000`, `2×`.
pub(crate) fn describe(s: &Span<'_>) -> String {
    let base = match s.basis {
        Basis::Multiple(of) | Basis::Percent(of) => format!(" of {of}"),
        _ => String::new(),
    };
    let (lo, hi) = (show(s.basis, s.lo), s.hi.map(|h| show(s.basis, h)));
    match (s.hi, hi, s.lo_open) {
        (Some(h), _, _) if h == s.lo => format!("{lo}{base}"),
        (Some(_), Some(hi), true) if s.hi_open => format!("over {lo} and under {hi}{base}"),
        (Some(_), Some(hi), true) => format!("over {lo} to {hi}{base}"),
        (Some(_), Some(hi), false) if s.hi_open => format!("{lo} to under {hi}{base}"),
        (Some(_), Some(hi), false) => format!("{lo}–{hi}{base}"),
        (_, _, true) => format!("more than {lo}{base}"),
        _ => format!("at least {lo}{base}"),
    }
}

#[cfg(test)]
mod describe_tests {
    use super::*;

    #[test]
    fn spans_read_as_written_in_both_languages() {
        let d = Decimal::from;
        let span = |lo: i64, hi: Option<i64>, lo_open: bool, hi_open: bool| Span {
            basis: Basis::Amount,
            lo: d(lo),
            hi: hi.map(d),
            lo_open,
            hi_open,
        };
        let both = |s: &Span<'_>| (describe(s), describe_zh(s));
        assert_eq!(
            both(&span(3000, Some(12000), true, false)),
            ("over 3,000 to 12,000".into(), "超过3,000至12,000".into())
        );
        assert_eq!(both(&span(0, Some(10000), false, true)), ("0 to under 10,000".into(), "不满10,000".into()));
        assert_eq!(
            both(&span(5000, Some(12000), false, true)),
            ("5,000 to under 12,000".into(), "5,000以上不满12,000".into())
        );
        assert_eq!(both(&span(100, None, true, false)), ("more than 100".into(), "超过100".into()));
        assert_eq!(both(&span(100, Some(200), false, false)), ("100–200".into(), "100至200".into()));
    }
}
