//! The audit at scale, streaming: N decisions (default 10,000,000) of the generated audit
//! scenario — clustered fines with planted inconsistencies — each checked and added to the
//! audit, then the analysis; prints the phases' times. Peak memory with
//! `/usr/bin/time -v target/release/examples/audit_scale 10000000`.

use std::time::Instant;

use discretion::audit::{AuditConfig, Auditor};
use discretion::generate::AuditCases;

fn main() {
    let n: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(10_000_000);
    let mut cases = AuditCases::new(1);
    let spec = cases.spec();
    let rules = match spec.load() {
        Ok(r) => r,
        Err(e) => return eprintln!("{e}"),
    };
    let start = Instant::now();
    let mut auditor = Auditor::new(&rules, AuditConfig::default());
    for c in cases.by_ref().take(n) {
        let prepared = rules.prepare(&c.to_case(&spec));
        let assessment = prepared.check();
        auditor.add(&prepared, &assessment);
    }
    let collected = start.elapsed();
    let report = auditor.finish();
    let analysed = start.elapsed() - collected;
    println!(
        "{n} decisions: generated, checked and collected in {collected:.2?}; analysed in {analysed:.2?}; {} groups, {} flags",
        report.summary.groups, report.summary.flags
    );
}
