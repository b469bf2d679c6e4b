# Mistake: splits every block returned by read() on its own, so a record that spans two
# reads is cut in two and a separator split across two reads is never recognised.


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
    pending = b""
    while True:
        block = stream.read(size)
        if not block:
            if pending:
                yield pending
            return
        parts = block.split(sep)
        parts[0] = pending + parts[0]
        pending = parts.pop()
        yield from parts
