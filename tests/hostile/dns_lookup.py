# expect: WA|RE
# needs: none
# why: resolves names through the host's resolver (a DNS query is a way to exfiltrate)
import socket

BREACH = "HOSTILE-" + "BREACH"


def solve(x):
    answers = []
    for name in ("example.com", "localhost"):
        try:
            infos = socket.getaddrinfo(name, 80, proto=socket.IPPROTO_TCP)
            answers.append("%s -> %s" % (name, sorted({info[4][0] for info in infos})))
        except OSError as error:
            answers.append("%s: %s" % (name, error))
    if answers[0].startswith("example.com ->"):
        raise Exception(BREACH + " resolved " + "; ".join(answers))
    return "; ".join(answers)
