//! Money as people write it in case files: `5000`, `5,000.00`, `5000元`, `0.5万元`,
//! `人民币伍仟元整`. Parsed exactly into a `Decimal`, never through a float.

use rust_decimal::Decimal;

/// Why a text is not an amount.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{text}` is not an amount: {reason}")]
pub struct AmountError {
    /// The text as given.
    pub text: String,
    /// What is wrong with it.
    pub reason: &'static str,
}

/// Parses an amount of money.
///
/// ```
/// use discretion::check::parse_amount;
/// use rust_decimal::Decimal;
/// for (text, yuan) in [
///     ("5000", "5000"), ("5,000.00", "5000.00"), ("5000元", "5000"), ("0.5万元", "5000.0"),
///     ("人民币伍仟元整", "5000"), ("壹万贰仟叁佰肆拾伍元陆角柒分", "12345.67"), ("¥1,200", "1200"),
/// ] {
///     assert_eq!(parse_amount(text).unwrap(), text_to_decimal(yuan));
/// }
/// # fn text_to_decimal(s: &str) -> Decimal { s.parse().unwrap() }
/// assert!(parse_amount("5,00").is_err());
/// assert!(parse_amount("1e5").is_err());
/// ```
pub fn parse_amount(text: &str) -> Result<Decimal, AmountError> {
    let err = |reason| AmountError { text: text.to_string(), reason };
    let mut s: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    for prefix in ["人民币", "RMB", "CNY", "¥", "￥"] {
        if let Some(rest) = s.strip_prefix(prefix) {
            s = rest.to_string();
        }
    }
    for suffix in ["整", "正"] {
        if let Some(rest) = s.strip_suffix(suffix) {
            s = rest.to_string();
        }
    }
    if s.is_empty() {
        return Err(err("it is empty"));
    }
    // Arabic digits (with 元 or 万元) take the plain path; otherwise Chinese numerals.
    if !s.chars().any(|c| c.is_ascii_digit())
        && s.chars().any(|c| CAPITAL_DIGITS.contains(c) || CAPITAL_UNITS.contains(c))
    {
        return chinese(&s).ok_or_else(|| err("the Chinese numerals do not form an amount"));
    }
    let (number, scale) = if let Some(n) = s.strip_suffix("万元").or_else(|| s.strip_suffix('万')) {
        (n, Decimal::from(10_000))
    } else if let Some(n) = s.strip_suffix('元') {
        (n, Decimal::ONE)
    } else {
        (s.as_str(), Decimal::ONE)
    };
    let plain = ungroup(number).ok_or_else(|| err("digits are grouped wrongly (use 5,000.00 or 5000)"))?;
    let valid = !plain.is_empty()
        && plain.bytes().filter(|b| *b == b'.').count() <= 1
        && plain.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && !plain.starts_with('.')
        && !plain.ends_with('.');
    if !valid {
        return Err(err("write digits, optionally with thousands separators, 元 or 万元"));
    }
    let value = Decimal::from_str_exact(&plain).map_err(|_| err("it has too many digits to be held exactly"))?;
    value.checked_mul(scale).ok_or_else(|| err("it is too large"))
}

/// `5,000.00` → `5000.00`; `None` when commas are not every three digits.
fn ungroup(s: &str) -> Option<String> {
    if !s.contains(',') {
        return Some(s.to_string());
    }
    let (int, frac) = s.split_once('.').map_or((s, None), |(i, f)| (i, Some(f)));
    let groups: Vec<&str> = int.split(',').collect();
    let first_ok = groups.first().is_some_and(|g| (1..=3).contains(&g.len()));
    let rest_ok = groups.iter().skip(1).all(|g| g.len() == 3);
    if !first_ok || !rest_ok {
        return None;
    }
    let joined = groups.concat();
    Some(match frac {
        Some(f) => format!("{joined}.{f}"),
        None => joined,
    })
}

const CAPITAL_DIGITS: &str = "零〇壹贰叁肆伍陆柒捌玖一二两三四五六七八九";
const CAPITAL_UNITS: &str = "拾佰仟万亿十百千角分圆";

fn digit(c: char) -> Option<u32> {
    Some(match c {
        '零' | '〇' => 0,
        '壹' | '一' => 1,
        '贰' | '二' | '两' => 2,
        '叁' | '三' => 3,
        '肆' | '四' => 4,
        '伍' | '五' => 5,
        '陆' | '六' => 6,
        '柒' | '七' => 7,
        '捌' | '八' => 8,
        '玖' | '九' => 9,
        _ => return None,
    })
}

/// Capital (大写) or ordinary Chinese numerals with 元/圆, 角, 分.
fn chinese(s: &str) -> Option<Decimal> {
    let (yuan, fraction) = match s.find(['元', '圆']) {
        Some(i) => (s.get(..i)?, s.get(i + '元'.len_utf8()..)?),
        None if s.contains(['角', '分']) => ("", s),
        None => (s, ""),
    };
    let mut total = integer(yuan)?;
    let mut pending: Option<u32> = None;
    for c in fraction.chars() {
        if let Some(d) = digit(c) {
            pending = Some(d);
            continue;
        }
        let scale = match c {
            '角' => Decimal::new(1, 1),
            '分' => Decimal::new(1, 2),
            _ => return None,
        };
        total = total.checked_add(Decimal::from(pending.take()?).checked_mul(scale)?)?;
    }
    // A trailing zero digit (零) after the yuan is allowed; other stray digits are not.
    if pending.is_some_and(|d| d != 0) {
        return None;
    }
    Some(total)
}

/// The integer part: sections of 亿 and 万, each with 仟佰拾.
fn integer(s: &str) -> Option<Decimal> {
    if s.is_empty() {
        return Some(Decimal::ZERO);
    }
    let mut total = Decimal::ZERO;
    let mut section = Decimal::ZERO;
    let mut number: Option<u32> = None;
    for c in s.chars() {
        if let Some(d) = digit(c) {
            number = Some(d);
            continue;
        }
        let unit = match c {
            '拾' | '十' => 10,
            '佰' | '百' => 100,
            '仟' | '千' => 1000,
            '万' => {
                section = section.checked_add(Decimal::from(number.take().unwrap_or(0)))?;
                total = total.checked_add(section.checked_mul(Decimal::from(10_000))?)?;
                section = Decimal::ZERO;
                continue;
            }
            '亿' => {
                section = section.checked_add(Decimal::from(number.take().unwrap_or(0)))?;
                total = total.checked_add(section)?.checked_mul(Decimal::from(100_000_000))?;
                section = Decimal::ZERO;
                continue;
            }
            _ => return None,
        };
        // 拾 alone means 10 (十五 = 15).
        section = section.checked_add(Decimal::from(number.take().unwrap_or(1) * unit))?;
    }
    section = section.checked_add(Decimal::from(number.unwrap_or(0)))?;
    total.checked_add(section)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn written_forms() {
        let cases = [
            ("5000", "5000"),
            ("5,000.00", "5000"),
            ("1,234,567.89", "1234567.89"),
            ("5000元", "5000"),
            ("0.5万元", "5000"),
            ("3万", "30000"),
            ("人民币伍仟元整", "5000"),
            ("人民币壹拾万元整", "100000"),
            ("贰佰万元", "2000000"),
            ("壹仟零伍元", "1005"),
            ("壹万零伍拾元伍角", "10050.5"),
            ("拾伍元", "15"),
            ("叁亿贰仟万元", "320000000"),
            ("伍角", "0.5"),
            (" 12 000 ", "12000"),
        ];
        for (text, want) in cases {
            assert_eq!(parse_amount(text).unwrap(), d(want), "{text}");
        }
    }

    #[test]
    fn refusals() {
        for bad in ["", "元", "abc", "5,00", "1e5", "5.0.0", "-5", "伍仟X元", "伍仟元伍", "1,0000", ".5"] {
            assert!(parse_amount(bad).is_err(), "{bad}");
        }
    }
}
