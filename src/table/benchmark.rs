//! [`Benchmark`]: a loaded, validated set of tables, statutes, facts and factors.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use super::error::LoadError;
use super::load::{self, Source};
use super::model::*;
use super::source::SourceFile;
use crate::Date;

/// A loaded and validated set of benchmark tables with the statutes, facts and factors they
/// use. Cheap to clone and share between threads (`Send + Sync`, one `Arc` inside); lookups by
/// id are O(1). Loading is the only I/O it does.
///
/// ```
/// use discretion::Benchmark;
/// let b = Benchmark::from_rules_dir("rules").unwrap();
/// let (table, violation) = b.violation("gd-env.2.7.1").unwrap();
/// assert_eq!(table.id, "gd-env-fines");
/// assert_eq!(violation.statute, "water-pollution-law.83.2");
/// ```
#[derive(Debug, Clone)]
pub struct Benchmark {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    tables: Vec<Table>,
    statutes: Vec<Statute>,
    facts: Vec<Fact>,
    factor_sets: Vec<FactorSet>,
    files: Vec<SourceFile>,
    violations: HashMap<String, Vec<(usize, usize)>>,
    statute_index: HashMap<String, usize>,
    fact_index: HashMap<String, usize>,
    factor_index: HashMap<String, (usize, usize)>,
}

impl Benchmark {
    pub(crate) fn new(
        tables: Vec<Table>,
        statutes: Vec<Statute>,
        facts: Vec<Fact>,
        factor_sets: Vec<FactorSet>,
    ) -> Benchmark {
        let mut violations: HashMap<String, Vec<(usize, usize)>> = HashMap::new();
        for (ti, t) in tables.iter().enumerate() {
            for (vi, v) in t.violations.iter().enumerate() {
                violations.entry(v.id.clone()).or_default().push((ti, vi));
            }
        }
        // Newest version first, so that `violation(id)` gives the current one.
        for list in violations.values_mut() {
            list.sort_by_key(|(ti, _)| std::cmp::Reverse(tables.get(*ti).map(|t| t.effective.from)));
        }
        let statute_index = statutes.iter().enumerate().map(|(i, s)| (s.id.clone(), i)).collect();
        let fact_index = facts.iter().enumerate().map(|(i, f)| (f.id.clone(), i)).collect();
        let mut factor_index = HashMap::new();
        for (si, s) in factor_sets.iter().enumerate() {
            for (fi, f) in s.factors.iter().enumerate() {
                factor_index.insert(f.id.clone(), (si, fi));
            }
        }
        Benchmark {
            inner: Arc::new(Inner {
                tables,
                statutes,
                facts,
                factor_sets,
                files: Vec::new(),
                violations,
                statute_index,
                fact_index,
                factor_index,
            }),
        }
    }

    pub(crate) fn with_files(self, files: Vec<SourceFile>) -> Benchmark {
        match Arc::try_unwrap(self.inner) {
            Ok(mut inner) => {
                inner.files = files;
                Benchmark { inner: Arc::new(inner) }
            }
            Err(inner) => Benchmark { inner },
        }
    }

    /// Loads one file or directory (recursively: every `*.yaml` / `*.yml`, in path order).
    pub fn from_path(path: impl AsRef<Path>) -> Result<Benchmark, LoadError> {
        Self::from_paths(&[path.as_ref()])
    }

    /// Loads several files and directories as one set: references may cross files.
    pub fn from_paths(paths: &[&Path]) -> Result<Benchmark, LoadError> {
        load::assemble(load::read_paths(paths)?)
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
        load::assemble(sources.into_iter().map(|(n, t)| Source { name: Arc::from(n), text: Arc::from(t) }).collect())
    }

    /// All tables (every version), in file order.
    pub fn tables(&self) -> &[Table] {
        &self.inner.tables
    }
    /// All statutes.
    pub fn statutes(&self) -> &[Statute] {
        &self.inner.statutes
    }
    /// All declared facts, including the built-in `party`.
    pub fn facts(&self) -> &[Fact] {
        &self.inner.facts
    }
    /// All factor sets.
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

    /// The newest version of a violation and its table.
    pub fn violation(&self, id: &str) -> Option<(&Table, &Violation)> {
        self.violation_versions(id).next()
    }

    /// Every version of a violation, newest table version first.
    pub fn violation_versions(&self, id: &str) -> impl Iterator<Item = (&Table, &Violation)> {
        let tables = &self.inner.tables;
        self.inner.violations.get(id).into_iter().flatten().filter_map(move |(ti, vi)| {
            let t = tables.get(*ti)?;
            Some((t, t.violations.get(*vi)?))
        })
    }

    /// The version of a violation whose table is in force on `date`.
    pub fn violation_at(&self, id: &str, date: Date) -> Option<(&Table, &Violation)> {
        self.violation_versions(id).find(|(t, _)| t.effective.contains(date))
    }

    /// A statute by id.
    pub fn statute(&self, id: &str) -> Option<&Statute> {
        self.inner.statute_index.get(id).and_then(|i| self.inner.statutes.get(*i))
    }
    /// A fact by id.
    pub fn fact(&self, id: &str) -> Option<&Fact> {
        self.inner.fact_index.get(id).and_then(|i| self.inner.facts.get(*i))
    }
    /// A factor (from any factor set or table) by id.
    pub fn factor(&self, id: &str) -> Option<&Factor> {
        if let Some((s, f)) = self.inner.factor_index.get(id) {
            return self.inner.factor_sets.get(*s).and_then(|s| s.factors.get(*f));
        }
        self.inner.tables.iter().flat_map(|t| &t.factors).find(|f| f.id == id)
    }
}
