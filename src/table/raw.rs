//! The YAML document as written, before validation (format v1, `docs/FORMAT.md`).
//!
//! These types only decide the *shape* of a document (which keys exist, what nests where);
//! numbers, dates and enumerated words are kept as text so that `build` can check them with
//! located, explained errors ("`lighterr` is not a disposition; did you mean `lighter`?").
//! Nothing here is public.

use std::fmt;
use std::marker::PhantomData;

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};

/// A scalar kept as its source text: `5000`, `"5000.00"`, `2022-01-01`, `true`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Scalar(pub String);

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Scalar, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Scalar;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a scalar (number, date, word)")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Scalar, E> {
                Ok(Scalar(s.to_string()))
            }
            fn visit_bool<E: de::Error>(self, b: bool) -> Result<Scalar, E> {
                Ok(Scalar(b.to_string()))
            }
            fn visit_i64<E: de::Error>(self, n: i64) -> Result<Scalar, E> {
                Ok(Scalar(n.to_string()))
            }
            fn visit_u64<E: de::Error>(self, n: u64) -> Result<Scalar, E> {
                Ok(Scalar(n.to_string()))
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<Scalar, E> {
                // Only non-YAML front ends hand us binary floats; their text is already lost.
                Err(E::custom("a binary floating-point number cannot be loaded exactly; write it as text"))
            }
        }
        // YAML hands a plain scalar to a string visitor as its original spelling, so the
        // exact digits of `12345678901234567.89` survive.
        d.deserialize_str(V)
    }
}

/// Either a bare id (`warning`) or the full mapping (`{kind: suspension, duration: ...}`).
#[derive(Debug, Clone)]
pub(crate) enum Short<T> {
    Id(String),
    Full(T),
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Short<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Short<T>, D::Error> {
        struct V<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = Short<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an id or a mapping")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Short<T>, E> {
                Ok(Short::Id(s.to_string()))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Short<T>, A::Error> {
                T::deserialize(de::value::MapAccessDeserializer::new(map)).map(Short::Full)
            }
        }
        d.deserialize_any(V(PhantomData))
    }
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawText {
    pub zh: Option<String>,
    pub en: Option<String>,
}

/// One file.
#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawDocument {
    pub discretion: Option<Scalar>,
    #[serde(default)]
    pub facts: Vec<RawFact>,
    #[serde(default)]
    pub units: Vec<RawUnit>,
    #[serde(default)]
    pub factor_sets: Vec<RawFactorSet>,
    #[serde(default)]
    pub statutes: Vec<RawStatute>,
    pub table: Option<RawTable>,
    #[serde(default)]
    pub violations: Vec<RawViolation>,
    #[serde(default)]
    pub exemptions: Vec<RawExemption>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawFact {
    pub id: String,
    #[serde(rename = "type")]
    pub fact_type: String,
    pub unit: Option<String>,
    #[serde(default)]
    pub name: RawText,
    #[serde(default)]
    pub values: Vec<Short<RawEnumValue>>,
    pub min: Option<Scalar>,
    pub max: Option<Scalar>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawUnit {
    pub id: String,
    #[serde(default)]
    pub name: RawText,
    #[serde(default)]
    pub aliases: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawEnumValue {
    pub id: String,
    #[serde(default)]
    pub name: RawText,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawCitation {
    pub instrument: String,
    pub article: Option<Scalar>,
    pub paragraph: Option<Scalar>,
    pub item: Option<Scalar>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawPeriod {
    pub from: Scalar,
    pub until: Option<Scalar>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSource {
    pub name: String,
    pub number: Option<String>,
    pub publication: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawBoundaries {
    pub above: String,
    pub below: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawPlacement {
    pub applies_to: String,
    pub disposition: String,
    pub share_of_max: Option<Scalar>,
    pub multiple_of_min: Option<Scalar>,
    pub midpoint: Option<bool>,
    pub tolerance: Option<Scalar>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawHearing {
    pub individual: Option<Scalar>,
    pub organisation: Option<Scalar>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawTable {
    pub id: String,
    pub version: Option<Scalar>,
    pub title: RawText,
    pub authority: RawText,
    pub jurisdiction: String,
    pub currency: String,
    pub effective: RawPeriod,
    pub source: RawSource,
    pub parent: Option<String>,
    pub boundaries: RawBoundaries,
    #[serde(default)]
    pub placement: Vec<RawPlacement>,
    pub hearing: Option<RawHearing>,
    #[serde(default)]
    pub languages: Vec<String>,
    #[serde(default)]
    pub factor_sets: Vec<String>,
    #[serde(default)]
    pub factors: Vec<RawFactor>,
    #[serde(default)]
    pub adjustments: Vec<RawAdjustment>,
    #[serde(default)]
    pub suspensions: Vec<RawSuspension>,
    pub note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSuspension {
    pub id: String,
    #[serde(default)]
    pub name: RawText,
    pub suspends: Vec<String>,
    pub when: RawCondition,
    #[serde(default)]
    pub violations: Vec<String>,
    pub effective: Option<RawPeriod>,
    pub citation: Option<RawCitation>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawAdjustment {
    pub id: String,
    #[serde(default)]
    pub name: RawText,
    pub when: RawCondition,
    pub tier_up: Option<Scalar>,
    #[serde(default)]
    pub keep: Vec<String>,
    pub place: Option<RawFine>,
    pub reduce: Option<RawFine>,
    #[serde(default)]
    pub violations: Vec<String>,
    pub citation: Option<RawCitation>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawFactorSet {
    pub id: String,
    pub version: Option<Scalar>,
    pub effective: Option<RawPeriod>,
    #[serde(default)]
    pub name: RawText,
    pub note: Option<String>,
    pub factors: Vec<RawFactor>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawFactor {
    pub id: String,
    #[serde(default)]
    pub name: RawText,
    pub effect: String,
    pub citation: RawCitation,
    #[serde(default)]
    pub excludes: Vec<String>,
    #[serde(default)]
    pub presumes: Option<RawCondition>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawExemption {
    pub id: String,
    #[serde(default)]
    pub name: RawText,
    pub violations: Vec<String>,
    pub kind: String,
    pub when: RawCondition,
    pub basis: RawCitation,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawCondition {
    pub fact: Option<String>,
    pub is: Option<Scalar>,
    #[serde(rename = "in")]
    pub one_of: Option<Vec<String>>,
    pub above: Option<Scalar>,
    pub below: Option<Scalar>,
    pub at_least: Option<Scalar>,
    pub at_most: Option<Scalar>,
    pub more_than: Option<Scalar>,
    pub less_than: Option<Scalar>,
    pub all: Option<Vec<RawCondition>>,
    pub any: Option<Vec<RawCondition>>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawFine {
    pub basis: Option<String>,
    pub of: Option<String>,
    pub min: Option<Scalar>,
    pub max: Option<Scalar>,
    pub above: Option<Scalar>,
    pub below: Option<Scalar>,
    pub more_than: Option<Scalar>,
    pub less_than: Option<Scalar>,
    pub exactly: Option<Scalar>,
    pub base_floor: Option<Scalar>,
    pub rate: Option<Scalar>,
    pub cap: Option<Scalar>,
    pub start: Option<Scalar>,
    pub terms: Option<Vec<RawTerm>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawTerm {
    pub fact: String,
    pub from: Option<Scalar>,
    pub per: Scalar,
    pub add: Scalar,
    pub rounding: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawQuantity {
    pub min: Option<Scalar>,
    pub max: Option<Scalar>,
    pub above: Option<Scalar>,
    pub below: Option<Scalar>,
    pub more_than: Option<Scalar>,
    pub less_than: Option<Scalar>,
    pub exactly: Option<Scalar>,
    pub unit: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSanction {
    pub kind: String,
    pub duration: Option<RawQuantity>,
    pub quantity: Option<RawQuantity>,
    #[serde(default)]
    pub note: RawText,
    pub when: Option<RawCondition>,
    #[serde(default)]
    pub approval: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawStatute {
    pub id: String,
    #[serde(default)]
    pub name: RawText,
    pub citation: RawCitation,
    pub boundaries: Option<RawBoundaries>,
    pub versions: Vec<RawStatuteVersion>,
    pub note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawStatuteVersion {
    pub effective: RawPeriod,
    pub source: Option<RawSource>,
    pub limitation: Option<RawLimitation>,
    pub branches: Vec<RawBranch>,
    pub note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawLimitation {
    pub years: Scalar,
    pub citation: RawCitation,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawBranch {
    pub id: String,
    #[serde(default)]
    pub name: RawText,
    pub when: Option<RawCondition>,
    pub addressee: Option<String>,
    pub fine: Option<RawFine>,
    #[serde(default)]
    pub fine_optional: bool,
    #[serde(default)]
    pub sanctions: Vec<Short<RawSanction>>,
}

/// The fields every band-bearing element (tier, cell, weight model) shares.
#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSanctionRules {
    #[serde(default)]
    pub required: Vec<Short<RawSanction>>,
    #[serde(default)]
    pub allowed: Vec<Short<RawSanction>>,
    #[serde(default)]
    pub one_of: Vec<Vec<Short<RawSanction>>>,
}

/// Declares a struct with the band fields (fine, disposition, branch, sanctions, legal ground,
/// deliberation) followed by its own; serde cannot combine `flatten` with
/// `deny_unknown_fields`, so the shared fields are spliced in here instead.
macro_rules! with_band {
    ($name:ident { $($(#[$m:meta])* $field:ident : $ty:ty),* $(,)? }) => {
        #[derive(Debug, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub(crate) struct $name {
            $($(#[$m])* pub $field: $ty,)*
            pub fine: Option<RawFine>,
            pub disposition: Option<String>,
            pub branch: Option<String>,
            #[serde(default)]
            pub sanctions: RawSanctionRules,
            pub legal_ground: Option<RawCitation>,
            #[serde(default)]
            pub deliberation_outside: bool,
            #[serde(default)]
            pub fine_optional: bool,
        }
        impl $name {
            pub(crate) fn band(&self) -> RawBand<'_> {
                RawBand {
                    fine: self.fine.as_ref(),
                    fine_optional: self.fine_optional,
                    disposition: self.disposition.as_deref(),
                    branch: self.branch.as_deref(),
                    sanctions: &self.sanctions,
                    legal_ground: self.legal_ground.as_ref(),
                    deliberation_outside: self.deliberation_outside,
                }
            }
        }
    };
}

/// A borrowed view of the band fields of a tier, cell or weight model.
pub(crate) struct RawBand<'a> {
    pub fine: Option<&'a RawFine>,
    pub fine_optional: bool,
    pub disposition: Option<&'a str>,
    pub branch: Option<&'a str>,
    pub sanctions: &'a RawSanctionRules,
    pub legal_ground: Option<&'a RawCitation>,
    pub deliberation_outside: bool,
}

with_band!(RawTier {
    id: String,
    rank: Option<Scalar>,
    #[serde(default)]
    name: RawText,
    when: Option<RawCondition>,
});

with_band!(RawCell { at: Vec<String> });

with_band!(RawWeights {
    start: Scalar,
    cap: Option<Scalar>,
    floor: Option<Scalar>,
    factors: Vec<RawWeightFactor>,
});

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawWeightFactor {
    pub id: String,
    #[serde(default)]
    pub name: RawText,
    pub fact: Option<String>,
    pub overlap: Option<String>,
    pub grades: Vec<RawWeightGrade>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawWeightGrade {
    #[serde(default)]
    pub name: RawText,
    pub when: RawCondition,
    pub weight: Scalar,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawAxis {
    pub id: String,
    #[serde(default)]
    pub name: RawText,
    pub fact: Option<String>,
    pub overlap: Option<String>,
    pub grades: Vec<RawGrade>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawGrade {
    pub id: String,
    #[serde(default)]
    pub name: RawText,
    pub when: RawCondition,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawMatrix {
    pub axes: Vec<RawAxis>,
    pub cells: Vec<RawCell>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawLegalBasis {
    pub violated: Vec<RawCitation>,
    pub penalty: Vec<RawCitation>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawViolation {
    pub id: String,
    #[serde(default)]
    pub name: RawText,
    #[serde(default)]
    pub aliases: Vec<String>,
    pub legal_basis: RawLegalBasis,
    pub statute: String,
    pub overlap: Option<String>,
    pub tiers: Option<Vec<RawTier>>,
    pub matrix: Option<RawMatrix>,
    pub weights: Option<RawWeights>,
    pub responsible_persons: Option<RawScheme>,
    pub note: Option<String>,
    pub reading: Option<RawText>,
}

/// A benchmark on its own (the second addressee's): the same keys a violation uses for its own.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawScheme {
    pub overlap: Option<String>,
    pub tiers: Option<Vec<RawTier>>,
    pub matrix: Option<RawMatrix>,
    pub weights: Option<RawWeights>,
}
