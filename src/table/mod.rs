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
pub(crate) use display::listed_values;
pub use display::{
    chinese_number, format_amount, format_citation, format_money, format_quantity, format_range, format_yuan,
};
pub use error::{LoadError, Problem, ProblemKind, did_you_mean};
pub use facts::{FactValue, Facts};
pub use field::Field;
pub use load::{line_and_column, lone_carriage_returns_as_newlines};
pub use model::*;
pub(crate) use model::{covers, lay_out, offset};
pub use source::{Position, SourceFile};
pub use yaml::MAX_FILE_BYTES;
pub(crate) use yaml::{case_records, flat_mapping, top_level_value_place, yaml_value_in};
