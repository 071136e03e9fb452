//! The audit at scale, streaming: N decisions (default 10,000,000) of the generated audit
//! scenario — clustered fines with planted inconsistencies — each checked and added to the
//! audit, then the analysis; prints the phases' times. Peak memory with
//! `/usr/bin/time -v target/release/examples/audit_scale 10000000`.
//!
//! The audit's own work is `add` (collecting each assessed case, timed call by call, the
//! clock's own cost subtracted) plus `finish` (the analysis); generating and checking the
//! cases is the rest.

use std::time::{Duration, Instant};

use discretion::audit::{AuditConfig, Auditor};
use discretion::generate::AuditCases;

fn main() {
    let n: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(10_000_000);
    let spec = AuditCases::new(1).spec();
    let rules = match spec.load() {
        Ok(r) => r,
        Err(e) => return eprintln!("{e}"),
    };
    // What reading the clock twice costs, to take it out of the per-call timing.
    let probe = Instant::now();
    let mut empty = Duration::ZERO;
    for _ in 0..1_000_000 {
        let t = Instant::now();
        empty += std::hint::black_box(t).elapsed();
    }
    let clock = (probe.elapsed() / 1_000_000).min(empty / 1_000_000 + Duration::from_nanos(1));
    let start = Instant::now();
    let mut adding = Duration::ZERO;
    let mut auditor = Auditor::new(&rules, AuditConfig::default());
    for c in AuditCases::new(1).take(n) {
        let prepared = rules.prepare(&c.to_case(&spec));
        let assessment = prepared.check();
        let t = Instant::now();
        auditor.add(&prepared, &assessment);
        adding += t.elapsed();
    }
    let collected = start.elapsed();
    let adding = adding.saturating_sub(clock * n as u32);
    let report = auditor.finish();
    let analysed = start.elapsed() - collected;
    println!("{n} decisions: {} groups, {} flags", report.summary.groups, report.summary.flags);
    println!("  generated, checked and collected: {collected:.2?} (collecting, `add`: {adding:.2?})");
    println!("  analysed (`finish`): {analysed:.2?}");
    println!("  the audit's own work (add + finish): {:.2?}", adding + analysed);
}
