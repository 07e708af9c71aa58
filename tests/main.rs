//! Integration tests: run the real `rbm` binary on small fixtures in
//! `tests/fixtures/` and on the embedded `datasets/`, and rebuild
//! `datasets/` from the published inputs committed in `datasets/sources/`.

mod common;

mod accessibility;
mod backtest;
mod bad_inputs;
mod bars;
mod breakdowns;
mod cache;
mod chart_specs;
mod check;
mod concurrency;
mod distributions;
mod economies;
mod estimates;
mod fuzz_regressions;
mod interrupted;
mod kpi;
mod layers;
mod maps;
mod office;
mod plot;
mod progress;
mod report;
mod report_marks;
mod sources;
mod store;
mod summary;
mod transcripts;
mod widths;
