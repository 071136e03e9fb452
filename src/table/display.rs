//! Showing amounts to people.

use rust_decimal::Decimal;

use super::{Lang, Range};

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
    let mut out = String::new();
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

/// A money range as people read it, in English or Chinese.
///
/// ```
/// use discretion::table::{format_range, Lang, Range};
/// let r = Range::between(10_000.into(), 20_000.into());
/// assert_eq!(format_range(&r, Lang::En), "10,000–20,000");
/// assert_eq!(format_range(&Range::at_most(50_000.into()), Lang::Zh), "50,000以下");
/// ```
pub fn format_range(r: &Range, lang: Lang) -> String {
    match (r.min, r.max, lang) {
        (Some(a), Some(b), _) if a == b => format_amount(a),
        (Some(a), Some(b), Lang::En) => format!("{}–{}", format_amount(a), format_amount(b)),
        (Some(a), Some(b), Lang::Zh) => format!("{}至{}", format_amount(a), format_amount(b)),
        (None, Some(b), Lang::En) => format!("at most {}", format_amount(b)),
        (None, Some(b), Lang::Zh) => format!("{}以下", format_amount(b)),
        (Some(a), None, Lang::En) => format!("at least {}", format_amount(a)),
        (Some(a), None, Lang::Zh) => format!("{}以上", format_amount(a)),
        (None, None, Lang::En) => "any amount".into(),
        (None, None, Lang::Zh) => "不限".into(),
    }
}
