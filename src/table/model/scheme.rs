use rust_decimal::Decimal;

use super::{Citation, Condition, FineRule, Origin, SanctionSpec, Text, coded};

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

/// What an officer may impose at one level or cell: the fine and the other sanctions.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Band {
    /// The fine; `None` when the band imposes no fine (e.g. a warning only, or no penalty).
    pub fine: Option<FineRule>,
    /// The band's disposition, if the table states one.
    pub disposition: Option<Disposition>,
    /// The statute branch the band refines (`serious`, `with_gains`); `None` = the default branch.
    pub branch: Option<String>,
    /// Sanctions that must accompany the fine.
    pub required: Vec<SanctionSpec>,
    /// Sanctions that may accompany it.
    pub allowed: Vec<SanctionSpec>,
    /// The legal ground of a mitigated band (required for [`Disposition::Mitigated`]).
    pub legal_ground: Option<Citation>,
    /// A decision outside this band must go to collective deliberation (集体讨论).
    pub deliberation_outside: bool,
}

/// How overlapping tiers are resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum OverlapPolicy {
    /// A case matching two tiers is a defect of the table.
    #[default]
    Forbidden,
    /// The heavier (later) tier applies (Jiangmen Art. 14).
    HeavierWins,
}

coded!(OverlapPolicy, "overlap policy", { Forbidden => "forbidden", HeavierWins => "heavier_wins" });

/// One ordered tier (档次) of a tiered benchmark.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
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
pub struct Axis {
    /// Id, unique in the matrix.
    pub id: String,
    /// Name.
    pub label: Text,
    /// The grades, light to heavy.
    pub grades: Vec<Grade>,
}

/// One cell of a matrix: a grade on every axis and its band.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Cell {
    /// The grade index on each axis, in axis order.
    pub at: Vec<usize>,
    /// What the cell allows.
    pub band: Band,
    /// Where the cell is written.
    pub origin: Origin,
}

/// One graded factor of an additive-weight model (裁量因子).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct WeightFactor {
    /// Id, unique in the model.
    pub id: String,
    /// Name.
    pub label: Text,
    /// The grades; a case takes the weight of the first grade it matches.
    pub grades: Vec<WeightGrade>,
}

/// A grade of a weight factor and its weight in percent.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct WeightGrade {
    /// Name.
    pub label: Text,
    /// When the grade applies.
    pub when: Condition,
    /// Weight in percentage points.
    pub weight: Decimal,
}

/// An additive-weight model (权重累加): fine = clamp(start + Σ weights, floor, cap) % × the
/// statutory maximum computed for the case (which covers multiples and percentages of a base).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct WeightModel {
    /// Starting point (裁量起点), in percent.
    pub start: Decimal,
    /// The sum never exceeds this (normally 100).
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
