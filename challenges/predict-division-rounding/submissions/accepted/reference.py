"""The snippets' real output.
"""

ANSWERS = {
    "floor_division": """
3 -4
1 2
-3 -4.0
""",
    "bankers_rounding": """
0 2 2 4
0 -2
""",
    "binary_floats": """
2.67
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
