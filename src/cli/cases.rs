//! Reading case files for `check` and `audit`: files or stdin, encodings, formats, column
//! renames, unread columns (an error under `--strict`), on a reader thread. Every record
//! reaches the caller exactly once: read, or unreadable with its reason.

use std::io::{BufReader, IsTerminal, Write};

use discretion::Benchmark;
use discretion::check::PreparedCase;
use discretion::table::Lang;

use super::input::{self, Encoding, Input, InputFormat, Mapping, Records};
use super::pipeline::{self, Message};
use super::report::printable;

/// How the case files are read, as the command line gave it (`check` and `audit` alike).
pub(crate) struct InputOptions {
    /// `None`: detect.
    pub encoding: Option<Encoding>,
    pub input: Option<InputFormat>,
    /// The sheet of a spreadsheet (default: the first).
    pub sheet: Option<String>,
    pub mapping: Mapping,
    pub strict: bool,
}

impl InputOptions {
    /// The reading, with messages in `lang`.
    pub fn reading(&self, lang: Lang) -> Reading<'_> {
        Reading {
            encoding: self.encoding,
            input: self.input,
            mapping: &self.mapping,
            strict: self.strict,
            lang,
            sheet: self.sheet.as_deref(),
        }
    }
}

/// How the case files are read.
pub(crate) struct Reading<'o> {
    /// `None`: detect.
    pub encoding: Option<Encoding>,
    pub input: Option<InputFormat>,
    pub mapping: &'o Mapping,
    pub strict: bool,
    pub lang: Lang,
    /// The sheet of a spreadsheet (default: the first).
    pub sheet: Option<&'o str>,
}

/// A record as the caller sees it: read, or `(what of it was read, why not)` — the case holds
/// the fields that say whose record it is (id, unit, officer) when the record gives them.
pub(crate) type Outcome<'a, 'r> = Result<&'a PreparedCase<'r>, (&'a discretion::check::Case, &'a str)>;

/// What [`read_all`] hands its records to: each record's outcome in input order, and before a
/// batch of them, the batch's cases (a consumer that looks something up for every record can
/// fetch it for the whole batch at once). [`each_record`] makes one of a closure.
pub(crate) trait Consumer<'r> {
    /// The cases of the records about to be delivered, in their order.
    fn ahead(&mut self, _cases: &[PreparedCase<'r>]) {}
    /// One record's outcome, with its file and line.
    fn record(&mut self, file: &str, line: u64, outcome: Outcome<'_, 'r>);
}

/// A consumer of each record alone: `f(file, line, outcome)`.
pub(crate) fn each_record<'r>(f: impl FnMut(&str, u64, Outcome<'_, 'r>)) -> impl Consumer<'r> {
    struct Each<F>(F);
    impl<'r, F: FnMut(&str, u64, Outcome<'_, 'r>)> Consumer<'r> for Each<F> {
        fn record(&mut self, file: &str, line: u64, outcome: Outcome<'_, 'r>) {
            (self.0)(file, line, outcome)
        }
    }
    Each(f)
}

fn open(path: &str, lang: Lang) -> Result<Input, String> {
    if path == "-" {
        return Ok(Box::new(std::io::stdin()));
    }
    let meta = std::fs::metadata(path).map_err(|e| super::unreadable(path, &e, lang))?;
    if !meta.is_file() {
        return Err(super::not_a_file(path, lang));
    }
    std::fs::File::open(path).map(|f| Box::new(f) as Input).map_err(|e| super::unreadable(path, &e, lang))
}

fn progress(path: &str, input: Input) -> (Input, Option<indicatif::ProgressBar>) {
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    if !(std::io::stderr().is_terminal() && size > 8 * 1024 * 1024) {
        return (input, None);
    }
    let bar = indicatif::ProgressBar::new(size);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:40} {bytes}/{total_bytes} {msg}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    (Box::new(bar.wrap_read(input)), Some(bar))
}

/// A column hint in Chinese (the library's hints are English).
fn hint_zh(h: &str) -> String {
    let quoted = |prefix: &str| h.strip_prefix(prefix).and_then(|r| r.split('`').next()).map(str::to_string);
    if let Some(w) = quoted("did you mean `") {
        format!("是否指“{w}”？")
    } else if let Some(w) = quoted(discretion::read::record::REPEATED_COLUMN) {
        format!("与前面的列“{w}”是同一字段")
    } else if let Some(w) = quoted(discretion::read::record::DISPLACED_COLUMN) {
        format!("--map 已将此字段指定给列“{w}”")
    } else if let Some(w) = h.strip_suffix("` is a field of the case, not a fact: move it out of `facts`") {
        format!("“{}”是案件字段而非事实：请移到 facts 之外", w.trim_start_matches('`'))
    } else if h == super::input::UNNAMED {
        "表头中没有列名".to_string()
    } else if let Some(rest) = h.strip_prefix("the name of several facts (") {
        let ids = rest.split(')').next().unwrap_or("");
        format!("多个事实同名（{ids}）；请用 --map 将此列对应到事实编号")
    } else {
        h.to_string()
    }
}

/// How many columns [`unread_columns`] names one by one; the rest are counted in one line (an
/// export of 200,000 columns gave 200,000 warnings, burying everything else). A column with
/// something to act on — a `--map` source the file lacks, a field `--map` gave another column,
/// a "did you mean" — is always named (there are at most as many as `--map` gives, and
/// suggestions are bounded).
const LISTED_COLUMNS: usize = 20;

/// Reports columns read by nothing; `Err` under `--strict`.
fn unread_columns(file: &str, unread: &[(String, Option<String>)], strict: bool, lang: Lang) -> Result<(), ()> {
    let repeats =
        |h: &Option<String>| h.as_deref().is_some_and(|h| h.starts_with(discretion::read::record::REPEATED_COLUMN));
    let actionable = |h: &Option<String>| {
        h.as_deref().is_some_and(|h| {
            h.starts_with(super::input::ABSENT_MAPPED)
                || h.starts_with(discretion::read::record::DISPLACED_COLUMN)
                || h.contains("did you mean")
        })
    };
    let level = |refusing: bool| match (lang, refusing) {
        (Lang::En, true) => "error",
        (Lang::En, false) => "warning",
        (Lang::Zh, true) => "错误",
        (Lang::Zh, false) => "警告",
    };
    let (mut listed, mut rest) = (0usize, Vec::new());
    for entry in unread {
        if !actionable(&entry.1) {
            if listed == LISTED_COLUMNS {
                rest.push(entry);
                continue;
            }
            listed += 1;
        }
        let (name, hint) = entry;
        let name = printable(name);
        if let Some(rest) = hint.as_deref().and_then(|h| h.strip_prefix(super::input::ABSENT_MAPPED)) {
            let near = rest.strip_prefix("; did you mean `").and_then(|r| r.split('`').next());
            let _ = match (lang, near) {
                (Lang::En, Some(n)) => writeln!(
                    std::io::stderr(),
                    "warning: {file}: --map names column `{name}`, which the file does not have (did you mean `{n}`?)"
                ),
                (Lang::En, None) => writeln!(
                    std::io::stderr(),
                    "warning: {file}: --map names column `{name}`, which the file does not have"
                ),
                (Lang::Zh, Some(n)) => {
                    writeln!(std::io::stderr(), "警告：{file}：--map 指定的列“{name}”在文件中不存在（是否指“{n}”？）")
                }
                (Lang::Zh, None) => writeln!(std::io::stderr(), "警告：{file}：--map 指定的列“{name}”在文件中不存在"),
            };
            continue;
        }
        // A second column for a field is read where the first is empty and compared with it
        // elsewhere: said so (a warning even under --strict, which refuses what is not read).
        if let Some(h) = hint.as_deref().filter(|h| h.starts_with(discretion::read::record::REPEATED_COLUMN)) {
            let first =
                printable(h.trim_start_matches(discretion::read::record::REPEATED_COLUMN).trim_end_matches('`'));
            let _ = match lang {
                Lang::En => writeln!(
                    std::io::stderr(),
                    "warning: {file}: column `{name}` gives the same field as the earlier column `{first}`: it is read where `{first}` is empty, and a record where the two differ is unreadable"
                ),
                Lang::Zh => writeln!(
                    std::io::stderr(),
                    "警告：{file}：列“{name}”与前面的列“{first}”是同一字段：“{first}”为空时读取此列，两列不一致的记录无法读取"
                ),
            };
            continue;
        }
        // Why it is not read: a column whose field `--map` gives another is a field, and the
        // reason is the rename; otherwise it names nothing the rules know.
        let (why, why_zh) = match hint.as_deref() {
            Some(h) if h.starts_with(discretion::read::record::DISPLACED_COLUMN) => (h.to_string(), hint_zh(h)),
            h => (
                format!(
                    "neither a case field nor a fact of the rules{}",
                    h.map(|h| format!(" ({h})")).unwrap_or_default()
                ),
                format!(
                    "既非案件字段，也非规则中的事实{}",
                    h.map(|h| format!("（{}）", hint_zh(h))).unwrap_or_default()
                ),
            ),
        };
        let _ = match lang {
            Lang::En => writeln!(std::io::stderr(), "{}: {file}: column `{name}` is not read: {why}", level(strict)),
            Lang::Zh => writeln!(std::io::stderr(), "{}：{file}：列“{name}”未被读取：{why_zh}", level(strict)),
        };
    }
    if !rest.is_empty() {
        let repeated = rest.iter().filter(|(_, h)| repeats(h)).count();
        let not_read = rest.len() - repeated;
        let first = rest.first().map(|(n, _)| printable(n)).unwrap_or_default();
        let last = rest.last().map(|(n, _)| printable(n)).unwrap_or_default();
        let level = level(strict && not_read > 0);
        let (mut what, mut what_zh) = (Vec::new(), Vec::new());
        if not_read > 0 {
            what.push(format!("{not_read} not read"));
            what_zh.push(format!("{not_read} 列未被读取"));
        }
        if repeated > 0 {
            what.push(format!("{repeated} giving the field of an earlier column"));
            what_zh.push(format!("{repeated} 列与前面的列是同一字段"));
        }
        let _ = match lang {
            Lang::En => writeln!(
                std::io::stderr(),
                "{level}: {file}: {} more columns (`{first}` to `{last}`) are not listed one by one: {}",
                rest.len(),
                what.join(", ")
            ),
            Lang::Zh => writeln!(
                std::io::stderr(),
                "{level}：{file}：另有 {} 列（“{first}”至“{last}”）不再逐一列出：{}",
                rest.len(),
                what_zh.join("，")
            ),
        };
    }
    let refused = unread.iter().any(|(_, h)| !repeats(h));
    if strict && refused { Err(()) } else { Ok(()) }
}

/// Says which columns of money are read in the unit their header declares: a bare `0.8` in
/// `罚款金额（万元）` is 8,000 yuan, and the user should know it was so read.
fn money_units(file: &str, units: &[(String, discretion::read::record::MoneyUnit)], lang: Lang) {
    for (name, unit) in units {
        let name = printable(name);
        let factor = discretion::table::format_amount(unit.yuan().into());
        let unit = unit.written();
        let _ = match lang {
            Lang::En => writeln!(
                std::io::stderr(),
                "note: {file}: column `{name}` is read in {unit} (its header says so): a number without a unit of its own is multiplied by {factor}"
            ),
            Lang::Zh => writeln!(
                std::io::stderr(),
                "提示：{file}：列“{name}”按表头所示以{unit}为单位读取：未写单位的数字乘以{factor}"
            ),
        };
    }
}

/// Every `--table` must name a table of the rules: one misspelt would leave every record
/// unreadable, each saying its violation is not in that table — said once, up front, instead.
pub(crate) fn tables_known<'a>(
    rules: &Benchmark,
    tables: impl IntoIterator<Item = &'a str>,
    lang: Lang,
) -> Result<(), String> {
    let mut known: Vec<&str> = rules.tables().iter().map(|t| t.id.as_str()).collect();
    known.sort_unstable();
    known.dedup();
    for table in tables {
        if known.contains(&table) {
            continue;
        }
        let table = printable(table);
        return Err(match lang {
            Lang::En => format!("--table `{table}` is not a table of the rules (their tables: {})", known.join(", ")),
            Lang::Zh => format!("--table“{table}”不是规则中的基准表（现有基准表：{}）", known.join("、")),
        });
    }
    Ok(())
}

/// Every rename (`--map`, `--map-file`) must name a case field or a fact of the rules: the
/// user asked for that column to be read, so a misspelt target is an error, not a warning
/// (the column would be read by nothing, and a fine column so lost leaves every case unjudged).
fn renames_known(rules: &Benchmark, renames: &[(String, String)], lang: Lang) -> Result<(), String> {
    for (from, to) in renames {
        let columns = rules.columns([to.as_str()], &[]);
        if let Some((_, _, hint)) = columns.unread().next() {
            let (from, to) = (printable(from), printable(to));
            return Err(match lang {
                Lang::En => format!(
                    "column `{from}` renamed to `{to}` (--map, --map-file): `{to}` is neither a case field nor a fact of the rules{}",
                    hint.map(|h| format!(" ({h})")).unwrap_or_default()
                ),
                Lang::Zh => format!(
                    "列“{from}”改名为“{to}”（--map、--map-file）：“{to}”既非案件字段，也非规则中的事实{}",
                    hint.map(|h| format!("（{}）", hint_zh(h))).unwrap_or_default()
                ),
            });
        }
    }
    Ok(())
}

/// Reads every record of `files` and hands each to `each` with its file and line. Returns the
/// encoding of each file, or the error that stops the run (exit status 2).
pub(crate) fn read_all<'r>(
    rules: &'r Benchmark,
    files: &[String],
    opts: &Reading<'_>,
    mut each: impl Consumer<'r>,
) -> Result<Vec<(String, &'static str)>, String> {
    renames_known(rules, &opts.mapping.renames, opts.lang)?;
    tables_known(rules, opts.mapping.tables.iter().map(String::as_str), opts.lang)?;
    let mut encodings = Vec::new();
    for path in files {
        let file = if path == "-" { "<stdin>".to_string() } else { path.clone() };
        let file = &file;
        let format = opts.input.or_else(|| InputFormat::from_name(file)).unwrap_or(InputFormat::Csv);
        if format == InputFormat::Xlsx {
            encodings.push((file.clone(), super::summary::SPREADSHEET));
            if path == "-" {
                return Err(match opts.lang {
                    Lang::En => "a spreadsheet cannot be read from stdin; give its file name".into(),
                    Lang::Zh => "电子表格不能从标准输入读取；请给出文件名".into(),
                });
            }
            let (mapping, sheet) = (opts.mapping, opts.sheet);
            read_file(rules, file, opts, &mut each, move || {
                let sheets = super::xlsx::records(rules, std::path::Path::new(path), sheet, mapping);
                Ok(Box::new(sheets.map_err(|e| e.get(opts.lang).to_string())?))
            })?;
            continue;
        }
        if let Some(sheet) = opts.sheet {
            let _ = writeln!(
                std::io::stderr(),
                "{}",
                match opts.lang {
                    Lang::En => format!(
                        "warning: {file}: --sheet {sheet} is for spreadsheets (.xlsx, .xls, .ods); this file is read as text, whole"
                    ),
                    Lang::Zh => format!(
                        "警告：{file}：--sheet {sheet} 只用于电子表格（.xlsx、.xls、.ods）；此文件按文本整体读取"
                    ),
                }
            );
        }
        let raw = open(path, opts.lang)?;
        let (raw, bar) = progress(path, raw);
        let mut buffered = BufReader::with_capacity(64 * 1024, raw);
        let encoding = match opts.encoding {
            Some(e) => e,
            None => input::detect(&mut buffered, opts.lang).map_err(|e| match opts.lang {
                Lang::En => format!("{file}: {e}"),
                Lang::Zh => format!("{file}：{e}"),
            })?,
        };
        // A UTF-8 byte-order mark, or Chinese text that is valid UTF-8, says what the file is:
        // forcing GBK on it garbles every Chinese header and value, so say so (the user's
        // choice still stands).
        if opts.encoding == Some(input::Encoding::Gbk) {
            let start = std::io::BufRead::fill_buf(&mut buffered).unwrap_or_default();
            let why = if start.starts_with(b"\xEF\xBB\xBF") {
                Some(("starts with a UTF-8 byte-order mark", "文件以 UTF-8 字节顺序标记开头"))
            } else if input::reads_as_utf8(start) {
                Some(("reads as UTF-8 (its text beyond ASCII is valid UTF-8)", "内容为有效的 UTF-8 文本"))
            } else {
                None
            };
            if let Some((en, zh)) = why {
                let _ = writeln!(
                    std::io::stderr(),
                    "{}",
                    match opts.lang {
                        Lang::En => format!(
                            "warning: {file}: {en}, but --encoding gbk was given: Chinese text will read as nonsense"
                        ),
                        Lang::Zh => format!("警告：{file}：{zh}，却指定了 --encoding gbk：中文将被读成乱码"),
                    }
                );
            }
        }
        encodings.push((file.clone(), encoding.name()));
        let delimiter = match format {
            InputFormat::Csv => {
                let start = std::io::BufRead::fill_buf(&mut buffered).unwrap_or_default();
                // Read as CSV by default (standard input, an unknown extension), JSON Lines gave
                // "no case_id column" and a hint about title rows.
                let first =
                    start.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(start).iter().find(|b| !b.is_ascii_whitespace());
                if opts.input.is_none() && first == Some(&b'{') {
                    return Err(match opts.lang {
                        Lang::En => format!(
                            "{file}: read as CSV, but it starts with `{{`: JSON Lines? Give --input jsonl (or name the file .jsonl)"
                        ),
                        Lang::Zh => format!(
                            "{file}：按 CSV 读取，但内容以“{{”开头：是否为 JSON Lines？请指定 --input jsonl（或将文件命名为 .jsonl）"
                        ),
                    });
                }
                let d = input::delimiter(start);
                if d == b'\t' {
                    let _ = writeln!(
                        std::io::stderr(),
                        "{}",
                        match opts.lang {
                            Lang::En => format!("{file}: fields separated by tabs"),
                            Lang::Zh => format!("{file}：字段以制表符分隔"),
                        }
                    );
                }
                d
            }
            _ => b',',
        };
        let decoded = input::decoded(buffered, encoding);
        let (mapping, lang) = (opts.mapping, opts.lang);
        read_file(rules, file, opts, &mut each, move || {
            Ok(match format {
                InputFormat::Csv => Box::new(
                    input::CsvRecords::new(rules, decoded, mapping, delimiter, encoding)
                        .map_err(|e| format!("{file}: {}", e.get(lang)))?,
                ),
                InputFormat::Jsonl => input::jsonl(rules, file, decoded, mapping, (encoding, lang))?,
                InputFormat::Yaml => input::yaml(rules, file, decoded, mapping, lang, encoding)?,
                // Spreadsheets are opened by name above.
                InputFormat::Xlsx => return Err(format!("{file}: not a spreadsheet")),
            })
        })?;
        if let Some(bar) = bar {
            bar.finish_and_clear();
        }
    }
    Ok(encodings)
}

/// Why a file whose header lacks `field` (the case id, the violation) cannot be read, and how
/// to name the column that holds it: a column the hints take for it (`CASE_ID`, `Case Id`) is
/// named; forced to GBK, a UTF-8 header reads as nonsense, which is said.
fn no_column(
    file: &str,
    field: discretion::read::record::CaseField,
    unread: &[(String, Option<String>)],
    forced: bool,
    lang: Lang,
) -> String {
    use discretion::read::record::CaseField;
    let id = field.id();
    let zh_name = if field == CaseField::CaseId { "案号" } else { "违法行为" };
    let near = unread.iter().find(|(name, _)| discretion::table::did_you_mean(name, [id]).is_some());
    if let Some((name, _)) = near.filter(|_| !forced) {
        let name = printable(name);
        return match lang {
            Lang::En => format!(
                "{file}: no `{id}` column ({zh_name}): column names are exact, and `{name}` is not `{id}`; rename it with --map '{name}={id}'"
            ),
            Lang::Zh => format!(
                "{file}：没有{zh_name}列（{id}）：列名须完全一致，“{name}”不是 {id}；请用 --map '{name}={id}' 改名"
            ),
        };
    }
    // Without a case id the header may not be the first row; with one, it is.
    let title_row = field == CaseField::CaseId;
    match (lang, forced) {
        (Lang::En, false) => format!(
            "{file}: no `{id}` column ({zh_name}); name the column that holds it with --map COLUMN={id}{}",
            if title_row { " (the header must be the first row: remove any title row above it)" } else { "" }
        ),
        (Lang::En, true) => format!(
            "{file}: no `{id}` column ({zh_name}), reading the file as GBK (--encoding gbk): is it UTF-8? Leave the encoding to be detected, or name the column with --map COLUMN={id}"
        ),
        (Lang::Zh, false) => format!(
            "{file}：没有{zh_name}列（{id}）；请用 --map 列名={id} 指明{zh_name}所在的列{}",
            if title_row { "（表头须在第一行：请删除表头上方的标题行）" } else { "" }
        ),
        (Lang::Zh, true) => format!(
            "{file}：按 GBK 编码（--encoding gbk）读取时没有{zh_name}列（{id}）：文件是否为 UTF-8？可去掉 --encoding 让程序自动识别，或用 --map 列名={id} 指明{zh_name}列"
        ),
    }
}

/// Reads one file's records (opened by `open` on the reader thread) and hands each to `each`.
fn read_file<'r>(
    rules: &'r Benchmark,
    file: &str,
    opts: &Reading<'_>,
    each: &mut impl Consumer<'r>,
    open: impl FnOnce() -> Result<Box<dyn Records<'r> + 'r>, String> + Send,
) -> Result<(), String> {
    let lang = opts.lang;
    // Records are parsed on a second thread while this one checks, counts and writes.
    std::thread::scope(|scope| {
        let mut main = pipeline::spawn_reader(scope, rules, open);
        let mut records = 0u64;
        while let Some(message) = main.next() {
            let mut batch = match message {
                Message::Failed(e) => return Err(e),
                Message::Start { unread, missing, units } => {
                    // Without a case id or violation column nothing can be read: said alone, not
                    // after a warning for every column (a title row above the header made 40 of
                    // them), nor as every row unreadable (a user trial: 436 lines).
                    if let Some(&field) = missing.first() {
                        let forced = opts.encoding == Some(input::Encoding::Gbk);
                        return Err(no_column(file, field, &unread, forced, lang));
                    }
                    money_units(file, &units, lang);
                    if unread_columns(file, &unread, opts.strict, lang).is_err() {
                        return Err(match lang {
                            Lang::En => {
                                format!("{file}: columns not read (--strict); rename them with --map COLUMN=FIELD")
                            }
                            Lang::Zh => format!("{file}：有未读取的列（--strict）；请用 --map 列名=字段 改名"),
                        });
                    }
                    continue;
                }
                Message::Batch(b) => b,
            };
            // Records the reader left cut, for this thread to read.
            batch.read_cut(rules);
            each.ahead(&batch.cases);
            for (item, prepared) in batch.items.iter().zip(&batch.cases) {
                records += 1;
                if unread_columns(file, &item.unread, opts.strict, lang).is_err() {
                    return Err(match lang {
                        Lang::En => format!("{file}: keys not read (--strict)"),
                        Lang::Zh => format!("{file}：有未读取的键（--strict）"),
                    });
                }
                match &item.result {
                    Err(reason) => each.record(file, item.line, Err((prepared.case(), reason.get(opts.lang)))),
                    Ok(()) => each.record(file, item.line, Ok(prepared)),
                }
            }
            // The reader may have stopped (end of input); the batch is then not needed.
            let _ = main.back.send(batch);
        }
        // Not an error (a month without decisions exports a header alone), but worth a line.
        if records == 0 {
            let _ = match lang {
                Lang::En => writeln!(std::io::stderr(), "warning: {file}: no records in the file"),
                Lang::Zh => writeln!(std::io::stderr(), "警告：{file}：文件中没有记录"),
            };
        }
        Ok(())
    })
}
