# expect: TLE|RE|MLE
# needs: pid_namespace, rlimits
# why: starts threads until the process limit refuses, then keeps trying
import threading
import time


def solve(x):
    threads = []
    while True:
        try:
            thread = threading.Thread(target=time.sleep, args=(3600,), daemon=True)
            thread.start()
            threads.append(thread)
        except (RuntimeError, MemoryError, OSError):
            pass
