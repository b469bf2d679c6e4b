"""Lazy readers over a binary stream: fixed-size chunks and separator-delimited records."""


def read_chunks(stream, size):
    """Yield ``size``-byte chunks of ``stream``; the last one may be shorter (never empty)."""
    buf = bytearray()
    while True:
        while len(buf) < size:
            data = stream.read(size - len(buf))
            if not data:
                if buf:
                    yield bytes(buf)
                return
            buf += data
        yield bytes(buf)
        buf.clear()


def read_records(stream, sep, size=65536):
    """Yield the records of ``stream`` separated by ``sep`` (the separator is not included)."""
    buf = bytearray()
    start = 0          # where the search for ``sep`` may resume without missing a match
    while True:
        i = buf.find(sep, start)
        if i != -1:
            record = bytes(buf[:i])
            del buf[:i + len(sep)]
            start = 0
            yield record
            continue
        start = max(0, len(buf) - len(sep) + 1)
        data = stream.read(size)
        if not data:
            if buf:
                yield bytes(buf)
            return
        buf += data
