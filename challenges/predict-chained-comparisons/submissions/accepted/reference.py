"""The snippets' real output.
"""

ANSWERS = {
    "chains": """
True
True
False
""",
    "parenthesised": """
True
False
True
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
False
""",
    "mixed_operators": """
True
False
True
""",
}
