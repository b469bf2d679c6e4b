//! The report of `doctor`: the interpreter and each sandbox layer, for people and as JSON.

use std::fmt::Write as _;

use serde_json::json;

use super::table::{Cell, Column, Table};

/// `pyjudge doctor`: the interpreter and each sandbox layer, on or off and why.
//
// A deliberate repetition: this and `doctor_json` take the same four findings, as `app`
// calls them; one `DoctorReport` value built in `app` would remove the second list.
pub fn doctor_human(
    python: &crate::python::Python,
    containment: &crate::sandbox::Containment,
    ready: bool,
    warm: &std::result::Result<(), String>,
    environments: &[crate::environment::Listed],
) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "python: {} ({})",
        python.executable.display(),
        python.version_string()
    );
    let _ = writeln!(out, "python from: {}", python.origin.describe());
    let _ = writeln!(
        out,
        "candidate uid outside the sandbox: {}",
        containment.uid
    );
    let _ = writeln!(out, "\nsandbox layers:");
    let mut layers = Table::new("  ", vec![Column::left("").at_least(3), Column::left("")]);
    for (name, layer) in containment.layers.named() {
        let reason = layer
            .reason
            .as_deref()
            .map(|reason| format!("  ({reason})"))
            .unwrap_or_default();
        layers.row(vec![
            Cell::plain(if layer.active { "on" } else { "off" }),
            Cell::plain(format!("{name}{reason}")),
        ]);
    }
    out.push_str(&layers.render(false));
    let _ = writeln!(
        out,
        "\nwarm runners (grade, check): {}",
        match warm {
            Ok(()) => "on: each submission forked into fresh namespaces".to_string(),
            Err(reason) => format!("off ({reason}): every submission starts its own interpreter"),
        }
    );
    out.push_str(&super::env::environments_section(environments));
    let _ = writeln!(
        out,
        "\n{}",
        if ready {
            "every layer --sandbox strict needs is on: grade and check will run"
        } else {
            "some layers --sandbox strict needs are off: grade and check refuse to run unless --sandbox permissive"
        }
    );
    out
}

/// `pyjudge doctor --format json`.
pub fn doctor_json(
    python: &crate::python::Python,
    containment: &crate::sandbox::Containment,
    ready: bool,
    warm: &std::result::Result<(), String>,
    environments: &[crate::environment::Listed],
) -> String {
    let warm_runner = match warm {
        Ok(()) => json!({"active": true}),
        Err(reason) => json!({"active": false, "reason": reason}),
    };
    let document = json!({
        "python": {
            "executable": python.executable,
            "version": python.version_string(),
            "origin": python.origin.name(),
        },
        "uid": containment.uid,
        "layers": containment.layers,
        "strict_ready": ready,
        "warm_runner": warm_runner,
        "environments": super::env::environments_json(environments),
    });
    super::json_document(&document)
}
