//! Comparison groups: their members, robust statistics, and the within-group outliers
//! (`consistency.md`, "Within-group robust outliers").

use super::collect::{Collected, Record};
use super::config::AuditConfig;
use super::normalise::PositionScale;
use super::stats::{self, UNIT};

/// A group's robust statistics, positions in micro-units.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Stats {
    pub n: u64,
    pub median: f64,
    pub mad: f64,
    pub scale: f64,
    pub q1: f64,
    pub q3: f64,
    pub fences: (f64, f64),
    pub inside: f64,
}

/// The statistics of one group's positions (sorted ascending, as [`Collected::members`] gives them;
/// `members`: the group's records, for the share inside the band).
pub(crate) fn stats(
    c: &Collected<'_>,
    group: usize,
    sorted: &[i64],
    members: &[Record],
    config: &AuditConfig,
) -> Option<Stats> {
    let mut values = sorted.to_vec();
    let median = stats::median(&mut values)?;
    let mad = stats::mad(sorted, median)?;
    let (q1, q3) = stats::quartiles(&mut values)?;
    // One yuan as a share of the band, for bands narrow enough for it to matter.
    let unit_share = c
        .groups
        .get(group)
        .and_then(|g| g.band.filter(|_| g.scale == PositionScale::Linear))
        .and_then(|b| {
            use rust_decimal::prelude::ToPrimitive;
            let width = (b.max? - b.min.unwrap_or_default()).to_f64()?;
            (width > 0.0).then(|| UNIT as f64 / width)
        })
        .unwrap_or(0.0);
    let floor = (config.scale_floor * UNIT as f64).max(unit_share);
    let scale = stats::Scale::new(mad, floor).value();
    // As `check` judges each fine, not by the rounded position: a fine at an end the band
    // excludes is outside it, however close its position is to 0 or 1.
    let inside = members.iter().filter(|r| !r.outside_band()).count();
    Some(Stats {
        n: sorted.len() as u64,
        median,
        mad,
        scale,
        q1,
        q3,
        fences: stats::tukey_fences(q1, q3, config.tukey_k),
        inside: inside as f64 / sorted.len().max(1) as f64,
    })
}

/// A case's robust z in its group.
pub(crate) fn z(r: &Record, s: &Stats) -> f64 {
    stats::robust_z(r.position, s.median, s.scale)
}

/// Whether a position lies outside the group's Tukey fences.
pub(crate) fn beyond_tukey(p: i64, s: &Stats) -> bool {
    let p = p as f64;
    p < s.fences.0 || p > s.fences.1
}
