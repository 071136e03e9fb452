//! What a spreadsheet's number format does to the amount a cell shows: a cell holding `2` with
//! the custom format `0"万元"` shows **2万元**, and read as its stored number it was a fine of
//! 2 yuan (a user trial: "compliant" in the lowest band).
//!
//! - A format whose text says a unit (万, 亿, 千, 百 or 元) around the number is read with it, as
//!   the spreadsheet shows the cell: `2万元`, `2元` (a cell that says its own unit is read in
//!   it, whatever unit the column's header declares).
//! - A format that scales by thousands (`#,##0,`: 20,000 shown as `20`) is read as stored only
//!   when its text says the matching unit (`#,##0,"千元"`: 20千元 is the 20,000 stored).
//! - Any other format that does not show the number as stored is refused, since which amount
//!   is meant cannot be told: scaling without a unit or with another one (`0.0,"万"`), text
//!   among the digits (`0\.0000"万元"` shows 123456 as 12.3456万元), a percentage with a unit,
//!   a unit in a format of conditional sections (`[>=10000]…`), or a magnitude beside a unit
//!   that is not yuan (`0"万吨"`: 20,000 tonnes, or `0"千克"`, whose 千 is part of the unit).
//!
//! Only the format's first section is read (the one for positive numbers; fines are not
//! negative). Formats are Excel's: text in quotes or after `\` or `!`, bracketed codes
//! (`[Red]`, `[DBNum2]`, `[$¥-804]`, whose currency symbol is shown), digit placeholders
//! `0 # ?` and `General`, and commas after the last placeholder, each dividing by 1,000.

/// How a cell's number is read, given its number format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Shown {
    /// As stored: the format shows the number itself (`General`, `#,##0.00`, dates), or scales
    /// it by the unit it says (`#,##0,"千元"`).
    AsStored,
    /// With the text the format puts before and after it (`万元`), as the spreadsheet shows it.
    WithUnit { before: String, after: String },
    /// Not read: which amount is meant cannot be told (the format code, to quote).
    Refused(String),
}

/// Characters that, in a format's text, say what the number is worth.
const UNITS: [char; 5] = ['万', '亿', '千', '百', '元'];

/// Reads a number format code (see the [module documentation](self)).
pub(crate) fn shown(code: &str) -> Shown {
    let (mut before, mut pending) = (String::new(), String::new());
    let (mut placeholders, mut thousands, mut among_digits, mut percent, mut conditional) =
        (0usize, 0u32, false, false, false);
    let mut chars = code.chars().peekable();
    // Text goes before the number until its first digit, then waits: it is among the digits
    // if another digit follows, else after the number.
    let text = |c: char, placeholders: usize, pending: &mut String, before: &mut String| {
        if placeholders == 0 { before.push(c) } else { pending.push(c) }
    };
    while let Some(c) = chars.next() {
        // A digit, or `General` (`G/通用格式` as Chinese Excel and WPS write it): the number.
        if matches!(c, '0' | '#' | '?') || (matches!(c, 'G' | 'g') && general(&mut chars)) {
            among_digits |= !pending.is_empty();
            pending.clear();
            placeholders += 1;
            thousands = 0;
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
            '\\' | '!' => {
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
                conditional |= inside.starts_with(['<', '>', '=']);
                // `[$¥-804]`: the currency symbol is shown; colours and `[DBNum2]` (numerals
                // in Chinese characters) do not change the amount.
                if let Some(symbol) = inside.strip_prefix('$') {
                    for q in symbol.chars().take_while(|&q| q != '-') {
                        text(q, placeholders, &mut pending, &mut before);
                    }
                }
            }
            // A comma right after a digit: grouping if another digit follows, else scaling.
            ',' if placeholders > 0 && pending.is_empty() => thousands += 1,
            '%' => percent = true,
            '.' | 'E' | 'e' | '+' | '-' if placeholders > 0 && pending.is_empty() => {}
            c => text(c, placeholders, &mut pending, &mut before),
        }
    }
    let after = pending;
    let unit: String = before.chars().chain(after.chars()).filter(|c| UNITS.contains(c)).collect();
    let whole_code_says_unit = code.chars().any(|c| UNITS.contains(&c));
    if placeholders == 0 {
        return Shown::AsStored;
    }
    if among_digits || (percent && !unit.is_empty()) || (conditional && whole_code_says_unit) {
        return Shown::Refused(code.to_string());
    }
    // A magnitude beside another unit than yuan (万吨, 千克: a magnitude, or part of the unit's
    // name?) cannot be told apart: refused, not read as the stored number 10,000 times off.
    let other_unit =
        before.chars().chain(after.chars()).any(|c| !UNITS.contains(&c) && c.is_alphabetic() && !c.is_ascii());
    if !unit.is_empty() && other_unit && !unit.contains('元') {
        return Shown::Refused(code.to_string());
    }
    match (thousands, unit.as_str()) {
        (0, "") => Shown::AsStored,
        (0, _) => Shown::WithUnit { before, after },
        // Scaled and said so: what is shown is the number stored.
        (1, "千" | "千元") | (2, "百万" | "百万元") => Shown::AsStored,
        _ => Shown::Refused(code.to_string()),
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
    /// reader writes it: `2`, `1.5`): `2万元`. `None` for a format refused.
    pub(crate) fn text(&self, stored: &str) -> Option<String> {
        match self {
            Shown::AsStored => Some(stored.to_string()),
            Shown::Refused(_) => None,
            Shown::WithUnit { before, after } => Some(format!("{before}{stored}{after}")),
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
        assert_eq!(read("0!万!元", "3").as_deref(), Some("3万元"));
        assert_eq!(read("General\"万元\"", "2.5").as_deref(), Some("2.5万元"));
        assert_eq!(read("G/通用格式\"万元\"", "2").as_deref(), Some("2万元"));
        assert_eq!(read("[$¥-804]#,##0.00\"万元\";[Red]-#,##0.00", "2").as_deref(), Some("¥2万元"));
        // 元 is a unit too: a cell showing 2元 is 2 yuan whatever its column's header says.
        assert_eq!(read("0\"元\"", "2").as_deref(), Some("2元"));
        assert_eq!(read("#,##0\"元\"", "20000").as_deref(), Some("20000元"));
        // Scientific notation shows the same number.
        assert_eq!(read("0.00E+00\"万元\"", "12345").as_deref(), Some("12345万元"));
    }

    #[test]
    fn formats_that_show_the_number_read_it_as_stored() {
        for code in
            ["General", "0", "#,##0.00", "¥#,##0", "[$¥-804]#,##0", "[DBNum2][$-804]General", "0%", "@", "0.00E+00"]
        {
            assert_eq!(shown(code), Shown::AsStored, "{code}");
        }
        assert_eq!(shown("_(* #,##0_);_(* (#,##0);_(* \"-\"_);_(@_)"), Shown::AsStored);
        // Dates are read by their own rules; their text is no unit.
        assert_eq!(shown("yyyy\"年\"m\"月\"d\"日\""), Shown::AsStored);
        // A unit without a magnitude: the number is what is shown.
        for code in ["0\"天\"", "0\"次\"", "0.00\"吨\""] {
            assert_eq!(shown(code), Shown::AsStored, "{code}");
        }
        // A unit only in the section for negative numbers: fines are not negative.
        assert_eq!(shown("0;0\"万元\""), Shown::AsStored);
        // Thousands scaled and said so: 20,000 shown as 20千元 is the 20,000 stored.
        assert_eq!(read("#,##0,\"千元\"", "20000").as_deref(), Some("20000"));
        assert_eq!(read("0.0,,\"百万元\"", "1200000").as_deref(), Some("1200000"));
    }

    #[test]
    fn formats_that_hide_which_amount_is_meant_are_refused() {
        for code in [
            // Scaled without a unit, or with another than the scaling's.
            "#,##0,",
            "0.0,\"万\"",
            "0.0,,\"亿\"",
            // Text among the digits: 123456 shown as 12.3456万元, 2万5000元.
            "0\\.0000\"万元\"",
            "0!.0000\"万元\"",
            "0\".\"0000\"万元\"",
            "0\"万\"0000\"元\"",
            // A percentage with a unit, a unit under a condition.
            "0%\"万元\"",
            "[>=10000]0.0,\"万\";0\"元\"",
            // A magnitude beside a unit that is not yuan: 2万吨 is 20,000 tonnes, 5千克 5 kg.
            "0\"万吨\"",
            "0.0\"千克\"",
        ] {
            assert_eq!(shown(code), Shown::Refused(code.to_string()), "{code}");
            assert_eq!(read(code, "123456"), None, "{code}");
        }
    }
}
