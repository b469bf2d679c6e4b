# expect: WA|TLE
# needs: none
# why: leaves non-daemon threads spinning and returns a wrong answer; nothing may survive the case
import threading


def spin():
    while True:
        pass


def solve(x):
    for _ in range(4):
        threading.Thread(target=spin).start()
    return -1
