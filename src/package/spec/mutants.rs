//! `[mutants]`: what mutation testing knows of a package (its known-equivalent mutants).
//! Running the mutants and scoring them is the top-level `mutants` module's.

use serde::Deserialize;

/// The `[mutants]` table of challenge.toml.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct MutantsSpec {
    /// Mutants of the reference no case can kill, each with the reason (at most 5 % of
    /// the package's mutants).
    #[serde(default)]
    pub equivalent: Vec<EquivalentMutant>,
}

/// A known-equivalent mutant: `{ id = "compare:12:8:lt->le", reason = "..." }`.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct EquivalentMutant {
    /// The mutant's id, as `check --mutants` reports it.
    pub id: String,
    /// Why no case can tell the mutant from the reference.
    pub reason: String,
}
