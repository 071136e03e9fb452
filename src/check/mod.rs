//! Checking proposed or historical penalties against the table and the law:
//! [`Benchmark::check`](crate::Benchmark::check) and [`Benchmark::allowed`](crate::Benchmark::allowed).
//!
//! The case model and every finding code are documented in `docs/CASES.md`.

mod allowed;
mod amount;
mod assessment;
mod case;
mod engine;
mod record;

pub use crate::table::Field;
pub use allowed::{Allowed, AllowedError, describe};
pub use amount::{AmountError, parse_amount};
pub use assessment::{Assessment, CaseCheck, Finding, LawChoice, Verdict};
pub use case::{Case, Decision, Imposed, Party, Procedure};
pub use record::{CaseError, FIELDS, Record, flatten, yaml_records};
