"""The snippets' real output.
"""

ANSWERS = {
    "insertion_order": """
['b', 'a', 'c']
[('a', 2), ('c', 3), ('b', 5)]
""",
    "add_during_iteration": """
RuntimeError
3
""",
    "update_values": """
{'a': 10, 'b': 20}
{'a': 10}
""",
    "delete_during_iteration": """
RuntimeError
['a', 'c']
""",
    "live_views_and_equal_keys": """
['x', 'y']
2 True
{1: 'bool'}
""",
}
