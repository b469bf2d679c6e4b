d = {"x": 1}
keys = d.keys()
d["y"] = 2
print(list(keys))
print(len(keys), "y" in keys)
print({1: "int", 1.0: "float", True: "bool"})
