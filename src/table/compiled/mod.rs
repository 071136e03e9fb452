//! Tables compiled at load: fact ids interned to indexes, conditions turned into plain
//! comparisons on typed values, matrices indexed, so that evaluating a case does no string
//! lookups and no allocation. The model (`table::model`) stays the readable description; this is
//! the one evaluator every part of the library uses (`check`, `allowed`, `verify`).

mod condition;
mod fine;
mod select;

use std::collections::HashMap;

use rust_decimal::Decimal;

pub(crate) use condition::{CCond, Tri};
pub(crate) use fine::{CFine, FineError, Money};
pub(crate) use select::NoLevel;

use super::model::*;

/// A fact, by its index in the loaded rules ([`Benchmark::fact_id`](super::Benchmark::fact_id)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FactId(pub(crate) u32);

impl FactId {
    pub(crate) fn index(self) -> usize {
        self.0 as usize
    }
}

/// The typed value of one fact, as the compiled rules read it: numbers (dates as day numbers),
/// yes/no, or an enum value by its position in the fact's declared values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Value {
    /// An amount, count, number of days, quantity, or a date's day number.
    Number(Decimal),
    /// Yes or no.
    Flag(bool),
    /// The position of an enum value among the fact's declared values (light → heavy).
    Word(u16),
}

/// Where the compiled rules read a case's facts from.
pub trait FactSource {
    /// The value of `fact`, if the case gives it.
    fn value(&self, fact: FactId) -> Option<Value>;
}

/// A small set of facts sorted by id: what a prepared case holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FactSlots {
    entries: Vec<(FactId, Value)>,
}

impl FactSlots {
    /// No facts.
    pub fn new() -> FactSlots {
        FactSlots::default()
    }
    /// Forgets every fact, keeping the memory for reuse.
    pub fn clear(&mut self) {
        self.entries.clear();
    }
    /// Sets a fact (replacing an earlier value).
    pub fn set(&mut self, fact: FactId, value: Value) {
        match self.entries.binary_search_by_key(&fact, |(f, _)| *f) {
            Ok(i) => {
                if let Some(e) = self.entries.get_mut(i) {
                    e.1 = value;
                }
            }
            Err(i) => self.entries.insert(i, (fact, value)),
        }
    }
    /// Whether `fact` is given.
    pub fn contains(&self, fact: FactId) -> bool {
        self.value(fact).is_some()
    }
    /// The facts, sorted by id.
    pub fn iter(&self) -> impl Iterator<Item = (FactId, Value)> + '_ {
        self.entries.iter().copied()
    }
    /// How many facts are given.
    pub fn len(&self) -> usize {
        self.entries.len()
    }
    /// Whether no fact is given.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

impl FactSource for FactSlots {
    fn value(&self, fact: FactId) -> Option<Value> {
        // A handful of facts per case: a linear scan beats a binary search.
        self.entries.iter().find(|(f, _)| *f == fact).map(|(_, v)| *v)
    }
}

/// What the compiled rules know about one declared fact.
#[derive(Debug, Clone)]
pub(crate) struct FactInfo {
    pub kind: FactKind,
    /// Enum values by id → position.
    pub words: HashMap<String, u16>,
}

/// The type of a fact, as evaluation needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FactKind {
    Number { integral: bool },
    Date,
    Flag,
    Word,
}

/// A band, compiled: its fine and the conditions of its sanctions.
#[derive(Debug, Clone)]
pub(crate) struct CBand {
    pub fine: Option<CFine>,
    pub required: Vec<Option<CCond>>,
    pub allowed: Vec<Option<CCond>>,
    pub one_of: Vec<Vec<Option<CCond>>>,
}

/// A scheme, compiled.
#[derive(Debug, Clone)]
pub(crate) enum CScheme {
    Tiers { overlap: OverlapPolicy, when: Vec<CCond>, ranks: Vec<u32>, bands: Vec<CBand> },
    Matrix { axes: Vec<CAxis>, cells: CellIndex, bands: Vec<CBand> },
    Weights { factors: Vec<CAxis>, weights: Vec<Vec<Decimal>>, band: CBand },
}

/// A list of alternatives (matrix grades, weight grades) and how overlaps resolve.
#[derive(Debug, Clone)]
pub(crate) struct CAxis {
    pub overlap: OverlapPolicy,
    pub when: Vec<CCond>,
}

/// Cells by their grade on each axis: a dense mixed-radix array when small, else a map.
#[derive(Debug, Clone)]
pub(crate) enum CellIndex {
    Dense { radix: Vec<usize>, cell: Vec<Option<u32>> },
    Sparse(HashMap<Vec<usize>, u32>),
}

/// Dense matrices up to this many combinations (larger ones use a map).
const DENSE_CELLS: usize = 1 << 16;

impl CellIndex {
    fn new(axes: &[Axis], cells: &[Cell]) -> CellIndex {
        let radix: Vec<usize> = axes.iter().map(|a| a.grades.len().max(1)).collect();
        let size = radix.iter().try_fold(1usize, |n, r| n.checked_mul(*r));
        match size {
            Some(n) if n <= DENSE_CELLS => {
                let mut cell = vec![None; n];
                for (i, c) in cells.iter().enumerate() {
                    if let Some(slot) = Self::offset(&radix, &c.at).and_then(|o| cell.get_mut(o)) {
                        *slot = u32::try_from(i).ok();
                    }
                }
                CellIndex::Dense { radix, cell }
            }
            _ => CellIndex::Sparse(
                cells.iter().enumerate().filter_map(|(i, c)| Some((c.at.clone(), u32::try_from(i).ok()?))).collect(),
            ),
        }
    }

    fn offset(radix: &[usize], at: &[usize]) -> Option<usize> {
        at.iter().zip(radix).try_fold(0usize, |o, (g, r)| o.checked_mul(*r)?.checked_add(*g))
    }

    /// The cell at these grades.
    pub fn get(&self, at: &[usize]) -> Option<usize> {
        match self {
            CellIndex::Dense { radix, cell } => {
                Self::offset(radix, at).and_then(|o| cell.get(o).copied().flatten()).map(|c| c as usize)
            }
            CellIndex::Sparse(map) => map.get(at).map(|c| *c as usize),
        }
    }
}

/// A statute branch, compiled.
#[derive(Debug, Clone)]
pub(crate) struct CBranch {
    pub when: Option<CCond>,
    pub fine: Option<CFine>,
}

/// Everything compiled, parallel to the model: `statutes[i]` is `Benchmark::statutes()[i]`,
/// `tables[t].violations[v]` is the `v`-th violation of the `t`-th table.
#[derive(Debug, Clone, Default)]
pub(crate) struct Compiled {
    pub facts: Vec<FactInfo>,
    pub fact_index: HashMap<String, FactId>,
    pub statutes: Vec<Vec<Vec<CBranch>>>,
    pub tables: Vec<CTable>,
}

/// A table, compiled.
#[derive(Debug, Clone, Default)]
pub(crate) struct CTable {
    pub violations: Vec<CViolation>,
    pub exemptions: Vec<CCond>,
    pub adjustments: Vec<CCond>,
}

/// A violation, compiled: its scheme for each addressee.
#[derive(Debug, Clone)]
pub(crate) struct CViolation {
    pub party: CScheme,
    pub responsible_persons: Option<CScheme>,
}

impl CViolation {
    pub fn scheme(&self, addressee: Addressee) -> Option<&CScheme> {
        match addressee {
            Addressee::Party => Some(&self.party),
            Addressee::ResponsiblePersons => self.responsible_persons.as_ref(),
        }
    }
}

/// Compiles conditions and fines against the fact index.
struct Compiler<'a> {
    index: &'a HashMap<String, FactId>,
    facts: &'a [FactInfo],
}

impl Compiler<'_> {
    fn fact(&self, id: &str) -> FactId {
        // After a successful load every reference resolves; an unknown id (impossible) reads as
        // a fact no case can give, so its conditions stay unknown rather than wrong.
        self.index.get(id).copied().unwrap_or(FactId(u32::MAX))
    }

    fn band(&self, b: &Band) -> CBand {
        let when = |s: &SanctionSpec| s.when.as_ref().map(|c| self.cond(c));
        CBand {
            fine: b.fine.as_ref().map(|f| self.fine(f)),
            required: b.required.iter().map(when).collect(),
            allowed: b.allowed.iter().map(when).collect(),
            one_of: b.one_of.iter().map(|g| g.iter().map(when).collect()).collect(),
        }
    }

    fn axis(&self, overlap: OverlapPolicy, conditions: impl Iterator<Item = CCond>) -> CAxis {
        CAxis { overlap, when: conditions.collect() }
    }

    fn scheme(&self, s: &Scheme) -> CScheme {
        match s {
            Scheme::Tiers { overlap, tiers } => CScheme::Tiers {
                overlap: *overlap,
                when: tiers.iter().map(|t| self.cond(&t.when)).collect(),
                ranks: tiers.iter().map(|t| t.rank).collect(),
                bands: tiers.iter().map(|t| self.band(&t.band)).collect(),
            },
            Scheme::Matrix { axes, cells } => CScheme::Matrix {
                axes: axes.iter().map(|a| self.axis(a.overlap, a.grades.iter().map(|g| self.cond(&g.when)))).collect(),
                cells: CellIndex::new(axes, cells),
                bands: cells.iter().map(|c| self.band(&c.band)).collect(),
            },
            Scheme::Weights(w) => CScheme::Weights {
                factors: w
                    .factors
                    .iter()
                    .map(|f| self.axis(f.overlap, f.grades.iter().map(|g| self.cond(&g.when))))
                    .collect(),
                weights: w.factors.iter().map(|f| f.grades.iter().map(|g| g.weight).collect()).collect(),
                band: self.band(&w.band),
            },
        }
    }
}

impl Compiled {
    /// Compiles loaded, resolved rules.
    pub(crate) fn new(facts: &[Fact], statutes: &[Statute], tables: &[Table]) -> Compiled {
        let fact_index: HashMap<String, FactId> = facts
            .iter()
            .enumerate()
            .filter_map(|(i, f)| Some((f.id.clone(), FactId(u32::try_from(i).ok()?))))
            .collect();
        let infos: Vec<FactInfo> = facts
            .iter()
            .map(|f| {
                let kind = match &f.fact_type {
                    FactType::Boolean => FactKind::Flag,
                    FactType::Enum(_) => FactKind::Word,
                    FactType::Date => FactKind::Date,
                    t => FactKind::Number { integral: t.is_integral() },
                };
                let words = match &f.fact_type {
                    FactType::Enum(values) => values
                        .iter()
                        .enumerate()
                        .filter_map(|(i, v)| Some((v.clone(), u16::try_from(i).ok()?)))
                        .collect(),
                    _ => HashMap::new(),
                };
                FactInfo { kind, words }
            })
            .collect();
        let c = Compiler { index: &fact_index, facts: &infos };
        let statutes = statutes
            .iter()
            .map(|s| {
                s.versions
                    .iter()
                    .map(|v| {
                        v.branches
                            .iter()
                            .map(|b| CBranch {
                                when: b.when.as_ref().map(|w| c.cond(w)),
                                fine: b.fine.as_ref().map(|f| c.fine(f)),
                            })
                            .collect()
                    })
                    .collect()
            })
            .collect();
        let tables = tables
            .iter()
            .map(|t| CTable {
                violations: t
                    .violations
                    .iter()
                    .map(|v| CViolation {
                        party: c.scheme(&v.scheme),
                        responsible_persons: v.responsible_persons.as_ref().map(|s| c.scheme(s)),
                    })
                    .collect(),
                exemptions: t.exemptions.iter().map(|e| c.cond(&e.when)).collect(),
                adjustments: t.adjustments.iter().map(|a| c.cond(&a.when)).collect(),
            })
            .collect();
        Compiled { facts: infos, fact_index, statutes, tables }
    }

    /// The compiled form of a condition written anywhere in the rules.
    pub(crate) fn condition(&self, c: &Condition) -> CCond {
        Compiler { index: &self.fact_index, facts: &self.facts }.cond(c)
    }
}
