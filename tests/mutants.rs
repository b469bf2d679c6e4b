//! `pyjudge check --mutants`: the `count-below` fixture's reference mutated and every
//! mutant judged in the real sandbox, with and without the cases that catch an off-by-one;
//! and the committed scores file of the bundled library kept current.

mod common;

use std::path::{Path, PathBuf};

use common::{fixture, Scratch};
use serde_json::Value;

/// The only secret cases with a number equal to the limit: without them `<` -> `<=` lives.
const EQUALITY_CASES: &[&str] = &["09-equal", "10-equal-many"];

/// The mutant an off-by-one in `if number < limit:` (line 4, column 12) makes.
const OFF_BY_ONE: &str = "compare:4:12:lt->le";

/// A copy of `count-below` under `scratch` (in a `challenges` folder), to change.
fn copy_of_count_below(scratch: &Scratch) -> PathBuf {
    let target = scratch.path().join("challenges").join("count-below");
    common::copy_tree(&fixture("count-below"), &target);
    target
}

/// A copy whose cases miss the off-by-one.
fn without_equality_cases(scratch: &Scratch) -> PathBuf {
    let package = copy_of_count_below(scratch);
    for case in EQUALITY_CASES {
        std::fs::remove_file(package.join(format!("tests/secret/{case}.json"))).unwrap();
    }
    package
}

fn check_mutants(scratch: &Scratch, package: &Path, extra: &[&str]) -> (i32, String) {
    let output = scratch
        .pyjudge()
        .args(["check", "--mutants"])
        .args(extra)
        .arg(package)
        .output()
        .unwrap();
    scratch.assert_tmp_empty();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned()
            + &String::from_utf8_lossy(&output.stderr),
    )
}

fn mutants_of(text: &str) -> Value {
    let report: Value =
        serde_json::from_str(text).unwrap_or_else(|error| panic!("{error}: {text}"));
    report["packages"][0]["mutants"].clone()
}

#[test]
fn a_missed_off_by_one_survives_with_its_line_and_column() {
    let scratch = Scratch::new();
    let package = without_equality_cases(&scratch);
    let (code, text) = check_mutants(&scratch, &package, &["--format", "json"]);
    assert_eq!(code, 0, "a survivor alone does not fail the check: {text}");
    let mutants = mutants_of(&text);
    let survivors = mutants["survivors"].as_array().unwrap();
    assert_eq!(survivors.len(), 1, "{text}");
    assert_eq!(survivors[0]["id"], OFF_BY_ONE, "{text}");
    assert_eq!(survivors[0]["line"], 4, "{text}");
    assert_eq!(survivors[0]["column"], 12, "{text}");
    assert_eq!(survivors[0]["description"], "`<` -> `<=`", "{text}");
    let total = mutants["total"].as_u64().unwrap();
    assert!(total >= 8, "{text}");
    assert_eq!(mutants["killed"].as_u64().unwrap(), total - 1, "{text}");
    let by_verdict: u64 = mutants["killed_by"]
        .as_object()
        .unwrap()
        .values()
        .map(|count| count.as_u64().unwrap())
        .sum();
    assert_eq!(by_verdict, total - 1, "{text}");
    assert!(mutants["killed_by"]["WA"].as_u64().unwrap() >= 1, "{text}");
    assert!(mutants["cpu_limit_ms"].as_u64().unwrap() <= 1000, "{text}");
}

#[test]
fn cases_that_kill_every_mutant_score_100() {
    let scratch = Scratch::new();
    let (code, text) = check_mutants(&scratch, &fixture("count-below"), &[]);
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("count-below  OK"), "{text}");
    assert!(text.contains("score 100.0 %"), "{text}");
    assert!(!text.contains("survived:"), "{text}");
}

#[test]
fn a_score_under_min_score_fails_the_check_and_names_the_survivor() {
    let scratch = Scratch::new();
    let package = without_equality_cases(&scratch);
    let (code, text) = check_mutants(&scratch, &package, &["--min-score", "95"]);
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("count-below  FAILED"), "{text}");
    assert!(text.contains("is under --min-score 95"), "{text}");
    assert!(
        text.contains(&format!(
            "survived: line 4, column 12: `<` -> `<=` [{OFF_BY_ONE}]"
        )),
        "{text}"
    );
    // The same score passes a lower bar.
    let (code, text) = check_mutants(&scratch, &package, &["--min-score", "80"]);
    assert_eq!(code, 0, "{text}");
}

/// A mutant that ends IE was not caught by a case: the judge broke on it. Here the harness
/// has a bug only a mutant reaches (it fails to load when the submission holds `-=`, which
/// only the mutant `count -= 1` has): that mutant is counted apart from the kills (not in
/// `killed`, not in `killed_by`, so it lowers the score), named in a problem with the
/// cause, and the check fails.
#[test]
fn a_mutant_that_ends_ie_is_not_a_kill_and_fails_the_check() {
    let scratch = Scratch::new();
    let package = copy_of_count_below(&scratch);
    let spec = package.join("challenge.toml");
    let text = std::fs::read_to_string(&spec).unwrap();
    let text = text.replace(
        "type = \"call\"\nfunction = \"count_below\"",
        "type = \"custom\"",
    );
    assert!(text.contains("type = \"custom\""), "{text}");
    std::fs::write(&spec, text).unwrap();
    std::fs::write(
        package.join("harness.py"),
        r#"import os

with open(os.path.join(os.path.dirname(__file__), "solution.py")) as source:
    if "-=" in source.read():
        raise RuntimeError("the harness broke")


def run(solution, case_input):
    return solution.count_below(*case_input["args"])
"#,
    )
    .unwrap();
    let (code, text) = check_mutants(&scratch, &package, &["--format", "json"]);
    assert_eq!(code, 1, "{text}");
    let mutants = mutants_of(&text);
    let internal: Vec<&str> = mutants["internal_errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|mutant| mutant["id"].as_str().unwrap())
        .collect();
    assert_eq!(internal, ["arithmetic:5:13:add->sub"], "{text}");
    assert!(mutants["killed_by"].get("IE").is_none(), "{text}");
    let total = mutants["total"].as_u64().unwrap();
    let killed = mutants["killed"].as_u64().unwrap();
    assert!(
        mutants["survivors"].as_array().unwrap().is_empty(),
        "{text}"
    );
    assert_eq!(killed, total - 1, "{text}");
    let score = mutants["score"].as_f64().unwrap();
    assert!(
        (score - killed as f64 * 100.0 / total as f64).abs() < 0.01,
        "{text}"
    );
    // The human report fails the package and says which mutant, and why.
    let (code, text) = check_mutants(&scratch, &package, &[]);
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("count-below  FAILED"), "{text}");
    assert!(text.contains("), 1 ended IE (not kills), "), "{text}");
    assert!(
        text.contains("mutant arithmetic:5:13:add->sub (`+=` -> `-=`) ended IE, the judge's own failure, not a kill: the challenge's harness failed to load (RuntimeError: the harness broke)"),
        "{text}"
    );
}

#[test]
fn a_stale_or_unknown_equivalent_entry_fails_the_check() {
    let scratch = Scratch::new();
    let package = copy_of_count_below(&scratch);
    let spec = package.join("challenge.toml");
    let mut text = std::fs::read_to_string(&spec).unwrap();
    text.push_str(&format!(
        "\n[mutants]\nequivalent = [\n    {{ id = \"{OFF_BY_ONE}\", reason = \"no case has a number equal to the limit\" }},\n    {{ id = \"remove:99:1\", reason = \"a line the reference no longer has\" }},\n]\n"
    ));
    std::fs::write(&spec, text).unwrap();
    let (code, text) = check_mutants(&scratch, &package, &[]);
    assert_eq!(code, 1, "{text}");
    assert!(
        text.contains(&format!(
            "[mutants] equivalent entry \"{OFF_BY_ONE}\" is stale: the cases now kill that mutant"
        )),
        "{text}"
    );
    assert!(
        text.contains("[mutants] equivalent entry \"remove:99:1\" names no mutant"),
        "{text}"
    );
}

#[test]
fn an_equivalent_entry_for_a_survivor_counts_out_of_the_score() {
    let scratch = Scratch::new();
    let package = without_equality_cases(&scratch);
    // Enough mutants for one equivalent entry within 5 %: twenty more constants.
    let reference = package.join("submissions/accepted/reference.py");
    let mut source = std::fs::read_to_string(&reference).unwrap();
    source.push_str("\n\nPADDING = [");
    source.push_str(
        &(1000..1010)
            .map(|n| n.to_string())
            .collect::<Vec<_>>()
            .join(", "),
    );
    source.push_str("]\n");
    std::fs::write(&reference, source).unwrap();
    let spec = package.join("challenge.toml");
    let mut text = std::fs::read_to_string(&spec).unwrap();
    text.push_str(&format!(
        "\n[mutants]\nequivalent = [{{ id = \"{OFF_BY_ONE}\", reason = \"for the test\" }}]\n"
    ));
    std::fs::write(&spec, text).unwrap();
    let (_, text) = check_mutants(&scratch, &package, &["--format", "json"]);
    let mutants = mutants_of(&text);
    assert_eq!(mutants["equivalent"], 1, "{text}");
    assert!(
        !text.contains(&format!("\"id\": \"{OFF_BY_ONE}\"")),
        "an equivalent mutant is no survivor: {text}"
    );
}

#[test]
fn written_scores_go_stale_when_a_case_changes() {
    let scratch = Scratch::new();
    let package = copy_of_count_below(&scratch);
    let challenges = package.parent().unwrap();
    let output = scratch
        .pyjudge()
        .arg("--challenges")
        .arg(challenges)
        .args(["check", "--mutants", "--write-scores", "count-below"])
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
    let scores: Value = serde_json::from_slice(
        &std::fs::read(challenges.join(pyjudge::mutants::SCORES_FILE)).unwrap(),
    )
    .unwrap();
    assert_eq!(
        scores["packages"]["count-below"]["score"], 100.0,
        "{scores}"
    );
    assert!(pyjudge::mutants::stale_scores(challenges)
        .unwrap()
        .is_empty());

    std::fs::write(
        package.join("tests/secret/12-repeats.json"),
        r#"{"input": {"args": [[4, 4, 9, 1]]}, "expected": 3}"#,
    )
    .unwrap();
    let stale = pyjudge::mutants::stale_scores(challenges).unwrap();
    assert_eq!(stale.len(), 1, "{stale:?}");
    assert!(
        stale[0].starts_with("count-below: the score in"),
        "{stale:?}"
    );
    assert!(
        stale[0].contains("pyjudge check --mutants --write-scores count-below"),
        "{stale:?}"
    );
}

/// Cheap: hashes only, no mutant runs. Fails when a bundled package's reference, cases,
/// harness or challenge.toml changed since its mutation score was committed.
#[test]
fn the_committed_mutation_scores_are_current() {
    let challenges = Path::new(env!("CARGO_MANIFEST_DIR")).join("challenges");
    let stale = pyjudge::mutants::stale_scores(&challenges).unwrap();
    assert!(
        stale.is_empty(),
        "stale mutation scores in challenges/{}:\n{}",
        pyjudge::mutants::SCORES_FILE,
        stale.join("\n")
    );
}
