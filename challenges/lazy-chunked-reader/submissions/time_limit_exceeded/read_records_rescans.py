# TOO SLOW: correct, and grows a bytearray as it should, but read_records searches the whole
# buffer for the separator again after every read instead of resuming near its end. A long
# record that arrives in short reads is rescanned once per read: O(record^2 / read length).


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
            if buf:
                yield bytes(buf)
            return
        buf += data
