//! Loading and verifying rules: generated tables of 100, 1,000 and 2,500 violations in mixed
//! shapes (MB/s of YAML; 2,500 violations are about 3.3 MB, near the 4 MiB a table file may have), `verify` (lint) on the same tables and on `rules/`, and `verify` on
//! one large violation — 1,000 and 10,000 tiers on one fact, a full 6-axis matrix, a 6-axis
//! matrix with one cell — to show that it scales linearly (docs/LIMITS.md).
//!
//! `cargo bench --bench load`; figures and the machine in BENCHMARKS.md.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use discretion::Benchmark;
use discretion::generate::{Shapes, SyntheticRules};

fn load(c: &mut Criterion) {
    let mut g = c.benchmark_group("load generated rules");
    g.sample_size(10);
    for violations in [100, 1_000, 2_500] {
        let yaml = SyntheticRules { violations, levels: 4, shapes: Shapes::Mixed }.yaml();
        g.throughput(Throughput::Bytes(yaml.len() as u64));
        g.bench_function(format!("{violations} violations ({} KB)", yaml.len() / 1024), |b| {
            b.iter(|| black_box(Benchmark::from_str("synthetic.yaml", &yaml).expect("loads")))
        });
    }
    g.finish();
}

fn verify(c: &mut Criterion) {
    let mut g = c.benchmark_group("verify (lint)");
    g.sample_size(10);
    for violations in [100, 1_000, 2_500] {
        let rules = SyntheticRules { violations, levels: 4, shapes: Shapes::Mixed }.load().expect("loads");
        g.throughput(Throughput::Elements(violations as u64));
        g.bench_function(format!("{violations} generated violations"), |b| {
            b.iter(|| black_box(rules.verify().diagnostics.len()))
        });
    }
    let shipped = Benchmark::from_path("rules").expect("rules/ loads");
    g.throughput(Throughput::Elements(1));
    g.bench_function("rules/ (the shipped tables)", |b| b.iter(|| black_box(shipped.verify().diagnostics.len())));
    g.finish();
}

/// One violation around `benchmark`, on count facts `f0`…`f5`.
fn one_violation(facts: &str, benchmark: &str) -> String {
    format!(
        "discretion: 1\nfacts:\n{facts}statutes:\n  - id: s\n    citation: {{instrument: L, article: 1}}\n    versions:\n      - effective: {{from: 2000-01-01}}\n        branches: [{{id: general, fine: {{max: 1000000000}}}}]\ntable:\n  id: t\n  title: {{zh: 表}}\n  authority: {{zh: 机关}}\n  jurisdiction: CN\n  currency: CNY\n  effective: {{from: 2020-01-01}}\n  source: {{name: 来源}}\n  boundaries: {{above: inclusive, below: exclusive}}\nviolations:\n  - id: v\n    legal_basis: {{violated: [{{instrument: L, article: 1}}], penalty: [{{instrument: L, article: 1}}]}}\n    statute: s\n{benchmark}"
    )
}

fn tiers(n: usize) -> String {
    let rows: String = (0..n)
        .map(|i| {
            format!(
                "      - {{id: t{i}, when: {{fact: f0, above: {}, below: {}}}, fine: {{min: {}, less_than: {}}}}}\n",
                i * 10,
                i * 10 + 10,
                i * 10,
                i * 10 + 10
            )
        })
        .collect();
    one_violation("  - {id: f0, type: count}\n", &format!("    tiers:\n{rows}"))
}

fn matrix(axes: usize, grades: usize, full: bool) -> String {
    let facts: String = (0..axes).map(|a| format!("  - {{id: f{a}, type: count}}\n")).collect();
    let axis: String = (0..axes)
        .map(|a| {
            let g: Vec<String> =
                (0..grades).map(|k| format!("{{id: g{k}, when: {{at_least: {k}, less_than: {}}}}}", k + 1)).collect();
            format!("        - {{id: a{a}, fact: f{a}, grades: [{}]}}\n", g.join(", "))
        })
        .collect();
    let count = if full { grades.pow(axes as u32) } else { 1 };
    let cells: String = (0..count)
        .map(|mut c| {
            let at: Vec<String> = (0..axes)
                .map(|_| {
                    let g = c % grades;
                    c /= grades;
                    format!("g{g}")
                })
                .collect();
            format!("        - {{at: [{}], fine: {{max: 100}}}}\n", at.join(", "))
        })
        .collect();
    one_violation(&facts, &format!("    matrix:\n      axes:\n{axis}      cells:\n{cells}"))
}

fn large(c: &mut Criterion) {
    let mut g = c.benchmark_group("verify one large violation");
    g.sample_size(10);
    let cases = [
        ("1,000 tiers on one fact", tiers(1_000)),
        ("10,000 tiers on one fact", tiers(10_000)),
        ("6-axis matrix, 4 grades each, all 4,096 cells", matrix(6, 4, true)),
        ("6-axis matrix, 10 grades each, 1 cell", matrix(6, 10, false)),
    ];
    for (name, yaml) in cases {
        let rules = Benchmark::from_str("large.yaml", &yaml).expect("loads");
        g.bench_function(name, |b| b.iter(|| black_box(rules.verify().diagnostics.len())));
    }
    g.finish();
}

criterion_group!(benches, load, verify, large);
criterion_main!(benches);
