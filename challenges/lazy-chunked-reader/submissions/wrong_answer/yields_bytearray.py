# Mistake: lazy and fast, but it yields slices of its bytearray buffer, which are
# bytearray objects, not the bytes the statement asks for (a caller that hashes them, or
# uses them as dict keys, fails).


def read_chunks(stream, size):
    buf = bytearray()
    while True:
        while len(buf) < size:
            data = stream.read(size - len(buf))
            if not data:
                if buf:
                    yield buf[:]
                return
            buf += data
        yield buf[:]
        buf.clear()


def read_records(stream, sep, size=65536):
    buf = bytearray()
    start = 0
    while True:
        i = buf.find(sep, start)
        if i != -1:
            record = buf[:i]
            del buf[:i + len(sep)]
            start = 0
            yield record
            continue
        start = max(0, len(buf) - len(sep) + 1)
        data = stream.read(size)
        if not data:
            if buf:
                yield buf[:]
            return
        buf += data
