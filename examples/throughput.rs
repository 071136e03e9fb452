//! Rough in-process throughput of `Benchmark::check` on one clean case, repeated.
//! (Criterion benchmarks are planned; this prints cases per second for a quick look.)
use discretion::check::{Case, Party};
use discretion::table::Facts;
use discretion::{Benchmark, Date};

fn main() {
    let Ok(rules) = Benchmark::from_path("rules") else { return eprintln!("rules/ must load") };
    let mut case = Case::new("2016-017", "gd-tax.60.1");
    case.party = Party::Organisation;
    case.act_ended = Date::new(2016, 3, 1);
    case.decided = Date::new(2016, 5, 1);
    case.facts = Facts::new().number("days_late", 17).word("party", "organisation");
    case.decision.fine = Some(340.into());
    case.procedure.hearing_notified = true;
    let n = 1_000_000u32;
    let start = std::time::Instant::now();
    let mut compliant = 0u32;
    for _ in 0..n {
        compliant += u32::from(rules.check(&case).findings.is_empty());
    }
    let secs = start.elapsed().as_secs_f64();
    println!("{n} checks in {secs:.2} s: {:.0} cases/s ({compliant} compliant)", f64::from(n) / secs);
}
