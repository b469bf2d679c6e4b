# expect: WA|RE|TLE
# needs: none
# why: searches the filesystem for the package's MARKER-SECRET.txt and secret *.json cases and prints whatever it finds
import os
import time

BREACH = "HOSTILE-" + "BREACH"
SKIP = {"/proc", "/sys", "/dev", "/run", "/usr/share", "/usr/lib", "/usr/include", "/boot", "/snap"}
ROOTS = ["/work", "/home", "/srv", "/opt", "/root", "/tmp", "/var", "/mnt", "/"]


def solve(x):
    stop = time.process_time() + 0.4
    found = []
    seen = set()
    stack = list(reversed(ROOTS))
    while stack and time.process_time() < stop:
        folder = stack.pop()
        if folder in seen or folder in SKIP:
            continue
        seen.add(folder)
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            try:
                if entry.is_dir(follow_symlinks=False):
                    stack.append(entry.path)
                elif entry.name == "MARKER-SECRET.txt" or (
                    entry.name.endswith(".json") and "hostile-target/tests/" in entry.path
                ):
                    with open(entry.path, "rb") as source:
                        found.append("%s: %s" % (entry.path, source.read(200).decode("utf-8", "replace")))
            except OSError:
                continue
    if found:
        print("\n".join(found))
        raise Exception(BREACH + " " + " | ".join(sorted(found, key=lambda item: "MARKER" not in item)))
    return "found nothing in %d folders" % len(seen)
