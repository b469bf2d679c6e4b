"""Predict the output: class and instance attributes.

Write exactly what each snippet of the statement prints between the triple quotes.
This file is read, never run: keep it to the one ANSWERS dict of string literals.
"""

ANSWERS = {
    "shadowing": """
""",
    "shared_list": """
""",
    "delete_instance_attribute": """
""",
    "increment_in_init": """
""",
    "subclass_lookup": """
""",
}
