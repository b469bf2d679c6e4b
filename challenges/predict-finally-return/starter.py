"""Predict the output: finally and return.

Write exactly what each snippet of the statement prints between the triple quotes.
This file is read, never run: keep it to the one ANSWERS dict of string literals.
"""

ANSWERS = {
    "finally_wins": """
""",
    "return_value_is_fixed": """
""",
    "finally_swallows_exception": """
""",
    "continue_in_finally": """
""",
    "order_of_clauses": """
""",
}
