//! The table model: what a loaded benchmark table *is*, independent of YAML.
//!
//! Every type here is plain data — constructible in code, comparable, cloneable — so that
//! tables can be built by property tests as easily as loaded from `rules/`. The YAML format
//! that produces these types is specified in `docs/FORMAT.md`.

mod adjustment;
mod coded;
mod condition;
mod document;
mod factor;
mod fine;
mod scheme;
mod statute;
mod text;

pub use adjustment::{Adjustment, AdjustmentEffect, Suspension};
pub use coded::{Coded, Named};
pub(crate) use coded::{coded, named};
pub use condition::{Bound, Condition, Interval};
pub use document::{
    BoundaryConvention, HearingThresholds, Inclusion, Origin, Period, PlacementAnchor, PlacementRule, SourceDocument,
    StatuteShape, Table,
};
pub use factor::{Effect, Exemption, ExemptionKind, Factor, FactorSet};
pub use fine::{Clip, FineRule, Formula, FormulaTerm, Range, Rounding};
pub use scheme::{
    Axis, Band, Cell, Disposition, Grade, Level, MAX_COMMON_DENOMINATOR, MAX_SPANNED_COMBINATIONS,
    MAX_WEIGHT_DENOMINATOR, OverlapPolicy, Scheme, Tier, WeightFactor, WeightGrade, WeightModel,
};
pub(crate) use scheme::{covers, lay_out, offset, written_total};
pub use statute::{
    Addressee, Citation, Fact, FactType, LegalBasis, Limitation, MAX_LIMITATION_YEARS, Quantity, SanctionKind,
    SanctionSpec, Statute, StatuteBranch, StatuteVersion, Unit, Violation,
};
pub use text::{Lang, Text};
