//! `discretion lint`: load tables, verify them, report every finding.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use discretion::Benchmark;
use discretion::table::{Lang, ProblemKind};
use discretion::verify::Report;

use super::render::{self, Finding};
use super::{Format, Language, output};

pub(crate) fn run(paths: &[PathBuf], format: Format, lang: Language) -> ExitCode {
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
    let (findings_owner, report) = match Benchmark::from_paths(&refs) {
        Ok(b) => (None, Some(b.verify())),
        Err(e) => (Some(e.problems), None),
    };
    let mut findings: Vec<Finding<'_>> = Vec::new();
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
            let mut open = true;
            for f in &findings {
                let source = std::fs::read_to_string(f.file).ok();
                open = open && output::line(&render::text(f, source.as_deref()));
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
    if errors > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS }
}

fn summary(lang: Lang, errors: usize, warnings: usize, notes: usize, report: Option<&Report>) -> String {
    let loaded = report.is_some();
    match (lang, loaded) {
        (Lang::En, true) => format!("{errors} errors, {warnings} warnings, {notes} notes"),
        (Lang::En, false) => format!("{errors} errors: the tables did not load, so they were not verified"),
        (Lang::Zh, true) => format!("错误 {errors} 个，警告 {warnings} 个，提示 {notes} 个"),
        (Lang::Zh, false) => format!("错误 {errors} 个：基准表未能载入，未作校验"),
    }
}
