//! Loads a rules directory and prints what it holds, or every problem found.
fn main() {
    let dir = std::env::args().nth(1).unwrap_or_else(|| "rules".into());
    match discretion::Benchmark::from_path(&dir) {
        Ok(b) => {
            for t in b.tables() {
                println!("{} ({} violations, {} exemptions)", t.id, t.violations.len(), t.exemptions.len());
            }
        }
        Err(e) => println!("{e}"),
    }
}
