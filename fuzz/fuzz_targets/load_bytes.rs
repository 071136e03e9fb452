//! The table loader on raw bytes: any input loads or is refused with an error — no panic, no
//! hang, no unbounded memory — and whatever loads can be verified and checked against.
#![no_main]

use discretion::Benchmark;
use discretion::check::Case;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let Ok(rules) = Benchmark::from_str("fuzz.yaml", &text) else { return };
    let report = rules.verify();
    let _ = report.diagnostics.len();
    for table in rules.tables() {
        for v in &table.violations {
            let mut case = Case::new("F", &v.id);
            case.decision.fine = Some(1000.into());
            let _ = rules.check(&case);
            let _ = rules.allowed(&case);
        }
    }
});
