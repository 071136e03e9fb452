//! [`Benchmark::check`]: one case against the table and the Administrative Penalty Law.
//!
//! The steps follow legal review (法制审核): the band that applies (`applicable`: the law in
//! force with Art. 37, the level, band ∩ statute, the table's adjustments), exemptions first
//! (Art. 33, no-penalty lists), the fine against band and statute, dispositions, sanctions,
//! limitation (Art. 36), procedure (Art. 51, 57, 63). Findings are data; nothing is formatted
//! here, and a clean case allocates nothing.

use rust_decimal::Decimal;

use super::applicable::{AdjustOutcome, Applicable, NotApplicable, Query};
use super::assessment::Assessment;
use super::case::{Case, Party};
use super::finding::{BranchName, CaseCheck, Detail, ExemptionSource, Missing, Undetermined};
use super::prepared::FactProblem;
use super::suspended::Suspended;
use crate::Date;
use crate::table::compiled::{CCond, FactSlots, FactSource, Tri};
use crate::table::{Benchmark, Disposition, Effect, ExemptionKind, SanctionKind, SanctionSpec, Table, Value};

/// Art. 51: on-the-spot decisions only up to these fines. [V] law text, not table data.
const SUMMARY_LIMIT_INDIVIDUAL: i64 = 200;
const SUMMARY_LIMIT_ORGANISATION: i64 = 3_000;

const APL_28: &str = "行政处罚法 第二十八条第二款";
const APL_33: &str = "行政处罚法 第三十三条第一款";
const APL_EXEMPT: &str = "行政处罚法 第三十条、第三十一条、第三十三条";

fn is_order(k: SanctionKind) -> bool {
    matches!(k, SanctionKind::OrderToCorrect | SanctionKind::OrderToStop)
}

/// What the cited factors say, each `None` when the case does not record its factors.
#[derive(Clone, Copy)]
struct Cited {
    aggravating: Option<bool>,
    mitigating: Option<bool>,
    must_mitigate: Option<bool>,
}

/// What the no-penalty lists say of a case: whether a mandatory entry applies, whether a
/// discretionary one does (before any suspension), and the first fact whose absence leaves an
/// entry undecided.
#[derive(Clone, Copy)]
struct Exempt<'a> {
    mandatory: bool,
    discretionary: bool,
    undecided: Option<&'a crate::table::Fact>,
}

/// Whether a no-penalty decision has a ground ([`Benchmark::no_penalty_ground`]).
#[derive(Clone, Copy)]
enum Ground<'a> {
    Yes,
    No,
    /// Only a "may not penalise" provision, which a suspension whose condition reads an
    /// unrecorded fact may lift: what the case lacks.
    Unknown(Missing<'a>),
}

impl Benchmark {
    /// Whether the case cites a factor whose effect passes `effect` (`None`: factors not recorded).
    fn cites(&self, case: &Case, effect: impl Fn(Effect) -> bool) -> Option<bool> {
        let date = case.act_date();
        let factors = case.factors.as_ref()?;
        Some(factors.iter().filter_map(|id| self.factor_in_force(id, date)).any(|f| effect(f.effect)))
    }

    pub(crate) fn factor_in_force(&self, id: &str, date: Option<Date>) -> Option<&crate::table::Factor> {
        self.factor_in_force_at(id, date).map(|(f, _)| f)
    }

    pub(crate) fn cited(&self, case: &Case) -> (Option<bool>, Option<bool>) {
        let c = self.cited_all(case);
        (c.aggravating, c.mitigating)
    }

    fn cited_all(&self, case: &Case) -> Cited {
        Cited {
            aggravating: self.cites(case, |e| e == Effect::Heavier),
            mitigating: self.cites(case, |e| matches!(e, Effect::MustLightenOrMitigate | Effect::MayLightenOrMitigate)),
            must_mitigate: self.cites(case, |e| e == Effect::MustLightenOrMitigate),
        }
    }

    /// Checks one case against the rules: the core every other entry point uses.
    pub(crate) fn assess<'a>(
        &'a self,
        case: &Case,
        facts: &FactSlots,
        group: Option<usize>,
        problems: &[FactProblem],
    ) -> Assessment<'a> {
        let mut a = Assessment::new(case.decision.fine);
        a.addressee = case.addressee;
        // A negative amount, or one with a fraction of a fen, is no decision anyone made: judged,
        // it would be "below the band" and "outside the statute", or pass at 100.004 where the
        // band ends at 100 — a verdict on a typing or rounding error. Said, and nothing judged.
        // (The readers of case files refuse both; only a `Case` built in a program gets here.)
        let amounts = [("fine", case.decision.fine), ("confiscated_gains", case.decision.confiscated_gains)];
        let mut unpayable = false;
        for (field, amount) in amounts {
            let Some(amount) = amount else { continue };
            if amount.is_sign_negative() && !amount.is_zero() {
                a.add(CaseCheck::NegativeAmount, Detail::NegativeAmount { field, amount });
                unpayable = true;
            } else if amount.normalize().scale() > 2 {
                a.add(CaseCheck::NegativeAmount, Detail::FractionOfAFen { field, amount });
                unpayable = true;
            }
        }
        if unpayable {
            return a;
        }
        // The party's type: the case field, else the `party` fact.
        let party = case.party.or_else(|| {
            let id = self.compiled().party?;
            match facts.value(id)? {
                Value::Word(0) => Some(Party::Individual),
                Value::Word(1) => Some(Party::Organisation),
                _ => None,
            }
        });
        for p in problems {
            a.add(
                CaseCheck::InvalidFact,
                Detail::InvalidFact {
                    fact: p.fact.clone(),
                    problem: p.problem.clone(),
                    problem_zh: p.problem_zh.clone(),
                },
            );
        }
        dates_in_order(case, &mut a);
        let Some(group) = group else {
            a.add(CaseCheck::UnknownViolation, self.unknown_violation(case));
            return a;
        };
        let penalised = case.penalised();
        if penalised.is_none() {
            a.add(CaseCheck::NoDecision, Detail::Plain);
        }
        let query = Query {
            group,
            table: case.table.as_deref(),
            addressee: case.addressee,
            act: case.act_date(),
            decided: case.decided,
            discovered: case.discovered,
            facts,
        };
        let applicable = self.applicable(&query);
        // The statute applied, by its index resolved at load (no lookup by id per case).
        let statute_applied = applicable.as_ref().ok().and_then(|app| self.statutes().get(app.at.0));
        let table = match &applicable {
            Ok(app) => Some(app.table),
            Err(NotApplicable::UnknownTable) => {
                a.add(CaseCheck::UnknownViolation, self.unknown_violation(case));
                return a;
            }
            // The table for exemptions and procedure, even when no level can be decided.
            Err(_) => self.group_versions(group).next().map(|(t, _)| t),
        };
        a.table = table;
        a.violation = match &applicable {
            Ok(app) => Some(app.violation),
            Err(_) => self.group_versions(group).next().map(|(_, v)| v),
        };
        let cited = self.cited_all(case);
        // Guangdong 附件2 备注二: the table may lift the "may not penalise" provisions.
        let suspended = self.suspended(table, a.violation, facts, case.act_date());
        let exempt = self.exemptions(case, group, &mut a, penalised, facts, suspended);
        self.factors(case, &mut a, penalised, facts, suspended);
        match applicable {
            Ok(app) => self.judge(case, facts, &app, &mut a, penalised, (exempt, suspended), cited),
            Err(NotApplicable::Undetermined(u)) => {
                let u = super::allowed::with_others_missing(self, u, a.violation, case.addressee, facts);
                a.add(CaseCheck::LevelUndetermined, Detail::Undetermined(u));
            }
            Err(NotApplicable::NoLevel(what)) => {
                a.add(CaseCheck::NoLevel, Detail::NoLevel { what });
            }
            Err(NotApplicable::NotInForce(date)) => {
                a.add(CaseCheck::UnknownViolation, Detail::Undetermined(Undetermined::TableNotInForce(date)));
            }
            Err(NotApplicable::UnknownTable) => {}
        }
        // The law in force at the act: its own limitation period, if it sets one (Art. 36 "法律另有规定").
        let own_period = statute_applied
            .or_else(|| a.violation.and_then(|v| self.statute(&v.statute)))
            .zip(case.act_ended.or(case.act_started))
            .and_then(|(s, ended)| s.version_at(ended)?.limitation.as_ref());
        limitation(case, own_period, &mut a);
        if let Some(t) = table {
            procedure(case, party, t, &mut a);
        }
        a
    }

    /// No-penalty lists in force for the violation, before any band. Returns which kinds of
    /// exemption apply (a ground for not penalising, a discretionary one unless `suspended`),
    /// and the first fact whose absence leaves an exemption undecided.
    fn exemptions<'a>(
        &'a self,
        case: &Case,
        group: usize,
        a: &mut Assessment<'a>,
        penalised: Option<bool>,
        facts: &FactSlots,
        suspended: Suspended<'a>,
    ) -> Exempt<'a> {
        let mut exempt = Exempt { mandatory: false, discretionary: false, undecided: None };
        for (e, cond) in self.exemptions_in_force(group, case.act_date()) {
            {
                let met = cond.eval(facts);
                // A discretionary entry the table lifts for these facts, met or undecided: no
                // ground whatever its facts, and said (C040), whatever the decision (C025 follows
                // where it was the only ground for not penalising).
                if let (ExemptionKind::Discretionary, Suspended::Yes(suspension)) = (e.kind, suspended)
                    && !matches!(met, Tri::False)
                {
                    a.add(
                        CaseCheck::ExemptionSuspended,
                        Detail::Suspended { source: ExemptionSource::List(e), suspension },
                    );
                    continue;
                }
                match met {
                    Tri::True if e.kind == ExemptionKind::Mandatory => exempt.mandatory = true,
                    Tri::True => exempt.discretionary = true,
                    Tri::Unknown(f) => {
                        exempt.undecided = exempt.undecided.or(self.fact_by_id(f));
                        if penalised == Some(true)
                            && let Some(fact) = self.fact_by_id(f)
                        {
                            // A mandatory exemption that may apply leaves open whether
                            // penalising is lawful at all (C041); a discretionary one only
                            // whether the officer might have spared the party (C027).
                            let (code, check) = match e.kind {
                                ExemptionKind::Mandatory => {
                                    (CaseCheck::OutcomeUndecided, CaseCheck::PenalisedDespiteExemption)
                                }
                                ExemptionKind::Discretionary => {
                                    (CaseCheck::CheckNotMade, CaseCheck::DiscretionaryExemption)
                                }
                            };
                            a.add(code, Detail::NotMade { check, missing: Missing::Fact(fact) });
                        }
                        continue;
                    }
                    Tri::False => continue,
                }
                if penalised != Some(true) {
                    continue;
                }
                let (check, citation) = match e.kind {
                    ExemptionKind::Mandatory => (CaseCheck::PenalisedDespiteExemption, APL_33),
                    ExemptionKind::Discretionary => (CaseCheck::DiscretionaryExemption, APL_33),
                };
                a.add(check, Detail::Exemption(ExemptionSource::List(e))).citation = Some(citation);
                if e.kind == ExemptionKind::Discretionary {
                    suspension_unknown(suspended, a);
                }
            }
        }
        exempt
    }

    /// The no-penalty entries (不予处罚清单) for a violation's group in tables in force at
    /// `date` (every table when it is not known), with their compiled conditions.
    pub(crate) fn exemptions_in_force(
        &self,
        group: usize,
        date: Option<crate::Date>,
    ) -> impl Iterator<Item = (&crate::table::Exemption, &CCond)> + '_ {
        self.group_exemptions(group).iter().filter_map(move |&(ti, ei)| {
            let t = self.tables().get(ti).filter(|t| date.is_none_or(|d| t.effective.contains(d)))?;
            Some((t.exemptions.get(ei)?, self.compiled().tables.get(ti)?.exemptions.get(ei)?))
        })
    }

    /// Cited factors: known, in force, not exclusive, exempting ones respected.
    fn factors<'a>(
        &'a self,
        case: &Case,
        a: &mut Assessment<'a>,
        penalised: Option<bool>,
        facts: &FactSlots,
        suspended: Suspended<'a>,
    ) {
        let Some(factors) = &case.factors else { return };
        let date = case.act_date();
        for (i, id) in factors.iter().enumerate() {
            let Some((f, presumes)) = self.factor_in_force_at(id, date) else {
                match (self.factor(id), date) {
                    (Some(f), Some(d)) => {
                        a.add(CaseCheck::FactorNotInForce, Detail::FactorNotInForce { factor: f, date: d });
                    }
                    _ => {
                        a.add(CaseCheck::UnknownFactor, Detail::UnknownFactor(id.clone()));
                    }
                }
                continue;
            };
            // What the factor presumes, against the case's own facts: a first-offence exemption
            // cited for a case recorded as not a first violation is no ground as it stands.
            let contradicted = presumes.is_some_and(|p| matches!(p.eval(facts), Tri::False));
            if let (true, Some(presumed)) = (contradicted, &f.presumes) {
                // The facts that contradict it: those of the parts the case makes false. Compiled
                // here, on this rare path only; the whole presumption is compiled at load.
                let parts: Vec<&crate::table::Condition> = match presumed {
                    crate::table::Condition::All(parts) => parts.iter().collect(),
                    whole => vec![whole],
                };
                let mut read: Vec<&crate::table::Fact> = Vec::new();
                for part in parts {
                    if matches!(self.compiled().condition(part).eval(facts), Tri::False) {
                        part.for_each_fact(&mut |id| {
                            if let Some(fact) = self.fact(id).filter(|x| !read.iter().any(|r| r.id == x.id)) {
                                read.push(fact);
                            }
                        });
                    }
                }
                a.add(CaseCheck::FactorContradicted, Detail::FactorContradicted { factor: f, facts: read });
            }
            for other in factors.iter().skip(i + 1) {
                if f.excludes.contains(other)
                    && let Some(g) = self.factor_in_force(other, date)
                {
                    a.add(CaseCheck::ExclusiveFactors, Detail::ExclusiveFactors(f, g));
                }
            }
            // A "may not penalise" factor the table lifts for these facts (备注二): said, and no
            // ground for not penalising, nor a penalty that could have been waived.
            if f.effect == Effect::MayNoPenalty
                && let Suspended::Yes(suspension) = suspended
            {
                a.add(
                    CaseCheck::ExemptionSuspended,
                    Detail::Suspended { source: ExemptionSource::Factor(f), suspension },
                );
                continue;
            }
            // A factor the facts contradict is no ground to weigh the penalty against (C039 asks).
            if penalised != Some(true) || contradicted {
                continue;
            }
            match f.effect {
                Effect::NoPenalty => {
                    a.add(CaseCheck::PenalisedDespiteExemption, Detail::Exemption(ExemptionSource::Factor(f)))
                        .citation = Some(APL_EXEMPT);
                }
                Effect::MayNoPenalty => {
                    a.add(CaseCheck::DiscretionaryExemption, Detail::Exemption(ExemptionSource::Factor(f)));
                    suspension_unknown(suspended, a);
                }
                _ => {}
            }
        }
    }

    /// Whether a no-penalty decision has a ground: an exemption applies, the level imposes no
    /// penalty, or an exempting factor is cited — a discretionary exemption or a
    /// `may_no_penalty` factor only where no suspension of the table lifts it (unknown where the
    /// case does not record what a suspension reads).
    fn no_penalty_ground<'a>(
        &self,
        case: &Case,
        facts: &FactSlots,
        app: &Applicable<'_>,
        (exempt, suspended): (Exempt<'_>, Suspended<'a>),
    ) -> Ground<'a> {
        // A level that sets no fine (a weight model computes one), or only one that may be left
        // out (可以处), and requires nothing else for these facts: each required sanction an order
        // (orders to correct are no penalty, and are not looked for in decisions) or one whose
        // condition does not hold (an unknown one counts as required), each one-of group
        // satisfiable by an order.
        let nothing_else = app.model_band().zip(app.cband()).is_some_and(|(b, cb)| {
            let off = |c: &Option<CCond>| c.as_ref().is_some_and(|c| matches!(c.eval(facts), Tri::False));
            b.required.iter().zip(&cb.required).all(|(s, c)| is_order(s.kind) || off(c))
                && b.one_of.iter().all(|g| g.iter().any(|s| is_order(s.kind)))
        });
        // …and the statute lets the fine be left out for these facts: a table cannot make a
        // compulsory fine optional.
        let statute_free = app.statute_lets_fine_out();
        let level_free = app.model_band().is_some_and(|b| {
            b.disposition == Some(Disposition::NoPenalty)
                || ((app.band.is_none() || b.fine_optional) && nothing_else && statute_free)
        });
        if exempt.mandatory || level_free || self.cites(case, |e| e == Effect::NoPenalty) == Some(true) {
            return Ground::Yes;
        }
        if !exempt.discretionary && self.cites(case, |e| e == Effect::MayNoPenalty) != Some(true) {
            return Ground::No;
        }
        match suspended {
            Suspended::No => Ground::Yes,
            Suspended::Yes(_) => Ground::No,
            Suspended::Unknown(suspension, fact) => Ground::Unknown(Missing::SuspensionFact { suspension, fact }),
        }
    }

    /// The case's illegal gains, when recorded: the fact Art. 28 reads (`illegal_gains`,
    /// docs/FORMAT.md §3).
    pub(crate) fn illegal_gains(&self, facts: &FactSlots) -> Option<Decimal> {
        self.compiled().illegal_gains.and_then(|f| match facts.value(f) {
            Some(Value::Number(n)) => Some(n),
            _ => None,
        })
    }

    /// C035: the band is filed under a statute branch (`branch:` on the band) and the case's
    /// own facts select another with a different statutory range: said, never settled
    /// silently for the table's.
    fn branch_conflict<'a>(
        &'a self,
        case: &Case,
        facts: &FactSlots,
        app: &Applicable<'a>,
        choice: Option<Result<Option<usize>, crate::table::FactId>>,
        a: &mut Assessment<'a>,
    ) {
        // The table gives a fine where the statute, for these facts, sets none (no branch
        // applies, or the one that applies has no fine).
        if app.statutory.is_none() && app.band.is_some() && app.cband().is_some_and(|b| b.fine.is_some()) {
            a.add(
                CaseCheck::BranchConflict,
                Detail::NoStatutoryFine { branch: app.branch.map(|b| self.branch_name(b)) },
            );
            return;
        }
        // Only a band that names its branch can differ from the facts' own (`choice`).
        let (si, version, applied_index) = app.at;
        let (Some(applied), Some(choice)) = (app.branch, choice) else { return };
        let selected_index = match choice {
            // A fact the statute's branches read is not recorded: whether the facts select
            // another is unknown — said, not taken as "the table's", where it matters: some
            // branch differs in its fine, or in a sanction the decision imposes or the band
            // requires.
            Err(f) => {
                let band_requires = app.model_band().map(|b| b.required.as_slice()).unwrap_or_default();
                let kinds: Vec<SanctionKind> = case
                    .decision
                    .sanctions
                    .iter()
                    .flatten()
                    .map(|s| s.kind)
                    .chain(band_requires.iter().map(|s| s.kind))
                    .filter(|k| !is_order(*k))
                    .collect();
                let matters = app.version.branches.iter().filter(|b| b.addressee == app.addressee).any(|b| {
                    b.fine != applied.fine
                        || b.fine_optional != applied.fine_optional
                        || kinds.iter().any(|&k| b.provides(k) != applied.provides(k))
                });
                // The branches differ for this case. The band's own filing (`branch:`) is the
                // table's reading of the circumstances, and it stands where the record is silent:
                // said as a note, C035 being for a record that contradicts it.
                if matters && let Some(fact) = self.fact_by_id(f) {
                    a.add(
                        CaseCheck::CheckNotMade,
                        Detail::NotMade { check: CaseCheck::BranchConflict, missing: Missing::Fact(fact) },
                    );
                }
                return;
            }
            // The statute sets nothing for these facts (a fine only 情节严重 cases get, and the
            // case is recorded as not serious).
            Ok(None) => {
                a.add(CaseCheck::BranchConflict, Detail::NoBranchSelected { applied: self.branch_name(applied) });
                return;
            }
            Ok(Some(b)) if Some(b) == applied_index => return,
            Ok(Some(b)) => b,
        };
        let Some(selected) = app.version.branches.get(selected_index) else { return };
        let selected_range = (self.compiled().statutes.get(si).and_then(|s| s.get(version)?.get(selected_index)))
            .and_then(|b| b.fine.as_ref())
            .and_then(|f| f.money(facts).ok())
            .map(|m| m.range.payable());
        // The same statutory range under both (a serious branch that only adds sanctions, which
        // are then lawful too): the fine's range is not in doubt.
        if selected_range != app.statutory {
            let (applied, selected) = (self.branch_name(applied), self.branch_name(selected));
            a.add(CaseCheck::BranchConflict, Detail::BranchConflict { applied, selected, selected_range });
        } else if let Some(sanction) = case.decision.sanctions.iter().flatten().map(|s| s.kind).find(|&k| {
            // The same range, but the decision imposes what only the band's branch provides (a
            // ban "情节严重的"): lawful only if the table's branch, not the facts', is right.
            !is_order(k) && applied.provides(k) && !selected.provides(k)
        }) {
            let (applied, selected) = (self.branch_name(applied), self.branch_name(selected));
            a.add(CaseCheck::BranchConflict, Detail::BranchSanction { applied, selected, sanction, imposed: true });
        }
    }

    /// C001's detail: the violation and table as the case names them, and the nearest the rules
    /// know.
    fn unknown_violation<'a>(&self, case: &Case) -> Detail<'a> {
        Detail::UnknownViolation {
            violation: case.violation.clone(),
            table: case.table.clone(),
            near: self.violations_near(&case.violation, case.table.as_deref().as_slice()),
        }
    }

    /// Level, fine against band and statute, dispositions, sanctions.
    #[allow(clippy::too_many_arguments)]
    fn judge<'a>(
        &'a self,
        case: &Case,
        facts: &FactSlots,
        app: &Applicable<'a>,
        a: &mut Assessment<'a>,
        penalised: Option<bool>,
        (exempt, suspended): (Exempt<'a>, Suspended<'a>),
        cited: Cited,
    ) {
        a.statute = Some((app.version, app.choice));
        a.level = Some(app.level);
        a.band = app.band;
        a.table_band = app.table_band;
        a.statutory = app.statutory;
        if let Some(change) = app.change {
            a.add(
                CaseCheck::LawApplied,
                Detail::LawApplied {
                    statute: app.statute,
                    changed: change.later.effective.from,
                    at_act: change.at_act_range,
                    later: change.later_range,
                    later_applies: app.choice == super::applicable::LawChoice::LighterLater,
                    discovered: case.discovered.filter(|_| case.decided.is_none()),
                },
            )
            .citation = Some("行政处罚法 第三十七条");
        } else if let (Some(act), Some(first)) =
            (app.act_before_statute, self.statutes().get(app.at.0).and_then(|s| s.versions.first()))
            && act < first.effective.from
        {
            // The rules hold no text of the statute at the act: the decision's is applied, and
            // that it is an assumption is said (the rules', not the case's, gap).
            a.add(
                CaseCheck::CheckNotMade,
                Detail::NotMade {
                    check: CaseCheck::LawApplied,
                    missing: Missing::StatuteTextAtAct { act, first: first.effective.from },
                },
            )
            .citation = Some("行政处罚法 第三十七条");
        } else if let Some(missing) = undated(case, app) {
            // A later, lighter version exists and the decision date that would choose it is
            // unknown: unknown is not "the law at the act". A fine one law allows and the other
            // does not is lawful or not by the decision's date: the outcome is open (C041), and
            // not called outside the statute (C009) on the earlier law's word alone.
            // (No fine at all is judged below, as under any statute that requires one: a range
            // of "X以下" contains 0 but still requires a fine.)
            // A fine below a law's minimum is lawful under it where the decision mitigates on a
            // ground (a cited mitigating factor, the band's own): as judged below.
            let ground = cited.mitigating == Some(true) || app.model_band().is_some_and(|b| b.legal_ground.is_some());
            let lawful = |r: &crate::table::Range, x| r.contains(x) || (ground && r.below(x));
            let open = case.decision.fine.filter(|x| !x.is_zero()).is_some_and(|x| {
                let under_band_law = app.statutory.is_none_or(|s| lawful(&s, x));
                app.undated_ranges.iter().any(|r| lawful(r, x) != under_band_law)
            });
            a.add(
                if open { CaseCheck::OutcomeUndecided } else { CaseCheck::CheckNotMade },
                Detail::NotMade { check: CaseCheck::LawApplied, missing },
            )
            .citation = Some("行政处罚法 第三十七条");
        }
        if let Some(claimed) = &case.claimed_level
            && let claimed_at = app.scheme.find_level(claimed)
            && claimed_at != Some(app.level)
            && claimed_at != Some(app.selected)
        {
            let decided = app.scheme.level_name(app.level).map(|n| n.into_owned()).unwrap_or_default();
            let zh = |i: usize| app.scheme.level_label(i, crate::table::Lang::Zh).map(|n| n.into_owned());
            let names_zh = (claimed_at.and_then(zh), zh(app.level).unwrap_or_default());
            a.add(CaseCheck::LevelMismatch, Detail::LevelMismatch { claimed: claimed.clone(), decided, names_zh });
        }
        if let Some((fact, base, floor)) = app.floored
            && let Some(fact) = self.fact_by_id(fact)
        {
            a.add(CaseCheck::BaseFloorApplied, Detail::BaseFloor { fact, base, floor });
        }
        if let Some(reading) = &app.violation.reading {
            a.add(CaseCheck::BandRestsOnReading, Detail::Reading(reading));
        }
        if let (Some(how), Some(table), Some(statute), Some(applied)) =
            (app.clip, app.table_band, app.statutory, app.clipped)
        {
            a.add(CaseCheck::BandClipped, Detail::Clipped { table, statute, applied, how });
        }
        let choice = self.facts_branch_choice(app, facts);
        self.branch_conflict(case, facts, app, choice, a);
        for adj in app.adjustments() {
            let Some(rule) = app.table.adjustments.get(adj.index) else { continue };
            match adj.applied {
                AdjustOutcome::Moved(from, to) => {
                    a.add(CaseCheck::AdjustmentApplied, Detail::Adjusted { adjustment: rule, from, to });
                }
                AdjustOutcome::Unplaceable => {
                    a.add(CaseCheck::AdjustmentApplied, Detail::Unplaceable { adjustment: rule, band: app.band });
                }
                AdjustOutcome::Undecided(f) => {
                    if let Some(fact) = self.fact_by_id(f) {
                        a.add(
                            CaseCheck::CheckNotMade,
                            Detail::NotMade {
                                check: CaseCheck::AdjustmentApplied,
                                missing: Missing::AdjustmentFact { adjustment: rule, fact },
                            },
                        );
                    }
                }
            }
        }
        let Some(band_model) = app.model_band() else { return };
        let disposition = case.claimed_disposition;
        // The benchmark's own no-penalty level (Guangdong tax: corrected before discovery).
        if band_model.disposition == Some(Disposition::NoPenalty) && penalised == Some(true) {
            let label = app.scheme.level(app.level).and_then(|l| l.label).unwrap_or(&app.violation.label);
            a.add(CaseCheck::PenalisedDespiteExemption, Detail::Exemption(ExemptionSource::Level(label)));
        }
        // Judge the fine only when a decision is recorded; a recorded decision without a fine
        // imposes none (0).
        let fine = match penalised {
            None => None,
            Some(false) => {
                // A ground that hangs on a fact the case does not record — one a suspension reads
                // (the only ground it may lift), or one an exemption reads — is unknown: neither
                // "yes" nor "none", and whether not penalising is lawful is open (C041).
                let not_made = |a: &mut Assessment<'a>, missing| {
                    a.add(
                        CaseCheck::OutcomeUndecided,
                        Detail::NotMade { check: CaseCheck::NoPenaltyWithoutGround, missing },
                    );
                };
                match (self.no_penalty_ground(case, facts, app, (exempt, suspended)), exempt.undecided) {
                    (Ground::Yes, _) => {}
                    (Ground::Unknown(missing), _) => not_made(a, missing),
                    (Ground::No, Some(fact)) => not_made(a, Missing::Fact(fact)),
                    (Ground::No, None) => {
                        a.add(CaseCheck::NoPenaltyWithoutGround, Detail::Plain);
                    }
                }
                None
            }
            // A fine listed among the sanctions without its amount is unknown, not 0.
            Some(true) if case.decision.fine.is_none() && case.imposes(SanctionKind::Fine) == Some(true) => {
                a.add(CaseCheck::FineAmountMissing, Detail::Plain);
                None
            }
            Some(true) => Some(case.decision.fine.unwrap_or(Decimal::ZERO)),
        };
        a.fine = fine.or(case.decision.fine);
        // 可以并处: a decision that adds no fine is within a band whose fine is optional, and keeps
        // to a statute whose fine is optional ("可以处", "警告或者罚款") whatever its minimum — not
        // to one whose fine is compulsory, whatever the table says.
        let no_fine = fine.is_some_and(|x| x.is_zero());
        let fine_left_out = band_model.fine_optional && no_fine;
        let statute_allows_none = no_fine && app.branch.is_some_and(|b| b.fine_optional);
        if let (Some(x), Some(b)) = (fine.filter(|_| !fine_left_out), app.band) {
            // Art. 37 left open: the band of another law the decision may fall under may say
            // otherwise of the fine, and then whether it is outside the band waits on the date.
            let outside = |r: &crate::table::Range| {
                if r.below(x) { Some(CaseCheck::BelowBand) } else { r.above(x).then_some(CaseCheck::AboveBand) }
            };
            let here = outside(&b);
            let elsewhere = app.undated_bands.iter().map(outside).find(|o| *o != here);
            match (elsewhere, undated(case, app)) {
                (Some(other), Some(missing)) => {
                    let check = here.or(other).unwrap_or(CaseCheck::BelowBand);
                    a.add(CaseCheck::OutcomeUndecided, Detail::NotMade { check, missing });
                }
                _ => {
                    if let Some(check) = here {
                        a.add(check, Detail::OutsideBand { fine: x, band: b });
                    }
                }
            }
        }
        let mitigated_claim = disposition == Some(Disposition::Mitigated);
        let ground = band_model.legal_ground.is_some();
        // Where the facts select another branch of the statute than the band's (C035), which
        // statutory range applies is for review: a fine that branch allows is no certain
        // violation of the other.
        let lawful_under_selected = fine.is_some_and(|x| {
            a.findings
                .iter()
                .any(|f| matches!(f.detail, Detail::BranchConflict { selected_range: Some(r), .. } if r.contains(x)))
                // Nor is a fine the later, lighter law allows where the decision date that
                // would choose it is unknown (C041 says so).
                || (!x.is_zero() && app.undated_ranges.iter().any(|r| r.contains(x)))
        });
        if let (Some(x), Some(s)) = (fine.filter(|_| !statute_allows_none && !lawful_under_selected), app.statutory) {
            // No fine under a statute that requires one: whether there is a ground for no penalty
            // at all, asked once.
            let no_fine_ground = (x.is_zero() && !app.statute_lets_fine_out())
                .then(|| self.no_penalty_ground(case, facts, app, (exempt, suspended)));
            if s.above(x) {
                a.add(CaseCheck::OutsideStatute, Detail::OutsideStatute { fine: x, statute: s }).citation =
                    Some("行政处罚法 第五条");
            } else if s.below(x) || matches!(no_fine_ground, Some(Ground::No)) {
                // "处五万元以下罚款" has no least amount, but no fine is below it all the same —
                // unless there is a ground for no penalty at all (an exemption, a cited factor):
                // then a penalty is the question (C004, C005), not its size.
                if !mitigated_claim && cited.mitigating != Some(true) && !ground {
                    a.add(CaseCheck::OutsideStatute, Detail::OutsideStatute { fine: x, statute: s });
                } else if cited.mitigating != Some(true) && !ground {
                    a.add(
                        CaseCheck::MitigatedWithoutGround,
                        Detail::MitigatedWithoutGround { fine: Some(x), statute: Some(s) },
                    )
                    .citation = Some("行政处罚法 第三十二条");
                }
            } else if let Some(Ground::Unknown(missing)) = no_fine_ground
                && cited.mitigating != Some(true)
                && !ground
            {
                // No fine under a statute that requires one, resting on a ground a suspension may
                // lift: whether it is outside the statute is unknown, and said.
                a.add(CaseCheck::OutcomeUndecided, Detail::NotMade { check: CaseCheck::OutsideStatute, missing });
            } else if let Some(m) = s.max
                && x == m
                // A band that allows nothing lower mandates the maximum itself.
                && app.band.and_then(|b| b.min).is_none_or(|lo| lo < m)
            {
                match cited.aggravating {
                    Some(false) => {
                        a.add(CaseCheck::MaximumWithoutFactor, Detail::Maximum(m)).citation = Some("国发〔2024〕5号");
                    }
                    None => {
                        a.add(
                            CaseCheck::CheckNotMade,
                            Detail::NotMade { check: CaseCheck::MaximumWithoutFactor, missing: Missing::Factors },
                        );
                    }
                    Some(true) => {}
                }
            }
        }
        if mitigated_claim && cited.mitigating != Some(true) && !ground && !a.has(CaseCheck::MitigatedWithoutGround) {
            a.add(CaseCheck::MitigatedWithoutGround, Detail::MitigatedWithoutGround { fine: None, statute: None })
                .citation = Some("行政处罚法 第三十二条");
        }
        if disposition == Some(Disposition::Heavier) || a.has(CaseCheck::AboveBand) {
            match cited.aggravating {
                Some(false) => {
                    // A decision that does not claim 从重 is not called one: it is above its band.
                    let detail = if disposition == Some(Disposition::Heavier) {
                        Detail::Plain
                    } else {
                        Detail::AboveBandWithoutFactor
                    };
                    a.add(CaseCheck::HeavierWithoutFactor, detail);
                }
                None => {
                    a.add(
                        CaseCheck::CheckNotMade,
                        Detail::NotMade { check: CaseCheck::HeavierWithoutFactor, missing: Missing::Factors },
                    );
                }
                Some(true) => {}
            }
        }
        // A disposition inside the statutory range, recorded with a fine below it under every
        // law the decision may fall under: 减轻 in substance. (Without a ground, C009 says more.)
        let below_every_law = a
            .fine
            .filter(|x| !x.is_zero())
            .zip(app.statutory)
            .filter(|(x, s)| s.below(*x) && app.undated_ranges.iter().all(|r| r.below(*x)));
        let contradicted = match (disposition, below_every_law) {
            (
                Some(claimed @ (Disposition::Lighter | Disposition::Ordinary | Disposition::Heavier)),
                Some((fine, statute)),
            ) => {
                if !a.has(CaseCheck::OutsideStatute) {
                    a.add(
                        CaseCheck::DispositionContradicted,
                        Detail::DispositionContradicted { claimed, fine, statute },
                    )
                    .citation = Some("行政处罚法 第三十二条");
                }
                true
            }
            _ => false,
        };
        // Above the middle of the level's band as the table gives it inside the statute, before
        // its own placements (a fine placed at the lower end by the table's rule for lighter
        // circumstances is lightened) — for a one-amount band, at or above the amount (the
        // mitigation it calls for would have gone below it).
        let heavy_position = || match (a.fine, app.clipped.and_then(|b| Some((b.min.unwrap_or_default(), b.max?)))) {
            // Checked: a fine built in a program may be any Decimal; past the arithmetic's range
            // it is far above the middle.
            (Some(x), Some((lo, hi))) if hi > lo => x
                .checked_sub(lo)
                .and_then(|d| d.checked_mul(Decimal::TWO))
                .zip(hi.checked_sub(lo))
                .is_none_or(|(d, width)| d > width),
            (Some(x), Some((lo, _))) => x >= lo,
            _ => false,
        };
        if cited.must_mitigate == Some(true)
            && !contradicted
            && (matches!(disposition, Some(Disposition::Ordinary | Disposition::Heavier))
                || (disposition.is_none() && heavy_position()))
        {
            a.add(CaseCheck::MandatoryMitigationIgnored, Detail::Plain).citation =
                Some("行政处罚法 第三十条、第三十二条");
        }
        let outside_band = a.has(CaseCheck::AboveBand) || a.has(CaseCheck::BelowBand);
        if outside_band && band_model.deliberation_outside {
            match case.procedure.collective_deliberation {
                Some(false) => {
                    a.add(CaseCheck::DeliberationMissing, Detail::Plain).citation = Some("行政处罚法 第五十七条");
                }
                None => {
                    a.add(
                        CaseCheck::CheckNotMade,
                        Detail::NotMade { check: CaseCheck::DeliberationMissing, missing: Missing::Deliberation },
                    );
                }
                Some(true) => {}
            }
        }
        if penalised == Some(true) {
            self.sanctions(case, facts, app, Benchmark::differing_branch(app, choice), a);
        }
    }

    /// A statute branch with its Chinese name, for a finding that names it.
    fn branch_name<'a>(&self, branch: &'a crate::table::StatuteBranch) -> BranchName<'a> {
        BranchName { branch, zh: super::allowed::branch_name_zh(branch, self) }
    }

    /// Required and alternative sanctions present (with their conditions), Art. 28
    /// confiscation, imposed ones allowed, quantities inside their bands, approvals recorded.
    fn sanctions<'a>(
        &'a self,
        case: &Case,
        facts: &FactSlots,
        app: &Applicable<'a>,
        facts_branch: Option<&'a crate::table::StatuteBranch>,
        a: &mut Assessment<'a>,
    ) {
        let (Some(band), Some(cband)) = (app.model_band(), app.cband()) else { return };
        let holds = |cond: &Option<CCond>| -> Tri { cond.as_ref().map_or(Tri::True, |c| c.eval(facts)) };
        // Confiscation presupposes gains: with illegal gains established as zero there is nothing
        // to take.
        let gains = self.illegal_gains(facts);
        let no_gains = gains.is_some_and(|g| g.is_zero());
        let mut not_made = false;
        // The statute branch the facts select when it differs from the band's: its sanctions
        // are lawful too, and one the band requires that only the band's branch provides (a
        // ban "情节严重的" for a case recorded as not serious) is for review when left out.
        for (spec, cond) in band.required.iter().zip(&cband.required) {
            if is_order(spec.kind) || (spec.kind == SanctionKind::ConfiscateGains && no_gains) {
                continue;
            }
            match holds(cond) {
                Tri::False => continue,
                Tri::Unknown(f) => {
                    if let Some(fact) = self.fact_by_id(f) {
                        a.add(
                            CaseCheck::CheckNotMade,
                            Detail::NotMade { check: CaseCheck::RequiredSanctionMissing, missing: Missing::Fact(fact) },
                        );
                    }
                    continue;
                }
                Tri::True => {}
            }
            match case.imposes(spec.kind) {
                Some(false) => match (app.branch, facts_branch) {
                    (Some(applied), Some(selected)) if applied.provides(spec.kind) && !selected.provides(spec.kind) => {
                        a.add(
                            CaseCheck::BranchConflict,
                            Detail::BranchSanction {
                                applied: self.branch_name(applied),
                                selected: self.branch_name(selected),
                                sanction: spec.kind,
                                imposed: false,
                            },
                        );
                    }
                    _ => {
                        a.add(
                            CaseCheck::RequiredSanctionMissing,
                            Detail::MissingSanction { kind: spec.kind, alternatives: None, art28: false },
                        );
                    }
                },
                None => not_made = true,
                Some(true) => {}
            }
        }
        for (group, conds) in band.one_of.iter().zip(&cband.one_of) {
            // Orders are not always recorded in the penalty decision (责令改正 is its own document).
            if group.iter().all(|s| is_order(s.kind)) {
                continue;
            }
            let live: Vec<&SanctionSpec> =
                group.iter().zip(conds).filter(|(_, c)| holds(c) == Tri::True).map(|(s, _)| s).collect();
            if live.is_empty() {
                continue;
            }
            let imposed: Vec<Option<bool>> = live.iter().map(|s| case.imposes(s.kind)).collect();
            if imposed.contains(&Some(true)) || live.iter().any(|s| is_order(s.kind)) {
                continue;
            }
            if imposed.iter().all(|i| *i == Some(false)) {
                let kind = live.first().map_or(SanctionKind::Other, |s| s.kind);
                a.add(
                    CaseCheck::RequiredSanctionMissing,
                    Detail::MissingSanction { kind, alternatives: Some(group.as_slice()), art28: false },
                );
            } else {
                not_made = true;
            }
        }
        let required_confiscation = band.required.iter().any(|s| s.kind == SanctionKind::ConfiscateGains);
        if gains.is_some_and(|g| g > Decimal::ZERO) && !required_confiscation {
            match case.imposes(SanctionKind::ConfiscateGains) {
                Some(false) => {
                    a.add(
                        CaseCheck::RequiredSanctionMissing,
                        Detail::MissingSanction {
                            kind: SanctionKind::ConfiscateGains,
                            alternatives: None,
                            art28: true,
                        },
                    )
                    .citation = Some(APL_28);
                }
                None => not_made = true,
                Some(true) => {}
            }
        }
        if not_made {
            a.add(
                CaseCheck::CheckNotMade,
                Detail::NotMade { check: CaseCheck::RequiredSanctionMissing, missing: Missing::Sanctions },
            );
        }
        let Some(imposed) = &case.decision.sanctions else { return };
        let band_specs = || band.required.iter().chain(&band.allowed).chain(band.one_of.iter().flatten());
        let branch_specs = || app.branch.into_iter().chain(facts_branch).flat_map(|b| &b.sanctions);
        // A penalty of the lightest kind (Art. 9 (1): warning, public criticism) that neither the
        // statute nor the band provides is lawful only in place of the statutory penalty, as a
        // mitigated one (减轻处罚, 在法定处罚种类以下): with no fine, the band or the decision
        // mitigated. Beside a fine it is a penalty the statute does not provide (处罚法定). A
        // warning was let through everywhere, so "警告；罚款" under a statute of fines alone passed.
        let fined = case.decision.fine.is_some_and(|f| !f.is_zero()) || case.imposes(SanctionKind::Fine) == Some(true);
        let mitigated = band.disposition == Some(Disposition::Mitigated)
            || case.claimed_disposition == Some(Disposition::Mitigated);
        let disposition_known = mitigated || case.claimed_disposition.is_some();
        let mut disposition_noted = false;
        for s in imposed {
            let provided = is_order(s.kind)
                || matches!(s.kind, SanctionKind::Fine | SanctionKind::ConfiscateGains)
                || band_specs().any(|b| b.kind == s.kind)
                || branch_specs().any(|b| b.kind == s.kind);
            let lightest = matches!(s.kind, SanctionKind::Warning | SanctionKind::PublicCriticism);
            if !provided && lightest && !fined && !disposition_known {
                // Said once, whether a warning, public criticism or both wait on it.
                if !disposition_noted {
                    a.add(
                        CaseCheck::CheckNotMade,
                        Detail::NotMade { check: CaseCheck::SanctionNotAllowed, missing: Missing::Disposition },
                    );
                    disposition_noted = true;
                }
                continue;
            }
            // In place of the fine, as a mitigated penalty.
            let substitute = lightest && !fined && mitigated;
            if !(provided || substitute) {
                a.add(CaseCheck::SanctionNotAllowed, Detail::Sanction(s.kind));
                continue;
            }
            if band_specs().chain(branch_specs()).any(|b| b.kind == s.kind && b.approval) {
                match case.procedure.approval {
                    Some(false) => {
                        a.add(CaseCheck::ApprovalMissing, Detail::Sanction(s.kind));
                    }
                    None => {
                        a.add(
                            CaseCheck::CheckNotMade,
                            Detail::NotMade { check: CaseCheck::ApprovalMissing, missing: Missing::Approval },
                        );
                    }
                    Some(true) => {}
                }
            }
            if let Some((q, unit)) = &s.quantity {
                let within = |spec: &SanctionSpec| {
                    spec.kind == s.kind && spec.quantity.as_ref().is_some_and(|x| &x.unit == unit)
                };
                let statute = branch_specs().find(|b| within(b)).and_then(|b| b.quantity.as_ref());
                let own = band_specs().find(|b| within(b)).and_then(|b| b.quantity.as_ref());
                if let Some(st) = statute
                    && st.range.above(*q)
                {
                    a.add(
                        CaseCheck::OutsideStatute,
                        Detail::Quantity { kind: s.kind, imposed: *q, unit: &st.unit, band: st.range, statute: true },
                    );
                } else if let Some(b) = own
                    && !b.range.contains(*q)
                {
                    a.add(
                        CaseCheck::QuantityOutsideBand,
                        Detail::Quantity { kind: s.kind, imposed: *q, unit: &b.unit, band: b.range, statute: false },
                    );
                }
            }
        }
    }
}

/// Art. 36: 2 years, 5 where life, health, safety or financial security was harmed.
fn limitation<'a>(case: &Case, own_period: Option<&'a crate::table::Limitation>, a: &mut Assessment<'a>) {
    let (start, found) = (case.act_ended.or(case.act_started), case.discovered);
    let (Some(start), Some(found)) = (start, found) else {
        let missing = Missing::LimitationDates { act: start.is_none(), discovery: found.is_none() };
        a.add(CaseCheck::CheckNotMade, Detail::NotMade { check: CaseCheck::LimitationExpired, missing });
        return;
    };
    let beyond = |years: u16| start.add_years(years).is_some_and(|limit| found > limit);
    // Only the start recorded: an act that lasted (a filing never made) runs from its end
    // (Art. 36 ¶2), which is unknown. Within the period from the start, it is within it from
    // any later end; past it, whether it expired is not known.
    let end_unknown = |a: &mut Assessment<'a>| {
        let unknown = case.act_ended.is_none();
        if unknown {
            a.add(
                CaseCheck::CheckNotMade,
                Detail::NotMade { check: CaseCheck::LimitationExpired, missing: Missing::ActEnd },
            );
        }
        unknown
    };
    // A law's own period replaces Art. 36's, harm or not (税收征收管理法 Art. 86: five years).
    if let Some(own) = own_period {
        if beyond(own.years) && !end_unknown(a) {
            // Art. 36 is what gives way to the law's own period: cited, the law named in the message.
            a.add(
                CaseCheck::LimitationExpired,
                Detail::Limitation { ended: start, discovered: found, years: own.years, law: Some(&own.citation) },
            )
            .citation = Some("行政处罚法 第三十六条");
        }
        return;
    }
    // Most cases are discovered well within two years: one date computation decides them.
    if !beyond(2) {
        return;
    }
    let years = match (case.grave_harm, true, beyond(5)) {
        (_, _, true) => 5,
        (Some(false), true, _) => 2,
        (None, true, false) => {
            // Two years passed, five did not: it depends on the harm, which is not recorded.
            a.add(
                CaseCheck::CheckNotMade,
                Detail::NotMade { check: CaseCheck::LimitationExpired, missing: Missing::GraveHarm },
            );
            return;
        }
        _ => return,
    };
    if end_unknown(a) {
        return;
    }
    a.add(CaseCheck::LimitationExpired, Detail::Limitation { ended: start, discovered: found, years, law: None })
        .citation = Some("行政处罚法 第三十六条");
}

/// Hearing (Art. 63), summary procedure (Art. 51).
fn procedure(case: &Case, party: Option<Party>, table: &Table, a: &mut Assessment<'_>) {
    let fine = case.decision.fine.unwrap_or(Decimal::ZERO);
    let thresholds = table.hearing;
    let threshold = thresholds.and_then(|h| match party {
        Some(Party::Individual) => h.individual,
        Some(Party::Organisation) => h.organisation,
        None => None,
    });
    // With the party unknown, the fine may still reach both thresholds (or neither).
    let lowest = thresholds.and_then(|h| match (h.individual, h.organisation) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, y) => x.or(y),
    });
    let heavy = [
        SanctionKind::QualificationDowngrade,
        SanctionKind::LicenceRevocation,
        SanctionKind::Suspension,
        SanctionKind::Closure,
        SanctionKind::EmploymentBan,
    ]
    .into_iter()
    .find(|k| case.imposes(*k) == Some(true));
    let reached = threshold.filter(|t| fine >= *t);
    let hearing_due = reached.is_some() || heavy.is_some();
    let maybe_due = party.is_none() && lowest.is_some_and(|t| fine >= t);
    // Without the table's threshold, whether a fine is "large" cannot be told: said, unless a
    // heavy sanction makes the hearing due anyway.
    if thresholds.is_none() && fine > Decimal::ZERO && heavy.is_none() && case.procedure.hearing_notified != Some(true)
    {
        a.add(
            CaseCheck::CheckNotMade,
            Detail::NotMade { check: CaseCheck::HearingNotNotified, missing: Missing::HearingThreshold },
        );
    }
    match case.procedure.hearing_notified {
        Some(false) if hearing_due => {
            a.add(
                CaseCheck::HearingNotNotified,
                Detail::Hearing { fine: reached.map(|_| fine), threshold: reached, sanction: heavy },
            )
            .citation = Some("行政处罚法 第六十三条");
        }
        Some(false) if maybe_due => {
            a.add(
                CaseCheck::CheckNotMade,
                Detail::NotMade { check: CaseCheck::HearingNotNotified, missing: Missing::Party },
            );
        }
        None if hearing_due || maybe_due => {
            a.add(
                CaseCheck::CheckNotMade,
                Detail::NotMade { check: CaseCheck::HearingNotNotified, missing: Missing::HearingNotice },
            );
        }
        _ => {}
    }
    let other = case.decision.sanctions.as_ref().and_then(|list| {
        list.iter()
            .find(|s| !matches!(s.kind, SanctionKind::Warning | SanctionKind::Fine | SanctionKind::OrderToCorrect))
    });
    let limit = party.map(|p| {
        Decimal::from(match p {
            Party::Individual => SUMMARY_LIMIT_INDIVIDUAL,
            Party::Organisation => SUMMARY_LIMIT_ORGANISATION,
        })
    });
    let exceeds = |l: Decimal| fine > l || other.is_some();
    match (case.procedure.summary, limit) {
        (Some(true), Some(l)) if exceeds(l) => {
            a.add(CaseCheck::SummaryProcedureExceeded, Detail::Summary { limit: l }).citation =
                Some("行政处罚法 第五十一条");
        }
        (Some(true), None) if exceeds(Decimal::from(SUMMARY_LIMIT_ORGANISATION)) => {
            let l = Decimal::from(SUMMARY_LIMIT_ORGANISATION);
            a.add(CaseCheck::SummaryProcedureExceeded, Detail::Summary { limit: l }).citation =
                Some("行政处罚法 第五十一条");
        }
        (Some(true), None) if exceeds(Decimal::from(SUMMARY_LIMIT_INDIVIDUAL)) => {
            a.add(
                CaseCheck::CheckNotMade,
                Detail::NotMade { check: CaseCheck::SummaryProcedureExceeded, missing: Missing::Party },
            );
        }
        _ => {}
    }
}

/// With C005 ("the penalty may be waived"): where a suspension of the table that would lift the
/// waiver reads a fact the case does not record, that the waiver itself is in doubt (C027 for
/// C040), once a case.
fn suspension_unknown<'a>(suspended: Suspended<'a>, a: &mut Assessment<'a>) {
    let Suspended::Unknown(suspension, fact) = suspended else { return };
    let missing = Missing::SuspensionFact { suspension, fact };
    let detail = Detail::NotMade { check: CaseCheck::ExemptionSuspended, missing };
    if !a.findings.iter().any(|f| f.detail == detail) {
        a.add(CaseCheck::CheckNotMade, detail);
    }
}

/// What an assessment without a settled law at the decision lacks (Art. 37): the decision date,
/// with the first lighter change after the band's law and its range, and a decision date
/// before the discovery where that is the trouble. `None` where the law is settled.
fn undated<'a>(case: &Case, app: &Applicable<'a>) -> Option<Missing<'a>> {
    let (changed, later) = app.undated_lighter?;
    Some(Missing::DecisionDate {
        changed,
        later,
        contradicted: case.decided.zip(case.discovered).filter(|(d, f)| d < f),
    })
}

/// C034: the orders dates must keep ([`Case::dates_out_of_order`]); the first pair out of order
/// is reported.
fn dates_in_order(case: &Case, a: &mut Assessment<'_>) {
    if let Some((earlier, later)) = case.dates_out_of_order() {
        a.add(CaseCheck::DatesOutOfOrder, Detail::DatesOutOfOrder { earlier, later });
    }
}
