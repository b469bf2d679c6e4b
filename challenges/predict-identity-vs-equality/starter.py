"""Predict the output: is vs ==.

Write exactly what each snippet of the statement prints between the triple quotes.
This file is read, never run: keep it to the one ANSWERS dict of string literals.
"""

ANSWERS = {
    "equal_lists": """
""",
    "custom_eq_and_none": """
""",
    "nan_identity": """
""",
    "small_int_cache": """
""",
    "aliased_rows": """
""",
}
