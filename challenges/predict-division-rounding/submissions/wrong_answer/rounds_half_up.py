"""Believes round() rounds halves up, as taught at school.
"""

ANSWERS = {
    "floor_division": """
3 -4
1 2
-3 -4.0
""",
    "bankers_rounding": """
1 2 3 4
-1 -2
""",
    "binary_floats": """
2.68
False
True
""",
    "true_division": """
2.0 float
0.5 10
(-3, 3)
""",
    "float_to_int": """
[2, -2]
[2, -3]
[3, -2]
[3, -3]
""",
}
