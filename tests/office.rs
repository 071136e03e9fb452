//! Office exports as they come: GBK and CRLF with Chinese headers and names, spreadsheets,
//! units in cells, duplicate and shared-name columns, formula injection, blank rows, tables
//! chosen by `--table` — and the findings that must not be quietly wrong.

use std::path::PathBuf;
use std::process::Command;

fn run(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_discretion")).args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

fn temp(name: &str, bytes: &[u8]) -> String {
    let dir = std::env::temp_dir().join(format!("discretion-office-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p: PathBuf = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p.display().to_string()
}

fn jsonl(out: &str) -> Vec<serde_json::Value> {
    out.lines().filter(|l| l.starts_with('{')).map(|l| serde_json::from_str(l).unwrap()).collect()
}

const HEADER: &str = "案号,违法行为,当事人类型,违法行为终了日期,发现日期,决定日期,逾期天数（自期限届满次日起）,在被发现前改正,情节严重,罚款金额,告知听证,执法单位";

#[test]
fn a_gbk_crlf_export_with_chinese_headers_names_and_amounts() {
    let rows = [
        "粤税罚〔2016〕1号,未按照规定的期限申报办理税务登记,单位,2016年3月1日,2016-03-20,2016/5/1,17,否,否,人民币叁佰肆拾元整,是,广州市税务局",
        "粤税罚〔2016〕2号,gd-tax.60.1,个人,2016-03-01,2016-03-20,2016-05-01,17天,否,否,0.0085万元,是,广州市税务局",
        "粤税罚〔2016〕3号,gd-tax.60.1,单位,2016-03-01,2016-03-20,2016-05-01,17,否,否,约三百元,是,佛山市税务局",
        ",,,,,,,,,,,",
    ];
    let text = format!("{HEADER}\r\n{}\r\n", rows.join("\r\n"));
    let (bytes, _, bad) = encoding_rs::GBK.encode(&text);
    assert!(!bad);
    let f = temp("export-gbk.csv", &bytes);
    let (code, out, err) = run(&["check", "--format", "jsonl", &f]);
    assert_eq!(code, 1, "{err}");
    let rows = jsonl(&out);
    // The blank row of a spreadsheet export is skipped; the others keep their CRLF line numbers.
    assert_eq!(rows.len(), 3, "{out}");
    assert_eq!((rows[0]["line"].as_u64(), rows[0]["verdict"].as_str()), (Some(2), Some("compliant")));
    assert_eq!((rows[0]["violation_id"].as_str(), rows[0]["fine"].as_str()), (Some("gd-tax.60.1"), Some("340")));
    assert_eq!((rows[1]["verdict"].as_str(), rows[1]["fine"].as_str()), (Some("compliant"), Some("85")));
    assert_eq!((rows[2]["line"].as_u64(), rows[2]["verdict"].as_str()), (Some(4), Some("unreadable")));
    assert!(err.contains("encoding GBK/GB18030"), "{err}");
    // The reason in Chinese, with --lang zh.
    let (_, out, _) = run(&["check", "--format", "jsonl", "--lang", "zh", &f]);
    let reason = jsonl(&out)[2]["reason"].as_str().unwrap().to_string();
    assert!(reason.starts_with("字段“罚款金额”：“约三百元”不是有效金额"), "{reason}");
}

/// Excel for Mac's "CSV (Macintosh)" ends lines with a lone carriage return: each row keeps
/// its own line (all were numbered 1), and a cell holding a line break (Excel writes `\n`
/// inside quotes) counts as the editor counts it.
#[test]
fn a_mac_export_ending_lines_with_carriage_returns_keeps_its_line_numbers() {
    let rows = [
        "A1,gd-tax.60.1,单位,2016-03-01,2016-03-20,2016-05-01,17,否,否,340,是,广州市税务局",
        "A2,gd-tax.60.1,单位,2016-03-01,2016-03-20,2016-05-01,17,否,否,约三百元,是,\"广州市\n税务局\"",
        "A3,gd-tax.60.1,单位,2016-03-01,2016-03-20,2016-05-01,17,否,否,abc,是,广州市税务局",
    ];
    let f = temp("export-mac.csv", format!("{HEADER}\r{}\r", rows.join("\r")).as_bytes());
    let (_, out, err) = run(&["check", "--format", "jsonl", &f]);
    let lines: Vec<Option<u64>> = jsonl(&out).iter().map(|r| r["line"].as_u64()).collect();
    assert_eq!(lines, [Some(2), Some(3), Some(5)], "{out}{err}");
}

/// Blank lines between rows — empty, or cells of spaces — keep every later row on its own line,
/// with `\n`, `\r\n` or a lone `\r` between lines. The parser reports a row after empty lines
/// at the first of them: such a row was numbered as if it followed its predecessor directly.
#[test]
fn rows_after_blank_lines_keep_their_line_numbers() {
    let rows = [
        "A1,gd-tax.60.1,单位,2016-03-01,2016-03-20,2016-05-01,17,否,否,340,是,广州市税务局",
        "",
        "",
        "A2,gd-tax.60.1,单位,2016-03-01,2016-03-20,2016-05-01,17,否,否,约三百元,是,广州市税务局",
        "  ,  ",
        "",
        "A3,gd-tax.60.1,单位,2016-03-01,2016-03-20,2016-05-01,17,否,否,abc,是,\"广州市\n\n税务局\"",
        "",
        "A4,gd-tax.60.1,单位,2016-03-01,2016-03-20,2016-05-01,17,否,否,xyz,是,广州市税务局",
    ];
    for (name, end) in [("lf", "\n"), ("crlf", "\r\n"), ("cr", "\r")] {
        let f = temp(&format!("blank-{name}.csv"), format!("{HEADER}{end}{}{end}", rows.join(end)).as_bytes());
        let (_, out, err) = run(&["check", "--format", "jsonl", &f]);
        let records = jsonl(&out);
        let got: Vec<(Option<&str>, Option<u64>)> =
            records.iter().map(|r| (r["case_id"].as_str(), r["line"].as_u64())).collect();
        let want = [(Some("A1"), Some(2)), (Some("A2"), Some(5)), (Some("A3"), Some(8)), (Some("A4"), Some(12))];
        assert_eq!(got, want, "{name}: {out}{err}");
    }
}

/// A tab-separated export (a `.txt` "text (tab delimited)" file, in GBK): read by tabs, with
/// commas inside a cell as data, and a note saying how it was read. Read with commas, its
/// header was one column and the run stopped with "no case_id column".
#[test]
fn a_tab_separated_export_is_read_by_its_tabs() {
    let rows = [
        "粤税罚〔2016〕1号,\t未按照规定的期限申报办理税务登记\t单位\t2016-03-01\t2016-03-20\t2016-05-01\t17\t否\t否\t1,340\t是\t广州市税务局",
        "粤税罚〔2016〕2号\tgd-tax.60.1\t单位\t2016-03-01\t2016-03-20\t2016-05-01\t17\t否\t否\t约三百元\t是\t广州市税务局",
    ];
    let text = format!("{}\r\n{}\r\n", HEADER.replace(',', "\t"), rows.join("\r\n"));
    let (bytes, _, bad) = encoding_rs::GBK.encode(&text);
    assert!(!bad);
    let f = temp("export-tabs.txt", &bytes);
    let (_, out, err) = run(&["check", "--format", "jsonl", &f]);
    let rows = jsonl(&out);
    assert_eq!(rows.len(), 2, "{out}{err}");
    assert_eq!(rows[0]["case_id"].as_str(), Some("粤税罚〔2016〕1号,"), "{out}");
    assert_eq!((rows[0]["fine"].as_str(), rows[0]["line"].as_u64()), (Some("1340"), Some(2)), "{out}");
    assert_eq!((rows[1]["verdict"].as_str(), rows[1]["line"].as_u64()), (Some("unreadable"), Some(3)), "{out}");
    assert!(err.contains("fields separated by tabs"), "{err}");
    // A comma-separated file says nothing of it.
    let row = "A1,gd-tax.60.1,单位,2016-03-01,2016-03-20,2016-05-01,17,否,否,340,是,广州市税务局";
    let f = temp("export-commas.csv", format!("{HEADER}\n{row}\n").as_bytes());
    let (_, _, err) = run(&["check", "--format", "jsonl", &f]);
    assert!(!err.contains("tabs"), "{err}");
}

#[test]
fn a_spreadsheet_is_read_directly() {
    let (code, out, err) =
        run(&["check", "--format", "jsonl", "--map", "逾期天数=days_late", "tests/fixtures/export.xlsx"]);
    assert_eq!(code, 1, "{out}{err}");
    let rows = jsonl(&out);
    let verdicts: Vec<&str> = rows.iter().map(|r| r["verdict"].as_str().unwrap()).collect();
    // Excel dates, `17天`, `人民币捌拾伍元整`, a number cell 341.5; a formula never computed is
    // an unknown value, not an empty cell: the row is unreadable, and says why.
    assert_eq!(verdicts, ["compliant", "compliant", "needs_review", "unreadable", "unreadable"], "{out}");
    assert!(rows[3]["reason"].as_str().unwrap().contains("formula that was never computed (=1/0)"), "{out}");
    assert_eq!(rows[3]["case_id"].as_str(), Some("粤税罚〔2016〕4号"));
    // A row of formulas only, past the last value, is a row all the same: never skipped.
    assert_eq!(rows[4]["line"].as_u64(), Some(7));
    assert!(rows[4]["reason"].as_str().unwrap().contains("never computed (=A2)"), "{out}");
    assert_eq!(rows[2]["fine"].as_str(), Some("341.5"));
    assert_eq!(rows[0]["line"].as_u64(), Some(2));
    // The blank row (line 4) is skipped, as in a CSV file; the rows keep their lines.
    assert_eq!(rows[2]["line"].as_u64(), Some(5));
    let (code, _, err) = run(&["check", "--sheet", "nope", "tests/fixtures/export.xlsx"]);
    assert_eq!(code, 2);
    assert!(err.contains("no sheet `nope`; the sheets are: 处罚决定"), "{err}");
}

/// Number cells are read as the spreadsheet displays them (15 significant digits): a formula's
/// 29999.999999999996 is 30,000, above a band ending below it (it passed inside), and
/// 9999.9999999999982 is the band's lower end 10,000. A row with an error cell (`#N/A`) is
/// unreadable and still named by its case id (it had none). `tests/fixtures/make_noise_xlsx.py`.
#[test]
fn spreadsheet_numbers_read_as_displayed_and_an_error_cell_keeps_the_row_s_id() {
    let (_, out, err) = run(&["check", "--format", "jsonl", "tests/fixtures/noise.xlsx"]);
    let rows = jsonl(&out);
    let got: Vec<(Option<&str>, Option<&str>, Option<&str>)> =
        rows.iter().map(|r| (r["case_id"].as_str(), r["fine"].as_str(), r["verdict"].as_str())).collect();
    assert_eq!(
        got,
        [
            (Some("Y1"), Some("30000"), Some("needs_review")),
            (Some("Y2"), None, Some("unreadable")),
            (Some("Y3"), Some("30000"), Some("needs_review")),
            (Some("Y4"), Some("10000"), Some("compliant")),
        ],
        "{out}{err}"
    );
    assert!(rows[0]["findings"].to_string().contains("C008"), "{out}");
    assert!(rows[1]["reason"].as_str().unwrap().contains("the cell holds the error #N/A"), "{out}");
}

/// Empty cells past the header's last column (a trailing delimiter) are read as nothing; a
/// value there makes the row unreadable, never silently dropped.
#[test]
fn trailing_empty_fields_are_read_and_a_stray_value_is_not() {
    let csv = "case_id,violation,party,act_ended,days_late,corrected_before_discovery,serious,fine\n\
               A,gd-tax.60.1,organisation,2016-03-01,17,false,false,340,,\n\
               B,gd-tax.60.1,organisation,2016-03-01,17,false,false,340, ,\n\
               C,gd-tax.60.1,organisation,2016-03-01,17,false,false,340,,9\n\
               D,gd-tax.60.1,organisation,2016-03-01,17,false\n";
    let f = temp("trailing.csv", csv.as_bytes());
    let (_, out, _) = run(&["check", "--format", "jsonl", &f]);
    let rows = jsonl(&out);
    let verdicts: Vec<(&str, &str)> =
        rows.iter().map(|r| (r["case_id"].as_str().unwrap_or(""), r["verdict"].as_str().unwrap())).collect();
    // A ragged row still names its case.
    assert_eq!(verdicts, [("A", "compliant"), ("B", "compliant"), ("C", "unreadable"), ("D", "unreadable")], "{out}");
    assert!(rows[2]["reason"].as_str().unwrap().contains("the row has 10 fields, the header 8"), "{out}");
}

#[test]
fn a_misspelled_or_duplicate_column_is_reported_never_used_quietly() {
    let csv = "case_id,violation,party,act_ended,days_late,corrected_before_discovery,serious,fin,fine,罚款金额\n\
               A,gd-tax.60.1,organisation,2016-03-01,17,false,false,1,340,99999\n";
    let f = temp("columns.csv", csv.as_bytes());
    let (code, out, err) = run(&["check", "--format", "jsonl", &f]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("column `fin` is not read") && err.contains("did you mean `fine`?"), "{err}");
    assert!(
        err.contains("column `罚款金额` gives the same field as the earlier column `fine`: it is read where `fine` is empty, and a record where the two differ is unreadable"),
        "{err}"
    );
    // Two fines that differ: which is the decision cannot be told (the first was read, and
    // with the columns the other way round the other: the same record compliant or not).
    let line = &jsonl(&out)[0];
    assert_eq!(line["verdict"].as_str(), Some("unreadable"), "{line}");
    assert!(
        line["reason"].as_str().unwrap().contains(
            "field `罚款金额`: `99999` differs from `340` in column `fine`, which gives the same field: which is the record's cannot be told"
        ),
        "{line}"
    );
    let (code, _, err) = run(&["check", "--strict", &f]);
    assert_eq!(code, 2, "{err}");
    // Agreeing (as amounts: 0.034 万元 is 340), or one of them empty: read.
    let csv = "case_id,violation,party,act_ended,days_late,corrected_before_discovery,serious,fine,罚款金额（万元）
               A,gd-tax.60.1,organisation,2016-03-01,17,false,false,340,0.034
               B,gd-tax.60.1,organisation,2016-03-01,17,false,false,,0.034
               C,gd-tax.60.1,organisation,2016-03-01,17,false,false,340,
";
    let f = temp("agreeing.csv", csv.as_bytes());
    let (code, out, err) = run(&["check", "--format", "jsonl", "--all", &f]);
    assert_eq!(code, 0, "{err}");
    let fines: Vec<_> = jsonl(&out).iter().map(|l| l["fine"].as_str().map(str::to_string)).collect();
    assert_eq!(fines, [Some("340".to_string()), Some("340".to_string()), Some("340".to_string())], "{out}");
    // A column the user maps to the field is the one read, not one recognised by its name.
    let head = "case_id,violation,party,act_ended,days_late,corrected_before_discovery,serious";
    let csv = format!("{head},罚款金额,处罚金额（元）\nA,gd-tax.60.1,organisation,2016-03-01,17,false,false,是,340\n");
    let f = temp("mapped.csv", csv.as_bytes());
    let (code, out, err) = run(&["check", "--format", "jsonl", "--map", "处罚金额（元）=fine", &f]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("column `罚款金额` is not read: --map gives its field to column `处罚金额（元）`"), "{err}");
    assert_eq!(jsonl(&out)[0]["fine"].as_str(), Some("340"), "{out}");
    // … whichever comes first, and named without the unit its header declares.
    let csv =
        format!("{head},处罚金额（万元）,罚款金额\nA,gd-tax.60.1,organisation,2016-03-01,17,false,false,0.034,是\n");
    let f = temp("mapped-first.csv", csv.as_bytes());
    let (code, out, err) = run(&["check", "--format", "jsonl", "--map", "处罚金额=fine", &f]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("column `罚款金额` is not read: --map gives its field to column `处罚金额（万元）`"), "{err}");
    assert_eq!(jsonl(&out)[0]["fine"].as_str(), Some("340"), "{out}");
    // Values that mean the same agree however written: a violation by id and by name, dates,
    // yes/no in English and Chinese; amounts in their columns' units (2 yuan is not 2 万元);
    // three columns for one field are compared with the value read, not only with the first.
    let csv = "case_id,violation,违法行为,act_ended,违法行为终了日期,corrected_before_discovery,发现前或期限内改正,party,days_late,serious,fine,罚款金额（万元）,罚款\n\
         A,gd-tax.60.1,未按照规定的期限申报办理税务登记,2016-03-01,2016/3/1,false,否,organisation,17,false,340,0.034,340\n\
         B,gd-tax.60.1,,2016-03-01,,false,,organisation,17,false,2,2,\n\
         C,gd-tax.60.1,,2016-03-01,,false,,organisation,17,false,,2,25000\n";
    let f = temp("same-meaning.csv", csv.as_bytes());
    let (_, out, err) = run(&["check", "--format", "jsonl", "--all", &f]);
    let lines = jsonl(&out);
    assert_eq!(
        (lines[0]["verdict"].as_str(), lines[0]["fine"].as_str()),
        (Some("compliant"), Some("340")),
        "{out}{err}"
    );
    assert_eq!(lines[1]["verdict"].as_str(), Some("unreadable"), "{out}");
    assert!(lines[1]["reason"].as_str().unwrap().contains("`2` differs from `2` in column `fine`"), "{out}");
    assert_eq!(lines[2]["verdict"].as_str(), Some("unreadable"), "{out}");
    assert!(
        lines[2]["reason"].as_str().unwrap().contains("`25000` differs from `2` in column `罚款金额（万元）`"),
        "{out}"
    );
    // A repeated column holds to the field limit, and gives an unreadable record its id.
    let csv = "case_id,案号,violation,fine\n,LONG-ID-IN-THE-SECOND-COLUMN,gd-tax.60.1,abc\n";
    let f = temp("repeated-id.csv", csv.as_bytes());
    let (_, out, _) = run(&["check", "--format", "jsonl", &f]);
    assert_eq!(jsonl(&out)[0]["case_id"].as_str(), Some("LONG-ID-IN-THE-SECOND-COLUMN"), "{out}");
    let (_, out, _) = run(&["check", "--format", "jsonl", "--max-field-bytes", "10", &f]);
    assert!(jsonl(&out)[0]["reason"].as_str().unwrap().contains("longer than the 10 bytes"), "{out}");
    // A header in capitals, or with a dash or space for `_`, is not read either (names are
    // exact), but the hint names the field it differs from only in how it is written.
    let csv = "CASE_ID,Violation,party,act_ended,Days-Late,corrected before discovery,serious,fine\n\
               A,gd-tax.60.1,organisation,2016-03-01,17,false,false,340\n";
    let capitals = temp("capitals.csv", csv.as_bytes());
    let (code, _, err) = run(&["check", &capitals]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("no `case_id` column (案号): column names are exact, and `CASE_ID` is not `case_id`; rename it with --map 'CASE_ID=case_id'"),
        "{err}"
    );
    // Nor without a violation column: refused once, not each row unreadable (a user trial
    // had 436 lines of "the case names no violation").
    let (code, out, err) = run(&["check", "--map", "CASE_ID=case_id", &capitals]);
    assert_eq!((code, out.as_str()), (2, ""), "{err}");
    assert!(
        err.contains("no `violation` column (违法行为): column names are exact, and `Violation` is not `violation`; rename it with --map 'Violation=violation'"),
        "{err}"
    );
    let f = temp("no-violation.csv", b"case_id,fine\nA,340\nB,340\n");
    let (code, out, err) = run(&["audit", "--lang", "zh", &f]);
    assert_eq!((code, out.as_str()), (2, ""), "{err}");
    assert!(err.contains("没有违法行为列（violation）；请用 --map 列名=violation 指明违法行为所在的列\n"), "{err}");
    let (_, _, err) = run(&["check", "--map", "CASE_ID=case_id", "--map", "Violation=violation", &capitals]);
    for (column, meant) in [("Days-Late", "days_late"), ("corrected before discovery", "corrected_before_discovery")] {
        assert!(
            err.contains(&format!("column `{column}` is not read"))
                && err.contains(&format!("did you mean `{meant}`?")),
            "{column}: {err}"
        );
    }
}

#[test]
fn formula_injection_is_neutralised_in_csv_output() {
    let csv = "case_id,violation,party,act_ended,days_late,corrected_before_discovery,serious,fine,unit\n\
               \"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",gd-tax.60.1,organisation,2016-03-01,17,false,false,340,+1\n";
    let f = temp("inject.csv", csv.as_bytes());
    let (_, out, _) = run(&["check", "--format", "csv", &f]);
    let row = out.lines().nth(1).unwrap();
    assert!(row.contains(",\"'=HYPERLINK(") && row.contains(",'+1,"), "{row}");
}

#[test]
fn tables_sharing_a_violation_name_are_chosen_with_table() {
    // 未依法备案建设项目环境影响登记表 is a Guangdong and a Jiangmen name; both tables are in force in 2022.
    let csv = "case_id,violation,party,act_ended,decided,eia_location,corrected_within_deadline,first_offence,harm_minor,apology_and_pledge,in_protected_area,fine\n\
               A,未依法备案建设项目环境影响登记表,organisation,2022-06-01,2022-07-01,general,true,false,false,false,false,5000\n";
    let f = temp("shared-name.csv", csv.as_bytes());
    let (code, out, _) = run(&["check", "--format", "jsonl", &f]);
    assert_eq!(code, 1);
    let reason = jsonl(&out)[0]["reason"].as_str().unwrap().to_string();
    assert!(reason.contains("gd-env.1.3") && reason.contains("jm-env.1-2") && reason.contains("--table"), "{reason}");
    let (_, out, _) = run(&["check", "--format", "jsonl", "--table", "gd-env-fines", &f]);
    let row = &jsonl(&out)[0];
    assert_eq!(
        (row["violation_id"].as_str(), row["table"].as_str()),
        (Some("gd-env.1.3"), Some("gd-env-fines")),
        "{row}"
    );
    // `range` finds violations by name too.
    let (code, out, err) = run(&[
        "range",
        "--violation",
        "擅自倾倒、堆放危险废物",
        "--act",
        "2023-01-01",
        "disposal_cost=300000",
        "waste_tonnes=2吨",
        "waste_area=general",
        "corrected_within_deadline=true",
        "same_kind_in_two_years=1",
        "illegal_gains=0",
        "serious=false",
        "apology_and_pledge=false",
        "in_protected_area=false",
        "circumstances=ordinary",
        "party=organisation",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("=> 930,000"), "{out}");
    // A name two tables share, with --table and without --act: the date defaults to that
    // table's (it said "no act date and no decision date", a user trial found).
    let (code, out, err) = run(&[
        "range",
        "--violation",
        "未依法备案建设项目环境影响登记表",
        "--table",
        "gd-env-fines",
        "eia_location=general",
        "corrected_within_deadline=true",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("=> under 10,000"), "{out}");
}

/// An empty file is refused whole (it was counted as one unreadable row, "1 row read", where
/// the file has none); a header without records is read, and said to hold none; a header of
/// empty names has no `case_id` column (its rows were counted as one unreadable row).
#[test]
fn an_empty_file_is_an_error() {
    let f = temp("empty.csv", b"");
    let (code, out, err) = run(&["check", &f]);
    assert_eq!(code, 2, "{out}");
    assert!(err.contains("empty.csv: the file is empty: no header row and no records"), "{err}");
    assert!(!out.contains("row"), "{out}");
    let (code, _, err) = run(&["audit", "--lang", "zh", &f]);
    assert_eq!(code, 2);
    assert!(err.contains("文件为空"), "{err}");
    // JSON Lines the same: empty, blank lines, a byte-order mark alone (they exited 0, "0 rows
    // read": a user trial). Blank lines before a record keep its line number.
    for (name, bytes) in [("empty.jsonl", &b""[..]), ("blank.jsonl", b"\n \r\n\t\n"), ("bom.jsonl", b"\xEF\xBB\xBF\n")]
    {
        let f = temp(name, bytes);
        for command in ["check", "audit"] {
            let (code, out, err) = run(&[command, &f]);
            assert_eq!((code, out.as_str()), (2, ""), "{command} {name}: {err}");
            assert!(
                err.contains(&format!("{name}: the file holds no records: it is empty, or blank lines only")),
                "{err}"
            );
        }
    }
    // A line of ideographic spaces is no blank line, at the start or later: a record, unreadable
    // (it was taken as blank, and the file as holding nothing, with exit status 0).
    let f = temp("ideographic.jsonl", "\u{3000}\n".as_bytes());
    let (code, out, err) = run(&["check", "--format", "jsonl", &f]);
    assert_eq!((code, jsonl(&out)[0]["verdict"].as_str()), (1, Some("unreadable")), "{out}{err}");
    let f = temp("late.jsonl", b"\n\n{\"case_id\": \"A\", \"violation\": \"gd-tax.60.1\", \"fine\": \"x\"}\n");
    let (_, out, err) = run(&["check", "--format", "jsonl", &f]);
    assert_eq!(jsonl(&out)[0]["line"].as_u64(), Some(3), "{out}{err}");
    let f = temp(
        "header-only.csv",
        b"case_id,violation,fine
",
    );
    let (code, out, err) = run(&["check", &f]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("0 rows read = 0 assessed + 0 unreadable"), "{out}");
    assert!(err.contains("header-only.csv: no records in the file"), "{err}");
    let f = temp("blank-header.csv", b",,\nA,gd-env.1.3,100\nB,gd-env.1.3,200\n");
    let (code, out, err) = run(&["check", &f]);
    assert_eq!(code, 2, "{out}");
    assert!(err.contains("no `case_id` column"), "{err}");
    // Said alone: not after a warning for each column (a title row above the header gave 40).
    assert!(!err.contains("is not read"), "{err}");
    // A trailing delimiter in the header: the unnamed column is named by its place.
    let f = temp("trailing-header.csv", b"case_id,violation,fine,\nA,gd-env.1.3,100,\n");
    let (_, out, err) = run(&["check", &f]);
    assert!(out.contains("1 row read"), "{out}");
    assert!(
        err.contains("column `#4` is not read: neither a case field nor a fact of the rules (no name in the header)"),
        "{err}"
    );
}

/// A Jiangmen 1-2 case (tier 2: 10,000–20,000) citing a factor that requires a lighter penalty.
fn lightened(fine: &str, factors: &str, claimed: &str) -> String {
    format!(
        "case_id,violation,party,act_ended,discovered,decided,production_discharge,above_standard_found,major_emergency,same_kind_punished_in_two_years,factors,claimed_disposition,fine,hearing_notified,grave_harm\n\
         L,jm-env.1-2,organisation,2021-03-01,2021-03-05,2021-05-01,true,false,false,0,{factors},{claimed},{fine},true,false\n"
    )
}

fn codes(csv: &str) -> Vec<String> {
    let f = temp("case.csv", csv.as_bytes());
    let (_, out, _) = run(&["check", "--format", "jsonl", &f]);
    jsonl(&out)[0]["findings"].as_array().unwrap().iter().map(|f| f["code"].as_str().unwrap().to_string()).collect()
}

#[test]
fn a_fine_lightened_by_the_tables_own_rule_is_not_mandatory_mitigation_ignored() {
    // Art. 6 places a lighter case at the lower end of its tier: 10,000 is lightened.
    assert!(!codes(&lightened("10000", "apl.removed-harm", "")).contains(&"C012".to_string()));
    // At the top of the tier it is not.
    let c = codes(&lightened("20000", "apl.removed-harm", "ordinary"));
    assert!(c.contains(&"C012".to_string()), "{c:?}");
}

#[test]
fn an_unknown_factor_leaves_the_circumstances_unknown() {
    // Were the unknown factor ignored, the circumstances would read "ordinary" and Art. 8 would
    // place the case in the middle of its tier (15,000).
    let c = codes(&lightened("12000", "no.such.factor", ""));
    assert!(c.contains(&"C022".to_string()) && !c.contains(&"C007".to_string()), "{c:?}");
}

#[test]
fn above_the_band_without_claiming_heavier_is_not_called_heavier() {
    let f = temp("above.csv", lightened("20000", "", "lighter").as_bytes());
    let (_, out, _) = run(&["check", "--format", "jsonl", &f]);
    let row = &jsonl(&out)[0];
    let c011 = row["findings"].as_array().unwrap().iter().find(|f| f["code"] == "C011").unwrap();
    assert!(c011["message"].as_str().unwrap().starts_with("a fine above the band"), "{c011}");
}

#[test]
fn a_table_without_hearing_thresholds_says_the_hearing_check_was_not_made() {
    let f = temp("hearing.csv", lightened("20000", "", "").replace(",true,false\n", ",,false\n").as_bytes());
    let (_, out, err) = run(&["check", "--format", "jsonl", &f]);
    let row = &jsonl(&out)[0];
    let note = row["findings"].as_array().unwrap().iter().find(|f| f["code"] == "C027").unwrap();
    // The table, not the case, lacks the threshold (it said "the case does not record the
    // table's … threshold, which it does not declare").
    assert_eq!(
        note["message"],
        "C018 (hearing not notified) not checked: the table does not declare a large-fine threshold for hearings (`hearing:`, 较大数额)"
    );
    assert!(err.contains("C018 hearing not notified: 1 (L)"), "{err}");
    let (_, out, _) = run(&["check", "--lang", "zh", "--format", "jsonl", &f]);
    let row = &jsonl(&out)[0];
    let note = row["findings"].as_array().unwrap().iter().find(|f| f["code"] == "C027").unwrap();
    assert_eq!(note["message"], "未能检查C018（未告知听证权利）：基准未规定较大数额罚款的听证标准");
}

/// A header may say the unit of its amounts (`罚款金额（万元）`): a bare number there is in that
/// unit — read as yuan, 0.8 would pass as an 8,000-yuan fine's 1/10,000th — a cell with its own
/// unit is read as it says, the user is told, and messages name the column as the file does.
/// `（元）` changes nothing but is recognised. Only money columns take a unit.
#[test]
fn a_header_in_wan_yuan_is_read_in_wan_yuan() {
    let header = "案号,违法行为,违法行为终了日期,发现日期,决定日期,逾期天数（自期限届满次日起）,在被发现前改正,当事人类型,罚款金额（万元）";
    let lines = [
        "W1,gd-tax.60.1,2016-03-01,2016-03-20,2016-05-01,17,否,单位,0.034",
        "W2,gd-tax.60.1,2016-03-01,2016-03-20,2016-05-01,17,否,单位,340元",
        "W3,gd-tax.60.1,2016-03-01,2016-03-20,2016-05-01,17,否,单位,3.4",
        "W4,gd-tax.60.1,2016-03-01,2016-03-20,2016-05-01,17,否,单位,约三百元",
    ];
    let f = temp("wan.csv", format!("{header}\n{}\n", lines.join("\n")).as_bytes());
    let (_, out, err) = run(&["check", "--format", "jsonl", &f]);
    let rows = jsonl(&out);
    let got: Vec<(Option<&str>, Option<&str>)> =
        rows.iter().map(|r| (r["fine"].as_str(), r["verdict"].as_str())).collect();
    assert_eq!(
        got,
        [
            (Some("340"), Some("compliant")),
            (Some("340"), Some("compliant")),
            (Some("34000"), Some("violation")),
            (None, Some("unreadable"))
        ],
        "{out}"
    );
    assert!(err.contains("column `罚款金额（万元）` is read in 万元"), "{err}");
    let (_, out, err) = run(&["check", "--format", "jsonl", "--lang", "zh", &f]);
    assert!(err.contains("列“罚款金额（万元）”按表头所示以万元为单位读取"), "{err}");
    let reason = jsonl(&out)[3]["reason"].as_str().unwrap().to_string();
    assert!(reason.starts_with("字段“罚款金额（万元）”"), "{reason}");
    // Renamed with --map, the header's unit still holds; `（元）` is the default.
    let renamed = temp(
        "wan-mapped.csv",
        format!("{}\n{}\n", header.replace("罚款金额（万元）", "金额(万元)"), lines[0]).as_bytes(),
    );
    let (_, out, _) = run(&["check", "--format", "jsonl", "--map", "金额(万元)=fine", &renamed]);
    assert_eq!(jsonl(&out)[0]["fine"].as_str(), Some("340"), "{out}");
    let yuan = temp(
        "yuan.csv",
        format!("{}\n{}\n", header.replace("（万元）", "（元）"), lines[1].replace("340元", "340")).as_bytes(),
    );
    let (_, out, err) = run(&["check", "--format", "jsonl", &yuan]);
    assert_eq!(jsonl(&out)[0]["fine"].as_str(), Some("340"), "{out}");
    assert!(!err.contains("is read in") && !err.contains("not read"), "{err}");
    // A column that is not money keeps its unit in its name, and is not read.
    let days = temp(
        "days.csv",
        format!("{}\n{}\n", header.replace("逾期天数（自期限届满次日起）", "逾期天数（万元）"), lines[1]).as_bytes(),
    );
    let (_, _, err) = run(&["check", &days]);
    assert!(err.contains("column `逾期天数（万元）` is not read"), "{err}");
    // 千元, 百万元 and 亿元 too, mapped or not (a mapped `（千元）` column was read in yuan: 0.34
    // for a 340-yuan fine).
    for (unit, bare, yuan) in
        [("千元", "0.34", "1,000"), ("百万元", "0.00034", "1,000,000"), ("亿元", "0.0000034", "100,000,000")]
    {
        let f = temp(
            &format!("{unit}.csv"),
            format!(
                "{}
{}
",
                header.replace("罚款金额（万元）", &format!("金额（{unit}）")),
                lines[0].replace("0.034", bare)
            )
            .as_bytes(),
        );
        let (_, out, err) = run(&["check", "--format", "jsonl", "--map", &format!("金额（{unit}）=fine"), &f]);
        assert_eq!(jsonl(&out)[0]["fine"].as_str(), Some("340"), "{unit}: {out}");
        assert!(
            err.contains(&format!(
                "is read in {unit} (its header says so): a number without a unit of its own is multiplied by {yuan}"
            )),
            "{err}"
        );
    }
}

/// One table giving one name to two violations (Guangdong §3.4, under the Air Law and under the
/// Pollutant Permit Regulation): naming the table cannot tell them apart, so the reason says to
/// give the id and shows each with its provision — not "--table", which a user trial followed in
/// vain for 135 rows. The column is named as the file names it.
#[test]
fn a_name_one_table_gives_two_violations_asks_for_the_id() {
    let name = "超过大气污染物排放标准或者超过重点大气污染物排放总量控制指标排放大气污染物";
    let text = format!("案号,违法行为,决定日期,罚款金额\nN1,{name},2023-05-01,150000\n");
    let f = temp("shared-name-mapped.csv", text.as_bytes());
    let (_, out, _) = run(&["check", "--format", "jsonl", "--table", "gd-env-fines", &f]);
    let reason = jsonl(&out)[0]["reason"].as_str().unwrap().to_string();
    assert!(reason.starts_with("field `违法行为`:"), "{reason}");
    assert!(reason.contains("several violations of table gd-env-fines"), "{reason}");
    assert!(reason.contains("gd-env.3.4.1 (中华人民共和国大气污染防治法 Art. 99 (2))"), "{reason}");
    assert!(reason.contains("gd-env.3.4.2 (排污许可管理条例 Art. 34 (1))"), "{reason}");
    assert!(reason.ends_with("give the violation id") && !reason.contains("--table"), "{reason}");
    let (_, out, _) = run(&["check", "--format", "jsonl", "--lang", "zh", &f]);
    let reason = jsonl(&out)[0]["reason"].as_str().unwrap().to_string();
    assert!(reason.contains("仅凭名称无法区分") && reason.ends_with("请写违法行为编号"), "{reason}");
}

/// check's CSV names each row's violation by its id once resolved, whether the row gave the id
/// or the name (a pivot table counted one violation twice), and as written when unknown.
#[test]
fn the_csv_output_names_the_violation_by_its_id() {
    let rows = [
        "粤税罚〔2016〕1号,未按照规定的期限申报办理税务登记,单位,2016-03-01,2016-03-20,2016-05-01,17,否,否,340,是,广州市税务局",
        "粤税罚〔2016〕2号,gd-tax.60.1,单位,2016-03-01,2016-03-20,2016-05-01,17,否,否,340,是,广州市税务局",
        "粤税罚〔2016〕3号,不存在的违法行为,单位,2016-03-01,2016-03-20,2016-05-01,17,否,否,340,是,广州市税务局",
    ];
    let f = temp("names-and-ids.csv", format!("{HEADER}\n{}\n", rows.join("\n")).as_bytes());
    let (_, out, _) = run(&["check", "--format", "csv", &f]);
    let violations: Vec<String> =
        out.lines().skip(1).map(|l| l.split(',').nth(5).unwrap_or_default().to_string()).collect();
    assert_eq!(violations, ["gd-tax.60.1", "gd-tax.60.1", "不存在的违法行为"], "{out}");
}

/// A UTF-8 file forced to GBK reads its Chinese header as nonsense: the error says what may be
/// wrong (it said only "no `case_id` column"), and in Chinese under --lang zh.
#[test]
fn a_utf8_file_forced_to_gbk_is_said_to_be_utf8_perhaps() {
    let f = temp("forced-gbk.csv", "案号,违法行为,罚款\nA,gd-tax.60.1,340\n".as_bytes());
    let (code, _, err) = run(&["check", "--encoding", "gbk", &f]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("reading the file as GBK (--encoding gbk): is it UTF-8?"), "{err}");
    let (_, _, err) = run(&["check", "--lang", "zh", "--encoding", "gbk", &f]);
    assert!(err.contains("错误：") && err.contains("文件是否为 UTF-8？"), "{err}");
}

/// A file mixing UTF-8 and GBK lines cannot be read right in either: said with the lines, in
/// the language asked (exit 2).
#[test]
fn a_file_mixing_encodings_is_refused_with_its_lines() {
    let mut bytes = "案号,违法行为,罚款\nA,未按照规定的期限申报办理税务登记,340\n".as_bytes().to_vec();
    let (gbk, _, _) = encoding_rs::GBK.encode("B,未按照规定的期限申报办理税务登记,340\n");
    bytes.extend_from_slice(&gbk);
    let f = temp("mixed.csv", &bytes);
    let (code, _, err) = run(&["check", &f]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("the file mixes encodings: line 1 is UTF-8, line 3 is not (GBK?)"), "{err}");
    let (_, _, err) = run(&["check", "--lang", "zh", &f]);
    assert!(
        err.starts_with("错误：") && err.contains("文件混用了两种编码：第 1 行为 UTF-8，第 3 行不是（GBK？）"),
        "{err}"
    );
}

/// A misspelt --table is refused once, up front, with the tables there are (every record was
/// unreadable, each saying its violation is not in that table — a reviewer found); `range` too.
/// A header with mismatched brackets still declares its unit.
#[test]
fn a_misspelt_table_is_refused_up_front() {
    let f = temp("table-typo.csv", "案号,违法行为,罚款\nA,gd-tax.60.1,340\n".as_bytes());
    let (code, out, err) = run(&["check", "--table", "gd-env-fine", &f]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(err.contains("--table `gd-env-fine` is not a table of the rules (their tables: gd-env-fines, "), "{err}");
    let (code, _, err) = run(&["range", "--lang", "zh", "--table", "nosuch", "--violation", "gd-env.1.3"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.starts_with("错误：--table“nosuch”不是规则中的基准表"), "{err}");
    let wan = temp("mixed-brackets.csv", "案号,违法行为,罚款金额（万元)\nA,gd-tax.60.1,0.034\n".as_bytes());
    let (_, out, err) = run(&["check", "--format", "jsonl", &wan]);
    assert_eq!(jsonl(&out)[0]["fine"].as_str(), Some("340"), "{out}{err}");
}

/// A violation the rules do not know is answered with the nearest ones: by id for a mistyped
/// id, by the pairs of characters a shortened or reworded Chinese name keeps (C001 said only
/// that the name was not in the rules, a Guangdong auditor's trial found).
#[test]
fn an_unknown_violation_suggests_the_nearest() {
    let f = temp(
        "names.csv",
        "case_id,violation,decided,fine\nA,未按规定开展自行监测,2023-05-01,5000\nB,gd-env.1.3x,2023-05-01,5000\nC,xyz,2023-05-01,1\n"
            .as_bytes(),
    );
    let (_, out, _) = run(&["check", "--lang", "zh", "--format", "jsonl", &f]);
    let message = |row: &serde_json::Value| {
        row["findings"].as_array().unwrap().iter().find(|f| f["code"] == "C001").unwrap()["message"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let rows = jsonl(&out);
    assert!(
        message(&rows[0]).contains("；是否指：gd-env.8.32（未按照排污许可证规定制定自行监测方案并开展自行监测）；"),
        "{}",
        message(&rows[0])
    );
    assert!(message(&rows[0]).contains("gd-env.2.2（未按照规定对所排放的水污染物自行监测"), "{}", message(&rows[0]));
    assert!(
        message(&rows[1]).ends_with("；是否指：gd-env.1.3（未依法备案建设项目环境影响登记表）？"),
        "{}",
        message(&rows[1])
    );
    assert_eq!(message(&rows[2]), "已载入的裁量基准中没有违法行为 `xyz`");
}

/// GBK is told from the first 64 KiB, which end wherever they end: often inside a two-byte
/// character. A GBK export cut there was read as UTF-8, and every row came back unreadable;
/// now the cut character is left out of the decision, wherever the window ends.
#[test]
fn a_gbk_export_is_detected_whatever_character_the_window_cuts() {
    let row = ",未按照规定的期限申报办理税务登记,单位,2016年3月1日,2016-03-20,2016/5/1,17,否,否,340,是,广州市税务局\n";
    let mut cut = 0;
    for shift in 0..16 {
        // One byte more before the rows at each turn: the window's end moves through a character.
        let mut text = format!("{HEADER}\n{}", "x".repeat(shift));
        let mut rows = 0;
        while text.len() < 110 * 1024 {
            rows += 1;
            text.push_str(&format!("粤税罚〔2016〕{rows}号{row}"));
        }
        let (bytes, _, bad) = encoding_rs::GBK.encode(&text);
        assert!(!bad);
        // Whether the window ends inside a character this time.
        cut += usize::from(encoding_rs::GBK.decode_without_bom_handling(&bytes[..64 * 1024]).1);
        let f = temp(&format!("window-{shift}.csv"), &bytes);
        let (_, out, err) = run(&["check", "--format", "jsonl", &f]);
        assert!(err.contains("encoding GBK/GB18030"), "shift {shift}: {err}");
        let verdicts: Vec<String> = jsonl(&out).iter().map(|r| r["verdict"].as_str().unwrap().to_string()).collect();
        assert_eq!(verdicts.len(), rows, "shift {shift}");
        let unreadable = verdicts.iter().filter(|v| *v == "unreadable").count();
        assert_eq!(unreadable, 0, "shift {shift}: {}", err.lines().next().unwrap_or_default());
    }
    assert!(cut > 0, "no window ended inside a character");
}

/// Every name and alias of every violation in the shipped rules reads as that violation, given
/// its table and a date it is in force — a name's head before its parenthetical (未批先建 of
/// 未批先建（…）) is found too, but never takes a name the same table gives whole to another
/// violation (Guangdong's §3.2.2 is named what §2.5.2's name says before "（水污染物）").
/// Only a name one table gives to several violations (Guangdong §3.4.1 and §3.4.2, under two
/// statutes) is refused, with each id.
#[test]
fn every_shipped_name_reads_as_its_violation() {
    let rules = discretion::Benchmark::from_path("rules").unwrap();
    let mut read = 0;
    for t in rules.tables() {
        let date = Some(t.effective.from);
        for v in &t.violations {
            let names = v.label.zh.iter().chain(&v.label.en).chain(&v.aliases);
            for name in names {
                let shared = t
                    .violations
                    .iter()
                    .filter(|o| o.label.zh.iter().chain(&o.label.en).chain(&o.aliases).any(|n| n == name))
                    .count();
                match rules.resolve_violation_id(name, date, &[t.id.as_str()]) {
                    Ok(id) => assert_eq!(id, v.id, "{name}"),
                    Err(e) => {
                        assert!(shared > 1, "{name}: {}", e.message);
                        assert!(e.message.contains(&v.id), "{}", e.message);
                    }
                }
                read += 1;
            }
        }
    }
    assert!(read > 100, "{read}");
    // The heads: 未批先建 names Guangdong's §1.1 as well as Jiangmen's 1-1.
    let date = discretion::Date::new(2022, 6, 1).ok();
    assert_eq!(rules.resolve_violation_id("未批先建", date, &["gd-env-fines"]).unwrap(), "gd-env.1.1");
    assert_eq!(rules.resolve_violation_id("未批先建", date, &["jm-env"]).unwrap(), "jm-env.1-1");
}

/// A byte that is not GBK makes its own record unreadable, named by its line and column —
/// wherever it is (in the first 64 KiB that tell the encoding, or after) and whether the
/// encoding was told or given. It was replaced by U+FFFD: two case ids differing only in a bad
/// byte became one id (both records then left out as a conflicting id), and a unit's garbled
/// name was compared as a unit of its own (a user trial).
#[test]
fn a_byte_that_is_not_gbk_makes_its_record_unreadable() {
    let gbk = |s: &str| encoding_rs::GBK.encode(s).0.into_owned();
    let row = |id: &str| {
        format!(
            "{id},未按照规定的期限申报办理税务登记,单位,2016-03-01,2016-03-20,2016-05-01,17,否,否,340,是,广州市税务局\r\n"
        )
    };
    // 700 rows put the bad bytes past the 64 KiB the encoding is told from.
    for filler in [0usize, 700] {
        let mut bytes = gbk(&format!("{HEADER}\r\n"));
        for i in 0..filler {
            bytes.extend(gbk(&row(&format!("粤税罚〔2016〕{i}号"))));
        }
        // Two ids that differ only in their bad byte; a unit with two bad bytes in its name.
        bytes.extend(b"A\xFF");
        bytes.extend(gbk(&row("")));
        bytes.extend(b"A\xFE");
        bytes.extend(gbk(&row("")));
        let good = gbk(&row("B"));
        let unit = good.len() - gbk("广州市税务局\r\n").len();
        bytes.extend(&good[..unit]);
        bytes.extend(b"\xFF\xFF");
        bytes.extend(gbk("局\r\n"));
        bytes.extend(gbk(&row("C")));
        let f = temp(&format!("bad-gbk-{filler}.csv"), &bytes);
        for forced in [false, true] {
            let mut args = vec!["check", "--format", "jsonl"];
            if forced {
                args.extend(["--encoding", "gbk"]);
            }
            args.push(&f);
            let (_, out, err) = run(&args);
            assert!(err.contains("encoding GBK/GB18030"), "{filler} {forced}: {err}");
            let rows = jsonl(&out);
            assert_eq!(rows.len(), filler + 4, "{filler} {forced}: {err}");
            let line = |k: usize| (filler + 2 + k) as u64;
            for (k, column) in [(0, "案号"), (1, "案号"), (2, "执法单位")] {
                let r = &rows[filler + k];
                assert_eq!((r["line"].as_u64(), r["verdict"].as_str()), (Some(line(k)), Some("unreadable")), "{r}");
                assert_eq!(
                    r["reason"].as_str(),
                    Some(
                        format!(
                            "column `{column}` holds bytes that are not GBK/GB18030 text (the file is read as GBK)"
                        )
                        .as_str()
                    ),
                    "{r}"
                );
            }
            assert_eq!(rows[filler + 3]["verdict"].as_str(), Some("compliant"));
            assert!(!out.contains('\u{FFFD}'), "{out}");
        }
        // The audit counts them unreadable too, never as one repeated id.
        let (_, out, err) = run(&["audit", "--format", "json", &f]);
        assert!(err.contains(&format!("{f}: encoding GBK/GB18030")), "{err}");
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        let reasons = v["summary"]["not_comparable"].as_array().unwrap();
        let count = |why: &str| reasons.iter().find(|e| e["reason"] == why).and_then(|e| e["count"].as_u64());
        assert_eq!((count("unreadable"), count("conflicting_id")), (Some(3), None), "{reasons:?}");
    }
}

/// A stray byte is its own row's, whatever the file's encoding: in a UTF-8 file (with or
/// without a byte-order mark) that row is unreadable and the rest are read — the file was
/// refused whole as "mixing encodings" — and a GBK file with ASCII column names is GBK however
/// few of its rows are Chinese beside the bad one.
#[test]
fn a_stray_byte_is_its_own_rows_in_either_encoding() {
    let rows = "案号,违法行为,罚款金额\n甲1,gd-tax.60.1,340\n甲2,gd-tax.60.1,340\n";
    for bom in [&b""[..], b"\xEF\xBB\xBF"] {
        let mut bytes = bom.to_vec();
        bytes.extend(rows.as_bytes());
        bytes.extend(b"B\xE9,gd-tax.60.1,340\n");
        let f = temp(&format!("stray-utf8-{}.csv", bom.len()), &bytes);
        let (_, out, err) = run(&["check", "--format", "jsonl", &f]);
        assert!(err.contains("encoding UTF-8"), "{err}");
        let rows = jsonl(&out);
        assert_eq!(rows.len(), 3, "{err}");
        assert_eq!(
            rows[2]["reason"].as_str(),
            Some("column `案号` is not valid UTF-8 (is the file GBK? try --encoding gbk)")
        );
        assert!(rows[..2].iter().all(|r| r["verdict"] != "unreadable"), "{out}");
    }
    // ASCII names, one Chinese row and one bad one: GBK, the bad row unreadable.
    let mut bytes = b"case_id,violation,fine\n".to_vec();
    bytes.extend(encoding_rs::GBK.encode("甲1,gd-tax.60.1,340\n").0.iter());
    bytes.extend(b"B\xFF,gd-tax.60.1,340\n");
    let f = temp("stray-gbk-ascii-header.csv", &bytes);
    let (_, out, err) = run(&["check", "--format", "jsonl", &f]);
    assert!(err.contains("encoding GBK/GB18030"), "{err}");
    let rows = jsonl(&out);
    assert_eq!((rows[0]["case_id"].as_str(), rows[1]["verdict"].as_str()), (Some("甲1"), Some("unreadable")), "{out}");
    // JSON Lines the same: the bad line is said to be not GBK where the file is read as GBK
    // (it was "not valid UTF-8 text" whatever the encoding), and not UTF-8 where it is UTF-8.
    let line = |id: &str| format!("{{\"case_id\": \"{id}\", \"violation\": \"gd-tax.60.1\", \"fine\": 340}}\n");
    for (encoding, want) in [
        ("GBK/GB18030", "the line holds bytes that are not GBK/GB18030 text (the file is read as GBK)"),
        ("UTF-8", "the line is not valid UTF-8 (is the file GBK? try --encoding gbk)"),
    ] {
        let encode = |text: String| {
            if encoding == "UTF-8" { text.into_bytes() } else { encoding_rs::GBK.encode(&text).0.into_owned() }
        };
        let mut bytes = encode(line("甲1"));
        let bad = line("B#");
        let (before, after) = bad.split_once('#').unwrap();
        bytes.extend(before.as_bytes());
        bytes.push(0xFF);
        bytes.extend(after.as_bytes());
        bytes.extend(encode(line("乙3")));
        let name = if encoding == "UTF-8" { "stray-utf8.jsonl" } else { "stray-gbk.jsonl" };
        let f = temp(name, &bytes);
        let (_, out, err) = run(&["check", "--format", "jsonl", &f]);
        assert!(err.contains(&format!("encoding {encoding}")), "{err}");
        let rows = jsonl(&out);
        assert_eq!(rows.len(), 3, "{out}");
        assert_eq!((rows[1]["line"].as_u64(), rows[1]["reason"].as_str()), (Some(2), Some(want)), "{out}");
        assert_eq!(rows[0]["case_id"].as_str(), Some("甲1"), "{out}");
    }
    // A YAML case file is parsed whole: refused, the bad byte placed, in its encoding's words
    // (it was "stream did not contain valid UTF-8" either way).
    let yaml = "cases:\n  - case_id: 甲1\n    violation: gd-tax.60.1\n    fine: 340\n  - case_id: B#\n    fine: 340\n";
    for (gbk, want) in [
        (true, "line 5, column 15 holds bytes that are not GBK/GB18030 text (the file is read as GBK)"),
        (false, "line 5, column 15 is not valid UTF-8 (is the file GBK? try --encoding gbk)"),
    ] {
        let mut bytes = if gbk { encoding_rs::GBK.encode(yaml).0.into_owned() } else { yaml.as_bytes().to_vec() };
        let at = bytes.iter().position(|&b| b == b'#').unwrap();
        bytes[at] = 0xFF;
        let f = temp(&format!("stray-{gbk}.yaml"), &bytes);
        let (code, out, err) = run(&["check", &f]);
        assert_eq!((code, out.as_str()), (2, ""), "{err}");
        assert!(err.contains(&format!("{f}: {want}; a YAML case file is read whole")), "{err}");
    }
    // Lines end at a lone CR too, and columns count characters, not bytes.
    let f = temp("stray-cr.yaml", b"- case_id: A1\r  violation: gd-env.1.3\r  unit: \xE4\xB8\xAD\xE6\x96\x87\xFF\r");
    let (_, _, err) = run(&["check", &f]);
    assert!(err.contains("line 3, column 11 is not valid UTF-8"), "{err}");
}

/// A spreadsheet is read cell by cell: a stray cell at the sheet's last cell (XFD1048576) is one
/// more row, refused for its width, not a dense range of 17 billion cells to allocate (a user
/// trial's 5 KB file aborted the tool). Cells merged across rows or columns hold their value in
/// their first cell only: the rows they cover are refused, not read with a blank unit.
/// `tests/fixtures/make_hostile_xlsx.py`.
#[test]
fn a_far_cell_is_a_row_and_merged_cells_are_refused() {
    let (code, out, err) = run(&["check", "tests/fixtures/far-cell.xlsx"]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains("3 rows read = 2 assessed + 1 unreadable"), "{out}{err}");
    assert!(out.contains("far-cell.xlsx:1048576: the row has 16384 cells, the header 10"), "{out}");
    // No phantom columns from the sheet's extent: the header is its ten names.
    assert!(!err.contains("is not read"), "{err}");
    let (_, out, err) = run(&["check", "--format", "jsonl", "tests/fixtures/merged.xlsx"]);
    let rows = jsonl(&out);
    let got: Vec<(Option<&str>, Option<&str>)> =
        rows.iter().map(|r| (r["case_id"].as_str(), r["verdict"].as_str())).collect();
    assert_eq!(
        got,
        [
            (Some("M1"), Some("compliant")),
            (Some("M2"), Some("unreadable")),
            (Some("M3"), Some("unreadable")),
            (Some("M4"), Some("compliant"))
        ],
        "{out}{err}"
    );
    assert!(rows[1]["reason"].as_str().unwrap().contains("part of a merged cell"), "{out}");
}

/// A fine whose number format says its unit is read as the sheet shows it: a cell holding 2
/// formatted `0"万元"` shows 2万元 and was read as 2 yuan, "compliant" in the lowest band (a user
/// trial). A format that hides which amount is meant — scaled by thousands without a unit
/// (`#,##0,`: 20,000 shown as 20), a point among the digits that shifts them by another than
/// the unit (`0\.00"万元"`), a unit rounded away (1.5 shown as 2万元) — is refused, naming the format, but only in a column that is read (营业收入,
/// read by nothing, is scaled on every row). `tests/fixtures/make_hostile_xlsx.py`.
#[test]
fn spreadsheet_number_formats_that_say_a_unit_are_read_with_it() {
    let (_, out, err) = run(&["check", "--format", "jsonl", "tests/fixtures/formats.xlsx"]);
    let rows = jsonl(&out);
    let got: Vec<(&str, &str, Option<&str>)> = rows
        .iter()
        .map(|r| (r["case_id"].as_str().unwrap(), r["verdict"].as_str().unwrap(), r["fine"].as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("NF1", "compliant", Some("20000")),
            ("NF2", "compliant", Some("15000")),
            ("NF3", "unreadable", None),
            ("NF4", "compliant", Some("20000")),
            ("NF5", "compliant", Some("20000")),
            ("NF6", "unreadable", None),
            ("NF7", "compliant", Some("20000")),
            // An error cell (#N/A) where nothing reads: the row is read all the same.
            ("NF8", "compliant", Some("20000")),
            // 1.5 shown as 2万元: which is the fine cannot be told.
            ("NF9", "unreadable", None),
            // A text cell whose format adds 万元.
            ("NF10", "compliant", Some("20000")),
        ],
        "{out}"
    );
    for (row, code) in [(2, "#,##0,"), (5, "0\\.00\"万元\""), (8, "0\"万元\"")] {
        let reason = rows[row]["reason"].as_str().unwrap();
        assert!(
            reason.contains(&format!(
                "field `罚款金额`: the cell's number format {code} does not show the number stored"
            )),
            "{reason}"
        );
    }
    assert!(err.contains("column `营业收入` is not read"), "{err}");
    // Under a header in 万元 a bare number is multiplied: a cell whose format says yuan is not
    // (¥15,000.00 by the built-in currency format 7 read 150,000,000), and one whose display
    // rounds (1.5 shown as 2) is refused.
    let (_, out, _) = run(&["check", "--format", "jsonl", "tests/fixtures/formats-wan.xlsx"]);
    let got: Vec<(String, String, Option<String>)> = jsonl(&out)
        .iter()
        .map(|r| {
            (
                r["case_id"].as_str().unwrap().into(),
                r["verdict"].as_str().unwrap().into(),
                r["fine"].as_str().map(String::from),
            )
        })
        .collect();
    let want = [
        ("W1", "compliant", Some("15000")),
        ("W2", "compliant", Some("20000")),
        ("W3", "compliant", Some("20000")),
        ("W4", "unreadable", None),
    ];
    assert_eq!(got, want.map(|(id, v, f)| (id.to_string(), v.to_string(), f.map(String::from))), "{out}");
    let (_, out, _) = run(&["check", "tests/fixtures/formats.xlsx"]);
    assert!(out.contains("formats.xlsx: read as a spreadsheet"), "{out}");
}

/// An export with thousands of columns the rules do not read gets a warning for each of the
/// first twenty and one line for the rest (200,000 columns gave 200,000 warnings), counted by
/// why; under `--strict` that line is an error too, and the run is refused.
#[test]
fn columns_past_twenty_are_counted_in_one_line() {
    let mut header: Vec<String> = ["case_id", "violation", "fine"].map(String::from).to_vec();
    header.extend((0..500).map(|i| format!("extra{i}")));
    header.push("fine".into());
    let row = format!("A,gd-env.1.3,100{}\n", ",".repeat(501));
    let f = temp("wide.csv", format!("{}\n{row}", header.join(",")).as_bytes());
    let (code, out, err) = run(&["check", &f]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("1 row read"), "{out}");
    assert_eq!(err.matches("is not read").count(), 20, "{err}");
    assert!(err.contains("column `extra19` is not read"), "{err}");
    assert!(!err.contains("column `extra20` is not read"), "{err}");
    assert!(
        err.contains(
            "481 more columns (`extra20` to `fine`) are not listed one by one: 480 not read, 1 giving the field of an earlier column"
        ),
        "{err}"
    );
    assert_eq!(err.lines().count(), 21, "{err}");
    // What a user can act on is named past the twentieth all the same: a "did you mean", a
    // `--map` source the file does not have.
    header.insert(40, "officr".into());
    let row = format!("A,gd-env.1.3,100{}\n", ",".repeat(502));
    let f = temp("wide-hint.csv", format!("{}\n{row}", header.join(",")).as_bytes());
    let (code, _, err) = run(&["check", "--map", "承办人员=officer", &f]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("column `officr` is not read") && err.contains("did you mean `officer`?"), "{err}");
    assert!(err.contains("--map names column `承办人员`, which the file does not have"), "{err}");
    assert!(err.contains("481 more columns (`extra20` to `fine`)"), "{err}");
    let (code, _, err) = run(&["check", "--strict", &f]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("error: ") && err.contains("481 more columns"), "{err}");
    let (_, _, err) = run(&["check", "--lang", "zh", &f]);
    assert!(
        err.contains("另有 481 列（“extra20”至“fine”）不再逐一列出：480 列未被读取，1 列与前面的列是同一字段"),
        "{err}"
    );
}

/// UTF-16 ("Unicode text" from Excel) is refused with what to do, with a byte-order mark or
/// without one (read as UTF-8, that was "no `case_id` column" over a header of `c\0a\0s\0…`);
/// a stray zero byte in UTF-8 text does not make the file UTF-16.
#[test]
fn utf16_is_refused_with_or_without_a_byte_order_mark() {
    let text = "case_id,violation,fine\r\nA,gd-env.1.3,100\r\n案2,gd-env.1.3,200\r\n";
    let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
    // A Chinese export: few ASCII characters, so few zero bytes (about one in eight).
    let chinese = "案件编号,违法行为,执法单位,承办人,建设地点,罚款金额\r\n".to_string()
        + &"粤环罚〔2023〕12号,未依法备案建设项目环境影响登记表,广州市生态环境局,张三,一般区域,20000\r\n".repeat(20);
    let chinese: Vec<u8> = chinese.encode_utf16().flat_map(u16::to_le_bytes).collect();
    for (name, bytes) in [
        ("chinese-le.csv", chinese),
        ("le-bom.csv", [b"\xFF\xFE".as_slice(), &le].concat()),
        ("be-bom.csv", [b"\xFE\xFF".as_slice(), &be].concat()),
        ("le.csv", le.clone()),
        ("be.csv", be.clone()),
    ] {
        let f = temp(name, &bytes);
        let (code, out, err) = run(&["check", &f]);
        assert_eq!(code, 2, "{name}: {out}");
        assert!(err.contains("the file is UTF-16; save it as UTF-8 (or GBK) text"), "{name}: {err}");
        assert!(!err.contains("case_id"), "{name}: {err}");
    }
    let f = temp("stray-zero.csv", b"case_id,violation,fine\nA,gd-env.1.3,100\nB\0,gd-env.1.3,200\n");
    let (_, out, err) = run(&["check", &f]);
    assert!(!err.contains("UTF-16"), "{err}");
    assert!(out.contains("2 rows read"), "{out}");
}

/// What a Chinese office writes: a column map saved by Notepad as "ANSI" (GBK) is refused
/// with what to do; 不予行政处罚, the statute's own words, is a disposition (不予处罚).
#[test]
fn office_wording_a_gbk_map_and_the_statutes_disposition() {
    let (map, _, _) = encoding_rs::GBK.encode("案件编号: case_id\n");
    let map = temp("map-gbk.yaml", &map);
    let cases = temp("cases.csv", "case_id,violation,fine\nA,gd-env.1.3,100\n".as_bytes());
    let (code, _, err) = run(&["check", "--map-file", &map, &cases]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("save the file as UTF-8"), "{err}");
    let (_, _, err) = run(&["check", "--lang", "zh", "--map-file", &map, &cases]);
    assert!(err.contains("不是 UTF-8 编码的文本；请另存为 UTF-8 编码"), "{err}");
    let f = temp(
        "no-penalty.csv",
        "case_id,violation,fine,裁量结果\nA,gd-env.1.3,0,不予行政处罚\nB,gd-env.1.3,0,不予处罚\n".as_bytes(),
    );
    let (_, out, _) = run(&["check", "--format", "jsonl", &f]);
    let rows = jsonl(&out);
    assert_eq!(rows.len(), 2, "{out}");
    assert!(rows.iter().all(|r| r["verdict"] != "unreadable"), "{out}");
    assert_eq!(rows[0]["findings"], rows[1]["findings"], "{out}");
}
