//! A fine per occurrence (每次): "处每次5千元以上2万元以下" (排污许可管理条例 Art. 37; Guangdong
//! §8.36–8.39) is a range of multiples of a count fact, in the statute and in the table's bands:
//! three occurrences allow 15,000–60,000, so a lawful 3 × 20,000 is no C009.

#[macro_use]
mod common;

use discretion::Benchmark;
use discretion::check::{Case, CaseCheck};
use discretion::table::{Facts, Range};
use rust_decimal::Decimal;

const TABLE: &str = concat!(
    "\
discretion: 1
facts:
  - {id: occurrences, type: count}
  - {id: same_kind_in_one_year, type: count}
statutes:
  - id: pl-37.1
    citation: {instrument: 排污许可管理条例, article: 37, item: 1}
    versions:
      - effective: {from: 2021-03-01}
        branches:
          - id: general
            fine: {basis: multiple, of: occurrences, min: 5000, max: 20000}
",
    table_header!("2022-01-01"),
    "violations:
  - id: v1
    legal_basis:
      violated: [{instrument: 排污许可管理条例, article: 21}]
      penalty: [{instrument: 排污许可管理条例, article: 37, item: 1}]
    statute: pl-37.1
    overlap: heavier_wins
    tiers:
      - id: none
        when: {fact: same_kind_in_one_year, is: 0}
        fine: {basis: multiple, of: occurrences, above: 5000, below: 10000}
      - id: some
        when: {fact: same_kind_in_one_year, at_least: 1}
        fine: {basis: multiple, of: occurrences, above: 10000, below: 20000}
      - id: major
        when: {fact: same_kind_in_one_year, at_least: 5}
        fine: {basis: multiple, of: occurrences, exactly: 20000}
"
);

fn case(occurrences: i64, earlier: i64, fine: i64) -> Case {
    let mut c = Case::new("P-1", "v1");
    c.act_ended = "2023-01-01".parse().ok();
    c.facts = Facts::new().number("occurrences", occurrences).number("same_kind_in_one_year", earlier);
    c.decision.fine = Some(Decimal::from(fine));
    c
}

#[test]
fn a_fine_per_occurrence_is_a_multiple_of_the_count() {
    let b = Benchmark::from_str("t.yaml", TABLE).unwrap();
    assert!(b.verify().diagnostics.is_empty(), "{:?}", b.verify().diagnostics);
    let a = b.allowed(&case(3, 0, 0)).unwrap();
    assert_eq!(a.statutory, Some(Range::between(Decimal::from(15_000), Decimal::from(60_000))));
    assert_eq!(a.band, Some(Range::between(Decimal::from(15_000), Decimal::from(30_000)).excluding_max()));
    // Three occurrences at the statutory maximum each: lawful (above this band, not the statute).
    let top = b.check(&case(3, 1, 60_000));
    assert!(top.has(CaseCheck::AboveBand) && !top.has(CaseCheck::OutsideStatute));
    assert!(b.check(&case(3, 1, 60_001)).has(CaseCheck::OutsideStatute));
    assert_eq!(b.allowed(&case(2, 6, 0)).unwrap().band, Some(Range::exactly(Decimal::from(40_000))));
}
