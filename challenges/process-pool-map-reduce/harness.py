"""Custom harness for the process-pool-map-reduce challenge.

The harness supplies the executor: a ProcessPoolExecutor (fork start method) whose
``submit`` pickles the function first (an unpicklable one raises from submit) and wraps
each task so that the worker reports its process id. It never measures speed.

Input schema (``case_input`` is a dict):

  {"workers": W, "chunk_size": C, "texts": [str, ...]}
  {"workers": W, "chunk_size": C, "generate": {"n": N, "seed": S, "vocab": V, "words": K}}
      The generated form builds N texts of 1..K words each, drawn with random.Random(S)
      from a vocabulary of V made-up words, with capitals and punctuation mixed in.
  Calls count_words(texts, executor, C) with the harness's executor of W workers.
  -> {"counts": {word: count}} for listed texts, or for generated texts
     {"distinct": number of words, "total": sum of counts,
      "sha256": first 16 hex digits of sha256 of the sorted "word=count" lines},
     plus "in_worker_processes": every task ran in a process other than the harness's,
     and there was at least one task unless ``texts`` is empty (left out after a raise). A raise is {"raised": TYPE} instead of the counts.
  With "count_tasks": true in the input, the observation also has "tasks": the number of
  tasks submitted to the executor (one per chunk is asked for).
"""

import hashlib
import multiprocessing
import os
import pickle
import random
import sys
import types
from concurrent.futures import Future, ProcessPoolExecutor


def traced_call(fn, args, kwargs):
    """Runs in a worker: the task's result and the worker's pid."""
    return fn(*args, **kwargs), os.getpid()


def _make_picklable():
    """Pickle sends traced_call by reference and looks its module up in sys.modules; the
    runner loads this file as a module that is not there. A stand-in module holding the
    same function object lets the fork-started workers (which inherit sys.modules) find it."""
    if __name__ not in sys.modules:
        module = types.ModuleType(__name__)
        module.traced_call = traced_call
        sys.modules[__name__] = module


_make_picklable()


class TracingPool(ProcessPoolExecutor):
    """A process pool whose tasks report the pid they ran in."""

    def __init__(self, workers):
        super().__init__(max_workers=workers, mp_context=multiprocessing.get_context("fork"))
        self.task_pids = []
        self.tasks = 0

    def submit(self, fn, /, *args, **kwargs):
        # Pickle the function here, in the caller, so that an unpicklable one (a lambda, a
        # nested function) fails at once in submit. Left to the pool's feeder thread, the
        # failure can leave shutdown(cancel_futures=True) waiting forever (CPython issue
        # gh-116685, seen on 3.11).
        pickle.dumps(fn)
        self.tasks += 1
        inner = super().submit(traced_call, fn, args, kwargs)
        outer = Future()
        outer.set_running_or_notify_cancel()

        def settle(done):
            error = done.exception()
            if error is not None:
                outer.set_exception(error)
                return
            value, pid = done.result()
            self.task_pids.append(pid)
            outer.set_result(value)

        inner.add_done_callback(settle)
        return outer


def _generate(spec):
    rng = random.Random(spec["seed"])
    letters = "abcdefghijklmnopqrstuvwxyz"
    vocab = sorted({"".join(rng.choice(letters) for _ in range(rng.randint(1, 9)))
                    for _ in range(spec["vocab"])})
    # A skewed pick: a few words are very common, as in real text.
    weights = [1.0 / (rank + 1) for rank in range(len(vocab))]
    words = rng.choices(vocab, weights=weights, k=spec["n"] * spec["words"])
    lengths = [rng.randint(1, spec["words"]) for _ in range(spec["n"])]
    texts = []
    position = 0
    decorations = ["", "", "", ",", ".", "!", " -", "'s", "?"]
    for length in lengths:
        chunk = words[position:position + length]
        position += length
        chunk[0] = chunk[0].capitalize()
        if length > 2:
            chunk[1] = chunk[1] + rng.choice(decorations)
            chunk[-1] = chunk[-1].upper()
        texts.append(" ".join(chunk) + rng.choice(decorations))
    return texts


def _plain_counts(counts):
    if not isinstance(counts, dict):
        return "<%s object>" % type(counts).__name__
    plain = {}
    for word, count in dict.items(counts):
        key = str.__str__(word) if isinstance(word, str) else repr(word)
        plain[key] = int.__int__(count) if isinstance(count, int) else repr(count)
    return plain


def run(solution, case_input):
    texts = case_input["texts"] if "texts" in case_input else _generate(case_input["generate"])
    pool = TracingPool(case_input["workers"])
    parent = os.getpid()
    try:
        try:
            counts = solution.count_words(texts, pool, case_input["chunk_size"])
            observation = {"counts": _plain_counts(counts)}
        except Exception as error:  # noqa: BLE001 - reported as an observation
            observation = {"raised": type(error).__name__}
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    pids = list(pool.task_pids)
    if "counts" in observation:
        observation["in_worker_processes"] = (bool(pids) or not texts) and all(
            pid != parent for pid in pids)
    if case_input.get("count_tasks") and "counts" in observation:
        observation["tasks"] = pool.tasks
    if "generate" in case_input and "counts" in observation:
        counts = observation.pop("counts")
        if isinstance(counts, dict):
            lines = "\n".join("%s=%s" % item for item in sorted(counts.items()))
            observation.update({
                "distinct": len(counts),
                "total": sum(v for v in counts.values() if type(v) is int),
                "sha256": hashlib.sha256(lines.encode()).hexdigest()[:16],
            })
        else:
            observation["counts"] = counts
    return observation
