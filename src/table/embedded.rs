//! The tables shipped in the crate's `rules/` directory, compiled into the library (cargo
//! feature `embedded-rules`, on by default), so that a program needs no files beside it.

include!(concat!(env!("OUT_DIR"), "/embedded_rules.rs"));

use super::{Benchmark, LoadError};

impl Benchmark {
    /// The tables of `rules/` as shipped with this version of the crate.
    ///
    /// ```
    /// let rules = discretion::Benchmark::shipped().unwrap();
    /// assert!(rules.violation("gd-env.2.7.1").is_some());
    /// ```
    pub fn shipped() -> Result<Benchmark, LoadError> {
        Benchmark::from_sources(EMBEDDED_RULES.iter().copied())
    }

    /// The shipped files themselves: `(path relative to the crate, text)`, in path order.
    pub fn shipped_files() -> &'static [(&'static str, &'static str)] {
        EMBEDDED_RULES
    }
}
