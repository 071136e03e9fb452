//! Loading and verifying rules: generated tables of 100, 1,000 and 10,000 violations in mixed
//! shapes (MB/s of YAML), and `verify` (lint) on the same tables and on `rules/`.
//!
//! `cargo bench --bench load`; figures and the machine in BENCHMARKS.md.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use discretion::Benchmark;
use discretion::generate::{Shapes, SyntheticRules};

fn load(c: &mut Criterion) {
    let mut g = c.benchmark_group("load generated rules");
    g.sample_size(10);
    for violations in [100, 1_000, 10_000] {
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
    for violations in [100, 1_000, 10_000] {
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

criterion_group!(benches, load, verify);
criterion_main!(benches);
