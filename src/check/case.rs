//! A case: one proposed or historical penalty decision, as `docs/CASES.md` describes it.
//!
//! What a case file does not record is `None` — unknown, never "no": a file without a
//! `hearing_notified` column does not make every large fine a hearing violation; the check that
//! needs it says it could not be made.

use rust_decimal::Decimal;

use crate::Date;
use crate::table::{Addressee, Disposition, Facts, SanctionKind};

/// Whether the party is a person or an organisation (the limits of Art. 51 and the hearing
/// thresholds differ).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Party {
    /// A citizen (公民).
    Individual,
    /// A legal person or other organisation (法人或者其他组织).
    Organisation,
}

impl Party {
    /// A party type from its id or a name case files use for it (个人, 自然人, 个体工商户, 单位,
    /// 企业, 法人 …; English ids in any case): the one word list for the `party` field and the
    /// built-in `party` fact.
    ///
    /// ```
    /// use discretion::check::Party;
    /// assert_eq!(Party::from_name(" 企业 "), Some(Party::Organisation));
    /// assert_eq!(Party::from_name("Individual"), Some(Party::Individual));
    /// assert_eq!(Party::from_name("集体"), None);
    /// ```
    pub fn from_name(v: &str) -> Option<Party> {
        let v = v.trim();
        PARTY_NAMES.iter().find(|(n, _)| n.eq_ignore_ascii_case(v)).map(|(_, p)| *p)
    }

    /// `individual` or `organisation`, as in the built-in `party` fact.
    pub fn code(self) -> &'static str {
        match self {
            Party::Individual => "individual",
            Party::Organisation => "organisation",
        }
    }
}

const PARTY_NAMES: &[(&str, Party)] = &[
    ("individual", Party::Individual),
    ("person", Party::Individual),
    ("citizen", Party::Individual),
    ("个人", Party::Individual),
    ("自然人", Party::Individual),
    ("公民", Party::Individual),
    ("个体", Party::Individual),
    ("个体工商户", Party::Individual),
    ("organisation", Party::Organisation),
    ("organization", Party::Organisation),
    ("company", Party::Organisation),
    ("单位", Party::Organisation),
    ("企业", Party::Organisation),
    ("法人", Party::Organisation),
    ("其他组织", Party::Organisation),
    ("法人或者其他组织", Party::Organisation),
];

/// A sanction the decision imposes, with its quantity where it has one.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Imposed {
    /// The kind.
    pub kind: SanctionKind,
    /// How much, in a unit of the rules: a licence suspension of `(3, "months")`, detention of
    /// `(5, "days")`.
    pub quantity: Option<(Decimal, String)>,
}

impl Imposed {
    /// A sanction of this kind with no quantity.
    pub fn of(kind: SanctionKind) -> Imposed {
        Imposed { kind, quantity: None }
    }
}

/// How the decision was reached; `None` = not recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Procedure {
    /// Decided on the spot (简易程序, Art. 51).
    pub summary: Option<bool>,
    /// The party was told of the right to a hearing (Art. 63–64).
    pub hearing_notified: Option<bool>,
    /// Decided collectively by the agency's leaders (集体讨论, Art. 57).
    pub collective_deliberation: Option<bool>,
    /// The government with approving power approved (报经有批准权的人民政府批准).
    pub approval: Option<bool>,
}

/// The decision: what was imposed.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Decision {
    /// The fine, if any (`Some(0)` is an explicit "no fine").
    pub fine: Option<Decimal>,
    /// Illegal gains confiscated, if any.
    pub confiscated_gains: Option<Decimal>,
    /// Other sanctions; `None` = the case file does not record them.
    pub sanctions: Option<Vec<Imposed>>,
}

/// One case to check.
///
/// ```
/// use discretion::{Date, check::{Case, Party}, table::Facts};
/// let mut case = Case::new("2023-001", "gd-tax.60.1");
/// case.party = Some(Party::Organisation);
/// case.act_ended = Date::new(2016, 3, 1).ok();
/// case.facts = Facts::new().number("days_late", 17);
/// case.decision.fine = Some(340.into());
/// assert_eq!(case.act_date(), Date::new(2016, 3, 1).ok());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Case {
    /// The case's id (案号).
    pub id: String,
    /// The table, when several tables define the violation; otherwise found from it.
    pub table: Option<String>,
    /// The violation id.
    pub violation: String,
    /// Who is penalised: the party (default) or its responsible persons.
    pub addressee: Addressee,
    /// When the act started.
    pub act_started: Option<Date>,
    /// When a continuing act ended (limitation runs from here, Art. 36).
    pub act_ended: Option<Date>,
    /// When the agency discovered the act.
    pub discovered: Option<Date>,
    /// When the decision was (or will be) made.
    pub decided: Option<Date>,
    /// The party's type, if recorded.
    pub party: Option<Party>,
    /// The facts the table's conditions read.
    pub facts: Facts,
    /// Cited mitigating, aggravating and exempting factors, by id; `None` = not recorded.
    pub factors: Option<Vec<String>>,
    /// The act concerns life, health, safety or financial security and caused harm (Art. 36:
    /// 5-year limitation).
    pub grave_harm: Option<bool>,
    /// The level the decision claims (tier id, or cell as `[grade, grade]`).
    pub claimed_level: Option<String>,
    /// The disposition the decision claims.
    pub claimed_disposition: Option<Disposition>,
    /// What was imposed.
    pub decision: Decision,
    /// How it was decided.
    pub procedure: Procedure,
    /// Deciding unit (for summaries and the consistency audit).
    pub unit: Option<String>,
    /// Deciding officer (for summaries and the consistency audit).
    pub officer: Option<String>,
    /// The stated reason.
    pub reason: Option<String>,
}

/// Two of a case's dates out of order ([`Case::dates_out_of_order`]): the field and date that
/// should come first, then the field and date that precede it.
pub type MisorderedDates = ((&'static str, Date), (&'static str, Date));

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

    /// The first pair of the case's dates out of their legal order, as `((field, date), (field,
    /// date))` with the date that should be the earlier first (C034): an act begins before it
    /// ends and before it is discovered, and a decision comes after the act and its discovery.
    /// `None` where every recorded pair is in order.
    ///
    /// ```
    /// use discretion::{Date, check::Case};
    /// let mut case = Case::new("x", "v");
    /// case.act_ended = Date::new(2023, 6, 1).ok();
    /// case.decided = Date::new(2023, 5, 1).ok();
    /// let ((earlier, _), (later, _)) = case.dates_out_of_order().unwrap();
    /// assert_eq!((earlier, later), ("act_ended", "decided"));
    /// ```
    pub fn dates_out_of_order(&self) -> Option<MisorderedDates> {
        let pairs = [
            (("act_started", self.act_started), ("act_ended", self.act_ended)),
            (("act_started", self.act_started), ("discovered", self.discovered)),
            (("act_started", self.act_started), ("decided", self.decided)),
            (("act_ended", self.act_ended), ("decided", self.decided)),
            (("discovered", self.discovered), ("decided", self.decided)),
        ];
        pairs.into_iter().find_map(|((e, earlier), (l, later))| match (earlier, later) {
            (Some(ed), Some(ld)) if ld < ed => Some(((e, ed), (l, ld))),
            _ => None,
        })
    }

    /// Whether the decision imposes a sanction of `kind`: `Some(true)`, `Some(false)`, or
    /// `None` when the case file does not record enough to tell.
    pub fn imposes(&self, kind: SanctionKind) -> Option<bool> {
        let by_amount = match kind {
            SanctionKind::Fine => self.decision.fine.map(|f| !f.is_zero()),
            SanctionKind::ConfiscateGains => self.decision.confiscated_gains.map(|g| !g.is_zero()),
            _ => None,
        };
        if by_amount == Some(true) {
            return Some(true);
        }
        match &self.decision.sanctions {
            Some(list) if list.iter().any(|s| s.kind == kind) => Some(true),
            Some(_) => Some(false),
            None if kind == SanctionKind::Fine => Some(by_amount.unwrap_or(false)),
            None => None,
        }
    }

    /// Whether anything beyond orders is imposed: `None` when the case records no decision at
    /// all — no fine (not even `0`), no confiscation, no sanction, no claimed `no_penalty`.
    pub fn penalised(&self) -> Option<bool> {
        let amounts = self.decision.fine.is_some_and(|f| !f.is_zero())
            || self.decision.confiscated_gains.is_some_and(|g| !g.is_zero());
        let others = self.decision.sanctions.as_ref().map(|list| {
            list.iter().any(|s| !matches!(s.kind, SanctionKind::OrderToCorrect | SanctionKind::OrderToStop))
        });
        if amounts || others == Some(true) {
            return Some(true);
        }
        let recorded = self.decision.fine.is_some()
            || self.decision.confiscated_gains.is_some()
            || self.decision.sanctions.as_ref().is_some_and(|list| !list.is_empty())
            || self.claimed_disposition == Some(Disposition::NoPenalty);
        recorded.then_some(false)
    }
}
