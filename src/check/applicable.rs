//! The one computation of the band that applies to a case: the table version and statute
//! version by the case's dates with Art. 37, the branch, the level, the band in money, the band
//! brought inside the statute, and the table's adjustments. `check`, `allowed` and `range` all
//! use it, so they cannot disagree.

use rust_decimal::Decimal;

use super::finding::{NoLevelKind, Undetermined};
use crate::Date;
use crate::table::compiled::{
    CBand, CBranch, CFine, CScheme, FactId, FactSlots, FactSource, FineError, NoLevel, Tri, Value,
    within_statute_payable,
};
use crate::table::{
    Addressee, AdjustmentEffect, Benchmark, Disposition, Range, Scheme, StatuteBranch, StatuteVersion, Table, Violation,
};

/// What the band depends on: which violation, whose penalty, when, and the facts.
#[derive(Clone, Copy)]
pub(crate) struct Query<'q> {
    /// The violation group (`Benchmark::violation_group`).
    pub group: usize,
    /// Restricts to this table id, when the case names one.
    pub table: Option<&'q str>,
    pub addressee: Addressee,
    /// The date of the act (Art. 37: the law then in force).
    pub act: Option<Date>,
    /// The date of the decision (Art. 37: a lighter later law).
    pub decided: Option<Date>,
    /// The date of discovery: without a decision date, the decision came no earlier.
    pub discovered: Option<Date>,
    pub facts: &'q FactSlots,
}

/// Which statute version was applied (Art. 37, 从旧兼从轻).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum LawChoice {
    /// One version was in force throughout.
    Unchanged,
    /// The version in force at the act (the later one is not lighter).
    AtAct,
    /// The later version, in force at the decision, because it is lighter.
    LighterLater,
    /// Undecided: the case records no decision date, and the statute changed after the act to
    /// a text lighter for its facts — a decision after the change takes it (Art. 37). The band
    /// is that of the earliest law the decision may fall under; `check` says the rest (C041 or
    /// C027 for C003).
    Undecided,
}

/// How the law changed between act and decision (for C003).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Change<'a> {
    pub later: &'a StatuteVersion,
    pub at_act_range: Option<Range>,
    pub later_range: Option<Range>,
}

/// A weight model's computation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Weighed {
    pub start: Decimal,
    pub sum: Decimal,
    pub applied: Decimal,
    pub statutory_max: Decimal,
    pub amount: Decimal,
}

/// An adjustment that applied, or could not be decided, or could not be made.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Adjusted {
    pub index: usize,
    pub applied: AdjustOutcome,
}

/// What an adjustment whose condition is not false did to a case's band.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AdjustOutcome {
    /// It applied: the band before and after (a tier move: neither, it chose the level).
    Moved(Option<Range>, Option<Range>),
    /// Its condition could not be decided: this fact is missing. The band is unchanged.
    Undecided(FactId),
    /// It applies, but the level's band has no end to place the case by: "the lower end" of a
    /// tier written "一万元以下" is no fine at all. The band is unchanged, and the case says so.
    Unplaceable,
}

/// The band that applies to a case, and everything that went into it.
#[derive(Debug, Clone)]
pub(crate) struct Applicable<'a> {
    pub table: &'a Table,
    pub violation: &'a Violation,
    pub statute: &'a str,
    pub version: &'a StatuteVersion,
    pub choice: LawChoice,
    pub change: Option<Change<'a>>,
    /// Without a decision date: when a later version, lighter for these facts, took effect
    /// after the act — the version the decision falls under is unknown (Art. 37) — and its
    /// statutory range for them (payable amounts): the first such change after the band's law.
    pub undated_lighter: Option<(Date, Option<Range>)>,
    /// The statutory ranges (payable amounts) of every other law the decision may fall under
    /// (empty unless `undated_lighter`): a fine is lawful or not by the decision's date where
    /// they and the band's law disagree on it.
    pub undated_ranges: Vec<Range>,
    /// The bands (after clipping and the table's adjustments) under every other law the
    /// decision may fall under, where they can be computed: whether a fine is outside the band
    /// depends on the decision's date where they and `band` disagree on it.
    pub undated_bands: Vec<Range>,
    /// The act's date, where it precedes every text of the statute the rules hold (the text
    /// at the decision is applied; whether the one at the act was lighter cannot be told).
    pub act_before_statute: Option<Date>,
    /// The statute branch the band is measured against.
    pub branch: Option<&'a StatuteBranch>,
    pub cbranch: Option<&'a CBranch>,
    /// Indexes of the statute, its version and the branch applied.
    pub(crate) at: (usize, usize, Option<usize>),
    pub addressee: Addressee,
    pub scheme: &'a Scheme,
    pub cscheme: &'a CScheme,
    /// The level the facts select, before any adjustment.
    pub selected: usize,
    /// The level applied (after a tier up).
    pub level: usize,
    /// The band in money as the table gives it, for the level applied.
    pub table_band: Option<Range>,
    pub statutory: Option<Range>,
    /// The band applied: inside the statute, adjusted.
    pub band: Option<Range>,
    /// The band inside the statute, before the table's placements and reductions.
    pub clipped: Option<Range>,
    pub clip: Option<crate::table::Clip>,
    /// `(fact, base, floor)` when a base floor raised the base.
    pub floored: Option<(FactId, Decimal, Decimal)>,
    pub weights: Option<Weighed>,
    /// Empty (no allocation) unless an adjustment applied or could not be decided — and then
    /// the case has a finding anyway.
    adjustments: Vec<Adjusted>,
}

/// Why no band applies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum NotApplicable<'a> {
    /// The case names a table that defines no such violation.
    UnknownTable,
    /// No version of the table is in force on the case's dates.
    NotInForce(Date),
    Undetermined(Undetermined<'a>),
    NoLevel(NoLevelKind<'a>),
}

impl<'a> Applicable<'a> {
    /// The adjustments recorded, in order.
    pub fn adjustments(&self) -> impl Iterator<Item = &Adjusted> {
        self.adjustments.iter()
    }

    /// The compiled band of the level applied.
    pub fn cband(&self) -> Option<&'a CBand> {
        self.cscheme.band(self.level)
    }

    /// The model band of the level applied.
    pub fn model_band(&self) -> Option<&'a crate::table::Band> {
        self.scheme.level(self.level).map(|l| l.band)
    }

    /// Whether the statute lets the fine be left out for these facts: it sets none, or its
    /// branch says 可以处 (`fine_optional`). "处五万元以下罚款" sets no least amount but still
    /// requires a fine. A table cannot make a compulsory fine optional.
    pub fn statute_lets_fine_out(&self) -> bool {
        // A range of at most 0 (a share of an income of 0) allows no fine to be imposed.
        self.branch.is_some_and(|b| b.fine_optional)
            || self.statutory.is_none_or(|s| s.max.is_some_and(|m| m.is_zero()))
    }

    fn record(&mut self, a: Adjusted) {
        self.adjustments.push(a);
    }
}

/// Whether `a` is lighter than `b` (lower maximum; then lower minimum).
fn lighter(a: &Range, b: &Range) -> bool {
    let max = |r: &Range| r.max.unwrap_or(Decimal::MAX);
    let min = |r: &Range| r.min.unwrap_or(Decimal::ZERO);
    max(a) < max(b) || (max(a) == max(b) && min(a) < min(b))
}

/// The part of `band` between shares `part.min` and `part.max` of its width. A band of one
/// amount has no parts: "below the middle" of 100,000 is 100,000 (an empty `[100,000, 100,000)`
/// would put every fine outside it).
fn place(band: &Range, part: &Range) -> Option<Range> {
    // A band without a lower end ("一万元以下") is measured from 0: its middle is half its
    // maximum, its top the maximum, and a part reaching down to 0 keeps no lower end. A
    // placement at its lower end alone has nothing to place the case at: `None`, as for a band
    // without an upper end.
    let (lo, hi) = (band.min.unwrap_or(Decimal::ZERO), band.max?);
    if lo == hi {
        return Some(*band);
    }
    let width = hi.checked_sub(lo)?;
    let at = |s: Decimal| lo.checked_add(width.checked_mul(s)?).map(|v| v.normalize());
    let placed = Range {
        min: part.min.filter(|m| band.min.is_some() || !m.is_zero()).map(at).unwrap_or(band.min),
        max: part.max.map(at).unwrap_or(Some(hi)),
        excludes_min: part.excludes_min || (part.min.is_none_or(|m| m.is_zero()) && band.excludes_min),
        excludes_max: part.excludes_max || (part.max.is_none_or(|m| m == Decimal::ONE) && band.excludes_max),
    };
    (placed.max != Some(Decimal::ZERO)).then_some(placed)
}

/// The band reduced by `percent` (a range of percentages), never below `floor`: the lowest
/// amount loses the most, the highest the least. An end raised to the floor includes it.
fn reduce(band: &Range, percent: &Range, floor: Option<Decimal>) -> Option<Range> {
    let keep =
        |p: Option<Decimal>| Decimal::ONE_HUNDRED.checked_sub(p.unwrap_or_default())?.checked_div(Decimal::ONE_HUNDRED);
    let (most, least) = (keep(percent.max)?, keep(percent.min)?);
    // Each end: its reduced value, and whether the floor replaced it.
    let scaled = |v: Option<Decimal>, k: Decimal| -> Option<(Option<Decimal>, bool)> {
        match v {
            None => Some((None, false)),
            Some(v) => {
                let x = v.checked_mul(k)?.normalize();
                match floor {
                    Some(f) if x <= f => Some((Some(f), true)),
                    _ => Some((Some(x), false)),
                }
            }
        }
    };
    let ((min, floored_min), (max, floored_max)) = (scaled(band.min, most)?, scaled(band.max, least)?);
    let r = Range {
        min,
        max,
        excludes_min: band.excludes_min && !floored_min,
        excludes_max: band.excludes_max && !floored_max,
    };
    Some(if r.is_empty() { Range::exactly(min.unwrap_or_default()) } else { r })
}

impl Benchmark {
    /// The statute branch the facts themselves select — where the band names its own branch,
    /// and so may differ from it (`None` otherwise): the branch's index, none, or the first fact
    /// its choice needs that the case does not record. Computed once a case, for C035 and for
    /// the sanctions the facts' branch makes lawful.
    pub(crate) fn facts_branch_choice(
        &self,
        app: &Applicable<'_>,
        facts: &FactSlots,
    ) -> Option<Result<Option<usize>, FactId>> {
        let (si, version, _) = app.at;
        // Otherwise the branch applied is the one the facts select (or the only one): nothing
        // is evaluated again.
        app.cband()?.branch.get(version).copied().flatten()?;
        Some(self.branch_for(si, version, app.addressee, facts))
    }

    /// The facts' own branch when it differs from the one applied: its sanctions are lawful too.
    pub(crate) fn differing_branch<'a>(
        app: &Applicable<'a>,
        choice: Option<Result<Option<usize>, FactId>>,
    ) -> Option<&'a StatuteBranch> {
        let b = choice?.ok().flatten().filter(|b| Some(*b) != app.at.2)?;
        app.version.branches.get(b)
    }

    /// The table version in force at the act, else at the decision; an error when the case
    /// names a table that does not define the violation, or none is in force.
    fn pick_version(&self, q: &Query<'_>) -> Result<(usize, usize), NotApplicable<'_>> {
        let refs = self.group_refs(q.group);
        let matches =
            |(ti, _): &(usize, usize)| q.table.is_none_or(|id| self.tables().get(*ti).is_some_and(|t| t.id == id));
        let candidates = || refs.iter().copied().filter(matches);
        candidates().next().ok_or(NotApplicable::UnknownTable)?;
        let at = |d: Option<Date>| {
            d.and_then(|d| candidates().find(|(ti, _)| self.tables().get(*ti).is_some_and(|t| t.effective.contains(d))))
        };
        match (q.act, q.decided) {
            (None, None) => Err(NotApplicable::Undetermined(Undetermined::NoDates)),
            (act, decided) => {
                at(act).or_else(|| at(decided)).ok_or(NotApplicable::NotInForce(act.or(decided).unwrap_or(Date::MIN)))
            }
        }
    }

    /// The statute branch that applies to the facts for an addressee: the first conditional
    /// branch whose condition holds, else the unconditional one.
    pub(crate) fn branch_for(
        &self,
        statute: usize,
        version: usize,
        addressee: Addressee,
        facts: &FactSlots,
    ) -> Result<Option<usize>, FactId> {
        let Some(model) = self.statutes().get(statute).and_then(|s| s.versions.get(version)) else { return Ok(None) };
        let compiled = self.compiled().statutes.get(statute).and_then(|s| s.get(version));
        let mut default = None;
        for (i, b) in model.branches.iter().enumerate().filter(|(_, b)| b.addressee == addressee) {
            match compiled.and_then(|c| c.get(i)).and_then(|c| c.when.as_ref()) {
                None if b.when.is_none() => default = default.or(Some(i)),
                None => {}
                Some(w) => match w.eval(facts) {
                    Tri::True => return Ok(Some(i)),
                    Tri::Unknown(f) => return Err(f),
                    Tri::False => {}
                },
            }
        }
        Ok(default)
    }

    /// The statutory range in money for the facts, under a version: the band's own branch where
    /// the version has it, else the branch the facts select.
    fn statutory(
        &self,
        statute: usize,
        version: usize,
        named: Option<usize>,
        q: &Query<'_>,
    ) -> Result<(Option<usize>, Option<Range>), NotApplicable<'_>> {
        let branch = match named {
            Some(i) => Some(i),
            None => self
                .branch_for(statute, version, q.addressee, q.facts)
                .map_err(|f| self.missing_as(f, Undetermined::MissingBranchFact))?,
        };
        let fine = branch
            .and_then(|i| self.compiled().statutes.get(statute)?.get(version)?.get(i))
            .and_then(|b| b.fine.as_ref());
        let money = match fine {
            // As computed; `band_for_facts` brings it to payable amounts (`Range::payable`).
            Some(f) => Some(self.money(f, q.facts)?.range),
            None => None,
        };
        Ok((branch, money))
    }

    /// A fact the level reads is not given.
    fn missing(&self, f: FactId) -> NotApplicable<'_> {
        self.missing_as(f, |fact| Undetermined::MissingFact { fact, also: Vec::new() })
    }

    /// A fact is not given, and what it would have decided (`what`: the level, the statute's
    /// branch, the amount a fine is reckoned from).
    fn missing_as<'s>(&'s self, f: FactId, what: fn(&'s crate::table::Fact) -> Undetermined<'s>) -> NotApplicable<'s> {
        match self.fact_by_id(f) {
            Some(fact) => NotApplicable::Undetermined(what(fact)),
            None => NotApplicable::Undetermined(Undetermined::Overflow),
        }
    }

    fn money(&self, f: &CFine, facts: &FactSlots) -> Result<crate::table::compiled::Money, NotApplicable<'_>> {
        f.money(facts).map_err(|e| match e {
            FineError::Missing(f) => self.missing_as(f, Undetermined::MissingBaseFact),
            FineError::Overflow => NotApplicable::Undetermined(Undetermined::Overflow),
        })
    }

    /// The branch, statutory range and band of the level applied, computed from the facts.
    fn band_for_facts<'a>(
        &'a self,
        a: &mut Applicable<'a>,
        cband: &'a CBand,
        q: &Query<'_>,
    ) -> Result<(), NotApplicable<'a>> {
        let (si, version, _) = a.at;
        let (scheme, cscheme, version_model) = (a.scheme, a.cscheme, a.version);
        let named = cband.branch.get(version).copied().flatten();
        let (branch, statutory) = self.statutory(si, version, named, q)?;
        a.at.2 = branch;
        a.branch = branch.and_then(|b| version_model.branches.get(b));
        a.cbranch = branch.and_then(|b| self.compiled().statutes.get(si)?.get(version)?.get(b));
        let branch_fine = a.cbranch.and_then(|b| b.fine.as_ref());
        // Money is paid to the fen: the statute and the bands become payable amounts
        // (`Range::payable`) once the band is brought inside the statute as computed, so that a
        // band equal to a statutory end is not "outside" it by a rounding.
        a.statutory = statutory.map(|s| s.payable());
        let model_band = scheme.level(a.level).map(|l| l.band);
        let table_band = match (cscheme, scheme) {
            (CScheme::Weights { .. }, Scheme::Weights(w)) => {
                let max = statutory.and_then(|r| r.max).ok_or(NotApplicable::NoLevel(NoLevelKind::Branch))?;
                let sum = cscheme.weight_sum(q.facts, w.start, |_, _, _| {}).map_err(|e| match e {
                    NoLevel::Missing(f) => self.missing(f),
                    NoLevel::NoGrade(k) => NotApplicable::NoLevel(NoLevelKind::Grade(grade_axis(scheme, k))),
                    NoLevel::Overlap { axis, first, second } => overlap(scheme, axis, first, second),
                    _ => NotApplicable::NoLevel(NoLevelKind::Cell),
                })?;
                // No share of the maximum is below nothing (weights may be negative).
                let mut applied = sum.min(w.cap).max(Decimal::ZERO);
                if let Some(floor) = w.floor {
                    applied = applied.max(floor);
                }
                // Multiplied first, so that a share no decimal holds (1/3 of 300,000) is exact.
                let whole = Decimal::from(w.denominator);
                let amount = applied
                    .checked_mul(max)
                    .and_then(|x| x.checked_div(whole))
                    .or_else(|| applied.checked_div(whole)?.checked_mul(max))
                    .ok_or(NotApplicable::Undetermined(Undetermined::Overflow))?
                    .normalize();
                a.weights = Some(Weighed { start: w.start, sum, applied, statutory_max: max, amount });
                Some(Range::exactly(amount))
            }
            _ => match &cband.fine {
                Some(f) => {
                    let m = self.money(f, q.facts)?;
                    a.floored = m.floored;
                    Some(m.range)
                }
                None => None,
            },
        };
        // The statute's own base floor (A.6: a disposal cost below 200,000 counts as 200,000).
        if a.floored.is_none()
            && let Some(f) = branch_fine.filter(|f| f.has_floor())
            && let Ok(m) = f.money(q.facts)
        {
            a.floored = m.floored;
        }
        a.table_band = table_band.map(|b| b.payable());
        let mitigated = model_band.is_some_and(|b| b.disposition == Some(Disposition::Mitigated));
        a.band = match (table_band, statutory) {
            (Some(b), Some(s)) => {
                let (r, clip) = within_statute_payable(&b, &s, mitigated);
                a.clip = clip;
                Some(r)
            }
            (b, _) => b.map(|b| b.payable()),
        };
        Ok(())
    }

    /// The one computation of the band that applies (see the module documentation).
    pub(crate) fn applicable<'a>(&'a self, q: &Query<'_>) -> Result<Applicable<'a>, NotApplicable<'a>> {
        let (ti, vi) = self.pick_version(q)?;
        let (Some(table), Some(ctable)) = (self.tables().get(ti), self.compiled().tables.get(ti)) else {
            return Err(NotApplicable::UnknownTable);
        };
        let (Some(violation), Some(cviolation)) = (table.violations.get(vi), ctable.violations.get(vi)) else {
            return Err(NotApplicable::UnknownTable);
        };
        let (Some(scheme), Some(cscheme)) = (violation.scheme_for(q.addressee), cviolation.scheme(q.addressee)) else {
            return Err(NotApplicable::Undetermined(Undetermined::NoSchemeForAddressee));
        };
        let si = cviolation.statute.ok_or(NotApplicable::UnknownTable)?;
        let statute = self.statutes().get(si).ok_or(NotApplicable::UnknownTable)?;
        let version_at =
            |d: Option<Date>| d.and_then(|d| statute.versions.iter().position(|v| v.effective.contains(d)));
        let at_act = version_at(q.act.or(q.decided));
        let mut at_decision = version_at(q.decided);
        let Some(first) = at_act.or(at_decision) else {
            let date = q.act.or(q.decided).unwrap_or(Date::MIN);
            return Err(NotApplicable::Undetermined(Undetermined::StatuteNotInForce { statute: &statute.id, date }));
        };

        // The level the facts select, then the table's tier moves.
        let selected = cscheme.select(q.facts).map_err(|e| match e {
            NoLevel::Missing(f) => self.missing(f),
            NoLevel::NoTier => NotApplicable::NoLevel(NoLevelKind::Tier),
            NoLevel::NoCell => NotApplicable::NoLevel(NoLevelKind::Cell),
            NoLevel::NoGrade(k) => NotApplicable::NoLevel(NoLevelKind::Grade(grade_axis(scheme, k))),
            NoLevel::Overlap { axis, first, second } => overlap(scheme, axis, first, second),
        })?;

        // Art. 37: the law at the act, unless the later law is lighter for these facts. The
        // statutory ranges of versions x and y, and whether y's is the lighter.
        let compared = |x: usize, y: usize| -> Result<_, NotApplicable<'_>> {
            let (_, rx) = self.statutory(si, x, None, q)?;
            let (_, ry) = self.statutory(si, y, None, q)?;
            let later_lighter = matches!((&rx, &ry), (Some(a), Some(b)) if lighter(b, a));
            Ok((rx, ry, later_lighter))
        };
        // Without a decision date: the laws the decision may fall under (Art. 37). The decision
        // comes no earlier than the discovery, so the versions from the discovery's on — from
        // the act's where the discovery is not recorded or precedes a change — each choosing
        // itself where it is lighter than the act's, else the act's; and the act's too where the
        // latest version has an end (a decision after it takes the law at the act).
        let mut possible: Vec<(usize, Option<Range>)> = Vec::new();
        if let (Some(x), None) = (at_act, q.decided)
            && x + 1 < statute.versions.len()
        {
            let from = version_at(q.discovered).filter(|z| *z > x).unwrap_or(x);
            let last_open = statute.versions.last().is_some_and(|v| v.effective.until.is_none());
            let mut act_law = from == x || !last_open;
            for y in (from..statute.versions.len()).filter(|y| *y != x) {
                let (_, ry, later_lighter) = compared(x, y)?;
                if later_lighter {
                    possible.push((y, ry.map(|r| r.payable())));
                } else {
                    act_law = true;
                }
            }
            if act_law {
                let (_, rx) = self.statutory(si, x, None, q)?;
                possible.insert(0, (x, rx.map(|r| r.payable())));
            }
            // One law possible: settled, as by a decision date under it (a law after the act's
            // not lighter is the act's, the change said).
            if let [(v, _)] = possible.as_slice() {
                at_decision = Some(if *v == x { from } else { *v });
                possible.clear();
            }
        }
        // A decision dated before its discovery (C034): which date is wrong cannot be told, and
        // if it is the decision's, the decision came on or after the discovery — at any later
        // date. So it falls under the law its own date chooses or under one from the
        // discovery's on, each choosing itself where lighter than the act's, else the act's.
        // Several such laws: open, as without a decision date.
        if let (Some(x), Some(y), Some(z)) = (at_act, at_decision, version_at(q.discovered))
            && q.decided < q.discovered
        {
            let mut laws: Vec<usize> = Vec::new();
            for v in std::iter::once(y).chain(z..statute.versions.len()) {
                let chosen = if v == x || !compared(x, v)?.2 { x } else { v };
                if !laws.contains(&chosen) {
                    laws.push(chosen);
                }
            }
            laws.sort_unstable();
            if laws.len() > 1 {
                for v in laws {
                    let (_, r) = self.statutory(si, v, None, q)?;
                    possible.push((v, r.map(|r| r.payable())));
                }
                at_decision = None;
            }
        }
        let (version, choice, change) = match (at_act, at_decision) {
            (Some(x), Some(y)) if x != y => {
                let (rx, ry, later_lighter) = compared(x, y)?;
                let later = statute.versions.get(y).ok_or(NotApplicable::UnknownTable)?;
                let change =
                    Change { later, at_act_range: rx.map(|r| r.payable()), later_range: ry.map(|r| r.payable()) };
                if later_lighter {
                    (y, LawChoice::LighterLater, Some(change))
                } else {
                    (x, LawChoice::AtAct, Some(change))
                }
            }
            _ => match possible.first() {
                Some((v, _)) => (*v, LawChoice::Undecided, None),
                None => (first, LawChoice::Unchanged, None),
            },
        };
        // The first lighter law after the band's, and every other law's range.
        let undated_lighter = possible.get(1).and_then(|(v, r)| Some((statute.versions.get(*v)?.effective.from, *r)));
        let undated_ranges: Vec<Range> = possible.iter().skip(1).filter_map(|(_, r)| *r).collect();
        let version_model = statute.versions.get(version).ok_or(NotApplicable::UnknownTable)?;

        let mut a = Applicable {
            table,
            violation,
            statute: &statute.id,
            version: version_model,
            choice,
            change,
            undated_lighter,
            undated_ranges,
            undated_bands: Vec::new(),
            act_before_statute: q.act.filter(|_| at_act.is_none()),
            branch: None,
            cbranch: None,
            at: (si, version, None),
            addressee: q.addressee,
            scheme,
            cscheme,
            selected,
            level: selected,
            table_band: None,
            statutory: None,
            band: None,
            clipped: None,
            clip: None,
            floored: None,
            weights: None,
            adjustments: Vec::new(),
        };

        // Tier moves first: they change the level whose band is then computed.
        let covering = || {
            cviolation
                .adjustments
                .iter()
                .filter_map(|&i| Some((i, table.adjustments.get(i)?, ctable.adjustments.get(i)?)))
        };
        for (i, adj, compiled) in covering() {
            let AdjustmentEffect::TierUp(n) = adj.effect else { continue };
            match compiled.when.eval(q.facts) {
                Tri::True => {
                    let before = a.level;
                    let kept = Kept { facts: q.facts, keep: &compiled.keep };
                    a.level = tier_up(scheme, cscheme, a.level, n, &kept).map_err(|(rank, fitting)| {
                        NotApplicable::NoLevel(NoLevelKind::TierUpTarget {
                            adjustment: &adj.id,
                            rank,
                            fitting,
                            keeps: !adj.keep.is_empty(),
                        })
                    })?;
                    if a.level != before {
                        a.record(Adjusted { index: i, applied: AdjustOutcome::Moved(None, None) });
                    }
                }
                Tri::Unknown(f) => a.record(Adjusted { index: i, applied: AdjustOutcome::Undecided(f) }),
                Tri::False => {}
            }
        }

        let cband = cscheme.band(a.level).ok_or(NotApplicable::NoLevel(NoLevelKind::Cell))?;
        match cband.fixed.get(version).copied().flatten() {
            // The band and statute do not depend on the facts: computed once at load.
            Some(f) => {
                a.at.2 = Some(f.branch);
                a.branch = version_model.branches.get(f.branch);
                a.cbranch = self.compiled().statutes.get(si).and_then(|s| s.get(version)?.get(f.branch));
                a.statutory = Some(f.statutory);
                a.table_band = Some(f.table_band);
                a.band = Some(f.band);
                a.clip = f.clip;
            }
            None => self.band_for_facts(&mut a, cband, q)?,
        }
        a.clipped = a.band;

        // Placement inside the band and reductions, in the order the table lists them. A
        // placement is a part of the level's band (a later one replaces an earlier one: "the
        // top of the tier" is the tier's top); a reduction reduces what the band has become.
        for (i, adj, compiled) in covering() {
            let before = a.band;
            let after = match (&adj.effect, before, a.clipped) {
                (AdjustmentEffect::TierUp(_), _, _) | (_, None, _) | (AdjustmentEffect::Place(_), _, None) => continue,
                (AdjustmentEffect::Place(part), _, Some(level)) => place(&level, part),
                (AdjustmentEffect::Reduce(pct), Some(b), _) => reduce(&b, pct, a.statutory.and_then(|s| s.min)),
            }
            .map(|r| r.payable());
            match compiled.when.eval(q.facts) {
                Tri::True => match after {
                    // Recorded only when it changes the band (placing inside a point changes nothing).
                    Some(after) if Some(after) != before => {
                        a.band = Some(after);
                        a.record(Adjusted { index: i, applied: AdjustOutcome::Moved(before, Some(after)) });
                    }
                    Some(_) => {}
                    None => a.record(Adjusted { index: i, applied: AdjustOutcome::Unplaceable }),
                },
                Tri::Unknown(f) => a.record(Adjusted { index: i, applied: AdjustOutcome::Undecided(f) }),
                Tri::False => {}
            }
        }
        // The band under each other law the decision may fall under: the band of a decision
        // dated the day that law took effect (settled, so no deeper than one call).
        if a.choice == LawChoice::Undecided {
            for (v, _) in possible.iter().skip(1) {
                let Some(from) = statute.versions.get(*v).map(|x| x.effective.from) else { continue };
                let dated = Query { decided: Some(from), discovered: None, ..*q };
                if let Some(band) = self.applicable(&dated).ok().and_then(|x| x.band) {
                    a.undated_bands.push(band);
                }
            }
        }
        Ok(a)
    }
}

/// The id of axis (or weight factor) `k` of a scheme.
/// Two alternatives that both hold where the table forbids overlaps, by name.
fn overlap(scheme: &Scheme, axis: Option<usize>, first: usize, second: usize) -> NotApplicable<'_> {
    let name = |i: usize| -> &str {
        match (scheme, axis) {
            (Scheme::Tiers { tiers, .. }, None) => tiers.get(i).map_or("", |t| t.id.as_str()),
            (Scheme::Matrix { axes, .. }, Some(k)) => {
                axes.get(k).and_then(|a| a.grades.get(i)).map_or("", |g| g.id.as_str())
            }
            // Weight grades have no id: their name when they have one, else none (said as
            // "two grades").
            (Scheme::Weights(w), Some(k)) => w
                .factors
                .get(k)
                .and_then(|f| f.grades.get(i))
                .filter(|g| g.label.has(crate::table::Lang::En))
                .map_or("", |g| g.label.get(crate::table::Lang::En)),
            _ => "",
        }
    };
    NotApplicable::NoLevel(NoLevelKind::Overlap {
        axis: axis.map(|k| grade_axis(scheme, k)),
        first: name(first),
        second: name(second),
    })
}

fn grade_axis(scheme: &Scheme, k: usize) -> &str {
    match scheme {
        Scheme::Matrix { axes, .. } => axes.get(k).map_or("", |a| a.id.as_str()),
        Scheme::Weights(w) => w.factors.get(k).map_or("", |f| f.id.as_str()),
        Scheme::Tiers { .. } => "",
    }
}

/// The facts a tier up keeps (`keep:`), the others not given: a tier of the rank moved to fits
/// the case when its condition can still hold.
struct Kept<'a, F> {
    facts: &'a F,
    keep: &'a [FactId],
}

impl<F: FactSource> FactSource for Kept<'_, F> {
    fn value(&self, fact: FactId) -> Option<Value> {
        if self.keep.contains(&fact) { self.facts.value(fact) } else { None }
    }
}

/// The tier `n` ranks above `level`, never past the heaviest. Where that rank has parallel tiers
/// (Jiangmen 2-6's rank 3: one per pollutant kind and basis), the one with the same statute
/// branch; then those whose condition the case's values of the facts the rule keeps can still
/// meet (the other facts, the severity the case did not reach, are what the move overrides):
/// exactly one, or the first of them under `first_match`. `Err((rank, fitting))` otherwise — a
/// rule that keeps no fact leaves parallel tiers undecided: the level is not guessed.
fn tier_up<F: FactSource>(
    scheme: &Scheme,
    cscheme: &CScheme,
    level: usize,
    n: u32,
    kept: &Kept<'_, F>,
) -> Result<usize, (u32, usize)> {
    let (Scheme::Tiers { tiers, .. }, CScheme::Tiers { when, overlap, .. }) = (scheme, cscheme) else {
        return Ok(level);
    };
    let Some(current) = tiers.get(level) else { return Ok(level) };
    let mut ranks: Vec<u32> = tiers.iter().map(|t| t.rank).collect();
    ranks.sort_unstable();
    ranks.dedup();
    let Some(at) = ranks.iter().position(|r| *r == current.rank) else { return Ok(level) };
    let target = ranks.get(at.saturating_add(n as usize)).or(ranks.last()).copied().unwrap_or(current.rank);
    if target == current.rank {
        return Ok(level);
    }
    let candidates: Vec<usize> = tiers.iter().enumerate().filter(|(_, t)| t.rank == target).map(|(i, _)| i).collect();
    if let [one] = candidates.as_slice() {
        return Ok(*one);
    }
    let same_branch: Vec<usize> = candidates
        .iter()
        .copied()
        .filter(|i| tiers.get(*i).is_some_and(|t| t.band.branch == current.band.branch))
        .collect();
    let pool = if same_branch.is_empty() { &candidates } else { &same_branch };
    if let [one] = pool.as_slice() {
        return Ok(*one);
    }
    if kept.keep.is_empty() {
        return Err((target, pool.len()));
    }
    let fitting: Vec<usize> =
        pool.iter().copied().filter(|i| when.get(*i).is_some_and(|c| c.eval(kept) != Tri::False)).collect();
    match (fitting.as_slice(), overlap) {
        ([one], _) => Ok(*one),
        ([first, ..], crate::table::OverlapPolicy::FirstMatch) => Ok(*first),
        _ => Err((target, fitting.len())),
    }
}

/// A case's `circumstances` fact value from its claimed disposition or cited factors.
pub(crate) fn circumstances(
    claimed: Option<Disposition>,
    aggravating: Option<bool>,
    mitigating: Option<bool>,
) -> Option<Value> {
    let word = |w: u16| Some(Value::Word(w));
    match claimed {
        Some(Disposition::Lighter | Disposition::Mitigated) => word(0),
        Some(Disposition::Ordinary) => word(1),
        Some(Disposition::Heavier) => word(2),
        Some(Disposition::NoPenalty) => None,
        None => match (aggravating?, mitigating?) {
            (true, false) => word(2),
            (false, true) => word(0),
            (false, false) => word(1),
            (true, true) => None,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::place;
    use crate::table::Range;
    use rust_decimal::Decimal;

    fn d(n: i64) -> Decimal {
        Decimal::from(n)
    }

    #[test]
    fn a_band_without_a_lower_end_is_placed_from_zero_and_keeps_no_lower_end() {
        let open = Range { min: None, max: Some(d(3000)), excludes_min: false, excludes_max: false };
        let part = |min: i64, max_tenths: i64| Range {
            min: Some(d(min)),
            max: Some(Decimal::new(max_tenths, 1)),
            excludes_min: false,
            excludes_max: false,
        };
        // The lower fifth: at most 600 — not 0–600, which would let no fine at all keep to it.
        assert_eq!(place(&open, &part(0, 2)), Some(Range { min: None, max: Some(d(600)), ..open }));
        // The middle and the top.
        let middle = Range { min: Some(Decimal::new(5, 1)), ..part(0, 5) };
        assert_eq!(place(&open, &middle), Some(Range::exactly(d(1500))));
        // The lower end alone is no fine: not placed.
        assert_eq!(place(&open, &part(0, 0)), None);
        // Nor is anything in a band without an upper end.
        let above = Range { min: Some(d(5000)), max: None, excludes_min: false, excludes_max: false };
        assert_eq!(place(&above, &part(0, 5)), None);
    }
}
