# expect: WA|RE
# needs: none
# why: connects to a TCP service on the host's loopback (the test listens on 127.0.0.1 and writes its port here)
import socket

BREACH = "HOSTILE-" + "BREACH"
PORT = int("@PORT@")


def solve(x):
    try:
        with socket.create_connection(("127.0.0.1", PORT), timeout=0.5) as connection:
            connection.sendall(b"hello from the sandbox\n")
    except OSError as error:
        return "blocked: %s" % error
    raise Exception(BREACH + " connected to 127.0.0.1:%d" % PORT)
