# Mistake: keeps a "current" interval and only appends it when a gap is found, but
# forgets to append the last current interval after the loop.
def merge_intervals(intervals):
    ordered = sorted(intervals)
    if not ordered:
        return []
    result = []
    cur_start, cur_end = ordered[0]
    for start, end in ordered[1:]:
        if start <= cur_end:
            cur_end = max(cur_end, end)
        else:
            result.append([cur_start, cur_end])
            cur_start, cur_end = start, end
    return result
