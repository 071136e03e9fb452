//! `discretion audit` on what office exports hold: lawful no-penalty decisions, adjustments the
//! export does not record, repeated and misspelt columns; exit status and what the summary says.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

fn run(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_discretion")).args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

fn temp(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("discretion-audit-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

const HEADER: &str = "case_id,violation,act_ended,discovered,decided,party,fine,eia_location,\
corrected_within_deadline,apology_and_pledge,circumstances,first_offence,harm_minor,in_protected_area,\
claimed_disposition\n";

/// A Guangdong §1.3 decision (registration form not filed, corrected within the deadline:
/// band under 10,000) with `fine`, the apology given or not (empty: not recorded), the
/// no-penalty entry's facts (first offence, minor harm) and the claimed disposition.
fn row(id: &str, fine: &str, apology: &str, exempt: bool, disposition: &str) -> String {
    let e = if exempt { "true,true" } else { "false,false" };
    format!(
        "{id},gd-env.1.3,2023-01-10,2023-01-20,2023-05-01,organisation,{fine},general,true,{apology},ordinary,{e},false,{disposition}\n"
    )
}

/// Fourteen ordinary decisions fined 4,000–5,300.
fn crowd() -> String {
    (0..14).map(|i| row(&format!("W{i:02}"), &(4000 + 100 * i).to_string(), "false", false, "")).collect()
}

fn json(args: &[&str]) -> serde_json::Value {
    let (_, out, err) = run(args);
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}{err}"))
}

fn not_compared(v: &serde_json::Value, reason: &str) -> Vec<String> {
    let entries = v["summary"]["not_comparable"].as_array().unwrap();
    let entry = entries.iter().find(|e| e["reason"] == reason);
    entry.map_or_else(Vec::new, |e| {
        e["case_ids"].as_array().unwrap().iter().map(|x| x.as_str().unwrap().to_string()).collect()
    })
}

fn flagged(v: &serde_json::Value) -> Vec<String> {
    v["flags"].as_array().unwrap().iter().map(|f| f["case_id"].as_str().unwrap().to_string()).collect()
}

/// Not penalising on a ground the law gives (the no-penalty entry `gd-env-np.1`) is not "the
/// same case punished differently"; a penalty where that entry means none (`check`'s C004) has
/// no lawful position in the band. Neither is compared. Not penalising without a ground is.
#[test]
fn lawful_no_penalty_decisions_are_not_compared() {
    // Not penalised, minor harm, whether it is a first offence not recorded: the exemption may
    // be the ground.
    let undecided = row("UNDECIDED", "0", "false", false, "不予处罚").replace("ordinary,false,false", "ordinary,,true");
    let text = crowd()
        + &row("EXEMPT", "0", "false", true, "不予处罚")
        + &row("FINED_ANYWAY", "4000", "false", true, "")
        + &row("NO_GROUND", "0", "false", false, "不予处罚")
        + &undecided;
    let file = temp("no-penalty.csv", &(HEADER.to_string() + &text));
    let v = json(&["audit", "--format", "json", file.to_str().unwrap()]);
    assert_eq!(not_compared(&v, "no_penalty_ground"), ["EXEMPT", "FINED_ANYWAY", "UNDECIDED"]);
    // The band "under 10,000" keeps its open end.
    let band = &v["groups"][0]["band_range"];
    assert_eq!((band["max"].as_str(), band["max_excluded"].as_bool()), (Some("10000"), Some(true)), "{band}");
    assert_eq!(v["summary"]["comparable"], 15);
    assert!(flagged(&v).contains(&"NO_GROUND".to_string()), "{}", v["flags"]);
    assert!(!flagged(&v).iter().any(|id| id == "EXEMPT" || id == "FINED_ANYWAY"));
}

/// A case that does not record whether it apologised may have had its band reduced: it is
/// compared only with cases where the apology is unknown too, never with those that said no.
#[test]
fn an_adjustment_the_case_does_not_record_is_unknown_not_no() {
    let unknown: String = (0..3).map(|i| row(&format!("U{i}"), &(2500 + 100 * i).to_string(), "", false, "")).collect();
    let file = temp("unknown.csv", &(HEADER.to_string() + &crowd() + &unknown));
    let v = json(&["audit", "--format", "json", file.to_str().unwrap()]);
    assert_eq!(v["summary"]["comparable"], 17);
    assert!(flagged(&v).iter().all(|id| !id.starts_with('U')), "{}", v["flags"]);
    let groups = v["groups"].as_array().unwrap();
    assert_eq!(groups.len(), 2);
    let unknown_group = groups.iter().find(|g| g["n"] == 3).unwrap();
    assert_eq!(unknown_group["label"]["adjustment_unknown"], serde_json::json!(["gd-env.art14.apology"]));
    let (_, text, _) = run(&["audit", file.to_str().unwrap()]);
    assert!(text.contains("?gd-env.art14.apology"), "{text}");
    // In Chinese, by the name the table gives it.
    assert_eq!(
        unknown_group["label"]["adjustment_unknown_zh"],
        serde_json::json!(["公开道歉并作出合规承诺的，减少30%至50%，不低于法定最低"])
    );
    let (_, zh, _) = run(&["audit", "--lang", "zh", file.to_str().unwrap()]);
    assert!(zh.contains(" ?公开道歉并作出合规承诺的，减少30%至50%，不低于法定最低 ") && !zh.contains("art14"), "{zh}");
}

/// An export read twice is compared once; the summary says how many records repeated.
#[test]
fn an_export_read_twice_is_compared_once() {
    let file = temp("twice.csv", &(HEADER.to_string() + &crowd() + &row("HIGH", "9500", "false", false, "")));
    let path = file.to_str().unwrap();
    let once = json(&["audit", "--format", "json", path]);
    let twice = json(&["audit", "--format", "json", path, path]);
    assert_eq!(twice["summary"]["rows_read"], 30);
    assert_eq!(twice["summary"]["comparable"], 15);
    assert_eq!(not_compared(&twice, "repeated").len(), 15);
    assert!(!flagged(&once).is_empty());
    assert_eq!(twice["flags"], once["flags"]);
}

/// A `--map` target that is neither a case field nor a fact is an error (with a suggestion);
/// an audit that can compare none of the records it read says so and exits 1; a list of ids
/// cut short says so.
#[test]
fn a_misspelt_mapping_or_nothing_compared_is_not_success() {
    let renamed = (HEADER.to_string() + &crowd()).replacen(",fine,", ",罚没金额,", 1);
    let file = temp("renamed.csv", &renamed);
    let path = file.to_str().unwrap();
    let (code, _, err) = run(&["audit", "--map", "罚没金额=fin", path]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("`fin` is neither a case field nor a fact") && err.contains("did you mean `fine`?"), "{err}");
    let (code, _, err) = run(&["check", "--lang", "zh", "--map", "罚没金额=fin", path]);
    assert_eq!(code, 2);
    assert!(err.contains("“fin”既非案件字段，也非规则中的事实（是否指“fine”？）"), "{err}");
    // Unmapped, the fine column is read by nothing: no case has a fine.
    let (code, out, err) = run(&["audit", path]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(err.contains("no case could be compared"), "{err}");
    let listed = out.lines().find(|l| l.contains("no fine recorded: 14")).unwrap_or_else(|| panic!("{out}"));
    assert!(listed.ends_with("W09, …)"), "{listed}");
    // Counts read as English: "1 row", not "1 rows".
    let one = temp("one.csv", &(HEADER.to_string() + crowd().lines().next().unwrap() + "\n"));
    let (_, out, _) = run(&["audit", one.to_str().unwrap()]);
    assert!(out.contains("1 row read = 1 compared + 0 not compared; 1 group (0 shown"), "{out}");
    assert!(out.contains("\n1 cross-table comparison not made"), "{out}");
    let (code, _, _) = run(&["audit", "--map", "罚没金额=fine", path]);
    assert_eq!(code, 0);
}

/// Records left out for want of data — an id the rules lack, a fact not recorded — are not
/// "nothing found": the exit status is 1 and standard error says how many the audit does not
/// cover (a user trial: a typed-in violation id left a row out, exit 0). A record repeated, or
/// not penalised on a lawful ground, is no gap.
#[test]
fn records_left_out_for_want_of_data_are_not_success() {
    let slip = row("SLIP", "4500", "false", false, "").replace("gd-env.1.3", "gd-env.1.33");
    let level = row("LEVEL", "4500", "false", false, "").replace(",general,", ",,");
    let again = crowd().lines().next().unwrap().to_string() + "\n";
    let clean = temp("gaps-none.csv", &(HEADER.to_string() + &crowd() + &again));
    let (code, out, err) = run(&["audit", clean.to_str().unwrap()]);
    assert!(out.contains("not compared the same record again in its group (compared once): 1"), "{out}");
    assert_eq!(code, 0, "{out}{err}");
    for (name, extra, n) in [("gaps-slip.csv", slip.clone(), 1), ("gaps-both.csv", slip + &level, 2)] {
        let file = temp(name, &(HEADER.to_string() + &crowd() + &extra));
        let (code, out, err) = run(&["audit", file.to_str().unwrap()]);
        assert_eq!(code, 1, "{out}{err}");
        let said = if n == 1 {
            "1 record not compared for want of data, with data in error, without a band in the rules or past the audit's limits (see the reasons not compared): the audit does not cover it".to_string()
        } else {
            format!(
                "{n} records not compared for want of data, with data in error, without a band in the rules or past the audit's limits (see the reasons not compared): the audit does not cover them"
            )
        };
        assert!(err.contains(&said), "{err}");
        let (_, _, zh) = run(&["audit", "--lang", "zh", file.to_str().unwrap()]);
        assert!(
            zh.contains(&format!("{n}条记录因数据缺失或有误、规则中没有对应幅度或超出审查上限而未参与比较")),
            "{zh}"
        );
    }
}

/// A heavier level punished less is named with its violation, window and table version: with
/// several violations audited, the levels alone are ambiguous.
#[test]
fn an_order_inversion_names_its_violation_and_window() {
    let row = |i: usize, within: bool, fine: usize| {
        let corrected = if within { "true" } else { "false" };
        format!(
            "K{i:03},gd-env.1.3,2023-01-10,2023-01-20,2023-05-01,organisation,{fine},general,{corrected},false,ordinary,,,,\n"
        )
    };
    // Corrected within the deadline (band under 10,000) fined about 5,300; overdue (10,000 to
    // under 30,000), the heavier level, fined about 4,100: less.
    let mut text = HEADER.to_string();
    for i in 0..30 {
        text += &row(i, true, 5000 + 20 * i);
        text += &row(100 + i, false, 3_800 + 20 * i);
    }
    let file = temp("order.csv", &text);
    let config = temp("order.yaml", "order_margin: 0.1\n");
    let (_, out, err) = run(&["audit", "--config", config.to_str().unwrap(), file.to_str().unwrap()]);
    let line = out.lines().skip_while(|l| !l.starts_with("heavier levels punished less")).nth(1);
    let line = line.unwrap_or_else(|| panic!("{out}{err}"));
    assert!(line.trim_start().starts_with("gd-env.1.3 2020–2024 [2021]: heavier [general, overdue] (n=30"), "{line}");
}

/// `--lang zh` says the rules, tiers, directions and CSV columns in Chinese; the English CSV
/// header stays the one programs read; each flag of the HTML page has its own anchor.
#[test]
fn the_chinese_report_is_chinese_throughout() {
    let sample = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/audit-sample.csv");
    let (_, text, _) = run(&["audit", "--lang", "zh", sample]);
    let flags: Vec<&str> = text.lines().filter(|l| l.contains("（单案审查：")).collect();
    assert!(!flags.is_empty(), "{text}");
    for line in &flags {
        assert!(!line.contains("outlier") && !line.contains("near_identical") && !line.contains("peer_deviation"));
        assert!(line.contains(" 强 ") || line.contains(" 复核 "), "{line}");
    }
    // Chinese sentences in full-width punctuation (`(单案审查 合规): `, `案件事实: ` and
    // `未比较 无法读取: 8 (…)` mixed half-width marks into them: a user trial).
    for line in text.lines().filter(|l| l.contains("单案审查") || l.contains("案件事实") || l.contains("相近案件"))
    {
        assert!(!line.contains(": ") && !line.contains(" ("), "{line}");
    }
    assert!(text.contains("      案件事实：") && text.contains("      相近案件："), "{text}");
    assert!(text.contains("偏重") || text.contains("偏轻"), "{text}");
    // Facts by their Chinese names, enum values too (they were ids: `eia_location general`).
    assert!(text.contains("建设地点：一般区域") && text.contains("当事人公开道歉并作出合规承诺：否"), "{text}");
    assert!(!text.contains("eia_location"), "{text}");
    // Tables that disagree name their levels as the tables do in Chinese (they said `weights`).
    let divergence = text.lines().skip_while(|l| !l.starts_with("同一法条")).nth(1).unwrap();
    assert!(divergence.contains("按权重计算 (gd-env-fines 2021) 与 jm-env.1-1 报告表项目"), "{divergence}");
    assert!(!divergence.contains("weights") && !divergence.contains("tier-"), "{divergence}");
    let (_, csv, _) = run(&["audit", "--lang", "zh", "--format", "csv", sample]);
    assert!(csv.trim_start_matches('\u{feff}').starts_with("规则,案号,违法行为编号"), "{csv}");
    let (_, csv, _) = run(&["audit", "--format", "csv", sample]);
    assert!(csv.trim_start_matches('\u{feff}').starts_with("rule,case_id,violation"));
    // Every flag's other rules, verdict, table, addressee and adjustments: rows of groups that
    // differ only in an adjustment, or flags of several rules, can be told apart.
    let header = csv.lines().next().unwrap();
    assert!(header.ends_with(
        ",also,verdict,table,addressee,adjusted_by,adjustment_unknown,beyond_tukey,partner_fine,partner_position,peer_fines,peer_positions,violation_name,position_scale,outside_band,facts,z,law_in_force_from"
    ));
    // The violation by its name, and what a position is measured in, on every row (a
    // one-amount band's positions are tenths of the amount, not shares of a width).
    let (_, zh_csv, _) = run(&["audit", "--lang", "zh", "--format", "csv", sample]);
    assert!(
        zh_csv
            .lines()
            .next()
            .unwrap()
            .ends_with(",违法行为名称,位置单位,超出裁量幅度,案件事实,稳健z值,适用规定施行日期"),
        "{zh_csv}"
    );
    assert!(zh_csv.contains(",阈值（强度单位）,"), "{zh_csv}");
    // Fields of a CSV line (quoted ones unquoted; no field of the sample spans lines).
    fn fields(line: &str) -> Vec<String> {
        let (mut out, mut field, mut quoted) = (Vec::new(), String::new(), false);
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            match (c, quoted) {
                ('"', true) if chars.peek() == Some(&'"') => field.push(chars.next().unwrap()),
                ('"', _) => quoted = !quoted,
                (',', false) => out.push(std::mem::take(&mut field)),
                (c, _) => field.push(c),
            }
        }
        out.push(field);
        out
    }
    let rows: Vec<Vec<String>> = zh_csv.lines().skip(1).map(fields).collect();
    assert!(!rows.is_empty());
    for row in &rows {
        // (The statute of the sample's violations has one text: no law's date.)
        let [.., scale, outside, facts, _z, law] = row.as_slice() else { panic!("{row:?}") };
        assert!(law.is_empty(), "{row:?}");
        assert!(outside == "是" || outside == "否", "{row:?}");
        assert!(
            ["幅度比例", "幅度比例（对数）"].contains(&scale.as_str()) || scale.ends_with("（以金额的10%为单位）"),
            "{row:?}"
        );
        // The facts in words, amounts in yuan (an investment of 16360000 read as a bare count).
        assert!(facts.contains("当事人类型：单位") || facts.contains("当事人类型：个人"), "{row:?}");
        assert!(!facts.contains('='), "{row:?}");
    }
    assert!(
        rows.iter().any(|r| r.iter().any(|f| f.contains("建设项目总投资额：") && f.contains(",000元"))),
        "{zh_csv}"
    );
    // In Chinese a group is named by its violation's name too (its id alone reads as English).
    assert!(text.contains("gd-env.1.3 未依法备案建设项目环境影响登记表 "), "{text}");
    // For office software that expects GBK: the same rows, in GBK, without a BOM.
    let bytes = |args: &[&str]| Command::new(env!("CARGO_BIN_EXE_discretion")).args(args).output().unwrap().stdout;
    let utf8 = bytes(&["audit", "--lang", "zh", "--format", "csv", sample]);
    let gbk = bytes(&["audit", "--lang", "zh", "--format", "csv", "--output-encoding", "gbk", sample]);
    let (decoded, _, bad) = encoding_rs::GBK.decode(&gbk);
    assert!(!bad && !gbk.starts_with("规则".as_bytes()) && decoded.starts_with("规则,案号"), "{decoded}");
    assert_eq!(decoded, String::from_utf8(utf8).unwrap().trim_start_matches('\u{feff}'));
    let strongest = csv.lines().nth(1).unwrap();
    assert!(strongest.contains(",outlier;peer_deviation,needs_review,gd-env-fines,party,,,true,"), "{strongest}");
    // The pair's other case and the peers' fines and positions, in the order of `peers`: the row
    // can be judged on its own.
    let cells: Vec<&str> = strongest.rsplitn(11, ',').skip(3).collect();
    // Then the case's robust z in its group: far below it, whatever the rule that flags it; last
    // the day the statute's text applied took effect, none where the statute has one text.
    assert!(strongest.ends_with(";total_investment=16360000,-6.77,"), "{strongest}");
    assert_eq!((cells[6], cells[5]), ("1811600", "0.645"), "{strongest}");
    assert_eq!((cells[2], cells[1]), ("EIA report or report form with serious quality defects", "share of the band"));
    assert_eq!(cells[0], "true", "{strongest}"); // at position -0.6: below its band
    let (fines, positions) = (cells[4].split(';').count(), cells[3].split(';').count());
    assert_eq!((fines, positions), (10, 10), "{strongest}");
    let html = std::env::temp_dir().join(format!("discretion-zh-{}.html", std::process::id()));
    run(&["audit", "--lang", "zh", "--html", html.to_str().unwrap(), sample]);
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(!page.contains(">heavier<") && !page.contains(">lighter<"));
    let mut ids: Vec<&str> = page.split("<tr id=\"").skip(1).filter_map(|s| s.split('"').next()).collect();
    let n = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert!(n > 0 && ids.len() == n, "{n} rows, {} distinct anchors", ids.len());
}

/// An unreadable record is listed by its id wherever the id could be read: a CSV row past the
/// encoding sniff with one field not UTF-8 (a GBK cell in a UTF-8 export), a JSON line giving
/// a key twice. Both were listed as "no id".
#[test]
fn unreadable_records_are_listed_by_their_ids() {
    // Past the 64 KiB the encoding is detected from, a row whose eia_location is GBK bytes.
    let filler: String = (0..700).map(|i| row(&format!("F{i:04}"), "4000", "false", false, "")).collect();
    assert!(filler.len() > 64 * 1024);
    let mut bytes = (HEADER.to_string() + &filler).into_bytes();
    bytes.extend(row("LATE", "4000", "false", false, "").replace("general", "\u{1}").into_bytes());
    let at = bytes.windows(1).rposition(|w| w == [1]).unwrap();
    bytes.splice(at..=at, [0xB9, 0xE3, 0xD6, 0xDD]);
    let file = temp("late-gbk.csv", "");
    std::fs::write(&file, &bytes).unwrap();
    let v = json(&["audit", "--format", "json", file.to_str().unwrap()]);
    assert_eq!(not_compared(&v, "unreadable"), ["LATE"], "{}", v["summary"]);
    let rows = v["unreadable_rows"].as_array().unwrap();
    assert!(rows[0]["reason"].as_str().unwrap().contains("eia_location"), "{}", rows[0]);
    // A JSON line giving `fine` twice.
    let lines = "{\"case_id\": \"TWICE\", \"violation\": \"gd-env.1.3\", \"fine\": 100, \"fine\": 4000}\n";
    let file = temp("twice.jsonl", lines);
    let v = json(&["audit", "--format", "json", file.to_str().unwrap()]);
    assert_eq!(not_compared(&v, "unreadable"), ["TWICE"], "{}", v["summary"]);
}

/// Cases ranked in the multiple of their gains say so beside the fine, in both languages: a
/// ranking in multiples shown in money contradicted itself ("fine 90,000; … the least fined:
/// S00, 1,500,000").
#[test]
fn ranked_cases_in_multiples_say_the_multiple() {
    let header = "case_id,violation,act_ended,discovered,decided,party,fine,confiscated_gains,sanctions,\
transport_kind,offence_count,organised_vehicles,serious,illegal_gains,hearing_notified,collective_deliberation\n";
    let row = |id: String, fine: i64, count: u8, serious: bool, gains: i64| {
        format!(
            "{id},jx-transport.63.freight,2022-08-01,2022-08-01,2022-08-01,organisation,{fine},{gains},order_to_stop,freight,{count},false,{serious},{gains},true,true\n"
        )
    };
    // Again (2–3 times) fined 3 times gains of 30,000; serious (4–10 times) fined 1.5 times
    // gains of 1,000,000: more money, a far lower multiple.
    let mut text = header.to_string();
    for i in 0..20 {
        text += &row(format!("A{i:02}"), 3 * (30_000 + 500 * i), 2, false, 30_000 + 500 * i);
    }
    for i in 0..20 {
        text += &row(format!("S{i:02}"), 3 * (1_000_000 + 10_000 * i) / 2, 1, true, 1_000_000 + 10_000 * i);
    }
    let file = temp("ranked-multiples.csv", &text);
    let (_, out, err) = run(&["audit", file.to_str().unwrap()]);
    assert!(out.contains("A00 ") && out.contains(": fine 90,000 (3 × "), "{out}{err}");
    assert!(out.contains("the least fined: S00 ") && out.contains(", 1,500,000 (1.5 × "), "{out}");
    let (_, out, _) = run(&["audit", "--lang", "zh", file.to_str().unwrap()]);
    assert!(out.contains("：罚款90,000元（") && out.contains("的3倍）；"), "{out}");
    let v = json(&["audit", "--format", "json", file.to_str().unwrap()]);
    let first = &v["inversions"][0];
    assert_eq!(
        (first["in_multiple"].as_str(), first["measured_in"]["kind"].as_str()),
        (Some("3"), Some("multiple")),
        "{first}"
    );
    assert_eq!(first["lightest_heavier"]["in_multiple"], "1.5", "{first}");
    assert_eq!(v["schema_version"], discretion::audit::AUDIT_SCHEMA_VERSION);
}

/// The JSON report says where its unreadable records are: file, line and reason.
#[test]
fn the_json_report_locates_unreadable_rows() {
    let text = HEADER.to_string() + &crowd() + &row("BAD", "约五千", "false", false, "");
    let file = temp("unreadable.csv", &text);
    let v = json(&["audit", "--format", "json", file.to_str().unwrap()]);
    assert_eq!(not_compared(&v, "unreadable"), ["BAD"]);
    let rows = v["unreadable_rows"].as_array().unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!((rows[0]["file"].as_str(), rows[0]["line"].as_u64()), (file.to_str(), Some(16)));
    assert!(rows[0]["reason"].as_str().unwrap().contains("约五千"), "{}", rows[0]);
    // So does the page, in its language (it listed the ids only, a user trial found).
    let html = std::env::temp_dir().join(format!("discretion-unreadable-{}.html", std::process::id()));
    for (lang, heading) in [("en", "Rows that could not be read"), ("zh", "无法读取的记录")] {
        run(&["audit", "--lang", lang, "--html", html.to_str().unwrap(), file.to_str().unwrap()]);
        let page = std::fs::read_to_string(&html).unwrap();
        assert!(page.contains(&format!("<h2 id=\"unreadable\">{heading}</h2>")), "{page}");
        // The section, not the table of contents' link to it.
        let row = page.split("<h2 id=\"unreadable\">").nth(1).unwrap();
        assert!(row.contains("<td class=\"num\">16</td>") && row.contains("约五千"), "{page}");
    }
    std::fs::remove_file(&html).unwrap();
}

/// Jiangmen's Art. 8 places every case without lighter or heavier circumstances at its tier's
/// middle: one-amount bands. Tier 3 fined below tier 2 is still an inversion, and the text says
/// which level is heavier and by how much, in English and Chinese.
#[test]
fn an_order_inversion_reads_heavier_below_lighter() {
    let file = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/audit-order-jiangmen.csv");
    let (code, out, _) = run(&["audit", file]);
    assert_eq!(code, 1, "{out}");
    // A one-amount band has no width: the gap is counted in tenths of its amount (1,500), as
    // `check` measures positions there, and the text says so.
    let expected = "heavier tier-3 (n=25, median 9,000) is 4.00 tenths of the lighter level's amount (its band is one amount) below lighter tier-2 (n=25, median 15,000)";
    assert!(out.contains(expected), "{out}");
    let (_, zh, _) = run(&["audit", "--lang", "zh", file]);
    // Levels by the table's Chinese names (tier-3, tier-2), fines in yuan.
    assert!(
        zh.contains("较重阶次“发现有超标排放污染物”（25件，中位罚款9,000元）反而低于较轻阶次“有生产、经营污染物排放”（25件，中位罚款15,000元）4.00个较轻阶次金额的10%（该阶次为固定金额）"),
        "{zh}"
    );
    assert!(zh.contains("阶次倒挂1处"), "{zh}");
    // The ranking says what its numbers are.
    assert!(out.contains("O-1 jm-env.1-2 tier-2 +jm.art8.ordinary 2020–2024 [2020]: fine 14,000; 25 cases with heavier circumstances were fined clearly less"), "{out}");
    assert!(zh.contains("：罚款14,000元；25件情节更重的案件罚得明显更轻"), "{zh}");
    // Each ranked case names the heavier case fined least (of the 8,000 fines, the smallest id),
    // so that one heavier case fined too little is seen behind the lighter cases it ranks.
    assert!(
        out.contains(
            "fined clearly less (the least fined: O-27 jm-env.1-2 tier-3 +jm.art8.ordinary 2020–2024 [2020], 8,000)"
        ),
        "{out}"
    );
    assert!(zh.contains("（其中罚款最轻的：O-27 jm-env.1-2 未依法备案建设项目环境影响登记表 发现有超标排放污染物 +无从轻从重情节的，按该档次的中间值处罚 2020–2024 [2020]，罚款8,000元）"), "{zh}");
    // Named by every ranked case, it is named once first of all.
    assert!(
        out.contains("  O-27 is the least fined heavier case of 25 of the 25 cases listed: review it first"),
        "{out}"
    );
    assert!(zh.contains("  列出的25件中，25件的“罚款最轻的情节更重案件”都是O-27：宜先复核该案"), "{zh}");
    // The page has the inversion and the ranked cases too.
    let html = std::env::temp_dir().join(format!("discretion-order-{}.html", std::process::id()));
    let (_, json, _) = run(&["audit", "--format", "json", "--html", html.to_str().unwrap(), file]);
    let page = std::fs::read_to_string(&html).unwrap();
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["order"][0]["gap_unit"], "tenth_of_amount");
    // Headed, the gap and its unit in one cell (a row of bare numbers and a `<` was a puzzle).
    assert!(page.contains("<th>heavier level</th><th>its median (cases)</th><th>lighter level</th>"), "{page}");
    assert!(page.contains("<td class=\"num\">9,000 (25)</td>"), "{page}");
    assert!(page.contains("<td class=\"num nowrap\">4.00 tenths of the lighter level"), "{page}");
    let ranked = v["inversions"].as_array().unwrap();
    assert!(!ranked.is_empty() && page.contains("<h2 id=\"inversions\">") && page.contains("<h2 id=\"order\">"));
    assert!(ranked.iter().all(|c| page.contains(&format!("<tr><th>{}</th>", c["case_id"].as_str().unwrap()))));
    assert!(
        ranked.iter().all(|c| c["lightest_heavier"]["case_id"] == "O-27" && c["lightest_heavier"]["fine"] == "8000")
    );
    assert_eq!(ranked[0]["lightest_heavier"]["label"]["level"], "tier-3");
    assert!(page.contains("<td>O-27 jm-env.1-2 tier-3 +jm.art8.ordinary 2020–2024 [2020] 8,000</td>"), "{page}");
    // Past the list's length, ranked cases are counted, and the text says how many are not listed.
    assert_eq!(v["summary"]["inversion_cases"], 25);
    let config = temp("inversions.yaml", "inversion_list: 5\n");
    let (_, out, _) = run(&["audit", "--config", config.to_str().unwrap(), file]);
    assert!(out.contains("; 25 cases punished more than heavier cases (ranked)"), "{out}");
    assert!(out.contains("… 20 more not ranked in the report (inversion_list = 5)"), "{out}");
    assert!(!out.contains("the HTML page, list them all"), "{out}");
}

/// The HTML page states the thresholds the report was made with, not the defaults.
#[test]
fn the_page_states_the_thresholds_used() {
    let sample = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/audit-sample.csv");
    let config =
        temp("thresholds.yaml", "review_z: 4\nstrong_z: 6\nscale_floor: 0.07\nunit_effect: 0.05\nunit_groups: 1\n");
    let html = std::env::temp_dir().join(format!("discretion-thresholds-{}.html", std::process::id()));
    run(&["audit", "--config", config.to_str().unwrap(), "--html", html.to_str().unwrap(), sample]);
    let page = std::fs::read_to_string(&html).unwrap();
    // Each rule's own condition: a near-identical flag weaker than `review_z` is no contradiction
    // (the page said "flags start at 3.5" above pair flags of strength 3.1).
    assert!(
        page.contains("an outlier lies more than 4 robust units from its group's median (strong above 6)"),
        "{page}"
    );
    assert!(page.contains("a near-identical pair has facts within 10 % and positions more than 0.5 band widths apart"));
    assert!(page.contains("(1.4826 × the median absolute deviation, at least 7 % of the band or 1 yuan), ranks the flags: a pair or peer flag can be weaker than 4"));
    assert!(page.contains("at least 0.05 band widths in the same direction in at least 1 group, with at least 20"));
    run(&["audit", "--lang", "zh", "--html", html.to_str().unwrap(), sample]);
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.contains("组内离群——偏离中位数超过 3.5 个稳健尺度单位（超过 5 为强）"), "{page}");
    assert!(page.contains("同案异罚和相近案件偏离的标记强度可低于 3.5"), "{page}");
    // The text says which thresholds a configuration changed (it called them all defaults).
    let (_, out, _) = run(&["audit", "--config", config.to_str().unwrap(), sample]);
    // After the line naming the tool and the rules.
    let second = |out: &str| out.lines().nth(1).unwrap_or_default().to_string();
    assert!(
        second(&out).starts_with("Consistency audit (thresholds are heuristics, set with --config; none is law; changed from the defaults: review_z: 4.0, scale_floor: 0.07, strong_z: 6.0, unit_effect: 0.05, unit_groups: 1)"),
        "{out}"
    );
    let (_, out, _) = run(&["audit", sample]);
    assert!(second(&out).starts_with("Consistency audit (every threshold is a heuristic default"), "{out}");
}

/// `--threads` bounds the analysis without changing the report; 0 threads is refused.
#[test]
fn the_thread_count_changes_nothing_but_the_threads() {
    let sample = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/audit-sample.csv");
    let (code, all, _) = run(&["audit", "--format", "json", sample]);
    let (code1, one, _) = run(&["audit", "--format", "json", "--threads", "1", sample]);
    assert_eq!((code, code1), (1, 1));
    assert!(all.contains("\"flags\"") && all.len() > 10_000);
    assert_eq!(one, all);
    let (code, _, err) = run(&["audit", "--threads", "0", sample]);
    assert_eq!(code, 2);
    assert!(err.contains("--threads"), "{err}");
}

/// When most of a group departed from its one-amount band (six of eleven fined 200,000 where
/// the weights give 165,000), the cases that kept to it are the outliers — and the flag says that
/// the median lies outside the band, which the case keeps to, with the band and the unit of
/// positions (tenths of the amount), in English and Chinese and in JSON. (A user trial read the
/// bare flags as accusing the officers who followed the table.)
#[test]
fn a_flag_against_a_median_outside_the_band_says_so() {
    let file = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/audit-median-outside-band.csv");
    let v = json(&["audit", "--format", "json", file]);
    let flags = v["flags"].as_array().unwrap();
    let kept: Vec<&serde_json::Value> =
        flags.iter().filter(|f| f["label"]["violation"] == "gd-env.1.1" && f["fine"] == "165000").collect();
    assert_eq!(kept.len(), 5, "{v}");
    for f in &kept {
        assert_eq!((f["rule"].as_str(), f["position_scale"].as_str()), (Some("outlier"), Some("point")), "{f}");
        assert_eq!(f["band_range"]["min"].as_str(), Some("165000"), "{f}");
    }
    // None of the departing cases is said to keep to the band.
    let (_, out, _) = run(&["audit", file]);
    let said = "that median lies outside the band, which this case keeps to: the others may be the ones out of line";
    assert_eq!(out.matches(said).count(), 5, "{out}");
    // Positions on a one-amount band said as percentages of the amount (they were "at position
    // 0.00 (in tenths of the amount)", the median "2.12").
    assert!(
        out.contains(
            "fine 165,000 (band 165,000) at the amount; the group's median is 21.2% above the amount (n = 11)"
        ),
        "{out}"
    );
    // The groups' table and the peers likewise.
    assert!(out.contains("\n       11  +21.2%    0.5%     45%       5  gd-env.1.1 weights"), "{out}");
    assert!(out.contains("200,000 (+21.2%; ") && out.contains("165,000 (+0.0%; "), "{out}");
    let (_, zh, _) = run(&["audit", "--lang", "zh", file]);
    assert_eq!(zh.matches("该中位数在裁量幅度之外，而本案在幅度之内：偏离基准的可能是其他案件").count(), 5, "{zh}");
    assert!(zh.contains("罚款165,000元（裁量幅度165,000元）等于基准金额；同组（11件）中位数高于基准金额21.2%"), "{zh}");
}

/// The one decision of a group that keeps to its band, in a near-identical pair with one of the
/// eleven fined above it: flagged as the farther of the two from the median — which lies
/// outside the band, and the flag says so as the outlier rule's does (it said nothing when the
/// pair rule led: a user trial).
#[test]
fn a_pair_flagged_against_a_median_outside_the_band_says_so() {
    let file = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/audit-pair-median-outside-band.csv");
    let (_, out, _) = run(&["audit", file]);
    let line = out.lines().find(|l| l.contains("OK1 [near_identical")).unwrap_or_else(|| panic!("{out}"));
    assert!(line.contains("(check compliant)"), "{line}");
    assert!(
        line.ends_with(
            "it is flagged as the farther of the two from the median 1.27, which lies outside the band this case keeps to: the others may be the ones out of line"
        ),
        "{line}"
    );
    let (_, zh, _) = run(&["audit", "--lang", "zh", file]);
    assert!(zh.contains("本案因距中位数（1.27）较远而被标记，但该中位数在裁量幅度之外，而本案在幅度之内"), "{zh}");
    // Only the case that keeps to the band is said to.
    assert_eq!(out.matches("the others may be the ones out of line").count(), 1, "{out}");
}

/// An officer is one of a unit: 张三 of Foshan and 张三 of Guangzhou, twelve cases each in two
/// groups, are two officers, each too few to test (20) — not one officer of 24 cases found
/// heavier (a user trial). `check` counts them apart too. The same cases all of one unit are
/// one officer, reported with the unit.
#[test]
fn officers_of_two_units_sharing_a_name_are_two_officers() {
    let file = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/audit-officers-same-name.csv");
    let v = json(&["audit", "--format", "json", file]);
    let officers: Vec<&serde_json::Value> =
        v["disparities"].as_array().unwrap().iter().filter(|d| d["dimension"] == "officer").collect();
    assert!(officers.is_empty(), "{officers:?}");
    let (_, out, _) = run(&["check", file]);
    for unit in ["佛山市生态环境局", "广州市生态环境局"] {
        assert!(out.contains(&format!("  {unit} / 张三: 24 compliant")), "{out}");
    }
    let text = std::fs::read_to_string(file).unwrap().replace("广州市生态环境局,张三", "佛山市生态环境局,张三");
    let one_unit = temp("officers-one-unit.csv", &text);
    let one_unit = one_unit.to_str().unwrap();
    let v = json(&["audit", "--format", "json", one_unit]);
    let officer = v["disparities"].as_array().unwrap().iter().find(|d| d["dimension"] == "officer").unwrap();
    assert_eq!((officer["name"].as_str(), officer["unit"].as_str()), (Some("张三"), Some("佛山市生态环境局")));
    let (_, out, _) = run(&["audit", one_unit]);
    assert!(out.contains("  officer 佛山市生态环境局 / 张三 heavier: 2 groups significant"), "{out}");
}

/// JSON Lines: every line has the same keys (a rule that does not apply is `[]` or `null`, not
/// absent) and carries its explanation, so that a line is read without the others.
#[test]
fn every_json_line_has_the_same_keys_and_its_message() {
    let sample = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/audit-sample.csv");
    let (_, out, _) = run(&["audit", "--format", "jsonl", sample]);
    let lines: Vec<serde_json::Value> = out.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert!(lines.len() > 10, "{out}");
    let keys = |v: &serde_json::Value| v.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
    assert!(lines.iter().all(|l| keys(l) == keys(&lines[0])), "{out}");
    for key in ["also", "partner", "partner_fine", "partner_position", "message"] {
        assert!(keys(&lines[0]).iter().any(|k| k == key), "{key}");
    }
    let pair = lines.iter().find(|l| l["rule"] == "near_identical").unwrap();
    assert!(pair["partner_fine"].is_string() && pair["message"].as_str().unwrap().contains("near-identical"));
}

/// Records not compared are listed by their ids, with "…" only where more ids exist: two
/// records of one conflicting id are one id (the listing said "(C1, …)", promising others).
#[test]
fn records_not_compared_list_their_ids_without_a_false_ellipsis() {
    let mut text = HEADER.to_string() + &crowd();
    text += &row("C1", "4100", "false", false, "");
    text += &row("C1", "4900", "false", false, "");
    let file = temp("conflicting.csv", &text);
    let (_, out, err) = run(&["audit", file.to_str().unwrap()]);
    let line =
        out.lines().find(|l| l.contains("one case id on differing records")).unwrap_or_else(|| panic!("{out}{err}"));
    assert!(line.ends_with(": 2 (C1)"), "{line}");
}

/// Under `--lang zh`, a configuration's mistakes, a refused threshold and a path that is not a
/// file are said in Chinese (they were English): each with the place and the hint.
#[test]
fn configuration_errors_speak_chinese() {
    let sample = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/audit-sample.csv");
    let typo = temp("typo-zh.yaml", "window_year: 3\n");
    let (code, _, err) = run(&["audit", "--lang", "zh", "--config", typo.to_str().unwrap(), sample]);
    assert_eq!(code, 2);
    assert!(err.contains("：第 1 行第 1 列（`window_year`）：未知的键“window_year”"), "{err}");
    assert!(err.contains("（提示：是否指“window_years”？）"), "{err}");
    let low = temp("low-zh.yaml", "min_flag: 2\n");
    let (_, _, err) = run(&["audit", "--lang", "zh", "--config", low.to_str().unwrap(), sample]);
    assert!(err.contains("`min_flag`（标记个案的最少案件数）至少为 3，而不是 2"), "{err}");
    let (code, _, err) = run(&["audit", "--lang", "zh", "--min-flag", "1", sample]);
    // Named as the user gave it: the flag, not the configuration's key alone (a user trial).
    assert!(
        code == 2 && err.starts_with("错误：--min-flag 1：`min_flag`（标记个案的最少案件数）至少为 3，而不是 1"),
        "{err}"
    );
    // The flag's own parser refuses a window out of range, with the range.
    for years in ["0", "70000", "3.5"] {
        let (code, _, err) = run(&["audit", "--window-years", years, sample]);
        assert!(code == 2 && err.contains("--window-years"), "{err}");
    }
    let (_, _, err) = run(&["audit", "--window-years", "0", sample]);
    assert!(err.contains("0 is not in 1..=100"), "{err}");
    let half = temp("half-zh.yaml", "window_years: 3.5\n");
    let (_, _, err) = run(&["audit", "--lang", "zh", "--config", half.to_str().unwrap(), sample]);
    assert!(err.contains("（`window_years`）：须为 1 到 100 之间的整数，而不是 3.5"), "{err}");
    let dir = std::env::temp_dir();
    let (_, _, err) = run(&["audit", "--lang", "zh", "--config", dir.to_str().unwrap(), sample]);
    assert!(err.contains("：不是普通文件"), "{err}");
    let (_, _, err) = run(&["audit", "--lang", "zh", dir.to_str().unwrap()]);
    assert!(err.contains("：不是普通文件"), "{err}");
    // A file that is not there, in Chinese (the system's words were English).
    let missing = dir.join("discretion-no-such-file.csv");
    let (code, _, err) = run(&["audit", "--lang", "zh", missing.to_str().unwrap()]);
    assert!(code == 2 && err.contains("discretion-no-such-file.csv：文件不存在"), "{err}");
    let (_, _, err) = run(&["audit", "--lang", "zh", "--config", missing.to_str().unwrap(), sample]);
    assert!(err.contains("：文件不存在"), "{err}");
    // In English, as before.
    let (_, _, err) = run(&["audit", missing.to_str().unwrap()]);
    assert!(err.contains("discretion-no-such-file.csv: No such file or directory"), "{err}");
    let (_, _, err) = run(&["audit", "--config", typo.to_str().unwrap(), sample]);
    assert!(
        err.contains("line 1, column 1 at `window_year`: unknown key `window_year` (did you mean `window_years`?)")
    );
    let (_, _, err) = run(&["audit", dir.to_str().unwrap()]);
    assert!(err.contains(": not a regular file"), "{err}");
}

/// On the HTML page a peer or a pair's other case that is flagged itself links to its own flag,
/// and every such link leads to a flag of the page.
#[test]
fn flagged_peers_and_partners_link_to_their_flags() {
    let sample = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/audit-sample.csv");
    for lang in ["en", "zh"] {
        let html = std::env::temp_dir().join(format!("discretion-links-{lang}-{}.html", std::process::id()));
        run(&["audit", "--lang", lang, "--html", html.to_str().unwrap(), sample]);
        let page = std::fs::read_to_string(&html).unwrap();
        let rows: std::collections::BTreeSet<&str> =
            page.split("<tr id=\"").skip(1).filter_map(|s| s.split('"').next()).collect();
        let links: Vec<&str> = page.split("<a href=\"#flag-").skip(1).filter_map(|s| s.split('"').next()).collect();
        assert!(links.len() > 20, "{} links", links.len());
        assert!(links.iter().all(|l| rows.contains(format!("flag-{l}").as_str())), "a link leads nowhere");
        let partner = if lang == "zh" {
            "同案异罚的另一案（亦被标记）：<a href=\"#flag-"
        } else {
            "the pair's other case (flagged too): <a href=\"#flag-"
        };
        assert!(page.contains(partner), "no partner link");
    }
}

/// The README's "real output" of `discretion audit examples/audit-sample.csv` is real: every
/// line it shows (bar the "…" that stand for lines left out) is a line of the output, in order.
/// (It had kept an older wording of the pair flags and unseparated fines.)
#[test]
fn the_readme_shows_the_real_audit_output() {
    let sample = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/audit-sample.csv");
    let (code, out, err) = run(&["audit", sample]);
    assert_eq!(code, 1, "{err}");
    common::assert_readme_shows("threshold is a heuristic —\ngoes on:", &format!("{out}{err}"), 10);
}

/// Every report says what made it: the tool's version and the rules' fingerprint — the shipped
/// rules' by default, the same as `Benchmark::fingerprint` of `rules/` — so that an audit can be
/// traced to its exact rules; another set of rules gives another fingerprint.
#[test]
fn the_report_names_its_rules_and_version() {
    let v = json(&["audit", "--format", "json", "examples/audit-sample.csv"]);
    let shipped = discretion::Benchmark::from_path("rules").unwrap();
    assert_eq!(v["provenance"]["tool"], "discretion");
    assert_eq!(v["provenance"]["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(v["provenance"]["rules"], shipped.fingerprint());
    assert_eq!(v["provenance"]["rules_files"], shipped.source_files().len());
    // The same rules with one comment added: another fingerprint.
    let copy = std::env::temp_dir().join(format!("discretion-rules-copy-{}", std::process::id()));
    fn copy_dir(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap() {
            let path = entry.unwrap().path();
            let target = to.join(path.file_name().unwrap());
            if path.is_dir() { copy_dir(&path, &target) } else { std::fs::copy(&path, &target).map(|_| ()).unwrap() }
        }
    }
    copy_dir(Path::new("rules"), &copy);
    let edited =
        copy.join("tax").join(std::fs::read_dir(copy.join("tax")).unwrap().next().unwrap().unwrap().file_name());
    let text = std::fs::read_to_string(&edited).unwrap() + "# reviewed\n";
    std::fs::write(&edited, text).unwrap();
    let other = json(&["audit", "--format", "json", "--rules", copy.to_str().unwrap(), "examples/audit-sample.csv"]);
    assert_eq!(other["summary"], v["summary"], "the same rules");
    assert_ne!(other["provenance"]["rules"], v["provenance"]["rules"]);
    std::fs::remove_dir_all(&copy).unwrap();
    // The text's first line says it too.
    // CSV and JSON Lines, which carry flags only, say it with their summary on stderr.
    for format in ["csv", "jsonl"] {
        let (_, _, err) = run(&["audit", "--format", format, "examples/audit-sample.csv"]);
        assert!(
            err.starts_with(&format!("discretion {}, rules sha256:", env!("CARGO_PKG_VERSION"))),
            "{format}: {err}"
        );
    }
    let (_, text, _) = run(&["audit", "examples/audit-sample.csv"]);
    assert!(text.starts_with(&format!("discretion {}, rules sha256:", env!("CARGO_PKG_VERSION"))), "{text}");
}

/// A fine at an end its band excludes ("under 10,000" fined 10,000) is outside the band, as
/// `check` says (C008), although its position reads 1.00 (as does 10,000.40's, rounded): not
/// in the share inside the band, flagged as outside, never said to keep to the band; and a
/// group whose median sits at that end has its median outside the band. (Both were judged by
/// the rounded position: fines of 10,000 and 10,000.40 counted inside, the median at 1.00 too.)
#[test]
fn a_fine_at_an_end_the_band_excludes_is_outside_it() {
    let mut text = String::from(HEADER);
    text += &(0..12).map(|i| row(&format!("M{i:02}"), "5000", "false", false, "")).collect::<String>();
    text += &row("TOP-1", "10000", "false", false, "");
    text += &row("TOP-2", "10000", "false", false, "");
    text += &row("OVER", "10000.4", "false", false, "");
    let file = temp("excluded-end.csv", &text);
    let v = json(&["audit", "--format", "json", file.to_str().unwrap()]);
    let group = &v["groups"][0];
    assert_eq!((group["n"].as_u64(), group["inside_band"].as_f64()), (Some(15), Some(0.8)), "{v}");
    let flags = v["flags"].as_array().unwrap();
    for id in ["TOP-1", "TOP-2", "OVER"] {
        let f = flags.iter().find(|f| f["case_id"] == id).unwrap_or_else(|| panic!("{id} not flagged: {v}"));
        assert_eq!((f["position"].as_f64(), f["outside_band"].as_bool()), (Some(1.0), Some(true)), "{f}");
    }
    // Most decisions at the excluded end: the median (1.00) is outside the band, and the cases
    // that keep to it are said to.
    let mut text = String::from(HEADER);
    text += &(0..11).map(|i| row(&format!("E{i:02}"), "10000", "false", false, "")).collect::<String>();
    text += &(0..3).map(|i| row(&format!("K{i}"), "5000", "false", false, "")).collect::<String>();
    let file = temp("median-at-excluded-end.csv", &text);
    let (_, out, err) = run(&["audit", file.to_str().unwrap()]);
    let said = "that median lies outside the band, which this case keeps to";
    assert_eq!(out.matches(said).count(), 3, "{out}{err}");
    assert!(out.lines().filter(|l| l.contains(said)).all(|l| l.contains("fine 5,000")), "{out}");
    let v = json(&["audit", "--format", "json", file.to_str().unwrap()]);
    assert_eq!(v["groups"][0]["inside_band"].as_f64(), Some(0.2143), "{v}");
}

/// In the CSV's `;`-separated lists a case id holding `;` stays one item: escaped `\;` (the
/// peers of a flag listed 11 items for 10 peers).
#[test]
fn a_case_id_holding_a_semicolon_stays_one_item_of_a_list() {
    let mut text = String::from(HEADER);
    text += &(0..9)
        .map(|i| row(&format!("W{i:02}"), &(4000 + 100 * i).to_string(), "false", false, ""))
        .collect::<String>();
    text += &row("A;B", "4450", "false", false, "");
    text += &row("FAR", "9900", "false", false, "");
    let file = temp("semicolon-id.csv", &text);
    let (_, out, err) = run(&["audit", "--format", "csv", file.to_str().unwrap()]);
    let mut reader = csv::Reader::from_reader(out.trim_start_matches('\u{feff}').as_bytes());
    let header = reader.headers().unwrap().clone();
    let at = |name: &str| header.iter().position(|h| h == name).unwrap();
    let far = reader.records().map(Result::unwrap).find(|r| &r[at("case_id")] == "FAR").expect(&err);
    let peers = &far[at("peers")];
    assert!(peers.contains("A\\;B"), "{peers}");
    // Split where a `;` is not escaped: ten peers, as many as their fines.
    let items = peers.replace("\\;", "\u{0}").split(';').count();
    assert_eq!((items, far[at("peer_fines")].split(';').count()), (10, 10), "{peers}");
    assert_eq!(&far[at("outside_band")], "false");
}

/// One column renamed twice to different fields is refused, whichever comes first and whether
/// by `--map` or `--map-file` (the first was read and the other ignored without a word: swapping
/// two options took an audit from 12 cases compared to none).
#[test]
fn a_column_renamed_twice_is_refused() {
    let file = temp("renamed-twice.csv", &(String::from(HEADER) + &crowd()));
    let file = file.to_str().unwrap();
    for maps in [["fine=fine", "fine=confiscated_gains"], ["fine=confiscated_gains", "fine=fine"]] {
        let (code, out, err) = run(&["audit", "--map", maps[0], "--map", maps[1], file]);
        assert_eq!(code, 2, "{out}{err}");
        assert!(err.contains("column `fine` is renamed twice"), "{err}");
    }
    let map_file = temp("renamed-twice.yaml", "fine: confiscated_gains\n");
    let (code, _, err) =
        run(&["audit", "--lang", "zh", "--map", "fine=fine", "--map-file", map_file.to_str().unwrap(), file]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("列“fine”被改名两次：“fine”和“confiscated_gains”"), "{err}");
    // The same rename twice is no conflict.
    let (code, _, err) = run(&["audit", "--map", "fine=fine", "--map", "fine=fine", file]);
    assert_eq!(code, 0, "{err}");
}

/// A file of the fourteen ordinary decisions of [`crowd`] and `rows`, with a `sanctions` column
/// (each row's sanctions beside it).
fn with_sanctions(name: &str, rows: &[(String, &str)]) -> PathBuf {
    let mut text = HEADER.trim_end().to_string() + ",sanctions\n";
    text += &crowd().lines().map(|l| format!("{l},\n")).collect::<String>();
    text += &rows.iter().map(|(line, sanctions)| format!("{},{sanctions}\n", line.trim_end())).collect::<String>();
    temp(name, &text)
}

/// The fine compared is the one `check` judges: a decision recorded with a warning only and no
/// fine imposes 0 there, and is compared at 0 as a `0` written in the fine cell is (it was left
/// out as `no_fine`, so how an export spells "no fine" decided whether the grossest departure
/// was seen); a fine listed among the sanctions without its amount is unknown (`check`'s
/// C038), never 0, and not compared.
#[test]
fn the_fine_compared_is_the_one_check_judges() {
    let file = with_sanctions(
        "fine-as-check-judges.csv",
        &[
            (row("WARN", "", "false", false, ""), "警告"),
            (row("ZERO", "0", "false", false, ""), ""),
            (row("LISTED", "", "false", false, ""), "罚款"),
        ],
    );
    let file = file.to_str().unwrap();
    let v = json(&["audit", "--format", "json", file]);
    assert_eq!(v["summary"]["comparable"].as_u64(), Some(16), "{v}");
    assert_eq!(not_compared(&v, "no_fine"), ["LISTED"]);
    let flags = flagged(&v);
    assert!(flags.contains(&"WARN".to_string()) && flags.contains(&"ZERO".to_string()), "{flags:?}");
    let (_, out, _) = run(&["check", "--format", "jsonl", file]);
    let listed = out.lines().find(|l| l.contains("\"LISTED\"")).unwrap();
    assert!(listed.contains("\"C038\"") && listed.contains("\"incomplete\""), "{listed}");
    assert!(!listed.contains("\"C007\"") && !listed.contains("\"C009\""), "{listed}");
}

/// A copy of a case id left out for its own reason (no fine recorded; no level decided) makes
/// the compared copy a conflicting id: which record is the decision cannot be told (the copy
/// with the fine was compared as though its id were unique). Counts still reconcile: each
/// record one outcome.
#[test]
fn a_compared_record_whose_id_has_a_copy_left_out_conflicts() {
    let file = with_sanctions(
        "copy-left-out.csv",
        &[
            // DUP: fined 4,500, and again with a fine listed but no amount (C038: no_fine).
            (row("DUP", "4500", "false", false, ""), ""),
            (row("DUP", "", "false", false, ""), "罚款"),
            // LVL: fined, and again without the fact the level needs (no_band).
            (row("LVL", "4600", "false", false, ""), ""),
            (row("LVL", "4600", "false", false, "").replace(",general,", ",,"), ""),
        ],
    );
    let v = json(&["audit", "--format", "json", file.to_str().unwrap()]);
    assert_eq!(not_compared(&v, "conflicting_id"), ["DUP", "LVL"], "{v}");
    assert_eq!((not_compared(&v, "no_fine"), not_compared(&v, "no_band")), (vec!["DUP".into()], vec!["LVL".into()]));
    let s = &v["summary"];
    assert_eq!((s["rows_read"].as_u64(), s["comparable"].as_u64()), (Some(18), Some(14)), "{s}");
}

/// Past `max_flags` the other formats list only the strongest flags: the text, which lists
/// fewer still, says so rather than that they list them all (a user trial).
#[test]
fn the_text_says_when_max_flags_cut_the_other_formats_short() {
    let sample = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/audit-sample.csv");
    let config = temp("many.yaml", "review_z: 1\nstrong_z: 2\npair_gap: 0.2\nmax_flags: 150\n");
    let args = ["audit", "--config", config.to_str().unwrap(), sample];
    let (_, out, _) = run(&args);
    let v = json(&[&args[..], &["--format", "json"]].concat());
    let beyond = v["summary"]["flags_not_listed"].as_u64().unwrap();
    assert_eq!(v["flags"].as_array().map(Vec::len), Some(150));
    assert!(beyond > 0, "{}", v["summary"]);
    let said = format!(
        "    … 50 more flags (--format csv or json, and the HTML page, list the strongest 150; {beyond} more, past max_flags, are only counted)"
    );
    assert!(out.contains(&said), "{out}");
    assert!(!out.contains("the HTML page, list them all"), "{out}");
    // Without the cut, they do list them all.
    let (_, out, _) = run(&[
        "audit",
        "--config",
        temp("fewer.yaml", "review_z: 1\nstrong_z: 2\npair_gap: 0.2\n").to_str().unwrap(),
        sample,
    ]);
    assert!(out.contains("more flags (--format csv or json, and the HTML page, list them all)"), "{out}");
}

/// A case without a band says why, as `check` found: a violation not in the rules (a typing
/// slip `check` suggests the id for), a table not in force on its dates, a level undecided — not
/// one reason for all three (a user trial could not tell a misspelled id from a missing fact).
#[test]
fn a_case_without_a_band_says_why() {
    let slip = row("SLIP", "4500", "false", false, "").replace("gd-env.1.3", "GD-ENV.1.3");
    let early = row("EARLY", "4500", "false", false, "").replace("2023-", "2019-");
    let level = row("LEVEL", "4500", "false", false, "").replace(",general,", ",,");
    let file = temp("no-band-why.csv", &(HEADER.to_string() + &crowd() + &slip + &early + &level));
    let v = json(&["audit", "--format", "json", file.to_str().unwrap()]);
    assert_eq!(
        (not_compared(&v, "unknown_violation"), not_compared(&v, "no_table_in_force"), not_compared(&v, "no_band")),
        (vec!["SLIP".into()], vec!["EARLY".into()], vec!["LEVEL".into()]),
        "{}",
        v["summary"]
    );
    let (_, out, _) = run(&["audit", file.to_str().unwrap()]);
    assert!(
        out.contains("not compared violation (or the table it names) not in the rules (C001; `check` suggests the nearest): 1 (SLIP)"),
        "{out}"
    );
    assert!(
        out.contains("not compared no version of its table in force on the case's dates (C001): 1 (EARLY)"),
        "{out}"
    );
    let (_, zh, _) = run(&["audit", "--lang", "zh", file.to_str().unwrap()]);
    assert!(zh.contains("案件日期无有效的基准版本（C001）"), "{zh}");
    // A level undecided says which fact to map or fill in, as `check` does (a user trial: 157
    // of 157 rows "no band", and no word of the column missing); only that reason has causes.
    let entries = v["summary"]["not_comparable"].as_array().unwrap();
    let causes = |reason: &str| entries.iter().find(|e| e["reason"] == reason).unwrap().get("causes").cloned();
    assert_eq!(
        causes("no_band"),
        Some(serde_json::json!([{
            "code": "C002",
            "text": "the level cannot be determined: fact `eia_location` is not given",
            "text_zh": "无法确定裁量阶次：缺少事实“建设地点”",
            "count": 1
        }]))
    );
    assert_eq!((causes("unknown_violation"), causes("no_table_in_force")), (None, None));
    assert!(out.contains("\n  1 × C002 the level cannot be determined: fact `eia_location` is not given\n"), "{out}");
    assert!(zh.contains("\n  1 × C002 无法确定裁量阶次：缺少事实“建设地点”\n"), "{zh}");
}

/// One JSON key means one thing: a group's measure of positions is `position_scale`, as a
/// flag's is, and `scale` only ever the flag's robust spread (a number) — a group's `scale`
/// was a string (a user trial's dashboard read both).
#[test]
fn a_json_key_has_one_meaning_in_groups_and_flags() {
    let v = json(&["audit", "--format", "json", "examples/audit-sample.csv"]);
    assert_eq!(v["schema_version"], 4);
    let groups = v["groups"].as_array().unwrap();
    assert!(!groups.is_empty());
    for g in groups {
        assert!(g.get("scale").is_none() && g["position_scale"].is_string(), "{g}");
    }
    let flags = v["flags"].as_array().unwrap();
    assert!(!flags.is_empty());
    for f in flags {
        assert!(f["scale"].is_number() && f["position_scale"].is_string(), "{f}");
    }
}

/// Groups under two texts of one statute (transport §63, 2019 and 2023) are told apart in every
/// output: the CSV's `law_in_force_from` column (rows of the two looked alike), the label's
/// bracket in the text report.
#[test]
fn the_text_of_the_law_is_in_every_output() {
    let mut csv = String::from(
        "case_id,violation,act_ended,discovered,decided,party,offence_count,illegal_gains,transport_kind,organised_vehicles,serious,fine,sanctions,hearing_notified\n",
    );
    let mut add = |id: String, acted: &str, decided: &str, fine: u32| {
        csv.push_str(&format!(
            "{id},jx-transport.63.freight,{acted},{acted},{decided},organisation,1,0,freight,false,false,{fine},order_to_stop,true\n"
        ));
    };
    for i in 0..12 {
        add(format!("OLD-{i}"), "2023-01-10", "2023-03-01", 30_000);
        add(format!("NEW-{i}"), "2023-08-10", "2023-09-01", 10_000);
    }
    add("NEW-LOW".into(), "2023-08-10", "2023-09-01", 3_000);
    let file = temp("two-texts.csv", &csv);
    let file = file.to_str().unwrap();
    let (_, out, err) = run(&["audit", "--format", "csv", file]);
    let flagged = out.lines().find(|l| l.contains(",NEW-LOW,")).unwrap_or_else(|| panic!("{out}\n{err}"));
    assert!(flagged.ends_with(",2023-07-20"), "{flagged}");
    let (_, text, _) = run(&["audit", file]);
    assert!(text.contains("jx-transport.63.freight first 2020–2024 [2019, law of 2019-03-02]"), "{text}");
    assert!(text.contains("jx-transport.63.freight first 2020–2024 [2019, law of 2023-07-20]"), "{text}");
    let (_, zh, _) = run(&["audit", "--lang", "zh", file]);
    assert!(zh.contains("[2019，2023-07-20起施行的规定]"), "{zh}");
}
