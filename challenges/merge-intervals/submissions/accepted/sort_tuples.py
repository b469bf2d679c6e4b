# Sorts (start, end) tuples and builds the answer from fresh lists: O(n log n).
def merge_intervals(intervals):
    result = []
    cur_start = cur_end = None
    for start, end in sorted((s, e) for s, e in intervals):
        if cur_end is not None and start <= cur_end:
            cur_end = max(cur_end, end)
            continue
        if cur_end is not None:
            result.append([cur_start, cur_end])
        cur_start, cur_end = start, end
    if cur_end is not None:
        result.append([cur_start, cur_end])
    return result
