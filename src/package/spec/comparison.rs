//! `[comparison]`: the method and its options, each option allowed only with the methods it
//! applies to, and the default for each kind of package.

use std::path::Path;

use serde::Deserialize;

use super::{Comparison, JsonOptions, Kind};
use crate::error::{Error, Result};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawComparison {
    method: RawMethod,
    case_sensitive: Option<bool>,
    abs_tol: Option<f64>,
    rel_tol: Option<f64>,
    unordered_lists: Option<bool>,
    int_float_equal: Option<bool>,
    script: Option<String>,
}

#[derive(Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
enum RawMethod {
    Exact,
    Lines,
    Tokens,
    Float,
    Json,
    Checker,
}

pub(super) fn comparison(
    kind: Kind,
    section: Option<&RawComparison>,
    dir: &Path,
    spec_path: &Path,
) -> Result<Comparison> {
    let default_method = match kind {
        Kind::Function => RawMethod::Json,
        Kind::Stdio | Kind::Predict => RawMethod::Lines,
    };
    if kind == Kind::Predict && section.is_some() {
        return Err(Error::spec_hint(
            spec_path,
            "a [comparison] section in a kind = \"predict\" package",
            "remove [comparison]: predictions are compared line by line, trailing white space and blank lines at either end ignored",
        ));
    }
    let empty = RawComparison {
        method: default_method,
        case_sensitive: None,
        abs_tol: None,
        rel_tol: None,
        unordered_lists: None,
        int_float_equal: None,
        script: None,
    };
    let options = section.unwrap_or(&empty);
    let reject = |field: &str, method: &str| {
        Err(Error::spec_hint(
            spec_path,
            format!("comparison.{field} does not apply to method = \"{method}\""),
            format!("remove comparison.{field}"),
        ))
    };
    if kind == Kind::Function && !matches!(options.method, RawMethod::Json | RawMethod::Checker) {
        return Err(Error::spec_hint(
            spec_path,
            "a kind = \"function\" package compares observations, not text",
            "use method = \"json\" or \"checker\"",
        ));
    }
    for (field, present, allowed) in [
        (
            "case_sensitive",
            options.case_sensitive.is_some(),
            &[RawMethod::Tokens, RawMethod::Float][..],
        ),
        (
            "abs_tol",
            options.abs_tol.is_some(),
            &[RawMethod::Float, RawMethod::Json][..],
        ),
        (
            "rel_tol",
            options.rel_tol.is_some(),
            &[RawMethod::Float, RawMethod::Json][..],
        ),
        (
            "unordered_lists",
            options.unordered_lists.is_some(),
            &[RawMethod::Json][..],
        ),
        (
            "int_float_equal",
            options.int_float_equal.is_some(),
            &[RawMethod::Json][..],
        ),
        (
            "script",
            options.script.is_some(),
            &[RawMethod::Checker][..],
        ),
    ] {
        if present && !allowed.contains(&options.method) {
            return reject(field, method_name(options.method));
        }
    }
    for (field, value) in [("abs_tol", options.abs_tol), ("rel_tol", options.rel_tol)] {
        if matches!(value, Some(tolerance) if !(tolerance >= 0.0 && tolerance.is_finite())) {
            return Err(Error::spec_hint(
                spec_path,
                format!("comparison.{field} must be a finite number of at least 0"),
                format!("write e.g. {field} = 1e-6"),
            ));
        }
    }
    Ok(match options.method {
        RawMethod::Exact => Comparison::Exact,
        RawMethod::Lines => Comparison::Lines,
        RawMethod::Tokens => Comparison::Tokens {
            case_sensitive: options.case_sensitive.unwrap_or(true),
        },
        RawMethod::Float => Comparison::Float {
            abs_tol: options.abs_tol.unwrap_or(1e-6),
            rel_tol: options.rel_tol.unwrap_or(1e-6),
            case_sensitive: options.case_sensitive.unwrap_or(true),
        },
        RawMethod::Json => Comparison::Json(JsonOptions {
            unordered_lists: options.unordered_lists.unwrap_or(false),
            int_float_equal: options.int_float_equal.unwrap_or(false),
            abs_tol: options.abs_tol.unwrap_or(0.0),
            rel_tol: options.rel_tol.unwrap_or(0.0),
        }),
        RawMethod::Checker => {
            let Some(script) = &options.script else {
                return Err(Error::spec_hint(
                    spec_path,
                    "missing field comparison.script",
                    "method = \"checker\" needs script = \"checker.py\"",
                ));
            };
            let path = dir.join(script);
            if !path.is_file() {
                return Err(Error::spec_hint(
                    spec_path,
                    format!("comparison.script {script:?} does not exist"),
                    "name a Python file inside the package",
                ));
            }
            Comparison::Checker { script: path }
        }
    })
}

fn method_name(method: RawMethod) -> &'static str {
    match method {
        RawMethod::Exact => "exact",
        RawMethod::Lines => "lines",
        RawMethod::Tokens => "tokens",
        RawMethod::Float => "float",
        RawMethod::Json => "json",
        RawMethod::Checker => "checker",
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::{load_error, GOOD};

    #[test]
    fn an_unknown_comparison_lists_the_known_ones() {
        let message = load_error(&format!("{GOOD}[comparison]\nmethod = \"fuzzy\"\n"));
        assert!(message.contains("unknown variant `fuzzy`"), "{message}");
        assert!(message.contains("json"), "{message}");
    }

    #[test]
    fn tolerance_options_only_where_they_apply() {
        let message = load_error(&format!(
            "{GOOD}[comparison]\nmethod = \"json\"\ncase_sensitive = false\n"
        ));
        assert!(
            message.contains("case_sensitive does not apply"),
            "{message}"
        );
    }
}
