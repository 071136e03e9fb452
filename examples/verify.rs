//! Verifies a rules directory and prints the findings (a programmatic `discretion lint`).
fn main() {
    let dir = std::env::args().nth(1).unwrap_or_else(|| "rules".into());
    let benchmark = match discretion::Benchmark::from_path(&dir) {
        Ok(b) => b,
        Err(e) => return println!("{e}"),
    };
    for d in benchmark.verify().diagnostics {
        println!(
            "{}:{}:{} {} {} {}",
            d.file,
            d.position.line,
            d.position.column,
            d.check.code(),
            d.severity.code(),
            d.message.get(discretion::table::Lang::En)
        );
        if !d.witness.is_empty() {
            println!("    witness: {:?}", d.witness);
        }
    }
}
