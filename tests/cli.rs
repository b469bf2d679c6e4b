//! The command line around judging: listing, showing, starting, and the errors a user can fix.

mod common;

use common::{bundled, fixture, Scratch};

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn list_json_describes_every_bundled_challenge() {
    let scratch = Scratch::new();
    let output = scratch
        .pyjudge()
        .args(["list", "--format", "json"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let list: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let items = list.as_array().unwrap();
    let slugs: Vec<&str> = items
        .iter()
        .map(|item| item["slug"].as_str().unwrap())
        .collect();
    for slug in ["auth-decorator", "pydantic-model", "top-k-words"] {
        assert!(slugs.contains(&slug), "{slugs:?}");
    }
    for item in items {
        let keys: Vec<&String> = item.as_object().unwrap().keys().collect();
        assert_eq!(
            keys,
            [
                "slug",
                "title",
                "topic",
                "difficulty",
                "kind",
                "environment"
            ]
        );
        // Null for a standard-library challenge; a framework one's says whether it is built.
        let framework = item["slug"]
            .as_str()
            .is_some_and(|slug| ["django-n-plus-one", "fastapi-crud"].contains(&slug));
        if framework {
            assert!(
                ["ready", "not synced"].contains(&item["environment"].as_str().unwrap()),
                "{item}"
            );
        } else if item["slug"] == "auth-decorator" {
            assert!(item["environment"].is_null(), "{item}");
        }
    }
}

#[test]
fn list_filters_by_topic() {
    let scratch = Scratch::new();
    let output = scratch
        .pyjudge()
        .args(["list", "--topic", "decorators"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("auth-decorator"), "{text}");
    assert!(!text.contains("top-k-words"), "{text}");
}

#[test]
fn show_prints_the_statement_and_limits() {
    let scratch = Scratch::new();
    let output = scratch
        .pyjudge()
        .args(["show", "auth-decorator"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("require_authentication"), "{text}");
    assert!(text.contains("ms CPU per case"), "{text}");
}

#[test]
fn start_copies_the_starter_and_refuses_to_overwrite() {
    let scratch = Scratch::new();
    let output = scratch
        .pyjudge()
        .args(["start", "auth-decorator"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let written = std::fs::read(scratch.path().join("auth-decorator.py")).unwrap();
    assert_eq!(
        written,
        std::fs::read(bundled("auth-decorator").join("starter.py")).unwrap()
    );
    let again = scratch
        .pyjudge()
        .args(["start", "auth-decorator"])
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(2));
    assert!(stderr(&again).contains("--force"), "{}", stderr(&again));
}

#[test]
fn the_starter_loads_but_is_not_accepted() {
    let scratch = Scratch::new();
    let starter = bundled("auth-decorator").join("starter.py");
    let output = scratch
        .pyjudge()
        .args(["submit", "auth-decorator"])
        .arg(&starter)
        .args(["--samples-only", "--all-cases", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let report = common::parse_report(&output);
    // Not CE and not IE: the module loads, and every sample reaches the starter's stub.
    assert_eq!(report["verdict"], "RE", "{report}");
    let samples = std::fs::read_dir(bundled("auth-decorator").join("tests/sample"))
        .unwrap()
        .flatten()
        .filter(|entry| entry.path().extension() == Some("json".as_ref()))
        .count();
    let cases = report["cases"].as_array().unwrap();
    assert!(samples > 0);
    assert_eq!(cases.len(), samples, "{report}");
    for case in cases {
        assert_eq!(case["group"], "sample", "{case}");
        assert_eq!(case["verdict"], "RE", "{case}");
        assert_eq!(
            case["message"], "NotImplementedError: require_authentication is not implemented yet",
            "{case}"
        );
    }
}

#[test]
fn a_missing_submission_exits_2_naming_the_file() {
    let scratch = Scratch::new();
    let output = scratch
        .pyjudge()
        .args(["submit", "auth-decorator", "nowhere/solution.py"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(
        message.contains("nowhere/solution.py") && message.contains("no such file"),
        "{message}"
    );
}

#[test]
fn a_folder_as_submission_exits_2() {
    let scratch = Scratch::new();
    let output = scratch
        .pyjudge()
        .args(["submit", "auth-decorator", "."])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("folder, not a Python file"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn an_unknown_challenge_suggests_the_closest_names() {
    let scratch = Scratch::new();
    let solution = scratch.write("s.py", "x = 1\n");
    let output = scratch
        .pyjudge()
        .args(["submit", "auth-decorater"])
        .arg(&solution)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(message.contains("\"auth-decorater\""), "{message}");
    assert!(
        message.contains("hint: did you mean auth-decorator?"),
        "{message}"
    );
}

#[test]
fn a_missing_interpreter_exits_2_with_a_hint() {
    let scratch = Scratch::new();
    let solution = scratch.write("s.py", "x = 1\n");
    let output = scratch
        .pyjudge()
        .env("PYJUDGE_PYTHON", "/no/such/python3")
        .args(["submit", "auth-decorator"])
        .arg(&solution)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(message.contains("/no/such/python3"), "{message}");
    assert!(message.contains("hint: pass --python PATH"), "{message}");
    let output = scratch
        .pyjudge()
        .env_remove("PYJUDGE_PYTHON")
        .env("PATH", scratch.path())
        .args(["submit", "auth-decorator"])
        .arg(&solution)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("failed to find a Python interpreter"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_corrupt_package_exits_2_naming_file_and_field() {
    let scratch = Scratch::new();
    let package = scratch.path().join("broken");
    common::copy_tree(&fixture("double"), &package);
    std::fs::write(
        package.join("challenge.toml"),
        "title = \"x\"\ntopic = \"t\"\ndifficulty = \"easy\"\nkind = \"function\"\n[harness]\ntype = \"call\"\nfunction = \"solve\"\n[limits]\ncpu_ms = \"fast\"\n",
    )
    .unwrap();
    let solution = scratch.write("s.py", "x = 1\n");
    let output = scratch
        .pyjudge()
        .arg("submit")
        .arg(&package)
        .arg(&solution)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(message.contains("broken/challenge.toml"), "{message}");
    assert!(
        message.contains("invalid type: string \"fast\""),
        "{message}"
    );
    assert!(message.contains("line 9"), "{message}");
    assert!(message.contains("hint:"), "{message}");
}

#[test]
fn a_case_without_its_answer_exits_2_naming_the_case() {
    let scratch = Scratch::new();
    let package = scratch.path().join("broken");
    common::copy_tree(&fixture("stdio-sum"), &package);
    std::fs::remove_file(package.join("tests/secret/01.ans")).unwrap();
    let solution = scratch.write("s.py", "x = 1\n");
    let output = scratch
        .pyjudge()
        .arg("submit")
        .arg(&package)
        .arg(&solution)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("secret/01.in: no expected answer 01.ans"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn the_human_report_is_a_plain_table_without_colour() {
    let scratch = Scratch::new();
    let solution = scratch.write("s.py", "def solve(x):\n    return 0\n");
    let output = scratch
        .pyjudge()
        .arg("submit")
        .arg(fixture("double"))
        .arg(&solution)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        !text.contains('\u{1b}'),
        "colour without a terminal: {text:?}"
    );
    assert!(
        text.contains("CASE") && text.contains("VERDICT") && text.contains("MEMORY"),
        "{text}"
    );
    assert!(text.contains("sample/01-one"), "{text}");
    assert!(
        text.contains("verdict: WA (wrong answer)   score: 0/6"),
        "{text}"
    );
}

/// Parses a JUnit report with Python's own XML parser (the real interpreter, standard library
/// only) and returns its structure as JSON: a document that is not well-formed fails here.
fn parse_junit(scratch: &Scratch, xml: &[u8]) -> serde_json::Value {
    let path = scratch.write("report.xml", xml);
    let script = r#"
import json, sys
import xml.etree.ElementTree as ElementTree

def suite(element):
    return {
        "name": element.get("name"),
        "tests": element.get("tests"),
        "failures": element.get("failures"),
        "cases": [
            {
                "name": case.get("name"),
                "children": [child.tag for child in case],
                "failures": [
                    {"type": failure.get("type"), "message": failure.get("message")}
                    for failure in case.findall("failure")
                ],
            }
            for case in element.findall("testcase")
        ],
    }

root = ElementTree.parse(sys.argv[1]).getroot()
print(json.dumps({
    "root": root.tag,
    "tests": root.get("tests"),
    "failures": root.get("failures"),
    "suites": [suite(element) for element in root.iter("testsuite")],
}))
"#;
    let output = std::process::Command::new(common::python())
        .args(["-I", "-c", script])
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "the JUnit report does not parse: {}\n{}",
        stderr(&output),
        String::from_utf8_lossy(xml)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

#[test]
fn junit_output_is_well_formed() {
    let scratch = Scratch::new();
    let solution = scratch.write("s.py", "def solve(x):\n    return 2 * x\n");
    let output = scratch
        .pyjudge()
        .arg("submit")
        .arg(fixture("double"))
        .arg(&solution)
        .args(["--format", "junit", "--all-cases"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let junit = parse_junit(&scratch, &output.stdout);
    assert_eq!(junit["root"], "testsuites", "{junit}");
    assert_eq!(junit["tests"], "6", "{junit}");
    assert_eq!(junit["failures"], "1", "{junit}");
    let suites = junit["suites"].as_array().unwrap();
    assert_eq!(suites.len(), 1, "{junit}");
    let suite = &suites[0];
    assert_eq!(suite["name"], "double", "{suite}");
    assert_eq!(suite["tests"], "6", "{suite}");
    assert_eq!(suite["failures"], "1", "{suite}");
    let cases = suite["cases"].as_array().unwrap();
    let names: Vec<&str> = cases
        .iter()
        .map(|case| case["name"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(
        names,
        [
            "sample/01-one",
            "sample/02-two",
            "secret/01-five",
            "secret/02-negative",
            "secret/03-zero",
            "secret/04-large",
        ],
        "{suite}"
    );
    // 2 * x is wrong only where the package wants an error: the negative case.
    for case in cases {
        let failing = case["name"] == "secret/02-negative";
        let children = if failing { vec!["failure"] } else { vec![] };
        assert_eq!(case["children"], serde_json::json!(children), "{case}");
    }
    let failure = &cases[3]["failures"][0];
    assert_eq!(failure["type"], "WA", "{failure}");
    assert!(
        failure["message"]
            .as_str()
            .is_some_and(|message| message.contains("wrong answer")),
        "{failure}"
    );
}

#[test]
fn list_set_shows_the_sets_challenges_in_order() {
    let scratch = Scratch::new();
    let output = scratch
        .pyjudge()
        .args(["list", "--set", "backend-interview", "--format", "json"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let list: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let slugs: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["slug"].as_str().unwrap())
        .collect();
    let set = std::fs::read_to_string(bundled("sets/backend-interview.toml")).unwrap();
    let listed: toml::Value = toml::from_str(&set).unwrap();
    let expected: Vec<&str> = listed["challenges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|slug| slug.as_str().unwrap())
        .collect();
    assert_eq!(slugs, expected);
}

#[test]
fn an_unknown_set_exits_2_listing_the_known_ones() {
    let scratch = Scratch::new();
    let output = scratch
        .pyjudge()
        .args(["list", "--set", "no-such-set"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(
        message.contains("no-such-set.toml") && message.contains("known sets: "),
        "{message}"
    );
    assert!(message.contains("core-python"), "{message}");
}

#[test]
fn every_bundled_set_names_existing_challenges_and_the_topics_are_covered() {
    let scratch = Scratch::new();
    let mut sets: Vec<std::path::PathBuf> = std::fs::read_dir(bundled("sets"))
        .unwrap()
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.extension() == Some("toml".as_ref()))
        .collect();
    sets.sort();
    assert!(!sets.is_empty(), "no set files in challenges/sets/");
    for path in &sets {
        let name = path.file_stem().unwrap().to_str().unwrap();
        let set: toml::Value = toml::from_str(&std::fs::read_to_string(path).unwrap())
            .unwrap_or_else(|error| panic!("{}: {error}", path.display()));
        let expected: Vec<&str> = set["challenges"]
            .as_array()
            .unwrap_or_else(|| panic!("{name}: no challenges array"))
            .iter()
            .map(|slug| slug.as_str().unwrap())
            .collect();
        assert!(!expected.is_empty(), "{name}: an empty set");
        for slug in &expected {
            assert!(
                bundled(slug).is_dir(),
                "{name}: {slug} is not a folder in challenges/"
            );
        }
        let output = scratch
            .pyjudge()
            .args(["list", "--set", name, "--format", "json"])
            .output()
            .unwrap();
        assert!(output.status.success(), "{name}: {}", stderr(&output));
        let list: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        let listed: Vec<&str> = list
            .as_array()
            .unwrap()
            .iter()
            .map(|item| item["slug"].as_str().unwrap())
            .collect();
        assert_eq!(listed, expected, "{name}");
    }
    let output = scratch
        .pyjudge()
        .args(["list", "--format", "json"])
        .output()
        .unwrap();
    let list: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let items = list.as_array().unwrap();
    assert!(items.len() >= 30, "{} challenges", items.len());
    for (topic, at_least) in [
        ("decorators", 3),
        ("generators", 3),
        ("context-managers", 2),
        ("oop", 3),
        ("validation", 2),
        ("orm", 3),
        ("middleware", 2),
        ("rest-api", 2),
        ("async", 3),
        ("databases", 2),
        ("task-queues", 2),
        ("caching", 2),
        ("concurrency", 1),
        ("algorithms", 4),
    ] {
        let count = items.iter().filter(|item| item["topic"] == topic).count();
        assert!(
            count >= at_least,
            "{topic}: {count} challenges, want {at_least}"
        );
    }
}

#[test]
fn doctor_lists_every_layer_and_says_whether_strict_mode_can_run() {
    let scratch = Scratch::new();
    let output = scratch
        .pyjudge()
        .args(["doctor", "--format", "json"])
        .output()
        .unwrap();
    let doctor: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let layers = doctor["layers"].as_object().unwrap();
    for name in [
        "user_namespace",
        "pid_namespace",
        "network_namespace",
        "ipc_uts_namespaces",
        "mount_view",
        "no_new_privs",
        "seccomp",
        "landlock",
        "rlimits",
        "cgroups",
    ] {
        let layer = &layers[name];
        let active = layer["active"].as_bool().unwrap();
        assert!(
            active
                || layer["reason"]
                    .as_str()
                    .is_some_and(|reason| !reason.is_empty()),
            "{name}: {layer}"
        );
    }
    let required_on = layers
        .iter()
        .filter(|(name, _)| !matches!(name.as_str(), "landlock" | "cgroups"))
        .all(|(_, layer)| layer["active"] == true);
    assert_eq!(doctor["strict_ready"], required_on);
    // With namespaces and the view, submissions can be forked from a warm runner.
    let warm = &doctor["warm_runner"];
    let warm_possible = ["user_namespace", "pid_namespace", "mount_view"]
        .iter()
        .all(|name| layers[*name]["active"] == true);
    assert_eq!(warm["active"], warm_possible, "{warm}");
    if warm["active"] == false {
        assert!(warm["reason"]
            .as_str()
            .is_some_and(|reason| !reason.is_empty()));
    }
    assert_eq!(output.status.code(), Some(if required_on { 0 } else { 1 }));
    let human = scratch.pyjudge().arg("doctor").output().unwrap();
    let text = String::from_utf8_lossy(&human.stdout);
    assert!(
        text.contains("sandbox layers:") && text.contains("network_namespace"),
        "{text}"
    );
}
