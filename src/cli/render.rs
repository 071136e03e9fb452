//! Rendering located problems like rustc: location, the source line, a caret, help.

use discretion::table::Problem;

/// The text of line `line` (1-based) of `text`, if it exists.
fn source_line(text: &str, line: u64) -> Option<&str> {
    let index = usize::try_from(line.checked_sub(1)?).ok()?;
    text.lines().nth(index)
}

/// Renders one problem; `files` supplies source text for the snippet where available.
pub(crate) fn problem(p: &Problem, text: Option<&str>) -> String {
    let mut out = format!("error[{}]: {}\n", p.kind.code(), p.message);
    let (line, column) = (p.position.line, p.position.column);
    if line > 0 {
        out.push_str(&format!("  --> {}:{}:{}\n", p.file, line, column));
    } else {
        out.push_str(&format!("  --> {}\n", p.file));
    }
    if !p.path.is_empty() {
        out.push_str(&format!("   = at `{}`\n", p.path));
    }
    if let Some(src) = text.and_then(|t| source_line(t, line)) {
        let gutter = line.to_string();
        let pad = " ".repeat(gutter.len());
        let caret_at = usize::try_from(column.saturating_sub(1)).unwrap_or(0);
        // Columns count characters; wide characters take two cells in a terminal.
        let lead: String = src.chars().take(caret_at).map(|c| if c.is_ascii() { ' ' } else { '　' }).collect();
        out.push_str(&format!("{pad} |\n{gutter} | {src}\n{pad} | {lead}^\n"));
    }
    if let Some(h) = &p.help {
        out.push_str(&format!("   = help: {h}\n"));
    }
    out
}
