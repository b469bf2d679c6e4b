//! JUnit XML for every command, through `quick-junit`: the commands build suites and cases,
//! this module turns candidate text into XML-safe text and writes the document.

use std::fmt::Write as _;
use std::time::Duration;

use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};

/// Text XML 1.0 can hold, with what it cannot shown as a visible escape (`\u001b`).
/// quick-junit would drop such characters, and whole ANSI sequences with them; a candidate's
/// message keeps what it said this way, and still cannot make the document invalid.
pub(super) fn text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

/// A time in milliseconds as quick-junit's duration; a negative or non-finite time is zero.
fn duration(ms: f64) -> Duration {
    Duration::try_from_secs_f64(ms / 1000.0).unwrap_or_default()
}

/// A failing or erroring status: `ty` is the verdict code where there is one, `description`
/// the element's text (a traceback, a diff).
pub(super) fn non_success(
    kind: NonSuccessKind,
    ty: Option<&str>,
    message: &str,
    description: Option<&str>,
) -> TestCaseStatus {
    let mut status = TestCaseStatus::non_success(kind);
    status.set_message(text(message));
    if let Some(ty) = ty {
        status.set_type(text(ty));
    }
    if let Some(description) = description {
        status.set_description(text(description));
    }
    status
}

/// A failed verdict: `code` as the type and before the message, `description` the element's
/// text.
pub(super) fn failure(code: &str, message: &str, description: &str) -> TestCaseStatus {
    non_success(
        NonSuccessKind::Failure,
        Some(code),
        &format!("{code}: {message}"),
        Some(description),
    )
}

/// A skipped status, with its reason when there is one.
pub(super) fn skipped(message: Option<&str>) -> TestCaseStatus {
    let mut status = TestCaseStatus::skipped();
    if let Some(message) = message {
        status.set_message(text(message));
    }
    status
}

/// One testcase: `classname` is the suite's subject (a challenge, a candidate, a package).
pub(super) fn case(
    classname: &str,
    name: &str,
    time_ms: Option<f64>,
    status: TestCaseStatus,
) -> TestCase {
    let mut case = TestCase::new(text(name), status);
    case.set_classname(text(classname));
    case.time = time_ms.map(duration);
    case
}

/// A suite of `cases`; quick-junit counts its tests, failures, errors and skips.
pub(super) fn suite(name: &str, time_ms: Option<f64>, cases: Vec<TestCase>) -> TestSuite {
    let mut suite = TestSuite::new(text(name));
    suite.time = time_ms.map(duration);
    suite.add_test_cases(cases);
    suite
}

/// The whole document, from its XML declaration to a final newline.
pub(super) fn document(name: &str, time_ms: Option<f64>, suites: Vec<TestSuite>) -> String {
    let mut report = Report::new(text(name));
    report.time = time_ms.map(duration);
    report.add_test_suites(suites);
    let mut xml = report
        .to_string()
        .expect("a JUnit report serializes to memory");
    if !xml.ends_with('\n') {
        xml.push('\n');
    }
    xml
}
