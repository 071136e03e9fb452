//! Showing amounts, ranges and citations to people, in English or Chinese.

use rust_decimal::Decimal;

use super::{Citation, Lang, Range};

/// An amount with thousands separators, trailing zeros dropped: `1234567.50` → `1,234,567.5`.
///
/// ```
/// use discretion::table::format_amount;
/// assert_eq!(format_amount("1234567.50".parse().unwrap()), "1,234,567.5");
/// ```
pub fn format_amount(d: Decimal) -> String {
    let s = d.normalize().to_string();
    let (sign, body) = s.strip_prefix('-').map_or(("", s.as_str()), |b| ("-", b));
    let (int, frac) = body.split_once('.').map_or((body, None), |(i, f)| (i, Some(f)));
    let mut out = String::with_capacity(int.len() + int.len() / 3 + 4);
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    match frac {
        Some(f) => format!("{sign}{out}.{f}"),
        None => format!("{sign}{out}"),
    }
}

/// A range as people read it, each end shown with `show`, unambiguous about excluded ends.
fn render(r: &Range, lang: Lang, show: impl Fn(Decimal) -> String) -> String {
    match (r.min, r.max, lang) {
        (Some(a), Some(b), _) if a == b => show(a),
        (Some(a), Some(b), Lang::En) => match (r.excludes_min, r.excludes_max) {
            (false, false) => format!("{}–{}", show(a), show(b)),
            (false, true) => format!("{} to under {}", show(a), show(b)),
            (true, false) => format!("over {} to {}", show(a), show(b)),
            (true, true) => format!("over {} and under {}", show(a), show(b)),
        },
        (Some(a), Some(b), Lang::Zh) => match (r.excludes_min, r.excludes_max) {
            (false, false) => format!("{}至{}", show(a), show(b)),
            (false, true) => format!("{}以上不满{}", show(a), show(b)),
            (true, false) => format!("超过{}至{}", show(a), show(b)),
            (true, true) => format!("超过{}不满{}", show(a), show(b)),
        },
        (None, Some(b), Lang::En) if r.excludes_max => format!("under {}", show(b)),
        (None, Some(b), Lang::En) => format!("at most {}", show(b)),
        (None, Some(b), Lang::Zh) if r.excludes_max => format!("不满{}", show(b)),
        (None, Some(b), Lang::Zh) => format!("不超过{}", show(b)),
        (Some(a), None, Lang::En) if r.excludes_min => format!("more than {}", show(a)),
        (Some(a), None, Lang::En) => format!("at least {}", show(a)),
        (Some(a), None, Lang::Zh) if r.excludes_min => format!("超过{}", show(a)),
        (Some(a), None, Lang::Zh) => format!("不少于{}", show(a)),
        (None, None, Lang::En) => "any amount".into(),
        (None, None, Lang::Zh) => "不限".into(),
    }
}

/// A money range as people read it, in English or Chinese.
///
/// ```
/// use discretion::table::{format_range, Lang, Range};
/// let r = Range::between(10_000.into(), 20_000.into());
/// assert_eq!(format_range(&r, Lang::En), "10,000–20,000");
/// assert_eq!(format_range(&Range::at_most(50_000.into()), Lang::Zh), "不超过50,000");
/// assert_eq!(format_range(&r.excluding_max(), Lang::En), "10,000 to under 20,000");
/// ```
pub fn format_range(r: &Range, lang: Lang) -> String {
    render(r, lang, format_amount)
}

/// A money range with its currency where the language needs it: `10,000–20,000` in English,
/// `10,000元至20,000元` in Chinese.
///
/// ```
/// use discretion::table::{format_money, Lang, Range};
/// assert_eq!(format_money(&Range::exactly(340.into()), Lang::Zh), "340元");
/// ```
pub fn format_money(r: &Range, lang: Lang) -> String {
    match lang {
        Lang::En => format_range(r, lang),
        Lang::Zh => render(r, lang, |d| format!("{}元", format_amount(d))),
    }
}

/// One amount with its currency where the language needs it.
pub fn format_yuan(d: Decimal, lang: Lang) -> String {
    format_money(&Range::exactly(d), lang)
}

/// A quantity range with its unit: `5–10 days`, `5至10日`.
pub fn format_quantity(r: &Range, unit: &str, lang: Lang) -> String {
    match lang {
        Lang::En => format!("{} {unit}", format_range(r, lang)),
        Lang::Zh => format!("{}{unit}", format_range(r, lang)),
    }
}

const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];

/// A whole number in Chinese numerals as citations write them: 33 → 三十三, 112 → 一百一十二,
/// 105 → 一百零五, 10 → 十.
///
/// ```
/// use discretion::table::chinese_number;
/// assert_eq!(chinese_number(33), "三十三");
/// assert_eq!(chinese_number(112), "一百一十二");
/// assert_eq!(chinese_number(105), "一百零五");
/// assert_eq!(chinese_number(10), "十");
/// ```
pub fn chinese_number(n: u32) -> String {
    if n >= 10_000 {
        return n.to_string();
    }
    let digit = |d: u32| DIGITS.get(d as usize).copied().unwrap_or("");
    let parts = [(n / 1000, "千"), (n / 100 % 10, "百"), (n / 10 % 10, "十"), (n % 10, "")];
    let mut out = String::new();
    let mut zero = false;
    for (i, (d, unit)) in parts.iter().enumerate() {
        if *d == 0 {
            zero = !out.is_empty();
            continue;
        }
        if zero {
            out.push('零');
            zero = false;
        }
        // 十 alone at the head: 10–19 read 十, 十一 …
        if !(i == 2 && *d == 1 && out.is_empty()) {
            out.push_str(digit(*d));
        }
        out.push_str(unit);
    }
    if out.is_empty() { "零".into() } else { out }
}

/// A citation as people read it: `中华人民共和国水污染防治法 Art. 83 (2)` or
/// `中华人民共和国水污染防治法第八十三条第（二）项`.
///
/// ```
/// use discretion::table::{Citation, Lang, format_citation};
/// let c = Citation::article("中华人民共和国行政处罚法", 33).paragraph(1);
/// assert_eq!(format_citation(&c, Lang::Zh), "中华人民共和国行政处罚法第三十三条第一款");
/// assert_eq!(format_citation(&c, Lang::En), "中华人民共和国行政处罚法 Art. 33 ¶1");
/// ```
pub fn format_citation(c: &Citation, lang: Lang) -> String {
    match lang {
        Lang::En => c.to_string(),
        Lang::Zh => {
            let mut s = c.instrument.clone();
            if let Some(a) = c.article {
                s.push_str(&format!("第{}条", chinese_number(a)));
            }
            if let Some(p) = c.paragraph {
                s.push_str(&format!("第{}款", chinese_number(p)));
            }
            if let Some(i) = c.item {
                s.push_str(&format!("第（{}）项", chinese_number(i)));
            }
            s
        }
    }
}

/// The most values a message lists (docs/LIMITS.md).
const LISTED_VALUES: usize = 20;

/// An enum's values in a message: `a, b, c` (`a、b、c` in Chinese), or the first
/// [`LISTED_VALUES`] and how many there are in all — a 2,000-value enum makes a line, not 13 KB
/// of every reason a case file's bad value gets.
pub(crate) fn listed_values<S: AsRef<str>>(values: &[S], lang: Lang) -> String {
    let sep = if lang == Lang::Zh { "、" } else { ", " };
    let shown: Vec<&str> = values.iter().take(LISTED_VALUES).map(AsRef::as_ref).collect();
    match lang {
        _ if values.len() <= LISTED_VALUES => shown.join(sep),
        Lang::Zh => format!("{}……（共{}个取值）", shown.join(sep), values.len()),
        _ => format!("{}, … ({} values in all)", shown.join(sep), values.len()),
    }
}
