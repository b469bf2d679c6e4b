# expect: WA|OLE
# needs: none
# why: non-UTF-8 bytes, NULs, terminal escapes (clear screen, title, hyperlink) and carriage returns on stdout and stderr, plus a wrong answer
import os
import sys

GARBAGE = (
    b"\xff\xfe\xfd\x80\x00\x00\x1b[2J\x1b[H\x1b]0;pwned\x07\x1b]8;;http://evil.invalid\x07click\x1b]8;;\x07"
    b"\r\x08\x08\x08\x7f\xc3\x28\xe2\x82\x28\xf0\x90\x28\xbc\n"
)


def solve(x):
    for _ in range(20):
        os.write(1, GARBAGE)
        os.write(2, GARBAGE)
    sys.stdout.write("\u202e\u0000 reversed text \x1b[31m red \x1b[?1049h alternate screen\n")
    sys.stdout.flush()
    return -1
