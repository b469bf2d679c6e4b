"""Custom harness for the lazy-chunked-reader challenge.

Input schema (``case_input`` is a dict):

    {"func": "chunks" | "records",
     "size": int,                       passed as size
     "default_size": bool,              optional, records only: call read_records(stream, sep)
                                        without size, so the statement's default applies
                                        ("size" must then be 65536, the default, which the
                                        reads are checked against)
     "sep": str,                        records only; encoded with latin-1
     "data": str                        the stream's bytes (latin-1), or
     "data": [[str, int], ...]          the concatenation of each str repeated int times, or
     "random": {"n": int, "seed": int, "alphabet": str (optional)}
                                        random.Random(seed).randbytes(n), each byte b mapped
                                        to alphabet[b % len(alphabet)] if given, or
     "endless": str                     this pattern repeated forever
     "caps": [int, ...],                optional: the i-th read returns at most caps[i % len]
                                        bytes (short reads); default: no cap
     "pull": int,                       optional: request at most this many items
                                        (default: until StopIteration)
     "summary": bool}                   optional: report a digest instead of the items

Returns
    {"returns": "iterator" | "<type name> (not an iterator)",
     "items": [str, ...]               each bytes item decoded with latin-1; a non-bytes item
                                        becomes "<not bytes: TYPE>"
       or "summary": {"count", "total", "sha256"},
     "end": bool,                       StopIteration was reached
     "error": null | "TYPE: message",   an exception escaping the candidate's iterator
     "reads": "ok" | "<the first violation of the reading rules>"}

Reading rules checked (see statement.md): nothing is read when the function is called;
every call is stream.read(n) with an int 1 <= n <= size; after the k-th item, at most
(bytes needed for k items) + size - 1 bytes have been read. An unbounded read() on an
endless stream, or reading far past what was needed, raises StreamOverrun inside the
candidate's code, which is reported as data.
"""

import hashlib
import random

_HARD_SLACK = 1 << 20          # bytes past the allowed budget before the stream refuses


class StreamOverrun(Exception):
    """Raised by the fake stream when the reader reads far more than it may."""


class FakeStream:
    """A binary, read-only stream that counts what is read and checks how."""

    def __init__(self, data=None, pattern=None, caps=None, size=1):
        self._data = data
        self._pattern = pattern
        self._caps = list(caps) if caps else None
        self._size = size
        self.pos = 0
        self.calls = 0
        self.violation = None
        self.hard_limit = None      # set by the harness: refuse to serve past this

    def _note(self, text):
        if self.violation is None:
            self.violation = text

    def read(self, n=-1):
        self.calls += 1
        if type(n) is not int:
            self._note("read(%r) called: n must be an int between 1 and size=%d"
                       % (n, self._size))
            n = -1
        elif n < 1 or n > self._size:
            self._note("read(%d) called: n must be between 1 and size=%d" % (n, self._size))
        if self._pattern is not None:
            if n < 0:
                raise StreamOverrun("read() without a size on an endless stream")
        if self._caps is not None and n > 0:
            n = min(n, self._caps[(self.calls - 1) % len(self._caps)])
        if self._pattern is not None:
            chunk = self._endless(n)
        else:
            end = len(self._data) if n < 0 else min(len(self._data), self.pos + n)
            chunk = self._data[self.pos:end]
        if self.hard_limit is not None and self.pos + len(chunk) > self.hard_limit:
            self._note("read far past what was needed (more than %d bytes)" % self.hard_limit)
            raise StreamOverrun("read far past what was needed")
        self.pos += len(chunk)
        return chunk

    def _endless(self, n):
        pat = self._pattern
        start = self.pos % len(pat)
        reps = (start + n) // len(pat) + 1
        return (pat * reps)[start:start + n]

    def readline(self, *args):
        self._note("readline() called: only read(n) may be used")
        raise StreamOverrun("readline() is not allowed")

    def readlines(self, *args):
        self._note("readlines() called: only read(n) may be used")
        raise StreamOverrun("readlines() is not allowed")

    def __iter__(self):
        self._note("the stream was iterated: only read(n) may be used")
        raise StreamOverrun("iterating the stream is not allowed")


def _chunk_needs(size, total):
    """need(k): bytes needed for chunk k (1-based); total is None for an endless stream."""
    def need(k):
        end = k * size
        return end if total is None else min(end, total)
    return need


def _record_needs(data, pattern, sep):
    """need(k): bytes needed for record k (through its separator, or the whole data)."""
    if pattern is not None:
        # Endless: the cases use patterns that contain the separator and whose separators
        # never straddle two repetitions, so every period has the same record ends.
        ends = []
        i = pattern.find(sep)
        while i != -1:
            ends.append(i + len(sep))
            i = pattern.find(sep, i + len(sep))

        def need(k):
            q, r = divmod(k - 1, len(ends))
            return q * len(pattern) + ends[r]
        return need
    ends = []
    i = data.find(sep)
    while i != -1:
        ends.append(i + len(sep))
        i = data.find(sep, i + len(sep))

    def need(k):
        if k <= len(ends):
            return ends[k - 1]
        return len(data)
    return need


def _describe(item):
    if type(item) is bytes:
        return item.decode("latin-1")
    return "<not bytes: %s>" % type(item).__name__


def _error_text(error):
    try:
        message = str(error)
    except Exception:  # noqa: BLE001
        message = "<unprintable>"
    if type(message) is not str:
        message = "<unprintable>"
    return "%s: %s" % (type(error).__name__, message)


def _make_data(case_input):
    if "data" in case_input:
        data = case_input["data"]
        if type(data) is list:
            data = "".join(text * count for text, count in data)
        return data.encode("latin-1"), None
    if "random" in case_input:
        spec = case_input["random"]
        rng = random.Random(spec["seed"])
        n = spec["n"]
        alphabet = spec.get("alphabet")
        if alphabet is None:
            return rng.randbytes(n), None
        letters = alphabet.encode("latin-1")
        table = bytes(letters[i % len(letters)] for i in range(256))
        return rng.randbytes(n).translate(table), None
    return None, case_input["endless"].encode("latin-1")


def run(solution, case_input):
    func = case_input["func"]
    size = case_input["size"]
    data, pattern = _make_data(case_input)
    stream = FakeStream(data=data, pattern=pattern, caps=case_input.get("caps"), size=size)
    total = None if data is None else len(data)

    if func == "chunks":
        need = _chunk_needs(size, total)
    else:
        sep = case_input["sep"].encode("latin-1")
        need = _record_needs(data, pattern, sep)
    stream.hard_limit = need(1) + size - 1 + _HARD_SLACK
    try:
        if func == "chunks":
            result = solution.read_chunks(stream, size)
        else:
            if case_input.get("default_size"):
                result = solution.read_records(stream, sep)
            else:
                result = solution.read_records(stream, sep, size)
    except Exception as exc:  # noqa: BLE001 - reported as an observation
        return {"returns": "raised", "error": _error_text(exc),
                "reads": stream.violation or "ok"}

    if stream.pos or stream.calls:
        stream._note("read %d bytes in %d read() calls before the first item was requested"
                     % (stream.pos, stream.calls))
    try:
        returns = "iterator" if iter(result) is result else (
            "%s (not an iterator)" % type(result).__name__)
        iterator = iter(result)
    except TypeError:
        return {"returns": "%s (not iterable)" % type(result).__name__,
                "reads": stream.violation or "ok"}

    pull = case_input.get("pull")
    items = []
    end = False
    error = None
    k = 0
    while pull is None or k < pull:
        budget = need(k + 1) + size - 1
        stream.hard_limit = budget + _HARD_SLACK
        try:
            item = next(iterator)
        except StopIteration:
            end = True
            break
        except Exception as exc:  # noqa: BLE001 - reported as an observation
            error = _error_text(exc)
            break
        k += 1
        items.append(item)
        if stream.pos > budget:
            stream._note("after item %d: %d bytes read, at most %d allowed"
                         % (k, stream.pos, budget))

    out = {"returns": returns}
    if case_input.get("summary"):
        digest = hashlib.sha256()
        count_total = 0
        for item in items:
            raw = item if type(item) is bytes else _describe(item).encode("utf-8")
            digest.update(b"%d:" % len(raw))
            digest.update(raw)
            count_total += len(raw)
        out["summary"] = {"count": len(items), "total": count_total,
                          "sha256": digest.hexdigest()}
    else:
        out["items"] = [_describe(item) for item in items]
    out["end"] = end
    out["error"] = error
    out["reads"] = stream.violation or "ok"
    return out
