//! The audit's result as data: group statistics, flags ranked by strength, unit disparities,
//! order inversions, characterisations and cross-table divergences. Every type serialises
//! (`discretion audit --format json`), and every flag carries what explains it: the rule, the
//! group, n, centre, scale, threshold, the case's value and position, strength and peers.
//! Positions are in band widths (0 = bottom of the band, 1 = top); amounts are decimal strings,
//! exact for bands, and for fines to the fen (0.01 yuan) the audit keeps them in.

use std::collections::BTreeMap;

use serde::Serialize;

use super::collect::NotComparable;
use super::config::AuditConfig;
use super::normalise::PositionScale;
use crate::table::{Coded, Lang, Named};

/// The version of the JSON schema of [`AuditReport`]: 4 since a group's measure of positions
/// is `position_scale`, as a flag's is (it was `scale`, which on a flag is a number, the robust
/// spread); 3 since an unknown violation and a table
/// not in force are reasons of their own, no longer counted as `no_band` ([`NotComparable`]); 2 since an order comparison's medians and gap, and a ranked case's
/// inversions, are measured in the multiple where levels set fines as multiples of a fact
/// ([`Measured`]; version 1 compared such levels in money).
pub const AUDIT_SCHEMA_VERSION: u32 = 4;

/// The whole result of an audit.
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct AuditReport {
    /// [`AUDIT_SCHEMA_VERSION`].
    pub schema_version: u32,
    /// The crate's version and the rules' fingerprint ([`Benchmark::provenance`](crate::Benchmark::provenance)).
    pub provenance: crate::table::Provenance,
    /// The thresholds used (all heuristic defaults unless changed).
    pub config: AuditConfig,
    /// Counts that reconcile with the input.
    pub summary: Summary,
    /// Comparison groups with at least `min_display` cases, and any group a flag or a unit
    /// disparity names, in key order.
    pub groups: Vec<GroupReport>,
    /// Cases out of line with their peers, strongest first.
    pub flags: Vec<Flag>,
    /// Units or officers whose penalties sit consistently above or below their groups.
    pub disparities: Vec<Disparity>,
    /// Heavier levels punished clearly less than lighter ones (cell medians).
    pub order: Vec<OrderInversion>,
    /// Cases most often punished more than cases with heavier circumstances (a ranking, not flags).
    pub inversions: Vec<RankedCase>,
    /// The same recorded facts filed under different violations or levels of one statute.
    pub characterisations: Vec<Characterisation>,
    /// One statute benchmarked by different tables with bands that do not overlap.
    pub divergences: Vec<Divergence>,
    /// The names of the facts the flags and their peers record ([`Flag::facts`]), by fact id,
    /// for saying them in words.
    pub fact_names: BTreeMap<String, FactNames>,
}

/// What a fact is called, as the rules name it (its id where they give no name).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct FactNames {
    /// In English.
    pub name: String,
    /// In Chinese.
    pub name_zh: String,
    /// An enum's values' Chinese names, by value id (those the rules name).
    pub values_zh: BTreeMap<String, String>,
    /// Whether the fact is an amount of money in yuan (said `16,360,000元` in Chinese).
    pub yuan: bool,
}

impl AuditReport {
    /// A recorded fact in words: `days_late 17` by its id in English; by its name in Chinese
    /// (`逾期天数：17`, an enum value by its Chinese name, yes/no as 是/否).
    pub fn fact_text(&self, id: &str, value: &RecordedValue, lang: Lang) -> String {
        let names = self.fact_names.get(id).filter(|_| lang == Lang::Zh);
        let value = match (value, names) {
            // An investment of 16360000 beside fines of 1,785,300元 read as a bare count.
            (RecordedValue::Text(v), Some(n)) if n.yuan => v
                .parse::<rust_decimal::Decimal>()
                .map_or_else(|_| v.clone(), |d| crate::table::format_yuan(d, Lang::Zh)),
            (RecordedValue::Text(v), Some(n)) => n.values_zh.get(v).cloned().unwrap_or_else(|| v.clone()),
            _ => value.text(lang),
        };
        match names {
            Some(n) => format!("{}：{value}", n.name_zh),
            None => format!("{id} {value}"),
        }
    }
}

/// Counts: `rows_read = comparable + Σ not_comparable`.
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct Summary {
    /// Every record read.
    pub rows_read: u64,
    /// Records compared.
    pub comparable: u64,
    /// Records not compared, by reason, with the first ids (in the byte order of their text).
    pub not_comparable: Vec<Excluded>,
    /// Comparison groups formed.
    pub groups: u64,
    /// Groups shown: those with at least `min_display` cases, and any a flag or disparity names.
    pub groups_shown: u64,
    /// Groups large enough to flag cases in (`min_flag`), whether or not any case was flagged.
    pub groups_flagged_in: u64,
    /// Groups with at least one flag.
    pub groups_with_flags: u64,
    /// Flags made.
    pub flags: u64,
    /// Flags beyond `max_flags`, counted but not listed.
    pub flags_not_listed: u64,
    /// Distinct near-identical pairs found. Each is flagged on the case further from the median
    /// of its kind (docs/AUDIT.md), which names its most divergent partner among those no
    /// further from it; a case's other pairs are counted here, not listed — at most 40 by each
    /// case, the farther of each pair counting it (docs/LIMITS.md).
    pub near_identical_pairs: u64,
    /// Pair searches stopped at their bound (docs/LIMITS.md): a flagged case with more than 40
    /// pairs, or whose search met 4,096 candidates — more pairs exist, or may, than are counted.
    pub pair_searches_stopped: u64,
    /// Cross-table comparisons not made: another table citing a case's statute, in force on its
    /// dates, could not tell its band for the case's facts (a fact it reads, or that one of its
    /// adjustments reads, is missing; no level matches), so whether the two tables diverge for
    /// that case is unknown.
    pub divergences_not_compared: u64,
    /// The smallest ids (at most 50, in the byte order of their text) of the cases whose
    /// cross-table comparison could not be made: where to look.
    pub divergences_not_compared_ids: Vec<String>,
    /// How many cases those comparisons are of (one case may miss the band of several other
    /// tables): more than `divergences_not_compared_ids` holds when it is cut at 50.
    pub divergences_not_compared_cases: u64,
    /// Those comparisons by why they could not be made — which other violation lacked what (a
    /// fact it reads not recorded, no level matching) — most first: what to record to make them.
    /// A case meets each other table once, so each cause counts cases; a case missing two
    /// tables' bands counts under both, and the counts add up to `divergences_not_compared`.
    pub divergences_not_compared_causes: Vec<NotComparedCause>,
    /// Cases with at least one inversion against them (a case with heavier circumstances fined
    /// clearly less); the first `inversion_list` are ranked in [`AuditReport::inversions`].
    pub inversion_cases: u64,
}

/// Records of one reason for not comparing.
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct Excluded {
    /// Why.
    pub reason: NotComparable,
    /// How many.
    pub count: u64,
    /// The first ids in the byte order of their UTF-8 text (at most 50): for Chinese ids this
    /// is not the order of a dictionary, but it does not depend on the input order. Records
    /// without an id are listed once, as the empty id `""` (each is counted in `count`).
    pub case_ids: Vec<String>,
    /// For [`NotComparable::NoBand`], what `check` said of each record's level — the fact not
    /// given, the grade nothing matched — counted, the commonest first (empty for the other
    /// reasons; left out of the JSON then). Their counts add up to `count`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub causes: Vec<Cause>,
}

/// One cause of records without a band: `check`'s finding ([`Excluded::causes`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Cause {
    /// The finding's code (`C002`: the level cannot be determined, a fact not given; `C033`:
    /// no level matches); empty for the records whose causes are counted together (past the
    /// 1,000 kept apart, or none found).
    pub code: String,
    /// The finding's message (`the level cannot be determined: fact `x` is not given`).
    pub text: String,
    /// The same in Chinese.
    pub text_zh: String,
    /// How many records.
    pub count: u64,
}

/// Why cross-table comparisons could not be made, and for how many cases (one comparison a case
/// and other table).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct NotComparedCause {
    /// The other table's violation whose band could not be told (empty for the cases counted
    /// together past the first 65,535 causes).
    pub other: String,
    /// Its table's id.
    pub other_table: String,
    /// The fact it reads that the cases do not record, if that is why.
    pub missing_fact: Option<String>,
    /// In words: ``jm-env.1-1 (table jm-env) reads `investment`, which the cases do not record``.
    pub text: String,
    /// The same in Chinese.
    pub text_zh: String,
    /// How many cases.
    pub cases: u64,
}

/// What makes cases comparable, in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct GroupLabel {
    /// The violation id.
    pub violation: String,
    /// The violation's name as the table gives it, in English.
    pub violation_name: String,
    /// The violation's name as the table gives it, in Chinese.
    pub violation_name_zh: String,
    /// The table id (its version is [`table_version`](GroupLabel::table_version)).
    pub table: String,
    /// The table version.
    pub table_version: String,
    /// `party` or `responsible_persons`.
    pub addressee: &'static str,
    /// The level name (`tier-2`, `[general, overdue]`, `weights`).
    pub level: String,
    /// The level's Chinese name, as the table gives it ([`Scheme::level_label`](crate::table::Scheme::level_label):
    /// `一般区域、逾期未完成备案手续`, `按权重计算`).
    pub level_zh: String,
    /// The window of decision years, `2020–2024`.
    pub window: String,
    /// Where the violation's statute has several texts: the day the text applied to these cases
    /// came into force (`2023-07-20`). Cases decided under different texts (Art. 37, 从旧兼从轻)
    /// are in different groups and never compared.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub law_in_force_from: Option<String>,
    /// The table's rules that moved these cases' band (placement, reduction), by id.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub adjusted_by: Vec<String>,
    /// The table's rules that could not be decided for these cases (a fact they read is not
    /// recorded), by id: whether they would move the band is unknown, so these cases are
    /// compared only with each other.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub adjustment_unknown: Vec<String>,
    /// [`adjusted_by`](GroupLabel::adjusted_by) by their Chinese names (an id where the table
    /// gives none), as `--lang zh` shows them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub adjusted_by_zh: Vec<String>,
    /// [`adjustment_unknown`](GroupLabel::adjustment_unknown) by their Chinese names, likewise.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub adjustment_unknown_zh: Vec<String>,
}

impl GroupLabel {
    /// The label in `lang`: `gd-env.1.3 [general, overdue] +adjustment 2020–2024 (responsible
    /// persons) [2021]` — the addressee said only when not the party, in the language given;
    /// `[2021, law of 2023-07-20]` where the statute has several texts.
    pub fn text(&self, lang: Lang) -> String {
        // The addressee's code in English (as programs read it), its name in Chinese.
        let who = match (crate::table::Addressee::from_code(self.addressee), lang) {
            (Some(crate::table::Addressee::Party), _) => String::new(),
            (Some(a), Lang::Zh) => format!("（{}）", a.name(Lang::Zh)),
            _ => format!(" ({})", self.addressee),
        };
        let (by, unknown) = match lang {
            Lang::Zh => (&self.adjusted_by_zh, &self.adjustment_unknown_zh),
            Lang::En => (&self.adjusted_by, &self.adjustment_unknown),
        };
        let adjusted: String = by.iter().map(|a| format!(" +{a}")).collect();
        let unknown: String = unknown.iter().map(|a| format!(" ?{a}")).collect();
        let adjusted = adjusted + &unknown;
        // In Chinese the violation is named as well: its id alone reads as English.
        let name = match lang {
            Lang::Zh if !self.violation_name_zh.is_empty() => format!(" {}", self.violation_name_zh),
            _ => String::new(),
        };
        format!(
            "{}{name} {}{adjusted} {}{who} [{}]",
            self.violation,
            self.level_in(lang),
            self.window,
            self.versions(lang)
        )
    }

    /// The table version, and the text of the statute where it has several: `2021`, `2019,
    /// law of 2023-07-20` (`2019，2023-07-20起施行的规定`).
    pub fn versions(&self, lang: Lang) -> String {
        match (&self.law_in_force_from, lang) {
            (None, _) => self.table_version.clone(),
            (Some(from), Lang::Zh) => format!("{}，{from}起施行的规定", self.table_version),
            (Some(from), Lang::En) => format!("{}, law of {from}", self.table_version),
        }
    }

    /// The violation's name as a reader of `lang` reads it.
    pub fn violation_name_in(&self, lang: Lang) -> &str {
        if lang == Lang::Zh && !self.violation_name_zh.is_empty() {
            &self.violation_name_zh
        } else {
            &self.violation_name
        }
    }

    /// The level as a reader of `lang` names it: its Chinese name in Chinese (where there is
    /// one), its name otherwise.
    pub fn level_in(&self, lang: Lang) -> &str {
        if lang == Lang::Zh && !self.level_zh.is_empty() { &self.level_zh } else { &self.level }
    }
}

impl std::fmt::Display for GroupLabel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text(Lang::En))
    }
}

/// A comparison group's statistics.
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct GroupReport {
    /// Its index in [`AuditReport::groups`].
    pub index: usize,
    /// What the cases share.
    pub label: GroupLabel,
    /// Cases.
    pub n: u64,
    /// The band, when every case had the same (`None`: it varies with the facts, as for
    /// multiples and per-day fines).
    pub band: Option<(String, String)>,
    /// The same band with its ends' inclusion (`{min, max, min_excluded, max_excluded}`, as
    /// `check` writes bands): "10,000 to under 30,000" is not [10,000, 30,000].
    #[serde(serialize_with = "crate::check::report::optional_range")]
    pub band_range: Option<crate::table::Range>,
    /// How positions were measured (`linear`, `log`, `point`, `mixed`; a flag's is its
    /// [`Flag::position_scale`], its `scale` a spread).
    pub position_scale: PositionScale,
    /// On the point scale, how many percent of the amount one unit of position is (see
    /// [`Flag::percent_per_position`]); `None` elsewhere, and where the group's cases differ.
    pub percent_per_position: Option<f64>,
    /// Median position.
    pub median: f64,
    /// Median absolute deviation of the positions.
    pub mad: f64,
    /// The robust scale used for z: max(1.4826·MAD, floor).
    pub robust_scale: f64,
    /// Quartiles of the positions.
    pub quartiles: (f64, f64),
    /// Share of cases inside the band.
    pub inside_band: f64,
    /// Cases flagged in this group.
    pub flagged: u64,
    /// All positions, sorted (for plots; at most 2,000, evenly spaced ranks beyond).
    pub positions: Vec<f64>,
}

impl GroupReport {
    /// A position of this group as a short figure, as [`Flag::shown_position`] gives it: `0.45`
    /// in band widths, on a one-amount band a signed percentage of the amount (`-41.0%`).
    pub fn shown_position(&self, position: f64, lang: Lang) -> String {
        position_text(self.position_scale, self.percent_per_position, position, true, lang)
    }

    /// The robust scale as a short figure: `0.12` band widths, on a one-amount band a
    /// percentage of the amount (`2.8%`).
    pub fn shown_spread(&self, lang: Lang) -> String {
        position_text(self.position_scale, self.percent_per_position, self.robust_scale, false, lang)
    }
}

/// A position (`signed`) or a distance on `scale`: `0.45`; on the point scale with `per`
/// percent of the amount a unit, `-38.6%`; without, `-3.86 units`.
fn position_text(scale: PositionScale, per: Option<f64>, x: f64, signed: bool, lang: Lang) -> String {
    let units = |lang: Lang| if lang == Lang::Zh { "个单位" } else { " units" };
    match (scale, per, signed) {
        (PositionScale::Point, Some(per), true) => format!("{:+.1}%", x * per),
        (PositionScale::Point, Some(per), false) => format!("{:.1}%", x * per),
        (PositionScale::Point, None, true) => format!("{x:+.2}{}", units(lang)),
        (PositionScale::Point, None, false) => format!("{x:.2}{}", units(lang)),
        _ => format!("{x:.2}"),
    }
}

/// The rule behind a flag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Rule {
    /// Far from its group's median in robust z (Iglewicz–Hoaglin).
    Outlier,
    /// Nearly the same facts as another case of the group, a very different position.
    NearIdentical,
    /// Outside its nearest peers' P10–P90 and far from their median.
    PeerDeviation,
}

impl Rule {
    /// The rule's name.
    pub fn code(self) -> &'static str {
        match self {
            Rule::Outlier => "outlier",
            Rule::NearIdentical => "near_identical",
            Rule::PeerDeviation => "peer_deviation",
        }
    }

    /// The rule's short name: its code in English, a term in Chinese.
    pub fn name(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (_, Lang::En) => self.code(),
            (Rule::Outlier, Lang::Zh) => "离群",
            (Rule::NearIdentical, Lang::Zh) => "同案异罚",
            (Rule::PeerDeviation, Lang::Zh) => "偏离相近案件",
        }
    }

    /// The rule in a sentence.
    pub fn describe(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Rule::Outlier, Lang::En) => "far from the group's median",
            (Rule::Outlier, Lang::Zh) => "明显偏离同组中位数",
            (Rule::NearIdentical, Lang::En) => "near-identical facts, very different penalty",
            (Rule::NearIdentical, Lang::Zh) => "案情几乎相同而处罚差异悬殊",
            (Rule::PeerDeviation, Lang::En) => "out of line with its nearest peers",
            (Rule::PeerDeviation, Lang::Zh) => "偏离最相近案件",
        }
    }
}

/// How strong a flag is: its strength against `strong_z`, whatever its rule. The strength is in
/// robust-scale units — for an outlier its z, for a pair or a peer deviation its gap — so a
/// strong pair need not be an outlier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Tier {
    /// Strength at most `strong_z` (5).
    Review,
    /// Strength above `strong_z`.
    Strong,
}

/// A comparable case named as a peer.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Peer {
    /// Its id.
    pub case_id: String,
    /// Its fine.
    pub fine: String,
    /// Its position.
    pub position: f64,
    /// Gower distance of its facts from the flagged case's (0 = the same facts).
    pub distance: f64,
    /// The facts it records, as its group compares them ([`Flag::facts`]).
    pub facts: BTreeMap<String, RecordedValue>,
}

/// A fact as a case records it, shown with a flag and its peers: yes/no as a boolean; an
/// amount, count or quantity as an exact decimal string (`"17"`, `"1.5"`), a date as
/// `YYYY-MM-DD`, an enum value by its id (`"general"`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum RecordedValue {
    /// Yes or no.
    Flag(bool),
    /// A number, a date or an enum value.
    Text(String),
}

/// The value as data: `true`/`false`, the number, date or enum value as [`RecordedValue::Text`]
/// holds it (the CSV report's `facts` column).
impl std::fmt::Display for RecordedValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RecordedValue::Flag(b) => write!(f, "{b}"),
            RecordedValue::Text(t) => f.write_str(t),
        }
    }
}

impl RecordedValue {
    /// The value in words: `17`, `2023-01-05`, `general`; yes/no as `yes`/`no` (是/否).
    pub fn text(&self, lang: Lang) -> String {
        match (self, lang) {
            (RecordedValue::Flag(true), Lang::En) => "yes".into(),
            (RecordedValue::Flag(false), Lang::En) => "no".into(),
            (RecordedValue::Flag(true), Lang::Zh) => "是".into(),
            (RecordedValue::Flag(false), Lang::Zh) => "否".into(),
            (RecordedValue::Text(t), _) => t.clone(),
        }
    }
}

/// One case out of line.
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct Flag {
    /// The rule that flags the case most strongly.
    pub rule: Rule,
    /// Other rules that flag it too (empty: none).
    pub also: Vec<Rule>,
    /// What `check` says of the case on its own (compliant: inside its band).
    pub verdict: crate::check::Verdict,
    /// The case.
    pub case_id: String,
    /// Its group ([`GroupReport::index`]) and what the group shares.
    pub group: usize,
    /// The group in words.
    pub label: GroupLabel,
    /// Cases in the group.
    pub n: u64,
    /// The centre compared with: the group's or the peers' median position; for a near-identical
    /// pair, the median the flagged case is farther from than its partner (of the cases with its
    /// categorical facts, or of the group: see docs/AUDIT.md).
    pub centre: f64,
    /// The scale differences are measured in (band widths).
    pub scale: f64,
    /// The threshold the strength passed.
    pub threshold: f64,
    /// The fine.
    pub fine: String,
    /// Its position.
    pub position: f64,
    /// How far out, in robust-scale units: ranks the flags. For an outlier its robust z (in
    /// size); for a near-identical pair the pair's gap, for a peer deviation the gap from the
    /// peers' median — gaps, not the case's place in its group, which is [`z`](Flag::z).
    /// Rounded to two places, or more where two would put it on the other side of (or on) its
    /// threshold or a tier's bound.
    pub strength: f64,
    /// The case's robust z in its group, signed: (position − the group's median) ÷ the scale,
    /// whatever the rule (a pair flag's case may be no outlier at all). Rounded as `strength`.
    pub z: f64,
    /// Review or strong.
    pub tier: Tier,
    /// Also outside Tukey's far-out fences (k = `tukey_k`), the cross-check.
    pub beyond_tukey: bool,
    /// Whether the fine is outside its band, as `check` judges it (C007 below, C008 above):
    /// exact, where [`position`](Flag::position) is rounded — a fine at an end the band excludes
    /// is outside it although its position reads 0 or 1.
    pub outside_band: bool,
    /// The other case of a near-identical pair.
    pub partner: Option<String>,
    /// The partner's fine: which way the two differ, without looking it up.
    pub partner_fine: Option<String>,
    /// The partner's position.
    pub partner_position: Option<f64>,
    /// The facts the case records, by fact id, as its group compares cases on them (the facts
    /// any of its cases records, the first 64: docs/AUDIT.md); a fact it does not give is
    /// absent — unknown, not "no".
    pub facts: BTreeMap<String, RecordedValue>,
    /// The nearest comparable cases, nearest first, each with its facts.
    pub peers: Vec<Peer>,
    /// The unit and officer, if recorded.
    pub unit: Option<String>,
    /// The officer, if recorded.
    pub officer: Option<String>,
    /// How positions are measured in its group: band widths, or — for one-amount bands
    /// ([`PositionScale::Point`]) — tenths of the amount.
    pub position_scale: PositionScale,
    /// On the point scale, how many percent of the amount one unit of position is: 10, or
    /// 100 ÷ the amount for an amount under 10 yuan (whose unit is 1 yuan). `None` elsewhere.
    pub percent_per_position: Option<f64>,
    /// The band, when every case of the group had the same (`None`: it varies with the facts).
    #[serde(serialize_with = "crate::check::report::optional_range")]
    pub band_range: Option<crate::table::Range>,
    /// The group's [`GroupReport::percent_per_position`]: what the other places a flag names
    /// (centre, partner, peers) are measured by — `None` where cases' amounts under 10 yuan
    /// make units differ (a peer's 12 yuan against its amount of 9 is not 30 % above it).
    #[serde(skip)]
    pub(crate) group_percent_per_position: Option<f64>,
}

impl Flag {
    /// Whether the centre compared with lies outside the band while the case keeps to it: the
    /// group (or the peers) may be out of line rather than the case — said in the message, for a
    /// group where most decisions departed from the table flags those that followed it.
    ///
    /// The case keeps to its band as `check` judges it ([`outside_band`](Flag::outside_band)).
    /// The centre is a position: outside below 0 or above 1 — at 0 or 1 exactly, when the band
    /// excludes that end (the centre is then the excluded amount itself); for a one-amount band,
    /// anywhere but 0.
    pub fn centre_outside_band(&self) -> bool {
        const EPSILON: f64 = 1e-9;
        let c = self.centre;
        let centre_outside = match self.position_scale {
            PositionScale::Point => c.abs() > EPSILON,
            _ => {
                let excluded_end = self.band_range.is_some_and(|b| {
                    (b.excludes_min && c.abs() <= EPSILON) || (b.excludes_max && (c - 1.0).abs() <= EPSILON)
                });
                !(-EPSILON..=1.0 + EPSILON).contains(&c) || excluded_end
            }
        };
        !self.outside_band && centre_outside
    }

    /// A position of this flag's group (the case's, its partner's, a peer's) as a short figure:
    /// `0.45` in band widths; on a one-amount band a signed percentage of the amount, `-38.6%`
    /// (`-3.86 units` where the cases' units differ).
    ///
    /// ```
    /// use discretion::audit::{AuditConfig, normalise::PositionScale};
    /// use discretion::table::Lang;
    /// let s = discretion::generate::AuditScenario::new(2_000, 7);
    /// let rules = s.spec.load().unwrap();
    /// let cases: Vec<_> = s.cases.iter().map(|c| c.to_case(&s.spec)).collect();
    /// let report = rules.audit(&cases, AuditConfig::default()).unwrap();
    /// let flag = report.flags.iter().find(|f| f.position_scale == PositionScale::Linear).unwrap();
    /// assert_eq!(flag.shown_position(0.4567, Lang::En), "0.46"); // a band of a range: in band widths
    /// ```
    pub fn shown_position(&self, position: f64, lang: Lang) -> String {
        position_text(self.position_scale, self.group_percent_per_position, position, true, lang)
    }

    /// The flag explained in a sentence.
    pub fn message(&self, lang: Lang) -> String {
        let peers: Vec<&str> = self.peers.iter().map(|p| p.case_id.as_str()).collect();
        let partner = self.partner.as_deref().unwrap_or("");
        // Positions in band widths, or in tenths of the amount for a one-amount band.
        let unit = GapUnit::of(self.position_scale).short(lang);
        let band = match (&self.band_range, lang) {
            (Some(b), Lang::En) => format!(" (band {})", crate::table::format_range(b, lang)),
            (Some(b), Lang::Zh) => format!("（裁量幅度{}）", crate::table::format_money(b, lang)),
            (None, _) => String::new(),
        };
        // A place on the band; on a one-amount band (positions in tenths of the amount away
        // from it) how far above or below the amount, as a percentage.
        let point = self.position_scale == PositionScale::Point;
        let place_in = |p: f64, per: Option<f64>| {
            let percent = (p * per.unwrap_or(0.0) * 10.0).round() / 10.0;
            match (point, lang, percent == 0.0) {
                // No percentage to give (an amount of 0): the distance in units.
                (true, Lang::En, _) if per.is_none() => format!("{p:+.2} units from the amount"),
                (true, Lang::Zh, _) if per.is_none() => format!("偏离基准金额{p:+.2}个单位"),
                (true, Lang::En, true) => "at the amount".to_string(),
                (true, Lang::Zh, true) => "等于基准金额".to_string(),
                (true, Lang::En, false) => {
                    format!("{}% {} the amount", percent.abs(), if percent < 0.0 { "below" } else { "above" })
                }
                (true, Lang::Zh, false) => {
                    format!("{}基准金额{}%", if percent < 0.0 { "低于" } else { "高于" }, percent.abs())
                }
                (false, _, _) => format!("{p:.2}"),
            }
        };
        let per = self.percent_per_position;
        let place = |p: f64| place_in(p, per);
        // A median of cases whose one-amount bands differ mixes their units: a percentage of
        // the flagged case's amount only where its unit is the common tenth, else units.
        let centre_per = self.group_percent_per_position;
        let centre = place_in(self.centre, centre_per);
        let fine = shown_amount(&self.fine);
        let at = match (point, lang) {
            (true, Lang::En) => format!("fine {fine}{band} {}", place(self.position)),
            (true, Lang::Zh) => format!("罚款{fine}元{band}{}", place(self.position)),
            (false, Lang::En) => format!("fine {fine}{band} at position {:.2}", self.position),
            (false, Lang::Zh) => format!("罚款{fine}元{band}位于幅度{:.2}处", self.position),
        };
        let mut text = match (self.rule, lang) {
            (Rule::Outlier, Lang::En) => format!(
                "{at}; the group's median is {} (n = {}), {} robust units away (threshold {})",
                centre, self.n, self.strength, self.threshold
            ),
            (Rule::Outlier, Lang::Zh) => format!(
                "{at}；同组（{}件）中位数{}，偏离{}个稳健尺度单位（阈值{}）",
                self.n,
                if point { centre.clone() } else { format!("为{centre}") },
                self.strength,
                self.threshold
            ),
            (Rule::NearIdentical, _) => {
                // The pair's gap and its threshold in the group's unit; which way the partner lies.
                let (gap, limit, n) = (self.strength * self.scale, self.threshold * self.scale, self.n);
                // In the group's unit; on a one-amount band, as a percentage of the amount.
                let (gap, limit) = match per.filter(|_| point) {
                    Some(p) => {
                        let percent = |x: f64| format!("{:.1}%", x * p);
                        match lang {
                            Lang::En => (format!("{} of the amount", percent(gap)), percent(limit)),
                            Lang::Zh => (format!("基准金额的{}", percent(gap)), percent(limit)),
                        }
                    }
                    None => {
                        (format!("{gap:.2}{}{unit}", if lang == Lang::En { " " } else { "" }), format!("{limit:.2}"))
                    }
                };
                let higher = self.partner_position.is_some_and(|p| p > self.position);
                let theirs = self.partner_fine.as_ref().zip(self.partner_position);
                match lang {
                    Lang::En => format!(
                        "{at}; case {partner}{}, with near-identical facts, sits {gap} {} (threshold {limit}; group of {n})",
                        theirs.map_or_else(String::new, |(f, p)| {
                            let at = if point { place_in(p, centre_per) } else { format!("at {p:.2}") };
                            format!(" (fine {}, {at})", shown_amount(f))
                        }),
                        if higher { "higher" } else { "lower" },
                    ),
                    Lang::Zh => format!(
                        "{at}；案件{partner}{}案情几乎相同，位置比本案{}{gap}（阈值{limit}；同组{n}件）",
                        theirs.map_or_else(String::new, |(f, p)| {
                            let at = if point { place_in(p, centre_per) } else { format!("位于{p:.2}处") };
                            format!("（罚款{}元，{at}）", shown_amount(f))
                        }),
                        if higher { "高" } else { "低" },
                    ),
                }
            }
            (Rule::PeerDeviation, Lang::En) => {
                format!("{at}; its {} nearest peers have median {} ({})", peers.len(), centre, peers.join(", "))
            }
            (Rule::PeerDeviation, Lang::Zh) => {
                format!("{at}；最相近的{}件案件中位数：{}（{}）", peers.len(), centre, peers.join("、"))
            }
        };
        // A pair's message names no median: the one it was flagged by is named here, so that
        // a partner as far out on the other side is not read as the norm (a user trial).
        match (self.centre_outside_band(), self.rule, lang) {
            (false, Rule::NearIdentical, Lang::En) => {
                text.push_str(&format!("; this case is the farther of the two from the median, {centre}"))
            }
            (false, Rule::NearIdentical, Lang::Zh) => {
                text.push_str(&format!("；两案中本案距中位数（{centre}）较远"))
            }
            (false, ..) => {}
            (true, Rule::NearIdentical, Lang::En) => text.push_str(&format!(
                "; it is flagged as the farther of the two from the median {}, which lies outside the band this case keeps to: the others may be the ones out of line",
                centre
            )),
            (true, Rule::NearIdentical, Lang::Zh) => text.push_str(&format!(
                "；本案因距中位数（{}）较远而被标记，但该中位数在裁量幅度之外，而本案在幅度之内：偏离基准的可能是其他案件",
                centre
            )),
            (true, _, Lang::En) => text.push_str(
                "; that median lies outside the band, which this case keeps to: the others may be the ones out of line",
            ),
            (true, _, Lang::Zh) => text.push_str("；该中位数在裁量幅度之外，而本案在幅度之内：偏离基准的可能是其他案件"),
        }
        text
    }
}

/// An amount of the report (an exact decimal string, as in its JSON) as people read it, with
/// thousands separators — as the band beside it is shown: `1712000` → `1,712,000`. A string
/// that is not an amount is shown as it is.
///
/// ```
/// use discretion::audit::shown_amount;
/// assert_eq!(shown_amount("1712000"), "1,712,000");
/// assert_eq!(shown_amount("26700.5"), "26,700.5");
/// assert_eq!(shown_amount(""), "");
/// ```
pub fn shown_amount(amount: &str) -> String {
    amount.parse::<rust_decimal::Decimal>().map_or_else(|_| amount.to_string(), crate::table::format_amount)
}

/// Which column a disparity is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Dimension {
    /// The deciding unit (执法单位).
    Unit,
    /// The officer (承办人).
    Officer,
}

/// A unit (or officer) whose penalties sit on one side of its groups' medians.
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct Disparity {
    /// Unit or officer.
    pub dimension: Dimension,
    /// Its name.
    pub name: String,
    /// For an officer, the unit of the cases (an officer is one of a unit: two units' 张三 are
    /// two officers); `None` for a unit, or where the cases record none.
    pub unit: Option<String>,
    /// `heavier` or `lighter`.
    pub direction: &'static str,
    /// The groups where it decided cases, but fewer than `unit_min_n`: not tested there, so
    /// not counted for or against it.
    pub untested_groups: u64,
    /// Groups where the difference is significant (BH) and large enough, in that direction.
    pub groups: Vec<DisparityGroup>,
    /// Groups where it is significant and large enough the other way — fewer than
    /// `unit_groups` of them, or the unit is listed in that direction too: a unit heavier in
    /// two groups and lighter in a third is not simply heavier. Not counted in
    /// [`effect`](Disparity::effect).
    pub contrary_groups: Vec<DisparityGroup>,
    /// The mean shrunk effect, Δp·n/(n + prior), over those groups measured in band widths —
    /// or, when every one of them has a one-amount band, over all of them, in tenths of the
    /// amount: the two units do not average ([`effect_unit`](Disparity::effect_unit)).
    pub effect: f64,
    /// The unit of [`effect`](Disparity::effect).
    pub effect_unit: GapUnit,
}

impl Disparity {
    /// The unit or officer as shown: an officer with the unit of its cases (`佛山市生态环境局 /
    /// 张三`), since two units' officers may share a name.
    pub fn shown_name(&self) -> String {
        match &self.unit {
            Some(unit) => format!("{unit} / {}", self.name),
            None => self.name.clone(),
        }
    }
}

/// One group's test of a unit.
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct DisparityGroup {
    /// The group ([`GroupReport::index`]).
    pub group: usize,
    /// The group in words.
    pub label: GroupLabel,
    /// The unit's cases in it.
    pub n: u64,
    /// Above and below the group median.
    pub above: u64,
    /// Below the group median.
    pub below: u64,
    /// Exact sign-test p-value: the unit's cases above against those below the group median
    /// (cases at the median count in `n`, not in the test).
    pub p_value: f64,
    /// The p-value adjusted by Benjamini–Hochberg across every test of the run (units and
    /// officers together): significant when at most `fdr_q`. Why one p of 0.041 passes and
    /// another does not: the run's other tests.
    pub q_value: f64,
    /// The unit's median position minus the group's median (of all its cases, the unit's own
    /// among them).
    pub delta: f64,
    /// Δp·n/(n + prior).
    pub shrunk: f64,
    /// The unit of `delta` and `shrunk`: band widths, or tenths of the amount for a one-amount
    /// band.
    pub unit: GapUnit,
}

/// A heavier level whose cases are punished clearly less than a lighter level's.
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct OrderInversion {
    /// The lighter level's group.
    pub lighter: GroupLabel,
    /// The heavier level's group.
    pub heavier: GroupLabel,
    /// The lighter level's median fine in yuan — or, where both levels set their fines as a
    /// multiple or a percentage of one fact, its median multiple ([`measured_in`](OrderInversion::measured_in)).
    pub lighter_median: String,
    /// The heavier level's median, likewise.
    pub heavier_median: String,
    /// What the medians and the gap are measured in: fines, or multiples (percentages) of a
    /// fact — two cases fined 2 and 7 times their own gains compare in the multiple, not in
    /// money (`consistency.md`: "for fines set as multiples, compute p on the multiple").
    pub measured_in: Measured,
    /// Cases in each.
    pub n: (u64, u64),
    /// How much lower, in units of [`gap_unit`](OrderInversion::gap_unit).
    pub gap: f64,
    /// What [`gap`](OrderInversion::gap) counts: the lighter level's band widths, or — for a
    /// band of one amount, which has no width — tenths of that amount.
    pub gap_unit: GapUnit,
}

/// What an [`OrderInversion`] compares levels in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Measured {
    /// Fines, in yuan.
    Fine,
    /// Multiples of a fact (倍数): a fine of 2 to 5 times the illegal gains.
    Multiple {
        /// The fact's id.
        of: String,
        /// Its English name (the id where the table gives none).
        name: String,
        /// Its Chinese name.
        name_zh: String,
    },
    /// Percentages of a fact: a fine of 1 % to 5 % of the investment.
    Percent {
        /// The fact's id.
        of: String,
        /// Its English name.
        name: String,
        /// Its Chinese name.
        name_zh: String,
    },
}

impl Measured {
    /// A median in these terms, for people: `243,250`, `7 × illegal gains`, `违法所得的7倍`,
    /// `1.5% of investment`.
    ///
    /// ```
    /// use discretion::audit::Measured;
    /// use discretion::table::Lang;
    /// assert_eq!(Measured::Fine.shown("243250", Lang::En), "243,250");
    /// ```
    pub fn shown(&self, median: &str, lang: crate::table::Lang) -> String {
        let zh = lang == crate::table::Lang::Zh;
        match self {
            Measured::Fine => shown_amount(median),
            Measured::Multiple { name_zh, .. } if zh => format!("{name_zh}的{median}倍"),
            Measured::Multiple { name, .. } => format!("{median} × {name}"),
            Measured::Percent { name_zh, .. } if zh => format!("{name_zh}的{median}%"),
            Measured::Percent { name, .. } => format!("{median}% of {name}"),
        }
    }
}

/// The unit an [`OrderInversion`]'s gap is counted in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum GapUnit {
    /// The lighter level's band width (its top minus its bottom).
    BandWidth,
    /// 10 % of the lighter level's amount, when its band is one amount (at least 1 yuan), as
    /// `check` measures positions in such a band.
    TenthOfAmount,
}

impl GapUnit {
    /// How positions on `scale` are measured: band widths, or — one-amount bands — tenths of
    /// the amount.
    pub fn of(scale: PositionScale) -> GapUnit {
        if scale == PositionScale::Point { GapUnit::TenthOfAmount } else { GapUnit::BandWidth }
    }

    /// The unit in a few words, plural ("band widths", "tenths of the amount").
    pub fn short(self, lang: crate::table::Lang) -> &'static str {
        use crate::table::Lang::{En, Zh};
        match (self, lang) {
            (GapUnit::BandWidth, En) => "band widths",
            (GapUnit::BandWidth, Zh) => "个幅度",
            (GapUnit::TenthOfAmount, En) => "tenths of the amount",
            (GapUnit::TenthOfAmount, Zh) => "个金额的10%",
        }
    }

    /// The unit in words, plural, as a gap is read ("2.00 band widths").
    pub fn describe(self, lang: crate::table::Lang) -> &'static str {
        use crate::table::Lang::{En, Zh};
        match (self, lang) {
            (GapUnit::BandWidth, En) => "band widths",
            (GapUnit::BandWidth, Zh) => "个幅度宽度",
            (GapUnit::TenthOfAmount, En) => "tenths of the lighter level's amount (its band is one amount)",
            (GapUnit::TenthOfAmount, Zh) => "个较轻阶次金额的10%（该阶次为固定金额）",
        }
    }
}

/// A case ranked by how many cases with heavier circumstances were punished clearly less.
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct RankedCase {
    /// The case.
    pub case_id: String,
    /// Its violation, table version and window.
    pub label: GroupLabel,
    /// Its fine.
    pub fine: String,
    /// Its fine as the multiple (percentage) of a fact that cases are ranked in, where its level
    /// sets its fine as one ([`measured_in`](RankedCase::measured_in)): `"2.5"`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub in_multiple: Option<String>,
    /// What it is ranked in: fines, or multiples (percentages) of a fact, as [`OrderInversion`]s.
    pub measured_in: Measured,
    /// Dominating cases punished less than its fine minus the margin (in `measured_in`).
    pub inversions: u64,
    /// Of those, the one fined least in `measured_in` (ties to the smaller id): often the case
    /// to look at — one heavier case fined far too little ranks every lighter case of its
    /// violation fined normally. `None` only if the data changed under the audit (never in
    /// practice).
    pub lightest_heavier: Option<CaseRef>,
}

/// A case named by another finding: its id, group and fine.
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct CaseRef {
    /// The case.
    pub case_id: String,
    /// Its violation, level, table version and window.
    pub label: GroupLabel,
    /// Its fine.
    pub fine: String,
    /// Its fine as the multiple (percentage) of a fact its level sets it as, where it is
    /// compared in that ([`RankedCase::measured_in`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub in_multiple: Option<String>,
}

/// Cases with the same recorded facts given different characterisations.
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct Characterisation {
    /// The statute all of them fall under: its id.
    pub statute: String,
    /// Its name and provision, as people read them.
    #[serde(flatten)]
    pub statute_title: StatuteTitle,
    /// Each characterisation: the group, its cases and their median fine.
    pub variants: Vec<Variant>,
}

/// A statute as people read it: its name and the provision it is, in English
/// (`building without an approved EIA document (中华人民共和国环境影响评价法 Art. 31 ¶1)`) and
/// in Chinese (`未批先建（中华人民共和国环境影响评价法第三十一条第一款）`). In JSON, the two
/// fields `statute_title` and `statute_title_zh` beside the statute's id.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct StatuteTitle {
    /// In English (the name falls back to the Chinese one where the rules give no English).
    #[serde(rename = "statute_title")]
    pub en: String,
    /// In Chinese.
    #[serde(rename = "statute_title_zh")]
    pub zh: String,
}

impl StatuteTitle {
    /// The title of `statute` in `rules`, empty if the rules do not declare it.
    pub(crate) fn of(rules: &crate::Benchmark, statute: &str) -> StatuteTitle {
        let Some(s) = rules.statute(statute) else { return StatuteTitle::default() };
        let title = |lang: Lang| {
            let (name, cited) = (s.label.get(lang), crate::table::format_citation(&s.citation, lang));
            match (name.is_empty(), lang) {
                (true, _) => cited,
                (false, Lang::Zh) => format!("{name}（{cited}）"),
                (false, _) => format!("{name} ({cited})"),
            }
        };
        StatuteTitle { en: title(Lang::En), zh: title(Lang::Zh) }
    }

    /// The title in `lang`.
    pub fn in_lang(&self, lang: Lang) -> &str {
        if lang == Lang::Zh { &self.zh } else { &self.en }
    }
}

/// One characterisation of a set of facts.
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct Variant {
    /// Violation and level.
    pub label: GroupLabel,
    /// The cases (at most 20 listed).
    pub case_ids: Vec<String>,
    /// How many cases.
    pub n: u64,
    /// Their median fine.
    pub median_fine: String,
}

/// One statute, two tables, bands that do not overlap for the same facts.
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct Divergence {
    /// The statute: its id.
    pub statute: String,
    /// Its name and provision, as people read them.
    #[serde(flatten)]
    pub statute_title: StatuteTitle,
    /// The table applied and its level.
    pub applied: String,
    /// The same, with the level as the table names it in Chinese.
    pub applied_zh: String,
    /// The band it gave the [`example`](Divergence::example) case — of that case only: where a
    /// band is computed from the facts (weights, a multiple of a fact) each case has its own.
    pub applied_band: String,
    /// The other table and its level for the same facts.
    pub other: String,
    /// The same, with the level as the table names it in Chinese.
    pub other_zh: String,
    /// The band it would give the example case.
    pub other_band: String,
    /// The example's band applied with its ends' inclusion (`{min, max, min_excluded,
    /// max_excluded}`).
    #[serde(serialize_with = "crate::check::report::range")]
    pub applied_range: crate::table::Range,
    /// The other band, likewise.
    #[serde(serialize_with = "crate::check::report::range")]
    pub other_range: crate::table::Range,
    /// How many cases: each given bands by the two tables that do not overlap, not
    /// necessarily the example's.
    pub cases: u64,
    /// An example case: the smallest case id.
    pub example: String,
}

impl Divergence {
    /// The table applied and its level, in `lang`.
    pub fn applied_in(&self, lang: Lang) -> &str {
        if lang == Lang::Zh { &self.applied_zh } else { &self.applied }
    }

    /// The other table and its level, in `lang`.
    pub fn other_in(&self, lang: Lang) -> &str {
        if lang == Lang::Zh { &self.other_zh } else { &self.other }
    }
}
