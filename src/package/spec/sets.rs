//! Practice sets: `challenges/sets/<name>.toml`, read by name or path, each challenge it
//! names checked to be a package in the library.

use std::fs;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::find::{is_package, nearest};
use super::load::toml_location;
use crate::error::{Error, Result};

/// A practice set: `challenges/sets/<name>.toml`.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct PracticeSet {
    pub title: String,
    pub description: String,
    /// The suggested time for the whole set, as in an interview.
    pub time_budget_minutes: u64,
    pub challenges: Vec<String>,
    #[serde(skip)]
    pub path: PathBuf,
}

impl PracticeSet {
    /// Reads a set by name (from `<challenges>/sets/`) or by path, and checks that every
    /// challenge it names exists.
    pub fn load(challenges_dir: &Path, name: &str) -> Result<PracticeSet> {
        let as_path = PathBuf::from(name);
        let path = if as_path.is_file() {
            as_path
        } else {
            challenges_dir.join("sets").join(format!("{name}.toml"))
        };
        let text = fs::read_to_string(&path).map_err(|error| {
            let names = PracticeSet::names(challenges_dir);
            let nearest = nearest(name, &names);
            let known = names.join(", ");
            Error::spec_hint(
                &path,
                format!("cannot read the practice set: {error}"),
                if known.is_empty() {
                    "no sets in the challenges folder".to_string()
                } else if nearest.is_empty() {
                    format!("known sets: {known}")
                } else {
                    format!("did you mean {}? known sets: {known}", nearest.join(", "))
                },
            )
        })?;
        let mut set: PracticeSet = toml::from_str(&text).map_err(|error| {
            Error::spec_hint(
                &path,
                error.message().to_string() + &toml_location(&text, error.span()),
                "a set file has title, description, time_budget_minutes and challenges = [\"slug\", ...]",
            )
        })?;
        set.path = path.clone();
        for slug in &set.challenges {
            if !is_package(&challenges_dir.join(slug)) {
                return Err(Error::spec_hint(
                    &path,
                    format!("challenge {slug:?} is not in {}", challenges_dir.display()),
                    "name the folder of a package in the challenges folder",
                ));
            }
        }
        Ok(set)
    }

    /// The names of the sets in `<challenges>/sets/`.
    pub fn names(challenges_dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(challenges_dir.join("sets"))
            .map(|entries| {
                entries
                    .flatten()
                    .filter_map(|entry| {
                        let name = entry.file_name().to_string_lossy().into_owned();
                        name.strip_suffix(".toml").map(str::to_string)
                    })
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        names
    }
}
