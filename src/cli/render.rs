//! Rendering findings like rustc (location, the source line with a caret, help), as JSON, or
//! as SARIF 2.1.0 for code-scanning annotations.

use discretion::table::{Lang, Problem};
use discretion::verify::{Check, Diagnostic};
use serde_json::{Value, json};

/// One finding, from loading or from verification, in the language chosen.
pub(crate) struct Finding<'a> {
    pub severity: &'static str,
    pub code: &'static str,
    pub message: &'a str,
    pub file: &'a str,
    pub line: u64,
    pub column: u64,
    pub path: &'a str,
    pub help: Option<&'a str>,
    pub witness: &'a [(String, String)],
    pub related: Option<(String, &'a str)>,
}

impl<'a> Finding<'a> {
    pub(crate) fn from_problem(p: &'a Problem) -> Finding<'a> {
        Finding {
            severity: "error",
            code: p.kind.code(),
            message: &p.message,
            file: &p.file,
            line: p.position.line,
            column: p.position.column,
            path: &p.path,
            help: p.help.as_deref(),
            witness: &[],
            related: None,
        }
    }

    pub(crate) fn from_diagnostic(d: &'a Diagnostic, lang: Lang) -> Finding<'a> {
        Finding {
            severity: d.severity.code(),
            code: d.check.code(),
            message: d.message.get(lang),
            file: &d.file,
            line: d.position.line,
            column: d.position.column,
            path: &d.path,
            help: d.help.as_ref().map(|h| h.get(lang)),
            witness: &d.witness,
            related: d
                .related
                .as_ref()
                .map(|r| (format!("{}:{}:{}", r.file, r.position.line, r.position.column), r.label.get(lang))),
        }
    }
}

/// The words of the text frame, in the language of the messages.
struct Frame {
    severity: &'static str,
    colon: &'static str,
    at: &'static str,
    witness: &'static str,
    see: &'static str,
    help: &'static str,
}

impl Frame {
    fn new(severity: &'static str, lang: Lang) -> Frame {
        match lang {
            Lang::En => Frame { severity, colon: ": ", at: "at", witness: "witness: ", see: "see ", help: "help: " },
            Lang::Zh => Frame {
                severity: match severity {
                    "error" => "错误",
                    "warning" => "警告",
                    _ => "提示",
                },
                colon: "：",
                at: "位置",
                witness: "示例：",
                see: "参见 ",
                help: "建议：",
            },
        }
    }
}

/// rustc-like text, its frame (severity, `= at`, `= help`) in `lang`; `line` is the text of
/// the finding's line, for the snippet.
pub(crate) fn text(f: &Finding<'_>, line: Option<&str>, lang: Lang) -> String {
    let frame = Frame::new(f.severity, lang);
    let mut out = format!("{}[{}]{}{}\n", frame.severity, f.code, frame.colon, f.message);
    if f.line > 0 {
        out.push_str(&format!("  --> {}:{}:{}\n", f.file, f.line, f.column));
    } else {
        out.push_str(&format!("  --> {}\n", f.file));
    }
    if !f.path.is_empty() {
        out.push_str(&format!("   = {} `{}`\n", frame.at, f.path));
    }
    if let Some(src) = line.filter(|_| f.line > 0) {
        // A file's byte-order mark is no character of its first line: columns do not count it.
        let src = src.strip_prefix('\u{feff}').unwrap_or(src);
        let gutter = f.line.to_string();
        let pad = " ".repeat(gutter.len());
        let caret_at = usize::try_from(f.column.saturating_sub(1)).unwrap_or(0);
        // Columns count characters; East Asian wide characters take two cells in a terminal.
        let lead: String = src.chars().take(caret_at).map(|c| if wide(c) { '　' } else { ' ' }).collect();
        out.push_str(&format!("{pad} |\n{gutter} | {src}\n{pad} | {lead}^\n"));
    }
    if !f.witness.is_empty() {
        let w: Vec<String> = f.witness.iter().map(|(k, v)| format!("{k} = {v}")).collect();
        out.push_str(&format!("   = {}{}\n", frame.witness, w.join(", ")));
    }
    if let Some((at, label)) = &f.related {
        out.push_str(&format!("   = {}{at}{}{label}\n", frame.see, frame.colon));
    }
    if let Some(h) = f.help {
        out.push_str(&format!("   = {}{h}\n", frame.help));
    }
    out
}

/// Whether a terminal shows `c` two cells wide: the CJK, Hangul and full-width blocks (an
/// accented letter, a dash or a middle dot is one cell).
fn wide(c: char) -> bool {
    matches!(u32::from(c),
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD)
}

/// One JSON object.
pub(crate) fn json(f: &Finding<'_>) -> Value {
    json!({
        "code": f.code,
        "severity": f.severity,
        "file": f.file,
        "line": f.line,
        "column": f.column,
        "path": f.path,
        "message": f.message,
        "help": f.help,
        "witness": f.witness.iter().map(|(k, v)| json!({"fact": k, "value": v})).collect::<Vec<_>>(),
        "related": f.related.as_ref().map(|(at, label)| json!({"location": at, "label": label})),
    })
}

/// A SARIF 2.1.0 log of the findings.
pub(crate) fn sarif(findings: &[Finding<'_>]) -> Value {
    let rules: Vec<Value> = Check::ALL
        .iter()
        .map(|c| json!({"id": c.code(), "shortDescription": {"text": c.title()}, "defaultConfiguration": {"level": level(c.severity().code())}}))
        .collect();
    let results: Vec<Value> = findings
        .iter()
        .map(|f| {
            let mut message = f.message.to_string();
            if !f.witness.is_empty() {
                let w: Vec<String> = f.witness.iter().map(|(k, v)| format!("{k} = {v}")).collect();
                message.push_str(&format!(" (witness: {})", w.join(", ")));
            }
            let region = if f.column > 0 {
                json!({"startLine": f.line.max(1), "startColumn": f.column})
            } else {
                json!({"startLine": f.line.max(1)})
            };
            json!({
                "ruleId": f.code,
                "level": level(f.severity),
                "message": {"text": message},
                "locations": [{"physicalLocation": {"artifactLocation": {"uri": f.file}, "region": region}}],
                "properties": {"yamlPath": f.path},
            })
        })
        .collect();
    json!({
        "version": "2.1.0",
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "runs": [{
            "tool": {"driver": {"name": "discretion", "version": env!("CARGO_PKG_VERSION"), "rules": rules}},
            "results": results,
        }],
    })
}

fn level(severity: &str) -> &'static str {
    match severity {
        "error" => "error",
        "warning" => "warning",
        _ => "note",
    }
}
