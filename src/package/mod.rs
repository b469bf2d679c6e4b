//! Challenge packages, read and validated, never run: the model and the pyjudge format
//! (`spec`), Kattis problem packages (`kattis`). Nothing here starts a process; preparing a challenge for judging (generated
//! cases, the time limit Kattis packages settle by running their solutions) sits above the
//! sandbox, in the modules that run things.

pub mod kattis;
pub mod library;
pub mod rules;
pub mod spec;
