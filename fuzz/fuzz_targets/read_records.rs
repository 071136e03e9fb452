//! Case records as the command-line tool reads them — CSV through the csv crate, JSON Lines
//! through serde_json — into the library's record reader, plus the amount and date parsers on
//! every field. Every record must come out assessed or unreadable; nothing may panic.
#![no_main]

use std::sync::OnceLock;

use discretion::Benchmark;
use discretion::read::amount::parse_amount;
use discretion::read::date::{excel_serial_date, parse_date};
use discretion::read::structured::json_fields;
use discretion::read::RecordChecker;
use libfuzzer_sys::fuzz_target;

fn rules() -> &'static Benchmark {
    static RULES: OnceLock<Benchmark> = OnceLock::new();
    RULES.get_or_init(|| Benchmark::shipped().unwrap_or_else(|e| panic!("the shipped rules load: {e}")))
}

fn parsers(field: &str) {
    if let Ok(amount) = parse_amount(field) {
        // What the parser accepts, its own rendering reads back to the same amount.
        assert_eq!(parse_amount(&amount.to_string()).ok(), Some(amount), "{field:?}");
    }
    let _ = parse_date(field);
    let _ = excel_serial_date(field);
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, body)) = data.split_first() else { return };
    let rules = rules();
    if mode % 2 == 0 {
        let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(body);
        let Ok(header) = reader.headers().cloned() else { return };
        let mut checker = RecordChecker::new(rules, header.iter(), &[]);
        for record in reader.records().take(200) {
            let Ok(record) = record else { continue };
            record.iter().for_each(parsers);
            let _ = checker.check(record.iter());
        }
    } else {
        let text = String::from_utf8_lossy(body);
        for line in text.lines().take(200) {
            line.split(',').for_each(parsers);
            let Ok(serde_json::Value::Object(map)) = serde_json::from_str::<serde_json::Value>(line) else { continue };
            let fields = json_fields(map);
            if let Ok(prepared) = rules.read_fields(fields.iter().map(|(k, v)| (k.as_str(), v.as_str()))) {
                let _ = prepared.check();
            }
        }
    }
});
