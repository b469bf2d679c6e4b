//! The human report, as a candidate sees it: a snapshot with times, memory and paths
//! filtered out.

mod common;

use common::{fixture, Scratch};

#[test]
fn the_human_report_of_a_failing_submission() {
    let scratch = Scratch::new();
    let solution = scratch.write(
        "solution.py",
        "def helper(x):\n    return {}[x]\n\ndef solve(x):\n    if x == 1:\n        return 2\n    if x == 2:\n        return 5\n    return helper(x)\n",
    );
    let output = scratch
        .pyjudge()
        .arg("submit")
        .arg(fixture("double"))
        .arg(&solution)
        .arg("--all-cases")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let text = String::from_utf8_lossy(&output.stdout).into_owned();
    insta::with_settings!({filters => vec![
        (r" +\d+ ms", " [T] ms"),
        (r" +\d+\.\d MB", " [M] MB"),
        (r"/\S*/solution\.py", "[SOLUTION]"),
    ]}, {
        insta::assert_snapshot!(text);
    });
}
