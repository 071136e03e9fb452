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

/// What a reader needs beside the charts: a table of contents, each flag's tier in words,
/// its fine with `check`'s verdict and who decided it, headed columns, and what a chart leaves
/// out (a group too small to flag in). The page scales to a phone's width.
#[test]
fn the_report_says_what_each_number_is() {
    let (html, _) = report("en");
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.contains("<meta name=\"viewport\""), "scales on a phone");
    assert!(page.contains("<nav><a href=\"#summary\">Summary</a>"), "a table of contents");
    assert!(page.contains("<a href=\"#flags\">flags</a>"), "the summary links to the flags");
    assert!(page.contains("<th>fine and check's verdict</th><th>unit / officer</th>"));
    assert!(page.contains("(strong)</td>") && page.contains("(review)</td>"), "tiers in words");
    assert!(
        page.contains("needs_review") && page.contains("<td>广州市生态环境局 / 广州-执法员"),
        "verdict and who decided"
    );
    // gd-env.1.1 has 8 cases in the sample: drawn, and said to be too few to flag in.
    assert!(page.contains("fewer than 10 cases: no case is flagged here"));
    assert!(page.contains("<th>statute</th><th>table and level applied: its band (an example)</th>"));
    assert!(page.contains("building without an approved EIA report"), "English names the violations");
    // Flagged dots on one lane are never so close that one hides another.
    let mut lanes: std::collections::BTreeMap<(usize, String), Vec<f64>> = std::collections::BTreeMap::new();
    for (g, chart) in page.split("<svg").enumerate() {
        for dot in chart.split("<circle").filter(|c| c.contains("r=\"4.5\"")) {
            let attr =
                |name: &str| dot.split(&format!("{name}=\"")).nth(1).unwrap().split('"').next().unwrap().to_string();
            lanes.entry((g, attr("cy"))).or_default().push(attr("cx").parse().unwrap());
        }
    }
    assert!(lanes.len() > 5, "flagged dots found");
    // Every flagged dot of the sample has a place of its own (four lanes stacked twelve cases
    // at one position three deep: a user trial), so none is said to be drawn over another.
    for ((g, lane), mut xs) in lanes {
        xs.sort_by(f64::total_cmp);
        assert!(xs.windows(2).all(|w| w[1] - w[0] >= 10.0), "chart {g} lane {lane}: {xs:?}");
    }
    assert!(!page.contains("drawn over others"));
    // The contents wrap rather than run off a narrow window, and every table scrolls in a box
    // of its own: three tables widened a phone's page (a user trial).
    assert!(page.contains("nav{display:flex;flex-wrap:wrap"));
    assert_eq!(page.matches("<table>").count(), page.matches("<div class=\"wrap\"><table>").count());
    let zh = std::fs::read_to_string(report("zh").0).unwrap();
    assert!(
        zh.contains("10,000元以上不满30,000元") && zh.contains("少于10件：不标记个案") && zh.contains("显示 11 个")
    );
    assert!(zh.contains("（强）</td>") && zh.contains("（复核）</td>"), "Chinese brackets in Chinese");
}

/// A batch too small to flag in says so: no flag is not a clean result.
#[test]
fn a_batch_too_small_to_flag_says_so() {
    let csv = temp("few.csv");
    let sample = std::fs::read_to_string("examples/audit-sample.csv").unwrap();
    let few: Vec<&str> = sample.lines().take(5).collect();
    std::fs::write(&csv, few.join("\n") + "\n").unwrap();
    let html = temp("few.html");
    let out =
        Command::new(env!("CARGO_BIN_EXE_discretion")).args(["audit", "--html"]).arg(&html).arg(&csv).output().unwrap();
    assert!(out.status.code().is_some_and(|c| c <= 1), "{}", String::from_utf8_lossy(&out.stderr));
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.contains("No group has the 10 cases needed to flag a case"), "said");
    assert!(page.contains("No flag (see the summary"));
    assert!(
        page.contains("None found. A unit or officer is tested only in a group where it decided at least 20 cases.")
    );
}

/// A chart that shows a sample of its group's cases, or fewer flagged cases than the group
/// has (beyond the run's listing limit), says so under its title.
#[test]
fn a_chart_says_what_it_leaves_out() {
    let sample = std::fs::read_to_string("examples/audit-sample.csv").unwrap();
    let mut lines = sample.lines();
    let mut csv = format!("{}\n", lines.next().unwrap());
    let rows: Vec<&str> = lines.collect();
    // Fifteen copies of every decision, ids made distinct: the largest group passes 2,000.
    for copy in 0..15 {
        for row in &rows {
            let (id, rest) = row.split_once(',').unwrap();
            csv.push_str(&format!("{id}-{copy},{rest}\n"));
        }
    }
    let (input, config, html) = (temp("copies.csv"), temp("copies.yaml"), temp("copies.html"));
    std::fs::write(&input, csv).unwrap();
    std::fs::write(&config, "max_flags: 5\n").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_discretion"))
        .args(["audit", "--html"])
        .arg(&html)
        .arg("--config")
        .arg(&config)
        .arg(&input)
        .output()
        .unwrap();
    assert!(out.status.code().is_some_and(|c| c <= 1), "{}", String::from_utf8_lossy(&out.stderr));
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.contains("2,000 of the 2,265 cases drawn, evenly spaced by rank"), "sampled");
    assert!(page.contains("flagged cases marked (the run lists its 5 strongest flags"), "beyond the limit");
    assert!(page.contains("flags beyond the listing limit (max_flags = 5)"));
}
