//! What a candidate reads before and around judging: `show` with the sample cases, `list
//! --topic` and `--set` suggestions, `sets`, the `--samples-only` label, and which
//! challenges folder is used.

mod common;

use common::{copy_tree, fixture, Scratch};

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Passes the samples, fails the hidden case that expects a raise.
const DOUBLE_SAMPLES: &str = "def solve(x):\n    return 2 * x\n";

const DOUBLE: &str =
    "def solve(x):\n    if x < 0:\n        raise ValueError(\"negative\")\n    return 2 * x\n";

#[test]
fn show_prints_the_sample_calls_and_expected_answers() {
    let scratch = Scratch::new();
    let output = scratch
        .pyjudge()
        .arg("show")
        .arg(fixture("double"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let shown = text(&output.stdout);
    assert!(shown.contains("400 ms CPU per case"), "{shown}");
    assert!(
        shown.contains("sample 01-one\n  call: solve(1)\n  expected: 2\n"),
        "{shown}"
    );
    assert!(
        shown.contains("sample 02-two\n  call: solve(2)\n  expected: 4\n"),
        "{shown}"
    );
    // Secret cases stay hidden.
    assert!(!shown.contains("01-five"), "{shown}");
}

#[test]
fn show_prints_a_stdio_samples_stdin_and_expected_stdout() {
    let scratch = Scratch::new();
    let output = scratch
        .pyjudge()
        .arg("show")
        .arg(fixture("stdio-sum"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let shown = text(&output.stdout);
    assert!(
        shown.contains("sample 01\n  stdin:\n    1 2 3\n  expected stdout:\n    6\n"),
        "{shown}"
    );
}

#[test]
fn samples_only_is_labelled_in_the_human_verdict_line() {
    let scratch = Scratch::new();
    let solution = scratch.write("double.py", DOUBLE_SAMPLES);
    let output = scratch
        .pyjudge()
        .arg("submit")
        .arg(fixture("double"))
        .arg(&solution)
        .arg("--samples-only")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let report = text(&output.stdout);
    assert!(
        report.contains("verdict: AC (accepted) on the samples only   score: 2/2"),
        "{report}"
    );
    assert!(
        report.contains(
            "hint: only the sample cases ran; run without --samples-only to judge the hidden cases"
        ),
        "{report}"
    );

    let full = scratch
        .pyjudge()
        .arg("submit")
        .arg(fixture("double"))
        .arg(&solution)
        .output()
        .unwrap();
    // The hidden cases are what the label warns about.
    assert_eq!(full.status.code(), Some(1));
    let report = text(&full.stdout);
    assert!(!report.contains("samples only"), "{report}");
    assert!(!report.contains("--samples-only"), "{report}");
    assert!(
        report.contains("verdict: WA (wrong answer)   score:"),
        "{report}"
    );
}

#[test]
fn samples_only_is_a_json_field_and_keeps_the_exit_codes() {
    let scratch = Scratch::new();
    let (code, report) = scratch.submit(&fixture("double"), DOUBLE, &["--samples-only"]);
    assert_eq!(code, 0);
    assert_eq!(report["samples_only"], true, "{report}");
    assert_eq!(report["cases"].as_array().unwrap().len(), 2, "{report}");

    let (code, report) = scratch.submit(
        &fixture("double"),
        "def solve(x):\n    return x\n",
        &["--samples-only"],
    );
    assert_eq!(code, 1);
    assert_eq!(report["verdict"], "WA");
    assert_eq!(report["samples_only"], true, "{report}");

    let (code, report) = scratch.submit(&fixture("double"), DOUBLE, &[]);
    assert_eq!(code, 0);
    assert!(report.get("samples_only").is_none(), "{report}");
}

#[test]
fn samples_only_is_a_junit_property() {
    let scratch = Scratch::new();
    let solution = scratch.write("double.py", DOUBLE);
    let junit = |extra: &[&str]| {
        let output = scratch
            .pyjudge()
            .arg("submit")
            .arg(fixture("double"))
            .arg(&solution)
            .args(["--format", "junit"])
            .args(extra)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
        text(&output.stdout)
    };
    let xml = junit(&["--samples-only"]);
    assert!(
        xml.contains(r#"<property name="samples_only" value="true"/>"#),
        "{xml}"
    );
    assert!(!junit(&[]).contains("samples_only"));
}

#[test]
fn list_topic_ignores_case() {
    let scratch = Scratch::new();
    let output = scratch
        .pyjudge()
        .args(["list", "--topic", "ORM", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let list: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let items = list.as_array().unwrap();
    assert!(!items.is_empty());
    assert!(items.iter().all(|item| item["topic"] == "orm"), "{list}");
    assert!(items.iter().any(|item| item["slug"] == "orm-n-plus-one"));
}

#[test]
fn an_unknown_topic_exits_2_suggesting_the_nearest() {
    let scratch = Scratch::new();
    let output = scratch
        .pyjudge()
        .args(["list", "--topic", "database"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty(), "{}", text(&output.stdout));
    let error = text(&output.stderr);
    assert!(
        error.contains("no challenge has the topic \"database\""),
        "{error}"
    );
    assert!(error.contains("hint: did you mean databases?"), "{error}");
    assert!(error.contains("the topics are: algorithms,"), "{error}");
}

#[test]
fn an_unknown_set_suggests_the_nearest() {
    let scratch = Scratch::new();
    let output = scratch
        .pyjudge()
        .args(["list", "--set", "algorithm"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let error = text(&output.stderr);
    assert!(error.contains("hint: did you mean algorithms?"), "{error}");
}

#[test]
fn sets_lists_the_practice_sets_with_count_and_budget() {
    let scratch = Scratch::new();
    let output = scratch
        .pyjudge()
        .args(["sets", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let sets: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let sets = sets.as_array().unwrap();
    let names: Vec<&str> = sets
        .iter()
        .map(|set| set["name"].as_str().unwrap())
        .collect();
    let on_disk = std::fs::read_dir(common::bundled("sets")).unwrap().count();
    assert_eq!(names.len(), on_disk, "{names:?}");
    let algorithms = sets
        .iter()
        .find(|set| set["name"] == "algorithms")
        .expect("the algorithms set");
    assert_eq!(algorithms["title"], "Algorithms and Big-O");
    assert_eq!(algorithms["time_budget_minutes"], 90);
    assert_eq!(
        algorithms["challenge_count"],
        algorithms["challenges"].as_array().unwrap().len()
    );
    assert!(algorithms["description"].as_str().unwrap().len() > 10);

    let output = scratch.pyjudge().arg("sets").output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    let table = text(&output.stdout);
    assert!(table.starts_with("SET "), "{table}");
    let row = table
        .lines()
        .find(|line| line.starts_with("algorithms "))
        .unwrap_or_else(|| panic!("{table}"));
    assert!(
        row.contains("90 min") && row.contains("Algorithms and Big-O"),
        "{row}"
    );
}

#[test]
fn a_challenges_folder_without_packages_is_ignored_with_a_warning() {
    let scratch = Scratch::new();
    std::fs::create_dir(scratch.path().join("challenges")).unwrap();
    scratch.write("challenges/notes.txt", "my own exercises\n");
    let output = scratch
        .pyjudge()
        .args(["list", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let list: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert!(
        list.as_array()
            .unwrap()
            .iter()
            .any(|item| item["slug"] == "merge-intervals"),
        "the bundled library: {list}"
    );
    let warning = text(&output.stderr);
    assert!(
        warning.contains("warning: ./challenges holds no pyjudge packages"),
        "{warning}"
    );
    assert!(warning.contains("using the bundled library"), "{warning}");
}

#[test]
fn a_challenges_folder_with_packages_is_the_library() {
    let scratch = Scratch::new();
    copy_tree(
        &fixture("double"),
        &scratch.path().join("challenges/double"),
    );
    let output = scratch
        .pyjudge()
        .args(["list", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert!(output.stderr.is_empty(), "{}", text(&output.stderr));
    let list: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let slugs: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["slug"].as_str().unwrap())
        .collect();
    assert_eq!(slugs, ["double"]);
}
