//! `discretion check` and `discretion range`: input formats, encodings, column mapping, output
//! formats, the reconciling summary, exit status, and a million rows in constant memory.

mod common;

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

fn run(args: &[&str], stdin: Option<&[u8]>) -> (i32, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_discretion"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if let Some(input) = stdin {
        child.stdin.take().unwrap().write_all(input).unwrap();
    }
    drop(child.stdin.take());
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

fn temp(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("discretion-check-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

const HEADER: &str =
    "case_id,violation,party,act_ended,decided,days_late,fine,hearing_notified,corrected_before_discovery\n";

#[test]
fn the_sample_reconciles_and_exits_1() {
    let (code, out, _) = run(&["check", "examples/cases-sample.csv"], None);
    assert_eq!(code, 1, "{out}");
    let summary = out.lines().find(|l| l.contains(" rows read = ")).unwrap();
    let numbers: Vec<u64> =
        summary.split(|c: char| !c.is_ascii_digit()).filter(|s| !s.is_empty()).map(|s| s.parse().unwrap()).collect();
    let [read, assessed, unreadable, compliant, incomplete, review, violations] = numbers[..] else {
        panic!("{summary}")
    };
    assert_eq!(read, 240);
    assert_eq!(read, assessed + unreadable);
    assert_eq!(assessed, compliant + incomplete + review + violations);
    assert!(out.contains("unreadable examples/cases-sample.csv:231: field `fine`"), "{out}");
    for code in [
        "C001", "C002", "C003", "C004", "C005", "C006", "C007", "C008", "C009", "C010", "C011", "C012", "C013", "C014",
        "C015", "C016", "C017", "C018", "C019", "C021", "C022", "C023", "C039",
    ] {
        assert!(out.contains(&format!("  {code} ")), "the sample shows {code}");
    }
}

#[test]
fn clean_cases_exit_0_with_bom_and_chinese_amounts() {
    let csv = format!(
        "\u{feff}{HEADER}T1,gd-tax.60.1,单位,2016-03-01,2016-05-01,17,人民币叁佰肆拾元整,否,否\nT2,gd-tax.60.1,个人,2016/3/1,2016年5月1日,17,85元,否,否\n"
    );
    let f = temp("bom.csv", csv.as_bytes());
    let (code, out, _) = run(&["check", f.to_str().unwrap()], None);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("2 rows read = 2 assessed + 0 unreadable; 2 compliant"), "{out}");
}

#[test]
fn gbk_exports_with_column_mapping() {
    let text = "案号,违法行为,当事人类型,行为终了日,决定日,days_late,罚款金额,hearing_notified,corrected_before_discovery\nG1,gd-tax.60.1,单位,2016-03-01,2016-05-01,17,0.034万元,否,否\n";
    let (bytes, _, bad) = encoding_rs::GBK.encode(text);
    assert!(!bad);
    let f = temp("gbk.csv", &bytes);
    let maps = [
        "案号=case_id",
        "违法行为=violation",
        "当事人类型=party",
        "行为终了日=act_ended",
        "决定日=decided",
        "罚款金额=fine",
    ];
    let mut args = vec!["check", "--encoding", "gbk", "--format", "jsonl"];
    for m in &maps {
        args.extend(["--map", m]);
    }
    args.push(f.to_str().unwrap());
    let (code, out, err) = run(&args, None);
    assert_eq!(code, 0, "{out}{err}");
    let v: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(v["case_id"], "G1");
    assert_eq!(v["verdict"], "compliant");
    assert_eq!(v["fine"], "340");
    // Without --encoding the encoding is detected, and named in the summary.
    let (code, out, err) = run(&["check", "--format", "jsonl", f.to_str().unwrap()], None);
    assert_eq!(code, 0, "{out}{err}");
    assert!(err.contains("encoding GBK/GB18030"), "{err}");
    // Forced to UTF-8 the header cannot be read, so no record can: the file is refused, said why
    // (not counted as one unreadable row while its rows went unread).
    let (code, out, err) = run(&["check", "--encoding", "utf-8", "--format", "jsonl", f.to_str().unwrap()], None);
    assert_eq!((code, out.as_str()), (2, ""));
    assert!(err.contains("the header is not valid UTF-8 (is the file GBK? try --encoding gbk)"), "{err}");
}

#[test]
fn json_lines_yaml_and_stdin() {
    let jsonl = r#"{"case_id": "J1", "violation": "gd-tax.60.1", "party": "organisation", "act_ended": "2016-03-01", "facts": {"days_late": 17, "corrected_before_discovery": false}, "fine": 340.00, "hearing_notified": true}

{"case_id": "J2", "violation": "gd-tax.60.1", "facts": {"days_late": 17, "corrected_before_discovery": false}, "fine": 12345678901234567.89, "factors": ["apl.art49.emergency"], "hearing_notified": true}
not json
"#;
    let f = temp("cases.jsonl", jsonl.as_bytes());
    let (code, out, err) = run(&["check", "--format", "json", f.to_str().unwrap()], None);
    assert_eq!(code, 1, "{out}{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let cases = v["cases"].as_array().unwrap();
    // Every record is in the output, the unreadable one too.
    assert_eq!(cases.len(), 3);
    assert_eq!(cases[0]["verdict"], "compliant");
    // The long amount arrives exactly, not through a float.
    assert_eq!(cases[1]["fine"], "12345678901234567.89");
    assert_eq!(cases[2]["verdict"], "unreadable");
    assert_eq!(v["summary"]["rows_read"], 3);
    assert!(err.contains("3 rows read = 2 assessed + 1 unreadable"), "{err}");
    assert!(err.contains("cases.jsonl:4: invalid JSON"), "{err}");

    let yaml = "cases:\n  - case_id: Y1\n    violation: gd-tax.60.1\n    act_ended: 2016-03-01\n    facts: {days_late: 17, corrected_before_discovery: false}\n    fine: 340\n    hearing_notified: true\n";
    let f = temp("cases.yaml", yaml.as_bytes());
    let (code, out, _) = run(&["check", f.to_str().unwrap()], None);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("1 row read = 1 assessed"), "{out}");
    // A fine no float holds makes its record unreadable, not the file (it refused the file).
    let f = temp(
        "cases-out-of-range.yaml",
        format!("{yaml}  - {{case_id: Y2, violation: gd-tax.60.1, fine: 1e400}}\n").as_bytes(),
    );
    let (code, out, _) = run(&["check", f.to_str().unwrap()], None);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("2 rows read = 1 assessed + 1 unreadable"), "{out}");
    assert!(out.contains(":8: field `fine`: `1e400` is not an amount: it uses an exponent"), "{out}");

    let stdin = format!("{HEADER}S1,gd-tax.60.1,organisation,2016-03-01,2016-05-01,17,341,true,false\n");
    let (code, out, err) = run(&["check", "--format", "csv", "-"], Some(stdin.as_bytes()));
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.starts_with("\u{feff}file,line,case_id,"), "{out}");
    assert!(
        out.contains("<stdin>,2,S1,,,gd-tax.60.1,late tax registration,ordinary-organisation,340,340,341,"),
        "{out}"
    );
}

#[test]
fn malformed_rows_are_named_by_line_and_counted() {
    let csv = format!(
        "{HEADER}A,gd-tax.60.1,organisation,2016-03-01,2016-05-01,17,340,true,false\nB,gd-tax.60.1,organisation\nC,gd-tax.60.1,organisation,2016-02-30,2016-05-01,17,340,true,false\n\"D,gd-tax.60.1,organisation,2016-03-01,2016-05-01,17,340,true,false\n"
    );
    let mut bytes = csv.into_bytes();
    bytes.extend_from_slice(b"E,gd-tax.60.1,organisation,2016-03-01,2016-05-01,17,\xff\xfe,true,false\n");
    let f = temp("bad.csv", &bytes);
    let (code, out, _) = run(&["check", f.to_str().unwrap()], None);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("bad.csv:3: the row has 3 fields, the header 9"), "{out}");
    assert!(out.contains("bad.csv:4: field `act_ended`"), "{out}");
    let read: u64 = out.split(" rows read").next().unwrap().rsplit('\n').next().unwrap().parse().unwrap();
    let assessed: u64 = out.split(" assessed").next().unwrap().rsplit(' ').next().unwrap().parse().unwrap();
    let unreadable: u64 = out.split(" unreadable;").next().unwrap().rsplit(' ').next().unwrap().parse().unwrap();
    assert_eq!(read, assessed + unreadable, "{out}");
    assert!(unreadable >= 3, "{out}");
}

/// A fine with a fraction of a fen (a spreadsheet's `339.999`) is no amount a decision imposes:
/// unreadable, named by its line, rather than judged inside a band it is shown at the end of
/// once rounded (a user trial). Trailing zeros are no fraction; 万元 columns keep their places.
#[test]
fn a_fine_with_a_fraction_of_a_fen_is_unreadable() {
    let row =
        |id: &str, fine: &str| format!("{id},gd-tax.60.1,organisation,2016-03-01,2016-05-01,17,{fine},true,false\n");
    let csv =
        format!("{HEADER}{}{}{}{}", row("A", "339.999"), row("B", "340.000"), row("C", "0.000001"), row("D", "340.5"));
    let f = temp("fen.csv", csv.as_bytes());
    let (_, out, _) = run(&["check", f.to_str().unwrap()], None);
    assert!(
        out.contains(
            "fen.csv:2: field `fine`: `339.999` has a fraction of a fen: an amount imposed is in yuan to the fen (0.01)"
        ),
        "{out}"
    );
    assert!(out.contains("fen.csv:4: field `fine`: `0.000001` has a fraction of a fen"), "{out}");
    assert!(out.contains("4 rows read = 2 assessed + 2 unreadable"), "{out}");
    let (_, zh, _) = run(&["check", "--lang", "zh", f.to_str().unwrap()], None);
    assert!(zh.contains("“339.999”含不足一分的零头"), "{zh}");
}

/// A word that is no value of an enum fact is refused with the values and the Chinese names an
/// export may write instead (English listed only the ids: a user trial copied a grade's name
/// from the report and could not tell what to write).
#[test]
fn an_enum_value_refused_lists_the_names_too() {
    let csv = "case_id,violation,act_ended,decided,party,fine,eia_location,corrected_within_deadline\nX1,gd-env.1.3,2023-03-01,2023-06-01,organisation,18000,限批区或环境敏感区,false\n";
    let f = temp("enum.csv", csv.as_bytes());
    let (_, out, _) = run(&["check", f.to_str().unwrap()], None);
    assert!(
        out.contains("`限批区或环境敏感区` is not a value of `eia_location` (one of: general (一般区域), restricted_or_sensitive (环境敏感区或限制区"),
        "{out}"
    );
}

#[test]
fn usage_and_missing_files_exit_2() {
    assert_eq!(run(&["check", "/no/such/cases.csv"], None).0, 2);
    assert_eq!(run(&["check"], None).0, 2);
    assert_eq!(run(&["check", "--rules", "/no/such/rules", "examples/cases-sample.csv"], None).0, 2);
}

#[test]
fn a_measure_in_another_unit_is_named_as_such() {
    // Guangdong §4.19 reads tonnes of waste: 0.5 吨 is read, 500 kg is no number in tonnes and is
    // not converted — the message says which unit is the fact's.
    let args = |w: &'static str| {
        [
            "range",
            "--violation",
            "gd-env.4.19",
            "--act",
            "2023-01-10",
            w,
            "same_kind_in_one_year=1",
            "major_eco_impact=false",
        ]
    };
    let (code, out, _) = run(&args("waste_tonnes=0.5 吨"), None);
    assert_eq!(code, 0, "{out}");
    let (code, _, err) = run(&args("waste_tonnes=500 kg"), None);
    assert_eq!(code, 2);
    assert!(err.contains("`500 kg` is in `kg`, but `waste_tonnes` is measured in tonnes (吨)"), "{err}");
    // More figures, or the fact's own unit with words after it, are no other unit.
    for w in ["waste_tonnes=很多", "waste_tonnes=1,000 吨", "waste_tonnes=3 吨左右"] {
        let (_, _, err) = run(&args(w), None);
        assert!(err.contains("is not a number") && !err.contains("is in `"), "{err}");
    }
}

#[test]
fn range_explains_the_band() {
    let (code, out, _) = run(
        &[
            "range",
            "--violation",
            "gd-tax.60.1",
            "days_late=17",
            "party=organisation",
            "corrected_before_discovery=false",
        ],
        None,
    );
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("level: ordinary-organisation because days_late ≥ 1 and days_late ≤ 30 and party = organisation"),
        "{out}"
    );
    assert!(out.contains("=> 340"), "{out}");
    let (code, out, _) = run(
        &[
            "range",
            "--rules",
            "rules",
            "--lang",
            "zh",
            "--violation",
            "jm-env.1-2",
            "--date",
            "2021-01-01",
            "production_discharge=是",
            "above_standard_found=否",
            "major_emergency=否",
        ],
        None,
    );
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("裁量幅度：10,000元至20,000元"), "{out}");
    let (code, _, err) = run(&["range", "--violation", "gd-tax.60.1"], None);
    assert_eq!(code, 2);
    assert!(err.contains("days_late"), "{err}"); // A mistyped violation gets the nearest, as in `check`; a bad date names the option.
    let (code, _, err) = run(&["range", "--violation", "gd-tax.60.2", "days_late=17"], None);
    assert_eq!(code, 2);
    assert!(
        err.contains(
            "`gd-tax.60.2` names no violation of the rules; did you mean: gd-tax.60.1 (late tax registration)?"
        ),
        "{err}"
    );
    let (_, _, err) = run(&["range", "--violation", "gd-tax.60.1", "--act", "2016-02-30", "days_late=17"], None);
    assert!(err.contains("field `--act`: `2016-02-30` is not a calendar date"), "{err}");
}

/// `range` says what `check` would of any decision on the facts: a fine the band and the statute
/// let be left out (可以并处), and facts selecting another statute branch than the band's (C035).
/// It said only the band, where `check` accepted no fine, or asked for review.
#[test]
fn range_says_an_optional_fine_and_a_branch_conflict() {
    let range = |args: &[&str]| run(&[&["range"][..], args].concat(), None);
    let (_, out, _) = range(&["--violation", "gd-env.2.23", "stopped_immediately=true", "major_eco_impact=false"]);
    assert!(out.contains("=> under 200, or no fine (the fine may be left out: 可以并处)"), "{out}");
    let (_, out, _) =
        range(&["--lang", "zh", "--violation", "gd-env.2.23", "stopped_immediately=true", "major_eco_impact=false"]);
    assert!(out.contains("，或不处罚款（可以并处）"), "{out}");
    // "处五万元以下的罚款" requires a fine: a band without a lower end says so.
    let eia =
        ["--violation", "gd-env.1.3", "--act", "2023-01-15", "eia_location=general", "corrected_within_deadline=true"];
    let (_, out, _) = range(&eia);
    assert!(out.contains("\n=> under 10,000 (a fine is required)\n"), "{out}");
    let (_, out, _) = range(&[&["--lang", "zh"][..], &eia].concat());
    assert!(out.contains("\n=> 不满10,000元（应当处以罚款）\n"), "{out}");
    let tax = ["--violation", "gd-tax.60.1", "--act", "2016-01-01", "days_late=45", "party=organisation"];
    let (_, out, _) = range(&[&tax[..], &["corrected_before_discovery=false", "serious=false"]].concat());
    assert!(
        out.contains("=> 2,000–10,000\nnote: C035 the table files this band under statute branch `serious`"),
        "{out}"
    );
    let (_, out, _) = range(&[&tax[..], &["corrected_before_discovery=false", "serious=true"]].concat());
    assert!(!out.contains("C035") && !out.contains("or no fine"), "{out}");
    // `serious` not given: the band is the table's, and the line says the branch was not checked.
    let (_, out, _) = range(&[&tax[..], &["corrected_before_discovery=false"]].concat());
    assert!(
        out.contains("=> 2,000–10,000\nnote: C027 C035 (the facts select another statute branch) not checked: the case does not record fact `serious`"),
        "{out}"
    );
}

/// Without `--decided`, `range` answered with the band of the law at the act and said nothing of
/// the lighter law that took effect after it (road transport Art. 63 on 2023-07-20: 30,000 at
/// the act, at most 10,000 for a decision after the change) — where `check` asks for the
/// decision date (C027). It now says it, in both languages; a decision date, or an act after the
/// change, needs no note.
#[test]
fn range_without_a_decision_date_says_a_lighter_later_law() {
    let facts =
        ["offence_count=1", "illegal_gains=0", "organised_vehicles=false", "transport_kind=freight", "serious=false"];
    let range = |extra: &[&str]| {
        let (code, out, err) =
            run(&[&["range", "--violation", "jx-transport.63.freight"][..], extra, &facts[..]].concat(), None);
        assert_eq!(code, 0, "{err}");
        out
    };
    let out = range(&["--act", "2023-06-01"]);
    assert!(
        out.contains(
            "=> 30,000\nnote: this is the band of the law at the act; `road-transport-regulation.63` changed on 2023-07-20, and the later text, lighter for these facts, applies to a decision made on or after that day (Art. 37); the band for such a decision is 10,000. Give --decided for the band of a decision\n"
        ),
        "{out}"
    );
    let out = range(&["--lang", "zh", "--act", "2023-06-01"]);
    assert!(out.contains("中华人民共和国道路运输条例第六十三条于 2023-07-20 修改，新的规定对本案事实处罚较轻：2023-07-20 及以后作出的决定适用新的规定（行政处罚法第三十七条），幅度为10,000元。"), "{out}");
    let out = range(&["--act", "2023-06-01", "--decided", "2023-09-01"]);
    assert!(out.contains("=> 10,000\n") && !out.contains("note: this is the band"), "{out}");
    let out = range(&["--act", "2023-06-01", "--decided", "2023-07-01"]);
    assert!(out.contains("=> 30,000\n") && !out.contains("note: this is the band"), "{out}");
    let out = range(&["--act", "2023-09-01"]);
    assert!(!out.contains("note: this is the band"), "{out}");
    // A discovery after the change settles it without --decided, as `check` reads the case.
    let out = range(&["--act", "2023-06-01", "--discovered", "2023-08-01"]);
    assert!(out.contains("=> 10,000\n") && !out.contains("note: this is the band"), "{out}");
    // And says so, as check's C003 does (it said only that the later text applies).
    assert!(
        out.contains("the later text is lighter and applies (Art. 37); no decision date is given, and the act was discovered on 2023-08-01: the decision came no earlier"),
        "{out}"
    );
    let out = range(&["--act", "2023-06-01", "--discovered", "2023-08-01", "--decided", "2023-09-01"]);
    assert!(!out.contains("no decision date is given"), "{out}");
    let out = range(&["--act", "2023-06-01", "--discovered", "2023-07-01"]);
    assert!(out.contains("=> 30,000\nnote: this is the band"), "{out}");
}

/// Dates out of their legal order are refused, as `check` reports them (C034): `range` gave the
/// band of a decision dated before the act without a word, and which date is wrong decides the
/// law (the decision 2023-07-10 before the change, the discovery 2023-08-01 after it).
#[test]
fn range_refuses_dates_out_of_order() {
    let facts =
        ["offence_count=1", "illegal_gains=0", "organised_vehicles=false", "transport_kind=freight", "serious=false"];
    let range = |extra: &[&str]| {
        let (code, out, err) =
            run(&[&["range", "--violation", "jx-transport.63.freight"][..], extra, &facts[..]].concat(), None);
        assert_ne!(code, 0, "{out}");
        assert!(out.is_empty(), "{out}");
        err
    };
    let err = range(&["--act", "2023-06-01", "--decided", "2023-05-01"]);
    assert!(err.contains("--decided (2023-05-01) is before --act (2023-06-01)"), "{err}");
    let err = range(&["--act", "2023-06-01", "--discovered", "2023-08-01", "--decided", "2023-07-10"]);
    assert!(err.contains("--decided (2023-07-10) is before --discovered (2023-08-01)"), "{err}");
    let err = range(&["--lang", "zh", "--act", "2023-06-01", "--decided", "2023-05-01"]);
    assert!(err.contains("--decided（2023-05-01）早于--act（2023-06-01）"), "{err}");
    // A condition `is: 1` reads `= 1` (it read `offence_count ≥ 1 and offence_count ≤ 1`).
    let (_, out, _) = run(
        &["range", "--violation", "jx-transport.63.freight", "--act", "2023-06-01"]
            .iter()
            .chain(&facts)
            .copied()
            .collect::<Vec<_>>(),
        None,
    );
    assert!(out.contains("level: first because offence_count = 1 and illegal_gains < 20,000"), "{out}");
    // Without --act, the date taken for the act is named as such (it read "--act (2019-03-02)",
    // a date the user never typed).
    let err = range(&["--decided", "2018-01-01"]);
    assert!(
        err.contains("--decided (2018-01-01) is before the act's date taken without --act (the day the table took effect) (2019-03-02)"),
        "{err}"
    );
    // Fields of a case file are not facts: refused, not read and ignored (a cited exempting
    // factor gave the band as if it were not there).
    let err = range(&["factors=apl.under-14"]);
    assert!(err.contains("`factors` is a field of a decision, not a fact"), "{err}");
    let err = range(&["act_ended=2023-01-01"]);
    assert!(err.contains("`act_ended` is not a fact: give it with --act"), "{err}");
    // The party is a fact.
    let (code, out, err) = run(
        &["range", "--violation", "jx-transport.63.freight", "--act", "2023-06-01", "party=organisation"]
            .iter()
            .chain(&facts)
            .copied()
            .collect::<Vec<_>>(),
        None,
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("=> 30,000"), "{out}");
}

/// Without --act, `range` says the act's date it took (the band depends on it, Art. 37).
#[test]
fn range_says_the_act_date_it_assumed() {
    let facts =
        ["offence_count=1", "illegal_gains=0", "organised_vehicles=false", "transport_kind=freight", "serious=false"];
    let args: Vec<&str> = ["range", "--violation", "jx-transport.63.freight"].iter().chain(&facts).copied().collect();
    let (code, out, err) = run(&args, None);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("note: no --act given: the act is taken to be on 2019-03-02, the day the table took effect"),
        "{out}"
    );
    let (_, out, _) = run(&[&args[..], &["--act", "2023-06-01"]].concat(), None);
    assert!(!out.contains("no --act given"), "{out}");
}

/// `range` and a suspension of the table (FORMAT.md §2.3): a discretionary no-penalty entry the
/// suspension lifts is not offered, and the note says which suspension (C040); where the
/// suspension's fact is not given the entry only "may apply" — it was offered without a word.
#[test]
fn range_says_what_a_suspension_lifts() {
    let yaml = common::suspension_table(
        "{id: t1.sensitive, name: {en: no waiver in a sensitive area, zh: 敏感区内不适用可以不予处罚的规定}, suspends: [may_no_penalty], when: {fact: sensitive, is: true}}",
    );
    let dir = std::env::temp_dir().join(format!("discretion-suspension-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let table = dir.join("table.yaml");
    std::fs::write(&table, yaml).unwrap();
    let range = |facts: &[&str]| {
        let args =
            [&["range", "--rules", table.to_str().unwrap(), "--violation", "v", "--act", "2023-01-01"][..], facts];
        let (code, out, err) = run(&args.concat(), None);
        assert_eq!(code, 0, "{err}");
        out
    };
    let out = range(&["first=true", "sensitive=false"]);
    assert!(
        out.contains("=> 1,000–3,000, or no penalty: the facts meet no-penalty entry `e1` (first violation)\n"),
        "{out}"
    );
    let out = range(&["first=true", "sensitive=true"]);
    assert!(out.contains("=> 1,000–3,000\nnote: C040 no-penalty entry `e1` (first violation) gives no ground for not penalising here, where sensitive = true: no waiver in a sensitive area (suspension `t1.sensitive`)\n"), "{out}");
    let out = range(&["first=true"]);
    assert!(
        out.contains(
            "=> 1,000–3,000\nnote: no-penalty entry `e1` (first violation) may apply: fact `sensitive` is not given\n"
        ),
        "{out}"
    );
}

/// A sanction required only on a condition says so: the facts given may not decide it.
#[test]
fn range_says_when_a_sanction_is_conditional() {
    let facts = [
        "disposal_cost=300000",
        "waste_tonnes=2",
        "waste_area=general",
        "corrected_within_deadline=true",
        "same_kind_in_two_years=1",
        "serious=false",
        "circumstances=ordinary",
    ];
    let mut args = vec!["range", "--violation", "gd-env.4.14"];
    args.extend(facts);
    let (code, out, err) = run(&args, None);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("required: order_to_correct, confiscate_gains (if illegal_gains > 0)"), "{out}");
    assert!(!out.contains("base:"), "300,000 is above the floor: {out}");
    // A disposal cost below the statute's floor counts as the floor: said under the statute's
    // range, which reads as though computed from the case's own cost.
    let below: Vec<&str> =
        args.iter().map(|a| if *a == "disposal_cost=300000" { "disposal_cost=150000" } else { *a }).collect();
    let (code, out, err) = run(&below, None);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("\nbase: disposal_cost 150,000 is below the statute's floor 200,000, and counts as 200,000\n"),
        "{out}"
    );
    let zh: Vec<&str> = below.iter().copied().chain(["--lang", "zh"]).collect();
    let (_, out, _) = run(&zh, None);
    assert!(out.contains("计算基数：") && out.contains(" 150,000元，不足 200,000元，按 200,000元计算"), "{out}");
}

/// A name two tables in force share is chosen with `--table`, as the error advises; a fact
/// given twice is said once, not also called "not a fact".
#[test]
fn range_takes_the_table_it_advises_and_says_a_repeated_fact_once() {
    let name = "未依法备案建设项目环境影响登记表";
    let facts = ["eia_location=general", "corrected_within_deadline=false", "apology_and_pledge=false"];
    let args = |table: Option<&'static str>| {
        let mut a = vec!["range", "--violation", name, "--act", "2023-01-10", "circumstances=ordinary"];
        a.extend(facts);
        if let Some(t) = table {
            a.extend(["--table", t]);
        }
        a
    };
    let (code, _, err) = run(&args(None), None);
    assert_eq!(code, 2);
    assert!(err.contains("--table"), "{err}");
    let (code, out, err) = run(&args(Some("gd-env-fines")), None);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("table: gd-env-fines") && out.contains("=> 10,000 to under 30,000"), "{out}");
    let (code, _, err) =
        run(&["range", "--violation", "gd-env.1.3", "eia_location=general", "eia_location=general"], None);
    assert_eq!(code, 2);
    assert!(err.contains("fact `eia_location` is given twice") && !err.contains("not a fact"), "{err}");
}

#[test]
fn a_million_rows_stream_in_constant_memory() {
    let dir = std::env::temp_dir().join(format!("discretion-million-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("million.csv");
    {
        let mut f = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
        f.write_all(HEADER.as_bytes()).unwrap();
        for i in 0..1_000_000u32 {
            let (days, fine) = [(3, 60), (9, 180), (17, 340), (25, 500), (45, 5000)][(i % 5) as usize];
            // Every 100,000th row is unreadable, every 1,000th above its band.
            let fine = if i % 100_000 == 7 {
                "lots".to_string()
            } else if i % 1000 == 3 {
                (fine + 1).to_string()
            } else {
                fine.to_string()
            };
            writeln!(f, "C{i},gd-tax.60.1,organisation,2016-03-01,2016-05-01,{days},{fine},true,false").unwrap();
        }
    }
    // The check's maximum resident set in KB, when /usr/bin/time can tell it.
    let run = |file: &std::path::Path| {
        let time = std::path::Path::new("/usr/bin/time");
        let mut cmd = if time.exists() {
            let mut c = Command::new(time);
            c.args(["-f", "max-rss-kb %M", env!("CARGO_BIN_EXE_discretion")]);
            c
        } else {
            Command::new(env!("CARGO_BIN_EXE_discretion"))
        };
        let out =
            cmd.args(["check", "--format", "csv", file.to_str().unwrap()]).stdout(Stdio::null()).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr).to_string();
        let kb: Option<u64> = err.split("max-rss-kb ").nth(1).map(|kb| kb.trim().parse().unwrap());
        (out.status.code(), err, kb)
    };
    let (code, err, kb) = run(&path);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains(
            "1000000 rows read = 999990 assessed + 10 unreadable; 998990 compliant, 0 incomplete, 1000 need review, 0 violations"
        ),
        "{err}"
    );
    // Streaming: a million rows take little more than a thousand — the duplicate-id check's
    // tables (13 to 27 bytes a record, 40 while they double: about 40 MB at a million) — and
    // far less than the 66 MB file.
    // Measured against a small file, so that the program's own size (a debug build's is
    // large) does not count.
    let small = dir.join("thousand.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&small, text.lines().take(1001).map(|l| format!("{l}\n")).collect::<String>()).unwrap();
    let (_, _, base) = run(&small);
    if let (Some(kb), Some(base)) = (kb, base) {
        assert!(kb < base + 48_000 && kb < 88_000, "max RSS {kb} KB, {base} KB for a thousand rows");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_field_limit_is_enforced_and_can_be_raised() {
    let id = "x".repeat(300);
    let csv = format!("{HEADER}{id},gd-tax.60.1,organisation,2016-03-01,2016-05-01,17,340,true,false\n");
    let f = temp("long.csv", csv.as_bytes());
    let (code, out, _) = run(&["check", "--max-field-bytes", "100", f.to_str().unwrap()], None);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("long.csv:2: field `case_id`: the value is 300 bytes, longer than the 100 bytes"), "{out}");
    assert!(out.contains("1 row read = 0 assessed + 1 unreadable"), "{out}");
    let (_, out, _) = run(&["check", "--max-field-bytes", "1000", f.to_str().unwrap()], None);
    assert!(out.contains("1 row read = 1 assessed + 0 unreadable"), "{out}");
    let (code, _, err) = run(&["audit", "--max-field-bytes", "100", f.to_str().unwrap()], None);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("unreadable ") && err.contains("long.csv:2: field `case_id`: the value is 300 bytes"),
        "{err}"
    );
}

#[test]
fn a_list_or_mapping_where_one_value_belongs_is_unreadable_not_absent() {
    let jsonl = concat!(
        r#"{"case_id": "A", "violation": "gd-tax.60.1", "party": "organisation", "act_ended": "2016-03-01", "days_late": 17, "fine": []}"#,
        "\n",
        r#"{"case_id": "B", "violation": "gd-tax.60.1", "party": "organisation", "act_ended": "2016-03-01", "days_late": 17, "fine": {}}"#,
        "\n",
        r#"{"case_id": "C", "violation": "gd-tax.60.1", "party": "organisation", "act_ended": "2016-03-01", "days_late": 17, "fine": 340, "factors": []}"#,
        "\n",
    );
    let f = temp("shapes.jsonl", jsonl.as_bytes());
    let (code, out, _) = run(&["check", f.to_str().unwrap()], None);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("3 rows read = 1 assessed + 2 unreadable"), "{out}");
    assert!(out.contains("shapes.jsonl:1: field `fine`: `[]` is not an amount"), "{out}");
    assert!(out.contains("shapes.jsonl:2: field `fine`: `{}` is not an amount"), "{out}");
}

/// `null` is absent — not recorded — never an empty value: `"factors": null` leaves the
/// adjustments that read the factors unknown, as an absent key does (it read as "no factors",
/// deciding them), while `"factors": []` says there are none; a `null` fact is not given.
#[test]
fn null_in_a_json_line_is_not_recorded() {
    let line = |id: &str, extra: &str| {
        format!(
            r#"{{"case_id": "{id}", "violation": "gd-env.1.4", "act_ended": "2023-01-10", "discovered": "2023-01-20", "decided": "2023-11-26", "party": "organisation", "fine": "1709100", "hearing_notified": "true", "eia_project_stage": "in_production", "eia_document_project_type": "report_production", "eia_location": "general", "apology_and_pledge": "false", "in_protected_area": "false", "total_investment": "33260000"{extra}}}"#
        )
    };
    let text = [
        line("NULL", r#", "major_eco_impact": false, "factors": null"#),
        line("ABSENT", r#", "major_eco_impact": false"#),
        line("EMPTY", r#", "major_eco_impact": false, "factors": []"#),
        line("NULL-FACT", r#", "facts": {"major_eco_impact": null}"#),
        line("NO-FACT", ""),
    ]
    .join("\n");
    let f = temp("nulls.jsonl", text.as_bytes());
    let (_, out, err) = run(&["check", "--format", "jsonl", "--all", f.to_str().unwrap()], None);
    let findings = |id: &str| -> Vec<String> {
        let row: serde_json::Value =
            serde_json::from_str(out.lines().find(|l| l.contains(&format!("\"{id}\""))).unwrap()).unwrap();
        row["findings"].as_array().unwrap().iter().map(|f| f["message"].as_str().unwrap().to_string()).collect()
    };
    assert_eq!(findings("NULL"), findings("ABSENT"), "{out}{err}");
    assert_ne!(findings("NULL"), findings("EMPTY"), "{out}{err}");
    assert!(
        findings("NULL").iter().any(|m| m.contains("C030 (band adjusted by a rule of the table) not checked")),
        "{out}"
    );
    assert_eq!(findings("NULL-FACT"), findings("NO-FACT"), "{out}{err}");
}

/// A JSON object giving a key twice kept the last value without a word (`"fine": 100, "fine":
/// 18400` was checked as 18,400): the record is now unreadable, saying which key, in the
/// language asked — as a YAML case file refuses it.
#[test]
fn a_json_line_giving_a_key_twice_is_unreadable() {
    let jsonl = concat!(
        r#"{"case_id": "X3", "violation": "gd-tax.60.1", "party": "organisation", "act_ended": "2016-03-01", "days_late": 17, "fine": 100, "fine": 18400}"#,
        "\n",
        r#"{"case_id": "X4", "violation": "gd-tax.60.1", "party": "organisation", "act_ended": "2016-03-01", "facts": {"days_late": 17, "days_late": 30}, "fine": 340}"#,
        "\n",
    );
    let f = temp("twice.jsonl", jsonl.as_bytes());
    let (code, out, _) = run(&["check", f.to_str().unwrap()], None);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("2 rows read = 0 assessed + 2 unreadable"), "{out}");
    assert!(out.contains("twice.jsonl:1: the key `fine` is given twice"), "{out}");
    assert!(out.contains("twice.jsonl:2: the key `days_late` is given twice"), "{out}");
    let (_, out, _) = run(&["check", "--lang", "zh", f.to_str().unwrap()], None);
    assert!(out.contains("键“fine”出现了两次"), "{out}");
}

#[test]
fn a_map_naming_a_column_the_file_lacks_is_warned_about() {
    let csv = format!("{HEADER}A,gd-tax.60.1,organisation,2016-03-01,2016-05-01,17,340,true,false\n");
    let f = temp("mapped.csv", csv.as_bytes());
    let (code, out, err) =
        run(&["check", "--map", "罚没金额=fine", "--map", "dayz_late=days_late", f.to_str().unwrap()], None);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        err.contains("warning: ") && err.contains("--map names column `罚没金额`, which the file does not have"),
        "{err}"
    );
    assert!(
        err.contains("--map names column `dayz_late`, which the file does not have (did you mean `days_late`?)"),
        "{err}"
    );
    let (_, _, err) = run(&["check", "--lang", "zh", "--map", "罚没金额=fine", f.to_str().unwrap()], None);
    assert!(err.contains("--map 指定的列“罚没金额”在文件中不存在"), "{err}");
}

#[test]
fn forcing_gbk_on_a_utf8_file_with_a_bom_is_warned_about() {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(
        format!("{HEADER}A,gd-tax.60.1,organisation,2016-03-01,2016-05-01,17,340,true,false\n").as_bytes(),
    );
    let f = temp("bom-forced-gbk.csv", &bytes);
    let (_, _, err) = run(&["check", "--encoding", "gbk", f.to_str().unwrap()], None);
    assert!(err.contains("starts with a UTF-8 byte-order mark, but --encoding gbk was given"), "{err}");
    let (_, _, err) = run(&["check", f.to_str().unwrap()], None);
    assert!(!err.contains("byte-order mark"), "{err}");
    // Without a mark, Chinese text that is valid UTF-8 says the same (the values were garbled
    // without a word); a GBK file forced to GBK, or ASCII text, gets no warning.
    let utf8 = format!("{HEADER}粤A,gd-tax.60.1,organisation,2016-03-01,2016-05-01,17,340,true,false\n");
    let f = temp("forced-utf8.csv", utf8.as_bytes());
    let (_, _, err) = run(&["check", "--encoding", "gbk", f.to_str().unwrap()], None);
    assert!(
        err.contains("reads as UTF-8 (its text beyond ASCII is valid UTF-8), but --encoding gbk was given"),
        "{err}"
    );
    let (_, _, err) = run(&["check", "--lang", "zh", "--encoding", "gbk", f.to_str().unwrap()], None);
    assert!(err.contains("内容为有效的 UTF-8 文本，却指定了 --encoding gbk：中文将被读成乱码"), "{err}");
    let (gbk, _, _) = encoding_rs::GBK.encode(&utf8);
    let f = temp("forced-gbk.csv", &gbk);
    let (_, _, err) = run(&["check", "--encoding", "gbk", f.to_str().unwrap()], None);
    assert!(!err.contains("UTF-8"), "{err}");
    let f = temp(
        "forced-ascii.csv",
        format!("{HEADER}A,gd-tax.60.1,organisation,2016-03-01,2016-05-01,17,340,true,false\n").as_bytes(),
    );
    let (_, _, err) = run(&["check", "--encoding", "gbk", f.to_str().unwrap()], None);
    assert!(!err.contains("UTF-8"), "{err}");
}

/// The audit's summary says how many near-identical pairs were found and how many cross-table
/// comparisons could not be made, in text (English and Chinese), HTML and JSON alike.
#[test]
fn the_audit_summary_counts_pairs_and_comparisons_not_made() {
    let sample = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/audit-sample.csv");
    let (_, out, _) = run(&["audit", sample], None);
    let line = |text: &str, needle: &str| text.lines().find(|l| l.contains(needle)).map(str::to_string);
    let pairs = line(&out, "near-identical pairs found").expect("pairs line");
    let not_compared = line(&out, "cross-table comparisons not made").expect("divergence line");
    let (_, zh, _) = run(&["audit", "--lang", "zh", sample], None);
    assert!(line(&zh, "案情几乎相同的案件对").is_some() && line(&zh, "跨基准比较无法进行").is_some(), "{zh}");
    let (_, json, _) = run(&["audit", "--format", "json", sample], None);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let count = |k: &str| v["summary"][k].as_u64().unwrap();
    assert!(pairs.starts_with(&format!("{} ", count("near_identical_pairs"))), "{pairs}");
    assert!(not_compared.starts_with(&format!("{} ", count("divergences_not_compared"))), "{not_compared}");
    assert!(count("near_identical_pairs") > 0 && count("divergences_not_compared") > 0);
    // Their cases follow the count, in text and HTML, as the JSON lists them.
    let ids: Vec<&str> =
        v["summary"]["divergences_not_compared_ids"].as_array().unwrap().iter().map(|i| i.as_str().unwrap()).collect();
    assert!(!ids.is_empty() && ids.windows(2).all(|w| w[0] < w[1]), "{ids:?}");
    let cases = count("divergences_not_compared_cases");
    assert!(cases > 50 && ids.len() == 50, "{cases} {ids:?}");
    let of_cases = out.lines().skip_while(|l| !l.contains("cross-table comparisons not made")).nth(1).unwrap();
    assert!(of_cases.starts_with(&format!("  {cases} cases: {}, ", ids[0])) && of_cases.ends_with(", …"), "{of_cases}");
    assert!(zh.contains(&format!("  涉及{cases}件案件：{}、", ids[0])), "{zh}");
    assert_eq!(count("pair_searches_stopped"), 0);
    // Groups with a flag, apart from those large enough to have one (a user trial read
    // `groups_flagged_in` as the first).
    let with_flags = v["groups"].as_array().unwrap().iter().filter(|g| g["flagged"].as_u64() > Some(0)).count();
    assert_eq!(count("groups_with_flags"), with_flags as u64);
    assert!(out.contains(&format!("large enough to flag); 63 flags in {with_flags} groups\n")), "{out}");
    // The sample's eight §1.1 cases: Guangdong and Jiangmen disagree (the domain brief's A.1).
    let divergence = &v["divergences"][0];
    assert_eq!(v["divergences"].as_array().map(Vec::len), Some(1), "{}", v["divergences"]);
    assert_eq!((divergence["statute"].as_str(), divergence["cases"].as_u64()), (Some("eia-law.31.1"), Some(8)));
    // The statute by id, name and provision (in Chinese, all in Chinese).
    assert_eq!(
        (divergence["statute_title"].as_str(), divergence["statute_title_zh"].as_str()),
        (
            Some("building without an approved EIA document (中华人民共和国环境影响评价法 Art. 31 ¶1)"),
            Some("未批先建（中华人民共和国环境影响评价法第三十一条第一款）")
        )
    );
    let shown = line(&out, "eia-law.31.1 building without an approved EIA document (中华人民共和国环境影响评价法 Art. 31 ¶1): gd-env.1.1 weights")
        .expect("divergence shown");
    // The count is of the cases, the bands the example's (computed from its facts).
    assert!(shown.contains("vs jm-env.1-1 tier-2 (jm-env 2020), 8 cases (e.g. "), "{shown}");
    assert!(shown.ends_with(": 678,600 vs 942,500)"), "{shown}");
    let shown = line(&zh, "eia-law.31.1 未批先建（中华人民共和国环境影响评价法第三十一条第一款）：gd-env.1.1")
        .expect("divergence shown in Chinese");
    assert!(shown.contains("不重叠，8件（例：") && shown.ends_with("，678,600元，另一基准942,500元）"), "{shown}");
    // What else was found is counted with the summary (on standard error for CSV), and a list
    // cut short says so.
    assert!(line(&out, "1 unit or officer out of line; 1 cross-table divergence").is_some(), "{out}");
    assert!(line(&out, "… 5 more (the JSON report and the HTML page list them all)").is_some(), "{out}");
    let (_, _, err) = run(&["audit", "--format", "csv", sample], None);
    assert!(line(&err, "1 cross-table divergence").is_some(), "{err}");
    assert!(line(&zh, "执法单位/人员差异1项；基准幅度不重叠1处").is_some(), "{zh}");
    let html = std::env::temp_dir().join(format!("discretion-summary-{}.html", std::process::id()));
    run(&["audit", "--html", html.to_str().unwrap(), sample], None);
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.contains("near-identical pairs found") && page.contains("cross-table comparisons not made"));
    assert!(page.contains("jm-env.1-1 tier-2"), "the divergence is on the page");
    assert!(page.contains("<th>eia-law.31.1 building without an approved EIA document ("), "its statute named");
    // The summary counts it, linked to its section; findings not made are counted as 0.
    assert!(page.contains("<a href=\"#divergence\">cross-table divergences</a></th><td class=\"num\">1</td>"));
    assert!(page.contains("<th>heavier levels punished less</th><td class=\"num\">0</td>"));
}

/// An unreadable record is still listed by whose it is: its id, unit and officer, wherever
/// their columns stand (the case id after the bad amount was lost), in every format, and the
/// counts by unit and officer include it.
#[test]
fn an_unreadable_row_keeps_its_id_unit_and_officer() {
    let text = "罚款金额,执法单位,案号,违法行为,决定日期,承办人\n\
                约三百元,广州市税务局,A1,gd-tax.60.1,2016-05-01,张三\n\
                340,广州市税务局,A2,gd-tax.60.1,2016-05-01,张三\n\
                340,广州市税务局,,gd-tax.60.1,2016-05-01,李四\n";
    let f = temp("unreadable-unit.csv", text.as_bytes());
    let f = f.to_str().unwrap();
    let (_, out, _) = run(&["check", "--format", "jsonl", f], None);
    let first: serde_json::Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
    assert_eq!(first["verdict"], "unreadable", "{out}");
    assert_eq!((first["case_id"].as_str(), first["unit"].as_str()), (Some("A1"), Some("广州市税务局")), "{out}");
    assert_eq!(first["officer"].as_str(), Some("张三"));
    assert!(first["reason"].as_str().unwrap().starts_with("field `罚款金额`"), "{out}");
    // A missing id is said of the file's column, not of the field behind it.
    let last: serde_json::Value = serde_json::from_str(out.lines().nth(2).unwrap()).unwrap();
    assert_eq!(last["reason"].as_str(), Some("field `案号`: the case has no id"), "{out}");
    let (_, out, _) = run(&["check", "--format", "csv", f], None);
    assert!(out.lines().nth(1).unwrap().contains(",2,A1,广州市税务局,张三,"), "{out}");
    let (_, out, _) = run(&["check", "--lang", "zh", f], None);
    assert!(out.contains("  广州市税务局：合规 0，信息不全 1，需复核 0，违法 0，无法读取 2\n"), "{out}");
    assert!(out.contains("  广州市税务局 / 张三：合规 0，信息不全 1，需复核 0，违法 0，无法读取 1\n"), "{out}");
}

/// A table level that sets no fine under a statute that requires one: `check` judges the
/// decision against the statute's range, and `range` says that range (it said "=> no fine",
/// while `check` called a decision without a fine a violation); lint reports the level (D029).
const NO_FINE_LEVEL: &str = "discretion: 1
facts:
  - {id: obstruction, type: enum, name: {zh: 阻挠方式, en: obstruction}, values: [delay, violence]}
table:
  id: t-no-fine
  version: \"1\"
  title: {zh: 试, en: trial}
  authority: {zh: 试, en: trial}
  jurisdiction: CN
  currency: CNY
  effective: {from: 2020-03-01}
  source: {name: trial}
  boundaries: {above: inclusive, below: inclusive}
  languages: [zh, en]
violations:
  - id: t.1
    name: {zh: 拒绝检查, en: refusing an inspection}
    legal_basis:
      violated: [{instrument: 中华人民共和国水污染防治法, article: 30}]
      penalty: [{instrument: 中华人民共和国水污染防治法, article: 81}]
    statute: water-pollution-law.81
    tiers:
      - {id: tier-1, name: {zh: 拖延, en: delay}, when: {fact: obstruction, is: delay}, fine: {min: 20000, max: 50000}}
      - {id: tier-2, name: {zh: 暴力, en: violence}, when: {fact: obstruction, is: violence}, sanctions: {required: [warning]}}
";

#[test]
fn range_says_the_statutes_range_where_a_level_sets_no_fine() {
    let dir = std::env::temp_dir().join(format!("discretion-no-fine-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let table = dir.join("table.yaml");
    std::fs::write(&table, NO_FINE_LEVEL).unwrap();
    let table = table.to_str().unwrap();
    let rules = ["--rules", "rules/law", "--rules", table];
    let (code, out, err) = run(
        &[&["range"][..], &rules, &["--violation", "t.1", "--act", "2021-05-01", "obstruction=violence"]].concat(),
        None,
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("=> 20,000–200,000 (the level sets no fine, but the statute requires one: its range applies)"),
        "{out}"
    );
    let cases = "case_id,violation,act_ended,decided,party,fine,sanctions,obstruction\n\
                 X1,t.1,2021-05-01,2021-06-01,organisation,50000,警告,violence\n\
                 X2,t.1,2021-05-01,2021-06-01,organisation,,警告,violence\n";
    let f = temp("no-fine-level.csv", cases.as_bytes());
    let (_, out, _) = run(&[&["check"][..], &rules, &["--format", "jsonl", f.to_str().unwrap()]].concat(), None);
    let verdicts: Vec<String> = out
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["verdict"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(verdicts, ["compliant", "violation"], "{out}");
    let (_, out, err) = run(&["lint", "rules/law", table], None);
    assert!(format!("{out}{err}").contains("D029"), "{out}{err}");
}

/// Inputs or options that do not fit the file, said instead of passed over (a helper's trial):
/// JSON Lines on standard input read as CSV said only "no case_id column" with a hint about
/// title rows; `--sheet` on a CSV file was ignored; a repeated column was said to be "neither a
/// case field nor a fact" — of `fine`.
#[test]
fn inputs_that_do_not_fit_the_reading_are_said() {
    let line = br#"{"case_id": "A", "violation": "gd-tax.60.1"}
"#;
    let (code, _, err) = run(&["check", "-"], Some(line));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("<stdin>: read as CSV, but it starts with `{`: JSON Lines? Give --input jsonl"), "{err}");
    let (_, _, err) = run(&["check", "--lang", "zh", "-"], Some(line));
    assert!(err.contains("是否为 JSON Lines？请指定 --input jsonl"), "{err}");
    let (code, out, _) = run(&["check", "--input", "jsonl", "-"], Some(line));
    assert!(code != 2 && out.contains("1 row read = 1 assessed"), "{out}");
    let csv = format!("{HEADER}A,gd-tax.60.1,organisation,2016-03-01,2016-05-01,17,340,true,false\n");
    let f = temp("sheetless.csv", csv.as_bytes());
    let (_, _, err) = run(&["check", "--sheet", "罚款", f.to_str().unwrap()], None);
    assert!(
        err.contains("--sheet 罚款 is for spreadsheets (.xlsx, .xls, .ods); this file is read as text, whole"),
        "{err}"
    );
    let twice =
        format!("{},fine\nA,gd-tax.60.1,organisation,2016-03-01,2016-05-01,17,340,true,false,999\n", HEADER.trim_end());
    let f = temp("twice.csv", twice.as_bytes());
    let (_, out, err) = run(&["check", "--format", "csv", f.to_str().unwrap()], None);
    assert!(err.contains("column `fine` gives the same field as the earlier column `fine`"), "{err}");
    assert!(!err.contains("neither a case field"), "{err}");
    assert!(out.contains(",unreadable,") && out.contains("`999` differs from `340`"), "{out}");
}

/// A repeated case id says where the id was first met — in its finding and in the summary,
/// across files, after a record spanning two lines (it said only "an earlier record's").
#[test]
fn a_repeated_case_id_names_the_record_first_met() {
    let a = format!(
        "{HEADER}A,gd-tax.60.1,organisation,2016-03-01,2016-05-01,17,340,true,false\n\"B\nB\",gd-tax.60.1,organisation,2016-03-01,2016-05-01,17,340,true,false\nC,gd-tax.60.1,organisation,2016-03-01,2016-05-01,17,340,true,false\n"
    );
    let b = format!("{HEADER}C,gd-tax.60.1,organisation,2016-03-01,2016-05-01,17,340,true,false\n");
    let (fa, fb) = (temp("first.csv", a.as_bytes()), temp("second.csv", b.as_bytes()));
    let (fa, fb) = (fa.to_str().unwrap(), fb.to_str().unwrap());
    let (_, out, _) = run(&["check", fa, fb], None);
    assert!(out.contains(&format!("C031 needs_review: the case id repeats the record at {fa}:5")), "{out}");
    assert!(out.contains(&format!("  {fb}:2: C (first at {fa}:5)")), "{out}");
    let (_, out, _) = run(&["check", "--lang", "zh", fa, fb], None);
    assert!(out.contains(&format!("案号与 {fa}:5 的记录重复")), "{out}");
    assert!(out.contains(&format!("  {fb}:2：C（首次出现于 {fa}:5）")), "{out}");
}

/// A quote opened in one row's last field and closed in a later row's keeps the count of fields
/// right: the rows between are swallowed into one field, whole rows' worth of delimiters and
/// all. Said, with the lines, and that field is not read as the case's (a user trial: four
/// cases gone, exit 0, a unit of four rows' text). A note written over lines with a comma or
/// two is text, read.
#[test]
fn rows_swallowed_by_a_quote_in_another_field_are_said() {
    let row = |id: &str| format!("{id},gd-tax.60.1,organisation,2016-03-01,2016-05-01,17,340,true,false");
    let text = format!(
        "{HEADER}{}\n{}\n{}\n{}\n{}\n{}\n",
        row("A"),
        row("B").replace(",false", ",\"false"),
        row("C"),
        row("D"),
        row("E") + "\"",
        row("F"),
    );
    let f = temp("swallowed.csv", text.as_bytes());
    let f = f.to_str().unwrap();
    let (code, out, _) = run(&["check", f], None);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("3 rows read = 2 assessed + 1 unreadable"), "{out}");
    assert!(out.contains(&format!("unreadable {f}:3: the record on lines 3–6 holds line breaks and a whole row's worth of delimiters in its field `")), "{out}");
    let (_, zh, _) = run(&["check", "--lang", "zh", f], None);
    assert!(zh.contains("从第 3 行到第 6 行的记录，其字段"), "{zh}");
    // A multi-line note with a comma in it is no swallowed row.
    let noted = format!("{},note\n{},\"line one, and\nline two\"\n", HEADER.trim_end(), row("G"));
    let f = temp("noted.csv", noted.as_bytes());
    let (_, out, _) = run(&["check", f.to_str().unwrap()], None);
    assert!(out.contains("1 row read = 1 assessed + 0 unreadable"), "{out}");
}

/// A quote that opens a field and closes on a later row makes one record of both rows: the
/// reason says the record runs over both lines, so that the case of the second is not lost
/// without a word (it said only "the row has 9 fields, the header 9": a user trial).
#[test]
fn a_record_running_over_lines_says_so() {
    let text = format!(
        "{HEADER}A,gd-tax.60.1,organisation,2016-03-01,2016-05-01,17,340,true,false\n\
         B,\"gd-tax.60.1,organisation,2016-03-01,2016-05-01,17,340,true,false\n\
         C,gd-tax.60.1\",organisation,2016-03-01,2016-05-01,17,340,true,false\n\
         D,gd-tax.60.1,organisation,2016-03-01,2016-05-01,17,340,true,false\n"
    );
    let f = temp("open-quote.csv", text.as_bytes());
    let f = f.to_str().unwrap();
    let (_, out, _) = run(&["check", f], None);
    assert!(out.contains("3 rows read = 2 assessed + 1 unreadable"), "{out}");
    assert!(
        out.contains(&format!("unreadable {f}:3: the record on lines 3–4 has a line break in its case id or violation: line breaks inside quotes made it run over several lines — a quote left open? The rows after it are part of this record")),
        "{out}"
    );
    let (_, zh, _) = run(&["check", "--lang", "zh", f], None);
    assert!(zh.contains("从第 3 行到第 4 行的记录，其案号或违法行为中有换行"), "{zh}");
    // The fields count off as well: said with the counts.
    let text = text.replace("C,gd-tax.60.1\",organisation", "C,gd-tax.60.1\",organisation,extra");
    let f = temp("open-quote-count.csv", text.as_bytes());
    let (_, out, _) = run(&["check", f.to_str().unwrap()], None);
    assert!(out.contains("the record on lines 3–4 has 10 fields, the header 9: line breaks inside quotes"), "{out}");
    // Lines ending in a lone CR (Excel for Mac) are lines too: the record was read as one case.
    let f = temp("open-quote-cr.csv", text.replace('\n', "\r").as_bytes());
    let (_, out, _) = run(&["check", f.to_str().unwrap()], None);
    assert!(out.contains(":3: the record on lines 3–4 has 10 fields, the header 9"), "{out}");
}

/// One decision on two violations (一案多违法) is one record per violation under one id: no
/// repetition, as the audit counts it (`check` called the second record a repeat, C031, the
/// two commands disagreeing on the same rows: a user trial). The same violation named once by
/// its id and once by its name is a repetition.
#[test]
fn one_id_under_two_violations_is_no_repetition() {
    let row =
        |id: &str, violation: &str| format!("{id},{violation},organisation,2016-03-01,2016-05-01,17,340,true,false\n");
    let text = format!(
        "{HEADER}{}{}{}",
        row("D1", "gd-tax.60.1"),
        row("D1", "tax-62.late-filing"),
        row("D2", "gd-tax.60.1") + &row("D2", "未按照规定的期限申报办理税务登记")
    );
    let f = temp("two-violations.csv", text.as_bytes());
    let f = f.to_str().unwrap();
    let (_, out, _) = run(&["check", "--all", f], None);
    assert_eq!(out.matches("C031").count(), 1, "{out}");
    assert!(out.contains(&format!("C031 needs_review: the case id repeats the record at {f}:4")), "{out}");
    // Nor is one decision fining the party and its responsible persons (双罚), as in the audit.
    let text = "case_id,violation,addressee,decided,fine\nK1,gd-env.1.4,party,2023-03-01,200000\n\
                K1,gd-env.1.4,responsible_persons,2023-03-01,20000\nK1,gd-env.1.4,party,2023-03-01,200000\n";
    let f = temp("two-addressees.csv", text.as_bytes());
    let f = f.to_str().unwrap();
    let (_, out, _) = run(&["check", "--all", f], None);
    assert_eq!(out.matches("C031").count(), 1, "{out}");
    assert!(out.contains(&format!("the case id repeats the record at {f}:2")), "{out}");
}

/// `range` answers as `check` judges: where the facts meet a mandatory no-penalty entry the
/// answer is no penalty (a penalty is C004 there), a discretionary one may waive the band, and
/// an entry a fact not given leaves open is said. It gave the weighted band alone.
#[test]
fn range_says_a_no_penalty_entry_the_facts_meet() {
    let facts = [
        "pollutants_over_limit=1",
        "water_pollutant_class=b_class",
        "outfall_area=general",
        "daily_discharge_tonnes=10",
        "water_exceedance=under_x3",
        "exceedance_multiple=0.05",
        "same_kind_in_two_years=1",
        "corrected_within_deadline=true",
        "in_protected_area=false",
        "party=organisation",
    ];
    let range = |rules: &[&str], more: &[&str], lang: &str| {
        let args = [
            &["range", "--lang", lang][..],
            rules,
            &["--violation", "gd-env.2.7.1", "--act", "2023-04-01"],
            &facts,
            more,
        ];
        let (code, out, err) = run(&args.concat(), None);
        assert_eq!(code, 0, "{err}");
        out
    };
    let out = range(&[], &["first_offence_within_year=true"], "en");
    assert!(
        out.contains("\n=> no penalty: the facts meet no-penalty entry `gd-env-np.6` (water over-standard"),
        "{out}"
    );
    let out = range(&[], &["first_offence_within_year=true"], "zh");
    assert!(out.contains("\n=> 应当不予处罚：符合不予处罚清单“超过水污染物排放标准排放水污染物"), "{out}");
    let out = range(&[], &["first_offence_within_year=false"], "en");
    assert!(out.contains("\n=> 120,000\n") && !out.contains("gd-env-np.6"), "{out}");
    let out = range(&[], &[], "en");
    assert!(out.contains("\n=> 120,000\nnote: no-penalty entry `gd-env-np.6` (water over-standard — first violation within a year, minor exceedance, corrected within the deadline) may apply: fact `first_offence_within_year` is not given"), "{out}");
    // No level (`outfall_area` not given), but the entry met answers all the same, as `check`.
    let partial: Vec<&str> = facts.iter().copied().filter(|f| !f.starts_with("outfall_area")).collect();
    let args = [
        &["range", "--violation", "gd-env.2.7.1", "--act", "2023-04-01"][..],
        &partial,
        &["first_offence_within_year=true"],
    ];
    let (code, out, err) = run(&args.concat(), None);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with("=> no penalty: the facts meet no-penalty entry `gd-env-np.6`")
            && out.contains("(no level is needed; facts not given: outfall_area"),
        "{out}"
    );
    // The same entry made discretionary (可以不予处罚): the band, or no penalty.
    let dir = std::env::temp_dir().join(format!("discretion-np-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let list = std::fs::read_to_string("rules/guangdong/environment-no-penalty-2021.yaml").unwrap();
    let np6 = list.find("id: gd-env-np.6").unwrap();
    let kind = np6 + list[np6..].find("kind: mandatory").unwrap();
    let edited = format!("{}kind: discretionary{}", &list[..kind], &list[kind + "kind: mandatory".len()..]);
    let path = dir.join("np.yaml");
    std::fs::write(&path, edited).unwrap();
    let rules = [
        "--rules",
        "rules/law",
        "--rules",
        "rules/guangdong/environment-fines-2021.yaml",
        "--rules",
        path.to_str().unwrap(),
    ];
    let out = range(&rules, &["first_offence_within_year=true"], "en");
    assert!(out.contains("\n=> 120,000, or no penalty: the facts meet no-penalty entry `gd-env-np.6`"), "{out}");
}

/// A case id is read as the document number it is: full-width digits and letters as ASCII, and
/// characters that show nothing left out — so `D1`, `Ｄ１` and `D1` with a zero-width space are one
/// id, repeated (C031), where a user trial saw three cases, two of them printed alike as `D1`.
#[test]
fn ids_spelt_differently_are_one_id() {
    let row = |id: &str| format!("{id},gd-tax.60.1,organisation,2016-03-01,2016-05-01,17,340,true,false\n");
    let text = format!("{HEADER}{}{}{}{}", row("D1"), row("Ｄ１"), row("D1\u{200b}"), row("\u{feff}〔2023〕１号"));
    let f = temp("id-spellings.csv", text.as_bytes());
    let f = f.to_str().unwrap();
    let (_, out, _) = run(&["check", "--format", "jsonl", f], None);
    let ids: Vec<String> = out
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["case_id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids, ["D1", "D1", "D1", "〔2023〕1号"], "{out}");
    let (_, text_out, _) = run(&["check", f], None);
    assert!(text_out.contains("duplicate case ids (2)"), "{text_out}");
}

/// The summary lists the checks left unmade under the finding that says so: C041 (the case is
/// incomplete: its lawfulness rests on the missing data) apart from C027 (a note). They had
/// been counted together, so an auditor could not tell from the summary which cases were left
/// undecided. JSON: `lawfulness_undecided` beside `checks_not_made`.
#[test]
fn the_summary_counts_undecided_lawfulness_apart_from_notes() {
    let csv = "case_id,violation,party,act_ended,discovered,decided,fine,offence_count,illegal_gains,organised_vehicles,transport_kind,serious
T1,jx-transport.63.freight,organisation,2023-06-01,,,30000,1,0,否,freight,否
T2,jx-transport.63.freight,organisation,2023-06-01,2023-06-10,,120000,1,0,否,freight,否
T3,jx-transport.63.freight,organisation,2023-06-01,2023-08-01,,9000,1,0,否,freight,否
";
    let f = temp("undecided.csv", csv.as_bytes());
    let (_, out, err) = run(&["check", f.to_str().unwrap()], None);
    // (The summary follows the cases on standard output.)
    let err = format!("{out}{err}");
    let undecided = "lawfulness undecided, data not recorded (C041):\n  C003 law applied (从旧兼从轻): 1 (T1)\n";
    assert!(err.contains(undecided), "{err}");
    // T2 is outside both laws (a violation either way): its missing date is a note.
    assert!(
        err.contains("checks not made, data not recorded (C027):\n  C003 law applied (从旧兼从轻): 1 (T2)\n"),
        "{err}"
    );
    // T3 was discovered after the change: the decision came after it, and the later law applies.
    assert!(out.contains("T3 (") && out.contains("discovered on 2023-08-01, after the change"), "{out}");
    let (_, zh, _) = run(&["check", "--lang", "zh", f.to_str().unwrap()], None);
    assert!(zh.contains("因数据未记载无法判定是否合法（C041）：\n"), "{zh}");
    let (_, out, _) = run(&["check", "--format", "json", f.to_str().unwrap()], None);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["summary"]["lawfulness_undecided"]["C003"], 1, "{}", v["summary"]);
    assert_eq!(v["summary"]["checks_not_made"]["C003"], 1, "{}", v["summary"]);
}
