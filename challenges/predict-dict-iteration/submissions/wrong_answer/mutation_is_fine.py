"""Believes a dict may grow while iterated, and views are snapshots.
"""

ANSWERS = {
    "insertion_order": """
['b', 'a', 'c']
[('a', 2), ('c', 3), ('b', 5)]
""",
    "add_during_iteration": """
4
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
['x']
1 False
{1: 'int', 1.0: 'float', True: 'bool'}
""",
}
