//! Finding messages, rendered on demand from their data, in English or Chinese. The Chinese
//! uses the rules' own Chinese names (facts, factors, sanctions) and no English words.

use super::finding::{CaseCheck, Clip, Detail, ExemptionSource, Finding, Missing, NoLevelKind, Undetermined};
use crate::table::{Lang, Named, Range, SanctionKind, format_amount, format_money, format_quantity, format_yuan};

fn money(r: &Range, lang: Lang) -> String {
    format_money(r, lang)
}

fn yuan(d: rust_decimal::Decimal, lang: Lang) -> String {
    format_yuan(d, lang)
}

/// A table's adjustment by its name (its id where it has none) and citation: "lighter: … (… Art. 6)".
fn adjustment_named(adjustment: &crate::table::Adjustment, lang: Lang) -> String {
    let name = adjustment.label.get(lang);
    let name = if name.is_empty() { adjustment.id.as_str() } else { name };
    match (adjustment.citation.as_ref().map(|c| crate::table::format_citation(c, lang)), lang) {
        (Some(c), Lang::En) => format!("{name} ({c})"),
        (Some(c), Lang::Zh) => format!("{name}（{c}）"),
        (None, _) => name.to_string(),
    }
}

fn opt_money(r: &Option<Range>, lang: Lang) -> String {
    match (r, lang) {
        (Some(r), _) => money(r, lang),
        (None, Lang::En) => "no fine".into(),
        (None, Lang::Zh) => "不罚款".into(),
    }
}

fn sanction(k: SanctionKind, lang: Lang) -> String {
    match lang {
        Lang::En => format!("`{}`", k.code()),
        Lang::Zh => format!("“{}”", k.name(Lang::Zh)),
    }
}

use crate::table::Coded;

/// How far outside a band, as an official reads it: "12,000 above the band's maximum, 24% of
/// its width".
fn overshoot(fine: rust_decimal::Decimal, band: &Range, lang: Lang) -> String {
    let (edge, above) = match (band.below(fine), band.min, band.max) {
        (true, Some(lo), _) => (lo, false),
        (false, _, Some(hi)) => (hi, true),
        _ => return String::new(),
    };
    // Checked: a fine built in a program may be any Decimal, and a difference of two can overflow.
    let Some(gap) = fine.checked_sub(edge).map(|d| d.abs()) else { return String::new() };
    // At an end the band excludes (Guangdong's 以下): "0 above its maximum" would explain nothing.
    if gap.is_zero() {
        return match (lang, above) {
            (Lang::En, true) => "its maximum itself, which the band excludes (以下: under, not including)".into(),
            (Lang::En, false) => "its minimum itself, which the band excludes".into(),
            (Lang::Zh, true) => "恰为幅度上限，而该幅度不含上限（“以下”不含本数）".into(),
            (Lang::Zh, false) => "恰为幅度下限，而该幅度不含下限".into(),
        };
    }
    let width = match (band.min, band.max) {
        (Some(lo), Some(hi)) if hi > lo => Some(hi - lo),
        _ => None,
    };
    let share =
        width.and_then(|w| gap.checked_mul(rust_decimal::Decimal::ONE_HUNDRED)?.checked_div(w)).map(|p| p.round_dp(1));
    match (lang, above, share) {
        (Lang::En, true, Some(p)) => format!("{} above its maximum, {p}% of its width", format_amount(gap)),
        (Lang::En, true, None) => format!("{} above its maximum", format_amount(gap)),
        (Lang::En, false, Some(p)) => format!("{} below its minimum, {p}% of its width", format_amount(gap)),
        (Lang::En, false, None) => format!("{} below its minimum", format_amount(gap)),
        (Lang::Zh, true, Some(p)) => format!("超出幅度上限{}，即幅度的{p}%", yuan(gap, lang)),
        (Lang::Zh, true, None) => format!("超出幅度上限{}", yuan(gap, lang)),
        (Lang::Zh, false, Some(p)) => format!("低于幅度下限{}，即幅度的{p}%", yuan(gap, lang)),
        (Lang::Zh, false, None) => format!("低于幅度下限{}", yuan(gap, lang)),
    }
}

/// Violations near one the rules do not know, as a hint to append ("; did you mean: …?", or
/// nothing when there are none).
pub(crate) fn near_violations(near: &[(String, crate::table::Text)], lang: Lang) -> String {
    if near.is_empty() {
        return String::new();
    }
    let listed = near.iter().map(|(id, name)| match lang {
        Lang::En => format!("{id} ({})", name.get(lang)),
        Lang::Zh => format!("{id}（{}）", name.get(lang)),
    });
    match lang {
        Lang::En => format!("; did you mean: {}?", listed.collect::<Vec<_>>().join("; ")),
        Lang::Zh => format!("；是否指：{}？", listed.collect::<Vec<_>>().join("；")),
    }
}

fn missing(m: &Missing<'_>, lang: Lang) -> String {
    let (en, zh): (&str, &str) = match m {
        Missing::HearingNotice => ("whether a hearing was offered (`hearing_notified`)", "是否告知听证权利"),
        Missing::Party => ("the party's type (`party`)", "当事人类型"),
        Missing::Sanctions => ("the sanctions imposed (`sanctions`)", "所作处罚种类"),
        Missing::Factors => ("the cited factors (`factors`)", "所引用的裁量情节"),
        Missing::SummaryProcedure => ("whether summary procedure was used", "是否适用简易程序"),
        Missing::Deliberation => ("whether the decision was deliberated collectively", "是否经集体讨论"),
        Missing::Approval => ("whether the competent government approved (`approval`)", "是否经有批准权的人民政府批准"),
        Missing::LimitationDates { act: true, discovery: true } => (
            "when the act ended or began (`act_ended`, `act_started`) and when it was discovered (`discovered`), between which the limitation period runs (Art. 36)",
            "违法行为终了或开始日期及发现日期（追责时效据此计算，第三十六条）",
        ),
        Missing::LimitationDates { act: true, discovery: false } => (
            "when the act ended or began (`act_ended`, `act_started`), from which the limitation period runs (Art. 36)",
            "违法行为终了或开始日期（追责时效自此起算，第三十六条）",
        ),
        Missing::LimitationDates { .. } => (
            "when the act was discovered (`discovered`), which must fall within the limitation period (Art. 36)",
            "发现日期（应在追责时效内，第三十六条）",
        ),
        Missing::GraveHarm => (
            "whether the act concerned life, health, safety or financial security and caused harm (`grave_harm`): more than two years passed before its discovery, fewer than five, and such an act has five (Art. 36)",
            "是否涉及公民生命健康安全、金融安全且有危害后果：发现时已超过二年、未超过五年，而此类行为的追责时效为五年（第三十六条）",
        ),
        Missing::ActEnd => (
            "when the act ended (`act_ended`): the period has passed since it started, and an act that lasted runs from its end (Art. 36 ¶2)",
            "违法行为终了日期：自行为开始之日起已超过追责时效，而有连续或者继续状态的违法行为自终了之日起计算（第三十六条第二款）",
        ),
        Missing::Fine => ("the fine", "罚款金额"),
        Missing::Disposition => (
            "the disposition (`claimed_disposition`): a warning or public criticism the statute does not provide is lawful only as a mitigated penalty (减轻, below the statutory kind)",
            "裁量结果：法律未规定的警告、通报批评，仅作为减轻处罚（低于法定处罚种类）方为合法",
        ),
        Missing::HearingThreshold => {
            ("a large-fine threshold for hearings (`hearing:`, 较大数额)", "较大数额罚款的听证标准")
        }
        Missing::StatuteTextAtAct { act, first } => {
            return match lang {
                Lang::En => format!(
                    "the text of the statute in force at the act ({act}; the rules' first took effect on {first})"
                ),
                Lang::Zh => format!("违法行为时（{act}）施行的法律规定文本（规则中最早的文本自 {first} 起施行）"),
            };
        }
        Missing::DecisionDate { changed, later, contradicted } => {
            let (date, date_zh) = match contradicted {
                None => ("the decision date (`decided`)".to_string(), "决定日期".to_string()),
                Some((decided, discovered)) => (
                    format!(
                        "a decision date that agrees with the discovery (`decided` {decided} is before `discovered` {discovered}, C034: the decision may have come later)"
                    ),
                    format!(
                        "与发现日期相符的决定日期（决定日期 {decided} 早于发现日期 {discovered}，C034：决定可能晚于所记载的日期）"
                    ),
                ),
            };
            return match lang {
                Lang::En => format!(
                    "{date}, which Art. 37 (从旧兼从轻) needs: the statute changed on {changed}, after the act, and its later text ({}) is lighter, so it applies to a decision made from that date",
                    opt_money(later, lang)
                ),
                Lang::Zh => format!(
                    "{date_zh}：规定于 {changed} 修改，在违法行为之后，新规定（{}）较轻，于该日以后作出的决定适用新规定（从旧兼从轻）",
                    opt_money(later, lang)
                ),
            };
        }
        Missing::Fact(f) => {
            return match lang {
                Lang::En => format!("fact `{}`", f.id),
                Lang::Zh => format!("事实“{}”", f.label.get_or(Lang::Zh, &f.id)),
            };
        }
        Missing::SuspensionFact { suspension, fact } => {
            return match lang {
                Lang::En => format!(
                    "fact `{}`, which suspension `{}` reads: where it holds, the provisions that allow not penalising do not apply",
                    fact.id, suspension.id
                ),
                Lang::Zh => {
                    format!("事实“{}”（据此判断依法可不予处罚的规定是否适用）", fact.label.get_or(Lang::Zh, &fact.id))
                }
            };
        }
        Missing::AdjustmentFact { adjustment, fact } => {
            return match lang {
                Lang::En => format!("fact `{}`, which adjustment `{}` reads", fact.id, adjustment.id),
                Lang::Zh => format!(
                    "调整规则“{}”所需的事实“{}”",
                    adjustment.label.get_or(Lang::Zh, &adjustment.id),
                    fact.label.get_or(Lang::Zh, &fact.id)
                ),
            };
        }
    };
    if lang == Lang::Zh { zh.into() } else { en.into() }
}

fn undetermined(u: &Undetermined<'_>, lang: Lang) -> String {
    match (u, lang) {
        (Undetermined::MissingFact { fact, also }, Lang::En) => {
            let also = match also.as_slice() {
                [] => String::new(),
                [one] => format!(" (nor is `{}`, which the violation's rules also read)", one.id),
                more => format!(
                    " (nor are {}, which the violation's rules also read)",
                    more.iter().map(|f| format!("`{}`", f.id)).collect::<Vec<_>>().join(", ")
                ),
            };
            format!("the level cannot be determined: fact `{}` is not given{also}", fact.id)
        }
        (Undetermined::MissingFact { fact, also }, Lang::Zh) => {
            let named = |f: &crate::table::Fact| format!("“{}”", f.label.get_or(Lang::Zh, &f.id));
            let also = if also.is_empty() {
                String::new()
            } else {
                format!(
                    "（该违法行为的裁量规则所需的{}也未记载）",
                    also.iter().map(|f| named(f)).collect::<Vec<_>>().join("、")
                )
            };
            format!("无法确定裁量阶次：缺少事实{}{also}", named(fact))
        }
        (Undetermined::MissingBranchFact(f), Lang::En) => {
            format!("the statute's branch cannot be determined: fact `{}` is not given", f.id)
        }
        (Undetermined::MissingBranchFact(f), Lang::Zh) => {
            format!("无法确定适用的法定处罚情形：缺少事实“{}”", f.label.get_or(Lang::Zh, &f.id))
        }
        (Undetermined::MissingBaseFact(f), Lang::En) => {
            format!("the band cannot be computed: fact `{}`, which the fine is reckoned from, is not given", f.id)
        }
        (Undetermined::MissingBaseFact(f), Lang::Zh) => {
            format!("无法计算罚款幅度：缺少计算罚款所依据的事实“{}”", f.label.get_or(Lang::Zh, &f.id))
        }
        (Undetermined::NoDates, Lang::En) => {
            "the case gives no act date and no decision date, so no version of the law can be chosen".into()
        }
        (Undetermined::NoDates, Lang::Zh) => "案件未记载违法行为日期和决定日期，无法确定适用的规定版本".into(),
        (Undetermined::TableNotInForce(d), Lang::En) => format!("no version of the table is in force on {d}"),
        (Undetermined::TableNotInForce(d), Lang::Zh) => format!("{d} 无有效的裁量基准版本"),
        (Undetermined::StatuteNotInForce { statute, date }, Lang::En) => {
            format!("no version of `{statute}` is in force on {date}")
        }
        (Undetermined::StatuteNotInForce { date, .. }, Lang::Zh) => format!("{date} 无有效的法定处罚规定"),
        (Undetermined::NoSchemeForAddressee, Lang::En) => {
            "the table sets no band for this addressee (responsible persons)".into()
        }
        (Undetermined::NoSchemeForAddressee, Lang::Zh) => "基准未对该处罚对象（直接责任人员）设定裁量幅度".into(),
        (Undetermined::Overflow, Lang::En) => "the amount is too large to compute exactly".into(),
        (Undetermined::Overflow, Lang::Zh) => "金额过大，无法精确计算".into(),
    }
}

impl Finding<'_> {
    /// The message in `lang`.
    ///
    /// ```
    /// use discretion::{Benchmark, Date, check::{Case, Party}, table::{Facts, Lang}};
    /// let rules = Benchmark::from_path("rules").unwrap();
    /// let mut case = Case::new("x", "gd-tax.60.1");
    /// case.party = Some(Party::Organisation);
    /// case.act_ended = Date::new(2016, 3, 1).ok();
    /// case.facts = Facts::new().number("days_late", 17)
    ///     .flag("corrected_before_discovery", false).flag("serious", false);
    /// case.decision.fine = Some(500.into());
    /// let a = rules.check(&case);
    /// let f = a.findings.iter().find(|f| f.check.code() == "C008").unwrap();
    /// assert_eq!(f.message(Lang::Zh), "罚款500元高于裁量幅度340元（超出幅度上限160元）");
    /// ```
    pub fn message(&self, lang: Lang) -> String {
        let en = lang == Lang::En;
        match (&self.detail, self.check) {
            (Detail::UnknownViolation { violation, table, near }, _) => {
                let said = match (table, en) {
                    (Some(t), true) => format!("violation `{violation}` of table `{t}` is not in the loaded rules"),
                    (None, true) => format!("violation `{violation}` is not in the loaded rules"),
                    (Some(t), false) => format!("已载入的裁量基准中没有基准表 `{t}` 的违法行为 `{violation}`"),
                    (None, false) => format!("已载入的裁量基准中没有违法行为 `{violation}`"),
                };
                format!("{said}{}", near_violations(near, lang))
            }
            (Detail::Undetermined(u), _) => undetermined(u, lang),
            (Detail::FirstRecord { file, line }, _) if en => {
                format!("the case id repeats the record at {file}:{line}")
            }
            (Detail::FirstRecord { file, line }, _) => format!("案号与 {file}:{line} 的记录重复"),
            (Detail::NoLevel { what }, _) => match (what, en) {
                (NoLevelKind::Tier, true) => "no level of the table matches the facts".into(),
                (NoLevelKind::Tier, false) => "案件事实不符合基准的任何阶次".into(),
                (NoLevelKind::Grade(axis), true) => format!("no grade of `{axis}` matches the facts"),
                (NoLevelKind::Grade(axis), false) => format!("案件事实不符合“{axis}”的任何档次"),
                (NoLevelKind::Cell, true) => "the table has no cell for the grades the facts fall in".into(),
                (NoLevelKind::Cell, false) => "基准中没有与案件事实对应的裁量格".into(),
                (NoLevelKind::Branch, true) => "no statutory branch applies".into(),
                (NoLevelKind::Branch, false) => "无适用的法定处罚条款".into(),
                (NoLevelKind::Overlap { axis: None, first, second }, true) => format!(
                    "tiers `{first}` and `{second}` both match the facts, and the table forbids overlapping tiers (lint D007): the level is not guessed"
                ),
                (NoLevelKind::Overlap { axis: None, first, second }, false) => {
                    format!("案件事实同时符合阶次“{first}”和“{second}”，而基准不允许阶次重叠（lint D007），无法确定阶次")
                }
                (NoLevelKind::Overlap { axis: Some(axis), first, second }, true) if first.is_empty() || second.is_empty() => format!(
                    "two grades of `{axis}` both match the facts, and the table forbids overlapping grades (lint D007): the level is not guessed"
                ),
                (NoLevelKind::Overlap { axis: Some(axis), first, second }, false) if first.is_empty() || second.is_empty() => format!(
                    "案件事实同时符合“{axis}”的两个档次，而基准不允许档次重叠（lint D007），无法确定档次"
                ),
                (NoLevelKind::Overlap { axis: Some(axis), first, second }, true) => format!(
                    "grades `{first}` and `{second}` of `{axis}` both match the facts, and the table forbids overlapping grades (lint D007): the level is not guessed"
                ),
                (NoLevelKind::Overlap { axis: Some(axis), first, second }, false) => format!(
                    "案件事实同时符合“{axis}”的档次“{first}”和“{second}”，而基准不允许档次重叠（lint D007），无法确定档次"
                ),
                (NoLevelKind::TierUpTarget { adjustment, rank, fitting, keeps: false }, true) => format!(
                    "the table's rule `{adjustment}` moves the case up to rank {rank}, which has {fitting} parallel tiers, and does not say which facts the move keeps (`keep:`): the level is not guessed"
                ),
                (NoLevelKind::TierUpTarget { adjustment, rank, fitting, keeps: false }, false) => format!(
                    "基准规则“{adjustment}”将案件提高至第 {rank} 档，该档有 {fitting} 个并列阶次，而规则未写明提档时保留哪些事实（keep），无法确定阶次"
                ),
                (NoLevelKind::TierUpTarget { adjustment, rank, fitting, keeps: true }, true) => format!(
                    "the table's rule `{adjustment}` moves the case up to rank {rank}, and {} of its parallel tiers fit the facts the move keeps, where one must: the level is not guessed",
                    if *fitting == 0 { "none".to_string() } else { fitting.to_string() }
                ),
                (NoLevelKind::TierUpTarget { adjustment, rank, fitting, keeps: true }, false) => format!(
                    "基准规则“{adjustment}”将案件提高至第 {rank} 档，而该档中与提档时保留的事实相符的并列阶次有 {fitting} 个（应恰为一个），无法确定阶次"
                ),
            },
            (Detail::LawApplied { statute, changed, at_act, later, later_applies, discovered }, _) => {
                let mut m = match (later_applies, en) {
                    (true, true) => format!(
                        "`{statute}` changed on {changed}; the later text ({}) is lighter than the one in force at the act ({}), so it applies (Art. 37)",
                        opt_money(later, lang),
                        opt_money(at_act, lang)
                    ),
                    (false, true) => format!(
                        "`{statute}` changed on {changed}; the law in force at the act ({}) applies, the later text ({}) is not lighter (Art. 37)",
                        opt_money(at_act, lang),
                        opt_money(later, lang)
                    ),
                    (true, false) => format!(
                        "该规定于 {changed} 修改；新规定（{}）轻于行为时规定（{}），依行政处罚法第三十七条适用新规定",
                        opt_money(later, lang),
                        opt_money(at_act, lang)
                    ),
                    (false, false) => format!(
                        "该规定于 {changed} 修改；新规定（{}）不轻于行为时规定（{}），依行政处罚法第三十七条适用行为时规定",
                        opt_money(later, lang),
                        opt_money(at_act, lang)
                    ),
                };
                if let Some(d) = discovered {
                    let (after, after_zh) =
                        if d == changed { ("the day it took effect", "即修改施行之日") } else { ("after the change", "晚于修改") };
                    m.push_str(&if en {
                        format!(" — no decision date is recorded, but the act was discovered on {d}, {after}, and the decision came no earlier")
                    } else {
                        format!("（未记载决定日期，但违法行为于 {d} 被发现，{after_zh}，决定不早于发现之日）")
                    });
                }
                m
            }
            (Detail::Exemption(source), check) => {
                let (name, what_en) = exemption_names(source, lang);
                match (check == CaseCheck::PenalisedDespiteExemption, en) {
                    (true, true) => {
                        format!("the case meets {what_en} ({name}), which means no penalty, yet a penalty is imposed")
                    }
                    (false, true) => format!("the case meets {what_en} ({name}); the penalty may be waived"),
                    (true, false) => format!("本案符合应当不予处罚的情形（{name}），却作出了处罚"),
                    (false, false) => format!("本案符合可以不予处罚的情形（{name}）"),
                }
            }
            (Detail::LevelMismatch { claimed, decided, names_zh }, _) => {
                if en {
                    format!("the decision claims level `{claimed}`, the facts decide `{decided}`")
                } else {
                    // The table's Chinese names; an id only where the table gives none.
                    let named = |id: &str, name: Option<&str>| match name {
                        Some(n) if !n.is_empty() => format!("“{n}”"),
                        _ => format!("`{id}`"),
                    };
                    format!(
                        "决定书认定阶次{}，依事实应为{}",
                        named(claimed, names_zh.0.as_deref()),
                        named(decided, Some(names_zh.1.as_str()))
                    )
                }
            }
            (Detail::OutsideBand { fine, band }, check) => {
                let above = check == CaseCheck::AboveBand;
                match (above, en) {
                    (true, true) => format!(
                        "fine {} is above the band {} ({})",
                        yuan(*fine, lang),
                        money(band, lang),
                        overshoot(*fine, band, lang)
                    ),
                    (false, true) => format!(
                        "fine {} is below the band {} ({})",
                        yuan(*fine, lang),
                        money(band, lang),
                        overshoot(*fine, band, lang)
                    ),
                    (true, false) => format!(
                        "罚款{}高于裁量幅度{}（{}）",
                        yuan(*fine, lang),
                        money(band, lang),
                        overshoot(*fine, band, lang)
                    ),
                    (false, false) => format!(
                        "罚款{}低于裁量幅度{}（{}）",
                        yuan(*fine, lang),
                        money(band, lang),
                        overshoot(*fine, band, lang)
                    ),
                }
            }
            (Detail::OutsideStatute { fine, statute }, _) => {
                let above = statute.above(*fine);
                // No fine where the statute requires one but sets no least amount.
                let none_required = fine.is_zero() && !statute.below(*fine);
                match (above, en) {
                    (false, true) if none_required => format!(
                        "no fine is imposed, but the statute requires one ({}) and no mitigation is recorded",
                        money(statute, lang)
                    ),
                    (false, false) if none_required => {
                        format!("未处罚款，但法律规定应当处以罚款（{}），且未记载减轻处罚", money(statute, lang))
                    }
                    (true, true) => {
                        format!("fine {} exceeds the statutory maximum ({})", yuan(*fine, lang), money(statute, lang))
                    }
                    (false, true) => format!(
                        "fine {} is below the statutory minimum ({}) and no mitigation is recorded",
                        yuan(*fine, lang),
                        money(statute, lang)
                    ),
                    (true, false) => format!("罚款{}超过法定最高限额（{}）", yuan(*fine, lang), money(statute, lang)),
                    (false, false) => format!(
                        "罚款{}低于法定最低限额（{}），且未记载减轻处罚",
                        yuan(*fine, lang),
                        money(statute, lang)
                    ),
                }
            }
            (Detail::DispositionContradicted { claimed, fine, statute }, _) => {
                use crate::table::Named;
                if en {
                    format!(
                        "recorded as {} ({}), but the fine of {} is below the statutory {}: that is mitigation (减轻, Art. 32), not a disposition inside the statutory range",
                        claimed.code(),
                        claimed.name(Lang::Zh),
                        yuan(*fine, lang),
                        money(statute, lang)
                    )
                } else {
                    format!(
                        "决定记载为{}，但罚款{}低于法定{}，实为减轻处罚（第三十二条），而非在法定幅度内裁量",
                        claimed.name(Lang::Zh),
                        yuan(*fine, lang),
                        money(statute, lang)
                    )
                }
            }
            (Detail::MitigatedWithoutGround { fine, statute }, _) => match (fine, statute, en) {
                (Some(x), Some(s), true) if x.is_zero() && !s.below(*x) => format!(
                    "a mitigated decision without a fine (the statute requires one: {}) cites no legal ground",
                    money(s, lang)
                ),
                (Some(x), Some(s), false) if x.is_zero() && !s.below(*x) => {
                    format!("减轻处罚（未处罚款，法律规定应当处以罚款：{}）未引用法定依据", money(s, lang))
                }
                (Some(x), Some(s), true) => format!(
                    "a mitigated fine of {} (below the statutory {}) cites no legal ground",
                    yuan(*x, lang),
                    money(s, lang)
                ),
                (Some(x), Some(s), false) => {
                    format!("减轻处罚（罚款{}，低于法定{}）未引用法定依据", yuan(*x, lang), money(s, lang))
                }
                (_, _, true) => "the decision is recorded as mitigated (减轻) but cites no legal ground".into(),
                (_, _, false) => "决定记载为减轻处罚，但未引用法定依据".into(),
            },
            (Detail::Maximum(m), _) => {
                if en {
                    format!("the statutory maximum {} is imposed without an aggravating factor", yuan(*m, lang))
                } else {
                    format!("顶格处罚{}，但未引用从重情节", yuan(*m, lang))
                }
            }
            (Detail::BaseFloor { fact, base, floor }, _) => {
                if en {
                    format!(
                        "`{}` {} is below the floor, so {} is used as the base",
                        fact.id,
                        yuan(*base, lang),
                        yuan(*floor, lang)
                    )
                } else {
                    format!("{}{}不足下限，按{}计算", fact.label.get_or(Lang::Zh, &fact.id), yuan(*base, lang), yuan(*floor, lang))
                }
            }
            (Detail::MissingSanction { kind, alternatives, art28 }, _) => match (alternatives, art28, en) {
                (_, true, true) => "illegal gains are established but not confiscated".into(),
                (_, true, false) => "违法所得已认定，但未予没收".into(),
                (Some(alts), _, _) => {
                    let names: Vec<String> = alts.iter().map(|s| sanction(s.kind, lang)).collect();
                    if en {
                        format!("this level requires one of {}; the decision imposes none", names.join(", "))
                    } else {
                        format!("该阶次应当适用{}之一，决定均未适用", names.join("、"))
                    }
                }
                (None, _, true) => {
                    format!("this level requires {}, which the decision does not impose", sanction(*kind, lang))
                }
                (None, _, false) => format!("该阶次应当并处{}，决定未予适用", sanction(*kind, lang)),
            },
            (Detail::Sanction(kind), CaseCheck::ApprovalMissing) => {
                if en {
                    format!(
                        "{} needs the approval of the government with approving power, and none is recorded",
                        sanction(*kind, lang)
                    )
                } else {
                    format!("{}应当报经有批准权的人民政府批准，但未记载批准", sanction(*kind, lang))
                }
            }
            (Detail::Sanction(kind), _) => {
                if en {
                    format!("{} is neither provided by the statute nor allowed at this level", sanction(*kind, lang))
                } else {
                    format!("法律对本案情形未规定{}，该阶次亦不允许", sanction(*kind, lang))
                }
            }
            (Detail::Limitation { ended, discovered, years, law }, _) => {
                let law = law.map(|c| crate::table::format_citation(c, lang));
                match (en, law) {
                    (true, None) => format!(
                        "the act ended on {ended} and was discovered on {discovered}, after the {years}-year limitation period"
                    ),
                    (true, Some(law)) => format!(
                        "the act ended on {ended} and was discovered on {discovered}, after the {years}-year limitation period of {law}"
                    ),
                    (false, None) => format!(
                        "违法行为于 {ended} 终了，{discovered} 才被发现，已超过{}年追责时效",
                        crate::table::chinese_number(u32::from(*years))
                    ),
                    (false, Some(law)) => format!(
                        "违法行为于 {ended} 终了，{discovered} 才被发现，已超过{law}规定的{}年追责时效",
                        crate::table::chinese_number(u32::from(*years))
                    ),
                }
            }
            (Detail::Hearing { fine, threshold, sanction: heavy }, _) => match (fine, threshold, heavy, en) {
                (Some(x), Some(t), _, true) => format!(
                    "a fine of {} reaches the hearing threshold {} and no hearing was offered",
                    yuan(*x, lang),
                    yuan(*t, lang)
                ),
                (Some(x), Some(t), _, false) => {
                    format!("罚款{}达到听证标准{}，但未告知听证权利", yuan(*x, lang), yuan(*t, lang))
                }
                (_, _, Some(k), true) => {
                    format!("{} gives the party a right to a hearing, which was not offered", sanction(*k, lang))
                }
                (_, _, Some(k), false) => format!("{}依法应告知听证权利，但未告知", sanction(*k, lang)),
                (_, _, None, true) => "a hearing was due and not offered".into(),
                (_, _, None, false) => "应当告知听证权利而未告知".into(),
            },
            (Detail::BranchConflict { applied, selected, selected_range }, _) => {
                let range = |lang| selected_range.map(|r| money(&r, lang));
                if en {
                    let range = range(lang).map(|r| format!(" ({r})")).unwrap_or_default();
                    format!(
                        "the table files this band under statute branch `{}`, but the case's facts select branch `{}`{range}: which statutory range applies must be reviewed",
                        applied.branch.id, selected.branch.id
                    )
                } else {
                    let range = range(lang).map(|r| format!("（{r}）")).unwrap_or_default();
                    format!(
                        "基准将该幅度列于法定情形“{}”，但案件事实对应法定情形“{}”{range}，应复核适用哪一法定幅度",
                        applied.zh,
                        selected.zh
                    )
                }
            }
            (Detail::BranchSanction { applied, selected, sanction, imposed }, _) => match (en, imposed) {
                (true, true) => format!(
                    "the decision imposes `{}`, which statute branch `{}` (the band's) provides and branch `{}`, which the case's facts select, does not: whether it may be imposed must be reviewed",
                    sanction.code(),
                    applied.branch.id,
                    selected.branch.id
                ),
                (true, false) => format!(
                    "the band requires `{}`, which statute branch `{}` (the band's) provides and branch `{}`, which the case's facts select, does not: whether it must be imposed must be reviewed",
                    sanction.code(),
                    applied.branch.id,
                    selected.branch.id
                ),
                (false, true) => format!(
                    "决定给予{}，该处罚仅见于基准所列法定情形“{}”，而案件事实对应的法定情形“{}”未规定，应复核能否给予",
                    sanction.name(Lang::Zh),
                    applied.zh,
                    selected.zh
                ),
                (false, false) => format!(
                    "基准要求并处{}，该处罚仅见于基准所列法定情形“{}”，而案件事实对应的法定情形“{}”未规定，应复核是否必须给予",
                    sanction.name(Lang::Zh),
                    applied.zh,
                    selected.zh
                ),
            },
            (Detail::NoStatutoryFine { branch }, _) => match (en, branch) {
                (true, Some(b)) => format!(
                    "the table gives a fine, but statute branch `{}`, which the case's facts select, sets none: whether a fine may be imposed must be reviewed",
                    b.branch.id
                ),
                (true, None) => "the table gives a fine, but the case's facts select no branch of the statute (it sets no fine for them): whether a fine may be imposed must be reviewed".into(),
                (false, Some(b)) => {
                    format!("基准规定了罚款，但案件事实对应的法定情形“{}”未设罚款，应复核能否罚款", b.zh)
                }
                (false, None) => "基准规定了罚款，但案件事实不对应该规定的任何法定情形（该规定对此不设罚款），应复核能否罚款".into(),
            },
            (Detail::NoBranchSelected { applied }, _) => {
                if en {
                    format!(
                        "the table files this band under statute branch `{}`, but the case's facts select no branch of the statute (it sets no fine for them): whether a fine may be imposed must be reviewed",
                        applied.branch.id
                    )
                } else {
                    format!(
                        "基准将该幅度列于法定情形“{}”，但案件事实不对应该规定的任何法定情形（该规定对此不设罚款），应复核能否罚款",
                        applied.zh
                    )
                }
            }
            (Detail::DatesOutOfOrder { earlier: (e, ed), later: (l, ld) }, _) => {
                if en {
                    format!("`{l}` ({ld}) is before `{e}` ({ed}), which cannot be: correct the dates")
                } else {
                    // The fields by their Chinese names (`decided` read as English in Chinese).
                    let zh = |f: &'static str| {
                        crate::read::record::CaseField::from_id(f).and_then(|x| x.name_zh()).unwrap_or(f)
                    };
                    format!("{}（{ld}）早于{}（{ed}），日期有误，请更正", zh(l), zh(e))
                }
            }
            (Detail::NegativeAmount { field, amount }, _) => {
                if en {
                    format!("`{field}` is {amount}, below zero: no decision imposes a negative amount; the decision is not checked until it is corrected")
                } else {
                    let field = if *field == "fine" { "罚款" } else { "没收违法所得" };
                    format!("{field}为{amount}，小于零：处罚决定不会有负数金额，更正前不检查该决定")
                }
            }
            (Detail::FractionOfAFen { field, amount }, _) => {
                if en {
                    format!("`{field}` is {amount}, with a fraction of a fen: an amount imposed is in yuan to the fen (0.01); the decision is not checked until it is corrected")
                } else {
                    let field = if *field == "fine" { "罚款" } else { "没收违法所得" };
                    format!("{field}为{amount}，不足一分：处罚金额以元计至分（0.01元），更正前不检查该决定")
                }
            }
            (Detail::Summary { limit }, _) => {
                if en {
                    format!(
                        "summary procedure is limited to a warning or a fine of at most {} for this party",
                        yuan(*limit, lang)
                    )
                } else {
                    format!("简易程序仅限警告或不超过{}的罚款", yuan(*limit, lang))
                }
            }
            (Detail::ExclusiveFactors(a, b), _) => {
                if en {
                    format!("factors `{}` and `{}` exclude each other, yet both are cited", a.id, b.id)
                } else {
                    format!("情节“{}”与“{}”互相排斥，却同时被引用", a.label.get(Lang::Zh), b.label.get(Lang::Zh))
                }
            }
            (Detail::UnknownFactor(id), _) => {
                if en {
                    format!("factor `{id}` is not in the rules")
                } else {
                    format!("裁量情节 `{id}` 不在规则中")
                }
            }
            (Detail::FactorContradicted { factor, facts }, _) => {
                if en {
                    let presumed = factor.presumes.as_ref().map(|c| super::allowed::cond_text(c, lang));
                    let named: Vec<String> = facts.iter().map(|f| format!("`{}`", f.id)).collect();
                    format!(
                        "factor `{}` is cited, but the case's {} {} what it presumes ({})",
                        factor.id,
                        named.join(" and "),
                        if named.len() == 1 { "contradicts" } else { "contradict" },
                        presumed.unwrap_or_default()
                    )
                } else {
                    let named: Vec<&str> = facts.iter().map(|f| f.label.get(Lang::Zh)).collect();
                    format!("引用了情节“{}”，但案件记载的{}与其前提不符", factor.label.get(Lang::Zh), named.join("、"))
                }
            }
            (Detail::Suspended { source, suspension }, _) => {
                let (name, what_en) = exemption_names(source, lang);
                let condition = super::allowed::cond_text(&suspension.when, lang);
                let rule = suspension.label.get(lang);
                if en {
                    let id = &suspension.id;
                    if rule.is_empty() {
                        format!(
                            "{what_en} ({name}) gives no ground for not penalising here, where {condition}: the table's suspension `{id}` lifts the provisions that allow not penalising"
                        )
                    } else {
                        format!(
                            "{what_en} ({name}) gives no ground for not penalising here, where {condition}: {rule} (suspension `{id}`)"
                        )
                    }
                } else {
                    // The rule's Chinese name says where it holds; without one, its id and condition.
                    if rule.is_empty() {
                        format!("本案不适用“{name}”：依{}，{condition}时不适用依法可不予处罚的规定", suspension.id)
                    } else {
                        format!("本案不适用“{name}”：{rule}")
                    }
                }
            }
            (Detail::FactorNotInForce { factor, date }, _) => {
                if en {
                    format!("factor `{}` is not in force on {date}, the date of the act", factor.id)
                } else {
                    format!("情节“{}”在行为发生时（{date}）尚未施行或已失效", factor.label.get(Lang::Zh))
                }
            }
            (Detail::Clipped { table, statute, applied, how }, _) => match (how, en) {
                (Clip::Narrowed, true) => format!(
                    "the band {} reaches outside the statutory range {}; {} applies",
                    money(table, lang),
                    money(statute, lang),
                    money(applied, lang)
                ),
                (Clip::Narrowed, false) => format!(
                    "裁量幅度{}超出法定幅度{}，按{}适用",
                    money(table, lang),
                    money(statute, lang),
                    money(applied, lang)
                ),
                (Clip::RaisedToMinimum, true) => format!(
                    "the table's band {} lies below the statutory minimum ({}); the minimum {} applies",
                    money(table, lang),
                    money(statute, lang),
                    money(applied, lang)
                ),
                (Clip::RaisedToMinimum, false) => format!(
                    "基准幅度{}低于法定最低限额（{}），按法定最低{}适用",
                    money(table, lang),
                    money(statute, lang),
                    money(applied, lang)
                ),
                (Clip::LoweredToMaximum, true) => format!(
                    "the table's band {} lies above the statutory maximum ({}); the maximum {} applies",
                    money(table, lang),
                    money(statute, lang),
                    money(applied, lang)
                ),
                (Clip::LoweredToMaximum, false) => format!(
                    "基准幅度{}高于法定最高限额（{}），按法定最高{}适用",
                    money(table, lang),
                    money(statute, lang),
                    money(applied, lang)
                ),
            },
            (Detail::InvalidFact { fact, problem, problem_zh }, _) => {
                // Neutral, as in `AllowedError`: a contradicted built-in fact may still be the
                // one used (the recorded circumstances choose the band); the problem says why.
                if en { format!("fact `{fact}`: {problem}") } else { format!("事实“{fact}”：{problem_zh}") }
            }
            // The table, not the case, lacks what the check needs.
            (Detail::NotMade { check, missing: Missing::StatuteTextAtAct { act, first } }, _) => {
                if en {
                    format!(
                        "{} ({}) not checked: the rules hold no text of the statute in force at the act ({act}; their first took effect on {first}), so whether it was lighter (Art. 37) cannot be told; the text in force at the decision is applied",
                        check.code(),
                        check.title()
                    )
                } else {
                    format!(
                        "未能检查{}（{}）：规则中没有违法行为时（{act}）施行的法律规定文本（最早的文本自 {first} 起施行），无法判断其是否较轻（第三十七条）；按决定时施行的规定审查",
                        check.code(),
                        check.title_zh()
                    )
                }
            }
            (Detail::NotMade { check, missing: m @ Missing::HearingThreshold }, _) => {
                if en {
                    format!("{} ({}) not checked: the table does not declare {}", check.code(), check.title(), missing(m, lang))
                } else {
                    format!("未能检查{}（{}）：基准未规定{}", check.code(), check.title_zh(), missing(m, lang))
                }
            }
            // Art. 37 left open for want of the decision date: whether the fine's lawfulness
            // against the statute waits on it (C041) or not (C027) is said, so that the two do not
            // read alike. (Only the statutory range: the table's band may still differ, C007/C008.)
            (Detail::NotMade { check, missing: m @ Missing::DecisionDate { .. } }, kind) => {
                let open = kind == CaseCheck::OutcomeUndecided;
                let band = matches!(check, CaseCheck::BelowBand | CaseCheck::AboveBand);
                if en {
                    let then = if band {
                        "the fine is inside the band under one text and outside it under another, so whether it needs review waits on it"
                    } else if open {
                        "the fine is inside one text's statutory range and not another's, so whether it is lawful waits on it"
                    } else {
                        "the fine stands alike against every such text's statutory range, so whether it is lawful does not wait on it"
                    };
                    format!(
                        "{} ({}) not checked: the case does not record {}; {then}",
                        check.code(),
                        check.title(),
                        missing(m, lang)
                    )
                } else {
                    let then = if band {
                        "罚款在一种规定下的裁量幅度内、在另一种规定下的裁量幅度外，是否需要复核取决于决定日期"
                    } else if open {
                        "罚款在一种规定的法定幅度内、不在另一种规定的法定幅度内，是否合法取决于决定日期"
                    } else {
                        "罚款对照各该规定的法定幅度，判断结果相同，是否合法不受其影响"
                    };
                    format!("未能检查{}（{}）：案件未记载{}；{then}", check.code(), check.title_zh(), missing(m, lang))
                }
            }
            (Detail::NotMade { check, missing: m }, _) => {
                if en {
                    format!(
                        "{} ({}) not checked: the case does not record {}",
                        check.code(),
                        check.title(),
                        missing(m, lang)
                    )
                } else {
                    format!("未能检查{}（{}）：案件未记载{}", check.code(), check.title_zh(), missing(m, lang))
                }
            }
            (Detail::Quantity { kind, imposed, unit, band, statute }, _) => {
                let q = format_quantity(&Range::exactly(*imposed), unit, lang);
                let b = format_quantity(band, unit, lang);
                match (statute, en) {
                    (true, true) => format!("{} of {q} exceeds the statutory {b}", sanction(*kind, lang)),
                    (false, true) => format!("{} of {q} lies outside the band {b}", sanction(*kind, lang)),
                    (true, false) => format!("{}{q}超出法定幅度{b}", sanction(*kind, lang)),
                    (false, false) => format!("{}{q}超出裁量幅度{b}", sanction(*kind, lang)),
                }
            }
            (Detail::Adjusted { adjustment, from, to }, _) => {
                // A tier move chooses the level; the band is the new level's, said with the case.
                let effect = match (&adjustment.effect, en) {
                    (crate::table::AdjustmentEffect::TierUp(n), true) => format!("{n} tier(s) up"),
                    (crate::table::AdjustmentEffect::TierUp(n), false) => {
                        format!("提高{}个档次", crate::table::chinese_number(*n))
                    }
                    (_, true) => format!("band {} → {}", opt_money(from, lang), opt_money(to, lang)),
                    (_, false) => format!("裁量幅度由{}调整为{}", opt_money(from, lang), opt_money(to, lang)),
                };
                let name = adjustment_named(adjustment, lang);
                if en { format!("{name}: {effect}") } else { format!("{name}：{effect}") }
            }
            (Detail::Unplaceable { adjustment, band }, _) => {
                let name = adjustment_named(adjustment, lang);
                let upper = band.is_some_and(|b| b.max.is_none());
                match (en, upper) {
                    (true, false) => format!(
                        "{name}: not made — the band ({}) has no lower end to place the case at; the band is unchanged",
                        opt_money(band, lang)
                    ),
                    (true, true) => format!(
                        "{name}: not made — the band ({}) has no upper end to place the case at; the band is unchanged",
                        opt_money(band, lang)
                    ),
                    (false, false) => format!("{name}：未作调整——幅度（{}）没有下限，无从确定位置，幅度不变", opt_money(band, lang)),
                    (false, true) => format!("{name}：未作调整——幅度（{}）没有上限，无从确定位置，幅度不变", opt_money(band, lang)),
                }
            }
            (Detail::Reading(reading), _) => {
                // `get` falls back to the other language.
                let said = reading.get(lang);
                match lang {
                    Lang::En => format!("the band rests on a reading the source does not settle: {said}"),
                    Lang::Zh => format!("裁量幅度基于对原文的解读（原文未予明确）：{said}"),
                }
            }
            (Detail::AboveBandWithoutFactor, _) => match lang {
                Lang::En => "a fine above the band (which only an aggravating factor justifies) without any aggravating factor cited".into(),
                Lang::Zh => "罚款高于裁量幅度，但未引用任何从重情节".into(),
            },
            (Detail::Plain, check) => plain(check, lang),
        }
    }
}

fn plain(check: CaseCheck, lang: Lang) -> String {
    let (en, zh) = match check {
        CaseCheck::HeavierWithoutFactor => {
            ("a heavier penalty (从重) without any aggravating factor cited", "从重处罚但未引用任何从重情节")
        }
        CaseCheck::MandatoryMitigationIgnored => (
            "a factor that requires a lighter or mitigated penalty is cited, yet the penalty is ordinary or heavier",
            "引用了应当从轻或者减轻处罚的情节，却给予一般或从重处罚",
        ),
        CaseCheck::DeliberationMissing => (
            "the fine departs from the band, which the table allows only after collective deliberation",
            "罚款偏离裁量幅度，依基准应经集体讨论，但未记载",
        ),
        CaseCheck::NoDecision => (
            "the case records no decision: no fine, no confiscation, no sanction, no `no_penalty`",
            "案件未记载处罚决定：无罚款、没收、其他处罚，亦未记载不予处罚",
        ),
        CaseCheck::DuplicateCaseId => ("the case id repeats an earlier record's", "案号与此前的记录重复"),
        CaseCheck::FineAmountMissing => (
            "the decision imposes a fine (`sanctions` lists 罚款) but records no amount (`fine`): the fine is not judged against the band or the statute",
            "处罚决定处以罚款（处罚种类含罚款），但未记载罚款金额：未能对照裁量幅度和法定幅度审查罚款",
        ),
        CaseCheck::NoPenaltyWithoutGround => (
            "no penalty is imposed, though no exemption applies and the band sets a penalty",
            "未予处罚，但不符合不予处罚情形，且裁量幅度规定了处罚",
        ),
        other => (other.title(), other.title_zh()),
    };
    if lang == Lang::Zh { zh.into() } else { en.into() }
}

/// An exemption's name in `lang`, and what it is in English (`factor `apl.first-offence``).
fn exemption_names(source: &ExemptionSource<'_>, lang: Lang) -> (String, String) {
    match source {
        ExemptionSource::List(e) => (e.label.get_or(lang, &e.id).to_string(), format!("no-penalty entry `{}`", e.id)),
        ExemptionSource::Factor(f) => (f.label.get_or(lang, &f.id).to_string(), format!("factor `{}`", f.id)),
        ExemptionSource::Level(label) => (label.get(lang).to_string(), "a no-penalty level".to_string()),
    }
}
