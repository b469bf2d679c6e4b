"""Believes a generator starts over each time it is iterated, and runs when it is made.
"""

ANSWERS = {
    "iterate_twice": """
[0, 1, 4, 9]
[0, 1, 4, 9]
""",
    "membership_consumes": """
True
[1, 2, 3, 4, 5]
""",
    "zip_same_iterator": """
[('a', 'b'), ('c', 'd'), ('e', 'f')]
""",
    "sum_then_max": """
12
6
12 6
""",
    "runs_lazily": """
start
created
1
middle
2
end
""",
}
