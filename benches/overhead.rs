//! The judge's own cost: per-case overhead and fixed cost per submission, measured against
//! a bare `python -I -S -c pass` on the same machine. Prints one line per figure:
//! name, value, unit, target, and whether it holds.
//!
//! `cargo bench --bench overhead` runs the full measurement; with PYJUDGE_BENCH_SMOKE=1
//! (as CI does) it runs each step a few times only, to prove the benchmark works.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

fn python() -> String {
    let output = Command::new("python3")
        .args(["-c", "import sys; print(sys.executable)"])
        .output()
        .expect("python3 is needed for the benchmark");
    String::from_utf8(output.stdout).unwrap().trim().to_string()
}

/// Writes a trivial function challenge with `cases` secret cases.
fn trivial_challenge(dir: &Path, cases: usize) {
    std::fs::create_dir_all(dir.join("tests/secret")).unwrap();
    std::fs::write(
        dir.join("challenge.toml"),
        "title = \"Identity\"\ntopic = \"bench\"\ndifficulty = \"easy\"\nkind = \"function\"\n[harness]\ntype = \"call\"\nfunction = \"identity\"\n",
    )
    .unwrap();
    std::fs::write(dir.join("statement.md"), "Return x.\n").unwrap();
    std::fs::write(dir.join("starter.py"), "def identity(x):\n    pass\n").unwrap();
    for index in 0..cases {
        std::fs::write(
            dir.join(format!("tests/secret/{index:03}.json")),
            format!("{{\"input\": {{\"args\": [{index}]}}, \"expected\": {index}}}"),
        )
        .unwrap();
    }
}

fn median(mut samples: Vec<f64>) -> f64 {
    samples.sort_by(f64::total_cmp);
    samples[samples.len() / 2]
}

fn time_command(runs: usize, mut make: impl FnMut() -> Command) -> f64 {
    let mut samples = Vec::with_capacity(runs);
    for _ in 0..runs {
        let mut command = make();
        let started = Instant::now();
        let output = command.output().expect("the command runs");
        samples.push(started.elapsed().as_secs_f64() * 1000.0);
        assert!(
            output.status.success(),
            "{:?} failed: {}{}",
            command,
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    median(samples)
}

fn report(name: &str, value: f64, unit: &str, target: f64) {
    let holds = if value <= target { "holds" } else { "MISSED" };
    println!("{name:<32} {value:>9.2} {unit:<3} target <= {target:<6} {holds}");
}

fn main() {
    let smoke = std::env::var_os("PYJUDGE_BENCH_SMOKE").is_some();
    let runs = if smoke { 3 } else { 21 };
    let python = python();
    let scratch = tempfile::tempdir().unwrap();
    let one = scratch.path().join("one");
    let hundred = scratch.path().join("hundred");
    trivial_challenge(&one, 1);
    trivial_challenge(&hundred, 100);
    let solution = scratch.path().join("identity.py");
    std::fs::write(&solution, "def identity(x):\n    return x\n").unwrap();
    let binary = env!("CARGO_BIN_EXE_pyjudge");

    let bare = time_command(runs, || {
        let mut command = Command::new(&python);
        command.args(["-I", "-S", "-c", "pass"]);
        command
    });
    let judge = |package: &Path| {
        let mut command = Command::new(binary);
        command
            .env("PYJUDGE_PYTHON", &python)
            .env("PYJUDGE_CACHE_DIR", scratch.path().join("cache"))
            .env("PYJUDGE_DATA_DIR", scratch.path().join("data"))
            .arg("submit")
            .arg(package)
            .arg(&solution)
            .args(["--format", "json", "--all-cases"]);
        command
    };
    let with_one = time_command(runs, || judge(&one));
    let with_hundred = time_command(runs, || judge(&hundred));
    let per_case = (with_hundred - with_one) / 99.0;
    let fixed = with_one - per_case - bare;

    println!(
        "pyjudge overhead benchmark ({} runs each, medians{})",
        runs,
        if smoke { ", smoke run" } else { "" }
    );
    report("bare python -I -S -c pass", bare, "ms", f64::INFINITY);
    report("submit, 1 trivial case", with_one, "ms", f64::INFINITY);
    report(
        "submit, 100 trivial cases",
        with_hundred,
        "ms",
        f64::INFINITY,
    );
    report("per-case overhead", per_case, "ms", 1.5);
    report("fixed cost over bare python", fixed, "ms", 30.0);
}
