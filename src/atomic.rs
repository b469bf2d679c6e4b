//! Files and folders that appear whole or not at all: written under a temporary name in
//! the same folder, then renamed into place, so a reader (or a later run trusting a cache
//! entry) never sees half of one. What goes in them, and what a failure means, is the
//! caller's; this module imports nothing from the crate.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Writes `bytes` to `path` whole: into a temporary file beside it, then renamed over it.
/// The parent folder must exist.
pub fn write(path: &Path, bytes: &[u8]) -> io::Result<()> {
    stage_and_persist(path, bytes, false)
}

/// Like [`write`], and flushed to disk before the rename, so that after a crash the file
/// holds either its old content or the new, never an empty or torn one.
pub fn write_synced(path: &Path, bytes: &[u8]) -> io::Result<()> {
    stage_and_persist(path, bytes, true)
}

fn stage_and_persist(path: &Path, bytes: &[u8], sync: bool) -> io::Result<()> {
    let mut staging = tempfile::NamedTempFile::new_in(parent_of(path))?;
    staging.write_all(bytes)?;
    if sync {
        staging.as_file().sync_all()?;
    }
    staging.persist(path).map_err(|error| error.error)?;
    Ok(())
}

/// The folder `path` is in; "." for a bare file name.
fn parent_of(path: &Path) -> &Path {
    path.parent()
        .filter(|parent| !parent.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// A folder filled under a temporary name beside its target and renamed into place by
/// [`StagedFolder::commit`]; dropped uncommitted, it is removed.
#[derive(Debug)]
pub struct StagedFolder {
    staging: tempfile::TempDir,
    target: PathBuf,
}

impl StagedFolder {
    /// A new empty staging folder for `target`, in `target`'s parent, which must exist.
    pub fn new(target: &Path) -> io::Result<StagedFolder> {
        let name = target
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default();
        let staging = tempfile::Builder::new()
            .prefix(&format!(".{name}-"))
            .tempdir_in(parent_of(target))?;
        Ok(StagedFolder {
            staging,
            target: target.to_path_buf(),
        })
    }

    /// Where to write the folder's content.
    pub fn path(&self) -> &Path {
        self.staging.path()
    }

    /// Renames the staged folder to its target. When the rename fails because another
    /// process put a folder there first (two runs filling the same content-addressed
    /// entry), theirs is kept and counts as done: it holds the same content.
    pub fn commit(self) -> io::Result<PathBuf> {
        let staged = self.staging.keep();
        match fs::rename(&staged, &self.target) {
            Ok(()) => Ok(self.target),
            Err(error) => {
                let _ = fs::remove_dir_all(&staged);
                if self.target.is_dir() {
                    Ok(self.target)
                } else {
                    Err(error)
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_write_replaces_the_file_and_leaves_no_temporary_behind() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("entry.json");
        write(&path, b"old").unwrap();
        write_synced(&path, b"new").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"new");
        assert_eq!(fs::read_dir(folder.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_write_into_a_missing_folder_fails() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("missing").join("entry.json");
        assert!(write(&path, b"data").is_err());
    }

    #[test]
    fn a_committed_folder_appears_whole_and_an_abandoned_one_vanishes() {
        let root = tempfile::tempdir().unwrap();
        let target = root.path().join("key");
        let staged = StagedFolder::new(&target).unwrap();
        fs::write(staged.path().join("case.in"), b"1\n").unwrap();
        assert!(!target.exists());
        assert_eq!(staged.commit().unwrap(), target);
        assert_eq!(fs::read(target.join("case.in")).unwrap(), b"1\n");

        let abandoned = StagedFolder::new(&root.path().join("other")).unwrap();
        let staging = abandoned.path().to_path_buf();
        drop(abandoned);
        assert!(!staging.exists());
        assert_eq!(fs::read_dir(root.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_folder_another_process_committed_first_counts_as_done() {
        let root = tempfile::tempdir().unwrap();
        let target = root.path().join("key");
        let first = StagedFolder::new(&target).unwrap();
        let second = StagedFolder::new(&target).unwrap();
        fs::write(first.path().join("a"), b"first").unwrap();
        fs::write(second.path().join("a"), b"second").unwrap();
        first.commit().unwrap();
        assert_eq!(second.commit().unwrap(), target);
        assert_eq!(fs::read(target.join("a")).unwrap(), b"first");
        assert_eq!(fs::read_dir(root.path()).unwrap().count(), 1);
    }
}
