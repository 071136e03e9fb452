//! A clean case costs no heap allocation: checking a prepared case, and reading and checking
//! a record with a reused [`RecordChecker`], once its buffers have grown to fit.
//!
//! `allocation_counter` replaces the global allocator of this test binary only and counts per
//! thread, so the test harness's own threads do not disturb the figures.

use discretion::Benchmark;
use discretion::check::Verdict;
use discretion::generate::{CSV_HEADER, CaseGenerator, Shapes, SyntheticRules};
use discretion::read::RecordChecker;

fn spec() -> SyntheticRules {
    SyntheticRules { violations: 100, levels: 4, shapes: Shapes::Mixed }
}

#[test]
fn the_counter_counts() {
    // Guards the tests below against passing because nothing is counted.
    let info = allocation_counter::measure(|| {
        std::hint::black_box(vec![1u8; 16]);
    });
    assert_eq!(info.count_total, 1);
}

#[test]
fn checking_a_clean_prepared_case_allocates_nothing() {
    let spec = spec();
    let rules = spec.load().unwrap();
    let prepared: Vec<_> =
        CaseGenerator::new(&spec, 3).take(2000).map(|c| c.to_case(&spec)).map(|c| rules.prepare(&c)).collect();
    let mut clean = 0;
    for p in &prepared {
        let mut verdict = Verdict::Compliant;
        let mut findings = 0;
        let info = allocation_counter::measure(|| {
            let a = p.check();
            verdict = a.verdict;
            findings = a.findings.len();
        });
        if findings == 0 {
            clean += 1;
            assert_eq!(info.count_total, 0, "{:?} allocated", p.case().id);
        } else {
            assert_ne!(verdict, Verdict::Compliant);
        }
    }
    assert!(clean > 1900, "{clean}");
}

#[test]
fn a_clean_shipped_case_allocates_nothing() {
    let rules = Benchmark::from_path("rules").unwrap();
    let header = [
        "case_id",
        "violation",
        "party",
        "act_ended",
        "discovered",
        "decided",
        "days_late",
        "corrected_before_discovery",
        "serious",
        "fine",
        "factors",
        "hearing_notified",
        "summary_procedure",
        "collective_deliberation",
        "grave_harm",
    ];
    let row = [
        "T-1",
        "gd-tax.60.1",
        "organisation",
        "2016-03-01",
        "2016-04-01",
        "2016-05-01",
        "17",
        "false",
        "false",
        "340",
        "",
        "true",
        "false",
        "false",
        "false",
    ];
    let p = rules.prepare(&rules.case_from_record(header.into_iter().zip(row)).unwrap());
    let a = p.check();
    assert_eq!((a.verdict, a.findings.len()), (Verdict::Compliant, 0), "{:?}", a.findings);
    let info = allocation_counter::measure(|| {
        std::hint::black_box(p.check());
    });
    assert_eq!(info.count_total, 0);
}

#[test]
fn reading_and_checking_clean_records_allocates_nothing_once_warm() {
    let spec = spec();
    let rules = spec.load().unwrap();
    let header: Vec<&str> = CSV_HEADER.trim_end().split(',').collect();
    let mut checker = RecordChecker::new(&rules, header.iter().copied(), &[]);
    assert_eq!(checker.columns().unread().count(), 0);
    let mut rows = Vec::new();
    for c in CaseGenerator::new(&spec, 9).take(3000) {
        let mut line = Vec::new();
        c.write_csv(&spec, &mut line).unwrap();
        rows.push(String::from_utf8(line).unwrap());
    }
    // Warm up: the reused buffers grow to the longest id, unit and officer.
    for row in &rows[..1000] {
        let _ = checker.check(row.trim_end().split(','));
    }
    let mut clean = 0;
    for row in &rows[1000..] {
        let mut findings = usize::MAX;
        let info = allocation_counter::measure(|| {
            if let Ok(a) = checker.check(row.trim_end().split(',')) {
                findings = a.findings.len();
            }
        });
        if findings == 0 {
            clean += 1;
            assert_eq!(info.count_total, 0, "{row} allocated {} times", info.count_total);
        }
    }
    assert!(clean > 1900, "{clean}");
}
