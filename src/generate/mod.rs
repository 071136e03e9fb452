//! Deterministic synthetic rules and cases, for benchmarks, load tests and demonstrations.
//!
//! Real tables are few and real case files are private, but performance and the consistency
//! audit must be measured on millions of rows. This module makes both from a seed: the same
//! seed gives the same bytes on every machine, so a figure in `BENCHMARKS.md` can be
//! reproduced and a test can assert on exact counts.
//!
//! * [`SyntheticRules`] writes a complete rules document (facts, statutes, one table) of any
//!   number of violations and levels, in realistic shapes — tiers on an amount, a two-axis
//!   matrix, a per-day fine, a multiple of illegal gains — and keeps the same table as plain
//!   data ([`SyntheticRules::band`]), a hand-written reference the library can be compared with.
//! * [`CaseGenerator`] draws cases for those rules: most decided inside their band, a chosen
//!   share outside it, as [`SyntheticCase`] records that become a [`Case`](crate::check::Case),
//!   a CSV row or a JSON line.
//! * [`AuditScenario`] makes a batch for the consistency audit with inconsistencies planted —
//!   outliers, near-identical pairs, an over-harsh unit, mischaracterisations — and says which.
//!
//! ```
//! use discretion::generate::{CaseGenerator, Shapes, SyntheticRules};
//! use discretion::check::Verdict;
//!
//! let spec = SyntheticRules { violations: 8, levels: 4, shapes: Shapes::Mixed };
//! let rules = spec.load().unwrap();
//! let mut cases = CaseGenerator::new(&spec, 42);
//! for _ in 0..100 {
//!     let c = cases.next_case();
//!     let verdict = rules.check(&c.to_case(&spec)).verdict;
//!     // The library and the plain reference agree on every generated case.
//!     assert_eq!(verdict == Verdict::Compliant, spec.band(&c).contains(c.fine));
//! }
//! ```

mod audit;
mod cases;
mod rng;
mod tables;

pub use audit::{AuditCases, AuditScenario, Planted};
pub use cases::{CSV_HEADER, CaseGenerator, SyntheticCase};
pub use rng::Rng;
pub use tables::{PlainBand, Shape, Shapes, SyntheticRules};
