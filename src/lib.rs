//! pyjudge: a command-line judge for Python interview challenges.
//!
//! docs/architecture.md shows the layers, from `error` at the bottom to `app` at the top,
//! and what each module owns; a module uses only those below it (tests/layering.rs).

pub mod app;
pub mod atomic;
pub mod check;
pub mod cli;
pub mod digest;
pub mod error;
pub mod generate;
pub mod grade;
pub mod judge;
pub mod judging;
pub mod kattis;
pub mod package;
pub mod python;
pub mod report;
pub mod sandbox;
pub mod scripts;
pub mod text;

// The paths of modules that moved, until every user says the new one.
pub use judging::{compare, verdict};
pub use package::spec;
