//! Choosing among alternatives — tiers, grades of a matrix axis or of a weight factor — under
//! the table's overlap policy, and the level of a scheme for a case.

use rust_decimal::Decimal;

use super::{CAxis, CCond, CScheme, FactId, FactSource, Tri};
use crate::table::model::OverlapPolicy;

/// Which alternative applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Picked {
    /// This one.
    One(usize),
    /// None holds.
    None,
    /// A fact needed to decide is not given.
    Unknown(FactId),
    /// Two hold where the table forbids overlaps: which one the table means is unknown.
    Several(usize, usize),
}

/// Picks among `conditions` (with their ranks, light → heavy; equal ranks are parallel):
/// `first_match` takes the first that holds, unless an earlier one cannot be decided;
/// `heavier_wins` takes the heaviest that holds, unless a heavier one cannot be decided;
/// `forbidden` (overlaps are a defect verification reports) takes the one that holds, and
/// reports two that hold rather than guess between them.
pub(crate) fn pick(
    conditions: &[CCond],
    rank: impl Fn(usize) -> u32,
    overlap: OverlapPolicy,
    facts: &impl FactSource,
) -> Picked {
    let mut best: Option<usize> = None;
    let mut unknown: Option<(usize, FactId)> = None;
    for (i, c) in conditions.iter().enumerate() {
        match c.eval(facts) {
            Tri::True => match overlap {
                OverlapPolicy::FirstMatch => {
                    return match unknown {
                        Some((_, f)) => Picked::Unknown(f),
                        None => Picked::One(i),
                    };
                }
                OverlapPolicy::Forbidden => match best {
                    None => best = Some(i),
                    Some(b) => return Picked::Several(b, i),
                },
                OverlapPolicy::HeavierWins => {
                    if best.is_none_or(|b| rank(i) >= rank(b)) {
                        best = Some(i);
                    }
                }
            },
            Tri::Unknown(f) => {
                if unknown.is_none() {
                    unknown = Some((i, f));
                }
                if overlap == OverlapPolicy::HeavierWins {
                    // Keep the heaviest undecided one: it could outrank the best.
                    if let Some((u, _)) = unknown
                        && rank(i) >= rank(u)
                    {
                        unknown = Some((i, f));
                    }
                }
            }
            Tri::False => {}
        }
    }
    match (best, unknown) {
        (Some(b), Some((u, f))) if overlap == OverlapPolicy::HeavierWins && rank(u) >= rank(b) => Picked::Unknown(f),
        (Some(b), _) => Picked::One(b),
        (None, Some((_, f))) => Picked::Unknown(f),
        (None, None) => Picked::None,
    }
}

impl CAxis {
    /// The grade that applies (grades are ranked by position).
    pub(crate) fn pick(&self, facts: &impl FactSource) -> Picked {
        match &self.index {
            Some(index) => index.pick(facts),
            None => pick(&self.when, |i| u32::try_from(i).unwrap_or(u32::MAX), self.overlap, facts),
        }
    }
}

/// Why a scheme gives no level for a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NoLevel {
    /// A fact needed to decide is not given.
    Missing(FactId),
    /// No tier holds.
    NoTier,
    /// No grade of axis (or weight factor) `n` holds.
    NoGrade(usize),
    /// The grades chosen name no cell.
    NoCell,
    /// Two tiers (`axis: None`) or two grades of an axis or weight factor hold where the table
    /// forbids overlaps.
    Overlap {
        /// The axis or weight factor, for grades.
        axis: Option<usize>,
        /// The first that holds.
        first: usize,
        /// The second.
        second: usize,
    },
}

/// The most axes a matrix is evaluated on without allocating.
const AXES_ON_STACK: usize = 16;

impl CScheme {
    /// The level (tier, cell, or 0 for a weight model) the facts decide.
    pub(crate) fn select(&self, facts: &impl FactSource) -> Result<usize, NoLevel> {
        match self {
            CScheme::Tiers { overlap, when, index, ranks, .. } => {
                let picked = match index {
                    Some(index) => index.pick(facts),
                    None => pick(when, |i| ranks.get(i).copied().unwrap_or(0), *overlap, facts),
                };
                match picked {
                    Picked::One(i) => Ok(i),
                    Picked::None => Err(NoLevel::NoTier),
                    Picked::Unknown(f) => Err(NoLevel::Missing(f)),
                    Picked::Several(a, b) => Err(NoLevel::Overlap { axis: None, first: a, second: b }),
                }
            }
            CScheme::Matrix { axes, cells, .. } => {
                let mut stack = [0usize; AXES_ON_STACK];
                let mut heap = Vec::new();
                let at: &mut [usize] = match stack.get_mut(..axes.len()) {
                    Some(s) => s,
                    None => {
                        heap.resize(axes.len(), 0);
                        &mut heap
                    }
                };
                // The first axis without one grade, and why; the others are still read, since a
                // cell spanning that axis may decide the case whatever it says there.
                let mut undecided: Option<(usize, NoLevel)> = None;
                for (k, (axis, slot)) in axes.iter().zip(at.iter_mut()).enumerate() {
                    let why = match axis.pick(facts) {
                        Picked::One(g) => {
                            *slot = g;
                            continue;
                        }
                        Picked::None => NoLevel::NoGrade(k),
                        Picked::Unknown(f) => NoLevel::Missing(f),
                        Picked::Several(a, b) => NoLevel::Overlap { axis: Some(k), first: a, second: b },
                    };
                    if !cells.has_spanning() {
                        return Err(why);
                    }
                    *slot = usize::MAX;
                    undecided = undecided.or(Some((k, why)));
                }
                let Some((_, why)) = undecided else { return cells.get(at).ok_or(NoLevel::NoCell) };
                // A spanning cell whose fixed grades are the case's, spanning every axis the
                // case has no grade on.
                cells.spanning_cover(at).ok_or(why)
            }
            CScheme::Weights { .. } => self.weight_sum(facts, Decimal::ZERO, |_, _, _| {}).map(|_| 0),
        }
    }

    /// For a weight model: `start` plus the weight of the grade each factor picks; `visit` sees
    /// every `(factor, grade, weight)`. Checked: an overflowing sum is an error, never a wrap.
    pub(crate) fn weight_sum(
        &self,
        facts: &impl FactSource,
        start: Decimal,
        mut visit: impl FnMut(usize, usize, Decimal),
    ) -> Result<Decimal, NoLevel> {
        let CScheme::Weights { factors, weights, .. } = self else { return Ok(start) };
        let mut sum = start;
        for (k, (axis, grade_weights)) in factors.iter().zip(weights).enumerate() {
            let g = match axis.pick(facts) {
                Picked::One(g) => g,
                Picked::None => return Err(NoLevel::NoGrade(k)),
                Picked::Unknown(f) => return Err(NoLevel::Missing(f)),
                Picked::Several(a, b) => return Err(NoLevel::Overlap { axis: Some(k), first: a, second: b }),
            };
            let w = grade_weights.get(g).copied().unwrap_or_default();
            visit(k, g, w);
            // Saturate, toward the addend's sign: an absurd table cannot overflow the sum (a
            // hugely negative weight must not turn into the heaviest fine); the cap and the
            // floor of zero clamp it anyway.
            sum = sum.checked_add(w).unwrap_or(if w.is_sign_negative() { Decimal::MIN } else { Decimal::MAX });
        }
        Ok(sum)
    }

    /// The compiled band of level `i`.
    pub(crate) fn band(&self, i: usize) -> Option<&super::CBand> {
        match self {
            CScheme::Tiers { bands, .. } | CScheme::Matrix { bands, .. } => bands.get(i),
            CScheme::Weights { band, .. } => (i == 0).then_some(band),
        }
    }
}

impl CCond {
    /// Adds every fact the condition reads to `out`.
    pub(crate) fn facts_into(&self, out: &mut Vec<FactId>) {
        match self {
            CCond::All(cs) | CCond::Any(cs) => cs.iter().for_each(|c| c.facts_into(out)),
            CCond::Flag { fact, .. }
            | CCond::OneOf { fact, .. }
            | CCond::Within { fact, .. }
            | CCond::Spans { fact, .. } => out.push(*fact),
        }
    }
}

impl CScheme {
    /// The facts that decide the level and the amount: those its conditions and fines read,
    /// sorted, each once.
    pub(crate) fn facts_read(&self) -> Vec<FactId> {
        let mut out = Vec::new();
        let axes = |axes: &[CAxis], out: &mut Vec<FactId>| {
            axes.iter().flat_map(|a| &a.when).for_each(|c| c.facts_into(out));
        };
        let bands: Box<dyn Iterator<Item = &super::CBand>> = match self {
            CScheme::Tiers { when, bands, .. } => {
                when.iter().for_each(|c| c.facts_into(&mut out));
                Box::new(bands.iter())
            }
            CScheme::Matrix { axes: a, bands, .. } => {
                axes(a, &mut out);
                Box::new(bands.iter())
            }
            CScheme::Weights { factors, band, .. } => {
                axes(factors, &mut out);
                Box::new(std::iter::once(band))
            }
        };
        for b in bands {
            if let Some(f) = &b.fine {
                f.facts_into(&mut out);
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }
}
