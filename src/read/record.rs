//! Records → cases: a CSV row with its header, a JSON object, a YAML mapping. Columns are
//! resolved once per header ([`Columns`]): case fields by their id or a documented Chinese
//! header (`案号`, `罚款金额` …), facts by id or Chinese name, everything else reported as unread.
//! Each record is then read into a reusable [`PreparedCase`] without allocating per field.

use rust_decimal::Decimal;

use super::amount::parse_amount;
use super::date::parse_date;
use crate::check::prepared::Spare;
use crate::check::{Case, Imposed, Party, PreparedCase};
use crate::table::{
    Addressee, Benchmark, Coded, Disposition, Fact, FactId, FactType, Lang, Named, SanctionKind, Value, did_you_mean,
};
use crate::{Date, check::prepared};

/// The longest value a field may have (1 MiB): longer values are refused, never read.
pub const MAX_FIELD_BYTES: usize = 1 << 20;

macro_rules! case_fields {
    ($( $(#[$doc:meta])* $name:ident = $id:literal [$($zh:literal),*]; )*) => {
        /// A case field a record column can fill (`docs/CASES.md` lists them with their Chinese
        /// headers).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum CaseField {
            $( $(#[$doc])* $name, )*
        }

        impl CaseField {
            /// Every field with its id.
            pub const ALL: &'static [(&'static str, CaseField)] = &[$(($id, CaseField::$name)),*];
            /// The Chinese headers recognised for each field, as office exports write them.
            pub const CHINESE: &'static [(&'static str, CaseField)] = &[$($(($zh, CaseField::$name),)*)*];

            /// The field's id (`case_id`).
            pub fn id(self) -> &'static str {
                match self { $(CaseField::$name => $id,)* }
            }

            /// The field by its id (`decided`).
            pub fn from_id(id: &str) -> Option<CaseField> {
                Self::ALL.iter().find(|(i, _)| *i == id).map(|(_, f)| *f)
            }

            /// The field's Chinese name, as messages in Chinese say it: the first Chinese
            /// header recognised for it (`决定日期`); `None` for a field without one.
            ///
            /// ```
            /// use discretion::read::record::CaseField;
            /// assert_eq!(CaseField::Decided.name_zh(), Some("决定日期"));
            /// ```
            pub fn name_zh(self) -> Option<&'static str> {
                Self::CHINESE.iter().find(|(_, f)| *f == self).map(|(name, _)| *name)
            }

            /// Whether the field says whose record it is (case id, violation as written,
            /// table, unit, officer): text, read whatever it holds, so that a record that
            /// cannot be read is still listed by them.
            pub fn identifies(self) -> bool {
                matches!(
                    self,
                    CaseField::CaseId | CaseField::Violation | CaseField::Table | CaseField::Unit | CaseField::Officer
                )
            }
        }
    };
}

case_fields! {
    /// The case number (案号); required.
    CaseId = "case_id" ["案号", "案件编号", "处罚决定书文号", "决定书文号", "文书号"];
    /// The table id, when several tables define the violation.
    Table = "table" ["基准表", "裁量基准"];
    /// The violation: its id, its Chinese or English name, or a declared alias; required.
    Violation = "violation" ["违法行为", "违法行为名称", "违法行为编码", "案由"];
    /// Who is penalised: `party` or `responsible_persons`.
    Addressee = "addressee" ["处罚对象"];
    /// When the act started.
    ActStarted = "act_started" ["违法行为开始日期", "违法开始日期"];
    /// When the act ended (the act date for a one-off act).
    ActEnded = "act_ended" ["违法行为终了日期", "违法行为结束日期", "违法行为日期", "违法日期"];
    /// When the agency discovered the act.
    Discovered = "discovered" ["发现日期", "案发日期"];
    /// When the decision was made.
    Decided = "decided" ["决定日期", "处罚决定日期", "作出决定日期"];
    /// `individual` or `organisation`.
    Party = "party" ["当事人类型", "当事人性质", "主体类型"];
    /// Cited factors, `;`-separated ids.
    Factors = "factors" ["裁量情节", "适用情节"];
    /// Life, health, safety or financial security harmed (5-year limitation).
    GraveHarm = "grave_harm" ["严重危害后果"];
    /// The level the decision claims.
    ClaimedLevel = "claimed_level" ["认定阶次", "裁量阶次", "裁量档次"];
    /// The disposition the decision claims.
    ClaimedDisposition = "claimed_disposition" ["裁量结果", "从轻从重情形", "处罚裁量"];
    /// The fine.
    Fine = "fine" ["罚款金额", "罚款数额", "罚款"];
    /// Illegal gains confiscated.
    ConfiscatedGains = "confiscated_gains" ["没收违法所得", "没收违法所得金额", "没收金额"];
    /// Other sanctions, `;`-separated.
    Sanctions = "sanctions" ["处罚种类", "其他处罚", "处罚内容"];
    /// Decided on the spot (简易程序).
    SummaryProcedure = "summary_procedure" ["简易程序", "是否简易程序"];
    /// The party was told of the right to a hearing.
    HearingNotified = "hearing_notified" ["告知听证", "听证告知", "是否告知听证"];
    /// Decided collectively.
    CollectiveDeliberation = "collective_deliberation" ["集体讨论", "是否集体讨论"];
    /// The government with approving power approved.
    Approval = "approval" ["政府批准", "是否经批准"];
    /// The deciding unit.
    Unit = "unit" ["执法单位", "承办单位", "处罚机关", "执法机关"];
    /// The deciding officer.
    Officer = "officer" ["承办人", "执法人员", "经办人"];
    /// The stated reason.
    Reason = "reason" ["处罚理由", "理由"];
}

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Case(CaseField),
    Fact(FactId),
    /// The same field as the column at this index, which is read: this one is read only where
    /// that one is empty, and a record where the two give different values is unreadable.
    Repeat(usize),
    /// Neither a field nor a fact: not read.
    Unread,
}

/// How the columns of a header map to case fields and facts; built once per file.
///
/// ```
/// use discretion::{Benchmark, read::record::CaseField};
/// let rules = Benchmark::from_path("rules").unwrap();
/// let cols = rules.columns(["案号", "违法行为", "罚款金额", "逾期天数（自期限届满次日起）", "fin"], &[]);
/// assert!(cols.has(CaseField::Fine));
/// let unread: Vec<&str> = cols.unread().map(|(_, name, _)| name).collect();
/// assert_eq!(unread, ["fin"]);
/// ```
#[derive(Debug, Clone)]
pub struct Columns {
    columns: Vec<Column>,
    names: Vec<String>,
    hints: Vec<Option<String>>,
    /// The money unit each column's header declares (`罚款金额（万元）`).
    units: Vec<MoneyUnit>,
    /// Whether a column repeats another's field ([`Column::Repeat`]).
    repeats: bool,
    /// The tables violations are looked up in (all when empty); see [`Columns::restrict_to_tables`].
    tables: Vec<String>,
    /// The longest value read; see [`Columns::set_max_field_bytes`].
    max_field_bytes: usize,
}

impl Columns {
    /// Looks violations up only in these tables (by table id) — an office's own benchmark, when
    /// several tables share violation names (未批先建 is a Guangdong and a Jiangmen name); a
    /// record's own `table` field still decides for that record. With one table, it is the
    /// table records are checked against.
    pub fn restrict_to_tables(&mut self, tables: Vec<String>) {
        self.tables = tables;
    }

    /// Refuses values longer than `bytes` (default [`MAX_FIELD_BYTES`], 1 MiB): a record with a
    /// longer value is unreadable, with a reason naming the limit. Raise it for exports that
    /// carry long free text in a column that is read.
    pub fn set_max_field_bytes(&mut self, bytes: usize) {
        self.max_field_bytes = bytes;
    }

    /// The longest value read (see [`Columns::set_max_field_bytes`]).
    pub fn max_field_bytes(&self) -> usize {
        self.max_field_bytes
    }

    /// Columns that are read by nothing, each with its position and a did-you-mean hint; and
    /// columns that repeat an earlier column's field, with a hint beginning
    /// [`REPEATED_COLUMN`]: read where the earlier one is empty, and compared with it elsewhere
    /// (a record where the two differ is unreadable).
    pub fn unread(&self) -> impl Iterator<Item = (usize, &str, Option<&str>)> {
        self.columns
            .iter()
            .enumerate()
            .filter(|(_, c)| matches!(c, Column::Unread | Column::Repeat(_)))
            .filter_map(|(i, _)| Some((i, self.names.get(i)?.as_str(), self.hints.get(i).and_then(|h| h.as_deref()))))
    }

    /// Whether the column at `i` is read: a case field or a fact, or a second column for one
    /// (read where the first is empty). A spreadsheet cell that cannot be read makes its row
    /// unreadable only in a column that is read.
    ///
    /// ```
    /// use discretion::Benchmark;
    /// let rules = Benchmark::from_path("rules").unwrap();
    /// let cols = rules.columns(["case_id", "备注", "fine"], &[]);
    /// assert!(cols.is_read(0) && !cols.is_read(1) && cols.is_read(2) && !cols.is_read(3));
    /// ```
    pub fn is_read(&self, i: usize) -> bool {
        self.columns.get(i).is_some_and(|c| !matches!(c, Column::Unread))
    }

    /// Whether a column fills `field`.
    pub fn has(&self, field: CaseField) -> bool {
        self.columns.contains(&Column::Case(field))
    }

    /// The case field the column at `i` fills, if it fills one (not a fact, not unread).
    ///
    /// ```
    /// use discretion::{Benchmark, read::record::CaseField};
    /// let rules = Benchmark::from_path("rules").unwrap();
    /// let cols = rules.columns(["案号", "days_late", "罚款金额"], &[]);
    /// assert_eq!(cols.field_at(0), Some(CaseField::CaseId));
    /// assert_eq!(cols.field_at(1), None);
    /// assert_eq!(cols.field_at(2), Some(CaseField::Fine));
    /// ```
    pub fn field_at(&self, i: usize) -> Option<CaseField> {
        match self.columns.get(i) {
            Some(Column::Case(field)) => Some(*field),
            _ => None,
        }
    }

    /// The place of the column that fills `field`, if one does.
    pub fn position(&self, field: CaseField) -> Option<usize> {
        self.columns.iter().position(|c| *c == Column::Case(field))
    }

    /// The money unit of the column at `i`.
    fn unit(&self, i: usize) -> MoneyUnit {
        self.units.get(i).copied().unwrap_or_default()
    }

    /// Whether a column gives `fact`.
    pub fn has_fact(&self, fact: FactId) -> bool {
        self.columns.contains(&Column::Fact(fact))
    }

    /// How many columns the header has.
    pub fn len(&self) -> usize {
        self.columns.len()
    }

    /// Whether the header is empty.
    pub fn is_empty(&self) -> bool {
        self.columns.is_empty()
    }

    /// The column names as the header gives them (before renaming: messages name a column as
    /// the file does).
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// The columns of money read in a unit their header declares other than 元, with their
    /// position, name and unit: `罚款金额（万元）` is read as the fine, a bare `0.8` there as
    /// 8,000 yuan. Worth telling the user, who can check that the header says what the
    /// cells hold.
    pub fn money_units(&self) -> impl Iterator<Item = (usize, &str, MoneyUnit)> {
        self.units
            .iter()
            .enumerate()
            .filter(|(_, u)| **u != MoneyUnit::Yuan)
            .filter_map(|(i, u)| Some((i, self.names.get(i)?.as_str(), *u)))
    }
}

/// The unit of money a column's header declares: exports often say it in the header
/// (`罚款金额（元）`, `罚款金额（万元）`, `违法所得(万元)`) and give bare numbers in the cells. Only
/// columns of money (the fine, confiscated gains, facts of type amount) take a unit; a header
/// that declares none is in 元.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum MoneyUnit {
    /// 元, yuan.
    #[default]
    Yuan,
    /// 万元, ten thousand yuan: a bare number is multiplied by 10,000.
    TenThousandYuan,
    /// 千元, a thousand yuan: a bare number is multiplied by 1,000.
    ThousandYuan,
    /// 百万元, a million yuan: a bare number is multiplied by 1,000,000.
    MillionYuan,
    /// 亿元, a hundred million yuan: a bare number is multiplied by 100,000,000.
    HundredMillionYuan,
}

/// The units a header may declare, longest word first (`万元` ends in `元`).
const HEADER_UNITS: [(&str, MoneyUnit); 5] = [
    ("百万元", MoneyUnit::MillionYuan),
    ("亿元", MoneyUnit::HundredMillionYuan),
    ("万元", MoneyUnit::TenThousandYuan),
    ("千元", MoneyUnit::ThousandYuan),
    ("元", MoneyUnit::Yuan),
];

impl MoneyUnit {
    /// The unit a header ends with, in full-width or ASCII parentheses — `（元）`, `(万元)`,
    /// `（千元）`, `（百万元）`, `（亿元）`, or mixed — and the header without it.
    ///
    /// ```
    /// use discretion::read::record::MoneyUnit;
    /// assert_eq!(MoneyUnit::of_header("罚款金额（万元）"), Some((MoneyUnit::TenThousandYuan, "罚款金额")));
    /// assert_eq!(MoneyUnit::of_header("罚款金额（万元)"), Some((MoneyUnit::TenThousandYuan, "罚款金额")));
    /// assert_eq!(MoneyUnit::of_header("罚款金额（千元）"), Some((MoneyUnit::ThousandYuan, "罚款金额")));
    /// assert_eq!(MoneyUnit::of_header("fine (元)"), Some((MoneyUnit::Yuan, "fine")));
    /// assert_eq!(MoneyUnit::of_header("罚款金额"), None);
    /// ```
    pub fn of_header(header: &str) -> Option<(MoneyUnit, &str)> {
        let header = header.trim();
        // Full-width and ASCII parentheses, matched or not (`（万元)` is a common slip).
        let inner = header.strip_suffix(['）', ')'])?;
        for (word, unit) in HEADER_UNITS {
            if let Some(bare) = inner.strip_suffix(word).and_then(|b| b.strip_suffix(['（', '('])) {
                return Some((unit, bare.trim_end()));
            }
        }
        None
    }

    /// The unit as written in a header: 元, 万元, 千元, 百万元, 亿元.
    pub fn written(self) -> &'static str {
        HEADER_UNITS.iter().find(|(_, u)| *u == self).map_or("元", |(word, _)| word)
    }

    /// Yuan in one of the unit: what a bare number in its column is multiplied by.
    ///
    /// ```
    /// use discretion::read::record::MoneyUnit;
    /// assert_eq!(MoneyUnit::ThousandYuan.yuan(), 1_000);
    /// assert_eq!(MoneyUnit::ThousandYuan.amount("1,709.1").unwrap(), 1_709_100.into());
    /// assert_eq!(MoneyUnit::ThousandYuan.amount("8000元").unwrap(), 8_000.into());
    /// ```
    pub fn yuan(self) -> u64 {
        match self {
            MoneyUnit::Yuan => 1,
            MoneyUnit::ThousandYuan => 1_000,
            MoneyUnit::TenThousandYuan => 10_000,
            MoneyUnit::MillionYuan => 1_000_000,
            MoneyUnit::HundredMillionYuan => 100_000_000,
        }
    }

    /// An amount written in a column of this unit: a bare number (digits, thousands separators,
    /// a decimal point) is in the unit; a cell saying its own unit (`8000元`, `0.8万元`,
    /// `捌仟元整`) is read as it says.
    pub fn amount(self, text: &str) -> Result<Decimal, super::amount::AmountError> {
        let yuan = parse_amount(text)?;
        let bare = || super::trim(text).bytes().all(|b| b.is_ascii_digit() || b == b'.' || b == b',');
        if self == MoneyUnit::Yuan || !bare() {
            return Ok(yuan);
        }
        yuan.checked_mul(Decimal::from(self.yuan())).ok_or_else(|| super::amount::AmountError {
            text: text.to_string(),
            reason: super::amount::AmountReason::TooLarge,
        })
    }
}

/// The longest column name taken as written (longer ones are cut in messages and read by nothing).
pub const MAX_HEADER_BYTES: usize = 256;

/// How many columns read by nothing get a "did you mean" suggestion (the rest are still
/// listed, without one).
pub const MAX_SUGGESTED_COLUMNS: usize = 100;

/// How the hint of a column that repeats an earlier column's field begins (the earlier
/// column's name follows, then "`"): the first is read, the repeat read only where the first
/// is empty and compared with it elsewhere. For the command line, which words the warning
/// itself.
#[doc(hidden)]
pub const REPEATED_COLUMN: &str = "the same field as the earlier column `";

/// How the hint of a column that a `--map` rename displaced begins (the renamed column's
/// name follows, then "`"): it would have been read as that field, which the rename gives
/// another column.
#[doc(hidden)]
pub const DISPLACED_COLUMN: &str = "--map gives its field to column `";

/// A record that is not a usable case: which field (column), and why, in English and Chinese.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("field `{field}`: {message}")]
pub struct CaseError {
    /// The field (column) name.
    pub field: String,
    /// What is wrong.
    pub message: String,
    /// What is wrong, in Chinese.
    pub message_zh: String,
}

impl CaseError {
    /// The error in `lang`: `field `fine`: …` or `字段“罚款金额”：…`.
    pub fn render(&self, lang: Lang) -> String {
        match lang {
            Lang::En => self.to_string(),
            Lang::Zh => format!("字段“{}”：{}", self.field, self.message_zh),
        }
    }
}

/// A value of `bytes` longer than the field limit.
fn too_long(field: &str, bytes: usize, limit: usize) -> CaseError {
    error(
        field,
        format!(
            "the value is {bytes} bytes, longer than the {limit} bytes a field may have (the limit can be raised: docs/LIMITS.md)"
        ),
        format!("内容长 {bytes} 字节，超过字段上限 {limit} 字节（上限可调，见 docs/LIMITS.md）"),
    )
}

fn error(field: &str, message: impl Into<String>, zh: impl Into<String>) -> CaseError {
    CaseError { field: super::quote(field), message: message.into(), message_zh: zh.into() }
}

/// A yes/no value: `true`/`false`, `yes`/`no`, `1`/`0`, `是`/`否` …
pub fn parse_flag(v: &str) -> Option<bool> {
    match super::trim(v) {
        "true" | "TRUE" | "True" | "yes" | "YES" | "Yes" | "y" | "Y" | "1" | "是" | "有" | "已" | "√" => {
            Some(true)
        }
        "false" | "FALSE" | "False" | "no" | "NO" | "No" | "n" | "N" | "0" | "否" | "无" | "未" | "×" => {
            Some(false)
        }
        _ => None,
    }
}

/// A party type from its id or Chinese name ([`Party::from_name`]).
pub fn parse_party(v: &str) -> Option<Party> {
    Party::from_name(v)
}

/// Splits a list field: `a;b`, `a；b`, `a|b`, `a、b`.
pub fn split_list(v: &str) -> impl Iterator<Item = &str> {
    v.split([';', '；', '|', '、']).map(str::trim).filter(|s| !s.is_empty())
}

impl Benchmark {
    /// The column a header name designates: a case field id, a renamed column, `fact.<id>`, a
    /// fact id, a Chinese header of the dictionary, or a fact's Chinese or English name.
    fn column(&self, name: &str) -> Column {
        let name = name.trim();
        if let Some(f) = CaseField::from_id(name) {
            return Column::Case(f);
        }
        let fact = name.strip_prefix("fact.").or_else(|| name.strip_prefix("facts.")).unwrap_or(name);
        if let Some(id) = self.fact_id(fact) {
            return Column::Fact(id);
        }
        if let Some((_, f)) = CaseField::CHINESE.iter().find(|(zh, _)| *zh == name) {
            return Column::Case(*f);
        }
        // A name two facts share designates neither: the column stays unread, with a hint.
        let mut by_label = self
            .facts()
            .iter()
            .filter(|f| [Lang::Zh, Lang::En].iter().any(|l| f.label.has(*l) && f.label.get(*l) == name));
        match (by_label.next(), by_label.next()) {
            (Some(f), None) => self.fact_id(&f.id).map_or(Column::Unread, Column::Fact),
            _ => Column::Unread,
        }
    }

    /// Whether a column holds money: the fine, confiscated gains, a fact of type amount.
    fn is_money(&self, column: Column) -> bool {
        match column {
            Column::Case(field) => matches!(field, CaseField::Fine | CaseField::ConfiscatedGains),
            Column::Fact(id) => self.fact_by_id(id).is_some_and(|f| f.fact_type == FactType::Amount),
            Column::Repeat(_) | Column::Unread => false,
        }
    }

    /// The facts a name designates, when it is the name of more than one.
    fn shared_name(&self, name: &str) -> Vec<&str> {
        let name = name.trim();
        let ids: Vec<&str> = self
            .facts()
            .iter()
            .filter(|f| [Lang::Zh, Lang::En].iter().any(|l| f.label.has(*l) && f.label.get(*l) == name))
            .map(|f| f.id.as_str())
            .collect();
        if ids.len() > 1 { ids } else { Vec::new() }
    }

    /// Resolves a header. `renames` maps a column name to a field or fact id (`--map 案号=case_id`,
    /// a mapping file), applied first.
    pub fn columns<'h>(&self, header: impl IntoIterator<Item = &'h str>, renames: &[(String, String)]) -> Columns {
        let mut columns = Vec::new();
        let mut names = Vec::new();
        let mut hints = Vec::new();
        let mut units = Vec::new();
        let mut explicits = Vec::new();
        let mut suggested = 0usize;
        for h in header {
            // A column name is a word, not a document: beyond this it is cut (and not read).
            let h = h.trim();
            let h = if h.len() > MAX_HEADER_BYTES { super::quote(h) } else { h.to_string() };
            let h = h.as_str();
            let rename = |name: &str| -> String {
                renames.iter().find(|(from, _)| from == name).map_or(name, |(_, to)| to.as_str()).to_string()
            };
            // Whether the user named this column's field (`--map`), by its header or by its
            // header without a unit (`--map 处罚金额=fine` for `处罚金额（万元）`).
            let named = |name: &str| renames.iter().any(|(from, _)| from == name);
            let explicit = named(h) || MoneyUnit::of_header(h).is_some_and(|(_, bare)| named(bare));
            let mut renamed = rename(h);
            let mut column = self.column(&renamed);
            // A unit in the header applies to a column of money (`--map 罚款金额（万元）=fine`),
            // or names one once taken off (`罚款金额（万元）` is 罚款金额, in 万元).
            let mut unit = MoneyUnit::Yuan;
            if let Some((declared, bare)) = MoneyUnit::of_header(h) {
                if self.is_money(column) {
                    unit = declared;
                } else if column == Column::Unread && self.is_money(self.column(&rename(bare))) {
                    renamed = rename(bare);
                    column = self.column(&renamed);
                    unit = declared;
                }
            }
            let renamed = renamed.as_str();
            let shared = self.shared_name(renamed);
            let mut hint = if !shared.is_empty() {
                Some(format!("the name of several facts ({}); name the column by its id with --map", shared.join(", ")))
            } else {
                // Suggestions cost a comparison with every known name: the first
                // MAX_SUGGESTED_COLUMNS unread columns get one, so a header of 100,000 stray
                // columns stays linear.
                let unread = column == Column::Unread && suggested < MAX_SUGGESTED_COLUMNS;
                suggested += usize::from(unread);
                unread.then(|| self.suggest_column(renamed)).flatten()
            };
            // Two columns for one field: the first is read, and the other read where the first
            // is empty and compared with it elsewhere — never silently overriding it nor
            // silently ignored. A column the user renamed to the field (`--map`) is the one
            // read where the other was recognised by its name alone: the other is not read.
            if column != Column::Unread
                && let Some(first) = columns.iter().position(|c| *c == column)
            {
                if !explicit && explicits.get(first) == Some(&true) {
                    let first_name = names.get(first).map_or("", String::as_str);
                    hint = Some(format!("{DISPLACED_COLUMN}{first_name}`"));
                    column = Column::Unread;
                } else if explicit && explicits.get(first) == Some(&false) {
                    for (at, c) in columns.iter_mut().enumerate() {
                        if at == first || *c == Column::Repeat(first) {
                            *c = Column::Unread;
                            if let Some(slot) = hints.get_mut(at) {
                                *slot = Some(format!("{DISPLACED_COLUMN}{h}`"));
                            }
                        }
                    }
                } else {
                    let first_name = names.get(first).map_or("", String::as_str);
                    hint = Some(format!("{REPEATED_COLUMN}{first_name}`"));
                    column = Column::Repeat(first);
                }
            }
            columns.push(column);
            names.push(h.to_string());
            hints.push(hint);
            explicits.push(explicit);
            units.push(if column == Column::Unread { MoneyUnit::Yuan } else { unit });
        }
        let repeats = columns.iter().any(|c| matches!(c, Column::Repeat(_)));
        Columns { columns, names, hints, units, repeats, tables: Vec::new(), max_field_bytes: MAX_FIELD_BYTES }
    }

    /// What a column name that is read by nothing probably meant: a case field, a fact id, or a
    /// Chinese header.
    ///
    /// ```
    /// let rules = discretion::Benchmark::from_path("rules").unwrap();
    /// assert_eq!(rules.suggest_column("fien").as_deref(), Some("did you mean `fine`?"));
    /// // A key of a record's `facts` (JSON Lines, YAML), which is named `fact.<key>`.
    /// assert_eq!(rules.suggest_column("fact.eia_locaton").as_deref(), Some("did you mean `eia_location`?"));
    /// // There only facts are guessed, and a field of the case is said to be one.
    /// assert_eq!(rules.suggest_column("fact.fien"), None);
    /// assert_eq!(
    ///     rules.suggest_column("fact.fine").as_deref(),
    ///     Some("`fine` is a field of the case, not a fact: move it out of `facts`")
    /// );
    /// ```
    pub fn suggest_column(&self, name: &str) -> Option<String> {
        let candidates = CaseField::ALL
            .iter()
            .map(|(id, _)| *id)
            .chain(CaseField::CHINESE.iter().map(|(zh, _)| *zh))
            .chain(self.facts().iter().map(|f| f.id.as_str()))
            .chain(self.facts().iter().filter_map(|f| f.label.zh.as_deref()));
        // A key inside a record's `facts` (JSON Lines, YAML) is named `fact.<key>`: the key is
        // what was misspelt, and only facts are what it may have meant — a field of the case
        // put there is said to be one.
        let inside = name.strip_prefix("fact.").or_else(|| name.strip_prefix("facts."));
        if let Some(key) = inside
            && matches!(self.column(key), Column::Case(_))
        {
            return Some(format!("`{}` is a field of the case, not a fact: move it out of `facts`", key.trim()));
        }
        let name = inside.unwrap_or(name);
        // Two Chinese characters are one edit from many unrelated words (序号 → 案号): no guess.
        if name.chars().count() <= 2 && !name.is_ascii() {
            return None;
        }
        let guess = match inside {
            Some(_) => did_you_mean(
                name,
                self.facts()
                    .iter()
                    .map(|f| f.id.as_str())
                    .chain(self.facts().iter().filter_map(|f| f.label.zh.as_deref())),
            ),
            None => did_you_mean(name, candidates),
        };
        guess.map(|s| format!("did you mean `{s}`?"))
    }

    /// The violation a case names — by id, name or alias, or a name's head before its
    /// parenthetical ("未批先建" of "未批先建（…）") — among the tables `tables` (all when empty):
    /// a name several violations share is decided by the tables in force on `date`, or refused
    /// with the candidates.
    ///
    /// ```
    /// use discretion::{Benchmark, Date};
    /// let rules = Benchmark::from_path("rules").unwrap();
    /// let v = rules.resolve_violation_id("未依法备案建设项目环境影响登记表", Date::new(2021, 1, 1).ok(), &[]).unwrap();
    /// assert_eq!(v, "jm-env.1-2"); // Guangdong's table took effect in 2022
    /// let both = rules.resolve_violation_id("未依法备案建设项目环境影响登记表", Date::new(2022, 6, 1).ok(), &[]);
    /// // Each with its table, which is what `--table` takes.
    /// let message = both.unwrap_err().message;
    /// assert!(message.contains("gd-env.1.3 (table gd-env-fines), jm-env.1-2 (table jm-env)"), "{message}");
    /// assert!(message.contains("--table"));
    /// let v = rules.resolve_violation_id("未依法备案建设项目环境影响登记表", Date::new(2022, 6, 1).ok(), &["gd-env-fines"]);
    /// assert_eq!(v.unwrap(), "gd-env.1.3");
    /// // Jiangmen's 1-1 is "未批先建", Guangdong's §1.1 "未批先建（…）": both while both are in force.
    /// let both = rules.resolve_violation_id("未批先建", Date::new(2022, 6, 1).ok(), &[]).unwrap_err();
    /// assert!(both.message.contains("gd-env.1.1 (table gd-env-fines), jm-env.1-1 (table jm-env)"), "{}", both.message);
    /// assert_eq!(rules.resolve_violation_id("未批先建", Date::new(2024, 6, 1).ok(), &[]).unwrap(), "gd-env.1.1");
    /// ```
    pub fn resolve_violation_id(&self, name: &str, date: Option<Date>, tables: &[&str]) -> Result<&str, CaseError> {
        let g = self.resolve_violation(name, date, tables)?;
        self.group_versions(g)
            .next()
            .map(|(_, v)| v.id.as_str())
            .ok_or_else(|| error("violation", "no such violation", "无此违法行为"))
    }

    /// Up to three violations (of `tables`, or all) near `name`, with their names: a mistyped
    /// id's nearest id (by edit distance), else those whose Chinese names share most of its
    /// pairs of neighbouring characters (a shortened or reworded name keeps most of them).
    pub(crate) fn violations_near(&self, name: &str, tables: &[&str]) -> Vec<(String, crate::table::Text)> {
        // Worked out once per name and tables (a file repeats its unknown names).
        let mut key = String::with_capacity(name.len() + 16);
        key.push_str(name);
        for t in tables {
            key.push('\u{0}');
            key.push_str(t);
        }
        self.near_names(key, || self.work_out_violations_near(name, tables))
    }

    fn work_out_violations_near(&self, name: &str, tables: &[&str]) -> Vec<(String, crate::table::Text)> {
        let of_tables = |t: &crate::table::Table| tables.is_empty() || tables.contains(&t.id.as_str());
        let newest = |g: usize| self.group_versions(g).next().filter(|(t, _)| of_tables(t));
        let ids = (0..self.group_count()).filter_map(newest).map(|(_, v)| v.id.as_str());
        if let Some(id) = did_you_mean(name, ids)
            && let Some((_, v)) = self.violation_group(id).and_then(newest)
        {
            return vec![(v.id.clone(), v.label.clone())];
        }
        let wanted = crate::table::neighbour_pairs(name);
        if wanted.len() < 2 {
            return Vec::new();
        }
        let mut scored: Vec<(usize, &str, &crate::table::Text)> = self
            .name_pairs()
            .iter()
            .enumerate()
            .filter_map(|(g, own)| {
                let shared = wanted.iter().filter(|p| own.binary_search(p).is_ok()).count();
                // At least half of what was written, and more than one pair.
                if shared < 2 || shared * 2 < wanted.len() {
                    return None;
                }
                newest(g).map(|(_, v)| (shared, v.id.as_str(), &v.label))
            })
            .collect();
        scored.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(b.1)));
        scored.into_iter().take(3).map(|(_, id, name)| (id.to_string(), name.clone())).collect()
    }

    pub(crate) fn resolve_violation(
        &self,
        name: &str,
        date: Option<Date>,
        tables: &[&str],
    ) -> Result<usize, CaseError> {
        let in_tables =
            |g: &usize| tables.is_empty() || self.group_versions(*g).any(|(t, _)| tables.contains(&t.id.as_str()));
        if let Some(g) = self.violation_group(name) {
            if !in_tables(&g) {
                return Err(error(
                    "violation",
                    format!("`{}` is not a violation of the table(s) {}", super::quote(name), tables.join(", ")),
                    format!("“{}”不是基准表 {} 中的违法行为", super::quote(name), tables.join("、")),
                ));
            }
            return Ok(g);
        }
        let candidates: Vec<usize> = self.violations_named(name).into_iter().filter(in_tables).collect();
        match candidates.as_slice() {
            [] => {
                let near = self.violations_near(name, tables);
                let hint = |lang| crate::check::render::near_violations(&near, lang);
                Err(error(
                    "violation",
                    format!("`{}` names no violation of the rules{}", super::quote(name), hint(Lang::En)),
                    format!("规则中没有名为“{}”的违法行为{}", super::quote(name), hint(Lang::Zh)),
                ))
            }
            [one] => Ok(*one),
            many => {
                let in_force: Vec<usize> = many
                    .iter()
                    .copied()
                    .filter(|g| date.is_some_and(|d| self.group_versions(*g).any(|(t, _)| t.effective.contains(d))))
                    .collect();
                if let [one] = in_force.as_slice() {
                    return Ok(*one);
                }
                // Each with its table, which is what `--table` takes.
                let named = |lang: Lang| -> Vec<String> {
                    many.iter()
                        .filter_map(|g| self.group_versions(*g).next())
                        .map(|(t, v)| match lang {
                            Lang::En => format!("{} (table {})", v.id, t.id),
                            Lang::Zh => format!("{}（基准表 {}）", v.id, t.id),
                        })
                        .collect()
                };
                // One table giving one name to several violations (Guangdong §3.4 under two
                // statutes): naming the table cannot help; each is told by its id, shown with
                // the provision it penalises under.
                let considered = if in_force.is_empty() { many } else { in_force.as_slice() };
                let mut tables: Vec<&str> =
                    considered.iter().flat_map(|g| self.group_versions(*g).map(|(t, _)| t.id.as_str())).collect();
                tables.sort_unstable();
                tables.dedup();
                if let [table] = tables.as_slice() {
                    let listed = |lang: Lang| -> Vec<String> {
                        considered
                            .iter()
                            .filter_map(|g| self.group_versions(*g).next())
                            .map(|(_, v)| match (v.legal_basis.penalty.first(), lang) {
                                (Some(c), Lang::Zh) => {
                                    format!("{}（{}）", v.id, crate::table::format_citation(c, lang))
                                }
                                (Some(c), Lang::En) => format!("{} ({})", v.id, crate::table::format_citation(c, lang)),
                                (None, _) => v.id.clone(),
                            })
                            .collect()
                    };
                    return Err(error(
                        "violation",
                        format!(
                            "`{}` is the name of several violations of table {table}, which their name does not tell apart: {}; give the violation id",
                            super::quote(name),
                            listed(Lang::En).join(", ")
                        ),
                        format!(
                            "“{}”是基准表 {table} 中多个违法行为的名称，仅凭名称无法区分：{}；请写违法行为编号",
                            super::quote(name),
                            listed(Lang::Zh).join("；")
                        ),
                    ));
                }
                Err(error(
                    "violation",
                    format!(
                        "`{}` names several violations of tables in force on that date ({}); give the violation id, or the table (a `table` column, 基准表, or --table)",
                        super::quote(name),
                        named(Lang::En).join(", ")
                    ),
                    format!(
                        "“{}”同时是多个有效基准中的违法行为（{}）；请写违法行为编号，或注明基准表（“基准表”列或 --table）",
                        super::quote(name),
                        named(Lang::Zh).join("、")
                    ),
                ))
            }
        }
    }

    /// Reads one record into `into` (reused between records): `values` in the order of the
    /// header that made `columns`.
    pub fn read_record<'r, 'v>(
        &'r self,
        columns: &Columns,
        values: impl IntoIterator<Item = &'v str>,
        into: &mut PreparedCase<'r>,
    ) -> Result<(), CaseError> {
        into.reset();
        let (case, spare) = (&mut into.case, &mut into.spare);
        // After the first error only the fields that say whose record it is are read (they
        // cannot fail): an unreadable record is still listed with its id, unit and officer.
        let mut first_error = None;
        // Where columns repeat a field, every value, to compare them after (only then — an
        // allocation a record — for this is the path of every record).
        let mut kept: Vec<&str> = Vec::new();
        for (i, (column, value)) in columns.columns.iter().zip(values).enumerate() {
            if columns.repeats {
                kept.push(super::trim(value));
            }
            if matches!(column, Column::Unread | Column::Repeat(_)) {
                continue;
            }
            let name = columns.names.get(i).map_or("", String::as_str);
            let limit = columns.max_field_bytes;
            if value.len() > limit {
                first_error.get_or_insert_with(|| too_long(name, value.len(), limit));
                continue;
            }
            let v = super::trim(value);
            let unit = columns.units.get(i).copied().unwrap_or_default();
            let read = match column {
                Column::Case(field) if first_error.is_none() || field.identifies() => {
                    self.read_field(*field, name, v, unit, case, spare)
                }
                Column::Fact(id) if first_error.is_none() && !v.is_empty() => {
                    self.fact_text(*id, name, v, unit).map(|value| into.facts.set(*id, value))
                }
                _ => Ok(()),
            };
            if let Err(e) = read {
                first_error.get_or_insert(e);
            }
        }
        if columns.repeats
            && let Err(e) = self.read_repeats(columns, &kept, into, first_error.is_some())
        {
            first_error.get_or_insert(e);
        }
        if let Some(e) = first_error {
            return Err(e);
        }
        // A field is said as the file names its column (案号), else by its id.
        let column_of = |field: CaseField| {
            let at = columns.columns.iter().position(|c| *c == Column::Case(field));
            at.and_then(|i| columns.names.get(i)).map_or(field.id(), String::as_str)
        };
        if into.case.id.is_empty() {
            return Err(error(column_of(CaseField::CaseId), "the case has no id", "案件没有案号"));
        }
        if into.case.violation.is_empty() {
            return Err(error(column_of(CaseField::Violation), "the case names no violation", "案件未写明违法行为"));
        }
        let date = into.case.act_date();
        // A violation the rules do not define is a finding of the check (C001), not an
        // unreadable record; a name shared by several violations cannot be read.
        // Names are resolved among the case's table, else the tables `--table` names.
        into.group = match self.violation_group(&into.case.violation) {
            Some(g) if columns.tables.is_empty() || into.case.table.is_some() => Some(g),
            None if self.violations_named(&into.case.violation).is_empty() => None,
            _ => {
                let tables: Vec<&str> = match into.case.table.as_deref() {
                    Some(t) => vec![t],
                    None => columns.tables.iter().map(String::as_str).collect(),
                };
                Some(self.resolve_violation(&into.case.violation, date, &tables).map_err(|mut e| {
                    e.field = super::quote(column_of(CaseField::Violation));
                    e
                })?)
            }
        };
        if into.case.table.is_none()
            && let [only] = columns.tables.as_slice()
        {
            into.case.table = Some(into.spare.string(only));
        }
        into.complete_builtins();
        Ok(())
    }

    /// The columns that repeat another's field ([`Column::Repeat`]), `values` the record's
    /// (trimmed): where the field is still empty, a repeat's value is read as the field; a
    /// value that means something else than the one read makes the record unreadable — which
    /// of the two is the record's cannot be told. Values are compared by what they mean: amounts
    /// in their columns' units, a violation by the violation it names, dates, yes/no and
    /// the other fields as read (`2023-03-01` and `2023/3/1` agree, `false` and `否` too).
    /// After an error elsewhere in the record (`identifying`), only the fields that say whose
    /// record it is are read.
    fn read_repeats<'r>(
        &'r self,
        columns: &Columns,
        values: &[&str],
        into: &mut PreparedCase<'r>,
        identifying: bool,
    ) -> Result<(), CaseError> {
        // Per field (by its first column), the column whose value was read for it.
        let mut taken: Vec<(usize, usize)> = Vec::new();
        for (i, column) in columns.columns.iter().enumerate() {
            let Column::Repeat(first) = *column else { continue };
            let Some(&field) = columns.columns.get(first) else { continue };
            if identifying && !matches!(field, Column::Case(f) if f.identifies()) {
                continue;
            }
            let Some(&v) = values.get(i).filter(|v| !v.is_empty()) else { continue };
            let name = columns.names.get(i).map_or("", String::as_str);
            let limit = columns.max_field_bytes;
            if v.len() > limit {
                return Err(too_long(name, v.len(), limit));
            }
            let source = match taken.iter().find(|(f, _)| *f == first) {
                Some(&(_, source)) => source,
                None => first,
            };
            let was = values.get(source).copied().unwrap_or("");
            if was.is_empty() {
                // (Only while nothing was read for the field: once taken, it is not empty.)
                self.read_column(field, name, v, columns.unit(i), into)?;
                taken.push((first, i));
                continue;
            }
            if !self.same_value(field, (was, columns.unit(source)), (v, columns.unit(i))) {
                let source_name = columns.names.get(source).map_or("", String::as_str);
                return Err(error(
                    name,
                    format!(
                        "`{}` differs from `{}` in column `{source_name}`, which gives the same field: which is the record's cannot be told",
                        super::quote(v),
                        super::quote(was)
                    ),
                    format!(
                        "“{}”与同一字段的列“{source_name}”中的“{}”不一致，无法判断以哪一列为准",
                        super::quote(v),
                        super::quote(was)
                    ),
                ));
            }
        }
        Ok(())
    }

    /// Reads one column's value into the record.
    fn read_column<'r>(
        &'r self,
        column: Column,
        name: &str,
        v: &str,
        unit: MoneyUnit,
        into: &mut PreparedCase<'r>,
    ) -> Result<(), CaseError> {
        match column {
            Column::Case(field) => self.read_field(field, name, v, unit, &mut into.case, &mut into.spare),
            Column::Fact(id) => self.fact_text(id, name, v, unit).map(|value| into.facts.set(id, value)),
            Column::Repeat(_) | Column::Unread => Ok(()),
        }
    }

    /// Whether two values of one field (each with its column's unit) mean the same: as read,
    /// where both can be read; else as written.
    fn same_value(&self, column: Column, (a, unit_a): (&str, MoneyUnit), (b, unit_b): (&str, MoneyUnit)) -> bool {
        if column == Column::Case(CaseField::Violation) {
            let group = |name: &str| self.resolve_violation(name, None, &[]).ok();
            return a == b || group(a).is_some_and(|g| Some(g) == group(b));
        }
        let read = |v: &str, unit: MoneyUnit| {
            let mut p = PreparedCase::empty(self);
            self.read_column(column, "", v, unit, &mut p).ok().map(|()| (p.case, p.facts))
        };
        match (read(a, unit_a), read(b, unit_b)) {
            (Some(x), Some(y)) => x == y,
            _ => a == b,
        }
    }

    /// Reads a record given as `(field, value)` pairs (a JSON object, a YAML mapping).
    pub fn read_fields<'r, 'k>(
        &'r self,
        fields: impl IntoIterator<Item = (&'k str, &'k str)>,
    ) -> Result<PreparedCase<'r>, CaseError> {
        let (keys, values): (Vec<&str>, Vec<&str>) = fields.into_iter().unzip();
        let columns = self.columns(keys, &[]);
        let mut p = PreparedCase::empty(self);
        self.read_record(&columns, values, &mut p)?;
        Ok(p)
    }

    /// Builds a [`Case`] from `(field, value)` pairs, with its facts string-keyed.
    ///
    /// ```
    /// use discretion::Benchmark;
    /// let rules = Benchmark::from_path("rules").unwrap();
    /// let case = rules.case_from_record([
    ///     ("case_id", "粤税-2016-17"), ("violation", "gd-tax.60.1"), ("party", "单位"),
    ///     ("act_ended", "2016年3月1日"), ("days_late", "17"), ("fine", "人民币叁佰肆拾元整"),
    /// ]).unwrap();
    /// assert_eq!(case.decision.fine, Some(340.into()));
    /// let err = rules.case_from_record([("case_id", "x"), ("violation", "gd-tax.60.1"), ("fine", "lots")]).unwrap_err();
    /// assert_eq!(err.field, "fine");
    /// ```
    pub fn case_from_record<'k>(
        &self,
        fields: impl IntoIterator<Item = (&'k str, &'k str)>,
    ) -> Result<Case, CaseError> {
        let p = self.read_fields(fields)?;
        let mut case = p.case.clone();
        // A violation named by its name or alias becomes its id: a `Case` holds ids.
        if let Some((_, v)) = p.group.and_then(|g| self.group_versions(g).next()) {
            case.violation.clone_from(&v.id);
        }
        for (id, value) in p.facts.iter() {
            let Some(fact) = self.fact_by_id(id) else { continue };
            let v = match (value, &fact.fact_type) {
                (Value::Number(n), FactType::Date) => match i64::try_from(n).ok().and_then(Date::from_day_number) {
                    Some(d) => crate::table::FactValue::Date(d),
                    None => continue,
                },
                (Value::Number(n), _) => crate::table::FactValue::Number(n),
                (Value::Flag(b), _) => crate::table::FactValue::Flag(b),
                (Value::Word(w), FactType::Enum(values)) => match values.get(usize::from(w)) {
                    Some(w) => crate::table::FactValue::Word(w.clone()),
                    None => continue,
                },
                (Value::Word(_), _) => continue,
            };
            case.facts.set(fact.id.clone(), v);
        }
        Ok(case)
    }

    fn read_field(
        &self,
        field: CaseField,
        name: &str,
        v: &str,
        unit: MoneyUnit,
        case: &mut Case,
        spare: &mut Spare,
    ) -> Result<(), CaseError> {
        // A text field: empty is not recorded.
        let text = |s: &mut Option<String>, spare: &mut Spare| {
            if !v.is_empty() {
                *s = Some(spare.string(v));
            }
        };
        let date = |d: &mut Option<Date>| -> Result<(), CaseError> {
            if !v.is_empty() {
                *d = Some(parse_date(v).map_err(|e| error(name, e.to_string(), e.zh()))?);
            }
            Ok(())
        };
        let flag = |f: &mut Option<bool>| -> Result<(), CaseError> {
            if !v.is_empty() {
                *f = Some(parse_flag(v).ok_or_else(|| {
                    error(
                        name,
                        format!("`{}` is not yes or no (true/false, 是/否)", super::quote(v)),
                        format!("“{}”不是“是/否”", super::quote(v)),
                    )
                })?);
            }
            Ok(())
        };
        // A decision's amount is in yuan to the fen: a fraction of a fen (a spreadsheet's
        // `29999.999`) is no amount imposed, and read as one it would be judged inside a band
        // that every display, rounded to the fen, shows it at the end of.
        let amount = |a: &mut Option<Decimal>| -> Result<(), CaseError> {
            if !v.is_empty() {
                let value = unit.amount(v).map_err(|e| error(name, e.to_string(), e.zh()))?.normalize();
                if value.scale() > 2 {
                    let shown = super::quote(v);
                    return Err(error(
                        name,
                        format!(
                            "`{shown}` has a fraction of a fen: an amount imposed is in yuan to the fen (0.01); round it to the fen in the export"
                        ),
                        format!("“{shown}”含不足一分的零头：处罚金额以元计、精确到分（0.01元），请在导出时取整到分"),
                    ));
                }
                *a = Some(value);
            }
            Ok(())
        };
        match field {
            CaseField::CaseId => {
                case.id.clear();
                super::push_case_id(v, &mut case.id);
            }
            CaseField::Violation => {
                case.violation.clear();
                case.violation.push_str(v);
            }
            CaseField::Table => text(&mut case.table, spare),
            CaseField::Addressee if !v.is_empty() => {
                case.addressee = Addressee::from_name(v).ok_or_else(|| {
                    error(
                        name,
                        format!(
                            "`{}` is not an addressee (party, responsible_persons; 当事人, 直接责任人员)",
                            super::quote(v)
                        ),
                        format!("“{}”不是处罚对象（当事人、直接责任人员）", super::quote(v)),
                    )
                })?;
            }
            CaseField::Addressee => {}
            CaseField::ActStarted => date(&mut case.act_started)?,
            CaseField::ActEnded => date(&mut case.act_ended)?,
            CaseField::Discovered => date(&mut case.discovered)?,
            CaseField::Decided => date(&mut case.decided)?,
            CaseField::Party if !v.is_empty() => {
                case.party = Some(parse_party(v).ok_or_else(|| {
                    error(
                        name,
                        format!("`{}` is not individual or organisation (个人/单位)", super::quote(v)),
                        format!("“{}”不是“个人”或“单位”", super::quote(v)),
                    )
                })?);
            }
            CaseField::Party => {}
            CaseField::Factors => {
                let mut list = case.factors.take().unwrap_or_else(|| spare.factor_list());
                list.clear();
                list.extend(split_list(v).map(|f| spare.string(f)));
                case.factors = Some(list);
            }
            CaseField::GraveHarm => flag(&mut case.grave_harm)?,
            CaseField::ClaimedLevel => text(&mut case.claimed_level, spare),
            CaseField::ClaimedDisposition if !v.is_empty() => {
                case.claimed_disposition = Some(Disposition::from_name(v).ok_or_else(|| {
                    error(
                        name,
                        format!("`{}` is not a disposition (no_penalty, mitigated, lighter, ordinary, heavier; 不予处罚, 减轻, 从轻, 一般, 从重)", super::quote(v)),
                        format!("“{}”不是裁量结果（不予处罚、减轻、从轻、一般、从重）", super::quote(v)),
                    )
                })?);
            }
            CaseField::ClaimedDisposition => {}
            CaseField::Fine => amount(&mut case.decision.fine)?,
            CaseField::ConfiscatedGains => amount(&mut case.decision.confiscated_gains)?,
            CaseField::Sanctions => {
                let list = case.decision.sanctions.get_or_insert_with(|| spare.sanction_list());
                list.clear();
                for item in split_list(v) {
                    list.push(self.sanction_text(name, item)?);
                }
            }
            CaseField::SummaryProcedure => flag(&mut case.procedure.summary)?,
            CaseField::HearingNotified => flag(&mut case.procedure.hearing_notified)?,
            CaseField::CollectiveDeliberation => flag(&mut case.procedure.collective_deliberation)?,
            CaseField::Approval => flag(&mut case.procedure.approval)?,
            CaseField::Unit => text(&mut case.unit, spare),
            CaseField::Officer => text(&mut case.officer, spare),
            CaseField::Reason => text(&mut case.reason, spare),
        }
        Ok(())
    }

    /// `licence_suspension:3 months`, `行政拘留:5日`, `warning`.
    fn sanction_text(&self, name: &str, item: &str) -> Result<Imposed, CaseError> {
        let (kind_text, quantity) =
            item.split_once([':', '：']).map_or((item, None), |(n, d)| (n.trim(), Some(d.trim())));
        let kind = SanctionKind::from_name(kind_text).ok_or_else(|| {
            let hint = did_you_mean(kind_text, SanctionKind::CODES.iter().map(|(c, _)| *c))
                .map(|s| format!("; did you mean `{s}`?"))
                .unwrap_or_default();
            error(
                name,
                format!("`{}` is not a sanction kind{hint}", super::quote(kind_text)),
                format!("“{}”不是处罚种类", super::quote(kind_text)),
            )
        })?;
        let quantity = match quantity {
            None => None,
            Some(q) => {
                let digits = q.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(q.len());
                let (number, unit) = (q.get(..digits).unwrap_or(""), q.get(digits..).unwrap_or("").trim());
                let n = Decimal::from_str_exact(number).map_err(|_| {
                    error(
                        name,
                        format!("`{}` is not a quantity (e.g. `3 months`, `5日`)", super::quote(q)),
                        format!("“{}”不是数量（例如“3个月”“5日”）", super::quote(q)),
                    )
                })?;
                let unit = self.unit_named(unit).ok_or_else(|| {
                    let known: Vec<&str> = self.units().iter().map(|u| u.id.as_str()).collect();
                    error(
                        name,
                        format!("`{}` is not a unit ({})", super::quote(unit), known.join(", ")),
                        format!("“{}”不是计量单位（{}）", super::quote(unit), known.join("、")),
                    )
                })?;
                Some((n, unit.to_string()))
            }
        };
        Ok(Imposed { kind, quantity })
    }

    /// A unit by id, name or alias.
    fn unit_named(&self, word: &str) -> Option<&str> {
        self.units()
            .iter()
            .find(|u| {
                u.id == word
                    || u.label.zh.as_deref() == Some(word)
                    || u.label.en.as_deref() == Some(word)
                    || u.aliases.iter().any(|a| a == word)
            })
            .map(|u| u.id.as_str())
    }

    /// A fact's value from its text, typed and validated.
    /// A measured value without its unit, when the unit is the fact's (`4个月`, `80吨/日`, `17天`):
    /// the unit's id, names or aliases; days for a count of days.
    fn without_unit<'v>(&self, fact: &Fact, v: &'v str) -> &'v str {
        // The longest word that ends the value (吨/日 before 日).
        let mut best: Option<&str> = None;
        for w in self.unit_words(fact).filter(|w| !w.is_empty() && v.ends_with(*w)) {
            if best.is_none_or(|b| w.len() > b.len()) {
                best = Some(w);
            }
        }
        best.and_then(|w| v.strip_suffix(w)).map_or(v, str::trim_end)
    }

    /// The words a measured fact's unit is written with: its id, names and aliases.
    fn unit_words<'s>(&'s self, fact: &'s Fact) -> impl Iterator<Item = &'s str> {
        let unit = match (&fact.fact_type, fact.unit.as_deref()) {
            (_, Some(u)) => self.unit(u),
            (FactType::Days, None) => self.unit("days"),
            _ => None,
        };
        fact.unit.iter().map(String::as_str).chain(
            unit.into_iter().flat_map(|u| u.label.zh.iter().chain(&u.label.en).chain(&u.aliases).map(String::as_str)),
        )
    }

    /// Why a measured fact's text is not read: a number in another unit than the fact's (`500 kg`
    /// for tonnes: nothing is converted), or no number.
    fn not_a_number(&self, fact: &Fact, column: &str, v: &str) -> CaseError {
        let split = v.find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-')).unwrap_or(v.len());
        let (number, rest) = (v.get(..split).unwrap_or(v), v.get(split..).unwrap_or_default().trim());
        let unit = fact.unit.as_deref().map(|u| match self.unit(u).and_then(|x| x.label.zh.as_deref()) {
            Some(zh) if zh != u => format!("{u} ({zh})"),
            _ => u.to_string(),
        });
        // Another unit is a word alone (`kg`, `公斤`): not more figures (`1,000 吨`), nor the
        // fact's own unit with words after it (`3 吨左右`).
        let a_unit = !rest.is_empty()
            && rest.chars().all(|c| c.is_alphabetic() || c == '/' || c == '²' || c == '³')
            && !self.unit_words(fact).any(|w| !w.is_empty() && rest.contains(w));
        match unit {
            Some(unit) if a_unit && Decimal::from_str_exact(number).is_ok() => error(
                column,
                format!(
                    "`{}` is in `{}`, but `{}` is measured in {unit}: write the value in that unit (nothing is converted)",
                    super::quote(v),
                    super::quote(rest),
                    fact.id
                ),
                format!(
                    "“{}”的单位是“{}”，而“{}”以 {unit} 计：请按该单位填写（不作换算）",
                    super::quote(v),
                    super::quote(rest),
                    fact.id
                ),
            ),
            _ => error(
                column,
                format!("`{}` is not a number", super::quote(v)),
                format!("“{}”不是数字", super::quote(v)),
            ),
        }
    }

    fn fact_text(&self, id: FactId, column: &str, v: &str, unit: MoneyUnit) -> Result<Value, CaseError> {
        let (Some(fact), Some(info)) = (self.fact_by_id(id), self.compiled().facts.get(id.index())) else {
            return Err(error(column, "not a fact of the rules", "不是规则中的事实"));
        };
        let value = match &fact.fact_type {
            FactType::Amount => Value::Number(unit.amount(v).map_err(|e| error(column, e.to_string(), e.zh()))?),
            FactType::Count | FactType::Days | FactType::Quantity => Value::Number(
                Decimal::from_str_exact(self.without_unit(fact, v)).map_err(|_| self.not_a_number(fact, column, v))?,
            ),
            FactType::Boolean => Value::Flag(parse_flag(v).ok_or_else(|| {
                error(
                    column,
                    format!("`{}` is not yes or no (true/false, 是/否)", super::quote(v)),
                    format!("“{}”不是“是/否”", super::quote(v)),
                )
            })?),
            FactType::Date => {
                let date = parse_date(v).map_err(|e| error(column, e.to_string(), e.zh()))?;
                Value::Number(Decimal::from(date.day_number()))
            }
            FactType::Enum(values) => prepared::word(fact, info, v).map_err(|m| {
                // The values by their Chinese names (their ids where a value has none): the
                // nearest if one is near, else the first 20 and their count, and the fact's id, so that a column
                // read as the wrong fact is seen to be.
                let names: Vec<&str> =
                    values.iter().enumerate().map(|(i, id)| fact.value_name(i, Lang::Zh).unwrap_or(id)).collect();
                let hint = match did_you_mean(v, names.iter().copied()) {
                    Some(near) => format!("；是否指“{near}”？"),
                    None => format!("；可取：{}", crate::table::listed_values(&names, Lang::Zh)),
                };
                let zh = format!(
                    "“{}”不是事实“{}”（{}）的取值{hint}",
                    super::quote(v),
                    fact.label.get_or(Lang::Zh, &fact.id),
                    fact.id
                );
                error(column, m.get(Lang::En), zh)
            })?,
        };
        prepared::validate(fact, value).map_err(|m| {
            let zh = format!(
                "“{}”超出事实“{}”的取值范围：{}",
                super::quote(v),
                fact.label.get_or(Lang::Zh, &fact.id),
                m.get(Lang::Zh)
            );
            error(column, m.get(Lang::En), zh)
        })
    }
}
