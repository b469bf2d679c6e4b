//! The reports of `env sync` and `env list` (and the environments `doctor` lists): human
//! tables and JSON.

use std::fmt::Write as _;

use serde_json::json;

use super::table::{Cell, Column, Table};
use crate::environment::Listed;

/// One environment as `env sync` left it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Synced {
    /// The environment's key (its folder's name).
    pub key: String,
    /// `built` (now), `ready` (there already) or `failed`.
    pub status: &'static str,
    /// The pinned packages, `name==version`.
    pub packages: Vec<String>,
    /// The challenges that need it.
    pub challenges: Vec<String>,
    /// Its folder.
    pub path: String,
    /// Seconds it took to build (0 when it was there).
    pub seconds: f64,
}

/// `pyjudge env sync`: one line per environment.
pub fn env_sync_human(synced: &[Synced]) -> String {
    if synced.is_empty() {
        return "no challenge named needs an environment: standard-library challenges run as they are\n".into();
    }
    let mut table = Table::new(
        "",
        vec![
            Column::left("ENVIRONMENT"),
            Column::left("STATUS"),
            Column::left("CHALLENGES"),
            Column::left("PACKAGES"),
        ],
    );
    for entry in synced {
        table.row(vec![
            Cell::plain(&entry.key),
            Cell::plain(if entry.status == "built" {
                format!("built in {:.1} s", entry.seconds)
            } else {
                entry.status.to_string()
            }),
            Cell::plain(entry.challenges.join(", ")),
            Cell::plain(entry.packages.join(" ")),
        ]);
    }
    table.render(false)
}

/// `pyjudge env sync --format json` is not offered; the JSON of a sync for tests and tools.
pub fn env_sync_json(synced: &[Synced]) -> String {
    super::json_document(&synced)
}

/// `pyjudge env list`.
pub fn env_list_human(environments: &[Listed]) -> String {
    if environments.is_empty() {
        return "no environments in the cache; framework challenges need `pyjudge env sync`\n"
            .into();
    }
    let mut table = Table::new(
        "",
        vec![
            Column::left("ENVIRONMENT"),
            Column::left("PYTHON"),
            Column::right("SIZE"),
            Column::left("CHALLENGES"),
            Column::left("PACKAGES"),
        ],
    );
    for listed in environments {
        table.row(vec![
            Cell::plain(&listed.manifest.key),
            Cell::plain(&listed.manifest.python_version),
            Cell::plain(format!("{:.1} MB", listed.bytes as f64 / 1_048_576.0)),
            Cell::plain(listed.manifest.challenges.join(", ")),
            Cell::plain(listed.manifest.packages.join(" ")),
        ]);
    }
    table.render(false)
}

/// `pyjudge env list --format json`: an array of environments.
pub fn env_list_json(environments: &[Listed]) -> String {
    super::json_document(&environments_json(environments))
}

/// The environments as JSON values, for `env list` and `doctor`.
pub(super) fn environments_json(environments: &[Listed]) -> serde_json::Value {
    environments
        .iter()
        .map(|listed| {
            json!({
                "key": listed.manifest.key,
                "path": listed.path,
                "python_version": listed.manifest.python_version,
                "packages": listed.manifest.packages,
                "challenges": listed.manifest.challenges,
                "installer": listed.manifest.installer,
                "bytes": listed.bytes,
            })
        })
        .collect()
}

/// The environments section of `doctor`'s human report.
pub(super) fn environments_section(environments: &[Listed]) -> String {
    let mut out = String::from("\nenvironments (framework challenges, `pyjudge env list`):\n");
    if environments.is_empty() {
        out.push_str("  none built; `pyjudge env sync` builds what framework challenges need\n");
    }
    for listed in environments {
        let _ = writeln!(
            out,
            "  {}  Python {}  {}  ({})",
            listed.manifest.key,
            listed.manifest.python_version,
            listed.manifest.packages.join(" "),
            listed.manifest.challenges.join(", ")
        );
    }
    out
}

/// What `env prune` removed.
pub fn env_prune_human(removed: &[std::path::PathBuf]) -> String {
    if removed.is_empty() {
        return "nothing to remove\n".into();
    }
    let mut out = String::new();
    for path in removed {
        let _ = writeln!(out, "removed {}", path.display());
    }
    out
}
