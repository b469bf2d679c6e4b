"""Predict the output: MRO and super().

Write exactly what each snippet of the statement prints between the triple quotes.
This file is read, never run: keep it to the one ANSWERS dict of string literals.
"""

ANSWERS = {
    "diamond": """
""",
    "init_chain": """
""",
    "non_cooperative": """
""",
    "super_with_arguments": """
""",
    "inconsistent_mro": """
""",
}
