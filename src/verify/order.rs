//! Order along levels (checks 3 and 5): bands never decrease along ordered tiers or along any
//! axis of a matrix; neighbouring tiers leave no gap and no overlap beyond a shared endpoint.

use crate::table::{Addressee, Benchmark, Cell, Condition, Disposition, OverlapPolicy, Scheme, Table, Violation};

use super::bands::{Level, level_span, levels};
use super::money::{Span, describe, describe_zh, show};
use super::{Check, Related, Sink, bilingual};

/// The party types a condition is limited to (`None`: any), read from a top-level conjunction.
fn parties(c: &Condition) -> Option<&[String]> {
    let items: &[Condition] = match c {
        Condition::All(items) => items,
        other => std::slice::from_ref(other),
    };
    items.iter().find_map(|c| match c {
        Condition::OneOf { fact, values } if fact == crate::table::PARTY_FACT => Some(values.as_slice()),
        _ => None,
    })
}

/// Whether two tiers can concern the same party, and so are comparable.
fn same_party(a: &Condition, b: &Condition) -> bool {
    match (parties(a), parties(b)) {
        (Some(x), Some(y)) => x.iter().any(|p| y.contains(p)),
        _ => true,
    }
}

/// Whether the heavier level's band is lower — compared as fines are paid, to the fen: `max:
/// 100000` then `below: 100000` lowers the top by a fen; `below: 100000` then `max: 99999.99`
/// does not.
fn decreases(lighter: &Span<'_>, heavier: &Span<'_>) -> bool {
    let ((light_lo, light_hi), (heavy_lo, heavy_hi)) = (lighter.payable_ends(), heavier.payable_ends());
    heavy_lo < light_lo
        || match (light_hi, heavy_hi) {
            (None, Some(_)) => true,
            (Some(l), Some(h)) => h < l,
            _ => false,
        }
}

/// The other level of a pair as a related location: its name and band, in both languages.
fn related_level(sink: &Sink<'_>, level: &Level<'_>, span: &Span<'_>, lighter: bool) -> Related {
    let (en, zh) = if lighter { ("lighter level", "较轻阶次") } else { ("level", "阶次") };
    sink.related(
        level.origin,
        &level.origin.path,
        bilingual(
            format!("{en} `{}`: {}", level.name, describe(span)),
            format!("{zh} `{}`：{}", level.name, describe_zh(span)),
        ),
    )
}

fn report_pair(sink: &mut Sink<'_>, v: &Violation, light: &Level<'_>, ls: &Span<'_>, heavy: &Level<'_>, hs: &Span<'_>) {
    let related = related_level(sink, light, ls, true);
    let d = sink.emit(
        Check::NotMonotone,
        heavy.origin,
        &format!("{}.fine", heavy.origin.path),
        bilingual(
            format!(
                "in `{}`, heavier level `{}` ({}) has a lower band than lighter level `{}` ({})",
                v.id,
                heavy.name,
                describe(hs),
                light.name,
                describe(ls)
            ),
            format!(
                "`{}` 中较重阶次 `{}`（{}）的幅度低于较轻阶次 `{}`（{}）",
                v.id,
                heavy.name,
                describe_zh(hs),
                light.name,
                describe_zh(ls)
            ),
        ),
    );
    d.related = Some(related);
}

fn tiers(
    b: &Benchmark,
    sink: &mut Sink<'_>,
    table: &Table,
    v: &Violation,
    (scheme, addressee): (&Scheme, Addressee),
    overlap: OverlapPolicy,
) {
    let branch = b.statute(&v.statute).and_then(|s| s.version_at(table.effective.from));
    let ls = levels(scheme, addressee);
    let spans: Vec<Option<Span<'_>>> = ls
        .iter()
        .map(|l| {
            let br = branch.and_then(|x| l.band.branch.as_deref().and_then(|id| x.branch(id)));
            level_span(b, l, br)
        })
        .collect();
    // Levels grouped by rank once: adjacent ranks are compared group to group, so the work is
    // the sum of the products of adjacent groups' sizes (linear for tiers of distinct ranks).
    let mut by_rank: std::collections::BTreeMap<u32, Vec<usize>> = std::collections::BTreeMap::new();
    for (i, l) in ls.iter().enumerate() {
        by_rank.entry(l.rank).or_default().push(i);
    }
    let groups: Vec<&Vec<usize>> = by_rank.values().collect();
    let mut budget = super::coverage::MAX_WORK;
    for pair in groups.windows(2) {
        let [lighter, heavier] = pair else { continue };
        for (i, a) in lighter.iter().filter_map(|&i| Some((i, ls.get(i)?))) {
            for (j, h) in heavier.iter().filter_map(|&j| Some((j, ls.get(j)?))) {
                let (Some(Some(sa)), Some(Some(sh))) = (spans.get(i), spans.get(j)) else { continue };
                // Mitigated and no-penalty levels sit below the statutory range by design.
                let outside =
                    |l: &Level<'_>| matches!(l.band.disposition, Some(Disposition::Mitigated | Disposition::NoPenalty));
                if a.band.branch != h.band.branch
                    || !sa.comparable(sh)
                    || !same_party(&a.when, &h.when)
                    || outside(a)
                    || outside(h)
                {
                    continue;
                }
                if decreases(sa, sh) {
                    report_pair(sink, v, a, sa, h, sh);
                    continue;
                }
                let Some(top) = sa.hi else { continue };
                // At a shared endpoint, the ends' inclusion decides: both in → the amount is in
                // both bands (a defect unless the heavier wins); both out → it is in neither.
                let shared_point_is_double = !sa.hi_open && !sh.lo_open && overlap == OverlapPolicy::Forbidden;
                let shared_point_is_gap = sa.hi_open && sh.lo_open;
                let message = if sh.lo > top {
                    Some((
                        format!(
                            "amounts between {} and {} fall in no band between levels `{}` and `{}`",
                            show(sa.basis, top),
                            show(sh.basis, sh.lo),
                            a.name,
                            h.name
                        ),
                        format!(
                            "阶次 `{}` 与 `{}` 之间 {} 至 {} 不属于任何幅度",
                            a.name,
                            h.name,
                            show(sa.basis, top),
                            show(sh.basis, sh.lo)
                        ),
                    ))
                } else if sh.lo < top {
                    Some((
                        format!(
                            "levels `{}` and `{}` overlap from {} to {}",
                            a.name,
                            h.name,
                            show(sh.basis, sh.lo),
                            show(sa.basis, top)
                        ),
                        format!(
                            "阶次 `{}` 与 `{}` 在 {} 至 {} 重叠",
                            a.name,
                            h.name,
                            show(sh.basis, sh.lo),
                            show(sa.basis, top)
                        ),
                    ))
                } else if shared_point_is_double {
                    Some((
                        format!(
                            "{} ends level `{}` and starts `{}`, and both bands include it, so it belongs to both",
                            show(sa.basis, top),
                            a.name,
                            h.name
                        ),
                        format!(
                            "{} 既是阶次 `{}` 的上限又是 `{}` 的下限，且两档均含本数，同属两档",
                            show(sa.basis, top),
                            a.name,
                            h.name
                        ),
                    ))
                } else if shared_point_is_gap {
                    Some((
                        format!(
                            "{} ends level `{}` and starts `{}`, and both bands exclude it, so it belongs to neither",
                            show(sa.basis, top),
                            a.name,
                            h.name
                        ),
                        format!(
                            "{} 既是阶次 `{}` 的上限又是 `{}` 的下限，但两档均不含本数，不属于任何一档",
                            show(sa.basis, top),
                            a.name,
                            h.name
                        ),
                    ))
                } else {
                    None
                };
                // Levels filed under no branch may still fall under different branches of the
                // statute (一般或者较大 20 %, 重大或者特大 30 %): the gap between them is the
                // statute's, not the table's. Found as D029 finds branches, only for the pairs
                // said (so within a budget for the violation).
                let mut apart = || {
                    let version = branch?;
                    if a.band.branch.is_some() || h.band.branch.is_some() {
                        return None;
                    }
                    let ra = super::optional::reached(b, a, version, &mut budget)?;
                    let rh = super::optional::reached(b, h, version, &mut budget)?;
                    let id = |x: &Option<&crate::table::StatuteBranch>| x.map(|x| x.id.clone());
                    Some(!ra.iter().any(|x| rh.iter().any(|y| id(x) == id(y))))
                };
                if message.is_some() && apart() == Some(true) {
                    continue;
                }
                if let Some((en, zh)) = message {
                    let related = related_level(sink, a, sa, false);
                    let d = sink.emit(
                        Check::AdjacentBands,
                        h.origin,
                        &format!("{}.fine", h.origin.path),
                        bilingual(en, zh),
                    );
                    d.related = Some(related);
                }
            }
        }
    }
}

fn matrix(b: &Benchmark, sink: &mut Sink<'_>, v: &Violation, (scheme, addressee): (&Scheme, Addressee)) {
    let Scheme::Matrix { axes, cells } = scheme else { return };
    let ls = levels(scheme, addressee);
    let spans: Vec<Option<Span<'_>>> = ls.iter().map(|l| level_span(b, l, None)).collect();
    let mut compare = |i: usize, j: usize| {
        let (Some(Some(sa)), Some(Some(sh)), Some(a), Some(h)) = (spans.get(i), spans.get(j), ls.get(i), ls.get(j))
        else {
            return;
        };
        if sa.comparable(sh) && decreases(sa, sh) {
            report_pair(sink, v, a, sa, h, sh);
        }
    };
    if cells.iter().any(Cell::spans) {
        // A spanning cell (`"*"`) neighbours every cell next to any combination it covers: walk
        // the combinations (the loader bounds how many), each pair of cells compared once.
        let radix: Vec<usize> = axes.iter().map(|a| a.grades.len().max(1)).collect();
        let owners = crate::table::lay_out(&radix, cells, crate::table::MAX_SPANNED_COMBINATIONS, |_, _, _| {})
            .unwrap_or_default();
        let mut seen = std::collections::HashSet::new();
        // Offsets step by `stride[k]` along axis k (the first axis most significant).
        let mut stride = vec![1usize; radix.len()];
        for k in (0..radix.len().saturating_sub(1)).rev() {
            if let (Some(&next), Some(&r)) = (stride.get(k + 1), radix.get(k + 1))
                && let Some(slot) = stride.get_mut(k)
            {
                *slot = next.saturating_mul(r);
            }
        }
        for (o, owner) in owners.iter().enumerate() {
            let Some(i) = owner else { continue };
            for (k, (&step, &r)) in stride.iter().zip(&radix).enumerate() {
                // Not on the axis's heaviest grade: the next grade along it is a neighbour.
                if (o / step) % r + 1 >= r {
                    continue;
                }
                let Some(Some(j)) = owners.get(o + step) else { continue };
                if i != j && seen.insert((*i, *j, k)) {
                    compare(*i as usize, *j as usize);
                }
            }
        }
        return;
    }
    // Cells by their grades: each neighbour is found in O(1), not by a scan of all cells.
    let index: std::collections::HashMap<Vec<usize>, usize> = cells
        .iter()
        .enumerate()
        .filter_map(|(i, c)| Some((c.at.iter().copied().collect::<Option<Vec<usize>>>()?, i)))
        .collect();
    let mut next: Vec<usize> = Vec::with_capacity(axes.len());
    for k in 0..axes.len() {
        for (i, c) in cells.iter().enumerate() {
            next.clear();
            next.extend(c.at.iter().flatten());
            let Some(g) = next.get_mut(k) else { continue };
            *g += 1;
            let Some(&j) = index.get(&next) else { continue };
            compare(i, j);
        }
    }
}

/// Along each weight factor's grades, listed light to heavy, a heavier grade never weighs less
/// than a lighter one (a swapped pair of weights: "restricted 13, sensitive 4").
///
/// Only factors whose grades read an ordered fact (a number's interval, an enum's values) are
/// compared: a yes/no factor has no light end (`{is: false} 0, {is: true} −5` is a reduction),
/// and under `first_match` the list is the order of testing (`{at_least: 10}` first), not of
/// weight.
fn weights(sink: &mut Sink<'_>, v: &Violation, w: &crate::table::WeightModel) {
    let ordered = |c: &Condition| matches!(c, Condition::Within { .. } | Condition::OneOf { .. });
    for (k, f) in w.factors.iter().enumerate() {
        if f.overlap == OverlapPolicy::FirstMatch || !f.grades.iter().all(|g| ordered(&g.when)) {
            continue;
        }
        let path = |i: usize| format!("{}.factors[{k}].grades[{i}]", w.origin.path);
        let name = |i: usize, g: &crate::table::WeightGrade, lang: crate::table::Lang| {
            if g.label.has(lang) { g.label.get(lang).to_string() } else { format!("grades[{i}]") }
        };
        for (i, pair) in f.grades.windows(2).enumerate() {
            let [light, heavy] = pair else { continue };
            if heavy.weight >= light.weight {
                continue;
            }
            let (lw, hw) = (w.written_total(light.weight), w.written_total(heavy.weight));
            let (le, he) = (name(i, light, crate::table::Lang::En), name(i + 1, heavy, crate::table::Lang::En));
            let (lz, hz) = (name(i, light, crate::table::Lang::Zh), name(i + 1, heavy, crate::table::Lang::Zh));
            let related = sink.related(
                &w.origin,
                &path(i),
                bilingual(format!("lighter grade `{le}`: weight {lw}"), format!("较轻档次 `{lz}`：权重 {lw}")),
            );
            let d = sink.emit(
                Check::NotMonotone,
                &w.origin,
                &format!("{}.weight", path(i + 1)),
                bilingual(
                    format!(
                        "in `{}`, factor `{}`: heavier grade `{he}` weighs {hw}, less than lighter grade `{le}` ({lw}); grades are listed light to heavy",
                        v.id, f.id
                    ),
                    format!(
                        "`{}` 的因素 `{}` 中较重档次 `{hz}` 的权重 {hw} 低于较轻档次 `{lz}` 的 {lw}（档次按由轻到重排列）",
                        v.id, f.id
                    ),
                ),
            );
            d.related = Some(related);
        }
    }
}

/// Checks 3 and 5 over every table.
pub(crate) fn check(b: &Benchmark, sink: &mut Sink<'_>) {
    for t in b.tables() {
        for v in &t.violations {
            for (addressee, scheme) in v.schemes() {
                match scheme {
                    Scheme::Tiers { overlap, .. } => tiers(b, sink, t, v, (scheme, addressee), *overlap),
                    Scheme::Matrix { .. } => matrix(b, sink, v, (scheme, addressee)),
                    Scheme::Weights(w) => weights(sink, v, w),
                }
            }
        }
    }
}
