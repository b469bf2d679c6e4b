"""The snippets' real output.
"""

ANSWERS = {
    "lambdas_in_loop": """
[2, 2, 2]
""",
    "default_argument_binds": """
[0, 10, 20]
70
""",
    "comprehension_scope": """
ccc
ccc
""",
    "rebinding_after": """
2
""",
    "partial_binds_now": """
[20, 30, 30, 30]
""",
}
