//! Structured records — a JSON object, a YAML mapping — flattened into the `(field, value)`
//! pairs [`Benchmark::read_fields`](crate::Benchmark::read_fields) reads.

pub use crate::table::Field;

/// Flattens structured fields: lists are joined with `;`, `facts: {days_late: 17}` becomes
/// `fact.days_late`.
///
/// ```
/// use discretion::read::structured::{flatten, Field};
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

/// A record: the line it starts on and its `(field, value)` pairs.
pub type Record = (u64, Vec<(String, String)>);

/// Reads case records from a YAML text (a list of mappings, or `cases:` holding one), each
/// with the line it starts on. Values keep their exact text.
pub fn yaml_records(name: &str, text: &str) -> Result<Vec<Record>, crate::table::Problem> {
    let records = crate::table::case_records(&std::sync::Arc::from(name), text)?;
    Ok(records.into_iter().map(|(line, fields)| (line, flatten(fields))).collect())
}

/// Reads a flat YAML mapping of column names to field or fact ids (a column-mapping file).
///
/// ```
/// use discretion::read::structured::yaml_mapping;
/// let m = yaml_mapping("map.yaml", "案件编号: case_id\n罚没金额: fine\n").unwrap();
/// assert_eq!(m[1], ("罚没金额".to_string(), "fine".to_string()));
/// ```
pub fn yaml_mapping(name: &str, text: &str) -> Result<Vec<(String, String)>, crate::table::Problem> {
    crate::table::flat_mapping(&std::sync::Arc::from(name), text)
}
