use std::sync::Arc;

use rust_decimal::Decimal;

use super::{Disposition, Exemption, Factor, Text, Violation, coded};
use crate::Date;

/// Where a model element was written: the file and its YAML path
/// (`violations[3].scheme.tiers[1]`). Tables built in code have an empty origin.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub struct Origin {
    /// The file (or the name given to a string source).
    pub file: Arc<str>,
    /// The YAML path inside the file.
    pub path: String,
}

/// A validity period; `until` is the last day in force (inclusive), `None` = open-ended.
///
/// ```
/// use discretion::{table::Period, Date};
/// let p = Period { from: Date::new(2022, 1, 1).unwrap(), until: Date::new(2026, 12, 31).ok() };
/// assert!(p.contains(Date::new(2026, 12, 31).unwrap()));
/// assert!(!p.contains(Date::new(2027, 1, 1).unwrap()));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Period {
    /// First day in force.
    pub from: Date,
    /// Last day in force.
    pub until: Option<Date>,
}

impl Period {
    /// Whether `date` falls in the period.
    pub fn contains(&self, date: Date) -> bool {
        date >= self.from && self.until.is_none_or(|u| date <= u)
    }
}

/// The published document a table or statute comes from (tables must be published, Art. 34).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct SourceDocument {
    /// Title of the document.
    pub name: String,
    /// Document number (文号), e.g. 粤环发〔2021〕7号.
    pub number: Option<String>,
    /// Where it was published (gazette, website).
    pub publication: Option<String>,
}

/// Whether a boundary number belongs to the interval.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Inclusion {
    /// The number is inside.
    Inclusive,
    /// The number is outside.
    Exclusive,
}

coded!(Inclusion, "boundary inclusion", { Inclusive => "inclusive", Exclusive => "exclusive" });

impl Inclusion {
    /// `true` for [`Inclusion::Inclusive`].
    pub fn is_inclusive(self) -> bool {
        self == Inclusion::Inclusive
    }
}

/// What 以上 ("above", lower bounds) and 以下 ("below", upper bounds) mean in a table.
/// Guangdong environment: 以上 includes, 以下 excludes. Jiangmen: both include.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct BoundaryConvention {
    /// 以上: does the lower bound include its number?
    pub above: Inclusion,
    /// 以下: does the upper bound include its number?
    pub below: Inclusion,
}

impl Default for BoundaryConvention {
    /// Criminal Law Art. 99: 以上、以下 include the number.
    fn default() -> Self {
        BoundaryConvention { above: Inclusion::Inclusive, below: Inclusion::Inclusive }
    }
}

/// Large-fine thresholds (较大数额罚款) from which a party has a right to a hearing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct HearingThresholds {
    /// For individuals (citizens).
    pub individual: Option<Decimal>,
    /// For organisations.
    pub organisation: Option<Decimal>,
}

/// The shape of a statutory range, which decides which placement rule applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StatuteShape {
    /// Both a minimum and a maximum.
    Range,
    /// A maximum only ("不超过 / 以下").
    MaxOnly,
    /// A minimum only.
    MinOnly,
    /// A multiple or percentage of a base.
    Multiple,
}

coded!(StatuteShape, "statute shape", {
    Range => "range",
    MaxOnly => "max_only",
    MinOnly => "min_only",
    Multiple => "multiple",
});

/// Where a disposition's band should sit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PlacementAnchor {
    /// At this share of the statutory maximum (lighter ≈ 0.2, ordinary ≈ 0.5).
    ShareOfMax(Decimal),
    /// At the midpoint of the statutory range (or middle multiple).
    Midpoint,
    /// At this multiple of the statutory minimum.
    MultipleOfMin(Decimal),
}

/// One level-placement rule of a table's policy (e.g. Guangdong 粤环发〔2021〕7号 Art. 12).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct PlacementRule {
    /// Which statutory shape it applies to.
    pub applies_to: StatuteShape,
    /// Which disposition's band it places.
    pub disposition: Disposition,
    /// Where the band should sit.
    pub anchor: PlacementAnchor,
    /// How far (as a share of the statutory maximum) a band may depart before it is reported.
    pub tolerance: Decimal,
}

/// One version of one benchmark table with its metadata, violations and exemptions.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Table {
    /// Id; versions of one table share it.
    pub id: String,
    /// Version label, unique among the table's versions.
    pub version: Option<String>,
    /// Title.
    pub title: Text,
    /// Issuing authority.
    pub authority: Text,
    /// Jurisdiction (e.g. `CN-GD`, `CN-GD-Jiangmen`).
    pub jurisdiction: String,
    /// Currency of amounts (ISO 4217, e.g. `CNY`).
    pub currency: String,
    /// Validity period.
    pub effective: Period,
    /// Where it was published.
    pub source: SourceDocument,
    /// The table it refines; its bands must stay inside the parent's.
    pub parent: Option<String>,
    /// What 以上/以下 mean in this table.
    pub boundaries: BoundaryConvention,
    /// Level-placement policy (empty = none declared).
    pub placement: Vec<PlacementRule>,
    /// Hearing thresholds.
    pub hearing: Option<HearingThresholds>,
    /// Languages the table promises labels in.
    pub languages: Vec<super::Lang>,
    /// Factor sets that apply to cases under this table.
    pub factor_sets: Vec<String>,
    /// The table's own factors.
    pub factors: Vec<Factor>,
    /// The violations.
    pub violations: Vec<Violation>,
    /// The no-penalty entries.
    pub exemptions: Vec<Exemption>,
    /// Rules that move a case within or across tiers, applied in order.
    pub adjustments: Vec<super::Adjustment>,
    /// Rules that suspend the "may not penalise" provisions for some cases (Guangdong 附件2
    /// 备注二: ecologically sensitive areas).
    pub suspensions: Vec<super::Suspension>,
    /// Notes on the transcription.
    pub note: Option<String>,
    /// Where it is written.
    pub origin: Origin,
}
