//! A reading the published source does not settle (`reading:` on a violation) is said with the
//! band: `range`'s explanation and the note finding C037 on every case judged under it — and
//! nowhere else.

#[macro_use]
mod common;

use discretion::Benchmark;
use discretion::check::{Case, CaseCheck, Verdict};
use discretion::table::{Facts, Lang};

const TABLE: &str = concat!(
    "\
discretion: 1
facts:
  - {id: same_kind_in_two_years, type: count, min: 1}
statutes:
  - id: s
    citation: {instrument: L, article: 1}
    versions:
      - effective: {from: 2020-01-01}
        branches: [{id: general, fine: {min: 10000, max: 100000}}]
",
    table_header!("2022-01-01"),
    "violations:
  - id: read
    legal_basis: {violated: [{instrument: L, article: 1}], penalty: [{instrument: L, article: 1}]}
    statute: s
    reading:
      zh: “近二年 2次以下”读作包括本次在内的次数
      en: \"'2次以下 in the past two years' is read as a count that includes this act\"
    tiers:
      - {id: first, when: {fact: same_kind_in_two_years, below: 2}, fine: {above: 10000, below: 50000}}
      - {id: again, when: {fact: same_kind_in_two_years, above: 2}, fine: {above: 50000, max: 100000}}
  - id: plain
    legal_basis: {violated: [{instrument: L, article: 1}], penalty: [{instrument: L, article: 1}]}
    statute: s
    tiers:
      - {id: all, fine: {above: 10000, below: 50000}}
"
);

fn case(violation: &str, count: Option<i64>) -> Case {
    let mut c = Case::new("c", violation);
    c.facts = match count {
        Some(n) => Facts::new().number("same_kind_in_two_years", n),
        None => Facts::new(),
    };
    c.act_ended = "2023-01-01".parse().ok();
    c.decided = "2023-02-01".parse().ok();
    c.decision.fine = Some(20_000.into());
    c.factors = Some(Vec::new());
    c
}

#[test]
fn a_band_resting_on_a_reading_says_so() {
    let rules = Benchmark::from_str("t.yaml", TABLE).unwrap();
    let judged = rules.check(&case("read", Some(1)));
    let f = judged.findings.iter().find(|f| f.check == CaseCheck::BandRestsOnReading).expect("C037");
    assert_eq!(f.check.code(), "C037");
    assert!(f.message(Lang::En).contains("includes this act"), "{}", f.message(Lang::En));
    assert!(f.message(Lang::Zh).contains("包括本次"), "{}", f.message(Lang::Zh));
    // A note: the verdict is the band's.
    assert!(judged.verdict <= Verdict::Incomplete, "{:?}", judged.findings);
    let allowed = rules.allowed(&case("read", Some(1))).unwrap();
    assert!(allowed.explanation.iter().any(|t| t.get(Lang::En).contains("rests on a reading")));
    // Not where the table takes no reading, nor where no band is found.
    assert!(!rules.check(&case("plain", None)).has(CaseCheck::BandRestsOnReading));
    let undecided = rules.check(&case("read", None));
    assert!(undecided.has(CaseCheck::LevelUndetermined) && !undecided.has(CaseCheck::BandRestsOnReading));
}

#[test]
fn a_reading_is_written_back() {
    let rules = Benchmark::from_str("t.yaml", TABLE).unwrap();
    let written = rules.write_all();
    let again = Benchmark::from_str("t.yaml", &written[0].1).unwrap();
    assert_eq!(again.tables(), rules.tables());
    assert!(again.tables()[0].violations[0].reading.is_some());
}

#[test]
fn an_empty_reading_is_refused() {
    let with = |reading: &str| {
        let (a, rest) = TABLE.split_once("    reading:\n").unwrap();
        let (_, b) = rest.split_once("    tiers:\n").unwrap();
        format!("{a}    reading: {reading}\n    tiers:\n{b}")
    };
    for empty in ["{}", "{zh: \" \"}"] {
        let err = Benchmark::from_str("t.yaml", &with(empty)).unwrap_err();
        let p = &err.problems[0];
        assert_eq!(
            (p.path.as_str(), p.message.as_str()),
            ("violations[0].reading", "a reading says what was read, in zh or en")
        );
    }
}
