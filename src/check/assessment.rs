//! The outcome of checking one case: a verdict, the band, where the fine sits, and findings.

use std::borrow::Cow;

use rust_decimal::Decimal;

use super::applicable::LawChoice;
use super::finding::{CaseCheck, Detail, Finding, Verdict};
use crate::table::{Addressee, Lang, Range, StatuteVersion, Table, Violation};

/// The assessment of one case by [`Benchmark::check`](crate::Benchmark::check). It borrows
/// from the rules, not from the case, so cases can be streamed and dropped. A clean case's
/// assessment allocates nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assessment<'a> {
    /// The verdict: the worst of the findings.
    pub verdict: Verdict,
    /// The table version applied.
    pub table: Option<&'a Table>,
    /// The violation.
    pub violation: Option<&'a Violation>,
    /// The statute version applied, and why.
    pub statute: Option<(&'a StatuteVersion, LawChoice)>,
    /// Whose penalty: the party or its responsible persons.
    pub addressee: Addressee,
    /// The level the facts decide (after any tier move), by index; see [`Assessment::level_name`].
    pub level: Option<usize>,
    /// The band applied: the table's band for this case, inside the statute, adjusted by the
    /// table's rules.
    pub band: Option<Range>,
    /// The band as the table gives it for this case, before it is brought inside the statute.
    pub table_band: Option<Range>,
    /// The statutory range in money for this case.
    pub statutory: Option<Range>,
    /// The fine judged.
    pub fine: Option<Decimal>,
    /// The findings, in check order.
    pub findings: Vec<Finding<'a>>,
}

impl<'a> Assessment<'a> {
    pub(crate) fn new(fine: Option<Decimal>) -> Assessment<'a> {
        Assessment {
            verdict: Verdict::Compliant,
            table: None,
            violation: None,
            statute: None,
            addressee: Addressee::Party,
            level: None,
            band: None,
            table_band: None,
            statutory: None,
            fine,
            findings: Vec::new(),
        }
    }

    pub(crate) fn add(&mut self, check: CaseCheck, detail: Detail<'a>) -> &mut Finding<'a> {
        if let Some(v) = check.verdict() {
            self.verdict = self.verdict.max(v);
        }
        self.findings.push(Finding { check, detail, citation: None });
        let last = self.findings.len() - 1;
        // PANIC SAFETY: an element was pushed on the line above, so `last` indexes it.
        #[allow(clippy::indexing_slicing)]
        &mut self.findings[last]
    }

    /// Adds a finding made outside [`Benchmark::check`](crate::Benchmark::check) — a batch-level
    /// check such as a duplicate case id — and updates the verdict.
    pub fn push(&mut self, check: CaseCheck, detail: Detail<'a>) {
        self.add(check, detail);
    }

    /// The checks that could not be made because the case does not record what they need:
    /// `C027` notes (no discovery date for the limitation period, no hearing notice recorded
    /// for a large fine, …), which do not change the verdict — what is not recorded is unknown,
    /// neither passed nor failed — and `C041`, where the check decides whether the penalty is
    /// lawful at all (a mandatory exemption or a ground for not penalising that may apply, Art.
    /// 37 without a decision date, a provision a suspension may lift), which makes the case at
    /// least [`Verdict::Incomplete`]. A legal review that reads only [`Verdict::Compliant`] must
    /// also read these: compliant means *nothing found among the checks made*. An empty list
    /// means every check was made.
    ///
    /// ```
    /// use discretion::{Benchmark, Date, check::{Case, CaseCheck, Party, Verdict}, table::Facts};
    /// let rules = Benchmark::from_path("rules")?;
    /// let mut case = Case::new("A-1", "gd-tax.60.1");
    /// case.party = Some(Party::Organisation);
    /// case.act_ended = Some(Date::new(2016, 3, 1)?);
    /// case.facts = Facts::new().number("days_late", 17).flag("serious", false).flag("corrected_before_discovery", false);
    /// case.decision.fine = Some(340.into());
    /// let a = rules.check(&case);
    /// assert_eq!(a.verdict, Verdict::Compliant);
    /// // No discovery date, no decision date, no hearing notice: said, not assumed.
    /// assert!(a.checks_not_made().count() > 0);
    /// assert!(a.checks_not_made().all(|f| f.check == CaseCheck::CheckNotMade));
    /// // A case that records everything has none.
    /// case.discovered = Some(Date::new(2016, 4, 1)?);
    /// case.decided = Some(Date::new(2016, 5, 1)?);
    /// case.procedure.hearing_notified = Some(false);
    /// case.procedure.summary = Some(false);
    /// case.factors = Some(vec![]);
    /// case.decision.sanctions = Some(vec![]);
    /// case.grave_harm = Some(false);
    /// assert_eq!(rules.check(&case).checks_not_made().count(), 0, "{:?}", rules.check(&case).findings);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn checks_not_made(&self) -> impl Iterator<Item = &Finding<'a>> + '_ {
        self.findings.iter().filter(|f| matches!(f.check, CaseCheck::CheckNotMade | CaseCheck::OutcomeUndecided))
    }

    /// Whether a finding of `check` was made.
    pub fn has(&self, check: CaseCheck) -> bool {
        self.findings.iter().any(|f| f.check == check)
    }

    /// The name of the level: a tier id, a cell `[a, b]`, or `weights`.
    pub fn level_name(&self) -> Option<Cow<'a, str>> {
        let scheme = self.violation?.scheme_for(self.addressee)?;
        scheme.level_name(self.level?)
    }

    /// The level as a reader of `lang` names it ([`Scheme::level_label`](crate::table::Scheme::level_label)):
    /// its name in English, the table's Chinese names in Chinese.
    pub fn level_label(&self, lang: crate::table::Lang) -> Option<Cow<'a, str>> {
        let scheme = self.violation?.scheme_for(self.addressee)?;
        scheme.level_label(self.level?, lang)
    }

    /// Where the fine sits in the band ([`band_position`]): 0 at the bottom, 1 at the top,
    /// below 0 or above 1 outside; for a one-amount band, the signed distance from the amount in
    /// units of 10 % of it (at least 1 yuan).
    pub fn position(&self) -> Option<Decimal> {
        band_position(self.fine?, self.band.as_ref()?)
    }

    /// How far the fine lies outside the band, in band widths (0 inside; negative below). A
    /// one-amount band measures in units of 10 % of the amount, at least 1 yuan.
    pub fn distance(&self) -> Option<Decimal> {
        let (x, b) = (self.fine?, self.band?);
        let lo = b.min.unwrap_or(Decimal::ZERO);
        if !b.below(x) && !b.above(x) {
            return Some(Decimal::ZERO);
        }
        let hi = b.max.unwrap_or(lo);
        let width = if hi > lo { hi.checked_sub(lo)? } else { point_unit(lo) };
        let d =
            if b.below(x) { x.checked_sub(lo)?.checked_div(width)? } else { x.checked_sub(hi)?.checked_div(width)? };
        Some(d.round_dp(4))
    }

    /// The messages of the findings in `lang`.
    pub fn messages(&self, lang: Lang) -> impl Iterator<Item = String> + '_ {
        self.findings.iter().map(move |f| f.message(lang))
    }
}

/// Where `fine` sits in `band`, on the linear scale of `consistency.md`: 0 at the bottom, 1 at
/// the top, below 0 or above 1 outside (rounded to 4 places). A one-amount band (a per-day
/// fine, a clamped band) has no width: the position is the signed distance from the amount in
/// units of max(1 yuan, 10 % of the amount), 0 at the amount. `None` for a band without an
/// upper end, or an amount too large to divide.
///
/// ```
/// use discretion::check::band_position;
/// use discretion::table::Range;
/// let band = Range::between(10_000.into(), 30_000.into());
/// assert_eq!(band_position(25_000.into(), &band), Some("0.75".parse().unwrap()));
/// let one = Range::exactly(340.into());
/// assert_eq!(band_position(374.into(), &one), Some(1.into()));
/// assert_eq!(band_position(340.into(), &one), Some(0.into()));
/// ```
pub fn band_position(fine: Decimal, band: &Range) -> Option<Decimal> {
    let lo = band.min.unwrap_or(Decimal::ZERO);
    let hi = band.max?;
    let p = if hi > lo {
        fine.checked_sub(lo)?.checked_div(hi.checked_sub(lo)?)?
    } else {
        fine.checked_sub(lo)?.checked_div(point_unit(lo))?
    };
    Some(p.round_dp(4).normalize())
}

/// The unit a one-amount band is measured in: 10 % of the amount, at least 1 yuan.
pub(crate) fn point_unit(amount: Decimal) -> Decimal {
    (amount / Decimal::TEN).max(Decimal::ONE)
}
