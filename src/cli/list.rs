//! `discretion list`: what the rules define — violations (id, name, aliases, statute, table and
//! version, period, the facts a case of it is judged on) and facts (id, type, name, values) — so
//! that an office can fill its case files and column mappings.

use std::fmt::Write as _;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use discretion::Benchmark;
use discretion::table::{FactType, Lang};
use serde_json::json;

use super::report::printable;
use super::rules;

fn period(p: &discretion::table::Period) -> String {
    match p.until {
        Some(u) => format!("{}–{u}", p.from),
        None => format!("{}–", p.from),
    }
}

/// A fact's type in words (the JSON listing keeps the English ones, which programs read); an
/// enum's values by id, and in Chinese by the Chinese names a case file may use, with the id.
fn fact_type(f: &discretion::table::Fact, lang: Lang) -> String {
    let t = &f.fact_type;
    let z = lang == Lang::Zh;
    if let (FactType::Enum(values), true) = (t, z) {
        let named: Vec<String> = values
            .iter()
            .enumerate()
            .map(|(i, v)| match f.value_labels.get(i).filter(|l| l.has(Lang::Zh)) {
                Some(l) => format!("{}（{v}）", l.get(Lang::Zh)),
                None => v.clone(),
            })
            .collect();
        return format!("取值之一：{}", named.join("、"));
    }
    let word = |en: &str, zh: &str| if z { zh.to_string() } else { en.to_string() };
    match t {
        FactType::Amount => word("amount", "金额"),
        FactType::Count => word("count", "次数"),
        FactType::Days => word("days", "天数"),
        FactType::Quantity => word("quantity", "数量"),
        FactType::Boolean => word("yes/no", "是/否"),
        FactType::Date => word("date", "日期"),
        FactType::Enum(values) => format!("{}{}", if z { "取值之一：" } else { "one of: " }, values.join(", ")),
    }
}

/// `text` padded with spaces to `columns` terminal columns: a Chinese character takes two, so
/// `{:<24}` (which counts characters) would leave the next column out of line.
fn padded(text: &str, columns: usize) -> String {
    let width = unicode_width::UnicodeWidthStr::width(text);
    format!("{text}{}", " ".repeat(columns.saturating_sub(width)))
}

/// What a case file may name each fact's column, by fact id: in Chinese its Chinese name, unless
/// it has none or another fact has the same (which then designates neither); else its id.
fn column_names(b: &Benchmark, lang: Lang) -> std::collections::HashMap<&str, &str> {
    let mut uses: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for n in b.facts().iter().filter_map(|f| f.label.zh.as_deref()) {
        *uses.entry(n).or_default() += 1;
    }
    b.facts()
        .iter()
        .map(|f| match f.label.zh.as_deref() {
            Some(n) if lang == Lang::Zh && !n.is_empty() && uses.get(n) == Some(&1) => (f.id.as_str(), n),
            _ => (f.id.as_str(), f.id.as_str()),
        })
        .collect()
}

fn text(b: &Benchmark, lang: Lang) -> String {
    let z = lang == Lang::Zh;
    let mut s = String::new();
    let _ = writeln!(s, "{}", if z { "违法行为：" } else { "violations:" });
    let columns = column_names(b, lang);
    for (ti, t) in b.tables().iter().enumerate() {
        let version = t.version.as_deref().unwrap_or("");
        for (vi, v) in t.violations.iter().enumerate() {
            let aliases = if v.aliases.is_empty() {
                String::new()
            } else {
                format!(" ({} {})", if z { "别名" } else { "aka" }, v.aliases.join(", "))
            };
            let _ = writeln!(
                s,
                "  {:<26} {}{aliases}\n  {:<26} {} {} · {} {version} · {}",
                printable(&v.id),
                printable(v.label.get(lang)),
                "",
                if z { "法条" } else { "statute" },
                // Chinese readers get the citation (环境影响评价法第三十一条第三款), not the id.
                printable(&match b.statute(&v.statute).filter(|_| z) {
                    Some(st) => discretion::table::format_citation(&st.citation, lang),
                    None => v.statute.clone(),
                }),
                printable(&t.id),
                period(&t.effective)
            );
            // The columns a case of this violation needs: Chinese readers get the names the
            // reader also takes as headers — the id where a fact has none, or shares it.
            let facts: Vec<String> = b
                .facts_judged_on(ti, vi)
                .iter()
                .map(|f| printable(columns.get(f.id.as_str()).copied().unwrap_or(&f.id)).into_owned())
                .collect();
            if !facts.is_empty() {
                let _ = writeln!(
                    s,
                    "  {:<26} {} {}",
                    "",
                    if z { "所需事实" } else { "facts" },
                    // Fact names hold 、 themselves (配合调查、经发现后…): 、 between them ran two together.
                    facts.join(if z { "；" } else { ", " })
                );
            }
        }
    }
    let _ = writeln!(s, "{}", if z { "事实（案件文件的列）：" } else { "facts (case-file columns):" });
    // The id column as wide as the longest id (ids are ASCII words), at least 32.
    let width = b.facts().iter().map(|f| f.id.len()).max().unwrap_or(0).max(32);
    for f in b.facts() {
        let _ = writeln!(
            s,
            "  {:<width$} {} {}",
            printable(&f.id),
            padded(&printable(f.label.get(lang)), 24),
            fact_type(f, lang)
        );
    }
    s
}

fn json_of(b: &Benchmark) -> serde_json::Value {
    let mut violations = Vec::new();
    for (ti, t) in b.tables().iter().enumerate() {
        for (vi, v) in t.violations.iter().enumerate() {
            let facts: Vec<&str> = b.facts_judged_on(ti, vi).iter().map(|f| f.id.as_str()).collect();
            violations.push(json!({
                "id": v.id, "name": v.label.zh, "name_en": v.label.en, "aliases": v.aliases, "facts": facts,
                "statute": v.statute, "table": t.id, "table_version": t.version,
                "from": t.effective.from.to_string(), "until": t.effective.until.map(|d| d.to_string()),
            }));
        }
    }
    let facts: Vec<serde_json::Value> = b
        .facts()
        .iter()
        .map(|f| json!({"id": f.id, "name": f.label.zh, "name_en": f.label.en, "type": fact_type(f, Lang::En)}))
        .collect();
    json!({"violations": violations, "facts": facts})
}

/// What `list` writes: there is nothing to annotate in a listing, so no SARIF.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum ListFormat {
    /// Human-readable.
    Text,
    /// One JSON document.
    Json,
}

pub(crate) fn run(paths: &[PathBuf], format: ListFormat, lang: Lang) -> ExitCode {
    let b = match rules::load(paths) {
        Ok(b) => b,
        Err(e) => {
            return super::fail_in(lang, &rules::not_loaded(lang, &e));
        }
    };
    let out = match format {
        ListFormat::Json => json_of(&b).to_string() + "\n",
        ListFormat::Text => text(&b, lang),
    };
    super::output::written(std::io::stdout().write_all(out.as_bytes()));
    ExitCode::SUCCESS
}
