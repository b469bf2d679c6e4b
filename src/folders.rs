//! Where pyjudge keeps its files: the cache folder (generated cases, compiled runners,
//! grade results, the unpacked library) and the data folder (the history). Imports nothing
//! of the crate.

use std::path::PathBuf;

/// The user's cache folder for pyjudge: PYJUDGE_CACHE_DIR, XDG_CACHE_HOME or ~/.cache.
pub fn cache_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("PYJUDGE_CACHE_DIR") {
        return PathBuf::from(dir);
    }
    if let Some(dir) = std::env::var_os("XDG_CACHE_HOME").filter(|dir| !dir.is_empty()) {
        return PathBuf::from(dir).join("pyjudge");
    }
    if let Some(home) = std::env::var_os("HOME").filter(|dir| !dir.is_empty()) {
        return PathBuf::from(home).join(".cache").join("pyjudge");
    }
    std::env::temp_dir().join("pyjudge-cache")
}

/// The user's data folder for pyjudge (the submission and interview history):
/// PYJUDGE_DATA_DIR, XDG_DATA_HOME or ~/.local/share. Unlike the cache, what is here is the
/// user's own and is never deleted by pyjudge.
pub fn data_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("PYJUDGE_DATA_DIR").filter(|dir| !dir.is_empty()) {
        return PathBuf::from(dir);
    }
    if let Some(dir) = std::env::var_os("XDG_DATA_HOME").filter(|dir| !dir.is_empty()) {
        return PathBuf::from(dir).join("pyjudge");
    }
    if let Some(home) = std::env::var_os("HOME").filter(|dir| !dir.is_empty()) {
        return PathBuf::from(home)
            .join(".local")
            .join("share")
            .join("pyjudge");
    }
    std::env::temp_dir().join("pyjudge-data")
}
