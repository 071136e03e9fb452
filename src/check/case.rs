//! A case: one proposed or historical penalty decision, as `docs/CASES.md` describes it.

use rust_decimal::Decimal;

use crate::Date;
use crate::table::{Disposition, DurationUnit, Facts, SanctionKind};

/// Whether the party is a person or an organisation (the limits of Art. 51 and the hearing
/// thresholds differ).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Party {
    /// A citizen (公民).
    Individual,
    /// A legal person or other organisation (法人或者其他组织).
    #[default]
    Organisation,
}

impl Party {
    /// `individual` or `organisation`, as in the built-in `party` fact.
    pub fn code(self) -> &'static str {
        match self {
            Party::Individual => "individual",
            Party::Organisation => "organisation",
        }
    }
}

/// A sanction the decision imposes, with its duration where it has one.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Imposed {
    /// The kind.
    pub kind: SanctionKind,
    /// How long, e.g. a licence suspension of 3 months.
    pub duration: Option<(Decimal, DurationUnit)>,
}

/// How the decision was reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Procedure {
    /// Decided on the spot (简易程序, Art. 51).
    pub summary: bool,
    /// The party was told of the right to a hearing (Art. 63–64).
    pub hearing_notified: bool,
    /// Decided collectively by the agency's leaders (集体讨论, Art. 57).
    pub collective_deliberation: bool,
}

/// The decision: what was imposed.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Decision {
    /// The fine, if any.
    pub fine: Option<Decimal>,
    /// Illegal gains confiscated, if any.
    pub confiscated_gains: Option<Decimal>,
    /// Other sanctions (confiscation counts when listed here or given an amount above).
    pub sanctions: Vec<Imposed>,
}

/// One case to check.
///
/// ```
/// use discretion::{Date, check::{Case, Party}, table::Facts};
/// let mut case = Case::new("2023-001", "gd-tax.60.1");
/// case.party = Party::Organisation;
/// case.act_ended = Date::new(2016, 3, 1);
/// case.facts = Facts::new().number("days_late", 17);
/// case.decision.fine = Some(340.into());
/// assert_eq!(case.act_date(), Date::new(2016, 3, 1));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Case {
    /// The case's id (案号).
    pub id: String,
    /// The table, when several tables define the violation; otherwise found from it.
    pub table: Option<String>,
    /// The violation id.
    pub violation: String,
    /// When the act started.
    pub act_started: Option<Date>,
    /// When a continuing act ended (limitation runs from here, Art. 36).
    pub act_ended: Option<Date>,
    /// When the agency discovered the act.
    pub discovered: Option<Date>,
    /// When the decision was (or will be) made.
    pub decided: Option<Date>,
    /// The party's type.
    pub party: Party,
    /// The facts the table's conditions read.
    pub facts: Facts,
    /// Cited mitigating, aggravating and exempting factors, by id.
    pub factors: Vec<String>,
    /// The act concerns life, health, safety or financial security and caused harm (Art. 36:
    /// 5-year limitation).
    pub grave_harm: bool,
    /// The level the decision claims (tier id, or cell as `[grade, grade]`).
    pub claimed_level: Option<String>,
    /// The disposition the decision claims.
    pub claimed_disposition: Option<Disposition>,
    /// What was imposed.
    pub decision: Decision,
    /// How it was decided.
    pub procedure: Procedure,
    /// Deciding unit (for the consistency audit).
    pub unit: Option<String>,
    /// Deciding officer (for the consistency audit).
    pub officer: Option<String>,
    /// The stated reason.
    pub reason: Option<String>,
}

impl Case {
    /// A case with an id and a violation and nothing else.
    pub fn new(id: impl Into<String>, violation: impl Into<String>) -> Case {
        Case { id: id.into(), violation: violation.into(), ..Case::default() }
    }

    /// The date of the act for choosing the law (Art. 37): the end of a continuing act, else
    /// its start, else the decision date.
    pub fn act_date(&self) -> Option<Date> {
        self.act_ended.or(self.act_started).or(self.decided)
    }

    /// Whether the decision imposes a sanction of `kind`.
    pub fn imposes(&self, kind: SanctionKind) -> bool {
        match kind {
            SanctionKind::Fine if self.decision.fine.is_some_and(|f| !f.is_zero()) => true,
            SanctionKind::ConfiscateGains if self.decision.confiscated_gains.is_some_and(|g| !g.is_zero()) => true,
            _ => self.decision.sanctions.iter().any(|s| s.kind == kind),
        }
    }

    /// Whether anything at all is imposed.
    pub fn penalised(&self) -> bool {
        self.decision.fine.is_some_and(|f| !f.is_zero())
            || self.decision.confiscated_gains.is_some_and(|g| !g.is_zero())
            || self
                .decision
                .sanctions
                .iter()
                .any(|s| !matches!(s.kind, SanctionKind::OrderToCorrect | SanctionKind::OrderToStop))
    }
}
