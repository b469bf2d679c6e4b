import copy

original = {"tags": ["a"], "meta": {"n": 1}}
deep = copy.deepcopy(original)
deep["tags"].append("b")
deep["meta"]["n"] = 2
print(original)
print(deep)
