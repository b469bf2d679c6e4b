# Mistake: at the end of the stream it yields whatever is left in the buffer even when it
# is empty, so data ending with the separator (or an empty stream) gets an extra b"".


def read_chunks(stream, size):
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
    buf = bytearray()
    while True:
        i = buf.find(sep)
        if i != -1:
            record = bytes(buf[:i])
            del buf[:i + len(sep)]
            yield record
            continue
        data = stream.read(size)
        if not data:
            yield bytes(buf)
            return
        buf += data
