"""The snippets' real output.
"""

ANSWERS = {
    "collect": """
(1, 2) {'key': 'v'}
(1, 2, 'a', 'b') {}
() {'a': 1, 'b': 2}
""",
    "keyword_only": """
(1, (2, 3), False, {})
(1, (), True, {'other': 4})
(0, (1, 2), 1, {})
""",
    "duplicate_argument": """
TypeError
4
7
""",
    "starred_assignment": """
0 [1, 2, 3] 4
x []
[1, 2]
""",
    "merge_order": """
{'color': 'red', 'size': 3}
{'size': 1, 'color': 'red'}
{'color': 'red', 'size': 5, 'shape': 'box'}
""",
}
