"""Predict the output: mutable default arguments.

Write exactly what each snippet of the statement prints between the triple quotes.
This file is read, never run: keep it to the one ANSWERS dict of string literals.
"""

ANSWERS = {
    "append_twice": """
""",
    "same_object": """
""",
    "none_sentinel": """
""",
    "dict_default_counter": """
""",
    "default_evaluated_once": """
""",
}
