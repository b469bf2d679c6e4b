# Mistake: never validates k, so k = 0 or a negative k does not raise ValueError (it
# crashes with an IndexError or returns garbage instead).
from collections import deque


def sliding_window_max(nums, k):
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
