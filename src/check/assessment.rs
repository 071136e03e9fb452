//! The outcome of checking one case: a verdict, the band, where the fine sits, and findings.

use rust_decimal::Decimal;

use crate::table::{Lang, Range, StatuteVersion, Table, Text, Violation};

/// The overall verdict on a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Verdict {
    /// Nothing found.
    Compliant,
    /// Something a reviewer should look at (a departure with possible reasons, a missing fact).
    NeedsReview,
    /// Something unlawful as recorded.
    Violation,
}

impl Verdict {
    /// `compliant`, `needs_review` or `violation`.
    pub fn code(self) -> &'static str {
        match self {
            Verdict::Compliant => "compliant",
            Verdict::NeedsReview => "needs_review",
            Verdict::Violation => "violation",
        }
    }
    /// The Chinese name.
    pub fn zh(self) -> &'static str {
        match self {
            Verdict::Compliant => "合规",
            Verdict::NeedsReview => "需复核",
            Verdict::Violation => "违法",
        }
    }
}

macro_rules! case_checks {
    ($( $(#[$doc:meta])* $name:ident = $code:literal, $verdict:ident, $title:literal; )*) => {
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
    UnknownViolation = "C001", NeedsReview, "violation not in the rules";
    /// The level cannot be determined: a fact is missing, or no level matches.
    LevelUndetermined = "C002", NeedsReview, "level not determined";
    /// The law changed between the act and the decision; which version applies and why (Art. 37).
    LawApplied = "C003", Note, "law applied (从旧兼从轻)";
    /// A mandatory no-penalty condition is met, yet a penalty is imposed (Art. 33 ¶1, no-penalty lists).
    PenalisedDespiteExemption = "C004", Violation, "penalised despite a mandatory exemption";
    /// A discretionary exemption (首违不罚) is met and a penalty was imposed.
    DiscretionaryExemption = "C005", NeedsReview, "discretionary exemption applies";
    /// The claimed level differs from the level the facts decide.
    LevelMismatch = "C006", NeedsReview, "claimed level differs";
    /// The fine is below the band (inside the statute).
    BelowBand = "C007", NeedsReview, "fine below the band";
    /// The fine is above the band (inside the statute).
    AboveBand = "C008", NeedsReview, "fine above the band";
    /// The fine is outside the statutory range.
    OutsideStatute = "C009", Violation, "fine outside the statutory range";
    /// A mitigated penalty (减轻) without a cited legal ground.
    MitigatedWithoutGround = "C010", Violation, "mitigated without a legal ground";
    /// A heavier penalty (从重) without an aggravating factor.
    HeavierWithoutFactor = "C011", NeedsReview, "heavier without an aggravating factor";
    /// A mandatory mitigation factor (Art. 30, 32) is cited, yet an ordinary or heavier penalty given.
    MandatoryMitigationIgnored = "C012", Violation, "mandatory mitigation ignored";
    /// The statutory maximum is imposed without an aggravating factor (国发〔2024〕5号).
    MaximumWithoutFactor = "C013", NeedsReview, "statutory maximum without an aggravating factor";
    /// A base floor was applied to compute the fine (the 200,000 disposal-cost floor).
    BaseFloorApplied = "C014", Note, "base floor applied";
    /// A required sanction is missing (confiscation of established illegal gains, Art. 28; a band's required sanction).
    RequiredSanctionMissing = "C015", Violation, "required sanction missing";
    /// A sanction the level does not allow.
    SanctionNotAllowed = "C016", Violation, "sanction not allowed";
    /// The act was discovered after the limitation period (Art. 36).
    LimitationExpired = "C017", Violation, "limitation period expired";
    /// A hearing was due and the party was not notified (Art. 63).
    HearingNotNotified = "C018", Violation, "hearing not notified";
    /// Summary procedure beyond its limits (Art. 51).
    SummaryProcedureExceeded = "C019", Violation, "summary procedure beyond its limits";
    /// A decision outside the band without the collective deliberation the table requires.
    DeliberationMissing = "C020", Violation, "collective deliberation missing";
    /// Two cited factors exclude each other.
    ExclusiveFactors = "C021", NeedsReview, "mutually exclusive factors cited";
    /// A cited factor is not in the rules.
    UnknownFactor = "C022", NeedsReview, "unknown factor";
    /// The band reaches outside the statute applied, so it is clipped to it (band ∩ statute).
    BandClipped = "C023", Note, "band clipped to the statutory range";
}

/// One finding on a case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Which check.
    pub check: CaseCheck,
    /// What was found, in English and Chinese.
    pub message: Text,
    /// What the rules expect (a money range), where that is a range.
    pub expected: Option<Range>,
    /// What the case has (the fine), where that is an amount.
    pub actual: Option<Decimal>,
    /// The provision the finding rests on.
    pub citation: Option<&'static str>,
}

/// Which statute version was applied (Art. 37, 从旧兼从轻).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LawChoice {
    /// One version was in force throughout.
    Unchanged,
    /// The version in force at the act (the later one is not lighter).
    AtAct,
    /// The later version, in force at the decision, because it is lighter.
    LighterLater,
}

/// The assessment of one case by [`Benchmark::check`](crate::Benchmark::check). It borrows
/// from the rules, not from the case, so cases can be streamed and dropped.
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
    /// The level (tier id, cell, `weights`) the facts decide.
    pub level: Option<String>,
    /// The band in money for this case.
    pub band: Option<Range>,
    /// The statutory range in money for this case.
    pub statutory: Option<Range>,
    /// Where the fine sits in the band: 0 at the bottom, 1 at the top, below 0 or above 1 outside.
    pub position: Option<Decimal>,
    /// How far outside the band, in band widths (0 inside; negative below).
    pub distance: Option<Decimal>,
    /// The findings, in check order.
    pub findings: Vec<Finding>,
}

impl<'a> Assessment<'a> {
    pub(crate) fn new() -> Assessment<'a> {
        Assessment {
            verdict: Verdict::Compliant,
            table: None,
            violation: None,
            statute: None,
            level: None,
            band: None,
            statutory: None,
            position: None,
            distance: None,
            findings: Vec::new(),
        }
    }

    pub(crate) fn add(&mut self, check: CaseCheck, en: String, zh: String) -> &mut Finding {
        if let Some(v) = check.verdict() {
            self.verdict = self.verdict.max(v);
        }
        self.findings.push(Finding { check, message: Text::new(zh, en), expected: None, actual: None, citation: None });
        let last = self.findings.len() - 1;
        // PANIC SAFETY: an element was pushed on the line above, so `last` indexes it.
        #[allow(clippy::indexing_slicing)]
        &mut self.findings[last]
    }

    /// Whether a finding of `check` was made.
    pub fn has(&self, check: CaseCheck) -> bool {
        self.findings.iter().any(|f| f.check == check)
    }

    /// The messages of the findings in `lang`.
    pub fn messages(&self, lang: Lang) -> impl Iterator<Item = &str> {
        self.findings.iter().map(move |f| f.message.get(lang))
    }
}
