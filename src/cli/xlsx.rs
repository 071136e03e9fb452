//! Spreadsheets (`.xlsx`, `.xlsm`, `.xls`, `.xlsb`, `.ods`) read with `calamine`: the first sheet
//! (or `--sheet`), the first row as the header, every later row a record numbered by its row.
//!
//! Cells become the text the record reader takes: text as is; whole numbers without a decimal
//! point; other numbers to 15 significant digits, as the spreadsheet displays them
//! (spreadsheets store numbers in binary: a fine typed as `5000.1` is read as `5000.1`, a
//! formula's 29999.999999999996 as `30000`, and a number above 2⁵³ that no binary number holds
//! exactly is refused; in `.xlsx`, with the unit the cell's number format shows —
//! [`number_format`]: `2` formatted `0"万元"` is `2万元`);
//! dates as `YYYY-MM-DD` (Excel serial dates included); errors (`#N/A`) as unreadable, and so
//! is a formula whose value was never computed (files written by programs that do not compute
//! formulas): its value is unknown, not empty — each making its row unreadable in a column
//! that is read, not in one that nothing reads.

use std::path::Path;

use calamine::{Data, Reader, open_workbook_auto};
use discretion::Benchmark;
use discretion::check::PreparedCase;
use discretion::read::record::Columns;

use discretion::table::Text;

use super::input::{Mapping, Outcome, Records};
use super::number_format::{self, Shown};

/// The most cells read from one sheet (a sheet is read whole): 12,000,000, each row counted from
/// column A to its last cell with a value (about 32 bytes a cell: some 400 MB at the most).
const MAX_CELLS: usize = 12_000_000;

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
    /// Cells that cannot be read as they are stored: (row, column) among `rows`, and why.
    problems: Problems,
    /// Per record (row of `rows`), whether a merged cell covers one of its cells.
    merged: Vec<bool>,
}

/// A sheet read whole: its rows from the first row holding a value, each from the first column
/// holding one to its own last cell with a value (trailing empty cells read as empty); and the
/// cells that cannot be read as stored (row, column among `rows`, and why).
struct Sheet {
    rows: Vec<Vec<Data>>,
    problems: Problems,
    /// Per row of `rows`, whether a cell of it is covered by a merged cell (other than the
    /// merged cell's first, which holds its value); empty when the sheet has none.
    merged: Vec<bool>,
}

/// A cell that holds no value to read as stored.
enum CellProblem {
    /// A formula without a value (a file saved by a program that does not compute formulas):
    /// its value is unknown, not empty. The formula, as [`kept_formula`] keeps it.
    Uncomputed(String),
    /// A number whose format does not show it as stored and says no unit that tells the amount
    /// ([`number_format`]): the format code.
    Format(std::rc::Rc<str>),
}

/// The cells of a sheet that cannot be read as stored, by (row, column) among its records.
type Problems = std::collections::BTreeMap<(usize, usize), CellProblem>;

impl CellProblem {
    /// Why the cell's row cannot be read; `name` is its column's.
    fn reason(&self, name: &str) -> Text {
        match self {
            CellProblem::Uncomputed(formula) => {
                let formula = super::report::printable(formula);
                Text::new(
                    format!(
                        "字段“{name}”：单元格是未计算的公式 ={formula}（请在电子表格程序中打开并保存，或粘贴为数值）"
                    ),
                    format!(
                        "field `{name}`: the cell holds a formula that was never computed (={formula}); open and save the file in a spreadsheet program, or paste values"
                    ),
                )
            }
            CellProblem::Format(code) => {
                let code = super::report::printable(code);
                Text::new(
                    format!(
                        "字段“{name}”：单元格的数字格式 {code} 显示的不是所存的数（缩放而未写明相应单位、四舍五入后的万元等、在数字间插入文字、百分比、外币、按条件显示，或在元以外的单位前加万、千等数量级）：所指数额无法确定；请改用普通数字格式，或以元为单位写明（如 0\"元\"、0.00\"万元\"）"
                    ),
                    format!(
                        "field `{name}`: the cell's number format {code} does not show the number stored (it scales it without the matching unit, rounds a unit such as 万元 away, puts text among its digits, shows a percentage, another currency or a condition's section, or puts a magnitude such as 万 or 千 before a unit other than yuan): which amount is meant cannot be told; use a plain number format, or one that says its unit in yuan (0\"元\", 0.00\"万元\")"
                    ),
                )
            }
        }
    }
}

/// The refusal of a sheet with more than [`MAX_CELLS`] cells, naming the cell that passed it.
fn too_many_cells(name: &str, sheet: &str, at: Option<(u32, u32)>) -> Text {
    let place = at.map(|(r, c)| format!("{}{}", column_letters(c), u64::from(r) + 1)).unwrap_or_default();
    let (zh_at, en_at) = if place.is_empty() {
        (String::new(), String::new())
    } else {
        (format!("（到单元格 {place} 为止）"), format!(" (up to cell {place})"))
    };
    Text::new(
        format!("{name}：工作表“{sheet}”的单元格多于一次读取的上限 {MAX_CELLS}{zh_at}；请导出为 CSV"),
        format!("{name}: sheet `{sheet}` has more cells than the {MAX_CELLS} read at once{en_at}; export it as CSV"),
    )
}

/// Most formulas without a computed value kept from one sheet: 100,000 (each makes its row
/// unreadable; a file of more was saved by a program that computes none).
const MAX_FORMULAS: usize = 100_000;

/// Characters of a formula kept to quote it: a shared formula is expanded into every cell that
/// uses it, so a 12 KB file can hold thousands of copies of a 20 KB formula.
const FORMULA_SHOWN: usize = 64;

/// A formula as kept to quote it: its first [`FORMULA_SHOWN`] characters.
fn kept_formula(formula: &str) -> String {
    match formula.char_indices().nth(FORMULA_SHOWN) {
        Some((cut, _)) => format!("{}…", formula.get(..cut).unwrap_or(formula)),
        None => formula.to_string(),
    }
}

/// The refusal of a sheet with more than [`MAX_FORMULAS`] formulas without a value.
fn too_many_formulas(name: &str, sheet: &str) -> Text {
    Text::new(
        format!(
            "{name}：工作表“{sheet}”中未计算的公式多于 {MAX_FORMULAS} 个；请在电子表格程序中打开并保存，或粘贴为数值"
        ),
        format!(
            "{name}: sheet `{sheet}` holds more than {MAX_FORMULAS} formulas that were never computed; open and save the file in a spreadsheet program, or paste values"
        ),
    )
}

/// A column's letters: 0 → A, 25 → Z, 26 → AA, 16383 → XFD.
fn column_letters(mut c: u32) -> String {
    let mut letters = Vec::new();
    loop {
        letters.push(char::from(b'A' + (c % 26) as u8));
        if c < 26 {
            break;
        }
        c = c / 26 - 1;
    }
    letters.iter().rev().collect()
}

/// Per row (`rows` of them, the first at the sheet's row `first_row`), whether a merged cell
/// covers one of its cells other than the merged cell's first, which alone holds the value (the
/// others read empty: a unit or a fine silently unknown). A sweep over the regions: O(regions
/// + rows). Empty when there are no regions.
fn covered_rows(regions: &[calamine::Dimensions], first_row: usize, rows: usize) -> Vec<bool> {
    if regions.is_empty() {
        return Vec::new();
    }
    let mut starts = vec![0i64; rows + 1];
    for d in regions {
        // Rows covered below the first; the first too where the cell spans columns.
        let top = if d.end.1 > d.start.1 { d.start.0 } else { d.start.0.saturating_add(1) };
        let (Some(from), Some(to)) = ((top as usize).checked_sub(first_row), (d.end.0 as usize).checked_sub(first_row))
        else {
            continue;
        };
        let to = to.min(rows.saturating_sub(1));
        if from > to || from >= rows {
            continue;
        }
        if let Some(s) = starts.get_mut(from) {
            *s += 1;
        }
        if let Some(s) = starts.get_mut(to + 1) {
            *s -= 1;
        }
    }
    let mut depth = 0i64;
    starts
        .iter()
        .take(rows)
        .map(|s| {
            depth += s;
            depth > 0
        })
        .collect()
}

/// An `.xlsx` sheet, streamed: the cells with a value placed in rows as they come, counted
/// against [`MAX_CELLS`] before any room is taken; then the formulas without a value.
fn xlsx_sheet<RS: std::io::Read + std::io::Seek>(
    book: &mut calamine::Xlsx<RS>,
    chosen: &str,
    name: &str,
) -> Result<Sheet, Text> {
    let failed = |e: calamine::XlsxError| {
        Text::new(format!("{name}：工作表“{chosen}”：{e}"), format!("{name}: sheet `{chosen}`: {e}"))
    };
    let mut rows: Vec<Vec<Data>> = Vec::new();
    let (mut cells, mut first_column) = (0usize, u32::MAX);
    // Numbers whose format hides which amount is meant: where (in the sheet), and the format.
    let mut refused = Vec::new();
    {
        let mut reader = book.worksheet_cells_reader(chosen).map_err(failed)?;
        // How each style's number format shows a number (`0"万元"`: with its unit).
        // Each style's format code, and how it shows a number (`0"万元"`: with its unit). The
        // built-in currency formats 5–8 depend on the locale and are not spelt out in a file
        // that uses them as defined: a Chinese office's Excel shows them with ¥.
        let codes: Vec<std::rc::Rc<str>> = reader
            .styles()
            .iter()
            .map(|s| match s.number_format.as_ref() {
                Some(f) if matches!(f.format_id, Some(5 | 6)) && f.format_code == "General" => {
                    "$#,##0_);($#,##0)".into()
                }
                Some(f) if matches!(f.format_id, Some(7 | 8)) && f.format_code == "General" => {
                    "$#,##0.00_);($#,##0.00)".into()
                }
                Some(f) => f.format_code.as_str().into(),
                None => "".into(),
            })
            .collect();
        let formats: Vec<Shown> = codes.iter().map(|code| number_format::shown(code)).collect();
        // Styles whose text section adds a unit to a text cell.
        let text_units: Vec<Option<(String, String)>> =
            codes.iter().map(|code| number_format::text_affixes(code)).collect();
        while let Some((cell, style)) = reader.next_cell_with_style_id().map_err(failed)? {
            let mut value: Data = cell.get_value().clone().into();
            if matches!(&value, Data::Empty) || matches!(&value, Data::String(s) if s.is_empty()) {
                continue;
            }
            let (r, c) = cell.get_position();
            if matches!(value, Data::Float(_) | Data::Int(_))
                && let Some(format) = formats.get(style).filter(|f| **f != Shown::AsStored)
            {
                // As the sheet shows it: `2` formatted `0"万元"` is 2万元, not 2 yuan.
                match text(&value).ok().and_then(|stored| format.text(&stored)) {
                    Some(shown) => value = Data::String(shown),
                    // Not read as stored, which would be silently another amount.
                    None => refused.push((r as usize, c as usize, codes.get(style).cloned().unwrap_or_default())),
                }
            } else if let Data::String(s) = &value
                && let Some(Some((before, after))) = text_units.get(style)
            {
                // A text cell whose format adds a unit (`@"万元"`: `2` shows as 2万元).
                value = Data::String(format!("{before}{s}{after}"));
            }
            let (row, column) = (r as usize, c as usize);
            // The room this cell takes: rows up to it (empty ones cost no cells), and its row
            // widened to it.
            let width = rows.get(row).map_or(0, Vec::len);
            let more = (column + 1).saturating_sub(width);
            cells = cells.saturating_add(more);
            if cells > MAX_CELLS || row >= MAX_CELLS {
                return Err(too_many_cells(name, chosen, Some((r, c))));
            }
            if rows.len() <= row {
                rows.resize_with(row + 1, Vec::new);
            }
            if let Some(slot) = rows.get_mut(row) {
                if slot.len() <= column {
                    slot.resize(column + 1, Data::Empty);
                }
                if let Some(place) = slot.get_mut(column) {
                    *place = value;
                }
            }
            first_column = first_column.min(c);
        }
    }
    // From the first row and column holding a value, as a range of the sheet starts.
    let first_row = rows.iter().position(|r| !r.is_empty()).unwrap_or(rows.len());
    rows.drain(..first_row);
    let skip = if first_column == u32::MAX { 0 } else { first_column as usize };
    for row in &mut rows {
        row.drain(..skip.min(row.len()));
    }
    let mut problems = Problems::new();
    for (r, c, code) in refused {
        // Rows are numbered without the header, which is read as it is.
        if let (Some(r), Some(c)) = (r.checked_sub(first_row + 1), c.checked_sub(skip)) {
            problems.insert((r, c), CellProblem::Format(code));
        }
    }
    let mut formulas = 0usize;
    {
        let mut reader = book.worksheet_cells_reader(chosen).map_err(failed)?;
        while let Some(cell) = reader.next_formula().map_err(failed)? {
            let (r, c) = cell.get_position();
            let formula = cell.get_value();
            // Relative to the values, whose first row is the header.
            let (Some(r), Some(c)) = ((r as usize).checked_sub(first_row), (c as usize).checked_sub(skip)) else {
                continue;
            };
            if r == 0 || formula.is_empty() {
                continue;
            }
            if rows.get(r).and_then(|x| x.get(c)).is_none_or(|cell| matches!(cell, Data::Empty)) {
                if formulas >= MAX_FORMULAS {
                    return Err(too_many_formulas(name, chosen));
                }
                formulas += 1;
                // Rows are numbered without the header below.
                problems.insert((r - 1, c), CellProblem::Uncomputed(kept_formula(formula)));
            }
        }
    }
    // A formula past the last row with a value still makes its row a record.
    if let Some(&(last, _)) = problems.keys().next_back()
        && rows.len() <= last + 1
    {
        rows.resize_with(last + 2, Vec::new);
    }
    // A merged cell shows its value in every row it spans, but holds it in its first cell
    // only: the others read as empty — a unit or a fine silently unknown. Their rows are found
    // (a sweep over the regions: O(regions + rows)) to be refused.
    let regions = book.merge_cells_by_sheet_name(chosen).map_err(failed)?;
    let merged = covered_rows(&regions, first_row, rows.len());
    Ok(Sheet { rows, problems, merged })
}

/// A sheet of the other formats (`.xls`, `.xlsb`, `.ods`), read as a range of its extent.
fn dense_sheet<RS: std::io::Read + std::io::Seek>(
    book: &mut calamine::Sheets<RS>,
    chosen: &str,
    name: &str,
) -> Result<Sheet, Text> {
    let range = book
        .worksheet_range(chosen)
        .map_err(|e| Text::new(format!("{name}：工作表“{chosen}”：{e}"), format!("{name}: sheet `{chosen}`: {e}")))?;
    let (h, w) = range.get_size();
    if h.saturating_mul(w) > MAX_CELLS {
        return Err(too_many_cells(name, chosen, range.end()));
    }
    let mut rows: Vec<Vec<Data>> = range.rows().map(<[Data]>::to_vec).collect();
    let origin = range.start();
    drop(range);
    // A formula whose value was never computed reads as an empty cell, or not at all past the
    // last row with a value: its value is unknown, not absent, so such cells are found to be
    // said, and their rows kept (a sheet without formulas costs nothing).
    let mut problems = Problems::new();
    if let (Ok(f), Some((r0, c0))) = (book.worksheet_formula(chosen), origin) {
        let (fh, fw) = f.get_size();
        if fh.saturating_mul(fw) > MAX_CELLS {
            return Err(too_many_cells(name, chosen, f.end()));
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
                if problems.len() >= MAX_FORMULAS {
                    return Err(too_many_formulas(name, chosen));
                }
                // Rows are numbered without the header below.
                problems.insert((r - 1, c), CellProblem::Uncomputed(kept_formula(formula)));
            }
        }
    }
    // Merged cells, where the format lists them (`.xls`; `.xlsb` and `.ods` are read as they
    // come: docs/CASES.md).
    let merged = match (book, origin) {
        (calamine::Sheets::Xls(x), Some((r0, _))) => {
            let regions = x.merge_cells_by_sheet_name(chosen).map_err(|e| {
                Text::new(format!("{name}：工作表“{chosen}”：{e}"), format!("{name}: sheet `{chosen}`: {e}"))
            })?;
            covered_rows(&regions, r0 as usize, rows.len())
        }
        _ => Vec::new(),
    };
    Ok(Sheet { rows, problems, merged })
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
    let Sheet { mut rows, problems, mut merged } = match &mut book {
        // Streamed, cell by cell: only cells with a value take room, so a stray cell at XFD1048576
        // costs nothing (a dense range of the sheet's extent was 549 GB to allocate: an abort).
        calamine::Sheets::Xlsx(x) => xlsx_sheet(x, &chosen, &name.to_string())?,
        other => dense_sheet(other, &chosen, &name.to_string())?,
    };
    let header: Vec<String> =
        if rows.is_empty() { Vec::new() } else { rows.remove(0).iter().map(|c| text(c).unwrap_or_default()).collect() };
    // Records are numbered without the header.
    if !merged.is_empty() {
        merged.remove(0);
    }
    let columns = mapping.columns(rules, header.iter().map(String::as_str));
    let unread = columns.unread().map(|(_, n, h)| (n.to_string(), h.map(str::to_string))).collect();
    Ok(SheetRecords {
        rules,
        rows,
        next: 0,
        columns: Some(columns),
        unread,
        error: None,
        values: Vec::new(),
        problems,
        merged,
    })
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
        /// The row's cells that cannot be read as stored: (column, why).
        fn problems(problems: &Problems, k: usize) -> impl Iterator<Item = (usize, &CellProblem)> {
            problems.range((k, 0)..(k + 1, 0)).map(|((_, c), p)| (*c, p))
        }
        let merged = |k: usize| self.merged.get(k).copied().unwrap_or(false);
        while self.rows.get(self.next).is_some_and(|r| r.iter().all(blank))
            && problems(&self.problems, self.next).next().is_none()
            && !merged(self.next)
        {
            self.next += 1;
        }
        let row = self.rows.get(self.next)?;
        self.next += 1;
        // The header is row 1.
        let line = self.next as u64 + 1;
        let columns = self.columns.as_ref()?;
        self.values.clear();
        // Only in a column that is read: a scaled total in a column nothing reads is no reason
        // to refuse the row.
        let not_as_stored = problems(&self.problems, self.next - 1)
            .find(|(i, _)| columns.is_read(*i))
            .map(|(i, p)| p.reason(columns.names().get(i).map_or("?", String::as_str)));
        // A cell that cannot be read (`#N/A`) makes the row unreadable, but the rest is read all
        // the same, so that the outcome names its case id.
        let mut unreadable = None;
        for (i, cell) in row.iter().enumerate() {
            match text(cell) {
                Ok(t) => self.values.push(t),
                // In a column nothing reads (a lookup's #N/A beside the data), no reason to
                // refuse the row; past the header's last column, counted as a cell below.
                Err(_) if i < columns.len() && !columns.is_read(i) => self.values.push(String::new()),
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
                    format!("the row has {}, the header {h}", super::english(n as u64, "cell", "cells")),
                )),
            ));
        }
        let result = self.rules.read_record(columns, self.values.iter().map(String::as_str), into);
        // A cell of the row is covered by a merged cell, whose value is in its first row or
        // column only: what the row holds there is not what the sheet shows.
        let covered = merged(self.next - 1).then(|| {
            Text::new(
                "该行有单元格属于合并单元格，其值只存于合并区域的第一个单元格；请取消合并并逐行填写后再导出".to_string(),
                "a cell of the row is part of a merged cell, whose value only its first cell holds; unmerge the cells and fill in every row before exporting".to_string(),
            )
        });
        // Read all the same, so that the outcome names its case id.
        if let Some(reason) = unreadable.or(not_as_stored).or(covered) {
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
    /// A formula is quoted by its first 64 characters: a shared one is expanded into every cell.
    #[test]
    fn long_formulas_are_kept_short() {
        assert_eq!(super::kept_formula("SUM(A1:A9)"), "SUM(A1:A9)");
        let long = "A1+".repeat(10_000);
        let kept = super::kept_formula(&long);
        assert_eq!(kept.chars().count(), 65);
        assert!(kept.ends_with('…') && long.starts_with(kept.trim_end_matches('…')));
        assert_eq!(super::kept_formula(&"公".repeat(64)), "公".repeat(64));
    }

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
