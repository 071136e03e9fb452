//! Cell-level order consistency: along a chain of ordered levels (minor → ordinary → serious),
//! penalties should not go down.
//!
//! `consistency.md` (a): fit the cell medians with weighted isotonic regression ([`pava`],
//! weight = n) and flag a strictly worse cell whose median is lower by more than half a band
//! width when both cells have n ≥ 20 ([`violations`]). The audit flags by [`violations`], on the
//! levels' own medians: every inverted pair of a chain is named. The fit is here for a caller who
//! wants the trend the data support (which adjacent levels are indistinguishable); the audit's
//! report does not carry it.

/// Minimum cases in each of two cells before an inversion between them is flagged: 20.
/// Heuristic default from `consistency.md`.
pub const MIN_N: u64 = 20;

/// How much lower a worse cell's median must be before it is flagged: half a band width
/// (`500_000.0` micro-units). Heuristic default from `consistency.md`.
pub const MARGIN: f64 = 500_000.0;

/// A run of pooled points: weighted sum, weight, plain sum and count.
#[derive(Clone, Copy)]
struct Block {
    weighted: f64,
    weight: f64,
    plain: f64,
    len: usize,
}

impl Block {
    /// Weighted mean; the plain mean when the block has no weight at all.
    fn mean(&self) -> f64 {
        if self.weight > 0.0 { self.weighted / self.weight } else { self.plain / self.len as f64 }
    }

    fn absorb(&mut self, other: Block) {
        self.weighted += other.weighted;
        self.weight += other.weight;
        self.plain += other.plain;
        self.len = self.len.saturating_add(other.len);
    }
}

/// Weighted pool-adjacent-violators: the non-decreasing sequence closest to `values` in
/// weighted least squares (weight = the cell's n in the audit).
///
/// Returns one fitted value per input value. Adjacent values that violate the order are pooled
/// into blocks taking their weighted mean. O(n) time (each point is pushed once and merged at
/// most once). Weights that are missing (`weights` shorter than `values`), negative, zero, NaN
/// or infinite count as 0; a point of weight 0 takes the value of the block it falls in, and a
/// block with no weight at all takes the plain mean. Values should be finite; a NaN stays in
/// its block.
///
/// ```
/// use discretion::audit::isotonic::pava;
/// assert_eq!(pava(&[1.0, 3.0, 2.0, 4.0], &[1.0; 4]), [1.0, 2.5, 2.5, 4.0]);
/// assert_eq!(pava(&[1.0, 3.0, 2.0], &[1.0, 1.0, 3.0]), [1.0, 2.25, 2.25]);
/// ```
pub fn pava(values: &[f64], weights: &[f64]) -> Vec<f64> {
    let mut blocks: Vec<Block> = Vec::new();
    for (i, &value) in values.iter().enumerate() {
        let weight = weights.get(i).copied().filter(|w| w.is_finite() && *w > 0.0).unwrap_or(0.0);
        let mut block = Block { weighted: weight * value, weight, plain: value, len: 1 };
        while let Some(previous) = blocks.last().copied() {
            if previous.mean() <= block.mean() {
                break;
            }
            blocks.pop();
            let mut pooled = previous;
            pooled.absorb(block);
            block = pooled;
        }
        blocks.push(block);
    }
    blocks.iter().flat_map(|b| std::iter::repeat_n(b.mean(), b.len)).collect()
}

/// Cell-level inversions along a chain ordered from least to most serious: every pair
/// (i, j), i < j (cell j is strictly worse), where both cells have at least `min_n` cases and
/// `medians[j] < medians[i] − margin`.
///
/// With the defaults [`MIN_N`] and [`MARGIN`] this is the flag of `consistency.md` (a). Pairs
/// come sorted by (i, j). Only indexes present in both `medians` and `weights` are considered;
/// NaN medians never invert. Chains are short (a handful of levels), so every pair is checked:
/// O(L²) for L levels, which is also the largest possible output.
///
/// ```
/// use discretion::audit::isotonic::{violations, MARGIN, MIN_N};
/// // The serious cell (index 2) sits far below the minor one (index 0).
/// let medians = [800_000.0, 600_000.0, 200_000.0];
/// assert_eq!(violations(&medians, &[40, 5, 30], MIN_N, MARGIN), [(0, 2)]);
/// ```
pub fn violations(medians: &[f64], weights: &[u64], min_n: u64, margin: f64) -> Vec<(usize, usize)> {
    let eligible: Vec<(usize, f64)> = medians
        .iter()
        .zip(weights)
        .enumerate()
        .filter(|&(_, (m, &w))| w >= min_n && !m.is_nan())
        .map(|(i, (&m, _))| (i, m))
        .collect();
    let mut out = Vec::new();
    for (pos, &(i, lower)) in eligible.iter().enumerate() {
        for &(j, higher) in eligible.iter().skip(pos.saturating_add(1)) {
            if higher < lower - margin {
                out.push((i, j));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::testing::Rng;

    fn sse(fit: &[f64], values: &[f64], weights: &[f64]) -> f64 {
        fit.iter().zip(values).zip(weights).map(|((f, v), w)| w * (f - v) * (f - v)).sum()
    }

    #[test]
    fn edges() {
        assert!(pava(&[], &[]).is_empty());
        assert_eq!(pava(&[5.0], &[0.0]), [5.0]);
        assert_eq!(pava(&[2.0, 2.0, 2.0], &[1.0, 1.0, 1.0]), [2.0; 3]);
        assert_eq!(pava(&[3.0, 2.0, 1.0], &[1.0, 1.0, 1.0]), [2.0; 3]);
        // Missing and invalid weights count as zero; a weightless block takes the plain mean.
        assert_eq!(pava(&[3.0, 1.0], &[]), [2.0, 2.0]);
        assert_eq!(pava(&[3.0, 1.0], &[f64::NAN, -1.0]), [2.0, 2.0]);
        assert_eq!(pava(&[3.0, 1.0], &[f64::INFINITY, 2.0]), [1.0, 1.0]);
        assert_eq!(pava(&[3.0, 1.0], &[2.0, 0.0]), [3.0, 3.0]);
        let huge = f64::MAX / 4.0;
        let fit = pava(&[huge, -huge], &[1.0, 1.0]);
        assert!(fit.iter().all(|f| f.is_finite()));
    }

    /// Brute force for small n: the best non-decreasing fit is constant on blocks of a
    /// partition into consecutive runs; try every partition with non-decreasing means.
    fn brute_force(values: &[f64], weights: &[f64]) -> f64 {
        let n = values.len();
        let mut best = f64::INFINITY;
        for cuts in 0u32..(1 << (n - 1)) {
            let mut fit = Vec::new();
            let mut start = 0;
            for end in 1..=n {
                if end == n || cuts & (1 << (end - 1)) != 0 {
                    let w: f64 = weights[start..end].iter().sum();
                    let mean = values[start..end].iter().zip(&weights[start..end]).map(|(v, w)| v * w).sum::<f64>() / w;
                    fit.extend(std::iter::repeat_n(mean, end - start));
                    start = end;
                }
            }
            if fit.windows(2).all(|p| p[0] <= p[1] + 1e-12) {
                best = best.min(sse(&fit, values, weights));
            }
        }
        best
    }

    #[test]
    fn pava_is_optimal_on_random_data() {
        let mut rng = Rng(7);
        for _ in 0..400 {
            let n = 1 + rng.below(9) as usize;
            let values: Vec<f64> = (0..n).map(|_| rng.range(-5, 5) as f64).collect();
            let weights: Vec<f64> = (0..n).map(|_| 1.0 + rng.below(30) as f64).collect();
            let fit = pava(&values, &weights);
            assert_eq!(fit.len(), n);
            assert!(fit.windows(2).all(|p| p[0] <= p[1]), "{values:?} → {fit:?}");
            let got = sse(&fit, &values, &weights);
            let want = brute_force(&values, &weights);
            assert!((got - want).abs() <= 1e-9 * want.max(1.0), "{values:?} {weights:?}: {got} vs {want}");
        }
    }

    #[test]
    fn violation_rules() {
        assert!(violations(&[], &[], MIN_N, MARGIN).is_empty());
        assert!(violations(&[1.0], &[100], MIN_N, MARGIN).is_empty());
        // Exactly the margin lower is not flagged; one more is.
        assert!(violations(&[900_000.0, 400_000.0], &[20, 20], MIN_N, MARGIN).is_empty());
        assert_eq!(violations(&[900_000.0, 399_999.0], &[20, 20], MIN_N, MARGIN), [(0, 1)]);
        // Too few cases on either side.
        assert!(violations(&[900_000.0, 0.0], &[19, 20], MIN_N, MARGIN).is_empty());
        assert!(violations(&[900_000.0, 0.0], &[20, 19], MIN_N, MARGIN).is_empty());
        // Missing weights and NaN medians are skipped.
        assert!(violations(&[900_000.0, 0.0], &[20], MIN_N, MARGIN).is_empty());
        assert!(violations(&[f64::NAN, 0.0], &[20, 20], MIN_N, MARGIN).is_empty());
        // Pairs need not be adjacent; all are listed in order.
        let medians = [1_000_000.0, 900_000.0, 100_000.0, 0.0];
        assert_eq!(violations(&medians, &[50; 4], MIN_N, MARGIN), [(0, 2), (0, 3), (1, 2), (1, 3)]);
    }

    #[test]
    fn violations_match_definition_on_random_data() {
        let mut rng = Rng(11);
        for _ in 0..200 {
            let n = rng.below(8) as usize;
            let medians: Vec<f64> = (0..n).map(|_| rng.range(-1_000_000, 2_000_000) as f64).collect();
            let weights: Vec<u64> = (0..n).map(|_| rng.below(40)).collect();
            let mut want = Vec::new();
            for i in 0..n {
                for j in i + 1..n {
                    if weights[i] >= MIN_N && weights[j] >= MIN_N && medians[j] < medians[i] - MARGIN {
                        want.push((i, j));
                    }
                }
            }
            assert_eq!(violations(&medians, &weights, MIN_N, MARGIN), want);
        }
    }
}
