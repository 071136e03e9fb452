//! Statistical primitives for the consistency audit (同案不同罚: similar cases, different
//! penalties), following `consistency.md`.
//!
//! Pure algorithms on fixed-point numbers, no I/O and no table model: robust location and
//! scale, tests and multiple-testing control ([`stats`]), near-identical pairs ([`pairs`]),
//! monotonicity along ordered levels ([`isotonic`] for cells, [`inversions`] for cases) and
//! nearest peers ([`neighbours`]). Which cases are compared, and how findings are worded, is
//! decided by the orchestration layer built on top. Every threshold offered here is a
//! *heuristic default*, configurable by the caller, never a legal rule.

pub mod inversions;
pub mod isotonic;
pub mod neighbours;
pub mod pairs;
pub mod stats;

#[cfg(test)]
pub(crate) mod testing {
    /// Deterministic xorshift64* generator for randomised brute-force comparisons.
    pub(crate) struct Rng(pub(crate) u64);

    impl Rng {
        pub(crate) fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
        }

        /// Uniform-ish in 0..n (n > 0).
        pub(crate) fn below(&mut self, n: u64) -> u64 {
            self.next() % n
        }

        /// Uniform-ish in lo..=hi.
        pub(crate) fn range(&mut self, lo: i64, hi: i64) -> i64 {
            let span = (i128::from(hi) - i128::from(lo) + 1) as u128;
            (i128::from(lo) + (u128::from(self.next()) % span) as i128) as i64
        }
    }
}
