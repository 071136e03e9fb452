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
        let b = Benchmark::from_paths(&refs)?;
        // What the walk did not read is said, never silently left out.
        for p in b.skipped() {
            let _ =
                std::io::Write::write_fmt(&mut std::io::stderr(), format_args!("warning: {}: {}\n", p.file, p.message));
        }
        Ok(b)
    }
}
