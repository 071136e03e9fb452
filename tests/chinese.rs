//! `--lang zh` is Chinese throughout: the output of the sample in every format carries no
//! English word outside ids (of cases, violations, levels, factors, rules of the tables) and
//! finding codes.

use std::collections::BTreeSet;
use std::process::Command;

use discretion::Benchmark;
use discretion::table::{Lang, Scheme};

/// Every id the rules define: tables, violations, levels and grades, facts and their values,
/// factors, adjustments, statutes.
fn ids() -> BTreeSet<String> {
    let rules = Benchmark::from_path("rules").unwrap();
    let mut ids = BTreeSet::new();
    for t in rules.tables() {
        ids.insert(t.id.clone());
        ids.extend(t.adjustments.iter().map(|a| a.id.clone()));
        ids.extend(t.factors.iter().map(|f| f.id.clone()));
        for v in &t.violations {
            ids.insert(v.id.clone());
            for scheme in std::iter::once(&v.scheme).chain(&v.responsible_persons) {
                match scheme {
                    Scheme::Tiers { tiers, .. } => ids.extend(tiers.iter().map(|t| t.id.clone())),
                    Scheme::Matrix { axes, .. } => {
                        ids.extend(axes.iter().flat_map(|a| a.grades.iter().map(|g| g.id.clone())))
                    }
                    Scheme::Weights(_) => {
                        ids.insert("weights".into());
                    }
                }
            }
        }
    }
    for s in rules.factor_sets() {
        ids.extend(s.factors.iter().map(|f| f.id.clone()));
    }
    ids.extend(rules.facts().iter().map(|f| f.id.clone()));
    ids.extend(rules.statutes().iter().map(|s| s.id.clone()));
    ids
}

/// ASCII words (three letters or more) of `text` that are not ids, codes or case ids.
fn english(text: &str, ids: &BTreeSet<String>) -> BTreeSet<String> {
    // What the case file itself says: its column names, and values quoted back in `…` or “…”.
    let sample = std::fs::read_to_string("examples/cases-sample.csv").unwrap();
    let header: BTreeSet<&str> = sample.lines().next().unwrap().split(',').collect();
    let quoted: BTreeSet<&str> =
        text.split(['`', '“', '”']).enumerate().filter(|(i, _)| i % 2 == 1).map(|(_, q)| q).collect();
    // The provenance line: the tool's name and the rules' fingerprint (a digest, not words).
    let digests: BTreeSet<&str> =
        text.split("sha256:").skip(1).filter_map(|rest| rest.split(['…', ' ']).next()).collect();
    let allowed = |w: &str| {
        ids.contains(w)
            || w == "discretion"
            || w == "sha256"
            || digests.contains(w)
            || header.contains(w)
            || quoted.contains(w)
            || ids.iter().any(|id| id.split(['.', '-', '_']).any(|part| part == w) && w.len() > 2)
            || w.starts_with("GD-")
            || w.starts_with("JM-")
            || w.starts_with("JX-")
            || w.starts_with("TAX-")
            || w.starts_with("BAD-")
            || w.contains("cases-sample")
            || w == "UTF-8"
            || w.chars().next().is_some_and(|c| c == 'C') && w[1..].chars().all(|c| c.is_ascii_digit())
    };
    text.split(|c: char| !(c.is_ascii_alphanumeric() || "-_./".contains(c)))
        .filter(|w| w.chars().filter(char::is_ascii_alphabetic).count() >= 3)
        .map(|w| w.trim_matches(|c: char| ".-_/".contains(c)))
        .filter(|w| !allowed(w))
        .map(str::to_string)
        .collect()
}

#[test]
fn chinese_output_has_no_english_words() {
    let ids = ids();
    for format in ["text", "csv"] {
        let out = Command::new(env!("CARGO_BIN_EXE_discretion"))
            .args(["check", "--lang", "zh", "--format", format, "examples/cases-sample.csv"])
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
        let words = english(&text, &ids);
        assert!(words.is_empty(), "--format {format}: English in Chinese output: {words:?}");
    }
}

/// In JSON under `--lang zh` a finding's title is Chinese, as its message (an English title sat
/// beside a Chinese message); without `--lang` both languages are given.
#[test]
fn json_findings_are_titled_in_the_language_of_their_message() {
    let run = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_discretion")).args(args).output().unwrap();
        String::from_utf8_lossy(&out.stdout).to_string()
    };
    let zh = run(&["check", "--lang", "zh", "--format", "jsonl", "examples/cases-sample.csv"]);
    let mut titles = 0;
    for line in zh.lines() {
        let row: serde_json::Value = serde_json::from_str(line).unwrap();
        for f in row["findings"].as_array().into_iter().flatten() {
            let title = f["title"].as_str().unwrap();
            assert!(!title.is_ascii(), "{title}");
            assert!(f.get("title_zh").is_none(), "{f}");
            titles += 1;
        }
    }
    assert!(titles > 100, "{titles}");
    let en = run(&["check", "--format", "jsonl", "examples/cases-sample.csv"]);
    assert!(en.contains(r#""title":"sanction not allowed","message""#), "{en}");
}

/// Every tier and grade of the shipped tables has a Chinese name, so Chinese output names every
/// level as the table does (`阶次 weights`, `[general, overdue]` before): checked over the rules,
/// and on the sample's text.
#[test]
fn chinese_text_names_levels_in_chinese() {
    let rules = Benchmark::from_path("rules").unwrap();
    let mut unnamed = Vec::new();
    for t in rules.tables() {
        for v in &t.violations {
            for scheme in std::iter::once(&v.scheme).chain(&v.responsible_persons) {
                match scheme {
                    Scheme::Tiers { tiers, .. } => unnamed
                        .extend(tiers.iter().filter(|x| !x.label.has(Lang::Zh)).map(|x| format!("{} {}", v.id, x.id))),
                    Scheme::Matrix { axes, .. } => unnamed.extend(
                        axes.iter()
                            .flat_map(|a| &a.grades)
                            .filter(|g| !g.label.has(Lang::Zh))
                            .map(|g| format!("{} {}", v.id, g.id)),
                    ),
                    Scheme::Weights(_) => {}
                }
            }
        }
    }
    assert!(unnamed.is_empty(), "levels without a Chinese name: {unnamed:?}");
    let out = Command::new(env!("CARGO_BIN_EXE_discretion"))
        .args(["check", "--lang", "zh", "--all", "examples/cases-sample.csv"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let ids = ids();
    let levels: Vec<&str> = text
        .lines()
        .filter_map(|l| l.split_once("，阶次 ").and_then(|(_, rest)| rest.split("，裁量幅度").next()))
        .filter(|level| *level != "-")
        .collect();
    assert!(levels.len() > 100, "{text}");
    let by_id: Vec<&&str> = levels.iter().filter(|l| l.split('、').any(|part| ids.contains(part))).collect();
    assert!(by_id.is_empty(), "levels named by id: {by_id:?}");
}

/// `range --lang zh` explains and refuses in Chinese: facts, values, grades and branches by
/// their Chinese names, errors in Chinese.
#[test]
fn range_speaks_chinese() {
    let run = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_discretion")).args(args).output().unwrap();
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr)
    };
    let text = run(&[
        "range",
        "--violation",
        "gd-env.1.3",
        "--lang",
        "zh",
        "eia_location=general",
        "corrected_within_deadline=true",
    ]);
    assert!(
        text.contains("（一般区域、限期内完成备案手续），因为 建设地点 = 一般区域；改正情况 = 限期内完成备案手续（在责令改正期限内改正 = 是）"),
        "{text}"
    );
    assert!(text.contains("缺少事实“轻重情形”"), "{text}");
    // The statute by its citation, its branch by what it is (it said
    // `tax-collection-law.60.1（…分支 serious）`): by its condition where the rules name none.
    let tax = |days: &str, serious: &str| {
        run(&[
            "range",
            "--violation",
            "gd-tax.60.1",
            "--lang",
            "zh",
            &format!("days_late={days}"),
            "party=organisation",
            "corrected_before_discovery=false",
            &format!("serious={serious}"),
        ])
    };
    let ordinary = tax("20", "false");
    assert!(
        ordinary.contains(
            "法定幅度：中华人民共和国税收征收管理法第六十条第一款（2001-05-01 起施行的文本，适用情形：其他情形）"
        ),
        "{ordinary}"
    );
    assert!(!ordinary.contains("tax-collection-law"), "{ordinary}");
    let rules = Benchmark::from_path("rules").unwrap();
    let serious = rules.fact("serious").unwrap().label.get(Lang::Zh).to_string();
    let statute = rules
        .statute("tax-collection-law.60.1")
        .unwrap()
        .versions
        .iter()
        .flat_map(|v| &v.branches)
        .find(|b| b.id == "serious")
        .map(|b| b.label.has(Lang::Zh));
    assert_eq!(statute, Some(false), "the branch is named by its condition only while the rules give it no name");
    let heavier = tax("40", "true");
    assert!(heavier.contains(&format!("适用情形：{serious} = 是）")), "{heavier}");
    let refused = run(&["range", "--violation", "gd-env.2.7.1", "--lang", "zh", "x=1", "y"]);
    assert!(refused.starts_with("错误：“y”不是“事实=取值”的形式"), "{refused}");
    assert!(refused.contains("“x”不是规则中的事实"), "{refused}");
    // A sanction's condition names its fact in Chinese too (it said `illegal_gains > 0`).
    let conditional = run(&[
        "range",
        "--violation",
        "jm-env.1-4",
        "--lang",
        "zh",
        "eia_document=report_form",
        "eia_fees=10000",
        "false_base_data=false",
        "major_emergency=false",
        "serious=false",
    ]);
    assert!(conditional.contains("应当同时适用：没收违法所得（条件：违法所得 > 0）"), "{conditional}");
    let undetermined = run(&["range", "--violation", "gd-env.2.7.1", "--lang", "zh"]);
    assert!(
        undetermined.starts_with("错误：无法确定裁量阶次：缺少事实“超标污染物种数”（未给出的事实："),
        "{undetermined}"
    );
}

/// A table that does not load is explained in Chinese under `--lang zh` (it was English): the
/// message and hint of the mistakes a rule author makes most, and the kind of problem above a
/// message that is not translated — in `lint` and in the commands that load rules.
#[test]
fn load_errors_speak_chinese() {
    let dir = std::env::temp_dir().join(format!("discretion-zh-load-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("typo.yaml"), "discretion: 1\nfactz: []\n").unwrap();
    std::fs::write(dir.join("type.yaml"), "discretion: 1\nfacts:\n  - {id: late, type: dayz}\n").unwrap();
    let run = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_discretion")).args(args).output().unwrap();
        (out.status.code(), String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr))
    };
    let path = dir.to_str().unwrap();
    let (code, text) = run(&["lint", "--lang", "zh", path]);
    assert_eq!(code, Some(1), "{text}");
    assert!(text.contains("错误[L004]：未知的键“factz”，此处可用的键：discretion, facts"), "{text}");
    // The frame is Chinese too (it stayed English: `error[…]`, `= at`, `= help`).
    assert!(text.contains("   = 位置 `factz`\n"), "{text}");
    assert!(text.contains("   = 建议：是否指“facts”？"), "{text}");
    assert!(!text.contains("error[") && !text.contains("= at") && !text.contains("= help"), "{text}");
    assert!(text.contains("错误 2 个：基准表未能载入，未作校验"), "{text}");
    assert!(!english(&text, &BTreeSet::new()).contains("not"), "{text}");
    let (code, text) = run(&["check", "--lang", "zh", "--rules", path, "examples/cases-sample.csv"]);
    assert_eq!(code, Some(2), "{text}");
    assert!(text.starts_with("错误：基准表未能载入：\n"), "{text}");
    assert!(text.contains("typo.yaml:2:1：错误[L004]：位置 `factz`：未知的键“factz”"), "{text}");
    assert!(text.contains("（提示：是否指“facts”？）"), "{text}");
    assert!(
        text.contains("错误[L008]：位置 `facts[0].type`：“dayz”不是有效的事实类型（提示：是否指“days”？）"),
        "{text}"
    );
    // English is unchanged.
    let (_, text) = run(&["check", "--rules", path, "examples/cases-sample.csv"]);
    assert!(text.contains("error: the rules do not load:\n"), "{text}");
    assert!(text.contains("typo.yaml:2:1: error[L004]: at `factz`: unknown field `factz`"), "{text}");
}

/// Every value of every enum fact of the shipped rules has a Chinese and an English name, so
/// that `range`, `list` and the reports never show a value's id where a name is due (ten facts
/// — construction stage, water and air pollutant classes, areas, periods, treatment, waste
/// area, kind of transport — showed ids under `--lang zh`).
#[test]
fn every_enum_value_has_a_chinese_and_an_english_name() {
    let rules = Benchmark::from_path("rules").unwrap();
    let mut unnamed = Vec::new();
    for fact in rules.facts() {
        let discretion::table::FactType::Enum(values) = &fact.fact_type else { continue };
        for (i, value) in values.iter().enumerate() {
            let label = fact.value_labels.get(i);
            let named = |lang| label.is_some_and(|l| l.has(lang));
            if !named(Lang::Zh) || !named(Lang::En) {
                unnamed.push(format!("{}={value}", fact.id));
            }
        }
    }
    assert!(unnamed.is_empty(), "enum values without names: {unnamed:?}");
}

/// A value a fact does not take is refused in Chinese with the fact's id and its values by
/// their Chinese names, or the nearest of them (it said only "“城区”不是事实“建设地点”的取值":
/// nothing showed what to write, nor that the column had been read as another fact).
#[test]
fn a_refused_value_says_what_the_fact_takes() {
    let dir = std::env::temp_dir().join(format!("discretion-zh-enum-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("enum.csv");
    std::fs::write(
        &file,
        "case_id,violation,decided,fine,eia_location\nA,gd-env.1.3,2023-05-01,5000,城区\nB,gd-env.1.3,2023-05-01,5000,一般区\n",
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_discretion"))
        .args(["check", "--lang", "zh", file.to_str().unwrap()])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("“城区”不是事实“建设地点”（eia_location）的取值；可取：一般区域、环境敏感区或限制区"),
        "{text}"
    );
    assert!(text.contains("“一般区”不是事实“建设地点”（eia_location）的取值；是否指“一般区域”？"), "{text}");
}

/// The errors a user meets first, under `--lang zh`, carry no English (a helper's trial found
/// the operating system's English after a Chinese heading, lint codes rendered in English for a
/// case file, and a spreadsheet's sheets listed in English).
#[test]
fn command_errors_speak_chinese() {
    let dir = std::env::temp_dir().join(format!("discretion-zh-errors-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let run = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_discretion")).args(args).output().unwrap();
        (out.status.code(), String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr))
    };
    let sample = "examples/audit-sample.csv";
    let missing = dir.join("missing");
    let html = dir.join("no-such-dir").join("x.html");
    let list = dir.join("list.yaml");
    std::fs::write(&list, "- a\n").unwrap();
    let cases: [(&[&str], &str); 5] = [
        (&["audit", "--lang", "zh", "--rules", missing.to_str().unwrap(), sample], "：错误[L001]：文件不存在"),
        (&["audit", "--lang", "zh", "--input", "yaml", sample], "：错误[L003]：案件文件应为案件列表"),
        (&["audit", "--lang", "zh", "--html", html.to_str().unwrap(), sample], "x.html：无法写入：所在目录不存在"),
        (
            &["check", "--lang", "zh", "--sheet", "不存在", "tests/fixtures/export.xlsx"],
            "没有名为“不存在”的工作表；工作表有：处罚决定",
        ),
        (&["audit", "--lang", "zh", "--config", list.to_str().unwrap(), sample], "此处应为“键: 值”形式的映射"),
    ];
    for (args, said) in cases {
        let (code, text) = run(args);
        assert_eq!(code, Some(2), "{args:?}: {text}");
        let first = text.lines().rev().find(|l| l.contains(said)).unwrap_or_else(|| panic!("{args:?}: {text}"));
        let ignored = BTreeSet::new();
        let words: BTreeSet<String> = english(first, &ignored)
            .into_iter()
            // Paths are the user's words.
            .filter(|w| !w.contains('/'))
            .collect();
        assert!(words.is_empty(), "{args:?}: {first}: {words:?}");
    }
}

/// A fact the rules cannot use is said in Chinese under `Lang::Zh` — in `check` (C026) and in
/// `allowed` — not with its English reason inside (an embedder's review).
#[test]
fn an_unusable_fact_is_said_in_chinese() {
    use discretion::check::{Case, CaseCheck};
    use discretion::table::Facts;
    let rules = Benchmark::from_path("rules").unwrap();
    let mut case = Case::new("A-1", "gd-tax.60.1");
    case.facts = Facts::new()
        .number("days_lat", 3)
        .word("serious", "maybe")
        .number("days_late", discretion::Decimal::new(15, 1));
    let a = rules.check(&case);
    let said: Vec<String> =
        a.findings.iter().filter(|f| f.check == CaseCheck::InvalidFact).map(|f| f.message(Lang::Zh)).collect();
    assert_eq!(said.len(), 3, "{said:?}");
    assert!(said.iter().any(|m| m.contains("“days_lat”不是规则中的事实；是否指“days_late”？")), "{said:?}");
    assert!(said.iter().any(|m| m.contains("“serious”的取值应为是或否")), "{said:?}");
    assert!(said.iter().any(|m| m.contains("“days_late”以整数计；1.5不是整数")), "{said:?}");
    for m in &said {
        assert!(english(m, &ids()).is_empty(), "{m}: {:?}", english(m, &ids()));
    }
    let e = rules.allowed(&case).unwrap_err();
    assert!(e.message(Lang::Zh).contains("是否指“days_late”"), "{}", e.message(Lang::Zh));
}
