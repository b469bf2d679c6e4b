//! A package's static rules (`[rules]`) and the promises of its statement (`[[promises]]`),
//! read and validated.
//!
//! The rules are checked on the submission's syntax tree by the runner before any case
//! runs (`sandbox/runner.py`, `check_rules`); this module only says what they are and
//! gives each one an id. Which rule a submission broke comes back from the sandbox as rule
//! indexes and places only: the message shown is always the package's own, from here.
//! Checking that each promise's breaking fixture fails is `check`'s.

use std::path::Path;

use serde::Deserialize;
use serde_json::{json, Value};

use crate::error::{Error, Result};

/// Where a forbidden call is forbidden.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum Inside {
    /// Anywhere in the module.
    #[serde(rename = "anywhere")]
    Anywhere,
    /// In the body of an `async def` (its nearest enclosing function).
    #[serde(rename = "async def")]
    AsyncDef,
    /// In the body of a plain `def`.
    #[serde(rename = "def")]
    Def,
}

impl Inside {
    fn as_str(self) -> &'static str {
        match self {
            Inside::Anywhere => "anywhere",
            Inside::AsyncDef => "async def",
            Inside::Def => "def",
        }
    }
}

/// The constructs a `require` rule can ask for, as the runner names them.
pub const CONSTRUCTS: &[&str] = &[
    "yield",
    "yield from",
    "await",
    "async with",
    "async for",
    "with",
    "for",
    "while",
    "try",
    "lambda",
    "class",
];

/// What one rule forbids or requires.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuleKind {
    /// A call of this dotted name (after resolving import aliases), where `inside` says.
    ForbidCall { call: String, inside: Inside },
    /// This construct somewhere in the named function (or the module).
    Require {
        construct: String,
        in_function: Option<String>,
    },
    /// Any import of this module or of a module inside it.
    ForbidImport { module: String },
}

/// One static rule of a package.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    /// `id` in challenge.toml, or `forbid_calls[0]`, `require[1]`, `forbid_imports[0]`.
    pub id: String,
    pub kind: RuleKind,
    /// What the candidate reads when the rule is broken.
    pub message: String,
}

/// One "must" or "never" of the statement, with what enforces it and what breaks it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Promise {
    pub text: String,
    /// A case name (`secret/44-large`, or `44-large`) or a rule id.
    pub enforced_by: String,
    /// A submission fixture of the package, relative to it, that must not be accepted.
    pub broken_by: String,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct RawRules {
    #[serde(default)]
    forbid_calls: Vec<RawForbidCall>,
    #[serde(default)]
    require: Vec<RawRequire>,
    #[serde(default)]
    forbid_imports: Vec<RawForbidImport>,
    /// Watch the event loop at run time: a callback that blocks it longer is WA.
    event_loop_blocking_ms: Option<u64>,
    /// The same threshold for named cases (a large case whose honest callbacks are long).
    #[serde(default)]
    event_loop_blocking_ms_by_case: std::collections::BTreeMap<String, u64>,
}

/// How long one callback may block the event loop, where the package watches it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventLoopWatch {
    pub blocking_ms: u64,
    /// Thresholds of their own for named cases.
    pub by_case: std::collections::BTreeMap<String, u64>,
}

impl EventLoopWatch {
    /// The threshold of the case named `case_name`.
    pub fn blocking_ms_of(&self, case_name: &str) -> u64 {
        self.by_case
            .get(case_name)
            .copied()
            .unwrap_or(self.blocking_ms)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawForbidCall {
    id: Option<String>,
    call: String,
    #[serde(default = "anywhere")]
    inside: Inside,
    message: Option<String>,
}

fn anywhere() -> Inside {
    Inside::Anywhere
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRequire {
    id: Option<String>,
    construct: String,
    in_function: Option<String>,
    message: Option<String>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum RawForbidImport {
    Name(String),
    Table(RawForbidImportTable),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawForbidImportTable {
    id: Option<String>,
    module: String,
    message: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawPromise {
    text: String,
    enforced_by: String,
    broken_by: String,
}

const RULES_HINT: &str = "see the [rules] section of docs/package-format.md";

fn is_dotted_name(name: &str) -> bool {
    !name.is_empty() && name.split('.').all(super::spec::is_identifier)
}

/// The least `event_loop_blocking_ms`: below it, an honest callback on a loaded machine
/// could be flagged.
pub const MIN_BLOCKING_MS: u64 = 100;

/// The validated rules of `[rules]`, each with its id, and the event loop's blocking
/// threshold when the package watches it.
pub(super) fn rules(
    raw: RawRules,
    spec_path: &Path,
) -> Result<(Vec<Rule>, Option<EventLoopWatch>)> {
    let bad = |message: String| Error::spec_hint(spec_path, message, RULES_HINT);
    let thresholds = raw
        .event_loop_blocking_ms
        .iter()
        .map(|ms| ("event_loop_blocking_ms".to_string(), *ms))
        .chain(
            raw.event_loop_blocking_ms_by_case
                .iter()
                .map(|(case, ms)| (format!("event_loop_blocking_ms_by_case.{case:?}"), *ms)),
        );
    for (name, threshold) in thresholds {
        if threshold < MIN_BLOCKING_MS {
            return Err(bad(format!(
                "rules.{name} is {threshold}; it must be at least {MIN_BLOCKING_MS}"
            )));
        }
    }
    if raw.event_loop_blocking_ms.is_none() && !raw.event_loop_blocking_ms_by_case.is_empty() {
        return Err(bad(
            "rules.event_loop_blocking_ms_by_case without rules.event_loop_blocking_ms".into(),
        ));
    }
    let watch = raw
        .event_loop_blocking_ms
        .map(|blocking_ms| EventLoopWatch {
            blocking_ms,
            by_case: raw.event_loop_blocking_ms_by_case.clone(),
        });
    let mut rules = Vec::new();
    for (index, rule) in raw.forbid_calls.into_iter().enumerate() {
        if !is_dotted_name(&rule.call) {
            return Err(bad(format!(
                "rules.forbid_calls[{index}].call {:?} is not a dotted Python name such as \"time.sleep\"",
                rule.call
            )));
        }
        let message = rule.message.unwrap_or_else(|| match rule.inside {
            Inside::Anywhere => format!("{}() is not allowed here", rule.call),
            inside => format!("{}() is not allowed inside {}", rule.call, inside.as_str()),
        });
        rules.push(Rule {
            id: rule.id.unwrap_or(format!("forbid_calls[{index}]")),
            kind: RuleKind::ForbidCall {
                call: rule.call,
                inside: rule.inside,
            },
            message,
        });
    }
    for (index, rule) in raw.require.into_iter().enumerate() {
        if !CONSTRUCTS.contains(&rule.construct.as_str()) {
            return Err(bad(format!(
                "rules.require[{index}].construct {:?} is not one of {}",
                rule.construct,
                CONSTRUCTS.join(", ")
            )));
        }
        if let Some(function) = rule
            .in_function
            .as_ref()
            .filter(|function| !super::spec::is_identifier(function))
        {
            return Err(bad(format!(
                "rules.require[{index}].in_function {function:?} is not a Python identifier"
            )));
        }
        let message = rule.message.unwrap_or_else(|| match &rule.in_function {
            Some(function) => format!("{function} must use `{}`", rule.construct),
            None => format!("the solution must use `{}`", rule.construct),
        });
        rules.push(Rule {
            id: rule.id.unwrap_or(format!("require[{index}]")),
            kind: RuleKind::Require {
                construct: rule.construct,
                in_function: rule.in_function,
            },
            message,
        });
    }
    for (index, rule) in raw.forbid_imports.into_iter().enumerate() {
        let (id, module, message) = match rule {
            RawForbidImport::Name(module) => (None, module, None),
            RawForbidImport::Table(table) => (table.id, table.module, table.message),
        };
        if !is_dotted_name(&module) {
            return Err(bad(format!(
                "rules.forbid_imports[{index}] {module:?} is not a dotted module name"
            )));
        }
        rules.push(Rule {
            id: id.unwrap_or(format!("forbid_imports[{index}]")),
            message: message.unwrap_or_else(|| format!("importing {module} is not allowed here")),
            kind: RuleKind::ForbidImport { module },
        });
    }
    for (index, rule) in rules.iter().enumerate() {
        if rules[..index].iter().any(|earlier| earlier.id == rule.id) {
            return Err(bad(format!("two rules have the id {:?}", rule.id)));
        }
    }
    Ok((rules, watch))
}

/// The validated promises: each names a rule or a case that exists and a fixture that does.
pub(super) fn promises(
    raw: Vec<RawPromise>,
    rules: &[Rule],
    case_names: &[(String, String)],
    dir: &Path,
    spec_path: &Path,
) -> Result<Vec<Promise>> {
    let mut promises = Vec::new();
    for (index, promise) in raw.into_iter().enumerate() {
        let enforced = &promise.enforced_by;
        let known = rules.iter().any(|rule| rule.id == *enforced)
            || case_names
                .iter()
                .any(|(group, name)| enforced == name || *enforced == format!("{group}/{name}"));
        if !known {
            return Err(Error::spec_hint(
                spec_path,
                format!("promises[{index}].enforced_by {enforced:?} names no case and no rule"),
                "name a case (secret/NAME) or a rule id of [rules]",
            ));
        }
        let fixture = dir.join(&promise.broken_by);
        if !promise.broken_by.starts_with("submissions/") || !fixture.is_file() {
            return Err(Error::spec_hint(
                spec_path,
                format!(
                    "promises[{index}].broken_by {:?} is not a file in submissions/",
                    promise.broken_by
                ),
                "name a submission fixture that breaks the promise, e.g. submissions/wrong_answer/NAME.py",
            ));
        }
        if promise.broken_by.starts_with("submissions/accepted/") {
            return Err(Error::spec_hint(
                spec_path,
                format!(
                    "promises[{index}].broken_by {:?} is an accepted submission",
                    promise.broken_by
                ),
                "a fixture that breaks a promise must not be accepted: file it under wrong_answer/ or time_limit_exceeded/",
            ));
        }
        promises.push(Promise {
            text: promise.text,
            enforced_by: promise.enforced_by,
            broken_by: promise.broken_by,
        });
    }
    Ok(promises)
}

/// The rules as the runner receives them (no messages: those never enter the sandbox, and
/// the runner answers with rule indexes only), and whether it watches the event loop.
pub fn runner_rules(rules: &[Rule], watch_event_loop: bool) -> Value {
    if rules.is_empty() && !watch_event_loop {
        return Value::Null;
    }
    let rules = Value::Array(
        rules
            .iter()
            .map(|rule| match &rule.kind {
                RuleKind::ForbidCall { call, inside } => {
                    json!({"kind": "forbid_call", "call": call, "inside": inside.as_str()})
                }
                RuleKind::Require {
                    construct,
                    in_function,
                } => json!({"kind": "require", "construct": construct, "in_function": in_function}),
                RuleKind::ForbidImport { module } => {
                    json!({"kind": "forbid_import", "module": module})
                }
            })
            .collect(),
    );
    json!({"static": rules, "event_loop": watch_event_loop})
}

/// The longest time one callback blocked the event loop in a case, and the submission's
/// line near it (0: unknown), as the runner measured them (`blocking`); None when the
/// report has no well-formed measure.
pub fn event_loop_blocking(report: &Value) -> Option<(f64, u64)> {
    let measure = report.get("blocking")?.as_array()?;
    let blocked_ms = measure
        .first()?
        .as_f64()
        .filter(|ms| ms.is_finite() && *ms >= 0.0)?;
    Some((
        blocked_ms,
        measure.get(1).and_then(Value::as_u64).unwrap_or(0),
    ))
}

/// The broken rules the runner reported, as (rule, line, column), checked against the
/// package's rules: anything else in the report is ignored, since it crossed the sandbox
/// boundary. None when the report holds no usable entry.
pub fn broken_rules<'r>(rules: &'r [Rule], hits: &Value) -> Option<Vec<(&'r Rule, u64, u64)>> {
    let broken: Vec<(&Rule, u64, u64)> = hits
        .as_array()?
        .iter()
        .take(rules.len().max(1) * 4)
        .filter_map(|hit| {
            let hit = hit.as_array()?;
            let number = |index: usize| hit.get(index).and_then(Value::as_u64);
            let rule = rules.get(usize::try_from(number(0)?).ok()?)?;
            Some((rule, number(1)?.max(1), number(2).unwrap_or(0)))
        })
        .collect();
    (!broken.is_empty()).then_some(broken)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Vec<Rule>> {
        let raw: RawRules = toml::from_str(text).unwrap();
        rules(raw, Path::new("challenge.toml")).map(|(rules, _)| rules)
    }

    #[test]
    fn a_blocking_threshold_below_the_floor_is_refused() {
        let raw: RawRules = toml::from_str("event_loop_blocking_ms = 50\n").unwrap();
        let error = rules(raw, Path::new("challenge.toml")).unwrap_err();
        assert!(error.to_string().contains("at least 100"), "{error}");
    }

    #[test]
    fn rules_get_ids_and_default_messages() {
        let rules = parse(
            "forbid_calls = [{ call = \"time.sleep\", inside = \"async def\" }]\n\
             require = [{ id = \"lazy\", construct = \"yield\", in_function = \"read\", message = \"be lazy\" }]\n\
             forbid_imports = [\"threading\"]\n",
        )
        .unwrap();
        let ids: Vec<&str> = rules.iter().map(|rule| rule.id.as_str()).collect();
        assert_eq!(ids, ["forbid_calls[0]", "lazy", "forbid_imports[0]"]);
        assert_eq!(
            rules[0].message,
            "time.sleep() is not allowed inside async def"
        );
        assert_eq!(rules[1].message, "be lazy");
    }

    #[test]
    fn an_unknown_construct_lists_the_known_ones() {
        let error = parse("require = [{ construct = \"goto\" }]\n").unwrap_err();
        assert!(error.to_string().contains("yield from"), "{error}");
    }

    #[test]
    fn only_well_formed_hits_of_known_rules_count() {
        let rules = parse("forbid_imports = [\"threading\"]\n").unwrap();
        let hits = json!([[0, 3, 1], [7, 1, 1], "x", [0, "a"]]);
        let broken = broken_rules(&rules, &hits).unwrap();
        assert_eq!(broken.len(), 1);
        assert_eq!((broken[0].1, broken[0].2), (3, 1));
        assert!(broken_rules(&rules, &json!([[9, 1, 1]])).is_none());
    }
}
