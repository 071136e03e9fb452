//! Spreadsheets (`.xlsx`, `.xlsm`, `.xls`, `.xlsb`, `.ods`) read with `calamine`: the first sheet
//! (or `--sheet`), the first row as the header, every later row a record numbered by its row.
//!
//! Cells become the text the record reader takes: text as is; whole numbers without a decimal
//! point; other numbers to 15 significant digits, as the spreadsheet displays them
//! (spreadsheets store numbers in binary: a fine typed as `5000.1` is read as `5000.1`, a
//! formula's 29999.999999999996 as `30000`, and a number above 2⁵³ that no binary number holds
//! exactly is refused);
//! dates as `YYYY-MM-DD` (Excel serial dates included); errors (`#N/A`) as unreadable, and so
//! is a formula whose value was never computed (files written by programs that do not compute
//! formulas): its value is unknown, not empty.

use std::path::Path;

use calamine::{Data, Reader, open_workbook_auto};
use discretion::Benchmark;
use discretion::check::PreparedCase;
use discretion::read::record::Columns;

use discretion::table::Text;

use super::input::{Mapping, Outcome, Records};

/// The most cells read from one sheet (a sheet is read whole).
const MAX_CELLS: usize = 50_000_000;

/// Largest integer every binary number below it represents exactly.
const EXACT: f64 = 9_007_199_254_740_992.0;

/// A cell as record text, or why it cannot be read (in English and Chinese).
fn text(cell: &Data) -> Result<String, (String, String)> {
    Ok(match cell {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::Float(f) if !f.is_finite() => return Err((format!("`{f}` is not a number"), format!("“{f}”不是数字"))),
        Data::Float(f) if f.abs() >= EXACT => {
            return Err((
                format!("{f} is too large for a spreadsheet to hold exactly; store it as text"),
                format!("{f} 超出电子表格能精确保存的范围，请以文本格式保存"),
            ));
        }
        Data::Float(f) if f.fract() == 0.0 => format!("{}", *f as i64),
        Data::Float(f) => displayed(*f),
        Data::DateTime(d) => match discretion::read::date::excel_serial_date(&format!("{}", d.as_f64())) {
            Ok(date) => date.to_string(),
            Err(e) => return Err((e.to_string(), e.zh())),
        },
        Data::Error(e) => return Err((format!("the cell holds the error {e}"), format!("单元格为错误值 {e}"))),
    })
}

/// A number as the spreadsheet displays it: to 15 significant digits, the precision Excel
/// keeps. A formula's result carries binary noise past them (`=0.3*100000` is stored as
/// 29999.999999999996), and read digit for digit a fine of 30,000 would sit below a band's
/// end of 30,000.
fn displayed(f: f64) -> String {
    // `{:.14e}`: one digit, the point, 14 more — 15 significant digits, rounded.
    match rust_decimal::Decimal::from_scientific(&format!("{f:.14e}")) {
        Ok(d) => d.normalize().to_string(),
        // Beyond Decimal's 28 digits of scale (below 1e-28): as stored.
        Err(_) => format!("{f}"),
    }
}

/// The records of one sheet.
pub(crate) struct SheetRecords<'r> {
    rules: &'r Benchmark,
    rows: Vec<Vec<Data>>,
    next: usize,
    columns: Option<Columns>,
    unread: Vec<(String, Option<String>)>,
    error: Option<Text>,
    values: Vec<String>,
    /// Cells without a value that hold a formula (a file saved by a program that does not
    /// compute formulas): (row, column) among `rows`, with the formula.
    formulas: std::collections::BTreeMap<(usize, usize), String>,
}

/// Opens a workbook and its sheet.
pub(crate) fn records<'r>(
    rules: &'r Benchmark,
    path: &Path,
    sheet: Option<&str>,
    mapping: &Mapping,
) -> Result<SheetRecords<'r>, Text> {
    let name = path.display();
    let mut book = open_workbook_auto(path).map_err(|e| {
        Text::new(format!("{name}：不是可读取的电子表格：{e}"), format!("{name}: not a readable spreadsheet: {e}"))
    })?;
    let sheets = book.sheet_names();
    let chosen = match sheet {
        Some(s) => sheets.iter().find(|x| x.as_str() == s).cloned().ok_or_else(|| {
            Text::new(
                format!("{name}：没有名为“{s}”的工作表；工作表有：{}", sheets.join("、")),
                format!("{name}: no sheet `{s}`; the sheets are: {}", sheets.join(", ")),
            )
        })?,
        None => sheets.first().cloned().ok_or_else(|| {
            Text::new(format!("{name}：工作簿中没有工作表"), format!("{name}: the workbook has no sheet"))
        })?,
    };
    let range = book
        .worksheet_range(&chosen)
        .map_err(|e| Text::new(format!("{name}：工作表“{chosen}”：{e}"), format!("{name}: sheet `{chosen}`: {e}")))?;
    let (h, w) = range.get_size();
    if h.saturating_mul(w) > MAX_CELLS {
        return Err(Text::new(
            format!("{name}：工作表“{chosen}”有 {h} × {w} 个单元格，超过一次读取的上限 {MAX_CELLS}；请导出为 CSV"),
            format!(
                "{name}: sheet `{chosen}` has {h} × {w} cells, more than the {MAX_CELLS} read at once; export it as CSV"
            ),
        ));
    }
    let mut rows: Vec<Vec<Data>> = range.rows().map(<[Data]>::to_vec).collect();
    // A formula whose value was never computed reads as an empty cell, or not at all past the
    // last row with a value: its value is unknown, not absent, so such cells are found to be
    // said, and their rows kept (a sheet without formulas costs nothing).
    let mut formulas = std::collections::BTreeMap::new();
    if let (Ok(f), Some((r0, c0))) = (book.worksheet_formula(&chosen), range.start()) {
        let (fh, fw) = f.get_size();
        if fh.saturating_mul(fw) > MAX_CELLS {
            return Err(Text::new(
                format!(
                    "{name}：工作表“{chosen}”有 {fh} × {fw} 个公式单元格，超过一次读取的上限 {MAX_CELLS}；请导出为 CSV"
                ),
                format!(
                    "{name}: sheet `{chosen}` has {fh} × {fw} formula cells, more than the {MAX_CELLS} read at once; export it as CSV"
                ),
            ));
        }
        let (fr0, fc0) = f.start().unwrap_or((r0, c0));
        let width = rows.first().map_or(0, Vec::len);
        for (row, col, formula) in f.used_cells() {
            let at = (fr0 as usize + row, fc0 as usize + col);
            // Relative to the values' range, whose first row is the header.
            let (Some(r), Some(c)) = (at.0.checked_sub(r0 as usize), at.1.checked_sub(c0 as usize)) else { continue };
            if r == 0 || formula.is_empty() {
                continue;
            }
            while rows.len() <= r {
                rows.push(vec![Data::Empty; width]);
            }
            if rows.get(r).and_then(|x| x.get(c)).is_none_or(|cell| matches!(cell, Data::Empty)) {
                // Rows are numbered without the header below.
                formulas.insert((r - 1, c), formula.clone());
            }
        }
    }
    let header: Vec<String> =
        if rows.is_empty() { Vec::new() } else { rows.remove(0).iter().map(|c| text(c).unwrap_or_default()).collect() };
    let columns = mapping.columns(rules, header.iter().map(String::as_str));
    let unread = columns.unread().map(|(_, n, h)| (n.to_string(), h.map(str::to_string))).collect();
    Ok(SheetRecords { rules, rows, next: 0, columns: Some(columns), unread, error: None, values: Vec::new(), formulas })
}

impl<'r> Records<'r> for SheetRecords<'r> {
    fn next(&mut self, into: &mut PreparedCase<'r>) -> Option<Outcome> {
        into.clear();
        if let Some(e) = self.error.take() {
            return Some((1, Err(e)));
        }
        // Rows of empty cells are blank lines, skipped as in a CSV file (a formula without a
        // value is not empty).
        let blank = |c: &Data| matches!(c, Data::Empty) || matches!(c, Data::String(s) if s.trim().is_empty());
        fn uncomputed(
            formulas: &std::collections::BTreeMap<(usize, usize), String>,
            k: usize,
        ) -> Option<(usize, &str)> {
            formulas.range((k, 0)..(k + 1, 0)).next().map(|((_, c), f)| (*c, f.as_str()))
        }
        while self.rows.get(self.next).is_some_and(|r| r.iter().all(blank))
            && uncomputed(&self.formulas, self.next).is_none()
        {
            self.next += 1;
        }
        let row = self.rows.get(self.next)?;
        self.next += 1;
        // The header is row 1.
        let line = self.next as u64 + 1;
        let columns = self.columns.as_ref()?;
        self.values.clear();
        let uncomputed = uncomputed(&self.formulas, self.next - 1).map(|(i, formula)| {
            let name = columns.names().get(i).map_or("?", String::as_str);
            let formula = super::report::printable(formula);
            Text::new(
                format!("字段“{name}”：单元格是未计算的公式 ={formula}（请在电子表格程序中打开并保存，或粘贴为数值）"),
                format!(
                    "field `{name}`: the cell holds a formula that was never computed (={formula}); open and save the file in a spreadsheet program, or paste values"
                ),
            )
        });
        // A cell that cannot be read (`#N/A`) makes the row unreadable, but the rest is read all
        // the same, so that the outcome names its case id.
        let mut unreadable = None;
        for (i, cell) in row.iter().enumerate() {
            match text(cell) {
                Ok(t) => self.values.push(t),
                Err(e) => {
                    let name = columns.names().get(i).map_or("?", String::as_str);
                    unreadable = unreadable.or_else(|| {
                        Some(Text::new(format!("字段“{name}”：{}", e.1), format!("field `{name}`: {}", e.0)))
                    });
                    self.values.push(String::new());
                }
            }
        }
        // Short rows (trailing empty cells) read as empty.
        while self.values.len() < columns.len() {
            self.values.push(String::new());
        }
        if self.values.len() > columns.len() && self.values.iter().skip(columns.len()).any(|v| !v.is_empty()) {
            let (n, h) = (self.values.len(), columns.len());
            return Some((
                line,
                Err(Text::new(
                    format!("该行有 {n} 个单元格，表头有 {h} 个"),
                    format!("the row has {n} cells, the header {h}"),
                )),
            ));
        }
        let result = self.rules.read_record(columns, self.values.iter().map(String::as_str), into);
        // Read all the same, so that the outcome names its case id.
        if let Some(reason) = unreadable.or(uncomputed) {
            return Some((line, Err(reason)));
        }
        Some((line, result.map_err(|e| super::input::case_reason(&e))))
    }

    fn take_unread(&mut self) -> Vec<(String, Option<String>)> {
        std::mem::take(&mut self.unread)
    }

    fn columns(&self) -> Option<&Columns> {
        self.columns.as_ref()
    }
}

#[cfg(test)]
mod tests {
    use super::{Data, text};

    /// Numbers are read as the spreadsheet displays them: 15 significant digits, so a formula's
    /// binary noise is not a fen-sized (or smaller) difference at a band's end.
    #[test]
    fn numbers_are_read_as_displayed() {
        let read = |f: f64| text(&Data::Float(f)).unwrap_or_default();
        assert_eq!(read(29_999.999_999_999_996), "30000");
        assert_eq!(read(9_999.999_999_999_998), "10000");
        assert_eq!(read(f64::from_bits(50_000f64.to_bits() + 1)), "50000"); // 50000.00000000001
        assert_eq!(read(2.999_999_999_999_999_6), "3");
        assert_eq!(read(0.1 + 0.2), "0.3");
        assert_eq!(read(5_000.1), "5000.1");
        assert_eq!(read(341.5), "341.5");
        assert_eq!(read(-0.5), "-0.5");
        assert_eq!(read(123_456_789.123), "123456789.123");
        assert_eq!(read(0.000_123_456_789_012_345_67), "0.000123456789012346");
        assert_eq!(read(5_000.0), "5000");
        assert!(text(&Data::Float(f64::NAN)).is_err());
    }
}
