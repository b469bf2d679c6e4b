"""Custom harness for the graph-bfs-shortest-path challenge.

Input schema (``case_input`` is a dict with exactly one of these shapes):

    {"n": int, "edges": [[u, v], ...], "source": int, "target": int}
        calls shortest_path(n, edges, source, target) with fresh lists
        -> {"path": [int, ...]} or {"path": null}

    {"generate": {"shape": SHAPE, "seed": int, ...shape options}}
        builds a large graph from the seed (see ``_generate``, which also picks the
        source and the target), calls shortest_path(n, edges, source, target)
        -> {"path": null}   when the candidate returns None
        -> {"length": int, "head": [first 10 nodes], "tail": [last 10 nodes],
            "checksum": str}   for a list (length = number of edges on the path)

  SHAPE:
    "random" {"n", "m"}: m edges with uniform random ends (self-loops and repeats
             included); source and target are two random nodes
    "halves" {"n", "m"}: like "random", but every edge joins two nodes of the same
             parity, so an even source never reaches an odd target
    "grid"   {"rows", "cols", "keep"}: a grid with each edge kept with probability
             keep/100; nodes carry shuffled labels; from corner (0, 0) to the opposite
             corner
    "layers" {"layers", "width", "degree"}: source, then `layers` layers of `width`
             nodes, then target; every node of a layer gets `degree` random edges to
             the next layer, and the first (last) layer is fully joined to the source
             (target); shuffled labels, so many shortest paths tie
    "line"   {"n", "chords"}: a path through all n nodes in shuffled order plus a few
             random chords; from one end of the path to the other
  Every generated edge list is in a seeded random order.

An exception raised by the candidate is reported as {"raised": "<type name>"} and a
result that is neither None nor a list of ints as {"error": ...}, so both are wrong
answers rather than crashes. Everything returned is rebuilt from plain ints and lists.
"""

import hashlib
import random
import struct


def _u32(seed, count):
    """``count`` seeded pseudo-random unsigned 32-bit ints (stable across Python versions)."""
    data = random.Random(seed).randbytes(4 * count)
    return struct.unpack("<%dI" % count, data)


def _permutation(n, seed):
    keys = _u32(seed, n)
    return sorted(range(n), key=keys.__getitem__)


def _shuffled(items, seed):
    return [items[i] for i in _permutation(len(items), seed)]


def _generate(spec):
    """Return (n, edges, source, target)."""
    shape = spec["shape"]
    seed = spec["seed"]
    if shape in ("random", "halves"):
        n, m = spec["n"], spec["m"]
        raw = _u32(seed, 2 * m + 2)
        if shape == "random":
            edges = [[a % n, b % n] for a, b in zip(raw[0:2 * m:2], raw[1:2 * m:2])]
            return n, edges, raw[-2] % n, raw[-1] % n
        half = n // 2
        edges = [[2 * (a % half) + (b & 1), 2 * ((b >> 1) % half) + (b & 1)]
                 for a, b in zip(raw[0:2 * m:2], raw[1:2 * m:2])]
        return n, edges, 2 * (raw[-2] % half), 2 * (raw[-1] % half) + 1
    if shape == "grid":
        rows, cols, keep = spec["rows"], spec["cols"], spec["keep"]
        n = rows * cols
        label = _permutation(n, seed)
        right = _u32(seed + 1, n)
        down = _u32(seed + 3, n)
        edges = [[label[cell], label[cell + 1]] for cell in range(n)
                 if cell % cols != cols - 1 and right[cell] % 100 < keep]
        edges += [[label[cell + cols], label[cell]] for cell in range(n - cols)
                  if down[cell] % 100 < keep]
        return n, _shuffled(edges, seed + 2), label[0], label[n - 1]
    if shape == "layers":
        layers, width, degree = spec["layers"], spec["width"], spec["degree"]
        n = layers * width + 2
        label = _permutation(n, seed)
        source, target = label[n - 2], label[n - 1]
        raw = _u32(seed + 1, (layers - 1) * width * degree)
        edges = [[source, label[i]] for i in range(width)]
        edges += [[label[(layers - 1) * width + i], target] for i in range(width)]
        # edge number e starts at node e // degree (of layers 0 .. layers-2) and ends at
        # a random node of the next layer
        edges += [[label[e // degree], label[(e // degree // width + 1) * width + x % width]]
                  for e, x in enumerate(raw)]
        return n, _shuffled(edges, seed + 2), source, target
    if shape == "line":
        n, chords = spec["n"], spec["chords"]
        label = _permutation(n, seed)
        raw = _u32(seed + 1, 2 * chords)
        edges = [[label[i], label[i + 1]] for i in range(n - 1)]
        edges += [[label[a % n], label[b % n]] for a, b in zip(raw[0::2], raw[1::2])]
        return n, _shuffled(edges, seed + 2), label[0], label[n - 1]
    raise ValueError("unknown shape %r" % (shape,))


def _checksum(path):
    """First 16 hex digits of the SHA-256 of the repr of the whole (plain) path."""
    return hashlib.sha256(repr(path).encode("ascii")).hexdigest()[:16]


def _call(solution, n, edges, source, target):
    """Return (failure observation, None) or (None, plain path or None)."""
    try:
        result = solution.shortest_path(n, edges, source, target)
    except Exception as error:  # noqa: BLE001 - reported as an observation
        return {"raised": type(error).__name__}, None
    if result is None:
        return None, None
    if type(result) not in (list, tuple):
        kind = type(result)
        if kind in (int, bool, str):
            return {"path": result}, None
        return {"error": "result is a %s, not a list or None" % kind.__name__}, None
    if not {type(node) for node in result} <= {int}:
        return {"error": "the path holds something that is not an int"}, None
    return None, [int(node) for node in result]


def run(solution, case_input):
    if "generate" in case_input:
        n, edges, source, target = _generate(case_input["generate"])
        failure, path = _call(solution, n, edges, source, target)
        if failure is not None:
            return failure
        if path is None:
            return {"path": None}
        return {
            "length": len(path) - 1,
            "head": path[:10],
            "tail": path[-10:],
            "checksum": _checksum(path),
        }

    edges = [list(edge) for edge in case_input["edges"]]
    failure, path = _call(solution, case_input["n"], edges, case_input["source"],
                          case_input["target"])
    if failure is not None:
        return failure
    return {"path": path}
