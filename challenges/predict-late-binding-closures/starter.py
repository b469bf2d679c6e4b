"""Predict the output: late-binding closures.

Write exactly what each snippet of the statement prints between the triple quotes.
This file is read, never run: keep it to the one ANSWERS dict of string literals.
"""

ANSWERS = {
    "lambdas_in_loop": """
""",
    "default_argument_binds": """
""",
    "comprehension_scope": """
""",
    "rebinding_after": """
""",
    "partial_binds_now": """
""",
}
