//! `discretion lint`: load tables, verify them, report every finding.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use discretion::Benchmark;
use discretion::table::{Lang, ProblemKind};
use discretion::verify::Report;

use super::render::{self, Finding};
use super::{Format, Language, output};

pub(crate) fn run(paths: &[PathBuf], format: Format, lang: Language, deny_warnings: bool) -> ExitCode {
    for p in paths {
        if !p.exists() {
            let _ = writeln!(std::io::stderr(), "error: {}: no such file or directory", p.display());
            return ExitCode::from(2);
        }
    }
    let lang = match lang {
        Language::En => Lang::En,
        Language::Zh => Lang::Zh,
    };
    let refs: Vec<&std::path::Path> = paths.iter().map(PathBuf::as_path).collect();
    let loaded = if refs.is_empty() { Benchmark::shipped() } else { Benchmark::from_paths(&refs) };
    let (findings_owner, report, skipped) = match loaded {
        Ok(b) => (None, Some(b.verify()), b.skipped().to_vec()),
        Err(e) => (Some(e.in_lang(lang).problems), None, Vec::new()),
    };
    let mut findings: Vec<Finding<'_>> = Vec::new();
    // What the walk did not read (links out of the tree, FIFOs): warnings, never silence.
    findings.extend(skipped.iter().map(|p| Finding { severity: "warning", ..Finding::from_problem(p) }));
    if let Some(problems) = &findings_owner {
        findings.extend(problems.iter().map(Finding::from_problem));
    }
    if let Some(r) = &report {
        findings.extend(r.diagnostics.iter().map(|d| Finding::from_diagnostic(d, lang)));
    }
    let count = |s: &str| findings.iter().filter(|f| f.severity == s).count();
    let (errors, warnings, notes) = (count("error"), count("warning"), count("info"));
    match format {
        Format::Json => {
            let doc = serde_json::json!({
                "errors": errors,
                "warnings": warnings,
                "infos": notes,
                "diagnostics": findings.iter().map(render::json).collect::<Vec<_>>(),
            });
            output::line(&format!("{doc:#}"));
        }
        Format::Sarif => {
            output::line(&format!("{:#}", render::sarif(&findings)));
        }
        Format::Text => {
            // Each file read once, with where its lines start (30,000 findings must not mean
            // 30,000 reads of the file, nor a scan from its start for each).
            let mut files: std::collections::HashMap<&str, Option<(String, Vec<usize>)>> =
                std::collections::HashMap::new();
            let mut open = true;
            for f in &findings {
                let source = files.entry(f.file).or_insert_with(|| {
                    // Only regular files are opened (a FIFO would block for ever).
                    if !std::fs::metadata(f.file).is_ok_and(|m| m.is_file()) {
                        return None;
                    }
                    // Lines as the loader counted them.
                    let text = std::fs::read_to_string(f.file).ok()?;
                    let text = discretion::table::lone_carriage_returns_as_newlines(&text).into_owned();
                    let starts = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
                    Some((text, starts))
                });
                let line = source.as_ref().and_then(|(text, starts)| {
                    let i = usize::try_from(f.line.checked_sub(1)?).ok()?;
                    let (start, end) = (*starts.get(i)?, starts.get(i + 1).map_or(text.len(), |e| e - 1));
                    text.get(start..end).map(|l| l.trim_end_matches('\r'))
                });
                open = open && output::line(&render::text(f, line, lang));
            }
            if open {
                output::line(&summary(lang, errors, warnings, notes, report.as_ref()));
            }
        }
    }
    // Files that cannot be read at all are an I/O failure, not a finding in a table.
    if let Some(problems) = &findings_owner
        && problems.iter().all(|p| p.kind == ProblemKind::File && p.position.line == 0)
    {
        return ExitCode::from(2);
    }
    if errors > 0 || (deny_warnings && warnings > 0) { ExitCode::from(1) } else { ExitCode::SUCCESS }
}

fn summary(lang: Lang, errors: usize, warnings: usize, notes: usize, report: Option<&Report>) -> String {
    let loaded = report.is_some();
    let counted = |n: usize, one: &str| if n == 1 { format!("1 {one}") } else { format!("{n} {one}s") };
    let (errors_en, warnings_en, notes_en) =
        (counted(errors, "error"), counted(warnings, "warning"), counted(notes, "note"));
    match (lang, loaded) {
        (Lang::En, true) => format!("{errors_en}, {warnings_en}, {notes_en}"),
        (Lang::En, false) => format!("{errors_en}: the tables did not load, so they were not verified"),
        (Lang::Zh, true) => format!("错误 {errors} 个，警告 {warnings} 个，提示 {notes} 个"),
        (Lang::Zh, false) => format!("错误 {errors} 个：基准表未能载入，未作校验"),
    }
}
