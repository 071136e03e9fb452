//! Coverage of conditions (check 4): every combination of facts matches exactly one tier, one
//! grade per matrix axis and one grade per weight factor — found exactly over the segments the
//! conditions define (see `space`), each problem with a witness.

use crate::table::compiled::{CCond, Tri};
use crate::table::{Benchmark, Condition, Origin, OverlapPolicy, Scheme, Violation};

use super::space::{MAX_POINTS, Space, witness};
use super::{Check, Sink, bilingual};

/// How a list of alternatives is resolved.
#[derive(Clone, Copy, PartialEq)]
enum Resolution {
    /// More than one match is a defect.
    Exclusive,
    /// The heavier (later) one applies, or the first one does: overlaps are fine.
    Resolved,
}

/// Finds a case matching none of `options` and, for exclusive lists, cases matching two.
fn analyse(
    b: &Benchmark,
    sink: &mut Sink<'_>,
    at: &Origin,
    path: &str,
    what: &str,
    options: &[(String, &Condition)],
    overlap: OverlapPolicy,
) {
    let resolution = resolution(overlap);
    let first_match = overlap == OverlapPolicy::FirstMatch;
    let space = Space::new(options.iter().map(|(_, c)| *c), b);
    let compiled: Vec<CCond> = options.iter().map(|(_, c)| b.compiled().condition(c)).collect();
    if space.size() > MAX_POINTS {
        sink.emit(
            Check::AnalysisSkipped,
            at,
            path,
            bilingual(
                format!("{} combinations of facts: too many to check the {what} for gaps and overlaps", space.size()),
                format!("事实组合 {} 种，过多，未检查{what}的遗漏与重叠", space.size()),
            ),
        );
        return;
    }
    let mut gap = None;
    let mut gaps = 0usize;
    let mut overlaps: Vec<(usize, usize, crate::table::FactSlots)> = Vec::new();
    // Under first_match, an option no case reaches first is dead text.
    let mut reached = vec![false; options.len()];
    space.for_each(|facts| {
        let matching: Vec<usize> =
            compiled.iter().enumerate().filter(|(_, c)| c.eval(facts) == Tri::True).map(|(i, _)| i).collect();
        if let Some(slot) = matching.first().and_then(|i| reached.get_mut(*i)) {
            *slot = true;
        }
        match matching.as_slice() {
            [] => {
                gaps += 1;
                if gap.is_none() {
                    gap = Some(facts.clone());
                }
            }
            [first, second, ..]
                if resolution == Resolution::Exclusive
                    && !overlaps.iter().any(|(a, c, _)| a == first && c == second) =>
            {
                overlaps.push((*first, *second, facts.clone()));
            }
            _ => {}
        }
        true
    });
    if first_match {
        for ((name, _), reached) in options.iter().zip(&reached) {
            if !reached {
                sink.emit(
                    Check::Unreachable,
                    at,
                    path,
                    bilingual(
                        format!(
                            "`{name}` is never reached: every case it covers matches an earlier one of the {what} first"
                        ),
                        format!("`{name}` 永远不会适用：其涵盖的情形均先符合{what}中排在前面的一项"),
                    ),
                );
            }
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
                format!("存在不属于任何{what}的情形（共 {gaps} 种）"),
            ),
        );
        d.witness = witness(b, &facts);
    }
    for (i, j, facts) in overlaps {
        let (Some((a, _)), Some((c, _))) = (options.get(i), options.get(j)) else { continue };
        let d = sink.emit(
            Check::CoverageOverlap,
            at,
            path,
            bilingual(
                format!("a case matches both `{a}` and `{c}` among the {what}"),
                format!("同一情形同时符合{what}中的 `{a}` 与 `{c}`"),
            ),
        );
        d.witness = witness(b, &facts);
        d.help = Some(bilingual(
            "make the conditions exclusive, or declare `overlap: heavier_wins` if the table says the heavier level applies",
            "使条件互斥；若基准规定适用较重阶次，声明 `overlap: heavier_wins`",
        ));
    }
}

/// Overlaps are a defect only when the table does not say how they resolve.
fn resolution(overlap: OverlapPolicy) -> Resolution {
    if overlap == OverlapPolicy::Forbidden { Resolution::Exclusive } else { Resolution::Resolved }
}

fn violation(b: &Benchmark, sink: &mut Sink<'_>, v: &Violation, scheme: &Scheme, path: &str) {
    match scheme {
        Scheme::Tiers { overlap, tiers } => {
            let options: Vec<(String, &Condition)> = tiers.iter().map(|t| (t.id.clone(), &t.when)).collect();
            analyse(b, sink, &v.origin, &format!("{path}.tiers"), "tiers", &options, *overlap);
        }
        Scheme::Matrix { axes, cells } => {
            for (k, a) in axes.iter().enumerate() {
                let options: Vec<(String, &Condition)> = a.grades.iter().map(|g| (g.id.clone(), &g.when)).collect();
                let what = format!("grades of axis `{}`", a.id);
                analyse(b, sink, &v.origin, &format!("{path}.matrix.axes[{k}]"), &what, &options, a.overlap);
            }
            let mut at = vec![0usize; axes.len()];
            'cells: loop {
                if !cells.iter().any(|c| c.at == at) {
                    let names: Vec<String> = at
                        .iter()
                        .zip(axes)
                        .filter_map(|(i, a)| a.grades.get(*i).map(|g| format!("{} = {}", a.id, g.id)))
                        .collect();
                    sink.emit(
                        Check::CoverageGap,
                        &v.origin,
                        &format!("{path}.matrix.cells"),
                        bilingual(
                            format!("no cell for [{}]", names.join(", ")),
                            format!("缺少单元格 [{}]", names.join(", ")),
                        ),
                    );
                }
                for k in 0..at.len() {
                    let (Some(slot), Some(axis)) = (at.get_mut(k), axes.get(k)) else { break 'cells };
                    *slot += 1;
                    if *slot < axis.grades.len() {
                        continue 'cells;
                    }
                    *slot = 0;
                }
                break;
            }
        }
        Scheme::Weights(w) => {
            for (k, f) in w.factors.iter().enumerate() {
                let options: Vec<(String, &Condition)> =
                    f.grades.iter().enumerate().map(|(i, g)| (format!("grades[{i}]"), &g.when)).collect();
                let what = format!("grades of factor `{}`", f.id);
                analyse(b, sink, &w.origin, &format!("{}.factors[{k}]", w.origin.path), &what, &options, f.overlap);
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
