"""Predict the output: *args and **kwargs.

Write exactly what each snippet of the statement prints between the triple quotes.
This file is read, never run: keep it to the one ANSWERS dict of string literals.
"""

ANSWERS = {
    "collect": """
""",
    "keyword_only": """
""",
    "duplicate_argument": """
""",
    "starred_assignment": """
""",
    "merge_order": """
""",
}
