"""Predict the output: dict order and mutation.

Write exactly what each snippet of the statement prints between the triple quotes.
This file is read, never run: keep it to the one ANSWERS dict of string literals.
"""

ANSWERS = {
    "insertion_order": """
""",
    "add_during_iteration": """
""",
    "update_values": """
""",
    "delete_during_iteration": """
""",
    "live_views_and_equal_keys": """
""",
}
