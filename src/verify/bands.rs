//! Bands against the statute (checks 1, 2, 6, 7): inside the statutory range of the version in
//! force when the table takes effect, still inside after later statute changes, inside the
//! parent table; mitigated and no-penalty bands as the law requires.

use crate::table::compiled::Tri;
use crate::table::{
    Addressee, Band, Benchmark, Condition, Disposition, FactSlots, Origin, Scheme, StatuteBranch, StatuteVersion,
    Table, Violation, WeightModel,
};

use super::coverage::MAX_WORK;
use super::money::{Basis, Span, describe, describe_zh, show};
use super::space::{MAX_POINTS, Space, witness};
use super::{Check, Sink, bilingual};

/// One band-bearing element of a violation: a tier, a matrix cell or a weight model.
pub(crate) struct Level<'a> {
    pub band: &'a Band,
    pub origin: &'a Origin,
    /// `tier-2`, `[general, overdue]`, `weights` ([`Scheme::level_name`]).
    pub name: String,
    /// The cases it applies to.
    pub when: Condition,
    /// Tier rank; cells and weight models: 0.
    pub rank: u32,
    pub weights: Option<&'a WeightModel>,
    /// Whose penalty the level sets.
    pub addressee: Addressee,
}

/// The levels of a scheme, in table order, as the model enumerates them.
pub(crate) fn levels(scheme: &Scheme, addressee: Addressee) -> Vec<Level<'_>> {
    let weights = match scheme {
        Scheme::Weights(w) => Some(w.as_ref()),
        _ => None,
    };
    scheme
        .levels()
        .map(|l| Level {
            band: l.band,
            origin: l.origin,
            name: scheme.level_name(l.index).map(|n| n.into_owned()).unwrap_or_default(),
            when: scheme.level_condition(l.index).map(|c| c.into_owned()).unwrap_or_else(Condition::always),
            rank: l.rank,
            weights,
            addressee,
        })
        .collect()
}

/// Every level of a violation, for each addressee.
pub(crate) fn all_levels(v: &Violation) -> Vec<Level<'_>> {
    v.schemes().flat_map(|(a, s)| levels(s, a)).collect()
}

/// The statute and version indexes of a version.
fn version_index(b: &Benchmark, version: &StatuteVersion) -> Option<(usize, usize)> {
    b.statutes()
        .iter()
        .enumerate()
        .find_map(|(si, s)| s.versions.iter().position(|v| std::ptr::eq(v, version)).map(|vi| (si, vi)))
}

/// The span a level allows, measured like `branch` (weight models scale its maximum).
pub(crate) fn level_span<'a>(
    b: &'a Benchmark,
    level: &'a Level<'a>,
    branch: Option<&'a StatuteBranch>,
) -> Option<Span<'a>> {
    match level.weights {
        Some(w) => Span::of_weights(w, branch?.fine.as_ref()?),
        None => level.band.fine.as_ref().map(|f| Span::of_band(f, &level.when, b.facts())),
    }
}

/// How a span departs from a statutory span, in English and Chinese, and at which end
/// (`min` or `max`); `None` when inside.
fn departure(band: &Span<'_>, statute: &Span<'_>) -> Option<(String, String, &'static str)> {
    // Money compared as it is paid, to the fen: a band ending `less_than: 100000.01` lets no
    // decision pay more than a statute's 100,000, and one starting at an amount the statute
    // excludes (`more_than`) lets one pay it.
    let ((band_lo, band_hi), (statute_lo, statute_hi)) = (band.payable_ends(), statute.payable_ends());
    if band_lo < statute_lo {
        let (b, s) = (show(band.basis, band.lo), show(statute.basis, statute.lo));
        if band.lo == statute.lo {
            return Some((
                format!("minimum {b} is an amount the statute excludes (it must be more than {s})"),
                format!("下限 {b} 为法定幅度不含的金额（须超过 {s}）"),
                "min",
            ));
        }
        return Some((
            format!("minimum {b} is below the statutory minimum {s}"),
            format!("下限 {b} 低于法定最低 {s}"),
            "min",
        ));
    }
    match (band_hi, statute_hi) {
        (None, Some(_)) => {
            let s = show(statute.basis, statute.hi.unwrap_or_default());
            Some((format!("has no maximum, but the statute's is {s}"), format!("未设上限，而法定最高为 {s}"), "max"))
        }
        (Some(b), Some(s)) if b > s && band.hi == statute.hi => {
            let (b, s) = (show(band.basis, band.hi.unwrap_or(b)), show(statute.basis, statute.hi.unwrap_or(s)));
            Some((
                format!("maximum {b} is an amount the statute excludes (it must be less than {s})"),
                format!("上限 {b} 为法定幅度不含的金额（须低于 {s}）"),
                "max",
            ))
        }
        (Some(b), Some(s)) if b > s => {
            let (b, s) = (show(band.basis, band.hi.unwrap_or(b)), show(statute.basis, statute.hi.unwrap_or(s)));
            Some((
                format!("maximum {b} exceeds the statutory maximum {s}"),
                format!("上限 {b} 超过法定最高 {s}"),
                "max",
            ))
        }
        _ => None,
    }
}

/// Why a level was not compared with a statute version.
pub(crate) enum Skip {
    /// Its facts have this many combinations (more than [`MAX_POINTS`]).
    TooMany(usize),
    /// The violation's work budget is spent.
    Budget,
}

/// A finding of a level against one statute version: the departure and, where the branch had
/// to be worked out from the facts, the facts that show it.
struct Finding {
    end: &'static str,
    en: String,
    zh: String,
    branch: String,
    witness: Option<FactSlots>,
}

/// Compares a level with a statute version. Where the band names a branch the version has,
/// that branch is used; otherwise every distinct case the level covers is tried and the branch
/// the version applies to it is used (exact: see `space`).
///
/// `budget` is what is left of the violation's evaluations ([`MAX_WORK`]); a search that would
/// exceed it is not made (`Err(Skip::Budget)`).
fn against(
    b: &Benchmark,
    level: &Level<'_>,
    version: &StatuteVersion,
    budget: &mut usize,
) -> Result<Option<Finding>, Skip> {
    let compare = |branch: &StatuteBranch, witness: Option<FactSlots>| -> Option<Finding> {
        let statute = Span::of_rule(branch.fine.as_ref()?);
        // A weight model read for the cases that select this branch: a factor on the fact the
        // branch reads weighs only the grades those cases can be in (a start that differs by
        // branch, written as a factor on the branch's fact).
        let span = match (level.weights, &witness) {
            (Some(w), Some(facts)) => Span::of_weights_where(w, branch.fine.as_ref()?, |c| {
                b.compiled().condition(c).eval(facts) != Tri::False
            })?,
            _ => level_span(b, level, Some(branch))?,
        };
        if !span.comparable(&statute) {
            return None;
        }
        let (en, zh, end) = departure(&span, &statute)?;
        let (what_en, what_zh) = if level.weights.is_some() {
            ("the weight model's fines", "权重模型的罚款")
        } else {
            ("band", "裁量幅度")
        };
        Some(Finding {
            end,
            en: format!("{what_en} {}: {en}", describe(&span)),
            zh: format!("{what_zh} {}：{zh}", describe_zh(&span)),
            branch: branch.id.clone(),
            witness,
        })
    };
    if let Some(branch) = level.band.branch.as_deref().and_then(|id| version.branch(id)) {
        return Ok(compare(branch, None));
    }
    let branch_conditions = || version.branches.iter().filter_map(|br| br.when.as_ref());
    // A weight factor on a fact a branch reads is measured per branch with the grades that
    // branch's cases can be in (see `compare`): its grades' thresholds are enumerated too, so
    // that every grade a case of the branch can reach has a point. Other factors' facts stay
    // unknown at every point, and all their grades count.
    let mut branch_facts: Vec<&str> = Vec::new();
    branch_conditions().for_each(|c| c.for_each_fact(&mut |f| branch_facts.push(f)));
    let reads_branch_fact = |c: &Condition| {
        let mut reads = false;
        c.for_each_fact(&mut |f| reads |= branch_facts.contains(&f));
        reads
    };
    let grades = level
        .weights
        .into_iter()
        .flat_map(|w| &w.factors)
        .filter(|f| f.grades.iter().any(|g| reads_branch_fact(&g.when)))
        .flat_map(|f| f.grades.iter().map(|g| &g.when));
    let mut found = None;
    let conditions = std::iter::once(&level.when).chain(branch_conditions()).chain(grades);
    branch_points(b, level, version, conditions, budget, |facts, branch| {
        if let Some(branch) = branch {
            found = compare(branch, Some(facts.clone()));
        }
        found.is_none()
    })?;
    Ok(found)
}

/// Calls `f` with every combination of the facts `conditions` read (the level's own among them),
/// where the level's condition holds, and the branch of `version` the statute selects there
/// (`None`: none applies), until `f` returns `false`. The combinations are counted against
/// `budget` first; `Err` when there are too many or the budget is spent.
pub(crate) fn branch_points<'c, 'v>(
    b: &Benchmark,
    level: &Level<'_>,
    version: &'v StatuteVersion,
    conditions: impl Iterator<Item = &'c Condition>,
    budget: &mut usize,
    mut f: impl FnMut(&FactSlots, Option<&'v StatuteBranch>) -> bool,
) -> Result<(), Skip> {
    let space = Space::new(conditions, b);
    if space.size() > MAX_POINTS {
        return Err(Skip::TooMany(space.size()));
    }
    *budget = budget.checked_sub(space.size()).ok_or(Skip::Budget)?;
    let Some((si, vi)) = version_index(b, version) else { return Ok(()) };
    let when = b.compiled().condition(&level.when);
    space.for_each(|facts| {
        if when.eval(facts) != Tri::True {
            return true;
        }
        match b.branch_for(si, vi, level.addressee, facts) {
            Ok(branch) => f(facts, branch.and_then(|i| version.branches.get(i))),
            Err(_) => true,
        }
    });
    Ok(())
}

fn check_disposition(sink: &mut Sink<'_>, level: &Level<'_>, version: &StatuteVersion) {
    let band = level.band;
    let path = &level.origin.path;
    match band.disposition {
        Some(Disposition::NoPenalty) if band.fine.is_some() => {
            sink.emit(
                Check::NoPenaltyWithFine,
                level.origin,
                &format!("{path}.fine"),
                bilingual(
                    format!("level `{}` is declared no_penalty but sets a fine", level.name),
                    format!("阶次 `{}` 为不予处罚，却设定了罚款", level.name),
                ),
            );
        }
        Some(Disposition::Mitigated) => {
            if band.legal_ground.is_none() {
                sink.emit(
                    Check::MitigatedBand,
                    level.origin,
                    path,
                    bilingual(
                        format!("mitigated level `{}` cites no legal ground", level.name),
                        format!("减轻处罚阶次 `{}` 未引用法定依据", level.name),
                    ),
                )
                .help = Some(bilingual(
                    "add `legal_ground:` with the provision that allows going below the minimum",
                    "添加 `legal_ground:`，写明允许低于法定最低的条款",
                ));
            }
            let statute_min = version
                .branches
                .iter()
                .filter_map(|br| br.fine.as_ref())
                .map(Span::of_rule)
                .find(|s| s.basis == Basis::Amount)
                .map(|s| s.lo);
            let span = band.fine.as_ref().map(Span::of_rule);
            if let (Some(min), Some(span)) = (statute_min, span)
                && span.basis == Basis::Amount
                && span.lo >= min
                && !min.is_zero()
            {
                let d = sink.emit(
                    Check::MitigatedBand,
                    level.origin,
                    &format!("{path}.fine"),
                    bilingual(
                        format!(
                            "mitigated level `{}` ({}) does not go below the statutory minimum {}",
                            level.name,
                            describe(&span),
                            show(Basis::Amount, min)
                        ),
                        format!(
                            "减轻处罚阶次 `{}`（{}）未低于法定最低 {}",
                            level.name,
                            describe_zh(&span),
                            show(Basis::Amount, min)
                        ),
                    ),
                );
                d.severity = super::Severity::Warning;
            }
        }
        _ => {}
    }
}

fn check_table(b: &Benchmark, sink: &mut Sink<'_>, table: &Table) {
    for v in &table.violations {
        let Some(statute) = b.statute(&v.statute) else { continue };
        let Some(start) = statute.version_at(table.effective.from) else {
            sink.emit(
                Check::NoStatuteInForce,
                &v.origin,
                &format!("{}.statute", v.origin.path),
                bilingual(
                    format!(
                        "no version of statute `{}` is in force on {}, when table `{}` takes effect",
                        statute.id, table.effective.from, table.id
                    ),
                    format!("表 `{}` 生效之日 {} 无有效的 `{}` 法条版本", table.id, table.effective.from, statute.id),
                ),
            );
            continue;
        };
        let later: Vec<&StatuteVersion> = statute
            .versions
            .iter()
            .filter(|x| {
                x.effective.from > table.effective.from && table.effective.until.is_none_or(|u| x.effective.from <= u)
            })
            .collect();
        let (mut budget, mut unbudgeted) = (MAX_WORK, 0usize);
        let mut too_many: Option<(&crate::table::Origin, String, String, usize)> = None;
        let mut too_many_count = 0usize;
        for level in all_levels(v) {
            let path = &level.origin.path;
            if level.band.disposition == Some(Disposition::NoPenalty)
                || level.band.disposition == Some(Disposition::Mitigated)
            {
                check_disposition(sink, &level, start);
                continue;
            }
            if let Some(id) = level.band.branch.as_deref()
                && start.branch(id).is_none()
            {
                sink.emit(
                    Check::BranchUndetermined,
                    level.origin,
                    &format!("{path}.branch"),
                    bilingual(
                        format!("the version of `{}` in force on {} has no branch `{id}`; level `{}` is compared case by case", statute.id, table.effective.from, level.name),
                        format!("{} 施行的 `{}` 无分支 `{id}`；阶次 `{}` 按个案比较", table.effective.from, statute.id, level.name),
                    ),
                );
            }
            let main =
                if level.weights.is_some() { Check::WeightModelOutsideStatute } else { Check::BandOutsideStatute };
            for (version, check) in
                std::iter::once((start, main)).chain(later.iter().map(|x| (*x, Check::StatuteChanged)))
            {
                match against(b, &level, version, &mut budget) {
                    Ok(Some(f)) => {
                        let when = version.effective.from;
                        let (en, zh) = if check == Check::StatuteChanged {
                            (
                                format!(
                                    "under `{}` as in force from {when} (branch `{}`), level `{}`: {}",
                                    statute.id, f.branch, level.name, f.en
                                ),
                                format!(
                                    "依 {when} 起施行的 `{}`（分支 `{}`），阶次 `{}`：{}",
                                    statute.id, f.branch, level.name, f.zh
                                ),
                            )
                        } else if level.weights.is_some() {
                            // The finding names the weight model itself: no level to name.
                            (
                                format!("`{}`: {} (`{}`, branch `{}`)", v.id, f.en, statute.id, f.branch),
                                format!("`{}`：{}（`{}`，分支 `{}`）", v.id, f.zh, statute.id, f.branch),
                            )
                        } else {
                            (
                                format!(
                                    "level `{}` of `{}`: {} (`{}`, branch `{}`)",
                                    level.name, v.id, f.en, statute.id, f.branch
                                ),
                                format!(
                                    "`{}` 的阶次 `{}`：{}（`{}`，分支 `{}`）",
                                    v.id, level.name, f.zh, statute.id, f.branch
                                ),
                            )
                        };
                        // Point at the offending end as written (`fine.max`, `fine.below`,
                        // `fine.exactly` …); a weight model at itself.
                        let written: &[&str] = if f.end == "max" {
                            &["max", "below", "less_than", "exactly"]
                        } else {
                            &["min", "above", "more_than", "exactly"]
                        };
                        let file = b.source_file(&level.origin.file);
                        let key = written
                            .iter()
                            .find(|k| file.is_some_and(|s| s.writes(&format!("{path}.fine.{k}"))))
                            .copied()
                            .unwrap_or(f.end);
                        let at = if level.weights.is_some() {
                            format!("{path}.start")
                        } else {
                            format!("{path}.fine.{key}")
                        };
                        let d = sink.emit(check, level.origin, &at, bilingual(en, zh));
                        d.witness = f.witness.as_ref().map(|w| witness(b, w)).unwrap_or_default();
                        if check == Check::WeightModelOutsideStatute {
                            d.help = Some(if f.end == "max" {
                                bilingual(
                                    "lower the cap (`cap:`) or the heaviest weights so that the largest sum stays within the statutory maximum",
                                    "降低上限（`cap:`）或最重的权重，使最大合计不超过法定最高",
                                )
                            } else {
                                bilingual(
                                    "add a floor (`floor:`) or raise the starting point so that the smallest sum reaches the statutory minimum",
                                    "设置下限（`floor:`）或提高裁量起点，使最小合计不低于法定最低",
                                )
                            });
                        }
                    }
                    Ok(None) => {}
                    Err(Skip::Budget) => unbudgeted += 1,
                    Err(Skip::TooMany(n)) => {
                        // Said once per violation, at its first such level (below).
                        too_many_count += 1;
                        match &mut too_many {
                            Some(first) => first.3 = first.3.max(n),
                            None => too_many = Some((level.origin, path.clone(), level.name.clone(), n)),
                        }
                    }
                }
            }
        }
        if let Some((origin, path, name, n)) = too_many {
            let more = too_many_count.saturating_sub(1);
            sink.emit(
                Check::AnalysisSkipped,
                origin,
                &path,
                bilingual(
                    format!(
                        "up to {n} combinations of facts: too many to compare level `{name}` with the statute{} (more than {MAX_POINTS}; docs/LIMITS.md)",
                        if more > 0 { format!(", nor {more} more level–statute comparisons of `{}`", v.id) } else { String::new() }
                    ),
                    format!(
                        "事实组合多达 {n} 种（超过 {MAX_POINTS} 种），未比较阶次 `{name}` 与法定幅度{}（见 docs/LIMITS.md）",
                        if more > 0 { format!("，`{}` 另有 {more} 项阶次与法条的比较亦未进行", v.id) } else { String::new() }
                    ),
                ),
            );
        }
        if unbudgeted > 0 {
            sink.emit(
                Check::AnalysisSkipped,
                &v.origin,
                &v.origin.path,
                bilingual(
                    format!(
                        "{unbudgeted} comparisons of a level with a statute version of `{}` were not made: together they need more than the {MAX_WORK} evaluations of facts a violation is given (docs/LIMITS.md)",
                        v.id
                    ),
                    format!(
                        "`{}` 有 {unbudgeted} 项阶次与法条版本的比较未进行：所需事实组合评估超过每个违法行为 {MAX_WORK} 次的上限（见 docs/LIMITS.md）",
                        v.id
                    ),
                ),
            );
        }
        if let Some(parent) = &table.parent {
            check_parent(b, sink, table, v, parent);
        }
    }
}

/// A refinement's bands must each lie inside the hull of its parent's bands of the same
/// basis, for the parent's violation with the same statute.
fn check_parent(b: &Benchmark, sink: &mut Sink<'_>, table: &Table, v: &Violation, parent: &str) {
    let Some(ptable) = b
        .table_versions(parent)
        .find(|t| t.effective.contains(table.effective.from))
        .or_else(|| b.table_versions(parent).next())
    else {
        return;
    };
    let Some(pv) = ptable.violations.iter().find(|p| p.statute == v.statute) else { return };
    let statute_branch =
        b.statute(&v.statute).and_then(|s| s.version_at(table.effective.from)).and_then(|x| x.branches.first());
    let plevels = levels(&pv.scheme, Addressee::Party);
    let pspans: Vec<Span<'_>> = plevels.iter().filter_map(|l| level_span(b, l, statute_branch)).collect();
    for level in levels(&v.scheme, Addressee::Party) {
        let Some(span) = level_span(b, &level, statute_branch) else { continue };
        let same: Vec<&Span<'_>> = pspans.iter().filter(|p| p.comparable(&span)).collect();
        if same.is_empty() {
            continue;
        }
        let lo = same.iter().map(|p| p.lo).min().unwrap_or_default();
        let hi = if same.iter().any(|p| p.hi.is_none()) { None } else { same.iter().filter_map(|p| p.hi).max() };
        let hull = Span::closed(span.basis, lo, hi);
        if let Some((en, zh, end)) = departure(&span, &hull) {
            let related = sink.related(
                &pv.origin,
                &pv.origin.path,
                bilingual(format!("parent violation `{}`", pv.id), format!("上级违法行为 `{}`", pv.id)),
            );
            let d = sink.emit(
                Check::OutsideParent,
                level.origin,
                &format!("{}.fine.{end}", level.origin.path),
                bilingual(
                    format!(
                        "level `{}` ({}) leaves parent table `{parent}` ({}): {en}",
                        level.name,
                        describe(&span),
                        describe(&hull)
                    ),
                    format!(
                        "阶次 `{}`（{}）超出上级基准 `{parent}`（{}）：{zh}",
                        level.name,
                        describe_zh(&span),
                        describe_zh(&hull)
                    ),
                ),
            );
            d.related = Some(related);
        }
    }
}

/// Checks 1, 2, 6, 7 and the statute-ratio note over every table.
pub(crate) fn check(b: &Benchmark, sink: &mut Sink<'_>) {
    for t in b.tables() {
        check_table(b, sink, t);
    }
    for s in b.statutes() {
        for (vi, version) in s.versions.iter().enumerate() {
            for (bi, branch) in version.branches.iter().enumerate() {
                let Some(rule) = &branch.fine else { continue };
                let span = Span::of_rule(rule);
                if let Some(hi) = span.hi
                    && !span.lo.is_zero()
                    && span.lo.checked_mul(rust_decimal::Decimal::TEN).is_some_and(|ten| hi > ten)
                {
                    sink.emit(
                        Check::WideStatute,
                        &s.origin,
                        &format!("{}.versions[{vi}].branches[{bi}].fine", s.origin.path),
                        bilingual(
                            format!(
                                "statutory range {} of `{}` spans more than 10× (国发〔2024〕5号 asks for at most 10×)",
                                describe(&span),
                                s.id
                            ),
                            format!(
                                "`{}` 的法定幅度 {} 最高额超过最低额 10 倍（国发〔2024〕5号）",
                                s.id,
                                describe_zh(&span)
                            ),
                        ),
                    );
                }
            }
        }
    }
}
