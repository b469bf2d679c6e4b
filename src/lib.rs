//! pyjudge: a command-line judge for Python interview challenges.
//!
//! docs/architecture.md shows the layers, from `error` at the bottom to `app` at the top,
//! and what each module owns; a module uses only those below it (tests/layering.rs).

pub mod app;
pub mod atomic;
pub mod cancel;
pub mod check;
pub mod cli;
pub mod clock;
pub mod digest;
pub mod environment;
pub mod error;
pub mod folders;
pub mod grade;
pub mod history;
pub mod interview;
pub mod judge;
pub mod judging;
pub mod mutants;
pub mod package;
pub mod pool;
pub mod prepare;
pub mod python;
pub mod report;
pub mod run;
pub mod sandbox;
pub mod scripts;
pub mod stats;
pub mod text;
pub mod watch;
