//! Collecting assessed cases for the audit, compactly and by comparison group: a 32-byte record
//! per case, its facts ([`GroupFacts`]: 8 bytes per numeric fact, 4 for all its categorical
//! ones) and its id in its group's arena (kept in the group's order, so a case's number finds
//! it); units and officers interned, numbers in fixed point, no heap string per case. Anything
//! derivable (a case's group, its id's hash) is derived, not stored.

use std::hash::{Hash, Hasher};

use rust_decimal::Decimal;
use rustc_hash::{FxHashMap, FxHasher};

use super::characterisation::Divergences;
use super::config::AuditConfig;
pub(crate) use super::facts::{FactValue, GroupFacts, MISSING};
pub(crate) use super::fixed::fixed;
use super::fixed::fixed_exact;
use super::normalise::{self, Measure, PositionScale};
use super::report::GapUnit;
use super::store::{Case, Storing};
use crate::check::{Assessment, CaseCheck, Detail, LawChoice, Missing, Party, PreparedCase, Verdict};
use crate::table::{Addressee, Benchmark, FactId, FineRule, Range, Value};

/// Facts as fixed-point numbers: 4 decimal places.
pub(crate) const FACT_SCALE: u32 = 4;
/// No unit or officer recorded.
pub(crate) const NONE: u32 = u32::MAX;

/// Why a record takes no part in the comparisons. Each is counted and its cases listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum NotComparable {
    /// The record could not be read.
    Unreadable,
    /// The violation (or the table the case names) is not in the rules, by id, name or alias
    /// (`check`'s C001, which suggests the nearest id).
    UnknownViolation,
    /// No version of the violation's table is in force on the case's dates (`check`'s C001).
    NoTableInForce,
    /// No band: the level cannot be decided (a fact the table reads, or a date, is not
    /// recorded: `check`'s C002), or there is none for the case — no level matches its facts,
    /// the table sets none for its addressee (responsible persons), no version of the statute
    /// is in force, or the band is out of range.
    NoBand,
    /// The band has no upper end, so there is nothing to measure a position against.
    OpenBand,
    /// No fine is recorded: no decision, or a fine listed without its amount (`check`'s C038).
    NoFine,
    /// The band's fine is optional (可以并处) and the decision imposes none: lawful, and with no
    /// place in the band.
    OptionalFineNotImposed,
    /// An amount of the decision is not payable — negative, or with a fraction of a fen
    /// (`check`'s C036): no decision imposes one, so there is no fine to place. Only a case built in a program can carry one; the readers
    /// refuse it as unreadable.
    NegativeAmount,
    /// A no-penalty ground applies or may apply (不予处罚): the case was not penalised on an
    /// exemption, an exempting factor or a no-penalty level — or on an exemption the record
    /// cannot decide (a fact it reads is not recorded) — or it was penalised although a
    /// mandatory exemption applies (`check`'s C004). The lawful outcome may be no fine, so
    /// there is no position in the band to compare.
    NoPenaltyGround,
    /// Neither the decision nor the act is dated, so no time window applies.
    NoDate,
    /// The dates that choose the time window and the table version contradict each other
    /// (`check`'s C034: decided before the act began or ended, the act ending before it began):
    /// which apply cannot be told, and a typing slip in a date would put the case in another
    /// group. (A discovery date out of order chooses neither: such a case is compared.)
    DatesOutOfOrder,
    /// No decision date (or one before the discovery: `check`'s C034), and the statute changed after the act to a text lighter for the case's facts
    /// (`check`'s C041 or C027 for C003): a decision after the change takes the later law's
    /// range (Art. 37, 从旧兼从轻), so which band the fine is placed in cannot be told. (A
    /// discovery after the change settles an undated decision: such a case is compared.)
    LawAtDecisionUnknown,
    /// An amount too large for the audit's fixed-point numbers.
    TooLarge,
    /// The same record again: its case id, facts, party, fine, verdict, unit and officer are
    /// those of another record of its comparison group, and so is the outcome of every
    /// cross-table comparison (an export read twice). One of them is compared; each further
    /// copy is counted here.
    Repeated,
    /// One case id on records of one violation and addressee that differ (in facts, level,
    /// window, fine, party, verdict, unit or officer, or in dates that put another table of the
    /// statute in force for one and not the other): which one is the decision cannot be told,
    /// so none of them is compared. (One id under two violations is no repetition.)
    ConflictingId,
    /// Beyond what the audit can hold: [`MAX_CASES`] comparable cases in a run, or 4 GiB of
    /// case ids in one comparison group (cases are numbered, and ids found, in 32 bits), or a
    /// case whose band a table's 65th or later adjustment moved or left undecided (a group
    /// tells adjustments apart by the bits of a 64-bit word).
    OverCapacity,
    /// A case id longer than [`MAX_CASE_ID_BYTES`]: a report names its cases in every flag and
    /// peer list, so one such id could be repeated there thousands of times. Listed shortened.
    IdTooLong,
}

/// Most comparable cases one audit holds; later ones are not compared ([`NotComparable::OverCapacity`]).
pub const MAX_CASES: u64 = u32::MAX as u64 - 1;

/// Longest case id compared, in bytes: 512. A case id is a document number (粤环罚〔2023〕123号
/// is 27 bytes); the report repeats ids in flags and peer lists (up to 10,000 flags naming 10
/// peers each), so a longer one is not compared ([`NotComparable::IdTooLong`]) rather than let
/// one record grow the report by gigabytes. Ids listed as not compared are shortened past it.
pub const MAX_CASE_ID_BYTES: usize = 512;

/// An id as listed among the cases not compared: itself, or past [`MAX_CASE_ID_BYTES`] its
/// first 64 characters and its length.
fn listed_id(id: &str) -> String {
    if id.len() <= MAX_CASE_ID_BYTES {
        return id.to_string();
    }
    let head: String = id.chars().take(64).collect();
    format!("{head}… ({} bytes)", id.len())
}

/// Why a case has no band, as `check` found: its violation (or the table it names) is not in
/// the rules, no version of its table is in force, or its level is undecided.
fn no_band(a: &Assessment<'_>) -> NotComparable {
    use crate::check::Undetermined;
    let unknown = a.findings.iter().find(|f| f.check == CaseCheck::UnknownViolation);
    match unknown.map(|f| &f.detail) {
        Some(Detail::Undetermined(Undetermined::TableNotInForce(_))) => NotComparable::NoTableInForce,
        Some(_) => NotComparable::UnknownViolation,
        None => NotComparable::NoBand,
    }
}

/// Most distinct causes of [`NotComparable::NoBand`] kept apart; records of any other cause
/// are counted together. A cause names only what the rules define (a fact, a grade, a statute),
/// so a table set has far fewer: the bound is memory's, not the report's.
pub(crate) const MAX_CAUSES: usize = 1_000;

/// Why a case without a level has none, as `check` said it: its finding that the level could
/// not be determined (C002: a fact not given) or matched nothing (C033), else its first
/// finding that something could not be determined — the code and the message in English and
/// Chinese. A statute not in force is said without the case's date: one cause for every date.
fn no_band_cause(a: &Assessment<'_>) -> Option<(&'static str, String, String)> {
    use crate::check::Undetermined;
    use crate::table::Lang;
    let explains = |checks: &[CaseCheck]| a.findings.iter().find(|f| checks.contains(&f.check));
    let finding = explains(&[CaseCheck::LevelUndetermined, CaseCheck::NoLevel])
        .or_else(|| a.findings.iter().find(|f| matches!(f.detail, Detail::Undetermined(_))))?;
    let code = finding.check.code();
    Some(match finding.detail {
        Detail::Undetermined(Undetermined::StatuteNotInForce { statute, .. }) => (
            code,
            format!("no version of `{statute}` is in force on the case's dates"),
            format!("案件日期无有效的法定处罚规定（`{statute}`）"),
        ),
        // The fact the level stopped at, without the others the case lacks (C002 lists them for
        // the reviewer): one cause per fact, not per combination of facts.
        Detail::Undetermined(Undetermined::MissingFact { fact, .. }) => {
            let first = crate::check::Finding {
                check: finding.check,
                detail: Detail::Undetermined(Undetermined::MissingFact { fact, also: Vec::new() }),
                citation: None,
            };
            (code, first.message(Lang::En), first.message(Lang::Zh))
        }
        _ => (code, finding.message(Lang::En), finding.message(Lang::Zh)),
    })
}

impl NotComparable {
    /// Every reason, in report order.
    pub const ALL: [NotComparable; 17] = [
        NotComparable::Unreadable,
        NotComparable::UnknownViolation,
        NotComparable::NoTableInForce,
        NotComparable::NoBand,
        NotComparable::OpenBand,
        NotComparable::NoFine,
        NotComparable::OptionalFineNotImposed,
        NotComparable::NegativeAmount,
        NotComparable::NoPenaltyGround,
        NotComparable::NoDate,
        NotComparable::DatesOutOfOrder,
        NotComparable::LawAtDecisionUnknown,
        NotComparable::TooLarge,
        NotComparable::Repeated,
        NotComparable::ConflictingId,
        NotComparable::OverCapacity,
        NotComparable::IdTooLong,
    ];

    /// Whether a record left out for this reason is one the audit does not cover: its data is
    /// missing or in error (an id the rules lack, a fact or a date not recorded, dates that
    /// contradict each other, an id on differing records), the rules set no band for it (no
    /// table or statute in force, no level matching its facts), or it is past the audit's
    /// limits. Not a gap: a record repeated (compared once), a lawful ground not to penalise,
    /// an optional fine not imposed, a band without an upper end (the law sets no maximum to
    /// measure against). The command line's exit status says so.
    ///
    /// ```
    /// use discretion::audit::NotComparable;
    /// assert!(NotComparable::NoBand.is_gap() && NotComparable::NoFine.is_gap());
    /// assert!(!NotComparable::NoPenaltyGround.is_gap() && !NotComparable::Repeated.is_gap());
    /// assert!(!NotComparable::OptionalFineNotImposed.is_gap());
    /// ```
    pub fn is_gap(self) -> bool {
        !matches!(
            self,
            NotComparable::OpenBand
                | NotComparable::NoPenaltyGround
                | NotComparable::Repeated
                | NotComparable::OptionalFineNotImposed
        )
    }

    /// What it means, in English and Chinese.
    pub fn describe(self, lang: crate::table::Lang) -> &'static str {
        use crate::table::Lang::{En, Zh};
        match (self, lang) {
            (NotComparable::Unreadable, En) => "unreadable",
            (NotComparable::Unreadable, Zh) => "无法读取",
            (NotComparable::UnknownViolation, En) => {
                "violation (or the table it names) not in the rules (C001; `check` suggests the nearest)"
            }
            (NotComparable::UnknownViolation, Zh) => {
                "违法行为（或所指基准）不在规则中（C001；`check` 会提示最接近的编号）"
            }
            (NotComparable::NoTableInForce, En) => "no version of its table in force on the case's dates (C001)",
            (NotComparable::NoTableInForce, Zh) => "案件日期无有效的基准版本（C001）",
            (NotComparable::NoBand, En) => {
                "no band (level undecided: a fact or date missing, C002; or none for the facts, the addressee or the statute in force)"
            }
            (NotComparable::NoBand, Zh) => {
                "无裁量幅度（阶次无法确定：缺少事实或日期，C002；或该事实、处罚对象或有效法律无对应幅度）"
            }
            (NotComparable::OpenBand, En) => "band without an upper end",
            (NotComparable::OpenBand, Zh) => "裁量幅度无上限",
            (NotComparable::NoFine, En) => "no fine recorded",
            (NotComparable::NoFine, Zh) => "未记录罚款",
            (NotComparable::OptionalFineNotImposed, En) => "optional fine (可以并处) not imposed",
            (NotComparable::OptionalFineNotImposed, Zh) => "可以并处的罚款未处",
            (NotComparable::NegativeAmount, En) => {
                "amount in the decision not payable (negative, or a fraction of a fen; C036)"
            }
            (NotComparable::NegativeAmount, Zh) => "处罚决定金额无效（为负数或不足一分；C036）",
            (NotComparable::NoPenaltyGround, En) => {
                "a no-penalty ground applies or may apply (not penalised on a ground, or a mandatory exemption)"
            }
            (NotComparable::NoPenaltyGround, Zh) => "存在或可能存在不予处罚情形（依法不予处罚，或应当不予处罚）",
            (NotComparable::NoDate, En) => "no decision or act date",
            (NotComparable::NoDate, Zh) => "无决定日期或行为日期",
            (NotComparable::DatesOutOfOrder, En) => {
                "act and decision dates out of order (C034: which window applies cannot be told)"
            }
            (NotComparable::DatesOutOfOrder, Zh) => "行为日期与决定日期先后矛盾（C034：无法确定所属时间窗口）",
            (NotComparable::LawAtDecisionUnknown, En) => {
                "no decision date (or one before the discovery), and the statute changed after the act to a lighter text (C003 not checked: which band applies cannot be told)"
            }
            (NotComparable::LawAtDecisionUnknown, Zh) => {
                "未记载决定日期（或决定日期早于发现日期），而规定在违法行为后修改且新规定较轻（未能检查C003：无法确定适用的裁量幅度）"
            }
            (NotComparable::TooLarge, En) => "amount too large to compare",
            (NotComparable::TooLarge, Zh) => "金额过大，无法比较",
            (NotComparable::Repeated, En) => "the same record again in its group (compared once)",
            (NotComparable::Repeated, Zh) => "同一分组内的重复记录（只比较一次）",
            (NotComparable::ConflictingId, En) => "one case id on differing records of one violation (none compared)",
            (NotComparable::ConflictingId, Zh) => "同一违法行为下同一案号对应不同记录（均不比较）",
            (NotComparable::OverCapacity, En) => {
                "beyond the audit's capacity (4,294,967,294 cases a run, 4 GiB of case ids a group, 64 adjustments a table)"
            }
            (NotComparable::OverCapacity, Zh) => {
                "超出审查容量（每次最多4,294,967,294件案件，每组案号合计最多4 GiB，每个基准最多64条调整规则）"
            }
            (NotComparable::IdTooLong, En) => "case id longer than 512 bytes",
            (NotComparable::IdTooLong, Zh) => "案号超过512字节",
        }
    }
}

/// What makes cases comparable: one violation, one version of its table, one level, one
/// addressee, one time window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct GroupKey {
    /// `Benchmark::violation_group`.
    pub violation: u32,
    /// Index of the table version among the group's versions.
    pub version: u32,
    pub addressee: u8,
    pub level: u32,
    /// The version of the violation's statute applied (Art. 37), numbered from 1 in its
    /// statute's list; 0 where no statute is cited. Cases decided under different texts of the
    /// law are not similar cases: a band cut to the 2019 text is not the band cut to 2023's.
    pub law: u32,
    /// The first year of the window.
    pub window: i32,
    /// The table's adjustments that changed the band (bit i: adjustment i): a case reduced for
    /// an apology is compared with other such cases, not with unreduced ones.
    pub adjusted: u64,
    /// The table's adjustments that could not be decided for the case (bit i: adjustment i; a
    /// fact they read is not recorded).
    pub unknown: u64,
}

/// One comparison group as collected.
#[derive(Debug, Clone)]
pub(crate) struct Group {
    pub key: GroupKey,
    pub table: usize,
    pub violation_index: usize,
    /// The band, when every case of the group had the same (multiples and per-unit fines vary).
    pub band: Option<Range>,
    pub band_varies: bool,
    /// Where the band varies, each case's gap unit in fen (its band's width, or for a band of
    /// one amount 10 % of it: [`gap_unit`]), in the order of `cases`; empty where it does not.
    pub widths: Vec<i64>,
    /// Whether every case's band is of one amount (the gap unit is then 10 % of it).
    pub points_only: bool,
    /// Where the level's fine is a multiple or a percentage of a fact (倍数罚款), that fact:
    /// levels are then compared in the multiple, not in money (see [`Group::bases`]).
    pub per: Option<PerBase>,
    /// Where [`per`](Group::per) is set, each case's unit of the multiple ([`PerBase::unit`], in
    /// [`UNIT_PLACES`] fixed point; 0: not measured in the multiple), in the order of `cases`;
    /// empty where `per` is not set.
    pub bases: Vec<i64>,
    pub scale: PositionScale,
    /// The numbers of its cases once sealed (see [`Collected::record`]): one run, sorted by
    /// position, then the id's hash (so that the analysis never depends on the order records
    /// arrived in).
    pub members: std::ops::Range<u32>,
    /// The facts its cases record, row `i` for member `i`.
    pub facts: GroupFacts,
    /// Its cases: in arrival order while collecting, sorted once sealed. Stored apart
    /// ([`Storing`]) while collecting, and here from sealing on.
    cases: Vec<Record>,
    /// Their ids, in the same order as `cases`.
    ids: Ids,
    /// Cases added, and the bytes of their ids, while collecting.
    added: u32,
    id_bytes: usize,
}

/// The fact a level's fine is a multiple or a percentage of, and the range of multiples.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct PerBase {
    pub fact: FactId,
    /// The level's multiples (percentages): its band is this range times the case's unit.
    multiples: Range,
    /// A percentage (the unit is a hundredth of the base), not a multiple.
    pub percent: bool,
}

/// The decimal places a unit of a multiple is kept to: 4 (hundredths of a fen), so that a
/// percentage of a small base keeps its digits.
pub(crate) const UNIT_PLACES: u32 = 4;

impl PerBase {
    /// The fact a level's band sets its fine from, as a multiple or a percentage.
    fn of(rules: &Benchmark, band: Option<&crate::table::Band>) -> Option<PerBase> {
        let (of, multiples, percent) = match band?.fine.as_ref()? {
            FineRule::Multiple { of, range, .. } => (of, range, false),
            FineRule::Percent { of, range, .. } => (of, range, true),
            _ => return None,
        };
        Some(PerBase { fact: rules.fact_id(of)?, multiples: *multiples, percent })
    }

    /// One unit of the multiple for a case judged against `band` (the band `check` applied), in
    /// [`UNIT_PLACES`] fixed point: the band's ends divided by the level's multiples — the
    /// base as `check` used it, raised to a table's or a statute's floor, scaled by the table's
    /// adjustments. 0 where the band is not the multiples times one unit: the statute clipped
    /// it (a maximum amount, a minimum), so the fine is no longer a multiple the band set, and
    /// the case is not measured in it; also where the base is 0.
    fn unit(&self, band: &Range) -> i64 {
        let zero = Decimal::ZERO;
        let (Some(hi), Some(m_hi)) = (band.max, self.multiples.max) else { return 0 };
        let (lo, m_lo) = (band.min.unwrap_or(zero), self.multiples.min.unwrap_or(zero));
        let unit = if m_lo > zero { lo.checked_div(m_lo) } else { hi.checked_div(m_hi).filter(|_| lo.is_zero()) };
        // Each end the multiples times the unit, to the fen (a band rounds to fen; a unit
        // derived from a rounded end differs from the base by less than a fen per multiple).
        let tolerance = Decimal::new(1, 2).checked_mul(m_hi.max(Decimal::ONE)).unwrap_or(Decimal::MAX);
        let matches = |end: Decimal, m: Decimal, unit: Decimal| {
            unit.checked_mul(m).and_then(|v| v.checked_sub(end)).is_some_and(|d| d.abs() <= tolerance)
        };
        match unit {
            Some(u) if u > zero && matches(hi, m_hi, u) && matches(lo, m_lo, u) => {
                fixed(u, UNIT_PLACES).filter(|&u| u > 0).unwrap_or(0)
            }
            _ => 0,
        }
    }
}

/// One comparable case (its id is its group's, at the same place).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Record {
    pub unit: u32,
    pub officer: u32,
    /// Position in micro-units ([`super::stats::UNIT`] = the top of the band).
    pub position: i64,
    /// The fine in fen (0.01 yuan).
    pub fine: i64,
    /// The signature in the low [`SIGNATURE_BITS`] bits, the verdict (0–3, best first) in the
    /// next two, and in the top bit whether the fine is outside its band.
    tagged: u64,
}

/// Bits of a record's signature: a 61-bit hash (two of ten million distinct fact sets collide
/// with a chance of about 2 in 100,000); of the other three, two say the verdict and one
/// whether the fine is outside the band ([`OUTSIDE_BIT`]).
const SIGNATURE_BITS: u32 = 61;
const SIGNATURE_MASK: u64 = (1 << SIGNATURE_BITS) - 1;
const OUTSIDE_BIT: u64 = 1 << 63;

/// A case's facts in fixed point (`out`, emptied first), and its signature: a hash of its facts
/// and its party (see [`Record::signature`]).
pub(super) fn facts_and_signature(
    facts: &[(FactId, Value)],
    party: Option<Party>,
    out: &mut Vec<(FactId, FactValue)>,
) -> u64 {
    let mut h = FxHasher::default();
    out.clear();
    for &(fact, value) in facts {
        fact.hash(&mut h);
        let v = match value {
            // Equal numbers hash alike however written (1.5 and 1.50): by their exact fixed
            // point where there is one, else by the decimal (whose hash normalises, slowly).
            Value::Number(n) => {
                let exact = fixed_exact(n, FACT_SCALE);
                match exact {
                    Some(x) => (0u8, x).hash(&mut h),
                    None => (1u8, n).hash(&mut h),
                }
                FactValue::Number(exact.or_else(|| fixed(n, FACT_SCALE)).unwrap_or(MISSING))
            }
            Value::Flag(b) => {
                value.hash(&mut h);
                FactValue::Category(u32::from(b))
            }
            Value::Word(w) => {
                value.hash(&mut h);
                FactValue::Category(u32::from(w))
            }
        };
        out.push((fact, v));
    }
    party.hash(&mut h);
    h.finish()
}

impl Record {
    /// `outside`: whether the fine is outside its band, as `check` judges it (C007, C008).
    pub(super) fn new(
        unit: u32,
        officer: u32,
        position: i64,
        fine: i64,
        signature: u64,
        verdict: Verdict,
        outside: bool,
    ) -> Record {
        // Exhaustive: a new verdict must be given a place here (and in `verdict`).
        let place: u64 = match verdict {
            Verdict::Compliant => 0,
            Verdict::Incomplete => 1,
            Verdict::NeedsReview => 2,
            Verdict::Violation => 3,
        };
        let tagged = (signature & SIGNATURE_MASK) | (place << SIGNATURE_BITS) | if outside { OUTSIDE_BIT } else { 0 };
        Record { unit, officer, position, fine, tagged }
    }

    /// Whether the fine is outside its band, as `check` judges it (C007 or C008): exactly, where
    /// the position — rounded to four places — cannot tell a fine at an end the band excludes
    /// ("10,000 to under 30,000" fined 30,000, or 30,000.99) from one inside it.
    pub fn outside_band(&self) -> bool {
        self.tagged & OUTSIDE_BIT != 0
    }

    /// A hash of every fact the case records and its party: equal for cases with the same facts.
    pub fn signature(&self) -> u64 {
        self.tagged & SIGNATURE_MASK
    }

    /// What `check` said of it.
    pub fn verdict(&self) -> Verdict {
        match (self.tagged >> SIGNATURE_BITS) & 3 {
            0 => Verdict::Compliant,
            1 => Verdict::Incomplete,
            2 => Verdict::NeedsReview,
            _ => Verdict::Violation,
        }
    }
}

/// Strings stored once, by number.
#[derive(Debug, Default)]
pub(crate) struct Interner {
    /// Each name's first number.
    index: FxHashMap<String, u32>,
    pub names: Vec<String>,
    /// Each number's scope (see [`get_in`](Interner::get_in); [`NONE`] for none).
    pub scopes: Vec<u32>,
    /// The numbers of a name in other scopes than its first number's: (scope, first) → number.
    others: FxHashMap<(u32, u32), u32>,
}

impl Interner {
    /// The number of a name (without scope).
    pub(super) fn get(&mut self, s: &str) -> u32 {
        self.get_in(NONE, s)
    }

    /// The number of a name within a scope: the same name in two scopes is two numbers — an
    /// officer is an officer of a unit, and two units may each have a 张三.
    pub(super) fn get_in(&mut self, scope: u32, s: &str) -> u32 {
        let first = match self.index.get(s) {
            Some(&i) if self.scopes.get(i as usize) == Some(&scope) => return i,
            Some(&i) => i,
            None => {
                let i = self.push(scope, s);
                self.index.insert(s.to_string(), i);
                return i;
            }
        };
        if let Some(&i) = self.others.get(&(scope, first)) {
            return i;
        }
        let i = self.push(scope, s);
        self.others.insert((scope, first), i);
        i
    }

    fn push(&mut self, scope: u32, s: &str) -> u32 {
        let i = u32::try_from(self.names.len()).unwrap_or(NONE - 1);
        self.names.push(s.to_string());
        self.scopes.push(scope);
        i
    }
}

/// A group's case ids, one string arena.
#[derive(Debug, Default, Clone)]
pub(crate) struct Ids {
    text: String,
    ends: Vec<u32>,
}

impl Ids {
    pub fn push(&mut self, id: &str) {
        self.text.push_str(id);
        self.ends.push(u32::try_from(self.text.len()).unwrap_or(u32::MAX));
    }

    /// The ids in the order `rows` gives (row `k` of the result is row `rows[k]` of these).
    fn permuted(&self, rows: &[u32]) -> Ids {
        let mut out = Ids { text: String::with_capacity(self.text.len()), ends: Vec::with_capacity(rows.len()) };
        for &r in rows {
            out.push(self.get(r));
        }
        out
    }

    pub fn get(&self, i: u32) -> &str {
        let i = i as usize;
        let start = i.checked_sub(1).and_then(|p| self.ends.get(p)).copied().unwrap_or(0) as usize;
        let end = self.ends.get(i).copied().unwrap_or(0) as usize;
        self.text.get(start..end).unwrap_or("")
    }
}

/// Whether `id` fits with `held` bytes of ids in `capacity` bytes of text.
fn id_fits(held: usize, id: &str, capacity: usize) -> bool {
    held.checked_add(id.len()).is_some_and(|n| n <= capacity)
}

/// Cases that take no part, per reason: the count and the smallest ids (so that the listing
/// does not depend on the input order).
#[derive(Debug, Default, Clone)]
pub(crate) struct Excluded {
    pub count: u64,
    pub ids: std::collections::BTreeSet<String>,
    /// Each cause's count by (code, English message), with its Chinese message (at most
    /// [`MAX_CAUSES`]); and how many records had a cause not kept apart, or none.
    pub causes: std::collections::BTreeMap<(&'static str, String), (String, u64)>,
    pub other_causes: u64,
}

/// Everything collected, before the analysis.
pub(crate) struct Collected<'r> {
    pub rules: &'r Benchmark,
    pub config: AuditConfig,
    /// How many comparable cases there are (once sealed).
    comparable: u32,
    /// In key order once sealed.
    pub groups: Vec<Group>,
    group_index: FxHashMap<GroupKey, u32>,
    /// Comparable cases collected so far.
    held: u64,
    pub units: Interner,
    pub officers: Interner,
    pub excluded: std::collections::BTreeMap<NotComparable, Excluded>,
    /// The records left out whose violation and addressee are known: (violation, addressee,
    /// hash of the case id), so that a compared record sharing its id is found when sealed.
    excluded_copies: Vec<(u32, u8, u64)>,
    /// The id hashes of unreadable records naming no known violation: a compared record of any
    /// violation sharing one is a conflicting id.
    unreadable_copies: Vec<u64>,
    pub read: u64,
    pub divergence: super::characterisation::Divergences,
    /// Where cases are stored while collecting: here, and on a thread of its own after a
    /// batch's worth unless the audit runs on one thread or `store_here`; taken when sealed.
    storing: Storing,
    /// Store cases on the caller's thread whatever the threads (see
    /// [`Auditor::storing_on_calling_thread`](super::Auditor::storing_on_calling_thread)).
    store_here: bool,
    /// Bands made ready to place fines in ([`Measure`]), the last met at each of
    /// [`MEASURES`] places by a hash of the band's exact representation.
    measures: Vec<Option<(BandKey, Measure)>>,
    /// The most threads sealing and the analysis use.
    pub threads: usize,
}

/// A record to take out of its group when sealed: its row and why.
type TakenOut = (u32, NotComparable);

/// The hash case ids are compared by when repeated ids are searched.
fn id_hash(id: &str) -> u64 {
    let mut h = FxHasher::default();
    id.hash(&mut h);
    h.finish()
}

/// The records to take out of each group because their case id repeats (per group: rows,
/// ascending, with the reason). A case id names one decision, and one decision is filed under
/// one violation for one addressee: records of one violation and addressee sharing an id are
/// either the same record again — same group, and the same in everything the audit reads — of
/// which one is kept ([`NotComparable::Repeated`]), or they differ (in facts, level, window,
/// fine…), and then none of them is ([`NotComparable::ConflictingId`]). One id under two
/// violations (一案多违法) is no repetition. Which copy of identical records stays does not
/// matter: they are alike in all the audit reads. Violations are searched in parallel.
///
/// A record left out (no fine, no level, …) is a copy too: a compared record sharing its id
/// under the same violation and addressee differs from it, and is a conflicting id
/// (`excluded`: each left-out copy's violation, addressee and id hash, sorted). By a 64-bit hash:
/// a different id shares one with a chance of about (compared × left out) / 2⁶⁴ — one in 1.8
/// billion for a million records compared and ten thousand left out, one in 180,000 for ten
/// million of each.
/// The id hashes of the records left out, for [`repeated_ids`]: by violation and addressee
/// (sorted), and those of unreadable records of no known violation (sorted).
#[derive(Clone, Copy)]
struct LeftOut<'a> {
    by_violation: &'a [(u32, u8, u64)],
    anywhere: &'a [u64],
}

fn repeated_ids(
    groups: &[Group],
    divergence: &Divergences,
    excluded: LeftOut<'_>,
    threads: usize,
) -> Vec<Vec<TakenOut>> {
    let mut by_violation: std::collections::BTreeMap<(u32, u8), Vec<usize>> = std::collections::BTreeMap::new();
    for (g, x) in groups.iter().enumerate() {
        by_violation.entry((x.key.violation, x.key.addressee)).or_default().push(g);
    }
    let sets: Vec<((u32, u8), Vec<usize>)> = by_violation.into_iter().collect();
    let size = |k: usize| {
        sets.get(k).map_or(0, |(_, gs)| gs.iter().filter_map(|&g| groups.get(g)).map(|x| x.cases.len()).sum())
    };
    // The left-out copies' id hashes of one violation and addressee: a run of `excluded`, and
    // the unreadable records of no known violation.
    let left_out = |(violation, addressee): (u32, u8)| -> Vec<u64> {
        let all = excluded.by_violation;
        let from = all.partition_point(|x| (x.0, x.1) < (violation, addressee));
        let run = all.get(from..).unwrap_or_default();
        let mut out: Vec<u64> = run.iter().take_while(|x| (x.0, x.1) == (violation, addressee)).map(|x| x.2).collect();
        if !excluded.anywhere.is_empty() {
            out.extend_from_slice(excluded.anywhere);
            out.sort_unstable();
        }
        out
    };
    let found = super::within::parallel_map(
        sets.len(),
        size,
        |k| sets.get(k).map(|(key, gs)| repeated_in(groups, divergence, gs, &left_out(*key))).unwrap_or_default(),
        threads,
    );
    let mut out = vec![Vec::new(); groups.len()];
    for (g, row, reason) in found.into_iter().flatten() {
        if let Some(list) = out.get_mut(g) {
            list.push((row, reason));
        }
    }
    for list in &mut out {
        // A record is taken out once: as a conflicting id if any copy makes it one.
        list.sort_unstable_by_key(|&(row, reason)| (row, reason != NotComparable::ConflictingId));
        list.dedup_by_key(|x| x.0);
    }
    out
}

/// [`repeated_ids`] among the groups `set` (one violation and addressee): (group, row, reason);
/// `left_out`: the id hashes of the records of that violation and addressee left out, sorted.
fn repeated_in(
    groups: &[Group],
    divergence: &Divergences,
    set: &[usize],
    left_out: &[u64],
) -> Vec<(usize, u32, NotComparable)> {
    let id = |g: usize, r: u32| groups.get(g).map_or("", |x| x.ids.get(r));
    let record = |g: usize, r: u32| groups.get(g).and_then(|x| x.cases.get(r as usize)).copied();
    // A case's own band width, where its group's band varies: copies alike in position and fine
    // may still have had different bands (another statute version clipping them).
    let width = |g: usize, r: u32| groups.get(g).and_then(|x| x.widths.get(r as usize)).copied();
    let hash = id_hash;
    let rows = || {
        set.iter().enumerate().flat_map(move |(k, &g)| {
            (0..groups.get(g).map_or(0, |x| x.cases.len() as u32)).map(move |r| (k as u32, g, r))
        })
    };
    let mut out: Vec<(usize, u32, NotComparable)> = Vec::new();
    // Ids are nearly always distinct: two sieves of 16 to 32 bits a record (rounded up to a
    // power of two) — ids met once, and more than once — find the records whose id hash may
    // repeat (and a few that only share a bit), so that only they are gathered: 4 to 8 bytes a
    // record while a violation's ids are searched, where a list of every record's hash would
    // cost 16, at the audit's peak.
    let total: usize = set.iter().filter_map(|&g| groups.get(g)).map(|x| x.cases.len()).sum();
    let bits = total.saturating_mul(16).next_power_of_two().max(64);
    let shift = 64 - bits.trailing_zeros();
    // The hash's high bits, the best mixed.
    let place = |h: u64| {
        let bit = h.checked_shr(shift).unwrap_or(0) as usize;
        (bit / 64, 1u64 << (bit % 64))
    };
    let (mut once, mut twice) = (vec![0u64; bits / 64], vec![0u64; bits / 64]);
    let mut repeats = false;
    for (_, g, r) in rows() {
        let h = hash(id(g, r));
        // A record sharing its id with a copy left out conflicts with it.
        if !left_out.is_empty() && left_out.binary_search(&h).is_ok() {
            out.push((g, r, NotComparable::ConflictingId));
        }
        let (word, mask) = place(h);
        if let (Some(seen), Some(again)) = (once.get_mut(word), twice.get_mut(word)) {
            if *seen & mask != 0 {
                *again |= mask;
                repeats = true;
            }
            *seen |= mask;
        }
    }
    drop(once);
    if !repeats {
        return out;
    }
    // (id hash, place of the group in `set`, row) of the records whose hash may repeat.
    let mut by_hash: Vec<(u64, u32, u32)> = rows()
        .filter_map(|(k, g, r)| {
            let h = hash(id(g, r));
            let (word, mask) = place(h);
            twice.get(word).is_some_and(|w| w & mask != 0).then_some((h, k, r))
        })
        .collect();
    by_hash.sort_unstable();
    let group = |k: u32| set.get(k as usize).copied().unwrap_or(usize::MAX);
    for run in by_hash.chunk_by(|a, b| a.0 == b.0).filter(|run| run.len() > 1) {
        // Equal hashes, usually one id: sorted by id, a collision's ids fall apart.
        let mut copies: Vec<(usize, u32)> = run.iter().map(|x| (group(x.1), x.2)).collect();
        copies.sort_by(|a, b| id(a.0, a.1).cmp(id(b.0, b.1)).then(a.cmp(b)));
        for same in copies.chunk_by(|a, b| id(a.0, a.1) == id(b.0, b.1)).filter(|same| same.len() > 1) {
            let first = same.first().copied();
            // The same record, and the same judged by the other tables of its statute.
            let identical = first.is_some_and(|(g0, r0)| {
                let r = record(g0, r0);
                same.iter().all(|&(g, row)| {
                    g == g0
                        && record(g, row) == r
                        && width(g, row) == width(g0, r0)
                        && divergence.same_outcome((g0 as u32, r0), (g as u32, row))
                })
            });
            let (reason, skip) =
                if identical { (NotComparable::Repeated, 1) } else { (NotComparable::ConflictingId, 0) };
            out.extend(same.iter().skip(skip).map(|&(g, row)| (g, row, reason)));
        }
    }
    out
}

/// What a gap in `band` is measured in, in yuan: its width, or for a band of one amount (no
/// width) 10 % of it, as `check` measures positions there. `None` without an upper end.
pub(crate) fn gap_unit(band: &Range) -> Option<(Decimal, GapUnit)> {
    let (lo, hi) = (band.min.unwrap_or_default(), band.max?);
    Some(if hi > lo { (hi - lo, GapUnit::BandWidth) } else { (crate::check::point_unit(lo), GapUnit::TenthOfAmount) })
}

/// [`gap_unit`] in fen; one too large for fixed point is the largest (no case is compared
/// against a margin of it); 0 for a band without an upper end (never compared).
pub(crate) fn gap_unit_fen(band: &Range) -> i64 {
    gap_unit(band).map_or(0, |(w, _)| fixed(w, 2).unwrap_or(i64::MAX))
}

/// Places for bands made ready ([`Collected::measure`]): 1,024, so that the few hundred bands
/// a run meets (levels, adjusted bands, each cut by its statute version) seldom share a place.
/// With 64, the generated audit's bands shared places, and one case in eight had its band made
/// ready again. A power of two: the place is the hash's leading bits.
const MEASURES: usize = 1024;

/// A band's exact representation (two ways of writing one amount are two keys: a band then
/// merely made ready twice).
type BandKey = (Option<[u8; 16]>, Option<[u8; 16]>, bool, bool);

/// Most ids listed per reason for not comparing.
const LISTED: usize = 50;

impl<'r> Collected<'r> {
    pub fn new(rules: &'r Benchmark, config: AuditConfig) -> Collected<'r> {
        let mut c = Collected {
            rules,
            config,
            comparable: 0,
            groups: Vec::new(),
            group_index: FxHashMap::default(),
            held: 0,
            units: Interner::default(),
            officers: Interner::default(),
            excluded: std::collections::BTreeMap::new(),
            excluded_copies: Vec::new(),
            unreadable_copies: Vec::new(),
            read: 0,
            divergence: Default::default(),
            storing: Storing::here(),
            measures: vec![None; MEASURES],
            store_here: false,
            threads: 1,
        };
        c.limit(super::within::threads(), false);
        c
    }

    /// Leaves out a record of a known violation and addressee (`copy`), remembering its id for
    /// sealing: a compared record sharing it is a conflicting id ([`repeated_ids`]).
    fn exclude_copy(&mut self, copy: Option<(u32, u8)>, reason: NotComparable, id: &str) {
        if let Some((violation, addressee)) = copy {
            self.excluded_copies.push((violation, addressee, id_hash(id)));
        }
        self.exclude(reason, id);
    }

    /// Counts a record without a band ([`no_band`] says why), one without a level by the cause
    /// `check` gives: the causes add up to the reason's count.
    fn exclude_without_band(&mut self, copy: Option<(u32, u8)>, a: &Assessment<'_>, id: &str) {
        let reason = no_band(a);
        if reason == NotComparable::NoBand {
            let e = self.excluded.entry(reason).or_default();
            match no_band_cause(a) {
                Some((code, en, zh)) if e.causes.len() < MAX_CAUSES || e.causes.contains_key(&(code, en.clone())) => {
                    e.causes.entry((code, en)).or_insert((zh, 0)).1 += 1;
                }
                _ => e.other_causes += 1,
            }
        }
        self.exclude_copy(copy, reason, id);
    }

    /// Counts a record that could not be read, remembering its id (if it has one) as a copy:
    /// a compared record sharing it — of the violation it names (`violation`, as written), or
    /// of any where it names none the rules know — is a conflicting id, since which of the two
    /// is the decision cannot be told.
    pub fn exclude_unreadable(&mut self, id: &str, violation: Option<&str>) {
        if !id.is_empty() {
            let h = id_hash(id);
            match violation.and_then(|v| self.rules.violation_group(v.trim())) {
                // Its addressee unread: a copy for either.
                Some(g) => self.excluded_copies.extend([0, 1].map(|addressee| (g as u32, addressee, h))),
                None => self.unreadable_copies.push(h),
            }
        }
        self.exclude(NotComparable::Unreadable, id);
    }

    pub fn exclude(&mut self, reason: NotComparable, id: &str) {
        self.read += 1;
        let e = self.excluded.entry(reason).or_default();
        e.count += 1;
        if e.ids.len() < LISTED {
            e.ids.insert(listed_id(id));
        } else if e.ids.last().is_some_and(|last| id < last.as_str()) {
            e.ids.pop_last();
            e.ids.insert(listed_id(id));
        }
    }

    /// Adds one assessed case (or says why it is not comparable).
    pub fn add(&mut self, prepared: &PreparedCase<'r>, a: &Assessment<'r>) {
        let case = prepared.case();
        let id = case.id.as_str();
        if id.len() > MAX_CASE_ID_BYTES {
            return self.exclude(NotComparable::IdTooLong, id);
        }
        // Left out from here on, a record of a known violation is remembered as a copy of its id.
        let copy = prepared.group.map(|g| (g as u32, a.addressee as u8));
        // A negative amount is a data error, said before anything read from the decision.
        if a.has(CaseCheck::NegativeAmount) {
            return self.exclude_copy(copy, NotComparable::NegativeAmount, id);
        }
        // Without a date no table version or window applies: said first, as the cause.
        let Some(date) = case.decided.or(case.act_date()) else {
            return self.exclude_copy(copy, NotComparable::NoDate, id);
        };
        // The dates that choose the window and the table version — the act's start and end,
        // the decision — contradicting each other (C034 asks to correct them) cannot say which
        // applies. A discovery out of order with them chooses neither.
        let (started, ended) = (case.act_started, case.act_ended);
        if started.zip(ended).is_some_and(|(s, e)| e < s)
            || case.decided.is_some_and(|d| started.into_iter().chain(ended).any(|x| d < x))
        {
            return self.exclude_copy(copy, NotComparable::DatesOutOfOrder, id);
        }
        // Art. 37 left open for want of a decision date: the band is the earliest possible law's,
        // which holds only if the decision came before the change.
        if a.statute.is_some_and(|(_, choice)| choice == LawChoice::Undecided) {
            return self.exclude_copy(copy, NotComparable::LawAtDecisionUnknown, id);
        }
        // The level is decided, so `check` judged whether not penalising had a ground.
        if a.level.is_some()
            && (a.has(CaseCheck::PenalisedDespiteExemption)
                || (case.penalised() == Some(false) && !a.has(CaseCheck::NoPenaltyWithoutGround)))
        {
            return self.exclude_copy(copy, NotComparable::NoPenaltyGround, id);
        }
        let (Some(group), Some(violation), Some(level), Some(band)) = (prepared.group, a.violation, a.level, a.band)
        else {
            return self.exclude_without_band(copy, a, id);
        };

        let level_band = violation.scheme_for(a.addressee).and_then(|s| s.level(level)).map(|l| l.band);
        // A fine the band makes optional (可以并处) and the decision leaves out has no place in it.
        let optional = level_band.is_some_and(|b| b.fine_optional);
        // The fine `check` judged: a decision recorded without one (a warning, a confiscation)
        // imposes 0, as there, and so does one recorded as no penalty without a ground (C025:
        // compared, however the export spells "nothing" — a `0` fine or a `0` confiscation); a
        // fine listed without its amount is unknown (C038), none here.
        let judged = a.fine.or_else(|| a.has(CaseCheck::NoPenaltyWithoutGround).then_some(Decimal::ZERO));
        let Some(fine) = judged else {
            return self.exclude_copy(copy, NotComparable::NoFine, id);
        };
        if optional && fine.is_zero() {
            return self.exclude_copy(copy, NotComparable::OptionalFineNotImposed, id);
        }
        let Some((position, scale)) = self.measure(&band).and_then(|m| m.position(fine)) else {
            return self.exclude_copy(
                copy,
                if band.max.is_none() { NotComparable::OpenBand } else { NotComparable::TooLarge },
                id,
            );
        };
        let (Some(fine_fen), Some(position)) = (fixed(fine, 2), normalise::micro(position)) else {
            return self.exclude_copy(copy, NotComparable::TooLarge, id);
        };
        let refs = self.rules.group_refs(group);
        let Some((version, &(table, vi))) = refs.iter().enumerate().find(|(_, (t, v))| {
            self.rules.tables().get(*t).and_then(|t| t.violations.get(*v)).is_some_and(|x| std::ptr::eq(x, violation))
        }) else {
            return self.exclude_without_band(copy, a, id);
        };
        let years = i32::from(self.config.window_years.max(1));
        let window = i32::from(date.year()).div_euclid(years) * years;
        let adjustments = self.rules.tables().get(table).map(|t| t.adjustments.as_slice()).unwrap_or_default();
        // An adjustment's bit; `None` past the 64th, which no bit of the key tells apart.
        let bit = |adjustment: &crate::table::Adjustment| -> Option<u64> {
            let i = adjustments.iter().position(|x| std::ptr::eq(x, adjustment))?;
            1u64.checked_shl(u32::try_from(i).ok()?)
        };
        // The adjustments that moved the band, and those that could not be decided (a fact
        // they read is not recorded): unknown is not "no", so such a case is compared only with
        // cases where the same adjustments are unknown.
        let (mut adjusted, mut unknown) = (0u64, 0u64);
        for f in &a.findings {
            let (mask, adjustment) = match &f.detail {
                Detail::Adjusted { adjustment, to: Some(_), .. } => (&mut adjusted, *adjustment),
                Detail::NotMade { missing: Missing::AdjustmentFact { adjustment, .. }, .. } => {
                    (&mut unknown, *adjustment)
                }
                _ => continue,
            };
            match bit(adjustment) {
                Some(b) => *mask |= b,
                // Grouped without it, the case would be compared with cases it differs from.
                None => return self.exclude(NotComparable::OverCapacity, id),
            }
        }
        let key = GroupKey {
            violation: group as u32,
            version: version as u32,
            addressee: a.addressee as u8,
            level: level as u32,
            law: self.law_number(table, vi, a),
            window,
            adjusted,
            unknown,
        };
        // Cases are numbered, and a group's ids found, in 32 bits: past that, said, not wrapped.
        let existing = self.group_index.get(&key).copied();
        let group_full = existing
            .and_then(|g| self.groups.get(g as usize))
            .is_some_and(|x| !id_fits(x.id_bytes, id, u32::MAX as usize));
        if self.held >= MAX_CASES || group_full {
            return self.exclude(NotComparable::OverCapacity, id);
        }
        let g = match existing {
            Some(g) => {
                if let Some(info) = self.groups.get_mut(g as usize) {
                    if let Some(before) = info.band.filter(|b| *b != band) {
                        // From now on each case's gap unit is kept; the cases before had this band.
                        info.widths = vec![gap_unit_fen(&before); info.added as usize];
                        info.band = None;
                        info.band_varies = true;
                    }
                    // A group mixing scales (a wide band for some cases only) is mixed.
                    if info.scale != scale {
                        info.scale = PositionScale::Mixed;
                    }
                }
                g
            }
            None => {
                let g = self.groups.len() as u32;
                self.groups.push(Group {
                    key,
                    table,
                    violation_index: vi,
                    band: Some(band),
                    band_varies: false,
                    widths: Vec::new(),
                    points_only: gap_unit(&band).is_some_and(|(_, u)| u == GapUnit::TenthOfAmount),
                    per: PerBase::of(self.rules, level_band),
                    bases: Vec::new(),
                    scale,
                    members: 0..0,
                    facts: GroupFacts::default(),
                    cases: Vec::new(),
                    ids: Ids::default(),
                    added: 0,
                    id_bytes: 0,
                });
                self.group_index.insert(key, g);
                g
            }
        };
        let mut row = 0;
        if let Some(info) = self.groups.get_mut(g as usize) {
            row = info.added;
            info.added += 1;
            if info.band_varies {
                info.points_only &= gap_unit(&band).is_some_and(|(_, u)| u == GapUnit::TenthOfAmount);
                info.widths.push(gap_unit_fen(&band));
            }
            if let Some(per) = info.per {
                info.bases.push(per.unit(&band));
            }
            info.id_bytes += id.len();
            self.held += 1;
            self.storing.put(&Case {
                group: g,
                position,
                fine: fine_fen,
                verdict: a.verdict,
                // The band's own test, as `check` makes it for C007 and C008.
                outside: band.below(fine) || band.above(fine),
                party: case.party,
                id,
                unit: case.unit.as_deref(),
                officer: case.officer.as_deref(),
                facts: prepared.facts().as_slice(),
            });
        }
        self.read += 1;
        let statute =
            self.rules.compiled().tables.get(table).and_then(|t| t.violations.get(vi)).and_then(|v| v.statute);
        if let Some(si) = statute {
            self.divergence.add(self.rules, prepared, a, (group, table, si), (g, row));
        }
    }

    /// Limits the threads (see [`Auditor::with_threads`](super::Auditor::with_threads)), or
    /// stores cases on the caller's thread: with one thread or `store_here`, cases stored so far
    /// on a thread of their own, if any, are taken back and later ones stored here; with more,
    /// cases move to a thread of their own after a batch's worth.
    pub fn limit(&mut self, threads: usize, store_here: bool) {
        self.threads = threads;
        self.store_here |= store_here;
        let storing = std::mem::replace(&mut self.storing, Storing::here());
        self.storing = if threads > 1 && !self.store_here { storing.soon_away() } else { storing.into_here() };
    }

    /// [`GroupKey::law`] of a case of violation `vi` of table `table` assessed as `a`.
    fn law_number(&self, table: usize, vi: usize, a: &Assessment<'_>) -> u32 {
        let Some((applied, _)) = a.statute else { return 0 };
        let statute = self
            .rules
            .compiled()
            .tables
            .get(table)
            .and_then(|t| t.violations.get(vi))
            .and_then(|v| v.statute)
            .and_then(|s| self.rules.statutes().get(s));
        // A statute has a handful of versions: found by identity, as the assessment holds it.
        statute
            .and_then(|s| s.versions.iter().position(|v| std::ptr::eq(v, applied)))
            .and_then(|i| u32::try_from(i + 1).ok())
            .unwrap_or(0)
    }

    /// `band` made ready to place fines in (`None`: no upper end, or ends too large), as
    /// [`normalise::position`] would, its conversions done once for the band's many cases.
    fn measure(&mut self, band: &Range) -> Option<Measure> {
        let key: BandKey =
            (band.min.map(|d| d.serialize()), band.max.map(|d| d.serialize()), band.excludes_min, band.excludes_max);
        let mut h = FxHasher::default();
        key.hash(&mut h);
        let place = (h.finish() >> (64 - MEASURES.trailing_zeros())) as usize % MEASURES;
        if let Some(Some((k, m))) = self.measures.get(place)
            && *k == key
        {
            return Some(*m);
        }
        let m = Measure::new(band, self.config.log_ratio)?;
        if let Some(slot) = self.measures.get_mut(place) {
            *slot = Some((key, m));
        }
        Some(m)
    }

    /// The group of a comparable case, by its number (see [`Collected::record`]).
    pub fn group_of(&self, i: u32) -> usize {
        self.groups.partition_point(|g| g.members.end <= i)
    }

    /// The facts a comparable case records, by its number, as its group keeps them (see
    /// [`Flag::facts`](super::Flag::facts)): numbers exact to the four places kept, dates as
    /// dates, yes/no and enum values by name. A number too large to keep is absent, as it is
    /// from the comparisons.
    pub fn recorded_facts(&self, i: u32) -> std::collections::BTreeMap<String, super::RecordedValue> {
        use super::RecordedValue;
        use crate::table::FactType;
        let mut out = std::collections::BTreeMap::new();
        let Some(group) = self.groups.get(self.group_of(i)) else { return out };
        let Some(row) = i.checked_sub(group.members.start) else { return out };
        for (column, &id) in group.facts.columns().iter().enumerate() {
            let v = group.facts.get(row as usize, column);
            let Some(fact) = self.rules.fact_by_id(id).filter(|_| v != MISSING) else { continue };
            let number = Decimal::new(v, FACT_SCALE);
            let shown = match &fact.fact_type {
                FactType::Boolean => RecordedValue::Flag(v != 0),
                FactType::Enum(values) => match usize::try_from(v).ok().and_then(|k| values.get(k)) {
                    Some(value) => RecordedValue::Text(value.clone()),
                    None => continue,
                },
                FactType::Date => {
                    // A day number in fixed point: whole days.
                    match crate::Date::from_day_number(v.div_euclid(10i64.pow(FACT_SCALE))) {
                        Some(d) => RecordedValue::Text(d.to_string()),
                        None => continue,
                    }
                }
                _ => RecordedValue::Text(number.normalize().to_string()),
            };
            out.insert(fact.id.clone(), shown);
        }
        out
    }

    /// The id of a comparable case, by its number (see [`Collected::record`]).
    pub fn id(&self, i: u32) -> &str {
        let Some(group) = self.groups.get(self.group_of(i)) else { return "" };
        i.checked_sub(group.members.start).map_or("", |k| group.ids.get(k))
    }

    /// Two records by their case ids.
    pub fn ids_cmp(&self, a: u32, b: u32) -> std::cmp::Ordering {
        self.id(a).cmp(self.id(b))
    }

    /// Ends the collection: each group's cases sorted (position, then the id's hash, then the
    /// fine, then arrival) with their facts alike and its main fact found, groups in parallel;
    /// then the groups put in key order and their cases numbered (see [`Collected::record`]).
    pub fn seal(&mut self) {
        let store = std::mem::replace(&mut self.storing, Storing::here()).finish();
        (self.units, self.officers) = (store.units, store.officers);
        for (group, stored) in self.groups.iter_mut().zip(store.groups) {
            (group.facts, group.cases, group.ids) = (stored.facts, stored.cases, stored.ids);
        }
        let sizes: Vec<usize> = self.groups.iter().map(|g| g.cases.len()).collect();
        self.divergence.settle();
        self.excluded_copies.sort_unstable();
        self.unreadable_copies.sort_unstable();
        let left_out = LeftOut { by_violation: &self.excluded_copies, anywhere: &self.unreadable_copies };
        let repeated = repeated_ids(&self.groups, &self.divergence, left_out, self.threads);
        (self.excluded_copies, self.unreadable_copies) = (Vec::new(), Vec::new());
        // Cross-table comparisons are counted for the records that stay.
        let groups = &self.groups;
        self.divergence.tally(
            |g, row| repeated.get(g as usize).is_some_and(|out| out.binary_search_by_key(&row, |x| x.0).is_ok()),
            |g, row| groups.get(g as usize).map_or("", |x| x.ids.get(row)),
        );
        // Each group with the records to take out of it.
        let slots: Vec<std::sync::Mutex<(Group, Vec<TakenOut>)>> =
            std::mem::take(&mut self.groups).into_iter().zip(repeated).map(std::sync::Mutex::new).collect();
        let this: &Collected<'_> = self;
        // Sorting is idempotent and the records to take out are taken from the slot, so a job
        // run twice (see `parallel_map`) does no harm.
        let removed = super::within::parallel_map(
            slots.len(),
            |g| sizes.get(g).copied().unwrap_or(0),
            |g| match slots.get(g).and_then(|s| s.lock().ok()) {
                Some(mut slot) => {
                    let out = std::mem::take(&mut slot.1);
                    this.sort_group(&mut slot.0, &out)
                }
                None => Vec::new(),
            },
            this.threads,
        );
        // Read when added: counted here as not compared, not read again.
        for (reason, id) in removed.into_iter().flatten() {
            self.read = self.read.saturating_sub(1);
            self.held = self.held.saturating_sub(1);
            self.exclude(reason, &id);
        }
        // A lock is poisoned only by a panic, which sorting cannot raise; its group is taken
        // as it is rather than lost.
        let mut groups: Vec<Group> =
            slots.into_iter().map(|s| s.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner).0).collect();
        // A group whose every record repeated an id is no group.
        groups.retain(|g| !g.cases.is_empty());
        groups.sort_unstable_by_key(|g| g.key);
        let mut start = 0u32;
        for mut g in groups {
            let end = start.saturating_add(g.cases.len() as u32);
            g.members = start..end;
            start = end;
            self.groups.push(g);
        }
        self.comparable = start;
        self.group_index = FxHashMap::default();
    }

    /// Sorts a group's cases and their facts alike, and finds its main fact. The records `out`
    /// names (rows, ascending, with the reason: see [`repeated_ids`]) are taken out and
    /// returned with their reasons and ids.
    fn sort_group(&self, g: &mut Group, out: &[TakenOut]) -> Vec<(NotComparable, String)> {
        let read = self.facts_read(g);
        g.facts.settle(&read);
        // Ties of position broken by a hash of the id (read in storage order: one sweep of the
        // group's arena), so that the order never depends on the input order.
        let hash = |i: usize| {
            let mut h = FxHasher::default();
            g.ids.get(i as u32).hash(&mut h);
            h.finish()
        };
        let removed: Vec<(NotComparable, String)> =
            out.iter().map(|&(row, reason)| (reason, g.ids.get(row).to_string())).collect();
        let mut rows: Vec<u32> = (0..g.cases.len() as u32).collect();
        if !out.is_empty() {
            rows.retain(|&row| out.binary_search_by_key(&row, |x| x.0).is_err());
        }
        let record = |row: u32| g.cases.get(row as usize);
        super::radix::sort_by_position_and_hash(
            &mut rows,
            |row| record(row).map_or(0, |r| r.position),
            |row| hash(row as usize),
            |row| record(row).map(|r| r.fine),
        );
        g.cases = rows.iter().filter_map(|&r| g.cases.get(r as usize)).copied().collect();
        if !g.widths.is_empty() {
            g.widths = rows.iter().filter_map(|&r| g.widths.get(r as usize)).copied().collect();
        }
        if !g.bases.is_empty() {
            g.bases = rows.iter().filter_map(|&r| g.bases.get(r as usize)).copied().collect();
        }
        g.ids = g.ids.permuted(&rows);
        g.facts.permute(&rows);
        g.facts.classify(&read);
        removed
    }

    /// The facts a group's violation reads (for its addressee).
    fn facts_read(&self, g: &Group) -> Vec<FactId> {
        let addressee = if g.key.addressee == 0 { Addressee::Party } else { Addressee::ResponsiblePersons };
        self.rules
            .compiled()
            .tables
            .get(g.table)
            .and_then(|t| t.violations.get(g.violation_index))
            .and_then(|v| v.scheme(addressee).map(|s| s.facts_read()))
            .unwrap_or_default()
    }

    /// A group's cases, sorted by position.
    pub fn members(&self, group: usize) -> &[Record] {
        self.groups.get(group).map_or(&[], |g| g.cases.as_slice())
    }

    /// A comparable case by its number: cases are numbered group by group in key order, each
    /// group's by position (see [`Group::members`]).
    pub fn record(&self, i: u32) -> Option<&Record> {
        let group = self.groups.get(self.group_of(i))?;
        group.cases.get(i.checked_sub(group.members.start)? as usize)
    }

    /// How many cases are compared.
    pub fn comparable(&self) -> u64 {
        u64::from(self.comparable)
    }
}

#[cfg(test)]
mod tests {
    use super::{Collected, Ids, MEASURES, Record, SIGNATURE_MASK, Verdict, id_fits};
    use crate::audit::AuditConfig;
    use crate::audit::normalise::position;
    use crate::table::Range;
    use rust_decimal::Decimal;

    /// Bands made ready once place every fine as [`position`] does, however many bands share
    /// the places they are kept at (four times more bands than places, met in turn), and two
    /// ways of writing one band (1.5 and 1.50) included.
    #[test]
    fn bands_made_ready_place_fines_as_position_does() {
        let spec = crate::generate::SyntheticRules { violations: 1, levels: 1, shapes: crate::generate::Shapes::Tiers };
        let rules = spec.load().unwrap();
        let mut c = Collected::new(&rules, AuditConfig::default());
        let d = |fen: i64| Decimal::new(fen, 2);
        let mut bands: Vec<Range> = (0..4 * MEASURES as i64)
            .map(|i| match i % 4 {
                0 => Range::between(d(100 * i), d(100 * i + 50_000)),
                1 => Range::between(d(1_000 + i), d(5_000_000 + i)),
                2 => Range::exactly(d(20_000 + i)),
                _ => Range::between(d(i), d(90_000 + i)).excluding_max(),
            })
            .collect();
        bands.push(Range::between(Decimal::new(15, 1), Decimal::new(3000, 2)));
        bands.push(Range::between(Decimal::new(150, 2), Decimal::new(30, 0)));
        bands.push(Range::at_least(d(100)));
        // One bottom, several tops.
        bands.extend([20_000, 30_000, 3_000_000].map(|top| Range::between(d(10_000), d(top))));
        for round in 0..3 {
            for band in &bands {
                for fine in [d(0), d(150), d(12_345), d(2_000_000 + round), Decimal::new(123_456_789, 5)] {
                    let ready = c.measure(band).and_then(|m| m.position(fine));
                    assert_eq!(ready, position(fine, band, c.config.log_ratio), "{band:?} {fine}");
                }
            }
        }
    }

    /// The verdict, whether the fine is outside its band and the signature share a word
    /// without disturbing each other.
    #[test]
    fn a_record_keeps_its_verdict_band_test_and_signature() {
        let mask = SIGNATURE_MASK;
        for verdict in Verdict::ALL {
            for signature in [0, 1, mask, u64::MAX, 0x0123_4567_89ab_cdef] {
                for outside in [false, true] {
                    let r = Record::new(1, 2, -3, 4, signature, verdict, outside);
                    assert_eq!((r.verdict(), r.outside_band()), (verdict, outside));
                    assert_eq!(r.signature(), signature & mask);
                    assert_eq!((r.unit, r.officer, r.position, r.fine), (1, 2, -3, 4));
                }
            }
        }
        assert_eq!(std::mem::size_of::<Record>(), 32);
    }

    /// Permuted ids follow their rows, empty ids included.
    #[test]
    fn ids_permute_with_their_rows() {
        let mut ids = Ids::default();
        for id in ["a", "", "ccc", "粤环罚〔2024〕1182号"] {
            ids.push(id);
        }
        let p = ids.permuted(&[3, 1, 0, 2]);
        let got: Vec<&str> = (0..4).map(|i| p.get(i)).collect();
        assert_eq!(got, ["粤环罚〔2024〕1182号", "", "a", "ccc"]);
        assert_eq!(p.get(4), "");
        // Room is counted in bytes of text.
        let held = ids.text.len();
        assert!(
            id_fits(held, "ab", held + 2) && !id_fits(held, "abc", held + 2) && !id_fits(usize::MAX, "a", usize::MAX)
        );
    }
}
