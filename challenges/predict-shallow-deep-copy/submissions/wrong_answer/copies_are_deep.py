"""Believes copy.copy, slices and dict.copy copy the nested objects too.
"""

ANSWERS = {
    "shallow_copy": """
[[1, 2], [3]]
[[1, 2, 99], [3], [4]]
""",
    "deep_copy": """
{'tags': ['a'], 'meta': {'n': 1}}
{'tags': ['a', 'b'], 'meta': {'n': 2}}
""",
    "slices_are_shallow": """
[[0, 0], [0, 0]]
False False
""",
    "deepcopy_keeps_sharing": """
[[0, 1], [0, 1]]
True False
""",
    "dict_copy": """
{'level': 1, 'handlers': ['console']}
False
""",
}
