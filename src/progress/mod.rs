//! Progress towards targets: where a series stands, where it is heading,
//! and how far it is from its target. The default method, [`trend`], fits
//! the model of the series' kind ([`model`]); three named methods stay
//! available for comparison with other agencies ([`cagr_ratio`], Open SDG
//! and Eurostat; [`projection`], UNSD; [`regression`], ESCAP).
//!
//! Every target kind first reduces to a series with a target value and a
//! desired direction ([`reduce`]): a relative target becomes a level
//! (0.75 × the 2017 value), a gap target the series of differences, a
//! parity target the distance to the band, a share-of-economies target the
//! yearly share of economies meeting the condition. The methods then work
//! on (year, value) points. Every statement about the future (status,
//! projected value, year reached, pace ratio, the chart's dashed line)
//! comes from the row's one [`frame::Projection`]. [`backtest`] measures
//! how well each method would have projected the years after a cut-off,
//! and [`hits`] how often its statuses of past targets came true.
//! Pure: no I/O, no clock.
//!
//! Yearly targets (an output's KPI) are not projected: [`iptt`] scores each
//! year as % of the year's target met.
//!
//! Three levels, one word each: a method *judges* a [`frame::Frame`]
//! ([`frame::Verdict`]); [`assess()`] makes one [`Assessment`] of a reduced
//! series by one method; [`indicator_rows`] makes every [`ProgressRow`] of
//! an indicator (targets × groups × methods).

pub mod assess;
pub mod backtest;
pub mod cagr_ratio;
pub mod confidence;
pub mod distribution;
pub mod frame;
pub mod hits;
pub mod iptt;
pub mod members;
pub mod model;
pub mod projection;
#[cfg(test)]
mod properties;
pub mod reduce;
pub mod regression;
pub mod rows;
pub mod status;
pub mod trend;

pub use assess::{Assessment, assess};
pub use confidence::Confidence;
pub use model::Model;
pub use rows::{IndicatorData, ProgressRow, agreement, indicator_rows, off_track_key};
pub use status::{Method, Status};
