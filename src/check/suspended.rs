//! Whether a table's suspensions lift the "may not penalise" provisions for a case (Guangdong
//! 附件2 备注二: ecologically sensitive areas): one computation, for `check` and `allowed`.

use crate::Date;
use crate::table::compiled::{FactSlots, Tri};
use crate::table::{Benchmark, Effect, Fact, Suspension, Table, Violation};

/// What a table's suspensions say of a case's "may not penalise" provisions (a cited
/// `may_no_penalty` factor, a discretionary no-penalty entry).
#[derive(Debug, Clone, Copy)]
pub(crate) enum Suspended<'a> {
    /// None applies: the provisions apply as the law gives them.
    No,
    /// This suspension's condition holds: they give no ground for not penalising.
    Yes(&'a Suspension),
    /// This one's condition reads a fact the case does not record: whether they apply is
    /// unknown — not "they do".
    Unknown(&'a Suspension, &'a Fact),
}

impl Benchmark {
    /// The suspension of `table` that applies to a case of `violation` with these facts, acted
    /// on `act` (the decision date where the act's is not recorded): the first whose condition
    /// holds, else the first the facts leave undecided. Only a suspension in force at the act
    /// applies — its own period, else the table's: a rule that makes not penalising harder does
    /// not reach back (Art. 37). Without any date, every one is considered, as no-penalty lists
    /// are.
    pub(crate) fn suspended<'a>(
        &'a self,
        table: Option<&'a Table>,
        violation: Option<&Violation>,
        facts: &FactSlots,
        act: Option<Date>,
    ) -> Suspended<'a> {
        let (Some(table), Some(violation)) = (table, violation) else { return Suspended::No };
        if table.suspensions.is_empty() {
            return Suspended::No;
        }
        // The compiled conditions are the table's, by its place in the rules.
        let Some(compiled) =
            self.tables().iter().position(|t| std::ptr::eq(t, table)).and_then(|i| self.compiled().tables.get(i))
        else {
            return Suspended::No;
        };
        let mut unknown = Suspended::No;
        for (s, when) in table.suspensions.iter().zip(&compiled.suspensions) {
            let in_force = act.is_none_or(|d| s.effective.as_ref().unwrap_or(&table.effective).contains(d));
            if !in_force || !s.covers(&violation.id) || !s.suspends.contains(&Effect::MayNoPenalty) {
                continue;
            }
            match when.eval(facts) {
                Tri::True => return Suspended::Yes(s),
                Tri::Unknown(f) => {
                    if let (Suspended::No, Some(fact)) = (unknown, self.fact_by_id(f)) {
                        unknown = Suspended::Unknown(s, fact);
                    }
                }
                Tri::False => {}
            }
        }
        unknown
    }
}
