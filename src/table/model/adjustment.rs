use super::{Citation, Condition, Origin, Range, Text};

/// What an [`Adjustment`] does to the band a case's facts select.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum AdjustmentEffect {
    /// Move the case this many ranks up the tiers (Jiangmen Art. 5: three or more times in two
    /// years → one tier up), never past the heaviest tier.
    TierUp(u32),
    /// Keep only this part of the band, as shares of its width (0 = bottom, 1 = top):
    /// `{min: 1, max: 1}` is the top of the tier; `{min: 0, less_than: 0.5}` the lower half
    /// (Guangdong Art. 12: 从轻 below the midpoint).
    Place(Range),
    /// Reduce the band by this range of percentages (Guangdong Art. 14: 30–50 % for an apology
    /// and a compliance pledge), never below the statutory minimum.
    Reduce(Range),
}

/// A rule of a table that moves a case within or across its tiers once the level is chosen:
/// placement inside a tier by the case's circumstances, a tier up for repeat violations, a
/// reduction for an apology. Applied by `check` and `allowed` in the order written, each
/// explained with its citation.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Adjustment {
    /// Id, unique in the table.
    pub id: String,
    /// Name.
    pub label: Text,
    /// When it applies (may read the built-in fact `circumstances`: lighter, ordinary, heavier).
    pub when: Condition,
    /// What it does.
    pub effect: AdjustmentEffect,
    /// For a tier up: the facts whose values the case keeps when the rank it moves to has
    /// parallel tiers (Jiangmen 2-6's rank 3: one tier per pollutant kind and basis) — the tier
    /// moved to is the one whose condition the case's values of these facts can meet. Empty:
    /// such a move is not guessed.
    pub keep: Vec<String>,
    /// The violations it applies to; empty = every violation of the table.
    pub violations: Vec<String>,
    /// The rule it transcribes.
    pub citation: Option<Citation>,
    /// Where it is written.
    pub origin: Origin,
}

impl Adjustment {
    /// Whether the adjustment applies to violation `id`.
    pub fn covers(&self, id: &str) -> bool {
        self.violations.is_empty() || self.violations.iter().any(|v| v == id)
    }
}

/// A rule of a table that suspends the "may not penalise" provisions (依法可不予处罚的相关规定)
/// for the cases its condition holds for: Guangdong's 附件2 备注二 — "自然保护区、风景名胜区、
/// 饮用水源保护区等生态环境敏感区内发生的环境违法行为不适用依法可不予处罚的相关规定". For a case
/// judged under the table whose facts meet `when`, and whose act falls in its period (a harsher
/// rule does not reach back, Art. 37), a cited factor with the effect
/// `may_no_penalty` (首违不罚, Art. 33 ¶1) and a discretionary no-penalty entry give no ground for
/// not penalising, and a penalised case is not noted as one that could have been spared (`C005`);
/// the case says which suspension applied (`C040`). Where the case does not record a fact `when`
/// reads and rests its "no penalty" on such a provision alone, the check is not made (`C027`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Suspension {
    /// Id, unique in the table.
    pub id: String,
    /// Name.
    pub label: Text,
    /// The effects it suspends: `may_no_penalty` (the one the sources have).
    pub suspends: Vec<super::Effect>,
    /// When it applies.
    pub when: Condition,
    /// The violations it applies to; empty = every violation of the table.
    pub violations: Vec<String>,
    /// When the rule it transcribes is in force, where that differs from the table's own
    /// period (a provincial rule over a city's table); `None`: the table's.
    pub effective: Option<super::Period>,
    /// The rule it transcribes.
    pub citation: Option<Citation>,
    /// Where it is written.
    pub origin: Origin,
}

impl Suspension {
    /// Whether the suspension applies to violation `id`.
    pub fn covers(&self, id: &str) -> bool {
        self.violations.is_empty() || self.violations.iter().any(|v| v == id)
    }
}
