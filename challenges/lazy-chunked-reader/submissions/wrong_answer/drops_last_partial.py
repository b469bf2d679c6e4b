# Mistake: stops as soon as it cannot fill a whole chunk, so the last, shorter chunk
# (and the last record when the data does not end with the separator) is lost.


def read_chunks(stream, size):
    buf = bytearray()
    while True:
        while len(buf) < size:
            data = stream.read(size - len(buf))
            if not data:
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
            return
        buf += data
