# Mistake: assumes read(n) always returns n bytes (true for a file on disk, false for a
# socket or pipe), so a short read becomes a short chunk in the middle of the stream.


def read_chunks(stream, size):
    while True:
        chunk = stream.read(size)
        if not chunk:
            return
        yield chunk


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
            if buf:
                yield bytes(buf)
            return
        buf += data
