//! `discretion lint`: load tables and report problems.

use std::path::PathBuf;
use std::process::ExitCode;

use discretion::Benchmark;
use discretion::table::{Problem, ProblemKind};

use super::{Format, render};

fn json_problem(p: &Problem) -> serde_json::Value {
    serde_json::json!({
        "code": p.kind.code(),
        "severity": "error",
        "file": &*p.file,
        "line": p.position.line,
        "column": p.position.column,
        "path": p.path,
        "message": p.message,
        "help": p.help,
    })
}

pub(crate) fn run(paths: &[PathBuf], format: Format) -> ExitCode {
    for p in paths {
        if !p.exists() {
            eprintln!("error: {}: no such file or directory", p.display());
            return ExitCode::from(2);
        }
    }
    let refs: Vec<&std::path::Path> = paths.iter().map(PathBuf::as_path).collect();
    let result = Benchmark::from_paths(&refs);
    let problems = match &result {
        Ok(_) => Vec::new(),
        Err(e) => e.problems.clone(),
    };
    match format {
        Format::Json => {
            let doc = serde_json::json!({
                "errors": problems.len(),
                "diagnostics": problems.iter().map(json_problem).collect::<Vec<_>>(),
            });
            println!("{doc:#}");
        }
        Format::Text => {
            for p in &problems {
                // The library keeps texts only of files that loaded; re-read for the snippet.
                let text = std::fs::read_to_string(&*p.file).ok();
                println!("{}", render::problem(p, text.as_deref()));
            }
            match &result {
                Ok(b) => {
                    let violations: usize = b.tables().iter().map(|t| t.violations.len()).sum();
                    println!(
                        "ok: {} files, {} tables, {} violations, {} statutes, {} facts",
                        b.source_files().len(),
                        b.tables().len(),
                        violations,
                        b.statutes().len(),
                        b.facts().len()
                    );
                }
                Err(_) => println!("error: {} problem(s) found", problems.len()),
            }
        }
    }
    if problems.iter().all(|p| p.kind == ProblemKind::File && p.position.line == 0) && !problems.is_empty() {
        return ExitCode::from(2);
    }
    if problems.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) }
}
