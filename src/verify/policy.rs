//! The table's own placement policy (check 8): where a policy places a disposition's band
//! (e.g. Guangdong: lighter ≈ 20 %, ordinary ≈ 50 % of a max-only statute), bands whose
//! midpoint lies further from that point than the tolerance are reported.

use rust_decimal::Decimal;

use crate::table::{Benchmark, Coded, Disposition, FineRule, PlacementAnchor, StatuteShape};

use super::bands::{all_levels, level_span};
use super::money::{Basis, Span, describe, describe_zh, show};
use super::{Check, Sink, bilingual};

fn shape(rule: &FineRule) -> StatuteShape {
    match rule {
        FineRule::Amount(r) => match (r.min, r.max) {
            (Some(m), Some(_)) if !m.is_zero() => StatuteShape::Range,
            (_, Some(_)) => StatuteShape::MaxOnly,
            _ => StatuteShape::MinOnly,
        },
        _ => StatuteShape::Multiple,
    }
}

/// Check 8 over every table.
pub(crate) fn check(b: &Benchmark, sink: &mut Sink<'_>) {
    for t in b.tables().iter().filter(|t| !t.placement.is_empty()) {
        for v in &t.violations {
            let Some(version) = b.statute(&v.statute).and_then(|s| s.version_at(t.effective.from)) else { continue };
            for level in all_levels(v) {
                let Some(disposition) = level.band.disposition else { continue };
                let branch = level
                    .band
                    .branch
                    .as_deref()
                    .and_then(|id| version.branch(id))
                    .or_else(|| version.branches.iter().find(|br| br.when.is_none()));
                let Some(rule) = branch.and_then(|br| br.fine.as_ref()) else { continue };
                let statute = Span::of_rule(rule);
                let Some(span) = level_span(b, &level, branch) else { continue };
                let (Some(mid), true) = (span.mid(), span.comparable(&statute)) else { continue };
                for p in t.placement.iter().filter(|p| p.disposition == disposition && p.applies_to == shape(rule)) {
                    let anchor = match p.anchor {
                        PlacementAnchor::ShareOfMax(s) => statute.hi.and_then(|h| h.checked_mul(s)),
                        PlacementAnchor::Midpoint => statute.mid(),
                        PlacementAnchor::MultipleOfMin(k) => statute.lo.checked_mul(k),
                    };
                    let Some(anchor) = anchor else { continue };
                    let scale = statute.hi.unwrap_or(anchor);
                    // Checked: absurd amounts in a hostile table skip the rule rather than panic.
                    let (Some(allowed), Some(gap)) = (scale.checked_mul(p.tolerance), mid.checked_sub(anchor)) else {
                        continue;
                    };
                    if gap.abs() <= allowed {
                        continue;
                    }
                    let pct = |d: Decimal| {
                        d.checked_mul(Decimal::ONE_HUNDRED)
                            .and_then(|x| x.checked_div(scale))
                            .unwrap_or_default()
                            .round_dp(1)
                    };
                    let d = disposition.code();
                    let dz = match disposition {
                        Disposition::NoPenalty => "不予处罚",
                        Disposition::Mitigated => "减轻处罚",
                        Disposition::Lighter => "从轻处罚",
                        Disposition::Ordinary => "一般处罚",
                        Disposition::Heavier => "从重处罚",
                    };
                    let sh = |x| show(span.basis, x);
                    sink.emit(
                        Check::PlacementDeparture,
                        level.origin,
                        &format!("{}.fine", level.origin.path),
                        bilingual(
                            format!(
                                "{d} level `{}` ({}, midpoint {}) departs from the table's placement policy: {d} belongs near {} ({}% of the statutory maximum {}), tolerance {}",
                                level.name, describe(&span), sh(mid), sh(anchor), pct(anchor), show(Basis::Amount, scale), sh(allowed)
                            ),
                            format!(
                                "{dz}阶次 `{}`（{}，中点 {}）偏离本表的阶次设置规则：{dz}应接近 {}（法定最高 {} 的 {}%），容差 {}",
                                level.name, describe_zh(&span), sh(mid), sh(anchor), show(Basis::Amount, scale), pct(anchor), sh(allowed)
                            ),
                        ),
                    );
                }
            }
        }
    }
}
