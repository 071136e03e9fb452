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
        Value::Object(map) => {
            Field::Map(map.into_iter().filter(|(_, v)| !v.is_null()).map(|(k, v)| (k, text(v))).collect())
        }
        other => Field::Text(text(other)),
    };
    // `null` is absent — not recorded — not an empty value: `"factors": null` is not "no
    // factors" (an empty list says that), and leaves the adjustments that read them unknown.
    flatten(object.into_iter().filter(|(_, v)| !v.is_null()).map(|(k, v)| (k, field(v))).collect())
}

/// Why a line of JSON Lines is not a record (see [`json_record`]).
#[cfg(feature = "json")]
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum JsonRecordError {
    /// An object gives one key twice: which of the two values is meant cannot be told (YAML
    /// case files refuse this too; a CSV file's repeated column is read once and said).
    #[error("the key `{0}` is given twice")]
    RepeatedKey(String),
    /// Valid JSON, but not an object.
    #[error("the line is not a JSON object")]
    NotObject,
    /// Not JSON.
    #[error("invalid JSON: {0}")]
    Invalid(serde_json::Error),
}

#[cfg(feature = "json")]
impl JsonRecordError {
    /// The reason in Chinese.
    pub fn zh(&self) -> String {
        match self {
            JsonRecordError::RepeatedKey(k) => format!("键“{k}”出现了两次"),
            JsonRecordError::NotObject => "该行不是 JSON 对象".into(),
            JsonRecordError::Invalid(e) => format!("JSON 格式错误：{e}"),
        }
    }
}

/// One line of JSON Lines as [`json_fields`] pairs, refusing an object (at any depth) that
/// gives a key twice: a JSON parser keeps the last value and drops the other without a word.
///
/// ```
/// use discretion::read::structured::{json_record, JsonRecordError};
/// let pairs = json_record(r#"{"case_id": "A", "fine": 18400.50}"#).unwrap();
/// assert!(pairs.contains(&("fine".to_string(), "18400.50".to_string())));
/// let twice = json_record(r#"{"case_id": "A", "fine": 100, "fine": 18400}"#);
/// assert!(matches!(twice, Err(JsonRecordError::RepeatedKey(k)) if k == "fine"));
/// assert!(matches!(json_record("[1]"), Err(JsonRecordError::NotObject)));
/// ```
#[cfg(feature = "json")]
pub fn json_record(line: &str) -> Result<Vec<(String, String)>, JsonRecordError> {
    let repeated = std::cell::RefCell::new(None);
    let parsed = serde::de::DeserializeSeed::deserialize(
        strict_json::Strict(&repeated),
        &mut serde_json::Deserializer::from_str(line),
    );
    match (parsed, repeated.into_inner()) {
        (_, Some(key)) => Err(JsonRecordError::RepeatedKey(key)),
        (Ok(serde_json::Value::Object(map)), None) => Ok(json_fields(map)),
        (Ok(_), None) => Err(JsonRecordError::NotObject),
        (Err(e), None) => Err(JsonRecordError::Invalid(e)),
    }
}

/// A JSON value read as `serde_json::Value` reads it, but refusing a repeated key.
#[cfg(feature = "json")]
mod strict_json {
    use std::cell::RefCell;
    use std::fmt;

    use serde::de::{DeserializeSeed, Deserializer, Error, MapAccess, SeqAccess, Visitor};
    use serde_json::{Map, Number, Value};

    /// How serde_json (with `arbitrary_precision`, which keeps a number's digits) hands a
    /// number to a visitor: as a map of this one key to the number's text. The unit test
    /// `numbers_keep_their_digits` fails if that changes.
    const NUMBER: &str = "$serde_json::private::Number";

    /// Reads a value; a repeated key is put in the cell (and the reading stopped).
    #[derive(Clone, Copy)]
    pub(super) struct Strict<'c>(pub &'c RefCell<Option<String>>);

    impl<'de> DeserializeSeed<'de> for Strict<'_> {
        type Value = Value;
        fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
            d.deserialize_any(self)
        }
    }

    impl<'de> Visitor<'de> for Strict<'_> {
        type Value = Value;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a JSON value")
        }
        fn visit_bool<E: Error>(self, v: bool) -> Result<Value, E> {
            Ok(Value::Bool(v))
        }
        fn visit_i64<E: Error>(self, v: i64) -> Result<Value, E> {
            Ok(Value::Number(v.into()))
        }
        fn visit_u64<E: Error>(self, v: u64) -> Result<Value, E> {
            Ok(Value::Number(v.into()))
        }
        fn visit_f64<E: Error>(self, v: f64) -> Result<Value, E> {
            Number::from_f64(v).map(Value::Number).ok_or_else(|| E::custom("not a finite number"))
        }
        fn visit_str<E: Error>(self, v: &str) -> Result<Value, E> {
            Ok(Value::String(v.to_string()))
        }
        fn visit_string<E: Error>(self, v: String) -> Result<Value, E> {
            Ok(Value::String(v))
        }
        fn visit_unit<E: Error>(self) -> Result<Value, E> {
            Ok(Value::Null)
        }
        fn visit_none<E: Error>(self) -> Result<Value, E> {
            Ok(Value::Null)
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
            self.deserialize(d)
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
            let mut items = Vec::new();
            while let Some(v) = seq.next_element_seed(self)? {
                items.push(v);
            }
            Ok(Value::Array(items))
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
            let mut out = Map::new();
            while let Some(key) = map.next_key::<String>()? {
                if key == NUMBER && out.is_empty() {
                    let digits: String = map.next_value()?;
                    return digits.parse::<Number>().map(Value::Number).map_err(A::Error::custom);
                }
                let value = map.next_value_seed(self)?;
                if out.contains_key(&key) {
                    *self.0.borrow_mut() = Some(key.clone());
                    return Err(A::Error::custom(format!("the key `{key}` is given twice")));
                }
                out.insert(key, value);
            }
            Ok(Value::Object(out))
        }
    }

    #[cfg(test)]
    mod tests {
        use super::super::json_record;

        /// Numbers come through with their digits as written (the form serde_json hands them
        /// over in is private to it: this fails if it changes), nested objects and lists too.
        #[test]
        fn numbers_keep_their_digits() {
            let pairs = json_record(r#"{"fine": 18400.50, "facts": {"days_late": 17, "area": 1.250}, "factors": ["a", "b"], "x": null, "y": true, "z": -3}"#).unwrap();
            let get = |k: &str| pairs.iter().find(|(key, _)| key == k).map(|(_, v)| v.as_str());
            assert_eq!(get("fine"), Some("18400.50"));
            assert_eq!(get("fact.days_late"), Some("17"));
            assert_eq!(get("fact.area"), Some("1.250"));
            assert_eq!(get("factors"), Some("a;b"));
            assert_eq!((get("x"), get("y"), get("z")), (None, Some("true"), Some("-3")));
        }

        /// A key given twice is refused wherever it is; the same key in two objects is not.
        #[test]
        fn a_key_given_twice_is_refused_at_any_depth() {
            let repeated = |line: &str| match json_record(line) {
                Err(super::super::JsonRecordError::RepeatedKey(k)) => Some(k),
                _ => None,
            };
            assert_eq!(repeated(r#"{"case_id": "X3", "case_id": "X4"}"#).as_deref(), Some("case_id"));
            assert_eq!(repeated(r#"{"facts": {"area": 1, "area": 2}}"#).as_deref(), Some("area"));
            assert_eq!(repeated(r#"{"facts": {"area": 1}, "other": {"area": 2}}"#), None);
            assert!(json_record(r#"{"facts": {"area": 1}, "other": {"area": 2}}"#).is_ok());
            assert!(matches!(json_record("{"), Err(super::super::JsonRecordError::Invalid(_))));
        }
    }
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

#[cfg(test)]
mod tests {
    use super::yaml_records;

    /// A number no float holds (`1e400`, `.inf`) is a value like any other, read as written and
    /// refused with its record by the field's reader: it refused the whole file, with a
    /// message about rules tables (a user trial).
    #[test]
    fn numbers_out_of_float_range_are_read_as_written() {
        let text = "- {case_id: A, fine: 20000}\n- {case_id: B, fine: 1e400}\n- {case_id: C, fine: -.inf}\n";
        let records = yaml_records("cases.yaml", text).unwrap();
        let fines: Vec<&str> =
            records.iter().filter_map(|(_, f)| f.iter().find(|(k, _)| k == "fine").map(|(_, v)| v.as_str())).collect();
        assert_eq!(fines, ["20000", "1e400", "-.inf"]);
    }

    /// A value reached through an alias or a merge key is the anchored value's own text, as
    /// written (numbers, booleans and dates too, not only strings): it was read as `*f`.
    #[test]
    fn aliases_and_merge_keys_give_the_anchored_text() {
        let text = "- &base\n  case_id: A\n  fine: &f 300.50\n  first_offence: &t true\n  decided: &d 2023-02-28\n\
                    - <<: *base\n  case_id: B\n- case_id: C\n  fine: *f\n  first_offence: *t\n  decided: *d\n";
        let records = yaml_records("cases.yaml", text).unwrap();
        let get = |r: usize, k: &str| {
            records.get(r).and_then(|(_, f)| f.iter().find(|(key, _)| key == k)).map(|(_, v)| v.as_str())
        };
        for r in 0..3 {
            assert_eq!(get(r, "fine"), Some("300.50"), "record {r}");
            assert_eq!(get(r, "first_offence"), Some("true"), "record {r}");
            assert_eq!(get(r, "decided"), Some("2023-02-28"), "record {r}");
        }
        assert_eq!((get(0, "case_id"), get(1, "case_id"), get(2, "case_id")), (Some("A"), Some("B"), Some("C")));
    }
}
