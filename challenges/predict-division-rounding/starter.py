"""Predict the output: division and rounding.

Write exactly what each snippet of the statement prints between the triple quotes.
This file is read, never run: keep it to the one ANSWERS dict of string literals.
"""

ANSWERS = {
    "floor_division": """
""",
    "bankers_rounding": """
""",
    "binary_floats": """
""",
    "true_division": """
""",
    "float_to_int": """
""",
}
