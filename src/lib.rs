//! # discretion — administrative penalty discretion benchmarks (行政处罚裁量权基准)
//!
//! A statute gives a wide penalty range ("a fine of 100,000 to 1,000,000 yuan"); agencies
//! publish *benchmark tables* that split it by circumstances into narrower bands so that
//! similar cases get similar penalties. This crate loads such tables from YAML with exact
//! decimal money and located errors, and computes what they allow for a case's facts.
//!
//! ```
//! use discretion::{Benchmark, Date, check::{Case, Party, Verdict}, table::Facts};
//!
//! let rules = Benchmark::from_path("rules")?;
//! // Guangdong §2.7.1, water over-standard: the published worked example gives 330,000.
//! let mut case = Case::new("粤环罚〔2023〕1号", "gd-env.2.7.1");
//! case.party = Some(Party::Organisation);
//! case.act_ended = Some(Date::new(2022, 6, 1)?);
//! case.facts = Facts::new()
//!     .number("pollutants_over_limit", 2)
//!     .word("water_pollutant_class", "a_class")
//!     .word("outfall_area", "restricted_or_residential")
//!     .number("daily_discharge_tonnes", 100)
//!     .word("water_exceedance", "x3_to_x8")
//!     .number("same_kind_in_two_years", 1);
//! let allowed = rules.allowed(&case).map_err(|e| e.to_string())?;
//! assert_eq!(allowed.band.unwrap().min, Some(330_000.into()));
//! case.decision.fine = Some(330_000.into());
//! assert_eq!(rules.check(&case).verdict, Verdict::Compliant);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Modules, dependencies one way: [`table`] (model, loading, the compiled evaluator),
//! [`verify`] (checking the tables themselves: [`Benchmark::verify`]), [`read`] (case files:
//! records → cases), [`check`] (judging cases: [`Benchmark::check`], [`Benchmark::allowed`]),
//! [`audit`] (similar cases handled inconsistently). With the `proptest` feature,
//! `discretion::proptest` holds strategies and invariant helpers for property-testing tables
//! (`docs/PROPERTY-TESTING.md`); [`Benchmark::write_file`] writes a loaded table back as YAML.
//! Table format: `docs/FORMAT.md`; verification codes: `docs/DIAGNOSTICS.md`; case findings:
//! `docs/CASES.md`; every limit on input: `docs/LIMITS.md`.
//!
//! # What an embedder needs to know
//!
//! - **Rules.** [`Benchmark::from_path`] loads a directory of tables; with the `embedded-rules`
//!   feature, `Benchmark::shipped()` gives the tables of `rules/` compiled into this version of
//!   the crate (so a new version may change them: pin the version, or load your own files).
//!   A [`Benchmark`] is `Send + Sync` and cheap to clone; check cases from many threads at once.
//! - **Verdicts.** [`Verdict::Compliant`](check::Verdict::Compliant) means nothing found among
//!   the checks made. A check the case lacks the data for is not made and is a note (`C027`);
//!   where its outcome decides whether the penalty is lawful at all (a mandatory exemption or
//!   a ground for not penalising that may apply, Art. 37 without a decision date, a provision
//!   a suspension may lift) it is `C041` and the case is
//!   [`Verdict::Incomplete`](check::Verdict::Incomplete). Both are listed by
//!   [`Assessment::checks_not_made`](check::Assessment::checks_not_made): a legal review reads
//!   them with the verdict. Each finding has a stable code ([`check::CaseCheck`], `docs/CASES.md`)
//!   and its message in English and Chinese (`Finding::message(Lang)`).
//! - **Results borrow the rules.** An [`Assessment`](check::Assessment) or an
//!   [`Allowed`](check::Allowed) refers into the `Benchmark` it came from; serialise it (the
//!   `check::report` rows, schema-versioned) to keep it past the rules.
//! - **Batches.** [`Benchmark::check_all`] checks a slice on several threads; the
//!   [`audit::Auditor`] collects assessed cases and finds similar cases handled inconsistently
//!   (`docs/AUDIT.md`), its report `Serialize`.
//! - **Features.** `default = ["cli", "embedded-rules"]`; a library user sets
//!   `default-features = false` (no CLI dependencies) and adds `embedded-rules`, `json` (JSON
//!   Lines records) or `proptest` as needed.

#![forbid(unsafe_code)]
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing))]

pub mod audit;
pub mod check;
mod date;
pub mod generate;
#[cfg(feature = "proptest")]
pub mod proptest;
pub mod read;
pub mod table;
pub mod verify;

pub use date::{Date, DateError};
pub use rust_decimal::Decimal;
pub use table::{Benchmark, LoadError};

/// The README's Rust examples, compiled and run with the doctests so that they stay true (one
/// used `?` on an error that borrowed the rules, which cannot become a `Box<dyn Error>`).
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeExamples;
