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
    // One yuan as a share of the band (or, for a band of one amount, of its unit), for bands
    // narrow enough for it to matter; where the band varies, each case's own (`case_scales`).
    let floor = (config.scale_floor * UNIT as f64).max(group_yuan(c, group));
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

/// Whether positions on this scale are linear in yuan, so that one yuan is a fixed share of
/// a case's band (on a log scale, or a group of mixed scales, it is not).
fn yuan_floored(scale: PositionScale) -> bool {
    matches!(scale, PositionScale::Linear | PositionScale::Point)
}

/// One yuan in micro-units of a band whose gap unit (its width, or a one-amount band's unit)
/// is `unit_fen` fen; `None` for a unit of 0 (a band without an upper end).
fn one_yuan_share(unit_fen: i64) -> Option<f64> {
    (unit_fen > 0).then(|| UNIT as f64 * 100.0 / unit_fen as f64)
}

/// One yuan in micro-units of `group`'s band, where every case has the same band and positions
/// are linear in yuan; 0 otherwise (see [`case_yuan`]).
pub(crate) fn group_yuan(c: &Collected<'_>, group: usize) -> f64 {
    c.groups
        .get(group)
        .filter(|g| yuan_floored(g.scale))
        .and_then(|g| g.band)
        .and_then(|b| one_yuan_share(super::collect::gap_unit_fen(&b)))
        .unwrap_or(0.0)
}

/// One yuan in micro-units of each member's (by row) own band, where positions are linear in
/// yuan: the group's ([`group_yuan`]), or where the band varies from case to case the case's; 0
/// on a log or mixed scale. Differences of no more than this are no difference in money that
/// a flag could rest on: the scale floor, and the least gap of a pair or a peer deviation.
pub(crate) fn case_yuan<'a>(c: &'a Collected<'_>, group: usize) -> impl Fn(usize) -> f64 + 'a {
    let widths = c.groups.get(group).filter(|g| yuan_floored(g.scale)).map_or(&[][..], |g| g.widths.as_slice());
    let whole = group_yuan(c, group);
    move |row| widths.get(row).and_then(|&w| one_yuan_share(w)).unwrap_or(whole)
}

/// Whether one yuan differs from case to case in `group` (bands that vary, on a scale linear
/// in yuan): only then does [`case_yuan`] say more than [`group_yuan`].
pub(crate) fn yuan_varies(c: &Collected<'_>, group: usize) -> bool {
    c.groups.get(group).is_some_and(|g| yuan_floored(g.scale) && !g.widths.is_empty())
}

/// How far a difference of two positions may read from the exact one, in micro-units: each
/// is rounded to four places (`check::band_position`), 50 micro-units at most.
const ROUNDED_DIFFERENCE: f64 = 100.0;

/// Whether a difference of positions (micro-units) is more than a yuan (`yuan`, micro-units, as
/// [`case_yuan`] gives it): positions are rounded, so a difference of exactly one yuan may read
/// up to [`ROUNDED_DIFFERENCE`] above it — while a fen more is, on any band narrow enough for a
/// yuan to be more than half of it, at least 5,000 micro-units more.
pub(crate) fn beyond_a_yuan(difference: f64, yuan: f64) -> bool {
    yuan <= 0.0 || difference > least_beyond_a_yuan(yuan)
}

/// The most a difference may be and still be no more than a yuan: see [`beyond_a_yuan`].
pub(crate) fn least_beyond_a_yuan(yuan: f64) -> f64 {
    if yuan > 0.0 { yuan.ceil() + ROUNDED_DIFFERENCE } else { 0.0 }
}

/// The scale each member (by row) of `group` is measured by: the group's, or one yuan of the
/// case's own band where that is more — where the band varies from case to case (per-day
/// fines, bands cut from a fact), a 1-yuan difference in a 5-yuan band is a whole unit, however
/// wide the group's other bands are.
pub(crate) fn case_scales<'a>(c: &'a Collected<'_>, group: usize, s: &Stats) -> impl Fn(usize) -> f64 + 'a {
    let yuan = case_yuan(c, group);
    let scale = s.scale;
    move |row| scale.max(yuan(row))
}

/// A case's robust z in its group, by the scale it is measured by (`scale`: [`case_scales`]).
pub(crate) fn z(r: &Record, s: &Stats, scale: f64) -> f64 {
    stats::robust_z(r.position, s.median, scale)
}

/// Whether a position lies outside the group's Tukey fences.
pub(crate) fn beyond_tukey(p: i64, s: &Stats) -> bool {
    let p = p as f64;
    p < s.fences.0 || p > s.fences.1
}
