# expect: WA|RE
# needs: none
# why: chmod 000 on the working folder and its io folder, which the runner needs again for the next case (a candidate must never cause IE)
import os


def solve(x):
    for path in ("io", "in", "."):
        try:
            os.chmod(path, 0)
        except OSError:
            pass
    return -1
