# Mistake: treats [1, 2] and [3, 4] as touching ("no integer between them") and merges
# them, although the closed intervals share no point.
def merge_intervals(intervals):
    merged = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return merged
