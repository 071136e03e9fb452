//! The audit at scale, streaming: N decisions (default 10,000,000) of the generated audit
//! scenario — clustered fines with planted inconsistencies — each checked and added to the
//! audit, then the analysis; prints the phases' times. Peak memory with
//! `/usr/bin/time -v target/release/examples/audit_scale 10000000`.
//!
//! The audit's own work is `add` (collecting each assessed case, timed call by call, the
//! clock's own cost subtracted) plus `finish` (the analysis); generating and checking the
//! cases is the rest. Memory is the process's resident size once the cases are collected and
//! at its peak (on Linux; the generator holds one case at a time).
//!
//! `audit_scale N here` stores the cases on the calling thread
//! ([`Auditor::storing_on_calling_thread`]): `add` then also does the storing that a thread of
//! its own does by default, beside the caller.
//!
//! `audit_scale write N DIR` writes the same decisions as `DIR/audit-N.csv` with their rules
//! (`DIR/audit-rules.yaml`), for timing the command line end to end:
//! `/usr/bin/time -v discretion audit --rules DIR/audit-rules.yaml DIR/audit-N.csv --format json`.

use std::time::{Duration, Instant};

use discretion::audit::{AuditConfig, Auditor};
use discretion::generate::AuditCases;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("write") {
        let n: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(10_000_000);
        let dir = std::path::PathBuf::from(args.get(2).map_or(".", String::as_str));
        if let Err(e) = write(n, &dir) {
            eprintln!("{e}");
        }
        return;
    }
    let n: usize = args.first().and_then(|a| a.parse().ok()).unwrap_or(10_000_000);
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
    let mut auditor = match Auditor::new(&rules, AuditConfig::default()) {
        Ok(a) => a,
        Err(e) => return eprintln!("{e}"),
    };
    if args.get(1).map(String::as_str) == Some("here") {
        auditor = auditor.storing_on_calling_thread();
    }
    for c in AuditCases::new(1).take(n) {
        let prepared = rules.prepare(&c.to_case(&spec));
        let assessment = prepared.check();
        let t = Instant::now();
        auditor.add(&prepared, &assessment);
        adding += t.elapsed();
    }
    let collected = start.elapsed();
    let resident = memory("VmRSS");
    let adding = adding.saturating_sub(clock * n as u32);
    let cpu_before = cpu_seconds();
    let report = auditor.finish();
    let analysed = start.elapsed() - collected;
    let cpu = cpu_seconds().zip(cpu_before).map(|(a, b)| a - b);
    println!("{n} decisions: {} groups, {} flags", report.summary.groups, report.summary.flags);
    println!("  generated, checked and collected: {collected:.2?} (collecting, `add`: {adding:.2?})");
    match cpu {
        Some(cpu) => println!("  analysed (`finish`): {analysed:.2?} ({cpu:.2} s of CPU on all threads)"),
        None => println!("  analysed (`finish`): {analysed:.2?}"),
    }
    println!("  the audit's own work (add + finish): {:.2?}", adding + analysed);
    if let (Some(resident), Some(peak)) = (resident, memory("VmHWM")) {
        println!("  memory: {resident} MB resident once collected, {peak} MB at the peak");
    }
}

/// CPU time of the process so far (user + system, every thread), from /proc on Linux.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The fields after the command name (which is in parentheses and may hold spaces).
    let rest = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| fields.get(i)?.parse::<f64>().ok();
    // utime and stime are fields 14 and 15 of the whole line: 12 and 13 after the name.
    Some((ticks(11)? + ticks(12)?) / 100.0)
}

/// A memory figure of the process in MB (`VmRSS`: now, `VmHWM`: the peak), from /proc on Linux.
fn memory(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024)
}

/// Writes `n` decisions as CSV and their rules as YAML into `dir`.
fn write(n: usize, dir: &std::path::Path) -> std::io::Result<()> {
    use std::io::Write;
    std::fs::create_dir_all(dir)?;
    let spec = AuditCases::new(1).spec();
    std::fs::write(dir.join("audit-rules.yaml"), spec.yaml())?;
    let mut out = std::io::BufWriter::new(std::fs::File::create(dir.join(format!("audit-{n}.csv")))?);
    out.write_all(discretion::generate::CSV_HEADER.as_bytes())?;
    for c in AuditCases::new(1).take(n) {
        c.write_csv(&spec, &mut out)?;
    }
    out.flush()
}
