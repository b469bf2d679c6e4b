//! A package's rules applied to what the runner reported: a broken static rule makes the
//! whole submission WA, a callback that blocked the event loop too long makes its case WA.
//!
//! Both measures crossed the sandbox boundary: only rule indexes, places and a duration
//! are read from them, and every message is built here from the package's own rules.

use serde_json::Value;

use crate::judging::outcome::Judged;
use crate::judging::verdict::{Verdict, WholeSubmission};
use crate::package::rules::{broken_rules, event_loop_blocking};
use crate::package::spec::Challenge;
use crate::sandbox::{RawResult, SOURCE_NAME};

/// The whole submission's WA when the runner reports broken static rules (`"status":
/// "rules"`): the first rule's message at `path:line:col`, every broken rule in the details.
pub fn rules_broken(challenge: &Challenge, raw: &RawResult) -> Option<WholeSubmission> {
    if raw.field("status").and_then(Value::as_str) != Some("rules") {
        return None;
    }
    let Some(broken) = raw
        .field("hits")
        .and_then(|hits| broken_rules(&challenge.rules, hits))
    else {
        // A source nested too deeply for its syntax tree to be checked: held against it,
        // since no honest solution is, and never the judge's failure.
        return Some(WholeSubmission {
            verdict: Verdict::WrongAnswer,
            message:
                "the challenge's rules could not be checked on this source: it is nested too deeply"
                    .into(),
            details: None,
        });
    };
    let places: Vec<String> = broken
        .iter()
        .map(|(rule, line, column)| {
            let column = if *column > 0 {
                format!(":{column}")
            } else {
                String::new()
            };
            format!(
                "{SOURCE_NAME}:{line}{column}: {} (rule {})",
                rule.message, rule.id
            )
        })
        .collect();
    Some(WholeSubmission {
        verdict: Verdict::WrongAnswer,
        message: format!(
            "the submission breaks a rule of the challenge: {}",
            places[0]
        ),
        details: (places.len() > 1).then(|| places.join("\n")),
    })
}

/// A case's judgement with the event loop's watch applied, and the longest time one
/// callback blocked the loop (where the package watches it): an accepted case whose
/// longest callback is over the case's threshold is WA.
pub fn with_event_loop_watch(
    challenge: &Challenge,
    case_name: &str,
    raw: &RawResult,
    judged: Judged,
) -> (Judged, Option<f64>) {
    let Some(watch) = &challenge.event_loop else {
        return (judged, None);
    };
    let Some((blocked_ms, line)) = event_loop_blocking(&raw.event) else {
        return (judged, None);
    };
    let threshold = watch.blocking_ms_of(case_name);
    if judged.0 != Verdict::Accepted || blocked_ms <= threshold as f64 {
        return (judged, Some(blocked_ms));
    }
    let place = if line > 0 {
        format!(" (near {SOURCE_NAME}:{line})")
    } else {
        String::new()
    };
    let message = format!(
        "a callback blocked the event loop for {blocked_ms:.0} ms{place}, more than {threshold} ms: nothing else could run meanwhile; await (asyncio.sleep) or move blocking work to a thread (loop.run_in_executor)"
    );
    ((Verdict::WrongAnswer, message, None), Some(blocked_ms))
}
