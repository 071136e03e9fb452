//! The audit report as one self-contained HTML page: no network, no script, charts as inline
//! SVG drawn here. Per group a strip plot of positions across the band with flagged cases
//! marked and linked to their explanation; the unit disparities; the summary. English or
//! Chinese.

use std::fmt::Write as _;

use super::audit::statute_line;
use discretion::audit::{AuditReport, Flag, Tier};
use discretion::table::Lang;

/// Text for HTML: `&`, `<`, `>`, `"`, `'` escaped, control characters and direction controls
/// replaced (an override in a case id would reorder the rest of its table row).
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() || super::report::is_bidi_control(c) => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// An anchor for a flagged case: hex of its id's bytes, so any id makes a valid fragment.
fn anchor(prefix: &str, id: &str) -> String {
    let mut a = String::from(prefix);
    for b in id.bytes() {
        let _ = write!(a, "{b:02x}");
    }
    a
}

const WIDTH: f64 = 640.0;
const LEFT: f64 = 20.0;
/// Positions drawn at least: half a band width either side of the band.
const FROM: f64 = -0.5;
const TO: f64 = 1.5;

/// The positions a group's strip draws: half a band width either side of the band, widened
/// to take in the middle half of the group's cases with half a unit to spare (in steps of
/// half a unit) — a group fined 40 % below a one-amount band is drawn, not piled on the edge.
/// Cases beyond it sit on the edge, whose tick says `≤` or `≥`.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Axis {
    from: f64,
    to: f64,
}

impl Default for Axis {
    fn default() -> Axis {
        Axis { from: FROM, to: TO }
    }
}

impl Axis {
    fn of(median: f64, (q1, q3): (f64, f64)) -> Axis {
        // A statistic that is no number widens nothing.
        let finite = |x: f64| if x.is_finite() { x } else { 0.5 };
        let (median, q1, q3) = (finite(median), finite(q1), finite(q3));
        let half_steps = |p: f64, round: fn(f64) -> f64| round(p * 2.0) / 2.0;
        // Within ±1,000 units: beyond that nothing drawn reads anyway.
        Axis {
            from: half_steps((q1.min(median) - 0.5).max(-1000.0), f64::floor).min(FROM),
            to: half_steps((q3.max(median) + 0.5).min(1000.0), f64::ceil).max(TO),
        }
    }

    fn x(self, p: f64) -> f64 {
        let p = p.clamp(self.from, self.to);
        LEFT + (p - self.from) / (self.to - self.from) * (WIDTH - 2.0 * LEFT)
    }
}

// Long ids and names wrap (`overflow-wrap:anywhere`) rather than widen a table past the page;
// a table still wider scrolls in its own box (`.wrap`), not the page; charts scale down with
// the window (`viewBox`, `max-width`), so a phone shows all of them.
const STYLE: &str = "body{font-family:system-ui,'Noto Sans CJK SC','Microsoft YaHei',sans-serif;margin:2em;max-width:1100px;color:#222}\
@media (max-width:600px){body{margin:.6em}}\
h1{font-size:1.6em}h2{border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:2em}\
.note{background:#fff8e1;border-left:4px solid #f0b400;padding:.5em 1em}nav{display:flex;flex-wrap:wrap;gap:.3em 1.2em}nav a{white-space:nowrap}\
table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ddd;padding:.25em .6em;text-align:left;vertical-align:top;overflow-wrap:anywhere}\
th{background:#f4f4f4;min-width:5em}.num{text-align:right}.nowrap{white-space:nowrap}.group{margin:1em 0}.group h3{font-size:1em;margin:.2em 0}\
.strong{color:#b00020;font-weight:bold}.review{color:#a15c00}.peers{font-size:.9em;color:#555}.muted{color:#666;font-size:.9em}.wrap{overflow-x:auto}\
tr:target{background:#ffef9e}svg{max-width:100%;height:auto}svg text{font-size:10px;fill:#555}";

/// The whole page.
pub(crate) fn page(r: &AuditReport, lang: Lang, unreadable: &super::summary::Unreadable) -> String {
    let z = lang == Lang::Zh;
    let t = |en: &'static str, zh: &'static str| if z { zh } else { en };
    let mut h = String::with_capacity(64 * 1024);
    let _ = writeln!(
        h,
        "<!doctype html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{}</title><style>{STYLE}</style></head><body>",
        if z { "zh-CN" } else { "en" },
        t("Consistency audit", "类案不同罚审查报告")
    );
    let _ = writeln!(
        h,
        "<h1>{}</h1>\n<p class=\"note\">{}</p>",
        t("Consistency audit", "类案不同罚审查报告"),
        // The thresholds this report was made with, not the defaults: `--config` changes them.
        {
            let c = &r.config;
            // A share as a percentage without binary noise (0.07 → 7, not 7.000000000000001).
            let floor = (c.scale_floor * 1e6).round() / 1e4;
            let tolerance = (c.pair_tolerance * 1e6).round() / 1e4;
            if z {
                format!(
                    "本报告的所有阈值均为启发式取值（默认值见 docs/AUDIT.md），可通过 --config 调整，并非法律规定。标记仅提示复核，并不认定处罚违法。位置指罚款在裁量幅度中的比例：0 为下限，1 为上限（单一金额的幅度：偏离该金额的程度，以金额的10%为单位，至少1元）。各规则按各自的条件标记：组内离群——偏离中位数超过 {} 个稳健尺度单位（超过 {} 为强）；同案异罚——案情相差在 {}% 以内而位置相差超过 {} 个幅度；与相近案件偏离——在最相近案件的 P10–P90 之外且偏离其中位数超过 {} 个幅度。强度统一以稳健离散尺度（1.4826 倍中位数绝对偏差，不小于幅度的{floor}%或1元）为单位，用于排序：同案异罚和相近案件偏离的标记强度可低于 {}。分组不少于{}件才标记个案。",
                    c.review_z, c.strong_z, tolerance, c.pair_gap, c.peer_gap, c.review_z, c.min_flag
                )
            } else {
                format!(
                    "Every threshold in this report is a heuristic (docs/AUDIT.md gives the defaults), settable with --config; none is a rule of law. A flag asks for review; it does not decide that a penalty was wrong. Positions are shares of the band: 0 its bottom, 1 its top (a one-amount band: the distance from the amount in tenths of it, at least 1 yuan). Each rule flags on its own condition: an outlier lies more than {} robust units from its group's median (strong above {}); a near-identical pair has facts within {} % and positions more than {} band widths apart; a peer deviation lies outside its nearest peers' P10–P90 and more than {} band widths from their median. Strength, in robust units of spread for every rule (1.4826 × the median absolute deviation, at least {floor} % of the band or 1 yuan), ranks the flags: a pair or peer flag can be weaker than {}. Cases are flagged in groups of at least {} cases.",
                    c.review_z, c.strong_z, tolerance, c.pair_gap, c.peer_gap, c.review_z, c.min_flag
                )
            }
        }
    );
    contents(&mut h, r, lang, unreadable.count() > 0);
    summary(&mut h, r, lang, unreadable.count() > 0);
    unreadable_rows(&mut h, unreadable, lang);
    groups(&mut h, r, lang);
    flags(&mut h, r, lang);
    disparities(&mut h, r, lang);
    others(&mut h, r, lang);
    h.push_str("</body></html>\n");
    h
}

/// A count as people read it: `1,000,000` (grouped as amounts are).
fn count(n: u64) -> String {
    discretion::table::format_amount(discretion::Decimal::from(n))
}

/// The sections the page has, linked: a long page is read by jumping.
fn contents(h: &mut String, r: &AuditReport, lang: Lang, unreadable: bool) {
    let z = lang == Lang::Zh;
    let sections: [(bool, &str, &str, &str); 9] = [
        (true, "summary", "概况", "Summary"),
        (unreadable, "unreadable", "无法读取的记录", "Unreadable rows"),
        (true, "groups", "分组分布", "Groups"),
        (true, "flags", "标记案件", "Flagged cases"),
        (true, "units", "执法单位/人员差异", "Units and officers"),
        (!r.order.is_empty(), "order", "阶次倒挂", "Heavier levels punished less"),
        (
            !r.characterisations.is_empty(),
            "characterisation",
            "同种案情异种定性",
            "Same facts, different characterisation",
        ),
        (!r.divergences.is_empty(), "divergence", "基准幅度不重叠", "Tables that disagree"),
        (
            !r.inversions.is_empty(),
            "inversions",
            "罚得重于情节更重案件的案件",
            "Cases punished more than heavier cases",
        ),
    ];
    h.push_str("<nav>");
    for (shown, id, zh, en) in sections {
        if shown {
            let _ = write!(h, "<a href=\"#{id}\">{}</a>", if z { zh } else { en });
        }
    }
    h.push_str("</nav>\n");
}

/// Where the records that could not be read are, and why (the report knows their ids only):
/// an auditor must be able to find and fix the rows. The first ones, then how many more.
fn unreadable_rows(h: &mut String, unreadable: &super::summary::Unreadable, lang: Lang) {
    let z = lang == Lang::Zh;
    if unreadable.count() == 0 {
        return;
    }
    let _ = write!(
        h,
        "<h2 id=\"unreadable\">{}</h2><div class=\"wrap\"><table><tr><th>{}</th><th>{}</th><th>{}</th></tr>",
        if z { "无法读取的记录" } else { "Rows that could not be read" },
        if z { "文件" } else { "file" },
        if z { "行" } else { "line" },
        if z { "原因" } else { "reason" }
    );
    for (file, line, reason) in unreadable.listed() {
        let _ = write!(h, "<tr><td>{}</td><td class=\"num\">{line}</td><td>{}</td></tr>", esc(file), esc(reason));
    }
    h.push_str("</table></div>");
    let more = unreadable.count().saturating_sub(unreadable.listed().len() as u64);
    if more > 0 {
        let _ = write!(
            h,
            "<p>{}</p>",
            if z {
                format!("另有{more}行无法读取（discretion check --format csv 逐行列出全部原因）")
            } else {
                format!("… and {more} more (discretion check --format csv lists every row with its reason)")
            }
        );
    }
}

fn summary(h: &mut String, r: &AuditReport, lang: Lang, unreadable: bool) {
    let z = lang == Lang::Zh;
    let m = &r.summary;
    let _ = write!(h, "<h2 id=\"summary\">{}</h2><div class=\"wrap\"><table>", if z { "概况" } else { "Summary" });
    // A row, its label linked to the section that lists it when there is one.
    let row = |h: &mut String, k: &str, v: String, section: Option<&str>| {
        let label = match section {
            Some(id) => format!("<a href=\"#{id}\">{}</a>", esc(k)),
            None => esc(k),
        };
        let _ = write!(h, "<tr><th>{label}</th><td class=\"num\">{}</td></tr>", esc(&v));
    };
    row(h, if z { "生成工具与规则" } else { "made with" }, r.provenance.line(lang), None);
    row(h, if z { "规则指纹（SHA-256）" } else { "rules fingerprint (SHA-256)" }, r.provenance.rules.clone(), None);
    row(h, if z { "读取记录" } else { "rows read" }, count(m.rows_read), None);
    row(h, if z { "参与比较" } else { "compared" }, count(m.comparable), None);
    for e in &m.not_comparable {
        let label = format!("{}{}", if z { "未比较：" } else { "not compared: " }, e.reason.describe(lang));
        let listed = unreadable && e.reason == discretion::audit::NotComparable::Unreadable;
        row(
            h,
            &label,
            format!("{} ({})", count(e.count), super::audit::excluded_ids(e, lang)),
            listed.then_some("unreadable"),
        );
        for c in &e.causes {
            row(h, &format!("— {}", super::audit::cause_text(c, lang)), count(c.count), None);
        }
    }
    let min = r.config.min_flag;
    let groups = if z {
        format!(
            "{}（显示 {} 个；不少于{min}件、可标记个案的 {} 个；有标记的 {} 个）",
            count(m.groups),
            count(m.groups_shown),
            count(m.groups_flagged_in),
            count(m.groups_with_flags)
        )
    } else {
        format!(
            "{} ({} shown; {} with the {min} cases or more needed to flag one; {} with flags)",
            count(m.groups),
            count(m.groups_shown),
            count(m.groups_flagged_in),
            count(m.groups_with_flags)
        )
    };
    row(h, if z { "分组" } else { "groups" }, groups, (m.groups_shown > 0).then_some("groups"));
    row(h, if z { "标记" } else { "flags" }, count(m.flags), (m.flags > 0).then_some("flags"));
    if m.flags_not_listed > 0 {
        let label = if z {
            format!("超出列出上限（max_flags = {}）而未列出的标记", r.config.max_flags)
        } else {
            format!("flags beyond the listing limit (max_flags = {})", r.config.max_flags)
        };
        row(h, &label, count(m.flags_not_listed), None);
    }
    row(h, if z { "案情几乎相同的案件对" } else { "near-identical pairs found" }, count(m.near_identical_pairs), None);
    if m.pair_searches_stopped > 0 {
        row(
            h,
            if z { "达到上限而停止的案件对检索" } else { "pair searches stopped at their bound" },
            count(m.pair_searches_stopped),
            None,
        );
    }
    if m.divergences_not_compared > 0 {
        row(
            h,
            if z { "无法进行的跨基准比较" } else { "cross-table comparisons not made" },
            {
                // With the cases they are of (the smallest ids), so that they can be found.
                let (n, ids) = (count(m.divergences_not_compared), &m.divergences_not_compared_ids);
                let more = if m.divergences_not_compared_cases > ids.len() as u64 { "…" } else { "" };
                match (ids.is_empty(), z) {
                    (true, _) => n,
                    (false, true) => format!("{n}（{}{more}）", ids.join("、")),
                    (false, false) => format!("{n} ({}{more})", ids.join(", ")),
                }
            },
            None,
        );
        // Why, each comparison by its cause: what to record to make them.
        for c in &m.divergences_not_compared_causes {
            row(h, &format!("— {}", if z { &c.text_zh } else { &c.text }), count(c.cases), None);
        }
    }
    row(
        h,
        if z { "单位/人员差异" } else { "unit disparities" },
        count(r.disparities.len() as u64),
        (!r.disparities.is_empty()).then_some("units"),
    );
    // The other findings, each linked to its section below when there is one.
    let others: [(usize, &str, &str, &str); 4] = [
        (r.order.len(), "order", "阶次倒挂", "heavier levels punished less"),
        (r.characterisations.len(), "characterisation", "同种案情异种定性", "same facts, different characterisation"),
        (r.divergences.len(), "divergence", "基准幅度不重叠", "cross-table divergences"),
        (
            m.inversion_cases as usize,
            "inversions",
            "罚得重于情节更重案件的案件",
            "cases punished more than heavier cases",
        ),
    ];
    for (n, anchor, zh_label, en_label) in others {
        row(h, if z { zh_label } else { en_label }, count(n as u64), (n > 0).then_some(anchor));
    }
    h.push_str("</table></div>\n");
    // No flag is not a clean result when no group was large enough to flag in.
    if m.groups_flagged_in == 0 && m.comparable > 0 {
        let _ = write!(
            h,
            "<p class=\"note\">{}</p>",
            if z {
                format!("没有分组达到标记个案所需的{min}件：未作个案标记，“0 个标记”不表示处罚一致。")
            } else {
                format!(
                    "No group has the {min} cases needed to flag a case: none was tested, so no flag does not mean consistent."
                )
            }
        );
    }
}

/// An amount as people read it: `1,712,000` in English, `1,712,000元` in Chinese (the report
/// keeps exact decimal text; anything else is shown as it is).
fn money(text: &str, lang: Lang) -> String {
    text.parse::<discretion::Decimal>().map_or_else(|_| text.to_string(), |d| discretion::table::format_yuan(d, lang))
}

/// An order comparison's median: money, or a multiple (percentage) of a fact.
fn median(o: &discretion::audit::OrderInversion, value: &str, lang: Lang) -> String {
    match o.measured_in {
        discretion::audit::Measured::Fine => money(value, lang),
        _ => o.measured_in.shown(value, lang),
    }
}

/// Most groups drawn; the rest are listed in the JSON report.
const GROUPS_DRAWN: usize = 500;

fn groups(h: &mut String, r: &AuditReport, lang: Lang) {
    let z = lang == Lang::Zh;
    let _ = writeln!(
        h,
        "<h2 id=\"groups\">{}</h2><p>{}</p>",
        if z { "分组分布" } else { "Groups" },
        if z {
            "每个点是一件案件在裁量幅度中的位置（0 为下限，1 为上限，灰色区域为幅度内，虚线为中位数）；红色为被标记案件，点击查看说明。分组标题依次为：违法行为、阶次、决定年份、（对象）、[基准版本，以及法律规定有多个文本时所适用文本的施行日期]。"
        } else {
            "Each dot is a case's position in its band (0 = bottom, 1 = top; the grey area is the band, the dashed line the median). Red dots are flagged cases: click for the explanation. A group is named by its violation, level, years of decision, (addressee) and [table version, and where the statute has several texts, the day the text applied took effect]."
        }
    );
    if r.groups.is_empty() {
        let _ = writeln!(
            h,
            "<p>{}</p>",
            if z {
                format!("没有可显示的分组（分组不少于{}件才显示）。", r.config.min_display)
            } else {
                format!("No group to show (a group is shown from {} cases).", r.config.min_display)
            }
        );
    }
    let mut flagged: std::collections::BTreeMap<usize, Vec<&Flag>> = std::collections::BTreeMap::new();
    for f in &r.flags {
        flagged.entry(f.group).or_default().push(f);
    }
    for g in r.groups.iter().take(GROUPS_DRAWN) {
        // In English the label is codes; the violation's name goes with it (in Chinese the
        // label carries it).
        let name = if z || g.label.violation_name.is_empty() {
            String::new()
        } else {
            format!("<div class=\"muted\">{}</div>", esc(&g.label.violation_name))
        };
        let _ = writeln!(
            h,
            "<div class=\"group\" id=\"group-{}\"><h3>{}</h3>{name}<div>n = {} · {} {} · {} {} · {} {:.0}%{} · {} {}</div>",
            g.index,
            esc(&g.label.text(lang)),
            count(g.n),
            if z { "中位" } else { "median" },
            g.shown_position(g.median, lang),
            if z { "稳健尺度" } else { "robust scale" },
            g.shown_spread(lang),
            if z { "幅度内" } else { "inside the band" },
            g.inside_band * 100.0,
            g.band_range
                .as_ref()
                .map(|b| format!(" · {} {}", if z { "幅度" } else { "band" }, esc(&band(b, lang))))
                .unwrap_or_default(),
            if z { "标记" } else { "flagged" },
            count(g.flagged)
        );
        let marked = flagged.get(&g.index).map_or(&[][..], Vec::as_slice);
        let caveats = caveats(r, g, marked.len() as u64, lang);
        if !caveats.is_empty() {
            let _ = write!(h, "<div class=\"muted\">{}</div>", esc(&caveats.join(if z { "；" } else { "; " })));
        }
        strip(h, g, marked, lang);
        h.push_str("</div>\n");
    }
    if r.groups.len() > GROUPS_DRAWN {
        let _ = write!(
            h,
            "<p>… {} {}</p>",
            r.groups.len() - GROUPS_DRAWN,
            if z { "个分组未绘出（见 JSON 报告）" } else { "more groups in the JSON report" }
        );
    }
}

/// What a group's chart does not show: a group too small to flag in, cases drawn as a sample,
/// flagged cases beyond the listing limit.
fn caveats(r: &AuditReport, g: &discretion::audit::GroupReport, marked: u64, lang: Lang) -> Vec<String> {
    let z = lang == Lang::Zh;
    let mut out = Vec::new();
    if g.n < r.config.min_flag {
        out.push(if z {
            format!("少于{}件：不标记个案", r.config.min_flag)
        } else {
            format!("fewer than {} cases: no case is flagged here", r.config.min_flag)
        });
    }
    let drawn = g.positions.len() as u64;
    if drawn < g.n {
        out.push(if z {
            format!("按排序等距抽取 {} 件绘出（共 {} 件）", count(drawn), count(g.n))
        } else {
            format!("{} of the {} cases drawn, evenly spaced by rank", count(drawn), count(g.n))
        });
    }
    if marked < g.flagged {
        out.push(if z {
            format!(
                "标出 {} 个被标记案件（共 {} 个；本次审查只列出最强的 {} 个标记，各组计数见 JSON 或 CSV）",
                count(marked),
                count(g.flagged),
                r.config.max_flags
            )
        } else {
            format!(
                "{} of the {} flagged cases marked (the run lists its {} strongest flags; the JSON and CSV have the counts)",
                count(marked),
                count(g.flagged),
                r.config.max_flags
            )
        });
    }
    out
}

/// A band as the flags' messages write it (Chinese with 元 at each end).
fn band(b: &discretion::table::Range, lang: Lang) -> String {
    discretion::table::format_money(b, lang)
}

/// Flagged dots less than this apart go on different lanes, so that each can be clicked.
const DOT_GAP: f64 = 10.0;
/// Most lanes of flagged dots (a strip at most about 300 pixels tall); beyond, dots share the
/// last lane, and the page says how many are drawn over others. Four lanes stacked twelve
/// flagged cases at one position three deep (a user trial).
const LANES: usize = 24;

/// The axis's four ticks: the strip's ends, 0 and 1. A one-amount band's positions are tenths
/// of the amount (at least 1 yuan): its ticks are percentages of the amount where the group's
/// cases agree on what a unit is (`percent_per_position`), else signed units.
fn ticks(axis: Axis, point: bool, percent_per_position: Option<f64>) -> [(f64, String); 4] {
    let tick = |p: f64| {
        let text = match percent_per_position {
            Some(per) => format!("{:+}%", (p * per * 10.0).round() / 10.0),
            None if point => format!("{p:+}"),
            None => format!("{p}"),
        };
        text.replace('-', "−")
    };
    [
        (axis.from, format!("≤ {}", tick(axis.from))),
        (0.0, if point { "±0".to_string() } else { tick(0.0) }),
        (1.0, tick(1.0)),
        (axis.to, format!("≥ {}", tick(axis.to))),
    ]
}

/// A group's strip: every drawn position, the band, the median, the flagged cases on lanes of
/// their own (each a link to its flag).
fn strip(h: &mut String, g: &discretion::audit::GroupReport, marked: &[&Flag], lang: Lang) {
    let z = lang == Lang::Zh;
    let axis = Axis::of(g.median, g.quartiles);
    let x = |p: f64| axis.x(p);
    // Flagged dots by position, each on the first lane where it clears the last dot.
    let mut order: Vec<&Flag> = marked.to_vec();
    order.sort_by(|a, b| a.position.total_cmp(&b.position));
    let mut last: Vec<f64> = Vec::new();
    let mut overdrawn = 0u64;
    let placed: Vec<(&Flag, usize)> = order
        .into_iter()
        .map(|f| {
            let at = x(f.position);
            let free = last.iter().position(|&l| at - l >= DOT_GAP);
            let lane = free.unwrap_or(last.len()).min(LANES - 1);
            match last.get_mut(lane) {
                Some(l) => {
                    overdrawn += u64::from(free.is_none());
                    *l = at;
                }
                None => last.push(at),
            }
            (f, lane)
        })
        .collect();
    let lanes = last.len().max(1);
    let lane_y = |lane: usize| 18.0 + 11.0 * lane as f64;
    let bottom = lane_y(lanes - 1) + 14.0;
    let height = bottom + 26.0;
    let _ = write!(
        h,
        "<svg width=\"{WIDTH}\" height=\"{height}\" viewBox=\"0 0 {WIDTH} {height}\" role=\"img\" aria-label=\"{}\">",
        esc(&g.label.text(lang))
    );
    // The band: 0 to 1, or for a one-amount band the amount alone (positions there are
    // tenths of the amount away from it: a grey 0–1 would pass 10 % above it as inside).
    let point = g.position_scale == discretion::audit::normalise::PositionScale::Point;
    let (from, width) = if point { (x(0.0) - 1.5, 3.0) } else { (x(0.0), x(1.0) - x(0.0)) };
    let _ = write!(
        h,
        "<rect x=\"{from:.1}\" y=\"6\" width=\"{width:.1}\" height=\"{:.1}\" fill=\"{}\"/>",
        bottom - 6.0,
        if point { "#999" } else { "#e8e8e8" }
    );
    let _ = write!(
        h,
        "<line x1=\"{0:.1}\" x2=\"{0:.1}\" y1=\"3\" y2=\"{1:.1}\" stroke=\"#333\" stroke-dasharray=\"2,2\"/>",
        x(g.median),
        bottom + 3.0
    );
    let per = g.percent_per_position.filter(|_| point);
    for (p, label) in apart(ticks(axis, point, per), x) {
        let _ = write!(h, "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{label}</text>", x(p), bottom + 12.0);
    }
    let axis = match (point, per.is_some(), z) {
        (true, true, true) => "与裁量金额（单一金额的幅度）的偏离",
        (true, true, false) => "distance from the band's amount",
        (true, false, true) => "与裁量金额（单一金额的幅度）的偏离（单位：该金额的10%，至少1元）",
        (true, false, false) => "distance from the band's amount, in units of 10 % of it (at least 1 yuan)",
        (false, _, true) => "在幅度中的位置",
        (false, _, false) => "position in the band",
    };
    let _ = write!(h, "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{axis}</text>", WIDTH / 2.0, bottom + 24.0);
    for (i, p) in g.positions.iter().enumerate() {
        // A little vertical jitter by rank so that ties stay visible.
        let y = 10.0 + (i % 8) as f64 * (bottom - 16.0) / 8.0;
        let _ = write!(h, "<circle cx=\"{:.1}\" cy=\"{y:.1}\" r=\"2\" fill=\"#4a6fa5\" fill-opacity=\"0.5\"/>", x(*p));
    }
    for (f, lane) in placed {
        let _ = write!(
            h,
            "<a href=\"#{}\"><circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"4.5\" fill=\"#d0021b\" stroke=\"#fff\"><title>{} {} ({})</title></circle></a>",
            anchor(&format!("flag-{}-", f.group), &f.case_id),
            x(f.position),
            lane_y(lane),
            esc(&f.case_id),
            esc(&money(&f.fine, lang)),
            f.shown_position(f.position, lang)
        );
    }
    h.push_str("</svg>");
    if overdrawn > 0 {
        let _ = write!(
            h,
            "<p class=\"muted\">{}</p>",
            if z {
                format!("{}个标记案件与其他标记案件画在同一处；下方表格列出全部标记。", count(overdrawn))
            } else {
                format!(
                    "{} flagged {} drawn over others; the table below lists every flag.",
                    count(overdrawn),
                    if overdrawn == 1 { "case is" } else { "cases are" }
                )
            }
        );
    }
}

/// The ticks whose labels do not run into one another (about 6 pixels a character at the
/// axis's 10-pixel type), in the order of importance: the band's start, then the strip's ends,
/// then the band's end — "+10%" and "≥ +15%" were printed over each other on a one-amount band.
fn apart(ticks: [(f64, String); 4], x: impl Fn(f64) -> f64) -> Vec<(f64, String)> {
    let half = |label: &str| 3.0 * label.chars().count() as f64 + 2.0;
    let [from, zero, one, to] = ticks;
    let mut kept: Vec<(f64, String)> = Vec::with_capacity(4);
    for (p, label) in [zero, from, to, one] {
        if kept.iter().all(|(q, other)| (x(p) - x(*q)).abs() >= half(&label) + half(other)) {
            kept.push((p, label));
        }
    }
    kept.sort_by(|a, b| a.0.total_cmp(&b.0));
    kept
}

fn flags(h: &mut String, r: &AuditReport, lang: Lang) {
    let z = lang == Lang::Zh;
    let _ = write!(
        h,
        "<h2 id=\"flags\">{}</h2><div class=\"wrap\"><table><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>",
        if z { "标记案件（由强到弱）" } else { "Flagged cases, strongest first" },
        if z { "案号" } else { "case" },
        if z { "规则" } else { "rule" },
        if z { "强度（级别）" } else { "strength (tier)" },
        if z { "分组" } else { "group" },
        if z { "罚款与合规审查结论" } else { "fine and check's verdict" },
        if z { "执法单位/承办人" } else { "unit / officer" },
        if z {
            "说明、案件事实与相近案件（罚款，位置；事实不同之处）"
        } else {
            "explanation, facts and peers (fine, position; the facts they differ in)"
        }
    );
    if r.flags.is_empty() {
        let _ = write!(
            h,
            "<tr><td colspan=\"7\">{}</td></tr>",
            if z {
                "无标记（见概况：可标记个案的分组数）。"
            } else {
                "No flag (see the summary: how many groups could flag a case)."
            }
        );
    }
    // A peer or partner flagged itself (in the same group: peers and partners are the group's)
    // links to its own flag, so that a reviewer can follow a pair or a cluster from case to case.
    let listed: std::collections::BTreeSet<(usize, &str)> =
        r.flags.iter().map(|f| (f.group, f.case_id.as_str())).collect();
    let case = |group: usize, id: &str| {
        if listed.contains(&(group, id)) {
            format!("<a href=\"#{}\">{}</a>", anchor(&format!("flag-{group}-"), id), esc(id))
        } else {
            esc(id)
        }
    };
    for f in &r.flags {
        let class = if f.tier == Tier::Strong { "strong" } else { "review" };
        let tier = super::audit::tier(f.tier, lang);
        // As the text and CSV say it.
        let verdict = if z { f.verdict.zh() } else { f.verdict.code() };
        let (open, close) = if z { ("（", "）") } else { (" (", ")") };
        let who: Vec<&str> = [f.unit.as_deref(), f.officer.as_deref()].into_iter().flatten().collect();
        let peers: Vec<String> = f
            .peers
            .iter()
            .map(|p| {
                // With the facts it records differently from the flagged case.
                let differ = super::audit::differing_facts(r, &f.facts, &p.facts, lang);
                let differ =
                    if differ.is_empty() { if z { "事实相同" } else { "same facts" }.to_string() } else { differ };
                // Chinese in full-width punctuation, as the text report.
                let (open, comma, semicolon, close) =
                    if z { ("（", "，", "；", "）") } else { (" (", ", ", "; ", ")") };
                format!(
                    "{}{open}{}{comma}{}{semicolon}{}{close}",
                    case(f.group, &p.case_id),
                    esc(&money(&p.fine, lang)),
                    f.shown_position(p.position, lang),
                    esc(&differ)
                )
            })
            .collect();
        // The case's facts, where it records any (as the text shows them).
        let facts = match super::audit::facts_text(r, &f.facts, lang) {
            t if t.is_empty() => String::new(),
            t => format!("<div class=\"peers\">{}{}</div>", if z { "案件事实：" } else { "facts: " }, esc(&t)),
        };
        let partner = match &f.partner {
            Some(id) if listed.contains(&(f.group, id.as_str())) => format!(
                "<div class=\"peers\">{}{}</div>",
                if z {
                    "同案异罚的另一案（亦被标记）："
                } else {
                    "the pair's other case (flagged too): "
                },
                case(f.group, id)
            ),
            _ => String::new(),
        };
        let _ = writeln!(
            h,
            "<tr id=\"{}\"><td>{}</td><td>{}</td><td class=\"num {class}\">{}{open}{tier}{close}</td><td><a href=\"#group-{}\">{}</a></td><td class=\"num\">{}<div class=\"peers\">{}</div></td><td>{}</td><td>{}{facts}{partner}<div class=\"peers\">{}{}</div></td></tr>",
            anchor(&format!("flag-{}-", f.group), &f.case_id),
            esc(&f.case_id),
            esc(&std::iter::once(f.rule)
                .chain(f.also.iter().copied())
                .map(|r| r.describe(lang))
                .collect::<Vec<_>>()
                .join(if z { "；" } else { "; " })),
            f.strength,
            f.group,
            esc(&f.label.text(lang)),
            esc(&money(&f.fine, lang)),
            esc(verdict),
            esc(&who.join(" / ")),
            esc(&f.message(lang)),
            if z { "相近案件：" } else { "peers: " },
            peers.join(if z { "；" } else { ", " })
        );
    }
    h.push_str("</table></div>\n");
}

/// Most characters of a unit's name beside its bar.
const NAME_CHARS: usize = 24;

fn disparities(h: &mut String, r: &AuditReport, lang: Lang) {
    let z = lang == Lang::Zh;
    let _ = writeln!(
        h,
        "<h2 id=\"units\">{}</h2><p>{}</p>",
        if z { "执法单位/人员差异" } else { "Units and officers" },
        if z {
            format!(
                "符号检验（Benjamini–Hochberg 控制错误发现率，q = {}），且在至少{}个分组中同向偏离不少于{}个幅度（每个分组该单位不少于{}件）。条形为收缩后的平均效应。",
                r.config.fdr_q, r.config.unit_groups, r.config.unit_effect, r.config.unit_min_n
            )
        } else {
            format!(
                "Sign tests with Benjamini–Hochberg control (q = {}), and a difference of at least {} band widths in the same direction in at least {}, with at least {} of the unit's cases in each. Bars show the mean shrunk effect.",
                r.config.fdr_q,
                r.config.unit_effect,
                super::english(r.config.unit_groups as u64, "group", "groups"),
                r.config.unit_min_n
            )
        }
    );
    if r.disparities.is_empty() {
        // Not "none found" alone: a unit is tested only where it decided enough cases.
        let n = r.config.unit_min_n;
        let none = if z {
            format!("未发现。执法单位或承办人仅在其决定不少于{n}件的分组中检验。")
        } else {
            format!("None found. A unit or officer is tested only in a group where it decided at least {n} cases.")
        };
        let _ = write!(h, "<p>{none}</p>");
        return;
    }
    let height = 24.0 * r.disparities.len() as f64 + 10.0;
    let _ = write!(h, "<svg width=\"{WIDTH}\" height=\"{height}\" viewBox=\"0 0 {WIDTH} {height}\" role=\"img\">");
    let mid = WIDTH / 2.0;
    let _ = write!(h, "<line x1=\"{mid}\" x2=\"{mid}\" y1=\"0\" y2=\"{height}\" stroke=\"#333\"/>");
    for (i, d) in r.disparities.iter().enumerate() {
        let y = 5.0 + 24.0 * i as f64;
        let len = (d.effect.abs() * 2.0).min(1.0) * (mid - 160.0);
        let (bx, colour) = if d.effect >= 0.0 { (mid, "#d0021b") } else { (mid - len, "#4a90e2") };
        // The name cut to the room left of the bars (the whole of it in the table and the
        // tooltip).
        let name = format!("{} {}", super::audit::who(d.dimension, lang), d.shown_name());
        let short: String = if name.chars().count() > NAME_CHARS {
            name.chars().take(NAME_CHARS - 1).chain(std::iter::once('…')).collect()
        } else {
            name.clone()
        };
        let _ = write!(
            h,
            "<rect x=\"{bx:.1}\" y=\"{y:.1}\" width=\"{len:.1}\" height=\"16\" fill=\"{colour}\"/><text x=\"4\" y=\"{:.1}\"><title>{}</title>{}</text><text x=\"{:.1}\" y=\"{:.1}\">{:+.2} {}</text>",
            y + 12.0,
            esc(&name),
            esc(&short),
            mid + 6.0 + if d.effect >= 0.0 { len } else { 0.0 },
            y + 12.0,
            d.effect,
            d.effect_unit.short(lang)
        );
    }
    let _ = write!(
        h,
        "</svg><div class=\"wrap\"><table><tr><th>{}</th><th>{}</th><th>{}</th></tr>",
        if z { "执法单位/承办人" } else { "unit or officer" },
        if z { "方向" } else { "direction" },
        if z {
            "显著的分组（件数，高于/低于中位数的件数，差值，p 值，BH 校正后的 q 值）"
        } else {
            "groups where it differs (cases, above/below the median, difference, p, BH-adjusted q)"
        }
    );
    let shown = |g: &discretion::audit::DisparityGroup| {
        format!(
            "{} (n={}, {}↑ {}↓, Δ={:+.2} {}, p={}, q={})",
            esc(&g.label.text(lang)),
            count(g.n),
            g.above,
            g.below,
            g.delta,
            g.unit.short(lang),
            super::audit::p_value(g.p_value),
            super::audit::p_value(g.q_value)
        )
    };
    for d in &r.disparities {
        let mut groups: Vec<String> = d.groups.iter().map(shown).collect();
        if !d.contrary_groups.is_empty() {
            let said = super::audit::contrary(d, lang);
            groups.push(format!("<strong>{}</strong>", esc(&said)));
            groups.extend(d.contrary_groups.iter().map(shown));
        }
        let untested = super::audit::untested(d, r.config.unit_min_n, lang);
        if !untested.is_empty() {
            groups.push(format!("<span class=\"muted\">{}</span>", esc(&untested)));
        }
        let _ = write!(
            h,
            "<tr><th>{} {}</th><td>{}</td><td>{}</td></tr>",
            esc(super::audit::who(d.dimension, lang)),
            esc(&d.shown_name()),
            esc(super::audit::direction(d.direction, lang)),
            groups.join("<br>")
        );
    }
    h.push_str("</table></div>\n");
}

fn others(h: &mut String, r: &AuditReport, lang: Lang) {
    let z = lang == Lang::Zh;
    if !r.order.is_empty() {
        // Headed, the gap with its unit in one cell: a row of bare numbers and a `<` did not
        // say which median was below which, or by what (a user trial).
        let _ = write!(
            h,
            "<h2 id=\"order\">{}</h2><div class=\"wrap\"><table><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>",
            if z { "阶次倒挂" } else { "Heavier levels punished less" },
            if z { "较重的阶次" } else { "heavier level" },
            if z { "其中位数（案件数）" } else { "its median (cases)" },
            if z { "较轻的阶次" } else { "lighter level" },
            if z { "其中位数（案件数）" } else { "its median (cases)" },
            if z { "较重阶次的中位数低出" } else { "the heavier level's median is lower by" },
        );
        for o in &r.order {
            let _ = write!(
                h,
                "<tr><td>{}</td><td class=\"num\">{} ({})</td><td>{}</td><td class=\"num\">{} ({})</td><td class=\"num nowrap\">{:.2} {}</td></tr>",
                esc(&o.heavier.text(lang)),
                esc(&median(o, &o.heavier_median, lang)),
                count(o.n.1),
                esc(&o.lighter.text(lang)),
                esc(&median(o, &o.lighter_median, lang)),
                count(o.n.0),
                o.gap,
                esc(o.gap_unit.describe(lang))
            );
        }
        h.push_str("</table></div>\n");
    }
    if !r.characterisations.is_empty() {
        let _ = write!(
            h,
            "<h2 id=\"characterisation\">{}</h2><div class=\"wrap\"><table>",
            if z { "同种案情异种定性" } else { "Same facts, different characterisation" }
        );
        for c in &r.characterisations {
            let variants: Vec<String> = c
                .variants
                .iter()
                .map(|v| {
                    let (n, median) = (count(v.n), money(&v.median_fine, lang));
                    format!(
                        "{} {}: {}: {}",
                        esc(&v.label.violation),
                        esc(v.label.level_in(lang)),
                        esc(&if z {
                            format!("{n} 件，罚款中位数 {median}")
                        } else {
                            format!("{n} {}, median fine {median}", if v.n == 1 { "case" } else { "cases" })
                        }),
                        esc(&v.case_ids.join(", "))
                    )
                })
                .collect();
            let _ = write!(
                h,
                "<tr><th>{}</th><td>{}</td></tr>",
                esc(&statute_line(&c.statute, &c.statute_title, lang)),
                variants.join("<br>")
            );
        }
        h.push_str("</table></div>\n");
    }
    if !r.divergences.is_empty() {
        let _ = write!(
            h,
            "<h2 id=\"divergence\">{}</h2><div class=\"wrap\"><table><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>",
            if z { "同一法条、基准幅度不重叠" } else { "One statute, tables that disagree" },
            if z { "法条" } else { "statute" },
            if z {
                "适用的基准与阶次：幅度（例）"
            } else {
                "table and level applied: its band (an example)"
            },
            if z {
                "另一基准对同样情节的阶次：幅度"
            } else {
                "the other table's level for the same facts: its band"
            },
            if z { "案件数" } else { "cases" },
            if z { "示例案件" } else { "example case" }
        );
        let colon = if z { "：" } else { ": " };
        for d in &r.divergences {
            let _ = write!(
                h,
                "<tr><th>{}</th><td>{}{colon}{}</td><td>{}{colon}{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
                esc(&statute_line(&d.statute, &d.statute_title, lang)),
                esc(d.applied_in(lang)),
                esc(&band(&d.applied_range, lang)),
                esc(d.other_in(lang)),
                esc(&band(&d.other_range, lang)),
                count(d.cases),
                esc(&d.example)
            );
        }
        h.push_str("</table></div>\n");
    }
    if !r.inversions.is_empty() {
        let _ = write!(
            h,
            "<h2 id=\"inversions\">{}</h2><p>{}</p><div class=\"wrap\"><table>",
            if z { "罚得重于情节更重案件的案件" } else { "Cases punished more than heavier cases" },
            if z {
                "排序，非认定：按被多少情节更重、罚款却明显更低的案件“倒挂”排列。"
            } else {
                "A ranking, not flags: by how many cases with heavier circumstances were fined clearly less."
            }
        );
        let _ = write!(
            h,
            "<tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>",
            if z { "案号" } else { "case" },
            if z { "分组" } else { "group" },
            if z { "罚款" } else { "fine" },
            if z { "情节更重而罚得明显更轻的案件" } else { "heavier cases fined clearly less" },
            if z { "其中罚款最轻的" } else { "the least fined of them" },
        );
        for c in &r.inversions {
            // Where cases are ranked in a multiple of a fact, the fine says it too.
            let fined = |fine: &str, m: &Option<String>| match m {
                Some(m) => format!("{} ({})", money(fine, lang), c.measured_in.shown(m, lang)),
                None => money(fine, lang),
            };
            let least = c.lightest_heavier.as_ref().map_or(String::new(), |l| {
                format!("{} {} {}", esc(&l.case_id), esc(&l.label.text(lang)), esc(&fined(&l.fine, &l.in_multiple)))
            });
            let _ = write!(
                h,
                "<tr><th>{}</th><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{least}</td></tr>",
                esc(&c.case_id),
                esc(&c.label.text(lang)),
                esc(&fined(&c.fine, &c.in_multiple)),
                c.inversions
            );
        }
        h.push_str("</table></div>\n");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_anchors_are_safe() {
        assert_eq!(esc("<a href='x'>&\u{7}"), "&lt;a href=&#39;x&#39;&gt;&amp;\u{fffd}");
        assert_eq!(esc("id\u{202e}RTL"), "id\u{fffd}RTL");
        assert_eq!(anchor("flag-", "粤A<1>"), "flag-e7b2a441 3c313e".replace(' ', ""));
        assert_eq!(Axis::default().x(-5.0), LEFT);
        assert_eq!(Axis::default().x(9.0), WIDTH - LEFT);
    }

    #[test]
    fn a_strip_takes_in_the_middle_half_of_its_group() {
        // A group inside its band: the band and half a width either side.
        assert_eq!(Axis::of(0.45, (0.3, 0.6)), Axis::default());
        // Fined about 41 % under a one-amount band: drawn from −5 units (−50 %), not piled at −0.5.
        let axis = Axis::of(-4.1, (-4.3, -3.9));
        assert_eq!(axis, Axis { from: -5.0, to: 1.5 });
        assert!(axis.x(-4.3) > LEFT && axis.x(-3.9) < axis.x(0.0));
        let labels = ticks(axis, true, Some(10.0)).map(|(_, label)| label);
        assert_eq!(labels, ["≤ −50%", "±0", "+10%", "≥ +15%"]);
        // Far above, and far beyond any reading: bounded.
        assert_eq!(Axis::of(2.2, (1.9, 2.6)), Axis { from: -0.5, to: 3.5 });
        assert_eq!(Axis::of(f64::NAN, (1e300, 1e300)), Axis { from: -0.5, to: 1000.0 });
        assert_eq!(Axis::of(f64::NAN, (f64::NAN, f64::NEG_INFINITY)), Axis::default());
    }

    #[test]
    fn a_one_amount_bands_ticks_are_percentages_of_its_amount() {
        let labels = |point, per| ticks(Axis::default(), point, per).map(|(_, label)| label);
        assert_eq!(labels(false, None), ["≤ −0.5", "0", "1", "≥ 1.5"]);
        assert_eq!(labels(true, Some(10.0)), ["≤ −5%", "±0", "+10%", "≥ +15%"]);
        // 5 yuan: a unit is 1 yuan, 20 % of it.
        assert_eq!(labels(true, Some(20.0)), ["≤ −10%", "±0", "+20%", "≥ +30%"]);
        // Amounts of several sizes under 10 yuan: units.
        assert_eq!(labels(true, None), ["≤ −0.5", "±0", "+1", "≥ +1.5"]);
        // Labels that would run into one another are left out, the band's start kept first:
        // fined half the amount too little and up to 15 % over, +10 % and ≥ +15 % overlapped.
        let shown = |axis: Axis| -> Vec<String> {
            apart(ticks(axis, true, Some(10.0)), |p| axis.x(p)).into_iter().map(|(_, label)| label).collect()
        };
        assert_eq!(shown(Axis::default()), ["≤ −5%", "±0", "+10%", "≥ +15%"]);
        assert_eq!(shown(Axis { from: -50.0, to: 1.5 }), ["≤ −500%", "±0"]);
        assert_eq!(shown(Axis { from: -10.0, to: 1.5 }), ["≤ −100%", "±0", "≥ +15%"]);
    }

    #[test]
    fn counts_and_p_values_read_as_people_read_them() {
        let got: Vec<String> = [0, 7, 999, 1_000, 12_357, 1_000_000, u64::MAX].into_iter().map(count).collect();
        assert_eq!(got, ["0", "7", "999", "1,000", "12,357", "1,000,000", "18,446,744,073,709,551,615"]);
        // A sign test over thousands of cases on one side underflows: never printed as 0.
        assert_eq!(super::super::audit::p_value(0.0), "<1e-300");
        assert_eq!(super::super::audit::p_value(0.000123), "1.2e-4");
    }
}
