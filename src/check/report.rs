//! Results as data for other programs: [`CaseRow`] and [`UnreadableRow`] are the documented,
//! versioned JSON schema of `discretion check --format json|jsonl` (`docs/CASES.md`), and the
//! output types implement `serde::Serialize` so embedders need not copy the CLI's JSON code.
//! Amounts are strings (exact decimals).

use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

use super::assessment::Assessment;
use super::case::Case;
use super::finding::Finding;
use crate::table::{Lang, Range};

/// The version of the JSON schema of [`CaseRow`] and [`UnreadableRow`]; it changes only when a
/// field changes meaning or disappears (new fields may be added).
pub const SCHEMA_VERSION: u32 = 1;

/// An amount as an exact decimal string.
struct Amount(rust_decimal::Decimal);

impl Serialize for Amount {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0.normalize())
    }
}

/// A range as `{min, max, min_excluded, max_excluded}`.
struct RangeJson<'a>(&'a Range);

/// An optional range as `{min, max, min_excluded, max_excluded}` (or null), for
/// `#[serde(serialize_with)]` on report types.
pub(crate) fn optional_range<S: Serializer>(r: &Option<Range>, s: S) -> Result<S::Ok, S::Error> {
    r.as_ref().map(RangeJson).serialize(s)
}

/// A range as `{min, max, min_excluded, max_excluded}`, for `#[serde(serialize_with)]`.
pub(crate) fn range<S: Serializer>(r: &Range, s: S) -> Result<S::Ok, S::Error> {
    RangeJson(r).serialize(s)
}

impl Serialize for RangeJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(4))?;
        m.serialize_entry("min", &self.0.min.map(Amount))?;
        m.serialize_entry("max", &self.0.max.map(Amount))?;
        m.serialize_entry("min_excluded", &self.0.excludes_min)?;
        m.serialize_entry("max_excluded", &self.0.excludes_max)?;
        m.end()
    }
}

/// A finding with its message in one language (or both, with `lang: None`).
struct FindingJson<'f, 'a> {
    finding: &'f Finding<'a>,
    lang: Option<Lang>,
}

impl Serialize for FindingJson<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let f = self.finding;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("code", f.check.code())?;
        m.serialize_entry("severity", f.verdict().map_or("note", |v| v.code()))?;
        // The title in the message's language (an English title beside a Chinese message was
        // what a Chinese reader got); both where both messages are given.
        match self.lang {
            Some(Lang::Zh) => {
                m.serialize_entry("title", f.check.title_zh())?;
                m.serialize_entry("message", &f.message(Lang::Zh))?;
            }
            Some(lang) => {
                m.serialize_entry("title", f.check.title())?;
                m.serialize_entry("message", &f.message(lang))?;
            }
            None => {
                m.serialize_entry("title", f.check.title())?;
                m.serialize_entry("title_zh", f.check.title_zh())?;
                m.serialize_entry("message", &f.message(Lang::En))?;
                m.serialize_entry("message_zh", &f.message(Lang::Zh))?;
            }
        }
        m.serialize_entry("expected", &f.expected().as_ref().map(RangeJson))?;
        m.serialize_entry("actual", &f.actual().map(Amount))?;
        m.serialize_entry("citation", &f.citation)?;
        m.end()
    }
}

struct Findings<'f, 'a> {
    findings: &'f [Finding<'a>],
    lang: Option<Lang>,
}

impl Serialize for Findings<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.findings.len()))?;
        for f in self.findings {
            seq.serialize_element(&FindingJson { finding: f, lang: self.lang })?;
        }
        seq.end()
    }
}

/// Writes the assessment's own fields into a map (shared by [`Assessment`] and [`CaseRow`]).
fn assessment_fields<M: SerializeMap>(m: &mut M, a: &Assessment<'_>, lang: Option<Lang>) -> Result<(), M::Error> {
    m.serialize_entry("verdict", &a.verdict)?;
    m.serialize_entry("violation_id", &a.violation.map(|v| v.id.as_str()))?;
    m.serialize_entry("violation_name", &a.violation.map(|v| v.label.get(lang.unwrap_or(Lang::Zh))))?;
    m.serialize_entry("table", &a.table.map(|t| t.id.as_str()))?;
    m.serialize_entry("table_version", &a.table.and_then(|t| t.version.as_deref()))?;
    m.serialize_entry("addressee", crate::table::Coded::code(a.addressee))?;
    m.serialize_entry("level", &a.level_name())?;
    m.serialize_entry("law_choice", &a.statute.map(|(_, c)| c))?;
    m.serialize_entry("band", &a.band.as_ref().map(RangeJson))?;
    m.serialize_entry("table_band", &a.table_band.as_ref().map(RangeJson))?;
    m.serialize_entry("statutory", &a.statutory.as_ref().map(RangeJson))?;
    m.serialize_entry("fine", &a.fine.map(Amount))?;
    m.serialize_entry("position", &a.position().map(Amount))?;
    m.serialize_entry("distance", &a.distance().map(Amount))?;
    m.serialize_entry("findings", &Findings { findings: &a.findings, lang })
}

/// An assessment serialises with messages in English (`message`) and Chinese (`message_zh`).
impl Serialize for Assessment<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        assessment_fields(&mut m, self, None)?;
        m.end()
    }
}

/// One assessed case as `discretion check` writes it: where it came from, the case's own
/// identifying fields, and its assessment, messages in one language.
///
/// ```
/// use discretion::{Benchmark, check::{Case, report::CaseRow}, table::Lang};
/// let rules = Benchmark::from_path("rules").unwrap();
/// let case = Case::new("X-1", "no-such-violation");
/// let a = rules.check(&case);
/// let row = CaseRow { file: "cases.csv", line: 2, case: &case, assessment: &a, lang: Lang::En };
/// let json = serde_json::to_string(&row).unwrap();
/// assert!(json.starts_with(r#"{"schema_version":1,"file":"cases.csv","line":2,"case_id":"X-1""#));
/// assert!(json.contains(r#""verdict":"needs_review""#));
/// ```
#[derive(Debug, Clone, Copy)]
pub struct CaseRow<'r> {
    /// The file the record came from.
    pub file: &'r str,
    /// The line the record starts on.
    pub line: u64,
    /// The case.
    pub case: &'r Case,
    /// Its assessment.
    pub assessment: &'r Assessment<'r>,
    /// The language of the messages.
    pub lang: Lang,
}

impl Serialize for CaseRow<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let c = self.case;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("schema_version", &SCHEMA_VERSION)?;
        m.serialize_entry("file", self.file)?;
        m.serialize_entry("line", &self.line)?;
        m.serialize_entry("case_id", &c.id)?;
        m.serialize_entry("violation", &c.violation)?;
        m.serialize_entry("unit", &c.unit)?;
        m.serialize_entry("officer", &c.officer)?;
        assessment_fields(&mut m, self.assessment, Some(self.lang))?;
        m.end()
    }
}

/// A record that could not be read, as `discretion check` writes it: every input record
/// appears in the output, so a consumer joining output to input loses nothing.
#[derive(Debug, Clone, Copy)]
pub struct UnreadableRow<'r> {
    /// The file the record came from.
    pub file: &'r str,
    /// The line the record starts on.
    pub line: u64,
    /// The case id, if it could be read.
    pub case_id: Option<&'r str>,
    /// The unit (执法单位), if the record gives it.
    pub unit: Option<&'r str>,
    /// The officer (承办人), if the record gives it.
    pub officer: Option<&'r str>,
    /// Why it cannot be read.
    pub reason: &'r str,
}

impl Serialize for UnreadableRow<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("schema_version", &SCHEMA_VERSION)?;
        m.serialize_entry("file", self.file)?;
        m.serialize_entry("line", &self.line)?;
        m.serialize_entry("case_id", &self.case_id)?;
        if let Some(unit) = self.unit {
            m.serialize_entry("unit", unit)?;
        }
        if let Some(officer) = self.officer {
            m.serialize_entry("officer", officer)?;
        }
        m.serialize_entry("verdict", "unreadable")?;
        m.serialize_entry("reason", self.reason)?;
        m.end()
    }
}
