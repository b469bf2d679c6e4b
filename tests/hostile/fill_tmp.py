# expect: WA|TLE|RE
# needs: mount_view, rlimits
# why: fills /tmp with files (each under the file-size limit) until it is full; only safe where /tmp is the sandbox's own small tmpfs
import os
import time


def fill(folder):
    count = 0
    chunk = b"t" * (60 * 1024)
    stop = time.monotonic() + 1.5
    try:
        while count < 4000 and time.monotonic() < stop:
            with open(os.path.join(folder, "hostile-fill-%d-%d" % (os.getpid(), count)), "wb") as out:
                out.write(chunk)
            count += 1
    except OSError as error:
        return "filled %d files, then %s" % (count, error.strerror)
    return "filled %d files" % count


def solve(x):
    return fill("/tmp")
