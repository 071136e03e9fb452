//! Reading and checking on two threads: a reader thread parses records into batches of
//! prepared cases while the main thread checks, counts and writes the batch before. The
//! batches circulate (at most [`BATCHES`] exist), so memory stays flat, and records keep
//! their order.

use std::sync::mpsc::{Receiver, Sender, SyncSender, channel, sync_channel};

use discretion::Benchmark;
use discretion::check::PreparedCase;

use super::input::Records;

/// Records per batch.
const BATCH: usize = 512;
/// Batches in circulation: one being read, one being checked, one waiting.
const BATCHES: usize = 3;

/// One record's outcome: its line, whether it was read (into the case of the same index),
/// and keys of it that nothing reads (JSON Lines, YAML).
pub(crate) struct Item {
    pub line: u64,
    pub result: Result<(), super::input::Reason>,
    pub unread: Vec<(String, Option<String>)>,
}

/// Records read, in order.
pub(crate) struct Batch<'r> {
    pub items: Vec<Item>,
    pub cases: Vec<PreparedCase<'r>>,
}

/// What the reader thread sends.
pub(crate) enum Message<'r> {
    /// The file's header is read: the columns nothing reads, and whether a `case_id` column
    /// exists (`None`: the format has no header).
    Start {
        unread: Vec<(String, Option<String>)>,
        has_case_id: Option<bool>,
        /// Columns of money read in the unit their header declares (`罚款金额（万元）`).
        units: Vec<(String, discretion::read::record::MoneyUnit)>,
    },
    Batch(Batch<'r>),
    /// The file cannot be read at all.
    Failed(String),
}

/// Reads the records `open` gives on a thread of `scope`; the main thread receives them from
/// the first channel and hands each batch back on the second once done with it.
pub(crate) fn spawn_reader<'scope, 'env: 'scope, 'r: 'scope>(
    scope: &'scope std::thread::Scope<'scope, 'env>,
    rules: &'r Benchmark,
    open: impl FnOnce() -> Result<Box<dyn Records<'r> + 'r>, String> + Send + 'scope,
) -> (Receiver<Message<'r>>, Sender<Batch<'r>>) {
    let (tx, rx) = sync_channel::<Message<'r>>(BATCHES);
    let (back_tx, back_rx) = channel::<Batch<'r>>();
    scope.spawn(move || read(rules, open, &tx, &back_rx));
    (rx, back_tx)
}

fn read<'r>(
    rules: &'r Benchmark,
    open: impl FnOnce() -> Result<Box<dyn Records<'r> + 'r>, String>,
    tx: &SyncSender<Message<'r>>,
    back: &Receiver<Batch<'r>>,
) {
    let mut records = match open() {
        Ok(r) => r,
        Err(e) => {
            let _ = tx.send(Message::Failed(e));
            return;
        }
    };
    let has_case_id =
        records.columns().filter(|c| !c.is_empty()).map(|c| c.has(discretion::read::record::CaseField::CaseId));
    let units = records
        .columns()
        .map(|c| c.money_units().map(|(_, name, unit)| (name.to_string(), unit)).collect())
        .unwrap_or_default();
    if tx.send(Message::Start { unread: records.take_unread(), has_case_id, units }).is_err() {
        return;
    }
    let mut made = 0;
    loop {
        // A batch handed back, or a new one while fewer than BATCHES exist.
        let mut batch = match back.try_recv() {
            Ok(b) => b,
            Err(_) if made < BATCHES => {
                made += 1;
                Batch { items: Vec::with_capacity(BATCH), cases: Vec::with_capacity(BATCH) }
            }
            Err(_) => match back.recv() {
                Ok(b) => b,
                // The main thread stopped (an error, --strict): stop reading.
                Err(_) => return,
            },
        };
        batch.items.clear();
        let mut done = false;
        while batch.items.len() < BATCH {
            let i = batch.items.len();
            if batch.cases.len() <= i {
                batch.cases.push(PreparedCase::empty(rules));
            }
            let Some(case) = batch.cases.get_mut(i) else { break };
            let Some((line, result)) = records.next(case) else {
                done = true;
                break;
            };
            batch.items.push(Item { line, result, unread: records.take_unread() });
        }
        if !batch.items.is_empty() && tx.send(Message::Batch(batch)).is_err() {
            return;
        }
        if done {
            return;
        }
    }
}
