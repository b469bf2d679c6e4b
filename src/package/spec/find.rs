//! Finding packages: a slug or a path to a package folder (with the nearest names when
//! neither is one), the package folders of a library, and a folder's slug.

use std::fs;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// The name of a folder as a slug: its own name, even when given as `.` or a relative path.
pub(crate) fn slug_of(dir: &Path) -> String {
    dir.canonicalize()
        .ok()
        .and_then(|path| {
            path.file_name()
                .map(|name| name.to_string_lossy().into_owned())
        })
        .unwrap_or_else(|| dir.display().to_string())
}

/// True for a folder that holds a pyjudge or a Kattis package.
pub fn is_package(dir: &Path) -> bool {
    dir.join("challenge.toml").is_file() || dir.join("problem.yaml").is_file()
}

/// The package folders in `dir`, sorted by slug.
pub fn package_dirs(dir: &Path) -> Result<Vec<PathBuf>> {
    let entries = fs::read_dir(dir).map_err(|error| Error::io("list challenges in", dir, error))?;
    let mut dirs: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| is_package(path))
        .collect();
    dirs.sort();
    Ok(dirs)
}

/// The (at most three) names of `known` nearest to `name`, ignoring case, best first: a
/// close spelling, or one name holding the other.
pub fn nearest(name: &str, known: &[String]) -> Vec<String> {
    let name = name.to_lowercase();
    let mut scored: Vec<(f64, &String)> = known
        .iter()
        .map(|candidate| {
            let lower = candidate.to_lowercase();
            (strsim::jaro_winkler(&name, &lower), candidate, lower)
        })
        .filter(|(score, _, lower)| {
            *score >= 0.8
                || (name.len() >= 3 && lower.contains(&name))
                || (lower.len() >= 3 && name.contains(lower.as_str()))
        })
        .map(|(score, candidate, _)| (score, candidate))
        .collect();
    scored.sort_by(|left, right| right.0.total_cmp(&left.0));
    scored
        .into_iter()
        .take(3)
        .map(|(_, candidate)| candidate.clone())
        .collect()
}

/// Finds a challenge by slug in `challenges_dir`, or by path.
pub fn resolve(name: &str, challenges_dir: &Path) -> Result<PathBuf> {
    let as_path = Path::new(name);
    if is_package(as_path) {
        return Ok(as_path.to_path_buf());
    }
    let in_library = challenges_dir.join(name);
    if !name.contains('/') && is_package(&in_library) {
        return Ok(in_library);
    }
    if name.contains('/') || as_path.is_dir() {
        return Err(Error::spec_hint(
            as_path,
            "no challenge.toml (or Kattis problem.yaml) in this folder",
            "pass a challenge slug or the path of a package folder",
        ));
    }
    let known: Vec<String> = package_dirs(challenges_dir)
        .unwrap_or_default()
        .iter()
        .filter_map(|dir| {
            dir.file_name()
                .map(|name| name.to_string_lossy().into_owned())
        })
        .collect();
    let mut scored: Vec<(f64, String)> = known
        .into_iter()
        .map(|slug| (strsim::jaro_winkler(name, &slug), slug))
        .filter(|(score, slug)| {
            *score >= 0.85
                || slug.contains(name)
                || (name.len() >= 4 && name.contains(slug.as_str()))
        })
        .collect();
    scored.sort_by(|left, right| right.0.total_cmp(&left.0));
    Err(Error::UnknownChallenge {
        name: name.to_string(),
        dir: challenges_dir.to_path_buf(),
        suggestions: scored.into_iter().take(3).map(|(_, slug)| slug).collect(),
    })
}

#[cfg(test)]
mod tests {
    use std::fs;

    use super::super::fixtures::GOOD;
    use super::{nearest, resolve};

    #[test]
    fn nearest_names_ignore_case_and_rank_close_spellings_first() {
        let known: Vec<String> = ["databases", "decorators", "orm", "async"]
            .map(String::from)
            .to_vec();
        assert_eq!(nearest("Database", &known), ["databases"]);
        assert_eq!(nearest("ORM", &known), ["orm"]);
        assert!(nearest("zzz", &known).is_empty());
    }

    #[test]
    fn unknown_slug_suggests_close_names() {
        let library = tempfile::tempdir().unwrap();
        let dir = library.path().join("auth-decorator");
        fs::create_dir(&dir).unwrap();
        fs::write(dir.join("challenge.toml"), GOOD).unwrap();
        let error = resolve("auth-decorater", library.path()).unwrap_err();
        assert_eq!(error.hint().unwrap(), "did you mean auth-decorator?");
    }
}
