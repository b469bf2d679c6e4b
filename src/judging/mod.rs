//! Judging, pure: an observation against its expected answer (`compare`), a runner's
//! status and measurements to a case's verdict and message (`outcome`), case results to a
//! submission's verdict (`verdict`), a package's static rules and event-loop watch applied to
//! what the runner reported (`rules`), an interactive case's two ends in Kattis' precedence
//! (`interactive`). No process runs here and no file is read: `judge`
//! gathers what these need and calls them.

pub mod compare;
pub mod interactive;
pub mod outcome;
pub mod rules;
pub mod verdict;
