//! Framework challenges' environments: the locked third-party packages a challenge declares
//! (`[environment]`), built once per distinct (lock content, interpreter version) in the
//! cache, found again for judging, listed and pruned.
//!
//! An environment is `environments/<key>/` in the cache folder, where the key is a digest
//! of the lock's bytes and the interpreter's version: `venv/`, a venv (without pip) whose
//! site-packages holds exactly the locked wheels, and `pyjudge-environment.json` saying what
//! it is. It is built in `environments/.staging-<pid>-<key>-*` and renamed into place only
//! once complete, so an interrupted sync leaves no half-made environment (its staging
//! folder is removed by the next sync or prune, once its process is gone). Installers:
//! `uv` when it is on PATH, else the interpreter's own pip with `--target` (never into the
//! interpreter itself), else a venv with pip; always `--require-hashes --only-binary :all:
//! --no-deps`, so no source build runs.
//!
//! The sandbox's side (the folder shown read-only, site-packages on `sys.path`) is
//! `Python::with_environment` and the runner; what to print is `report`'s.

use std::fs;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use sha2::{Digest, Sha256};

use crate::error::{Error, Result};
use crate::package::spec::{Challenge, EnvironmentSpec, InstalledEnvironment};
use crate::python::Python;

/// The file inside an environment that says what it is.
pub const MANIFEST: &str = "pyjudge-environment.json";
const STAGING_PREFIX: &str = ".staging-";

/// What `pyjudge-environment.json` records.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Manifest {
    /// The folder's name: the digest of the lock and the interpreter's version.
    pub key: String,
    /// The interpreter's version, `3.11.7`.
    pub python_version: String,
    /// The interpreter that built it.
    pub python: PathBuf,
    /// sha256 of the lock file's bytes.
    pub lock_sha256: String,
    /// The pinned packages, `name==version`.
    pub packages: Vec<String>,
    /// The challenges that asked for it when it was built.
    pub challenges: Vec<String>,
    /// `pip`, `pip-venv` or `uv`.
    pub installer: String,
    /// Seconds since the epoch.
    pub built_at: u64,
}

/// An environment found in the cache.
#[derive(Debug, Clone)]
pub struct Listed {
    pub path: PathBuf,
    pub manifest: Manifest,
    /// Its size on disk in bytes.
    pub bytes: u64,
}

/// How `env sync` may fetch wheels.
#[derive(Debug, Clone, Default)]
pub struct SyncOptions {
    /// Never use the network (pip `--no-index`).
    pub offline: bool,
    /// A folder of wheels to install from (pip `--find-links`).
    pub find_links: Option<PathBuf>,
}

/// Progress of one environment's build, for the caller to show.
#[derive(Debug, Clone)]
pub enum SyncEvent {
    /// The installer said something worth showing (a package collected, installed).
    Step(String),
}

/// The folder that holds every environment.
pub fn environments_dir(cache_dir: &Path) -> PathBuf {
    cache_dir.join("environments")
}

/// The key of the environment for `lock_content` under `python`: 16 bytes of
/// sha256(version, lock) in hex.
pub fn key(lock_content: &[u8], python: &Python) -> String {
    let mut hasher = Sha256::new();
    hasher.update(b"pyjudge-environment-2\0");
    hasher.update(python.version_string().as_bytes());
    hasher.update(b"\0");
    hasher.update(lock_content);
    crate::digest::hex(&hasher.finalize()[..16])
}

/// Where the environment of `spec` under `python` is (or would be).
pub fn location(spec: &EnvironmentSpec, python: &Python, cache_dir: &Path) -> PathBuf {
    environments_dir(cache_dir).join(key(&spec.lock_content, python))
}

/// The site-packages folder of the environment at `root` (its venv is `root/venv`, beside
/// the manifest) made by `python`.
pub fn site_packages(root: &Path, python: &Python) -> PathBuf {
    let (major, minor, _) = python.version;
    root.join("venv")
        .join("lib")
        .join(format!("python{major}.{minor}"))
        .join("site-packages")
}

/// True when the environment at `root` is complete (it has its manifest, written last).
fn is_built(root: &Path) -> bool {
    root.join(MANIFEST).is_file()
}

/// The `pyjudge env sync` command with `arguments` (slugs, paths, `--set NAME`, `--all`),
/// for messages; `python` when the user named one, since environments are per interpreter.
pub fn sync_command(arguments: &[String], python: Option<&Path>) -> String {
    let python = python
        .map(|path| format!(" --python {}", shell_word(&path.display().to_string())))
        .unwrap_or_default();
    let arguments: Vec<String> = arguments
        .iter()
        .map(|argument| {
            if argument.starts_with("--") {
                argument.clone()
            } else {
                shell_word(argument)
            }
        })
        .collect();
    format!("pyjudge{python} env sync {}", arguments.join(" "))
}

fn shell_word(word: &str) -> String {
    if !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./=:+,@".contains(c))
    {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

/// True when `challenge` needs an environment that is not built yet under `python`.
pub fn is_missing(challenge: &Challenge, python: &Python, cache_dir: &Path) -> bool {
    challenge
        .environment
        .as_ref()
        .is_some_and(|spec| !is_built(&location(spec, python, cache_dir)))
}

/// The error for `challenge`'s missing environment, naming `command`.
pub fn missing(challenge: &Challenge, python: &Python, command: String) -> Error {
    Error::EnvironmentMissing {
        challenge: challenge.slug.clone(),
        lock: challenge
            .environment
            .as_ref()
            .map(|spec| spec.lock.clone())
            .unwrap_or_default(),
        python_version: python.version_string(),
        command,
    }
}

/// Finds the built environment of `challenge` (if it declares one) and records it in the
/// challenge. A missing one is an error naming the sync command: judging never downloads.
pub fn attach(challenge: &mut Challenge, python: &Python, cache_dir: &Path) -> Result<()> {
    let Some(spec) = &challenge.environment else {
        return Ok(());
    };
    let root = location(spec, python, cache_dir);
    if !is_built(&root) {
        let command = sync_command(std::slice::from_ref(&challenge.slug), None);
        return Err(missing(challenge, python, command));
    }
    let site_packages = site_packages(&root, python);
    if let Some(spec) = challenge.environment.as_mut() {
        spec.installed = Some(InstalledEnvironment {
            root,
            site_packages,
        });
    }
    Ok(())
}

/// `python` with `challenge`'s attached environment visible in the sandbox; `python` itself
/// for a standard-library challenge.
pub fn python_for(python: &Python, challenge: &Challenge) -> Python {
    match challenge
        .environment
        .as_ref()
        .and_then(|spec| spec.installed.as_ref())
    {
        Some(installed) => python.with_environment(&installed.root, &installed.site_packages),
        None => python.clone(),
    }
}

/// The most modules a warm runner imports ahead for one environment.
const PRELOAD_LIMIT: usize = 64;

/// The largest accepted source a runner executes to learn what it imports.
const WARM_UP_BYTES: u64 = 256 * 1024;

/// A framework challenge's accepted reference, which a runner executes once in a child it
/// then discards, to learn which modules defining such a submission imports (a framework
/// loads much lazily, at the first model or route defined) and import those itself before
/// it forks any case; None for a standard-library challenge.
pub fn warm_up_source(challenge: &Challenge) -> Option<String> {
    challenge.environment.as_ref()?.installed.as_ref()?;
    let reference = challenge.dir.join("submissions/accepted/reference.py");
    let path = if reference.is_file() {
        reference
    } else {
        accepted_sources(challenge).into_iter().next()?
    };
    if fs::metadata(&path).ok()?.len() > WARM_UP_BYTES {
        return None;
    }
    fs::read_to_string(path).ok()
}

/// A framework challenge's custom harness, for its warm runners to load once (so that the
/// framework's set-up, the package's models and data, are made once per runner and not per
/// submission); None for a standard-library challenge or a call harness.
pub fn warm_harness(challenge: &Challenge) -> Option<String> {
    challenge.environment.as_ref()?.installed.as_ref()?;
    match &challenge.harness {
        crate::package::spec::Harness::Custom { path } => fs::read_to_string(path).ok(),
        _ => None,
    }
}

/// The package's accepted Python submissions, sorted by path.
fn accepted_sources(challenge: &Challenge) -> Vec<PathBuf> {
    let mut sources: Vec<PathBuf> = fs::read_dir(challenge.dir.join("submissions/accepted"))
        .map(|entries| {
            entries
                .filter_map(|entry| entry.ok().map(|entry| entry.path()))
                .filter(|path| path.extension().is_some_and(|ext| ext == "py"))
                .collect()
        })
        .unwrap_or_default();
    sources.sort();
    sources
}

/// What `challenge`'s harness, starter and accepted submissions import at their top level
/// from its environment, as `module` or `module:name,name` (the names a `from` import
/// takes, which loads what a package exports lazily, as pydantic does): a warm runner of
/// this environment imports them once, before it forks any submission, so that the
/// framework's import is not paid again by each. Only modules found in the environment's
/// site-packages (never the standard library, the candidate's module or the harness);
/// empty for a standard-library challenge.
pub fn preload_modules(challenge: &Challenge) -> Vec<String> {
    let Some(installed) = challenge
        .environment
        .as_ref()
        .and_then(|spec| spec.installed.as_ref())
    else {
        return Vec::new();
    };
    let mut sources = vec![challenge.dir.join("harness.py")];
    sources.extend(challenge.starter.clone());
    sources.extend(accepted_sources(challenge));
    let mut preload: Vec<String> = Vec::new();
    for source in sources {
        let Ok(text) = fs::read_to_string(&source) else {
            continue;
        };
        for (module, names) in top_level_imports(&text) {
            let top = module.split('.').next().unwrap_or_default().to_string();
            let entry = if names.is_empty() {
                module
            } else {
                format!("{module}:{}", names.join(","))
            };
            if preload.len() < PRELOAD_LIMIT
                && !preload.contains(&entry)
                && provides(&installed.site_packages, &top)
            {
                preload.push(entry);
            }
        }
    }
    preload
}

/// The modules named by the unindented `import` and `from ... import` statements of
/// `text` (absolute imports only), each with the names a `from` import takes (also over
/// several lines in parentheses; a `*` is left out).
fn top_level_imports(text: &str) -> Vec<(String, Vec<String>)> {
    let identifier = |name: &str| {
        !name.is_empty() && name.chars().all(|c| c == '_' || c.is_ascii_alphanumeric())
    };
    let dotted = |name: &str| !name.is_empty() && name.split('.').all(identifier);
    let mut imports = Vec::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        let line = line.split('#').next().unwrap_or_default().trim_end();
        if let Some(rest) = line.strip_prefix("import ") {
            for item in rest.split(',') {
                let name = item.split_whitespace().next().unwrap_or_default();
                if dotted(name) {
                    imports.push((name.to_string(), Vec::new()));
                }
            }
        } else if let Some(rest) = line.strip_prefix("from ") {
            let mut words = rest.splitn(3, char::is_whitespace);
            let (Some(module), Some("import"), Some(taken)) =
                (words.next(), words.next(), words.next())
            else {
                continue;
            };
            if !dotted(module) {
                continue;
            }
            let mut taken = taken.trim().to_string();
            if taken.starts_with('(') && !taken.contains(')') {
                for more in lines.by_ref() {
                    let more = more.split('#').next().unwrap_or_default();
                    taken.push(' ');
                    taken.push_str(more);
                    if more.contains(')') {
                        break;
                    }
                }
            }
            let taken = taken.trim_end_matches('\\');
            let names = taken
                .trim_matches(|c: char| c == '(' || c == ')' || c.is_whitespace())
                .split(',')
                .filter_map(|item| item.split_whitespace().next())
                .map(|name| name.trim_matches(|c| c == '(' || c == ')'))
                .filter(|name| identifier(name))
                .map(str::to_string)
                .collect();
            imports.push((module.to_string(), names));
        }
    }
    imports
}

/// True when `site_packages` holds the top-level module `name` (a package folder, a
/// module file or an extension module).
fn provides(site_packages: &Path, name: &str) -> bool {
    if site_packages.join(name).is_dir() || site_packages.join(format!("{name}.py")).is_file() {
        return true;
    }
    fs::read_dir(site_packages).is_ok_and(|entries| {
        entries.filter_map(|entry| entry.ok()).any(|entry| {
            let file = entry.file_name();
            let file = file.to_string_lossy();
            file.starts_with(&format!("{name}."))
                && (file.ends_with(".so") || file.ends_with(".pyd"))
        })
    })
}

/// Builds the environment of `spec` under `python` unless it is there already; returns its
/// folder and whether it was built now. `challenges` are recorded in its manifest.
pub fn sync(
    spec: &EnvironmentSpec,
    challenges: &[String],
    python: &Python,
    cache_dir: &Path,
    options: &SyncOptions,
    on_event: &mut dyn FnMut(SyncEvent),
) -> Result<(PathBuf, bool)> {
    let root = location(spec, python, cache_dir);
    if is_built(&root) {
        return Ok((root, false));
    }
    let parent = environments_dir(cache_dir);
    fs::create_dir_all(&parent).map_err(|error| Error::io("create", &parent, error))?;
    remove_abandoned_staging(&parent);
    let key = key(&spec.lock_content, python);
    let staging = tempfile::Builder::new()
        .prefix(&format!("{STAGING_PREFIX}{}-{key}-", std::process::id()))
        .tempdir_in(&parent)
        .map_err(|error| Error::io("create a staging folder in", &parent, error))?;
    let installer = build(spec, python, staging.path(), options, on_event)?;
    let manifest = Manifest {
        key: key.clone(),
        python_version: python.version_string(),
        python: python.executable.clone(),
        lock_sha256: crate::digest::hex(&Sha256::digest(&spec.lock_content)),
        packages: spec
            .pins
            .iter()
            .map(|(name, version)| format!("{name}=={version}"))
            .collect(),
        challenges: challenges.to_vec(),
        installer: installer.to_string(),
        built_at: std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |elapsed| elapsed.as_secs()),
    };
    let manifest_path = staging.path().join(MANIFEST);
    let bytes = serde_json::to_vec_pretty(&manifest).unwrap_or_default();
    crate::atomic::write_synced(&manifest_path, &bytes)
        .map_err(|error| Error::io("write", &manifest_path, error))?;
    // The sandbox's user reads it through a read-only bind: everything world-readable.
    make_readable(staging.path());
    let staged = staging.keep();
    match fs::rename(&staged, &root) {
        Ok(()) => Ok((root, true)),
        Err(error) => {
            let _ = fs::remove_dir_all(&staged);
            if is_built(&root) {
                // Another sync built the same content first.
                Ok((root, false))
            } else {
                Err(Error::io("move into place", &root, error))
            }
        }
    }
}

/// Which installer builds into `staging`; runs it. Returns its name.
fn build(
    spec: &EnvironmentSpec,
    python: &Python,
    staging: &Path,
    options: &SyncOptions,
    on_event: &mut dyn FnMut(SyncEvent),
) -> Result<&'static str> {
    // The venv goes into a folder that does not exist yet (uv refuses to fill one that
    // does), the installers' temporary files beside it, inside the staging folder.
    let scratch = staging.join("tmp");
    let venv_dir = staging.join("venv");
    fs::create_dir_all(&scratch).map_err(|error| Error::io("create", &scratch, error))?;
    let mut source_args: Vec<String> = Vec::new();
    if options.offline {
        source_args.push("--no-index".into());
    }
    if let Some(folder) = &options.find_links {
        source_args.push("--find-links".into());
        source_args.push(folder.display().to_string());
    }
    let lock = spec.lock.display().to_string();
    let installer = if let Some(uv) = find_on_path("uv") {
        let mut venv = Command::new(&uv);
        venv.args(["venv", "--quiet", "--python"])
            .arg(&python.executable)
            .arg(&venv_dir);
        run_step(venv, "uv venv", &scratch, on_event)?;
        let mut install = Command::new(&uv);
        install
            .args(["pip", "install", "--python"])
            .arg(venv_dir.join("bin").join("python"))
            .args(["--require-hashes", "--only-binary", ":all:", "--no-deps"])
            .args(if options.offline {
                vec!["--offline".to_string()]
            } else {
                Vec::new()
            })
            .args(
                options
                    .find_links
                    .iter()
                    .flat_map(|folder| ["--find-links".to_string(), folder.display().to_string()]),
            )
            .args(["-r", &lock]);
        run_step(install, "uv pip install", &scratch, on_event)?;
        "uv"
    } else {
        let host_pip = Command::new(&python.executable)
            .args(["-m", "pip", "--version"])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|status| status.success());
        let mut venv = Command::new(&python.executable);
        venv.args(["-m", "venv"]);
        if host_pip {
            venv.arg("--without-pip");
        }
        venv.arg(&venv_dir);
        run_step(venv, "python -m venv", &scratch, on_event)?;
        let site = site_packages(staging, python);
        let mut install = if host_pip {
            // The interpreter's own pip, installing into the venv's site-packages only.
            let mut install = Command::new(&python.executable);
            install
                .args(["-m", "pip", "install", "--target"])
                .arg(&site);
            install
        } else {
            let mut install = Command::new(venv_dir.join("bin").join("python"));
            install.args(["-m", "pip", "install"]);
            install
        };
        install
            .args([
                "--require-hashes",
                "--only-binary",
                ":all:",
                "--no-deps",
                "--no-input",
                "--disable-pip-version-check",
                "--no-warn-script-location",
                "--progress-bar",
                "off",
            ])
            .args(&source_args)
            .args(["-r", &lock]);
        run_step(install, "pip install", &scratch, on_event)?;
        if host_pip {
            "pip"
        } else {
            "pip-venv"
        }
    };
    fs::remove_dir_all(&scratch).map_err(|error| Error::io("remove", &scratch, error))?;
    Ok(installer)
}

/// Runs one installer step: its output lines become events; a failure is an error with
/// the end of what it printed.
fn run_step(
    mut command: Command,
    what: &str,
    scratch: &Path,
    on_event: &mut dyn FnMut(SyncEvent),
) -> Result<()> {
    command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .env("TMPDIR", scratch)
        .env("PIP_DISABLE_PIP_VERSION_CHECK", "1")
        .env("PIP_NO_INPUT", "1")
        .env("PYTHONNOUSERSITE", "1")
        .env_remove("PYTHONPATH")
        .env_remove("PIP_REQUIRE_VIRTUALENV");
    // SAFETY: the hook makes one async-signal-safe system call.
    unsafe {
        std::os::unix::process::CommandExt::pre_exec(&mut command, || {
            // The installer dies with pyjudge: an interrupted sync leaves no process.
            if libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let started = Instant::now();
    let mut child = command.spawn().map_err(|error| Error::Environment {
        message: format!("failed to start {what}: {error}"),
        hint: None,
    })?;
    let stderr = child.stderr.take();
    let errors = std::thread::spawn(move || {
        let mut text = String::new();
        if let Some(mut stderr) = stderr {
            let _ = std::io::Read::read_to_string(&mut stderr, &mut text);
        }
        text
    });
    let mut said = Vec::new();
    if let Some(stdout) = child.stdout.take() {
        for line in BufReader::new(stdout)
            .lines()
            .map_while(std::result::Result::ok)
        {
            let line = line.trim().to_string();
            if line.starts_with("Collecting")
                || line.starts_with("Successfully installed")
                || line.starts_with("Installed")
                || line.starts_with("Processing")
            {
                on_event(SyncEvent::Step(line.clone()));
            }
            said.push(line);
        }
    }
    let status = child.wait().map_err(|error| Error::Environment {
        message: format!("failed to wait for {what}: {error}"),
        hint: None,
    })?;
    let errors = errors.join().unwrap_or_default();
    if status.success() {
        return Ok(());
    }
    let tail: Vec<&str> = errors
        .lines()
        .chain(said.iter().map(String::as_str))
        .filter(|line| !line.trim().is_empty())
        .collect();
    let tail = tail[tail.len().saturating_sub(12)..].join("\n  ");
    let offline = errors.contains("No matching distribution")
        || errors.contains("Could not find a version")
        || errors.contains("NewConnectionError")
        || errors.contains("Network is unreachable");
    Err(Error::Environment {
        message: format!(
            "{what} failed ({status}) after {:.1} s:\n  {tail}",
            started.elapsed().as_secs_f64()
        ),
        hint: Some(if offline {
            "without network, pass --find-links DIR with the locked wheels (and --offline)".into()
        } else {
            "the lock file pins exact versions with hashes; a hash mismatch means the wheel is not the one locked".into()
        }),
    })
}

fn find_on_path(name: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|folder| folder.join(name))
            .find(|candidate| {
                candidate.is_file()
                    && fs::metadata(candidate).is_ok_and(|metadata| {
                        std::os::unix::fs::PermissionsExt::mode(&metadata.permissions()) & 0o111
                            != 0
                    })
            })
    })
}

/// Opens the tree at `root` to reading by anyone (the sandbox's unprivileged user).
fn make_readable(root: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let mut pending = vec![root.to_path_buf()];
    while let Some(path) = pending.pop() {
        let Ok(metadata) = fs::symlink_metadata(&path) else {
            continue;
        };
        if metadata.file_type().is_symlink() {
            continue;
        }
        let mode = metadata.permissions().mode();
        let wanted = if metadata.is_dir() || mode & 0o100 != 0 {
            mode | 0o555
        } else {
            mode | 0o444
        };
        if wanted != mode {
            let _ = fs::set_permissions(&path, fs::Permissions::from_mode(wanted & !0o022));
        }
        if metadata.is_dir() {
            if let Ok(entries) = fs::read_dir(&path) {
                pending.extend(entries.filter_map(|entry| entry.ok().map(|entry| entry.path())));
            }
        }
    }
}

/// Removes staging folders whose sync is no longer running (interrupted or killed).
fn remove_abandoned_staging(parent: &Path) -> Vec<PathBuf> {
    let mut removed = Vec::new();
    let Ok(entries) = fs::read_dir(parent) else {
        return removed;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = name.strip_prefix(STAGING_PREFIX) else {
            continue;
        };
        let pid: Option<i32> = rest.split('-').next().and_then(|pid| pid.parse().ok());
        let alive = pid.is_some_and(|pid| {
            // SAFETY: kill with signal 0 only asks whether the process exists.
            pid > 0 && unsafe { libc::kill(pid, 0) } == 0
        });
        if !alive && fs::remove_dir_all(entry.path()).is_ok() {
            removed.push(entry.path());
        }
    }
    removed
}

/// The environments in the cache, by key.
pub fn list(cache_dir: &Path) -> Vec<Listed> {
    let parent = environments_dir(cache_dir);
    let Ok(entries) = fs::read_dir(&parent) else {
        return Vec::new();
    };
    let mut found: Vec<Listed> = entries
        .flatten()
        .filter(|entry| !entry.file_name().to_string_lossy().starts_with('.'))
        .filter_map(|entry| {
            let path = entry.path();
            let bytes = fs::read(path.join(MANIFEST)).ok()?;
            let manifest: Manifest = serde_json::from_slice(&bytes).ok()?;
            Some(Listed {
                bytes: folder_bytes(&path),
                path,
                manifest,
            })
        })
        .collect();
    found.sort_by(|left, right| left.manifest.key.cmp(&right.manifest.key));
    found
}

fn folder_bytes(root: &Path) -> u64 {
    let mut total = 0;
    let mut pending = vec![root.to_path_buf()];
    while let Some(path) = pending.pop() {
        let Ok(metadata) = fs::symlink_metadata(&path) else {
            continue;
        };
        if metadata.is_dir() {
            if let Ok(entries) = fs::read_dir(&path) {
                pending.extend(entries.filter_map(|entry| entry.ok().map(|entry| entry.path())));
            }
        } else {
            total += metadata.len();
        }
    }
    total
}

/// Removes every environment whose key is not in `keep`, and abandoned staging folders;
/// returns what it removed.
pub fn prune(cache_dir: &Path, keep: &[String]) -> Result<Vec<PathBuf>> {
    let parent = environments_dir(cache_dir);
    let mut removed = remove_abandoned_staging(&parent);
    let Ok(entries) = fs::read_dir(&parent) else {
        return Ok(removed);
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || keep.contains(&name) {
            continue;
        }
        let path = entry.path();
        fs::remove_dir_all(&path).map_err(|error| Error::io("remove", &path, error))?;
        removed.push(path);
    }
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_staging_folder_of_a_dead_process_is_removed_and_a_live_ones_kept() {
        let parent = tempfile::tempdir().unwrap();
        let mine = parent
            .path()
            .join(format!("{STAGING_PREFIX}{}-key-x", std::process::id()));
        // A pid above the kernel's maximum (4194304) is never alive.
        let dead = parent
            .path()
            .join(format!("{STAGING_PREFIX}99999999-key-y"));
        let built = parent.path().join("0123");
        for folder in [&mine, &dead, &built] {
            fs::create_dir_all(folder).unwrap();
        }
        assert_eq!(remove_abandoned_staging(parent.path()), vec![dead.clone()]);
        assert!(mine.is_dir() && built.is_dir() && !dead.exists());
    }

    #[test]
    fn preloaded_modules_are_the_unindented_absolute_imports_found_in_site_packages() {
        let text = "import django\nimport os, django.db.models as m\nfrom django.test import Client  # c\nfrom . import x\n    import flask\nfrom solution import f\nimport pydantic_core\nfrom pydantic import (\n    BaseModel,\n    Field as F,  # a field\n)\nfrom typing import *\n";
        let taking = |module: &str, names: &[&str]| {
            (
                module.to_string(),
                names
                    .iter()
                    .map(|name| name.to_string())
                    .collect::<Vec<_>>(),
            )
        };
        assert_eq!(
            top_level_imports(text),
            [
                taking("django", &[]),
                taking("os", &[]),
                taking("django.db.models", &[]),
                taking("django.test", &["Client"]),
                taking("solution", &["f"]),
                taking("pydantic_core", &[]),
                taking("pydantic", &["BaseModel", "Field"]),
                taking("typing", &[]),
            ]
        );
        let site = tempfile::tempdir().unwrap();
        fs::create_dir(site.path().join("django")).unwrap();
        fs::write(site.path().join("six.py"), "").unwrap();
        fs::create_dir(site.path().join("pydantic_core")).unwrap();
        fs::write(
            site.path()
                .join("_speedups.cpython-311-x86_64-linux-gnu.so"),
            "",
        )
        .unwrap();
        assert!(provides(site.path(), "django"));
        assert!(provides(site.path(), "six"));
        assert!(provides(site.path(), "_speedups"));
        assert!(!provides(site.path(), "os"));
        assert!(!provides(site.path(), "solution"));
    }

    #[test]
    fn the_sync_command_quotes_what_a_shell_would_split() {
        assert_eq!(
            sync_command(&["django-n-plus-one".into()], None),
            "pyjudge env sync django-n-plus-one"
        );
        assert_eq!(
            sync_command(&["--set".into(), "django".into()], None),
            "pyjudge env sync --set django"
        );
        assert_eq!(
            sync_command(&["my pkg".into()], Some(Path::new("/opt/py/bin/python3"))),
            "pyjudge --python /opt/py/bin/python3 env sync 'my pkg'"
        );
    }
}
