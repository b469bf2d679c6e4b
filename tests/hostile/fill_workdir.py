# expect: WA|TLE|RE
# needs: rlimits
# why: fills the working folder with files, each under the file-size limit, for the cleanup to remove
import os
import time


def solve(x):
    count = 0
    chunk = b"w" * (60 * 1024)
    stop = time.monotonic() + 1.5
    try:
        os.makedirs("fill", exist_ok=True)
        while count < 2000 and time.monotonic() < stop:
            with open("fill/f%d-%d" % (x, count), "wb") as out:
                out.write(chunk)
            count += 1
    except OSError as error:
        return "filled %d files, then %s" % (count, error.strerror)
    return "filled %d files" % count
