//! Elsewhere: no sandbox yet. pyjudge builds, lists, shows and checks packages, and
//! says clearly that it cannot contain a submission here.

use std::path::Path;

use super::Launched;
use crate::error::{Error, Result};
use crate::python::Python;

pub(super) fn launch(
    _python: &Python,
    _workdir: &Path,
    _limits: &crate::package::spec::Limits,
) -> Result<Launched> {
    Err(Error::Sandbox {
        message: "pyjudge's sandbox needs Linux (user, pid, mount and network namespaces); \
                  it cannot contain a submission on this platform"
            .into(),
    })
}

pub(super) fn kill_and_reap(_pid: i32, _group: bool) {}

/// Where work folders are made: the temporary folder.
pub(super) fn work_base() -> Result<std::path::PathBuf> {
    Ok(std::env::temp_dir())
}

pub(super) const VIEW_JUDGE_DIR: &str = "/judge";

pub(super) fn launch_warm(_python: &Python, _home: &Path) -> Result<(Launched, serde_json::Value)> {
    Err(Error::Sandbox {
        message: "a warm runner needs Linux namespaces".into(),
    })
}

pub(super) fn kill_only(_pid: i32) {}

pub(super) fn refuse_cgroups(_reason: String) {}

pub(super) fn submission_pipes() -> Result<(File, File, File, File)> {
    Err(Error::Sandbox {
        message: "a warm runner needs Linux".into(),
    })
}

pub(super) fn send_record(
    _socket: &File,
    _message: &serde_json::Value,
    _fds: &[i32],
) -> std::io::Result<()> {
    Err(std::io::Error::other("a warm runner needs Linux"))
}
