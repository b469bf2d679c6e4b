//! The challenge library: which folder the commands read (the flag, PYJUDGE_CHALLENGES,
//! ./challenges, else the copy embedded in this binary, unpacked once into the cache), and
//! every package in it.

use std::fs;
use std::path::{Path, PathBuf};

use super::spec::{self, Challenge};
use crate::atomic::StagedFolder;
use crate::error::{Error, Result};

/// The challenge library embedded at build time, so an installed binary needs no checkout.
static BUNDLED: include_dir::Dir<'static> =
    include_dir::include_dir!("$CARGO_MANIFEST_DIR/challenges");

/// The challenges folder: the flag or PYJUDGE_CHALLENGES, else ./challenges when it holds
/// pyjudge packages, else the library embedded in this binary, unpacked once into the cache.
pub fn challenges_dir(explicit: Option<&Path>) -> PathBuf {
    if let Some(dir) = explicit {
        return dir.to_path_buf();
    }
    let local = PathBuf::from("challenges");
    if local.is_dir() {
        if holds_packages(&local) {
            return local;
        }
        // A project of the user's may have a `challenges` folder of its own: taking it
        // for the library would leave `list` empty and every slug unknown, unexplained.
        eprintln!(
            "pyjudge: warning: ./challenges holds no pyjudge packages (no folder with a challenge.toml or problem.yaml, no sets/); using the bundled library\n\
             hint: pass --challenges ./challenges to use it anyway, or --challenges DIR for another library"
        );
    }
    match unpack_bundled(&crate::folders::cache_dir()) {
        Ok(dir) => dir,
        Err(error) => {
            eprintln!("pyjudge: warning: {error}");
            local
        }
    }
}

/// True when `dir` looks like a pyjudge library: a package folder or a `sets/` folder.
fn holds_packages(dir: &Path) -> bool {
    dir.join("sets").is_dir() || spec::package_dirs(dir).is_ok_and(|packages| !packages.is_empty())
}

/// Unpacks the embedded library into `<cache>/library/<content hash>/` unless it is there.
fn unpack_bundled(cache_dir: &Path) -> Result<PathBuf> {
    let mut files = Vec::new();
    collect_files(&BUNDLED, &mut files);
    let key = env!("PYJUDGE_LIBRARY_HASH");
    let root = cache_dir.join("library");
    let target = root.join(key);
    if target.is_dir() {
        return Ok(target);
    }
    fs::create_dir_all(&root).map_err(|error| Error::io("create cache folder", &root, error))?;
    let staging = StagedFolder::new(&target)
        .map_err(|error| Error::io("create a folder in", &root, error))?;
    for file in &files {
        let path = staging.path().join(file.path());
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|error| Error::io("create", parent, error))?;
        }
        fs::write(&path, file.contents()).map_err(|error| Error::io("write", &path, error))?;
    }
    staging
        .commit()
        .map_err(|error| Error::io("unpack the bundled challenges into", &target, error))
}

fn collect_files<'a>(dir: &'a include_dir::Dir<'a>, files: &mut Vec<&'a include_dir::File<'a>>) {
    for file in dir.files() {
        let name = file.path().to_string_lossy();
        if !name.contains("__pycache__") && !name.ends_with(".pyc") {
            files.push(file);
        }
    }
    for sub in dir.dirs() {
        collect_files(sub, files);
    }
}

/// Every package in `dir`: the ones that load, and the errors of the ones that do not.
pub fn load_all(dir: &Path) -> Result<(Vec<Challenge>, Vec<Error>)> {
    let mut challenges = Vec::new();
    let mut broken = Vec::new();
    for path in spec::package_dirs(dir)? {
        match Challenge::load(&path) {
            Ok(challenge) => challenges.push(challenge),
            Err(error) => broken.push(error),
        }
    }
    Ok((challenges, broken))
}
