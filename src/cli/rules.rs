//! The rules a command runs against: `--rules PATH...`, or the tables embedded in the binary.

use std::path::PathBuf;

use discretion::Benchmark;
use discretion::table::LoadError;

/// Loads the given paths, or the embedded tables when none are given.
pub(crate) fn load(paths: &[PathBuf]) -> Result<Benchmark, LoadError> {
    if paths.is_empty() {
        Benchmark::shipped()
    } else {
        let refs: Vec<&std::path::Path> = paths.iter().map(PathBuf::as_path).collect();
        Benchmark::from_paths(&refs)
    }
}
