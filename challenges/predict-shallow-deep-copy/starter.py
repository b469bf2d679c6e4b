"""Predict the output: shallow and deep copies.

Write exactly what each snippet of the statement prints between the triple quotes.
This file is read, never run: keep it to the one ANSWERS dict of string literals.
"""

ANSWERS = {
    "shallow_copy": """
""",
    "deep_copy": """
""",
    "slices_are_shallow": """
""",
    "deepcopy_keeps_sharing": """
""",
    "dict_copy": """
""",
}
