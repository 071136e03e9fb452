//! The `discretion` binary: exit status and output of `lint`.

mod common;

use std::process::Command;

fn discretion(args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_discretion")).args(args).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    (out.status.code().unwrap_or(-1), text)
}

#[test]
fn lint_of_shipped_rules_reports_the_real_defects_and_exits_1() {
    let (code, out) = discretion(&["lint", "rules"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("error[D004]"), "{out}");
    assert!(out.contains("minimum 70,000 is below the statutory minimum 100,000"), "{out}");
    assert!(out.contains("--> rules/transport/road-transport-63.yaml:117:"), "{out}");
    assert!(
        out.contains("= witness: illegal_gains = 0, offence_count = 1, serious = false, transport_kind = freight"),
        "{out}"
    );
    assert!(out.ends_with("12 errors, 6 warnings, 0 notes\n"), "{out}");
    let (_, zh) = discretion(&["lint", "--lang", "zh", "rules"]);
    assert!(zh.contains("下限 70,000 低于法定最低 100,000"), "{zh}");
    assert!(zh.contains("错误 12 个，警告 6 个，提示 0 个"), "{zh}");
    // The frame in Chinese: severity, place, example facts and advice.
    assert!(zh.contains("错误[D004]：") && zh.contains("警告[D011]："), "{zh}");
    // A weight model is named as one, not as a level called `weights`.
    assert!(zh.contains("错误[D004]：`gd-env.2.7.1`：权重模型的罚款 70,000至1,000,000："), "{zh}");
    assert!(out.contains("error[D004]: `gd-env.2.7.1`: the weight model's fines 70,000–1,000,000:"), "{out}");
    assert!(zh.contains("   = 位置 `violations[18].weights.start`"), "{zh}");
    assert!(zh.contains("   = 示例：illegal_gains = 0, offence_count = 1, serious = false"), "{zh}");
    assert!(zh.contains("   = 建议："), "{zh}");
    assert!(!zh.contains("error[") && !zh.contains("= witness") && !zh.contains("= help"), "{zh}");
    // Bands in Chinese too: "5,000以上不满12,000", not "5,000 to under 12,000".
    assert!(zh.contains("裁量幅度 5,000以上不满12,000") && !zh.contains(" to under "), "{zh}");
    assert!(zh.contains("（不满10,000，中点 5,000）"), "{zh}");
}

/// `lint` names tables as the other commands do (`--rules`), and with none verifies the tables
/// embedded in the binary (it refused to run without a path).
#[test]
fn lint_takes_rules_as_the_other_commands_do() {
    let (code, paths) = discretion(&["lint", "rules"]);
    assert_eq!(code, 1);
    assert_eq!(discretion(&["lint", "--rules", "rules"]), (1, paths.clone()));
    let (code, embedded) = discretion(&["lint"]);
    assert_eq!(code, 1, "{embedded}");
    assert!(embedded.ends_with("12 errors, 6 warnings, 0 notes\n"), "{embedded}");
    let (code, split) = discretion(&["lint", "rules/law", "--rules", "rules/transport"]);
    assert_eq!(code, 1, "{split}");
    assert!(split.contains("road-transport-63.yaml"), "{split}");
}

#[test]
fn lint_emits_sarif_2_1_0() {
    let (code, out) = discretion(&["lint", "--format", "sarif", "rules"]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["version"], "2.1.0");
    let run = &v["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "discretion");
    assert!(run["tool"]["driver"]["rules"].as_array().unwrap().iter().any(|r| r["id"] == "D009"));
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 18);
    let r = results.iter().find(|r| r["ruleId"] == "D004").unwrap();
    assert_eq!(r["level"], "error");
    let loc = &r["locations"][0]["physicalLocation"];
    assert_eq!(loc["artifactLocation"]["uri"], "rules/guangdong/environment-fines-2021.yaml");
    assert!(loc["region"]["startLine"].as_u64().unwrap() > 1);
}

#[test]
fn lint_of_a_clean_table_exits_0() {
    let (code, out) = discretion(&["lint", "rules/jiangmen/environment-2020.yaml", "rules/law"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("0 errors, 0 warnings, 0 notes"), "{out}");
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
    // A byte-order mark is not shown, nor padded as a wide character: the caret stands under
    // the column it names (two cells off before). Wide characters before it take two cells.
    let f = dir.join("bom.yaml");
    std::fs::write(&f, "\u{feff}discretion: 2\n").unwrap();
    let (_, out) = discretion(&["lint", f.to_str().unwrap()]);
    assert!(out.contains(&format!("--> {}:1:13", f.display())), "{out}");
    assert!(out.contains("1 | discretion: 2\n  |             ^\n"), "{out}");
    let f = dir.join("wide.yaml");
    std::fs::write(&f, "discretion: 1\nfacts:\n  - {id: x, name: {zh: 中文·é}, type: cuont, naem: 1}\n").unwrap();
    let (_, out) = discretion(&["lint", f.to_str().unwrap()]);
    let lead = format!("  | {}　　  ", " ".repeat(23));
    assert!(out.contains(&format!("3 |   - {{id: x, name: {{zh: 中文·é}}, type: cuont, naem: 1}}\n{lead}")), "{out}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn usage_and_io_errors_exit_2() {
    assert_eq!(discretion(&["lint", "/no/such/path"]).0, 2);
    assert_eq!(discretion(&["lint", "--rules", "/no/such/path"]).0, 2);
    assert_eq!(discretion(&["frobnicate"]).0, 2);
    assert_eq!(discretion(&["--help"]).0, 0);
    // A listing is not annotated: SARIF is lint's (list printed text for it).
    assert_eq!(discretion(&["list", "--format", "sarif"]).0, 2);
}

/// `list` names the facts a case can record with their types, in the language asked for; the
/// JSON listing keeps the English type words programs read.
#[test]
fn list_says_fact_types_in_the_language_asked() {
    let (code, en) = discretion(&["list"]);
    assert_eq!(code, 0, "{en}");
    assert!(en.contains("one of: individual, organisation") && en.contains("yes/no"), "{en}");
    let (_, zh) = discretion(&["list", "--lang", "zh"]);
    // Values by the Chinese names a case file may use, with their ids (a user trial saw ids only).
    assert!(zh.contains("取值之一：个人（individual）、单位（organisation）") && zh.contains("是/否"), "{zh}");
    assert!(zh.contains("取值之一：一般区域（general）、"), "{zh}");
    assert!(!zh.contains("one of:") && !zh.contains("yes/no"), "{zh}");
    // Columns line up on a terminal, where a Chinese character takes two columns: each fact's
    // type starts at the same column when its label fits in its 24 (padding by characters
    // scattered it); labels start at one column, after the longest id.
    let facts = zh.split("事实（案件文件的列）：").nth(1).unwrap();
    let lines: Vec<&str> = facts.lines().filter(|l| !l.is_empty()).collect();
    let label_at = lines.iter().map(|l| 2 + l.trim_start().split(' ').next().unwrap().len() + 1).max().unwrap();
    let mut lined = 0;
    for line in &lines {
        let rest = line.get(label_at..).unwrap();
        assert!(!rest.starts_with(' '), "{line}");
        let label = rest.split(' ').next().unwrap();
        let type_at = label_at + label.len() + rest[label.len()..].find(|c| c != ' ').unwrap();
        if unicode_width::UnicodeWidthStr::width(label) < 24 {
            assert_eq!(unicode_width::UnicodeWidthStr::width(&line[..type_at]), label_at + 25, "{line}");
            lined += 1;
        }
    }
    assert!(lined > 10, "{facts}");
    let (_, json) = discretion(&["list", "--format", "json"]);
    assert!(json.contains("\"type\":\"yes/no\"") || json.contains("\"type\": \"yes/no\""), "{json}");
    // Each violation says which facts a case of it is judged on: the tiers' (days late, party,
    // correction before discovery) and the statute's branch (serious).
    let facts_of = |listing: &str, id: &str| -> String {
        let mut lines = listing.lines().skip_while(|l| l.split_whitespace().next() != Some(id));
        lines.nth(2).unwrap_or_default().to_string()
    };
    let line = facts_of(&en, "gd-tax.60.1");
    assert!(line.trim_start().starts_with("facts "), "{line}");
    for fact in ["days_late", "party", "corrected_before_discovery", "serious"] {
        assert!(line.contains(fact), "{line}");
    }
    let line = facts_of(&zh, "gd-tax.60.1");
    // Separated by ；: fact names hold 、 themselves (配合调查、经发现后…).
    assert!(line.contains("所需事实") && line.contains("；"), "{line}");
    // The statute by its citation in Chinese (it gave the id, `tax-collection-law.60.1`).
    let statute = zh.lines().skip_while(|l| l.split_whitespace().next() != Some("gd-tax.60.1")).nth(1).unwrap();
    assert!(statute.trim_start().starts_with("法条 中华人民共和国税收征收管理法第六十条第一款 · "), "{statute}");
    // Beyond levels and bands: the table's adjustments (a tier up, a reduction), a required
    // sanction's condition, the statute's sanctions and every version's branches, and the
    // no-penalty list that covers the violation.
    let (code, fixture) = discretion(&["list", "--rules", "tests/fixtures/list-facts.yaml"]);
    assert_eq!(code, 0, "{fixture}");
    assert_eq!(
        facts_of(&fixture, "v1").trim(),
        "facts kind, old_fact, repeat_count, gains, apology, stat_sanction_fact"
    );
    assert_eq!(facts_of(&fixture, "v2").trim(), "facts old_fact, first_offence, stat_sanction_fact");
    let (_, fixture) = discretion(&["list", "--lang", "zh", "--rules", "tests/fixtures/list-facts.yaml"]);
    assert_eq!(facts_of(&fixture, "v2").trim(), "所需事实 旧法事实；首次违法；法定附加处罚事实");
    let listing: serde_json::Value = serde_json::from_str(&json).unwrap();
    let v = listing["violations"].as_array().unwrap().iter().find(|v| v["id"] == "gd-tax.60.1").unwrap();
    let facts: Vec<&str> = v["facts"].as_array().unwrap().iter().map(|f| f.as_str().unwrap()).collect();
    assert!(facts.contains(&"days_late") && facts.contains(&"serious"), "{facts:?}");
}

/// The README's real output of `lint rules` is real: every line of its three findings is a line
/// of the output, in order (it had kept an older place of the road-transport finding).
#[test]
fn the_readme_shows_the_real_lint_output() {
    let (_, out) = discretion(&["lint", "rules"]);
    common::assert_readme_shows("(three of the eighteen findings):", &out, 15);
}

/// The README's first screen says what the sample check prints: its closing counts, and which
/// finding codes the sample does not show. It had kept saying `C001`–`C039` and left `C040` off
/// the list of codes missing from the sample after `C040` was added.
#[test]
fn the_readme_says_what_the_sample_check_shows() {
    let (_, out) = discretion(&["check", "examples/cases-sample.csv"]);
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let first_screen: String = readme.lines().take(30).collect::<Vec<_>>().join(" ");
    let summary = out.lines().find(|l| l.contains(" rows read = ")).unwrap();
    assert!(first_screen.contains(&format!("(`{summary}`)")), "{summary}");
    // Every finding code there is, from the one place that lists them.
    let codes: Vec<String> = discretion::check::CaseCheck::ALL.iter().map(|c| c.code().to_string()).collect();
    let last = codes.last().unwrap();
    assert!(readme.contains(&format!("`C001`–`{last}`")), "the README's range of codes ends at {last}");
    let shown: std::collections::BTreeSet<&str> =
        out.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| codes.iter().any(|c| c == w)).collect();
    let missing: Vec<&str> = codes.iter().map(String::as_str).filter(|c| !shown.contains(c)).collect();
    let (_, list) = first_screen.split_once("finding kinds (not ").unwrap();
    let (list, _) = list.split_once(": tests cover those").unwrap();
    let said: Vec<&str> = list.split([',', ' ']).filter(|w| w.starts_with('C')).collect();
    assert_eq!(said, missing, "the README's list of codes the sample does not show");
}

/// The README's load error is the real output of `lint` on the example file it names (it once
/// showed a file under /tmp that nobody else had, with an older list of expected keys).
#[test]
fn the_readme_shows_the_real_load_error() {
    let (code, out) = discretion(&["lint", "examples/misspelled-key.yaml"]);
    assert_eq!(code, 1, "{out}");
    common::assert_readme_shows("a statute file with `maxx` for `max`:", &out, 7);
}

/// A table whose only finding is a warning (a gap, D006) passes `lint`, and fails it with
/// `--deny-warnings`, as a check on every edit wants.
#[test]
fn lint_can_fail_on_warnings() {
    let dir = std::env::temp_dir().join(format!("discretion-deny-warnings-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for name in ["tax-collection-law.yaml", "guangdong-state-tax-2014.yaml"] {
        let text = std::fs::read_to_string(format!("rules/tax/{name}")).unwrap();
        // The serious tier for organisations from "more than 31 days": day 31 falls between tiers.
        let text = text.replace(
            "{all: [{fact: days_late, more_than: 30}, {fact: party, is: organisation}]}",
            "{all: [{fact: days_late, more_than: 31}, {fact: party, is: organisation}]}",
        );
        std::fs::write(dir.join(name), text).unwrap();
    }
    let dir = dir.to_str().unwrap();
    let (code, out) = discretion(&["lint", dir, "rules/law"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("D006") && out.contains("0 errors, 1 warning"), "{out}");
    let (code, out) = discretion(&["lint", "--deny-warnings", dir, "rules/law"]);
    assert_eq!(code, 1, "{out}");
    let (code, _) = discretion(&["lint", "--deny-warnings", "rules/jiangmen/environment-2020.yaml", "rules/law"]);
    assert_eq!(code, 0, "a clean table still passes");
}

/// A report that cannot be written whole (a full disk, a file size limit) is an error, exit 2,
/// never a cut-short report with the exit status of a complete one (a user trial: `check
/// --format csv > out.csv` on a full disk exited 0). A reader that stops reading (`| head`)
/// only stops the output.
#[test]
fn a_report_that_cannot_be_written_is_an_error() {
    let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") else { return };
    let root = env!("CARGO_MANIFEST_DIR");
    let (cases, sample) = (format!("{root}/examples/cases-sample.csv"), format!("{root}/examples/audit-sample.csv"));
    for args in [
        vec!["check", "--format", "csv", cases.as_str()],
        vec!["check", cases.as_str()],
        vec!["audit", "--format", "json", sample.as_str()],
        vec!["audit", "--lang", "zh", sample.as_str()],
        vec!["lint", "rules"],
        vec!["list"],
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_discretion"))
            .args(&args)
            .current_dir(root)
            .stdout(full.try_clone().unwrap())
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        let said = if args.contains(&"zh") { "无法写入标准输出" } else { "cannot write to standard output" };
        assert!(err.contains(said), "{args:?}: {err}");
    }
    // A pipe closed early: no error of the run.
    let mut child = Command::new(env!("CARGO_BIN_EXE_discretion"))
        .args(["check", &cases])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("cannot write") && out.status.code() == Some(1), "{err}");
}

/// A reader that stops reading ends the output in every format quietly: a broken pipe inside
/// the CSV or JSON writer's error is still a broken pipe (it said "cannot write … Broken pipe",
/// exit 2, for `--format csv|json|jsonl`: a review found).
#[test]
fn a_closed_pipe_is_no_error_in_any_format() {
    use std::io::Read;
    let root = env!("CARGO_MANIFEST_DIR");
    // Enough rows that the output outgrows the pipe's buffer after the reader has gone.
    let mut big = String::from("case_id,violation,party,act_ended,decided,days_late,fine,hearing_notified\n");
    for i in 0..20_000 {
        big.push_str(&format!("T{i},gd-tax.60.1,organisation,2016-03-01,2016-05-01,{},340,true\n", i % 90));
    }
    let dir = std::env::temp_dir().join(format!("discretion-pipe-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let cases = dir.join("big.csv");
    std::fs::write(&cases, big).unwrap();
    let cases = cases.to_str().unwrap();
    for args in [
        vec!["check", "--format", "csv", cases],
        vec!["check", "--format", "json", cases],
        vec!["check", "--format", "jsonl", cases],
        vec!["audit", "--format", "csv", cases],
        vec!["audit", "--format", "json", cases],
        vec!["audit", "--format", "jsonl", cases],
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_discretion"))
            .args(&args)
            .current_dir(root)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut first = [0u8; 16];
        let _ = child.stdout.as_mut().unwrap().read(&mut first);
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!err.contains("cannot write") && out.status.code() != Some(2), "{args:?}: {err}");
    }
}
