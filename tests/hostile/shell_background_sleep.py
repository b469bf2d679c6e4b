# expect: WA
# needs: none
# why: spawns /bin/sh -c 'sleep N &' and a setsid nohup sleep (N is the test's marker) that must not outlive the case
import os
import subprocess


def solve(x):
    os.system("/bin/sh -c 'sleep @MARKER@ &'")
    subprocess.Popen(
        ["/bin/sh", "-c", "setsid nohup sleep @MARKER@ >/dev/null 2>&1 &"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    ).wait()
    return -1
