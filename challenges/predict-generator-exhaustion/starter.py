"""Predict the output: generator exhaustion.

Write exactly what each snippet of the statement prints between the triple quotes.
This file is read, never run: keep it to the one ANSWERS dict of string literals.
"""

ANSWERS = {
    "iterate_twice": """
""",
    "membership_consumes": """
""",
    "zip_same_iterator": """
""",
    "sum_then_max": """
""",
    "runs_lazily": """
""",
}
