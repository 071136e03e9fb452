//! The text grammar of case files: amounts and dates written the way officials write them
//! in the CSV exports of enforcement systems, JSON Lines and spreadsheets.
//!
//! Each reader accepts a small, documented set of forms and refuses everything else with a
//! reason, rather than guessing: a fine read wrongly is worse than a fine not read.
//!
//! - [`amount::parse_amount`]: `5000`, `5,000.00`, `0.5万元`, `人民币伍仟元整`,
//!   `340元（大写：叁佰肆拾元整）`, exactly into a `Decimal`.
//! - [`date::parse_date`]: `2023-05-01`, `2023/5/1`, `2023年5月1日`, `20230501`, optionally
//!   followed by a time of day; [`date::excel_serial_date`] for serial day numbers of `.xlsx`
//!   cells.
//! - [`record`]: records → cases, columns resolved once per header (Chinese headers included).
//! - [`structured`]: YAML and JSON records flattened into `(field, value)` pairs.
//! - [`RecordChecker`]: records in, assessments out, with reused buffers — the batch API for
//!   programs that embed the library; [`Benchmark::check_all`](crate::Benchmark::check_all)
//!   checks a slice of cases on several threads.

pub mod amount;
mod checker;
pub mod date;
pub mod record;
pub mod structured;

pub use checker::RecordChecker;

/// Longest quotation of the input in an error message, in characters.
const QUOTE_CHARS: usize = 64;

/// The input for an error message: at most [`QUOTE_CHARS`] characters, then `…`, so that a
/// field of hundreds of megabytes is never copied whole.
pub(crate) fn quote(text: &str) -> String {
    match text.char_indices().nth(QUOTE_CHARS) {
        None => text.to_string(),
        Some((cut, _)) => format!("{}…", text.get(..cut).unwrap_or_default()),
    }
}

/// `text` without the whitespace around it, as [`str::trim`] — with a fast path for the field
/// that nearly every cell of an export is: one starting and ending with a visible ASCII
/// character, which no trimming changes (`str::trim` decodes characters at both ends to test
/// them for Unicode whitespace, `U+3000` included; a field starting or ending with any other
/// byte still goes through it).
#[inline]
pub(crate) fn trim(text: &str) -> &str {
    let visible = |b: Option<&u8>| b.is_some_and(|b| (b'!'..=b'~').contains(b));
    if visible(text.as_bytes().first()) && visible(text.as_bytes().last()) { text } else { text.trim() }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fast path trims exactly what `str::trim` does, for every kind of end.
    #[test]
    fn trim_is_str_trim() {
        for text in [
            "",
            " ",
            "5000",
            " 5000",
            "5000 ",
            "\t5000\r",
            "\u{3000}5000\u{3000}",
            "伍仟",
            "a",
            "a b",
            "\u{b}x\u{b}",
            "x\u{a0}",
            "\u{7f}",
            "~!",
            "\u{2003}",
        ] {
            assert_eq!(trim(text), text.trim(), "{text:?}");
        }
    }

    #[test]
    fn quotations_are_cut_at_64_characters() {
        assert_eq!(quote("5000"), "5000");
        let long = "伍".repeat(64);
        assert_eq!(quote(&long), long);
        let longer = "伍".repeat(65);
        assert_eq!(quote(&longer), format!("{long}…"));
        assert_eq!(quote(&"9".repeat(1_000_000)).chars().count(), 65);
    }
}
