"""The snippets' real output.
"""

ANSWERS = {
    "equal_lists": """
True False
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
True
True
""",
    "small_int_cache": """
True True
True False
""",
    "aliased_rows": """
[[1, 0, 0], [1, 0, 0], [1, 0, 0]]
True
[[1, 0, 0], [0, 0, 0], [0, 0, 0]]
""",
}
