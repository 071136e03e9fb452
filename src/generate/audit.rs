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

/// The decisions of an [`AuditScenario`] one at a time, in generation order (the scenario
/// shuffles them): for audits too large to hold as a list. What was planted so far is in
/// [`AuditCases::planted`].
#[derive(Debug, Clone)]
pub struct AuditCases {
    spec: SyntheticRules,
    r: Rng,
    planted: Planted,
    next: u64,
    pending: Option<SyntheticCase>,
    base: i64,
}

impl AuditCases {
    /// The decisions for `seed`.
    pub fn new(seed: u64) -> AuditCases {
        AuditCases {
            spec: SyntheticRules { violations: 20, levels: 2, shapes: Shapes::TwinTiers },
            r: Rng::new(seed),
            planted: Planted { harsh_unit: 0, ..Planted::default() },
            next: 0,
            pending: None,
            base: Date::new(2016, 1, 1).map(Date::day_number).unwrap_or(0),
        }
    }

    /// The rules the decisions are made under.
    pub fn spec(&self) -> SyntheticRules {
        self.spec
    }

    /// What was planted among the decisions generated so far.
    pub fn planted(&self) -> &Planted {
        &self.planted
    }

    /// A second decision owed (the other half of a planted pair).
    fn owed(&self) -> bool {
        self.pending.is_some()
    }

    fn draw(&mut self) -> SyntheticCase {
        let (spec, r) = (self.spec, &mut self.r);
        let violation = r.below(20) as u32;
        let step = spec.step(violation as usize);
        let top = (step * Decimal::from(spec.levels as u64)).to_u64().unwrap_or(1) / 100;
        let amount = Decimal::from(r.below(top.max(1))) * Decimal::ONE_HUNDRED;
        let decided_day = self.base + r.below(8 * 365) as i64;
        let act_day = decided_day - r.between(20, 200) as i64;
        let day = |n: i64| Date::from_day_number(n).unwrap_or(Date::MAX);
        let unit = r.below(u64::from(UNITS)) as u16;
        let mut c = SyntheticCase {
            number: self.next,
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
        let mut position = centre + SPREAD * normal(r);
        if unit == self.planted.harsh_unit {
            position += 0.22;
        }
        match roll {
            0..=4 => {
                position = if r.chance(500_000) { centre + 0.8 } else { centre - 0.8 };
                self.planted.outliers.insert(c.number);
                c.fine = fine_at(&spec, &c, position);
            }
            5..=6 => {
                let mut twin = c;
                twin.number += 1;
                c.fine = fine_at(&spec, &c, centre - 0.35);
                twin.fine = fine_at(&spec, &twin, centre + 0.35);
                self.planted.pairs.push((c.number, twin.number));
                self.pending = Some(twin);
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
                self.planted.mischaracterised.push((c.number, other.number));
                self.pending = Some(other);
            }
            _ => c.fine = fine_at(&spec, &c, position.clamp(0.0, 0.999)),
        }
        self.next = c.number + if self.pending.is_some() { 2 } else { 1 };
        c
    }
}

impl Iterator for AuditCases {
    type Item = SyntheticCase;

    fn next(&mut self) -> Option<SyntheticCase> {
        Some(match self.pending.take() {
            Some(c) => c,
            None => self.draw(),
        })
    }
}

impl AuditScenario {
    /// About `rows` decisions (a planted pair at the end may add one), deterministic from
    /// `seed`, shuffled.
    pub fn new(rows: usize, seed: u64) -> AuditScenario {
        let mut g = AuditCases::new(seed);
        let mut cases: Vec<SyntheticCase> = Vec::with_capacity(rows + 1);
        while cases.len() < rows || g.owed() {
            cases.extend(g.next());
        }
        // Shuffle (Fisher–Yates): the audit must not depend on the order.
        let r = &mut g.r;
        for i in (1..cases.len()).rev() {
            let j = r.below(i as u64 + 1) as usize;
            cases.swap(i, j);
        }
        AuditScenario { spec: g.spec, cases, planted: g.planted }
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
