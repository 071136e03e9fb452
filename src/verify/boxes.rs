//! The fast way to find which alternatives match each combination of facts: most conditions
//! are *boxes* — per fact, a set of the fact's representative values (`days_late in 16..=30 and
//! party = company`) — and a box's matches can be written straight into the table of
//! combinations, in work proportional to the combinations it covers instead of one evaluation
//! of every clause at every combination. For a realistic table (alternatives that mostly do
//! not overlap) that is near-linear; the slow way remains for conditions that are not boxes
//! (an `any:` across two facts), and both fill the same [`Matches`] table.

use crate::table::compiled::{CCond, Tri};
use crate::table::{Interval, Value};

use super::space::Space;

/// No alternative.
const NONE: u32 = u32::MAX;

/// For every combination (in [`Space::for_each`] order), the first two alternatives matching it.
pub(crate) struct Matches {
    first_two: Vec<(u32, u32)>,
}

impl Matches {
    fn new(size: usize) -> Matches {
        Matches { first_two: vec![(NONE, NONE); size] }
    }

    /// Records that alternative `i` matches combination `point`; alternatives must be recorded in
    /// increasing `i` per point, so that the first two kept are the first two in order.
    fn record(&mut self, point: usize, i: u32) {
        if let Some(slot) = self.first_two.get_mut(point) {
            if slot.0 == NONE {
                slot.0 = i;
            } else if slot.1 == NONE {
                slot.1 = i;
            }
        }
    }

    /// The first two alternatives matching each combination, by combination index.
    pub fn iter(&self) -> impl Iterator<Item = (usize, Option<usize>, Option<usize>)> + '_ {
        let some = |i: u32| (i != NONE).then_some(i as usize);
        self.first_two.iter().enumerate().map(move |(p, (a, b))| (p, some(*a), some(*b)))
    }

    /// The slow way: every alternative evaluated at every combination.
    pub fn by_evaluation(space: &Space, options: &[CCond]) -> Matches {
        let mut m = Matches::new(space.size());
        let mut point = 0usize;
        space.for_each(|facts| {
            for (i, c) in options.iter().enumerate() {
                if c.eval(facts) == Tri::True {
                    m.record(point, i as u32);
                }
            }
            point += 1;
            true
        });
        m
    }

    /// The fast way, when every alternative is a box whose combinations number at most `budget`
    /// in all; `None` otherwise (then use [`Matches::by_evaluation`] or give up).
    pub fn by_boxes(space: &Space, options: &[CCond], budget: usize) -> Option<Matches> {
        let boxes: Vec<Box> = options.iter().map(|c| to_box(space, c)).collect::<Option<_>>()?;
        let volume = boxes.iter().map(|b| b.volume(space)).fold(0usize, usize::saturating_add);
        if volume > budget {
            return None;
        }
        let mut m = Matches::new(space.size());
        for (i, b) in boxes.iter().enumerate() {
            b.for_each_point(space, |p| m.record(p, i as u32));
        }
        Some(m)
    }
}

/// Sorted, disjoint, half-open ranges of representative-value indices along one fact.
#[derive(Clone, Debug, PartialEq)]
struct Ranges(Vec<(u32, u32)>);

impl Ranges {
    fn normalised(mut rs: Vec<(u32, u32)>) -> Ranges {
        rs.retain(|(a, b)| a < b);
        rs.sort_unstable();
        let mut out: Vec<(u32, u32)> = Vec::with_capacity(rs.len());
        for (a, b) in rs {
            match out.last_mut() {
                Some(last) if a <= last.1 => last.1 = last.1.max(b),
                _ => out.push((a, b)),
            }
        }
        Ranges(out)
    }

    fn intersect(&self, other: &Ranges) -> Ranges {
        let (mut i, mut j, mut out) = (0, 0, Vec::new());
        while let (Some(&(a0, a1)), Some(&(b0, b1))) = (self.0.get(i), other.0.get(j)) {
            let (lo, hi) = (a0.max(b0), a1.min(b1));
            if lo < hi {
                out.push((lo, hi));
            }
            if a1 < b1 { i += 1 } else { j += 1 }
        }
        Ranges(out)
    }

    fn len(&self) -> usize {
        self.0.iter().map(|(a, b)| (b - a) as usize).sum()
    }
}

/// A condition as a box: per axis of the space, the allowed values (`None`: any value).
#[derive(Clone, Debug)]
struct Box {
    /// The condition never holds (it reads a fact no combination gives).
    never: bool,
    axes: Vec<Option<Ranges>>,
}

impl Box {
    fn everything(space: &Space) -> Box {
        Box { never: false, axes: vec![None; space.axis_count()] }
    }

    fn never(space: &Space) -> Box {
        Box { never: true, axes: vec![None; space.axis_count()] }
    }

    fn is_empty(&self) -> bool {
        self.never || self.axes.iter().any(|a| a.as_ref().is_some_and(|r| r.0.is_empty()))
    }

    /// The one axis this box constrains, if it constrains at most one (`Some(None)`: none).
    fn single_axis(&self) -> Option<Option<usize>> {
        let mut constrained = self.axes.iter().enumerate().filter(|(_, a)| a.is_some()).map(|(k, _)| k);
        match (constrained.next(), constrained.next()) {
            (first, None) => Some(first),
            _ => None,
        }
    }

    fn volume(&self, space: &Space) -> usize {
        if self.never {
            return 0;
        }
        self.axes
            .iter()
            .enumerate()
            .map(|(k, a)| a.as_ref().map_or_else(|| space.axis_len(k), Ranges::len))
            .fold(1usize, usize::saturating_mul)
    }

    /// Calls `f` with the index of every combination inside the box.
    fn for_each_point(&self, space: &Space, mut f: impl FnMut(usize)) {
        if self.never {
            return;
        }
        let lists: Vec<Vec<usize>> = self
            .axes
            .iter()
            .enumerate()
            .map(|(k, a)| match a {
                None => (0..space.axis_len(k)).collect(),
                Some(r) => r.0.iter().flat_map(|(a, b)| (*a as usize)..(*b as usize)).collect(),
            })
            .collect();
        if lists.iter().any(Vec::is_empty) {
            return;
        }
        let strides: Vec<usize> = (0..lists.len()).map(|k| space.stride(k)).collect();
        let mut at = vec![0usize; lists.len()];
        loop {
            let point = lists
                .iter()
                .zip(&at)
                .zip(&strides)
                .map(|((l, i), s)| l.get(*i).copied().unwrap_or(0).saturating_mul(*s))
                .fold(0usize, usize::saturating_add);
            f(point);
            let mut k = 0;
            loop {
                let (Some(slot), Some(list)) = (at.get_mut(k), lists.get(k)) else { return };
                *slot += 1;
                if *slot < list.len() {
                    break;
                }
                *slot = 0;
                k += 1;
            }
        }
    }
}

/// The box of a condition, if it is one.
fn to_box(space: &Space, c: &CCond) -> Option<Box> {
    let atom = |fact, ranges: Vec<(u32, u32)>| {
        let mut b = Box::everything(space);
        match space.axis_of(fact).and_then(|k| b.axes.get_mut(k)) {
            Some(slot) => *slot = Some(Ranges::normalised(ranges)),
            // A fact outside the space is never given, so the condition never holds.
            None => b.never = true,
        }
        Some(b)
    };
    let values = |fact| space.axis_of(fact).map(|k| space.axis_values(k)).unwrap_or_default();
    match c {
        CCond::All(cs) => {
            let mut out = Box::everything(space);
            for c in cs {
                let b = to_box(space, c)?;
                out.never |= b.never;
                for (slot, r) in out.axes.iter_mut().zip(b.axes) {
                    *slot = match (slot.take(), r) {
                        (None, r) | (r, None) => r,
                        (Some(a), Some(b)) => Some(a.intersect(&b)),
                    };
                }
            }
            Some(out)
        }
        CCond::Any(cs) => {
            // A union is a box when every part that can hold constrains the same single axis.
            let parts: Vec<Box> = cs.iter().map(|c| to_box(space, c)).collect::<Option<Vec<_>>>()?;
            let parts: Vec<Box> = parts.into_iter().filter(|b| !b.is_empty()).collect();
            let mut axis = None;
            for p in &parts {
                match p.single_axis()? {
                    None => return Some(Box::everything(space)),
                    Some(k) if axis.is_none_or(|a| a == k) => axis = Some(k),
                    Some(_) => return None,
                }
            }
            let Some(k) = axis else { return Some(Box::never(space)) };
            let ranges = parts.into_iter().filter_map(|mut p| p.axes.get_mut(k).and_then(Option::take));
            let mut out = Box::everything(space);
            if let Some(slot) = out.axes.get_mut(k) {
                *slot = Some(Ranges::normalised(ranges.flat_map(|r| r.0).collect()));
            }
            Some(out)
        }
        CCond::Flag { fact, .. } => {
            // Two values: evaluate the atom at each.
            let mut slots = crate::table::FactSlots::new();
            let ranges = values(*fact)
                .iter()
                .enumerate()
                .filter(|(_, v)| {
                    slots.clear();
                    slots.set(*fact, **v);
                    c.eval(&slots) == Tri::True
                })
                .map(|(i, _)| (i as u32, i as u32 + 1))
                .collect();
            atom(*fact, ranges)
        }
        CCond::OneOf { fact, mask } => {
            // An enum's representative values are its words in order (`Value::Word(i)` at `i`),
            // so the mask's set bits are the indices — read directly, since an enum may be long.
            let values = values(*fact);
            let ranges = mask
                .iter()
                .enumerate()
                .flat_map(|(word, bits)| {
                    (0..64u32).filter(move |bit| bits & (1u64 << bit) != 0).map(move |bit| word * 64 + bit as usize)
                })
                .filter(|i| values.get(*i).is_some_and(|v| *v == Value::Word(*i as u16)))
                .map(|i| (i as u32, i as u32 + 1))
                .collect();
            atom(*fact, ranges)
        }
        CCond::Within { fact, interval } => {
            // Representative values are sorted, so the interval holds a contiguous run of them,
            // found by bisecting on each half of the interval.
            let values = values(*fact);
            // An axis holds values of one kind (`Space::new`): the first tells.
            if !values.first().is_none_or(|v| matches!(v, Value::Number(_))) {
                return None;
            }
            atom(*fact, vec![run(values, interval)])
        }
        CCond::Spans { fact, spans } => {
            let values = values(*fact);
            // An axis holds values of one kind (`Space::new`): the first tells.
            if !values.first().is_none_or(|v| matches!(v, Value::Number(_))) {
                return None;
            }
            atom(*fact, spans.iter().map(|s| run(values, s)).collect())
        }
    }
}

/// The run of sorted representative numbers an interval holds, found by bisecting on each
/// of its halves.
fn run(values: &[Value], interval: &Interval) -> (u32, u32) {
    let number = |v: &Value| match v {
        Value::Number(n) => Some(*n),
        _ => None,
    };
    let (lower, upper) = (Interval::new(interval.lower, None), Interval::new(None, interval.upper));
    let lo = values.partition_point(|v| number(v).is_some_and(|n| !lower.contains(n)));
    let hi = values.partition_point(|v| number(v).is_some_and(|n| upper.contains(n)));
    (lo as u32, hi as u32)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::table::{Benchmark, Scheme};

    /// A condition over a count `n`, an amount `x`, an enum `k` and a flag `b`, as YAML.
    fn condition(depth: u32) -> BoxedStrategy<String> {
        let atom = prop_oneof![
            (0u32..20, 0u32..8).prop_map(|(lo, w)| format!("{{fact: n, at_least: {lo}, at_most: {}}}", lo + w)),
            (0u32..20).prop_map(|lo| format!("{{fact: n, above: {lo}}}")),
            (0u32..20).prop_map(|hi| format!("{{fact: n, below: {hi}}}")),
            (0u32..50, 1u32..30).prop_map(|(lo, w)| format!("{{fact: x, above: {lo}.5, at_most: {}}}", lo + w)),
            prop::sample::subsequence(vec!["a", "b", "c"], 1..3)
                .prop_map(|v| format!("{{fact: k, in: [{}]}}", v.join(", "))),
            any::<bool>().prop_map(|v| format!("{{fact: b, is: {v}}}")),
        ];
        if depth == 0 {
            return atom.boxed();
        }
        let inner = condition(depth - 1);
        prop_oneof![
            3 => atom,
            1 => prop::collection::vec(inner.clone(), 0..3).prop_map(|cs| format!("{{all: [{}]}}", cs.join(", "))),
            1 => prop::collection::vec(inner, 0..3).prop_map(|cs| format!("{{any: [{}]}}", cs.join(", "))),
        ]
        .boxed()
    }

    fn benchmark(conditions: &[String]) -> Benchmark {
        let mut s = String::from(
            "discretion: 1\nfacts:\n  - {id: n, type: count}\n  - {id: x, type: amount}\n  - {id: k, type: enum, values: [a, b, c]}\n  - {id: b, type: boolean}\n",
        );
        s.push_str("statutes:\n  - id: s\n    citation: {instrument: 法, article: 1}\n    versions:\n      - effective: {from: 2020-01-01}\n        branches: [{id: general, fine: {max: 1000}}]\n");
        s.push_str("table:\n  id: t\n  title: {zh: 表}\n  authority: {zh: 局}\n  jurisdiction: CN\n  currency: CNY\n  effective: {from: 2020-01-01}\n  source: {name: 表}\n  boundaries: {above: inclusive, below: exclusive}\n");
        s.push_str("violations:\n  - id: v\n    legal_basis: {violated: [{instrument: 法, article: 1}], penalty: [{instrument: 法, article: 1}]}\n    statute: s\n    overlap: heavier_wins\n    tiers:\n");
        for (i, c) in conditions.iter().enumerate() {
            s.push_str(&format!("      - {{id: t{i}, when: {c}, fine: {{max: 10}}}}\n"));
        }
        Benchmark::from_str("t.yaml", &s).unwrap_or_else(|e| panic!("{e}\n{s}"))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        /// The fast way and the slow way find the same first two matches at every combination.
        #[test]
        fn boxes_agree_with_evaluation(conditions in prop::collection::vec(condition(2), 1..6)) {
            let b = benchmark(&conditions);
            let v = &b.tables()[0].violations[0];
            let Scheme::Tiers { tiers, .. } = &v.scheme else { panic!("tiers") };
            let space = Space::new(tiers.iter().map(|t| &t.when), &b);
            let compiled: Vec<CCond> = tiers.iter().map(|t| b.compiled().condition(&t.when)).collect();
            let slow: Vec<_> = Matches::by_evaluation(&space, &compiled).iter().collect();
            match Matches::by_boxes(&space, &compiled, usize::MAX) {
                Some(fast) => prop_assert_eq!(fast.iter().collect::<Vec<_>>(), slow),
                // Only an `any:` can fail to be a box.
                None => prop_assert!(conditions.iter().any(|c| c.contains("any:"))),
            }
        }
    }

    /// Conditions on one fact each, and `any:` within one fact, are boxes.
    #[test]
    fn single_fact_unions_are_boxes() {
        let b = benchmark(&[
            "{all: [{fact: n, at_least: 3}, {fact: k, in: [a]}]}".into(),
            "{any: [{fact: n, below: 2}, {fact: n, above: 9}]}".into(),
            "{all: []}".into(),
            "{fact: b, is: true}".into(),
        ]);
        let Scheme::Tiers { tiers, .. } = &b.tables()[0].violations[0].scheme else { panic!("tiers") };
        let space = Space::new(tiers.iter().map(|t| &t.when), &b);
        let compiled: Vec<CCond> = tiers.iter().map(|t| b.compiled().condition(&t.when)).collect();
        assert!(Matches::by_boxes(&space, &compiled, usize::MAX).is_some());
        let cross = b.compiled().condition(&crate::table::Condition::Any(vec![
            crate::table::Condition::Flag { fact: "b".into(), value: true },
            crate::table::Condition::OneOf { fact: "k".into(), values: vec!["a".into()] },
        ]));
        assert!(to_box(&space, &cross).is_none(), "an any: across two facts is not a box");
    }
}
