//! The bottom layer: small things every stage shares and none owns. A
//! (year, value) [`point`], fixed-decimal [`number`] text, reading and
//! writing CSV [`text`] (its records [`split`] into fields), and the
//! [`vocab`] of closed lists (the trait every list of allowed words
//! implements, so that parsing, help and error messages come from one
//! place).
//!
//! Nothing here knows about indicators, groups or statuses; every other
//! module may use it, and it uses none of them.

pub mod number;
pub mod point;
pub mod split;
pub mod text;
pub mod vocab;

pub use point::Point;
pub use vocab::Vocabulary;
