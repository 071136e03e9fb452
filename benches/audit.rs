//! The consistency audit in memory: collecting assessed cases and the analysis, on the
//! generated scenario with planted inconsistencies (100,000 and 1,000,000 decisions).
//!
//! `cargo bench --bench audit`; ten million decisions end to end with peak memory:
//! `cargo run --release --example audit_scale -- 10000000` under `/usr/bin/time -v`.
//! Figures and the machine in BENCHMARKS.md.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use discretion::audit::{AuditConfig, Auditor};
use discretion::check::PreparedCase;
use discretion::generate::AuditScenario;

fn audit(c: &mut Criterion) {
    let mut g = c.benchmark_group("audit in memory");
    g.sample_size(10);
    for rows in [100_000, 1_000_000] {
        let scenario = AuditScenario::new(rows, 1);
        let rules = scenario.spec.load().expect("rules");
        // Checked once: the audit's own cost is what is measured.
        let prepared: Vec<PreparedCase<'_>> =
            scenario.cases.iter().map(|c| rules.prepare(&c.to_case(&scenario.spec))).collect();
        let assessed: Vec<_> = prepared.iter().map(|p| p.check()).collect();
        g.throughput(Throughput::Elements(rows as u64));
        g.bench_function(format!("{rows} decisions: collect and analyse"), |b| {
            b.iter(|| {
                let mut auditor = Auditor::new(&rules, AuditConfig::default()).expect("the default configuration");
                for (p, a) in prepared.iter().zip(&assessed) {
                    auditor.add(p, a);
                }
                black_box(auditor.finish().flags.len())
            })
        });
    }
    g.finish();
}

criterion_group!(benches, audit);
criterion_main!(benches);
