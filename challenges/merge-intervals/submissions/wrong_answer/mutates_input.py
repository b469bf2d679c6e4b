# Mistake: appends the caller's own [start, end] lists to the result and then extends
# them in place (merged[-1][1] = ...), so the input list is silently modified.
def merge_intervals(intervals):
    merged = []
    for interval in sorted(intervals, key=lambda pair: pair[0]):
        if merged and interval[0] <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], interval[1])
        else:
            merged.append(interval)
    return merged
