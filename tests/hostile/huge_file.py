# expect: OLE|RE
# needs: rlimits
# why: writes one huge file (1 GiB) in the working folder
import os


def solve(x):
    chunk = b"z" * (1 << 20)
    with open("huge.bin", "wb") as out:
        for _ in range(1024):
            out.write(chunk)
            out.flush()
    return os.path.getsize("huge.bin")
