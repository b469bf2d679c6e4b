//! Framework challenges' costs: what the framework's import and set-up add to a submission
//! (paid once, in the runner's prepared parent, outside every case's CPU time) and what one
//! case costs, for django-n-plus-one and fastapi-crud with their reference solutions; and
//! what one more submission costs in `grade`, whose warm runner of the environment has the
//! framework imported already (target: under 50 ms past the package's own set-up).
//! Prints one line per figure: name, value, unit.
//!
//! Needs the environments built in the cache pyjudge uses (`pyjudge env sync django-n-plus-one
//! fastapi-crud`, or PYJUDGE_CACHE_DIR pointing at a cache that has them); without them it
//! says so and measures nothing. `cargo bench --bench frameworks`; PYJUDGE_BENCH_SMOKE=1 (as
//! CI does) runs each step a few times only.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

fn python() -> String {
    let output = Command::new("python3")
        .args(["-c", "import sys; print(sys.executable)"])
        .output()
        .expect("python3 is needed for the benchmark");
    String::from_utf8(output.stdout).unwrap().trim().to_string()
}

fn median(mut samples: Vec<f64>) -> f64 {
    samples.sort_by(f64::total_cmp);
    samples[samples.len() / 2]
}

/// A copy of the bundled package `slug` whose only cases are `cases` copies of its first
/// sample case.
fn copy_with_cases(slug: &str, target: &Path, cases: usize) {
    let source = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("challenges")
        .join(slug);
    let copied = Command::new("cp")
        .arg("-r")
        .arg(&source)
        .arg(target)
        .status()
        .unwrap();
    assert!(copied.success());
    let samples = target.join("tests/sample");
    let mut names: Vec<PathBuf> = std::fs::read_dir(&samples)
        .unwrap()
        .flatten()
        .map(|entry| entry.path())
        .collect();
    names.sort();
    let first = std::fs::read(&names[0]).unwrap();
    // The package's promises name cases this copy no longer has: left out.
    let manifest = target.join("challenge.toml");
    let mut table: toml::Table = std::fs::read_to_string(&manifest).unwrap().parse().unwrap();
    table.remove("promises");
    std::fs::write(&manifest, toml::to_string(&table).unwrap()).unwrap();
    std::fs::remove_dir_all(target.join("tests")).unwrap();
    std::fs::create_dir_all(target.join("tests/sample")).unwrap();
    for index in 0..cases {
        std::fs::write(target.join(format!("tests/sample/{index:03}.json")), &first).unwrap();
    }
}

/// The median wall time of `runs` submits of `solution` to `package`; None when the
/// package's environment is not built (exit 2).
fn time_submit(runs: usize, python: &str, package: &Path, solution: &Path) -> Option<f64> {
    let mut samples = Vec::with_capacity(runs);
    for _ in 0..runs {
        let started = Instant::now();
        let output = Command::new(env!("CARGO_BIN_EXE_pyjudge"))
            .env("PYJUDGE_PYTHON", python)
            .arg("submit")
            .arg(package)
            .arg(solution)
            .args(["--format", "json", "--all-cases"])
            .output()
            .expect("pyjudge runs");
        samples.push(started.elapsed().as_secs_f64() * 1000.0);
        match output.status.code() {
            Some(0) => {}
            Some(2) if String::from_utf8_lossy(&output.stderr).contains("env sync") => return None,
            _ => panic!(
                "{} failed: {}{}",
                package.display(),
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            ),
        }
    }
    Some(median(samples))
}

/// The median wall time of `runs` grades, one worker and no cache, of `candidates` copies
/// of `solution` for the one challenge of `library` (a challenges folder with the package
/// `slug` and a set `bench` of it).
fn time_grade(
    runs: usize,
    python: &str,
    library: &Path,
    slug: &str,
    solution: &Path,
    candidates: usize,
) -> f64 {
    let submissions = library.join(format!("submissions-{candidates}"));
    for candidate in 0..candidates {
        let folder = submissions.join(format!("candidate-{candidate:03}"));
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::copy(solution, folder.join(format!("{slug}.py"))).unwrap();
    }
    let mut samples = Vec::with_capacity(runs);
    for _ in 0..runs {
        let started = Instant::now();
        let output = Command::new(env!("CARGO_BIN_EXE_pyjudge"))
            .env("PYJUDGE_PYTHON", python)
            .arg("--challenges")
            .arg(library)
            .args(["grade", "bench"])
            .arg(&submissions)
            .args(["--format", "json", "--no-cache", "--jobs", "1"])
            .output()
            .expect("pyjudge runs");
        samples.push(started.elapsed().as_secs_f64() * 1000.0);
        assert!(
            output.status.success(),
            "grade of {slug} failed: {}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    median(samples)
}

fn main() {
    let smoke = std::env::var_os("PYJUDGE_BENCH_SMOKE").is_some();
    let (runs, many) = if smoke { (3, 10) } else { (9, 40) };
    let python = python();
    let scratch = tempfile::tempdir().unwrap();
    // The standard-library baseline: the same judge on a trivial challenge with one case.
    let baseline = scratch.path().join("baseline");
    std::fs::create_dir_all(baseline.join("tests/sample")).unwrap();
    std::fs::write(
        baseline.join("challenge.toml"),
        "title = \"Identity\"\ntopic = \"bench\"\ndifficulty = \"easy\"\nkind = \"function\"\n[harness]\ntype = \"call\"\nfunction = \"identity\"\n",
    )
    .unwrap();
    std::fs::write(baseline.join("statement.md"), "Return x.\n").unwrap();
    std::fs::write(baseline.join("starter.py"), "def identity(x):\n    pass\n").unwrap();
    std::fs::write(
        baseline.join("tests/sample/001.json"),
        "{\"input\": {\"args\": [1]}, \"expected\": 1}",
    )
    .unwrap();
    let identity = scratch.path().join("identity.py");
    std::fs::write(&identity, "def identity(x):\n    return x\n").unwrap();
    let bare = time_submit(runs, &python, &baseline, &identity).expect("no environment needed");
    println!(
        "pyjudge frameworks benchmark ({runs} runs each, medians{})",
        if smoke { ", smoke run" } else { "" }
    );
    println!("{:<56} {bare:>9.1} ms", "submit, standard library, 1 case");
    for slug in ["django-n-plus-one", "fastapi-crud"] {
        let one = scratch.path().join(format!("{slug}-1"));
        let lots = scratch.path().join(format!("{slug}-{many}"));
        copy_with_cases(slug, &one, 1);
        copy_with_cases(slug, &lots, many);
        let reference = one.join("submissions/accepted/reference.py");
        let Some(with_one) = time_submit(runs, &python, &one, &reference) else {
            println!("{slug}: skipped, its environment is not built (pyjudge env sync {slug})");
            continue;
        };
        let with_many = time_submit(runs, &python, &lots, &reference).unwrap_or(f64::NAN);
        let per_case = (with_many - with_one) / (many - 1) as f64;
        println!(
            "{:<56} {:>9.1} ms",
            format!("{slug}: framework set-up, once per runner"),
            with_one - per_case - bare
        );
        println!(
            "{:<56} {:>9.1} ms",
            format!("{slug}: per case (candidate module + calls)"),
            per_case
        );
        // grade: one more submission of one case, forked from the environment's warm runner,
        // less what its case costs there (measured in grade too: in a warm runner the
        // framework's modules are loaded ahead, so a case costs less than in a cold submit).
        let library = |cases: usize| {
            let library = scratch.path().join(format!("{slug}-library-{cases}"));
            std::fs::create_dir_all(library.join("sets")).unwrap();
            copy_with_cases(slug, &library.join(slug), cases);
            std::fs::write(
                library.join("sets/bench.toml"),
                format!("title = \"Bench\"\ndescription = \"b\"\ntime_budget_minutes = 10\nchallenges = [\"{slug}\"]\n"),
            )
            .unwrap();
            library
        };
        let (one_case, many_cases) = (library(1), library(many));
        let extra = if smoke { 4 } else { 12 };
        let few = time_grade(runs, &python, &one_case, slug, &reference, 1);
        let lots = time_grade(runs, &python, &one_case, slug, &reference, 1 + extra);
        let long = time_grade(runs, &python, &many_cases, slug, &reference, 1);
        let warm_case = (long - few) / (many - 1) as f64;
        println!(
            "{:<56} {:>9.1} ms",
            format!("{slug}: grade, per case (warm)"),
            warm_case
        );
        println!(
            "{:<56} {:>9.1} ms",
            format!("{slug}: grade, each further submission (warm)"),
            (lots - few) / extra as f64 - warm_case
        );
    }
}
