# expect: WA|RE
# needs: none
# why: looks for the judge's secret environment (os.environ, /proc/self, /proc/1, /proc/<ppid> and its parent) and prints it
import os

BREACH = "HOSTILE-" + "BREACH"
# Variables of the judge's own environment (the test sets PYJUDGE_TEST_SECRET; cargo sets
# CARGO_*), and the marker's value wherever it shows.
NAMES = ("PYJUDGE_", "CARGO", "RUSTUP", "RUST_")


def environ_of(pid):
    try:
        with open("/proc/%s/environ" % pid, "rb") as source:
            return source.read().decode("utf-8", "replace").split("\0")
    except OSError as error:
        return ["<%s>" % error.strerror]


def parent_of(pid):
    try:
        with open("/proc/%s/stat" % pid, "rb") as source:
            return int(source.read().rsplit(b")", 1)[1].split()[1])
    except (OSError, ValueError, IndexError):
        return None


def solve(x):
    seen = ["%s=%s" % item for item in os.environ.items()]
    pids = ["self", "1", str(os.getppid())]
    grandparent = parent_of(os.getppid())
    if grandparent:
        pids.append(str(grandparent))
    for pid in pids:
        seen.extend(environ_of(pid))
    hits = sorted({
        entry for entry in seen
        if entry.split("=", 1)[0].upper().startswith(NAMES) or "MARKER" in entry.upper()
    })
    print("\n".join(seen))
    if hits:
        raise Exception(BREACH + " judge environment: " + "; ".join(hits))
    return "clean environment: " + ",".join(sorted(os.environ))
