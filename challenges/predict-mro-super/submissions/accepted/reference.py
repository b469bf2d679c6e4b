"""The snippets' real output.
"""

ANSWERS = {
    "diamond": """
['Child', 'Left', 'Right', 'Base']
['Child', 'Left', 'Right', 'Base', 'object']
""",
    "init_chain": """
D
C
B
A
""",
    "non_cooperative": """
Service.setup
Cache.setup
Logger.setup
Logger.setup
""",
    "super_with_arguments": """
C/A
""",
    "inconsistent_mro": """
TypeError
['A', 'X', 'Y', 'object']
""",
}
