//! `[environment]`: a framework challenge's lock file, read and checked (exact pins, each
//! with its sha256 hashes). Building the environment and finding it again in the cache are
//! the top-level `environment` module's.

use std::fs;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{Error, Result};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawEnvironment {
    pub(super) lock: String,
}

/// A framework challenge's environment: a lock file of exact pins with hashes, in pip's
/// `--require-hashes` requirements format, beside challenge.toml.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnvironmentSpec {
    /// The lock file.
    pub lock: PathBuf,
    /// Its bytes, which (with the interpreter's version) name the environment.
    pub lock_content: Vec<u8>,
    /// The pinned packages, as (name, version), in the lock's order.
    pub pins: Vec<(String, String)>,
    /// Where the built environment is, once `environment::attach` found it in the cache.
    pub installed: Option<InstalledEnvironment>,
}

/// A built environment as the sandbox needs it: the folder to show read-only and the
/// folder to put on `sys.path`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InstalledEnvironment {
    /// The environment's folder in the cache.
    pub root: PathBuf,
    /// Its site-packages folder, inside `root`.
    pub site_packages: PathBuf,
}

/// Reads `[environment]`'s lock file: a file inside the package whose every requirement is
/// an exact `name==version` pin with at least one `--hash=sha256:` (pip's
/// `--require-hashes` format; comments and `\` continuations allowed).
pub(super) fn environment_spec(
    dir: &Path,
    spec_path: &Path,
    lock: &str,
) -> Result<EnvironmentSpec> {
    let relative = Path::new(lock);
    if relative.is_absolute()
        || relative
            .components()
            .any(|part| matches!(part, std::path::Component::ParentDir))
    {
        return Err(Error::spec_hint(
            spec_path,
            format!("environment.lock {lock:?} is outside the package"),
            "name a lock file beside challenge.toml, e.g. lock = \"requirements.lock\"",
        ));
    }
    let path = dir.join(relative);
    let lock_content = fs::read(&path).map_err(|error| {
        Error::spec_hint(
            &path,
            format!("cannot read the environment's lock file: {error}"),
            "write exact pins with hashes (pip's --require-hashes format); see docs/package-format.md",
        )
    })?;
    let text = String::from_utf8_lossy(&lock_content);
    let pins = parse_lock(&text).map_err(|(line, message)| {
        Error::spec_hint(
            &path,
            format!("line {line}: {message}"),
            "every requirement is name==version followed by --hash=sha256:HEX (pip hash FILE prints it)",
        )
    })?;
    if pins.is_empty() {
        return Err(Error::spec_hint(
            &path,
            "the lock file pins no package",
            "list the packages as name==version --hash=sha256:HEX, or remove [environment]",
        ));
    }
    Ok(EnvironmentSpec {
        lock: path,
        lock_content,
        pins,
        installed: None,
    })
}

/// The pins of a lock file, or the (1-based) line of the first bad requirement and why.
pub fn parse_lock(text: &str) -> std::result::Result<Vec<(String, String)>, (usize, String)> {
    let mut pins = Vec::new();
    let mut logical = String::new();
    let mut first_line = 0;
    let lines: Vec<&str> = text.lines().collect();
    for (index, line) in lines.iter().enumerate() {
        let line = line
            .split_once('#')
            .map_or(*line, |(before, _)| before)
            .trim();
        if logical.is_empty() {
            first_line = index + 1;
        }
        match line.strip_suffix('\\') {
            Some(continued) => {
                logical.push_str(continued);
                logical.push(' ');
                if index + 1 < lines.len() {
                    continue;
                }
            }
            None => logical.push_str(line),
        }
        let requirement = std::mem::take(&mut logical);
        let mut words = requirement.split_whitespace();
        let Some(pin) = words.next() else { continue };
        if pin.starts_with('-') {
            return Err((
                first_line,
                format!("option {pin:?}: a lock holds pinned requirements only"),
            ));
        }
        let Some((name, version)) = pin.split_once("==") else {
            return Err((
                first_line,
                format!("{pin:?} is not an exact name==version pin"),
            ));
        };
        let name_ok = !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c));
        let version_ok = !version.is_empty()
            && version
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "._+!".contains(c));
        if !name_ok || !version_ok {
            return Err((
                first_line,
                format!("{pin:?} is not an exact name==version pin"),
            ));
        }
        let mut hashes = 0;
        for word in words {
            let Some(digest) = word.strip_prefix("--hash=sha256:") else {
                return Err((
                    first_line,
                    format!("{word:?} after {pin}: only --hash=sha256:HEX may follow a pin"),
                ));
            };
            if digest.len() != 64 || !digest.chars().all(|c| c.is_ascii_hexdigit()) {
                return Err((
                    first_line,
                    format!("{word:?} is not a sha256 digest (64 hex digits)"),
                ));
            }
            hashes += 1;
        }
        if hashes == 0 {
            return Err((first_line, format!("{pin} has no --hash=sha256:")));
        }
        pins.push((name.to_string(), version.to_string()));
    }
    Ok(pins)
}

#[cfg(test)]
mod tests {
    use super::parse_lock;

    const HASH: &str = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    #[test]
    fn exact_pins_with_hashes_and_continuations_are_read() {
        let text = format!(
            "# locked\npydantic==2.11.7 \\\n    --hash=sha256:{HASH} \\\n    --hash=sha256:{HASH}\n\ntyping-extensions==4.14.1 --hash=sha256:{HASH}  # pure\n"
        );
        assert_eq!(
            parse_lock(&text).unwrap(),
            vec![
                ("pydantic".to_string(), "2.11.7".to_string()),
                ("typing-extensions".to_string(), "4.14.1".to_string()),
            ]
        );
    }

    #[test]
    fn a_range_an_unhashed_pin_and_an_option_are_refused_with_their_line() {
        let range = format!("django>=5.2 --hash=sha256:{HASH}\n");
        assert_eq!(parse_lock(&range).unwrap_err().0, 1);
        let unhashed = format!("a==1 --hash=sha256:{HASH}\n\nb==2\n");
        let (line, message) = parse_lock(&unhashed).unwrap_err();
        assert_eq!(line, 3);
        assert!(message.contains("no --hash"), "{message}");
        assert!(parse_lock("--index-url https://example.org\n").is_err());
        assert!(parse_lock("a==1 --hash=sha256:abc\n").is_err());
    }
}
