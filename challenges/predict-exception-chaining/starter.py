"""Predict the output: exception chaining.

Write exactly what each snippet of the statement prints between the triple quotes.
This file is read, never run: keep it to the one ANSWERS dict of string literals.
"""

ANSWERS = {
    "implicit_context": """
""",
    "explicit_cause": """
""",
    "from_none": """
""",
    "exception_name_cleared": """
""",
    "exception_in_finally": """
""",
}
