//! [`Benchmark`]: a loaded, validated, compiled set of tables, statutes, facts and factors.

use rustc_hash::FxHashMap as HashMap;
use std::path::Path;
use std::sync::Arc;

use super::compiled::{Compiled, FactId};
use super::error::LoadError;
use super::load::{self, Source};
use super::model::*;
use super::resolve::Resolved;
use super::source::SourceFile;
use crate::Date;

/// A loaded and validated set of benchmark tables with the statutes, facts and factors they
/// use, compiled for evaluation. Cheap to clone and share between threads (`Send + Sync`, one
/// `Arc` inside); lookups by id are O(1). Loading is the only I/O it does.
///
/// ```
/// use discretion::Benchmark;
/// let b = Benchmark::from_path("rules").unwrap();
/// let (table, violation) = b.violation("gd-env.2.7.1").unwrap();
/// assert_eq!(table.id, "gd-env-fines");
/// assert_eq!(violation.statute, "water-pollution-law.83.2");
/// ```
#[derive(Debug, Clone)]
pub struct Benchmark {
    inner: Arc<Inner>,
}

/// What made a report ([`Benchmark::provenance`]).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[non_exhaustive]
pub struct Provenance {
    /// `discretion`.
    pub tool: &'static str,
    /// The crate's version.
    pub version: &'static str,
    /// The rules' [fingerprint](Benchmark::fingerprint): `sha256:…`.
    pub rules: String,
    /// How many files the rules were read from.
    pub rules_files: usize,
}

impl Provenance {
    /// One line: `discretion 0.1.0, rules sha256:0123456789ab… (41 files)` (the first 12 hex
    /// digits; the reports carry all 64), in `lang`.
    pub fn line(&self, lang: super::Lang) -> String {
        let short = self.rules.get(..7 + 12).unwrap_or(&self.rules);
        match lang {
            super::Lang::Zh => format!("{} {}，规则 {short}…（{} 个文件）", self.tool, self.version, self.rules_files),
            _ => format!(
                "{} {}, rules {short}… ({} file{})",
                self.tool,
                self.version,
                self.rules_files,
                if self.rules_files == 1 { "" } else { "s" }
            ),
        }
    }
}

/// A violation as defined by one version of its table: `(table index, violation index)`.
pub(crate) type VersionRef = (usize, usize);

#[derive(Debug)]
struct Inner {
    tables: Vec<Table>,
    statutes: Vec<Statute>,
    facts: Vec<Fact>,
    units: Vec<Unit>,
    factor_sets: Vec<FactorSet>,
    files: Vec<SourceFile>,
    compiled: Compiled,
    /// Violation id → group; each group lists the versions, newest table version first.
    violation_index: HashMap<String, usize>,
    groups: Vec<Vec<VersionRef>>,
    /// Per group, the `(table, exemption)` entries that name the violation.
    group_exemptions: Vec<Vec<(usize, usize)>>,
    statute_index: HashMap<String, usize>,
    /// Table id → its versions, in file order.
    table_index: HashMap<String, Vec<usize>>,
    /// Violation names (Chinese, English) and aliases → groups that use them.
    violation_names: HashMap<String, Vec<usize>>,
    /// Factor id → every (set or table, factor) defining it, newest set version first.
    factor_index: HashMap<String, Vec<FactorRef>>,
    /// What each factor presumes of the facts (`presumes:`), compiled: by where it is defined.
    factor_presumes: HashMap<FactorRef, crate::table::compiled::CCond>,
    /// What was not read under the directories given, and why.
    skipped: Vec<super::Problem>,
    /// Per group, the pairs of neighbouring characters of its newest version's Chinese name,
    /// sorted: what a name written near it is compared by (made when first needed).
    name_pairs: std::sync::OnceLock<Vec<Vec<(char, char)>>>,
    /// The violations suggested for names not in the rules, by name and tables named (see
    /// `violations_near`): a file repeats its unknown names on many rows, and working one out
    /// costs about 100 µs against a check's 2. At most [`NEAR_NAMES_KEPT`] names.
    near_names: std::sync::Mutex<HashMap<String, Vec<(String, Text)>>>,
    fingerprint: std::sync::OnceLock<String>,
}

/// Most names not in the rules whose suggestions are kept (see `Inner::near_names`); past
/// them, suggestions are worked out each time.
pub(crate) const NEAR_NAMES_KEPT: usize = 4096;

/// Where a factor is defined.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum FactorRef {
    Set(usize, usize),
    Table(usize, usize),
}

impl Benchmark {
    pub(crate) fn new(r: Resolved, mut files: Vec<SourceFile>) -> Benchmark {
        let Resolved { tables, statutes, facts, units, factor_sets } = r;
        let mut violation_index: HashMap<String, usize> = HashMap::default();
        let mut groups: Vec<Vec<VersionRef>> = Vec::new();
        for (ti, t) in tables.iter().enumerate() {
            for (vi, v) in t.violations.iter().enumerate() {
                let g = *violation_index.entry(v.id.clone()).or_insert_with(|| {
                    groups.push(Vec::new());
                    groups.len() - 1
                });
                if let Some(list) = groups.get_mut(g) {
                    list.push((ti, vi));
                }
            }
        }
        // Newest version first, so that `violation(id)` gives the current one.
        for list in &mut groups {
            list.sort_by_key(|(ti, _)| std::cmp::Reverse(tables.get(*ti).map(|t| t.effective.from)));
        }
        let statute_index: HashMap<String, usize> =
            statutes.iter().enumerate().map(|(i, s)| (s.id.clone(), i)).collect();
        let mut violation_names: HashMap<String, Vec<usize>> = HashMap::default();
        for t in &tables {
            let of_table: std::collections::HashSet<&str> = t.violations.iter().flat_map(whole_names).collect();
            for v in &t.violations {
                let Some(g) = violation_index.get(&v.id).copied() else { continue };
                // A name's head before its parenthetical too: "未批先建（环境影响报告书、报告表
                // 未经批准擅自开工建设）" is written "未批先建", which is also Jiangmen's whole name
                // for its 1-1 — taken alone it named Jiangmen's without a word. Not a head that
                // is a whole name of the same table: Guangdong's §3.2.2 is named what §2.5.2's
                // name says before "（水污染物）", and a table's own name for it comes first.
                let labels = v.label.zh.iter().chain(&v.label.en);
                let heads = labels.filter_map(|n| name_head(n)).filter(|h| !of_table.contains(h));
                for n in whole_names(v).chain(heads) {
                    let list = violation_names.entry(n.to_string()).or_default();
                    if !list.contains(&g) {
                        list.push(g);
                    }
                }
            }
        }
        let mut factor_index: HashMap<String, Vec<FactorRef>> = HashMap::default();
        let mut set_order: Vec<usize> = (0..factor_sets.len()).collect();
        set_order.sort_by_key(|i| {
            std::cmp::Reverse(factor_sets.get(*i).and_then(|s| s.effective).map(|p| p.from).unwrap_or(Date::MIN))
        });
        for si in set_order {
            for (fi, f) in factor_sets.get(si).map(|s| s.factors.as_slice()).unwrap_or_default().iter().enumerate() {
                factor_index.entry(f.id.clone()).or_default().push(FactorRef::Set(si, fi));
            }
        }
        for (ti, t) in tables.iter().enumerate() {
            for (fi, f) in t.factors.iter().enumerate() {
                factor_index.entry(f.id.clone()).or_default().push(FactorRef::Table(ti, fi));
            }
        }
        let compiled = Compiled::new(&facts, &statutes, &statute_index, &tables);
        let factor_presumes = factor_index
            .values()
            .flatten()
            .filter_map(|&r| {
                let f = match r {
                    FactorRef::Set(s, f) => factor_sets.get(s)?.factors.get(f),
                    FactorRef::Table(t, f) => tables.get(t)?.factors.get(f),
                }?;
                Some((r, compiled.condition(f.presumes.as_ref()?)))
            })
            .collect();
        // The no-penalty entries naming each violation, in any table.
        let mut group_exemptions: Vec<Vec<VersionRef>> = vec![Vec::new(); groups.len()];
        for (ti, t) in tables.iter().enumerate() {
            for (ei, e) in t.exemptions.iter().enumerate() {
                for v in &e.violations {
                    if let Some(list) = violation_index.get(v).and_then(|g| group_exemptions.get_mut(*g))
                        && !list.contains(&(ti, ei))
                    {
                        list.push((ti, ei));
                    }
                }
            }
        }
        files.sort_by(|a, b| a.name.cmp(&b.name));
        let mut table_index: HashMap<String, Vec<usize>> = HashMap::default();
        for (ti, t) in tables.iter().enumerate() {
            table_index.entry(t.id.clone()).or_default().push(ti);
        }
        Benchmark {
            inner: Arc::new(Inner {
                tables,
                statutes,
                facts,
                units,
                factor_sets,
                files,
                compiled,
                violation_index,
                groups,
                group_exemptions,
                statute_index,
                table_index,
                violation_names,
                factor_index,
                factor_presumes,
                skipped: Vec::new(),
                name_pairs: std::sync::OnceLock::new(),
                near_names: std::sync::Mutex::default(),
                fingerprint: std::sync::OnceLock::new(),
            }),
        }
    }

    /// Loads one file or directory (recursively: every `*.yaml` / `*.yml`, in path order).
    pub fn from_path(path: impl AsRef<Path>) -> Result<Benchmark, LoadError> {
        Self::from_paths(&[path.as_ref()])
    }

    /// Loads several files and directories as one set: references may cross files.
    pub fn from_paths(paths: &[&Path]) -> Result<Benchmark, LoadError> {
        let (sources, skipped, unreadable) = load::read_paths(paths);
        let mut b = load::assemble_after(sources, unreadable)?;
        if let Some(inner) = Arc::get_mut(&mut b.inner) {
            inner.skipped = skipped;
        }
        Ok(b)
    }

    /// Loads the `rules/` directory (an alias of [`Benchmark::from_path`] that reads well).
    pub fn from_rules_dir(dir: impl AsRef<Path>) -> Result<Benchmark, LoadError> {
        Self::from_path(dir)
    }

    /// Loads one YAML text; `name` is used in error messages.
    ///
    /// ```
    /// let err = discretion::Benchmark::from_str("t.yaml", "discretion: 1\nfactz: []\n").unwrap_err();
    /// let p = &err.problems[0];
    /// assert_eq!((p.position.line, p.position.column), (2, 1));
    /// assert_eq!(p.help.as_deref(), Some("did you mean `facts`?"));
    /// ```
    #[allow(clippy::should_implement_trait)]
    pub fn from_str(name: &str, text: &str) -> Result<Benchmark, LoadError> {
        Self::from_sources([(name, text)])
    }

    /// Loads several named YAML texts as one set.
    pub fn from_sources<'a>(sources: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<Benchmark, LoadError> {
        load::assemble(sources.into_iter().map(|(n, t)| Source::new(n, t)).collect())
    }

    /// All tables (every version), in file order.
    pub fn tables(&self) -> &[Table] {
        &self.inner.tables
    }
    /// Every version of the table with this id, in file order.
    ///
    /// ```
    /// # let b = discretion::Benchmark::from_path("rules").unwrap();
    /// assert_eq!(b.table_versions("gd-env-fines").count(), 1);
    /// assert_eq!(b.table_versions("no-such-table").count(), 0);
    /// ```
    pub fn table_versions(&self, id: &str) -> impl Iterator<Item = &Table> {
        self.inner.table_index.get(id).into_iter().flatten().filter_map(|i| self.inner.tables.get(*i))
    }

    /// All statutes.
    pub fn statutes(&self) -> &[Statute] {
        &self.inner.statutes
    }
    /// All declared facts, including the built-in `party` and `circumstances`.
    pub fn facts(&self) -> &[Fact] {
        &self.inner.facts
    }
    /// All units: the built-in `days`, `months`, `years`, `hours` and the declared ones.
    pub fn units(&self) -> &[Unit] {
        &self.inner.units
    }
    /// What was not read under the directories given to [`Benchmark::from_paths`] — symbolic
    /// links out of the tree, FIFOs and other non-regular files — each with the reason.
    pub fn skipped(&self) -> &[super::Problem] {
        &self.inner.skipped
    }

    /// A unit by id.
    pub fn unit(&self, id: &str) -> Option<&Unit> {
        self.inner.units.iter().find(|u| u.id == id)
    }
    /// All factor sets (every version).
    pub fn factor_sets(&self) -> &[FactorSet] {
        &self.inner.factor_sets
    }
    /// The loaded files with their text and node positions.
    pub fn source_files(&self) -> &[SourceFile] {
        &self.inner.files
    }
    /// One loaded file by name.
    pub fn source_file(&self, name: &str) -> Option<&SourceFile> {
        self.inner.files.iter().find(|f| &*f.name == name)
    }

    /// The fingerprint of these rules, `sha256:` and 64 hexadecimal digits: the SHA-256 of the
    /// sorted SHA-256 digests of the files' texts as loaded — so neither the files' names nor
    /// their order count (the same files read from another directory, or renamed, give the same
    /// fingerprint), and any edit of what a file says gives another. The texts are hashed as
    /// the loader reads them: a byte-order mark and lone carriage returns (old Mac line ends)
    /// are normalised away first, so the fingerprint is not `sha256sum` of the files. Reports
    /// carry it, so that a report can be traced to the exact rules that made it.
    ///
    /// ```
    /// let a = discretion::Benchmark::from_str("a.yaml", "discretion: 1\n").unwrap();
    /// let b = discretion::Benchmark::from_str("elsewhere/b.yaml", "discretion: 1\n").unwrap();
    /// // Two files: neither their names nor their order count.
    /// let (x, y) = ("discretion: 1\n# one\n", "discretion: 1\n# two\n");
    /// let xy = discretion::Benchmark::from_sources([("a.yaml", x), ("b.yaml", y)]).unwrap();
    /// let yx = discretion::Benchmark::from_sources([("a.yaml", y), ("z.yaml", x)]).unwrap();
    /// assert_eq!(xy.fingerprint(), yx.fingerprint());
    /// let c = discretion::Benchmark::from_str("a.yaml", "discretion: 1\n# edited\n").unwrap();
    /// assert_eq!(a.fingerprint(), b.fingerprint());
    /// assert_ne!(a.fingerprint(), c.fingerprint());
    /// assert!(a.fingerprint().starts_with("sha256:") && a.fingerprint().len() == 7 + 64);
    /// ```
    pub fn fingerprint(&self) -> &str {
        self.inner.fingerprint.get_or_init(|| {
            use sha2::Digest as _;
            let mut files: Vec<_> = self.inner.files.iter().map(|f| sha2::Sha256::digest(f.text.as_bytes())).collect();
            files.sort_unstable();
            let mut digest = sha2::Sha256::new();
            for file in &files {
                digest.update(file);
            }
            let mut hex = String::from("sha256:");
            for byte in digest.finalize() {
                use std::fmt::Write as _;
                let _ = write!(hex, "{byte:02x}");
            }
            hex
        })
    }

    /// What made a report: this crate's name and version and these rules' [fingerprint](Benchmark::fingerprint)
    /// and file count — the first thing a report says, so that it can be reproduced.
    ///
    /// ```
    /// let rules = discretion::Benchmark::from_path("rules").unwrap();
    /// let p = rules.provenance();
    /// assert_eq!((p.tool, p.version), ("discretion", env!("CARGO_PKG_VERSION")));
    /// assert_eq!((p.rules.as_str(), p.rules_files), (rules.fingerprint(), rules.source_files().len()));
    /// ```
    pub fn provenance(&self) -> Provenance {
        Provenance {
            tool: env!("CARGO_PKG_NAME"),
            version: env!("CARGO_PKG_VERSION"),
            rules: self.fingerprint().to_string(),
            rules_files: self.inner.files.len(),
        }
    }

    pub(crate) fn compiled(&self) -> &Compiled {
        &self.inner.compiled
    }

    /// The facts a case of violation `violation` (an index into `tables()[table].violations`)
    /// is judged on: those that decide its level and amount (its tiers, cells or weight
    /// factors, its bands' fines, the table's adjustments that cover it), the sanctions its
    /// bands and its statute require (their conditions), whether a no-penalty list exempts it,
    /// and which branch of its statute applies (every version's, since an act may be judged
    /// under an earlier one) — the columns a case file needs for it beyond the decision itself
    /// (dates, fine, sanctions, cited factors, procedure). In the order of
    /// [`facts`](Benchmark::facts), each once; empty for indexes out of range.
    ///
    /// ```
    /// use discretion::Benchmark;
    /// let rules = Benchmark::shipped().unwrap();
    /// let (t, table) = rules.tables().iter().enumerate().find(|(_, t)| t.id == "gd-state-tax").unwrap();
    /// let v = table.violations.iter().position(|v| v.id == "gd-tax.60.1").unwrap();
    /// let ids: Vec<&str> = rules.facts_judged_on(t, v).iter().map(|f| f.id.as_str()).collect();
    /// assert!(ids.contains(&"days_late") && ids.contains(&"party"), "{ids:?}");
    /// ```
    pub fn facts_judged_on(&self, table: usize, violation: usize) -> Vec<&Fact> {
        let (Some(t), Some(compiled)) = (
            self.inner.tables.get(table),
            self.inner.compiled.tables.get(table).and_then(|t| t.violations.get(violation)),
        ) else {
            return Vec::new();
        };
        let Some(v) = t.violations.get(violation) else { return Vec::new() };
        let mut ids: Vec<FactId> = Vec::new();
        for addressee in [Addressee::Party, Addressee::ResponsiblePersons] {
            ids.extend(compiled.scheme(addressee).map(|s| s.facts_read()).unwrap_or_default());
        }
        let mut read = |fact: &str| ids.extend(self.fact_id(fact));
        for (_, scheme) in v.schemes() {
            for level in scheme.levels() {
                let band = level.band;
                let sanctions = band.required.iter().chain(&band.allowed).chain(band.one_of.iter().flatten());
                sanctions.filter_map(|s| s.when.as_ref()).for_each(|c| c.for_each_fact(&mut read));
            }
        }
        for &i in &compiled.adjustments {
            if let Some(adjustment) = t.adjustments.get(i) {
                adjustment.when.for_each_fact(&mut read);
            }
        }
        for &(ti, ei) in self.violation_group(&v.id).map_or(&[][..], |g| self.group_exemptions(g)) {
            if let Some(e) = self.inner.tables.get(ti).and_then(|t| t.exemptions.get(ei)) {
                e.when.for_each_fact(&mut read);
            }
        }
        if let Some(statute) = self.statute(&v.statute) {
            for branch in statute.versions.iter().flat_map(|x| &x.branches) {
                branch.when.iter().for_each(|c| c.for_each_fact(&mut read));
                branch.fine.iter().for_each(|f| f.for_each_fact(&mut read));
                branch.sanctions.iter().filter_map(|s| s.when.as_ref()).for_each(|c| c.for_each_fact(&mut read));
            }
        }
        ids.sort_unstable();
        ids.dedup();
        ids.into_iter().filter_map(|f| self.fact_by_id(f)).collect()
    }

    /// The newest version of a violation and its table.
    pub fn violation(&self, id: &str) -> Option<(&Table, &Violation)> {
        self.violation_versions(id).next()
    }

    /// Every version of a violation, newest table version first.
    pub fn violation_versions(&self, id: &str) -> impl Iterator<Item = (&Table, &Violation)> {
        let group = self.inner.violation_index.get(id).copied();
        group.into_iter().flat_map(move |g| self.group_versions(g))
    }

    /// The group index of a violation id.
    pub(crate) fn violation_group(&self, id: &str) -> Option<usize> {
        self.inner.violation_index.get(id).copied()
    }

    /// The violation groups a name or alias designates.
    pub(crate) fn violations_named(&self, name: &str) -> Vec<usize> {
        self.inner.violation_names.get(name.trim()).cloned().unwrap_or_default()
    }

    /// The `(table, exemption)` entries of any table that name a violation group.
    pub(crate) fn group_exemptions(&self, group: usize) -> &[(usize, usize)] {
        self.inner.group_exemptions.get(group).map(Vec::as_slice).unwrap_or_default()
    }

    /// The versions of a violation group, newest first.
    pub(crate) fn group_refs(&self, group: usize) -> &[VersionRef] {
        self.inner.groups.get(group).map(Vec::as_slice).unwrap_or_default()
    }

    pub(crate) fn group_versions(&self, group: usize) -> impl Iterator<Item = (&Table, &Violation)> {
        self.group_refs(group).iter().filter_map(|r| self.version(*r))
    }

    /// The suggestions kept for `key` (a name and the tables it was looked for in), or those
    /// `work_out` gives, kept while there is room.
    pub(crate) fn near_names(
        &self,
        key: String,
        work_out: impl FnOnce() -> Vec<(String, Text)>,
    ) -> Vec<(String, Text)> {
        // A poisoned lock only means a thread panicked while holding it; the map is still
        // whole (an insert is the only change), but nothing depends on it: work it out.
        if let Some(kept) = self.inner.near_names.lock().ok().and_then(|m| m.get(&key).cloned()) {
            return kept;
        }
        let near = work_out();
        if let Ok(mut kept) = self.inner.near_names.lock()
            && kept.len() < NEAR_NAMES_KEPT
        {
            kept.insert(key, near.clone());
        }
        near
    }

    /// The pairs of neighbouring characters of each group's Chinese name (see `name_pairs`).
    pub(crate) fn name_pairs(&self) -> &[Vec<(char, char)>] {
        self.inner.name_pairs.get_or_init(|| {
            (0..self.group_count())
                .map(|g| {
                    self.group_versions(g).next().map_or_else(Vec::new, |(_, v)| neighbour_pairs(v.label.get(Lang::Zh)))
                })
                .collect()
        })
    }

    /// How many distinct violation ids are loaded.
    pub(crate) fn group_count(&self) -> usize {
        self.inner.groups.len()
    }

    pub(crate) fn version(&self, (ti, vi): VersionRef) -> Option<(&Table, &Violation)> {
        let t = self.inner.tables.get(ti)?;
        Some((t, t.violations.get(vi)?))
    }

    /// The version of a violation whose table is in force on `date`.
    pub fn violation_at(&self, id: &str, date: Date) -> Option<(&Table, &Violation)> {
        self.violation_versions(id).find(|(t, _)| t.effective.contains(date))
    }

    /// A statute by id.
    pub fn statute(&self, id: &str) -> Option<&Statute> {
        self.statute_index(id).and_then(|i| self.inner.statutes.get(i))
    }

    pub(crate) fn statute_index(&self, id: &str) -> Option<usize> {
        self.inner.statute_index.get(id).copied()
    }

    /// A fact by id.
    pub fn fact(&self, id: &str) -> Option<&Fact> {
        self.fact_id(id).and_then(|f| self.fact_by_id(f))
    }

    /// The index of a fact, for the fast, index-addressed API.
    pub fn fact_id(&self, id: &str) -> Option<FactId> {
        self.inner.compiled.fact_index.get(id).copied()
    }

    /// A fact by its index.
    pub fn fact_by_id(&self, id: FactId) -> Option<&Fact> {
        self.inner.facts.get(id.index())
    }

    fn factor_ref(&self, r: FactorRef) -> Option<&Factor> {
        match r {
            FactorRef::Set(s, f) => self.inner.factor_sets.get(s)?.factors.get(f),
            FactorRef::Table(t, f) => self.inner.tables.get(t)?.factors.get(f),
        }
    }

    /// A factor (from the newest version of any factor set, or from a table) by id.
    pub fn factor(&self, id: &str) -> Option<&Factor> {
        self.inner.factor_index.get(id)?.iter().find_map(|r| self.factor_ref(*r))
    }

    /// A factor as defined by the factor-set version in force on `date` (or by a table).
    /// `None` when no version in force defines it.
    pub fn factor_at(&self, id: &str, date: Date) -> Option<&Factor> {
        self.factor_in_force_at(id, Some(date)).map(|(f, _)| f)
    }

    /// A factor in force on `date` (the newest version when `None`), with what it presumes of
    /// the facts, compiled.
    pub(crate) fn factor_in_force_at(
        &self,
        id: &str,
        date: Option<Date>,
    ) -> Option<(&Factor, Option<&crate::table::compiled::CCond>)> {
        self.inner.factor_index.get(id)?.iter().find_map(|r| {
            let in_force = match (r, date) {
                (FactorRef::Set(s, _), Some(date)) => {
                    self.inner.factor_sets.get(*s).is_some_and(|set| set.effective.is_none_or(|p| p.contains(date)))
                }
                _ => true,
            };
            if in_force { self.factor_ref(*r).map(|f| (f, self.inner.factor_presumes.get(r))) } else { None }
        })
    }
}

/// The distinct pairs of neighbouring characters of `s` (spaces left out), sorted.
pub(crate) fn neighbour_pairs(s: &str) -> Vec<(char, char)> {
    let chars: Vec<char> = s.chars().filter(|c| !c.is_whitespace()).collect();
    let mut pairs: Vec<(char, char)> = chars.windows(2).filter_map(|w| Some((*w.first()?, *w.get(1)?))).collect();
    pairs.sort_unstable();
    pairs.dedup();
    pairs
}

/// A violation's names as given: Chinese, English, aliases.
fn whole_names(v: &Violation) -> impl Iterator<Item = &str> {
    v.label.zh.iter().chain(&v.label.en).chain(&v.aliases).map(|n| n.trim())
}

/// What a name says before its closing parenthetical — "未批先建" of "未批先建（…）", "noise"
/// of "noise (at night)" — by which it is also found; `None` for a name without one, or
/// nothing before it.
fn name_head(name: &str) -> Option<&str> {
    let name = name.trim();
    let open = if name.ends_with('）') {
        name.rfind('（')
    } else if name.ends_with(')') {
        name.rfind('(')
    } else {
        None
    }?;
    Some(name.get(..open)?.trim()).filter(|head| !head.is_empty())
}

#[cfg(test)]
mod tests {
    use super::name_head;

    #[test]
    fn a_name_is_also_found_by_its_head_before_a_closing_parenthetical() {
        assert_eq!(name_head("未批先建（环境影响报告书、报告表未经批准擅自开工建设）"), Some("未批先建"));
        assert_eq!(name_head(" noise (at night) "), Some("noise"));
        // The last parenthetical only, and only one that closes the name.
        assert_eq!(name_head("甲（乙）丙（丁）"), Some("甲（乙）丙"));
        assert_eq!(name_head("甲（乙）丙"), None);
        assert_eq!(name_head("（一）"), None);
        assert_eq!(name_head("未批先建"), None);
    }
}
