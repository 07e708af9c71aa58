//! Classification: which economies belong to which group (ITU region,
//! development level), with the weights (population, households) by year.
//!
//! The group vocabulary is fixed in [`group`]; membership and weights are
//! data ([`model`]), built from published inputs by [`build`] when
//! `rbm ingest --classifications DIR` runs, and read back from `datasets/`.

pub mod build;
pub mod group;
pub mod model;

pub use group::{GROUPS, Group, GroupKind};
pub use model::{Classification, Economy, SizeBasis, Unresolved, WeightRow};
