//! The env commands: framework challenges' environments built, listed, pruned, and
//! required before judging.

use super::*;

/// `pyjudge env sync | list | prune`: framework challenges' environments.
pub(super) fn env_command(context: &Context, command: EnvCommand) -> Result<i32> {
    let cache_dir = crate::folders::cache_dir();
    match command {
        EnvCommand::Sync(args) => env_sync(context, args, &cache_dir),
        EnvCommand::List(EnvListArgs { format }) => {
            let environments = crate::environment::list(&cache_dir);
            print(&match format {
                ListFormat::Human => report::env_list_human(&environments),
                ListFormat::Json => report::env_list_json(&environments),
            })?;
            Ok(0)
        }
        EnvCommand::Prune => {
            let python = interpreter(context.python.as_deref(), &cache_dir)?;
            let (challenges, _) = crate::package::library::load_all(&context.challenges_dir)?;
            let keep: Vec<String> = challenges
                .iter()
                .filter_map(|challenge| challenge.environment.as_ref())
                .map(|spec| crate::environment::key(&spec.lock_content, &python))
                .collect();
            let removed = crate::environment::prune(&cache_dir, &keep)?;
            print(&report::env_prune_human(&removed))?;
            Ok(0)
        }
    }
}

/// `pyjudge env sync`: builds the environments the chosen challenges need; 0 when all are
/// ready, 2 when one could not be built.
pub(super) fn env_sync(context: &Context, args: EnvSyncArgs, cache_dir: &Path) -> Result<i32> {
    let EnvSyncArgs {
        names,
        set,
        all: _,
        offline,
        find_links,
    } = args;
    if let Some(folder) = &find_links {
        if !folder.is_dir() {
            return Err(Error::Usage {
                message: format!(
                    "failed to sync: --find-links {} is not a folder\nhint: pass the folder that holds the locked wheels",
                    folder.display()
                ),
            });
        }
    }
    let chosen: Vec<Challenge> = if !names.is_empty() {
        names
            .iter()
            .map(|name| context.challenge(name))
            .collect::<Result<_>>()?
    } else if let Some(set) = set {
        let set = spec::PracticeSet::load(&context.challenges_dir, &set)?;
        set.challenges
            .iter()
            .map(|slug| context.challenge(slug))
            .collect::<Result<_>>()?
    } else {
        let (loaded, broken) = crate::package::library::load_all(&context.challenges_dir)?;
        say_errors(&broken);
        loaded
    };
    let python = interpreter(context.python.as_deref(), cache_dir)?;
    let options = crate::environment::SyncOptions {
        offline,
        find_links,
    };
    let (synced, failures) = sync_environments(&chosen, &python, cache_dir, &options);
    print(&report::env_sync_human(&synced))?;
    say_errors(&failures);
    Ok(if failures.is_empty() { 0 } else { 2 })
}

/// Builds the distinct environments `challenges` need (one per lock content), showing
/// progress on stderr; returns each one's state and the errors of those that failed.
pub(super) fn sync_environments(
    challenges: &[Challenge],
    python: &Python,
    cache_dir: &Path,
    options: &crate::environment::SyncOptions,
) -> (Vec<report::Synced>, Vec<Error>) {
    use std::io::IsTerminal;
    let mut groups: Vec<(String, &spec::EnvironmentSpec, Vec<String>)> = Vec::new();
    for challenge in challenges {
        let Some(environment) = &challenge.environment else {
            continue;
        };
        let key = crate::environment::key(&environment.lock_content, python);
        match groups.iter_mut().find(|(known, _, _)| *known == key) {
            Some((_, _, slugs)) => slugs.push(challenge.slug.clone()),
            None => groups.push((key, environment, vec![challenge.slug.clone()])),
        }
    }
    let terminal = std::io::stderr().is_terminal();
    let total = groups.len();
    let mut synced = Vec::new();
    let mut failures = Vec::new();
    for (index, (key, environment, slugs)) in groups.into_iter().enumerate() {
        let packages: Vec<String> = environment
            .pins
            .iter()
            .map(|(name, version)| format!("{name}=={version}"))
            .collect();
        let path = crate::environment::location(environment, python, cache_dir);
        let bar = (terminal && !path.join(crate::environment::MANIFEST).is_file()).then(|| {
            let bar = indicatif::ProgressBar::new_spinner();
            bar.set_style(
                indicatif::ProgressStyle::with_template("{spinner} {prefix} {wide_msg}")
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
            );
            bar.set_prefix(format!("[{}/{total}] {}", index + 1, slugs.join(", ")));
            bar.enable_steady_tick(std::time::Duration::from_millis(120));
            bar
        });
        if bar.is_none() && !path.join(crate::environment::MANIFEST).is_file() {
            eprintln!(
                "[{}/{total}] building environment {key} for {} ({} packages)",
                index + 1,
                slugs.join(", "),
                packages.len()
            );
        }
        let started = std::time::Instant::now();
        let mut on_event = |event: crate::environment::SyncEvent| {
            let crate::environment::SyncEvent::Step(line) = event;
            match &bar {
                Some(bar) => bar.set_message(line),
                None => eprintln!("  {line}"),
            }
        };
        let outcome = crate::environment::sync(
            environment,
            &slugs,
            python,
            cache_dir,
            options,
            &mut on_event,
        );
        if let Some(bar) = &bar {
            bar.finish_and_clear();
        }
        let status = match outcome {
            Ok((_, true)) => "built",
            Ok((_, false)) => "ready",
            Err(error) => {
                failures.push(error);
                "failed"
            }
        };
        synced.push(report::Synced {
            key,
            status,
            packages,
            challenges: slugs,
            path: path.display().to_string(),
            seconds: if status == "built" {
                started.elapsed().as_secs_f64()
            } else {
                0.0
            },
        });
    }
    (synced, failures)
}

/// `submit` and `run` on a framework challenge whose environment is missing: on a terminal,
/// asks to build it now; otherwise exits 2 with the command that builds it.
pub(super) fn offer_environment(
    context: &Context,
    challenge: &Challenge,
    name_given: &str,
    python: &Python,
    cache_dir: &Path,
) -> Result<()> {
    use std::io::{BufRead, IsTerminal};
    if !crate::environment::is_missing(challenge, python, cache_dir) {
        return Ok(());
    }
    let command =
        crate::environment::sync_command(&[name_given.to_string()], context.python.as_deref());
    if !(std::io::stdin().is_terminal() && std::io::stderr().is_terminal()) {
        return Err(crate::environment::missing(challenge, python, command));
    }
    let packages: Vec<String> = challenge
        .environment
        .iter()
        .flat_map(|spec| spec.pins.iter())
        .map(|(name, version)| format!("{name}=={version}"))
        .collect();
    eprint!(
        "{} needs an environment with {}, built once in {}.\nDownload and build it now? [Y/n] ",
        challenge.slug,
        packages.join(" "),
        crate::environment::environments_dir(cache_dir).display()
    );
    let mut answer = String::new();
    let _ = std::io::stdin().lock().read_line(&mut answer);
    if !matches!(answer.trim().to_lowercase().as_str(), "" | "y" | "yes") {
        return Err(crate::environment::missing(challenge, python, command));
    }
    let (_, failures) = sync_environments(
        std::slice::from_ref(challenge),
        python,
        cache_dir,
        &crate::environment::SyncOptions::default(),
    );
    match failures.into_iter().next() {
        Some(error) => Err(error),
        None => Ok(()),
    }
}

/// `grade` and `check` never download: a missing environment is an error naming the
/// `pyjudge env sync` command (with `sync_arguments`) that builds what is missing.
pub(super) fn require_environments(
    context: &Context,
    challenges: &[Challenge],
    sync_arguments: &[String],
    python: &Python,
    cache_dir: &Path,
) -> Result<()> {
    let missing: Vec<&Challenge> = challenges
        .iter()
        .filter(|challenge| crate::environment::is_missing(challenge, python, cache_dir))
        .collect();
    let Some(first) = missing.first() else {
        return Ok(());
    };
    let command = crate::environment::sync_command(sync_arguments, context.python.as_deref());
    if missing.len() > 1 {
        let slugs: Vec<&str> = missing
            .iter()
            .map(|challenge| challenge.slug.as_str())
            .collect();
        eprintln!(
            "pyjudge: {} challenges need environments that are not built: {}",
            missing.len(),
            slugs.join(", ")
        );
    }
    Err(crate::environment::missing(first, python, command))
}
