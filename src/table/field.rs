//! Structured values of records read from YAML or JSON, before they become cases.

/// A value in a structured case record (JSON, YAML) before flattening.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Field {
    /// A scalar, as text.
    Text(String),
    /// A list (factors, sanctions), joined with `;`.
    List(Vec<String>),
    /// A nested mapping: `facts: {days_late: 17}` becomes `fact.days_late`.
    Map(Vec<(String, String)>),
}
