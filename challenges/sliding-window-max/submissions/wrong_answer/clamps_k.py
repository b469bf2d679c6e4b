# Mistake: "defensively" clamps k to len(nums), so a window larger than the list gives
# [max(nums)] instead of [] (there is no complete window).
from collections import deque


def sliding_window_max(nums, k):
    if k < 1:
        raise ValueError("k must be at least 1")
    k = min(k, len(nums))
    result = []
    window = deque()
    for i, value in enumerate(nums):
        while window and nums[window[-1]] <= value:
            window.pop()
        window.append(i)
        if window[0] <= i - k:
            window.popleft()
        if i >= k - 1:
            result.append(nums[window[0]])
    return result
