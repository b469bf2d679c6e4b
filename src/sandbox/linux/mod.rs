//! Linux: clone(2) into new namespaces, a pivot_root into a minimal read-only view,
//! landlock and seccomp; a process-group fallback where namespaces are refused.
//!
//! Each optional layer that the kernel refuses is switched off for the rest of the
//! process and the launch is tried again without it, so a machine gives the most it can
//! and `Containment` says exactly what that was.

use std::collections::BTreeMap;
use std::ffi::{CString, OsStr};
use std::fs::File;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Mutex;

use super::{
    runner_arguments, runner_environment, Containment, Launched, Layer, Layers, Places,
    RunnerProcess,
};
use crate::error::{Error, Result};
use crate::package::spec::Limits;
use crate::python::Python;

mod child;
mod launch;
mod plan;

use child::*;
pub(in crate::sandbox) use launch::*;
use plan::*;

/// Inside the namespace the candidate is this uid and gid, never 0.
const INSIDE_ID: u32 = 1000;
/// Root maps a fresh uid per sandbox from this range, so no two sandboxes share one.
const SANDBOX_UID_BASE: u32 = 1_500_000_000;
/// The child keeps the folders it binds on descriptors from this number up.
const FIRST_BIND_FD: libc::c_int = 200;
/// Where the view puts the runner's read-only files and the candidate's working folder.
pub(in crate::sandbox) const VIEW_JUDGE_DIR: &str = "/judge";
const VIEW_WORK_DIR: &str = "/work";

static SEQUENCE: AtomicU32 = AtomicU32::new(0);

/// Layers this process found the kernel refuses, with the reason.
#[derive(Default, Clone)]
struct Refused {
    namespaces: Option<String>,
    view: Option<String>,
    landlock: Option<String>,
    seccomp: Option<String>,
    cgroups: Option<String>,
}

static REFUSED: Mutex<Option<Refused>> = Mutex::new(None);

fn refused() -> Refused {
    let mut guard = REFUSED.lock().unwrap_or_else(|poison| poison.into_inner());
    guard
        .get_or_insert_with(|| {
            let mut refused = Refused::default();
            if std::env::var_os("PYJUDGE_DISABLE_NAMESPACES")
                .is_some_and(|value| !value.is_empty() && value != "0")
            {
                refused.namespaces = Some("disabled by PYJUDGE_DISABLE_NAMESPACES".into());
            }
            if let Err(reason) = landlock_abi() {
                refused.landlock = Some(reason);
            }
            if let Err(reason) = seccomp_programs() {
                refused.seccomp = Some(reason);
            }
            refused
        })
        .clone()
}

fn refuse(update: impl FnOnce(&mut Refused)) {
    let mut guard = REFUSED.lock().unwrap_or_else(|poison| poison.into_inner());
    update(guard.get_or_insert_with(Refused::default));
}

fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions.
    unsafe { libc::geteuid() == 0 }
}

/// The outside uid the candidate runs as.
pub(in crate::sandbox) fn sandbox_uid() -> u32 {
    if is_root() {
        let sequence = SEQUENCE.fetch_add(1, Ordering::Relaxed) % 256;
        SANDBOX_UID_BASE + (std::process::id() % 100_000) * 256 + sequence
    } else {
        // SAFETY: getuid has no preconditions.
        unsafe { libc::getuid() }
    }
}

/// Where work folders are made: the temporary folder (TMPDIR), unless the sandbox could
/// not reach it. As root, the sandbox runs as a fresh unprivileged uid that must enter every
/// folder above its work folder; a TMPDIR below a folder closed to other users (a 0700
/// home or /run/user/N) would leave every submission without its view. Then the first of
/// /tmp, /var/tmp and /dev/shm that it can reach is used, with a warning once; if none
/// can be, the error names the folder and the fix.
pub(in crate::sandbox) fn work_base() -> Result<PathBuf> {
    static BASE: std::sync::OnceLock<std::result::Result<PathBuf, String>> =
        std::sync::OnceLock::new();
    BASE.get_or_init(|| {
        let wanted = std::env::temp_dir();
        if !is_root() {
            return Ok(wanted);
        }
        let resolved = std::fs::canonicalize(&wanted).unwrap_or_else(|_| wanted.clone());
        let Some(closed) = blocked_ancestor(&resolved) else {
            return Ok(wanted);
        };
        let mode = std::fs::metadata(&closed).map_or(0, |metadata| metadata.permissions().mode());
        let why = format!(
            "the sandbox's unprivileged user cannot enter {} (mode {:04o}), above the temporary \
             folder {} (TMPDIR)",
            closed.display(),
            mode & 0o7777,
            wanted.display()
        );
        for fallback in ["/tmp", "/var/tmp", "/dev/shm"] {
            let fallback = Path::new(fallback);
            let reachable = std::fs::canonicalize(fallback)
                .is_ok_and(|real| real.is_dir() && blocked_ancestor(&real).is_none());
            if reachable {
                eprintln!(
                    "pyjudge: warning: {why}; working in {} instead (to work in {}, run \
                     `chmod o+x {}` or set TMPDIR to a folder every user can enter)",
                    fallback.display(),
                    wanted.display(),
                    closed.display()
                );
                return Ok(fallback.to_path_buf());
            }
        }
        Err(format!(
            "{why}, and neither /tmp, /var/tmp nor /dev/shm can be used instead; run `chmod o+x \
             {}` or set TMPDIR to a folder every user can enter",
            closed.display()
        ))
    })
    .clone()
    .map_err(|message| Error::Sandbox { message })
}

fn cstring(text: impl AsRef<OsStr>) -> Result<CString> {
    CString::new(text.as_ref().as_bytes()).map_err(|_| Error::Sandbox {
        message: format!("a path with a NUL byte: {:?}", text.as_ref()),
    })
}

fn pipe() -> Result<(OwnedFd, OwnedFd)> {
    let mut fds = [0; 2];
    // SAFETY: fds is a valid array of two ints.
    if unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) } != 0 {
        return Err(Error::Sandbox {
            message: format!("pipe2: {}", std::io::Error::last_os_error()),
        });
    }
    // SAFETY: pipe2 returned two fresh descriptors that nothing else owns.
    Ok(unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) })
}

/// A pair of connected sockets of records (SOCK_SEQPACKET): a warm runner's channel,
/// whose records carry each submission's own pipes.
fn record_socket_pair() -> Result<(OwnedFd, OwnedFd)> {
    let mut fds = [0; 2];
    // SAFETY: fds is a valid array of two ints.
    if unsafe {
        libc::socketpair(
            libc::AF_UNIX,
            libc::SOCK_SEQPACKET | libc::SOCK_CLOEXEC,
            0,
            fds.as_mut_ptr(),
        )
    } != 0
    {
        return Err(Error::Sandbox {
            message: format!("socketpair: {}", std::io::Error::last_os_error()),
        });
    }
    // SAFETY: socketpair returned two fresh descriptors that nothing else owns.
    Ok(unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) })
}

/// One submission's pipes: (control's read end, control's write end, events' read
/// end, events' write end). The runner's ends go to the warm runner with the request.
pub(in crate::sandbox) fn submission_pipes() -> Result<(File, File, File, File)> {
    let (control_read, control_write) = pipe()?;
    let (events_read, events_write) = pipe()?;
    Ok((
        File::from(control_read),
        File::from(control_write),
        File::from(events_read),
        File::from(events_write),
    ))
}

/// Sends `message` as one record on a warm runner's channel, with `fds` attached.
pub(in crate::sandbox) fn send_record(
    socket: &File,
    message: &serde_json::Value,
    fds: &[RawFd],
) -> std::io::Result<()> {
    let payload = serde_json::to_vec(message).unwrap_or_default();
    let mut iov = libc::iovec {
        iov_base: payload.as_ptr() as *mut libc::c_void,
        iov_len: payload.len(),
    };
    let fd_bytes = std::mem::size_of_val(fds) as libc::c_uint;
    // SAFETY: CMSG_SPACE is a pure computation.
    let space = unsafe { libc::CMSG_SPACE(fd_bytes) } as usize;
    // u64 elements keep the control buffer aligned for cmsghdr.
    let mut control = vec![0u64; space.div_ceil(8).max(1)];
    // SAFETY: msghdr is plain data; zeroed is a valid empty header.
    let mut header: libc::msghdr = unsafe { std::mem::zeroed() };
    header.msg_iov = &mut iov;
    header.msg_iovlen = 1;
    if !fds.is_empty() {
        header.msg_control = control.as_mut_ptr().cast();
        header.msg_controllen = space as _;
        // SAFETY: the control buffer holds CMSG_SPACE(fd_bytes) bytes, so the first
        // header and its data fit; the descriptors are copied in whole.
        unsafe {
            let cmsg = libc::CMSG_FIRSTHDR(&header);
            (*cmsg).cmsg_level = libc::SOL_SOCKET;
            (*cmsg).cmsg_type = libc::SCM_RIGHTS;
            (*cmsg).cmsg_len = libc::CMSG_LEN(fd_bytes) as _;
            std::ptr::copy_nonoverlapping(
                fds.as_ptr().cast::<u8>(),
                libc::CMSG_DATA(cmsg),
                fd_bytes as usize,
            );
        }
    }
    loop {
        // SAFETY: the header points at live buffers for the duration of the call.
        let sent = unsafe { libc::sendmsg(socket.as_raw_fd(), &header, libc::MSG_NOSIGNAL) };
        if sent >= 0 {
            return Ok(());
        }
        let error = std::io::Error::last_os_error();
        if error.kind() != std::io::ErrorKind::Interrupted {
            return Err(error);
        }
    }
}
