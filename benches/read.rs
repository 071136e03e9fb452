//! `check` end to end from case files: the `csv` crate merely parsing a 1,000,000-row file
//! (the ceiling), the library's [`RecordChecker`] on the same records, and the command-line
//! tool in each output format — all in one run, so the ratios compare like with like.
//!
//! `cargo bench --bench read`; `DISCRETION_BENCH_ROWS` changes the row count (default
//! 1,000,000). Figures and the machine in BENCHMARKS.md.

use std::hint::black_box;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use discretion::generate::{CSV_HEADER, CaseGenerator, Shapes, SyntheticRules};
use discretion::read::RecordChecker;
use rust_decimal::Decimal;

const SPEC: SyntheticRules = SyntheticRules { violations: 100, levels: 4, shapes: Shapes::Tiers };

fn rows() -> usize {
    std::env::var("DISCRETION_BENCH_ROWS").ok().and_then(|v| v.parse().ok()).unwrap_or(1_000_000)
}

/// The rules and case files, written once per row count under `target/bench-data/`.
fn data(rows: usize) -> (PathBuf, PathBuf, PathBuf) {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("bench-data");
    std::fs::create_dir_all(&dir).expect("bench data directory");
    let rules = dir.join("rules-100x4.yaml");
    let csv = dir.join(format!("cases-{rows}.csv"));
    let jsonl = dir.join(format!("cases-{rows}.jsonl"));
    if !rules.exists() {
        std::fs::write(&rules, SPEC.yaml()).expect("write rules");
    }
    if !csv.exists() || !jsonl.exists() {
        let mut c = std::io::BufWriter::new(std::fs::File::create(&csv).expect("csv"));
        let mut j = std::io::BufWriter::new(std::fs::File::create(&jsonl).expect("jsonl"));
        c.write_all(CSV_HEADER.as_bytes()).expect("write");
        for case in CaseGenerator::new(&SPEC, 11).take(rows) {
            case.write_csv(&SPEC, &mut c).expect("write");
            case.write_jsonl(&SPEC, &mut j).expect("write");
        }
        c.flush().expect("flush");
        j.flush().expect("flush");
    }
    (rules, csv, jsonl)
}

fn library(c: &mut Criterion) {
    let rows = rows();
    let (_, csv_path, _) = data(rows);
    let rules = SPEC.load().expect("rules");
    let bytes = std::fs::read(&csv_path).expect("read the file");
    let mut g = c.benchmark_group(format!("from CSV in memory: {rows} rows"));
    g.throughput(Throughput::Elements(rows as u64));
    g.sample_size(10);
    let fine_column = CSV_HEADER.split(',').position(|h| h == "fine").expect("fine column");
    g.bench_function("csv crate: parse only (ByteRecord, UTF-8, fine as Decimal)", |b| {
        b.iter(|| {
            let mut reader = csv::Reader::from_reader(bytes.as_slice());
            let mut record = csv::ByteRecord::new();
            let mut total = Decimal::ZERO;
            while reader.read_byte_record(&mut record).expect("csv") {
                let valid = record.iter().all(|f| std::str::from_utf8(f).is_ok());
                let fine = record.get(fine_column).and_then(|f| std::str::from_utf8(f).ok());
                if let (true, Some(Ok(x))) = (valid, fine.map(str::parse::<Decimal>)) {
                    total += x;
                }
            }
            black_box(total)
        })
    });
    g.bench_function("csv crate + RecordChecker (read and check)", |b| {
        b.iter(|| {
            let mut reader = csv::Reader::from_reader(bytes.as_slice());
            let header: Vec<String> = reader.headers().expect("header").iter().map(str::to_string).collect();
            let mut checker = RecordChecker::new(&rules, header.iter().map(String::as_str), &[]);
            let mut record = csv::ByteRecord::new();
            let mut compliant = 0usize;
            while reader.read_byte_record(&mut record).expect("csv") {
                let fields = record.iter().map(|f| std::str::from_utf8(f).unwrap_or("\u{fffd}"));
                if checker.check(fields).is_ok_and(|a| a.findings.is_empty()) {
                    compliant += 1;
                }
            }
            black_box(compliant)
        })
    });
    g.finish();
}

/// The command-line tool on the files, output to /dev/null; the process starts once per
/// iteration (about 10 ms of the total).
fn tool(c: &mut Criterion) {
    let rows = rows();
    let (rules, csv, jsonl) = data(rows);
    let run = |file: &Path, format: &str| {
        let status = Command::new(env!("CARGO_BIN_EXE_discretion"))
            .args(["check", "--rules"])
            .arg(&rules)
            .args(["--format", format])
            .arg(file)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .expect("run discretion");
        // 1 = some case has a finding (the generated file has 1 % outside their band).
        assert!(matches!(status.code(), Some(0 | 1)), "{status}");
    };
    let mut g = c.benchmark_group(format!("discretion check end to end: {rows} rows"));
    g.throughput(Throughput::Elements(rows as u64));
    g.sample_size(10);
    for format in ["csv", "jsonl", "text"] {
        g.bench_function(format!("CSV in, --format {format}"), |b| b.iter(|| run(&csv, format)));
    }
    g.bench_function("JSON Lines in, --format csv", |b| b.iter(|| run(&jsonl, "csv")));
    g.finish();
}

criterion_group!(benches, library, tool);
criterion_main!(benches);
