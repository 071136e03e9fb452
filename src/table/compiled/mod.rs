//! Tables compiled at load: fact ids interned to indexes, conditions turned into plain
//! comparisons on typed values, matrices indexed, so that evaluating a case does no string
//! lookups and no allocation. The model (`table::model`) stays the readable description; this is
//! the one evaluator every part of the library uses (`check`, `allowed`, `verify`).

mod condition;
mod fine;
mod intervals;
mod select;

use rustc_hash::FxHashMap as HashMap;

use rust_decimal::Decimal;

pub(crate) use condition::{CCond, Tri};
pub(crate) use fine::{CFine, FineError, Money};
use intervals::IntervalIndex;
pub(crate) use select::NoLevel;

use super::model::*;

/// The fact Art. 28 reads: confiscation of established illegal gains (docs/FORMAT.md §3).
pub(crate) const ILLEGAL_GAINS: &str = "illegal_gains";

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
    /// The facts, sorted by id, as a slice.
    pub fn as_slice(&self) -> &[(FactId, Value)] {
        &self.entries
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
    /// The statute branch the band names, by index in each version of the violation's statute
    /// (`None`: the band names none, or that version lacks it).
    pub branch: Vec<Option<usize>>,
    /// Per version of the statute, the band already brought inside it, when neither depends on
    /// the facts (a fixed amount range, a statute branch chosen without conditions): computed
    /// once here by the same [`Range::inside`] the check applies.
    pub fixed: Vec<Option<FixedBand>>,
    pub required: Vec<Option<CCond>>,
    pub allowed: Vec<Option<CCond>>,
    pub one_of: Vec<Vec<Option<CCond>>>,
}

/// A band and its statutory range that the facts do not change, inside the statute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct FixedBand {
    pub branch: usize,
    pub statutory: Range,
    pub table_band: Range,
    pub band: Range,
    pub clip: Option<Clip>,
}

/// A scheme, compiled.
#[derive(Debug, Clone)]
pub(crate) enum CScheme {
    Tiers { overlap: OverlapPolicy, when: Vec<CCond>, index: Option<IntervalIndex>, ranks: Vec<u32>, bands: Vec<CBand> },
    Matrix { axes: Vec<CAxis>, cells: CellIndex, bands: Vec<CBand> },
    Weights { factors: Vec<CAxis>, weights: Vec<Vec<Decimal>>, band: CBand },
}

/// A list of alternatives (matrix grades, weight grades) and how overlaps resolve.
#[derive(Debug, Clone)]
pub(crate) struct CAxis {
    pub overlap: OverlapPolicy,
    pub when: Vec<CCond>,
    /// The grades as sorted disjoint intervals of one fact, when they are.
    pub index: Option<IntervalIndex>,
}

/// Cells by their grade on each axis: a dense mixed-radix array when small, else a map; and
/// the cells that span an axis (`"*"`), for a case whose grade on a spanned axis is unknown.
#[derive(Debug, Clone)]
pub(crate) struct CellIndex {
    lookup: CellLookup,
    /// Spanning cells: their grades (`None` where spanned) and index.
    spanning: Vec<(Vec<Option<usize>>, usize)>,
}

#[derive(Debug, Clone)]
enum CellLookup {
    Dense { radix: Vec<usize>, cell: Vec<Option<u32>> },
    Sparse(HashMap<Vec<usize>, u32>),
}

impl CellIndex {
    fn new(axes: &[Axis], cells: &[Cell]) -> CellIndex {
        let radix: Vec<usize> = axes.iter().map(|a| a.grades.len().max(1)).collect();
        let spanning = cells.iter().enumerate().filter(|(_, c)| c.spans()).map(|(i, c)| (c.at.clone(), i)).collect();
        // Dense when the cells fill a good part of the combinations (16 bytes of array a cell at
        // most, beyond 4,096 combinations: a matrix of many axes and few cells would otherwise
        // cost far more memory than its text), else a map of the cells that span nothing, and
        // the spanning ones tried in turn.
        let limit = cells.len().saturating_mul(2).max(crate::table::MAX_SPANNED_COMBINATIONS);
        let lookup = match crate::table::lay_out(&radix, cells, limit, |_, _, _| {}) {
            Some(cell) => CellLookup::Dense { radix, cell },
            None => CellLookup::Sparse(
                cells
                    .iter()
                    .enumerate()
                    .filter_map(|(i, c)| {
                        Some((c.at.iter().copied().collect::<Option<Vec<usize>>>()?, u32::try_from(i).ok()?))
                    })
                    .collect(),
            ),
        };
        CellIndex { lookup, spanning }
    }

    /// The cell at these grades.
    pub fn get(&self, at: &[usize]) -> Option<usize> {
        match &self.lookup {
            CellLookup::Dense { radix, cell } => {
                crate::table::offset(radix, at).and_then(|o| cell.get(o).copied().flatten()).map(|c| c as usize)
            }
            CellLookup::Sparse(map) => map.get(at).map(|c| *c as usize).or_else(|| self.spanning_cover(at)),
        }
    }

    /// Whether any cell spans an axis.
    pub fn has_spanning(&self) -> bool {
        !self.spanning.is_empty()
    }

    /// The spanning cell covering `at` (no two cells cover one combination, so at most one); a
    /// grade `usize::MAX` (the case has none there) is covered only where spanned.
    pub fn spanning_cover(&self, at: &[usize]) -> Option<usize> {
        self.spanning.iter().find(|(spec, _)| crate::table::covers(spec, at)).map(|(_, i)| *i)
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
    /// The fact Art. 28 reads (`illegal_gains`), when declared.
    pub illegal_gains: Option<FactId>,
    /// The built-in facts `party` and `circumstances`.
    pub party: Option<FactId>,
    pub circumstances: Option<FactId>,
    pub statutes: Vec<Vec<Vec<CBranch>>>,
    pub tables: Vec<CTable>,
}

/// A table, compiled.
#[derive(Debug, Clone, Default)]
pub(crate) struct CTable {
    pub violations: Vec<CViolation>,
    pub exemptions: Vec<CCond>,
    pub adjustments: Vec<CAdjustment>,
    /// The table's suspensions' conditions, in table order.
    pub suspensions: Vec<CCond>,
}

/// A table's adjustment, compiled: its condition, and the facts a tier up keeps.
#[derive(Debug, Clone)]
pub(crate) struct CAdjustment {
    pub when: CCond,
    pub keep: Vec<FactId>,
}

/// A violation, compiled: its statute, its scheme for each addressee, and the table's
/// adjustments that cover it.
#[derive(Debug, Clone)]
pub(crate) struct CViolation {
    /// Index in `Benchmark::statutes()` (resolved at load, so always present).
    pub statute: Option<usize>,
    pub party: CScheme,
    pub responsible_persons: Option<CScheme>,
    /// Indexes of the table's adjustments that apply to this violation, in table order.
    pub adjustments: Vec<usize>,
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
    /// The statute of the violation being compiled, for band branch indexes.
    statute: Option<&'a Statute>,
    /// Whose scheme is being compiled.
    addressee: Addressee,
}

/// A level's band inside its statutory range ([`Range::inside`]); a mitigated band (减轻) goes
/// below the minimum by design, never above the maximum.
fn within_statute(band: &Range, statutory: &Range, mitigated: bool) -> (Range, Option<Clip>) {
    if mitigated {
        band.inside(&Range { min: None, excludes_min: false, ..*statutory })
    } else {
        band.inside(statutory)
    }
}

/// [`within_statute`] on the amounts as computed (a band equal to a statutory end is inside it),
/// then in payable amounts (`Range::payable`) kept inside the statute's: the band `check`
/// applies, and how it was clipped.
pub(crate) fn within_statute_payable(band: &Range, statutory: &Range, mitigated: bool) -> (Range, Option<Clip>) {
    let (r, clip) = within_statute(band, statutory, mitigated);
    (within_statute(&r.payable(), &statutory.payable(), mitigated).0, clip)
}

/// A range with its ends normalised (one scale per amount, for fast comparison).
fn normalised(r: &Range) -> Range {
    Range { min: r.min.map(|d| d.normalize()), max: r.max.map(|d| d.normalize()), ..*r }
}

impl Compiler<'_> {
    fn fact(&self, id: &str) -> FactId {
        // After a successful load every reference resolves; an unknown id (impossible) reads as
        // a fact no case can give, so its conditions stay unknown rather than wrong.
        self.index.get(id).copied().unwrap_or(FactId(u32::MAX))
    }

    fn band(&self, b: &Band) -> CBand {
        let when = |s: &SanctionSpec| s.when.as_ref().map(|c| self.cond(c));
        let branch = match (&b.branch, self.statute) {
            (Some(id), Some(s)) => s.versions.iter().map(|v| v.branches.iter().position(|x| &x.id == id)).collect(),
            _ => Vec::new(),
        };
        let fixed = match (&b.fine, self.statute) {
            (Some(FineRule::Amount(r)), Some(s)) => s
                .versions
                .iter()
                .enumerate()
                .map(|(vi, v)| self.fixed(b, r, v, branch.get(vi).copied().flatten()))
                .collect(),
            _ => Vec::new(),
        };
        CBand {
            fine: b.fine.as_ref().map(|f| self.fine(f)),
            branch,
            fixed,
            required: b.required.iter().map(when).collect(),
            allowed: b.allowed.iter().map(when).collect(),
            one_of: b.one_of.iter().map(|g| g.iter().map(when).collect()).collect(),
        }
    }

    /// The band inside one statute version, when no fact can change either: the named branch,
    /// or the only kind of branch the addressee has (none conditional), with a fixed range.
    fn fixed(&self, b: &Band, band: &Range, v: &StatuteVersion, named: Option<usize>) -> Option<FixedBand> {
        let branch = match named {
            Some(i) => i,
            None => {
                let mut mine = v.branches.iter().enumerate().filter(|(_, x)| x.addressee == self.addressee);
                if mine.clone().any(|(_, x)| x.when.is_some()) {
                    return None;
                }
                mine.next()?.0
            }
        };
        let Some(FineRule::Amount(statutory)) = v.branches.get(branch)?.fine.as_ref() else { return None };
        let mitigated = b.disposition == Some(Disposition::Mitigated);
        let (table_band, statutory) = (normalised(band), normalised(statutory));
        let (band, clip) = within_statute_payable(&table_band, &statutory, mitigated);
        Some(FixedBand { branch, statutory: statutory.payable(), table_band: table_band.payable(), band, clip })
    }

    fn axis(&self, overlap: OverlapPolicy, conditions: impl Iterator<Item = CCond>) -> CAxis {
        let when: Vec<CCond> = conditions.collect();
        CAxis { overlap, index: IntervalIndex::build(&when), when }
    }

    fn scheme(&self, s: &Scheme) -> CScheme {
        match s {
            Scheme::Tiers { overlap, tiers } => {
                let when: Vec<CCond> = tiers.iter().map(|t| self.cond(&t.when)).collect();
                CScheme::Tiers {
                    overlap: *overlap,
                    index: IntervalIndex::build(&when),
                    when,
                    ranks: tiers.iter().map(|t| t.rank).collect(),
                    bands: tiers.iter().map(|t| self.band(&t.band)).collect(),
                }
            }
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
                // A weight model's amount comes from its weights, never from a fixed band.
                band: CBand { fixed: Vec::new(), ..self.band(&w.band) },
            },
        }
    }
}

impl Compiled {
    /// Compiles loaded, resolved rules.
    pub(crate) fn new(
        facts: &[Fact],
        statutes: &[Statute],
        statute_index: &HashMap<String, usize>,
        tables: &[Table],
    ) -> Compiled {
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
                    _ => HashMap::default(),
                };
                FactInfo { kind, words }
            })
            .collect();
        let c = Compiler { index: &fact_index, facts: &infos, statute: None, addressee: Addressee::Party };
        let compiled_statutes = statutes
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
                    .map(|v| {
                        let statute = statute_index.get(&v.statute).copied();
                        let c = Compiler { statute: statute.and_then(|i| statutes.get(i)), ..c };
                        CViolation {
                            statute,
                            party: c.scheme(&v.scheme),
                            responsible_persons: v
                                .responsible_persons
                                .as_ref()
                                .map(|s| Compiler { addressee: Addressee::ResponsiblePersons, ..c }.scheme(s)),
                            adjustments: t
                                .adjustments
                                .iter()
                                .enumerate()
                                .filter(|(_, a)| a.covers(&v.id))
                                .map(|(i, _)| i)
                                .collect(),
                        }
                    })
                    .collect(),
                exemptions: t.exemptions.iter().map(|e| c.cond(&e.when)).collect(),
                adjustments: t
                    .adjustments
                    .iter()
                    .map(|a| CAdjustment { when: c.cond(&a.when), keep: a.keep.iter().map(|k| c.fact(k)).collect() })
                    .collect(),
                suspensions: t.suspensions.iter().map(|s| c.cond(&s.when)).collect(),
            })
            .collect();
        let id = |name: &str| fact_index.get(name).copied();
        let (illegal_gains, party, circumstances) =
            (id(ILLEGAL_GAINS), id(super::PARTY_FACT), id(super::CIRCUMSTANCES_FACT));
        Compiled { facts: infos, fact_index, illegal_gains, party, circumstances, statutes: compiled_statutes, tables }
    }

    /// The compiled form of a condition written anywhere in the rules.
    pub(crate) fn condition(&self, c: &Condition) -> CCond {
        Compiler { index: &self.fact_index, facts: &self.facts, statute: None, addressee: Addressee::Party }.cond(c)
    }
}
