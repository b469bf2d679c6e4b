# TOO SLOW: correct, but merges every new interval by scanning all intervals merged so
# far (pairwise comparisons): O(n * m) with m disjoint results, O(n^2) in the worst case.
def merge_intervals(intervals):
    merged = []
    for start, end in intervals:
        i = 0
        while i < len(merged):
            s, e = merged[i]
            if s <= end and start <= e:
                start, end = min(start, s), max(end, e)
                merged.pop(i)
            else:
                i += 1
        merged.append([start, end])
    merged.sort()
    return merged
