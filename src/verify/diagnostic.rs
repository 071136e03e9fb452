use std::sync::Arc;

use crate::table::{Lang, Position, Text};

/// How serious a finding is. `lint` exits 1 when any finding is an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The table is unlawful or unusable as written.
    Error,
    /// Probably a defect; a person should look.
    Warning,
    /// Worth knowing; not a defect by itself.
    Info,
}

impl Severity {
    /// `error`, `warning` or `info`.
    pub fn code(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

macro_rules! checks {
    ($( $(#[$doc:meta])* $name:ident = $code:literal, $sev:ident, $title:literal; )*) => {
        /// A verification check; each has a stable code, listed in `docs/DIAGNOSTICS.md`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[non_exhaustive]
        pub enum Check {
            $( $(#[$doc])* $name, )*
        }

        impl Check {
            /// Every check.
            pub const ALL: &'static [Check] = &[$(Check::$name),*];

            /// The stable code, e.g. `D001`.
            pub fn code(self) -> &'static str {
                match self { $(Check::$name => $code,)* }
            }

            /// The default severity.
            pub fn severity(self) -> Severity {
                match self { $(Check::$name => Severity::$sev,)* }
            }

            /// A short English title.
            pub fn title(self) -> &'static str {
                match self { $(Check::$name => $title,)* }
            }
        }
    };
}

checks! {
    /// A band reaches outside the statutory range of the statute version in force when the
    /// table takes effect.
    BandOutsideStatute = "D001", Error, "band outside the statutory range";
    /// A mitigated (减轻) band cites no legal ground, or does not go below the statutory minimum.
    MitigatedBand = "D002", Error, "mitigated band without ground or not below the minimum";
    /// A no-penalty band imposes a fine.
    NoPenaltyWithFine = "D003", Error, "no-penalty band imposes a fine";
    /// A weight model's smallest or largest fine lies outside the statute.
    WeightModelOutsideStatute = "D004", Error, "weight model outside the statutory range";
    /// A heavier level or cell has a lower band than a lighter one.
    NotMonotone = "D005", Warning, "band decreases along ordered levels";
    /// Some combination of facts matches no level, grade or cell.
    CoverageGap = "D006", Warning, "facts matched by no level";
    /// Some combination of facts matches several levels and the table does not say the heavier wins.
    CoverageOverlap = "D007", Error, "facts matched by several levels";
    /// Neighbouring bands leave a gap or overlap under the table's boundary convention.
    AdjacentBands = "D008", Warning, "gap or overlap between neighbouring bands";
    /// A later statute version, in force during the table's validity, no longer allows a band.
    StatuteChanged = "D009", Error, "band unlawful under a later statute version";
    /// A refinement's band lies outside its parent table's bands.
    OutsideParent = "D010", Error, "band outside the parent table";
    /// A band departs from the table's declared placement policy.
    PlacementDeparture = "D011", Warning, "band departs from the placement policy";
    /// A violation does not cite its violated or penalty provision, or a citation has no article.
    MissingProvenance = "D012", Error, "missing legal basis";
    /// Versions of one table or statute overlap in time.
    VersionsOverlap = "D013", Error, "versions overlap in time";
    /// Versions of one table or statute leave a gap in time.
    VersionsGap = "D014", Warning, "versions leave a gap in time";
    /// No version of the statute is in force when the table takes effect.
    NoStatuteInForce = "D015", Error, "no statute version in force";
    /// A factor excludes another that does not exclude it back.
    ExclusionNotMutual = "D016", Warning, "mutual exclusion declared one way only";
    /// One fact feeds two factors of a weight model (counted twice).
    FactCountedTwice = "D017", Warning, "fact counted twice";
    /// The statutory maximum is more than 10 × the minimum (国发〔2024〕5号).
    WideStatute = "D018", Info, "statutory range wider than 10×";
    /// A label is given in one of the table's declared languages only.
    MissingTranslation = "D019", Warning, "missing translation";
    /// A band's statute branch cannot be determined, so it was not compared with the statute.
    BranchUndetermined = "D020", Info, "band not compared with the statute";
    /// Too many combinations of facts to analyse exactly; the analysis was skipped.
    AnalysisSkipped = "D021", Info, "analysis skipped";
    /// A band requires a sanction that the statute does not provide.
    SanctionNotInStatute = "D022", Error, "sanction not provided by the statute";
    /// An adjustment that cannot take effect: a tier move where there are no tiers, or a
    /// placement listed after a reduction (which it would undo).
    IneffectiveAdjustment = "D023", Warning, "adjustment without effect";
    /// Under `first_match`, a tier or grade that no case reaches first.
    Unreachable = "D024", Warning, "never reached";
    /// A quantity band (days, months, points) outside the statute's, or in another unit.
    QuantityOutsideStatute = "D025", Error, "quantity outside the statute";
    /// A factor set the table uses has no version in force on some day of the table's validity.
    FactorSetNotInForce = "D026", Error, "factor set not in force";
    /// A band for responsible persons, but the statute penalises no one but the party.
    AddresseeWithoutStatute = "D027", Error, "addressee without a statutory penalty";
    /// Two facts share a name, so a case-file column with that name designates neither.
    SharedFactName = "D028", Warning, "two facts share a name";
    /// A band lets the fine be left out (可以并处) where the statute requires one.
    OptionalFineAgainstStatute = "D029", Error, "optional fine where the statute requires one";
    /// A money amount written with digits below the fen (`3000.001`).
    BelowTheFen = "D030", Warning, "amount written below the fen";
    /// A suspension whose own period shares no day with its table's: it can never apply.
    SuspensionNeverInForce = "D031", Warning, "suspension never in force";
}

/// Another location a finding refers to (the other level of a non-monotone pair).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related {
    /// The file.
    pub file: Arc<str>,
    /// Line and column.
    pub position: Position,
    /// YAML path.
    pub path: String,
    /// What is there, in English and Chinese.
    pub label: Text,
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Which check.
    pub check: Check,
    /// How serious.
    pub severity: Severity,
    /// The file.
    pub file: Arc<str>,
    /// Line and column of the value concerned.
    pub position: Position,
    /// YAML path of the value concerned.
    pub path: String,
    /// What is wrong, in English and Chinese.
    pub message: Text,
    /// How to fix it, where a hint helps.
    pub help: Option<Text>,
    /// A combination of facts that shows the problem (`fact`, `value`).
    pub witness: Vec<(String, String)>,
    /// The other location of a pair.
    pub related: Option<Related>,
}

impl Diagnostic {
    /// The message in `lang`.
    pub fn message_in(&self, lang: Lang) -> &str {
        self.message.get(lang)
    }
}

/// The findings of [`Benchmark::verify`](crate::Benchmark::verify), sorted by file and position.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Report {
    /// The findings.
    pub diagnostics: Vec<Diagnostic>,
}

impl Report {
    pub(crate) fn new(mut diagnostics: Vec<Diagnostic>) -> Report {
        diagnostics
            .sort_by(|a, b| (&a.file, a.position, a.check, &a.path).cmp(&(&b.file, b.position, b.check, &b.path)));
        diagnostics.dedup();
        Report { diagnostics }
    }

    /// How many findings have `severity`.
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics.iter().filter(|d| d.severity == severity).count()
    }

    /// Whether any finding is an error.
    pub fn has_errors(&self) -> bool {
        self.count(Severity::Error) > 0
    }
}
