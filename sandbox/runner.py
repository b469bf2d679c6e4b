"""pyjudge sandbox runner: runs a candidate's code and reports what it observed.

The Rust supervisor starts this file with the real interpreter (``-s -S -B``, a cleared
environment, a fixed PYTHONHASHSEED; from a cached code object when it has one), usually
as the init process of fresh user and pid namespaces, as an unprivileged user, in a
temporary working directory that holds only the submission, this file and the
challenge's harness.

Protocol: the supervisor writes JSON lines on fd 0, each after a fixed-width line with its
length in bytes (so that this runner reads one command and never the next one's input); this runner
answers JSON lines on fd 1 (see docs/encoding.md for the value encoding). A warm runner's
fd 0 is a socket of records instead, whose requests carry each submission's own pipes.

    -> {"kind": "function"|"stdio"|"predict", "harness": "call"|"custom"|"predict", "function": ...,
        "limits": {...}, "site_packages": [...]}
    <- {"event": "ready"}                                 (or {"event": "ready", "error": ...})
    -> {"cmd": "case", "id": "...", "input": ..., "stdin": "in/NAME.in"}   (or {"cmd": "load"})
       (an interactive case: "stdin" and "stdout" name two FIFOs to the interactor)
    <- {"event": "loaded", "status": "ok"|"raised"|"tle"|..., ...}
    <- {"event": "result", "id": "...", "status": ..., "observation": ..., "cpu_ms": ...}
    -> {"cmd": "case", ...}                               (more cases, sent ahead of results)
    -> {"cmd": "quit"}

The first case is also the load check: "loaded" comes once its child has executed the
module (or failed to), and its result follows. With {"mode": "warm", ...} as the first
line, this file is a warm runner instead (see `serve`).

This process never runs candidate code. The load check and every case run in a forked
child that starts from this process's clean state, so module-level state of the
candidate never leaks from one case to the next. The child's stdout and stderr go to
files, and its report comes back on a private pipe, so nothing the candidate prints can
reach the supervisor's channel. Expected answers never come here: comparing is the
supervisor's job.
"""

# Only modules that cost microseconds to import: `signal` would pull in `enum` (4 ms at
# every start), so the C module behind it is used directly; `math` and `types` are not
# needed for the little they would give.
import _json
import _signal as signal
import binascii
import os
import resource
import select
import sys
import time

SOLUTION_FILE = "solution.py"
# The name the submission is compiled under (the Rust side's sandbox::SOURCE_NAME).
SOURCE_NAME = "/judge/solution.py"
HARNESS_FILE = "harness.py"
HELPER_FILE = "harnesskit.py"
# JSON levels of an observation; the supervisor's parser refuses more than 128 in all.
MAX_DEPTH = 100
SNIPPET_BYTES = 4096
TICK_SECONDS = 0.01
REPORT_FD = 3
# A case's child that could not join the case's control group exits with this before it
# runs anything of the candidate's.
CASE_GROUP_FAILED = 122
OPEN_FILES = 512
MAX_FD = 1 << 16
PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
INFINITY = float("inf")
ModuleType = type(sys)

# The runner's own directory must not be importable: a candidate could drop a file named
# json.py there in one case and shadow the standard library in the next.
sys.path[:] = [
    entry for entry in sys.path
    if entry not in ("", os.getcwd(), os.path.dirname(os.path.abspath(__file__)))
]
JUDGE_DIR = os.path.dirname(os.path.abspath(__file__))


# ---------------------------------------------------------------------------------------
# JSON through the C accelerator directly: the json package imports re, which costs
# milliseconds at every start, and the runner needs none of it.
# ---------------------------------------------------------------------------------------

class _ScanContext:
    strict = True
    object_hook = None
    object_pairs_hook = None
    parse_float = float
    parse_int = int
    memo = {}

    @staticmethod
    def parse_constant(name):
        raise ValueError(f"{name} is not JSON")


_SCAN = _json.make_scanner(_ScanContext())
_ENCODE = _json.make_encoder(None, None, _json.encode_basestring_ascii, None, ":", ",", False, False, False)
_WHITESPACE = " \t\n\r"


def json_loads(text):
    """One JSON value, and nothing after it."""
    if isinstance(text, bytes):
        text = text.decode("utf-8")
    start = len(text) - len(text.lstrip(_WHITESPACE))
    try:
        value, end = _SCAN(text, start)
    except StopIteration:
        raise ValueError("not JSON") from None
    if text[end:].strip(_WHITESPACE):
        raise ValueError("data after the JSON value")
    return value


def json_dumps(value):
    """Compact ASCII JSON; NaN and infinities are refused (the encoding tags them)."""
    return "".join(_ENCODE(value, 0))


# ---------------------------------------------------------------------------------------
# The observation encoding (docs/encoding.md)
# ---------------------------------------------------------------------------------------

class Unencodable(Exception):
    """A value that has no place in the encoding (a cycle, or nesting that is too deep)."""


def encode(value, depth=0):
    """Turn a Python value into plain JSON data, never keeping the candidate's objects.

    `depth` counts JSON levels (a tagged container takes two), so that what comes out
    stays within the supervisor's parser's nesting limit."""
    if depth > MAX_DEPTH:
        raise Unencodable("too deep")
    kind = type(value)
    if value is None or kind is bool:
        return value
    if isinstance(value, int):
        number = int.__int__(value)
        if abs(number) <= 2**53:
            return number
        return {"$int": int.__repr__(number)}
    if isinstance(value, float):
        number = float.__float__(value)
        if number != number:
            return {"$float": "nan"}
        if number in (INFINITY, -INFINITY):
            return {"$float": "inf" if number > 0 else "-inf"}
        return number
    if isinstance(value, str):
        return clean_text(str.__str__(value))
    if isinstance(value, (bytes, bytearray)):
        raw = bytes.__bytes__(value) if isinstance(value, bytes) else bytes(bytearray.copy(value))
        return {"$bytes": binascii.b2a_base64(raw, newline=False).decode("ascii")}
    if isinstance(value, list):
        return [encode(item, depth + 1) for item in list.copy(value)]
    if isinstance(value, tuple):
        return {"$tuple": [encode(item, depth + 2) for item in tuple.__getitem__(value, slice(None))]}
    if isinstance(value, frozenset):
        return {"$frozenset": [encode(item, depth + 2) for item in frozenset.copy(value)]}
    if isinstance(value, set):
        return {"$set": [encode(item, depth + 2) for item in set.copy(value)]}
    if isinstance(value, dict):
        items = list(dict.items(value))
        if all(type(key) is str and not key.startswith("$") for key, _ in items):
            return {clean_text(key): encode(item, depth + 1) for key, item in items}
        return {"$dict": [[encode(key, depth + 3), encode(item, depth + 3)] for key, item in items]}
    return {"$object": type.__getattribute__(kind, "__name__")}


def clean_text(text):
    """The text itself, or with lone surrogates spelled out: JSON cannot carry them."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")


def encode_observation(value):
    try:
        return encode(value)
    except (Unencodable, RecursionError):
        return {"$object": "unencodable"}


def decode(value):
    """Turn encoded case input back into Python values."""
    if isinstance(value, list):
        return [decode(item) for item in value]
    if isinstance(value, dict):
        if len(value) == 1:
            (tag, inner), = value.items()
            if tag == "$tuple":
                return tuple(decode(item) for item in inner)
            if tag == "$set":
                return {decode(item) for item in inner}
            if tag == "$frozenset":
                return frozenset(decode(item) for item in inner)
            if tag == "$bytes":
                return binascii.a2b_base64(inner)
            if tag == "$int":
                return int(inner)
            if tag == "$float":
                return float(inner)
            if tag == "$dict":
                return {decode(key): decode(item) for key, item in inner}
        return {key: decode(item) for key, item in value.items()}
    return value


def describe_exception(error):
    """Type, bases, message and the traceback trimmed to the candidate's own frames."""
    import linecache
    import traceback  # imported here: it costs milliseconds that a passing case never needs

    cache_source_lines(linecache)

    kind = type(error)
    try:
        message = str(error)
    except BaseException:  # noqa: BLE001 - a hostile __str__ must not break the report
        message = "<unprintable message>"
    frames = [
        frame for frame in traceback.extract_tb(error.__traceback__)
        if os.path.basename(frame.filename) == SOLUTION_FILE
    ]
    # Places are written `path:line:column`, the form editors and terminals jump to; the
    # path stays the sandbox's (/judge/solution.py) and the report puts the candidate's own
    # path in its place, so that a result cache never holds a candidate's path.
    lines = ["Traceback (most recent call last):\n"] if frames else []
    for frame in frames[-20:]:
        column = getattr(frame, "colno", None)
        place = f"{frame.filename}:{frame.lineno}" + (f":{column + 1}" if column is not None else "")
        lines.append(f"  {place}: in {frame.name}\n")
        if frame.line:
            lines.append(f"    {frame.line.strip()}\n")
    described = {
        "type": clean_text(kind.__name__),
        "mro": [clean_text(base.__name__) for base in kind.__mro__],
    }
    if isinstance(error, SyntaxError) and os.path.basename(str(error.filename)) == SOLUTION_FILE:
        # A syntax error is the source's, not a frame's: its place is where the parser
        # stopped, and its message without the "(solution.py, line 2)" that str() adds.
        message = str(error.msg)
        line = error.lineno if isinstance(error.lineno, int) and error.lineno > 0 else 1
        column = error.offset if isinstance(error.offset, int) and error.offset > 0 else None
        place = f"{error.filename}:{line}" + (f":{column}" if column else "")
        lines.append(f"{place}: {kind.__name__}: {message}\n")
        if error.text:
            text = error.text.rstrip("\r\n")
            stripped = text.lstrip()
            lines.append(f"    {stripped}\n")
            if column:
                caret = max(column - 1 - (len(text) - len(stripped)), 0)
                lines.append("    " + " " * caret + "^\n")
        described["line"] = line
        described["column"] = column
    else:
        lines.append(f"{kind.__name__}: {message}\n" if message else f"{kind.__name__}\n")
    module = third_party_module(error)
    if module is not None:
        described["third_party_module"] = clean_text(module)
    described["message"] = clean_text(message[:2000])
    described["traceback"] = clean_text("".join(lines)[-8000:])
    return described


def third_party_module(error):
    """The top-level name of a module that failed to import and is not Python's own."""
    if not isinstance(error, ModuleNotFoundError) or not isinstance(error.name, str):
        return None
    return third_party_name(error.name)


# True in a framework challenge's sandbox, whose environment offers more than the standard
# library: a missing module is then not reported as "outside the standard library".
WITH_ENVIRONMENT = []


def third_party_name(name):
    if WITH_ENVIRONMENT:
        return None
    top = name.split(".")[0]
    standard = getattr(sys, "stdlib_module_names", None)
    if not top or standard is None or top in standard or top in sys.builtin_module_names:
        return None
    return top


# ---------------------------------------------------------------------------------------
# Two C calls, through the C module behind ctypes (ctypes itself costs 3 to 4 ms to import)
# ---------------------------------------------------------------------------------------

PR_SET_DUMPABLE = 4


class Kernel:
    """prctl, looked up once per process (a warm runner's submissions share it)."""

    def __init__(self):
        import _ctypes

        class CInt(_ctypes._SimpleCData):
            _type_ = "i"

        class Function(_ctypes.CFuncPtr):
            _flags_ = _ctypes.FUNCFLAG_CDECL | _ctypes.FUNCFLAG_USE_ERRNO
            _restype_ = CInt

        self.prctl = Function(_ctypes.dlsym(_ctypes.dlopen(None, 0), "prctl"))

    def set_dumpable(self, dumpable):
        """0: no process of the same uid may ptrace this one, open its /proc/PID/fd or mem,
        or take its descriptors with pidfd_getfd (reset by exec, kept by fork)."""
        return self.prctl(PR_SET_DUMPABLE, 1 if dumpable else 0, 0, 0, 0)


_KERNEL = []


def kernel():
    if not _KERNEL:
        _KERNEL.append(Kernel())
    return _KERNEL[0]


# ---------------------------------------------------------------------------------------
# Inside a forked child: limits, the candidate's module, the report
# ---------------------------------------------------------------------------------------

def shared_limits(limits):
    """The limits that bind this process as well as the cases: set once here, inherited by
    every child, so a case's child does not pay for them (each call copies pages there)."""
    memory_bytes = limits["memory_kb"] * 1024 + limits["address_space_slack_kb"] * 1024
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    output_bytes = limits["output_bytes"] + 1
    resource.setrlimit(resource.RLIMIT_FSIZE, (output_bytes, output_bytes))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    resource.setrlimit(resource.RLIMIT_NOFILE, (OPEN_FILES, OPEN_FILES))
    signal.signal(signal.SIGXFSZ, signal.SIG_DFL)


def apply_limits(limits, in_own_session):
    """The limits of one case's process tree, set in its child: CPU time counts from the
    child's start, and the process count must not bind the runner (outside a user
    namespace it counts every process of the uid)."""
    if in_own_session:
        os.setsid()
    cpu_seconds = int(-(-limits["cpu_ms"] // 1000)) + 1
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))
    resource.setrlimit(resource.RLIMIT_NPROC, (limits["processes"], limits["processes"]))


def redirect(state, stdin_path, stdout_path=None):
    """Puts the case's stdin, stdout and stderr on 0, 1 and 2 in the child; returns why an
    interactive case's pipes could not be opened, if they could not."""
    failure = None
    if stdout_path:
        failure = connect_interactor(state, stdin_path, stdout_path)
    elif stdin_path:
        stdin_fd = os.open(stdin_path, os.O_RDONLY)
        os.dup2(stdin_fd, 0)
        os.close(stdin_fd)
        os.dup2(state.out_fd, 1)
    else:
        os.dup2(state.null_fd, 0)
        os.dup2(state.out_fd, 1)
    os.dup2(state.err_fd, 2)
    return failure


def connect_interactor(state, stdin_path, stdout_path):
    """An interactive case: stdin and stdout are the two FIFOs the supervisor staged, whose
    other ends an interactor outside the sandbox holds. Both open without blocking (the
    supervisor holds a writer of stdin until the interactor has one); a FIFO that has lost
    its interactor already gives an end of file on stdin and discards stdout."""
    os.dup2(state.null_fd, 0)
    os.dup2(state.null_fd, 1)
    try:
        stdin_fd = os.open(stdin_path, os.O_RDONLY | os.O_NONBLOCK)
        os.set_blocking(stdin_fd, True)
        os.dup2(stdin_fd, 0)
        os.close(stdin_fd)
        stdout_fd = os.open(stdout_path, os.O_WRONLY | os.O_NONBLOCK)
    except OSError as error:
        if error.errno == 6:  # ENXIO: the interactor has ended, nobody reads.
            return None
        return f"cannot open the interactor's pipes: {error!r}"
    os.set_blocking(stdout_fd, True)
    os.dup2(stdout_fd, 1)
    os.close(stdout_fd)
    return None


def fresh_module(name):
    module = ModuleType(name)
    module.__file__ = os.path.join(JUDGE_DIR, SOLUTION_FILE)
    module.__builtins__ = __builtins__
    sys.modules[name] = module
    return module


def flush_streams():
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BaseException:  # noqa: BLE001 - a closed or replaced stream is the candidate's
            pass


def child_main(state, job, report_fd, nonce):
    """Run one job in this forked child and write its report; never returns."""
    report = {"status": "internal", "message": "the child ended without a report"}
    # The runner's way of hearing that a child ended is not the candidate's.
    signal.set_wakeup_fd(-1)
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    # As in any Python program: writing to a closed pipe raises BrokenPipeError (the
    # runner itself dies quietly on SIGPIPE instead).
    signal.signal(signal.SIGPIPE, signal.SIG_IGN)
    try:
        apply_limits(state.limits, in_own_session=not state.pid_namespace)
        if job.get("first"):
            job["report"] = (report_fd, nonce)
        if job.get("connect_failure"):
            report = {"status": "internal", "message": job["connect_failure"]}
        else:
            report = run_job(state, job)
    except MemoryError:
        report = {"status": "memory_error"}
    except BaseException as error:  # noqa: BLE001 - everything the child sees is reported
        report = {"status": "internal", "message": f"runner failed in the child: {error!r}"}
    flush_streams()
    if job.get("stdout"):
        # When the program ended, taken before its end closes the interactor's pipes: the
        # supervisor tells which of the two ended first (Kattis' precedence).
        report["ended_at"] = time.monotonic()
    report["nonce"] = nonce
    try:
        payload = json_dumps(report).encode()
    except BaseException as error:  # noqa: BLE001
        payload = json_dumps({"status": "internal", "message": repr(error), "nonce": nonce}).encode()
    # The candidate can write to this pipe too: the report goes on a line of its own and
    # the parent takes the last line that carries this case's nonce.
    payload = b"\n" + payload + b"\n"
    try:
        view = memoryview(payload)
        while view:
            written = os.write(report_fd, view)
            view = view[written:]
    finally:
        os._exit(0)


def run_job(state, job):
    if state.kind == "stdio":
        return run_script(state, job)
    if state.kind == "predict":
        return read_prediction(state, job)
    try:
        code = state.code if state.code is not None else compile_solution()
    except BaseException as error:  # noqa: BLE001 - a syntax error is the candidate's
        return {"status": "raised", "exception": describe_exception(error)}
    module = fresh_module("solution")
    try:
        exec(code, module.__dict__)
    except MemoryError:
        return {"status": "memory_error"}
    except BaseException as error:  # noqa: BLE001 - the candidate's failure at import
        return {"status": "raised", "exception": describe_exception(error)}
    if job["what"] == "load":
        return {"status": "ok"}
    if job.get("first"):
        # The first case doubles as the load check: the parent learns from this line that
        # the module loaded, so whatever happens next belongs to the case.
        report_fd, nonce = job["report"]
        os.write(report_fd, b"\n" + json_dumps({"loaded": nonce}).encode() + b"\n")
    case_input = decode(job["input"])
    watch = EventLoopWatch() if state.watch_event_loop else None
    try:
        if state.harness_kind == "call":
            function = getattr(module, state.function)
            args = case_input.get("args", []) if isinstance(case_input, dict) else []
            kwargs = case_input.get("kwargs", {}) if isinstance(case_input, dict) else {}
            value = function(*args, **kwargs)
        else:
            value = state.harness.run(module, case_input)
        observation = encode_observation(value)
    except MemoryError:
        return {"status": "memory_error"}
    except BaseException as error:  # noqa: BLE001 - the candidate's exception is data
        observation = {"$raise": describe_exception(error)}
    returned = {"status": "returned", "observation": observation}
    if watch is not None:
        returned["blocking"] = watch.finish()
    if CASE_FACTS:
        returned["facts"] = dict(CASE_FACTS)
    return returned


# Facts a custom harness attaches to a case's observation with `fact(name, value)` (the
# queries a call made, the request it sent): shown to the candidate beside a failing
# sample, never used for a verdict. The harness runs beside the candidate's code, so they
# are candidate text to the supervisor: checked and capped again there.
CASE_FACTS = {}
MAX_FACTS = 12
MAX_FACT_CHARS = 300


def fact(name, value):
    """Attach `name: value` to this case's observation (a harness's helper)."""
    name = clean_text(str(name))[:60]
    if name in CASE_FACTS or len(CASE_FACTS) < MAX_FACTS:
        text = value if isinstance(value, str) else repr(value)
        CASE_FACTS[name] = clean_text(text)[:MAX_FACT_CHARS]


class EventLoopWatch:
    """Times every callback any asyncio event loop of the case runs, to find one that
    blocks the loop: a `time.sleep` behind any alias, a busy loop, blocking I/O.

    A callback's blocking time is its CPU time, or its wall time when the thread gave up
    the processor of its own accord meanwhile (a sleep, a blocking call): time spent
    waiting for a processor that another process holds is never counted, so the machine's
    load cannot make a callback look blocking. `finish` returns [longest ms, line], the
    line of the submission where the coroutine of the longest callback stood after it (0
    when unknown). The candidate's code shares the process and could undo the watch: like
    every observation, this one can be forged by a determined submission.
    """

    def __init__(self):
        import asyncio.events
        import resource
        import time

        self.longest_ms = 0.0
        self.line = 0
        self.handle_class = asyncio.events.Handle
        self.original = original = self.handle_class._run
        wall, cpu, usage, thread = time.perf_counter, time.thread_time, resource.getrusage, resource.RUSAGE_THREAD
        watch = self

        def timed_run(handle):
            switches = usage(thread).ru_nvcsw
            wall_start, cpu_start = wall(), cpu()
            try:
                return original(handle)
            finally:
                cpu_ms = (cpu() - cpu_start) * 1000.0
                wall_ms = (wall() - wall_start) * 1000.0
                # Off the processor for long: asleep of its own accord, or waiting for it?
                # (Asked only then: a system call per callback is what the watch costs.)
                blocked = cpu_ms
                if wall_ms - cpu_ms > 10.0 and usage(thread).ru_nvcsw != switches:
                    blocked = wall_ms
                if blocked > watch.longest_ms:
                    watch.longest_ms = blocked
                    watch.line = callback_line(handle)

        self.handle_class._run = timed_run

    def finish(self):
        self.handle_class._run = self.original
        return [round(self.longest_ms, 3), self.line]


def callback_line(handle):
    """The submission's line where the coroutine a task step ran now stands (or starts)."""
    try:
        task = getattr(handle._callback, "__self__", None)
        coroutine = task.get_coro() if task is not None and hasattr(task, "get_coro") else None
        line = 0
        depth = 0
        while coroutine is not None and depth < 100:
            code = getattr(coroutine, "cr_code", None) or getattr(coroutine, "gi_code", None)
            frame = getattr(coroutine, "cr_frame", None) or getattr(coroutine, "gi_frame", None)
            if code is not None and code.co_filename == SOURCE_NAME:
                line = frame.f_lineno if frame is not None else code.co_firstlineno
            coroutine = getattr(coroutine, "cr_await", None) or getattr(coroutine, "gi_yieldfrom", None)
            depth += 1
        return line if type(line) is int else 0
    except Exception:  # noqa: BLE001 - a place is a courtesy; the time is what counts
        return 0


def run_script(state, job):
    """A stdio submission: the module runs as __main__ with the case input on stdin."""
    if job["what"] == "load":
        try:
            code = state.code if state.code is not None else compile_solution()
        except BaseException as error:  # noqa: BLE001 - a syntax error is the candidate's
            return {"status": "raised", "exception": describe_exception(error)}
        missing = missing_imports(code)
        if missing:
            return {
                "status": "raised",
                "exception": {
                    "type": "ModuleNotFoundError",
                    "mro": ["ModuleNotFoundError", "ImportError", "Exception", "BaseException", "object"],
                    "message": f"No module named {missing!r}",
                    "traceback": f"ModuleNotFoundError: No module named {missing!r}\n",
                    **({"third_party_module": missing} if third_party_name(missing) else {}),
                },
            }
        return {"status": "ok"}
    module = fresh_module("__main__")
    sys.argv = [SOLUTION_FILE]
    try:
        exec(state.code, module.__dict__)
    except SystemExit as stop:
        code = stop.code
        if code is None or code == 0:
            return {"status": "exited", "code": 0}
        if isinstance(code, int):
            return {"status": "exited", "code": code}
        print(code, file=sys.stderr)
        return {"status": "exited", "code": 1}
    except MemoryError:
        return {"status": "memory_error"}
    except BaseException as error:  # noqa: BLE001 - the candidate's crash is data
        details = describe_exception(error)
        try:
            sys.stderr.write(details["traceback"])
        except BaseException:  # noqa: BLE001
            pass
        return {"status": "raised", "exception": details}
    return {"status": "exited", "code": 0}


def read_prediction(state, job):
    """A prediction file (kind "predict"): its ANSWERS literal, read and never run.

    Running it would let the file run the snippets it predicts and print their output
    itself, so the source is only parsed: `ast.literal_eval` on the one assignment to
    ANSWERS. The observation is the prediction for the case's snippet (None where the file
    has none); comparing it with the snippet's real output is the supervisor's job.
    """
    try:
        answers = prediction_answers()
    except MemoryError:
        return {"status": "memory_error"}
    except BaseException as error:  # noqa: BLE001 - a malformed file is the candidate's
        return {"status": "raised", "exception": describe_exception(error)}
    if job["what"] == "load":
        return {"status": "ok"}
    case_input = job.get("input")
    name = case_input.get("snippet") if isinstance(case_input, dict) else None
    prediction = answers.get(name)
    if prediction is not None:
        # A snippet's output is capped at the output limit, so a longer prediction is wrong
        # anyway: cut, it cannot overflow the report channel.
        prediction = prediction[: state.limits["output_bytes"] + 1]
    return {"status": "returned", "observation": prediction}


def prediction_answers():
    """The ANSWERS dict of the prediction file, checked to map snippet names to strings."""
    import ast

    with open(os.path.join(JUDGE_DIR, SOLUTION_FILE), "rb") as source:
        data = source.read()
    check_decoding(data, SOURCE_NAME)
    tree = ast.parse(data, SOURCE_NAME)
    lines = data.decode(source_encoding(data), "replace").splitlines()

    def refuse(node, message):
        line = getattr(node, "lineno", 1)
        text = lines[line - 1] if 0 < line <= len(lines) else ""
        raise SyntaxError(message, (SOURCE_NAME, line, getattr(node, "col_offset", 0) + 1, text))

    found = None
    for index, statement in enumerate(tree.body):
        if index == 0 and isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant):
            continue  # the module's docstring
        targets = statement.targets if isinstance(statement, ast.Assign) else (
            [statement.target] if isinstance(statement, ast.AnnAssign) and statement.value is not None else []
        )
        if len(targets) != 1 or not isinstance(targets[0], ast.Name) or targets[0].id != "ANSWERS":
            refuse(statement, "only ANSWERS = {...} is read here: the file is never run, so remove this statement")
        if found is not None:
            refuse(statement, "ANSWERS is assigned twice; keep one ANSWERS = {...}")
        found = statement.value
    if found is None:
        refuse(tree, 'no ANSWERS = {...}: write ANSWERS = {"snippet_name": """what it prints""", ...}')
    if not isinstance(found, ast.Dict):
        refuse(found, "ANSWERS must be a dict literal of snippet name to predicted output")
    answers = {}
    for key, value in zip(found.keys, found.values):
        if key is None:
            refuse(value, "ANSWERS cannot unpack another dict (**): write each snippet's entry")
        literals = []
        for node in (key, value):
            try:
                literals.append(ast.literal_eval(node))
            except ValueError:
                refuse(node, "ANSWERS must hold string literals only (no f-strings, names or calls): the file is never run")
        name, text = literals
        if not isinstance(name, str):
            refuse(key, f"an ANSWERS key must be a snippet name in quotes, not {type(name).__name__}")
        if not isinstance(text, str):
            refuse(value, f"ANSWERS[{name!r}] must be a string of what the snippet prints, not {type(text).__name__}")
        if name in answers:
            refuse(key, f"ANSWERS has {name!r} twice")
        answers[name] = text
    return answers


def compile_solution():
    with open(os.path.join(JUDGE_DIR, SOLUTION_FILE), "rb") as source:
        data = source.read()
    # Messages name the source SOURCE_NAME wherever the runner's folder is (a temporary
    # folder without namespaces), and the report puts the candidate's own path in its place.
    check_decoding(data, SOURCE_NAME)
    return compile(data, SOURCE_NAME, "exec", dont_inherit=True)


# The nodes a `require` rule names, by the construct's name.
CONSTRUCT_NODES = {
    "yield": ("Yield",), "yield from": ("YieldFrom",), "await": ("Await",),
    "async with": ("AsyncWith",), "async for": ("AsyncFor",), "with": ("With",),
    "for": ("For",), "while": ("While",), "try": ("Try", "TryStar"), "lambda": ("Lambda",),
    "class": ("ClassDef",),
}
MAX_RULE_HITS = 20


def check_rules(rules):
    """The static rules the submission breaks, as [rule index, line, column] (column from 1;
    0 where there is none), found on its syntax tree: nothing of it runs. Names are
    resolved through the module's imports and plain assignments (`import time as t`,
    `from time import sleep as nap`, `nap = time.sleep`, `getattr(time, "sleep")`)."""
    import ast

    with open(os.path.join(JUDGE_DIR, SOLUTION_FILE), "rb") as source:
        tree = ast.parse(source.read(), SOURCE_NAME)
    nodes = list(ast.walk(tree))
    aliases, star_modules = {}, []
    for node in nodes:
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    aliases[alias.asname] = alias.name
                else:
                    top = alias.name.split(".")[0]
                    aliases[top] = top
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            for alias in node.names:
                if alias.name == "*":
                    star_modules.append(node.module)
                else:
                    aliases[alias.asname or alias.name] = node.module + "." + alias.name

    def imported_name(call):
        """The module a call of __import__ or importlib.import_module names, if constant."""
        if (isinstance(call, ast.Call) and call.args and isinstance(call.args[0], ast.Constant)
                and isinstance(call.args[0].value, str)
                and resolve(call.func) in ("__import__", "importlib.import_module")):
            return call.args[0].value
        return None

    def resolve(expression, depth=0, shadowed=frozenset()):
        if depth > 50:
            return None
        if isinstance(expression, ast.Name):
            # A parameter of an enclosing function (`sleep=time.sleep`) is whatever the
            # caller passes, never the module's import of the same name.
            if expression.id in shadowed:
                return None
            return aliases.get(expression.id, expression.id)
        if isinstance(expression, ast.Attribute):
            base = resolve(expression.value, depth + 1, shadowed)
            return base + "." + expression.attr if base else None
        if isinstance(expression, ast.Call):
            if (isinstance(expression.func, ast.Name) and expression.func.id == "getattr"
                    and len(expression.args) >= 2 and isinstance(expression.args[1], ast.Constant)
                    and isinstance(expression.args[1].value, str)):
                base = resolve(expression.args[0], depth + 1, shadowed)
                return base + "." + expression.args[1].value if base else None
            return imported_name(expression)
        return None

    # Plain assignments of a name (`nap = time.sleep`), followed a few times for chains.
    for _ in range(3):
        for node in nodes:
            if (isinstance(node, ast.Assign) and len(node.targets) == 1
                    and isinstance(node.targets[0], ast.Name)
                    and isinstance(node.value, (ast.Name, ast.Attribute, ast.Call))):
                resolved = resolve(node.value)
                if resolved and resolved != node.targets[0].id:
                    aliases[node.targets[0].id] = resolved

    def place(node):
        return [getattr(node, "lineno", 1), getattr(node, "col_offset", -1) + 1]

    # Each node with its nearest enclosing function (None at module level) and the
    # parameter names of every function around it.
    functions = (ast.FunctionDef, ast.AsyncFunctionDef)
    enclosing, shadowing = [], {}
    stack = [(tree, None, frozenset())]
    while stack:
        node, function, shadowed = stack.pop()
        enclosing.append((node, function))
        shadowing[id(node)] = shadowed
        inner = function
        if isinstance(node, functions + (ast.Lambda,)):
            arguments = node.args
            names = [argument.arg for argument in arguments.posonlyargs + arguments.args + arguments.kwonlyargs]
            names += [argument.arg for argument in (arguments.vararg, arguments.kwarg) if argument]
            shadowed = shadowed | frozenset(names)
            inner = node if isinstance(node, functions) else function
        for child in ast.iter_child_nodes(node):
            stack.append((child, inner, shadowed))
    enclosing.sort(key=lambda pair: (getattr(pair[0], "lineno", 0), getattr(pair[0], "col_offset", 0)))

    def under(module, name):
        return name == module or name.startswith(module + ".")

    hits = []
    for index, rule in enumerate(rules):
        kind = rule.get("kind")
        if kind == "forbid_call":
            call, inside = rule.get("call"), rule.get("inside")
            for node, function in enclosing:
                if not isinstance(node, ast.Call):
                    continue
                if inside == "async def" and not isinstance(function, ast.AsyncFunctionDef):
                    continue
                if inside == "def" and not isinstance(function, ast.FunctionDef):
                    continue
                shadowed = shadowing[id(node)]
                name = resolve(node.func, 0, shadowed)
                if name != call and not (
                    isinstance(node.func, ast.Name) and node.func.id not in aliases
                    and node.func.id not in shadowed
                    and any(module + "." + node.func.id == call for module in star_modules)
                ):
                    continue
                hits.append([index] + place(node))
        elif kind == "forbid_import":
            module = rule.get("module")
            for node, _ in enclosing:
                names = []
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names = [node.module] + [node.module + "." + alias.name for alias in node.names]
                elif isinstance(node, ast.Call) and imported_name(node):
                    names = [imported_name(node)]
                if any(under(module, name) for name in names):
                    hits.append([index] + place(node))
        elif kind == "require":
            wanted = tuple(getattr(ast, name) for name in CONSTRUCT_NODES.get(rule.get("construct"), ())
                           if hasattr(ast, name))
            name = rule.get("in_function")
            scopes = [node for node in nodes if isinstance(node, functions) and node.name == name] if name else [tree]
            if not scopes:
                hits.append([index, 1, 0])
                continue

            def holds(scope):
                # The construct in this function's own body, not in a function defined in
                # it; anywhere in the module when the rule names no function.
                pending = list(ast.iter_child_nodes(scope))
                while pending:
                    node = pending.pop()
                    if isinstance(node, wanted):
                        return True
                    if wanted == (ast.For,) and isinstance(node, ast.comprehension):
                        return True
                    if not name or not isinstance(node, functions + (ast.Lambda, ast.ClassDef)):
                        pending.extend(ast.iter_child_nodes(node))
                return False

            if not any(holds(scope) for scope in scopes):
                hits.append([index] + (place(scopes[0]) if name else [1, 0]))
    hits.sort(key=lambda hit: (hit[1], hit[2]))
    return hits[:MAX_RULE_HITS]


def cache_source_lines(linecache):
    """Gives linecache the submission's lines under SOURCE_NAME, which need not exist as a
    file. Done only for a traceback: importing linecache costs milliseconds."""
    if SOURCE_NAME in linecache.cache:
        return
    try:
        with open(os.path.join(JUDGE_DIR, SOLUTION_FILE), "rb") as source:
            data = source.read()
    except OSError:
        return
    text = data.decode(source_encoding(data), "replace")
    linecache.cache[SOURCE_NAME] = (len(text), None, text.splitlines(True), SOURCE_NAME)


def source_encoding(data):
    """The encoding Python reads `data` with: its coding line, or UTF-8."""
    if b"coding" not in b"\n".join(data.split(b"\n", 2)[:2]):
        return "utf-8"
    import io
    import tokenize

    try:
        return tokenize.detect_encoding(io.BytesIO(data).readline)[0]
    except SyntaxError:
        return "utf-8"


def check_decoding(data, path):
    """Refuses a source that Python would not decode (PEP 263), as running the file would.

    compile() on bytes decodes the code but not its comments, so a latin-1 byte in a
    comment of a file with no coding line would load here and fail under `python3 file`.
    """
    try:
        data.decode("utf-8")
        return
    except UnicodeDecodeError:
        pass
    import io
    import tokenize

    declared = b"coding" in b"\n".join(data.split(b"\n", 2)[:2])
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError as error:
        # An unknown or conflicting coding line, or (with no coding line) a first line
        # that is not UTF-8, which the decoding below places.
        if declared:
            raise SyntaxError(str(error), (path, 1, None, None)) from None
        encoding = "utf-8"
    try:
        data.decode(encoding)
    except (UnicodeDecodeError, LookupError) as error:
        start = getattr(error, "start", 0)
        line_start = data.rfind(b"\n", 0, start) + 1
        line = data.count(b"\n", 0, start) + 1
        line_end = data.find(b"\n", start)
        text = data[line_start:line_end if line_end >= 0 else len(data)]
        if encoding == "utf-8" and not declared:
            message = (
                f"Non-UTF-8 code starting with '\\x{data[start]:02x}' on line {line}, but no "
                "encoding declared; see https://peps.python.org/pep-0263/ for details"
            )
        else:
            message = f"the source does not decode as {encoding}: {error}"
        raise SyntaxError(
            message, (path, line, start - line_start + 1, text.decode("utf-8", "replace"))
        ) from None


def missing_imports(code):
    """The first top-level absolute import that cannot be found, without running anything."""
    import importlib.util

    names = []
    for instruction_name, argument in iter_imports(code):
        if instruction_name == "IMPORT_NAME" and argument:
            names.append(argument.split(".")[0])
    for name in names:
        if name in sys.builtin_module_names or name in sys.modules:
            continue
        try:
            if importlib.util.find_spec(name) is None:
                return name
        except (ImportError, ValueError):
            return name
    return None


def iter_imports(code):
    """The IMPORT_NAME instructions of the module's top level (not of its functions)."""
    import dis

    for instruction in dis.get_instructions(code):
        if instruction.opname == "IMPORT_NAME":
            yield instruction.opname, instruction.argval


# ---------------------------------------------------------------------------------------
# The supervising parent: fork, watch CPU, memory and the clock, kill, reap
# ---------------------------------------------------------------------------------------

class State:
    def __init__(self, config):
        self.kind = config["kind"]
        self.harness_kind = config.get("harness", "call")
        self.function = config.get("function")
        self.limits = config["limits"]
        self.pid_namespace = os.getpid() == 1
        self.private_proc = self.pid_namespace and own_proc()
        self.harness = None
        self.code = None
        self.case_group = case_group(config)
        rules = config.get("rules") or {}
        self.static_rules = rules.get("static") or []
        self.watch_event_loop = rules.get("event_loop") is True


def own_proc():
    """True when /proc is this pid namespace's own, so it lists only the sandbox."""
    try:
        return os.readlink("/proc/self") == "1"
    except OSError:
        return False


class CaseGroup:
    """The control group that holds only the processes of the case that runs (made by the
    supervisor, which hands its files over as descriptors): CPU time and memory of every
    process the case ever had, each counted once, whoever reaped it and whatever pages it
    shares. Readings are relative to the start of the case."""

    def __init__(self, spec):
        self.version = spec["version"]
        self.join_fds = [int(fd) for fd in spec["join"]]
        self.cpu_fd = int(spec["cpu"])
        self.memory_fd = int(spec["memory"])
        self.peak_fd = int(spec["peak"])
        self.cpu_base = 0.0
        self.cpu_end = None
        self.memory_base = 0
        self.peak_resets = True

    def start_case(self):
        """Before the case's fork: the counters as they stand, the peak brought down. The
        group is empty between cases, so its CPU time has not moved since the last case's
        end was read."""
        self.cpu_base = self.cpu_seconds() if self.cpu_end is None else self.cpu_end
        self.memory_base = self.memory_bytes()
        try:
            # v1 sets the watermark to the usage now; v2 (6.12+) starts a peak for this
            # descriptor.
            os.pwrite(self.peak_fd, b"0", 0)
        except OSError:
            self.peak_resets = False

    def enter(self):
        """In the case's child, before anything else: into the case group."""
        for fd in self.join_fds:
            os.write(fd, b"0")
        os.closerange(self.join_fds[0], self.peak_fd + 1)

    def cpu_seconds(self):
        data = os.pread(self.cpu_fd, 4096, 0)
        if self.version == "v1":
            return int(data) / 1e9
        for line in data.split(b"\n"):
            if line.startswith(b"usage_usec "):
                return int(line.split()[1]) / 1e6
        return 0.0

    def memory_bytes(self):
        return int(os.pread(self.memory_fd, 64, 0))

    def case_cpu(self, ended=False):
        """CPU time of the case so far; `ended` once no process of it can be left."""
        now = self.cpu_seconds()
        self.cpu_end = now if ended else None
        return now - self.cpu_base

    def case_memory_kb(self):
        return max(0, self.memory_bytes() - self.memory_base) // 1024

    def case_peak_kb(self):
        if not self.peak_resets:
            return 0
        try:
            return max(0, int(os.pread(self.peak_fd, 64, 0)) - self.memory_base) // 1024
        except (OSError, ValueError):
            return 0


def case_group(config):
    """The case group from the configuration, or None where there is none (then CPU and
    memory are measured by polling, which is approximate)."""
    spec = config.get("case_cgroup")
    if not spec:
        return None
    try:
        group = CaseGroup(spec)
        group.cpu_seconds()
        group.memory_bytes()
        return group
    except (OSError, ValueError, KeyError, TypeError):
        return None


def tree_usage(state, child_pid):
    """CPU seconds and memory KB of the live processes of the case, by polling /proc:
    approximate (a process reaped by the kernel between two polls is not seen). Memory is
    the proportional set size, so pages shared copy-on-write count once in all."""
    if state.private_proc:
        pids = [name for name in os.listdir("/proc") if name.isdigit() and name != "1"]
    elif state.pid_namespace:
        # The host's /proc names other processes by these numbers: measure nothing live
        # and rely on the reaped usage, RLIMIT_CPU and the wall-clock cap.
        return 0.0, 0
    else:
        pids = [str(child_pid)]
    cpu_ticks = 0
    resident_kb = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat", "rb") as stat:
                fields = stat.read().rsplit(b")", 1)[1].split()
            cpu_ticks += int(fields[11]) + int(fields[12])
            resident_kb += proportional_kb(pid, int(fields[21]) * PAGE_KB)
        except (OSError, IndexError, ValueError):
            continue
    return cpu_ticks / CLOCK_TICKS, resident_kb


def proportional_kb(pid, resident_kb):
    """The process's proportional set size, or its resident size where /proc has none."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as rollup:
            for line in rollup.read().split(b"\n"):
                if line.startswith(b"Pss:"):
                    return int(line.split()[1])
    except (OSError, IndexError, ValueError):
        pass
    return resident_kb


def children_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def kill_everything(state, child_pid):
    """Kill every process the case left and reap them all."""
    if state.pid_namespace:
        # Safe only because this process is the init of its own pid namespace: kill(-1)
        # then reaches exactly the processes of this sandbox and nothing of the host.
        try:
            os.kill(-1, signal.SIGKILL)
        except ProcessLookupError:
            pass
        while True:
            try:
                os.waitpid(-1, 0)
            except ChildProcessError:
                break
            except InterruptedError:
                continue
    else:
        try:
            os.killpg(child_pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        while True:
            try:
                pid, _ = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                break
            if pid == 0:
                break


def read_all(fd, limit):
    """Up to `limit` bytes of a capture file, from its start."""
    chunks = []
    offset = 0
    while offset < limit:
        data = os.pread(fd, min(1 << 20, limit - offset), offset)
        if not data:
            break
        chunks.append(data)
        offset += len(data)
    return b"".join(chunks)


def as_text(data):
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return {"$bytes": binascii.b2a_base64(data, newline=False).decode("ascii")}


def find_report(data, nonce):
    """The last line of the child's pipe that is a report carrying this case's nonce, cut
    down to the fields a child may report; None when there is none.

    The child is the candidate's process: whatever it wrote is parsed defensively (no
    exception, depth, size or number escapes from here), and it may describe what its
    code did, never the judge's own failure nor the measurements."""
    for line in reversed(data.split(b"\n")):
        if nonce.encode() not in line:
            continue
        try:
            report = json_loads(line)
        except BaseException:  # noqa: BLE001 - RecursionError, MemoryError, ValueError...
            continue
        if isinstance(report, dict) and report.get("nonce") == nonce and "status" in report:
            return child_fields(report)
    return None


# What a case's child may report, and the fields each status may carry.
CHILD_STATUSES = {
    "ok": (),
    "returned": ("observation", "facts", "blocking"),
    "raised": ("exception",),
    "exited": ("code",),
    "memory_error": (),
}
EXCEPTION_FIELDS = ("type", "mro", "message", "traceback", "third_party_module")
# A syntax error's place in the source: whole numbers, or the field is dropped.
EXCEPTION_PLACE_FIELDS = ("line", "column")


def child_fields(report):
    """A child's report with only what it may say, or {"status": "no_report"} when it is
    not one the runner would write (a forged report is the candidate's own failure)."""
    status = report.get("status")
    if type(status) is not str or status not in CHILD_STATUSES:
        return {"status": "no_report", "code": 0}
    kept = {"status": status}
    for field in CHILD_STATUSES[status]:
        if field in report:
            kept[field] = report[field]
    # An interactive case's end, as the child stamped it (see child_main). A forged one can
    # only move a rejection between the two ends (WA or the candidate's own failure): an
    # interactor's acceptance never depends on it.
    ended_at = report.get("ended_at")
    if type(ended_at) is float and 0 <= ended_at < 1e12:
        kept["ended_at"] = ended_at
    blocking = kept.get("blocking")
    if "blocking" in kept and not (
        type(blocking) is list and len(blocking) == 2 and type(blocking[0]) is float
        and type(blocking[1]) is int and 0 <= blocking[0] < 1e9 and 0 <= blocking[1] < 1 << 31
    ):
        del kept["blocking"]
    if "code" in kept and type(kept["code"]) is not int:
        kept["code"] = 1
    if "facts" in kept:
        facts = kept["facts"]
        kept["facts"] = {
            key[:60]: value[:MAX_FACT_CHARS]
            for key, value in list(facts.items())[:MAX_FACTS]
            if type(key) is str and type(value) is str
        } if type(facts) is dict else {}
    exception = kept.get("exception")
    if "exception" in kept:
        if not isinstance(exception, dict):
            return {"status": "no_report", "code": 0}
        kept["exception"] = {
            key: exception[key] for key in EXCEPTION_FIELDS
            if key in exception and (type(exception[key]) is str or key == "mro")
        }
        for key in EXCEPTION_PLACE_FIELDS:
            if type(exception.get(key)) is int and 0 < exception[key] < 1 << 31:
                kept["exception"][key] = exception[key]
        if not all(type(item) is str for item in kept["exception"].get("mro", [])):
            kept["exception"]["mro"] = []
    try:
        # Non-finite numbers (1e999 parses as inf) and nesting beyond the supervisor's
        # parser make the line unwritable or unreadable: no report, not a crash.
        json_dumps(kept)
        if json_depth(kept) > MAX_DEPTH + 4:
            raise ValueError("too deep")
    except BaseException:  # noqa: BLE001
        return {"status": "no_report", "code": 0}
    return kept


def json_depth(value):
    """Nesting depth of parsed JSON, without recursion."""
    deepest = 0
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            item = list(item.values())
        if isinstance(item, list):
            deepest = max(deepest, depth)
            stack.extend((inner, depth + 1) for inner in item)
    return deepest


def supervise(state, job, control):
    """Fork the job's child, enforce the limits and return the event to report."""
    limits = state.limits
    cpu_limit = limits["cpu_ms"] / 1000
    memory_limit_kb = limits["memory_kb"]
    cpu_before = children_cpu()
    group = state.case_group
    if group is not None:
        group.start_case()
    read_fd, write_fd = os.pipe()
    nonce = os.urandom(16).hex()
    # The capture files are opened once per session and emptied before every case.
    for fd in (state.out_fd, state.err_fd):
        os.ftruncate(fd, 0)
        os.lseek(fd, 0, os.SEEK_SET)
    started = time.monotonic()
    pid = os.fork()
    if pid == 0:
        if group is not None:
            try:
                group.enter()
            except OSError:
                os._exit(CASE_GROUP_FAILED)
        # The child keeps only its report pipe and its stdio: the supervisor's channels
        # must be out of the candidate's reach.
        job["connect_failure"] = redirect(state, job.get("stdin"), job.get("stdout"))
        os.dup2(write_fd, REPORT_FD)
        os.closerange(3, REPORT_FD)
        os.closerange(REPORT_FD + 1, MAX_FD)
        child_main(state, job, REPORT_FD, nonce)
    os.close(write_fd)
    deadline = started + limits["wall_ms"] / 1000
    max_report = limits["output_bytes"] + (1 << 20)
    chunks = []
    received = 0
    killed_for = None
    peak_kb = 0
    exited = False
    watched = [read_fd, control.fd, state.wakeup_read]
    next_check = started + TICK_SECONDS
    while not exited:
        now = time.monotonic()
        timeout = max(0.0, min(next_check, deadline) - now)
        ready, _, _ = select.select(watched, [], [], timeout)
        if read_fd in ready:
            data = os.read(read_fd, 1 << 16)
            if data:
                received += len(data)
                if received > max_report:
                    killed_for = "ole"
                    break
                chunks.append(data)
            else:
                watched.remove(read_fd)
        if control.fd in ready and control.at_eof():
            kill_everything(state, pid)
            os._exit(3)
        if state.wakeup_read in ready:
            try:
                # One byte per signal; whatever is left wakes the next select at once.
                os.read(state.wakeup_read, 4096)
            except BlockingIOError:
                pass
        if os.waitid(os.P_PID, pid, os.WEXITED | os.WNOHANG | os.WNOWAIT):
            exited = True
            break
        now = time.monotonic()
        if now >= next_check:
            next_check = now + TICK_SECONDS
            if group is not None:
                cpu_used = group.case_cpu()
                resident_kb = group.case_memory_kb()
            else:
                cpu_live, resident_kb = tree_usage(state, pid)
                cpu_used = children_cpu() - cpu_before + cpu_live
            peak_kb = max(peak_kb, resident_kb)
            if cpu_used > cpu_limit:
                killed_for = "tle"
                break
            if resident_kb > memory_limit_kb:
                killed_for = "mle"
                break
        if now >= deadline:
            killed_for = "wall"
            break
    if exited:
        # Whatever the child wrote before it ended is in the pipe now.
        os.set_blocking(read_fd, False)
        while received <= max_report:
            try:
                data = os.read(read_fd, 1 << 16)
            except BlockingIOError:
                break
            if not data:
                break
            received += len(data)
            chunks.append(data)
        if received > max_report:
            killed_for = "ole"
    ended_at = time.monotonic()
    if killed_for is not None:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    try:
        _, status, usage = os.wait4(pid, 0)
    except ChildProcessError:
        status, usage = 0, None
    wall = time.monotonic() - started
    kill_everything(state, pid)
    os.close(read_fd)
    if group is not None:
        # Everything of the case is reaped: its whole CPU time is in the group (and, as init
        # of its pid namespace, this runner knows that nothing of it is left).
        cpu = group.case_cpu(ended=state.pid_namespace)
        memory_kb = max(peak_kb, group.case_peak_kb())
    else:
        cpu = children_cpu() - cpu_before
        memory_kb = max(peak_kb, usage.ru_maxrss if usage is not None else 0)
    event = {"cpu_ms": round(cpu * 1000, 3), "wall_ms": round(wall * 1000, 3), "memory_kb": memory_kb}
    out_size = os.fstat(state.out_fd).st_size
    err_size = os.fstat(state.err_fd).st_size
    event["stdout"] = as_text(os.pread(state.out_fd, SNIPPET_BYTES, 0)) if out_size else ""
    event["stderr"] = as_text(os.pread(state.err_fd, SNIPPET_BYTES, 0)) if err_size else ""
    if job.get("first"):
        event["loaded"] = json_dumps({"loaded": nonce}).encode() in b"".join(chunks)
    if killed_for == "tle" or (killed_for is None and cpu > cpu_limit):
        event["status"] = "tle"
    elif killed_for == "wall":
        event["status"] = "wall"
    elif killed_for == "mle" or memory_kb > memory_limit_kb:
        event["status"] = "mle"
    elif killed_for == "ole" or out_size > limits["output_bytes"] or err_size > limits["output_bytes"]:
        event["status"] = "ole"
    elif os.WIFSIGNALED(status):
        signal_number = os.WTERMSIG(status)
        event["status"] = {
            signal.SIGXCPU: "tle", signal.SIGXFSZ: "ole",
        }.get(signal_number, "signaled")
        event["signal"] = signal_number
    else:
        report = find_report(b"".join(chunks), nonce)
        code = os.WEXITSTATUS(status) if os.WIFEXITED(status) else -1
        if report is None and state.kind == "stdio" and job["what"] == "case" and code >= 0:
            # A program that wrote its output and left by os._exit: judged on what it wrote.
            report = {"status": "exited", "code": code}
        if report is None:
            report = {"status": "no_report", "code": code}
        # The report's fields first, the runner's own measurements over them.
        event = {**report, **event}
        if report["status"] == "exited" and state.kind == "stdio":
            event["observation"] = as_text(read_all(state.out_fd, limits["output_bytes"] + 1))
    if job.get("stdout") and not isinstance(event.get("ended_at"), float):
        event["ended_at"] = ended_at
    return event


# Digits of a command's length header (FRAME_DIGITS in src/sandbox/mod.rs).
FRAME_DIGITS = 15


class Control:
    """Reader of the supervisor's commands, each framed as its length in bytes (FRAME_DIGITS
    digits and a newline, read in one go) and then the line itself, that also notices when the supervisor goes away.

    The frame lets this reader take exactly one command and not a byte more: a case's child
    is forked with a copy of this object, and must not find the next case's input in it."""

    def __init__(self, fd):
        self.fd = fd
        self.buffer = b""

    def read_line(self):
        header = self._take_exactly(FRAME_DIGITS + 1)
        if header is None or header[-1:] != b"\n":
            return None
        try:
            length = int(header)
        except ValueError:
            return None
        line = self._take_exactly(length)
        return None if line is None else line.rstrip(b"\n")

    def _take_exactly(self, length):
        parts = [self.buffer[:length]]
        self.buffer = self.buffer[length:]
        missing = length - len(parts[0])
        while missing > 0:
            data = os.read(self.fd, min(missing, 1 << 20))
            if not data:
                return None
            parts.append(data)
            missing -= len(data)
        return b"".join(parts)

    def at_eof(self):
        """Called while a case runs, when the channel is readable: whatever came is kept
        for later (the case's child was forked before it came)."""
        data = os.read(self.fd, 1 << 16)
        if not data:
            return True
        self.buffer += data
        return False


def send(out_fd, message):
    payload = json_dumps(message).encode() + b"\n"
    view = memoryview(payload)
    while view:
        written = os.write(out_fd, view)
        view = view[written:]


def main():
    control_fd = os.dup(0)
    out_fd = os.dup(1)
    null_fd = os.open(os.devnull, os.O_RDWR)
    os.dup2(null_fd, 0)
    os.dup2(null_fd, 1)
    os.close(null_fd)
    os.set_inheritable(control_fd, False)
    os.set_inheritable(out_fd, False)
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    if is_socket(control_fd):
        # A warm runner: its channel is a socket of records, one per message, which may
        # carry a submission's own channels.
        first = os.read(control_fd, MAX_RECORD)
        if first:
            serve(control_fd, out_fd, json_loads(first))
        return
    control = Control(control_fd)
    first = control.read_line()
    if first is None:
        return
    run_submission(control, out_fd, json_loads(first))


def is_socket(fd):
    return os.fstat(fd).st_mode & 0o170000 == 0o140000


# The largest record on a warm runner's channel: its configuration or a request.
MAX_RECORD = 1 << 20


_HARDENED = []


def harden_runner():
    """Once per runner process, before anything of the candidate's runs (a warm runner's
    submission does it while it waits for its turn). Returns the read end of the pipe
    that wakes this process when a child ends.

    Not dumpable: a case's processes share this runner's uid, and a dumpable runner would
    let them open its channels through /proc/1/fd or take them with pidfd_getfd, and read
    its memory. SIGCHLD through a wakeup pipe rather than a pidfd: so the seccomp filter,
    installed before this runner runs, denies pidfd_open, pidfd_getfd and kcmp to it and to
    every case."""
    if not _HARDENED:
        kernel().set_dumpable(False)
        wakeup_read, wakeup_write = os.pipe()
        for fd in (wakeup_read, wakeup_write):
            os.set_blocking(fd, False)
        signal.signal(signal.SIGCHLD, _ignore_signal)
        signal.set_wakeup_fd(wakeup_write)
        _HARDENED.append(wakeup_read)
    return _HARDENED[0]


def _ignore_signal(number, frame):
    """A handler that does nothing: the wakeup pipe is what the runner waits on."""


# A framework challenge's harness as a warm runner loaded it, once, before any submission:
# (its source, the module). A submission of the same harness forked from that runner uses
# it as it is (set up, its database filled) instead of loading it again.
PRELOADED_HARNESS = []


def load_harness(source):
    """The package's harness.py (`source`, bytes) run as the module "harness"."""
    if b"harnesskit" in source:
        load_helper()
    harness = ModuleType("harness")
    harness_path = os.path.join(JUDGE_DIR, HARNESS_FILE)
    harness.__file__ = harness_path
    harness.fact = fact
    # Importable by name, so that a process pool can pickle the harness's functions.
    sys.modules["harness"] = harness
    exec(compile(source, harness_path, "exec"), harness.__dict__)
    if not callable(getattr(harness, "run", None)):
        raise AttributeError("harness.py defines no run(solution, case_input) function")
    return harness


def load_helper():
    """harnesskit.py, which pyjudge writes beside the harness, as the module "harnesskit":
    loaded by its path, since the runner's folder is kept off sys.path (see the top)."""
    helper = ModuleType("harnesskit")
    helper.__file__ = os.path.join(JUDGE_DIR, HELPER_FILE)
    with open(helper.__file__, "rb") as source:
        code = compile(source.read(), helper.__file__, "exec")
    sys.modules["harnesskit"] = helper
    exec(code, helper.__dict__)
    return helper


def run_submission(control, out_fd, config, ready=None):
    """Load check, then the cases the supervisor sends, until it says quit or goes away."""
    state = State(config)
    state.wakeup_read = harden_runner()
    os.makedirs("io", exist_ok=True)
    shared_limits(state.limits)
    flags = os.O_RDWR | os.O_CREAT | os.O_TRUNC
    state.out_fd = os.open("io/stdout", flags, 0o600)
    state.err_fd = os.open("io/stderr", flags, 0o600)
    state.null_fd = os.open(os.devnull, os.O_RDONLY)
    # A framework challenge's environment (read-only in the view): its site-packages after
    # the standard library, so nothing in it shadows Python's own modules. Added by hand,
    # since -S keeps `site` (and the .pth files it would run) out.
    for folder in config.get("site_packages") or ():
        if folder not in sys.path:
            sys.path.append(folder)
        WITH_ENVIRONMENT[:] = [True]
    if state.kind == "function" and state.harness_kind == "custom":
        try:
            with open(os.path.join(JUDGE_DIR, HARNESS_FILE), "rb") as source:
                harness_source = source.read()
            if PRELOADED_HARNESS and PRELOADED_HARNESS[0] == harness_source:
                # Loaded once by the warm runner this submission was forked from.
                state.harness = PRELOADED_HARNESS[1]
            else:
                state.harness = load_harness(harness_source)
        except BaseException as error:  # noqa: BLE001 - reported as the judge's own failure
            import traceback

            send(out_fd, {"event": "ready", "error": "".join(traceback.format_exception(error))[-4000:]})
            return
    send(out_fd, {
        "event": "ready", "pid_namespace": state.pid_namespace, "private_proc": state.private_proc,
        "accounting": "cgroup" if state.case_group is not None else "approximate", **(ready or {}),
    })
    # Compiling runs no candidate code. Done here once, before the load check forks, the
    # children share the result (and the compiler's first-use set-up, about a millisecond);
    # a source that does not compile is compiled again in the load check's child, under
    # its limits, which reports the error.
    try:
        # A prediction file is read, never compiled or run (see read_prediction).
        state.code = compile_solution() if state.kind != "predict" else None
    except BaseException:  # noqa: BLE001 - the load check reports it
        state.code = None
    # The package's static rules, on the syntax tree of a source that compiles (one that
    # does not is the load check's CE): a broken rule ends the submission before any case.
    rule_hits = None
    if state.code is not None and state.static_rules:
        try:
            rule_hits = check_rules(state.static_rules)
        except (RecursionError, MemoryError):
            # A source nested too deeply for the syntax tree's objects: its rules cannot be
            # checked, which the supervisor holds against it, never against the judge.
            rule_hits = "unchecked"
        except BaseException as error:  # noqa: BLE001 - reported as the judge's own failure
            rule_hits = error
    # A framework challenge's lazily loaded modules, imported once before any case.
    if isinstance(config.get("warm_up"), str) and state.kind == "function":
        warm_up(config["warm_up"])
    # Objects that exist now are never garbage: moving them out of the collector's reach
    # keeps a case's garbage collection from touching (and so copying) the parent's pages.
    import gc

    gc.freeze()
    # The supervisor sends the first case, or "load" when it has none. A function's first
    # case is its load check too (every case runs the module afresh anyway), which saves a
    # fork per submission; a stdio program, or a source that does not compile, gets the
    # load check of its own first.
    line = control.read_line()
    if line is None:
        return
    command = json_loads(line)
    if isinstance(rule_hits, BaseException):
        send(out_fd, {"event": "loaded", "status": "internal", "message": f"the static rules failed: {rule_hits!r}"[:2000]})
        return
    if rule_hits == "unchecked":
        send(out_fd, {"event": "loaded", "status": "rules", "unchecked": True, "cpu_ms": 0, "wall_ms": 0, "memory_kb": 0})
        return
    if rule_hits:
        send(out_fd, {"event": "loaded", "status": "rules", "hits": rule_hits, "cpu_ms": 0, "wall_ms": 0, "memory_kb": 0})
        return
    command = json_loads(line)
    if command.get("cmd") == "case" and state.kind == "function" and state.code is not None:
        result = supervise(state, case_job(command, first=True), control)
        if not result.pop("loaded", False):
            result["event"] = "loaded"
            send(out_fd, result)
            return
        send(out_fd, {"event": "loaded", "status": "ok", "cpu_ms": 0, "wall_ms": 0, "memory_kb": 0})
        result["event"] = "result"
        result["id"] = command.get("id")
        send(out_fd, result)
        command = None
    else:
        load = supervise(state, {"what": "load"}, control)
        load["event"] = "loaded"
        send(out_fd, load)
        if load.get("status") != "ok":
            return
        if state.code is None and state.kind != "predict":
            state.code = compile_solution()
        if command.get("cmd") != "case":
            command = None
    while True:
        if command is None:
            line = control.read_line()
            if line is None:
                return
            command = json_loads(line)
        if command.get("cmd") != "case":
            return
        result = supervise(state, case_job(command), control)
        result["event"] = "result"
        result["id"] = command.get("id")
        send(out_fd, result)
        command = None


def case_job(command, first=False):
    return {
        "what": "case",
        "first": first,
        "input": command.get("input"),
        "stdin": os.path.join(JUDGE_DIR, command["stdin"]) if command.get("stdin") else None,
        # An interactive case's stdout: a FIFO to the interactor (beside "stdin", the other).
        "stdout": os.path.join(JUDGE_DIR, command["stdout"]) if command.get("stdout") else None,
    }


# ---------------------------------------------------------------------------------------
# The warm runner: a prepared interpreter that forks each submission into fresh namespaces
# ---------------------------------------------------------------------------------------
#
# The supervisor starts it like a runner, in namespaces and its read-only view, as the
# unprivileged sandbox user with no_new_privs, but without landlock and seccomp: those
# would forbid what each submission's set-up needs. For every submission it forks a
# process that makes new user, mount, pid, network, ipc and uts namespaces and fresh tmpfs
# on /tmp and /dev/shm, and forks the submission's runner: the init of the new pid
# namespace, which mounts its /proc, waits for its turn and its request, mounts a fresh
# /work, binds the submission's own folder on /judge, drops every capability, applies
# landlock and seccomp (both given by the supervisor) and only then runs the submission
# exactly as a cold runner does. Nothing
# of one submission is visible to the next: its namespaces, mounts and processes end
# with it. The warm runner itself never runs candidate code.

CLONE_NEWNS = 0x00020000
CLONE_NEWUTS = 0x04000000
CLONE_NEWIPC = 0x08000000
CLONE_NEWUSER = 0x10000000
CLONE_NEWPID = 0x20000000
CLONE_NEWNET = 0x40000000
MS_NOSUID = 2
MS_NODEV = 4
MS_NOEXEC = 8
MS_BIND = 4096
MS_REC = 16384
MS_RDONLY = 1
MS_REMOUNT = 32
PR_SET_SECCOMP = 22
SECCOMP_MODE_FILTER = 2
LANDLOCK_CREATE_RULESET = 444
LANDLOCK_ADD_RULE = 445
LANDLOCK_RESTRICT_SELF = 446
LANDLOCK_RULE_PATH_BENEATH = 1
LINUX_CAPABILITY_VERSION_3 = 0x20080522


class SetupError(Exception):
    """A submission's sandbox could not be made: the supervisor falls back to a cold start."""


class Warm:
    def __init__(self, config):
        import ctypes

        self.ctypes = ctypes
        self.libc = ctypes.CDLL(None, use_errno=True)
        self.inside_id = int(config["inside_id"])
        self.seccomp = [bytes.fromhex(program) for program in config.get("seccomp", [])]
        self.landlock = config.get("landlock")
        # Folders of the view under /tmp or /dev/shm (an interpreter or an environment in a
        # cache there): bound again over each submission's fresh tmpfs, or it would hide them.
        self.rebind = [path for path in config.get("rebind") or () if isinstance(path, str) and path.startswith("/")]

        class CapHeader(ctypes.Structure):
            _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]

        class CapData(ctypes.Structure):
            _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32), ("inheritable", ctypes.c_uint32)]

        class SockFprog(ctypes.Structure):
            _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]

        class PathBeneath(ctypes.Structure):
            _pack_ = 1
            _fields_ = [("allowed_access", ctypes.c_uint64), ("parent_fd", ctypes.c_int32)]

        self.PathBeneath = PathBeneath
        # Everything a submission's set-up needs is made here once, not in every
        # submission: the C functions looked up, the capability and seccomp arguments
        # built, and the compiler's first use (a millisecond) paid.
        libc = self.libc
        self.unshare, self.mount_call, self.capset = libc.unshare, libc.mount, libc.capset
        self.prctl, self.syscall = libc.prctl, libc.syscall
        self.cap_header = CapHeader(LINUX_CAPABILITY_VERSION_3, 0)
        self.cap_data = (CapData * 2)()
        self.seccomp_buffers = [ctypes.create_string_buffer(program, len(program)) for program in self.seccomp]
        self.seccomp_programs = [
            SockFprog(len(program) // 8, ctypes.addressof(buffer))
            for program, buffer in zip(self.seccomp, self.seccomp_buffers)
        ]
        compile("pass", "warm", "exec")
        kernel()
        import _socket

        self.socket_module = _socket
        # The warm runner's channel as a socket object, made once and shared by every
        # submission's init (each forked after it); see `receive`.
        self.channel = None

    def take_channel(self, control_fd):
        _socket = self.socket_module
        self.channel = _socket.socket(fileno=os.dup(control_fd))

    def receive(self, control_fd):
        """One record of the channel and the descriptors it carries."""
        _socket = self.socket_module
        if self.channel is None:
            self.channel = _socket.socket(fileno=os.dup(control_fd))
        data, ancillary, _, _ = self.channel.recvmsg(MAX_RECORD, _socket.CMSG_SPACE(4 * 4))
        descriptors = []
        for level, kind, payload in ancillary:
            if level == _socket.SOL_SOCKET and kind == _socket.SCM_RIGHTS:
                usable = len(payload) - len(payload) % 4
                descriptors.extend(
                    int.from_bytes(payload[index:index + 4], sys.byteorder, signed=True)
                    for index in range(0, usable, 4)
                )
        return data, descriptors

    def call(self, what, result):
        if result != 0:
            error = self.ctypes.get_errno()
            raise SetupError(f"{what} failed: {os.strerror(error)}")

    def mount(self, source, target, kind, flags, options=None):
        encode_arg = lambda text: None if text is None else text.encode()  # noqa: E731
        self.call(
            f"mounting {target}",
            self.mount_call(encode_arg(source), encode_arg(target), encode_arg(kind), self.ctypes.c_ulong(flags), encode_arg(options)),
        )

    def enter_namespaces(self):
        """In the forked set-up process: new namespaces and fresh /tmp and /dev/shm."""
        self.call("unshare", self.unshare(
            CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWIPC | CLONE_NEWUTS
        ))
        own = self.inside_id
        for name, text in (("setgroups", "deny"), ("uid_map", f"{own} {own} 1\n"), ("gid_map", f"{own} {own} 1\n")):
            fd = os.open(f"/proc/self/{name}", os.O_WRONLY)
            try:
                os.write(fd, text.encode())
            finally:
                os.close(fd)
        # The view's mounts are private already (the supervisor made them so before
        # building it), and so are their copies here: nothing propagates either way.
        held = [(path, os.open(path, os.O_PATH | os.O_CLOEXEC)) for path in self.rebind]
        self.mount("tmpfs", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, "size=64m,nr_inodes=16k,mode=1777")
        self.mount("tmpfs", "/dev/shm", "tmpfs", MS_NOSUID | MS_NODEV, "size=16m,nr_inodes=4k,mode=1777")
        for path, fd in held:
            os.makedirs(path, mode=0o755, exist_ok=True)
            self.mount(f"/proc/self/fd/{fd}", path, None, MS_BIND | MS_REC)
            self.mount(None, path, None, MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV)
            os.close(fd)

    def enter_submission(self, work_bytes, judge_folder):
        """In the submission's init, once its request came: its /work and its /judge."""
        own = self.inside_id
        self.mount("tmpfs", "/work", "tmpfs", MS_NOSUID | MS_NODEV,
                   f"size={max(work_bytes, 1 << 20)},nr_inodes=16k,mode=0700,uid={own},gid={own}")
        if "/" in judge_folder or judge_folder in ("", ".", ".."):
            raise SetupError(f"bad submission folder {judge_folder!r}")
        self.mount(os.path.join(JUDGE_DIR, judge_folder), JUDGE_DIR, None, MS_BIND | MS_REC)
        if not os.statvfs(JUDGE_DIR).f_flag & os.ST_RDONLY:
            raise SetupError(f"{JUDGE_DIR} is writable")
        os.chdir("/work")

    def lock_down(self):
        """In the submission's init, last: no capabilities, landlock, seccomp."""
        ctypes = self.ctypes
        # no_new_privs is inherited from the warm runner, which the supervisor started so.
        self.call("dropping capabilities", self.capset(ctypes.byref(self.cap_header), self.cap_data))
        if self.landlock is not None:
            handled = ctypes.c_uint64(self.landlock["handled"])
            ruleset = self.syscall(LANDLOCK_CREATE_RULESET, ctypes.byref(handled), ctypes.c_size_t(8), 0)
            if ruleset < 0:
                self.call("landlock", -1)
            try:
                for path, access in self.landlock["rules"]:
                    try:
                        fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
                    except OSError:
                        continue
                    try:
                        rule = self.PathBeneath(access, fd)
                        self.call("landlock", self.syscall(
                            LANDLOCK_ADD_RULE, ruleset, LANDLOCK_RULE_PATH_BENEATH, ctypes.byref(rule), 0
                        ))
                    finally:
                        os.close(fd)
                self.call("landlock", self.syscall(LANDLOCK_RESTRICT_SELF, ruleset, 0))
            finally:
                os.close(ruleset)
        for program in self.seccomp_programs:
            self.call("seccomp", self.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.byref(program), 0, 0))


# How a submission's set-up process ends, for the warm runner's loop.
SETUP_DONE = 0
SETUP_FAILED = 1
SETUP_CHANNEL_CLOSED = 3


def serve(control_fd, out_fd, config):
    """The warm runner's loop: one forked, freshly contained runner per submission.

    The next submission's sandbox is made ahead: its set-up process makes the namespaces
    and fresh mounts and forks the submission's init, which mounts its /proc and waits.
    When the current one has ended, the next is told to go: only then does it take its
    request from the channel, with the submission's own control and event pipes, made by
    the supervisor for it alone: nothing one submission's sandbox holds reaches the next.
    With a core to spare ("ahead"), the next is made while the current one runs; otherwise
    right after it, while the supervisor judges. This process writes only "warm" and
    "finished" on its own event pipe."""
    warm = Warm(config)
    warm.take_channel(control_fd)
    ahead = bool(config.get("ahead"))
    preload(config)
    send(out_fd, {"event": "warm"})
    current = prepare(warm, control_fd, out_fd)
    while True:
        os.write(current[1], b"g")
        os.close(current[1])
        upcoming = prepare(warm, control_fd, out_fd) if ahead else None
        status = 0
        while True:
            try:
                _, status = os.waitpid(current[0], 0)
                break
            except ChildProcessError:
                break
            except InterruptedError:
                continue
        code = os.WEXITSTATUS(status) if os.WIFEXITED(status) else SETUP_FAILED
        if code == SETUP_CHANNEL_CLOSED:
            return
        send(out_fd, {"event": "finished"})
        if code == SETUP_FAILED:
            return
        current = upcoming or prepare(warm, control_fd, out_fd)


def preload(config):
    """A warm runner of a framework challenge's environment: its site-packages on sys.path
    and the modules the package imports (named by the supervisor, all from the locked
    environment, never the candidate's) imported here once, so that every submission forked
    after it finds them loaded. Best effort: a module that fails here is imported (and its
    error reported) again where the harness or the submission needs it."""
    for folder in config.get("site_packages") or ():
        if isinstance(folder, str) and folder not in sys.path:
            sys.path.append(folder)
            WITH_ENVIRONMENT[:] = [True]
    for entry in config.get("preload") or ():
        if not isinstance(entry, str):
            continue
        name, _, taken = entry.partition(":")
        try:
            module = __import__(name, fromlist=["__name__"])
            for attribute in filter(None, taken.split(",")):
                # What a `from` import takes: a package that exports lazily loads it now.
                getattr(module, attribute, None)
        except BaseException:  # noqa: BLE001 - see above
            pass
    harness = config.get("harness")
    if isinstance(harness, str):
        # The package's harness (its code, never the candidate's), loaded here once: the
        # framework's set-up (Django's settings and apps, the in-memory tables and their
        # rows) is then made before any submission is forked, not in each. One that fails
        # is left to each submission, which reports the failure.
        source = harness.encode()
        if loads_in_a_child(source):
            try:
                PRELOADED_HARNESS[:] = [source, load_harness(source)]
            except BaseException:  # noqa: BLE001 - see above
                sys.modules.pop("harness", None)
    if isinstance(config.get("warm_up"), str):
        warm_up(config["warm_up"])


def silence():
    """In a child that runs the package's code only to learn from it: its stdio to /dev/null,
    so nothing it prints reaches the channel."""
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)


def loads_in_a_child(source):
    """True when the harness `source` loads in a child of this process: tried there first,
    because a harness that fails half-way (a file that only a submission's folder has, say)
    would leave this process half set up (Django configured, say) for every submission."""
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            silence()
            load_harness(source)
            code = 0
        finally:
            os._exit(code)
    while True:
        try:
            _, status = os.waitpid(pid, 0)
            return os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0
        except ChildProcessError:
            return False
        except InterruptedError:
            continue


# Set once this process made the imports of a warm-up: a submission forked from a warm
# runner that made them does not make them again.
WARMED_UP = []
# The most modules a warm-up imports, and the most bytes of their names.
WARM_UP_MODULES = 4000
WARM_UP_REPORT_BYTES = 1 << 20
WARM_UP_SECONDS = 10


def warm_up(source):
    """Runs `source` (a framework challenge's accepted reference: the package's code, never
    the candidate's) in a child that is then discarded, and imports here what it imported.
    A framework loads much lazily, at the first model or route a module defines: made here
    once, those imports are not paid again by every case's child. Only imports cross back:
    whatever the source defined or registered dies with the child. Best effort, like
    `preload`."""
    if WARMED_UP:
        return
    WARMED_UP[:] = [True]
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            silence()
            before = set(sys.modules)
            try:
                exec(compile(source, "<warm-up>", "exec"), {"__name__": "__warm_up__"})
            except BaseException:  # noqa: BLE001 - what it imported before failing still counts
                pass
            names = sorted(name for name in set(sys.modules) - before if isinstance(name, str))
            data = "\n".join(names[:WARM_UP_MODULES]).encode()[:WARM_UP_REPORT_BYTES]
            while data:
                data = data[os.write(write_fd, data):]
        finally:
            os._exit(0)
    os.close(write_fd)
    chunks = []
    received = 0
    deadline = time.monotonic() + WARM_UP_SECONDS
    try:
        while received <= WARM_UP_REPORT_BYTES:
            ready, _, _ = select.select([read_fd], [], [], max(0.0, deadline - time.monotonic()))
            if not ready:
                break
            data = os.read(read_fd, 1 << 16)
            if not data:
                break
            received += len(data)
            chunks.append(data)
    finally:
        os.close(read_fd)
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        while True:
            try:
                os.waitpid(pid, 0)
                break
            except ChildProcessError:
                break
            except InterruptedError:
                continue
    for name in b"".join(chunks).decode("utf-8", "replace").split("\n"):
        if not name or name.startswith("__warm_up__") or not all(part.isidentifier() for part in name.split(".")):
            continue
        try:
            __import__(name)
        except BaseException:  # noqa: BLE001 - see `preload`
            pass


def prepare(warm, control_fd, out_fd):
    """Forks the set-up process of a submission to come; returns it and its go pipe."""
    go_read, go_write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(go_write)
        os._exit(submission_setup(warm, control_fd, out_fd, go_read))
    os.close(go_read)
    return pid, go_write


def wait_for_go(go_fd):
    """True once the warm runner says this submission's turn has come."""
    while True:
        try:
            return os.read(go_fd, 1) == b"g"
        except InterruptedError:
            continue


def submission_setup(warm, control_fd, out_fd, go_fd):
    """The forked set-up process: namespaces and mounts, then the submission's init."""
    try:
        warm.enter_namespaces()
        pid = os.fork()
        if pid == 0:
            os._exit(submission_init(warm, control_fd, out_fd, go_fd))
        os.close(go_fd)
        _, status = os.waitpid(pid, 0)
        return os.WEXITSTATUS(status) if os.WIFEXITED(status) else SETUP_DONE
    except BaseException as error:  # noqa: BLE001 - reported; the supervisor falls back
        if not wait_for_go(go_fd):
            return SETUP_CHANNEL_CLOSED
        report_setup_error(warm, control_fd, error)
        return SETUP_FAILED


def submission_init(warm, control_fd, out_fd, go_fd):
    """The init of the submission's pid namespace: waits for its turn and its request,
    then runs it on the request's own channels."""
    try:
        warm.mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)
        harden_runner()
    except BaseException as error:  # noqa: BLE001
        if wait_for_go(go_fd):
            report_setup_error(warm, control_fd, error)
        return SETUP_FAILED
    if not wait_for_go(go_fd):
        return SETUP_CHANNEL_CLOSED
    os.close(go_fd)
    received = next_request(warm, control_fd)
    if received is None:
        return SETUP_CHANNEL_CLOSED
    request, own_control, own_events = received
    # The warm runner's channels stay out of this sandbox.
    os.close(control_fd)
    os.close(out_fd)
    warm.channel.close()
    try:
        warm.enter_submission(int(request["work_bytes"]), request["folder"])
        warm.lock_down()
        namespace = os.readlink("/proc/self/ns/pid")
    except BaseException as error:  # noqa: BLE001
        send(own_events, {"event": "ready", "setup_error": f"{error}"})
        return SETUP_FAILED
    try:
        run_submission(Control(own_control), own_events, request["config"], {"pid_namespace_id": namespace})
    except BaseException:  # noqa: BLE001 - the supervisor sees the channel go quiet
        pass
    return SETUP_DONE


def next_request(warm, control_fd):
    """The next submission request and its control and event descriptors, or None when
    the supervisor has gone or sent something else."""
    try:
        data, descriptors = warm.receive(control_fd)
    except OSError:
        return None
    if not data or len(descriptors) != 2:
        for fd in descriptors:
            os.close(fd)
        return None
    try:
        request = json_loads(data)
    except ValueError:
        request = None
    if not isinstance(request, dict) or request.get("cmd") != "submission":
        for fd in descriptors:
            os.close(fd)
        return None
    for fd in descriptors:
        os.set_inheritable(fd, False)
    return request, descriptors[0], descriptors[1]


def report_setup_error(warm, control_fd, error):
    """A sandbox that could not be made before its request: said once the request comes,
    on that submission's own channel."""
    try:
        received = next_request(warm, control_fd)
        if received is not None:
            send(received[2], {"event": "ready", "setup_error": f"{error}"})
    except BaseException:  # noqa: BLE001
        pass


if __name__ == "__main__":
    main()
    # Everything is written (through raw descriptors, nothing buffered): finalizing the
    # interpreter would only free every object page by page, hundreds of copy-on-write
    # faults and a millisecond or more that the supervisor waits for.
    os._exit(0)
