//! Benchmark tables: the model, and loading it from YAML with located errors.
//!
//! Start with [`Benchmark::from_path`]; the format is specified in `docs/FORMAT.md`.

mod benchmark;
mod build;
pub(crate) mod compiled;
mod display;
#[cfg(feature = "embedded-rules")]
mod embedded;
mod error;
mod facts;
mod field;
mod load;
mod model;
mod problem_zh;
mod raw;
mod resolve;
mod source;
mod write;
mod yaml;

pub(crate) use benchmark::neighbour_pairs;
pub use benchmark::{Benchmark, Provenance};
pub use build::{CIRCUMSTANCES_FACT, PARTY_FACT};
pub use compiled::{FactId, FactSlots, FactSource, Value};
pub use display::{
    chinese_number, format_amount, format_citation, format_money, format_quantity, format_range, format_yuan,
};
pub use error::{LoadError, Problem, ProblemKind, did_you_mean};
pub use facts::{FactValue, Facts};
pub use field::Field;
pub use load::lone_carriage_returns_as_newlines;
pub use model::*;
pub(crate) use model::{covers, lay_out, offset};
pub use source::{Position, SourceFile};
pub use yaml::MAX_FILE_BYTES;
pub(crate) use yaml::{case_records, flat_mapping, yaml_value_in};

/// The most values a message lists (docs/LIMITS.md).
const LISTED_VALUES: usize = 20;

/// An enum's values in a message: `a, b, c` (`a、b、c` in Chinese), or the first
/// [`LISTED_VALUES`] and how many there are in all — a 2,000-value enum makes a line, not 13 KB
/// of every reason a case file's bad value gets.
pub(crate) fn listed_values<S: AsRef<str>>(values: &[S], lang: Lang) -> String {
    let sep = if lang == Lang::Zh { "、" } else { ", " };
    let shown: Vec<&str> = values.iter().take(LISTED_VALUES).map(AsRef::as_ref).collect();
    match lang {
        _ if values.len() <= LISTED_VALUES => shown.join(sep),
        Lang::Zh => format!("{}……（共{}个取值）", shown.join(sep), values.len()),
        _ => format!("{}, … ({} values in all)", shown.join(sep), values.len()),
    }
}
