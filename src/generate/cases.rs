//! Synthetic cases for [`SyntheticRules`]: compact records that become a [`Case`], a CSV row
//! or a JSON line.

use std::io::{self, Write};

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use super::rng::Rng;
use super::tables::{PlainBand, Shape, SyntheticRules};
use crate::Date;
use crate::check::{Case, Party, Procedure};
use crate::table::Facts;

/// One generated decision. Plain data (no heap), so millions fit in memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SyntheticCase {
    /// Sequence number; the case id is `SYN-` and eight digits.
    pub number: u64,
    /// The violation, `syn.{violation}`.
    pub violation: u32,
    /// An organisation (else an individual).
    pub organisation: bool,
    /// When the act ended.
    pub act_ended: Date,
    /// When the agency discovered it.
    pub discovered: Date,
    /// When the decision was made.
    pub decided: Date,
    /// `amount_involved` (tiers and matrix violations).
    pub amount_involved: Decimal,
    /// `area = sensitive` (matrix violations).
    pub sensitive_area: bool,
    /// `days_late` (per-unit violations).
    pub days_late: u32,
    /// `illegal_gains` (multiple violations).
    pub illegal_gains: Decimal,
    /// The fine imposed.
    pub fine: Decimal,
    /// The deciding unit, `unit-{unit}`.
    pub unit: u16,
    /// The deciding officer, `officer-{officer}`.
    pub officer: u16,
    /// The case records every fact (amount, area, days late, gains), not only those its
    /// violation reads — as real case files do.
    pub all_facts: bool,
}

/// The header of [`SyntheticCase::write_csv`] rows.
pub const CSV_HEADER: &str = "case_id,violation,party,act_ended,discovered,decided,amount_involved,area,days_late,illegal_gains,fine,confiscated_gains,factors,hearing_notified,summary_procedure,collective_deliberation,grave_harm,unit,officer\n";

impl SyntheticCase {
    /// The case id, `SYN-00000042`.
    pub fn id(&self) -> String {
        format!("SYN-{:08}", self.number)
    }

    /// The shape of its violation in `spec`.
    fn shape(&self, spec: &SyntheticRules) -> Shape {
        spec.shape(self.violation as usize)
    }

    /// The case as the library takes it: every field a clean case needs is recorded, so a case
    /// inside its band has no finding at all.
    pub fn to_case(&self, spec: &SyntheticRules) -> Case {
        let mut c = Case::new(self.id(), SyntheticRules::violation_id(self.violation as usize));
        c.party = Some(if self.organisation { Party::Organisation } else { Party::Individual });
        c.act_ended = Some(self.act_ended);
        c.discovered = Some(self.discovered);
        c.decided = Some(self.decided);
        let area = if self.sensitive_area { "sensitive" } else { "general" };
        c.facts = match self.shape(spec) {
            _ if self.all_facts => Facts::new()
                .number("amount_involved", self.amount_involved)
                .word("area", area)
                .number("days_late", self.days_late)
                .number("illegal_gains", self.illegal_gains),
            Shape::Tiers => Facts::new().number("amount_involved", self.amount_involved),
            Shape::Matrix => Facts::new()
                .number("amount_involved", self.amount_involved)
                .word("area", if self.sensitive_area { "sensitive" } else { "general" }),
            Shape::PerUnit => Facts::new().number("days_late", self.days_late),
            Shape::Multiple => Facts::new().number("illegal_gains", self.illegal_gains),
        };
        c.factors = Some(Vec::new());
        c.grave_harm = Some(false);
        c.decision.fine = Some(self.fine);
        // Art. 28: established gains are confiscated.
        if self.shape(spec) == Shape::Multiple || self.all_facts {
            c.decision.confiscated_gains = Some(self.illegal_gains);
        }
        c.procedure = Procedure {
            summary: Some(false),
            hearing_notified: Some(true),
            collective_deliberation: Some(false),
            approval: None,
        };
        c.unit = Some(format!("unit-{}", self.unit));
        c.officer = Some(format!("officer-{}", self.officer));
        c
    }

    /// Writes the case as one CSV row under [`CSV_HEADER`]. Facts its violation does not read
    /// are left empty, as an office export would.
    pub fn write_csv(&self, spec: &SyntheticRules, w: &mut impl Write) -> io::Result<()> {
        let shape = self.shape(spec);
        let party = if self.organisation { "organisation" } else { "individual" };
        write!(
            w,
            "SYN-{:08},syn.{},{party},{},{},{},",
            self.number, self.violation, self.act_ended, self.discovered, self.decided
        )?;
        let all = self.all_facts;
        if all || matches!(shape, Shape::Tiers | Shape::Matrix) {
            write!(w, "{}", self.amount_involved)?;
        }
        w.write_all(b",")?;
        if all || shape == Shape::Matrix {
            w.write_all(if self.sensitive_area { b"sensitive" } else { b"general" })?;
        }
        w.write_all(b",")?;
        if all || shape == Shape::PerUnit {
            write!(w, "{}", self.days_late)?;
        }
        w.write_all(b",")?;
        if all || shape == Shape::Multiple {
            write!(w, "{}", self.illegal_gains)?;
        }
        write!(w, ",{},", self.fine)?;
        if all || shape == Shape::Multiple {
            write!(w, "{}", self.illegal_gains)?;
        }
        writeln!(w, ",,true,false,false,false,unit-{},officer-{}", self.unit, self.officer)
    }

    /// Writes the case as one JSON object on one line (JSON Lines).
    pub fn write_jsonl(&self, spec: &SyntheticRules, w: &mut impl Write) -> io::Result<()> {
        let party = if self.organisation { "organisation" } else { "individual" };
        write!(
            w,
            "{{\"case_id\":\"SYN-{:08}\",\"violation\":\"syn.{}\",\"party\":\"{party}\",\"act_ended\":\"{}\",\"discovered\":\"{}\",\"decided\":\"{}\",\"facts\":{{",
            self.number, self.violation, self.act_ended, self.discovered, self.decided
        )?;
        match self.shape(spec) {
            _ if self.all_facts => write!(
                w,
                "\"amount_involved\":{},\"area\":\"{}\",\"days_late\":{},\"illegal_gains\":{}",
                self.amount_involved,
                if self.sensitive_area { "sensitive" } else { "general" },
                self.days_late,
                self.illegal_gains
            )?,
            Shape::Tiers => write!(w, "\"amount_involved\":{}", self.amount_involved)?,
            Shape::Matrix => write!(
                w,
                "\"amount_involved\":{},\"area\":\"{}\"",
                self.amount_involved,
                if self.sensitive_area { "sensitive" } else { "general" }
            )?,
            Shape::PerUnit => write!(w, "\"days_late\":{}", self.days_late)?,
            Shape::Multiple => write!(w, "\"illegal_gains\":{}", self.illegal_gains)?,
        }
        if self.all_facts || self.shape(spec) == Shape::Multiple {
            write!(w, "}},\"confiscated_gains\":\"{}\"", self.illegal_gains)?;
        } else {
            w.write_all(b"}")?;
        }
        writeln!(
            w,
            ",\"fine\":\"{}\",\"factors\":[],\"hearing_notified\":true,\"summary_procedure\":false,\"collective_deliberation\":false,\"grave_harm\":false,\"unit\":\"unit-{}\",\"officer\":\"officer-{}\"}}",
            self.fine, self.unit, self.officer
        )
    }
}

/// Draws [`SyntheticCase`]s for a [`SyntheticRules`] table, deterministically from a seed.
///
/// By default 1 % of cases are fined outside their band (half above, half below), spread over
/// 20 units of 5 officers each; decisions fall between 2016 and 2023.
#[derive(Debug, Clone)]
pub struct CaseGenerator {
    spec: SyntheticRules,
    rng: Rng,
    next: u64,
    /// Cases fined outside their band, per million.
    pub out_of_band_per_million: u32,
    /// Number of deciding units.
    pub units: u16,
    /// Officers per unit.
    pub officers_per_unit: u16,
}

impl CaseGenerator {
    /// A generator for `spec` seeded with `seed`.
    pub fn new(spec: &SyntheticRules, seed: u64) -> CaseGenerator {
        CaseGenerator {
            spec: *spec,
            rng: Rng::new(seed),
            next: 0,
            out_of_band_per_million: 10_000,
            units: 20,
            officers_per_unit: 5,
        }
    }

    /// The random number generator, for callers that plant their own variations.
    pub fn rng(&mut self) -> &mut Rng {
        &mut self.rng
    }

    /// The next case: facts drawn across all levels (and a little past the last threshold),
    /// the fine inside the band unless chosen to be outside.
    pub fn next_case(&mut self) -> SyntheticCase {
        let spec = self.spec;
        let r = &mut self.rng;
        let violation = r.below(spec.count() as u64) as usize;
        let levels = spec.level_count() as u64;
        let step = spec.step(violation);
        // Fact values in whole hundreds, up to 20 % past the last level's threshold.
        let hundreds = |r: &mut Rng| {
            let top = step * Decimal::from(levels) * Decimal::new(12, 1) / Decimal::ONE_HUNDRED;
            Decimal::from(r.below(top.to_u64().unwrap_or(1).max(1))) * Decimal::ONE_HUNDRED
        };
        let day = |n: i64| Date::from_day_number(n).unwrap_or(Date::MAX);
        let decided_day = date_base() + r.below(8 * 365) as i64;
        let act_day = decided_day - r.between(20, 200) as i64;
        let (decided, act_ended) = (day(decided_day), day(act_day));
        let discovered = day(act_day + r.between(0, 15) as i64);
        let unit = r.below(u64::from(self.units.max(1))) as u16;
        let officer = unit * self.officers_per_unit.max(1) + r.below(u64::from(self.officers_per_unit.max(1))) as u16;
        let mut c = SyntheticCase {
            number: self.next,
            violation: violation as u32,
            organisation: r.chance(800_000),
            act_ended,
            discovered,
            decided,
            amount_involved: hundreds(r),
            sensitive_area: r.chance(300_000),
            days_late: r.between(1, 30 * levels + 10) as u32,
            illegal_gains: hundreds(r).max(Decimal::ONE_HUNDRED),
            fine: Decimal::ZERO,
            unit,
            officer,
            all_facts: false,
        };
        let band = spec.band(&c);
        let outside = r.chance(self.out_of_band_per_million);
        c.fine = fine_for(band, outside, r);
        self.next += 1;
        c
    }
}

impl Iterator for CaseGenerator {
    type Item = SyntheticCase;

    fn next(&mut self) -> Option<SyntheticCase> {
        Some(self.next_case())
    }
}

/// 2016-01-01 as a day number.
fn date_base() -> i64 {
    Date::new(2016, 1, 1).map(Date::day_number).unwrap_or(0)
}

/// A fine inside `band` (in whole yuan where the band allows), or clearly outside it.
pub(crate) fn fine_for(band: PlainBand, outside: bool, r: &mut Rng) -> Decimal {
    let width = band.hi - band.lo;
    if outside {
        let by = (width / Decimal::TWO).max(Decimal::ONE_HUNDRED).floor();
        if r.chance(500_000) || band.lo <= by { band.hi + by } else { band.lo - by }
    } else {
        // At most 999/1000 of the way up: an excluded upper end is never drawn, nor the
        // statutory maximum, which Art. 5 and 国发〔2024〕5号 reserve for cited grounds (C013).
        let share = Decimal::from(r.below(1000)) / Decimal::from(1000);
        band.lo + (width * share).floor()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::Verdict;
    use crate::generate::Shapes;

    #[test]
    fn the_library_agrees_with_the_plain_reference() {
        let spec = SyntheticRules { violations: 16, levels: 4, shapes: Shapes::Mixed };
        let rules = spec.load().unwrap();
        let mut g = CaseGenerator::new(&spec, 7);
        g.out_of_band_per_million = 200_000;
        let (mut inside, mut outside) = (0, 0);
        for c in g.by_ref().take(4000) {
            let a = rules.check(&c.to_case(&spec));
            let band = spec.band(&c);
            if band.contains(c.fine) {
                inside += 1;
                assert_eq!(a.verdict, Verdict::Compliant, "{c:?} {band:?} {:?}", a.findings);
                assert!(a.findings.is_empty(), "a clean case has no finding: {:?}", a.findings);
            } else {
                outside += 1;
                assert_ne!(a.verdict, Verdict::Compliant, "{c:?} {band:?}");
            }
            let b = a.band.unwrap();
            assert_eq!((b.min, b.max, b.excludes_max), (Some(band.lo), Some(band.hi), !band.hi_included), "{c:?}");
        }
        assert!(inside > 3000 && outside > 600, "{inside} {outside}");
    }

    #[test]
    fn the_same_seed_gives_the_same_cases_and_bytes() {
        let spec = SyntheticRules { violations: 8, levels: 3, shapes: Shapes::Mixed };
        let a: Vec<_> = CaseGenerator::new(&spec, 1).take(50).collect();
        let b: Vec<_> = CaseGenerator::new(&spec, 1).take(50).collect();
        assert_eq!(a, b);
        let mut csv = Vec::new();
        for c in &a {
            c.write_csv(&spec, &mut csv).unwrap();
        }
        let text = String::from_utf8(csv).unwrap();
        assert_eq!(text.lines().count(), 50);
        assert!(text.lines().all(|l| l.split(',').count() == CSV_HEADER.trim_end().split(',').count()));
    }
}
