"""The snippets' real output.
"""

ANSWERS = {
    "append_twice": """
[1]
[1, 2]
[3]
[1, 2, 4]
""",
    "same_object": """
True
['a', 'b']
(['a', 'b'],)
""",
    "none_sentinel": """
[1]
[2]
""",
    "dict_default_counter": """
1 1 2
1
3
""",
    "default_evaluated_once": """
1 1 10
1
""",
}
