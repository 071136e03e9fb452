//! Collecting assessed cases for the audit, compactly: about 50 bytes per case plus its id and
//! the facts its violation reads, ids interned, numbers in fixed point, no heap string per
//! case — so that ten million cases fit in well under a gigabyte.

use std::hash::{Hash, Hasher};

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use rustc_hash::{FxHashMap, FxHasher};

use super::config::AuditConfig;
use super::normalise::{self, PositionScale};
use crate::check::{Assessment, Detail, PreparedCase};
use crate::table::{Addressee, Benchmark, FactId, Range, Value};

/// Facts as fixed-point numbers: 4 decimal places.
pub(crate) const FACT_SCALE: u32 = 4;
/// A fact the case does not give.
pub(crate) const MISSING: i64 = i64::MIN;
/// No unit or officer recorded.
pub(crate) const NONE: u32 = u32::MAX;

/// Why a record takes no part in the comparisons. Each is counted and its cases listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum NotComparable {
    /// The record could not be read.
    Unreadable,
    /// No band: the violation is unknown, no table is in force, or the level cannot be decided.
    NoBand,
    /// The band has no upper end, so there is nothing to measure a position against.
    OpenBand,
    /// No fine is recorded (no decision, or a decision without a fine).
    NoFine,
    /// Neither the decision nor the act is dated, so no time window applies.
    NoDate,
    /// An amount too large for the audit's fixed-point numbers.
    TooLarge,
}

impl NotComparable {
    /// Every reason, in report order.
    pub const ALL: [NotComparable; 6] = [
        NotComparable::Unreadable,
        NotComparable::NoBand,
        NotComparable::OpenBand,
        NotComparable::NoFine,
        NotComparable::NoDate,
        NotComparable::TooLarge,
    ];

    /// What it means, in English and Chinese.
    pub fn describe(self, lang: crate::table::Lang) -> &'static str {
        use crate::table::Lang::{En, Zh};
        match (self, lang) {
            (NotComparable::Unreadable, En) => "unreadable",
            (NotComparable::Unreadable, Zh) => "无法读取",
            (NotComparable::NoBand, En) => "no band (unknown violation, no table in force, or level undecided)",
            (NotComparable::NoBand, Zh) => "无裁量幅度（违法行为未知、无有效基准或阶次无法确定）",
            (NotComparable::OpenBand, En) => "band without an upper end",
            (NotComparable::OpenBand, Zh) => "裁量幅度无上限",
            (NotComparable::NoFine, En) => "no fine recorded",
            (NotComparable::NoFine, Zh) => "未记录罚款",
            (NotComparable::NoDate, En) => "no decision or act date",
            (NotComparable::NoDate, Zh) => "无决定日期或行为日期",
            (NotComparable::TooLarge, En) => "amount too large to compare",
            (NotComparable::TooLarge, Zh) => "金额过大，无法比较",
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
    /// The first year of the window.
    pub window: i32,
    /// The table's adjustments that changed the band (bit i: adjustment i): a case reduced for
    /// an apology is compared with other such cases, not with unreduced ones.
    pub adjusted: u64,
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
    pub scale: PositionScale,
}

/// The facts recorded in a group's cases, as one table: a column per fact (the union of the
/// facts any member records, in fact-id order), a row per member, [`MISSING`] where a case
/// does not give the fact.
#[derive(Debug, Clone)]
pub(crate) struct GroupFacts {
    /// Column indexes of numeric facts, the main one (the first the violation reads) first.
    pub numeric: Vec<usize>,
    /// Column indexes of yes/no and enum facts.
    pub categorical: Vec<usize>,
    width: usize,
    values: Vec<i64>,
}

impl GroupFacts {
    /// The facts of member `row`.
    pub fn row(&self, row: usize) -> &[i64] {
        let start = row.saturating_mul(self.width);
        self.values.get(start..start.saturating_add(self.width)).unwrap_or(&[])
    }

    /// One fact of a member.
    pub fn get(&self, row: usize, column: usize) -> i64 {
        self.row(row).get(column).copied().unwrap_or(MISSING)
    }
}

/// One comparable case.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Record {
    pub id: u32,
    pub group: u32,
    pub unit: u32,
    pub officer: u32,
    /// Position in micro-units ([`super::stats::UNIT`] = the top of the band).
    pub position: i64,
    /// The fine in fen (0.01 yuan).
    pub fine: i64,
    /// Offset of its facts in `Collected::fact_ids` / `fact_values`.
    pub facts: u32,
    /// How many facts it records.
    pub fact_count: u16,
    /// A hash of every fact the case records and its party: equal for cases with the same facts.
    pub signature: u64,
    /// A hash of its id: orders ties without depending on the input order.
    pub key: u64,
    /// What `check` said of it.
    pub verdict: crate::check::Verdict,
}

/// Strings stored once, by number.
#[derive(Debug, Default)]
pub(crate) struct Interner {
    index: FxHashMap<String, u32>,
    pub names: Vec<String>,
}

impl Interner {
    pub fn get(&mut self, s: &str) -> u32 {
        if let Some(i) = self.index.get(s) {
            return *i;
        }
        let i = u32::try_from(self.names.len()).unwrap_or(NONE - 1);
        self.index.insert(s.to_string(), i);
        self.names.push(s.to_string());
        i
    }
}

/// Case ids, one string arena.
#[derive(Debug, Default)]
pub(crate) struct Ids {
    text: String,
    ends: Vec<u32>,
}

impl Ids {
    pub fn push(&mut self, id: &str) -> u32 {
        let n = u32::try_from(self.ends.len()).unwrap_or(u32::MAX);
        self.text.push_str(id);
        self.ends.push(u32::try_from(self.text.len()).unwrap_or(u32::MAX));
        n
    }

    pub fn get(&self, i: u32) -> &str {
        let i = i as usize;
        let start = i.checked_sub(1).and_then(|p| self.ends.get(p)).copied().unwrap_or(0) as usize;
        let end = self.ends.get(i).copied().unwrap_or(0) as usize;
        self.text.get(start..end).unwrap_or("")
    }
}

/// Cases that take no part, per reason: the count and the smallest ids (so that the listing
/// does not depend on the input order).
#[derive(Debug, Default, Clone)]
pub(crate) struct Excluded {
    pub count: u64,
    pub ids: std::collections::BTreeSet<String>,
}

/// Everything collected, before the analysis.
pub(crate) struct Collected<'r> {
    pub rules: &'r Benchmark,
    pub config: AuditConfig,
    pub records: Vec<Record>,
    pub groups: Vec<Group>,
    group_index: FxHashMap<GroupKey, u32>,
    pub fact_ids: Vec<FactId>,
    pub fact_values: Vec<i64>,
    pub ids: Ids,
    pub units: Interner,
    pub officers: Interner,
    pub excluded: std::collections::BTreeMap<NotComparable, Excluded>,
    pub read: u64,
    pub divergence: super::characterisation::Divergences,
}

/// Most ids listed per reason for not comparing.
const LISTED: usize = 50;

/// A decimal in fixed point with `scale` places, if it fits.
pub(crate) fn fixed(x: Decimal, scale: u32) -> Option<i64> {
    x.checked_mul(Decimal::from(10i64.pow(scale)))?.round().to_i64()
}

impl<'r> Collected<'r> {
    pub fn new(rules: &'r Benchmark, config: AuditConfig) -> Collected<'r> {
        Collected {
            rules,
            config,
            records: Vec::new(),
            groups: Vec::new(),
            group_index: FxHashMap::default(),
            fact_ids: Vec::new(),
            fact_values: Vec::new(),
            ids: Ids::default(),
            units: Interner::default(),
            officers: Interner::default(),
            excluded: std::collections::BTreeMap::new(),
            read: 0,
            divergence: Default::default(),
        }
    }

    pub fn exclude(&mut self, reason: NotComparable, id: &str) {
        self.read += 1;
        let e = self.excluded.entry(reason).or_default();
        e.count += 1;
        if e.ids.len() < LISTED {
            e.ids.insert(id.to_string());
        } else if e.ids.last().is_some_and(|last| id < last.as_str()) {
            e.ids.pop_last();
            e.ids.insert(id.to_string());
        }
    }

    /// Adds one assessed case (or says why it is not comparable).
    pub fn add(&mut self, prepared: &PreparedCase<'r>, a: &Assessment<'r>) {
        let case = prepared.case();
        let id = case.id.as_str();
        // Without a date no table version or window applies: said first, as the cause.
        let Some(date) = case.decided.or(case.act_date()) else {
            return self.exclude(NotComparable::NoDate, id);
        };
        let (Some(group), Some(violation), Some(level), Some(band)) = (prepared.group, a.violation, a.level, a.band)
        else {
            return self.exclude(NotComparable::NoBand, id);
        };
        let Some(fine) = a.fine.filter(|_| case.decision.fine.is_some()) else {
            return self.exclude(NotComparable::NoFine, id);
        };
        let Some((position, scale)) = normalise::position(fine, &band, self.config.log_ratio) else {
            return self
                .exclude(if band.max.is_none() { NotComparable::OpenBand } else { NotComparable::TooLarge }, id);
        };
        let (Some(fine_fen), Some(position)) = (fixed(fine, 2), normalise::micro(position)) else {
            return self.exclude(NotComparable::TooLarge, id);
        };
        let refs = self.rules.group_refs(group);
        let Some((version, &(table, vi))) = refs.iter().enumerate().find(|(_, (t, v))| {
            self.rules.tables().get(*t).and_then(|t| t.violations.get(*v)).is_some_and(|x| std::ptr::eq(x, violation))
        }) else {
            return self.exclude(NotComparable::NoBand, id);
        };
        let years = i32::from(self.config.window_years.max(1));
        let window = i32::from(date.year()).div_euclid(years) * years;
        let adjustments = self.rules.tables().get(table).map(|t| t.adjustments.as_slice()).unwrap_or_default();
        let adjusted = a
            .findings
            .iter()
            .filter_map(|f| match &f.detail {
                Detail::Adjusted { adjustment, to: Some(_), .. } => {
                    adjustments.iter().position(|x| std::ptr::eq(x, *adjustment))
                }
                _ => None,
            })
            .fold(0u64, |mask, i| mask | 1u64.checked_shl(i as u32).unwrap_or(0));
        let key = GroupKey {
            violation: group as u32,
            version: version as u32,
            addressee: a.addressee as u8,
            level: level as u32,
            window,
            adjusted,
        };
        let g = match self.group_index.get(&key) {
            Some(&g) => {
                if let Some(info) = self.groups.get_mut(g as usize) {
                    if info.band.is_some_and(|b| b != band) {
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
                    scale,
                });
                self.group_index.insert(key, g);
                g
            }
        };
        let offset = self.fact_ids.len() as u32;
        let facts = prepared.facts();
        let mut count = 0u16;
        for (fact, value) in facts.iter().take(usize::from(u16::MAX)) {
            let v = match value {
                Value::Number(n) => fixed(n, FACT_SCALE).unwrap_or(MISSING),
                Value::Flag(b) => i64::from(b),
                Value::Word(w) => i64::from(w),
            };
            self.fact_ids.push(fact);
            self.fact_values.push(v);
            count += 1;
        }
        let mut h = FxHasher::default();
        for (f, v) in facts.iter() {
            f.hash(&mut h);
            v.hash(&mut h);
        }
        case.party.hash(&mut h);
        let mut key = FxHasher::default();
        id.hash(&mut key);
        let record = Record {
            verdict: a.verdict,
            key: key.finish(),
            id: self.ids.push(id),
            group: g,
            unit: case.unit.as_deref().map_or(NONE, |u| self.units.get(u)),
            officer: case.officer.as_deref().map_or(NONE, |o| self.officers.get(o)),
            position,
            fine: fine_fen,
            facts: offset,
            fact_count: count,
            signature: h.finish(),
        };
        self.records.push(record);
        self.read += 1;
        let statute =
            self.rules.compiled().tables.get(table).and_then(|t| t.violations.get(vi)).and_then(|v| v.statute);
        if let Some(si) = statute {
            self.divergence.add(self.rules, prepared, a, (group, table, si));
        }
    }

    /// A stable key of a record: the hash of its id (ties broken without the input order).
    pub fn key(&self, r: &Record) -> u64 {
        r.key
    }

    /// Two records by their case ids.
    pub fn ids_cmp(&self, a: u32, b: u32) -> std::cmp::Ordering {
        let id = |i: u32| self.records.get(i as usize).map_or("", |r| self.ids.get(r.id));
        id(a).cmp(id(b))
    }

    /// The facts of a group's members (`members`, in order) as one table.
    pub fn group_facts(&self, group: usize, members: &[u32]) -> GroupFacts {
        let kinds = &self.rules.compiled().facts;
        let numeric_kind = |f: FactId| {
            kinds.get(f.index()).is_some_and(|i| {
                matches!(
                    i.kind,
                    crate::table::compiled::FactKind::Number { .. } | crate::table::compiled::FactKind::Date
                )
            })
        };
        let facts_of = |r: &Record| {
            let start = r.facts as usize;
            let end = start + usize::from(r.fact_count);
            (self.fact_ids.get(start..end).unwrap_or(&[]), self.fact_values.get(start..end).unwrap_or(&[]))
        };
        // The union of the members' facts: a handful, so a small sorted list.
        let mut columns: Vec<FactId> = Vec::new();
        for r in members.iter().filter_map(|&m| self.records.get(m as usize)) {
            for f in facts_of(r).0 {
                if let Err(at) = columns.binary_search(f) {
                    columns.insert(at, *f);
                }
            }
        }
        // The main numeric fact: the first the violation itself reads, else the first recorded.
        let read = self
            .groups
            .get(group)
            .and_then(|g| self.rules.compiled().tables.get(g.table)?.violations.get(g.violation_index))
            .and_then(|v| {
                let addressee = self.groups.get(group).map_or(Addressee::Party, |g| {
                    if g.key.addressee == 0 { Addressee::Party } else { Addressee::ResponsiblePersons }
                });
                v.scheme(addressee).map(|s| s.facts_read())
            })
            .unwrap_or_default();
        let mut numeric: Vec<usize> =
            (0..columns.len()).filter(|&i| columns.get(i).is_some_and(|f| numeric_kind(*f))).collect();
        if let Some(p) = numeric.iter().position(|&i| columns.get(i).is_some_and(|f| read.contains(f))) {
            let main = numeric.remove(p);
            numeric.insert(0, main);
        }
        let categorical = (0..columns.len()).filter(|&i| columns.get(i).is_some_and(|f| !numeric_kind(*f))).collect();
        let width = columns.len();
        let mut values = vec![MISSING; width.saturating_mul(members.len())];
        for (row, r) in members.iter().filter_map(|&m| self.records.get(m as usize)).enumerate() {
            let (ids, vals) = facts_of(r);
            for (f, v) in ids.iter().zip(vals) {
                if let Ok(col) = columns.binary_search(f)
                    && let Some(slot) = values.get_mut(row * width + col)
                {
                    *slot = *v;
                }
            }
        }
        GroupFacts { numeric, categorical, width, values }
    }
}
