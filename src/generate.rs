//! Running a package's case generator once per content and caching what it writes.
//!
//! Generators are the challenge author's code: they run outside the sandbox, with the real
//! interpreter, and are expected to be deterministic. Their output lands in a temporary
//! folder first and is renamed into the cache only when complete, so a crash mid-run never
//! leaves a half-written entry that a later run would trust.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use sha2::{Digest, Sha256};

use crate::atomic::StagedFolder;
use crate::error::{Error, Result};
use crate::python::Python;
use crate::scripts::{last_lines, Script, ScriptError};

const GENERATOR_TIMEOUT: Duration = Duration::from_secs(300);

/// The folder holding the generator's output, generating it first if needed.
pub fn generated_folder(
    script: &Path,
    package_dir: &Path,
    python: &Python,
    cache_dir: &Path,
) -> Result<PathBuf> {
    let source = fs::read(script).map_err(|error| Error::io("read generator", script, error))?;
    let mut hasher = Sha256::new();
    hasher.update(b"pyjudge-generator-v1\0");
    hasher.update(python.version_string().as_bytes());
    hasher.update(b"\0");
    hasher.update(&source);
    let key = crate::digest::hex(&hasher.finalize()[..12]);
    let root = cache_dir.join("generated");
    let folder = root.join(&key);
    if folder.is_dir() {
        return Ok(folder);
    }
    fs::create_dir_all(&root).map_err(|error| Error::io("create cache folder", &root, error))?;
    let staging = StagedFolder::new(&folder)
        .map_err(|error| Error::io("create a folder in", &root, error))?;
    let script_arg = script
        .canonicalize()
        .unwrap_or_else(|_| script.to_path_buf());
    let failed = |message: String| Error::Script {
        what: "generator",
        path: script.to_path_buf(),
        message,
    };
    let finished = Script::new(&python.executable, &script_arg)
        .arg(staging.path())
        .current_dir(package_dir)
        .timeout(GENERATOR_TIMEOUT)
        .run()
        .map_err(|error| match error {
            ScriptError::TimedOut { timeout, .. } => {
                failed(format!("it ran longer than {} s", timeout.as_secs()))
            }
            ScriptError::NotStarted { source, .. } => failed(source.to_string()),
            other => failed(other.to_string()),
        })?;
    if !finished.status.success() {
        return Err(failed(format!(
            "it exited with {}: {}",
            finished.status,
            last_lines(&String::from_utf8_lossy(&finished.stderr), 5)
        )));
    }
    // Another pyjudge finishing the same generation first is as good: same content.
    staging
        .commit()
        .map_err(|error| Error::io("store generated cases in", &folder, error))
}

/// Kept for `sandbox`, which still names it here; new code uses [`crate::digest::hex`].
pub(crate) use crate::digest::hex;

/// The user's cache folder for pyjudge: PYJUDGE_CACHE_DIR, XDG_CACHE_HOME or ~/.cache.
pub fn default_cache_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("PYJUDGE_CACHE_DIR") {
        return PathBuf::from(dir);
    }
    if let Some(dir) = std::env::var_os("XDG_CACHE_HOME").filter(|dir| !dir.is_empty()) {
        return PathBuf::from(dir).join("pyjudge");
    }
    if let Some(home) = std::env::var_os("HOME").filter(|dir| !dir.is_empty()) {
        return PathBuf::from(home).join(".cache").join("pyjudge");
    }
    std::env::temp_dir().join("pyjudge-cache")
}
