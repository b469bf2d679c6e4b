//! One worker pool for the runs over many items (grade's pairs, check's packages): `jobs`
//! items at a time on blocking threads of a tokio runtime, each result handed back as it
//! finishes, and Ctrl-C or SIGTERM turned into the run's one cancellation
//! ([`crate::cancel`]): what runs is stopped, nothing new starts, what finished is kept.

use std::sync::Arc;

use crate::error::{Error, Result};

/// What a pool run gave back.
pub struct Finished<R> {
    /// The results kept, each with its item's index, in the order they finished.
    pub results: Vec<(usize, R)>,
    /// False when the run was cancelled before every item was done.
    pub complete: bool,
}

/// Runs `work` on every item, `jobs` at a time. `keep` sees each result as it comes and
/// says whether to keep it (grade drops what a cancellation cut short).
pub fn run<T, R>(
    items: Vec<T>,
    jobs: usize,
    work: impl Fn(T) -> R + Send + Sync + 'static,
    mut keep: impl FnMut(usize, &R) -> bool,
) -> Result<Finished<R>>
where
    T: Send + 'static,
    R: Send + 'static,
{
    let jobs = jobs.max(1);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .max_blocking_threads(jobs + 1)
        .enable_all()
        .build()
        .map_err(|error| Error::Sandbox {
            message: format!("cannot start the worker pool: {error}"),
        })?;
    let total = items.len();
    let work = Arc::new(work);
    let finished = runtime.block_on(async {
        let semaphore = Arc::new(tokio::sync::Semaphore::new(jobs));
        let (sender, mut receiver) = tokio::sync::mpsc::unbounded_channel();
        for (index, item) in items.into_iter().enumerate() {
            let work = Arc::clone(&work);
            let semaphore = Arc::clone(&semaphore);
            let sender = sender.clone();
            tokio::spawn(async move {
                let Ok(_permit) = semaphore.acquire_owned().await else {
                    return;
                };
                if crate::cancel::cancelled() {
                    return;
                }
                if let Ok(result) = tokio::task::spawn_blocking(move || work(item)).await {
                    let _ = sender.send((index, result));
                }
            });
        }
        drop(sender);
        let mut results = Vec::with_capacity(total);
        let mut interrupted = false;
        let mut terminate =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).ok();
        loop {
            tokio::select! {
                received = receiver.recv() => match received {
                    Some((index, result)) => {
                        if keep(index, &result) {
                            results.push((index, result));
                        }
                    }
                    None => break,
                },
                _ = tokio::signal::ctrl_c(), if !interrupted => {
                    interrupted = true;
                    crate::cancel::cancel_all();
                }
                _ = async {
                    match terminate.as_mut() {
                        Some(signal) => {
                            signal.recv().await;
                        }
                        None => std::future::pending::<()>().await,
                    }
                }, if !interrupted => {
                    interrupted = true;
                    crate::cancel::cancel_all();
                }
            }
        }
        let complete = !interrupted && results.len() == total;
        Finished { results, complete }
    });
    runtime.shutdown_background();
    Ok(finished)
}
