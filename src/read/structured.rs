//! Structured records — a JSON object, a YAML mapping — flattened into the `(field, value)`
//! pairs [`Benchmark::read_fields`](crate::Benchmark::read_fields) reads.

pub use crate::table::Field;

use super::record::CaseField;

/// Flattens structured fields: lists are joined with `;`, `facts: {days_late: 17}` becomes
/// `fact.days_late`. A list or mapping where a single value belongs (`"fine": []`,
/// `"fine": {}`) is kept as its text (`[]`, `{}`), so that the field is refused as unreadable
/// rather than read as absent.
///
/// ```
/// use discretion::read::structured::{flatten, Field};
/// let pairs = flatten(vec![
///     ("case_id".into(), Field::Text("A1".into())),
///     ("factors".into(), Field::List(vec!["f1".into(), "f2".into()])),
///     ("facts".into(), Field::Map(vec![("days_late".into(), "17".into())])),
///     ("fine".into(), Field::List(vec![])),
///     ("decided".into(), Field::Map(vec![])),
/// ]);
/// assert_eq!(pairs[1], ("factors".to_string(), "f1;f2".to_string()));
/// assert_eq!(pairs[2], ("fact.days_late".to_string(), "17".to_string()));
/// assert_eq!(pairs[3], ("fine".to_string(), "[]".to_string()));
/// assert_eq!(pairs[4], ("decided".to_string(), "{}".to_string()));
/// ```
pub fn flatten(fields: Vec<(String, Field)>) -> Vec<(String, String)> {
    // The fields that hold lists; an empty list there is "none".
    let lists = [CaseField::Factors.id(), CaseField::Sanctions.id()];
    let mut out = Vec::with_capacity(fields.len());
    for (key, value) in fields {
        match value {
            Field::Text(t) => out.push((key, t)),
            Field::List(items) if items.is_empty() && !lists.contains(&key.as_str()) => out.push((key, "[]".into())),
            Field::List(items) => out.push((key, items.join(";"))),
            Field::Map(entries) if key == "facts" => {
                out.extend(entries.into_iter().map(|(k, v)| (format!("fact.{k}"), v)));
            }
            Field::Map(entries) => {
                let inner: Vec<String> = entries.into_iter().map(|(k, v)| format!("{k}: {v}")).collect();
                out.push((key, format!("{{{}}}", inner.join(", "))));
            }
        }
    }
    out
}

/// A JSON object's fields as [`flatten`]ed `(field, value)` pairs (feature `json`): strings as
/// they are, `null` as absent, numbers and booleans as their JSON text, arrays as lists,
/// objects as mappings.
///
/// ```
/// use discretion::read::structured::json_fields;
/// let v: serde_json::Value = serde_json::from_str(r#"{"case_id": "A", "fine": 340, "facts": {"days_late": 17}}"#).unwrap();
/// let serde_json::Value::Object(map) = v else { unreachable!() };
/// let pairs = json_fields(map);
/// assert!(pairs.contains(&("fine".to_string(), "340".to_string())));
/// assert!(pairs.contains(&("fact.days_late".to_string(), "17".to_string())));
/// ```
#[cfg(feature = "json")]
pub fn json_fields(object: serde_json::Map<String, serde_json::Value>) -> Vec<(String, String)> {
    use serde_json::Value;
    let text = |v: Value| match v {
        Value::String(s) => s,
        Value::Null => String::new(),
        other => other.to_string(),
    };
    let field = |v: Value| match v {
        Value::Array(items) => Field::List(items.into_iter().map(text).collect()),
        Value::Object(map) => Field::Map(map.into_iter().map(|(k, v)| (k, text(v))).collect()),
        other => Field::Text(text(other)),
    };
    flatten(object.into_iter().map(|(k, v)| (k, field(v))).collect())
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
