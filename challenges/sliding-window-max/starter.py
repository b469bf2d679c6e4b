def sliding_window_max(nums, k):
    """Return the maximum of every window of ``k`` consecutive items of ``nums``.

    The result has len(nums) - k + 1 items (the window starting at index 0 first),
    or is [] when len(nums) < k. Raise ValueError when k < 1.
    Do not modify ``nums``.
    """
    raise NotImplementedError("sliding_window_max is not implemented yet")
