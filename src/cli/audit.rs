//! `discretion audit`: similar cases handled inconsistently, across a batch of decisions. Reads
//! the same inputs as `check`; prints group statistics, then flags strongest first, each with
//! its peers; then unit disparities, order inversions, characterisations and divergences.
//! Every threshold is a heuristic default (`--config`), and the output says so.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use discretion::audit::{
    AuditConfig, AuditReport, Auditor, Excluded, Flag, Measured, RecordedValue, Tier, shown_amount,
};
use discretion::table::{Addressee, Coded, Lang, Named, format_money, format_range};

use super::cases::{self, InputOptions};
use super::report::{cell, printable};
use super::{Language, english, rules};

/// Output formats of `audit`.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum AuditFormat {
    /// Groups, flags with their peers, and the other findings, for people.
    Text,
    /// The whole report as one JSON document.
    Json,
    /// One JSON object per flag (the rest of the report goes to `--format json`).
    Jsonl,
    /// One CSV row per flag, for spreadsheets.
    Csv,
}

/// The arguments of `audit`.
pub(crate) struct Options {
    pub rules: Vec<PathBuf>,
    pub format: AuditFormat,
    pub lang: Language,
    /// How the case files are read.
    pub reading: InputOptions,
    pub config: AuditConfig,
    pub html: Option<PathBuf>,
    /// Most threads for the analysis (`None`: one per core).
    pub threads: Option<std::num::NonZeroUsize>,
    /// CSV output in GBK (GB18030), without a BOM; else UTF-8 with one.
    pub output_gbk: bool,
}

fn zh(lang: Lang) -> bool {
    lang == Lang::Zh
}

/// The knobs of `config` that differ from the defaults, as `key: value` (YAML's names).
fn changed_thresholds(config: &discretion::audit::AuditConfig) -> String {
    let (Ok(serde_json::Value::Object(set)), Ok(serde_json::Value::Object(default))) =
        (serde_json::to_value(config), serde_json::to_value(discretion::audit::AuditConfig::default()))
    else {
        return String::new();
    };
    set.iter()
        .filter(|(k, v)| default.get(*k) != Some(*v))
        .map(|(k, v)| format!("{k}: {v}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The report as text.
pub(crate) fn text(r: &AuditReport, lang: Lang) -> String {
    let z = zh(lang);
    let mut s = String::new();
    // Said as it is: defaults, or the thresholds a configuration set (and then which).
    let defaults = r.config == discretion::audit::AuditConfig::default();
    let _ = writeln!(s, "{}", r.provenance.line(lang));
    let _ = writeln!(
        s,
        "{}",
        match (z, defaults) {
            (true, true) =>
                "类案不同罚审查（所有阈值均为启发式默认值，可通过 --config 调整，并非法律规定）".to_string(),
            (false, true) => {
                "Consistency audit (every threshold is a heuristic default, settable with --config; none is law)"
                    .to_string()
            }
            (true, false) => format!(
                "类案不同罚审查（阈值为启发式取值，由 --config 设定，并非法律规定；与默认值不同的：{}）",
                changed_thresholds(&r.config)
            ),
            (false, false) => format!(
                "Consistency audit (thresholds are heuristics, set with --config; none is law; changed from the defaults: {})",
                changed_thresholds(&r.config)
            ),
        }
    );
    if !r.groups.is_empty() {
        let _ = writeln!(
            s,
            "\n{}",
            if z {
                "分组（违法行为 × 阶次 × 时间窗 [基准版本]）："
            } else {
                "groups (violation × level × window [table version]):"
            }
        );
        let heads = if z {
            ["n", "中位", "离散", "幅度内", "标记"]
        } else {
            ["n", "median", "spread", "inside", "flagged"]
        };
        let rows: Vec<([String; 5], String)> = r
            .groups
            .iter()
            .map(|g| {
                let numbers = [
                    g.n.to_string(),
                    g.shown_position(g.median, lang),
                    g.shown_spread(lang),
                    format!("{:.0}%", g.inside_band * 100.0),
                    g.flagged.to_string(),
                ];
                (numbers, printable(&g.label.text(lang)).into_owned())
            })
            .collect();
        s.push_str(&table(heads, if z { "分组" } else { "group" }, &rows));
    }
    if !r.flags.is_empty() {
        let _ = writeln!(s, "\n{}", if z { "标记案件（由强到弱）：" } else { "flagged cases, strongest first:" });
        for f in r.flags.iter().take(SHOWN_FLAGS) {
            flag_text(&mut s, r, f, lang);
        }
        // Thousands of flags are a file to sort and filter, not text to read.
        let left_out = r.flags.len().saturating_sub(SHOWN_FLAGS);
        // The other formats list every flag the report holds: all of them, unless `max_flags`
        // cut the list, and then they say so too.
        let (listed, beyond) = (r.flags.len(), r.summary.flags_not_listed);
        let _ = match (left_out > 0, beyond > 0, z) {
            (false, ..) => Ok(()),
            (true, false, true) => {
                writeln!(s, "    ……另有{left_out}个标记未列出（--format csv 或 json 及 HTML 页面全部列出）")
            }
            (true, false, false) => {
                writeln!(s, "    … {left_out} more flags (--format csv or json, and the HTML page, list them all)")
            }
            (true, true, true) => writeln!(
                s,
                "    ……另有{left_out}个标记未列出（--format csv 或 json 及 HTML 页面列出最强的{listed}个；其余{beyond}个超出 max_flags，仅计数）"
            ),
            (true, true, false) => writeln!(
                s,
                "    … {left_out} more flags (--format csv or json, and the HTML page, list the strongest {listed}; {beyond} more, past max_flags, are only counted)"
            ),
        };
    }
    if !r.disparities.is_empty() {
        let _ = writeln!(s, "\n{}", if z { "执法单位/人员差异：" } else { "units and officers out of line:" });
        for d in &r.disparities {
            let dir = direction(d.direction, lang);
            let who = who(d.dimension, lang);
            let untested = match untested(d, r.config.unit_min_n, lang) {
                u if u.is_empty() => u,
                u if z => format!("；{u}"),
                u => format!("; {u}"),
            };
            // The practical floor is on each group's own difference; the mean is of the shrunk
            // ones, so it may be below the floor: both said, with the shrinkage.
            let (n, floor, prior) = (d.groups.len(), r.config.unit_effect, r.config.unit_prior_n);
            let (effect, unit) = (d.effect, d.effect_unit.short(lang));
            let _ = if z {
                writeln!(
                    s,
                    "  {who} {} {dir}：{n}个分组显著（各组|Δ|≥{floor:.2}），平均收缩效应{effect:+.2}{unit}（Δ·n/(n+{prior})）{untested}",
                    printable(&d.shown_name()),
                )
            } else {
                writeln!(
                    s,
                    "  {who} {} {dir}: {n} {} significant (each |Δ| ≥ {floor:.2}), mean shrunk effect {effect:+.2} {unit} (Δ·n/(n + {prior})){untested}",
                    printable(&d.shown_name()),
                    if n == 1 { "group" } else { "groups" },
                )
            };
            for g in d.groups.iter().take(SHOWN_GROUPS) {
                let _ = writeln!(s, "    {}", disparity_group(g, lang));
            }
            more(&mut s, d.groups.len().saturating_sub(SHOWN_GROUPS) as u64, lang);
            // Significant the other way too: said, or "heavier" would hide it (a user trial).
            if !d.contrary_groups.is_empty() {
                let k = d.contrary_groups.len();
                let _ = writeln!(s, "    {}", contrary(d, lang));
                for g in d.contrary_groups.iter().take(SHOWN_GROUPS) {
                    let _ = writeln!(s, "    {}", disparity_group(g, lang));
                }
                more(&mut s, k.saturating_sub(SHOWN_GROUPS) as u64, lang);
            }
        }
    }
    if !r.order.is_empty() {
        let _ =
            writeln!(s, "\n{}", if z { "阶次倒挂（较重阶次罚得明显更轻）：" } else { "heavier levels punished less:" });
        for o in &r.order {
            let (heavier, lighter) = (printable(o.heavier.level_in(lang)), printable(o.lighter.level_in(lang)));
            let (h, l) = (o.measured_in.shown(&o.heavier_median, lang), o.measured_in.shown(&o.lighter_median, lang));
            // "中位罚款10,000元", or "中位为违法所得的7倍".
            let (h, l) = if !z {
                (h, l)
            } else if o.measured_in == Measured::Fine {
                (format!("中位罚款{h}元"), format!("中位罚款{l}元"))
            } else {
                (format!("中位为{h}"), format!("中位为{l}"))
            };
            let place = format!(
                "{} {} [{}]",
                printable(&o.heavier.violation),
                o.heavier.window,
                printable(&o.heavier.versions(lang))
            );
            let _ = if z {
                writeln!(
                    s,
                    "  {place}：较重阶次“{heavier}”（{}件，{h}）反而低于较轻阶次“{lighter}”（{}件，{l}）{:.2}{}",
                    o.n.1,
                    o.n.0,
                    o.gap,
                    o.gap_unit.describe(lang)
                )
            } else {
                writeln!(
                    s,
                    "  {place}: heavier {heavier} (n={}, median {h}) is {:.2} {} below lighter {lighter} (n={}, median {l})",
                    o.n.1,
                    o.gap,
                    o.gap_unit.describe(lang),
                    o.n.0
                )
            };
        }
    }
    if !r.characterisations.is_empty() {
        let _ = writeln!(s, "\n{}", if z { "同种案情异种定性：" } else { "same facts, different characterisation:" });
        for c in r.characterisations.iter().take(SHOWN_CHARACTERISATIONS) {
            // Each filing with its size and median fine: the smaller one is the likelier slip.
            let variants: Vec<String> = c
                .variants
                .iter()
                .map(|v| {
                    let mut ids: Vec<&str> = v.case_ids.iter().take(SHOWN_IDS).map(String::as_str).collect();
                    if v.n > ids.len() as u64 {
                        ids.push("…");
                    }
                    let ids = ids.join(if z { "、" } else { ", " });
                    let (violation, level) = (&v.label.violation, v.label.level_in(lang));
                    if z {
                        format!("{violation} {level}——{}件，中位罚款{}元（{ids}）", v.n, shown_amount(&v.median_fine))
                    } else {
                        let cases = if v.n == 1 { "case" } else { "cases" };
                        format!(
                            "{violation} {level} — {} {cases}, median fine {} ({ids})",
                            v.n,
                            shown_amount(&v.median_fine)
                        )
                    }
                })
                .collect();
            let _ = if z {
                writeln!(
                    s,
                    "  {}：案情记录相同，定性不同：{}",
                    statute_line(&c.statute, &c.statute_title, lang),
                    printable(&variants.join(" / "))
                )
            } else {
                writeln!(
                    s,
                    "  {}: the same recorded facts, filed as {}",
                    statute_line(&c.statute, &c.statute_title, lang),
                    printable(&variants.join(" / "))
                )
            };
        }
        more(&mut s, r.characterisations.len().saturating_sub(SHOWN_CHARACTERISATIONS) as u64, lang);
    }
    if !r.divergences.is_empty() {
        let _ = writeln!(
            s,
            "\n{}",
            if z { "同一法条、不同基准幅度不重叠：" } else { "one statute, tables that disagree:" }
        );
        for d in &r.divergences {
            let (applied, other) = (d.applied_in(lang), d.other_in(lang));
            // Chinese amounts carry 元 (`format_money`), as the flags' bands do.
            let band = |r: &discretion::table::Range| if z { format_money(r, lang) } else { format_range(r, lang) };
            let (applied_band, other_band) = (band(&d.applied_range), band(&d.other_range));
            // The bands are the example's: a band computed from the facts differs case by case.
            let (n, example) = (d.cases, printable(&d.example));
            let statute = statute_line(&d.statute, &d.statute_title, lang);
            let _ = if z {
                writeln!(
                    s,
                    "  {statute}：{applied} 与 {other} 不重叠，{n}件（例：{example}，{applied_band}，另一基准{other_band}）"
                )
            } else {
                writeln!(
                    s,
                    "  {statute}: {applied} vs {other}, {n} {} (e.g. {example}: {applied_band} vs {other_band})",
                    if n == 1 { "case" } else { "cases" }
                )
            };
        }
    }
    if !r.inversions.is_empty() {
        let _ = writeln!(
            s,
            "\n{}",
            if z {
                "罚得重于情节更重案件的案件（排序，非认定）："
            } else {
                "cases punished more than heavier cases (a ranking, not flags):"
            }
        );
        // One heavier case fined far too little ranks many lighter ones: name it once, first.
        let mut named: BTreeMap<&str, usize> = BTreeMap::new();
        for h in r.inversions.iter().filter_map(|c| c.lightest_heavier.as_ref()) {
            *named.entry(h.case_id.as_str()).or_default() += 1;
        }
        let most = named.iter().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)));
        if let Some((id, &n)) = most.filter(|(_, n)| **n >= 2) {
            let (id, listed) = (printable(id), r.inversions.len());
            let _ = if z {
                writeln!(s, "  列出的{listed}件中，{n}件的“罚款最轻的情节更重案件”都是{id}：宜先复核该案")
            } else {
                writeln!(
                    s,
                    "  {id} is the least fined heavier case of {n} of the {listed} cases listed: review it first"
                )
            };
        }
        for c in r.inversions.iter().take(SHOWN_INVERSIONS) {
            let label = c.label.text(lang);
            let (id, label) = (printable(&c.case_id), printable(&label));
            let n = c.inversions;
            // Where cases are ranked in a multiple of a fact, the fine says it too.
            let multiple = |m: &Option<String>| {
                m.as_ref().map_or(String::new(), |m| {
                    let m = c.measured_in.shown(m, lang);
                    if z { format!("（{m}）") } else { format!(" ({m})") }
                })
            };
            // "90,000元（违法所得的3倍）", "90,000 (3 × illegal gains)".
            let yuan = if z { "元" } else { "" };
            let fine = shown_amount(&c.fine) + yuan + &multiple(&c.in_multiple);
            // The heavier case fined least: where to look first.
            let least = c.lightest_heavier.as_ref().map(|h| {
                let (hid, hlabel) = (printable(&h.case_id), printable(&h.label.text(lang)).into_owned());
                let hfine = shown_amount(&h.fine) + yuan + &multiple(&h.in_multiple);
                if z {
                    format!("（其中罚款最轻的：{hid} {hlabel}，罚款{hfine}）")
                } else {
                    format!(" (the least fined: {hid} {hlabel}, {hfine})")
                }
            });
            let least = least.unwrap_or_default();
            let _ = if z {
                writeln!(s, "  {id} {label}：罚款{fine}；{n}件情节更重的案件罚得明显更轻{least}")
            } else {
                let cases = english(n, "case with heavier circumstances was", "cases with heavier circumstances were");
                writeln!(s, "  {id} {label}: fine {fine}; {cases} fined clearly less{least}")
            };
        }
        // Past the twenty shown here, the report's list (`inversion_list` long) has the rest, and
        // cases past that list are counted.
        let listed = r.inversions.len() as u64;
        more(&mut s, listed.saturating_sub(SHOWN_INVERSIONS as u64), lang);
        let unlisted = r.summary.inversion_cases.saturating_sub(listed);
        if unlisted > 0 {
            let _ = if z {
                writeln!(s, "    ……另有{unlisted}件未排序列出（inversion_list = {listed}）")
            } else {
                writeln!(s, "    … {unlisted} more not ranked in the report (inversion_list = {listed})")
            };
        }
    }
    summary(&mut s, r, lang);
    s
}

fn flag_text(s: &mut String, r: &AuditReport, f: &Flag, lang: Lang) {
    let z = zh(lang);
    let tier = tier(f.tier, lang);
    let also: String = f.also.iter().map(|r| format!(" +{}", r.name(lang))).collect();
    let verdict = if z { f.verdict.zh() } else { f.verdict.code() };
    // Chinese sentences take full-width punctuation: （单案审查：合规）：, 案件事实：.
    let (label, message) = (f.label.text(lang), f.message(lang));
    let (case_id, label, message) = (printable(&f.case_id), printable(&label), printable(&message));
    let (rule, strength) = (f.rule.name(lang), f.strength);
    let _ = if z {
        writeln!(s, "  {case_id} [{rule}{also} {tier} {strength}] {label}（单案审查：{verdict}）：{message}")
    } else {
        writeln!(s, "  {case_id} [{rule}{also} {tier} {strength}] {label} (check {verdict}): {message}")
    };
    if !f.facts.is_empty() {
        let facts = facts_text(r, &f.facts, lang);
        let facts = printable(&facts);
        let _ = if z { writeln!(s, "      案件事实：{facts}") } else { writeln!(s, "      facts: {facts}") };
    }
    // Each peer with the facts it records differently: what "near" means, case by case.
    let peers: Vec<String> = f
        .peers
        .iter()
        .take(5)
        .map(|p| {
            let differ = differing_facts(r, &f.facts, &p.facts, lang);
            let position = f.shown_position(p.position, lang);
            let (id, fine) = (printable(&p.case_id), shown_amount(&p.fine));
            match (lang, differ.is_empty()) {
                (Lang::En, true) => format!("{id} {fine} ({position}; same facts)"),
                (Lang::En, false) => format!("{id} {fine} ({position}; {})", printable(&differ)),
                (Lang::Zh, true) => format!("{id} {fine}元（{position}；事实相同）"),
                (Lang::Zh, false) => format!("{id} {fine}元（{position}；{}）", printable(&differ)),
            }
        })
        .collect();
    if !peers.is_empty() {
        let _ = if z {
            writeln!(s, "      相近案件：{}", peers.join("；"))
        } else {
            writeln!(s, "      peers: {}", peers.join(", "))
        };
    }
}

/// Recorded facts in words: `days_late 17, serious no` (逾期天数：17，情节严重：否).
pub(crate) fn facts_text(r: &AuditReport, facts: &BTreeMap<String, RecordedValue>, lang: Lang) -> String {
    let shown: Vec<String> = facts.iter().map(|(id, v)| r.fact_text(id, v, lang)).collect();
    shown.join(if zh(lang) { "，" } else { ", " })
}

/// The facts `other` records differently from `of` (a fact one of them does not give is
/// different: `—` for the missing side), in words: `days_late 20`.
pub(crate) fn differing_facts(
    r: &AuditReport,
    of: &BTreeMap<String, RecordedValue>,
    other: &BTreeMap<String, RecordedValue>,
    lang: Lang,
) -> String {
    let ids: std::collections::BTreeSet<&String> = of.keys().chain(other.keys()).collect();
    let missing = RecordedValue::Text("—".to_string());
    let shown: Vec<String> = ids
        .into_iter()
        .filter(|id| of.get(*id) != other.get(*id))
        .map(|id| r.fact_text(id, other.get(id).unwrap_or(&missing), lang))
        .collect();
    shown.join(if zh(lang) { "，" } else { ", " })
}

/// Rows of five numbers and a label under `heads` and `last`, the numbers first — a label's
/// length (and its characters' width) cannot shift them — each column as wide as its widest
/// cell and at least 7 (a position in units, `+0.00 units`, is wider).
fn table(heads: [&str; 5], last: &str, rows: &[([String; 5], String)]) -> String {
    let widths: Vec<usize> = (0..heads.len())
        .map(|k| rows.iter().filter_map(|(cells, _)| cells.get(k)).map(|c| columns(c)).fold(7, usize::max))
        .collect();
    let mut s = String::from(" ");
    for (head, &width) in heads.iter().zip(&widths) {
        let _ = write!(s, " {}", right(head, width));
    }
    let _ = writeln!(s, "  {last}");
    for (cells, label) in rows {
        s.push(' ');
        for (cell, &width) in cells.iter().zip(&widths) {
            let _ = write!(s, " {}", right(cell, width));
        }
        let _ = writeln!(s, "  {label}");
    }
    s
}

/// `text` right-aligned in `width` terminal columns (a Chinese character takes two).
fn right(text: &str, width: usize) -> String {
    format!("{}{text}", " ".repeat(width.saturating_sub(columns(text))))
}

/// The columns `text` takes on a terminal: two for a CJK character.
fn columns(text: &str) -> usize {
    let wide = |c: char| ('\u{1100}'..='\u{115f}').contains(&c) || ('\u{2e80}'..='\u{ffdc}').contains(&c);
    text.chars().map(|c| if wide(c) { 2 } else { 1 }).sum()
}

/// A flag's tier in the report's language.
pub(crate) fn tier(t: Tier, lang: Lang) -> &'static str {
    match (t, zh(lang)) {
        (Tier::Strong, true) => "强",
        (Tier::Strong, false) => "strong",
        (Tier::Review, true) => "复核",
        (Tier::Review, false) => "review",
    }
}

/// What a disparity is about, as a reader of `lang` names it.
pub(crate) fn who(dimension: discretion::audit::Dimension, lang: Lang) -> &'static str {
    match (dimension, lang) {
        (discretion::audit::Dimension::Unit, Lang::Zh) => "执法单位",
        (discretion::audit::Dimension::Unit, _) => "unit",
        (discretion::audit::Dimension::Officer, Lang::Zh) => "承办人",
        (discretion::audit::Dimension::Officer, _) => "officer",
    }
}

/// The groups where a unit decided too few cases to be tested (empty if none): said, so that
/// "2 groups" is not read as "2 of all its groups".
pub(crate) fn untested(d: &discretion::audit::Disparity, min_n: u64, lang: Lang) -> String {
    match (d.untested_groups, lang) {
        (0, _) => String::new(),
        (n, Lang::Zh) => format!("另有{n}个分组因该{}案件少于{min_n}件未作检验", who(d.dimension, lang)),
        (1, _) => format!("1 more group not tested (fewer than {min_n} of its cases)"),
        (n, _) => format!("{n} more groups not tested (fewer than {min_n} of its cases)"),
    }
}

/// The words before a unit's groups that go the other way: `but lighter in 1 group (not in the
/// mean effect):`.
pub(crate) fn contrary(d: &discretion::audit::Disparity, lang: Lang) -> String {
    let k = d.contrary_groups.len();
    let other = direction(if d.direction == "heavier" { "lighter" } else { "heavier" }, lang);
    if zh(lang) {
        format!("但在{k}个分组中显著{other}（未计入平均效应）：")
    } else {
        format!("but {other} in {} (not in the mean effect):", super::english(k as u64, "group", "groups"))
    }
}

/// One group's test of a unit: `group n=20 16↑ 4↓ p=1.2e-2 q=2.4e-2 Δ=+0.20` (band widths
/// unless said: a one-amount band measures in tenths of its amount).
pub(crate) fn disparity_group(g: &discretion::audit::DisparityGroup, lang: Lang) -> String {
    let unit = match g.unit {
        discretion::audit::GapUnit::BandWidth => String::new(),
        u => format!(" {}", u.short(lang)),
    };
    format!(
        "{} n={} {}↑ {}↓ p={} q={} Δ={:+.2}{unit}",
        printable(&g.label.text(lang)),
        g.n,
        g.above,
        g.below,
        p_value(g.p_value),
        p_value(g.q_value),
        g.delta
    )
}

/// A p-value to two figures; one too small for a float (a sign test over thousands of cases
/// all on one side) is said to be below the smallest, not 0.
pub(crate) fn p_value(p: f64) -> String {
    if p == 0.0 { "<1e-300".to_string() } else { format!("{p:.1e}") }
}

/// A unit's direction (`heavier`, `lighter`) in the report's language.
pub(crate) fn direction(d: &str, lang: Lang) -> &'static str {
    match (d, zh(lang)) {
        ("heavier", true) => "偏重",
        ("heavier", false) => "heavier",
        (_, true) => "偏轻",
        (_, false) => "lighter",
    }
}

/// Causes of one reason shown in text; the rest are summed (every one is in the JSON).
const SHOWN_CAUSES: usize = 5;

/// A cause of records without a band: its finding's code and message.
pub(crate) fn cause_text(c: &discretion::audit::Cause, lang: Lang) -> String {
    let text = if zh(lang) { &c.text_zh } else { &c.text };
    if c.code.is_empty() { text.clone() } else { format!("{} {text}", c.code) }
}

/// The first ten ids of records not compared for one reason (the smallest), then "…" when
/// there are more ids than shown. (Records outnumber ids where they share one — two records of
/// a conflicting id are one id: "…" there promised ids that do not exist.)
pub(crate) fn excluded_ids(e: &Excluded, lang: Lang) -> String {
    // The report keeps the smallest fifty distinct ids: ten or fewer kept are all there are.
    first_ids(&e.case_ids, e.case_ids.len() as u64, lang)
}

/// The first ten of `ids` (the smallest, as the report keeps them), then "…" when there are
/// more than shown of the `all` there are.
fn first_ids(ids: &[String], all: u64, lang: Lang) -> String {
    const SHOWN: usize = 10;
    let no_id = if zh(lang) { "无案号" } else { "no id" };
    let mut shown: Vec<&str> =
        ids.iter().take(SHOWN).map(|id| if id.is_empty() { no_id } else { id.as_str() }).collect();
    if all > shown.len() as u64 {
        shown.push("…");
    }
    shown.join(if zh(lang) { "、" } else { ", " })
}

/// Causes with their counts, `N × cause` a line: the first five, then the rest summed as so
/// many more causes.
fn counted_causes(s: &mut String, causes: &[(u64, String)], lang: Lang) {
    for (count, text) in causes.iter().take(SHOWN_CAUSES) {
        let _ = writeln!(s, "  {count} × {}", printable(text));
    }
    let rest = causes.get(SHOWN_CAUSES..).unwrap_or_default();
    if !rest.is_empty() {
        let (more, k) = (rest.iter().map(|c| c.0).sum::<u64>(), rest.len() as u64);
        let _ = if zh(lang) {
            writeln!(s, "  {more} × 另有{k}种原因（--format json 与 HTML 页面全部列出）")
        } else {
            let causes = english(k, "more cause", "more causes");
            writeln!(s, "  {more} × {causes} (--format json and the HTML page list them all)")
        };
    }
}

fn summary(s: &mut String, r: &AuditReport, lang: Lang) {
    let z = zh(lang);
    let m = &r.summary;
    let excluded: u64 = m.not_comparable.iter().map(|e| e.count).sum();
    for e in &m.not_comparable {
        let ids = excluded_ids(e, lang);
        let (reason, ids) = (e.reason.describe(lang), printable(&ids));
        let _ = if z {
            writeln!(s, "未比较：{reason}，{}条（{ids}）", e.count)
        } else {
            writeln!(s, "not compared {reason}: {} ({ids})", e.count)
        };
        // What to map or fill in: the fact not given, the grade nothing matched. The library's
        // bucket of causes not counted apart (its code empty) is said apart, last: it is no
        // one cause.
        let (apart, bucket): (Vec<&discretion::audit::Cause>, Vec<_>) =
            e.causes.iter().partition(|c| !c.code.is_empty());
        let apart: Vec<(u64, String)> = apart.iter().map(|c| (c.count, cause_text(c, lang))).collect();
        counted_causes(s, &apart, lang);
        for c in bucket {
            let _ = writeln!(s, "  {} × {}", c.count, printable(&cause_text(c, lang)));
        }
    }
    let _ = writeln!(
        s,
        "{}",
        if z {
            format!(
                "读取{}行 = 比较{} + 未比较{}；{}个分组（显示{}个，可标记{}个）；标记{}处（分布于{}个分组）",
                m.rows_read,
                m.comparable,
                excluded,
                m.groups,
                m.groups_shown,
                m.groups_flagged_in,
                m.flags,
                m.groups_with_flags
            )
        } else {
            format!(
                "{} read = {} compared + {} not compared; {} ({} shown, {} large enough to flag); {} in {}",
                english(m.rows_read, "row", "rows"),
                m.comparable,
                excluded,
                english(m.groups, "group", "groups"),
                m.groups_shown,
                m.groups_flagged_in,
                english(m.flags, "flag", "flags"),
                english(m.groups_with_flags, "group", "groups")
            )
        }
    );
    // What else the report found, said here too, so that an exit status of 1 is explained
    // whatever the format (the CSV report holds flags only).
    let found: [(usize, &str, (&str, &str)); 5] = [
        (
            r.disparities.len(),
            "执法单位/人员差异{n}项",
            ("unit or officer out of line", "units or officers out of line"),
        ),
        (r.order.len(), "阶次倒挂{n}处", ("heavier level punished less", "heavier levels punished less")),
        (
            r.characterisations.len(),
            "同种案情异种定性{n}组",
            ("set of same facts characterised differently", "sets of same facts characterised differently"),
        ),
        (r.divergences.len(), "基准幅度不重叠{n}处", ("cross-table divergence", "cross-table divergences")),
        (
            r.summary.inversion_cases as usize,
            "罚得重于情节更重案件的案件{n}件（排序）",
            ("case punished more than heavier cases (ranked)", "cases punished more than heavier cases (ranked)"),
        ),
    ];
    let found: Vec<String> = found
        .into_iter()
        .filter(|f| f.0 > 0)
        .map(|(n, zh, (one, many))| if z { zh.replace("{n}", &n.to_string()) } else { english(n as u64, one, many) })
        .collect();
    if !found.is_empty() {
        let _ = writeln!(s, "{}", found.join(if z { "；" } else { "; " }));
    }
    // Counts of what the report does not show case by case, each said when not zero.
    let counts: [(u64, &str, &str); 4] = [
        (m.flags_not_listed, "另有{n}处标记未列出（max_flags）", "{n} not listed (max_flags)"),
        (
            m.near_identical_pairs,
            "案情几乎相同的案件对：共{n}对（每对中离同类案件中位数较远的案件被标记；标记列出该案在此类案件对中差异最大的对照案件）",
            "{n} found (of each pair, the case farther from the median of its kind is flagged; its flag names its most divergent partner among such pairs)",
        ),
        (
            m.pair_searches_stopped,
            "{n}次案件对检索达到上限而停止：可能还有未发现的案情几乎相同的案件对",
            "{n} stopped at the bound: more near-identical pairs may exist",
        ),
        (
            m.divergences_not_compared,
            "{n}次跨基准比较无法进行（另一基准无法就该案事实确定幅度）",
            "{n} not made (the other table cannot tell its band for the case's facts)",
        ),
    ];
    // What each count counts in English, one and more.
    const NOUNS: [(&str, &str); 4] = [
        ("more flag", "more flags"),
        ("near-identical pair", "near-identical pairs"),
        ("pair search", "pair searches"),
        ("cross-table comparison", "cross-table comparisons"),
    ];
    for ((count, zh, en), (one, many)) in counts.into_iter().zip(NOUNS).filter(|c| c.0.0 > 0) {
        let line =
            if z { zh.replace("{n}", &count.to_string()) } else { en.replace("{n}", &english(count, one, many)) };
        let _ = writeln!(s, "{line}");
    }
    // The comparisons not made are counted last: their cases follow, so that they can be found.
    let ids = &m.divergences_not_compared_ids;
    if !ids.is_empty() {
        let cases = m.divergences_not_compared_cases;
        let shown = printable(&first_ids(ids, cases, lang)).into_owned();
        let _ = if z {
            writeln!(s, "  涉及{cases}件案件：{shown}")
        } else {
            writeln!(s, "  {}: {shown}", english(cases, "case", "cases"))
        };
        // Why, case by case (its first comparison not made): what to record to make them.
        let why: Vec<(u64, String)> = (m.divergences_not_compared_causes.iter())
            .map(|c| (c.cases, if z { c.text_zh.clone() } else { c.text.clone() }))
            .collect();
        counted_causes(s, &why, lang);
    }
}

/// Most groups of one unit's disparity, and most ranked cases, the text report lists; the JSON
/// report and the HTML page list them all.
const SHOWN_GROUPS: usize = 5;
const SHOWN_INVERSIONS: usize = 20;
/// Flags in the text report, strongest first; the other formats list every one the report
/// holds (`max_flags`).
const SHOWN_FLAGS: usize = 100;
const SHOWN_CHARACTERISATIONS: usize = 50;
/// Case ids per characterisation in the text report.
const SHOWN_IDS: usize = 5;

/// A statute by id and title: `eia-law.31.1 未批先建（中华人民共和国环境影响评价法第三十一条第一款）`.
pub(super) fn statute_line(id: &str, title: &discretion::audit::StatuteTitle, lang: Lang) -> String {
    match title.in_lang(lang) {
        "" => printable(id).into_owned(),
        t => printable(&format!("{id} {t}")).into_owned(),
    }
}

/// Says how many entries of a list the text leaves out, if any, and where they all are.
fn more(s: &mut String, left_out: u64, lang: Lang) {
    if left_out > 0 {
        let _ = if zh(lang) {
            writeln!(s, "    ……另有{left_out}项未列出（JSON报告与HTML页面全部列出）")
        } else {
            writeln!(s, "    … {left_out} more (the JSON report and the HTML page list them all)")
        };
    }
}

/// One CSV row per flag, in UTF-8 with a BOM (which makes spreadsheet software read it as
/// UTF-8), or in GBK.
fn csv_out(r: &AuditReport, lang: Lang, gbk: bool, out: &mut dyn Write) -> std::io::Result<()> {
    let mut out: Box<dyn Write + '_> = if gbk { Box::new(super::report::Gbk::new(out)) } else { Box::new(out) };
    if !gbk {
        out.write_all(b"\xEF\xBB\xBF")?;
    }
    let mut w = csv::Writer::from_writer(out);
    // Programs read the English header; `--lang zh` gives people the Chinese one.
    const HEADER: [(&str, &str); 36] = [
        ("rule", "规则"),
        ("case_id", "案号"),
        ("violation", "违法行为编号"),
        ("level", "阶次"),
        ("window", "时间窗"),
        ("table_version", "基准版本"),
        ("n", "组内案件数"),
        ("centre", "中心"),
        ("scale", "尺度"),
        ("threshold", "阈值（强度单位）"),
        ("fine", "罚款金额"),
        ("position", "幅度内位置"),
        ("strength", "强度"),
        ("tier", "等级"),
        ("partner", "对照案件"),
        ("peers", "相近案件"),
        ("unit", "执法单位"),
        ("officer", "承办人"),
        ("message", "说明"),
        // Added after the first columns, so that programs reading those by place still work.
        ("also", "其他规则"),
        ("verdict", "单案审查结论"),
        ("table", "基准"),
        ("addressee", "处罚对象"),
        ("adjusted_by", "已适用的调整"),
        ("adjustment_unknown", "无法判断的调整"),
        ("beyond_tukey", "超出Tukey围栏"),
        ("partner_fine", "对照案件罚款"),
        ("partner_position", "对照案件位置"),
        ("peer_fines", "相近案件罚款"),
        ("peer_positions", "相近案件位置"),
        ("violation_name", "违法行为名称"),
        ("position_scale", "位置单位"),
        ("outside_band", "超出裁量幅度"),
        ("facts", "案件事实"),
        ("z", "稳健z值"),
        ("law_in_force_from", "适用规定施行日期"),
    ];
    w.write_record(HEADER.iter().map(|(en, zh_name)| if zh(lang) { *zh_name } else { *en }))?;
    for f in &r.flags {
        let peers: Vec<&str> = f.peers.iter().map(|p| p.case_id.as_str()).collect();
        w.write_record([
            f.rule.name(lang),
            &cell(&f.case_id),
            &cell(&f.label.violation),
            &cell(f.label.level_in(lang)),
            &f.label.window,
            &cell(&f.label.table_version),
            &f.n.to_string(),
            &f.centre.to_string(),
            &f.scale.to_string(),
            &f.threshold.to_string(),
            &f.fine,
            &f.position.to_string(),
            &f.strength.to_string(),
            tier(f.tier, lang),
            &cell(f.partner.as_deref().unwrap_or("")),
            &cell(&list(peers)),
            &cell(f.unit.as_deref().unwrap_or("")),
            &cell(f.officer.as_deref().unwrap_or("")),
            &cell(&f.message(lang)),
            &f.also.iter().map(|r| r.name(lang)).collect::<Vec<_>>().join(";"),
            if zh(lang) { f.verdict.zh() } else { f.verdict.code() },
            &cell(&f.label.table),
            match Addressee::from_code(f.label.addressee) {
                Some(a) if zh(lang) => a.name(lang),
                _ => f.label.addressee,
            },
            &cell(&list(&f.label.adjusted_by)),
            &cell(&list(&f.label.adjustment_unknown)),
            yes_no(f.beyond_tukey, lang),
            f.partner_fine.as_deref().unwrap_or(""),
            &f.partner_position.map(|p| p.to_string()).unwrap_or_default(),
            &f.peers.iter().map(|p| p.fine.as_str()).collect::<Vec<_>>().join(";"),
            &f.peers.iter().map(|p| p.position.to_string()).collect::<Vec<_>>().join(";"),
            &cell(f.label.violation_name_in(lang)),
            f.position_scale.name(lang),
            yes_no(f.outside_band, lang),
            // `fact=value` items, as `list` escapes them (yes/no as true/false: data, not words);
            // in Chinese, the words of the text report (建设项目总投资额：16,360,000元), as the
            // other columns of a Chinese CSV are.
            &cell(&if zh(lang) {
                list(f.facts.iter().map(|(id, v)| r.fact_text(id, v, lang)))
            } else {
                list(f.facts.iter().map(|(id, v)| format!("{id}={v}")))
            }),
            &f.z.to_string(),
            f.label.law_in_force_from.as_deref().unwrap_or(""),
        ])?;
    }
    w.flush()
}

/// `true`/`false`, or 是/否.
fn yes_no(b: bool, lang: Lang) -> &'static str {
    match (b, zh(lang)) {
        (true, true) => "是",
        (false, true) => "否",
        (true, false) => "true",
        (false, false) => "false",
    }
}

/// A list in one cell: its items `;`-separated, a `;` or `\` inside an item escaped with `\`
/// (`a;b` → `a\;b`), so that an id holding `;` is still one item.
fn list<S: AsRef<str>>(items: impl IntoIterator<Item = S>) -> String {
    let mut out = String::new();
    for (i, item) in items.into_iter().enumerate() {
        if i > 0 {
            out.push(';');
        }
        for ch in item.as_ref().chars() {
            if ch == ';' || ch == '\\' {
                out.push('\\');
            }
            out.push(ch);
        }
    }
    out
}

pub(crate) fn run(files: &[String], opts: &Options) -> ExitCode {
    let lang: Lang = opts.lang.into();
    let fail = |msg: String| super::fail_in(lang, &msg);
    let rules = match rules::load(&opts.rules) {
        Ok(b) => b,
        Err(e) => return fail(rules::not_loaded(lang, &e)),
    };
    let mut auditor = match Auditor::new(&rules, opts.config.clone()) {
        Ok(a) => a,
        Err(e) => return fail(e.in_lang(lang).to_string()),
    };
    if let Some(threads) = opts.threads {
        auditor = auditor.with_threads(threads);
    }
    // The reader's threads keep the cores busy while cases are added (see `pipeline`).
    auditor = auditor.storing_on_calling_thread();
    let reading = opts.reading.reading(lang);
    // The reasons, as `check` gives them: an auditor must be able to find and fix the rows.
    let mut unreadable = super::summary::Unreadable::default();
    let read = cases::read_all(
        &rules,
        files,
        &reading,
        cases::each_record(|file, line, outcome| match outcome {
            Ok(prepared) => {
                let a = prepared.check();
                auditor.add(prepared, &a);
            }
            Err((case, reason)) => {
                unreadable.add(file, line, reason);
                auditor.add_unreadable_case(case);
            }
        }),
    );
    let encodings = match read {
        Ok(encodings) => encodings,
        Err(e) => return fail(e),
    };
    let report = auditor.finish();
    if let Some(path) = &opts.html {
        let page = super::html::page(&report, lang, &unreadable);
        if let Err(e) = std::fs::write(path, page) {
            return fail(super::unwritable(&path.display().to_string(), &e, lang));
        }
    }
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let written = match opts.format {
        AuditFormat::Text => out.write_all(text(&report, lang).as_bytes()),
        AuditFormat::Json => {
            // The report, then where its unreadable records are (the library knows their ids
            // only): an auditor must be able to find and fix the rows.
            #[derive(serde::Serialize)]
            struct WithRows<'a> {
                #[serde(flatten)]
                report: &'a AuditReport,
                unreadable_rows: Vec<serde_json::Value>,
            }
            let whole = WithRows { report: &report, unreadable_rows: unreadable.rows() };
            serde_json::to_writer(&mut out, &whole).map_err(std::io::Error::other).and_then(|()| out.write_all(b"\n"))
        }
        AuditFormat::Jsonl => report.flags.iter().try_for_each(|f| {
            // Each line stands alone: the flag with its explanation, as text and CSV give it.
            #[derive(serde::Serialize)]
            struct Line<'a> {
                #[serde(flatten)]
                flag: &'a discretion::audit::Flag,
                message: String,
            }
            serde_json::to_writer(&mut out, &Line { flag: f, message: f.message(lang) })
                .map_err(std::io::Error::other)?;
            out.write_all(b"\n")
        }),
        AuditFormat::Csv => csv_out(&report, lang, opts.output_gbk, &mut out),
    };
    super::output::written(written.and_then(|()| out.flush()));
    let mut s = String::new();
    // CSV and JSON Lines carry only flags: what made them is said first, with the summary.
    if matches!(opts.format, AuditFormat::Csv | AuditFormat::Jsonl) {
        s.push_str(&report.provenance.line(lang));
        s.push('\n');
    }
    s.push_str(&super::summary::encoding_lines(&encodings, lang));
    if opts.format != AuditFormat::Text {
        summary(&mut s, &report, lang);
    }
    unreadable.render(lang, &mut s);
    // Records read and none compared: the audit audited nothing, which is not "nothing found".
    let nothing_compared = report.summary.rows_read > 0 && report.summary.comparable == 0;
    if nothing_compared {
        s.push_str(if zh(lang) {
            "没有可比较的案件：原因见上文“未比较”各项\n"
        } else {
            "no case could be compared: see the reasons above (not compared)\n"
        });
    }
    // Records the audit does not cover (listed by reason): not "nothing found" either (a user
    // trial: a typed-in violation id left a row out, exit 0).
    let gaps: u64 = report.summary.not_comparable.iter().filter(|e| e.reason.is_gap()).map(|e| e.count).sum();
    if gaps > 0 && !nothing_compared {
        let _ = writeln!(
            s,
            "{}",
            if zh(lang) {
                format!(
                    "{gaps}条记录因数据缺失或有误、规则中没有对应幅度或超出审查上限而未参与比较（原因见“未比较”各项），本次审查未覆盖（`discretion check` 可列出每条记录的行号与审查结论）"
                )
            } else {
                format!(
                    "{} not compared for want of data, with data in error, without a band in the rules or past the audit's limits (see the reasons not compared): the audit does not cover {} (`discretion check` gives each record's line and findings)",
                    english(gaps, "record", "records"),
                    if gaps == 1 { "it" } else { "them" }
                )
            }
        );
    }
    let _ = write!(std::io::stderr(), "{s}");
    let found = nothing_compared
        || gaps > 0
        || !report.flags.is_empty()
        || !report.disparities.is_empty()
        || !report.order.is_empty()
        || !report.characterisations.is_empty()
        || !report.divergences.is_empty();
    if found || unreadable.count() > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS }
}

#[cfg(test)]
#[allow(clippy::indexing_slicing, clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::statute_line;
    use discretion::audit::{AuditConfig, shown_amount};
    use discretion::table::Lang;

    /// The sample's report, read by the command line's own reader.
    fn sample() -> discretion::audit::AuditReport {
        let rules = discretion::Benchmark::from_path("rules").unwrap();
        let text = std::fs::read_to_string("examples/audit-sample.csv").unwrap();
        let mut lines = text.lines();
        let header: Vec<&str> = lines.next().unwrap().split(',').collect();
        let cases: Vec<discretion::check::Case> =
            lines.map(|l| rules.case_from_record(header.iter().copied().zip(l.split(','))).unwrap()).collect();
        rules.audit(&cases, AuditConfig::default()).unwrap()
    }

    /// Thousands of flags are not listed in text (a user's 200,000 rows made 7,218 lines, the
    /// summary at the very end): the strongest hundred, then how many more and where they are.
    #[test]
    fn the_text_lists_the_strongest_flags_and_says_where_the_rest_are() {
        let mut r = sample();
        let n = r.flags.len();
        assert!(n > 10 && n < super::SHOWN_FLAGS);
        let listed = |r: &discretion::audit::AuditReport| {
            let text = super::text(r, Lang::En);
            let flags = text.lines().filter(|l| l.starts_with("  ") && l.contains(" (check ")).count();
            (flags, text)
        };
        assert_eq!(listed(&r).0, n);
        r.flags = r.flags.iter().cycle().take(250).cloned().collect();
        let (flags, text) = listed(&r);
        assert_eq!(flags, super::SHOWN_FLAGS);
        assert!(text.contains("    … 150 more flags (--format csv or json, and the HTML page, list them all)\n"));
        assert!(super::text(&r, Lang::Zh).contains("……另有150个标记未列出"));
    }

    /// Of many causes the text shows five and sums the rest as so many more causes, said apart
    /// from the library's own bucket of causes not counted apart ("other causes" meant both).
    #[test]
    fn the_text_shows_five_causes_and_sums_the_rest() {
        use discretion::audit::NotComparable;
        let rules = discretion::Benchmark::from_path("rules").unwrap();
        // A case without the fact its level reads: one record without a band, one cause.
        let mut case = discretion::check::Case::new("粤环罚〔2023〕1号", "gd-env.1.3");
        case.decided = discretion::Date::new(2023, 5, 1).ok();
        case.decision.fine = Some(4_000.into());
        let mut r = rules.audit([&case], AuditConfig::default()).unwrap();
        let e = r.summary.not_comparable.iter_mut().find(|e| e.reason == NotComparable::NoBand).unwrap();
        let one = e.causes.first().cloned().unwrap();
        e.causes = (0..8u64)
            .map(|i| {
                let mut c = one.clone();
                c.text = format!("the level cannot be determined: fact `f{i}` is not given");
                c.count = 10 - i;
                if i == 7 {
                    // The library's bucket of causes not counted apart.
                    (c.code, c.count) = (String::new(), 1);
                }
                c
            })
            .collect();
        e.count = e.causes.iter().map(|c| c.count).sum();
        let text = super::text(&r, Lang::En);
        assert!(text.contains("  10 × C002 the level cannot be determined: fact `f0` is not given\n"), "{text}");
        assert!(text.contains("  6 × C002 the level cannot be determined: fact `f4` is not given\n"), "{text}");
        assert!(!text.contains("`f5`"), "{text}");
        // 5 + 4: the sixth and seventh causes; the bucket, no one cause, on a line of its own.
        assert!(text.contains("  9 × 2 more causes (--format json and the HTML page list them all)\n"), "{text}");
        assert!(text.contains("  1 × the level cannot be determined: fact `f7` is not given\n"), "{text}");
        let zh = super::text(&r, Lang::Zh);
        assert!(zh.contains("  9 × 另有2种原因（--format json 与 HTML 页面全部列出）\n"), "{zh}");
        // The reason's line in Chinese punctuation (it was `未比较 …: 50 (粤环罚〔2023〕1号)`).
        let line = zh.lines().find(|l| l.starts_with("未比较")).unwrap();
        assert!(line.starts_with("未比较：无裁量幅度") && line.ends_with("，50条（粤环罚〔2023〕1号）"), "{line}");
    }

    /// Amounts in one sentence are written alike: a flag's fine, its partner's and its peers'
    /// with thousands separators, as the band beside them (`fine 1712000 (band 1,760,000 to
    /// under 1,840,000)` read as two kinds of number).
    #[test]
    fn amounts_are_written_alike_in_the_text() {
        let r = sample();
        for lang in [Lang::En, Lang::Zh] {
            let text = super::text(&r, lang);
            for f in &r.flags {
                assert!(f.fine.len() > 3 && f.fine.parse::<u64>().is_ok(), "{}", f.fine);
                let grouped = shown_amount(&f.fine);
                assert!(grouped.contains(','), "{grouped}");
                let message = f.message(lang);
                assert!(message.contains(&grouped) && !message.contains(&f.fine), "{message}");
                for p in f.peers.iter().take(5) {
                    assert!(text.contains(&format!("{} {}", p.case_id, shown_amount(&p.fine))), "{}", p.case_id);
                }
            }
        }
    }

    /// A characterisation says how many cases each filing has and their median fine.
    #[test]
    fn a_characterisation_gives_each_filing_its_size_and_median_fine() {
        // The generated scenario plants cases filed under the wrong violation.
        let s = discretion::generate::AuditScenario::new(3_000, 99);
        let rules = s.spec.load().unwrap();
        let cases: Vec<discretion::check::Case> = s.cases.iter().map(|c| c.to_case(&s.spec)).collect();
        let r = rules.audit(&cases, AuditConfig::default()).unwrap();
        let c = r.characterisations.first().expect("the scenario plants a characterisation");
        let text = super::text(&r, Lang::En);
        let v = &c.variants[0];
        let cases = if v.n == 1 { "case" } else { "cases" };
        let said = format!(
            "{} {} — {} {cases}, median fine {} (",
            v.label.violation,
            v.label.level,
            v.n,
            shown_amount(&v.median_fine)
        );
        let statute = statute_line(&c.statute, &c.statute_title, Lang::En);
        assert!(!c.statute_title.en.is_empty() && statute.starts_with(&format!("{} ", c.statute)), "{statute}");
        assert!(text.contains(&format!("  {statute}: the same recorded facts, filed as ")), "{text}");
        assert!(text.contains(&said), "{said}\n{text}");
        assert!(super::text(&r, Lang::Zh).contains(&format!(
            "{}件，中位罚款{}元（",
            v.n,
            shown_amount(&v.median_fine)
        )));
    }

    /// The groups table keeps its columns under their heads whatever a cell holds: a median in
    /// units (`+0.00 units`, 11 columns) overflowed its 7 and pushed the row's other numbers.
    #[test]
    fn the_groups_table_is_as_wide_as_its_widest_cell() {
        let row = |n: &str, median: &str, label: &str| {
            ([n.into(), median.into(), "0.10".into(), "100%".into(), "0".into()], label.to_string())
        };
        let rows = [row("12", "+0.00 units", "a"), row("1234567890", "0.45", "分组")];
        let t = super::table(["n", "median", "spread", "inside", "flagged"], "group", &rows);
        let lines: Vec<&str> = t.lines().collect();
        assert_eq!(
            lines,
            [
                "           n      median  spread  inside flagged  group",
                "          12 +0.00 units    0.10    100%       0  a",
                "  1234567890        0.45    0.10    100%       0  分组",
            ]
        );
        // Chinese heads are two columns a character.
        let zh = super::table(["n", "中位", "离散", "幅度内", "标记"], "分组", &rows[..1]);
        assert!(zh.starts_with("        n        中位    离散  幅度内    标记  分组\n"), "{zh}");
    }

    /// A peer's facts are said where they differ from the flagged case's — a fact only one of
    /// them gives differs (`—` where the peer does not) — and not at all where they agree.
    #[test]
    fn a_peer_is_described_by_the_facts_it_differs_in() {
        use discretion::audit::RecordedValue::{Flag, Text};
        let of =
            |items: &[(&str, discretion::audit::RecordedValue)]| -> std::collections::BTreeMap<String, discretion::audit::RecordedValue> {
                items.iter().map(|(k, v)| (k.to_string(), v.clone())).collect()
            };
        let case = of(&[("days", Text("17".into())), ("serious", Flag(false)), ("place", Text("general".into()))]);
        let peer = of(&[("days", Text("20".into())), ("serious", Flag(false)), ("first", Flag(true))]);
        // A report naming none of these facts: they are said by their ids.
        let rules = discretion::Benchmark::from_path("rules").unwrap();
        let r = rules.audit(std::iter::empty(), AuditConfig::default()).unwrap();
        assert_eq!(super::differing_facts(&r, &case, &peer, Lang::En), "days 20, first yes, place —");
        assert_eq!(super::differing_facts(&r, &case, &peer, Lang::Zh), "days 20，first 是，place —");
        assert_eq!(super::differing_facts(&r, &case, &case, Lang::En), "");
        assert_eq!(super::facts_text(&r, &peer, Lang::En), "days 20, first yes, serious no");
    }
}
