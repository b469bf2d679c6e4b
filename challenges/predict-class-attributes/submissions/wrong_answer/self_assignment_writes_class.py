"""Believes `self.x += 1` updates the class attribute.
"""

ANSWERS = {
    "shadowing": """
1 1 1
10 10
""",
    "shared_list": """
['ann', 'bob']
True
""",
    "delete_instance_attribute": """
True False
False
False
""",
    "increment_in_init": """
1 1
3
""",
    "subclass_lookup": """
base
changed
own again
""",
}
