//! D029: a band whose fine may be left out (`fine_optional`, 可以并处), or that sets none, where
//! the statute requires the fine. A decision without a fine is then within the band but outside the statute: `check`
//! reports it (below the statutory minimum, `C009`, or not penalising without a ground, `C025`).
//!
//! The branches compared are those the band's cases can take, in every version of the statute
//! in force while the table is: the band's own `branch:` where the version has it, otherwise
//! the branch the statute selects for each combination of the facts the level's and the
//! branches' conditions read (as D001 finds its witnesses). An error when every branch reached
//! requires a fine, a warning when only some do (the cases that take them). Bands that go below
//! the statute on a legal ground (`mitigated`) or impose nothing (`no_penalty`) are left out.

use crate::Date;
use crate::table::{Benchmark, Disposition, StatuteBranch, StatuteVersion, Table};

use super::bands::{Level, all_levels, branch_points};
use super::constructs::versions_during;
use super::coverage::MAX_WORK;
use super::{Check, Severity, Sink, bilingual};

/// Whether `branch` requires a fine: it sets one, not marked optional ("处五万元以下罚款"
/// requires one as surely as "处一万元以上五万元以下罚款").
fn compulsory(branch: &StatuteBranch) -> bool {
    !branch.fine_optional && branch.fine.is_some()
}

/// The branches of `version` that the cases of `level` take (`None`: none applies); `None`
/// when the facts have too many combinations to enumerate, or the `budget` of evaluations
/// ([`MAX_WORK`] for the whole run) is spent — the caller then counts every branch for the
/// addressee, so a huge table is reported coarsely, never slowly.
pub(super) fn reached<'v>(
    b: &Benchmark,
    level: &Level<'_>,
    version: &'v StatuteVersion,
    budget: &mut usize,
) -> Option<Vec<Option<&'v StatuteBranch>>> {
    if let Some(own) = level.band.branch.as_deref().and_then(|id| version.branch(id)) {
        return Some(vec![Some(own)]);
    }
    let mut out: Vec<Option<&StatuteBranch>> = Vec::new();
    let conditions = std::iter::once(&level.when).chain(version.branches.iter().filter_map(|x| x.when.as_ref()));
    branch_points(b, level, version, conditions, budget, |_, branch| {
        if !out.iter().any(|x| x.map(|x| &x.id) == branch.map(|b| &b.id)) {
            out.push(branch);
        }
        true
    })
    .ok()?;
    // In the statute's order (none first), as the finding lists them.
    out.sort_by_key(|x| x.and_then(|x| version.branches.iter().position(|y| y.id == x.id)));
    Some(out)
}

fn check_table(b: &Benchmark, sink: &mut Sink<'_>, table: &Table, budget: &mut usize) {
    for v in &table.violations {
        let Some(statute) = b.statute(&v.statute) else { continue };
        let versions = versions_during(statute, table);
        for level in all_levels(v) {
            let band = level.band;
            // A band without a fine leaves it out as surely as an optional one (a weight model
            // computes its fine).
            let no_fine = band.fine.is_none() && level.weights.is_none();
            if !(band.fine_optional || no_fine)
                || matches!(band.disposition, Some(Disposition::Mitigated) | Some(Disposition::NoPenalty))
            {
                continue;
            }
            // Each branch reached, with the version it is in.
            let mut outcomes: Vec<(Date, Option<&StatuteBranch>)> = Vec::new();
            for version in &versions {
                let from = version.effective.from;
                match reached(b, &level, version, budget) {
                    Some(found) => outcomes.extend(found.into_iter().map(|x| (from, x))),
                    // Too many combinations to tell: every branch for the addressee may be.
                    None => outcomes.extend(
                        version.branches.iter().filter(|x| x.addressee == level.addressee).map(|x| (from, Some(x))),
                    ),
                }
            }
            let required: Vec<(Date, &StatuteBranch)> =
                outcomes.iter().filter_map(|&(from, x)| x.filter(|x| compulsory(x)).map(|x| (from, x))).collect();
            if required.is_empty() {
                continue;
            }
            let every = required.len() == outcomes.len();
            let dated = versions.len() > 1;
            let named = |zh: bool| -> String {
                let one = |(from, x): &(Date, &StatuteBranch)| match (zh, dated) {
                    (false, true) => format!("branch `{}` as in force from {from}", x.id),
                    (false, false) => format!("branch `{}`", x.id),
                    (true, true) => format!("分支 `{}`（{from}起施行）", x.id),
                    (true, false) => format!("分支 `{}`", x.id),
                };
                required.iter().map(one).collect::<Vec<_>>().join(if zh { "、" } else { ", " })
            };
            let (what, what_zh, path) = if band.fine_optional {
                ("lets the fine be left out", "规定可以不处罚款", format!("{}.fine_optional", level.origin.path))
            } else {
                ("sets no fine", "未规定罚款", level.origin.path.clone())
            };
            let d = sink.emit(
                Check::OptionalFineAgainstStatute,
                level.origin,
                &path,
                bilingual(
                    format!(
                        "level `{}` of `{}` {what}, but statute `{}` requires one for {} its cases ({}): a decision without a fine is outside the statute",
                        level.name,
                        v.id,
                        statute.id,
                        if every { "all" } else { "some of" },
                        named(false)
                    ),
                    format!(
                        "`{}` 的阶次 `{}` {what_zh}，但 `{}` 对其{}案件规定应当处以罚款（{}）：不处罚款的决定超出法定范围",
                        v.id,
                        level.name,
                        statute.id,
                        if every { "全部" } else { "部分" },
                        named(true)
                    ),
                ),
            );
            if !every {
                d.severity = Severity::Warning;
            }
            d.help = Some(if band.fine_optional {
                bilingual(
                    "if the statute says 可以处/可以并处 or 警告或者罚款, mark its branch `fine_optional: true`; otherwise remove `fine_optional` from the band",
                    "法律规定“可以处”“可以并处”或“警告或者罚款”的，在其分支标注 `fine_optional: true`；否则删去该幅度的 `fine_optional`",
                )
            } else {
                bilingual(
                    "give the level its fine (`check` judges its decisions against the statute's range meanwhile); if the statute says 可以处/可以并处 or 警告或者罚款, mark its branch `fine_optional: true`",
                    "为该阶次规定罚款（在此之前 `check` 按法定幅度审查其决定）；法律规定“可以处”“可以并处”或“警告或者罚款”的，在其分支标注 `fine_optional: true`",
                )
            });
        }
    }
}

pub(crate) fn check(b: &Benchmark, sink: &mut Sink<'_>) {
    let mut budget = MAX_WORK;
    for t in b.tables() {
        check_table(b, sink, t, &mut budget);
    }
}
