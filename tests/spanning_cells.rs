//! Matrix cells spanning an axis (`at: [heavy, "*"]`): the source's row across every column
//! ("造成重大生态环境影响的 → the statutory maximum", ~187 sections of the Guangdong table).
//! Loading, choosing the cell, verifying the matrix, and what the loader refuses.

#[macro_use]
mod common;

use discretion::Benchmark;
use discretion::check::{Case, CaseCheck, Party};
use discretion::table::{Facts, Lang, ProblemKind, Range, Scheme};
use discretion::verify::Check;
use rust_decimal::Decimal;

/// A table whose one violation is a matrix `kind` (light, heavy, major) × `flag` (no, yes), with
/// `cells` as YAML flow mappings.
fn table(cells: &[&str]) -> String {
    let mut s = String::from(concat!(
        "discretion: 1
facts:
  - {id: kind, type: enum, values: [a, b, m]}
  - {id: f, type: boolean}
statutes:
  - id: s1
    citation: {instrument: Some Law, article: 10}
    versions:
      - effective: {from: 2020-01-01}
        branches:
          - id: general
            fine: {min: 1000, max: 9000}
",
        table_header!("2021-01-01"),
        "violations:
  - id: v1
    legal_basis:
      violated: [{instrument: Some Law, article: 5}]
      penalty: [{instrument: Some Law, article: 10}]
    statute: s1
    matrix:
      axes:
        - id: kind
          fact: kind
          overlap: heavier_wins
          grades:
            - {id: light, when: {is: a}}
            - {id: heavy, when: {is: b}}
            - {id: major, when: {is: m}}
        - id: flag
          fact: f
          grades:
            - {id: no, when: {is: false}}
            - {id: yes, when: {is: true}}
      cells:
",
    ));
    for c in cells {
        s.push_str(&format!("        - {c}\n"));
    }
    s
}

const FULL: [&str; 5] = [
    "{at: [light, no], fine: {min: 1000, max: 2000}}",
    "{at: [light, yes], fine: {min: 2000, max: 3000}}",
    "{at: [heavy, no], fine: {min: 3000, max: 4000}}",
    "{at: [heavy, yes], fine: {min: 4000, max: 5000}}",
    "{at: [major, \"*\"], fine: {exactly: 9000}}",
];

fn case(facts: Facts) -> Case {
    let mut c = Case::new("S-1", "v1");
    c.party = Some(Party::Organisation);
    c.act_ended = "2022-06-01".parse().ok();
    c.facts = facts;
    c.factors = Some(Vec::new());
    c.decision.fine = Some(Decimal::from(9000));
    c
}

#[test]
fn a_spanning_cell_applies_whatever_the_spanned_axis_says() {
    let b = Benchmark::from_str("t.yaml", &table(&FULL)).unwrap();
    let major = Range::exactly(Decimal::from(9000));
    // Known, unknown: the spanning cell either way.
    for facts in [Facts::new().word("kind", "m").flag("f", true), Facts::new().word("kind", "m")] {
        let a = b.allowed(&case(facts.clone())).unwrap();
        assert_eq!((a.level.as_str(), a.band), ("[major, *]", Some(major)), "{facts:?}");
        assert!(!b.check(&case(facts)).has(CaseCheck::LevelUndetermined));
    }
    // The other rows still need the axis.
    let a = b.allowed(&case(Facts::new().word("kind", "b").flag("f", true))).unwrap();
    assert_eq!(a.level, "[heavy, yes]");
    assert!(b.check(&case(Facts::new().word("kind", "b"))).has(CaseCheck::LevelUndetermined));
    // The fixed axis unknown: no level, whatever a spanning cell says.
    assert!(b.check(&case(Facts::new().flag("f", true))).has(CaseCheck::LevelUndetermined));
    // The level is named and found with its `*`, and explained.
    let (_, v) = b.violation("v1").unwrap();
    assert_eq!(v.scheme.level_name(4).as_deref(), Some("[major, *]"));
    assert_eq!(v.scheme.find_level("[major, *]"), Some(4));
    let a = b.allowed(&case(Facts::new().word("kind", "m"))).unwrap();
    let explained: Vec<&str> = a.explanation.iter().map(|t| t.get(Lang::En)).collect();
    assert!(explained.iter().any(|e| e.contains("flag any (the cell spans it)")), "{explained:?}");
    // A decision naming the spanning cell by one grade per axis names that cell: no C006.
    assert_eq!(v.scheme.find_level("[major, no]"), Some(4));
    assert_eq!(v.scheme.find_level("[light, *]"), None);
    let mut claimed = case(Facts::new().word("kind", "m").flag("f", false));
    claimed.claimed_level = Some("[major, no]".into());
    assert!(!b.check(&claimed).has(CaseCheck::LevelMismatch));
    claimed.claimed_level = Some("[heavy, no]".into());
    assert!(b.check(&claimed).has(CaseCheck::LevelMismatch));
    let Scheme::Matrix { cells, .. } = &v.scheme else { panic!("a matrix") };
    assert!(cells[4].spans() && !cells[0].spans());
    assert!(cells[4].covers(&[2, 0]) && cells[4].covers(&[2, 1]) && !cells[4].covers(&[1, 1]));
}

/// Verification sees every combination a spanning cell covers: none is a gap, and a spanning
/// cell lighter than its neighbours is out of order.
#[test]
fn verification_reads_a_spanning_cell_as_every_cell_it_covers() {
    let checks = |cells: &[&str]| -> Vec<(Check, String)> {
        let b = Benchmark::from_str("t.yaml", &table(cells)).unwrap();
        b.verify().diagnostics.iter().map(|d| (d.check, d.message.get(Lang::En).to_string())).collect()
    };
    let full = checks(&FULL);
    assert!(!full.iter().any(|(c, _)| matches!(c, Check::CoverageGap | Check::NotMonotone)), "{full:?}");
    // Without [light, yes]: one combination missing, named.
    // An axis every cell spans decides nothing: a value no grade matches is no gap.
    let spanned = Benchmark::from_str(
        "t.yaml",
        &table(&["{at: [\"*\", no], fine: {max: 2000}}", "{at: [\"*\", yes], fine: {max: 3000}}"])
            .replace("values: [a, b, m]", "values: [a, b, m, z]"),
    )
    .unwrap();
    let d: Vec<_> = spanned.verify().diagnostics.iter().map(|d| (d.check, d.path.clone())).collect();
    assert!(!d.iter().any(|(c, _)| *c == Check::CoverageGap), "{d:?}");
    assert_eq!(spanned.allowed(&case(Facts::new().word("kind", "z").flag("f", true))).unwrap().level, "[*, yes]");
    // One cell not spanning it: the grade's gap is a gap again.
    let partly = Benchmark::from_str(
        "t.yaml",
        &table(&["{at: [light, no], fine: {max: 2000}}", "{at: [\"*\", yes], fine: {max: 3000}}"])
            .replace("values: [a, b, m]", "values: [a, b, m, z]"),
    )
    .unwrap();
    assert!(partly.verify().diagnostics.iter().any(|d| d.check == Check::CoverageGap));
    let gap = checks(&[FULL[0], FULL[2], FULL[3], FULL[4]]);
    assert!(
        gap.iter().any(|(c, m)| *c == Check::CoverageGap && m.contains("no cell for [kind = light, flag = yes]")),
        "{gap:?}"
    );
    // The major row below the heavy row: out of order along `kind`, said once.
    let low = checks(&[FULL[0], FULL[1], FULL[2], FULL[3], "{at: [major, \"*\"], fine: {min: 3000, max: 3500}}"]);
    let decreasing: Vec<_> = low.iter().filter(|(c, _)| *c == Check::NotMonotone).collect();
    assert!(!decreasing.is_empty() && decreasing.iter().all(|(_, m)| m.contains("[major, *]")), "{low:?}");
}

#[test]
fn cells_covering_one_combination_twice_are_refused() {
    let text = table(&[FULL[0], FULL[1], "{at: [\"*\", no], fine: {min: 3000, max: 4000}}", FULL[3], FULL[4]]);
    let e = Benchmark::from_str("t.yaml", &text).unwrap_err();
    // [*, no] covers [light, no] (cells[0]): said at its first shared combination (each cell's
    // first, so that the work stays one step per combination and cell).
    let p: Vec<String> = e.problems.iter().map(|p| format!("{} {} {:?}", p.path, p.message, p.kind)).collect();
    assert!(
        e.problems.iter().any(|p| p.kind == ProblemKind::DuplicateId
            && p.path == "violations[0].matrix.cells[2].at"
            && p.message.contains("this cell and cells[0] both cover [light, no]")),
        "{p:?}"
    );
    // Cells are named by their place as written, also when an earlier one has a mistake (it
    // is not built, but keeps its place).
    let misspelt = table(&[
        "{at: [lihgt, no], fine: {max: 2000}}",
        FULL[0],
        FULL[2],
        FULL[4],
        "{at: [\"*\", no], fine: {max: 2000}}",
    ]);
    let e = Benchmark::from_str("t.yaml", &misspelt).unwrap_err();
    assert!(
        e.problems
            .iter()
            .any(|p| p.path == "violations[0].matrix.cells[0].at[0]"
                && p.help.as_deref() == Some("did you mean `light`?"))
    );
    assert!(
        e.problems.iter().any(|p| p.path == "violations[0].matrix.cells[4].at"
            && p.message.contains("this cell and cells[1] both cover [light, no]")
            && p.position.line == 47),
        "{:?}",
        e.problems.iter().map(|p| (p.path.clone(), p.message.clone(), p.position.line)).collect::<Vec<_>>()
    );
    // No grade near a misspelt one: the grades are listed.
    let e = Benchmark::from_str("t.yaml", &table(&["{at: [bogus, no], fine: {max: 2000}}"])).unwrap_err();
    assert_eq!(
        e.problems[0].help.as_deref(),
        Some("the grades of `kind` are: light, heavy, major; or `\"*\"` (quoted) for a cell spanning the axis")
    );
    // Narrowed to the row it meant, the matrix loads.
    let text = text.replace("{at: [\"*\", no], fine: {min: 3000, max: 4000}}", FULL[2]);
    assert!(Benchmark::from_str("t.yaml", &text).is_ok());
}

#[test]
fn a_bare_star_is_a_yaml_alias_and_the_error_says_how_to_write_it() {
    let text = table(&[FULL[0], FULL[1], FULL[2], FULL[3], "{at: [major, *], fine: {exactly: 9000}}"]);
    let e = Benchmark::from_str("t.yaml", &text).unwrap_err();
    let p = &e.problems[0];
    assert_eq!(p.kind, ProblemKind::Syntax, "{p}");
    assert!(p.help.as_deref().is_some_and(|h| h.contains("write `\"*\"` (quoted)")), "{p}");
    // A bad `&anchor` is no spanning cell: no such hint.
    let e = Benchmark::from_str(
        "t.yaml",
        &table(&FULL).replace("title: {zh: 表, en: table}", "title: {zh: 表, en: & table}"),
    )
    .unwrap_err();
    assert!(e.problems[0].message.contains("anchor or alias") && e.problems[0].help.is_none(), "{}", e.problems[0]);
}

/// A spanning cell is laid out over every combination of the matrix, so the loader bounds them:
/// 5 axes of 10 grades (100,000 combinations, more than 4,096) with a spanning cell are refused;
/// without one, the same matrix loads.
#[test]
fn a_spanning_cell_in_a_huge_matrix_is_refused() {
    let grades: Vec<String> =
        (0..10).map(|i| format!("{{id: g{i}, when: {{at_least: {i}, below: {}}}}}", i + 1)).collect();
    let mut facts = String::new();
    let mut axes = String::new();
    for k in 0..5 {
        facts.push_str(&format!("  - {{id: n{k}, type: count}}\n"));
        axes.push_str(&format!("        - {{id: a{k}, fact: n{k}, grades: [{}]}}\n", grades.join(", ")));
    }
    let text = |cell: &str| {
        table(&[])
            .replace("  - {id: kind, type: enum, values: [a, b, m]}\n  - {id: f, type: boolean}\n", &facts)
            .split("      axes:\n")
            .next()
            .unwrap()
            .to_string()
            + "      axes:\n"
            + &axes
            + "      cells:\n        - "
            + cell
            + "\n"
    };
    let e = Benchmark::from_str("t.yaml", &text("{at: [g0, g0, g0, g0, \"*\"], fine: {max: 2000}}")).unwrap_err();
    assert!(
        e.problems.iter().any(|p| p.kind == ProblemKind::Shape
            && p.message.contains("at most 4096 grade combinations; this one has 100000")),
        "{e}"
    );
    assert!(Benchmark::from_str("t.yaml", &text("{at: [g0, g0, g0, g0, g0], fine: {max: 2000}}")).is_ok());
}

/// Thousands of cells spanning everything: each is refused at its first shared combination, so
/// loading stays one step per combination and cell (a hang here would be a timeout).
#[test]
fn many_cells_spanning_everything_are_refused_without_laying_each_out() {
    let cells = vec!["{at: [\"*\", \"*\"], fine: {max: 2000}}"; 20_000];
    let e = Benchmark::from_str("t.yaml", &table(&cells)).unwrap_err();
    let shared = e.problems.iter().filter(|p| p.message.contains("both cover [light, no]")).count();
    // Exact duplicates are said once each as "defined twice"; none is laid out further.
    let twice = e.problems.iter().filter(|p| p.message.contains("is defined twice")).count();
    assert_eq!((shared, twice), (0, 19_999), "{}", e.problems[0]);
}

/// Several spanning cells, on any axis: a case with no grade on an axis takes the one cell
/// spanning it that agrees on its other grades; with none such, no level.
#[test]
fn several_spanning_cells_each_decide_their_own_cases() {
    let cells = [
        "{at: [\"*\", no], fine: {min: 1000, max: 2000}}",
        "{at: [light, yes], fine: {min: 2000, max: 3000}}",
        "{at: [heavy, yes], fine: {min: 4000, max: 5000}}",
        "{at: [major, yes], fine: {exactly: 9000}}",
    ];
    let b = Benchmark::from_str("t.yaml", &table(&cells)).unwrap();
    let level = |facts: Facts| b.allowed(&case(facts)).map(|a| a.level).ok();
    // The first axis spanned: any kind, even unrecorded, when f is false.
    assert_eq!(level(Facts::new().word("kind", "b").flag("f", false)).as_deref(), Some("[*, no]"));
    assert_eq!(level(Facts::new().flag("f", false)).as_deref(), Some("[*, no]"));
    assert_eq!(level(Facts::new().word("kind", "m").flag("f", true)).as_deref(), Some("[major, yes]"));
    // f true and kind unrecorded: three cells could apply, none spans kind: no level.
    assert_eq!(level(Facts::new().flag("f", true)), None);
    // f unrecorded: [*, no] fixes f, so it cannot be chosen.
    assert_eq!(level(Facts::new().word("kind", "a")), None);
}
