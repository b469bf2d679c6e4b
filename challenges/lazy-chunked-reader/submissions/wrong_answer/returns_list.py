# Mistake: builds and returns a list instead of yielding lazily, so the whole stream is
# read as soon as the function is called (and an endless stream is never finished).


def read_chunks(stream, size):
    chunks = []
    buf = bytearray()
    while True:
        data = stream.read(size)
        if not data:
            break
        buf += data
        while len(buf) >= size:
            chunks.append(bytes(buf[:size]))
            del buf[:size]
    if buf:
        chunks.append(bytes(buf))
    return chunks


def read_records(stream, sep, size=65536):
    buf = bytearray()
    while True:
        data = stream.read(size)
        if not data:
            break
        buf += data
    records = bytes(buf).split(sep)
    if records[-1] == b"":
        records.pop()
    return records
