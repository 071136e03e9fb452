//! Storing collected cases, on the caller's thread or on a thread of its own.
//!
//! Of what [`add`](super::Auditor::add) does for a case, about half is storing it: interning its
//! unit and officer, laying its facts into its group's table and its id into its group's
//! arena — work that reads nothing of the rules and needs no answer. A caller that checks and
//! adds its cases one by one on one thread (an enforcement system, a batch loop) leaves the
//! other cores idle meanwhile; once a batch's worth of cases is stored, the [`Store`] moves to a
//! thread of its own, fed batches of cases through a bounded channel, so that storing one batch
//! overlaps deciding the next. The
//! stored cases are the same, in the same order, whichever way they were stored: one consumer
//! takes the batches in the order they were sent.

use std::panic::AssertUnwindSafe;
use std::sync::Mutex;
use std::sync::mpsc::{Receiver, SyncSender, TryRecvError, channel, sync_channel};

use super::collect::{FactValue, GroupFacts, Ids, Interner, NONE, Record, facts_and_signature};
use crate::check::{Party, Verdict};
use crate::table::{FactId, Value};

/// Cases a batch holds before it is sent: enough to make the channel's cost per case
/// negligible, few enough to keep the batches in flight small (a few megabytes).
const BATCH: usize = 8192;

/// Batches waiting for the storing thread, at most (besides the one it is storing): the
/// caller waits beyond that (the storing thread is then the slower one), so that memory stays
/// bounded.
const IN_FLIGHT: usize = 4;

/// What one group's cases store, in the order they were added.
#[derive(Debug, Default)]
pub(crate) struct Stored {
    pub facts: GroupFacts,
    pub cases: Vec<Record>,
    pub ids: Ids,
}

/// Every group's stored cases, and the units and officers by number.
#[derive(Debug, Default)]
pub(crate) struct Store {
    pub groups: Vec<Stored>,
    pub units: Interner,
    pub officers: Interner,
    /// One case's facts in fixed point, reused.
    scratch: Vec<(FactId, FactValue)>,
    /// Cases stored.
    stored: usize,
}

/// One case to store: its group, position (micro-units), fine (fen), verdict, party, id, unit,
/// officer and facts.
pub(crate) struct Case<'a> {
    pub group: u32,
    pub position: i64,
    pub fine: i64,
    pub verdict: Verdict,
    /// Whether the fine is outside its band (see [`Record::outside_band`]).
    pub outside: bool,
    pub party: Option<Party>,
    pub id: &'a str,
    pub unit: Option<&'a str>,
    pub officer: Option<&'a str>,
    pub facts: &'a [(FactId, Value)],
}

impl Store {
    /// Stores one case at the end of its group.
    fn put(&mut self, case: &Case<'_>) {
        let g = case.group as usize;
        if self.groups.len() <= g {
            self.groups.resize_with(g + 1, Stored::default);
        }
        let signature = facts_and_signature(case.facts, case.party, &mut self.scratch);
        let unit = case.unit.map_or(NONE, |u| self.units.get(u));
        let officer = case.officer.map_or(NONE, |o| self.officers.get_in(unit, o));
        let record = Record::new(unit, officer, case.position, case.fine, signature, case.verdict, case.outside);
        self.stored += 1;
        if let Some(stored) = self.groups.get_mut(g) {
            stored.facts.push(&self.scratch);
            stored.cases.push(record);
            stored.ids.push(case.id);
        }
    }
}

/// Cases on their way to the storing thread, their strings and facts laid end to end.
#[derive(Default)]
struct Batch {
    /// Each case's group, position, fine, verdict, whether outside its band, and party.
    cases: Vec<(u32, i64, i64, Verdict, bool, Option<Party>)>,
    /// Where each case's id, unit and officer (if any) end in `text`, and its facts in `facts`.
    ends: Vec<(usize, Option<usize>, Option<usize>, usize)>,
    text: String,
    facts: Vec<(FactId, Value)>,
}

impl Batch {
    fn push(&mut self, case: &Case<'_>) {
        let end = |s: &str, text: &mut String| {
            text.push_str(s);
            text.len()
        };
        let id = end(case.id, &mut self.text);
        let unit = case.unit.map(|u| end(u, &mut self.text));
        let officer = case.officer.map(|o| end(o, &mut self.text));
        self.facts.extend_from_slice(case.facts);
        self.cases.push((case.group, case.position, case.fine, case.verdict, case.outside, case.party));
        self.ends.push((id, unit, officer, self.facts.len()));
    }

    fn is_full(&self) -> bool {
        self.cases.len() >= BATCH
    }

    /// Stores every case of the batch, in order, and empties it.
    fn store_into(&mut self, store: &mut Store) {
        let (mut text_at, mut facts_at) = (0usize, 0usize);
        for (&(group, position, fine, verdict, outside, party), &(id_end, unit_end, officer_end, facts_end)) in
            self.cases.iter().zip(&self.ends)
        {
            // The ends were taken as the strings were pushed: each is a place in `text`, on a
            // character boundary, after the one before.
            let mut next = |end: usize| {
                let s = self.text.get(text_at..end).unwrap_or_default();
                text_at = end;
                s
            };
            let id = next(id_end);
            let unit = unit_end.map(&mut next);
            let officer = officer_end.map(&mut next);
            let facts = self.facts.get(facts_at..facts_end).unwrap_or_default();
            facts_at = facts_end;
            store.put(&Case { group, position, fine, verdict, outside, party, id, unit, officer, facts });
        }
        self.cases.clear();
        self.ends.clear();
        self.text.clear();
        self.facts.clear();
    }
}

/// Where [`Storing::put`] stores cases: here, or on the storing thread.
pub(crate) struct Storing(Way);

enum Way {
    /// On the caller's thread.
    Here(Store),
    /// On the caller's thread until a batch's worth of cases is stored — an audit of a few
    /// cases starts no thread — then on a thread of its own, which takes the store over.
    Soon(Store),
    /// On a thread of its own, fed batches; emptied batches come back to be filled again.
    /// (The receiver in a mutex, as the audit is shared by the threads that analyse it. The
    /// thread's handle is asserted unwind-safe, so that an auditor stays so: no state of it is
    /// left half-changed by a panic — a batch is only ever appended to, and a panic while
    /// appending can only be an allocation failure, which aborts.)
    Away {
        batch: Batch,
        to: SyncSender<Batch>,
        back: Mutex<Receiver<Batch>>,
        thread: AssertUnwindSafe<std::thread::JoinHandle<Store>>,
    },
}

impl Storing {
    /// Storing on the caller's thread.
    pub fn here() -> Storing {
        Storing(Way::Here(Store::default()))
    }

    /// The cases stored so far, and those to come, on the caller's thread (a storing thread
    /// ends once it has stored what it was sent).
    pub fn into_here(self) -> Storing {
        Storing(Way::Here(self.finish()))
    }

    /// The cases stored so far, and those to come on a thread of its own once a batch's worth
    /// is stored (here if no thread can be started).
    pub fn soon_away(self) -> Storing {
        match self.0 {
            Way::Here(store) => Storing(Way::Soon(store)),
            way => Storing(way),
        }
    }

    /// `store` continued on a thread of its own, or here if no thread can be started.
    fn continued_away(store: Store) -> Way {
        let (to, from) = sync_channel::<Batch>(IN_FLIGHT);
        let (give_back, back) = channel::<Batch>();
        // The store is handed over once the thread runs: were it moved into a thread that
        // could not be started, it would be lost.
        let (hand_over, handed) = channel::<Store>();
        let spawned = std::thread::Builder::new().name("discretion-audit-store".into()).spawn(move || {
            let mut store = handed.recv().unwrap_or_default();
            // Ends when the sender is dropped: the audit finished, or was dropped unfinished.
            for mut batch in from {
                batch.store_into(&mut store);
                // The caller may have stopped taking batches back: then this one is dropped.
                let _ = give_back.send(batch);
            }
            store
        });
        match spawned {
            Ok(thread) => {
                // Refused only if the thread is already gone, which only a panic ends early:
                // `finish` then carries the panic.
                let _ = hand_over.send(store);
                Way::Away { batch: Batch::default(), to, back: Mutex::new(back), thread: AssertUnwindSafe(thread) }
            }
            Err(_) => Way::Here(store),
        }
    }

    /// Stores one case (on the storing thread: once its batch is full).
    pub fn put(&mut self, case: &Case<'_>) {
        match &mut self.0 {
            Way::Here(store) => store.put(case),
            Way::Soon(store) => {
                store.put(case);
                if store.stored >= BATCH {
                    let store = std::mem::take(store);
                    self.0 = Storing::continued_away(store);
                }
            }
            Way::Away { batch, to, back, .. } => {
                if batch.is_full() {
                    let fresh = match back.get_mut().map(|back| back.try_recv()) {
                        Ok(Ok(empty)) => empty,
                        Ok(Err(TryRecvError::Empty | TryRecvError::Disconnected)) | Err(_) => Batch::default(),
                    };
                    // Refused only if the storing thread is gone, which only a panic ends
                    // early: `finish` then carries the panic, so no case is lost unsaid.
                    let _ = to.send(std::mem::replace(batch, fresh));
                }
                batch.push(case);
            }
        }
    }

    /// Every case stored, in the order put.
    pub fn finish(self) -> Store {
        match self.0 {
            Way::Here(store) | Way::Soon(store) => store,
            Way::Away { mut batch, to, back, thread } => {
                let _ = to.send(std::mem::take(&mut batch));
                drop(to);
                drop(back);
                match thread.0.join() {
                    Ok(store) => store,
                    // A panic on the storing thread is a bug — storing on the caller's thread, it
                    // would have panicked in `add`: carried to the caller rather than cases
                    // silently lost.
                    Err(panic) => std::panic::resume_unwind(panic),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::Decimal;

    /// Several batches' worth of cases, with and without unit and officer, ids of every length
    /// (empty ones included) and facts of every kind.
    fn put_all(storing: &mut Storing) -> usize {
        let words = ["", "a", "第一执法支队", "粤环罚〔2024〕1182号"];
        let n = 3 * BATCH + 17;
        for i in 0..n {
            let id = format!("{}-{i}", words[i % 4]);
            let facts = [
                (FactId(1), Value::Number(Decimal::new(i as i64, (i % 6) as u32))),
                (FactId(2), Value::Flag(i % 3 == 0)),
                (FactId(5), Value::Word((i % 7) as u16)),
            ];
            storing.put(&Case {
                group: (i % 5) as u32,
                position: i as i64 * 7 - 3_000,
                fine: i as i64,
                verdict: if i % 11 == 0 { Verdict::Violation } else { Verdict::Compliant },
                outside: i % 13 == 0,
                party: None,
                id: &id,
                unit: (i % 3 != 0).then_some(words[i % 4]),
                officer: (i % 4 == 1).then_some(words[(i / 4) % 4]),
                facts: &facts[..i % 4],
            });
        }
        n
    }

    /// Stored on the storing thread, the cases are those stored here, in the same order: each
    /// group's records (units and officers numbered alike) and ids.
    #[test]
    fn stored_away_as_here() {
        let mut here = Storing::here();
        let mut away = Storing::here().soon_away();
        let n = put_all(&mut here);
        put_all(&mut away);
        assert!(matches!(away.0, Way::Away { .. }), "a thread could not be started");
        let (here, away) = (here.finish(), away.finish());
        assert_eq!(here.groups.len(), 5);
        assert_eq!(here.groups.iter().map(|g| g.cases.len()).sum::<usize>(), n);
        assert_same(&here, &away);
    }

    /// Two stores hold the same cases: units and officers numbered alike, each group's records,
    /// ids and facts in the same order.
    fn assert_same(a: &Store, b: &Store) {
        assert_eq!((&a.units.names, &a.officers.names), (&b.units.names, &b.officers.names));
        assert_eq!(a.groups.len(), b.groups.len());
        for (x, y) in a.groups.iter().zip(&b.groups) {
            assert_eq!(x.cases, y.cases);
            assert!((0..x.cases.len() as u32).all(|i| x.ids.get(i) == y.ids.get(i)));
            assert_eq!(format!("{:?}", x.facts), format!("{:?}", y.facts));
        }
    }

    /// Taken back to the caller's thread after some cases (an auditor limited to one thread
    /// late), the store holds them all, in order, as if stored here throughout.
    #[test]
    fn stored_away_then_here_as_here() {
        let mut here = Storing::here();
        put_all(&mut here);
        put_all(&mut here);
        let mut moved = Storing::here().soon_away();
        put_all(&mut moved);
        let mut moved = moved.into_here();
        assert!(matches!(moved.0, Way::Here(_)));
        put_all(&mut moved);
        assert_same(&here.finish(), &moved.finish());
    }

    /// An audit of fewer cases than a batch starts no thread: they are stored here.
    #[test]
    fn a_few_cases_start_no_thread() {
        let mut away = Storing::here().soon_away();
        let mut here = Storing::here();
        for storing in [&mut away, &mut here] {
            for i in 0..BATCH - 1 {
                let id = i.to_string();
                storing.put(&Case {
                    group: 0,
                    position: 0,
                    fine: 1,
                    verdict: Verdict::Compliant,
                    outside: false,
                    party: None,
                    id: &id,
                    unit: None,
                    officer: None,
                    facts: &[],
                });
            }
        }
        assert!(matches!(away.0, Way::Soon(_)));
        assert_same(&away.finish(), &here.finish());
    }

    /// Dropped unfinished (an audit abandoned), the storing thread ends once its sender is
    /// gone, having stored what it was sent.
    #[test]
    fn the_storing_thread_ends_with_its_sender() {
        let mut away = Storing::here().soon_away();
        put_all(&mut away);
        let Way::Away { to, thread: AssertUnwindSafe(thread), .. } = away.0 else {
            panic!("a thread could not be started")
        };
        drop(to);
        let start = std::time::Instant::now();
        while !thread.is_finished() && start.elapsed() < std::time::Duration::from_secs(30) {
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        assert!(thread.is_finished());
        let stored: usize = thread.join().unwrap().groups.iter().map(|g| g.cases.len()).sum();
        // The batches sent; the one being filled went with the auditor.
        assert_eq!(stored, 3 * BATCH);
    }
}
