d = {"b": 1, "a": 2}
d["c"] = 3
d["b"] = 4
print(list(d))
del d["b"]
d["b"] = 5
print(list(d.items()))
