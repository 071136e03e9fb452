//! The facts of one comparison group's cases, stored compactly: numeric facts as a row-major
//! table of fixed-point numbers (8 bytes per fact and case), the yes/no and enum facts of a
//! case as one number — the index of their combination among the group's distinct
//! combinations (4 bytes per case, however many such facts). Groups hold few combinations of
//! categorical facts (the enum values and flags their tables declare), so this is what keeps
//! ten million cases in memory; a group where every case has its own combination costs its
//! values plus some 30–45 bytes per case (the hash index and its chain), a bounded amount.

use rustc_hash::FxHashMap;

use crate::table::FactId;

/// A fact the case does not give.
pub(crate) const MISSING: i64 = i64::MIN;

/// A categorical fact the case does not give (enum values are `u16`, so never this).
const NO_CATEGORY: u32 = u32::MAX;

/// Most distinct facts a group compares its cases on. When a group's cases record more, the
/// facts their violation reads are kept first, then the others by fact id — whatever the order
/// the cases came in; the rest are not compared (the signature of same-facts characterisation
/// still covers every fact).
pub(crate) const MAX_COLUMNS: usize = 64;

/// Rows after which a fact not seen before is kept aside (sparse) until the group is sealed,
/// instead of widening every row at once: widening a large table for each late fact could cost
/// rows × facts² on hostile input.
const WIDEN_ROWS: usize = 4_096;

/// One fact of one case, as collected.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum FactValue {
    /// An amount, count, quantity or date, in fixed point ([`MISSING`] when too large).
    Number(i64),
    /// A yes/no fact (0 or 1) or an enum value's index.
    Category(u32),
}

impl FactValue {
    fn number(self) -> Option<i64> {
        match self {
            FactValue::Number(x) => Some(x),
            FactValue::Category(_) => None,
        }
    }
}

/// Where a column's values live.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Slot {
    /// Place `k` of each row of the numeric table.
    Number(usize),
    /// Place `k` of each combination of categorical facts.
    Category(usize),
}

/// The distinct combinations of categorical facts in a group, each stored once. Found by a
/// hash of the combination, collisions chained: some 30–45 bytes per combination besides its
/// values (no boxed key each), so that even a group where every case has its own combination
/// costs a bounded amount per case.
#[derive(Debug, Clone, Default)]
struct Combinations {
    width: usize,
    /// Combination `i` is `values[i * width..][..width]`.
    values: Vec<u32>,
    /// Hash → the last combination added with that hash.
    index: FxHashMap<u64, u32>,
    /// Combination `i` → the one added before it with the same hash (`u32::MAX`: none).
    earlier: Vec<u32>,
    /// The combination interned last: consecutive cases of a group often share theirs, found
    /// then without hashing.
    last: Option<u32>,
    /// Tests only: a hash with 4 values, so that chains are exercised.
    #[cfg(test)]
    weak: bool,
}

/// Two combinations alike: compared value by value (a slice's `==` calls `memcmp`, several
/// times the cost for the few values a combination holds).
#[inline]
fn same(a: &[u32], b: &[u32]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y)
}

impl Combinations {
    fn with_width(width: usize) -> Combinations {
        Combinations { width, ..Combinations::default() }
    }

    fn hash(&self, combination: &[u32]) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = rustc_hash::FxHasher::default();
        combination.hash(&mut h);
        #[cfg(test)]
        if self.weak {
            return h.finish() % 4;
        }
        h.finish()
    }

    fn len(&self) -> usize {
        self.earlier.len()
    }

    /// The number of `combination`, added if new.
    fn intern(&mut self, combination: &[u32]) -> u32 {
        if let Some(last) = self.last.filter(|&l| same(self.row(l), combination)) {
            return last;
        }
        let code = self.intern_hashed(combination);
        self.last = Some(code);
        code
    }

    fn intern_hashed(&mut self, combination: &[u32]) -> u32 {
        let hash = self.hash(combination);
        let mut at = self.index.get(&hash).copied().unwrap_or(u32::MAX);
        while at != u32::MAX {
            if same(self.row(at), combination) {
                return at;
            }
            at = self.earlier.get(at as usize).copied().unwrap_or(u32::MAX);
        }
        // Fewer combinations than rows, and rows are numbered in u32 below u32::MAX.
        let i = u32::try_from(self.len()).unwrap_or(u32::MAX - 1);
        self.values.extend_from_slice(combination);
        self.earlier.push(self.index.insert(hash, i).unwrap_or(u32::MAX));
        i
    }

    fn get(&self, code: u32, place: usize) -> u32 {
        if place >= self.width {
            return NO_CATEGORY;
        }
        self.values.get(code as usize * self.width + place).copied().unwrap_or(NO_CATEGORY)
    }

    fn row(&self, code: u32) -> &[u32] {
        let start = code as usize * self.width;
        self.values.get(start..start + self.width).unwrap_or(&[])
    }
}

/// The facts recorded in a group's cases: a column per fact (the union of the facts any member
/// records, in fact-id order, at most [`MAX_COLUMNS`]), a row per member; [`MISSING`] where a
/// case does not give the fact. Row by row, so that adding a case writes one place.
#[derive(Debug, Clone, Default)]
pub(crate) struct GroupFacts {
    /// The facts, in id order, and where each one's values are.
    columns: Vec<FactId>,
    slots: Vec<Slot>,
    /// Column indexes of numeric facts, the main one (the first the violation reads) first;
    /// set when the group is sealed.
    pub numeric: Vec<usize>,
    /// Column indexes of yes/no and enum facts; set when the group is sealed.
    pub categorical: Vec<usize>,
    /// Row `i`'s numbers are `numbers[i * numbers_width..][..numbers_width]`.
    numbers: Vec<i64>,
    numbers_width: usize,
    /// Row `i`'s categorical facts are combination `codes[i]`.
    codes: Vec<u32>,
    combinations: Combinations,
    rows: usize,
    /// Facts first seen after [`WIDEN_ROWS`] rows: (row, fact, value), settled when sealed.
    aside: Vec<(u32, FactId, FactValue)>,
    /// The facts of the last row pushed and the slot of each (`None`: no column): the cases of
    /// a group mostly give the same facts, whose slots are then not searched again. Cleared
    /// whenever the columns change.
    recent: Vec<(FactId, Option<Slot>)>,
}

impl GroupFacts {
    /// One fact of a member; [`MISSING`] when it does not give it.
    pub fn get(&self, row: usize, column: usize) -> i64 {
        match self.slots.get(column) {
            Some(&Slot::Number(k)) => {
                self.numbers.get(row.saturating_mul(self.numbers_width).saturating_add(k)).copied().unwrap_or(MISSING)
            }
            Some(&Slot::Category(k)) => {
                let code = self.codes.get(row).copied().unwrap_or(u32::MAX);
                match self.combinations.get(code, k) {
                    NO_CATEGORY => MISSING,
                    x => i64::from(x),
                }
            }
            None => MISSING,
        }
    }

    /// The combination of categorical facts of a member: two members have the same number
    /// exactly when they give the same categorical facts (once sealed).
    pub fn combination(&self, row: usize) -> u32 {
        self.codes.get(row).copied().unwrap_or(u32::MAX)
    }

    /// How many distinct combinations of categorical facts the group's list holds: every
    /// member's [`combination`](GroupFacts::combination) is below it (members taken out when
    /// sealed may leave some unused).
    pub fn combination_count(&self) -> usize {
        self.combinations.len()
    }

    /// The fact of each column.
    pub fn columns(&self) -> &[FactId] {
        &self.columns
    }

    /// Appends a row of `(fact, value)`s, facts in id order (each fact always of one kind).
    pub fn push(&mut self, facts: &[(FactId, FactValue)]) {
        let row = self.rows;
        // New facts: in a small table added as columns (one widening for all of them), later
        // kept aside.
        let mut same = self.recent.len() == facts.len() && self.recent.iter().zip(facts).all(|(a, b)| a.0 == b.0);
        // The facts of the last row, all with a column: none is new.
        let known = same && self.recent.iter().all(|r| r.1.is_some());
        if row < WIDEN_ROWS && self.columns.len() < MAX_COLUMNS && !known {
            let new: Vec<(FactId, bool)> = facts
                .iter()
                .filter(|(f, _)| self.columns.binary_search(f).is_err())
                .map(|&(f, v)| (f, v.number().is_some()))
                .take(MAX_COLUMNS - self.columns.len())
                .collect();
            if !new.is_empty() {
                // The slots move: found again below.
                self.widen(&new);
                same = false;
            }
        }
        if !same {
            self.recent.clear();
            for &(fact, _) in facts {
                let slot = self.columns.binary_search(&fact).ok().and_then(|c| self.slots.get(c)).copied();
                self.recent.push((fact, slot));
            }
        }
        let start = self.numbers.len();
        self.numbers.resize(start + self.numbers_width, MISSING);
        let mut combination = [NO_CATEGORY; MAX_COLUMNS];
        for (&(fact, value), &(_, slot)) in facts.iter().zip(&self.recent) {
            match (slot.as_ref(), value) {
                (Some(&Slot::Number(k)), FactValue::Number(x)) => {
                    if let Some(place) = self.numbers.get_mut(start + k) {
                        *place = x;
                    }
                }
                (Some(&Slot::Category(k)), FactValue::Category(x)) => {
                    if let Some(place) = combination.get_mut(k) {
                        *place = x;
                    }
                }
                // Without a column (yet): kept aside until sealed.
                (None, _) => self.aside.push((row as u32, fact, value)),
                // A value of the other kind than its fact's column cannot come from one set of
                // rules (each fact has one kind); it is not compared rather than let change the
                // column's kind.
                (Some(_), _) => {}
            }
        }
        let width = self.combinations.width;
        let code = self.combinations.intern(combination.get(..width).unwrap_or(&[]));
        self.codes.push(code);
        self.rows += 1;
    }

    /// Adds columns for `new` facts (and whether each is numeric), moving every row's values.
    fn widen(&mut self, new: &[(FactId, bool)]) {
        let mut columns: Vec<(FactId, bool)> = self
            .columns
            .iter()
            .zip(&self.slots)
            .map(|(&f, s)| (f, matches!(s, Slot::Number(_))))
            .chain(new.iter().copied())
            .collect();
        columns.sort_unstable_by_key(|c| c.0);
        columns.dedup_by_key(|c| c.0);
        self.rebuild(&columns);
    }

    /// The table with `columns` (sorted, with whether each is numeric): the values of the old
    /// columns kept where they are kept, those set aside filled in where their fact is a
    /// column, the combinations of categorical facts made again.
    fn rebuild(&mut self, columns: &[(FactId, bool)]) {
        self.recent.clear();
        let mut slots = Vec::with_capacity(columns.len());
        let (mut numbers_width, mut categories) = (0, 0);
        for &(_, numeric) in columns {
            if numeric {
                slots.push(Slot::Number(numbers_width));
                numbers_width += 1;
            } else {
                slots.push(Slot::Category(categories));
                categories += 1;
            }
        }
        let new_slot = |fact: FactId| columns.binary_search_by_key(&fact, |c| c.0).ok().and_then(|c| slots.get(c));
        // Old numeric place → new numeric place; old categorical place → new one.
        let mut number_moves: Vec<(usize, usize)> = Vec::new();
        let mut category_moves: Vec<(usize, usize)> = Vec::new();
        for (&fact, &old) in self.columns.iter().zip(&self.slots) {
            match (old, new_slot(fact)) {
                (Slot::Number(a), Some(&Slot::Number(b))) => number_moves.push((a, b)),
                (Slot::Category(a), Some(&Slot::Category(b))) => category_moves.push((a, b)),
                _ => {}
            }
        }
        let mut numbers = vec![MISSING; self.rows.saturating_mul(numbers_width)];
        let mut combinations = Combinations::with_width(categories);
        let mut codes = Vec::with_capacity(self.rows);
        let mut aside = self.aside.iter().peekable();
        let mut combination = vec![NO_CATEGORY; categories];
        for row in 0..self.rows {
            let from = row * self.numbers_width;
            let to = row * numbers_width;
            for &(a, b) in &number_moves {
                if let (Some(v), Some(place)) = (self.numbers.get(from + a), numbers.get_mut(to + b)) {
                    *place = *v;
                }
            }
            combination.iter_mut().for_each(|x| *x = NO_CATEGORY);
            let old = self.combinations.row(self.codes.get(row).copied().unwrap_or(u32::MAX));
            for &(a, b) in &category_moves {
                if let (Some(v), Some(place)) = (old.get(a), combination.get_mut(b)) {
                    *place = *v;
                }
            }
            // The facts kept aside are in row order.
            while let Some(&(_, fact, value)) = aside.next_if(|x| x.0 as usize == row) {
                match (new_slot(fact), value) {
                    (Some(&Slot::Number(b)), FactValue::Number(x)) => {
                        if let Some(place) = numbers.get_mut(to + b) {
                            *place = x;
                        }
                    }
                    (Some(&Slot::Category(b)), FactValue::Category(x)) => {
                        if let Some(place) = combination.get_mut(b) {
                            *place = x;
                        }
                    }
                    _ => {}
                }
            }
            codes.push(combinations.intern(&combination));
        }
        self.columns = columns.iter().map(|c| c.0).collect();
        self.slots = slots;
        self.numbers = numbers;
        self.numbers_width = numbers_width;
        self.codes = codes;
        self.combinations = combinations;
        // Facts that still have no column stay aside (settling decides on them).
        self.aside.retain(|x| columns.binary_search_by_key(&x.1, |c| c.0).is_err());
    }

    /// Settles the facts kept aside: the columns become the [`MAX_COLUMNS`] first of every fact
    /// the cases record, those in `preferred` first, then by id — a choice that does not depend
    /// on the order the cases came in.
    pub fn settle(&mut self, preferred: &[FactId]) {
        if self.aside.is_empty() {
            return;
        }
        let mut all: Vec<(FactId, bool)> = self
            .columns
            .iter()
            .zip(&self.slots)
            .map(|(&f, s)| (f, matches!(s, Slot::Number(_))))
            .chain(self.aside.iter().map(|x| (x.1, x.2.number().is_some())))
            .collect();
        // A fact given with both kinds (impossible from one set of rules) is taken as numeric,
        // whatever came first.
        all.sort_unstable_by_key(|c| (c.0, !c.1));
        all.dedup_by_key(|c| c.0);
        if all.len() > MAX_COLUMNS {
            all.sort_by_key(|(f, _)| (!preferred.contains(f), *f));
            all.truncate(MAX_COLUMNS);
            all.sort_unstable_by_key(|c| c.0);
        }
        self.rebuild(&all);
        // What is left aside did not make the columns: not compared.
        self.aside = Vec::new();
    }

    /// The rows reordered: row `i` becomes the old row `order[i]` (rows not in `order` are
    /// dropped).
    pub fn permute(&mut self, order: &[u32]) {
        self.rows = order.len();
        let width = self.numbers_width;
        let mut numbers = Vec::with_capacity(order.len().saturating_mul(width));
        for &i in order {
            let from = (i as usize).saturating_mul(width);
            match self.numbers.get(from..from + width) {
                Some(row) => numbers.extend_from_slice(row),
                None => numbers.resize(numbers.len() + width, MISSING),
            }
        }
        self.numbers = numbers;
        self.codes = order.iter().map(|&i| self.codes.get(i as usize).copied().unwrap_or(u32::MAX)).collect();
    }

    /// Splits the columns into numeric (the main one first: the first of `read`, the facts the
    /// violation itself reads) and categorical.
    pub fn classify(&mut self, read: &[FactId]) {
        let numeric_column = |i: &usize| matches!(self.slots.get(*i), Some(Slot::Number(_)));
        let mut numeric: Vec<usize> = (0..self.columns.len()).filter(numeric_column).collect();
        if let Some(p) = numeric.iter().position(|&i| self.columns.get(i).is_some_and(|f| read.contains(f))) {
            let main = numeric.remove(p);
            numeric.insert(0, main);
        }
        self.categorical = (0..self.columns.len()).filter(|i| !numeric_column(i)).collect();
        // The numbers laid out in that order, so that a row's numeric facts are one slice (see
        // [`GroupFacts::numeric_row`]): one pass, and only when their order changes.
        let places: Vec<usize> = numeric
            .iter()
            .filter_map(|&c| match self.slots.get(c) {
                Some(&Slot::Number(k)) => Some(k),
                _ => None,
            })
            .collect();
        let width = self.numbers_width;
        if places.len() == width && places.iter().enumerate().any(|(i, &k)| i != k) {
            let mut numbers = Vec::with_capacity(self.numbers.len());
            for row in self.numbers.chunks_exact(width.max(1)) {
                numbers.extend(places.iter().map(|&k| row.get(k).copied().unwrap_or(MISSING)));
            }
            self.numbers = numbers;
            for (i, &c) in numeric.iter().enumerate() {
                if let Some(slot) = self.slots.get_mut(c) {
                    *slot = Slot::Number(i);
                }
            }
        }
        self.numeric = numeric;
    }

    /// A member's numeric facts, in the order of [`numeric`](GroupFacts::numeric) (the main one
    /// first; [`MISSING`] where it does not give one), once classified.
    pub fn numeric_row(&self, row: usize) -> &[i64] {
        let width = self.numbers_width;
        let start = row.saturating_mul(width);
        self.numbers.get(start..start.saturating_add(width)).unwrap_or(&[])
    }
}

impl FactValue {
    /// The category, for tests.
    #[cfg(test)]
    fn as_i64(self) -> i64 {
        match self {
            FactValue::Number(x) => x,
            FactValue::Category(x) => i64::from(x),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(i: u32) -> FactId {
        FactId(i)
    }

    /// Facts first seen late (in a small table: widened; in a large one: kept aside until
    /// settled), facts missing from some cases, numeric and categorical: every value read back
    /// where it was written, after sorting too; equal categorical facts share a combination.
    #[test]
    fn group_facts_widen_settle_and_permute() {
        use FactValue::{Category, Number};
        let mut facts = GroupFacts::default();
        let rows = 5_000usize;
        let mut want: Vec<Vec<(FactId, FactValue)>> = Vec::new();
        for r in 0..rows {
            let mut row = vec![(f(10), Number(r as i64))];
            if r % 3 == 0 {
                row.push((f(20), Number(-(r as i64))));
            }
            if r % 2 == 0 {
                row.push((f(25), Category((r % 5) as u32)));
            }
            // Facts first seen after 4,096 rows, one with a smaller id seen later still.
            if r >= 4_500 {
                row.push((f(30), Category(7)));
            }
            if r >= 4_900 {
                row.insert(0, (f(5), Number(1)));
            }
            facts.push(&row);
            want.push(row);
        }
        assert_eq!(facts.columns(), [f(10), f(20), f(25)]);
        facts.settle(&[]);
        let check = |facts: &GroupFacts, order: &[usize]| {
            let columns = facts.columns().to_vec();
            assert_eq!(columns, [f(5), f(10), f(20), f(25), f(30)]);
            for (new, &old) in order.iter().enumerate() {
                for (col, fact) in columns.iter().enumerate() {
                    let expected = want[old].iter().find(|(x, _)| x == fact).map_or(MISSING, |(_, v)| v.as_i64());
                    assert_eq!(facts.get(new, col), expected, "row {old} fact {fact:?}");
                }
            }
            // Same categorical facts ⇔ same combination.
            for a in (0..order.len()).step_by(37) {
                for b in (0..order.len()).step_by(41) {
                    let same = [3, 4].iter().all(|&c| facts.get(a, c) == facts.get(b, c));
                    assert_eq!(same, facts.combination(a) == facts.combination(b), "rows {a} {b}");
                }
            }
        };
        let identity: Vec<usize> = (0..rows).collect();
        check(&facts, &identity);
        let reversed: Vec<u32> = (0..rows as u32).rev().collect();
        facts.permute(&reversed);
        check(&facts, &reversed.iter().map(|&r| r as usize).collect::<Vec<_>>());
        // Five values of fact 25 (or none) × fact 30 given or not: at most 12 combinations.
        assert!(facts.combinations.len() <= 12);
    }

    /// A value of the other kind than its fact's column (impossible from one set of rules) is
    /// not compared and changes nothing else, whatever the order; facts left aside keep waiting
    /// through a widening.
    #[test]
    fn a_fact_of_the_other_kind_changes_nothing() {
        use FactValue::{Category, Number};
        for late in [4_000usize, 4_500] {
            let mut facts = GroupFacts::default();
            for r in 0..5_000usize {
                let mut row = vec![(f(1), Number(r as i64))];
                if r == late {
                    row = vec![(f(1), Category(3))];
                }
                if r == 4_200 {
                    // First seen late: aside, then settled (given with both kinds: numeric).
                    row.push((f(9), Number(42)));
                }
                if r == 4_300 {
                    row.push((f(9), Category(1)));
                }
                facts.push(&row);
            }
            facts.settle(&[]);
            assert_eq!(facts.columns(), [f(1), f(9)]);
            for r in 0..5_000usize {
                let want = if r == late { MISSING } else { r as i64 };
                assert_eq!(facts.get(r, 0), want, "row {r}");
            }
            assert_eq!((facts.get(4_200, 1), facts.get(4_300, 1), facts.get(0, 1)), (42, MISSING, MISSING));
            facts.classify(&[]);
            assert_eq!((facts.numeric.as_slice(), facts.categorical.as_slice()), (&[0, 1][..], &[][..]));
        }
    }

    /// Once classified, a row's numeric facts are one slice in the order of `numeric`, the main
    /// fact (the first the violation reads, not the lowest id) first; every other read agrees.
    #[test]
    fn numeric_rows_put_the_main_fact_first() {
        use FactValue::{Category, Number};
        let mut facts = GroupFacts::default();
        for r in 0..50i64 {
            let mut row = vec![(f(1), Number(r)), (f(2), Category((r % 3) as u32)), (f(5), Number(100 + r))];
            if r % 7 != 0 {
                row.push((f(8), Number(-r)));
            }
            facts.push(&row);
        }
        facts.classify(&[f(8)]);
        assert_eq!((facts.numeric.as_slice(), facts.categorical.as_slice()), (&[3, 0, 2][..], &[1][..]));
        for r in 0..50usize {
            let want = [if r % 7 == 0 { MISSING } else { -(r as i64) }, r as i64, 100 + r as i64];
            assert_eq!(facts.numeric_row(r), want, "row {r}");
            let read: Vec<i64> = facts.numeric.iter().map(|&c| facts.get(r, c)).collect();
            assert_eq!(read, want);
            assert_eq!(facts.get(r, 1), (r % 3) as i64);
        }
        assert_eq!(facts.numeric_row(50), [0i64; 0]);
        // Classified again: the same.
        facts.classify(&[f(8)]);
        assert_eq!(facts.numeric_row(8), [-8, 8, 108]);
    }

    /// Combinations whose hashes collide are told apart (a 4-valued hash chains thousands).
    #[test]
    fn colliding_combinations_are_told_apart() {
        let mut combinations = Combinations { width: 2, weak: true, ..Combinations::default() };
        let codes: Vec<u32> = (0..2_000u32).map(|i| combinations.intern(&[i % 50, i / 50])).collect();
        assert_eq!(combinations.len(), 2_000);
        assert!(codes.iter().enumerate().all(|(i, &c)| c == i as u32));
        // Again: the same numbers, nothing added.
        assert!((0..2_000u32).all(|i| combinations.intern(&[i % 50, i / 50]) == i));
        assert_eq!(combinations.len(), 2_000);
        assert_eq!(combinations.row(1_234), [1_234 % 50, 1_234 / 50]);
        assert_eq!(combinations.get(1_234, 2), NO_CATEGORY);
    }

    /// More facts than a group compares: the facts the violation reads are kept first, then
    /// the lowest ids — the same columns whatever order the cases came in.
    #[test]
    fn too_many_facts_are_chosen_independently_of_arrival() {
        let rows: Vec<Vec<(FactId, FactValue)>> = (0..6_000u32)
            .map(|r| {
                // Each case records 3 of 200 facts; fact 199 is the one the violation reads.
                let mut row = vec![
                    (f(r % 199), FactValue::Number(i64::from(r))),
                    (f((r * 7 + 3) % 199), FactValue::Number(1)),
                    (f(199), FactValue::Category(2)),
                ];
                row.sort_unstable_by_key(|x| x.0);
                row.dedup_by_key(|x| x.0);
                row
            })
            .collect();
        let settled = |order: &mut dyn Iterator<Item = &Vec<(FactId, FactValue)>>| {
            let mut facts = GroupFacts::default();
            for row in order {
                facts.push(row);
            }
            facts.settle(&[f(199)]);
            facts
        };
        let forward = settled(&mut rows.iter());
        let backward = settled(&mut rows.iter().rev());
        assert_eq!(forward.columns().len(), MAX_COLUMNS);
        assert_eq!(forward.columns(), backward.columns());
        assert!(forward.columns().contains(&f(199)));
        assert_eq!(forward.columns().first(), Some(&f(0)));
        // Every kept value is where it was written, in both.
        let col = forward.columns().binary_search(&f(199)).unwrap();
        assert!((0..rows.len()).all(|r| forward.get(r, col) == 2 && backward.get(r, col) == 2));
    }
}
