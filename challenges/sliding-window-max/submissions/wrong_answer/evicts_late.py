# Mistake: off-by-one in the eviction test (window[0] < i - k instead of <= i - k), so
# an index stays one step too long: the "window" is really k + 1 items wide.
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
        if window[0] < i - k:
            window.popleft()
        if i >= k - 1:
            result.append(nums[window[0]])
    return result
