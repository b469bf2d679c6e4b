# expect: WA|RE
# needs: none
# why: tries to become root (setuid/setresuid/setgroups to 0, su and sudo without a password)
import os
import subprocess

BREACH = "HOSTILE-" + "BREACH"


def solve(x):
    attempts = []
    for name, call in (
        ("setgroups", lambda: os.setgroups([0])),
        ("setresgid", lambda: os.setresgid(0, 0, 0)),
        ("setresuid", lambda: os.setresuid(0, 0, 0)),
        ("setuid", lambda: os.setuid(0)),
        ("seteuid", lambda: os.seteuid(0)),
    ):
        try:
            call()
            attempts.append(name + " ok")
        except OSError as error:
            attempts.append("%s: %s" % (name, error.strerror))
    for command in (["sudo", "-n", "id", "-u"], ["su", "-c", "id -u", "root"]):
        try:
            done = subprocess.run(command, capture_output=True, timeout=0.5, stdin=subprocess.DEVNULL)
            if done.returncode == 0 and done.stdout.strip() == b"0":
                attempts.append(command[0] + " gave root")
        except (OSError, subprocess.SubprocessError):
            pass
    if os.getuid() == 0 or os.geteuid() == 0 or any(a.endswith(" ok") or "gave root" in a for a in attempts):
        raise Exception(BREACH + " became root: " + ", ".join(attempts))
    return ", ".join(attempts)
