//! Coverage of conditions (check 4): every combination of facts matches exactly one tier, one
//! grade per matrix axis and one grade per weight factor — found exactly over the segments the
//! conditions define (see `space`), each problem with a witness.

use crate::table::compiled::CCond;
use crate::table::{Benchmark, Condition, Origin, OverlapPolicy, Scheme, Violation};

use super::boxes::Matches;
use super::space::{MAX_POINTS, Space, witness};
use super::{Check, Sink, bilingual};

/// The most clause evaluations one coverage analysis makes (combinations × clauses); larger
/// lists are reported as not analysed (D021).
pub const MAX_WORK: usize = 20_000_000;

/// Overlapping pairs listed per list of alternatives; the rest are counted.
const MAX_OVERLAP_PAIRS: usize = 20;

/// The clauses of a condition (its size for the work budget).
fn clause_count(c: &Condition) -> usize {
    match c {
        Condition::All(cs) | Condition::Any(cs) => cs.iter().map(clause_count).fold(1usize, usize::saturating_add),
        _ => 1,
    }
}

/// A count as words when it saturated (a product of many axes overflows `usize`).
fn count(n: usize) -> String {
    if n == usize::MAX { "more than 10^19".to_string() } else { n.to_string() }
}

/// One of a list of alternatives: its name, its condition, and the YAML path of the condition
/// (where a finding about it points).
struct Alternative<'a> {
    name: String,
    when: &'a Condition,
    path: String,
}

/// A list's alternatives, `(name, condition)` in order, each condition's path `at(index)`.
fn alternatives<'a>(
    list: impl Iterator<Item = (String, &'a Condition)>,
    at: impl Fn(usize) -> String,
) -> Vec<Alternative<'a>> {
    list.enumerate().map(|(i, (name, when))| Alternative { name, when, path: at(i) }).collect()
}

/// How a list of alternatives is resolved.
#[derive(Clone, Copy, PartialEq)]
enum Resolution {
    /// More than one match is a defect.
    Exclusive,
    /// The heavier (later) one applies, or the first one does: overlaps are fine.
    Resolved,
}

/// Finds a case matching none of `options` and, for exclusive lists, cases matching two; for
/// lists where one option wins (`first_match`, `heavier_wins`: `options` then come in the order
/// they win in, see [`by_priority`]), the options no case reaches.
fn analyse(
    b: &Benchmark,
    sink: &mut Sink<'_>,
    at: &Origin,
    path: &str,
    what: (&str, &str),
    options: &[Alternative<'_>],
    overlap: OverlapPolicy,
) {
    // What the options are, in each language ("tiers" / "阶次").
    let (what, what_zh) = what;
    let resolution = resolution(overlap);
    let one_wins = matches!(overlap, OverlapPolicy::FirstMatch | OverlapPolicy::HeavierWins);
    let space = Space::new(options.iter().map(|o| o.when), b);
    let compiled: Vec<CCond> = options.iter().map(|o| b.compiled().condition(o.when)).collect();
    // Boxes when every alternative is one (near-linear), else one evaluation of every clause at
    // every combination; either way bounded, and said when over.
    let clauses: usize = options.iter().map(|o| clause_count(o.when)).fold(0usize, usize::saturating_add);
    let work = space.size().saturating_mul(clauses.max(1));
    let matches = if space.size() > MAX_POINTS {
        None
    } else {
        Matches::by_boxes(&space, &compiled, MAX_WORK)
            .or_else(|| (work <= MAX_WORK).then(|| Matches::by_evaluation(&space, &compiled)))
    };
    let Some(matches) = matches else {
        sink.emit(
            Check::AnalysisSkipped,
            at,
            path,
            bilingual(
                format!(
                    "{} combinations of facts × {clauses} clauses: more than the {MAX_WORK} evaluations (or {MAX_POINTS} combinations) checked for gaps and overlaps in the {what} (docs/LIMITS.md)",
                    count(space.size())
                ),
                format!(
                    "事实组合 {} 种 × 条件 {clauses} 个，超过检查上限（{MAX_WORK} 次求值或 {MAX_POINTS} 种组合，见 docs/LIMITS.md），未检查{what_zh}的遗漏与重叠",
                    count(space.size())
                ),
            ),
        );
        return;
    };
    let mut gap = None;
    let mut gaps = 0usize;
    let mut overlaps: Vec<(usize, usize, crate::table::FactSlots)> = Vec::new();
    let mut more_overlaps = 0usize;
    // Where one option wins, an option no case reaches first is dead text.
    let mut reached = vec![false; options.len()];
    for (point, first, second) in matches.iter() {
        if let Some(slot) = first.and_then(|i| reached.get_mut(i)) {
            *slot = true;
        }
        match (first, second) {
            (None, _) => {
                gaps += 1;
                if gap.is_none() {
                    gap = Some(space.point(point));
                }
            }
            (Some(first), Some(second))
                if resolution == Resolution::Exclusive
                    && !overlaps.iter().any(|(a, c, _)| *a == first && *c == second) =>
            {
                if overlaps.len() < MAX_OVERLAP_PAIRS {
                    overlaps.push((first, second, space.point(point)));
                } else {
                    more_overlaps += 1;
                }
            }
            _ => {}
        }
    }
    if more_overlaps > 0 {
        sink.emit(
            Check::CoverageOverlap,
            at,
            path,
            bilingual(
                format!("… and {more_overlaps} more cases matching two of the {what} (the first {MAX_OVERLAP_PAIRS} pairs are listed)"),
                format!("…… 另有 {more_overlaps} 种情形同时符合{what_zh}中的两项（已列出前 {MAX_OVERLAP_PAIRS} 对）"),
            ),
        );
    }
    if one_wins {
        let mut unreached: Vec<&Alternative<'_>> =
            options.iter().zip(&reached).filter(|(_, r)| !**r).map(|(o, _)| o).collect();
        // Said lightest first (heavier_wins lists the heaviest first).
        if overlap == OverlapPolicy::HeavierWins {
            unreached.reverse();
        }
        for Alternative { name, path, .. } in unreached {
            let (en, zh) = if overlap == OverlapPolicy::HeavierWins {
                (
                    format!(
                        "`{name}` is never applied: every case it covers matches a heavier one of the {what}, which wins (overlap: heavier_wins)"
                    ),
                    format!(
                        "`{name}` 永远不会适用：其涵盖的情形均符合{what_zh}中更重的一项，按较重者适用（heavier_wins）"
                    ),
                )
            } else {
                (
                    format!(
                        "`{name}` is never reached: every case it covers matches an earlier one of the {what} first"
                    ),
                    format!("`{name}` 永远不会适用：其涵盖的情形均先符合{what_zh}中排在前面的一项"),
                )
            };
            // At the option never applied.
            sink.emit(Check::Unreachable, at, path, bilingual(en, zh));
        }
    }
    if let Some(facts) = gap {
        let others = if gaps > 1 { format!(" ({} distinct cases in all)", gaps) } else { String::new() };
        let d = sink.emit(
            Check::CoverageGap,
            at,
            path,
            bilingual(
                format!("a case matches none of the {what}{others}"),
                format!("存在不属于任何{what_zh}的情形（共 {gaps} 种）"),
            ),
        );
        d.witness = witness(b, &facts);
    }
    for (i, j, facts) in overlaps {
        let (Some(first), Some(second)) = (options.get(i), options.get(j)) else { continue };
        let (a, c) = (&first.name, &second.name);
        // At the condition of the option that also matches (the list itself said nothing of
        // where to look).
        let d = sink.emit(
            Check::CoverageOverlap,
            at,
            &second.path,
            bilingual(
                format!("a case matches both `{a}` and `{c}` among the {what}"),
                format!("同一情形同时符合{what_zh}中的 `{a}` 与 `{c}`"),
            ),
        );
        d.witness = witness(b, &facts);
        d.help = Some(bilingual(
            "make the conditions exclusive, or declare `overlap: heavier_wins` if the table says the heavier level applies (`overlap: first_match` if the first listed does)",
            "使条件互斥；若基准规定适用较重阶次，声明 `overlap: heavier_wins`（若适用排列在前者，声明 `overlap: first_match`）",
        ));
    }
}

/// The options in the order they win in: as listed, except under `heavier_wins`, where the
/// heaviest (highest `rank`, then the later) comes first — as the engine picks
/// (`compiled::select`).
fn by_priority<'a>(
    options: Vec<Alternative<'a>>,
    rank: impl Fn(usize) -> u32,
    overlap: OverlapPolicy,
) -> Vec<Alternative<'a>> {
    if overlap != OverlapPolicy::HeavierWins {
        return options;
    }
    let mut ranked: Vec<(usize, Alternative<'a>)> = options.into_iter().enumerate().collect();
    ranked.sort_by_key(|(i, _)| std::cmp::Reverse((rank(*i), *i)));
    ranked.into_iter().map(|(_, o)| o).collect()
}

/// Overlaps are a defect only when the table does not say how they resolve.
fn resolution(overlap: OverlapPolicy) -> Resolution {
    if overlap == OverlapPolicy::Forbidden { Resolution::Exclusive } else { Resolution::Resolved }
}

fn violation(b: &Benchmark, sink: &mut Sink<'_>, v: &Violation, scheme: &Scheme, path: &str) {
    match scheme {
        Scheme::Tiers { overlap, tiers } => {
            let options =
                alternatives(tiers.iter().map(|t| (t.id.clone(), &t.when)), |i| format!("{path}.tiers[{i}].when"));
            let rank = |i: usize| tiers.get(i).map_or(0, |t| t.rank);
            let options = by_priority(options, rank, *overlap);
            analyse(b, sink, &v.origin, &format!("{path}.tiers"), ("tiers", "阶次"), &options, *overlap);
        }
        Scheme::Matrix { axes, cells } => {
            for (k, a) in axes.iter().enumerate() {
                // An axis every cell spans decides nothing: a case with no grade there still has
                // its cell.
                if !cells.is_empty() && cells.iter().all(|c| c.at.get(k).is_some_and(Option::is_none)) {
                    continue;
                }
                let options = alternatives(a.grades.iter().map(|g| (g.id.clone(), &g.when)), |j| {
                    format!("{path}.matrix.axes[{k}].grades[{j}].when")
                });
                // Grades are ranked by position.
                let options = by_priority(options, |i| i as u32, a.overlap);
                let what = (&*format!("grades of axis `{}`", a.id), &*format!("维度“{}”的档次", a.id));
                analyse(b, sink, &v.origin, &format!("{path}.matrix.axes[{k}]"), what, &options, a.overlap);
            }
            let total = axes.iter().try_fold(1u128, |n, a| n.checked_mul(a.grades.len() as u128)).unwrap_or(u128::MAX);
            let (missing, first) = if cells.iter().any(crate::table::Cell::spans) {
                // Laid out over every combination (the loader bounds how many): a spanning
                // cell covers many.
                let radix: Vec<usize> = axes.iter().map(|a| a.grades.len()).collect();
                let owners = crate::table::lay_out(&radix, cells, crate::table::MAX_SPANNED_COMBINATIONS, |_, _, _| {})
                    .unwrap_or_default();
                let missing = owners.iter().filter(|o| o.is_none()).count() as u128;
                let first = owners.iter().position(Option::is_none).map(|mut o| {
                    let mut at = vec![0usize; radix.len()];
                    for (slot, r) in at.iter_mut().zip(&radix).rev() {
                        *slot = o % (*r).max(1);
                        o /= (*r).max(1);
                    }
                    at
                });
                (if total == 0 { 0 } else { missing }, first)
            } else {
                // Counted, not enumerated: a matrix of 7 axes of 10 grades has 10⁷ combinations.
                let present: std::collections::HashSet<Vec<usize>> =
                    cells.iter().filter_map(|c| c.at.iter().copied().collect::<Option<Vec<usize>>>()).collect();
                let missing = total.saturating_sub(present.len() as u128);
                // Among the first |present| + 1 combinations in order, one is missing.
                let mut at = vec![0usize; axes.len()];
                let first = if missing == 0 {
                    None
                } else {
                    loop {
                        if !present.contains(&at) {
                            break Some(at.clone());
                        }
                        let mut k = 0;
                        while let (Some(slot), Some(axis)) = (at.get_mut(k), axes.get(k)) {
                            *slot += 1;
                            if *slot < axis.grades.len() {
                                break;
                            }
                            *slot = 0;
                            k += 1;
                        }
                        if k >= at.len() {
                            break None;
                        }
                    }
                };
                (missing, first)
            };
            if missing > 0 {
                let names: Vec<String> = first
                    .unwrap_or_default()
                    .iter()
                    .zip(axes)
                    .filter_map(|(i, a)| a.grades.get(*i).map(|g| format!("{} = {}", a.id, g.id)))
                    .collect();
                let (en, zh) = if missing == 1 {
                    (format!("no cell for [{}]", names.join(", ")), format!("缺少单元格 [{}]", names.join(", ")))
                } else {
                    (
                        format!("{missing} of {total} cells are missing; the first: [{}]", names.join(", ")),
                        format!("共 {total} 个单元格中缺少 {missing} 个；第一个：[{}]", names.join(", ")),
                    )
                };
                sink.emit(Check::CoverageGap, &v.origin, &format!("{path}.matrix.cells"), bilingual(en, zh));
            }
        }
        Scheme::Weights(w) => {
            for (k, f) in w.factors.iter().enumerate() {
                let grades = f.grades.iter().enumerate().map(|(i, g)| (format!("grades[{i}]"), &g.when));
                let options = alternatives(grades, |i| format!("{}.factors[{k}].grades[{i}].when", w.origin.path));
                let what = (&*format!("grades of factor `{}`", f.id), &*format!("因素“{}”的档次", f.id));
                analyse(b, sink, &w.origin, &format!("{}.factors[{k}]", w.origin.path), what, &options, f.overlap);
            }
        }
    }
}

/// Check 4 over every table.
pub(crate) fn check(b: &Benchmark, sink: &mut Sink<'_>) {
    for t in b.tables() {
        for v in &t.violations {
            for (addressee, scheme) in v.schemes() {
                let path = match addressee {
                    crate::table::Addressee::Party => v.origin.path.clone(),
                    crate::table::Addressee::ResponsiblePersons => format!("{}.responsible_persons", v.origin.path),
                };
                violation(b, sink, v, scheme, &path);
            }
        }
    }
}
