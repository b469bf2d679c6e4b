"""The snippets' real output.
"""

ANSWERS = {
    "iterate_twice": """
[0, 1, 4, 9]
[]
""",
    "membership_consumes": """
True
[4, 5]
""",
    "zip_same_iterator": """
[('a', 'b'), ('c', 'd'), ('e', 'f')]
""",
    "sum_then_max": """
12
empty
12 6
""",
    "runs_lazily": """
created
start
1
middle
2
end
""",
}
