//! The `discretion` binary: exit status and output of `lint`.

use std::process::Command;

fn discretion(args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_discretion")).args(args).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    (out.status.code().unwrap_or(-1), text)
}

#[test]
fn lint_of_shipped_rules_is_clean() {
    let (code, out) = discretion(&["lint", "rules"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("ok: 11 files, 6 tables"), "{out}");
}

#[test]
fn lint_reports_located_problems_with_snippet_and_exit_1() {
    let dir = std::env::temp_dir().join(format!("discretion-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let f = dir.join("bad.yaml");
    std::fs::write(&f, "discretion: 1\nfacts:\n  - {id: x, type: cuont, naem: {zh: 中文}}\n").unwrap();
    let (code, out) = discretion(&["lint", f.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("error[L004]: unknown field `naem`"), "{out}");
    assert!(out.contains(&format!("--> {}:3:26", f.display())), "{out}");
    assert!(out.contains("help: did you mean `name`?"), "{out}");
    assert!(out.contains("3 |   - {id: x, type: cuont, naem: {zh: 中文}}"), "{out}");
    let (code, json) = discretion(&["lint", "--format", "json", f.to_str().unwrap()]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["diagnostics"][0]["code"], "L004");
    assert_eq!(v["diagnostics"][0]["line"], 3);
    assert_eq!(v["diagnostics"][0]["path"], "facts[0].naem");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn usage_and_io_errors_exit_2() {
    assert_eq!(discretion(&["lint", "/no/such/path"]).0, 2);
    assert_eq!(discretion(&["lint"]).0, 2);
    assert_eq!(discretion(&["frobnicate"]).0, 2);
    assert_eq!(discretion(&["--help"]).0, 0);
}
