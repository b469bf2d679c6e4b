def merge_intervals(intervals):
    """Merge overlapping (or touching) closed intervals.

    ``intervals`` is a list of [start, end] lists of ints with start <= end, in any
    order. Return a new list of disjoint [start, end] lists sorted by start, in which
    every two intervals of the input that share at least one point are merged.
    Do not modify ``intervals`` or the lists inside it.
    """
    raise NotImplementedError("merge_intervals is not implemented yet")
