//! The constructs real tables need, checked (D022–D028): sanctions a band requires are ones the
//! statute provides, adjustments can take effect, quantity bands stay inside the statute's,
//! factor sets are in force while the table is, a second addressee has its statutory penalty.

use crate::table::{
    Addressee, AdjustmentEffect, Benchmark, Period, SanctionKind, SanctionSpec, Scheme, Statute, StatuteVersion, Table,
};

use super::{Check, Sink, bilingual};

/// Sanctions a band may name without the statute listing them: the fine itself, confiscation
/// of illegal gains (Art. 28), a warning, and the orders that always accompany a penalty.
fn always_available(k: SanctionKind) -> bool {
    matches!(
        k,
        SanctionKind::Fine
            | SanctionKind::ConfiscateGains
            | SanctionKind::Warning
            | SanctionKind::OrderToCorrect
            | SanctionKind::OrderToStop
            | SanctionKind::Other
    )
}

fn sanctions(b: &Benchmark, sink: &mut Sink<'_>, table: &Table) {
    for v in &table.violations {
        let Some(statute) = b.statute(&v.statute) else { continue };
        let versions = versions_during(statute, table);
        let provided: Vec<&SanctionSpec> =
            versions.iter().flat_map(|x| &x.branches).flat_map(|br| &br.sanctions).collect();
        for (_, scheme) in v.schemes() {
            for level in scheme.levels() {
                let band = level.band;
                let specs = band
                    .required
                    .iter()
                    .map(|s| (s, "required"))
                    .chain(band.allowed.iter().map(|s| (s, "allowed")))
                    .chain(band.one_of.iter().flatten().map(|s| (s, "one_of")));
                for (spec, list) in specs {
                    let in_statute = provided.iter().find(|p| p.kind == spec.kind);
                    if in_statute.is_none() && !always_available(spec.kind) {
                        sink.emit(
                            Check::SanctionNotInStatute,
                            level.origin,
                            &format!("{}.sanctions.{list}", level.origin.path),
                            bilingual(
                                format!("`{}` is not a sanction of statute `{}`", spec.kind.code_str(), statute.id),
                                format!("`{}` 不是 `{}` 规定的处罚种类", spec.kind.code_str(), statute.id),
                            ),
                        );
                    }
                    let (Some(q), Some(st)) = (&spec.quantity, in_statute.and_then(|p| p.quantity.as_ref())) else {
                        continue;
                    };
                    let outside = q.unit != st.unit
                        || q.range.min.zip(st.range.min).is_some_and(|(a, s)| a < s)
                        || q.range.max.zip(st.range.max).is_some_and(|(a, s)| a > s)
                        || (q.range.max.is_none() && st.range.max.is_some());
                    if outside {
                        sink.emit(
                            Check::QuantityOutsideStatute,
                            level.origin,
                            &format!("{}.sanctions.{list}", level.origin.path),
                            bilingual(
                                format!(
                                    "`{}` of {} lies outside the statute's {}",
                                    spec.kind.code_str(),
                                    crate::table::format_quantity(&q.range, &q.unit, crate::table::Lang::En),
                                    crate::table::format_quantity(&st.range, &st.unit, crate::table::Lang::En)
                                ),
                                format!(
                                    "`{}` {} 超出法定 {}",
                                    spec.kind.code_str(),
                                    crate::table::format_quantity(&q.range, &q.unit, crate::table::Lang::Zh),
                                    crate::table::format_quantity(&st.range, &st.unit, crate::table::Lang::Zh)
                                ),
                            ),
                        );
                    }
                }
            }
        }
        if v.responsible_persons.is_some()
            && !versions.iter().flat_map(|x| &x.branches).any(|br| br.addressee == Addressee::ResponsiblePersons)
        {
            sink.emit(
                Check::AddresseeWithoutStatute,
                &v.origin,
                &format!("{}.responsible_persons", v.origin.path),
                bilingual(
                    format!(
                        "`{}` sets bands for responsible persons, but statute `{}` has no branch for them",
                        v.id, statute.id
                    ),
                    format!("`{}` 对直接责任人员设定了幅度，但 `{}` 未规定对其处罚", v.id, statute.id),
                ),
            );
        }
    }
}

fn adjustments(sink: &mut Sink<'_>, table: &Table) {
    let mut reduced = false;
    for a in &table.adjustments {
        match a.effect {
            AdjustmentEffect::TierUp(_) => {
                let tiers = table
                    .violations
                    .iter()
                    .filter(|v| a.covers(&v.id))
                    .any(|v| matches!(v.scheme, Scheme::Tiers { .. }));
                if a.keep.is_empty() {
                    parallel_without_keep(sink, table, a);
                }
                if !tiers {
                    sink.emit(
                        Check::IneffectiveAdjustment,
                        &a.origin,
                        &a.origin.path,
                        bilingual(
                            format!(
                                "adjustment `{}` moves cases between tiers, but none of its violations has tiers",
                                a.id
                            ),
                            format!("调整规则 `{}` 提高档次，但其适用的违法行为均无档次", a.id),
                        ),
                    );
                }
            }
            AdjustmentEffect::Reduce(_) => reduced = true,
            AdjustmentEffect::Place(_) if reduced => {
                sink.emit(
                    Check::IneffectiveAdjustment,
                    &a.origin,
                    &a.origin.path,
                    bilingual(
                        format!("adjustment `{}` places the case inside the level's band after a reduction, which it would undo; list placements first", a.id),
                        format!("调整规则 `{}` 在减少罚款的规则之后按档次定位，将使减少失效；应先列定位规则", a.id),
                    ),
                );
            }
            AdjustmentEffect::Place(_) => {}
        }
    }
}

/// A tier up that keeps no fact, over a violation with parallel tiers above its lightest rank:
/// a case it moves there is not placed (`check`: C033). Said once a violation.
fn parallel_without_keep(sink: &mut Sink<'_>, table: &Table, a: &crate::table::Adjustment) {
    for v in table.violations.iter().filter(|v| a.covers(&v.id)) {
        let Scheme::Tiers { tiers, .. } = &v.scheme else { continue };
        let lightest = tiers.iter().map(|t| t.rank).min();
        let mut ranks: Vec<u32> = tiers.iter().map(|t| t.rank).filter(|r| Some(*r) != lightest).collect();
        ranks.sort_unstable();
        let parallel = ranks.windows(2).find(|w| matches!(w, [x, y] if x == y)).and_then(|w| w.first().copied());
        if let Some(rank) = parallel {
            let count = tiers.iter().filter(|t| t.rank == rank).count();
            sink.emit(
                Check::IneffectiveAdjustment,
                &a.origin,
                &a.origin.path,
                bilingual(
                    format!(
                        "adjustment `{}` moves cases up the tiers of `{}`, whose rank {rank} has {count} parallel tiers, and keeps no fact (`keep:`): a case it moves there is not placed (C033)",
                        a.id, v.id
                    ),
                    format!(
                        "调整规则 `{}` 提高 `{}` 的档次，其第 {rank} 档有 {count} 个并列阶次，而规则未写明保留哪些事实（keep）：提入该档的案件无法确定阶次（C033）",
                        a.id, v.id
                    ),
                ),
            );
        }
    }
}

/// The first day of `span` that no period of `periods` (sorted or not) covers, if any.
fn first_uncovered(periods: &[Period], span: Period) -> Option<crate::Date> {
    let mut sorted: Vec<Period> = periods.to_vec();
    sorted.sort_by_key(|p| p.from);
    let mut next = span.from;
    for p in sorted {
        if p.from > next {
            return Some(next);
        }
        match p.until {
            None => return None,
            Some(u) if u >= next => match u.add_days(1) {
                Some(d) => next = d,
                None => return None,
            },
            Some(_) => {}
        }
        if span.until.is_some_and(|end| next > end) {
            return None;
        }
    }
    span.until.is_none_or(|end| next <= end).then_some(next)
}

fn factor_sets(b: &Benchmark, sink: &mut Sink<'_>, table: &Table) {
    for (i, id) in table.factor_sets.iter().enumerate() {
        let versions: Vec<Period> = b
            .factor_sets()
            .iter()
            .filter(|s| &s.id == id)
            .map(|s| s.effective.unwrap_or(Period { from: crate::Date::MIN, until: None }))
            .collect();
        if let Some(day) = first_uncovered(&versions, table.effective) {
            sink.emit(
                Check::FactorSetNotInForce,
                &table.origin,
                &format!("table.factor_sets[{i}]"),
                bilingual(
                    format!(
                        "no version of factor set `{id}` is in force on {day}, a day of table `{}`'s validity (the first such day)",
                        table.id
                    ),
                    format!("基准 `{}` 有效期内的 {day}（首个此类日期）没有有效的情节集 `{id}` 版本", table.id),
                ),
            );
        }
    }
}

/// D028: facts whose Chinese or English names coincide. Case files name columns by these
/// names, and a shared one cannot say which fact it is.
fn shared_names(b: &Benchmark, sink: &mut Sink<'_>) {
    let mut seen: std::collections::BTreeMap<(&str, &str), &crate::table::Fact> = std::collections::BTreeMap::new();
    for f in b.facts() {
        for (lang, name) in [("zh", f.label.zh.as_deref()), ("en", f.label.en.as_deref())] {
            let Some(name) = name.filter(|n| !n.trim().is_empty()) else { continue };
            match seen.get(&(lang, name)) {
                Some(first) => {
                    let related = sink.related(
                        &first.origin,
                        &first.origin.path,
                        bilingual(format!("fact `{}`", first.id), format!("事实 `{}`", first.id)),
                    );
                    let d = sink.emit(
                        Check::SharedFactName,
                        &f.origin,
                        &format!("{}.name.{lang}", f.origin.path),
                        bilingual(
                            format!("facts `{}` and `{}` are both named `{name}`: a column with that name designates neither", first.id, f.id),
                            format!("事实“{}”与“{}”同名为“{name}”，以此为列名无法判断所指", first.id, f.id),
                        ),
                    );
                    d.related = Some(related);
                    d.help = Some(bilingual(
                        "give each fact its own name, e.g. with the part of the violation it belongs to",
                        "为每个事实取不同的名称，例如注明所属违法行为",
                    ));
                }
                None => {
                    seen.insert((lang, name), f);
                }
            }
        }
    }
}

/// The versions of `statute` in force on some day of `table`'s validity.
pub(crate) fn versions_during<'s>(statute: &'s Statute, table: &Table) -> Vec<&'s StatuteVersion> {
    statute
        .versions
        .iter()
        .filter(|x| {
            table.effective.from <= x.effective.until.unwrap_or(crate::Date::MAX)
                && x.effective.from <= table.effective.until.unwrap_or(crate::Date::MAX)
        })
        .collect()
}

/// D031: a suspension applies to an act within its own period and its table's (the table judges
/// the case): a period of its own that shares no day with the table's leaves it without effect.
fn suspensions(sink: &mut Sink<'_>, table: &Table) {
    let t = table.effective;
    for s in &table.suspensions {
        let Some(p) = s.effective else { continue };
        let shared = p.from <= t.until.unwrap_or(crate::Date::MAX) && t.from <= p.until.unwrap_or(crate::Date::MAX);
        if !shared {
            sink.emit(
                Check::SuspensionNeverInForce,
                &s.origin,
                &format!("{}.effective", s.origin.path),
                bilingual(
                    format!(
                        "suspension `{}` is in force {} and its table `{}` {}: they share no day, so it never applies",
                        s.id,
                        period_text(&p),
                        table.id,
                        period_text(&t)
                    ),
                    format!(
                        "暂停适用规则 `{}` 的施行期间（{}）与其所在基准表 `{}` 的施行期间（{}）没有重叠：永不适用",
                        s.id,
                        period_zh(&p),
                        table.id,
                        period_zh(&t)
                    ),
                ),
            );
        }
    }
}

/// A period as people write it: `from 2022-01-01 to 2026-12-31` (or `to no end`).
fn period_text(p: &crate::table::Period) -> String {
    format!("from {} to {}", p.from, p.until.map_or_else(|| "no end".to_string(), |u| u.to_string()))
}

/// A period in Chinese: `2022-01-01至2026-12-31` (or `至今`).
fn period_zh(p: &crate::table::Period) -> String {
    format!("{}至{}", p.from, p.until.map_or_else(|| "今".to_string(), |u| u.to_string()))
}

/// D022–D028 and D031 over every table.
pub(crate) fn check(b: &Benchmark, sink: &mut Sink<'_>) {
    for t in b.tables() {
        sanctions(b, sink, t);
        adjustments(sink, t);
        suspensions(sink, t);
        factor_sets(b, sink, t);
    }
    shared_names(b, sink);
}
