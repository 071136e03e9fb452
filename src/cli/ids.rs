//! The case ids a run has seen, for `check`'s duplicate-id finding (C031): each id once, with
//! where it was first met, in memory that grows by a few bytes a record.

use std::hash::{Hash, Hasher};

/// What a run remembers of the ids it has read: a hash per id ([`IdIndex`]) and where each was
/// first met (a record's number, and [`Places`] to tell its file and line).
#[derive(Default)]
pub(crate) struct SeenIds {
    index: IdIndex,
    places: Places,
}

impl SeenIds {
    /// Readies the index for the (id, what it decides) pairs [`SeenIds::see`] is about to be
    /// given.
    pub(crate) fn expect<'a>(&self, ids: impl Iterator<Item = (&'a str, Decides<'a>)>) {
        self.index.fetch(ids.map(|(id, decides)| id_hash(id, decides)));
    }

    /// Records the id of the record at `file`:`line`, under what it decides; `Some` if it was
    /// seen before deciding the same, with where it was first met (`None` inside when that
    /// is past what is kept, [`Places`]). One id under two violations is one decision on two
    /// violations (一案多违法), and one on the party and its responsible persons (双罚) is
    /// two penalties: no repetition, as in the audit.
    pub(crate) fn see(&mut self, id: &str, decides: Decides<'_>, file: &str, line: u64) -> Option<Option<(&str, u64)>> {
        let record = self.places.add(file, line);
        match self.index.insert(id_hash(id, decides), record) {
            Ok(()) => None,
            Err(first) => Some(self.places.find(first)),
        }
    }
}

/// What a record decides, besides its id: the violation (as the rules know it, else as
/// written) and on whom the penalty is imposed.
pub(crate) type Decides<'a> = (&'a str, discretion::table::Addressee);

/// The hash an id and what it decides are indexed by: the id's SipHash (fixed keys), mixed
/// with a cheap hash of what it decides — a few violations and two addressees, where SipHash
/// over all three cost a tenth of `check`'s time.
fn id_hash(id: &str, decides: Decides<'_>) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    id.hash(&mut h);
    let mut scope = rustc_hash::FxHasher::default();
    decides.hash(&mut scope);
    h.finish() ^ scope.finish().rotate_left(29)
}

/// Where each record is, by its number (0, 1, … in reading order), kept as the points where
/// the line stops following from the number: a file's start, a record spanning several lines,
/// a skipped blank row. One CSV record a line costs nothing per record; at worst (every record
/// irregular) 24 bytes a record.
#[derive(Default)]
struct Places {
    files: Vec<String>,
    /// (first record, file, its line): each later record of the run is one line further, up to
    /// the next entry.
    runs: Vec<(u32, u32, u64)>,
    /// The next record's number.
    next: u32,
}

/// Records numbered past this are not placed (4,294,967,295 of them are).
const UNPLACED: u32 = u32::MAX;

impl Places {
    /// Numbers the record at `file`:`line`.
    fn add(&mut self, file: &str, line: u64) -> u32 {
        let record = self.next;
        if record == UNPLACED {
            return UNPLACED;
        }
        self.next += 1;
        let same_file = self.files.last().is_some_and(|f| f == file);
        if !same_file {
            self.files.push(file.to_string());
        }
        let file_index = u32::try_from(self.files.len().saturating_sub(1)).unwrap_or(u32::MAX);
        let follows = same_file
            && self.runs.last().is_some_and(|&(first, f, at)| {
                f == file_index && at.checked_add(u64::from(record - first)) == Some(line)
            });
        if !follows {
            self.runs.push((record, file_index, line));
        }
        record
    }

    /// The file and line of record `record`.
    fn find(&self, record: u32) -> Option<(&str, u64)> {
        if record == UNPLACED {
            return None;
        }
        let run = self.runs.partition_point(|r| r.0 <= record).checked_sub(1)?;
        let &(first, file, line) = self.runs.get(run)?;
        Some((self.files.get(file as usize)?.as_str(), line.checked_add(u64::from(record - first))?))
    }
}

/// The case ids seen, as 64-bit hashes, in an open-addressing table of cache lines: a hash
/// goes to the line its bucket names, or the next with room — one cache miss a record however
/// many there are (a sorted run searched by interpolation cost three or four, half of the
/// checking thread's time at ten million records), and one more for the record number kept
/// beside it, in a table of the same shape. 13 to 27 bytes a record (the table is between 7/16
/// and 7/8 full), 40 while it doubles: the one part of the summary that grows with the input.
/// A hash's line is the top bits of SplitMix64's finaliser applied to the hash and a random key
/// drawn for the run: ids crafted so that their hashes cluster cannot crowd one part of the
/// table, since where a hash goes is not known in advance, and every bit of a hash moves its
/// line whatever the key (multiply-shift alone, a random odd multiplier, left hashes in
/// sequence on one stretch of lines for an unlucky multiplier). The set itself, and so every
/// output, does not depend on the key. Two different ids collide with probability about n²/2⁶⁵
/// (one in 300,000 for 10⁸ records), the price of not keeping every id.
struct IdIndex {
    /// 0 marks an empty slot; the hash 0 itself is [`IdIndex::zero`].
    lines: Vec<Line>,
    /// The record number of each slot's hash.
    records: Vec<[u32; SLOTS]>,
    /// log2 of the number of lines.
    bits: u32,
    key: u64,
    len: usize,
    /// The record whose id hashed to 0, if any.
    zero: Option<u32>,
}

/// Eight slots, one cache line.
#[derive(Clone, Copy, Default)]
#[repr(align(64))]
struct Line([u64; SLOTS]);

const SLOTS: usize = 8;

impl Default for IdIndex {
    fn default() -> IdIndex {
        use std::hash::BuildHasher;
        let key = std::collections::hash_map::RandomState::new().hash_one(0x5eed_u64);
        let bits = 6;
        IdIndex {
            lines: vec![Line::default(); 1 << bits],
            records: vec![[0; SLOTS]; 1 << bits],
            bits,
            key,
            len: 0,
            zero: None,
        }
    }
}

impl IdIndex {
    fn line(&self, h: u64) -> usize {
        let mut z = h ^ self.key;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        ((z ^ (z >> 31)) >> (64 - self.bits)) as usize
    }

    /// Records `h` for `record`; `Err` with the record it was first seen with, if it was.
    fn insert(&mut self, h: u64, record: u32) -> Result<(), u32> {
        if h == 0 {
            return match self.zero {
                Some(first) => Err(first),
                None => {
                    self.zero = Some(record);
                    Ok(())
                }
            };
        }
        // Doubled before it is seven eighths full: a free slot always exists, so the probe ends.
        if (self.len + 1) * 8 > self.lines.len() * SLOTS * 7 {
            self.double();
        }
        self.put(h, record)?;
        self.len += 1;
        Ok(())
    }

    /// Puts `h` (not 0) in its line or the next with room; `Err` with its record if it is
    /// there already.
    fn put(&mut self, h: u64, record: u32) -> Result<(), u32> {
        let mask = self.lines.len() - 1;
        let mut at = self.line(h);
        for _ in 0..self.lines.len() {
            let (Some(line), Some(records)) = (self.lines.get_mut(at), self.records.get_mut(at)) else { break };
            for (slot, first) in line.0.iter_mut().zip(records.iter_mut()) {
                if *slot == h {
                    return Err(*first);
                }
                if *slot == 0 {
                    (*slot, *first) = (h, record);
                    return Ok(());
                }
            }
            at = (at + 1) & mask;
        }
        // Never reached: the table is never full (see `insert`).
        Ok(())
    }

    /// Reads the lines of `hashes`, and their record numbers: the reads do not wait for each
    /// other, so the memory fetches overlap, and the inserts that follow find their lines in
    /// the cache.
    fn fetch(&self, hashes: impl Iterator<Item = u64>) {
        let mut any = 0;
        for h in hashes {
            let at = self.line(h);
            any ^= self.lines.get(at).map_or(0, |l| l.0[0]);
            any ^= self.records.get(at).map_or(0, |r| u64::from(r[0]));
        }
        std::hint::black_box(any);
    }

    /// Twice the lines, every hash put again.
    fn double(&mut self) {
        self.bits += 1;
        let old = std::mem::replace(&mut self.lines, vec![Line::default(); 1 << self.bits]);
        let old_records = std::mem::replace(&mut self.records, vec![[0; SLOTS]; 1 << self.bits]);
        for (h, record) in old.iter().zip(&old_records).flat_map(|(l, r)| l.0.into_iter().zip(*r)) {
            if h != 0 {
                let _ = self.put(h, record);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every hash is found again once added, with the record it was added with, none before,
    /// across many doublings (0 too); hashes that agree in their low or high bits (ids crafted
    /// to cluster) are told apart all the same, and do not crowd one part of the table.
    #[test]
    fn the_id_index_finds_exactly_the_members() {
        let mut ids = IdIndex::default();
        let spread = |i: u64| i.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        assert!((0..200_000u32).all(|i| ids.insert(spread(u64::from(i)), i).is_ok()));
        assert!((0..200_000u32).all(|i| ids.insert(spread(u64::from(i)), 7) == Err(i)));
        assert_eq!(ids.len + 1, 200_000, "the hash 0 is kept apart");
        assert!(ids.lines.len() * SLOTS >= 200_000);
        // Each index draws its own key: several, so that an unlucky one shows (multiply-shift
        // with a random multiplier failed this now and then).
        for _ in 0..16 {
            let mut clustered = IdIndex::default();
            assert!((0..50_000u64).all(|i| clustered.insert(i, i as u32).is_ok()));
            assert!((1..=50_000u64).all(|i| clustered.insert(i << 40 | 7, 1).is_ok()));
            assert!(
                (1..50_000u64)
                    .all(|i| clustered.insert(i, 0) == Err(i as u32) && clustered.insert(i << 40 | 7, 0) == Err(1))
            );
            assert!(clustered.insert(0, 9) == Err(0) && clustered.insert(u64::MAX, 3).is_ok());
            // No long run of full lines: a probe stays short.
            let mut run = 0;
            let mut longest = 0;
            for line in &clustered.lines {
                run = if line.0.iter().all(|&h| h != 0) { run + 1 } else { 0 };
                longest = longest.max(run);
            }
            assert!(longest < 64, "{longest} full lines in a row (key {:#x})", clustered.key);
        }
    }

    /// A repeated id is said with where it was first met: across files, after records
    /// spanning lines and skipped rows; a first sighting is not a repeat.
    #[test]
    fn a_repeat_is_placed_where_the_id_was_first_met() {
        let mut seen = SeenIds::default();
        let rows = [("a.csv", 2, "A"), ("a.csv", 3, "B"), ("a.csv", 5, "C"), ("a.csv", 6, "D"), ("b.csv", 2, "E")];
        for (file, line, id) in rows {
            assert_eq!(seen.see(id, ("v", Default::default()), file, line), None);
        }
        assert_eq!(seen.see("C", ("v", Default::default()), "b.csv", 3), Some(Some(("a.csv", 5))));
        assert_eq!(seen.see("D", ("v", Default::default()), "b.csv", 4), Some(Some(("a.csv", 6))));
        assert_eq!(seen.see("E", ("v", Default::default()), "b.csv", 9), Some(Some(("b.csv", 2))));
        assert_eq!(seen.see("A", ("v", Default::default()), "c.csv", 2), Some(Some(("a.csv", 2))));
        assert_eq!(seen.see("B", ("v", Default::default()), "c.csv", 3), Some(Some(("a.csv", 3))));
        // Runs: a.csv 2–3, a.csv 5–6, b.csv 2–4, b.csv 9, c.csv 2–3.
        assert_eq!(seen.places.runs.len(), 5);
        // Past the records numbered, a repeat is still a repeat, without a place.
        seen.places.next = UNPLACED;
        assert_eq!(seen.see("Z", ("v", Default::default()), "c.csv", 4), None);
        assert_eq!(seen.see("Z", ("v", Default::default()), "c.csv", 5), Some(None));
    }
}
