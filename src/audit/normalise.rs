//! Positions: where each fine sits in the band its case was judged against, so that cases of
//! one group compare on one scale (`consistency.md`, "Normalise").
//!
//! The band is the one `check` applies (band ∩ statute, Art. 37, the table's adjustments).
//! Linear positions are [`band_position`] — 0 at the bottom, 1 at
//! the top, the signed distance in units of 10 % of the amount for a one-amount band. A band
//! whose top is more than [`AuditConfig::log_ratio`](super::AuditConfig::log_ratio) times its
//! bottom is measured on a log scale instead, where a fine twice another is the same step
//! anywhere in the band; a fine below one yuan (a zero fine) is measured there as one yuan. A
//! band from 0 ("处一万元以下罚款") is linear: its ratio has no value, and a log scale from one
//! yuan would crowd the fines bureaus impose (hundreds to thousands of yuan) into its top
//! quarter — 5,000 of "under 10,000" at 0.92, 100 at 0.5 —, a band the tables give as the
//! lightest step of a scale of amounts (Guangdong §1.3: under 10,000, then 10,000–30,000, …).
//! Positions are ratios, not money: the log scale is computed in `f64`.

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use super::stats::UNIT;
use crate::check::band_position;
use crate::table::Range;

/// How a group's positions were measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PositionScale {
    /// (x − lo)/(hi − lo).
    Linear,
    /// (ln x − ln lo)/(ln hi − ln lo): bands wider than the log ratio.
    Log,
    /// One-amount bands: signed distance from the amount in units of 10 % of it.
    Point,
    /// The group's bands differ in shape (some wide, some not); each case on its own scale.
    Mixed,
}

impl PositionScale {
    /// What a position on this scale is measured in, for people.
    pub fn name(self, lang: crate::table::Lang) -> &'static str {
        use crate::table::Lang::{En, Zh};
        match (self, lang) {
            (PositionScale::Linear, En) => "share of the band",
            (PositionScale::Linear, Zh) => "幅度比例",
            (PositionScale::Log, En) => "share of the band, log scale",
            (PositionScale::Log, Zh) => "幅度比例（对数）",
            (PositionScale::Point, En) => "tenths of the amount from it",
            (PositionScale::Point, Zh) => "偏离基准金额（以金额的10%为单位）",
            (PositionScale::Mixed, En) => "each case on its band's scale",
            (PositionScale::Mixed, Zh) => "各案按其幅度计量",
        }
    }
}

/// The position of `fine` in `band`, and the scale used; `None` for a band without an upper
/// end or amounts too large.
///
/// ```
/// use discretion::audit::normalise::{position, PositionScale};
/// use discretion::table::Range;
/// let narrow = Range::between(10_000.into(), 30_000.into());
/// assert_eq!(position(20_000.into(), &narrow, 10.0), Some((0.5, PositionScale::Linear)));
/// let wide = Range::between(1_000.into(), 100_000.into());
/// let (p, scale) = position(10_000.into(), &wide, 10.0).unwrap();
/// assert_eq!(scale, PositionScale::Log);
/// assert!((p - 0.5).abs() < 1e-12);
/// // A zero fine is measured on the same scale, as one yuan: below every fine of the band.
/// let (zero, scale) = position(0.into(), &wide, 10.0).unwrap();
/// assert_eq!((zero, scale), (position(1.into(), &wide, 10.0).unwrap().0, PositionScale::Log));
/// assert!(zero < position(100.into(), &wide, 10.0).unwrap().0);
/// // A band from 0 is linear, however wide.
/// let under = Range { min: None, ..Range::between(0.into(), 10_000.into()) };
/// assert_eq!(position(5_000.into(), &under, 10.0), Some((0.5, PositionScale::Linear)));
/// let from_zero = Range::between(0.into(), 10_000.into());
/// assert_eq!(position(100.into(), &from_zero, 10.0), Some((0.01, PositionScale::Linear)));
/// ```
pub fn position(fine: Decimal, band: &Range, log_ratio: f64) -> Option<(f64, PositionScale)> {
    Measure::new(band, log_ratio)?.position(fine)
}

/// A band made ready to place fines in, by [`position`]'s rules: its ends converted, the scale
/// chosen and the logarithms of its ends taken once, for the many cases of one band.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Measure {
    /// A one-amount band.
    Point(Range),
    /// Log scale: the logarithm of the bottom, and of the top less it.
    Log { ln_lo: f64, ln_span: f64 },
    /// Linear: the band, and its ends in whole fen where they are.
    Linear { band: Range, lo: Option<i64>, hi: Option<i64> },
}

/// An amount in whole fen, if it is one (nearly all are).
fn cents(x: Decimal) -> Option<i64> {
    super::fixed::fixed_exact(x, 2)
}

/// An amount as a float: from its whole fen where it has them (not converted), else the decimal.
fn float(cents: Option<i64>, x: Decimal) -> Option<f64> {
    cents.map(|c| c as f64 / 100.0).or_else(|| x.to_f64())
}

impl Measure {
    /// `None` for a band without an upper end, or ends too large.
    pub(crate) fn new(band: &Range, log_ratio: f64) -> Option<Measure> {
        let lo = band.min.unwrap_or(Decimal::ZERO);
        let hi = band.max?;
        if hi == lo {
            return Some(Measure::Point(*band));
        }
        let (l, h) = (cents(lo), cents(hi));
        let (lf, hf) = (float(l, lo)?, float(h, hi)?);
        // A band from 0 has no ratio: linear (see the module's documentation).
        if lf > 0.0 && hf / lf > log_ratio {
            return Some(Measure::Log { ln_lo: lf.ln(), ln_span: hf.ln() - lf.ln() });
        }
        Some(Measure::Linear { band: *band, lo: l, hi: h })
    }

    /// The position of `fine` and the scale used ([`position`]).
    pub(crate) fn position(&self, fine: Decimal) -> Option<(f64, PositionScale)> {
        match self {
            Measure::Point(band) => Some((band_position(fine, band)?.to_f64()?, PositionScale::Point)),
            Measure::Log { ln_lo, ln_span } => {
                // A fine below one yuan (a zero fine where one was due) is measured as one
                // yuan: the logarithm has no value at 0, and measured linearly the case would
                // sit on another scale than its group — less extreme than a fine of one yuan.
                let x = float(cents(fine), fine)?.max(1.0);
                Some(((x.ln() - ln_lo) / ln_span, PositionScale::Log))
            }
            Measure::Linear { band, lo, hi } => {
                // To four places: in integer arithmetic where it can be, the same as
                // `band_position`.
                if let (Some(f), Some(l), Some(h)) = (cents(fine), *lo, *hi)
                    && let Some(p) = super::fixed::linear_position(f, l, h)
                {
                    return Some((p as f64 / 10_000.0, PositionScale::Linear));
                }
                Some((band_position(fine, band)?.to_f64()?, PositionScale::Linear))
            }
        }
    }
}

/// A position in micro-units ([`UNIT`] = 1.0), if finite and within ±10⁹ band widths.
pub fn micro(p: f64) -> Option<i64> {
    let m = (p * UNIT as f64).round();
    (m.is_finite() && m.abs() < 1e15).then_some(m as i64)
}
