//! Positions in table files: where each YAML path starts, for located diagnostics.

use std::collections::HashMap;
use std::sync::Arc;

/// A 1-based line and column in a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Position {
    /// Line, from 1; 0 when unknown.
    pub line: u64,
    /// Column, from 1; 0 when unknown.
    pub column: u64,
}

/// The text of one loaded file and the position of every YAML node in it, by path.
#[derive(Debug, Clone, Default)]
pub struct SourceFile {
    /// The file name as given (or the name of a string source).
    pub name: Arc<str>,
    /// The file's text.
    pub text: Arc<str>,
    positions: HashMap<String, Position>,
}

impl SourceFile {
    pub(crate) fn new(name: Arc<str>, text: Arc<str>, positions: HashMap<String, Position>) -> SourceFile {
        SourceFile { name, text, positions }
    }

    /// Whether the file writes the node at `path` (not an ancestor of it).
    ///
    /// ```
    /// let b = discretion::Benchmark::from_str("t.yaml", "discretion: 1\nfacts:\n  - {id: x, type: count}\n").unwrap();
    /// let f = b.source_file("t.yaml").unwrap();
    /// assert!(f.writes("facts[0].type") && !f.writes("facts[0].unit"));
    /// ```
    pub fn writes(&self, path: &str) -> bool {
        self.positions.contains_key(path)
    }

    /// The position of the node at `path` (`violations[3].tiers[1].fine.max`); where that
    /// node does not exist (an omitted key), the position of its nearest written ancestor.
    ///
    /// ```
    /// let b = discretion::Benchmark::from_str("t.yaml", "discretion: 1\nfacts:\n  - {id: x, type: count}\n").unwrap();
    /// let f = b.source_file("t.yaml").unwrap();
    /// assert_eq!(f.position("facts[0].type").line, 3);
    /// assert_eq!(f.position("facts[0].unit").line, 3); // falls back to facts[0]
    /// ```
    pub fn position(&self, path: &str) -> Position {
        let mut p = path;
        loop {
            if let Some(pos) = self.positions.get(p) {
                return *pos;
            }
            match p.rfind(['.', '[']) {
                Some(i) => p = p.get(..i).unwrap_or(""),
                None => return self.positions.get("").copied().unwrap_or_default(),
            }
        }
    }
}
