"""Believes super() calls the class's own base class.
"""

ANSWERS = {
    "diamond": """
['Child', 'Left', 'Base']
['Child', 'Left', 'Base', 'Right', 'object']
""",
    "init_chain": """
D
C
A
""",
    "non_cooperative": """
Service.setup
Cache.setup
Logger.setup
Logger.setup
""",
    "super_with_arguments": """
C/B
""",
    "inconsistent_mro": """
TypeError
['A', 'X', 'Y', 'object']
""",
}
