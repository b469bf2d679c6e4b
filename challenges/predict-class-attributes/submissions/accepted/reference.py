"""The snippets' real output.
"""

ANSWERS = {
    "shadowing": """
1 0 0
1 10
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
1 0
1
""",
    "subclass_lookup": """
base
changed
own again
""",
}
