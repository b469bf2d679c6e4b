"""Believes a return in try leaves at once, whatever finally does.
"""

ANSWERS = {
    "finally_wins": """
try
""",
    "return_value_is_fixed": """
finally sees 2
1
""",
    "finally_swallows_exception": """
swallowed
""",
    "continue_in_finally": """
0
""",
    "order_of_clauses": """
try
return expression
else
finally
None
""",
}
