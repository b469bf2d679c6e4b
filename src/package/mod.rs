//! Challenge packages, read and validated, never run: the model and the pyjudge format
//! (`spec`), Kattis problem packages (`kattis`), `check`'s rule on hints and editorials
//! (`hints`), and on figures of the limits in a statement (`statement`). Nothing here starts a process; preparing a challenge for judging (generated
//! cases, the time limit Kattis packages settle by running their solutions) sits above the
//! sandbox, in the modules that run things.

pub mod hints;
pub mod kattis;
pub mod library;
pub mod rules;
pub mod spec;
pub mod statement;
