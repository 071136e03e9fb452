//! What a spreadsheet's number format does to the amount a cell shows: a cell holding `2` with
//! the custom format `0"万元"` shows **2万元**, and read as its stored number it was a fine of
//! 2 yuan (a user trial: "compliant" in the lowest band). A cell is read as the sheet shows
//! it, or refused where what it shows and what it holds cannot be reconciled:
//!
//! - A format that says a unit of magnitude (万, 亿, 千, 百) is read with it: `2万元`. One that
//!   says yuan (元, ¥, `[$¥-804]`, the locale's `$`) is read in yuan: `2元`, `¥15000` — a cell
//!   that says its own unit is read in it, whatever unit the column's header declares.
//! - A format that scales the number (trailing commas, each ÷1,000; or a literal point among
//!   the digits, `0!.0000"万元"`, each digit after it ÷10) by just the unit it says shows the
//!   number stored, in yuan: `#,##0,"千元"` shows 20000 as `20千元`, read as 20000元.
//! - Refused, since which amount is meant cannot be told: scaling without the matching unit
//!   (`#,##0,`, `0.0,"万"`), other text among the digits, a display that rounds a unit of
//!   magnitude away (`0"万元"` shows 1.5 as `2万元`), a percentage, another currency
//!   (`[$$-409]`), a magnitude before a unit other than yuan (`0"万吨"`, `0"千克"`), or a unit
//!   in a format of conditional sections (`[>=10000]…`).
//! - A text cell is read with the text its format's `@` section adds (`@"万元"`).
//!
//! Only a number format's first section is read (the one for positive numbers; fines are not
//! negative). Formats are Excel's: text in quotes or after `\` or `!`, bracketed codes (`[Red]`,
//! `[DBNum2]`, conditions, `[$sym-locale]`), `_` and `*` (a space, a fill), digit placeholders
//! `0 # ?` and `General` (`G/通用格式`).

use rust_decimal::Decimal;

/// How a cell's number is read, given its number format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Shown {
    /// As stored: the format shows the number itself, to as many decimals as it has
    /// (`General`, dates, text).
    AsStored,
    /// The number shown divided by 10^`scaled` (trailing commas, a literal point among the
    /// digits) with `fraction` decimals (`None`: as many as it has), in yuan × 10^`unit` where
    /// the format says a unit (`万元`: 4; `元`, `¥`: 0), else with no unit (the header's applies).
    /// A number the display rounds is not read: what is shown is not what is held.
    Number { scaled: u32, fraction: Option<u32>, unit: Option<u32> },
    /// Not read: which amount is meant cannot be told (the format code, to quote).
    Refused(String),
}

/// One piece of a format section.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    /// Text shown as is (quoted, escaped, or a character with no meaning in formats).
    Text(char),
    /// A digit placeholder (`0`, `#`, `?`) or `General`.
    Digit { general: bool },
    /// The number's decimal point.
    Point,
    /// A comma: grouping between digits, ÷1,000 after the last.
    Comma,
    /// `%`: the number shown ×100.
    Percent,
    /// `E+` or `E-`: scientific notation; the digits after it are the exponent's.
    Exponent,
    /// `@`: a text cell's text.
    At,
    /// A condition (`[>=10000]`).
    Condition,
    /// A currency (`[$¥-804]`): its symbol.
    Currency(String),
    /// The locale's currency sign, `$` unquoted (¥ in a Chinese office's Excel).
    LocaleCurrency,
}

/// The sections of a format code (`;` outside quotes and brackets), tokenised.
fn sections(code: &str) -> Vec<Vec<Token>> {
    let (mut out, mut section) = (Vec::new(), Vec::new());
    let mut chars = code.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            ';' => out.push(std::mem::take(&mut section)),
            '"' => section.extend(chars.by_ref().take_while(|&q| q != '"').map(Token::Text)),
            '\\' | '!' => section.extend(chars.next().map(Token::Text)),
            // Space the width of the next character, or fill with it: nothing to read.
            '_' | '*' => {
                chars.next();
            }
            '[' => {
                let inside: String = chars.by_ref().take_while(|&q| q != ']').collect();
                if let Some(symbol) = inside.strip_prefix('$') {
                    section.push(Token::Currency(symbol.split('-').next().unwrap_or_default().to_string()));
                } else if inside.starts_with(['<', '>', '=']) {
                    section.push(Token::Condition);
                }
                // Colours and `[DBNum2]` (numerals in Chinese characters) change no amount.
            }
            '0' | '#' | '?' => section.push(Token::Digit { general: false }),
            'G' | 'g' if general(&mut chars) => section.push(Token::Digit { general: true }),
            'E' | 'e' if chars.peek().is_some_and(|&n| n == '+' || n == '-') => {
                chars.next();
                section.push(Token::Exponent);
            }
            '.' => section.push(Token::Point),
            ',' => section.push(Token::Comma),
            '%' => section.push(Token::Percent),
            '@' => section.push(Token::At),
            '$' => section.push(Token::LocaleCurrency),
            c => section.push(Token::Text(c)),
        }
    }
    out.push(section);
    out
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

/// Magnitudes a format's text may say, as powers of ten, longest first.
const MAGNITUDES: [(&str, u32); 6] = [("百万", 6), ("千万", 7), ("亿", 8), ("万", 4), ("千", 3), ("百", 2)];

/// The characters of the magnitudes.
const MAGNITUDE_CHARS: &str = "万亿千百";

/// Whether a character of a format's text says what a number is worth: a magnitude, or yuan.
fn says_unit(c: char) -> bool {
    MAGNITUDE_CHARS.contains(c) || "元¥￥".contains(c)
}

/// The power of ten the text says (`万元` → 4, `元` → 0); `None` for magnitudes in an order no
/// unit has (`万千`).
fn magnitude(text: &str) -> Option<u32> {
    let said: String = text.chars().filter(|c| MAGNITUDE_CHARS.contains(*c)).collect();
    if said.is_empty() {
        return Some(0);
    }
    MAGNITUDES.iter().find(|(m, _)| *m == said).map(|(_, p)| *p)
}

/// What a format may say beside a number read as money: its units and words that name money.
const MONEY_TEXT: &str = "万亿千百元¥￥人民币罚款金额整()（）:：";

/// Whether a currency symbol is the yuan's.
fn yuan_symbol(symbol: &str) -> bool {
    matches!(symbol, "¥" | "￥" | "元" | "RMB" | "CNY")
}

/// Reads a number format code (see the [module documentation](self)).
pub(crate) fn shown(code: &str) -> Shown {
    let refused = || Shown::Refused(code.to_string());
    let all = sections(code);
    let Some(first) = all.first() else { return Shown::AsStored };
    // The format's text beside the number; text since the last digit waits in `pending`: it
    // is among the digits if another digit follows.
    let (mut said, mut pending, mut among) = (String::new(), String::new(), String::new());
    let (mut digits, mut thousands, mut shift, mut decimals) = (0usize, 0u32, 0u32, Some(0u32));
    let (mut in_fraction, mut shifting, mut percent, mut foreign, mut yuan) = (false, false, false, false, false);
    let mut exponent = false;
    for token in first {
        match token {
            // The exponent's digits say where the point is, not what the number is.
            Token::Digit { .. } if exponent => {}
            Token::Exponent => exponent = true,
            Token::Digit { general } => {
                // Text since the last digit is among the digits: a literal point shifts them.
                if !pending.is_empty() {
                    among.push_str(&std::mem::take(&mut pending));
                    shifting = among == ".";
                }
                shift += u32::from(shifting);
                if *general {
                    decimals = None;
                } else if in_fraction {
                    decimals = decimals.map(|d| d + 1);
                }
                digits += 1;
                thousands = 0;
            }
            Token::Point if digits > 0 && pending.is_empty() => in_fraction = true,
            Token::Comma if digits > 0 && pending.is_empty() => thousands += 1,
            Token::Percent => percent = true,
            Token::Currency(symbol) if yuan_symbol(symbol) => yuan = true,
            Token::Currency(symbol) => foreign |= !symbol.is_empty(),
            Token::LocaleCurrency => yuan = true,
            Token::Text(_) | Token::Point | Token::Comma => {
                let c = match token {
                    Token::Text(c) => *c,
                    Token::Point => '.',
                    _ => ',',
                };
                yuan |= matches!(c, '¥' | '￥' | '元');
                if digits == 0 { said.push(c) } else { pending.push(c) }
            }
            Token::At | Token::Condition => {}
        }
    }
    said.push_str(&pending);
    let conditional = all.iter().flatten().any(|t| *t == Token::Condition);
    let section_says_unit = |s: &Vec<Token>| {
        s.iter().any(|t| matches!(t, Token::Text(c) if says_unit(*c)) || matches!(t, Token::Currency(_)))
    };
    let Some(magnitude) = magnitude(&said) else { return refused() };
    if digits == 0 {
        // `;;;` hides the number: the sheet shows nothing where the cell holds one.
        return if first.is_empty() && all.len() > 1 { refused() } else { Shown::AsStored };
    }
    // Text beside a number read as money may only say the money (人民币, 罚款, ¥, 元整): 美元,
    // 万吨 (10,000 tonnes), 千克 (a unit of its own), US$ or a digit (`0"0元"` shows 1500 as
    // 15000元) would make the amount another. Beside a number with no unit, a currency sign or
    // code is as foreign (US$15000 under a 万元 header). Text among the digits is refused but
    // for a literal point.
    let money = yuan || magnitude > 0;
    let decoration = |c: char| MONEY_TEXT.contains(c) || c.is_whitespace();
    let foreign_text = |c: char| c.is_ascii_alphabetic() || "$€£₩₹".contains(c);
    if said.chars().any(|c| c.is_ascii_digit())
        || (money && !said.chars().all(decoration))
        || (!money && said.chars().any(foreign_text))
        || foreign
        || percent
        || (conditional && all.iter().any(section_says_unit))
        || (!among.is_empty() && among != ".")
    {
        return refused();
    }
    let scaled = shift + 3 * thousands;
    // The digits after a literal point are shown too.
    let fraction = decimals.map(|d| d + shift);
    match (money, scaled) {
        // Scaled by just its unit, or not at all: as shown. Scaled by another power than its
        // unit's (`0.0,"万"`, `#,##0,"元"`): the display itself is wrong.
        (true, s) if s == 0 || s == magnitude => Shown::Number { scaled, fraction, unit: Some(magnitude) },
        (false, 0) if fraction.is_none() => Shown::AsStored,
        (false, 0) => Shown::Number { scaled, fraction, unit: None },
        _ => refused(),
    }
}

/// The text a format's text section (the one with `@`) puts before and after a text cell's
/// text, where it says a unit: `@"万元"` shows `2` as `2万元`, which the cell is read as.
/// `None` where it says none (`@`, `General`).
pub(crate) fn text_affixes(code: &str) -> Option<(String, String)> {
    let section = sections(code).into_iter().find(|s| s.contains(&Token::At))?;
    let (mut before, mut after, mut seen) = (String::new(), String::new(), false);
    for token in &section {
        match token {
            Token::At => seen = true,
            Token::Text(c) if seen => after.push(*c),
            Token::Text(c) => before.push(*c),
            _ => {}
        }
    }
    before.chars().chain(after.chars()).any(says_unit).then_some((before, after))
}

impl Shown {
    /// The cell's text for the record reader, from its number as text (`stored`, as the sheet
    /// reader writes it: `2`, `1.5`): the number, or its amount in yuan where the format says
    /// a unit (`0"万元"`: `20000元`). `None` for a format refused, or a number the display rounds
    /// (`0"万元"` shows 1.5 as 2万元).
    pub(crate) fn text(&self, stored: &str) -> Option<String> {
        let Shown::Number { scaled, fraction, unit } = self else {
            return matches!(self, Shown::AsStored).then(|| stored.to_string());
        };
        let n: Decimal = stored.parse().ok()?;
        // Dividing by a power of ten moves the point: exact.
        let mut shown = n;
        shown.set_scale(n.scale().checked_add(*scaled)?).ok()?;
        if fraction.is_some_and(|f| shown.normalize().scale() > f) {
            return None;
        }
        match unit {
            None => Some(stored.to_string()),
            Some(m) => {
                let times = Decimal::from(10i64.checked_pow(m.checked_sub(*scaled)?)?);
                Some(format!("{}元", n.checked_mul(times)?.normalize()))
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
    fn a_unit_in_the_format_is_read_as_its_amount_in_yuan() {
        for (code, stored, text) in [
            ("0\"万元\"", "2", "20000元"),
            ("0.00\"万元\"", "1.5", "15000元"),
            ("#,##0.00\"万\"", "12345.6", "123456000元"),
            ("0\\万\\元", "3", "30000元"),
            ("0!万!元", "3", "30000元"),
            ("General\"万元\"", "2.5", "25000元"),
            ("G/通用格式\"万元\"", "2.125", "21250元"),
            ("0.00\"亿元\"", "1.5", "150000000元"),
            ("0.0000\"万元\"", "1.2345", "12345元"),
            ("[$¥-804]#,##0.00\"万元\";[Red]-#,##0.00", "2", "20000元"),
            ("\"¥\"0\"万元\"", "2", "20000元"),
            ("\"罚款\"0.00\"万元\"", "1.5", "15000元"),
            // Yuan said (元, ¥, the locale's $): read in yuan, whatever the header says.
            ("0\"元\"", "2", "2元"),
            ("#,##0\"元\"", "20000", "20000元"),
            ("\"人民币\"#,##0\"元\"", "20000", "20000元"),
            ("[$¥-804]#,##0.00", "15000", "15000元"),
            ("\"¥\"#,##0.00", "15000", "15000元"),
            ("$#,##0.00_);($#,##0.00)", "15000", "15000元"),
            ("_-[$¥-804]* #,##0.00_-", "15000", "15000元"),
            // Scaled by just the unit it says: the number stored, in yuan.
            ("#,##0,\"千元\"", "20000", "20000元"),
            ("0.0,,\"百万元\"", "1200000", "1200000元"),
            ("0!.0000\"万元\"", "15000", "15000元"),
            ("0\\.0000\"万\"", "15000", "15000元"),
            ("0!.0,\"万元\"", "15000", "15000元"),
            // Scientific notation shows the same number.
            ("0.00E+00\"万元\"", "12345", "123450000元"),
        ] {
            assert_eq!(read(code, stored).as_deref(), Some(text), "{code}");
        }
    }

    #[test]
    fn formats_without_a_unit_read_the_number_as_stored() {
        for code in ["General", "[DBNum2][$-804]General", "@", "yyyy\"年\"m\"月\"d\"日\""] {
            assert_eq!(shown(code), Shown::AsStored, "{code}");
        }
        for (code, stored) in [
            ("0", "15000"),
            ("#,##0.00", "15000.4"),
            ("0.00E+00", "15000"),
            ("_(* #,##0_);_(* (#,##0);_(* \"-\"_);_(@_)", "15000"),
            // A unit only in the section for negative numbers: fines are not negative.
            ("0;0\"万元\"", "2"),
            // A unit without a magnitude: the number is what is shown.
            ("0\"天\"", "17"),
            ("0.00\"吨\"", "1.5"),
        ] {
            assert_eq!(read(code, stored).as_deref(), Some(stored), "{code}");
        }
    }

    #[test]
    fn formats_that_hide_which_amount_is_meant_are_refused() {
        for code in [
            // Scaled without a unit, or by another than the one it says.
            "#,##0,",
            "0.0,\"万\"",
            "0.0,,\"亿\"",
            "0!.00\"万元\"",
            "#,##0,\"元\"",
            // Other text among the digits: 2万5000元.
            "0\"万\"0000\"元\"",
            // A percentage, another currency, a magnitude before another unit, a condition.
            "0.00%",
            "0%\"万元\"",
            "[$$-409]#,##0.00",
            "[$€-407]#,##0.00",
            "0\"万吨\"",
            "0.0\"千克\"",
            "[>=10000]#,##0\"元\";[<10000]0.00\"万元\"",
            // Hidden: the sheet shows nothing.
            ";;;",
            // Another currency, or digits in the text (0"0元" shows 1500 as 15000元).
            "0\"美元\"",
            "0\"万美元\"",
            "\"US$\"0",
            "0\"0元\"",
            "0\\0\"元\"",
            "\"1\"0\"元\"",
            "0\"000元\"",
            "\"2\"0\"万元\"",
            "0\"0\"",
        ] {
            assert_eq!(shown(code), Shown::Refused(code.to_string()), "{code}");
            assert_eq!(read(code, "123456"), None, "{code}");
        }
    }

    #[test]
    fn a_number_the_display_rounds_is_refused() {
        // 1.5 shown as 2万元, 1.2345 as 1.23万元, 15500 as 16千元 or 1.6万元, 1.5 as 2.
        for (code, stored) in [
            ("0\"万元\"", "1.5"),
            ("0.00\"万元\"", "1.2345"),
            ("#,##0,\"千元\"", "15500"),
            ("0!.0,\"万元\"", "15500"),
            ("0", "1.5"),
            ("0.0", "1.25"),
        ] {
            assert_eq!(read(code, stored), None, "{code}");
        }
        assert_eq!(read("0.00\"万元\"", "1.20").as_deref(), Some("12000元"));
        assert_eq!(read("0.00\"万元\"", "2").as_deref(), Some("20000元"));
    }

    #[test]
    fn a_text_cell_takes_the_unit_of_its_formats_text_section() {
        let affixes = |code: &str| text_affixes(code).map(|(b, a)| format!("{b}2{a}"));
        assert_eq!(affixes("@\"万元\"").as_deref(), Some("2万元"));
        assert_eq!(affixes("0;0;0;@\"元\"").as_deref(), Some("2元"));
        assert_eq!(affixes("@"), None);
        assert_eq!(affixes("0\"万元\""), None);
    }
}
