//! The sample's outputs in every format and both languages, byte for byte: speed work (or any
//! refactoring) must not change a result. After an intended change, regenerate with
//! `DISCRETION_BLESS=1 cargo test --test golden` and review the diff.

use std::path::Path;
use std::process::Command;

fn check(format: &str, lang: &str) -> (Vec<u8>, Vec<u8>) {
    let out = Command::new(env!("CARGO_BIN_EXE_discretion"))
        .args(["check", "--format", format, "--lang", lang, "examples/cases-sample.csv"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    (out.stdout, out.stderr)
}

fn golden(name: &str, actual: &[u8]) {
    let path = Path::new("tests/golden").join(name);
    if std::env::var_os("DISCRETION_BLESS").is_some() {
        std::fs::create_dir_all("tests/golden").unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e} (bless to create it)", path.display()));
    if expected != actual {
        let (e, a) = (String::from_utf8_lossy(&expected), String::from_utf8_lossy(actual));
        let first =
            e.lines().zip(a.lines()).position(|(x, y)| x != y).unwrap_or(e.lines().count().min(a.lines().count()));
        panic!(
            "{} differs from the output, first at line {}:\n  expected: {:?}\n  actual:   {:?}",
            path.display(),
            first + 1,
            e.lines().nth(first),
            a.lines().nth(first)
        );
    }
}

#[test]
fn every_format_and_language_is_unchanged() {
    for lang in ["en", "zh"] {
        for format in ["text", "json", "jsonl", "csv"] {
            let (stdout, stderr) = check(format, lang);
            let ext = if format == "text" { "txt" } else { format };
            golden(&format!("sample.{lang}.{ext}"), &stdout);
            if format != "text" {
                // The summary goes to stderr when stdout carries data.
                golden(&format!("sample.{lang}.{format}.summary.txt"), &stderr);
            }
        }
    }
}
