//! Cases from flat records — a CSV row, a JSON object, a YAML mapping — as `docs/CASES.md`
//! describes: fixed field names for the case, and any declared fact by its id (or `fact.<id>`).

use rust_decimal::Decimal;

use super::amount::parse_amount;
use super::case::{Case, Imposed, Party};
use crate::Date;
use crate::table::{Benchmark, Coded, Disposition, DurationUnit, FactType, FactValue, Field, Lang, SanctionKind};

/// The case fields a record may have besides facts.
pub const FIELDS: &[&str] = &[
    "case_id",
    "table",
    "violation",
    "act_started",
    "act_ended",
    "discovered",
    "decided",
    "party",
    "factors",
    "grave_harm",
    "claimed_level",
    "claimed_disposition",
    "fine",
    "confiscated_gains",
    "sanctions",
    "summary_procedure",
    "hearing_notified",
    "collective_deliberation",
    "unit",
    "officer",
    "reason",
];

/// Flattens structured fields into the `(field, value)` pairs [`Benchmark::case_from_record`] reads.
///
/// ```
/// use discretion::check::{flatten, Field};
/// let pairs = flatten(vec![
///     ("case_id".into(), Field::Text("A1".into())),
///     ("factors".into(), Field::List(vec!["f1".into(), "f2".into()])),
///     ("facts".into(), Field::Map(vec![("days_late".into(), "17".into())])),
/// ]);
/// assert_eq!(pairs[1], ("factors".to_string(), "f1;f2".to_string()));
/// assert_eq!(pairs[2], ("fact.days_late".to_string(), "17".to_string()));
/// ```
pub fn flatten(fields: Vec<(String, Field)>) -> Vec<(String, String)> {
    let mut out = Vec::with_capacity(fields.len());
    for (key, value) in fields {
        match value {
            Field::Text(t) => out.push((key, t)),
            Field::List(items) => out.push((key, items.join(";"))),
            Field::Map(entries) => {
                let prefix = if key == "facts" { "fact".to_string() } else { key };
                out.extend(entries.into_iter().map(|(k, v)| (format!("{prefix}.{k}"), v)));
            }
        }
    }
    out
}

/// A record that is not a usable case: which field, and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("field `{field}`: {message}")]
pub struct CaseError {
    /// The field (column) name.
    pub field: String,
    /// What is wrong.
    pub message: String,
}

fn error(field: &str, message: impl Into<String>) -> CaseError {
    CaseError { field: field.to_string(), message: message.into() }
}

/// `2023-05-01`, `2023/5/1`, `2023.5.1`, `2023年5月1日`.
fn date(field: &str, v: &str) -> Result<Date, CaseError> {
    let normal: String = v.trim().replace(['/', '.', '年', '月'], "-").replace('日', "");
    let parts: Vec<&str> = normal.split('-').collect();
    let padded = match parts.as_slice() {
        [y, m, d] if y.len() == 4 && (1..=2).contains(&m.len()) && (1..=2).contains(&d.len()) => {
            format!("{y}-{m:0>2}-{d:0>2}")
        }
        _ => normal.clone(),
    };
    padded.parse().map_err(|e: crate::DateError| error(field, e.to_string()))
}

fn flag(field: &str, v: &str) -> Result<bool, CaseError> {
    match v.trim().to_lowercase().as_str() {
        "true" | "yes" | "y" | "1" | "是" | "有" | "已" | "√" => Ok(true),
        "false" | "no" | "n" | "0" | "否" | "无" | "未" | "×" => Ok(false),
        other => Err(error(field, format!("`{other}` is not yes or no (true/false, 是/否)"))),
    }
}

fn party(v: &str) -> Result<Party, CaseError> {
    match v.trim().to_lowercase().as_str() {
        "individual" | "person" | "citizen" | "个人" | "自然人" | "公民" | "个体" => Ok(Party::Individual),
        "organisation" | "organization" | "company" | "单位" | "企业" | "法人" | "其他组织" => {
            Ok(Party::Organisation)
        }
        other => Err(error("party", format!("`{other}` is not individual or organisation (个人/单位)"))),
    }
}

fn disposition(v: &str) -> Result<Disposition, CaseError> {
    let v = v.trim();
    let zh = [
        ("不予处罚", Disposition::NoPenalty),
        ("减轻", Disposition::Mitigated),
        ("减轻处罚", Disposition::Mitigated),
        ("从轻", Disposition::Lighter),
        ("从轻处罚", Disposition::Lighter),
        ("一般", Disposition::Ordinary),
        ("一般处罚", Disposition::Ordinary),
        ("从重", Disposition::Heavier),
        ("从重处罚", Disposition::Heavier),
    ];
    Disposition::from_code(v).or_else(|| zh.iter().find(|(w, _)| *w == v).map(|(_, d)| *d)).ok_or_else(|| {
        error(
            "claimed_disposition",
            format!("`{v}` is not a disposition (no_penalty, mitigated, lighter, ordinary, heavier)"),
        )
    })
}

const SANCTION_NAMES: &[(&str, SanctionKind)] = &[
    ("警告", SanctionKind::Warning),
    ("通报批评", SanctionKind::PublicCriticism),
    ("罚款", SanctionKind::Fine),
    ("没收违法所得", SanctionKind::ConfiscateGains),
    ("没收非法财物", SanctionKind::ConfiscateProperty),
    ("暂扣许可证件", SanctionKind::LicenceSuspension),
    ("降低资质等级", SanctionKind::QualificationDowngrade),
    ("吊销许可证件", SanctionKind::LicenceRevocation),
    ("限制开展生产经营活动", SanctionKind::BusinessRestriction),
    ("责令停产停业", SanctionKind::Suspension),
    ("责令关闭", SanctionKind::Closure),
    ("限制从业", SanctionKind::EmploymentBan),
    ("行政拘留", SanctionKind::Detention),
    ("责令改正", SanctionKind::OrderToCorrect),
];

fn split_list(v: &str) -> impl Iterator<Item = &str> {
    v.split([';', '；', '|', '、']).map(str::trim).filter(|s| !s.is_empty())
}

/// `licence_suspension:3 months; confiscate_gains` (or the Chinese names).
fn sanctions(v: &str) -> Result<Vec<Imposed>, CaseError> {
    split_list(v)
        .map(|item| {
            let (name, duration) =
                item.split_once([':', '：']).map_or((item, None), |(n, d)| (n.trim(), Some(d.trim())));
            let kind = SanctionKind::from_code(name)
                .or_else(|| SANCTION_NAMES.iter().find(|(n, _)| *n == name).map(|(_, k)| *k))
                .ok_or_else(|| error("sanctions", format!("`{name}` is not a sanction kind")))?;
            let duration = match duration {
                None => None,
                Some(d) => {
                    let digits: String = d.chars().take_while(|c| c.is_ascii_digit() || *c == '.').collect();
                    let unit_text = d.get(digits.len()..).unwrap_or("").trim();
                    let unit = match unit_text {
                        "day" | "days" | "日" | "天" => DurationUnit::Days,
                        "month" | "months" | "个月" | "月" => DurationUnit::Months,
                        "year" | "years" | "年" => DurationUnit::Years,
                        other => {
                            return Err(error(
                                "sanctions",
                                format!("`{other}` is not a duration unit (days, months, years)"),
                            ));
                        }
                    };
                    let n = Decimal::from_str_exact(&digits)
                        .map_err(|_| error("sanctions", format!("`{d}` is not a duration")))?;
                    Some((n, unit))
                }
            };
            Ok(Imposed { kind, duration })
        })
        .collect()
}

/// A record: the line it starts on and its `(field, value)` pairs.
pub type Record = (u64, Vec<(String, String)>);

/// Reads case records from a YAML text (a list of mappings, or `cases:` holding one), each
/// with the line it starts on. Values keep their exact text.
pub fn yaml_records(name: &str, text: &str) -> Result<Vec<Record>, crate::table::Problem> {
    let records = crate::table::case_records(&std::sync::Arc::from(name), text)?;
    Ok(records.into_iter().map(|(line, fields)| (line, flatten(fields))).collect())
}

impl Benchmark {
    /// Whether `key` is a field a case record may have: a case field, a declared fact's id,
    /// or `fact.<id>`. Callers use it to warn once about columns that will not be read.
    pub fn is_record_field(&self, key: &str) -> bool {
        let key = key.trim();
        FIELDS.contains(&key) || self.fact(key.strip_prefix("fact.").unwrap_or(key)).is_some()
    }

    /// Builds a case from `(field, value)` pairs (a CSV row with its header, a flattened JSON
    /// object). Empty values count as absent; fields that are neither case fields nor declared
    /// facts are ignored (see [`Benchmark::is_record_field`]).
    ///
    /// ```
    /// use discretion::Benchmark;
    /// let rules = Benchmark::from_path("rules").unwrap();
    /// let case = rules.case_from_record([
    ///     ("case_id", "粤税-2016-17"), ("violation", "gd-tax.60.1"), ("party", "单位"),
    ///     ("act_ended", "2016年3月1日"), ("days_late", "17"), ("fine", "人民币叁佰肆拾元整"),
    /// ]).unwrap();
    /// assert_eq!(case.decision.fine, Some(340.into()));
    /// let err = rules.case_from_record([("case_id", "x"), ("violation", "gd-tax.60.1"), ("fine", "lots")]).unwrap_err();
    /// assert_eq!(err.field, "fine");
    /// ```
    pub fn case_from_record<'k>(
        &self,
        fields: impl IntoIterator<Item = (&'k str, &'k str)>,
    ) -> Result<Case, CaseError> {
        let mut case = Case::default();
        let mut has_violation = false;
        for (key, value) in fields {
            let (key, value) = (key.trim(), value.trim());
            if value.is_empty() {
                continue;
            }
            let text = || Some(value.to_string());
            match key {
                "case_id" => case.id = value.to_string(),
                "table" => case.table = text(),
                "violation" => {
                    case.violation = value.to_string();
                    has_violation = true;
                }
                "act_started" => case.act_started = Some(date(key, value)?),
                "act_ended" => case.act_ended = Some(date(key, value)?),
                "discovered" => case.discovered = Some(date(key, value)?),
                "decided" => case.decided = Some(date(key, value)?),
                "party" => case.party = party(value)?,
                "factors" => case.factors = split_list(value).map(str::to_string).collect(),
                "grave_harm" => case.grave_harm = flag(key, value)?,
                "claimed_level" => case.claimed_level = text(),
                "claimed_disposition" => case.claimed_disposition = Some(disposition(value)?),
                "fine" => case.decision.fine = Some(parse_amount(value).map_err(|e| error(key, e.to_string()))?),
                "confiscated_gains" => {
                    case.decision.confiscated_gains = Some(parse_amount(value).map_err(|e| error(key, e.to_string()))?)
                }
                "sanctions" => case.decision.sanctions = sanctions(value)?,
                "summary_procedure" => case.procedure.summary = flag(key, value)?,
                "hearing_notified" => case.procedure.hearing_notified = flag(key, value)?,
                "collective_deliberation" => case.procedure.collective_deliberation = flag(key, value)?,
                "unit" => case.unit = text(),
                "officer" => case.officer = text(),
                "reason" => case.reason = text(),
                _ => {
                    let id = key.strip_prefix("fact.").unwrap_or(key);
                    if let Some(fact) = self.fact(id) {
                        let v = self.fact_value(id, &fact.fact_type, &fact.value_labels, value)?;
                        case.facts.set(id, v);
                    }
                }
            }
        }
        if case.id.is_empty() {
            return Err(error("case_id", "the case has no id"));
        }
        if !has_violation {
            return Err(error("violation", "the case names no violation"));
        }
        // The built-in `party` fact follows the party field unless given explicitly.
        if case.facts.get(crate::table::PARTY_FACT).is_none() {
            case.facts.set(crate::table::PARTY_FACT, FactValue::Word(case.party.code().to_string()));
        }
        Ok(case)
    }

    fn fact_value(
        &self,
        id: &str,
        t: &FactType,
        labels: &[crate::table::Text],
        v: &str,
    ) -> Result<FactValue, CaseError> {
        Ok(match t {
            FactType::Amount => FactValue::Number(parse_amount(v).map_err(|e| error(id, e.to_string()))?),
            FactType::Count | FactType::Days | FactType::Quantity => {
                FactValue::Number(Decimal::from_str_exact(v).map_err(|_| error(id, format!("`{v}` is not a number")))?)
            }
            FactType::Boolean => FactValue::Flag(flag(id, v)?),
            FactType::Date => FactValue::Date(date(id, v)?),
            FactType::Enum(values) => {
                let by_label = || {
                    labels
                        .iter()
                        .position(|l| [Lang::Zh, Lang::En].iter().any(|lang| l.has(*lang) && l.get(*lang) == v))
                        .and_then(|i| values.get(i))
                };
                match values.iter().find(|x| *x == v).or_else(by_label) {
                    Some(x) => FactValue::Word(x.clone()),
                    None => return Err(error(id, format!("`{v}` is not one of: {}", values.join(", ")))),
                }
            }
        })
    }
}
