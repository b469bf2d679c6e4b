//! The judge's own failures: everything that is not the candidate's fault.
//!
//! A wrong or crashing submission is a verdict, never an `Error`. These errors carry the
//! path and the offending value, read after "failed to ...", and may carry a hint line.

use std::path::PathBuf;

/// A failure of pyjudge itself, reported with exit code 2.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A challenge package that does not load or validate.
    #[error("failed to read challenge package at {}: {message}", path.display())]
    Spec {
        path: PathBuf,
        message: String,
        hint: Option<String>,
    },
    /// A file or folder that could not be read or written.
    #[error("failed to {action} {}: {source}", path.display())]
    Io {
        action: &'static str,
        path: PathBuf,
        source: std::io::Error,
    },
    /// No usable Python interpreter.
    #[error("failed to find a Python interpreter: {message}")]
    NoPython { message: String },
    /// A challenge name that matches no package.
    #[error("failed to find challenge {name:?} in {}", dir.display())]
    UnknownChallenge {
        name: String,
        dir: PathBuf,
        suggestions: Vec<String>,
    },
    /// A submission path that is not a readable file.
    #[error("failed to read submission {}: {message}", path.display())]
    Submission { path: PathBuf, message: String },
    /// The sandbox could not be set up or broke down.
    #[error("failed to run the sandbox: {message}")]
    Sandbox { message: String },
    /// A custom checker or generator that failed.
    #[error("failed to run {what} {}: {message}", path.display())]
    Script {
        what: &'static str,
        path: PathBuf,
        message: String,
    },
    /// The history database (the data folder's SQLite file) that cannot be opened, read or
    /// written; it is never reset, so the hint says what the user can do with the file.
    #[error("failed to {action} the history database {}: {message}", path.display())]
    History {
        action: &'static str,
        path: PathBuf,
        message: String,
        hint: Option<String>,
    },
    /// A framework challenge whose environment is not built (judging never downloads).
    #[error(
        "failed to find the environment of challenge {challenge} (locked in {}) for Python {python_version} in the cache",
        lock.display()
    )]
    EnvironmentMissing {
        challenge: String,
        lock: PathBuf,
        python_version: String,
        /// The command that builds it.
        command: String,
    },
    /// An environment that could not be built.
    #[error("failed to build an environment: {message}")]
    Environment {
        message: String,
        hint: Option<String>,
    },
    /// Bad command-line usage that clap cannot catch.
    #[error("{message}")]
    Usage { message: String },
}

impl Error {
    /// A line telling the user how to fix it, when there is one.
    pub fn hint(&self) -> Option<String> {
        match self {
            Error::Spec { hint, .. } | Error::History { hint, .. } => hint.clone(),
            Error::NoPython { .. } => Some(
                "pass --python PATH or set PYJUDGE_PYTHON, or install python3 (3.10 or newer)"
                    .into(),
            ),
            Error::UnknownChallenge { suggestions, .. } if !suggestions.is_empty() => {
                Some(format!("did you mean {}?", suggestions.join(", ")))
            }
            Error::UnknownChallenge { .. } => {
                Some("run `pyjudge list` to see the challenges, or pass a package folder".into())
            }
            Error::EnvironmentMissing { command, .. } => Some(format!(
                "run `{command}` first (it downloads the locked wheels once; grade and check never download)"
            )),
            Error::Environment { hint, .. } => hint.clone(),
            _ => None,
        }
    }

    pub(crate) fn spec(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Error::Spec {
            path: path.into(),
            message: message.into(),
            hint: None,
        }
    }

    pub(crate) fn spec_hint(
        path: impl Into<PathBuf>,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) -> Self {
        Error::Spec {
            path: path.into(),
            message: message.into(),
            hint: Some(hint.into()),
        }
    }

    pub(crate) fn io(
        action: &'static str,
        path: impl Into<PathBuf>,
        source: std::io::Error,
    ) -> Self {
        Error::Io {
            action,
            path: path.into(),
            source,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
