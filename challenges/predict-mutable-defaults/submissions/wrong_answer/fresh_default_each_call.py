"""Believes a default is built afresh at every call.
"""

ANSWERS = {
    "append_twice": """
[1]
[2]
[3]
[4]
""",
    "same_object": """
False
['a']
([],)
""",
    "none_sentinel": """
[1]
[2]
""",
    "dict_default_counter": """
1 1 1
1
1
""",
    "default_evaluated_once": """
1 2 10
2
""",
}
