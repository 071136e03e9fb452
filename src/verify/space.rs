//! Exact analysis of conditions: every condition tests one fact against an interval or a set of
//! values, so the breakpoints of all conditions involved cut each fact's domain into segments
//! on which every condition is constant. One representative value per segment, combined over
//! the facts, visits every distinct case — an exhaustive, not a sampled, analysis.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::table::{Benchmark, Condition, FactId, FactSlots, FactType, Range, Value};

/// Analyses with more combinations than this are skipped (and said so).
pub(crate) const MAX_POINTS: usize = 200_000;

/// The representative values of each fact.
pub(crate) struct Space {
    axes: Vec<(FactId, Vec<Value>)>,
}

pub(crate) fn collect<'a>(c: &'a Condition, breaks: &mut BTreeMap<&'a str, Vec<Decimal>>) {
    match c {
        Condition::All(cs) | Condition::Any(cs) => cs.iter().for_each(|c| collect(c, breaks)),
        Condition::Within { fact, interval } => {
            let e = breaks.entry(fact).or_default();
            e.extend(interval.lower.map(|b| b.value));
            e.extend(interval.upper.map(|b| b.value));
        }
        Condition::Flag { fact, .. } | Condition::OneOf { fact, .. } => {
            breaks.entry(fact).or_default();
        }
    }
}

pub(crate) fn numeric_points(mut b: Vec<Decimal>, integral: bool, domain: Range) -> Vec<Value> {
    b.sort();
    b.dedup();
    let inside = |x: &Decimal| domain.contains(*x) && (!integral || x.fract().is_zero());
    let mut pts = Vec::new();
    // Checked: a boundary at the edge of what a Decimal holds has no point beyond it.
    let first_below =
        |x: Decimal| if integral { x.floor().checked_sub(Decimal::ONE) } else { x.checked_sub(Decimal::ONE) };
    match b.first() {
        None => pts.push(domain.min.unwrap_or(Decimal::ZERO)),
        Some(f) => pts.extend(domain.min.filter(|m| m < f).or_else(|| first_below(*f))),
    }
    for (i, x) in b.iter().enumerate() {
        pts.push(*x);
        let next = b.get(i + 1);
        let between = if integral {
            x.floor().checked_add(Decimal::ONE)
        } else {
            match next {
                None => x.checked_add(Decimal::ONE),
                Some(n) => {
                    x.checked_div(Decimal::TWO).zip(n.checked_div(Decimal::TWO)).and_then(|(a, b)| a.checked_add(b))
                }
            }
        };
        if let Some(between) = between
            && next.is_none_or(|n| between < *n)
        {
            pts.push(between);
        }
    }
    pts.retain(inside);
    pts.dedup();
    pts.into_iter().map(|p| Value::Number(p.normalize())).collect()
}

impl Space {
    /// The space of the facts the conditions read.
    pub fn new<'a>(conditions: impl IntoIterator<Item = &'a Condition>, b: &Benchmark) -> Space {
        let mut breaks = BTreeMap::new();
        for c in conditions {
            collect(c, &mut breaks);
        }
        let axes = breaks
            .into_iter()
            .filter_map(|(f, br)| {
                let id = b.fact_id(f)?;
                let fact = b.fact_by_id(id)?;
                let values = match &fact.fact_type {
                    FactType::Boolean => vec![Value::Flag(false), Value::Flag(true)],
                    FactType::Enum(vs) => {
                        (0..vs.len()).filter_map(|i| u16::try_from(i).ok()).map(Value::Word).collect()
                    }
                    // Dates are day numbers with no domain of their own.
                    FactType::Date => numeric_points(br, true, Range::default()),
                    t => numeric_points(br, t.is_integral(), fact.domain),
                };
                Some((id, values))
            })
            .collect();
        Space { axes }
    }

    /// How many combinations there are (saturating).
    pub fn size(&self) -> usize {
        self.axes.iter().fold(1usize, |n, (_, v)| n.saturating_mul(v.len().max(1)))
    }

    /// How many facts vary.
    pub fn axis_count(&self) -> usize {
        self.axes.len()
    }

    /// The position of a fact among the axes.
    pub fn axis_of(&self, fact: FactId) -> Option<usize> {
        self.axes.iter().position(|(id, _)| *id == fact)
    }

    /// The representative values of axis `k`, in order (numbers ascending).
    pub fn axis_values(&self, k: usize) -> &[Value] {
        self.axes.get(k).map_or(&[], |(_, v)| v.as_slice())
    }

    /// How many positions axis `k` has (an axis without values still has one: the fact unset).
    pub fn axis_len(&self, k: usize) -> usize {
        self.axis_values(k).len().max(1)
    }

    /// How far apart in [`Space::for_each`] order two combinations differing by one step along
    /// axis `k` are (the first axis turns fastest).
    pub fn stride(&self, k: usize) -> usize {
        (0..k).map(|j| self.axis_len(j)).fold(1usize, usize::saturating_mul)
    }

    /// The combination at index `point` of [`Space::for_each`] order.
    pub fn point(&self, mut point: usize) -> FactSlots {
        let mut facts = FactSlots::new();
        for (k, (id, values)) in self.axes.iter().enumerate() {
            let len = self.axis_len(k);
            if let Some(v) = values.get(point % len) {
                facts.set(*id, *v);
            }
            point /= len;
        }
        facts
    }

    /// Calls `f` with every combination, until it returns `false`.
    pub fn for_each(&self, mut f: impl FnMut(&FactSlots) -> bool) {
        let mut index = vec![0usize; self.axes.len()];
        // Every axis set once; then each step changes only the axes the odometer moved (one,
        // mostly): rebuilding the whole combination at every point was most of lint's time on
        // tables whose conditions read many facts.
        let mut facts = FactSlots::new();
        for (id, values) in &self.axes {
            if let Some(v) = values.first() {
                facts.set(*id, *v);
            }
        }
        loop {
            if !f(&facts) {
                return;
            }
            // Odometer increment; done when every axis wrapped.
            let mut k = 0;
            loop {
                let Some((slot, (id, values))) = index.get_mut(k).zip(self.axes.get(k)) else { return };
                *slot += 1;
                if let Some(v) = values.get(*slot) {
                    facts.set(*id, *v);
                    break;
                }
                *slot = 0;
                if let Some(v) = values.first() {
                    facts.set(*id, *v);
                }
                k += 1;
            }
        }
    }
}

/// A witness as `(fact, value)` pairs sorted by fact id, values as tables write them.
pub(crate) fn witness(b: &Benchmark, facts: &FactSlots) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = facts
        .iter()
        .filter_map(|(id, v)| {
            let fact = b.fact_by_id(id)?;
            let v = match (v, &fact.fact_type) {
                (Value::Number(n), FactType::Date) => i64::try_from(n)
                    .ok()
                    .and_then(crate::Date::from_day_number)
                    .map_or_else(|| n.to_string(), |d| d.to_string()),
                (Value::Number(n), _) => n.normalize().to_string(),
                (Value::Flag(x), _) => x.to_string(),
                (Value::Word(w), FactType::Enum(values)) => values.get(usize::from(w)).cloned().unwrap_or_default(),
                (Value::Word(w), _) => w.to_string(),
            };
            Some((fact.id.clone(), v))
        })
        .collect();
    pairs.sort();
    pairs
}
