//! Order consistency (`consistency.md`): heavier levels should not be punished less.
//!
//! Cell level: along each chain of ordered levels (tiers by rank; matrix cells varying one
//! axis), every pair where a heavier cell's median fine lies more than `order_margin` of the
//! lighter cell's band width below the lighter one's is reported, when both have `order_min_n`
//! cases ([`violations`]; the medians are the cells' own, not an isotonic fit).
//!
//! Case level: a case dominated on the level's ordered axes by one with heavier circumstances
//! but a clearly lower fine is an inversion; cases are ranked by how many they have. Without
//! margins such inversions are common noise, so this ranks, it does not flag.

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use rustc_hash::FxHashMap;

use super::collect::{Collected, Group, GroupKey, PerBase, UNIT_PLACES, gap_unit, gap_unit_fen};
use super::inversions::{Item, per_item_inversions_at};
use super::isotonic::violations;
use super::report::GapUnit;
use super::stats::median;
use crate::table::{FactId, Scheme};

/// A level's place in its scheme's order: the tier's rank, or a cell's grades.
struct Place {
    /// The grade on each axis; `None` on an axis the cell spans (`"*"`).
    at: Vec<Option<i64>>,
    /// The number of grades of each axis.
    radix: Vec<usize>,
}

/// The place of `group`'s level.
fn grades(c: &Collected<'_>, group: usize) -> Option<Place> {
    let g = c.groups.get(group)?;
    let table = c.rules.tables().get(g.table)?;
    let violation = table.violations.get(g.violation_index)?;
    let addressee =
        if g.key.addressee == 0 { crate::table::Addressee::Party } else { crate::table::Addressee::ResponsiblePersons };
    match violation.scheme_for(addressee)? {
        Scheme::Tiers { tiers, .. } => {
            tiers.get(g.key.level as usize).map(|t| Place { at: vec![Some(i64::from(t.rank))], radix: vec![1] })
        }
        Scheme::Matrix { axes, cells } => cells.get(g.key.level as usize).map(|cell| Place {
            at: cell.at.iter().map(|x| x.map(|x| x as i64)).collect(),
            radix: axes.iter().map(|a| a.grades.len()).collect(),
        }),
        Scheme::Weights(_) => None,
    }
}

/// A level's grades on every axis, when it spans none.
fn concrete(c: &Collected<'_>, group: usize) -> Option<Vec<i64>> {
    grades(c, group)?.at.into_iter().collect()
}

/// Every combination of `at`'s grades, a spanned axis (`None`) taking each of its `radix`
/// grades in turn (a matrix with a spanning cell has at most 4,096 combinations).
fn expand(at: &[Option<i64>], radix: &[usize]) -> Vec<Vec<i64>> {
    let mut out: Vec<Vec<i64>> = vec![Vec::with_capacity(at.len())];
    for (g, &r) in at.iter().zip(radix) {
        out = match g {
            Some(g) => out
                .into_iter()
                .map(|mut v| {
                    v.push(*g);
                    v
                })
                .collect(),
            None => out
                .into_iter()
                .flat_map(|v| {
                    (0..r as i64).map(move |x| {
                        let mut v = v.clone();
                        v.push(x);
                        v
                    })
                })
                .collect(),
        };
    }
    out
}

/// Millionths: the fixed point a multiple (or a percentage) of a fact is compared in.
const MICRO: i128 = 1_000_000;

/// An amount in fen per unit of a multiple ([`UNIT_PLACES`] fixed point), in millionths of the
/// multiple.
fn per_unit(fen: i64, unit: i64) -> Option<i64> {
    if unit <= 0 {
        return None;
    }
    let scale = 10i128.checked_pow(UNIT_PLACES - 2)?;
    i64::try_from(i128::from(fen).checked_mul(MICRO)?.checked_mul(scale)? / i128::from(unit)).ok()
}

/// Member `row`'s fine on its group's scale: fen, or — where the level's fine is a multiple or
/// a percentage of a fact (`Group::per`) — that multiple in millionths, since two cases' fines
/// of 2 and 7 times their own gains say nothing about each other in money. `None` for a case
/// not measured in the multiple (its band clipped by the statute, or a base of 0: see
/// `PerBase::unit`).
fn measured(g: &Group, row: usize, fen: i64) -> Option<i64> {
    if g.per.is_none() {
        return Some(fen);
    }
    per_unit(fen, *g.bases.get(row)?)
}

/// How many of a group's cases are measured on its scale ([`measured`]).
pub(crate) fn measured_count(c: &Collected<'_>, group: usize) -> u64 {
    let Some(g) = c.groups.get(group) else { return 0 };
    if g.per.is_none() {
        return c.members(group).len() as u64;
    }
    g.bases.iter().filter(|&&u| u > 0).count() as u64
}

/// Member `row`'s gap unit on the same scale: its band's width (or 10 % of a one-amount band),
/// in fen or in millionths of the multiple.
fn own_gap(g: &Group, row: usize) -> Option<i64> {
    let fen = match g.widths.get(row) {
        Some(&w) => w,
        None => gap_unit_fen(&g.band?),
    };
    if g.per.is_none() { Some(fen) } else { per_unit(fen, *g.bases.get(row)?) }
}

/// The gap unit of a group on its scale ([`measured`]), when its band is known: in fen, or —
/// a multiple's — the median of its cases' in millionths of the multiple. A one-amount band (a
/// clamped band, a table placing every case at its tier's middle) is measured as positions
/// measure it: in units of 10 % of the amount ([`point_unit`](crate::check::point_unit)) — with
/// no width, no inversion could ever exceed a margin of it.
fn width(c: &Collected<'_>, group: usize) -> Option<f64> {
    let g = c.groups.get(group)?;
    if g.per.is_some() {
        let mut gaps: Vec<i64> = (0..c.members(group).len()).filter_map(|row| own_gap(g, row)).collect();
        return median(&mut gaps);
    }
    let (width, _) = unit(c, group)?;
    (width * Decimal::ONE_HUNDRED).to_f64()
}

/// The median of a group's fines on its scale ([`measured`]): fen, or millionths of the
/// multiple.
pub(crate) fn median_measured(c: &Collected<'_>, group: usize) -> Option<f64> {
    let g = c.groups.get(group)?;
    let mut values: Vec<i64> =
        c.members(group).iter().enumerate().filter_map(|(row, r)| measured(g, row, r.fine)).collect();
    median(&mut values)
}

/// A [`median_measured`] as an exact decimal string: yuan, or the multiple (percentage) to
/// four places.
pub(crate) fn shown_measured(c: &Collected<'_>, group: usize) -> String {
    let Some(m) = median_measured(c, group) else { return String::new() };
    shown(c.groups.get(group).is_some_and(|g| g.per.is_some()), m)
}

/// A value on a group's scale as an exact decimal string: fen as yuan, or millionths of a
/// multiple (`per`) to four places.
fn shown(per: bool, m: f64) -> String {
    let (value, scale) = if per { ((m / 100.0).round() as i64, 4) } else { (m.round() as i64, 2) };
    Decimal::new(value, scale).normalize().to_string()
}

/// Case `i`'s fine as its group's multiple (percentage), to four places, where its group is
/// measured in one and the case is.
pub(crate) fn shown_case_measure(c: &Collected<'_>, i: u32) -> Option<String> {
    let group = c.group_of(i);
    let g = c.groups.get(group).filter(|g| g.per.is_some())?;
    let row = i.checked_sub(g.members.start)? as usize;
    let micro = measured(g, row, c.record(i)?.fine)?;
    Some(shown(true, micro as f64))
}

/// What a group's fines are compared in: money, or a multiple or percentage of a fact.
pub(crate) fn per(c: &Collected<'_>, group: usize) -> Option<PerBase> {
    c.groups.get(group)?.per
}

/// What a gap in `group`'s band is measured in, in yuan: its width, or for a band of one amount
/// (no width) 10 % of it, as `check` measures positions there ([`gap_unit`]). Where the band
/// varies from case to case (a fine of a multiple or a percentage of a fact), the median of its
/// cases' — 10 % of the amount only if every band is of one amount.
pub(crate) fn unit(c: &Collected<'_>, group: usize) -> Option<(Decimal, GapUnit)> {
    let g = c.groups.get(group)?;
    if let Some(band) = g.band {
        return gap_unit(&band);
    }
    // The median in exact arithmetic: the two middle widths (one for an odd count), halved.
    let mut widths = g.widths.clone();
    let n = widths.len();
    let (lower, &mut upper, _) = widths.select_nth_unstable(n.checked_sub(1)? / 2 + usize::from(n % 2 == 0));
    let low = if n % 2 == 0 { lower.iter().copied().max()? } else { upper };
    let fen = Decimal::from_i128_with_scale(i128::from(low) + i128::from(upper), 0) / Decimal::from(200);
    let unit = if g.points_only { GapUnit::TenthOfAmount } else { GapUnit::BandWidth };
    Some((fen, unit))
}

/// Blocks of groups that differ only in level (their keys with the level left out) and whose
/// fines are measured alike: in money, or as multiples (percentages) of one fact. A level fined
/// in money and one fined in multiples of gains are not compared: neither scale orders both.
fn blocks(c: &Collected<'_>) -> Vec<Vec<usize>> {
    // The fact a block's fines are multiples (percentages) of, if any.
    type Scale = Option<(FactId, bool)>;
    let mut by: FxHashMap<(GroupKey, Scale), Vec<usize>> = FxHashMap::default();
    for (i, g) in c.groups.iter().enumerate() {
        by.entry((GroupKey { level: 0, ..g.key }, g.per.map(|p| (p.fact, p.percent)))).or_default().push(i);
    }
    let mut out: Vec<Vec<usize>> = by.into_values().collect();
    for b in &mut out {
        b.sort_unstable_by_key(|&g| c.groups.get(g).map(|x| x.key));
    }
    out.sort_unstable_by_key(|b| b.first().and_then(|&g| c.groups.get(g)).map(|x| x.key));
    out
}

/// Cell-level inversions: (lighter group, heavier group, gap in lighter band widths).
pub(crate) fn cell_inversions(c: &Collected<'_>) -> Vec<(usize, usize, f64)> {
    let mut out = Vec::new();
    let placed_blocks: Vec<Vec<(usize, Place)>> =
        blocks(c).into_iter().map(|block| block.iter().filter_map(|&g| Some((g, grades(c, g)?))).collect()).collect();
    // Each placed level's median fine (or multiple), once (a level is in a chain along each of
    // its axes), on every core: a selection over each level's cases, the whole audit's cases in
    // all.
    let wanted: Vec<usize> = placed_blocks.iter().flatten().map(|(g, _)| *g).collect();
    let found = super::within::parallel_map(
        wanted.len(),
        |j| wanted.get(j).map_or(0, |&g| c.members(g).len()),
        |j| wanted.get(j).and_then(|&g| median_measured(c, g)).unwrap_or(f64::NAN),
        c.threads,
    );
    let fine_median: FxHashMap<usize, f64> = wanted.into_iter().zip(found).collect();
    for placed in placed_blocks {
        let axes = placed.first().map_or(0, |(_, p)| p.at.len());
        // Chains: for each axis, the levels sharing every other grade, ordered along it. A cell
        // spanning other axes is in the chain of each grade it covers there; along an axis it
        // spans it has no place.
        for axis in 0..axes {
            let mut chains: FxHashMap<Vec<i64>, Vec<(i64, usize)>> = FxHashMap::default();
            for (g, Place { at, radix }) in &placed {
                let Some(Some(here)) = at.get(axis).copied() else { continue };
                let others = |v: &[Option<i64>]| -> Vec<Option<i64>> {
                    v.iter().enumerate().filter(|(k, _)| *k != axis).map(|(_, x)| *x).collect()
                };
                let radix_others: Vec<usize> =
                    radix.iter().enumerate().filter(|(k, _)| *k != axis).map(|(_, r)| *r).collect();
                for rest in expand(&others(at), &radix_others) {
                    chains.entry(rest).or_default().push((here, *g));
                }
            }
            let mut chains: Vec<Vec<(i64, usize)>> = chains.into_values().collect();
            chains.sort_unstable();
            for mut chain in chains {
                chain.sort_unstable();
                // Parallel levels of one rank (tiers split by party) are not ordered among
                // themselves: compare only strictly heavier ones.
                let medians: Vec<f64> =
                    chain.iter().map(|(_, g)| fine_median.get(g).copied().unwrap_or(f64::NAN)).collect();
                // Weighed by the cases measured (a multiple's cases whose band the statute
                // clipped are not).
                let weights: Vec<u64> = chain.iter().map(|&(_, g)| measured_count(c, g)).collect();
                for (i, j) in violations(&medians, &weights, c.config.order_min_n, 0.0) {
                    let (Some(&(ri, gi)), Some(&(rj, gj))) = (chain.get(i), chain.get(j)) else { continue };
                    let (Some(mi), Some(mj), Some(w)) = (medians.get(i), medians.get(j), width(c, gi)) else {
                        continue;
                    };
                    if rj > ri && w > 0.0 && mi - mj > c.config.order_margin * w {
                        out.push((gi, gj, (mi - mj) / w));
                    }
                }
            }
        }
    }
    out.sort_by(|a, b| b.2.total_cmp(&a.2).then(a.0.cmp(&b.0)).then(a.1.cmp(&b.1)));
    out.dedup_by_key(|x| (x.0, x.1));
    out
}

/// Cases ranked by inversions against them: (record index, inversions, the heavier case fined
/// least), most first, the first `inversion_list`; and how many cases have any. The margin of
/// case i is max(its band width, `inversion_share` of its fine).
pub(crate) fn ranked_cases(c: &Collected<'_>) -> (Vec<Ranked>, u64) {
    let blocks = blocks(c);
    let size = |b: usize| blocks.get(b).map_or(0, |gs| gs.iter().map(|&g| c.members(g).len()).sum());
    let per_block = super::within::parallel_map(
        blocks.len(),
        size,
        |b| block_inversions(c, blocks.get(b).map_or(&[], Vec::as_slice)),
        c.threads,
    );
    let found: u64 = per_block.iter().map(|(_, n)| n).sum();
    let mut ranked: Vec<Ranked> = per_block.into_iter().flat_map(|(r, _)| r).collect();
    ranked.sort_unstable_by(|a, b| b.inversions.cmp(&a.inversions).then_with(|| c.ids_cmp(a.record, b.record)));
    ranked.truncate(c.config.inversion_list);
    (ranked, found)
}

/// A case with inversions against it.
pub(crate) struct Ranked {
    pub record: u32,
    /// Cases with heavier circumstances fined clearly less.
    pub inversions: u64,
    /// Of those, the one fined least (ties to the smaller id): the case that most often
    /// explains the count — one heavier case fined far too little puts every lighter case of
    /// its block fined normally in the ranking. (Always found: a case with inversions has a
    /// heavier case fined less.)
    pub lightest_heavier: Option<u32>,
}

/// The inversions of one block's cases: those with any (the first `inversion_list`), and how
/// many have any.
fn block_inversions(c: &Collected<'_>, block: &[usize]) -> (Vec<Ranked>, u64) {
    let mut records: Vec<u32> = Vec::new();
    let mut items: Vec<Item> = Vec::new();
    // A level's band width by its place (a, b); parallel tiers of one rank take the widest.
    let mut widths: FxHashMap<(i64, i64), i64> = FxHashMap::default();
    // Each case's own gap unit, where its group's band varies from case to case (else 0).
    let mut own: Vec<i64> = Vec::new();
    for &g in block {
        // A cell spanning an axis has no one place to rank its cases by.
        let Some(at) = concrete(c, g) else { continue };
        let place = (at.first().copied().unwrap_or(0), at.get(1).copied().unwrap_or(0));
        let group = c.groups.get(g);
        let varying = group.map_or(&[][..], |x| x.widths.as_slice());
        if varying.is_empty() && group.is_some_and(|x| x.per.is_none()) {
            let w = width(c, g).map_or(0, |w| w as i64);
            let slot = widths.entry(place).or_insert(0);
            *slot = (*slot).max(w);
        }
        let Some(group) = group else { continue };
        let start = group.members.start;
        for (row, r) in c.members(g).iter().enumerate() {
            // A case without a unit of its multiple has no place on the scale.
            let Some(x) = measured(group, row, r.fine) else { continue };
            records.push(start + row as u32);
            items.push(Item { a: place.0, b: place.1, x });
            own.push(if group.per.is_some() {
                own_gap(group, row).unwrap_or(0)
            } else {
                varying.get(row).copied().unwrap_or(0)
            });
        }
    }
    let share = c.config.inversion_share;
    let counts = per_item_inversions_at(&items, |i, it| {
        let part = (it.x.unsigned_abs() as f64 * share) as i64;
        let band = own.get(i).copied().unwrap_or(0).max(widths.get(&(it.a, it.b)).copied().unwrap_or(0));
        part.max(band)
    });
    let mut ranked: Vec<(u32, u64, (i64, i64))> = records
        .iter()
        .zip(&items)
        .zip(counts)
        .filter(|(_, n)| *n > 0)
        .map(|((&r, it), n)| (r, n, (it.a, it.b)))
        .collect();
    let found = ranked.len() as u64;
    // Only the first `inversion_list` of the run are listed, so no block needs to give more.
    let list = c.config.inversion_list;
    if ranked.len() > list {
        ranked.select_nth_unstable_by(list, |a, b| b.1.cmp(&a.1).then_with(|| c.ids_cmp(a.0, b.0)));
        ranked.truncate(list);
    }
    // Each place's case fined least; a listed case's lightest heavier case is the least of
    // those of the places that dominate its own.
    // (fine, record): the smaller fine first, ties to the smaller id.
    let lighter = |x: &(i64, u32), y: &(i64, u32)| x.0.cmp(&y.0).then_with(|| c.ids_cmp(x.1, y.1));
    let mut least: FxHashMap<(i64, i64), (i64, u32)> = FxHashMap::default();
    for (&r, it) in records.iter().zip(&items) {
        let case = (it.x, r);
        least.entry((it.a, it.b)).and_modify(|slot| *slot = std::cmp::min_by(*slot, case, lighter)).or_insert(case);
    }
    let ranked = ranked
        .into_iter()
        .map(|(record, inversions, (a, b))| {
            let heavier = least.iter().filter(|((pa, pb), _)| *pa >= a && *pb >= b && (*pa, *pb) != (a, b));
            let lightest = heavier.map(|(_, v)| *v).min_by(lighter);
            Ranked { record, inversions, lightest_heavier: lightest.map(|(_, r)| r) }
        })
        .collect();
    (ranked, found)
}
