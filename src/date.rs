//! Calendar dates (`YYYY-MM-DD`), validated: `2021-02-30` is an error, not March 2nd.
//!
//! A deliberately small type: the library needs ordering, day counts and "plus N years"
//! (limitation periods, Art. 36), nothing time-zone related.

use std::fmt;
use std::str::FromStr;

/// A proleptic Gregorian calendar date between years 1 and 9999.
///
/// ```
/// use discretion::Date;
/// let d: Date = "2022-01-01".parse().unwrap();
/// assert_eq!(d.to_string(), "2022-01-01");
/// assert!("2021-02-29".parse::<Date>().is_err()); // not a leap year
/// assert!("2020-02-29".parse::<Date>().is_ok());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: u16,
    month: u8,
    day: u8,
}

/// Why a text is not a calendar date.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    /// The text is not of the form `YYYY-MM-DD`.
    #[error("`{0}` is not a date of the form YYYY-MM-DD")]
    Syntax(String),
    /// The parts are numbers but name no real day.
    #[error("`{0}` is not a calendar date (no such day)")]
    NoSuchDay(String),
}

impl DateError {
    fn no_such_day(year: u16, month: u8, day: u8) -> DateError {
        DateError::NoSuchDay(format!("{year:04}-{month:02}-{day:02}"))
    }
}

fn is_leap(year: u16) -> bool {
    (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400)
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

impl Date {
    /// The earliest date, 0001-01-01.
    pub const MIN: Date = Date { year: 1, month: 1, day: 1 };
    /// The latest date, 9999-12-31.
    pub const MAX: Date = Date { year: 9999, month: 12, day: 31 };

    /// The next `days` days later; `None` past 9999-12-31.
    pub fn add_days(self, days: u32) -> Option<Date> {
        Date::from_day_number(self.day_number().checked_add(i64::from(days))?)
    }

    /// Builds a date; an error when the day does not exist (never a silently different day).
    ///
    /// ```
    /// use discretion::Date;
    /// assert!(Date::new(2023, 7, 20).is_ok());
    /// let err = Date::new(2023, 2, 29).unwrap_err();
    /// assert_eq!(err.to_string(), "`2023-02-29` is not a calendar date (no such day)");
    /// ```
    pub fn new(year: u16, month: u8, day: u8) -> Result<Date, DateError> {
        if (1..=9999).contains(&year) && day >= 1 && day <= days_in_month(year, month) {
            Ok(Date { year, month, day })
        } else {
            Err(DateError::no_such_day(year, month, day))
        }
    }

    /// The year.
    pub fn year(self) -> u16 {
        self.year
    }
    /// The month, 1–12.
    pub fn month(self) -> u8 {
        self.month
    }
    /// The day of the month, 1–31.
    pub fn day(self) -> u8 {
        self.day
    }

    /// Days since 0001-01-01 (that day is 0). Used for exact day arithmetic and for
    /// placing dates on the same numeric axis as other facts.
    pub fn day_number(self) -> i64 {
        // Days before this year, then before this month, then the day itself.
        let y = i64::from(self.year) - 1;
        let mut n = y * 365 + y / 4 - y / 100 + y / 400;
        for m in 1..self.month {
            n += i64::from(days_in_month(self.year, m));
        }
        n + i64::from(self.day) - 1
    }

    /// The date `days` days after 0001-01-01, the inverse of [`Date::day_number`] (the civil
    /// calendar algorithm of Howard Hinnant, `civil_from_days`); `None` outside years 1–9999.
    ///
    /// ```
    /// use discretion::Date;
    /// let d = Date::new(2024, 2, 29).unwrap();
    /// assert_eq!(Date::from_day_number(d.day_number()), Some(d));
    /// ```
    pub fn from_day_number(days: i64) -> Option<Date> {
        // Days since 0000-03-01: years then start in March, so the leap day is the last one.
        let since_march = days.checked_add(306)?;
        if since_march < 0 {
            return None;
        }
        let era = since_march / 146_097;
        let day_of_era = since_march % 146_097;
        let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
        let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
        let month_from_march = (5 * day_of_year + 2) / 153;
        let day = day_of_year - (153 * month_from_march + 2) / 5 + 1;
        let month = if month_from_march < 10 { month_from_march + 3 } else { month_from_march - 9 };
        let year = era * 400 + year_of_era + i64::from(month <= 2);
        Date::new(u16::try_from(year).ok()?, u8::try_from(month).ok()?, u8::try_from(day).ok()?).ok()
    }

    /// The same month and day `years` later; 29 February becomes 28 February in a
    /// non-leap year. `None` past year 9999.
    ///
    /// ```
    /// use discretion::Date;
    /// let d = Date::new(2020, 2, 29).unwrap();
    /// assert_eq!(d.add_years(2), Date::new(2022, 2, 28).ok());
    /// ```
    pub fn add_years(self, years: u16) -> Option<Date> {
        let year = self.year.checked_add(years)?;
        let day = self.day.min(days_in_month(year, self.month));
        Date::new(year, self.month, day).ok()
    }
}

impl FromStr for Date {
    type Err = DateError;

    fn from_str(s: &str) -> Result<Date, DateError> {
        let syntax = || DateError::Syntax(s.to_string());
        let b = s.as_bytes();
        let digits = |r: std::ops::Range<usize>| -> Option<u32> {
            let part = b.get(r)?;
            if part.iter().all(u8::is_ascii_digit) { std::str::from_utf8(part).ok()?.parse().ok() } else { None }
        };
        if b.len() != 10 || b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
            return Err(syntax());
        }
        let (y, m, d) = match (digits(0..4), digits(5..7), digits(8..10)) {
            (Some(y), Some(m), Some(d)) => (y, m, d),
            _ => return Err(syntax()),
        };
        let (y, m, d) = (
            u16::try_from(y).map_err(|_| syntax())?,
            u8::try_from(m).map_err(|_| syntax())?,
            u8::try_from(d).map_err(|_| syntax())?,
        );
        Date::new(y, m, d).map_err(|_| DateError::NoSuchDay(s.to_string()))
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_impossible_days_and_bad_syntax() {
        for bad in ["2021-02-30", "2021-13-01", "2021-00-10", "0000-01-01", "2021-04-31"] {
            assert!(matches!(bad.parse::<Date>(), Err(DateError::NoSuchDay(_))), "{bad}");
        }
        for bad in ["2021-2-3", "21-02-03", "2021/02/03", "2021-02-03T00", "", "２０２１-02-03"] {
            assert!(matches!(bad.parse::<Date>(), Err(DateError::Syntax(_))), "{bad}");
        }
    }

    #[test]
    fn day_numbers_are_consecutive_across_boundaries() {
        let a = Date::new(2020, 2, 28).unwrap();
        let b = Date::new(2020, 3, 1).unwrap();
        assert_eq!(b.day_number() - a.day_number(), 2);
        let c = Date::new(2021, 1, 1).unwrap();
        let d = Date::new(2020, 12, 31).unwrap();
        assert_eq!(c.day_number() - d.day_number(), 1);
        assert_eq!(Date::new(1, 1, 1).unwrap().day_number(), 0);
    }
}
