//! An interactive case's plumbing: two FIFOs staged in the work folder that the case's child
//! opens as its stdin and stdout (sandbox/runner.py, `connect_interactor`), and their other
//! ends here, for an interactor that runs outside the sandbox. Who the interactor is, what
//! it is given and what its exit means is the caller's (`judge`): this module never sees
//! an expected answer.

use std::ffi::CString;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::OpenOptionsExt;

use super::*;

/// The supervisor's ends of an interactive case's two FIFOs, made by
/// [`Session::stage_interaction`] before the interactor starts; the case is sent with
/// [`Session::send_interactive_case`] once the interactor holds its ends.
pub struct Interaction {
    /// The write end of the candidate's stdin: the interactor's stdout.
    pub to_candidate: Option<File>,
    /// The read end of the candidate's stdout: the interactor's stdin.
    pub from_candidate: Option<File>,
    /// A reader and writer of the candidate's stdin FIFO, held until the interactor has
    /// ended or the case's result has come: what the interactor writes before the
    /// candidate has opened its end waits in the FIFO (rather than failing for want of a
    /// reader), and the candidate's open never waits for a writer.
    hold: Mutex<Option<File>>,
    /// The two FIFOs (stdin, stdout), relative to the work folder, for the case command;
    /// removed when this is dropped.
    names: [String; 2],
    paths: [PathBuf; 2],
}

impl Interaction {
    /// Lets go of the candidate's stdin: once the interactor has ended too, the candidate
    /// reads an end of file, and an interactor still writing to a candidate that has ended
    /// gets a broken pipe.
    pub fn release(&self) {
        self.hold
            .lock()
            .unwrap_or_else(|poison| poison.into_inner())
            .take();
    }
}

impl Interaction {
    /// Lets go of the candidate's stdin once nothing written to it is left unread (or once
    /// [`Interaction::release`] was called): for an interactor that has ended, whose last
    /// words must reach a candidate that may not have opened its end yet. Kattis makes the
    /// pipes before either end starts; a FIFO with neither reader nor writer drops what it
    /// holds.
    pub fn release_when_read(&self) {
        loop {
            {
                let mut hold = self
                    .hold
                    .lock()
                    .unwrap_or_else(|poison| poison.into_inner());
                let Some(file) = hold.as_ref() else {
                    return;
                };
                let mut unread: libc::c_int = 0;
                // SAFETY: FIONREAD writes one int through a pointer that lives through the call.
                let asked = unsafe { libc::ioctl(file.as_raw_fd(), libc::FIONREAD, &mut unread) };
                if asked != 0 || unread == 0 {
                    hold.take();
                    return;
                }
            }
            std::thread::sleep(Duration::from_millis(2));
        }
    }
}

impl Drop for Interaction {
    fn drop(&mut self) {
        for path in &self.paths {
            let _ = fs::remove_file(path);
        }
    }
}

impl Session<'_> {
    /// Stages an interactive case's two FIFOs under names no case can guess, in the folder
    /// no case can list, and opens the supervisor's ends (none of these opens waits).
    pub fn stage_interaction(&mut self) -> Result<Interaction> {
        let stem = format!("in/{}", unguessable_name()?);
        let names = [format!("{stem}.to"), format!("{stem}.from")];
        let paths = [
            self.workdir.path.join(&names[0]),
            self.workdir.path.join(&names[1]),
        ];
        // The candidate reads the first and writes the second; the view's /judge is a
        // read-only mount, where only a FIFO can be opened for writing.
        for (path, mode) in paths.iter().zip([0o644, 0o622]) {
            make_fifo(path, mode)?;
        }
        // Made first, so that the FIFOs are removed should an open fail.
        let mut interaction = Interaction {
            to_candidate: None,
            from_candidate: None,
            hold: Mutex::new(None),
            names,
            paths,
        };
        let open = |path: &Path, options: &mut fs::OpenOptions| {
            let file = options
                .custom_flags(libc::O_NONBLOCK)
                .open(path)
                .map_err(|error| Error::io("open the interactive pipe", path, error))?;
            set_blocking(&file);
            Ok::<File, Error>(file)
        };
        let [stdin_fifo, stdout_fifo] = interaction.paths.clone();
        // Linux opens a FIFO for reading and writing at once without a partner; with that
        // reader in place the write end opens too.
        let hold = open(&stdin_fifo, fs::OpenOptions::new().read(true).write(true))?;
        interaction.to_candidate = Some(open(&stdin_fifo, fs::OpenOptions::new().write(true))?);
        interaction.from_candidate = Some(open(&stdout_fifo, fs::OpenOptions::new().read(true))?);
        *interaction
            .hold
            .get_mut()
            .unwrap_or_else(|poison| poison.into_inner()) = Some(hold);
        Ok(interaction)
    }

    /// Sends the interactive case staged in `interaction`: the case's child takes its two
    /// FIFOs as stdin and stdout. Its result comes from [`Session::await_case`].
    pub fn send_interactive_case(&mut self, id: &str, interaction: &Interaction) -> Result<()> {
        if crate::cancel::cancelled() {
            self.kill();
            return Err(Error::Sandbox {
                message: "the run was cancelled".into(),
            });
        }
        let command = json!({
            "cmd": "case",
            "id": id,
            "stdin": interaction.names[0],
            "stdout": interaction.names[1],
        });
        self.in_flight.push_back(None);
        self.send(&command)
    }
}

fn make_fifo(path: &Path, mode: u32) -> Result<()> {
    let name = CString::new(path.as_os_str().as_bytes()).map_err(|_| {
        Error::io(
            "create the FIFO",
            path,
            std::io::ErrorKind::InvalidInput.into(),
        )
    })?;
    // SAFETY: mkfifo(3) with a NUL-terminated path that lives through the call.
    if unsafe { libc::mkfifo(name.as_ptr(), 0o600) } != 0 {
        return Err(Error::io(
            "create the FIFO",
            path,
            std::io::Error::last_os_error(),
        ));
    }
    fs::set_permissions(path, fs::Permissions::from_mode(mode))
        .map_err(|error| Error::io("set the mode of", path, error))
}

fn set_blocking(file: &File) {
    let fd = file.as_raw_fd();
    // SAFETY: fcntl on a descriptor this process owns; only O_NONBLOCK is cleared.
    unsafe {
        let flags = libc::fcntl(fd, libc::F_GETFL);
        if flags >= 0 {
            libc::fcntl(fd, libc::F_SETFL, flags & !libc::O_NONBLOCK);
        }
    }
}

/// Now on the monotonic clock, in seconds: the clock the runner stamps a case's end with
/// (one clock for every process on the machine, namespaces or not).
pub fn monotonic_seconds() -> f64 {
    let mut now = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime writes one timespec that lives through the call.
    unsafe {
        libc::clock_gettime(libc::CLOCK_MONOTONIC, &mut now);
    }
    now.tv_sec as f64 + now.tv_nsec as f64 / 1e9
}
