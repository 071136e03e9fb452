//! # discretion — administrative penalty discretion benchmarks (行政处罚裁量权基准)
//!
//! A statute gives a wide penalty range ("a fine of 100,000 to 1,000,000 yuan"); agencies
//! publish *benchmark tables* that split it by circumstances into narrower bands so that
//! similar cases get similar penalties. This crate loads such tables from YAML with exact
//! decimal money and located errors, and computes what they allow for a case's facts.
//!
//! ```
//! use discretion::{Benchmark, Date, table::Facts};
//!
//! let rules = Benchmark::from_path("rules")?;
//! // Guangdong §2.7.1, water over-standard: the published worked example gives 330,000.
//! let (_, violation) = rules.violation("gd-env.2.7.1").unwrap();
//! let statute = rules.statute(&violation.statute).unwrap();
//! let version = statute.version_at(Date::new(2022, 6, 1).unwrap()).unwrap();
//! let facts = Facts::new()
//!     .number("pollutants_over_limit", 2)
//!     .word("water_pollutant_class", "a_class")
//!     .word("outfall_area", "restricted_or_residential")
//!     .number("daily_discharge_tonnes", 100)
//!     .word("water_exceedance", "x3_to_x8")
//!     .number("same_kind_in_two_years", 1);
//! let selected = violation.select(&facts, version)?;
//! assert_eq!(selected.weights.unwrap().amount, 330_000.into());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Modules: [`table`] (model, loading, evaluation) and [`verify`] (checking the tables
//! themselves: [`Benchmark::verify`]). Table format: `docs/FORMAT.md`; verification codes:
//! `docs/DIAGNOSTICS.md`.

#![forbid(unsafe_code)]
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing))]

pub mod check;
mod date;
pub mod table;
pub mod verify;

pub use date::{Date, DateError};
pub use table::{Benchmark, LoadError};
