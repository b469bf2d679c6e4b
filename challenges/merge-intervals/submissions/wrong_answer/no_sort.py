# Mistake: merges in the order given, without sorting by start first. Works when the
# input happens to be sorted, but an interval that arrives "late" is never merged with
# an earlier one, and the output is not sorted.
def merge_intervals(intervals):
    merged = []
    for start, end in intervals:
        if merged and start <= merged[-1][1] and end >= merged[-1][0]:
            merged[-1] = [min(merged[-1][0], start), max(merged[-1][1], end)]
        else:
            merged.append([start, end])
    return merged
