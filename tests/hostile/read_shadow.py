# expect: WA|RE
# needs: none
# why: reads /etc/shadow, /etc/sudoers and root's files and reports whatever it gets
BREACH = "HOSTILE-" + "BREACH"
TARGETS = ("/etc/shadow", "/etc/gshadow", "/etc/sudoers", "/root/.bash_history", "/root/.ssh/id_rsa")


def solve(x):
    found = []
    refused = []
    for path in TARGETS:
        try:
            with open(path, "rb") as source:
                found.append("%s: %r" % (path, source.read(300)))
        except OSError as error:
            refused.append("%s: %s" % (path, error.strerror))
    if found:
        print("\n".join(found))
        raise Exception(BREACH + " read " + " | ".join(found))
    return "refused: " + ", ".join(refused)
