use rust_decimal::Decimal;

use super::{Citation, Condition, FineRule, Origin, SanctionSpec, Text, coded, named};

/// Where a band sits relative to the statute (从轻 / 一般 / 从重 / 减轻 / 不予处罚).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Disposition {
    /// 不予处罚: no penalty.
    NoPenalty,
    /// 减轻处罚: below the statutory minimum or a lighter kind; needs a legal ground.
    Mitigated,
    /// 从轻处罚: inside the statutory range, toward the low end.
    Lighter,
    /// 一般处罚: no mitigating or aggravating circumstance.
    Ordinary,
    /// 从重处罚: inside the statutory range, toward the high end.
    Heavier,
}

coded!(Disposition, "disposition", {
    NoPenalty => "no_penalty",
    Mitigated => "mitigated",
    Lighter => "lighter",
    Ordinary => "ordinary",
    Heavier => "heavier",
});

named!(Disposition, {
    NoPenalty => ("不予处罚", "no penalty"),
    NoPenalty => ("不予行政处罚", "no administrative penalty"),
    Mitigated => ("减轻处罚", "mitigated"),
    Mitigated => ("减轻", "mitigated penalty"),
    Lighter => ("从轻处罚", "lighter"),
    Lighter => ("从轻", "lighter penalty"),
    Ordinary => ("一般处罚", "ordinary"),
    Ordinary => ("一般", "ordinary penalty"),
    Heavier => ("从重处罚", "heavier"),
    Heavier => ("从重", "heavier penalty"),
});

/// What an officer may impose at one level or cell: the fine and the other sanctions.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Band {
    /// The fine; `None` when the band imposes no fine (e.g. a warning only, or no penalty).
    pub fine: Option<FineRule>,
    /// The fine may be left out (可以并处: "a warning, and a fine of 2,500 to 5,000 may be
    /// added"): a decision without one is within the band; one with a fine keeps to `fine`.
    pub fine_optional: bool,
    /// The band's disposition, if the table states one.
    pub disposition: Option<Disposition>,
    /// The statute branch the band refines (`serious`, `with_gains`); `None` = the default branch.
    pub branch: Option<String>,
    /// Sanctions that must accompany the fine (each only when its `when` holds).
    pub required: Vec<SanctionSpec>,
    /// Sanctions that may accompany it (可以…).
    pub allowed: Vec<SanctionSpec>,
    /// Groups of alternatives: at least one sanction of each group must be imposed
    /// (责令改正或者责令限制生产、停产整治).
    pub one_of: Vec<Vec<SanctionSpec>>,
    /// The legal ground of a mitigated band (required for [`Disposition::Mitigated`]).
    pub legal_ground: Option<Citation>,
    /// A decision outside this band must go to collective deliberation (集体讨论).
    pub deliberation_outside: bool,
}

/// How a case matching several tiers (or grades) is resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum OverlapPolicy {
    /// A case matching two is a defect of the table.
    #[default]
    Forbidden,
    /// The heavier (higher rank, then later) one applies (Jiangmen Art. 14, Guangdong Art. 17).
    HeavierWins,
    /// The first one listed whose condition holds applies.
    FirstMatch,
}

coded!(OverlapPolicy, "overlap policy", {
    Forbidden => "forbidden",
    HeavierWins => "heavier_wins",
    FirstMatch => "first_match",
});

/// One ordered tier (档次) of a tiered benchmark.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Tier {
    /// Id, unique in the violation.
    pub id: String,
    /// Order from light to heavy; parallel tiers (e.g. per party type) share a rank.
    pub rank: u32,
    /// Name.
    pub label: Text,
    /// When the tier applies.
    pub when: Condition,
    /// What it allows.
    pub band: Band,
    /// Where the tier is written.
    pub origin: Origin,
}

/// One grade of a matrix axis: a named, ordered bin of circumstances.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Grade {
    /// Id, unique in the axis.
    pub id: String,
    /// Name.
    pub label: Text,
    /// When a case is in this grade.
    pub when: Condition,
}

/// One ordered axis of a matrix benchmark (grades listed light → heavy).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Axis {
    /// Id, unique in the matrix.
    pub id: String,
    /// Name.
    pub label: Text,
    /// The grades, light to heavy.
    pub grades: Vec<Grade>,
    /// How a case matching several grades is resolved.
    pub overlap: OverlapPolicy,
}

/// One cell of a matrix: a grade on every axis and its band.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Cell {
    /// The grade index on each axis, in axis order; `None` where the cell spans the axis
    /// (written `"*"`): it applies whatever grade the case has there — even none, or one that
    /// cannot be decided — as a row of the source spanning every column does ("造成重大生态环境影响
    /// 的 → the statutory maximum").
    pub at: Vec<Option<usize>>,
    /// What the cell allows.
    pub band: Band,
    /// Where the cell is written.
    pub origin: Origin,
}

impl Cell {
    /// Whether the cell spans an axis (`"*"` in its `at`).
    pub fn spans(&self) -> bool {
        self.at.iter().any(Option::is_none)
    }

    /// Whether the cell covers the grade combination `at` (one grade per axis).
    pub fn covers(&self, at: &[usize]) -> bool {
        covers(&self.at, at)
    }
}

/// Whether cell grades `spec` (`None`: spanned) cover the combination `at`; a grade that
/// matches no grade index (`usize::MAX` for "none") is covered only where spanned.
pub(crate) fn covers(spec: &[Option<usize>], at: &[usize]) -> bool {
    spec.len() == at.len() && spec.iter().zip(at).all(|(c, g)| c.is_none_or(|c| c == *g))
}

/// The place of combination `at` among a matrix's combinations, its axes having `radix` grades
/// (the first axis most significant; an axis without grades counts as one).
pub(crate) fn offset(radix: &[usize], at: &[usize]) -> Option<usize> {
    at.iter().zip(radix).try_fold(0usize, |o, (g, r)| o.checked_mul((*r).max(1))?.checked_add(*g))
}

/// The most grade combinations a matrix with a spanning cell (`"*"`) may have: 4,096 (the
/// largest Guangdong matrix has a few hundred). Its cells are laid out over every combination —
/// to find two cells covering one, to verify it, and to look a case's cell up — so that work
/// and memory stay small however many such matrices a file holds.
pub const MAX_SPANNED_COMBINATIONS: usize = 1 << 12;

/// The largest denominator of a fraction written in a weight model (`1/24`): 1,000.
pub const MAX_WEIGHT_DENOMINATOR: u32 = 1_000;

/// The largest common denominator of a weight model's numbers (the least common multiple of 100
/// and the fractions' denominators): 1,000,000. Bounds the parts a weight is counted in, so that
/// no sum of weights can overflow.
pub const MAX_COMMON_DENOMINATOR: u32 = 1_000_000;

/// The cell covering each grade combination of a matrix whose axes have `radix` grades each:
/// combination `[g0, g1, …]` at offset `(g0 · r1 + g1) · r2 + …` (the first axis most
/// significant). `conflict(cell, other, combination)` is called at the first combination
/// `cell` covers that `other` (an earlier cell) already covers; the earlier keeps it, and the
/// rest of `cell` is not laid out — so the work is at most one step per combination plus one
/// per cell, whatever the cells. `None` when there are more than `limit` combinations.
pub(crate) fn lay_out(
    radix: &[usize],
    cells: &[Cell],
    limit: usize,
    mut conflict: impl FnMut(usize, usize, &[usize]),
) -> Option<Vec<Option<u32>>> {
    let size = radix.iter().try_fold(1usize, |n, r| n.checked_mul((*r).max(1)))?;
    if size > limit {
        return None;
    }
    let mut owner: Vec<Option<u32>> = vec![None; size];
    let mut at = vec![0usize; radix.len()];
    for (i, c) in cells.iter().enumerate() {
        // Every combination the cell covers: its fixed grades, and each grade of a spanned axis
        // (counted like an odometer, the last spanned axis fastest).
        let fixed = |k: usize| c.at.get(k).copied().flatten();
        let spanned: Vec<usize> = (0..radix.len()).filter(|&k| fixed(k).is_none()).collect();
        for (k, slot) in at.iter_mut().enumerate() {
            *slot = fixed(k).unwrap_or(0);
        }
        loop {
            if let Some(slot) = offset(radix, &at).and_then(|o| owner.get_mut(o)) {
                match *slot {
                    Some(other) => {
                        conflict(i, other as usize, &at);
                        break;
                    }
                    None => *slot = u32::try_from(i).ok(),
                }
            }
            let mut wrapped = true;
            for &k in spanned.iter().rev() {
                let (Some(slot), Some(&r)) = (at.get_mut(k), radix.get(k)) else { continue };
                *slot += 1;
                if *slot < r {
                    wrapped = false;
                    break;
                }
                *slot = 0;
            }
            if wrapped {
                break;
            }
        }
    }
    Some(owner)
}

/// One graded factor of an additive-weight model (裁量因子).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct WeightFactor {
    /// Id, unique in the model.
    pub id: String,
    /// Name.
    pub label: Text,
    /// The grades, light to heavy; a case takes the weight of the first grade it matches
    /// (of the heaviest, with `overlap: heavier_wins`).
    pub grades: Vec<WeightGrade>,
    /// How a case matching several grades is resolved.
    pub overlap: OverlapPolicy,
}

/// A grade of a weight factor and its weight in percent.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct WeightGrade {
    /// Name.
    pub label: Text,
    /// When the grade applies.
    pub when: Condition,
    /// Weight in parts of the model's `denominator` (percentage points unless fractions are
    /// written).
    pub weight: Decimal,
}

/// An additive-weight model (权重累加): fine = clamp(start + Σ weights, floor, cap) / denominator ×
/// the statutory maximum computed for the case (which covers multiples and percentages of a base).
///
/// Start, weights, floor and cap are parts of [`denominator`](WeightModel::denominator) — 100
/// (percent) unless the table writes fractions such as 1/3 and 1/24 (Guangdong §4.7), which no
/// decimal holds exactly; [`written`](WeightModel::written) shows a number of parts as written.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct WeightModel {
    /// What the numbers below are parts of: 100 (percent), or the least common multiple of 100
    /// and the denominators of the fractions written (1/3, 1/8, 1/24 → 600).
    pub denominator: u32,
    /// Starting point (裁量起点), in parts of `denominator`.
    pub start: Decimal,
    /// The sum never exceeds this (normally the whole: `denominator`).
    pub cap: Decimal,
    /// A sum below this counts as this (the §2.7.2 "Σ < 20% counts as 20%"); `None` = no floor.
    pub floor: Option<Decimal>,
    /// The factors.
    pub factors: Vec<WeightFactor>,
    /// Sanctions, disposition and statute branch of the computed fine.
    pub band: Band,
    /// Where the model is written.
    pub origin: Origin,
}

impl WeightModel {
    /// A number of parts as the table writes it: `20` in a percent model, `1/3` (reduced) in
    /// one of fractions (`1` for the whole; a percentage written among fractions that is no
    /// whole number of parts as that percentage, `0.05%`).
    ///
    /// ```
    /// use discretion::{Benchmark, table::Scheme};
    /// let yaml = "\
    /// discretion: 1
    /// facts:
    ///   - {id: tonnes, type: quantity, unit: t}
    /// statutes:
    ///   - id: s
    ///     citation: {instrument: L, article: 1}
    ///     versions:
    ///       - effective: {from: 2020-01-01}
    ///         branches: [{id: general, fine: {min: 1000, max: 3000}}]
    /// table:
    ///   id: t
    ///   title: {en: t}
    ///   authority: {en: a}
    ///   jurisdiction: CN
    ///   currency: CNY
    ///   effective: {from: 2020-01-01}
    ///   source: {name: s}
    ///   boundaries: {above: inclusive, below: exclusive}
    /// violations:
    ///   - id: v
    ///     legal_basis: {violated: [{instrument: L, article: 1}], penalty: [{instrument: L, article: 1}]}
    ///     statute: s
    ///     weights:
    ///       start: 1/3
    ///       factors:
    ///         - id: amount
    ///           fact: tonnes
    ///           grades:
    ///             - {when: {less_than: 3}, weight: 0}
    ///             - {when: {at_least: 3}, weight: 1/8}
    /// ";
    /// let rules = Benchmark::from_str("t.yaml", yaml).unwrap();
    /// let Scheme::Weights(w) = &rules.tables()[0].violations[0].scheme else { unreachable!() };
    /// assert_eq!(w.denominator, 600);
    /// assert_eq!(w.written(w.start), "1/3");
    /// assert_eq!(w.written_total(w.cap), "1");
    /// ```
    pub fn written(&self, parts: Decimal) -> String {
        written(parts, self.denominator)
    }

    /// A total (a sum, the share applied) as written: `36%` in a percent model, `7/8` in one of
    /// fractions.
    pub fn written_total(&self, parts: Decimal) -> String {
        written_total(parts, self.denominator)
    }
}

/// [`WeightModel::written`] for a number of parts of `denominator`.
pub(crate) fn written(parts: Decimal, denominator: u32) -> String {
    if denominator == 100 {
        return parts.normalize().to_string();
    }
    // A fraction of whole parts, reduced; parts with decimals (a percentage written among
    // fractions) as that percentage.
    let n = parts.normalize();
    let sign = if n.is_sign_negative() && !n.is_zero() { "-" } else { "" };
    match u64::try_from(n.mantissa().unsigned_abs()).ok().filter(|_| n.scale() == 0) {
        Some(n) => {
            let d = u64::from(denominator);
            let g = gcd(n, d).max(1);
            if d / g == 1 { format!("{sign}{}", n / g) } else { format!("{sign}{}/{}", n / g, d / g) }
        }
        None => {
            let pct = parts.checked_mul(Decimal::ONE_HUNDRED).and_then(|p| p.checked_div(denominator.into()));
            pct.map_or_else(|| parts.to_string(), |p| format!("{}%", p.normalize()))
        }
    }
}

/// [`WeightModel::written_total`] for a number of parts of `denominator`.
pub(crate) fn written_total(parts: Decimal, denominator: u32) -> String {
    if denominator == 100 { format!("{}%", parts.normalize()) } else { written(parts, denominator) }
}

fn gcd(mut a: u64, mut b: u64) -> u64 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

/// The shape of a violation's benchmark.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Scheme {
    /// Ordered tiers, each with conditions and a band.
    Tiers {
        /// How overlapping tiers resolve.
        overlap: OverlapPolicy,
        /// The tiers, light to heavy.
        tiers: Vec<Tier>,
    },
    /// Bands keyed on several graded axes.
    Matrix {
        /// The axes.
        axes: Vec<Axis>,
        /// The cells.
        cells: Vec<Cell>,
    },
    /// An additive-weight model.
    Weights(Box<WeightModel>),
}

/// One level of a scheme — a tier, a matrix cell, or the weight model — as every part of the
/// library names and enumerates it ([`Scheme::levels`]).
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct Level<'a> {
    /// Position among the scheme's levels (tiers in order, cells in order, 0 for weights).
    pub index: usize,
    /// The band.
    pub band: &'a Band,
    /// Where it is written.
    pub origin: &'a Origin,
    /// Order from light to heavy (tiers); 0 for cells and weight models.
    pub rank: u32,
    /// The tier's name, if it has one.
    pub label: Option<&'a Text>,
}

impl Scheme {
    /// How many levels the scheme has.
    pub fn level_count(&self) -> usize {
        match self {
            Scheme::Tiers { tiers, .. } => tiers.len(),
            Scheme::Matrix { cells, .. } => cells.len(),
            Scheme::Weights(_) => 1,
        }
    }

    /// The level at `index`.
    pub fn level(&self, index: usize) -> Option<Level<'_>> {
        match self {
            Scheme::Tiers { tiers, .. } => tiers.get(index).map(|t| Level {
                index,
                band: &t.band,
                origin: &t.origin,
                rank: t.rank,
                label: Some(&t.label),
            }),
            Scheme::Matrix { cells, .. } => {
                cells.get(index).map(|c| Level { index, band: &c.band, origin: &c.origin, rank: 0, label: None })
            }
            Scheme::Weights(w) => {
                (index == 0).then_some(Level { index, band: &w.band, origin: &w.origin, rank: 0, label: None })
            }
        }
    }

    /// Every level, in order.
    pub fn levels(&self) -> impl Iterator<Item = Level<'_>> {
        (0..self.level_count()).filter_map(|i| self.level(i))
    }

    /// The one name of a level: a tier's id (`tier-2`), a cell's grades (`[general, overdue]`),
    /// or `weights`. Cases claim levels by this name; outputs show it.
    ///
    /// ```
    /// # let b = discretion::Benchmark::from_path("rules").unwrap();
    /// let v = b.violation("gd-env.1.3").unwrap().1;
    /// assert_eq!(v.scheme.level_name(1).as_deref(), Some("[general, overdue]"));
    /// assert_eq!(v.scheme.find_level("[ general,overdue ]"), Some(1));
    /// ```
    pub fn level_name(&self, index: usize) -> Option<std::borrow::Cow<'_, str>> {
        use std::borrow::Cow;
        match self {
            Scheme::Tiers { tiers, .. } => tiers.get(index).map(|t| Cow::Borrowed(t.id.as_str())),
            Scheme::Matrix { axes, cells } => cells.get(index).map(|c| {
                let names: Vec<&str> =
                    c.at.iter()
                        .zip(axes)
                        .filter_map(|(g, a)| match g {
                            Some(g) => a.grades.get(*g).map(|g| g.id.as_str()),
                            None => Some("*"),
                        })
                        .collect();
                Cow::Owned(format!("[{}]", names.join(", ")))
            }),
            Scheme::Weights(_) => (index == 0).then_some(Cow::Borrowed("weights")),
        }
    }

    /// A level as a reader of `lang` names it. In English, its [`level_name`](Scheme::level_name)
    /// (the ids are English words, and the name cases claim levels by). In Chinese, the names
    /// the table gives: a tier's name, a cell's grades' names joined by "、" (a grade without a
    /// Chinese name by its id; an axis the cell spans left out, since any grade there will do),
    /// or 按权重计算 for a weight model; a tier without a Chinese name by its id.
    ///
    /// ```
    /// # let b = discretion::Benchmark::from_path("rules").unwrap();
    /// use discretion::table::Lang;
    /// let v = b.violation("gd-env.2.25").unwrap().1;
    /// assert_eq!(v.scheme.level_label(0, Lang::Zh).as_deref(), Some("3项以下"));
    /// assert_eq!(v.scheme.level_label(0, Lang::En).as_deref(), Some("under-3"));
    /// ```
    pub fn level_label(&self, index: usize, lang: crate::table::Lang) -> Option<std::borrow::Cow<'_, str>> {
        use crate::table::Lang;
        use std::borrow::Cow;
        if lang == Lang::En {
            return self.level_name(index);
        }
        let label_or_id = |label: &'_ Text, id: &'_ str| -> String {
            if label.has(Lang::Zh) { label.get(Lang::Zh).to_string() } else { id.to_string() }
        };
        match self {
            Scheme::Tiers { tiers, .. } => tiers.get(index).map(|t| Cow::Owned(label_or_id(&t.label, &t.id))),
            Scheme::Matrix { axes, cells } => cells.get(index).map(|c| {
                let names: Vec<String> =
                    c.at.iter()
                        .zip(axes)
                        .filter_map(|(g, a)| g.and_then(|g| a.grades.get(g)).map(|g| label_or_id(&g.label, &g.id)))
                        .collect();
                Cow::Owned(names.join("、"))
            }),
            Scheme::Weights(_) => (index == 0).then_some(Cow::Borrowed("按权重计算")),
        }
    }

    /// The cases level `index` applies to: a tier's condition, the conjunction of a cell's
    /// grades, or always (a weight model).
    pub fn level_condition(&self, index: usize) -> Option<std::borrow::Cow<'_, Condition>> {
        use std::borrow::Cow;
        match self {
            Scheme::Tiers { tiers, .. } => tiers.get(index).map(|t| Cow::Borrowed(&t.when)),
            Scheme::Matrix { axes, cells } => cells.get(index).map(|c| {
                // A spanned axis adds no condition.
                let grades =
                    c.at.iter().zip(axes).filter_map(|(g, a)| g.and_then(|g| a.grades.get(g)).map(|g| g.when.clone()));
                Cow::Owned(Condition::All(grades.collect()))
            }),
            Scheme::Weights(_) => (index == 0).then(|| Cow::Owned(Condition::always())),
        }
    }

    /// The level a name designates: a tier id, `weights`, or a cell written `[a, b]` (spaces and
    /// brackets optional: `a,b` also names it; a cell spanning an axis is `[a, *]`, and a name of
    /// one grade per axis also designates the spanning cell that covers it) — or the level's
    /// Chinese name as output shows it ([`level_label`](Scheme::level_label)) when no other level
    /// has that name.
    ///
    /// ```
    /// # let b = discretion::Benchmark::from_path("rules").unwrap();
    /// let v = b.violation("gd-env.1.3").unwrap().1;
    /// assert_eq!(v.scheme.find_level("一般区域、逾期未完成备案手续"), v.scheme.find_level("[general, overdue]"));
    /// assert_eq!(v.scheme.find_level("一般区域"), None);
    /// ```
    pub fn find_level(&self, name: &str) -> Option<usize> {
        let name = name.trim();
        // Failing the ids, the Chinese name output shows (`期满后30日内改正（单位）`,
        // `一般区域、逾期未完成备案手续`, `按权重计算`), when it names one level only: a user copies
        // what a Chinese report says.
        self.find_level_by_id(name).or_else(|| {
            let mut named = (0..self.level_count())
                .filter(|&i| self.level_label(i, crate::table::Lang::Zh).as_deref() == Some(name));
            match (named.next(), named.next()) {
                (Some(i), None) => Some(i),
                _ => None,
            }
        })
    }

    fn find_level_by_id(&self, name: &str) -> Option<usize> {
        match self {
            Scheme::Tiers { tiers, .. } => tiers.iter().position(|t| t.id == name),
            Scheme::Matrix { axes, cells } => {
                let inner = name.trim_start_matches('[').trim_end_matches(']');
                let parts: Vec<&str> = inner.split(',').map(str::trim).collect();
                if parts.len() != axes.len() {
                    return None;
                }
                let at: Option<Vec<Option<usize>>> = parts
                    .iter()
                    .zip(axes)
                    .map(
                        |(p, a)| {
                            if *p == "*" { Some(None) } else { a.grades.iter().position(|g| g.id == *p).map(Some) }
                        },
                    )
                    .collect();
                let at = at?;
                // The cell named, or — a name of concrete grades — the cell that covers them
                // (a decision may name `[major_impact, report, general]` for the cell
                // `[major_impact, *, *]`).
                cells.iter().position(|c| c.at == at).or_else(|| {
                    let concrete: Vec<usize> = at.iter().copied().collect::<Option<_>>()?;
                    cells.iter().position(|c| c.covers(&concrete))
                })
            }
            Scheme::Weights(_) => (name == "weights").then_some(0),
        }
    }
}
