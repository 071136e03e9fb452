//! Benchmark tables: the model, and loading it from YAML with located errors.
//!
//! Start with [`Benchmark::from_path`]; the format is specified in `docs/FORMAT.md`.

mod benchmark;
mod build;
mod display;
mod error;
mod eval;
mod facts;
mod field;
mod load;
mod model;
mod raw;
mod resolve;
mod source;
mod yaml;

pub use benchmark::Benchmark;
pub use build::PARTY_FACT;
pub use display::{format_amount, format_range};
pub use error::{LoadError, Problem, ProblemKind, did_you_mean};
pub use eval::{EvalError, MoneyRange, Selected, WeightOutcome};
pub use facts::{FactValue, Facts, Truth};
pub use field::Field;
pub use model::*;
pub use source::{Position, SourceFile};
pub use yaml::MAX_FILE_BYTES;
pub(crate) use yaml::case_records;
