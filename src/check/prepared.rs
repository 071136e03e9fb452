//! Cases resolved against one [`Benchmark`]: facts typed and addressed by index, the violation
//! looked up once. [`PreparedCase::check`] allocates nothing for a clean case; it is what batch
//! validation runs on. [`Benchmark::check`] prepares and checks in one call.

use rust_decimal::Decimal;

use super::applicable::circumstances;
use super::assessment::Assessment;
use super::case::{Case, Decision, Imposed, Procedure};
use crate::table::compiled::{FactInfo, FactKind};
use crate::table::{Benchmark, Fact, FactId, FactSlots, FactType, FactValue, Facts, Lang, Text, Value, did_you_mean};

/// A fact a case gives that the rules cannot use: not declared, of the wrong type, or outside
/// its declared domain.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct FactProblem {
    /// The fact as the case names it.
    pub fact: String,
    /// What is wrong, in English.
    pub problem: String,
    /// What is wrong, in Chinese.
    pub problem_zh: String,
}

/// A case resolved against the rules it will be checked with.
///
/// ```
/// use discretion::{Benchmark, Date, check::{Case, Party, Verdict}, table::Facts};
/// let rules = Benchmark::from_path("rules").unwrap();
/// let mut case = Case::new("2016-017", "gd-tax.60.1");
/// case.party = Some(Party::Organisation);
/// case.act_ended = Date::new(2016, 3, 1).ok();
/// case.decided = Date::new(2016, 5, 1).ok();
/// case.discovered = case.decided;
/// case.facts = Facts::new().number("days_late", 17)
///     .flag("corrected_before_discovery", false).flag("serious", false);
/// case.decision.fine = Some(340.into());
/// let prepared = rules.prepare(&case);
/// assert_eq!(prepared.check().verdict, Verdict::Compliant);
/// ```
#[derive(Debug, Clone)]
pub struct PreparedCase<'r> {
    rules: &'r Benchmark,
    /// The case, its string-keyed facts emptied (they live in `facts`).
    pub(crate) case: Case,
    pub(crate) facts: FactSlots,
    pub(crate) group: Option<usize>,
    pub(crate) problems: Vec<FactProblem>,
    /// Buffers of earlier records, reused so that reading a record allocates nothing once warm.
    pub(crate) spare: Spare,
}

/// Strings and lists of earlier records, kept for the next one.
#[derive(Debug, Clone, Default)]
pub(crate) struct Spare {
    strings: Vec<String>,
    factors: Option<Vec<String>>,
    sanctions: Option<Vec<Imposed>>,
}

/// The most strings kept: more than a record has text fields and cited factors.
const MAX_SPARE_STRINGS: usize = 64;

impl Spare {
    /// A string holding `text`, reusing an earlier buffer when there is one.
    pub(crate) fn string(&mut self, text: &str) -> String {
        let mut s = self.strings.pop().unwrap_or_default();
        s.push_str(text);
        s
    }

    /// An empty list of factor ids.
    pub(crate) fn factor_list(&mut self) -> Vec<String> {
        self.factors.take().unwrap_or_default()
    }

    /// An empty list of sanctions.
    pub(crate) fn sanction_list(&mut self) -> Vec<Imposed> {
        self.sanctions.take().unwrap_or_default()
    }

    fn keep(&mut self, mut s: String) {
        if self.strings.len() < MAX_SPARE_STRINGS {
            s.clear();
            self.strings.push(s);
        }
    }

    /// Takes back a list of factor ids and its strings.
    fn keep_factors(&mut self, mut list: Vec<String>) {
        for s in list.drain(..) {
            self.keep(s);
        }
        self.factors = Some(list);
    }
}

impl<'r> PreparedCase<'r> {
    /// An empty prepared case, to be filled by [`Benchmark::read_record`] and reused from
    /// record to record.
    pub fn empty(rules: &'r Benchmark) -> PreparedCase<'r> {
        PreparedCase {
            rules,
            case: Case::default(),
            facts: FactSlots::new(),
            group: None,
            problems: Vec::new(),
            spare: Spare::default(),
        }
    }

    /// The case (its string-keyed `facts` are empty: see [`PreparedCase::facts`]).
    pub fn case(&self) -> &Case {
        &self.case
    }

    /// The facts, typed and addressed by index.
    pub fn facts(&self) -> &FactSlots {
        &self.facts
    }

    /// Facts the case gives that the rules cannot use.
    pub fn problems(&self) -> &[FactProblem] {
        &self.problems
    }

    /// The violation the case names — by id, name or alias — as the id its violation goes by
    /// in the rules (its newest table's), so that two records naming one violation two ways
    /// agree; `None` when the rules do not know it.
    ///
    /// ```
    /// use discretion::Benchmark;
    /// use discretion::check::Case;
    /// let rules = Benchmark::from_path("rules").unwrap();
    /// // A record read from a file may name its violation (a `Case` holds its id).
    /// let by_name = rules.read_fields([("case_id", "1"), ("violation", "未按照规定的期限申报办理税务登记")]).unwrap();
    /// assert_eq!(by_name.violation_id(), Some("gd-tax.60.1"));
    /// assert_eq!(rules.prepare(&Case::new("1", "no such violation")).violation_id(), None);
    /// ```
    pub fn violation_id(&self) -> Option<&'r str> {
        let rules = self.rules;
        rules.group_versions(self.group?).next().map(|(_, v)| v.id.as_str())
    }

    /// The rules it was prepared against.
    pub fn rules(&self) -> &'r Benchmark {
        self.rules
    }

    /// Checks the case. Allocates nothing when there is nothing to report.
    pub fn check(&self) -> Assessment<'r> {
        self.rules.assess(&self.case, &self.facts, self.group, &self.problems)
    }

    /// Finds the violation and adds the built-in facts the case does not give itself.
    pub(crate) fn complete(&mut self) {
        self.group = self.rules.violation_group(&self.case.violation);
        self.complete_builtins();
    }

    /// Adds the built-in facts (`party`, `circumstances`) the case does not give itself.
    pub(crate) fn complete_builtins(&mut self) {
        add_builtins(self.rules, &self.case, &mut self.facts, &mut self.problems);
    }

    /// Empties the case, keeping its buffers: for a record that fails before it is read, so
    /// that nothing of an earlier record (its id) is taken for this one's.
    pub fn clear(&mut self) {
        self.reset();
    }

    /// Empties the case for the next record, keeping the memory of its id, violation and facts.
    pub(crate) fn reset(&mut self) {
        // In place, field by field (a new `Case` would be two large moves per record); the
        // destructuring is exhaustive so that a new field cannot be forgotten.
        let Case {
            id,
            table,
            violation,
            addressee,
            act_started,
            act_ended,
            discovered,
            decided,
            party,
            facts,
            factors,
            grave_harm,
            claimed_level,
            claimed_disposition,
            decision,
            procedure,
            unit,
            officer,
            reason,
        } = &mut self.case;
        id.clear();
        violation.clear();
        for s in [table, claimed_level, unit, officer, reason] {
            if let Some(s) = s.take() {
                self.spare.keep(s);
            }
        }
        if let Some(list) = factors.take() {
            self.spare.keep_factors(list);
        }
        if let Some(mut list) = decision.sanctions.take() {
            list.clear();
            self.spare.sanctions = Some(list);
        }
        *decision = Decision::default();
        *addressee = crate::table::Addressee::Party;
        (*act_started, *act_ended, *discovered, *decided) = (None, None, None, None);
        (*party, *grave_harm, *claimed_disposition) = (None, None, None);
        *procedure = Procedure::default();
        if facts.iter().next().is_some() {
            *facts = Facts::new();
        }
        self.facts.clear();
        self.group = None;
        self.problems.clear();
    }
}

/// Adds the built-in facts (`party`, `circumstances`) from the case's own fields. A case that
/// also gives one as a fact and contradicts its field (a `party` fact of `individual` for a case
/// whose party is an organisation; a `circumstances` fact of `ordinary` for a decision claimed
/// lighter) gets a problem (C026: which is right cannot be told). The party field decides, so
/// that the band, the hearing threshold and the summary procedure all read one party; the
/// circumstances recorded stand against the disposition claimed, which is what is judged.
fn add_builtins(rules: &Benchmark, case: &Case, facts: &mut FactSlots, problems: &mut Vec<FactProblem>) {
    if let (Some(f), Some(p)) = (rules.compiled().party, case.party) {
        let word = match p {
            super::case::Party::Individual => 0,
            super::case::Party::Organisation => 1,
        };
        let party = Value::Word(word);
        let field = ("the case's party", "案件当事人");
        let used = ("the case's party is applied", "按案件当事人适用");
        report_contradiction(rules, facts, problems, f, party, field, used);
        facts.set(f, party);
    }
    if let Some(f) = rules.compiled().circumstances {
        if facts.contains(f) {
            // A fact given beside a claimed disposition must agree with it.
            if let Some(v) = case.claimed_disposition.and_then(|d| circumstances(Some(d), None, None)) {
                // The circumstances recorded, not the disposition claimed — the thing under
                // review — choose the band: "lighter circumstances, ordinary penalty" is judged.
                let claimed = ("the disposition the decision claims", "决定所称的裁量结果");
                let used = ("the recorded circumstances choose the band", "按记录的轻重情形确定裁量阶次");
                report_contradiction(rules, facts, problems, f, v, claimed, used);
            }
        } else {
            // A cited factor the rules do not know (or not in force) might be either kind: the
            // circumstances are then unknown, unless the decision claims them.
            let date = case.act_date();
            let all_known =
                case.factors.as_ref().is_none_or(|ids| ids.iter().all(|id| rules.factor_in_force(id, date).is_some()));
            let (aggravating, mitigating) = rules.cited(case);
            let (aggravating, mitigating) = if all_known { (aggravating, mitigating) } else { (None, None) };
            if let Some(v) = circumstances(case.claimed_disposition, aggravating, mitigating) {
                facts.set(f, v);
            }
        }
    }
}

/// Compares the built-in fact `f` with `value`, the case field's (`field`: the field's name in
/// English and Chinese): a different value the case gives as a fact is a problem (C026). The
/// caller decides which of the two then stands, and says so in `used`.
fn report_contradiction(
    rules: &Benchmark,
    facts: &FactSlots,
    problems: &mut Vec<FactProblem>,
    f: FactId,
    value: Value,
    field: (&str, &str),
    used: (&str, &str),
) {
    use crate::table::FactSource;
    let Some(given) = facts.value(f).filter(|v| *v != value) else { return };
    let Some(fact) = rules.fact_by_id(f) else { return };
    let name = |v: Value, lang: Lang| match v {
        Value::Word(w) => fact.value_name(usize::from(w), lang).map_or_else(|| w.to_string(), str::to_string),
        _ => format!("{v:?}"),
    };
    problems.push(FactProblem {
        fact: fact.id.clone(),
        problem: format!(
            "given as {}, but {} is {}: which is right cannot be told ({})",
            name(given, Lang::En),
            field.0,
            name(value, Lang::En),
            used.0
        ),
        problem_zh: format!(
            "{}为{}，而{}为{}，二者矛盾，无法判断何者为准（{}）",
            fact.label.get(Lang::Zh),
            name(given, Lang::Zh),
            field.1,
            name(value, Lang::Zh),
            used.1
        ),
    });
}

impl Benchmark {
    /// Checks one case. Pure: no I/O, no panics.
    ///
    /// ```
    /// use discretion::{Benchmark, Date, check::{Case, CaseCheck, Party, Verdict}, table::Facts};
    /// let rules = Benchmark::from_path("rules").unwrap();
    /// let mut case = Case::new("2016-017", "gd-tax.60.1");
    /// case.party = Some(Party::Organisation);
    /// case.act_ended = Date::new(2016, 3, 1).ok();
    /// case.decided = Date::new(2016, 5, 1).ok();
    /// case.discovered = case.decided;
    /// case.facts = Facts::new().number("days_late", 17)
    ///     .flag("corrected_before_discovery", false).flag("serious", false);
    /// case.decision.fine = Some(340.into());
    /// assert_eq!(rules.check(&case).verdict, Verdict::Compliant);
    /// case.decision.fine = Some(341.into());
    /// let a = rules.check(&case);
    /// assert_eq!(a.verdict, Verdict::NeedsReview);
    /// assert!(a.has(CaseCheck::AboveBand));
    /// ```
    pub fn check<'a>(&'a self, case: &Case) -> Assessment<'a> {
        let (mut facts, mut problems) = self.fact_slots(&case.facts);
        add_builtins(self, case, &mut facts, &mut problems);
        self.assess(case, &facts, self.violation_group(&case.violation), &problems)
    }

    /// Resolves a case against these rules, for repeated or allocation-free checking.
    pub fn prepare<'r>(&'r self, case: &Case) -> PreparedCase<'r> {
        let (facts, problems) = self.fact_slots(&case.facts);
        let mut p = PreparedCase {
            rules: self,
            case: Case { facts: Facts::new(), ..case.clone() },
            facts,
            group: None,
            problems,
            spare: Spare::default(),
        };
        p.complete();
        p
    }

    /// String-keyed facts as typed, index-addressed slots, with every fact the rules cannot use.
    ///
    /// ```
    /// use discretion::{Benchmark, table::Facts};
    /// let rules = Benchmark::from_path("rules").unwrap();
    /// let (slots, problems) = rules.fact_slots(&Facts::new().number("days_late", 17).number("days_lat", 3));
    /// assert_eq!(slots.len(), 1);
    /// assert!(problems[0].problem.contains("did you mean `days_late`"));
    /// ```
    pub fn fact_slots(&self, facts: &Facts) -> (FactSlots, Vec<FactProblem>) {
        let mut slots = FactSlots::new();
        let mut problems = Vec::new();
        for (name, value) in facts.iter() {
            match self.fact_value(name, value) {
                Ok((id, v)) => slots.set(id, v),
                Err(problem) => problems.push(FactProblem {
                    fact: name.to_string(),
                    problem: problem.get(Lang::En).to_string(),
                    problem_zh: problem.get(Lang::Zh).to_string(),
                }),
            }
        }
        (slots, problems)
    }

    fn fact_value(&self, name: &str, value: &FactValue) -> Result<(FactId, Value), Text> {
        let Some(id) = self.fact_id(name) else {
            let near = did_you_mean(name, self.facts().iter().map(|f| f.id.as_str()));
            return Err(Text::new(
                format!("“{name}”不是规则中的事实{}", near.map(|s| format!("；是否指“{s}”？")).unwrap_or_default()),
                format!(
                    "`{name}` is not a fact of the rules{}",
                    near.map(|s| format!("; did you mean `{s}`?")).unwrap_or_default()
                ),
            ));
        };
        let (Some(fact), Some(info)) = (self.fact_by_id(id), self.compiled().facts.get(id.index())) else {
            return Err(Text::new(format!("“{name}”不是规则中的事实"), format!("`{name}` is not a fact of the rules")));
        };
        let v = match (value, info.kind) {
            (FactValue::Number(n), FactKind::Number { .. }) => Value::Number(*n),
            (FactValue::Date(d), FactKind::Date) => Value::Number(Decimal::from(d.day_number())),
            (FactValue::Flag(b), FactKind::Flag) => Value::Flag(*b),
            (FactValue::Word(w), FactKind::Word) => return word(fact, info, w).map(|v| (id, v)),
            _ => {
                let (en, zh) = describe_type(&fact.fact_type);
                return Err(Text::new(format!("“{name}”的取值应为{zh}"), format!("`{name}` takes {en}")));
            }
        };
        validate(fact, v).map(|v| (id, v))
    }
}

/// An enum value by its id (or its Chinese or English name); the error in both languages.
pub(crate) fn word(fact: &Fact, info: &FactInfo, w: &str) -> Result<Value, Text> {
    if let Some(i) = info.words.get(w) {
        return Ok(Value::Word(*i));
    }
    let by_label = fact.value_labels.iter().position(|l| l.zh.as_deref() == Some(w) || l.en.as_deref() == Some(w));
    if let Some(i) = by_label.and_then(|i| u16::try_from(i).ok()) {
        return Ok(Value::Word(i));
    }
    let FactType::Enum(values) = &fact.fact_type else {
        return Err(Text::new(format!("“{}”不是枚举事实", fact.id), format!("`{}` is not an enum", fact.id)));
    };
    // The built-in `party` fact takes every name the `party` field takes (企业, 自然人 …).
    if fact.id == crate::table::PARTY_FACT
        && let Some(p) = super::case::Party::from_name(w)
        && let Some(i) = values.iter().position(|v| v == p.code()).and_then(|i| u16::try_from(i).ok())
    {
        return Ok(Value::Word(i));
    }
    let near = did_you_mean(w, values.iter().map(String::as_str));
    // Each value with the name a Chinese export writes (both are read): a user copying a name
    // from the table learns which words are the values.
    let shown = |lang: Lang| -> Vec<String> {
        values
            .iter()
            .enumerate()
            .map(|(i, v)| match (fact.value_labels.get(i).and_then(|l| l.zh.as_deref()), lang) {
                (Some(zh), Lang::Zh) => format!("{zh}（{v}）"),
                (Some(zh), Lang::En) => format!("{v} ({zh})"),
                (None, _) => v.clone(),
            })
            .collect()
    };
    let (hint_en, hint_zh) = match near {
        Some(s) => (format!("; did you mean `{s}`?"), format!("；是否指“{s}”？")),
        None => (
            format!(" (one of: {})", crate::table::listed_values(&shown(Lang::En), Lang::En)),
            format!("（可取：{}）", crate::table::listed_values(&shown(Lang::Zh), Lang::Zh)),
        ),
    };
    Err(Text::new(
        format!("“{w}”不是“{}”的取值{hint_zh}", fact.id),
        format!("`{w}` is not a value of `{}`{hint_en}", fact.id),
    ))
}

/// A number inside the fact's declared domain, whole where the fact counts; the error in both
/// languages.
pub(crate) fn validate(fact: &Fact, v: Value) -> Result<Value, Text> {
    let Value::Number(n) = v else { return Ok(v) };
    let id = &fact.id;
    // A number written without places (nearly every count) is whole: `fract` not computed.
    if fact.fact_type.is_integral() && fact.fact_type != FactType::Date && n.scale() != 0 && !n.fract().is_zero() {
        return Err(Text::new(
            format!("“{id}”以整数计；{n}不是整数"),
            format!("`{id}` counts whole units; {n} is not a whole number"),
        ));
    }
    if fact.fact_type != FactType::Date {
        if let Some(lo) = fact.domain.min.filter(|lo| n < *lo) {
            return Err(Text::new(
                format!("“{id}”至少为{lo}；{n}低于此值"),
                format!("`{id}` is at least {lo}; {n} is below it"),
            ));
        }
        if let Some(hi) = fact.domain.max.filter(|hi| n > *hi) {
            return Err(Text::new(
                format!("“{id}”至多为{hi}；{n}超过此值"),
                format!("`{id}` is at most {hi}; {n} is above it"),
            ));
        }
    }
    Ok(Value::Number(n.normalize()))
}

/// A fact type as people read it, in English and Chinese.
pub(crate) fn describe_type(t: &FactType) -> (String, String) {
    match t {
        FactType::Amount => ("an amount".into(), "金额".into()),
        FactType::Count => ("a count (a whole number)".into(), "计数（整数）".into()),
        FactType::Days => ("a number of days (a whole number)".into(), "天数（整数）".into()),
        FactType::Quantity => ("a number".into(), "数值".into()),
        FactType::Boolean => ("yes or no".into(), "是或否".into()),
        FactType::Date => ("a date".into(), "日期".into()),
        FactType::Enum(values) => (
            format!("one of: {}", crate::table::listed_values(values, Lang::En)),
            format!("下列之一：{}", crate::table::listed_values(values, Lang::Zh)),
        ),
    }
}
