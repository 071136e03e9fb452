//! `check` in memory: the library beside a plain hand-written band check on the same cases,
//! on a generated 100-violation × 4-level table, on mixed shapes, and on the shipped rules.
//!
//! `cargo bench --bench check`; figures and the machine in BENCHMARKS.md.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use discretion::Benchmark;
use discretion::check::{Case, PreparedCase, Verdict};
use discretion::generate::{CaseGenerator, PlainBand, Shapes, SyntheticCase, SyntheticRules};
use discretion::read::RecordChecker;
use rust_decimal::Decimal;

const CASES: usize = 100_000;

fn compliant(verdicts: impl Iterator<Item = Verdict>) -> usize {
    verdicts.filter(|v| *v == Verdict::Compliant).count()
}

fn generated(c: &mut Criterion, name: &str, shapes: Shapes) {
    let spec = SyntheticRules { violations: 100, levels: 4, shapes };
    let rules = spec.load().expect("the generated rules load");
    let synthetic: Vec<SyntheticCase> = CaseGenerator::new(&spec, 1).take(CASES).collect();
    let cases: Vec<Case> = synthetic.iter().map(|s| s.to_case(&spec)).collect();
    let prepared: Vec<PreparedCase<'_>> = cases.iter().map(|case| rules.prepare(case)).collect();
    let expected = compliant(prepared.iter().map(|p| p.check().verdict));

    let mut g = c.benchmark_group(name);
    g.throughput(Throughput::Elements(CASES as u64));
    if shapes == Shapes::Tiers {
        // What a hand-written checker would hard-code: per violation, its tiers' thresholds
        // and bands; the level is the last tier whose threshold the amount reaches.
        let plain: Vec<Vec<(Decimal, PlainBand)>> = (0..spec.violations).map(|i| spec.tiers_of(i)).collect();
        let plain_check = |s: &SyntheticCase| {
            let tiers = plain.get(s.violation as usize)?;
            let (_, band) = tiers.iter().rev().find(|(from, _)| *from <= s.amount_involved)?;
            Some(band.contains(s.fine))
        };
        // The reference agrees with the library case by case before either is timed.
        for (s, p) in synthetic.iter().zip(&prepared) {
            assert_eq!(plain_check(s) == Some(true), p.check().verdict == Verdict::Compliant, "{s:?}");
        }
        g.bench_function("plain hand-written band check", |b| {
            b.iter(|| black_box(synthetic.iter().filter(|s| plain_check(s) == Some(true)).count()))
        });
    }
    g.bench_function("PreparedCase::check", |b| {
        b.iter(|| {
            let n = compliant(prepared.iter().map(|p| p.check().verdict));
            assert_eq!(n, expected);
        })
    });
    g.bench_function("Benchmark::check (string-keyed Case)", |b| {
        b.iter(|| black_box(compliant(cases.iter().map(|case| rules.check(case).verdict))))
    });
    g.bench_function("Benchmark::check_all, 2 threads", |b| {
        b.iter(|| black_box(compliant(rules.check_all(&cases, 2).iter().map(|a| a.verdict))))
    });
    g.finish();
}

fn tiers(c: &mut Criterion) {
    generated(c, "check in memory: 100 violations x 4 tiers", Shapes::Tiers);
}

fn mixed(c: &mut Criterion) {
    generated(c, "check in memory: 100 violations, mixed shapes", Shapes::Mixed);
}

/// The sample decisions of `examples/` against `rules/`: real shapes (weight models,
/// matrices with overrides, formulas, adjustments) and many findings.
fn shipped(c: &mut Criterion) {
    let rules = Benchmark::from_path("rules").expect("rules/ loads");
    let text = std::fs::read_to_string("examples/cases-sample.csv").expect("the sample");
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap_or_default().split(',').collect();
    let mut checker = RecordChecker::new(&rules, header.iter().copied(), &[]);
    let mut prepared = Vec::new();
    for line in lines {
        // The sample has no quoted commas outside its unreadable rows.
        if checker.check(line.split(',')).is_ok() {
            prepared.push(checker.prepared().clone());
        }
    }
    let mut g = c.benchmark_group("check in memory: shipped rules, sample cases");
    g.throughput(Throughput::Elements(prepared.len() as u64));
    g.bench_function("PreparedCase::check", |b| {
        b.iter(|| black_box(compliant(prepared.iter().map(|p| p.check().verdict))))
    });
    g.finish();
}

criterion_group!(benches, tiers, mixed, shipped);
criterion_main!(benches);
