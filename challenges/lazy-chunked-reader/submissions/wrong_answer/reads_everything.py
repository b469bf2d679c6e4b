# Mistake: a generator, but it calls stream.read() once to slurp the whole stream and
# then slices it: correct items on small finite streams, but it reads everything up
# front (and never returns on an endless stream).


def read_chunks(stream, size):
    data = stream.read()
    for i in range(0, len(data), size):
        yield data[i:i + size]


def read_records(stream, sep, size=65536):
    data = stream.read()
    records = data.split(sep)
    if records and records[-1] == b"":
        records.pop()
    yield from records
