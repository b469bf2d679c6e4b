//! Finding the real Python interpreter once, and what the sandbox must keep visible of it.
//!
//! `python3` on PATH may be a shim (pyenv's costs about 100 ms per start), so pyjudge asks
//! it once for `sys.executable` and runs that from then on.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;

use serde::Deserialize;

use crate::atomic;
use crate::error::{Error, Result};

/// The interpreter submissions run with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Python {
    /// The real interpreter binary, not a shim.
    pub executable: PathBuf,
    /// The folders the interpreter needs at run time (its prefixes).
    pub roots: Vec<PathBuf>,
    /// `sys.version_info[:3]`.
    pub version: (u32, u32, u32),
    /// The sandbox runner compiled by this interpreter (see [`Python::with_compiled_runner`]).
    pub compiled_runner: Option<Arc<[u8]>>,
}

#[derive(Deserialize)]
struct Probe {
    executable: String,
    prefixes: Vec<String>,
    version: (u32, u32, u32),
}

const PROBE: &str = "import sys, json; print(json.dumps({'executable': sys.executable, \
    'prefixes': [sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix], \
    'version': list(sys.version_info[:3])}))";

impl Python {
    /// Finds the interpreter like [`Python::discover`], remembering what an explicitly named
    /// interpreter said about itself in `cache_dir`, keyed by its path, size and mtime, so a
    /// run does not pay an interpreter start just to ask. `python3` found on PATH is asked
    /// every time: a shim may point elsewhere tomorrow without changing itself.
    pub fn discover_cached(explicit: Option<&Path>, cache_dir: &Path) -> Result<Python> {
        let Some(path) = explicit else {
            return Python::discover(None);
        };
        let Some(key) = cache_key(path) else {
            return Python::discover(explicit);
        };
        let entry = cache_dir.join("interpreters").join(format!("{key}.json"));
        if let Some(python) = std::fs::read(&entry)
            .ok()
            .and_then(|bytes| serde_json::from_slice::<Cached>(&bytes).ok())
            .filter(|cached| cached.executable.is_file())
            .map(Cached::into_python)
        {
            return Ok(python);
        }
        let python = Python::discover(explicit)?;
        let cached = Cached {
            executable: python.executable.clone(),
            roots: python.roots.clone(),
            version: python.version,
        };
        if let Ok(bytes) = serde_json::to_vec(&cached) {
            // Written whole under a temporary name and renamed, so a reader never sees half.
            if let Some(parent) = entry.parent() {
                let _ = std::fs::create_dir_all(parent);
                let _ = atomic::write(&entry, &bytes);
            }
        }
        Ok(python)
    }

    /// Adds the sandbox runner (`runner_source`, which the sandbox owns) compiled to a code
    /// object by this interpreter (marshal, after the interpreter's bytecode magic number),
    /// from `cache_dir` or made there once. Compiling the runner's source costs about 6 ms at
    /// every sandbox start; loading the code object costs 0.1 ms. Without a usable cache the
    /// runner starts from source.
    pub fn with_compiled_runner(mut self, runner_source: &str, cache_dir: &Path) -> Python {
        self.compiled_runner =
            compiled_runner(&self.executable, runner_source, cache_dir).map(Arc::from);
        self
    }

    /// Finds the interpreter: `explicit` (from --python or PYJUDGE_PYTHON), else `python3`.
    pub fn discover(explicit: Option<&Path>) -> Result<Python> {
        let candidate = match explicit {
            Some(path) => {
                if !path.exists() && path.components().count() > 1 {
                    return Err(Error::NoPython {
                        message: format!("{} does not exist", path.display()),
                    });
                }
                path.to_path_buf()
            }
            None => PathBuf::from("python3"),
        };
        let output = Command::new(&candidate)
            .args(["-I", "-S", "-c", PROBE])
            .stdin(Stdio::null())
            .stderr(Stdio::piped())
            .output()
            .map_err(|error| Error::NoPython {
                message: format!("cannot run {}: {error}", candidate.display()),
            })?;
        if !output.status.success() {
            return Err(Error::NoPython {
                message: format!(
                    "{} failed ({}): {}",
                    candidate.display(),
                    output.status,
                    String::from_utf8_lossy(&output.stderr).trim()
                ),
            });
        }
        let probe: Probe =
            serde_json::from_slice(&output.stdout).map_err(|error| Error::NoPython {
                message: format!("{} did not describe itself: {error}", candidate.display()),
            })?;
        if probe.version < (3, 10, 0) {
            return Err(Error::NoPython {
                message: format!(
                    "{} is Python {}.{}.{}; pyjudge needs 3.10 or newer",
                    probe.executable, probe.version.0, probe.version.1, probe.version.2
                ),
            });
        }
        let executable = PathBuf::from(&probe.executable);
        let mut roots: Vec<PathBuf> = Vec::new();
        let real = executable
            .canonicalize()
            .unwrap_or_else(|_| executable.clone());
        for path in probe
            .prefixes
            .iter()
            .map(PathBuf::from)
            .chain(real.parent().map(Path::to_path_buf))
        {
            let path = path.canonicalize().unwrap_or(path);
            if !roots.iter().any(|root| path.starts_with(root)) {
                roots.retain(|root| !root.starts_with(&path));
                roots.push(path);
            }
        }
        Ok(Python {
            executable,
            roots,
            version: probe.version,
            compiled_runner: None,
        })
    }

    pub fn version_string(&self) -> String {
        format!("{}.{}.{}", self.version.0, self.version.1, self.version.2)
    }
}

#[derive(serde::Serialize, Deserialize)]
struct Cached {
    executable: PathBuf,
    roots: Vec<PathBuf>,
    version: (u32, u32, u32),
}

impl Cached {
    fn into_python(self) -> Python {
        Python {
            executable: self.executable,
            roots: self.roots,
            version: self.version,
            compiled_runner: None,
        }
    }
}

fn cache_key(path: &Path) -> Option<String> {
    use sha2::{Digest, Sha256};
    use std::os::unix::fs::MetadataExt;
    let real = path.canonicalize().ok()?;
    let metadata = std::fs::metadata(&real).ok()?;
    let mut hasher = Sha256::new();
    hasher.update(path.as_os_str().as_encoded_bytes());
    hasher.update(b"\0");
    hasher.update(real.as_os_str().as_encoded_bytes());
    hasher.update(format!(
        "\0{}\0{}\0{}",
        metadata.len(),
        metadata.mtime(),
        metadata.mtime_nsec()
    ));
    Some(crate::digest::hex(&hasher.finalize()[..12]))
}

/// Compiles the runner with `executable` into `cache_dir` once per interpreter and runner.
fn compiled_runner(executable: &Path, source: &str, cache_dir: &Path) -> Option<Vec<u8>> {
    use sha2::{Digest, Sha256};
    let key = cache_key(executable)?;
    let runner = crate::digest::hex(&Sha256::digest(source.as_bytes())[..8]);
    let entry = cache_dir
        .join("runners")
        .join(format!("{key}-{runner}.bin"));
    if let Ok(bytes) = std::fs::read(&entry) {
        return Some(bytes);
    }
    let mut child = Command::new(executable)
        .args(["-I", "-S", "-c", COMPILE_RUNNER])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    let mut stdin = child.stdin.take()?;
    let written = std::io::Write::write_all(&mut stdin, source.as_bytes());
    drop(stdin);
    let output = child.wait_with_output().ok()?;
    if written.is_err() || !output.status.success() || output.stdout.len() < 8 {
        return None;
    }
    let parent = entry.parent()?;
    std::fs::create_dir_all(parent).ok()?;
    let _ = atomic::write(&entry, &output.stdout);
    Some(output.stdout)
}

/// Prints the runner's code object, marshalled after the interpreter's magic number; the
/// runner's boot checks that number before it trusts the bytes.
const COMPILE_RUNNER: &str = "import marshal, sys\n\
from importlib.util import MAGIC_NUMBER\n\
code = compile(sys.stdin.buffer.read(), 'runner.py', 'exec', dont_inherit=True)\n\
sys.stdout.buffer.write(MAGIC_NUMBER + marshal.dumps(code))\n";
