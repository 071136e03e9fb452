//! The audit's HTML report: self-contained (no script, no network), every flagged case in the
//! page with its anchor. With `DISCRETION_CHROMIUM` naming a browser (`.ci/run` installs
//! Debian's chromium), the page is also rendered headless: the flagged ids must be in the DOM
//! the browser built, and the screenshot must not be blank.

use std::path::PathBuf;
use std::process::Command;

fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("discretion-html-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

/// Writes the sample's report and returns its path and the flagged case ids.
fn report(lang: &str) -> (PathBuf, Vec<String>) {
    let html = temp(&format!("audit-{lang}.html"));
    let out = Command::new(env!("CARGO_BIN_EXE_discretion"))
        .args(["audit", "--format", "json", "--lang", lang, "--html"])
        .arg(&html)
        .arg("examples/audit-sample.csv")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let ids: Vec<String> =
        v["flags"].as_array().unwrap().iter().map(|f| f["case_id"].as_str().unwrap().to_string()).collect();
    assert!(!ids.is_empty(), "the sample has flags");
    (html, ids)
}

#[test]
fn the_report_is_self_contained_and_names_every_flag() {
    for lang in ["en", "zh"] {
        let (html, ids) = report(lang);
        let page = std::fs::read_to_string(&html).unwrap();
        assert!(page.starts_with("<!doctype html>"));
        assert!(!page.contains("<script") && !page.contains("http://") && !page.contains("https://"), "offline");
        for id in &ids {
            assert!(page.contains(&format!(">{id}<")), "{id} in the page");
        }
        assert!(page.matches("<svg").count() >= 3);
        if lang == "zh" {
            assert!(page.contains("类案不同罚审查报告") && page.contains("启发式"));
            // Peers' fines as officials read them: separators and 元.
            assert!(page.contains("1,785,300元"), "amounts with separators and 元");
        } else {
            assert!(page.contains("1,785,300"), "amounts with separators");
        }
    }
}

#[test]
fn a_real_browser_renders_it() {
    let Some(browser) = std::env::var_os("DISCRETION_CHROMIUM") else {
        eprintln!("DISCRETION_CHROMIUM not set: the browser rendering is checked in .ci/run");
        return;
    };
    let (html, ids) = report("en");
    let url = format!("file://{}", html.display());
    let base = ["--headless", "--no-sandbox", "--disable-gpu", "--window-size=1280,2400"];
    let dom = Command::new(&browser).args(base).arg("--dump-dom").arg(&url).output().unwrap();
    let dom = String::from_utf8_lossy(&dom.stdout);
    for id in &ids {
        assert!(dom.contains(id.as_str()), "{id} in the rendered DOM");
    }
    let png = temp("audit.png");
    let shot =
        Command::new(&browser).args(base).arg(format!("--screenshot={}", png.display())).arg(&url).output().unwrap();
    assert!(shot.status.success(), "{}", String::from_utf8_lossy(&shot.stderr));
    let bytes = std::fs::read(&png).unwrap();
    assert!(bytes.starts_with(b"\x89PNG"), "a PNG");
    // A blank 1280×2400 page compresses to a few kilobytes; the report's text and plots do not.
    assert!(bytes.len() > 50_000, "the screenshot has content ({} bytes)", bytes.len());
    let distinct: std::collections::BTreeSet<u8> = bytes.iter().copied().collect();
    assert!(distinct.len() > 200);
}
