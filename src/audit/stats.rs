//! Robust location and scale, the exact sign test, Benjamini–Hochberg and shrinkage.
//!
//! Positions are fixed-point `i64` in micro-units: [`UNIT`] (1,000,000) is 1.0, the top of the
//! band, 0 its bottom; values below 0 or above [`UNIT`] lie outside the band and may be large.
//! Every `f64` returned here is in the **same micro-units** as its input (a median of
//! `[0, 1_000_000]` is `500_000.0`); only z-scores and p-values are dimensionless.
//!
//! Every threshold below is a *heuristic default* from `consistency.md`, never law.

use std::cmp::Ordering;

/// One band width in fixed point: position 1.0 (top of the band) is `UNIT` micro-units.
pub const UNIT: i64 = 1_000_000;

/// Factor turning a MAD into a standard-deviation estimate for normal data (1/Φ⁻¹(3/4)).
pub const MAD_TO_SD: f64 = 1.4826;

/// Smallest scale share of the band width: 5% (`50_000.0` micro-units). Heuristic default from
/// `consistency.md`: with integer amounts and many ties the MAD is often 0, and a zero scale
/// would turn every small difference into an infinite z.
pub const SCALE_FLOOR: f64 = 0.05 * UNIT as f64;

/// |z| above which a case is sent for review: 3.5 (Iglewicz–Hoaglin). Heuristic default.
pub const REVIEW_Z: f64 = 3.5;

/// |z| above which a flag is "strong": 5 (1.65% flagged at 5 on real data). Heuristic default.
pub const STRONG_Z: f64 = 5.0;

/// Tukey fence multiplier for the cross-check: 3 ("far out"). Heuristic default.
pub const TUKEY_K: f64 = 3.0;

/// False discovery rate for the unit-disparity tests: q = 0.05. Heuristic default.
pub const FDR_Q: f64 = 0.05;

/// Pseudo-count of the shrunk unit effect Δp·n/(n + 20). Heuristic default.
pub const PRIOR_N: u64 = 20;

/// Largest n for which [`sign_test`] sums the binomial tail exactly; above it the normal
/// approximation with continuity correction is used. At the switch the two agree to 1e-5
/// relative for p ≥ 1e-15 (the approximation's own error, ≈ z·(z³ − 3z)/(12n)).
pub const SIGN_TEST_EXACT_MAX_N: u64 = 100_000_000;

/// Type 7 sample quantile (Hyndman & Fan; the default of R and NumPy): with the values sorted
/// as x₀ ≤ … ≤ xₙ₋₁ and h = q·(n − 1), the result is x⌊h⌋ + (h − ⌊h⌋)·(x⌊h⌋₊₁ − x⌊h⌋).
///
/// Used for quartiles (Tukey fences) and the kNN [P10, P90] rule. Reorders `values` (selection,
/// O(n), no full sort). `None` for an empty slice or `q` outside [0, 1] (or NaN).
///
/// ```
/// use discretion::audit::stats::percentile;
/// let mut v = [40, 10, 30, 20];
/// assert_eq!(percentile(&mut v, 0.5), Some(25.0));
/// assert_eq!(percentile(&mut v, 0.25), Some(17.5));
/// ```
pub fn percentile(values: &mut [i64], q: f64) -> Option<f64> {
    type7(values, q, Ord::cmp, |lo, hi, frac| lo as f64 + frac * (i128::from(hi) - i128::from(lo)) as f64)
}

/// Median: the middle value, or the average of the two middle values for even n (type 7 at 0.5).
///
/// The centre of a comparison group in the within-group robust outlier rule. O(n) by selection;
/// reorders `values`; `None` when empty. Exact in `f64` for |values| ≤ 2⁵²; never overflows.
///
/// ```
/// use discretion::audit::stats::median;
/// assert_eq!(median(&mut [3, 1, 2]), Some(2.0));
/// assert_eq!(median(&mut [4, 1, 3, 2]), Some(2.5));
/// assert_eq!(median(&mut []), None);
/// ```
pub fn median(values: &mut [i64]) -> Option<f64> {
    percentile(values, 0.5)
}

/// Median absolute deviation from `median`: median(|v − median|), in the units of `values`.
///
/// The robust spread of a group; [`Scale`] turns it into a standard-deviation estimate with a
/// floor. O(n) time with an O(n) scratch buffer. `None` when empty or `median` is not finite.
/// Deviations are computed in `f64` (exact for |values| ≤ 2⁵², never overflowing).
///
/// ```
/// use discretion::audit::stats::{mad, median};
/// let mut v = [1, 2, 3, 4, 100];
/// let m = median(&mut v).unwrap();
/// assert_eq!(mad(&v, m), Some(1.0));
/// ```
pub fn mad(values: &[i64], median: f64) -> Option<f64> {
    if !median.is_finite() {
        return None;
    }
    let mut deviations: Vec<f64> = values.iter().map(|&v| (v as f64 - median).abs()).collect();
    type7(&mut deviations, 0.5, f64::total_cmp, |lo, hi, frac| lo + frac * (hi - lo))
}

/// The type 7 quantile of `values` under `cmp`, interpolated by `lerp(x⌊h⌋, x⌊h⌋₊₁, frac)`.
fn type7<T: Copy>(
    values: &mut [T],
    q: f64,
    cmp: impl Fn(&T, &T) -> Ordering + Copy,
    lerp: impl Fn(T, T, f64) -> f64,
) -> Option<f64> {
    let last = values.len().checked_sub(1)?;
    if !(0.0..=1.0).contains(&q) {
        return None;
    }
    let h = q * last as f64;
    let lo = (h.floor() as usize).min(last);
    let frac = h - lo as f64;
    let (_, &mut x_lo, upper) = values.select_nth_unstable_by(lo, cmp);
    let x_hi = if frac > 0.0 { upper.iter().copied().min_by(cmp).unwrap_or(x_lo) } else { x_lo };
    Some(lerp(x_lo, x_hi, frac))
}

/// The robust scale of a group: s = max(1.4826·MAD, floor).
///
/// `consistency.md` sets floor = max(5% of the band width, one currency unit as a share of
/// the band width) — see [`Scale::default_floor`] — because integer amounts produce ties and
/// a MAD of 0. Both fields are in micro-units.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Scale {
    /// Median absolute deviation of the group's positions.
    pub mad: f64,
    /// Smallest scale allowed.
    pub floor: f64,
}

impl Scale {
    /// A scale from a MAD and a floor (both in micro-units).
    pub fn new(mad: f64, floor: f64) -> Scale {
        Scale { mad, floor }
    }

    /// The heuristic default floor max(5% of the band, `one_unit_share`), where
    /// `one_unit_share` is one currency unit (or one day, one point…) divided by the effective
    /// band width, in micro-units: for a band 100 yuan wide, 1 yuan is `10_000.0`.
    pub fn default_floor(one_unit_share: f64) -> f64 {
        SCALE_FLOOR.max(one_unit_share)
    }

    /// s = max(1.4826·MAD, floor): the divisor of [`robust_z`].
    pub fn value(self) -> f64 {
        (MAD_TO_SD * self.mad).max(self.floor)
    }

    /// Whether the floor, not the data, set the scale (worth saying in an explanation).
    pub fn floored(self) -> bool {
        self.floor > MAD_TO_SD * self.mad
    }
}

/// Robust z-score z = (p − median)/scale (Iglewicz–Hoaglin modified z when `scale` is
/// [`Scale::value`]); compare |z| with [`REVIEW_Z`] and [`STRONG_Z`].
///
/// Plain IEEE arithmetic, never panics: a zero scale gives ±∞ (or NaN when p = median), which
/// is why callers floor the scale with [`Scale`].
///
/// ```
/// use discretion::audit::stats::{robust_z, Scale};
/// let s = Scale::new(0.0, Scale::default_floor(10_000.0));
/// assert_eq!(robust_z(700_000, 500_000.0, s.value()), 4.0);
/// ```
pub fn robust_z(p: i64, median: f64, scale: f64) -> f64 {
    (p as f64 - median) / scale
}

/// Lower and upper quartiles (type 7, see [`percentile`]) — the inputs of [`tukey_fences`].
///
/// Reorders `values`; O(n); `None` when empty.
///
/// ```
/// use discretion::audit::stats::quartiles;
/// assert_eq!(quartiles(&mut [1, 2, 3, 4, 5]), Some((2.0, 4.0)));
/// ```
pub fn quartiles(values: &mut [i64]) -> Option<(f64, f64)> {
    Some((percentile(values, 0.25)?, percentile(values, 0.75)?))
}

/// Tukey fences (q1 − k·IQR, q3 + k·IQR), IQR = q3 − q1; the cross-check of the robust z with
/// k = [`TUKEY_K`] ("far out").
///
/// ```
/// use discretion::audit::stats::tukey_fences;
/// assert_eq!(tukey_fences(2.0, 4.0, 3.0), (-4.0, 10.0));
/// ```
pub fn tukey_fences(q1: f64, q3: f64, k: f64) -> (f64, f64) {
    let iqr = q3 - q1;
    (q1 - k * iqr, q3 + k * iqr)
}

/// Exact two-sided sign test: the p-value of `above` cases above and `below` cases below a
/// reference (ties excluded by the caller) under Binomial(n, ½), n = above + below.
///
/// This is the unit-disparity test of `consistency.md`: a unit's cases above vs below the cell
/// median. p = min(1, 2·P(X ≤ min(above, below))); `sign_test(0, 0)` is 1.
///
/// For n ≤ [`SIGN_TEST_EXACT_MAX_N`] the tail is summed exactly in log space: the largest tail
/// term P(X = k) comes from Loader's saddle-point formula (Stirling's series with the
/// deviance `bd0`, accurate to ~1e-15 relative for every n), and the other terms are summed
/// relative to it by the ratio P(i − 1)/P(i) = i/(n − i + 1) until they stop mattering
/// (a log-sum-exp anchored at the maximum; at most ~45,000 terms at n = 10⁸). Above the switch,
/// the normal approximation with continuity correction, z = (|above − below| − 1)/√n.
///
/// ```
/// use discretion::audit::stats::sign_test;
/// assert!((sign_test(0, 10) - 2.0 / 1024.0).abs() < 1e-15);
/// assert!((sign_test(9, 1) - 22.0 / 1024.0).abs() < 1e-15);
/// assert_eq!(sign_test(5, 5), 1.0);
/// ```
pub fn sign_test(above: u64, below: u64) -> f64 {
    let (k, big) = if above <= below { (above, below) } else { (below, above) };
    match k.checked_add(big) {
        Some(n) if n <= SIGN_TEST_EXACT_MAX_N => exact_sign_test(k, n),
        _ => normal_sign_test(k, big),
    }
}

/// min(1, 2·P(X ≤ k)) for X ~ Binomial(n, ½), k ≤ n/2, by exact summation.
fn exact_sign_test(k: u64, n: u64) -> f64 {
    if n == 0 {
        return 1.0;
    }
    let nf = n as f64;
    // Terms relative to P(X = k); they decrease going down because k ≤ n/2.
    let mut term = 1.0_f64;
    let mut sum = 1.0_f64;
    let mut i = k;
    while i > 0 {
        let fi = i as f64;
        term *= fi / (nf - fi + 1.0);
        sum += term;
        if term <= sum * 1e-17 {
            break;
        }
        i -= 1;
    }
    (2.0 * (ln_pmf_half(k, n) + sum.ln()).exp()).min(1.0)
}

/// min(1, 2·Q(z)), z = (big − k − 1)/√n: the continuity-corrected normal approximation.
fn normal_sign_test(k: u64, big: u64) -> f64 {
    let n = k as f64 + big as f64;
    let z = ((big - k) as f64 - 1.0) / n.sqrt();
    if z <= 0.0 {
        return 1.0;
    }
    (2.0 * ln_normal_upper(z).exp()).min(1.0)
}

const LN_2PI: f64 = 1.837_877_066_409_345_5;

/// ln P(X = k) for X ~ Binomial(n, ½), 0 ≤ k ≤ n (Loader 2000, as in R's `dbinom_raw`).
fn ln_pmf_half(k: u64, n: u64) -> f64 {
    let nf = n as f64;
    if k == 0 || k == n {
        return -nf * std::f64::consts::LN_2;
    }
    let x = k as f64;
    let y = nf - x;
    let half = nf * 0.5;
    let lc = stirlerr(nf) - stirlerr(x) - stirlerr(y) - bd0(x, half) - bd0(y, half);
    // ln(2π·x·(n − x)/n)
    let lf = LN_2PI + x.ln() + (-x / nf).ln_1p();
    lc - 0.5 * lf
}

/// Stirling's error ln(n!) − ln(√(2πn)·(n/e)ⁿ) for a whole number n ≥ 1.
fn stirlerr(n: f64) -> f64 {
    if n <= 15.0 {
        // n! ≤ 15! < 2⁵³ is exact in f64.
        let mut factorial = 1.0_f64;
        let mut i = 2.0;
        while i <= n {
            factorial *= i;
            i += 1.0;
        }
        factorial.ln() - (n + 0.5) * n.ln() + n - 0.5 * LN_2PI
    } else {
        const S0: f64 = 1.0 / 12.0;
        const S1: f64 = 1.0 / 360.0;
        const S2: f64 = 1.0 / 1260.0;
        const S3: f64 = 1.0 / 1680.0;
        const S4: f64 = 1.0 / 1188.0;
        let nn = n * n;
        (S0 - (S1 - (S2 - (S3 - S4 / nn) / nn) / nn) / nn) / n
    }
}

/// The deviance term x·ln(x/np) + np − x, without cancellation when x ≈ np.
fn bd0(x: f64, np: f64) -> f64 {
    if (x - np).abs() < 0.1 * (x + np) {
        let mut v = (x - np) / (x + np);
        let mut s = (x - np) * v;
        let mut ej = 2.0 * x * v;
        v *= v;
        let mut j = 1.0;
        while j < 1000.0 {
            ej *= v;
            let next = s + ej / (2.0 * j + 1.0);
            if next == s {
                return next;
            }
            s = next;
            j += 1.0;
        }
        s
    } else {
        x * (x / np).ln() + np - x
    }
}

/// ln Q(z) = ln P(Z > z) for z ≥ 0: a positive series below 3, the Mills-ratio continued
/// fraction above (no cancellation, no underflow of the logarithm).
fn ln_normal_upper(z: f64) -> f64 {
    let ln_density = -0.5 * z * z - 0.5 * LN_2PI;
    if z < 3.0 {
        // Φ(z) − ½ = φ(z)·Σ z^(2m+1)/(1·3·…·(2m+1)) (Marsaglia 2004).
        let mut term = z;
        let mut sum = z;
        let mut m = 1.0;
        while term > sum * 1e-17 {
            term *= z * z / (2.0 * m + 1.0);
            sum += term;
            m += 1.0;
        }
        (0.5 - ln_density.exp() * sum).ln()
    } else {
        // Q(z)/φ(z) = 1/(z + 1/(z + 2/(z + 3/(z + …)))), evaluated backwards.
        let mut tail = z;
        let mut j = 200.0;
        while j >= 1.0 {
            tail = z + j / tail;
            j -= 1.0;
        }
        ln_density - tail.ln()
    }
}

/// Benjamini–Hochberg step-up: which hypotheses are rejected at false discovery rate `q`
/// (`consistency.md`: q = [`FDR_Q`] across all unit × cell tests of a run). Their adjusted
/// p-values ([`benjamini_hochberg_adjusted`]) are at most `q` but for the last bit: the step-up
/// compares p₍ᵣ₎ with r·q/m, as defined, so three p-values of exactly 0.05 are rejected at 0.05
/// (0.05·3/3 is 0.05000000000000001 in binary).
///
/// `result[i]` answers `p_values[i]`, so the input order does not matter. With m tests and the
/// p-values sorted, r is the largest rank with p₍ᵣ₎ ≤ r·q/m, and every p ≤ p₍ᵣ₎ is rejected (tied
/// p-values are all rejected or all kept). NaN p-values count among the m tests but are never
/// rejected (conservative). Nothing is rejected when `q` is not positive. O(m log m).
///
/// ```
/// use discretion::audit::stats::benjamini_hochberg;
/// assert_eq!(benjamini_hochberg(&[0.04, 0.001, 0.03, 0.5], 0.05), [false, true, false, false]);
/// ```
pub fn benjamini_hochberg(p_values: &[f64], q: f64) -> Vec<bool> {
    let mut rejected = vec![false; p_values.len()];
    if q.is_nan() || q <= 0.0 {
        return rejected;
    }
    let mut sorted: Vec<f64> = p_values.iter().copied().filter(|p| !p.is_nan()).collect();
    sorted.sort_unstable_by(f64::total_cmp);
    let m = p_values.len() as f64;
    let cutoff = sorted.iter().enumerate().rev().find(|&(i, &p)| p <= (i as f64 + 1.0) * q / m).map(|(_, &p)| p);
    if let Some(cutoff) = cutoff {
        for (r, &p) in rejected.iter_mut().zip(p_values) {
            *r = p <= cutoff;
        }
    }
    rejected
}

/// Benjamini–Hochberg adjusted p-values (q-values): the smallest false discovery rate at which
/// each hypothesis would be rejected — min over ranks j ≥ its own of p₍ⱼ₎·m/j, at most 1, with
/// m the number of tests. A test is rejected at rate q when its value is at most q (but for the
/// last bit: see [`benjamini_hochberg`]), which is why a p of 0.041 passes in a run of two tests
/// and not in a run of four. `result[i]` answers `p_values[i]`; NaN stays NaN (counted
/// among the m tests). O(m log m).
///
/// ```
/// use discretion::audit::stats::benjamini_hochberg_adjusted;
/// let q = benjamini_hochberg_adjusted(&[0.04, 0.001, 0.03, 0.5]);
/// assert_eq!(q.iter().map(|x| (x * 1e4).round() / 1e4).collect::<Vec<_>>(), [0.0533, 0.004, 0.0533, 0.5]);
/// ```
pub fn benjamini_hochberg_adjusted(p_values: &[f64]) -> Vec<f64> {
    let m = p_values.len() as f64;
    let mut order: Vec<(f64, usize)> =
        p_values.iter().copied().enumerate().filter(|(_, p)| !p.is_nan()).map(|(i, p)| (p, i)).collect();
    order.sort_unstable_by(|a, b| a.0.total_cmp(&b.0));
    let mut adjusted = vec![f64::NAN; p_values.len()];
    let mut least = 1.0f64;
    for (rank, &(p, i)) in order.iter().enumerate().rev() {
        least = least.min(p * m / (rank as f64 + 1.0));
        if let Some(slot) = adjusted.get_mut(i) {
            *slot = least;
        }
    }
    adjusted
}

/// A unit's effect shrunk towards 0 for small n: Δp·n/(n + prior_n), with prior_n =
/// [`PRIOR_N`] in `consistency.md`, so that ranking favours effects backed by many cases.
/// 0 when n + prior_n = 0.
///
/// ```
/// use discretion::audit::stats::shrunk_effect;
/// assert_eq!(shrunk_effect(300_000.0, 20, 20), 150_000.0);
/// ```
pub fn shrunk_effect(delta: f64, n: u64, prior_n: u64) -> f64 {
    let total = n as f64 + prior_n as f64;
    if total > 0.0 { delta * (n as f64 / total) } else { 0.0 }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::testing::Rng;

    fn close(a: f64, b: f64, rel: f64) -> bool {
        (a - b).abs() <= rel * a.abs().max(b.abs()) || a == b
    }

    /// Type 7 by full sort, the definition written out.
    fn percentile_sorted(values: &[i64], q: f64) -> f64 {
        let mut v = values.to_vec();
        v.sort_unstable();
        let h = q * (v.len() - 1) as f64;
        let lo = h.floor() as usize;
        let hi = (lo + 1).min(v.len() - 1);
        v[lo] as f64 + (h - lo as f64) * (v[hi] as f64 - v[lo] as f64)
    }

    #[test]
    fn empty_and_single() {
        assert_eq!(median(&mut []), None);
        assert_eq!(mad(&[], 0.0), None);
        assert_eq!(quartiles(&mut []), None);
        assert_eq!(percentile(&mut [], 0.5), None);
        assert_eq!(median(&mut [7]), Some(7.0));
        assert_eq!(mad(&[7], 7.0), Some(0.0));
        assert_eq!(quartiles(&mut [7]), Some((7.0, 7.0)));
        assert_eq!(percentile(&mut [7], 1.0), Some(7.0));
    }

    #[test]
    fn invalid_quantile_and_median() {
        assert_eq!(percentile(&mut [1, 2], -0.1), None);
        assert_eq!(percentile(&mut [1, 2], 1.5), None);
        assert_eq!(percentile(&mut [1, 2], f64::NAN), None);
        assert_eq!(mad(&[1, 2], f64::NAN), None);
        assert_eq!(mad(&[1, 2], f64::INFINITY), None);
    }

    #[test]
    fn all_equal_gives_zero_mad_and_the_floor() {
        let mut v = [500_000; 12];
        let m = median(&mut v).unwrap();
        assert_eq!(m, 500_000.0);
        assert_eq!(mad(&v, m), Some(0.0));
        let s = Scale::new(0.0, Scale::default_floor(1_000.0));
        assert!(s.floored());
        assert_eq!(s.value(), SCALE_FLOOR);
        assert_eq!(Scale::default_floor(80_000.0), 80_000.0);
        assert_eq!(robust_z(500_000, m, s.value()), 0.0);
        assert_eq!(robust_z(1, 0.0, 0.0), f64::INFINITY);
        let s = Scale::new(100_000.0, SCALE_FLOOR);
        assert!(!s.floored());
        assert!(close(s.value(), 148_260.0, 1e-15));
    }

    #[test]
    fn even_median_and_extremes() {
        assert_eq!(median(&mut [4, 1, 3, 2]), Some(2.5));
        assert!(median(&mut [i64::MIN, i64::MAX]).is_some_and(|m| m.abs() <= 1.0));
        assert_eq!(median(&mut [i64::MAX, i64::MAX]), Some(i64::MAX as f64));
        assert_eq!(median(&mut [i64::MIN, i64::MIN]), Some(i64::MIN as f64));
        let v = [i64::MIN, i64::MAX, 0];
        assert_eq!(mad(&v, 0.0), Some(i64::MAX as f64));
        let mut v = [i64::MIN, i64::MAX, i64::MIN, i64::MAX];
        let (q1, q3) = quartiles(&mut v).unwrap();
        assert_eq!(q1, i64::MIN as f64);
        assert_eq!(q3, i64::MAX as f64);
        let (lo, hi) = tukey_fences(q1, q3, TUKEY_K);
        assert!(lo.is_finite() && hi.is_finite() && lo < q1 && hi > q3);
    }

    #[test]
    fn percentile_matches_sorting_on_random_data() {
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        for round in 0..300 {
            let n = 1 + rng.below(40) as usize;
            let spread = if round % 3 == 0 { 5 } else { 2_000_000 };
            let values: Vec<i64> = (0..n).map(|_| rng.below(spread) as i64 - spread as i64 / 3).collect();
            for q in [0.0, 0.1, 0.25, 0.5, 0.75, 0.9, 1.0] {
                let got = percentile(&mut values.clone(), q).unwrap();
                assert!(close(got, percentile_sorted(&values, q), 1e-12), "{values:?} {q}");
            }
            let m = median(&mut values.clone()).unwrap();
            let devs: Vec<i64> = values.iter().map(|&v| (2 * v - (2.0 * m) as i64).abs()).collect();
            assert_eq!(mad(&values, m).unwrap(), percentile_sorted(&devs, 0.5) / 2.0);
        }
    }

    /// P(X ≤ k)·2 with exact integers: C(n, i) fits u128 for n ≤ 120.
    fn sign_test_exact_integers(above: u64, below: u64) -> f64 {
        let n = above + below;
        let k = above.min(below);
        let mut c: u128 = 1;
        let mut tail: u128 = 0;
        for i in 0..=k {
            if i > 0 {
                c = c * u128::from(n - i + 1) / u128::from(i);
            }
            tail += c;
        }
        (2.0 * tail as f64 / 2f64.powi(n as i32)).min(1.0)
    }

    #[test]
    fn sign_test_matches_exact_integers() {
        for n in 0..=120u64 {
            for above in 0..=n {
                let got = sign_test(above, n - above);
                let want = sign_test_exact_integers(above, n - above);
                assert!(close(got, want, 1e-13), "n={n} above={above}: {got} vs {want}");
                assert_eq!(got, sign_test(n - above, above));
            }
        }
    }

    #[test]
    fn sign_test_edges() {
        assert_eq!(sign_test(0, 0), 1.0);
        assert_eq!(sign_test(1, 0), 1.0);
        assert_eq!(sign_test(0, 1), 1.0);
        assert_eq!(sign_test(0, 1100), 0.0); // 2^-1099 underflows
        assert_eq!(sign_test(u64::MAX, 0), 0.0);
        assert_eq!(sign_test(u64::MAX, u64::MAX), 1.0);
        assert_eq!(sign_test(u64::MAX, u64::MAX - 1), 1.0);
        assert_eq!(sign_test(SIGN_TEST_EXACT_MAX_N / 2, SIGN_TEST_EXACT_MAX_N / 2), 1.0);
        let p = sign_test(u64::MAX / 2, u64::MAX / 2 - (1 << 33));
        assert!(p > 0.0 && p < 1.0, "{p}");
        // n = 10^8, 1 above: P = (n + 1)·2^-n ≈ 0 without NaN.
        assert_eq!(sign_test(1, SIGN_TEST_EXACT_MAX_N - 1), 0.0);
    }

    #[test]
    fn sign_test_monotone_in_imbalance() {
        let n = 1_000_000u64;
        let mut last = 1.0;
        for d in (0..=20_000u64).step_by(500) {
            let p = sign_test(n / 2 - d, n / 2 + d);
            assert!(p <= last, "{d}: {p} > {last}");
            last = p;
        }
        assert!(last < 1e-80);
    }

    #[test]
    fn normal_tail_known_values() {
        let q = |z: f64| ln_normal_upper(z).exp();
        for (z, want) in [
            (0.0, 0.5),
            (1.0, 0.158_655_253_931_457_05),
            (2.0, 0.022_750_131_948_179_195),
            (3.0, 1.349_898_031_630_094_6e-3),
            (5.0, 2.866_515_718_791_939e-7),
        ] {
            assert!(close(q(z), want, 1e-13), "Q({z}) = {} want {want}", q(z));
        }
        assert!(close(q(2.999_999_999), q(3.0), 1e-8));
        assert!(ln_normal_upper(1e10).is_finite());
    }

    #[test]
    fn exact_at_the_switch_matches_high_precision_reference() {
        // 2·P(X ≤ n/2 − d), n = 10⁸, summed with 40 significant digits (mpmath).
        let n = SIGN_TEST_EXACT_MAX_N;
        for (d, want) in [
            (10, 0.998_484_020_247_852_4),
            (1_000, 0.841_558_790_567_628_1),
            (30_000, 1.974_388_703_543_179e-9),
            (40_000, 1.245_198_726_221_809_4e-15),
        ] {
            let got = sign_test(n / 2 - d, n / 2 + d);
            assert!(close(got, want, 1e-12), "d={d}: {got} vs {want}");
        }
    }

    #[test]
    fn exact_and_normal_agree_at_the_switch() {
        // The remaining difference is the normal approximation's own error, about
        // z·(z³ − 3z)/(12n) relative: 1e-6 at z = 6, 3e-6 at z = 8 (p ≈ 1e-15).
        let n = SIGN_TEST_EXACT_MAX_N;
        for d in [0u64, 1, 10, 1_000, 5_000, 10_000, 20_000, 30_000, 40_000] {
            let (k, big) = (n / 2 - d, n / 2 + d);
            let exact = exact_sign_test(k, n);
            let normal = normal_sign_test(k, big);
            assert!(close(exact, normal, 1e-5), "d={d}: exact {exact} normal {normal}");
        }
        // Just above the switch the normal branch is taken and continuous with the exact one.
        let below = sign_test(n / 2 - 20_000, n / 2 + 20_000);
        let above = sign_test(n / 2 - 20_000, n / 2 + 20_001);
        assert!(above < below && close(above, below, 1e-3));
    }

    #[test]
    fn ln_pmf_is_normalised() {
        for n in [1u64, 2, 15, 16, 17, 100, 1001] {
            let total: f64 = (0..=n).map(|k| ln_pmf_half(k, n).exp()).sum();
            assert!(close(total, 1.0, 1e-13), "n={n}: {total}");
        }
    }

    #[test]
    fn benjamini_hochberg_rules() {
        assert!(benjamini_hochberg(&[], 0.05).is_empty());
        assert_eq!(benjamini_hochberg(&[0.01], 0.05), [true]);
        assert_eq!(benjamini_hochberg(&[0.05], 0.05), [true]);
        assert_eq!(benjamini_hochberg(&[0.06], 0.05), [false]);
        assert_eq!(benjamini_hochberg(&[0.0], 0.0), [false]);
        assert_eq!(benjamini_hochberg(&[0.0], f64::NAN), [false]);
        // Step-up: 0.04 ≤ 4/4·0.05 rescues every smaller p-value.
        assert_eq!(benjamini_hochberg(&[0.04, 0.03, 0.02, 0.01], 0.05), [true; 4]);
        // Ties are rejected together; NaN counts as a test and is never rejected.
        assert_eq!(benjamini_hochberg(&[0.03, 0.03, f64::NAN], 0.05), [true, true, false]);
        assert_eq!(benjamini_hochberg(&[0.03, 0.03, f64::NAN, f64::NAN], 0.05), [false; 4]);
        // At the bound exactly, as the step-up defines it (p·m/r is a bit above in binary).
        assert_eq!(benjamini_hochberg(&[0.05, 0.05, 0.05], 0.05), [true; 3]);
    }

    #[test]
    fn benjamini_hochberg_matches_definition_in_any_order() {
        let mut rng = Rng(42);
        for _ in 0..200 {
            let m = 1 + rng.below(30) as usize;
            let p: Vec<f64> = (0..m).map(|_| rng.below(21) as f64 / 200.0).collect();
            let got = benjamini_hochberg(&p, 0.05);
            // Definition: reject p_i iff some p_j ≥ p_i has rank_j·q/m ≥ p_j, rank_j = #{p ≤ p_j}.
            for (i, &pi) in p.iter().enumerate() {
                let want = p.iter().any(|&pj| {
                    let rank = p.iter().filter(|&&x| x <= pj).count() as f64;
                    pj >= pi && pj <= rank * 0.05 / m as f64
                });
                assert_eq!(got[i], want, "{p:?}");
            }
            let mut reversed = p.clone();
            reversed.reverse();
            let mut back = benjamini_hochberg(&reversed, 0.05);
            back.reverse();
            assert_eq!(back, got);
        }
    }

    /// The adjusted p-values are the definition's, in any order; a test is rejected exactly when
    /// its value is at most q.
    #[test]
    fn benjamini_hochberg_adjusted_matches_definition() {
        let mut rng = Rng(7);
        for _ in 0..200 {
            let m = 1 + rng.below(30) as usize;
            let p: Vec<f64> = (0..m).map(|_| rng.below(1001) as f64 / 1000.0).collect();
            let got = benjamini_hochberg_adjusted(&p);
            for (i, &pi) in p.iter().enumerate() {
                let want = p
                    .iter()
                    .filter(|&&pj| pj >= pi)
                    .map(|&pj| pj * m as f64 / p.iter().filter(|&&x| x <= pj).count() as f64)
                    .fold(1.0f64, f64::min);
                assert!(close(got[i], want, 1e-12), "{p:?}: {} {want}", got[i]);
            }
            // Rejected by the step-up exactly where the adjusted value is at most q (bounds no
            // ratio of these p-values can equal: never within a bit of one).
            for q in [0.014_142_135_6, 0.070_710_678_1, 0.223_606_797_7] {
                let rejected: Vec<bool> = got.iter().map(|&a| a <= q).collect();
                assert_eq!(benjamini_hochberg(&p, q), rejected, "{p:?} {q}");
            }
        }
        assert!(benjamini_hochberg_adjusted(&[f64::NAN, 0.5])[0].is_nan());
        assert_eq!(benjamini_hochberg_adjusted(&[f64::NAN, 0.5])[1], 1.0);
    }

    #[test]
    fn shrinkage() {
        assert_eq!(shrunk_effect(1.0, 0, 0), 0.0);
        assert_eq!(shrunk_effect(1.0, 0, PRIOR_N), 0.0);
        assert_eq!(shrunk_effect(-0.3, 60, 20), -0.3 * 0.75);
        assert_eq!(shrunk_effect(2.0, u64::MAX, 0), 2.0);
        assert!(shrunk_effect(1.0, u64::MAX, u64::MAX).is_finite());
    }
}
