# Mistake: uses a strict comparison, so intervals that only touch ([1, 3] and [3, 5])
# are kept apart although they share the point 3.
def merge_intervals(intervals):
    merged = []
    for start, end in sorted(intervals):
        if merged and start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return merged
