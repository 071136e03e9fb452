//! Reading sources (files, directories, strings) and assembling a [`Benchmark`].

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::Benchmark;
use super::build::{Builder, FileItems, builtin_facts, builtin_units};
use super::error::{LoadError, Problem, ProblemKind};
use super::resolve;
use super::source::{Position, SourceFile};
use super::yaml::{self, MAX_FILE_BYTES};

/// One named text to load.
pub(crate) struct Source {
    pub name: Arc<str>,
    pub text: Arc<str>,
}

impl Source {
    /// A text to load, its line ends made `\n` or `\r\n` ([`lone_carriage_returns_as_newlines`]).
    pub(crate) fn new(name: &str, text: &str) -> Source {
        Source { name: Arc::from(name), text: Arc::from(lone_carriage_returns_as_newlines(text).as_ref()) }
    }
}

/// `text` with each carriage return not followed by a newline (a line end of old Mac editors
/// and of Excel for Mac's exports) read as a newline, as YAML itself reads one: the parser
/// counts lines by `\n`, so a file of such lines was one line (refused as "no YAML document",
/// the whole file quoted). Line and column numbers stay those of an editor.
///
/// ```
/// use discretion::table::lone_carriage_returns_as_newlines as fix;
/// assert_eq!(fix("a: 1\rb: 2\r\nc: 3\n"), "a: 1\nb: 2\r\nc: 3\n");
/// assert!(matches!(fix("a: 1\r\n"), std::borrow::Cow::Borrowed(_)));
/// ```
pub fn lone_carriage_returns_as_newlines(text: &str) -> std::borrow::Cow<'_, str> {
    let bytes = text.as_bytes();
    let lone = |i: usize| bytes.get(i) == Some(&b'\r') && bytes.get(i + 1) != Some(&b'\n');
    if !(0..bytes.len()).any(lone) {
        return std::borrow::Cow::Borrowed(text);
    }
    std::borrow::Cow::Owned(text.char_indices().map(|(i, c)| if lone(i) { '\n' } else { c }).collect())
}

/// The line and column (from 1; columns in characters) of byte `offset` of `bytes`, as an
/// editor shows them: a line ends at a newline, or at a carriage return not followed by one
/// (as [`lone_carriage_returns_as_newlines`] reads it). Where text stops being text — the
/// first byte a decoder refuses — is placed by it.
///
/// ```
/// use discretion::table::line_and_column;
/// assert_eq!(line_and_column(b"a: 1\nb: \xE4\xB8\xAD\xFF", 11), (2, 5));
/// assert_eq!(line_and_column(b"a\rb\r\nc", 5), (3, 1));
/// ```
pub fn line_and_column(bytes: &[u8], offset: usize) -> (u64, u64) {
    let head = bytes.get(..offset).unwrap_or(bytes);
    let ends = |i: usize| match head.get(i) {
        Some(b'\n') => true,
        Some(b'\r') => bytes.get(i + 1) != Some(&b'\n'),
        _ => false,
    };
    let line = (0..head.len()).filter(|&i| ends(i)).count() as u64 + 1;
    let line_start = (0..head.len()).rev().find(|&i| ends(i)).map_or(0, |i| i + 1);
    let column = String::from_utf8_lossy(head.get(line_start..).unwrap_or_default()).chars().count() as u64 + 1;
    (line, column)
}

/// A file over [`MAX_FILE_BYTES`]: refused before parsing, saying the limit and the way out.
fn too_large(name: &str, bytes: u64) -> Problem {
    file_problem(
        name,
        format!("the file is {bytes} bytes, more than the {MAX_FILE_BYTES} bytes (4 MiB) a table file may have (docs/LIMITS.md)"),
        Some("split the rules over several files: facts and statutes in their own files, one table per file; a directory loads as one benchmark".into()),
    )
}

fn file_problem(name: &str, message: String, help: Option<String>) -> Problem {
    Problem {
        kind: ProblemKind::File,
        file: Arc::from(name),
        position: Position::default(),
        path: String::new(),
        message,
        help,
        lang: crate::table::Lang::En,
    }
}

/// The most directories walked under one path (a runaway tree is refused, not walked).
pub const MAX_DIRECTORIES: usize = 10_000;

/// What a directory walk found: the table files, and what it did not read and why.
struct Walk {
    files: Vec<PathBuf>,
    skipped: Vec<Problem>,
    problems: Vec<Problem>,
    /// Canonical paths of the directories entered: a link back into one is a loop.
    entered: std::collections::HashSet<PathBuf>,
    root: PathBuf,
}

impl Walk {
    fn skip(&mut self, p: &Path, why: &str) {
        self.skipped.push(file_problem(&p.display().to_string(), format!("not read: {why}"), None));
    }

    /// Lists `*.yaml`/`*.yml` under `dir`, recursively, sorted by path for a deterministic
    /// order. Symbolic links are followed only to places inside the tree not yet entered; a
    /// link back into the tree is reported as a loop; anything that is not a regular file or a
    /// directory (a FIFO, a socket, a device) is skipped unopened.
    fn dir(&mut self, dir: &Path) {
        let canonical = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
        if !self.entered.insert(canonical) {
            self.skip(dir, "a symbolic link loop: this directory is already being read");
            return;
        }
        if self.entered.len() > MAX_DIRECTORIES {
            self.problems.push(file_problem(
                &dir.display().to_string(),
                format!("more than {MAX_DIRECTORIES} directories under the rules path (docs/LIMITS.md)"),
                None,
            ));
            return;
        }
        let entries = match std::fs::read_dir(dir) {
            Ok(e) => e,
            Err(e) => {
                self.problems.push(file_problem(
                    &dir.display().to_string(),
                    format!("cannot read directory: {e}"),
                    None,
                ));
                return;
            }
        };
        let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        for p in paths {
            let Ok(link) = std::fs::symlink_metadata(&p) else {
                self.skip(&p, "its metadata cannot be read");
                continue;
            };
            let is_yaml = matches!(p.extension().and_then(|e| e.to_str()), Some("yaml" | "yml"));
            let meta = if link.file_type().is_symlink() {
                let target = std::fs::canonicalize(&p);
                match target {
                    Ok(t) if !t.starts_with(&self.root) => {
                        self.skip(&p, "a symbolic link to a place outside the rules directory");
                        continue;
                    }
                    Ok(_) => match std::fs::metadata(&p) {
                        Ok(m) => m,
                        Err(_) => {
                            self.skip(&p, "a broken symbolic link");
                            continue;
                        }
                    },
                    Err(_) => {
                        self.skip(&p, "a broken symbolic link");
                        continue;
                    }
                }
            } else {
                link
            };
            if meta.is_dir() {
                self.dir(&p);
            } else if !is_yaml {
                continue;
            } else if meta.is_file() {
                self.files.push(p);
            } else {
                self.skip(&p, "not a regular file (a FIFO, socket or device is never opened)");
            }
        }
    }
}

/// Reads one file, refusing oversized and non-UTF-8 files with a located message.
pub(crate) fn read_file(path: &Path) -> Result<Source, Problem> {
    let name = path.display().to_string();
    let meta = std::fs::metadata(path).map_err(|e| file_problem(&name, format!("cannot read file: {e}"), None))?;
    // A FIFO would block for ever; a device has no end.
    if !meta.is_file() {
        return Err(file_problem(&name, "not a regular file".into(), None));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(too_large(&name, meta.len()));
    }
    let bytes = std::fs::read(path).map_err(|e| file_problem(&name, format!("cannot read file: {e}"), None))?;
    let text = decode(&name, bytes)?;
    Ok(Source::new(&name, &text))
}

/// UTF-8 (with or without BOM) only; an invalid byte is reported at its line and column.
fn decode(name: &str, bytes: Vec<u8>) -> Result<String, Problem> {
    let bytes = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => rest.to_vec(),
        None => bytes,
    };
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let (line, column) = line_and_column(e.as_bytes(), valid);
        Problem {
            kind: ProblemKind::File,
            file: Arc::from(name),
            position: Position { line, column },
            path: String::new(),
            message: format!("the file is not valid UTF-8 (byte offset {valid})"),
            help: Some("save the table as UTF-8".into()),
            lang: crate::table::Lang::En,
        }
    })
}

/// Reads the files under `paths` (directories expanded): the sources read, what was skipped, and the problems of the
/// files that could not be read — which do not stop the others being read and checked.
pub(crate) fn read_paths(paths: &[&Path]) -> (Vec<Source>, Vec<Problem>, Vec<Problem>) {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    let mut skipped = Vec::new();
    for p in paths {
        if p.is_dir() {
            let root = std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
            let mut walk = Walk {
                files: Vec::new(),
                skipped: Vec::new(),
                problems: Vec::new(),
                entered: Default::default(),
                root,
            };
            walk.dir(p);
            files.append(&mut walk.files);
            skipped.append(&mut walk.skipped);
            problems.append(&mut walk.problems);
        } else {
            files.push(p.to_path_buf());
        }
    }
    let mut sources = Vec::new();
    for f in files {
        match read_file(&f) {
            Ok(s) => sources.push(s),
            Err(p) => problems.push(p),
        }
    }
    (sources, skipped, problems)
}

/// Parses, builds and resolves all sources together; all problems of all files are reported.
pub(crate) fn assemble(sources: Vec<Source>) -> Result<Benchmark, LoadError> {
    assemble_after(sources, Vec::new())
}

/// [`assemble`], after `problems` met reading other files (too large, not UTF-8): the files
/// read are still checked, so that one unreadable file does not hide the others' problems.
pub(crate) fn assemble_after(sources: Vec<Source>, mut problems: Vec<Problem>) -> Result<Benchmark, LoadError> {
    let mut parsed = Vec::new();
    for s in &sources {
        if s.text.len() as u64 > MAX_FILE_BYTES {
            problems.push(too_large(&s.name, s.text.len() as u64));
            continue;
        }
        // Blank lines, comments and bare document markers (`---`, `...`) hold no document.
        let nothing = |l: &str| {
            let l = l.trim();
            l.is_empty() || l.starts_with('#') || l == "---" || l == "..." || l.starts_with("--- #")
        };
        if s.text.lines().all(nothing) {
            problems.push(Problem {
                kind: ProblemKind::Empty,
                file: s.name.clone(),
                position: Position { line: 1, column: 1 },
                path: String::new(),
                message: "the file holds no YAML document".into(),
                help: Some("a table file starts with `discretion: 1`".into()),
                lang: crate::table::Lang::En,
            });
            continue;
        }
        match yaml::parse(&s.name, &s.text) {
            Ok(p) => parsed.push((s, p)),
            Err(p) => problems.push(p),
        }
    }

    // Facts and units first, from every file: conditions and sanctions anywhere may use them.
    let mut builder = Builder::new(HashMap::new(), Vec::new());
    let mut facts = builtin_facts();
    let mut units = builtin_units();
    let mut unusable = std::collections::HashSet::new();
    for (s, p) in &parsed {
        builder.set_file(&s.name);
        for (i, f) in p.doc.facts.iter().enumerate() {
            match builder.fact(&format!("facts[{i}]"), f) {
                Some(f) => facts.push(f),
                None => {
                    unusable.insert(f.id.clone());
                }
            }
        }
        for (i, u) in p.doc.units.iter().enumerate() {
            units.push(builder.unit_decl(&format!("units[{i}]"), u));
        }
    }
    // A fact defined twice is an error (L006, said when resolving); its first definition is the
    // one kept, there and here, so that uses fitting the first are not refused as well.
    let mut fact_types = HashMap::new();
    for f in &facts {
        fact_types.entry(f.id.clone()).or_insert_with(|| f.fact_type.clone());
    }
    let unit_ids = units.iter().map(|u| u.id.clone()).collect();
    let mut builder2 = Builder::new(fact_types, unit_ids);
    builder2.declared_unusable(unusable);
    builder2.problems = std::mem::take(&mut builder.problems);
    let mut items: Vec<FileItems> = Vec::new();
    for (s, p) in &parsed {
        builder2.set_file(&s.name);
        items.push(builder2.file(&p.doc));
    }
    let mut files: Vec<SourceFile> =
        parsed.into_iter().map(|(s, p)| SourceFile::new(s.name.clone(), s.text.clone(), p.positions)).collect();
    let resolved = resolve::resolve(facts, units, items, &mut builder2);
    // When a file could not be read at all, references to what it defines dangle everywhere
    // else; those follow-on errors would bury the real one, so they wait for the next run.
    let unreadable = !problems.is_empty();
    problems
        .extend(builder2.problems.into_iter().filter(|p| !(unreadable && p.kind == ProblemKind::DanglingReference)));

    // Fill in positions from each file's map, then sort for stable output.
    let by_name: HashMap<Arc<str>, usize> = files.iter().enumerate().map(|(i, f)| (f.name.clone(), i)).collect();
    for p in &mut problems {
        if p.position == Position::default()
            && let Some(f) = by_name.get(&p.file).and_then(|i| files.get(*i))
        {
            p.position = f.position(&p.path);
        }
    }
    if !problems.is_empty() {
        problems.sort_by(|a, b| (&a.file, a.position, &a.path).cmp(&(&b.file, b.position, &b.path)));
        problems.dedup();
        return Err(LoadError { problems });
    }
    files.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(Benchmark::new(resolved, files))
}
