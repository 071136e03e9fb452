//! Writing to stdout without panicking when the reader goes away (`discretion lint | head`).

use std::io::Write;

/// Prints `text` and a newline; `false` once stdout is closed, so callers can stop.
pub(crate) fn line(text: &str) -> bool {
    let mut out = std::io::stdout().lock();
    writeln!(out, "{text}").and_then(|()| out.flush()).is_ok()
}
