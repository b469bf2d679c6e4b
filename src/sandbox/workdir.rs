//! A submission's work folder: made private, filled with what the runner needs, and removed
//! with everything in it.

use super::*;

/// The helpers a framework harness imports as `harnesskit` (sandbox/harnesskit.py): written
/// beside every custom harness, and into a warm runner's home for the harness it preloads.
/// The runner loads it by its path (see `load_helper` in sandbox/runner.py).
pub(super) const HARNESSKIT_SOURCE: &str = include_str!("../../sandbox/harnesskit.py");

/// 128 random bits in hex, from the kernel.
pub(super) fn unguessable_name() -> Result<String> {
    let mut bytes = [0u8; 16];
    File::open("/dev/urandom")
        .and_then(|mut random| random.read_exact(&mut bytes))
        .map_err(|error| Error::io("read", Path::new("/dev/urandom"), error))?;
    Ok(crate::digest::hex(&bytes))
}

/// The sandbox's temporary working directory: only what the run needs.
pub(super) struct WorkDir {
    pub(super) path: PathBuf,
    pub(super) removed: bool,
}

impl WorkDir {
    /// A temporary folder with the runner and the submission: a cold session's.
    pub(super) fn create(setup: &SessionSetup) -> Result<WorkDir> {
        let workdir = WorkDir::temporary()?;
        workdir.write_runner(setup.python)?;
        workdir.write_submission(setup)?;
        Ok(workdir)
    }

    /// A temporary folder with the runner only: a warm runner's, which gets a folder of
    /// this kind per submission inside it.
    pub(super) fn create_home(python: &Python) -> Result<WorkDir> {
        let workdir = WorkDir::temporary()?;
        workdir.write_runner(python)?;
        workdir.write("harnesskit.py", HARNESSKIT_SOURCE.as_bytes())?;
        Ok(workdir)
    }

    /// The folder `path` with the submission: one submission's in a warm runner's home.
    pub(super) fn create_in(path: &Path, setup: &SessionSetup) -> Result<WorkDir> {
        fs::create_dir(path).map_err(|error| Error::io("create", path, error))?;
        let workdir = WorkDir {
            path: path.to_path_buf(),
            removed: false,
        };
        fs::set_permissions(path, fs::Permissions::from_mode(0o755))
            .map_err(|error| Error::io("set the mode of", path, error))?;
        workdir.write_submission(setup)?;
        Ok(workdir)
    }

    pub(super) fn temporary() -> Result<WorkDir> {
        let base = platform::work_base()?;
        let dir = tempfile::Builder::new()
            .prefix("pyjudge-")
            .tempdir_in(&base)
            .map_err(|error| Error::io("create a temporary folder in", &base, error))?;
        Ok(WorkDir {
            path: dir.keep(),
            removed: false,
        })
    }

    /// Writes a file the candidate's uid may read and not write, whatever the umask.
    pub(super) fn write(&self, name: &str, contents: &[u8]) -> Result<()> {
        let target = self.path.join(name);
        fs::write(&target, contents).map_err(|error| Error::io("write", &target, error))?;
        fs::set_permissions(&target, fs::Permissions::from_mode(0o644))
            .map_err(|error| Error::io("set the mode of", &target, error))
    }

    pub(super) fn folder(&self, name: &str, mode: u32) -> Result<()> {
        let path = self.path.join(name);
        fs::create_dir(&path).map_err(|error| Error::io("create", &path, error))?;
        fs::set_permissions(&path, fs::Permissions::from_mode(mode))
            .map_err(|error| Error::io("set the mode of", &path, error))
    }

    pub(super) fn write_runner(&self, python: &Python) -> Result<()> {
        self.write("runner.py", RUNNER_SOURCE.as_bytes())?;
        if let Some(compiled) = &python.compiled_runner {
            self.write("runner.bin", compiled)?;
        }
        self.folder(".root", 0o755)
    }

    pub(super) fn write_submission(&self, setup: &SessionSetup) -> Result<()> {
        self.write("solution.py", setup.source)?;
        if let HarnessSetup::Custom(source) = &setup.harness {
            self.write("harness.py", source.as_bytes())?;
            self.write("harnesskit.py", HARNESSKIT_SOURCE.as_bytes())?;
        }
        // Files in it can be opened by name, but nobody in the sandbox can list it (the
        // owner neither: the candidate is the owner where pyjudge is not root).
        self.folder("in", 0o311)
    }

    pub(super) fn remove(&mut self) {
        if self.removed {
            return;
        }
        self.removed = true;
        remove_tree(&self.path);
    }
}

impl Drop for WorkDir {
    fn drop(&mut self) {
        self.remove();
    }
}

/// Removes a tree the candidate may have made hostile: symlinks are removed, never
/// followed (std's remove_dir_all does not follow them), and folders the candidate made
/// unreadable are opened up first.
pub(super) fn remove_tree(path: &Path) {
    if fs::remove_dir_all(path).is_ok() || !path.exists() {
        return;
    }
    open_up(path);
    if let Err(error) = fs::remove_dir_all(path) {
        eprintln!(
            "pyjudge: warning: could not remove the sandbox folder {}: {error}",
            path.display()
        );
    }
}

pub(super) fn open_up(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let Ok(metadata) = fs::symlink_metadata(path) else {
        return;
    };
    if !metadata.is_dir() {
        return;
    }
    let _ = fs::set_permissions(path, fs::Permissions::from_mode(0o700));
    if let Ok(entries) = fs::read_dir(path) {
        for entry in entries.flatten() {
            open_up(&entry.path());
        }
    }
}
