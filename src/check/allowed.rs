//! [`Benchmark::allowed`]: the band an officer may choose from, with the explanation — the
//! calculator an enforcement system shows before a decision is drafted. It is computed by the
//! same function `check` uses, so the two never disagree.

use std::collections::BTreeSet;

use super::applicable::{AdjustOutcome, Applicable, LawChoice, NotApplicable, Query};
use super::case::Case;
use super::finding::{Detail, Finding, Undetermined};
use super::prepared::FactProblem;
use crate::table::compiled::{CCond, CFine, FactSlots, Tri};
use crate::table::{
    Addressee, AdjustmentEffect, Benchmark, Condition, Exemption, Fact, Lang, Range, SanctionSpec, Scheme,
    StatuteBranch, StatuteVersion, Table, Text, Violation, format_amount, format_citation, format_money,
};

/// What the rules allow for a case's facts and dates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Allowed<'a> {
    /// The table version in force.
    pub table: &'a Table,
    /// The violation.
    pub violation: &'a Violation,
    /// The statute version applied, and why (Art. 37).
    pub statute: &'a StatuteVersion,
    /// Which version was chosen and why.
    pub choice: LawChoice,
    /// The statute branch the band is measured against.
    pub branch: Option<&'a StatuteBranch>,
    /// Whose penalty.
    pub addressee: Addressee,
    /// The level the facts decide (after any tier move): a tier id, a cell `[a, b]`, `weights`.
    pub level: String,
    /// The band: inside the statute, adjusted by the table's rules — exactly what `check`
    /// judges a fine against. `None` when the level sets no fine.
    pub band: Option<Range>,
    /// The band as the table itself gives it for these facts.
    pub table_band: Option<Range>,
    /// The statutory range in money.
    pub statutory: Option<Range>,
    /// The statute requires a fine for these facts (it sets one, and its branch is not 可以处):
    /// where the level sets no fine (`band` is `None`), `check`
    /// judges the decision against `statutory`, and a decision without a fine is below it.
    pub statute_requires_fine: bool,
    /// The fine may be left out (可以并处): the band says so and the statute lets it
    /// ([`statute_requires_fine`](Allowed::statute_requires_fine) is false). A decision without a
    /// fine is then within the band; one with a fine keeps to `band`.
    pub fine_optional: bool,
    /// Sanctions that must accompany the fine (their conditions hold, or cannot be decided).
    pub required: Vec<&'a SanctionSpec>,
    /// Sanctions that may accompany it.
    pub allowed: Vec<&'a SanctionSpec>,
    /// Groups of alternatives, one of each to impose.
    pub one_of: Vec<&'a [SanctionSpec]>,
    /// How the band was found, one line per step, in Chinese and English.
    pub explanation: Vec<Text>,
    /// The no-penalty entries (不予处罚清单) for the violation, in force at the act, that the
    /// facts meet or may meet (a fact their condition reads is not given). A mandatory entry
    /// met means no penalty at all, whatever the band: `check` reports a penalty there (C004).
    pub no_penalty: Vec<NoPenaltyEntry<'a>>,
}

/// A no-penalty entry the facts meet, or may meet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NoPenaltyEntry<'a> {
    /// The entry: mandatory (应当不予处罚) or discretionary (可以不予处罚).
    pub entry: &'a Exemption,
    /// `None` when the facts meet it; otherwise the first fact its condition reads that is not
    /// given.
    pub unknown: Option<&'a Fact>,
}

/// Why no band can be given.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AllowedError {
    /// The violation is not in the rules.
    #[error("violation `{0}` is not in the rules")]
    UnknownViolation(String),
    /// The case names a table that does not define the violation.
    #[error("table `{0}` does not define this violation")]
    UnknownTable(String),
    /// Facts the rules cannot use (undeclared, wrong type, outside the domain).
    #[error("{}", .0.iter().map(|p| format!("fact `{}`: {}", p.fact, p.problem)).collect::<Vec<_>>().join("; "))]
    InvalidFacts(Vec<FactProblem>),
    /// The facts do not decide a level; `missing` lists every fact the violation reads that the
    /// case does not give.
    #[error("{}{}", .reason, missing_list(.missing))]
    Undetermined {
        /// Why, as the finding `check` would report.
        reason: String,
        /// The same in Chinese.
        reason_zh: String,
        /// The facts the violation's rules read and the case does not give.
        missing: Vec<String>,
    },
}

fn missing_list(m: &[String]) -> String {
    if m.is_empty() { String::new() } else { format!(" (facts not given: {})", m.join(", ")) }
}

impl AllowedError {
    /// The error in `lang` (its `Display` is the English).
    ///
    /// ```
    /// use discretion::Benchmark;
    /// use discretion::check::Case;
    /// use discretion::table::Lang;
    /// let rules = Benchmark::from_path("rules").unwrap();
    /// let e = rules.allowed(&Case::new("x", "no-such-violation")).unwrap_err();
    /// assert_eq!(e.message(Lang::Zh), "规则中没有违法行为“no-such-violation”");
    /// ```
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (_, Lang::En) => self.to_string(),
            (AllowedError::UnknownViolation(v), Lang::Zh) => format!("规则中没有违法行为“{v}”"),
            (AllowedError::UnknownTable(t), Lang::Zh) => format!("基准表“{t}”未规定该违法行为"),
            (AllowedError::InvalidFacts(ps), Lang::Zh) => {
                ps.iter().map(|p| format!("事实“{}”：{}", p.fact, p.problem_zh)).collect::<Vec<_>>().join("；")
            }
            (AllowedError::Undetermined { reason_zh, missing, .. }, Lang::Zh) => {
                if missing.is_empty() {
                    reason_zh.clone()
                } else {
                    format!("{reason_zh}（未给出的事实：{}）", missing.join("、"))
                }
            }
        }
    }
}

pub(crate) fn cond_text(c: &Condition, lang: Lang) -> String {
    cond_named(c, lang, &Names(None))
}

/// How a condition names its facts and values: by id, or — for a Chinese reader, given the
/// rules — by the Chinese names the rules give them (`建设地点 = 一般区域`, `首次违法 = 是`),
/// by id where they give none.
struct Names<'b>(Option<&'b Benchmark>);

impl Names<'_> {
    fn zh<'t>(&self, label: &'t Text) -> Option<&'t str> {
        (self.0.is_some() && label.has(Lang::Zh)).then(|| label.get(Lang::Zh))
    }

    fn fact(&self, id: &str) -> String {
        self.0.and_then(|b| b.fact(id)).and_then(|f| self.zh(&f.label)).unwrap_or(id).to_string()
    }

    fn value(&self, fact: &str, value: &str) -> String {
        let fact = self.0.and_then(|b| b.fact(fact));
        let label = fact.and_then(|f| match &f.fact_type {
            crate::table::FactType::Enum(values) => {
                values.iter().position(|v| v == value).and_then(|i| f.value_labels.get(i))
            }
            _ => None,
        });
        label.and_then(|l| self.zh(l)).unwrap_or(value).to_string()
    }

    fn flag(&self, value: bool) -> String {
        match (self.0.is_some(), value) {
            (true, true) => "是".into(),
            (true, false) => "否".into(),
            (false, v) => v.to_string(),
        }
    }
}

fn cond_named(c: &Condition, lang: Lang, names: &Names<'_>) -> String {
    let and = if lang == Lang::Zh { "且" } else { " and " };
    let or = if lang == Lang::Zh { "或" } else { " or " };
    let text = |c: &Condition| cond_named(c, lang, names);
    match c {
        Condition::All(cs) if cs.is_empty() => (if lang == Lang::Zh { "一律" } else { "always" }).into(),
        Condition::All(cs) => cs.iter().map(text).collect::<Vec<_>>().join(and),
        Condition::Any(cs) => {
            // A conjunction inside keeps its own parentheses: "(a and b) or (c and d)".
            let part = |c: &Condition| match c {
                Condition::All(inner) if inner.len() > 1 => format!("({})", text(c)),
                Condition::Within { interval, .. } if interval.lower.is_some() && interval.upper.is_some() => {
                    format!("({})", text(c))
                }
                _ => text(c),
            };
            format!("({})", cs.iter().map(part).collect::<Vec<_>>().join(or))
        }
        Condition::Flag { fact, value } => format!("{} = {}", names.fact(fact), names.flag(*value)),
        Condition::OneOf { fact, values } => {
            let shown: Vec<String> = values.iter().map(|v| names.value(fact, v)).collect();
            match shown.as_slice() {
                [one] => format!("{} = {one}", names.fact(fact)),
                _ => format!("{} ∈ {{{}}}", names.fact(fact), shown.join(if names.0.is_some() { "、" } else { ", " })),
            }
        }
        Condition::Within { fact, interval } => {
            let fact = names.fact(fact);
            // `is: 1` reads as `= 1`, not `≥ 1 and ≤ 1`.
            if let (Some(lo), Some(hi)) = (interval.lower, interval.upper)
                && lo.inclusive
                && hi.inclusive
                && lo.value == hi.value
            {
                return format!("{fact} = {}", format_amount(lo.value));
            }
            let mut parts = Vec::new();
            if let Some(b) = interval.lower {
                parts.push(format!("{fact} {} {}", if b.inclusive { "≥" } else { ">" }, format_amount(b.value)));
            }
            if let Some(b) = interval.upper {
                parts.push(format!("{fact} {} {}", if b.inclusive { "≤" } else { "<" }, format_amount(b.value)));
            }
            parts.join(and)
        }
    }
}

/// A statute branch's name in Chinese: the one the rules give; else its condition in the rules'
/// words (`情节严重 = 是`), or `其他情形` for a branch without one — never its id (`serious`),
/// which is no word of Chinese. `range` and `check`'s C035 say branches so.
///
/// ```
/// use discretion::Benchmark;
/// use discretion::check::branch_name_zh;
/// let rules = Benchmark::from_path("rules").unwrap();
/// let statute = rules.statute("tax-collection-law.60.1").unwrap();
/// let names: Vec<String> = statute.versions[0].branches.iter().map(|b| branch_name_zh(b, &rules)).collect();
/// assert_eq!(names, ["情节严重 = 是", "其他情形"]);
/// ```
pub fn branch_name_zh(branch: &crate::table::StatuteBranch, rules: &Benchmark) -> String {
    let names = Names(Some(rules));
    match (names.zh(&branch.label), &branch.when) {
        (Some(name), _) => name.to_string(),
        (None, Some(c)) => cond_named(c, Lang::Zh, &names),
        (None, None) => "其他情形".to_string(),
    }
}

/// A condition as people read it: `days_late ≥ 1 and days_late ≤ 30 and party = organisation`.
///
/// ```
/// use discretion::check::describe;
/// use discretion::table::Condition;
/// let flag = |fact: &str, value| Condition::Flag { fact: fact.into(), value };
/// let either = Condition::Any(vec![
///     Condition::All(vec![flag("compensated", false), flag("measures_in_time", true)]),
///     Condition::All(vec![flag("compensated", true), flag("measures_in_time", false)]),
/// ]);
/// assert_eq!(
///     describe(&either),
///     "((compensated = false and measures_in_time = true) or (compensated = true and measures_in_time = false))"
/// );
/// ```
pub fn describe(c: &Condition) -> String {
    cond_text(c, Lang::En)
}

/// A condition in `lang` for a reader of `rules`: in English by ids, as [`describe`]; in
/// Chinese by the names the rules give facts and values (by id where they give none).
///
/// ```
/// use discretion::Benchmark;
/// use discretion::check::describe_in;
/// use discretion::table::{Condition, Lang};
/// let rules = Benchmark::from_path("rules").unwrap();
/// let first = Condition::Flag { fact: "first_offence".into(), value: true };
/// assert_eq!(describe_in(&first, &rules, Lang::En), "first_offence = true");
/// assert_eq!(describe_in(&first, &rules, Lang::Zh), "首次违法 = 是");
/// ```
pub fn describe_in(c: &Condition, rules: &Benchmark, lang: Lang) -> String {
    match lang {
        Lang::En => describe(c),
        Lang::Zh => cond_named(c, Lang::Zh, &Names(Some(rules))),
    }
}

fn money(r: &Option<Range>, lang: Lang) -> String {
    match (r, lang) {
        (Some(r), _) => format_money(r, lang),
        (None, Lang::Zh) => "不罚款".into(),
        (None, Lang::En) => "no fine".into(),
    }
}

/// A multiple or percentage of an amount below its floor ("所需处置费用不足二十万元的，按二十万元
/// 计算") counts the floor — the floor `check` reports as C014 (`Applicable::floored`): said, since
/// the range above reads as though computed from the case's own amount.
fn floored_base(b: &Benchmark, app: &Applicable<'_>) -> Option<Text> {
    use crate::table::FineRule;
    let (fact, base, floor) = app.floored?;
    let of = &b.fact_by_id(fact)?.id;
    let statute = app.branch.and_then(|br| br.fine.as_ref()).is_some_and(|f| {
        matches!(f, FineRule::Multiple { base_floor: Some(_), .. } | FineRule::Percent { base_floor: Some(_), .. })
    });
    let whose = if statute { "the statute's" } else { "the table's" };
    let (v, f) = (format_amount(base), format_amount(floor));
    Some(Text::new(
        format!("计算基数：{} {v}元，不足 {f}元，按 {f}元计算", Names(Some(b)).fact(of)),
        format!("base: {of} {v} is below {whose} floor {f}, and counts as {f}"),
    ))
}

/// The explanation of an applicable band, step by step, in both languages. `settled_by`: the
/// discovery date where it, with no decision date, settled the law at the decision (Art. 37).
fn explain(b: &Benchmark, app: &Applicable<'_>, facts: &FactSlots, settled_by: Option<crate::Date>) -> Vec<Text> {
    let mut out = Vec::new();
    let t = app.table;
    let version = t.version.as_deref().unwrap_or("");
    out.push(Text::new(
        format!("基准：{}（{} {}，{} 起施行）", t.title.get(Lang::Zh), t.id, version, t.effective.from),
        format!("table: {} {} (in force from {})", t.id, version, t.effective.from),
    ));
    if let Some(change) = &app.change {
        let later = app.choice == LawChoice::LighterLater;
        // Said as `check`'s C003 says it: the decision date is not given, the discovery's is.
        let (why_zh, why_en) = match settled_by {
            Some(d) => (
                format!("；未给出决定日期，违法行为于 {d} 被发现，决定不早于该日"),
                format!("; no decision date is given, and the act was discovered on {d}: the decision came no earlier"),
            ),
            None => (String::new(), String::new()),
        };
        out.push(Text::new(
            format!(
                "法律适用：该规定于 {} 修改，{}（行政处罚法第三十七条）{why_zh}",
                change.later.effective.from,
                if later {
                    "新规定较轻，适用新规定"
                } else {
                    "新规定不轻于旧规定，适用行为时规定"
                }
            ),
            format!(
                "law applied: the statute changed on {}; {} (Art. 37){why_en}",
                change.later.effective.from,
                if later { "the later text is lighter and applies" } else { "the text in force at the act applies" }
            ),
        ));
    }
    // The explanation's Chinese names its facts, values, grades and branches as the rules do.
    let names = Names(Some(b));
    let zh_or = |label: &Text, id: &str| names.zh(label).unwrap_or(id).to_string();
    // No branch of the statute applies (none for this addressee): it sets nothing here.
    let (branch_zh, branch_en) = match app.branch {
        Some(br) => (format!("适用情形：{}", branch_name_zh(br, b)), format!("branch {}", br.id)),
        None => ("无适用情形".to_string(), "no branch applies".to_string()),
    };
    // The statute by its citation (环境影响评价法第三十一条第三款), not its id.
    let statute_zh =
        b.statute(app.statute).map_or_else(|| app.statute.to_string(), |s| format_citation(&s.citation, Lang::Zh));
    out.push(Text::new(
        format!(
            "法定幅度：{}（{} 起施行的文本，{branch_zh}）：{}",
            statute_zh,
            app.version.effective.from,
            money(&app.statutory, Lang::Zh)
        ),
        format!(
            "statute: {} as in force from {} ({branch_en}): {}",
            app.statute,
            app.version.effective.from,
            money(&app.statutory, Lang::En)
        ),
    ));
    if let Some(line) = floored_base(b, app) {
        out.push(line);
    }
    let name = |i: usize| app.scheme.level_name(i).map(|n| n.into_owned()).unwrap_or_default();
    match app.scheme {
        Scheme::Tiers { tiers, .. } => {
            if let Some(tier) = tiers.get(app.selected) {
                out.push(Text::new(
                    format!(
                        "阶次：{}（{}），因为 {}",
                        name(app.selected),
                        tier.label.get(Lang::Zh),
                        cond_named(&tier.when, Lang::Zh, &names)
                    ),
                    format!("level: {} because {}", name(app.selected), cond_text(&tier.when, Lang::En)),
                ));
            }
        }
        Scheme::Matrix { axes, cells } => {
            if let Some(cell) = cells.get(app.selected) {
                let parts: Vec<(String, String)> = cell
                    .at
                    .iter()
                    .zip(axes)
                    .filter_map(|(g, a)| {
                        let Some(g) = g else {
                            // The cell spans the axis: the case's grade there does not matter.
                            return Some((
                                format!("{} 不论", zh_or(&a.label, &a.id)),
                                format!("{} any (the cell spans it)", a.id),
                            ));
                        };
                        let grade = a.grades.get(*g)?;
                        // The grade's condition in brackets, unless it says the same again (an
                        // axis named as its fact, a grade as its value).
                        let head = format!("{} = {}", zh_or(&a.label, &a.id), zh_or(&grade.label, &grade.id));
                        let cond = cond_named(&grade.when, Lang::Zh, &names);
                        Some((
                            if cond == head { head } else { format!("{head}（{cond}）") },
                            format!("{} = {} ({})", a.id, grade.id, cond_text(&grade.when, Lang::En)),
                        ))
                    })
                    .collect();
                let zh: Vec<&str> = parts.iter().map(|(z, _)| z.as_str()).collect();
                let en: Vec<&str> = parts.iter().map(|(_, e)| e.as_str()).collect();
                let label = app.scheme.level_label(app.selected, Lang::Zh).map(|l| l.into_owned()).unwrap_or_default();
                out.push(Text::new(
                    format!("裁量格：{}（{label}），因为 {}", name(app.selected), zh.join("；")),
                    format!("cell: {} because {}", name(app.selected), en.join("; ")),
                ));
            }
        }
        Scheme::Weights(w) => {
            let mut parts = vec![format!("start {}", w.written(w.start))];
            let mut zh = vec![format!("起点 {}", w.written(w.start))];
            let _ = app.cscheme.weight_sum(facts, w.start, |k, _, weight| {
                let factor = w.factors.get(k);
                let id = factor.map_or("", |f| f.id.as_str());
                parts.push(format!("{id} {}", w.written(weight)));
                zh.push(format!("{} {}", factor.map_or(id.to_string(), |f| zh_or(&f.label, id)), w.written(weight)));
            });
            if let Some(x) = app.weights {
                let (sum, applied) = (w.written_total(x.sum), w.written_total(x.applied));
                let max = format_amount(x.statutory_max);
                out.push(Text::new(
                    format!("权重：{} = {sum}，按 {applied} × {max} 计算", zh.join(" + ")),
                    format!("weights: {} = {sum}; {applied} × {max}", parts.join(" + ")),
                ));
            }
        }
    }
    if let (Some(CFine::Formula { start, terms, .. }), Some(model)) =
        (app.cband().and_then(|b| b.fine.as_ref()), app.model_band().and_then(|b| b.fine.as_ref()))
        && let crate::table::FineRule::Formula(f) = model
    {
        let mut parts = vec![format_amount(*start)];
        for (t, mt) in terms.iter().zip(&f.terms) {
            if let Some(crate::table::Value::Number(v)) = crate::table::FactSource::value(facts, t.fact)
                && let Ok(steps) = t.steps(v)
            {
                parts.push(format!(
                    "{} × {} ({} = {})",
                    steps.normalize(),
                    format_amount(t.add),
                    mt.fact,
                    v.normalize()
                ));
            }
        }
        out.push(Text::new(format!("公式：{}", parts.join(" + ")), format!("formula: {}", parts.join(" + "))));
    }
    if app.selected != app.level {
        out.push(Text::new(
            format!("阶次调整：由 {} 升至 {}", name(app.selected), name(app.level)),
            format!("level moved: {} → {}", name(app.selected), name(app.level)),
        ));
    }
    if let Some(reading) = &app.violation.reading {
        let said = Finding {
            check: super::finding::CaseCheck::BandRestsOnReading,
            detail: Detail::Reading(reading),
            citation: None,
        };
        out.push(Text::new(said.message(Lang::Zh), said.message(Lang::En)));
    }
    if let (Some(how), Some(tb), Some(s), Some(c)) = (app.clip, app.table_band, app.statutory, app.clipped) {
        let clipped = Finding {
            check: super::finding::CaseCheck::BandClipped,
            detail: Detail::Clipped { table: tb, statute: s, applied: c, how },
            citation: None,
        };
        out.push(Text::new(clipped.message(Lang::Zh), clipped.message(Lang::En)));
    }
    for adj in app.adjustments() {
        let Some(rule) = app.table.adjustments.get(adj.index) else { continue };
        let cite = rule.citation.as_ref();
        let label = |lang| {
            let l = rule.label.get(lang);
            let l = if l.is_empty() { rule.id.clone() } else { l.to_string() };
            match cite {
                Some(c) => format!("{l}（{}）", format_citation(c, lang)),
                None => l,
            }
        };
        let what = |lang: Lang| match &rule.effect {
            AdjustmentEffect::TierUp(n) => match lang {
                Lang::Zh => format!("提高{}个档次", crate::table::chinese_number(*n)),
                Lang::En => format!("{n} tier(s) up"),
            },
            AdjustmentEffect::Place(_) | AdjustmentEffect::Reduce(_) => match &adj.applied {
                AdjustOutcome::Moved(from, to) => match lang {
                    Lang::Zh => format!("幅度由{}调整为{}", money(from, lang), money(to, lang)),
                    Lang::En => format!("band {} → {}", money(from, lang), money(to, lang)),
                },
                AdjustOutcome::Unplaceable | AdjustOutcome::Undecided(_) => String::new(),
            },
        };
        match adj.applied {
            AdjustOutcome::Moved(..) => out.push(Text::new(
                format!("调整：{}，{}", label(Lang::Zh), what(Lang::Zh)),
                format!("adjustment: {}: {}", label(Lang::En), what(Lang::En)),
            )),
            // Said as `check` says it (C030).
            AdjustOutcome::Unplaceable => {
                let said = Finding {
                    check: super::finding::CaseCheck::AdjustmentApplied,
                    detail: Detail::Unplaceable { adjustment: rule, band: app.band },
                    citation: None,
                };
                out.push(Text::new(
                    format!("调整：{}", said.message(Lang::Zh)),
                    format!("adjustment: {}", said.message(Lang::En)),
                ));
            }
            AdjustOutcome::Undecided(f) => {
                let fact = b.fact_by_id(f).map_or("?", |f| f.id.as_str());
                out.push(Text::new(
                    format!("调整：{} 未能判断（缺少事实“{}”），幅度未作调整", label(Lang::Zh), names.fact(fact)),
                    format!("adjustment: {} not decided (fact `{fact}` not given); band unchanged", label(Lang::En)),
                ));
            }
        }
    }
    // Art. 28 confiscates established illegal gains whatever the band lists; `check` requires it (C015).
    let band_confiscates = app
        .model_band()
        .is_some_and(|m| m.required.iter().any(|s| s.kind == crate::table::SanctionKind::ConfiscateGains));
    if let Some(gains) = b.illegal_gains(facts).filter(|g| g.is_sign_positive() && !g.is_zero() && !band_confiscates) {
        out.push(Text::new(
            format!("行政处罚法第二十八条：违法所得{}已确定，应当予以没收（依法应当退赔的除外）", crate::table::format_yuan(gains, Lang::Zh)),
            format!(
                "Art. 28: illegal gains of {} are established and are to be confiscated (unless they are to be returned)",
                crate::table::format_yuan(gains, Lang::En)
            ),
        ));
    }
    out.push(Text::new(
        format!("裁量幅度：{}", money(&app.band, Lang::Zh)),
        format!("band: {}", money(&app.band, Lang::En)),
    ));
    out
}

/// What a violation's rules read for one addressee: the conditions of its levels and of its
/// statute's branches, and every fact those conditions and the fines name (sorted, each once).
/// One list, used for what a user must supply and by the property-testing kit.
pub(crate) fn rules_read<'a>(
    b: &'a Benchmark,
    v: &'a Violation,
    addressee: Addressee,
) -> (Vec<&'a Condition>, BTreeSet<&'a str>) {
    let mut conditions: Vec<&Condition> = Vec::new();
    let mut ids = BTreeSet::new();
    if let Some(scheme) = v.scheme_for(addressee) {
        match scheme {
            Scheme::Tiers { tiers, .. } => conditions.extend(tiers.iter().map(|t| &t.when)),
            Scheme::Matrix { axes, .. } => conditions.extend(axes.iter().flat_map(|a| &a.grades).map(|g| &g.when)),
            Scheme::Weights(w) => conditions.extend(w.factors.iter().flat_map(|f| &f.grades).map(|g| &g.when)),
        }
        for fine in scheme.levels().filter_map(|l| l.band.fine.as_ref()) {
            fine.for_each_fact(&mut |x| {
                ids.insert(x);
            });
        }
    }
    if let Some(s) = b.statute(&v.statute) {
        for br in s.versions.iter().flat_map(|x| &x.branches).filter(|br| br.addressee == addressee) {
            conditions.extend(&br.when);
            if let Some(f) = &br.fine {
                f.for_each_fact(&mut |x| {
                    ids.insert(x);
                });
            }
        }
    }
    for c in &conditions {
        c.for_each_fact(&mut |x| {
            ids.insert(x);
        });
    }
    (conditions, ids)
}

/// The facts a violation's rules read (conditions, fine bases, statute branches) that `facts`
/// does not give — what a user must supply.
/// The facts the rules of violation `v` read for `addressee` ([`rules_read`]) that `facts`
/// does not give, in the order of their ids.
pub(crate) fn missing_facts<'a>(
    b: &'a Benchmark,
    v: &'a Violation,
    addressee: Addressee,
    facts: &FactSlots,
) -> Vec<&'a crate::table::Fact> {
    let (_, ids) = rules_read(b, v, addressee);
    ids.iter().filter_map(|id| b.fact(id)).filter(|f| b.fact_id(&f.id).is_some_and(|i| !facts.contains(i))).collect()
}

/// `u` with the other facts the violation's rules read that the case does not give, where it
/// names one missing fact (C002 says them all at once).
pub(crate) fn with_others_missing<'a>(
    b: &'a Benchmark,
    u: Undetermined<'a>,
    v: Option<&'a Violation>,
    addressee: Addressee,
    facts: &FactSlots,
) -> Undetermined<'a> {
    match (u, v) {
        (Undetermined::MissingFact { fact, .. }, Some(v)) => {
            let also = missing_facts(b, v, addressee, facts).into_iter().filter(|f| f.id != fact.id).collect();
            Undetermined::MissingFact { fact, also }
        }
        (u, _) => u,
    }
}

fn live<'a>(specs: &'a [SanctionSpec], conds: &[Option<CCond>], facts: &FactSlots) -> Vec<&'a SanctionSpec> {
    specs
        .iter()
        .zip(conds)
        .filter(|(_, c)| c.as_ref().is_none_or(|c| c.eval(facts) != Tri::False))
        .map(|(s, _)| s)
        .collect()
}

impl Benchmark {
    /// The band the rules allow for a case's facts and dates (its decision is ignored), with the
    /// explanation — computed by the same function [`Benchmark::check`] judges fines with.
    ///
    /// ```
    /// use discretion::{Benchmark, Date, check::Case, table::Facts};
    /// let rules = Benchmark::from_path("rules").unwrap();
    /// let mut case = Case::new("q", "jm-env.2-6");
    /// case.act_ended = Date::new(2021, 6, 1).ok();
    /// case.facts = Facts::new()
    ///     .word("water_pollutant_kind", "special").word("exceedance_basis", "concentration")
    ///     .number("exceedance_multiple", "0.3".parse::<rust_decimal::Decimal>().unwrap())
    ///     .number("pollutants_over_limit", 1).number("ph_units_over", 0)
    ///     .number("same_kind_in_two_years", 1).flag("major_emergency", false).flag("serious", false)
    ///     .number("same_kind_punished_in_two_years", 0).word("circumstances", "heavier");
    /// let a = rules.allowed(&case).unwrap();
    /// assert_eq!(a.level, "tier-2");
    /// // Jiangmen Art. 5: heavier circumstances → the top of the tier (150,000–200,000).
    /// assert_eq!(a.band.unwrap().min, Some(200_000.into()));
    /// assert!(a.explanation.iter().any(|l| l.get(discretion::table::Lang::En).contains("water_pollutant_kind = special")));
    /// ```
    pub fn allowed<'a>(&'a self, case: &Case) -> Result<Allowed<'a>, AllowedError> {
        let prepared = self.prepare(case);
        if !prepared.problems.is_empty() {
            return Err(AllowedError::InvalidFacts(prepared.problems));
        }
        let facts = prepared.facts;
        let Some(group) = prepared.group else { return Err(AllowedError::UnknownViolation(case.violation.clone())) };
        let q = Query {
            group,
            table: case.table.as_deref(),
            addressee: case.addressee,
            act: case.act_date(),
            decided: case.decided,
            discovered: case.discovered,
            facts: &facts,
        };
        let app = self.applicable(&q).map_err(|e| {
            let violation = self.group_versions(group).next().map(|(_, v)| v);
            let missing: Vec<String> = violation
                .map(|v| missing_facts(self, v, case.addressee, &facts).into_iter().map(|f| f.id.clone()).collect())
                .unwrap_or_default();
            // Why, as the finding `check` would report, in both languages.
            let undetermined = |check, detail, missing| {
                let f = Finding { check, detail, citation: None };
                AllowedError::Undetermined { reason: f.message(Lang::En), reason_zh: f.message(Lang::Zh), missing }
            };
            match e {
                NotApplicable::UnknownTable => AllowedError::UnknownTable(case.table.clone().unwrap_or_default()),
                NotApplicable::NotInForce(date) => undetermined(
                    super::finding::CaseCheck::UnknownViolation,
                    Detail::Undetermined(Undetermined::TableNotInForce(date)),
                    Vec::new(),
                ),
                // (The other missing facts are `missing`, listed beside the reason: not in it.)
                NotApplicable::Undetermined(u) => {
                    undetermined(super::finding::CaseCheck::LevelUndetermined, Detail::Undetermined(u), missing)
                }
                NotApplicable::NoLevel(what) => {
                    undetermined(super::finding::CaseCheck::NoLevel, Detail::NoLevel { what }, missing)
                }
            }
        })?;
        let explanation = explain(self, &app, &facts, case.discovered.filter(|_| case.decided.is_none()));
        let level = app.scheme.level_name(app.level).map(|n| n.into_owned()).unwrap_or_default();
        let (band, cband) = (app.model_band(), app.cband());
        let (required, allowed, one_of) = match (band, cband) {
            (Some(b), Some(c)) => (
                live(&b.required, &c.required, &facts),
                live(&b.allowed, &c.allowed, &facts),
                b.one_of.iter().map(Vec::as_slice).collect(),
            ),
            _ => (Vec::new(), Vec::new(), Vec::new()),
        };
        Ok(Allowed {
            table: app.table,
            violation: app.violation,
            statute: app.version,
            choice: app.choice,
            branch: app.branch,
            addressee: app.addressee,
            level,
            band: app.band,
            table_band: app.table_band,
            statutory: app.statutory,
            statute_requires_fine: !app.statute_lets_fine_out(),
            fine_optional: band.is_some_and(|b| b.fine_optional) && app.statute_lets_fine_out(),
            required,
            allowed,
            one_of,
            explanation,
            no_penalty: self.entries_met(
                group,
                case.act_date(),
                &facts,
                self.suspended(Some(app.table), Some(app.violation), &facts, case.act_date()),
            ),
        })
    }

    /// The no-penalty entries (不予处罚清单) for the case's violation, in force at its act, that
    /// its facts meet or may meet — what `check` reads before any band, so it answers even
    /// where the facts decide no level ([`Allowed::no_penalty`] gives the same with a band).
    /// Empty for a violation the rules do not know.
    ///
    /// ```
    /// use discretion::Benchmark;
    /// use discretion::check::Case;
    /// use discretion::table::{ExemptionKind, Facts};
    /// let rules = Benchmark::from_path("rules").unwrap();
    /// let mut case = Case::new("粤环罚〔2023〕1号", "gd-env.1.3");
    /// case.act_ended = "2023-01-15".parse().ok();
    /// case.facts = Facts::new()
    ///     .flag("first_offence", true)
    ///     .flag("corrected_within_deadline", true)
    ///     .flag("harm_minor", true)
    ///     .flag("in_protected_area", false);
    /// // No `eia_location`: no level, but the no-penalty list decides the case.
    /// let met = rules.no_penalty_entries(&case);
    /// assert!(met.iter().any(|n| n.unknown.is_none() && n.entry.kind == ExemptionKind::Mandatory));
    /// ```
    pub fn no_penalty_entries<'a>(&'a self, case: &Case) -> Vec<NoPenaltyEntry<'a>> {
        let prepared = self.prepare(case);
        let Some(group) = prepared.group else { return Vec::new() };
        // Without a level, the table `check` falls back to: the violation's first version.
        let (table, violation) = self.group_versions(group).next().unzip();
        let suspended = self.suspended(table, violation, &prepared.facts, case.act_date());
        self.entries_met(group, case.act_date(), &prepared.facts, suspended)
    }

    /// The entries the facts meet or may meet; a discretionary one not where a suspension of
    /// the table lifts it (Guangdong 附件2 备注二), and only "may" where the facts leave the
    /// suspension undecided (the fact it reads).
    fn entries_met<'a>(
        &'a self,
        group: usize,
        date: Option<crate::Date>,
        facts: &FactSlots,
        suspended: super::suspended::Suspended<'a>,
    ) -> Vec<NoPenaltyEntry<'a>> {
        use super::suspended::Suspended;
        let discretionary = |e: &crate::table::Exemption| e.kind == crate::table::ExemptionKind::Discretionary;
        self.exemptions_in_force(group, date)
            .filter(|(entry, _)| !(discretionary(entry) && matches!(suspended, Suspended::Yes(_))))
            .filter_map(|(entry, when)| match when.eval(facts) {
                Tri::True => match suspended {
                    Suspended::Unknown(_, fact) if discretionary(entry) => {
                        Some(NoPenaltyEntry { entry, unknown: Some(fact) })
                    }
                    _ => Some(NoPenaltyEntry { entry, unknown: None }),
                },
                // A fact id of a compiled condition is always declared: `None` cannot be.
                Tri::Unknown(f) => self.fact_by_id(f).map(|f| NoPenaltyEntry { entry, unknown: Some(f) }),
                Tri::False => None,
            })
            .collect()
    }
}
