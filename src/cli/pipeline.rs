//! Reading and checking on two threads: a reader thread parses records into batches of
//! prepared cases while the main thread checks, counts and writes the batch before. The
//! batches circulate (at most [`BATCHES`] exist), so memory stays flat, and records keep
//! their order.
//!
//! The work shares itself out. A CSV record is first cut into fields (cheap) and then read
//! (its fields interpreted: most of the reading). The reader thread reads a batch's records
//! itself while the main thread has batches waiting, and leaves them cut — for the main thread
//! to read — when the main thread is waiting for work: whichever thread is the bottleneck
//! (the reader for `audit`, whose main thread only checks and collects), neither idles.
//! (Worker threads reading and checking batches in parallel were slower on two cores: records
//! then cross between cores twice, and threads outnumber the cores.)

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, Sender, SyncSender, channel, sync_channel};

use discretion::Benchmark;
use discretion::check::PreparedCase;
use discretion::read::record::Columns;

use super::input::{Encoding, Reason, Records, Step};

/// Records per batch.
const BATCH: usize = 512;
/// Batches in circulation: one being read, one being checked, one waiting.
const BATCHES: usize = 3;

/// The longest record left cut for later, in bytes: a longer one (a column of long notes that
/// nothing reads) is read at once and its buffer dropped, so that the batches in flight hold
/// at most `BATCHES × BATCH` records of this size (12 MiB) — memory stays flat however long the
/// records (up to the 16 MiB a record may have) — as when every record was read at once.
const MAX_CUT_BYTES: usize = 8 * 1024;

/// One record's outcome: its line, whether it was read (into the case of the same index),
/// and keys of it that nothing reads (JSON Lines, YAML).
pub(crate) struct Item {
    pub line: u64,
    pub result: Result<(), Reason>,
    pub unread: Vec<(String, Option<String>)>,
    /// Cut into the batch's raw record of the same index, not read yet.
    cut: bool,
}

/// Records taken from the source, in order.
pub(crate) struct Batch<'r> {
    pub items: Vec<Item>,
    pub cases: Vec<PreparedCase<'r>>,
    /// The fields of the records cut but not read, by index.
    raw: Vec<csv::ByteRecord>,
    /// The columns cut records are read in, and the encoding their bytes were decoded from.
    columns: Option<(Arc<Columns>, Encoding)>,
}

impl<'r> Batch<'r> {
    /// Reads the batch's records that are only cut into their cases.
    pub fn read_cut(&mut self, rules: &'r Benchmark) {
        for (i, (item, case)) in self.items.iter_mut().zip(&mut self.cases).enumerate() {
            if !item.cut {
                continue;
            }
            item.cut = false;
            item.result = read_cut(rules, self.columns.as_ref(), self.raw.get(i), case);
        }
    }
}

/// Reads a cut record into its case, with the columns it was cut in.
fn read_cut<'r>(
    rules: &'r Benchmark,
    columns: Option<&(Arc<Columns>, Encoding)>,
    raw: Option<&csv::ByteRecord>,
    case: &mut PreparedCase<'r>,
) -> Result<(), Reason> {
    match (raw, columns) {
        (Some(raw), Some((columns, encoding))) => super::input::read_cut(rules, (columns, *encoding), raw, case),
        // A cut record keeps its fields and columns with it: never reached.
        _ => Err(Reason::new("记录的字段丢失", "the record's fields were lost")),
    }
}

/// What the reader thread sends.
pub(crate) enum Message<'r> {
    /// The file's header is read: the columns nothing reads, and the columns every record needs
    /// that it lacks (`case_id`, then `violation`; none where the format has no header).
    Start {
        unread: Vec<(String, Option<String>)>,
        missing: Vec<discretion::read::record::CaseField>,
        /// Columns of money read in the unit their header declares (`罚款金额（万元）`).
        units: Vec<(String, discretion::read::record::MoneyUnit)>,
    },
    Batch(Batch<'r>),
    /// The file cannot be read at all.
    Failed(String),
}

/// The main thread's side: the reader's messages, the batches handed back, and how many
/// batches wait for the main thread (the reader reads records itself while any do).
pub(crate) struct MainSide<'r> {
    messages: Receiver<Message<'r>>,
    pub back: Sender<Batch<'r>>,
    waiting: Arc<AtomicUsize>,
}

impl<'r> Iterator for MainSide<'r> {
    type Item = Message<'r>;

    /// The next message; a batch received no longer waits.
    fn next(&mut self) -> Option<Message<'r>> {
        let m = self.messages.recv().ok()?;
        if matches!(m, Message::Batch(_)) {
            self.waiting.fetch_sub(1, Ordering::Relaxed);
        }
        Some(m)
    }
}

/// Reads the records `open` gives on a thread of `scope`; the main thread receives them from
/// the returned side and hands each batch back once done with it.
pub(crate) fn spawn_reader<'scope, 'env: 'scope, 'r: 'scope>(
    scope: &'scope std::thread::Scope<'scope, 'env>,
    rules: &'r Benchmark,
    open: impl FnOnce() -> Result<Box<dyn Records<'r> + 'r>, String> + Send + 'scope,
) -> MainSide<'r> {
    let (tx, rx) = sync_channel::<Message<'r>>(BATCHES);
    let (back_tx, back_rx) = channel::<Batch<'r>>();
    let waiting = Arc::new(AtomicUsize::new(0));
    let counter = waiting.clone();
    scope.spawn(move || read(rules, open, &tx, &back_rx, &counter));
    MainSide { messages: rx, back: back_tx, waiting }
}

fn read<'r>(
    rules: &'r Benchmark,
    open: impl FnOnce() -> Result<Box<dyn Records<'r> + 'r>, String>,
    tx: &SyncSender<Message<'r>>,
    back: &Receiver<Batch<'r>>,
    waiting: &AtomicUsize,
) {
    let mut records = match open() {
        Ok(r) => r,
        Err(e) => {
            let _ = tx.send(Message::Failed(e));
            return;
        }
    };
    use discretion::read::record::CaseField;
    let missing = records
        .columns()
        .filter(|c| !c.is_empty())
        .map(|c| [CaseField::CaseId, CaseField::Violation].into_iter().filter(|&f| !c.has(f)).collect())
        .unwrap_or_default();
    let units = records
        .columns()
        .map(|c| c.money_units().map(|(_, name, unit)| (name.to_string(), unit)).collect())
        .unwrap_or_default();
    if tx.send(Message::Start { unread: records.take_unread(), missing, units }).is_err() {
        return;
    }
    let columns = records.shared_columns();
    let mut made = 0;
    loop {
        // A batch handed back, or a new one while fewer than BATCHES exist.
        let mut batch = match back.try_recv() {
            Ok(b) => b,
            Err(_) if made < BATCHES => {
                made += 1;
                Batch {
                    items: Vec::with_capacity(BATCH),
                    cases: Vec::with_capacity(BATCH),
                    raw: Vec::new(),
                    columns: None,
                }
            }
            Err(_) => match back.recv() {
                Ok(b) => b,
                // The main thread stopped (an error, --strict): stop reading.
                Err(_) => return,
            },
        };
        batch.items.clear();
        batch.columns.clone_from(&columns);
        let mut done = false;
        while batch.items.len() < BATCH {
            let i = batch.items.len();
            if batch.cases.len() <= i {
                batch.cases.push(PreparedCase::empty(rules));
            }
            if batch.raw.len() <= i {
                batch.raw.push(csv::ByteRecord::new());
            }
            let (Some(case), Some(raw)) = (batch.cases.get_mut(i), batch.raw.get_mut(i)) else { break };
            let Some((line, step)) = records.next_cut(case, raw) else {
                done = true;
                break;
            };
            let (result, cut) = match step {
                Step::Read(result) => (result, false),
                Step::Cut if raw.as_slice().len() <= MAX_CUT_BYTES => (Ok(()), true),
                Step::Cut => (read_cut(rules, batch.columns.as_ref(), Some(raw), case), false),
            };
            // A buffer grown by a long record is not kept for the next.
            if raw.as_slice().len() > MAX_CUT_BYTES {
                *raw = csv::ByteRecord::new();
            }
            batch.items.push(Item { line, result, unread: records.take_unread(), cut });
        }
        // The main thread busy with batches already: read this one here. Waiting: let it.
        if waiting.load(Ordering::Relaxed) > 0 {
            batch.read_cut(rules);
        }
        if !batch.items.is_empty() {
            waiting.fetch_add(1, Ordering::Relaxed);
            if tx.send(Message::Batch(batch)).is_err() {
                return;
            }
        }
        if done {
            return;
        }
    }
}
