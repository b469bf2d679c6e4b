# O(n) without a deque: prefix maxima and suffix maxima inside blocks of size k
# (van Herk / Gil-Werman). The window [i, i + k - 1] spans at most two blocks.
def sliding_window_max(nums, k):
    if k < 1:
        raise ValueError("k must be at least 1")
    n = len(nums)
    if k > n:
        return []
    prefix = list(nums)
    suffix = list(nums)
    for i in range(1, n):
        if i % k and prefix[i - 1] > prefix[i]:
            prefix[i] = prefix[i - 1]
    for i in range(n - 2, -1, -1):
        if (i + 1) % k and suffix[i + 1] > suffix[i]:
            suffix[i] = suffix[i + 1]
    return [max(suffix[i], prefix[i + k - 1]) for i in range(n - k + 1)]
