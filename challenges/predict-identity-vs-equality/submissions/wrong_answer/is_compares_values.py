"""Believes `is` compares values and containers compare with `==` only.
"""

ANSWERS = {
    "equal_lists": """
True True
True
[1, 2, 3, 4]
""",
    "custom_eq_and_none": """
True
False
True
""",
    "nan_identity": """
False
True
False
False
""",
    "small_int_cache": """
True True
True True
""",
    "aliased_rows": """
[[1, 0, 0], [1, 0, 0], [1, 0, 0]]
True
[[1, 0, 0], [0, 0, 0], [0, 0, 0]]
""",
}
