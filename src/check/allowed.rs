//! [`Benchmark::allowed`]: the band an officer may choose from, with the explanation — the
//! calculator an enforcement system shows before a decision is drafted.

use crate::Date;
use crate::table::{
    Benchmark, Bound, Condition, EvalError, Facts, Lang, Range, SanctionKind, Scheme, StatuteVersion, Table, Text,
    Violation, format_amount, format_range,
};

/// What the rules allow for some facts on some date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Allowed<'a> {
    /// The table version in force.
    pub table: &'a Table,
    /// The violation.
    pub violation: &'a Violation,
    /// The statute version in force.
    pub statute: &'a StatuteVersion,
    /// The level the facts decide.
    pub level: String,
    /// The band in money; `None` when the level sets no fine.
    pub band: Option<Range>,
    /// The statutory range in money.
    pub statutory: Option<Range>,
    /// Sanctions that must accompany the fine.
    pub required: Vec<SanctionKind>,
    /// Sanctions that may accompany it.
    pub allowed: Vec<SanctionKind>,
    /// How the band was found, one line per step.
    pub explanation: Vec<Text>,
}

/// Why no band can be given.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AllowedError {
    /// The violation is not in the rules.
    #[error("violation `{0}` is not in the rules")]
    UnknownViolation(String),
    /// No version of its table or statute is in force on the date.
    #[error("no version of the table or statute is in force on {0}")]
    NotInForce(Date),
    /// The facts do not decide a level.
    #[error(transparent)]
    Eval(#[from] EvalError),
}

fn bound(b: &Bound, lower: bool) -> String {
    match (lower, b.inclusive) {
        (true, true) => format!("≥ {}", format_amount(b.value)),
        (true, false) => format!("> {}", format_amount(b.value)),
        (false, true) => format!("≤ {}", format_amount(b.value)),
        (false, false) => format!("< {}", format_amount(b.value)),
    }
}

/// A condition as people read it: `days_late ≥ 1 and days_late ≤ 30 and party = organisation`.
pub fn describe(c: &Condition) -> String {
    match c {
        Condition::All(cs) if cs.is_empty() => "always".into(),
        Condition::All(cs) => cs.iter().map(describe).collect::<Vec<_>>().join(" and "),
        Condition::Any(cs) => format!("({})", cs.iter().map(describe).collect::<Vec<_>>().join(" or ")),
        Condition::Flag { fact, value } => format!("{fact} = {value}"),
        Condition::OneOf { fact, values } if values.len() == 1 => format!("{fact} = {}", values.join("")),
        Condition::OneOf { fact, values } => format!("{fact} in [{}]", values.join(", ")),
        Condition::Within { fact, interval } => {
            let parts: Vec<String> = interval
                .lower
                .iter()
                .map(|b| format!("{fact} {}", bound(b, true)))
                .chain(interval.upper.iter().map(|b| format!("{fact} {}", bound(b, false))))
                .collect();
            parts.join(" and ")
        }
    }
}

fn money(r: &Option<Range>, lang: Lang) -> String {
    match r {
        None if lang == Lang::Zh => "不罚款".into(),
        None => "no fine".into(),
        Some(r) => format_range(r, lang),
    }
}

impl Benchmark {
    /// The band the rules allow for `facts` on `date`, with the explanation.
    ///
    /// ```
    /// use discretion::{Benchmark, Date, table::Facts};
    /// let rules = Benchmark::from_path("rules").unwrap();
    /// let facts = Facts::new().word("jm_water_severity", "special_minor")
    ///     .number("same_kind_in_two_years", 1).flag("major_emergency", false);
    /// let a = rules.allowed("jm-env.2-6", &facts, Date::new(2021, 6, 1).unwrap()).unwrap();
    /// assert_eq!(a.level, "tier-2");
    /// assert_eq!(a.band.unwrap().max, Some(200_000.into()));
    /// assert!(a.explanation.iter().any(|l| l.get(discretion::table::Lang::En).contains("jm_water_severity = special_minor")));
    /// ```
    pub fn allowed<'a>(&'a self, violation: &str, facts: &Facts, date: Date) -> Result<Allowed<'a>, AllowedError> {
        if self.violation(violation).is_none() {
            return Err(AllowedError::UnknownViolation(violation.to_string()));
        }
        let (table, v) = self.violation_at(violation, date).ok_or(AllowedError::NotInForce(date))?;
        let statute = self.statute(&v.statute).ok_or(AllowedError::NotInForce(date))?;
        let version = statute.version_at(date).ok_or(AllowedError::NotInForce(date))?;
        let selected = v.select(facts, version)?;
        let branch = match selected.band.branch.as_deref().and_then(|id| version.branch(id)) {
            Some(b) => Some(b),
            None => version.branch_for(facts).ok(),
        };
        let statutory = branch.and_then(|b| b.fine.as_ref()).and_then(|f| f.money(facts).ok());
        let mut explanation = vec![
            Text::new(
                format!(
                    "基准：{} {}（{} 起施行）",
                    table.id,
                    table.version.as_deref().unwrap_or(""),
                    table.effective.from
                ),
                format!(
                    "table: {} {} (in force from {})",
                    table.id,
                    table.version.as_deref().unwrap_or(""),
                    table.effective.from
                ),
            ),
            Text::new(
                format!(
                    "法定幅度：{}（{} 起施行的文本，分支 {}）：{}",
                    statute.id,
                    version.effective.from,
                    branch.map_or("-", |b| b.id.as_str()),
                    money(&statutory, Lang::Zh)
                ),
                format!(
                    "statute: {} as in force from {} (branch {}): {}",
                    statute.id,
                    version.effective.from,
                    branch.map_or("-", |b| b.id.as_str()),
                    money(&statutory, Lang::En)
                ),
            ),
        ];
        let condition = match &v.scheme {
            Scheme::Tiers { tiers, .. } => tiers.iter().find(|t| t.id == selected.level).map(|t| describe(&t.when)),
            _ => None,
        };
        explanation.push(match condition {
            Some(why) => Text::new(
                format!("阶次：{}，因为 {why}", selected.level),
                format!("level: {} because {why}", selected.level),
            ),
            None if selected.weights.is_some() => Text::new("阶次：权重累加模型", "level: additive-weight model"),
            None => Text::new(format!("阶次：{}", selected.level), format!("level: {}", selected.level)),
        });
        if let Some(w) = &selected.weights {
            let start = w.contributions.iter().try_fold(w.sum, |s, (_, x)| s.checked_sub(*x)).unwrap_or_default();
            let parts: Vec<String> = std::iter::once(format!("start {}", start.normalize()))
                .chain(w.contributions.iter().map(|(f, x)| format!("{f} {}", x.normalize())))
                .collect();
            explanation.push(Text::new(
                format!(
                    "权重：{} = {}%，按 {}% × {} 计算",
                    parts.join(" + "),
                    w.sum.normalize(),
                    w.applied.normalize(),
                    format_amount(w.statutory_max)
                ),
                format!(
                    "weights: {} = {}%; {}% × {}",
                    parts.join(" + "),
                    w.sum.normalize(),
                    w.applied.normalize(),
                    format_amount(w.statutory_max)
                ),
            ));
        }
        explanation.push(Text::new(
            format!("裁量幅度：{}", money(&selected.fine, Lang::Zh)),
            format!("band: {}", money(&selected.fine, Lang::En)),
        ));
        Ok(Allowed {
            table,
            violation: v,
            statute: version,
            level: selected.level.clone(),
            band: selected.fine,
            statutory,
            required: selected.band.required.iter().map(|s| s.kind).collect(),
            allowed: selected.band.allowed.iter().map(|s| s.kind).collect(),
            explanation,
        })
    }
}
