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
    /// How this interpreter was found.
    pub origin: Origin,
    /// Folders of third-party packages the runner puts on `sys.path` (a framework
    /// challenge's environment, see [`Python::with_environment`]); empty for the standard
    /// library alone.
    pub site_packages: Vec<PathBuf>,
}

/// Where the interpreter came from, as `pyjudge doctor` says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// Named with --python or PYJUDGE_PYTHON.
    Explicit,
    /// `python3` on PATH, its answer read from the cache.
    CachedPath,
    /// `python3` on PATH, asked during this run.
    FreshPath,
}

impl Origin {
    /// The name in `doctor --format json`.
    pub fn name(self) -> &'static str {
        match self {
            Origin::Explicit => "explicit",
            Origin::CachedPath => "path-cached",
            Origin::FreshPath => "path-fresh",
        }
    }

    /// The words in `doctor`'s human report.
    pub fn describe(self) -> &'static str {
        match self {
            Origin::Explicit => "named by --python or PYJUDGE_PYTHON",
            Origin::CachedPath => "python3 on PATH, resolved earlier and cached",
            Origin::FreshPath => "python3 on PATH, resolved now",
        }
    }
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
    /// Finds the interpreter like [`Python::discover`], remembering what it said about
    /// itself in `cache_dir`, so a run does not pay an interpreter start (through pyenv's
    /// shim, about 90 ms) just to ask. An explicitly named interpreter is keyed by its path,
    /// size and mtime; `python3` found on PATH by everything that decides which interpreter
    /// it starts (see [`path_key`]). Either entry is used only while the real executable it
    /// names still has the size and mtime it had, and only if no one but its owner, the
    /// current user, can write it: the interpreter it names is what runs.
    pub fn discover_cached(explicit: Option<&Path>, cache_dir: &Path) -> Result<Python> {
        let (key, origin) = match explicit {
            Some(path) => (cache_key(path), Origin::Explicit),
            None => (
                path_key().map(|key| format!("path-{key}")),
                Origin::FreshPath,
            ),
        };
        let Some(key) = key else {
            return Python::discover(explicit);
        };
        let entry = cache_dir.join("interpreters").join(format!("{key}.json"));
        if let Some(mut python) = read_entry(&entry) {
            if origin == Origin::FreshPath {
                python.origin = Origin::CachedPath;
            }
            return Ok(python);
        }
        let python = Python::discover(explicit)?;
        let cached = Cached {
            executable: python.executable.clone(),
            roots: python.roots.clone(),
            version: python.version,
            stamp: stamp(&python.executable),
        };
        if let Ok(bytes) = serde_json::to_vec(&cached) {
            // Written whole under a temporary name (mode 0600) and renamed, so a reader never
            // sees half.
            if let Some(parent) = entry.parent() {
                let _ = std::fs::create_dir_all(parent);
                let _ = atomic::write(&entry, &bytes);
            }
        }
        Ok(python)
    }

    /// This interpreter with a built environment: `root` becomes one more folder the
    /// sandbox shows read-only (like the interpreter's own prefixes), and `site_packages`
    /// goes on the runner's `sys.path`. Nothing else of the host is added.
    pub fn with_environment(&self, root: &Path, site_packages: &Path) -> Python {
        let mut python = self.clone();
        if !python.roots.iter().any(|known| root.starts_with(known)) {
            python.roots.push(root.to_path_buf());
        }
        python.site_packages.push(site_packages.to_path_buf());
        python
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
            site_packages: Vec::new(),
            origin: if explicit.is_some() {
                Origin::Explicit
            } else {
                Origin::FreshPath
            },
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
    /// The real executable's size and mtime when it answered; entries without one are
    /// asked again.
    #[serde(default)]
    stamp: Option<Stamp>,
}

/// A file's size and modification time, to notice it changed.
#[derive(serde::Serialize, Deserialize, PartialEq, Eq, Debug)]
struct Stamp {
    len: u64,
    mtime: i64,
    mtime_nsec: i64,
}

fn stamp(path: &Path) -> Option<Stamp> {
    use std::os::unix::fs::MetadataExt;
    let metadata = std::fs::metadata(path).ok()?;
    Some(Stamp {
        len: metadata.len(),
        mtime: metadata.mtime(),
        mtime_nsec: metadata.mtime_nsec(),
    })
}

/// A cache entry's interpreter, if the entry can be trusted (owned by the current user and
/// writable by no one else) and its executable is unchanged.
fn read_entry(entry: &Path) -> Option<Python> {
    use std::io::Read;
    use std::os::unix::fs::MetadataExt;
    let mut file = std::fs::File::open(entry).ok()?;
    let metadata = file.metadata().ok()?;
    // SAFETY: geteuid has no preconditions and cannot fail.
    let euid = unsafe { libc::geteuid() };
    if !metadata.is_file() || metadata.uid() != euid || metadata.mode() & 0o022 != 0 {
        return None;
    }
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes).ok()?;
    let cached: Cached = serde_json::from_slice(&bytes).ok()?;
    if cached.stamp.is_none() || stamp(&cached.executable) != cached.stamp {
        return None;
    }
    Some(Python {
        executable: cached.executable,
        roots: cached.roots,
        version: cached.version,
        compiled_runner: None,
        site_packages: Vec::new(),
        origin: Origin::Explicit,
    })
}

/// What decides which interpreter `python3` on PATH starts, hashed: the executable PATH
/// finds, its symlink target and that target's size and mtime (a shim rewritten in place
/// changes them); pyenv's choice (PYENV_VERSION, PYENV_ROOT, PYENV_DIR, the nearest
/// `.python-version` from the working folder up and its content, `$PYENV_ROOT/version`);
/// and an active virtual environment (VIRTUAL_ENV). None when PATH has no `python3`.
fn path_key() -> Option<String> {
    use sha2::{Digest, Sha256};
    let mut hasher = Sha256::new();
    let mut field = |name: &str, value: &[u8]| {
        hasher.update(name.as_bytes());
        hasher.update((value.len() as u64).to_le_bytes());
        hasher.update(value);
    };
    let found = std::env::split_paths(&std::env::var_os("PATH")?)
        // An empty entry is the working folder, as for execvp.
        .map(|dir| {
            if dir.as_os_str().is_empty() {
                PathBuf::from(".")
            } else {
                dir
            }
        })
        .map(|dir| dir.join("python3"))
        .find(|candidate| is_executable(candidate))?;
    let real = found.canonicalize().ok()?;
    let found_stamp = stamp(&real)?;
    field("found", found.as_os_str().as_encoded_bytes());
    field("real", real.as_os_str().as_encoded_bytes());
    field(
        "stamp",
        format!(
            "{} {} {}",
            found_stamp.len, found_stamp.mtime, found_stamp.mtime_nsec
        )
        .as_bytes(),
    );
    for variable in [
        "PYENV_VERSION",
        "PYENV_ROOT",
        "PYENV_DIR",
        "VIRTUAL_ENV",
        "HOME",
    ] {
        let value = std::env::var_os(variable);
        field(
            variable,
            value
                .as_ref()
                .map_or(b"\0unset" as &[u8], |value| value.as_encoded_bytes()),
        );
    }
    let pyenv_root = std::env::var_os("PYENV_ROOT")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| Path::new(&home).join(".pyenv")));
    let mut starts: Vec<PathBuf> = std::env::var_os("PYENV_DIR")
        .map(PathBuf::from)
        .into_iter()
        .collect();
    starts.extend(std::env::current_dir().ok());
    for start in starts {
        let nearest = start
            .ancestors()
            .map(|dir| dir.join(".python-version"))
            .find(|file| file.is_file());
        if let Some(file) = nearest {
            field("version-file", file.as_os_str().as_encoded_bytes());
            field(
                "version-file-content",
                &std::fs::read(&file).unwrap_or_default(),
            );
        } else {
            field("version-file", b"");
        }
    }
    if let Some(root) = pyenv_root {
        field(
            "global-version",
            &std::fs::read(root.join("version")).unwrap_or_default(),
        );
    }
    Some(crate::digest::hex(&hasher.finalize()[..12]))
}

fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path)
        .map(|metadata| metadata.is_file() && metadata.permissions().mode() & 0o111 != 0)
        .unwrap_or(false)
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
