//! Writing the report to stdout: without panicking when the reader goes away (`discretion lint
//! | head`), and never leaving a report cut short by a full disk or a file size limit looking
//! complete — the first such failure is kept ([`failed`]), and `main` ends the run with it
//! (exit 2) whatever the command would have returned.

use std::io::{ErrorKind, Write};
use std::sync::Mutex;

/// The first write to stdout that failed other than by the reader going away.
static FAILURE: Mutex<Option<String>> = Mutex::new(None);

/// Prints `text` and a newline; `false` once stdout is closed or failed, so callers can stop.
pub(crate) fn line(text: &str) -> bool {
    let mut out = std::io::stdout().lock();
    written(writeln!(out, "{text}").and_then(|()| out.flush()))
}

/// `true` if `result` (of writing the report to stdout) is fine; a failure is kept for
/// [`failed`], unless it is a broken pipe: a reader that stops reading (`| head`) stops the
/// output, which is no error of the run.
pub(crate) fn written(result: std::io::Result<()>) -> bool {
    let Err(e) = result else { return true };
    if !broken_pipe(&e)
        && let Ok(mut first) = FAILURE.lock()
    {
        first.get_or_insert_with(|| e.to_string());
    }
    false
}

/// Whether `e` is a broken pipe, itself or inside the CSV or JSON writer's error it was
/// wrapped in (`csv_out`, `serde_json::to_writer`: their kind is then `Other`).
fn broken_pipe(e: &std::io::Error) -> bool {
    let inner = e.get_ref();
    e.kind() == ErrorKind::BrokenPipe
        || inner.and_then(|i| i.downcast_ref::<serde_json::Error>()).and_then(serde_json::Error::io_error_kind)
            == Some(ErrorKind::BrokenPipe)
        || inner
            .and_then(|i| i.downcast_ref::<csv::Error>())
            .is_some_and(|c| matches!(c.kind(), csv::ErrorKind::Io(io) if io.kind() == ErrorKind::BrokenPipe))
        || inner.and_then(|i| i.downcast_ref::<std::io::Error>()).is_some_and(broken_pipe)
}

/// The first write of the report that failed (other than a broken pipe), if any.
pub(crate) fn failed() -> Option<String> {
    FAILURE.lock().ok().and_then(|f| f.clone())
}

/// What a failed write means, for the run's error line.
pub(crate) fn failure_message(e: &str, lang: discretion::table::Lang) -> String {
    match lang {
        discretion::table::Lang::Zh => format!("无法写入标准输出：{e}；报告不完整"),
        discretion::table::Lang::En => format!("cannot write to standard output: {e}; the report is incomplete"),
    }
}
