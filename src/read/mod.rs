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

/// What a case id's character becomes: `None` kept, `Some(None)` left out, `Some(Some(x))` `x`.
fn id_char(c: char) -> Option<Option<char>> {
    match c {
        // Full-width digits and letters are ASCII ones moved by 0xFEE0. (Full-width signs stay:
        // `（2023）` is how the number is written, and it is printed as read.)
        '\u{ff10}'..='\u{ff19}' | '\u{ff21}'..='\u{ff3a}' | '\u{ff41}'..='\u{ff5a}' => {
            Some(char::from_u32(u32::from(c) - 0xfee0))
        }
        '\u{00ad}'
        | '\u{200b}'..='\u{200f}'
        | '\u{202a}'..='\u{202e}'
        | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{2069}'
        | '\u{feff}'
        | '\u{061c}' => Some(None),
        _ => None,
    }
}

/// Appends `id` to `out` as the document number it is: full-width letters and digits (`Ｄ１`,
/// `１号`, as a Chinese input method types them) as ASCII ones, and characters
/// that show nothing — zero-width spaces and joiners, a byte-order mark, a soft hyphen, direction
/// marks and controls — left out, so that two spellings of one number are one case id (a user
/// trial's `D1` and `D1` with a zero-width space were compared as two cases, printed alike).
/// Other text is kept as written: full-width signs (`（2023）`), spaces inside, and composed
/// and decomposed accents.
///
/// ```
/// let mut id = String::new();
/// discretion::read::push_case_id("粤环罚〔２０２３〕１号\u{200b}", &mut id);
/// assert_eq!(id, "粤环罚〔2023〕1号");
/// ```
pub fn push_case_id(id: &str, out: &mut String) {
    // Every character changed starts with one of these bytes in UTF-8 (U+00AD C2, U+061C D8,
    // U+200B–U+2069 E2, U+FEFF and U+FF10–U+FF5A EF); Chinese characters do not (E3–E9): a
    // document number without them is copied, at the cost of one scan.
    if !id.bytes().any(|b| matches!(b, 0xc2 | 0xd8 | 0xe2 | 0xef)) {
        out.push_str(id);
        return;
    }
    let start = out.len();
    for c in id.chars() {
        match id_char(c) {
            Some(Some(c)) => out.push(c),
            Some(None) => {}
            None => out.push(c),
        }
    }
    // Space an invisible character hid at an end (`\u{200b} D1`) is trimmed as any is.
    let pushed = out.get(start..).unwrap_or_default();
    if pushed.starts_with(char::is_whitespace) || pushed.ends_with(char::is_whitespace) {
        let trimmed = pushed.trim().to_string();
        out.truncate(start);
        out.push_str(&trimmed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two spellings of one document number are one id; other text is kept.
    #[test]
    fn case_ids_read_as_document_numbers() {
        let id = |s: &str| {
            let mut out = String::new();
            push_case_id(s, &mut out);
            out
        };
        assert_eq!(id("Ｄ１"), "D1");
        assert_eq!(id("D1\u{200b}"), "D1");
        assert_eq!(id("\u{feff}D1"), "D1");
        assert_eq!(id("D\u{2060}1\u{00ad}"), "D1");
        assert_eq!(id("〔2023〕１号"), "〔2023〕1号");
        assert_eq!(id("粤环罚〔2023〕1号"), "粤环罚〔2023〕1号");
        assert_eq!(id("Café-1"), "Café-1");
        assert_eq!(id("ＡＢ－１２"), "AB－12");
        assert_eq!(id("粤环罚（2023）１号"), "粤环罚（2023）1号");
        assert_eq!(id("\u{200b} D1"), "D1");
        // Every character changed is caught by the scan's lead bytes: none is copied as is.
        for c in (0u32..=0x10ffff).filter_map(char::from_u32).filter(|&c| id_char(c).is_some()) {
            assert!(matches!(c.to_string().as_bytes()[0], 0xc2 | 0xd8 | 0xe2 | 0xef), "{c:?}");
        }
    }

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
