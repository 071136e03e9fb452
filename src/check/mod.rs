//! Checking proposed or historical penalties against the table and the law:
//! [`Benchmark::check`](crate::Benchmark::check) and [`Benchmark::allowed`](crate::Benchmark::allowed).
//!
//! The band a case is judged against is computed once, by one function, for `check`, `allowed`
//! and the `range` command alike. Findings are data ([`Finding`], [`Detail`]) rendered on
//! demand in English or Chinese. The case model and every finding code are documented in
//! `docs/CASES.md`.

pub(crate) mod allowed;
pub(crate) mod applicable;
mod assessment;
mod case;
mod engine;
mod finding;
pub(crate) mod prepared;
pub(crate) mod render;
pub mod report;
mod suspended;

pub use crate::read::amount::{AmountError, parse_amount};
pub use allowed::{Allowed, AllowedError, NoPenaltyEntry, branch_name_zh, describe, describe_in};
pub(crate) use applicable::AdjustOutcome;
pub use applicable::LawChoice;
pub(crate) use assessment::point_unit;
pub use assessment::{Assessment, band_position};
pub use case::{Case, Decision, Imposed, MisorderedDates, Party, Procedure};
pub use finding::{
    BranchName, CaseCheck, Clip, Detail, ExemptionSource, Finding, Missing, NoLevelKind, Undetermined, Verdict,
};
pub use prepared::{FactProblem, PreparedCase};
