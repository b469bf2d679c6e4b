"""Lazy readers over a binary stream. See statement.md."""


def read_chunks(stream, size):
    """Yield the bytes of ``stream`` in chunks of exactly ``size`` bytes.

    The last chunk may be shorter (but never empty). Only ``stream.read(n)`` with
    1 <= n <= size may be used; it may return fewer bytes than asked, and returns
    b"" only at the end of the stream. Read nothing until a chunk is requested,
    and never read while you already hold enough for the next chunk.
    """
    raise NotImplementedError("read_chunks is not implemented yet")
    yield  # makes this a generator function


def read_records(stream, sep, size=65536):
    """Yield the records of ``stream`` separated by the bytes ``sep``, without ``sep``.

    Same result as ``data.split(sep)`` minus a final empty record, with the same
    reading rules as read_chunks (read(n) with 1 <= n <= size, only when needed).
    """
    raise NotImplementedError("read_records is not implemented yet")
    yield  # makes this a generator function
