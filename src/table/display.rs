//! Showing amounts to people.

use rust_decimal::Decimal;

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
