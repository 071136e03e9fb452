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

/// Why the rules did not load, every problem listed, in `lang`: the message of `error: …`.
pub(crate) fn not_loaded(lang: discretion::table::Lang, e: &LoadError) -> String {
    match lang {
        discretion::table::Lang::En => format!("the rules do not load:\n{e}"),
        discretion::table::Lang::Zh => format!("基准表未能载入：\n{}", e.in_lang(lang)),
    }
}
