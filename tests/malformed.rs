//! Bad inputs: each gets a located, readable error, with no panic and no hang.

use discretion::Benchmark;
use discretion::table::{MAX_FILE_BYTES, Problem, ProblemKind};

/// A small valid file that the cases below break in one place each.
const VALID: &str = "\
discretion: 1
facts:
  - {id: gains, type: amount}
  - {id: kind, type: enum, values: [report_form, report]}
  - {id: first, type: boolean}
statutes:
  - id: s1
    citation: {instrument: Some Law, article: 10}
    versions:
      - effective: {from: 2020-01-01}
        branches:
          - id: general
            fine: {min: 1000, max: 5000}
table:
  id: t1
  title: {zh: 表, en: table}
  authority: {zh: 机关}
  jurisdiction: CN
  currency: CNY
  effective: {from: 2021-01-01}
  source: {name: doc}
  boundaries: {above: inclusive, below: exclusive}
violations:
  - id: v1
    legal_basis:
      violated: [{instrument: Some Law, article: 5}]
      penalty: [{instrument: Some Law, article: 10}]
    statute: s1
    tiers:
      - id: light
        when: {fact: kind, is: report_form}
        fine: {min: 1000, max: 2000}
        disposition: lighter
      - id: heavy
        when: {fact: kind, is: report}
        fine: {min: 2000, max: 5000}
";

fn problems_of(name: &str, text: &str) -> Vec<Problem> {
    match Benchmark::from_str(name, text) {
        Ok(_) => panic!("`{name}` should not load"),
        Err(e) => {
            assert!(!e.problems.is_empty());
            e.problems
        }
    }
}

/// Replaces `from` (which must occur) in the valid file and returns the only/first problem.
fn broken(from: &str, to: &str) -> Problem {
    assert!(VALID.contains(from), "fixture lacks {from:?}");
    let text = VALID.replacen(from, to, 1);
    problems_of("t.yaml", &text).remove(0)
}

fn check(p: &Problem, kind: ProblemKind, line: u64, path: &str, says: &str) {
    assert_eq!(p.kind, kind, "{p}");
    assert_eq!(p.position.line, line, "{p}");
    assert!(p.position.column >= 1, "{p}");
    assert_eq!(p.path, path, "{p}");
    assert!(p.message.contains(says), "message of {p} should say {says:?}");
    assert!(p.to_string().starts_with(&format!("t.yaml:{line}:")), "{p}");
}

#[test]
fn the_fixture_itself_loads() {
    assert!(Benchmark::from_str("t.yaml", VALID).is_ok());
}

#[test]
fn syntax_error_unclosed_bracket() {
    let p = broken("values: [report_form, report]}", "values: [report_form, report}");
    assert_eq!(p.kind, ProblemKind::Syntax, "{p}");
    assert_eq!(p.position.line, 4, "{p}");
}

#[test]
fn syntax_error_bad_indentation() {
    let p = broken("    legal_basis:", "\tlegal_basis:");
    assert_eq!(p.kind, ProblemKind::Syntax, "{p}");
    assert!((24..=25).contains(&p.position.line), "{p}");
}

#[test]
fn wrong_type_sequence_expected() {
    let p = broken("facts:\n  - {id: gains", "facts: 5\nfoo:\n  - {id: gains");
    assert_eq!(p.kind, ProblemKind::Shape, "{p}");
    check(&p, ProblemKind::Shape, 2, "facts", "sequence");
}

#[test]
fn wrong_type_mapping_where_text_expected() {
    let p = broken("statute: s1", "statute: {id: s1}");
    check(&p, ProblemKind::Shape, 28, "violations[0].statute", "string");
}

/// Lines ended by a lone carriage return (old Mac editors, Excel for Mac) load, and a mistake
/// is found on its own line: the file was one line, refused as "no YAML document".
#[test]
fn a_file_with_carriage_return_line_ends_loads_and_places_its_errors() {
    for end in ["\r", "\r\n"] {
        let text = VALID.replace('\n', end);
        assert!(Benchmark::from_str("t.yaml", &text).is_ok(), "{end:?}");
        let bad = VALID.replacen("fine: {min: 2000, max: 5000}", "fine: {min: 2000, maxx: 5000}", 1).replace('\n', end);
        let p = problems_of("t.yaml", &bad).remove(0);
        check(&p, ProblemKind::UnknownField, 36, "violations[0].tiers[1].fine.maxx", "unknown field `maxx`");
    }
}

#[test]
fn unknown_field_with_did_you_mean() {
    let p = broken("fine: {min: 2000, max: 5000}", "fine: {min: 2000, maxx: 5000}");
    check(&p, ProblemKind::UnknownField, 36, "violations[0].tiers[1].fine.maxx", "unknown field `maxx`");
    assert_eq!(p.help.as_deref(), Some("did you mean `max`?"));
}

/// A fine's word in a condition, or a condition's in a fine, is pointed to the word that part
/// uses — not to the nearest spelling (`min` in a condition was "did you mean `in`?", and
/// `at_least` in a fine had no hint).
#[test]
fn a_word_of_another_part_of_the_format_is_pointed_to_its_own() {
    for (from, to, path, meant) in [
        ("when: {fact: kind, is: report}", "when: {fact: kind, min: 5}", "violations[0].tiers[1].when.min", "at_least"),
        ("when: {fact: kind, is: report}", "when: {fact: kind, max: 5}", "violations[0].tiers[1].when.max", "at_most"),
        (
            "when: {fact: kind, is: report}",
            "when: {fact: kind, equals: report}",
            "violations[0].tiers[1].when.equals",
            "is",
        ),
        (
            "fine: {min: 2000, max: 5000}",
            "fine: {at_least: 2000, max: 5000}",
            "violations[0].tiers[1].fine.at_least",
            "min",
        ),
        (
            "fine: {min: 2000, max: 5000}",
            "fine: {min: 2000, at_most: 5000}",
            "violations[0].tiers[1].fine.at_most",
            "max",
        ),
        ("fine: {min: 2000, max: 5000}", "fine: {equals: 2000}", "violations[0].tiers[1].fine.equals", "exactly"),
    ] {
        let p = broken(from, to);
        assert_eq!((p.kind, p.path.as_str()), (ProblemKind::UnknownField, path), "{p}");
        assert_eq!(p.help.as_deref(), Some(format!("did you mean `{meant}`?").as_str()), "{to}");
    }
}

/// An amount written as in a case file (`5万`, `20万元`, `10,000`) or a date without its zeros
/// (`2021-1-1`) is refused — a table's numbers are never guessed — with the plain form to write.
#[test]
fn an_amount_or_date_written_loosely_is_refused_with_the_plain_form() {
    for (written, digits) in [("5万", "50000"), ("20万元", "200000"), ("\"10,000\"", "10000"), ("1.5万", "15000")] {
        let p = broken("fine: {min: 1000, max: 5000}", &format!("fine: {{min: {written}, max: 500000}}"));
        assert_eq!(
            p.help.as_deref(),
            Some(format!("write plain digits: `{digits}` (no separators, units or exponents)").as_str()),
            "{p}"
        );
        assert!(p.in_lang(discretion::table::Lang::Zh).to_string().contains(&format!("请只写数字：`{digits}`")), "{p}");
    }
    let p = broken("fine: {min: 1000, max: 5000}", "fine: {min: \"1,0000\", max: 5000}");
    assert_eq!(
        p.help.as_deref(),
        Some("write plain digits such as 5000 or 5000.00 (no separators, units or exponents)")
    );
    let p = broken("fine: {min: 1000, max: 5000}", "fine: {min: lots, max: 5000}");
    assert_eq!(
        p.help.as_deref(),
        Some("write plain digits such as 5000 or 5000.00 (no separators, units or exponents)")
    );
    let p = broken("effective: {from: 2021-01-01}", "effective: {from: 2021-1-1}");
    assert_eq!(p.help.as_deref(), Some("write `2021-01-01`: dates are written YYYY-MM-DD"), "{p}");
    let p = broken("effective: {from: 2021-01-01}", "effective: {from: 2021-2-30}");
    assert_eq!(p.help.as_deref(), Some("dates are written YYYY-MM-DD and must exist"), "{p}");
}

/// A name cut at its comma inside `{…}` is said to be one, with the quoting that keeps it.
#[test]
fn a_name_cut_at_its_comma_is_explained() {
    let p = broken("title: {zh: 表, en: table}", "title: {zh: 表, en: table, benchmark}");
    assert_eq!(p.kind, ProblemKind::UnknownField, "{p}");
    assert!(
        p.help.as_deref().is_some_and(|h| h.contains("a comma ends a value") && h.contains("(en: \"a, b\")")),
        "{p:?}"
    );
    assert!(p.in_lang(discretion::table::Lang::Zh).to_string().contains("含逗号的名称请加引号"), "{p}");
}

#[test]
fn unknown_top_level_key() {
    let p = broken("facts:", "factz:");
    check(&p, ProblemKind::UnknownField, 2, "factz", "unknown field");
    assert_eq!(p.help.as_deref(), Some("did you mean `facts`?"));
}

#[test]
fn duplicate_key_is_reported_at_the_second_key() {
    let p = broken("  currency: CNY\n", "  currency: CNY\n  currency: USD\n");
    assert_eq!(p.kind, ProblemKind::DuplicateKey, "{p}");
    assert_eq!(p.position.line, 20, "{p}");
    assert_eq!(p.message, "`currency` is given twice", "{p}");
}

#[test]
fn duplicate_fact_id_across_files() {
    let other = "discretion: 1\nfacts:\n  - {id: gains, type: count}\n";
    let e = Benchmark::from_sources([("a.yaml", VALID), ("b.yaml", other)]).unwrap_err();
    let p = e.problems.iter().find(|p| p.kind == ProblemKind::DuplicateId).unwrap();
    assert_eq!(&*p.file, "b.yaml");
    assert_eq!(p.position.line, 3);
    assert!(p.message.contains("fact `gains` is already defined in a.yaml"), "{p}");
}

/// A fact defined twice keeps its first definition: a condition that fits the first is not
/// refused as well (a `kind` redefined as a count made every `is: report` an error too).
#[test]
fn a_fact_defined_twice_is_one_error_and_keeps_its_first_definition() {
    let other = "discretion: 1\nfacts:\n  - {id: kind, type: count}\n";
    let e = Benchmark::from_sources([("a.yaml", VALID), ("b.yaml", other)]).unwrap_err();
    assert_eq!(e.problems.len(), 1, "{e}");
    assert!(e.problems[0].message.contains("fact `kind` is already defined in a.yaml"), "{e}");
}

/// A misspelled `fact:` of a matrix axis or a weight factor is said once, where it is written,
/// with a suggestion — not at each of its grades, and not again as "not a grade" at every cell
/// naming them.
#[test]
fn a_misspelled_axis_or_factor_fact_is_one_error_where_it_is_written() {
    let matrix = VALID.replace(
        "    tiers:
      - id: light
        when: {fact: kind, is: report_form}
        fine: {min: 1000, max: 2000}
        disposition: lighter
      - id: heavy
        when: {fact: kind, is: report}
        fine: {min: 2000, max: 5000}
",
        "    matrix:
      axes:
        - id: gained
          fact: gainz
          grades:
            - {id: low, when: {below: 100}}
            - {id: high, when: {at_least: 100}}
      cells:
        - {at: [low], fine: {min: 1000, max: 2000}}
        - {at: [high], fine: {min: 2000, max: 5000}}
",
    );
    let problems = problems_of("t.yaml", &matrix);
    assert_eq!(problems.len(), 1, "{problems:?}");
    let p = &problems[0];
    assert_eq!(
        (p.kind, p.path.as_str(), p.position.line),
        (ProblemKind::DanglingReference, "violations[0].matrix.axes[0].fact", 32),
        "{p}"
    );
    assert_eq!(p.help.as_deref(), Some("did you mean `gains`?"));
    let weights = matrix
        .replace("    matrix:\n      axes:\n        - id: gained\n", "    weights:\n      start: 20\n      factors:\n        - id: gained\n")
        .replace("{id: low, when: {below: 100}}", "{when: {below: 100}, weight: 0}")
        .replace("{id: high, when: {at_least: 100}}", "{when: {at_least: 100}, weight: 10}")
        .replace("      cells:\n        - {at: [low], fine: {min: 1000, max: 2000}}\n        - {at: [high], fine: {min: 2000, max: 5000}}\n", "");
    let problems = problems_of("t.yaml", &weights);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].path, "violations[0].weights.factors[0].fact", "{}", problems[0]);
}

/// A tab in the indentation is pointed at (the parser's column is after it) and said how to fix.
#[test]
fn a_tab_in_the_indentation_is_pointed_at() {
    let p = broken("        disposition: lighter\n", "\t\tdisposition: lighter\n");
    assert_eq!(p.kind, ProblemKind::Syntax, "{p}");
    assert_eq!((p.position.line, p.position.column), (33, 1), "{p}");
    assert_eq!(p.help.as_deref(), Some("indent with spaces: YAML does not read tabs as indentation"));
}

/// A table without `boundaries` is told what to write.
#[test]
fn missing_boundaries_say_what_to_write() {
    let p = broken("  boundaries: {above: inclusive, below: exclusive}\n", "");
    assert_eq!(p.message, "missing field `boundaries`", "{p}");
    assert!(p.help.as_deref().is_some_and(|h| h.contains("`boundaries: {above: inclusive, below: exclusive}`")), "{p}");
    assert!(p.in_lang(discretion::table::Lang::Zh).to_string().contains("请写明本基准中“以上”“以下”的含义"), "{p}");
}

#[test]
fn duplicate_violation_id_across_tables() {
    let other = VALID.replace("id: t1", "id: t2").replace("id: s1", "id: s2").replace("statute: s1", "statute: s2").replace("facts:\n  - {id: gains, type: amount}\n  - {id: kind, type: enum, values: [report_form, report]}\n  - {id: first, type: boolean}\n", "");
    let e = Benchmark::from_sources([("a.yaml", VALID), ("b.yaml", other.as_str())]).unwrap_err();
    let p = e.problems.iter().find(|p| p.message.contains("violation `v1`")).unwrap();
    assert_eq!(p.kind, ProblemKind::DuplicateId);
    assert_eq!(p.path, "violations[0].id");
}

#[test]
fn dangling_fact_with_hint() {
    let p = broken("when: {fact: kind, is: report_form}", "when: {fact: knid, is: report_form}");
    check(&p, ProblemKind::DanglingReference, 31, "violations[0].tiers[0].when.fact", "unknown fact `knid`");
    assert_eq!(p.help.as_deref(), Some("did you mean `kind`?"));
}

#[test]
fn dangling_statute() {
    let p = broken("statute: s1", "statute: s9");
    check(&p, ProblemKind::DanglingReference, 28, "violations[0].statute", "unknown statute `s9`");
}

#[test]
fn dangling_parent_table_and_factor_set() {
    let text = VALID.replace("  source: {name: doc}\n", "  source: {name: doc}\n  parent: t0\n  factor_sets: [apl]\n");
    let ps = problems_of("t.yaml", &text);
    assert!(ps.iter().any(|p| p.path == "table.parent" && p.message.contains("unknown parent table `t0`")));
    assert!(ps.iter().any(|p| p.path == "table.factor_sets[0]" && p.kind == ProblemKind::DanglingReference));
}

#[test]
fn dangling_statute_branch() {
    let p = broken("        disposition: lighter", "        disposition: lighter\n        branch: serius");
    check(&p, ProblemKind::DanglingReference, 34, "violations[0].tiers[0].branch", "unknown branch");
}

#[test]
fn min_greater_than_max() {
    let p = broken("fine: {min: 1000, max: 2000}", "fine: {min: 3000, max: 2000}");
    check(&p, ProblemKind::InvalidRange, 32, "violations[0].tiers[0].fine.min", "min 3000 is greater than max 2000");
}

#[test]
fn inexact_number_is_refused_not_rounded() {
    let p = broken("max: 2000}", "max: 123456789012345678901234567890.5}");
    check(&p, ProblemKind::InvalidValue, 32, "violations[0].tiers[0].fine.max", "cannot be held exactly");
}

#[test]
fn number_with_separator_or_unit() {
    let p = broken("max: 2000}", "max: \"2,000\"}");
    check(&p, ProblemKind::InvalidValue, 32, "violations[0].tiers[0].fine.max", "is not a decimal number");
    let p = broken("max: 2000}", "max: 2000元}");
    assert_eq!(p.kind, ProblemKind::InvalidValue);
}

#[test]
fn exponent_and_hex_numbers_are_refused() {
    for bad in ["1e5", "0x10", ".5", "NaN", "1_000", "+5"] {
        let p = broken("max: 2000}", &format!("max: {bad}}}"));
        assert_eq!(p.kind, ProblemKind::InvalidValue, "{bad}: {p}");
    }
}

#[test]
fn negative_amount() {
    let p = broken("min: 1000, max: 2000", "min: -1000, max: 2000");
    check(&p, ProblemKind::InvalidValue, 32, "violations[0].tiers[0].fine.min", "negative");
}

#[test]
fn invalid_calendar_date() {
    let p = broken("effective: {from: 2021-01-01}", "effective: {from: 2021-02-30}");
    check(&p, ProblemKind::InvalidValue, 20, "table.effective.from", "not a calendar date");
}

#[test]
fn malformed_date() {
    let p = broken("effective: {from: 2021-01-01}", "effective: {from: 21-1-1}");
    check(&p, ProblemKind::InvalidValue, 20, "table.effective.from", "YYYY-MM-DD");
}

#[test]
fn period_ending_before_it_starts() {
    let p = broken("effective: {from: 2021-01-01}", "effective: {from: 2021-01-01, until: 2020-12-31}");
    check(&p, ProblemKind::InvalidRange, 20, "table.effective.until", "ends");
}

#[test]
fn empty_and_comment_only_files() {
    for text in ["", "   \n\n", "# only a comment\n"] {
        let p = problems_of("t.yaml", text).remove(0);
        assert_eq!(p.kind, ProblemKind::Empty, "{text:?}");
        assert_eq!(p.position.line, 1);
    }
}

#[test]
fn missing_format_version() {
    let p = broken("discretion: 1\n", "");
    assert_eq!(p.kind, ProblemKind::Shape);
    assert_eq!(p.help.as_deref(), Some("start the file with `discretion: 1`"));
    let p = broken("discretion: 1\n", "discretion: 2\n");
    check(&p, ProblemKind::InvalidValue, 1, "discretion", "not supported");
}

#[test]
fn missing_required_field() {
    let p = broken("  - {id: first, type: boolean}", "  - {id: first}");
    check(&p, ProblemKind::Shape, 5, "facts[2]", "missing field `type`");
    // In block style the mapping's first line, where the key belongs (the parser met the
    // omission at the mapping's last key, three lines on, which is not wrong).
    let text = "discretion: 1\nfacts:\n  - id: first\n    name: {zh: 第一, en: first}\n    unit: 元\n    min: 0\n";
    let p = problems_of("t.yaml", text).remove(0);
    check(&p, ProblemKind::Shape, 3, "facts[0]", "missing field `type`");
    assert_eq!(p.position.column, 5, "{p}");
}

/// A statute whose second branch list is indented as the statute's own key (`STATUTE` with
/// `{indent}` before `branches:`).
fn statute_with_branches_at(indent: &str) -> String {
    format!(
        "discretion: 1\nstatutes:\n  - id: s.1\n    name: {{zh: 甲, en: a}}\n    citation: {{instrument: 某法, article: 1}}\n    versions:\n      - effective: {{from: 2001-05-01}}\n        source: {{name: 某法}}\n{indent}branches:\n          - id: general\n            fine: {{max: 2000}}\n"
    )
}

#[test]
fn a_key_indented_too_little_is_placed() {
    // As the statute's own key, `branches` leaves the version without it: the message says where
    // it was read instead (line 9), not only what is missing.
    let p = problems_of("t.yaml", &statute_with_branches_at("    ")).remove(0);
    check(&p, ProblemKind::Shape, 7, "statutes[0].versions[0]", "missing field `branches`");
    let help = p.help.as_deref().unwrap_or_default();
    assert!(help.contains("line 9") && help.contains("`statutes[0]`") && help.contains("indentation"), "{p}");
    // Indented to the list's dash it is no mapping key at all: the syntax error is reported,
    // not the missing key the typed reading met first.
    let p = problems_of("t.yaml", &statute_with_branches_at("      ")).remove(0);
    assert_eq!(p.kind, ProblemKind::Syntax, "{p}");
    assert_eq!(p.position.line, 9, "{p}");
    // Where another entry of the same list has the key, that is its own: no hint.
    let text = "discretion: 1\nfacts:\n  - {id: first, type: boolean}\n  - id: second\n    name: {zh: 乙, en: b}\n";
    let p = problems_of("t.yaml", text).remove(0);
    check(&p, ProblemKind::Shape, 4, "facts[1]", "missing field `type`");
    assert_eq!(p.help, None, "{p}");
    // Nor is the next entry's key, or the enclosing statute's own key written before the branch.
    let text = statute_with_branches_at("        ")
        .replace("          - id: general\n", "          - name: {zh: 乙, en: b}\n")
        + "  - id: s.2\n    citation: {instrument: 某法, article: 2}\n    versions: []\n";
    let p = problems_of("t.yaml", &text).remove(0);
    check(&p, ProblemKind::Shape, 10, "statutes[0].versions[0].branches[0]", "missing field `id`");
    assert_eq!(p.help, None, "{p}");
}

#[test]
fn unknown_word_with_hint() {
    let p = broken("disposition: lighter", "disposition: lighterr");
    check(
        &p,
        ProblemKind::InvalidValue,
        33,
        "violations[0].tiers[0].disposition",
        "`lighterr` is not a valid disposition",
    );
    assert_eq!(p.help.as_deref(), Some("did you mean `lighter`?"));
}

#[test]
fn enum_value_not_declared() {
    let p = broken("is: report_form}", "is: reprot_form}");
    check(&p, ProblemKind::InvalidValue, 31, "violations[0].tiers[0].when.is", "not a value of `kind`");
    assert_eq!(p.help.as_deref(), Some("did you mean `report_form`?"));
}

#[test]
fn yes_is_not_a_boolean() {
    let p = broken("when: {fact: kind, is: report_form}", "when: {fact: first, is: yes}");
    check(&p, ProblemKind::InvalidValue, 31, "violations[0].tiers[0].when.is", "not a valid boolean");
}

#[test]
fn two_benchmarks_on_one_violation() {
    let p = broken("    tiers:\n", "    weights: {start: 10, factors: []}\n    tiers:\n");
    check(&p, ProblemKind::Shape, 24, "violations[0]", "several benchmarks");
}

#[test]
fn all_errors_in_a_file_are_reported() {
    let text = VALID
        .replace("disposition: lighter", "disposition: lighterr")
        .replace("statute: s1", "statute: s9")
        .replace("effective: {from: 2021-01-01}", "effective: {from: 2021-13-01}");
    let ps = problems_of("t.yaml", &text);
    assert_eq!(ps.len(), 3, "{ps:#?}");
    // Sorted by position.
    let lines: Vec<u64> = ps.iter().map(|p| p.position.line).collect();
    assert_eq!(lines, vec![20, 28, 33]);
}

#[test]
fn invalid_utf8_is_located() {
    let dir = std::env::temp_dir().join(format!("discretion-utf8-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let f = dir.join("bad.yaml");
    std::fs::write(&f, b"discretion: 1\nfacts:\n  - {id: \xff\xfe, type: count}\n").unwrap();
    let e = Benchmark::from_path(&f).unwrap_err();
    let p = &e.problems[0];
    assert_eq!(p.kind, ProblemKind::File);
    assert_eq!((p.position.line, p.position.column), (3, 10));
    assert!(p.message.contains("UTF-8"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn alias_bomb_is_refused_quickly() {
    let mut text = String::from("discretion: 1\nfacts:\n  - &a {id: a0, type: count}\n");
    let mut yaml = String::from("x0: &x0 [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]\n");
    for i in 1..30 {
        yaml.push_str(&format!(
            "x{i}: &x{i} [*x{p}, *x{p}, *x{p}, *x{p}, *x{p}, *x{p}, *x{p}, *x{p}, *x{p}, *x{p}]\n",
            p = i - 1
        ));
    }
    // As an unknown section the bomb must still be refused by budget or shape, not expanded.
    text.push_str(&yaml);
    let p = problems_of("t.yaml", &text).remove(0);
    assert!(p.position.line >= 1, "{p}");
    // Under a key that accepts any value (a label's text) the alias limits must fire.
    let bomb = format!("discretion: 1\nfacts:\n  - id: a\n    type: count\n    unit: *x29\n{yaml}");
    let p = problems_of("t.yaml", &bomb).remove(0);
    assert!(matches!(p.kind, ProblemKind::Syntax | ProblemKind::Shape | ProblemKind::UnknownField), "{p}");
}

#[test]
fn deep_nesting_is_refused() {
    let text = format!("discretion: 1\nfacts: {}", "[".repeat(100_000));
    let p = problems_of("t.yaml", &text).remove(0);
    // Refused at the first inner list: a fact is a mapping, not a list.
    assert!(matches!(p.kind, ProblemKind::Syntax | ProblemKind::Shape), "{p}");
    assert_eq!(p.position.line, 2);
    let text = format!("discretion: 1\nfacts: {}", "{a: ".repeat(100_000));
    let p = problems_of("t.yaml", &text).remove(0);
    assert!(matches!(p.kind, ProblemKind::Syntax | ProblemKind::Shape), "{p}");
    // A missing key met before a deep nest: the file is read again for positions, and the nest
    // is refused there too, not followed down.
    let text = format!("discretion: 1\nfacts:\n  - {{id: a}}\nstatutes: {}", "[".repeat(100_000));
    let p = problems_of("t.yaml", &text).remove(0);
    assert!(matches!(p.kind, ProblemKind::Syntax | ProblemKind::Shape), "{p}");
}

#[test]
fn deeply_nested_conditions_are_refused() {
    let mut cond = String::from("{fact: first, is: true}");
    for _ in 0..200 {
        cond = format!("{{all: [{cond}]}}");
    }
    let text = VALID.replace("when: {fact: kind, is: report_form}", &format!("when: {cond}"));
    let p = problems_of("t.yaml", &text).remove(0);
    assert_eq!(p.kind, ProblemKind::Syntax, "{p}");
}

#[test]
fn oversized_file_is_refused_before_parsing() {
    let dir = std::env::temp_dir().join(format!("discretion-big-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let f = dir.join("big.yaml");
    let file = std::fs::File::create(&f).unwrap();
    file.set_len(MAX_FILE_BYTES + 1).unwrap();
    let e = Benchmark::from_path(&f).unwrap_err();
    let p = &e.problems[0];
    assert_eq!(p.kind, ProblemKind::File);
    assert!(p.message.contains("more than"), "{p}");
    // Beside it, a file that reads but is wrong, and one that is not UTF-8: each says its own
    // problem (the unreadable file hid every other file's before); what the unreadable ones
    // would have defined is not reported missing elsewhere.
    let wrong = dir.join("wrong.yaml");
    std::fs::write(&wrong, VALID.replace("type: enum", "type: enumm")).unwrap();
    let latin = dir.join("latin.yaml");
    std::fs::write(&latin, b"discretion: 1\n# caf\xe9\n").unwrap();
    let e = Benchmark::from_paths(&[&f, &wrong, &latin]).unwrap_err();
    let files: Vec<String> = e.problems.iter().map(|p| p.file.to_string()).collect();
    assert!(files.iter().any(|n| n.ends_with("big.yaml")), "{e}");
    assert!(files.iter().any(|n| n.ends_with("latin.yaml")), "{e}");
    assert!(e.problems.iter().any(|p| p.file.ends_with("wrong.yaml") && p.message.contains("enumm")), "{e}");
    assert!(e.problems.iter().all(|p| p.kind != ProblemKind::DanglingReference), "{e}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn exact_amounts_load_exactly() {
    let text = VALID
        .replace("fine: {min: 1000, max: 5000}", "fine: {min: 5000, max: 12345678901234567.89}")
        .replace("fine: {min: 1000, max: 2000}", "fine: {min: \"5000.00\", max: 12345678901234567.89}");
    let b = Benchmark::from_str("t.yaml", &text).unwrap();
    let (_, v) = b.violation("v1").unwrap();
    let discretion::table::Scheme::Tiers { tiers, .. } = &v.scheme else { panic!() };
    let Some(discretion::table::FineRule::Amount(r)) = &tiers[0].band.fine else { panic!() };
    assert_eq!(r.min.unwrap().to_string(), "5000.00");
    assert_eq!(r.max.unwrap().to_string(), "12345678901234567.89");
}

#[test]
fn matrix_cell_with_unknown_grade() {
    let text = VALID.replace(
        "    tiers:\n      - id: light\n        when: {fact: kind, is: report_form}\n        fine: {min: 1000, max: 2000}\n        disposition: lighter\n      - id: heavy\n        when: {fact: kind, is: report}\n        fine: {min: 2000, max: 5000}\n",
        "    matrix:\n      axes:\n        - id: k\n          fact: kind\n          grades:\n            - {id: form, when: {is: report_form}}\n            - {id: rep, when: {is: report}}\n      cells:\n        - {at: [from], fine: {max: 2000}}\n",
    );
    let p = problems_of("t.yaml", &text).remove(0);
    assert_eq!(p.kind, ProblemKind::DanglingReference, "{p}");
    assert_eq!(p.path, "violations[0].matrix.cells[0].at[0]");
    assert_eq!(p.help.as_deref(), Some("did you mean `form`?"));
}

#[test]
fn a_broken_file_does_not_bury_its_error_under_dangling_references() {
    // The facts file fails to parse; the table that uses its facts must not add a cascade.
    let facts = "discretion: 1\nfacts: [\n";
    let table = VALID.replace("facts:\n  - {id: gains, type: amount}\n  - {id: kind, type: enum, values: [report_form, report]}\n  - {id: first, type: boolean}\n", "");
    let e = Benchmark::from_sources([("facts.yaml", facts), ("t.yaml", table.as_str())]).unwrap_err();
    assert_eq!(e.problems.len(), 1, "{e}");
    assert_eq!(&*e.problems[0].file, "facts.yaml");
    // Once the file parses, the references are checked again.
    let e = Benchmark::from_sources([("t.yaml", table.as_str())]).unwrap_err();
    assert!(e.problems.iter().all(|p| p.kind == ProblemKind::DanglingReference), "{e}");
}

/// An empty value is not read as absent: `min:` left empty read as "no minimum".
#[test]
fn an_empty_value_is_refused_not_read_as_absent() {
    for empty in ["", "~", "null"] {
        let p = broken("fine: {min: 2000, max: 5000}", &format!("fine: {{min: {empty}, max: 5000}}"));
        check(&p, ProblemKind::InvalidValue, 36, "violations[0].tiers[1].fine.min", "`min` has no value");
        assert!(p.help.as_deref().is_some_and(|h| h.contains("remove the key")), "{p}");
    }
}

/// Limits and slips of typing are said in the author's terms, never in the parser's (its
/// `Documents { documents: 2 }`, `non-finite float`, five thousand digits echoed).
#[test]
fn limits_and_typing_slips_are_explained() {
    let p = problems_of("t.yaml", &format!("{VALID}---\ndiscretion: 1\n")).remove(0);
    assert!(p.message.starts_with("the file holds 2 YAML documents"), "{p}");
    for big in ["1e400".to_string(), "9".repeat(5_000)] {
        let p = broken("fine: {min: 2000, max: 5000}", &format!("fine: {{min: 2000, max: {big}}}"));
        assert_eq!(p.kind, ProblemKind::InvalidValue, "{p}");
        assert!(p.message.contains("is not a number the rules can hold") && p.message.len() < 120, "{p}");
    }
    let help = |p: &Problem| p.help.clone().unwrap_or_default();
    let p = broken("    statute: s1\n", "    statute：s1\n");
    assert!(help(&p).contains("full-width colon"), "{p}");
    // The parser's complaints are syntax (L002), as FORMAT.md says, though they say "expected".
    assert_eq!(p.kind, ProblemKind::Syntax, "{p}");
    let p = broken("      - id: heavy\n", "     - id: heavy\n");
    assert_eq!(p.kind, ProblemKind::Syntax, "{p}");
    let p = broken("fine: {min: 2000, max: 5000}", "fine: {min：2000, max: 5000}");
    assert!(help(&p).contains("full-width colon"), "{p}");
    let p = broken("    statute: s1\n", "\u{3000}\u{3000}\u{3000}\u{3000}statute: s1\n");
    assert!(help(&p).contains("is indented with full-width spaces (U+3000)"), "{p}");
    let p = broken("fine: {min: 2000, max: 5000}", "fine: {min: 2000, max: 5,000}");
    assert!(help(&p).contains("a thousands separator splits the number (`000` became a key)"), "{p}");
    // An error met through an alias says where its anchor is, and lists the keys cleanly.
    let aliased = VALID.replacen("  source: {name: doc}\n", "  source: &s {name: doc}\n", 1).replacen(
        "fine: {min: 2000, max: 5000}",
        "fine: *s",
        1,
    );
    let p = problems_of("t.yaml", &aliased).remove(0);
    assert!(p.message.starts_with("unknown field `name`, expected one of "), "{p}");
    assert!(p.message.ends_with("(met through an alias; its anchor is at line 21, column 14)"), "{p}");
    assert!(help(&p).ends_with(", terms") && !p.message.contains("(used"), "{p}");
}

/// A fact whose declaration fails is said once, there: its uses are not also "unknown fact"
/// (a rule author's `type: bool` gave one error for the declaration and one for each use).
#[test]
fn a_fact_declared_wrongly_is_one_error_not_one_per_use() {
    let text = VALID.replacen(
        "  - {id: kind, type: enum, values: [report_form, report]}",
        "  - {id: kind, type: choice, values: [report_form, report]}",
        1,
    );
    let problems = problems_of("t.yaml", &text);
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert!(problems[0].message.contains("`choice` is not a valid fact type"), "{}", problems[0]);
}

/// Amounts are renminbi: `RMB` is pointed to `CNY`, and another currency is refused rather than
/// read as yuan (`RMB` passed as an ISO 4217 code).
#[test]
fn the_currency_is_cny() {
    let p = broken("currency: CNY", "currency: RMB");
    assert!(p.message.contains("`RMB` is not the ISO 4217 code of the renminbi"), "{p}");
    assert_eq!(p.help.as_deref(), Some("write `currency: CNY`"));
    assert!(broken("currency: CNY", "currency: USD").message.contains("only CNY is supported"));
}

/// A band of amounts that holds numbers but no amount payable to the fen — both ends excluded,
/// a fen apart — is refused where it is written; one a fen wider loads.
#[test]
fn a_band_with_no_payable_amount_is_refused() {
    let text = VALID.replace("fine: {min: 1000, max: 2000}", "fine: {more_than: 2000, less_than: 2000.01}");
    let p = problems_of("t.yaml", &text).remove(0);
    assert_eq!(p.kind, ProblemKind::InvalidRange, "{p}");
    assert_eq!(p.message, "no amount payable to the fen lies between 2000 and 2000.01", "{p}");
    assert!(p.path.ends_with(".fine"), "{p}");
    let wider = VALID.replace("fine: {min: 1000, max: 2000}", "fine: {more_than: 2000, less_than: 2000.02}");
    assert!(Benchmark::from_str("t.yaml", &wider).is_ok());
}
