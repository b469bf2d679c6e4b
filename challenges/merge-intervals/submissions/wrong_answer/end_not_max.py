# Mistake: when merging, overwrites the end with the new interval's end instead of
# taking the maximum, so an interval nested inside the previous one shrinks it.
def merge_intervals(intervals):
    merged = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = end
        else:
            merged.append([start, end])
    return merged
