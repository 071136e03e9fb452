//! D030: money written below the fen (分). A fine is paid in yuan and fen, so a band or statute
//! amount with more decimals (`3000.001`) is a slip of the pen: `check` compares in payable
//! amounts (an included end to the nearest fen, an excluded one inward), which then differ from
//! what the table says. Money only — the ends of a band's and a statute branch's amount, a
//! formula's start and range, a base floor, a per-unit cap, a hearing threshold; not
//! multiples, percentages, per-unit rates or a formula's amount per step (0.005 yuan a gram is
//! payable once multiplied).

use rust_decimal::Decimal;

use crate::table::{Benchmark, FineRule, Origin, Range, format_amount};

use super::{Check, Sink, bilingual};

/// Whether `d` has a digit below the fen.
fn below_the_fen(d: Decimal) -> bool {
    d.normalize().scale() > 2
}

/// The money amounts of a fine rule, each with the path below the rule where it is written.
fn amounts(rule: &FineRule) -> Vec<(String, Decimal)> {
    let range = |prefix: &str, r: &Range| {
        [("min", r.min), ("max", r.max)]
            .into_iter()
            .filter_map(|(end, d)| Some((format!("{prefix}{end}"), d?)))
            .collect::<Vec<_>>()
    };
    match rule {
        // One amount (`exactly`) once, at the fine itself.
        FineRule::Amount(r) if r.min.is_some() && r.min == r.max => r.min.iter().map(|&d| (String::new(), d)).collect(),
        FineRule::Amount(r) => range("", r),
        FineRule::Multiple { base_floor, .. } | FineRule::Percent { base_floor, .. } => {
            base_floor.iter().map(|&d| ("base_floor".to_string(), d)).collect()
        }
        FineRule::PerUnit { cap, .. } => cap.iter().map(|&d| ("cap".to_string(), d)).collect(),
        FineRule::Formula(f) => {
            let mut out = vec![("start".to_string(), f.start)];
            out.extend(range("", &f.range));
            out
        }
    }
}

fn report(sink: &mut Sink<'_>, at: &Origin, path: &str, rule: &FineRule) {
    for (field, d) in amounts(rule) {
        let path = if field.is_empty() { path.to_string() } else { format!("{path}.{field}") };
        emit(sink, at, &path, d);
    }
}

fn emit(sink: &mut Sink<'_>, at: &Origin, path: &str, d: Decimal) {
    if below_the_fen(d) {
        let shown = format_amount(d);
        sink.emit(
            Check::BelowTheFen,
            at,
            path,
            bilingual(
                format!("amount {shown} is written below the fen: fines are paid to the fen, so no decision can meet it as written"),
                format!("金额 {shown} 精确到分以下：罚款以分为最小单位，任何决定都无法恰好等于所写之数"),
            ),
        )
        .help = Some(bilingual("write the amount in yuan with at most two decimals", "金额以元为单位，最多保留两位小数"));
    }
}

pub(crate) fn check(b: &Benchmark, sink: &mut Sink<'_>) {
    for t in b.tables() {
        if let Some(h) = &t.hearing {
            for (who, d) in [("individual", h.individual), ("organisation", h.organisation)] {
                if let Some(d) = d {
                    emit(sink, &t.origin, &format!("table.hearing.{who}"), d);
                }
            }
        }
        for v in &t.violations {
            for (_, scheme) in v.schemes() {
                for level in scheme.levels() {
                    if let Some(rule) = &level.band.fine {
                        report(sink, level.origin, &format!("{}.fine", level.origin.path), rule);
                    }
                }
            }
        }
    }
    for s in b.statutes() {
        for (vi, version) in s.versions.iter().enumerate() {
            for (bi, branch) in version.branches.iter().enumerate() {
                if let Some(rule) = &branch.fine {
                    report(sink, &s.origin, &format!("{}.versions[{vi}].branches[{bi}].fine", s.origin.path), rule);
                }
            }
        }
    }
}
