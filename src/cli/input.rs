//! Reading case files — CSV, JSON Lines, YAML — streaming where the format allows, into a
//! reused [`PreparedCase`]. Every record yields exactly one outcome: read, or the reason it
//! cannot be read, with the line it starts on.

use std::cell::RefCell;
use std::collections::{BTreeMap, VecDeque};
use std::io::{BufRead, BufReader, Read};
use std::rc::Rc;
use std::sync::Arc;

use discretion::Benchmark;
use discretion::check::PreparedCase;
use discretion::read::record::{CaseField, Columns};
use discretion::read::structured::yaml_records;
use discretion::table::{Lang, Text};

/// How a file's columns are read: renames (`--map`, `--map-file`) and the tables violations
/// are looked up in (`--table`).
#[derive(Debug, Clone, Default)]
pub(crate) struct Mapping {
    pub renames: Vec<(String, String)>,
    pub tables: Vec<String>,
    /// `--max-field-bytes`.
    pub max_field_bytes: usize,
}

impl Mapping {
    /// The columns of a header under this mapping.
    pub(crate) fn columns<'h>(&self, rules: &Benchmark, header: impl IntoIterator<Item = &'h str>) -> Columns {
        let mut c = rules.columns(header, &self.renames);
        c.restrict_to_tables(self.tables.clone());
        c.set_max_field_bytes(self.max_field_bytes);
        c
    }

    /// The longest record read: room for a few fields at the limit, and never less than
    /// [`MAX_RECORD_BYTES`].
    fn max_record_bytes(&self) -> u64 {
        (self.max_field_bytes as u64).saturating_mul(16).max(MAX_RECORD_BYTES)
    }
}

/// Marks, in the list of unread columns, a `--map` source the header does not have.
pub(crate) const ABSENT_MAPPED: &str = "--map names it, but the file has no such column";

/// The `--map` / `--map-file` sources this header lacks: a mapping that renames nothing is
/// probably misspelt, and would otherwise leave its field silently unread.
fn absent_renames(renames: &[(String, String)], header: &[&str]) -> Vec<(String, Option<String>)> {
    renames
        .iter()
        .filter(|(from, _)| !header.iter().any(|h| h.trim() == from))
        .map(|(from, _)| {
            let near = discretion::table::did_you_mean(from, header.iter().map(|h| h.trim()));
            let hint = match near {
                Some(n) => format!("{ABSENT_MAPPED}; did you mean `{n}`?"),
                None => ABSENT_MAPPED.to_string(),
            };
            (from.clone(), Some(hint))
        })
        .collect()
}

/// A case file's bytes; `Send`, so that a reader thread can own it.
pub(crate) type Input = Box<dyn Read + Send>;

/// The case file formats.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum InputFormat {
    /// Comma-separated values with a header row.
    Csv,
    /// One JSON object per line.
    Jsonl,
    /// A YAML list of mappings.
    Yaml,
    /// A spreadsheet: .xlsx, .xlsm, .xls, .xlsb, .ods (first sheet, or `--sheet`).
    Xlsx,
}

impl InputFormat {
    /// The format a file name implies.
    pub(crate) fn from_name(name: &str) -> Option<InputFormat> {
        let lower = name.to_lowercase();
        if lower.ends_with(".csv") || lower.ends_with(".txt") || lower.ends_with(".tsv") {
            Some(InputFormat::Csv)
        } else if lower.ends_with(".jsonl") || lower.ends_with(".ndjson") || lower.ends_with(".json") {
            Some(InputFormat::Jsonl)
        } else if lower.ends_with(".yaml") || lower.ends_with(".yml") {
            Some(InputFormat::Yaml)
        } else if [".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"].iter().any(|e| lower.ends_with(e)) {
            Some(InputFormat::Xlsx)
        } else {
            None
        }
    }
}

/// The encodings case files come in.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Encoding {
    Utf8,
    Gbk,
}

impl Encoding {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Gbk => "GBK/GB18030",
        }
    }
}

/// How many bytes are looked at to tell UTF-8 from GBK.
const SNIFF_BYTES: usize = 64 * 1024;

/// Whether the file's first bytes (`start`) are text beyond ASCII that is valid UTF-8 (a
/// character cut at the end of the sample still counts): text GBK would garble.
pub(crate) fn reads_as_utf8(start: &[u8]) -> bool {
    let start = start.get(..SNIFF_BYTES.min(start.len())).unwrap_or(start);
    !start.is_ascii() && std::str::from_utf8(start).map(|_| true).unwrap_or_else(|e| e.error_len().is_none())
}

/// Whether text without a byte-order mark is UTF-16: its ASCII characters (delimiters, line
/// breaks, digits, ASCII names) each have a zero byte beside them, on one side — even bytes
/// for big-endian, odd for little-endian. UTF-8 and GBK text holds no zero byte; stray ones
/// do not make one byte in sixteen, nine in ten of them on one side. (A Chinese export has
/// few ASCII characters — its delimiters and digits still make about one byte in eight zero.
/// Read as UTF-8, such a file was "no `case_id` column" with a header of `c\0a\0s\0…`.)
fn utf16_without_bom(sample: &[u8]) -> bool {
    let start = sample.get(..4096).unwrap_or(sample);
    let (mut even, mut odd) = (0usize, 0usize);
    for (i, &b) in start.iter().enumerate() {
        if b == 0 {
            if i % 2 == 0 { even += 1 } else { odd += 1 }
        }
    }
    let zeros = even + odd;
    zeros >= 4 && zeros * 16 >= start.len() && even.max(odd) * 10 >= zeros * 9
}

/// Tells UTF-8 (with or without BOM) from GBK/GB18030 by the first bytes: text that is valid
/// UTF-8 is UTF-8 (so is text after a UTF-8 byte-order mark); otherwise GBK if its header
/// decodes as GB18030 — a header of ASCII names: if at least as many lines decode as GB18030 as
/// are neither UTF-8 nor GB18030 (stray bytes, each its own row's).
pub(crate) fn detect(reader: &mut BufReader<Input>, lang: Lang) -> Result<Encoding, String> {
    // Peek without consuming: the reader's buffer holds up to SNIFF_BYTES.
    let sample: Vec<u8> = reader.fill_buf().map(|b| b.iter().take(SNIFF_BYTES).copied().collect()).unwrap_or_default();
    if sample.starts_with(b"\xFF\xFE") || sample.starts_with(b"\xFE\xFF") || utf16_without_bom(&sample) {
        return Err(match lang {
            Lang::En => "the file is UTF-16; save it as UTF-8 (or GBK) text".into(),
            Lang::Zh => "文件为 UTF-16 编码；请另存为 UTF-8（或 GBK）文本".into(),
        });
    }
    match std::str::from_utf8(&sample) {
        Ok(_) => Ok(Encoding::Utf8),
        // A multi-byte character cut at the end of the sample is still UTF-8.
        Err(e) if e.error_len().is_none() => Ok(Encoding::Utf8),
        // A UTF-8 byte-order mark says what the file is: a stray byte after it is its row's.
        Err(_) if sample.starts_with(b"\xEF\xBB\xBF") => Ok(Encoding::Utf8),
        Err(_) => {
            // Whole lines only: a sample that stops before the file's end (the window, or a
            // pipe's short read) may stop inside a character, and no byte of a GBK or GB18030
            // character is a line feed.
            let whole = match sample.iter().rposition(|&b| b == b'\n') {
                Some(end) => sample.get(..=end).unwrap_or(&sample),
                None => &sample,
            };
            let utf8 = |l: &[u8]| std::str::from_utf8(l).map(|_| true).unwrap_or_else(|e| e.error_len().is_none());
            let gbk = |l: &[u8]| !encoding_rs::GB18030.decode_without_bom_handling(l).1;
            // Each line beyond ASCII is UTF-8, GBK (GB18030 and not UTF-8), or neither: a stray
            // byte, which makes its own record unreadable, not the whole file.
            let (mut utf8_line, mut gbk_line, mut gbk_lines, mut neither) = (None, None, 0usize, 0usize);
            for (i, l) in whole.split(|b| *b == b'\n').enumerate().filter(|(_, l)| !l.is_ascii()) {
                if utf8(l) {
                    utf8_line = utf8_line.or(Some(i + 1));
                } else if gbk(l) {
                    (gbk_line, gbk_lines) = (gbk_line.or(Some(i + 1)), gbk_lines + 1);
                } else {
                    neither += 1;
                }
            }
            // UTF-8 lines beside GBK ones: two encodings in one file, which no choice reads right.
            if let (Some(u), Some(o)) = (utf8_line, gbk_line) {
                return Err(match lang {
                    Lang::En => format!(
                        "the file mixes encodings: line {u} is UTF-8, line {o} is not (GBK?); save it in one encoding, or give --encoding"
                    ),
                    Lang::Zh => format!(
                        "文件混用了两种编码：第 {u} 行为 UTF-8，第 {o} 行不是（GBK？）；请以同一种编码保存，或指定 --encoding"
                    ),
                });
            }
            // The header, where it has Chinese names, decides; else the lines that say one.
            let header = whole.split(|b| *b == b'\n').next().filter(|h| !h.is_ascii());
            Ok(match header {
                Some(h) if utf8(h) => Encoding::Utf8,
                Some(h) if gbk(h) => Encoding::Gbk,
                _ if gbk_lines >= 1 && gbk_lines >= neither && utf8_line.is_none() => Encoding::Gbk,
                _ => Encoding::Utf8,
            })
        }
    }
}

/// The byte between a delimited file's fields, from its header row (`start`: the file's first
/// bytes): a tab when the header holds more tabs than commas (a "tab-separated" or "Unicode
/// text" export, often named `.txt` or `.xls`), else a comma. Tabs and commas are single bytes
/// in UTF-8 and GBK alike, so the raw bytes tell.
///
/// A header is names, so a comma-separated header with more tabs than commas is not a case that
/// arises; the other way round, a tab-separated file read with commas has one column.
pub(crate) fn delimiter(start: &[u8]) -> u8 {
    let start = start.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(start);
    let header = start.split(|&b| b == b'\n' || b == b'\r').next().unwrap_or_default();
    let count = |d: u8| header.iter().filter(|&&b| b == d).count();
    if count(b'\t') > count(b',') { b'\t' } else { b',' }
}

/// Decodes the input to UTF-8 while streaming: UTF-8 (a BOM is dropped) or GBK. Invalid bytes
/// of either reach the reader as bytes that are not UTF-8 ([`not_text`] says what they are).
pub(crate) fn decoded(mut reader: BufReader<Input>, encoding: Encoding) -> Input {
    if encoding == Encoding::Gbk {
        // Bytes that are not GBK are marked, not replaced: their record is unreadable.
        return Box::new(super::gbk::StrictGbk::new(reader));
    }
    // UTF-8: only a BOM is removed; invalid bytes must surface as an unreadable record, not be
    // replaced silently.
    if reader.fill_buf().is_ok_and(|b| b.starts_with(b"\xEF\xBB\xBF")) {
        reader.consume(3);
    }
    Box::new(reader)
}

/// The part of a file that holds bytes that are not text: see [`not_text`].
enum Unread<'a> {
    Header,
    Column(&'a str),
    /// A JSON Lines record's line.
    Line,
    /// A place (line, column; from 1) in a file read whole.
    Place(u64, u64),
}

/// Why the header, a record's column or a line cannot be read: bytes that are not text in the
/// file's encoding.
fn not_text(encoding: Encoding, part: Unread<'_>) -> Reason {
    let (what_zh, what_en) = match part {
        Unread::Column(name) => (format!("列“{name}”"), format!("column `{name}`")),
        Unread::Header => ("表头".to_string(), "the header".to_string()),
        Unread::Line => ("该行".to_string(), "the line".to_string()),
        Unread::Place(line, column) => (format!("第 {line} 行第 {column} 列"), format!("line {line}, column {column}")),
    };
    match encoding {
        Encoding::Utf8 => Text::new(
            format!("{what_zh}不是有效的 UTF-8（文件是否为 GBK 编码？可加 --encoding gbk）"),
            format!("{what_en} is not valid UTF-8 (is the file GBK? try --encoding gbk)"),
        ),
        Encoding::Gbk => Text::new(
            format!("{what_zh}含有不属于 GBK/GB18030 的字节（文件已按 GBK 读取）"),
            format!("{what_en} holds bytes that are not GBK/GB18030 text (the file is read as GBK)"),
        ),
    }
}

/// Why a record cannot be read, in English and Chinese.
pub(crate) type Reason = Text;

/// A record's outcome: read into the prepared case, or why not; with its line.
pub(crate) type Outcome = (u64, Result<(), Reason>);

/// The reason of a record the library could not read.
pub(crate) fn case_reason(e: &discretion::read::record::CaseError) -> Reason {
    Text::new(e.render(Lang::Zh), e.render(Lang::En))
}

/// What became of a record taken from a source by [`Records::next_cut`].
pub(crate) enum Step {
    /// Read into the case, or why it cannot be.
    Read(Result<(), Reason>),
    /// Cut into its fields, in the source's columns ([`Records::shared_columns`]), to be read
    /// into the case with [`read_cut`] — on another thread: reading the fields is most of the
    /// work, and records are independent once cut.
    Cut,
}

/// A source of records.
pub(crate) trait Records<'r> {
    /// Reads the next record into `into`; `None` at the end.
    fn next(&mut self, into: &mut PreparedCase<'r>) -> Option<Outcome>;
    /// The next record, cut into `raw` where the format allows reading it later
    /// ([`Step::Cut`]); otherwise read into `into` now, as [`next`](Records::next) does.
    fn next_cut(&mut self, into: &mut PreparedCase<'r>, raw: &mut csv::ByteRecord) -> Option<(u64, Step)> {
        let _ = raw;
        self.next(into).map(|(line, result)| (line, Step::Read(result)))
    }
    /// The columns records cut by [`next_cut`](Records::next_cut) are read in, and the
    /// encoding their bytes were decoded from.
    fn shared_columns(&self) -> Option<(Arc<Columns>, Encoding)> {
        None
    }
    /// Columns (or keys) read by nothing, not yet reported, with a hint.
    fn take_unread(&mut self) -> Vec<(String, Option<String>)>;
    /// The columns of a file with a header (CSV), for checks on absent columns.
    fn columns(&self) -> Option<&Columns>;
}

/// Where the line breaks of a stream are, for the lines of records the CSV parser reports by
/// byte offset (its own line numbers are one too low in CRLF files). A line ends at `\r\n`,
/// `\n` or a lone `\r` (old Mac exports), as it does for the parser, and as an editor counts
/// lines. Only breaks the parser may still report on are kept: memory is bounded by its
/// buffer, not by the file.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Newlines {
    /// The byte between fields: `,`, or a tab ([`delimiter`]).
    delimiter: u8,
    read: u64,
    before: u64,
    /// Every line-break byte not yet passed, and whether it starts a new line (the `\n` of a
    /// `\r\n` does not). The `\n` is kept too: consecutive offsets then mark blank lines.
    pending: VecDeque<(u64, bool)>,
    /// Where the reader is in CSV's grammar, to find records (a quoted field may hold newlines).
    state: Quoting,
    /// The byte of the quote that opened the field still open, if one is.
    open_quote: Option<u64>,
    /// Bytes since the last record boundary.
    since_boundary: u64,
    /// The last byte noted was a carriage return (a `\n` after it ends the same line).
    after_cr: bool,
    /// The input has ended.
    eof: bool,
}

/// CSV's quoting, as the `csv` crate reads it.
#[derive(Default, Clone, Copy, PartialEq, Eq, Debug)]
enum Quoting {
    #[default]
    FieldStart,
    Unquoted,
    Quoted,
    /// A quote inside a quoted field: its end, or the first of an escaped pair.
    QuoteInQuoted,
}

/// The longest record read: a bound on what one record may hold in memory (an unterminated
/// quote would otherwise make the rest of the file one field).
pub(crate) const MAX_RECORD_BYTES: u64 = 16 * 1024 * 1024;

impl Newlines {
    fn new(delimiter: u8) -> Newlines {
        Newlines {
            delimiter,
            read: 0,
            before: 0,
            pending: VecDeque::new(),
            state: Quoting::default(),
            open_quote: None,
            since_boundary: 0,
            after_cr: false,
            eof: false,
        }
    }

    /// The line of the record starting at `byte` (a CRLF record is reported at its `\n`). The
    /// parser reports a record after blank lines at the first of them: the line breaks that
    /// follow on from there, byte after byte, are passed too (they end the blank lines).
    fn line_at(&mut self, byte: u64) -> u64 {
        let mut last = None;
        while let Some(&(at, new_line)) =
            self.pending.front().filter(|(at, _)| *at <= byte || last.is_some_and(|l: u64| *at == l + 1))
        {
            self.pending.pop_front();
            self.before += u64::from(new_line);
            last = Some(at);
        }
        self.before + 1
    }

    /// The lines the breaks not yet passed start.
    fn pending_lines(&self) -> u64 {
        self.pending.iter().filter(|(_, new_line)| *new_line).count() as u64
    }
}

/// A reader that notes where its newlines are.
struct Counting<R> {
    inner: R,
    newlines: Rc<RefCell<Newlines>>,
    /// The longest record allowed.
    cap: u64,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let mut state = self.newlines.borrow_mut();
        if n == 0 {
            state.eof = true;
        }
        let start = state.read;
        if let Err(line) = state.note(buf.get(..n).unwrap_or_default(), start, self.cap) {
            return Err(std::io::Error::other(format!(
                "a record longer than {} bytes (near line {line}): an unterminated quote? (a longer record needs a larger --max-field-bytes)",
                self.cap
            )));
        }
        state.read = start + n as u64;
        Ok(n)
    }
}

impl Newlines {
    /// Notes `bytes`, read from offset `start`: where their newlines are and where they leave
    /// CSV's grammar; `Err(line)` when a record grows past `cap` bytes. Bytes holding no quote,
    /// read outside a quoted field, take a vectorised search for newlines and one for the last
    /// comma or newline; anything else is read byte by byte ([`Newlines::note_each`]), which
    /// this agrees with exactly (tested).
    fn note(&mut self, bytes: &[u8], start: u64, cap: u64) -> Result<(), u64> {
        let outside = matches!(self.state, Quoting::FieldStart | Quoting::Unquoted);
        if bytes.is_empty() {
            return Ok(());
        }
        if !outside || memchr::memchr(b'"', bytes).is_some() {
            return self.note_each(bytes, start, cap);
        }
        // Without quotes every newline ends a record: each record's bytes so far must stay
        // within `cap` (on the way to a newline, and after the last one).
        // `longest`: the most a record reaches (a newline counts as the first byte of the next).
        let (noted, after_cr) = (self.pending.len(), self.after_cr);
        let (mut longest, mut last) = (self.since_boundary, None::<usize>);
        for at in memchr::memchr2_iter(b'\n', b'\r', bytes) {
            longest = longest.max(match last {
                None => self.since_boundary + at as u64,
                Some(p) => (at - p) as u64,
            });
            let before = if at == 0 { self.after_cr } else { bytes.get(at - 1) == Some(&b'\r') };
            self.pending.push_back((start + at as u64, !(before && bytes.get(at) == Some(&b'\n'))));
            last = Some(at);
        }
        self.after_cr = bytes.last() == Some(&b'\r');
        let end = match last {
            None => self.since_boundary + bytes.len() as u64,
            Some(p) => (bytes.len() - p) as u64,
        };
        if longest.max(end) > cap {
            // Said where the byte-by-byte reading says it.
            self.pending.truncate(noted);
            self.after_cr = after_cr;
            return self.note_each(bytes, start, cap);
        }
        self.since_boundary = end;
        // The state: a delimiter or line break starts a field; anything after it makes it
        // unquoted data.
        let tail = match memchr::memrchr3(self.delimiter, b'\n', b'\r', bytes) {
            Some(p) => {
                self.open_quote = None;
                self.state = Quoting::FieldStart;
                bytes.get(p + 1..).unwrap_or_default()
            }
            None => bytes,
        };
        if self.state == Quoting::FieldStart && !tail.is_empty() {
            self.state = Quoting::Unquoted;
        }
        Ok(())
    }

    /// [`Newlines::note`] byte by byte: CSV's grammar as the `csv` crate reads it.
    fn note_each(&mut self, bytes: &[u8], start: u64, cap: u64) -> Result<(), u64> {
        for (i, &b) in bytes.iter().enumerate() {
            let at = start + i as u64;
            if b == b'\r' || b == b'\n' {
                self.pending.push_back((at, b == b'\r' || !self.after_cr));
            }
            self.after_cr = b == b'\r';
            self.state = match (self.state, b) {
                (Quoting::FieldStart, b'"') => {
                    self.open_quote = Some(at);
                    Quoting::Quoted
                }
                (Quoting::Quoted, b'"') => Quoting::QuoteInQuoted,
                (Quoting::Quoted, _) => Quoting::Quoted,
                (Quoting::QuoteInQuoted, b'"') => Quoting::Quoted,
                (_, d) if d == self.delimiter => {
                    self.open_quote = None;
                    Quoting::FieldStart
                }
                // Outside quotes, `\r` and `\n` each end a record (the parser skips the empty
                // record between the two of a CRLF).
                (_, b'\n' | b'\r') => {
                    self.open_quote = None;
                    self.since_boundary = 0;
                    Quoting::FieldStart
                }
                _ => Quoting::Unquoted,
            };
            self.since_boundary += 1;
            if self.since_boundary > cap {
                return Err(self.before + self.pending_lines() + 1);
            }
        }
        Ok(())
    }
}

/// The hint of a column without a name in the header.
pub(crate) const UNNAMED: &str = "no name in the header";

/// CSV records, streamed through one reused byte record.
pub(crate) struct CsvRecords<'r> {
    rules: &'r Benchmark,
    reader: csv::Reader<Counting<Input>>,
    newlines: Rc<RefCell<Newlines>>,
    columns: Arc<Columns>,
    /// What the file was decoded from: what bytes that are not UTF-8 were.
    encoding: Encoding,
    record: csv::ByteRecord,
    unread: Vec<(String, Option<String>)>,
    /// Where the case id and the violation are (looked up once, read for every record).
    identifying: [Option<usize>; 2],
    /// The byte between fields.
    delimiter: u8,
    done: bool,
}

impl<'r> CsvRecords<'r> {
    /// Records of `input`, whose fields are separated by `delimiter` (see [`delimiter`]), or
    /// why its header cannot be read (then no record can be: the file is refused whole, not
    /// counted as one unreadable row while its rows go unread).
    pub(crate) fn new(
        rules: &'r Benchmark,
        input: Input,
        mapping: &Mapping,
        delimiter: u8,
        encoding: Encoding,
    ) -> Result<CsvRecords<'r>, Reason> {
        let newlines = Rc::new(RefCell::new(Newlines::new(delimiter)));
        let counting = Counting { inner: input, newlines: newlines.clone(), cap: mapping.max_record_bytes() };
        let mut reader = csv::ReaderBuilder::new().flexible(true).delimiter(delimiter).from_reader(counting);
        let header = match reader.byte_headers() {
            Ok(h) => h,
            Err(e) => return Err(Text::new(format!("无法读取表头：{e}"), format!("cannot read the header: {e}"))),
        };
        let Ok(names) = header.iter().map(std::str::from_utf8).collect::<Result<Vec<&str>, _>>() else {
            return Err(not_text(encoding, Unread::Header));
        };
        // An empty file is refused: an export that failed looks like one. (A header without
        // records is read: a month without decisions; the caller says no record was read.) A
        // header of empty names is a header without `case_id`, refused as such.
        if names.is_empty() {
            return Err(Text::new(
                "文件为空：没有表头行，也没有记录",
                "the file is empty: no header row and no records",
            ));
        }
        let absent = absent_renames(&mapping.renames, &names);
        let columns = Arc::new(mapping.columns(rules, names));
        // A column without a name (a trailing delimiter in the header) is named by its place.
        let mut unread: Vec<(String, Option<String>)> = columns
            .unread()
            .map(|(i, n, h)| match n.trim().is_empty() {
                true => (format!("#{}", i + 1), Some(UNNAMED.to_string())),
                false => (n.to_string(), h.map(str::to_string)),
            })
            .collect();
        unread.extend(absent);
        let identifying = [columns.position(CaseField::CaseId), columns.position(CaseField::Violation)];
        Ok(CsvRecords {
            rules,
            reader,
            newlines,
            columns,
            encoding,
            record: csv::ByteRecord::new(),
            unread,
            identifying,
            delimiter,
            done: false,
        })
    }
}

impl<'r> CsvRecords<'r> {
    /// The next record cut into `record`, or its outcome when its shape already decides it
    /// (a malformed row, a field count unlike the header's, an unclosed quote, a read error).
    fn cut(&mut self, into: &mut PreparedCase<'r>, record: &mut csv::ByteRecord) -> Option<(u64, Step)> {
        if self.done {
            return None;
        }
        // An outcome before the record is read must not carry an earlier record's id.
        into.clear();
        let columns = &*self.columns;
        let mut read = self.reader.read_byte_record(record);
        // A row of empty cells (`,,,,` below a spreadsheet export) is a blank line: skipped.
        while matches!(read, Ok(true)) && record.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) {
            read = self.reader.read_byte_record(record);
        }
        match read {
            Ok(false) => None,
            Ok(true) => {
                let byte = record.position().map_or(0, |p| p.byte());
                let line = self.newlines.borrow_mut().line_at(byte);
                // The input ended inside a quoted field that this record holds: the quote was
                // never closed, and the rest of the file became one field.
                let unclosed = {
                    let state = self.newlines.borrow();
                    let reach = byte + record.as_slice().len() as u64 + record.len() as u64;
                    (state.eof && state.state == Quoting::Quoted)
                        .then_some(state.open_quote)
                        .flatten()
                        .filter(|q| *q >= byte && *q <= reach)
                };
                if unclosed.is_some() {
                    return Some((
                        line,
                        Step::Read(Err(Text::new(
                            format!("第 {line} 行开始的记录中有引号未闭合：其后的内容都被读作一个字段"),
                            format!(
                                "a quote in the record starting on line {line} is never closed: everything after it was read as one field"
                            ),
                        ))),
                    ));
                }
                // Empty cells past the header's last column (`…,否,,` — a trailing delimiter of
                // an export) hold nothing to read: the row is read, as a spreadsheet's is.
                let trailing_empty = record.iter().skip(columns.len()).all(|f| f.iter().all(u8::is_ascii_whitespace));
                // A field holding line breaks made the record run over the next lines: a quote
                // that was not meant to open one swallows the rows after it, and their cases are
                // in this record. A line break in its id or violation says so even where the
                // count of fields comes out right.
                // (Line breaks are LF, CRLF or a lone CR, as lines are counted.)
                // Nearly every record holds no line break at all: one vectorised scan says so.
                let any_break = memchr::memchr2(b'\n', b'\r', record.as_slice()).is_some();
                let breaks_in = |f: &[u8]| any_break && memchr::memchr2(b'\n', b'\r', f).is_some();
                let swallowed = self.identifying.iter().any(|at| at.and_then(|i| record.get(i)).is_some_and(breaks_in));
                // Elsewhere, a field holding line breaks and a whole row's worth of delimiters is
                // rows swallowed whose count of fields happened to come out right (a quote opened
                // in one row's unit and closed in a later row's): their cases would be lost and
                // this one read with another's facts. Text written over several lines (an
                // address, a note) holds a few commas, not a row's.
                let row_of_delimiters = columns.len().saturating_sub(1).max(3);
                let spanning = record
                    .iter()
                    .position(|f| breaks_in(f) && memchr::memchr_iter(self.delimiter, f).count() >= row_of_delimiters)
                    .filter(|_| any_break);
                if record.len() < columns.len() || !trailing_empty || swallowed || spanning.is_some() {
                    let bytes = record.as_slice();
                    let breaks = bytes
                        .iter()
                        .enumerate()
                        .filter(|&(i, &b)| b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')))
                        .count() as u64;
                    let (n, h) = (record.len(), columns.len());
                    // Read what the row holds all the same, so that its outcome names its case id
                    // (the reason is the field count, whatever the fields say).
                    if let Ok(text) = std::str::from_utf8(record.as_slice()) {
                        // Not the field that swallowed rows: it holds their text, not this case's.
                        let values = (0..n.min(h))
                            .map(|i| if Some(i) == spanning { None } else { record.range(i) })
                            .map(|r| r.and_then(|r| text.get(r)).unwrap_or(""));
                        let _ = self.rules.read_record(columns, values, into);
                    }
                    let end = line + breaks;
                    let field = spanning.map(|i| columns.names().get(i).map_or("?", String::as_str));
                    let message = match (breaks, n == h) {
                        (_, true) if !swallowed && let Some(field) = field => Text::new(
                            format!(
                                "从第 {line} 行到第 {end} 行的记录，其字段“{field}”中有换行和一整行的分隔符：引号内的换行使记录跨行，可能有引号未闭合，其后各行已并入此记录"
                            ),
                            format!(
                                "the record on lines {line}–{end} holds line breaks and a whole row's worth of delimiters in its field `{field}`: line breaks inside quotes made it run over several lines — a quote left open? The rows after it are part of this record"
                            ),
                        ),
                        (0, _) => Text::new(
                            format!("该行有 {n} 个字段，表头有 {h} 个"),
                            format!("the row has {}, the header {h}", super::english(n as u64, "field", "fields")),
                        ),
                        (_, false) => Text::new(
                            format!(
                                "从第 {line} 行到第 {end} 行的记录有 {n} 个字段，表头有 {h} 个：引号内的换行使记录跨行，可能有引号未闭合，其后各行已并入此记录"
                            ),
                            format!(
                                "the record on lines {line}–{end} has {n} fields, the header {h}: line breaks inside quotes made it run over several lines — a quote left open? The rows after it are part of this record"
                            ),
                        ),
                        (_, true) => Text::new(
                            format!(
                                "从第 {line} 行到第 {end} 行的记录，其案号或违法行为中有换行：引号内的换行使记录跨行，可能有引号未闭合，其后各行已并入此记录"
                            ),
                            format!(
                                "the record on lines {line}–{end} has a line break in its case id or violation: line breaks inside quotes made it run over several lines — a quote left open? The rows after it are part of this record"
                            ),
                        ),
                    };
                    return Some((line, Step::Read(Err(message))));
                }
                Some((line, Step::Cut))
            }
            Err(e) if matches!(e.kind(), csv::ErrorKind::Io(_)) => {
                // An I/O error (or a record past the length limit) ends the stream: said, with
                // the line reading stopped at, so that the count of rows read is not mistaken
                // for the file's.
                self.done = true;
                let line = {
                    let state = self.newlines.borrow();
                    state.before + state.pending_lines() + 1
                };
                Some((
                    line,
                    Step::Read(Err(Text::new(
                        format!("读取中止：{e}；文件其余部分未读取"),
                        format!("reading stopped: {e}; the rest of the file was not read"),
                    ))),
                ))
            }
            Err(e) => {
                let byte = e.position().map_or(0, |p| p.byte());
                let line = self.newlines.borrow_mut().line_at(byte);
                // A malformed row is reported and skipped.
                Some((line, Step::Read(Err(Text::new(format!("CSV 格式错误：{e}"), format!("malformed CSV: {e}"))))))
            }
        }
    }
}

/// Reads a record cut into fields (`record`, in the order of `columns`) into `into`: all of
/// reading a CSV record that needs nothing but the record, so that it runs on either thread.
pub(crate) fn read_cut<'r>(
    rules: &'r Benchmark,
    (columns, encoding): (&Columns, Encoding),
    record: &csv::ByteRecord,
    into: &mut PreparedCase<'r>,
) -> Result<(), Reason> {
    // One validation for the whole record: fields are cut at ASCII bytes, which never occur
    // inside a multi-byte character, so each field is valid too.
    let whole = match std::str::from_utf8(record.as_slice()) {
        Ok(text) => text,
        Err(e) => {
            let at = e.valid_up_to();
            let i = (0..record.len()).find(|i| record.range(*i).is_some_and(|r| r.end > at)).unwrap_or(0);
            let name = columns.names().get(i).map_or("?", String::as_str);
            // The fields that are valid are still read for the record's id, unit and officer,
            // so that the unreadable record is listed by its id (the bad field read as blank).
            let valid = |i: usize| record.get(i).and_then(|f| std::str::from_utf8(f).ok()).unwrap_or("");
            let _ = rules.read_record(columns, (0..record.len().min(columns.len())).map(valid), into);
            return Err(not_text(encoding, Unread::Column(name)));
        }
    };
    let values = (0..record.len().min(columns.len())).map(|i| record.range(i).and_then(|r| whole.get(r)).unwrap_or(""));
    rules.read_record(columns, values, into).map_err(|e| case_reason(&e))
}

impl<'r> Records<'r> for CsvRecords<'r> {
    fn next(&mut self, into: &mut PreparedCase<'r>) -> Option<Outcome> {
        let mut record = std::mem::take(&mut self.record);
        let cut = self.cut(into, &mut record);
        let outcome = match cut {
            None => None,
            Some((line, Step::Read(result))) => Some((line, result)),
            Some((line, Step::Cut)) => {
                Some((line, read_cut(self.rules, (&self.columns, self.encoding), &record, into)))
            }
        };
        self.record = record;
        outcome
    }

    fn next_cut(&mut self, into: &mut PreparedCase<'r>, raw: &mut csv::ByteRecord) -> Option<(u64, Step)> {
        self.cut(into, raw)
    }

    fn shared_columns(&self) -> Option<(Arc<Columns>, Encoding)> {
        Some((self.columns.clone(), self.encoding))
    }

    fn take_unread(&mut self) -> Vec<(String, Option<String>)> {
        std::mem::take(&mut self.unread)
    }

    fn columns(&self) -> Option<&Columns> {
        Some(&self.columns)
    }
}

/// Records of structured formats (JSON Lines, YAML): each has its own keys.
pub(crate) struct KeyedRecords<'r, I> {
    rules: &'r Benchmark,
    records: I,
    mapping: Mapping,
    seen_unread: BTreeMap<String, Option<String>>,
    unread: Vec<(String, Option<String>)>,
    /// The keys of the last record and their columns.
    keys: Vec<String>,
    columns: Columns,
}

/// The most distinct unread keys reported for one file.
const MAX_UNREAD_KEYS: usize = 100;

/// A keyed record's fields, or why it is not a record — with, where they could be made out,
/// its fields as a lenient reader sees them, read only to name the record (its id, unit and
/// officer) in the list of unreadable ones.
type Keyed = Result<Vec<(String, String)>, (Reason, Vec<(String, String)>)>;

impl<I> KeyedRecords<'_, I> {
    /// Resolves the columns of `fields`' keys, when they differ from the last record's.
    fn resolve(&mut self, fields: &[(String, String)]) {
        // Records of one file usually share their keys: the columns are resolved again only
        // when the keys change.
        let same = self.keys.len() == fields.len() && self.keys.iter().zip(fields).all(|(k, (f, _))| k == f);
        if !same {
            self.keys.clear();
            self.keys.extend(fields.iter().map(|(k, _)| k.clone()));
            self.columns = self.mapping.columns(self.rules, self.keys.iter().map(String::as_str));
        }
    }
}

impl<'r, I: Iterator<Item = (u64, Keyed)>> Records<'r> for KeyedRecords<'r, I> {
    fn next(&mut self, into: &mut PreparedCase<'r>) -> Option<Outcome> {
        let (line, fields) = self.records.next()?;
        into.clear();
        let fields = match fields {
            Ok(f) => f,
            Err((e, seen)) => {
                if !seen.is_empty() {
                    self.resolve(&seen);
                    let _ = self.rules.read_record(&self.columns, seen.iter().map(|(_, v)| v.as_str()), into);
                }
                return Some((line, Err(e)));
            }
        };
        self.resolve(&fields);
        let columns = &self.columns;
        for (_, name, hint) in columns.unread() {
            if self.seen_unread.len() < MAX_UNREAD_KEYS && !self.seen_unread.contains_key(name) {
                self.seen_unread.insert(name.to_string(), hint.map(str::to_string));
                self.unread.push((name.to_string(), hint.map(str::to_string)));
            }
        }
        let result = self.rules.read_record(columns, fields.iter().map(|(_, v)| v.as_str()), into);
        Some((line, result.map_err(|e| case_reason(&e))))
    }

    fn take_unread(&mut self) -> Vec<(String, Option<String>)> {
        std::mem::take(&mut self.unread)
    }

    fn columns(&self) -> Option<&Columns> {
        None
    }
}

/// The next line (without its end), holding at most `cap` bytes: a longer line is skipped to
/// its end and refused, so one huge line never sits in memory; a line that is not text in the
/// file's `encoding` is refused as such. `Ok(None)` at the end.
fn bounded_line(
    reader: &mut impl BufRead,
    buf: &mut Vec<u8>,
    cap: u64,
    encoding: Encoding,
) -> Result<Option<String>, Text> {
    let unreadable = |e: std::io::Error| Text::new(format!("无法读取该行：{e}"), format!("cannot read the line: {e}"));
    buf.clear();
    let read = reader.by_ref().take(cap.saturating_add(1)).read_until(b'\n', buf).map_err(unreadable)?;
    if read == 0 {
        return Ok(None);
    }
    if buf.last() != Some(&b'\n') && buf.len() as u64 > cap {
        reader.skip_until(b'\n').map_err(unreadable)?;
        return Err(Text::new(
            format!("该行超过 {cap} 字节（上限可用 --max-field-bytes 调整，见 docs/LIMITS.md）"),
            format!("the line is longer than {cap} bytes (the limit follows --max-field-bytes: docs/LIMITS.md)"),
        ));
    }
    while matches!(buf.last(), Some(b'\n' | b'\r')) {
        buf.pop();
    }
    // A GBK file reaches here decoded, its bytes that are not GBK marked by bytes that are not
    // UTF-8 (`gbk::NOT_GBK`).
    String::from_utf8(std::mem::take(buf)).map(Some).map_err(|_| not_text(encoding, Unread::Line))
}

/// JSON Lines records, streamed; blank lines are skipped.
///
/// A file without a record — empty, or blank lines only — is refused, as an empty CSV file is:
/// an export that failed looks like one.
pub(crate) fn jsonl<'r>(
    rules: &'r Benchmark,
    name: &str,
    input: Input,
    mapping: &Mapping,
    (encoding, lang): (Encoding, Lang),
) -> Result<Box<dyn Records<'r> + 'r>, String> {
    let mut reader = BufReader::new(input);
    let cap = mapping.max_record_bytes();
    // Blank lines before the first record are skipped here, counted so that lines keep their
    // numbers.
    let mut n = 0u64;
    loop {
        let buf = reader.fill_buf().map_err(|e| super::unreadable(name, &e, lang))?;
        if buf.is_empty() {
            return Err(match lang {
                Lang::En => format!("{name}: the file holds no records: it is empty, or blank lines only"),
                Lang::Zh => format!("{name}：文件中没有记录：文件为空，或只有空行"),
            });
        }
        let blank = buf.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(buf.len());
        // Whole lines only: a record's leading spaces stay with it.
        let skipped = buf.get(..blank).and_then(|b| b.iter().rposition(|&c| c == b'\n')).map_or(0, |i| i + 1);
        n += buf.get(..skipped).map_or(0, |b| b.iter().filter(|&&c| c == b'\n').count() as u64);
        let whole_buffer = blank == buf.len();
        reader.consume(if whole_buffer { blank } else { skipped });
        if !whole_buffer {
            break;
        }
    }
    let mut buf = Vec::new();
    let records = std::iter::from_fn(move || {
        loop {
            n += 1;
            let line = match bounded_line(&mut reader, &mut buf, cap, encoding) {
                Ok(None) => return None,
                Ok(Some(l)) => l,
                Err(e) => return Some((n, Err((e, Vec::new())))),
            };
            // Blank as the file's start is judged: ASCII whitespace only (a line of ideographic
            // spaces is a record, and unreadable).
            if line.bytes().all(|b| b.is_ascii_whitespace()) {
                continue;
            }
            use discretion::read::structured::{JsonRecordError, json_fields, json_record};
            let fields = json_record(&line).map_err(|e| {
                // A key given twice: the object as a JSON parser reads it (the last value kept)
                // still says whose record it is.
                let seen = match e {
                    JsonRecordError::RepeatedKey(_) => serde_json::from_str(&line).map(json_fields).unwrap_or_default(),
                    _ => Vec::new(),
                };
                (Text::new(e.zh(), e.to_string()), seen)
            });
            return Some((n, fields));
        }
    });
    Ok(Box::new(KeyedRecords {
        rules,
        records,
        mapping: mapping.clone(),
        seen_unread: BTreeMap::new(),
        unread: Vec::new(),
        keys: Vec::new(),
        columns: rules.columns(std::iter::empty(), &[]),
    }))
}

/// YAML records (read whole: YAML is not a streaming format).
pub(crate) fn yaml<'r>(
    rules: &'r Benchmark,
    name: &str,
    mut input: Input,
    mapping: &Mapping,
    lang: Lang,
    encoding: Encoding,
) -> Result<Box<dyn Records<'r> + 'r>, String> {
    let mut bytes = Vec::new();
    input
        .by_ref()
        .take(discretion::table::MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| super::unreadable(name, &e, lang))?;
    if bytes.len() as u64 > discretion::table::MAX_FILE_BYTES {
        let most = discretion::table::MAX_FILE_BYTES;
        return Err(match lang {
            Lang::En => format!(
                "{name}: a YAML case file may have at most {most} bytes; use CSV or JSON Lines for large batches"
            ),
            Lang::Zh => format!("{name}：YAML 案件文件至多 {most} 字节；大批量请用 CSV 或 JSON Lines"),
        });
    }
    // A YAML file is parsed whole: its first byte that is not text is placed and refuses it.
    let text = String::from_utf8(bytes).map_err(|e| {
        let (line, column) = discretion::table::line_and_column(e.as_bytes(), e.utf8_error().valid_up_to());
        let why = not_text(encoding, Unread::Place(line, column));
        match lang {
            Lang::En => {
                format!("{name}: {}; a YAML case file is read whole, so none of its cases is read", why.get(lang))
            }
            Lang::Zh => format!("{name}：{}；YAML 案件文件整体读取，其中的案件均未读取", why.get(lang)),
        }
    })?;
    let records = yaml_records(name, &text).map_err(|p| p.in_lang(lang).to_string())?;
    Ok(Box::new(KeyedRecords {
        rules,
        records: records.into_iter().map(|(line, fields)| (line, Ok::<_, (Reason, _)>(fields))),
        mapping: mapping.clone(),
        seen_unread: BTreeMap::new(),
        unread: Vec::new(),
        keys: Vec::new(),
        columns: rules.columns(std::iter::empty(), &[]),
    }))
}

#[cfg(test)]
#[allow(clippy::indexing_slicing, clippy::unwrap_used)]
mod tests {
    use super::{CsvRecords, Mapping, Newlines, Records, Step};

    /// A record cut on one thread and read on another ends as it would read in one go: same
    /// outcome, same case — for good rows and for rows refused by their shape or their values.
    #[test]
    fn a_record_cut_then_read_reads_as_in_one_go() {
        let rules = discretion::Benchmark::from_path("rules").unwrap();
        let text = "案号,违法行为,逾期天数（自期限届满次日起）,罚款金额,当事人类型\n\
                    A,gd-tax.60.1,17,340,单位\n\
                    B,gd-tax.60.1,17,约三百元,单位\n\
                    C,gd-tax.60.1,17\n\
                    D,no-such-violation,3,1,个人\n\
                    E,gd-tax.60.1,\"17\",\"3,400\",单位\n";
        let input = || -> super::Input { Box::new(std::io::Cursor::new(text.as_bytes().to_vec())) };
        let mapping = Mapping { max_field_bytes: 1 << 20, ..Mapping::default() };
        let mut whole = CsvRecords::new(&rules, input(), &mapping, b',', super::Encoding::Utf8).unwrap();
        let mut cut = CsvRecords::new(&rules, input(), &mapping, b',', super::Encoding::Utf8).unwrap();
        let columns = cut.shared_columns().unwrap();
        let (mut a, mut b) =
            (discretion::check::PreparedCase::empty(&rules), discretion::check::PreparedCase::empty(&rules));
        let mut raw = csv::ByteRecord::new();
        let mut cuts = 0;
        while let Some((line, result)) = whole.next(&mut a) {
            let (cut_line, step) = cut.next_cut(&mut b, &mut raw).unwrap();
            let cut_result = match step {
                Step::Read(r) => r,
                Step::Cut => {
                    cuts += 1;
                    super::read_cut(&rules, (&columns.0, columns.1), &raw, &mut b)
                }
            };
            assert_eq!(
                (line, result.map_err(|e| e.get(discretion::table::Lang::En).to_string())),
                (cut_line, cut_result.map_err(|e| e.get(discretion::table::Lang::En).to_string()))
            );
            assert_eq!(a.case(), b.case(), "line {line}");
        }
        assert!(cut.next_cut(&mut b, &mut raw).is_none());
        // A, B, D and E are cut (their values are read later); C's field count refuses it at once.
        assert_eq!(cuts, 4);
    }

    /// The fast reading of a stream agrees with the byte-by-byte one — newlines, grammar state,
    /// record lengths and the line of an over-long record — however the stream is cut into
    /// reads, with and without quotes, carriage returns and tight bounds.
    #[test]
    fn noting_newlines_fast_agrees_with_byte_by_byte() {
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = move |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % n
        };
        for round in 0..3_000 {
            let quotes = round % 3 == 0;
            // Comma-separated, or tab-separated with commas as data.
            let delimiter = if round % 2 == 0 { b',' } else { b'\t' };
            let len = next(400) as usize;
            let bytes: Vec<u8> = (0..len)
                .map(|_| match next(20) {
                    0..=1 => b',',
                    2 => b'\t',
                    3 => b'\n',
                    4 => b'\r',
                    5 if quotes => b'"',
                    _ => b'a',
                })
                .collect();
            let cap = [0, 1, 2, 5, 17, 60, 1 << 40][next(7) as usize];
            let (mut fast, mut slow) = (Newlines::new(delimiter), Newlines::new(delimiter));
            let mut at = 0usize;
            while at < bytes.len() {
                let take = (1 + next(90) as usize).min(bytes.len() - at);
                let chunk = &bytes[at..at + take];
                let (a, b) = (fast.note(chunk, at as u64, cap), slow.note_each(chunk, at as u64, cap));
                assert_eq!(a, b, "round {round}, cap {cap}, at {at}: {:?}", String::from_utf8_lossy(&bytes));
                if a.is_err() {
                    break;
                }
                assert_eq!(fast, slow, "round {round}, cap {cap}, at {at}: {:?}", String::from_utf8_lossy(&bytes));
                at += take;
            }
        }
    }
}
