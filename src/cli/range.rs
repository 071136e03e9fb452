//! `discretion range`: the band an officer may choose from, with the explanation.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use discretion::Date;
use discretion::table::{Lang, format_amount};

use super::{Language, output, rules};

pub(crate) fn run(
    rules_paths: &[PathBuf],
    violation: &str,
    date: Option<&str>,
    facts: &[String],
    lang: Language,
) -> ExitCode {
    let lang = match lang {
        Language::En => Lang::En,
        Language::Zh => Lang::Zh,
    };
    let fail = |msg: String| {
        let _ = writeln!(std::io::stderr(), "error: {msg}");
        ExitCode::from(2)
    };
    let rules = match rules::load(rules_paths) {
        Ok(b) => b,
        Err(e) => return fail(format!("the rules do not load:\n{e}")),
    };
    let mut pairs: Vec<(&str, &str)> = vec![("case_id", "range"), ("violation", violation)];
    for f in facts {
        match f.split_once('=') {
            Some((k, v)) => pairs.push((k, v)),
            None => return fail(format!("`{f}` is not FACT=VALUE")),
        }
    }
    let case = match rules.case_from_record(pairs) {
        Ok(c) => c,
        Err(e) => return fail(e.to_string()),
    };
    let date = match date {
        Some(d) => match d.parse::<Date>() {
            Ok(d) => d,
            Err(e) => return fail(e.to_string()),
        },
        None => match rules.violation(violation) {
            Some((t, _)) => t.effective.from,
            None => return fail(format!("violation `{violation}` is not in the rules")),
        },
    };
    match rules.allowed(violation, &case.facts, date) {
        Ok(a) => {
            for line in &a.explanation {
                output::line(line.get(lang));
            }
            let kinds =
                |v: &[discretion::table::SanctionKind]| v.iter().map(|k| k.code_str()).collect::<Vec<_>>().join(", ");
            if !a.required.is_empty() {
                output::line(&format!("required: {}", kinds(&a.required)));
            }
            if !a.allowed.is_empty() {
                output::line(&format!("allowed: {}", kinds(&a.allowed)));
            }
            if let Some(b) = a.band {
                let show = |x: Option<rust_decimal::Decimal>| x.map_or_else(|| "-".into(), format_amount);
                output::line(&format!("=> {} – {}", show(b.min), show(b.max)));
            }
            ExitCode::SUCCESS
        }
        Err(e) => fail(e.to_string()),
    }
}
