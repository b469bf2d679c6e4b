"""Believes a closure captures the variable's value when it is made.
"""

ANSWERS = {
    "lambdas_in_loop": """
[0, 1, 2]
""",
    "default_argument_binds": """
[0, 10, 20]
70
""",
    "comprehension_scope": """
abc
abc
""",
    "rebinding_after": """
1
""",
    "partial_binds_now": """
[20, 20, 30, 30]
""",
}
