//! Provenance, time and factors (checks 9 and 10): citations present, versions contiguous in
//! time, exclusions mutual, no fact counted twice, labels in every declared language.

use std::collections::HashMap;

use crate::table::{Benchmark, Citation, Lang, Origin, Period, Scheme, Table, Text};

use super::{Check, Sink, bilingual};

fn citations(
    sink: &mut Sink<'_>,
    at: &Origin,
    path: &str,
    list: &[Citation],
    what_en: &str,
    what_zh: &str,
    owner: &str,
) {
    if list.is_empty() {
        sink.emit(
            Check::MissingProvenance,
            at,
            path,
            bilingual(
                format!("violation `{owner}` cites no {what_en} provision"),
                format!("违法行为 `{owner}` 未引用{what_zh}"),
            ),
        );
    }
    for (i, c) in list.iter().enumerate() {
        if c.article.is_none() {
            let d = sink.emit(
                Check::MissingProvenance,
                at,
                &format!("{path}[{i}]"),
                bilingual(
                    format!("citation of {} names no article", c.instrument),
                    format!("对{}的引用未写明条款", c.instrument),
                ),
            );
            d.severity = super::Severity::Warning;
        }
    }
}

/// The penalty provisions a violation cites should include the article of the statute whose
/// range it benchmarks: citing Art. 121 while applying Art. 112's range is a slip in one of the
/// two. Compared by instrument (without the "中华人民共和国" of national laws) and article;
/// said as a warning, since a table may cite a provision that refers on to the statute.
fn penalty_cites_statute(b: &Benchmark, sink: &mut Sink<'_>, v: &crate::table::Violation, path: &str) {
    let Some(statute) = b.statute(&v.statute) else { return };
    let (s, cited) = (&statute.citation, &v.legal_basis.penalty);
    if s.article.is_none() || cited.is_empty() || cited.iter().any(|c| c.article.is_none()) {
        return;
    }
    if cited.iter().any(|c| c.instrument_name() == s.instrument_name() && c.article == s.article) {
        return;
    }
    let cite = crate::table::format_citation;
    let listed = |lang: Lang, sep: &str| cited.iter().map(|c| cite(c, lang)).collect::<Vec<_>>().join(sep);
    let d = sink.emit(
        Check::MissingProvenance,
        &v.origin,
        path,
        bilingual(
            format!(
                "violation `{}` cites as its penalty {}, but benchmarks statute `{}` ({})",
                v.id,
                listed(Lang::En, "; "),
                statute.id,
                cite(s, Lang::En)
            ),
            format!(
                "违法行为 `{}` 引用的处罚依据为{}，而其裁量所依据的法条 `{}` 为{}",
                v.id,
                listed(Lang::Zh, "；"),
                statute.id,
                cite(s, Lang::Zh)
            ),
        ),
    );
    d.severity = super::Severity::Warning;
}

/// Periods of successive versions: overlaps are errors, gaps warnings.
fn timeline(sink: &mut Sink<'_>, what: &str, items: &mut [(Period, &Origin, String)]) {
    items.sort_by_key(|(p, _, _)| p.from);
    for pair in items.windows(2) {
        let [(a, _, pa), (b, ob, pb)] = pair else { continue };
        match a.until {
            None => {
                sink.emit(
                    Check::VersionsOverlap,
                    ob,
                    pb,
                    bilingual(
                        format!(
                            "{what}: the version from {} has no end date, yet another starts on {}",
                            a.from, b.from
                        ),
                        format!("{what}：{} 起的版本未设终止日期，另一版本却自 {} 起施行", a.from, b.from),
                    ),
                )
                .related = Some(sink.related(
                    ob,
                    pa,
                    bilingual(format!("version from {}", a.from), format!("{} 起施行的版本", a.from)),
                ));
            }
            Some(u) if b.from <= u => {
                sink.emit(
                    Check::VersionsOverlap,
                    ob,
                    pb,
                    bilingual(
                        format!("{what}: the version from {} starts before the previous one ends ({u})", b.from),
                        format!("{what}：{} 起的版本早于上一版本终止日（{u}）", b.from),
                    ),
                );
            }
            Some(u) if b.from.day_number() - u.day_number() > 1 => {
                sink.emit(
                    Check::VersionsGap,
                    ob,
                    pb,
                    bilingual(
                        format!("{what}: no version is in force between {u} and {}", b.from),
                        format!("{what}：{u} 至 {} 之间没有有效版本", b.from),
                    ),
                );
            }
            _ => {}
        }
    }
}

/// Every label of a table, with its YAML path.
fn labels(t: &Table) -> Vec<(&Origin, String, &Text)> {
    let mut out: Vec<(&Origin, String, &Text)> =
        vec![(&t.origin, "table.title".into(), &t.title), (&t.origin, "table.authority".into(), &t.authority)];
    for v in &t.violations {
        out.push((&v.origin, format!("{}.name", v.origin.path), &v.label));
        match &v.scheme {
            Scheme::Tiers { tiers, .. } => {
                out.extend(tiers.iter().map(|x| (&x.origin, format!("{}.name", x.origin.path), &x.label)));
            }
            Scheme::Matrix { axes, .. } => {
                for (k, a) in axes.iter().enumerate() {
                    let ap = format!("{}.matrix.axes[{k}]", v.origin.path);
                    out.push((&v.origin, format!("{ap}.name"), &a.label));
                    out.extend(
                        a.grades
                            .iter()
                            .enumerate()
                            .map(|(g, x)| (&v.origin, format!("{ap}.grades[{g}].name"), &x.label)),
                    );
                }
            }
            Scheme::Weights(w) => {
                out.extend(
                    w.factors
                        .iter()
                        .enumerate()
                        .map(|(k, f)| (&w.origin, format!("{}.factors[{k}].name", w.origin.path), &f.label)),
                );
            }
        }
    }
    out.extend(t.exemptions.iter().map(|e| (&e.origin, format!("{}.name", e.origin.path), &e.label)));
    out.extend(t.factors.iter().map(|f| (&f.origin, format!("{}.name", f.origin.path), &f.label)));
    out
}

/// Checks 9 and 10 over every table, statute and factor.
pub(crate) fn check(b: &Benchmark, sink: &mut Sink<'_>) {
    let mut versions: HashMap<&str, Vec<(Period, &Origin, String)>> = HashMap::new();
    for t in b.tables() {
        versions.entry(&t.id).or_default().push((t.effective, &t.origin, "table.effective".into()));
        for v in &t.violations {
            let lp = format!("{}.legal_basis", v.origin.path);
            citations(
                sink,
                &v.origin,
                &format!("{lp}.violated"),
                &v.legal_basis.violated,
                "violated",
                "违法依据",
                &v.id,
            );
            citations(sink, &v.origin, &format!("{lp}.penalty"), &v.legal_basis.penalty, "penalty", "处罚依据", &v.id);
            penalty_cites_statute(b, sink, v, &format!("{lp}.penalty"));
            if let Scheme::Weights(w) = &v.scheme {
                let mut seen: HashMap<&str, &str> = HashMap::new();
                for (k, f) in w.factors.iter().enumerate() {
                    let mut facts = Vec::new();
                    for g in &f.grades {
                        g.when.for_each_fact(&mut |x| facts.push(x));
                    }
                    facts.sort();
                    facts.dedup();
                    for fact in facts {
                        if let Some(other) = seen.insert(fact, &f.id)
                            && other != f.id
                        {
                            sink.emit(
                                Check::FactCountedTwice,
                                &w.origin,
                                &format!("{}.factors[{k}]", w.origin.path),
                                bilingual(
                                    format!("fact `{fact}` feeds both factor `{other}` and factor `{}`: the same circumstance is weighted twice", f.id),
                                    format!("事实 `{fact}` 同时计入因子 `{other}` 与 `{}`，同一情节重复计算", f.id),
                                ),
                            );
                        }
                    }
                }
            }
        }
        if t.languages.contains(&Lang::Zh) && t.languages.contains(&Lang::En) {
            for (origin, path, text) in labels(t) {
                for (lang, name, zh) in [(Lang::Zh, "Chinese", "中文"), (Lang::En, "English", "英文")] {
                    if !text.is_empty() && !text.has(lang) {
                        sink.emit(
                            Check::MissingTranslation,
                            origin,
                            &path,
                            bilingual(
                                format!("`{}` has no {name} text, though the table declares zh and en", text.get(lang)),
                                format!("“{}”缺少{zh}文本（本表声明中英双语）", text.get(lang)),
                            ),
                        );
                    }
                }
            }
        }
    }
    for (id, mut list) in versions {
        timeline(sink, &format!("table `{id}`"), &mut list);
    }
    for s in b.statutes() {
        let mut list: Vec<(Period, &Origin, String)> = s
            .versions
            .iter()
            .enumerate()
            .map(|(i, v)| (v.effective, &s.origin, format!("{}.versions[{i}].effective", s.origin.path)))
            .collect();
        timeline(sink, &format!("statute `{}`", s.id), &mut list);
    }
    let factors: Vec<&crate::table::Factor> =
        b.factor_sets().iter().flat_map(|s| &s.factors).chain(b.tables().iter().flat_map(|t| &t.factors)).collect();
    for f in &factors {
        for (i, x) in f.excludes.iter().enumerate() {
            if let Some(other) = factors.iter().find(|o| &o.id == x)
                && !other.excludes.contains(&f.id)
            {
                sink.emit(
                    Check::ExclusionNotMutual,
                    &f.origin,
                    &format!("{}.excludes[{i}]", f.origin.path),
                    bilingual(
                        format!("factor `{}` excludes `{x}`, but `{x}` does not exclude `{}`", f.id, f.id),
                        format!("因子 `{}` 排斥 `{x}`，但 `{x}` 未排斥 `{}`", f.id, f.id),
                    ),
                );
            }
        }
    }
}
