//! The closing summary of `check`: counts that reconcile (rows read = assessed + unreadable),
//! verdicts by violation, unit and officer, checks that could not be made, duplicate case ids,
//! and the first unreadable rows in full. Memory is bounded: long lists keep their first
//! entries and count the rest.

use std::collections::BTreeMap;

use discretion::check::{Assessment, Case, CaseCheck, Detail, Verdict};
use discretion::table::Lang;
use serde_json::{Value, json};

use super::report::printable;

/// Case ids named per check not made.
const NOT_MADE_IDS: usize = 5;

/// Unreadable rows and duplicates listed in full; beyond, only counted.
pub(crate) const LISTED: usize = 50;
/// Distinct violations, units and officers counted separately; beyond, pooled as "others".
pub(crate) const GROUPS: usize = 10_000;

/// Verdict counts, and the records that could not be read.
#[derive(Default, Clone, Copy)]
struct Counts {
    compliant: u64,
    incomplete: u64,
    review: u64,
    violation: u64,
    unreadable: u64,
}

impl Counts {
    /// Counts a verdict, or (`None`) a record that could not be read.
    fn add(&mut self, v: Option<Verdict>) {
        match v {
            None => self.unreadable += 1,
            Some(Verdict::Compliant) => self.compliant += 1,
            Some(Verdict::Incomplete) => self.incomplete += 1,
            Some(Verdict::NeedsReview) => self.review += 1,
            // A verdict added later counts where the worst does.
            Some(_) => self.violation += 1,
        }
    }

    fn any(&self) -> bool {
        self.compliant + self.incomplete + self.review + self.violation + self.unreadable > 0
    }

    /// The counts; `unreadable` only where records could not be read (the verdict counts
    /// never have it: the summary counts those records once, at its top).
    fn json(&self) -> Value {
        let mut counts = json!({"compliant": self.compliant, "incomplete": self.incomplete, "needs_review": self.review, "violation": self.violation});
        if let (Some(map), true) = (counts.as_object_mut(), self.unreadable > 0) {
            map.insert("unreadable".into(), self.unreadable.into());
        }
        counts
    }
}

/// Counts by a key (violation, unit, officer): hashed while counting, sorted when shown.
#[derive(Default)]
struct Grouped {
    counts: rustc_hash::FxHashMap<String, Counts>,
    others: Counts,
}

impl Grouped {
    fn add(&mut self, key: &str, v: Option<Verdict>) {
        if let Some(c) = self.counts.get_mut(key) {
            c.add(v);
        } else if self.counts.len() < GROUPS {
            let mut c = Counts::default();
            c.add(v);
            self.counts.insert(key.to_string(), c);
        } else {
            self.others.add(v);
        }
    }

    /// The counts in key order.
    fn sorted(&self) -> Vec<(&String, &Counts)> {
        let mut v: Vec<_> = self.counts.iter().collect();
        v.sort_unstable_by(|a, b| a.0.cmp(b.0));
        v
    }

    fn json(&self) -> Value {
        let mut map: serde_json::Map<String, Value> =
            self.sorted().into_iter().map(|(k, c)| (k.clone(), c.json())).collect();
        if self.others.any() {
            map.insert("(others)".into(), self.others.json());
        }
        Value::Object(map)
    }
}

/// A repeated case id: the id, the file and line of the repeat, and where the id was first met.
struct Repeat {
    id: String,
    file: String,
    line: u64,
    first: Option<(String, u64)>,
}

/// Which finding says a check was not made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum NotMadeKind {
    /// C041: the lawfulness of the decision rests on it (the case is incomplete).
    Undecided,
    /// C027: a note.
    Note,
}

/// Everything counted over a run.
#[derive(Default)]
pub(crate) struct Tally {
    pub read: u64,
    pub assessed: u64,
    verdicts: Counts,
    unreadable: Unreadable,
    /// Per finding that says a check was not made (C041 before C027: one makes the case
    /// incomplete, the other is a note) and per check: the cases, and the first few ids.
    not_made: BTreeMap<(NotMadeKind, &'static str), (u64, Vec<String>)>,
    /// Bands adjusted (C030), by the adjustment's id: how many, and its Chinese name.
    adjusted: BTreeMap<String, (u64, String)>,
    by_violation: Grouped,
    by_unit: Grouped,
    by_officer: Grouped,
    /// The key an officer is counted under, made here.
    officer_key: String,
    ids: super::ids::SeenIds,
    duplicates: u64,
    /// The first [`LISTED`] repeats.
    duplicate_list: Vec<Repeat>,
    /// The encoding detected for each file.
    pub encodings: Vec<(String, &'static str)>,
    /// What made the run: the tool's version and the rules' fingerprint.
    pub provenance: Option<discretion::table::Provenance>,
}

/// Unreadable rows: the first [`LISTED`] in full (file, line, reason), the rest counted — so
/// that dirty files keep memory bounded and every row is still accounted for.
#[derive(Debug, Default)]
pub(crate) struct Unreadable {
    count: u64,
    listed: Vec<(String, u64, String)>,
}

impl Unreadable {
    pub(crate) fn add(&mut self, file: &str, line: u64, reason: &str) {
        self.count += 1;
        if self.listed.len() < LISTED {
            self.listed.push((file.to_string(), line, reason.to_string()));
        }
    }

    /// How many there were.
    pub(crate) fn count(&self) -> u64 {
        self.count
    }

    /// The rows listed (file, line, reason): the first [`LISTED`].
    pub(crate) fn listed(&self) -> &[(String, u64, String)] {
        &self.listed
    }

    /// The rows listed, as `{file, line, reason}` (the first ones; `count` says how many).
    pub(crate) fn rows(&self) -> Vec<serde_json::Value> {
        self.listed
            .iter()
            .map(|(file, line, reason)| serde_json::json!({"file": file, "line": line, "reason": reason}))
            .collect()
    }

    /// One line per listed row, then how many more.
    pub(crate) fn render(&self, lang: Lang, s: &mut String) {
        let zh = lang == Lang::Zh;
        for (file, line, reason) in &self.listed {
            let reason = printable(reason);
            s.push_str(&if zh {
                format!("  无法读取 {file}:{line}：{reason}\n")
            } else {
                format!("  unreadable {file}:{line}: {reason}\n")
            });
        }
        let more = self.count.saturating_sub(self.listed.len() as u64);
        if more > 0 {
            s.push_str(&if zh {
                format!("  另有 {more} 行无法读取\n")
            } else {
                format!("  … and {more} more unreadable rows\n")
            });
        }
    }
}

impl Tally {
    pub(crate) fn violations(&self) -> u64 {
        self.verdicts.violation
    }

    /// How many rows were unreadable.
    pub(crate) fn unreadable(&self) -> u64 {
        self.unreadable.count()
    }

    /// Readies the index for the ids [`Tally::duplicate`] is about to be asked about.
    pub(crate) fn expect<'a>(&self, ids: impl Iterator<Item = (&'a str, super::ids::Decides<'a>)>) {
        self.ids.expect(ids);
    }

    /// Whether the id was seen before deciding the same (`Some`), with where it was first met.
    pub(crate) fn duplicate(
        &mut self,
        id: &str,
        decides: super::ids::Decides<'_>,
        file: &str,
        line: u64,
    ) -> Option<Option<(String, u64)>> {
        let first = self.ids.see(id, decides, file, line)?.map(|(f, l)| (f.to_string(), l));
        self.duplicates += 1;
        if self.duplicate_list.len() < LISTED {
            let repeat = Repeat { id: id.to_string(), file: file.to_string(), line, first: first.clone() };
            self.duplicate_list.push(repeat);
        }
        Some(first)
    }

    /// Counts a record that could not be read; `case`: what of it was read (its id, unit and
    /// officer, when the record gives them).
    pub(crate) fn add_unreadable(&mut self, file: &str, line: u64, case: &Case, reason: &str) {
        self.read += 1;
        self.unreadable.add(file, line, reason);
        self.add_by_whom(case, None);
    }

    /// Counts an outcome (`None`: unreadable) under the case's unit and officer ("-": none).
    /// An officer is one of a unit (`佛山市生态环境局 / 张三`): two units may each have a 张三,
    /// and counting them as one (as the audit once did) tells a reader nothing true.
    fn add_by_whom(&mut self, case: &Case, v: Option<Verdict>) {
        self.by_unit.add(case.unit.as_deref().unwrap_or("-"), v);
        match (case.unit.as_deref(), case.officer.as_deref()) {
            (Some(unit), Some(officer)) => {
                // Made in a buffer kept for it: this is done for every record.
                self.officer_key.clear();
                self.officer_key.extend([unit, " / ", officer]);
                self.by_officer.add(&self.officer_key, v);
            }
            (None, officer) => self.by_officer.add(officer.unwrap_or("-"), v),
            (Some(_), None) => self.by_officer.add("-", v),
        }
    }

    pub(crate) fn add(&mut self, case: &Case, a: &Assessment<'_>) {
        self.read += 1;
        self.assessed += 1;
        self.verdicts.add(Some(a.verdict));
        let mut counted: Vec<(NotMadeKind, &'static str)> = Vec::new();
        for f in &a.findings {
            let kind = if f.check == CaseCheck::OutcomeUndecided { NotMadeKind::Undecided } else { NotMadeKind::Note };
            match &f.detail {
                // Once per case, however many of its findings say it.
                Detail::NotMade { check, .. } if !counted.contains(&(kind, check.code())) => {
                    counted.push((kind, check.code()));
                    let entry = self.not_made.entry((kind, check.code())).or_default();
                    entry.0 += 1;
                    if entry.1.len() < NOT_MADE_IDS {
                        entry.1.push(case.id.clone());
                    }
                }
                Detail::Adjusted { adjustment, .. } => {
                    if let Some((n, _)) = self.adjusted.get_mut(adjustment.id.as_str()) {
                        *n += 1;
                    } else if self.adjusted.len() < GROUPS {
                        let zh = adjustment.label.get_or(Lang::Zh, &adjustment.id).to_string();
                        self.adjusted.insert(adjustment.id.clone(), (1, zh));
                    }
                }
                _ => {}
            }
        }
        let violation = a.violation.map_or(case.violation.as_str(), |v| v.id.as_str());
        self.by_violation.add(violation, Some(a.verdict));
        self.add_by_whom(case, Some(a.verdict));
    }

    /// The reconciling count line.
    pub(crate) fn headline(&self, lang: Lang) -> String {
        let v = &self.verdicts;
        match lang {
            Lang::En => format!(
                "{} read = {} assessed + {} unreadable; {} compliant, {} incomplete, {} need review, {}",
                super::english(self.read, "row", "rows"),
                self.assessed,
                self.unreadable.count(),
                v.compliant,
                v.incomplete,
                v.review,
                super::english(v.violation, "violation", "violations")
            ),
            Lang::Zh => format!(
                "读取 {} 行 = 评查 {} + 无法读取 {}；合规 {}，信息不全 {}，需复核 {}，违法 {}",
                self.read,
                self.assessed,
                self.unreadable.count(),
                v.compliant,
                v.incomplete,
                v.review,
                v.violation
            ),
        }
    }

    fn table(title: &str, g: &Grouped, lang: Lang, out: &mut String) {
        if g.counts.is_empty() {
            return;
        }
        out.push_str(title);
        out.push('\n');
        let others =
            g.others.any().then(|| (if lang == Lang::Zh { "（其他）" } else { "(others)" }.to_string(), g.others));
        for (k, c) in g.sorted().into_iter().map(|(k, c)| (k.clone(), *c)).chain(others) {
            let line = match lang {
                Lang::En => format!(
                    "  {}: {} compliant, {} incomplete, {} need review, {}",
                    printable(&k),
                    c.compliant,
                    c.incomplete,
                    c.review,
                    super::english(c.violation, "violation", "violations")
                ),
                Lang::Zh => {
                    format!(
                        "  {}：合规 {}，信息不全 {}，需复核 {}，违法 {}",
                        printable(&k),
                        c.compliant,
                        c.incomplete,
                        c.review,
                        c.violation
                    )
                }
            };
            out.push_str(&line);
            if c.unreadable > 0 {
                out.push_str(&match lang {
                    Lang::En => format!(", {} unreadable", c.unreadable),
                    Lang::Zh => format!("，无法读取 {}", c.unreadable),
                });
            }
            out.push('\n');
        }
    }

    /// The whole summary in text.
    pub(crate) fn text(&self, lang: Lang) -> String {
        let zh = lang == Lang::Zh;
        let mut s = String::new();
        if let Some(p) = &self.provenance {
            s.push_str(&p.line(lang));
            s.push('\n');
        }
        s.push_str(&encoding_lines(&self.encodings, lang));
        Self::table(if zh { "按违法行为：" } else { "by violation:" }, &self.by_violation, lang, &mut s);
        if self.by_unit.counts.keys().any(|k| k != "-") {
            Self::table(if zh { "按执法单位：" } else { "by unit:" }, &self.by_unit, lang, &mut s);
        }
        if self.by_officer.counts.keys().any(|k| k != "-") {
            Self::table(if zh { "按承办人：" } else { "by officer:" }, &self.by_officer, lang, &mut s);
        }
        if !self.adjusted.is_empty() {
            s.push_str(if zh {
                "按基准规则调整幅度（C030）：\n"
            } else {
                "bands adjusted by rules of the tables (C030):\n"
            });
            for (id, (n, zh_name)) in &self.adjusted {
                // Two rules of one name (in two tables) are told apart by their ids.
                let shared = self.adjusted.values().filter(|(_, other)| other == zh_name).count() > 1;
                let zh_name = if shared { format!("{zh_name}（{id}）") } else { zh_name.clone() };
                // In Chinese by the rule's name, as the C030 lines give it.
                s.push_str(&if zh {
                    format!("  {}：{n}\n", printable(&zh_name))
                } else {
                    format!("  {}: {n}\n", printable(id))
                });
            }
        }
        for kind in [NotMadeKind::Undecided, NotMadeKind::Note] {
            let mut entries = self.not_made.iter().filter(|((k, _), _)| *k == kind).peekable();
            if entries.peek().is_none() {
                continue;
            }
            s.push_str(match (kind, zh) {
                (NotMadeKind::Undecided, true) => "因数据未记载无法判定是否合法（C041）：\n",
                (NotMadeKind::Undecided, false) => "lawfulness undecided, data not recorded (C041):\n",
                (NotMadeKind::Note, true) => "因数据未记载未能检查（C027）：\n",
                (NotMadeKind::Note, false) => "checks not made, data not recorded (C027):\n",
            });
            for ((_, code), (n, ids)) in entries {
                let title = CaseCheck::ALL
                    .iter()
                    .find(|c| c.code() == *code)
                    .map_or("", |c| if zh { c.title_zh() } else { c.title() });
                let more = if *n > ids.len() as u64 { if zh { "等" } else { ", …" } } else { "" };
                let ids: Vec<String> = ids.iter().map(|i| printable(i).into_owned()).collect();
                let sep = if zh { "、" } else { ", " };
                s.push_str(&if zh {
                    format!("  {code} {title}：{n}（{}{more}）\n", ids.join(sep))
                } else {
                    format!("  {code} {title}: {n} ({}{more})\n", ids.join(sep))
                });
            }
        }
        // Under their own heading: they are not checks left unmade.
        if self.duplicates > 0 {
            s.push_str(&if zh {
                format!("案号重复（{}处）：\n", self.duplicates)
            } else {
                format!("duplicate case ids ({}):\n", self.duplicates)
            });
        }
        for Repeat { id, file, line, first } in &self.duplicate_list {
            let id = printable(id);
            let first = match (first, zh) {
                (Some((f, l)), false) => format!(" (first at {f}:{l})"),
                (Some((f, l)), true) => format!("（首次出现于 {f}:{l}）"),
                (None, _) => String::new(),
            };
            s.push_str(&if zh {
                format!("  {file}:{line}：{id}{first}\n")
            } else {
                format!("  {file}:{line}: {id}{first}\n")
            });
        }
        if self.duplicates > LISTED as u64 {
            let more = self.duplicates - LISTED as u64;
            s.push_str(&if zh { format!("  ……另有 {more} 处\n") } else { format!("  … and {more} more\n") });
        }
        s.push_str(&self.headline(lang));
        s.push('\n');
        self.unreadable.render(lang, &mut s);
        s
    }

    /// How many cases each check was left unmade for, by the finding that says so.
    fn not_made_counts(&self, kind: NotMadeKind) -> BTreeMap<&'static str, u64> {
        self.not_made.iter().filter(|((k, _), _)| *k == kind).map(|((_, code), (n, _))| (*code, *n)).collect()
    }

    /// The summary as JSON.
    pub(crate) fn json(&self) -> Value {
        json!({
            "provenance": self.provenance,
            "rows_read": self.read,
            "assessed": self.assessed,
            "unreadable": self.unreadable.count(),
            "verdicts": self.verdicts.json(),
            "checks_not_made": self.not_made_counts(NotMadeKind::Note),
            "lawfulness_undecided": self.not_made_counts(NotMadeKind::Undecided),
            "adjustments": self.adjusted.iter().map(|(id, (n, _))| (id, *n)).collect::<BTreeMap<_, _>>(),
            "duplicate_case_ids": self.duplicates,
            "by_violation": self.by_violation.json(),
            "by_unit": self.by_unit.json(),
            "by_officer": self.by_officer.json(),
            "encodings": self.encodings.iter().map(|(f, e)| json!({"file": f, "encoding": e})).collect::<Vec<_>>(),
        })
    }
}

/// How each file was read, a line each (`check`'s summary and `audit`'s standard error): a GBK
/// export read as UTF-8 is seen at once.
pub(crate) fn encoding_lines(encodings: &[(String, &'static str)], lang: Lang) -> String {
    encodings
        .iter()
        .map(|(file, enc)| match (lang, *enc == SPREADSHEET) {
            (Lang::Zh, false) => format!("{file}：编码 {enc}\n"),
            (Lang::En, false) => format!("{file}: encoding {enc}\n"),
            // A workbook has no text encoding to name ("encoding spreadsheet" said nothing).
            (Lang::Zh, true) => format!("{file}：按电子表格读取\n"),
            (Lang::En, true) => format!("{file}: read as a spreadsheet\n"),
        })
        .collect()
}

/// What [`encoding_lines`] is given for a spreadsheet, which is read as cells, not as text.
pub(crate) const SPREADSHEET: &str = "spreadsheet";
