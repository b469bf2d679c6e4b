# Mistake: starts each window's running maximum at 0 instead of the first item, so a
# window of negative numbers reports 0. (Also O(n * k).)
def sliding_window_max(nums, k):
    if k < 1:
        raise ValueError("k must be at least 1")
    result = []
    for start in range(len(nums) - k + 1):
        best = 0
        for value in nums[start:start + k]:
            if value > best:
                best = value
        result.append(best)
    return result
