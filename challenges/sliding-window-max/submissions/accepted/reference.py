from collections import deque


def sliding_window_max(nums, k):
    """Maximum of every window of k consecutive items: monotonic deque, O(n)."""
    if k < 1:
        raise ValueError("k must be at least 1")
    result = []
    window = deque()  # indices; their values are strictly decreasing front to back
    for i, value in enumerate(nums):
        while window and nums[window[-1]] <= value:
            window.pop()
        window.append(i)
        if window[0] <= i - k:
            window.popleft()
        if i >= k - 1:
            result.append(nums[window[0]])
    return result
