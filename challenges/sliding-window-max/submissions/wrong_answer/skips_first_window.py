# Mistake: off-by-one in the window count: starts reporting at i >= k instead of
# i >= k - 1, so the first window is missing (len(nums) - k results, not len(nums) - k + 1).
from collections import deque


def sliding_window_max(nums, k):
    if k < 1:
        raise ValueError("k must be at least 1")
    result = []
    window = deque()
    for i, value in enumerate(nums):
        while window and nums[window[-1]] <= value:
            window.pop()
        window.append(i)
        if window[0] <= i - k:
            window.popleft()
        if i >= k:
            result.append(nums[window[0]])
    return result
