//! Writing assessments: text for people, JSON / JSON Lines for programs (the library's
//! versioned schema), CSV that opens safely in a spreadsheet. Every input record appears in
//! every format — unreadable ones too.

use std::fmt::Write as _;
use std::io::Write;

use discretion::check::report::{CaseRow, UnreadableRow};
use discretion::check::{Assessment, Case, CaseCheck, Verdict};
use discretion::table::{Lang, format_money, format_yuan};

use super::summary::Tally;

/// How assessments are printed.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum CheckFormat {
    /// Cases with findings, then the summary.
    Text,
    /// One JSON document: `{schema_version, cases, summary}`.
    Json,
    /// One JSON object per line (the summary goes to stderr).
    Jsonl,
    /// One CSV row per record, for spreadsheets (UTF-8 with BOM, or GBK).
    Csv,
}

/// Replaces terminal control characters (ESC, BEL …) and the characters that reorder text
/// (bidirectional overrides, embeddings, isolates and marks: "Trojan Source", CVE-2021-42574)
/// so that text from case files cannot drive the terminal or make a line read other than it
/// is; a line break or tab inside a value (a quoted cell of a spreadsheet) becomes a space,
/// not a sign of a broken encoding.
pub(crate) fn printable(s: &str) -> std::borrow::Cow<'_, str> {
    let hidden = |c: char| c.is_control() || is_bidi_control(c);
    if !s.chars().any(hidden) {
        return std::borrow::Cow::Borrowed(s);
    }
    let shown = |c: char| match c {
        '\n' | '\r' | '\t' => ' ',
        c if hidden(c) => char::REPLACEMENT_CHARACTER,
        c => c,
    };
    std::borrow::Cow::Owned(s.chars().map(shown).collect())
}

/// The characters that change the direction text is shown in (Unicode's Bidi_Control): ALM,
/// LRM, RLM, the embeddings and overrides U+202A–U+202E, the isolates U+2066–U+2069.
pub(crate) fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// A cell a spreadsheet would read as a formula (`=`, `+`, `-`, `@`, tab, CR) gets a leading
/// apostrophe (OWASP, CSV injection).
pub(crate) fn cell(s: &str) -> std::borrow::Cow<'_, str> {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        std::borrow::Cow::Owned(format!("'{s}"))
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

fn severity(f: Option<Verdict>, lang: Lang) -> &'static str {
    match (f, lang) {
        (None, Lang::En) => "note",
        (None, Lang::Zh) => "提示",
        (Some(v), Lang::En) => v.code(),
        (Some(v), Lang::Zh) => v.zh(),
    }
}

/// Whether text output shows a case: one that is not compliant, or has a note beyond "check
/// not made" and "band adjusted" (which the summary counts instead).
fn worth_showing(a: &Assessment<'_>) -> bool {
    a.verdict != Verdict::Compliant
        || a.findings.iter().any(|f| !matches!(f.check, CaseCheck::CheckNotMade | CaseCheck::AdjustmentApplied))
}

/// One case in text.
fn text_block(file: &str, line: u64, case: &Case, a: &Assessment<'_>, lang: Lang) -> String {
    let band = a.band.as_ref().map_or_else(|| "-".into(), |b| format_money(b, lang));
    let fine = a.fine.map_or_else(|| "-".into(), |f| format_yuan(f, lang));
    let level = a.level_label(lang).map_or_else(|| "-".into(), |l| l.into_owned());
    let name = a.violation.map_or(case.violation.as_str(), |v| v.label.get(lang));
    let mut out = match lang {
        Lang::En => format!(
            "{} ({file}:{line}) {}: {} level {level} band {band} fine {fine}\n",
            printable(&case.id),
            a.verdict.code(),
            printable(&case.violation)
        ),
        Lang::Zh => format!(
            "{}（{file}:{line}）{}：{}，阶次 {level}，裁量幅度 {band}，罚款 {fine}\n",
            printable(&case.id),
            a.verdict.zh(),
            printable(name)
        ),
    };
    // Chinese text takes the full-width colon, as the line above.
    let colon = if lang == Lang::Zh { "：" } else { ": " };
    for f in &a.findings {
        out.push_str(&format!(
            "  {} {}{colon}{}\n",
            f.check.code(),
            severity(f.verdict(), lang),
            printable(&f.message(lang))
        ));
    }
    out
}

/// The same columns for Chinese readers (`--lang zh`); programs read the English header.
const CSV_HEADER_ZH: [&str; 15] = [
    "文件",
    "行号",
    "案号",
    "执法单位",
    "承办人",
    "违法行为编号",
    "违法行为",
    "阶次",
    "幅度下限",
    "幅度上限",
    "罚款金额",
    "幅度内位置",
    "结论",
    "代码",
    "说明",
];

const CSV_HEADER: [&str; 15] = [
    "file",
    "line",
    "case_id",
    "unit",
    "officer",
    "violation",
    "violation_name",
    "level",
    "band_min",
    "band_max",
    "fine",
    "position",
    "verdict",
    "codes",
    "messages",
];

/// An output that re-encodes UTF-8 text as GB18030 (a superset of GBK) for office software
/// that expects it; a character cut between two writes waits for its other bytes.
pub(crate) struct Gbk<W: Write> {
    out: W,
    pending: Vec<u8>,
}

impl<W: Write> Gbk<W> {
    pub(crate) fn new(out: W) -> Gbk<W> {
        Gbk { out, pending: Vec::new() }
    }
}

impl<W: Write> Write for Gbk<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.pending.extend_from_slice(buf);
        let valid = match std::str::from_utf8(&self.pending) {
            Ok(s) => s.len(),
            Err(e) => e.valid_up_to(),
        };
        let text = String::from_utf8_lossy(self.pending.get(..valid).unwrap_or_default());
        let (encoded, _, _) = encoding_rs::GB18030.encode(&text);
        self.out.write_all(&encoded)?;
        self.pending.drain(..valid);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

/// Where records go: plain bytes, or a CSV writer that quotes fields as CSV needs.
enum Sink {
    Plain(Box<dyn Write>),
    Csv(Box<csv::Writer<Box<dyn Write>>>),
}

/// The text cells of one CSV row, kept from row to row.
#[derive(Default)]
struct Scratch {
    line: String,
    min: String,
    max: String,
    fine: String,
    position: String,
    codes: String,
    messages: String,
    level: String,
}

impl Scratch {
    fn clear(&mut self) {
        for s in [
            &mut self.line,
            &mut self.min,
            &mut self.max,
            &mut self.fine,
            &mut self.position,
            &mut self.codes,
            &mut self.messages,
            &mut self.level,
        ] {
            s.clear();
        }
    }
}

/// Writes an amount in its shortest exact form (`340`, `0.5`).
fn decimal(out: &mut String, x: Option<rust_decimal::Decimal>) {
    use std::fmt::Write as _;
    let Some(x) = x.map(|x| x.normalize()) else { return };
    // Whole amounts, the usual case, by integer formatting.
    match i64::try_from(x.mantissa()).ok().filter(|_| x.scale() == 0) {
        Some(n) => {
            let _ = write!(out, "{n}");
        }
        None => {
            let _ = write!(out, "{x}");
        }
    }
}

/// Writes records in one format to one output.
pub(crate) struct Writer {
    scratch: Scratch,
    sink: Sink,
    format: CheckFormat,
    lang: Lang,
    all: bool,
    first: bool,
    /// The output is a terminal: flush every record.
    live: bool,
}

impl Writer {
    pub(crate) fn new(
        out: Box<dyn Write>,
        format: CheckFormat,
        lang: Lang,
        all: bool,
        gbk: bool,
        live: bool,
    ) -> Writer {
        let mut out: Box<dyn Write> = if gbk { Box::new(Gbk::new(out)) } else { out };
        let sink = if format == CheckFormat::Csv {
            if !gbk {
                // A BOM makes spreadsheet software read the file as UTF-8.
                let _ = out.write_all(b"\xEF\xBB\xBF");
            }
            Sink::Csv(Box::new(csv::WriterBuilder::new().from_writer(out)))
        } else {
            Sink::Plain(out)
        };
        Writer { scratch: Scratch::default(), sink, format, lang, all, first: true, live }
    }

    fn raw(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        if let Sink::Plain(out) = &mut self.sink {
            out.write_all(bytes)?;
            if self.live {
                out.flush()?;
            }
        }
        Ok(())
    }

    fn csv_row(&mut self, fields: &[&str]) -> std::io::Result<()> {
        if let Sink::Csv(w) = &mut self.sink {
            w.write_record(fields)?;
            if self.live {
                w.flush()?;
            }
        }
        Ok(())
    }

    /// The start of the output.
    pub(crate) fn begin(&mut self) -> std::io::Result<()> {
        match self.format {
            CheckFormat::Json => self.raw(b"{\"schema_version\":1,\"cases\":[\n"),
            CheckFormat::Csv if self.lang == Lang::Zh => self.csv_row(&CSV_HEADER_ZH),
            CheckFormat::Csv => self.csv_row(&CSV_HEADER),
            _ => Ok(()),
        }
    }

    fn json_line(&mut self, value: &impl serde::Serialize) -> std::io::Result<()> {
        let mut buf = Vec::with_capacity(512);
        if self.format == CheckFormat::Json && !self.first {
            buf.extend_from_slice(b",\n");
        }
        self.first = false;
        serde_json::to_writer(&mut buf, value).map_err(std::io::Error::other)?;
        if self.format == CheckFormat::Jsonl {
            buf.push(b'\n');
        }
        self.raw(&buf)
    }

    /// One assessed case.
    pub(crate) fn assessed(&mut self, file: &str, line: u64, case: &Case, a: &Assessment<'_>) -> std::io::Result<()> {
        match self.format {
            CheckFormat::Text => {
                if self.all || worth_showing(a) {
                    let block = text_block(file, line, case, a, self.lang);
                    self.raw(block.as_bytes())?;
                }
                Ok(())
            }
            CheckFormat::Json | CheckFormat::Jsonl => {
                self.json_line(&CaseRow { file, line, case, assessment: a, lang: self.lang })
            }
            CheckFormat::Csv => {
                let lang = self.lang;
                // Reused buffers: a clean row allocates nothing.
                let mut b = std::mem::take(&mut self.scratch);
                b.clear();
                let _ = write!(b.line, "{line}");
                decimal(&mut b.min, a.band.and_then(|x| x.min));
                decimal(&mut b.max, a.band.and_then(|x| x.max));
                decimal(&mut b.fine, a.fine);
                decimal(&mut b.position, a.position());
                for (i, f) in a.findings.iter().enumerate() {
                    let sep = if i == 0 { "" } else { ";" };
                    let _ = write!(b.codes, "{sep}{}", f.check.code());
                    let sep = if i == 0 { "" } else { "; " };
                    let _ = write!(b.messages, "{sep}{} {}", f.check.code(), f.message(lang));
                }
                if let Some(level) = a.level_label(lang) {
                    b.level.push_str(&level);
                }
                let name = a.violation.map(|v| v.label.get(lang)).unwrap_or_default();
                let verdict = if lang == Lang::Zh { a.verdict.zh() } else { a.verdict.code() };
                let unit = case.unit.as_deref().unwrap_or_default();
                let officer = case.officer.as_deref().unwrap_or_default();
                let result = self.csv_row(&[
                    &cell(file),
                    &b.line,
                    &cell(&case.id),
                    &cell(unit),
                    &cell(officer),
                    // The violation's id once resolved — rows naming it by name or by id agree, so
                    // that a pivot table counts one violation once — as written otherwise.
                    &cell(a.violation.map_or(case.violation.as_str(), |v| v.id.as_str())),
                    &cell(name),
                    &cell(&b.level),
                    &b.min,
                    &b.max,
                    &b.fine,
                    &b.position,
                    verdict,
                    &b.codes,
                    &cell(&b.messages),
                ]);
                self.scratch = b;
                result
            }
        }
    }

    /// One record that could not be read.
    pub(crate) fn unreadable(&mut self, file: &str, line: u64, case: &Case, reason: &str) -> std::io::Result<()> {
        let case_id = Some(case.id.as_str()).filter(|id| !id.is_empty());
        let (unit, officer) = (case.unit.as_deref(), case.officer.as_deref());
        match self.format {
            // Text lists unreadable rows in the summary.
            CheckFormat::Text => Ok(()),
            CheckFormat::Json | CheckFormat::Jsonl => {
                self.json_line(&UnreadableRow { file, line, case_id, unit, officer, reason })
            }
            CheckFormat::Csv => {
                let verdict = if self.lang == Lang::Zh { "无法读取" } else { "unreadable" };
                let line_s = line.to_string();
                self.csv_row(&[
                    &cell(file),
                    &line_s,
                    &cell(case_id.unwrap_or_default()),
                    &cell(unit.unwrap_or_default()),
                    &cell(officer.unwrap_or_default()),
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    verdict,
                    "",
                    &cell(reason),
                ])
            }
        }
    }

    /// The end of the output: the summary where the format carries it.
    pub(crate) fn finish(&mut self, tally: &Tally) -> std::io::Result<()> {
        match self.format {
            CheckFormat::Text => {
                let s = tally.text(self.lang);
                self.raw(s.as_bytes())?;
            }
            CheckFormat::Json => {
                let mut buf = b"\n],\"summary\":".to_vec();
                serde_json::to_writer(&mut buf, &tally.json()).map_err(std::io::Error::other)?;
                buf.extend_from_slice(b"}\n");
                self.raw(&buf)?;
            }
            _ => {}
        }
        match &mut self.sink {
            Sink::Plain(out) => out.flush(),
            Sink::Csv(w) => w.flush(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::printable;

    /// Escapes cannot reach the terminal; a line break inside a cell reads as a space.
    #[test]
    fn control_characters_are_neutralised_and_breaks_read_as_spaces() {
        assert_eq!(printable("广州市生态环境局\n执法一队"), "广州市生态环境局 执法一队");
        assert_eq!(printable("a\r\n\tb"), "a   b");
        assert_eq!(printable("x\u{1b}[31my\u{7}"), "x\u{fffd}[31my\u{fffd}");
        // A right-to-left override reached the terminal raw (a user trial): an id `id` U+202E
        // `RTL` showed reversed.
        assert_eq!(printable("id\u{202e}RTL\u{2066}x\u{2069}\u{200f}"), "id\u{fffd}RTL\u{fffd}x\u{fffd}\u{fffd}");
        assert_eq!(printable("\u{202a}\u{202d}\u{2068}\u{61c}"), "\u{fffd}".repeat(4));
        // Joiners are no direction controls: Chinese and emoji text keeps them.
        assert!(matches!(printable("a\u{200d}b"), std::borrow::Cow::Borrowed(_)));
        assert!(matches!(printable("plain 文本"), std::borrow::Cow::Borrowed(_)));
    }
}
