//! Finding the real Python interpreter once, and what the sandbox must keep visible of it.
//!
//! `python3` on PATH may be a shim (pyenv's costs about 100 ms per start), so pyjudge asks
//! it once for `sys.executable` and runs that from then on.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde::Deserialize;

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
        })
    }

    pub fn version_string(&self) -> String {
        format!("{}.{}.{}", self.version.0, self.version.1, self.version.2)
    }
}
