//! Kattis packages beyond pass-fail with Python validators: C and C++ output validators
//! compiled once into the cache and run under the validation limits, and scoring problems
//! (test groups with points, graded as Kattis' default grader does) in `submit`, `check`
//! and `grade`.

mod common;

use std::path::Path;

use common::{check_json, copy_of, fixture, messages, notes, Scratch};

fn has_cplusplus_compiler() -> bool {
    ["/usr/bin/g++", "/usr/bin/c++", "/usr/bin/clang++"]
        .iter()
        .any(|path| Path::new(path).exists())
}

/// The binaries the judge compiled into the scratch cache.
fn compiled_validators(scratch: &Scratch) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(scratch.path().join("cache/kattis-validators"))
        .map(|entries| {
            entries
                .flatten()
                .map(|entry| entry.file_name().to_string_lossy().into_owned())
                .filter(|name| name.starts_with("validator-"))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

fn submission(package: &Path, path: &str) -> String {
    std::fs::read_to_string(package.join("submissions").join(path)).unwrap()
}

#[test]
fn a_cpp_output_validator_is_compiled_once_and_judges_with_its_flags() {
    if !has_cplusplus_compiler() {
        eprintln!("skipped: no C++ compiler");
        return;
    }
    let scratch = Scratch::new();
    let package = fixture("kattis-cpp-validator");
    let (code, report) = scratch.submit(&package, &submission(&package, "accepted/halves.py"), &[]);
    assert_eq!(report["verdict"], "AC", "{report:#}");
    assert_eq!(code, 0);
    let compiled = compiled_validators(&scratch);
    assert_eq!(compiled.len(), 1, "{compiled:?}");
    let binary = scratch
        .path()
        .join("cache/kattis-validators")
        .join(&compiled[0]);
    let modified = std::fs::metadata(&binary).unwrap().modified().unwrap();

    // On a sample, the validator's judgemessage.txt (written into the feedback folder by
    // appending the file name to the folder argument) is what the candidate reads.
    let sample_message = |source: &str| {
        let (code, report) = scratch.submit(&package, &submission(&package, source), &[]);
        assert_eq!((code, &report["verdict"]), (1, &"WA".into()), "{report:#}");
        let sample = common::case(&report, "1");
        assert_eq!(sample["group"], "sample", "{report:#}");
        sample["message"].as_str().unwrap().to_string()
    };
    assert_eq!(
        sample_message("wrong_answer/zero.py"),
        "both parts must be positive"
    );
    // Right but for the order that only problem.yaml's validator flag `ordered` asks for:
    // the flag reaches the validator after input, answer and feedback folder.
    assert_eq!(
        sample_message("wrong_answer/reversed.py"),
        "the parts are not in order"
    );

    // Compiled once: later runs reuse the binary in the cache.
    assert_eq!(compiled_validators(&scratch), compiled);
    assert_eq!(
        std::fs::metadata(&binary).unwrap().modified().unwrap(),
        modified
    );
}

#[test]
fn check_agrees_with_the_submissions_folders_of_a_cpp_validated_package() {
    if !has_cplusplus_compiler() {
        eprintln!("skipped: no C++ compiler");
        return;
    }
    let scratch = Scratch::new();
    let (code, package) = check_json(&scratch, &fixture("kattis-cpp-validator"));
    assert_eq!(code, 0, "{package:#}");
    let verdicts: Vec<(String, String)> = package["submissions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|outcome| {
            (
                outcome["submission"].as_str().unwrap().to_string(),
                outcome["verdict"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        verdicts,
        [
            (
                "submissions/accepted/halves.py".to_string(),
                "AC".to_string()
            ),
            ("submissions/wrong_answer/reversed.py".into(), "WA".into()),
            ("submissions/wrong_answer/zero.py".into(), "WA".into()),
        ]
    );
}

#[test]
fn a_compiled_output_validator_without_a_compiler_is_a_clear_error() {
    let scratch = Scratch::new();
    let package = fixture("kattis-cpp-validator");
    let solution = scratch.write("halves.py", submission(&package, "accepted/halves.py"));
    // No compiler on PATH (the interpreter is given by its full path).
    let output = scratch
        .pyjudge()
        .env("PATH", scratch.path())
        .arg("submit")
        .arg(&package)
        .arg(&solution)
        .args(["--format", "json"])
        .output()
        .unwrap();
    scratch.assert_tmp_empty();
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    let report = common::parse_report(&output);
    assert_eq!(report["verdict"], "IE", "{report:#}");
    let message = common::case(&report, "1")["message"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        message.contains("no C++ compiler on PATH (looked for g++, c++, clang++)")
            && message.contains("apt-get install g++"),
        "{message}"
    );
    assert!(compiled_validators(&scratch).is_empty());
}

#[test]
fn an_output_validator_runs_under_the_validation_limits() {
    let scratch = Scratch::new();
    let package = copy_of(&scratch, "kattis-cpp-validator");
    std::fs::remove_dir_all(package.join("output_validators/split")).unwrap();
    std::fs::create_dir(package.join("output_validators/limits")).unwrap();
    // The validator says what limits it runs under, and rejects.
    std::fs::write(
        package.join("output_validators/limits/validate.py"),
        "import resource, sys\n\
         cpu = resource.getrlimit(resource.RLIMIT_CPU)[0]\n\
         memory = resource.getrlimit(resource.RLIMIT_AS)[0]\n\
         core = resource.getrlimit(resource.RLIMIT_CORE)[0]\n\
         with open(sys.argv[3] + 'judgemessage.txt', 'w') as out:\n\
         \x20   out.write(f'cpu={cpu} memory={memory} core={core} flags={sys.argv[4:]}')\n\
         sys.exit(43)\n",
    )
    .unwrap();
    std::fs::write(
        package.join("problem.yaml"),
        "name: Split\nvalidation: custom\nvalidator_flags: ordered\nlimits:\n  time_limit: 1\n  validation_time: 7\n  validation_memory: 300\n",
    )
    .unwrap();
    let (code, report) = scratch.submit(&package, &submission(&package, "accepted/halves.py"), &[]);
    assert_eq!(code, 1, "{report:#}");
    let message = common::case(&report, "1")["message"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(
        message,
        format!(
            "cpu=7 memory={} core=0 flags=['ordered']",
            300 * 1024 * 1024
        )
    );
}

/// (verdict, score, max_score, exact score) of a submit report.
fn scored(report: &serde_json::Value) -> (String, u64, u64, f64) {
    (
        report["verdict"].as_str().unwrap().to_string(),
        report["score"].as_u64().unwrap(),
        report["max_score"].as_u64().unwrap(),
        report["exact_score"].as_f64().unwrap(),
    )
}

#[test]
fn a_scoring_problem_is_graded_group_by_group_as_the_default_grader_does() {
    let scratch = Scratch::new();
    let package = fixture("kattis-scoring");
    let (code, report) = scratch.submit(&package, &submission(&package, "accepted/tally.py"), &[]);
    assert_eq!(
        scored(&report),
        ("AC".into(), 100, 100, 100.0),
        "{report:#}"
    );
    assert_eq!(code, 0);

    // Subtask 1 right (50 points), subtask 2 wrong from its first case: the secret group
    // accepts when any subtask is accepted, and sums the subtasks' scores.
    let (code, report) = scratch.submit(
        &package,
        &submission(&package, "partially_accepted/abs_sum.py"),
        &[],
    );
    assert_eq!(scored(&report), ("AC".into(), 50, 100, 50.0), "{report:#}");
    assert_eq!(code, 0);
    assert_eq!(common::case(&report, "group2/1")["verdict"], "WA");

    let (code, report) = scratch.submit(
        &package,
        &submission(&package, "wrong_answer/off_by_one.py"),
        &[],
    );
    assert_eq!(scored(&report), ("WA".into(), 0, 100, 0.0), "{report:#}");
    assert_eq!(code, 1);
    // The first failure does not end the run (the sample group continues), but a
    // subtask under on_reject: break counts nothing after its first rejected case.
    let verdicts: Vec<(String, String)> = report["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|case| {
            (
                case["name"].as_str().unwrap().to_string(),
                case["verdict"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        verdicts,
        [
            ("1".to_string(), "WA".to_string()),
            ("group1/1".into(), "WA".into()),
            ("group1/2".into(), "skipped".into()),
            ("group2/1".into(), "WA".into()),
            ("group2/2".into(), "skipped".into()),
        ]
    );
    assert!(common::case(&report, "group1/2")["message"]
        .as_str()
        .unwrap()
        .contains("on_reject: break"));
}

#[test]
fn check_holds_for_a_scoring_package() {
    let scratch = Scratch::new();
    let (code, package) = check_json(&scratch, &fixture("kattis-scoring"));
    assert_eq!(code, 0, "{package:#}");
    let outcomes: Vec<(String, String, u64)> = package["submissions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|outcome| {
            (
                outcome["submission"].as_str().unwrap().to_string(),
                outcome["verdict"].as_str().unwrap().to_string(),
                outcome["score"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        outcomes,
        [
            (
                "submissions/accepted/tally.py".to_string(),
                "AC".to_string(),
                100
            ),
            (
                "submissions/partially_accepted/abs_sum.py".into(),
                "AC".into(),
                50
            ),
            (
                "submissions/wrong_answer/off_by_one.py".into(),
                "WA".into(),
                0
            ),
        ]
    );
}

#[test]
fn check_fails_a_partially_accepted_submission_with_a_full_or_no_score() {
    let scratch = Scratch::new();
    let package = copy_of(&scratch, "kattis-scoring");
    let partial = package.join("submissions/partially_accepted");
    std::fs::write(
        partial.join("full.py"),
        submission(&package, "accepted/tally.py"),
    )
    .unwrap();
    std::fs::write(
        partial.join("none.py"),
        submission(&package, "wrong_answer/off_by_one.py"),
    )
    .unwrap();
    // Accepted, but with half the score: verifyproblem warns; so does check, in a note.
    std::fs::write(
        package.join("submissions/accepted/half.py"),
        submission(&package, "partially_accepted/abs_sum.py"),
    )
    .unwrap();
    let (code, report) = check_json(&scratch, &package);
    assert_eq!(code, 1, "{report:#}");
    let messages = messages(&report);
    assert_eq!(messages.len(), 2, "{messages:#?}");
    assert!(
        messages[0].contains("scored 100 of 100")
            && report["problems"][0]["submission"] == "submissions/partially_accepted/full.py",
        "{report:#}"
    );
    assert!(
        messages[1].contains("got WA")
            && report["problems"][1]["submission"] == "submissions/partially_accepted/none.py",
        "{report:#}"
    );
    assert!(
        notes(&report)
            .iter()
            .any(|note| note.contains("submissions/accepted/half.py scored 50 of 100")),
        "{report:#}"
    );
}

#[test]
fn a_validators_score_file_gives_the_case_its_score() {
    let scratch = Scratch::new();
    let package = copy_of(&scratch, "kattis-scoring");
    std::fs::write(
        package.join("problem.yaml"),
        "name: Tally\ntype: scoring\nvalidation: custom score\nlimits:\n  time_limit: 1\n",
    )
    .unwrap();
    std::fs::create_dir_all(package.join("output_validators/score")).unwrap();
    // 20 points for a right answer, 7 for one off by one, else rejected.
    std::fs::write(
        package.join("output_validators/score/validate.py"),
        "import sys\n\
         answer = int(open(sys.argv[2]).read())\n\
         output = int(sys.stdin.read())\n\
         if abs(output - answer) > 1:\n\
         \x20   sys.exit(43)\n\
         open(sys.argv[3] + 'score.txt', 'w').write('20' if output == answer else '7')\n\
         sys.exit(42)\n",
    )
    .unwrap();
    let (code, report) = scratch.submit(
        &package,
        &submission(&package, "wrong_answer/off_by_one.py"),
        &[],
    );
    // Each subtask takes the least of its cases' scores (7), the secret group their sum.
    assert_eq!(scored(&report), ("AC".into(), 14, 100, 14.0), "{report:#}");
    assert_eq!(code, 0);
    assert_eq!(
        common::case(&report, "group1/1")["score"],
        7.0,
        "{report:#}"
    );

    let (_, report) = scratch.submit(&package, &submission(&package, "accepted/tally.py"), &[]);
    assert_eq!(scored(&report), ("AC".into(), 40, 100, 40.0), "{report:#}");
}

#[test]
fn grade_counts_a_scoring_problems_score() {
    let scratch = Scratch::new();
    let challenges = scratch.path().join("challenges");
    std::fs::create_dir_all(challenges.join("sets")).unwrap();
    common::copy_tree(&fixture("kattis-scoring"), &challenges.join("tally"));
    std::fs::write(
        challenges.join("sets/scoring.toml"),
        "title = \"Scoring\"\ndescription = \"A Kattis scoring problem.\"\ntime_budget_minutes = 30\nchallenges = [\"tally\"]\n",
    )
    .unwrap();
    let candidates = scratch.path().join("candidates");
    for (candidate, program) in [
        ("ada", "accepted/tally.py"),
        ("ben", "partially_accepted/abs_sum.py"),
    ] {
        std::fs::create_dir_all(candidates.join(candidate)).unwrap();
        std::fs::write(
            candidates.join(candidate).join("tally.py"),
            submission(&challenges.join("tally"), program),
        )
        .unwrap();
    }
    std::fs::create_dir_all(candidates.join("cy")).unwrap();
    let output = scratch
        .pyjudge()
        .arg("--challenges")
        .arg(&challenges)
        .args(["grade", "scoring"])
        .arg(&candidates)
        .args(["--format", "json"])
        .output()
        .unwrap();
    scratch.assert_tmp_empty();
    let report = common::parse_report(&output);
    let mut cells: Vec<(String, String, u64, u64)> = report["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|result| {
            (
                result["candidate"].as_str().unwrap().to_string(),
                result["status"].as_str().unwrap().to_string(),
                result["score"].as_u64().unwrap(),
                result["max_score"].as_u64().unwrap(),
            )
        })
        .collect();
    cells.sort();
    assert_eq!(
        cells,
        [
            ("ada".to_string(), "judged".to_string(), 100, 100),
            ("ben".into(), "judged".into(), 50, 100),
            ("cy".into(), "not_submitted".into(), 0, 100),
        ],
        "{report:#}"
    );
}

#[test]
fn score_files_are_required_or_refused_as_problemtools_has_them() {
    let scratch = Scratch::new();
    // A legacy `validation: custom score`: the validator must write score.txt.
    let scoring = copy_of(&scratch, "kattis-scoring");
    std::fs::write(
        scoring.join("problem.yaml"),
        "name: Tally\ntype: scoring\nvalidation: custom score\nlimits:\n  time_limit: 1\n",
    )
    .unwrap();
    std::fs::create_dir_all(scoring.join("output_validators/plain")).unwrap();
    std::fs::write(
        scoring.join("output_validators/plain/validate.py"),
        "import sys\n\
         right = int(open(sys.argv[2]).read()) == int(sys.stdin.read())\n\
         sys.exit(42 if right else 43)\n",
    )
    .unwrap();
    let (code, report) = scratch.submit(&scoring, &submission(&scoring, "accepted/tally.py"), &[]);
    assert_eq!((code, &report["verdict"]), (2, &"IE".into()), "{report:#}");
    assert!(common::case(&report, "1")["message"]
        .as_str()
        .unwrap()
        .contains("wrote no score.txt"));

    // A pass-fail problem: a score.txt is the validator's error.
    let pass_fail = copy_of(&scratch, "kattis-cpp-validator");
    std::fs::remove_dir_all(pass_fail.join("output_validators/split")).unwrap();
    std::fs::create_dir_all(pass_fail.join("output_validators/scored")).unwrap();
    std::fs::write(
        pass_fail.join("output_validators/scored/validate.py"),
        "import sys\nopen(sys.argv[3] + 'score.txt', 'w').write('1')\nsys.exit(42)\n",
    )
    .unwrap();
    let (code, report) = scratch.submit(
        &pass_fail,
        &submission(&pass_fail, "accepted/halves.py"),
        &[],
    );
    assert_eq!((code, &report["verdict"]), (2, &"IE".into()), "{report:#}");
    assert!(common::case(&report, "1")["message"]
        .as_str()
        .unwrap()
        .contains("the problem is pass-fail"));
}

#[test]
fn a_group_scored_outside_its_range_is_a_package_error_said_once() {
    let scratch = Scratch::new();
    let package = copy_of(&scratch, "kattis-scoring");
    // 50 points a case, the least of them the group's score: over a range up to 40.
    std::fs::write(
        package.join("data/secret/group1/testdata.yaml"),
        "on_reject: break\naccept_score: 50\nrange: 0 40\ngrader_flags: min\n",
    )
    .unwrap();
    let (code, report) = check_json(&scratch, &package);
    assert_eq!(code, 1, "{report:#}");
    let ranges: Vec<String> = messages(&report)
        .into_iter()
        .filter(|message| message.contains("outside its range"))
        .collect();
    // Both the accepted and the partially accepted program score 50 there: said once.
    assert_eq!(
        ranges,
        ["group data/secret/group1 scored 50, outside its range [0, 40] (verifyproblem: an error): fix its testdata.yaml's range or scores"],
        "{report:#}"
    );
}

#[test]
fn a_case_after_a_rejection_in_a_breaking_group_is_not_run() {
    let scratch = Scratch::new();
    let package = copy_of(&scratch, "kattis-scoring");
    std::fs::write(package.join("data/secret/group1/3.in"), "1\n7\n").unwrap();
    std::fs::write(package.join("data/secret/group1/3.ans"), "7\n").unwrap();
    // Wrong everywhere, and endless on the third case of subtask 1: Kattis never runs that
    // case, since the subtask's first case is rejected under on_reject: break.
    let (code, report) = scratch.submit(
        &package,
        "numbers = [int(word) for word in open(0).read().split()[1:]]\n\
         while sum(numbers) == 7:\n\
         \x20   pass\n\
         print(sum(numbers) + 1)\n",
        &[],
    );
    assert_eq!(scored(&report), ("WA".into(), 0, 100, 0.0), "{report:#}");
    assert_eq!(code, 1);
    let third = common::case(&report, "group1/3");
    assert_eq!(third["verdict"], "skipped", "{report:#}");
    assert_eq!(third["cpu_ms"], 0.0, "{report:#}");
    assert!(third["message"].as_str().unwrap().contains("not graded"));
}
