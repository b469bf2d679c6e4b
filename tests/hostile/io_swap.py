# expect: WA|RE
# needs: none
# why: swaps the runner's io/case.out for a symlink to the package's secret file, then io/ itself for a symlink to /, so the runner follows them in this case and the next (a candidate must never cause IE nor read the package this way)
import os

PACKAGE = "@PACKAGE@"


def solve(x):
    secret = os.path.join(PACKAGE, "tests", "secret", "MARKER-SECRET.txt")
    if x == 1:
        try:
            os.unlink("io/case.out")
            os.symlink(secret, "io/case.out")
            os.unlink("io/case.err")
            os.symlink("/etc/shadow", "io/case.err")
        except OSError:
            pass
        os._exit(3)
    if os.path.isdir("io") and not os.path.islink("io"):
        try:
            os.rename("io", "io-moved")
            os.symlink("/", "io")
        except OSError:
            pass
    return -1
