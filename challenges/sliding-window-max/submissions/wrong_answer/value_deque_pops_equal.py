# Mistake: keeps VALUES (not indices) in the deque and pops values that are <= the new
# one. Equal values collapse into one entry, so when the older copy leaves the window
# ("front == outgoing value") the copy that is still inside is gone too.
from collections import deque


def sliding_window_max(nums, k):
    if k < 1:
        raise ValueError("k must be at least 1")
    result = []
    window = deque()
    for i, value in enumerate(nums):
        if i >= k and window and window[0] == nums[i - k]:
            window.popleft()
        while window and window[-1] <= value:
            window.pop()
        window.append(value)
        if i >= k - 1:
            result.append(window[0])
    return result
