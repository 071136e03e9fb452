//! Exact decimals as fixed-point integers: the audit keeps amounts in fen and facts with four
//! places, as `i64`, and computes positions in the band with integer arithmetic. Integer
//! arithmetic on the mantissa, because this runs for every fact of every case.

use rust_decimal::Decimal;

/// A decimal in fixed point with `scale` places (≤ 18), rounded half to even as
/// `Decimal::round` does, if it fits. Integer arithmetic on the mantissa: this runs for every
/// fact of every case.
pub(crate) fn fixed(x: Decimal, scale: u32) -> Option<i64> {
    let (m, s) = (x.mantissa(), x.scale());
    // Nearly every amount and fact: a mantissa of 64 bits with no more places than asked, in
    // 64-bit arithmetic (128-bit multiplication and powers cost several times more).
    if let (Some(places), Ok(m)) = (scale.checked_sub(s), i64::try_from(m)) {
        return POWERS_OF_TEN.get(places as usize).and_then(|&p| m.checked_mul(p));
    }
    let v = if s <= scale {
        m.checked_mul(10i128.checked_pow(scale - s)?)?
    } else {
        div_half_even(m, 10i128.checked_pow(s - scale)?)?
    };
    i64::try_from(v).ok()
}

/// Whether the fixed point of `x` with `scale` places is exact (nothing rounded away).
pub(crate) fn fixed_exact(x: Decimal, scale: u32) -> Option<i64> {
    let (m, s) = (x.mantissa(), x.scale());
    if s <= scale {
        return fixed(x, scale);
    }
    if let (Ok(m), Some(&d)) = (i64::try_from(m), POWERS_OF_TEN.get((s - scale) as usize)) {
        return (m % d == 0).then_some(m / d);
    }
    let d = 10i128.checked_pow(s - scale)?;
    (m % d == 0).then(|| i64::try_from(m / d).ok()).flatten()
}

/// 10⁰ to 10¹⁸: the powers of ten an `i64` holds.
const POWERS_OF_TEN: [i64; 19] = [
    1,
    10,
    100,
    1_000,
    10_000,
    100_000,
    1_000_000,
    10_000_000,
    100_000_000,
    1_000_000_000,
    10_000_000_000,
    100_000_000_000,
    1_000_000_000_000,
    10_000_000_000_000,
    100_000_000_000_000,
    1_000_000_000_000_000,
    10_000_000_000_000_000,
    100_000_000_000_000_000,
    1_000_000_000_000_000_000,
];

/// `n / d` rounded half to even (`d` > 0).
pub(crate) fn div_half_even(n: i128, d: i128) -> Option<i128> {
    // Nearly always both fit in 64 bits, where division costs several times less than in 128.
    let (q, r) = match (i64::try_from(n), i64::try_from(d)) {
        (Ok(a), Ok(b)) if b > 0 => (i128::from(a / b), i128::from(a % b)),
        _ => (n.checked_div(d)?, n.checked_rem(d)?),
    };
    let twice = r.unsigned_abs().checked_mul(2)?;
    let d = d.unsigned_abs();
    Some(if twice > d || (twice == d && q % 2 != 0) { q + n.signum() } else { q })
}

/// The linear position of `fine` in [`lo`, `hi`] (all in fen, `hi` > `lo`) to four places —
/// what `check::band_position` gives, without the decimal division — in units of 1/10,000.
pub(crate) fn linear_position(fine: i64, lo: i64, hi: i64) -> Option<i64> {
    let n = (i128::from(fine) - i128::from(lo)).checked_mul(10_000)?;
    let d = i128::from(hi) - i128::from(lo);
    if d <= 0 {
        return None;
    }
    i64::try_from(div_half_even(n, d)?).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::prelude::{FromStr, ToPrimitive};

    /// The integer fast path agrees with the decimal arithmetic it replaces, half-even
    /// rounding, signs and overflow included.
    #[test]
    fn fixed_point_agrees_with_decimal_rounding() {
        let slow = |x: Decimal, scale: u32| x.checked_mul(Decimal::from(10i64.pow(scale)))?.round().to_i64();
        let texts = [
            "0",
            "1",
            "-1",
            "1.5",
            "2.5",
            "-2.5",
            "0.00005",
            "0.00015",
            "-0.00015",
            "0.000049999",
            "123.45678",
            "-123.45675",
            "922337203685477.5807",
            "922337203685477.58075",
            "9223372036854775807",
            "79228162514264337593543950335",
            "-79228162514264337593543950335",
            "0.0000000000000000000000000001",
            "1.00000",
            "99999.99995",
        ];
        for t in texts {
            let x = Decimal::from_str(t).unwrap();
            for scale in [0, 2, 4] {
                assert_eq!(fixed(x, scale), slow(x, scale), "{t} at {scale} places");
            }
        }
        let mut r = crate::audit::testing::Rng(11);
        for _ in 0..20_000 {
            let m = (r.next() as i128) * if r.below(2) == 0 { 1 } else { -1 } / (1 + r.below(1000) as i128);
            let x = Decimal::from_i128_with_scale(m, r.below(12) as u32);
            for scale in [2, 4] {
                assert_eq!(fixed(x, scale), slow(x, scale), "{x} at {scale} places");
            }
        }
        assert_eq!(fixed_exact(Decimal::from_str("1.50").unwrap(), 4), Some(15_000));
        assert!(POWERS_OF_TEN.iter().enumerate().all(|(i, &p)| i128::from(p) == 10i128.pow(i as u32)));
        assert_eq!(fixed_exact(Decimal::from_str("1.00005").unwrap(), 4), None);
    }

    /// The integer position is the decimal one, rounding included.
    #[test]
    fn linear_position_agrees_with_band_position() {
        use crate::table::Range;
        let mut r = crate::audit::testing::Rng(5);
        for _ in 0..20_000 {
            let lo = r.range(0, 10_000_000);
            let hi = lo + r.range(1, 50_000_000);
            let fine = r.range(-1_000_000, hi + 10_000_000);
            let d = |fen: i64| Decimal::new(fen, 2);
            let band = Range::between(d(lo), d(hi));
            let slow = crate::check::band_position(d(fine), &band).and_then(|p| fixed(p, 4));
            assert_eq!(linear_position(fine, lo, hi), slow, "{fine} in [{lo}, {hi}]");
        }
        // A tie at the fifth place goes to the even fourth.
        assert_eq!(linear_position(5, 0, 20_000), Some(2));
        assert_eq!(linear_position(15, 0, 20_000), Some(8));
    }
}
