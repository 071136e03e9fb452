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

/// Collects problems while building; each problem names its file and YAML path, and its
/// position is filled in from the file's position map afterwards.
pub(crate) struct Builder {
    pub problems: Vec<Problem>,
    file: Arc<str>,
    facts: HashMap<String, FactType>,
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

/// The built-in `party` fact.
pub(crate) fn party_fact() -> Fact {
    Fact {
        id: PARTY_FACT.to_string(),
        fact_type: FactType::Enum(vec!["individual".into(), "organisation".into()]),
        unit: None,
        domain: Range::default(),
        label: Text::new("当事人类型", "party type"),
        value_labels: vec![Text::new("个人", "individual"), Text::new("单位", "organisation")],
        origin: Origin::default(),
    }
}
