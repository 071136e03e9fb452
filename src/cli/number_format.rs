//! What a spreadsheet's number format does to the amount a cell shows: a cell holding `2` with
//! the custom format `0"万元"` shows **2万元**, and read as its stored number it was a fine of
//! 2 yuan (a user trial: "compliant" in the lowest band). A number format whose text says a
//! unit of magnitude (万, 亿, 千, 百) is read with it, as the spreadsheet shows the cell; one that
//! scales the number by thousands (`#,##0,`: 20,000 shown as `20`) without saying a unit is
//! refused, since which of the two amounts is meant cannot be told.
//!
//! Only the format's first section is read (the one for positive numbers; fines are not
//! negative). Formats are Excel's: text in quotes or after `\`, bracketed codes (`[Red]`,
//! `[DBNum2]`, `[$¥-804]`, whose currency symbol is shown), digit placeholders `0 # ?`, and
//! commas after the last placeholder, each dividing by 1,000.

use rust_decimal::Decimal;

/// How a cell's number is read, given its number format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Shown {
    /// As stored: the format adds no unit of magnitude (`General`, `#,##0.00`, `0"元"`, dates).
    AsStored,
    /// With the text the format puts before and after it (`万元`), the number divided by
    /// 1,000 for each scaling comma: as the spreadsheet shows it.
    WithUnit { before: String, after: String, thousands: u32 },
    /// Scaled by thousands with no unit said: refused (the format code, to quote).
    Scaled(String),
}

/// Characters that, in a format's text, change what the number is worth.
const MAGNITUDES: [char; 4] = ['万', '亿', '千', '百'];

/// Reads a number format code (see the [module documentation](self)).
pub(crate) fn shown(code: &str) -> Shown {
    let (mut before, mut after, mut literal_between) = (String::new(), String::new(), false);
    let (mut placeholders, mut commas_after_last) = (0usize, 0u32);
    let mut chars = code.chars().peekable();
    // Text seen since the last digit placeholder (before the first, it is `before`).
    let mut pending = String::new();
    let text = |c: char, placeholders: usize, pending: &mut String, before: &mut String| {
        if placeholders == 0 { before.push(c) } else { pending.push(c) }
    };
    while let Some(c) = chars.next() {
        // A digit, or `General` (`G/通用格式` as Chinese Excel and WPS write it): the number.
        if matches!(c, '0' | '#' | '?') || (matches!(c, 'G' | 'g') && general(&mut chars)) {
            if !pending.is_empty() {
                literal_between |= pending.chars().any(|p| MAGNITUDES.contains(&p));
                pending.clear();
            }
            placeholders += 1;
            commas_after_last = 0;
            continue;
        }
        match c {
            ';' => break,
            '"' => {
                for q in chars.by_ref() {
                    if q == '"' {
                        break;
                    }
                    text(q, placeholders, &mut pending, &mut before);
                }
            }
            '\\' => {
                if let Some(q) = chars.next() {
                    text(q, placeholders, &mut pending, &mut before);
                }
            }
            // Space the width of the next character, or fill with it: nothing to read.
            '_' | '*' => {
                chars.next();
            }
            '[' => {
                let mut inside = String::new();
                for q in chars.by_ref() {
                    if q == ']' {
                        break;
                    }
                    inside.push(q);
                }
                // `[$¥-804]`: the currency symbol is shown; colours, conditions and
                // `[DBNum2]` (numerals in Chinese characters) do not change the amount.
                if let Some(symbol) = inside.strip_prefix('$') {
                    for q in symbol.chars().take_while(|&q| q != '-') {
                        text(q, placeholders, &mut pending, &mut before);
                    }
                }
            }
            ',' if placeholders > 0 && pending.is_empty() => commas_after_last += 1,
            '.' | ',' | '%' | 'E' | 'e' | '+' | '-' if placeholders > 0 && pending.is_empty() => {}
            c => text(c, placeholders, &mut pending, &mut before),
        }
    }
    // A comma followed by another placeholder groups thousands; only trailing ones scale.
    let thousands = commas_after_last;
    after.push_str(&pending);
    let says_unit = before.chars().chain(after.chars()).any(|c| MAGNITUDES.contains(&c)) || literal_between;
    if placeholders == 0 || (!says_unit && thousands == 0) {
        Shown::AsStored
    } else if !says_unit || literal_between {
        Shown::Scaled(code.to_string())
    } else {
        Shown::WithUnit { before, after, thousands }
    }
}

/// Whether the format goes on, after its `G`, as `General` or `G/通用格式`; if so, consumes it.
fn general(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) -> bool {
    for rest in ["eneral", "/通用格式"] {
        let ahead: String = chars.clone().take(rest.chars().count()).collect();
        if ahead.eq_ignore_ascii_case(rest) {
            for _ in rest.chars() {
                chars.next();
            }
            return true;
        }
    }
    false
}

impl Shown {
    /// The cell's text for the record reader, from its number as text (`stored`, as the sheet
    /// reader writes it: `2`, `1.5`): `2万元`. `None` for a format refused, or a number that
    /// is not one.
    pub(crate) fn text(&self, stored: &str) -> Option<String> {
        match self {
            Shown::AsStored => Some(stored.to_string()),
            Shown::Scaled(_) => None,
            Shown::WithUnit { before, after, thousands } => {
                let mut n: Decimal = stored.parse().ok()?;
                // Dividing by a power of ten only moves the point: exact.
                n.set_scale(n.scale().checked_add(thousands.checked_mul(3)?)?).ok()?;
                Some(format!("{before}{}{after}", n.normalize()))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(code: &str, stored: &str) -> Option<String> {
        shown(code).text(stored)
    }

    #[test]
    fn a_unit_in_the_format_is_read_with_the_number() {
        assert_eq!(read("0\"万元\"", "2").as_deref(), Some("2万元"));
        assert_eq!(read("0.00\"万元\"", "1.5").as_deref(), Some("1.5万元"));
        assert_eq!(read("#,##0.00\"万\"", "12345.6").as_deref(), Some("12345.6万"));
        assert_eq!(read("0\\万\\元", "3").as_deref(), Some("3万元"));
        assert_eq!(read("General\"万元\"", "2.5").as_deref(), Some("2.5万元"));
        assert_eq!(read("G/通用格式\"万元\"", "2").as_deref(), Some("2万元"));
        assert_eq!(read("[$¥-804]#,##0.00\"万元\";[Red]-#,##0.00", "2").as_deref(), Some("¥2万元"));
        // Thousands scaled, and said: 20,000 shown as 20千元.
        assert_eq!(read("#,##0,\"千元\"", "20000").as_deref(), Some("20千元"));
        assert_eq!(read("0.0,,\"亿\"", "123456789").as_deref(), Some("123.456789亿"));
    }

    #[test]
    fn formats_that_say_no_magnitude_read_the_number_as_stored() {
        for code in
            ["General", "0", "#,##0.00", "0\"元\"", "¥#,##0", "[$¥-804]#,##0", "[DBNum2][$-804]General", "0%", "@"]
        {
            assert_eq!(shown(code), Shown::AsStored, "{code}");
        }
        // Dates are read by their own rules; their text is no unit.
        assert_eq!(shown("yyyy\"年\"m\"月\"d\"日\""), Shown::AsStored);
        // A unit only in the section for negative numbers: fines are not negative.
        assert_eq!(shown("0;0\"万元\""), Shown::AsStored);
    }

    #[test]
    fn thousands_scaled_without_a_unit_are_refused() {
        assert_eq!(shown("#,##0,"), Shown::Scaled("#,##0,".into()));
        assert_eq!(read("#,##0,", "20000"), None);
        // A unit between digits (`2万5000元`) is not read either.
        assert_eq!(shown("0\"万\"0000\"元\""), Shown::Scaled("0\"万\"0000\"元\"".into()));
    }
}
