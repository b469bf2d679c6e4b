"""The snippets' real output.
"""

ANSWERS = {
    "finally_wins": """
finally
""",
    "return_value_is_fixed": """
finally sees 2
1
""",
    "finally_swallows_exception": """
swallowed
""",
    "continue_in_finally": """
2
""",
    "order_of_clauses": """
try
return expression
finally
None
""",
}
