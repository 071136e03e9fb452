//! A batch of decisions for the consistency audit, with inconsistencies planted where the
//! audit must find them — and a record of what was planted, so that tests can measure recall
//! and precision.
//!
//! Decisions cluster the way real ones do: each (violation, level) has its own typical
//! position in the band, and fines scatter around it (standard deviation 0.08 band widths),
//! rounded to 10 yuan. Then:
//!
//! - **outliers** (0.5 % of records): 0.8 band widths above or below their group's centre;
//! - **near-identical pairs** (0.2 %): two decisions with the same facts, 0.7 band widths apart;
//! - **an over-harsh unit**: `unit-0` fines 0.22 band widths above the others, everywhere;
//! - **mischaracterisations** (0.1 %): the same facts decided twice, once under each of two
//!   twin violations of one statute.

use std::collections::BTreeSet;

use rust_decimal::Decimal;
use rust_decimal::prelude::{FromPrimitive, ToPrimitive};

use super::cases::SyntheticCase;
use super::rng::Rng;
use super::tables::{Shapes, SyntheticRules};
use crate::Date;

/// What [`AuditScenario`] planted, by case number ([`SyntheticCase::number`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Planted {
    /// Cases far from their group.
    pub outliers: BTreeSet<u64>,
    /// Near-identical pairs with very different fines.
    pub pairs: Vec<(u64, u64)>,
    /// The unit whose fines are consistently heavier.
    pub harsh_unit: u16,
    /// Pairs of cases with the same facts filed under twin violations.
    pub mischaracterised: Vec<(u64, u64)>,
}

impl Planted {
    /// Every case planted individually (outliers, pair and mischaracterisation members).
    pub fn cases(&self) -> BTreeSet<u64> {
        let mut all = self.outliers.clone();
        for (a, b) in self.pairs.iter().chain(&self.mischaracterised) {
            all.insert(*a);
            all.insert(*b);
        }
        all
    }
}

/// Decisions with planted inconsistencies, on twin-tier rules (20 violations, 2 levels, 10
/// statutes), decided 2016–2023 by 10 units of 5 officers.
///
/// ```
/// use discretion::generate::AuditScenario;
/// let s = AuditScenario::new(10_000, 1);
/// assert!(s.cases.len() >= 10_000);
/// assert!(!s.planted.outliers.is_empty() && !s.planted.pairs.is_empty());
/// assert_eq!(s, AuditScenario::new(10_000, 1));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditScenario {
    /// The rules (load with [`SyntheticRules::load`]).
    pub spec: SyntheticRules,
    /// The decisions, in a shuffled order.
    pub cases: Vec<SyntheticCase>,
    /// What was planted.
    pub planted: Planted,
}

/// Units and officers per unit.
const UNITS: u16 = 10;
const OFFICERS: u16 = 5;
/// Spread of ordinary decisions around their group's centre, in band widths.
const SPREAD: f64 = 0.08;

/// A standard normal draw (Box–Muller).
fn normal(r: &mut Rng) -> f64 {
    let u = (r.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
    let v = (r.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
    (-2.0 * (1.0 - u).ln()).sqrt() * (std::f64::consts::TAU * v).cos()
}

impl AuditScenario {
    /// About `rows` decisions (planted pairs add a few), deterministic from `seed`.
    pub fn new(rows: usize, seed: u64) -> AuditScenario {
        let spec = SyntheticRules { violations: 20, levels: 2, shapes: Shapes::TwinTiers };
        let mut r = Rng::new(seed);
        let mut planted = Planted::default();
        let mut cases: Vec<SyntheticCase> = Vec::with_capacity(rows + rows / 100);
        let harsh = 0u16;
        planted.harsh_unit = harsh;
        let base = Date::new(2016, 1, 1).map(Date::day_number).unwrap_or(0);
        while cases.len() < rows {
            let violation = r.below(20) as u32;
            let step = spec.step(violation as usize);
            let levels = spec.levels as u64;
            let top = (step * Decimal::from(levels)).to_u64().unwrap_or(1) / 100;
            let amount = Decimal::from(r.below(top.max(1))) * Decimal::ONE_HUNDRED;
            let decided_day = base + r.below(8 * 365) as i64;
            let act_day = decided_day - r.between(20, 200) as i64;
            let day = |n: i64| Date::from_day_number(n).unwrap_or(Date::MAX);
            let unit = r.below(u64::from(UNITS)) as u16;
            let mut c = SyntheticCase {
                number: cases.len() as u64,
                violation,
                organisation: r.chance(800_000),
                act_ended: day(act_day),
                discovered: day(act_day + r.between(0, 15) as i64),
                decided: day(decided_day),
                amount_involved: amount,
                sensitive_area: r.chance(300_000),
                days_late: r.between(1, 365) as u32,
                // Gains to the fen: coincidentally equal facts stay rare, as in real files.
                illegal_gains: Decimal::new(r.below(100_000_000) as i64, 2),
                fine: Decimal::ZERO,
                unit,
                officer: unit * OFFICERS + r.below(u64::from(OFFICERS)) as u16,
                all_facts: true,
            };
            let centre = centre(&spec, &c);
            let roll = r.below(1_000);
            let mut position = centre + SPREAD * normal(&mut r);
            if unit == harsh {
                position += 0.22;
            }
            match roll {
                0..=4 => {
                    position = if r.chance(500_000) { centre + 0.8 } else { centre - 0.8 };
                    planted.outliers.insert(c.number);
                    c.fine = fine_at(&spec, &c, position);
                    cases.push(c);
                }
                5..=6 => {
                    let mut twin = c;
                    twin.number += 1;
                    c.fine = fine_at(&spec, &c, centre - 0.35);
                    twin.fine = fine_at(&spec, &twin, centre + 0.35);
                    planted.pairs.push((c.number, twin.number));
                    cases.push(c);
                    cases.push(twin);
                }
                7 => {
                    let mut other = c;
                    other.number += 1;
                    other.violation = violation ^ 1;
                    // A twin of the last violation when the count is odd would not exist.
                    if other.violation as usize >= spec.violations {
                        other.violation = violation;
                    }
                    c.fine = fine_at(&spec, &c, position.clamp(0.0, 0.999));
                    other.fine = fine_at(&spec, &other, position.clamp(0.0, 0.999));
                    planted.mischaracterised.push((c.number, other.number));
                    cases.push(c);
                    cases.push(other);
                }
                _ => {
                    c.fine = fine_at(&spec, &c, position.clamp(0.0, 0.999));
                    cases.push(c);
                }
            }
        }
        // Shuffle (Fisher–Yates): the audit must not depend on the order.
        for i in (1..cases.len()).rev() {
            let j = r.below(i as u64 + 1) as usize;
            cases.swap(i, j);
        }
        AuditScenario { spec, cases, planted }
    }
}

/// A group's typical position, 0.2–0.6, fixed by its violation and level.
fn centre(spec: &SyntheticRules, c: &SyntheticCase) -> f64 {
    let level = (c.amount_involved / spec.step(c.violation as usize)).floor().to_u64().unwrap_or(0);
    let mut h = Rng::new(u64::from(c.violation) * 1_000 + level);
    0.2 + 0.4 * ((h.next_u64() >> 11) as f64 / (1u64 << 53) as f64)
}

/// The fine at `position` of the case's band, rounded to 10 yuan.
fn fine_at(spec: &SyntheticRules, c: &SyntheticCase, position: f64) -> Decimal {
    let band = spec.band(c);
    let width = (band.hi - band.lo).to_f64().unwrap_or(0.0);
    let x = band.lo.to_f64().unwrap_or(0.0) + position * width;
    let tens = (x / 10.0).round().max(0.0);
    let fine = Decimal::from_f64(tens).unwrap_or_default() * Decimal::TEN;
    // Never at an excluded upper end: that would be outside the band by a hair.
    if !band.hi_included && fine >= band.hi { band.hi - Decimal::TEN } else { fine }
}
