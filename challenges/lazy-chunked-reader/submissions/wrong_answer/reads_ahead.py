# Mistake: reads a new block on every loop turn before looking at its buffer, so it keeps
# reading even while the buffer already holds complete records or a full chunk.


def read_chunks(stream, size):
    buf = bytearray()
    while True:
        data = stream.read(size)
        buf += data
        if len(buf) >= size:
            chunk = bytes(buf[:size])
            del buf[:size]
            yield chunk
        elif not data:
            if buf:
                yield bytes(buf)
            return


def read_records(stream, sep, size=65536):
    buf = bytearray()
    while True:
        data = stream.read(size)
        buf += data
        i = buf.find(sep)
        if i != -1:
            record = bytes(buf[:i])
            del buf[:i + len(sep)]
            yield record
        elif not data:
            if buf:
                yield bytes(buf)
            return
