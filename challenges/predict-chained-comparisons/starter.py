"""Predict the output: chained comparisons.

Write exactly what each snippet of the statement prints between the triple quotes.
This file is read, never run: keep it to the one ANSWERS dict of string literals.
"""

ANSWERS = {
    "chains": """
""",
    "parenthesised": """
""",
    "evaluated_once": """
""",
    "short_circuit": """
""",
    "mixed_operators": """
""",
}
