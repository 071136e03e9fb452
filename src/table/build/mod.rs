//! From raw documents to the validated model: parses numbers, dates and words with located
//! errors, resolves every reference, and reports *all* problems found, not only the first.

mod condition;
mod facts;
mod fine;
mod provisions;
mod scheme;
mod table;
mod values;

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use rust_decimal::Decimal;

use super::error::{Problem, ProblemKind, did_you_mean};
use super::model::*;
use super::raw::*;
use super::source::Position;
use crate::Date;

/// The fact every table may use without declaring it: the party's type.
pub const PARTY_FACT: &str = "party";

/// The fact every table may use without declaring it: the direction of the case's
/// circumstances (`lighter`, `ordinary`, `heavier`; 从轻 / 一般 / 从重), taken from the
/// decision's claimed disposition or, failing that, from the factors it cites.
pub const CIRCUMSTANCES_FACT: &str = "circumstances";

/// Collects problems while building; each problem names its file and YAML path, and its
/// position is filled in from the file's position map afterwards.
pub(crate) struct Builder {
    pub problems: Vec<Problem>,
    file: Arc<str>,
    facts: HashMap<String, FactType>,
    /// Facts declared with a declaration that failed (its error said why): their uses are not
    /// "unknown fact" as well.
    unusable: std::collections::HashSet<String>,
    units: Vec<String>,
}

/// Everything one file defines.
#[derive(Default)]
pub(crate) struct FileItems {
    pub factor_sets: Vec<FactorSet>,
    pub statutes: Vec<Statute>,
    pub table: Option<Table>,
}

pub(super) fn origin(file: &Arc<str>, path: &str) -> Origin {
    Origin { file: file.clone(), path: path.to_string() }
}

pub(super) fn join(path: &str, key: &str) -> String {
    if path.is_empty() { key.to_string() } else { format!("{path}.{key}") }
}

pub(super) fn index(path: &str, i: usize) -> String {
    format!("{path}[{i}]")
}

pub(super) fn text(raw: &RawText) -> Text {
    Text { zh: raw.zh.clone(), en: raw.en.clone() }
}

/// The built-in facts: `party` and `circumstances`.
pub(crate) fn builtin_facts() -> Vec<Fact> {
    let fact = |id: &str, values: &[&str], label: Text, value_labels: Vec<Text>| Fact {
        id: id.to_string(),
        fact_type: FactType::Enum(values.iter().map(|v| v.to_string()).collect()),
        unit: None,
        domain: Range::default(),
        label,
        value_labels,
        origin: Origin::default(),
    };
    vec![
        fact(
            PARTY_FACT,
            &["individual", "organisation"],
            Text::new("当事人类型", "party type"),
            vec![Text::new("个人", "individual"), Text::new("单位", "organisation")],
        ),
        fact(
            CIRCUMSTANCES_FACT,
            &["lighter", "ordinary", "heavier"],
            Text::new("轻重情形", "circumstances"),
            vec![Text::new("从轻", "lighter"), Text::new("一般", "ordinary"), Text::new("从重", "heavier")],
        ),
    ]
}

/// The built-in units: `days`, `months`, `years`, `hours`.
pub(crate) fn builtin_units() -> Vec<Unit> {
    let unit = |id: &str, zh: &str, en: &str, aliases: &[&str]| Unit {
        id: id.to_string(),
        label: Text::new(zh, en),
        aliases: aliases.iter().map(|a| a.to_string()).collect(),
        origin: Origin::default(),
    };
    vec![
        unit("days", "日", "days", &["day", "天", "日"]),
        unit("months", "个月", "months", &["month", "月", "个月"]),
        unit("years", "年", "years", &["year", "年"]),
        unit("hours", "小时", "hours", &["hour", "小时"]),
    ]
}
