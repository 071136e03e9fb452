//! Findings as data: each has a stable code ([`CaseCheck`]) and a typed payload ([`Detail`]);
//! its message is rendered on demand, in English or Chinese (`check::render`).

use rust_decimal::Decimal;

use crate::Date;
use crate::table::{Adjustment, Exemption, Fact, Factor, Range, SanctionKind, SanctionSpec};

/// The overall verdict on a case, from best to worst.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Verdict {
    /// Nothing found among the checks made. Checks the case lacks the data for are not made
    /// and do not change the verdict; they are notes, listed by
    /// [`Assessment::checks_not_made`](super::Assessment::checks_not_made) — read them too.
    Compliant,
    /// The case cannot be judged: no decision is recorded, or a fact or date the rules need is
    /// missing. Never a pass.
    Incomplete,
    /// Something a reviewer should look at (a departure with possible reasons).
    NeedsReview,
    /// Something unlawful as recorded.
    Violation,
}

impl Verdict {
    /// Every verdict, best first.
    pub const ALL: [Verdict; 4] = [Verdict::Compliant, Verdict::Incomplete, Verdict::NeedsReview, Verdict::Violation];

    /// `compliant`, `incomplete`, `needs_review` or `violation`.
    pub fn code(self) -> &'static str {
        match self {
            Verdict::Compliant => "compliant",
            Verdict::Incomplete => "incomplete",
            Verdict::NeedsReview => "needs_review",
            Verdict::Violation => "violation",
        }
    }
    /// The Chinese name.
    pub fn zh(self) -> &'static str {
        match self {
            Verdict::Compliant => "合规",
            Verdict::Incomplete => "信息不全",
            Verdict::NeedsReview => "需复核",
            Verdict::Violation => "违法",
        }
    }
}

impl serde::Serialize for Verdict {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

macro_rules! case_checks {
    ($( $(#[$doc:meta])* $name:ident = $code:literal, $verdict:ident, $title:literal, $zh:literal; )*) => {
        /// A case check; each has a stable code, listed in `docs/CASES.md`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[non_exhaustive]
        pub enum CaseCheck {
            $( $(#[$doc])* $name, )*
        }

        impl CaseCheck {
            /// Every check.
            pub const ALL: &'static [CaseCheck] = &[$(CaseCheck::$name),*];
            /// The stable code, e.g. `C009`.
            pub fn code(self) -> &'static str {
                match self { $(CaseCheck::$name => $code,)* }
            }
            /// The verdict a finding of this check leads to (a note: none).
            pub fn verdict(self) -> Option<Verdict> {
                case_checks!(@verdict self, $($name = $verdict),*)
            }
            /// A short English title.
            pub fn title(self) -> &'static str {
                match self { $(CaseCheck::$name => $title,)* }
            }
            /// A short Chinese title.
            pub fn title_zh(self) -> &'static str {
                match self { $(CaseCheck::$name => $zh,)* }
            }
        }
    };
    (@verdict $s:ident, $($name:ident = $verdict:ident),*) => {
        match $s { $(CaseCheck::$name => case_checks!(@v $verdict),)* }
    };
    (@v Note) => { None };
    (@v $v:ident) => { Some(Verdict::$v) };
}

case_checks! {
    /// The violation (or table) is not in the loaded rules.
    UnknownViolation = "C001", NeedsReview, "violation not in the rules", "违法行为不在规则中";
    /// The level cannot be determined: a fact or the dates the rules need are missing.
    LevelUndetermined = "C002", Incomplete, "level not determined", "无法确定裁量阶次";
    /// The law changed between the act and the decision; which version applies and why (Art. 37).
    LawApplied = "C003", Note, "law applied (从旧兼从轻)", "法律适用（从旧兼从轻）";
    /// A mandatory no-penalty condition is met, yet a penalty is imposed (Art. 33 ¶1, no-penalty lists).
    PenalisedDespiteExemption = "C004", Violation, "penalised despite a mandatory exemption", "应当不予处罚却予以处罚";
    /// A discretionary exemption (首违不罚) is met and a penalty was imposed.
    DiscretionaryExemption = "C005", NeedsReview, "discretionary exemption applies", "符合可以不予处罚情形";
    /// The claimed level differs from the level the facts decide.
    LevelMismatch = "C006", NeedsReview, "claimed level differs", "认定阶次与事实不符";
    /// The fine is below the band (inside the statute).
    BelowBand = "C007", NeedsReview, "fine below the band", "罚款低于裁量幅度";
    /// The fine is above the band (inside the statute).
    AboveBand = "C008", NeedsReview, "fine above the band", "罚款高于裁量幅度";
    /// The fine is outside the statutory range.
    OutsideStatute = "C009", Violation, "fine outside the statutory range", "罚款超出法定幅度";
    /// A mitigated penalty (减轻) without a cited legal ground.
    MitigatedWithoutGround = "C010", Violation, "mitigated without a legal ground", "减轻处罚无法定依据";
    /// A heavier penalty (从重) without an aggravating factor.
    HeavierWithoutFactor = "C011", NeedsReview, "heavier without an aggravating factor", "从重处罚无从重情节";
    /// A mandatory mitigation factor (Art. 30, 32) is cited, yet an ordinary or heavier penalty given.
    MandatoryMitigationIgnored = "C012", Violation, "mandatory mitigation ignored", "应当从轻减轻而未从轻减轻";
    /// The statutory maximum is imposed without an aggravating factor (国发〔2024〕5号).
    MaximumWithoutFactor = "C013", NeedsReview, "statutory maximum without an aggravating factor", "顶格处罚无从重情节";
    /// A base floor was applied to compute the fine (the 200,000 disposal-cost floor).
    BaseFloorApplied = "C014", Note, "base floor applied", "按计罚基数下限计算";
    /// A required sanction is missing (confiscation of established illegal gains, Art. 28; a band's required sanction or one-of group).
    RequiredSanctionMissing = "C015", Violation, "required sanction missing", "缺少应当并处的处罚";
    /// A sanction the level does not allow.
    SanctionNotAllowed = "C016", Violation, "sanction not allowed", "处罚种类不在允许范围内";
    /// The act was discovered after the limitation period (Art. 36).
    LimitationExpired = "C017", Violation, "limitation period expired", "超过追责时效";
    /// A hearing was due and the party was not notified (Art. 63).
    HearingNotNotified = "C018", Violation, "hearing not notified", "未告知听证权利";
    /// Summary procedure beyond its limits (Art. 51).
    SummaryProcedureExceeded = "C019", Violation, "summary procedure beyond its limits", "超出简易程序适用范围";
    /// A decision outside the band without the collective deliberation the table requires.
    DeliberationMissing = "C020", Violation, "collective deliberation missing", "未经集体讨论";
    /// Two cited factors exclude each other.
    ExclusiveFactors = "C021", NeedsReview, "mutually exclusive factors cited", "引用了互斥的情节";
    /// A cited factor is not in the rules.
    UnknownFactor = "C022", NeedsReview, "unknown factor", "情节不在规则中";
    /// The band reaches (or lies) outside the statute applied: it is clipped, or clamped to the nearest lawful edge.
    BandClipped = "C023", Note, "band clipped to the statutory range", "裁量幅度按法定幅度调整";
    /// The case records no decision at all: nothing to judge.
    NoDecision = "C024", Incomplete, "no decision recorded", "未记载处罚决定";
    /// No penalty is imposed, though no exemption applies and the band sets a penalty.
    NoPenaltyWithoutGround = "C025", NeedsReview, "no penalty without a ground", "不予处罚缺乏依据";
    /// A fact the case gives is not declared, is of the wrong type, or lies outside its domain.
    InvalidFact = "C026", Incomplete, "fact not usable", "事实数据无效";
    /// A check could not be made because the case file does not record what it needs.
    CheckNotMade = "C027", Note, "check not made: data not recorded", "因数据未记载未能检查";
    /// A sanction's quantity (days, months, points) lies outside its band or the statute.
    QuantityOutsideBand = "C028", NeedsReview, "sanction quantity outside its band", "处罚数量超出幅度";
    /// A sanction that needs a government's approval is imposed without it being recorded.
    ApprovalMissing = "C029", Violation, "approval missing", "未经批准";
    /// A rule of the table moved the band (placement in the tier, a tier up, a reduction).
    AdjustmentApplied = "C030", Note, "band adjusted by a rule of the table", "按基准规则调整幅度";
    /// The case id repeats an earlier record's.
    DuplicateCaseId = "C031", NeedsReview, "duplicate case id", "案号重复";
    /// A cited factor is not in force at the time of the act.
    FactorNotInForce = "C032", NeedsReview, "factor not in force", "情节在行为时未施行";
    /// No level of the table matches the facts: a gap in the table.
    NoLevel = "C033", NeedsReview, "no level matches", "无对应裁量阶次";
    /// Two of the case's dates are in an impossible order (decided before the act ended,
    /// discovered before it began, …): a data error to correct before the case is judged on them.
    DatesOutOfOrder = "C034", NeedsReview, "dates out of order", "日期先后矛盾";
    /// The table puts the case's band under one branch of the statute (`branch:` on the band),
    /// but the case's own facts select another with a different statutory range (a case
    /// recorded as serious in a row the table files as general): the range the fine must keep
    /// is in doubt.
    BranchConflict = "C035", NeedsReview, "the facts select another statute branch", "事实对应的法定情形与基准不一致";
    /// An amount of the decision is negative (a fine or confiscated gains below zero): no
    /// decision imposes one, so the decision is not checked until it is corrected. The readers
    /// refuse such an amount as unreadable; only a [`Case`](super::Case) built in a program can
    /// carry one.
    NegativeAmount = "C036", Incomplete, "amount in the decision not payable (negative, or a fraction of a fen)", "处罚决定金额无效（为负数或不足一分）";
    /// The band rests on a reading of the published table that its text does not settle (the
    /// violation's `reading:`): said with the band so that a reviewer can weigh it.
    BandRestsOnReading = "C037", Note, "band rests on a reading of the table", "裁量幅度基于对基准表的解读";
    /// The decision lists a fine (罚款) among its sanctions but records no amount: the fine
    /// is unknown — never taken as 0 — so it is not judged against the band or the statute.
    FineAmountMissing = "C038", Incomplete, "fine imposed, amount not recorded", "处以罚款但未记载金额";
    /// A cited factor presumes facts (`presumes:`, 首违不罚: a first violation, minor harm) that
    /// the case's own facts contradict: the ground it gives is in doubt.
    FactorContradicted = "C039", NeedsReview, "a cited factor contradicted by the facts", "所引用情节与案件事实不符";
    /// A provision that allows not penalising (a cited `may_no_penalty` factor, 首违不罚; a
    /// discretionary no-penalty entry) does not apply to the case: a suspension of the table
    /// lifts such provisions where its condition holds (Guangdong 附件2 备注二: ecologically
    /// sensitive areas). It gives no ground for not penalising (`C025` if none other does), and
    /// a penalised case is not one that could have been spared (no `C005`).
    ExemptionSuspended = "C040", Note, "a may-not-penalise provision suspended", "依法可不予处罚的规定不适用";
    /// A check that decides whether the penalty is lawful could not be made, and its outcome
    /// matters for this decision: a mandatory exemption that may apply to a penalised case, or a
    /// ground for not penalising that hangs on an unrecorded fact; a later, lighter law that a
    /// decision after its date must apply (Art. 37) where the fine lies inside one law's range
    /// and not the other's; no fine under a statute that requires one, resting on a provision a
    /// suspension may lift. The detail is C027's (which check, what is missing); unlike C027 the case is not
    /// compliant: a decision is never passed because the record leaves its lawfulness open.
    OutcomeUndecided = "C041", Incomplete, "lawfulness undecided: data not recorded", "因数据未记载无法判定是否合法";
    /// The decision records a disposition inside the statutory range — 从轻 (lighter), ordinary
    /// or 从重 (heavier) — and fines below the statutory minimum, which is 减轻 (mitigation,
    /// Art. 32) in substance: the record misdescribes what was decided. The fine itself is
    /// judged as a mitigated one (lawful where a ground allows mitigation, C009 where none does);
    /// a mandatory mitigation is not "ignored" (no C012) by a fine that mitigates.
    DispositionContradicted = "C042", NeedsReview, "recorded disposition contradicts the fine", "记载的裁量结果与罚款金额不符";
}

/// Why the level could not be determined.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Undetermined<'a> {
    /// A fact the level reads is not given.
    MissingFact {
        /// The fact the level's selection could not go past.
        fact: &'a Fact,
        /// The other facts the violation's rules read (its levels, its statute's branches, its
        /// fines) that the case does not give either, so that a reviewer fills them in at once
        /// rather than one finding at a time; in the rules' order of fact ids.
        also: Vec<&'a Fact>,
    },
    /// A fact that chooses the statute's branch (情节严重, the party type…) is not given, and the
    /// band reads the branch (its range, or a weight model's maximum).
    MissingBranchFact(&'a Fact),
    /// The amount a fine is reckoned from (a multiple or percentage of it: fees, gains, cost)
    /// is not given.
    MissingBaseFact(&'a Fact),
    /// The case has neither act nor decision dates, so no version can be chosen.
    NoDates,
    /// No version of the table is in force on the case's dates.
    TableNotInForce(Date),
    /// No version of the statute is in force on the case's dates.
    StatuteNotInForce {
        /// The statute.
        statute: &'a str,
        /// The date.
        date: Date,
    },
    /// The violation has no benchmark for this addressee.
    NoSchemeForAddressee,
    /// The amount is too large to compute exactly.
    Overflow,
}

/// Where an exemption comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExemptionSource<'a> {
    /// An entry of a no-penalty list.
    List(&'a Exemption),
    /// A cited factor with a no-penalty effect.
    Factor(&'a Factor),
    /// The level the facts decide imposes no penalty (a benchmark's 不予处罚 level).
    Level(&'a crate::table::Text),
}

pub use crate::table::Clip;

/// A statute branch with its name in Chinese: the rules' name, or, where they give none, its
/// condition in the rules' words (情节严重 = 是), or 其他情形 for a branch without one — as
/// `range` says it ([`crate::check::branch_name_zh`]).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct BranchName<'a> {
    /// The branch.
    pub branch: &'a crate::table::StatuteBranch,
    /// Its name in Chinese.
    pub zh: String,
}

/// What the case file lacks for a check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Missing<'a> {
    /// Whether a hearing was offered (`hearing_notified`).
    HearingNotice,
    /// The party's type (`party`).
    Party,
    /// The sanctions imposed (`sanctions`).
    Sanctions,
    /// The cited factors (`factors`).
    Factors,
    /// Whether summary procedure was used (`summary_procedure`).
    SummaryProcedure,
    /// Whether the decision was deliberated collectively (`collective_deliberation`).
    Deliberation,
    /// Whether approval was given (`approval`).
    Approval,
    /// The dates the limitation period (Art. 36) runs between: which of them is not recorded.
    LimitationDates {
        /// The act's dates (`act_ended`, `act_started`) are not recorded.
        act: bool,
        /// The discovery date (`discovered`) is not recorded.
        discovery: bool,
    },
    /// Whether the act concerned life, health, safety or financial security and caused harm
    /// (`grave_harm`): two years have passed from the act to its discovery, five have not, and
    /// Art. 36 sets five years for such acts.
    GraveHarm,
    /// When the act ended (`act_ended`): only its start is recorded, the period from the start
    /// has passed, and an act that lasted runs from its end (Art. 36 ¶2).
    ActEnd,
    /// A fact a sanction's condition (or an exemption's) reads.
    Fact(&'a Fact),
    /// A fact an adjustment of the table reads: whether the adjustment moves the band is
    /// unknown.
    AdjustmentFact {
        /// The adjustment.
        adjustment: &'a crate::table::Adjustment,
        /// The fact it reads that the case does not record.
        fact: &'a Fact,
    },
    /// A fact a suspension of the table reads (Guangdong 附件2 备注二): whether the
    /// suspension lifts the "may not penalise" provision the decision rests on is unknown.
    SuspensionFact {
        /// The suspension.
        suspension: &'a crate::table::Suspension,
        /// The fact it reads that the case does not record.
        fact: &'a Fact,
    },
    /// The fine, needed to judge the band.
    Fine,
    /// The disposition claimed (`claimed_disposition`): a warning or public criticism the
    /// statute does not provide is lawful only as a mitigated penalty (减轻处罚, below the
    /// statutory kind).
    Disposition,
    /// The table's large-fine threshold (较大数额, Art. 63): the table declares none
    /// (`hearing:`), so whether a hearing was due cannot be told.
    HearingThreshold,
    /// The text of the statute in force at the act: the act (this date) precedes the first
    /// text the rules hold (which took effect on `first`), so whether that text was lighter
    /// (Art. 37) cannot be told; the text at the decision is applied.
    StatuteTextAtAct {
        /// The act's date.
        act: crate::Date,
        /// The day the first text in the rules took effect.
        first: crate::Date,
    },
    /// The decision date (`decided`), which Art. 37 (从旧兼从轻) needs: the statute changed
    /// after the act, on this date, and the law in force at the decision applies if it is
    /// lighter.
    DecisionDate {
        /// When the later version took effect.
        changed: crate::Date,
        /// The later version's range for these facts (lighter than the one at the act); `None`
        /// when it sets no fine.
        later: Option<Range>,
        /// A decision date is recorded, but before the discovery date (C034): (decided,
        /// discovered). Which is wrong cannot be told, and the decision may have come later.
        contradicted: Option<(crate::Date, crate::Date)>,
    },
}

/// The typed payload of a finding: everything its message says, as data.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Detail<'a> {
    /// C001.
    UnknownViolation {
        /// The violation as the case names it.
        violation: String,
        /// The table as the case names it.
        table: Option<String>,
        /// Violations near it (up to three): id and name.
        near: Vec<(String, crate::table::Text)>,
    },
    /// C002.
    Undetermined(Undetermined<'a>),
    /// C037: the reading, as the table states it.
    Reading(&'a crate::table::Text),
    /// C031: where the case id was first met (a caller reading files knows; the library does
    /// not see other records).
    FirstRecord {
        /// The file of the record with the same id met first.
        file: String,
        /// Its line.
        line: u64,
    },
    /// C035: the table gives a fine where the statute sets none for the case's facts: no branch
    /// applies (and the band names none), or the one that applies has no fine.
    NoStatutoryFine {
        /// The branch that applies, if any, with its Chinese name ([`BranchName`]).
        branch: Option<BranchName<'a>>,
    },
    /// C035: the band's branch, while the case's facts select no branch of the statute at all
    /// (a statute that fines only 情节严重 cases, and the case is recorded as not serious).
    NoBranchSelected {
        /// The branch the table files the band under (its range applied).
        applied: BranchName<'a>,
    },
    /// C035: the band's branch and the branch the case's facts select.
    BranchConflict {
        /// The branch the table files the band under (its range applied).
        applied: BranchName<'a>,
        /// The branch the case's facts select.
        selected: BranchName<'a>,
        /// The statutory range of the selected branch for the case's facts, when it has one.
        selected_range: Option<Range>,
    },
    /// C035: a sanction only the band's statute branch provides, where the case's facts select
    /// another: imposed (the branches having the same range), or required by the band and left
    /// out. Whether it may, or must, be imposed is for review.
    BranchSanction {
        /// The branch the table files the band under.
        applied: BranchName<'a>,
        /// The branch the case's facts select, which does not provide `sanction`.
        selected: BranchName<'a>,
        /// The sanction.
        sanction: SanctionKind,
        /// Whether the decision imposes it (else the band requires it and the decision leaves it out).
        imposed: bool,
    },
    /// C034: `later` (a date that cannot precede `earlier`) is before it. The names are the
    /// case fields: `act_started`, `act_ended`, `discovered`, `decided`.
    DatesOutOfOrder {
        /// The field that should come first, and its date.
        earlier: (&'static str, crate::Date),
        /// The field that should not come before it, and its date.
        later: (&'static str, crate::Date),
    },
    /// C036: the decision's field (`fine` or `confiscated_gains`) and its negative amount.
    NegativeAmount {
        /// The field: `fine` or `confiscated_gains`.
        field: &'static str,
        /// The amount given.
        amount: Decimal,
    },
    /// C036: the decision's field (`fine` or `confiscated_gains`) and its amount with a fraction
    /// of a fen (0.01 yuan, the least amount payable).
    FractionOfAFen {
        /// The field: `fine` or `confiscated_gains`.
        field: &'static str,
        /// The amount given.
        amount: Decimal,
    },
    /// C011 for a fine above the band of a decision that does not claim a heavier penalty.
    AboveBandWithoutFactor,
    /// C003.
    LawApplied {
        /// The statute.
        statute: &'a str,
        /// When it changed.
        changed: Date,
        /// The range under the text in force at the act.
        at_act: Option<Range>,
        /// The range under the later text.
        later: Option<Range>,
        /// Whether the later text applies (it is lighter).
        later_applies: bool,
        /// Without a decision date, the discovery date that places the decision after the
        /// change (a decision cannot precede the discovery).
        discovered: Option<Date>,
    },
    /// C004 / C005.
    Exemption(ExemptionSource<'a>),
    /// C006.
    LevelMismatch {
        /// The level the decision claims.
        claimed: String,
        /// The level the facts decide.
        decided: String,
        /// The Chinese names of the claimed level, when it names one of the violation's levels,
        /// and of the decided level ([`Scheme::level_label`](crate::table::Scheme::level_label)).
        names_zh: (Option<String>, String),
    },
    /// C007 / C008.
    OutsideBand {
        /// The fine.
        fine: Decimal,
        /// The band applied.
        band: Range,
    },
    /// C009.
    OutsideStatute {
        /// The fine.
        fine: Decimal,
        /// The statutory range.
        statute: Range,
    },
    /// C010.
    MitigatedWithoutGround {
        /// The fine, when it is below the statutory minimum.
        fine: Option<Decimal>,
        /// The statutory range.
        statute: Option<Range>,
    },
    /// C011, C012, C020, C024, C025, and C031 where the first record is not known: nothing beyond the code.
    Plain,
    /// C042: the disposition recorded, and the fine below the statutory range.
    DispositionContradicted {
        /// The disposition the decision records (`claimed_disposition`).
        claimed: crate::table::Disposition,
        /// The fine.
        fine: Decimal,
        /// The statutory range it is below.
        statute: Range,
    },
    /// C013.
    Maximum(Decimal),
    /// C014.
    BaseFloor {
        /// The base fact.
        fact: &'a Fact,
        /// The base as given.
        base: Decimal,
        /// The floor used.
        floor: Decimal,
    },
    /// C015.
    MissingSanction {
        /// The sanction (the first of a one-of group).
        kind: SanctionKind,
        /// The alternatives, for a one-of group.
        alternatives: Option<&'a [SanctionSpec]>,
        /// Required by Art. 28 (confiscation of established illegal gains).
        art28: bool,
    },
    /// C016 / C029.
    Sanction(SanctionKind),
    /// C017.
    Limitation {
        /// When the act ended.
        ended: Date,
        /// When it was discovered.
        discovered: Date,
        /// The period in years.
        years: u16,
        /// The law that sets the period in place of Art. 36 (`None`: Art. 36's own).
        law: Option<&'a crate::table::Citation>,
    },
    /// C018.
    Hearing {
        /// The fine, when the threshold is what is reached.
        fine: Option<Decimal>,
        /// The threshold.
        threshold: Option<Decimal>,
        /// The heavy sanction, when that is what gives the right.
        sanction: Option<SanctionKind>,
    },
    /// C019.
    Summary {
        /// The limit for this party.
        limit: Decimal,
    },
    /// C021.
    ExclusiveFactors(&'a Factor, &'a Factor),
    /// C022.
    UnknownFactor(String),
    /// C023.
    Clipped {
        /// The band as the table gives it.
        table: Range,
        /// The statutory range.
        statute: Range,
        /// The band applied.
        applied: Range,
        /// How.
        how: Clip,
    },
    /// C026.
    InvalidFact {
        /// The fact as the case names it.
        fact: String,
        /// What is wrong, in English.
        problem: String,
        /// What is wrong, in Chinese.
        problem_zh: String,
    },
    /// C027, C041.
    NotMade {
        /// The check that could not be made.
        check: CaseCheck,
        /// What it lacks.
        missing: Missing<'a>,
    },
    /// C028.
    Quantity {
        /// The sanction.
        kind: SanctionKind,
        /// The quantity imposed.
        imposed: Decimal,
        /// Its unit.
        unit: &'a str,
        /// The band (or statutory range).
        band: Range,
        /// Whether the statute itself is exceeded.
        statute: bool,
    },
    /// C030.
    Adjusted {
        /// The rule.
        adjustment: &'a Adjustment,
        /// The band before.
        from: Option<Range>,
        /// The band after.
        to: Option<Range>,
    },
    /// C030: a placement whose condition holds, not made because the level's band has no end
    /// to place the case by (the lower end of a tier written "一万元以下").
    Unplaceable {
        /// The rule.
        adjustment: &'a Adjustment,
        /// The band, unchanged.
        band: Option<Range>,
    },
    /// C039.
    FactorContradicted {
        /// The factor cited; its `presumes` is what the facts contradict.
        factor: &'a Factor,
        /// The facts the case records against it (those of the parts of the presumption that
        /// the case's facts make false).
        facts: Vec<&'a Fact>,
    },
    /// C040: the provision, and the suspension that lifts it.
    Suspended {
        /// The cited factor or the no-penalty entry.
        source: ExemptionSource<'a>,
        /// The table's suspension whose condition the case's facts meet.
        suspension: &'a crate::table::Suspension,
    },
    /// C032.
    FactorNotInForce {
        /// The factor.
        factor: &'a Factor,
        /// The act date.
        date: Date,
    },
    /// C033.
    NoLevel {
        /// What matched nothing: a tier, a grade of an axis or factor, a cell.
        what: NoLevelKind<'a>,
    },
}

/// What matched nothing (C033).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum NoLevelKind<'a> {
    /// No tier.
    Tier,
    /// No grade of this axis or weight factor.
    Grade(&'a str),
    /// No cell for the grades the facts fall in.
    Cell,
    /// No statute branch.
    Branch,
    /// Two tiers, or two grades of an axis or weight factor, match where the table forbids
    /// overlaps (`overlap: forbidden`, lint D007): the level is not guessed.
    Overlap {
        /// The axis or weight factor, for grades; `None` for tiers.
        axis: Option<&'a str>,
        /// The ids of the two that match (tier or grade ids; for weight grades, which have
        /// none, their names, or empty when unnamed).
        first: &'a str,
        /// The second.
        second: &'a str,
    },
    /// A rule of the table moves the case up a tier (`tier_up`), and not exactly one of the
    /// parallel tiers of the rank it moves to fits the case's categories (their yes/no and
    /// named-value conditions): the table does not say which, and the level is not guessed.
    TierUpTarget {
        /// The adjustment's id.
        adjustment: &'a str,
        /// The rank moved to.
        rank: u32,
        /// How many tiers of that rank fit (0, or 2 and more; without `keep`, how many there are).
        fitting: usize,
        /// Whether the rule says which facts the move keeps (`keep:`).
        keeps: bool,
    },
}

/// One finding on a case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding<'a> {
    /// Which check.
    pub check: CaseCheck,
    /// What was found, as data.
    pub detail: Detail<'a>,
    /// The provision the finding rests on (e.g. `行政处罚法 第三十六条`).
    pub citation: Option<&'static str>,
}

impl Finding<'_> {
    /// The verdict this finding leads to; `None` for a note.
    pub fn verdict(&self) -> Option<Verdict> {
        self.check.verdict()
    }

    /// What the rules expect (a money range), where the finding is about one.
    pub fn expected(&self) -> Option<Range> {
        match &self.detail {
            Detail::OutsideBand { band, .. } => Some(*band),
            Detail::OutsideStatute { statute, .. } => Some(*statute),
            Detail::Clipped { applied, .. } => Some(*applied),
            _ => None,
        }
    }

    /// The amount the case has, where the finding is about one.
    pub fn actual(&self) -> Option<Decimal> {
        match &self.detail {
            Detail::OutsideBand { fine, .. } | Detail::OutsideStatute { fine, .. } => Some(*fine),
            Detail::Quantity { imposed, .. } => Some(*imposed),
            _ => None,
        }
    }
}
