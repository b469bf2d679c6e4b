"""Believes a < b < c means (a < b) < c, as in C.
"""

ANSWERS = {
    "chains": """
True
False
False
""",
    "parenthesised": """
False
False
False
False
""",
    "evaluated_once": """
called
True
called
called
True
""",
    "short_circuit": """
eval 3
eval 2
eval 1
True
""",
    "mixed_operators": """
True
False
True
""",
}
