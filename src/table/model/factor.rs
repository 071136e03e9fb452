use super::{Citation, Condition, Origin, Text, coded};

/// The legal effect of a mitigating, aggravating or exempting factor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Effect {
    /// 不予处罚 (mandatory).
    NoPenalty,
    /// 可以不予处罚 (discretionary, e.g. 首违不罚).
    MayNoPenalty,
    /// 应当从轻或者减轻.
    MustLightenOrMitigate,
    /// 可以从轻或者减轻.
    MayLightenOrMitigate,
    /// 从重.
    Heavier,
}

coded!(Effect, "factor effect", {
    NoPenalty => "no_penalty",
    MayNoPenalty => "may_no_penalty",
    MustLightenOrMitigate => "must_lighten_or_mitigate",
    MayLightenOrMitigate => "may_lighten_or_mitigate",
    Heavier => "heavier",
});

/// A circumstance a case can cite, with its legal effect and citation.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Factor {
    /// Globally unique id (`apl.art32.removed-harm`).
    pub id: String,
    /// Name.
    pub label: Text,
    /// What it does to the penalty.
    pub effect: Effect,
    /// Where the law says so.
    pub citation: Citation,
    /// Factors that cannot be cited together with this one.
    pub excludes: Vec<String>,
    /// What the factor presupposes of a case's facts (首违不罚: a first violation, minor harm):
    /// a case that cites it while its facts contradict this is for review (`C039`).
    pub presumes: Option<super::Condition>,
    /// Where it is written.
    pub origin: Origin,
}

/// A named, reusable set of factors (e.g. Administrative Penalty Law Art. 30–33), in one
/// version: like statutes, factor sets change with the law (the 1996 text's Art. 25–27 became
/// the 2021 text's Art. 30–33), so each version says when it is in force.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct FactorSet {
    /// Id; versions of one set share it.
    pub id: String,
    /// Version label, unique among the set's versions.
    pub version: Option<String>,
    /// When this version is in force; `None` = always.
    pub effective: Option<super::Period>,
    /// Name.
    pub label: Text,
    /// Notes on the transcription (where it comes from, what is unsourced).
    pub note: Option<String>,
    /// The factors.
    pub factors: Vec<Factor>,
    /// Where it is written.
    pub origin: Origin,
}

/// Whether an exemption must or may be granted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ExemptionKind {
    /// 不予处罚: a penalised case meeting the condition is unlawful.
    Mandatory,
    /// 可以不予处罚 (首违不罚): noted for review.
    Discretionary,
}

coded!(ExemptionKind, "exemption kind", { Mandatory => "mandatory", Discretionary => "discretionary" });

/// An entry of a no-penalty list (不予处罚清单 / 首违不罚清单).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Exemption {
    /// Id, unique across tables.
    pub id: String,
    /// Name.
    pub label: Text,
    /// The violations it covers.
    pub violations: Vec<String>,
    /// Mandatory or discretionary.
    pub kind: ExemptionKind,
    /// When it applies.
    pub when: Condition,
    /// The legal basis of the exemption.
    pub basis: Citation,
    /// Where it is written.
    pub origin: Origin,
}
