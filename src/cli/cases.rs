//! Reading case records from CSV, JSON Lines or YAML, streaming where the format allows.
//! Every record yields exactly one item: its fields, or the reason it cannot be read.

use std::io::{BufRead, BufReader, Read};

use discretion::check::{Field, flatten, yaml_records};

/// A record's fields, or why the record is unreadable; with its line number.
pub(crate) struct Record {
    pub line: u64,
    pub fields: Result<Vec<(String, String)>, String>,
}

/// The case file formats.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum InputFormat {
    /// Comma-separated values with a header row.
    Csv,
    /// One JSON object per line.
    Jsonl,
    /// A YAML list of mappings.
    Yaml,
}

impl InputFormat {
    /// The format a file name implies.
    pub(crate) fn from_name(name: &str) -> Option<InputFormat> {
        let lower = name.to_lowercase();
        if lower.ends_with(".csv") || lower.ends_with(".txt") {
            Some(InputFormat::Csv)
        } else if lower.ends_with(".jsonl") || lower.ends_with(".ndjson") || lower.ends_with(".json") {
            Some(InputFormat::Jsonl)
        } else if lower.ends_with(".yaml") || lower.ends_with(".yml") {
            Some(InputFormat::Yaml)
        } else {
            None
        }
    }
}

/// Renames columns of foreign exports (`--map 案号=case_id`).
pub(crate) struct Mapping(pub Vec<(String, String)>);

impl Mapping {
    fn apply(&self, key: &str) -> String {
        self.0.iter().find(|(from, _)| from == key).map_or_else(|| key.to_string(), |(_, to)| to.clone())
    }
}

/// Decodes the input to UTF-8 while streaming: UTF-8 with or without BOM, or GBK.
pub(crate) fn decoded(input: Box<dyn Read>, gbk: bool) -> Box<dyn Read> {
    if gbk {
        let mut builder = encoding_rs_io::DecodeReaderBytesBuilder::new();
        builder.encoding(Some(encoding_rs::GBK));
        return Box::new(builder.build(input));
    }
    // UTF-8: only a BOM is removed; invalid bytes must surface as an unreadable record, not
    // be replaced silently.
    let mut reader = BufReader::new(input);
    if reader.fill_buf().is_ok_and(|b| b.starts_with(b"\xEF\xBB\xBF")) {
        reader.consume(3);
    }
    Box::new(reader)
}

/// CSV records, streamed.
pub(crate) fn csv_records(input: Box<dyn Read>, mapping: &Mapping) -> Box<dyn Iterator<Item = Record> + '_> {
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(input);
    let header: Result<Vec<String>, String> = match reader.byte_headers() {
        Ok(h) => h
            .iter()
            .map(|f| {
                std::str::from_utf8(f)
                    .map(|s| mapping.apply(s.trim()))
                    .map_err(|_| "the header is not valid UTF-8 (try --encoding gbk)".to_string())
            })
            .collect(),
        Err(e) => Err(format!("cannot read the header: {e}")),
    };
    let header = match header {
        Ok(h) => h,
        Err(e) => return Box::new(std::iter::once(Record { line: 1, fields: Err(e) })),
    };
    let mut record = csv::ByteRecord::new();
    let mut done = false;
    Box::new(std::iter::from_fn(move || {
        if done {
            return None;
        }
        let line = reader.position().line();
        match reader.read_byte_record(&mut record) {
            Ok(false) => None,
            Ok(true) => {
                let line = record.position().map_or(line, |p| p.line());
                if record.len() != header.len() {
                    return Some(Record {
                        line,
                        fields: Err(format!("the row has {} fields, the header {}", record.len(), header.len())),
                    });
                }
                let fields: Result<Vec<(String, String)>, String> = header
                    .iter()
                    .zip(record.iter())
                    .map(|(h, v)| {
                        std::str::from_utf8(v)
                            .map(|v| (h.clone(), v.to_string()))
                            .map_err(|_| format!("column `{h}` is not valid UTF-8 (try --encoding gbk)"))
                    })
                    .collect();
                Some(Record { line, fields })
            }
            Err(e) => {
                let line = e.position().map_or(line, |p| p.line());
                // An I/O error ends the stream; a malformed row is reported and skipped.
                done = matches!(e.kind(), csv::ErrorKind::Io(_));
                Some(Record { line, fields: Err(format!("malformed CSV: {e}")) })
            }
        }
    }))
}

fn json_field(v: serde_json::Value) -> Field {
    use serde_json::Value;
    let text = |v: Value| match v {
        Value::String(s) => s,
        Value::Null => String::new(),
        other => other.to_string(),
    };
    match v {
        Value::Array(items) => Field::List(items.into_iter().map(text).collect()),
        Value::Object(map) => Field::Map(map.into_iter().map(|(k, v)| (k, text(v))).collect()),
        other => Field::Text(text(other)),
    }
}

/// JSON Lines records, streamed; blank lines are skipped.
pub(crate) fn jsonl_records(input: Box<dyn Read>, mapping: &Mapping) -> Box<dyn Iterator<Item = Record> + '_> {
    let mut lines = BufReader::new(input).lines();
    let mut n = 0u64;
    Box::new(std::iter::from_fn(move || {
        loop {
            n += 1;
            let line = match lines.next()? {
                Ok(l) => l,
                Err(e) => return Some(Record { line: n, fields: Err(format!("cannot read the line: {e}")) }),
            };
            if line.trim().is_empty() {
                continue;
            }
            let fields = match serde_json::from_str::<serde_json::Value>(&line) {
                Ok(serde_json::Value::Object(map)) => {
                    Ok(flatten(map.into_iter().map(|(k, v)| (mapping.apply(&k), json_field(v))).collect()))
                }
                Ok(_) => Err("the line is not a JSON object".to_string()),
                Err(e) => Err(format!("invalid JSON: {e}")),
            };
            return Some(Record { line: n, fields });
        }
    }))
}

/// YAML records (read whole: YAML is not a streaming format).
pub(crate) fn yaml_file_records(
    name: &str,
    mut input: Box<dyn Read>,
    mapping: &Mapping,
) -> Result<Vec<Record>, String> {
    let mut text = String::new();
    input
        .by_ref()
        .take(discretion::table::MAX_FILE_BYTES + 1)
        .read_to_string(&mut text)
        .map_err(|e| format!("{name}: cannot read: {e}"))?;
    if text.len() as u64 > discretion::table::MAX_FILE_BYTES {
        return Err(format!(
            "{name}: a YAML case file may have at most {} bytes; use CSV or JSON Lines for large batches",
            discretion::table::MAX_FILE_BYTES
        ));
    }
    let records = yaml_records(name, &text).map_err(|p| p.to_string())?;
    Ok(records
        .into_iter()
        .map(|(line, fields)| Record {
            line,
            fields: Ok(fields.into_iter().map(|(k, v)| (mapping.apply(&k), v)).collect()),
        })
        .collect())
}
