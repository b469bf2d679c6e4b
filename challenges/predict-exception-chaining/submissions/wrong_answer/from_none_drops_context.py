"""Believes `from None` erases the context and `except ... as` restores the old name.
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
NoneType
True
""",
    "exception_name_cleared": """
before
""",
    "exception_in_finally": """
OSError cleanup failed
ValueError original
""",
}
