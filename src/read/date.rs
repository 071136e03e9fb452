//! Record dates as written in case files, validated against the calendar.
//!
//! # Accepted forms ([`parse_date`])
//!
//! | form | example |
//! |------|---------|
//! | ISO (the common case, read by a fast path) | `2023-05-01` |
//! | `-`, `/` or `.` between year, month and day; one- or two-digit month and day | `2023-5-1`, `2023/5/1`, `2023.05.01` |
//! | Chinese | `2023年5月1日`, `2023 年 5 月 1 日`, `2023年5月1号`, `二〇二三年五月一日` |
//! | eight digits | `20230501` |
//!
//! The year has four digits; the same separator is used twice. Surrounding whitespace is
//! ignored. A **time of day** may follow the date, as exports often add one: after
//! whitespace (or `T` after an ISO date), `H:MM`, `H:MM:SS` or `H:MM:SS.fraction`, with hours
//! 0–23, minutes and seconds 0–59: `2023-05-01 00:00:00`, `2023/5/1 0:00`,
//! `2023-05-01T08:30:00.000`. The time must be valid, and is then ignored. A time zone after
//! it (`Z`, `+08:00`) is refused, because the date of the record is the local date and
//! shifting it is not this reader's business.
//!
//! `2021-02-30` is refused, not read as March 2nd. A bare five-digit number such as `45000`
//! is refused with a hint: it is almost certainly an Excel serial date that lost its format;
//! cells known to hold serial dates are read with [`excel_serial_date`].

use crate::Date;

/// Why a text is not a record date.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DateTextError {
    /// Not one of the accepted forms.
    #[error("`{0}` is not a date (write 2023-05-01, 2023/5/1, 2023.5.1, 2023年5月1日 or 20230501)")]
    Syntax(String),
    /// The year, month and day name no real day.
    #[error("`{0}` is not a calendar date (no such day)")]
    NoSuchDay(String),
    /// The time after the date is not a time of day.
    #[error("`{0}` has a time after the date that is not a time of day (0:00 to 23:59:59)")]
    Time(String),
    /// A time zone after the time.
    #[error("`{0}` has a time zone; give the local date instead (2023-05-01)")]
    TimeZone(String),
    /// A bare five-digit number, given where a written date is expected.
    #[error(
        "`{0}` looks like an Excel serial date number: the cell holds a count of days, not a date; format the column as dates (2023-05-01) in the spreadsheet (an .xlsx cell formatted as a date is read as one, in the file itself or exported)"
    )]
    LooksLikeSerial(String),
    /// Not an Excel serial day number.
    #[error("`{0}` is not an Excel serial date (a day number from 1 = 1900-01-01 to 2958465 = 9999-12-31)")]
    Serial(String),
    /// Excel's serial 60, the fictitious 1900-02-29.
    #[error("`{0}` is Excel's serial number for 1900-02-29, a day that never existed")]
    Fictitious(String),
}

impl DateTextError {
    /// The same error, said of `text` (the date as written, before it was put in plain form).
    fn for_text(self, text: &str) -> DateTextError {
        let t = super::quote(text);
        match self {
            DateTextError::Syntax(_) => DateTextError::Syntax(t),
            DateTextError::NoSuchDay(_) => DateTextError::NoSuchDay(t),
            DateTextError::Time(_) => DateTextError::Time(t),
            DateTextError::TimeZone(_) => DateTextError::TimeZone(t),
            DateTextError::LooksLikeSerial(_) => DateTextError::LooksLikeSerial(t),
            DateTextError::Serial(_) => DateTextError::Serial(t),
            DateTextError::Fictitious(_) => DateTextError::Fictitious(t),
        }
    }

    /// The explanation in Chinese.
    pub fn zh(&self) -> String {
        match self {
            DateTextError::Syntax(t) => {
                format!("“{t}”不是日期（应写作 2023-05-01、2023/5/1、2023.5.1、2023年5月1日 或 20230501）")
            }
            DateTextError::NoSuchDay(t) => format!("“{t}”不是真实存在的日期"),
            DateTextError::Time(t) => format!("“{t}”日期后的时间不是有效时刻（0:00 至 23:59:59）"),
            DateTextError::TimeZone(t) => format!("“{t}”带有时区，请写当地日期（2023-05-01）"),
            DateTextError::LooksLikeSerial(t) => {
                format!(
                    "“{t}”像是 Excel 日期序号：单元格中是天数而非日期；请在表格中将该列设为日期格式（2023-05-01）（设为日期格式的 .xlsx 单元格按日期读取，无论直接读取还是导出）"
                )
            }
            DateTextError::Serial(t) => format!("“{t}”不是 Excel 日期序号（1 即 1900-01-01 至 2958465 即 9999-12-31）"),
            DateTextError::Fictitious(t) => format!("“{t}”是 Excel 中不存在的 1900-02-29 的序号"),
        }
    }
}

/// Parses a record date: see the [module documentation](self) for the forms accepted.
///
/// ```
/// use discretion::{Date, read::date::parse_date};
/// let may_day = Date::new(2023, 5, 1).unwrap();
/// for text in ["2023-05-01", "2023/5/1", "2023.5.1", "2023年5月1日", "20230501", "2023-05-01 00:00:00"] {
///     assert_eq!(parse_date(text), Ok(may_day), "{text}");
/// }
/// assert!(parse_date("2021-02-30").is_err());
/// assert!(parse_date("45047").unwrap_err().to_string().contains("Excel serial date"));
/// ```
pub fn parse_date(text: &str) -> Result<Date, DateTextError> {
    let trimmed = super::trim(text);
    if let Some(date) = iso(trimmed) {
        return date.ok_or_else(|| DateTextError::NoSuchDay(super::quote(text)));
    }
    // A decision document's date (二〇二三年五月一日, 2023 年 5 月 1 日, 5号) in the plain form.
    if let Some(plain) = chinese_form(trimmed) {
        return parse_date(&plain).map_err(|e| e.for_text(text));
    }
    let syntax = || DateTextError::Syntax(super::quote(text));
    if looks_like_serial(trimmed) {
        return Err(DateTextError::LooksLikeSerial(super::quote(text)));
    }
    let (year, month, day, rest, iso_like) = if let Some((compact, rest)) = digits(trimmed, 8, 8) {
        // YYYYMMDD
        (compact / 10_000, compact / 100 % 100, compact % 100, rest, false)
    } else {
        let (year, rest) = digits(trimmed, 4, 4).ok_or_else(syntax)?;
        let (month, day, rest, iso_like) = separated(rest).ok_or_else(syntax)?;
        (year, month, day, rest, iso_like)
    };
    if !rest.is_empty() {
        let time = match rest.strip_prefix('T') {
            Some(time) if iso_like => time,
            _ if rest.starts_with(char::is_whitespace) => rest.trim_start(),
            _ => return Err(syntax()),
        };
        time_of_day(time).map_err(|e| match e {
            TimeError::Syntax => syntax(),
            TimeError::Range => DateTextError::Time(super::quote(text)),
            TimeError::Zone => DateTextError::TimeZone(super::quote(text)),
        })?;
    }
    let date = match (u16::try_from(year), u8::try_from(month), u8::try_from(day)) {
        (Ok(year), Ok(month), Ok(day)) => Date::new(year, month, day).ok(),
        _ => None,
    };
    date.ok_or_else(|| DateTextError::NoSuchDay(super::quote(text)))
}

/// A Chinese date as decision documents write it, in the plain form `2023年5月1日` (and the
/// rest of the text after it), or `None` when it is not one or is plain already: spaces between
/// the parts dropped, `号` for `日`, and Chinese numerals — the year digit by digit
/// (二〇二三, 二零二三), the month and day in words (十二, 二十一, 三十一).
fn chinese_form(text: &str) -> Option<String> {
    // The plain form itself (the common case) is left to the plain reader, with no copy.
    let date = text.split(['日', '号']).next().unwrap_or(text);
    let plain = |c: char| c.is_ascii_digit() || c == '年' || c == '月';
    if !text.contains('年') || (!text.contains('号') && date.chars().all(plain)) {
        return None;
    }
    let (year, rest) = text.split_once('年')?;
    let (month, rest) = rest.split_once('月')?;
    let end = rest.find(['日', '号'])?;
    let (day, after) = (rest.get(..end)?, rest.get(end + '日'.len_utf8()..)?);
    let squeeze = |s: &str| -> String { s.chars().filter(|c| !c.is_whitespace()).collect() };
    let (year, month, day) = (squeeze(year), squeeze(month), squeeze(day));
    let year: String =
        year.chars().map(|c| digit(c).map_or(Some(c), |d| char::from_digit(d, 10))).collect::<Option<_>>()?;
    let plain = format!("{year}年{}月{}日{after}", number(&month)?, number(&day)?);
    (plain != text).then_some(plain)
}

/// A Chinese digit's value (〇 and 零 are 0).
fn digit(c: char) -> Option<u32> {
    "〇一二三四五六七八九".chars().position(|d| d == c).or((c == '零' || c == '○').then_some(0)).map(|d| d as u32)
}

/// A month or day: Arabic digits as they are, or Chinese numerals up to 三十九 in Arabic.
fn number(text: &str) -> Option<String> {
    if !text.is_empty() && text.chars().all(|c| c.is_ascii_digit()) {
        return Some(text.to_string());
    }
    let chars: Vec<char> = text.chars().collect();
    let value = match chars.as_slice() {
        ['十'] => Some(10),
        [one] => digit(*one).filter(|d| *d > 0),
        ['十', one] => digit(*one).filter(|d| *d > 0).map(|d| 10 + d),
        [ten, '十'] => digit(*ten).filter(|d| *d > 1).map(|d| 10 * d),
        [ten, '十', one] => Some(10 * digit(*ten).filter(|d| *d > 1)? + digit(*one).filter(|d| *d > 0)?),
        _ => None,
    }?;
    Some(value.to_string())
}

/// After the year: `-M-D`, `/M/D`, `.M.D` (the same separator twice) or `年M月D日`; the month,
/// the day, the rest, and whether it was the ISO separator `-`.
fn separated(rest: &str) -> Option<(u32, u32, &str, bool)> {
    if let Some(rest) = rest.strip_prefix('年') {
        let (month, rest) = digits(rest, 1, 2)?;
        let (day, rest) = digits(rest.strip_prefix('月')?, 1, 2)?;
        return Some((month, day, rest.strip_prefix('日')?, false));
    }
    let separator = rest.chars().next().filter(|c| matches!(c, '-' | '/' | '.'))?;
    let (month, rest) = digits(rest.get(1..)?, 1, 2)?;
    let (day, rest) = digits(rest.strip_prefix(separator)?, 1, 2)?;
    Some((month, day, rest, separator == '-'))
}

/// The fast path, `YYYY-MM-DD` exactly: `None` for any other shape, `Some(None)` for a day
/// that does not exist.
fn iso(text: &str) -> Option<Option<Date>> {
    let b = text.as_bytes();
    if b.len() != 10 || b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return None;
    }
    let number = |range: std::ops::Range<usize>| -> Option<u16> {
        b.get(range)?.iter().try_fold(0u16, |n, c| c.is_ascii_digit().then(|| n * 10 + u16::from(c - b'0')))
    };
    let (year, month, day) = (number(0..4)?, number(5..7)?, number(8..10)?);
    Some(Date::new(year, u8::try_from(month).ok()?, u8::try_from(day).ok()?).ok())
}

/// Five digits, perhaps with a fraction (`45000`, `45000.5`): an Excel serial date read as
/// text.
fn looks_like_serial(text: &str) -> bool {
    let (int, frac) = text.split_once('.').unwrap_or((text, "0"));
    int.len() == 5 && !frac.is_empty() && int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit())
}

/// Between `min` and `max` ASCII digits at the start of `text`, not followed by another
/// digit: their value and the rest.
fn digits(text: &str, min: usize, max: usize) -> Option<(u32, &str)> {
    let count = text.bytes().take(max.checked_add(1)?).take_while(u8::is_ascii_digit).count();
    if count < min || count > max {
        return None;
    }
    let value =
        text.get(..count)?.bytes().try_fold(0u32, |n, b| n.checked_mul(10)?.checked_add(u32::from(b - b'0')))?;
    Some((value, text.get(count..)?))
}

/// What is wrong with a time of day.
enum TimeError {
    Syntax,
    Range,
    Zone,
}

/// `H:MM`, `H:MM:SS` or `H:MM:SS.fraction`, valid, and nothing after it.
fn time_of_day(text: &str) -> Result<(), TimeError> {
    let (hour, rest) = digits(text, 1, 2).ok_or(TimeError::Syntax)?;
    let rest = rest.strip_prefix(':').ok_or(TimeError::Syntax)?;
    let (minute, mut rest) = digits(rest, 2, 2).ok_or(TimeError::Syntax)?;
    let mut second = 0;
    if let Some(after) = rest.strip_prefix(':') {
        (second, rest) = digits(after, 2, 2).ok_or(TimeError::Syntax)?;
        if let Some(fraction) = rest.strip_prefix('.') {
            let count = fraction.bytes().take_while(u8::is_ascii_digit).count();
            if count == 0 {
                return Err(TimeError::Syntax);
            }
            rest = fraction.get(count..).unwrap_or_default();
        }
    }
    if rest.starts_with(['Z', 'z', '+', '-']) {
        return Err(TimeError::Zone);
    }
    if !rest.is_empty() {
        return Err(TimeError::Syntax);
    }
    if hour > 23 || minute > 59 || second > 59 {
        return Err(TimeError::Range);
    }
    Ok(())
}

/// The largest Excel serial date, 9999-12-31.
pub const EXCEL_SERIAL_MAX: u32 = 2_958_465;

/// The date of an Excel serial day number in the 1900 date system, for cells of `.xlsx`
/// files that hold dates (not for text fields: [`parse_date`] refuses bare serials).
///
/// The serial is given as text because that is how an `.xlsx` file stores a number
/// (`<v>45000.375</v>`): digits, optionally with a fraction, which is the time of day and is
/// ignored. Serial 1 is 1900-01-01 and 2958465 is 9999-12-31. Excel, copying Lotus 1-2-3,
/// counts a 29 February 1900 that never existed: serial 60 is that fictitious day and is
/// refused, serials up to 59 are January and February 1900 as named, and from 61 (1900-03-01)
/// on every serial is one more than the days since 1899-12-31. The 1904 date system of old
/// Mac workbooks is not supported.
///
/// ```
/// use discretion::{Date, read::date::excel_serial_date};
/// assert_eq!(excel_serial_date("45000"), Ok(Date::new(2023, 3, 15).unwrap()));
/// assert_eq!(excel_serial_date("45000.75"), Ok(Date::new(2023, 3, 15).unwrap()));
/// assert!(excel_serial_date("60").is_err()); // 1900-02-29
/// ```
pub fn excel_serial_date(serial: &str) -> Result<Date, DateTextError> {
    let invalid = || DateTextError::Serial(super::quote(serial));
    let trimmed = serial.trim();
    let (int, frac) = match trimmed.split_once('.') {
        Some((int, frac)) => (int, Some(frac)),
        None => (trimmed, None),
    };
    if frac.is_some_and(|frac| frac.is_empty() || !frac.bytes().all(|b| b.is_ascii_digit())) {
        return Err(invalid());
    }
    let (number, rest) = digits(int, 1, 7).ok_or_else(invalid)?;
    if !rest.is_empty() || !(1..=EXCEL_SERIAL_MAX).contains(&number) {
        return Err(invalid());
    }
    if number == 60 {
        return Err(DateTextError::Fictitious(super::quote(serial)));
    }
    serial_day(number).ok_or_else(invalid)
}

/// 0001-01-01 is day 0; 1899-12-31, Excel's day 0, is day 693 594.
const DAY_NUMBER_OF_1899_12_31: i64 = 693_594;

/// The date of an Excel serial (1900 system), `None` for 60 (1900-02-29) and out of range.
fn serial_day(number: u32) -> Option<Date> {
    let days_after_1899_12_31 = match number {
        1..=59 => number,
        61..=EXCEL_SERIAL_MAX => number.checked_sub(1)?,
        _ => return None,
    };
    DAY_NUMBER_OF_1899_12_31.checked_add(i64::from(days_after_1899_12_31)).and_then(Date::from_day_number)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: u16, m: u8, d: u8) -> Date {
        Date::new(y, m, d).unwrap()
    }

    #[test]
    fn every_form_reads_the_same_day() {
        let may_day = date(2023, 5, 1);
        for text in [
            "2023-05-01",
            "2023-5-1",
            "2023-05-1",
            "2023/5/1",
            "2023/05/01",
            "2023.5.1",
            "2023.05.01",
            "2023年5月1日",
            "2023年05月01日",
            "20230501",
            "  2023-05-01\t",
            "\u{3000}2023年5月1日\u{3000}",
            "2023-05-01 00:00:00",
            "2023-05-01 00:00",
            "2023/5/1 0:00",
            "2023/5/1 23:59:59",
            "2023.5.1 8:30",
            "2023年5月1日 08:30",
            "20230501 12:00:00",
            "2023-05-01T08:30:00",
            "2023-05-01T08:30",
            "2023-05-01 00:00:00.0",
            "2023-05-01 00:00:00.000000",
            "2023-05-01   00:00:00",
            // As decision documents write them.
            "2023 年 5 月 1 日",
            "2023年5月1号",
            "二〇二三年五月一日",
            "二零二三年五月一日",
            "二〇二三年五月一日 08:30",
            "2023年五月1日",
        ] {
            assert_eq!(parse_date(text), Ok(may_day), "{text}");
        }
        for (text, day) in [
            ("二〇二三年十二月三十一日", date(2023, 12, 31)),
            ("二〇二三年十月十日", date(2023, 10, 10)),
            ("二〇二三年十一月二十日", date(2023, 11, 20)),
            ("二〇二三年二月十九日", date(2023, 2, 19)),
            ("一九九九年九月九号", date(1999, 9, 9)),
        ] {
            assert_eq!(parse_date(text), Ok(day), "{text}");
        }
        assert_eq!(parse_date("2023-12-31"), Ok(date(2023, 12, 31)));
        assert_eq!(parse_date("0001-01-01"), Ok(Date::MIN));
        assert_eq!(parse_date("9999/12/31"), Ok(date(9999, 12, 31)));
    }

    #[test]
    fn days_that_do_not_exist_are_refused() {
        for text in ["二〇二三年十三月一日", "二〇二三年五月三十二日", "二〇二一年二月二十九日"]
        {
            // Said of the date as written.
            assert_eq!(parse_date(text), Err(DateTextError::NoSuchDay(text.to_string())), "{text}");
        }
        for text in [
            "2021-02-30",
            "2021-02-29",
            "1900-02-29",
            "2100/2/29",
            "2021年4月31日",
            "20210431",
            "2021-13-01",
            "2021-00-10",
            "2021-01-00",
            "0000-01-01",
            "2021.1.32",
            "2021-02-30 00:00:00",
        ] {
            assert!(matches!(parse_date(text), Err(DateTextError::NoSuchDay(_))), "{text}");
        }
    }

    #[test]
    fn leap_years_follow_the_gregorian_rule() {
        for (year, leap) in [(2020, true), (2021, false), (2000, true), (1900, false), (2100, false), (2400, true)] {
            let text = format!("{year}-02-29");
            assert_eq!(parse_date(&text).is_ok(), leap, "{text}");
            assert_eq!(parse_date(&format!("{year}年2月29日")).is_ok(), leap);
        }
    }

    #[test]
    fn other_texts_are_refused() {
        for text in [
            "",
            "   ",
            "abc",
            "2023",
            "2023-05",
            "2023-5",
            "23-05-01",
            "2023-05-01-",
            "2023-5/1",
            "2023/5-1",
            "2023-005-01",
            "2023-05-001",
            "202305",
            "2023050",
            "202305011",
            "2023-05-01x",
            "2023-05-01 abc",
            "2023-05-01 8",
            "2023-05-01 8:5",
            "2023-05-01 08:30:",
            "2023-05-01 08:30:00.",
            "2023-05-01T",
            "2023/5/1T08:30",
            "2023-05-01 08:30 PM",
            "2023年5月1",
            "二〇二三年五月",
            "二〇二三年五月零日",
            "二〇二三年一十月一日",
            "二〇二三年五月十十日",
            "二〇二三年五月一日号",
            "二〇二X年五月一日",
            "２０２３-05-01",
            "-2023-05-01",
            "+2023-05-01",
            "99999999999999999999999999",
            "2023-99999999999999999999-01",
            "1234567",
            "4500",
            "450000",
        ] {
            assert!(matches!(parse_date(text), Err(DateTextError::Syntax(_))), "{text}");
        }
        for text in ["2023-05-01 24:00", "2023-05-01 23:60", "2023-05-01 23:59:60", "2023/5/1 99:00"] {
            assert!(matches!(parse_date(text), Err(DateTextError::Time(_))), "{text}");
        }
        for text in ["2023-05-01T08:30:00Z", "2023-05-01 08:30:00+08:00", "2023-05-01T23:00:00-05:00"] {
            assert!(matches!(parse_date(text), Err(DateTextError::TimeZone(_))), "{text}");
        }
    }

    #[test]
    fn bare_serial_numbers_get_a_hint() {
        for text in ["45000", " 45047 ", "45000.5", "10000"] {
            let e = parse_date(text).unwrap_err();
            assert!(matches!(e, DateTextError::LooksLikeSerial(_)), "{text}");
            assert!(e.to_string().contains("looks like an Excel serial date number"));
        }
    }

    #[test]
    fn errors_quote_at_most_64_characters() {
        let e = parse_date(&"2".repeat(10_000_000)).unwrap_err();
        let DateTextError::Syntax(quoted) = &e else { panic!("{e:?}") };
        assert_eq!(quoted.chars().count(), 65);
        assert!(quoted.ends_with('…'));
    }

    #[test]
    fn excel_serials_in_the_1900_system() {
        for (serial, want) in [
            ("1", date(1900, 1, 1)),
            ("2", date(1900, 1, 2)),
            ("31", date(1900, 1, 31)),
            ("59", date(1900, 2, 28)),
            ("61", date(1900, 3, 1)),
            ("366", date(1900, 12, 31)),
            ("367", date(1901, 1, 1)),
            ("25569", date(1970, 1, 1)),
            ("36526", date(2000, 1, 1)),
            ("36585", date(2000, 2, 29)),
            ("44927", date(2023, 1, 1)),
            ("45000", date(2023, 3, 15)),
            ("45047", date(2023, 5, 1)),
            ("45000.0", date(2023, 3, 15)),
            ("45000.999999", date(2023, 3, 15)),
            (" 45000 ", date(2023, 3, 15)),
            ("2958465", date(9999, 12, 31)),
        ] {
            assert_eq!(excel_serial_date(serial), Ok(want), "{serial}");
        }
        assert!(matches!(excel_serial_date("60"), Err(DateTextError::Fictitious(_))));
        for bad in [
            "0",
            "2958466",
            "99999999999999999999",
            "-1",
            "+45000",
            "45000.",
            ".5",
            "4.5e4",
            "45,000",
            "",
            "abc",
            "45000x",
        ] {
            assert!(matches!(excel_serial_date(bad), Err(DateTextError::Serial(_))), "{bad}");
        }
    }

    #[test]
    fn consecutive_serials_are_consecutive_days() {
        assert_eq!(date(1899, 12, 31).day_number(), DAY_NUMBER_OF_1899_12_31);
        let mut previous = serial_day(1).unwrap();
        for serial in 2..=EXCEL_SERIAL_MAX {
            let Some(day) = serial_day(serial) else {
                assert_eq!(serial, 60);
                continue;
            };
            // 59 and 61 too: 1900-02-28 and 1900-03-01.
            assert_eq!(day.day_number() - previous.day_number(), 1, "{serial}");
            previous = day;
        }
        assert_eq!(previous, date(9999, 12, 31));
        assert_eq!(serial_day(0), None);
        assert_eq!(serial_day(EXCEL_SERIAL_MAX + 1), None);
        assert_eq!(serial_day(u32::MAX), None);
        for serial in (1..=EXCEL_SERIAL_MAX).step_by(997) {
            assert_eq!(excel_serial_date(&serial.to_string()).ok(), serial_day(serial), "{serial}");
        }
    }

    #[test]
    fn day_numbers_invert() {
        for n in (0..=date(9999, 12, 31).day_number()).step_by(13) {
            assert_eq!(Date::from_day_number(n).unwrap().day_number(), n);
        }
        for d in [Date::MIN, date(1600, 2, 29), date(2000, 2, 29), date(2000, 3, 1), date(9999, 12, 31)] {
            assert_eq!(Date::from_day_number(d.day_number()), Some(d));
        }
        assert_eq!(Date::from_day_number(-1), None);
        assert_eq!(Date::from_day_number(date(9999, 12, 31).day_number() + 1), None);
        assert_eq!(Date::from_day_number(i64::MAX), None);
    }
}
