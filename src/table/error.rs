//! Errors from loading tables: every one names file, line, column and YAML path.

use std::fmt;
use std::sync::Arc;

use super::Lang;
use super::source::Position;

/// What kind of problem a [`Problem`] is; each has a stable code (`L001`…), listed in
/// `docs/FORMAT.md`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ProblemKind {
    /// L001: the file cannot be read, is too large or is not UTF-8.
    File,
    /// L002: YAML syntax error, or a limit (nesting, aliases, size) was exceeded.
    Syntax,
    /// L003: a value has the wrong type or shape, or a required key is missing.
    Shape,
    /// L004: a key the format does not know.
    UnknownField,
    /// L005: the same key twice in one mapping.
    DuplicateKey,
    /// L006: an id defined twice.
    DuplicateId,
    /// L007: a reference to something not defined (fact, factor, statute, table, violation).
    DanglingReference,
    /// L008: a number, date or word that is not valid where it stands.
    InvalidValue,
    /// L009: a range whose minimum exceeds its maximum, or an empty interval.
    InvalidRange,
    /// L010: the file holds no document.
    Empty,
}

impl ProblemKind {
    /// The stable code.
    pub fn code(self) -> &'static str {
        match self {
            ProblemKind::File => "L001",
            ProblemKind::Syntax => "L002",
            ProblemKind::Shape => "L003",
            ProblemKind::UnknownField => "L004",
            ProblemKind::DuplicateKey => "L005",
            ProblemKind::DuplicateId => "L006",
            ProblemKind::DanglingReference => "L007",
            ProblemKind::InvalidValue => "L008",
            ProblemKind::InvalidRange => "L009",
            ProblemKind::Empty => "L010",
        }
    }

    /// What the kind means, in English or Chinese: the headline of a problem whose message is
    /// not translated.
    ///
    /// ```
    /// use discretion::table::{Lang, ProblemKind};
    /// assert_eq!(ProblemKind::UnknownField.describe(Lang::Zh), "未知的键");
    /// ```
    pub fn describe(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (ProblemKind::File, Lang::En) => "the file cannot be read",
            (ProblemKind::File, Lang::Zh) => "文件无法读取",
            (ProblemKind::Syntax, Lang::En) => "YAML syntax, or a loading limit",
            (ProblemKind::Syntax, Lang::Zh) => "YAML 语法错误或超出载入限制",
            (ProblemKind::Shape, Lang::En) => "wrong type or shape, or a required key missing",
            (ProblemKind::Shape, Lang::Zh) => "类型或结构不对，或缺少必需的键",
            (ProblemKind::UnknownField, Lang::En) => "unknown key",
            (ProblemKind::UnknownField, Lang::Zh) => "未知的键",
            (ProblemKind::DuplicateKey, Lang::En) => "a key given twice",
            (ProblemKind::DuplicateKey, Lang::Zh) => "键重复",
            (ProblemKind::DuplicateId, Lang::En) => "an id defined twice",
            (ProblemKind::DuplicateId, Lang::Zh) => "编号重复定义",
            (ProblemKind::DanglingReference, Lang::En) => "a reference to something not defined",
            (ProblemKind::DanglingReference, Lang::Zh) => "引用了未定义的内容",
            (ProblemKind::InvalidValue, Lang::En) => "a value not valid where it stands",
            (ProblemKind::InvalidValue, Lang::Zh) => "值无效",
            (ProblemKind::InvalidRange, Lang::En) => "a range whose ends are reversed or empty",
            (ProblemKind::InvalidRange, Lang::Zh) => "范围无效（两端颠倒或为空）",
            (ProblemKind::Empty, Lang::En) => "no document",
            (ProblemKind::Empty, Lang::Zh) => "文件中没有文档",
        }
    }
}

/// One located problem in a table file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// What kind of problem.
    pub kind: ProblemKind,
    /// The file.
    pub file: Arc<str>,
    /// Line and column (1-based; 0 when the problem concerns the whole file).
    pub position: Position,
    /// The YAML path (`violations[3].tiers[1].fine.max`); empty for the whole file.
    pub path: String,
    /// What is wrong.
    pub message: String,
    /// How to fix it, where a hint helps.
    pub help: Option<String>,
    /// The language `message` and `help` are in (English as loaded; see [`Problem::in_lang`]).
    pub lang: Lang,
}

impl Problem {
    /// The problem with its message and hint in `lang`. The loader words them in English; in
    /// Chinese, the ones a rule author meets most are translated (unknown keys and references,
    /// numbers, dates, booleans and ids the format does not read, typing slips of a Chinese
    /// keyboard), and a message that is not is prefixed with the kind of problem in Chinese
    /// ([`ProblemKind::describe`]).
    ///
    /// ```
    /// use discretion::Benchmark;
    /// use discretion::table::{Lang, ProblemKind};
    /// let e = Benchmark::from_str("t.yaml", "discretion: 1\nfactz: []\n").unwrap_err();
    /// let typo = e.problems.iter().find(|p| p.kind == ProblemKind::UnknownField).unwrap();
    /// let zh = typo.in_lang(Lang::Zh);
    /// assert!(zh.message.starts_with("未知的键“factz”"), "{}", zh.message);
    /// assert_eq!(zh.to_string().split('：').nth(1), Some("错误[L004]"));
    /// assert!(e.in_lang(Lang::Zh).to_string().contains("错误[L004]"));
    /// ```
    pub fn in_lang(&self, lang: Lang) -> Problem {
        let mut p = self.clone();
        if lang == Lang::Zh {
            p.message = super::problem_zh::message(&self.message)
                .unwrap_or_else(|| format!("{}：{}", self.kind.describe(Lang::Zh), self.message));
            p.help = self.help.as_deref().map(|h| super::problem_zh::help(h).unwrap_or_else(|| h.to_string()));
            p.lang = Lang::Zh;
        }
        p
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if self.position.line > 0 {
            write!(f, ":{}:{}", self.position.line, self.position.column)?;
        }
        match self.lang {
            Lang::En => write!(f, ": error[{}]: ", self.kind.code())?,
            Lang::Zh => write!(f, "：错误[{}]：", self.kind.code())?,
        }
        if !self.path.is_empty() {
            match self.lang {
                Lang::En => write!(f, "at `{}`: ", self.path)?,
                Lang::Zh => write!(f, "位置 `{}`：", self.path)?,
            }
        }
        f.write_str(&self.message)?;
        if let Some(help) = &self.help {
            match self.lang {
                Lang::En => write!(f, " (help: {help})")?,
                Lang::Zh => write!(f, "（提示：{help}）")?,
            }
        }
        Ok(())
    }
}

/// Loading failed; every problem found is listed, sorted by file and position.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct LoadError {
    /// The problems, at least one.
    pub problems: Vec<Problem>,
}

impl LoadError {
    /// The problems in `lang` (see [`Problem::in_lang`]).
    pub fn in_lang(&self, lang: Lang) -> LoadError {
        LoadError { problems: self.problems.iter().map(|p| p.in_lang(lang)).collect() }
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.problems.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{p}")?;
        }
        Ok(())
    }
}

/// The closest candidate to `word` by edit distance, if it is close enough to be a likely typo.
/// A candidate that differs only in the case of its letters or in writing `-` or a space for
/// `_` comes first, however long (`CASE_ID`, `Case-Id` → `case_id`).
///
/// ```
/// use discretion::table::did_you_mean;
/// assert_eq!(did_you_mean("fine_maxx", ["fine_min", "fine_max"]), Some("fine_max"));
/// assert_eq!(did_you_mean("zzz", ["fine_max"]), None);
/// assert_eq!(did_you_mean("CONSTRUCTION_MONTHS", ["construction_stage", "construction_months"]), Some("construction_months"));
/// assert_eq!(did_you_mean("Case Id", ["case_id"]), Some("case_id"));
/// ```
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let length = word.chars().count();
    // A long word is no misspelling of an id, and comparing it costs its length squared.
    if length > MAX_SUGGESTED {
        return None;
    }
    let limit = (length / 3).max(1);
    candidates
        .into_iter()
        // Lengths differing by more than the limit are more edits apart than it.
        .filter(|c| c.chars().count().abs_diff(length) <= limit)
        .map(|c| (if folded(word).eq(folded(c)) { 0 } else { edit_distance(word, c).max(1) }, c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// A word as written without the distinctions a typist makes by accident: ASCII letters in
/// lower case, `-` and spaces as `_`.
fn folded(word: &str) -> impl Iterator<Item = char> + '_ {
    word.chars().map(|c| if c == '-' || c == ' ' { '_' } else { c.to_ascii_lowercase() })
}

/// Words longer than this get no suggestion.
const MAX_SUGGESTED: usize = 64;

/// Optimal-string-alignment distance: insertions, deletions, substitutions and swaps of two
/// neighbouring characters (`naem` → `name` is one edit) each cost one.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let width = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * width];
    let at = |i: usize, j: usize| i * width + j;
    for i in 0..=a.len() {
        if let Some(x) = d.get_mut(at(i, 0)) {
            *x = i;
        }
    }
    for j in 0..=b.len() {
        if let Some(x) = d.get_mut(at(0, j)) {
            *x = j;
        }
    }
    let get = |d: &Vec<usize>, i: usize, j: usize| d.get(at(i, j)).copied().unwrap_or(usize::MAX / 2);
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let (ca, cb) = (a.get(i - 1), b.get(j - 1));
            let cost = usize::from(ca != cb);
            let mut v = (get(&d, i - 1, j) + 1).min(get(&d, i, j - 1) + 1).min(get(&d, i - 1, j - 1) + cost);
            if i > 1 && j > 1 && ca == b.get(j - 2) && a.get(i - 2) == cb {
                v = v.min(get(&d, i - 2, j - 2) + 1);
            }
            if let Some(x) = d.get_mut(at(i, j)) {
                *x = v;
            }
        }
    }
    get(&d, a.len(), b.len())
}
