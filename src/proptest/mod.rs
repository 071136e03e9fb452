//! Property testing for rule tables (feature `proptest`): strategies that draw facts, cases and
//! whole tables, and invariant helpers to call in your own properties. `docs/PROPERTY-TESTING.md`
//! teaches it with a complete example.
//!
//! A table author keeps tables in git and wants every edit proven sound, not spot-checked. The
//! strategies know the table: they draw each fact from its declared domain, sit on every edge a
//! condition names and one step either side, and make cases whose fines sit inside, at and just
//! outside the band. When a property fails, proptest shrinks the input towards the smallest
//! fact vector that still fails.
//!
//! | for a loaded table | draws |
//! | --- | --- |
//! | [`facts`] | fact vectors over every fact a violation reads |
//! | [`boundary_facts`] | fact vectors on and next to every condition edge |
//! | [`level_facts`] | fact vectors that land in one level |
//! | [`cases`] | whole cases: dates in force, a party, a fine in, at or just outside the band |
//!
//! | invariant | holds when |
//! | --- | --- |
//! | [`exactly_one_level`] | the facts decide one level (or the declared overlap resolves) |
//! | [`never_lower_max`] | one step heavier along a fact never lowers the allowed maximum |
//! | [`allowed_agrees_with_check`] | `allowed` and `check` use one band |
//! | [`band_inside_statute`] | the table's band lies inside the statute in force |
//!
//! For tools built on the library, [`tables`] draws whole tables of every shape as
//! [`TableSpec`]s that write themselves as YAML.
//!
//! ```
//! use discretion::{Benchmark, check::Case, proptest::{exactly_one_level, never_lower_max, facts}};
//! use proptest::prelude::*;
//!
//! let rules = Benchmark::from_path(concat!(env!("CARGO_MANIFEST_DIR"), "/rules")).unwrap();
//! proptest!(ProptestConfig::with_cases(100), |(f in facts(&rules, "gd-env.2.7.1").unwrap())| {
//!     let mut case = Case::new("P", "gd-env.2.7.1");
//!     case.act_ended = "2022-06-01".parse().ok();
//!     case.facts = f;
//!     exactly_one_level(&rules, &case)?;
//!     never_lower_max(&rules, &case, "water_exceedance")?;
//! });
//! ```

mod facts;
mod invariants;
mod tables;

pub use facts::{KitError, MAX_REPRESENTATIVES, boundary_facts, cases, facts, level_facts};
pub use invariants::{allowed_agrees_with_check, band_inside_statute, exactly_one_level, never_lower_max};
pub use tables::{BandSpec, ConditionSpec, SchemeSpec, StatuteSpec, TableSpec, schemes, tables};
