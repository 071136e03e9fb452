//! Alternatives that are disjoint intervals of one number — the commonest published shape
//! ("10万元以上30万元以下", "30日以内") — found by a binary search instead of testing every
//! condition. Any overlap policy gives the same answer on disjoint intervals, so the index is
//! an exact shortcut for [`pick`](super::select::pick), used only where it applies.

use std::cmp::Ordering;

use super::select::Picked;
use super::{CCond, FactId, FactSource, Value};
use crate::table::model::{Bound, Interval};

/// Disjoint intervals of one fact, sorted, each with the alternative it selects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct IntervalIndex {
    fact: FactId,
    /// Sorted by lower end; no two overlap.
    spans: Vec<(Interval, u32)>,
}

/// Where a lower end lies relative to another (`None` = unbounded below, the lowest).
pub(super) fn lower_order(a: Option<Bound>, b: Option<Bound>) -> Ordering {
    match (a, b) {
        (None, None) => Ordering::Equal,
        (None, Some(_)) => Ordering::Less,
        (Some(_), None) => Ordering::Greater,
        // An included end starts before an excluded one at the same number.
        (Some(x), Some(y)) => x.value.cmp(&y.value).then(y.inclusive.cmp(&x.inclusive)),
    }
}

/// Whether interval `a` ends before `b` begins (nothing lies in both).
fn ends_before(a: &Interval, b: &Interval) -> bool {
    match (a.upper, b.lower) {
        (Some(u), Some(l)) => u.value < l.value || (u.value == l.value && !(u.inclusive && l.inclusive)),
        _ => false,
    }
}

impl IntervalIndex {
    /// The index of `conditions`, when every one is an interval of the same fact and no two
    /// overlap (nor is any empty); otherwise `None` and the conditions are tested one by one.
    pub(crate) fn build(conditions: &[CCond]) -> Option<IntervalIndex> {
        let mut fact = None;
        let mut spans = Vec::with_capacity(conditions.len());
        for (i, c) in conditions.iter().enumerate() {
            let CCond::Within { fact: f, interval } = c else { return None };
            if fact.is_some_and(|x| x != *f) || interval.is_empty() {
                return None;
            }
            fact = Some(*f);
            spans.push((*interval, u32::try_from(i).ok()?));
        }
        spans.sort_by(|(a, _), (b, _)| lower_order(a.lower, b.lower));
        if !spans.windows(2).all(|w| matches!(w, [(a, _), (b, _)] if ends_before(a, b))) {
            return None;
        }
        Some(IntervalIndex { fact: fact?, spans })
    }

    /// The alternative whose interval holds the fact's value.
    pub(crate) fn pick(&self, facts: &impl FactSource) -> Picked {
        let Some(Value::Number(x)) = facts.value(self.fact) else { return Picked::Unknown(self.fact) };
        // The last interval starting at or below x is the only one that can hold it.
        let starts_at_or_below = |(iv, _): &(Interval, u32)| match iv.lower {
            None => true,
            Some(b) => b.value < x || (b.value == x && b.inclusive),
        };
        let n = self.spans.partition_point(starts_at_or_below);
        match n.checked_sub(1).and_then(|i| self.spans.get(i)) {
            Some((iv, alt)) if iv.contains(x) => Picked::One(*alt as usize),
            _ => Picked::None,
        }
    }

    /// The fact the intervals read.
    #[cfg(test)]
    fn fact(&self) -> FactId {
        self.fact
    }
}

#[cfg(test)]
mod tests {
    use rust_decimal::Decimal;

    use super::super::FactSlots;
    use super::super::select::pick;
    use super::*;
    use crate::table::model::OverlapPolicy;

    fn within(fact: u32, lower: Option<(i64, bool)>, upper: Option<(i64, bool)>) -> CCond {
        let bound = |(v, inclusive): (i64, bool)| Bound { value: Decimal::from(v), inclusive };
        CCond::Within { fact: FactId(fact), interval: Interval::new(lower.map(bound), upper.map(bound)) }
    }

    #[test]
    fn only_disjoint_intervals_of_one_fact_are_indexed() {
        let tiers = [
            within(0, Some((0, true)), Some((10, false))),
            within(0, Some((10, true)), Some((30, true))),
            within(0, Some((30, false)), None),
        ];
        let index = IntervalIndex::build(&tiers).unwrap();
        assert_eq!(index.fact(), FactId(0));
        // Touching ends both included overlap at the point.
        let shared = [within(0, Some((0, true)), Some((10, true))), within(0, Some((10, true)), None)];
        assert!(IntervalIndex::build(&shared).is_none());
        let two_facts = [within(0, None, Some((10, false))), within(1, Some((10, true)), None)];
        assert!(IntervalIndex::build(&two_facts).is_none());
        let flag = [CCond::Flag { fact: FactId(0), value: true }];
        assert!(IntervalIndex::build(&flag).is_none());
    }

    /// The index and the plain test of every condition agree on every number near every end,
    /// under every overlap policy.
    #[test]
    fn the_index_agrees_with_testing_each_condition() {
        let shapes: Vec<Vec<CCond>> = vec![
            vec![
                within(0, Some((0, true)), Some((10, false))),
                within(0, Some((10, true)), Some((30, true))),
                within(0, Some((30, false)), None),
            ],
            // Out of order, with gaps and an unbounded start.
            vec![
                within(0, Some((50, false)), Some((60, true))),
                within(0, None, Some((5, true))),
                within(0, Some((20, true)), Some((20, true))),
            ],
        ];
        for conditions in &shapes {
            let index = IntervalIndex::build(conditions).unwrap();
            for x in -2..70 {
                for half in [Decimal::ZERO, Decimal::new(5, 1)] {
                    let mut facts = FactSlots::new();
                    facts.set(FactId(0), Value::Number(Decimal::from(x) + half));
                    for policy in [OverlapPolicy::Forbidden, OverlapPolicy::FirstMatch, OverlapPolicy::HeavierWins] {
                        assert_eq!(index.pick(&facts), pick(conditions, |i| i as u32, policy, &facts), "{x}{half}");
                    }
                }
            }
            assert_eq!(index.pick(&FactSlots::new()), Picked::Unknown(FactId(0)));
        }
    }
}
