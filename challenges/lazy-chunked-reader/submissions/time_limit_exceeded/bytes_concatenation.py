# TOO SLOW: correct, but grows the buffer with bytes concatenation. bytes are immutable,
# so every `buf += data` copies the whole buffer: collecting a 4 MB chunk from 100-byte
# reads copies about 40000 * 2 MB. O(size^2 / read length) per chunk.


def read_chunks(stream, size):
    buf = b""
    while True:
        while len(buf) < size:
            data = stream.read(size - len(buf))
            if not data:
                if buf:
                    yield buf
                return
            buf += data
        yield buf
        buf = b""


def read_records(stream, sep, size=65536):
    buf = b""
    start = 0
    while True:
        i = buf.find(sep, start)
        if i != -1:
            record = buf[:i]
            buf = buf[i + len(sep):]
            start = 0
            yield record
            continue
        start = max(0, len(buf) - len(sep) + 1)
        data = stream.read(size)
        if not data:
            if buf:
                yield buf
            return
        buf += data
