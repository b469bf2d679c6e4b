"""The snippets' real output.
"""

ANSWERS = {
    "implicit_context": """
ZeroDivisionError
None
False
""",
    "explicit_cause": """
KeyError 'key'
True
True
""",
    "from_none": """
None
ValueError
True
""",
    "exception_name_cleared": """
NameError
""",
    "exception_in_finally": """
OSError cleanup failed
ValueError original
""",
}
