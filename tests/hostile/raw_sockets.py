# expect: WA|RE
# needs: none
# why: opens raw and packet sockets and binds a privileged port (needs capabilities a candidate must not have)
import socket

BREACH = "HOSTILE-" + "BREACH"


def solve(x):
    gained = []
    refused = []
    for name, args in (
        ("raw icmp", (socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)),
        ("raw ipv6", (socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_ICMPV6)),
        ("packet", (getattr(socket, "AF_PACKET", 17), socket.SOCK_RAW, 0x0300)),
    ):
        try:
            socket.socket(*args).close()
            gained.append(name)
        except OSError as error:
            refused.append("%s: %s" % (name, error.strerror))
    try:
        with socket.socket() as server:
            server.bind(("0.0.0.0", 80))
            gained.append("bound port 80")
    except OSError as error:
        refused.append("port 80: %s" % error.strerror)
    if gained:
        raise Exception(BREACH + " " + ", ".join(gained))
    return "; ".join(refused)
