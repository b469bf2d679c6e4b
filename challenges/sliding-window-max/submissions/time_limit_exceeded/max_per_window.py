# TOO SLOW: correct, but takes max() of a fresh slice for every window: O(n * k),
# about 4 * 10^9 comparisons for n = 2 * 10^5 and k = 2 * 10^4.
def sliding_window_max(nums, k):
    if k < 1:
        raise ValueError("k must be at least 1")
    return [max(nums[i:i + k]) for i in range(len(nums) - k + 1)]
