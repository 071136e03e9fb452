use super::{Condition, FineRule, Origin, Period, Range, Scheme, SourceDocument, Text, coded, named};
use crate::Date;

/// A reference to a provision: instrument, article, paragraph (款), item (项).
///
/// ```
/// use discretion::table::Citation;
/// let c = Citation::article("中华人民共和国水污染防治法", 83).item(2);
/// assert_eq!(c.to_string(), "中华人民共和国水污染防治法 Art. 83 (2)");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
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

    /// The instrument as named: 《…》 and the national prefix 中华人民共和国 are ways of writing
    /// the name, not parts of it.
    ///
    /// ```
    /// use discretion::table::Citation;
    /// assert_eq!(Citation::article("《中华人民共和国环境影响评价法》", 25).instrument_name(), "环境影响评价法");
    /// ```
    pub fn instrument_name(&self) -> &str {
        let n = self.instrument.trim();
        n.strip_prefix('《').and_then(|r| r.strip_suffix('》')).unwrap_or(n).trim_start_matches("中华人民共和国")
    }

    /// Whether the two can cite the same provision: one instrument (as named), and no level —
    /// article, paragraph, item — that both give and give differently. A citation of a whole
    /// article may be of any of its paragraphs.
    ///
    /// ```
    /// use discretion::table::Citation;
    /// let art25 = Citation::article("中华人民共和国环境影响评价法", 25);
    /// assert!(art25.may_cite_the_same(&Citation::article("环境影响评价法", 25).paragraph(1)));
    /// assert!(!art25.may_cite_the_same(&Citation::article("环境影响评价法", 24)));
    /// ```
    pub fn may_cite_the_same(&self, other: &Citation) -> bool {
        let agree = |a: Option<u32>, b: Option<u32>| a.zip(b).is_none_or(|(a, b)| a == b);
        self.instrument_name() == other.instrument_name()
            && agree(self.article, other.article)
            && agree(self.paragraph, other.paragraph)
            && agree(self.item, other.item)
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
#[non_exhaustive]
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

named!(SanctionKind, {
    Warning => ("警告", "warning"),
    PublicCriticism => ("通报批评", "public criticism"),
    Fine => ("罚款", "fine"),
    ConfiscateGains => ("没收违法所得", "confiscation of illegal gains"),
    ConfiscateProperty => ("没收非法财物", "confiscation of illegal property"),
    LicenceSuspension => ("暂扣许可证件", "licence suspension"),
    QualificationDowngrade => ("降低资质等级", "qualification downgrade"),
    LicenceRevocation => ("吊销许可证件", "licence revocation"),
    LicenceRevocation => ("吊销许可证", "licence revocation"),
    BusinessRestriction => ("限制开展生产经营活动", "business restriction"),
    Suspension => ("责令停产停业", "suspension of production or business"),
    Suspension => ("责令停业", "suspension of business"),
    Closure => ("责令关闭", "closure"),
    EmploymentBan => ("限制从业", "employment ban"),
    Detention => ("行政拘留", "administrative detention"),
    Detention => ("拘留", "detention"),
    Other => ("其他", "other"),
    OrderToCorrect => ("责令改正", "order to correct"),
    OrderToStop => ("责令停止", "order to stop"),
    OrderToStop => ("责令停止建设", "order to stop construction"),
    OrderToStop => ("责令限制生产、停产整治", "order to limit or stop production"),
});

/// A unit of measure other than money: `days`, `months`, `years`, `hours` are built in; tables
/// declare others (`points` for demerit points) under `units:`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Unit {
    /// Globally unique id (`days`, `points`).
    pub id: String,
    /// Name (`{zh: 日, en: days}`).
    pub label: Text,
    /// Other words case files use for it (`天`, `day`).
    pub aliases: Vec<String>,
    /// Where it is declared (empty for the built-in units).
    pub origin: Origin,
}

/// A quantity range in a unit: a detention of 5–10 days, a suspension of 1–6 months.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Quantity {
    /// The range.
    pub range: Range,
    /// The unit id.
    pub unit: String,
}

/// A sanction a statute provides or a band requires or allows, with its quantity where it has
/// one, the circumstances it depends on, and whether it needs the approval of a higher authority.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct SanctionSpec {
    /// The kind.
    pub kind: SanctionKind,
    /// Quantity range and its unit (a licence suspension of 1–6 months, detention of 5–10 days).
    pub quantity: Option<Quantity>,
    /// What exactly (e.g. "ban on preparing EIA reports").
    pub note: Text,
    /// Only when this holds ("有违法所得的，没收违法所得": `illegal_gains > 0`); `None` = always.
    pub when: Option<Condition>,
    /// Imposing it needs the approval of the government with approving power
    /// (报经有批准权的人民政府批准).
    pub approval: bool,
}

impl SanctionSpec {
    /// A sanction of this kind with no quantity, note or condition.
    pub fn of(kind: SanctionKind) -> SanctionSpec {
        SanctionSpec { kind, quantity: None, note: Text::default(), when: None, approval: false }
    }
}

/// Who a penalty is imposed on. A violation may carry bands for the party (the unit) and for
/// its responsible persons (直接负责的主管人员和其他直接责任人员), as Guangdong §1.4 does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum Addressee {
    /// The party: the person or organisation that committed the violation.
    #[default]
    Party,
    /// The directly responsible persons in charge and other directly responsible persons.
    ResponsiblePersons,
}

coded!(Addressee, "addressee", { Party => "party", ResponsiblePersons => "responsible_persons" });

named!(Addressee, {
    Party => ("当事人", "party"),
    Party => ("单位", "unit"),
    ResponsiblePersons => ("直接负责的主管人员和其他直接责任人员", "responsible persons"),
    ResponsiblePersons => ("直接责任人员", "responsible person"),
    ResponsiblePersons => ("责任人员", "responsible"),
});

/// One branch of a statutory penalty: the default branch, or one that applies under a
/// condition (the "serious" branch, "with illegal gains over 20,000").
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct StatuteBranch {
    /// Id, unique in the version (`general`, `serious`, `with_gains`).
    pub id: String,
    /// Name.
    pub label: Text,
    /// When the branch applies; `None` for the default branch.
    pub when: Option<Condition>,
    /// Who the branch penalises.
    pub addressee: Addressee,
    /// The statutory fine, if the branch has one.
    pub fine: Option<FineRule>,
    /// The fine may be left out ("可以处…罚款", "给予警告或者处…罚款"): a decision without one
    /// keeps to the statute, whatever its minimum.
    pub fine_optional: bool,
    /// The other sanctions the branch provides.
    pub sanctions: Vec<SanctionSpec>,
}

impl StatuteBranch {
    /// Whether the branch provides a sanction of `kind` (on a condition or not).
    pub fn provides(&self, kind: super::SanctionKind) -> bool {
        self.sanctions.iter().any(|s| s.kind == kind)
    }
}

/// The statutory penalty as it stood during one period.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct StatuteVersion {
    /// When this text was in force.
    pub effective: Period,
    /// The text's source.
    pub source: Option<SourceDocument>,
    /// The branches, in order; a case takes the first whose condition holds, else the default.
    pub branches: Vec<StatuteBranch>,
    /// A limitation period the law sets for these violations in place of the Administrative
    /// Penalty Law's (Art. 36: "法律另有规定的除外"); `None`: Art. 36's two years (five where
    /// the act concerns life, health, safety or financial security and caused harm).
    pub limitation: Option<Limitation>,
    /// Where the version's text and dates come from, or that they are unsourced.
    pub note: Option<String>,
    /// Where the version is written.
    pub origin: Origin,
}

/// A limitation period set by another law (追责时效): an act not discovered within `years` of
/// its end is not penalised — 税收征收管理法 Art. 86, five years for every tax violation.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Limitation {
    /// The period, in whole years (1 to [`MAX_LIMITATION_YEARS`]).
    pub years: u16,
    /// The provision that sets it.
    pub citation: Citation,
}

/// The longest limitation period a statute may set, in years: longer than any in Chinese
/// administrative law (the Tax Collection Law's five years, Art. 36's five), short enough that
/// a typo (`50`) is refused rather than read.
pub const MAX_LIMITATION_YEARS: u16 = 20;

/// A statutory penalty provision (法定处罚幅度) with its versions over time.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Statute {
    /// Globally unique id.
    pub id: String,
    /// Name.
    pub label: Text,
    /// The provision.
    pub citation: Citation,
    /// The versions, oldest first.
    pub versions: Vec<StatuteVersion>,
    /// Notes on the transcription.
    pub note: Option<String>,
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
    /// The type's word in the format (`amount`, `enum` …).
    ///
    /// ```
    /// use discretion::table::FactType;
    /// assert_eq!(FactType::Enum(vec!["a".into()]).code(), "enum");
    /// ```
    pub fn code(&self) -> &'static str {
        match self {
            FactType::Amount => "amount",
            FactType::Count => "count",
            FactType::Days => "days",
            FactType::Quantity => "quantity",
            FactType::Boolean => "boolean",
            FactType::Enum(_) => "enum",
            FactType::Date => "date",
        }
    }

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
#[non_exhaustive]
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

impl Fact {
    /// The name of the enum value at `index` in `lang`: its label in that language where it has
    /// one, else its id (a value without a label is written by its id in case files too).
    /// `None` when the fact is not an enum or has no such value.
    ///
    /// ```
    /// use discretion::{Benchmark, table::Lang};
    /// let rules = Benchmark::from_path("rules").unwrap();
    /// let party = rules.fact("party").unwrap();
    /// assert_eq!(party.value_name(0, Lang::Zh), Some("个人"));
    /// assert_eq!(party.value_name(0, Lang::En), Some("individual"));
    /// assert_eq!(party.value_name(9, Lang::En), None);
    /// ```
    pub fn value_name(&self, index: usize, lang: super::Lang) -> Option<&str> {
        let FactType::Enum(values) = &self.fact_type else { return None };
        let id = values.get(index)?;
        Some(self.value_labels.get(index).filter(|l| l.has(lang)).map_or(id.as_str(), |l| l.get(lang)))
    }
}

/// A violation type (违法行为) with its statute and benchmark.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Violation {
    /// Id: unique across tables, repeated only by other versions of the same table.
    pub id: String,
    /// Name.
    pub label: Text,
    /// The violated and penalty provisions.
    pub legal_basis: LegalBasis,
    /// The id of the statute that sets the penalty.
    pub statute: String,
    /// Other names case files use for it (a short name, an old name).
    pub aliases: Vec<String>,
    /// The benchmark for the party.
    pub scheme: Scheme,
    /// The benchmark for the responsible persons, where the statute penalises them too.
    pub responsible_persons: Option<Scheme>,
    /// A note, e.g. on how a row of the source was read.
    pub note: Option<String>,
    /// A reading the published source does not settle and the table takes (a count that may or
    /// may not include the current act; a misprint read one way): said with every band and
    /// every case judged under the violation (`range`, check finding C037), so that no band
    /// resting on it passes as the source's own.
    pub reading: Option<Text>,
    /// Where it is written.
    pub origin: Origin,
}

impl Violation {
    /// The benchmark for an addressee, if the violation has one.
    pub fn scheme_for(&self, addressee: Addressee) -> Option<&Scheme> {
        match addressee {
            Addressee::Party => Some(&self.scheme),
            Addressee::ResponsiblePersons => self.responsible_persons.as_ref(),
        }
    }

    /// Every benchmark of the violation with its addressee; the YAML path prefix of the second
    /// addressee's scheme is `responsible_persons`.
    pub fn schemes(&self) -> impl Iterator<Item = (Addressee, &Scheme)> {
        std::iter::once((Addressee::Party, &self.scheme))
            .chain(self.responsible_persons.iter().map(|s| (Addressee::ResponsiblePersons, s)))
    }
}

impl StatuteVersion {
    /// The branch by id.
    pub fn branch(&self, id: &str) -> Option<&StatuteBranch> {
        self.branches.iter().find(|b| b.id == id)
    }
}
