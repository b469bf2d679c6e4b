d = {"a": 1, "b": 2}
try:
    for key in d:
        d[key + "!"] = 0
except RuntimeError:
    print("RuntimeError")
print(len(d))
