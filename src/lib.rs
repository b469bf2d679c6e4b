//! pyjudge: a command-line judge for Python interview challenges.
//!
//! The data flow, one module per stage: `spec` reads a challenge package, `sandbox` runs
//! the submission contained and reports observations, `compare` sets them against the
//! expected answers, `verdict` combines case results, `report` writes them out. `judge`
//! strings these together for one submission; `app` is the commands.

pub mod app;
pub mod atomic;
pub mod cgroup;
pub mod check;
pub mod cli;
pub mod compare;
pub mod digest;
pub mod error;
pub mod generate;
pub mod grade;
pub mod judge;
pub mod kattis;
pub mod python;
pub mod report;
pub mod sandbox;
pub mod scripts;
pub mod spec;
pub mod verdict;
