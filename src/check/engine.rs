//! [`Benchmark::check`]: one case against the table and the Administrative Penalty Law.
//!
//! The steps follow legal review (法制审核): choose the law (Art. 37), exemptions first
//! (Art. 33, no-penalty lists), the level from the facts, the fine against band and statute,
//! the law on dispositions, sanctions, limitation (Art. 36), procedure (Art. 51, 57, 63).

use rust_decimal::Decimal;

use super::assessment::{Assessment, CaseCheck, LawChoice};
use super::case::{Case, Party};
use crate::Date;
use crate::table::{
    Benchmark, Disposition, Effect, EvalError, ExemptionKind, FactValue, Facts, FineRule, Lang, PARTY_FACT, Range,
    SanctionKind, StatuteBranch, StatuteVersion, Table, Truth, Violation, format_amount, format_range,
};

/// Art. 51: on-the-spot decisions only up to these fines. [V] law text, not table data.
const SUMMARY_LIMIT_INDIVIDUAL: i64 = 200;
const SUMMARY_LIMIT_ORGANISATION: i64 = 3_000;

fn range_text(r: &Range) -> String {
    format_range(r, Lang::En)
}

fn range_zh(r: &Range) -> String {
    format_range(r, Lang::Zh)
}

/// The facts with the party type added, unless the case gives it.
fn facts_of(case: &Case) -> std::borrow::Cow<'_, Facts> {
    if case.facts.get(PARTY_FACT).is_some() {
        std::borrow::Cow::Borrowed(&case.facts)
    } else {
        let mut f = case.facts.clone();
        f.set(PARTY_FACT, FactValue::Word(case.party.code().to_string()));
        std::borrow::Cow::Owned(f)
    }
}

/// The statutory fine for these facts under one version, with the branch.
fn statutory<'v>(
    version: &'v StatuteVersion,
    branch: Option<&str>,
    facts: &Facts,
) -> Option<(&'v StatuteBranch, Range)> {
    let b = match branch.and_then(|id| version.branch(id)) {
        Some(b) => b,
        None => version.branch_for(facts).ok()?,
    };
    let money = b.fine.as_ref()?.money(facts).ok()?;
    Some((b, money))
}

/// Whether `a` is lighter than `b` (lower maximum; then lower minimum).
fn lighter(a: &Range, b: &Range) -> bool {
    let max = |r: &Range| r.max.unwrap_or(Decimal::MAX);
    let min = |r: &Range| r.min.unwrap_or(Decimal::ZERO);
    max(a) < max(b) || (max(a) == max(b) && min(a) < min(b))
}

impl Benchmark {
    /// Checks one case. Pure: no I/O, no panics; a clean case allocates little.
    ///
    /// ```
    /// use discretion::{Benchmark, Date, check::{Case, CaseCheck, Party, Verdict}, table::Facts};
    /// let rules = Benchmark::from_path("rules").unwrap();
    /// let mut case = Case::new("2016-017", "gd-tax.60.1");
    /// case.party = Party::Organisation;
    /// case.act_ended = Date::new(2016, 3, 1);
    /// case.decided = Date::new(2016, 5, 1);
    /// case.facts = Facts::new().number("days_late", 17);
    /// case.decision.fine = Some(340.into());
    /// assert_eq!(rules.check(&case).verdict, Verdict::Compliant);
    /// case.decision.fine = Some(341.into());
    /// let a = rules.check(&case);
    /// assert_eq!(a.verdict, Verdict::NeedsReview);
    /// assert!(a.has(CaseCheck::AboveBand));
    /// ```
    pub fn check<'a>(&'a self, case: &Case) -> Assessment<'a> {
        let mut a = Assessment::new();
        let Some((table, violation)) = self.pick_table(case, &mut a) else { return a };
        a.table = Some(table);
        a.violation = Some(violation);
        let facts = facts_of(case);
        let facts = facts.as_ref();
        self.exemptions(case, violation, facts, &mut a);
        self.factors(case, &mut a);
        let version = self.pick_statute(case, violation, facts, &mut a);
        if let Some(version) = version {
            self.level_and_fine(case, violation, version, facts, &mut a);
        }
        limitation(case, &mut a);
        procedure(case, table, &mut a);
        a
    }

    /// The table version in force at the act (else at the decision, else the newest).
    fn pick_table<'a>(&'a self, case: &Case, a: &mut Assessment<'a>) -> Option<(&'a Table, &'a Violation)> {
        let matches = |t: &Table| case.table.as_deref().is_none_or(|id| t.id == id);
        let mut versions = self.violation_versions(&case.violation).filter(|(t, _)| matches(t)).peekable();
        if versions.peek().is_none() {
            let what = match &case.table {
                Some(t) => format!("violation `{}` of table `{t}`", case.violation),
                None => format!("violation `{}`", case.violation),
            };
            a.add(
                CaseCheck::UnknownViolation,
                format!("{what} is not in the loaded rules"),
                format!("已载入的裁量基准中没有{what}"),
            );
            return None;
        }
        let all: Vec<(&Table, &Violation)> = versions.collect();
        let at = |d: Option<Date>| d.and_then(|d| all.iter().find(|(t, _)| t.effective.contains(d)).copied());
        at(case.act_date()).or_else(|| at(case.decided)).or_else(|| all.first().copied())
    }

    /// The statute version, choosing the lighter of act-time and decision-time law (Art. 37).
    fn pick_statute<'a>(
        &'a self,
        case: &Case,
        violation: &'a Violation,
        facts: &Facts,
        a: &mut Assessment<'a>,
    ) -> Option<&'a StatuteVersion> {
        let statute = self.statute(&violation.statute)?;
        let act = case.act_date().and_then(|d| statute.version_at(d));
        let decided = case.decided.and_then(|d| statute.version_at(d));
        let (version, choice) = match (act, decided) {
            (Some(x), Some(y)) if x != y => {
                let rx = statutory(x, None, facts).map(|(_, r)| r);
                let ry = statutory(y, None, facts).map(|(_, r)| r);
                let later_lighter = matches!((&rx, &ry), (Some(rx), Some(ry)) if lighter(ry, rx));
                let (version, choice) =
                    if later_lighter { (y, LawChoice::LighterLater) } else { (x, LawChoice::AtAct) };
                let show = |r: &Option<Range>| r.as_ref().map_or_else(|| "no fine".to_string(), range_text);
                let (en, zh) = if later_lighter {
                    (
                        format!(
                            "`{}` changed on {}; the later text ({}) is lighter than the one in force at the act ({}), so it applies (Art. 37)",
                            statute.id,
                            y.effective.from,
                            show(&ry),
                            show(&rx)
                        ),
                        format!(
                            "`{}` 于 {} 修改；新规定（{}）轻于行为时规定（{}），依第三十七条适用新规定",
                            statute.id,
                            y.effective.from,
                            show(&ry),
                            show(&rx)
                        ),
                    )
                } else {
                    (
                        format!(
                            "`{}` changed on {}; the law in force at the act ({}) applies, the later text ({}) is not lighter (Art. 37)",
                            statute.id,
                            y.effective.from,
                            show(&rx),
                            show(&ry)
                        ),
                        format!(
                            "`{}` 于 {} 修改；新规定（{}）不轻于行为时规定（{}），依第三十七条适用行为时规定",
                            statute.id,
                            y.effective.from,
                            show(&ry),
                            show(&rx)
                        ),
                    )
                };
                a.add(CaseCheck::LawApplied, en, zh).citation = Some("行政处罚法 第三十七条");
                (version, choice)
            }
            (Some(x), _) => (x, LawChoice::Unchanged),
            (None, Some(y)) => (y, LawChoice::Unchanged),
            (None, None) => {
                a.add(
                    CaseCheck::LevelUndetermined,
                    format!("no version of `{}` is in force on the dates of the case", statute.id),
                    format!("案件日期内无有效的 `{}` 规定", statute.id),
                );
                return None;
            }
        };
        a.statute = Some((version, choice));
        Some(version)
    }

    /// No-penalty lists and exempting factors, before any band.
    fn exemptions(&self, case: &Case, violation: &Violation, facts: &Facts, a: &mut Assessment<'_>) {
        let date = case.act_date();
        let lists = self.tables().iter().filter(|t| date.is_none_or(|d| t.effective.contains(d)));
        for e in lists.flat_map(|t| &t.exemptions).filter(|e| e.violations.contains(&violation.id)) {
            if e.when.eval(facts) != Truth::True || !case.penalised() {
                continue;
            }
            let name_en = e.label.get(Lang::En);
            let name_zh = e.label.get(Lang::Zh);
            match e.kind {
                ExemptionKind::Mandatory => {
                    a.add(
                        CaseCheck::PenalisedDespiteExemption,
                        format!("the case meets no-penalty entry `{}` ({name_en}), yet a penalty is imposed", e.id),
                        format!("本案符合不予处罚情形 `{}`（{name_zh}），却作出了处罚", e.id),
                    )
                    .citation = Some("行政处罚法 第三十三条第一款");
                }
                ExemptionKind::Discretionary => {
                    a.add(
                        CaseCheck::DiscretionaryExemption,
                        format!("the case meets first-offence entry `{}` ({name_en}); a penalty may be waived", e.id),
                        format!("本案符合首违不罚情形 `{}`（{name_zh}），可以不予处罚", e.id),
                    )
                    .citation = Some("行政处罚法 第三十三条第一款");
                }
            }
        }
    }

    /// Cited factors: known, not exclusive, exempting ones respected.
    fn factors(&self, case: &Case, a: &mut Assessment<'_>) {
        for (i, id) in case.factors.iter().enumerate() {
            let Some(f) = self.factor(id) else {
                a.add(
                    CaseCheck::UnknownFactor,
                    format!("factor `{id}` is not in the rules"),
                    format!("裁量情节 `{id}` 不在规则中"),
                );
                continue;
            };
            for other in case.factors.iter().skip(i + 1) {
                if f.excludes.contains(other) {
                    a.add(
                        CaseCheck::ExclusiveFactors,
                        format!("factors `{id}` and `{other}` exclude each other, yet both are cited"),
                        format!("情节 `{id}` 与 `{other}` 互相排斥，却同时被引用"),
                    );
                }
            }
            if !case.penalised() {
                continue;
            }
            match f.effect {
                Effect::NoPenalty => {
                    a.add(
                        CaseCheck::PenalisedDespiteExemption,
                        format!("factor `{id}` means no penalty ({}), yet a penalty is imposed", f.citation),
                        format!("情节 `{id}` 依法不予处罚（{}），却作出了处罚", f.citation),
                    )
                    .citation = Some("行政处罚法 第三十条、第三十一条、第三十三条");
                }
                Effect::MayNoPenalty => {
                    a.add(
                        CaseCheck::DiscretionaryExemption,
                        format!("factor `{id}` allows waiving the penalty ({})", f.citation),
                        format!("情节 `{id}` 可以不予处罚（{}）", f.citation),
                    );
                }
                _ => {}
            }
        }
    }

    fn cited(&self, case: &Case, effect: impl Fn(Effect) -> bool) -> bool {
        case.factors.iter().filter_map(|id| self.factor(id)).any(|f| effect(f.effect))
    }

    /// Level, fine against band and statute, dispositions, sanctions.
    fn level_and_fine<'a>(
        &'a self,
        case: &Case,
        violation: &'a Violation,
        version: &'a StatuteVersion,
        facts: &Facts,
        a: &mut Assessment<'a>,
    ) {
        let selected = match violation.select(facts, version) {
            Ok(s) => s,
            Err(e) => {
                let (en, zh) = match &e {
                    EvalError::MissingFact(f) => (
                        format!("the level cannot be determined: fact `{f}` is not given"),
                        format!("无法确定裁量阶次：缺少事实 `{f}`"),
                    ),
                    other => (format!("the level cannot be determined: {other}"), format!("无法确定裁量阶次：{other}")),
                };
                a.add(CaseCheck::LevelUndetermined, en, zh);
                return;
            }
        };
        a.level = Some(selected.level.clone());
        a.band = selected.fine;
        if let Some(claimed) = &case.claimed_level
            && *claimed != selected.level
        {
            a.add(
                CaseCheck::LevelMismatch,
                format!("the decision claims level `{claimed}`, the facts decide `{}`", selected.level),
                format!("决定书认定阶次 `{claimed}`，依事实应为 `{}`", selected.level),
            );
        }
        let band = selected.band;
        let stat = statutory(version, band.branch.as_deref(), facts);
        a.statutory = stat.as_ref().map(|(_, r)| *r);
        let aggravating = self.cited(case, |e| e == Effect::Heavier);
        let mitigating =
            self.cited(case, |e| matches!(e, Effect::MustLightenOrMitigate | Effect::MayLightenOrMitigate));
        let must_mitigate = self.cited(case, |e| e == Effect::MustLightenOrMitigate);
        floors(violation, stat.as_ref().map(|(b, _)| *b), band.fine.as_ref(), facts, a);
        // A band is never applied beyond the statute (the table may be defective, or the law
        // may have changed in the party's favour): the effective band is band ∩ statute.
        if let (Some(b), Some((_, s))) = (selected.fine, &stat)
            && band.disposition != Some(Disposition::Mitigated)
        {
            let clipped = clip(&b, s);
            if clipped != b {
                a.add(
                    CaseCheck::BandClipped,
                    format!(
                        "the band {} reaches outside the statutory range {}; {} applies",
                        range_text(&b),
                        range_text(s),
                        range_text(&clipped)
                    ),
                    format!("裁量幅度 {} 超出法定幅度 {}，按 {} 适用", range_zh(&b), range_zh(s), range_zh(&clipped)),
                );
                a.band = Some(clipped);
            }
        }
        let fine = case.decision.fine;
        if let (Some(x), Some(b)) = (fine, a.band) {
            place(a, x, &b);
        }
        let disposition = case.claimed_disposition;
        if let (Some(x), Some((_, s))) = (fine, &stat) {
            if s.max.is_some_and(|m| x > m) {
                a.add(
                    CaseCheck::OutsideStatute,
                    format!("fine {} exceeds the statutory maximum ({})", format_amount(x), range_text(s)),
                    format!("罚款 {} 超过法定最高限额（{}）", format_amount(x), range_zh(s)),
                )
                .citation = Some("行政处罚法 第五条");
            } else if s.min.is_some_and(|m| x < m) {
                if disposition != Some(Disposition::Mitigated) && !mitigating && band.legal_ground.is_none() {
                    a.add(
                        CaseCheck::OutsideStatute,
                        format!(
                            "fine {} is below the statutory minimum ({}) and no mitigation is recorded",
                            format_amount(x),
                            range_text(s)
                        ),
                        format!("罚款 {} 低于法定最低限额（{}），且未记载减轻处罚", format_amount(x), range_zh(s)),
                    );
                } else if !mitigating && band.legal_ground.is_none() {
                    a.add(
                        CaseCheck::MitigatedWithoutGround,
                        format!(
                            "a mitigated fine of {} (below the statutory {}) cites no legal ground",
                            format_amount(x),
                            range_text(s)
                        ),
                        format!("减轻处罚（罚款 {}，低于法定 {}）未引用法定依据", format_amount(x), range_zh(s)),
                    )
                    .citation = Some("行政处罚法 第三十二条");
                }
            } else if let Some(m) = s.max
                && x == m
                && !aggravating
                // A band that allows nothing lower mandates the maximum itself.
                && a.band.and_then(|b| b.min).is_none_or(|lo| lo < m)
            {
                a.add(
                    CaseCheck::MaximumWithoutFactor,
                    format!("the statutory maximum {} is imposed without an aggravating factor", format_amount(m)),
                    format!("顶格处罚 {}，但未引用从重情节", format_amount(m)),
                )
                .citation = Some("国发〔2024〕5号");
            }
        }
        if disposition == Some(Disposition::Mitigated)
            && !mitigating
            && band.legal_ground.is_none()
            && !a.has(CaseCheck::MitigatedWithoutGround)
        {
            a.add(
                CaseCheck::MitigatedWithoutGround,
                "the decision is recorded as mitigated (减轻) but cites no legal ground".into(),
                "决定记载为减轻处罚，但未引用法定依据".into(),
            )
            .citation = Some("行政处罚法 第三十二条");
        }
        let above_band = a.has(CaseCheck::AboveBand);
        if (disposition == Some(Disposition::Heavier) || above_band) && !aggravating {
            a.add(
                CaseCheck::HeavierWithoutFactor,
                "a heavier penalty (从重) without any aggravating factor cited".into(),
                "从重处罚但未引用任何从重情节".into(),
            );
        }
        let heavy_position = a.position.is_some_and(|p| p > Decimal::new(5, 1));
        if must_mitigate
            && (matches!(disposition, Some(Disposition::Ordinary | Disposition::Heavier))
                || (disposition.is_none() && heavy_position))
        {
            a.add(
                CaseCheck::MandatoryMitigationIgnored,
                "a factor that requires a lighter or mitigated penalty is cited, yet the penalty is ordinary or heavier".into(),
                "引用了应当从轻或者减轻处罚的情节，却给予一般或从重处罚".into(),
            )
            .citation = Some("行政处罚法 第三十条、第三十二条");
        }
        let outside_band = a.has(CaseCheck::AboveBand) || a.has(CaseCheck::BelowBand);
        if outside_band && band.deliberation_outside && !case.procedure.collective_deliberation {
            a.add(
                CaseCheck::DeliberationMissing,
                "the fine departs from the band, which the table allows only after collective deliberation".into(),
                "罚款偏离裁量幅度，依基准应经集体讨论，但未记载".into(),
            )
            .citation = Some("行政处罚法 第五十七条");
        }
        sanctions(case, facts, band, stat.as_ref().map(|(b, _)| *b), a);
    }
}

/// `band ∩ statute`; where they do not meet, the statutory range itself.
fn clip(band: &Range, statute: &Range) -> Range {
    let lo = match (band.min, statute.min) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    };
    let hi = match (band.max, statute.max) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    match (lo, hi) {
        (Some(l), Some(h)) if l > h => *statute,
        _ => Range { min: lo, max: hi },
    }
}

/// Position in the band and distance outside it, with the below/above findings.
fn place(a: &mut Assessment<'_>, x: Decimal, b: &Range) {
    let lo = b.min.unwrap_or(Decimal::ZERO);
    let Some(hi) = b.max else {
        if x < lo {
            a.add(
                CaseCheck::BelowBand,
                format!("fine {} is below the band ({})", format_amount(x), range_text(b)),
                format!("罚款 {} 低于裁量幅度（{}）", format_amount(x), range_zh(b)),
            );
        }
        return;
    };
    // A degenerate band (one amount) measures distance in units of 10% of it, at least 1.
    // Checked arithmetic: absurd amounts leave position and distance unknown, never panic.
    let width = if hi > lo { hi.checked_sub(lo) } else { lo.checked_div(Decimal::TEN).map(|w| w.max(Decimal::ONE)) };
    let below = lo.checked_sub(x).zip(width).and_then(|(d, w)| d.checked_div(w)).map(|d| -d);
    let above = x.checked_sub(hi).zip(width).and_then(|(d, w)| d.checked_div(w));
    let position = if hi > lo {
        x.checked_sub(lo).zip(width).and_then(|(d, w)| d.checked_div(w))
    } else if x < lo {
        below
    } else {
        above.and_then(|d| d.checked_add(Decimal::ONE))
    };
    a.position = position.map(|p| p.round_dp(4));
    let distance = if x < lo {
        below
    } else if x > hi {
        above
    } else {
        Some(Decimal::ZERO)
    };
    a.distance = distance.map(|d| d.round_dp(4));
    let widths = |d: Option<Decimal>| d.map_or_else(|| "?".to_string(), |d| d.abs().round_dp(2).to_string());
    if x < lo {
        let f = a.add(
            CaseCheck::BelowBand,
            format!("fine {} is below the band {} ({} band widths)", format_amount(x), range_text(b), widths(distance)),
            format!("罚款 {} 低于裁量幅度 {}（{} 个幅度宽度）", format_amount(x), range_zh(b), widths(distance)),
        );
        f.expected = Some(*b);
        f.actual = Some(x);
    } else if x > hi {
        let f = a.add(
            CaseCheck::AboveBand,
            format!("fine {} is above the band {} ({} band widths)", format_amount(x), range_text(b), widths(distance)),
            format!("罚款 {} 高于裁量幅度 {}（{} 个幅度宽度）", format_amount(x), range_zh(b), widths(distance)),
        );
        f.expected = Some(*b);
        f.actual = Some(x);
    }
}

/// Notes a base floor that raised the base (A.6: a disposal cost below 200,000 counts as 200,000).
fn floors(
    _v: &Violation,
    branch: Option<&StatuteBranch>,
    band: Option<&FineRule>,
    facts: &Facts,
    a: &mut Assessment<'_>,
) {
    let rules = branch.and_then(|b| b.fine.as_ref()).into_iter().chain(band);
    for rule in rules {
        if let FineRule::Multiple { of, base_floor: Some(floor), .. }
        | FineRule::Percent { of, base_floor: Some(floor), .. } = rule
            && let Some(base) = facts.get_number(of)
            && base < *floor
        {
            a.add(
                CaseCheck::BaseFloorApplied,
                format!(
                    "`{of}` {} is below the floor, so {} is used as the base",
                    format_amount(base),
                    format_amount(*floor)
                ),
                format!("`{of}` {} 不足下限，按 {} 计算", format_amount(base), format_amount(*floor)),
            );
            return;
        }
    }
}

/// Required sanctions present (Art. 28 confiscation; the band's), imposed ones allowed.
fn sanctions(
    case: &Case,
    facts: &Facts,
    band: &crate::table::Band,
    branch: Option<&StatuteBranch>,
    a: &mut Assessment<'_>,
) {
    let is_order = |k: SanctionKind| matches!(k, SanctionKind::OrderToCorrect | SanctionKind::OrderToStop);
    // Confiscation presupposes gains: with illegal gains established as zero there is nothing to take.
    let no_gains = facts.get_number("illegal_gains").is_some_and(|g| g.is_zero());
    let needed = |k: SanctionKind| !(is_order(k) || (k == SanctionKind::ConfiscateGains && no_gains));
    for req in band.required.iter().filter(|s| needed(s.kind)) {
        if !case.imposes(req.kind) {
            a.add(
                CaseCheck::RequiredSanctionMissing,
                format!("this level requires `{}`, which the decision does not impose", req.kind.code_str()),
                format!("该阶次要求 `{}`，决定未予适用", req.kind.code_str()),
            );
        }
    }
    let gains = facts.get_number("illegal_gains").is_some_and(|g| g > Decimal::ZERO);
    if gains
        && !case.imposes(SanctionKind::ConfiscateGains)
        && !band.required.iter().any(|s| s.kind == SanctionKind::ConfiscateGains)
        && case.penalised()
    {
        a.add(
            CaseCheck::RequiredSanctionMissing,
            "illegal gains are established but not confiscated".into(),
            "违法所得已认定，但未予没收".into(),
        )
        .citation = Some("行政处罚法 第二十八条第二款");
    }
    let permitted = |k: SanctionKind| {
        is_order(k)
            || matches!(k, SanctionKind::Fine | SanctionKind::ConfiscateGains | SanctionKind::Warning)
            || band.required.iter().chain(&band.allowed).any(|s| s.kind == k)
            || branch.is_some_and(|b| b.sanctions.iter().any(|s| s.kind == k))
    };
    for s in case.decision.sanctions.iter().filter(|s| !permitted(s.kind)) {
        a.add(
            CaseCheck::SanctionNotAllowed,
            format!("`{}` is neither provided by the statute nor allowed at this level", s.kind.code_str()),
            format!("`{}` 既非法定罚种，亦非该阶次允许", s.kind.code_str()),
        );
    }
}

/// Art. 36: 2 years, 5 where life, health, safety or financial security was harmed.
fn limitation(case: &Case, a: &mut Assessment<'_>) {
    let (Some(start), Some(found)) = (case.act_ended.or(case.act_started), case.discovered) else { return };
    let years = if case.grave_harm { 5 } else { 2 };
    let Some(limit) = start.add_years(years) else { return };
    if found > limit {
        a.add(
            CaseCheck::LimitationExpired,
            format!("the act ended on {start} and was discovered on {found}, after the {years}-year limitation period"),
            format!("违法行为于 {start} 终了，{found} 才被发现，已超过{years}年追责时效"),
        )
        .citation = Some("行政处罚法 第三十六条");
    }
}

/// Hearing (Art. 63), summary procedure (Art. 51).
fn procedure(case: &Case, table: &Table, a: &mut Assessment<'_>) {
    let fine = case.decision.fine.unwrap_or(Decimal::ZERO);
    let threshold = table.hearing.and_then(|h| match case.party {
        Party::Individual => h.individual,
        Party::Organisation => h.organisation,
    });
    let heavy = [
        SanctionKind::QualificationDowngrade,
        SanctionKind::LicenceRevocation,
        SanctionKind::Suspension,
        SanctionKind::Closure,
        SanctionKind::EmploymentBan,
    ]
    .into_iter()
    .find(|k| case.imposes(*k));
    if !case.procedure.hearing_notified {
        if let Some(t) = threshold
            && fine >= t
        {
            a.add(
                CaseCheck::HearingNotNotified,
                format!(
                    "a fine of {} reaches the hearing threshold {} and no hearing was offered",
                    format_amount(fine),
                    format_amount(t)
                ),
                format!("罚款 {} 达到听证标准 {}，但未告知听证权利", format_amount(fine), format_amount(t)),
            )
            .citation = Some("行政处罚法 第六十三条");
        } else if let Some(k) = heavy {
            a.add(
                CaseCheck::HearingNotNotified,
                format!("`{}` gives the party a right to a hearing, which was not offered", k.code_str()),
                format!("`{}` 依法应告知听证权利，但未告知", k.code_str()),
            )
            .citation = Some("行政处罚法 第六十三条");
        }
    }
    if case.procedure.summary {
        let limit = Decimal::from(match case.party {
            Party::Individual => SUMMARY_LIMIT_INDIVIDUAL,
            Party::Organisation => SUMMARY_LIMIT_ORGANISATION,
        });
        let other = case
            .decision
            .sanctions
            .iter()
            .find(|s| !matches!(s.kind, SanctionKind::Warning | SanctionKind::Fine | SanctionKind::OrderToCorrect));
        if fine > limit || other.is_some() {
            a.add(
                CaseCheck::SummaryProcedureExceeded,
                format!(
                    "summary procedure is limited to a warning or a fine of at most {} for this party",
                    format_amount(limit)
                ),
                format!("当场处罚仅限警告或不超过 {} 的罚款", format_amount(limit)),
            )
            .citation = Some("行政处罚法 第五十一条");
        }
    }
}
