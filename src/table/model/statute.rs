use super::{Condition, FineRule, Origin, Period, Range, Scheme, SourceDocument, Text, coded};
use crate::Date;

/// A reference to a provision: instrument, article, paragraph (款), item (项).
///
/// ```
/// use discretion::table::Citation;
/// let c = Citation::article("中华人民共和国水污染防治法", 83).item(2);
/// assert_eq!(c.to_string(), "中华人民共和国水污染防治法 Art. 83 (2)");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Citation {
    /// The law, regulation or rule, by its name.
    pub instrument: String,
    /// Article number.
    pub article: Option<u32>,
    /// Paragraph (款).
    pub paragraph: Option<u32>,
    /// Item (项).
    pub item: Option<u32>,
}

impl Citation {
    /// A whole article.
    pub fn article(instrument: impl Into<String>, article: u32) -> Citation {
        Citation { instrument: instrument.into(), article: Some(article), paragraph: None, item: None }
    }
    /// With a paragraph.
    pub fn paragraph(mut self, paragraph: u32) -> Citation {
        self.paragraph = Some(paragraph);
        self
    }
    /// With an item.
    pub fn item(mut self, item: u32) -> Citation {
        self.item = Some(item);
        self
    }
}

impl std::fmt::Display for Citation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.instrument)?;
        if let Some(a) = self.article {
            write!(f, " Art. {a}")?;
        }
        if let Some(p) = self.paragraph {
            write!(f, " ¶{p}")?;
        }
        if let Some(i) = self.item {
            write!(f, " ({i})")?;
        }
        Ok(())
    }
}

/// The provision a violation breaches and the one that sets its penalty (违法依据 / 处罚依据).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct LegalBasis {
    /// The violated provisions.
    pub violated: Vec<Citation>,
    /// The penalty provisions.
    pub penalty: Vec<Citation>,
}

/// A kind of sanction: the closed list of Administrative Penalty Law Art. 9, plus the
/// administrative orders (责令…) that tables list beside penalties though they are not penalties.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SanctionKind {
    /// 警告.
    Warning,
    /// 通报批评.
    PublicCriticism,
    /// 罚款.
    Fine,
    /// 没收违法所得.
    ConfiscateGains,
    /// 没收非法财物.
    ConfiscateProperty,
    /// 暂扣许可证件.
    LicenceSuspension,
    /// 降低资质等级.
    QualificationDowngrade,
    /// 吊销许可证件.
    LicenceRevocation,
    /// 限制开展生产经营活动.
    BusinessRestriction,
    /// 责令停产停业.
    Suspension,
    /// 责令关闭.
    Closure,
    /// 限制从业 (e.g. a ban on EIA work).
    EmploymentBan,
    /// 行政拘留.
    Detention,
    /// 其他 (set by law or administrative regulation; name it in the note).
    Other,
    /// 责令改正 (an order, not a penalty).
    OrderToCorrect,
    /// 责令停止建设 / 停止经营 / 限制生产 (an order, not a penalty).
    OrderToStop,
}

impl SanctionKind {
    /// The identifier used in tables and cases (`confiscate_gains`), without importing
    /// [`Coded`](super::Coded).
    pub fn code_str(self) -> &'static str {
        <Self as super::Coded>::code(self)
    }
}

coded!(SanctionKind, "sanction kind", {
    Warning => "warning",
    PublicCriticism => "public_criticism",
    Fine => "fine",
    ConfiscateGains => "confiscate_gains",
    ConfiscateProperty => "confiscate_property",
    LicenceSuspension => "licence_suspension",
    QualificationDowngrade => "qualification_downgrade",
    LicenceRevocation => "licence_revocation",
    BusinessRestriction => "business_restriction",
    Suspension => "suspension",
    Closure => "closure",
    EmploymentBan => "employment_ban",
    Detention => "detention",
    Other => "other",
    OrderToCorrect => "order_to_correct",
    OrderToStop => "order_to_stop",
});

/// The unit of a sanction's duration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DurationUnit {
    /// Days.
    Days,
    /// Months.
    Months,
    /// Years.
    Years,
}

coded!(DurationUnit, "duration unit", { Days => "days", Months => "months", Years => "years" });

/// A sanction with its duration where it has one.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SanctionSpec {
    /// The kind.
    pub kind: SanctionKind,
    /// Duration range and its unit (a licence suspension of 1–6 months).
    pub duration: Option<(Range, DurationUnit)>,
    /// What exactly (e.g. "ban on preparing EIA reports"; "with government approval").
    pub note: Text,
}

impl SanctionSpec {
    /// A sanction of this kind with no duration or note.
    pub fn of(kind: SanctionKind) -> SanctionSpec {
        SanctionSpec { kind, duration: None, note: Text::default() }
    }
}

/// One branch of a statutory penalty: the default branch, or one that applies under a
/// condition (the "serious" branch, "with illegal gains over 20,000").
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct StatuteBranch {
    /// Id, unique in the version (`general`, `serious`, `with_gains`).
    pub id: String,
    /// Name.
    pub label: Text,
    /// When the branch applies; `None` for the default branch.
    pub when: Option<Condition>,
    /// The statutory fine, if the branch has one.
    pub fine: Option<FineRule>,
    /// The other sanctions the branch provides.
    pub sanctions: Vec<SanctionSpec>,
}

/// The statutory penalty as it stood during one period.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct StatuteVersion {
    /// When this text was in force.
    pub effective: Period,
    /// The text's source.
    pub source: Option<SourceDocument>,
    /// The branches, in order; a case takes the first whose condition holds, else the default.
    pub branches: Vec<StatuteBranch>,
    /// Where the version is written.
    pub origin: Origin,
}

/// A statutory penalty provision (法定处罚幅度) with its versions over time.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Statute {
    /// Globally unique id.
    pub id: String,
    /// Name.
    pub label: Text,
    /// The provision.
    pub citation: Citation,
    /// The versions, oldest first.
    pub versions: Vec<StatuteVersion>,
    /// Where the statute is written.
    pub origin: Origin,
}

impl Statute {
    /// The version in force on `date`.
    ///
    /// ```
    /// # let b = discretion::Benchmark::from_rules_dir("rules").unwrap();
    /// use discretion::Date;
    /// let s = b.statute("road-transport-regulation.63").unwrap();
    /// let v = s.version_at(Date::new(2023, 8, 1).unwrap()).unwrap();
    /// assert_eq!(v.effective.from, Date::new(2023, 7, 20).unwrap());
    /// ```
    pub fn version_at(&self, date: Date) -> Option<&StatuteVersion> {
        self.versions.iter().find(|v| v.effective.contains(date))
    }
}

/// The type of a declared fact.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum FactType {
    /// A money amount.
    Amount,
    /// A count (times, pollutants, vehicles).
    Count,
    /// A number of days.
    Days,
    /// Any other quantity with a unit (tonnes, percent, multiples of a limit).
    Quantity,
    /// Yes or no.
    Boolean,
    /// One of an ordered list of values (light → heavy).
    Enum(Vec<String>),
    /// A calendar date.
    Date,
}

impl FactType {
    /// Whether the fact is a number (amount, count, days, quantity).
    pub fn is_numeric(&self) -> bool {
        matches!(self, FactType::Amount | FactType::Count | FactType::Days | FactType::Quantity)
    }
    /// Whether only whole numbers are meaningful (counts, days, dates as day numbers).
    pub fn is_integral(&self) -> bool {
        matches!(self, FactType::Count | FactType::Days | FactType::Date)
    }
}

/// A fact that cases supply and conditions read (declared once, used by any table).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Fact {
    /// Globally unique id.
    pub id: String,
    /// Its type.
    pub fact_type: FactType,
    /// Unit (yuan, t, days), if any.
    pub unit: Option<String>,
    /// The values a numeric fact can take (`min: 1` for "times, this one included");
    /// numeric facts default to `min: 0`.
    pub domain: Range,
    /// Name.
    pub label: Text,
    /// Labels of enum values, in value order (may be empty).
    pub value_labels: Vec<Text>,
    /// Where it is declared.
    pub origin: Origin,
}

/// A violation type (违法行为) with its statute and benchmark.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Violation {
    /// Id: unique across tables, repeated only by other versions of the same table.
    pub id: String,
    /// Name.
    pub label: Text,
    /// The violated and penalty provisions.
    pub legal_basis: LegalBasis,
    /// The id of the statute that sets the penalty.
    pub statute: String,
    /// The benchmark.
    pub scheme: Scheme,
    /// A note, e.g. on how a row of the source was read.
    pub note: Option<String>,
    /// Where it is written.
    pub origin: Origin,
}
